"""The Concordance view: every occurrence of the current query, one keyword-in-context line each.

Why it is built this way:

* **A table model over plain lines.** :class:`ConcordanceModel` adapts
  :class:`~reader.search.concordance.KwicLine` objects; sorting and the language filter are Python
  list operations on the model's own list (a ``QSortFilterProxyModel`` would call back into Python
  for every comparison: ~100k calls for 5,000 lines).
* **Lines arrive in batches.** The concordance is walked on the TaskRunner's reader pool; each
  batch of lines is handed to the GUI thread through a queued signal and appended with
  ``beginInsertRows``. The view only lays out visible rows (fixed row height), so 5,000 lines
  never freeze the window, and the first lines show after the first few articles.
* **Each part painted on its own.** A line is three pieces (context before, match, context after),
  each laid out by Qt in the line's direction, the match centred in the column. In a left-to-right
  line the context before the match sits on the left; in an Arabic line it sits on the right and
  the line reads right to left. Painting the pieces separately keeps mixed-script lines in order
  (no bidi algorithm run across the whole line can pull an English word to the wrong side), and no
  text is ever interpreted as markup: article text is data.
"""

from __future__ import annotations

import bisect
import logging
import unicodedata
from collections.abc import Callable, Sequence
from itertools import dropwhile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QKeyEvent, QPainter, QPalette, QTextOption
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reader.search.results import KwicLine
from reader.search.service import healing
from reader.text.script import direction_of
from reader.ui.colours import item_colours
from reader.ui.fonts import ARABIC_FAMILIES, register_bundled_fonts
from reader.ui.messages import plain_tooltip
from reader.ui.results_model import LANGUAGE_BADGES, MONTHS, KwicLineRole, clean_title, long_date, short_date
from reader.ui.tasks import Task, TaskRunner
from reader.ui.theme import get_theme

if TYPE_CHECKING:
    from reader.search.concordance import Counterparts

log = logging.getLogger(__name__)

ELLIPSIS = "…"
ARABIC_SCALE = 1.15  # Naskh reads a size smaller than a UI sans at the same point size
GAP = 6.0  # pixels between a context and the match
BATCH = 250
VIEW_CONTEXT = 120  # characters each side: a wide dock shows ~100, elided at the outer ends

TextDirectionRole = int(Qt.ItemDataRole.UserRole) + 41  #: 'rtl' | 'ltr' of a cell's text
CounterpartLineRole = int(Qt.ItemDataRole.UserRole) + 42  #: the Translation cell as a KwicLine (or None)
COL_CONTEXT, COL_ARTICLE, COL_DATE, COL_LANG, COL_TRANSLATION = range(5)
HEADERS = ("Context", "Article", "Date", "Lang", "Translation (aligned paragraph)")

SORT_CHOICES: tuple[tuple[str, str], ...] = (
    ("date", "Date"),
    ("article", "Article"),
    ("left", "Word before the match (left context)"),
    ("right", "Word after the match (right context)"),
)
LANGUAGE_CHOICES: tuple[tuple[str, str], ...] = (
    ("all", "All languages"), ("en", "English"), ("ar", "Arabic"),
)
EXPORT_FILTERS = "CSV, UTF-8 (*.csv);;Markdown table (*.md);;HTML table (*.html)"


# --------------------------------------------------------------------------------------------
# Painting one line


def arabic_font(base: QFont) -> QFont:
    """``base`` with the Naskh chain first and a little larger (for right-to-left lines)."""
    font = QFont(base)
    font.setFamilies([*ARABIC_FAMILIES[:4], *base.families(), base.family()])
    if base.pointSizeF() > 0:
        font.setPointSizeF(base.pointSizeF() * ARABIC_SCALE)
    else:
        font.setPixelSize(round(base.pixelSize() * ARABIC_SCALE))
    return font


def line_font(base: QFont, direction: str) -> QFont:
    return arabic_font(base) if direction == "rtl" else QFont(base)


