"""The timeline strip as a reader sees it: month and year labels that never collide, the hatched
"Year only" / "Undated" bars at the right end, the sentence shown when nothing has a month, and
colours that stay legible (WCAG contrast) in every theme.

Geometry is checked through the same ``axis_labels()`` rects the widget paints, and colours both in
the palette the widget derives and in the pixels it actually paints.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import pairwise

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from reader.ingest.model import DateInfo, Document
from reader.ui.chrono_model import KIND_MONTH, KIND_UNDATED, ChronoTreeModel, CountRole, KindRole, LabelRole
from reader.ui.sidebar import SidebarWidget
from reader.ui.theme import THEMES, apply_app_palette
from reader.ui.timeline import (
    SHORT_MONTHS,
    UNDATED,
    YEAR_ONLY,
    AxisLabel,
    TimelineWidget,
    contrast_ratio,
)

ONE_YEAR = {"2020-01": 2, "2020-03": 3, "2020-04": 3}  # the bundled corpus's dated articles
THREE_YEARS = {f"{y}-{m:02d}": (y + m) % 5 for y in (2018, 2019, 2020) for m in range(1, 13)}
DECADES = {f"{y}-{m:02d}": (y * 7 + m * 3) % 11 for y in range(2000, 2021) for m in range(1, 13)}
SPECIALS = ({}, {UNDATED: 21}, {UNDATED: 5, YEAR_ONLY: 3})
SPECIAL_TEXTS = {"Year only", "Yr only", "Yr", "Undated", "n.d."}


# ----------------------------------------------------------------------------- helpers


def make_timeline(qtbot, counts: dict[str, int], undated: dict[str, int] | None = None, width: int = 320):
    timeline = TimelineWidget()
    qtbot.addWidget(timeline)
    timeline.set_counts(counts)
    timeline.set_undated_counts(undated or {})
    timeline.resize(width, timeline.sizeHint().height())
    return timeline


def assert_no_overlap(timeline: TimelineWidget, labels: list[AxisLabel]) -> None:
    widget = timeline.rect()
    ordered = sorted(labels, key=lambda lab: lab.rect.left())
    for label in ordered:
        assert widget.left() <= label.rect.left() and label.rect.right() <= widget.right() + 1, label
        assert label.rect.bottom() <= widget.bottom() + 1, label  # not clipped at the bottom
    for a, b in pairwise(ordered):
        assert a.rect.right() + 3 <= b.rect.left(), (a, b)  # a visible space between any two labels


def texts(labels: list[AxisLabel]) -> list[str]:
    return [lab.text for lab in labels]


def month_texts(labels: list[AxisLabel]) -> set[str]:
    return {lab.text for lab in labels if lab.role == "month"}


def docs_with(values: list[str | None]) -> list[Document]:
    out = []
    for i, value in enumerate(values):
        precision = {10: "day", 7: "month", 4: "year"}.get(len(value or ""))
        date = DateInfo(value, precision, "header" if value else "none", "", None)  # type: ignore[arg-type]
        out.append(
            Document(
                id=f"d{i:03d}",
                source="x.txt",
                segment=1,
                title=f"Article {i}",
                byline=None,
                outlet=None,
                date=date,
                language="en",
                paragraphs=(),
                original="",
                source_span=(0, 0),
                duplicate_of=None,
            )
        )
    return out


def pixel(image: QImage, x: float, y: float) -> QColor:
    return image.pixelColor(int(x), int(y))


def strongest_contrast(image: QImage, rect: QRect, background: QColor) -> float:
    """The highest contrast of any pixel in ``rect`` on ``background``: the core of a glyph's strokes."""
    best = 1.0
    for y in range(max(0, rect.top()), min(image.height(), rect.bottom() + 1)):
        for x in range(max(0, rect.left()), min(image.width(), rect.right() + 1)):
            best = max(best, contrast_ratio(image.pixelColor(x, y), background))
    return best


@pytest.fixture
def themed(qapp) -> Iterator[Callable[[str], object]]:
    """Apply a theme to the whole application, as the app does; the previous palette comes back."""
    before = qapp.palette()
    yield lambda name: apply_app_palette(qapp, name)
    QApplication.setPalette(before)


# ----------------------------------------------------------------------------- labels


