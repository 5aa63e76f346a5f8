"""Working without a mouse (issue 14, item 3): focus keys, stepping through articles, the key list."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.windows import active_window, module_profile

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


shared_home, profile = module_profile("keyboard")


@pytest.fixture()
def window(qtbot):
    window = active_window(qtbot)
    return window


def _press(qtbot, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    target = QApplication.focusWidget()
    assert target is not None
    qtbot.keyClick(target, key, modifiers)


def _focus_is_in(widget) -> bool:
    focus = QApplication.focusWidget()
    return focus is not None and (focus is widget or widget.isAncestorOf(focus))


def test_ctrl_1_to_4_reach_the_list_the_text_the_search_and_the_notes(window, qtbot):
    window.tabs.setFocus()
    _press(qtbot, Qt.Key.Key_1, CTRL)
    qtbot.waitUntil(lambda: window.sidebar.tree.hasFocus(), timeout=2000)
    _press(qtbot, Qt.Key.Key_Down)  # from the first article of the list to the second
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.tabs.current_tab() is not None, timeout=2000)
    assert window.tabs.current_tab().document.id == window.sidebar.ordered_documents()[1]
    _press(qtbot, Qt.Key.Key_3, CTRL)
    qtbot.waitUntil(lambda: window.search.search_field.hasFocus(), timeout=2000)
    _press(qtbot, Qt.Key.Key_2, CTRL)
    qtbot.waitUntil(lambda: window.tabs.current_tab().view.hasFocus(), timeout=2000)
    _press(qtbot, Qt.Key.Key_4, CTRL)
    qtbot.waitUntil(lambda: _focus_is_in(window.notes), timeout=2000)
    assert window.side_tabs.currentWidget() is window.notes


def test_alt_down_and_up_step_through_the_list_in_one_tab_without_leaving_the_text(window, qtbot):
    order = window.sidebar.ordered_documents()
    assert len(order) == 29, "the canonical articles of the bundled corpus, duplicates left out"
    window.open_article(order[0])
    tabs_before = window.tabs.count()
    window.tabs.current_tab().view.setFocus()
    _press(qtbot, Qt.Key.Key_Down, ALT)
    tab = window.tabs.current_tab()
    assert tab.document.id == order[1]
    assert window.tabs.count() == tabs_before, "the same tab shows the next article"
    assert tab.view.hasFocus()
    assert window.sidebar.current_document() == order[1]
    assert window.tabs.tabText(window.tabs.currentIndex()) != ""
    _press(qtbot, Qt.Key.Key_Down, ALT)
    _press(qtbot, Qt.Key.Key_Up, ALT)
    assert window.tabs.current_tab().document.id == order[1]


def test_alt_up_on_the_first_article_says_so(window, qtbot):
    first = window.sidebar.ordered_documents()[0]
    window.open_article(first)
    window.tabs.current_tab().view.setFocus()
    _press(qtbot, Qt.Key.Key_Up, ALT)
    assert window.tabs.current_tab().document.id == first
    assert "first article" in window.statusBar().currentMessage()


def test_the_list_order_follows_the_sort_button(window):
    newest_first = window.sidebar.ordered_documents()
    window.sidebar.set_newest_first(not window.sidebar.model.newest_first())
    try:
        flipped = window.sidebar.ordered_documents()
        assert sorted(flipped) == sorted(newest_first) and flipped != newest_first
    finally:
        window.sidebar.set_newest_first(not window.sidebar.model.newest_first())


def test_menus_show_keys_in_the_shortcut_column_not_in_labels(window):
    for top in window.menuBar().actions():
        for action in top.menu().actions():
            words = action.text().split("\t", 1)[0]
            assert "Ctrl+" not in words and "(F3)" not in words, words


def test_help_lists_every_shortcut_and_filters_them(window, qtbot):
    _press_target = window.tabs
    _press_target.setFocus()
    qtbot.keyClick(_press_target, Qt.Key.Key_Slash, CTRL)
    qtbot.waitUntil(lambda: getattr(window, "shortcuts_dialog", None) is not None, timeout=2000)
    dialog = window.shortcuts_dialog
    rows = {what: keys for what, keys, _where in dialog.rows}
    assert rows["Next Article"] == "Alt+Down"
    assert rows["Find in Article…"] == "Ctrl+F"
    assert rows["Search Corpus"] == "Ctrl+K or Ctrl+3"
    assert "1 … 8" in rows.values()
    qtbot.keyClicks(dialog.filter, "article")
    shown = dialog.visible_rows()
    assert shown and all("article" in " ".join(row).casefold() for row in shown)
    assert len(shown) < len(dialog.rows)
    dialog.close()
