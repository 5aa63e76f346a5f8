"""Backups: taken through SQLite (WAL content included), verified, rotated, and only when useful."""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from reader.store import backup as bk
from reader.store.annotations import Store
from reader.store.backup import (
    BackupError,
    backup_name,
    backup_on_quit,
    backup_to,
    backups_dir,
    daily_backup,
    is_good,
    list_backups,
    newest_good_backup,
    rotate,
)
from reader.store.db import open_store


def read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = open_store(tmp_path / "annotations.sqlite3", auto_backup=False)
    yield s
    s.close()


def test_backup_includes_data_still_in_the_wal(store: Store, tmp_path: Path) -> None:
    with store.db.read() as conn:
        conn.execute("PRAGMA wal_autocheckpoint = 0")  # keep every commit in the -wal file
    note = "only in the WAL: الرئيس 🙂"
    store.add_note("w#01", note)
    wal = Path(f"{store.path}-wal")
    assert wal.stat().st_size > 0
    assert note.encode() not in store.path.read_bytes()  # the main file does not have it yet
    # Why the API: a plain copy of the main file silently misses the commit.
    naive = shutil.copy(store.path, tmp_path / "naive-copy.sqlite3")
    conn = read_only(Path(naive))
    try:
        try:
            rows = conn.execute("SELECT note FROM annotations").fetchall()
        except sqlite3.OperationalError:  # here even the schema was still only in the WAL
            rows = []
        assert rows == []
    finally:
        conn.close()

    dest = backup_to(store, tmp_path / "out" / "copy.sqlite3")
    assert dest == tmp_path / "out" / "copy.sqlite3" and not Path(f"{dest}-wal").exists()
    conn = read_only(dest)
    try:
        assert conn.execute("SELECT note FROM annotations").fetchall() == [(note,)]
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
    finally:
        conn.close()
    assert not Path(f"{dest}-wal").exists() and not list(dest.parent.glob("*.partial"))


def test_backup_from_a_path_and_from_a_connection(store: Store, tmp_path: Path) -> None:
    store.add_note("p#01", "x")
    from_path = backup_to(store.path, tmp_path / "a.sqlite3")
    with store.db.read() as conn:
        from_conn = backup_to(conn, tmp_path / "b.sqlite3")
    assert is_good(from_path) and is_good(from_conn)
    again = backup_to(store, tmp_path / "a.sqlite3")  # never overwrites an existing file
    assert again == tmp_path / "a-2.sqlite3" and is_good(again)


