"""A first search is fast without changing what it finds: the stored alias phrases and the lexicon's forms.

Two things a first (cold) search no longer computes, and what a researcher relies on with them:

* **Stored alias phrases** (``phrases.sqlite`` beside the index, written by the warm-up): where each
  multi-word alias spelling occurs, per index segment. A name search that reads them gives exactly
  the hits, scores, snippets, counts and "why" sentences of the search that checks positions; an
  update (a new segment, deleted articles), a rebuild or a damaged file never makes it give others.
* **Forms from the lexicon**: a hit's words are analysed only when their exact form is one of the
  query's forms in the index. The matches marked are exactly those of analysing every word, on
  hostile text (capitals, apostrophes, possessives, vowel marks alone between words, tatweel,
  invisible joiners, Greek final sigma, dotted I).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from reader import paths
from reader.ingest.corpus import Corpus
from reader.ingest.model import UNDATED, Document, Paragraph
from reader.search import alias_cache, searcher
from reader.search.alias_cache import PHRASES_FILE, PhraseStore, alias_spellings
from reader.search.analysis import WORD_RE, exact_one
from reader.search.query import HighlightTerm, parse_query
from reader.search.searcher import (
    _JOINS,
    _alternation,
    _arrays,
    _bare_alternation,
    _Engine,
    _exact_forms,
    _whole_token_matches,
    highlight_plan,
    lexicon_of,
    scan_spans,
    search,
    warm_up,
)
from reader.search.service import open_index
from reader.text.names import AliasGroup, AliasTable

ALIASES = """group,alias,kind
Popular Mobilization Forces,Popular Mobilization Forces,group
Popular Mobilization Forces,Hashd al-Shaabi,group
Popular Mobilization Forces,al-Hashd al-Shaabi,group
Popular Mobilization Forces,PMF,group
Popular Mobilization Forces,الحشد الشعبي,group
Kata'ib Hezbollah,Kata'ib Hezbollah,group
Kata'ib Hezbollah,Kataib Hizballah,group
Kata'ib Hezbollah,Hezbollah Brigades in Iraq,group
Kata'ib Hezbollah,كتائب حزب الله,group
"""

TEXTS = [
    "The Popular Mobilization Forces and the PMF said the Hashd al-Shaabi would stay. Popular forces.",
    "Kata'ib Hezbollah, Kataib Hizballah and the Hezbollah Brigades in Iraq; hezbollah brigades in Iraq.",
    "قالت قوات الحشد الشعبي إن الحشد الشعبي سيبقى، وكتائب حزب الله تتبنى الهجوم على القاعدة.",
    "al-Hashd al-Shaabi's fighters; AL-HASHD AL-SHAABI; Hashd al Shaabi; the popular mobilization forces.",
    "Nothing about names here: the popular vote, mobilization of forces, brigades of workers.",
    "الحشدُ الشعبيُّ والحشـد الشعبي؛ الحشد ً الشعبي وكتائب حزب الله في العراق",
]
QUERIES = ["Popular Mobilization Forces", "Hashd al-Shaabi", "الحشد الشعبي", "Kataib Hezbollah",
           '"Hezbollah Brigades in Iraq"', "PMF forces", "Kata'ib Hezbollah -PMF"]


def make_doc(doc_id: str, text: str, *, title: str = "", language: str = "en") -> Document:
    para = Paragraph(text, 0, language, "rtl" if language == "ar" else "ltr")
    return Document(id=doc_id, source=f"{doc_id.split('#')[0]}.txt", segment=1, title=title or doc_id,
                    byline=None, outlet=None, date=UNDATED, language=language, paragraphs=(para,),
                    original=text, source_span=(0, len(text)))


def docs_of(texts: list[str], prefix: str = "d") -> list[Document]:
    return [make_doc(f"{prefix}{i:02d}#01", text, language="ar" if "ال" in text[:12] else "en",
                     title="Hashd al-Shaabi statement" if i % 3 == 0 else "")
            for i, text in enumerate(texts)]


def corpus_of(root: Path, documents: list[Document]) -> Corpus:
    return Corpus(root=root, documents=list(documents), skipped=[],
                  file_states={d.source: f"state-{d.id}-{len(d.text)}" for d in documents})


@pytest.fixture
def root(tmp_path: Path) -> Path:
    paths.set_profile(tmp_path / "profile")
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "aliases.csv").write_text(ALIASES, encoding="utf-8")
    yield folder
    paths.set_profile(None)


def forget_generations() -> None:
    """What a new process knows: nothing read from the postings, no stored rows opened."""
    with searcher._GENERATIONS_LOCK:
        searcher._GENERATIONS.clear()


def results(handle) -> list[str]:
    """Everything a search shows, for every query, as a fresh process would compute it."""
    out = []
    for query in QUERIES:
        for opts in ({}, {"sort": "date"}, {"kwic": True}, {"ids_only": True}):
            forget_generations()
            handle.drop_searchers()
            response = search(handle, query, limit=50, **opts)
            payload = response.to_json()
            payload["ids"] = response.ids
            out.append(json.dumps(payload, ensure_ascii=False, sort_keys=True))
    return out


def stored_segments(handle) -> set[str]:
    store = PhraseStore.open(handle.path)
    assert store is not None
    try:
        return {segment for _, _, segment in store.stored()}
    finally:
        store.close()


def current_segments(handle) -> set[str]:
    with handle.ix.reader() as reader:
        return {leaf.segment().segment_id() for leaf, _ in reader.leaf_readers()}


# --------------------------------------------------------------------------------------------
# Stored alias phrases


def test_stored_phrases_give_the_searches_of_checked_positions(root: Path) -> None:
    handle = open_index(corpus_of(root, docs_of(TEXTS * 3)))
    try:
        assert not (handle.path / PHRASES_FILE).exists()
        expected = results(handle)
        warm_up(handle)
        assert (handle.path / PHRASES_FILE).is_file()
        assert stored_segments(handle) == current_segments(handle)
        assert results(handle) == expected
    finally:
        handle.close()


def test_each_stored_spelling_equals_its_checked_positions(root: Path) -> None:
    handle = open_index(corpus_of(root, docs_of(TEXTS * 2)))
    try:
        warm_up(handle)
        forget_generations()
        s = handle.searcher()
        engine = _Engine(s, _arrays(s))
        analyzer = s.schema["content"].analyzer
        spellings = {tuple(t.text for t in analyzer(alias, mode="query"))
                     for alias in alias_spellings(handle.aliases)}
        multi = [w for w in spellings if len(w) > 1]
        assert len(multi) >= 6
        found_any = False
        for fieldname in ("content", "title"):
            field_obj = s.schema[fieldname]
            for words in multi:
                btexts = [field_obj.to_bytes(w) for w in words]
                stored = engine._stored_starts(fieldname, btexts)
                assert stored is not None, (fieldname, words)
                checked = engine._phrase_starts(fieldname, btexts, frozenset())
                assert {d: list(v) for d, v in stored.items()} == {d: list(v) for d, v in checked.items()}
                found_any = found_any or bool(checked)
        assert found_any
    finally:
        handle.close()


def test_a_name_search_after_warm_up_reads_no_positions(root: Path) -> None:
    """The point of storing them: the spellings' positions are not read at all."""
    handle = open_index(corpus_of(root, docs_of(TEXTS * 2)))
    try:
        warm_up(handle)
        forget_generations()
        handle.drop_searchers()
        assert search(handle, "Hashd al-Shaabi").total > 0
        arrays = _arrays(handle.searcher())
        for word in (b"shaabi", b"mobil", b"popular"):
            assert arrays.term_values.get(("content", word)) is None, word
        assert arrays.term_values.get(("starts", "content", (b"hashd", b"al", b"shaabi"))) is not None
    finally:
        handle.close()


