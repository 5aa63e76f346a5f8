"""A corpus from the scan cache holds no text: each article reads its own from the cache when asked,
and is to everyone the article the scan found (equal, hashed, copied, pickled and replaced alike)."""

from __future__ import annotations

import copy
import os
import pickle
import random
import sqlite3
import string
import sys
import tempfile
import tracemalloc
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.ingest import scan_cache
from reader.ingest.corpus import Corpus, ScanListener, scan_corpus
from reader.ingest.model import STORED, UNDATED, Document, Paragraph
from reader.ingest.scan_cache import StoredTextError, cache_path, load_corpus, read_listing
from tests.conftest import CORPUS, DATA
from tests.unit.test_dedupe_exact import SEED_CORPUS

FORMATS = DATA / "formats"  # web pages, PDF, Word...: split again from what their format said

BODY = (
    "The minister said on Monday that the talks would continue next week, after both delegations "
    "agreed to meet again in the capital to settle the remaining questions about the border."
)

OTHER = (
    "Hundreds of trucks crossed the border at dawn as the crossing opened for the first time in a year, "
    "officials at the customs post said, and traders expect prices in the markets to fall."
)
THIRD = (
    "Heavy rain flooded the valley overnight, cutting the main road to the north; farmers moved their "
    "animals to higher ground and the army sent boats to the villages along the river."
)


def _holds_text(doc: Document) -> bool:
    return not STORED.isdisjoint(vars(doc))


def _cached(folder: Path) -> Corpus:
    load_corpus(folder)
    return load_corpus(folder)


def _small(tmp_path: Path, title: str = "Talks Resume In The Capital") -> Path:
    root = tmp_path / "corpus"
    root.mkdir(exist_ok=True)
    (root / "a.txt").write_text(f"{title}\n\n{BODY}\n", encoding="utf-8")
    return root


@pytest.mark.parametrize("folder", [CORPUS, SEED_CORPUS, FORMATS], ids=["bundled", "seed", "formats"])
def test_articles_from_the_cache_are_the_scanned_articles(folder: Path) -> None:
    if not folder.is_dir():
        pytest.skip(f"{folder} is not on this machine")
    scanned = scan_corpus(folder)
    fresh = load_corpus(folder)  # scanned, stored, and read back: its text is let go too
    cached = load_corpus(folder)
    for corpus in (fresh, cached):
        assert not any(_holds_text(d) for d in corpus.documents)
        assert corpus.documents == scanned.documents
        assert [d.text for d in corpus.documents] == [d.text for d in scanned.documents]
        assert [d.original for d in corpus.documents] == [d.original for d in scanned.documents]
        assert [d.chars for d in corpus.documents] == [d.chars for d in scanned.documents]
        assert [hash(d) for d in corpus.documents] == [hash(d) for d in scanned.documents]
        assert dict(corpus.sources) == scanned.sources
        assert corpus.file_states == scanned.file_states
        assert corpus.skipped == scanned.skipped and corpus.problems == scanned.problems


def test_a_cached_article_is_copied_pickled_and_replaced_with_its_text() -> None:
    scanned = scan_corpus(CORPUS)
    cached = _cached(CORPUS)
    doc, same = cached.documents[3], scanned.documents[3]
    for twin in (pickle.loads(pickle.dumps(doc)), copy.copy(doc), copy.deepcopy(doc)):
        assert _holds_text(twin)  # it may go where the cache is not (the indexer's helper process)
        assert twin == same and twin.paragraphs == same.paragraphs and twin.original == same.original
    assert replace(doc, title="Retitled") == replace(same, title="Retitled")
    assert len({doc, same}) == 1 and doc == same and same == doc
    assert pickle.loads(pickle.dumps(cached)).sources == scanned.sources
    with pytest.raises(AttributeError):
        doc.no_such_field  # noqa: B018 - only the stored fields are read from the cache


def test_a_scan_holds_each_file_text_once(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    root.mkdir()
    page = "\n\nRelated News\n\n".join(
        f"{title}\n\nSaturday, 04 April 2020\n\n{body} {title}.\n"
        for title, body in (("Talks Resume In The Capital", BODY), ("Border Crossing Opens Again", OTHER),
                            ("Rain Floods The Valley", THIRD))
    )
    (root / "page.txt").write_text(page, encoding="utf-8")
    docs = scan_corpus(root).documents
    assert len(docs) == 3 and not any(d.duplicate_of for d in docs)
    assert not any("original" in vars(d) for d in docs)  # spans of the file's text, read when asked
    assert [d.original for d in docs] == [page[d.source_span[0] : d.source_span[1]] for d in docs]
    assert all(d.original.startswith(t) for d, t in zip(docs, ("Talks", "Border", "Rain"), strict=True))
    assert [pickle.loads(pickle.dumps(d)).original for d in docs] == [d.original for d in docs]
    assert "original" in vars(pickle.loads(pickle.dumps(docs[1])))


def test_text_is_read_from_worker_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scan_cache, "RECENT", 2)  # (nearly) every read goes to the file
    scanned = scan_corpus(CORPUS)
    cached = _cached(CORPUS)
    with ThreadPoolExecutor(4) as pool:
        read = list(pool.map(lambda d: (d.text, d.original), cached.documents * 4))
    assert read == [(d.text, d.original) for d in scanned.documents] * 4


