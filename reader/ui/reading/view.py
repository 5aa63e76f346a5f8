"""The article page (:class:`ArticleView`): one article, English and Arabic, read-only.

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
  :class:`reader.text.utf16.OffsetMap` inside the chunk (:mod:`reader.ui.reading.offsets`).
  Nothing else converts offsets.
* **Highlights through ExtraSelections, visible ones only.** Formats would change the document (and
  need undoing); 1,000 ExtraSelections cost ~150 ms, the ~50 near the viewport a few ms. We keep
  every match in a sorted list and give Qt only those within a few screens of the viewport, and
  refresh when the reader scrolls past that window.
* **User highlights are ExtraSelections too**
  (:meth:`~reader.ui.reading.marks.PageMarks.set_highlights`): a background colour only, never a
  font or format change in the document, so Arabic shaping runs are never split and the undo stack
  is untouched. They are drawn under search matches, which stay on top, and only on the clean
  text (their offsets are code points into ``Document.text``).
* **The paragraph band is painted, not selected** (:meth:`~reader.ui.reading.marks.PageMarks.set_band`,
  used by the side-by-side view to mark a paragraph and its counterpart): a rounded fill under the
  text across the whole column. An ExtraSelection cannot draw it well (a plain one follows the
  ragged line ends, ``FullWidthSelection`` runs on to the viewport's right edge only) and a block
  background would change the document. Painted under the text, it touches neither layout nor shaping.
* **Fonts and zoom.** Each paragraph's char format carries the reading font of its language
  (:mod:`reader.ui.fonts`); zoom rebuilds the page, keeping the reading position. Themes only
  change the palette and the highlight colours.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from PySide6.QtCore import QEvent, QMimeData, QPoint, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QFont,
    QFontInfo,
    QFontMetricsF,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QShowEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFrameFormat,
    QTextOption,
    QWheelEvent,
)
from PySide6.QtWidgets import QFrame, QTextEdit, QToolTip, QWidget

from reader.ingest.model import Direction, Document
from reader.text.find_fold import FoldedText
from reader.text.script import direction_of, language_and_direction
from reader.text.utf16 import OffsetMap
from reader.text.words import snap_to_words
from reader.ui.colours import band_background
from reader.ui.fonts import DEFAULT_POINT_SIZE, reading_font, register_bundled_fonts
from reader.ui.messages import plain_tooltip
from reader.ui.reading.labels import note_tip
from reader.ui.reading.marks import FLASH_MS, PageMarks
from reader.ui.reading.offsets import PageOffsets
from reader.ui.reading.page import (
    ARABIC_LINE_HEIGHT_EM,
    CHUNK_LIMIT,
    LINE_HEIGHT_EM,
    MEASURE_CHARS,
    MIN_SIDE_MARGIN,
    PAGE_BOTTOM_MARGIN,
    PAGE_TOP_MARGIN,
    PARAGRAPH_SPACING_EM,
    ZOOM_FACTOR,
    ZOOM_MAX,
    ZOOM_MIN,
    PlainDocument,
    split_for_display,
)
from reader.ui.theme import DEFAULT_THEME, Theme, get_theme, reading_palette

# Runs of the "other" script inside a paragraph (Arabic letters with the spaces and marks between
# them; Latin words with their inner spaces and apostrophes).
_AR = "\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
_ARABIC_RUN = re.compile(f"[{_AR}]+(?:[ \u00a0\u200c\u200d]+[{_AR}]+)*")
_LA = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
_LATIN_RUN = re.compile(f"[{_LA}]+(?:[ \u00a0'’.&-]+[{_LA}]+)*")
# Held while dragging, these keep a selection to the letter; without them it snaps to whole words.
PRECISE_MODIFIERS = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ControlModifier


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


class ArticleView(PageMarks, PageOffsets, QTextEdit):
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
        self._install_document(PlainDocument(self))

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

        doc = PlainDocument(self)
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
