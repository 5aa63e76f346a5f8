"""The app with a notes file that is not what it should be: it starts, reads, searches, says why, and quits.

The faults are those of ``tests/unit/test_hostile_store.py`` (a folder or a link to /dev/null in
the file's place, another program's database, a format version no Corpus Reader writes, a dropped
table, a lock, a read-only file or folder, a damaged cell, a year-1 time): the window must never
crash at start-up or on close; a file it cannot write opens read-only with a visible reason; a
file it cannot open leaves reading and searching on, highlighting off, and the reason on screen.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from reader import paths
from reader.store import db as dbmod
from reader.store.db import default_db_path
from reader.ui.app import create_application
from reader.ui.main_window import MainWindow
from reader.ui.notes_panel import NotesPanel, StateRole, WrittenRole
from reader.ui.tasks import TaskRunner
from tests.conftest import CORPUS
from tests.ui.windows import make_window
from tests.unit.test_hostile_store import (
    DAMAGE,
    UNOPENABLE,
    _raw,
    broken_store,
    fill,
    open_profile,
    sql,
    without_root,
)

ARTICLE_ID = "000_6e14188510fd6a63#01"


@pytest.fixture(scope="module")
def shared_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One profile for the module so the search index is built once; its notes file is per test."""
    return tmp_path_factory.mktemp("hostile-store-window")


