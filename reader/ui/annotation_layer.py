"""Highlights and notes in the reading tabs: drawing them, making them, and taking deletes back.

Why one controller for all tabs, between the store and the views: every change to an annotation
must reach three places at once (the article's page, the notes panel and the undo stack), and the
store is the single source of truth. So the layer never keeps annotations of its own; after each
write it re-reads the article's annotations from the store (a few rows, well under a millisecond)
and hands the views plain ``(start, end, colour, uuid)`` spans.

Offsets: the store keeps code points into ``Document.text``. They reach Qt only through
:class:`~reader.ui.reading.view.ArticleView` (``selection_offsets``, ``set_highlights``,
``reveal_span``), the one place that converts to UTF-16. Highlights are ExtraSelections with a
background colour only, so Arabic joining is never broken by a highlight edge.

In "Show original" mode the page shows another text (the raw source span), so highlighting is off
there: keys 1-8 say why in the status bar and the context menu greys the entries out with a tooltip.

Across translations: in the side-by-side view a highlight can be carried to the aligned paragraphs
of the other article ("Carry to the Arabic version" on the highlight, or Edit → Carry Highlight to
Translation with the caret in it; :mod:`reader.store.carry` does the work on the view's own
alignment). Every page draws a highlight whose ``carried_from`` is set paler, with a dashed
underline, in the side-by-side view and in the article's own tab alike; it stays so after its
source is deleted, an ordinary highlight the reader can delete in turn.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QKeyEvent, QPainter, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from reader.ingest.model import Document
from reader.store.carry import CarryResult, carry_highlight, paragraphs_under, version_name
from reader.store.db import GUI_PATIENCE_MS, StoreError
from reader.store.model import DEFAULT_PALETTE, Annotation, Colour
from reader.ui.reading.panes import side_by_side
from reader.ui.reading.tab import ArticleTab
from reader.ui.reading.tabs import ReadingTabs
from reader.ui.reading.view import ArticleView

if TYPE_CHECKING:
    from reader.store.annotations import Store
    from reader.ui.parallel_view import ParallelTab

__all__ = [
    "MAX_UNDO",
    "AnnotationLayer",
    "RenameColoursDialog",
    "quote_preview",
    "swatch_icon",
]

log = logging.getLogger(__name__)

MAX_UNDO = 50
ORIGINAL_MODE_TIP = (
    "Highlighting is off while the original text is shown: highlights belong to the clean text. "
    "Turn off “Show original” to highlight."
)
_SLOT_KEYS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(1, len(DEFAULT_PALETTE) + 1)}
CARRY_NEEDS_PAIR = (
    "Open the article side by side with its translation (View → Side by Side…) to carry a highlight there"
)
CARRY_NEEDS_CARET = "Put the caret in a highlight (click it) to carry it to the translation"
CARRY_WAIT = "The paragraphs are still being aligned; try again in a moment"


def swatch_icon(rgb: str, size: int = 14) -> QIcon:
    """A small rounded square of a palette colour, for menus, combos and the notes list."""
    ratio = QGuiApplication.primaryScreen().devicePixelRatio() if QGuiApplication.primaryScreen() else 1.0
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = QColor(rgb)
    painter.setPen(colour.darker(135))
    painter.setBrush(colour)
    painter.drawRoundedRect(QRectF(0.5, 0.5, size - 1.0, size - 1.0), 3, 3)
    painter.end()
    return QIcon(pixmap)


def quote_preview(text: str, limit: int = 60) -> str:
    """One line of a quote for menus and labels: whitespace collapsed, cut at a word, with "…"."""
    one = " ".join(text.split())
    if len(one) <= limit:
        return one
    cut = one.rfind(" ", 0, limit)
    return one[: cut if cut > limit // 2 else limit].rstrip() + "…"


def _paragraph_numbers(doc: Document, start: int, end: int) -> str:
    """" (¶ 3–4)": the paragraphs ``[start, end)`` covers, as the reader counts them ("" for none)."""
    where = paragraphs_under(doc, start, end)
    if not where:
        return ""
    return f" (¶ {where[0] + 1}{f'–{where[-1] + 1}' if len(where) > 1 else ''})"


class RenameColoursDialog(QDialog):
    """Give the eight colours their meanings (an empty label restores the default name).

    Opened with ``open()`` (never ``exec()``): it does not block the event loop, so tests and the
    rest of the window keep running.
    """

    def __init__(self, palette: Sequence[Colour], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Rename Colours")
        self._palette = list(palette)
        self.edits: dict[int, QLineEdit] = {}
        intro = QLabel("What does each colour mean in your reading? Keys 1–8 apply them.")
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        form = QFormLayout()
        defaults = {c.slot: c.label for c in DEFAULT_PALETTE}
        for colour in self._palette:
            edit = QLineEdit(colour.label)
            edit.setPlaceholderText(defaults.get(colour.slot, ""))
            edit.setMaxLength(40)
            edit.setToolTip(f"Key {colour.slot}; leave empty for “{defaults.get(colour.slot, '')}”")
            key = QWidget()
            key_layout = QHBoxLayout(key)
            key_layout.setContentsMargins(0, 0, 0, 0)
            key_layout.setSpacing(6)
            icon = QLabel()
            icon.setPixmap(swatch_icon(colour.rgb, 16).pixmap(16, 16))
            number = QLabel(str(colour.slot))
            number.setTextFormat(Qt.TextFormat.PlainText)
            key_layout.addWidget(icon)
            key_layout.addWidget(number)
            form.addRow(key, edit)
            self.edits[colour.slot] = edit
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def labels(self) -> dict[int, str]:
        """Slot -> label typed (possibly empty: back to the default)."""
        return {slot: edit.text().strip() for slot, edit in self.edits.items()}


class AnnotationLayer(QObject):
    """Connects the store to the reading tabs: highlight keys, context menus, drawing, undo of deletes.

    Signals:

    * ``changed(doc_id)``: that article's annotations changed (``""``: several articles).
    * ``aboutToDelete(uuid)``: emitted before a delete, so an editor can save what is typed first.
    * ``paletteChanged()``: colour labels were renamed.
    * ``selected(uuid)``: an annotation was just made or restored; the notes panel shows it.
    * ``editRequested(uuid, what)``: the user asked to edit its ``"note"`` or ``"tags"``.
    * ``message(text)``: one sentence for the status bar.
    * ``undoAvailable(bool)``: whether Ctrl+Z has a delete to take back.
    """

    changed = Signal(str)
    aboutToDelete = Signal(str)
    paletteChanged = Signal()
    selected = Signal(str)
    editRequested = Signal(str, str)
    message = Signal(str)
    undoAvailable = Signal(bool)

    def __init__(
        self,
        store: Store | None,
        tabs: ReadingTabs,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.tabs = tabs
        self._undo: list[str] = []
        self._last_slot = 1
        self._palette: list[Colour] = list(DEFAULT_PALETTE)
        self.rename_dialog: RenameColoursDialog | None = None
        self.reload_palette()
        tabs.tabCreated.connect(self.attach)
        for tab in tabs.panes():
            self.attach(tab)

    # -- store access ----------------------------------------------------------------------------

    @property
    def available(self) -> bool:
        return self.store is not None and not self.store.read_only

    def _write(self, what: str, fn: Callable[[], object]) -> tuple[bool, object]:
        """Run one store write: ``(True, result)``, or ``(False, None)`` after telling the user why.

        A failure (read-only file, disk full, a row deleted meanwhile) becomes a status message,
        never an exception escaping a Qt slot.
        """
        if self.store is None:
            self.message.emit("Notes are unavailable: the annotations file could not be opened.")
            return False, None
        try:
            with self.store.db.patience(GUI_PATIENCE_MS):  # a lock elsewhere: a message, not a freeze
                return True, fn()
        except (StoreError, sqlite3.Error, KeyError, ValueError) as exc:
            log.warning("could not %s: %s", what, exc)
            self.message.emit(f"Could not {what}: {exc}")
            return False, None

    def palette(self) -> list[Colour]:
        return list(self._palette)

    def colour(self, slot: int | None) -> Colour | None:
        return next((c for c in self._palette if c.slot == slot), None)

    def reload_palette(self) -> None:
        if self.store is not None:
            try:
                self._palette = self.store.palette()
            except (StoreError, sqlite3.Error) as exc:
                log.warning("could not read the colour labels: %s", exc)

    def annotations_for(self, doc_id: str) -> list[Annotation]:
        if self.store is None:
            return []
        try:
            return self.store.for_document(doc_id)
        except (StoreError, sqlite3.Error) as exc:
            log.warning("could not read the notes of %s: %s", doc_id, exc)
            return []

    # -- tabs ------------------------------------------------------------------------------------

    def attach(self, tab: ArticleTab) -> None:
        """Draw ``tab``'s highlights and take over its keys 1-8 and its context menu."""
        view = tab.view
        if view.property("annotationLayer"):
            return
        view.setProperty("annotationLayer", True)
        view.installEventFilter(self)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(lambda pos, t=tab: self._show_menu(t, pos))
        self.render(tab)

    def render(self, tab: ArticleTab) -> None:
        """Give the page its live, placed highlights (orphans have no place to be drawn)."""
        colours = {c.slot: c.rgb for c in self._palette}
        spans = []
        notes: dict[str, str] = {}
        carried: set[str] = set()
        text = tab.document.text
        for a in self.annotations_for(tab.document.id):
            anchor = a.anchor
            if anchor is None or a.state == "orphan":
                continue
            if text[anchor.start : anchor.end] != anchor.quote:
                continue  # the store has not re-anchored this text yet: never mark the wrong words
            spans.append((anchor.start, anchor.end, colours.get(a.colour or 0, "#c8c8c8"), a.uuid))
            if a.note.strip():
                notes[a.uuid] = a.note
            if a.carried_from:
                carried.add(a.uuid)
        tab.view.set_highlights(spans, notes, carried)

    def refresh(self, doc_id: str | None = None) -> None:
        """Redraw every tab and side-by-side pane showing ``doc_id`` (all of them with None)."""
        for tab in self.tabs.panes():
            if doc_id is None or tab.document.id == doc_id:
                self.render(tab)

    def _tab_of(self, view: QObject) -> ArticleTab | None:
        for tab in self.tabs.panes():
            if tab.view is view:
                return tab
        return None

    def _place_of(self, doc_id: str) -> ArticleTab | None:
        """Where to show an annotation of ``doc_id``: the pane the reader works in if it shows the
        article, else the other pane of the current side-by-side tab, else its own tab, else any."""
        current = self.tabs.current_tab()
        if current is not None and current.document.id == doc_id:
            return current
        group = self.tabs.current_group()
        if group is not None and (pane := group.pane_for(doc_id)) is not None:
            return pane
        return self.tabs.tab_for(doc_id) or next(
            (tab for tab in self.tabs.panes() if tab.document.id == doc_id), None
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(watched, ArticleView):
            key_event: QKeyEvent = event  # type: ignore[assignment]
            slot = _SLOT_KEYS.get(key_event.key())
            mods = key_event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            plain = mods == Qt.KeyboardModifier.NoModifier
            if slot is not None and plain and watched.textCursor().hasSelection():
                tab = self._tab_of(watched)
                if tab is not None:
                    self.highlight_selection(tab, slot)
                    return True
        return super().eventFilter(watched, event)

    # -- making and changing ---------------------------------------------------------------------

    @staticmethod
    def trimmed_selection(tab: ArticleTab) -> tuple[int, int] | None:
        """The selection in code points, without the spaces and line breaks a drag picks up."""
        span = tab.view.selection_offsets()
        if span is None:
            return None
        start, end = span
        text = tab.document.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return (start, end) if end > start else None

    def highlight_selection(self, tab: ArticleTab, slot: int) -> Annotation | None:
        """Highlight the selection in colour ``slot``; re-colours a highlight selected exactly."""
        if not tab.view.highlights_enabled:
            self.message.emit(ORIGINAL_MODE_TIP)
            return None
        span = self.trimmed_selection(tab)
        if span is None:
            return None
        doc = tab.document
        self._last_slot = slot
        same = next(
            (a for a in self.annotations_for(doc.id)
             if a.anchor is not None and a.state != "orphan" and (a.anchor.start, a.anchor.end) == span),
            None,
        )
        if same is not None:
            _ok, result = self._write("change the colour", lambda: self.store.set_colour(same.uuid, slot))  # type: ignore[union-attr]
        else:
            _ok, result = self._write(
                "save the highlight",
                lambda: self.store.add_highlight(doc, span[0], span[1], slot),  # type: ignore[union-attr]
            )
        if not isinstance(result, Annotation):
            return None
        cursor = tab.view.textCursor()
        cursor.clearSelection()
        tab.view.setTextCursor(cursor)
        self.refresh(doc.id)
        self.changed.emit(doc.id)
        self.selected.emit(result.uuid)
        colour = self.colour(slot)
        self.message.emit(f"Highlighted as {colour.label if colour else slot}")
        return result

    def note_on_selection(self, tab: ArticleTab) -> Annotation | None:
        """"Add note…" on a selection: highlight it (last colour used) and open its note."""
        made = self.highlight_selection(tab, self._last_slot)
        if made is not None:
            self.editRequested.emit(made.uuid, "note")
        return made

    def add_article_note(self, doc: Document | None) -> Annotation | None:
        """A note on the whole article, opened in the editor."""
        if doc is None:
            return None
        _ok, result = self._write("add the note", lambda: self.store.add_note(doc.id, ""))  # type: ignore[union-attr]
        if not isinstance(result, Annotation):
            return None
        self.changed.emit(doc.id)
        self.selected.emit(result.uuid)
        self.editRequested.emit(result.uuid, "note")
        return result

    def set_colour(self, uuid: str, slot: int) -> Annotation | None:
        _ok, result = self._write("change the colour", lambda: self.store.set_colour(uuid, slot))  # type: ignore[union-attr]
        if not isinstance(result, Annotation):
            return None
        self._last_slot = slot
        self.refresh(result.doc_id)
        self.changed.emit(result.doc_id)
        return result

    def delete(self, uuid: str) -> bool:
        """Soft-delete (the row stays in the file); Ctrl+Z brings it back."""
        if self.store is None:
            return False
        self.aboutToDelete.emit(uuid)
        found = self.store.get(uuid)
        if found is None:
            return False
        ok, _none = self._write("delete it", lambda: self.store.delete(uuid))  # type: ignore[union-attr]
        if not ok:
            return False
        self._undo.append(uuid)
        del self._undo[:-MAX_UNDO]
        self.undoAvailable.emit(True)
        self.refresh(found.doc_id)
        self.changed.emit(found.doc_id)
        what = "Highlight" if found.is_highlight else "Note"
        self.message.emit(f"{what} deleted — Ctrl+Z brings it back")
        return True

    # -- across translations ---------------------------------------------------------------------

    def side_by_side_of(self, tab: ArticleTab) -> ParallelTab | None:
        """The side-by-side view ``tab`` is a pane of, or None (a tab of its own)."""
        groups = map(side_by_side, self.tabs.groups())
        return next((g for g in groups if g is not None and tab in g.panes()), None)

    def carry_current(self) -> Annotation | None:
        """Edit → Carry Highlight to Translation: the highlight at the caret of the pane in use."""
        tab = self.tabs.current_tab()
        if tab is None or self.side_by_side_of(tab) is None:
            self.message.emit(CARRY_NEEDS_PAIR)
            return None
        view = tab.view
        cp = view.caret_offset()
        keys = view.highlights_at(cp) or view.highlights_at(cp - 1)  # the caret just after its last letter
        if not keys:
            self.message.emit(CARRY_NEEDS_CARET)
            return None
        return self.carry(tab, keys[0])

    def carry(self, tab: ArticleTab, uuid: str) -> Annotation | None:
        """Make (or find) the lighter, linked copy of highlight ``uuid`` on the aligned paragraphs of the
        other side of ``tab``'s side-by-side view; it is flashed there and the status bar says where."""
        group = self.side_by_side_of(tab)
        if group is None:
            self.message.emit(CARRY_NEEDS_PAIR)
            return None
        pair = group.aligned_pair()
        if pair is None:
            self.message.emit(CARRY_WAIT)
            return None
        source = self.store.get(uuid) if self.store is not None else None
        if source is None:
            return None
        _ok, result = self._write("carry the highlight", lambda: carry_highlight(self.store, source, pair))  # type: ignore[arg-type]
        if not isinstance(result, CarryResult):
            return None
        copy = result.annotation
        other = group.other(tab)
        assert copy.anchor is not None and source.anchor is not None  # carry_highlight checked both
        for doc_id in (copy.doc_id, source.doc_id):
            self.refresh(doc_id)
            self.changed.emit(doc_id)
        group.show_counterpart(tab, tab.view.paragraph_at(source.anchor.start))
        other.view.flash_span(copy.anchor.start, copy.anchor.end)
        done = "Carried to" if result.created else "Already in"
        where = _paragraph_numbers(other.document, copy.anchor.start, copy.anchor.end)
        self.message.emit(f"{done} {version_name(other.document.language)}{where}")
        return copy

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    def undo_delete(self) -> Annotation | None:
        """Restore the most recently deleted highlight or note (Store.undelete)."""
        while self._undo:
            uuid = self._undo.pop()
            _ok, result = self._write("restore it", lambda u=uuid: self.store.undelete(u))  # type: ignore[union-attr]
            if isinstance(result, Annotation):
                self.undoAvailable.emit(bool(self._undo))
                self.refresh(result.doc_id)
                self.changed.emit(result.doc_id)
                self.selected.emit(result.uuid)
                what = "Highlight" if result.is_highlight else "Note"
                self.message.emit(f"{what} restored")
                return result
        self.undoAvailable.emit(False)
        return None

    def reveal(self, uuid: str) -> bool:
        """Scroll the open tab of the annotation's article to it and flash it; False for orphans."""
        if self.store is None:
            return False
        a = self.store.get(uuid)
        if a is None:
            return False
        tab = self._place_of(a.doc_id)
        if tab is None:
            return False
        if a.anchor is None:
            return True  # an article note: the article is its place
        if a.state == "orphan" or tab.document.text[a.anchor.start : a.anchor.end] != a.anchor.quote:
            self.message.emit(
                "This highlight's text is no longer in the article; its quote and note are kept."
            )
            return False
        if tab.view.showing_original:
            tab.set_original(False)
        tab.view.reveal_span(a.anchor.start, a.anchor.end)
        return True

    # -- palette ---------------------------------------------------------------------------------

    def rename_colour(self, slot: int, label: str) -> Colour | None:
        _ok, result = self._write("rename the colour", lambda: self.store.rename_colour(slot, label))  # type: ignore[union-attr]
        if isinstance(result, Colour):
            self.reload_palette()
            self.paletteChanged.emit()
            return result
        return None

    def open_rename_dialog(self, parent: QWidget | None = None) -> RenameColoursDialog:
        """Show the "Rename colours" dialog without blocking; labels are saved on OK."""
        dialog = RenameColoursDialog(self._palette, parent or self.tabs.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def save() -> None:
            current = {c.slot: c.label for c in self._palette}
            changed = False
            for slot, label in dialog.labels().items():
                default = next(c.label for c in DEFAULT_PALETTE if c.slot == slot)
                if (label or default) != current.get(slot):
                    ok, _colour = self._write(
                        "rename the colour", lambda s=slot, lab=label: self.store.rename_colour(s, lab)  # type: ignore[union-attr]
                    )
                    changed = changed or ok
            if changed:
                self.reload_palette()
                self.paletteChanged.emit()

        dialog.accepted.connect(save)
        dialog.finished.connect(lambda _result: setattr(self, "rename_dialog", None))
        self.rename_dialog = dialog
        dialog.open()
        return dialog

    # -- context menu ----------------------------------------------------------------------------

    def context_menu(self, tab: ArticleTab, pos: QPoint) -> QMenu:
        """The menu for a right-click at viewport point ``pos`` (built here, shown by the caller).

        On a selection: Highlight as ▸, Add note…, Copy. On a highlight: Change colour ▸,
        Edit note, Tags…, Delete highlight. Always: Note on this article…, Rename colours…
        """
        view = tab.view
        menu = QMenu(view)
        menu.setToolTipsVisible(True)
        enabled = view.highlights_enabled and self.available
        has_selection = view.textCursor().hasSelection()
        if has_selection:
            sub = menu.addMenu("Highlight as")
            sub.setToolTipsVisible(True)
            sub.setEnabled(enabled)
            for colour in self._palette:
                action = sub.addAction(swatch_icon(colour.rgb), f"{colour.label}\t{colour.slot}")
                action.triggered.connect(lambda _c=False, s=colour.slot: self.highlight_selection(tab, s))
            if not view.highlights_enabled:
                sub.menuAction().setToolTip(ORIGINAL_MODE_TIP)
            note = menu.addAction("Add note…")
            note.setEnabled(enabled)
            if not view.highlights_enabled:
                note.setToolTip(ORIGINAL_MODE_TIP)
            note.triggered.connect(lambda _c=False: self.note_on_selection(tab))
            copy = menu.addAction("Copy")
            copy.triggered.connect(view.copy)
        keys = view.highlights_at(view.offset_at(pos)) if view.highlights_enabled else []
        if keys:
            uuid = keys[0]
            found = self.store.get(uuid) if self.store is not None else None
            if found is not None and found.anchor is not None:
                if has_selection:
                    menu.addSeparator()
                title = menu.addAction(quote_preview(found.anchor.quote, 40))
                title.setEnabled(False)
                sub = menu.addMenu("Change colour")
                for colour in self._palette:
                    action = sub.addAction(swatch_icon(colour.rgb), colour.label)
                    action.setCheckable(True)
                    action.setChecked(colour.slot == found.colour)
                    action.triggered.connect(lambda _c=False, s=colour.slot, u=uuid: self.set_colour(u, s))
                edit = menu.addAction("Edit note")
                edit.triggered.connect(lambda _c=False, u=uuid: self.editRequested.emit(u, "note"))
                tags = menu.addAction("Tags…")
                tags.triggered.connect(lambda _c=False, u=uuid: self.editRequested.emit(u, "tags"))
                delete = menu.addAction("Delete highlight")
                delete.triggered.connect(lambda _c=False, u=uuid: self.delete(u))
                self._add_carry_entry(menu, tab, uuid)
        menu.addSeparator()
        article = menu.addAction("Note on this article…")
        article.setEnabled(self.available)
        article.triggered.connect(lambda _c=False: self.add_article_note(tab.document))
        rename = menu.addAction("Rename colours…")
        rename.setEnabled(self.available)
        rename.triggered.connect(lambda _c=False: self.open_rename_dialog())
        return menu

    def _add_carry_entry(self, menu: QMenu, tab: ArticleTab, uuid: str) -> None:
        """"Carry to the Arabic version" on a highlight in the side-by-side view."""
        group = self.side_by_side_of(tab)
        if group is None:
            return
        other = group.other(tab).document
        action = menu.addAction(f"Carry to {version_name(other.language)}")
        action.setEnabled(self.available and group.aligned_pair() is not None)
        action.setToolTip(
            "A lighter, linked copy of this highlight on the aligned paragraphs of the other side"
            if group.aligned_pair() is not None else CARRY_WAIT
        )
        action.triggered.connect(lambda _c=False, u=uuid: self.carry(tab, u))

    def _show_menu(self, tab: ArticleTab, pos: QPoint) -> None:
        menu = self.context_menu(tab, pos)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(tab.view.viewport().mapToGlobal(pos))