def elide(metrics: QFontMetricsF, text: str, width: float, *, keep_end: bool) -> str:
    """``text`` cut to ``width`` pixels with an ellipsis where text was left out.

    ``keep_end`` keeps the logical end (context *before* a match: the words next to it matter),
    otherwise the logical start. Works on code points in logical order, so it is right for either
    direction: Qt then lays the kept part out.
    """
    if width <= 0:
        return ""
    if metrics.horizontalAdvance(text) <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        piece = text[len(text) - mid:] if keep_end else text[:mid]
        if metrics.horizontalAdvance(ELLIPSIS + piece) <= width:
            lo = mid
        else:
            hi = mid - 1
    if lo == 0:
        return ""
    if keep_end:
        return ELLIPSIS + _whole_words(text, text[len(text) - lo:], keep_end=True)
    return _whole_words(text, text[:lo], keep_end=False) + ELLIPSIS


def _whole_words(text: str, piece: str, *, keep_end: bool) -> str:
    """``piece`` (the kept end or start of ``text``) without the part of a word at its cut: a cut
    word reads as another one ("الردّ", the response, cut to "لردّ", to respond; "US" to "S"). In a
    text of one word the cut stays inside it, but no vowel mark is left without its letter."""
    cut = len(text) - len(piece) if keep_end else len(piece)
    inside = 0 < cut < len(text) and not text[cut - 1].isspace() and not text[cut].isspace()
    if not inside:
        return piece.strip()
    spaces = [i for i, ch in enumerate(piece) if ch.isspace()]
    if spaces:
        return piece[spaces[0]:].strip() if keep_end else piece[:spaces[-1]].strip()
    if any(ch.isspace() for ch in text):
        return ""  # not even the word next to the match fits: the ellipsis says there is more
    return "".join(dropwhile(unicodedata.combining, piece)) if keep_end else piece


def kwic_geometry(
    rect: QRectF, line: KwicLine, metrics: QFontMetricsF, match_metrics: QFontMetricsF
) -> tuple[tuple[QRectF, str, Qt.AlignmentFlag], ...]:
    """Where the three pieces go: (rect, text, horizontal alignment) for before, match, after.

    The match is centred in ``rect``. Left to right: the text before the match ends at the match's
    left edge, the text after starts at its right edge. Right to left: mirrored, so the text before
    the match is on the right.
    """
    left, match, right = line.left.strip(), line.match, line.right.strip()
    match = elide(match_metrics, match, rect.width() * 0.6, keep_end=False)
    mw = match_metrics.horizontalAdvance(match)
    cx = rect.center().x()
    m_left, m_right = cx - mw / 2, cx + mw / 2
    side_left = QRectF(rect.left(), rect.top(), max(0.0, m_left - GAP - rect.left()), rect.height())
    side_right = QRectF(m_right + GAP, rect.top(), max(0.0, rect.right() - m_right - GAP), rect.height())
    match_rect = QRectF(m_left, rect.top(), mw + 1, rect.height())
    right_align, left_align = Qt.AlignmentFlag.AlignRight, Qt.AlignmentFlag.AlignLeft
    if line.direction == "rtl":
        before = (side_right, elide(metrics, left, side_right.width(), keep_end=True), left_align)
        after = (side_left, elide(metrics, right, side_left.width(), keep_end=False), right_align)
    else:
        before = (side_left, elide(metrics, left, side_left.width(), keep_end=True), right_align)
        after = (side_right, elide(metrics, right, side_right.width(), keep_end=False), left_align)
    return before, (match_rect, match, Qt.AlignmentFlag.AlignHCenter), after


