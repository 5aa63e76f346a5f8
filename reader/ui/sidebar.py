"""The main window's left column: when articles were written, and the list of them by month.

A timeline strip on top (click a month to narrow the list), a row of filters, and the
Year → Month → article tree (``ChronoTreeModel``). Articles open on a single click, as in a
mail or feed reader: the tree is the way through the corpus, not a list to select from first.
Keyboard users press Enter. Filters are applied in the model; this widget only keeps the view's
expansion and selection steady across the model's resets and keeps the timeline's numbers
identical to the tree's.

Titles are never only in a tooltip: a row wraps its title to two lines (cut at a word with "…"
only past that), and the row the keyboard is on grows to show its title whole, so arrowing
through the list reads every headline, Arabic ones right to left. Screen readers get the full
title as the row's accessible name (the model's ``AccessibleTextRole``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from typing import Any

from PySide6.QtCore import (
    QMargins,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from reader.ingest.model import Document
from reader.memory import collector_paused
from reader.ui.chrono_model import (
    KIND_DOC,
    ChronoTreeModel,
    CountRole,
    DateLabelRole,
    DirectionRole,
    DocIdRole,
    DuplicateCountRole,
    DuplicateOfRole,
    KindRole,
    LabelRole,
    LanguageRole,
    NodeKeyRole,
    OutletRole,
    month_label,
)
from reader.ui.colours import item_colours, mix, scaled_font
from reader.ui.notes_panel import _lay_out
from reader.ui.tasks import after_paint
from reader.ui.timeline import TimelineWidget

LANGUAGE_CHOICES = (("all", "All languages"), ("en", "English"), ("ar", "Arabic"))
_LANGUAGE_FILTERS: dict[str, set[str] | None] = {"all": None, "en": {"en"}, "ar": {"ar"}}

_PAD_X = 4
_PAD_Y = 4
_LINE_GAP = 1
_GROUP_PAD = 4  # extra air around a year or month label, which has no second line
TITLE_LINES = 2  #: a row's title wraps to this many lines, then ends in "…" at its logical end
CURRENT_TITLE_LINES = 12  #: the current row shows its title whole (capped for a mis-split "title")


def _small(font: QFont) -> QFont:
    return scaled_font(font, 0.85)


def _depth(index: QModelIndex | QPersistentModelIndex) -> int:
    depth = 0
    parent = index.parent()
    while parent.isValid():
        depth += 1
        parent = parent.parent()
    return depth


class ChronoDelegate(QStyledItemDelegate):
    """Article rows: the title in up to two lines (all of it on the current row), then 'day · EN ·
    outlet'; one-line group rows with a count.

    Text is plain strings laid out with ``QTextLayout`` (``_lay_out``, shared with the notes list),
    so document text can never be read as markup. An Arabic title is laid out right-to-left and
    right-aligned, decided by the majority script of the title (not by its first character, which
    may be a quote mark or a Latin acronym); its metadata line follows it to the right so the row
    reads as one unit.

    Every article row is two title lines high whether its title needs one or two, and only the
    current row is measured: a view with rows of varying height sums them to place a row far
    away, so a height that costs a text layout per row would make a jump across a 10k-article
    list take seconds. A one-line title is centred in its row.
    """

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self._view = view
        self._sized_font: QFont | None = None
        self._size_cache = (QSize(), QSize(), 0.0)

    # ----------------------------------------------------------------- geometry

    def title_lines(self, index: QModelIndex | QPersistentModelIndex) -> int:
        """How many lines the row may give its title: all of it on the row the keyboard is on."""
        return CURRENT_TITLE_LINES if index == self._view.currentIndex() else TITLE_LINES

    def title_layout(
        self, font: QFont, index: QModelIndex | QPersistentModelIndex, width: int
    ) -> tuple[QTextLayout, float]:
        """The title laid out in ``width`` in the lines the row allows, and its height.

        A Latin title with an Arabic name in it sets the name in the taller Arabic reading face;
        when two such lines would overflow an ordinary row it gets one line (the current row is
        sized to its title and shows it whole).
        """
        rtl = index.data(DirectionRole) == "rtl"
        title = index.data(LabelRole) or ""
        lines = self.title_lines(index)
        layout, height = _lay_out(title, font, width, rtl, lines)
        if lines == TITLE_LINES:
            room = self._sizes(font)[2]
            while height > room + 0.5 and lines > 1:
                lines -= 1
                layout, height = _lay_out(title, font, width, rtl, lines)
        return layout, height

    def text_width(self, index: QModelIndex | QPersistentModelIndex) -> int:
        """The room for text in a row as the view will lay it out: a size is asked for before
        the row has a rect (the view passes no width). The one column fills the viewport; its
        width is read from the viewport, which is resized before the column is."""
        view = self._view
        levels = _depth(index) + (1 if view.rootIsDecorated() else 0)
        return max(40, view.viewport().width() - view.indentation() * levels - 2 * _PAD_X)

    @staticmethod
    def _line_height(font: QFont) -> float:
        """A title line in ``font``, Latin or Arabic (whichever the fonts make taller)."""
        return max(_lay_out(text, font, 1000, rtl, 1)[1] for text, rtl in (("Ag", False), ("عربي", True)))

    def _sizes(self, font: QFont) -> tuple[QSize, QSize, float]:
        """(group row, article row, title room of an article row) in ``font``, kept until the font
        changes: most rows are sized from these alone."""
        if self._sized_font is None or font != self._sized_font:
            title = TITLE_LINES * self._line_height(font)
            meta = QFontMetrics(_small(font)).height()
            group = QSize(200, _PAD_Y * 2 + _GROUP_PAD + QFontMetrics(font).height())
            article = QSize(200, int(_PAD_Y * 2 + title + _LINE_GAP + meta + 0.999))
            self._sized_font, self._size_cache = QFont(font), (group, article, title)
        return self._size_cache

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        group, article, room = self._sizes(option.font)
        model = self._view.model()
        if not isinstance(model, ChronoTreeModel) or not model.is_article(index):
            return group
        if index != self._view.currentIndex():
            return article
        title = self.title_layout(option.font, index, self.text_width(index))[1]
        return article.grownBy(QMargins(0, 0, 0, max(0, int(title - room + 0.999))))

    # ----------------------------------------------------------------- painting

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""  # we draw the text; the style draws selection, hover and focus only
        widget = opt.widget
        style = widget.style() if widget is not None else None
        painter.save()
        try:
            if style is not None:
                style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, widget)
            painter.setClipRect(opt.rect)
            if index.data(KindRole) == KIND_DOC:
                self._paint_doc(painter, opt, index)
            else:
                self._paint_group(painter, opt, index)
        finally:
            painter.restore()

    @staticmethod
    def _colours(opt: QStyleOptionViewItem) -> tuple[QColor, QColor]:
        text, back = item_colours(opt)
        return text, mix(text, back, 0.38)

    def _paint_group(self, painter: QPainter, opt: QStyleOptionViewItem, index: QModelIndex) -> None:
        text, muted = self._colours(opt)
        rect = opt.rect.adjusted(_PAD_X, 0, -_PAD_X - 2, 0)
        font = QFont(opt.font)  # bold for years and Undated (the model's FontRole)
        count = str(index.data(CountRole) or 0)
        small = _small(opt.font)
        small.setBold(False)
        count_w = QFontMetrics(small).horizontalAdvance(count) + 2
        painter.setFont(small)
        painter.setPen(muted)
        painter.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, count)
        painter.setFont(font)
        painter.setPen(text)
        label_rect = rect.adjusted(0, 0, -count_w - 6, 0)
        label = QFontMetrics(font).elidedText(
            index.data(LabelRole) or "", Qt.TextElideMode.ElideRight, label_rect.width()
        )
        painter.drawText(label_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)

    def _paint_doc(self, painter: QPainter, opt: QStyleOptionViewItem, index: QModelIndex) -> None:
        text, muted = self._colours(opt)
        is_duplicate = index.data(DuplicateOfRole) is not None
        rtl = index.data(DirectionRole) == "rtl"
        rect = opt.rect.adjusted(_PAD_X, _PAD_Y, -_PAD_X, -_PAD_Y)
        layout, title_height = self.title_layout(opt.font, index, rect.width())
        small = _small(opt.font)
        small_fm = QFontMetrics(small)
        block = title_height + _LINE_GAP + small_fm.height()
        top = rect.top() + max(0, (rect.height() - block) // 2)  # a one-line title sits centred
        painter.setPen(muted if is_duplicate else text)
        layout.draw(painter, QPointF(rect.left(), top))

        meta_top = int(top + title_height + 0.999) + _LINE_GAP
        meta_rect = QRect(rect.left(), meta_top, rect.width(), small_fm.height())
        side = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
        parts = [index.data(DateLabelRole) or "", index.data(LanguageRole) or ""]
        if outlet := index.data(OutletRole):
            parts.append(outlet)
        if is_duplicate:
            parts.insert(0, "duplicate")
        elif dups := index.data(DuplicateCountRole):
            parts.append(f"+{dups} {'copy' if dups == 1 else 'copies'}")
        meta = " · ".join(p for p in parts if p)
        meta_option = QTextOption(side | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter)
        meta_option.setWrapMode(QTextOption.WrapMode.NoWrap)
        # The metadata is our own English; an Arabic outlet name inside it is shaped by Qt's bidi.
        meta_option.setTextDirection(Qt.LayoutDirection.LeftToRight)
        painter.setFont(small)
        painter.setPen(muted)
        meta = small_fm.elidedText(meta, Qt.TextElideMode.ElideRight, meta_rect.width())
        painter.drawText(QRectF(meta_rect), meta, meta_option)


NO_MATCH_TEXT = "No articles match the filters"


class ChronoTreeView(QTreeView):
    """The article tree: Enter opens an article, and an empty result says so instead of a blank."""

    enterPressed = Signal(QModelIndex)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.empty_text = NO_MATCH_TEXT
        # The current row's title wraps at the column's width: when it changes (the sidebar is
        # resized, the scroll bar comes or goes) that row's height is asked again.
        self.header().sectionResized.connect(self._on_column_resized)

    def currentChanged(
        self, current: QModelIndex | QPersistentModelIndex, previous: QModelIndex | QPersistentModelIndex
    ) -> None:
        """The row left shrinks back to two lines and the row reached grows to its whole title."""
        super().currentChanged(current, previous)
        for index in (previous, current):
            if index.isValid():
                self.dataChanged(index, index)  # re-asks the height of this one row only
        if current.isValid() and self.hasAutoScroll():
            self.scrollTo(current)  # grown, it may now reach past the bottom edge

    def _on_column_resized(self, column: int, old: int, new: int) -> None:
        current = self.currentIndex()
        if column == 0 and old != new and current.isValid():
            self.dataChanged(current, current)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.enterPressed.emit(self.currentIndex())
            event.accept()
            return
        super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if model is not None and model.rowCount() == 0:
            painter = QPainter(self.viewport())
            try:
                colour = self.palette().color(QPalette.ColorRole.PlaceholderText)
                painter.setPen(colour)
                painter.drawText(
                    self.viewport().rect().adjusted(12, 24, -12, -12),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
                    self.empty_text,
                )
            finally:
                painter.end()


class SidebarWidget(QWidget):
    """Timeline, filters and the chronological article tree, wired together.

    ``documentActivated(doc_id)`` fires when the user opens an article (click or Enter);
    ``monthSelected('YYYY-MM')`` when a timeline bar narrows the tree, ``''`` when cleared.
    """

    documentActivated = Signal(str)
    documentKept = Signal(str)  # a double click: open it in a tab of its own, not the preview
    monthSelected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ChronoTreeModel(self)
        self._collapsed: set[str] = set()  # groups the user closed; every other group opens
        self._open_docs: set[str] = set()  # canonical articles whose duplicates are shown
        self._current_id: str | None = None
        self._selecting: str | None = None  # an article to select once the reading pane has painted
        self._search_counts: dict[str, int] | None = None
        self._pending_outlet: str | None = None
        self._restoring = False

        self.timeline = TimelineWidget(self)
        self.timeline.monthClicked.connect(self._on_month_clicked)

        self.month_label = QLabel(self)
        self.month_label.setTextFormat(Qt.TextFormat.PlainText)
        self.clear_month_button = QToolButton(self)
        self.clear_month_button.setText("Show all months")
        self.clear_month_button.setAutoRaise(True)
        # An icon beside the words: a flat text button alone does not look clickable.
        self.clear_month_button.setIcon(
            self.style().standardIcon(QStyle.StandardPixmap.SP_LineEditClearButton)
        )
        self.clear_month_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.clear_month_button.setToolTip("Clear the month picked on the timeline (Esc on the timeline)")
        self.clear_month_button.clicked.connect(self.timeline.clear_selection)
        self.month_row = QWidget(self)
        month_layout = QHBoxLayout(self.month_row)
        month_layout.setContentsMargins(2, 0, 0, 0)
        month_layout.setSpacing(4)
        month_layout.addWidget(self.month_label, 1)
        month_layout.addWidget(self.clear_month_button)
        self.month_row.hide()

        self.language_combo = QComboBox(self)
        self.language_combo.setAccessibleName("Language filter")
        self.language_combo.setToolTip("Show articles in this language (bilingual ones show in both)")
        for key, label in LANGUAGE_CHOICES:
            self.language_combo.addItem(label, key)
        self.language_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.language_combo.currentIndexChanged.connect(self._on_language_changed)

        self.outlet_combo = QComboBox(self)
        self.outlet_combo.setAccessibleName("Outlet filter")
        self.outlet_combo.setToolTip("Show articles from one outlet")
        self.outlet_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.outlet_combo.setMinimumContentsLength(6)
        self.outlet_combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.outlet_combo.addItem("All outlets", None)
        self.outlet_combo.currentIndexChanged.connect(self._on_outlet_changed)

        # A plain button whose label says the current order: a checkable one would look "pressed"
        # in one order and not the other, which reads as on/off rather than as a choice.
        self.sort_button = QToolButton(self)
        self.sort_button.setAccessibleName("Sort order")
        self.sort_button.clicked.connect(lambda: self.set_newest_first(not self.model.newest_first()))
        self._update_sort_button()

        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        filters.setSpacing(4)
        filters.addWidget(self.language_combo)
        filters.addWidget(self.outlet_combo, 1)
        filters.addWidget(self.sort_button)

        self.tree = ChronoTreeView(self)
        self.tree.setModel(self.model)
        self.delegate = ChronoDelegate(self.tree)
        self.tree.setItemDelegate(self.delegate)
        # Rows are one or two title lines high (more on the current row). Scrolling per item
        # sizes only the rows on screen; per pixel would measure all 10k titles first.
        self.tree.setUniformRowHeights(False)
        self.tree.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerItem)
        self.tree.setAlternatingRowColors(False)
        self.tree.setHeaderHidden(True)
        self.tree.setIndentation(14)
        self.tree.setExpandsOnDoubleClick(False)  # a click toggles groups already
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.setAccessibleName("Articles by date")
        self.tree.clicked.connect(self._on_clicked)
        self.tree.doubleClicked.connect(self._on_double_clicked)
        self.tree.enterPressed.connect(self._on_enter)
        self.tree.expanded.connect(self._on_expanded)
        self.tree.collapsed.connect(self._on_collapsed)
        self.model.modelAboutToBeReset.connect(self._before_reset)
        self.model.modelReset.connect(self._after_reset)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.timeline)
        layout.addWidget(self.month_row)
        layout.addLayout(filters)
        layout.addWidget(self.tree, 1)
        self.setFocusProxy(self.tree)  # focusing the sidebar (e.g. a shortcut) lands in the list

    # ----------------------------------------------------------------- public API

    def set_documents(self, docs: Iterable[Document]) -> None:
        """Show a (re)scanned corpus; filters, expansion and the open article carry over."""
        with collector_paused(), self._top_row_kept():  # a row object per article: 10k at once
            self.model.set_documents(docs)
            self._open_added_groups()
        self._fill_outlets()
        self._refresh_timeline()

    def add_documents(self, docs: Iterable[Document]) -> None:
        """List articles a scan under way just found; the rest of the list stays as it is."""
        with self._top_row_kept():
            self.model.add_documents(docs)
            self._open_added_groups()
        listed = [self.outlet_combo.itemData(i) for i in range(1, self.outlet_combo.count())]
        if listed != self.model.outlets():  # refilled only when it changes: it may be open
            self._fill_outlets()
        self._refresh_timeline()

    def set_search_counts(self, counts: dict[str, int] | None) -> None:
        """Matching articles per month for the active search, drawn over the timeline's bars.

        While an id filter is set the overlay is recomputed from the tree instead, so it counts
        exactly the rows shown (canonical articles under the language and outlet filters).
        """
        self._search_counts = None if counts is None else dict(counts)
        self._refresh_timeline()

    def set_id_filter(self, ids: Iterable[str] | None) -> None:
        """Show only articles among ``ids`` (and their duplicate groups); None shows all."""
        self.model.set_id_filter(None if ids is None else set(ids))
        self._refresh_timeline()

    def select_document(self, doc_id: str, *, after_paint_of: QWidget | None = None) -> bool:
        """Select, reveal and scroll to an article without emitting ``documentActivated``.

        Returns False (and clears the selection) when the filters hide it: the user's filters
        are left alone rather than silently changed under them. ``after_paint_of``: the article
        was just opened there; the list follows once it has painted (moving the list's current
        row re-lays and repaints it, 10-25 ms the reader would otherwise wait for the article).
        """
        self._current_id = doc_id
        if after_paint_of is not None:
            if self._selecting != doc_id:
                self._selecting = doc_id
                after_paint(after_paint_of, lambda: self._select_later(doc_id))
            return self.model.index_for_doc(doc_id).isValid()
        index = self.model.index_for_doc(doc_id)
        if not index.isValid():
            self.tree.selectionModel().clearSelection()
            return False
        parent = index.parent()
        while parent.isValid():
            self.tree.expand(parent)
            parent = parent.parent()
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        return True

    def _select_later(self, doc_id: str) -> None:
        if self._selecting == doc_id:
            self._selecting = None
            if self._current_id == doc_id:  # nothing else was opened meanwhile
                self.select_document(doc_id)

    def current_document(self) -> str | None:
        return self._current_id

    def set_busy(self, words: str | None) -> None:
        """While a corpus is being read the empty list says so ("Scanning…"), not "no match"."""
        self.tree.empty_text = words or NO_MATCH_TEXT
        self.tree.viewport().update()

    def focus_list(self) -> None:
        """The keyboard in the list, on the open article or else the first one, ready for Enter."""
        if self.tree.currentIndex().data(KindRole) != KIND_DOC:
            order = self.ordered_documents()
            target = self._current_id if self._current_id in order else (order[0] if order else None)
            if target is not None:
                self.select_document(target)
        self.tree.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def ordered_documents(self) -> list[str]:
        """The articles listed, in the order shown (filters and sort applied; duplicates left out).

        Alt+Down/Alt+Up step through this list, so "next" means what the researcher sees next.
        """
        found: list[str] = []
        model = self.model

        def walk(parent: QModelIndex) -> None:
            for row in range(model.rowCount(parent)):
                index = model.index(row, 0, parent)
                doc_id = model.data(index, DocIdRole)
                if doc_id is None:
                    walk(index)  # a year, month or "Undated" group
                elif model.data(index, DuplicateOfRole) is None:
                    found.append(doc_id)

        walk(QModelIndex())
        return found

    def neighbour(self, doc_id: str | None, step: int) -> str | None:
        """The article ``step`` places after (or before) ``doc_id`` in the list; the first or last
        one when ``doc_id`` is not listed; None past either end."""
        order = self.ordered_documents()
        if not order:
            return None
        if doc_id not in order:
            return order[0] if step > 0 else order[-1]
        position = order.index(doc_id) + step
        return order[position] if 0 <= position < len(order) else None

    def selected_month(self) -> str:
        return self.timeline.selected_month()

    def set_month(self, month: str | None) -> None:
        """Narrow to ``'YYYY-MM'`` (or clear with None/'') as if the bar had been clicked."""
        month = month or ""
        if month != self.timeline.selected_month():
            self.timeline.set_selected_month(month)
            self._on_month_clicked(month)

    def state(self) -> dict[str, Any]:
        """What the main window persists: sort order, language, outlet and closed groups.

        We save the *collapsed* groups rather than the expanded years, so that a year or month
        added by a rescan shows up open like every other new group. The month picked on the
        timeline is transient (like a search) and is not saved.
        """
        return {
            "newest_first": self.model.newest_first(),
            "language": self.language_combo.currentData() or "all",
            "outlet": self._pending_outlet or self.model.outlet_filter(),
            "collapsed": sorted(self._collapsed),
        }

    def restore_state(self, state: dict[str, Any] | None) -> None:
        """Apply a saved ``state()``; unknown or stale values fall back to the defaults."""
        state = state or {}
        self._restoring = True
        try:
            collapsed = state.get("collapsed", [])
            self._collapsed = {str(k) for k in collapsed} if isinstance(collapsed, list) else set()
            self.set_newest_first(bool(state.get("newest_first", True)))
            language = state.get("language", "all")
            i = self.language_combo.findData(language if language in _LANGUAGE_FILTERS else "all")
            self.language_combo.setCurrentIndex(max(i, 0))
            outlet = state.get("outlet")
            self._pending_outlet = outlet if isinstance(outlet, str) and outlet else None
            self._apply_pending_outlet()
        finally:
            self._restoring = False
        self._after_reset()
        self._refresh_timeline()

    # ----------------------------------------------------------------- filters

    def _fill_outlets(self) -> None:
        wanted = self._pending_outlet or self.model.outlet_filter()
        self.outlet_combo.blockSignals(True)
        try:
            self.outlet_combo.clear()
            self.outlet_combo.addItem("All outlets", None)
            for name in self.model.outlets():
                self.outlet_combo.addItem(name, name)
        finally:
            self.outlet_combo.blockSignals(False)
        self._pending_outlet = wanted
        self._apply_pending_outlet()

    def _apply_pending_outlet(self) -> None:
        """Select the wanted outlet once it exists; an outlet gone after a rescan means all."""
        wanted = self._pending_outlet
        i = self.outlet_combo.findData(wanted) if wanted else 0
        if i < 0:
            if self.model.documents():  # the corpus is loaded and the outlet is not in it
                self._pending_outlet = None
                i = 0
            else:
                return  # restored before the corpus arrived: keep waiting for set_documents
        else:
            self._pending_outlet = None
        self.outlet_combo.blockSignals(True)
        self.outlet_combo.setCurrentIndex(i)
        self.outlet_combo.blockSignals(False)
        self.model.set_outlet_filter(self.outlet_combo.itemData(i))
        self._refresh_timeline()

    def _on_language_changed(self, _index: int) -> None:
        key = self.language_combo.currentData() or "all"
        self.model.set_language_filter(_LANGUAGE_FILTERS.get(key))
        self._refresh_timeline()

    def _on_outlet_changed(self, index: int) -> None:
        self._pending_outlet = None
        self.model.set_outlet_filter(self.outlet_combo.itemData(index))
        self._refresh_timeline()

    def set_newest_first(self, newest_first: bool) -> None:
        self.model.set_newest_first(newest_first)
        self._update_sort_button()

    def _update_sort_button(self) -> None:
        newest = self.model.newest_first()
        self.sort_button.setText("Newest first" if newest else "Oldest first")
        self.sort_button.setToolTip(
            "Newest articles at the top; click for oldest first"
            if newest
            else "Oldest articles at the top; click for newest first"
        )

    def _on_month_clicked(self, month: str) -> None:
        self.model.set_month_filter(month or None)
        if month:
            self.month_label.setText(f"Showing {month_label(month)} only")
            self.month_row.show()
        else:
            self.month_row.hide()
        self.monthSelected.emit(month)

    def _refresh_timeline(self) -> None:
        """Bars count what the tree counts; the overlay counts the search's share of it.

        The "Year only" / "Undated" bars get a search share only from the id filter: a search's
        ``by_month`` has no entry for articles without a month.
        """
        span = self.model.corpus_span()
        self.timeline.set_span(*(span or (None, None)))
        self.timeline.set_counts(self.model.month_counts(include_id_filter=False))
        self.timeline.set_undated_counts(self.model.undated_counts(include_id_filter=False))
        if self.model.id_filter() is not None:
            self.timeline.set_highlight(self.model.month_counts(include_id_filter=True))
            self.timeline.set_undated_highlight(self.model.undated_counts(include_id_filter=True))
        else:
            self.timeline.set_highlight(self._search_counts)
            self.timeline.set_undated_highlight(None)

    # ----------------------------------------------------------------- tree state

    def _on_clicked(self, index: QModelIndex) -> None:
        kind = index.data(KindRole)
        if kind == KIND_DOC:
            self._activate(index)
        elif index.isValid():
            self.tree.setExpanded(index, not self.tree.isExpanded(index))

    def _on_enter(self, index: QModelIndex) -> None:
        if index.data(KindRole) == KIND_DOC:
            self._activate(index)
        else:
            self.tree.setExpanded(index, not self.tree.isExpanded(index))

    def _on_double_clicked(self, index: QModelIndex) -> None:
        doc_id = index.data(DocIdRole)
        if doc_id and index.data(KindRole) == KIND_DOC:
            self.documentKept.emit(doc_id)

    def _activate(self, index: QModelIndex) -> None:
        doc_id = index.data(DocIdRole)
        if doc_id:
            self._current_id = doc_id
            self.documentActivated.emit(doc_id)

    def _on_expanded(self, index: QModelIndex) -> None:
        key = index.data(NodeKeyRole)
        if index.data(KindRole) == KIND_DOC:
            self._open_docs.add(key)
        else:
            self._collapsed.discard(key)

    def _on_collapsed(self, index: QModelIndex) -> None:
        key = index.data(NodeKeyRole)
        if index.data(KindRole) == KIND_DOC:
            self._open_docs.discard(key)
        elif not self._restoring:
            self._collapsed.add(key)

    @contextlib.contextmanager
    def _top_row_kept(self) -> Iterator[None]:
        """The row at the top of a scrolled list stays there while rows come and go above it (a
        scan lists articles of every month as it goes), and the row the user is on stays in view:
        what they are looking at does not slide away. (At the very top, new rows show.)"""
        tree = self.tree
        top = QPersistentModelIndex(tree.indexAt(QPoint(0, 0)))
        scrolled = tree.verticalScrollBar().value() > 0
        current = QPersistentModelIndex(tree.currentIndex())
        seen = current.isValid() and tree.viewport().rect().intersects(tree.visualRect(QModelIndex(current)))
        yield
        if scrolled and top.isValid() and tree.indexAt(QPoint(0, 0)) != QModelIndex(top):
            tree.scrollTo(QModelIndex(top), QAbstractItemView.ScrollHint.PositionAtTop)
        if seen and current.isValid():
            tree.scrollTo(QModelIndex(current), QAbstractItemView.ScrollHint.EnsureVisible)

    def _open_added_groups(self) -> None:
        """Open the groups rows were just added in, as after a rebuild, unless the user closed them
        before; and articles whose duplicates the user had shown, if their rows were made anew.

        Asked of the model rather than heard from each inserted row: while a scan runs, every call
        into Qt waits for the scanning thread to hand the interpreter back, a few ms each."""
        model, tree = self.model, self.tree
        for key in [*model.take_added_groups(), *self._open_docs]:
            if key not in self._collapsed:
                index = model.index_for_key(key)
                if index.isValid() and not tree.isExpanded(index):
                    tree.expand(index)

    def _before_reset(self) -> None:
        current = self.tree.currentIndex()
        doc_id = current.data(DocIdRole) if current.isValid() else None
        if doc_id:
            self._current_id = doc_id

    def _after_reset(self) -> None:
        """Re-open every group the user did not close, and re-select the open article."""
        model = self.model
        for key in model.group_keys():
            index = model.index_for_key(key)
            if index.isValid() and key not in self._collapsed:
                self.tree.expand(index)
        for key in list(self._open_docs):
            index = model.index_for_key(key)
            if index.isValid():
                self.tree.expand(index)
        if self._current_id:
            index = model.index_for_doc(self._current_id)
            if index.isValid():
                self.tree.setCurrentIndex(index)
                self.tree.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
