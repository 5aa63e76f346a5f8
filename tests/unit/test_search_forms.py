"""One analysed field: exact and variant search served from ``content``, no text stored in the index.

The index keeps a single analysed field (stems with positions) whose postings carry, per
occurrence, a code of its surface form; ``--exact`` counts the occurrences with the form's code,
``--variants`` expands a transliteration key to the forms carrying it (the lexicon file written
before each commit). What a researcher relies on is checked against the words of the articles
themselves: an exact search finds exactly the articles holding a token of that surface form, a
variant search exactly those holding a token of that key, whatever the segment layout, after
updates, and when two forms share a code. And the article text is read from the corpus, not from
the index."""

from __future__ import annotations

import random
import sqlite3
import tracemalloc
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from reader import paths
from reader.ingest.corpus import Corpus, scan_corpus
from reader.ingest.model import UNDATED, Document, Paragraph
from reader.search.analysis import WORD_RE, exact_analyzer, variant_analyzer
from reader.search.lexicon import LEXICON_FILE
from reader.search.schema import form_code
from reader.search.searcher import search
from reader.search.service import open_current, open_index
from reader.text.names import AliasTable


def make_doc(doc_id: str, text: str, *, title: str = "", language: str = "en") -> Document:
    para = Paragraph(text, 0, "ar" if language == "ar" else "en", "rtl" if language == "ar" else "ltr")
    return Document(id=doc_id, source=f"{doc_id.split('#')[0]}.txt", segment=1, title=title or doc_id,
                    byline=None, outlet=None, date=UNDATED, language=language, paragraphs=(para,),
                    original=text, source_span=(0, len(text)))


DOCS = [
    make_doc("a#01", "The drone hit the convoy. Drones are cheap.", title="Drone strike"),
    make_doc("b#01", "Only drones here, and the droning of engines."),
    make_doc("c#01", "قال الرَّئِيسُ إن الحكومة ستحقق في الهجوم.", title="الرئيس", language="ar"),
    make_doc("d#01", "وقال الرئيس العراقي إن حكومته لن تتراجع.", language="ar"),
    make_doc("e#01", "Kata’ib Hezbollah and Kataib Hizballah; Ṣadr, al-Sadr and الصدر.", title="Names"),
    make_doc("f#01", "Hezbollah's drone; security forces, Security Forces, SECURITY."),
    make_doc("g#01", "École naïve café's Café; e\u0301cole again."),
]
NO_ALIASES = AliasTable([])


@pytest.fixture
def handle(tmp_path: Path):
    paths.set_profile(tmp_path / "profile")
    root = tmp_path / "corpus"
    root.mkdir()
    corpus = Corpus(root=root, documents=list(DOCS), skipped=[],
                    file_states={d.source: f"state-{d.id}" for d in DOCS})
    h = open_index(corpus)
    yield h
    h.close()
    paths.set_profile(None)


def _first(analyzer, word: str) -> str | None:
    return next((t.text for t in analyzer(word)), None)


def _holding(docs: list[Document], analyzer, word: str) -> set[str]:
    """Articles with a token (headline or text) that ``analyzer`` turns into what it makes of ``word``."""
    want = _first(analyzer, word)
    return {d.id for d in docs
            if want and any(_first(analyzer, w) == want for w in WORD_RE.findall(f"{d.title}\n\n{d.text}"))}


def _found(h, word: str, **mode: bool) -> set[str]:
    return set(search(h, word, aliases=NO_ALIASES, ids_only=True, **mode).ids or [])


def _vocabulary(docs: list[Document]) -> list[str]:
    return sorted({w for d in docs for w in WORD_RE.findall(f"{d.title}\n\n{d.text}")})


