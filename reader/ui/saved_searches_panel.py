"""The Saved searches panel: the corpus's saved searches, their new hits, run and delete them.

Why it is built this way (a thin layer over :mod:`reader.store.saved_searches`):

* **Running drives the search panel, never a second result list.** A saved search is run by
  putting its query and options into the search panel through its public
  :meth:`~reader.ui.search_panel.SearchPanel.restore_state` (the timeline's month filter is lifted
  first, so the saved search shows all of its hits), so the hits look and behave exactly like a
  typed search. The panel then marks the hits seen: a background search of the same query for
  *every* hit id, not just the first screenful the search panel shows.
* **Counts follow the index.** After every (re-)index the window hands over the new handle and the
  panel recounts each saved search's hits off the GUI thread; the badge says how many are new
  since it was last viewed. A stale count (an older handle, another corpus) is dropped.
* **Plain text only.** Names and queries are the researcher's text: painted with ``QTextLayout``,
  each in its own direction (an Arabic name right-to-left and right-aligned), tooltips escaped,
  the dialogs' labels in ``PlainText`` format.
* **Mouse and keyboard alike.** Double-click or Enter runs; Delete (or the Delete… button) asks
  first; Ctrl+Shift+S ("Save Search…" in the window's Edit menu) or the Save button names the
  current search.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QMessageBox,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from reader.store.db import StoreError
from reader.text.script import direction_of
from reader.ui.colours import mix
from reader.ui.lists import PlaceholderList
from reader.ui.messages import plain_tooltip
from reader.ui.notes_panel import _arabic_font, _lay_out, _scaled, written_label
from reader.ui.tasks import Task, TaskRunner

if TYPE_CHECKING:  # saved_searches is imported where it is used: it brings the scanner, not needed to start
    from reader.store import saved_searches as ss
    from reader.store.annotations import Store
    from reader.ui.search_panel import SearchPanel

log = logging.getLogger(__name__)

_USER = int(Qt.ItemDataRole.UserRole)
SavedRole = _USER + 1
NewCountRole = _USER + 2  # int, or None while not counted / never viewed
TotalRole = _USER + 3
_NO_INDEX = QModelIndex()
_PAD_X = 10
_PAD_Y = 6
_GAP = 2
EMPTY_TEXT = (
    "No saved searches yet.\n\nSearch (Ctrl+K), then Save Search… (Ctrl+Shift+S) to keep the query "
    "and its options under a name. After a re-scan, each one shows how many new articles match."
)
NO_STORE_TEXT = "Your notes file could not be opened, so searches cannot be saved."
READ_ONLY_TIP = "Your notes file is read-only (saved by a newer Corpus Reader): searches cannot be saved."


class SavedSearchModel(QAbstractListModel):
    """The saved searches of one corpus, with their hit counts (set when counted)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[ss.SavedSearch] = []
        self._counts: dict[int, tuple[int, int]] = {}  # id -> (total, new)

    def set_items(self, items: list[ss.SavedSearch]) -> None:
        self.beginResetModel()
        self._items = list(items)
        keep = {s.id for s in items}
        self._counts = {k: v for k, v in self._counts.items() if k in keep}
        self.endResetModel()

    def items(self) -> list[ss.SavedSearch]:
        return list(self._items)

    def saved(self, row: int) -> ss.SavedSearch | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def row_of(self, saved_id: int) -> int:
        return next((i for i, s in enumerate(self._items) if s.id == saved_id), -1)

    def set_counts(self, counts: dict[int, tuple[int, int]]) -> None:
        self._counts = dict(counts)
        if self._items:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._items) - 1, 0))

    def update(self, saved: ss.SavedSearch, count: tuple[int, int] | None = None) -> None:
        row = self.row_of(saved.id)
        if row < 0:
            return
        self._items[row] = saved
        if count is not None:
            self._counts[saved.id] = count
        index = self.index(row, 0)
        self.dataChanged.emit(index, index)

    def count_of(self, saved_id: int) -> tuple[int, int] | None:
        return self._counts.get(saved_id)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _NO_INDEX) -> int:
        return 0 if parent.isValid() else len(self._items)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        s = self._items[index.row()]
        count = self._counts.get(s.id)
        new = count[1] if count is not None and s.viewed_at else None
        if role == Qt.ItemDataRole.DisplayRole:
            return s.name
        if role == SavedRole:
            return s
        if role == NewCountRole:
            return new
        if role == TotalRole:
            return count[0] if count is not None else None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            parts = [s.name, f"query {s.query}" if s.query else "no query"]
            if count is not None:
                parts.append(f"{count[0]} hits")
            if new:
                parts.append(f"{new} new")
            return ", ".join(parts)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(_describe(s, count))
        return None


