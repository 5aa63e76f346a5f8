"""The reading pane: direction and alignment per paragraph, exact highlights across UTF-16
boundaries, find that ignores Arabic vowels, huge single-line articles, plain text only."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFont, QPalette, QTextCursor
from PySide6.QtWidgets import QApplication

from reader.ingest.corpus import build_paragraphs
from reader.ingest.model import DateInfo, Document
from reader.text.find_fold import FoldedText
from reader.text.script import direction_of
from reader.ui.fonts import ARABIC_FAMILIES, reading_font, register_bundled_fonts
from reader.ui.reading.header import ArticleHeader
from reader.ui.reading.labels import date_label
from reader.ui.reading.page import CHUNK_LIMIT, split_for_display
from reader.ui.reading.tab import ArticleTab
from reader.ui.reading.tabs import ReadingTabs
from reader.ui.reading.view import ArticleView
from reader.ui.theme import THEMES, apply_app_palette

ARABIC_TITLE = "«حفلة الجنون»"


def make_doc(
    texts: list[str],
    *,
    doc_id: str = "test#01",
    title: str = "A test article",
    date: DateInfo | None = None,
    original: str | None = None,
) -> Document:
    paragraphs = build_paragraphs(texts)
    joined = "\n\n".join(texts)
    return Document(
        id=doc_id,
        source="tests/test.txt",
        segment=1,
        title=title,
        byline="A. Writer",
        outlet="Test Outlet",
        date=date or DateInfo("2020-03-14", "day", "header", "header line: 14 March 2020"),
        language="en",
        paragraphs=paragraphs,
        original=joined if original is None else original,
        source_span=(0, len(joined)),
    )


@pytest.fixture
def view(qtbot) -> ArticleView:
    widget = ArticleView()
    qtbot.addWidget(widget)
    widget.resize(900, 650)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def arabic_doc(bundled_corpus) -> Document:
    return next(d for d in bundled_corpus.documents if d.title.startswith(ARABIC_TITLE))


def blocks(view: ArticleView):
    block = view.document().begin()
    while block.isValid():
        yield block
        block = block.next()


def column_edges(view: ArticleView) -> tuple[float, float]:
    fmt = view.document().rootFrame().frameFormat()
    return fmt.leftMargin(), view.document().textWidth() - fmt.rightMargin()


def first_line_span(view: ArticleView, block) -> tuple[float, float]:
    """Left and right x of a block's first line, in viewport coordinates."""
    view.document().documentLayout().blockBoundingRect(block)
    layout = block.layout()
    rect = layout.lineAt(0).naturalTextRect()
    x = layout.position().x() - view.horizontalScrollBar().value()
    return x + rect.left(), x + rect.right()


# -- direction and alignment ------------------------------------------------------------------


def test_arabic_article_blocks_are_rtl_and_right_aligned(view, arabic_doc):
    view.show_document(arabic_doc)
    left, right = column_edges(view)
    assert right - left > 300
    seen = 0
    for block in blocks(view):
        assert block.blockFormat().layoutDirection() == Qt.LayoutDirection.RightToLeft
        if not block.text().strip():
            continue
        _, line_right = first_line_span(view, block)
        assert abs(line_right - right) < 2, (block.text()[:40], line_right, right)
        assert line_right > view.viewport().width() / 2
        seen += 1
    assert seen == len(arabic_doc.paragraphs)
    # Short paragraphs (the caption) leave their gap on the left, not the right.
    short = next(b for b in blocks(view) if 0 < len(b.text()) < 80)
    assert first_line_span(view, short)[0] > left + 50


def test_english_blocks_are_ltr_and_left_aligned(view, bundled_corpus):
    doc = bundled_corpus.get("001_ff668e2db0ba1b04#04")
    assert doc is not None and doc.language == "en"
    view.show_document(doc)
    left, _ = column_edges(view)
    for block in blocks(view):
        assert block.blockFormat().layoutDirection() == Qt.LayoutDirection.LeftToRight
        if block.text().strip():
            assert abs(first_line_span(view, block)[0] - left) < 2