@pytest.mark.parametrize("counts", [ONE_YEAR, THREE_YEARS, DECADES], ids=["1y", "3y", "21y"])
@pytest.mark.parametrize("undated", SPECIALS, ids=["dated", "undated", "both"])
def test_labels_never_overlap_at_any_width(qtbot, counts, undated):
    timeline = make_timeline(qtbot, counts, undated)
    for width in range(120, 1001, 20):
        timeline.resize(width, timeline.sizeHint().height())
        labels = timeline.axis_labels()
        assert labels, width
        assert_no_overlap(timeline, labels)
        for label in labels:
            if label.role == "year":
                assert label.text.isdigit() and len(label.text) == 4
            elif label.role == "month":
                assert label.text in SHORT_MONTHS
            else:
                assert label.text in SPECIAL_TEXTS


def test_one_year_gets_every_month_when_wide_and_at_least_quarters_in_the_sidebar(qtbot):
    timeline = make_timeline(qtbot, ONE_YEAR, width=1000)
    labels = timeline.axis_labels()
    assert texts(labels) == ["2020", *SHORT_MONTHS[1:]]  # the year stands at January
    timeline.resize(320, timeline.height())  # the sidebar's default width
    labels = timeline.axis_labels()
    assert texts(labels)[0] == "2020" and {"Apr", "Jul", "Oct"} <= month_texts(labels)


def test_bundled_corpus_sidebar_shows_quarters_beside_the_undated_bar(qtbot):
    """The bundled corpus in the default sidebar: 3 dated months, 21 undated articles."""
    timeline = make_timeline(qtbot, ONE_YEAR, {UNDATED: 21}, width=320)
    labels = timeline.axis_labels()
    assert texts(labels) == ["2020", "Apr", "Jul", "Oct", "Undated"]


def test_month_labels_sit_under_their_bars(qtbot):
    timeline = make_timeline(qtbot, THREE_YEARS, width=900)
    for label in timeline.axis_labels():
        if label.role in ("month", "year"):
            bar = timeline.bar_rect(label.period)
            assert bar.left() - 2 <= label.rect.center().x() <= bar.right() + 2, label


def test_decades_are_labelled_by_evenly_thinned_years(qtbot):
    timeline = make_timeline(qtbot, DECADES, {UNDATED: 40, YEAR_ONLY: 12}, width=200)
    years = [int(lab.text) for lab in timeline.axis_labels() if lab.role == "year"]
    assert not month_texts(timeline.axis_labels())
    assert 2 <= len(years) < 21
    steps = {b - a for a, b in pairwise(years)}
    assert len(steps) == 1  # evenly spaced
    assert years[0] % steps.pop() == 0  # on round years: 2000, 2005, 2010...


# ----------------------------------------------------------------------------- no-month bars


def test_undated_bar_stands_apart_at_the_right_with_its_count(qtbot):
    timeline = make_timeline(qtbot, ONE_YEAR, {UNDATED: 21})
    timeline.show()
    qtbot.waitExposed(timeline)
    assert timeline.special_keys() == [UNDATED]
    rect = timeline.special_rect(UNDATED)
    assert rect.isValid() and timeline.rect().contains(rect)
    last_month = timeline.bar_rect("2020-12")
    assert rect.left() - last_month.right() >= 10  # a gap, not one more month
    label = next(lab for lab in timeline.axis_labels() if lab.role == UNDATED)
    assert label.text == "Undated" and rect.left() <= label.rect.center().x() <= rect.right()

    tip = timeline.tooltip_text(UNDATED)
    assert tip.startswith("Undated: 21 articles") and "listed under “undated”" in tip.lower()
    assert timeline.special_at(rect.center()) == UNDATED and timeline.month_at(rect.center()) == ""

    # Not a month picker: a click neither selects nor signals.
    with qtbot.assertNotEmitted(timeline.monthClicked):
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=rect.center())
    assert timeline.selected_month() == ""
    assert "21 undated" in timeline.accessibleDescription()


def test_undated_bar_is_hatched_unlike_a_month_bar(qtbot):
    timeline = make_timeline(qtbot, ONE_YEAR, {UNDATED: 2})
    image = timeline.grab().toImage()
    march = timeline.bar_rect("2020-03")
    undated = timeline.special_rect(UNDATED)
    bottom = timeline._chart_rect().bottom() - 3  # inside both bars, above the baseline

    def colours_along(rect: QRect) -> set[str]:
        cx = rect.center().x()
        return {pixel(image, x, bottom).name() for x in range(cx - 4, cx + 5)}

    assert len(colours_along(march)) == 1  # a month bar is one solid colour
    assert len(colours_along(undated)) >= 2  # the undated bar alternates hatch and fill


