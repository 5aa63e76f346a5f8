"""The annotation store: the user's work must be impossible to lose.

Covers the API (highlights, notes, tags, palette, search, corrections, pairs, import), the SQLite
settings that make saves durable, migrations guarded by a verified backup, recovery from a damaged
file, refusal to touch a newer file, re-anchoring over the real corpus, and kill -9 at random moments.
"""

from __future__ import annotations

import dataclasses
import os
import sqlite3
import threading
from pathlib import Path

import pytest

from reader import paths
from reader.ingest.model import UNDATED, DateInfo, Document, Paragraph
from reader.store import db as dbmod
from reader.store.annotations import Store, fold_for_search
from reader.store.backup import backup_now, backups_dir, is_good, list_backups
from reader.store.db import (
    MigrationRefused,
    NewerSchemaError,
    ReadOnlyStoreError,
    StoreError,
    open_store,
    schema_version,
)
from reader.store.model import DEFAULT_PALETTE, Annotation, Colour
from tests.unit.store_killer import run_kill_cycles


def make_doc(doc_id: str, text: str, *, source: str = "src.txt", language: str = "en",
             date: DateInfo = UNDATED) -> Document:
    return Document(
        id=doc_id, source=source, segment=int(doc_id.rsplit("#", 1)[-1]), title="T", byline=None,
        outlet=None, date=date, language=language,  # type: ignore[arg-type]
        paragraphs=tuple(
            Paragraph(p, 0, "en", "ltr") for p in text.split("\n\n")
        ),
        original=text, source_span=(0, len(text)),
    )


TEXT = (
    "The ministry said on Tuesday that talks would resume in Baghdad.\n\n"
    "قال الرئيس إن المحادثات ستستأنف الأسبوع المقبل في بغداد.\n\n"
    "Observers were cautious about the timetable."
)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = open_store(tmp_path / "annotations.sqlite3")
    yield s
    s.close()


@pytest.fixture
def doc() -> Document:
    return make_doc("src#01", TEXT)


# --------------------------------------------------------------------------------------------
# Create, read, update, delete


def test_highlight_round_trip(store: Store, doc: Document) -> None:
    start = doc.text.index("talks would resume")
    h = store.add_highlight(doc, start, start + 18, 3, note="key claim", tags=["talks", " Talks ", "Iraq"])
    assert h.anchor is not None and h.anchor.quote == "talks would resume"
    assert h.anchor.prefix == doc.text[start - 32 : start]
    assert h.anchor.suffix == doc.text[start + 18 : start + 50]
    assert h.anchor.source == "src.txt" and h.colour == 3 and h.state == "anchored"
    assert h.tags == ["Iraq", "talks"]  # trimmed, de-duplicated case-insensitively, sorted
    assert store.get(h.uuid) == h
    with pytest.raises(ValueError):
        store.add_highlight(doc, 5, 5, 1)
    with pytest.raises(ValueError):
        store.add_highlight(doc, 0, 5, 9)


def test_note_update_colour_tags_delete_undelete(store: Store, doc: Document) -> None:
    h = store.add_highlight(doc, 0, 12, 1)
    n = store.add_note(doc.id, "Whole-article note", tags=["todo"])
    assert n.anchor is None and n.colour is None and n.is_highlight is False

    assert store.update_note(h.uuid, "edited").note == "edited"
    changed = store.set_colour(h.uuid, 5)
    assert changed.colour == 5 and changed.modified >= h.modified
    with pytest.raises(ValueError):
        store.set_colour(n.uuid, 2)  # notes have no colour
    assert store.set_tags(n.uuid, ["b", "a", ""]).tags == ["a", "b"]

    store.delete(h.uuid)
    assert store.get(h.uuid) is None
    assert store.is_deleted(h.uuid)
    assert [a.uuid for a in store.for_document(doc.id)] == [n.uuid]
    assert {a.uuid for a in store.all(include_deleted=True)} == {h.uuid, n.uuid}
    assert [a.uuid for a in store.deleted()] == [h.uuid]
    with pytest.raises(KeyError):
        store.update_note(h.uuid, "cannot edit what is deleted")
    back = store.undelete(h.uuid)
    assert back.note == "edited" and back.colour == 5
    assert not store.is_deleted(h.uuid)
    with pytest.raises(KeyError):
        store.update_note("no-such-uuid", "x")
    with pytest.raises(KeyError):
        store.undelete("no-such-uuid")