def test_afp_arabic_paragraph_is_rtl(view):
    text = "(AFP) قال المتحدث باسم التحالف إن القوات الأميركية ستبقى في قاعدة عين الأسد."
    doc = make_doc(["An English paragraph first.", text])
    assert doc.paragraphs[1].direction == "rtl"
    view.show_document(doc)
    block = view.document().findBlock(view.qt_position(doc.paragraphs[1].start))
    assert block.text() == text
    assert block.blockFormat().layoutDirection() == Qt.LayoutDirection.RightToLeft
    _, right = column_edges(view)
    assert abs(first_line_span(view, block)[1] - right) < 2


def test_original_text_directions_follow_each_line(view, arabic_doc):
    view.show_document(arabic_doc, original=True)
    assert view.displayed_text == arabic_doc.original
    # toRawText keeps no-break spaces (toPlainText turns them into spaces).
    assert view.document().toRawText().replace("\u2029", "\n") == arabic_doc.original
    for block in blocks(view):
        if block.text().strip():
            expected = direction_of(block.text())
            direction = block.blockFormat().layoutDirection()
            assert (direction == Qt.LayoutDirection.RightToLeft) == (expected == "rtl")


# -- matches ----------------------------------------------------------------------------------


def selected_texts(view: ArticleView) -> list[str]:
    # Qt shows block separators as U+2029 in selections; none of these spans crosses one.
    return [sel.cursor.selectedText() for sel in view.extraSelections()]


def test_set_matches_highlights_exact_characters_after_emoji(view):
    texts = [
        "Before 😀 the word Baghdad and 🎉🎉 then Beirut.",
        "قال 😀 الرئيس العراقي إن بغداد لن تقبل.",
        "Third paragraph 𝐀𝐁𝐂 with Mosul at the end",
    ]
    doc = make_doc(texts)
    text = doc.text
    words = ("Baghdad", "Beirut", "الرئيس", "بغداد", "Mosul")
    spans = [(text.index(w), text.index(w) + len(w)) for w in words]
    view.show_document(doc)
    view.set_matches(spans, current=2)
    got = selected_texts(view)
    assert sorted(got) == sorted(text[s:e] for s, e in spans)
    # The current match is drawn last, in its own colour.
    assert got[-1] == "الرئيس"
    formats = [sel.format.background().color().name() for sel in view.extraSelections()]
    assert formats[-1] == THEMES["light"].current_match
    assert set(formats[:-1]) == {THEMES["light"].match}


def test_offsets_round_trip_with_astral_characters(view):
    texts = ["😀a😀b", "𝐀𝐁𝐂 and text", "عربي 😀 نص"]
    doc = make_doc(texts)
    view.show_document(doc)
    text = doc.text
    # Positions inside the "\n\n" between paragraphs have no Qt position of their own.
    gap = {p.end + 1 for p in doc.paragraphs}
    for cp in range(len(text) + 1):
        if cp in gap:
            continue
        q = view.qt_position(cp)
        assert view.doc_offset(q) == cp, (cp, q)


def test_next_and_previous_wrap_and_signal(view, qtbot):
    doc = make_doc(["one two one two one"])
    view.show_document(doc)
    spans = [(0, 3), (8, 11), (16, 19)]
    with qtbot.waitSignal(view.matchChanged) as blocker:
        view.set_matches(spans)
    assert blocker.args == [0, 3]
    assert [view.next_match(), view.next_match(), view.next_match()] == [1, 2, 0]
    with qtbot.waitSignal(view.matchChanged) as blocker:
        assert view.previous_match() == 2
    assert blocker.args == [2, 3]
    view.clear_matches()
    assert view.extraSelections() == [] and view.next_match() == -1


