"""Importing W3C Web Annotation from other tools: every shape the model allows, placed in the corpus.

The files under tests/data/annotations/ are what a colleague's tool would write about articles of
the bundled corpus: by plain article id, by a ``file://`` URI of their own copy, by the web address
the page came from, or by an address this corpus does not know (then the quote is searched).
What the user gets is checked in the store: the article, the quote at its offsets, the note, its
language, the tags, how it was matched, and why an orphan is one. Hostile files (100 MB, nested
thousands deep, wrong types everywhere, huge strings) are one sentence or a skipped item each.
"""

from __future__ import annotations

import dataclasses
import functools
import io
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
from reader.store.incoming import MAX_TEXT_CHARS, bounded
from reader.store.jsonld import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    from_jsonld,
    import_notes,
    plan_import,
    read_notes_bytes,
    read_notes_path,
    to_jsonld,
)
from reader.store.model import Annotation
from tests.conftest import CORPUS

DATA = Path(__file__).resolve().parent.parent / "data" / "annotations"
EN = "003_dca753b7094c4e72#01"
AR = "003_dca753b7094c4e72-ar#01"
HEADLINE_PAGE = "001_ff668e2db0ba1b04#08"  # its scraped page starts with the page's URL on a line


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


def load(name: str) -> Any:
    return read_notes_path(DATA / name)


def placed(a: Annotation, docs: dict[str, Document]) -> str:
    """The article text at the stored offsets: what the reading pane would highlight."""
    assert a.anchor is not None and a.state != "orphan"
    return docs[a.anchor.doc_id].text[a.anchor.start : a.anchor.end]


def by_imported_id(store: Store, suffix: str) -> Annotation:
    return next(a for a in store.all() if str(a.extra.get("imported_id", "")).endswith(suffix))


def test_a_standard_annotation_on_a_plain_article_id_attaches_exactly(
    store: Store, docs, bundled_corpus
) -> None:
    report = import_notes(store, load("w3c-plain-id.jsonld"), docs, corpus_root=bundled_corpus.root)
    assert (report.added, report.orphaned, report.fuzzy, report.problems) == (1, 0, 0, ())
    [a] = store.all()
    assert a.doc_id == EN and a.state == "anchored" and a.anchor_score is None
    quote = "a paramilitary group part of the Iraqi Popular Mobilization Forces"
    assert placed(a, docs) == a.anchor.quote == quote
    assert a.note.startswith("PMU membership") and (a.language, a.direction) == ("en", "ltr")
    assert a.tags == ["PMU"] and a.colour is not None, "a highlight gets a colour ('Other')"
    assert a.extra["matched_by"] == "article id"
    assert a.extra["creator"] == {"id": "https://annotations.example.edu/users/rkhalil", "type": "Person",
                                  "name": "R. Khalil"}, "fields without a column are kept"
    assert a.extra["imported_id"] == "https://annotations.example.edu/iraq-project/anno/41"
    again = import_notes(store, load("w3c-plain-id.jsonld"), docs, corpus_root=bundled_corpus.root)
    assert (again.added, again.unchanged) == (0, 1), "a second import adds nothing"


def test_a_file_uri_of_a_colleagues_copy_finds_the_arabic_article(store: Store, docs, bundled_corpus) -> None:
    report = import_notes(store, load("w3c-file-uri.jsonld"), docs, corpus_root=bundled_corpus.root)
    assert report.added == 1 and report.problems == ()
    [a] = store.all()
    assert a.doc_id == AR and a.extra["matched_by"] == "source file"
    assert placed(a, docs) == "فصيل شبه عسكري منضوٍ تحت مظلة قوات الحشد الشعبي"
    assert (a.language, a.direction) == ("ar", "rtl") and a.tags == ["الحشد الشعبي"]
    assert a.created == "2024-04-02T13:45:10.000000Z", "times are stored in UTC"


def test_a_path_inside_the_corpus_relative_or_absolute_names_the_file(docs, bundled_corpus) -> None:
    item = json.loads((DATA / "w3c-file-uri.jsonld").read_text(encoding="utf-8"))
    inside = Path(bundled_corpus.root) / "003_dca753b7094c4e72-ar.txt"
    for source in ("003_dca753b7094c4e72-ar.txt", str(inside), inside.as_uri()):
        item["target"]["source"] = source
        [note] = plan_import(item, docs, corpus_root=bundled_corpus.root).notes
        assert (note.outcome, note.annotation.doc_id) == ("exact", AR), source


