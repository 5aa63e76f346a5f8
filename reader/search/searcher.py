"""Run a parsed query and turn the matches into hits a reader can show.

Why not Whoosh's ``Searcher.search`` and highlighter:

* **Speed.** Whoosh's matchers walk postings one document at a time in Python, and its facet
  collectors score every match. Here a query is evaluated on sets of document numbers read from
  whole posting blocks (set operations run in C), phrases are checked on candidate documents only,
  BM25 is computed only for matching documents, and the month facet, date and language filters are
  list lookups in per-generation arrays. What a search reads from the postings (a word's documents,
  a name's positions, a term's BM25 weights) is kept for the index generation, which never changes.
  Where the alias spellings occur is stored beside the index by the warm-up
  (:func:`store_alias_phrases`): a first name search reads it instead of checking the positions
  of tens of phrases of common words.
* **Offsets.** The UI paints matches in the reading pane from *code-point offsets into
  Document.text*; the CLI needs plain-text snippets (never HTML: article text must not be
  interpreted). The index stores no text: offsets are computed on the corpus' own
  ``Document.text`` (the handle's searcher reads it, :class:`~reader.search.indexer.CorpusSearcher`)
  with the tokenizer's own word pattern,
  for the hits returned only: an article's words are matched against the query's surface forms by
  set operations, a word being analysed only when its exact form is one of the query's forms in
  the index's lexicon (:class:`_Surfaces`; without a lexicon, the first time the process meets it:
  :class:`_Forms`), and a phrase is marked only where its words are consecutive.

Ranking: :mod:`reader.search.ranking` (graded relevance that never collapses for a name found in most
articles, prefers the spelling typed and the headline, and puts English and Arabic hits on one scale),
which also writes each hit's ``why`` sentences. The earlier BM25 stays selectable (``ranking="bm25"``)
for side-by-side benchmarks.

Duplicates (``duplicate_of`` set at ingest) are masked out of every search, so a story syndicated to
five sites shows once, as its canonical copy. ``by_month`` counts every matching canonical article,
not only the hits returned.
"""

from __future__ import annotations

import gc
import heapq
import logging
import math
import re
import sqlite3
import threading
import unicodedata
from bisect import bisect_left
from collections import Counter, OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from whoosh import query as wq
from whoosh.reading import TermNotFound

from reader.search.alias_cache import (
    PhraseStore,
    StoredStarts,
    alias_spellings,
    decode_starts,
    encode_starts,
    spelling_key,
    write_phrases,
)
from reader.search.analysis import _INVISIBLE, exact_one
from reader.search.columns import ColumnDamaged, column_values, field_lengths, posting_parts
from reader.search.indexer import IndexUnusable
from reader.search.lexicon import NO_LEXICON, Lexicon, indexed_texts, is_virtual, lexicon_of, virtual_tf
from reader.search.query import (
    HighlightTerm,
    ParsedQuery,
    decode_positions,
    highlight_terms,
    parse_query,
    plain_terms_query,
    positions_decoder,
)
from reader.search.ranking import Ranker, units_of
from reader.search.results import MARK_CLOSE, MARK_OPEN, Hit, SearchResponse
from reader.search.schema import (
    day_number,
    one_word_function,
    parse_date_bound,
    position_array,
    shared_schema,
)
from reader.text.names import APOSTROPHES, WORD_PATTERN

__all__ = ["MAX_MATCHES", "Hit", "SearchResponse", "SpanScan", "match_spans", "scan_spans", "search",
           "snippet_of", "warm_up"]

log = logging.getLogger(__name__)
SNIPPET_CHARS = 200
MAX_MATCHES = 1000
"""Match offsets kept per hit. A legal 6 MB file of one repeated word holds a million matches:
listing them all cost seconds per query and tens of megabytes of JSON. The hit keeps the first
ones (what the reading pane and the snippets show) and the true count in ``match_count``."""
SCAN_CHUNK = 16_384
"""Characters tokenized at first when looking for matches; doubled per chunk up to
:data:`SCAN_CHUNK_MAX`, so the first matches of a huge article are found without reading all of it."""
SCAN_CHUNK_MAX = 1 << 20
SCAN_BUDGET = 8_000_000
"""Characters of one article read to list a hit's matches (about 0.4 s of tokenizing). Past that
(a 45 MB article), the hit keeps the matches found so far, flags them as not all, and counts the
rest from the index: a rare word spread through a huge article must not cost seconds per query."""
TERM_CACHE_DOCS = 1_000_000
"""Document numbers kept in term-set caches per index generation (~60 MB at most)."""
VALUE_CACHE_POSTINGS = 200_000
"""Posting values (encoded positions) kept for phrase checks per reader generation."""
BLOCK_CACHE_POSTINGS = 200_000
"""Postings kept as read (documents, frequencies and positions together) per reader generation:
one search asks a word's documents, then its frequencies, its positions and its forms' counts,
and each was a read of the same blocks (about 4 ms each for a word in half of 10k articles)."""
KWIC_CONTEXT = 50
MAX_KWIC_LINES = 50
MAX_LIMIT = 1000
LANGUAGES = ("en", "ar", "mixed", "other")
RANKINGS = ("graded", "bm25")
"""``graded`` (see :mod:`reader.search.ranking`) is the default; ``bm25`` is the earlier ranking,
kept so benchmarks can compare the two."""
_WORD_RE = re.compile(WORD_PATTERN)
_SPACE_RE = re.compile(r"\s+")


# --------------------------------------------------------------------------------------------
# Match offsets


@lru_cache(maxsize=300_000)
def _analysed(fieldname: str, word: str) -> str:
    """The indexed form of one surface word in one field ('' when the analyzer drops it)."""
    return _one_word_of(fieldname)(word) or ""


@lru_cache(maxsize=32)
def _one_word_of(fieldname: str) -> Any:
    """The one-word analysis of a field (:func:`~reader.search.schema.one_word`), looked up once."""
    return one_word_function(shared_schema()[fieldname].analyzer)


def _token_boundaries() -> tuple[str, str]:
    """Word-character and joiner classes of the tokenizer's pattern (``[W]+(?:[J]+[W]+)*``)."""
    m = re.match(r"^\[(.+?)\]\+\(\?:\[(.+?)\]\+", WORD_PATTERN)
    if m:
        return m.group(1), m.group(2)
    return r"\w", "'"


_WORD_CLASS, _JOIN_CLASS = _token_boundaries()


@lru_cache(maxsize=2048)
def _alternation(words: tuple[str, ...]) -> re.Pattern[str]:
    """A regex finding any of ``words`` as whole tokens (not inside Kata'ib, not in 'abc')."""
    body = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(
        rf"(?<![{_WORD_CLASS}])(?<![{_WORD_CLASS}][{_JOIN_CLASS}])(?:{body})(?![{_WORD_CLASS}])"
        rf"(?![{_JOIN_CLASS}][{_WORD_CLASS}])"
    )


@lru_cache(maxsize=2048)
def _bare_alternation(words: tuple[str, ...]) -> re.Pattern[str]:
    """:func:`_alternation` without its four look-arounds, whose character classes cost most of
    its compiling (~1 ms, once per hit and query): :func:`_whole_token_matches` checks them."""
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


_WORD_CHAR = re.compile(f"[{_WORD_CLASS}]")
_JOIN_CHAR = re.compile(f"[{_JOIN_CLASS}]")
_JOINS = re.compile(f"[{_JOIN_CLASS}]{{2}}")
_MET_ONCE: set[tuple[str, ...]] = set()


def _token_matches(words: tuple[str, ...], text: str, pos: int, end: int) -> Iterator[re.Match[str]]:
    """``_alternation(words).finditer(text, pos, end)``, without compiling it for words met once.

    Hits of a first search each have their own spellings (capitals, clitics): the regex of one is
    compiled the second time it is asked for (a repeated search), and the first time the bare
    alternation is searched and the look-arounds checked here. That gives the same matches when
    no two joiners (apostrophes, ZWNJ) follow each other in the chunk: at a position, the first
    spelling found is then the only one whose end can pass the look-aheads (a shorter one ends
    before a word character, or before a joiner and a word character), and a refused position is
    passed over by one character as the regex engine does. Otherwise the regex is compiled.
    """
    if words in _MET_ONCE or _JOINS.search(text, pos, end):
        return _alternation(words).finditer(text, pos, end)
    if len(_MET_ONCE) > 4096:
        _MET_ONCE.clear()
    _MET_ONCE.add(words)
    return _whole_token_matches(_bare_alternation(words), text, pos, end)


def _whole_token_matches(regex: re.Pattern[str], text: str, pos: int, end: int) -> Iterator[re.Match[str]]:
    """Matches of ``regex`` in ``text[pos:end]`` that pass :func:`_alternation`'s look-arounds:
    no word character (nor word character and joiner) before, none (nor joiner and word
    character) after, within ``end``."""
    word, join = _WORD_CHAR.match, _JOIN_CHAR.match
    at = pos
    while True:
        m = regex.search(text, at, end)
        if m is None:
            return
        start, stop = m.span()
        if ((start == 0 or not word(text, start - 1))
                and not (start >= 2 and join(text, start - 1) and word(text, start - 2))
                and (stop >= end or not word(text, stop))
                and not (stop + 1 < end and join(text, stop) and word(text, stop + 1))):
            yield m
            at = stop
        else:
            at = start + 1


def _next_token(fieldname: str, text: str, pos: int) -> tuple[str, int, int] | None:
    """The next token after ``pos`` that the field's analyzer keeps, as (term, start, end)."""
    while True:
        m = _WORD_RE.search(text, pos)
        if m is None:
            return None
        term = _analysed(fieldname, m.group(0))
        if term:
            return term, m.start(), m.end()
        pos = m.end()


