"""Tooltips and message boxes whose text is always plain: it often holds a file name or document text.

Qt guesses rich text for tooltips and for ``QMessageBox.warning`` (``Qt::mightBeRichText``), so a
file named ``<img src=…>.txt`` in an error or a title such as ``<h1>…`` would be rendered and its
resources loaded. Putting our own words on the first line is not enough (the guess looks there,
and an article id on that line comes from a file name), so everything goes through here.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` literally: every character HTML treats specially is escaped."""
    return "<qt>" + html.escape(text, quote=False).replace("\n", "<br>") + "</qt>"


def warn(parent: QWidget | None, text: str, title: str = "Corpus Reader") -> None:
    """A modal warning with ``text`` shown literally."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()
