"""The notes panel: this article's highlights and notes, every note in the corpus, and the note editor.

Why it is built this way:

* **Thin models over the store's objects.** :class:`AnnotationListModel` holds the
  :class:`~reader.store.model.Annotation` objects the store returned and nothing else; the store
  stays the one truth. "This article" lists ``Store.for_document`` (article notes first, then
  highlights in text order); "All notes" lists ``Store.search`` (Arabic spelling folded, filters
  by colour, tag, date and language, sorted by when written or by article date).
* **Nothing is lost while typing.** The editor saves 400 ms after the last key, and at once when
  it loses focus, when another annotation or article is shown, before a delete, and when the
  window closes (:meth:`NotesPanel.flush`). Every save is one durable store transaction.
* **Orphans are never dropped.** A highlight whose text left the article keeps its row, marked
  "orphaned", with its quote and note; "Orphaned or damaged" lists all of them.
* **Damage is shown, not hidden.** A note whose stored text could not be read as written (invalid
  UTF-8, binary data: ``Annotation.damage``) is listed with U+FFFD where the bytes were, marked
  "damaged" with the reason, and is among the problems "Orphaned or damaged" lists.
* **Plain text everywhere.** Rows are painted from plain strings with ``QTextLayout``; each quote,
  and each line of a note, is laid out in the direction of its own script (an Arabic quote
  right-to-left, right-aligned), with Arabic set in the Arabic reading faces at the reading
  pane's scale (``ARABIC_SCALE``), Arabic runs inside Latin text too.
* **The note editor writes like the reading pane reads.** Every line of a note is a paragraph
  whose direction comes from its own script (majority of letters, not Qt's first-letter guess),
  leading-aligned: an Arabic line right-to-left and right-aligned, its full stop on its left end.
  The direction lives in the block formats of a ``QTextEdit`` (``QPlainTextEdit`` ignores block
  direction); see :class:`NoteTextEdit` for how that stays out of the reader's way (caret, undo).
* **Re-anchoring is shown for what it is.** A highlight placed again by approximate matching
  (:mod:`reader.store.fuzzy_anchor`) reads "moved, fuzzy (92%)" on its row and in the note's
  heading, with the quote it had; an orphan's row and heading say so, with the reason an import
  gave, and "Attach here" (button, Alt+A, or the row's menu) puts it on the words selected in the
  article (:meth:`NotesPanel.attach_selection`). A highlight carried to the paired translation
  says "Also in the Arabic version" (or English) under the heading.
* **Export and import are one button away.** "Export…" asks the window (``exportRequested``) to
  write this article's notes, the ones the filters show, or all of them (:mod:`reader.ui.notes_io`).
"""

from __future__ import annotations

import logging
import math
import re
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRectF,
    QSize,
    QStringListModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QFontMetrics,
    QInputMethodEvent,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPalette,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.ingest.model import Document
from reader.store.annotations import QUOTE_BEFORE
from reader.store.carry import version_name
from reader.store.db import GUI_PATIENCE_MS, StoreError
from reader.store.exports import arabic_runs, direction_blocks
from reader.store.model import DEFAULT_PALETTE, Annotation, Colour
from reader.text.script import direction_of, language_and_direction, paragraph_directions
from reader.text.utf16 import OffsetMap
from reader.ui.annotation_layer import ORIGINAL_MODE_TIP, AnnotationLayer, quote_preview, swatch_icon
from reader.ui.colours import mix
from reader.ui.fonts import ARABIC_FAMILIES, ARABIC_SCALE, font_chain
from reader.ui.lists import PlaceholderList
from reader.ui.messages import plain_tooltip
from reader.ui.reading.labels import date_label
from reader.ui.reading.tabs import ReadingTabs
from reader.ui.search_panel import INVALID_DATE_STYLE, normalise_date

if TYPE_CHECKING:
    from reader.store.annotations import Store

__all__ = [
    "AUTOSAVE_MS",
    "AllNotesModel",
    "AnnotationDelegate",
    "AnnotationListModel",
    "ArticleNotesModel",
    "NoteEditor",
    "NoteTextEdit",
    "NotesPanel",
    "TagEdit",
    "reading_selection",
    "status_words",
]

log = logging.getLogger(__name__)

AUTOSAVE_MS = 400
RETRY_MS = 3000  # after a failed save (a lock, a full disk), try again this often
SEARCH_DEBOUNCE_MS = 200
_USER = int(Qt.ItemDataRole.UserRole)
AnnotationRole = _USER + 1
UuidRole = _USER + 2
ColourRole = _USER + 3  # "#rrggbb" or "" for an article note
ColourLabelRole = _USER + 4
QuoteRole = _USER + 5
NoteRole = _USER + 6
TagsRole = _USER + 7
StateRole = _USER + 8
ArticleTitleRole = _USER + 9
ArticleDateRole = _USER + 10
WrittenRole = _USER + 11
DocIdRole = _USER + 12
StatusRole = _USER + 13  # "orphaned", "moved", "moved, fuzzy (92%)" or ""

_NO_INDEX = QModelIndex()
_PAD_X = 10
_PAD_Y = 6
_GAP = 2
_BAR = 4
_RTL, _LTR = Qt.LayoutDirection.RightToLeft, Qt.LayoutDirection.LeftToRight
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
LANGUAGE_CHOICES = (("", "All languages"), ("en", "English"), ("ar", "Arabic"), ("mixed", "Mixed"))
SORT_CHOICES = (("written", "Newest written first"), ("article_date", "By article date"))
STATE_WORDS = {"orphan": "orphaned — its text is no longer in the article", "moved": "moved with the text"}
FUZZY_WORDS = "its words were edited; it now marks the closest match, a few letters apart"
ORPHAN_REASON = "orphan_reason"  # Annotation.extra key an import sets: why the note found no text
NO_SELECTION = "Select the words in the article first, then press Attach here."
# What "Attach here" attaches to: (article, start, end) in code points, a sentence saying why the
# selection cannot be used, or None when nothing is selected.
SelectionSource = Callable[[], "tuple[Document, int, int] | str | None"]


def status_words(a: Annotation) -> str:
    """Where a highlight stands, in the words its row shows: "moved, fuzzy (92%)" for one placed by
    approximate matching (the confidence rounded down, so a near miss never reads 100%)."""
    if a.state == "orphan":
        return "orphaned"
    if a.state == "moved" and a.anchor_score is not None:
        return f"moved, fuzzy ({math.floor(a.anchor_score * 100)}%)"
    return "moved" if a.state == "moved" else ""


def history_lines(a: Annotation) -> list[str]:
    """Why an orphan is one (an import says), and the quote a fuzzy move or an attach replaced."""
    lines = []
    reason = a.extra.get(ORPHAN_REASON)
    if a.state == "orphan" and isinstance(reason, str) and reason.strip():
        lines.append(f"Why orphaned: {quote_preview(reason, 300)}")
    before = a.extra.get(QUOTE_BEFORE)
    if isinstance(before, str) and before.strip() and a.anchor is not None and before != a.anchor.quote:
        lines.append(f"Was: “\u2068{quote_preview(before, 200)}\u2069”")
    return lines


def reading_selection(window: QWidget) -> tuple[Document, int, int] | str | None:
    """The words selected in ``window``'s reading pane (the focused pane of a side-by-side tab),
    without the spaces a drag picks up; see :data:`SelectionSource`."""
    tabs = getattr(window, "tabs", None)
    tab = tabs.current_tab() if isinstance(tabs, ReadingTabs) else None
    if tab is None:
        return None
    if not tab.view.highlights_enabled:
        return ORIGINAL_MODE_TIP
    span = AnnotationLayer.trimmed_selection(tab)
    return (tab.document, *span) if span is not None else None


def written_label(iso: str) -> str:
    """'3 Mar 2024, 14:05' in local time from a stored UTC ISO string ('' if unreadable)."""
    try:
        when = datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone()
    except (ValueError, AttributeError, TypeError, OverflowError, OSError):  # year 1 in a time zone...
        return ""
    return f"{when.day} {_MONTHS[when.month - 1]} {when.year}, {when:%H:%M}"




def _scaled(font: QFont, factor: float) -> QFont:
    out = QFont(font)
    if font.pointSizeF() > 0:
        out.setPointSizeF(max(7.0, font.pointSizeF() * factor))
    else:
        out.setPixelSize(max(9, round(font.pixelSize() * factor)))
    return out


def _arabic_font(base: QFont) -> QFont:
    """The font for Arabic next to ``base``: a Naskh at the reading pane's scale (its x-height is
    small: at the same point size Arabic reads a size smaller than Latin)."""
    font = _scaled(base, ARABIC_SCALE)
    font.setFamilies([*ARABIC_FAMILIES[:4], *base.families(), base.family()])
    return font