def test_year_only_bar_and_short_labels_when_narrow(qtbot):
    timeline = make_timeline(qtbot, ONE_YEAR, {UNDATED: 5, YEAR_ONLY: 3}, width=600)
    assert timeline.special_keys() == [YEAR_ONLY, UNDATED]
    assert texts(timeline.axis_labels())[-2:] == ["Year only", "Undated"]
    assert timeline.special_rect(YEAR_ONLY).right() < timeline.special_rect(UNDATED).left()
    tip = timeline.tooltip_text(YEAR_ONLY)
    assert tip.startswith("Year only: 3 articles") and "“Year only”" in tip
    timeline.resize(160, timeline.height())
    short = texts(timeline.axis_labels())[-2:]
    assert short[-1] == "n.d." and short[0] in ("Yr only", "Yr")
    assert_no_overlap(timeline, timeline.axis_labels())


def test_search_share_of_the_undated_bar_when_known(qtbot):
    timeline = make_timeline(qtbot, ONE_YEAR, {UNDATED: 21})
    timeline.set_highlight({"2020-03": 2})
    assert "matching" not in timeline.tooltip_text(UNDATED)  # a search's by_month has no undated
    timeline.set_undated_highlight({UNDATED: 4})
    tip = timeline.tooltip_text(UNDATED)
    assert tip.startswith("Undated: 21 articles with no date in their text (4 matching)")
    assert not timeline.grab().isNull()


# ----------------------------------------------------------------------------- empty states


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_all_undated_says_so_instead_of_an_empty_chart(qtbot, themed, theme):
    themed(theme)
    timeline = make_timeline(qtbot, {}, {UNDATED: 29})
    assert timeline.empty_text() == "No dated articles: none of the 29 articles has a date in its text"
    assert timeline.special_keys() == [] and timeline.axis_labels() == []
    assert not timeline.special_rect(UNDATED).isValid()
    image = timeline.grab().toImage()
    placeholder = timeline.palette().color(timeline.palette().ColorRole.PlaceholderText)
    # The sentence is painted, in the placeholder colour: the inkiest pixel of the antialiased
    # glyphs is that colour (give or take the blending), not the text colour and not a bar.
    background = pixel(image, 1, 1)
    inkiest = max(
        (image.pixelColor(x, y) for y in range(image.height()) for x in range(image.width())),
        key=lambda c: contrast_ratio(c, background),
    )
    assert placeholder == QColor(THEMES[theme].muted)
    assert max(abs(a - b) for a, b in zip(inkiest.getRgb(), placeholder.getRgb(), strict=True)) <= 12
    timeline.set_undated_counts({UNDATED: 1})
    assert timeline.empty_text() == "No dated articles: the only article has no date in its text"
    timeline.set_undated_counts({YEAR_ONLY: 2, UNDATED: 4})
    assert timeline.empty_text() == "No article is dated to a month: 2 have only a year, 4 no date"


def test_no_articles(qtbot):
    timeline = make_timeline(qtbot, {}, {})
    assert timeline.empty_text() == "No articles"
    assert not timeline.grab().isNull()
    timeline.set_counts({"2020-01": 1})
    assert timeline.empty_text() == ""


# ----------------------------------------------------------------------------- contrast