def test_a_web_address_unknown_here_is_attached_by_its_quote(store: Store, docs, bundled_corpus) -> None:
    report = import_notes(store, load("w3c-web-url.jsonld"), docs, corpus_root=bundled_corpus.root)
    assert (report.added, report.fuzzy, report.orphaned, report.problems) == (3, 2, 0, ())
    english = by_imported_id(store, "7b9d0e1f2a34")
    assert english.doc_id == EN
    assert placed(english, docs) == "US airstrikes Sunday targeted locations in Anbar"
    assert english.extra["matched_by"] == "quote search" and 0.9 <= english.anchor_score <= 1
    # Arabic written without hamza and with case endings: found on folded text; the article's own
    # spelling is stored (the quote is always the text at the offsets), the imported one is kept.
    arabic = by_imported_id(store, "1e0f9a8b7c6d")
    assert arabic.doc_id == "000_6e14188510fd6a63-ar#01"
    stored = "أسفرت هجمات الجيش الأميركي على قاعدة لكتائب حزب الله العراقية"
    assert placed(arabic, docs) == arabic.anchor.quote == stored
    assert arabic.extra["imported_quote"] == "اسفرت هجمات الجيش الاميركي على قاعدة لكتائبِ حزبِ الله العراقية"
    assert 0 < arabic.anchor_score < 1 and arabic.note == "قارن بالرواية الأميركية للهجوم."
    # The address the scraper wrote above the page (another spelling of it) names the article.
    by_url = by_imported_id(store, "a5b4c3d2e1f0")
    assert by_url.doc_id == HEADLINE_PAGE and by_url.extra["matched_by"] == "web address"
    assert by_url.anchor_score is None


def test_a_collection_with_pages_every_selector_and_body_shape(store: Store, docs, bundled_corpus) -> None:
    report = import_notes(store, load("w3c-collection.jsonld"), docs, corpus_root=bundled_corpus.root)
    assert (report.added, report.orphaned) == (5, 1), report
    assert len(report.problems) == 1 and "item 6: its creation time 'not a date'" in report.problems[0]
    refined = by_imported_id(store, "/anno/101")  # target list; FragmentSelector refinedBy a quote
    assert placed(refined, docs) == "killing 27 and injuring 51"
    assert refined.extra["matched_by"] == "source file"
    assert refined.note == "Casualty figures match the Arabic version.", "a Choice body: its first item"
    assert refined.tags == ["casualties"] and refined.extra["linked_bodies"] == [
        "https://vocab.example.edu/terms/casualty-count"]
    ranged = by_imported_id(store, "/anno/102")  # RangeSelector: up to where the end quote begins
    assert placed(ranged, docs).startswith("According to the US, the strikes were in response")
    assert ranged.anchor.quote.endswith("military bases ") and "over the past" not in ranged.anchor.quote
    position_only = by_imported_id(store, "/anno/103")
    assert position_only.state == "orphan" and position_only.anchor is None and position_only.doc_id == EN
    assert "only a position (characters 0 to 48)" in position_only.extra["orphan_reason"]
    assert position_only.extra["text_at_position"] == "US airstrikes Sunday targeted locations in Anbar"
    tagging = by_imported_id(store, "/anno/104")
    assert tagging.tags == ["airstrikes", "Anbar"] and tagging.note == ""
    page_note = by_imported_id(store, "/anno/105")
    assert page_note.anchor is None and page_note.doc_id == EN and page_note.state == "anchored"


def test_missing_and_ambiguous_targets_become_orphans_that_keep_everything(store: Store, docs) -> None:
    missing = {"id": "https://tool.example/a/1", "type": "Annotation", "created": "2024-01-01T00:00:00Z",
               "bodyValue": "on a page we do not have", "rights": "CC-BY",
               "target": {"source": "https://elsewhere.example/page",
                          "selector": {"type": "TextQuoteSelector", "exact": "words no article of ours has"}}}
    ambiguous = {**missing, "id": "https://tool.example/a/2",
                 "target": {"source": "https://elsewhere.example/page",
                            "selector": {"type": "TextQuoteSelector", "exact": "Kata’ib Hezbollah"}}}
    report = import_notes(store, [missing, ambiguous], docs)
    assert (report.added, report.orphaned, report.ambiguous) == (2, 1, 1)
    gone = by_imported_id(store, "/a/1")
    assert gone.state == "orphan" and gone.anchor.quote == "words no article of ours has"
    assert gone.extra["orphan_reason"] == (
        "Its page (https://elsewhere.example/page) is not an article of this corpus, and its quote is in "
        "none of the articles of this corpus.")
    assert gone.extra["original"]["rights"] == "CC-BY" and gone.note == "on a page we do not have"
    both = by_imported_id(store, "/a/2")
    assert both.state == "orphan"
    assert both.extra["orphan_reason"].startswith("Its quote appears in 6 articles")
    assert EN in both.extra["candidates"]
    # The store's own re-anchoring leaves them alone: they never land on a guess later.
    assert store.reanchor(list(docs.values())).skipped == 2
    assert {a.state for a in store.all()} == {"orphan"}


