"""Importing Hypothesis annotations (its API's rows and its exports), and the dry run on the command line.

tests/data/annotations/hypothesis-export.json is a search result of six rows about pages of the
bundled corpus's articles, as Hypothesis returns them: a highlight on the page whose address the
scraper kept, one on an address we do not know (found by its quote), an Arabic one whose quote is
spelled without shadda or hamza (found on folded text), a page note on an unknown page (an orphan),
a quote found in six articles (ambiguous: an orphan), and a reply (a note on the article).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader import cli
from reader.ingest.corpus import scan_corpus
from reader.ingest.model import Document
from reader.store.annotations import Store
from reader.store.db import default_db_path, open_store
from reader.store.hypothesis import SHARE_PREFIX, is_row, parse_row
from reader.store.incoming import Bad
from reader.store.jsonld import import_notes, is_annotation_document, plan_import, read_notes_path
from reader.store.model import Annotation
from tests.conftest import CORPUS

DATA = Path(__file__).resolve().parent.parent / "data" / "annotations"
EXPORT = DATA / "hypothesis-export.json"


@functools.cache
def corpus_docs() -> dict[str, Document]:
    """The bundled corpus's articles (module-level, so property tests do not print it on failure)."""
    return {d.id: d for d in scan_corpus(CORPUS).documents}


@pytest.fixture(scope="module")
def docs() -> dict[str, Document]:
    return corpus_docs()


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with open_store(tmp_path / "notes.sqlite3", auto_backup=False) as s:
        yield s


def rows() -> list[dict[str, Any]]:
    return json.loads(EXPORT.read_text(encoding="utf-8"))["rows"]


def by_row(store: Store, hypothesis_id: str) -> Annotation:
    return next(a for a in store.all() if a.extra.get("hypothesis_id") == hypothesis_id)


def test_an_export_of_several_rows_lands_where_each_belongs(store: Store, docs, bundled_corpus) -> None:
    report = import_notes(store, read_notes_path(EXPORT), docs, corpus_root=bundled_corpus.root)
    counts = (report.added, report.fuzzy, report.orphaned, report.ambiguous, report.problems)
    assert counts == (6, 2, 1, 1, ())
    assert "2 placed by a search for their quote" in report.summary()

    first = by_row(store, "Q2nWyBdCEe6lj0M3Ffz0xw")  # its page's URL is the line above the article
    assert first.doc_id == "001_ff668e2db0ba1b04#08" and first.extra["matched_by"] == "web address"
    text = docs[first.doc_id].text
    assert text[first.anchor.start:first.anchor.end] == first.anchor.quote == (
        "the US didn’t spare any effort to continue its hostile military actions in the country")
    assert first.note == "The spokesman frames withdrawal as the *price* of the strikes."
    assert first.tags == ["PMU", "withdrawal"] and first.created == "2024-02-05T10:11:12.345678Z"
    assert first.modified == "2024-02-05T10:15:40.120000Z"
    assert {k: first.extra[k] for k in ("user", "user_name", "group", "link")} == {
        "user": "acct:n.haddad@hypothes.is", "user_name": "Nadia Haddad", "group": "__world__",
        "link": "https://hypothes.is/a/Q2nWyBdCEe6lj0M3Ffz0xw"}
    assert first.extra["title"].startswith("The US Withdrawal from West Asia")

    elsewhere = by_row(store, "R7kPzBdCEe6aX1sYq9m2Lg")
    assert elsewhere.doc_id == "004_bfcb01144a6473e3#01" and elsewhere.extra["matched_by"] == "quote search"
    assert 0.8 <= elsewhere.anchor_score <= 1

    arabic = by_row(store, "S3vLmBdCEe6bQ8tHc1n5Zw")
    assert arabic.doc_id == "004_bfcb01144a6473e3-ar#01"
    assert (arabic.language, arabic.direction) == ("ar", "rtl")
    assert arabic.anchor.quote == "تشنّ فصائل المقاومة العراقية منذ 17 تشرين الأول هجمات"
    assert docs[arabic.doc_id].text[arabic.anchor.start:arabic.anchor.end] == arabic.anchor.quote
    assert arabic.extra["imported_quote"] == "تشن فصائل المقاومة العراقية منذ 17 تشرين الاول هجمات"

    page_note = by_row(store, "T9wQnBdCEe6cR2uJd4p6Ax")
    assert page_note.state == "orphan" and page_note.anchor is None
    assert page_note.doc_id == "https://www.aljazeera.net/news/2020/1/3/iraq-reactions"
    assert page_note.extra["orphan_reason"] == (
        "Its page (https://www.aljazeera.net/news/2020/1/3/iraq-reactions) is not an article of this corpus.")
    assert page_note.extra["original"]["document"] == {"title": ["Iraq reactions"]}, "every field kept"

    ambiguous = by_row(store, "U1xRoBdCEe6dS3vKe5q7By")
    assert ambiguous.state == "orphan" and ambiguous.anchor.quote == "Kata’ib Hezbollah"
    assert len(ambiguous.extra["candidates"]) == 6
    assert "context does not tell" in ambiguous.extra["orphan_reason"]

    reply = by_row(store, "V5ySpBdCEe6eT4wLf6r8Cz")
    assert reply.doc_id == "001_ff668e2db0ba1b04#08" and reply.anchor is None and reply.state == "anchored"
    assert reply.extra["reply_to"] == ["Q2nWyBdCEe6lj0M3Ffz0xw"]

    again = import_notes(store, read_notes_path(EXPORT), docs, corpus_root=bundled_corpus.root)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 6), "ids are stable: nothing doubles"


