"""A highlight that carries a note shows it in the text (issue 14, item 6)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent, QTextCharFormat
from PySide6.QtWidgets import QApplication, QToolTip

from reader.ui.main_window import MainWindow
from reader.ui.reading.marks import HIGHLIGHT_KEY_PROPERTY
from tests.ui.test_notes_ui import arabic_doc, highlight_word, open_tab, point_of
from tests.ui.windows import make_window, module_profile

ENGLISH_ID = "000_6e14188510fd6a63#01"
NOTE = "Compare with the Kataib Hezbollah statement of 31 December; the casualty figures differ. " * 5


shared_home, profile = module_profile("note-marks")


def noted(window: MainWindow, qtbot, doc_id: str, word: str, note: str):
    tab = open_tab(window, doc_id)
    made, start, end = highlight_word(qtbot, window, tab, word, Qt.Key.Key_4)
    window.notes.editor.note_edit.insertPlainText(note)  # QTest types ASCII only
    assert window.notes.flush()
    return tab, made, start, end


def test_a_note_marks_its_words_and_the_margin_and_its_start_shows_on_hover(qtbot):
    window = make_window(qtbot)
    tab, made, start, _end = noted(window, qtbot, ENGLISH_ID, "attacks", NOTE)
    view = tab.view
    qtbot.waitUntil(lambda: [k for _s, _e, k in view.noted_highlights()] == [made.uuid], timeout=2000)
    drawn = next(s for s in view.extraSelections() if s.format.property(HIGHLIGHT_KEY_PROPERTY) == made.uuid)
    assert drawn.format.underlineStyle() == QTextCharFormat.UnderlineStyle.DotLine
    (rect, key), = view.note_mark_rects()
    assert key == made.uuid
    assert rect.right() < view._side_margin, "in the left margin of an English paragraph"
    word_point = point_of(view, start + 2)
    assert abs(rect.center().y() - word_point.y()) < 4, "beside the line where the highlight starts"
    for where in (word_point, rect.center().toPoint()):
        shown = view.note_at(where)
        assert shown == NOTE
        event = QHelpEvent(QEvent.Type.ToolTip, view.viewport().mapTo(view, where), view.mapToGlobal(where))
        QApplication.sendEvent(view, event)
        assert QToolTip.isVisible() and QToolTip.text().startswith("<qt>Note: Compare with")
        assert len(QToolTip.text()) < 400, "the start of the note, not all of it"
    assert view.note_at(QPoint(view.viewport().width() // 2, view.viewport().height() - 2)) is None
    window.close()


def test_an_arabic_note_mark_sits_in_the_right_margin(qtbot):
    window = make_window(qtbot)
    doc = arabic_doc(window)
    tab, made, _start, _end = noted(window, qtbot, doc.id, "واشنطن", "ملاحظة عن واشنطن")
    view = tab.view
    qtbot.waitUntil(lambda: bool(view.note_mark_rects()), timeout=2000)
    (rect, key), = view.note_mark_rects()
    assert key == made.uuid
    assert rect.left() > view.viewport().width() - view._side_margin
    window.close()


def test_a_highlight_without_a_note_has_no_mark(qtbot):
    window = make_window(qtbot)
    tab = open_tab(window, "002_b0ebc636adbfbd87#01")  # an article no other test annotates
    highlight_word(qtbot, window, tab, "December", Qt.Key.Key_1)
    assert tab.view.note_mark_rects() == []
    assert all(s.format.underlineStyle() != QTextCharFormat.UnderlineStyle.DotLine
               for s in tab.view.extraSelections())
    window.close()