@pytest.fixture(autouse=True)
def profile(shared_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(paths.ENV_HOME, str(shared_home))
    paths.set_profile(None)
    for kept in ("data", "config"):  # the notes file and the window state are per test; the index is shared
        shutil.rmtree(shared_home / kept, ignore_errors=True)
    monkeypatch.setattr(MainWindow, "show_recovery_dialog", False)
    monkeypatch.setattr(dbmod, "BUSY_TIMEOUT_MS", 200)  # a lock is given up after 0.2 s, not 10 s
    return shared_home


def searches(qtbot, window: MainWindow) -> bool:
    """Searching works (the reading side of the app does not need the notes)."""
    window.search.search_field.setText("Taji")
    qtbot.waitUntil(lambda: window.search.current_response() is not None, timeout=5000)
    return window.search.current_response().total > 0


def closes(window: MainWindow) -> bool:
    """Quit as the user does; an exception in closeEvent fails the test (pytest-qt reports it)."""
    window.close()
    return not window.isVisible()


@pytest.mark.parametrize("kind", list(UNOPENABLE))
def test_a_notes_file_that_cannot_be_opened_leaves_reading_and_searching_on_and_says_why(
    qtbot, kind: str
) -> None:
    db = default_db_path()
    with broken_store(kind, db):
        window = make_window(qtbot)
        assert window.store is None
        message = window.statusBar().currentMessage()
        assert "highlighting is off" in message and str(db) in message and UNOPENABLE[kind] in message
        assert window.store_banner.isVisible() and "unavailable" in window.store_banner.text()
        assert UNOPENABLE[kind] in window.store_banner.toolTip()
        assert searches(qtbot, window)
        assert window.notes.run_search() == [] and window.notes.count_label.text() == "Notes are unavailable"
        assert window.open_article(ARTICLE_ID)
        tab = window.tabs.current_tab()
        start = tab.document.paragraphs[0].start
        cursor = QTextCursor(tab.view.document())
        cursor.setPosition(tab.view.qt_position(start))
        cursor.setPosition(tab.view.qt_position(start + 8), QTextCursor.MoveMode.KeepAnchor)
        tab.view.setTextCursor(cursor)
        assert window.annotations.highlight_selection(tab, 1) is None, "highlighting is off, quietly"
        assert closes(window)


def test_a_read_only_notes_file_opens_read_only_with_the_reason_shown(qtbot) -> None:
    create_application()
    with open_profile():
        db = default_db_path()
        notes = fill(db)
        for what in ("file", "folder"):
            db.chmod(0o444 if what == "file" else 0o666)
            db.parent.chmod(0o777 if what == "file" else 0o555)
            with without_root():
                # Not given to qtbot: closing it at teardown would write settings into a removed profile.
                window = MainWindow(CORPUS, runner=TaskRunner(synchronous=True))
                assert window.store is not None and window.store.read_only, what
                assert "read-only" in window.statusBar().currentMessage()
                assert window.store_banner.text() == "Notes read-only"
                assert str(db) in window.store_banner.toolTip()
                window.notes.set_view(NotesPanel.ALL)
                assert {a.uuid for a in window.notes.all_model.annotations()} == set(notes)
                assert not window.notes.add_note_button.isEnabled()
                assert closes(window)
                window.deleteLater()


def test_a_lock_held_by_another_program_never_crashes_the_window(qtbot) -> None:
    db = default_db_path()
    notes = fill(db)
    holder = sqlite3.connect(db, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another window or command in the middle of a long write
        window = make_window(qtbot)
        assert window.store is not None
        window.notes.set_view(NotesPanel.ALL)
        assert {a.uuid for a in window.notes.all_model.annotations()} == set(notes)
        assert searches(qtbot, window)
        assert closes(window)  # the quit backup cannot be recorded: logged, never raised
    finally:
        holder.close()


@pytest.mark.parametrize("damage", ["CAST(x'ff' AS TEXT) in the note", "a BLOB in a tag"])
def test_damaged_notes_are_listed_with_the_reason_among_the_problems(qtbot, damage: str) -> None:
    statement, reported = DAMAGE[damage]
    db = default_db_path()
    notes = fill(db)
    hurt = next(uuid for uuid, note in notes.items() if note == "a highlight")
    sql(db, statement, params=(hurt,))
    raw = _raw(db)
    window = make_window(qtbot)
    panel = window.notes
    panel.set_view(NotesPanel.ALL)
    assert {a.uuid for a in panel.all_model.annotations()} == set(notes), "every note is listed"
    assert panel.count_label.text() == "2 notes · 1 damaged"
    panel.orphans_only.setChecked(True)
    [shown] = panel.all_model.annotations()
    assert shown.uuid == hurt and reported in shown.damage
    tip = panel.all_model.data(panel.all_model.index(0), Qt.ItemDataRole.ToolTipRole)
    assert reported in tip
    assert panel.select(hurt)
    assert panel.editor.status.text() == "Damaged text"
    assert closes(window)
    assert _raw(db) == raw, "nothing was written back over the damaged cell"


def test_year_one_times_stored_by_an_older_version_do_not_break_the_notes_list(qtbot) -> None:
    db = default_db_path()
    notes = fill(db)
    sql(db, "UPDATE annotations SET created = '0001-01-01T00:00:00+05:00', "
            "modified = '9999-12-31T23:59:59-05:00'")
    window = make_window(qtbot)
    panel = window.notes
    panel.set_view(NotesPanel.ALL)
    model = panel.all_model
    assert {a.uuid for a in model.annotations()} == set(notes)
    for row in range(model.rowCount()):
        assert model.data(model.index(row), WrittenRole) == ""  # no date to show, no crash
        assert model.data(model.index(row), StateRole) in ("anchored", "moved", "orphan")
    panel.all_list.grab()  # paint every row
    assert closes(window)


def test_typing_while_another_program_holds_the_lock_never_freezes_the_window(qtbot, monkeypatch) -> None:
    """Item 2: a save waits GUI_PATIENCE_MS for a lock, not the 10 s a command may wait; the text
    stays pending and is saved once the lock is gone."""
    import time

    monkeypatch.setattr(dbmod, "BUSY_TIMEOUT_MS", 10_000)  # the real patience of a command
    window = make_window(qtbot)
    window.store.db.connection.execute("PRAGMA busy_timeout = 10000")
    window.open_article(ARTICLE_ID)
    tab = window.tabs.current_tab()
    window.annotations.add_article_note(tab.document)
    editor = window.notes.editor
    holder = sqlite3.connect(default_db_path(), isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        editor.note_edit.insertPlainText("typed while another program wrote")
        started = time.monotonic()
        assert not window.notes.flush(), "not saved while the lock is held"
        assert time.monotonic() - started < 5, "the window did not wait the 10 s out"
        assert editor.unsaved, "the text is kept"
    finally:
        holder.close()
    assert window.notes.flush()
    notes = [a.note for a in window.store.for_document(ARTICLE_ID)]
    assert notes.count("typed while another program wrote") == 1
    assert closes(window)
