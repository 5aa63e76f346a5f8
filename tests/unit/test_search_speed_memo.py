"""The fast index build writes what stock Whoosh writes: memoised analysis and the segment writer.

:class:`reader.search.schema.MemoText` analyses each distinct word once and renumbers positions
itself; :class:`reader.search.schema.FormsText` (``content``) does the same and keeps each
occurrence's form code; :class:`reader.search.indexer.CorpusSegmentWriter` keeps postings per term
in RAM and writes them a block at a time. These tests hold them to Whoosh's own ``TEXT.index``
and analyzers on hostile text (per field, term by term) and to the stock ``SegmentWriter`` on a
whole generated corpus (segment files, byte for byte).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.fields import TEXT
from whoosh.writing import SegmentWriter

from benchmarks.corpus_gen import generate_corpus
from reader.ingest.corpus import scan_corpus
from reader.search import indexer
from reader.search import schema as schema_mod
from reader.search.analysis import exact_analyzer
from reader.search.indexer import Batch, CorpusSegmentWriter, write_documents
from reader.search.schema import (
    FormsText,
    MemoText,
    build_schema,
    decode_form_codes,
    decode_form_positions,
    form_code,
    source_fingerprints,
)

HOSTILE = [
    "",
    "   \n\t ",
    "The Kata’ib Hezbollah's leader; Kataib, Kata'ib and Kataʿib — al-Sadr, as-Sadr, Ṣadr.",
    "الرَّئِيسُ قَالَ إِنَّ كتائب حزب الله ـ والحكومة في بغداد، الرئيس ١٢٣ و 2020",
    "a ـ ً b \u200c\u200d c ؟ d ; the of in and on at ... US us Us drones drone DRONING",
    "مُحَمَّد محمد مـحـمـد ممد Muhammad Mohammed MUHAMMAD Moḥammad el-Mohammed ul-Haq",
    "x" * 300 + " stray َ harakat ُ between ِ spaces, then words again: attacks attacked attacking",
    "e\u0301cole école ÉCOLE naïve naive café's Café",
    "repeat " * 50 + "end",
]


def _stock(field: TEXT, value: str) -> list[tuple[bytes, int, float, bytes]]:
    return list(TEXT.index(field, value))


@pytest.mark.parametrize("fieldname", ["title", "outlet"])
@pytest.mark.parametrize("text", HOSTILE)
def test_memo_postings_equal_stock_analyzer(fieldname: str, text: str) -> None:
    field = build_schema()[fieldname]
    assert isinstance(field, MemoText)
    fast = list(field.index(text))
    assert fast == _stock(field, text)
    # Memoised a second time (every word now known), the answer is the same.
    assert list(field.index(text)) == fast


def _stock_content(text: str) -> dict[bytes, tuple[int, list[int], list[int]]]:
    """``content`` as the stock analyzers define it: per stem, its frequency, its positions (as
    Whoosh gives them) and each occurrence's form code (the exact analyzer's form of the word)."""
    field = build_schema()["content"]
    kept = iter([t.pos for t in field.analyzer(text, positions=True)])
    out: dict[bytes, tuple[int, list[int], list[int]]] = {}
    for word in [t.text for t in field.analyzer.items[0](text)]:
        stem = next((t.text for t in field.analyzer(word)), None)
        if stem is None:
            continue
        pos = next(kept)
        form = next((t.text for t in exact_analyzer()(word)), None)
        freq, positions, codes = out.get(stem.encode("utf-8"), (0, [], []))
        out[stem.encode("utf-8")] = (freq + 1, [*positions, pos],
                                     [*codes, form_code(stem, form) if form is not None else 0])
    return out


@pytest.mark.parametrize("text", HOSTILE)
def test_content_postings_are_the_stock_stems_with_form_codes(text: str) -> None:
    field = build_schema()["content"]
    assert isinstance(field, FormsText)
    fast = list(field.index(text))
    stock = _stock(TEXT(analyzer=field.analyzer, phrase=True), text)
    assert [(t, f, w) for t, f, w, _ in fast] == [(t, f, w) for t, f, w, _ in stock]
    expected = _stock_content(text)
    for term, freq, _, value in fast:
        positions, codes = decode_form_positions(value), decode_form_codes(value)
        assert (freq, positions, codes or [0] * freq) == expected[term]
        assert field.format.decode_positions(value) == positions  # what Whoosh's phrase code reads
    assert list(field.index(text)) == fast  # memoised the second time


def test_content_forms_are_noted_for_the_lexicon() -> None:
    schema_mod.begin_session()
    list(build_schema()["content"].index("Drones DRONE drone’s الرَّئِيسُ"))
    assert schema_mod.session_forms() == {"drones": "drone", "drone": "drone", "الرَّئِيسُ": "رييس"}
    schema_mod.end_session()
    assert schema_mod.session_forms() == {}


def test_memo_restarts_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schema_mod, "MEMO_MAX_WORDS", 3)
    field = build_schema()["title"]
    for text in HOSTILE:
        assert list(field.index(text)) == _stock(field, text)
    key = schema_mod._memo_key(field.analyzer)
    assert len(schema_mod._MEMOS[key]) <= 3 + len(set(" ".join(HOSTILE).split()))


def test_unknown_analyzer_goes_the_stock_way() -> None:
    from whoosh.analysis import StandardAnalyzer

    field = MemoText(analyzer=StandardAnalyzer(), phrase=True)
    text = HOSTILE[2]
    assert list(field.index(text)) == _stock(field, text)
    assert schema_mod._memo_key(StandardAnalyzer()) is None


def _segment_files(folder: Path) -> dict[str, bytes]:
    """Every segment file's bytes, named by extension (segment ids are random)."""
    out: dict[str, bytes] = {}
    for path in sorted(folder.iterdir()):
        m = re.match(r"^MAIN_[a-z0-9]+\.(.+)$", path.name)
        if m:
            out[m.group(1)] = path.read_bytes()
    return out


