"""The search panel: a query field, its options, a status line and the list of hits.

Why it is built this way:

* **Search as you type, never on the GUI thread.** Each keystroke cancels the running search and
  restarts a short debounce; the search runs on the TaskRunner's reader pool. It starts at once
  (a search *ahead*) but is shown only when the debounce ends: the list does not change under
  every keystroke, and the researcher, who waits for the debounce either way, gets the answer at
  its end instead of a search's time after it. Every search
  carries a *generation* number: a result is shown only if it belongs to the newest search, so a
  slow old query can never overwrite the answer to what is typed now (the TaskRunner drops
  cancelled results too; the generation check does not rely on that).
* **First rows first.** A search finds the hits the list shows without scrolling first, with their
  snippets, the total and the month counts, and shows them; once they are painted a second task
  finds the rest (:func:`run_more`) and appends them below, leaving the rows shown (and a row
  already selected or expanded) as they are.
* **No index yet is a normal state.** While the index is built, ``set_index(None)`` queues the
  query and says so; the query runs as soon as a handle arrives.
* **Document text is never markup.** Hits are painted with ``QTextLayout`` and format ranges, not
  HTML; titles and snippets go through no rich-text path at all. Arabic titles and snippets are
  laid out right-to-left and right-aligned by their majority script (Qt's first-strong-character
  guess gets ``(AFP) قال ...`` wrong), and Arabic words inside an English line get the Arabic
  font chain so they are shaped in a proper Naskh rather than whatever the UI font carries.
* **Every occurrence, one click away.** Each hit says how many matches its article has; expanding
  it (the arrow, or Right) lists every match as a keyword-in-context line (left context, match,
  right context), painted piece by piece in the line's own direction with the match centred
  (:func:`~reader.ui.concordance_view.paint_kwic`). Activating a line opens the article with that
  match current.
* **Snippet offsets are Qt's.** Format ranges are UTF-16 positions; every code-point offset is
  converted through :class:`~reader.text.utf16.OffsetMap`, so an emoji before a match does not
  shift the highlight.
"""

from __future__ import annotations

import datetime as _dt
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QTextCharFormat,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from reader.search.results import KwicLine, SearchResponse
from reader.search.schema import parse_date_bound
from reader.search.service import search_healing
from reader.text.script import direction_of
from reader.text.utf16 import OffsetMap
from reader.ui.colours import item_colours, mix, scaled_font
from reader.ui.concordance_view import kwic_row_height, paint_kwic
from reader.ui.fonts import ARABIC_FAMILIES, register_bundled_fonts
from reader.ui.results_model import (
    ELLIPSIS,
    LANGUAGE_BADGES,
    AliasesRole,
    DateRole,
    DocIdRole,
    HitRole,
    IsOccurrenceRole,
    KwicLineRole,
    LanguageRole,
    MatchCountRole,
    MatchesRole,
    OccurrenceIndexRole,
    ResultsModel,
    SnippetDirectionRole,
    SnippetParts,
    SnippetPartsRole,
    TitleDirectionRole,
    clean_title,
    month_label,
    short_date,
    snippet_parts,
)
from reader.ui.tasks import Task, TaskRunner, after_paint
from reader.ui.theme import get_theme

log = logging.getLogger(__name__)

DEBOUNCE_MS = 250
BUSY_DELAY_MS = 150
MORE_AFTER_MS = 100  # the rest of the hits is searched for once the first rows are painted, or after this
RESULT_LIMIT = 60  # each hit costs a highlight pass over its text: keeps typing responsive
ROW_LINES = 5  # title, meta line and three snippet lines: how tall a hit's row is, in lines
PLACEHOLDER = "Search the corpus (Ctrl+K) — names in any spelling, English or Arabic"
BUILDING_TEXT = "Index is being built — results will appear as soon as it is ready"
SEARCHING_TEXT = "Searching…"
NO_MATCHES_TEXT = "No matches"

LANGUAGE_CHOICES: tuple[tuple[str, str], ...] = (("all", "All"), ("en", "English"), ("ar", "Arabic"))
SORT_CHOICES: tuple[tuple[str, str], ...] = (("relevance", "Relevance"), ("date", "Newest first"))

EXACT_TIP = (
    "Exact: match the surface form as written, including Arabic diacritics and letter forms "
    "(no stemming, no folding)"
)
VARIANTS_TIP = (
    "Variants: also match transliteration variants of names, e.g. Qasem / Qassem / Kassem / قاسم"
)
DATE_TIP = "Write a date as YYYY, YYYY-MM or YYYY-MM-DD"
INVALID_DATE_STYLE = "QLineEdit { border: 1px solid #d0453a; border-radius: 3px; padding: 2px 3px; }"

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_ARABIC_RUN = re.compile(
    "[\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufeff]+"
    "(?:[ \u00a0]+[\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufeff]+)*"
)
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")  # two UTF-16 units each: offsets need mapping
_FSI, _PDI = "\u2068", "\u2069"  # bidi isolates: each Arabic alias keeps its place in the list

# Naskh has a small x-height next to UI sans faces: at equal size Arabic reads a size smaller.
ARABIC_UI_SCALE = 1.15
_PAD_X = 8
_PAD_Y = 6
_GAP = 2
MAX_SNIPPET_LINES = 3


# --------------------------------------------------------------------------------------------
# Dates typed in the option row


def normalise_date(text: str) -> str | None:
    """A typed date bound as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; None when it is not one.

    Arabic-Indic digits are accepted and one-digit months and days are padded, so ``٢٠٢٠-3``
    reads as ``2020-03``; the day must exist in that month.
    """
    value = text.strip().translate(_DIGITS)
    m = _DATE_RE.match(value)
    if not m:
        return None
    year, month, day = m.group(1), m.group(2), m.group(3)
    if month is None:
        return year
    if not 1 <= int(month) <= 12:
        return None
    if day is None:
        return f"{year}-{int(month):02d}"
    try:
        _dt.date(int(year), int(month), int(day))
    except ValueError:
        return None
    return f"{year}-{int(month):02d}-{int(day):02d}"