def test_new_segments_and_deletions_never_give_stale_hits(root: Path) -> None:
    first = docs_of(TEXTS * 2)
    handle = open_index(corpus_of(root, first))
    try:
        warm_up(handle)
        before = stored_segments(handle)
    finally:
        handle.close()
    # An update: one article gone (its segment keeps it, deleted), one added (a new segment).
    gone = first[0]
    added = make_doc("new#01", "Hashd al-Shaabi and the Popular Mobilization Forces, again.", title="New")
    documents = [d for d in first if d.id != gone.id] + [added]
    handle = open_index(corpus_of(root, documents))
    try:
        assert current_segments(handle) - before, "the update wrote a new segment"
        with_rows = results(handle)  # the stored rows cover the old segments only: positions are checked
        ids = {h.id for h in search(handle, "Hashd al-Shaabi", limit=100).hits}
        assert added.id in ids and gone.id not in ids
        warm_up(handle)
        assert stored_segments(handle) == current_segments(handle)
        assert results(handle) == with_rows
        (handle.path / PHRASES_FILE).unlink()
        assert results(handle) == with_rows
    finally:
        handle.close()


def test_a_rebuild_starts_without_stored_phrases(root: Path) -> None:
    corpus = corpus_of(root, docs_of(TEXTS * 2))
    handle = open_index(corpus)
    try:
        warm_up(handle)
        old = handle.path
        assert (old / PHRASES_FILE).is_file()
        expected = results(handle)
    finally:
        handle.close()
    rebuilt = open_index(corpus, force_rebuild=True)
    try:
        assert rebuilt.path != old
        assert not (rebuilt.path / PHRASES_FILE).exists()
        assert results(rebuilt) == expected
        warm_up(rebuilt)
        assert stored_segments(rebuilt) == current_segments(rebuilt)
        assert results(rebuilt) == expected
    finally:
        rebuilt.close()


