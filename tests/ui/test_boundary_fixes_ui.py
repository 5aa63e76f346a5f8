"""Split, merge and undo article boundaries in the app, with the keyboard and the context menu."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor

from reader.store import boundary_fixes as bf
from reader.ui.main_window import MainWindow
from reader.ui.reading.tab import ArticleTab
from reader.ui.reading.view import ArticleView
from tests.conftest import CORPUS
from tests.ui.windows import make_window

STEM = "001_ff668e2db0ba1b04"


def ident(n: int) -> str:
    return f"{STEM}#{n:02d}"


@pytest.fixture(autouse=True)
def no_recovery_box(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(MainWindow, "show_recovery_dialog", False)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


def open_tab(window: MainWindow, doc_id: str) -> ArticleTab:
    assert window.open_article(doc_id)
    tab = window.tabs.current_tab()
    assert tab is not None and tab.document.id == doc_id
    return tab


def put_caret(view: ArticleView, cp: int) -> None:
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.qt_position(cp))
    view.setTextCursor(cursor)


def point_of(view: ArticleView, cp: int) -> QPoint:
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.qt_position(cp))
    return view.cursorRect(cursor).center()


def press(qtbot, window: MainWindow, view: ArticleView, key: Qt.Key) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)  # shortcuts reach the active window only
    view.setFocus()
    qtbot.keyClick(view, key, Qt.KeyboardModifier.ControlModifier)


def tree_ids(window: MainWindow) -> set[str]:
    return {d.id for d in window.sidebar.model.documents()}


def menu_entry(window: MainWindow, tab: ArticleTab, cp: int, label: str):
    menu = window.annotations.context_menu(tab, point_of(tab.view, cp))
    return next(a for a in menu.actions() if a.text().split("\t")[0] == label)


def test_split_merge_back_and_undo_keep_the_note(qtbot, corpus: Path) -> None:
    window = make_window(qtbot, corpus)
    count = len(window.corpus.documents)
    third = window.corpus.get(ident(3))
    note = window.store.add_note(third.id, "about the Zubeir strike")
    second = window.corpus.get(ident(2))
    new_first = second.paragraphs[3].text
    last = f"{STEM}#{sum(1 for d in window.corpus.documents if d.source == second.source) + 1:02d}"

    tab = open_tab(window, ident(2))
    # The first paragraph cannot start a new article: the entry is there but disabled.
    assert not menu_entry(window, tab, second.paragraphs[0].start + 2, "Split article here").isEnabled()
    put_caret(tab.view, second.paragraphs[0].start + 2)
    assert not window.split_action.isEnabled()

    put_caret(tab.view, second.paragraphs[3].start + 5)
    assert window.split_action.isEnabled()
    press(qtbot, window, tab.view, Qt.Key.Key_Return)  # Ctrl+Return: split here

    assert len(window.corpus.documents) == count + 1
    assert last in tree_ids(window)
    tab = window.tabs.current_tab()
    assert tab.document.id == ident(3) and tab.document.paragraphs[0].text == new_first
    assert "split" in tab.header.corrected_fields
    assert "corrected: split" in tab.header.source_label.text()
    assert window.store.get(note.uuid).doc_id == ident(4)  # the note stayed with its article
    assert window.undo_action.isEnabled() and "Article Fix" in window.undo_action.text()

    # Merge it back, from the context menu.
    entry = menu_entry(window, tab, 0, "Merge with previous article")
    assert entry.isEnabled()
    entry.trigger()
    assert len(window.corpus.documents) == count
    assert last not in tree_ids(window)
    tab = window.tabs.current_tab()
    assert tab.document.id == ident(2) and len(tab.document.paragraphs) == len(second.paragraphs)
    assert window.store.get(note.uuid).doc_id == ident(3)
    assert bf.fixes_for(window.store, corpus) == []

    # Ctrl+Z takes the merge back: the split is there again, and the note follows once more.
    press(qtbot, window, tab.view, Qt.Key.Key_Z)
    assert len(window.corpus.documents) == count + 1
    assert window.store.get(note.uuid).doc_id == ident(4)
    assert window.store.get(note.uuid).note == "about the Zubeir strike"
    assert tab in window.tabs.tabs() and window.tabs.current_tab().document.paragraphs[0].text == new_first
    # ... and once more: the split itself is undone.
    press(qtbot, window, window.tabs.current_tab().view, Qt.Key.Key_Z)
    assert len(window.corpus.documents) == count
    assert window.store.get(note.uuid).doc_id == ident(3)
    assert not window.undo_action.isEnabled()
    assert window.store.orphans() == []


def test_first_article_cannot_merge_and_edit_title_opens_the_dialog(qtbot, corpus: Path) -> None:
    window = make_window(qtbot, corpus)
    tab = open_tab(window, ident(1))
    assert not window.merge_action.isEnabled()
    assert "first article" in window.merge_action.toolTip()
    assert not menu_entry(window, tab, 0, "Merge with previous article").isEnabled()
    dialog = window.edit_title(tab)
    assert dialog is not None and dialog.edits["title"].hasSelectedText()
    dialog.edits["title"].setText("My own title")
    dialog.accept()
    assert window.tabs.current_tab().document.title == "My own title"
    assert "title" in window.tabs.current_tab().header.corrected_fields


def test_a_read_only_store_disables_the_fixes_with_a_reason(qtbot, corpus: Path) -> None:
    from reader.store.db import open_store

    with open_store() as s, s.write() as conn:
        conn.execute("PRAGMA user_version = 99")
    window = make_window(qtbot, corpus)
    assert window.store.read_only
    tab = open_tab(window, ident(2))
    put_caret(tab.view, tab.document.paragraphs[3].start)
    window._update_fix_actions()
    for action in (window.split_action, window.merge_action, window.title_action):
        assert not action.isEnabled() and "read-only" in action.toolTip()
    entry = menu_entry(window, tab, tab.document.paragraphs[3].start, "Split article here")
    assert not entry.isEnabled() and "read-only" in entry.toolTip()
    assert window.split_here(tab) is False



def test_the_header_says_why_an_article_starts_where_it_does(qtbot, bundled_corpus):
    from reader.ui.reading.header import ArticleHeader

    header = ArticleHeader()
    qtbot.addWidget(header)
    header.set_document(bundled_corpus.get("001_ff668e2db0ba1b04#05"))  # after "Also read"
    tip = header.source_label.toolTip()
    assert "Starts here at a headline: after “Also read”" in tip
    assert "% sure" in tip and "Split article here" in tip
    header.set_document(bundled_corpus.get("001_ff668e2db0ba1b04#01"))
    assert "Starts here: the start of the file (100% sure)." in header.source_label.toolTip()