def _arabic_format(base: QFont) -> QTextCharFormat:
    """The character format of an Arabic run inside text set in ``base`` (see :func:`_arabic_font`)."""
    font = _arabic_font(base)
    fmt = QTextCharFormat()
    fmt.setFontFamilies(font.families())
    if font.pointSizeF() > 0:
        fmt.setFontPointSize(font.pointSizeF())
    return fmt


def _utf16_runs(text: str) -> list[tuple[int, int]]:
    """:func:`arabic_runs` as Qt positions (UTF-16 units: an emoji before a run counts two)."""
    runs = arabic_runs(text)
    if runs and _ASTRAL.search(text):
        offsets = OffsetMap(text)
        return [(offsets.to_utf16(start), offsets.to_utf16(end)) for start, end in runs]
    return runs


def _arabic_ranges(text: str, base: QFont) -> list[tuple[int, int, QTextCharFormat]]:
    """Arabic runs inside Latin text (Qt positions), set in the Arabic reading faces (UI sans
    shapes them poorly, and at the Latin size they look a size smaller)."""
    runs = _utf16_runs(text)
    if not runs:
        return []
    fmt = _arabic_format(base)
    return [(start, end, fmt) for start, end in runs]


def _lay_out(text: str, font: QFont, width: float, rtl: bool, max_lines: int) -> tuple[QTextLayout, float]:
    """``text`` in at most ``max_lines`` lines of ``width``, cut at a word with "…" when longer.

    The text's own direction decides alignment: Arabic right-to-left and right-aligned, Latin
    left-aligned. Offsets given to Qt are UTF-16 (mapped when the text has astral characters).
    """

    def build(value: str) -> tuple[QTextLayout, float, int]:
        layout = QTextLayout(value, font)
        option = QTextOption(
            (Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft)
            | Qt.AlignmentFlag.AlignAbsolute
        )
        option.setTextDirection(Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        if not rtl:
            formats = []
            for start, end, fmt in _arabic_ranges(value, font):
                r = QTextLayout.FormatRange()
                r.start, r.length, r.format = start, end - start, fmt
                formats.append(r)
            layout.setFormats(formats)
        layout.beginLayout()
        y = 0.0
        lines = 0
        cut = -1
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(max(1.0, width))
            line.setPosition(QPointF(0, y))
            lines += 1
            if lines > max_lines:
                break
            y += line.height()
            cut = line.textStart() + line.textLength()
        layout.endLayout()
        if lines <= max_lines:
            return layout, y, -1
        offsets = OffsetMap(value) if _ASTRAL.search(value) else None
        return layout, y, offsets.to_codepoint(cut) if offsets else cut

    layout, height, cut = build(text)
    for _ in range(40):
        if cut < 0:
            break
        space = text.rfind(" ", 0, max(0, cut - 1))
        cut = space if space > 0 and cut - space <= 24 else max(1, cut - 3)
        layout, height, over = build(text[:cut].rstrip() + "…")
        if over < 0 or cut <= 1:
            break
    return layout, height


# ---------------------------------------------------------------------------------------------
# Models


class AnnotationListModel(QAbstractListModel):
    """A read-only list of annotations (the store's objects) with roles for the delegate.

    ``show_article`` adds the annotated article's title and date (the "All notes" list), read
    from the documents given to :meth:`set_documents` (corrections already applied there).
    """

    def __init__(self, parent: QObject | None = None, *, show_article: bool = False) -> None:
        super().__init__(parent)
        self.show_article = show_article
        self._items: list[Annotation] = []
        self._rows: dict[str, int] = {}
        self._palette: dict[int, Colour] = {c.slot: c for c in DEFAULT_PALETTE}
        self._docs: Mapping[str, Document] = {}

    # -- content ---------------------------------------------------------------------------------

    def set_annotations(self, items: Sequence[Annotation]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self._rows = {a.uuid: i for i, a in enumerate(self._items)}
        self.endResetModel()

    def set_palette(self, colours: Sequence[Colour]) -> None:
        self._palette = {c.slot: c for c in colours}
        self._changed_all()

    def set_documents(self, docs: Mapping[str, Document]) -> None:
        self._docs = docs
        if self.show_article:
            self._changed_all()

    def _changed_all(self) -> None:
        if self._items:
            self.dataChanged.emit(self.index(0), self.index(len(self._items) - 1))

    def annotations(self) -> list[Annotation]:
        return list(self._items)

    def annotation(self, row: int) -> Annotation | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def row_of(self, uuid: str) -> int:
        return self._rows.get(uuid, -1)

    def update_annotation(self, a: Annotation) -> bool:
        """Replace the row holding ``a.uuid`` (after a save); False when it is not listed."""
        row = self.row_of(a.uuid)
        if row < 0:
            return False
        self._items[row] = a
        index = self.index(row)
        self.dataChanged.emit(index, index)
        return True

    # -- Qt model API ----------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _NO_INDEX) -> int:
        return 0 if parent.isValid() else len(self._items)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def roleNames(self) -> dict[int, bytes]:
        names = dict(super().roleNames())
        names.update({
            AnnotationRole: b"annotation", UuidRole: b"uuid", ColourRole: b"colour",
            ColourLabelRole: b"colourLabel", QuoteRole: b"quote", NoteRole: b"note", TagsRole: b"tags",
            StateRole: b"state", ArticleTitleRole: b"articleTitle", ArticleDateRole: b"articleDate",
            WrittenRole: b"written", DocIdRole: b"docId", StatusRole: b"status",
        })  # fmt: skip
        return names

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        a = self._items[index.row()]
        colour = self._palette.get(a.colour) if a.colour is not None else None
        quote = a.anchor.quote if a.anchor is not None else ""
        if role == Qt.ItemDataRole.DisplayRole:
            first = quote_preview(quote, 80) if quote else "Article note"
            return f"{first} — {quote_preview(a.note, 60)}" if a.note.strip() else first
        if role == AnnotationRole:
            return a
        if role == UuidRole:
            return a.uuid
        if role == DocIdRole:
            return a.doc_id
        if role == ColourRole:
            return colour.rgb if colour is not None else ""
        if role == ColourLabelRole:
            return colour.label if colour is not None else ("Article note" if a.anchor is None else "")
        if role == QuoteRole:
            return quote
        if role == NoteRole:
            return a.note
        if role == TagsRole:
            return list(a.tags)
        if role == StateRole:
            return a.state
        if role == StatusRole:
            return status_words(a)
        if role == WrittenRole:
            return written_label(a.created)
        if role in (ArticleTitleRole, ArticleDateRole):
            doc = self._docs.get(a.doc_id)
            if role == ArticleTitleRole:
                return " ".join(doc.title.split()) if doc is not None else f"{a.doc_id} (not in this corpus)"
            return date_label(doc.date) if doc is not None else ""
        if role == Qt.ItemDataRole.DecorationRole:
            return QColor(colour.rgb) if colour is not None else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(a, colour)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            label = colour.label if colour is not None else "Article note"
            return ", ".join(p for p in (label, quote, a.note) if p)
        return None

    def _tooltip(self, a: Annotation, colour: Colour | None) -> str:
        # Our own words first, then the user's text; escaped so no text is ever read as markup.
        lines = [colour.label if colour is not None else "Note on the whole article"]
        if a.state == "moved" and a.anchor_score is not None:
            lines[0] += f" · {status_words(a)} — {FUZZY_WORDS}"
        elif a.state in STATE_WORDS:
            lines[0] += f" · {STATE_WORDS[a.state]}"
        if a.damage:
            lines.insert(1, f"Damaged in the notes file: {a.damage} (\ufffd marks what could not be read)")
        if self.show_article:
            doc = self._docs.get(a.doc_id)
            lines.append(" ".join(doc.title.split()) if doc is not None else a.doc_id)
        if a.anchor is not None:
            lines.append(f"“{quote_preview(a.anchor.quote, 300)}”")
        lines.extend(history_lines(a))
        if a.note.strip():
            lines.append(quote_preview(a.note, 400))
        if a.tags:
            lines.append("Tags: " + ", ".join(a.tags))
        lines.append(f"Written {written_label(a.created)}")
        return plain_tooltip("\n".join(lines))


class ArticleNotesModel(AnnotationListModel):
    """One article's highlights and notes, in the store's order (notes first, then text order)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent, show_article=False)


class AllNotesModel(AnnotationListModel):
    """Notes across the corpus (a ``Store.search`` result), with their article's title and date."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent, show_article=True)


# ---------------------------------------------------------------------------------------------
# Painting a row


class AnnotationDelegate(QStyledItemDelegate):
    """A note row: colour bar, meta line (colour label, state, article), quote, note, tags.

    Heights follow the text for the view's width; they are cached per (uuid, modified, width).
    """

    QUOTE_LINES = 2
    NOTE_LINES = 2

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self._view = view
        self._heights: dict[tuple[str, str, int, str, bool], int] = {}

    def clear_cache(self) -> None:
        self._heights.clear()

    def _width(self) -> int:
        return max(120, self._view.viewport().width())

    def _pieces(
        self,
        opt: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
        width: float,
        text: QColor,
        muted: QColor,
    ) -> list[tuple[QTextLayout, float, QColor]]:
        """The row laid out for ``width``, top to bottom: (layout, height, pen) per piece.

        Meta line, article (All notes), quote, the note's lines, tags. Each line of the note is
        laid out in the direction of its own script (as in the editor); together they get
        ``NOTE_LINES`` lines, and a note cut short ends in "…".
        """
        base = QFont(opt.font)
        small = _scaled(base, 0.88)
        a: Annotation = index.data(AnnotationRole)
        pieces: list[tuple[QTextLayout, float, QColor]] = []

        def add(value: str, font: QFont, colour: QColor, rtl: bool, lines: int) -> int:
            layout, height = _lay_out(value, font, width, rtl, lines)
            pieces.append((layout, height, colour))
            return min(layout.lineCount(), lines)

        meta = [index.data(ColourLabelRole) or "", index.data(StatusRole) or ""]
        if a.damage:
            meta.append(f"damaged: {a.damage}")
        show_article = bool(getattr(index.model(), "show_article", False))
        meta.append(index.data(ArticleDateRole if show_article else WrittenRole) or "")
        add(" · ".join(m for m in meta if m), small, muted, False, 1)
        if show_article:
            title = index.data(ArticleTitleRole) or ""
            rtl = direction_of(title) == "rtl"
            add(title, _arabic_font(small) if rtl else small, muted, rtl, 1)
        quote = " ".join((index.data(QuoteRole) or "").split())
        if quote:
            rtl = direction_of(quote) == "rtl"
            add(quote, _arabic_font(base) if rtl else base, text, rtl, self.QUOTE_LINES)
        blocks = direction_blocks(index.data(NoteRole) or "")
        budget = self.NOTE_LINES if quote else self.NOTE_LINES + 1
        for i, (block, rtl) in enumerate(blocks):
            if budget <= 0:
                break
            value = " ".join(block.split())
            if budget == 1 and i < len(blocks) - 1:
                value += " …"  # more lines follow that do not fit
            font = _arabic_font(base) if rtl else QFont(base)
            font.setItalic(not rtl)  # Arabic has no italic; a slanted Naskh is a fake
            budget -= add(value, font, mix(text, muted, 0.35), rtl, budget)
        if not blocks and not quote:
            font = QFont(base)
            font.setItalic(True)
            add("Empty note — write it below", font, muted, False, 1)
        tags = index.data(TagsRole) or []
        if tags:
            # Each tag isolated, so an Arabic tag keeps its "#" on the left.
            line = "  ".join(f"#\u2068{t}\u2069" for t in tags)
            # The link colour reads well on the list's background, not on the selection's (blue on
            # blue): a selected row's tags take the selected text's colour.
            selected = bool(opt.state & QStyle.StateFlag.State_Selected)
            add(line, small, text if selected else opt.palette.color(QPalette.ColorRole.Link), False, 1)
        return pieces

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        width = self._width()
        a: Annotation | None = index.data(AnnotationRole)
        if a is None:
            return QSize(width, 24)
        show_article = bool(getattr(index.model(), "show_article", False))
        key = (a.uuid, a.modified + str(index.data(ColourLabelRole)) + index.data(StatusRole), width,
               option.font.key(), show_article)
        height = self._heights.get(key)
        if height is None:
            inner = width - 2 * _PAD_X - _BAR - 4
            pieces = self._pieces(option, index, inner, QColor(), QColor())
            total = 2.0 * _PAD_Y + _GAP * (len(pieces) - 1) + sum(h for _l, h, _c in pieces)
            height = int(total + 1.999)
            self._heights[key] = height
        return QSize(width, height)

    @staticmethod
    def _colours(opt: QStyleOptionViewItem) -> tuple[QColor, QColor, QColor]:
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        active = bool(opt.state & QStyle.StateFlag.State_Active)
        group = QPalette.ColorGroup.Normal if active else QPalette.ColorGroup.Inactive
        if selected:
            text = opt.palette.color(group, QPalette.ColorRole.HighlightedText)
            back = opt.palette.color(group, QPalette.ColorRole.Highlight)
        else:
            text = opt.palette.color(group, QPalette.ColorRole.Text)
            back = opt.palette.color(group, QPalette.ColorRole.Base)
        return text, mix(text, back, 0.42), back

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""  # the style draws background, hover and focus only; the rest is ours
        widget = opt.widget
        style = widget.style() if widget is not None else None
        painter.save()
        try:
            if style is not None:
                style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, widget)
            text, muted, back = self._colours(opt)
            rect = opt.rect
            rgb = index.data(ColourRole) or ""
            bar = QRectF(rect.left() + _PAD_X - 4, rect.top() + _PAD_Y, _BAR, rect.height() - 2 * _PAD_Y)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            if rgb:
                painter.setBrush(QColor(rgb))
                painter.drawRoundedRect(bar, 2, 2)
            else:  # an article note: a quiet outline instead of a colour
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.setPen(muted)
                painter.drawRoundedRect(bar.adjusted(0.5, 0.5, -0.5, -0.5), 2, 2)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            left = rect.left() + _PAD_X + _BAR + 4
            inner = rect.width() - 2 * _PAD_X - _BAR - 4
            y = float(rect.top() + _PAD_Y)
            state = index.data(StateRole)
            for i, (layout, height, colour) in enumerate(self._pieces(opt, index, inner, text, muted)):
                pen = colour
                if i == 0 and state == "orphan" and not opt.state & QStyle.StateFlag.State_Selected:
                    pen = QColor("#b3541e") if back.lightness() > 128 else QColor("#f0a35e")
                painter.setPen(pen)
                layout.draw(painter, QPointF(left, y))
                y += height + _GAP
            painter.setPen(mix(text, back, 0.86))
            painter.drawLine(rect.left() + _PAD_X, rect.bottom(), rect.right() - _PAD_X, rect.bottom())
        finally:
            painter.restore()


class _NotesList(PlaceholderList):
    """A list of note rows (their delegate caches row heights, dropped on resize).

    ``rowMenuRequested(index, global position)``: a right-click on a row, or the menu key (or
    Shift+F10) on the current row.
    """

    rowMenuRequested = Signal(QModelIndex, QPoint)

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(placeholder, parent)
        self.setWordWrap(True)
        self.setMouseTracking(True)
        self.delegate = AnnotationDelegate(self)
        self.setItemDelegate(self.delegate)

    def contextMenuEvent(self, event: Any) -> None:
        if event.reason() == event.Reason.Mouse:
            index = self.indexAt(event.pos())
            where = event.globalPos()
        else:  # from the keyboard: the current row, not whatever lies under the pointer
            index = self.currentIndex()
            where = self.viewport().mapToGlobal(self.visualRect(index).center())
        if index.isValid():
            self.rowMenuRequested.emit(index, where)

    def resizeEvent(self, event: Any) -> None:
        self.delegate.clear_cache()
        super().resizeEvent(event)


# ---------------------------------------------------------------------------------------------
# Editing


class TagEdit(QLineEdit):
    """Comma-separated tags with completion of the tag being typed from the tags already in use."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("Tags, separated by commas")
        self._known: list[str] = []
        self._source = QStringListModel(self)
        self.tag_completer = QCompleter(self._source, self)
        self.tag_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.tag_completer.setFilterMode(Qt.MatchFlag.MatchStartsWith)
        self.tag_completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.tag_completer.setWidget(self)
        self.tag_completer.activated[str].connect(self.insert_completion)
        self.textEdited.connect(self._complete)

    def set_completions(self, tags: Sequence[str]) -> None:
        """The tags offered (``Store.tags()``)."""
        self._known = list(tags)
        self._source.setStringList(self._known)

    def tags(self) -> list[str]:
        return [t.strip() for t in self.text().split(",") if t.strip()]

    def set_tags(self, tags: Sequence[str]) -> None:
        self.setText(", ".join(tags))

    def current_fragment(self) -> str:
        """The tag being typed: the text between the last comma before the cursor and the cursor."""
        return self.text()[: self.cursorPosition()].rsplit(",", 1)[-1].strip()

    def _complete(self, _text: str) -> None:
        fragment = self.current_fragment()
        popup = self.tag_completer.popup()
        if not fragment:
            popup.hide()
            return
        taken = {t.casefold() for t in self.tags()} - {fragment.casefold()}
        self._source.setStringList([t for t in self._known if t.casefold() not in taken])
        self.tag_completer.setCompletionPrefix(fragment)
        if self.tag_completer.completionCount() > 0:
            self.tag_completer.complete()
        else:
            popup.hide()

    def insert_completion(self, tag: str) -> None:
        """Replace the fragment being typed with ``tag`` and start the next one."""
        before = self.text()[: self.cursorPosition()]
        after = self.text()[self.cursorPosition() :]
        head = before.rsplit(",", 1)[0] + ", " if "," in before else ""
        rest = after.split(",", 1)[1].strip() if "," in after else ""
        done = f"{head}{tag}, "
        self.setText(done + rest)
        self.setCursorPosition(len(done))
        self.textEdited.emit(self.text())


class _ScriptFonts(QSyntaxHighlighter):
    """Sets the Arabic in a note in the Arabic reading faces, at the reading pane's scale.

    A highlighter rather than character formats: its formats live in the layout only, so they are
    never part of the text, never saved, and never on the undo stack.
    """

    def __init__(self, document: QTextDocument, base: QFont) -> None:
        super().__init__(document)
        self._format = _arabic_format(base)

    def set_base(self, base: QFont) -> None:
        self._format = _arabic_format(base)
        self.rehighlight()

    def highlightBlock(self, text: str) -> None:
        for start, end in _utf16_runs(text):
            self.setFormat(start, end - start, self._format)


class NoteTextEdit(QTextEdit):
    """The note field: plain text whose every line is a paragraph in the direction of its script.

    The direction is a block format (right-to-left and leading-aligned for an Arabic line), and a
    block format is an edit with its own undo entry. If it were set after each edit, one Ctrl+Z
    would take back only the direction (the text stays, the line flips to the wrong side) and the
    next re-styling would wipe the redo history. So every edit the reader makes (a key, an input
    method's text, a paste or a drop) runs in one edit block together with its re-styling, and
    consecutive typing is chained into one undo step, as Qt does for plain typing: Ctrl+Z takes
    back the words and their direction together, and Ctrl+Shift+Z brings both back. Undo and redo
    restore the formats themselves; the re-styling after them (and after programmatic edits) only
    writes when a direction is wrong, so it never adds an undo entry for a consistent text. The
    caret is never moved: formats are set through a cursor of their own.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptRichText(False)
        self._busy = False  # inside an edit of ours: the re-styling comes at its end
        self._typing: tuple[str, int, int] | None = None  # (kind, caret, revision) after typing
        self.fonts = _ScriptFonts(self.document(), self.font())
        self.document().contentsChange.connect(self._contents_changed)

    def set_text(self, text: str) -> None:
        """Show ``text`` with a fresh undo history (another note)."""
        self.setPlainText(text)
        self.restyle()
        self.document().clearUndoRedoStacks()
        self._typing = None

    def setFont(self, font: QFont) -> None:
        super().setFont(font)
        self.fonts.set_base(font)

    def directions(self) -> list[Qt.LayoutDirection]:
        """The layout direction of each paragraph (line), top to bottom."""
        out = []
        block = self.document().begin()
        while block.isValid():
            out.append(block.blockFormat().layoutDirection())
            block = block.next()
        return out

    def restyle(self) -> None:
        """Give every paragraph the direction of its own script, joined to the edit just made.

        A line with no letters (a date, a dash) follows its neighbours, as in the reading pane.
        """
        document = self.document()
        blocks = []
        block = document.begin()
        while block.isValid():
            blocks.append(block)
            block = block.next()
        wanted = paragraph_directions([b.text() for b in blocks])
        cursor: QTextCursor | None = None
        busy, self._busy = self._busy, True
        try:
            for block, direction in zip(blocks, wanted, strict=True):
                want = _RTL if direction == "rtl" else _LTR
                fmt = block.blockFormat()
                if fmt.layoutDirection() == want:
                    continue
                if cursor is None:
                    cursor = QTextCursor(document)
                    cursor.joinPreviousEditBlock()
                fmt.setLayoutDirection(want)
                fmt.setAlignment(Qt.AlignmentFlag.AlignLeading)  # right in a right-to-left line
                cursor.setPosition(block.position())
                cursor.setBlockFormat(fmt)
        finally:
            if cursor is not None:
                cursor.endEditBlock()
            self._busy = busy

    def _contents_changed(self, _position: int, _removed: int, _added: int) -> None:
        if not self._busy:
            self.restyle()  # after an undo, a redo or a programmatic edit: writes only if needed

    def _edit(self, kind: str, edit: Any) -> None:
        """Run ``edit`` and the re-styling as one undo step (``kind`` "type"/"delete" chains a run
        of keys into one step, as long as the caret stays where the previous key left it)."""
        document = self.document()
        cursor = QTextCursor(document)
        caret = self.textCursor()
        chained = (
            bool(kind) and not caret.hasSelection()
            and self._typing == (kind, caret.position(), document.revision())
        )
        if chained:
            cursor.joinPreviousEditBlock()
        else:
            cursor.beginEditBlock()
        busy, self._busy = self._busy, True
        try:
            edit()
            self.restyle()
        finally:
            self._busy = busy
            cursor.endEditBlock()
        self._typing = (kind, self.textCursor().position(), document.revision()) if kind else None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo):
            self._typing = None
            super().keyPressEvent(event)  # the undo stack holds each edit with its directions
            return
        key = event.key()
        if key in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            kind = "delete"
        elif event.text().isprintable() and event.text() and not event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.MetaModifier
        ):
            kind = "type"
        elif event.text():  # Return, Tab, Ctrl+V, Ctrl+X...: an edit of its own
            kind = ""
        else:  # arrows, Home, Page Down...: nothing changes
            self._typing = None
            super().keyPressEvent(event)
            return
        self._edit(kind, lambda: QTextEdit.keyPressEvent(self, event))

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        if event.commitString() or event.replacementLength():
            self._edit("type", lambda: QTextEdit.inputMethodEvent(self, event))
        else:  # only the text being composed: shown, not yet in the document
            super().inputMethodEvent(event)

    def insertFromMimeData(self, source: Any) -> None:  # paste and drop
        self._edit("", lambda: QTextEdit.insertFromMimeData(self, source))