def _batches(tmp_path: Path, n: int = 40) -> list[Batch]:
    generate_corpus(tmp_path / "corpus", n, seed=3, words=(50, 400))
    corpus = scan_corpus(tmp_path / "corpus")
    hashes = source_fingerprints(corpus.documents, corpus.file_states)
    by_source: dict[str, list] = {}
    for doc in corpus.documents:
        by_source.setdefault(doc.source, []).append(doc)
    return [Batch(s, hashes[s], docs) for s, docs in sorted(by_source.items())]


def test_whole_index_byte_identical_to_stock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    batches = _batches(tmp_path)

    def build(name: str) -> dict[str, bytes]:
        folder = tmp_path / name
        folder.mkdir()
        ix = whoosh_index.create_in(str(folder), build_schema())
        write_documents(ix, folder, add=batches)
        ix.close()
        return _segment_files(folder)

    fast = build("fast")
    # The stock analysis path (title, outlet; content's own path is checked above) and the stock
    # writer: Whoosh's sorting pool and one add_posting call per posting.
    monkeypatch.setattr(MemoText, "index", TEXT.index)
    monkeypatch.setattr(indexer, "open_writer", lambda ix, **kw: SegmentWriter(ix, compound=False))
    stock = build("stock")
    assert set(fast) == set(stock) and {"pst", "trm", "_stored.col"} <= set(fast)
    for ext in stock:
        assert fast[ext] == stock[ext], ext


def test_writer_starts_new_segments_and_finds_the_same(tmp_path: Path) -> None:
    """Past its posting budget the writer finishes a segment and goes on in a new one; the index
    answers as one written in a single segment."""
    from whoosh import query as wq

    batches = _batches(tmp_path, 20)

    def build(name: str, postings: int) -> object:
        folder = tmp_path / name
        folder.mkdir()
        ix = whoosh_index.create_in(str(folder), build_schema())
        writer = CorpusSegmentWriter(ix, compound=False, segment_postings=postings)
        for batch in batches:
            for doc in batch.documents:
                writer.add_document(**schema_mod.document_fields(doc, batch.file_hash))
        writer.commit()
        return ix

    one, many = build("one", 10**9), build("many", 500)
    assert len(one._segments()) == 1 and len(many._segments()) > 3
    with one.searcher() as a, many.searcher() as b:
        assert a.doc_count() == b.doc_count()
        terms = list(a.reader().lexicon("content"))
        assert terms == list(b.reader().lexicon("content"))
        for btext in terms[::7]:
            q = wq.Term("content", btext.decode("utf-8"))
            ids_a = {a.stored_fields(d)["id"] for d in a.docs_for_query(q)}
            ids_b = {b.stored_fields(d)["id"] for d in b.docs_for_query(q)}
            assert ids_a == ids_b and ids_a


def test_a_writer_holds_its_postings_in_few_bytes(tmp_path: Path) -> None:
    # A bulk build's writer holds up to SEGMENT_POSTINGS postings (3 million) in RAM, in each of
    # two processes at once. Each posting's value (positions and form codes, 16 bytes on average)
    # kept as a bytes object of its own cost 49 bytes and a list slot: 100 bytes a posting in all
    # here (the term's own arrays included). Packed, each term's values in one buffer: 72.
    import gc
    import tracemalloc

    generate_corpus(tmp_path / "corpus", 250, seed=3)  # articles of the usual length
    fields = [schema_mod.document_fields(doc, "h") for doc in scan_corpus(tmp_path / "corpus").documents]
    (tmp_path / "ix").mkdir()
    ix = whoosh_index.create_in(str(tmp_path / "ix"), build_schema())
    writer = CorpusSegmentWriter(ix, compound=False)
    schema_mod.begin_session()
    try:
        tracemalloc.start()
        try:
            for f in fields:
                writer.add_document(**f)
            gc.collect()
            held = tracemalloc.get_traced_memory()[0]
            postings = writer.pool.count
            writer.pool = indexer._RamPool()  # what the writer holds but its postings stays
            gc.collect()
            held -= tracemalloc.get_traced_memory()[0]
        finally:
            tracemalloc.stop()
    finally:
        writer.cancel()
        schema_mod.end_session()
    assert postings > 50_000
    assert held / postings < 80, f"{held / postings:.0f} bytes per posting"
