"""Whoosh analysis: what a researcher's query and the indexed articles turn into."""

from __future__ import annotations

import pickle

import pytest
from whoosh.analysis import Composable, Token
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.highlight import HtmlFormatter, get_text
from whoosh.index import FileIndex
from whoosh.qparser import QueryParser

from reader.search.analysis import (
    CorpusTokenizer,
    analyze,
    exact_analyzer,
    fold_query_text,
    stemmed_analyzer,
    variant_analyzer,
)

VOWELLED = "الرَّئِيسُ"
PLAIN = "الرئيس"


def spans(text: str, analyzer: Composable) -> list[tuple[str, int, int, int]]:
    return [(t.text, t.startchar, t.endchar, t.pos) for t in analyzer(text, chars=True, positions=True)]


class TestTokenizer:
    def test_vowelled_arabic_is_one_token_with_exact_offsets(self) -> None:
        text = f"قال {VOWELLED} اليوم"
        tokens = [(t.text, t.startchar, t.endchar) for t in CorpusTokenizer()(text, chars=True)]
        start = text.index(VOWELLED)
        assert tokens[1] == (VOWELLED, start, start + len(VOWELLED))
        assert len(tokens) == 3

    def test_whoosh_default_would_split_it(self) -> None:
        # The reason CorpusTokenizer exists; if Whoosh ever fixes this the test tells us.
        from whoosh.analysis import RegexTokenizer

        assert len(list(RegexTokenizer()(VOWELLED))) > 1

    def test_apostrophes_inside_words_are_kept_quotes_are_not(self) -> None:
        text = "the 'Kata’ib' of Katai`b"
        assert [t.text for t in CorpusTokenizer()(text)] == ["the", "Kata’ib", "of", "Katai`b"]

    def test_hyphen_splits(self) -> None:
        assert [t.text for t in CorpusTokenizer()("al-Sadr")] == ["al", "Sadr"]

    def test_start_char_and_pos_offsets(self) -> None:
        tokens = CorpusTokenizer()("a b", chars=True, positions=True, start_pos=5, start_char=10)
        assert [(t.pos, t.startchar, t.endchar) for t in tokens] == [(5, 10, 11), (6, 12, 13)]


class TestStemmedAnalyzer:
    def test_vowelled_query_token_equals_unvowelled(self) -> None:
        a = stemmed_analyzer()
        assert analyze(VOWELLED, a) == analyze(PLAIN, a) == analyze("رئيس", a)

    def test_offsets_cover_the_vowelled_surface(self) -> None:
        text = f"{VOWELLED} و Kata’ib"
        got = spans(text, stemmed_analyzer())
        assert got[0][1:3] == (0, len(VOWELLED))
        assert text[got[2][1] : got[2][2]] == "Kata’ib"
        assert [g[3] for g in got] == [0, 1, 2]

    @pytest.mark.parametrize("spelling", ["Kata’ib", "Kata'ib", "Kataib", "KATA’IB", "Kataʿib", "Kata‘ib"])
    def test_kataib_spellings_meet(self, spelling: str) -> None:
        assert analyze(spelling, stemmed_analyzer()) == analyze("Kataib", stemmed_analyzer())

    def test_english_stemming(self) -> None:
        a = stemmed_analyzer()
        assert analyze("elections", a) == analyze("election", a) == ["elect"]
        assert analyze("attacks attacked attacking", a) == ["attack"] * 3

    def test_possessive_and_accents(self) -> None:
        a = stemmed_analyzer()
        assert analyze("Iraq’s", a) == analyze("Iraq", a)
        assert analyze("Ṣadr", a) == analyze("sadr", a)

    def test_arabic_prefixes_and_digits(self) -> None:
        a = stemmed_analyzer()
        assert analyze("والانتخابات", a) == analyze("الانتخابات", a) == ["انتخاب"]
        assert analyze("٢٠٢٠", a) == ["2020"]

    def test_al_is_not_a_stopword(self) -> None:
        assert analyze("al-Sadr", stemmed_analyzer()) == ["al", "sadr"]
        assert "al" in analyze("al-Sadr", stemmed_analyzer(stopwords=True))

    def test_optional_stopwords_renumber_positions(self) -> None:
        # As Whoosh's StopFilter: the first kept token keeps its position, the rest follow it.
        tokens = stemmed_analyzer(stopwords=True)("the attack on Taji", positions=True)
        got = [(t.text, t.pos) for t in tokens]
        assert got == [("attack", 1), ("taji", 2)]

    def test_stray_marks_do_not_make_empty_tokens(self) -> None:
        assert analyze("قال ُ ـ الرئيس", stemmed_analyzer()) == ["قال", "رييس"]