@pytest.mark.parametrize("theme", list(THEMES))
def test_colours_reach_wcag_contrast_in_every_theme(qtbot, themed, theme):
    themed(theme)
    timeline = make_timeline(qtbot, ONE_YEAR, {UNDATED: 21})
    colours = timeline._colours()
    window = colours["window"]
    assert window == QColor(THEMES[theme].window)  # the palette the app really sets
    for key in ("bar", "accent", "bar_muted", "special", "axis"):
        assert contrast_ratio(colours[key], window) >= 3.0, key
    for key in ("bar", "accent"):  # the selected month's bar stands on its tinted column
        assert contrast_ratio(colours[key], colours["selected_bg"]) >= 3.0, key
    for key in ("text", "muted_text", "accent_text"):
        assert contrast_ratio(colours[key], window) >= 4.5, key


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_painted_bars_and_labels_are_legible_in_light_and_dark(qtbot, themed, theme):
    """Sample what is painted: plain, selected and search-highlighted bars, and the labels."""
    themed(theme)
    timeline = make_timeline(qtbot, ONE_YEAR, {UNDATED: 21})
    bottom = timeline._chart_rect().bottom() - 2

    def check(image: QImage, month: str, minimum: float = 3.0) -> float:
        background = pixel(image, 1, 1)
        assert background == QColor(THEMES[theme].window)
        bar = timeline.bar_rect(month)
        ratio = contrast_ratio(pixel(image, bar.center().x(), bottom), background)
        assert ratio >= minimum, (theme, month, ratio)
        return ratio

    image = timeline.grab().toImage()
    check(image, "2020-03")
    background = pixel(image, 1, 1)
    for label in timeline.axis_labels():
        assert strongest_contrast(image, label.rect.toAlignedRect(), background) >= 4.5, label
    undated = timeline.special_rect(UNDATED)
    assert strongest_contrast(image, undated.adjusted(0, 20, 0, -20), background) >= 3.0

    timeline.set_selected_month("2020-03")
    image = timeline.grab().toImage()
    check(image, "2020-03")  # the selected bar
    check(image, "2020-04")  # the others, greyed
    tint = pixel(image, timeline.bar_rect("2020-03").center().x(), 4)  # the selected column's tint
    bar = pixel(image, timeline.bar_rect("2020-03").center().x(), bottom)
    assert contrast_ratio(bar, tint) >= 3.0

    timeline.set_selected_month(None)
    timeline.set_highlight({"2020-03": 3, "2020-01": 1})
    image = timeline.grab().toImage()
    check(image, "2020-03")  # a search match
    check(image, "2020-04")  # a month without matches, muted


# ----------------------------------------------------------------------------- fed by the sidebar


def test_sidebar_feeds_the_undated_bar_what_the_tree_shows(qtbot, bundled_corpus):
    sidebar = SidebarWidget()
    qtbot.addWidget(sidebar)
    sidebar.resize(360, 800)
    sidebar.set_documents(list(bundled_corpus.documents))
    sidebar.show()
    qtbot.waitExposed(sidebar)
    model = sidebar.model
    undated_nodes = [
        model.index(r, 0).data(CountRole)
        for r in range(model.rowCount())
        if model.index(r, 0).data(KindRole) == KIND_UNDATED
    ]
    assert sidebar.timeline.undated_counts() == {YEAR_ONLY: 0, UNDATED: undated_nodes[0]}
    assert "Undated" in texts(sidebar.timeline.axis_labels())
    sidebar.language_combo.setCurrentIndex(sidebar.language_combo.findData("ar"))
    arabic = sidebar.timeline.undated_counts()[UNDATED]
    assert 0 < arabic < undated_nodes[0]


def test_model_counts_year_only_and_undated_like_its_nodes():
    model = ChronoTreeModel()
    model.set_documents(docs_with(["2019", "2019", "2020", "2020-03", "2020-03-04", None, None, None]))
    assert model.undated_counts() == {YEAR_ONLY: 3, UNDATED: 3}
    year_only_nodes = 0
    for y in range(model.rowCount()):
        year = model.index(y, 0)
        for m in range(model.rowCount(year)):
            node = model.index(m, 0, year)
            if node.data(KindRole) == KIND_MONTH and node.data(LabelRole) == "Year only":
                year_only_nodes += node.data(CountRole)
    assert year_only_nodes == 3
    model.set_id_filter({"d000", "d005"})
    assert model.undated_counts() == {YEAR_ONLY: 1, UNDATED: 1}
    assert model.undated_counts(include_id_filter=False) == {YEAR_ONLY: 3, UNDATED: 3}
    model.set_month_filter("2020-03")  # the timeline keeps its bars while a month is picked
    assert model.undated_counts(include_id_filter=False) == {YEAR_ONLY: 3, UNDATED: 3}


def test_clicking_a_month_still_works_next_to_the_undated_bar(qtbot):
    timeline = make_timeline(qtbot, ONE_YEAR, {UNDATED: 21})
    with qtbot.waitSignal(timeline.monthClicked) as clicked:
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=timeline.bar_rect("2020-12").center())
    assert clicked.args == ["2020-12"]
    assert timeline.month_at(QPoint(timeline.special_rect(UNDATED).left() - 2, 30)) == ""
