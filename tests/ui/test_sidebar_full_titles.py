"""The full title of an article is reachable in the list without a tooltip (issue 14, item 11).

A keyboard-only or screen-reader user cannot hover, and a 150-character Arabic headline cut to
one line says little. Rows wrap their title to two lines, the row the keyboard is on shows the
whole title, and the row's accessible name and description carry it all. Checked on what is
painted (bands of ink in a grab of the list) and on what accessibility clients are given.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAccessible, QColor, QFontMetrics, QImage

from reader.ui.sidebar import SidebarWidget
from tests.ui.test_sidebar import make_doc

LONG_EN = (
    "US and Iraqi officials trade accusations over the strike near Al-Qaim as parliament debates "
    "withdrawal and militias promise retaliation across the region"
)
LONG_AR = (
    "البرلمان العراقي يصوّت على قرار يطالب الحكومة بإنهاء وجود القوات الأجنبية في البلاد بعد "
    "اغتيال قائد فيلق القدس ونائب رئيس هيئة الحشد الشعبي في بغداد، وسط تهديدات بالرد ومخاوف من "
    "اتساع المواجهة في المنطقة"
)  # (long enough for three lines or more in any Arabic font: Noto Naskh sets it tighter than DejaVu)
SHORT_EN = "Short English headline"
SHORT_AR = "عنوان عربي قصير"

# Newest first: the rows come in this order under 2020 → January 2020.
DOCS = (
    ("en-long", LONG_EN, "2020-01-04", "en"),
    ("ar-long", LONG_AR, "2020-01-03", "ar"),
    ("en-short", SHORT_EN, "2020-01-02", "en"),
    ("ar-short", SHORT_AR, "2020-01-01", "ar"),
)


@pytest.fixture
def sidebar(qtbot) -> SidebarWidget:
    widget = SidebarWidget()
    qtbot.addWidget(widget)
    widget.resize(360, 700)
    widget.set_documents(
        [make_doc(doc_id, title, date, language=lang, outlet="Outlet") for doc_id, title, date, lang in DOCS]
    )
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _row(sidebar: SidebarWidget, doc_id: str) -> QModelIndex:
    index = sidebar.model.index_for_doc(doc_id)
    assert index.isValid()
    return index


def _ink_bands(sidebar: SidebarWidget, doc_id: str) -> list[tuple[int, int, int, int]]:
    """Lines of text painted in a row, top to bottom: (top, bottom, left, right) of each band of
    pixel rows that hold ink, in viewport coordinates (a dot or the tail of a letter split off
    from its line, under 3 pixels high, is not a line)."""
    tree = sidebar.tree
    index = _row(sidebar, doc_id)
    tree.scrollTo(index)
    rect = tree.visualRect(index)
    image: QImage = tree.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    background = QColor(image.pixel(int((rect.left() + 1) * ratio), int((rect.top() + 1) * ratio)))

    def ink_xs(y: int) -> list[int]:
        def ink(x: int) -> bool:
            colour = QColor(image.pixel(int(x * ratio), int(y * ratio)))
            return abs(colour.lightness() - background.lightness()) > 60

        return [x for x in range(rect.left(), rect.right()) if ink(x)]

    bands: list[tuple[int, int, int, int]] = []
    start = None
    span: list[int] = []
    for y in range(rect.top(), rect.bottom() + 2):
        xs = ink_xs(y) if y <= rect.bottom() else []
        if xs and start is None:
            start, span = y, []
        if xs:
            span.extend((min(xs), max(xs)))
        elif start is not None:
            if y - start >= 3:
                bands.append((start, y - 1, min(span), max(span)))
            start = None
    return bands


def _title_lines(sidebar: SidebarWidget, doc_id: str) -> int:
    """Lines of title painted in a row: the height of its ink above the date line, in lines.

    Counted from the height rather than from gaps between lines: Arabic dots and descenders can
    touch the line below, so two Arabic lines are one band of ink.
    """
    bands = _ink_bands(sidebar, doc_id)
    assert len(bands) >= 2, bands  # a title and the date line under it
    top, bottom = bands[0][0], bands[-2][1]
    return round((bottom - top + 1) / QFontMetrics(sidebar.tree.font()).height())


def test_a_long_title_wraps_to_two_lines_and_a_short_one_keeps_one(sidebar):
    line = QFontMetrics(sidebar.tree.font()).height()
    for doc_id in ("en-long", "ar-long"):
        assert sidebar.tree.visualRect(_row(sidebar, doc_id)).height() > 2 * line, doc_id
        assert _title_lines(sidebar, doc_id) == 2, doc_id
    for doc_id in ("en-short", "ar-short"):
        assert _title_lines(sidebar, doc_id) == 1, doc_id


def test_wrapped_arabic_is_right_aligned_and_cut_at_its_logical_end(sidebar):
    index = _row(sidebar, "ar-long")
    rect = sidebar.tree.visualRect(index)
    title = _ink_bands(sidebar, "ar-long")[:-1]
    for _top, _bottom, left, right in title:
        assert rect.right() - right < 12 < left - rect.left()
    width = rect.width() - 8
    shown = sidebar.delegate.title_layout(sidebar.tree.font(), index, width)[0].text()
    assert shown.endswith("…")
    assert LONG_AR.startswith(shown[:-1].rstrip())  # the beginning is kept: it reads from the right


def test_every_row_but_the_current_one_keeps_one_height(sidebar):
    """Steady rows scroll a 10k-article list fast: only the current row is measured."""
    heights = {sidebar.tree.visualRect(_row(sidebar, doc_id)).height() for doc_id, *_ in DOCS}
    assert len(heights) == 1


def test_moving_to_a_row_with_the_keyboard_shows_its_whole_title(qtbot, sidebar):
    tree = sidebar.tree
    resting = tree.visualRect(_row(sidebar, "en-long")).height()
    tree.setFocus()
    sidebar.select_document("en-short")
    qtbot.keyClick(tree, Qt.Key.Key_Up)
    qtbot.keyClick(tree, Qt.Key.Key_Up)
    assert tree.currentIndex() == _row(sidebar, "en-long")
    assert tree.visualRect(tree.currentIndex()).height() > resting
    assert _title_lines(sidebar, "en-long") == 4  # the whole title, then the date
    width = tree.visualRect(tree.currentIndex()).width() - 8
    assert sidebar.delegate.title_layout(tree.font(), tree.currentIndex(), width)[0].text() == LONG_EN

    qtbot.keyClick(tree, Qt.Key.Key_Down)  # the Arabic one: whole, right to left
    assert _title_lines(sidebar, "en-long") == 2
    assert tree.visualRect(_row(sidebar, "en-long")).height() == resting
    assert _title_lines(sidebar, "ar-long") > 2
    rect = tree.visualRect(_row(sidebar, "ar-long"))
    shown = sidebar.delegate.title_layout(tree.font(), tree.currentIndex(), rect.width() - 8)[0]
    assert shown.text() == LONG_AR
    for _top, _bottom, _left, right in _ink_bands(sidebar, "ar-long"):
        assert rect.right() - right < 12


def test_a_narrower_list_rewraps_the_current_title(qtbot, sidebar):
    sidebar.resize(700, 700)
    sidebar.select_document("en-long")
    qtbot.waitUntil(lambda: _title_lines(sidebar, "en-long") == 2, timeout=2000)
    sidebar.resize(sidebar.minimumSizeHint().width(), 700)
    qtbot.waitUntil(lambda: _title_lines(sidebar, "en-long") >= 4, timeout=2000)
    rect = sidebar.tree.visualRect(_row(sidebar, "en-long"))
    assert max(right for *_rest, right in _ink_bands(sidebar, "en-long")) < rect.right()


def test_screen_readers_get_the_full_title_and_where_the_date_came_from(qtbot, sidebar):
    tree = sidebar.tree
    tree.setFocus()
    sidebar.select_document("ar-long")
    cell = QAccessible.queryAccessibleInterface(tree).focusChild()
    assert cell is not None
    assert cell.text(QAccessible.Text.Name).startswith(LONG_AR)
    description = cell.text(QAccessible.Text.Description)
    assert "3 January 2020" in description and "article header" in description
    assert LONG_AR not in description  # the name has just been read out
    assert _row(sidebar, "ar-long").data(Qt.ItemDataRole.DisplayRole) == LONG_AR
