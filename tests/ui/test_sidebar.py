"""The chronological sidebar: the tree model, the timeline strip and the widget that joins them.

Checked against the bundled corpus (what a user first sees) and against small synthetic corpora
for the cases it lacks (year-only and month-only dates, mixed-language articles, markup in titles).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6 import QtGui
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QColor, QImage

from reader.ingest.model import DateInfo, Document
from reader.ui.chrono_model import (
    KIND_DOC,
    KIND_MONTH,
    KIND_UNDATED,
    KIND_YEAR,
    ChronoTreeModel,
    CountRole,
    DateLabelRole,
    DocIdRole,
    DuplicateCountRole,
    DuplicateOfRole,
    KindRole,
    LanguageRole,
    NodeKeyRole,
    OutletRole,
    PeriodRole,
)
from reader.ui.sidebar import SidebarWidget
from reader.ui.timeline import TimelineWidget

SOUTH_FRONT_DUPLICATE = "001_ff668e2db0ba1b04#19"
SOUTH_FRONT_CANONICAL = "001_ff668e2db0ba1b04#17"
SHORT_ARABIC_TITLE = "001_ff668e2db0ba1b04#18"  # 'واشنطن تتهرّب من المواجهة', undated


# ----------------------------------------------------------------------------- helpers


def walk(model: ChronoTreeModel, parent: QModelIndex | None = None) -> Iterator[QModelIndex]:
    parent = parent or QModelIndex()
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        yield index
        yield from walk(model, index)


def ancestors(index: QModelIndex) -> list[QModelIndex]:
    out = []
    parent = index.parent()
    while parent.isValid():
        out.append(parent)
        parent = parent.parent()
    return out


def canonical_rows_below(model: ChronoTreeModel, index: QModelIndex) -> int:
    return sum(
        1 for i in walk(model, index) if i.data(KindRole) == KIND_DOC and i.data(DuplicateOfRole) is None
    )


def visible_doc_ids(model: ChronoTreeModel) -> list[str]:
    return [i.data(DocIdRole) for i in walk(model) if i.data(KindRole) == KIND_DOC]


def month_node_counts(model: ChronoTreeModel) -> dict[str, int]:
    return {
        i.data(PeriodRole): i.data(CountRole)
        for i in walk(model)
        if i.data(KindRole) == KIND_MONTH and len(i.data(PeriodRole)) == 7
    }


def make_doc(
    doc_id: str,
    title: str = "A title",
    value: str | None = None,
    *,
    source: str = "header",
    language: str = "en",
    outlet: str | None = None,
    duplicate_of: str | None = None,
    evidence: str = "",
    not_before: str | None = None,
) -> Document:
    precision = {10: "day", 7: "month", 4: "year"}.get(len(value or ""))
    date = DateInfo(value, precision, source if value else "none", evidence, not_before)  # type: ignore[arg-type]
    return Document(
        id=doc_id,
        source="x.txt",
        segment=1,
        title=title,
        byline=None,
        outlet=outlet,
        date=date,
        language=language,  # type: ignore[arg-type]
        paragraphs=(),
        original=title,
        source_span=(0, len(title)),
        duplicate_of=duplicate_of,
    )


@pytest.fixture
def docs(bundled_corpus) -> list[Document]:
    return list(bundled_corpus.documents)


@pytest.fixture
def model(docs) -> ChronoTreeModel:
    m = ChronoTreeModel()
    m.set_documents(docs)
    return m


@pytest.fixture
def sidebar(qtbot, docs) -> SidebarWidget:
    widget = SidebarWidget()
    qtbot.addWidget(widget)
    widget.resize(360, 800)
    widget.set_documents(docs)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


# ----------------------------------------------------------------------------- model


def test_model_passes_qtmodeltester_through_filters_and_sorts(qtmodeltester, docs):
    model = ChronoTreeModel()
    qtmodeltester.check(model)  # empty
    model.set_documents(docs)
    qtmodeltester.check(model)
    for change in (
        lambda: model.set_newest_first(False),
        lambda: model.set_language_filter({"ar"}),
        lambda: model.set_language_filter(None),
        lambda: model.set_outlet_filter("South Front"),
        lambda: model.set_month_filter("2020-03"),
        lambda: model.set_id_filter({SOUTH_FRONT_DUPLICATE}),
        lambda: model.set_newest_first(True),
        lambda: model.set_id_filter(set()),  # a search with no hits: an empty tree
        lambda: (model.set_id_filter(None), model.set_month_filter(None), model.set_outlet_filter(None)),
    ):
        change()
        qtmodeltester.check(model)
    assert model.canonical_count() == sum(1 for d in docs if d.duplicate_of is None)


def test_every_article_sits_under_its_year_and_month(model, docs):
    seen: dict[str, QModelIndex] = {}
    for index in walk(model):
        if index.data(KindRole) == KIND_DOC:
            assert index.data(DocIdRole) not in seen
            seen[index.data(DocIdRole)] = index
    assert set(seen) == {d.id for d in docs}

    for doc in docs:
        index = seen[doc.id]
        if doc.duplicate_of:
            continue  # placed under its canonical article (tested below)
        groups = ancestors(index)
        if doc.date.value is None:
            assert [g.data(KindRole) for g in groups] == [KIND_UNDATED], doc.id
            continue
        month, year = groups
        assert year.data(KindRole) == KIND_YEAR
        assert year.data(PeriodRole) == doc.date.value[:4]
        assert month.data(KindRole) == KIND_MONTH
        assert month.data(PeriodRole) == doc.date.value[:7]
        assert month.data(Qt.ItemDataRole.DisplayRole).startswith(
            {"01": "January", "03": "March", "04": "April"}[doc.date.value[5:7]]
        )


def test_node_counts_equal_canonical_rows_below_them(model):
    groups = [i for i in walk(model) if i.data(KindRole) != KIND_DOC]
    assert groups
    for index in groups:
        n = canonical_rows_below(model, index)
        assert index.data(CountRole) == n
        assert index.data(Qt.ItemDataRole.DisplayRole).endswith(f"({n})")
    year_2020 = model.index_for_key("2020")
    # Dated honestly (issue 10): articles that name a day and month but no year stay undated.
    # Two more report a day inside a sentence and state no date of their own: undated, marked "≥".
    assert year_2020.data(Qt.ItemDataRole.DisplayRole) == "2020 (6)"
    assert model.index_for_key("2020-04").data(Qt.ItemDataRole.DisplayRole) == "April 2020 (2)"
    assert model.index_for_key("undated").data(Qt.ItemDataRole.DisplayRole) == "Undated (23)"
    # The month counts the timeline uses are the numbers the month nodes show.
    assert model.month_counts() == month_node_counts(model)


def test_duplicate_folds_under_its_canonical_article(model, docs):
    by_id = {d.id: d for d in docs}
    dup = by_id[SOUTH_FRONT_DUPLICATE]
    assert dup.duplicate_of == SOUTH_FRONT_CANONICAL and dup.outlet == "South Front"
    child = model.index_for_doc(SOUTH_FRONT_DUPLICATE)
    canonical = model.index_for_doc(SOUTH_FRONT_CANONICAL)
    assert child.parent() == canonical
    assert child.data(DuplicateOfRole) == SOUTH_FRONT_CANONICAL
    assert canonical.data(DuplicateCountRole) == 1
    assert "+1" in canonical.data(Qt.ItemDataRole.ToolTipRole)
    assert "Duplicate of" in child.data(Qt.ItemDataRole.ToolTipRole)
    # Counted once: 24 undated articles in the corpus (South Front's Taji report and its copy among
    # them: they name "March 11" but no year), one of them a copy.
    undated = [d for d in docs if d.date.value is None]
    assert len(undated) == 24 and dup in undated
    assert model.index_for_key("undated").data(CountRole) == 23


def test_inferred_dates_are_marked_and_explained(model, docs):
    for doc in docs:
        index = model.index_for_doc(doc.id)
        label = index.data(DateLabelRole)
        tooltip = index.data(Qt.ItemDataRole.ToolTipRole)
        assert doc.date.evidence in tooltip
        if doc.date.source == "body":
            assert label.startswith("≈ "), (doc.id, label)
            assert "Inferred from the text" in tooltip
        else:
            assert "≈" not in label
        if doc.date.value is None and doc.date.not_before:
            assert f"Not before {doc.date.not_before}" in tooltip
            if len(doc.date.not_before) == 4:
                assert label == f"not before {doc.date.not_before}"
            else:  # the day it reports
                assert label.startswith("≥ ") and "Undated · written on or after" in tooltip, doc.id
    # It reports the strike of "April 6th" under a tweet of April 6, 2020, and never says when it was
    # written: undated, on or after the day it reports.
    latest = model.index_for_doc("001_ff668e2db0ba1b04#03")
    assert latest.parent() == model.index_for_key("undated")
    assert latest.data(DateLabelRole) == "≥ 6 Apr 2020"
    tooltip = latest.data(Qt.ItemDataRole.ToolTipRole)
    assert tooltip.startswith("Undated · written on or after 6 April 2020")
    assert 'latest date mentioned: "April 6, 2020"' in tooltip
    header = model.index_for_doc("001_ff668e2db0ba1b04#04")
    assert header.data(DateLabelRole) == "4 Apr"
    assert header.data(LanguageRole) == "EN" and header.data(OutletRole) == "Press TV"


def test_tooltips_stay_plain_text_whatever_the_title():
    model = ChronoTreeModel()
    model.set_documents([
        make_doc("a#01", "<b>Breaking</b> news", "2021-05-02"),
        make_doc("a#02", "<img src=x>", None, evidence="<i>none</i>"),
    ])  # fmt: skip
    for index in walk(model):
        tooltip = index.data(Qt.ItemDataRole.ToolTipRole)
        assert not QtGui.Qt.mightBeRichText(tooltip), tooltip
    assert "<b>Breaking</b> news" in model.index_for_doc("a#01").data(Qt.ItemDataRole.ToolTipRole)


def test_language_filter_arabic_shows_only_arabic(model, docs):
    model.set_language_filter({"ar"})
    shown = visible_doc_ids(model)
    expected = {d.id for d in docs if d.language == "ar"}
    assert set(shown) == expected and len(expected) == 9
    assert all(model.index_for_doc(i).data(LanguageRole) == "AR" for i in shown)
    model.set_language_filter({"en"})
    assert all(d.language == "en" for d in docs if d.id in set(visible_doc_ids(model)))


def test_mixed_articles_show_under_both_languages_other_only_under_all():
    model = ChronoTreeModel()
    model.set_documents([
        make_doc("m#01", "Mixed", "2020-01-01", language="mixed"),
        make_doc("o#01", "Other", "2020-01-02", language="other"),
    ])  # fmt: skip
    for languages in ({"en"}, {"ar"}):
        model.set_language_filter(languages)
        assert visible_doc_ids(model) == ["m#01"]
    model.set_language_filter(None)
    assert set(visible_doc_ids(model)) == {"m#01", "o#01"}
    assert model.index_for_doc("m#01").data(LanguageRole) == "MIX"


def test_month_filter_keeps_one_month(model, docs):
    model.set_month_filter("2020-03")
    shown = visible_doc_ids(model)
    assert shown and all(d.date.value.startswith("2020-03") for d in docs if d.id in shown)
    assert set(shown) == {d.id for d in docs if (d.date.value or "").startswith("2020-03")}
    assert [model.index(r, 0).data(NodeKeyRole) for r in range(model.rowCount())] == ["2020"]
    # month_counts ignores the month filter, so the timeline keeps showing every month.
    assert model.month_counts() == {"2020-01": 2, "2020-03": 2, "2020-04": 2}
    model.set_month_filter(None)
    assert len(visible_doc_ids(model)) == len(docs)


def test_sort_orders_and_undated_last(model):
    def top_keys() -> list[str]:
        return [model.index(r, 0).data(NodeKeyRole) for r in range(model.rowCount())]

    def days(month: str) -> list[str]:
        parent = model.index_for_key(month)
        return [model.index(r, 0, parent).data(DateLabelRole) for r in range(model.rowCount(parent))]

    year = model.index_for_key("2020")
    months = [model.index(r, 0, year).data(PeriodRole) for r in range(model.rowCount(year))]
    assert months == ["2020-04", "2020-03", "2020-01"]
    assert days("2020-04") == ["4 Apr", "3 Apr"]
    assert top_keys()[-1] == "undated"
    model.set_newest_first(False)
    year = model.index_for_key("2020")
    months = [model.index(r, 0, year).data(PeriodRole) for r in range(model.rowCount(year))]
    assert months == ["2020-01", "2020-03", "2020-04"]
    assert days("2020-04") == ["3 Apr", "4 Apr"]
    assert top_keys()[-1] == "undated"


def test_year_only_and_month_only_dates_have_their_place():
    model = ChronoTreeModel()
    model.set_documents([
        make_doc("d#01", "Day", "2019-06-10"),
        make_doc("d#02", "Month only", "2019-06"),
        make_doc("d#03", "Year only", "2019", source="body"),
        make_doc("d#04", "Older", "2017-02-01"),
        make_doc("d#05", "Broken", "2019-13-01"),  # a malformed value is treated as undated
    ])  # fmt: skip
    june = model.index_for_key("2019-06")
    assert [model.index(r, 0, june).data(DocIdRole) for r in range(model.rowCount(june))] == ["d#01", "d#02"]
    assert model.index_for_doc("d#02").data(DateLabelRole) == "Jun, day unknown"
    year_only = model.index_for_doc("d#03").parent()
    assert year_only.data(Qt.ItemDataRole.DisplayRole) == "Year only (1)"
    assert year_only.data(KindRole) == KIND_MONTH and year_only.data(PeriodRole) == "2019"
    assert model.index_for_doc("d#03").data(DateLabelRole) == "≈ 2019"
    year = model.index_for_key("2019")
    assert year.data(CountRole) == 3
    assert model.index(model.rowCount(year) - 1, 0, year) == year_only  # after the months
    assert model.index_for_doc("d#05").parent().data(KindRole) == KIND_UNDATED
    assert [model.index(r, 0).data(NodeKeyRole) for r in range(model.rowCount())] == [
        "2019",
        "2017",
        "undated",
    ]
    assert model.month_counts() == {"2019-06": 2, "2017-02": 1}  # the year-only one has no month


def test_duplicate_chains_and_missing_or_cyclic_canonicals():
    model = ChronoTreeModel()
    model.set_documents([
        make_doc("c#01", "Root", "2020-01-01"),
        make_doc("c#02", "Copy", "2020-01-01", duplicate_of="c#01"),
        make_doc("c#03", "Copy of copy", "2020-01-01", duplicate_of="c#02"),
        make_doc("c#04", "Orphan", "2020-01-02", duplicate_of="gone#01"),
        make_doc("c#05", "Loop A", "2020-01-03", duplicate_of="c#06"),
        make_doc("c#06", "Loop B", "2020-01-03", duplicate_of="c#05"),
    ])  # fmt: skip
    root = model.index_for_doc("c#01")
    assert root.data(DuplicateCountRole) == 2
    assert model.index_for_doc("c#03").parent() == root
    assert not model.index_for_doc("c#04").parent().data(DocIdRole)  # stands on its own
    assert model.index_for_doc("c#06").parent() == model.index_for_doc("c#05")
    assert model.index_for_key("2020-01").data(CountRole) == 3


def test_id_filter_keeps_groups_with_any_hit(model):
    model.set_id_filter({SOUTH_FRONT_DUPLICATE, "001_ff668e2db0ba1b04#06"})
    assert set(visible_doc_ids(model)) == {
        SOUTH_FRONT_CANONICAL,
        SOUTH_FRONT_DUPLICATE,
        "001_ff668e2db0ba1b04#06",
    }
    assert model.month_counts() == {}  # the South Front pair and #06 are undated
    assert model.month_counts(include_id_filter=False)["2020-03"] == 2


def test_outlets_sorted_for_the_combo(model):
    outlets = model.outlets()
    assert outlets == sorted(outlets, key=str.casefold)
    assert {"South Front", "Press TV", "الميادين نت"} <= set(outlets)
    model.set_outlet_filter("South Front")
    assert {model.index_for_doc(i).data(OutletRole) for i in visible_doc_ids(model)} == {"South Front"}


# ----------------------------------------------------------------------------- timeline


def test_timeline_counts_equal_the_tree(sidebar):
    model = sidebar.model
    assert sidebar.timeline.counts() == month_node_counts(model) == {"2020-01": 2, "2020-03": 2, "2020-04": 2}
    sidebar.language_combo.setCurrentIndex(sidebar.language_combo.findData("ar"))
    assert sidebar.timeline.counts() == month_node_counts(model) == {"2020-01": 1, "2020-03": 1}
    sidebar.outlet_combo.setCurrentIndex(sidebar.outlet_combo.findData("South Front"))
    assert sidebar.timeline.counts() == month_node_counts(model) == {}
    # The axis stays on the corpus's years while filters change.
    assert sidebar.timeline.months()[0] == "2020-01" and sidebar.timeline.months()[-1] == "2020-12"


def test_clicking_a_bar_filters_the_tree_and_clicking_again_clears(qtbot, sidebar, docs):
    timeline = sidebar.timeline
    rect = timeline.bar_rect("2020-03")
    assert rect.isValid() and timeline.rect().contains(rect.center())
    with (
        qtbot.waitSignal(timeline.monthClicked) as clicked,
        qtbot.waitSignal(sidebar.monthSelected) as selected,
    ):
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=rect.center())
    assert clicked.args == ["2020-03"] and selected.args == ["2020-03"]
    assert timeline.selected_month() == "2020-03"
    shown = visible_doc_ids(sidebar.model)
    assert set(shown) == {d.id for d in docs if (d.date.value or "").startswith("2020-03")}
    assert sidebar.month_row.isVisibleTo(sidebar)

    with qtbot.waitSignal(sidebar.monthSelected) as cleared:
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=timeline.bar_rect("2020-03").center())
    assert cleared.args == [""]
    assert len(visible_doc_ids(sidebar.model)) == len(docs)
    assert not sidebar.month_row.isVisibleTo(sidebar)


def test_escape_and_clear_button_clear_the_month(qtbot, sidebar):
    timeline = sidebar.timeline
    qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=timeline.bar_rect("2020-04").center())
    assert sidebar.model.month_filter() == "2020-04"
    with qtbot.waitSignal(timeline.monthClicked) as esc:
        qtbot.keyClick(timeline, Qt.Key.Key_Escape)
    assert esc.args == [""] and sidebar.model.month_filter() is None
    qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=timeline.bar_rect("2020-04").center())
    with qtbot.waitSignal(sidebar.monthSelected) as cleared:
        qtbot.mouseClick(sidebar.clear_month_button, Qt.MouseButton.LeftButton)
    assert cleared.args == [""] and timeline.selected_month() == ""


def test_timeline_tooltip_and_highlight(qtbot):
    timeline = TimelineWidget()
    qtbot.addWidget(timeline)
    timeline.set_counts({"2020-04": 7, "2019-11": 1})
    assert timeline.months()[0] == "2019-01" and timeline.months()[-1] == "2020-12"  # whole years
    assert timeline.tooltip_text("2020-04").startswith("April 2020: 7 articles")
    timeline.set_highlight({"2020-04": 3})
    assert timeline.tooltip_text("2020-04").startswith("April 2020: 7 articles (3 matching)")
    assert timeline.tooltip_text("2019-11").startswith("November 2019: 1 article (0 matching)")
    assert not timeline.bar_rect("2031-01").isValid()
    assert timeline.accessibleName()
    assert 60 <= timeline.sizeHint().height() <= 90
    timeline.resize(320, timeline.sizeHint().height())
    assert timeline.month_at(timeline.bar_rect("2020-04").center()) == "2020-04"


def test_timeline_paints_long_ranges_and_nothing(qtbot):
    """Twenty years of months and an empty corpus both paint (bars under a pixel wide included)."""
    timeline = TimelineWidget()
    qtbot.addWidget(timeline)
    timeline.resize(200, 70)
    timeline.set_counts({f"{y}-{m:02d}": (y + m) % 9 for y in range(2000, 2021) for m in range(1, 13)})
    timeline.set_selected_month("2010-05")
    assert not timeline.grab().isNull()
    assert timeline.month_at(timeline.bar_rect("2010-05").center()) == "2010-05"
    timeline.set_counts({})
    timeline.set_span(None)
    timeline.set_selected_month(None)
    assert timeline.months() == [] and not timeline.grab().isNull()


def test_search_overlay_counts_the_tree_rows_when_ids_are_filtered(sidebar):
    sidebar.set_search_counts({"2020-03": 99})  # from the search service, shown as given
    assert sidebar.timeline.highlight() == {"2020-03": 99}
    sidebar.set_id_filter({SOUTH_FRONT_DUPLICATE, "001_ff668e2db0ba1b04#04"})
    assert sidebar.timeline.highlight() == {"2020-04": 1}  # the South Front copy is undated
    assert sidebar.timeline.counts() == {"2020-01": 2, "2020-03": 2, "2020-04": 2}  # muted base
    sidebar.set_id_filter(None)
    sidebar.set_search_counts(None)
    assert sidebar.timeline.highlight() is None


# ----------------------------------------------------------------------------- sidebar widget


def test_clicking_an_article_opens_it(qtbot, sidebar):
    doc_id = "001_ff668e2db0ba1b04#04"
    index = sidebar.model.index_for_doc(doc_id)
    rect = sidebar.tree.visualRect(index)
    assert rect.isValid() and sidebar.tree.viewport().rect().contains(rect.center())
    with qtbot.waitSignal(sidebar.documentActivated) as opened:
        qtbot.mouseClick(sidebar.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [doc_id]
    assert sidebar.tree.currentIndex() == index


def test_enter_opens_and_clicking_a_group_toggles_it(qtbot, sidebar):
    index = sidebar.model.index_for_doc("001_ff668e2db0ba1b04#03")
    sidebar.tree.setCurrentIndex(index)
    with qtbot.waitSignal(sidebar.documentActivated) as opened:
        qtbot.keyClick(sidebar.tree, Qt.Key.Key_Return)
    assert opened.args == ["001_ff668e2db0ba1b04#03"]

    april = sidebar.model.index_for_key("2020-04")
    assert sidebar.tree.isExpanded(april)
    with qtbot.assertNotEmitted(sidebar.documentActivated):
        qtbot.mouseClick(
            sidebar.tree.viewport(), Qt.MouseButton.LeftButton, pos=sidebar.tree.visualRect(april).center()
        )
    assert not sidebar.tree.isExpanded(april)
    assert sidebar.state()["collapsed"] == ["2020-04"]


def test_expansion_and_selection_survive_filter_changes(sidebar):
    sidebar.select_document("001_ff668e2db0ba1b04#16")
    sidebar.tree.collapse(sidebar.model.index_for_key("undated"))
    sidebar.language_combo.setCurrentIndex(sidebar.language_combo.findData("ar"))
    index = sidebar.model.index_for_doc("001_ff668e2db0ba1b04#16")
    assert sidebar.tree.currentIndex() == index
    assert sidebar.tree.isExpanded(sidebar.model.index_for_key("2020-03"))
    assert not sidebar.tree.isExpanded(sidebar.model.index_for_key("undated"))


def test_select_document_reveals_duplicates_and_reports_hidden_ones(sidebar):
    assert sidebar.select_document(SOUTH_FRONT_DUPLICATE)
    index = sidebar.model.index_for_doc(SOUTH_FRONT_DUPLICATE)
    assert sidebar.tree.currentIndex() == index
    assert sidebar.tree.isExpanded(index.parent())
    sidebar.language_combo.setCurrentIndex(sidebar.language_combo.findData("ar"))
    assert not sidebar.select_document("001_ff668e2db0ba1b04#04")
    assert not sidebar.tree.selectionModel().hasSelection()


def test_state_round_trip(qtbot, docs, sidebar):
    sidebar.sort_button.click()
    assert sidebar.sort_button.text() == "Oldest first"
    sidebar.language_combo.setCurrentIndex(sidebar.language_combo.findData("en"))
    sidebar.outlet_combo.setCurrentIndex(sidebar.outlet_combo.findData("Press TV"))
    sidebar.tree.collapse(sidebar.model.index_for_key("2020-04"))
    state = sidebar.state()
    assert state == {
        "newest_first": False,
        "language": "en",
        "outlet": "Press TV",
        "collapsed": ["2020-04"],
    }

    for restore_first in (True, False):  # the main window may restore before or after the scan
        other = SidebarWidget()
        qtbot.addWidget(other)
        if restore_first:
            other.restore_state(state)
            other.set_documents(docs)
        else:
            other.set_documents(docs)
            other.restore_state(state)
        assert other.state() == state
        assert other.model.outlet_filter() == "Press TV"
        assert other.model.language_filter() == {"en"}
        assert not other.model.newest_first()
        assert other.sort_button.text() == "Oldest first"
        assert not other.tree.isExpanded(other.model.index_for_key("2020-04"))
        assert other.tree.isExpanded(other.model.index_for_key("2020"))  # (only the month was closed)
        assert other.timeline.counts() == month_node_counts(other.model)


def test_restore_tolerates_stale_and_bad_state(qtbot, docs):
    widget = SidebarWidget()
    qtbot.addWidget(widget)
    widget.restore_state({"outlet": "Gone Daily", "language": "klingon", "collapsed": "oops"})
    widget.set_documents(docs)
    assert widget.state() == {"newest_first": True, "language": "all", "outlet": None, "collapsed": []}
    assert len(visible_doc_ids(widget.model)) == len(docs)
    widget.restore_state(None)
    assert widget.state()["language"] == "all"


def _ink_span(image: QImage, top: int, bottom: int, background: QColor) -> tuple[int, int]:
    """Leftmost and rightmost columns with pixels that differ from the background."""
    xs = [
        x
        for y in range(top, bottom)
        for x in range(image.width())
        if abs(QColor(image.pixel(x, y)).lightness() - background.lightness()) > 60
    ]
    return min(xs), max(xs)


def test_arabic_titles_are_drawn_right_aligned(sidebar):
    tree = sidebar.tree
    image = tree.viewport().grab().toImage()
    background = tree.palette().color(tree.viewport().backgroundRole())
    for doc_id, rtl in ((SHORT_ARABIC_TITLE, True), ("001_ff668e2db0ba1b04#04", False)):
        index = sidebar.model.index_for_doc(doc_id)
        tree.scrollTo(index)
        image = tree.viewport().grab().toImage()
        rect = tree.visualRect(index)
        title_bottom = rect.top() + tree.fontMetrics().height()
        left, right = _ink_span(image, rect.top() + 2, title_bottom, background)
        gap_left, gap_right = left - rect.left(), rect.right() - right
        if rtl:
            assert gap_right < 12 < gap_left, (doc_id, gap_left, gap_right)
        else:
            assert gap_left < 12, (doc_id, gap_left, gap_right)


def test_grab_paints_in_light_and_dark(qtbot, docs):
    """A smoke test of the painting code under a dark palette (screenshots are in /work/artifacts)."""
    from PySide6.QtGui import QPalette

    widget = SidebarWidget()
    qtbot.addWidget(widget)
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, QColor(40, 40, 40)),
        (QPalette.ColorRole.Base, QColor(30, 30, 30)),
        (QPalette.ColorRole.Text, QColor(230, 230, 230)),
        (QPalette.ColorRole.WindowText, QColor(230, 230, 230)),
    ):
        palette.setColor(role, colour)
    widget.setPalette(palette)
    widget.resize(360, 800)
    widget.set_documents(docs)
    widget.set_search_counts({"2020-03": 2})
    widget.set_month("2020-03")
    assert not widget.grab().isNull()
    assert widget.timeline.selected_month() == "2020-03"
    assert widget.tree.mapToGlobal(QPoint(0, 0)) is not None


def test_the_duplicate_arrow_unfolds_without_opening(qtbot, sidebar):
    canonical = sidebar.model.index_for_doc(SOUTH_FRONT_CANONICAL)
    sidebar.tree.expand(canonical.parent())  # undated (it names "March 11" but no year)
    sidebar.tree.scrollTo(canonical)
    rect = sidebar.tree.visualRect(canonical)
    arrow = QPoint(rect.left() - sidebar.tree.indentation() // 2, rect.center().y())
    assert not sidebar.tree.isExpanded(canonical)
    with qtbot.assertNotEmitted(sidebar.documentActivated):
        qtbot.mouseClick(sidebar.tree.viewport(), Qt.MouseButton.LeftButton, pos=arrow)
    assert sidebar.tree.isExpanded(canonical)


def test_timeline_arrow_keys_step_through_months(qtbot, sidebar):
    timeline = sidebar.timeline
    with qtbot.waitSignal(timeline.monthClicked) as first:
        qtbot.keyClick(timeline, Qt.Key.Key_Right)
    assert first.args == ["2020-01"]
    qtbot.keyClick(timeline, Qt.Key.Key_Right)
    qtbot.keyClick(timeline, Qt.Key.Key_Right)
    assert sidebar.model.month_filter() == "2020-03"
    assert "March 2020" in timeline.accessibleDescription()