def test_current_match_is_scrolled_to_the_middle(view, bundled_corpus):
    doc = max(bundled_corpus.documents, key=lambda d: len(d.text))
    view.show_document(doc)
    target = len(doc.text) * 2 // 3
    view.set_matches([(target, target + 5)])
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.qt_position(target))
    y = view.cursorRect(cursor).center().y()
    assert abs(y - view.viewport().height() / 2) < 40


def test_find_ignores_arabic_vowels_and_case(view):
    vowelled = "قالَ الرَّئِيسُ العراقيُّ: إنَّ العراقَ لن يقبلَ."
    doc = make_doc(["IRAQ and iraq and Iraq.", vowelled, "ولكنّ الرئيس لم يوضح"])
    view.show_document(doc)
    assert view.find_in_article("الرئيس") == 2
    assert sorted(selected_texts(view)) == sorted(["الرَّئِيسُ", "الرئيس"])
    assert view.find_in_article("iraq") == 3
    assert view.find_in_article("العراق") == 2
    assert view.find_in_article("") == 0 and view.extraSelections() == []


def test_folded_text_maps_back_through_ligatures_and_tatweel():
    text = "x ﻻ بد من الرئيـــس ß straße"
    folded = FoldedText(text)
    # ئ folds to ي and tatweel disappears, on both sides.
    assert [text[s:e] for s, e in folded.find_all("الرئيس")] == ["الرئيـــس"]
    assert [text[s:e] for s, e in folded.find_all("الرييس")] == ["الرئيـــس"]
    spans = folded.find_all("لا")
    assert [text[s:e] for s, e in spans] == ["ﻻ"]
    assert [text[s:e] for s, e in folded.find_all("strasse")] == ["straße"]


# -- big documents ----------------------------------------------------------------------------


def test_two_megabyte_single_line_opens_and_maps(view):
    words = ["the", "quick", "brown", "fox", "jumps", "over", "a", "lazy", "dog", "near", "Baghdad", "😀"]
    line = " ".join(words[i % len(words)] for i in range(400_000))[:2_000_000]
    doc = make_doc([line])
    started = time.perf_counter()
    view.show_document(doc)
    elapsed = time.perf_counter() - started
    assert elapsed < 20
    qdoc = view.document()
    assert qdoc.blockCount() >= len(line) // CHUNK_LIMIT
    end = len(doc.text)
    assert view.qt_position(end) == qdoc.characterCount() - 1
    assert view.doc_offset(qdoc.characterCount() - 1) == end
    for cp in (0, 1, 999_999, end - 1):
        assert view.doc_offset(view.qt_position(cp)) == cp
    # The last match is highlighted exactly, far beyond the first chunk.
    start = doc.text.rindex("Baghdad")
    view.set_matches([(start, start + 7)])
    assert selected_texts(view) == ["Baghdad"]


def test_split_for_display_covers_text_and_respects_marks():
    text = ("كلمة" + "\u064e" * 3) * 2000 + " end. " + "word " * 2000
    spans = split_for_display(text, limit=500)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a < b <= a + 500 for a, b in spans)
    assert all(spans[i][1] == spans[i + 1][0] for i in range(len(spans) - 1))
    for _, b in spans[:-1]:
        assert text[b] != "\u064e"