def test_only_the_last_texts_read_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scan_cache, "RECENT", 8)
    cached = _cached(CORPUS)
    for doc in cached.documents:
        assert doc.text and doc.original
    stored = vars(cached.documents[0])["_stored"][0]
    assert 0 < len(stored.recent) <= scan_cache.RECENT < 2 * len(cached.documents)
    assert not any(_holds_text(d) for d in cached.documents)


def test_no_more_text_than_the_budget_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scan_cache, "RECENT_CHARS", 20_000)
    scanned = scan_corpus(CORPUS)
    cached = _cached(CORPUS)
    assert [d.original for d in cached.documents] == [d.original for d in scanned.documents]
    stored = vars(cached.documents[0])["_stored"][0]
    kept = [chars for _value, chars in stored.recent.values()]
    assert kept and (sum(kept) <= 20_000 or len(kept) == 1) and stored.recent_chars == sum(kept)


def _truncate(target: Path) -> None:
    target.write_bytes(target.read_bytes()[: target.stat().st_size // 2])


def _garbage(target: Path) -> None:
    target.write_bytes(b"SQLite format 3\x00" + b"\x07garbage" * 4000)


def _empty(target: Path) -> None:
    target.write_bytes(b"")


def _other_key(target: Path) -> None:
    with closing(sqlite3.connect(target)) as conn:
        conn.execute("UPDATE meta SET value = ? WHERE name = 'key'", (pickle.dumps(("another key",)),))
        conn.commit()


def _no_rows(target: Path) -> None:
    with closing(sqlite3.connect(target)) as conn:
        conn.execute("DELETE FROM articles")
        conn.commit()


@pytest.mark.parametrize("damage", [_truncate, _garbage, _empty, _other_key])
def test_a_damaged_or_stale_store_is_rebuilt(tmp_path: Path, damage) -> None:
    root = _small(tmp_path)
    load_corpus(root)
    target = cache_path(root)
    damage(target)
    corpus = load_corpus(root)
    assert [d.title for d in corpus.documents] == ["Talks Resume In The Capital"]
    assert BODY in corpus.documents[0].text and BODY in corpus.documents[0].original
    assert not _holds_text(corpus.documents[0])  # rebuilt, and read from it
    assert read_listing(root) is not None


def test_a_store_damaged_after_it_was_opened_says_what_to_do(tmp_path: Path) -> None:
    root = _small(tmp_path)
    corpus = _cached(root)
    target = cache_path(root)
    with open(target, "r+b") as fh:  # in place (the app only ever replaces it whole)
        fh.seek(1024)
        fh.write(b"\x00" * (target.stat().st_size - 1024))
    with pytest.raises(StoredTextError, match="re-scan the corpus"):
        corpus.documents[0].paragraphs  # noqa: B018
    assert BODY in load_corpus(root).documents[0].text  # the next read of the corpus rebuilds it


def test_a_store_without_the_article_row_says_what_to_do(tmp_path: Path) -> None:
    root = _small(tmp_path)
    load_corpus(root)
    _no_rows(cache_path(root))
    with pytest.raises(StoredTextError, match="article 1 could not be read"):
        load_corpus(root).documents[0].text  # noqa: B018


def test_articles_keep_their_text_when_the_store_is_deleted_or_replaced(tmp_path: Path) -> None:
    root = _small(tmp_path)
    old = _cached(root)
    cache_path(root).unlink()
    assert old.documents[0].title == "Talks Resume In The Capital" and BODY in old.documents[0].text
    path = root / "a.txt"
    _small(tmp_path, "A New Headline For The Story")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    new = load_corpus(root)  # a re-scan: a new store in the old one's place
    assert new.documents[0].original.startswith("A New Headline")
    assert old.documents[0].original.startswith("Talks Resume")  # the old corpus reads its own file


def test_a_store_in_a_profile_whose_path_has_odd_characters(tmp_path: Path, monkeypatch) -> None:
    from reader import paths

    monkeypatch.setenv(paths.ENV_HOME, str(tmp_path / "a home ?#%20 with ü"))
    paths.set_profile(None)
    root = _small(tmp_path)
    scanned = scan_corpus(root)
    cached = _cached(root)
    assert "a home ?#%20 with ü" in str(cache_path(root)) and cache_path(root).is_file()
    assert not _holds_text(cached.documents[0]) and cached.documents == scanned.documents


def _long_words_corpus(root: Path, files: int, words: int) -> int:
    """``files`` one-article files of ``words`` long made-up words each; their characters in all.

    Long words, none in the same five in a row twice: duplicate grouping keeps 4 bytes a word for
    the whole corpus, small beside the words themselves.
    """
    rng = random.Random(7)
    pool = ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(16, 24))) for _ in range(20_000)]
    root.mkdir()
    chars = 0
    for n in range(files):
        body = "\n\n".join(" ".join(rng.choices(pool, k=100)) + "." for _ in range(words // 100))
        text = f"Report {n} from the northern province\n\nMonday, 0{1 + n % 9} March 2021\n\n{body}\n"
        (root / f"{n:03d}.txt").write_text(text, encoding="utf-8")
        chars += len(text)
    return chars


def _clear_memos() -> None:
    """Empty the ingest code's memos (of lines and paragraphs met lately: bounded, and the same
    whatever keeps the text), so what is left is what the scan itself holds."""
    for name, module in list(sys.modules.items()):
        if name.startswith("reader."):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)) and hasattr(value, "cache_info"):
                    value.cache_clear()