def test_exact_and_variants_find_exactly_the_articles_holding_the_form(handle) -> None:
    for word in [*_vocabulary(DOCS), "drone", "DRONES", "الرَّئِيسُ", "Hizbullah", "Sadr", "cafe"]:
        assert _found(handle, word, exact=True) == _holding(DOCS, exact_analyzer(), word), word
        if _first(variant_analyzer(), word):
            assert _found(handle, word, variants=True) == _holding(DOCS, variant_analyzer(), word), word


def test_a_form_equal_to_its_stem_is_told_from_the_other_forms(handle) -> None:
    # "drone" is its own stem; "drones" and "droning" share it. Exact "drone" must not find b.
    assert _found(handle, "drone", exact=True) == {"a#01", "f#01"}
    assert _found(handle, "drones", exact=True) == {"a#01", "b#01"}
    assert _found(handle, "drone") == {"a#01", "b#01", "f#01"}
    hit = next(h for h in search(handle, "drone", exact=True, aliases=NO_ALIASES).hits if h.id == "a#01")
    assert "exact spelling “drone”" in " ".join(hit.why)


def test_two_forms_with_the_same_code_are_told_apart_by_the_text(tmp_path: Path) -> None:
    """Form codes are CRC-32s: these two vowelled spellings of one stem share one. Exact search
    must still find only the article holding the spelling asked for."""
    one, other = "حُكًوِمِةُ", "حّكّوًمّة"
    assert form_code("حكوم", one) == form_code("حكوم", other)
    docs = [make_doc("p#01", f"قالت {one} اليوم", language="ar"),
            make_doc("q#01", f"قالت {other} أمس", language="ar"),
            make_doc("r#01", "قالت الحكومة", language="ar")]
    paths.set_profile(tmp_path / "profile")
    root = tmp_path / "corpus"
    root.mkdir()
    h = open_index(Corpus(root=root, documents=docs, skipped=[], file_states={d.source: d.id for d in docs}))
    try:
        assert _found(h, one, exact=True) == {"p#01"}
        assert _found(h, other, exact=True) == {"q#01"}
        assert _found(h, "حكومة") == {"p#01", "q#01", "r#01"}
    finally:
        h.close()
        paths.set_profile(None)


def test_the_index_keeps_no_article_text_and_hits_read_the_corpus(handle) -> None:
    ix = whoosh_index.open_dir(str(handle.path))
    with ix.searcher() as raw:
        stored = [raw.stored_fields(n) for n in raw.reader().all_doc_ids()]
    ix.close()
    assert stored and all("content" not in s for s in stored)
    assert {s["title"] for s in stored} >= {"Drone strike", "Names"}
    hit = search(handle, "convoy", aliases=NO_ALIASES).hits[0]
    assert hit.id == "a#01" and "«convoy»" in hit.snippet
    assert DOCS[0].text[slice(*hit.matches[0])] == "convoy"
    # Callers that read the stored text through the handle's searcher still get it.
    assert handle.searcher().document(id="a#01")["content"] == DOCS[0].text


def test_lexicon_is_written_with_every_form_and_grows_with_updates(handle, tmp_path: Path) -> None:
    lexicon = handle.path / LEXICON_FILE
    db = sqlite3.connect(lexicon)
    forms = {row[0] for row in db.execute("SELECT form FROM forms")}
    db.close()
    assert {"drones", "droning", "الرَّئِيسُ", "kataib", "ṣadr", "école"} <= forms
    corpus = handle.corpus
    added = make_doc("h#01", "Zarqawi and Zerqawi were seen near Mosul.")
    corpus.documents.append(added)
    corpus.file_states[added.source] = "state-h"
    updated = open_index(corpus)
    try:
        assert updated.stats.added == 1
        assert _found(updated, "Zarkawi", variants=True) == {"h#01"}
        assert _found(updated, "zerqawi", exact=True) == {"h#01"}
    finally:
        updated.close()