def _describe(s: ss.SavedSearch, count: tuple[int, int] | None) -> str:
    lines = [s.name, f"Query: {s.query or '(none)'}"]
    if s.options_text():
        lines.append(f"Options: {s.options_text()}")
    if count is not None:
        lines.append(f"{count[0]} matching article{'s' if count[0] != 1 else ''}")
        if s.viewed_at:
            lines.append(f"{count[1]} new since last viewed ({written_label(s.viewed_at)})")
    if not s.viewed_at:
        lines.append("Not viewed yet")
    lines.append("Enter or double-click: run · Delete: remove")
    return "\n".join(lines)


def _iso(text: str) -> str:
    """``text`` as a directional isolate: an Arabic name inside an English sentence keeps the
    sentence's order (without it, "“<Arabic>”: 1 new" comes out as "1 :”<Arabic>“")."""
    return f"\u2068{text}\u2069" if text else ""


def _badge_text(new: int | None) -> str:
    return f"{new} new" if new else ""


class SavedSearchDelegate(QStyledItemDelegate):
    """A row: the name (bold, own direction) with a "N new" badge, the query, then hits and options."""

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self._view = view

    def _pieces(self, opt: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex,
                text: QColor, muted: QColor) -> list[tuple[str, QFont, QColor, bool, int]]:
        base = QFont(opt.font)
        bold = QFont(base)
        bold.setBold(True)
        small = _scaled(base, 0.88)
        s: ss.SavedSearch = index.data(SavedRole)
        name_rtl = direction_of(s.name) == "rtl"
        pieces = [(s.name, _arabic_font(bold) if name_rtl else bold, text, name_rtl, 2)]
        query = " ".join(s.query.split())
        if query:
            rtl = direction_of(query) == "rtl"
            pieces.append((query, _arabic_font(base) if rtl else base, mix(text, muted, 0.3), rtl, 2))
        meta = []
        total = index.data(TotalRole)
        if total is not None:
            meta.append(f"{total} hit{'s' if total != 1 else ''}")
        if s.options_text():
            meta.append(s.options_text())
        if not s.viewed_at:
            meta.append("not viewed yet")
        if meta:
            pieces.append((" · ".join(meta), small, muted, False, 1))
        return pieces

    def _badge_width(self, opt: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> int:
        label = _badge_text(index.data(NewCountRole))
        if not label:
            return 0
        font = _scaled(opt.font, 0.88)
        font.setBold(True)
        return QFontMetrics(font).horizontalAdvance(label) + 14

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        width = max(120, self._view.viewport().width())
        if index.data(SavedRole) is None:
            return QSize(width, 24)
        inner = width - 2 * _PAD_X
        pieces = self._pieces(option, index, QColor(), QColor())
        total = 2.0 * _PAD_Y + _GAP * (len(pieces) - 1)
        for i, (value, font, _colour, rtl, lines) in enumerate(pieces):
            room = inner - (self._badge_width(option, index) + 10 if i == 0 else 0)
            total += _lay_out(value, font, room, rtl, lines)[1]
        return QSize(width, int(total + 1.999))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else None
        painter.save()
        try:
            if style is not None:
                style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, widget)
            selected = bool(opt.state & QStyle.StateFlag.State_Selected)
            group = (QPalette.ColorGroup.Normal if opt.state & QStyle.StateFlag.State_Active
                     else QPalette.ColorGroup.Inactive)
            text = opt.palette.color(group, QPalette.ColorRole.HighlightedText if selected
                                     else QPalette.ColorRole.Text)
            back = opt.palette.color(group, QPalette.ColorRole.Highlight if selected
                                     else QPalette.ColorRole.Base)
            muted = mix(text, back, 0.42)
            rect = opt.rect
            left = rect.left() + _PAD_X
            inner = rect.width() - 2 * _PAD_X
            badge_w = self._badge_width(opt, index)
            y = float(rect.top() + _PAD_Y)
            for i, (value, font, colour, rtl, lines) in enumerate(self._pieces(opt, index, text, muted)):
                room = inner - (badge_w + 10 if i == 0 and badge_w else 0)
                layout, height = _lay_out(value, font, room, rtl, lines)
                painter.setPen(colour)
                layout.draw(painter, QPointF(left, y))
                if i == 0 and badge_w:
                    self._paint_badge(painter, opt, index, QRectF(rect.right() - _PAD_X - badge_w, y,
                                                                  badge_w, min(height, 22.0)), selected)
                y += height + _GAP
            painter.setPen(mix(text, back, 0.86))
            painter.drawLine(rect.left() + _PAD_X, rect.bottom(), rect.right() - _PAD_X, rect.bottom())
        finally:
            painter.restore()

    def _paint_badge(self, painter: QPainter, opt: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex, box: QRectF, selected: bool) -> None:
        font = _scaled(opt.font, 0.88)
        font.setBold(True)
        fill = opt.palette.color(QPalette.ColorRole.Link)
        if selected:
            fill = opt.palette.color(QPalette.ColorRole.HighlightedText)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(box, box.height() / 2, box.height() / 2)
        ink = opt.palette.color(QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Base)
        painter.setPen(ink)
        painter.setFont(font)
        painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), _badge_text(index.data(NewCountRole)))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)


