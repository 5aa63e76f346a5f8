"""The splitter against a hand-labelled reading of seed 001 (tests/data/001_truth.json)."""

from __future__ import annotations

import json

import pytest

from reader.ingest.lines import fold_for_compare
from tests.conftest import DATA

TRUTH = json.loads((DATA / "001_truth.json").read_text(encoding="utf-8"))


def _first_line(doc, source_text: str) -> int:
    """1-based source line of the article's first non-blank line."""
    start = doc.source_span[0]
    while start < len(source_text) and source_text[start].isspace():
        start += 1
    return source_text.count("\n", 0, start) + 1


@pytest.fixture(scope="module")
def docs(bundled_corpus):
    return [d for d in bundled_corpus.documents if d.source == TRUTH["source"]]


@pytest.fixture(scope="module")
def predicted(docs, bundled_corpus):
    text = bundled_corpus.sources[TRUTH["source"]]
    return {_first_line(d, text): d for d in docs}


def test_boundaries_precision_and_recall(predicted):
    truth = {a["line"] for a in TRUTH["articles"]}
    found = set(predicted)
    hits = len(truth & found)
    precision, recall = hits / len(found), hits / len(truth)
    print(f"\narticle boundaries in 001: precision {precision:.3f}, recall {recall:.3f} "
          f"({hits} of {len(truth)} true, {len(found)} predicted)")
    assert precision == 1.0
    assert recall == 1.0


def test_titles_and_languages_match_a_careful_reader(predicted):
    for article in TRUTH["articles"]:
        doc = predicted.get(article["line"])
        if doc is None:
            continue
        assert fold_for_compare(doc.title) == fold_for_compare(article["title"]), article["line"]
        assert doc.language == article["language"], doc.id


def test_dates_are_right_or_honestly_absent(predicted):
    for article in TRUTH["articles"]:
        doc = predicted.get(article["line"])
        if doc is None:
            continue
        assert doc.date.value == article["date"], (doc.id, doc.date)
        assert doc.date.source == article["date_source"], (doc.id, doc.date)
        if doc.date.source in ("header", "body"):
            assert doc.date.evidence


def test_outlets_and_bylines(predicted):
    for article in TRUTH["articles"]:
        doc = predicted.get(article["line"])
        if doc is None:
            continue
        if article.get("outlet"):
            assert doc.outlet == article["outlet"], doc.id
        if "byline" in article:
            assert doc.byline == article["byline"], doc.id


def test_repeated_article_is_marked_duplicate(predicted):
    for article in TRUTH["articles"]:
        doc = predicted[article["line"]]
        if "duplicate_of_line" in article:
            assert doc.duplicate_of == predicted[article["duplicate_of_line"]].id
        else:
            assert doc.duplicate_of is None, doc.id