def test_top_offset_and_scroll_to_offset_round_trip(view, bundled_corpus):
    doc = max(bundled_corpus.documents, key=lambda d: len(d.text))
    view.show_document(doc)
    middle = [p for p in doc.paragraphs if p.start > len(doc.text) // 3 and len(p.text) > 200][:3]
    assert middle
    for cp in [p.start + 150 for p in middle] + [middle[0].start]:
        view.scroll_to_offset(cp)
        top = view.top_offset()
        assert top <= cp < top + 140, (top, cp)
        assert view.verticalScrollBar().value() > 0
    view.scroll_to_offset(0)
    assert view.top_offset() == 0


def test_selection_offsets_and_copy_use_source_text(view):
    doc = make_doc(["First 😀 paragraph.", "Second paragraph."])
    view.show_document(doc)
    assert view.selection_offsets() is None
    start, end = doc.text.index("paragraph."), doc.text.index("Second") + 6
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.qt_position(start))
    cursor.setPosition(view.qt_end_position(end), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    assert view.selection_offsets() == (start, end)
    data = view.createMimeDataFromSelection()
    assert data.text() == "paragraph.\n\nSecond"
    assert not data.hasHtml()


# -- plain text only --------------------------------------------------------------------------


def test_markup_in_text_is_shown_literally_and_loads_nothing(view, qtbot):
    hostile = '<b>x</b><img src="file:///etc/passwd">'
    second = "<script>alert(1)</script> &amp; <a href='http://example.com'>link</a>"
    doc = make_doc([hostile, second], title=hostile)
    view.show_document(doc)
    view.grab()
    assert hostile in view.toPlainText()
    assert "&amp;" in view.toPlainText()
    assert view.document().resource_requests == 0
    header = ArticleHeader()
    qtbot.addWidget(header)
    header.set_document(doc)
    assert header.title_label.text() == hostile
    assert header.title_label.textFormat() == Qt.TextFormat.PlainText


# -- header -----------------------------------------------------------------------------------


def test_header_date_provenance(qtbot, arabic_doc):
    header = ArticleHeader()
    qtbot.addWidget(header)
    body = make_doc(["x"], date=DateInfo("2020-04-05", "day", "body", "body: 'on Sunday 5 April'"))
    header.set_document(body)
    assert header.date_label.text() == "≈ 5 April 2020 (inferred from the text)"
    assert "on Sunday 5 April" in header.date_label.toolTip()
    assert date_label(DateInfo("2020-03-14", "day", "header", "")) == "14 March 2020"
    assert date_label(DateInfo("2020-03", "month", "manifest", "")) == "March 2020"
    assert date_label(DateInfo(None, None, "none", "", "2021")) == "No date (mentions 2021: not before 2021)"
    header.set_document(arabic_doc)
    assert header.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert header.date_label.text() == "14 March 2020"


def test_header_duplicates_and_original_toggle(qtbot):
    header = ArticleHeader()
    qtbot.addWidget(header)
    header.set_document(make_doc(["x"]), duplicates=["a&b#01", "other#02"])
    assert [b.text() for b in header.duplicate_buttons] == ["a&&b#01", "other#02"]
    with qtbot.waitSignal(header.openRequested) as blocker:
        header.duplicate_buttons[1].click()
    assert blocker.args == ["other#02"]
    with qtbot.waitSignal(header.originalToggled) as blocker:
        header.original_button.click()
    assert blocker.args == [True]


# -- zoom, theme, fonts -----------------------------------------------------------------------


def first_font_size(view: ArticleView) -> float:
    block = view.document().begin()
    return block.begin().fragment().charFormat().font().pointSizeF()


def test_zoom_changes_font_size(view, qtbot):
    view.show_document(make_doc(["Some English text.", "نص عربي للاختبار"]))
    before = first_font_size(view)
    with qtbot.waitSignal(view.zoomChanged) as blocker:
        view.zoom_in()
    assert blocker.args == [1] and view.zoom_steps == 1
    assert first_font_size(view) == pytest.approx(before * 1.1)
    view.zoom_out()
    view.zoom_out()
    assert first_font_size(view) < before
    view.reset_zoom()
    assert first_font_size(view) == pytest.approx(before)
    arabic = view.document().lastBlock().begin().fragment().charFormat().font()
    assert arabic.pointSizeF() == pytest.approx(before * 1.2)
    assert arabic.families()[0] == ARABIC_FAMILIES[0]


def test_theme_changes_background(view):
    view.show_document(make_doc(["text"]))
    view.set_theme("dark")
    assert view.viewport().palette().color(QPalette.ColorRole.Base).name() == THEMES["dark"].background
    assert view.palette().color(QPalette.ColorRole.Text).name() == THEMES["dark"].text
    view.set_theme("sepia")
    assert view.viewport().palette().color(QPalette.ColorRole.Base).name() == THEMES["sepia"].background


def test_fonts_and_app_palette(qapp):
    assert "Noto Naskh Arabic" in register_bundled_fonts()
    ar, en = reading_font("ar", 12, 1.0), reading_font("en", 12, 1.0)
    assert ar.pointSizeF() == pytest.approx(14.4) and en.pointSizeF() == pytest.approx(12)
    assert ar.families()[0] == "Noto Naskh Arabic"
    before = QApplication.palette()
    try:
        apply_app_palette(qapp, "dark")
        assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 80
    finally:
        QApplication.setPalette(before)


# -- tabs and find bar ------------------------------------------------------------------------


def test_reading_tabs_reuse_focus_and_empty_state(qtbot, bundled_corpus, arabic_doc):
    tabs = ReadingTabs()
    qtbot.addWidget(tabs)
    tabs.resize(1000, 700)
    tabs.show()
    qtbot.waitExposed(tabs)
    assert tabs.placeholder.isVisible()
    english = bundled_corpus.get("001_ff668e2db0ba1b04#17")
    with qtbot.waitSignal(tabs.currentDocumentChanged) as blocker:
        tabs.open_document(english, duplicates=["001_ff668e2db0ba1b04#19"])
    assert blocker.args == [english.id]
    assert not tabs.placeholder.isVisible()
    tab = tabs.open_document(arabic_doc)
    assert tabs.open_ids() == [english.id, arabic_doc.id]
    assert tabs.tabText(1).endswith("\u2069")  # Arabic title isolated so "…" lands on the left
    again = tabs.open_document(english, matches=[(0, 4)])
    assert tabs.count() == 2 and tabs.current_tab() is again and again is not tab
    assert again.view.matches() == [(0, 4)]
    with qtbot.waitSignal(tabs.openRequested) as blocker:
        again.header.duplicate_buttons[0].click()
    assert blocker.args == ["001_ff668e2db0ba1b04#19"]
    tabs.set_zoom_steps(2)
    tabs.set_theme("dark")
    assert all(t.view.zoom_steps == 2 and t.view.theme.name == "dark" for t in tabs.tabs())
    tabs.close_tab(0)
    with qtbot.waitSignal(tabs.currentDocumentChanged) as blocker:
        tabs.close_tab(0)
    assert blocker.args == [None]
    assert tabs.placeholder.isVisible()


def test_find_bar_keys(qtbot):
    doc = make_doc(["Iraq and Baghdad.", "More about Iraq.", "And Iraq again."])
    tab = ArticleTab(doc)
    qtbot.addWidget(tab)
    tab.resize(900, 600)
    tab.show()
    qtbot.waitExposed(tab)
    tab.activateWindow()
    tab.view.setFocus()
    qtbot.waitUntil(lambda: tab.view.hasFocus())
    assert not tab.find_bar.isVisible()
    qtbot.keyClick(tab.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert tab.find_bar.isVisible()
    qtbot.waitUntil(lambda: tab.find_bar.edit.hasFocus())
    qtbot.keyClicks(tab.find_bar.edit, "iraq")
    assert tab.find_bar.count_label.text() == "1 of 3"
    qtbot.keyClick(tab.find_bar.edit, Qt.Key.Key_Return)
    assert tab.find_bar.count_label.text() == "2 of 3"
    qtbot.keyClick(tab.find_bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(tab.find_bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert tab.find_bar.count_label.text() == "3 of 3"
    qtbot.keyClick(tab.find_bar.edit, Qt.Key.Key_F3)
    assert tab.view.current_match() == 0
    qtbot.keyClick(tab.find_bar.edit, Qt.Key.Key_Escape)
    assert not tab.find_bar.isVisible()
    assert tab.view.matches() == []


def test_search_matches_return_after_find_and_original_toggle(qtbot, arabic_doc):
    tab = ArticleTab(arabic_doc)
    qtbot.addWidget(tab)
    tab.resize(900, 600)
    tab.show()
    qtbot.waitExposed(tab)
    word = "الاشتباك"
    start = arabic_doc.text.index(word)
    tab.set_search_matches([(start, start + len(word))])
    assert selected_texts(tab.view) == [word]
    assert tab.find("الجيش") >= 1
    tab.hide_find_bar()
    assert tab.view.matches() == [(start, start + len(word))]
    tab.header.original_button.click()
    assert tab.view.showing_original and tab.view.matches() == []
    tab.header.original_button.click()
    assert not tab.view.showing_original and tab.view.matches() == [(start, start + len(word))]


def test_ctrl_wheel_is_zoom_not_scroll(view):
    view.show_document(make_doc(["text " * 2000]))
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QWheelEvent

    event = QWheelEvent(
        QPointF(10, 10),
        QPointF(10, 10),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), event)
    assert view.zoom_steps == 1
    assert view.verticalScrollBar().value() == 0


def test_list_markers_in_an_arabic_article_sit_at_the_right_margin(view):
    """Paragraphs without letters ("1 –") take the direction of the text around them (issue 14, item 8)."""
    arabic = "قال المتحدث باسم الحكومة إن القوات ستنسحب من القاعدة خلال أيام."
    view.show_document(make_doc([arabic, "1 –", arabic, "2 –", arabic]))
    markers = [b for b in blocks(view) if b.text().strip() in {"1 –", "2 –"}]
    assert len(markers) == 2
    arabic_right = first_line_span(view, view.document().begin())[1]
    for block in markers:
        assert block.blockFormat().layoutDirection() == Qt.LayoutDirection.RightToLeft
        left, right = first_line_span(view, block)
        assert abs(right - arabic_right) < 3, "flush with the right margin like the Arabic paragraphs"
        assert left > arabic_right - 200


def test_pages_of_the_source_are_marked_in_the_margin_and_headings_are_bold(view):
    """Issue 15: a PDF's paragraphs keep their pages; the page shows "p. N" where each begins."""
    from dataclasses import replace

    arabic = "قال المتحدث باسم الحكومة إن القوات ستنسحب من القاعدة خلال أيام."
    doc = make_doc(["A heading", "First page text.", "Second page text.", arabic])
    pages, headings = [1, 1, 2, 3], [True, False, False, False]
    doc = replace(doc, paragraphs=tuple(replace(p, page=pg, heading=h)
                                        for p, pg, h in zip(doc.paragraphs, pages, headings, strict=True)))
    view.show_document(doc)
    marks = view.page_mark_rects()
    assert [page for _rect, page in marks] == [1, 2, 3]
    english_mark, arabic_mark = marks[1][0], marks[2][0]
    assert english_mark.left() > view.viewport().width() - view._side_margin, "right of English text"
    assert arabic_mark.right() < view._side_margin, "left of Arabic text (its trailing side)"
    first = view.document().begin()
    assert first.text() == "A heading"
    assert first.begin().fragment().charFormat().fontWeight() == QFont.Weight.Bold
    assert first.next().begin().fragment().charFormat().fontWeight() != QFont.Weight.Bold
    view.show_document(doc, original=True)
    assert view.page_mark_rects() == [], "the original text has no clean paragraphs to mark"


def test_a_saved_pages_address_is_shown_as_plain_selectable_text(qtbot):
    """Issue 15: the page URL is in the header, selectable, never a link."""
    from dataclasses import replace

    from reader.ui.reading.tab import ArticleTab

    doc = replace(make_doc(["A paragraph from a saved page."]), url="https://example.org/a?b=<i>c</i>")
    tab = ArticleTab(doc)
    qtbot.addWidget(tab)
    tab.resize(900, 600)
    tab.show()
    label = tab.header.url_label
    assert label.isVisible() and label.text() == "https://example.org/a?b=<i>c</i>"
    assert label.textFormat() == Qt.TextFormat.PlainText and not label.openExternalLinks()
    tab.set_document(make_doc(["A scraped text article."]))
    assert not label.isVisible(), "no address, no line"
