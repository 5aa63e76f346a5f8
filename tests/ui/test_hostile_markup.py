"""File names and document text never act as markup in any tooltip or label (issue 12, item 13).

Qt guesses rich text for tooltips and for labels left in ``AutoText``: a file called
``<h1>…<img src=…>.txt`` in the skipped-files tooltip rendered as a heading and loaded the image.
The test opens the real window on a corpus whose names and titles are markup, goes where a user
goes (search, open the article, timeline, concordance), and renders every tooltip, label and
item tooltip the way Qt would: the markup must come out as the literal characters.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QAbstractItemView, QLabel, QWidget

from tests.ui.windows import make_window

MARK = "<img src=probe.png>"
HEADING = "<h1>BIG<b>"  # no "/": it must fit in a file name


def _corpus(root: Path) -> Path:
    root.mkdir()
    name = f"{HEADING}{MARK}"
    (root / f"{name}.txt").write_text(
        f"{HEADING} Zanzibar talks {MARK} resume\n\n"
        "March 3, 2021\n\n"
        "Negotiators met in Zanzibar on Tuesday to resume the talks that stalled last year, "
        f"officials said, and the <b>bold</b> {MARK} claims were denied.\n\n"
        "The Zanzibar delegation said it expected an agreement before the end of the month.\n",
        encoding="utf-8",
    )
    (root / f"{HEADING}skipped{MARK}.txt").write_bytes(b"\x00\x01\x02binary\x00" * 200)
    (root / "metadata.csv").write_text(
        f"file,segment,title\nnot-there{MARK}.txt,1,{HEADING}\n", encoding="utf-8"
    )
    return root


def _rendered(text: str, fmt: Qt.TextFormat = Qt.TextFormat.AutoText) -> str:
    """What the user sees for ``text`` where Qt decides between plain and rich text."""
    rich = fmt == Qt.TextFormat.RichText or (
        fmt == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text)
    )
    if not rich:
        return text
    doc = QTextDocument()
    doc.setHtml(text)
    return doc.toPlainText()


def _model_tooltips(model: QAbstractItemModel, parent: QModelIndex | None = None) -> Iterator[str]:
    parent = parent if parent is not None else QModelIndex()
    for row in range(min(model.rowCount(parent), 200)):
        for column in range(model.columnCount(parent)):
            index = model.index(row, column, parent)
            tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
            if isinstance(tip, str):
                yield tip
            if column == 0 and model.rowCount(index) > 0:
                yield from _model_tooltips(model, index)


def _shown_strings(window: QWidget) -> Iterator[tuple[str, str]]:
    """(where, as rendered) for every tooltip and label text of the window."""
    widgets = [window, *window.findChildren(QWidget)]
    for widget in widgets:
        where = f"{type(widget).__name__} {widget.objectName()}"
        if widget.toolTip():
            yield f"tooltip of {where}", _rendered(widget.toolTip())
        for action in widget.actions():
            if action.toolTip():
                yield f"tooltip of action {action.text()!r}", _rendered(action.toolTip())
        if isinstance(widget, QLabel) and widget.text():
            yield f"label {where}", _rendered(widget.text(), widget.textFormat())
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            for tip in _model_tooltips(widget.model()):
                yield f"item tooltip in {where}", _rendered(tip)


@pytest.fixture()
def hostile_window(qtbot, tmp_path: Path):
    window = make_window(qtbot, _corpus(tmp_path / f"{HEADING}corpus{MARK}"))
    window.search.search_field.setText("Zanzibar")
    qtbot.waitUntil(lambda: window.search.current_response() is not None, timeout=10_000)
    response = window.search.current_response()
    assert response.total >= 1
    hit = response.hits[0]
    window.search.resultActivated.emit(hit.id, hit.matches)
    assert window.tabs.current_tab() is not None
    window.show_concordance()
    qtbot.waitUntil(lambda: window.concordance.model.rowCount() > 0, timeout=10_000)
    return window


def test_markup_in_names_and_text_is_shown_literally_everywhere(hostile_window):
    shown = list(_shown_strings(hostile_window))
    assert any(MARK in text for _, text in shown), "the hostile names are shown somewhere"
    rendered_away = [
        where for where, text in shown
        if ("probe.png" in text and MARK not in text) or ("BIG" in text and HEADING not in text)
    ]
    assert rendered_away == []


def test_the_skipped_file_is_named_literally_in_the_count_tooltip(hostile_window):
    tip = _rendered(hostile_window.count_label.toolTip())
    assert f"{HEADING}skipped{MARK}.txt" in tip


def test_corpus_problems_window_lists_every_problem_as_plain_text(hostile_window, qtbot):
    button = hostile_window.problems_button
    assert button.isVisible() and button.text() == "⚠ 2 problems"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = hostile_window.problems_dialog
    assert dialog is not None and dialog.isVisible()
    text = dialog.text.toPlainText()
    assert f"{HEADING}skipped{MARK}.txt: binary content" in text
    assert f"not-there{MARK}.txt" in text
    assert "Files skipped (1)" in text
