"""Cold-search shortcuts give what the plain path gives: bulk-read per-document arrays and phrase
checks kept inside a date or language filter.

:func:`reader.search.columns.column_values` and ``field_lengths`` read a segment's column in one
go instead of a value at a time; they are held to Whoosh's own column readers on an index of
several segments with deleted articles. A filtered query checks phrases only where the filter keeps
articles; the answer for that filter, and for every other filter asked after it, must stay the one
the whole index gives.
"""

from __future__ import annotations

from array import array
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from reader import paths
from reader.ingest.corpus import Corpus
from reader.ingest.model import UNDATED, DateInfo, Document, Paragraph
from reader.search import columns
from reader.search import searcher as searcher_mod
from reader.search.concordance import open_concordance
from reader.search.indexer import Batch, write_documents
from reader.search.query import parse_query
from reader.search.schema import build_schema
from reader.search.searcher import find_matches, search
from reader.search.service import open_index
from reader.text.names import AliasGroup, AliasTable


def make_doc(doc_id: str, text: str, date: str | None, language: str = "en", outlet: str | None = None
             ) -> Document:
    para = Paragraph(text, 0, "ar" if language == "ar" else "en", "rtl" if language == "ar" else "ltr")
    return Document(id=doc_id, source=f"{doc_id.split('#')[0]}.txt", segment=1, title=f"Report {doc_id}",
                    byline=None, outlet=outlet,
                    date=DateInfo(date, "day", "header", "test") if date else UNDATED,
                    language=language, paragraphs=(para,), original=text, source_span=(0, len(text)))


PHRASE_TEXTS = [
    "Kataib Hezbollah fighters fired rockets near the base.",
    "Hezbollah said Kataib units moved; no phrase here.",
    "The Kataib Hezbollah statement and another Kataib Hezbollah claim.",
    "Drones were seen over Baghdad; Kataib Hizballah denied it.",
]
SPELLINGS = ("Kataib Hezbollah", "Kataib Hizballah")
ALIASES = AliasTable([AliasGroup("Kataib Hezbollah", "group", (*SPELLINGS, "كتائب حزب الله"))])


def _docs(n: int = 48) -> list[Document]:
    return [make_doc(f"d{i:03d}#01", PHRASE_TEXTS[i % len(PHRASE_TEXTS)],
                     f"20{18 + (i // 4) % 6}-{1 + i % 12:02d}-1{i % 9}" if i % 11 else None,
                     "en", "Reuters" if i < 12 and i % 5 == 0 else None)  # the later segments: no outlet
            for i in range(n)]


@pytest.fixture
def segmented(tmp_path: Path):
    """An index of three segments with deleted articles, written by the app's writer."""
    folder = tmp_path / "ix"
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), build_schema())
    docs = _docs()
    for part in (docs[:20], docs[20:35], docs[35:]):
        write_documents(ix, folder, add=[Batch(d.source, "h", [d]) for d in part], merge=False)
    write_documents(ix, folder, remove=["d003.txt", "d021.txt", "d040.txt"], merge=False)
    yield ix
    ix.close()


def test_columns_and_lengths_read_in_bulk_are_whooshs_own(segmented) -> None:
    with segmented.reader() as reader:
        assert len(reader.leaf_readers()) == 3 and reader.has_deletions()
        n = reader.doc_count_all()
        for name in ("id", "source", "date", "month", "lang", "dup", "file_hash", "day"):
            fast = columns.column_values(reader, name)
            assert fast is not None, name  # the bulk path reads this index's columns
            assert fast == [v.decode("utf-8") if isinstance(v, bytes) else v
                            for v in reader.column_reader(name)], name
        live = set(reader.all_doc_ids())
        arrays = searcher_mod._Arrays(reader)
        for fieldname in ("content", "title", "outlet"):
            stock = [reader.doc_field_length(d, fieldname, 0) or 0 for d in range(n)]
            assert columns.field_lengths(reader, fieldname) == stock
            assert arrays.lengths(reader, fieldname) == [x if d in live else 0 for d, x in enumerate(stock)]
            assert any(stock)
        assert list(arrays.canonical) == [1 if d in live else 0 for d in range(n)]


def test_a_cut_column_is_damage_not_undated_articles(segmented, monkeypatch: pytest.MonkeyPatch) -> None:
    from whoosh.columns import VarBytesColumn

    cut = VarBytesColumn.Reader._read_offsets_and_lengths

    def shorter(self) -> None:
        cut(self)
        self._lengths = array("I", self._lengths)
        self._lengths[-1] += 1000  # the data ends before the last value does

    monkeypatch.setattr(VarBytesColumn.Reader, "_read_offsets_and_lengths", shorter)
    with segmented.reader() as reader:
        with pytest.raises(columns.ColumnDamaged):
            columns.column_values(reader, "date")
        with pytest.raises(searcher_mod.IndexUnusable):  # the search heals it by a rebuild
            searcher_mod._Arrays(reader)


@pytest.fixture
def handle(tmp_path: Path):
    paths.set_profile(tmp_path / "profile")
    root = tmp_path / "corpus"
    root.mkdir()
    docs = _docs()
    h = open_index(Corpus(root=root, documents=docs, skipped=[], file_states={d.source: d.id for d in docs}))
    yield h, docs
    h.close()
    paths.set_profile(None)


def _named(doc: Document) -> bool:
    return any(spelling in doc.text for spelling in SPELLINGS)


def _phrase_ids(docs: list[Document], lo: str = "", hi: str = "~") -> set[str]:
    return {d.id for d in docs if _named(d) and d.date.value and lo <= d.date.value <= hi}


def test_a_filtered_phrase_search_keeps_every_answer_whole(handle) -> None:
    """The alias group's spellings are phrases: checked within the window only, and never cached as
    if that were the whole index's answer."""
    h, docs = handle

    def ids(**window: str) -> set[str]:
        return set(search(h, "Kataib Hezbollah", aliases=ALIASES, ids_only=True, **window).ids or [])

    parsed = parse_query("Kataib Hezbollah", aliases=ALIASES)
    assert parsed.matched_aliases
    with h.searcher() as s:
        found = find_matches(s, parsed, lang=None, date_from="2019-01", date_to="2019-12", warnings=[])
    assert found is not None and found.engine.scope is not None  # the window is checked alone
    window = _phrase_ids(docs, "2019-01", "2019-12-99")
    assert window and ids(date_from="2019-01", date_to="2019-12") == window
    # Asked next: the whole index, another window, and the first window again.
    everything = {d.id for d in docs if _named(d)}
    assert ids() == everything and len(everything) > len(window)
    assert ids(date_from="2021-01", date_to="2021-12") == _phrase_ids(docs, "2021-01", "2021-12-99")
    assert ids(date_from="2019-01", date_to="2019-12") == window
    conc = open_concordance(h, "Kataib Hezbollah", aliases=ALIASES, date_from="2022", date_to="2022")
    try:
        assert set(conc.doc_ids()) == _phrase_ids(docs, "2022", "2022-99")
        assert {line.match for line in conc.lines()} == set(SPELLINGS)
    finally:
        conc.close()
