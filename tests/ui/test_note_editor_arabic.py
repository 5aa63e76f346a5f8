"""Arabic in the note editor and the notes list (issue 14, item 5).

Each line of a note is laid out in the direction of its own script (an Arabic line right to left
and right-aligned, its full stop at its left end), Arabic is set at the reading pane's scale, the
direction follows the typing without moving the caret, and one Ctrl+Z takes back the words and
their direction together. Arabic is typed the way a keyboard with an Arabic layout sends it: key
events carrying the letters (QTest's keyClicks knows ASCII only).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFontMetrics, QKeyEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem

from reader.ui.fonts import ARABIC_SCALE
from reader.ui.main_window import MainWindow
from reader.ui.notes_panel import AUTOSAVE_MS, NoteTextEdit
from tests.ui.test_notes_ui import arabic_doc, highlight_word, open_tab
from tests.ui.windows import make_window

ENGLISH_ID = "000_6e14188510fd6a63#01"
ARABIC_NOTE = "قال الرئيس إن الأمر خطير جدا."
MIXED_LINE = "NATO ثم فقرة ثانية بالعربية."  # Latin first, Arabic by majority: Qt alone says left to right
RTL, LTR = Qt.LayoutDirection.RightToLeft, Qt.LayoutDirection.LeftToRight
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture(autouse=True)
def no_recovery_box(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(MainWindow, "show_recovery_dialog", False)


def type_text(widget, text: str) -> None:
    """Type ``text`` as a keyboard does: a key press and release carrying each character."""
    for ch in text:
        key = Qt.Key.Key_Return if ch == "\n" else Qt.Key.Key_unknown
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch))


def editing(qtbot, window: MainWindow, doc_id: str, word: str, key: Qt.Key = Qt.Key.Key_2) -> NoteTextEdit:
    """A new highlight on ``word``, its (empty) note in the editor, the editor focused."""
    tab = open_tab(window, doc_id)
    highlight_word(qtbot, window, tab, word, key)
    window.show_notes()
    edit = window.notes.editor.note_edit
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus, timeout=2000)
    return edit


def block_edges(edit: NoteTextEdit, block_number: int) -> tuple[int, int]:
    """x of the caret before a line's first character and after its last one, in the viewport."""
    block = edit.document().findBlockByNumber(block_number)
    cursor = QTextCursor(block)
    first = edit.cursorRect(cursor).x()
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    return first, edit.cursorRect(cursor).x()


def test_an_arabic_note_is_right_to_left_right_aligned_and_at_the_reading_scale(qtbot):
    window = make_window(qtbot)
    edit = editing(qtbot, window, arabic_doc(window).id, "واشنطن")
    type_text(edit, ARABIC_NOTE)
    assert edit.toPlainText() == ARABIC_NOTE
    assert edit.directions() == [RTL]
    width = edit.viewport().width()
    first, last = block_edges(edit, 0)
    assert first > width * 0.8, "the first letter sits at the right margin"
    assert last < first, "the full stop ends the line on its left, not at the far left of the box"
    assert edit.textCursor().position() == len(ARABIC_NOTE), "the caret stays after what was typed"

    # The Arabic is drawn in a Naskh at the reading pane's scale, not at the Latin size.
    base = edit.font().pointSizeF()
    layout = edit.document().firstBlock().layout()
    ranges = layout.formats()
    arabic = [QTextCharFormat(r.format) for r in ranges if r.length >= len("الرئيس")]
    assert arabic, "the Arabic run has its own font"
    assert arabic[0].fontPointSize() == pytest.approx(base * ARABIC_SCALE)
    assert arabic[0].fontFamilies()[0] == "Noto Naskh Arabic"

    window.notes.flush()
    saved = window.store.get(window.notes.editor.uuid)
    assert saved.note == ARABIC_NOTE, "the directions are layout only: the note is the typed text"


def test_each_line_takes_the_direction_of_its_own_script(qtbot):
    window = make_window(qtbot)
    edit = editing(qtbot, window, ENGLISH_ID, "Kata", Qt.Key.Key_1)
    qtbot.keyClicks(edit, "Who said it?")
    type_text(edit, "\n" + ARABIC_NOTE + "\n" + MIXED_LINE + "\n2020")
    assert edit.directions() == [LTR, RTL, RTL, RTL], "a date follows the Arabic line before it"
    width = edit.viewport().width()
    assert block_edges(edit, 0)[0] < width * 0.2, "English starts at the left"
    assert block_edges(edit, 2)[0] > width * 0.8, "'NATO' first, but Arabic by majority: right to left"

    # Back in English: the line turns left to right as soon as Latin letters are the majority.
    type_text(edit, "\n")
    qtbot.keyClicks(edit, "Checked against the wire copy")
    assert edit.directions()[-1] == LTR
    assert edit.textCursor().atEnd()


