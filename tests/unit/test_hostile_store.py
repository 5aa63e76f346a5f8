"""The notes store against a hostile world: files that are not what they should be, and hostile imports.

What a user meets, checked through ``open_store`` and the real command line (``reader.cli.main``):
a folder, a link to ``/dev/null``, another program's database, a format version no Corpus Reader
writes, a dropped table or a lock held too long where the notes file should be (one sentence naming
the file, exit 2, the file left as it was); a read-only file or folder (notes still listed, writes
refused in one sentence); one cell of invalid UTF-8 or binary data (every note still listed, the
damaged one named, nothing written back); and notes files with offsets past 2**63, times in year 1
or 9999 and huge strings (the bad item skipped with its reason, the rest imported, twice).

Permissions do not bind root, so the read-only cases give up root's effective ids while they run
(:func:`without_root`); they need folders that user can reach, made by :func:`open_profile`.
"""

from __future__ import annotations

import _strptime  # noqa: F401  (imported while root: without root the interpreter's own folder may be closed)
import contextlib
import json
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader import cli, paths
from reader.store import db as dbmod
from reader.store.annotations import Store
from reader.store.backup import backup_now
from reader.store.db import ReadOnlyStoreError, StoreError, default_db_path, open_store
from reader.store.jsonld import MAX_TEXT_CHARS, MAX_TIME, MIN_TIME, doc_iri, from_jsonld, import_jsonld
from reader.store.model import MAX_OFFSET

NOBODY = 65534
ARTICLE = "The ministry said on Tuesday that talks would resume in Baghdad next week."
UNOPENABLE = {  # fault -> words the one sentence must contain
    "folder": "is a folder",
    "link to /dev/null": "/dev/null",
    "user_version -1": "format version (-1)",
    "another program's database": "another program",
    "dropped table": "tags table is missing",
    "exclusive lock": "locked by another program",
}


# --------------------------------------------------------------------------------------------
# Making the faults (also used by tests/ui/test_hostile_store_app.py)


@contextlib.contextmanager
def without_root() -> Iterator[None]:
    """Run the block as an ordinary user: file permissions bind root only once it gives up its ids."""
    if os.geteuid() != 0:
        yield
        return
    os.setegid(NOBODY)
    os.seteuid(NOBODY)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


@contextlib.contextmanager
def open_profile() -> Iterator[Path]:
    """A profile every user can reach (pytest's own folders are root's alone), in force for the block."""
    base = Path(tempfile.mkdtemp(prefix="hostile-store-"))
    try:
        base.chmod(0o777)
        for sub in ("data", "cache", "config"):
            (base / sub).mkdir(mode=0o777)
            (base / sub).chmod(0o777)
        paths.set_profile(base)
        yield base
    finally:
        paths.set_profile(None)
        for folder in (base, *base.rglob("*")):
            if folder.is_dir():
                with contextlib.suppress(OSError):
                    folder.chmod(0o777)
        shutil.rmtree(base, ignore_errors=True)


def sql(db: Path, *statements: str, params: tuple[Any, ...] = ()) -> None:
    """Change the file behind the store's back, as another program (or a damaged disk) would."""
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        for statement in statements:
            conn.execute(statement, params if "?" in statement else ())
    finally:
        conn.close()


def fill(db: Path) -> dict[str, str]:
    """A store with an article note and a highlight (tagged): uuid -> note."""
    from reader.ingest.model import UNDATED, Document, Paragraph

    doc = Document(id="hostile#01", source="hostile.txt", segment=1, title="Hostile", byline=None,
                   outlet=None, date=UNDATED, language="en", paragraphs=(Paragraph(ARTICLE, 0, "en", "ltr"),),
                   original=ARTICLE, source_span=(0, len(ARTICLE)))
    with open_store(db, auto_backup=False) as store:
        note = store.add_note(doc.id, "kept whole", tags=["keep"])
        mark = store.add_highlight(doc, 22, 29, 2, note="a highlight", tags=["mark", "two"])
    return {note.uuid: note.note, mark.uuid: mark.note}