@pytest.mark.parametrize("damage", ["garbage", "empty", "other-format", "cut-row"])
def test_a_damaged_store_is_ignored_and_written_again(root: Path, damage: str) -> None:
    handle = open_index(corpus_of(root, docs_of(TEXTS * 2)))
    try:
        expected = results(handle)
        warm_up(handle)
        path = handle.path / PHRASES_FILE
        if damage == "garbage":
            path.write_bytes(b"\x00garbage" * 50)
        elif damage == "empty":
            path.write_bytes(b"")
        else:
            import sqlite3

            db = sqlite3.connect(path)
            if damage == "other-format":
                db.execute("UPDATE meta SET value = '999' WHERE name = 'format'")
            else:  # rows cut short or turned into text
                db.execute("UPDATE phrases SET counts = counts || counts WHERE length(docs) > 0")
                db.execute("UPDATE phrases SET starts = substr(starts, 1, 4) WHERE length(starts) > 4")
            db.commit()
            db.close()
        assert results(handle) == expected
        forget_generations()
        handle.drop_searchers()
        warm_up(handle)
        assert stored_segments(handle) == current_segments(handle)
        assert results(handle) == expected
        s = handle.searcher()
        engine = _Engine(s, _arrays(s))
        assert engine._stored_starts("content", [b"hashd", b"al", b"shaabi"]), "written again, whole"
    finally:
        handle.close()


def test_the_compiled_alias_table_lists_the_same_spellings(root: Path, tmp_path: Path) -> None:
    from reader.text.names import default_alias_files

    table = AliasTable.load(default_alias_files(root))
    path = tmp_path / alias_cache.CACHE_NAME
    alias_cache.write_cache(path, "stamp", table)
    compiled = alias_cache.open_cached(path, "stamp")
    assert compiled is not None
    try:
        assert alias_spellings(compiled) == alias_spellings(table)
        assert "Hashd al-Shaabi" in alias_spellings(table) and "كتائب حزب الله" in alias_spellings(table)
    finally:
        compiled.close()


def test_postings_keep_every_deleted_document(root: Path) -> None:
    """Postings are read with their deleted documents (callers filter them), the first ones too:
    the stored rows, computed before a deletion, must agree with postings read after it."""
    from reader.search.columns import posting_parts

    documents = docs_of(TEXTS * 2)
    handle = open_index(corpus_of(root, documents))
    handle.close()
    handle = open_index(corpus_of(root, documents[1:]))  # d00, the first with "hashd", deleted
    try:
        with handle.ix.reader() as reader:
            [(leaf, _)] = [(leaf, o) for leaf, o in reader.leaf_readers() if leaf.has_deletions()]
            deleted = set(range(leaf.doc_count_all())) - set(leaf.all_doc_ids())
            ids = [d for block, _, _ in posting_parts(leaf, "content", b"hashd") for d in block]
            live = [d for d in leaf.all_doc_ids() if d in set(ids)]
            assert deleted and min(deleted) == 0 and ids[0] == 0
            assert set(ids) == set(live) | {d for d in deleted if d in set(ids)}
            assert ids == sorted(ids)
    finally:
        handle.close()


@pytest.mark.parametrize("gone", ["d00", "d06"])  # the first article with the form, and a later one
def test_exact_and_variant_matchers_never_yield_a_deleted_article(root: Path, gone: str) -> None:
    """Whoosh's own evaluation of ``exact:`` and ``variants:`` terms (their matchers) skips deleted
    articles, as the searcher does: postings are read with them."""
    from reader.search.lexicon import ExactTerm, VariantTerm, form_key

    documents = docs_of(TEXTS * 2)
    open_index(corpus_of(root, documents)).close()
    handle = open_index(corpus_of(root, [d for d in documents if not d.id.startswith(gone)]))
    try:
        with handle.ix.searcher() as s:
            deleted = set(range(s.reader().doc_count_all())) - set(s.reader().all_doc_ids())
            assert deleted
            for query in (ExactTerm("exact", "hashd"), VariantTerm("variants", form_key("hashd"))):
                found = set(s.docs_for_query(query))
                assert found and not found & deleted, query
    finally:
        handle.close()


