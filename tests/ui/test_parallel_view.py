"""The side-by-side view as a bilingual reader uses it: open a pair, scroll, compare, annotate.

The real window runs on a throwaway profile with a synchronous task runner (see
tests/ui/test_main_window.py). "Level" is checked the way a reader sees it: after scrolling one
side to a paragraph, the other side's aligned paragraph is the first visible block, or its top is
within one line of the viewport's top.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QMouseEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QLabel

from reader.ingest.model import DateInfo, Document, Paragraph
from reader.ui.app import create_application
from reader.ui.colours import band_background
from reader.ui.main_window import MainWindow
from reader.ui.pair_dialog import PairDialog
from reader.ui.parallel_view import ASYNC_PARAGRAPHS, ParallelTab, counterpart_matches
from reader.ui.reading.marks import HIGHLIGHT_KEY_PROPERTY
from reader.ui.reading.tab import ArticleTab
from reader.ui.reading.view import ArticleView
from reader.ui.tasks import TaskRunner
from tests.ui.windows import make_window, module_profile

EN_000, AR_000 = "000_6e14188510fd6a63#01", "000_6e14188510fd6a63-ar#01"
AR_16, EN_16 = "001_ff668e2db0ba1b04#16", "001_ff668e2db0ba1b04-16-en#01"
PAIRS = [(EN_000, AR_000), (EN_16, AR_16)]


shared_home, profile = module_profile("parallel")


def close_all(window: MainWindow) -> None:
    while window.tabs.count():
        window.tabs.close_tab(0)


def open_pair(qtbot, window: MainWindow, a: str, b: str) -> ParallelTab:
    close_all(window)
    tab = window.open_side_by_side(a, b)
    assert isinstance(tab, ParallelTab)
    assert window.tabs.currentWidget() is tab
    qtbot.waitUntil(lambda: tab.left.view.isVisible() and tab.right.view.isVisible(), timeout=3000)
    qtbot.wait(20)  # let the panes take their final size
    assert tab.alignment() is not None
    return tab


def line_height(view: ArticleView, cp: int) -> float:
    block = view.document().findBlock(view.qt_position(cp))
    height = block.blockFormat().lineHeight()
    return height if height > 0 else block.layout().lineAt(0).height()


def assert_at_top(pane: ArticleTab, paragraph: int) -> None:
    """The paragraph is the first visible block, or its top is within one line of the top."""
    view, para = pane.view, pane.document.paragraphs[paragraph]
    top = view.top_offset()
    first_visible = para.start <= top < para.end
    distance = abs(view.block_top(para.start) - view.scroll_y())
    assert first_visible or distance <= line_height(view, para.start), (
        f"paragraph {paragraph} is {distance:.0f}px from the top (first visible offset {top})"
    )


def scrollable_to(pane: ArticleTab, paragraph: int) -> bool:
    """Whether the pane can bring ``paragraph`` to the top (not within the last screen)."""
    view = pane.view
    limit = view.content_height() - view.viewport().height()
    return view.block_top(pane.document.paragraphs[paragraph].start) < limit - 10


def block_point(pane: ArticleTab, paragraph: int) -> QPoint:
    """A viewport point inside the first line of ``paragraph`` (which must be visible)."""
    view = pane.view
    y = view.block_top(pane.document.paragraphs[paragraph].start) - view.scroll_y() + 8
    return QPoint(view.viewport().width() // 2, round(y))


def select(view: ArticleView, start: int, end: int) -> None:
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.qt_position(start))
    cursor.setPosition(view.qt_end_position(end), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    assert view.selection_offsets() == (start, end)


# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("a", "b"), PAIRS)
def test_a_declared_pair_opens_english_left_arabic_right(qtbot, a, b):
    window = make_window(qtbot)
    tab = open_pair(qtbot, window, b, a)  # asked for Arabic first: English still goes left
    left, right = tab.documents
    assert (left.id, right.id) == (a, b)
    assert tab.left.header.title_label.text() == left.title
    assert tab.right.header.title_label.text() == right.title
    assert "⇄" in window.tabs.tabText(window.tabs.indexOf(tab))
    ltr, rtl = Qt.LayoutDirection.LeftToRight, Qt.LayoutDirection.RightToLeft
    for pane, expected in ((tab.left, ltr), (tab.right, rtl)):
        block = pane.view.document().firstBlock()
        directions = set()
        while block.isValid():
            if block.text().strip():
                directions.add(block.blockFormat().layoutDirection())
            block = block.next()
        assert directions == {expected}
    assert tab.right.header.layoutDirection() == Qt.LayoutDirection.RightToLeft
    # The reader works in the article asked for; the notes panel lists its notes.
    assert window.tabs.current_tab() is tab.right
    assert window.notes.document is not None and window.notes.document.id == b
    # Both headers end at the same height, so both texts start level.
    assert tab.left.view.mapTo(tab, QPoint(0, 0)).y() == tab.right.view.mapTo(tab, QPoint(0, 0)).y()
    # Every paragraph of both sides is in exactly one group, in order.
    beads = tab.alignment()
    assert [i for ga, _ in beads for i in ga] == list(range(len(left.paragraphs)))
    assert [j for _, gb in beads for j in gb] == list(range(len(right.paragraphs)))
    # Opening the same pair again shows the tab instead of a second one.
    assert window.open_side_by_side(a, b) is tab and len(window.tabs.groups()) == 1


def test_header_menu_offers_the_declared_pair_and_suggestions(qtbot):
    window = make_window(qtbot)
    close_all(window)
    assert window.open_article(EN_000)
    header = window.tabs.current_tab().header
    assert header.side_by_side_button.isVisibleTo(header)
    menu = header.side_by_side_menu
    menu.aboutToShow.emit()
    texts = [action.text() for action in menu.actions()]
    assert any(t.startswith("With ") and "هجمات" in t for t in texts), texts
    # Its translation is declared; the rest of the corpus has nothing close to it.
    assert "No likely counterpart in this corpus; closest:" in texts and "Choose an article…" in texts
    assert all("likely" not in t for t in texts if t.endswith(")"))
    pair_action = next(action for action in menu.actions() if action.text().startswith("With "))
    assert "declared" in pair_action.toolTip().lower()
    pair_action.trigger()
    tab = window.tabs.currentWidget()
    assert isinstance(tab, ParallelTab)
    assert {d.id for d in tab.documents} == {EN_000, AR_000}
    assert not tab.left.header.side_by_side_button.isVisibleTo(tab.left.header)
    choose = next(action for action in menu.actions() if action.text() == "Choose an article…")
    choose.trigger()
    assert isinstance(window.pair_dialog, PairDialog) and window.pair_dialog.doc.id == EN_000
    window.pair_dialog.close()


@pytest.mark.parametrize(("a", "b"), PAIRS)
def test_scrolling_the_left_pane_brings_the_counterpart_to_the_top(qtbot, a, b):
    window = make_window(qtbot)
    tab = open_pair(qtbot, window, a, b)
    left, right = tab.left, tab.right
    checked = 0
    for k in range(1, len(left.document.paragraphs)):
        counterpart = tab.counterpart(left, k)
        group = tab.group_at(left, k)
        # The first paragraph of its group, with a counterpart the right pane can scroll to.
        if not counterpart or tab.alignment()[group][0][0] != k or not scrollable_to(right, counterpart[0]):
            continue
        left.view.scroll_to_offset(left.document.paragraphs[k].start)
        assert_at_top(left, k)
        assert_at_top(right, counterpart[0])
        checked += 1
    assert checked >= 4


@pytest.mark.parametrize(("a", "b"), PAIRS)
def test_scrolling_the_right_pane_syncs_the_left_one(qtbot, a, b):
    window = make_window(qtbot)
    tab = open_pair(qtbot, window, a, b)
    left, right = tab.left, tab.right
    checked = 0
    for k in range(1, len(right.document.paragraphs)):
        counterpart = tab.counterpart(right, k)
        group = tab.group_at(right, k)
        if not counterpart or tab.alignment()[group][1][0] != k or not scrollable_to(left, counterpart[0]):
            continue
        right.view.scroll_to_offset(right.document.paragraphs[k].start)
        assert_at_top(right, k)
        assert_at_top(left, counterpart[0])
        checked += 1
    assert checked >= 3


def test_mid_paragraph_scrolling_moves_the_other_side_smoothly_and_without_feedback(qtbot):
    window = make_window(qtbot)
    tab = open_pair(qtbot, window, EN_000, AR_000)
    left, right = tab.left, tab.right
    start = left.view.block_top(left.document.paragraphs[5].start)
    positions = []
    for step in range(0, 200, 20):
        left.view.verticalScrollBar().setValue(round(start) + step)
        positions.append(right.view.scroll_y())
        # The follower's own scroll signal did not move the leader back.
        assert left.view.scroll_y() == round(start) + step
    assert positions == sorted(positions) and len(set(positions)) > 5


def test_clicking_a_paragraph_marks_its_counterpart(qtbot):
    window = make_window(qtbot)
    tab = open_pair(qtbot, window, EN_000, AR_000)
    left, right = tab.left, tab.right
    k = next(i for i, (ga, gb) in enumerate(tab.alignment()) if len(ga) == 2 and gb)
    ga, gb = tab.alignment()[k]
    left.view.scroll_to_offset(left.document.paragraphs[ga[0]].start)
    qtbot.mouseClick(left.view.viewport(), Qt.MouseButton.LeftButton, pos=block_point(left, ga[0]))
    ar = right.document.paragraphs
    en = left.document.paragraphs
    assert right.view.band() == [(ar[gb[0]].start, ar[gb[-1]].end)]
    assert left.view.band() == [(en[ga[0]].start, en[ga[-1]].end)]  # the two paragraphs as one band
    assert "⇄" in tab.status_label.text()
    # The band is on screen, under the counterpart's lines, in the theme's band colour.
    rects = right.view.band_rects()
    assert len(rects) == 1
    rect = rects[0]
    image = right.view.viewport().grab().toImage()
    probe = QPoint(round(rect.left()) + 3, round(max(rect.top(), 0) + rect.height() / 2))
    probe.setY(min(probe.y(), right.view.viewport().height() - 2))
    expected = band_background(right.view.theme)
    assert image.pixelColor(probe).name() == expected.name()
    outside = QPoint(probe.x(), round(rect.top()) - 4) if rect.top() > 8 else QPoint(2, 2)
    assert image.pixelColor(outside) != QColor(expected)
    # A second click on the marked paragraph unmarks it.
    qtbot.mouseClick(left.view.viewport(), Qt.MouseButton.LeftButton, pos=block_point(left, ga[0]))
    assert right.view.band() == [] and left.view.band() == []


def test_hovering_marks_the_counterpart_until_the_mouse_leaves(qtbot):
    window = make_window(qtbot)
    tab = open_pair(qtbot, window, EN_16, AR_16)
    left, right = tab.left, tab.right
    right.view.scroll_to_offset(right.document.paragraphs[2].start)
    point = block_point(right, 2)
    move = QMouseEvent(
        QEvent.Type.MouseMove, QPointF(point), right.view.viewport().mapToGlobal(QPointF(point)),
        Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(right.view.viewport(), move)
    counterpart = tab.counterpart(right, 2)
    en = left.document.paragraphs
    assert counterpart and left.view.band() == [(en[counterpart[0]].start, en[counterpart[-1]].end)]
    QApplication.sendEvent(right.view.viewport(), QEvent(QEvent.Type.Leave))
    assert left.view.band() == [] and right.view.band() == []


def test_sync_off_stops_following_and_on_brings_it_back(qtbot):
    window = make_window(qtbot)
    tab = open_pair(qtbot, window, EN_000, AR_000)
    left, right = tab.left, tab.right
    assert tab.sync_button.isChecked() and tab.sync_enabled
    tab.sync_button.click()
    assert not tab.sync_enabled
    before = right.view.scroll_y()
    left.view.scroll_to_offset(left.document.paragraphs[9].start)
    assert left.view.scroll_y() > before + 100
    assert right.view.scroll_y() == before
    # With sync off, a click still brings the counterpart level with the clicked paragraph.
    qtbot.mouseClick(left.view.viewport(), Qt.MouseButton.LeftButton, pos=block_point(left, 9))
    assert right.view.scroll_y() != before
    tab.sync_button.click()
    assert tab.sync_enabled
    assert_at_top(right, tab.counterpart(left, 9)[0])


def test_swap_sides(qtbot):
    window = make_window(qtbot)
    tab = open_pair(qtbot, window, EN_000, AR_000)
    before = tab.alignment()
    tab.right.view.scroll_to_offset(tab.right.document.paragraphs[6].start)
    tab.swap_button.click()
    assert (tab.left.document.id, tab.right.document.id) == (AR_000, EN_000)
    assert tab.splitter.widget(0) is tab.left and tab.splitter.widget(1) is tab.right
    assert tab.alignment() == [(b, a) for a, b in before]
    assert window.tabs.tabText(window.tabs.indexOf(tab)).index("⇄") > 0
    assert "هجمات" in window.tabs.tabText(window.tabs.indexOf(tab)).split("⇄")[0]
    # Sync follows the new sides.
    left, right = tab.left, tab.right
    k = next(
        i for i in range(8, 20)
        if tab.counterpart(left, i) and tab.alignment()[tab.group_at(left, i)][0][0] == i
    )
    left.view.scroll_to_offset(left.document.paragraphs[k].start)
    assert_at_top(right, tab.counterpart(left, k)[0])


def test_key_2_in_the_right_pane_highlights_the_right_article(qtbot):
    window = make_window(qtbot)
    tab = open_pair(qtbot, window, EN_000, AR_000)
    right = tab.right
    doc = right.document
    word = "الولايات المتحدة"
    start = doc.text.index(word)
    end = start + len(word)
    right.view.scroll_to_offset(start)
    right.view.setFocus()
    qtbot.waitUntil(lambda: tab.focused_pane() is right, timeout=2000)
    assert window.tabs.current_tab() is right
    assert window.notes.document is not None and window.notes.document.id == AR_000
    select(right.view, start, end)
    qtbot.keyClick(right.view, Qt.Key.Key_2)
    made = [
        a for a in window.store.for_document(AR_000)
        if a.anchor is not None and (a.anchor.start, a.anchor.end) == (start, end)
    ]
    assert len(made) == 1 and made[0].colour == 2 and made[0].anchor.quote == word
    key = made[0].uuid
    drawn = [s for s in right.view.extraSelections() if s.format.property(HIGHLIGHT_KEY_PROPERTY) == key]
    assert len(drawn) == 1
    assert (drawn[0].cursor.selectionStart(), drawn[0].cursor.selectionEnd()) == (
        right.view.qt_position(start), right.view.qt_end_position(end),
    )
    assert not any(
        s.format.property(HIGHLIGHT_KEY_PROPERTY) == made[0].uuid for s in tab.left.view.extraSelections()
    )
    # "This article" in the notes panel lists it; focusing the left pane switches the list.
    window.notes.refresh()
    assert made[0].uuid in [a.uuid for a in window.notes.article_model.annotations()]
    tab.focus_pane(tab.left)
    assert window.notes.document.id == EN_000
    # The same highlight shows in the article's own tab too.
    window.open_article(AR_000)
    single = window.tabs.tab_for(AR_000)
    assert any(s.format.property(HIGHLIGHT_KEY_PROPERTY) == key for s in single.view.extraSelections())
    window.store.delete(made[0].uuid)


def test_context_menu_in_a_pane_offers_highlighting(qtbot):
    window = make_window(qtbot)
    tab = open_pair(qtbot, window, EN_16, AR_16)
    left = tab.left
    start = left.document.text.index("Camp Taji")
    select(left.view, start, start + len("Camp Taji"))
    menu = window.annotations.context_menu(left, QPoint(10, 10))
    titles = [a.text() for a in menu.actions()]
    assert "Add note…" in titles and "Note on this article…" in titles
    highlight = next(a for a in menu.actions() if a.text() == "Highlight as")
    highlight.menu().actions()[0].trigger()
    made = [
        a for a in window.store.for_document(EN_16) if a.anchor is not None and a.anchor.quote == "Camp Taji"
    ]
    assert len(made) == 1
    window.store.delete(made[0].uuid)


def test_search_hits_go_to_the_pane_of_their_article_and_names_to_the_other(qtbot):
    window = make_window(qtbot)
    tab = open_pair(qtbot, window, EN_16, AR_16)
    text = tab.left.document.text
    spans = [(i, i + len("Taji")) for i in range(len(text)) if text.startswith("Taji", i)]
    assert spans
    window.search.resultActivated.emit(EN_16, spans)
    assert window.tabs.currentWidget() is tab, "no new tab: the hits go to the open pane"
    assert sorted(tab.left.view.matches()) == sorted(spans)
    expected = counterpart_matches(window.aliases(), text, spans, tab.right.document.text)
    assert expected, "the alias table knows Taji in Arabic"
    assert sorted(tab.right.view.matches()) == sorted(expected)
    assert all("تاجي" in tab.right.document.text[s:e] for s, e in tab.right.view.matches())
    assert tab.focused_pane() is tab.left


def test_pair_dialog_lists_suggestions_with_reasons_and_saves_pairs(qtbot):
    window = make_window(qtbot)
    close_all(window)
    window.open_article(EN_000)
    dialog = window.open_pair_dialog()
    assert isinstance(dialog, PairDialog)
    ids = dialog.suggestion_ids()
    assert ids[0] == AR_000
    assert "declared as its translation" in dialog.reasons_of(AR_000)
    assert any("shares" in dialog.reasons_of(i) for i in ids[1:]), "reasons in words for suggestions"
    assert dialog.selected_id() == AR_000 and not dialog.save_button.isEnabled()
    # Save another suggestion as a pair: it persists in the store.
    other = ids[1]
    assert dialog.select(other)
    assert dialog.save_button.isEnabled() and not dialog.remove_button.isEnabled()
    dialog.save_button.click()
    assert any({p.doc_a, p.doc_b} == {EN_000, other} for p in window.store.pairs("user"))
    assert window.pair_states(EN_000)[other] == "user"
    assert dialog.remove_button.isEnabled()
    dialog.remove_button.click()
    assert not any({p.doc_a, p.doc_b} == {EN_000, other} for p in window.store.pairs())
    # Dismiss a suggestion: it is not suggested again.
    third = dialog.suggestion_ids()[2]
    assert dialog.select(third)
    dialog.dismiss_button.click()
    assert any({p.doc_a, p.doc_b} == {EN_000, third} for p in window.store.pairs("dismissed"))
    assert third not in dialog.suggestion_ids()
    assert third not in [s.doc_id for s in window.suggestions_for(EN_000)]
    assert dialog.remove_button.text() == "Undo dismissal"
    dialog.remove_button.click()
    assert third in dialog.suggestion_ids()
    # Any article can be chosen from the filtered list.
    dialog.filter_edit.setText("party of madness")
    assert dialog.article_ids() == [EN_16] or EN_16 in dialog.article_ids()
    assert dialog.select(EN_16) and dialog.selected_id() == EN_16
    dialog.open_button.click()
    tab = window.tabs.currentWidget()
    assert isinstance(tab, ParallelTab) and {d.id for d in tab.documents} == {EN_000, EN_16}
    assert window.pair_dialog is None or not window.pair_dialog.isVisible()


def test_a_user_pair_is_offered_in_the_header_menu(qtbot):
    window = make_window(qtbot)
    close_all(window)
    window.store.add_pair(EN_000, EN_16, "user")
    try:
        window.open_article(EN_000)
        menu = window.tabs.current_tab().header.side_by_side_menu
        menu.aboutToShow.emit()
        with_actions = [a for a in menu.actions() if a.text().startswith("With ")]
        assert len(with_actions) == 2
        assert any("paired by you" in a.toolTip().lower() for a in with_actions)
    finally:
        window.store.remove_pair(EN_000, EN_16)


def test_side_by_side_tabs_are_restored_after_a_restart(qtbot):
    window = make_window(qtbot)
    close_all(window)
    window.open_article(EN_16)
    tab = window.open_side_by_side(EN_000, AR_000)
    qtbot.wait(20)
    tab.swap()
    left = tab.left
    left.view.scroll_to_offset(left.document.paragraphs[8].start)
    offset = left.view.top_offset()
    right_offset = tab.right.view.top_offset()
    window.close()

    again = make_window(qtbot, corpus=None)
    groups = again.tabs.groups()
    assert len(groups) == 1 and isinstance(groups[0], ParallelTab)
    restored = groups[0]
    assert [d.id for d in restored.documents] == [AR_000, EN_000], "the order the reader left"
    assert again.tabs.open_ids() == [EN_16]
    assert again.tabs.currentWidget() is restored
    assert restored.sync_enabled
    qtbot.waitUntil(lambda: abs(restored.left.view.top_offset() - offset) < 60, timeout=3000)
    qtbot.waitUntil(lambda: abs(restored.right.view.top_offset() - right_offset) < 200, timeout=3000)
    close_all(again)


def _doc(doc_id: str, texts: list[str], language: str) -> Document:
    paragraphs = []
    pos = 0
    direction = "rtl" if language == "ar" else "ltr"
    for text in texts:
        paragraphs.append(Paragraph(text, pos, language, direction))  # type: ignore[arg-type]
        pos += len(text) + 2
    joined = "\n\n".join(texts)
    return Document(
        id=doc_id, source=f"{doc_id}.txt", segment=1, title=doc_id, byline=None, outlet=None,
        date=DateInfo("2020-03-14", "day", "header", ""), language=language,  # type: ignore[arg-type]
        paragraphs=tuple(paragraphs), original=joined, source_span=(0, len(joined)),
    )


def test_long_articles_are_aligned_off_the_gui_thread(qtbot):
    create_application()
    n = ASYNC_PARAGRAPHS // 2 + 20
    english = _doc("long-en#01", [f"Paragraph {i} says {i * 7} things about Mosul. " * (1 + i % 3)
                                  for i in range(n)], "en")
    arabic = _doc("long-ar#01", [f"الفقرة {i} تقول {i * 7} أشياء عن الموصل. " * (1 + i % 3)
                                 for i in range(n)], "ar")
    runner = TaskRunner()
    tab = ParallelTab(english, arabic, runner=runner)
    qtbot.addWidget(tab)
    tab.resize(1000, 700)
    tab.show()
    assert tab.alignment() is None and "Aligning" in tab.status_label.text()
    with qtbot.waitSignal(tab.alignmentChanged, timeout=30_000):
        pass
    beads = tab.alignment()
    assert beads is not None and len(beads) == n
    assert beads[10] == ((10,), (10,))
    runner.wait()


def test_side_by_side_menu_fills_in_place_when_suggestions_arrive(qtbot):
    """The menu said "Finding suggestions…" until it was closed and opened again (issue 14, item 7)."""
    from PySide6.QtCore import QPoint

    from reader.ui.app import create_application
    from reader.ui.main_window import MainWindow
    from reader.ui.tasks import TaskRunner
    from tests.conftest import CORPUS

    create_application()
    window = MainWindow(CORPUS, runner=TaskRunner())  # real threads: suggestions take a while
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.index_handle is not None and bool(window._docs), timeout=60_000)
    english = next(d for d in window._docs.values() if d.language == "en" and not d.duplicate_of)
    window.open_article(english.id)
    header = window.tabs.current_tab().header
    menu = header._side_menu
    menu.popup(QPoint(200, 200))
    header._fill_side_menu()
    texts = lambda: [a.text() for a in menu.actions()]  # noqa: E731
    assert "Finding suggestions…" in texts()
    qtbot.waitUntil(lambda: "Finding suggestions…" not in texts(), timeout=30_000)
    assert menu.isVisible() and "Choose an article…" in texts()
    menu.close()
    window.close()


def test_side_by_side_headers_fold_to_one_line_in_the_text_and_open_at_the_top(qtbot):
    """Issue 14, item 4: two half-width headers took a third of the height while reading."""
    window = make_window(qtbot)
    close_all(window)
    tab = open_pair(qtbot, window, EN_000, AR_000)
    headers = [pane.header for pane in tab.panes()]
    tab.left.view.verticalScrollBar().setValue(0)  # the pair may reopen where it was last read
    qtbot.waitUntil(lambda: not any(h.folded for h in headers), timeout=2000)
    qtbot.wait(50)
    tall = [h.height() for h in headers]
    assert min(tall) > 150
    tab.left.view.verticalScrollBar().setValue(400)
    qtbot.waitUntil(lambda: all(h.folded for h in headers), timeout=2000)
    qtbot.wait(200)  # the layouts settle
    shrunk = lambda: all(h.height() < t * 0.6 for h, t in zip(headers, tall, strict=True))  # noqa: E731
    qtbot.waitUntil(shrunk, timeout=2000)
    assert abs(headers[0].height() - headers[1].height()) <= 1, "the two texts still start level"
    assert headers[1].folded_label.text().startswith("هجمات 30")
    assert headers[1].folded_label.isVisible() and not headers[1].title_label.isVisible()
    tab.right.view.verticalScrollBar().setValue(0)  # either pane, back at the top, opens both
    qtbot.waitUntil(lambda: not any(h.folded for h in headers), timeout=2000)
    assert headers[0].title_label.isVisible() and headers[0].edit_button.isVisible()


def test_a_narrow_header_names_the_file_not_pieces_of_its_path(qtbot):
    from reader.ui.reading.header import ElidedLabel

    label = ElidedLabel()
    qtbot.addWidget(label)
    full = "scrapes/2020/januari/al-akhbar/000_6e14188510fd6a63-ar.txt, article 1"
    label.setText(full, ["000_6e14188510fd6a63-ar.txt, article 1"])
    label.resize(label.fontMetrics().horizontalAdvance("000_6e14188510fd6a63-ar.txt, article 1") + 12, 20)
    label.show()
    label.setText(full, ["000_6e14188510fd6a63-ar.txt, article 1"])
    assert QLabel.text(label) == "000_6e14188510fd6a63-ar.txt, article 1"
    assert label.text() == full and full in label.toolTip()
