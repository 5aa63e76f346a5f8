"""Saved searches in the app: save with Ctrl+Shift+S, list, run with Enter or a double-click, the
new-hit badge after a re-scan, delete with the Delete key and a confirmation."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from reader.store import saved_searches as ss
from reader.ui.main_window import MainWindow
from reader.ui.saved_searches_panel import NewCountRole, SavedSearchesPanel, SavedSearchModel, TotalRole
from tests.conftest import CORPUS
from tests.ui.windows import make_window
from tests.unit.test_saved_searches import NEW_ARTICLE

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
AR_NAME = "حزب الله بالإنكليزية"


@pytest.fixture(autouse=True)
def no_recovery_box(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(MainWindow, "show_recovery_dialog", False)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


def activate(qtbot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)  # shortcuts reach the active window only


def type_search(qtbot, window: MainWindow, text: str) -> None:
    field = window.search.search_field
    field.setFocus()
    field.clear()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.search.current_response() is not None, timeout=5000)


def type_text(widget: QWidget, text: str) -> None:
    """Key presses carrying ``text`` one character at a time (QTest.keyClicks aborts on non-ASCII)."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def save_with_keys(qtbot, window: MainWindow, name: str) -> None:
    activate(qtbot, window)
    qtbot.keyClick(window.search.search_field, Qt.Key.Key_S, CTRL_SHIFT)
    panel = window.saved_searches
    qtbot.waitUntil(lambda: panel.dialog is not None and panel.dialog.isVisible(), timeout=2000)
    dialog = panel.dialog
    qtbot.waitUntil(dialog.name_edit.hasFocus, timeout=2000)  # the name is typed at once
    dialog.name_edit.selectAll()
    type_text(dialog.name_edit, name)
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.dialog is None, timeout=2000)


def rows(panel: SavedSearchesPanel) -> list[str]:
    return [panel.model.index(r, 0).data() for r in range(panel.model.rowCount())]


def row_text(panel: SavedSearchesPanel, row: int, role: int) -> str:
    return str(panel.model.index(row, 0).data(role))


def test_save_list_badge_run_by_keyboard_and_delete(qtbot, corpus: Path) -> None:
    window = make_window(qtbot, corpus)
    panel = window.saved_searches
    assert [window.side_tabs.tabText(i) for i in range(window.side_tabs.count())][-1] == "Saved"
    assert rows(panel) == []

    # Save: options and query travel; the name is typed in Arabic.
    window.search.language_combo.setCurrentIndex(window.search.language_combo.findData("en"))
    type_search(qtbot, window, "Hezbollah")
    total = window.search.current_response().total
    assert total > 1
    save_with_keys(qtbot, window, AR_NAME)
    assert rows(panel) == [AR_NAME]
    saved = panel.current()
    assert saved.query == "Hezbollah" and saved.lang == "en" and saved.viewed_at is not None
    assert panel.model.index(0, 0).data(TotalRole) == total
    assert panel.model.index(0, 0).data(NewCountRole) == 0
    assert window.statusBar().currentMessage() == f"Saved the search “\u2068{AR_NAME}\u2069”"

    # A name already taken is refused in the dialog, in words, and nothing is added.
    save_with_keys_refused = panel.save_current()
    assert save_with_keys_refused is not None
    save_with_keys_refused.name_edit.setText("حزب  الله بالانكليزية")  # same name, other spelling
    save_with_keys_refused.buttons.button(save_with_keys_refused.buttons.StandardButton.Save).click()
    assert save_with_keys_refused.error_label.isVisible()
    assert "already exists" in save_with_keys_refused.error_label.text()
    save_with_keys_refused.reject()
    assert rows(panel) == [AR_NAME]

    # A new article arrives; after the re-scan (F5) the badge says 1 new.
    (corpus / "zz_new_article.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: panel.model.index(0, 0).data(NewCountRole) == 1, timeout=10_000)
    assert panel.model.index(0, 0).data(TotalRole) == total + 1
    assert "1 new since last viewed" in row_text(panel, 0, Qt.ItemDataRole.ToolTipRole)
    assert "1 new" in row_text(panel, 0, Qt.ItemDataRole.AccessibleTextRole)

    # Go → Saved Searches by keyboard, then Enter runs it in the Search tab and marks it seen.
    window.search.clear()
    window.search.language_combo.setCurrentIndex(window.search.language_combo.findData("all"))
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_L, CTRL_SHIFT)
    assert window.side_tabs.currentWidget() is panel and panel.list.hasFocus()
    qtbot.keyClick(panel.list, Qt.Key.Key_Return)
    assert window.side_tabs.currentIndex() == 0
    assert window.search.query() == "Hezbollah"
    assert window.search.language_combo.currentData() == "en"
    qtbot.waitUntil(lambda: window.search.current_response() is not None
                    and window.search.current_response().total == total + 1, timeout=5000)
    assert window.statusBar().currentMessage() == f"1 new hit since last viewed in “\u2068{AR_NAME}\u2069”"
    assert panel.model.index(0, 0).data(NewCountRole) == 0
    stored = ss.find(window.store, corpus, AR_NAME)
    assert len(stored.seen) == total + 1

    # Delete key asks first; No keeps it, Yes removes it.
    panel.reveal()
    qtbot.keyClick(panel.list, Qt.Key.Key_Delete)
    box = panel.confirm_box
    assert box is not None and AR_NAME in box.text()
    box.button(QMessageBox.StandardButton.No).click()
    assert rows(panel) == [AR_NAME]
    qtbot.keyClick(panel.list, Qt.Key.Key_Delete)
    panel.confirm_box.button(QMessageBox.StandardButton.Yes).click()
    assert rows(panel) == []
    assert ss.list_saved(window.store, corpus) == []