def test_one_undo_takes_back_the_words_and_their_direction(qtbot):
    window = make_window(qtbot)
    edit = editing(qtbot, window, ENGLISH_ID, "Kata", Qt.Key.Key_1)
    qtbot.keyClicks(edit, "See ")
    type_text(edit, ARABIC_NOTE)
    assert edit.directions() == [RTL]
    qtbot.keyClick(edit, Qt.Key.Key_Z, CTRL)
    assert edit.toPlainText() == "", "the typing run goes at once..."
    assert edit.directions() == [LTR], "...and its direction with it"
    qtbot.keyClick(edit, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert edit.toPlainText() == "See " + ARABIC_NOTE and edit.directions() == [RTL], "redo brings both back"

    # A new line of English, then undo: the Arabic line keeps its direction, the redo still works.
    type_text(edit, "\n")
    qtbot.keyClicks(edit, "English")
    assert edit.directions() == [RTL, LTR]
    qtbot.keyClick(edit, Qt.Key.Key_Z, CTRL)
    assert edit.toPlainText().startswith("See " + ARABIC_NOTE) and "English" not in edit.toPlainText()
    assert edit.directions()[0] == RTL
    qtbot.keyClick(edit, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert edit.toPlainText().endswith("\nEnglish") and edit.directions() == [RTL, LTR]


def test_showing_an_arabic_note_does_not_resave_it(qtbot):
    window = make_window(qtbot)
    doc = arabic_doc(window)
    start = doc.text.index("واشنطن")
    made = window.store.add_highlight(doc, start, start + 6, 3, note=ARABIC_NOTE + "\n" + "Second line")
    window.notes.refresh()
    assert window.notes.select(made.uuid)
    edit = window.notes.editor.note_edit
    assert edit.directions() == [RTL, LTR]
    assert not edit.document().isUndoAvailable(), "a note just shown has nothing to undo"
    qtbot.wait(AUTOSAVE_MS + 200)
    assert window.store.get(made.uuid).modified == made.modified, "laying it out is not an edit"


def test_the_quote_heading_keeps_the_beginning_of_the_quote_in_view(qtbot):
    window = make_window(qtbot)
    doc = arabic_doc(window)
    paragraph = max(doc.paragraphs, key=lambda p: len(p.text))
    made = window.store.add_highlight(doc, paragraph.start, paragraph.end, 2)
    english = window._docs[ENGLISH_ID]
    long_en = max(english.paragraphs, key=lambda p: len(p.text))
    other = window.store.add_highlight(english, long_en.start, long_en.end, 1)
    window.show_notes()
    window.notes.refresh()
    heading = window.notes.editor.heading
    for a, text in ((made, paragraph.text), (other, long_en.text)):
        window.notes.select(a.uuid)
        shown = heading.text()
        first_words = " ".join(text.split()[:2])
        assert shown.startswith("\u200e“\u2068" + first_words), "the quote's beginning is shown"
        assert shown.endswith("…\u2069”"), "cut at its end, with an ellipsis inside the quote marks"
        assert QFontMetrics(heading.font()).horizontalAdvance(shown) <= heading.contentsRect().width()
    # Wider: more of the quote shows.
    before = len(heading.text())
    window.splitter.setSizes([200, 500, 900])
    qtbot.waitUntil(lambda: len(heading.text()) > before, timeout=2000)


def _note_layouts(window: MainWindow, row: int) -> list:
    """The laid-out pieces of one row of "This article" (what the delegate paints)."""
    lst = window.notes.article_list
    option = QStyleOptionViewItem()
    option.initFrom(lst)
    option.font = lst.font()
    inner = lst.viewport().width() - 30
    pen = lst.palette().text().color()
    return lst.delegate._pieces(option, window.notes.article_model.index(row), inner, pen, pen), inner


def test_the_notes_list_lays_each_line_of_a_note_out_in_its_own_direction(qtbot):
    window = make_window(qtbot)
    doc = arabic_doc(window)
    start = doc.text.index("واشنطن")
    window.store.add_highlight(doc, start, start + 6, 3, note=ARABIC_NOTE + "\nChecked against the wire.")
    open_tab(window, doc.id)
    window.show_notes()
    window.notes.refresh()
    pieces, inner = _note_layouts(window, 0)
    texts = [layout.text() for layout, _h, _c in pieces]
    arabic = pieces[texts.index(ARABIC_NOTE)][0]
    english = pieces[texts.index("Checked against the wire.")][0]
    assert arabic.textOption().textDirection() == RTL
    right_edge = arabic.lineAt(0).naturalTextRect()
    assert right_edge.right() == pytest.approx(inner, abs=2), "the Arabic note is right-aligned"
    assert english.lineAt(0).naturalTextRect().left() == pytest.approx(0, abs=2), "the English line left"
    base = window.notes.article_list.font().pointSizeF()
    assert arabic.font().pointSizeF() == pytest.approx(base * ARABIC_SCALE), "Arabic at the reading scale"
    quote = pieces[texts.index("واشنطن")][0]
    assert quote.textOption().textDirection() == RTL
    assert quote.lineAt(0).naturalTextRect().right() == pytest.approx(inner, abs=2), "so is the quote"


@pytest.mark.parametrize("theme", ["light", "sepia", "dark"])
def test_tags_stay_legible_on_a_selected_row(qtbot, theme):
    """Issue 14, item 11: tags in the link colour were blue on the blue selection."""
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QStyle

    from reader.ui.colours import contrast_ratio

    window = make_window(qtbot)
    window.set_theme(theme)
    doc = arabic_doc(window)
    start = doc.text.index("واشنطن")
    window.store.add_highlight(doc, start, start + 6, 3, note="A note", tags=["sources", "مصادر"])
    open_tab(window, doc.id)
    window.show_notes()
    window.notes.refresh()
    lst = window.notes.article_list
    option = QStyleOptionViewItem()
    option.initFrom(lst)
    option.palette = QApplication.palette()  # the theme's (a hidden list may not have it yet)
    option.font = lst.font()
    option.state |= QStyle.StateFlag.State_Selected | QStyle.StateFlag.State_Active
    text, muted, _back = lst.delegate._colours(option)
    pieces = lst.delegate._pieces(option, window.notes.article_model.index(0), 300, text, muted)
    tag_colour = next(colour for layout, _h, colour in pieces if layout.text().startswith("#"))
    highlight = option.palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight)
    assert contrast_ratio(QColor(tag_colour), highlight) >= 4.5
    window.set_theme("light")
