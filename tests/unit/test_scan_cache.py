"""The scan cache serves an unchanged corpus instantly and never serves a stale one."""

from __future__ import annotations

import gc
import os
import pickle
import sqlite3
from contextlib import closing
from pathlib import Path

from reader.ingest import scan_cache
from reader.ingest.scan_cache import _read, cache_path, load_corpus

BODY = (
    "The minister said on Monday that the talks would continue next week, after both delegations "
    "agreed to meet again in the capital to settle the remaining questions about the border."
)


def _corpus(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "a.txt").write_text(f"Talks Resume In The Capital\n\n{BODY}\n", encoding="utf-8")
    return root


def test_unchanged_corpus_comes_from_the_cache(tmp_path):
    root = _corpus(tmp_path)
    first = load_corpus(root)
    assert cache_path(root).is_file()
    second = load_corpus(root)
    assert [d.id for d in second.documents] == [d.id for d in first.documents]
    assert second.documents[0].text == first.documents[0].text


def test_an_edited_file_is_rescanned(tmp_path):
    root = _corpus(tmp_path)
    load_corpus(root)
    path = root / "a.txt"
    path.write_text(f"A New Headline For The Story\n\n{BODY}\n", encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert load_corpus(root).documents[0].title == "A New Headline For The Story"


def test_added_and_removed_files_are_seen(tmp_path):
    root = _corpus(tmp_path)
    load_corpus(root)
    (root / "b.txt").write_text(f"Second Story Of The Day\n\n{BODY} Also more.\n", encoding="utf-8")
    assert len(load_corpus(root).documents) == 2
    (root / "a.txt").unlink()
    assert [d.source for d in load_corpus(root).documents] == ["b.txt"]


def test_a_damaged_cache_is_rebuilt(tmp_path):
    root = _corpus(tmp_path)
    load_corpus(root)
    cache_path(root).write_bytes(b"not a pickle")
    assert load_corpus(root).documents[0].title == "Talks Resume In The Capital"


def test_a_cache_of_an_older_format_is_rebuilt(tmp_path):
    root = _corpus(tmp_path)
    corpus = load_corpus(root)
    cache_path(root).write_bytes(pickle.dumps(((1, "old code"), corpus)))  # format 1: one pickle
    assert load_corpus(root).documents[0].title == "Talks Resume In The Capital"
    assert _read(cache_path(root), ("another key",)) is None  # rewritten: key first


def test_a_stale_key_is_recognised_without_unpickling_the_corpus(tmp_path):
    target = tmp_path / "cache.sqlite"
    with closing(sqlite3.connect(target)) as conn:
        conn.executescript(scan_cache.SCHEMA)
        conn.executemany("INSERT INTO meta VALUES (?, ?)",
                         [("key", pickle.dumps(("stored key",))), ("listing", b"not a pickle: never read")])
        conn.commit()
    assert _read(target, ("current key",)) is None


def test_loading_leaves_the_garbage_collector_as_it_was(tmp_path):
    root = _corpus(tmp_path)
    load_corpus(root)
    assert gc.isenabled()
    load_corpus(root)
    assert gc.isenabled()
    gc.disable()
    try:
        load_corpus(root)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_originals_of_a_page_of_articles_come_back_from_their_source(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    page = "\n\nRelated News\n\n".join(
        f"{title}\n\nSaturday, 04 April 2020\n\n{BODY} {title}.\n"
        for title in ("Talks Resume In The Capital", "Border Crossing Opens Again", "Rain Floods The Valley")
    )
    (root / "page.txt").write_text(page, encoding="utf-8")
    fresh = load_corpus(root)
    assert len(fresh.documents) == 3
    stamp = cache_path(root).stat().st_mtime_ns
    cached = load_corpus(root)
    assert cache_path(root).stat().st_mtime_ns == stamp  # served from the cache, not rescanned
    assert [d.original for d in cached.documents] == [d.original for d in fresh.documents]
    assert all(d.original.strip() for d in cached.documents)
    assert cached.sources == fresh.sources


def test_a_changed_format_reader_invalidates_the_cache(monkeypatch, tmp_path):
    """A PDF or web-page reader that changes must re-read those files, as a new splitter does."""
    from reader.ingest import scan_cache

    before = scan_cache._code_version()
    formats_dir = Path(scan_cache.__file__).resolve().parent / "formats"
    real_read_bytes = Path.read_bytes

    def changed(path: Path) -> bytes:
        data = real_read_bytes(path)
        return data + b"# changed" if path.parent == formats_dir else data

    monkeypatch.setattr(Path, "read_bytes", changed)
    assert scan_cache._code_version() != before


# A large corpus read from the cache is left out of the cyclic garbage collector's passes: without
# the freeze, the collector walked a 10k corpus three times as the window opened (~0.2 s of a 2.5 s
# start, measured with gc.callbacks) and again at each full collection (210 ms vs 67 ms).

BODY2 = "The minister said on Monday that the talks would continue next week in the capital."


def test_a_large_corpus_from_the_cache_is_not_walked_by_the_collector(tmp_path, monkeypatch):
    monkeypatch.setattr(scan_cache, "FREEZE_MIN", 3)  # a "large" corpus, at test size
    root = tmp_path / "corpus"
    root.mkdir()
    for k in range(3):
        (root / f"{k}.txt").write_text(f"Talks Resume In Capital {k}\n\n{BODY2} ({k})\n", encoding="utf-8")
    load_corpus(root)  # scans and writes the cache
    try:
        corpus = load_corpus(root)
        walked = {id(obj) for obj in gc.get_objects()}
        assert gc.get_freeze_count() > 0
        assert not {id(corpus.documents), *map(id, corpus.documents)} & walked
    finally:
        gc.unfreeze()


def test_a_small_corpus_is_not_frozen(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "a.txt").write_text(f"Talks Resume In The Capital\n\n{BODY2}\n", encoding="utf-8")
    load_corpus(root)
    corpus = load_corpus(root)
    assert id(corpus.documents[0]) in {id(obj) for obj in gc.get_objects()}
