"""The reading pane: one article per tab, English and Arabic, with search hits and find-in-article.

Design decisions, and why:

* **Plain text only.** Scraped pages contain ``<img src=file:///...>`` and worse. The page is built
  with ``QTextCursor.insertBlock``/``insertText`` into a ``QTextDocument`` subclass whose
  ``loadResource`` returns nothing; no ``setHtml``, no ``QLabel`` rich-text guessing (every label
  is ``Qt.PlainText``), and copy/drag put plain text only on the clipboard.
* **Direction per paragraph, decided by us.** Qt would guess each block's direction from its first
  strong character, so ``(AFP) قال ...`` would come out left-to-right. Each block gets an explicit
  ``layoutDirection`` from ``Paragraph.direction`` (majority script) and a *leading* alignment, which
  Qt mirrors for right-to-left blocks. Inside a block, Qt's bidi algorithm handles mixed runs.
* **QTextEdit, long lines split for display.** ``QPlainTextEdit`` ignores block direction, line
  height and margins, which this pane needs; ``QTextEdit`` lays out lazily but a single huge line is
  laid out in one piece (a 1,000,000-character line froze Qt for 20 s here). Paragraphs longer than
  ``CHUNK_LIMIT`` become several blocks, cut at sentence ends or spaces, with no gap between them.
* **Offsets are code points into the displayed text** (``Document.text``, or ``Document.original``
  when the original is shown). Qt counts UTF-16 units and has one separator per block, so every
  conversion goes through a chunk table (code-point start, Qt block position) plus
  :class:`reader.text.utf16.OffsetMap` inside the chunk. Nothing else converts offsets.
* **Highlights through ExtraSelections, visible ones only.** Formats would change the document (and
  need undoing); 1,000 ExtraSelections cost ~150 ms, the ~50 near the viewport a few ms. We keep
  every match in a sorted list and give Qt only those within a few screens of the viewport, and
  refresh when the reader scrolls past that window.
* **User highlights are ExtraSelections too** (:meth:`ArticleView.set_highlights`): a background
  colour only, never a font or format change in the document, so Arabic shaping runs are never
  split and the undo stack is untouched. They are drawn under search matches, which stay on top,
  and only on the clean text (their offsets are code points into ``Document.text``).
* **The paragraph band is painted, not selected** (:meth:`ArticleView.set_band`, used by the
  side-by-side view to mark a paragraph and its counterpart): a rounded fill under the text across
  the whole column. An ExtraSelection cannot draw it well (a plain one follows the ragged line ends,
  ``FullWidthSelection`` runs on to the viewport's right edge only) and a block background would
  change the document. Painted under the text, it touches neither layout nor shaping.
* **Fonts and zoom.** Each paragraph's char format carries the reading font of its language
  (:mod:`reader.ui.fonts`); zoom rebuilds the page, keeping the reading position. Themes only
  change the palette and the highlight colours.
"""

from __future__ import annotations

import colorsys
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from datetime import date as _date
from functools import lru_cache