def test_a_copy_that_fails_verification_is_removed_and_reported(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.add_note("v#01", "x")
    monkeypatch.setattr(bk, "_integrity", lambda path: "*** in database main *** Page 3: corrupt")
    with pytest.raises(BackupError, match="integrity check"):
        backup_to(store, tmp_path / "out" / "bad.sqlite3")
    assert list((tmp_path / "out").iterdir()) == []


def test_backup_of_something_that_is_not_a_database_fails(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database" * 100)
    with pytest.raises(BackupError):
        backup_to(junk, tmp_path / "out.sqlite3")
    assert not (tmp_path / "out.sqlite3").exists()
    assert not is_good(junk)


def test_names_and_listing(tmp_path: Path) -> None:
    when = datetime(2024, 3, 5, 14, 7, 9)
    assert backup_name(when) == "annotations-20240305-140709.sqlite3"
    assert backup_name(when, "before-v2") == "annotations-20240305-140709-before-v2.sqlite3"
    for name in ("annotations-20240305-140709.sqlite3", "annotations-20240305-140709-2.sqlite3",
                 "annotations-20240301-000000-before-v2.sqlite3", "notes.txt",
                 "annotations-20240305-140709.sqlite3.partial"):
        (tmp_path / name).touch()
    names = [i.path.name for i in list_backups(tmp_path)]
    assert names == ["annotations-20240305-140709-2.sqlite3", "annotations-20240305-140709.sqlite3",
                     "annotations-20240301-000000-before-v2.sqlite3"]
    assert backups_dir(tmp_path / "x.sqlite3") == tmp_path / "backups"


def test_rotation_keeps_the_newest_and_one_per_day(tmp_path: Path) -> None:
    today = date(2024, 6, 30)
    made = []
    # Three backups a day for 30 days, plus a pre-migration copy from long ago.
    for back in range(30):
        day = today - timedelta(days=back)
        for hour in (9, 13, 18):
            when = datetime(day.year, day.month, day.day, hour, 0, 0)
            path = tmp_path / backup_name(when)
            path.touch()
            made.append((when, path))
    tagged = tmp_path / backup_name(datetime(2023, 1, 1), "before-v2")
    tagged.touch()
    removed = rotate(tmp_path, keep_daily=14, keep_recent=10, today=today)
    kept = {i.path for i in list_backups(tmp_path)}
    newest = sorted(made, reverse=True)
    expected = {p for _, p in newest[:10]}
    expected |= {p for when, p in made if when.hour == 18 and (today - when.date()).days < 14}
    expected.add(tagged)
    assert kept == expected
    assert len(kept) == 10 + 10 + 1  # 10 newest span 4 days (whose 18:00 ones are among them)
    assert set(removed) == {p for _, p in made} - expected
    assert rotate(tmp_path, today=today) == []  # stable
    fresh = tmp_path / "annotations-20240630-200000.sqlite3.partial"
    old = tmp_path / "annotations-20240629-200000.sqlite3.partial"
    fresh.touch()
    old.touch()
    os.utime(old, (0, 0))
    assert rotate(tmp_path, today=today) == [old]  # an interrupted copy, not one in progress
    assert fresh.exists()


def test_backup_on_quit_only_when_something_changed(store: Store) -> None:
    assert backup_on_quit(store) is None  # nothing ever written
    store.add_note("q#01", "first")
    first = backup_on_quit(store)
    assert first is not None and is_good(first)
    assert backup_on_quit(store) is None  # nothing new since
    store.search("first")  # reading is not a change
    store.update_note(store.all()[0].uuid, "second")
    second = backup_on_quit(store)
    assert second is not None and second != first
    assert backup_on_quit(store) is None


def test_changes_from_a_session_that_never_quit_cleanly_are_backed_up_next_time(tmp_path: Path) -> None:
    path = tmp_path / "annotations.sqlite3"
    with open_store(path, auto_backup=False) as s:
        s.add_note("c#01", "one")
        assert backup_on_quit(s) is not None
    with open_store(path, auto_backup=False) as s:
        s.add_note("c#01", "two")  # ...and the app crashes before quitting
    with open_store(path, auto_backup=False) as s:
        assert s.changes == 0  # nothing changed in this session...
        assert backup_on_quit(s) is not None  # ...but the file changed since its last backup


def test_daily_backup_at_most_once_a_day(store: Store) -> None:
    day1 = datetime(2024, 5, 1, 10, 0, 0)
    assert daily_backup(store, now=day1) is None  # empty store: nothing to protect
    store.add_note("d#01", "x")
    first = daily_backup(store, now=day1)
    assert first is not None and first.name == "annotations-20240501-100000.sqlite3"
    store.add_note("d#01", "y")
    assert daily_backup(store, now=day1 + timedelta(hours=5)) is None  # same day
    second = daily_backup(store, now=day1 + timedelta(days=1))
    assert second is not None
    assert daily_backup(store, now=day1 + timedelta(days=2)) is None  # nothing changed since


def test_open_store_takes_the_daily_backup_itself(tmp_path: Path) -> None:
    path = tmp_path / "annotations.sqlite3"
    with open_store(path) as s:
        s.add_note("o#01", "x")
    assert list_backups(backups_dir(path)) == []
    with open_store(path):
        pass
    [made] = list_backups(backups_dir(path))
    assert is_good(made.path)


def test_newest_good_backup_skips_damaged_copies(store: Store) -> None:
    store.add_note("n#01", "x")
    older = backup_on_quit(store, now=datetime(2024, 1, 1, 9, 0, 0))
    store.add_note("n#01", "y")
    newer = backup_on_quit(store, now=datetime(2024, 1, 2, 9, 0, 0))
    assert newest_good_backup(store.backup_dir) == newer
    newer.write_bytes(b"\0" * 100)
    assert newest_good_backup(store.backup_dir) == older
    assert newest_good_backup(store.backup_dir.parent / "nowhere") is None