@contextlib.contextmanager
def broken_store(kind: str, db: Path) -> Iterator[None]:
    """``db`` made unusable as ``kind`` says (one of :data:`UNOPENABLE`) for the duration of the block."""
    db.parent.mkdir(parents=True, exist_ok=True)
    holder: sqlite3.Connection | None = None
    if kind == "folder":
        db.mkdir()
    elif kind == "link to /dev/null":
        db.symlink_to(os.devnull)
    elif kind == "another program's database":  # a browser's history, say: newer than any version of ours
        sql(db, "CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)",
            "INSERT INTO moz_places (url) VALUES ('https://example.org')", "PRAGMA user_version = 74")
    else:
        fill(db)
        if kind == "user_version -1":
            sql(db, "PRAGMA user_version = -1")
        elif kind == "dropped table":
            sql(db, "DROP TABLE tags")
        elif kind == "exclusive lock":
            holder = sqlite3.connect(db, isolation_level=None)
            holder.execute("PRAGMA locking_mode = EXCLUSIVE")
            holder.execute("BEGIN EXCLUSIVE")
            holder.execute("UPDATE meta SET value = value")
            holder.execute("COMMIT")  # locking_mode EXCLUSIVE: the lock stays until the connection closes
        else:
            raise ValueError(kind)
    try:
        yield
    finally:
        if holder is not None:
            holder.close()


def snapshot(db: Path) -> tuple[str, bytes]:
    """What is at ``db`` (to show it was left as it was)."""
    if db.is_symlink():
        return "link", os.readlink(db).encode()
    if db.is_dir():
        return "folder", b""
    return "file", db.read_bytes()


@pytest.fixture
def short_lock_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    """A lock is given up after 0.2 s here, not 10 s: the behaviour is the same, the test fast."""
    monkeypatch.setattr(dbmod, "BUSY_TIMEOUT_MS", 200)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "hostile.txt").write_text(f"Hostile\n\n{ARTICLE}\n", encoding="utf-8")
    return folder


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def one_sentence(err: str) -> str:
    """The failure line of a command: the last on stderr, starting ``corpus-reader:``, no traceback."""
    assert "Traceback" not in err, err
    last = err.strip().splitlines()[-1]
    assert last.startswith("corpus-reader: ") and last.endswith("."), err
    return last


def notes_file(tmp_path: Path, items: list[Any]) -> Path:
    path = tmp_path / "notes.json"
    path.write_text(json.dumps({"type": "AnnotationCollection", "first": {"items": items}}), encoding="utf-8")
    return path


# --------------------------------------------------------------------------------------------
# Item 5: a notes file that cannot be opened


@pytest.mark.parametrize("kind", list(UNOPENABLE))
def test_a_store_that_cannot_be_opened_is_one_sentence_and_left_as_it_was(
    kind: str, capsys: pytest.CaptureFixture[str], short_lock_wait: None, corpus: Path, tmp_path: Path
) -> None:
    db = default_db_path()
    with broken_store(kind, db):
        before = snapshot(db) if kind != "exclusive lock" else None
        with pytest.raises(StoreError) as caught:
            open_store()
        message = str(caught.value)
        assert "\n" not in message and str(db) in message and UNOPENABLE[kind] in message, message
        code, out, err = run_cli(capsys, "notes", "list", str(corpus))
        assert code == 2 and out == "" and len(err.splitlines()) == 1, err
        assert str(db) in one_sentence(err) and UNOPENABLE[kind] in one_sentence(err)
        code, _out, err = run_cli(capsys, "notes", "import", str(notes_file(tmp_path, [])), str(corpus))
        assert code == 2 and UNOPENABLE[kind] in one_sentence(err)
        if before is not None:
            assert snapshot(db) == before, "never moved, emptied or migrated"
    assert not list(db.parent.glob("*.corrupt-*"))