def test_the_plan_is_the_dry_run_and_writes_nothing(store: Store, docs, bundled_corpus) -> None:
    seq = store.change_seq()
    plan = plan_import(load("w3c-web-url.jsonld"), docs, corpus_root=bundled_corpus.root, store=store)
    assert store.change_seq() == seq and store.all() == []
    counts = plan.counts()
    got = (counts["exact"], counts["fuzzy"], counts["ambiguous"], counts["orphan"], counts["new"])
    assert got == (1, 2, 0, 0, 3)
    import_notes(store, load("w3c-web-url.jsonld"), docs)
    again = plan_import(load("w3c-web-url.jsonld"), docs, store=store).counts()
    assert (again["new"], again["unchanged"]) == (0, 3)


def test_our_export_round_trips_its_new_fields_exactly(store: Store, docs) -> None:
    doc = docs[EN]
    start = doc.text.index("killing 27")
    a = store.add_highlight(doc, start, start + len("killing 27"), 2, note="ملاحظة قصيرة")
    store.import_annotation(dataclasses.replace(
        a, uuid="7f0c1e8a-2b3d-4e5f-8a9b-0c1d2e3f4a5b", anchor_score=0.87, carried_from=a.uuid,
        extra={"orphan_reason": "x", "original": {"uri": "https://example.org", "n": [1, 2.5, None]}}))
    data = json.loads(json.dumps(to_jsonld(store.all(), docs)))
    item = next(i for i in data["first"]["items"] if i["id"].endswith("3f4a5b"))
    assert item["corpusReader:anchorScore"] == 0.87 and item["corpusReader:carriedFrom"] == a.uuid
    commenting = next(b for b in item["body"] if b["purpose"] == "commenting")
    assert (commenting["language"], commenting["textDirection"]) == ("ar", "rtl")
    problems: list[str] = []
    back = from_jsonld(data, problems)
    key = lambda x: x.uuid  # noqa: E731
    assert problems == [] and sorted((dataclasses.replace(x, id=None) for x in back), key=key) == sorted(
        (dataclasses.replace(x, id=None) for x in store.all()), key=key)


# --------------------------------------------------------------------------------------------
# Hostile files


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_100_mb_file_is_refused_before_it_is_read(capsys, tmp_path: Path) -> None:
    huge = tmp_path / "huge.json"
    with huge.open("wb") as f:  # valid JSON: a hundred megabytes of spaces around an empty list
        f.write(b" " * (100 * 1024 * 1024) + b"[]")
    code, out, err = run_cli(capsys, "notes", "import", str(huge))
    assert code == 2 and out == "" and "Traceback" not in err
    assert err.strip() == ("corpus-reader: huge.json is 105 MB, larger than a notes file can be (64 MB); "
                           "it was not read.")
    assert not default_db_path().exists(), "nothing was written"


