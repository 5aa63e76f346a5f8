"""Graded relevance: how the searcher orders hits, and the sentences that say why an article matched.

Why not plain BM25 (kept as ``ranking="bm25"`` for comparison): in a focused corpus the names a
researcher searches for occur in most articles, and BM25's idf ``log(1 + (N - df + .5) / (df + .5))``
goes to ~0 exactly for them, so articles that mention the name eight times score like those that
mention it once. Here:

* a query is cut into *units*: a typed word, a quoted phrase, a prefix or fuzzy term, or a name
  expanded over its alias group (all spellings of the group form one unit);
* a unit's weight is ``log(1 + N / df)`` (df: articles with any of its spellings), which never
  reaches zero (``log 2`` for a unit in every article), so counts still separate articles;
* within a unit the spellings count with different weights: the spelling typed and its spellings
  in the other script (an English name's Arabic alias) 1.0, another alias 0.8, a prefix or fuzzy
  expansion 0.8, a transliteration variant 0.7; an occurrence inside a longer spelling counts once.
  An Arabic article cannot use a Latin spelling: there, the Arabic name *is* the name typed, and
  counting it lower would scale every article of the other language down for a cross-script query;
  the weighted count is saturated as in BM25 (``k1``, ``b``) with article length normalised *per
  language* (Arabic tokens carry their clitics, so Arabic articles are shorter in tokens);
* on top come bonuses for what a reader notices: the headline holding the unit, the text naming it
  in its opening lines (the first quarter; news puts its subject first, so a name first met
  halfway down is usually a passing mention), the typed spelling present (its other-script alias
  counts as present in articles of the other script), its exact surface form, and, when the typed
  spelling is rarer than the usual spelling of the name in its script, a bonus growing with how
  much rarer it is (typing the one rare spelling asks for the article that uses it; typing the
  usual one asks for nothing more than the name).

So an English and an Arabic article that each name the entity in the headline and a few times in
the text score alike for a cross-script name, and within a language the typed spelling, the
headline and the number of mentions decide. Everything read from the postings is cached per index
generation by the engine, and only matching articles are scored.

The weights were tuned on the judged set in ``tests/data/relevance`` (there is no held-out set);
``benchmarks/bench_relevance.py`` compares this ranking with BM25 on it. The opening-lines bonus is
not fitted to a query: any ``LEAD_SHARE`` from 0.15 to 0.25 with ``LEAD_BONUS`` from 0.5 to 1.0
beats BM25 on every query type of that set (0.25 and 1.0 are kept); without it, date-filtered
queries lose to BM25 (0.975 against 0.992 nDCG@10).
"""

from __future__ import annotations

import math
import struct
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from whoosh import query as wq

from reader.search.query import FastPhrase, NameMatch, ParsedQuery, positions_decoder
from reader.search.schema import position_array

__all__ = ["Ranker", "Spelling", "Unit", "units_of"]

K1 = 1.2
B = 0.5

TYPED = "typed"
CROSS = "cross-script alias"
ALIAS = "alias"
VARIANT = "variant"
EXPANDED = "expanded"

WEIGHTS = {TYPED: 1.0, CROSS: 1.0, ALIAS: 0.8, VARIANT: 0.7, EXPANDED: 0.8}
"""How much one occurrence of each kind of spelling counts, relative to the spelling typed."""
PRESENT_BONUS = 0.15
"""Added (times the unit's idf) when the typed spelling, or its other-script alias, occurs at all."""
EXACT_BONUS = 0.1
"""Added (times the unit's idf) when the typed surface form itself occurs, not only its stem."""
SPELLING_BONUS = 0.8
"""Added with the exact form, times how much rarer the typed spelling is than the name's usual
spelling in the same script (its idf minus that spelling's): typing the one rare spelling
"Hizballah" asks for the article using it. Measured within the script, because the typed spelling
cannot occur in articles of the other script: against the whole group, a bilingual corpus made even
the usual spelling look rare, and a passing mention in it outranked articles about the name."""
TITLE_BONUS = 1.2
"""Added (times the unit's idf and the best kind weight there) when the unit is in the headline."""
LEAD_BONUS = 1.0
"""Added (times the unit's idf and the kind weight of its first mention) when the text names the
unit at its very start, falling linearly to 0 at ``LEAD_SHARE`` of the text. In the judged set the
first mention of what an article is about sits in the first sixth of its text (median), of a passing
mention at 40%."""
LEAD_SHARE = 0.25
"""How far into the text (a share of its words, the headline not counted) a first mention still
earns part of the lead bonus."""
_FIRST_POSITION = struct.Struct("=I")
"""A ``content`` posting value's first position: native uint32 after the 4-byte count."""
MIN_SCORE = 0.01
"""Floor for a matched article whose counts could not be read (e.g. a phrase with slop)."""


