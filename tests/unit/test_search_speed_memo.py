"""The fast index build writes what stock Whoosh writes: memoised analysis and the segment writer.

:class:`reader.search.schema.MemoText` analyses each distinct word once and renumbers positions
itself; :class:`reader.search.indexer.CorpusSegmentWriter` flushes postings with the field lengths in
memory. These tests hold them to Whoosh's own ``TEXT.index`` on hostile text (per field, term by
term) and to the stock ``SegmentWriter`` on a whole generated corpus (segment files, byte for byte).
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
from reader.search import schema as schema_mod
from reader.search.indexer import Batch, CorpusSegmentWriter, write_documents
from reader.search.schema import MemoText, build_schema, source_fingerprints

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


@pytest.mark.parametrize("fieldname", ["content", "exact", "variants", "title", "outlet"])
@pytest.mark.parametrize("text", HOSTILE)
def test_memo_postings_equal_stock_analyzer(fieldname: str, text: str) -> None:
    field = build_schema()[fieldname]
    assert isinstance(field, MemoText)
    fast = list(field.index(text))
    assert fast == _stock(field, text)
    # Memoised a second time (every word now known), the answer is the same.
    assert list(field.index(text)) == fast


def test_memo_restarts_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schema_mod, "MEMO_MAX_WORDS", 3)
    field = build_schema()["content"]
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


def test_whole_index_byte_identical_to_stock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    generate_corpus(tmp_path / "corpus", 40, seed=3, words=(50, 400))
    corpus = scan_corpus(tmp_path / "corpus")
    hashes = source_fingerprints(corpus.documents, corpus.file_states)
    by_source: dict[str, list] = {}
    for doc in corpus.documents:
        by_source.setdefault(doc.source, []).append(doc)
    batches = [Batch(s, hashes[s], docs) for s, docs in sorted(by_source.items())]

    def build(name: str) -> dict[str, bytes]:
        folder = tmp_path / name
        folder.mkdir()
        ix = whoosh_index.create_in(str(folder), build_schema())
        write_documents(ix, folder, add=batches)
        ix.close()
        return _segment_files(folder)

    fast = build("fast")
    # The stock analysis path and the stock writer (whose flush reads each length from disk).
    monkeypatch.setattr(MemoText, "index", TEXT.index)
    monkeypatch.setattr(CorpusSegmentWriter, "_flush_segment", SegmentWriter._flush_segment)
    stock = build("stock")
    assert set(fast) == set(stock) and {"pst", "trm", "_stored.col"} <= set(fast)
    for ext in stock:
        assert fast[ext] == stock[ext], ext