def test_a_list_of_rows_and_the_apps_export_shape_are_read_too(docs) -> None:
    listed = plan_import(rows(), docs)
    exported = plan_import({"export_date": "2024-03-01", "annotations": rows()}, docs)
    assert len(listed.notes) == len(exported.notes) == 6 and listed.origins == ("Hypothesis",)
    assert [n.annotation.uuid for n in listed.notes] == [n.annotation.uuid for n in exported.notes]
    assert is_annotation_document({"total": 0, "rows": []}) and not is_annotation_document({"rows": 5})


def test_a_row_keeps_a_stable_uuid_and_refuses_what_it_cannot_read() -> None:
    row = rows()[0]
    assert is_row(row) and parse_row(row).uuid == parse_row(dict(row)).uuid
    import uuid as uuidlib

    assert parse_row(row).uuid == str(uuidlib.uuid5(uuidlib.NAMESPACE_URL, SHARE_PREFIX + row["id"]))
    for broken, why in ((dict(row, id=None), "no id"), (dict(row, tags={"a": 1}), "tags are not a list"),
                        (dict(row, created="tomorrow"), "creation time"),
                        (dict(row, text="x" * 1_000_001), "longer than")):
        with pytest.raises(Bad, match=why):
            parse_row(broken)


row_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=15)
    | st.sampled_from(["https://www.english.alahednews.com.lb/52244/269", "TextQuoteSelector",
                       "Kata’ib Hezbollah", "killing 27 and injuring 51", "2024-02-05T10:11:12+00:00"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["id", "uri", "text", "tags", "target", "selector", "type", "exact", "prefix",
                         "suffix", "source", "document", "title", "link", "href", "user", "created",
                         "updated", "rows"]),
        children, max_size=6),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(row_values.map(lambda v: {"id": "r", "uri": "https://e.org/p", "target": v} if not isinstance(
    v, dict) else {"uri": "https://e.org/p", **v}), max_size=5))
def test_the_row_parser_never_raises_on_random_json(items: list[Any]) -> None:
    docs = corpus_docs()
    plan = plan_import({"rows": items}, docs)
    assert len(plan.notes) + len(plan.problems) == len(items)
    for note in plan.notes:
        a = note.annotation
        if a.anchor is not None and a.state != "orphan":
            assert docs[a.doc_id].text[a.anchor.start:a.anchor.end] == a.anchor.quote


# --------------------------------------------------------------------------------------------
# The dry run on the command line


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_dry_run_tells_what_would_happen_and_writes_nothing(capsys) -> None:
    code, out, err = run_cli(capsys, "notes", "import", "--dry-run", str(EXPORT))
    assert code == 0 and "Traceback" not in err, err
    assert not default_db_path().exists(), "no notes file was created"
    assert out.startswith(f"Dry run of {EXPORT}: nothing was written.\n"
                          "6 annotations (Hypothesis) would be imported:")
    for line in ("  2 attach exactly", "  2 attach fuzzily (found by searching their quote, folded)",
                 "  1 ambiguous (their quote is in several places): kept as orphans",
                 "  1 become orphans (article or quote not in this corpus)",
                 "Merging with your notes: 6 new, 0 newer than yours, 0 already here. "
                 "0 items would be skipped."):
        assert line in out.splitlines(), (line, out)
    assert "“تشنّ فصائل المقاومة العراقية منذ 17 تشرين الأول ه…” (quote search, 97%)" in out
    assert "Its page (https://www.aljazeera.net/news/2020/1/3/iraq-reactions) is not an article" in out

    code, out, err = run_cli(capsys, "notes", "import", str(EXPORT))
    assert code == 0 and out.startswith("Imported 6 annotations: 6 added"), err
    code, out, err = run_cli(capsys, "notes", "import", "--dry-run", "--json", str(EXPORT))
    assert code == 0, err
    data = json.loads(out)
    keys = ("dry_run", "total", "exact", "fuzzy", "ambiguous", "orphan", "new", "unchanged")
    assert {k: data[k] for k in keys} == {"dry_run": True, "total": 6, "exact": 2, "fuzzy": 2, "ambiguous": 1,
                                          "orphan": 1, "new": 0, "unchanged": 6}
    arabic = next(n for n in data["notes"] if n["language"] == "ar")
    assert arabic["quote"] == "تشنّ فصائل المقاومة العراقية منذ 17 تشرين الأول هجمات"
    assert arabic["direction"] == "rtl"
    with open_store() as store:
        assert len(store.all()) == 6, "the dry run after the import changed nothing"


def test_an_import_with_json_prints_the_report_as_json(capsys, tmp_path: Path) -> None:
    code, out, err = run_cli(capsys, "notes", "import", "--json", str(DATA / "w3c-collection.jsonld"))
    assert code == 0, err
    report = json.loads(out)
    assert (report["added"], report["orphaned"], report["total"]) == (5, 1, 5)
    assert report["problems"][0].startswith("item 6: its creation time")
    assert "skipped item 6: its creation time" in err