def test_many_segments_answer_as_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bulk build split over many small segments (and the parallel helper) finds what the words say."""
    from reader.search import indexer

    rng = random.Random(7)
    words = [w for d in DOCS for w in WORD_RE.findall(d.text)]
    docs = [make_doc(f"x{i:03d}#01", " ".join(rng.choice(words) for _ in range(30)),
                     language="ar" if i % 3 == 0 else "en") for i in range(120)]
    paths.set_profile(tmp_path / "profile")
    monkeypatch.setattr(indexer, "SEGMENT_POSTINGS", 300)
    monkeypatch.setattr(indexer, "PARALLEL_MIN_DOCS", 50)
    monkeypatch.setattr(indexer, "_CHUNK_CHARS", 600)  # many chunks: both processes get some
    monkeypatch.setenv("CORPUS_READER_INDEX_PROCS", "2")
    root = tmp_path / "corpus"
    root.mkdir()
    corpus = Corpus(root=root, documents=docs, skipped=[], file_states={d.source: d.id for d in docs})
    h = open_index(corpus)
    try:
        assert len(h.ix._segments()) > 3
        for word in sorted(set(words))[::3]:
            assert _found(h, word, exact=True) == _holding(docs, exact_analyzer(), word), word
            if _first(variant_analyzer(), word):
                assert _found(h, word, variants=True) == _holding(docs, variant_analyzer(), word), word
    finally:
        h.close()
        paths.set_profile(None)


def test_a_read_only_handle_reads_text_from_the_corpus_folder(tmp_path: Path) -> None:
    paths.set_profile(tmp_path / "profile")
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "one.txt").write_text("Convoy hit\n\nA drone hit the convoy near Kirkuk on Sunday.\n",
                                  encoding="utf-8")
    built = open_index(scan_corpus(root))
    built.close()
    handle = open_current(root)
    try:
        assert handle.corpus is None
        hit = search(handle, "Kirkuk").hits[0]
        assert "«Kirkuk»" in hit.snippet
        assert handle.corpus is not None  # loaded once, on the first hit that needed text
    finally:
        handle.close()
        paths.set_profile(None)


def test_a_write_run_while_another_is_writing_leaves_both_lexicons_whole(tmp_path: Path) -> None:
    """Two corpora indexed at once in one process (the second while the first commits): each
    index's lexicon must still hold every form its articles have, or exact search misses them."""
    paths.set_profile(tmp_path / "profile")
    roots = [tmp_path / "one", tmp_path / "two"]
    for root in roots:
        root.mkdir()
    first = [make_doc("k#01", "Zarqawi's drones and droning"), make_doc("l#01", "الرَّئِيسُ قال")]
    second = [make_doc("m#01", "Convoys of Soleimani")]
    corpora = [Corpus(root=root, documents=docs, skipped=[], file_states={d.source: d.id for d in docs})
               for root, docs in zip(roots, (first, second), strict=True)]
    others: list = []

    def meanwhile(done: int, total: int, phase: str) -> None:
        if phase == "committing" and not others:
            others.append(open_index(corpora[1]))

    h = open_index(corpora[0], progress=meanwhile)
    try:
        assert others, "the second corpus was indexed during the first one's write"
        for word, found in (("droning", {"k#01"}), ("الرَّئِيسُ", {"l#01"}), ("zarqawi", {"k#01"})):
            assert _found(h, word, exact=True) == found, word
        assert _found(h, "Zarkawi", variants=True) == {"k#01"}
        assert _found(others[0], "convoys", exact=True) == {"m#01"}
        assert _found(others[0], "Sulaimani", variants=True) == {"m#01"}
    finally:
        h.close()
        for other in others:
            other.close()
        paths.set_profile(None)