def paint_kwic(
    painter: QPainter, rect: QRectF, line: KwicLine, base: QFont, text_colour: QColor,
    match_back: QColor, match_text: QColor,
) -> None:
    """Paint ``line`` in ``rect``: each piece laid out by Qt in the line's own direction, as plain text."""
    font = line_font(base, line.direction)
    bold = QFont(font)
    bold.setBold(True)
    metrics, bold_metrics = QFontMetricsF(font), QFontMetricsF(bold)
    rtl = line.direction == "rtl"
    before, match, after = kwic_geometry(rect, line, metrics, bold_metrics)
    for (area, text, align), piece_font, colour in (
        (before, font, text_colour), (after, font, text_colour), (match, bold, match_text),
    ):
        if not text or area.width() <= 0:
            continue
        option = QTextOption(align | Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignAbsolute)
        option.setTextDirection(Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
        option.setWrapMode(QTextOption.WrapMode.NoWrap)
        painter.setFont(piece_font)
        if piece_font is bold:
            back = QRectF(area.left() - 2, rect.center().y() - bold_metrics.height() / 2 - 1,
                          area.width() + 3, bold_metrics.height() + 2)
            painter.fillRect(back, match_back)
        painter.setPen(colour)
        painter.drawText(area, text, option)


def kwic_row_height(base: QFont) -> int:
    """One line of Arabic (the taller script) plus padding: every row the same height."""
    return int(QFontMetricsF(arabic_font(base)).height() + 8.999)


def fixed_width(table: QTableView, texts: Sequence[str]) -> int:
    """A column width that shows the widest of ``texts`` (cells and header), with the cell margins."""
    cells = QFontMetricsF(table.font())
    heading = QFontMetricsF(table.horizontalHeader().font())
    widest = max(max(cells.horizontalAdvance(t) for t in texts), heading.horizontalAdvance(texts[0]))
    return int(widest + 24.999)


def _is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


class KwicDelegate(QStyledItemDelegate):
    """Paints the Context column of a KWIC row (``KwicLineRole``); other columns as usual."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.theme_name: str | None = None

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), max(size.height(), kwic_row_height(option.font)))

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        line = index.data(KwicLineRole)
        if index.column() == COL_TRANSLATION:
            line = index.data(CounterpartLineRole)  # the translation centred on the query's match
        if not isinstance(line, KwicLine) or index.column() not in (COL_CONTEXT, COL_TRANSLATION):
            if index.data(TextDirectionRole) == "rtl":
                # An Arabic title or paragraph: laid out, aligned and elided right to left, in Naskh.
                opt = QStyleOptionViewItem(option)
                self.initStyleOption(opt, index)
                opt.direction = Qt.LayoutDirection.RightToLeft
                opt.displayAlignment = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
                opt.font = arabic_font(opt.font)
                opt.textElideMode = Qt.TextElideMode.ElideRight
                widget = opt.widget
                style = widget.style() if widget is not None else None
                if style is not None:
                    style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
                    return
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else None
        painter.save()
        try:
            if style is not None:
                style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, widget)
            text, _back = item_colours(opt)
            theme = get_theme(self.theme_name or ("dark" if _is_dark(opt.palette) else "light"))
            rect = QRectF(opt.rect).adjusted(6, 0, -6, 0)
            paint_kwic(painter, rect, line, QFont(opt.font), text, theme.color("match"),
                       theme.color("match_text"))
        finally:
            painter.restore()


# --------------------------------------------------------------------------------------------
# The model


class ConcordanceModel(QAbstractTableModel):
    """Rows are KWIC lines; sorted by one of the core's keys, filtered by the line's language.

    ``all_lines`` keeps every line received (in arrival order); the rows shown are those passing the
    language filter, in the chosen order. Lines arriving while a non-date order is chosen are
    inserted at their sorted place, so the order holds while the list fills.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all: list[KwicLine] = []
        self._rows: list[KwicLine] = []
        self._keys: list[Any] = []
        self._sort = "date"
        self._language: str | None = None
        self._counterparts: Counterparts | None = None
        self._terms: list[Any] = []
        self._starts: dict[tuple[str, int], list[int]] = {}  # per (article, paragraph): match starts
        self._centred: dict[tuple[str, int, int], KwicLine | None] = {}

    # -- data in

    def clear(self) -> None:
        self.beginResetModel()
        self._all, self._rows, self._keys = [], [], []
        self._starts, self._centred = {}, {}
        self.endResetModel()

    def set_terms(self, terms: Sequence[Any]) -> None:
        """The query's highlight terms: the Translation column centres each paragraph on them."""
        self._terms = list(terms)
        self._centred = {}

    def append_lines(self, lines: Sequence[KwicLine]) -> None:
        """Add a batch; appended when it sorts after the rows shown (the usual, date-ordered case)."""
        if not lines:
            return
        self._all.extend(lines)
        for ln in lines:
            bisect.insort(self._starts.setdefault((ln.doc_id, ln.paragraph), []), ln.start)
        keep = [ln for ln in lines if self._accepts(ln)]
        if not keep:
            return
        from reader.search.concordance import sort_key  # the concordance engine: loaded on first use

        key = sort_key(self._sort)
        keys = [key(ln) for ln in keep]
        order = sorted(range(len(keep)), key=keys.__getitem__)
        keep, keys = [keep[i] for i in order], [keys[i] for i in order]
        if not self._rows or keys[0] >= self._keys[-1]:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(keep) - 1)
            self._rows.extend(keep)
            self._keys.extend(keys)
            self.endInsertRows()
            return
        self.layoutAboutToBeChanged.emit()
        rows = self._rows + keep
        all_keys = self._keys + keys
        order = sorted(range(len(rows)), key=all_keys.__getitem__)
        self._rows = [rows[i] for i in order]
        self._keys = [all_keys[i] for i in order]
        self.layoutChanged.emit()

    def _accepts(self, line: KwicLine) -> bool:
        return self._language is None or line.line_language == self._language

    def _rebuild(self) -> None:
        from reader.search.concordance import sort_key

        self.beginResetModel()
        key = sort_key(self._sort)
        rows = [ln for ln in self._all if self._accepts(ln)]
        keys = [key(ln) for ln in rows]
        order = sorted(range(len(rows)), key=keys.__getitem__)
        self._rows = [rows[i] for i in order]
        self._keys = [keys[i] for i in order]
        self.endResetModel()

    def set_sort(self, key: str) -> None:
        """Order rows by ``date``, ``article``, ``left`` or ``right`` (see the core's ``sort_key``)."""
        from reader.search.concordance import sort_key

        sort_key(key)  # raises on an unknown key
        if key != self._sort:
            self._sort = key
            self._rebuild()

    def sort_order(self) -> str:
        return self._sort

    def set_language(self, language: str | None) -> None:
        """Show only lines in ``language`` ('en', 'ar'); None or 'all' shows every line."""
        language = None if language in (None, "", "all") else language
        if language != self._language:
            self._language = language
            self._rebuild()

    def language(self) -> str | None:
        return self._language

    def set_counterparts(self, counterparts: Counterparts | None) -> None:
        """Where the Translation column finds each line's aligned paragraph (None: empty column)."""
        self._counterparts = counterparts
        self._centred = {}
        if self._rows:
            last = len(self._rows) - 1
            self.dataChanged.emit(self.index(0, COL_TRANSLATION), self.index(last, COL_TRANSLATION))

    def counterpart(self, row: int) -> Any:
        """The aligned paragraph of the paired translation for ``row``, aligned on first ask."""
        line = self.line(row)
        if line is None or not self._counterparts:
            return None
        return self._counterparts.paragraph_for(line.doc_id, line.paragraph)

    def counterpart_line(self, row: int) -> KwicLine | None:
        """The counterpart of ``row`` centred on the query's match (the n-th match of the line's
        paragraphs aligned together faces the n-th over there), or None (no counterpart, or the
        query's words are not in it: the cell then shows the paragraph from its start)."""
        line = self.line(row)
        if line is None or not self._counterparts or not self._terms:
            return None
        starts = self._starts.get((line.doc_id, line.paragraph), [])
        before = sum(len(self._starts.get((line.doc_id, p), ()))
                     for p in self._counterparts.bead(line.doc_id, line.paragraph) if p < line.paragraph)
        key = (line.doc_id, line.paragraph, before + bisect.bisect_left(starts, line.start))
        if key not in self._centred:
            self._centred[key] = self._counterparts.line_for(line.doc_id, line.paragraph, self._terms, key[2],
                                                             context=VIEW_CONTEXT)
        return self._centred[key]

    # -- data out

    def lines(self) -> list[KwicLine]:
        """The rows shown, in order (what an export writes)."""
        return list(self._rows)

    def all_lines(self) -> list[KwicLine]:
        return list(self._all)

    def line(self, row: int) -> KwicLine | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def spans_of(self, doc_id: str) -> list[tuple[int, int]]:
        """Every match of ``doc_id`` received so far (whatever the filter), in text order."""
        return sorted({(ln.start, ln.end) for ln in self._all if ln.doc_id == doc_id})

    # -- Qt model API

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        line = self.line(index.row())
        if line is None:
            return None
        col = index.column()
        if role == KwicLineRole:
            return line
        if col == COL_TRANSLATION:
            return self._translation_data(index.row(), role)
        if role == TextDirectionRole:
            return direction_of(line.title) if col == COL_ARTICLE else "ltr"
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if col == COL_CONTEXT:
                return f"{line.left} [{line.match}] {line.right}".strip()
            if col == COL_ARTICLE:
                return clean_title(line.title)
            if col == COL_DATE:
                return short_date(line.date)
            if col == COL_LANG:
                return LANGUAGE_BADGES.get(line.line_language, line.line_language.upper())
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(f"{long_date(line.date)} · paragraph {line.paragraph + 1} · "
                                 f"{line.doc_id}\n{clean_title(line.title)}")
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_DATE, COL_LANG):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _translation_data(self, row: int, role: int) -> Any:
        if role == CounterpartLineRole:
            return self.counterpart_line(row)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, TextDirectionRole,
                        Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.TextAlignmentRole):
            return None
        found = self.counterpart(row)
        if found is None:
            return None
        if role == TextDirectionRole:
            return found.direction
        if role == Qt.ItemDataRole.TextAlignmentRole:
            side = Qt.AlignmentFlag.AlignRight if found.direction == "rtl" else Qt.AlignmentFlag.AlignLeft
            return int(side | Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignAbsolute)
        if role == Qt.ItemDataRole.ToolTipRole:
            numbers = ", ".join(str(i + 1) for i in found.paragraphs)
            return plain_tooltip(f"In {found.doc_id}, paragraph {numbers}:\n{found.text}")
        return found.text


