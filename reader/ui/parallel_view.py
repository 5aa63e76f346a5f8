"""The side-by-side view: an article and its translation in two panes that scroll together.

Design decisions, and why:

* **Each pane is a full** :class:`~reader.ui.reading.tab.ArticleTab` (header, page, find bar), not a
  reduced copy: direction per paragraph, fonts, zoom, "Show original", find, highlights and notes
  then behave exactly as in a single tab, and the annotation layer attaches to a pane as to a tab.
* **Scrolling follows the paragraph alignment, not the scroll fraction.** Translations differ in
  length paragraph by paragraph (Arabic runs longer or shorter, captions exist on one side only),
  so equal fractions drift apart. The aligner (:func:`reader.align.align`) gives groups of
  paragraphs that translate each other; the paragraph group at the top of the pane being scrolled
  is found, and the other pane is put at the same fraction of its counterpart group. A group with
  no paragraph on the other side (1-0) holds the other pane still while it passes.
* **Whichever pane the reader scrolls leads.** A flag set while the view moves the other pane stops
  that pane's own scroll signal from moving the first one back (a feedback loop), and the target
  never lies past the end of the page, so Qt never clamps it later behind the flag's back.
* **Alignment off the GUI thread for long articles** (more than ``ASYNC_PARAGRAPHS`` paragraphs on
  both sides together): the aligner is pure Python and quadratic within its band. Until it answers,
  scrolling follows the scroll fraction.
* **The counterpart band** is painted by the view under the text (see
  :meth:`~reader.ui.reading.marks.PageMarks.set_band`), so Arabic joining and highlights are
  untouched. Hover shows it; a click pins it until the same paragraph is clicked again.
* **The two headers are kept the same height** (extra room goes above their rules), so the two texts
  start level and the sync's "same place" is the same height on screen.
* **English on the left, Arabic on the right** unless the caller keeps an order: each column then
  starts from its outer edge, as in a bilingual edition. "Swap sides" exchanges them.
* **Highlights carry across** on the same alignment (:meth:`ParallelTab.aligned_pair`, used by the
  annotation layer's "Carry to the Arabic version"): what the band shows as the counterpart is
  exactly where the carried copy lands (:mod:`reader.store.carry`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.align.aligner import Bead, align
from reader.ingest.model import Document
from reader.store.carry import AlignedPair
from reader.ui.messages import plain_tooltip
from reader.ui.reading.labels import date_label, tab_title
from reader.ui.reading.panes import PaneGroup
from reader.ui.reading.tab import ArticleTab
from reader.ui.theme import DEFAULT_THEME

if TYPE_CHECKING:
    from reader.text.names import AliasTable
    from reader.ui.tasks import Task, TaskRunner

__all__ = ["ASYNC_PARAGRAPHS", "ParallelTab", "counterpart_matches", "reading_order"]

# Paragraphs on both sides together above which the alignment runs on the task runner.
ASYNC_PARAGRAPHS = 300
TITLE_CHARS = 18
SYNC_TIP = "Keep the counterpart of the paragraph at the top of one side at the top of the other"
SWAP_TIP = "Exchange the left and right articles"
_TOLERANCE = 1.0  # pixels: a paragraph top within this of the viewport top counts as at the top
RESYNC_MS = 40
FOLD_AFTER_PX = 120  # scrolled this far into a text, the side-by-side headers fold to one line
UNFOLD_AT_PX = 4  # and open again this close to the top


def reading_order(a: Document, b: Document) -> tuple[Document, Document]:
    """English (left-to-right) on the left, Arabic on the right; otherwise as given."""
    if a.language == "ar" and b.language != "ar":
        return b, a
    return a, b


def counterpart_matches(
    aliases: AliasTable | None, text: str, spans: Sequence[tuple[int, int]], other_text: str
) -> list[tuple[int, int]]:
    """Where the other article names what the search matched: the alias groups under ``spans``.

    A search for "Taji" marks "Camp Taji" in the English article; the Arabic one says
    "معسكر التاجي". Both spellings belong to one alias group, so the group found under a match in
    ``text`` is looked up in ``other_text``. Code points, like the spans.
    """
    if aliases is None or not spans:
        return []
    keys = {
        group.key
        for group, start, end, _surface in aliases.find_all(text)
        if any(start < m_end and m_start < end for m_start, m_end in spans)
    }
    if not keys:
        return []
    return [(start, end) for group, start, end, _surface in aliases.find_all(other_text) if group.key in keys]


class _Alignment:
    """Beads indexed for the view: each paragraph's group, and where each group starts per side."""

    def __init__(self, beads: Sequence[Bead], counts: tuple[int, int]) -> None:
        """Raises ValueError unless ``beads`` cover each paragraph of both sides once, in order."""
        self.beads: list[Bead] = [(tuple(a), tuple(b)) for a, b in beads]
        self.group_of: tuple[list[int], list[int]] = ([-1] * counts[0], [-1] * counts[1])
        self.first: tuple[list[int], list[int]] = ([0], [0])  # first paragraph index of group g
        seen = [0, 0]
        for g, bead in enumerate(self.beads):
            for side in (0, 1):
                for i in bead[side]:
                    if i != seen[side]:
                        raise ValueError(f"paragraph {i} out of order in group {g}")
                    self.group_of[side][i] = g
                    seen[side] += 1
                self.first[side].append(seen[side])
        if tuple(seen) != counts:
            raise ValueError(f"alignment covers {seen} paragraphs of {list(counts)}")

    def swapped(self) -> _Alignment:
        return _Alignment([(b, a) for a, b in self.beads], (len(self.group_of[1]), len(self.group_of[0])))

    def unmatched(self) -> int:
        return sum(len(a) + len(b) for a, b in self.beads if not a or not b)