class _QuoteHeading(QLabel):
    """The editor's heading: our words, then the quote cut at its end so that its beginning stays
    in view, with "…" (an Arabic quote's beginning is on its right, next to the closing mark)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._words = ""
        self._quote: str | None = None

    def set_words(self, words: str) -> None:
        self._words, self._quote = words, None
        self._fit()

    def set_quote(self, prefix: str, quote: str) -> None:
        self._words, self._quote = prefix, " ".join(quote.split())
        self._fit()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._fit()

    def _shown(self, n: int) -> str:
        # A left-to-right mark starts our English line, and the quote is isolated: an Arabic quote
        # keeps its own order without turning the quote marks around or pushing the line right.
        assert self._quote is not None
        cut = self._quote[:n].rstrip() + ("…" if n < len(self._quote) else "")
        return f"\u200e{self._words}“\u2068{cut}\u2069”"

    def _fit(self) -> None:
        if self._quote is None:
            self.setText(self._words)
            return
        width = self.contentsRect().width()
        metrics = QFontMetrics(self.font())
        n = len(self._quote)
        if metrics.horizontalAdvance(self._shown(n)) > width:
            low, high = 0, n - 1  # the longest beginning that fits with its "…"
            while low < high:
                middle = (low + high + 1) // 2
                if metrics.horizontalAdvance(self._shown(middle)) <= width:
                    low = middle
                else:
                    high = middle - 1
            space = self._quote.rfind(" ", 0, low + 1)
            n = space if space > 0 and low - space <= 12 else low  # end at a word when one is near
        self.setText(self._shown(n))


class NoteEditor(QWidget):
    """Edits one annotation's note, tags and colour; saves as you type (``AUTOSAVE_MS`` after the last key).

    Also saves on focus loss and whenever :meth:`flush` is called (switching annotation or article,
    before a delete, on quit). ``saved(annotation)`` reports each write.
    """

    saved = Signal(object)
    deleteRequested = Signal(str)
    colourRequested = Signal(str, int)
    attachRequested = Signal(str)

    def __init__(self, store: Store | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        # The corpus, to name the language of a linked highlight's article (NotesPanel sets it).
        self.documents: Mapping[str, Document] = {}
        self._annotation: Annotation | None = None
        self._loading = False
        self._dirty_note = False
        self._dirty_tags = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_MS)
        self._timer.timeout.connect(self.flush)
        # Typed text not yet committed, by annotation uuid: (note or None, tags or None). It stays
        # here until a write commits, however many tries that takes (a lock, a full disk).
        self._pending: dict[str, tuple[str | None, list[str] | None]] = {}
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(self.flush)

        self.heading = _QuoteHeading()
        self.colour_combo = QComboBox()
        self.colour_combo.setToolTip("Change the colour (or press 1–8 on a selection in the article)")
        self.colour_combo.activated.connect(self._colour_chosen)
        self.delete_button = QToolButton()
        self.delete_button.setText("Delete")
        self.delete_button.setToolTip("Delete this highlight or note (Ctrl+Z brings it back)")
        self.delete_button.clicked.connect(self._delete)
        # Alt+A works wherever the reader is in the window (in the article, just after selecting).
        self.attach_action = QAction("Attach here", self)
        self.attach_action.setShortcut(QKeySequence("Alt+A"))
        self.attach_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.attach_action.setToolTip(
            "Attach this orphaned highlight to the words selected in the article (Alt+A); "
            "its old quote is kept with it"
        )
        self.attach_action.triggered.connect(self._attach)
        self.addAction(self.attach_action)
        self.attach_button = QToolButton()
        self.attach_button.setDefaultAction(self.attach_action)
        # Where a highlight came from: why it is an orphan, its quote before a fuzzy move, the
        # translation it is linked to. Plain text: the reason and the quote come from files.
        self.details = QLabel()
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setWordWrap(True)
        self.details.setEnabled(False)  # muted
        self.note_edit = NoteTextEdit()
        self.note_edit.setPlaceholderText("Write a note… (saved as you type)")
        self.note_edit.setTabChangesFocus(True)
        note_font = QFont(self.font())
        note_font.setFamilies([*font_chain("en")[:-1], *note_font.families()])
        self.note_edit.setFont(note_font)
        self.note_edit.textChanged.connect(self._note_changed)
        self.note_edit.installEventFilter(self)
        self.tags_edit = TagEdit()
        self.tags_edit.textEdited.connect(self._tags_changed)
        self.tags_edit.editingFinished.connect(self.flush)
        self.tags_edit.installEventFilter(self)
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setEnabled(False)  # muted

        top = QHBoxLayout()
        top.setSpacing(6)
        top.addWidget(self.colour_combo)
        top.addWidget(self.heading, 1)
        top.addWidget(self.attach_button)
        top.addWidget(self.delete_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.tags_edit, 1)
        bottom.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.details)
        layout.addWidget(self.note_edit, 1)
        layout.addLayout(bottom)
        self.set_palette(DEFAULT_PALETTE)
        self.load(None)

    # -- content ---------------------------------------------------------------------------------

    @property
    def annotation(self) -> Annotation | None:
        return self._annotation

    @property
    def uuid(self) -> str | None:
        return self._annotation.uuid if self._annotation is not None else None

    @property
    def dirty(self) -> bool:
        return self._dirty_note or self._dirty_tags

    @property
    def unsaved(self) -> dict[str, tuple[str | None, list[str] | None]]:
        """What was typed and is not in the store yet (after a failed write), by annotation uuid."""
        pending = dict(self._pending)
        if self._annotation is not None and self.dirty:
            old_note, old_tags = pending.get(self._annotation.uuid, (None, None))
            pending[self._annotation.uuid] = (
                self.note_edit.toPlainText() if self._dirty_note else old_note,
                self.tags_edit.tags() if self._dirty_tags else old_tags,
            )
        return pending

    def discard_unsaved(self) -> None:
        """Drop what could not be saved (the reader chose to, on quitting)."""
        self._retry.stop()
        self._pending.clear()
        self._dirty_note = self._dirty_tags = False

    def set_palette(self, colours: Sequence[Colour]) -> None:
        current = self.colour_combo.currentData()
        self.colour_combo.blockSignals(True)
        self.colour_combo.clear()
        for c in colours:
            self.colour_combo.addItem(swatch_icon(c.rgb), c.label, c.slot)
        index = self.colour_combo.findData(current)
        self.colour_combo.setCurrentIndex(max(0, index))
        self.colour_combo.blockSignals(False)

    def set_known_tags(self, tags: Sequence[str]) -> None:
        """Tags offered by the tag field's completion."""
        self.tags_edit.set_completions(tags)

    def load(self, a: Annotation | None) -> None:
        """Show ``a`` (None: nothing selected), saving what was being typed first."""
        self.flush()
        self._annotation = a
        self._loading = True
        try:
            editable = a is not None and self.store is not None and not self.store.read_only
            self.note_edit.set_text(a.note if a is not None else "")
            self.note_edit.moveCursor(self.note_edit.textCursor().MoveOperation.End)  # go on writing
            self.tags_edit.set_tags(a.tags if a is not None else [])
            for w in (self.note_edit, self.tags_edit, self.delete_button):
                w.setEnabled(editable)
            self.colour_combo.setVisible(a is not None and a.is_highlight)
            self.colour_combo.setEnabled(editable)
            if a is not None and a.colour is not None:
                self.colour_combo.setCurrentIndex(max(0, self.colour_combo.findData(a.colour)))
            if a is None:
                self.heading.set_words("Select a highlight or note to edit it")
            elif a.anchor is None:
                self.heading.set_words("Note on the whole article")
            else:
                # "Orphaned: “…”", "Moved, fuzzy (92%): “…”"; a plain move needs no word here.
                fuzzy = a.state == "moved" and a.anchor_score is not None
                label = status_words(a) if a.state == "orphan" or fuzzy else ""
                self.heading.set_quote(f"{label.capitalize()}: " if label else "", a.anchor.quote)
            story = self.story(a) if a is not None else []
            # Each line is ours and English: a left-to-right mark keeps an Arabic quote in it from
            # turning the whole line around.
            self.details.setText("\n".join(f"\u200e{line}" for line in story))
            self.details.setVisible(bool(story))
            orphan = a is not None and a.anchor is not None and a.state == "orphan"
            self.attach_button.setVisible(orphan)
            self.attach_action.setEnabled(orphan and editable)
            tip = [a.anchor.quote, *story] if a is not None and a.anchor else []
            self.heading.setToolTip(plain_tooltip("\n".join(tip)) if tip else "")
            self.status.setText("" if self.store is None or not self.store.read_only else "Read-only")
            self.status.setToolTip("")
            if a is not None and a.damage:
                self.status.setText("Damaged text")
                self.status.setToolTip(plain_tooltip(
                    f"Part of this note could not be read from the notes file ({a.damage}); \ufffd marks "
                    "it. Nothing is changed unless you edit it: then what you see is saved."
                ))
        finally:
            self._loading = False
            self._dirty_note = self._dirty_tags = False

    def story(self, a: Annotation) -> list[str]:
        """The lines under the heading: why an orphan is one, the quote before a move, and the
        other version of a highlight carried across translations ("Also in the Arabic version")."""
        lines = history_lines(a)
        if a.anchor is None or self.store is None:
            return lines
        try:
            linked = self.store.linked(a.uuid)
        except (StoreError, sqlite3.Error) as exc:
            log.warning("could not read the linked highlights: %s", exc)
            return lines
        for other in linked:
            doc = self.documents.get(other.doc_id)
            language = doc.language if doc is not None else ""
            if language not in ("ar", "en") and other.anchor is not None:
                language = language_and_direction(other.anchor.quote)[0]
            line = f"Also in {version_name(language)}"
            if line not in lines:
                lines.append(line)
        return lines

    def tell(self, text: str) -> None:
        """A short word in the status corner (what an action did, or why it could not)."""
        self.status.setText(quote_preview(text, 60))
        self.status.setToolTip(plain_tooltip(text))

    def _attach(self) -> None:
        if self._annotation is not None:
            self.attachRequested.emit(self._annotation.uuid)

    def adopt(self, a: Annotation) -> None:
        """Take a newer copy of the annotation shown (a colour change) without touching the text typed."""
        if self._annotation is not None and a.uuid == self._annotation.uuid:
            self._annotation = a
            if a.colour is not None:
                self.colour_combo.setCurrentIndex(max(0, self.colour_combo.findData(a.colour)))

    def forget(self) -> None:
        """Clear the editor without saving (its annotation was deleted, after a flush)."""
        self._timer.stop()
        if self._annotation is not None:
            self._pending.pop(self._annotation.uuid, None)
        self._dirty_note = self._dirty_tags = False
        self.load(None)

    def _note_changed(self) -> None:
        if self._loading or self._annotation is None:
            return
        if not self._dirty_note and self.note_edit.toPlainText() == self._annotation.note:
            return  # only a direction or a font changed (re-styling), not the text
        self._dirty_note = True
        self.status.setText("Editing…")
        self._timer.start()

    def _tags_changed(self, _text: str) -> None:
        if self._loading or self._annotation is None:
            return
        self._dirty_tags = True
        self.status.setText("Editing…")
        self._timer.start()

    def flush(self) -> bool:
        """Write pending changes now; True when everything typed is in the store.

        What was typed moves to the pending writes first and leaves them only when its write
        commits: after a failure (a lock, a full disk) it is retried every few seconds, survives
        switching to another note, and is offered to the reader on quitting.
        """
        self._timer.stop()
        a = self._annotation
        if self.store is None:
            return not self._pending and not self.dirty
        if a is not None and self.dirty:
            self._pending = self.unsaved
            self._dirty_note = self._dirty_tags = False
        for uuid, (note, tags) in list(self._pending.items()):
            try:
                saved = None
                # A lock held by another program costs the window at most GUI_PATIENCE_MS: the
                # text stays pending and the retry timer tries again, the window never freezes.
                with self.store.db.patience(GUI_PATIENCE_MS):
                    if note is not None:
                        saved = self.store.update_note(uuid, note)
                    if tags is not None:
                        saved = self.store.set_tags(uuid, tags)
            except KeyError:  # the annotation was deleted meanwhile: nothing left to save it to
                del self._pending[uuid]
                continue
            except (StoreError, sqlite3.Error) as exc:
                log.warning("could not save the note %s: %s", uuid, exc)
                self.status.setText("Not saved — retrying")
                self.status.setToolTip(f"Your text is kept and saving is retried: {exc}")
                self._retry.start()
                return False
            del self._pending[uuid]
            if saved is not None:
                if a is not None and saved.uuid == a.uuid:
                    self._annotation = saved
                    self.status.setText("Saved")
                    self.status.setToolTip(f"Saved {written_label(saved.modified)}")
                self.saved.emit(saved)
        return True

    def focus(self, what: str = "note") -> None:
        target = self.tags_edit if what == "tags" else self.note_edit
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        if what == "tags":
            target.end(False)  # type: ignore[attr-defined]
        else:
            cursor = self.note_edit.textCursor()
            cursor.movePosition(cursor.MoveOperation.End)
            self.note_edit.setTextCursor(cursor)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut and watched in (self.note_edit, self.tags_edit):
            self.flush()
        return super().eventFilter(watched, event)

    def _colour_chosen(self, index: int) -> None:
        slot = self.colour_combo.itemData(index)
        if self._annotation is not None and self._annotation.is_highlight and slot != self._annotation.colour:
            self.colourRequested.emit(self._annotation.uuid, int(slot))

    def _delete(self) -> None:
        if self._annotation is not None:
            self.flush()
            self.deleteRequested.emit(self._annotation.uuid)