def intersect_dates(
    date_from: str | None, date_to: str | None, month: str | None
) -> tuple[str | None, str | None]:
    """The typed range narrowed to ``month`` (a timeline bar), as bounds the searcher reads.

    The later start and the earlier end win; a month outside the typed range gives an empty range,
    which is the honest answer (no article is in both).
    """
    if not month:
        return date_from, date_to
    lo, hi = date_from, date_to
    month_lo, month_hi = parse_date_bound(month, end=False), parse_date_bound(month, end=True)
    if month_lo is not None and (lo is None or month_lo >= (parse_date_bound(lo, end=False) or 0)):
        lo = month
    if month_hi is not None and (hi is None or month_hi <= (parse_date_bound(hi, end=True) or 0)):
        hi = month
    return lo, hi


# --------------------------------------------------------------------------------------------
# The search task (runs on a pool thread: no Qt objects in here)


@dataclass(frozen=True)
class SearchRequest:
    """Everything one search needs, frozen so the pool thread sees a consistent snapshot."""

    text: str
    lang: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    month: str | None = None
    sort: str = "relevance"
    exact: bool = False
    variants: bool = False
    limit: int = RESULT_LIMIT
    first_page: int | None = None  # searched for first when set (the rows the list shows at once)


@dataclass
class SearchOutcome:
    request: SearchRequest
    response: SearchResponse
    snippets: dict[str, SnippetParts] = field(default_factory=dict)
    occurrences: dict[str, list[KwicLine]] = field(default_factory=dict)


@dataclass
class _Ahead:
    """A search started as the query was typed (:meth:`SearchPanel._search_ahead`)."""

    request: SearchRequest
    generation: int
    handle: Any
    outcome: SearchOutcome | None = None
    shown: bool = False  # the debounce ended: show the outcome as soon as it is there


def run_search(handle: Any, request: SearchRequest, task: Task | None = None) -> SearchOutcome:
    """Search ``handle`` for ``request``; also rebuild each hit's snippet as plain text + spans.

    Only the first ``request.first_page`` hits when it is set (what the list shows without
    scrolling: each hit costs a pass over its article's text), with the total and the month counts;
    :func:`run_more` finds the rest of the ``request.limit`` hits.

    With a month picked on the timeline the hits are that month's, but ``by_month`` still counts
    the whole typed range (a second, one-hit search), so the timeline keeps showing where else the
    query matches instead of collapsing to the one bar the user clicked.
    """
    outcome = _search_part(handle, request, min(request.first_page or request.limit, request.limit))
    if task is not None and task.cancelled:
        return outcome  # dropped by the runner anyway; skip the extra work
    if request.month:
        from reader.search.searcher import search  # loaded by the search above

        try:
            overall = search(handle, request.text, date_from=request.date_from, date_to=request.date_to,
                             limit=1, **_options(request))
            outcome.response.by_month = dict(overall.by_month)
        except Exception:
            log.exception("month counts for %r failed", request.text)
    _add_snippets(handle, outcome, task)
    return outcome


def run_more(handle: Any, first: SearchOutcome, task: Task | None = None) -> SearchOutcome:
    """All the hits ``first.request`` asks for, ``first`` being its first rows (:func:`run_search`):
    the same counts and warning, and the snippets already made for the same hits."""
    outcome = _search_part(handle, first.request, first.request.limit)
    response, known = outcome.response, first.response
    response.total, response.by_month, response.warning = known.total, known.by_month, known.warning
    kept = {h.id: h.matches for h in known.hits}  # an index updated in between may have moved them
    same = {h.id for h in response.hits if kept.get(h.id) == h.matches}
    outcome.snippets = {i: parts for i, parts in first.snippets.items() if i in same}
    outcome.occurrences = {i: lines for i, lines in first.occurrences.items() if i in same}
    _add_snippets(handle, outcome, task)
    return outcome


def more_to_come(outcome: SearchOutcome) -> bool:
    """True when ``outcome`` holds the first rows only (:func:`run_more` lists the rest)."""
    response = outcome.response
    return len(response.hits) < min(response.total, outcome.request.limit)


def _options(request: SearchRequest) -> dict[str, Any]:
    return {"lang": request.lang, "sort": request.sort, "exact": request.exact, "variants": request.variants}


def _search_part(handle: Any, request: SearchRequest, limit: int) -> SearchOutcome:
    """The first ``limit`` hits of ``request``, through the one heal path (an index that cannot be
    read is rebuilt and searched again)."""
    date_from, date_to = intersect_dates(request.date_from, request.date_to, request.month)
    response = search_healing(handle, request.text, date_from=date_from, date_to=date_to, limit=limit,
                              **_options(request))
    return SearchOutcome(request, response)


def _article_text(handle: Any, searcher: Any, doc_id: str) -> str | None:
    """The text a hit's offsets point into: the handle's corpus when it serves it, else the text the
    index stores."""
    text_of = getattr(handle, "text_of", None)
    if callable(text_of):
        text = text_of(doc_id)
        if isinstance(text, str):
            return text
    if searcher is None:
        return None
    stored = searcher.document(id=doc_id) or {}
    text = stored.get("content")
    return text if isinstance(text, str) else None


def _add_snippets(handle: Any, outcome: SearchOutcome, task: Task | None) -> None:
    """Snippet parts and occurrence lines for the hits of ``outcome`` that have none yet."""
    from reader.search.concordance import kwic_for_text  # off the GUI thread, after the window is up

    searcher = None
    try:
        searcher = handle.searcher()
    except Exception:
        log.debug("no searcher for snippets; falling back to the marked snippets", exc_info=True)
    for hit in outcome.response.hits:
        if task is not None and task.cancelled:
            break
        if hit.id in outcome.snippets:
            continue
        try:
            text = _article_text(handle, searcher, hit.id)
        except Exception:
            continue
        if text is not None:
            outcome.snippets[hit.id] = snippet_parts(text, hit.matches)
            # Every match of the article in context: cheap slicing, shown when expanded.
            outcome.occurrences[hit.id] = kwic_for_text(
                text, hit.matches, doc_id=hit.id, title=hit.title, date=hit.date, language=hit.language,
            )