def test_a_scan_into_the_store_never_holds_the_corpus_text(tmp_path: Path) -> None:
    # Every file is read before any is split for good: the text waits in the store being written,
    # not in memory (a 50k corpus is 480 MB of it; held twice, it took 3.4 GB at its peak).
    root = tmp_path / "corpus"
    chars = _long_words_corpus(root, 30, 5000)
    held: list[int] = []

    def progress(done: int, total: int, phase: str) -> None:
        if phase == "grouping duplicates":  # every file read and split, every article's text hashed
            _clear_memos()
            held.append(tracemalloc.get_traced_memory()[0] - before)

    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        corpus = load_corpus(root, listener=ScanListener(progress=progress))
    finally:
        tracemalloc.stop()
    assert len(corpus.documents) == 30 and not any(_holds_text(d) for d in corpus.documents)
    assert sum(d.chars for d in corpus.documents) > 0.95 * chars  # all of it was read, and stored
    assert len(held) == 1
    assert held[0] < chars / 2, f"{held[0] / 1e6:.1f} MB held for {chars / 1e6:.1f} MB of text"


def test_a_finished_scan_leaves_no_line_text_in_memory(tmp_path: Path) -> None:
    # While it splits, the splitter memoises folded lines (up to 65k: about 100 MB on a corpus of
    # thousands of files). An index build comes right after a scan: that memory is the build's.
    load_corpus(_small(tmp_path))  # the code's own memory (imports, patterns) is taken by a first scan
    root = tmp_path / "long"
    chars = _long_words_corpus(root, 30, 5000)
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        corpus = load_corpus(root)
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert len(corpus.documents) == 30
    assert held < chars / 4, f"{held / 1e6:.1f} MB held after a scan of {chars / 1e6:.1f} MB of text"


def test_a_corpus_whose_store_cannot_be_written_is_scanned_all_the_same(tmp_path: Path) -> None:
    root = _small(tmp_path)
    cache_path(root).parent.parent.mkdir(parents=True)
    cache_path(root).parent.write_text("a file where the scan cache's folder should be", encoding="utf-8")
    corpus = load_corpus(root)
    assert [d.title for d in corpus.documents] == ["Talks Resume In The Capital"]
    assert BODY in corpus.documents[0].text and BODY in corpus.sources["a.txt"]
    assert not cache_path(root).exists() and read_listing(root) is None


# -- any document survives the trip through the store -----------------------------------------

TEXT = st.text(st.one_of(st.characters(), st.characters(categories=["Cs"])), max_size=40)


@st.composite
def corpora(draw: st.DrawFn) -> Corpus:
    source = draw(TEXT)
    documents = []
    for n in range(draw(st.integers(0, 4))):
        start = draw(st.integers(0, len(source)))
        end = draw(st.integers(start, len(source)))
        span_original = draw(st.booleans())
        paragraphs = tuple(Paragraph(t, 0, "en", "ltr", draw(st.none() | st.integers(1, 9)), heading)
                           for t, heading in draw(st.lists(st.tuples(TEXT, st.booleans()), max_size=3)))
        documents.append(Document(
            id=f"a#{n:02d}", source="a.txt" if span_original else "b.txt", segment=n + 1, title=draw(TEXT),
            byline=None, outlet=None, date=UNDATED, language="en", paragraphs=paragraphs,
            original=source[start:end] if span_original else draw(TEXT), source_span=(start, end)))
    return Corpus(Path("/corpus"), documents, [], ["a problem"], {"a.txt": "x"}, {"a.txt": source})


@settings(max_examples=60, deadline=None)
@given(corpora())
def test_any_corpus_comes_back_from_the_store_as_it_went_in(corpus: Corpus) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "store.sqlite"
        assert scan_cache._store(target, ("key",), corpus)
        back = scan_cache._read(target, ("key",))
        assert back is not None
        assert back.documents == corpus.documents
        assert [(d.paragraphs, d.original, d.chars) for d in back.documents] == [
            (d.paragraphs, d.original, d.chars) for d in corpus.documents]
        assert dict(back.sources) == corpus.sources and back.problems == corpus.problems
        del back