class Endless(io.RawIOBase):
    """A pipe or a device that never ends (``/dev/zero`` given as the file, or piped in)."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        buffer[:] = b" " * len(buffer)
        return len(buffer)


def test_an_endless_stream_is_read_only_up_to_the_limit() -> None:
    with pytest.raises(ValueError, match=r"^standard input is \d+ MB, larger than a notes file can be"):
        read_notes_bytes(io.BufferedReader(Endless()), "standard input")
    assert MAX_FILE_BYTES == 64 * 1024 * 1024


@pytest.mark.parametrize("nested", [b"[" * 100_000 + b"]" * 100_000,
                                    b'{"target":' * 70 + b'"x"' + b"}" * 70])
def test_deep_nesting_is_one_sentence(capsys, tmp_path: Path, nested: bytes) -> None:
    deep = tmp_path / "deep.json"
    deep.write_bytes(nested)
    code, out, err = run_cli(capsys, "notes", "import", "--dry-run", str(deep))
    assert code == 2 and out == "" and "Traceback" not in err
    assert err.strip() == ("corpus-reader: deep.json is not a notes file: its JSON is nested more than "
                           f"{MAX_DEPTH} levels deep.")


def test_deep_structures_that_parse_do_not_recurse(docs) -> None:
    """Nesting under the file limit (built in memory, as a caller could) is walked with bounds."""
    deep: Any = {"type": "TextQuoteSelector", "exact": "killing 27 and injuring 51"}
    for _ in range(5_000):
        deep = {"type": "FragmentSelector", "refinedBy": deep}
    item = {"id": "urn:x:deep", "type": "Annotation", "bodyValue": "deep",
            "target": {"source": EN, "selector": deep}}
    body: Any = "x"
    for _ in range(5_000):
        body = [body]
    item["rights"] = body
    plan = plan_import([item], docs)
    [note] = plan.notes
    assert note.annotation.anchor is None or note.annotation.anchor.quote != "", "nothing raised"
    assert "…" in json.dumps(note.annotation.extra["rights"], ensure_ascii=False), "kept, cut short"
    assert len(json.dumps(bounded(body))) < 200


def test_wrong_types_everywhere_skip_their_items_with_a_reason(capsys, tmp_path: Path) -> None:
    code, out, err = run_cli(capsys, "notes", "import", str(DATA / "wrong-types.json"),
                             "--profile", str(tmp_path / "p"))
    assert code == 0 and "Traceback" not in err, err
    assert out.startswith("Imported 0 annotations") and "15 problems" in out
    skipped = [line for line in err.splitlines() if line.startswith("  skipped item ")]
    assert len(skipped) == 15
    assert "  skipped item 8: quote is not text" in skipped
    assert "  skipped item 14: its tags are not a list of words" in skipped


def test_huge_strings_skip_their_item_and_the_rest_imports(docs) -> None:
    good = json.loads((DATA / "w3c-plain-id.jsonld").read_text(encoding="utf-8"))
    long_note = {**good, "id": "urn:x:long", "bodyValue": "x" * (MAX_TEXT_CHARS + 1)}
    long_source = {**good, "id": "urn:x:url", "target": {"source": "https://e.org/" + "a" * 20_000}}
    long_quote = {**good, "id": "urn:x:quote",
                  "target": {"source": EN,
                             "selector": {"type": "TextQuoteSelector", "exact": "q" * 2_000_000}}}
    plan = plan_import([long_note, good, long_source, long_quote], docs)
    assert [n.annotation.doc_id for n in plan.notes] == [EN]
    assert [p.split(":")[0] for p in plan.problems] == ["item 1", "item 3", "item 4"]
    assert all("longer than" in p for p in plan.problems)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=5)
    | st.dictionaries(st.text(max_size=10), children, max_size=5),
    max_leaves=30,
)
KEYS = ["id", "type", "target", "body", "bodyValue", "selector", "source", "exact", "prefix", "suffix",
        "start", "end", "purpose", "value", "created", "modified", "items", "first", "next", "motivation",
        "refinedBy",
        "startSelector", "endSelector", "scope", "language", "textDirection", "uri", "text", "tags", "rows"]
TYPES = ["Annotation", "AnnotationPage", "AnnotationCollection", "TextQuoteSelector", "TextPositionSelector",
         "RangeSelector", "FragmentSelector", "TextualBody", "Choice", "SpecificResource"]
shaped = st.recursive(
    st.none() | st.integers(-3, 300) | st.sampled_from(TYPES) | st.text(max_size=12)
    | st.sampled_from([EN, AR, "003_dca753b7094c4e72.txt", "file:///x/003_dca753b7094c4e72-ar.txt",
                       "https://english.alahednews.com.lb/52244/269", "killing 27 and injuring 51", "Iraq",
                       "tagging", "commenting", "highlighting"]),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(KEYS), children, max_size=6),
    max_leaves=40,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(json_values, shaped, st.lists(shaped, max_size=5)))
def test_the_importer_never_raises_on_random_json_and_accounts_for_every_item(data: Any) -> None:
    docs = corpus_docs()
    plan = plan_import(data, docs)
    for note in plan.notes:
        a = note.annotation
        assert note.outcome in ("exact", "moved", "fuzzy", "ambiguous", "orphan", "elsewhere")
        if a.anchor is not None and a.state != "orphan" and a.doc_id in docs:
            assert placed(a, docs) == a.anchor.quote, "an attached highlight spans its quote"
        if a.state == "orphan" and note.origin != "Corpus Reader":
            assert a.extra["orphan_reason"].endswith(".") and "original" in a.extra
        json.dumps(a.extra)  # storable
    items = data if isinstance(data, list) else None
    if items is not None:
        assert len(plan.notes) + len(plan.problems) == len(items), "every item: placed, or skipped and why"