# --------------------------------------------------------------------------------------------
# Painting hits




def _arabic_font(base: QFont, *, bold: bool = False) -> QFont:
    font = QFont(base)
    font.setFamilies([*ARABIC_FAMILIES[:4], *base.families(), base.family()])
    if base.pointSizeF() > 0:
        font.setPointSizeF(base.pointSizeF() * ARABIC_UI_SCALE)
    else:
        font.setPixelSize(round(base.pixelSize() * ARABIC_UI_SCALE))
    font.setBold(bold)
    return font


def _small(font: QFont) -> QFont:
    return scaled_font(font, 0.88)


@dataclass
class _Piece:
    """One block of a row (title, meta line or snippet) ready to lay out."""

    text: str
    font: QFont
    rtl: bool
    max_lines: int
    colour: QColor
    ranges: list[tuple[int, int, QTextCharFormat]] = field(default_factory=list)  # code points
    align_right: bool = False  # right-aligned without being right-to-left (meta under an Arabic title)


def _arabic_ranges(text: str, base: QFont, bold: bool = False) -> list[tuple[int, int, QTextCharFormat]]:
    """Arabic runs inside a Latin line, set in the Arabic font chain (a UI sans shapes it poorly)."""
    out = []
    font = _arabic_font(base, bold=bold)
    for m in _ARABIC_RUN.finditer(text):
        fmt = QTextCharFormat()
        fmt.setFontFamilies(font.families())
        if font.pointSizeF() > 0:
            fmt.setFontPointSize(font.pointSizeF())
        out.append((m.start(), m.end(), fmt))
    return out


def _make_layout(piece: _Piece, text: str, width: float) -> tuple[QTextLayout, float, int]:
    """Lay ``text`` out in ``width``; returns the layout, its height and where line N ended."""
    layout = QTextLayout(text, piece.font)
    option = QTextOption(
        (Qt.AlignmentFlag.AlignRight if piece.rtl or piece.align_right else Qt.AlignmentFlag.AlignLeft)
        | Qt.AlignmentFlag.AlignAbsolute
    )
    option.setTextDirection(Qt.LayoutDirection.RightToLeft if piece.rtl else Qt.LayoutDirection.LeftToRight)
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    offsets = OffsetMap(text) if _ASTRAL.search(text) else None  # most text needs no mapping
    if piece.ranges:
        formats = []
        for start, end, fmt in piece.ranges:
            end = min(end, len(text))
            if end <= start:
                continue
            r = QTextLayout.FormatRange()
            r.start = offsets.to_utf16(start) if offsets else start
            r.length = (offsets.to_utf16(end) if offsets else end) - r.start
            r.format = fmt
            formats.append(r)
        layout.setFormats(formats)
    layout.setCacheEnabled(True)
    layout.beginLayout()
    y = 0.0
    lines = 0
    end_of_allowed = 0
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(max(1.0, width))
        line.setPosition(QPointF(0, y))
        lines += 1
        if lines <= piece.max_lines:
            y += line.height()
            end_of_allowed = line.textStart() + line.textLength()
        else:
            break
    layout.endLayout()
    fits = lines <= piece.max_lines
    if fits:
        return layout, y, -1
    return layout, y, offsets.to_codepoint(end_of_allowed) if offsets else end_of_allowed


def _fit(piece: _Piece, width: float) -> tuple[QTextLayout, float]:
    """``piece`` in at most ``max_lines`` lines, cut at a word and ended with an ellipsis if longer."""
    layout, height, cut = _make_layout(piece, piece.text, width)
    text = piece.text
    first = True
    for _ in range(60):
        if cut < 0:
            break
        if not first:  # back off a word (a few letters inside a very long one)
            space = text.rfind(" ", 0, max(0, cut - 1))
            cut = space if space > 0 and cut - space <= 24 else max(1, cut - 3)
        first = False
        layout, height, over = _make_layout(piece, text[:cut].rstrip() + ELLIPSIS, width)
        if over < 0 or cut <= 1:
            break
    return layout, height


