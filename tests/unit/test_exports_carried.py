"""Exports of highlights carried across translations, and of each note's language and direction.

A carried pair prints both quotes on each side ("In the Arabic version: …"); every format says
which language and direction each note is in (Markdown: an HTML ``dir``/``lang`` block around a
right-to-left note; CSV: ``language`` and ``direction`` columns). Real bundled articles.
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

import pytest

from reader.align import align
from reader.ingest.model import Document
from reader.store.annotations import Store
from reader.store.carry import AlignedPair, carry_highlight
from reader.store.db import open_store
from reader.store.exports import (
    CSV_COLUMNS,
    FSI,
    LRI,
    PDI,
    export_bytes,
    export_csv,
    export_markdown,
    hashtag,
)

EN_ID, AR_ID = "000_6e14188510fd6a63#01", "000_6e14188510fd6a63-ar#01"
EN_WORDS = "US has been so active in political and civic field of Iraq"


@pytest.fixture(scope="module")
def docs(bundled_corpus) -> dict[str, Document]:
    return {d.id: d for d in bundled_corpus.documents}


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = open_store(tmp_path / "annotations.sqlite3", auto_backup=False)
    yield s
    s.close()


@pytest.fixture
def carried(store: Store, docs: dict[str, Document]):
    """An English highlight with a note, carried to the Arabic version (¶ 3 and ¶ 4 there)."""
    en, ar = docs[EN_ID], docs[AR_ID]
    pair = AlignedPair(en, ar, align([p.text for p in en.paragraphs], [p.text for p in ar.paragraphs]))
    start = en.text.index(EN_WORDS)
    source = store.add_highlight(en, start, start + len(EN_WORDS), 4, note="Who is behind it?")
    copy = carry_highlight(store, source, pair).annotation
    return store.get(source.uuid), copy


def read_csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(codecs.BOM_UTF8)
    return list(csv.DictReader(io.StringIO(data[len(codecs.BOM_UTF8):].decode("utf-8"), newline="")))


def test_markdown_shows_the_other_versions_quote_on_both_sides(store: Store, docs, carried) -> None:
    source, copy = carried
    md = export_markdown(store.all(), docs, store.palette())
    en_at = md.index(f"> {EN_WORDS}")
    arabic_first_line = copy.anchor.quote.split("\n\n")[0]
    # Under the English highlight: the Arabic paragraphs, right to left, after a label.
    english_part = md[en_at:md.index("Who is behind it?", en_at)]
    assert "*In the Arabic version (¶ 3):*" in english_part
    assert f"> <p>{arabic_first_line}</p>" in english_part
    # Under the Arabic copy: the English words the reader highlighted.
    ar_at = md.index('<h2 dir="rtl" lang="ar">')
    arabic_part = md[ar_at:]
    assert "*In the English version (¶ 3):*" in arabic_part and f"> {EN_WORDS}" in arabic_part
    # Exporting one article alone still finds the other side when given every annotation.
    only_english = export_markdown([source], docs, store.palette(), counterparts=store.all())
    assert f"> <p>{arabic_first_line}</p>" in only_english
    assert "In the Arabic version" not in export_markdown([source], docs, store.palette())


def test_csv_gives_the_counterpart_quote_and_the_link(store: Store, docs, carried) -> None:
    source, copy = carried
    rows = {r["uuid"]: r for r in read_csv(export_csv(store.all(), docs, store.palette()))}
    english, arabic = rows[source.uuid], rows[copy.uuid]
    assert english["counterpart_quote"] == copy.anchor.quote and english["counterpart_doc_id"] == AR_ID
    assert arabic["counterpart_quote"] == EN_WORDS and arabic["counterpart_doc_id"] == EN_ID
    assert arabic["carried_from"] == source.uuid and english["carried_from"] == ""
    assert (english["article_language"], arabic["article_language"]) == ("en", "ar")


def test_after_the_source_is_deleted_the_copy_exports_alone(store: Store, docs, carried) -> None:
    source, copy = carried
    store.delete(source.uuid)
    md = export_markdown(store.all(), docs, store.palette())
    assert "In the English version" not in md and copy.anchor.quote.split("\n\n")[0] in md
    [row] = read_csv(export_csv(store.all(), docs, store.palette()))
    assert row["counterpart_quote"] == "" and row["carried_from"] == source.uuid


def test_every_note_says_its_language_and_direction(store: Store, docs) -> None:
    en, ar = docs[EN_ID], docs[AR_ID]
    p = en.paragraphs[1]
    arabic_first = "قال الرئيس إن الأمر <خطير> & عاجل.\n\nNATO said *nothing* yet."
    a = store.add_highlight(en, p.start, p.start + 30, 1, note=arabic_first)
    q, r = ar.paragraphs[0], ar.paragraphs[1]
    b = store.add_highlight(ar, q.start, q.start + 20, 2, note="An English note.")
    c = store.add_highlight(ar, r.start, r.start + 20, 3)
    rows = {r["uuid"]: r for r in read_csv(export_csv(store.all(), docs))}
    assert (rows[a.uuid]["language"], rows[a.uuid]["direction"]) == ("ar", "rtl")
    assert (rows[b.uuid]["language"], rows[b.uuid]["direction"]) == ("en", "ltr")
    assert (rows[c.uuid]["language"], rows[c.uuid]["direction"]) == ("", ""), "no note, nothing to say"
    assert set(CSV_COLUMNS) >= {"language", "direction", "article_language"}
    lines = export_markdown(store.all(), docs).splitlines()
    at = lines.index('<div dir="rtl" lang="ar">')
    assert lines[at + 1 : at + 4] == [
        "<p>قال الرئيس إن الأمر &lt;خطير&gt; &amp; عاجل.</p>",
        '<p dir="ltr" lang="en">NATO said *nothing* yet.</p>',  # raw HTML: no Markdown inside
        "</div>",
    ]
    assert "An English note." in lines, "a left-to-right note stays plain Markdown"


def test_arabic_tags_keep_their_hash_first_in_markdown(store: Store, docs) -> None:
    en = docs[EN_ID]
    p = en.paragraphs[0]
    store.add_highlight(en, p.start, p.start + 20, 2, tags=["وسم", "militias"])
    md = export_markdown(store.all(), docs)
    assert f"**Event** · ¶ 1 · #militias {LRI}#{FSI}وسم{PDI}{PDI}" in md
    assert hashtag("وسم") == f"{LRI}#{FSI}وسم{PDI}{PDI}" and hashtag("two words") == "#two-words"


def test_export_bytes_passes_counterparts_on(store: Store, docs, carried) -> None:
    source, _copy = carried
    one = export_bytes("md", [source], docs, store.palette(), counterparts=store.all())
    assert "In the Arabic version" in one.decode("utf-8")