_SURELY_KEPT = re.compile("[0-9A-Za-z\u0622-\u063a\u0641-\u064a]")
"""A character no analyzer folds away (ASCII letters and digits, Arabic letters but the lone hamza):
a token holding one is never dropped, so it is the phrase's next word or not."""


def _follows(fieldname: str, text: str, pos: int, word: str, forms: frozenset[str] | None) -> int | None:
    """The end of the next token after ``pos`` that the field's analyzer keeps, if it analyses to
    ``word``; else None. With ``forms`` (every exact form of the words analysing to ``word``, from
    the lexicon), a token surely kept whose exact form is not one of them is told apart without
    analysing it: a phrase's first word ("the") is followed by thousands of different words."""
    surfaces = _surfaces(fieldname)
    while True:
        m = _WORD_RE.search(text, pos)
        if m is None:
            return None
        token = m.group(0)
        if forms is not None:
            form = surfaces.form_of.get(token)
            if form is not None:  # met before: its form is known, and whether it may be dropped
                if form not in forms and token not in surfaces.maybe_dropped:
                    return None
            elif _SURELY_KEPT.search(token) and (exact_one(token) or "") not in forms:
                return None
        term = _analysed(fieldname, token)
        if term:
            return m.end() if term == word else None
        pos = m.end()


@dataclass
class SpanScan:
    """What :func:`scan_spans` found: the spans, the alias spellings met, and whether that is all."""

    spans: list[tuple[int, int]]
    aliases: list[str]
    complete: bool = True
    """False when the scan stopped at its limit: more matches follow ``spans[-1]``."""


@dataclass
class _FieldPlan:
    """One field's highlight terms, split into single words and phrases (by their first word)."""

    fieldname: str
    singles: dict[str, str | None]
    phrases: dict[str, list[HighlightTerm]]
    starts: frozenset[str] = frozenset()
    """The analysed words a match can start with (set once the plan is complete)."""
    forms: frozenset[str] | None = None
    """Every exact form (:func:`~reader.search.analysis.exact_one`) of a word analysing to one of
    ``starts``, from the index's lexicon; None when unknown (every new word is analysed then)."""
    follow: dict[HighlightTerm, tuple[frozenset[str] | None, ...]] | None = None
    """Per phrase, the exact forms of each word after its first (as :attr:`forms`), when known."""
    known: set[str] | None = None
    """Surface words met with one of :attr:`forms` (filled by the hits' scans of one search)."""
    _confirmed: dict[str, bool] = field(default_factory=dict, init=False, repr=False)

    def confirmed(self, word: str) -> bool:
        """``word`` analyses to one of :attr:`starts` (asked once per word and plan: the lexicon
        keeps one stem per form, so a form's words are nearly always confirmed)."""
        ok = self._confirmed.get(word)
        if ok is None:
            ok = self._confirmed[word] = _analysed(self.fieldname, word) in self.starts
        return ok


HighlightPlan = tuple[_FieldPlan, ...]
"""Highlight terms prepared once per query (:func:`highlight_plan`) for every hit's scan."""


def highlight_plan(terms: Iterable[HighlightTerm] | HighlightPlan, lexicon: Lexicon | None = None
                   ) -> HighlightPlan:
    """``terms`` grouped per field, ready for :func:`scan_spans` (a plan is returned as it is).

    With the ``lexicon`` of the index the hits come from, the plan also lists the exact forms its
    words take in that index, so a hit's words are analysed only when their exact form (a
    lowercasing, nearly free) is one of them: analysing every word never met before cost a
    first search 30-60 ms at 10k articles (:class:`_Surfaces`).
    """
    if isinstance(terms, tuple) and all(isinstance(p, _FieldPlan) for p in terms):
        return terms
    schema = shared_schema()
    plans: dict[str, _FieldPlan] = {}
    for term in terms:
        if not isinstance(term, HighlightTerm) or not term.words or term.field not in schema:
            continue
        plan = plans.setdefault(term.field, _FieldPlan(term.field, {}, {}))
        if len(term.words) == 1:
            plan.singles.setdefault(term.words[0], term.alias)
        else:
            plan.phrases.setdefault(term.words[0], []).append(term)
    for plan in plans.values():
        plan.starts = frozenset(plan.singles.keys() | plan.phrases.keys())
        plan.forms = _plan_forms(plan.fieldname, plan.starts, lexicon)
        if plan.forms is not None and plan.phrases:
            plan.follow = {
                term: tuple(_plan_forms(plan.fieldname, frozenset({w}), lexicon) for w in term.words[1:])
                for terms in plan.phrases.values() for term in terms
            }
    return tuple(plans.values())


def _plan_forms(fieldname: str, starts: frozenset[str], lexicon: Lexicon | None) -> frozenset[str] | None:
    """:func:`_lexicon_forms`, kept with the lexicon (it is replaced when the index's forms change):
    the next keystroke asks for the same terms."""
    if lexicon is None or fieldname == "exact":
        return _lexicon_forms(fieldname, starts, lexicon)
    key = ("plan forms", fieldname, starts)
    memo = lexicon.memo
    if key not in memo:
        if len(memo) > 10_000:
            memo.clear()
        memo[key] = _lexicon_forms(fieldname, starts, lexicon)
    return memo[key]


def _lexicon_forms(fieldname: str, starts: frozenset[str], lexicon: Lexicon | None) -> frozenset[str] | None:
    """The exact forms of the words analysing to ``starts`` in ``fieldname``, or None when the
    lexicon cannot tell (none given, or an index written without one)."""
    if fieldname == "exact":
        return starts  # an exact term is the exact form itself
    if lexicon is None or lexicon is NO_LEXICON or fieldname not in ("content", "variants"):
        return None
    forms: set[str] = set()
    try:
        for start in starts:
            if fieldname == "content":
                forms.update(lexicon.forms_of_stem(start))
            else:
                forms.update(form for form, _ in lexicon.forms_with_key(start))
    except sqlite3.Error:  # a lexicon that cannot be read: learn the words by analysis
        return None
    return frozenset(forms)


FORMS_MAX_WORDS = 150_000
"""Surface words remembered per field by :class:`_Forms` (about 25 MB); past that it starts over
(the next searches analyse their hits' words again, as the first ones did)."""


class _Forms:
    """Every surface word met so far in one field, with its analysed form, and the reverse map.

    Why: finding a hit's matches used to analyse each distinct word of the article (a Python call
    per word, 70% of a search). With both maps, a chunk's words are compared with the known ones by
    C-speed set operations: only words never met are analysed, and the surface forms of the query's
    terms come from the reverse map.
    """

    def __init__(self, fieldname: str) -> None:
        self.fieldname = fieldname
        self.term_of: dict[str, str] = {}
        self.forms: dict[str, set[str]] = {}
        self._lock = threading.Lock()

    def surfaces(self, words: set[str], starts: frozenset[str]) -> list[str]:
        """The words of ``words`` whose analysed form is in ``starts``."""
        with self._lock:
            new = words.difference(self.term_of)  # iterates ``words`` only (a keys view: all keys)
            if new:
                if len(self.term_of) + len(new) > FORMS_MAX_WORDS:
                    self.term_of.clear()
                    self.forms.clear()
                    new = words
                for word in new:
                    term = _analysed(self.fieldname, word)
                    self.term_of[word] = term
                    self.forms.setdefault(term, set()).add(word)
            found: set[str] = set()
            for term in starts:
                forms = self.forms.get(term)
                if forms:
                    found |= forms & words
            return sorted(found)


_FORMS: dict[str, _Forms] = {}
_FORMS_LOCK = threading.Lock()


def _forms(fieldname: str) -> _Forms:
    forms = _FORMS.get(fieldname)
    if forms is None:
        with _FORMS_LOCK:
            forms = _FORMS.setdefault(fieldname, _Forms(fieldname))
    return forms


class _Surfaces:
    """Every surface word met so far in one field's hits, with its exact form, and the reverse map.

    Why: :class:`_Forms` analyses each word the process has not met yet (stemming is ~25 µs a
    word: 1,000-3,000 new words per hit in a first search). A word can only analyse to a query
    term if its exact form is one of the term's forms in the index's lexicon
    (:attr:`_FieldPlan.forms`), and an exact form is a lowercasing and a normalisation, computed
    here for a whole chunk's new words at once (:func:`_exact_forms`). Only the few words whose
    form is a query form are then analysed (to confirm them).
    """

    def __init__(self) -> None:
        self.form_of: dict[str, str] = {}
        self.words_of: dict[str, tuple[str, ...]] = {}  # tuples, not sets: fewer objects to collect
        self.maybe_dropped: set[str] = set()
        """Words met without a character the analyzers surely keep (:data:`_SURELY_KEPT`)."""
        self.learned = 0  # how many times new words were met
        self._memo: dict[frozenset[str], tuple[int, frozenset[str]]] = {}
        self._lock = threading.Lock()

    def candidates(self, words: set[str], plan: _FieldPlan) -> set[str]:
        """The words of ``words`` whose exact form is one of ``plan``'s forms (not yet confirmed).

        The plan keeps the words met with one of its forms (:attr:`_FieldPlan.known`), so each of
        its hits costs a set intersection, as with :class:`_Forms`."""
        forms = plan.forms
        assert forms is not None
        with self._lock:
            new = words.difference(self.form_of)
            if new:
                if len(self.form_of) + len(new) > FORMS_MAX_WORDS:
                    self.form_of.clear()
                    self.words_of.clear()
                    self.maybe_dropped.clear()
                listed = list(new)
                form_of, words_of = self.form_of, self.words_of
                joined = "\n".join(listed)
                for word, form in zip(listed, _exact_forms(listed, joined), strict=True):
                    form_of[word] = form
                    words_of[form] = (*words_of.get(form, ()), word)
                self.maybe_dropped.update(_NOT_SURELY_KEPT.findall(joined))
                if plan.known is not None:
                    plan.known.update(w for w in listed if form_of[w] in forms)
                self.learned += 1
            if plan.known is None:
                plan.known = self._known(forms)
        return plan.known & words

    def _known(self, forms: frozenset[str]) -> set[str]:
        """The words met with one of ``forms`` (kept for the next search with the same forms until
        a word is met for the first time: a stem of an Arabic word has a thousand forms)."""
        cached = self._memo.get(forms)
        if cached is not None and cached[0] == self.learned:
            return set(cached[1])
        known: set[str] = set()
        get = self.words_of.get
        for form in forms:
            same = get(form)
            if same:
                known.update(same)
        if len(self._memo) > 256:
            self._memo.clear()
        self._memo[forms] = (self.learned, frozenset(known))
        return known


