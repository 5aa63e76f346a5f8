"""Searching a real (on-disk) index built from hand-made English and Arabic articles.

What a researcher relies on: names found in every spelling and script, vowelled and unvowelled
Arabic meeting, filters and sorting that do what they say, duplicates shown once, and offsets that
point at the matched word in ``Document.text`` (the reading pane paints them).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader import paths
from reader.ingest.corpus import Corpus
from reader.ingest.model import UNDATED, DateInfo, Document, Paragraph
from reader.search.searcher import SearchResponse, search
from reader.search.service import open_index, search_corpus

ALIASES = """group,alias,kind
Hezbollah,Hezbollah,group
Hezbollah,Hizballah,group
Hezbollah,Hizbullah,group
Hezbollah,حزب الله,group
Kata'ib Hezbollah,Kata'ib Hezbollah,group
Kata'ib Hezbollah,Kataib Hizballah,group
Kata'ib Hezbollah,Hezbollah Brigades,group
Kata'ib Hezbollah,كتائب حزب الله,group
"""


def make_doc(
    doc_id: str,
    text: str,
    *,
    title: str = "",
    date: str | None = None,
    language: str = "en",
    source: str | None = None,
    duplicate_of: str | None = None,
    outlet: str | None = None,
) -> Document:
    paragraphs = []
    pos = 0
    for para in text.split("\n\n"):
        paragraphs.append(Paragraph(para, pos, "ar" if language == "ar" else "en",
                                    "rtl" if language == "ar" else "ltr"))
        pos += len(para) + 2
    precision = None if date is None else {4: "year", 7: "month", 10: "day"}[len(date)]
    info = DateInfo(date, precision, "header", "test") if date else UNDATED
    return Document(
        id=doc_id, source=source or f"{doc_id.split('#')[0]}.txt", segment=1, title=title or doc_id,
        byline=None, outlet=outlet, date=info, language=language, paragraphs=tuple(paragraphs),  # type: ignore[arg-type]
        original=text, source_span=(0, len(text)), duplicate_of=duplicate_of,
    )


DOCS = [
    make_doc("en1#01", "Hezbollah fighters crossed the border at dawn.\n\nThe drones returned at night.",
             title="Border clash", date="2020-01-05", outlet="Al Mayadeen"),
    make_doc("en2#01", "Kata'ib Hezbollah claimed the attack on the base near Kirkuk.",
             title="Claim of responsibility", date="2020-03-14"),
    make_doc("en3#01", "Qassem Soleimani was killed at Baghdad airport by a drone strike.",
             title="Airport strike", date="2020-01", outlet="Press TV"),
    make_doc("ar1#01", "قال الرَّئِيسُ إن حزب الله سيرد على الهجوم.", title="تصريح",
             date="2020-03-20", language="ar"),
    make_doc("ar2#01", "أعلن الرئيس أن قاسم سليماني قتل في بغداد.", title="مقتل سليماني",
             date="2020-04", language="ar"),
    make_doc("ar3#01", "كتائب حزب الله تتبنى الهجوم على القاعدة.", title="كتائب", language="ar"),
    make_doc("dup1#01", "Hezbollah fighters crossed the border at dawn.\n\nThe drones returned at night.",
             title="Border clash (copy)", date="2020-01-05", duplicate_of="en1#01"),
    make_doc("en4#01", "Protesters gathered in Tahrir Square; the drone footage was shared widely.",
             title="Protest footage", date="2019"),
]


@pytest.fixture(scope="module")
def corpus_and_handle(tmp_path_factory: pytest.TempPathFactory):
    base = tmp_path_factory.mktemp("searcher")
    paths.set_profile(base / "profile")
    root = base / "corpus"
    root.mkdir()
    (root / "aliases.csv").write_text(ALIASES, encoding="utf-8")
    corpus = Corpus(root=root, documents=list(DOCS), skipped=[],
                    file_states={d.source: f"state-{d.id}" for d in DOCS})
    handle = open_index(corpus)
    yield corpus, handle
    handle.close()
    paths.set_profile(None)


@pytest.fixture
def handle(corpus_and_handle):
    return corpus_and_handle[1]


def ids(response: SearchResponse) -> set[str]:
    return {h.id for h in response.hits}


def by_id(response: SearchResponse, doc_id: str):
    return next(h for h in response.hits if h.id == doc_id)


DOC_TEXT = {d.id: d.text for d in DOCS}


# --------------------------------------------------------------------------------------------


def test_english_term_and_stemming(handle) -> None:
    r = search(handle, "drones")
    assert {"en1#01", "en3#01", "en4#01"} <= ids(r)  # drone ~ drones
    assert r.warning is None


def test_vowelled_and_unvowelled_arabic_meet_both_ways(handle) -> None:
    plain = search(handle, "الرئيس")
    vowelled = search(handle, "الرَّئِيسُ")
    assert {"ar1#01", "ar2#01"} <= ids(plain)
    assert ids(plain) == ids(vowelled)
    hit = by_id(plain, "ar1#01")
    start, end = hit.matches[0]
    assert DOC_TEXT["ar1#01"][start:end] == "الرَّئِيسُ"  # offsets keep the marks of the text


def test_alias_spelling_finds_other_spelling(handle) -> None:
    r = search(handle, "Hizballah")
    assert "en1#01" in ids(r)  # only says "Hezbollah"
    assert "ar1#01" in ids(r)  # only says حزب الله
    hit = by_id(r, "en1#01")
    assert "Hezbollah" in hit.matched_aliases
    assert any(DOC_TEXT["en1#01"][s:e] == "Hezbollah" for s, e in hit.matches)
    assert r.matched_aliases and "Hezbollah" in r.matched_aliases[0]


def test_arabic_alias_finds_english_article(handle) -> None:
    r = search(handle, "كتائب حزب الله")
    assert "en2#01" in ids(r)  # English: Kata'ib Hezbollah
    assert "ar3#01" in ids(r)
    hit = by_id(r, "en2#01")
    assert [DOC_TEXT["en2#01"][s:e] for s, e in hit.matches] == ["Kata'ib Hezbollah"]


def test_variants_mode_matches_transliterations(handle) -> None:
    r = search(handle, "Qasim Sulaimani", variants=True)
    assert {"en3#01", "ar2#01"} <= ids(r)
    assert search(handle, "Qasim Sulaimani").total == 0  # not without variants mode
    per_term = search(handle, "~~Qasim airport")
    assert ids(per_term) == {"en3#01"}


def test_exact_mode_keeps_spelling(handle) -> None:
    assert ids(search(handle, "drone", exact=True)) == {"en3#01", "en4#01"}
    assert "en1#01" not in ids(search(handle, "drone", exact=True))  # only "drones" there
    assert ids(search(handle, "الرئيس", exact=True)) == {"ar2#01"}  # unvowelled only


def test_field_queries(handle) -> None:
    assert ids(search(handle, "title:airport")) == {"en3#01"}
    assert ids(search(handle, 'outlet:"Al Mayadeen"')) == {"en1#01"}
    assert ids(search(handle, "lang:ar")) == {"ar1#01", "ar2#01", "ar3#01"}
    assert ids(search(handle, "drone lang:en")) == {"en1#01", "en3#01", "en4#01"}


def test_boolean_and_phrase(handle) -> None:
    assert ids(search(handle, "drone NOT airport")) == {"en1#01", "en4#01"}
    assert ids(search(handle, "airport OR Tahrir")) == {"en3#01", "en4#01"}
    assert ids(search(handle, '"drone strike"')) == {"en3#01"}
    assert ids(search(handle, '"strike drone"')) == set()


def test_date_filters_and_ranges(handle) -> None:
    assert ids(search(handle, "drone", date_from="2020-01", date_to="2020-01")) == {"en1#01", "en3#01"}
    assert ids(search(handle, "drone", date_from="2020-01-06")) == set()  # 2020-01 alone is imprecise
    # A month-only date (en3: "2020-01") is day 00 of its month: inside a range that reaches into it.
    assert ids(search(handle, "drone date:[2019 TO 2020-01-05]")) == {"en1#01", "en3#01", "en4#01"}
    assert ids(search(handle, "drone date:[2019 TO 2019-12-31]")) == {"en4#01"}
    assert ids(search(handle, "drone from:2020")) == {"en1#01", "en3#01"}
    assert ids(search(handle, "drone to:2019")) == {"en4#01"}
    everything_2020 = search(handle, "", date_from="2020", date_to="2020", limit=50)
    assert ids(everything_2020) == {"en1#01", "en2#01", "en3#01", "ar1#01", "ar2#01"}


def test_bad_date_is_a_warning(handle) -> None:
    r = search(handle, "drone", date_from="last week")
    assert r.warning and "last week" in r.warning
    assert r.total == 3


def test_sort_by_date_newest_first_undated_last(handle) -> None:
    r = search(handle, "حزب OR drone OR Kataib", sort="date", limit=50)
    dates = [h.date for h in r.hits]
    assert dates[-1] is None  # ar3 is undated
    dated = [d for d in dates if d]
    assert dated == sorted(dated, reverse=True)


def test_by_month_counts_all_matches_not_just_the_page(handle) -> None:
    r = search(handle, "drone", limit=1)
    assert len(r.hits) == 1
    assert r.total == 3
    assert r.by_month == {"2020-01": 2}  # 2019 (year only) has no month


def test_duplicates_are_collapsed(handle) -> None:
    r = search(handle, "border dawn")
    assert ids(r) == {"en1#01"}
    assert r.total == 1


def test_match_offsets_slice_the_document_text(handle) -> None:
    r = search(handle, "fighters drones")
    hit = by_id(r, "en1#01")
    assert [DOC_TEXT["en1#01"][s:e] for s, e in hit.matches] == ["fighters", "drones"]
    assert "«fighters»" in hit.snippet and "«drones»" in hit.snippet
    assert "\n" not in hit.snippet


def test_negated_words_are_not_marked(handle) -> None:
    r = search(handle, "drone NOT Tahrir", kwic=True)
    for hit in r.hits:
        assert all("Tahrir" not in DOC_TEXT[hit.id][s:e] for s, e in hit.matches)


def test_prefix_and_fuzzy(handle) -> None:
    r = search(handle, "Soleim*")
    assert ids(r) == {"en3#01"}
    assert [DOC_TEXT["en3#01"][s:e] for s, e in by_id(r, "en3#01").matches] == ["Soleimani"]
    assert "en3#01" in ids(search(handle, "Solaimani~"))
    short = search(handle, "S*")
    assert short.warning and "at least 2" in short.warning


def test_json_shape_is_exact(handle) -> None:
    data = search(handle, "drone", limit=2).to_json()
    assert list(data) == ["query", "total", "warning", "hits", "by_month", "alias_problems"]
    assert list(data["hits"][0]) == ["id", "title", "date", "language", "score", "snippet", "matches",
                                     "match_count", "matches_truncated", "matched_aliases", "why"]
    json.dumps(data)
    with_kwic = search(handle, "drone", limit=2, kwic=True).to_json()
    assert "kwic" in with_kwic["hits"][0]
    assert any("«drone»" in line for line in with_kwic["hits"][0]["kwic"])


def test_bad_syntax_never_raises_and_warns(handle) -> None:
    for text in ["NOT AND ", "0 ANDNOT ANDNOT ", "\udcff*", "(" * 1000 + "drone" + ")" * 1000, "", "   "]:
        r = search(handle, text)
        assert isinstance(r, SearchResponse)
    r = search(handle, "drone AND")
    assert r.warning and 'near "drone AND"' in r.warning
    assert r.total == 3


def test_fallback_to_or_when_and_finds_nothing(handle) -> None:
    r = search(handle, "Tahrir AND airport OR")
    assert r.total == 2
    assert "any of them" in (r.warning or "")


def test_search_corpus_indexes_then_searches(tmp_path: Path) -> None:
    paths.set_profile(tmp_path / "profile")
    try:
        root = tmp_path / "c"
        root.mkdir()
        (root / "aliases.csv").write_text(ALIASES, encoding="utf-8")
        corpus = Corpus(root=root, documents=DOCS[:3], skipped=[], file_states={})
        r = search_corpus(corpus, "Hizballah", limit=5)
        assert ids(r) == {"en1#01", "en2#01"}
    finally:
        paths.set_profile(None)


def test_cli_search_json_and_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from reader.cli import main

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "Drone strike near the airport\nSaturday, 04 April 2020\n\nA drone hit the airport road at dawn.\n",
        encoding="utf-8",
    )
    profile = str(tmp_path / "profile")
    try:
        assert main(["search", "drone", str(corpus), "--json", "--profile", profile]) == 0
        data = json.loads(capsys.readouterr().out)
        assert data["total"] == 1 and data["hits"][0]["matches"]
        assert main(["search", "NOT AND ", str(corpus), "--profile", profile]) == 0
        captured = capsys.readouterr()
        assert "Could not read the query syntax" in captured.err
        assert main(["search", "drone", str(tmp_path / "missing"), "--profile", profile]) == 2
        assert len(capsys.readouterr().err.strip().splitlines()) == 1
    finally:
        paths.set_profile(None)


def test_ids_only_lists_every_match_in_the_sort_order_without_building_hits(handle) -> None:
    from reader.search.searcher import MAX_LIMIT

    for sort in ("relevance", "date"):
        full = search(handle, "the", limit=MAX_LIMIT, sort=sort)
        listed = search(handle, "the", ids_only=True, sort=sort)
        assert listed.hits == [] and listed.total == full.total
        assert listed.ids == [h.id for h in full.hits]