class SavedSearchList(PlaceholderList):
    """The list: Enter runs the current saved search, Delete asks to remove it; says so when empty."""

    runPressed = Signal(QModelIndex)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(EMPTY_TEXT, parent)
        self.setUniformItemSizes(False)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setAccessibleName("Saved searches")
        self.delegate = SavedSearchDelegate(self)
        self.setItemDelegate(self.delegate)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        if index.isValid() and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.runPressed.emit(index)
            event.accept()
            return
        super().keyPressEvent(event)


class SaveSearchDialog(QDialog):
    """Asks for a name for the current search; refuses (inline, in words) a name that cannot be used."""

    def __init__(self, draft: ss.SavedSearch, taken: Any, parent: QWidget | None = None) -> None:
        from reader.store import saved_searches as ss

        super().__init__(parent)
        self.setWindowTitle("Save Search")
        self._draft = draft
        self._taken = taken  # name -> existing SavedSearch or None
        what = QLabel(self)
        what.setTextFormat(Qt.TextFormat.PlainText)
        what.setWordWrap(True)
        summary = f"Query: {draft.query or '(none)'}"
        if draft.options_text():
            summary += f"\nOptions: {draft.options_text()}"
        what.setText(summary)
        self.summary_label = what
        prompt = QLabel("&Name:", self)
        self.name_edit = QLineEdit(self)
        self.name_edit.setAccessibleName("Name of the saved search")
        self.name_edit.setMaxLength(ss.MAX_NAME)
        self.name_edit.setText(" ".join(draft.query.split())[: ss.MAX_NAME] or "Saved search")
        self.name_edit.selectAll()
        self.name_edit.textChanged.connect(self._follow_script)
        self._follow_script(self.name_edit.text())
        prompt.setBuddy(self.name_edit)
        self.error_label = QLabel(self)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #c0392b;")
        self.error_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._try_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(what)
        row = QHBoxLayout()
        row.addWidget(prompt)
        row.addWidget(self.name_edit, 1)
        layout.addLayout(row)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self.name = ""

    def _follow_script(self, text: str) -> None:
        rtl = direction_of(text) == "rtl"
        direction = Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
        self.name_edit.setLayoutDirection(direction)

    def _try_accept(self) -> None:
        from reader.store import saved_searches as ss

        try:
            name = ss.clean_name(self.name_edit.text())
        except ss.SavedSearchError as exc:
            self.show_error(str(exc))
            return
        existing = self._taken(name)
        if existing is not None:
            self.show_error(
                f"A saved search named “{_iso(existing.name)}” already exists; choose another name."
            )
            return
        self.name = name
        self.accept()

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()
        self.name_edit.setFocus()
        self.name_edit.selectAll()