_SURFACES: dict[str, _Surfaces] = {}
"""One per field, as :data:`_FORMS`: the words of a mode's hits only (a dictionary of every word
met in every mode is slower to look words up in)."""


def _surfaces(fieldname: str) -> _Surfaces:
    surfaces = _SURFACES.get(fieldname)
    if surfaces is None:
        with _FORMS_LOCK:
            surfaces = _SURFACES.setdefault(fieldname, _Surfaces())
    return surfaces


_NOT_SURELY_KEPT = re.compile("(?m)^[^\n0-9A-Za-z\u0622-\u063a\u0641-\u064a]+$")
"""A line (one word of a newline-joined list) without a character of :data:`_SURELY_KEPT`."""
_NOT_PLAIN = re.compile(f"[{APOSTROPHES}\n]")


def _exact_forms(words: list[str], joined: str | None = None) -> list[str]:
    """:func:`~reader.search.analysis.exact_one` of each word ('' for None), the plain words all at
    once: lowercasing, taking out invisible marks and NFC act on each character (or on marks after
    a letter), so on words joined by newlines they give each word's own result. Words with an
    apostrophe (or a newline, which a word never holds) take ``exact_one`` itself. ``joined``: the
    words joined by newlines, when the caller has it."""
    if joined is None or _NOT_PLAIN.search(joined.replace("\n", " ")):
        odd = [i for i, w in enumerate(words) if _NOT_PLAIN.search(w)]
        plain = [w for w in words if not _NOT_PLAIN.search(w)] if odd else words
        joined = "\n".join(plain)
    else:
        odd, plain = [], words
    joined = joined.lower()
    if not joined.isascii():
        joined = unicodedata.normalize("NFC", joined.translate(_INVISIBLE))
    out = joined.split("\n") if plain else []
    if len(out) != len(plain):  # cannot happen (no step makes or takes a newline); be safe anyway
        out = [exact_one(w) or "" for w in plain]
    for i in odd:
        out.insert(i, exact_one(words[i]) or "")
    return out


_NOT_IN_TOKEN = re.compile(rf"[^{_WORD_CLASS}{_JOIN_CLASS}]")


def _chunk_end(text: str, pos: int, size: int) -> int:
    """The end of a chunk of about ``size`` characters from ``pos``, never inside a token."""
    if pos + size >= len(text):
        return len(text)
    m = _NOT_IN_TOKEN.search(text, pos + size)
    return m.start() if m is not None else len(text)


def _scan_chunk(text: str, pos: int, end: int, plan: _FieldPlan, spans: set[tuple[int, int]],
                aliases: list[str]) -> None:
    """Add the matches of ``plan`` starting in ``text[pos:end]`` (phrases may run past ``end``)."""
    fieldname, singles, phrases = plan.fieldname, plan.singles, plan.phrases
    words = set(_WORD_RE.findall(text, pos, end))
    if plan.forms is not None:
        surfaces = sorted(w for w in _surfaces(fieldname).candidates(words, plan) if plan.confirmed(w))
    else:
        surfaces = _forms(fieldname).surfaces(words, plan.starts)
    if not surfaces:
        return
    for m in _token_matches(tuple(surfaces), text, pos, end):
        start, stop = m.span()
        token = _WORD_RE.match(text, start)
        if token is None or token.end() != stop:
            continue
        term = _analysed(fieldname, m.group(0))
        if term in singles:
            spans.add((start, stop))
            if singles[term]:
                aliases.append(singles[term])  # type: ignore[arg-type]
        for phrase in phrases.get(term, ()):
            at, last = stop, stop
            forms = plan.follow.get(phrase) if plan.follow is not None else None
            for k, word in enumerate(phrase.words[1:]):
                following = _follows(fieldname, text, at, word, forms[k] if forms is not None else None)
                if following is None:
                    break
                at = last = following
            else:
                spans.add((start, last))
                if phrase.alias:
                    aliases.append(phrase.alias)


def scan_spans(text: str, terms: Iterable[HighlightTerm] | HighlightPlan, limit: int | None = None, *,
               budget: int | None = None) -> SpanScan:
    """Code-point spans of ``text`` matching ``terms``, the first ``limit`` of them at most, found in
    the first ``budget`` characters (about: whole chunks) at most.

    Single words match wherever their analysed form occurs; phrases only where all their words
    occur consecutively (as the index's phrase query decides). The text is read in chunks of
    growing size: in each, only its distinct words are analysed (cached across calls), then a regex
    of the matching surface forms finds their occurrences, so a long article costs a couple of
    C-speed scans per chunk, and a scan with a ``limit`` stops reading once it has enough.
    ``terms`` may be a :func:`highlight_plan`, prepared once for all the hits of a query.
    """
    plans = highlight_plan(terms)
    if not plans or not text:
        return SpanScan([], [])
    merged: list[tuple[int, int]] = []
    aliases: list[str] = []
    pos, size, seen = 0, SCAN_CHUNK, 0
    while pos < len(text):
        end = _chunk_end(text, pos, size)
        found: set[tuple[int, int]] = set()
        for plan in plans:
            _scan_chunk(text, pos, end, plan, found, aliases)
        _merge_into(merged, sorted(found))
        seen += len(found)  # before merging: overlapping phrases ("drone drone" x 10^6) merge into one
        if limit is not None and (len(merged) > limit or seen > limit):
            return SpanScan(merged[:limit], list(dict.fromkeys(aliases)), complete=False)
        if budget is not None and end >= budget and end < len(text):
            return SpanScan(merged, list(dict.fromkeys(aliases)), complete=False)
        pos, size = end, min(size * 2, SCAN_CHUNK_MAX)
    return SpanScan(merged, list(dict.fromkeys(aliases)))


def match_spans(text: str, terms: Iterable[HighlightTerm]) -> tuple[list[tuple[int, int]], list[str]]:
    """Every code-point span of ``text`` matching ``terms``, and the alias spellings found.

    See :func:`scan_spans`, which can stop early; this one reads the whole text.
    """
    scan = scan_spans(text, terms)
    return scan.spans, scan.aliases


def _merge_into(out: list[tuple[int, int]], spans: list[tuple[int, int]]) -> None:
    """Append sorted ``spans`` to sorted ``out``, joining overlaps (a phrase may overlap a word)."""
    for start, end in spans:
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))


def _flat(text: str) -> str:
    return _SPACE_RE.sub(" ", text)


def snippet_of(text: str, spans: list[tuple[int, int]], width: int = SNIPPET_CHARS) -> str:
    """About ``width`` characters around the first match, matches in «», plain text on one line."""
    if not spans:
        cut = text[:width]
        return _flat(cut).strip() + ("…" if len(text) > width else "")
    first = spans[0][0]
    start = max(0, first - width * 2 // 5)
    end = min(len(text), start + width)
    start = max(0, min(start, end - width))
    # Do not cut words in half.
    if start > 0:
        space = text.rfind(" ", max(0, start - 20), start)
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.find(" ", end, end + 20)
        end = space if space != -1 else end
    parts: list[str] = []
    pos = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        parts.append(text[pos:s])
        parts.append(f"{MARK_OPEN}{text[s:e]}{MARK_CLOSE}")
        pos = e
    parts.append(text[pos:end])
    body = _flat("".join(parts)).strip()
    return ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")


def kwic_lines(text: str, spans: list[tuple[int, int]], context: int = KWIC_CONTEXT) -> list[str]:
    """Keyword-in-context lines: left context right-aligned, the match in «», right context."""
    lines = []
    for s, e in spans[:MAX_KWIC_LINES]:
        left = _flat(text[max(0, s - context) : s])
        right = _flat(text[e : e + context])
        lines.append(f"{left.rjust(context)}{MARK_OPEN}{_flat(text[s:e])}{MARK_CLOSE}{right}")
    return lines


# --------------------------------------------------------------------------------------------
# Searching


def multiterm_highlights(q: wq.Query, expand: Any) -> list[HighlightTerm]:
    """Expanded terms of prefix/wildcard/fuzzy parts (not under NOT), for marking hits."""
    out: list[HighlightTerm] = []

    def walk(node: wq.Query) -> None:
        if isinstance(node, wq.Not):
            return
        if isinstance(node, wq.AndNot):
            walk(node.a)
            return
        if isinstance(node, wq.MultiTerm):
            if node.field() in ("content", "exact", "variants"):
                try:
                    for fieldname, btext in expand(node):
                        text = btext.decode("utf-8") if isinstance(btext, bytes) else btext
                        out.append(HighlightTerm(fieldname, (text,)))
                except Exception:  # highlighting is best effort
                    return
            return
        if node.is_leaf():
            return
        for child in node.children():
            walk(child)

    walk(q)
    return out


def _in_sorted(values: Any, x: int) -> bool:
    """``x`` is in the sorted sequence ``values`` (positions are stored in order)."""
    i = bisect_left(values, x)
    return i < len(values) and values[i] == x


class _Values(dict):  # type: ignore[type-arg]
    """Raw posting values per document, with the decoder of their field's format."""

    decoder: Any = None


class _SizedCache:
    """A small LRU bounded by the total size of its values (document sets and posting maps)."""

    def __init__(self, max_items: int) -> None:
        self.max_items = max_items
        self.size = 0
        self._data: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any) -> Any:
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
            return value

    def put(self, key: Any, value: Any) -> None:
        with self._lock:
            if key in self._data:
                return
            self._data[key] = value
            self.size += len(value) + 1
            while self.size > self.max_items and len(self._data) > 1:
                _, old = self._data.popitem(last=False)
                self.size -= len(old) + 1