def test_a_dropped_table_with_a_backup_is_damage_and_the_backup_comes_back(tmp_path: Path) -> None:
    db = tmp_path / "annotations.sqlite3"
    notes = fill(db)
    with open_store(db, auto_backup=False) as store:
        backup_now(store)
    sql(db, "DROP TABLE tags")
    with open_store(db, auto_backup=False) as store:
        assert "tags table is missing" in store.recovery_message
        assert "restored from the backup" in store.recovery_message
        assert {a.uuid: a.note for a in store.all()} == notes
        assert sorted(t for a in store.all() for t in a.tags) == ["keep", "mark", "two"]
    [aside] = [p for p in tmp_path.glob("annotations.sqlite3.corrupt-*")
               if not p.name.endswith(("-wal", "-shm"))]
    kept = sqlite3.connect(aside)
    try:
        assert kept.execute("SELECT count(*) FROM annotations").fetchone()[0] == 2  # kept as it was
    finally:
        kept.close()


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_store_lists_the_notes_and_refuses_changes_in_one_sentence(
    what: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with open_profile() as profile:
        corpus = profile / "corpus"
        corpus.mkdir(mode=0o755)
        (corpus / "hostile.txt").write_text(f"Hostile\n\n{ARTICLE}\n", encoding="utf-8")
        db = default_db_path()
        notes = fill(db)
        doomed = notes_file(profile, [])
        db.chmod(0o444 if what == "file" else 0o666)
        if what == "folder":
            db.parent.chmod(0o555)
        before = db.read_bytes()
        with without_root():
            with open_store() as store:
                assert store.read_only and "read-only" in store.recovery_message
                assert str(db) in store.recovery_message
                assert {a.uuid: a.note for a in store.all()} == notes
                with pytest.raises(ReadOnlyStoreError, match="read-only") as refused:
                    store.add_note("hostile#01", "not saved")
                assert str(db) in str(refused.value) and "\n" not in str(refused.value)
            code, out, err = run_cli(capsys, "notes", "list", str(corpus))
            assert code == 0 and "kept whole" in out and "a highlight" in out, err
            assert "read-only" in err and "Traceback" not in err
            code, out, err = run_cli(capsys, "notes", "import", str(doomed), str(corpus))
            assert code == 2 and "read-only" in one_sentence(err)
        assert db.read_bytes() == before


def test_a_write_lock_held_too_long_is_one_sentence_and_reading_still_works(
    capsys: pytest.CaptureFixture[str], short_lock_wait: None, corpus: Path, tmp_path: Path
) -> None:
    db = default_db_path()
    notes = fill(db)
    holder = sqlite3.connect(db, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another window or command in the middle of a long write
        with open_store() as store:
            assert {a.uuid: a.note for a in store.all()} == notes
            with pytest.raises(StoreError, match="locked by another program") as caught:
                store.add_note("hostile#01", "waits, then gives up")
            assert str(db) in str(caught.value)
        code, _out, err = run_cli(capsys, "notes", "import", str(notes_file(tmp_path, [])), str(corpus))
        assert code == 2 and "locked by another program" in one_sentence(err)
    finally:
        holder.close()
    with open_store() as store:
        assert store.add_note("hostile#01", "once the lock is gone").note == "once the lock is gone"


# --------------------------------------------------------------------------------------------
# Item 6 and the damage tests: one cell that is not what it should be


DAMAGE = {  # SQL run on the highlight's row -> what the damage report says
    "CAST(x'ff' AS TEXT) in the note": (
        "UPDATE annotations SET note = CAST(x'ff' AS TEXT) || 'tail' WHERE uuid = ?",
        "its note is not valid UTF-8 text"),
    "a BLOB in the note": (
        "UPDATE annotations SET note = x'00ff41' WHERE uuid = ?", "its note holds binary data"),
    "invalid UTF-8 in the quote": (
        "UPDATE annotations SET quote = CAST(x'c3' AS TEXT) WHERE uuid = ?", "its quote is not valid UTF-8"),
    "a BLOB in a tag": (
        "UPDATE tags SET tag = x'ff' WHERE tag = 'two' AND annotation_id = (SELECT id FROM annotations "
        "WHERE uuid = ?)", "a tag holds binary data"),
    "a BLOB as the article id": (
        "UPDATE annotations SET doc_id = x'68ff' WHERE uuid = ?", "its article id holds binary data"),
}


def _raw(db: Path) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT hex(note), hex(quote), hex(doc_id), typeof(note) FROM annotations "
                            "UNION ALL SELECT hex(tag), '', '', '' FROM tags ORDER BY 1").fetchall()
    finally:
        conn.close()


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_one_damaged_cell_is_reported_not_hiding_every_note_and_never_written_back(
    damage: str, capsys: pytest.CaptureFixture[str], corpus: Path, tmp_path: Path
) -> None:
    statement, reported = DAMAGE[damage]
    db = default_db_path()
    notes = fill(db)
    hurt = next(uuid for uuid, note in notes.items() if note == "a highlight")
    sql(db, statement, params=(hurt,))
    raw = _raw(db)
    with open_store() as store:
        found = {a.uuid: a for a in store.all()}
        assert set(found) == set(notes), "every note is still listed"
        assert reported in found[hurt].damage
        whole = next(a for a in found.values() if a.uuid != hurt)
        assert whole.damage == "" and whole.note == "kept whole" and whole.tags == ["keep"]
        assert [d.uuid for d in store.damaged()] == [hurt]
        assert len(store.search()) == 2 and store.tags()
    code, out, err = run_cli(capsys, "notes", "list", str(corpus))
    assert code == 0 and "kept whole" in out and "2 annotations" in out, err
    assert f"the note {hurt}" in err and reported in err and "Traceback" not in err
    code, out, err = run_cli(capsys, "notes", "export", "--format", "json", str(corpus))
    assert code == 0 and {a.uuid for a in from_jsonld(json.loads(out))} == set(notes), err
    code, out, err = run_cli(capsys, "notes", "export", "--format", "md", str(corpus))
    assert code == 0 and "kept whole" in out, err
    assert _raw(db) == raw, "the replacement characters were never written back over the stored bytes"


# --------------------------------------------------------------------------------------------
# Item 9: hostile notes files


def item(n: int, **changes: Any) -> dict[str, Any]:
    """A good highlight of the test corpus's article, ``n`` giving it its own uuid."""
    made: dict[str, Any] = {
        "id": f"urn:uuid:00000000-0000-4000-8000-{n:012d}",
        "type": "Annotation",
        "created": "2024-01-02T03:04:05Z",
        "modified": "2024-01-02T03:04:05Z",
        "body": [{"type": "TextualBody", "purpose": "commenting", "value": f"note {n}"},
                 {"type": "TextualBody", "purpose": "tagging", "value": "imported"}],
        "target": {"source": doc_iri("hostile#01"), "selector": [
            {"type": "TextQuoteSelector", "exact": "talks would resume"},
            {"type": "TextPositionSelector", "start": 40, "end": 58},
        ]},
    }
    made.update(changes)
    return made


def positioned(n: int, start: Any, end: Any) -> dict[str, Any]:
    got = item(n)
    got["target"]["selector"][1].update(start=start, end=end)
    return got


HOSTILE = [  # (the item, words its reason must contain)
    (positioned(2, 2**63, 2**63 + 18), "outside any article"),
    (positioned(3, 2**64, 2**64 + 18), "outside any article"),
    (positioned(4, -18, 0), "outside any article"),
    (positioned(5, 1.5, 19.5), "not a whole number"),
    (positioned(6, "40", "58"), "not a whole number"),
    (positioned(7, True, 19), "not a whole number"),
    (item(8, created="0001-01-01T00:00:00+05:00"), "creation time"),
    (item(9, modified="9999-12-31T23:59:59-05:00"), "modification time"),
    (item(10, modified="yesterday"), "modification time"),
    (item(11, created=12345), "creation time"),
    (item(12, bodyValue="x" * (MAX_TEXT_CHARS + 1)), "longer than"),
    (item(13, body=[{"purpose": "tagging", "value": f"tag{i}"} for i in range(1001)]), "tags"),
]


def test_hostile_numbers_dates_and_sizes_skip_their_item_and_the_rest_imports_twice(
    capsys: pytest.CaptureFixture[str], corpus: Path, tmp_path: Path
) -> None:
    path = notes_file(tmp_path, [item(1)] + [bad for bad, _ in HOSTILE] + [item(14)])
    code, out, err = run_cli(capsys, "notes", "import", str(path), str(corpus))
    assert code == 0 and "Imported 2 annotations: 2 added" in out, err
    skipped = [line for line in err.splitlines() if line.startswith("  skipped ")]
    assert len(skipped) == len(HOSTILE)
    for n, (line, (_bad, why)) in enumerate(zip(skipped, HOSTILE, strict=True), start=2):
        assert line.startswith(f"  skipped item {n}: ") and why in line, line
    code, out, err = run_cli(capsys, "notes", "import", str(path), str(corpus))  # the same file again
    assert code == 0 and "Imported 2 annotations: 0 added, 0 updated, 2 unchanged" in out, err
    with open_store() as store:
        assert sorted(a.note for a in store.all()) == ["note 1", "note 14"]
        assert all(a.modified == "2024-01-02T03:04:05.000000Z" for a in store.all())


def test_a_year_one_time_already_stored_breaks_neither_imports_nor_listing(corpus: Path) -> None:
    """An older version accepted such times; the file may hold them: they are read, never fatal."""
    with open_store() as store:
        first = import_jsonld(store, [item(1)], [])
        assert first.added == 1
    sql(default_db_path(), "UPDATE annotations SET created = '0001-01-01T00:00:00+05:00', "
                           "modified = '9999-12-31T23:59:59-05:00'")
    with open_store() as store:
        assert [a.note for a in store.search(sort="written")] == ["note 1"]
        newer = item(1, modified="2025-06-01T00:00:00Z", body=[{"purpose": "commenting", "value": "newer"}])
        report = import_jsonld(store, [newer, item(2)], [])
        assert (report.added, report.updated, report.problems) == (1, 1, ())
        assert sorted(a.note for a in store.all()) == ["newer", "note 2"]


def test_text_from_an_import_reaches_the_terminal_sanitised(
    capsys: pytest.CaptureFixture[str], corpus: Path, tmp_path: Path
) -> None:
    hostile_id = "evil\x1b]52;c;aGk=\x07#01\x1b[2J"
    target = {"source": doc_iri(hostile_id), "corpusReader:docId": hostile_id}
    bad_time = item(3, target=target, created="\x1b]0;title\x07")
    good = item(2, target=target, body=[{"purpose": "commenting", "value": "x"}])
    path = notes_file(tmp_path, [good, bad_time])
    code, out, err = run_cli(capsys, "notes", "import", str(path), str(corpus))
    assert code == 0 and "1 added" in out
    assert "\x1b" not in err and "\x07" not in err and "]0;title" in err  # shown, never obeyed
    code, out, err = run_cli(capsys, "notes", "list", str(corpus))
    assert code == 0 and "evil␛]52;c;aGk=␇#01␛[2J" in out, out
    assert "\x1b" not in out + err and "\x07" not in out + err


hostile_numbers = (
    st.integers() | st.integers(min_value=2**62, max_value=2**70) | st.floats(allow_nan=True)
    | st.booleans() | st.none() | st.text(max_size=8) | st.just(2**63)
)
hostile_times = (
    st.none() | st.text(max_size=30) | st.integers() | st.floats()
    | st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat())
    | st.sampled_from(["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00", "2024-02-30T00:00:00Z",
                       "2024-05-01T12:00:00Z", "1969-12-31T23:59:59Z", ""])
)


