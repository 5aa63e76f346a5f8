"""What the page draws over and under the text: search and find matches, user highlights and their
notes, the paragraph band, the source's page numbers.

Highlights are ExtraSelections, given to Qt only near the viewport (a format would change the
document and split Arabic shaping runs); the band and the margin marks are painted. A mixin of
:class:`~reader.ui.reading.view.ArticleView`, kept in its own module so the view's module stays
readable; the view's ``paintEvent`` and tooltip ``event`` call into it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit

from reader.text.find_fold import FoldedText
from reader.ui.colours import highlight_background, mix

if TYPE_CHECKING:
    from reader.ui.theme import Theme

# Highlights are given to Qt for matches within this many code points around the viewport.
SELECTION_WINDOW = 8000
MAX_LIVE_SELECTIONS = 1500
# A user highlight's ExtraSelection carries its key (the annotation's uuid) in this property.
HIGHLIGHT_KEY_PROPERTY = 0x100000 + 17  # QTextFormat.UserProperty + 17
FLASH_MS = 900
BAND_PAD = 6  # pixels the band reaches beyond the text column and above/below the lines
NOTE_MARK_SIZE = 11  # the note glyph in the margin, pixels
# A highlight carried from the paired translation: its colour this much of the way to the page,
# with a dashed underline in the colour itself. Lighter, because it is the aligned paragraph (the
# reader did not pick these words) and often a whole paragraph; still the same hue, so its
# meaning (the colour's label) is the source's.
CARRIED_FADE = 0.55


def carried_background(rgb: str, theme: Theme) -> QColor:
    """The page colour of a carried highlight in palette colour ``rgb``: the highlight's tint, paler."""
    return mix(highlight_background(rgb, theme), theme.color("background"), CARRIED_FADE)


class PageMarks:
    """Matches, highlights, notes, the paragraph band and page marks of an :class:`ArticleView`.

    Mixed into the view before ``QTextEdit``; it uses the view's offset conversion
    (:class:`~reader.ui.reading.offsets.PageOffsets`) and its state (``_matches``,
    ``_highlights``, ``_notes``, ``_band``, ``_flash``, ``_theme``).
    """

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

    _carried: frozenset[str] = frozenset()  # keys of highlights carried from the translation

    @property
    def highlights_enabled(self) -> bool:
        """Highlights are drawn and made on the clean text only (their offsets refer to it)."""
        return not self._original

    def set_highlights(
        self,
        items: Iterable[tuple[int, int, str, str]],
        notes: dict[str, str] | None = None,
        carried: Iterable[str] = (),
    ) -> None:
        """Draw the user's highlights: ``(start, end, "#rrggbb", key)``, code points into ``Document.text``.

        The colour is a palette colour; the page shows a theme-adjusted tint of it
        (:func:`highlight_background`). Shorter spans nested in longer ones are drawn above them.
        ``notes`` maps the keys of highlights that carry a note to the note: those are marked, so
        a note is never invisible in the text. ``carried``: keys of highlights carried from the
        paired translation, drawn paler with a dashed underline (:func:`carried_background`).
        """
        self._notes = {k: v for k, v in (notes or {}).items() if v.strip()}
        self._carried = frozenset(carried)
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

    def highlights_at(self, cp: int) -> list[str]:
        """Keys of the highlights that contain code point ``cp``, innermost (shortest) first."""
        if not self.highlights_enabled:
            return []
        hits = [(e - s, key) for s, e, _rgb, key in self._highlights if s <= cp < e]
        return [key for _length, key in sorted(hits)]


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

    def flash_span(self, start: int, end: int) -> None:
        """Flash ``[start, end)`` briefly where it is, without scrolling (a copy carried to this
        side of the side-by-side view, whose place the reader is already looking at)."""
        n = len(self._text)
        start, end = max(0, min(start, n)), max(0, min(end, n))
        if end > start:
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
        formats: dict[tuple[str, bool], QTextCharFormat] = {}
        for start, end, rgb, key in highlights:
            if start >= win_hi or end <= win_lo:
                continue
            carried = key in self._carried
            fmt = formats.get((rgb, carried))
            if fmt is None:
                fmt = formats[(rgb, carried)] = _highlight_format(rgb, theme, carried)
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


def _highlight_format(rgb: str, theme: Theme, carried: bool) -> QTextCharFormat:
    """A user highlight's look: the colour's tint; carried from the translation, a paler tint with
    a dashed underline in the colour (painting only: an ExtraSelection never touches the layout)."""
    fmt = QTextCharFormat()
    if not carried:
        fmt.setBackground(highlight_background(rgb, theme))
        return fmt
    fmt.setBackground(carried_background(rgb, theme))
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
    line = QColor(rgb) if QColor(rgb).isValid() else QColor("#c8c8c8")
    fmt.setUnderlineColor(line if theme.dark else line.darker(160))
    return fmt
