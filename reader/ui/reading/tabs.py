"""The reading area's tab widget: one tab per open article or pane group, the preview tab, zoom
and theme for all of them, and the empty state."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPalette, QResizeEvent
from PySide6.QtWidgets import QTabBar, QTabWidget, QWidget

from reader.ingest.model import Document
from reader.ui.messages import plain_tooltip
from reader.ui.reading.labels import date_label, plain_label, tab_title
from reader.ui.reading.page import ZOOM_MAX, ZOOM_MIN
from reader.ui.reading.panes import PaneGroup
from reader.ui.reading.tab import ArticleTab
from reader.ui.theme import DEFAULT_THEME, get_theme, reading_palette


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

        self.placeholder = plain_label("Open an article from the timeline or search", self)
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