def test_a_bulk_lexicon_is_written_without_copying_its_forms(tmp_path: Path) -> None:
    # A bulk build hands over a million forms at 50k articles; each copy of them was 100 MB more
    # at the build's peak. The forms come back, each with its stem and key.
    from reader.search.lexicon import form_key, write_lexicon

    rng = random.Random(3)
    forms = {}
    for n in range(100_000):
        form = "".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=12)) + str(n)
        forms[form] = (form[:6], form_key(form))
    tracemalloc.start()
    try:
        write_lexicon(tmp_path, forms)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    written = (tmp_path / LEXICON_FILE).stat().st_size
    with sqlite3.connect(tmp_path / LEXICON_FILE) as db:
        rows = db.execute("SELECT form, stem, key FROM forms").fetchall()
    assert {form: (stem, key) for form, stem, key in rows} == forms
    assert peak < 1.5 * written, f"{peak / 1e6:.1f} MB held to write a lexicon of {written / 1e6:.1f} MB"


def _lexicon_rows(folder: Path) -> dict[str, tuple[str, str]]:
    with sqlite3.connect(folder / LEXICON_FILE) as db:
        return {form: (stem, key) for form, stem, key in db.execute("SELECT form, stem, key FROM forms")}


def test_a_lexicon_built_on_disk_from_pieces_holds_every_row(tmp_path: Path) -> None:
    # A parallel build's lexicon is written beside the index, not in RAM: the first batch's
    # lexicon, then this process' forms (keys computed row by row) and the helper's forms file.
    # Together they hold each form once, with its stem and key, and the lookups stay indexed.
    from reader.search.lexicon import LexiconUpdate, form_key, form_rows, write_forms_file, write_lexicon

    rng = random.Random(11)
    words = sorted({"".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=rng.randint(3, 9)))
                    for _ in range(3000)} | {"الرَّئِيسُ", "الرئيس", "kataib", "ṣadr"})
    stems = {w: w[:4] for w in words}
    first = {w: stems[w] for w in words[:100]}
    mine = {w: stems[w] for w in words[50:2000]}  # overlapping: both met some forms
    theirs = {w: stems[w] for w in words[1500:]}
    write_lexicon(tmp_path, first)
    write_forms_file(tmp_path / "helper.forms", form_rows(sorted(theirs), theirs))
    with LexiconUpdate(tmp_path, expected=len(mine)) as update:
        update.add(form_rows(sorted(mine), mine))
        update.merge(tmp_path / "helper.forms")
    assert _lexicon_rows(tmp_path) == {w: (stems[w], form_key(w)) for w in words}
    with sqlite3.connect(tmp_path / LEXICON_FILE) as db:
        indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        plan = " ".join(r[3] for r in db.execute("EXPLAIN QUERY PLAN SELECT form FROM forms WHERE key = ?",
                                                 ("rys",)))
    assert {"forms_stem", "forms_key"} <= indexes and "forms_key" in plan
    assert sorted(p.name for p in tmp_path.iterdir()) == ["helper.forms", LEXICON_FILE]


def test_a_failed_lexicon_update_leaves_the_old_lexicon(tmp_path: Path) -> None:
    # A write that fails halfway (a full disk, a cancel) must leave the lexicon that covers the
    # committed index as it was, and no half-written copy beside it.
    import errno

    from reader.search.lexicon import LexiconUpdate, write_lexicon

    write_lexicon(tmp_path, {"drones": "drone", "droning": "drone"})
    before = (tmp_path / LEXICON_FILE).read_bytes()

    def rows():
        yield "zarqawi", "zarqawi", "zrkw"
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OSError), LexiconUpdate(tmp_path, expected=1000) as update:
        update.add(rows())
    assert (tmp_path / LEXICON_FILE).read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [LEXICON_FILE]
    assert set(_lexicon_rows(tmp_path)) == {"drones", "droning"}


def _word(n: int) -> str:
    """A made-up word of letters only (the stemmer leaves it as it is), one per ``n``."""
    letters = ""
    while True:
        n, r = divmod(n, 26)
        letters += chr(ord("a") + r)
        if n == 0:
            return f"qz{letters}qz"