class ResultDelegate(QStyledItemDelegate):
    """Paints a hit: bold title; 'date · EN · matched: …' muted; up to three lines of snippet.

    Rows are as tall as their text needs for the view's current width; heights are cached per
    (row, width, font) and dropped when the model resets.
    """

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self._view = view
        self._heights: dict[tuple[str, int, int, str], int] = {}
        self.theme_name: str | None = None  # None: light or dark from the palette

    def clear_cache(self) -> None:
        self._heights.clear()

    # ----------------------------------------------------------------- geometry

    def _width(self) -> int:
        return max(80, self._view.viewport().width())

    def _pieces(self, opt: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex,
                colours: tuple[QColor, QColor]) -> list[_Piece]:
        text_colour, muted = colours
        base = QFont(opt.font)
        title_rtl = index.data(TitleDirectionRole) == "rtl"
        snippet_rtl = index.data(SnippetDirectionRole) == "rtl"

        title_font = _arabic_font(base, bold=True) if title_rtl else QFont(base)
        title_font.setBold(True)
        title_text = clean_title(index.data(Qt.ItemDataRole.DisplayRole) or "")
        title = _Piece(title_text, title_font, title_rtl, 1, text_colour)
        if not title_rtl:
            title.ranges = _arabic_ranges(title_text, base, bold=True)

        small = _small(base)
        language = index.data(LanguageRole) or ""
        parts = [short_date(index.data(DateRole)), LANGUAGE_BADGES.get(language, language.upper())]
        count = index.data(MatchCountRole) or 0
        if count:
            parts.append(f"{count} match{'es' if count != 1 else ''}")
        aliases = [a for a in (index.data(AliasesRole) or []) if a]
        if aliases:
            parts.append("matched: " + ", ".join(f"{_FSI}{a}{_PDI}" for a in aliases))
        meta_text = " · ".join(p for p in parts if p)
        # Our own English, so left-to-right; it follows an Arabic title to the right edge.
        meta = _Piece(meta_text, small, False, 1, muted, _arabic_ranges(meta_text, small), title_rtl)

        plain, spans = index.data(SnippetPartsRole) or ("", [])
        snippet_font = _arabic_font(base) if snippet_rtl else QFont(base)
        snippet = _Piece(plain, snippet_font, snippet_rtl, MAX_SNIPPET_LINES, text_colour)
        if not snippet_rtl:
            snippet.ranges = _arabic_ranges(plain, base)
        theme = get_theme(self.theme_name or ("dark" if _is_dark(opt.palette) else "light"))
        for start, end in spans:
            fmt = QTextCharFormat()
            fmt.setFontWeight(QFont.Weight.Bold)
            fmt.setBackground(theme.color("match"))
            fmt.setForeground(theme.color("match_text"))
            snippet.ranges.append((start, end, fmt))
        return [title, meta, snippet] if plain else [title, meta]

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        if index.data(IsOccurrenceRole):
            return QSize(self._width(), kwic_row_height(option.font))
        width = self._width() - self._view.indentation()
        key = (str(index.data(DocIdRole)), index.row(), width, option.font.key())
        height = self._heights.get(key)
        if height is None:
            colours = (QColor(), QColor())
            inner = width - 2 * _PAD_X
            total = 2.0 * _PAD_Y
            pieces = self._pieces(option, index, colours)
            for piece in pieces:
                # The allowed lines of the full text are as tall as the elided text: no need to elide.
                total += _make_layout(piece, piece.text, inner)[1]
            total += _GAP * (len(pieces) - 1)
            height = int(total + 1.999)
            self._heights[key] = height
        return QSize(width, height)

    # ----------------------------------------------------------------- painting

    @staticmethod
    def _colours(opt: QStyleOptionViewItem) -> tuple[QColor, QColor, QColor]:
        text, back = item_colours(opt)
        return text, mix(text, back, 0.4), back

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""  # we draw the text; the style draws selection and hover only
        widget = opt.widget
        style = widget.style() if widget is not None else None
        painter.save()
        try:
            if style is not None:
                style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, widget)
            text, muted, back = self._colours(opt)
            line = index.data(KwicLineRole)
            if isinstance(line, KwicLine):
                theme = get_theme(self.theme_name or ("dark" if _is_dark(opt.palette) else "light"))
                area = QRectF(opt.rect).adjusted(4, 0, -_PAD_X, 0)
                paint_kwic(painter, area, line, QFont(opt.font), text, theme.color("match"),
                           theme.color("match_text"))
                return
            rect = opt.rect
            inner = rect.width() - 2 * _PAD_X
            y = float(rect.top() + _PAD_Y)
            for piece in self._pieces(opt, index, (text, muted)):
                layout, height = _fit(piece, inner)
                painter.setPen(piece.colour)
                layout.draw(painter, QPointF(rect.left() + _PAD_X, y))
                y += height + _GAP
            selected = bool(opt.state & QStyle.StateFlag.State_Selected)
            painter.setPen(back if selected else mix(text, back, 0.85))  # a hairline between hits
            painter.drawLine(rect.left() + _PAD_X, rect.bottom(), rect.right() - _PAD_X, rect.bottom())
        finally:
            painter.restore()


def _is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


# --------------------------------------------------------------------------------------------
# Widgets


class SearchField(QLineEdit):
    """The query line: Down moves into the results, Escape clears, direction follows the script."""

    downPressed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setClearButtonEnabled(True)
        self.setPlaceholderText(PLACEHOLDER)
        self.setAccessibleName("Search the corpus")
        self.setToolTip(
            'Words are all required; "quoted phrase", OR, NOT, name* (prefix), '
            "date:2020-03, from:2020-01, to:2020-04"
        )
        self.textChanged.connect(self._follow_script)
        # Between a keystroke and its results (debounce, then the search itself): a sign in the
        # field, where the eyes are, that the list below is about to change.
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_BrowserReload)
        self.busy_action = QAction(icon, "", self)
        self.busy_action.setToolTip("Searching…")

    def set_busy(self, busy: bool) -> None:
        if busy == self.busy:
            return
        if busy:
            self.addAction(self.busy_action, QLineEdit.ActionPosition.TrailingPosition)
        else:
            self.removeAction(self.busy_action)

    @property
    def busy(self) -> bool:
        return self.busy_action in self.actions()

    def _follow_script(self, text: str) -> None:
        # Arabic queries are typed right-to-left (cursor, alignment and the clear button follow);
        # an empty field goes back to the window's direction so the English placeholder reads well.
        if not text.strip():
            self.unsetLayoutDirection()
        elif direction_of(text) == "rtl":
            self.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        else:
            self.setLayoutDirection(Qt.LayoutDirection.LeftToRight)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) and not event.modifiers():
            self.downPressed.emit()
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            event.accept()
            return
        super().keyPressEvent(event)


class ResultsView(QTreeView):
    """The hit list: Enter activates, Up on the first row returns to the query, typing goes there.

    A tree of one level: a hit expands (arrow, Right or ``+``) into its occurrences.
    """

    enterPressed = Signal(QModelIndex)
    leaveTop = Signal()
    typed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.empty_text = ""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        current = self.currentIndex()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and current.isValid():
            self.enterPressed.emit(current)
            event.accept()
            return
        first = current.isValid() and current.row() == 0 and not current.parent().isValid()
        if key == Qt.Key.Key_Up and (not current.isValid() or first):
            self.leaveTop.emit()
            event.accept()
            return
        text = event.text()
        mods = event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier & ~Qt.KeyboardModifier.KeypadModifier
        if text in ("+", "-", "*"):  # expand / collapse, as in any tree
            super().keyPressEvent(event)
            return
        if text and text.isprintable() and not text.isspace() and mods == Qt.KeyboardModifier.NoModifier:
            self.typed.emit(text)
            event.accept()
            return
        super().keyPressEvent(event)

    def resizeEvent(self, event: Any) -> None:
        old = event.oldSize().width()
        super().resizeEvent(event)
        if old != event.size().width():
            self.scheduleDelayedItemsLayout()  # hit rows are as tall as their text at this width

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if self.empty_text and model is not None and model.rowCount() == 0:
            painter = QPainter(self.viewport())
            try:
                painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
                painter.drawText(
                    self.viewport().rect().adjusted(16, 24, -16, -12),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
                    self.empty_text,
                )
            finally:
                painter.end()


