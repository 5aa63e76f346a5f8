"""The base of multi-pane reading tabs (the side-by-side view builds on it)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from reader.ingest.model import Document
from reader.ui.reading.tab import ArticleTab

if TYPE_CHECKING:
    from reader.ui.parallel_view import ParallelTab


def side_by_side(widget: object) -> ParallelTab | None:
    """``widget`` when it is a side-by-side tab, else None. The side-by-side view (and the aligner under
    it) is loaded when the first one opens, not at start: until then no widget can be one, so nothing
    is imported to find out (this is asked on every search result opened)."""
    module = sys.modules.get("reader.ui.parallel_view")
    return widget if module is not None and isinstance(widget, module.ParallelTab) else None


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