# --------------------------------------------------------------------------------------------
# The widget


class _Relay(QObject):
    """Carries batches from the pool thread to the GUI thread (queued by Qt)."""

    batch = Signal(int, object)


class ConcordanceTable(QTableView):
    """The line list: Enter opens the current line, as a click does."""

    enterPressed = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.enterPressed.emit(self.currentIndex())
            event.accept()
            return
        super().keyPressEvent(event)


class ConcordanceView(QWidget):
    """Every occurrence of the current query, sortable, filterable, exportable; a line opens its article.

    Signals: ``occurrenceActivated(doc_id, spans, current)``: open ``doc_id`` with all its matches
    ``spans`` (code points into ``Document.text``) and ``spans[current]`` the chosen one.
    """

    occurrenceActivated = Signal(str, object, int)
    finished = Signal(int)  # number of lines, when the whole concordance has arrived

    def __init__(self, runner: TaskRunner | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        register_bundled_fonts()
        self._runner = runner if runner is not None else TaskRunner(self)
        self._handle: Any = None
        self._documents: dict[str, Any] | Callable[[], dict[str, Any]] | None = None
        self._request: dict[str, Any] | None = None
        self._shown_request: dict[str, Any] | None = None
        self._generation = 0
        self._task: Task | None = None
        self._articles = 0
        self._done = False
        self._warning: str | None = None
        self._note: str | None = None
        """Why a query that matches articles has no line (``Concordance.note``), shown in the list's place."""
        self._omitted: tuple[int, int | None] = (0, None)
        """Occurrences of the last walk left out of the lines (articles over the per-article cap)."""
        self._relay = _Relay(self)
        self._relay.batch.connect(self._on_batch)

        self.status_label = QLabel(self)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)  # the query is echoed here
        self.status_label.setAccessibleName("Concordance status")
        self.status_label.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.sort_combo = QComboBox(self)
        self.sort_combo.setAccessibleName("Sort lines by")
        self.sort_combo.setToolTip("Order of the lines. In Arabic lines the left context (the text before "
                                   "the match) is shown on the right.")
        for key, label in SORT_CHOICES:
            self.sort_combo.addItem(label, key)
        self.sort_combo.currentIndexChanged.connect(
            lambda _i: self.model.set_sort(self.sort_combo.currentData()))
        self.language_combo = QComboBox(self)
        self.language_combo.setAccessibleName("Language of the lines")
        for key, label in LANGUAGE_CHOICES:
            self.language_combo.addItem(label, key)
        self.language_combo.currentIndexChanged.connect(
            lambda _i: self._language_changed(self.language_combo.currentData()))
        self.translation_box = QCheckBox("Translation", self)
        self.translation_box.setToolTip("Beside each line, the aligned paragraph of the article's paired "
                                        "translation (where it has one)")
        self.translation_box.toggled.connect(self._show_translation)
        self._counterparts_source: Callable[[], Counterparts | None] | None = None
        self.export_button = QPushButton("Export…", self)
        self.export_button.setToolTip("Save the lines shown as CSV, a Markdown table or an HTML table")
        self.export_button.clicked.connect(self.export_dialog)

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.status_label, 1)
        sort_label = QLabel("Sort:", self)
        sort_label.setTextFormat(Qt.TextFormat.PlainText)
        bar.addWidget(sort_label)
        bar.addWidget(self.sort_combo)
        bar.addWidget(self.language_combo)
        bar.addWidget(self.translation_box)
        bar.addWidget(self.export_button)

        self.model = ConcordanceModel(self)
        self.table = ConcordanceTable(self)
        self.table.setModel(self.model)
        self.delegate = KwicDelegate(self.table)
        self.table.setItemDelegate(self.delegate)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setAccessibleName("Concordance lines")
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(kwic_row_height(self.font()))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_CONTEXT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_ARTICLE, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(COL_ARTICLE, 240)
        # Widths from the texts these columns can hold, not ResizeToContents: that measures rows
        # (a thousand size hints, ~0.3 s) on every re-sort or filter of a long concordance.
        for col, texts in ((COL_DATE, [f"28 {m} 2020" for m in MONTHS] + ["undated"]),
                           (COL_LANG, list(LANGUAGE_BADGES.values()))):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, fixed_width(self.table, [HEADERS[col], *texts]))
        header.setSectionResizeMode(COL_TRANSLATION, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(COL_TRANSLATION, 380)
        self.table.setColumnHidden(COL_TRANSLATION, True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.clicked.connect(self._activate)
        self.table.enterPressed.connect(self._activate)
        self.note_label = QLabel(self)
        self.note_label.setTextFormat(Qt.TextFormat.PlainText)  # the query is echoed here
        self.note_label.setWordWrap(True)
        self.note_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note_label.setAccessibleName("Why there are no lines")
        self.note_label.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.note_label.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note_label, 1)
        self._show_status()

    # -- inputs

    def set_index(self, handle: Any) -> None:
        """Use ``handle`` from now on (None while the index is being built)."""
        if handle is self._handle:
            return
        self._handle = handle
        self._shown_request = None
        self.refresh()

    def set_documents(self, documents: dict[str, Any] | Callable[[], dict[str, Any]] | None) -> None:
        """The loaded corpus' articles by id, or a function returning them when a walk starts.

        Their paragraphs give each line its direction; without them the index's text is used.
        """
        self._documents = documents
        self._shown_request = None

    def set_counterparts_source(self, source: Callable[[], Counterparts | None] | None) -> None:
        """A function giving the pairs' aligner (called when Translation is turned on or a new
        concordance starts with it on), so pairs made since are used."""
        self._counterparts_source = source
        if self.translation_box.isChecked():
            self._show_translation(True)

    def _show_translation(self, on: bool) -> None:
        counterparts = None
        if on and self._counterparts_source is not None:
            try:
                counterparts = self._counterparts_source()
            except Exception:  # pairs unreadable: the column stays empty, the lines stay
                log.exception("pairs for the bilingual concordance could not be read")
        self.model.set_counterparts(counterparts)
        self.table.setColumnHidden(COL_TRANSLATION, not on)

    def set_query(self, text: str, **options: Any) -> None:
        """Show the concordance of ``text`` with search options (lang, date_from, date_to, exact, variants).

        Runs now if the view is visible, otherwise when it is next shown.
        """
        request = {"text": text or "", **{k: v for k, v in options.items() if v not in (None, False)}}
        if request == self._request:
            return
        self._request = request
        self.refresh()

    def request(self) -> dict[str, Any] | None:
        return self._request

    def refresh(self, *, force: bool = False) -> None:
        """(Re)build the lines for the current query if they are not the ones shown."""
        if not force and (not self.isVisible() or self._request == self._shown_request):
            return
        self._start()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.refresh()

    # -- running

    def is_running(self) -> bool:
        return self._task is not None and not self._done

    def _cancel(self) -> None:
        self._generation += 1
        if self._task is not None:
            self._task.cancel()
            self._task = None

    def _start(self) -> None:
        self._cancel()
        self.model.clear()
        self._articles = 0
        self._warning = None
        self._set_note(None)
        self._omitted = (0, None)
        self._done = False
        request = self._request
        self._shown_request = request
        if not request or not request.get("text", "").strip():
            self._done = True
            self._show_status()
            return
        if self._handle is None:
            self._done = True
            self._warning = "The index is being built; the concordance appears when it is ready."
            self._shown_request = None
            self._show_status()
            return
        generation = self._generation
        documents = self._documents() if callable(self._documents) else self._documents
        handle, relay = self._handle, self._relay
        options = {k: v for k, v in request.items() if k != "text"}

        def walk(task: Task, index: Any) -> int:
            from reader.search.concordance import open_concordance  # off the GUI thread

            conc = open_concordance(index, request["text"], documents=documents, context=VIEW_CONTEXT,
                                    **options)
            try:
                relay.batch.emit(generation, ("start", conc.articles, conc.warning, conc.note, conc.terms))
                count = 0
                for batch in conc.batches(BATCH, cancel=lambda: task.cancelled):
                    relay.batch.emit(generation, ("lines", batch))
                    count += len(batch)
                relay.batch.emit(generation, ("omitted", conc.omitted_total, conc.per_article))
                return count
            finally:
                conc.close()

        def work(task: Task, _progress: Callable[[int, int, str], None]) -> int:
            # Through the one heal path: an index that cannot be read is rebuilt and the walk
            # starts again ("start" clears the lines already listed).
            count, note = healing(handle, lambda index: walk(task, index))
            if note:
                relay.batch.emit(generation, ("note", note))
            return count

        self._task = self._runner.run(
            "concordance", work,
            on_result=lambda count: self._on_done(generation, count),
            on_error=lambda exc, _trace: self._on_error(generation, exc),
        )
        self._show_status()

    def _on_batch(self, generation: int, payload: Any) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return
        kind = payload[0]
        if kind == "start":
            if self.model.all_lines():
                self.model.clear()  # a walk started again after the index was rebuilt
            self._articles, self._warning, self._omitted = payload[1], payload[2], (0, None)
            self._set_note(payload[3])
            self.model.set_terms(payload[4])
        elif kind == "omitted":
            self._omitted = (payload[1], payload[2])
        elif kind == "note":
            self._warning = f"{payload[1]} {self._warning}" if self._warning else payload[1]
        else:
            self.model.append_lines(payload[1])
        self._show_status()

    def _on_done(self, generation: int, count: int) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return
        self._done = True
        self._task = None
        self._show_status()
        self.finished.emit(count)

    def _on_error(self, generation: int, exc: BaseException) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return
        self._done = True
        self._task = None
        self._warning = f"The concordance failed ({type(exc).__name__}: {exc})."
        self._show_status()

    def _set_note(self, note: str | None) -> None:
        """Show ``note`` where the lines would be (an empty list would look like a failure), or the list."""
        self._note = note
        self.note_label.setText(note or "")
        self.note_label.setVisible(bool(note))
        self.table.setVisible(not note)

    def note(self) -> str | None:
        """The sentence shown instead of the lines, if any."""
        return self._note

    def _language_changed(self, language: str | None) -> None:
        self.model.set_language(language)
        self._show_status()

    def _show_status(self) -> None:
        query = (self._request or {}).get("text", "").strip()
        if not query:
            text = "Type a query in Search: every occurrence of it is listed here."
        elif self._note:
            matches = "article matches" if self._articles == 1 else "articles match"
            text = f"{self._articles} {matches} “\u2068{query}\u2069”"
        else:
            shown = self.model.rowCount()
            total = len(self.model.all_lines())
            # English first and the query isolated (FSI…PDI): an Arabic query must not turn the
            # whole sentence right to left.
            text = f"{total} occurrence{'s' if total != 1 else ''} of “\u2068{query}\u2069” in " \
                   f"{self._articles} article{'s' if self._articles != 1 else ''}"
            if shown != total:
                text += f" ({shown} shown)"
            more, per_article = self._omitted
            if more:
                text += f"; {more} more not listed (at most {per_article} per article)"
            if not self._done:
                text += " — listing…"
        if self._warning:
            text += f"  ⚠ {self._warning}"
        self.status_label.setText(text)
        self.export_button.setEnabled(self.model.rowCount() > 0)

    # -- actions

    def _activate(self, index: QModelIndex) -> None:
        line = index.data(KwicLineRole) if index.isValid() else None
        if not isinstance(line, KwicLine):
            return
        spans = self.model.spans_of(line.doc_id)
        current = spans.index((line.start, line.end)) if (line.start, line.end) in spans else 0
        self.occurrenceActivated.emit(line.doc_id, spans, current)

    def export_to(self, path: str | Path, fmt: str | None = None) -> Path:
        """Write the lines shown (filter and order as on screen) to ``path``; raises OSError."""
        from reader.search.concordance import export_lines

        query = (self._request or {}).get("text", "")
        return export_lines(path, self.model.lines(), fmt, query=query)

    def export_dialog(self) -> Path | None:
        """Ask where to save, then export; a failure is said in the status line, never raised."""
        stem = "".join(ch if ch.isalnum() else "-" for ch in (self._request or {}).get("text", ""))[:40]
        suggested = str(Path.home() / f"concordance-{stem.strip('-') or 'lines'}.csv")
        path, chosen = QFileDialog.getSaveFileName(self, "Export Concordance", suggested, EXPORT_FILTERS)
        if not path:
            return None
        fmt = "md" if "Markdown" in (chosen or "") else "html" if "HTML" in (chosen or "") else "csv"
        if Path(path).suffix.lower() in (".csv", ".md", ".html", ".htm", ".markdown"):
            fmt = None  # the typed suffix wins
        try:
            written = self.export_to(path, fmt)
        except (OSError, ValueError) as exc:
            self._warning = f"Could not export: {exc}"
            self._show_status()
            return None
        self.status_label.setText(f"Saved {self.model.rowCount()} lines to {written}")
        return written

    def set_theme(self, name: str | None) -> None:
        self.delegate.theme_name = name
        self.table.viewport().update()

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the running walk is done (tests, quitting)."""
        return self._runner.wait(msecs)
