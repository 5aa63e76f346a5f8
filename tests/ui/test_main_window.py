"""The whole window as a user meets it: bundled corpus, search, reading, remembered state."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextBlockFormat

from reader.ui.settings import AppSettings
from tests.conftest import CORPUS
from tests.ui.windows import make_window, module_profile

shared_home, profile = module_profile("window")


def test_opens_on_the_bundled_corpus_with_search_ready(qtbot):
    window = make_window(qtbot)
    assert window.corpus is not None and window.corpus.root == CORPUS.resolve()
    assert "29 articles" in window.count_label.text()
    assert window.index_handle is not None
    assert not window.progress.isVisible()
    assert window.windowTitle().startswith("corpus")


def test_typing_taji_finds_articles_and_opening_one_highlights_the_matches(qtbot):
    window = make_window(qtbot)
    field = window.search.search_field
    qtbot.keyClicks(field, "Taji")
    qtbot.waitUntil(lambda: window.search.current_response() is not None, timeout=5000)
    response = window.search.current_response()
    assert response.total > 0
    hit = response.hits[0]
    window.search.resultActivated.emit(hit.id, hit.matches)
    tab = window.tabs.current_tab()
    assert tab is not None and tab.document.id == hit.id
    text = tab.document.text
    shown = tab.view.matches()
    assert shown, "matches are highlighted"
    assert sorted(shown) == sorted(tuple(m) for m in hit.matches)
    for start, end in shown:
        word = text[start:end]
        assert "taji" in word.casefold() or "تاجي" in word, "Taji in either script (alias group)"


def test_the_list_follows_an_article_opened_from_the_results_once_it_is_painted(qtbot):
    from reader.ui.chrono_model import DocIdRole

    window = make_window(qtbot)
    window.search.set_query("Hezbollah")
    qtbot.waitUntil(lambda: (r := window.search.current_response()) is not None and r.total > 2, timeout=5000)
    first, second = window.search.current_response().hits[:2]
    window.search.resultActivated.emit(first.id, first.matches)
    assert window.tabs.current_tab().document.id == first.id
    assert window.sidebar.current_document() == first.id
    qtbot.waitUntil(lambda: window.sidebar.tree.currentIndex().data(DocIdRole) == first.id, timeout=3000)

    # Two opened before the page could paint: the list ends on the last one, never on the first.
    window.search.resultActivated.emit(first.id, first.matches)
    window.search.resultActivated.emit(second.id, second.matches)
    qtbot.waitUntil(lambda: window.sidebar.tree.currentIndex().data(DocIdRole) == second.id, timeout=3000)
    qtbot.wait(300)
    assert window.sidebar.tree.currentIndex().data(DocIdRole) == second.id
    assert window.sidebar.current_document() == second.id


def test_direction_of_paragraph_blocks(qtbot):
    window = make_window(qtbot)
    arabic = next(d for d in window.corpus.documents if d.title.startswith("«حفلة الجنون»"))
    english = window.corpus.get("000_6e14188510fd6a63#01")
    cases = ((arabic, Qt.LayoutDirection.RightToLeft), (english, Qt.LayoutDirection.LeftToRight))
    for doc, expected in cases:
        assert window.open_article(doc.id)
        block = window.tabs.current_tab().view.document().firstBlock()
        directions = set()
        while block.isValid():
            if block.text().strip():
                fmt: QTextBlockFormat = block.blockFormat()
                directions.add(fmt.layoutDirection())
            block = block.next()
        assert directions == {expected}


def test_ctrl_k_focuses_search(qtbot):
    window = make_window(qtbot)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    window.tabs.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.search.search_field.hasFocus(), timeout=2000)


def test_timeline_follows_a_search(qtbot):
    window = make_window(qtbot)
    qtbot.keyClicks(window.search.search_field, "Taji")
    qtbot.waitUntil(lambda: window.search.current_response() is not None, timeout=5000)
    by_month = window.search.current_response().by_month
    assert by_month
    assert window.sidebar.timeline.highlight() == by_month


def test_state_survives_a_restart(qtbot):
    window = make_window(qtbot)
    while window.tabs.count():
        window.tabs.close_tab(0)
    english = window.corpus.get("004_bfcb01144a6473e3#01")
    arabic = next(d for d in window.corpus.documents if d.title.startswith("«حفلة الجنون»"))
    window.open_article(english.id)
    window.open_article(arabic.id)
    window.set_theme("dark")
    window.zoom_in()
    window.tabs.setCurrentIndex(0)
    tab = window.tabs.current_tab()
    tab.view.scroll_to_offset(len(english.text) // 2)
    offset = tab.view.top_offset()
    assert offset > 0
    window.close()

    again = make_window(qtbot, corpus=None)
    assert again.corpus.root == CORPUS.resolve(), "the last corpus opens by default"
    assert again.tabs.open_ids() == [english.id, arabic.id]
    assert again.tabs.current_tab().document.id == english.id
    qtbot.waitUntil(lambda: abs(again.tabs.current_tab().view.top_offset() - offset) < 200, timeout=3000)
    assert again.tabs.zoom_steps == 1
    assert AppSettings().get_str("view/theme") == "dark"
    assert again.theme_actions["dark"].isChecked()
    again.set_theme("light")
    again.reset_zoom()


def test_status_bar_counts_read_as_english(qtbot):
    window = make_window(qtbot)
    assert window.count_label.text() == "29 articles (+1 duplicate)"


def test_a_rebuilt_index_is_said_once_not_forever(qtbot):
    window = make_window(qtbot)
    handle = window.index_handle
    handle.rebuilt, handle.reason = True, "The index was damaged."
    window._indexed(handle)
    assert "rebuilt" in window.statusBar().currentMessage()
    assert "rebuilt" not in window.index_label.text()


def test_the_article_list_says_scanning_until_the_corpus_is_read(qtbot):
    from reader.ui.app import create_application
    from reader.ui.main_window import MainWindow
    from reader.ui.sidebar import NO_MATCH_TEXT
    from reader.ui.tasks import TaskRunner

    create_application()
    window = MainWindow(CORPUS, runner=TaskRunner())  # a real background scan
    qtbot.addWidget(window)
    assert window.sidebar.tree.empty_text == "Scanning corpus…"
    qtbot.waitUntil(lambda: window.corpus is not None, timeout=60_000)
    assert window.sidebar.tree.empty_text == NO_MATCH_TEXT
    window.runner.wait(30_000)
    window.close()


def test_search_hits_come_back_with_the_article_after_a_restart(qtbot):
    window = make_window(qtbot)
    window.search.search_field.setText("Taji")
    answered = lambda w: (r := w.search.current_response()) is not None and r.total > 0  # noqa: E731
    qtbot.waitUntil(lambda: answered(window), timeout=5000)
    hit = window.search.current_response().hits[0]
    window.search.resultActivated.emit(hit.id, hit.matches)
    assert window.tabs.current_tab().view.matches()
    window.close()
    again = make_window(qtbot, None)
    qtbot.waitUntil(lambda: answered(again), timeout=5000)
    tab = again.tabs.tab_for(hit.id)
    assert tab is not None
    qtbot.waitUntil(lambda: sorted(tab.view.matches()) == sorted(tuple(m) for m in hit.matches), timeout=3000)
    again.search.search_field.clear()
    again.close()


def test_the_bundled_corpus_is_called_the_sample_corpus(qtbot):
    window = make_window(qtbot)
    assert window.corpus_label.text() == "Sample corpus"
