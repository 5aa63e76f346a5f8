"""Room for the text (issue 14, item 4): focus mode, panels that collapse fully and come back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.ui.windows import active_window, make_window, module_profile

shared_home, profile = module_profile("focus")


@pytest.fixture()
def window(qtbot):
    window = active_window(qtbot)
    window.open_article(window.sidebar.ordered_documents()[0])
    return window


def test_f11_shows_only_the_text_and_brings_the_panels_back(window, qtbot):
    tab = window.tabs.current_tab()
    width_before = tab.view.width()
    qtbot.keyClick(tab.view, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: not window.sidebar.isVisible(), timeout=2000)
    assert not window.side_tabs.isVisible()
    assert window.focus_action.isChecked()
    qtbot.waitUntil(lambda: tab.view.width() > width_before + 500, timeout=2000)
    assert tab.view.hasFocus()
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(tab.view, Qt.Key.Key_F, ctrl_shift)
    qtbot.waitUntil(lambda: window.sidebar.isVisible() and window.side_tabs.isVisible(), timeout=2000)
    assert not window.focus_action.isChecked()


def test_a_panel_closed_before_focus_mode_stays_closed_after_it(window, qtbot):
    window.sidebar_action.trigger()
    assert not window.sidebar.isVisible() and not window.sidebar_action.isChecked()
    window.set_focus_mode(True)
    window.set_focus_mode(False)
    assert not window.sidebar.isVisible() and window.side_tabs.isVisible()
    window.sidebar_action.trigger()
    assert window.sidebar.isVisible() and window.sidebar_action.isChecked()


def test_ctrl_k_in_focus_mode_ends_it_and_lands_in_the_search_field(window, qtbot):
    window.set_focus_mode(True)
    qtbot.keyClick(window.tabs.current_tab().view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.search.search_field.hasFocus(), timeout=2000)
    assert not window.in_focus_mode() and window.side_tabs.isVisible()


def test_a_panel_dragged_shut_is_reopened_from_the_view_menu(window, qtbot):
    sizes = window.splitter.sizes()
    window.splitter.setSizes([0, sizes[0] + sizes[1], sizes[2]])  # what dragging to the edge does
    window._sync_panel_actions()
    assert window.splitter.sizes()[0] == 0 and not window.sidebar_action.isChecked()
    window.sidebar_action.trigger()
    assert window.splitter.sizes()[0] > 200
    assert window.sidebar_action.isChecked()


def test_the_reading_pane_cannot_be_dragged_away(window):
    assert not window.splitter.isCollapsible(1)
    assert window.splitter.isCollapsible(0) and window.splitter.isCollapsible(2)


def test_closed_panels_stay_closed_after_a_restart(window, qtbot):
    window.side_panel_action.trigger()
    assert not window.side_tabs.isVisible()
    window.close()
    again = make_window(qtbot, None)
    try:
        assert not again.side_tabs.isVisible() and again.sidebar.isVisible()
        assert not again.side_panel_action.isChecked()
    finally:
        again.side_panel_action.trigger()
        assert again.side_tabs.isVisible()
        again.close()
