"""The concordance core: every occurrence as a KWIC line, sorted, filtered and exported safely.

What a researcher relies on: every match of every matching article is listed (the same articles as
search finds, spellings and aliases included), each line says where it is and in which direction it
reads, contexts never run into the next paragraph, and exports open in Excel (BOM) and a browser
without running anything found in an article.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from reader import paths
from reader.ingest.corpus import Corpus
from reader.ingest.model import UNDATED, DateInfo, Document, Paragraph
from reader.search.concordance import (
    KwicLine,
    export_lines,
    filter_lines,
    kwic_for_text,
    lines_to_csv,
    lines_to_html,
    lines_to_markdown,
    open_concordance,
    sort_lines,
)
from reader.search.searcher import search
from reader.search.service import open_index
from reader.text.script import direction_of

ALIASES = """group,alias,kind
Hezbollah,Hezbollah,group
Hezbollah,Hizballah,group
Hezbollah,حزب الله,group
"""


def make_doc(doc_id: str, text: str, *, title: str = "", date: str | None = None, language: str = "en",
             duplicate_of: str | None = None) -> Document:
    paragraphs = []
    pos = 0
    for para in text.split("\n\n"):
        lang = "ar" if direction_of(para) == "rtl" else "en"
        paragraphs.append(Paragraph(para, pos, lang, "rtl" if lang == "ar" else "ltr"))  # type: ignore[arg-type]
        pos += len(para) + 2
    precision = None if date is None else {4: "year", 7: "month", 10: "day"}[len(date)]
    info = DateInfo(date, precision, "header", "test") if date else UNDATED  # type: ignore[arg-type]
    return Document(
        id=doc_id, source=f"{doc_id.split('#')[0]}.txt", segment=1, title=title or doc_id, byline=None,
        outlet=None, date=info, language=language, paragraphs=tuple(paragraphs),  # type: ignore[arg-type]
        original=text, source_span=(0, len(text)), duplicate_of=duplicate_of,
    )


DOCS = [
    make_doc("en1#01", "Hezbollah fighters crossed the border.\n\nLater, Hezbollah said the drones returned. "
             "A Hizballah statement followed.", title="Border clash", date="2020-01-05"),
    make_doc("en2#01", "Analysts doubt that Hezbollah will respond (or that anyone will).",
             title="<b>Analysis</b> & <script>alert(1)</script>", date="2020-03-14"),
    make_doc("ar1#01", "قال الرئيس إن حزب الله سيرد على الهجوم.\n\nوأكد حزب الله ذلك.", title="تصريح",
             date="2020-02-20", language="ar"),
    make_doc("mx1#01", "The Hezbollah (حزب الله) spokesman spoke.\n\nوقال المتحدث باسم حزب الله إن Hezbollah "
             "لن ترد.", title="Mixed", language="mixed"),
    make_doc("dup1#01", "Hezbollah fighters crossed the border.\n\nLater, Hezbollah said the drones "
             "returned. A Hizballah statement followed.", title="Copy", date="2020-01-05",
             duplicate_of="en1#01"),
    make_doc("en3#01", "=HYPERLINK(\"http://x\") Hezbollah | pipes * and _marks_", title="-minus",
             date="2019"),
]
DOCS_BY_ID = {d.id: d for d in DOCS}


@pytest.fixture(scope="module")
def handle(tmp_path_factory: pytest.TempPathFactory):
    base = tmp_path_factory.mktemp("concordance")
    paths.set_profile(base / "profile")
    root = base / "corpus"
    root.mkdir()
    (root / "aliases.csv").write_text(ALIASES, encoding="utf-8")
    corpus = Corpus(root=root, documents=list(DOCS), skipped=[],
                    file_states={d.source: f"state-{d.id}" for d in DOCS})
    h = open_index(corpus)
    yield h
    h.close()
    paths.set_profile(None)


def lines_of(handle, query: str, **opts) -> list[KwicLine]:
    conc = open_concordance(handle, query, documents=DOCS_BY_ID, **opts)
    return conc.all_lines()


# ----------------------------------------------------------------------------- every occurrence


def test_every_match_of_every_matching_article_is_listed_once(handle) -> None:
    lines = lines_of(handle, "Hezbollah")
    response = search(handle, "Hezbollah", limit=100)
    assert {ln.doc_id for ln in lines} == {h.id for h in response.hits}
    assert len(lines) == sum(len(h.matches) for h in response.hits)
    assert "dup1#01" not in {ln.doc_id for ln in lines}  # a duplicate shows once, as in search
    for ln in lines:
        assert DOCS_BY_ID[ln.doc_id].text[ln.start:ln.end] == ln.match
    # Aliases count: the Arabic spelling and Hizballah are occurrences of the name.
    assert {"حزب الله", "Hizballah", "Hezbollah"} <= {ln.match for ln in lines}


def test_lines_stream_in_date_order_with_undated_last(handle) -> None:
    conc = open_concordance(handle, "Hezbollah", documents=DOCS_BY_ID)
    first = next(iter(conc.lines()))
    assert first.doc_id == "en3#01"  # 2019
    order = list(dict.fromkeys(ln.doc_id for ln in conc.lines()))
    assert order == ["en3#01", "en1#01", "ar1#01", "en2#01", "mx1#01"]
    batches = list(conc.batches(2))
    assert sum(len(b) for b in batches) == len(conc.all_lines())
    assert list(conc.lines(cancel=lambda: True)) == []


def test_arabic_and_mixed_lines_have_their_own_direction(handle) -> None:
    lines = lines_of(handle, "حزب الله")
    ar = [ln for ln in lines if ln.doc_id == "ar1#01"]
    assert [ln.direction for ln in ar] == ["rtl", "rtl"]
    assert ar[0].left == "قال الرئيس إن" and ar[0].right == "سيرد على الهجوم."
    assert ar[1].paragraph == 1 and ar[1].left == "وأكد" and ar[1].right == "ذلك."
    mixed = [ln for ln in lines if ln.doc_id == "mx1#01"]
    # The English paragraph gives left-to-right lines, the Arabic one right-to-left lines.
    assert {(ln.paragraph, ln.direction) for ln in mixed} == {(0, "ltr"), (1, "rtl")}
    assert {ln.line_language for ln in mixed} == {"en", "ar"}


def test_filters_of_search_apply(handle) -> None:
    assert {ln.doc_id for ln in lines_of(handle, "Hezbollah", lang="ar")} == {"ar1#01"}
    assert {ln.doc_id for ln in lines_of(handle, "Hezbollah", date_from="2020-02", date_to="2020-03")} == {
        "ar1#01", "en2#01"}
    assert {ln.doc_id for ln in lines_of(handle, "Hezbollah date:2019")} == {"en3#01"}
    assert {ln.doc_id for ln in lines_of(handle, "Hezbollah NOT drones")} == {
        "en2#01", "ar1#01", "mx1#01", "en3#01"}


def test_a_query_of_only_not_gives_the_articles_without_the_word_and_says_why_there_are_no_lines(
        handle) -> None:
    conc = open_concordance(handle, "NOT drones", documents=DOCS_BY_ID)
    without = {d.id for d in DOCS if "drone" not in d.text and not d.duplicate_of}
    assert set(conc.doc_ids()) == without == {h.id for h in search(handle, "NOT drones", limit=100).hits}
    assert conc.all_lines() == [] and list(conc.batches()) == []
    assert conc.note == ("“NOT drones” only leaves words out: it matches the 4 articles without them, and a "
                         "word that is not there has no occurrence to show in context.")
    # A date filter alone selects the articles search lists, and says the same kind of thing.
    dated = open_concordance(handle, "date:2020", documents=DOCS_BY_ID)
    assert dated.articles == search(handle, "date:2020").total == 3
    assert dated.note is not None and dated.note.startswith("“date:2020” names no word")
    # A query with a word to show has lines and no note.
    mixed = open_concordance(handle, "Hezbollah NOT drones", documents=DOCS_BY_ID)
    assert mixed.note is None and mixed.all_lines()


def test_a_minus_word_leaves_the_word_out_as_not_does(handle) -> None:
    assert set(open_concordance(handle, "-drones", documents=DOCS_BY_ID).doc_ids()) == set(
        open_concordance(handle, "NOT drones", documents=DOCS_BY_ID).doc_ids())


@pytest.mark.parametrize("query", ["", "   ", "NOT AND ", "(((", "*", "\"unclosed", "a.*b[", "\udcff*", "~~"])
def test_hostile_queries_never_raise(handle, query: str) -> None:
    conc = open_concordance(handle, query, documents=DOCS_BY_ID)
    lines = conc.all_lines()
    assert isinstance(lines, list)


def test_regex_characters_in_the_text_are_plain_text() -> None:
    text = "a.*b (Hezbollah)+ [x]"
    start = text.index("Hezbollah")
    [line] = kwic_for_text(text, [(start, start + 9)])
    assert (line.left, line.match, line.right) == ("a.*b (", "Hezbollah", ")+ [x]")


# ----------------------------------------------------------------------------- context extraction


def test_contexts_at_text_edges_and_paragraph_breaks() -> None:
    text = "Taji\n\nThe base at Taji was hit.\n\nTaji"
    spans = [(0, 4), (text.index("Taji", 5), text.index("Taji", 5) + 4), (len(text) - 4, len(text))]
    first, middle, last = kwic_for_text(text, spans)
    assert (first.left, first.right, first.paragraph) == ("", "", 0)
    assert (middle.left, middle.right, middle.paragraph) == ("The base at", "was hit.", 1)
    assert (last.left, last.right, last.paragraph) == ("", "", 2)
    assert kwic_for_text(text, [(-5, 0), (50, 60)]) == []  # spans outside the text are dropped


def test_context_is_cut_at_a_word_and_whitespace_collapsed() -> None:
    text = "alpha beta   gamma\tdelta MATCH epsilon zeta eta theta"
    s = text.index("MATCH")
    [line] = kwic_for_text(text, [(s, s + 5)], context=12)
    assert line.left == "gamma delta"  # "a   gamma\tdelta " cut after the partial word, spaces collapsed
    assert line.right == "epsilon"  # " epsilon zet" cut before the partial word
    assert line.left_word == "delta" and line.right_word == "epsilon"


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("ab حز\n.«»🚀"), max_size=80),
    st.integers(min_value=0, max_value=90),
    st.integers(min_value=0, max_value=10),
    st.integers(min_value=1, max_value=40),
)
def test_context_is_a_whitespace_collapsed_piece_of_its_paragraph(text: str, start: int, length: int,
                                                                   width: int) -> None:
    lines = kwic_for_text(text, [(start, start + length)], context=width)
    s, e = max(0, start), min(len(text), start + length)
    if e <= s:
        assert lines == []
        return
    assume("\n" not in text[s:e])  # matches are words: never in or across a paragraph break
    [line] = lines
    assert (line.start, line.end) == (s, e)
    para_start = text.rfind("\n\n", 0, s + 1)
    para_start = 0 if para_start == -1 else para_start + 2
    para_end = text.find("\n\n", s)
    para_end = len(text) if para_end == -1 else para_end
    collapse = lambda t: " ".join(t.split())  # noqa: E731
    assert len(line.left) <= width and len(line.right) <= width
    assert "\n" not in line.left + line.right
    if line.left:
        assert collapse(text[para_start:s]).endswith(collapse(line.left)) or line.left.strip() == ""
    if line.right:
        assert collapse(text[e:para_end] if para_end > e else "").startswith(collapse(line.right))


# ----------------------------------------------------------------------------- sorting and filtering


def _line(doc: str, left: str, right: str, date: str | None = None, lang: str = "en",
          title: str = "") -> KwicLine:
    return KwicLine(doc, title or doc, date, lang, 0, 0, 1, left, "M", right,
                    "rtl" if lang == "ar" else "ltr", lang)


def test_sort_by_context_words_date_and_article() -> None:
    lines = [
        _line("c", "the Zebra", "apple pie", "2020-03", title="Beta"),
        _line("a", "an apple", "zoo", None, title="alpha"),
        _line("b", "", "Mango", "2019", title="Gamma"),
        _line("d", "قال الرئيس", "إن", "2020-01", "ar", title="تصريح"),
    ]
    assert [ln.doc_id for ln in sort_lines(lines, "left")] == ["a", "c", "d", "b"]  # empty context last
    assert [ln.doc_id for ln in sort_lines(lines, "right")] == ["c", "b", "a", "d"]
    assert [ln.doc_id for ln in sort_lines(lines, "date")] == ["b", "d", "c", "a"]  # undated last
    assert [ln.doc_id for ln in sort_lines(lines, "article")] == ["a", "c", "b", "d"]
    with pytest.raises(ValueError):
        sort_lines(lines, "score")


def test_arabic_sort_words_are_folded() -> None:
    a = _line("x", "قال الرَّئِيسُ", "", lang="ar")
    b = _line("y", "قال الرئيس", "", lang="ar")
    c = _line("z", "قال أحمد", "", lang="ar")
    ordered = sort_lines([a, c, b], "left")
    assert [ln.doc_id for ln in ordered][:1] == ["z"]  # أحمد (folded ا) before الرئيس
    assert {ln.doc_id for ln in ordered[1:]} == {"x", "y"}  # vowelled and plain sort together


def test_language_filter_keeps_lines_in_that_language() -> None:
    lines = [_line("a", "x", "y"), _line("b", "س", "ص", lang="ar")]
    assert [ln.doc_id for ln in filter_lines(lines, "ar")] == ["b"]
    assert [ln.doc_id for ln in filter_lines(lines, "en")] == ["a"]
    assert len(filter_lines(lines, None)) == 2 and len(filter_lines(lines, "all")) == 2


# ----------------------------------------------------------------------------- exports


def test_csv_has_a_bom_every_field_and_defuses_formulas(handle, tmp_path: Path) -> None:
    lines = lines_of(handle, "Hezbollah")
    data = lines_to_csv(lines)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data[3:].decode("utf-8"))))
    assert len(rows) == len(lines)
    arabic = next(r for r in rows if r["id"] == "ar1#01")
    assert arabic["match"] == "حزب الله" and arabic["direction"] == "rtl" and arabic["paragraph"] == "1"
    formula = next(r for r in rows if r["id"] == "en3#01")
    assert formula["left"].startswith("'=HYPERLINK")  # a spreadsheet shows it, does not run it
    assert formula["title"] == "'-minus"
    path = export_lines(tmp_path / "out.csv", lines)
    assert path.read_bytes() == data


def test_html_escapes_everything_and_sets_direction(handle) -> None:
    page = lines_to_html(lines_of(handle, "Hezbollah"), query="<Hezbollah>").decode("utf-8")
    assert "<script>" not in page and "<b>Analysis" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;Hezbollah&gt;" in page
    assert '<tr dir="rtl">' in page and '<tr dir="ltr">' in page
    assert page.startswith("<!DOCTYPE html>")


def test_markdown_escapes_pipes_and_markup(handle) -> None:
    md = lines_to_markdown(lines_of(handle, "Hezbollah")).decode("utf-8")
    rows = [r for r in md.splitlines() if r.startswith("| ")]
    header = rows[0].count(" | ")
    assert all(r.replace("\\|", "").count(" | ") == header for r in rows)  # no cell broke out of its column
    assert "\\<b\\>Analysis\\</b\\>" in md
    assert "**حزب الله**" in md


def test_export_refuses_a_missing_folder_and_unknown_formats(handle, tmp_path: Path) -> None:
    lines = lines_of(handle, "Hezbollah")
    with pytest.raises(OSError):
        export_lines(tmp_path / "missing" / "out.csv", lines)
    with pytest.raises(ValueError):
        export_lines(tmp_path / "out.docx", lines)
    assert export_lines(tmp_path / "out.md", lines).read_text(encoding="utf-8").startswith("|")
    assert "<table>" in export_lines(tmp_path / "out.html", lines).read_text(encoding="utf-8")


def test_lines_are_json_ready(handle) -> None:
    line = lines_of(handle, "حزب الله")[0]
    data = json.loads(json.dumps(line.to_json(), ensure_ascii=False))
    assert set(data) == {"id", "title", "date", "language", "line_language", "paragraph", "start", "end",
                         "left", "match", "right", "direction"}


# ----------------------------------------------------------------------------- CLI


def test_cli_search_kwic_json_lists_all_occurrences(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    from reader.cli import main

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    body = " ".join(f"A drone hit target {i}." for i in range(60))  # 60 matches: more than a hit's 50 lines
    (corpus / "a.txt").write_text(f"Drone strikes\nSaturday, 04 April 2020\n\n{body}\n", encoding="utf-8")
    (corpus / "b.txt").write_text("Another drone\nSunday, 05 April 2020\n\nThe drone flew.\n",
                                  encoding="utf-8")
    profile = str(tmp_path / "profile")
    try:
        assert main(["search", "drone", str(corpus), "--kwic", "--json", "--limit", "1",
                     "--profile", profile]) == 0
        data = json.loads(capsys.readouterr().out)
        assert len(data["hits"]) == 1 and data["total"] == 2  # the top hit only...
        assert data["occurrence_total"] == len(data["occurrences"]) > 60  # ...but every occurrence
        assert main(["search", "drone", str(corpus), "--json", "--profile", profile]) == 0
        plain = json.loads(capsys.readouterr().out)
        assert len(data["occurrences"]) == sum(len(h["matches"]) for h in plain["hits"])
        assert {o["id"] for o in data["occurrences"]} == {h["id"] for h in plain["hits"]}
        first = data["occurrences"][0]
        assert {"id", "left", "match", "right", "start", "end", "direction", "paragraph"} <= set(first)
        assert first["match"].lower().startswith("drone")
        out_csv = tmp_path / "lines.csv"
        assert main(["search", "drone", str(corpus), "--kwic", "--csv", str(out_csv), "--kwic-sort", "right",
                     "--profile", profile]) == 0
        captured = capsys.readouterr()
        assert f"{data['occurrence_total']} occurrences in 2 articles" in captured.out
        assert out_csv.read_bytes().startswith(b"\xef\xbb\xbf")
        assert main(["search", "drone", str(corpus), "--csv", str(out_csv), "--profile", profile]) == 2
        assert "use it with --kwic" in capsys.readouterr().err
        # Without --kwic the JSON contract is unchanged.
        assert main(["search", "drone", str(corpus), "--json", "--profile", profile]) == 0
        plain = json.loads(capsys.readouterr().out)
        assert "occurrences" not in plain and "occurrence_total" not in plain and plain["hits"]
    finally:
        paths.set_profile(None)


def test_cli_kwic_json_of_a_not_query_lists_the_articles_without_the_word_and_no_occurrence(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from reader.cli import main

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Drone strikes\nSaturday, 04 April 2020\n\nA drone hit.\n",
                                  encoding="utf-8")
    (corpus / "b.txt").write_text("Oil prices\nSunday, 05 April 2020\n\nOil rose.\n", encoding="utf-8")
    (corpus / "c.txt").write_text("Budget\nMonday, 06 April 2020\n\nThe budget passed.\n", encoding="utf-8")
    try:
        assert main(["search", "NOT drone", str(corpus), "--kwic", "--json", "--profile",
                     str(tmp_path / "profile")]) == 0
    finally:
        paths.set_profile(None)
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == 2 and {h["title"] for h in data["hits"]} == {"Oil prices", "Budget"}
    assert all(h["match_count"] == 0 and h["score"] >= 0 for h in data["hits"])
    assert data["occurrences"] == [] and data["occurrence_total"] == 0
    assert "only leaves words out" in data["occurrences_note"]
    try:
        assert main(["search", "-drone", str(corpus), "--kwic", "--profile", str(tmp_path / "profile")]) == 0
    finally:
        paths.set_profile(None)
    out = capsys.readouterr().out
    assert out.startswith("2 articles match") and "only leaves words out" in out
    assert "0 occurrences" not in out


# ----------------------------------------------------------------------------- bilingual


def test_counterparts_give_the_aligned_paragraph_of_the_paired_translation(handle) -> None:
    from reader.search.concordance import Counterparts
    from reader.search.query import parse_query

    en = make_doc("p-en#01", "Rockets hit Camp Taji on 11 March 2020.\n\nTwo soldiers were killed.\n\n"
                  "The United States blamed Kata'ib Hezbollah.")
    ar = make_doc("p-ar#01", "سقطت صواريخ على معسكر التاجي في 11 آذار 2020.\n\nقُتل جنديان.\n\n"
                  "واتهمت الولايات المتحدة كتائب حزب الله.", language="ar")
    lonely = make_doc("x#01", "Nothing to pair.")
    docs = {d.id: d for d in (en, ar, lonely)}
    counterparts = Counterparts(docs, [("p-ar#01", "p-en#01"), ("p-en#01", "missing#01")])
    assert counterparts.partner("p-en#01") == "p-ar#01" and counterparts.partner("x#01") is None
    third = counterparts.paragraph_for("p-en#01", 2)
    assert third is not None and third.doc_id == "p-ar#01" and third.paragraphs == (2,)
    assert third.text.startswith("واتهمت") and third.direction == "rtl"
    back = counterparts.paragraph_for("p-ar#01", 0)
    assert back is not None and back.text.startswith("Rockets") and back.direction == "ltr"
    assert counterparts.paragraph_for("x#01", 0) is None
    assert counterparts.paragraph_for("p-en#01", 99) is None
    assert not Counterparts(docs, [])
    # Centred on the query's name in the other script (the alias group has both spellings).
    terms = parse_query("Hezbollah", aliases=handle.aliases).terms_for_highlight
    centred = counterparts.line_for("p-en#01", 2, terms)
    assert centred is not None and centred.doc_id == "p-ar#01" and centred.direction == "rtl"
    assert (centred.left, centred.match, centred.right) == ("واتهمت الولايات المتحدة كتائب", "حزب الله", ".")
    assert counterparts.line_for("p-en#01", 0, terms) is None  # the name is not in that paragraph
    assert counterparts.bead("p-en#01", 1) == (1,) and counterparts.bead("x#01", 0) == (0,)


def test_the_fast_path_finds_exactly_what_match_spans_finds(tmp_path_factory: pytest.TempPathFactory) -> None:
    from reader.search.concordance import _SpanFinder
    from reader.search.query import parse_query
    from reader.search.searcher import match_spans

    texts = [
        "Oil prices rose. The oil minister spoke of oils and soil; toil is not oil's word.",
        "OIL exports fell.\n\nNo oil here? Yes: oil, Oil, oil-rich and spoil.",
        "Kata'oil is one token; an oil well is another. Oilfield workers.",
        "Nothing about it.",
        "قالت الحكومة إن الحُكُومَةَ والحكومات وبالحكومة ولِلحكومة تحكم.",
        "الحـكومة الحكومة ، حكومة الحكومةُ؟",
        "Hezbollah and Hizballah; حزب الله قال وحزب الدعوة. Kata'ib Hezbollah and the حزبُ اللهِ.",
        "The oil minister met the Oil  Minister; an oil\n\nminister is not one.",
    ] * 3
    # Titles are indexed with the text (the index counts their words) but are not part of it.
    titles = ["Oil and Hezbollah", "", "الحكومة", "oil oil oil"]
    docs = [make_doc(f"o{i}#01", t, date=f"2020-0{1 + i % 9}", title=titles[i % 4] or f"o{i}")
            for i, t in enumerate(texts)]
    base = tmp_path_factory.mktemp("fast")
    paths.set_profile(base / "profile")
    try:
        root = base / "corpus"
        root.mkdir()
        corpus = Corpus(root=root, documents=docs, skipped=[], file_states={d.source: d.id for d in docs})
        h = open_index(corpus)
        try:
            by_id = {d.id: d for d in docs}
            # The reader corrected some titles since indexing: word added, word removed.
            import dataclasses

            corrected = {d.id: dataclasses.replace(d, title="Oil" if i % 4 == 1 else "none")
                         for i, d in enumerate(docs)}
            queries = ("oil", "الحكومة", "oil OR الحكومة", "Hezbollah", "حزب الله", '"oil minister"',
                       "Hizballah OR oil")
            cases = [(q, by_id) for q in queries] + [("oil", corrected), ("Hezbollah", corrected)]
            for query, by_id_now in cases:
                conc = open_concordance(h, query, documents=by_id_now)
                lines = conc.all_lines()
                terms = parse_query(query, aliases=h.aliases).terms_for_highlight
                expected = [(d.id, s) for d in docs for s in match_spans(d.text, terms)[0]]
                assert sorted((ln.doc_id, (ln.start, ln.end)) for ln in lines) == sorted(expected), query
                finder = conc._finder
                assert lines, query
                assert isinstance(finder, _SpanFinder) and finder.fast_hits > 0, query  # the fast path ran
        finally:
            h.close()
    finally:
        paths.set_profile(None)


def test_minus_means_not_only_at_the_start_of_a_word_outside_quotes() -> None:
    from reader.search.query import minus_as_not

    assert minus_as_not('Iraq -Hezbollah -"Kataib Hezbollah"') == 'Iraq NOT Hezbollah NOT "Kataib Hezbollah"'
    assert minus_as_not('al-Sadr "foo -bar" 2020-03 x - y') == 'al-Sadr "foo -bar" 2020-03 x - y'