@st.composite
def hostile_items(draw: st.DrawFn) -> dict[str, Any]:
    made = positioned(draw(st.integers(0, 10**6)), draw(hostile_numbers), draw(hostile_numbers))
    made["created"], made["modified"] = draw(hostile_times), draw(hostile_times)
    if draw(st.booleans()):
        made["bodyValue"] = draw(st.text(max_size=50))
    return made


def _bounded(a: Any) -> None:
    """What the parser gives the store: every number and date within its bounds."""
    if a.anchor is not None:
        assert 0 <= a.anchor.start < a.anchor.end <= MAX_OFFSET and a.anchor.quote
    for when in (a.created, a.modified):
        if when:
            from datetime import datetime

            parsed = datetime.fromisoformat(when.replace("Z", "+00:00"))
            assert MIN_TIME <= parsed <= MAX_TIME and when.endswith("Z")
    assert len(a.note) <= MAX_TEXT_CHARS


@settings(max_examples=200, deadline=None)
@given(st.lists(hostile_items(), max_size=6))
def test_the_import_parser_bounds_every_number_and_date_and_accounts_for_every_item(items: list[Any]) -> None:
    problems: list[str] = []
    parsed = from_jsonld({"type": "AnnotationPage", "items": items}, problems)
    assert len(parsed) + len(problems) == len(items), "every item is imported or skipped with a reason"
    for a in parsed:
        _bounded(a)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(hostile_items(), max_size=5))
def test_a_hostile_import_never_aborts_and_a_second_one_adds_nothing(
    tmp_path: Path, items: list[Any]
) -> None:
    with open_store(tmp_path / f"{len(list(tmp_path.iterdir()))}.sqlite3", auto_backup=False) as store:
        first = import_jsonld(store, items, [])
        second = import_jsonld(store, items, [])
        assert second.added == 0 and len(second.problems) == len(first.problems)
        for a in store.all():
            _bounded(a)
        assert isinstance(store, Store) and store.search(sort="written") is not None