from PySide6.QtCore import (
    QEvent,
    QMimeData,
    QObject,
    QPoint,
    QPointF,
    QRectF,
    QSize,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontInfo,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QShortcut,
    QShowEvent,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFrameFormat,
    QTextOption,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSizePolicy,
    QStyle,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from reader.ingest.model import DateInfo, Direction, Document
from reader.text.arabic import fold_arabic
from reader.text.script import direction_of, language_and_direction
from reader.text.utf16 import OffsetMap
from reader.text.words import snap_to_words
from reader.ui.fonts import DEFAULT_POINT_SIZE, reading_font, register_bundled_fonts
from reader.ui.messages import plain_tooltip
from reader.ui.theme import DEFAULT_THEME, Theme, get_theme, reading_palette

__all__ = [
    "HIGHLIGHT_KEY_PROPERTY",
    "ArticleHeader",
    "ArticleTab",
    "ArticleView",
    "FindBar",
    "PaneGroup",
    "ReadingTabs",
    "band_background",
    "date_label",
    "highlight_background",
    "split_for_display",
    "tab_title",
]

# Longest block handed to Qt's layout; longer paragraphs are cut (preferably at a sentence end in
# the second half of the window, else at a space). 3,000 characters lay out in well under 1 ms.
CHUNK_LIMIT = 3000
# Reading measure: the text column holds about this many average Latin characters.
MEASURE_CHARS = 72
MIN_SIDE_MARGIN = 28
PAGE_TOP_MARGIN = 28
PAGE_BOTTOM_MARGIN = 96
# Line heights in ems of each script's own font size (CSS ``line-height``). Qt's proportional
# height multiplies the font's natural line spacing instead (1.36em for Noto Serif, 1.68em for
# Noto Naskh), so "150%" there would be double-spaced. Naskh needs more room for vowel marks.
LINE_HEIGHT_EM = 1.6
ARABIC_LINE_HEIGHT_EM = 1.9
PARAGRAPH_SPACING_EM = 1.0

# Runs of the "other" script inside a paragraph (Arabic letters with the spaces and marks between
# them; Latin words with their inner spaces and apostrophes).
_AR = "\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
_ARABIC_RUN = re.compile(f"[{_AR}]+(?:[ \u00a0\u200c\u200d]+[{_AR}]+)*")
_LA = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
_LATIN_RUN = re.compile(f"[{_LA}]+(?:[ \u00a0'’.&-]+[{_LA}]+)*")

ZOOM_FACTOR = 1.1
ZOOM_MIN, ZOOM_MAX = -6, 12
# Highlights are given to Qt for matches within this many code points around the viewport.
SELECTION_WINDOW = 8000
MAX_LIVE_SELECTIONS = 1500
MAX_FIND_HITS = 100_000
# Find-as-you-type runs at once on ordinary articles, debounced on huge ones.
FIND_IMMEDIATE_CHARS = 300_000

# A user highlight's ExtraSelection carries its key (the annotation's uuid) in this property.
HIGHLIGHT_KEY_PROPERTY = 0x100000 + 17  # QTextFormat.UserProperty + 17
# How much of a palette colour goes into a highlight's background, per theme (the rest is the
# page); lowered step by step until the page's text keeps at least MIN_HIGHLIGHT_CONTRAST.
HIGHLIGHT_STRENGTH = {"light": 0.62, "sepia": 0.55, "dark": 0.42}
MIN_HIGHLIGHT_CONTRAST = 6.0
DARK_HIGHLIGHT_SATURATION = 0.55  # dark-theme highlights: vivid enough to tell eight apart, no glare
FLASH_MS = 900
# The paragraph band (a paragraph and its counterpart in the side-by-side view): this much of the
# selection colour mixed into the page. Faint on purpose: it says "these belong together" while
# the reader reads through it, and search matches and highlights stay clearly above it.
BAND_STRENGTH = {"light": 0.26, "sepia": 0.34, "dark": 0.42}
BAND_PAD = 6  # pixels the band reaches beyond the text column and above/below the lines
NOTE_MARK_SIZE = 11  # the note glyph in the margin, pixels
# Held while dragging, these keep a selection to the letter; without them it snaps to whole words.
PRECISE_MODIFIERS = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ControlModifier
NOTE_TIP_CHARS = 240  # how much of a note its tooltip shows

_LRI, _FSI, _PDI = "\u2066", "\u2068", "\u2069"
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Pure helpers (no widgets): display chunks, date labels, folding for find.


_SENTENCE_END = re.compile(r"[.!?؟…。][\"'”’»)\]]*\s+")
_SPACES = re.compile(r"\s+")


def split_for_display(text: str, limit: int = CHUNK_LIMIT) -> list[tuple[int, int]]:
    """Cut ``text`` into ``(start, end)`` spans of at most ``limit`` code points, covering it exactly.

    Cuts fall after a sentence end in the second half of each window if there is one, else after a
    space, else (a run of ``limit`` characters without space) before the nearest base character, so
    a combining mark or joiner is never separated from its letter.
    """
    n = len(text)
    if n <= limit:
        return [(0, n)]
    spans: list[tuple[int, int]] = []
    start = 0
    while n - start > limit:
        lo, hi = start + limit // 2, start + limit
        window = text[lo:hi]
        cut = -1
        for m in _SENTENCE_END.finditer(window):
            cut = lo + m.end()
        if cut < 0:
            for m in _SPACES.finditer(window):
                cut = lo + m.end()
        if cut < 0:
            cut = hi
            while cut > lo and (unicodedata.category(text[cut])[0] == "M" or text[cut] in "\u200c\u200d"):
                cut -= 1
        spans.append((start, cut))
        start = cut
    spans.append((start, n))
    return spans


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
    if info.not_before:
        return f"No date (mentions {info.not_before}: not before {info.not_before})"
    return "No date"


def _isolate(text: str) -> str:
    """Wrap a field in first-strong isolates so Arabic and English fields do not reorder each other."""
    return f"{_FSI}{text}{_PDI}"




def _page_starts(doc: Document) -> list[tuple[int, int]]:
    """(paragraph start, page) where a new page of the source begins."""
    marks: list[tuple[int, int]] = []
    page = None
    for paragraph in doc.paragraphs:
        if paragraph.page is not None and paragraph.page != page:
            page = paragraph.page
            marks.append((paragraph.start, page))
    return marks


def _bold(fmt: QTextCharFormat) -> QTextCharFormat:
    bold = QTextCharFormat(fmt)
    bold.setFontWeight(QFont.Weight.Bold)
    return bold


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
    return _mnemonic_safe(title)


def _luminance(colour: QColor) -> float:
    """WCAG relative luminance."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = channel(colour.redF()), channel(colour.greenF()), channel(colour.blueF())
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@lru_cache(maxsize=256)
def _tint(rgb: str, background: str, text: str, strength: float) -> str:
    page, colour, ink = QColor(background), QColor(rgb), QColor(text)
    if not colour.isValid():
        colour = QColor("#c8c8c8")
    while True:
        mixed = QColor.fromRgbF(
            page.redF() + (colour.redF() - page.redF()) * strength,
            page.greenF() + (colour.greenF() - page.greenF()) * strength,
            page.blueF() + (colour.blueF() - page.blueF()) * strength,
        )
        if strength <= 0.2 or contrast_ratio(mixed, ink) >= MIN_HIGHLIGHT_CONTRAST:
            return mixed.name()
        strength -= 0.04


def band_background(theme: Theme) -> QColor:
    """The page colour of the paragraph band on ``theme``: a faint tint of the selection colour."""
    strength = BAND_STRENGTH.get(theme.name, 0.3)
    return QColor(_tint(theme.selection, theme.background, theme.text, strength))


def highlight_background(rgb: str, theme: Theme) -> QColor:
    """The page colour of a highlight in palette colour ``rgb`` on ``theme``.

    Why a tint and not the palette colour itself: the saturated palette colours glare on a light
    page and swallow the light text of the dark theme. The colour is mixed into the page by a
    per-theme strength and lightened further until the theme's text keeps a contrast of at least
    ``MIN_HIGHLIGHT_CONTRAST``; the text colour itself is never changed. Opaque, so overlapping
    highlights and the search matches drawn above them do not blend into mud.
    """
    if theme.dark:
        return QColor(_dark_tint(rgb, theme.text))
    strength = HIGHLIGHT_STRENGTH.get(theme.name, 0.5)
    return QColor(_tint(rgb, theme.background, theme.text, strength))


@lru_cache(maxsize=256)
def _dark_tint(rgb: str, text: str) -> str:
    """A dark highlight that keeps its hue: the palette colour's hue at a capped saturation, as
    light as the light text allows (MIN_HIGHLIGHT_CONTRAST).

    Mixing into a dark page, as the light themes do, greys the eight colours out until "Actor" and
    "Claim" cannot be told apart (a CIE76 distance of 7.5); keeping hue and saturation keeps every
    pair at 12 or more.
    """
    colour, ink = QColor(rgb), QColor(text)
    if not colour.isValid():
        colour = QColor("#c8c8c8")
    hue, _lightness, saturation = colorsys.rgb_to_hls(colour.redF(), colour.greenF(), colour.blueF())
    saturation = min(saturation, DARK_HIGHLIGHT_SATURATION)
    lightness = 0.45
    while True:
        mixed = QColor.fromRgbF(*colorsys.hls_to_rgb(hue, lightness, saturation))
        if lightness <= 0.1 or contrast_ratio(mixed, ink) >= MIN_HIGHLIGHT_CONTRAST:
            return mixed.name()
        lightness -= 0.01


_LATIN_MARKS = re.compile("[\u0300-\u036f]")


@lru_cache(maxsize=16384)
def _fold_char(ch: str) -> str:
    """Find-in-article folding of one character: Arabic spelling variants, Latin case and accents.

    Works per character so that every folded position maps back to one source character.
    """
    if ch.isspace():
        return " "
    folded = fold_arabic(ch)
    if not folded:
        return ""
    folded = unicodedata.normalize("NFD", folded)
    folded = _LATIN_MARKS.sub("", folded).casefold()
    return _LATIN_MARKS.sub("", unicodedata.normalize("NFD", folded))


def fold_for_find(text: str) -> str:
    return "".join(_fold_char(ch) for ch in text)


class FoldedText:
    """``text`` folded for find, with a map from folded positions back to ``text`` positions.

    Only characters whose folding is not exactly one character (vowel marks, tatweel, hamza,
    ligatures, ``ß``) are recorded; between them the two strings advance in step. So building it
    costs one ``str.translate`` plus a regex scan, even on a megabyte of text.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        table: dict[int, str] = {}
        irregular: dict[str, int] = {}
        for ch in set(text):
            folded = _fold_char(ch)
            if folded != ch:
                table[ord(ch)] = folded
            if len(folded) != 1:
                irregular[ch] = len(folded)
        self.folded = text.translate(table) if table else text
        self._orig: list[int] = []
        self._fpos: list[int] = []
        self._flen: list[int] = []
        if irregular:
            pattern = re.compile("[" + "".join(re.escape(c) for c in irregular) + "]")
            shift = 0
            for m in pattern.finditer(text):
                p = m.start()
                length = irregular[text[p]]
                self._orig.append(p)
                self._fpos.append(p + shift)
                self._flen.append(length)
                shift += length - 1

    def _source_of(self, fs: int) -> int:
        k = bisect_right(self._fpos, fs) - 1
        if k < 0:
            return fs
        fp, length, p = self._fpos[k], self._flen[k], self._orig[k]
        if fs < fp + length:
            return p
        return p + 1 + (fs - fp - length)

    def source_span(self, fs: int, fe: int) -> tuple[int, int]:
        """The source span of folded ``[fs, fe)``, extended over trailing marks (ُ in الرَّئِيسُ)."""
        start = self._source_of(fs)
        end = self._source_of(fe - 1) + 1 if fe > fs else start
        text = self.text
        while end < len(text) and unicodedata.category(text[end]) == "Mn" and not _fold_char(text[end]):
            end += 1
        return start, end

    def find_all(self, query: str, limit: int = MAX_FIND_HITS) -> list[tuple[int, int]]:
        needle = fold_for_find(query)
        if not needle:
            return []
        spans: list[tuple[int, int]] = []
        for m in re.finditer(re.escape(needle), self.folded):
            spans.append(self.source_span(m.start(), m.end()))
            if len(spans) >= limit:
                break
        return spans


# ---------------------------------------------------------------------------------------------
# The page.


class _PlainDocument(QTextDocument):
    """A QTextDocument that never loads a resource (images, style sheets, files named by text).

    Text is only ever inserted as plain text, so nothing should ask; this is the second lock.
    ``resource_requests`` counts attempts, for tests.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.resource_requests = 0

    def loadResource(self, type: int, name: QUrl) -> object:
        self.resource_requests += 1
        return None


class ArticleView(QTextEdit):
    """One article's text, read-only, in a centred column, with matches and find.

    Offsets in the public API are code points into :attr:`displayed_text`.
    """

    matchChanged = Signal(int, int)
    zoomChanged = Signal(int)
    columnChanged = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        register_bundled_fonts()
        self.setReadOnly(True)
        self.setAcceptRichText(False)
        self.setUndoRedoEnabled(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._precise_drag = False
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.viewport().setCursor(Qt.CursorShape.IBeamCursor)

        self._document_obj: Document | None = None
        self._original = False
        self._text = ""
        self._units: list[tuple[int, int, str, Direction]] = []  # (start, end, language, direction)
        self._chunk_starts: list[int] = [0]
        self._chunk_ends: list[int] = [0]
        self._chunk_blocks: list[int] = [0]
        self._chunk_maps: dict[int, OffsetMap] = {}
        self._folded: FoldedText | None = None

        self._matches: list[tuple[int, int]] = []
        self._match_starts: list[int] = []
        self._current = -1
        self._live_window: tuple[int, int] | None = None
        # User highlights: (start, end, "#rrggbb", key), sorted; code points into the clean text.
        self._highlights: list[tuple[int, int, str, str]] = []
        self._highlight_text: str | None = None
        self._page_starts: list[tuple[int, int]] = []
        self._heading_starts: frozenset[int] = frozenset()
        # Highlight key -> its note (only highlights that carry one): a dotted underline under the
        # words, a glyph in the margin, the note's start in a tooltip.
        self._notes: dict[str, str] = {}
        self._flash: tuple[int, int] | None = None
        self._flash_timer = QTimer(self)
        self._flash_timer.setSingleShot(True)
        self._flash_timer.setInterval(FLASH_MS)
        self._flash_timer.timeout.connect(self._end_flash)
        # Paragraph band: spans (code points into Document.text) painted under the text.
        self._band: list[tuple[int, int]] = []
        self._band_text: str | None = None

        self._zoom_steps = 0
        self._base_point_size = DEFAULT_POINT_SIZE
        self._theme: Theme = get_theme(DEFAULT_THEME)
        self._side_margin = -1
        self._render_pending = False
        self._resize_anchor: int | None = None

        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self._apply_palette()
        self._install_document(_PlainDocument(self))

    # -- building the page -------------------------------------------------------------------

    @property
    def document_obj(self) -> Document | None:
        """The article shown (``None`` before the first :meth:`show_document`)."""
        return self._document_obj

    @property
    def displayed_text(self) -> str:
        """The text offsets refer to: ``Document.text``, or ``Document.original`` in original mode."""
        return self._text

    @property
    def showing_original(self) -> bool:
        return self._original

    def show_document(self, doc: Document, original: bool = False) -> None:
        """Show ``doc`` (clean paragraphs, or the raw source span with ``original=True``).

        Clears matches: their offsets belonged to the previous text.
        """
        self._document_obj = doc
        self._original = original
        # What a screen reader announces on reaching the page (the title alone is plain text).
        self.setAccessibleName(f"{'Original text' if original else 'Article text'}: {doc.title.strip()}")
        if original:
            self._text = doc.original
            self._units = self._original_units(doc.original)
        else:
            self._text = doc.text
            self._units = [(p.start, p.end, p.language, p.direction) for p in doc.paragraphs]
        # Where the source's pages begin (PDF) and which paragraphs are headings (Word, EPUB, web
        # pages): drawn as "p. N" in the margin and in bold, on the clean text only.
        self._page_starts = [] if original else _page_starts(doc)
        headings = () if original else (p.start for p in doc.paragraphs if p.heading)
        self._heading_starts = frozenset(headings)
        self._folded = None
        self._matches, self._match_starts, self._current = [], [], -1
        self._flash = None
        if self._band and doc.text != self._band_text:
            self._band, self._band_text = [], None
        if self._highlights and doc.text != self._highlight_text:
            # Highlights belong to one clean text; a changed article gets them again from its owner.
            self._highlights, self._highlight_text = [], None
        self._render()
        self.verticalScrollBar().setValue(0)
        self._refresh_selections(force=True)
        self.matchChanged.emit(-1, 0)

    @staticmethod
    def _original_units(text: str) -> list[tuple[int, int, str, Direction]]:
        """One unit per source line; blank lines keep the direction of the line before them."""
        units: list[tuple[int, int, str, Direction]] = []
        pos = 0
        direction: Direction = direction_of(text[:2000])
        for line in text.split("\n"):
            if line.strip():
                language, direction = language_and_direction(line)
            else:
                language = "other"
            units.append((pos, pos + len(line), language, direction))
            pos += len(line) + 1
        return units

    def _fonts(self) -> dict[str, QFont]:
        zoom = ZOOM_FACTOR**self._zoom_steps
        return {lang: reading_font(lang, self._base_point_size, zoom) for lang in ("en", "ar")}

    def _render(self) -> None:
        """(Re)build the QTextDocument from ``_units``; the chunk table is rebuilt alongside."""
        fonts = self._fonts()
        self._latin_font = fonts["en"]
        char_formats: dict[str, QTextCharFormat] = {}
        for lang, font in fonts.items():
            cf = QTextCharFormat()
            cf.setFont(font, QTextCharFormat.FontPropertiesInheritanceBehavior.FontPropertiesAll)
            char_formats[lang] = cf
        # Line height and paragraph gap in pixels of each script's own size (CSS-like ``1.6em``).
        # Fixed, not minimum: Qt then puts every baseline at 4/5 of the line, so a line holding an
        # Arabic name in English text (Naskh declares a tall ascent and descent for stacked
        # marks) keeps the paragraph's rhythm instead of opening a gap; the letters themselves
        # fit in the line. The rhythm also does not depend on the fallback font's metrics.
        px = {lang: QFontInfo(font).pixelSize() or font.pointSizeF() * 4 / 3 for lang, font in fonts.items()}
        line_height = {"en": px["en"] * LINE_HEIGHT_EM, "ar": px["ar"] * ARABIC_LINE_HEIGHT_EM}
        spacing = {"en": px["en"] * PARAGRAPH_SPACING_EM, "ar": px["ar"] * PARAGRAPH_SPACING_EM}
        block_formats: dict[tuple[str, str, bool], QTextBlockFormat] = {}

        def block_format(direction: str, script: str, last: bool) -> QTextBlockFormat:
            key = (direction, script, last)
            bf = block_formats.get(key)
            if bf is None:
                bf = QTextBlockFormat()
                rtl = direction == "rtl"
                bf.setLayoutDirection(
                    Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
                )
                # Leading = left in a left-to-right block, right in a right-to-left one.
                bf.setAlignment(Qt.AlignmentFlag.AlignLeading)
                bf.setLineHeight(line_height[script], QTextBlockFormat.LineHeightTypes.FixedHeight.value)
                bf.setBottomMargin(spacing[script] if last and not self._original else 0.0)
                block_formats[key] = bf
            return bf

        doc = _PlainDocument(self)
        doc.setUndoRedoEnabled(False)
        doc.setDefaultFont(fonts["en"])
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        doc.setDefaultTextOption(option)
        self._side_margin = self._side_for(self.viewport().width())
        self._apply_frame_margins(doc, self._side_margin)

        text = self._text
        starts: list[int] = []
        ends: list[int] = []
        blocks: list[int] = []
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()
        first = True
        units = self._units or [(0, 0, "other", direction_of(text))]
        for ustart, uend, language, direction in units:
            script = "ar" if language == "ar" else "en"
            other = "en" if script == "ar" else "ar"
            base_cf, run_cf = char_formats[script], char_formats[other]
            if ustart in self._heading_starts:
                base_cf, run_cf = _bold(base_cf), _bold(run_cf)
            runs_re = _LATIN_RUN if script == "ar" else _ARABIC_RUN
            if uend - ustart > CHUNK_LIMIT:
                pieces = split_for_display(text[ustart:uend])
            else:
                pieces = [(0, uend - ustart)]
            last_index = len(pieces) - 1
            for i, (a, b) in enumerate(pieces):
                bf = block_format(direction, script, i == last_index)
                if first:
                    cursor.setBlockFormat(bf)
                    cursor.setBlockCharFormat(base_cf)
                    first = False
                else:
                    cursor.insertBlock(bf, base_cf)
                starts.append(ustart + a)
                ends.append(ustart + b)
                blocks.append(cursor.position())
                if b > a:
                    chunk = text[ustart + a : ustart + b]
                    # Runs of the other script get that script's font and size, so an Arabic
                    # quotation in English text is not set a size smaller (and vice versa).
                    done = 0
                    for m in runs_re.finditer(chunk):
                        if m.start() > done:
                            cursor.insertText(chunk[done : m.start()], base_cf)
                        cursor.insertText(m.group(), run_cf)
                        done = m.end()
                    if done < len(chunk):
                        cursor.insertText(chunk[done:] if done else chunk, base_cf)
        cursor.endEditBlock()
        self._chunk_starts, self._chunk_ends, self._chunk_blocks = starts, ends, blocks
        self._chunk_maps = {}
        self._render_pending = False
        self._install_document(doc)
        self._update_column()

    def _install_document(self, doc: QTextDocument) -> None:
        old = self.document()
        ours = old is not None and old is not doc and old.parent() is self
        self._live_window = None
        self.setExtraSelections([])
        self.setDocument(doc)
        if ours:
            old.deleteLater()

    @staticmethod
    def _apply_frame_margins(doc: QTextDocument, side: int) -> None:
        root = doc.rootFrame()
        fmt: QTextFrameFormat = root.frameFormat()
        fmt.setLeftMargin(side)
        fmt.setRightMargin(side)
        fmt.setTopMargin(PAGE_TOP_MARGIN)
        fmt.setBottomMargin(PAGE_BOTTOM_MARGIN)
        root.setFrameFormat(fmt)

    # -- column ------------------------------------------------------------------------------

    def column_width(self) -> int:
        """Width of the text column in pixels (about ``MEASURE_CHARS`` Latin characters)."""
        fm = QFontMetricsF(getattr(self, "_latin_font", reading_font("en", self._base_point_size)))
        sample = "The quick brown fox jumps over the lazy dog; news from Baghdad and Beirut."
        per_char = fm.horizontalAdvance(sample) / len(sample)
        return round(per_char * MEASURE_CHARS)

    def _side_for(self, viewport_width: int) -> int:
        return max(MIN_SIDE_MARGIN, (viewport_width - self.column_width()) // 2)

    def _update_column(self, force: bool = False) -> None:
        width = self.viewport().width()
        side = self._side_for(width)
        if force or side != self._side_margin:
            self._side_margin = side
            self._apply_frame_margins(self.document(), side)
        left = self.viewport().x() + side
        right = self.width() - (self.viewport().x() + width) + side
        self.columnChanged.emit(left, right)

    def resizeEvent(self, event: QResizeEvent) -> None:
        if self._resize_anchor is None and self.verticalScrollBar().value() > 0:
            self._resize_anchor = self.top_offset()
            QTimer.singleShot(0, self._restore_anchor)
        super().resizeEvent(event)
        self._update_column()
        self._refresh_selections()

    def _restore_anchor(self) -> None:
        anchor, self._resize_anchor = self._resize_anchor, None
        if anchor is not None:
            self.scroll_to_offset(anchor)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._render_pending:
            self._rerender_keeping_place()
        self._update_column()

    # -- offsets -----------------------------------------------------------------------------

    def _map(self, k: int) -> OffsetMap:
        m = self._chunk_maps.get(k)
        if m is None:
            m = OffsetMap(self._text[self._chunk_starts[k] : self._chunk_ends[k]])
            self._chunk_maps[k] = m
        return m

    def _qt_at(self, k: int, cp: int) -> int:
        start, end = self._chunk_starts[k], self._chunk_ends[k]
        cp = min(max(cp, start), end)
        return self._chunk_blocks[k] + self._map(k).to_utf16(cp - start)

    def qt_position(self, cp: int) -> int:
        """Qt document position of code point ``cp`` of :attr:`displayed_text`.

        A position between paragraphs (in the ``\\n\\n``) maps to the start of the next block; the
        end of a chunk maps to the start of the next chunk (use :meth:`qt_end_position` for ends).
        """
        cp = min(max(cp, 0), len(self._text))
        k = max(0, bisect_right(self._chunk_starts, cp) - 1)
        if cp > self._chunk_ends[k] and k + 1 < len(self._chunk_starts):
            return self._chunk_blocks[k + 1]
        return self._qt_at(k, cp)

    def qt_end_position(self, cp: int) -> int:
        """Like :meth:`qt_position`, but a boundary maps to the end of the block before it.

        Used for the end of a span so a match ending at a paragraph end does not swallow the block
        separator.
        """
        cp = min(max(cp, 0), len(self._text))
        k = max(0, bisect_left(self._chunk_starts, cp) - 1)
        return self._qt_at(k, cp)

    def doc_offset(self, qt_position: int) -> int:
        """Code point in :attr:`displayed_text` of Qt position ``qt_position`` (inverse mapping)."""
        k = max(0, bisect_right(self._chunk_blocks, qt_position) - 1)
        start, end = self._chunk_starts[k], self._chunk_ends[k]
        m = self._map(k)
        u16 = min(max(qt_position - self._chunk_blocks[k], 0), m.to_utf16(end - start))
        return start + m.to_codepoint(u16)

    def _cursor(self, start: int, end: int) -> QTextCursor:
        cursor = QTextCursor(self.document())
        first = self.qt_position(start)
        cursor.setPosition(first)
        cursor.setPosition(max(first, self.qt_end_position(end)), QTextCursor.MoveMode.KeepAnchor)
        return cursor

    # -- reading position --------------------------------------------------------------------

    def _block_at_y(self, y: float) -> QTextBlock:
        """The block whose top is the last at or above document y ``y`` (laid out).

        Qt lays a page out lazily; right after a page is rebuilt (zoom), hit-testing past the
        laid-out part lands on a later block. The hit is only a first guess: the walk from it,
        laying out as it goes, finds the block by its real position.
        """
        doc = self.document()
        layout = doc.documentLayout()
        pos = layout.hitTest(QPointF(self.viewport().width() / 2, y), Qt.HitTestAccuracy.FuzzyHit)
        block = doc.findBlock(max(0, pos))
        if not block.isValid():
            block = doc.firstBlock()
        layout.blockBoundingRect(block)  # lays out every block up to this one
        while block.previous().isValid() and block.layout().position().y() > y:
            block = block.previous()
        while (following := block.next()).isValid():
            layout.blockBoundingRect(following)
            if following.layout().position().y() > y:
                break
            block = following
        return block

    def top_offset(self) -> int:
        """Code point of the first character of the first (even partly) visible line.

        The line is found by its height on the page, not by the character under the viewport's
        corner: at the left edge of a right-to-left line Qt hits the line's *end*, which is also
        the start of the next line, so an Arabic page reported the second visible line.
        """
        doc = self.document()
        layout = doc.documentLayout()
        scroll = self.verticalScrollBar().value()
        block = self._block_at_y(scroll)
        if not block.isValid():
            return 0
        first = block
        while block.isValid():
            layout.blockBoundingRect(block)  # make sure the block is laid out
            lines = block.layout()
            top = lines.position().y()
            for i in range(lines.lineCount()):
                line = lines.lineAt(i)
                if top + line.rect().bottom() - scroll > 0:
                    return self.doc_offset(block.position() + line.textStart())
            if top - scroll > self.viewport().height():
                break
            block = block.next()
        return self.doc_offset(first.position())

    def scroll_to_offset(self, cp: int) -> None:
        """Scroll so the line holding code point ``cp`` is the first line of the viewport."""
        pos = self.qt_position(cp)
        doc = self.document()
        block = doc.findBlock(pos)
        if not block.isValid():
            return
        doc.documentLayout().blockBoundingRect(block)  # lays out up to here
        line = block.layout().lineForTextPosition(pos - block.position())
        y = block.layout().position().y() + (line.y() if line.isValid() else 0.0)
        self._scroll_to_y(round(y))

    def _scroll_to_y(self, y: int) -> None:
        """Scroll so document y ``y`` is at the top, even if Qt's lazy layout has not got there.

        QTextEdit lays a big document out in steps and grows the scroll range as it goes; the
        block we scroll to has been laid out (``blockBoundingRect`` forces it) but the range may
        not include it yet, and asking for the full ``documentSize()`` would lay out everything
        (300 ms for 1 MB). Qt corrects the range itself when its layout finishes.
        """
        bar = self.verticalScrollBar()
        if y > bar.maximum():
            bar.setRange(0, y)
        bar.setValue(max(0, y))

    # -- page geometry (document y, the unit of the vertical scroll bar) -------------------------

    def scroll_y(self) -> int:
        """Document y at the top of the viewport."""
        return self.verticalScrollBar().value()

    def block_top(self, cp: int) -> float:
        """Document y of the first line of the block holding ``cp`` (lays out up to it).

        The same y :meth:`scroll_to_offset` scrolls to for the block's first character.
        """
        block = self.document().findBlock(self.qt_position(cp))
        if not block.isValid():
            return 0.0
        self.document().documentLayout().blockBoundingRect(block)
        layout = block.layout()
        first = layout.lineAt(0)
        # A fixed line height puts the first line a little below the block's top.
        return layout.position().y() + (first.y() if first.isValid() else 0.0)

    def content_height(self) -> float:
        """Document y of the end of the text (lays the whole page out: ask near the end only)."""
        last = self.document().lastBlock()
        return self.document().documentLayout().blockBoundingRect(last).bottom()

    def offset_at_y(self, y: float) -> int:
        """Code point at the start of the block at document y ``y`` (see :meth:`_block_at_y`)."""
        block = self._block_at_y(y)
        return self.doc_offset(block.position()) if block.isValid() else 0

    def scroll_to_y(self, y: float) -> None:
        """Scroll so document y ``y`` is at the top, never past the end of the text.

        Qt lays big pages out lazily and may not know the scroll range yet; going past the range
        we know lays the page out to its end first, so Qt never clamps the position later (a late
        clamp would look like the reader scrolled, which the side-by-side view would follow).
        """
        target = max(0, round(y))
        if target > self.verticalScrollBar().maximum():
            limit = self.content_height() + PAGE_BOTTOM_MARGIN - self.viewport().height()
            target = max(0, min(target, round(limit)))
        self._scroll_to_y(target)

    # -- paragraph band ---------------------------------------------------------------------

    def set_band(self, spans: Iterable[tuple[int, int]]) -> None:
        """Mark ``spans`` (code points into ``Document.text``, usually whole paragraphs) with a band.

        The band is a faint fill under the text across the column (:func:`band_background`),
        painted in :meth:`paintEvent`: no ExtraSelection, no format, so nothing about the text
        changes. Not shown while the original text is displayed (the offsets refer to the clean
        text). An empty list clears it.
        """
        doc = self._document_obj
        text = doc.text if doc is not None else ""
        n = len(text)
        band: list[tuple[int, int]] = []
        for s, e in sorted((max(0, s), min(e, n)) for s, e in spans if e > s and s < n):
            if band and not text[band[-1][1] : s].strip():
                # Neighbouring paragraphs make one band: the group reads as one unit.
                band[-1] = (band[-1][0], max(band[-1][1], e))
            else:
                band.append((s, e))
        if band == self._band:
            return
        self._band = band
        self._band_text = doc.text if doc is not None else None
        self.viewport().update()

    def band(self) -> list[tuple[int, int]]:
        """The spans given to :meth:`set_band`."""
        return list(self._band)

    def band_rects(self) -> list[QRectF]:
        """Where the band is painted, in viewport coordinates (empty in original mode)."""
        if not self._band or self._original or self._document_obj is None:
            return []
        doc = self.document()
        layout = doc.documentLayout()
        scroll = self.verticalScrollBar().value()
        left = self._side_margin - BAND_PAD
        right = self.viewport().width() - self._side_margin + BAND_PAD
        rects: list[QRectF] = []
        for start, end in self._band:
            first = doc.findBlock(self.qt_position(start))
            last = doc.findBlock(self.qt_end_position(end))
            if not first.isValid() or not last.isValid():
                continue
            layout.blockBoundingRect(last)  # lays out up to the last block of the span
            top = first.layout().position().y()
            bottom = last.layout().position().y() + last.layout().boundingRect().height()
            rects.append(QRectF(left, top - BAND_PAD - scroll, right - left, bottom - top + 2 * BAND_PAD))
        return rects

    def paintEvent(self, event: QPaintEvent) -> None:
        rects = self.band_rects()
        if rects:
            visible = QRectF(self.viewport().rect())
            painter = QPainter(self.viewport())
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(band_background(self._theme))
            for rect in rects:
                if rect.intersects(visible):
                    painter.drawRoundedRect(rect, 6, 6)
            painter.end()
        super().paintEvent(event)
        if self._notes and self.highlights_enabled:
            self._paint_note_marks()
        if self._page_starts:
            self._paint_page_marks()

    def page_mark_rects(self) -> list[tuple[QRectF, int]]:
        """Where the "p. N" marks are drawn (viewport coordinates): beside the first line of each
        page's first paragraph, in the margin on the paragraph's trailing side (the leading side
        holds the note marks)."""
        if not self._page_starts:
            return []
        metrics = QFontMetricsF(self._page_mark_font())
        out: list[tuple[QRectF, int]] = []
        for start, page in self._page_starts:
            cursor = QTextCursor(self.document())
            cursor.setPosition(self.qt_position(start))
            line = self.cursorRect(cursor)
            rtl = cursor.block().blockFormat().layoutDirection() == Qt.LayoutDirection.RightToLeft
            width = metrics.horizontalAdvance(f"p. {page}") + 2
            gap = max(4.0, min(18.0, self._side_margin / 4))
            x = self._side_margin - gap - width if rtl else self.viewport().width() - self._side_margin + gap
            out.append((QRectF(x, line.top(), width, metrics.height()), page))
        return out

    def _page_mark_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.8))
        return font

    def _paint_page_marks(self) -> None:
        visible = QRectF(self.viewport().rect())
        painter = QPainter(self.viewport())
        painter.setFont(self._page_mark_font())
        painter.setPen(self._theme.color("muted"))
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        for rect, page in self.page_mark_rects():
            if rect.intersects(visible):
                painter.drawText(rect, flags, f"p. {page}")
        painter.end()

    def _paint_note_marks(self) -> None:
        """A small note (a folded sheet with two lines) in the margin beside each noted highlight."""
        visible = QRectF(self.viewport().rect())
        colour = self._theme.color("text")
        colour.setAlphaF(0.55)
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(colour)
        pen.setWidthF(1.2)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for rect, _key in self.note_mark_rects():
            if not rect.intersects(visible):
                continue
            painter.drawRoundedRect(rect, 2, 2)
            for fraction in (0.38, 0.66):
                y = rect.top() + rect.height() * fraction
                painter.drawLine(QPointF(rect.left() + 2.5, y), QPointF(rect.right() - 2.5, y))
        painter.end()

    def selection_offsets(self) -> tuple[int, int] | None:
        """The selected span as code points into :attr:`displayed_text`, or None."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return self.doc_offset(cursor.selectionStart()), self.doc_offset(cursor.selectionEnd())

    def createMimeDataFromSelection(self) -> QMimeData:
        """Copy the source text of the selection (paragraph breaks as in the text, no HTML)."""
        data = QMimeData()
        span = self.selection_offsets()
        if span is not None:
            data.setText(self._text[span[0] : span[1]])
        return data

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return False

    # -- matches -----------------------------------------------------------------------------

    def matches(self) -> list[tuple[int, int]]:
        """The highlighted spans, in document order (code points into the displayed text)."""
        return list(self._matches)

    def current_match(self) -> int:
        """Index into :meth:`matches` of the current match, or -1."""
        return self._current

    def set_matches(self, spans: Iterable[tuple[int, int]], current: int = 0, scroll: bool = True) -> None:
        """Highlight ``spans`` (code points into the displayed text); ``current`` indexes ``spans``.

        Matches are kept in document order; the current one gets its own colour and, with
        ``scroll``, is centred in the viewport.
        """
        n = len(self._text)
        indexed = [(max(0, s), min(e, n), i) for i, (s, e) in enumerate(spans) if e > s and s < n]
        indexed.sort()
        self._matches = [(s, e) for s, e, _ in indexed]
        self._match_starts = [s for s, _, _ in indexed]
        self._current = -1
        if indexed:
            order = [i for _, _, i in indexed]
            self._current = order.index(current) if current in order else 0
        self._live_window = None
        if self._current >= 0 and scroll:
            self._reveal(self._current)
        self._refresh_selections(force=True)
        self.matchChanged.emit(self._current, len(self._matches))

    def clear_matches(self) -> None:
        self.set_matches([])

    # -- user highlights -----------------------------------------------------------------------

    @property
    def highlights_enabled(self) -> bool:
        """Highlights are drawn and made on the clean text only (their offsets refer to it)."""
        return not self._original

    def set_highlights(
        self, items: Iterable[tuple[int, int, str, str]], notes: dict[str, str] | None = None
    ) -> None:
        """Draw the user's highlights: ``(start, end, "#rrggbb", key)``, code points into ``Document.text``.

        The colour is a palette colour; the page shows a theme-adjusted tint of it
        (:func:`highlight_background`). Shorter spans nested in longer ones are drawn above them.
        ``notes`` maps the keys of highlights that carry a note to the note: those are marked, so
        a note is never invisible in the text.
        """
        self._notes = {k: v for k, v in (notes or {}).items() if v.strip()}
        doc = self._document_obj
        text = doc.text if doc is not None else ""
        n = len(text)
        cleaned = [(max(0, s), min(e, n), rgb, key) for s, e, rgb, key in items if e > s and s < n]
        cleaned.sort(key=lambda h: (h[0], -h[1], h[3]))
        self._highlights = cleaned
        self._highlight_text = text
        self._live_window = None
        self._refresh_selections(force=True)

    def highlights(self) -> list[tuple[int, int, str, str]]:
        """The highlights given to :meth:`set_highlights`, in text order."""
        return list(self._highlights)

    def noted_highlights(self) -> list[tuple[int, int, str]]:
        """(start, end, key) of the highlights drawn with a note mark, in text order."""
        return [(s, e, key) for s, e, _rgb, key in self._highlights if key in self._notes]

    def note_mark_rects(self) -> list[tuple[QRectF, str]]:
        """Where the margin glyphs are (viewport coordinates), with their highlight's key.

        One glyph per noted highlight, beside the line where it starts, in the margin on the
        paragraph's leading side (right of an Arabic paragraph, left of an English one).
        """
        if not self.highlights_enabled or not self._notes:
            return []
        doc = self.document()
        out: list[tuple[QRectF, str]] = []
        taken: set[tuple[int, int]] = set()
        for start, _end, key in self.noted_highlights():
            cursor = QTextCursor(doc)
            cursor.setPosition(self.qt_position(start))
            line_rect = self.cursorRect(cursor)
            block = cursor.block()
            rtl = block.blockFormat().layoutDirection() == Qt.LayoutDirection.RightToLeft
            size = NOTE_MARK_SIZE
            gap = max(4.0, min(18.0, self._side_margin / 3))
            x = self.viewport().width() - self._side_margin + gap if rtl else self._side_margin - gap - size
            y = line_rect.center().y() - size / 2
            slot = (round(x), round(y))
            if slot in taken:  # two notes starting on one line share one glyph
                continue
            taken.add(slot)
            out.append((QRectF(x, y, size, size), key))
        return out

    def note_at(self, pos: QPoint) -> str | None:
        """The note shown at viewport point ``pos`` (on its words or its margin glyph), or None."""
        for rect, key in self.note_mark_rects():
            if rect.adjusted(-3, -3, 3, 3).contains(QPointF(pos)):
                return self._notes.get(key)
        cursor = self.cursorForPosition(pos)
        if not self.cursorRect(cursor).adjusted(-12, -4, 12, 4).contains(pos):
            return None  # beside the text, not on it
        for key in self.highlights_at(self.doc_offset(cursor.position())):
            if key in self._notes:
                return self._notes[key]
        return None

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            help_event: QHelpEvent = event  # type: ignore[assignment]
            note = self.note_at(self.viewport().mapFrom(self, help_event.pos()))
            if note:
                QToolTip.showText(help_event.globalPos(), plain_tooltip(note_tip(note)), self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def highlights_at(self, cp: int) -> list[str]:
        """Keys of the highlights that contain code point ``cp``, innermost (shortest) first."""
        if not self.highlights_enabled:
            return []
        hits = [(e - s, key) for s, e, _rgb, key in self._highlights if s <= cp < e]
        return [key for _length, key in sorted(hits)]

    def offset_at(self, pos: QPoint) -> int:
        """Code point of the displayed text under viewport point ``pos``."""
        return self.doc_offset(self.cursorForPosition(pos).position())

    def caret_offset(self) -> int:
        """Code point of the caret (the start of the selection, if any) in the displayed text."""
        return self.doc_offset(self.textCursor().selectionStart())

    def paragraph_at(self, cp: int) -> int:
        """Index of the clean text's paragraph holding code point ``cp`` (-1 in original mode)."""
        doc = self._document_obj
        if doc is None or self._original or not doc.paragraphs:
            return -1
        starts = [p.start for p in doc.paragraphs]
        return max(0, bisect_right(starts, cp) - 1)

    def reveal_span(self, start: int, end: int, *, select: bool = False, flash: bool = True) -> None:
        """Bring ``[start, end)`` into view (a third of the way down) and flash it briefly.

        The flash, not a lasting selection, is the default: a selection would hide the highlight's
        own colour until the reader clicks elsewhere. ``select`` selects the span instead.
        """
        n = len(self._text)
        start, end = max(0, min(start, n)), max(0, min(end, n))
        if select and end > start:
            self.setTextCursor(self._cursor(start, end))
            flash = False  # the selection is drawn over any flash
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.qt_position(start))
        rect = self.cursorRect(cursor)  # lays out up to the span
        bar = self.verticalScrollBar()
        self._scroll_to_y(bar.value() + rect.center().y() - self.viewport().height() // 3)
        if flash and end > start:
            self._flash = (start, end)
            self._flash_timer.start()
        self._refresh_selections(force=True)

    def _end_flash(self) -> None:
        self._flash = None
        self._refresh_selections(force=True)

    def next_match(self) -> int:
        """Make the next match current (wrapping to the first); returns its index or -1."""
        return self._step(1)

    def previous_match(self) -> int:
        """Make the previous match current (wrapping to the last); returns its index or -1."""
        return self._step(-1)

    def _step(self, delta: int) -> int:
        if not self._matches:
            self.matchChanged.emit(-1, 0)
            return -1
        self._current = (self._current + delta) % len(self._matches)
        self._reveal(self._current)
        self._refresh_selections(force=True)
        self.matchChanged.emit(self._current, len(self._matches))
        return self._current

    def _reveal(self, index: int) -> None:
        start, _ = self._matches[index]
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.qt_position(start))
        rect = self.cursorRect(cursor)  # lays out up to the match
        bar = self.verticalScrollBar()
        self._scroll_to_y(bar.value() + rect.center().y() - self.viewport().height() // 2)

    def _visible_range(self) -> tuple[int, int]:
        top = self.cursorForPosition(QPoint(0, 0)).block()
        bottom = self.cursorForPosition(QPoint(self.viewport().width(), self.viewport().height())).block()
        return self.doc_offset(top.position()), self.doc_offset(bottom.position() + bottom.length() - 1)

    def _on_scrolled(self, _value: int) -> None:
        self._refresh_selections()

    def _refresh_selections(self, force: bool = False) -> None:
        """Hand Qt the ExtraSelections around the viewport: highlights, then matches, then the current one.

        Later selections are drawn over earlier ones, so search matches sit on top of highlights.
        """
        highlights = self._highlights if self.highlights_enabled else []
        if not self._matches and not highlights and self._flash is None:
            if force or self._live_window is not None:
                self._live_window = None
                self.setExtraSelections([])
            return
        lo, hi = self._visible_range()
        if not force and self._live_window and self._live_window[0] <= lo and hi <= self._live_window[1]:
            return
        win_lo, win_hi = max(0, lo - SELECTION_WINDOW), hi + SELECTION_WINDOW
        first = max(0, bisect_left(self._match_starts, win_lo) - 1)
        last = bisect_right(self._match_starts, win_hi)
        if last - first > MAX_LIVE_SELECTIONS:
            centre = bisect_left(self._match_starts, lo)
            first = max(first, centre - MAX_LIVE_SELECTIONS // 4)
            last = min(last, first + MAX_LIVE_SELECTIONS)
            win_lo, win_hi = self._match_starts[first], self._match_starts[last - 1]
        self._live_window = (win_lo, win_hi)
        theme = self._theme
        normal = QTextCharFormat()
        normal.setBackground(theme.color("match"))
        normal.setForeground(theme.color("match_text"))
        current = QTextCharFormat()
        current.setBackground(theme.color("current_match"))
        current.setForeground(theme.color("current_match_text"))
        selections: list[QTextEdit.ExtraSelection] = []
        formats: dict[str, QTextCharFormat] = {}
        for start, end, rgb, key in highlights:
            if start >= win_hi or end <= win_lo:
                continue
            fmt = formats.get(rgb)
            if fmt is None:
                fmt = QTextCharFormat()
                fmt.setBackground(highlight_background(rgb, theme))
                formats[rgb] = fmt
            keyed = QTextCharFormat(fmt)
            keyed.setProperty(HIGHLIGHT_KEY_PROPERTY, key)
            if key in self._notes:
                # Painting only (an ExtraSelection): a dotted line under words that carry a note.
                keyed.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
                keyed.setUnderlineColor(theme.color("text"))
            sel = QTextEdit.ExtraSelection()
            sel.cursor = self._cursor(start, end)
            sel.format = keyed
            selections.append(sel)
        if self._flash is not None:
            # A short-lived mark on a highlight the reader jumped to from the notes panel.
            flash = QTextCharFormat()
            flash.setBackground(theme.color("selection"))
            sel = QTextEdit.ExtraSelection()
            sel.cursor = self._cursor(*self._flash)
            sel.format = flash
            selections.append(sel)
        # A match inside a highlight of a similar hue (the pale match yellow on "Actor" yellow)
        # would be lost: it gets an underline as well. Painting only: the layout, and so Arabic
        # shaping, is untouched by an ExtraSelection.
        marked: dict[int, QTextCharFormat] = {}

        def match_format(span: tuple[int, int], base: QTextCharFormat) -> QTextCharFormat:
            start, end = span
            if not any(hs < end and start < he for hs, he, _rgb, _key in highlights):
                return base
            key = id(base)
            if key not in marked:
                fmt = QTextCharFormat(base)
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
                accent = theme.color("current_match")
                fmt.setUnderlineColor(theme.color("text") if base is not normal
                                      else accent if theme.dark else accent.darker(160))
                marked[key] = fmt
            return marked[key]

        for i in range(first, last):
            if i == self._current:
                continue
            sel = QTextEdit.ExtraSelection()
            sel.cursor = self._cursor(*self._matches[i])
            sel.format = match_format(self._matches[i], normal)
            selections.append(sel)
        if self._current >= 0:
            sel = QTextEdit.ExtraSelection()
            sel.cursor = self._cursor(*self._matches[self._current])
            sel.format = match_format(self._matches[self._current], current)
            selections.append(sel)
        self.setExtraSelections(selections)

    # -- find --------------------------------------------------------------------------------

    def find_in_article(self, text: str, scroll: bool = True) -> int:
        """Highlight every occurrence of ``text``; returns the number of hits.

        Case-insensitive; Arabic vowel marks, tatweel, alef/hamza/ya/ta-marbuta variants and Latin
        accents are ignored (so ``الرئيس`` finds ``الرَّئِيسُ``). The first hit at or after the
        reading position becomes current.
        """
        if self._folded is None:
            self._folded = FoldedText(self._text)
        spans = self._folded.find_all(text) if text else []
        current = 0
        if spans:
            top = self.top_offset()
            current = bisect_left([s for s, _ in spans], top)
            if current >= len(spans):
                current = 0
        self.set_matches(spans, current, scroll=scroll)
        return len(spans)

    # -- zoom and theme ----------------------------------------------------------------------

    @property
    def zoom_steps(self) -> int:
        return self._zoom_steps

    @zoom_steps.setter
    def zoom_steps(self, steps: int) -> None:
        self.set_zoom_steps(steps)

    def set_zoom_steps(self, steps: int) -> None:
        """Zoom to ``steps`` (each ×1.1); the reading position is kept. Hidden views catch up when shown."""
        steps = max(ZOOM_MIN, min(ZOOM_MAX, int(steps)))
        if steps == self._zoom_steps:
            return
        self._zoom_steps = steps
        if self.isVisible() or self._document_obj is None:
            self._rerender_keeping_place()
        else:
            self._render_pending = True
            self._latin_font = self._fonts()["en"]
        self.zoomChanged.emit(steps)

    def zoom_in(self) -> None:
        self.set_zoom_steps(self._zoom_steps + 1)

    def zoom_out(self) -> None:
        self.set_zoom_steps(self._zoom_steps - 1)

    def reset_zoom(self) -> None:
        self.set_zoom_steps(0)

    def reading_point_size(self, language: str = "en") -> float:
        """Point size currently used for ``language`` paragraphs."""
        return reading_font(language, self._base_point_size, ZOOM_FACTOR**self._zoom_steps).pointSizeF()

    def _rerender_keeping_place(self) -> None:
        top = self.top_offset() if self.verticalScrollBar().value() > 0 else None
        self._render()
        if top is not None:
            self.scroll_to_offset(top)
            if self._resize_anchor is not None:
                # A resize while the new page was installed took its anchor from the old scroll
                # position on the new page; the place to come back to is the one kept here.
                self._resize_anchor = top
        self._refresh_selections(force=True)

    # -- selecting: whole words by mouse, a caret for the keyboard --------------------------------

    def set_caret_browsing(self, on: bool) -> None:
        """F7: a caret in the text, moved with the arrow keys; Shift extends the selection (Ctrl
        by words), so text is selected, highlighted (1-8) and annotated without a mouse."""
        flags = Qt.TextInteractionFlag.TextSelectableByMouse
        if on:
            flags |= Qt.TextInteractionFlag.TextSelectableByKeyboard
        self.setTextInteractionFlags(flags)
        self.setCursorWidth(2 if on else 1)

    @property
    def caret_browsing(self) -> bool:
        return bool(self.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByKeyboard)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._precise_drag = bool(event.modifiers() & PRECISE_MODIFIERS)
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        precise = self._precise_drag or bool(event.modifiers() & PRECISE_MODIFIERS)
        if event.button() == Qt.MouseButton.LeftButton and not precise:
            self.snap_selection_to_words()

    def snap_selection_to_words(self) -> None:
        """Widen the selection to whole words (:func:`~reader.text.words.snap_to_words`)."""
        span = self.selection_offsets()
        if span is None:
            return
        start, end = snap_to_words(self._text, *span)
        if (start, end) == span:
            return
        cursor = self.textCursor()
        forward = cursor.anchor() <= cursor.position()
        anchor, position = (start, end) if forward else (end, start)
        snapped = QTextCursor(self.document())
        snapped.setPosition(self.qt_position(anchor) if forward else self.qt_end_position(anchor))
        snapped.setPosition(
            self.qt_end_position(position) if forward else self.qt_position(position),
            QTextCursor.MoveMode.KeepAnchor,
        )
        self.setTextCursor(snapped)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            delta = event.angleDelta().y()
            if delta > 0:
                self.zoom_in()
            elif delta < 0:
                self.zoom_out()
            event.accept()
            return
        super().wheelEvent(event)

    @property
    def theme(self) -> Theme:
        return self._theme

    def set_theme(self, name: str) -> None:
        """Switch the page colours (no relayout: fonts do not change)."""
        self._theme = get_theme(name)
        self._apply_palette()
        self._refresh_selections(force=True)

    def _apply_palette(self) -> None:
        pal = reading_palette(self._theme, self.palette())
        self.setPalette(pal)
        self.viewport().setPalette(pal)
        self.viewport().setAutoFillBackground(True)


# ---------------------------------------------------------------------------------------------
# Header, find bar, tab.


def _plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
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


class ElidedLabel(QLabel):
    """One line of plain text that shortens itself when narrow: first to the shorter forms it was
    given (a path without its folders), and only then with "…" in the middle of the shortest.

    For the header's source line (a file path): it is worth showing but must never decide how
    narrow a page may be, and cutting ``folder/sub/name.txt`` in the middle of a folder name leaves
    pieces that mean nothing. :meth:`text` is the full text; the tooltip shows it when shortened.
    """

    def __init__(
        self,
        text: str = "",
        parent: QWidget | None = None,
        mode: Qt.TextElideMode = Qt.TextElideMode.ElideMiddle,
    ) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._mode = mode
        self._full = ""
        self._shorter: tuple[str, ...] = ()
        self._extra_tip = ""
        self.setText(text)

    def setText(self, text: str, shorter: Sequence[str] = ()) -> None:
        self._full = text
        self._shorter = tuple(shorter)
        self._elide()
        self.updateGeometry()

    def set_extra_tooltip(self, tip: str) -> None:
        """A tooltip shown under the full text (which the tooltip repeats only when it is elided)."""
        self._extra_tip = tip
        self._elide()

    def text(self) -> str:
        return self._full

    def _elide(self) -> None:
        width = self.contentsRect().width()
        metrics = self.fontMetrics()
        shown = self._full
        if width > 0:
            for form in (self._full, *self._shorter):
                shown = form
                if metrics.horizontalAdvance(form) <= width:
                    break
            else:
                shown = metrics.elidedText(shown, self._mode, width)
        super().setText(shown)
        parts = [self._full] if shown != self._full else []
        if self._extra_tip:
            parts.append(self._extra_tip)
        self.setToolTip(plain_tooltip("\n".join(parts)) if parts else "")

    def sizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance(self._full) + 2, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance("…") * 4, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()


def _mnemonic_safe(text: str) -> str:
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


ORIGINAL_TIP = "Show the untouched source text, boilerplate included"
ORIGINAL_ON_TIP = (
    "Showing the untouched source text. Highlighting is off here: highlights and notes belong "
    "to the clean text. Click again to go back to it."
)
TITLE_SCALE = 1.55  # the title's size in reading-text sizes
TITLE_SCALE_COMPACT = 1.25
EDIT_DETAILS_TIP = "Correct this article's date, title, outlet, language or byline"
SIDE_BY_SIDE_TIP = "Read this article next to its translation, a suggested counterpart or any article"


class ArticleHeader(QWidget):
    """Title, date with provenance, outlet, byline, source, duplicates, "Show original", "Edit details…".

    Fields the user corrected (:meth:`set_corrected_fields`) say so: the date reads
    "14 March 2020 (corrected)", other fields are named after the source line.
    """

    openRequested = Signal(str)
    originalToggled = Signal(bool)
    editDetailsRequested = Signal()
    # The "Side by side" menu is about to show (the QMenu, empty): its owner fills it with the
    # article's pair and suggestions, which the header knows nothing about.
    sideBySideMenuRequested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAutoFillBackground(True)
        self._theme = get_theme(DEFAULT_THEME)
        self._zoom = 1.0
        self._language = "en"
        self._compact = False
        self._duplicate_ids: list[str] = []

        self.title_label = _plain_label()
        self.title_label.setWordWrap(True)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

        self.date_label = _plain_label()
        self.date_label.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        # "No date (mentions 2016: not before 2016)" may wrap rather than set the page's width.
        self.date_label.setWordWrap(True)
        self.meta_label = _plain_label()
        self.meta_label.setWordWrap(True)
        self.meta_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.source_label = ElidedLabel()
        self.source_label.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.source_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Folded (a side-by-side column scrolled into its text): the title and date on one line.
        self.folded_label = ElidedLabel(mode=Qt.TextElideMode.ElideRight)
        self.folded_label.hide()
        self._folded = False

        self.original_button = QPushButton("Show original")
        self.original_button.setCheckable(True)
        self.original_button.setFlat(True)
        self.original_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.original_button.setToolTip(ORIGINAL_TIP)
        self.original_button.toggled.connect(self._update_original_tip)
        self.original_button.toggled.connect(self.originalToggled)
        self.edit_button = QPushButton("Edit details…")
        self.edit_button.setFlat(True)
        self.edit_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.edit_button.setToolTip(EDIT_DETAILS_TIP)
        self.edit_button.clicked.connect(self.editDetailsRequested)
        self.side_by_side_button = QPushButton("Side by side")
        self.side_by_side_button.setFlat(True)
        self.side_by_side_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.side_by_side_button.setToolTip(SIDE_BY_SIDE_TIP)
        self._side_menu = QMenu(self.side_by_side_button)
        self._side_menu.setToolTipsVisible(True)
        self._side_menu.aboutToShow.connect(self._fill_side_menu)
        self.side_by_side_button.setMenu(self._side_menu)
        self._source_text = ""
        self._source_name = ""
        self._corrected: list[str] = []

        self._also_label = _plain_label("Also in:")
        self._also_layout = QHBoxLayout()
        self._also_layout.setContentsMargins(0, 0, 0, 0)
        self._also_layout.setSpacing(4)
        self._also_layout.addWidget(self._also_label)
        self._also_buttons: list[QToolButton] = []
        self._also_row = QWidget()
        also_outer = QHBoxLayout(self._also_row)
        also_outer.setContentsMargins(0, 0, 0, 0)
        also_outer.addLayout(self._also_layout)
        also_outer.addStretch(1)
        self._also_row.hide()

        meta_row = QHBoxLayout()
        meta_row.setSpacing(6)
        meta_row.addWidget(self.date_label)
        self._dot = _plain_label("·")
        meta_row.addWidget(self._dot)
        meta_row.addWidget(self.meta_label, 1)

        # In a narrow (compact) column the source line has a row of its own, above the buttons.
        self._source_line = QHBoxLayout()
        source_row = QHBoxLayout()
        self._source_row = source_row
        source_row.addWidget(self.source_label, 1)
        source_row.addWidget(self.side_by_side_button)
        source_row.addWidget(self.edit_button)
        source_row.addWidget(self.original_button)

        self._rule = QFrame()
        self._rule.setFrameShape(QFrame.Shape.NoFrame)
        self._rule.setFixedHeight(1)
        self._rule.setAutoFillBackground(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(MIN_SIDE_MARGIN, 18, MIN_SIDE_MARGIN, 0)
        layout.setSpacing(4)
        layout.addWidget(self.title_label)
        layout.addWidget(self.folded_label)
        layout.addSpacing(4)
        layout.addLayout(meta_row)
        layout.addLayout(self._source_line)
        layout.addLayout(source_row)
        layout.addWidget(self._also_row)
        # Extra height (the side-by-side view levels two headers) goes above the rule, so both
        # rules, and the texts under them, start at the same height.
        layout.addStretch(1)
        layout.addSpacing(8)
        layout.addWidget(self._rule)
        self._apply_theme()

    def set_document(self, doc: Document, duplicates: Sequence[str] = ()) -> None:
        direction = document_direction(doc)
        qt_dir = Qt.LayoutDirection.RightToLeft if direction == "rtl" else Qt.LayoutDirection.LeftToRight
        self.setLayoutDirection(qt_dir)
        self.date_label.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.source_label.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self._language = "ar" if direction == "rtl" else "en"

        self.title_label.setText(doc.title)
        self.title_label.setLayoutDirection(qt_dir)
        self.title_label.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignTop)
        self.folded_label.setLayoutDirection(qt_dir)
        self.folded_label.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)

        self.date_label.setText(date_label(doc.date))
        self.date_label.setToolTip(plain_tooltip(doc.date.evidence or "no date evidence"))

        fields = [f for f in (doc.outlet, doc.byline) if f]
        meta = "  ·  ".join(_isolate(f.strip()) for f in fields)
        self.meta_label.setText(meta)
        # Next to the date, on the article's side, whatever the script of the byline.
        self.meta_label.setAlignment(
            side_of(direction) | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter
        )
        self.meta_label.setVisible(bool(meta))
        self._dot.setVisible(bool(meta))
        meta_dir = direction_of(meta) if meta else direction
        self.meta_label.setLayoutDirection(
            Qt.LayoutDirection.RightToLeft if meta_dir == "rtl" else Qt.LayoutDirection.LeftToRight
        )

        source = f"{doc.source}, article {doc.segment}"
        self._source_name = f"{doc.source.replace(chr(92), '/').rsplit('/', 1)[-1]}, article {doc.segment}"
        if doc.encoding and doc.encoding.lower().replace("_", "-") not in ("utf-8", "utf8", "ascii"):
            source += f" ({doc.encoding})"
        self._source_text = source
        self.source_label.set_extra_tooltip(boundary_tip(doc))
        self._show_source()
        # English text in its own left-to-right label, but on the article's side of the header.
        self.source_label.setAlignment(
            side_of(direction) | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter
        )
        self.set_duplicates(duplicates)
        self.folded_label.setText(f"{doc.title}  ·  {date_label(doc.date)}")
        self._apply_fonts()

    def set_duplicates(self, ids: Sequence[str]) -> None:
        """Show "Also in:" buttons for the given document ids (each emits :attr:`openRequested`)."""
        for button in self._also_buttons:
            self._also_layout.removeWidget(button)
            button.deleteLater()
        self._also_buttons = []
        self._duplicate_ids = list(ids)
        for doc_id in self._duplicate_ids:
            button = QToolButton()
            button.setText(_mnemonic_safe(doc_id))
            button.setAutoRaise(True)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setToolTip(plain_tooltip(f"Open the same article in {doc_id}"))
            button.clicked.connect(lambda _checked=False, d=doc_id: self.openRequested.emit(d))
            self._also_layout.addWidget(button)
            self._also_buttons.append(button)
        self._also_row.setVisible(bool(self._duplicate_ids))
        self._apply_theme()

    @property
    def duplicate_buttons(self) -> list[QToolButton]:
        return list(self._also_buttons)

    @property
    def side_by_side_menu(self) -> QMenu:
        return self._side_menu

    def _fill_side_menu(self) -> None:
        self._side_menu.clear()
        self.sideBySideMenuRequested.emit(self._side_menu)
        if self._side_menu.isEmpty():
            self._side_menu.addAction("No other article to show").setEnabled(False)

    def set_corrected_fields(self, fields: Sequence[str]) -> None:
        """Name the fields the user corrected (the date says so itself, through its provenance)."""
        self._corrected = [f for f in fields if f != "date"]
        self._show_source()
        tip = EDIT_DETAILS_TIP
        if fields:
            tip += "\nCorrected by you: " + ", ".join(fields)
        self.edit_button.setToolTip(tip)

    @property
    def corrected_fields(self) -> list[str]:
        return list(self._corrected)

    def _show_source(self) -> None:
        corrected = " · corrected: " + ", ".join(self._corrected) if self._corrected else ""
        full = self._source_text + corrected
        # Narrower forms, each still meaningful: the file's name without its folders, then
        # without the encoding note, then without the corrections (the tooltip has them all).
        name = self._source_name
        self.source_label.setText(full, [f"{name}{corrected}", name, name.replace(", article ", " · ")])

    def set_original_checked(self, checked: bool) -> None:
        """Reflect the mode without emitting :attr:`originalToggled`."""
        self.original_button.blockSignals(True)
        self.original_button.setChecked(checked)
        self.original_button.blockSignals(False)
        self._update_original_tip(checked)

    def _update_original_tip(self, checked: bool) -> None:
        self.original_button.setToolTip(ORIGINAL_ON_TIP if checked else ORIGINAL_TIP)

    def set_zoom(self, factor: float) -> None:
        self._zoom = factor
        self._apply_fonts()

    def set_columns(self, left: int, right: int) -> None:
        """Align the header with the article's text column."""
        # Layout margins are mirrored by Qt in a right-to-left header: pass them as they are.
        layout = self.layout()
        margins = layout.contentsMargins()
        layout.setContentsMargins(left, margins.top(), right, margins.bottom())

    def minimumSizeHint(self) -> QSize:
        """The layout's minimum, counting the side margins at their smallest.

        The margins follow the text column, which widens with the page; counted at their current
        width they would stop the page from ever getting narrower again (a window or a
        side-by-side splitter could grow the reading area but not shrink it back).
        """
        hint = super().minimumSizeHint()
        margins = self.layout().contentsMargins()
        extra = max(0, margins.left() - MIN_SIDE_MARGIN) + max(0, margins.right() - MIN_SIDE_MARGIN)
        return QSize(max(0, hint.width() - extra), hint.height())

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self._apply_theme()

    def set_compact(self, compact: bool) -> None:
        """A smaller title and less room above it, for a half-width page (the side-by-side view):
        a display-size title over a narrow column would take three lines and a third of the page."""
        self._compact = compact
        layout = self.layout()
        margins = layout.contentsMargins()
        layout.setContentsMargins(margins.left(), 10 if compact else 18, margins.right(), margins.bottom())
        if compact:
            self._source_row.removeWidget(self.source_label)
            self._source_line.addWidget(self.source_label, 1)
        else:
            self._source_line.removeWidget(self.source_label)
            self._source_row.insertWidget(0, self.source_label, 1)
        self._apply_fonts()

    def set_folded(self, folded: bool) -> None:
        """Title and date on one line, the rest hidden: a narrow column scrolled into its text
        gives the header's room back to the text, and gets it again at the top."""
        if folded == self._folded:
            return
        self._folded = folded
        self.folded_label.setText(f"{self.title_label.text()}  ·  {self.date_label.text()}")
        for widget in (self.title_label, self.date_label, self._dot, self.meta_label, self.source_label,
                       self.side_by_side_button, self.edit_button, self.original_button):
            if folded:
                widget.setProperty("visibleUnfolded", not widget.isHidden())
                widget.hide()
            elif widget.property("visibleUnfolded"):
                widget.show()
        if folded:
            self._also_row.setProperty("visibleUnfolded", not self._also_row.isHidden())
            self._also_row.hide()
        elif self._also_row.property("visibleUnfolded"):
            self._also_row.show()
        self.folded_label.setVisible(folded)

    @property
    def folded(self) -> bool:
        return self._folded

    def _apply_fonts(self) -> None:
        factor = TITLE_SCALE_COMPACT if self._compact else TITLE_SCALE
        title = reading_font(self._language, DEFAULT_POINT_SIZE * factor, self._zoom)
        title.setWeight(QFont.Weight.Bold)
        self.title_label.setFont(title)
        folded = reading_font(self._language, DEFAULT_POINT_SIZE, self._zoom)
        folded.setWeight(QFont.Weight.Bold)
        self.folded_label.setFont(folded)

    def _apply_theme(self) -> None:
        theme = self._theme
        pal = reading_palette(theme, self.palette())
        self.setPalette(pal)
        muted = QPalette(pal)
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            muted.setColor(group, QPalette.ColorRole.WindowText, theme.color("muted"))
            muted.setColor(group, QPalette.ColorRole.ButtonText, theme.color("muted"))
        for label in (self.date_label, self.meta_label, self.source_label, self._also_label, self._dot):
            label.setPalette(muted)
        self.original_button.setPalette(muted)
        self.edit_button.setPalette(muted)
        self.side_by_side_button.setPalette(muted)
        link = QPalette(pal)
        link.setColor(QPalette.ColorRole.ButtonText, theme.color("link"))
        for button in self._also_buttons:
            button.setPalette(link)
        rule = QPalette(pal)
        rule.setColor(QPalette.ColorRole.Window, theme.color("border"))
        self._rule.setPalette(rule)


class FindBar(QWidget):
    """Find-in-article controls: query, "n of m", previous/next and close."""

    queryChanged = Signal(str)
    nextRequested = Signal()
    previousRequested = Signal()
    closeRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("Find in article")
        self.edit.setClearButtonEnabled(True)
        self.edit.setMinimumWidth(220)
        self.edit.setMaximumWidth(420)
        self.edit.textChanged.connect(self.queryChanged)
        self.edit.installEventFilter(self)
        self.count_label = _plain_label("")
        self.count_label.setMinimumWidth(72)
        style = self.style()
        self.previous_button = QToolButton()
        self.previous_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowUp))
        self.previous_button.setToolTip("Previous match (Shift+Enter, Shift+F3)")
        self.previous_button.setAutoRaise(True)
        self.previous_button.clicked.connect(self.previousRequested)
        self.next_button = QToolButton()
        self.next_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowDown))
        self.next_button.setToolTip("Next match (Enter, F3)")
        self.next_button.setAutoRaise(True)
        self.next_button.clicked.connect(self.nextRequested)
        self.close_button = QToolButton()
        self.close_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_TitleBarCloseButton))
        self.close_button.setToolTip("Close (Esc)")
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self.closeRequested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(4)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addStretch(1)
        layout.addWidget(self.close_button)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def set_count(self, index: int, total: int) -> None:
        if not self.edit.text():
            self.count_label.setText("")
        elif total == 0:
            self.count_label.setText("No matches")
        else:
            self.count_label.setText(f"{index + 1} of {total}")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            key_event: QKeyEvent = event  # type: ignore[assignment]
            if key_event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if key_event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                    self.previousRequested.emit()
                else:
                    self.nextRequested.emit()
                return True
            if key_event.key() == Qt.Key.Key_Escape:
                self.closeRequested.emit()
                return True
        return super().eventFilter(watched, event)


