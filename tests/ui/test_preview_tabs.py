"""Tabs that do not multiply (issue 14, item 9): a preview tab reused until the reader keeps it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.ui.windows import make_window, module_profile

shared_home, profile = module_profile("preview")


@pytest.fixture()
def window(qtbot):
    window = make_window(qtbot)
    while window.tabs.count():
        window.tabs.close_tab(0)
    return window


def click_article(qtbot, window, doc_id: str, double: bool = False) -> None:
    tree = window.sidebar.tree
    assert window.sidebar.select_document(doc_id)
    rect = tree.visualRect(tree.currentIndex())
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    if double:  # the second press of a double click, as Qt delivers it
        qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def highlight_start(qtbot, window, length: int, key: Qt.Key) -> None:
    """Select the first ``length`` characters of the current article and press a colour key."""
    view = window.tabs.current_tab().view
    cursor = view.textCursor()
    cursor.setPosition(0)
    cursor.setPosition(length, cursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    qtbot.keyClick(view, key)


def shown(window) -> list[str]:
    return [tab.document.id for tab in window.tabs.tabs()]


def test_clicking_through_the_list_reuses_one_preview_tab(window, qtbot):
    a, b, c = window.sidebar.ordered_documents()[:3]
    click_article(qtbot, window, a)
    assert shown(window) == [a] and window.tabs.is_preview(window.tabs.current_tab())
    click_article(qtbot, window, b)
    click_article(qtbot, window, c)
    assert shown(window) == [c], "one tab, showing the last article clicked"
    assert "Preview" in window.tabs.tabToolTip(0)


def test_double_clicking_the_tab_keeps_it(window, qtbot):
    a, b = window.sidebar.ordered_documents()[:2]
    click_article(qtbot, window, a)
    bar = window.tabs.tabBar()
    qtbot.mouseDClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(0).center())
    assert not window.tabs.is_preview(window.tabs.current_tab())
    click_article(qtbot, window, b)
    assert shown(window) == [a, b]


def test_double_clicking_an_article_opens_it_for_good(window, qtbot):
    a, b = window.sidebar.ordered_documents()[:2]
    click_article(qtbot, window, a, double=True)
    assert window.tabs.preview_tab() is None
    click_article(qtbot, window, b)
    assert shown(window) == [a, b] and window.tabs.is_preview(window.tabs.tabs()[1])


def test_highlighting_in_the_preview_keeps_it_and_the_next_article_gets_the_preview(window, qtbot):
    a, b = window.sidebar.ordered_documents()[:2]
    click_article(qtbot, window, a)
    highlight_start(qtbot, window, 12, Qt.Key.Key_2)
    assert window.annotations.annotations_for(a), "the highlight was made"
    assert window.tabs.preview_tab() is None
    click_article(qtbot, window, b)
    assert shown(window) == [a, b]


def test_the_preview_tab_draws_the_new_articles_highlights(window, qtbot):
    a, b = window.sidebar.ordered_documents()[:2]
    click_article(qtbot, window, b, double=True)
    highlight_start(qtbot, window, 10, Qt.Key.Key_3)
    window.tabs.close_tab(0)
    click_article(qtbot, window, a)
    click_article(qtbot, window, b)
    assert shown(window) == [b]
    assert window.tabs.current_tab().view.highlights(), "b's highlight is drawn in the reused tab"


def test_search_results_open_in_the_preview_tab(window, qtbot):
    window.search.search_field.setText("Hezbollah")
    qtbot.waitUntil(lambda: window.search.current_response() is not None, timeout=10_000)
    hits = window.search.current_response().hits[:3]
    for hit in hits:
        window.search.resultActivated.emit(hit.id, hit.matches)
    assert shown(window) == [hits[-1].id]


def test_tabs_keep_a_readable_width_and_scroll(window, qtbot):
    for doc_id in window.sidebar.ordered_documents()[:14]:
        window.open_article(doc_id)
    bar = window.tabs.tabBar()
    readable = bar.fontMetrics().averageCharWidth() * 14
    assert all(bar.tabRect(i).width() >= readable for i in range(bar.count()))
    assert window.tabs.usesScrollButtons()