@dataclass(frozen=True)
class Spelling:
    """One (field, analysed words) a unit matches, and how it relates to what was typed."""

    field: str
    words: tuple[str, ...]
    kind: str
    text: str  # as typed or as written in the alias table


@dataclass
class Unit:
    """One thing the user asked for: a word, a phrase, a prefix, or a name over its aliases."""

    label: str
    spellings: list[Spelling] = field(default_factory=list)
    exact: tuple[str, ...] = ()  # exact-field words of the typed spelling, for the exact bonus
    name: NameMatch | None = None
    pattern: str = ""  # "prefix" or "fuzzy" for expansions
    boost: float = 1.0


def _is_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" for ch in text)


def _exact_words(text: str) -> tuple[str, ...]:
    from reader.search.schema import shared_schema

    try:
        return tuple(t.text for t in shared_schema()["exact"].analyzer(text, mode="query"))
    except Exception:  # an analyzer failing on odd input: no exact bonus
        return ()


def units_of(q: wq.Query, parsed: ParsedQuery, expand: Any) -> list[Unit]:
    """The positive units of ``q`` (nothing under NOT), alias spellings grouped per name."""
    lookup: dict[tuple[str, tuple[str, ...]], NameMatch] = {}
    for name in parsed.names:
        for words in name.spellings:
            lookup.setdefault((name.field, words), name)
    by_name: dict[int, Unit] = {}
    units: list[Unit] = []

    def leaf(fieldname: str, words: tuple[str, ...], boost: float) -> None:
        name = lookup.get((fieldname, words))
        if name is not None:
            unit = by_name.get(id(name))
            if unit is None:
                unit = by_name[id(name)] = Unit(name.typed, exact=_exact_words(name.typed), name=name,
                                                boost=boost)
                units.append(unit)
            text = name.spellings[words]
            if words == name.typed_words:
                kind = TYPED
            else:
                kind = CROSS if _is_arabic(text) != _is_arabic(name.typed) else ALIAS
            unit.spellings.append(Spelling(fieldname, words, kind, text))
            return
        typed = parsed.typed_forms.get((fieldname, words), " ".join(words))
        kind = VARIANT if fieldname == "variants" else TYPED
        units.append(Unit(typed, [Spelling(fieldname, words, kind, typed)], exact=_exact_words(typed),
                          boost=boost))

    def walk(node: wq.Query, boost: float) -> None:
        if isinstance(node, wq.Not) or node is wq.NullQuery or isinstance(node, type(wq.NullQuery)):
            return
        if isinstance(node, wq.AndNot):
            walk(node.a, boost)
            return
        if isinstance(node, wq.Phrase):
            leaf(node.fieldname, tuple(node.words), boost * node.boost)
            return
        if isinstance(node, wq.MultiTerm):
            text = getattr(node, "text", "")
            pattern = "fuzzy" if isinstance(node, wq.FuzzyTerm) else "prefix"
            label = f"{text}~" if pattern == "fuzzy" else (text if "*" in text else f"{text}*")
            unit = Unit(label, pattern=pattern, boost=boost * node.boost)
            for fieldname, btext in expand(node):
                word = btext.decode("utf-8") if isinstance(btext, bytes) else str(btext)
                unit.spellings.append(Spelling(fieldname, (word,), EXPANDED, word))
            if unit.spellings:
                units.append(unit)
            return
        if isinstance(node, wq.Term):
            if isinstance(node.text, str):
                leaf(node.fieldname, (node.text,), boost * node.boost)
            return
        if node.is_leaf():
            return
        for child in node.children():
            walk(child, boost * getattr(node, "boost", 1.0))

    walk(q, 1.0)
    return units