class ArticleTab(QWidget):
    """One open article: header, page and find bar. ``document`` is the article shown.

    Search hits given by the caller (:meth:`set_search_matches`) are shown until the reader uses
    the find bar, and come back when it closes.
    """

    def __init__(
        self,
        document: Document,
        duplicates: Sequence[str] = (),
        *,
        zoom_steps: int = 0,
        theme: str = DEFAULT_THEME,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._document = document
        self._search_matches: list[tuple[int, int]] = []
        self._search_current = 0
        self.header = ArticleHeader()
        self.view = ArticleView()
        self.find_bar = FindBar()
        self.find_bar.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.find_bar)

        self._find_timer = QTimer(self)
        self._find_timer.setSingleShot(True)
        self._find_timer.setInterval(150)
        self._find_timer.timeout.connect(self._run_find)

        self.header.originalToggled.connect(self.set_original)
        self.view.columnChanged.connect(self.header.set_columns)
        self.view.matchChanged.connect(self.find_bar.set_count)
        self.view.zoomChanged.connect(lambda _n: self.header.set_zoom(ZOOM_FACTOR**self.view.zoom_steps))
        self.find_bar.queryChanged.connect(self._query_changed)
        self.find_bar.nextRequested.connect(self.next_match)
        self.find_bar.previousRequested.connect(self.previous_match)
        self.find_bar.closeRequested.connect(self.hide_find_bar)

        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        self._shortcuts = []
        for keys, slot in (
            (QKeySequence(QKeySequence.StandardKey.Find), self.show_find_bar),
            (QKeySequence("F3"), self.next_match),
            (QKeySequence("Shift+F3"), self.previous_match),
        ):
            shortcut = QShortcut(keys, self)
            shortcut.setContext(context)
            shortcut.activated.connect(slot)
            self._shortcuts.append(shortcut)
        self._escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        self._escape.setContext(context)
        self._escape.activated.connect(self.hide_find_bar)
        self._escape.setEnabled(False)

        self.view.set_zoom_steps(zoom_steps)
        self.set_theme(theme)
        self.header.set_zoom(ZOOM_FACTOR**zoom_steps)
        self.set_document(document, duplicates)
        self.setFocusProxy(self.view)

    @property
    def document(self) -> Document:
        return self._document

    def reveal_current_match(self) -> None:
        """Centre the current match (call once the tab has its real size)."""
        view = self.view
        if view.current_match() >= 0:
            view._reveal(view.current_match())
            view._refresh_selections(force=True)

    def search_matches(self) -> list[tuple[int, int]]:
        """The search hits given by :meth:`set_search_matches` (code points into ``Document.text``)."""
        return list(self._search_matches)

    def set_document(self, document: Document, duplicates: Sequence[str] | None = None) -> None:
        """Show ``document`` (e.g. after a re-scan changed it); keeps original mode off."""
        self._document = document
        self.header.set_document(document, self.header._duplicate_ids if duplicates is None else duplicates)
        self.header.set_original_checked(False)
        self._search_matches, self._search_current = [], 0
        self.view.show_document(document)
        if self.find_bar.isVisible() and self.find_bar.edit.text():
            self._run_find()

    def set_duplicates(self, ids: Sequence[str]) -> None:
        self.header.set_duplicates(ids)

    def set_search_matches(
        self, spans: Sequence[tuple[int, int]], current: int = 0, scroll: bool = True
    ) -> None:
        """Hits from a search (code points into ``Document.text``); shown in the clean text."""
        self._search_matches, self._search_current = list(spans), current
        if not self.view.showing_original and not self._find_active():
            self.view.set_matches(self._search_matches, current, scroll=scroll)

    def set_original(self, original: bool) -> None:
        """Switch between the clean text and the raw source span, keeping the place if possible."""
        if original == self.view.showing_original:
            return
        anchor = self._anchor_text()
        self.view.show_document(self._document, original=original)
        self.header.set_original_checked(original)
        if anchor:
            found = self.view.displayed_text.find(anchor)
            if found > 0:
                self.view.scroll_to_offset(found)
        if self._find_active():
            self._run_find(scroll=False)
        elif not original and self._search_matches:
            self.view.set_matches(self._search_matches, self._search_current, scroll=not anchor)

    def _anchor_text(self) -> str:
        """Up to 40 characters of the top line, to find the same place in the other text."""
        if self.view.verticalScrollBar().value() == 0:
            return ""
        top = self.view.top_offset()
        text = self.view.displayed_text
        end = text.find("\n", top)
        snippet = text[top : end if end >= 0 else len(text)][:40].strip()
        return snippet if len(snippet) >= 12 else ""

    # -- find --------------------------------------------------------------------------------

    def _find_active(self) -> bool:
        return self.find_bar.isVisible() and bool(self.find_bar.edit.text())

    def show_find_bar(self) -> None:
        self.find_bar.show()
        self._escape.setEnabled(True)
        self.find_bar.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.find_bar.edit.selectAll()
        if self.find_bar.edit.text():
            self._run_find(scroll=False)

    def hide_find_bar(self) -> None:
        if not self.find_bar.isVisible():
            return
        self._find_timer.stop()
        self.find_bar.hide()
        self._escape.setEnabled(False)
        if self._search_matches and not self.view.showing_original:
            self.view.set_matches(self._search_matches, self._search_current, scroll=False)
        else:
            self.view.clear_matches()
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def find(self, text: str) -> int:
        """Open the find bar with ``text`` and search at once; returns the number of hits."""
        self.show_find_bar()
        self.find_bar.edit.setText(text)
        self._find_timer.stop()
        return self._run_find()

    def _query_changed(self, _text: str) -> None:
        if len(self.view.displayed_text) <= FIND_IMMEDIATE_CHARS:
            self._run_find()
        else:
            self._find_timer.start()

    def _run_find(self, scroll: bool = True) -> int:
        query = self.find_bar.edit.text()
        if not query:
            if self._search_matches and not self.view.showing_original:
                self.view.set_matches(self._search_matches, self._search_current, scroll=False)
            else:
                self.view.clear_matches()
            self.find_bar.set_count(-1, 0)
            return 0
        hits = self.view.find_in_article(query, scroll=scroll)
        self.find_bar.set_count(self.view.current_match(), hits)
        return hits

    def next_match(self) -> None:
        if not self.view.matches() and not self.find_bar.isVisible():
            self.show_find_bar()
            return
        if self._find_timer.isActive():
            self._find_timer.stop()
            self._run_find()
            return
        self.view.next_match()
        self._remember_search_position()

    def previous_match(self) -> None:
        if not self.view.matches() and not self.find_bar.isVisible():
            self.show_find_bar()
            return
        self.view.previous_match()
        self._remember_search_position()

    def _remember_search_position(self) -> None:
        if not self._find_active() and self._search_matches:
            # The view sorts matches; map its index back to the caller's list.
            index = self.view.current_match()
            span = self.view.matches()[index] if index >= 0 else None
            if span in self._search_matches:
                self._search_current = self._search_matches.index(span)

    # -- appearance --------------------------------------------------------------------------

    def set_theme(self, name: str) -> None:
        self.view.set_theme(name)
        self.header.set_theme(self.view.theme)

    def set_zoom_steps(self, steps: int) -> None:
        self.view.set_zoom_steps(steps)
        self.header.set_zoom(ZOOM_FACTOR**self.view.zoom_steps)


