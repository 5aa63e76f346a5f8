"""Help → Keyboard Shortcuts: every key the app answers to, read from the live menus.

Why from the menus: a hand-kept list goes stale the day a shortcut changes. Menu actions give their
own keys; the few keys that belong to a widget (1–8 on a selection, F3 in an article) are listed
here once, next to the code that documents them.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

#: Keys handled inside a widget rather than by a menu action: (what, keys, where).
WIDGET_KEYS: tuple[tuple[str, str, str], ...] = (
    ("Highlight the selection in colour 1–8", "1 … 8", "Reading pane, with text selected"),
    ("Find in the article", "Ctrl+F", "Reading pane"),
    ("Next / previous match", "F3 / Shift+F3", "Reading pane"),
    ("Close the find bar", "Esc", "Find bar"),
    ("Open the selected article", "Enter", "Article list, search results"),
    ("Delete the selected note or saved search", "Delete", "Notes, Saved"),
)


def menu_shortcuts(menus: Iterable[QMenu]) -> list[tuple[str, str, str]]:
    """(what, keys, menu path) for every action with a shortcut, in menu order."""
    rows: list[tuple[str, str, str]] = []

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            if action.isSeparator():
                continue
            label = _label(action)
            if action.menu() is not None:
                walk(action.menu(), f"{path} → {label}")
                continue
            keys = _keys(action)
            if keys:
                rows.append((label, keys, path))

    for menu in menus:
        walk(menu, _label(menu.menuAction()))
    return rows


def _label(action: QAction) -> str:
    """The action's words as shown, without the mnemonic '&' or a tab-separated key hint."""
    return action.text().split("\t", 1)[0].replace("&&", "\0").replace("&", "").replace("\0", "&")


def _keys(action: QAction) -> str:
    own = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts() if not k.isEmpty()]
    if own:
        return " or ".join(own)
    # A key shown in the shortcut column only ("…\tCtrl+F"): the widget under it handles the key.
    text = action.text()
    return text.split("\t", 1)[1] if "\t" in text else ""


class ShortcutsDialog(QDialog):
    """A searchable table: type "note" to see every key that has to do with notes."""

    def __init__(self, menus: Iterable[QMenu], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(720, 560)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter shortcuts (e.g. note, search, Ctrl+Shift)")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("Filter shortcuts")
        self.table = QTableWidget(0, 3)
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setHorizontalHeaderLabels(["Action", "Keys", "Where"])
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.setAlternatingRowColors(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.rows = [*menu_shortcuts(menus), *WIDGET_KEYS]
        for what, keys, where in self.rows:
            row = self.table.rowCount()
            self.table.insertRow(row)
            for column, text in enumerate((what, keys, where)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.filter.textChanged.connect(self._apply_filter)
        self.filter.setFocus(Qt.FocusReason.OtherFocusReason)

    def _apply_filter(self, text: str) -> None:
        needle = text.casefold().strip()
        for row, values in enumerate(self.rows):
            self.table.setRowHidden(row, bool(needle) and needle not in " ".join(values).casefold())

    def visible_rows(self) -> list[tuple[str, str, str]]:
        return [values for row, values in enumerate(self.rows) if not self.table.isRowHidden(row)]