@dataclass
class _Stats:
    """Per unit: each spelling's occurrences per document (nested ones discounted), headlines."""

    counts: list[dict[int, int]] = field(default_factory=list)  # parallel to the unit's spellings
    titles: list[frozenset[int]] = field(default_factory=list)
    exact: frozenset[int] = frozenset()
    idf: float = 0.0
    typed_idf: float = 0.0
    rarity: float = 0.0  # how much rarer the typed spelling is than the usual one in its script
    leads: dict[int, float] = field(default_factory=dict)  # document -> lead bonus factor (0..1]


class Ranker:
    """Scores matching documents by graded relevance and explains each score in sentences."""

    def __init__(self, engine: Any, units: list[Unit]) -> None:
        self.engine = engine
        self.units = units
        self.total = max(engine.reader.doc_count_all(), 1)
        self._stats: list[_Stats] = []

    # -- counts read from the index (cached per generation by the engine's arrays) --------------

    def _counts(self, spelling: Spelling) -> dict[int, int]:
        """Occurrences of a spelling per document: term frequency, or adjacent phrase occurrences."""
        key = ("graded-count", spelling.field, spelling.words)
        arrays = self.engine.arrays
        cached = arrays.term_scores.get(key)
        if cached is not None:
            return cached
        engine = self.engine
        if not engine.has_field(spelling.field):
            cached = {}
        elif len(spelling.words) == 1:
            cached = engine.term_tf(spelling.field, engine.term_bytes(spelling.field, spelling.words[0]))
        else:
            cached = self._phrase_counts(spelling.field, spelling.words)
        arrays.term_scores.put(key, cached)
        return cached

    def _phrase_counts(self, fieldname: str, words: tuple[str, ...]) -> dict[int, int]:
        engine = self.engine
        if fieldname not in engine.reader.schema:  # a virtual field keeps no positions: all words there
            sets = [engine.term_docs(fieldname, engine.term_bytes(fieldname, w)) for w in words]
            return dict.fromkeys(frozenset.intersection(*sets), 1)
        field_obj = engine.reader.schema[fieldname]
        if positions_decoder(field_obj.format) is None:
            return dict.fromkeys(engine.phrase_docs(FastPhrase(fieldname, list(words))), 1)
        starts = engine.phrase_starts(fieldname, [field_obj.to_bytes(w) for w in words])
        return {d: len(found) for d, found in starts.items()}

    def _positions_of(self, spelling: Spelling) -> Any:
        """``docnum -> sorted positions`` where the spelling starts (its words consecutive)."""
        engine = self.engine
        field_obj = engine.reader.schema[spelling.field]
        words = [field_obj.to_bytes(w) for w in spelling.words]
        if len(words) > 1:
            return engine.phrase_starts(spelling.field, words).get
        values = engine.values_of(spelling.field, words[0])
        return lambda d: engine.positions_in(values, d) if d in values else ()

    def _openings(self, spelling: Spelling, counts: dict[int, int]) -> dict[int, float]:
        """Documents of ``counts`` whose text (the headline apart) names the spelling in its first
        ``LEAD_SHARE``, with how far in (0 at the first word .. 1 at ``LEAD_SHARE``). Sparse."""
        engine, arrays = self.engine, self.engine.arrays
        schema = engine.reader.schema
        if not counts or spelling.field not in schema:
            return {}
        decoder = positions_decoder(schema[spelling.field].format)
        if decoder is None:
            return {}  # exact and variants keep no positions
        lengths = arrays.lengths(engine.reader, "content")
        headlines = arrays.lengths(engine.reader, "title")  # the indexed text is headline + text
        if len(spelling.words) == 1 and decoder is position_array:
            return self._word_openings(spelling, counts, lengths, headlines)
        positions_of = self._positions_of(spelling)
        out: dict[int, float] = {}
        for d, n in counts.items():
            if not n:
                continue
            positions = positions_of(d) or ()
            headline = headlines[d]
            i = bisect_left(positions, headline)  # the first occurrence in the text
            if i < len(positions):
                reach = LEAD_SHARE * max(lengths[d] - headline, 1)
                if positions[i] - headline < reach:
                    out[d] = (positions[i] - headline) / reach
        return out

    def _word_openings(self, spelling: Spelling, counts: dict[int, int], lengths: list[int],
                       headlines: list[int]) -> dict[int, float]:
        """:meth:`_openings` of one word of ``content``: its first position is read from the posting
        value in place (4 bytes), the whole list decoded only when that one is in the headline.
        Every article holding an alias group's one-word spellings is looked at, so this is most of
        a first name search's ranking."""
        engine = self.engine
        values = engine.values_of(spelling.field, engine.term_bytes(spelling.field, spelling.words[0]))
        out: dict[int, float] = {}
        first_at = _FIRST_POSITION.unpack_from
        for d, n in counts.items():
            if not n:
                continue
            value = values.get(d)
            if value is None:
                continue
            headline = headlines[d]
            if type(value) is bytes and len(value) >= 8 and (first := first_at(value, 4)[0]) >= headline:
                where = first
            else:
                positions = engine.positions_in(values, d)
                i = bisect_left(positions, headline)  # the first occurrence in the text
                if i == len(positions):
                    continue
                where = positions[i]
            reach = LEAD_SHARE * max(lengths[d] - headline, 1)
            if where - headline < reach:
                out[d] = (where - headline) / reach
        return out

    def _in_title(self, spelling: Spelling) -> frozenset[int]:
        """Documents whose headline holds the spelling (stemmed fields only: title is stemmed)."""
        if spelling.field != "content" or "title" not in self.engine.reader.schema:
            return frozenset()
        key = ("graded-title", spelling.words)
        arrays = self.engine.arrays
        cached = arrays.term_docs.get(key)
        if cached is None:
            field_obj = self.engine.reader.schema["title"]
            if len(spelling.words) == 1:
                cached = self.engine.term_docs("title", field_obj.to_bytes(spelling.words[0]))
            else:
                cached = frozenset(self.engine.phrase_docs(FastPhrase("title", list(spelling.words))))
            arrays.term_docs.put(key, cached)
        return cached

    def _exact_docs(self, unit: Unit) -> frozenset[int]:
        """Documents holding every exact-field word of the typed spelling (its surface form)."""
        if not unit.exact or not self.engine.has_field("exact") or unit.pattern:
            return frozenset()
        engine = self.engine
        sets = sorted((engine.term_docs("exact", engine.term_bytes("exact", w)) for w in unit.exact), key=len)
        result = set(sets[0])
        for other in sets[1:]:
            result &= other
        return frozenset(result)

    # -- scoring ---------------------------------------------------------------------------------

    def _unit_stats(self, unit: Unit) -> _Stats:
        stats = _Stats()
        everywhere: set[int] = set()
        usual = 0  # documents of the commonest spelling in the typed spelling's script
        for spelling in unit.spellings:
            counts = self._counts(spelling)
            everywhere.update(counts)
            if spelling.kind == TYPED and counts:
                stats.typed_idf = max(stats.typed_idf, self._idf(len(counts)))
            if spelling.kind != CROSS:
                usual = max(usual, len(counts))
            stats.counts.append(counts)
            stats.titles.append(self._in_title(spelling))
        stats.exact = self._exact_docs(unit)
        if stats.exact:  # the surface form typed ("drones") may be rarer than its stem ("drone")
            stats.typed_idf = max(stats.typed_idf, self._idf(len(stats.exact)))
        if stats.typed_idf and usual:
            stats.rarity = max(stats.typed_idf - self._idf(usual), 0.0)
        stats.counts = _discount_nested(unit.spellings, stats.counts)
        # One idf for all spellings of a unit: how common a spelling is says nothing about the
        # entity. The typed spelling's own (rarer) idf only weighs the spelling bonus.
        stats.idf = self._idf(len(everywhere))
        stats.typed_idf = max(stats.typed_idf, stats.idf)
        stats.leads = self._leads(unit, stats)
        return stats

    def _leads(self, unit: Unit, stats: _Stats) -> dict[int, float]:
        """Per document whose opening names the unit: the lead bonus factor, from the earliest
        mention over the spellings and that spelling's kind weight. Cached per generation for the
        unit's spellings (positions are decoded once; a repeated query only looks them up)."""
        key = ("graded-leads", tuple((s.field, s.words, s.kind) for s in unit.spellings))
        arrays = self.engine.arrays
        cached = arrays.term_scores.get(key)
        if cached is not None:
            return cached
        first: dict[int, tuple[float, float]] = {}
        for spelling, counts in zip(unit.spellings, stats.counts, strict=True):
            weight = WEIGHTS[spelling.kind]
            for d, where in self._openings(spelling, counts).items():  # none once nested in a longer one
                if d not in first or where < first[d][0]:
                    first[d] = (where, weight)
        cached = {d: weight * (1.0 - where) for d, (where, weight) in first.items()}
        arrays.term_scores.put(key, cached)
        return cached

    def _idf(self, df: int) -> float:
        """``log(1 + N / df)``: ``log 2`` for a unit in every article, never zero or below."""
        return math.log(1.0 + self.total / max(df, 1))

    def _norms(self) -> list[float]:
        """BM25's length factor per document, against the average length of its own language."""
        arrays, reader = self.engine.arrays, self.engine.reader
        key = ("graded-norms", K1, B)
        cached = arrays.memo.get(key)
        if cached is None:
            lengths = arrays.lengths(reader, "content")
            averages = arrays.language_lengths(reader, "content")
            base, slope = K1 * (1 - B), K1 * B
            cached = [base + slope * n / averages.get(lang, 1.0) for n, lang in zip(lengths, arrays.lang,
                                                                                        strict=False)]
            arrays.memo[key] = cached
        return cached

    def scores(self, docnums: Iterable[int]) -> dict[int, float]:
        """Graded score of each document (documents known to match the query).

        Per unit: ``idf * saturate(sum of weight(kind) * count)`` over its spellings, plus bonuses
        for the headline, a mention in the opening lines, the typed spelling (or its other-script
        alias) being there, the typed surface form itself and, for a typed spelling rarer than the
        usual one in its script, how much rarer.
        """
        docs = set(docnums)
        scores = dict.fromkeys(docs, 0.0)
        if not docs or not self.units:
            return scores
        norms = self._norms()
        self._stats = [self._unit_stats(unit) for unit in self.units]
        for unit, stats in zip(self.units, self._stats, strict=True):
            self._score_unit(unit, stats, docs, norms, scores)
        for d, value in scores.items():
            if value <= 0.0:
                scores[d] = MIN_SCORE
        return scores

    @staticmethod
    def _score_unit(unit: Unit, stats: _Stats, docs: set[int], norms: list[float],
                    scores: dict[int, float]) -> None:
        """Add one unit's contribution to ``scores`` (see :meth:`scores`); plain loops, no per-
        document objects: this runs over every matching article."""
        idf = stats.idf
        if len(unit.spellings) == 1:  # most units: one word or phrase, weight 1
            tf: dict[int, float] = _restrict(stats.counts[0], docs)  # type: ignore[assignment]
            weight = WEIGHTS[unit.spellings[0].kind]
            if weight != 1.0:
                tf = {d: weight * n for d, n in tf.items()}
        else:
            tf = {}
            for spelling, counts in zip(unit.spellings, stats.counts, strict=True):
                weight = WEIGHTS[spelling.kind]
                for d, n in _restrict(counts, docs).items():
                    tf[d] = tf.get(d, 0.0) + weight * n
        typed: set[int] = set()
        cross: set[int] = set()
        titled: dict[int, float] = {}
        for spelling, counts, heads in zip(unit.spellings, stats.counts, stats.titles, strict=True):
            if spelling.kind == TYPED:
                typed |= _present(counts, tf)
            elif spelling.kind == CROSS:
                cross |= _present(counts, tf)
            if heads:
                weight = WEIGHTS[spelling.kind]
                for d in (heads & docs) if len(heads) < len(docs) else [d for d in docs if d in heads]:
                    if titled.get(d, 0.0) < weight:
                        titled[d] = weight
        if any(sp.kind == VARIANT for sp in unit.spellings):
            typed.update(d for d in stats.exact if d in tf)  # the typed form among its variants
        cross -= typed
        present = PRESENT_BONUS * idf
        exact_bonus = EXACT_BONUS * idf + SPELLING_BONUS * stats.rarity
        exact = stats.exact
        other_script = (PRESENT_BONUS + EXACT_BONUS) * idf * WEIGHTS[CROSS]
        heading = TITLE_BONUS * idf
        lead, leads = LEAD_BONUS * idf, stats.leads
        k1_1 = K1 + 1
        boost = unit.boost
        for d in titled.keys() - tf.keys():  # a headline-only match (not in the text's counts)
            tf[d] = 0.0
        for d, n in tf.items():
            total = idf * n * k1_1 / (n + norms[d]) if n else 0.0
            if d in typed:
                total += present + (exact_bonus if d in exact else 0.0)
            elif d in cross:
                total += other_script
            if d in titled:
                total += heading * titled[d]
            if d in leads:
                total += lead * leads[d]
            scores[d] += boost * total

    # -- explaining ------------------------------------------------------------------------------

    def why(self, docnum: int, title: str | None = None) -> list[str]:
        """Short sentences saying which spellings, forms and headline matches made this a hit.

        ``title``: the stored headline, when the caller has it already (else it is read here).
        """
        out: list[str] = []
        title = self._title_of(docnum) if title is None else title
        for unit, stats in zip(self.units, self._stats, strict=False):
            found = []
            for spelling, counts, heads in zip(unit.spellings, stats.counts, stats.titles, strict=True):
                n = counts.get(docnum, 0)
                # The indexed text is headline + text: take the headline's occurrences out of n.
                in_title = _occurrences(_analysed_words(spelling.field, title), spelling.words)
                if docnum in heads:
                    in_title = max(in_title, 1)
                if n or in_title:
                    found.append((spelling, max(n - in_title, 0), in_title > 0, n))
            found.sort(key=lambda item: (-WEIGHTS[item[0].kind], -item[3]))
            for spelling, text_n, in_title, n in found:
                exact = docnum in stats.exact
                mixed = exact and spelling.kind in (TYPED, VARIANT) and self._exact_count(unit, docnum) < n
                out.append(self._sentence(unit, spelling, text_n, in_title, exact, mixed))
        return list(dict.fromkeys(out))

    def _title_of(self, docnum: int) -> str:
        try:
            return str(self.engine.searcher.stored_fields(docnum).get("title") or "")
        except Exception:  # a document that cannot be read: no headline to report
            return ""

    def _exact_count(self, unit: Unit, docnum: int) -> int:
        """Occurrences of the typed surface form (one word only: ``exact`` keeps no positions)."""
        if len(unit.exact) != 1 or not self.engine.has_field("exact"):
            return 1 << 30  # unknown: take the count of its matches as exact
        return self._counts(Spelling("exact", unit.exact, TYPED, unit.label)).get(docnum, 0)

    @staticmethod
    def _sentence(unit: Unit, spelling: Spelling, n: int, in_title: bool, exact: bool, mixed: bool) -> str:
        """One "why" sentence: ``n`` occurrences in the text (headline apart); ``mixed``: the typed
        form is there, but not for all of them."""
        where = _where(in_title, n)
        if mixed:
            other = "variant spellings" if spelling.kind == VARIANT or spelling.field == "variants" else (
                "other forms (stem or folded spelling)")
            return f"exact spelling “{unit.label}” and {other} {where}"
        if unit.pattern == "prefix":
            return f"“{spelling.text}”, a word starting with “{unit.label.rstrip('*')}”, {where}"
        if unit.pattern == "fuzzy":
            return f"“{spelling.text}”, a close spelling of “{unit.label.rstrip('~')}”, {where}"
        if spelling.kind == TYPED:
            if spelling.field == "variants":
                return f"variant spelling of “{unit.label}” {where}"
            if exact:
                return f"exact spelling “{unit.label}” {where}"
            return f"“{unit.label}” in another form (stem or folded spelling) {where}"
        if spelling.kind == VARIANT:
            label = "exact spelling" if exact else "variant spelling of"
            return f"{label} “{unit.label}” {where}"
        return f"matched “{spelling.text}” (alias of {unit.label}) {where}"