class _Arrays:
    """Per reader generation: month, day, language, duplicate flag and field lengths of every
    document, plus caches of term document sets and posting values.

    Filters and the month facet are then list lookups instead of Whoosh filter queries (a date
    range over ``day`` expands to many terms and is rebuilt on every search) and facet collectors
    (which force scoring every match). A generation never changes, so what one search read from
    the postings (a frequent word's documents, a name's positions) serves the next ones.
    """

    def __init__(self, reader: Any) -> None:
        n = reader.doc_count_all()
        self.month = self._column(reader, "month", n, "")
        self.day = self._column(reader, "day", n, 0)
        self.lang = self._column(reader, "lang", n, "")
        dup = self._column(reader, "dup", n, "")
        self.canonical = bytearray(n)
        # Live documents only: deletions are filtered here (asked per document only when there are some).
        for docnum in reader.all_doc_ids() if reader.has_deletions() else range(n):
            self.canonical[docnum] = 0 if dup[docnum] == "1" else 1
        self._check_days(reader, n)
        self._allowed: dict[tuple[str | None, int | None, int | None], bytearray] = {}
        self._lengths: dict[str, list[int]] = {}
        self._averages: dict[str, dict[str, float]] = {}
        self.memo: dict[Any, Any] = {}
        """Other per-generation values derived from the arrays (the graded ranking's length norms)."""
        self.term_docs = _SizedCache(TERM_CACHE_DOCS)
        self.term_blocks = _SizedCache(BLOCK_CACHE_POSTINGS)
        self.term_values = _SizedCache(VALUE_CACHE_POSTINGS)
        self.term_scores = _SizedCache(TERM_CACHE_DOCS // 2)
        self.expansions = _SizedCache(50_000)
        self.folder: Path | None = None
        """The index folder (None for an index in RAM): where the stored phrase starts are."""
        self._phrases: PhraseStore | None = None
        self._phrases_open = False
        self._phrases_lock = threading.Lock()

    def phrase_store(self) -> PhraseStore | None:
        """The folder's stored phrase starts (:class:`~reader.search.alias_cache.PhraseStore`),
        opened at the first phrase a search checks; None when there are none."""
        if not self._phrases_open:
            with self._phrases_lock:
                if not self._phrases_open:
                    self._phrases = PhraseStore.open(self.folder) if self.folder is not None else None
                    self._phrases_open = True
        return self._phrases

    def reopen_phrases(self) -> None:
        """Read the stored phrase starts again (they were just written)."""
        with self._phrases_lock:
            self._phrases_open = False

    def segment_offsets(self, reader: Any) -> list[tuple[str, int]] | None:
        """(segment id, offset of its first document) per segment, or None for an unusual reader."""
        key = ("segments",)
        if key not in self.memo:
            try:
                self.memo[key] = [(leaf.segment().segment_id(), offset)
                                  for leaf, offset in reader.leaf_readers()]
            except Exception:  # not segment readers: nothing can be stored for them
                self.memo[key] = None
        return self.memo[key]

    def _check_days(self, reader: Any, n: int) -> None:
        """``day`` is a fixed-width column: cut short, it reads as 0 ("undated") without an error,
        and date filters would silently drop articles. Its values must follow from ``date``."""
        if not reader.has_column("date"):
            return
        dates = self._column(reader, "date", n, "")
        days: dict[str, int] = {}  # a few thousand distinct dates for ten thousand articles
        for docnum, flag in enumerate(self.canonical):
            date = dates[docnum]
            if flag and date:
                day = days.get(date)
                if day is None:
                    day = days[date] = day_number(date)
                if self.day[docnum] != day:
                    raise IndexUnusable("the index's day column is damaged")

    def column(self, reader: Any, name: str) -> list[Any]:
        """Every document's value of a sortable field (``id``, ``date``), read once per generation."""
        key = ("column", name)
        if key not in self.memo:
            self.memo[key] = self._column(reader, name, reader.doc_count_all(), "")
        return self.memo[key]

    @staticmethod
    def _column(reader: Any, name: str, n: int, default: Any) -> list[Any]:
        """Every document's value; an index without the column gives ``default`` for all.

        A column that exists but cannot be read is damage: it raises (and the caller rebuilds the
        index) rather than silently turning every date into "undated".
        """
        if not reader.has_column(name):
            return [default] * n
        try:
            values = column_values(reader, name)
        except ColumnDamaged as exc:
            raise IndexUnusable(f"the index's {name} column is damaged") from exc
        if values is None:
            values = [v.decode("utf-8") if isinstance(v, bytes) else v for v in reader.column_reader(name)]
        if len(values) != n:
            raise IndexUnusable(f"the index's {name} column is damaged")
        return values

    def language_lengths(self, reader: Any, fieldname: str) -> dict[str, float]:
        """Average field length per language, so length normalisation compares like with like."""
        key = f"avg:{fieldname}"
        cached = self._averages.get(key)
        if cached is None:
            lengths = self.lengths(reader, fieldname)
            sums: dict[str, list[int]] = {}
            for d, flag in enumerate(self.canonical):
                if flag:
                    pair = sums.setdefault(self.lang[d], [0, 0])
                    pair[0] += lengths[d]
                    pair[1] += 1
            cached = {lang: max(total / n, 1.0) for lang, (total, n) in sums.items() if n}
            self._averages[key] = cached
        return cached

    def lengths(self, reader: Any, fieldname: str) -> list[int]:
        """Field length (in tokens) of every document, for BM25's length normalisation."""
        cached = self._lengths.get(fieldname)
        if cached is None:
            n = len(self.canonical)
            try:
                cached = field_lengths(reader, fieldname)
            except ColumnDamaged as exc:
                raise IndexUnusable(f"the index's lengths of {fieldname} are damaged") from exc
            if cached is not None and len(cached) == n:
                if reader.has_deletions():
                    live = set(reader.all_doc_ids())
                    cached = [x if d in live else 0 for d, x in enumerate(cached)]
            else:
                cached = [0] * n
                for docnum in reader.all_doc_ids():
                    cached[docnum] = reader.doc_field_length(docnum, fieldname, 0) or 0  # None: empty
            self._lengths[fieldname] = cached
        return cached

    def allowed(self, lang: str | None, lo: int | None, hi: int | None) -> bytearray:
        """1 for each document a search may return: canonical, in the language and date range."""
        key = (lang, lo, hi)
        cached = self._allowed.get(key)
        if cached is not None:
            return cached
        flags = bytearray(self.canonical)
        if lang:
            for i, value in enumerate(self.lang):
                if value != lang:
                    flags[i] = 0
        if lo is not None or hi is not None:
            low = max(lo or 1, 1)
            high = hi if hi is not None else 99_999_999
            for i, value in enumerate(self.day):
                if not low <= (value or 0) <= high:
                    flags[i] = 0
        if len(self._allowed) > 32:
            self._allowed.clear()
        self._allowed[key] = flags
        return flags


_GENERATIONS: OrderedDict[tuple[Any, ...], _Arrays] = OrderedDict()
_GENERATIONS_LOCK = threading.Lock()


def _arrays(searcher: Any) -> _Arrays:
    """The :class:`_Arrays` of the searcher's index generation, shared by every searcher on it."""
    arrays = getattr(searcher, "_corpus_reader_arrays", None)
    if arrays is not None:
        return arrays
    reader = searcher.reader()
    ix = getattr(searcher, "_ix", None)
    storage = getattr(ix, "storage", None)
    where = getattr(storage, "folder", None) or id(storage if storage is not None else searcher)
    try:
        segments = tuple((r.segment().segment_id(), r.segment().deleted_count())
                         for r, _ in reader.leaf_readers())
    except Exception:  # an unusual reader: do not share
        segments = (id(reader),)
    key = (where, reader.generation(), segments)
    with _GENERATIONS_LOCK:
        arrays = _GENERATIONS.get(key)
        if arrays is not None:
            _GENERATIONS.move_to_end(key)
    if arrays is None:
        arrays = _Arrays(reader)
        arrays.folder = Path(where) if isinstance(where, str) else None
        with _GENERATIONS_LOCK:
            _GENERATIONS[key] = arrays
            while len(_GENERATIONS) > 4:
                _GENERATIONS.popitem(last=False)
    searcher._corpus_reader_arrays = arrays
    return arrays


def _filters(
    parsed: ParsedQuery, lang: str | None, date_from: str | None, date_to: str | None,
    warnings: list[str],
) -> tuple[str | None, int | None, int | None, bool]:
    """(language, lowest day, highest day, any filter) from the options and the query text."""
    code: str | None = None
    if lang:
        code = str(lang).strip().lower()
        if code not in LANGUAGES:
            warnings.append(f'Unknown language "{lang}" ignored (use en or ar).')
            code = None
    lo = hi = None
    dated = parsed.date_range is not None
    if parsed.date_range:
        lo, hi = parsed.date_range
    for raw, end in ((date_from, False), (date_to, True)):
        if not raw:
            continue
        value = parse_date_bound(raw, end=end)
        if value is None:
            warnings.append(f'Ignored the date "{raw}": write it as YYYY, YYYY-MM or YYYY-MM-DD.')
            continue
        dated = True
        if end:
            hi = value if hi is None else min(hi, value)
        else:
            lo = value if lo is None else max(lo, value)
    if dated and lo is None:
        lo = 1  # any date filter excludes undated articles
    return code, lo, hi, bool(code) or dated


# --------------------------------------------------------------------------------------------
# Matching and ranking on sets of document numbers
#
# Whoosh matchers walk postings one document at a time in Python (an AND of two frequent words at
# 10k articles is ~10^4 method calls per search) and its collectors score every match when facets
# are wanted. Here boolean structure is evaluated on Python sets built from whole posting blocks
# (C-speed set operations), positions are checked only for phrases, and BM25 is computed only for
# documents already known to match, again reading whole blocks.

_K1 = 1.2
_B = 0.75


class _TermBlocks:
    """One term's posting blocks in every segment, as read: (segment, offset, ids, weights, values)
    per block (deleted documents included). Its length (for the caches' bound) is its postings."""

    __slots__ = ("blocks", "postings")

    def __init__(self, blocks: list[tuple[int, int, Any, Any, Any]], postings: int) -> None:
        self.blocks = blocks
        self.postings = postings

    def __len__(self) -> int:
        return self.postings


def _global(ids: Any, offset: int) -> Any:
    """A segment's document numbers as the index's (the segment's offset added)."""
    return map(offset.__add__, ids) if offset else ids


def _expand(q: wq.Query, reader: Any) -> list[tuple[str, bytes]]:
    """The (field, term bytes) a leaf query stands for (a Term, or a prefix/fuzzy's expansions)."""
    fieldname = q.field()
    if fieldname is None or (fieldname not in reader.schema and not is_virtual(fieldname)):
        return []
    if isinstance(q, wq.Term):
        if is_virtual(fieldname):
            return [(fieldname, q.text.encode("utf-8"))] if isinstance(q.text, str) and q.text else []
        try:
            return [(fieldname, reader.schema[fieldname].to_bytes(q.text))]
        except (ValueError, TypeError):
            return []
    if isinstance(q, wq.MultiTerm):
        return [(fieldname, b) for b in q._btexts(reader)]
    return []


def _adjacent_starts(values: list[_Values], candidates: Iterable[int]) -> dict[int, list[int]]:
    """Per candidate document where the words whose posting ``values`` are given occur
    consecutively, the sorted positions where they start (positions are decoded in place)."""
    found: dict[int, list[int]] = {}
    if len(values) == 2 and values[0].decoder is values[1].decoder is position_array:
        return _adjacent_pairs(values[0], values[1], candidates)
    if len(values) == 2:
        first, second = values
        decode_a, decode_b = first.decoder, second.decoder
        for d in candidates:
            a = first[d]
            if type(a) is bytes:
                a = first[d] = decode_a(a)
            b = second[d]
            if type(b) is bytes:
                b = second[d] = decode_b(b)
            if starts := _pair_starts(a, b):
                found[d] = starts
        return found
    n = len(values)
    for d in candidates:
        lists = []
        for v in values:
            x = v[d]
            if type(x) is bytes:
                x = v[d] = v.decoder(x)
            lists.append(x)
        # Anchor on the rarest word: only its few occurrences are tried as phrase starts, and
        # each other word, rarest first, keeps those it continues.
        ranked = sorted(range(n), key=[len(x) for x in lists].__getitem__)
        k0 = ranked[0]
        starts = [p - k0 for p in lists[k0]]
        for k in ranked[1:]:
            other = lists[k]
            if len(starts) * 16 < len(other):
                starts = [p for p in starts if _in_sorted(other, p + k)]
            else:
                present = set(other)
                starts = [p for p in starts if p + k in present]
            if not starts:
                break
        if starts:
            found[d] = starts
    return found


def _adjacent_pairs(first: _Values, second: _Values, candidates: Iterable[int]) -> dict[int, list[int]]:
    """:func:`_adjacent_starts` of two ``content`` words, their positions read in place (a view of
    the posting value, not a decoded copy): with "the" in every English article, decoding its
    positions in each candidate was most of the check."""
    found: dict[int, list[int]] = {}
    for d in candidates:
        a = first[d]
        if type(a) is bytes:
            a = memoryview(a)[4:4 + 4 * int.from_bytes(a[:4], "big")].cast("I")
        b = second[d]
        if type(b) is bytes:
            b = memoryview(b)[4:4 + 4 * int.from_bytes(b[:4], "big")].cast("I")
        if starts := _pair_starts(a, b):
            found[d] = starts
    return found


def _pair_starts(a: Any, b: Any) -> list[int]:
    """Where word a is followed by word b, from their sorted positions, in order. The Python-level
    loop runs over the rarer word's occurrences; the other word's are a set (C) or, when far more
    numerous ("the"), looked up in their sorted order."""
    if len(a) <= len(b):
        if len(a) * 16 < len(b):
            return [p for p in a if _in_sorted(b, p + 1)]
        seconds = set(b)
        return [p for p in a if p + 1 in seconds]
    if len(b) * 16 < len(a):
        return [q - 1 for q in b if _in_sorted(a, q - 1)]
    firsts = set(a)
    return [q - 1 for q in b if q - 1 in firsts]


class _Engine:
    """Evaluate a query into a set of (global) document numbers, and rank documents by BM25."""

    def __init__(self, searcher: Any, arrays: _Arrays) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.leaves = searcher.leaf_searchers()
        self.arrays = arrays
        self._all: set[int] | None = None
        self.scope: frozenset[int] | None = None
        """The only documents the caller will keep (a date or language filter), when it is a small
        part of the index: :meth:`docs` then checks phrases there only (see :meth:`set_scope`)."""

    def set_scope(self, allowed: bytearray) -> None:
        """Let :meth:`docs` check phrases only where ``allowed`` (the filter) keeps documents.

        A phrase check reads each candidate's positions; an alias group of thirty spellings over a
        months window checked them all over the whole index. Every set operation commutes with
        intersecting by the scope, so results outside it may be wrong only where the caller drops
        them. Scoped results are never cached for the generation (other searches have other filters).
        """
        if allowed.count(1) * 2 < len(allowed):
            self.scope = frozenset(i for i, flag in enumerate(allowed) if flag)
        else:
            self.scope = None

    def expand(self, q: wq.Query) -> list[tuple[str, bytes]]:
        """:func:`_expand`, once per query node (fuzzy expansion walks the whole lexicon)."""
        key = (type(q), q.field(), getattr(q, "text", None), getattr(q, "maxdist", None),
               getattr(q, "prefixlength", None))
        cached = self.arrays.expansions.get(key)
        if cached is None:
            cached = _expand(q, self.reader)
            self.arrays.expansions.put(key, cached)
        return cached

    def _every_docs(self, fieldname: str | None) -> set[int]:
        """``*`` is every article; ``outlet:*`` those with any word in that field (as Whoosh has it:
        an article with no outlet has none)."""
        if not fieldname or fieldname == "content" or is_virtual(fieldname):
            return set(self.all_docs())
        if fieldname not in self.reader.schema:
            return set()
        out: set[int] = set()
        for btext in self.reader.lexicon(fieldname):
            out |= self.term_docs(fieldname, btext)
        return out

    def has_field(self, fieldname: str) -> bool:
        """The index has the field, or it is a virtual field resolved on ``content``."""
        return fieldname in self.reader.schema or is_virtual(fieldname)

    def term_bytes(self, fieldname: str, text: str) -> bytes:
        """A word of ``fieldname`` as the bytes the engine's term methods take."""
        if is_virtual(fieldname):
            return text.encode("utf-8")
        return self.reader.schema[fieldname].to_bytes(text)

    def doc_frequency(self, fieldname: str, btext: bytes) -> int:
        """Articles holding the term (deleted ones included, as Whoosh counts)."""
        if is_virtual(fieldname):
            return len(self.term_docs(fieldname, btext))
        return self.reader.doc_frequency(fieldname, btext)

    def tf_in(self, fieldname: str, btext: bytes, docnum: int) -> int:
        """How often a term occurs in one document (virtual terms from their cached counts)."""
        if is_virtual(fieldname):
            return int(self.term_counts(fieldname, btext).get(docnum, 0))
        return _term_frequency(self.reader, fieldname, btext, docnum)

    def term_counts(self, fieldname: str, btext: bytes) -> dict[int, int]:
        """:meth:`term_tf`, cached per generation."""
        key = ("counts", fieldname, btext)
        cached = self.arrays.term_scores.get(key)
        if cached is None:
            cached = self._term_tf(fieldname, btext)
            self.arrays.term_scores.put(key, cached)
        return cached

    def all_docs(self) -> set[int]:
        if self._all is None:
            self._all = set(self.reader.all_doc_ids())
        return self._all

    def term_docs(self, fieldname: str, btext: bytes) -> frozenset[int]:
        """Documents containing a term (deleted ones included; cached per reader generation)."""
        key = (fieldname, btext)
        cached = self.arrays.term_docs.get(key)
        if cached is None and is_virtual(fieldname):
            cached = frozenset(self.term_counts(fieldname, btext))  # one resolution for docs and counts
            self.arrays.term_docs.put(key, cached)
        if cached is None:
            found: set[int] = set()
            for _, offset, ids, _, _ in self.blocks(fieldname, btext).blocks:
                found.update(_global(ids, offset))
            cached = frozenset(found)
            self.arrays.term_docs.put(key, cached)
        return cached

    def blocks(self, fieldname: str, btext: bytes) -> _TermBlocks:
        """A term's posting blocks in every segment, each read once per generation for all its uses
        (cached while the generation's bound allows: :data:`BLOCK_CACHE_POSTINGS`)."""
        key = (fieldname, btext)
        cached = self.arrays.term_blocks.get(key)
        if cached is None:
            blocks: list[tuple[int, int, Any, Any, Any]] = []
            postings = 0
            if not is_virtual(fieldname):
                for i, (sub, offset) in enumerate(self.leaves):
                    for ids, weights, values in posting_parts(sub.reader(), fieldname, btext):
                        blocks.append((i, offset, ids, weights, values))
                        postings += len(ids)
            cached = _TermBlocks(blocks, postings)
            self.arrays.term_blocks.put(key, cached)
        return cached

    def _leaf_blocks(self, leaf: int) -> Any:
        """Where the lexicon's resolution in segment ``leaf`` reads ``content`` postings: here."""
        def blocks(reader: Any, btext: bytes, values: bool) -> Iterator[tuple[Any, Any]]:
            for i, _, ids, weights, vals in self.blocks("content", btext).blocks:
                if i == leaf:
                    yield ids, (vals if values else weights)

        return blocks

    def _values_of(self, fieldname: str, btext: bytes) -> dict[int, Any]:
        key = (fieldname, btext)
        values = self.arrays.term_values.get(key)
        if values is None:
            values = _Values()
            fmt = self.reader.schema[fieldname].format if fieldname in self.reader.schema else None
            values.decoder = positions_decoder(fmt) or decode_positions
            for _, offset, ids, _, vals in self.blocks(fieldname, btext).blocks:
                values.update(zip(_global(ids, offset), vals, strict=False))
            self.arrays.term_values.put(key, values)
            if self.arrays.term_docs.get(key) is None:  # the documents came with the values
                self.arrays.term_docs.put(key, frozenset(values))
        return values

    def term_tf(self, fieldname: str, btext: bytes) -> dict[int, int]:
        """Term frequency per (global) document, read from whole posting blocks (not cached here,
        but for virtual fields: their resolution reads many posting lists)."""
        if is_virtual(fieldname):
            return self.term_counts(fieldname, btext)
        return self._term_tf(fieldname, btext)

    def _term_tf(self, fieldname: str, btext: bytes) -> dict[int, int]:
        if is_virtual(fieldname):
            return self._virtual_tf(fieldname, btext.decode("utf-8"))
        out: dict[int, int] = {}
        for _, offset, ids, weights, _ in self.blocks(fieldname, btext).blocks:
            out.update(zip(_global(ids, offset), map(int, weights), strict=False))
        return out

    def values_of(self, fieldname: str, btext: bytes) -> dict[int, Any]:
        """Raw posting values (encoded positions) per document, cached per generation."""
        return self._values_of(fieldname, btext)

    def positions_in(self, values: dict[int, Any], docnum: int) -> list[int]:
        """Decoded positions of one document in a :meth:`values_of` map."""
        return self._positions(values, docnum)

    @staticmethod
    def _positions(values: dict[int, Any], docnum: int) -> list[int]:
        """Positions of a term in a document; decoded once, then kept in the generation's cache."""
        value = values[docnum]
        if type(value) is bytes:
            value = values[docnum] = values.decoder(value)  # type: ignore[attr-defined]
        return value

    def _virtual_tf(self, fieldname: str, text: str) -> dict[int, int]:
        """Occurrences of an ``exact`` form or a ``variants`` key per (global) document, resolved
        on ``content`` segment by segment (:mod:`reader.search.lexicon`), the article text at hand
        for the rare form codes that clash."""
        out: dict[int, int] = {}
        for i, (sub, offset) in enumerate(self.leaves):
            found = virtual_tf(sub.reader(), fieldname, text, texts=indexed_texts(sub),
                               blocks=self._leaf_blocks(i))
            for d, n in found.items():
                out[d + offset] = int(n)
        return out

    def phrase_docs(self, q: wq.Phrase, skip: set[int] | frozenset[int] = frozenset()) -> set[int]:
        """Documents where the phrase's words are adjacent (slop 1), ``skip`` left unchecked."""
        schema = self.reader.schema
        if q.fieldname not in schema or q.slop != 1 or len(q.words) < 2:
            return set(self.searcher.docs_for_query(q))
        field_obj = schema[q.fieldname]
        if positions_decoder(field_obj.format) is None:
            return set(self.searcher.docs_for_query(q))
        words = [field_obj.to_bytes(w) for w in q.words]
        cached = self.arrays.term_values.get(("starts", q.fieldname, tuple(words)))
        if cached is not None or not skip:
            found = cached if cached is not None else self.phrase_starts(q.fieldname, words)
            return set(found.keys() - skip) if skip else set(found)
        return set(self._phrase_starts(q.fieldname, words, skip))

    def _scoped_phrase_docs(self, q: wq.Phrase) -> set[int]:
        """:meth:`phrase_docs` within :attr:`scope` (the whole answer when it is cached already)."""
        schema = self.reader.schema
        if q.fieldname not in schema or q.slop != 1 or len(q.words) < 2:
            return self.phrase_docs(q)
        field_obj = schema[q.fieldname]
        if positions_decoder(field_obj.format) is None:
            return self.phrase_docs(q)
        words = [field_obj.to_bytes(w) for w in q.words]
        key = ("starts", q.fieldname, tuple(words))
        cached = self.arrays.term_values.get(key)
        if cached is None:
            cached = self._stored_starts(q.fieldname, words)
            if cached is not None:
                self.arrays.term_values.put(key, cached)
        if cached is not None:
            return set(cached)
        return set(self._phrase_starts(q.fieldname, words, frozenset(), self.scope))

    def phrase_starts(self, fieldname: str, words: list[bytes]) -> dict[int, list[int]]:
        """Per document where the words occur consecutively, the sorted positions where they start.

        One pass serves matching, the ranking's counts and its opening-lines bonus (cached per
        generation: an alias group's spellings are asked again by the next keystroke)."""
        key = ("starts", fieldname, tuple(words))
        cached = self.arrays.term_values.get(key)
        if cached is None:
            cached = self._stored_starts(fieldname, words)
            if cached is None:
                cached = self._phrase_starts(fieldname, words, frozenset())
            self.arrays.term_values.put(key, cached)
        return cached

    def _stored_starts(self, fieldname: str, words: list[bytes]) -> dict[int, Any] | None:
        """:meth:`phrase_starts` from the stored starts of the alias spellings (warm-up writes
        them: :func:`store_alias_phrases`), or None unless every segment has them."""
        store = self.arrays.phrase_store()
        if store is None:
            return None
        segments = self.arrays.segment_offsets(self.reader)
        if not segments:
            return None
        try:
            rows = store.rows(fieldname, spelling_key(w.decode("utf-8") for w in words))
        except UnicodeDecodeError:
            return None
        if len(rows) < len(segments):
            return None
        out: dict[int, Any] = {}
        for segment, offset in segments:
            row = rows.get(segment)
            if row is None:
                return None
            try:
                decode_starts(row, offset, out)
            except (ValueError, TypeError, OverflowError):  # a damaged row: check the positions instead
                return None
        return out

    def _phrase_starts(self, fieldname: str, words: list[bytes], skip: set[int] | frozenset[int],
                       within: frozenset[int] | None = None) -> dict[int, list[int]]:
        # The values (positions) are read anyway: their documents are the candidates.
        values = [self._values_of(fieldname, w) for w in words]
        sets = sorted((v.keys() for v in values), key=len)
        candidates = set(sets[0]) - skip if skip else set(sets[0])
        if within is not None:
            candidates &= within
        for other in sets[1:]:
            candidates &= other
            if not candidates:
                return {}
        return _adjacent_starts(values, candidates)

    def docs(self, q: wq.Query) -> set[int]:
        """A new set of the (global, possibly deleted) documents matching ``q``."""
        if isinstance(q, wq.Term | wq.MultiTerm):
            out: set[int] = set()
            for fieldname, btext in self.expand(q):
                out |= self.term_docs(fieldname, btext)
            return out
        if isinstance(q, wq.Phrase):
            return self._scoped_phrase_docs(q) if self.scope is not None else self.phrase_docs(q)
        if isinstance(q, wq.Every):
            return self._every_docs(q.fieldname)
        if _is_null(q):
            return set()
        if isinstance(q, wq.Not):
            return self.all_docs() - self.docs(q.query)
        if isinstance(q, wq.AndNot):
            return self.docs(q.a) - self.docs(q.b)
        if isinstance(q, wq.AndMaybe):
            return self.docs(q.a)
        if isinstance(q, wq.And):
            positive = [c for c in q.subqueries if not isinstance(c, wq.Not)]
            negative = [c.query for c in q.subqueries if isinstance(c, wq.Not)]
            if positive:
                sets = sorted((self.docs(c) for c in positive), key=len)
                result = sets[0]
                for other in sets[1:]:
                    if not result:
                        break
                    result &= other
            else:
                result = set(self.all_docs())
            for c in negative:
                if not result:
                    break
                result -= self.docs(c)
            return result
        if isinstance(q, wq.Or) and type(q) is wq.Or:
            phrases = any(isinstance(c, wq.Phrase) for c in q.subqueries)
            key = ("or", q) if phrases and self.scope is None else None
            cached = self.arrays.term_docs.get(key) if key else None
            if cached is not None:
                return set(cached)
            result = set()
            for c in q.subqueries:
                # Each spelling is checked in full: the ranking reads the same (cached) phrase starts
                # for its counts, so skipping documents already matched would only do it twice.
                result |= self.docs(c)
            if key:
                self.arrays.term_docs.put(key, frozenset(result))  # an alias group: likely asked again
            return result
        return set(self.searcher.docs_for_query(q))  # phrases and anything unusual

    # -- ranking -------------------------------------------------------------------------------

    def _positive_leaves(self, q: wq.Query, out: list[tuple[str, bytes, float]], boost: float) -> None:
        if isinstance(q, wq.Not) or _is_null(q):
            return
        if isinstance(q, wq.AndNot):
            self._positive_leaves(q.a, out, boost)
            return
        if isinstance(q, wq.Phrase):
            if q.fieldname in self.reader.schema:
                field_obj = self.reader.schema[q.fieldname]
                out.extend((q.fieldname, field_obj.to_bytes(w), boost * q.boost) for w in q.words)
            return
        if isinstance(q, wq.Term | wq.MultiTerm):
            out.extend((f, b, boost * q.boost) for f, b in self.expand(q))
            return
        if q.is_leaf():
            return
        for child in q.children():
            self._positive_leaves(child, out, boost * getattr(q, "boost", 1.0))

    def _partials(self, fieldname: str, btext: bytes, df: int) -> dict[int, float]:
        """BM25 contribution of one term to every document containing it (cached per generation)."""
        key = (fieldname, btext)
        cached = self.arrays.term_scores.get(key)
        if cached is None:
            total = max(self.reader.doc_count_all(), 1)
            idf = math.log(1.0 + (total - df + 0.5) / (df + 0.5))
            lengthsof = "content" if is_virtual(fieldname) else fieldname  # resolved on content
            lengths = self.arrays.lengths(self.reader, lengthsof)
            avg = max(self.searcher.avg_field_length(lengthsof, 1.0) or 1.0, 1.0)
            base, slope = _K1 * (1 - _B), _K1 * _B / avg
            numerator = idf * (_K1 + 1)
            cached = {}
            if is_virtual(fieldname):
                for d, tf in self.term_counts(fieldname, btext).items():
                    cached[d] = numerator * tf / (tf + base + slope * lengths[d])
            for _, offset, ids, weights, _ in self.blocks(fieldname, btext).blocks:
                for d, tf in zip(ids, weights, strict=False):
                    d += offset
                    cached[d] = numerator * tf / (tf + base + slope * lengths[d])
            self.arrays.term_scores.put(key, cached)
        return cached

    def scores(self, q: wq.Query, docnums: Iterable[int]) -> dict[int, float]:
        """BM25 of ``q``'s positive terms for ``docnums`` (documents known to match ``q``).

        Terms in more than half of the articles are skipped when rarer ones are present: their
        IDF is close to zero, yet reading their postings would dominate the cost (an alias group
        brings "of", "in", "Iraq" and "في" along with the names).
        """
        scores = dict.fromkeys(docnums, 0.0)
        if not scores:
            return scores
        leaves: list[tuple[str, bytes, float]] = []
        self._positive_leaves(q, leaves, 1.0)
        total = max(self.reader.doc_count_all(), 1)
        with_df = [(f, b, boost, self.doc_frequency(f, b)) for f, b, boost in dict.fromkeys(leaves)]
        with_df = [item for item in with_df if item[3]]
        rare = [item for item in with_df if item[3] <= total // 2]
        for fieldname, btext, boost, df in rare or with_df:
            partial = self._partials(fieldname, btext, df)
            if len(partial) <= len(scores):
                for d, value in partial.items():
                    if d in scores:
                        scores[d] += value * boost
            else:
                get = partial.get
                for d in scores:
                    value = get(d)
                    if value:
                        scores[d] += value * boost
        return scores


def _is_null(q: wq.Query) -> bool:
    return q is wq.NullQuery or isinstance(q, type(wq.NullQuery))


def handle_parts(index_handle: Any) -> tuple[Any, Any, bool]:
    """(searcher, aliases, owned) from an IndexHandle, a Whoosh index or a Whoosh searcher.

    ``owned``: the searcher was opened here (from a bare Whoosh index) and must be closed here.
    """
    aliases = getattr(index_handle, "aliases", None)
    if hasattr(index_handle, "searcher") and hasattr(index_handle, "store"):
        return index_handle.searcher(), aliases, False
    if hasattr(index_handle, "search") and hasattr(index_handle, "reader"):
        return index_handle, aliases, False  # already a searcher
    return index_handle.searcher(), aliases, True


def warm_up(index_handle: Any, fields: Iterable[str] = ("content", "title"), *, freeze: bool = False) -> None:
    """Read the per-document arrays (dates, languages, field lengths) of the current generation.

    The first search after an index is (re)opened does this otherwise; call it from a background
    thread right after opening so that first search is as fast as the next ones.

    With ``freeze`` the objects alive now (the loaded corpus: every article, paragraph and date)
    are also moved out of the cyclic garbage collector's way (:func:`gc.freeze`): its full
    collections walk all of them, and at 10k articles each one paused a search for ~100 ms. They
    are still freed by reference counting when dropped; only reference cycles among them would
    outlive a corpus reload.
    """
    searcher, aliases, owned = handle_parts(index_handle)
    try:
        arrays = _arrays(searcher)
        reader = searcher.reader()
        for fieldname in fields:
            arrays.lengths(reader, fieldname)
        if aliases is not None:
            try:
                store_alias_phrases(searcher, aliases)
            except Exception:  # a cache: searches check the positions themselves without it
                log.info("alias phrases not stored", exc_info=True)
    finally:
        if owned:
            searcher.close()
    if freeze:
        gc.freeze()


STORE_VALUES_POSTINGS = 300_000
"""Posting values held while storing alias phrases (the words shared by many spellings are read
once per segment; past this, they are read again)."""


def store_alias_phrases(searcher: Any, aliases: Any) -> int:
    """Store the phrase starts of every multi-word alias spelling in each segment of the index that
    has none yet (:class:`~reader.search.alias_cache.PhraseStore`); returns the rows written.

    Why at warm-up: a name query expands to its whole alias group, tens of phrases of common words;
    checking their positions was most of a first search (150-250 ms at 10k articles), and reading
    them stored costs a few milliseconds. Segments never change, so a row is computed once for the
    segment's life (the first warm-up of a 10k index: ~2.5 s of CPU, in the app's background
    warm-up), and an update computes only its new segments. Spellings a query types that the table
    does not list are checked as before.
    """
    arrays = _arrays(searcher)
    done = ("alias phrases stored", id(aliases))
    if arrays.memo.get(done) is aliases:  # this generation, this table: done already
        return 0
    reader = searcher.reader()
    segments = arrays.segment_offsets(reader)
    fields = [f for f in PHRASE_FIELDS if f in reader.schema and positions_decoder(reader.schema[f].format)]
    if arrays.folder is None or not segments or not fields:
        return 0
    analyzer = reader.schema["content"].analyzer  # how a name query analyses its spellings
    spellings: dict[str, tuple[str, ...]] = {}
    for alias in alias_spellings(aliases):
        try:
            words = tuple(t.text for t in analyzer(alias, mode="query"))
        except Exception:  # an analyzer failing on odd input: nothing to store for it
            continue
        if len(words) > 1:
            spellings.setdefault(spelling_key(words), words)
    store = arrays.phrase_store()
    have = store.stored() if store is not None else set()
    current = {segment for segment, _ in segments}
    rows: dict[tuple[str, str, str], StoredStarts] = {}
    for (segment, _), (leaf, _) in zip(segments, reader.leaf_readers(), strict=True):
        for fieldname in fields:
            todo = [key for key in spellings if (fieldname, key, segment) not in have]
            for key, found in _segment_starts(leaf, reader.schema[fieldname], fieldname, todo, spellings):
                rows[(fieldname, key, segment)] = found
    if rows or any(segment not in current for _, _, segment in have):
        write_phrases(arrays.folder, rows, current)
        arrays.reopen_phrases()
    arrays.memo[done] = aliases
    return len(rows)


PHRASE_FIELDS = ("content", "title")
"""Fields whose alias phrase starts are stored: the text (matching, counts, the opening lines) and
the headline (the ranking's headline bonus)."""


def _segment_starts(leaf: Any, field_obj: Any, fieldname: str, todo: list[str],
                    spellings: dict[str, tuple[str, ...]]) -> Iterator[tuple[str, StoredStarts]]:
    """(key, stored starts) of each spelling of ``todo`` in one segment and field."""
    values: dict[str, _Values] = {}
    held = 0
    for key in todo:
        if held > STORE_VALUES_POSTINGS:
            values, held = {}, 0
        per_word = []
        for word in spellings[key]:
            found = values.get(word)
            if found is None:
                found = values[word] = _leaf_values(leaf, field_obj, fieldname, word)
                held += len(found)
            per_word.append(found)
        sets = sorted((v.keys() for v in per_word), key=len)
        candidates = set(sets[0]).intersection(*sets[1:])
        yield key, encode_starts(_adjacent_starts(per_word, candidates))


def _leaf_values(leaf: Any, field_obj: Any, fieldname: str, word: str) -> _Values:
    """One segment's posting values of a word (segment document numbers)."""
    values = _Values()
    values.decoder = positions_decoder(field_obj.format) or decode_positions
    try:
        btext = field_obj.to_bytes(word)
    except (ValueError, TypeError):
        return values
    for ids, _, vals in posting_parts(leaf, fieldname, btext, "values"):
        values.update(zip(ids, vals, strict=False))
    return values


@dataclass
class Matches:
    """The live, filtered articles a parsed query matches: what search ranks and the concordance
    lists, found once, the same way for both."""

    query: wq.Query  # the query run (a plain-words fallback when the parsed one could not run)
    docs: list[int]
    highlight: list[HighlightTerm]  # without prefix/fuzzy expansions (see multiterm_highlights)
    arrays: _Arrays
    engine: _Engine
    language: str | None = None  # the filters applied: language code, first and last day number
    day_from: int | None = None
    day_to: int | None = None


def find_matches(
    searcher: Any,
    parsed: ParsedQuery,
    *,
    lang: str | None,
    date_from: str | None,
    date_to: str | None,
    warnings: list[str],
) -> Matches | None:
    """Documents ``parsed`` matches within the language and date filters; None when there is nothing
    to search (no words and no filter). Problems with the query become ``warnings``, never errors."""
    code, lo, hi, filtered = _filters(parsed, lang, date_from, date_to, warnings)
    q = parsed.query
    if parsed.is_empty:
        if not filtered:
            return None
        q = wq.Every()  # a date or language filter alone lists what it selects
    highlight = list(parsed.terms_for_highlight)
    arrays = _arrays(searcher)
    allowed = arrays.allowed(code, lo, hi)
    engine = _Engine(searcher, arrays)
    if filtered:
        engine.set_scope(allowed)

    def matching(query: wq.Query) -> list[int]:
        return [d for d in engine.docs(query) if allowed[d]]

    try:
        matched = matching(q)
        if not matched and parsed.fallback and parsed.fallback_or is not None:
            matched = matching(parsed.fallback_or)
            if matched:
                warnings.append("No article has all the words; showing articles with any of them.")
                q = parsed.fallback_or
                highlight = highlight_terms(q)
    except Exception as exc:  # a query Whoosh cannot run becomes a plain search
        q, _ = plain_terms_query(parsed.text, parsed.default_field)
        warnings.append(f"The query could not be run ({type(exc).__name__}); searched for the words instead.")
        highlight = highlight_terms(q)
        if _is_null(q):
            if not filtered:
                return None
            q = wq.Every()
        matched = matching(q)
    return Matches(q, matched, highlight, arrays, engine, code, lo, hi)


def search(
    index_handle: Any,
    text: str,
    *,
    lang: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    sort: str = "relevance",
    limit: int = 20,
    exact: bool = False,
    variants: bool = False,
    kwic: bool = False,
    aliases: Any = None,
    ranking: str = "graded",
    ids_only: bool = False,
) -> SearchResponse:
    """Search an open index; never raises on user input (problems become ``warning``).

    ``index_handle`` is an :class:`~reader.search.indexer.IndexHandle` (its per-thread searcher is
    reused), a Whoosh index or a Whoosh searcher. ``aliases`` overrides the handle's alias table.
    ``ranking`` is one of :data:`RANKINGS` (``bm25`` only for comparisons; an unknown value is
    treated as ``graded``). ``ids_only`` lists every matching id in ``ids`` (no limit, in the
    ``sort`` order) and builds no hits: counting a saved search's new hits needs no snippets.
    """
    searcher, handle_aliases, owned = handle_parts(index_handle)
    try:
        return _search(searcher, text, lang=lang, date_from=date_from, date_to=date_to, sort=sort,
                       limit=limit, exact=exact, variants=variants, kwic=kwic,
                       aliases=aliases if aliases is not None else handle_aliases,
                       ranking=ranking if ranking in RANKINGS else "graded", ids_only=ids_only)
    finally:
        if owned:
            searcher.close()


def _search(
    searcher: Any,
    text: str,
    *,
    lang: str | None,
    date_from: str | None,
    date_to: str | None,
    sort: str,
    limit: int,
    exact: bool,
    variants: bool,
    kwic: bool,
    aliases: Any,
    ranking: str = "graded",
    ids_only: bool = False,
) -> SearchResponse:
    parsed = parse_query(text, exact=exact, variants=variants, aliases=aliases)
    warnings: list[str] = [parsed.warning] if parsed.warning else []
    if sort not in ("relevance", "date"):
        warnings.append(f'Unknown sort "{sort}"; sorted by relevance.')
        sort = "relevance"
    try:
        limit = max(0, min(int(limit), MAX_LIMIT))
    except (TypeError, ValueError):
        limit = 20
    found = find_matches(searcher, parsed, lang=lang, date_from=date_from, date_to=date_to, warnings=warnings)
    if found is None:
        return SearchResponse(parsed.text, 0, _join(warnings), [], {}, parsed.matched_aliases, kwic)
    q, matched, highlight = found.query, found.docs, found.highlight
    arrays, engine = found.arrays, found.engine
    months = Counter(arrays.month[d] for d in matched)
    by_month = {m: months[m] for m in sorted(months) if m}
    ranker = Ranker(engine, units_of(q, parsed, engine.expand))
    score_of = (lambda docs: engine.scores(q, docs)) if ranking == "bm25" else ranker.scores
    if ids_only:
        day, ids = arrays.day, arrays.column(searcher.reader(), "id")
        if sort == "date":
            order = sorted(matched, key=lambda d: (-(day[d] or 0), d))
        else:
            scored = score_of(matched)
            order = sorted(matched, key=lambda d: (-scored[d], d))
        return SearchResponse(parsed.text, len(matched), _join(warnings), [], by_month,
                              parsed.matched_aliases, ids=[ids[d] for d in order])
    if sort == "date":
        day = arrays.day
        top_docs = heapq.nlargest(limit, matched, key=lambda d: (day[d] or 0, -d))
        scores = score_of(top_docs)
    else:
        scores = score_of(matched)
        top_docs = heapq.nlargest(limit, matched, key=lambda d: (scores[d], -d))
    if ranking == "bm25":
        ranker.scores(top_docs)  # the per-unit counts "why" reads
    top = [(d, scores.get(d, 0.0)) for d in top_docs]
    highlight += multiterm_highlights(q, engine.expand)
    filters = _filter_reasons(found.language, found.day_from, found.day_to)
    plan = highlight_plan(highlight, _lexicon(searcher, arrays))  # grouped once for every hit's scan
    hits = []
    for d, score in top:
        hit = _hit(searcher.stored_fields(d), score, plan, kwic)
        if hit.matches_truncated:
            hit.match_count = max(hit.match_count or 0, index_count(engine, highlight, d, hit.title))
        hit.why = ranker.why(d, hit.title) + [_dated(reason, hit.date) for reason in filters]
        hits.append(hit)
    return SearchResponse(parsed.text, len(matched), _join(warnings), hits, by_month, parsed.matched_aliases,
                          kwic, alias_problems=_alias_problems(aliases))


def _lexicon(searcher: Any, arrays: _Arrays) -> Lexicon | None:
    """The lexicon of the searcher's index, looked up once per generation (None when it cannot be
    found: hits are then scanned by analysing their words). A lexicon written since covers more
    forms, never fewer: the generation's own serves its hits."""
    key = ("lexicon",)
    if key not in arrays.memo:
        try:
            arrays.memo[key] = lexicon_of(searcher.reader())
        except Exception:  # an unusual searcher: the slower scan gives the same spans
            arrays.memo[key] = None
    return arrays.memo[key]


def _alias_problems(aliases: Any) -> list[str]:
    problems = getattr(aliases, "problems", None) or []
    return [str(p) for p in problems]


def _hit(stored: dict[str, Any], score: float, plan: HighlightPlan, kwic: bool) -> Hit:
    text = stored.get("content", "") or ""
    scan = scan_spans(text, plan, limit=MAX_MATCHES, budget=SCAN_BUDGET)
    spans = scan.spans
    return Hit(
        id=stored.get("id", ""),
        title=stored.get("title", "") or "",
        date=stored.get("date") or None,
        language=stored.get("lang", "") or "",
        score=score,
        snippet=snippet_of(text, spans),
        matches=spans,
        matched_aliases=scan.aliases,
        kwic=kwic_lines(text, spans) if kwic else [],
        match_count=len(spans),
        matches_truncated=not scan.complete,
    )


def _term_frequency(reader: Any, fieldname: str, btext: bytes, docnum: int) -> int:
    """How often a term occurs in one document (read from its postings, not from the text)."""
    try:
        m = reader.postings(fieldname, btext)
    except TermNotFound:
        return 0
    m.skip_to(docnum)
    return int(m.weight()) if m.is_active() and m.id() == docnum else 0


def index_count(engine: Any, terms: Iterable[HighlightTerm], docnum: int, title: str = "") -> int:
    """Occurrences of ``terms`` in one article's text, counted from the index, not from the text.

    For an article with more matches than a hit keeps: a term's frequency costs microseconds where
    finding a million matches in the text costs seconds; a phrase's positions were decoded (and
    cached for the index generation) when the search checked it. The index holds title and text
    together, so the title's matches are taken off. A spelling nested in a longer one (Hezbollah in
    Kata'ib Hezbollah) counts for both, where the text marks one span.
    """
    schema, total = engine.reader.schema, 0
    for fieldname, words in dict.fromkeys((t.field, t.words) for t in terms if t.words):
        if not engine.has_field(fieldname):
            continue
        try:
            btexts = [engine.term_bytes(fieldname, w) for w in words]
        except (ValueError, TypeError):
            continue
        if len(btexts) == 1 or is_virtual(fieldname) or positions_decoder(schema[fieldname].format) is None:
            total += min(engine.tf_in(fieldname, b, docnum) for b in btexts)
            continue
        starts: set[int] | None = None
        for k, btext in enumerate(btexts):
            values = engine.values_of(fieldname, btext)
            positions = engine.positions_in(values, docnum) if docnum in values else ()
            shifted = set(map((-k).__add__, positions))
            starts = shifted if starts is None else starts & shifted
            if not starts:
                break
        total += len(starts or ())
    return max(0, total - len(scan_spans(title, terms).spans)) if title else total


def _day_text(value: int) -> str:
    """A ``day`` bound as the user would write it: 20200300/20200399 → 2020-03."""
    year, month, day = value // 10_000, value // 100 % 100, value % 100
    if month in (0, 99):
        return f"{year}"
    if day in (0, 99):
        return f"{year}-{month:02d}"
    return f"{year}-{month:02d}-{day:02d}"


def _filter_reasons(code: str | None, lo: int | None, hi: int | None) -> list[str]:
    """The filters every hit passed, as "why" sentences (dates as typed: 2020-03, 2020 to 2021-06)."""
    out: list[str] = []
    low = _day_text(lo) if lo and lo > 1 else None
    high = _day_text(hi) if hi and hi < 99_999_999 else None
    if low and high:
        out.append(f"date filter {low}" if low == high else f"date filter {low} to {high}")
    elif low:
        out.append(f"date filter from {low}")
    elif high:
        out.append(f"date filter up to {high}")
    if code:
        out.append(f"language filter {code}")
    return out


def _dated(reason: str, date: str | None) -> str:
    return f"{reason} (dated {date})" if date and reason.startswith("date filter") else reason


def _join(warnings: list[str]) -> str | None:
    parts = [w for w in dict.fromkeys(warnings) if w]
    return " ".join(parts) if parts else None