class PaneGroup(QWidget):
    """A reading tab made of several :class:`ArticleTab` panes (the side-by-side view).

    Why a base class here: :class:`ReadingTabs` must treat every pane like an article tab (zoom,
    theme, "Edit details…", annotations attach to it, the notes panel follows the focused one)
    without importing the views built on top of this module. Subclasses implement :meth:`panes`,
    :meth:`focused_pane`, :meth:`tab_text` and :meth:`tab_tooltip`, and emit
    :attr:`focusedPaneChanged` and :attr:`titleChanged`.
    """

    focusedPaneChanged = Signal(object)  # the ArticleTab the reader now works in
    titleChanged = Signal()

    def panes(self) -> list[ArticleTab]:
        raise NotImplementedError

    def focused_pane(self) -> ArticleTab:
        raise NotImplementedError

    def tab_text(self) -> str:
        raise NotImplementedError

    def tab_tooltip(self) -> str:
        raise NotImplementedError

    def pane_for(self, doc_id: str) -> ArticleTab | None:
        return next((pane for pane in self.panes() if pane.document.id == doc_id), None)

    def shows(self, doc_id: str) -> bool:
        return self.pane_for(doc_id) is not None

    def replace_document(self, doc: Document, duplicates: Sequence[str] | None = None) -> None:
        """Show a changed version of an article in the panes showing it."""
        for pane in self.panes():
            if pane.document.id == doc.id:
                if pane.document != doc:
                    pane.set_document(doc, duplicates)
                elif duplicates is not None:
                    pane.set_duplicates(duplicates)
        self.titleChanged.emit()

    def set_theme(self, name: str) -> None:
        for pane in self.panes():
            pane.set_theme(name)

    def set_zoom_steps(self, steps: int) -> None:
        for pane in self.panes():
            pane.set_zoom_steps(steps)


