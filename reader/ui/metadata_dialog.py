"""Correct an article's details (date, title, outlet, language, byline) when ingest got them wrong.

Why a dialog of its own rather than editable header labels: a correction overrides what ingest
read from the file, survives every re-scan (it lives in the annotation store, see
``Store.set_correction``) and changes where the article sits in the timeline, so it deserves a
deliberate "OK". The dialog shows what ingest found next to each field, so the reader can see what
they are overriding and put it back ("Use ingest value" clears the correction).

The dialog only collects the changes (:meth:`MetadataDialog.changes`); the window writes them to
the store and re-applies corrections to the documents it shows. It is opened with ``open()``,
never ``exec()``, so nothing blocks the event loop (or a test).
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.ingest.model import Document
from reader.text.script import direction_of
from reader.ui.reading.labels import date_label
from reader.ui.search_panel import INVALID_DATE_STYLE, normalise_date

__all__ = ["FIELDS", "LANGUAGES", "MetadataDialog", "ingest_value"]

FIELDS = ("date", "title", "outlet", "byline", "language")
LANGUAGES = (("en", "English"), ("ar", "Arabic"), ("mixed", "English and Arabic"), ("other", "Other"))
FIELD_LABELS = {
    "date": "Date", "title": "Title", "outlet": "Outlet", "byline": "Byline", "language": "Language",
}  # fmt: skip


def _isolate(text: str) -> str:
    return f"\u2068{text}\u2069"


def ingest_value(doc: Document, field: str) -> str:
    """The value of ``field`` as ingest read it ("" for none), in the form a correction is written."""
    if field == "date":
        return doc.date.value or ""
    value = getattr(doc, field)
    return value or ""


class MetadataDialog(QDialog):
    """Edit the five correctable fields of one article.

    ``original`` is the document as ingest produced it; ``corrections`` the user's current
    corrections of it (field -> value, from ``Store.corrections()``). Untouched fields are never
    written, so opening and pressing OK changes nothing.
    """

    def __init__(
        self,
        original: Document,
        corrections: Mapping[str, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit Article Details")
        self.original = original
        self.corrections = dict(corrections or {})
        self._cleared: set[str] = set()
        self.edits: dict[str, QLineEdit] = {}
        self.reset_buttons: dict[str, QToolButton] = {}
        self._initial: dict[str, str] = {}

        intro = QLabel(
            "Your corrections replace what was read from the file, in the header, the timeline and "
            "note filters, and they survive re-scans."
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)

        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        row = 0
        for field in FIELDS:
            label = QLabel(FIELD_LABELS[field])
            label.setTextFormat(Qt.TextFormat.PlainText)
            current = self.corrections.get(field, ingest_value(original, field))
            if field == "language":
                self.language_combo = QComboBox()
                for value, name in LANGUAGES:
                    self.language_combo.addItem(name, value)
                self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(current)))
                self.language_combo.currentIndexChanged.connect(lambda _i: self._validate())
                editor: QWidget = self.language_combo
            else:
                edit = QLineEdit(current)
                edit.setClearButtonEnabled(True)
                if field == "date":
                    edit.setPlaceholderText("YYYY-MM-DD, YYYY-MM or YYYY; empty = no date")
                    edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
                else:
                    # Arabic titles and names are typed and shown right-to-left.
                    rtl = direction_of(current) == "rtl" if current else False
                    edit.setLayoutDirection(
                        Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
                    )
                    edit.setPlaceholderText("none" if field != "title" else "")
                edit.setCursorPosition(0)  # a long title shows its beginning
                edit.textChanged.connect(lambda _t: self._validate())
                self.edits[field] = edit
                editor = edit
            reset = QToolButton()
            reset.setText("Use ingest value")
            reset.setAutoRaise(True)
            reset.setToolTip("Forget your correction and use what was read from the file")
            reset.clicked.connect(lambda _c=False, f=field: self.reset(f))
            reset.setVisible(field in self.corrections)
            self.reset_buttons[field] = reset
            found = QLabel(self._found_text(field))
            found.setTextFormat(Qt.TextFormat.PlainText)
            found.setEnabled(False)  # muted: it is context, not a field
            found.setWordWrap(True)
            grid.addWidget(label, row, 0)
            grid.addWidget(editor, row, 1)
            grid.addWidget(reset, row, 2)
            grid.addWidget(found, row + 1, 1, 1, 2)
            row += 2
        grid.setColumnStretch(1, 1)

        self.error_label = QLabel()
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #c0392b;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addSpacing(6)
        layout.addLayout(grid)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        # The wrapped intro is as tall as its width needs: size the dialog for 560 px, not for
        # the narrower width adjustSize() would guess (which left gaps between the rows).
        self.error_label.hide()
        height = layout.totalHeightForWidth(560)
        self.resize(560, height if height > 0 else self.sizeHint().height())
        # Compared in the form values are read back (spaces collapsed), so an untouched title with
        # a no-break space is not "changed".
        self._initial = {field: self.value(field) for field in FIELDS}
        self._validate()

    def _found_text(self, field: str) -> str:
        """"In the file: …" with the file's text isolated, so an Arabic value keeps its own order
        (and its «» guillemets) inside our left-to-right sentence."""
        doc = self.original
        if field == "date":
            shown = date_label(doc.date)
            evidence = f" — {_isolate(doc.date.evidence)}" if doc.date.evidence else ""
            return f"In the file: {shown}{evidence}"
        if field == "language":
            names = dict(LANGUAGES)
            return f"In the file: {names.get(doc.language, doc.language)}"
        value = ingest_value(doc, field)
        return f"In the file: {_isolate(' '.join(value.split())) if value else 'none'}"

    # -- values ------------------------------------------------------------------------------------

    def value(self, field: str) -> str:
        if field == "language":
            return str(self.language_combo.currentData())
        text = " ".join(self.edits[field].text().split())
        if field == "date" and text:
            return normalise_date(text) or text
        return text

    def set_value(self, field: str, value: str) -> None:
        """Fill a field as the user would (tests and "paste" helpers)."""
        if field == "language":
            self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(value)))
        else:
            self.edits[field].setText(value)

    def reset(self, field: str) -> None:
        """Back to the ingest value; on OK the stored correction is cleared."""
        self._cleared.add(field)
        value = ingest_value(self.original, field)
        self.set_value(field, value)
        self._initial[field] = self.value(field)
        self.reset_buttons[field].hide()
        self._validate()

    def errors(self) -> list[str]:
        problems = []
        typed = self.edits["date"].text().strip()
        if typed and normalise_date(typed) is None:
            problems.append("The date is written YYYY-MM-DD, YYYY-MM or YYYY (and must exist).")
        if not self.value("title"):
            problems.append("A title cannot be empty.")
        return problems

    def _validate(self) -> None:
        problems = self.errors()
        typed = self.edits["date"].text().strip()
        bad_date = bool(typed) and normalise_date(typed) is None
        self.edits["date"].setStyleSheet(INVALID_DATE_STYLE if bad_date else "")
        self.error_label.setText("\n".join(problems))
        self.error_label.setVisible(bool(problems))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setEnabled(not problems)

    def changes(self) -> dict[str, str | None]:
        """What to store: field -> new value, or None to clear the correction (back to ingest).

        A field the user did not touch is left out; one they edited is stored even when it equals
        what ingest read (confirming an inferred date makes it the reader's, marked "corrected").
        """
        out: dict[str, str | None] = {}
        for field in FIELDS:
            value = self.value(field)
            if field in self._cleared and value == self._initial[field]:
                if field in self.corrections:
                    out[field] = None
                continue
            if value != self._initial[field]:
                out[field] = value
        return out

    def accept(self) -> None:
        if self.errors():
            self._validate()
            return
        super().accept()