class SavedSearchesPanel(QWidget):
    """The saved searches of the open corpus: list with new-hit badges, Save / Run / Delete.

    Signals: ``searchRun(name)`` after a saved search was put into the search panel (the window
    shows the Search tab); ``message(text)`` for the status bar.
    """

    searchRun = Signal(str)
    message = Signal(str)

    def __init__(self, store: Store | None, search: SearchPanel, runner: TaskRunner | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.search = search
        self.runner = runner if runner is not None else TaskRunner(self)
        self.root: Path | None = None
        self.handle: Any = None
        self._generation = 0
        self._count_task: Task | None = None
        self.dialog: SaveSearchDialog | None = None
        self.confirm_box: QMessageBox | None = None

        self.model = SavedSearchModel(self)
        self.list = SavedSearchList(self)
        self.list.setModel(self.model)
        self.list.doubleClicked.connect(self._run_index)
        self.list.runPressed.connect(self._run_index)
        self.list.deletePressed.connect(self._delete_index)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(
            lambda pos: self.context_menu(self.list.indexAt(pos)).popup(self.list.viewport().mapToGlobal(pos))
        )
        self.list.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())
        self.model.modelReset.connect(self._update_buttons)

        self.save_button = QPushButton("&Save Current Search…", self)
        self.save_button.setToolTip(
            "Keep the query and options in the Search tab under a name (Ctrl+Shift+S)"
        )
        self.save_button.clicked.connect(self.save_current)
        self.run_button = QPushButton("&Run", self)
        self.run_button.setToolTip("Show this saved search's hits in the Search tab (Enter, double-click)")
        self.run_button.clicked.connect(lambda: self._run_index(self.list.currentIndex()))
        self.delete_button = QPushButton("&Delete…", self)
        self.delete_button.setToolTip("Remove this saved search (Delete); you are asked first")
        self.delete_button.clicked.connect(lambda: self._delete_index(self.list.currentIndex()))
        self.status_label = QLabel(self)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setWordWrap(True)
        self.status_label.hide()

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.status_label)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.setFocusProxy(self.list)
        if store is None:
            self._say(NO_STORE_TEXT)
        self._update_buttons()

    # ----------------------------------------------------------------- state from the window

    def set_corpus(self, root: Path | None) -> None:
        """Show the saved searches of the corpus at ``root`` (counted when an index arrives)."""
        if root is not None and self.root is not None and Path(root) == self.root:
            self.reload()
            return
        self.root = Path(root) if root is not None else None
        self.handle = None
        self._generation += 1
        self.model.set_items([])
        self.reload()

    def set_index(self, handle: Any) -> None:
        """A new (or updated) index: recount every saved search's hits and new hits off the GUI thread."""
        self.handle = handle
        self.recount()

    def reload(self) -> None:
        """Re-read the list from the store (keeping the selection and known counts)."""
        from reader.store import saved_searches as ss

        if self.store is None or self.root is None:
            self.model.set_items([])
            return
        current = self.current()
        try:
            items = ss.list_saved(self.store, self.root)
        except (StoreError, sqlite3.Error) as exc:
            log.warning("saved searches could not be read: %s", exc)
            self._say(f"Your saved searches could not be read: {exc}")
            items = []
        self.model.set_items(items)
        if current is not None:
            self.select(current.id)

    def recount(self) -> None:
        from reader.store import saved_searches as ss

        handle, items = self.handle, self.model.items()
        if handle is None or not items:
            return
        self._generation += 1
        generation = self._generation
        if self._count_task is not None:
            self._count_task.cancel()

        def work(task: Task, _progress: Any) -> dict[int, tuple[int, int]]:
            out: dict[int, tuple[int, int]] = {}
            for s in items:
                if task.cancelled:
                    break
                result = ss.run(handle, s, show=0)
                out[s.id] = (result.response.total, len(result.new_ids))
            return out

        self._count_task = self.runner.run(
            "saved-counts", work,
            on_result=lambda counts: self._counted(generation, counts),
            on_error=lambda exc, _trace: log.warning("counting saved searches failed: %s", exc),
        )

    def _counted(self, generation: int, counts: dict[int, tuple[int, int]]) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return
        self.model.set_counts(counts)
        new = sum(n for sid, (_t, n) in counts.items()
                  if (s := self._by_id(sid)) is not None and s.viewed_at)
        if new:
            self.message.emit(f"Saved searches: {new} new hit{'s' if new != 1 else ''} since last viewed")

    # ----------------------------------------------------------------- showing

    @staticmethod
    def _show_tab(widget: QWidget) -> None:
        """Bring ``widget`` to the front of the tab widget holding it (if any)."""
        parent = widget.parentWidget()
        while parent is not None and not isinstance(parent, QTabWidget):
            parent = parent.parentWidget()
        if isinstance(parent, QTabWidget) and parent.indexOf(widget) >= 0:
            parent.setCurrentWidget(widget)

    def reveal(self) -> None:
        """Show the panel with the keyboard in its list (Go → Saved Searches)."""
        self._show_tab(self)
        if not self.list.currentIndex().isValid() and self.model.rowCount():
            self.list.setCurrentIndex(self.model.index(0, 0))
        self.list.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # ----------------------------------------------------------------- queries

    def _by_id(self, saved_id: int) -> ss.SavedSearch | None:
        row = self.model.row_of(saved_id)
        return self.model.saved(row)

    def current(self) -> ss.SavedSearch | None:
        index = self.list.currentIndex()
        return self.model.saved(index.row()) if index.isValid() else None

    def select(self, saved_id: int) -> bool:
        row = self.model.row_of(saved_id)
        if row < 0:
            return False
        self.list.setCurrentIndex(self.model.index(row, 0))
        return True

    def names(self) -> list[str]:
        return [s.name for s in self.model.items()]

    def _writable_reason(self) -> str | None:
        if self.store is None:
            return NO_STORE_TEXT
        if self.store.read_only:
            return READ_ONLY_TIP
        if self.root is None:
            return "No corpus is open."
        return None

    def _update_buttons(self) -> None:
        has = self.list.currentIndex().isValid()
        blocked = self._writable_reason()
        self.run_button.setEnabled(has)
        self.delete_button.setEnabled(has and blocked is None)
        self.save_button.setEnabled(blocked is None)
        if blocked:
            self.save_button.setToolTip(blocked)

    def _say(self, text: str) -> None:
        self.status_label.setText(text)
        self.status_label.setVisible(bool(text))

    # ----------------------------------------------------------------- saving

    def save_current(self) -> SaveSearchDialog | None:
        """Ask for a name for the search panel's current query and options (non-modal to the app's loop)."""
        from reader.store import saved_searches as ss

        blocked = self._writable_reason()
        if blocked:
            self.message.emit(blocked)
            return None
        request = self.search.current_request()
        try:
            draft = ss.draft("x", request.text, lang=request.lang, date_from=request.date_from,
                             date_to=request.date_to, exact=request.exact, variants=request.variants,
                             sort=request.sort)
        except ss.SavedSearchError as exc:
            self.message.emit(f"Nothing to save: {exc}")
            return None
        assert self.store is not None and self.root is not None
        store, root = self.store, self.root
        dialog = SaveSearchDialog(draft, lambda name: ss.find(store, root, name), self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._save(draft, dialog.name))
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        dialog.name_edit.setFocus()
        return dialog

    def _save(self, draft: ss.SavedSearch, name: str) -> None:
        """List every hit off the GUI thread, then store the search with them marked seen (only
        later arrivals count as new). Without an index yet it is saved unviewed and counted later."""
        from reader.store import saved_searches as ss

        handle = self.handle
        if handle is None:
            self._store_saved(draft, name, None, None)
            return

        def work(task: Task, _progress: Any) -> tuple[list[str], int]:
            result = ss.run(handle, draft, show=0)
            return result.ids, result.response.total

        def failed(exc: BaseException, _trace: str) -> None:
            log.warning("could not list the hits of the search being saved: %s", exc)
            self._store_saved(draft, name, None, None)

        self.runner.run("saved-save", work, on_result=lambda found: self._store_saved(draft, name, *found),
                        on_error=failed)

    def _store_saved(
        self, draft: ss.SavedSearch, name: str, ids: list[str] | None, total: int | None
    ) -> None:
        from reader.store import saved_searches as ss

        if not shiboken6.isValid(self) or self.store is None or self.root is None:
            return
        try:
            saved = ss.add(self.store, self.root, name, draft.query, seen=ids, **draft.search_options())
        except (ss.SavedSearchError, StoreError, sqlite3.Error) as exc:
            self.message.emit(f"The search was not saved: {exc}")
            return
        self.reload()
        if total is not None:
            self.model.update(saved, (total, 0))
        self.select(saved.id)
        self.message.emit(f"Saved the search “{_iso(saved.name)}”")

    # ----------------------------------------------------------------- running

    def _run_index(self, index: QModelIndex) -> None:
        saved = self.model.saved(index.row()) if index.isValid() else None
        if saved is not None:
            self.run_saved(saved)

    def run_saved(self, saved: ss.SavedSearch) -> None:
        """Show ``saved`` in the search panel and mark every hit it has now as seen."""
        from reader.store import saved_searches as ss

        self.search.set_month_filter(None, notify=True)
        self.search.restore_state({
            "query": saved.query, "exact": saved.exact, "variants": saved.variants,
            "language": saved.lang or "all", "sort": saved.sort,
            "date_from": saved.date_from or "", "date_to": saved.date_to or "",
        })
        self._show_tab(self.search)
        self.search.focus_search()  # Down enters the hits
        self.searchRun.emit(saved.name)
        count = self.model.count_of(saved.id)
        new = count[1] if count is not None and saved.viewed_at else 0
        if new:
            hits = f"{new} new hit{'s' if new != 1 else ''}"
            self.message.emit(f"{hits} since last viewed in “{_iso(saved.name)}”")
        handle, store = self.handle, self.store
        if handle is None or store is None:
            return
        generation = self._generation

        def work(task: Task, _progress: Any) -> ss.RunResult:
            return ss.run(handle, saved, show=0)

        def done(result: ss.RunResult) -> None:
            if not shiboken6.isValid(self) or generation != self._generation or self.store is None:
                return
            try:
                seen = ss.mark_seen(self.store, saved, result.ids)
            except (StoreError, sqlite3.Error) as exc:
                self.message.emit(f"Could not remember which hits you have seen: {exc}")
                return
            self.model.update(seen, (result.response.total, 0))

        self.runner.run("saved-run", work, on_result=done,
                        on_error=lambda exc, _t: log.warning("saved search run failed: %s", exc))

    def context_menu(self, index: QModelIndex) -> QMenu:
        """Run / Delete… for the row under the mouse, and Save Current Search… (right-click)."""
        menu = QMenu(self)
        saved = self.model.saved(index.row()) if index.isValid() else None
        if saved is not None:
            self.list.setCurrentIndex(index)
            menu.addAction("&Run", lambda: self.run_saved(saved))
            delete = menu.addAction("&Delete…", lambda: self.ask_delete(saved))
            delete.setEnabled(self._writable_reason() is None)
            menu.addSeparator()
        save = menu.addAction("&Save Current Search…", self.save_current)
        save.setEnabled(self._writable_reason() is None)
        return menu

    # ----------------------------------------------------------------- deleting

    def _delete_index(self, index: QModelIndex) -> None:
        saved = self.model.saved(index.row()) if index.isValid() else None
        if saved is not None:
            self.ask_delete(saved)

    def ask_delete(self, saved: ss.SavedSearch) -> QMessageBox | None:
        """Ask before removing ``saved`` (Yes removes it; the box is non-blocking)."""
        blocked = self._writable_reason()
        if blocked:
            self.message.emit(blocked)
            return None
        box = QMessageBox(QMessageBox.Icon.Question, "Delete Saved Search",
                          f"Delete the saved search “{_iso(saved.name)}”?\n\n"
                          f"Query: {_iso(saved.query) or '(none)'}",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self.window())
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        yes = box.button(QMessageBox.StandardButton.Yes)

        def finished(_result: int) -> None:
            self.confirm_box = None
            if box.clickedButton() is yes:
                self.delete(saved)

        box.finished.connect(finished)
        self.confirm_box = box
        box.open()
        return box

    def delete(self, saved: ss.SavedSearch) -> bool:
        from reader.store import saved_searches as ss

        if self.store is None or self.root is None:
            return False
        row = self.model.row_of(saved.id)
        try:
            ss.remove(self.store, self.root, saved.uuid)
        except (ss.SavedSearchError, StoreError, sqlite3.Error) as exc:
            self.message.emit(f"The saved search was not deleted: {exc}")
            return False
        self.reload()
        if self.model.rowCount():
            self.list.setCurrentIndex(self.model.index(min(row, self.model.rowCount() - 1), 0))
        self.list.setFocus()
        self.message.emit(f"Deleted the saved search “{_iso(saved.name)}”")
        return True