class ParallelTab(PaneGroup):
    """Two articles side by side ("A ⇄ B"), scrolled together by their paragraph alignment.

    ``left``/``right`` are the panes (:class:`ArticleTab`). Signals: ``alignmentChanged()`` when an
    alignment arrives (or fails), ``syncToggled(bool)``, plus :class:`PaneGroup`'s
    ``focusedPaneChanged`` and ``titleChanged``.
    """

    alignmentChanged = Signal()
    syncToggled = Signal(bool)

    def __init__(
        self,
        left: Document,
        right: Document,
        *,
        duplicates: tuple[Sequence[str], Sequence[str]] = ((), ()),
        zoom_steps: int = 0,
        theme: str = DEFAULT_THEME,
        aliases: AliasTable | None = None,
        runner: TaskRunner | None = None,
        sync: bool = True,
        focus: int = 0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._aliases = aliases
        self._runner = runner
        self._panes: list[ArticleTab] = [
            ArticleTab(doc, dups, zoom_steps=zoom_steps, theme=theme)
            for doc, dups in ((left, duplicates[0]), (right, duplicates[1]))
        ]
        self._focused = self._panes[1 if focus == 1 else 0]
        self._alignment: _Alignment | None = None
        self._align_error = ""
        self._task: Task | None = None
        self._sync = sync
        self._syncing = False
        self._hover_group: int | None = None
        self._pinned_group: int | None = None
        self._starts: dict[int, tuple[Document, list[int]]] = {}  # id(pane) -> (document, starts)

        self.sync_button = QToolButton()
        self.sync_button.setText("Sync scrolling")
        self.sync_button.setCheckable(True)
        self.sync_button.setChecked(sync)
        self.sync_button.setAutoRaise(True)
        self.sync_button.setToolTip(SYNC_TIP)
        self.sync_button.toggled.connect(self.set_sync)
        self.swap_button = QToolButton()
        self.swap_button.setText("⇄ Swap sides")
        self.swap_button.setAutoRaise(True)
        self.swap_button.setToolTip(SWAP_TIP)
        self.swap_button.clicked.connect(self.swap)
        self.status_label = QLabel()
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        bar = QWidget()
        bar_layout = QHBoxLayout(bar)
        bar_layout.setContentsMargins(8, 2, 8, 2)
        bar_layout.setSpacing(4)
        bar_layout.addWidget(self.sync_button)
        bar_layout.addWidget(self.swap_button)
        bar_layout.addSpacing(12)
        bar_layout.addWidget(self.status_label, 1)
        self.toolbar = bar

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(6)
        for i, pane in enumerate(self._panes):
            self.splitter.addWidget(pane)
            self.splitter.setStretchFactor(i, 1)
        self.splitter.setSizes([1000, 1000])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(bar)
        layout.addWidget(self.splitter, 1)

        self._level_timer = QTimer(self)
        self._level_timer.setSingleShot(True)
        self._level_timer.setInterval(0)
        self._level_timer.timeout.connect(self._level_headers)
        # After a resize each view restores its own top line (a deferred call); the focused pane
        # then brings the other level again, once both have settled.
        self._resync_timer = QTimer(self)
        self._resync_timer.setSingleShot(True)
        self._resync_timer.setInterval(RESYNC_MS)
        self._resync_timer.timeout.connect(lambda: self.resync())
        for pane in self._panes:
            pane.header.side_by_side_button.hide()  # this tab already is the side-by-side view
            pane.header.set_compact(True)
            pane.header.installEventFilter(self)
            pane.view.installEventFilter(self)
            pane.view.viewport().installEventFilter(self)
            pane.view.viewport().setMouseTracking(True)
            pane.view.verticalScrollBar().valueChanged.connect(
                lambda _value, p=pane: self._scrolled(p)
            )
        self.setFocusProxy(self._focused.view)
        self._start_alignment()

    # -- panes ---------------------------------------------------------------------------------

    @property
    def left(self) -> ArticleTab:
        return self._panes[0]

    @property
    def right(self) -> ArticleTab:
        return self._panes[1]

    def panes(self) -> list[ArticleTab]:
        return list(self._panes)

    def focused_pane(self) -> ArticleTab:
        return self._focused

    @property
    def focused_index(self) -> int:
        return self._panes.index(self._focused)

    @property
    def documents(self) -> tuple[Document, Document]:
        return self._panes[0].document, self._panes[1].document

    def other(self, pane: ArticleTab) -> ArticleTab:
        return self._panes[1] if pane is self._panes[0] else self._panes[0]

    def focus_pane(self, pane: ArticleTab) -> None:
        """Make ``pane`` the one the reader works in (keys, notes panel) and give it the focus."""
        self._set_focused(pane)
        pane.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _set_focused(self, pane: ArticleTab) -> None:
        if pane is self._focused or pane not in self._panes:
            return
        self._focused = pane
        self.setFocusProxy(pane.view)
        self.focusedPaneChanged.emit(pane)

    def tab_text(self) -> str:
        left, right = self.documents
        return f"{tab_title(left, TITLE_CHARS)} ⇄ {tab_title(right, TITLE_CHARS)}"

    def tab_tooltip(self) -> str:
        left, right = self.documents
        return plain_tooltip(
            f"{left.title}\n{date_label(left.date)}\n⇄\n{right.title}\n{date_label(right.date)}"
        )

    def replace_document(self, doc: Document, duplicates: Sequence[str] | None = None) -> None:
        """A changed article (re-scan, correction): show it and align again if its text changed."""
        before = self.documents
        super().replace_document(doc, duplicates)
        if any(old.id == doc.id and old.paragraphs != doc.paragraphs for old in before):
            self._start_alignment()

    def set_zoom_steps(self, steps: int) -> None:
        """Zoom both panes; the focused one keeps its place and the other is brought level.

        While the panes rebuild their pages, their scroll positions pass through meaningless
        values (a new page starts at the top); following those would drag the other pane along.
        """
        leader = self._focused
        self._syncing = True
        try:
            super().set_zoom_steps(steps)
        finally:
            self._syncing = False
        self._level_headers()
        self.resync(leader)
        self._resync_timer.start()

    # -- alignment -----------------------------------------------------------------------------

    def alignment(self) -> list[Bead] | None:
        """Groups ``(left paragraph indices, right paragraph indices)``, or None while aligning."""
        return list(self._alignment.beads) if self._alignment is not None else None

    def counterpart(self, pane: ArticleTab, paragraph: int) -> tuple[int, ...]:
        """Indices of the other pane's paragraphs aligned with ``paragraph`` of ``pane``."""
        group = self.group_at(pane, paragraph)
        if group is None or self._alignment is None:
            return ()
        return self._alignment.beads[group][1 - self._panes.index(pane)]

    def aligned_pair(self) -> AlignedPair | None:
        """Both articles (left first) with the alignment the view shows, or None while aligning."""
        if self._alignment is None:
            return None
        left, right = self.documents
        return AlignedPair(left, right, list(self._alignment.beads))

    def show_counterpart(self, pane: ArticleTab, paragraph: int) -> None:
        """Make sure the counterpart of ``paragraph`` is on screen in the other pane: with sync on it
        already is (level with it); with sync off the other side is scrolled level, as on a click."""
        group = self.group_at(pane, paragraph)
        if group is not None and not self._sync:
            self._bring_counterpart(pane, group)

    def group_at(self, pane: ArticleTab, paragraph: int) -> int | None:
        if self._alignment is None:
            return None
        groups = self._alignment.group_of[self._panes.index(pane)]
        return groups[paragraph] if 0 <= paragraph < len(groups) else None

    def _start_alignment(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None
        self._alignment, self._align_error = None, ""
        self._starts = {}
        self._hover_group = self._pinned_group = None
        self._show_band()
        left, right = self.documents
        a = [p.text for p in left.paragraphs]
        b = [p.text for p in right.paragraphs]
        aliases = self._aliases

        def work(_task: Any, _progress: Any) -> list[Bead]:
            return align(a, b, aliases=aliases)

        if self._runner is not None and len(a) + len(b) > ASYNC_PARAGRAPHS:
            self._show_status("Aligning paragraphs…")
            task = self._runner.run(
                "align",
                work,
                on_result=lambda beads: self._aligned(left, right, beads),
                on_error=lambda exc, _trace: self._align_failed(left, right, exc),
            )
            self._task = task
            self.destroyed.connect(lambda *_args: task.cancel())
            return
        try:
            beads = work(None, None)
        except Exception as exc:  # the aligner must never take the reading view down
            self._align_failed(left, right, exc)
        else:
            self._aligned(left, right, beads)

    def _aligned(self, left: Document, right: Document, beads: Sequence[Bead]) -> None:
        now = self.documents
        try:
            if now == (left, right):
                alignment = _Alignment(beads, (len(left.paragraphs), len(right.paragraphs)))
            elif now == (right, left):  # swapped while aligning
                alignment = _Alignment(beads, (len(left.paragraphs), len(right.paragraphs))).swapped()
            else:
                return  # an article changed meanwhile; its own alignment is on its way
        except ValueError as exc:
            self._align_failed(left, right, exc)
            return
        self._alignment, self._align_error = alignment, ""
        self._task = None
        self._show_status()
        self.alignmentChanged.emit()
        self.resync()
        QTimer.singleShot(0, self, self.resync)  # again once the panes have their final size

    def _align_failed(self, left: Document, right: Document, exc: BaseException) -> None:
        if {left.id, right.id} != {d.id for d in self.documents}:
            return
        self._alignment, self._task = None, None
        self._align_error = f"{exc.__class__.__name__}: {exc}"
        self._show_status()
        self.alignmentChanged.emit()

    def _show_status(self, text: str | None = None) -> None:
        if text is None:
            if self._alignment is not None:
                groups = len(self._alignment.beads)
                text = f"{groups} aligned paragraph group{'s' if groups != 1 else ''}"
                alone = self._alignment.unmatched()
                if alone:
                    text += f" · {alone} paragraph{'s' if alone != 1 else ''} without counterpart"
            elif self._align_error:
                text = "Could not align the paragraphs; scrolling follows the position in the page"
            else:
                text = ""
        self.status_label.setText(text)
        self.status_label.setToolTip(plain_tooltip(self._align_error) if self._align_error else "")

    # -- geometry ------------------------------------------------------------------------------

    def _paragraph_starts(self, pane: ArticleTab) -> list[int]:
        doc = pane.document
        cached = self._starts.get(id(pane))
        if cached is None or cached[0] is not doc:
            cached = (doc, [p.start for p in doc.paragraphs])
            self._starts[id(pane)] = cached
        return cached[1]

    @staticmethod
    def _top(pane: ArticleTab, index: int) -> float:
        """Document y of paragraph ``index``'s top; the end of the text for one past the last."""
        paragraphs = pane.document.paragraphs
        if index >= len(paragraphs):
            return pane.view.content_height()
        return pane.view.block_top(paragraphs[index].start)

    def paragraph_at_y(self, pane: ArticleTab, y: float) -> int:
        """Index of the paragraph at document y ``y`` (a gap belongs to the paragraph above it)."""
        starts = self._paragraph_starts(pane)
        n = len(starts)
        k = max(0, bisect_right(starts, pane.view.offset_at_y(y + _TOLERANCE)) - 1)
        while k > 0 and self._top(pane, k) > y + _TOLERANCE:
            k -= 1
        while k + 1 < n and self._top(pane, k + 1) <= y + _TOLERANCE:
            k += 1
        return k

    def paragraph_at(self, pane: ArticleTab, pos: QPoint) -> int | None:
        """Index of the paragraph under viewport point ``pos``, or None (original text shown)."""
        if pane.view.showing_original or not pane.document.paragraphs:
            return None
        return self.paragraph_at_y(pane, pane.view.scroll_y() + pos.y())

    def _target_y(self, leader: ArticleTab, follower: ArticleTab) -> float | None:
        """Where the follower's viewport top goes for the leader's current position."""
        lv, fv = leader.view, follower.view
        if lv.showing_original or fv.showing_original:
            return None  # paragraph offsets refer to the clean text
        if not leader.document.paragraphs or not follower.document.paragraphs:
            return None
        y = lv.scroll_y()
        if self._alignment is None:
            top = lv.verticalScrollBar().maximum()
            return y / top * fv.verticalScrollBar().maximum() if top > 0 else 0.0
        first_l, first_f = self._top(leader, 0), self._top(follower, 0)
        if y < first_l:
            return first_f - (first_l - y)
        ls = self._panes.index(leader)
        fs = 1 - ls
        k = self.paragraph_at_y(leader, y)
        group = self._alignment.group_of[ls][k]
        first = self._alignment.first
        y0, y1 = self._top(leader, first[ls][group]), self._top(leader, first[ls][group + 1])
        fraction = min(1.0, max(0.0, (y - y0) / (y1 - y0))) if y1 > y0 else 0.0
        z0 = self._top(follower, first[fs][group])
        if fraction == 0.0:
            return z0
        z1 = self._top(follower, first[fs][group + 1])
        return z0 + fraction * (z1 - z0)

    # -- synchronised scrolling ----------------------------------------------------------------

    @property
    def sync_enabled(self) -> bool:
        return self._sync

    def set_sync(self, on: bool) -> None:
        """Turn synchronised scrolling on or off; turning it on brings the other side level."""
        on = bool(on)
        if self.sync_button.isChecked() != on:
            self.sync_button.setChecked(on)  # comes back here through toggled
            return
        if on == self._sync:
            return
        self._sync = on
        self.syncToggled.emit(on)
        if on:
            self.resync()

    def resync(self, leader: ArticleTab | None = None) -> None:
        """Bring the other pane level with ``leader`` (the focused pane by default)."""
        leader = leader or self._focused
        self._follow(leader)

    def _scrolled(self, pane: ArticleTab) -> None:
        if self._syncing:
            return
        self._fold_headers(pane)
        if self._sync:
            self._follow(pane)

    def _fold_headers(self, leader: ArticleTab) -> None:
        """Both headers fold to one line once the reader scrolls into the text, and open again
        back at the top: two half-width headers otherwise take a third of the height.

        Only the pane the reader scrolls decides (the other follows it to an aligned place that
        need not be its top), and the two thresholds differ, so the resize that folding causes
        can never scroll it back across the other one.
        """
        value = leader.view.verticalScrollBar().value()
        folded = leader.header.folded
        if not folded and value > FOLD_AFTER_PX:
            folded = True
        elif folded and value <= UNFOLD_AT_PX:
            folded = False
        else:
            return
        for pane in self._panes:
            pane.header.set_folded(folded)
            pane.header.setMinimumHeight(0)  # levelled again below, from the new natural heights
            pane.header.layout().invalidate()
        self._level_timer.start()

    def _follow(self, leader: ArticleTab) -> None:
        if not self._sync:
            return
        follower = self.other(leader)
        target = self._target_y(leader, follower)
        if target is None:
            return
        self._syncing = True
        try:
            follower.view.scroll_to_y(target)
        finally:
            self._syncing = False

    # -- swap ----------------------------------------------------------------------------------

    def swap(self) -> None:
        """Exchange the sides; the reading position and the marked paragraphs stay."""
        sizes = self.splitter.sizes()
        self._panes.reverse()
        self.splitter.insertWidget(0, self._panes[0])
        self.splitter.setSizes(list(reversed(sizes)))
        if self._alignment is not None:
            self._alignment = self._alignment.swapped()
        self._show_band()
        self.titleChanged.emit()
        self._level_timer.start()

    # -- counterpart band ----------------------------------------------------------------------

    def mark(self, pane: ArticleTab | None, paragraph: int | None, *, pinned: bool = True) -> None:
        """Mark ``paragraph`` of ``pane`` and its counterpart (None clears; ``pinned=False``: hover)."""
        group = self.group_at(pane, paragraph) if pane is not None and paragraph is not None else None
        if pinned:
            self._pinned_group = group
        else:
            self._hover_group = group
        self._show_band()

    @property
    def marked_group(self) -> int | None:
        """The group shown with a band: the hovered one, else the pinned one."""
        return self._hover_group if self._hover_group is not None else self._pinned_group

    def _show_band(self) -> None:
        group = self.marked_group
        for side, pane in enumerate(self._panes):
            if group is None or self._alignment is None:
                pane.view.set_band([])
                continue
            paragraphs = pane.document.paragraphs
            indices = self._alignment.beads[group][side]
            pane.view.set_band([(paragraphs[i].start, paragraphs[i].end) for i in indices])
        self._show_group_status(group)

    def _show_group_status(self, group: int | None) -> None:
        if group is None or self._alignment is None:
            self._show_status()
            return

        def numbers(indices: tuple[int, ...]) -> str:
            if not indices:
                return "none"
            first, last = indices[0] + 1, indices[-1] + 1
            return f"¶ {first}" if first == last else f"¶ {first}–{last}"

        left, right = self._alignment.beads[group]
        if not left or not right:
            side = "left" if left else "right"
            self._show_status(f"{numbers(left or right)} ({side}) has no counterpart on the other side")
        else:
            self._show_status(f"{numbers(left)} ⇄ {numbers(right)}")

    def _hover(self, pane: ArticleTab | None, pos: QPoint | None) -> None:
        paragraph = self.paragraph_at(pane, pos) if pane is not None and pos is not None else None
        group = self.group_at(pane, paragraph) if pane is not None and paragraph is not None else None
        if group != self._hover_group:
            self._hover_group = group
            self._show_band()

    def _clicked(self, pane: ArticleTab, pos: QPoint) -> None:
        paragraph = self.paragraph_at(pane, pos)
        group = self.group_at(pane, paragraph) if paragraph is not None else None
        if group is not None and group == self._pinned_group and not pane.view.textCursor().hasSelection():
            group = None  # a second click on the marked paragraph unmarks it
        self._pinned_group = group
        self._show_band()
        if group is not None and not self._sync:
            self._bring_counterpart(pane, group)

    def _bring_counterpart(self, pane: ArticleTab, group: int) -> None:
        """With sync off, scroll the other side so the counterpart is level with the clicked one."""
        assert self._alignment is not None
        side = self._panes.index(pane)
        other = self.other(pane)
        if not self._alignment.beads[group][1 - side]:
            return
        first = self._alignment.first
        on_screen = self._top(pane, first[side][group]) - pane.view.scroll_y()
        target = self._top(other, first[1 - side][group]) - on_screen
        other.view.scroll_to_y(target)

    # -- search matches ------------------------------------------------------------------------

    def set_search_matches(
        self, doc_id: str, spans: Sequence[tuple[int, int]], *, counterpart: bool = True, reveal: bool = True
    ) -> None:
        """Show a search's hits in the pane of ``doc_id``; the other pane gets the same names.

        The other pane's matches are the alias-table spellings of what the hits matched (see
        :func:`counterpart_matches`); without an alias table it keeps no matches.
        """
        pane = self.pane_for(doc_id)
        if pane is None:
            return
        pane.set_search_matches(list(spans), scroll=False)
        other = self.other(pane)
        if counterpart:
            found = counterpart_matches(self._aliases, pane.document.text, spans, other.document.text)
            other.set_search_matches(found, scroll=False)
        self.focus_pane(pane)
        if reveal and spans:
            QTimer.singleShot(0, self, lambda p=pane: self._reveal_match(p))

    def _reveal_match(self, pane: ArticleTab) -> None:
        if pane not in self._panes:
            return
        pane.reveal_current_match()  # the same placement as in a single tab
        self._follow(pane)

    # -- headers and events --------------------------------------------------------------------

    def _level_headers(self) -> None:
        """Give both headers the height of the taller one, so both texts start level."""
        headers = [pane.header for pane in self._panes]
        natural = []
        for header in headers:
            layout = header.layout()
            width = header.width()
            if layout.hasHeightForWidth() and width > 0:
                natural.append(layout.totalHeightForWidth(width))
            else:
                natural.append(layout.totalSizeHint().height())
        need = max(natural)
        for header in headers:
            if header.minimumHeight() != need:
                header.setMinimumHeight(need)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        for pane in self._panes:
            if watched is pane.view.viewport():
                if kind == QEvent.Type.MouseMove:
                    self._hover(pane, _mouse_pos(event))
                elif kind == QEvent.Type.Leave:
                    self._hover(None, None)
                elif kind == QEvent.Type.MouseButtonPress:
                    self._set_focused(pane)
                elif kind == QEvent.Type.MouseButtonRelease and _is_left(event):
                    self._clicked(pane, _mouse_pos(event))
                break
            if watched is pane.view:
                if kind == QEvent.Type.FocusIn:
                    self._set_focused(pane)
                elif kind == QEvent.Type.Resize and self._sync:
                    self._resync_timer.start()
                break
            if watched is pane.header:
                if kind in (QEvent.Type.Resize, QEvent.Type.LayoutRequest, QEvent.Type.Show):
                    self._level_timer.start()
                break
        return super().eventFilter(watched, event)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self._level_headers()
        QTimer.singleShot(0, self, self.resync)

    # -- remembered state ----------------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        """What the window saves for this tab (restored by :meth:`restore_position`)."""
        left, right = self.documents
        return {
            "pair": [left.id, right.id],
            "offset": self.left.view.top_offset(),
            "right_offset": self.right.view.top_offset(),
            "sync": self._sync,
            "focus": self.focused_index,
        }

    def restore_position(self, state: dict[str, Any]) -> None:
        """Scroll back to a saved state's place: the left pane, and the right one unless synced."""
        offset = state.get("offset")
        right = state.get("right_offset")
        if not self._sync and isinstance(right, int) and right > 0:
            self.right.view.scroll_to_offset(right)
        if isinstance(offset, int) and offset > 0:
            self.left.view.scroll_to_offset(offset)
            self._follow(self.left)


def _mouse_pos(event: QEvent) -> QPoint:
    mouse: QMouseEvent = event  # type: ignore[assignment]
    return mouse.position().toPoint()


def _is_left(event: QEvent) -> bool:
    mouse: QMouseEvent = event  # type: ignore[assignment]
    return mouse.button() == Qt.MouseButton.LeftButton
