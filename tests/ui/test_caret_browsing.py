"""Highlighting and annotating without a mouse (issue 14, item 2), and whole-word mouse selections."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from tests.ui.windows import active_window, make_window, module_profile

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


shared_home, profile = module_profile("caret")


def press(qtbot, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    target = QApplication.focusWidget()
    assert target is not None, "the keyboard is somewhere"
    qtbot.keyClick(target, key, modifiers)


def test_keyboard_only_reach_an_article_select_words_highlight_and_write_a_note(qtbot):
    window = active_window(qtbot)
    window.search.search_field.setFocus()
    press(qtbot, Qt.Key.Key_1, CTRL)  # the article list, on the first article
    press(qtbot, Qt.Key.Key_Return)
    tab = window.tabs.current_tab()
    assert tab is not None
    press(qtbot, Qt.Key.Key_2, CTRL)  # into the text
    press(qtbot, Qt.Key.Key_F7)
    assert tab.view.caret_browsing and window.caret_action.isChecked()
    press(qtbot, Qt.Key.Key_Home, CTRL)
    words: list[str] = []
    for _ in range(6):  # (Qt stops at punctuation too: "US Rep. Ilhan" takes four presses)
        press(qtbot, Qt.Key.Key_Right, CTRL | SHIFT)
        span = tab.view.selection_offsets()
        assert span is not None
        words = tab.document.text[span[0]:span[1]].split()
        if len(words) >= 3:
            break
    assert len(words) == 3, "three whole words"
    assert words == tab.document.text.split()[:3]
    press(qtbot, Qt.Key.Key_M, CTRL | SHIFT)  # Edit → Add Note to Selection
    made = [a for a in window.store.for_document(tab.document.id) if a.anchor is not None]
    assert len(made) == 1 and made[0].anchor.quote.split() == words
    qtbot.waitUntil(lambda: window.notes.editor.note_edit.hasFocus(), timeout=2000)
    qtbot.keyClicks(QApplication.focusWidget(), "Typed without a mouse")
    assert window.notes.flush()
    assert window.store.get(made[0].uuid).note == "Typed without a mouse"
    press(qtbot, Qt.Key.Key_F7)  # stays off for the next tests
    assert not tab.view.caret_browsing
    window.close()


def test_caret_browsing_is_remembered_and_applies_to_new_tabs(qtbot):
    window = make_window(qtbot)
    window.set_caret_browsing(True)
    window.close()
    again = make_window(qtbot, None)
    try:
        again.open_article(again.sidebar.ordered_documents()[1])
        assert again.tabs.current_tab().view.caret_browsing
    finally:
        again.set_caret_browsing(False)
        again.close()


def _drag(qtbot, view, start_cp: int, end_cp: int, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    def point(cp: int) -> QPoint:
        cursor = QTextCursor(view.document())
        cursor.setPosition(view.qt_position(cp))
        return view.cursorRect(cursor).center()

    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, modifiers, point(start_cp))
    qtbot.mouseMove(viewport, point(end_cp))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, modifiers, point(end_cp))


def test_a_drag_inside_joined_arabic_words_selects_them_whole(qtbot):
    window = make_window(qtbot)
    doc = next(d for d in window._docs.values() if d.title.startswith("«حفلة الجنون»"))
    window.open_article(doc.id)
    view = window.tabs.current_tab().view
    text = doc.text
    word = "واشنطن"
    start = text.index(word)
    _drag(qtbot, view, start + 2, start + 4)
    span = view.selection_offsets()
    assert span is not None and text[span[0]:span[1]] == word
    view.setTextCursor(QTextCursor(view.document()))  # a press inside a selection would drag it
    qtbot.wait(QApplication.doubleClickInterval() + 50)
    _drag(qtbot, view, start + 2, start + 4, Qt.KeyboardModifier.AltModifier)
    precise = view.selection_offsets()
    assert precise is not None and precise[1] - precise[0] < len(word), "Alt keeps the letters chosen"
    window.close()
