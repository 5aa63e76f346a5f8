"""Highlights carried across translations, as the reader sees them: in the side-by-side view, in
the Arabic article read alone, and in the PDF; and Arabic tags with their "#" first.

"Lighter" is checked on the painted pixels: the counterpart paragraph's line is filled with a tint
of the same colour that is nearer the page than the highlight the reader made.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QFont, QTextCharFormat, QTextLayout, QTextOption
from PySide6.QtWidgets import QApplication

from reader.align import align
from reader.store.carry import AlignedPair, carry_highlight
from reader.store.db import open_store
from reader.store.exports import export_markdown
from reader.ui.colours import highlight_background
from reader.ui.parallel_view import ParallelTab
from reader.ui.pdf_export import build_document
from reader.ui.reading.marks import FLASH_MS, HIGHLIGHT_KEY_PROPERTY
from reader.ui.reading.tab import ArticleTab
from tests.ui.test_parallel_view import close_all, open_pair, select
from tests.ui.windows import active_window, module_profile

EN_000, AR_000 = "000_6e14188510fd6a63#01", "000_6e14188510fd6a63-ar#01"
EN_WORDS = "US has been so active in political and civic field of Iraq"  # English ¶ 3 = Arabic ¶ 3-4
AR_WORDS = "شكّلت الهجمات الأميركية"  # Arabic ¶ 5 = English ¶ 4-5
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier

shared_home, profile = module_profile("carried")


def line_colour(pane: ArticleTab, cp: int, chars: int = 0) -> QColor:
    """The colour most of a line is painted in just below its top (between the letters: the fill a
    highlight gives the line): the ``chars`` characters from ``cp``, or the middle of the line."""
    view = pane.view
    view.scroll_to_offset(cp)
    view.viewport().repaint()
    image = view.viewport().grab().toImage()

    def rect(at: int):
        cursor = view.textCursor()
        cursor.setPosition(view.qt_position(at))
        return view.cursorRect(cursor)

    top = rect(cp).top() + 2
    if chars:
        while chars > 1 and rect(cp + chars).top() != rect(cp).top():
            chars -= 1  # the line wraps before: as many as are on the first line
        xs = sorted((rect(cp).x(), rect(cp + chars).x()))
    else:
        xs = [view.viewport().width() // 4, view.viewport().width() * 3 // 4]
    counts = Counter(image.pixelColor(x, top).name() for x in range(xs[0] + 1, xs[1]))
    return QColor(counts.most_common(1)[0][0])


def distance(a: QColor, b: QColor) -> float:
    return sum((x - y) ** 2 for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True)) ** 0.5


def selections(pane: ArticleTab, key: str) -> list:
    """The ExtraSelections that draw the highlight ``key`` on the page."""
    return [s for s in pane.view.extraSelections() if s.format.property(HIGHLIGHT_KEY_PROPERTY) == key]


def drawn(pane: ArticleTab, key: str) -> list[tuple[int, int]]:
    view = pane.view
    return [(view.doc_offset(s.cursor.selectionStart()), view.doc_offset(s.cursor.selectionEnd()))
            for s in selections(pane, key)]


def highlight_point(pane: ArticleTab, cp: int) -> QPoint:
    view = pane.view
    cursor = view.textCursor()
    cursor.setPosition(view.qt_position(cp))
    return view.cursorRect(cursor).center()


def test_a_carried_highlight_is_linked_and_lighter_at_the_aligned_paragraphs(qtbot) -> None:
    window = active_window(qtbot)
    tab = open_pair(qtbot, window, EN_000, AR_000)
    left, right = tab.left, tab.right
    en, ar = left.document, right.document
    start = en.text.index(EN_WORDS)
    left.view.scroll_to_offset(start)
    left.view.setFocus()
    select(left.view, start, start + len(EN_WORDS))
    qtbot.keyClick(left.view, Qt.Key.Key_4)
    [source] = [a for a in window.store.for_document(EN_000) if a.anchor.quote == EN_WORDS]

    menu = window.annotations.context_menu(left, highlight_point(left, start + 3))
    carry = next(a for a in menu.actions() if a.text() == "Carry to the Arabic version")
    carry.trigger()
    qtbot.wait(FLASH_MS + 50)  # the copy flashes once where it landed
    [copy] = [a for a in window.store.for_document(AR_000) if a.carried_from == source.uuid]
    first, last = ar.paragraphs[2], ar.paragraphs[3]
    assert (copy.anchor.start, copy.anchor.end) == (first.start, last.end) and copy.colour == 4
    assert drawn(right, copy.uuid) == [(first.start, last.end)]
    assert window.statusBar().currentMessage() == "Carried to the Arabic version (¶ 3–4)"
    [sel] = selections(right, copy.uuid)
    dashed = QTextCharFormat.UnderlineStyle.DashUnderline
    assert sel.format.underlineStyle() == dashed, "a dashed line: carried, not chosen by the reader"

    theme = right.view.theme
    page = theme.color("background")
    normal = highlight_background(window.annotations.colour(4).rgb, theme)
    assert distance(line_colour(left, start, 12), normal) < 3, "the source: full colour"
    painted = line_colour(right, first.start)
    assert distance(painted, page) > 10, "the counterpart paragraph is highlighted"
    assert distance(painted, page) < distance(normal, page) - 10, "and lighter than the source"
    assert painted.blue() > painted.red(), "in the same (blue) colour"
    # Carrying again adds nothing; it says where the copy is.
    menu = window.annotations.context_menu(left, highlight_point(left, start + 3))
    next(a for a in menu.actions() if a.text() == "Carry to the Arabic version").trigger()
    assert window.statusBar().currentMessage() == "Already in the Arabic version (¶ 3–4)"
    qtbot.wait(FLASH_MS + 50)
    assert len([a for a in window.store.for_document(AR_000) if a.carried_from]) == 1

    # Read alone, the Arabic article shows the copy lighter too.
    window.open_article(AR_000)
    single = window.tabs.tab_for(AR_000)
    assert drawn(single, copy.uuid) == [(first.start, last.end)]
    assert distance(line_colour(single, first.start), painted) < 3

    # Exporting this (Arabic) article's notes alone still prints the English quote beside the copy.
    target = Path(tempfile.mkdtemp()) / "ar-notes.md"
    qtbot.waitUntil(lambda: window.notes.document is not None and window.notes.document.id == AR_000)
    task = window.notes_io.export_to(target, "article", "md")
    assert task is not None
    qtbot.waitUntil(target.exists, timeout=5000)
    exported = target.read_text(encoding="utf-8")
    assert "In the English version" in exported and EN_WORDS in exported

    # Deleting the source asks nothing and leaves the copy, still lighter, for the reader to delete.
    window.tabs.setCurrentWidget(tab)
    assert window.annotations.delete(source.uuid)
    assert QApplication.activeModalWidget() is None
    assert drawn(right, copy.uuid) == [(first.start, last.end)]
    assert distance(line_colour(right, first.start), painted) < 3
    assert window.annotations.delete(copy.uuid)
    assert drawn(right, copy.uuid) == []
    close_all(window)


def test_the_shortcut_carries_an_arabic_highlight_to_the_english_paragraphs(qtbot) -> None:
    window = active_window(qtbot)
    tab = open_pair(qtbot, window, EN_000, AR_000)
    assert isinstance(tab, ParallelTab)
    left, right = tab.left, tab.right
    ar = right.document
    start = ar.text.index(AR_WORDS)
    right.view.scroll_to_offset(start)
    right.view.setFocus()
    qtbot.waitUntil(lambda: tab.focused_pane() is right, timeout=2000)
    select(right.view, start, start + len(AR_WORDS))
    qtbot.keyClick(right.view, Qt.Key.Key_2)
    [source] = [a for a in window.store.for_document(AR_000) if a.anchor.quote == AR_WORDS]
    cursor = right.view.textCursor()
    cursor.setPosition(right.view.qt_position(start + 2))
    right.view.setTextCursor(cursor)  # the caret in the highlight
    qtbot.keyClick(right.view, Qt.Key.Key_T, CTRL_SHIFT)
    [copy] = [a for a in window.store.for_document(EN_000) if a.carried_from == source.uuid]
    en = left.document
    assert (copy.anchor.start, copy.anchor.end) == (en.paragraphs[3].start, en.paragraphs[4].end)
    assert drawn(left, copy.uuid) == [(en.paragraphs[3].start, en.paragraphs[4].end)]
    assert "English version" in window.statusBar().currentMessage()
    for a in (copy, source):
        window.store.delete(a.uuid)
    close_all(window)


def test_the_shortcut_explains_itself_outside_the_side_by_side_view(qtbot) -> None:
    window = active_window(qtbot)
    close_all(window)
    window.open_article(EN_000)
    view = window.tabs.current_tab().view
    before = len(window.store.all())
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_T, CTRL_SHIFT)
    assert "side by side" in window.statusBar().currentMessage()
    assert len(window.store.all()) == before
    close_all(window)


# ---------------------------------------------------------------------------------------------
# Exports that need Qt: the PDF, and where the "#" of an Arabic tag is drawn


@pytest.fixture
def pair_store(tmp_path: Path, bundled_corpus):
    docs = {d.id: d for d in bundled_corpus.documents}
    en, ar = docs[EN_000], docs[AR_000]
    store = open_store(tmp_path / "annotations.sqlite3", auto_backup=False)
    start = en.text.index(EN_WORDS)
    source = store.add_highlight(en, start, start + len(EN_WORDS), 4, tags=["وسم", "militias"])
    pair = AlignedPair(en, ar, align([p.text for p in en.paragraphs], [p.text for p in ar.paragraphs]))
    copy = carry_highlight(store, source, pair).annotation
    yield store, docs, copy
    store.close()


def test_pdf_prints_the_other_versions_quote_on_both_sides(qapp, pair_store) -> None:
    store, docs, copy = pair_store
    text = build_document(store.all(), docs, store.palette()).toPlainText()
    assert "In the Arabic version (¶ 3):" in text and "In the English version (¶ 3):" in text
    arabic = copy.anchor.quote.split("\n\n")[0]
    assert text.count(arabic) == 2 and text.count(EN_WORDS) == 2, "each quote on both sides"


def hash_and_word_x(layout: QTextLayout, text: str, word: str) -> tuple[float, float]:
    """Right edge of the "#" before ``word`` and left edge of ``word``, as laid out (visual x)."""
    at = text.index(word)
    hash_at = text.rindex("#", 0, at)

    def extent(start: int, length: int) -> tuple[float, float]:
        rects = [run.boundingRect() for run in layout.glyphRuns(start, length)]
        return min(r.left() for r in rects), max(r.right() for r in rects)

    return extent(hash_at, 1)[1], extent(at, len(word))[0]


def test_an_arabic_tags_hash_is_drawn_before_it_in_pdf_and_markdown(qapp, pair_store) -> None:
    """Issue 14: the notes list shows "#وسم"; the PDF and Markdown showed "وسم#"."""
    store, docs, _copy = pair_store
    doc = build_document(store.all(), docs, store.palette())
    doc.setTextWidth(600)
    doc.documentLayout().documentSize()  # lays every block out
    block = doc.begin()
    while block.isValid() and "وسم" not in block.text():
        block = block.next()
    assert block.isValid()
    hash_right, word_left = hash_and_word_x(block.layout(), block.text(), "وسم")
    assert hash_right <= word_left + 0.5, "PDF: the '#' is left of the Arabic tag"

    md = export_markdown(store.all(), docs, store.palette())
    meta = next(line for line in md.splitlines() if "وسم" in line and line.startswith("**"))
    for direction in (Qt.LayoutDirection.LeftToRight, Qt.LayoutDirection.RightToLeft):
        layout = QTextLayout(meta, QFont())
        option = QTextOption()
        option.setTextDirection(direction)  # a viewer may lay the line out either way
        layout.setTextOption(option)
        layout.beginLayout()
        layout.createLine().setLineWidth(4000)
        layout.endLayout()
        hash_right, word_left = hash_and_word_x(layout, meta, "وسم")
        assert hash_right <= word_left + 0.5, f"Markdown ({direction.name}): '#' left of the tag"
