"""The search panel against the real bundled corpus and its real index, driven like a user would.

Searches run on the real TaskRunner pool (off the GUI thread), so these tests wait for results the
way a user does: type, then wait until the list shows something. Nothing of our own core is faked.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6 import QtGui
from PySide6.QtCore import QEvent, QModelIndex, Qt
from PySide6.QtGui import QImage, QKeyEvent, QPainter
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem

from reader.search.searcher import Hit, SearchResponse, search
from reader.text.names import normalise_name
from reader.ui.results_model import (
    AliasesRole,
    DateRole,
    DocIdRole,
    HitRole,
    LanguageRole,
    MatchesRole,
    ResultsModel,
    SnippetPartsRole,
    SnippetRole,
    parse_marked,
    snippet_parts,
)
from reader.ui.search_panel import (
    BUILDING_TEXT,
    DEBOUNCE_MS,
    NO_MATCHES_TEXT,
    SearchPanel,
    intersect_dates,
    normalise_date,
)
from reader.ui.tasks import TaskRunner

WAIT_MS = 10_000


# ----------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def index_handle(tmp_path_factory: pytest.TempPathFactory, bundled_corpus: Any) -> Iterator[Any]:
    """The bundled corpus indexed once for the module, in a profile of its own.

    The autouse ``profile`` fixture is per test, so the module sets its own profile while it
    builds; the open handle keeps working after the profile is reset (it holds open files).
    """
    from reader import paths
    from reader.search.service import open_index

    paths.set_profile(tmp_path_factory.mktemp("search-panel-profile"))
    try:
        handle = open_index(bundled_corpus)
    finally:
        paths.set_profile(None)
    yield handle
    handle.close()


@pytest.fixture
def panel(qtbot: Any, index_handle: Any) -> Iterator[SearchPanel]:
    runner = TaskRunner()
    widget = SearchPanel(runner)
    qtbot.addWidget(widget)
    widget.resize(420, 800)
    widget.set_index(index_handle)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    runner.wait()


@pytest.fixture
def documents(bundled_corpus: Any) -> dict[str, Any]:
    return {doc.id: doc for doc in bundled_corpus.documents}


def type_query(qtbot: Any, panel: SearchPanel, text: str) -> None:
    """Type over the query, key by key.

    ``QTest.keyClicks`` only maps ASCII to keys (Qt aborts on anything else), so Arabic is typed as
    key events carrying text, which is what an Arabic keyboard layout delivers.
    """
    field = panel.search_field
    field.setFocus()
    field.selectAll()
    if text.isascii():
        qtbot.keyClicks(field, text)
        return
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(field, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def wait_for_results(qtbot: Any, panel: SearchPanel, text: str) -> SearchResponse:
    """Until the panel shows the finished answer to ``text`` (not an older query's)."""

    def done() -> None:
        response = panel.current_response()
        assert response is not None
        assert response.query == text.strip() or response.query == text
        assert not panel.is_searching()

    qtbot.waitUntil(done, timeout=WAIT_MS)
    response = panel.current_response()
    assert response is not None
    return response


def visible_hits(panel: SearchPanel) -> list[Hit]:
    model = panel.results_view.model()
    return [model.index(row, 0).data(HitRole) for row in range(model.rowCount())]


def hit_terms(hit: Hit, query: str) -> set[str]:
    return {normalise_name(t) for t in [*hit.matched_aliases, *query.split()] if normalise_name(t)}


def assert_span_matches(text: str, span: tuple[int, int], terms: set[str]) -> None:
    """The span covers whole words whose normalised form is a query term or alias (or runs of them)."""
    start, end = span
    assert 0 <= start < end <= len(text)
    found = normalise_name(text[start:end])
    assert found, (span, text[start:end])
    assert found in terms or any(f" {t} " in f" {found} " for t in terms), (text[start:end], terms)
    assert start == 0 or not text[start - 1].isalnum()
    assert end == len(text) or not text[end].isalnum()


# ----------------------------------------------------------------------------- typing and results


def test_typing_shows_results_after_the_debounce(qtbot: Any, panel: SearchPanel) -> None:
    type_query(qtbot, panel, "Taji")
    assert panel.current_response() is None  # nothing happens per keystroke; the debounce waits
    response = wait_for_results(qtbot, panel, "Taji")

    assert response.total > 0
    assert panel.status_label.text() == f"{response.total} articles"
    assert not panel.warning_frame.isVisible()
    hits = visible_hits(panel)
    assert len(hits) == len(response.hits) > 0
    for row, hit in enumerate(hits):
        assert "«" in hit.snippet and "»" in hit.snippet, hit.snippet
        plain, spans = panel.model.index(row, 0).data(SnippetPartsRole)
        assert spans, f"no emphasised span in the snippet of {hit.id}"
        assert "«" not in "".join(plain[s:e] for s, e in spans)


def test_the_search_runs_during_the_debounce_and_shows_at_its_end(
    qtbot: Any, panel: SearchPanel, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.ui import search_panel

    searched: list[tuple[str, bool]] = []  # (query, the debounce still running) per search started
    real_search = search_panel.run_search

    def noted_search(handle: Any, request: Any, task: Any = None) -> Any:
        searched.append((request.text, panel._debounce.isActive()))
        return real_search(handle, request, task)

    monkeypatch.setattr(search_panel, "run_search", noted_search)
    type_query(qtbot, panel, "Soleimani")
    assert panel.current_response() is None  # shown at the debounce's end, not per keystroke
    response = wait_for_results(qtbot, panel, "Soleimani")

    assert response.total > 0
    assert ("Soleimani", True) in searched  # searched while the debounce ran
    assert sum(text == "Soleimani" for text, _ in searched) == 1  # and not once more at its end
    assert [hit.id for hit in response.hits] == [
        hit.id for hit in search(panel._handle, "Soleimani", limit=len(response.hits)).hits]


def test_arabic_query_is_typed_right_to_left_and_finds_english_articles(
    qtbot: Any, panel: SearchPanel
) -> None:
    query = "كتائب حزب الله"
    type_query(qtbot, panel, query)
    assert panel.search_field.layoutDirection() == Qt.LayoutDirection.RightToLeft
    response = wait_for_results(qtbot, panel, query)
    languages = {hit.language for hit in visible_hits(panel)}
    assert "en" in languages, "an Arabic name must find the English spellings too"
    assert "ar" in languages

    panel.clear()
    assert panel.search_field.layoutDirection() == panel.layoutDirection()
    assert response.total > 0


def test_syntax_error_shows_a_plain_text_warning(qtbot: Any, panel: SearchPanel) -> None:
    type_query(qtbot, panel, "NOT AND ")
    response = wait_for_results(qtbot, panel, "NOT AND ")
    assert response.warning
    assert panel.warning_frame.isVisible()
    assert panel.warning_label.text() == response.warning
    assert panel.warning_label.textFormat() == Qt.TextFormat.PlainText

    # A good query afterwards hides the warning again.
    type_query(qtbot, panel, "Taji")
    wait_for_results(qtbot, panel, "Taji")
    assert not panel.warning_frame.isVisible()


def test_enter_searches_at_once(qtbot: Any, panel: SearchPanel) -> None:
    panel.search_field.setText("Soleimani")
    qtbot.keyClick(panel.search_field, Qt.Key.Key_Return)
    assert not panel._debounce.isActive()
    response = wait_for_results(qtbot, panel, "Soleimani")
    assert response.total > 0


def test_a_slow_old_search_never_overwrites_a_newer_one(qtbot: Any, panel: SearchPanel) -> None:
    # The first query is the slowest this corpus offers (ORs and a prefix expansion); the second is
    # a single term. Both run at once on the two-thread reader pool, so the old one usually
    # finishes last: its result must be dropped.
    slow = "Hezbollah OR Taji OR Iraq OR US OR al* OR Soleimani OR Muhandis"
    seen: list[str | None] = []
    panel.responseChanged.connect(lambda r: seen.append(r.query if r is not None else None))
    panel.search_field.setText(slow)
    qtbot.keyClick(panel.search_field, Qt.Key.Key_Return)
    type_query(qtbot, panel, "Kawtharani")
    qtbot.keyClick(panel.search_field, Qt.Key.Key_Return)

    wait_for_results(qtbot, panel, "Kawtharani")
    panel._runner.wait()
    qtbot.wait(DEBOUNCE_MS + 100)  # let any late, queued result arrive

    response = panel.current_response()
    assert response is not None and response.query == "Kawtharani"
    assert seen and seen[-1] == "Kawtharani"
    assert slow not in seen
    hits = visible_hits(panel)
    assert hits and hits == response.hits
    assert panel.status_label.text().startswith(str(response.total))


def test_results_wait_for_the_index(qtbot: Any, index_handle: Any) -> None:
    runner = TaskRunner()
    panel = SearchPanel(runner)
    qtbot.addWidget(panel)
    panel.show()
    panel.set_index(None)
    type_query(qtbot, panel, "Hezbollah")
    qtbot.waitUntil(lambda: panel.status_label.text() == BUILDING_TEXT, timeout=WAIT_MS)
    assert panel.current_response() is None

    panel.set_index(index_handle)
    response = wait_for_results(qtbot, panel, "Hezbollah")
    assert response.total > 0
    runner.wait()


# ----------------------------------------------------------------------------- activation


def test_enter_on_a_result_opens_it_with_spans_on_the_matched_words(
    qtbot: Any, panel: SearchPanel, documents: dict[str, Any]
) -> None:
    type_query(qtbot, panel, "Taji")
    wait_for_results(qtbot, panel, "Taji")

    qtbot.keyClick(panel.search_field, Qt.Key.Key_Down)  # Down moves into the list
    assert panel.results_view.hasFocus()
    assert panel.results_view.currentIndex().row() == 0
    qtbot.keyClick(panel.results_view, Qt.Key.Key_Down)
    index = panel.results_view.currentIndex()
    assert index.row() == 1
    hit: Hit = index.data(HitRole)

    with qtbot.waitSignal(panel.resultActivated, timeout=WAIT_MS) as blocker:
        qtbot.keyClick(panel.results_view, Qt.Key.Key_Return)
    doc_id, spans = blocker.args
    assert doc_id == hit.id
    assert spans == hit.matches and spans
    text = documents[doc_id].text
    for span in spans:
        assert_span_matches(text, span, hit_terms(hit, "Taji"))


def test_clicking_a_result_opens_it(qtbot: Any, panel: SearchPanel, documents: dict[str, Any]) -> None:
    query = "كتائب حزب الله"
    type_query(qtbot, panel, query)
    wait_for_results(qtbot, panel, query)
    model = panel.results_view.model()
    rows = [r for r in range(model.rowCount()) if model.index(r, 0).data(LanguageRole) == "en"]
    assert rows
    index = model.index(rows[0], 0)
    panel.results_view.scrollTo(index)
    rect = panel.results_view.visualRect(index)
    with qtbot.waitSignal(panel.resultActivated, timeout=WAIT_MS) as blocker:
        qtbot.mouseClick(panel.results_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    doc_id, spans = blocker.args
    hit: Hit = index.data(HitRole)
    assert doc_id == hit.id
    text = documents[doc_id].text
    assert spans
    for span in spans:
        assert_span_matches(text, span, hit_terms(hit, query))


def test_up_from_the_first_result_and_typing_return_to_the_query(qtbot: Any, panel: SearchPanel) -> None:
    type_query(qtbot, panel, "Taji")
    wait_for_results(qtbot, panel, "Taji")
    qtbot.keyClick(panel.search_field, Qt.Key.Key_Down)
    assert panel.results_view.hasFocus()
    qtbot.keyClick(panel.results_view, Qt.Key.Key_Up)
    assert panel.search_field.hasFocus()
    assert panel.search_field.selectedText() == "Taji"  # focus_search selects all
    qtbot.keyClick(panel.search_field, Qt.Key.Key_Down)
    qtbot.keyClicks(panel.results_view, "x")
    assert panel.search_field.hasFocus()


# ----------------------------------------------------------------------------- options


def test_language_filter_arabic_leaves_only_arabic_hits(qtbot: Any, panel: SearchPanel) -> None:
    type_query(qtbot, panel, "Hezbollah")
    everything = wait_for_results(qtbot, panel, "Hezbollah")
    assert {h.language for h in everything.hits} >= {"en", "ar"}

    panel.language_combo.setCurrentIndex(panel.language_combo.findData("ar"))
    qtbot.waitUntil(
        lambda: panel.current_response() is not everything and not panel.is_searching(), timeout=WAIT_MS
    )
    hits = visible_hits(panel)
    assert hits
    assert {h.language for h in hits} == {"ar"}
    assert len(hits) < len(everything.hits)


def test_month_filter_restricts_hits_to_that_month(qtbot: Any, panel: SearchPanel) -> None:
    type_query(qtbot, panel, "Hezbollah")
    everything = wait_for_results(qtbot, panel, "Hezbollah")
    assert everything.by_month.get("2020-04", 0) > 0

    months: list[Any] = []
    panel.monthFilterChanged.connect(months.append)
    panel.set_month_filter("2020-04")
    qtbot.waitUntil(
        lambda: panel.current_response() is not everything and not panel.is_searching(), timeout=WAIT_MS
    )
    response = panel.current_response()
    assert response is not None
    hits = visible_hits(panel)
    assert hits and all((h.date or "").startswith("2020-04") for h in hits)
    assert response.total == everything.by_month["2020-04"]
    assert "April 2020" in panel.status_label.text()
    assert response.by_month == everything.by_month  # the timeline keeps every month's count
    assert panel.month_chip.isVisible()
    assert months == []  # set by the caller: no echo

    panel.month_chip.click()
    assert months == [None]
    qtbot.waitUntil(
        lambda: panel.current_response() is not response and not panel.is_searching(), timeout=WAIT_MS
    )
    assert panel.current_response().total == everything.total


def test_invalid_date_is_framed_red_and_ignored(qtbot: Any, panel: SearchPanel) -> None:
    type_query(qtbot, panel, "Hezbollah")
    everything = wait_for_results(qtbot, panel, "Hezbollah")

    panel.date_from_edit.setText("2020-13")
    panel.date_from_edit.editingFinished.emit()
    assert panel.date_from_edit.property("invalid") is True
    assert panel.date_from_edit.styleSheet()
    assert panel.current_request().date_from is None

    panel.date_from_edit.clear()
    qtbot.keyClicks(panel.date_from_edit, "2020-04")
    assert panel.date_from_edit.property("invalid") is False
    assert panel.current_request().date_from == "2020-04"
    qtbot.waitUntil(
        lambda: panel.current_response() is not everything and not panel.is_searching(), timeout=WAIT_MS
    )
    hits = visible_hits(panel)
    assert hits and all((h.date or "") >= "2020-04" for h in hits)


def test_dates_and_month_arithmetic() -> None:
    assert normalise_date("2020") == "2020"
    assert normalise_date("2020-3") == "2020-03"
    assert normalise_date("٢٠٢٠-٠٣-١١") == "2020-03-11"
    assert normalise_date("2020-02-30") is None
    assert normalise_date("2020-13") is None
    assert normalise_date("March 2020") is None
    assert intersect_dates(None, None, "2020-03") == ("2020-03", "2020-03")
    assert intersect_dates("2020-03-10", None, "2020-03") == ("2020-03-10", "2020-03")
    assert intersect_dates("2020", "2020-03-20", "2020-03") == ("2020-03", "2020-03-20")


def test_options_persist_through_state(qtbot: Any, panel: SearchPanel, index_handle: Any) -> None:
    panel.exact_button.setChecked(True)
    panel.variants_button.setChecked(True)
    panel.language_combo.setCurrentIndex(panel.language_combo.findData("en"))
    panel.sort_combo.setCurrentIndex(panel.sort_combo.findData("date"))
    panel.date_from_edit.setText("2020-01")
    panel.date_to_edit.setText("2020-04-30")
    panel.search_field.setText("Soleimani")
    state = panel.state()
    assert state == {
        "query": "Soleimani", "exact": True, "variants": True, "language": "en", "sort": "date",
        "date_from": "2020-01", "date_to": "2020-04-30",
    }

    runner = TaskRunner()
    other = SearchPanel(runner)
    qtbot.addWidget(other)
    other.set_index(index_handle)
    other.restore_state(state)
    assert other.state() == state
    assert other.exact_button.isChecked() and other.variants_button.isChecked()
    request = other.current_request()
    assert (request.lang, request.sort, request.date_from, request.date_to) == ("en", "date", "2020-01",
                                                                              "2020-04-30")
    wait_for_results(qtbot, other, "Soleimani")
    assert all(h.language == "en" for h in visible_hits(other))
    runner.wait()

    other.restore_state({"exact": "yes", "language": "klingon", "date_from": 5})  # ignored, no crash
    assert other.state() == state


def test_clearing_the_query_empties_results_and_tells_the_window(qtbot: Any, panel: SearchPanel) -> None:
    type_query(qtbot, panel, "Taji")
    wait_for_results(qtbot, panel, "Taji")
    with qtbot.waitSignal(panel.responseChanged, timeout=WAIT_MS) as blocker:
        panel.clear()
    assert blocker.args == [None]
    assert panel.current_response() is None
    assert panel.results_view.model().rowCount() == 0
    assert panel.status_label.text() == ""


def test_no_matches_is_said(qtbot: Any, panel: SearchPanel) -> None:
    type_query(qtbot, panel, "zzxqwv")
    wait_for_results(qtbot, panel, "zzxqwv")
    assert panel.status_label.text() == NO_MATCHES_TEXT


def test_focus_search_selects_the_query(qtbot: Any, panel: SearchPanel) -> None:
    panel.search_field.setText("Taji")
    panel.results_view.setFocus()
    panel.focus_search()
    assert panel.search_field.hasFocus()
    assert panel.search_field.selectedText() == "Taji"


# ----------------------------------------------------------------------------- the model


def test_results_model_passes_the_model_tester(qtmodeltester: Any, index_handle: Any) -> None:
    response = search(index_handle, "Hezbollah", limit=200)
    assert response.hits
    model = ResultsModel()
    model.set_response(response)
    qtmodeltester.check(model)
    index = model.index(0, 0)
    hit = response.hits[0]
    assert index.data(Qt.ItemDataRole.DisplayRole) == " ".join(hit.title.split())
    assert index.data(DocIdRole) == hit.id
    assert index.data(HitRole) is hit
    assert index.data(SnippetRole) == hit.snippet
    assert index.data(DateRole) == hit.date
    assert index.data(LanguageRole) == hit.language
    assert index.data(AliasesRole) == hit.matched_aliases
    assert index.data(MatchesRole) == hit.matches
    model.set_response(None)
    assert model.rowCount() == 0
    qtmodeltester.check(model)


def test_snippets_keep_the_articles_own_guillemets_unmarked() -> None:
    # Arabic news quotes with « »: only the match may be emphasised, not the quotation.
    text = "قال «حفلة من الجنون» ثم استهدف التاجي مرة أخرى 🚀 ثم التاجي"
    spans = [(text.index("التاجي"), text.index("التاجي") + 6), (text.rindex("التاجي"), len(text))]
    plain, marks = snippet_parts(text, spans)
    assert plain == text
    assert [plain[s:e] for s, e in marks] == ["التاجي", "التاجي"]

    long_text = "word " * 100 + "Taji\n\n  base " + "word " * 100
    start = long_text.index("Taji")
    plain, marks = snippet_parts(long_text, [(start, start + 4)])
    assert plain.startswith("…") and plain.endswith("…")
    assert [plain[s:e] for s, e in marks] == ["Taji"]
    assert "Taji base" in plain  # whitespace runs collapse, offsets follow

    assert parse_marked("…استهدف ««التاجي»» و«حفلة من الجنون»") == (
        "…استهدف «التاجي» و«حفلة من الجنون»",
        [(9, 15)],
    )


def test_rows_paint_markup_as_text_and_survive_astral_characters(qtbot: Any) -> None:
    # A synthetic response: a title that looks like HTML and an emoji before the match.
    hits = [
        Hit("x#1", "<b>Breaking</b> <img src=x>", "2020-03-11", "en", 1.0,
            "🚀🚀 the «Taji» base", [(10, 14)], ["Taji"]),
        Hit("x#2", "العراق والغزو الأميركيّ", None, "ar", 0.5, "… استهدف «التاجي» 🚀", [(9, 15)], []),
    ]
    response = SearchResponse("Taji", 2, None, hits, {"2020-03": 1})
    panel = SearchPanel(TaskRunner(synchronous=True))
    qtbot.addWidget(panel)
    panel.resize(420, 600)
    panel.model.set_response(response)
    panel.show()
    qtbot.waitExposed(panel)
    tip = panel.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert not QtGui.Qt.mightBeRichText(tip)
    assert "<b>Breaking</b>" in tip
    image = QImage(400, 200, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    option = QStyleOptionViewItem()
    option.initFrom(panel.results_view)
    for row in range(2):
        index: QModelIndex = panel.model.index(row, 0)
        option.rect = panel.results_view.visualRect(index)
        assert option.rect.height() > 30
        panel.delegate.paint(painter, option, index)
    painter.end()
    QApplication.processEvents()


def test_the_search_field_shows_it_is_searching_between_typing_and_results(qtbot):
    """Issue 14, item 11: a busy sign in the field from the keystroke until the results arrive."""
    from reader.ui.app import create_application
    from reader.ui.main_window import MainWindow
    from reader.ui.tasks import TaskRunner
    from tests.conftest import CORPUS

    create_application()
    window = MainWindow(CORPUS, runner=TaskRunner(synchronous=True))
    qtbot.addWidget(window)
    field = window.search.search_field
    assert not field.busy
    qtbot.keyClicks(field, "Taji")
    assert field.busy, "typed, results not in yet (the debounce runs)"
    # The first rows may come before the rest (searched once they are painted): busy until all are in.
    qtbot.waitUntil(lambda: window.search.current_response() is not None, timeout=5000)
    assert field.busy == window.search.is_searching()
    qtbot.waitUntil(lambda: not window.search.is_searching(), timeout=5000)
    assert not field.busy
    assert window.search.current_response().hits, "Taji is in the bundled corpus"
    field.clear()
    assert not field.busy


# ----------------------------------------------------------------------------- first rows first


def test_first_rows_show_while_the_rest_are_still_searched_and_stay_put(
    qtbot: Any, panel: SearchPanel, documents: dict[str, Any]
) -> None:
    """The rows a user sees first do not wait for the hits below them; a row picked meanwhile stays."""
    from reader.ui.search_panel import RESULT_LIMIT

    shown: list[tuple[int, bool, bool, str]] = []

    def on_response(response: SearchResponse | None) -> None:
        if response is None:
            return
        rows = panel.model.rowCount()
        real_snippets = all(  # made from the article's text, not guessed from the marked snippet
            (index := panel.model.index(row, 0)).data(SnippetPartsRole)
            == snippet_parts(documents[index.data(DocIdRole)].text, index.data(MatchesRole))
            for row in range(rows)
        )
        shown.append((rows, panel.is_searching(), real_snippets, panel.status_label.text()))
        if len(shown) == 1:  # the user picks the second row as soon as it is there
            panel.results_view.setCurrentIndex(panel.model.index(1, 0))

    panel.responseChanged.connect(on_response)
    type_query(qtbot, panel, "Iraq")
    response = wait_for_results(qtbot, panel, "Iraq")
    listed = min(response.total, RESULT_LIMIT)
    assert len(response.hits) == listed > 20

    rows, searching, real_snippets, status = shown[0]
    assert 0 < rows < listed and searching and real_snippets
    more = f" (showing the first {listed})" if listed < response.total else ""
    assert status == f"{response.total} articles{more}"
    assert shown[-1][:2] == (listed, False)
    assert visible_hits(panel) == response.hits
    current = panel.results_view.currentIndex()
    assert current.row() == 1 and current.data(HitRole) == response.hits[1]


def test_typing_on_cancels_the_running_search_and_its_rows_never_show(qtbot: Any, panel: SearchPanel) -> None:
    seen: list[str | None] = []
    panel.responseChanged.connect(lambda r: seen.append(r.query if r is not None else None))
    panel.set_query("Iraq")  # searches at once, on the pool
    running = panel._task
    assert running is not None
    type_query(qtbot, panel, "Baghdad")  # typed before the pool could answer
    assert running.cancelled

    response = wait_for_results(qtbot, panel, "Baghdad")
    panel._runner.wait()
    qtbot.wait(DEBOUNCE_MS + 100)  # let any late, queued part arrive
    assert "Iraq" not in seen
    assert panel.current_response() is response and visible_hits(panel) == response.hits
