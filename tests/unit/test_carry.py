"""Carrying a highlight to the aligned paragraphs of its translation, on the bundled English/Arabic pair.

The alignment is the aligner's own (what the side-by-side view shows), checked against the gold
alignment in tests/data/alignments, so the expected paragraphs are the true translation, not just
whatever the aligner said.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from reader.align import align
from reader.ingest.model import Document
from reader.store.annotations import Store
from reader.store.carry import AlignedPair, CarryError, carry_highlight, counterpart_span, links, version_name
from reader.store.db import open_store
from tests.conftest import DATA

EN_ID, AR_ID = "000_6e14188510fd6a63#01", "000_6e14188510fd6a63-ar#01"


@pytest.fixture(scope="module")
def pair(bundled_corpus) -> AlignedPair:
    docs = {d.id: d for d in bundled_corpus.documents}
    en, ar = docs[EN_ID], docs[AR_ID]
    beads = align([p.text for p in en.paragraphs], [p.text for p in ar.paragraphs])
    gold = json.loads((DATA / "alignments" / "000_6e14188510fd6a63_01.json").read_text(encoding="utf-8"))
    assert gold["a"] == EN_ID and gold["b"] == AR_ID
    assert beads == [(tuple(a), tuple(b)) for a, b in gold["pairs"]], "the aligner agrees with the gold"
    return AlignedPair(en, ar, beads)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = open_store(tmp_path / "annotations.sqlite3", auto_backup=False)
    yield s
    s.close()


def paragraphs_span(doc: Document, first: int, last: int) -> tuple[int, int]:
    return doc.paragraphs[first].start, doc.paragraphs[last].end


def phrase(doc: Document, paragraph: int, words: int = 4) -> tuple[int, int]:
    """Some words in the middle of ``paragraph``."""
    p = doc.paragraphs[paragraph]
    parts = p.text.split(" ")
    skip = len(" ".join(parts[:2])) + 1
    start = p.start + skip
    return start, start + len(" ".join(parts[2 : 2 + words]))


def test_english_highlight_lands_on_both_arabic_paragraphs_of_its_group(store: Store, pair) -> None:
    en, ar = pair.a, pair.b
    start, end = phrase(en, 2)  # English ¶ 3 was translated as Arabic ¶ 3 and ¶ 4 (a 1-2 group)
    source = store.add_highlight(en, start, end, 4)
    result = carry_highlight(store, source, pair)
    assert result.created
    carried = result.annotation
    s, e = paragraphs_span(ar, 2, 3)
    assert carried.doc_id == AR_ID and (carried.anchor.start, carried.anchor.end) == (s, e)
    assert carried.anchor.quote == ar.text[s:e] and carried.anchor.quote.startswith("خلال الأيام الـ90")
    assert carried.colour == 4 and carried.carried_from == source.uuid and carried.note == ""
    stored = store.get(carried.uuid)
    assert stored is not None and stored.carried_from == source.uuid and stored.state == "anchored"
    assert [a.uuid for a in store.for_document(AR_ID)] == [carried.uuid]
    assert store.get(source.uuid).carried_from == "", "the source is not changed"


def test_arabic_highlight_lands_on_the_english_paragraphs_it_translates(store: Store, pair) -> None:
    en, ar = pair.a, pair.b
    start, end = phrase(ar, 4)  # Arabic ¶ 5 translates English ¶ 4 and ¶ 5 (a 2-1 group)
    source = store.add_highlight(ar, start, end, 2)
    carried = carry_highlight(store, source, pair).annotation
    assert carried.doc_id == EN_ID
    assert (carried.anchor.start, carried.anchor.end) == paragraphs_span(en, 3, 4)
    assert carried.anchor.quote.startswith("US attacks on Dec 30, 2019")
    assert carried.colour == 2 and carried.carried_from == source.uuid


def test_a_highlight_across_two_groups_carries_to_every_counterpart_paragraph(pair: AlignedPair) -> None:
    en, ar = pair.a, pair.b
    start = en.paragraphs[1].start + 10
    end = en.paragraphs[2].start + 20
    assert counterpart_span(pair, EN_ID, start, end) == paragraphs_span(ar, 1, 3)
    one = phrase(en, 0)
    assert counterpart_span(pair, EN_ID, *one) == paragraphs_span(ar, 0, 0)


def test_carrying_twice_or_back_again_makes_no_second_copy(store: Store, pair: AlignedPair) -> None:
    en = pair.a
    source = store.add_highlight(en, *phrase(en, 5), 1)
    first = carry_highlight(store, source, pair)
    again = carry_highlight(store, source, pair)
    assert not again.created and again.annotation.uuid == first.annotation.uuid
    back = carry_highlight(store, first.annotation, pair)
    assert not back.created and back.annotation.uuid == source.uuid
    assert len(store.all()) == 2


def test_links_go_both_ways_and_the_copy_outlives_its_source(store: Store, pair: AlignedPair) -> None:
    en = pair.a
    source = store.add_highlight(en, *phrase(en, 6), 3)
    other = store.add_highlight(en, *phrase(en, 7), 3)
    carried = carry_highlight(store, source, pair).annotation
    linked = links(store.all())
    assert [a.uuid for a in linked[source.uuid]] == [carried.uuid]
    assert [a.uuid for a in linked[carried.uuid]] == [source.uuid]
    assert other.uuid not in linked
    store.delete(source.uuid)
    kept = store.get(carried.uuid)
    assert kept is not None and kept.carried_from == source.uuid, "still a (lighter) carried highlight"
    assert links(store.all()) == {}


def test_a_paragraph_without_counterpart_is_refused_with_a_reason(store: Store, pair: AlignedPair) -> None:
    en, ar = pair.a, pair.b
    # English ¶ 1 alone (a 1-0 group), every other paragraph one to one.
    lonely = AlignedPair(en, ar, [((0,), ()), *[((i,), (i - 1,)) for i in range(1, len(en.paragraphs))]])
    source = store.add_highlight(en, *phrase(en, 0), 5)
    with pytest.raises(CarryError, match="no counterpart in the Arabic version"):
        carry_highlight(store, source, lonely)
    note = store.add_note(EN_ID, "an article note")
    with pytest.raises(CarryError, match="only a highlight"):
        carry_highlight(store, note, pair)
    assert len(store.all()) == 2


def test_a_highlight_whose_text_changed_is_not_carried(store: Store, pair: AlignedPair) -> None:
    en = pair.a
    start, end = phrase(en, 8)
    source = store.add_highlight(en, start, end, 5)
    shifted = store.add_highlight(en, start + 1, end + 1, 5)
    moved = replace(shifted, anchor=replace(shifted.anchor, quote="not what the article says"))
    with pytest.raises(CarryError, match="no longer"):
        carry_highlight(store, moved, pair)
    assert carry_highlight(store, source, pair).created


def test_version_names() -> None:
    assert version_name("ar") == "the Arabic version"
    assert version_name("en") == "the English version"
    assert version_name("other") == "the translation"
