"""The on-disk index: versions, pointer, manifest, incremental updates, locking, crashes.

The index is a cache, so the promises are about never showing a broken or half-built index and
never losing what a returned commit wrote: a kill -9 at random moments (>= 20 times) must leave an
index that opens and finds every article whose commit returned before the kill; and a kill -9 of
the real ``sync_index`` (full builds, early publishing, the pointer flip, the parallel helper,
updates) must leave either a consistent published index or none, and the next open must search
exactly like a clean build.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
from whoosh import query as wq

from reader import paths
from reader.ingest.corpus import Corpus
from reader.ingest.model import UNDATED, DateInfo, Document, Paragraph
from reader.search import indexer
from reader.search.indexer import (
    LEXICON_FILE,
    POINTER,
    Cancelled,
    IndexStore,
    IndexUnusable,
    Manifest,
    WriterLock,
    sync_index,
)
from reader.search.query import parse_query
from reader.search.schema import source_fingerprints
from reader.search.searcher import search
from reader.search.service import corpus_id, index_path_for, open_current, open_index
from tests.unit.index_killer import unique_word

KILLER = Path(__file__).with_name("index_killer.py")


def make_doc(doc_id: str, text: str, *, date: str | None = None, language: str = "en",
             source: str | None = None, title: str = "") -> Document:
    info = DateInfo(date, "day", "header", "test") if date else UNDATED
    para = Paragraph(text, 0, "ar" if language == "ar" else "en", "rtl" if language == "ar" else "ltr")
    return Document(id=doc_id, source=source or f"{doc_id.split('#')[0]}.txt", segment=1,
                    title=title or doc_id, byline=None, outlet=None, date=info,
                    language=language, paragraphs=(para,), original=text,  # type: ignore[arg-type]
                    source_span=(0, len(text)))


def corpus_of(root: Path, docs: list[Document], states: dict[str, str] | None = None) -> Corpus:
    states = states if states is not None else {d.source: f"s1-{d.source}" for d in docs}
    return Corpus(root=root, documents=docs, skipped=[], file_states=states)


@pytest.fixture
def profile(tmp_path: Path):
    paths.set_profile(tmp_path / "profile")
    yield tmp_path
    paths.set_profile(None)


@pytest.fixture(autouse=True)
def close_handles(monkeypatch: pytest.MonkeyPatch):
    """Close every handle a test opens (Whoosh readers hold files; unclosed ones warn)."""
    import reader.search.service as service

    opened: list = []
    for name in ("open_index", "open_current"):
        real = getattr(service, name)

        def wrapper(*args, _real=real, **kwargs):
            handle = _real(*args, **kwargs)
            opened.append(handle)
            return handle

        monkeypatch.setattr(service, name, wrapper)
        monkeypatch.setitem(globals(), name, wrapper)
    yield
    for handle in opened:
        handle.close()


@pytest.fixture
def corpus_root(profile: Path) -> Path:
    root = profile / "corpus"
    root.mkdir()
    return root


def base_docs() -> list[Document]:
    return [
        make_doc("a#01", "The drone hit the convoy near Kirkuk.", date="2020-01-03"),
        make_doc("b#01", "Protesters filled Tahrir Square.", date="2020-02-01"),
        make_doc("c#01", "قال الرئيس إن الهجوم مدان.", language="ar", date="2020-03-01"),
        make_doc("c#02", "وأضاف أن التحقيق مستمر.", language="ar", date="2020-03-01", source="c.txt"),
    ]


def found(handle, text: str) -> set[str]:
    return {h.id for h in search(handle, text, limit=100).hits}


# --------------------------------------------------------------------------------------------
# Layout and builds


def test_index_lives_in_the_profile_cache(corpus_root: Path, profile: Path) -> None:
    path = index_path_for(corpus_root)
    assert path == profile / "profile" / "cache" / "index" / corpus_id(corpus_root)
    assert len(corpus_id(corpus_root)) == 16
    handle = open_index(corpus_of(corpus_root, base_docs()))
    assert handle.path == path / "v0001"
    assert (path / POINTER).read_text().strip() == "v0001"
    manifest = Manifest.load(handle.path)
    assert manifest is not None and manifest.complete and set(manifest.files) == {"a.txt", "b.txt", "c.txt"}
    assert handle.stats == (4, 0, 0) and not handle.rebuilt


def test_second_open_changes_nothing(corpus_root: Path) -> None:
    corpus = corpus_of(corpus_root, base_docs())
    open_index(corpus).close()
    again = open_index(corpus)
    assert again.stats == (0, 0, 0) and again.version == "v0001"


def test_dropping_searchers_gives_a_fresh_one_and_keeps_the_handle_usable(corpus_root: Path) -> None:
    handle = open_index(corpus_of(corpus_root, base_docs()))
    first = handle.searcher()
    total = search(handle, "convoy").total
    assert total == 1
    handle.drop_searchers()
    assert first.is_closed
    assert handle.searcher() is not first
    assert search(handle, "convoy").total == total
    handle.close()
    with pytest.raises(IndexUnusable):
        handle.searcher()


def test_incremental_update_reindexes_only_changed_files(corpus_root: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    docs = base_docs()
    states = {d.source: f"s1-{d.source}" for d in docs}
    open_index(corpus_of(corpus_root, docs, states)).close()

    written: list[str] = []
    real = indexer.document_fields

    def spy(doc: Document, file_hash: str) -> dict:
        written.append(doc.id)
        return real(doc, file_hash)

    monkeypatch.setattr(indexer, "document_fields", spy)
    docs2 = [d if d.id != "b#01" else replace(d, paragraphs=(Paragraph("Crowds left Tahrir Square.", 0,
                                                                       "en", "ltr"),)) for d in docs]
    states2 = dict(states, **{"b.txt": "s2-b"})
    handle = open_index(corpus_of(corpus_root, docs2, states2))
    assert written == ["b#01"]
    assert handle.stats == (0, 1, 0)
    assert found(handle, "crowds") == {"b#01"}
    assert found(handle, "protesters") == set()

    written.clear()
    docs3 = [d for d in docs2 if d.source != "c.txt"] + [make_doc("d#01", "A new drone report.")]
    states3 = {d.source: states2.get(d.source, "s1-d") for d in docs3}
    handle = open_index(corpus_of(corpus_root, docs3, states3))
    assert written == ["d#01"]
    assert handle.stats == (1, 0, 2)
    assert found(handle, "drone") == {"a#01", "d#01"}
    assert found(handle, "الرئيس") == set()
    assert handle.doc_count == 3


def test_metadata_change_without_file_change_is_reindexed(corpus_root: Path) -> None:
    docs = base_docs()
    states = {d.source: "same" for d in docs}
    open_index(corpus_of(corpus_root, docs, states)).close()
    docs2 = [replace(d, title="Convoy attack") if d.id == "a#01" else d for d in docs]
    handle = open_index(corpus_of(corpus_root, docs2, states))
    assert handle.stats == (0, 1, 0)
    assert found(handle, "title:convoy") == {"a#01"}


def test_index_disagreeing_with_manifest_is_reindexed(corpus_root: Path) -> None:
    """A kill between a commit and its manifest: the index has hash X, the manifest says Y."""
    docs = base_docs()
    corpus = corpus_of(corpus_root, docs)
    handle = open_index(corpus)
    hashes = source_fingerprints(docs, corpus.file_states)
    # Simulate: a later commit wrote a.txt with another fingerprint, the manifest never followed.
    indexer.write_documents(handle.ix, handle.path,
                            add=[indexer.Batch("a.txt", "stale-hash", [docs[0]])])
    again = open_index(corpus)
    assert again.stats == (0, 1, 0)
    state = indexer.indexed_state(again.ix)
    assert state["a.txt"].hashes == {hashes["a.txt"]}


def test_first_batch_is_published_before_the_rest(corpus_root: Path) -> None:
    docs = [make_doc(f"n{i:03d}#01", f"article number {i} about drones", date=f"2020-{1 + i % 12:02d}-01")
            for i in range(60)]
    store = IndexStore(index_path_for(corpus_root))
    seen: list[tuple[int, bool, int]] = []

    def first(handle) -> None:
        with handle:
            r = search(handle, "drones", limit=100)
            seen.append((r.total, handle.complete, len(Manifest.load(handle.path).files)))
            assert store.current_name() == handle.version

    with sync_index(store, docs, source_fingerprints(docs), on_first_batch=first, first_batch=10) as handle:
        assert seen and 10 <= seen[0][0] < 60 and seen[0][1] is False
        newest = {d.id for d in docs if d.date.value >= "2020-12"}
        assert seen[0][0] >= len(newest)
        assert search(handle, "drones", limit=100).total == 60
        assert Manifest.load(handle.path).complete


def test_progress_reports_phases(corpus_root: Path) -> None:
    calls: list[tuple[int, int, str]] = []
    open_index(corpus_of(corpus_root, base_docs()), progress=lambda d, t, p: calls.append((d, t, p)))
    phases = [p for _, _, p in calls]
    assert phases[0] == "indexing" and phases[-1] == "done"
    assert "committing" in phases
    assert calls[-1][:2] == (4, 4)


# --------------------------------------------------------------------------------------------
# Cancel


def test_cancel_of_a_rebuild_keeps_the_old_version(corpus_root: Path) -> None:
    corpus = corpus_of(corpus_root, base_docs())
    open_index(corpus).close()
    store = IndexStore(index_path_for(corpus_root))
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        open_index(corpus, cancel=cancel, force_rebuild=True)
    assert store.current_name() == "v0001"
    assert store.versions() == ["v0001"]
    assert found(open_current(corpus_root), "drone") == {"a#01"}


def test_cancel_of_an_update_changes_nothing(corpus_root: Path) -> None:
    docs = base_docs()
    open_index(corpus_of(corpus_root, docs)).close()
    calls = {"n": 0}

    def cancel_soon() -> bool:
        calls["n"] += 1
        return calls["n"] > 1

    more = docs + [make_doc(f"m{i}#01", "more drone news") for i in range(60)]
    with pytest.raises(Cancelled):
        open_index(corpus_of(corpus_root, more), cancel=cancel_soon)
    handle = open_current(corpus_root)
    assert found(handle, "drone") == {"a#01"}
    assert open_index(corpus_of(corpus_root, docs)).stats == (0, 0, 0)


# --------------------------------------------------------------------------------------------
# Pointer, corruption, rebuild


def test_pointer_is_replaced_atomically(corpus_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = IndexStore(index_path_for(corpus_root))
    open_index(corpus_of(corpus_root, base_docs())).close()
    before = (store.root / POINTER).read_bytes()

    def boom(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        store.flip("v0002")
    monkeypatch.undo()
    assert (store.root / POINTER).read_bytes() == before  # never half-written
    assert not [p for p in store.root.iterdir() if p.name.endswith(".tmp")]
    store.flip("v0007")
    assert store.current_name() == "v0007"


def _corrupt(folder: Path) -> None:
    for f in folder.iterdir():
        if f.suffix in (".trm", ".pst", ".seg") or f.name.endswith(".toc"):
            f.write_bytes(b"\x00garbage" * 4)


@pytest.mark.parametrize("damage", ["segments", "toc-gone", "folder-gone", "pointer", "manifest",
                                    "lexicon-gone", "lexicon-garbage"])
def test_damaged_index_is_rebuilt_with_a_reason(corpus_root: Path, damage: str) -> None:
    corpus = corpus_of(corpus_root, base_docs())
    first = open_index(corpus)
    folder = first.path
    first.close()
    store = IndexStore(index_path_for(corpus_root))
    if damage == "segments":
        _corrupt(folder)
    elif damage == "toc-gone":
        for f in folder.glob("*.toc"):
            f.unlink()
    elif damage == "folder-gone":
        for f in folder.iterdir():
            f.unlink()
        folder.rmdir()
    elif damage == "pointer":
        (store.root / POINTER).write_bytes(b"\xff\xfe garbage")
    elif damage == "manifest":
        (folder / "manifest.json").write_text("{not json")
    elif damage == "lexicon-gone":  # exact and variant search read it
        (folder / LEXICON_FILE).unlink()
    elif damage == "lexicon-garbage":
        (folder / LEXICON_FILE).write_bytes(b"\x00garbage" * 40)
    with pytest.raises(IndexUnusable):
        store.open_current()
    handle = open_index(corpus)
    assert handle.rebuilt is True
    assert handle.reason and "rebuilt" in handle.reason
    assert handle.version == "v0002"
    assert found(handle, "drone") == {"a#01"}
    assert store.versions() == ["v0002"]


def test_lexicon_damaged_during_an_update_means_a_rebuild(corpus_root: Path) -> None:
    """The lexicon is read again when an update adds forms: damaged after the index was opened,
    the update cannot know the forms it held, so the index is rebuilt (variants find every article)."""
    docs = base_docs()
    first = open_index(corpus_of(corpus_root, docs))
    lexicon = first.path / LEXICON_FILE
    first.close()
    store = IndexStore(index_path_for(corpus_root))

    def damage(done: int, total: int, phase: str) -> None:
        if phase == "updating" and lexicon.exists():
            lexicon.write_bytes(b"\x00garbage" * 40)

    more = [*docs, make_doc("d#01", "Zarqawi was seen near Mosul.", date="2020-04-01")]
    handle = sync_index(store, more, source_fingerprints(more), corpus_root=str(corpus_root), progress=damage)
    try:
        assert handle.rebuilt and handle.reason and "word list" in handle.reason
        assert {h.id for h in search(handle, "Zerqawi", variants=True, limit=10).hits} == {"d#01"}
        assert {h.id for h in search(handle, "drone", variants=True, limit=10).hits} == {"a#01"}
    finally:
        handle.close()


def test_outdated_schema_signature_triggers_rebuild(corpus_root: Path) -> None:
    corpus = corpus_of(corpus_root, base_docs())
    handle = open_index(corpus)
    manifest = Manifest.load(handle.path)
    manifest.signature = "schema-0/old"
    manifest.save(handle.path)
    again = open_index(corpus)
    assert again.rebuilt and "another version" in again.reason


def test_search_corpus_reports_rebuild(corpus_root: Path) -> None:
    from reader.search.service import search_corpus

    corpus = corpus_of(corpus_root, base_docs())
    open_index(corpus).close()
    _corrupt(IndexStore(index_path_for(corpus_root)).version_dir("v0001"))
    r = search_corpus(corpus, "drone")
    assert r.total == 1 and r.warning and "rebuilt" in r.warning


# --------------------------------------------------------------------------------------------
# Locking and concurrent readers


def test_writer_lock_is_exclusive_and_released(tmp_path: Path) -> None:
    one, two = WriterLock(tmp_path / "w.lock"), WriterLock(tmp_path / "w.lock")
    assert one.acquire()
    assert not two.acquire(timeout=0.1)
    one.release()
    assert two.acquire()
    two.release()


def test_busy_writer_serves_the_published_index(corpus_root: Path) -> None:
    corpus = corpus_of(corpus_root, base_docs())
    open_index(corpus).close()
    lock = IndexStore(index_path_for(corpus_root)).writer_lock()
    assert lock.acquire()
    try:
        handle = open_index(corpus_of(corpus_root, base_docs()[:2]), lock_timeout=0.2)
        assert handle.reason and "Another process" in handle.reason
        assert found(handle, "الرئيس") == {"c#01"}  # the old state, still readable
    finally:
        lock.release()


def test_reader_keeps_working_while_a_writer_commits(corpus_root: Path) -> None:
    docs = base_docs()
    handle = open_index(corpus_of(corpus_root, docs))
    with handle.ix.searcher() as old:
        more = docs + [make_doc(f"m{i}#01", "drone swarm report") for i in range(30)]
        open_index(corpus_of(corpus_root, more)).close()
        # The old searcher still sees its generation, and can still read stored fields.
        docnums = old.docs_for_query(parse_query("drone").query)
        assert {old.stored_fields(n)["id"] for n in docnums} == {"a#01"}
    assert search(handle, "drone", limit=100).total == 31  # a fresh searcher sees the new generation


# --------------------------------------------------------------------------------------------
# kill -9


def _check_after_kill(store: IndexStore, side: Path) -> int:
    _, ix, _ = store.open_current()  # must open: raises IndexUnusable otherwise
    committed = {}
    for line in side.read_text(encoding="utf-8").splitlines():
        doc_id, round_no = line.split("\t")
        committed[doc_id] = int(round_no)
    with ix.searcher() as s:
        live_ids = [s.stored_fields(n)["id"] for n in s.reader().all_doc_ids()]
        assert len(live_ids) == len(set(live_ids)), "an article is indexed twice"
        missing = [d for d in committed if s.document_number(id=d) is None]
        assert not missing, f"committed but lost: {missing[:5]}"
        # Searchable by content too, not just present: check the newest few by their unique word.
        for doc_id in sorted(committed)[-6:]:
            round_no, j = int(doc_id[1:6]), int(doc_id.split("#")[1])
            hits = s.search(parse_query(unique_word(round_no, j)).query)
            assert [h["id"] for h in hits] == [doc_id]
    return max(committed.values(), default=-1) + 1


def test_kill_minus_nine_never_loses_a_returned_commit(tmp_path: Path) -> None:
    store = IndexStore(tmp_path / "index")
    side = tmp_path / "committed.tsv"
    side.touch()
    rng = random.Random(1234)
    next_round = 0
    kills = 0
    mid_commit_chances = 0
    started = time.monotonic()
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    while kills < 20:
        child = subprocess.Popen([sys.executable, str(KILLER), str(store.root), str(side), str(next_round)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        assert child.stdout is not None
        line = child.stdout.readline().decode().strip()
        assert line == "ready", child.stderr.read().decode() if child.stderr else line
        # Let the child commit at least once this round (a loaded machine starts it slowly), then
        # kill it at a random moment of its write/commit loop.
        size = side.stat().st_size
        deadline = time.monotonic() + 10
        while side.stat().st_size == size and time.monotonic() < deadline:
            time.sleep(0.005)
        time.sleep(rng.uniform(0.0, 0.3))
        os.kill(child.pid, signal.SIGKILL)
        child.communicate(timeout=10)  # reaps the child and closes its pipes
        assert child.returncode == -signal.SIGKILL
        kills += 1
        before = next_round
        next_round = max(next_round, _check_after_kill(store, side))
        mid_commit_chances += next_round > before
    assert kills >= 20
    assert mid_commit_chances >= 15, "the child hardly committed anything between kills"
    # After all that, the lock is free and the normal update path accepts the folder.
    lock = store.writer_lock()
    assert lock.acquire(timeout=1)
    lock.release()
    assert time.monotonic() - started < 180


def test_cli_index_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from reader.cli import main

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = "A title\nSaturday, 04 April 2020\n\nSome drone text here.\n"
    (corpus / "a.txt").write_text(text, encoding="utf-8")
    profile = str(tmp_path / "profile")
    try:
        assert main(["index", str(corpus), "--profile", profile]) == 0
        out = capsys.readouterr().out
        assert out.startswith("Indexed 1 articles (1 added, 0 updated, 0 removed) in ")
        assert main(["index", str(tmp_path / "nope"), "--profile", profile]) == 2
    finally:
        paths.set_profile(None)


def test_query_objects_survive_pickling_roundtrip_of_schema(corpus_root: Path) -> None:
    """The schema (analyzers included) is pickled into the index: reopening must not fail."""
    handle = open_index(corpus_of(corpus_root, base_docs()))
    name, ix, _ = IndexStore(index_path_for(corpus_root)).open_current()
    assert name == handle.version
    with ix.searcher() as s:
        assert len(s.search(wq.Term("content", "drone"))) == 1


@pytest.mark.parametrize("helper_fails", [False, True])
def test_parallel_bulk_build(corpus_root: Path, monkeypatch: pytest.MonkeyPatch, helper_fails: bool) -> None:
    """Big builds use a spawned helper process; if it fails, the parent indexes its share."""
    monkeypatch.setattr(indexer, "PARALLEL_MIN_DOCS", 10)
    monkeypatch.setattr(indexer, "_CHUNK_CHARS", 200)
    monkeypatch.setenv("CORPUS_READER_INDEX_PROCS", "2")
    if helper_fails:
        monkeypatch.setenv("CORPUS_READER_INDEX_HELPER_FAIL", "1")
    docs = [make_doc(f"p{i:03d}#01", f"parallel article {unique_word(7, i)} mentions the drone fleet",
                     date="2021-05-01") for i in range(40)]
    handle = open_index(corpus_of(corpus_root, docs))
    assert handle.doc_count == 40
    assert search(handle, "fleet", limit=100).total == 40
    # The lexicon holds the forms each process met (exact search reads it): every article's own word.
    assert [search(handle, unique_word(7, i), exact=True).total for i in range(40)] == [1] * 40
    assert len(indexer.indexed_state(handle.ix)) == 40
    assert not [p for p in handle.path.iterdir() if p.name.startswith(".chunk-") or p.name.endswith(".tmp")]
    # Two new segments (parent's and helper's, or parent's and its fallback writer's).
    assert len(handle.ix._segments()) == 2


def test_a_lexicon_copy_a_kill_left_behind_is_removed(corpus_root: Path) -> None:
    """The lexicon is written in a copy beside it (hundreds of MB for a big corpus) and renamed into
    place; the copy a kill left behind is deleted by the next write, which still sees every form."""
    docs = base_docs()
    handle = open_index(corpus_of(corpus_root, docs))
    left = handle.path / f".{LEXICON_FILE}.k1ll3d.tmp"
    left.write_bytes(b"half a lexicon")
    handle.close()
    more = [*docs, make_doc("d#01", "Zarqawi was seen near Mosul.", date="2020-04-01")]
    handle = open_index(corpus_of(corpus_root, more))
    assert handle.stats == (1, 0, 0)
    assert not left.exists()
    assert {h.id for h in search(handle, "zarqawi", exact=True, limit=10).hits} == {"d#01"}
    assert {h.id for h in search(handle, "convoy", exact=True, limit=10).hits} == {"a#01"}


def test_rebuild_over_a_usable_index_publishes_only_when_complete(corpus_root: Path) -> None:
    docs = [make_doc(f"r{i:03d}#01", f"rebuild article {i}", date="2022-01-01") for i in range(60)]
    store = IndexStore(index_path_for(corpus_root))
    hashes = source_fingerprints(docs)
    with sync_index(store, docs, hashes):
        pass
    calls: list[str] = []

    def progress(done: int, total: int, phase: str) -> None:
        calls.append(phase)
        if phase == "indexing":
            assert store.current_name() == "v0001"  # the old, complete version stays published

    with sync_index(store, docs, hashes, force_rebuild=True, first_batch=10, progress=progress,
                    on_first_batch=lambda h: calls.append("first batch")) as handle:
        assert handle.version == "v0002" and handle.rebuilt
    assert "first batch" not in calls and "searchable" not in calls
    assert store.current_name() == "v0002" and store.versions() == ["v0002"]


# --------------------------------------------------------------------------------------------
# kill -9 of the real sync path: full build, early publishing, pointer flip, parallel helper


SYNC_TARGETS = ("indexing newest", "searchable", "indexing", "committing", "updating", None)
"""Where each kill lands (the phase the child last reported, then a random few milliseconds); None:
anywhere, at a random moment."""


def _first_round_for(target: str | None, after: int) -> int:
    """A round after ``after`` whose sync goes through ``target`` (index_killer's schedule)."""
    def fits(r: int) -> bool:
        if target in ("indexing newest", "searchable"):
            return r % 4 == 1  # a damaged pointer: a full build that publishes its first batch
        if target == "indexing":
            return r % 4 == 1 or r % 3 == 2  # full builds, their tail written with the helper
        if target == "updating":
            return r % 4 != 1 and r % 3 != 2
        return True

    return next(r for r in range(after + 1, after + 13) if fits(r))


def _sync_results(handle, docs) -> dict[str, tuple[int, list[str]]]:
    """What a user would get for a word of every article, every revision and a common word."""
    from tests.unit.index_killer import unique_word

    queries = ["dispatch", "field"] + [unique_word(900 + v, 0) for v in range(0, 40)]
    queries += sorted({unique_word(int(d.id[1:4]), int(d.id[-2:])) for d in docs})
    out = {}
    for q in queries:
        r = search(handle, q, limit=1000)
        out[q] = (r.total, sorted(h.id for h in r.hits))
    return out


def _wait_for(state: Path, target: str | None, deadline: float) -> str:
    """Block until the child's last report is ``phase <target>`` (or time runs out); the last line."""
    want = f"phase {target}" if target else None
    last = ""
    while time.monotonic() < deadline:
        lines = state.read_text(encoding="utf-8").splitlines()
        last = lines[-1] if lines else ""
        if want is None or last == want:
            return last
        time.sleep(0.002)
    return last


def _reap_group(child: subprocess.Popen) -> None:
    """Reap the killed child and wait until its spawned helper (same session) has gone too."""
    child.communicate(timeout=10)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            os.killpg(child.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.02)
    os.killpg(child.pid, signal.SIGKILL)  # a helper that hangs: ours, end it


def test_kill_minus_nine_during_sync_never_leaves_a_wrong_index(tmp_path: Path) -> None:
    """kill -9 during full builds, early publishing, pointer flips, the helper and updates: the next
    reader finds a consistent published index (or none, and the next open rebuilds), and after the
    next open every search gives what a clean build of the same corpus gives."""
    from tests.unit.index_killer import sync_corpus

    store = IndexStore(tmp_path / "index")
    state = tmp_path / "state.txt"
    rng = random.Random(4321)
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    env.pop("CORPUS_READER_INDEX_HELPER_FAIL", None)
    clean: dict[int, dict] = {}
    landed: list[str] = []
    rebuilt = 0
    last_round = -1
    started = time.monotonic()
    for k in range(18):
        target = SYNC_TARGETS[k % len(SYNC_TARGETS)]
        first = 0 if k == 0 else _first_round_for(target, last_round)
        state.write_text("", encoding="utf-8")
        args = [sys.executable, str(KILLER), "sync", str(store.root), str(state), str(first)]
        child = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                                 start_new_session=True)
        assert child.stdout is not None
        line = child.stdout.readline().decode().strip()
        assert line == "ready", child.stderr.read().decode() if child.stderr else line
        if target is None:
            time.sleep(rng.uniform(0.0, 1.5))
        else:
            _wait_for(state, target, time.monotonic() + 20)
            # A first batch or an update is written in a few tens of milliseconds: kill within a
            # few of them.
            time.sleep(rng.uniform(0.0, 0.003 if target in ("indexing newest", "updating") else 0.03))
        os.kill(child.pid, signal.SIGKILL)
        _reap_group(child)
        assert child.returncode == -signal.SIGKILL, child.stderr.read().decode() if child.stderr else ""
        lines = state.read_text(encoding="utf-8").splitlines()
        round_no = max(int(x.split()[1]) for x in lines if x.startswith("round "))
        landed.append(lines[-1])
        docs = sync_corpus(round_no)
        # What a reader opening the index right now finds: a consistent version, or nothing usable.
        # A version of this round, of the one before, or of the round the parent last synced (the
        # child may start a few rounds later, and be killed before publishing anything).
        allowed = {d.id for d in docs} | {d.id for d in sync_corpus(max(round_no - 1, 0))}
        if last_round >= 0:
            allowed |= {d.id for d in sync_corpus(last_round)}
        ever_published = (store.root / POINTER).exists()
        try:
            _, ix, _ = store.open_current()
        except IndexUnusable:
            readable = False
        else:
            readable = True
            with ix.searcher() as s:
                live = [s.stored_fields(n)["id"] for n in s.reader().all_doc_ids()]
            assert len(live) == len(set(live)), "an article is indexed twice"
            assert set(live) <= allowed, f"articles of no corpus version: {sorted(set(live) - allowed)[:3]}"
        # The next open brings it up to date (or rebuilds it); then it searches like a clean build.
        with sync_index(store, docs, source_fingerprints(docs)) as handle:
            rebuilt += handle.rebuilt
            assert readable or handle.rebuilt or not ever_published
            got = _sync_results(handle, docs)
        if round_no not in clean:
            other = IndexStore(tmp_path / f"clean{round_no}")
            with sync_index(other, docs, source_fingerprints(docs)) as fresh:
                clean[round_no] = _sync_results(fresh, docs)
        assert got == clean[round_no], f"after a kill at {lines[-1]!r} of round {round_no}"
        assert store.versions() == [store.current_name()], "a partial version was left behind"
        last_round = round_no
    phases = {x.removeprefix("phase ") for x in landed}
    assert {"indexing newest", "searchable", "indexing", "committing", "updating"} <= phases, landed
    assert rebuilt >= 1  # a kill before the first publish of a damaged index leaves nothing usable
    assert time.monotonic() - started < 150
