"""Small helpers the reading widgets share: labels and titles as the reader sees them.

Plain-text labels (never rich-text guessing), the date with its provenance, tab titles safe for
``&``, the side and direction of an article's header, tooltips for notes and article boundaries.
No widget state here, so every reading module (and the notes panel, the pair and metadata
dialogs) can import it without importing the widgets.
"""

from __future__ import annotations

from datetime import date as _date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from reader.ingest.model import DateInfo, Direction, Document
from reader.text.script import direction_of

NOTE_TIP_CHARS = 240  # how much of a note its tooltip shows

_LRI, _FSI, _PDI = "\u2066", "\u2068", "\u2069"
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def _format_date_value(value: str, precision: str | None) -> str:
    parts = value.split("-")
    try:
        if precision == "day" or len(parts) == 3:
            d = _date(int(parts[0]), int(parts[1]), int(parts[2]))
            return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"
        if precision == "month" or len(parts) == 2:
            return f"{_MONTHS[int(parts[1]) - 1]} {int(parts[0])}"
    except (ValueError, IndexError):
        return value
    return parts[0]


def date_label(info: DateInfo) -> str:
    """The date as the reader should see it, provenance included.

    A date read from a dateline or the manifest is shown plainly; one inferred from the body gets
    ``≈`` and says so; an undated article says what is known (``not before``).
    """
    if info.source == "corrected":
        # The user's own correction: stated plainly, with where it came from.
        if info.value:
            return f"{_format_date_value(info.value, info.precision)} (corrected)"
        return "No date (corrected)"
    if info.value:
        shown = _format_date_value(info.value, info.precision)
        if info.source == "body":
            return f"≈ {shown} (inferred from the text)"
        if info.source == "none":
            return f"≈ {shown}"
        return shown
    if info.reported_day:
        # The day of an event it reports: written then or later.
        return f"No date (on or after {_format_date_value(info.reported_day, 'day')})"
    if info.not_before:
        return f"No date (mentions {info.not_before}: not before {info.not_before})"
    return "No date"


def isolate(text: str) -> str:
    """Wrap a field in first-strong isolates so Arabic and English fields do not reorder each other."""
    return f"{_FSI}{text}{_PDI}"


def note_tip(note: str) -> str:
    """The start of a note for a tooltip: whole words, at most NOTE_TIP_CHARS characters."""
    text = " ".join(note.split())
    if len(text) <= NOTE_TIP_CHARS:
        return f"Note: {text}"
    cut = text[:NOTE_TIP_CHARS].rsplit(" ", 1)[0]
    return f"Note: {cut}…"


def tab_title(doc: Document, chars: int) -> str:
    """The article's title on one line, cut to ``chars`` with "…", safe for a tab or button."""
    title = " ".join(doc.title.split())
    rtl = direction_of(title) == "rtl"
    if len(title) > chars:
        title = title[: chars - 1].rstrip() + "…"
    if rtl:
        # An isolate makes the ellipsis land on the left of an Arabic title, where it belongs.
        title = f"\u2067{title}{_PDI}"
    return mnemonic_safe(title)


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


def boundary_tip(doc: Document) -> str:
    """Why the article starts where it does, in the researcher's words, and what to do if it is wrong."""
    if doc.boundary is None:
        return ""
    sure = f"{round(doc.boundary.confidence * 100)}% sure"
    return (
        f"Starts here at a {doc.boundary.reason} ({sure}).\n"
        "Wrong? Split article here (Ctrl+Return) or Merge with previous article (Ctrl+Backspace)."
        if doc.boundary.reason.startswith("headline")
        else f"Starts here: {doc.boundary.reason} ({sure})."
    )


def mnemonic_safe(text: str) -> str:
    """Buttons and tabs treat ``&`` as a shortcut marker; document text must show it."""
    return text.replace("&", "&&")


def side_of(direction: str) -> Qt.AlignmentFlag:
    """The page side a text of ``direction`` starts from."""
    return Qt.AlignmentFlag.AlignRight if direction == "rtl" else Qt.AlignmentFlag.AlignLeft


def document_direction(doc: Document) -> Direction:
    """The direction an article's header follows: its title's script, else its language."""
    if doc.title and doc.title != "(untitled)":
        return direction_of(doc.title)
    return "rtl" if doc.language == "ar" else "ltr"