def test_for_document_lists_notes_first_then_highlights_in_text_order(store: Store, doc: Document) -> None:
    late = store.add_highlight(doc, 100, 110, 1)
    early = store.add_highlight(doc, 4, 12, 2)
    note = store.add_note(doc.id, "n")
    store.add_note("other#01", "elsewhere")
    assert [a.uuid for a in store.for_document(doc.id)] == [note.uuid, early.uuid, late.uuid]


def test_tags_list_only_live_annotations(store: Store, doc: Document) -> None:
    a = store.add_note(doc.id, "x", tags=["beta", "Alpha"])
    store.add_note(doc.id, "y", tags=["gamma"])
    assert store.tags() == ["Alpha", "beta", "gamma"]
    store.delete(a.uuid)
    assert store.tags() == ["gamma"]


def test_palette_defaults_and_rename_survive_reopen(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite3"
    with open_store(path) as s:
        assert s.palette() == list(DEFAULT_PALETTE)
        assert s.rename_colour(2, "  Attack  ") == Colour(2, "Attack", DEFAULT_PALETTE[1].rgb)
        with pytest.raises(ValueError):
            s.rename_colour(0, "x")
    with open_store(path) as s:
        assert s.palette()[1].label == "Attack" and s.palette()[0] == DEFAULT_PALETTE[0]
        assert s.rename_colour(2, "") == DEFAULT_PALETTE[1]  # empty label: back to the default
        assert s.palette() == list(DEFAULT_PALETTE)


def test_write_rolls_back_on_error(store: Store) -> None:
    before = store.change_seq()
    with pytest.raises(RuntimeError), store.write() as conn:
        conn.execute("INSERT INTO meta (key, value) VALUES ('x', 'y')")
        raise RuntimeError("boom")
    assert store.db.get_meta("x") is None and store.change_seq() == before


def test_threads_share_a_store(store: Store) -> None:
    errors: list[BaseException] = []

    def work(k: int) -> None:
        try:
            for i in range(40):
                store.add_note(f"t#{k:02d}", f"thread {k} note {i}")
                store.search("note")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(store.all()) == 160 and store.changes == 160


def test_two_stores_on_one_file_see_each_others_writes(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite3"
    with open_store(path) as one, open_store(path) as two:
        a = one.add_note("x#01", "from one")
        b = two.add_note("x#01", "from two")
        assert {n.uuid for n in one.all()} == {n.uuid for n in two.all()} == {a.uuid, b.uuid}


def test_default_location_is_the_profile_data_folder(profile: Path) -> None:
    with open_store() as s:
        assert s.path == paths.user_paths().data / "annotations.sqlite3"
        assert str(s.path).startswith(str(profile))
        assert s.backup_dir == backups_dir()


# --------------------------------------------------------------------------------------------
# Search


def test_search_folds_arabic_and_case(store: Store, doc: Document) -> None:
    vowelled = store.add_note(doc.id, "تصريح الرَّئِيسُ مهم")
    start = doc.text.index("Baghdad")
    quoted = store.add_highlight(doc, start, start + 7, 4, note="")
    arabic_quote = store.add_highlight(doc, doc.text.index("الرئيس"), doc.text.index("الرئيس") + 6, 1)
    assert [a.uuid for a in store.search("الرئيس")] == [arabic_quote.uuid, vowelled.uuid]
    assert [a.uuid for a in store.search("الرَّئِيسُ مهم")] == [vowelled.uuid]  # every word must match
    assert [a.uuid for a in store.search("BAGHDAD")] == [quoted.uuid]  # quoted text is searched
    assert store.search("absent") == []
    assert fold_for_search("  أَحْمَد   Ali ") == "احمد ali"


def test_search_filters_and_sorts(store: Store) -> None:
    old = make_doc("a#01", "Old article about the blockade.", date=DateInfo("2019-05-02", "day", "header"))
    new = make_doc("b#01", "مقال عن الحصار الجديد", language="ar", date=DateInfo("2021-03", "month", "body"))
    undated = make_doc("c#01", "An undated piece on the blockade.")
    docs = {d.id: d for d in (old, new, undated)}
    n_old = store.add_highlight(old, 0, 3, 1, note="blockade note", tags=["siege"])
    n_new = store.add_highlight(new, 0, 4, 2, note="blockade", tags=["Siege", "arabic"])
    n_und = store.add_note(undated.id, "blockade, undated")

    assert [a.uuid for a in store.search("blockade")] == [n_und.uuid, n_new.uuid, n_old.uuid]  # newest first
    assert [a.uuid for a in store.search("blockade", colour=2)] == [n_new.uuid]
    assert {a.uuid for a in store.search("", tag="SIEGE")} == {n_old.uuid, n_new.uuid}
    assert [a.uuid for a in store.search("", language="ar", docs=docs)] == [n_new.uuid]
    assert [a.uuid for a in store.search("", date_from="2020", docs=docs)] == [n_new.uuid]
    assert [a.uuid for a in store.search("", date_to="2019-12", docs=docs)] == [n_old.uuid]
    # A month-precise article is inside its month, not inside a day-precise range within it.
    march = store.search("", date_from="2021-03", date_to="2021-03", docs=docs)
    assert [a.uuid for a in march] == [n_new.uuid]
    by_date = store.search("blockade", sort="article_date", docs=docs)
    assert [a.uuid for a in by_date] == [n_old.uuid, n_new.uuid, n_und.uuid]  # undated last
    with pytest.raises(ValueError):
        store.search("x", date_from="2020")  # needs docs
    with pytest.raises(ValueError):
        store.search("x", date_from="last spring", docs=docs)
    # Filters see the user's corrections.
    store.set_correction(undated.id, "date", "2022-01-05")
    assert [a.uuid for a in store.search("", date_from="2022", docs=docs)] == [n_und.uuid]


# --------------------------------------------------------------------------------------------
# Corrections and pairs


def test_corrections_apply_to_the_bundled_corpus_and_survive_reopen(tmp_path: Path, bundled_corpus) -> None:
    docs = bundled_corpus.documents
    undated = next(d for d in docs if d.date.value is None)
    other = next(d for d in docs if d.date.value is not None)
    path = tmp_path / "a.sqlite3"
    with open_store(path) as s:
        s.set_correction(undated.id, "date", "2020-04")
        s.set_correction(undated.id, "title", "  A better   title ")
        s.set_correction(other.id, "outlet", "Al-Mada")
        s.set_correction(other.id, "byline", "")
        s.set_correction(other.id, "language", "mixed")
        with pytest.raises(ValueError):
            s.set_correction(other.id, "date", "2021-02-30")
        with pytest.raises(ValueError):
            s.set_correction(other.id, "date", "April 2020")
        with pytest.raises(ValueError):
            s.set_correction(other.id, "language", "fr")
        with pytest.raises(ValueError):
            s.set_correction(other.id, "segment", "2")
    with open_store(path) as s:
        assert s.corrections() == {
            undated.id: {"date": "2020-04", "title": "A better title"},
            other.id: {"byline": "", "language": "mixed", "outlet": "Al-Mada"},
        }
        fixed = {d.id: d for d in s.apply_corrections(docs)}
        assert fixed[undated.id].date == DateInfo("2020-04", "month", "corrected", "corrected by the user")
        assert fixed[undated.id].title == "A better title"
        assert fixed[undated.id].text == undated.text
        assert fixed[other.id].outlet == "Al-Mada" and fixed[other.id].byline is None
        assert fixed[other.id].language == "mixed"
        untouched = next(d for d in docs if d.id not in (undated.id, other.id))
        assert fixed[untouched.id] is untouched
        s.clear_correction(undated.id, "title")
        assert s.apply_corrections([undated])[0].title == undated.title
        s.set_correction(other.id, "date", "")
        assert s.apply_corrections([other])[0].date.value is None


def test_pairs(store: Store) -> None:
    p = store.add_pair("b#01", "a#01", "declared")
    assert (p.doc_a, p.doc_b, p.origin) == ("a#01", "b#01", "declared")
    store.add_pair("a#01", "b#01", "dismissed")  # same pair, new decision
    store.add_pair("c#01", "d#01")
    assert [(x.doc_a, x.doc_b, x.origin) for x in store.pairs()] == [
        ("a#01", "b#01", "dismissed"), ("c#01", "d#01", "user"),
    ]
    assert [x.doc_a for x in store.pairs(origin="user")] == ["c#01"]
    with pytest.raises(ValueError):
        store.add_pair("a#01", "a#01")
    with pytest.raises(ValueError):
        store.add_pair("a#01", "z#01", "maybe")
    assert store.remove_pair("b#01", "a#01") is True
    assert store.remove_pair("b#01", "a#01") is False
    assert len(store.pairs()) == 1


# --------------------------------------------------------------------------------------------
# Import


def test_import_merges_by_uuid_without_duplicates(tmp_path: Path, doc: Document) -> None:
    with open_store(tmp_path / "one.sqlite3") as one:
        h = one.add_highlight(doc, 0, 12, 2, note="original", tags=["x"])
        n = one.add_note(doc.id, "article note")
        exported = one.all()
    with open_store(tmp_path / "two.sqlite3") as two:
        assert [two.import_annotation(a) for a in exported] == [True, True]
        assert [two.import_annotation(a) for a in exported] == [False, False]  # again: no-op
        assert len(two.all(include_deleted=True)) == 2
        got = two.get(h.uuid)
        assert got is not None and got.anchor == h.anchor and got.tags == ["x"] and got.note == "original"
        seq = two.change_seq()
        # An older copy never overwrites; a newer one does.
        older = dataclasses.replace(exported[0], note="stale", modified="2000-01-01T00:00:00Z")
        assert two.import_annotation(older) is False
        newer = dataclasses.replace(exported[0], note="edited elsewhere", tags=["y"],
                                    modified="2999-01-01T00:00:00+00:00")
        assert two.import_annotation(newer) is True
        assert two.get(h.uuid).note == "edited elsewhere" and two.get(h.uuid).tags == ["y"]
        assert two.change_seq() == seq + 1  # the no-op import did not count as a change
        # Deleted here after that copy was made: re-importing the old copy does not resurrect it.
        two.delete(n.uuid)
        assert two.import_annotation(exported[1]) is False
        assert two.get(n.uuid) is None
        with pytest.raises(ValueError):
            two.import_annotation(Annotation(uuid="", doc_id="x", anchor=None, colour=None))


# --------------------------------------------------------------------------------------------
# SQLite settings and schema


def test_durability_settings_are_really_set(store: Store) -> None:
    assert store.db.pragma("journal_mode") == "wal"
    assert store.db.pragma("synchronous") == 2  # FULL
    assert store.db.pragma("foreign_keys") == 1
    assert store.db.pragma("busy_timeout") == dbmod.BUSY_TIMEOUT_MS
    assert store.db.user_version() == schema_version() == len(dbmod.MIGRATIONS)
    assert store.db.connection.isolation_level is None
    with store.db.read() as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"annotations", "tags", "palette", "corrections", "pairs", "meta"} <= tables
    assert store.recovery_message is None and not store.read_only


def _add_v2(monkeypatch: pytest.MonkeyPatch) -> None:
    def v2(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE annotations ADD COLUMN reviewed INTEGER NOT NULL DEFAULT 0")

    monkeypatch.setattr(dbmod, "MIGRATIONS", [*dbmod.MIGRATIONS, v2])


def test_migration_takes_a_verified_backup_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 doc: Document) -> None:
    path = tmp_path / "a.sqlite3"
    with open_store(path, auto_backup=False) as s:
        kept = s.add_highlight(doc, 0, 12, 1, note="before the upgrade")
    assert list_backups(backups_dir(path)) == []
    current = schema_version()
    _add_v2(monkeypatch)
    with open_store(path, auto_backup=False) as s:
        assert s.db.user_version() == current + 1
        assert s.get(kept.uuid).note == "before the upgrade"
        with s.db.read() as conn:
            assert conn.execute("SELECT reviewed FROM annotations").fetchone()[0] == 0
    [backup] = list_backups(backups_dir(path))
    assert backup.tag == f"before-v{current + 1}" and is_good(backup.path)
    copy = sqlite3.connect(f"{backup.path.as_uri()}?mode=ro", uri=True)
    try:
        assert copy.execute("PRAGMA user_version").fetchone()[0] == current
        assert copy.execute("SELECT note FROM annotations").fetchall() == [("before the upgrade",)]
    finally:
        copy.close()


def test_migration_is_refused_when_the_backup_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.sqlite3"
    with open_store(path, auto_backup=False) as s:
        s.add_note("x#01", "precious")
    current = schema_version()
    _add_v2(monkeypatch)

    def broken_backup(*args: object, **kwargs: object) -> Path:
        raise dbmod.BackupError("disk full")

    monkeypatch.setattr(dbmod, "backup_to", broken_backup)
    with pytest.raises(MigrationRefused, match="could not make a verified backup"):
        open_store(path, auto_backup=False)
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == current  # untouched
        assert conn.execute("SELECT note FROM annotations").fetchall() == [("precious",)]
    finally:
        conn.close()


def test_an_older_database_is_backed_up_then_migrated(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite3"
    conn = sqlite3.connect(path)
    dbmod.MIGRATIONS[0](conn)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO annotations (uuid, doc_id, note, created, modified) "
                 "VALUES ('u1', 'x#01', 'from version 1', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z')")
    conn.commit()
    conn.close()
    with open_store(path, auto_backup=False) as s:
        assert s.db.user_version() == schema_version()
        assert [a.note for a in s.all()] == ["from version 1"]
    [backup] = list_backups(backups_dir(path))
    assert backup.tag == f"before-v{schema_version()}" and is_good(backup.path)


def test_a_new_database_needs_no_backup(tmp_path: Path) -> None:
    open_store(tmp_path / "a.sqlite3").close()
    assert list_backups(tmp_path / "backups") == []


def test_a_database_from_a_newer_version_is_opened_read_only(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite3"
    with open_store(path) as s:
        note = s.add_note("x#01", "written by the future")
        with s.write() as conn:
            conn.execute("PRAGMA user_version = 99")
    with open_store(path) as s:
        assert s.read_only
        assert "newer version of Corpus Reader" in s.recovery_message
        assert s.get(note.uuid).note == "written by the future"  # still readable
        with pytest.raises(ReadOnlyStoreError):
            s.add_note("x#01", "nope")
    with pytest.raises(NewerSchemaError, match="newer version"):
        open_store(path, allow_read_only=False)
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 99  # never downgraded
    finally:
        conn.close()


# --------------------------------------------------------------------------------------------
# Damage


def _corrupt_siblings(path: Path, *, sidecars: bool = False) -> list[Path]:
    """Files moved aside; without ``sidecars``, only the databases (not their -wal/-shm)."""
    return sorted(
        p for p in path.parent.iterdir()
        if ".corrupt-" in p.name and (sidecars or not p.name.endswith(("-wal", "-shm")))
    )


def test_a_corrupt_file_is_moved_aside_and_the_newest_good_backup_restored(tmp_path: Path) -> None:
    path = tmp_path / "annotations.sqlite3"
    with open_store(path, auto_backup=False) as s:
        saved = s.add_note("x#01", "in the backup")
        backup_now(s)
        s.add_note("x#01", "after the backup: lost with the file")
    garbage = os.urandom(3) + b"this is not a database" * 500
    path.write_bytes(garbage)
    with open_store(path, auto_backup=False) as s:
        msg = s.recovery_message
        assert msg is not None and "damaged" in msg and "restored from the backup" in msg
        assert [a.note for a in s.all()] == [saved.note]
        assert s.db.pragma("integrity_check") == "ok" and s.db.pragma("journal_mode") == "wal"
        s.add_note("x#01", "life goes on")
    [aside] = _corrupt_siblings(path)
    assert aside.name.startswith("annotations.sqlite3.corrupt-")
    assert aside.read_bytes() == garbage  # kept as it was, never deleted
    with open_store(path, auto_backup=False) as s:
        assert s.recovery_message is None and len(s.all()) == 2


@pytest.mark.parametrize("emptied", ["zero bytes", "no tables"])
def test_an_emptied_file_where_a_store_existed_is_damage_and_the_backup_comes_back(
    tmp_path: Path, emptied: str
) -> None:
    path = tmp_path / "annotations.sqlite3"
    with open_store(path, auto_backup=False) as s:
        saved = s.add_note("x#01", "in the backup")
        backup_now(s)
    for side in ("-wal", "-shm"):
        Path(f"{path}{side}").unlink(missing_ok=True)
    if emptied == "zero bytes":
        path.write_bytes(b"")  # passes quick_check: SQLite sees a new, empty database
    else:
        path.unlink()
        sqlite3.connect(path).close()  # a valid database file with no schema at all
    with open_store(path, auto_backup=False) as s:
        msg = s.recovery_message
        assert msg is not None and "restored from the backup" in msg
        assert [a.note for a in s.all()] == [saved.note]
    assert len(_corrupt_siblings(path)) == 1  # the emptied file was kept, not deleted


def test_a_new_profile_with_no_backups_starts_empty_without_a_message(tmp_path: Path) -> None:
    path = tmp_path / "annotations.sqlite3"
    path.write_bytes(b"")  # e.g. touched by another tool before the first start
    with open_store(path, auto_backup=False) as s:
        assert s.recovery_message is None and s.all() == []
    assert _corrupt_siblings(path) == []


def test_a_damaged_page_is_caught_and_a_bad_newest_backup_skipped(tmp_path: Path) -> None:
    path = tmp_path / "annotations.sqlite3"
    with open_store(path, auto_backup=False) as s:
        for i in range(300):
            s.add_note(f"x#{i:02d}", f"note {i} " + "padding " * 40)
        good = backup_now(s)
        bad = backup_now(s)
    bad.write_bytes(b"\0" * 4096)  # the newest backup is unusable: the older one must be used
    with open(path, "r+b") as f:
        f.seek(4096 * 5)
        f.write(os.urandom(4096 * 3))
    with open_store(path, auto_backup=False) as s:
        assert s.recovery_message is not None and good.name in s.recovery_message
        assert len(s.all()) == 300
    assert len(_corrupt_siblings(path)) == 1


def test_a_corrupt_file_without_backups_starts_empty_but_keeps_the_file(tmp_path: Path) -> None:
    path = tmp_path / "annotations.sqlite3"
    path.write_bytes(b"garbage" * 1000)
    Path(f"{path}-wal").write_bytes(b"wal garbage")
    with open_store(path, auto_backup=False) as s:
        assert "no backup was found" in s.recovery_message
        assert s.all() == []
    [aside] = _corrupt_siblings(path)
    assert Path(f"{aside}-wal").read_bytes() == b"wal garbage"  # the WAL moved with it, untouched


def test_an_unopenable_path_raises_instead_of_being_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "annotations.sqlite3"
    path.mkdir()
    with pytest.raises(StoreError, match="is a folder"):
        open_store(path, auto_backup=False)
    assert path.is_dir() and not _corrupt_siblings(path)


# --------------------------------------------------------------------------------------------
# Re-anchoring over the real corpus


def _edit(doc: Document, new_paragraphs: list[str], **changes: object) -> Document:
    paras = tuple(Paragraph(t, 0, "en", "ltr") for t in new_paragraphs)
    return dataclasses.replace(doc, paragraphs=paras, **changes)


def test_reanchor_follows_edits_and_keeps_orphans(store: Store, bundled_corpus) -> None:
    docs = [d for d in bundled_corpus.documents if len(d.paragraphs) >= 3][:6]
    made = []
    for d in docs:
        p = d.paragraphs[1]
        start = p.start + 5
        made.append(store.add_highlight(d, start, start + 40, 1, note=f"on {d.id}"))
    assert store.reanchor(bundled_corpus.documents).anchored == 6  # nothing changed

    changed = {d.id: d for d in bundled_corpus.documents}
    # doc 0: a paragraph inserted before the highlight; doc 1: the highlighted words removed;
    # doc 2: re-segmented, the highlighted paragraph now belongs to a new article of the same file.
    d0, d1, d2 = docs[0], docs[1], docs[2]
    changed[d0.id] = _edit(d0, ["A new opening paragraph. 🙂"] + [p.text for p in d0.paragraphs])
    q1 = made[1].anchor.quote
    changed[d1.id] = _edit(d1, [p.text.replace(q1, "[removed]") for p in d1.paragraphs])
    moved_doc = _edit(d2, [p.text for p in d2.paragraphs[1:]], id=d2.id.split("#")[0] + "#99", segment=99)
    changed[d2.id] = _edit(d2, [d2.paragraphs[0].text])
    changed[moved_doc.id] = moved_doc
    report = store.reanchor(list(changed.values()))
    assert (report.anchored, report.moved, report.orphaned) == (3, 2, 1)
    assert set(report.changed) == {made[0].uuid, made[1].uuid, made[2].uuid}

    texts = {d.id: d.text for d in changed.values()}
    for a in store.all():
        if a.state != "orphan":
            assert texts[a.doc_id][a.anchor.start : a.anchor.end] == a.anchor.quote
    assert store.get(made[0].uuid).state == "moved"
    assert store.get(made[2].uuid).doc_id == moved_doc.id
    [orphan] = store.orphans()
    assert orphan.uuid == made[1].uuid and orphan.anchor.quote == q1 and orphan.note == f"on {d1.id}"
    # Kept, and found again when the text comes back; "moved" stays visible until re-highlighted.
    report = store.reanchor(bundled_corpus.documents)
    assert report.orphaned == 0 and store.orphans() == []
    assert store.get(made[1].uuid).state == "anchored"
    assert store.get(made[0].uuid).state == "moved"


def test_reanchor_leaves_highlights_of_files_it_was_not_given(store: Store, doc: Document) -> None:
    h = store.add_highlight(doc, 0, 10, 1)
    report = store.reanchor([make_doc("elsewhere#01", "Other text", source="other.txt")])
    assert report.skipped == 1 and store.get(h.uuid).state == "anchored"


# --------------------------------------------------------------------------------------------
# kill -9


def test_kill_minus_nine_never_loses_an_acknowledged_save(tmp_path: Path) -> None:
    """Savers with automatic backups on, killed at random moments mid-save, mid-retag, mid-backup.

    After every kill every stored annotation must be whole: its note, article, colour, times and
    *both* its tags (an insert or a re-tag that is not one transaction leaves one or none).
    """
    report = run_kill_cycles(tmp_path, cycles=40, seed=20240521, min_ms=10, max_ms=50)
    print(f"kill -9: {report.cycles} cycles, {report.acknowledged} acknowledged saves, {report.lost} lost, "
          f"{report.unacknowledged} committed-but-unacknowledged, {report.backups} backups, "
          f"{report.seconds:.1f} s")
    assert report.problems == []
    assert report.lost == 0
    assert report.cycles == 40
    # Loose on purpose (a busy disk slows saves): what matters is that kills land mid-stream.
    assert report.acknowledged >= report.cycles, "the saver hardly saved anything between kills"
    assert sum(n > 0 for n in report.saves_between_kills) >= report.cycles // 2
    assert 0 <= report.unacknowledged <= report.cycles
    assert report.backups >= 1, "automatic backups were on: the day's backup must be there and verified"


def test_v4_fields_round_trip_and_a_v3_store_gains_them(tmp_path: Path) -> None:
    """Fuzzy confidence, note language/direction, carried-from and kept import fields are stored."""
    path = tmp_path / "a.sqlite3"
    conn = sqlite3.connect(path)
    for migration in dbmod.MIGRATIONS[:3]:
        migration(conn)
    conn.execute("PRAGMA user_version = 3")
    conn.execute("INSERT INTO annotations (uuid, doc_id, note, created, modified) "
                 "VALUES ('old', 'x#01', 'from v3', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z')")
    conn.commit()
    conn.close()
    with open_store(path, auto_backup=False) as s:
        old = s.get("old")
        assert old.anchor_score is None and (old.language, old.direction, old.carried_from) == ("", "", "")
        assert old.extra == {}
        note = Annotation(uuid="new", doc_id="x#02", anchor=None, colour=None, note="ملاحظة",
                          anchor_score=0.92, language="ar", direction="rtl", carried_from="old",
                          extra={"hypothesis": {"user": "acct:me"}, "orphan_reason": "no article"})
        assert s.import_annotation(note)
        back = s.get("new")
        assert back.anchor_score == 0.92
        assert (back.language, back.direction, back.carried_from) == ("ar", "rtl", "old")
        assert back.extra == {"hypothesis": {"user": "acct:me"}, "orphan_reason": "no article"}
        with s.db.write() as conn, pytest.raises(sqlite3.IntegrityError):
            conn.execute("UPDATE annotations SET direction = 'sideways' WHERE uuid = 'new'")
        with s.db.write() as conn:
            conn.execute("UPDATE annotations SET extra = 'not json' WHERE uuid = 'new'")
        assert s.get("new").extra == {} and "imported fields" in s.get("new").damage


def test_a_note_knows_its_language_and_direction(store: Store, doc: Document) -> None:
    h = store.add_highlight(doc, 0, 12, 1, note="(AFP) أعلن الحزب موقفه اليوم.")
    assert (h.language, h.direction) == ("ar", "rtl")
    english = store.update_note(h.uuid, "An English note about حزب الله.")
    assert (english.language, english.direction) == ("en", "ltr")
    assert (store.get(h.uuid).language, store.get(h.uuid).direction) == ("en", "ltr")
    blank = store.add_note(doc.id, "   ")
    assert (blank.language, blank.direction) == ("", "")