def test_double_click_runs_and_buttons_follow_the_selection(qtbot, corpus: Path) -> None:
    window = make_window(qtbot, corpus)
    panel = window.saved_searches
    ss.add(window.store, corpus, "Dated Iraq", "Iraq", date_from="2020", date_to="2020-06", sort="date",
           exact=True)
    ss.add(window.store, corpus, "<b>not bold</b>", "drone")
    panel.reload()
    assert rows(panel) == ["<b>not bold</b>", "Dated Iraq"]
    assert "&lt;b&gt;" in row_text(panel, 0, Qt.ItemDataRole.ToolTipRole)  # plain text, never markup
    panel.reveal()
    assert not panel.delete_button.isEnabled() or panel.list.currentIndex().isValid()
    index = panel.model.index(1, 0)
    rect = panel.list.visualRect(index)
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.run_button.isEnabled() and panel.delete_button.isEnabled()
    qtbot.mouseDClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.search.query() == "Iraq"
    state = window.search.state()
    assert (state["date_from"], state["date_to"]) == ("2020", "2020-06")
    assert state["sort"] == "date" and state["exact"] is True
    assert ss.find(window.store, corpus, "Dated Iraq").viewed_at is not None

    # Right-click: Run and Delete… on the row, Save Current Search… anywhere.
    menu = panel.context_menu(panel.model.index(0, 0))
    assert [a.text() for a in menu.actions() if a.text()] == ["&Run", "&Delete…", "&Save Current Search…"]
    menu.actions()[0].trigger()
    assert window.search.query() == "drone"


def test_the_model_is_a_well_behaved_qt_model(qtbot, qtmodeltester, tmp_path: Path) -> None:
    from reader.store.db import open_store

    with open_store(tmp_path / "a.sqlite3", auto_backup=False) as store:
        ss.add(store, tmp_path, "one", "Iraq")
        ss.add(store, tmp_path, "اثنان", "العراق")
        model = SavedSearchModel()
        model.set_items(ss.list_saved(store, tmp_path))
        model.set_counts({s.id: (3, 1) for s in ss.list_saved(store, tmp_path)})
        qtmodeltester.check(model)