@lru_cache(maxsize=4096)
def _analysed_words(fieldname: str, text: str) -> tuple[str, ...]:
    """A headline as one field's analyzer indexes it (cached: hits are shown again and again)."""
    from reader.search.schema import shared_schema

    schema = shared_schema()
    if not text or fieldname not in schema:
        return ()
    try:
        return tuple(t.text for t in schema[fieldname].analyzer(text))
    except Exception:  # an analyzer failing on odd input: count nothing
        return ()


def _occurrences(words: tuple[str, ...], phrase: tuple[str, ...]) -> int:
    n = len(phrase)
    if not n or len(words) < n:
        return 0
    return sum(1 for i in range(len(words) - n + 1) if words[i:i + n] == phrase)


def _contains(outer: tuple[str, ...], inner: tuple[str, ...]) -> bool:
    """``inner`` occurs as consecutive words of the longer ``outer``."""
    n = len(inner)
    return len(outer) > n and any(outer[i:i + n] == inner for i in range(len(outer) - n + 1))


def _restrict(counts: dict[int, int], docs: set[int]) -> dict[int, int]:
    """The entries of ``counts`` for ``docs`` (walking the smaller of the two)."""
    if len(counts) <= len(docs):
        return {d: n for d, n in counts.items() if n and d in docs}
    get = counts.get
    return {d: n for d in docs if (n := get(d))}


