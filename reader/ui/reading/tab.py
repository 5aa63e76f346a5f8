"""One open article (:class:`ArticleTab`): header, page and find bar, and the find logic that
switches between the caller's search hits and the reader's own find."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QVBoxLayout, QWidget

from reader.ingest.model import Document
from reader.ui.reading.find_bar import FindBar
from reader.ui.reading.header import ArticleHeader
from reader.ui.reading.page import ZOOM_FACTOR
from reader.ui.reading.view import ArticleView
from reader.ui.theme import DEFAULT_THEME

# Find-as-you-type runs at once on ordinary articles, debounced on huge ones.
FIND_IMMEDIATE_CHARS = 300_000


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
