"""Exports leave the app: they must read right in other tools and come back without loss.

Markdown (grouping, right-to-left Arabic, escaping), CSV (BOM, Arabic, formula injection),
W3C Web Annotation JSON-LD (round trip, merge by uuid, re-anchoring against a changed corpus,
tolerance of malformed files, checked with hypothesis).
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.ingest.model import UNDATED, DateInfo, Document, Paragraph
from reader.store.annotations import Store
from reader.store.db import open_store
from reader.store.exports import (
    CSV_COLUMNS,
    FSI,
    ORPHANS_HEADING,
    PDI,
    date_label,
    direction_blocks,
    export_bytes,
    export_csv,
    export_markdown,
    locator,
    neutralise_formula,
    paragraph_number,
)
from reader.store.jsonld import (
    ANNO_CONTEXT,
    ImportReport,
    doc_iri,
    from_jsonld,
    import_jsonld,
    is_annotation_document,
    to_jsonld,
)
from reader.store.model import DEFAULT_PALETTE, Annotation
from reader.text.script import direction_of

EN_TEXT = (
    "The ministry said on Tuesday that talks would resume in Baghdad.\n\n"
    "Officials warned that <script>alert('x')</script> & other tricks were not news.\n\n"
    "Observers were cautious about the timetable."
)
AR_TEXT = (
    "قال الرئيس إن المحادثات ستستأنف الأسبوع المقبل في بغداد.\n\n"
    "وأضاف أن الوفد <سيصل> يوم الأحد & سيبقى ثلاثة أيام.\n\n"
    "ولم يعلّق المسؤولون على الجدول الزمني."
)


def make_doc(doc_id: str, text: str, *, source: str = "src.txt", title: str = "T",
             language: str = "en", date: DateInfo = UNDATED) -> Document:
    paragraphs = []
    pos = 0
    for part in text.split("\n\n"):
        paragraphs.append(Paragraph(part, pos, "ar" if direction_of(part) == "rtl" else "en",
                                    direction_of(part)))
        pos += len(part) + 2
    return Document(
        id=doc_id, source=source, segment=int(doc_id.rsplit("#", 1)[-1]), title=title, byline=None,
        outlet=None, date=date, language=language,  # type: ignore[arg-type]
        paragraphs=tuple(paragraphs), original=text, source_span=(0, len(text)),
    )


EN = make_doc("en#01", EN_TEXT, source="en.txt", title="Talks to resume",
              date=DateInfo("2020-03-14", "day", "header", "header line: 14 March 2020"))
AR = make_doc("ar#01", AR_TEXT, source="ar.txt", title="المحادثات تستأنف", language="ar")
DOCS = {d.id: d for d in (EN, AR)}


def span(doc: Document, phrase: str) -> tuple[int, int]:
    start = doc.text.index(phrase)
    return start, start + len(phrase)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = open_store(tmp_path / "annotations.sqlite3", auto_backup=False)
    yield s
    s.close()


@pytest.fixture
def filled(store: Store) -> Store:
    """Two articles: English (dated) and Arabic (undated), with notes, tags and colours."""
    store.add_highlight(EN, *span(EN, "Observers were cautious"), 2, note="later paragraph")
    store.add_highlight(EN, *span(EN, "<script>alert('x')</script>"), 6, note="markup <b>in</b> a note",
                        tags=["odd", "web"])
    store.add_note(EN.id, "Overall: the ministry is *optimistic*.", tags=["summary"])
    store.add_highlight(AR, *span(AR, "الوفد <سيصل> يوم الأحد & سيبقى"), 1,
                        note="ملاحظة: الوفد وصل متأخراً.", tags=["وفد", "iraq"])
    return store


# --------------------------------------------------------------------------------------------
# Markdown


def test_markdown_groups_by_article_notes_first_then_text_order(filled: Store) -> None:
    md = export_markdown(filled.all(), DOCS, filled.palette())
    # Dated article first, then the undated one.
    en_at, ar_at = md.index("## Talks to resume"), md.index('<h2 dir="rtl" lang="ar">المحادثات تستأنف</h2>')
    assert en_at < ar_at
    en_part = md[en_at:ar_at]
    assert "- Date: 2020-03-14 (from the article's header: header line: 14 March 2020)" in en_part
    assert "- Article: `en#01`" in en_part and "- Source: `en.txt`" in en_part
    note_at = en_part.index("**Article note** · #summary")
    script_at = en_part.index("**Question** · ¶ 2 · #odd #web")
    later_at = en_part.index("**Event** · ¶ 3")
    assert note_at < script_at < later_at, "article note first, then highlights in text order"
    assert "Overall: the ministry is \\*optimistic\\*." in en_part, "Markdown in a note stays text"
    assert "> Observers were cautious" in en_part
    ar_part = md[ar_at:]
    assert "- Date: undated" in ar_part
    # An Arabic tag is isolated so that its "#" stays first (issue 14; see test_exports_carried).
    assert f"**Actor** · ¶ 2 · #iraq \u2066#{FSI}وفد{PDI}{PDI}" in ar_part
    assert ORPHANS_HEADING not in md


def test_markdown_wraps_arabic_right_to_left_and_escapes_it(filled: Store) -> None:
    md = export_markdown(filled.all(), DOCS, filled.palette())
    lines = md.splitlines()
    start = lines.index('> <div dir="rtl" lang="ar">')
    assert lines[start + 1] == "> <p>الوفد &lt;سيصل&gt; يوم الأحد &amp; سيبقى</p>"
    assert lines[start + 2] == "> </div>", "no blank line inside the HTML block (it would end it)"
    note = lines.index('<div dir="rtl" lang="ar">')
    assert lines[note + 1] == "<p>ملاحظة: الوفد وصل متأخراً.</p>" and lines[note + 2] == "</div>"


def test_markdown_escapes_markup_from_documents_and_notes(filled: Store) -> None:
    md = export_markdown(filled.all(), DOCS, filled.palette())
    assert "<script>" not in md and "<b>" not in md and "<سيصل>" not in md
    assert "> &lt;script&gt;alert('x')&lt;/script&gt;" in md
    assert "markup &lt;b&gt;in&lt;/b&gt; a note" in md


def test_markdown_multi_paragraph_quote_and_line_start_markup(store: Store) -> None:
    doc = make_doc("mix#01", "# not a heading\n\n1. not a list\n\nقال الرئيس: نعم.\n\n- dash")
    store.add_highlight(doc, 0, len(doc.text), 8)
    md = export_markdown(store.all(), {doc.id: doc})
    quote = [line for line in md.splitlines() if line.startswith(">")]
    assert quote == [
        "> \\# not a heading", ">", "> 1\\. not a list", ">",
        '> <div dir="rtl" lang="ar">', "> <p>قال الرئيس: نعم.</p>", "> </div>", ">", "> \\- dash",
    ]


def test_markdown_lists_orphans_last_with_their_quote(filled: Store) -> None:
    changed = make_doc("ar#01", AR_TEXT.replace("الوفد <سيصل>", "البعثة"), source="ar.txt",
                       title=AR.title, language="ar")
    report = filled.reanchor([EN, changed])
    assert report.orphaned == 1
    md = export_markdown(filled.all(), {EN.id: EN, changed.id: changed}, filled.palette())
    orphans = md.index(f"## {ORPHANS_HEADING}")
    assert md.index("## Talks to resume") < orphans
    tail = md[orphans:]
    assert "الوفد &lt;سيصل&gt; يوم الأحد &amp; سيبقى" in tail
    assert 'From: <span dir="rtl" lang="ar">المحادثات تستأنف</span> `ar#01`' in tail
    assert '<h2 dir="rtl"' not in md, "the orphan's article has no other notes: no article section"


def test_date_label_says_where_the_date_came_from() -> None:
    assert date_label(None).startswith("unknown")
    body = dataclasses.replace(EN, date=DateInfo("2020-04", "month", "body", 'mentions "April 2020"'))
    assert date_label(body) == '2020-04 (inferred from dates in the text: mentions "April 2020")'
    arabic = dataclasses.replace(EN, date=DateInfo("2020-03-14", "day", "header", "السبت 14 آذار 2020"))
    assert date_label(arabic) == f"2020-03-14 (from the article's header: {FSI}السبت 14 آذار 2020{PDI})"
    floor = dataclasses.replace(EN, date=DateInfo(None, None, "none", "", not_before="2018"))
    assert date_label(floor) == "undated (not before 2018)"


# --------------------------------------------------------------------------------------------
# CSV


def read_csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(codecs.BOM_UTF8), "Excel needs the BOM to read UTF-8"
    return list(csv.DictReader(io.StringIO(data[len(codecs.BOM_UTF8):].decode("utf-8"), newline="")))


def test_csv_has_bom_columns_and_arabic_intact(filled: Store) -> None:
    data = export_csv(filled.all(), DOCS, filled.palette())
    rows = read_csv(data)
    assert tuple(rows[0].keys()) == CSV_COLUMNS
    assert len(rows) == 4
    ar = next(r for r in rows if r["doc_id"] == "ar#01")
    assert ar["quote"] == "الوفد <سيصل> يوم الأحد & سيبقى"
    assert ar["title"] == "المحادثات تستأنف" and ar["language"] == "ar" and ar["article_date"] == ""
    assert ar["tags"] == "iraq;وفد" and ar["colour"] == "1" and ar["colour_label"] == "Actor"
    start, end = span(AR, "الوفد <سيصل> يوم الأحد & سيبقى")
    assert (ar["start"], ar["end"], ar["state"]) == (str(start), str(end), "anchored")
    note = next(r for r in rows if r["quote"] == "")
    assert note["colour"] == "" and note["start"] == "" and note["tags"] == "summary"
    assert rows[0]["article_date"] == "2020-03-14"


def test_csv_neutralises_formulas(store: Store) -> None:
    doc = make_doc("f#01", "=HYPERLINK(\"http://x\",\"y\") and @SUM(A1) and +cmd and -2+3 and -5 here")
    store.add_highlight(doc, 0, doc.text.index(" and @"), 1, note="@SUM(A1:A9)", tags=["=1+1"])
    store.add_note(doc.id, "-2+3")
    store.add_note(doc.id, "-5")
    rows = read_csv(export_csv(store.all(), {doc.id: doc}))
    cells = [cell for row in rows for cell in row.values()]
    assert "'=HYPERLINK(\"http://x\",\"y\")" in cells and "'@SUM(A1:A9)" in cells and "'=1+1" in cells
    assert "'-2+3" in cells and "-5" in cells, "a plain number is not a formula"
    assert not any(c.startswith(("=", "+", "@")) for c in cells)
    assert neutralise_formula("\t=1") == "'\t=1" and neutralise_formula("plain") == "plain"


# --------------------------------------------------------------------------------------------
# JSON-LD


def comparable(annotations: list[Annotation]) -> list[Annotation]:
    return sorted((dataclasses.replace(a, id=None) for a in annotations), key=lambda a: a.uuid)


def test_jsonld_shape_follows_the_web_annotation_model(filled: Store) -> None:
    data = to_jsonld(filled.all(), DOCS, filled.palette())
    assert data["@context"][0] == ANNO_CONTEXT and data["type"] == "AnnotationCollection"
    items = data["first"]["items"]
    assert data["total"] == len(items) == 4
    h = next(i for i in items if i["target"]["corpusReader:docId"] == "ar#01")
    assert h["type"] == "Annotation" and h["motivation"] == "highlighting"
    assert h["id"].startswith("urn:uuid:")
    assert h["target"]["source"] == "corpus-reader:doc/ar%2301" == doc_iri("ar#01")
    assert h["target"]["corpusReader:sourceFile"] == "ar.txt"
    quote, position = h["target"]["selector"]
    assert quote["type"] == "TextQuoteSelector" and quote["exact"] == "الوفد <سيصل> يوم الأحد & سيبقى"
    assert position["type"] == "TextPositionSelector" and position["corpusReader:offsetUnit"] == "codepoint"
    assert AR.text[position["start"]:position["end"]] == quote["exact"]
    purposes = {b["purpose"]: b for b in h["body"] if b["purpose"] != "tagging"}
    assert purposes["commenting"]["value"] == "ملاحظة: الوفد وصل متأخراً."
    assert purposes["commenting"]["language"] == "ar" and purposes["commenting"]["format"] == "text/plain"
    assert purposes["classifying"]["value"] == "Actor" and purposes["classifying"]["corpusReader:colour"] == 1
    assert sorted(b["value"] for b in h["body"] if b["purpose"] == "tagging") == ["iraq", "وفد"]
    note = next(i for i in items if "selector" not in i["target"])
    assert note["motivation"] == "commenting"
    json.dumps(data)  # plain JSON all the way down


def test_jsonld_round_trip_gives_equal_annotations(filled: Store) -> None:
    changed = make_doc("en#01", "Inserted first.\n\n" + EN_TEXT, source="en.txt", title=EN.title)
    filled.reanchor([changed, AR])  # some "moved" state must survive the trip too
    annotations = filled.all()
    assert {a.state for a in annotations} == {"anchored", "moved"}
    text = json.dumps(to_jsonld(annotations, DOCS, filled.palette()), ensure_ascii=False)
    problems: list[str] = []
    assert comparable(from_jsonld(json.loads(text), problems)) == comparable(annotations)
    assert problems == []
    assert comparable(from_jsonld(text)) == comparable(annotations), "JSON text is accepted too"


def test_positions_are_code_points_not_utf16_units(store: Store) -> None:
    doc = make_doc("emoji#01", "😀😀 then the words that matter.")
    a = store.add_highlight(doc, *span(doc, "the words"), 3)
    item = to_jsonld([a], {doc.id: doc})["first"]["items"][0]
    position = item["target"]["selector"][1]
    assert (position["start"], position["end"]) == (8, 17)  # UTF-16 would say 10, 19


def test_import_twice_adds_nothing_and_matches_the_app(tmp_path: Path, filled: Store) -> None:
    data = to_jsonld(filled.all(), DOCS, filled.palette())
    with open_store(tmp_path / "other.sqlite3", auto_backup=False) as other:
        first = import_jsonld(other, data, DOCS)
        assert first == ImportReport(added=4)
        seq = other.change_seq()
        second = import_jsonld(other, json.dumps(data), list(DOCS.values()))
        assert second == ImportReport(0, 0, 4, 0, ())
        assert other.change_seq() == seq, "the second import changed nothing"
        assert len(other.all(include_deleted=True)) == 4
        assert comparable(other.all()) == comparable(filled.all()), "same as made in the app"
        assert "4 unchanged" in second.summary()


def test_import_updates_only_from_a_newer_copy(tmp_path: Path, filled: Store) -> None:
    data = to_jsonld(filled.all(), DOCS)
    with open_store(tmp_path / "other.sqlite3", auto_backup=False) as other:
        import_jsonld(other, data, DOCS)
        item = data["first"]["items"][0]
        item["modified"] = "2999-01-01T00:00:00Z"
        item["body"] = [{"type": "TextualBody", "purpose": "commenting", "value": "edited elsewhere"}]
        report = import_jsonld(other, data, DOCS)
        assert (report.added, report.updated, report.unchanged) == (0, 1, 3)
        assert other.get(item["id"].removeprefix("urn:uuid:")).note == "edited elsewhere"


def test_import_reanchors_against_the_current_corpus(tmp_path: Path, filled: Store) -> None:
    """Moved text is found again; text that is gone becomes an orphan, never other words."""
    data = to_jsonld(filled.all(), DOCS)
    en_now = make_doc("en#01", "A new lead paragraph was added.\n\n" + EN_TEXT.replace(
        "Observers were cautious", "Observers were upbeat"), source="en.txt", title=EN.title)
    # The Arabic file was re-segmented: the article is now #02 of the same source file.
    ar_now = make_doc("ar#02", AR_TEXT, source="ar.txt", title=AR.title, language="ar")
    current = [en_now, ar_now]
    with open_store(tmp_path / "other.sqlite3", auto_backup=False) as other:
        report = import_jsonld(other, data, current)
        assert (report.added, report.orphaned, report.moved) == (4, 1, 2)
        texts = {d.id: d.text for d in current}
        for a in other.all():
            if a.anchor is None:
                continue
            if a.state == "orphan":
                assert a.anchor.quote == "Observers were cautious" and a.note == "later paragraph"
            else:
                assert a.state == "moved"
                assert texts[a.anchor.doc_id][a.anchor.start:a.anchor.end] == a.anchor.quote
        moved_ar = next(a for a in other.all() if a.anchor and "الوفد" in a.anchor.quote)
        assert moved_ar.doc_id == moved_ar.anchor.doc_id == "ar#02"
        assert [a.uuid for a in other.orphans()] == [
            a.uuid for a in filled.all() if a.anchor and a.anchor.quote == "Observers were cautious"
        ]
        # The store's own re-anchoring agrees with what import decided.
        again = other.reanchor(current)
        assert (again.orphaned, again.changed) == (1, ())


def test_import_keeps_highlights_of_other_corpora_as_exported(tmp_path: Path, filled: Store) -> None:
    data = to_jsonld(filled.all(), DOCS)
    with open_store(tmp_path / "other.sqlite3", auto_backup=False) as other:
        report = import_jsonld(other, data, [EN])
        assert (report.added, report.elsewhere, report.orphaned) == (4, 1, 0)
        ar = next(a for a in other.all() if a.doc_id == "ar#01")
        exported = next(a.anchor for a in filled.all() if a.doc_id == "ar#01")
        assert ar.state == "anchored" and ar.anchor == exported


def good_item(**changes: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": "urn:uuid:5a0a2a3e-9d5c-4c2e-8a41-3a4a0c6f7b10",
        "type": "Annotation",
        "motivation": "highlighting",
        "created": "2024-01-02T03:04:05Z",
        "modified": "2024-01-02T03:04:05Z",
        "body": [{"type": "TextualBody", "purpose": "commenting", "value": "a note"}],
        "target": {"source": doc_iri("en#01"), "selector": [
            {"type": "TextQuoteSelector", "exact": "talks would resume"},
        ]},
    }
    item.update(changes)
    return item


def test_malformed_items_are_reported_not_raised(store: Store) -> None:
    empty_quote = {"source": doc_iri("en#01"), "selector": {"type": "TextQuoteSelector", "exact": ""}}
    page = {"type": "AnnotationPage", "items": [
        good_item(),
        "just a string",
        good_item(id=None),
        good_item(type="Note"),
        good_item(target={"source": "http://example.org/page"}),
        good_item(target={"source": doc_iri("en#01"), "selector": {"type": "TextPositionSelector",
                                                                    "start": 1, "end": 5}}),
        good_item(id="urn:uuid:00000000-0000-4000-8000-000000000001",
                  target=empty_quote),
        good_item(id="urn:uuid:00000000-0000-4000-8000-000000000002", body="http://example.org/body"),
    ]}
    data = {"@context": ANNO_CONTEXT, "type": "AnnotationCollection", "first": page}
    problems: list[str] = []
    parsed = from_jsonld(data, problems)
    assert [a.uuid for a in parsed] == ["5a0a2a3e-9d5c-4c2e-8a41-3a4a0c6f7b10",
                                        "00000000-0000-4000-8000-000000000002"]
    assert len(problems) == 6 and problems[0].startswith("item 2:")
    assert parsed[0].colour == DEFAULT_PALETTE[-1].slot, "a colourless highlight gets 'Other'"
    report = import_jsonld(store, data, DOCS)
    assert (report.added, len(report.problems)) == (2, 6)
    placed = store.get(parsed[0].uuid)
    assert placed is not None and placed.state == "moved" and placed.anchor is not None
    assert EN.text[placed.anchor.start:placed.anchor.end] == "talks would resume"
    assert "not valid JSON" in " ".join(_problems_of("{nope"))
    assert _problems_of([]) == []
    assert not is_annotation_document({"hello": "world"}) and not is_annotation_document("42")


def _problems_of(data: Any) -> list[str]:
    problems: list[str] = []
    assert from_jsonld(data, problems) == []
    return problems


def test_foreign_ids_get_stable_uuids_and_other_shapes_are_read() -> None:
    foreign = good_item(id="https://example.org/annotations/17")
    one = from_jsonld(foreign)
    assert len(one) == 1 and from_jsonld([foreign])[0].uuid == one[0].uuid
    page = {"type": "AnnotationPage", "items": [foreign]}
    assert from_jsonld(page)[0].uuid == one[0].uuid
    assert from_jsonld(good_item(body=None, bodyValue="short note"))[0].note == "short note"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=5)
    | st.dictionaries(st.text(max_size=10), children, max_size=5),
    max_leaves=30,
)
KEYS = ["id", "type", "target", "body", "bodyValue", "selector", "source", "exact", "prefix", "suffix",
        "start", "end", "purpose", "value", "created", "modified", "items", "first", "next",
        "corpusReader:colour", "corpusReader:docId", "corpusReader:state", "corpusReader:offsetUnit"]
TYPES = ["Annotation", "AnnotationPage", "AnnotationCollection", "TextQuoteSelector",
         "TextPositionSelector", "TextualBody"]
shaped_values = st.recursive(
    st.none() | st.integers(-3, 300) | st.sampled_from(TYPES) | st.text(max_size=12)
    | st.just(doc_iri("en#01")) | st.just("talks would resume") | st.just("urn:uuid:not-a-uuid"),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(KEYS), children, max_size=6),
    max_leaves=40,
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(json_values, shaped_values))
def test_from_jsonld_never_raises_on_random_json(data: Any) -> None:
    problems: list[str] = []
    for a in from_jsonld(data, problems) + from_jsonld({"type": "AnnotationCollection",
                                                       "first": {"items": [data, good_item()]}}, problems):
        assert isinstance(a, Annotation) and a.uuid
        if a.anchor is not None:
            assert a.anchor.quote and 0 <= a.anchor.start < a.anchor.end
            assert a.colour in {c.slot for c in DEFAULT_PALETTE}
        else:
            assert a.colour is None
    assert all(isinstance(p, str) for p in problems)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=st.lists(st.one_of(shaped_values, st.builds(good_item)), max_size=6))
def test_import_never_raises_on_random_items(store: Store, items: list[Any]) -> None:
    report = import_jsonld(store, {"type": "AnnotationPage", "items": items}, DOCS)
    assert report.total + len(report.problems) >= 0
    for a in store.all():
        if a.anchor is not None and a.state != "orphan" and a.doc_id in DOCS:
            assert DOCS[a.doc_id].text[a.anchor.start:a.anchor.end] == a.anchor.quote


def test_bundled_corpus_arabic_highlight_round_trip(tmp_path: Path, bundled_corpus) -> None:
    docs = {d.id: d for d in bundled_corpus.documents}
    doc = next(d for d in bundled_corpus.documents if d.language == "ar")
    paragraph = doc.paragraphs[1]
    with open_store(tmp_path / "a.sqlite3", auto_backup=False) as one:
        one.add_highlight(doc, paragraph.start, paragraph.start + 40, 3, note="نص عربي", tags=["ar"])
        data = json.loads(json.dumps(to_jsonld(one.all(), docs, one.palette()), ensure_ascii=False))
        md = export_markdown(one.all(), docs, one.palette())
        original = one.all()
    assert f"> <p>{paragraph.text[:40]}</p>" in md or "&" in paragraph.text[:40]
    with open_store(tmp_path / "b.sqlite3", auto_backup=False) as two:
        assert import_jsonld(two, data, bundled_corpus.documents).added == 1
        assert comparable(two.all()) == comparable(original)


def test_undated_items_import_once(store: Store) -> None:
    """Without ``modified`` a copy can never be shown to be newer: re-importing must not "update"."""
    item = good_item()
    del item["created"], item["modified"]
    assert import_jsonld(store, [item], DOCS).added == 1
    seq = store.change_seq()
    assert import_jsonld(store, [item], DOCS) == ImportReport(unchanged=1)
    assert store.change_seq() == seq


# --------------------------------------------------------------------------------------------
# Locators (¶ N), per-line direction, and the one function the CLI and the app write through


def test_locator_is_the_paragraph_where_the_highlight_starts(filled: Store) -> None:
    by_quote = {a.anchor.quote if a.anchor else "": a for a in filled.all()}
    assert locator(by_quote["Observers were cautious"], EN) == "¶ 3"
    assert locator(by_quote["<script>alert('x')</script>"], EN) == "¶ 2"
    assert paragraph_number(by_quote["الوفد <سيصل> يوم الأحد & سيبقى"], AR) == 2
    assert locator(by_quote[""], EN) == "", "an article note has no place in the text"
    assert locator(by_quote["Observers were cautious"], None) == "", "an article not in the corpus"
    # Across a paragraph break: the paragraph it starts in.
    across = filled.add_highlight(EN, EN_TEXT.index("Baghdad"), EN_TEXT.index(" & other"), 1)
    assert locator(across, EN) == "¶ 1"
    # The text changed and the offsets no longer cover the quote: no locator rather than a wrong one.
    rewritten = make_doc("en#01", "Three new words.\n\n" + EN_TEXT, source="en.txt", title=EN.title)
    assert locator(by_quote["Observers were cautious"], rewritten) == ""


def test_orphans_get_no_locator_and_csv_gives_the_paragraph(filled: Store) -> None:
    changed = make_doc("ar#01", AR_TEXT.replace("الوفد <سيصل>", "البعثة"), source="ar.txt",
                       title=AR.title, language="ar")
    filled.reanchor([EN, changed])
    docs = {EN.id: EN, changed.id: changed}
    orphan = next(a for a in filled.all() if a.state == "orphan")
    assert locator(orphan, changed) == ""
    rows = {r["quote"]: r for r in read_csv(export_csv(filled.all(), docs, filled.palette()))}
    assert rows["Observers were cautious"]["paragraph"] == "3"
    assert rows["<script>alert('x')</script>"]["paragraph"] == "2"
    assert rows[""]["paragraph"] == "" and rows["الوفد <سيصل> يوم الأحد & سيبقى"]["paragraph"] == ""
    md = export_markdown(filled.all(), docs, filled.palette())
    assert "**Actor** · #iraq" in md, "the orphan's meta line has no ¶"


def test_each_line_of_a_note_takes_its_own_direction(store: Store) -> None:
    note = "Who said it?\nقال الرئيس إن الأمر خطير.\n2020\n\nNATO ثم فقرة ثانية بالعربية."
    assert direction_blocks(note) == [
        ("Who said it?", False),
        ("قال الرئيس إن الأمر خطير.\n2020", True),  # a date goes with the line before it
        ("NATO ثم فقرة ثانية بالعربية.", True),  # Arabic by majority, though it starts in Latin
    ]
    store.add_note(EN.id, note)
    lines = export_markdown(store.all(), DOCS).splitlines()
    # An Arabic note (by most of its letters): one block saying so, the English line its own.
    at = lines.index('<div dir="rtl" lang="ar">')
    assert lines[at + 1 : at + 5] == [
        '<p dir="ltr" lang="en">Who said it?</p>', "<p>قال الرئيس إن الأمر خطير.<br>2020</p>",
        "<p>NATO ثم فقرة ثانية بالعربية.</p>", "</div>",
    ]


def test_export_bytes_writes_every_text_format(filled: Store) -> None:
    annotations, palette = filled.all(), filled.palette()
    markdown = export_markdown(annotations, DOCS, palette)
    assert export_bytes("md", annotations, DOCS, palette) == markdown.encode("utf-8")
    assert export_bytes("csv", annotations, DOCS, palette) == export_csv(annotations, DOCS, palette)
    saved = [{"id": "urn:uuid:1", "type": "corpusReader:SavedSearch", "name": "x", "query": "y"}]
    data = json.loads(export_bytes("json", annotations, DOCS, palette, saved_searches=saved))
    assert data["total"] == 4 and data["corpusReader:savedSearches"] == saved
    assert comparable(from_jsonld(data)) == comparable(annotations)
    with pytest.raises(ValueError, match="unknown export format"):
        export_bytes("pdf", annotations, DOCS, palette)


def test_quotes_from_paged_sources_are_cited_with_page_and_paragraph(store: Store) -> None:
    """Issue 15: a PDF's quote says "p. N" in every export that prints locators."""
    from dataclasses import replace

    from reader.store.exports import CSV_COLUMNS, locator

    doc = make_doc("report#01", "First paragraph here.\n\nSecond one.\n\nThe third paragraph quoted.")
    paged = replace(doc, paragraphs=tuple(replace(p, page=10 + i // 2) for i, p in enumerate(doc.paragraphs)))
    start, end = span(paged, "third paragraph")
    made = store.add_highlight(paged, start, end, colour=1)
    a = store.get(made.uuid)
    assert locator(a, paged) == "p. 11, ¶ 3"
    assert locator(a, doc) == "¶ 3", "no pages, no page"
    assert "p. 11, ¶ 3" in export_markdown([a], {doc.id: paged})
    [row] = read_csv(export_csv([a], {doc.id: paged}))
    assert list(row) == list(CSV_COLUMNS) and (row["paragraph"], row["page"]) == ("3", "11")


def test_a_web_pages_address_travels_with_its_notes(store: Store) -> None:
    """Issue 15: a saved page's URL is exported with the notes, as text (never a live link)."""
    from dataclasses import replace

    doc = replace(make_doc("page#01", "A paragraph from a saved web page."),
                  url="https://example.org/news/2020/01/a-story")
    start, end = span(doc, "saved web page")
    a = store.get(store.add_highlight(doc, start, end, colour=2).uuid)
    markdown = export_markdown([a], {doc.id: doc})
    assert "- Address: `https://example.org/news/2020/01/a-story`" in markdown
    [row] = read_csv(export_csv([a], {doc.id: doc}))
    assert row["url"] == "https://example.org/news/2020/01/a-story"