def test_a_huge_alias_table_is_stored_in_part(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(alias_cache, "MAX_SPELLINGS", 25)
    table = AliasTable([AliasGroup(f"Name {i}", "person", (f"Name {i}", f"Nom {i} bis")) for i in range(40)])
    spellings = alias_spellings(table)
    assert len(spellings) == 25 and spellings[:3] == ["Name 0", "Nom 0 bis", "Name 1"]
    assert alias_spellings(None) == []


# --------------------------------------------------------------------------------------------
# Forms from the lexicon


HOSTILE = [
    "Security forces said security was tight; SECURITY, securities and insecurity are other words.",
    "Kata’ib Hezbollah and Kataib Hezbollah, Kata'ib-Hezbollah's fighters; x''ab ab a'b ab Iraq's",
    "الحكومة والحكومة للحكومة الحُكُومَة الحكـومة حكومات — قالت الحكومة إن القوات الأمنية في بغداد",
    "الحشد ً الشعبي، الحشد الشعبي، الحشد\u200cالشعبي والحشد ـ الشعبي",
    "ΟΔΟΣ οδος İstanbul ISTANBUL istanbul École école e\u0301cole ÉCOLE naïve",
    "drone drones droned DRONE drone-attack drone’s 2020 ٢٠٢٠ Baghdad Bagdad the attack The Attack",
    "popular mobilization forces Popular Mobilisation Forces popular ً mobilization forces",
]


def hostile_terms(handle) -> list[list[HighlightTerm]]:
    out = []
    for query, mode in [("security", {}), ("Kataib Hezbollah", {}), ("الحكومة", {}), ('"الحشد الشعبي"', {}),
                        ("istanbul école οδος", {}), ('"the attack" drones', {}), ("Hashd al-Shaabi", {}),
                        ("Popular Mobilization Forces", {}), ("ab Iraq", {"exact": True}),
                        ("Kataib الحكومة", {"variants": True}), ('"popular mobilization"', {})]:
        parsed = parse_query(query, aliases=handle.aliases, **mode)
        out.append(list(parsed.terms_for_highlight))
    return out


@pytest.mark.parametrize("chunk", [searcher.SCAN_CHUNK, 4])  # 4: phrases run into words not met yet
def test_forms_from_the_lexicon_mark_what_analysing_every_word_marks(root: Path, chunk: int,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(searcher, "SCAN_CHUNK", chunk)
    handle = open_index(corpus_of(root, docs_of(HOSTILE)))
    try:
        lexicon = lexicon_of(handle.searcher().reader())
        for terms in hostile_terms(handle):
            with_forms = highlight_plan(terms, lexicon)
            assert any(plan.forms is not None for plan in with_forms)
            for text in HOSTILE:
                monkeypatch.setattr(searcher, "_SURFACES", {})  # no word met yet
                for _ in range(2):  # words met for the first time, then known
                    expected = scan_spans(text, terms)
                    got = scan_spans(text, highlight_plan(terms, lexicon))
                    assert (got.spans, got.aliases) == (expected.spans, expected.aliases), (terms, text)
        # And through search: every hit's matches are the analysed-word matches of its text.
        for query in ("Hashd al-Shaabi", "الحكومة", '"the attack"', "istanbul école"):
            response = search(handle, query, limit=50)
            assert response.hits
            plan_terms = list(parse_query(query, aliases=handle.aliases).terms_for_highlight)
            for hit in response.hits:
                assert hit.matches == scan_spans(handle.text_of(hit.id), plan_terms).spans
    finally:
        handle.close()


def test_exact_forms_all_at_once_are_each_words_own() -> None:
    words = sorted({w for text in HOSTILE + TEXTS for w in WORD_RE.findall(text)})
    words += ["ΣΟΦΟΣ", "Σ", "İİ", "ﻻ", "ـــ", "ً", "a\u200db", "A'S", "x's's", "ǅemal", "ﬁne", "Straße"]
    assert _exact_forms(words) == [exact_one(w) or "" for w in words]
    assert _exact_forms(words, "\n".join(words)) == [exact_one(w) or "" for w in words]
    assert _exact_forms([]) == []


def test_the_bare_alternation_finds_the_regex_matches() -> None:
    """A first search's hits are scanned with the alternation of their spellings without its
    look-arounds (checked one match at a time): the same matches, where no two joiners meet.
    Random texts of words, joiners (apostrophes, ZWNJ), Arabic marks and separators (seeded)."""
    pieces = ["a", "b", "ab", "A", "a'b", "b\u2019a", "\u0644", "\u0644\u064e", "\u0640", "a\u200cb", "'",
              "\u2019", " ", " ", "-", "."]
    rng = random.Random(13)
    checked = 0
    for _ in range(8_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        tokens = sorted(set(WORD_RE.findall(text)))
        if not tokens or _JOINS.search(text):
            continue
        words = tuple(sorted(rng.sample(tokens, rng.randint(1, len(tokens)))))
        cuts = [0, *(i for i, ch in enumerate(text) if ch in " -."), len(text)]
        pos = rng.choice(cuts)
        end = rng.choice([c for c in cuts if c >= pos])
        expected = [m.span() for m in _alternation(words).finditer(text, pos, end)]
        assert [m.span() for m in _whole_token_matches(_bare_alternation(words), text, pos, end)] == expected
        checked += 1
    assert checked > 4_000