# ---------------------------------------------------------------------------------------------
# The panel


class NotesPanel(QWidget):
    """"This article" and "All notes", over one shared editor.

    Signals:

    * ``annotationActivated(uuid)``: the reader clicked a row of this article (jump to it).
    * ``openRequested(doc_id, uuid)``: a row of "All notes" was opened (open the article there).
    * ``deleteRequested(uuid)``, ``colourRequested(uuid, slot)``: edits the window performs (its
      undo stack and the reading view follow).
    * ``addNoteRequested()``: "Note on this article"; ``renameColoursRequested()``.
    * ``exportRequested()``: "Export…" (the window asks which notes, which format, which file).
    """

    annotationActivated = Signal(str)
    openRequested = Signal(str, str)
    deleteRequested = Signal(str)
    colourRequested = Signal(str, int)
    addNoteRequested = Signal()
    renameColoursRequested = Signal()
    exportRequested = Signal()

    ARTICLE, ALL = 0, 1

    def __init__(self, store: Store | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self._document: Document | None = None
        self._docs: Mapping[str, Document] = {}
        self._palette: list[Colour] = list(DEFAULT_PALETTE)
        self._selection_source: SelectionSource | None = None
        self._all_stale = True
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._search_timer.timeout.connect(self.run_search)

        # -- the switch between the two lists
        self.article_button = QToolButton()
        self.article_button.setText("This article")
        self.all_button = QToolButton()
        self.all_button.setText("All notes")
        self._views = QButtonGroup(self)
        for i, button in enumerate((self.article_button, self.all_button)):
            button.setCheckable(True)
            button.setAutoRaise(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            self._views.addButton(button, i)
        self.article_button.setChecked(True)
        self._views.idClicked.connect(self.set_view)
        self.add_note_button = QToolButton()
        self.add_note_button.setText("+ Article note")
        self.add_note_button.setAutoRaise(True)
        self.add_note_button.setToolTip("A note on the whole article (Ctrl+Shift+N)")
        self.add_note_button.clicked.connect(self.addNoteRequested)
        self.rename_button = QToolButton()
        self.rename_button.setText("Colours…")
        self.rename_button.setAutoRaise(True)
        self.rename_button.setToolTip("Rename the eight colours (what each one means to you)")
        self.rename_button.clicked.connect(self.renameColoursRequested)
        self.export_button = QToolButton()
        self.export_button.setText("Export…")
        self.export_button.setAutoRaise(True)
        self.export_button.setToolTip(
            "Write this article's notes, the notes shown, or all of them as Markdown, CSV, JSON-LD or PDF "
            "(Ctrl+Shift+E)"
        )
        self.export_button.clicked.connect(self.exportRequested)
        switch = QHBoxLayout()
        switch.setContentsMargins(6, 4, 6, 0)
        switch.setSpacing(2)
        switch.addWidget(self.article_button)
        switch.addWidget(self.all_button)
        switch.addStretch(1)
        switch.addWidget(self.add_note_button)
        switch.addWidget(self.export_button)
        switch.addWidget(self.rename_button)

        # -- this article
        self.article_title = QLabel()
        self.article_title.setTextFormat(Qt.TextFormat.PlainText)
        self.article_title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.article_model = ArticleNotesModel(self)
        self.article_list = _NotesList(
            "No highlights or notes in this article yet.\n\n"
            "Select some text and press 1–8 to highlight it in a colour, or right-click it."
        )
        self.article_list.setModel(self.article_model)
        self.article_list.clicked.connect(self._article_clicked)
        self.article_list.activated.connect(self._article_clicked)
        self.article_list.selectionModel().currentChanged.connect(self._current_changed)
        self.article_list.deletePressed.connect(self._delete_index)
        self.article_list.rowMenuRequested.connect(self._show_row_menu)
        article_page = QWidget()
        head = QHBoxLayout()
        head.setContentsMargins(10, 2, 10, 2)
        head.addWidget(self.article_title, 1)
        article_layout = QVBoxLayout(article_page)
        article_layout.setContentsMargins(0, 0, 0, 0)
        article_layout.setSpacing(2)
        article_layout.addLayout(head)
        article_layout.addWidget(self.article_list, 1)

        # -- all notes
        self.search_field = QLineEdit()
        self.search_field.setPlaceholderText("Search notes and quotes (Arabic spelling folded)")
        self.search_field.setClearButtonEnabled(True)
        self.search_field.textChanged.connect(lambda _t: self._search_timer.start())
        self.colour_filter = QComboBox()
        self.colour_filter.setToolTip("Only this colour")
        self.tag_filter = QComboBox()
        self.tag_filter.setToolTip("Only notes with this tag")
        self.language_filter = QComboBox()
        self.language_filter.setToolTip("Only notes on articles in this language")
        for value, label in LANGUAGE_CHOICES:
            self.language_filter.addItem(label, value)
        self.date_from = QLineEdit()
        self.date_to = QLineEdit()
        for edit, word in ((self.date_from, "From"), (self.date_to, "To")):
            edit.setPlaceholderText(f"{word} YYYY-MM-DD")
            edit.setToolTip("The article's date, written YYYY, YYYY-MM or YYYY-MM-DD")
            edit.setClearButtonEnabled(True)
            edit.textChanged.connect(lambda _t: self._search_timer.start())
        self.sort_combo = QComboBox()
        for value, label in SORT_CHOICES:
            self.sort_combo.addItem(label, value)
        self.orphans_only = QCheckBox("Orphaned or damaged")
        self.orphans_only.setToolTip(
            "Highlights whose text is no longer in their article (their quote and note are kept), "
            "and notes whose stored text is damaged (the reason is shown on each)"
        )
        for combo in (self.colour_filter, self.tag_filter, self.language_filter, self.sort_combo):
            combo.currentIndexChanged.connect(lambda _i: self.run_search())
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(6)
        self.orphans_only.toggled.connect(lambda _c: self.run_search())
        self.count_label = QLabel()
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.count_label.setEnabled(False)
        self.all_model = AllNotesModel(self)
        self.all_list = _NotesList("No notes match.")
        self.all_list.setModel(self.all_model)
        self.all_list.clicked.connect(self._all_activated)
        self.all_list.activated.connect(self._all_activated)
        self.all_list.selectionModel().currentChanged.connect(self._current_changed)
        self.all_list.deletePressed.connect(self._delete_index)
        self.all_list.rowMenuRequested.connect(self._show_row_menu)
        all_page = QWidget()
        filters1 = QHBoxLayout()
        filters1.setSpacing(4)
        filters1.addWidget(self.colour_filter, 1)
        filters1.addWidget(self.tag_filter, 1)
        filters1.addWidget(self.language_filter, 1)
        filters2 = QHBoxLayout()
        filters2.setSpacing(4)
        filters2.addWidget(self.date_from, 1)
        filters2.addWidget(self.date_to, 1)
        filters3 = QHBoxLayout()
        filters3.setSpacing(4)
        filters3.addWidget(self.sort_combo, 1)
        filters3.addWidget(self.orphans_only)
        all_layout = QVBoxLayout(all_page)
        all_layout.setContentsMargins(6, 2, 6, 0)
        all_layout.setSpacing(4)
        all_layout.addWidget(self.search_field)
        all_layout.addLayout(filters1)
        all_layout.addLayout(filters2)
        all_layout.addLayout(filters3)
        all_layout.addWidget(self.count_label)
        all_layout.addWidget(self.all_list, 1)

        self.stack = QStackedWidget()
        self.stack.addWidget(article_page)
        self.stack.addWidget(all_page)

        self.editor = NoteEditor(store)
        self.editor.saved.connect(self._saved)
        self.editor.deleteRequested.connect(self.deleteRequested)
        self.editor.colourRequested.connect(self.colourRequested)
        self.editor.attachRequested.connect(self.attach_selection)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.stack)
        self.splitter.addWidget(self.editor)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([520, 200])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(switch)
        layout.addWidget(self.splitter, 1)
        self._fill_colour_filter()
        self._fill_tag_filter()
        self.set_document(None)
        self.set_store(store)

    # -- inputs ----------------------------------------------------------------------------------

    def set_store(self, store: Store | None) -> None:
        self.store = store
        self.editor.store = store
        usable = store is not None and not store.read_only
        self.add_note_button.setEnabled(usable and self._document is not None)
        self.rename_button.setEnabled(usable)
        if store is None:
            self.article_list.placeholder = "Notes are unavailable: the annotations file could not be opened."

    def set_palette(self, colours: Sequence[Colour]) -> None:
        self._palette = list(colours)
        for model in (self.article_model, self.all_model):
            model.set_palette(colours)
        for lst in (self.article_list, self.all_list):
            lst.delegate.clear_cache()
            lst.doItemsLayout()
        self.editor.set_palette(colours)
        self._fill_colour_filter()

    def set_documents(self, docs: Mapping[str, Document]) -> None:
        """The corpus (corrections applied): titles and dates for "All notes", and its filters."""
        self._docs = docs
        self.editor.documents = docs
        self.all_model.set_documents(docs)
        if self._document is not None and self._document.id in docs:
            self._document = docs[self._document.id]
            self._show_title()
        self._all_stale = True
        if self.current_view() == self.ALL:
            self.run_search()

    @property
    def document(self) -> Document | None:
        """The article "This article" lists (the focused pane's, in a side-by-side tab)."""
        return self._document

    @property
    def documents(self) -> Mapping[str, Document]:
        """The corpus the panel shows notes of (corrections applied), by article id."""
        return self._docs

    def set_document(self, doc: Document | None) -> None:
        """The article in front of the reader: "This article" lists its annotations."""
        self.editor.flush()
        self._document = doc
        self._show_title()
        writable = self.store is not None and not self.store.read_only
        self.add_note_button.setEnabled(doc is not None and writable)
        self._reload_article()
        shown = self.editor.annotation
        elsewhere = shown is not None and (doc is None or shown.doc_id != doc.id)
        if self.current_view() == self.ARTICLE and elsewhere:
            self.editor.load(None)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._show_title()

    def _show_title(self) -> None:
        doc = self._document
        title = " ".join(doc.title.split()) if doc is not None else "No article open"
        metrics = QFontMetrics(self.article_title.font())
        width = max(120, self.width() - 24)
        self.article_title.setText(metrics.elidedText(title, Qt.TextElideMode.ElideRight, width))
        self.article_title.setToolTip(plain_tooltip(title))
        rtl = doc is not None and direction_of(doc.title) == "rtl"
        self.article_title.setLayoutDirection(
            Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
        )
        self.article_title.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)

    def refresh(self, doc_id: str = "") -> None:
        """Annotations changed (``doc_id``'s, or anyone's with ""): re-read what is shown."""
        if not doc_id or (self._document is not None and doc_id == self._document.id):
            self._reload_article()
        self._fill_tag_filter()
        self._all_stale = True
        if self.current_view() == self.ALL:
            self.run_search()
        shown = self.editor.annotation
        if shown is not None and self.store is not None and (not doc_id or shown.doc_id == doc_id):
            fresh = self.store.get(shown.uuid)
            if fresh is None:
                self.editor.forget()  # deleted (what was typed was saved before the delete)
            elif not self.editor.dirty and (fresh.note, fresh.tags) != (shown.note, shown.tags):
                self.editor.load(fresh)  # changed elsewhere (an undo, an import): show it
            else:
                self.editor.adopt(fresh)

    def _reload_article(self) -> None:
        current = self.editor.uuid
        items: list[Annotation] = []
        if self._document is not None and self.store is not None:
            try:
                items = self.store.for_document(self._document.id)
            except (StoreError, sqlite3.Error) as exc:
                log.warning("could not read notes: %s", exc)
        self.article_list.delegate.clear_cache()
        self.article_model.set_annotations(items)
        if current is not None:
            self._select_in(self.article_list, current)

    # -- views -----------------------------------------------------------------------------------

    def current_view(self) -> int:
        return self.stack.currentIndex()

    def set_view(self, which: int) -> None:
        """Show "This article" (``ARTICLE``) or "All notes" (``ALL``)."""
        self.stack.setCurrentIndex(which)
        button = self._views.button(which)
        if button is not None and not button.isChecked():
            button.setChecked(True)
        if which == self.ALL and self._all_stale:
            self.run_search()

    def search_options(self) -> dict[str, Any]:
        """The All-notes query as ``Store.search`` keywords (invalid dates left out, and marked)."""
        options: dict[str, Any] = {"text": self.search_field.text()}
        slot = self.colour_filter.currentData()
        options["colour"] = int(slot) if slot else None
        options["tag"] = self.tag_filter.currentData() or None
        options["language"] = self.language_filter.currentData() or None
        options["sort"] = self.sort_combo.currentData() or "written"
        for key, edit in (("date_from", self.date_from), ("date_to", self.date_to)):
            typed = edit.text().strip()
            value = normalise_date(typed) if typed else None
            bad = bool(typed) and value is None
            edit.setStyleSheet(INVALID_DATE_STYLE if bad else "")
            options[key] = value
        return options

    def _search(self) -> list[Annotation]:
        """The store's answer to the All-notes query (raises StoreError, sqlite3.Error, ValueError)."""
        assert self.store is not None
        return self.store.search(docs=self._docs, **self.search_options())

    @staticmethod
    def _problems_only(found: list[Annotation]) -> list[Annotation]:
        return [a for a in found if a.state == "orphan" or a.damage]

    def matching(self) -> list[Annotation]:
        """The notes "All notes" shows with its current query and filters, read afresh from the store
        (what an export of "the notes shown" writes). Raises StoreError or sqlite3.Error."""
        if self.store is None:
            return []
        found = self._search()
        return self._problems_only(found) if self.orphans_only.isChecked() else found

    def filter_words(self) -> str:
        """The All-notes filters in words ("" when there are none), e.g. "“Kata”, Actor, #iraq"."""
        words = []
        options = self.search_options()
        if options["text"].strip():
            words.append(f"“{' '.join(options['text'].split())}”")
        for combo, key in ((self.colour_filter, "colour"), (self.tag_filter, "tag"),
                           (self.language_filter, "language")):
            if options[key]:
                words.append(combo.currentText())
        if options["date_from"] or options["date_to"]:
            words.append(f"{options['date_from'] or '…'} to {options['date_to'] or '…'}")
        if self.orphans_only.isChecked():
            words.append("orphaned or damaged")
        return ", ".join(words)

    def run_search(self) -> list[Annotation]:
        """Fill "All notes" from the store with the current query and filters."""
        self._search_timer.stop()
        self._all_stale = False
        if self.store is None:
            self.all_model.set_annotations([])
            self.count_label.setText("Notes are unavailable")
            return []
        try:
            found = self._search()
        except (StoreError, sqlite3.Error, ValueError) as exc:
            log.warning("note search failed: %s", exc)
            self.count_label.setText(str(exc))
            return []
        orphans = sum(1 for a in found if a.state == "orphan")
        damaged = sum(1 for a in found if a.damage)
        if self.orphans_only.isChecked():
            found = self._problems_only(found)
        current = self.editor.uuid
        self.all_list.delegate.clear_cache()
        self.all_model.set_annotations(found)
        if current is not None:
            self._select_in(self.all_list, current)
        n = len(found)
        text = f"{n} note{'s' if n != 1 else ''}"
        if orphans and not self.orphans_only.isChecked():
            text += f" · {orphans} orphaned"
        if damaged:
            text += f" · {damaged} damaged"
        self.count_label.setText(text)
        return found

    def _fill_colour_filter(self) -> None:
        current = self.colour_filter.currentData()
        self.colour_filter.blockSignals(True)
        self.colour_filter.clear()
        self.colour_filter.addItem("All colours", 0)
        for c in self._palette:
            self.colour_filter.addItem(swatch_icon(c.rgb), c.label, c.slot)
        self.colour_filter.setCurrentIndex(max(0, self.colour_filter.findData(current)))
        self.colour_filter.blockSignals(False)

    def _fill_tag_filter(self) -> None:
        tags: list[str] = []
        if self.store is not None:
            try:
                tags = self.store.tags()
            except (StoreError, sqlite3.Error):
                tags = []
        self.editor.set_known_tags(tags)
        current = self.tag_filter.currentData()
        self.tag_filter.blockSignals(True)
        self.tag_filter.clear()
        self.tag_filter.addItem("All tags", "")
        for tag in tags:
            self.tag_filter.addItem(f"#{tag}", tag)
        index = self.tag_filter.findData(current) if current else 0
        self.tag_filter.setCurrentIndex(max(0, index))
        self.tag_filter.blockSignals(False)
        if current and index < 0:
            self._all_stale = True

    # -- selection -------------------------------------------------------------------------------

    def _list(self) -> _NotesList:
        return self.article_list if self.current_view() == self.ARTICLE else self.all_list

    @staticmethod
    def _select_in(view: _NotesList, uuid: str) -> bool:
        model = view.model()
        assert isinstance(model, AnnotationListModel)
        row = model.row_of(uuid)
        if row < 0:
            return False
        index = model.index(row)
        view.selectionModel().blockSignals(True)
        view.setCurrentIndex(index)
        view.selectionModel().blockSignals(False)
        view.scrollTo(index)
        return True

    def select(self, uuid: str) -> bool:
        """Show ``uuid`` in the editor and select its row (in the list shown, where it is listed)."""
        found = None
        for model in (self.article_model, self.all_model):
            row = model.row_of(uuid)
            if row >= 0:
                found = model.annotation(row)
                break
        if found is None and self.store is not None:
            found = self.store.get(uuid)
        if found is None:
            return False
        if self.editor.uuid != uuid:
            self.editor.load(found)
        self._select_in(self.article_list, uuid)
        self._select_in(self.all_list, uuid)
        return True

    def edit(self, uuid: str, what: str = "note") -> bool:
        """Select ``uuid`` and put the cursor in its note (or tags) field."""
        if not self.select(uuid):
            return False
        self.editor.focus(what)
        return True

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        a = current.data(AnnotationRole) if current.isValid() else None
        if a is not None and a.uuid != self.editor.uuid:
            self.editor.load(a)

    def _article_clicked(self, index: QModelIndex) -> None:
        a: Annotation | None = index.data(AnnotationRole)
        if a is None:
            return
        if a.uuid != self.editor.uuid:
            self.editor.load(a)
        self.annotationActivated.emit(a.uuid)

    def _all_activated(self, index: QModelIndex) -> None:
        a: Annotation | None = index.data(AnnotationRole)
        if a is None:
            return
        if a.uuid != self.editor.uuid:
            self.editor.load(a)
        self.openRequested.emit(a.doc_id, a.uuid)

    def _delete_index(self, index: QModelIndex) -> None:
        uuid = index.data(UuidRole)
        if uuid:
            self.flush()
            self.deleteRequested.emit(uuid)

    # -- orphan review: "Attach here" --------------------------------------------------------------

    def set_selection_source(self, source: SelectionSource | None) -> None:
        """What "Attach here" attaches to; by default :func:`reading_selection` of this window."""
        self._selection_source = source

    def _selection(self) -> tuple[Document, int, int] | str | None:
        if self._selection_source is not None:
            return self._selection_source()
        return reading_selection(self.window())

    def attach_selection(self, uuid: str = "") -> Annotation | None:
        """Attach highlight ``uuid`` (the one in the editor by default) to the words selected in the
        reading pane: a fresh exact anchor there, its old quote kept. None, with the reason in the
        editor's status, when there is no usable selection or the store refuses."""
        uuid = uuid or (self.editor.uuid or "")
        if not uuid or self.store is None or self.store.read_only:
            return None
        self.flush()
        picked = self._selection()
        if not isinstance(picked, tuple):
            self.editor.tell(picked or NO_SELECTION)
            return None
        doc, start, end = picked
        try:
            with self.store.db.patience(GUI_PATIENCE_MS):
                fresh = self.store.attach(uuid, doc, start, end)
        except (KeyError, ValueError, StoreError, sqlite3.Error) as exc:
            log.warning("could not attach %s: %s", uuid, exc)
            self.editor.tell(f"Not attached: {exc}")
            return None
        self.refresh()
        self.editor.load(fresh)
        self.select(uuid)
        self.editor.tell("Attached here")
        self.editor.saved.emit(fresh)  # the window redraws the article's highlights on a save
        self.annotationActivated.emit(uuid)  # and shows this one
        return fresh

    def row_menu(self, index: QModelIndex | QPersistentModelIndex) -> QMenu:
        """The menu of a note row: "Attach here" (for an orphaned highlight) and "Delete"."""
        a: Annotation = index.data(AnnotationRole)
        writable = self.store is not None and not self.store.read_only
        menu = QMenu(self)
        attach = menu.addAction("&Attach here (to the words selected in the article)")
        attach.setEnabled(writable and a.anchor is not None and a.state == "orphan")
        attach.triggered.connect(lambda _c=False, u=a.uuid: self.attach_selection(u))
        delete = menu.addAction("&Delete")
        delete.setEnabled(writable)
        delete.triggered.connect(lambda _c=False, u=a.uuid: (self.flush(), self.deleteRequested.emit(u)))
        return menu

    def _show_row_menu(self, index: QModelIndex, where: QPoint) -> None:
        a: Annotation | None = index.data(AnnotationRole)
        if a is not None and a.uuid != self.editor.uuid:
            self.editor.load(a)
        self.row_menu(index).exec(where)

    def _saved(self, a: Annotation) -> None:
        # Update the rows in place: re-running the search while the reader types would make the
        # row being edited jump or vanish. The next search (or view switch) re-reads the store.
        for model, lst in ((self.article_model, self.article_list), (self.all_model, self.all_list)):
            if model.update_annotation(a):
                lst.delegate.clear_cache()
                lst.doItemsLayout()
        self._fill_tag_filter()

    def flush(self) -> bool:
        """Save whatever is being typed (before a switch, a delete, or quitting)."""
        return self.editor.flush()

    # -- remembered state ------------------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        return {
            "view": "all" if self.current_view() == self.ALL else "article",
            "query": self.search_field.text(),
            "colour": self.colour_filter.currentData() or 0,
            "tag": self.tag_filter.currentData() or "",
            "language": self.language_filter.currentData() or "",
            "date_from": self.date_from.text(),
            "date_to": self.date_to.text(),
            "sort": self.sort_combo.currentData() or "written",
            "orphans": self.orphans_only.isChecked(),
            "splitter": [int(s) for s in self.splitter.sizes()],
        }

    def restore_state(self, state: Any) -> None:
        if not isinstance(state, dict):
            return
        widgets: list[QWidget] = [
            self.search_field, self.colour_filter, self.tag_filter, self.language_filter,
            self.date_from, self.date_to, self.sort_combo, self.orphans_only,
        ]  # fmt: skip
        for w in widgets:
            w.blockSignals(True)
        try:
            if isinstance(state.get("query"), str):
                self.search_field.setText(state["query"])
            for combo, key in ((self.colour_filter, "colour"), (self.tag_filter, "tag"),
                               (self.language_filter, "language"), (self.sort_combo, "sort")):
                index = combo.findData(state.get(key))
                if index >= 0:
                    combo.setCurrentIndex(index)
            for edit, key in ((self.date_from, "date_from"), (self.date_to, "date_to")):
                if isinstance(state.get(key), str):
                    edit.setText(state[key])
            self.orphans_only.setChecked(bool(state.get("orphans")))
        finally:
            for w in widgets:
                w.blockSignals(False)
        sizes = state.get("splitter")
        if isinstance(sizes, list) and len(sizes) == 2 and all(isinstance(s, int) and s > 0 for s in sizes):
            self.splitter.setSizes(sizes)
        self._all_stale = True
        self.set_view(self.ALL if state.get("view") == "all" else self.ARTICLE)
