"""Where things are on the page: code points of the displayed text, Qt positions, page y.

Offsets are code points into the displayed text; Qt counts UTF-16 units and has one separator
per block, so every conversion goes through the view's chunk table (code-point start, Qt block
position) plus :class:`reader.text.utf16.OffsetMap` inside the chunk. Nothing else converts
offsets. A mixin of :class:`~reader.ui.reading.view.ArticleView`, kept in its own module so the
view's module stays readable; it works on the view's chunk table and on QTextEdit itself.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QTextBlock, QTextCursor

from reader.text.utf16 import OffsetMap
from reader.ui.reading.page import PAGE_BOTTOM_MARGIN


class PageOffsets:
    """Offset conversion, reading position and page geometry of an :class:`ArticleView`.

    Mixed into the view before ``QTextEdit``: it reads ``_text``, ``_chunk_starts``,
    ``_chunk_ends``, ``_chunk_blocks`` and ``_chunk_maps``, which the view builds with the page.
    """

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