class TestExactAnalyzer:
    def test_keeps_harakat_and_does_not_stem(self) -> None:
        a = exact_analyzer()
        assert analyze(VOWELLED, a) == [VOWELLED]
        assert analyze(VOWELLED, a) != analyze(PLAIN, a)
        assert analyze("Elections", a) == ["elections"]

    def test_apostrophe_variants_still_meet(self) -> None:
        assert analyze("Kata’ib", exact_analyzer()) == analyze("Kata'ib", exact_analyzer()) == ["kataib"]

    def test_mark_order_is_canonical(self) -> None:
        # shadda+fatha and fatha+shadda are the same surface for a reader
        assert analyze("رَّ", exact_analyzer()) == analyze("رَّ", exact_analyzer())

    def test_keeps_latin_accents(self) -> None:
        assert analyze("Ṣadr", exact_analyzer()) == ["ṣadr"]


class TestVariantAnalyzer:
    def test_one_key_per_word_across_scripts(self) -> None:
        a = variant_analyzer()
        assert analyze("Adnan al-Zurfi", a) == analyze("عدنان الزرفي", a)
        assert analyze("Qassem Soleimani", a) == analyze("قاسم سليماني", a)
        assert analyze("Hashd al-Sha’abi", a) == analyze("الحشد الشعبي", a)

    def test_articles_dropped_and_positions_renumbered(self) -> None:
        got = [t.pos for t in variant_analyzer()("Adnan al-Zurfi", positions=True)]
        assert got == [0, 1]

    def test_offsets_survive(self) -> None:
        text = "Adnan al-Zurfi"
        got = [(t.startchar, t.endchar) for t in variant_analyzer()(text, chars=True)]
        assert [text[s:e] for s, e in got] == ["Adnan", "Zurfi"]


def test_fold_query_text() -> None:
    assert fold_query_text("الرَّئِيس*") == "الرييس*"
    assert fold_query_text("Kata’ib") == "kataib"
    assert fold_query_text("Ṣadr") == "sadr"


class BareFormatter(HtmlFormatter):
    """<b>…</b> without class attributes, so assertions read like the text."""

    def format_token(self, text: str, token: Token, replace: bool = False) -> str:
        return f"<b>{self._text(get_text(text, token, replace))}</b>"


def _schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True),
        content=TEXT(analyzer=stemmed_analyzer(), phrase=True, stored=True),
        exact=TEXT(analyzer=exact_analyzer(), phrase=True, stored=False),
        variants=TEXT(analyzer=variant_analyzer(), phrase=False, stored=False),
    )


def test_schema_pickle_round_trip() -> None:
    schema = _schema()
    restored = pickle.loads(pickle.dumps(schema))
    for name in ("content", "exact", "variants"):
        assert restored[name].analyzer == schema[name].analyzer
        assert analyze(VOWELLED, restored[name].analyzer) == analyze(VOWELLED, schema[name].analyzer)


@pytest.fixture
def index() -> FileIndex:
    ix = RamStorage().create_index(_schema())
    docs = {
        "vowelled": f"قال {VOWELLED} إن القوات ستنسحب",
        "plain": f"وقال {PLAIN} العراقي كلمته",
        "english": "Kata’ib Hezbollah denied the attack on Camp Taji, Iraq's PMU said.",
        "other": "Nothing relevant here.",
    }
    with ix.writer() as w:
        for key, text in docs.items():
            w.add_document(id=key, content=text, exact=text, variants=text)
    # Round-trip through storage proves the pickled schema works for a reopened index.
    return ix.storage.open_index()


def _search(ix: FileIndex, field: str, query: str) -> set[str]:
    with ix.searcher() as s:
        q = QueryParser(field, ix.schema).parse(query)
        return {hit["id"] for hit in s.search(q)}


class TestIndex:
    def test_either_form_finds_both(self, index: FileIndex) -> None:
        assert _search(index, "content", VOWELLED) == {"vowelled", "plain"}
        assert _search(index, "content", PLAIN) == {"vowelled", "plain"}
        assert _search(index, "content", "رئيس") == {"vowelled", "plain"}

    def test_exact_field_matches_the_surface_form_only(self, index: FileIndex) -> None:
        assert _search(index, "exact", VOWELLED) == {"vowelled"}
        assert _search(index, "exact", PLAIN) == {"plain"}

    def test_apostrophe_spellings_and_phrases(self, index: FileIndex) -> None:
        assert _search(index, "content", "Kataib") == {"english"}
        assert _search(index, "content", '"Kata\'ib Hezbollah"') == {"english"}
        assert _search(index, "content", "iraq") == {"english"}

    def test_variants_field_crosses_scripts(self, index: FileIndex) -> None:
        assert _search(index, "variants", "Hizballah") == {"english"}
        assert _search(index, "variants", "Tajji") == {"english"}

    def test_highlight_offsets(self, index: FileIndex) -> None:
        with index.searcher() as s:
            hits = s.search(QueryParser("content", index.schema).parse(PLAIN))
            hits.formatter = BareFormatter()
            by_id = {hit["id"]: hit.highlights("content") for hit in hits}
        assert by_id["vowelled"] == f"قال <b>{VOWELLED}</b> إن القوات ستنسحب"
        assert f"<b>{PLAIN}</b>" in by_id["plain"]

        with index.searcher() as s:
            hits = s.search(QueryParser("content", index.schema).parse("kataib"))
            hits.formatter = BareFormatter()
            assert "<b>Kata’ib</b> Hezbollah" in hits[0].highlights("content")
