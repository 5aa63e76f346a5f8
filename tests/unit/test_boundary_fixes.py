"""The researcher's article boundaries in the store: migration, resolving, moving user data, undo."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.ingest.scan_cache import load_corpus
from reader.store import boundary_fixes as bf
from reader.store import db as dbmod
from reader.store.backup import backups_dir, is_good, list_backups
from reader.store.db import open_store, schema_version
from tests.conftest import CORPUS

FILE = "001_ff668e2db0ba1b04.txt"
STEM = "001_ff668e2db0ba1b04"


def ident(n: int) -> str:
    return f"{STEM}#{n:02d}"


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


@pytest.fixture
def store(tmp_path: Path):
    with open_store(tmp_path / "annotations.sqlite3", auto_backup=False) as s:
        yield s


def doc_by_title(uc: bf.UserCorpus, title: str):
    return next(d for d in uc.corpus.documents if d.title == title)


# --------------------------------------------------------------------------------------------
# Schema


def test_migration_from_v1_backs_up_and_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite3"
    conn = sqlite3.connect(path)  # a store as version 1 wrote it (today's code reads the newest schema)
    dbmod.MIGRATIONS[0](conn)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO annotations (uuid, doc_id, note, created, modified) "
                 "VALUES ('u1', 'x#01', 'written with version 1', '2024-01-01T00:00Z', '2024-01-01T00:00Z')")
    conn.execute("INSERT INTO corrections (doc_id, field, value, modified) "
                 "VALUES ('x#01', 'title', 'Mine', 'now')")
    conn.commit()
    conn.close()
    with open_store(path, auto_backup=False) as s:
        assert s.db.user_version() == schema_version()
        assert s.get("u1").note == "written with version 1"
        assert s.corrections() == {"x#01": {"title": "Mine"}}
        with s.db.read() as conn:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"boundary_fixes", "fix_log"} <= tables
        assert bf.fixes_for(s, tmp_path) == []
    [backup] = list_backups(backups_dir(path))
    assert backup.tag == f"before-v{schema_version()}" and is_good(backup.path)


def test_the_schema_refuses_nonsense(store) -> None:
    with pytest.raises(sqlite3.IntegrityError), store.write() as conn:
        conn.execute("INSERT INTO boundary_fixes (corpus, relpath, kind, position, line, created) "
                     "VALUES ('c', 'a.txt', 'explode', 0, 'x', 'now')")
    with pytest.raises(sqlite3.IntegrityError), store.write() as conn:
        conn.execute("INSERT INTO boundary_fixes (corpus, relpath, kind, position, line, created) "
                     "VALUES ('c', 'a.txt', 'split', 0, '', 'now')")


# --------------------------------------------------------------------------------------------
# Lines and resolution


def test_line_at_and_context() -> None:
    text = "Title\n\n  Second line  \nThird\n"
    assert bf.line_at(text, 0) == (0, "Title")
    assert bf.line_at(text, 6) == (9, "Second line")  # a blank line counts as the next line
    assert bf.line_at(text, 12) == (9, "Second line")
    assert bf.line_at(text, len(text)) is None
    assert bf.context_before(text, 9) == "Title"
    assert bf.context_before(text, 0) == ""


def test_resolve_prefers_the_stored_place_then_the_nearest_copy_with_context() -> None:
    text = "A\nRelated\nB\nRelated\nC\n"
    first, second = text.index("Related"), text.rindex("Related")
    assert bf.resolve_position(text, second, "Related", "B") == second
    edited = "new line\n" + text
    assert bf.resolve_position(edited, second, "Related", "B") == second + 9
    assert bf.resolve_position(edited, first, "Related", "A") == first + 9
    assert bf.resolve_position(edited, first, "Related", "") == first + 9  # nearest
    assert bf.resolve_position("A\nRelated stuff\n", 2, "Related") is None  # only whole lines
    assert bf.resolve_position("nothing here", 0, "Related") is None


lines = st.lists(
    st.one_of(st.sampled_from(["", "  ", "Title", "Body text.", "Related", " Title "]),
              st.text(alphabet="ab \t\u00a0\u2028x", max_size=8)),
    max_size=12,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines, st.integers(min_value=-3, max_value=200), lines, st.integers(0, 12))
def test_resolution_never_crashes_and_lands_on_the_same_line(before, position, inserted, at) -> None:
    old = "\n".join(before)
    found = bf.line_at(old, position)
    stored = found[1] if found else "Title"
    context = bf.context_before(old, found[0]) if found else ""
    new_lines = before[:at] + inserted + before[at:]
    new = "\n".join(new_lines)
    where = bf.resolve_position(new, position, stored, context)
    if where is not None:
        assert bf.line_at(new, where) == (where, stored)
    if found and where is None:
        assert not any(line.strip() == stored for line in new.split("\n"))


# --------------------------------------------------------------------------------------------
# Round trip through the scan


def test_split_round_trip_survives_a_rescan_and_shows_as_corrected(store, corpus_dir: Path) -> None:
    uc = bf.load_user_corpus(corpus_dir, store)
    count = len(uc.corpus.documents)
    second = uc.corpus.get(ident(2))
    result = bf.split(store, uc, ident(2), 3)
    assert result.new_ids == [ident(2), ident(3)]
    assert "Split" in result.message and ident(3) in result.message
    [fix] = bf.fixes_for(store, corpus_dir)
    assert fix.kind == "split" and fix.relpath == FILE
    assert second.paragraphs[2].text.startswith(fix.line)
    assert fix.context  # the line before it
    again = bf.load_user_corpus(corpus_dir, store)
    assert len(again.corpus.documents) == count + 1
    assert again.corpus.get(ident(3)).paragraphs[0].text == second.paragraphs[2].text
    assert again.corpus.get(ident(2)).paragraphs == second.paragraphs[:2]
    assert again.corrected_fields()[ident(3)] == ["split"]
    assert again.corrected_fields()[ident(2)] == ["split"]
    assert [r.status for r in again.fixes] == ["applies"]
    # Without the store (another profile), the splitter's own articles.
    assert len(load_corpus(corpus_dir).documents) == count


def test_the_scan_cache_key_includes_the_fixes(store, corpus_dir: Path) -> None:
    uc = bf.load_user_corpus(corpus_dir, store)
    bf.split(store, uc, ident(2), 3)
    fixed = bf.load_user_corpus(corpus_dir, store)
    plain = load_corpus(corpus_dir)
    assert len(fixed.corpus.documents) == len(plain.documents) + 1
    assert len(load_corpus(corpus_dir, fixes=fixed.boundary_fixes()).documents) == len(fixed.corpus.documents)


def test_a_fix_follows_its_line_when_the_file_changes_and_is_listed_when_it_is_gone(
    store, corpus_dir: Path
) -> None:
    uc = bf.load_user_corpus(corpus_dir, store)
    count = len(uc.corpus.documents)
    bf.split(store, uc, ident(2), 3)
    path = corpus_dir / FILE
    original = path.read_text(encoding="utf-8")
    path.write_text("A line the scraper added at the top of the page.\n\n" + original, encoding="utf-8")
    moved = bf.load_user_corpus(corpus_dir, store)
    assert [r.status for r in moved.fixes] == ["moved"]
    assert len(moved.corpus.documents) == count + 1
    [fix] = bf.fixes_for(store, corpus_dir)
    path.write_text(original.replace(fix.line, "This paragraph was rewritten."), encoding="utf-8")
    gone = bf.load_user_corpus(corpus_dir, store)
    assert [r.status for r in gone.fixes] == ["no longer applies"]
    assert len(gone.corpus.documents) == count
    assert any("no longer applies" in p for p in gone.corpus.problems)
    assert bf.fixes_for(store, corpus_dir) == [fix]  # kept, not dropped


def test_bad_requests_are_refused_with_a_sentence(store, corpus_dir: Path) -> None:
    uc = bf.load_user_corpus(corpus_dir, store)
    with pytest.raises(bf.FixError, match="no article"):
        bf.split(store, uc, "nope#01", 2)
    with pytest.raises(bf.FixError, match="Paragraph 1 already starts"):
        bf.split(store, uc, ident(2), 1)
    with pytest.raises(bf.FixError, match="no paragraph 99"):
        bf.split(store, uc, ident(2), 99)
    with pytest.raises(bf.FixError, match="first article"):
        bf.merge(store, uc, ident(1))
    with pytest.raises(bf.FixError, match="no fix to undo"):
        bf.undo(store, uc)
    assert bf.fixes_for(store, corpus_dir, include_removed=True) == []


def test_a_read_only_store_refuses_fixes(tmp_path: Path, corpus_dir: Path) -> None:
    path = tmp_path / "new.sqlite3"
    with open_store(path) as s, s.write() as conn:
        conn.execute("PRAGMA user_version = 99")
    with open_store(path) as s:
        uc = bf.load_user_corpus(corpus_dir, s)
        with pytest.raises(bf.FixError, match="read-only"):
            bf.split(s, uc, ident(2), 3)


# --------------------------------------------------------------------------------------------
# User data follows the text


def test_highlight_and_note_on_03_stay_on_their_text_through_split_merge_and_undo(
    store, corpus_dir: Path
) -> None:
    uc = bf.load_user_corpus(corpus_dir, store)
    third = uc.corpus.get(ident(3))
    p = third.paragraphs[2]
    highlight = store.add_highlight(third, p.start + 4, p.start + 40, 2, note="keep me")
    note = store.add_note(third.id, "about the Zubeir strike")
    store.set_correction(third.id, "title", "Zubeir, my title")
    quote = highlight.anchor.quote

    def check(uc: bf.UserCorpus, expected_id: str) -> None:
        h = store.get(highlight.uuid)
        doc = uc.corpus.get(h.doc_id)
        assert h.doc_id == expected_id and h.state == "anchored"
        assert doc.text[h.anchor.start : h.anchor.end] == quote
        assert doc.paragraphs[0].text == third.paragraphs[0].text  # the same article
        assert store.get(note.uuid).doc_id == expected_id
        assert store.corrections()[expected_id] == {"title": "Zubeir, my title"}
        assert store.orphans() == []

    after_split = bf.split(store, uc, ident(2), 3).after
    check(after_split, ident(4))
    after_merge = bf.merge(store, after_split, ident(2)).after  # #02 (first half) into #01
    check(after_merge, ident(3))
    back = bf.undo(store, after_merge).after
    check(back, ident(4))
    back = bf.undo(store, back).after
    check(back, ident(3))
    assert [d.id for d in back.corpus.documents] == [d.id for d in uc.corpus.documents]


def test_a_highlight_in_the_split_off_part_moves_with_it_and_back(store, corpus_dir: Path) -> None:
    uc = bf.load_user_corpus(corpus_dir, store)
    second = uc.corpus.get(ident(2))
    p = second.paragraphs[3]
    h = store.add_highlight(second, p.start, p.start + 25, 1)
    after = bf.split(store, uc, ident(2), 3).after
    moved = store.get(h.uuid)
    assert moved.doc_id == ident(3) and moved.state == "anchored"
    assert after.corpus.get(ident(3)).text[moved.anchor.start : moved.anchor.end] == h.anchor.quote
    bf.undo(store, after)
    assert store.get(h.uuid).doc_id == ident(2)
    assert store.get(h.uuid).anchor.start == h.anchor.start


def test_merge_sets_aside_what_cannot_follow_and_undo_brings_it_back(store, corpus_dir: Path) -> None:
    uc = bf.load_user_corpus(corpus_dir, store)
    store.set_correction(ident(4), "title", "Three")
    store.set_correction(ident(5), "title", "Four, absorbed")
    store.set_correction(ident(5), "date", "2020-04-07")
    note = store.add_note(ident(5), "on the absorbed article")
    store.add_pair(ident(5), "000_6e14188510fd6a63#01")
    merged = bf.merge(store, uc, ident(5))
    assert merged.new_ids == [ident(4)]
    assert store.corrections().get(ident(4)) == {"title": "Three"}
    assert store.get(note.uuid).doc_id == ident(4)  # never orphaned: on the article that holds it
    assert {(p.doc_a, p.doc_b) for p in store.pairs()} == {("000_6e14188510fd6a63#01", ident(4))}
    assert merged.after.corrected_fields()[ident(4)] == ["title", "merge"]
    bf.undo(store, merged.after)
    assert store.corrections()[ident(5)] == {"title": "Four, absorbed", "date": "2020-04-07"}
    assert store.corrections()[ident(4)] == {"title": "Three"}
    assert store.get(note.uuid).doc_id == ident(5)


def test_merging_where_the_researcher_split_takes_the_split_back(store, corpus_dir: Path) -> None:
    uc = bf.load_user_corpus(corpus_dir, store)
    after = bf.split(store, uc, ident(2), 3).after
    merged = bf.merge(store, after, ident(3))
    assert bf.fixes_for(store, corpus_dir) == []
    assert [d.id for d in merged.after.corpus.documents] == [d.id for d in uc.corpus.documents]
    restored = bf.undo(store, merged.after)
    assert len(bf.fixes_for(store, corpus_dir)) == 1
    assert len(restored.after.corpus.documents) == len(uc.corpus.documents) + 1


def test_retitle_is_the_title_correction_and_undoable(store, corpus_dir: Path) -> None:
    uc = bf.load_user_corpus(corpus_dir, store)
    store.set_correction(ident(3), "title", "First try")
    result = bf.retitle(store, uc, ident(3), "  Second   try ")
    assert result.message == f"Retitled {ident(3)}: “Second try”"
    assert store.corrections()[ident(3)]["title"] == "Second try"
    assert result.after.corrected_fields()[ident(3)] == ["title"]
    bf.undo(store, uc)
    assert store.corrections()[ident(3)]["title"] == "First try"
    bf.retitle(store, uc, ident(6), "Brand new")
    bf.undo(store, uc)
    assert "title" not in store.corrections().get(ident(6), {})
    with pytest.raises(bf.FixError, match="empty"):
        bf.retitle(store, uc, ident(6), "   ")


def test_remove_a_fix_and_undo_the_removal(store, corpus_dir: Path) -> None:
    uc = bf.load_user_corpus(corpus_dir, store)
    after = bf.split(store, uc, ident(2), 3).after
    [fix] = bf.fixes_for(store, corpus_dir)
    removed = bf.remove(store, after, fix.id)
    assert "Removed fix" in removed.message
    assert bf.fixes_for(store, corpus_dir) == []
    with pytest.raises(bf.FixError, match="no fix"):
        bf.remove(store, removed.after, 999)
    bf.undo(store, removed.after)
    assert [f.id for f in bf.fixes_for(store, corpus_dir)] == [fix.id]


def test_loading_without_a_readable_store_still_scans(
    corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.store.db import StoreError, default_db_path

    open_store().close()
    assert default_db_path().exists()

    def refuse(*args: object, **kwargs: object) -> None:
        raise StoreError("the disk is on fire")

    monkeypatch.setattr(bf, "open_store", refuse)
    warnings: list[str] = []
    uc = bf.load_user_corpus(corpus_dir, warn=warnings.append)
    assert uc.corpus.documents and not uc.store_available
    assert len(warnings) == 1 and "the disk is on fire" in warnings[0]
