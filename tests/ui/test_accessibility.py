"""Every control has a name a screen reader can say, and Tab walks the window in reading order
(issue 14, "Done when": accessibility)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QWidget

from tests.ui.windows import make_window, module_profile

shared_home, profile = module_profile("a11y")


def spoken_name(widget: QWidget) -> str:
    """What a screen reader says: the accessible name, else a button's text or a field's hint."""
    if widget.accessibleName():
        return widget.accessibleName()
    if isinstance(widget, QAbstractButton):
        return widget.text().replace("&", "")
    if isinstance(widget, QLineEdit):
        return widget.placeholderText()
    return ""


def reachable(widget: QWidget) -> bool:
    return widget.isVisible() and widget.isEnabled() and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)


@pytest.fixture()
def window(qtbot):
    window = make_window(qtbot)
    window.open_article(window.sidebar.ordered_documents()[0])
    window.show_concordance()
    return window


def test_every_control_the_keyboard_reaches_has_a_name(window):
    unnamed = [f"{type(w).__name__} in {type(w.parent()).__name__}"
               for w in window.findChildren(QWidget) if reachable(w) and not spoken_name(w).strip()]
    assert unnamed == []


def test_tab_walks_list_article_then_side_panel_and_comes_round(window):
    start = window.sidebar.tree
    order: list[QWidget] = [start]
    widget = start.nextInFocusChain()
    for _ in range(500):
        if widget is start:
            break
        if reachable(widget):
            order.append(widget)
        widget = widget.nextInFocusChain()
    else:
        pytest.fail("the focus chain never comes back to the article list")
    tab = window.tabs.current_tab()
    key = [window.sidebar.tree, window.tabs.tabBar(), tab.header.edit_button, tab.view,
           window.side_tabs.tabBar(), window.search.search_field]
    positions = [order.index(w) for w in key]
    assert positions == sorted(positions), "the list, the article's tabs, header and text, then search"
    assert tab.view.accessibleName().startswith("Article text: ")