def _present(counts: dict[int, int], tf: dict[int, float]) -> set[int]:
    """Documents of ``tf`` where ``counts`` has occurrences (walking the smaller of the two)."""
    if len(tf) <= len(counts):
        return {d for d in tf if counts.get(d)}
    return {d for d, n in counts.items() if n and d in tf}


def _discount_nested(spellings: list[Spelling], counts: list[dict[int, int]]) -> list[dict[int, int]]:
    """Count an occurrence once when one spelling lies inside another ("al-Nujaba" inside "Harakat
    Hezbollah al-Nujaba", "Soleimani" inside "Qassem Soleimani"), for the spelling that weighs
    more: the inner one if it counts at least as much (the typed name), else the longer one.

    Returns new maps for the discounted spellings (the given ones are shared caches)."""
    inside = [[j for j, o in enumerate(spellings) if o.field == s.field and _contains(o.words, s.words)]
              for s in spellings]
    if not any(inside):
        return counts
    out = list(counts)
    for i, spelling in enumerate(spellings):
        # A longer spelling around one that counts as much or more (the typed "Kata'ib Hezbollah"
        # inside the alias "Kata'ib Hezbollah Iraq") gives its occurrences to that one.
        if any(i in inside[j] and WEIGHTS[spellings[j].kind] >= WEIGHTS[spelling.kind]
               for j in range(len(spellings))):
            out[i] = {}
    for i in sorted(range(len(spellings)), key=lambda k: -len(spellings[k].words)):
        if not inside[i]:
            continue
        # Longer spellings come first in this order, so out[j] already holds their own counts.
        own = dict(out[i])
        for j in inside[i]:
            for d, n in out[j].items():
                if d in own:
                    own[d] = max(own[d] - n, 0)
        out[i] = own
    return out


def _where(in_title: bool, n: int) -> str:
    times = "once" if n == 1 else f"{n} times"
    if in_title and n:
        return f"in the headline and {times} in the text"
    if in_title:
        return "in the headline"
    return f"{times} in the text"
