"""Saved searches in the store: migration, round trip, new hits after a re-index, names, export."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from reader.search.searcher import MAX_LIMIT
from reader.search.service import open_index
from reader.store import db as dbmod
from reader.store import saved_searches as ss
from reader.store.backup import backups_dir, is_good, list_backups
from reader.store.boundary_fixes import load_user_corpus
from reader.store.db import open_store, schema_version
from reader.store.jsonld import SAVED_SEARCHES_KEY, ImportReport, import_jsonld, to_jsonld
from tests.conftest import CORPUS

NEW_ARTICLE = """Hezbollah drone strike reported near Kirkuk

By Staff Writer

BAGHDAD, 3 May 2021 — Officials said on Monday that a drone attributed to Kata'ib Hezbollah struck
an empty warehouse near Kirkuk. Hezbollah did not comment. No one was hurt in the strike, which
came a week after talks between Baghdad and Washington on the future of the coalition.

The attack was the third this month, officials said, and the Iraqi government promised an inquiry
into who had launched it and from where.
"""


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


@pytest.fixture
def store(tmp_path: Path):
    with open_store(tmp_path / "annotations.sqlite3", auto_backup=False) as s:
        yield s


def index_of(root: Path):
    return open_index(load_user_corpus(root).corpus)


# --------------------------------------------------------------------------------------------
# Schema


def test_migration_from_v2_backs_up_and_keeps_notes_and_fixes(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite3"
    conn = sqlite3.connect(path)  # a store as version 2 wrote it (today's code reads the newest schema)
    for migration in dbmod.MIGRATIONS[:2]:
        migration(conn)
    conn.execute("PRAGMA user_version = 2")
    conn.execute("INSERT INTO annotations (uuid, doc_id, note, created, modified) VALUES "
                 "('u2', 'x#01', 'written with version 2 — مكتوبة', '2024-01-01', '2024-01-01')")
    conn.execute("INSERT INTO boundary_fixes (corpus, relpath, kind, position, line, created) "
                 "VALUES ('/c', 'a.txt', 'split', 3, 'A line', 'now')")
    conn.commit()
    conn.close()
    with open_store(path, auto_backup=False) as s:
        assert s.db.user_version() == schema_version() >= 3
        assert s.get("u2").note == "written with version 2 — مكتوبة"
        with s.db.read() as conn:
            assert conn.execute("SELECT line FROM boundary_fixes").fetchall()[0][0] == "A line"
        assert ss.list_saved(s, tmp_path) == []
        saved = ss.add(s, tmp_path, "After the upgrade", "Hezbollah")
        assert ss.list_saved(s, tmp_path) == [saved]
    [backup] = list_backups(backups_dir(path))
    assert backup.tag == f"before-v{schema_version()}" and is_good(backup.path)
    copy = sqlite3.connect(f"{backup.path.as_uri()}?mode=ro", uri=True)
    try:
        assert copy.execute("PRAGMA user_version").fetchone()[0] == 2
    finally:
        copy.close()


def test_the_schema_refuses_nonsense_and_duplicate_live_names(store) -> None:
    with pytest.raises(sqlite3.IntegrityError), store.write() as conn:
        conn.execute("INSERT INTO saved_searches (uuid, corpus, name, name_key, sort, created, modified) "
                     "VALUES ('u', 'c', 'n', 'n', 'random', 'now', 'now')")
    with store.write() as conn:
        conn.execute("INSERT INTO saved_searches (uuid, corpus, name, name_key, created, modified) "
                     "VALUES ('u1', 'c', 'n', 'n', 'now', 'now')")
    with pytest.raises(sqlite3.IntegrityError), store.write() as conn:
        conn.execute("INSERT INTO saved_searches (uuid, corpus, name, name_key, created, modified) "
                     "VALUES ('u2', 'c', 'N', 'n', 'now', 'now')")


# --------------------------------------------------------------------------------------------
# Round trip and names


def test_round_trip_keeps_every_option_per_corpus(store, tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    saved = ss.add(store, a, "  Iraq\tstrikes  ", "drone* AND Iraq", lang="AR", date_from="٢٠٢٠-3",
                   date_to="2020-06-30", exact=True, variants=True, sort="date")
    assert saved.name == "Iraq strikes"
    assert (saved.query, saved.lang, saved.date_from, saved.date_to) == ("drone* AND Iraq", "ar", "2020-03",
                                                                        "2020-06-30")
    assert saved.exact and saved.variants and saved.sort == "date"
    assert saved.viewed_at is None and saved.seen == frozenset()
    assert saved.options_text() == "Arabic · 2020-03 – 2020-06-30 · exact · variants · newest first"
    assert ss.list_saved(store, a) == [saved]
    assert ss.list_saved(store, b) == []  # another corpus has its own list
    assert ss.find(store, a, "iraq STRIKES") == saved
    assert ss.find(store, a, saved.uuid) == saved
    assert ss.find(store, a, f"urn:uuid:{saved.uuid}") == saved
    assert ss.find(store, b, "Iraq strikes") is None
    # The same name in another corpus is fine.
    assert ss.add(store, b, "Iraq strikes", "Iraq").corpus != saved.corpus


def test_unicode_names_compare_folded_and_stay_as_typed(store, tmp_path: Path) -> None:
    first = ss.add(store, tmp_path, "أخبار حزب الله", "حزب الله")
    assert first.name == "أخبار حزب الله"
    with pytest.raises(ss.SavedSearchError, match="already exists"):
        ss.add(store, tmp_path, "اخبار حزب الله", "x")  # the same name without the hamza
    with pytest.raises(ss.SavedSearchError, match="already exists"):
        ss.add(store, tmp_path, "أخبار  حزب الله ", "x")
    ss.add(store, tmp_path, "Ḥizb Allāh — «قاسم»", "Qasem", variants=True)
    ss.add(store, tmp_path, "emoji 🚀 search", "rocket")
    names = [s.name for s in ss.list_saved(store, tmp_path)]
    assert sorted(names) == sorted(["أخبار حزب الله", "Ḥizb Allāh — «قاسم»", "emoji 🚀 search"])
    assert ss.find(store, tmp_path, "اخبار حزب الله") == first


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("", "needs a name"),
        ("   \n\t ", "needs a name"),
        ("x" * (ss.MAX_NAME + 1), "at most"),
        ("bad\x00name", "control characters"),
        ("bell\x07", "control characters"),
        ("abc\u202edcba", "direction controls"),
        ("\u2067isolated\u2069", "direction controls"),
        ("lone \udcff surrogate", "not valid Unicode"),
    ],
)
def test_hostile_names_are_refused_with_a_sentence(store, tmp_path: Path, name: str, error: str) -> None:
    with pytest.raises(ss.SavedSearchError, match=error) as caught:
        ss.add(store, tmp_path, name, "query")
    message = str(caught.value)
    assert message.endswith(".") and "\n" not in message
    assert ss.list_saved(store, tmp_path) == []


def test_hostile_but_printable_names_are_kept_as_plain_text(store, tmp_path: Path) -> None:
    for name in ("<b>bold</b><script>alert(1)</script>", "'; DROP TABLE saved_searches; --", "--json",
                 "%s %d {0}", "../../etc/passwd", "name with\nnewline"):
        ss.add(store, tmp_path, name, "Iraq")
    names = {s.name for s in ss.list_saved(store, tmp_path)}
    assert "<b>bold</b><script>alert(1)</script>" in names
    assert "'; DROP TABLE saved_searches; --" in names
    assert "name with newline" in names  # whitespace collapsed: one line in every list
    assert len(names) == 6


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"query": ""}, "needs a query"),
        ({"query": "x", "lang": "fr"}, "Unknown language"),
        ({"query": "x", "sort": "oldest"}, "Unknown sort"),
        ({"query": "x", "date_from": "2020-13"}, "no month 13"),
        ({"query": "x", "date_to": "2021-02-30"}, "not a day"),
        ({"query": "x", "date_from": "yesterday"}, "not a date"),
        ({"query": "x", "date_from": "2021", "date_to": "2020"}, "after the 'to' date"),
    ],
)
def test_bad_options_are_refused(store, tmp_path: Path, kwargs: dict, error: str) -> None:
    with pytest.raises(ss.SavedSearchError, match=error):
        ss.add(store, tmp_path, "n", **kwargs)


def test_a_filter_alone_is_a_saved_search(store, tmp_path: Path) -> None:
    assert ss.add(store, tmp_path, "All Arabic", "", lang="ar").query == ""


def test_remove_keeps_the_row_and_frees_the_name(store, tmp_path: Path) -> None:
    saved = ss.add(store, tmp_path, "Old", "Iraq")
    removed = ss.remove(store, tmp_path, "old")
    assert removed.deleted_at is not None
    assert ss.list_saved(store, tmp_path) == []
    with store.db.read() as conn:
        assert conn.execute("SELECT count(*) FROM saved_searches").fetchone()[0] == 1
    with pytest.raises(ss.SavedSearchError, match="no saved search named 'Old'"):
        ss.remove(store, tmp_path, "Old")
    again = ss.add(store, tmp_path, "Old", "Iraq")
    assert again.uuid != saved.uuid


def test_replace_keeps_uuid(store, tmp_path: Path) -> None:
    saved = ss.add(store, tmp_path, "War", "war", seen=["a#01"])
    replaced = ss.add(store, tmp_path, "war", "war OR conflict", replace_existing=True)
    assert replaced.uuid == saved.uuid and replaced.query == "war OR conflict"
    assert replaced.seen == {"a#01"}


# --------------------------------------------------------------------------------------------
# New hits


def test_new_hits_after_adding_an_article_and_reindexing(store, corpus_dir: Path) -> None:
    handle = index_of(corpus_dir)
    try:
        draft = ss.draft("Hezbollah", "Hezbollah", lang="en")
        before = ss.run(handle, draft)
    finally:
        handle.close()
    assert before.response.total > 2 and len(before.ids) == before.response.total
    handle = index_of(corpus_dir)
    try:
        shown = ss.run(handle, draft, show=2)  # two hits shown, every hit counted
    finally:
        handle.close()
    assert [h.id for h in shown.response.hits] == before.ids[:2] and shown.ids == before.ids
    saved = ss.add(store, corpus_dir, "Hezbollah", "Hezbollah", lang="en", seen=before.ids)
    assert saved.viewed_at is not None and saved.seen == set(before.ids)

    handle = index_of(corpus_dir)
    try:
        assert ss.run(handle, saved).new_ids == []  # nothing changed: nothing new
    finally:
        handle.close()

    (corpus_dir / "zz_new_article.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    handle = index_of(corpus_dir)  # the re-scan and re-index
    try:
        counted = ss.run(handle, ss.find(store, corpus_dir, "Hezbollah"))
        assert [i.split("#")[0] for i in counted.new_ids] == ["zz_new_article"]
        assert counted.response.total == before.response.total + 1
        # Counting is not viewing: still one new.
        assert len(ss.run(handle, ss.find(store, corpus_dir, "Hezbollah")).new_ids) == 1
        # Viewing (a run with the store) marks it seen; the result still says what was new.
        viewed = ss.run(handle, ss.find(store, corpus_dir, "Hezbollah"), store=store)
        assert len(viewed.new_ids) == 1
        assert ss.run(handle, ss.find(store, corpus_dir, "Hezbollah")).new_ids == []
    finally:
        handle.close()
    assert ss.find(store, corpus_dir, "Hezbollah").seen == set(counted.ids)


def test_seen_holds_every_hit_the_searcher_returns() -> None:
    assert ss.MAX_SEEN >= MAX_LIMIT  # and a run lists every matching id, beyond the searcher's limit


# --------------------------------------------------------------------------------------------
# Export and import with the notes


def test_json_export_and_import_round_trip_without_duplicates(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    root.mkdir()
    with open_store(tmp_path / "one.sqlite3", auto_backup=False) as one:
        note = one.add_note("x#01", "a note")
        ss.add(one, root, "حزب الله", "حزب الله", lang="ar", seen=["x#01", "x#02"])
        ss.add(one, root, "Dated", "Iraq", date_from="2020", date_to="2020-06", sort="date", exact=True)
        data = json.loads(json.dumps(to_jsonld(one.all(), {}, one.palette(),
                                               saved_searches=ss.export_items(one, root))))
    exported = data[SAVED_SEARCHES_KEY]
    assert [e["name"] for e in exported] == ["Dated", "حزب الله"]
    assert exported[1]["seen"] == ["x#01", "x#02"] and exported[1]["language"] == "ar"
    with open_store(tmp_path / "two.sqlite3", auto_backup=False) as two:
        report = import_jsonld(two, data, [], corpus_root=root)
        assert (report.added, report.searches_added, report.searches_unchanged) == (1, 2, 0)
        assert "2 saved searches (2 added, 0 already here)" in report.summary()
        assert two.get(note.uuid).note == "a note"
        got = {s.name: s for s in ss.list_saved(two, root)}
        assert got["حزب الله"].seen == {"x#01", "x#02"} and got["حزب الله"].lang == "ar"
        assert got["Dated"].date_from == "2020" and got["Dated"].sort == "date" and got["Dated"].exact
        assert got["حزب الله"].uuid == exported[1]["id"].removeprefix("urn:uuid:")
        again = import_jsonld(two, data, [], corpus_root=root)
        assert (again.searches_added, again.searches_unchanged) == (0, 2)
        assert len(ss.list_saved(two, root)) == 2
        # A search of the same name (another uuid) is not duplicated either.
        renamed = json.loads(json.dumps(data))
        for item in renamed[SAVED_SEARCHES_KEY]:
            item["id"] = "urn:uuid:00000000-0000-4000-8000-000000000000"
        assert import_jsonld(two, renamed, [], corpus_root=root).searches_added == 0
        # Removed here, imported again: it comes back.
        ss.remove(two, root, "Dated")
        assert import_jsonld(two, data, [], corpus_root=root).searches_added == 1
        assert len(ss.list_saved(two, root)) == 2
    # Without a corpus the saved searches are left out, and old readers just see notes.
    with open_store(tmp_path / "three.sqlite3", auto_backup=False) as three:
        assert import_jsonld(three, data, []) == ImportReport(added=1)


def test_a_file_without_saved_searches_exports_as_before(store) -> None:
    data = to_jsonld([], {}, store.palette(), saved_searches=[])
    assert SAVED_SEARCHES_KEY not in data


def test_bad_saved_searches_in_an_import_are_reported_not_raised(store, tmp_path: Path) -> None:
    data = {"type": "AnnotationCollection", "first": {"type": "AnnotationPage", "items": []},
            SAVED_SEARCHES_KEY: [
                {"name": "", "query": "x"},
                {"name": "ok", "query": "x", "sort": "sideways"},
                "not an object",
                {"name": "\u202eevil", "query": "x"},
                {"name": "fine", "query": "Iraq", "seen": ["a", 3, None], "lastViewed": "garbage",
                 "id": 42},
            ]}
    report = import_jsonld(store, data, [], corpus_root=tmp_path)
    assert report.searches_added == 1
    assert len(report.problems) == 4
    assert all(p.startswith("saved search ") for p in report.problems)
    [fine] = ss.list_saved(store, tmp_path)
    assert fine.name == "fine" and fine.seen == {"a"} and fine.viewed_at is None
    bad = dict(data)
    bad[SAVED_SEARCHES_KEY] = {"not": "a list"}
    assert import_jsonld(store, bad, [], corpus_root=tmp_path).problems