def _many_forms_corpus(root: Path, docs: int = 120, own: int = 6) -> Corpus:
    """Articles with ``own`` words each that no other article has, and a few that all have."""
    root.mkdir(parents=True)
    articles = [make_doc(f"m{i:03d}#01", " ".join([*(_word(i * own + j) for j in range(own)),
                                                   "the", "convoy", "drones", "الرَّئِيسُ"]))
                for i in range(docs)]
    return Corpus(root=root, documents=articles, skipped=[], file_states={d.source: d.id for d in articles})


@pytest.mark.parametrize("parallel", [False, True], ids=["one process", "with the helper"])
def test_forms_leave_memory_during_a_big_write_and_the_lexicon_keeps_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parallel: bool) -> None:
    # A bulk build meets a million forms (955k at 20k generated articles); held until the lexicon
    # was written, they were 200 MB in each writing process. Past SPILL_FORMS they go to a file
    # beside the index; the lexicon is the same, and exact search finds every article's words.
    from reader.search import indexer
    from reader.search import schema as schema_mod

    if parallel:
        monkeypatch.setattr(indexer, "PARALLEL_MIN_DOCS", 50)
        monkeypatch.setattr(indexer, "_CHUNK_CHARS", 300)  # many chunks: both processes get some
        monkeypatch.setenv("CORPUS_READER_INDEX_PROCS", "2")
    else:
        monkeypatch.setenv("CORPUS_READER_INDEX_PROCS", "1")
    paths.set_profile(tmp_path / "whole")
    whole = open_index(_many_forms_corpus(tmp_path / "corpus-whole"))
    whole.close()
    monkeypatch.setattr(schema_mod, "SPILL_FORMS", 40)
    held: list[int] = []
    paths.set_profile(tmp_path / "spilled")
    corpus = _many_forms_corpus(tmp_path / "corpus")
    h = open_index(corpus, progress=lambda *_: held.append(len(schema_mod.session_forms_view())))
    try:
        assert len(held) > 3 and max(held) <= 40
        assert _lexicon_rows(h.path) == _lexicon_rows(whole.path)
        assert len(_lexicon_rows(h.path)) > 720
        for i in range(0, 120 * 6, 7):
            assert _found(h, _word(i), exact=True) == {f"m{i // 6:03d}#01"}, _word(i)
        assert not [p.name for p in h.path.iterdir() if p.name.startswith(".")]
    finally:
        h.close()
        paths.set_profile(None)


def test_a_write_that_begins_after_forms_left_memory_still_gets_its_own(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Two corpora indexed at once in one process share the memos: a word the first write met is
    # not analysed again for the second. Its form may have left memory for the first write's
    # file before the second began: the second must still get it for its own lexicon.
    from reader.search import schema as schema_mod

    monkeypatch.setattr(schema_mod, "SPILL_FORMS", 30)
    monkeypatch.setenv("CORPUS_READER_INDEX_PROCS", "1")
    paths.set_profile(tmp_path / "profile")
    first = _many_forms_corpus(tmp_path / "one")
    root = tmp_path / "two"
    root.mkdir()
    # "qzaqzs" was met by the first corpus' first article (as "qzaqz" with an s: the same stem);
    # the second corpus also has the stem's bare form, which the first never met.
    first.documents[0] = make_doc("m000#01", "Qzaqzs and the convoy")
    second_docs = [make_doc("n#01", "Qzaqzs were seen, a qzaqz too")]
    second = Corpus(root=root, documents=second_docs, skipped=[], file_states={"n.txt": "n"})
    others: list = []

    def meanwhile(done: int, total: int, phase: str) -> None:
        if done >= 60 and not others:
            others.append(open_index(second))

    h = open_index(first, progress=meanwhile)
    try:
        assert others, "the second corpus was indexed during the first one's write"
        assert _found(others[0], "qzaqzs", exact=True) == {"n#01"}
        assert _found(others[0], "qzaqz", exact=True) == {"n#01"}
        assert _found(h, "qzaqzs", exact=True) == {"m000#01"}
    finally:
        h.close()
        for other in others:
            other.close()
        paths.set_profile(None)