EMPTY_HINT = (
    "Type a name, a place or a phrase, in English or Arabic.\n\n"
    '"quoted phrase" · Qasem OR Soleimani · Hezbollah NOT Lebanon · Kata* · date:2020-03'
)
NO_MATCH_HINT = "No article matches.\nTry Variants for other spellings, fewer words, or wider filters."


class SearchPanel(QWidget):
    """Query field, options, status and hits; searches off the GUI thread as the user types.

    Signals:

    * ``resultActivated(doc_id, spans)``: the user opened a hit (click or Enter); ``spans`` is the
      hit's match list, code-point ``(start, end)`` pairs into ``Document.text``.
    * ``occurrenceActivated(doc_id, spans, current)``: the user opened one occurrence line of an
      expanded hit: the same spans, ``spans[current]`` being the chosen match.
    * ``responseChanged(response)``: a new :class:`SearchResponse` is shown, or ``None`` when the
      query was cleared (or the search failed). With a month filter its ``by_month`` still counts
      every month of the typed range (see :func:`run_search`).
    * ``monthFilterChanged(month)``: the month filter changed, 'YYYY-MM' or None (e.g. the user
      cleared it with the chip), so the timeline can follow.
    """

    resultActivated = Signal(str, object)
    occurrenceActivated = Signal(str, object, int)
    responseChanged = Signal(object)
    monthFilterChanged = Signal(object)

    def __init__(self, runner: TaskRunner | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        register_bundled_fonts()
        self._runner = runner if runner is not None else TaskRunner(self)
        self._handle: Any = None
        self._generation = 0
        self._more = False  # the first rows are shown and the rest is being searched
        self._task: Task | None = None
        self._ahead: _Ahead | None = None  # the search of what was just typed, run during the debounce
        self._pending = False
        self._restoring = False
        self._month: str | None = None
        self._response: SearchResponse | None = None
        self._request: SearchRequest | None = None
        self._error: str | None = None

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setTimerType(Qt.TimerType.PreciseTimer)  # a coarse timer fires up to 5% late
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self._search_now)
        # "Searching…" only for searches that take a noticeable time; most take milliseconds and
        # would make the status line flicker on every keystroke.
        self._busy_delay = QTimer(self)
        self._busy_delay.setSingleShot(True)
        self._busy_delay.setInterval(BUSY_DELAY_MS)
        self._busy_delay.timeout.connect(self._show_status)

        # --- query
        self.search_field = SearchField(self)
        self.search_field.textChanged.connect(self._on_text_changed)
        self.search_field.returnPressed.connect(self._search_now)
        self.search_field.downPressed.connect(self._enter_list)

        # --- options
        self.exact_button = self._toggle("Exact", EXACT_TIP)
        self.variants_button = self._toggle("Variants", VARIANTS_TIP)
        self.language_combo = QComboBox(self)
        self.language_combo.setAccessibleName("Language")
        self.language_combo.setToolTip("Only articles in this language")
        for key, label in LANGUAGE_CHOICES:
            self.language_combo.addItem(label, key)
        self.language_combo.currentIndexChanged.connect(self._options_changed)
        self.sort_combo = QComboBox(self)
        self.sort_combo.setAccessibleName("Sort order")
        self.sort_combo.setToolTip("Order of the results")
        for key, label in SORT_CHOICES:
            self.sort_combo.addItem(label, key)
        self.sort_combo.currentIndexChanged.connect(self._options_changed)

        self.date_from_edit = self._date_edit("from", "Only articles dated on or after this date")
        self.date_to_edit = self._date_edit("to", "Only articles dated on or before this date")
        self._valid_dates: tuple[str | None, str | None] = (None, None)

        self.month_chip = QToolButton(self)
        self.month_chip.setAutoRaise(True)
        self.month_chip.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_LineEditClearButton))
        self.month_chip.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.month_chip.setToolTip("Results are limited to the month picked on the timeline; click to clear")
        self.month_chip.clicked.connect(lambda: self.set_month_filter(None, notify=True))
        self.month_chip.hide()

        options = QHBoxLayout()
        options.setContentsMargins(0, 0, 0, 0)
        options.setSpacing(4)
        options.addWidget(self.exact_button)
        options.addWidget(self.variants_button)
        options.addStretch(1)
        options.addWidget(self.language_combo)
        options.addWidget(self.sort_combo)

        dates = QHBoxLayout()
        dates.setContentsMargins(0, 0, 0, 0)
        dates.setSpacing(4)
        dates_label = QLabel("Dates", self)
        dates_label.setTextFormat(Qt.TextFormat.PlainText)
        dates.addWidget(dates_label)
        dates.addWidget(self.date_from_edit)
        dash = QLabel("–", self)
        dash.setTextFormat(Qt.TextFormat.PlainText)
        dates.addWidget(dash)
        dates.addWidget(self.date_to_edit)
        dates.addStretch(1)
        dates.addWidget(self.month_chip)

        # --- status and warning
        self.status_label = QLabel(self)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setWordWrap(True)
        self.status_label.setAccessibleName("Search status")

        self.warning_frame = QFrame(self)
        self.warning_frame.setFrameShape(QFrame.Shape.StyledPanel)
        self.warning_frame.setAutoFillBackground(True)
        self.warning_icon = QLabel(self.warning_frame)
        self.warning_icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.warning_label = QLabel(self.warning_frame)
        self.warning_label.setTextFormat(Qt.TextFormat.PlainText)  # query text is echoed in warnings
        self.warning_label.setWordWrap(True)
        self.warning_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warning_label.setAccessibleName("Query warning")
        self.warning_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        warning_layout = QHBoxLayout(self.warning_frame)
        warning_layout.setContentsMargins(6, 4, 6, 4)
        warning_layout.setSpacing(6)
        warning_layout.addWidget(self.warning_icon, 0, Qt.AlignmentFlag.AlignTop)
        warning_layout.addWidget(self.warning_label, 1)
        self.warning_frame.hide()
        self._style_warning()

        # --- results
        self.model = ResultsModel(self)
        self.results_view = ResultsView(self)
        self.results_view.setModel(self.model)
        self.delegate = ResultDelegate(self.results_view)
        self.results_view.setItemDelegate(self.delegate)
        self.results_view.setUniformRowHeights(False)
        self.results_view.setHeaderHidden(True)
        self.results_view.setRootIsDecorated(True)
        self.results_view.setIndentation(14)
        self.results_view.setAnimated(False)
        self.results_view.setExpandsOnDoubleClick(False)  # a click opens the article; the arrow expands
        self.results_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results_view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.results_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results_view.setMouseTracking(True)
        self.results_view.setAccessibleName("Search results")
        self.results_view.empty_text = EMPTY_HINT
        self.results_view.clicked.connect(self._activate)
        self.results_view.enterPressed.connect(self._activate)
        self.results_view.leaveTop.connect(self.focus_search)
        self.results_view.typed.connect(self._type_into_field)
        self.model.modelAboutToBeReset.connect(self.delegate.clear_cache)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.search_field)
        layout.addLayout(options)
        layout.addLayout(dates)
        layout.addWidget(self.status_label)
        layout.addWidget(self.warning_frame)
        layout.addWidget(self.results_view, 1)
        self.setFocusProxy(self.search_field)

    # ----------------------------------------------------------------- construction helpers

    def _toggle(self, text: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setCheckable(True)
        button.setToolTip(tip)
        button.setAccessibleName(text)
        button.toggled.connect(lambda _on: self._dress_toggle(button))
        button.toggled.connect(self._options_changed)
        return button

    def _dress_toggle(self, button: QToolButton) -> None:
        """Tint a checked option with the selection colour: Fusion's sunken bevel alone is too
        subtle to tell on from off at a glance, especially in the dark theme."""
        pal = self.palette()
        if button.isChecked():
            tint = mix(pal.color(QPalette.ColorRole.Button), pal.color(QPalette.ColorRole.Highlight), 0.55)
            pal.setColor(QPalette.ColorRole.Button, tint)
            pal.setColor(QPalette.ColorRole.ButtonText, QColor("#ffffff") if tint.lightness() < 150 else
                         QColor("#111111"))
        button.setPalette(pal)

    def _date_edit(self, placeholder: str, tip: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setPlaceholderText(placeholder)
        edit.setToolTip(f"{tip}. {DATE_TIP}.")
        edit.setAccessibleName(f"Date {placeholder}")
        edit.setMaxLength(10)
        edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # ISO dates read left to right
        width = edit.fontMetrics().horizontalAdvance("2020-12-31") + 18
        edit.setFixedWidth(width)
        edit.setProperty("invalid", False)
        edit.setProperty("tip", edit.toolTip())
        edit.textChanged.connect(lambda _text: self._on_dates_edited(final=False))
        edit.editingFinished.connect(lambda: self._on_dates_edited(final=True))
        return edit

    def _style_warning(self) -> None:
        dark = _is_dark(self.palette())
        amber = QColor("#e2b451") if dark else QColor("#8a5a00")
        base = self.palette().color(QPalette.ColorRole.Window)
        pal = self.warning_frame.palette()
        pal.setColor(QPalette.ColorRole.Window, mix(base, QColor("#f0b429"), 0.18 if dark else 0.16))
        pal.setColor(QPalette.ColorRole.WindowText, amber)
        self.warning_frame.setPalette(pal)
        label_pal = self.warning_label.palette()
        label_pal.setColor(QPalette.ColorRole.WindowText, amber)
        self.warning_label.setPalette(label_pal)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self.warning_icon.setPixmap(icon.pixmap(size, size))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self._style_warning()
            for button in (self.exact_button, self.variants_button):
                self._dress_toggle(button)
            self.delegate.clear_cache()
            self.results_view.viewport().update()

    # ----------------------------------------------------------------- public API

    def set_index(self, handle: Any, *, after_paint_of: QWidget | None = None) -> None:
        """Search ``handle`` from now on; ``None`` while the index is (re)built queues the query.

        A new handle re-runs the current query: its results may differ from the old index's.
        ``after_paint_of``: re-run it only once that widget has painted. At start the query the
        researcher left is searched again; run at once, its search holds the interpreter while the
        window's first list is painted (0.5 s later on a 10k corpus), so the list comes first.
        """
        if handle is self._handle and not self._pending:
            return
        self._handle = handle
        if handle is None:
            self._cancel_task()
            if self.query().strip():
                self._pending = True
                self._show_status()
            return
        if not self.query().strip():
            return
        if after_paint_of is None:
            self._search_now()
        else:
            after_paint(after_paint_of, lambda: self._handle is handle and self._search_now())

    def focus_search(self) -> None:
        """Put the cursor in the query with all of it selected, ready to be typed over (Ctrl+K)."""
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()

    def set_query(self, text: str) -> None:
        """Replace the query and search at once (e.g. "search for this name" from the reader)."""
        self.search_field.setText(text)
        self._search_now()

    def query(self) -> str:
        return self.search_field.text()

    def set_month_filter(self, month: str | None, *, notify: bool = False) -> None:
        """Restrict hits to 'YYYY-MM' (a timeline bar), or lift the restriction with None.

        ``notify`` emits ``monthFilterChanged`` (used when the panel itself clears it).
        """
        month = month or None
        if month is not None and (len(month) != 7 or parse_date_bound(month, end=False) is None):
            log.warning("ignored month filter %r", month)
            month = None
        if month == self._month:
            return
        self._month = month
        self.month_chip.setText(month_label(month) if month else "")
        self.month_chip.setVisible(month is not None)
        if notify:
            self.monthFilterChanged.emit(month)
        self._options_changed()

    def month_filter(self) -> str | None:
        return self._month

    def clear(self) -> None:
        """Empty the query and the results (options and the month filter stay)."""
        self._debounce.stop()
        if self.search_field.text():
            self.search_field.clear()  # textChanged does the rest
        else:
            self._show_outcome(None)

    def current_response(self) -> SearchResponse | None:
        return self._response

    def is_searching(self) -> bool:
        """True while a search for the current query runs or waits for the index or the debounce."""
        return self._debounce.isActive() or self._pending or self._more or (
            self._task is not None and not self._task.done and not self._task.cancelled
        )

    def state(self) -> dict[str, Any]:
        """Options and query, as plain JSON-able values for the settings file."""
        return {
            "query": self.query(),
            "exact": self.exact_button.isChecked(),
            "variants": self.variants_button.isChecked(),
            "language": self.language_combo.currentData(),
            "sort": self.sort_combo.currentData(),
            "date_from": self.date_from_edit.text(),
            "date_to": self.date_to_edit.text(),
        }

    def restore_state(self, state: dict[str, Any] | None) -> None:
        """Apply what :meth:`state` saved; unknown or ill-typed values are ignored. One search."""
        if not isinstance(state, dict):
            return
        self._restoring = True
        try:
            for key, button in (("exact", self.exact_button), ("variants", self.variants_button)):
                if isinstance(state.get(key), bool):
                    button.setChecked(state[key])
            for key, combo in (("language", self.language_combo), ("sort", self.sort_combo)):
                found = combo.findData(state.get(key))
                if found >= 0:
                    combo.setCurrentIndex(found)
            for key, edit in (("date_from", self.date_from_edit), ("date_to", self.date_to_edit)):
                if isinstance(state.get(key), str):
                    edit.setText(state[key][:10])
            self._validate_dates(final=True)
            if isinstance(state.get("query"), str):
                self.search_field.setText(state["query"])
        finally:
            self._restoring = False
        self._debounce.stop()
        if self.query().strip():
            self._search_now()

    def set_theme(self, name: str | None) -> None:
        """Match colours from theme ``name``; None picks light or dark from the palette."""
        self.delegate.theme_name = name
        self.results_view.viewport().update()

    # ----------------------------------------------------------------- searching

    def current_request(self) -> SearchRequest:
        """The search the current query and options describe."""
        lang = self.language_combo.currentData()
        date_from, date_to = self._valid_dates
        return SearchRequest(
            text=self.query(),
            lang=None if lang in (None, "all") else lang,
            date_from=date_from,
            date_to=date_to,
            month=self._month,
            sort=self.sort_combo.currentData() or "relevance",
            exact=self.exact_button.isChecked(),
            variants=self.variants_button.isChecked(),
        )

    def _on_text_changed(self, text: str) -> None:
        if self._restoring:
            return
        if not text.strip():
            self._debounce.stop()
            self._cancel_task()
            self._pending = False
            self._show_outcome(None)
            return
        self._cancel_task()  # what runs answers what was typed before: stale, and in the way
        self._debounce.start()
        self.search_field.set_busy(True)
        self._search_ahead()

    def _search_ahead(self) -> None:
        """Search what was just typed while the debounce runs; :meth:`_search_now` shows it."""
        handle = self._handle
        if handle is None:
            return
        request = replace(self.current_request(), first_page=self._first_page())
        ahead = self._ahead = _Ahead(request, self._generation, handle)

        def work(task: Task, _progress: Any) -> SearchOutcome | None:
            # Queued behind a search still running, and a key typed since: never started.
            return None if task.cancelled else run_search(handle, request, task)

        def done(outcome: SearchOutcome | None) -> None:
            if ahead is self._ahead and outcome is not None:
                ahead.outcome = outcome
                if ahead.shown:
                    self._ahead = None
                    self._on_result(ahead.generation, outcome)

        def failed(exc: BaseException, trace: str) -> None:
            if ahead is self._ahead:
                self._ahead = None
                if ahead.shown:
                    self._on_error(ahead.generation, exc, trace)

        self._task = self._runner.run("search ahead", work, on_result=done, on_error=failed)

    def _take_ahead(self, request: SearchRequest) -> bool:
        """Show the search run ahead for ``request`` (now, or when it is done), if there is one."""
        ahead, self._ahead = self._ahead, None
        if (ahead is None or ahead.generation != self._generation or ahead.handle is not self._handle
                or replace(ahead.request, first_page=None) != request):
            return False
        self._ahead, ahead.shown = ahead, True
        self._request, self._pending = request, False
        if ahead.outcome is not None:
            self._ahead = None
            self._on_result(ahead.generation, ahead.outcome)
        else:
            self._busy_delay.start()
            self._show_status()
        return True

    def _options_changed(self, *_args: Any) -> None:
        if self._restoring or not self.query().strip():
            return
        self._search_now()

    def _cancel_task(self) -> None:
        """Stop the running search; whatever it still delivers is stale (new generation)."""
        self._generation += 1
        self._busy_delay.stop()
        self._more = False
        self._ahead = None
        if self._task is not None:
            self._task.cancel()
            self._task = None

    def _first_page(self) -> int:
        """How many hits the list shows without scrolling (and one more): searched for first."""
        row = ROW_LINES * self.fontMetrics().lineSpacing() + 2 * _PAD_Y + 2 * _GAP
        return max(4, self.results_view.viewport().height() // max(row, 1) + 1)

    def _search_now(self) -> None:
        """Start a search for the current query and options, superseding any earlier one."""
        self._debounce.stop()
        request = self.current_request()
        if request.text.strip() and self._take_ahead(request):
            return
        self._cancel_task()
        generation = self._generation
        if not request.text.strip():
            self._pending = False
            self._show_outcome(None)
            return
        self._request = request
        if self._handle is None:
            self._pending = True
            self._show_status()
            return
        self._pending = False
        handle = self._handle
        request = replace(request, first_page=self._first_page())
        self._start("search", generation, lambda task: run_search(handle, request, task))

    def _start(self, name: str, generation: int, work: Callable[[Task], SearchOutcome]) -> None:
        self._task = self._runner.run(
            name,
            lambda task, _progress: work(task),
            on_result=lambda outcome: self._on_result(generation, outcome),
            on_error=lambda exc, trace: self._on_error(generation, exc, trace),
        )
        if not self._task.done and not self._more:
            self._busy_delay.start()
        self._show_status()

    def _on_result(self, generation: int, outcome: SearchOutcome) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return  # a newer search superseded this one
        self._task = None
        self._busy_delay.stop()
        self._error = None
        rest = self._more
        self._more = more_to_come(outcome) and not rest
        self._show_outcome(outcome, more_rows=rest)
        if self._more:
            # The rest once the first rows are painted: searching for it meanwhile would slow them.
            after_paint(self.results_view.viewport(), lambda: self._search_more(generation, outcome),
                        MORE_AFTER_MS if self.results_view.isVisible() else 0)

    def _search_more(self, generation: int, first: SearchOutcome) -> None:
        if not shiboken6.isValid(self) or generation != self._generation or self._handle is None:
            return
        handle = self._handle
        self._start("search more", generation, lambda task: run_more(handle, first, task))

    def _on_error(self, generation: int, exc: BaseException, _trace: str) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return
        self._task = None
        self._more = False
        self._busy_delay.stop()
        self._error = f"The search failed ({type(exc).__name__}: {exc}). Try again or rebuild the index."
        self._show_outcome(None, keep_error=True)

    def _show_outcome(self, outcome: SearchOutcome | None, *, keep_error: bool = False,
                      more_rows: bool = False) -> None:
        """Show ``outcome``; ``more_rows``: it completes the outcome whose first rows are shown."""
        if not keep_error:
            self._error = None
        previous = self._response
        self._response = outcome.response if outcome is not None else None
        if more_rows and outcome is not None:
            self.model.extend(outcome.response, outcome.snippets, outcome.occurrences)
        else:
            self.model.set_response(self._response, outcome.snippets if outcome is not None else None,
                                    outcome.occurrences if outcome is not None else None)
            self.results_view.scrollToTop()
        self._show_status()
        if self._response is not None or previous is not None:
            self.responseChanged.emit(self._response)

    def _show_status(self) -> None:
        self.search_field.set_busy(self.is_searching() and bool(self.query().strip()))
        response = self._response
        warning = self._error or (response.warning if response is not None else None)
        has_query = bool(self.query().strip())
        running = self._task is not None and not self._task.done
        if self._pending and has_query:
            status = BUILDING_TEXT
        elif running and not self._more and has_query and not self._busy_delay.isActive():
            status = SEARCHING_TEXT
        elif response is None:
            status = ""
        elif response.total == 0:
            status = NO_MATCHES_TEXT
        else:
            shown = len(response.hits)
            if self._more and self._request is not None:  # the rest of the rows is on its way
                shown = max(shown, min(response.total, self._request.limit))
            status = f"{response.total} article{'s' if response.total != 1 else ''}"
            if self._request is not None and self._request.month:
                status += f" in {month_label(self._request.month)}"
            if shown < response.total:
                status += f" (showing the first {shown})"
        self.status_label.setText(status)
        self.status_label.setVisible(bool(status))
        if warning and (response is not None or self._error):
            self.warning_label.setText(warning)
            self.warning_frame.show()
        else:
            self.warning_label.clear()
            self.warning_frame.hide()
        if response is not None and response.total == 0:
            self.results_view.empty_text = NO_MATCH_HINT
        elif not has_query:
            self.results_view.empty_text = EMPTY_HINT
        else:
            self.results_view.empty_text = ""
        self.results_view.viewport().update()

    # ----------------------------------------------------------------- dates

    def _on_dates_edited(self, *, final: bool) -> None:
        before = self._valid_dates
        self._validate_dates(final=final)
        if self._valid_dates != before and not self._restoring and self.query().strip():
            self._debounce.start()

    def _validate_dates(self, *, final: bool) -> None:
        """Read both date fields; a bad one is framed in red and ignored.

        While typing, a date that could still become valid (``2020-0``) is not flagged yet;
        leaving the field (or Enter) flags it.
        """
        values: list[str | None] = []
        for edit in (self.date_from_edit, self.date_to_edit):
            raw = edit.text().strip()
            value = normalise_date(raw) if raw else None
            bad = bool(raw) and value is None
            could_grow = bool(re.fullmatch(r"[\d٠-٩۰-۹]{1,4}(-[\d٠-٩۰-۹]{0,2}){0,2}", raw))
            self._mark(edit, bad and (final or not could_grow or len(raw) >= 10), DATE_TIP)
            values.append(value)
        lo, hi = values
        if lo and hi and (parse_date_bound(lo, end=False) or 0) > (parse_date_bound(hi, end=True) or 0):
            self._mark(self.date_to_edit, True, "This date is before the 'from' date; it is ignored")
            hi = None
        self._valid_dates = (lo, hi)

    def _mark(self, edit: QLineEdit, invalid: bool, why: str) -> None:
        if bool(edit.property("invalid")) == invalid:
            return
        edit.setProperty("invalid", invalid)
        if invalid:
            edit.setStyleSheet(INVALID_DATE_STYLE)
            edit.setToolTip(f"{why}. {DATE_TIP}.")
        else:
            edit.setStyleSheet("")
            edit.setToolTip(str(edit.property("tip") or DATE_TIP))

    # ----------------------------------------------------------------- keyboard and activation

    def _enter_list(self) -> None:
        if self.model.rowCount() == 0:
            return
        view = self.results_view
        current = view.currentIndex()
        if not current.isValid():
            current = self.model.index(0, 0)
        view.setCurrentIndex(current)
        view.setFocus(Qt.FocusReason.TabFocusReason)

    def _type_into_field(self, text: str) -> None:
        self.search_field.setFocus(Qt.FocusReason.OtherFocusReason)
        self.search_field.insert(text)

    def _activate(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        if index.data(IsOccurrenceRole):
            spans = list(index.data(MatchesRole) or [])
            self.occurrenceActivated.emit(str(index.data(DocIdRole)), spans,
                                          int(index.data(OccurrenceIndexRole) or 0))
            return
        hit = index.data(HitRole)
        if hit is not None:
            self.resultActivated.emit(hit.id, list(hit.matches))
