"""The main window's left column: when articles were written, and the list of them by month.

A timeline strip on top (click a month to narrow the list), a row of filters, and the
Year → Month → article tree (``ChronoTreeModel``). Articles open on a single click, as in a
mail or feed reader: the tree is the way through the corpus, not a list to select from first.
Keyboard users press Enter. Filters are applied in the model; this widget only keeps the view's
expansion and selection steady across the model's resets and keeps the timeline's numbers
identical to the tree's.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
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
from reader.ui.timeline import TimelineWidget

LANGUAGE_CHOICES = (("all", "All languages"), ("en", "English"), ("ar", "Arabic"))
_LANGUAGE_FILTERS: dict[str, set[str] | None] = {"all": None, "en": {"en"}, "ar": {"ar"}}

_PAD_X = 4
_PAD_Y = 3
_LINE_GAP = 1


def _small(font: QFont) -> QFont:
    return scaled_font(font, 0.85)


class ChronoDelegate(QStyledItemDelegate):
    """Two-line article rows (title; 'day · EN · outlet'), one-line group rows with a count.

    Everything is drawn with ``QPainter.drawText`` on plain strings, so document text can never
    be read as markup. An Arabic title is laid out right-to-left and right-aligned, decided by
    the majority script of the title (not by its first character, which may be a quote mark or
    a Latin acronym); its metadata line follows it to the right so the row reads as one unit.
    """

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        # One height for every row (the view uses uniform row heights): two text lines.
        title = QFontMetrics(option.font)
        meta = QFontMetrics(_small(option.font))
        return QSize(200, _PAD_Y * 2 + title.height() + _LINE_GAP + meta.height())

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
        title_fm = QFontMetrics(opt.font)
        small = _small(opt.font)
        small_fm = QFontMetrics(small)
        title_rect = QRect(rect.left(), rect.top(), rect.width(), title_fm.height())
        meta_rect = QRect(rect.left(), title_rect.bottom() + 1 + _LINE_GAP, rect.width(), small_fm.height())

        side = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
        option = QTextOption(side | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter)
        option.setWrapMode(QTextOption.WrapMode.NoWrap)
        option.setTextDirection(Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
        title = title_fm.elidedText(
            index.data(LabelRole) or "", Qt.TextElideMode.ElideRight, title_rect.width()
        )
        painter.setFont(opt.font)
        painter.setPen(muted if is_duplicate else text)
        painter.drawText(QRectF(title_rect), title, option)

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
        self.tree.setItemDelegate(ChronoDelegate(self.tree))
        self.tree.setUniformRowHeights(True)
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
        self.model.set_documents(docs)
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

    def select_document(self, doc_id: str) -> bool:
        """Select, reveal and scroll to an article without emitting ``documentActivated``.

        Returns False (and clears the selection) when the filters hide it: the user's filters
        are left alone rather than silently changed under them.
        """
        self._current_id = doc_id
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