class _ReadingTabBar(QTabBar):
    """Tabs keep a readable width: scroll buttons appear rather than five-letter titles."""

    MIN_TITLE_CHARS = 14

    def minimumTabSizeHint(self, index: int) -> QSize:
        hint = super().minimumTabSizeHint(index)
        readable = self.fontMetrics().averageCharWidth() * self.MIN_TITLE_CHARS
        return QSize(max(hint.width(), readable), hint.height())


class ReadingTabs(QTabWidget):
    """The reading area: one closable, movable tab per open article, or a calm empty state.

    A tab is an :class:`ArticleTab` or a :class:`PaneGroup` of them (the side-by-side view).
    :meth:`tabs` and :meth:`tab_for` know the single-article tabs; :meth:`panes` knows every
    article shown anywhere; :meth:`current_tab` is the article the reader works in (the focused
    pane of a group), which is what the notes panel, find and "Edit details" follow.
    """

    currentDocumentChanged = Signal(object)
    openRequested = Signal(str)
    zoomChanged = Signal(int)
    tabCreated = Signal(object)  # ArticleTab, once per new tab or pane (annotations attach to it)
    documentReplaced = Signal(object)  # ArticleTab now showing another article (draw its highlights)
    editDetailsRequested = Signal(str)  # doc id: "Edit details…" in a header
    sideBySideMenuRequested = Signal(str, object)  # doc id, the header's empty "Side by side" QMenu
    TITLE_CHARS = 30

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabBar(_ReadingTabBar(self))
        self.setAccessibleName("Open articles")
        self.tabBar().setAccessibleName("Article tabs")
        self._preview: ArticleTab | None = None  # the one tab the next article opened replaces
        self._caret_browsing = False
        self.setTabsClosable(True)
        self.setMovable(True)
        self.setDocumentMode(True)
        self.setElideMode(Qt.TextElideMode.ElideRight)
        self.setUsesScrollButtons(True)
        self._zoom_steps = 0
        self._theme = DEFAULT_THEME
        self.tabCloseRequested.connect(self.close_tab)
        self.currentChanged.connect(self._current_changed)
        self.tabBar().installEventFilter(self)
        self.tabBarDoubleClicked.connect(self._pin_at)

        self.placeholder = _plain_label("Open an article from the timeline or search", self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        font = self.placeholder.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.placeholder.setFont(font)
        self.placeholder.setAutoFillBackground(True)
        self._apply_placeholder_theme()
        self._update_placeholder()

    # -- tabs --------------------------------------------------------------------------------

    def tabs(self) -> list[ArticleTab]:
        """The single-article tabs, in tab order."""
        return [w for i in range(self.count()) if isinstance(w := self.widget(i), ArticleTab)]

    def groups(self) -> list[PaneGroup]:
        """The side-by-side (and any other multi-pane) tabs, in tab order."""
        return [w for i in range(self.count()) if isinstance(w := self.widget(i), PaneGroup)]

    def panes(self) -> list[ArticleTab]:
        """Every article shown: single tabs and the panes of groups, in tab order."""
        out: list[ArticleTab] = []
        for i in range(self.count()):
            widget = self.widget(i)
            if isinstance(widget, ArticleTab):
                out.append(widget)
            elif isinstance(widget, PaneGroup):
                out.extend(widget.panes())
        return out

    def open_ids(self) -> list[str]:
        return [tab.document.id for tab in self.tabs()]

    def current_tab(self) -> ArticleTab | None:
        """The article the reader works in: the current tab, or the focused pane of a group."""
        widget = self.currentWidget()
        if isinstance(widget, PaneGroup):
            return widget.focused_pane()
        return widget if isinstance(widget, ArticleTab) else None

    def current_group(self) -> PaneGroup | None:
        widget = self.currentWidget()
        return widget if isinstance(widget, PaneGroup) else None

    def _wire(self, tab: ArticleTab) -> None:
        """Connect a new article tab or pane to the tab widget's signals."""
        tab.header.openRequested.connect(self.openRequested)
        tab.header.editDetailsRequested.connect(lambda t=tab: self.editDetailsRequested.emit(t.document.id))
        tab.header.sideBySideMenuRequested.connect(
            lambda menu, t=tab: self.sideBySideMenuRequested.emit(t.document.id, menu)
        )
        tab.view.zoomChanged.connect(self.set_zoom_steps)
        tab.view.set_caret_browsing(self._caret_browsing)

    def set_caret_browsing(self, on: bool) -> None:
        """F7 for every article shown, and for those opened later."""
        self._caret_browsing = on
        for pane in self.panes():
            pane.view.set_caret_browsing(on)

    def add_group(self, group: PaneGroup) -> PaneGroup:
        """Add a multi-pane tab (built by the caller with this widget's zoom and theme) and show it."""
        for pane in group.panes():
            self._wire(pane)
        index = self.addTab(group, group.tab_text())
        self.setTabToolTip(index, group.tab_tooltip())
        group.titleChanged.connect(lambda g=group: self._group_title_changed(g))
        group.focusedPaneChanged.connect(lambda pane, g=group: self._group_focus_changed(g, pane))
        for pane in group.panes():
            self.tabCreated.emit(pane)
        self.setCurrentWidget(group)
        self._update_placeholder()
        return group

    def _group_title_changed(self, group: PaneGroup) -> None:
        index = self.indexOf(group)
        if index >= 0:
            self.setTabText(index, group.tab_text())
            self.setTabToolTip(index, group.tab_tooltip())

    def _group_focus_changed(self, group: PaneGroup, pane: ArticleTab) -> None:
        if self.currentWidget() is group:
            self.currentDocumentChanged.emit(pane.document.id)


    def tab_for(self, doc_id: str) -> ArticleTab | None:
        for tab in self.tabs():
            if tab.document.id == doc_id:
                return tab
        return None

    def open_document(
        self,
        doc: Document,
        matches: Sequence[tuple[int, int]] | None = None,
        duplicates: Sequence[str] = (),
        *,
        preview: bool = False,
    ) -> ArticleTab:
        """Open ``doc`` in a tab (re-using and focusing an open one) and show ``matches`` if given.

        ``duplicates`` are the ids of the same article elsewhere ("Also in:"); on a re-used tab
        they replace the old list only when given. ``preview`` (a click in the list or the
        results) shows the article in the preview tab, replacing what it showed, as VS Code and
        Zotero do, so browsing does not leave a tab per click; opening it for good (a double
        click, a highlight or a note) keeps it.
        """
        tab = self.tab_for(doc.id)
        if tab is None and preview and self._preview is not None and self.indexOf(self._preview) >= 0:
            tab = self._preview
            self.retarget(tab, doc, duplicates)
            self._style_preview(tab, True)
        elif tab is not None and not preview:
            self.pin(tab)
        if tab is None:
            tab = ArticleTab(doc, duplicates, zoom_steps=self._zoom_steps, theme=self._theme)
            self._wire(tab)
            index = self.addTab(tab, self._tab_text(doc))
            self.setTabToolTip(index, self._tab_tooltip(doc))
            self.tabCreated.emit(tab)
            if preview:
                self._set_preview(tab)
        elif tab is not self._preview or not preview:
            if tab.document != doc:
                tab.set_document(doc)
                index = self.indexOf(tab)
                self.setTabText(index, self._tab_text(doc))
                self.setTabToolTip(index, self._tab_tooltip(doc))
            if duplicates:
                tab.set_duplicates(duplicates)
        self.setCurrentWidget(tab)
        if matches is not None:
            # Scroll after the tab has its size, or "centre the hit" would use a default geometry.
            tab.set_search_matches(matches, scroll=False)
            if matches:
                QTimer.singleShot(0, lambda t=tab: self._reveal_current(t))
        tab.view.setFocus(Qt.FocusReason.OtherFocusReason)
        self._update_placeholder()
        return tab

    def retarget(self, tab: ArticleTab, doc: Document, duplicates: Sequence[str] | None = None) -> None:
        """Show another article in ``tab`` (its article was renumbered, split or merged; the next
        article stepped to; the preview tab's next article)."""
        if tab.document != doc:
            replaced = tab.document.id != doc.id
            tab.set_document(doc, duplicates)
            if replaced:
                self.documentReplaced.emit(tab)
        elif duplicates is not None:
            tab.set_duplicates(duplicates)
        index = self.indexOf(tab)
        if index >= 0:
            self.setTabText(index, self._tab_text(doc))
            self.setTabToolTip(index, self._tab_tooltip(doc))
        if tab is self.current_tab():
            self.currentDocumentChanged.emit(doc.id)

    def replace_document(self, doc: Document, duplicates: Sequence[str] | None = None) -> None:
        """Show a changed version of an open article (re-scan, corrected title or date) in its tab."""
        for group in self.groups():
            if group.shows(doc.id):
                group.replace_document(doc, duplicates)
        tab = self.tab_for(doc.id)
        if tab is None:
            return
        if tab.document != doc:
            tab.set_document(doc, duplicates)
        elif duplicates is not None:
            tab.set_duplicates(duplicates)
        index = self.indexOf(tab)
        self.setTabText(index, self._tab_text(doc))
        self.setTabToolTip(index, self._tab_tooltip(doc))

    @staticmethod
    def _reveal_current(tab: ArticleTab) -> None:
        tab.reveal_current_match()

    # -- the preview tab ---------------------------------------------------------------------

    def preview_tab(self) -> ArticleTab | None:
        return self._preview if self._preview is not None and self.indexOf(self._preview) >= 0 else None

    def is_preview(self, tab: QWidget | None) -> bool:
        return tab is not None and tab is self.preview_tab()

    def _set_preview(self, tab: ArticleTab) -> None:
        if self._preview is not None and self._preview is not tab:
            self.pin(self._preview)
        self._preview = tab
        self._style_preview(tab, True)

    def pin(self, tab: ArticleTab | None) -> None:
        """Keep ``tab``: the next article opened from the list gets a tab of its own."""
        if tab is not None and tab is self._preview:
            self._preview = None
            self._style_preview(tab, False)

    def pin_document(self, doc_id: str) -> None:
        """The reader worked in this article (a highlight, a note): its tab is no preview any more."""
        preview = self.preview_tab()
        if preview is not None and preview.document.id == doc_id:
            self.pin(preview)

    def _pin_at(self, index: int) -> None:
        widget = self.widget(index)
        if isinstance(widget, ArticleTab):
            self.pin(widget)

    def _style_preview(self, tab: ArticleTab, preview: bool) -> None:
        """A preview tab's title is muted (Qt tab bars have no per-tab font for VS Code's italics);
        its tooltip says what that means."""
        index = self.indexOf(tab)
        if index < 0:
            return
        bar = self.tabBar()
        colour = self.palette().color(QPalette.ColorRole.PlaceholderText) if preview else QColor()
        bar.setTabTextColor(index, colour)
        tip = self._tab_tooltip(tab.document)
        if preview:
            tip = plain_tooltip(f"{tab.document.title}\nPreview: the next article you open from the list "
                                "replaces it; double-click the tab to keep it")
        self.setTabToolTip(index, tip)

    def close_tab(self, index: int) -> None:
        widget = self.widget(index)
        if widget is self._preview:
            self._preview = None
        self.removeTab(index)
        if widget is not None:
            widget.deleteLater()
        self._update_placeholder()

    def close_document(self, doc_id: str) -> None:
        """Close the article's own tab and every side-by-side tab showing it."""
        tab = self.tab_for(doc_id)
        if tab is not None:
            self.close_tab(self.indexOf(tab))
        for group in self.groups():
            if group.shows(doc_id):
                self.close_tab(self.indexOf(group))

    def _current_changed(self, _index: int) -> None:
        tab = self.current_tab()
        self._update_placeholder()
        self.currentDocumentChanged.emit(tab.document.id if tab else None)

    def _tab_text(self, doc: Document) -> str:
        return tab_title(doc, self.TITLE_CHARS)

    @staticmethod
    def _tab_tooltip(doc: Document) -> str:
        return plain_tooltip(f"{doc.title}\n{date_label(doc.date)}\n{doc.source}, article {doc.segment}")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Middle-click closes a tab, as in browsers.
        if (
            watched is self.tabBar()
            and event.type() == QEvent.Type.MouseButtonRelease
            and event.button() == Qt.MouseButton.MiddleButton  # type: ignore[attr-defined]
        ):
            index = self.tabBar().tabAt(event.position().toPoint())  # type: ignore[attr-defined]
            if index >= 0:
                self.close_tab(index)
                return True
        return super().eventFilter(watched, event)

    # -- zoom and theme ----------------------------------------------------------------------

    @property
    def zoom_steps(self) -> int:
        return self._zoom_steps

    def set_zoom_steps(self, steps: int) -> None:
        """Zoom every tab (Ctrl+wheel in one tab lands here too)."""
        steps = max(ZOOM_MIN, min(ZOOM_MAX, int(steps)))
        changed = steps != self._zoom_steps
        self._zoom_steps = steps
        for tab in self.tabs():
            tab.set_zoom_steps(steps)
        for group in self.groups():
            group.set_zoom_steps(steps)
        if changed:
            self.zoomChanged.emit(steps)

    def zoom_in(self) -> None:
        self.set_zoom_steps(self._zoom_steps + 1)

    def zoom_out(self) -> None:
        self.set_zoom_steps(self._zoom_steps - 1)

    def reset_zoom(self) -> None:
        self.set_zoom_steps(0)

    @property
    def theme_name(self) -> str:
        return self._theme

    def set_theme(self, name: str) -> None:
        self._theme = get_theme(name).name
        for tab in self.tabs():
            tab.set_theme(self._theme)
        for group in self.groups():
            group.set_theme(self._theme)
        self._apply_placeholder_theme()

    # -- empty state -------------------------------------------------------------------------

    def _apply_placeholder_theme(self) -> None:
        theme = get_theme(self._theme)
        pal = reading_palette(theme, self.placeholder.palette())
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            pal.setColor(group, QPalette.ColorRole.WindowText, QColor(theme.muted))
        self.placeholder.setPalette(pal)

    def _update_placeholder(self) -> None:
        empty = self.count() == 0
        self.placeholder.setVisible(empty)
        if empty:
            self.placeholder.setGeometry(self.rect())
            self.placeholder.raise_()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.placeholder.setGeometry(self.rect())

    def tabRemoved(self, index: int) -> None:
        super().tabRemoved(index)
        self._update_placeholder()

    def tabInserted(self, index: int) -> None:
        super().tabInserted(index)
        self._update_placeholder()

    def sizeHint(self) -> QSize:
        return QSize(900, 700)
