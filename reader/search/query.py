"""Turn what a researcher types into a Whoosh query, and never fail doing it.

Why not just ``QueryParser.parse``: Whoosh's parser raises on ordinary typos (``NOT AND ``,
``0 ANDNOT ANDNOT ``, a lone surrogate pasted from a PDF, deep parentheses), expands ``a*`` into
every term of the index, treats the Arabic question mark ``؟`` as a wildcard and knows nothing of our
name aliases or date syntax. Here:

* the text is sanitised first (control characters, lone surrogates and private-use characters
  removed; typographic quotes « » “ ” read as ``"``; at most :data:`MAX_QUERY_CHARS` characters and
  :data:`MAX_DEPTH` nested parentheses);
* ``date:[2020-01 TO 2020-03]``, ``date:2020-03``, ``from:2020-01`` and ``to:2020-03`` are taken out
  and become a range on the ``day`` field; ``~~word`` means "this word in variants mode";
* names found in the alias table (a quoted phrase, or the longest run of plain words that names a
  group: ``Kataib Hezbollah``, ``كتائب حزب الله``) become an OR of every spelling of the group, each
  as a phrase;
* ``-word`` means ``NOT word`` (outside quotes, at the start of a word);
* Whoosh parses the rest (AND by default, OR, NOT, ANDNOT, "phrases", ``*``, ``~``, ``title:``,
  ``outlet:``, ``lang:``); prefixes need :data:`MIN_PREFIX` letters and expand to the
  :data:`MAX_EXPANSION` most frequent terms; fuzzy terms keep their first letter;
* any exception on the way falls back to a plain AND of the words, with a warning saying so.
"""

from __future__ import annotations

import heapq
import pickle
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from whoosh import query as wq
from whoosh.formats import Positions
from whoosh.matching import IntersectionMatcher, NullMatcher, WrappingMatcher
from whoosh.qparser import (
    FuzzyTermPlugin,
    GroupPlugin,
    OperatorsPlugin,
    PhrasePlugin,
    QueryParser,
    WildcardPlugin,
    syntax,
)
from whoosh.qparser.plugins import FieldsPlugin, TaggingPlugin
from whoosh.qparser.taggers import RegexTagger
from whoosh.system import _INT_SIZE

from reader.search.lexicon import is_virtual, term_query, virtual_candidates, virtual_within
from reader.search.schema import FormPositions, parse_date_bound, position_array, shared_schema
from reader.text.names import WORD_PATTERN

__all__ = [
    "MAX_DEPTH",
    "MAX_EXPANSION",
    "MAX_QUERY_CHARS",
    "MIN_PREFIX",
    "CappedFuzzyTerm",
    "CappedPrefix",
    "CappedWildcard",
    "FastPhrase",
    "HighlightTerm",
    "NameMatch",
    "ParsedQuery",
    "decode_positions",
    "highlight_terms",
    "parse_query",
    "plain_terms_query",
    "positions_decoder",
    "sanitize",
    "typed_forms",
]

MAX_QUERY_CHARS = 500
MAX_DEPTH = 12
MAX_EXPANSION = 64
MIN_PREFIX = 2
MAX_ALIAS_WORDS = 6
MAX_FUZZY_DIST = 2
_PREFIX_SCAN_LIMIT = 50_000  # terms examined per prefix before settling for the best seen

_WORD_RE = re.compile(WORD_PATTERN)
_OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"})
_FIELD_NAMES = {
    "title": "title",
    "outlet": "outlet",
    "lang": "lang",
    "language": "lang",
    "id": "id",
    "source": "source",
    "content": "content",
    "text": "content",
    "exact": "exact",
    "variants": "variants",
}
_LANG_NAMES = {
    "arabic": "ar", "ara": "ar", "عربي": "ar", "العربية": "ar", "عربية": "ar",
    "english": "en", "eng": "en", "انجليزي": "en", "الإنجليزية": "en",
}
_QUOTES = str.maketrans({"«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"'})
_HIGHLIGHT_FIELDS = frozenset({"content", "exact", "variants"})


# --------------------------------------------------------------------------------------------
# Result type


@dataclass(frozen=True)
class HighlightTerm:
    """Analysed words to mark in an article: one word, or a phrase's words in order."""

    field: str
    words: tuple[str, ...]
    alias: str | None = None  # the alias spelling this phrase stands for, if any


@dataclass
class NameMatch:
    """One alias group a typed name was expanded to, kept so ranking and "why" can tell spellings apart.

    ``spellings`` maps each spelling's analysed words (in ``field``) to the spelling as written in
    the alias table; the spelling whose words equal ``typed_words`` is the one the user typed.
    """

    typed: str
    key: str
    field: str
    typed_words: tuple[str, ...]
    spellings: dict[tuple[str, ...], str]


@dataclass
class ParsedQuery:
    """A parsed query and what the UI should tell the user about it.

    ``warning`` is one human sentence (or None); ``matched_aliases`` describes each alias group the
    query was expanded to (``names`` holds the same groups as data, for ranking and "why");
    ``typed_forms`` maps a word's or quoted phrase's analysed form, per field, back to what was
    typed; ``date_range`` holds the ``day`` bounds given in the text (``date:``,
    ``from:``, ``to:``), applied by the searcher as a filter; ``fallback_or`` is the OR of the words
    when the syntax could not be read, tried if their AND finds nothing.
    """

    query: wq.Query
    warning: str | None
    terms_for_highlight: list[HighlightTerm]
    matched_aliases: list[str]
    text: str = ""
    date_range: tuple[int | None, int | None] | None = None
    fallback: bool = False
    fallback_or: wq.Query | None = None
    default_field: str = "content"
    names: list[NameMatch] = field(default_factory=list)
    typed_forms: dict[tuple[str, tuple[str, ...]], str] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return self.query is wq.NullQuery or isinstance(self.query, wq.qcore._NullQuery)


# --------------------------------------------------------------------------------------------
# Capped multi-term queries


def _top_by_frequency(items: Iterator[tuple[bytes, int]], n: int = MAX_EXPANSION) -> list[bytes]:
    best = heapq.nlargest(n, items, key=lambda item: item[1])
    return sorted(b for b, _ in best)


class CappedPrefix(wq.Prefix):
    """``pre*``: the :data:`MAX_EXPANSION` most frequent terms with the prefix, not all of them.

    Whoosh ORs every matching term; ``re*`` in a news corpus is thousands of terms and seconds of
    search. Frequency comes from the term info the lexicon walk yields anyway (no extra lookups).
    """

    def _btexts(self, ixreader: Any) -> list[bytes]:
        def candidates() -> Iterator[tuple[bytes, int]]:
            for i, (btext, info) in enumerate(ixreader.iter_prefix(self.fieldname, self.text)):
                if i >= _PREFIX_SCAN_LIMIT:
                    return
                yield btext, info.doc_frequency()

        if len(self.text) < 1:
            return []
        if is_virtual(self.fieldname):
            return _top_by_frequency(_virtual_prefix(ixreader, self.fieldname, self.text))
        if self.fieldname not in ixreader.schema:
            return []
        return _top_by_frequency(candidates())

    def normalize(self) -> wq.Query:
        return self

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        return _multi_matcher(self, searcher, context)

    def estimate_size(self, ixreader: Any) -> int:
        return _multi_size(self, ixreader)


class CappedWildcard(wq.Wildcard):
    """``ab*cd``: like :class:`CappedPrefix`, scanning only terms that start with the literal part."""

    def _btexts(self, ixreader: Any) -> list[bytes]:
        pattern = re.compile(self._get_pattern())
        prefix = self._find_prefix(self.text)
        if not prefix:
            return []
        if is_virtual(self.fieldname):
            found = _virtual_prefix(ixreader, self.fieldname, prefix)
            return _top_by_frequency((b, n) for b, n in found if pattern.match(b.decode("utf-8")))
        if self.fieldname not in ixreader.schema:
            return []
        field_obj = ixreader.schema[self.fieldname]

        def candidates() -> Iterator[tuple[bytes, int]]:
            for i, (btext, info) in enumerate(ixreader.iter_prefix(self.fieldname, prefix)):
                if i >= _PREFIX_SCAN_LIMIT:
                    return
                if pattern.match(field_obj.from_bytes(btext)):
                    yield btext, info.doc_frequency()

        return _top_by_frequency(candidates())

    def normalize(self) -> wq.Query:
        return self

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        return _multi_matcher(self, searcher, context)

    def estimate_size(self, ixreader: Any) -> int:
        return _multi_size(self, ixreader)


class CappedFuzzyTerm(wq.FuzzyTerm):
    """``word~``: terms within the edit distance, the most frequent :data:`MAX_EXPANSION` of them."""

    def _btexts(self, ixreader: Any) -> list[bytes]:
        if is_virtual(self.fieldname):
            found = virtual_within(ixreader, self.fieldname, self.text, self.maxdist, self.prefixlength)
            if len(found) <= MAX_EXPANSION:
                return sorted(w.encode("utf-8") for w in found)
            return _top_by_frequency(_virtual_prefix(ixreader, self.fieldname, "", set(found)))
        if self.fieldname not in ixreader.schema:
            return []
        # Per segment: SegmentReader walks the term index with a Levenshtein automaton, while the
        # MultiReader a multi-segment index gives falls back to computing the edit distance of
        # every term with the prefix (10x slower at 10k articles).
        found_set: set[bytes] = set()
        for leaf, _offset in ixreader.leaf_readers():
            found_set.update(leaf.terms_within(self.fieldname, self.text, self.maxdist,
                                               prefix=self.prefixlength))
        found = [t.encode("utf-8") if isinstance(t, str) else t for t in found_set]
        if len(found) <= MAX_EXPANSION:
            return sorted(found)
        field_obj = ixreader.schema[self.fieldname]
        pairs = ((b, ixreader.doc_frequency(self.fieldname, field_obj.from_bytes(b))) for b in found)
        return _top_by_frequency(pairs)

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        return _multi_matcher(self, searcher, context)

    def estimate_size(self, ixreader: Any) -> int:
        return _multi_size(self, ixreader)


def _virtual_prefix(ixreader: Any, fieldname: str, prefix: str, only: set[str] | None = None
                    ) -> Iterator[tuple[bytes, int]]:
    """(form or key as bytes, frequency) of a virtual field's words starting with ``prefix``."""
    if only is not None:
        from reader.search.lexicon import form_frequency, key_frequency, lexicon_of

        lexicon = lexicon_of(ixreader)
        for word in sorted(only):
            n = (form_frequency(ixreader, word) if fieldname == "exact"
                 else key_frequency(ixreader, word, lexicon))
            yield word.encode("utf-8"), n
        return
    for i, (word, n) in enumerate(virtual_candidates(ixreader, fieldname, prefix)):
        if i >= _PREFIX_SCAN_LIMIT:
            return
        yield word.encode("utf-8"), n


def _multi_matcher(q: wq.MultiTerm, searcher: Any, context: Any) -> Any:
    """Whoosh's MultiTerm matcher, with a virtual field's terms as its own term classes."""
    fieldname = q.field()
    if not is_virtual(fieldname):
        return wq.MultiTerm.matcher(q, searcher, context)
    terms = [term_query(fieldname, b.decode("utf-8")) for b in q._btexts(searcher.reader()) if b]
    if not terms:
        return NullMatcher()
    if len(terms) == 1:
        return terms[0].matcher(searcher, context)
    return wq.Or(terms, boost=q.boost).matcher(searcher, context)


def _multi_size(q: wq.MultiTerm, ixreader: Any) -> int:
    if is_virtual(q.field()):
        return sum(t.estimate_size(ixreader) for t in (term_query(q.field(), b.decode("utf-8"))
                                                      for b in q._btexts(ixreader)))
    return wq.MultiTerm.estimate_size(q, ixreader)


def decode_positions(value: bytes) -> list[int]:
    """A ``Positions`` posting value (4-byte count + pickled deltas) as absolute positions.

    Same result as ``whoosh.formats.Positions.decode_positions``, ~3x faster: the deltas are
    summed by ``itertools.accumulate`` instead of a Python loop. The value comes from our own index
    files, the same trust Whoosh itself gives them.
    """
    if not value.endswith(b"."):
        value += b"."
    return list(accumulate(pickle.loads(value[_INT_SIZE:])))


def positions_decoder(fmt: Any) -> Any:
    """The fast decoder of a field format's raw posting values into positions, or None when the
    format keeps no positions: ``content`` (:class:`~reader.search.schema.FormPositions`) and
    Whoosh's :class:`~whoosh.formats.Positions` (``title``)."""
    if type(fmt) is FormPositions:
        return position_array
    if type(fmt) is Positions:
        return decode_positions
    return None


class _AdjacentMatcher(WrappingMatcher):
    """An AND of the phrase's term matchers that stops only where the words are adjacent.

    Whoosh's ``Phrase`` builds a general ``SpanNear2`` (span objects for every occurrence of every
    word); for the common case (slop 1, positions indexed) checking adjacency with sets of
    positions on the documents that have all the words is several times faster.
    """

    def __init__(self, leaves: list[Any], boost: float = 1.0, decoder: Any = None) -> None:
        self.leaves = leaves
        self.decoder = decoder
        child = leaves[0]
        for leaf in leaves[1:]:
            child = IntersectionMatcher(child, leaf)
        super().__init__(child, boost=boost)
        self._settle()

    def _positions(self, leaf: Any) -> list[int]:
        return self.decoder(leaf.value()) if self.decoder is not None else leaf.value_as("positions")

    def _adjacent(self) -> bool:
        sets = [self._positions(leaf) for leaf in self.leaves]
        # Start from the word with the fewest occurrences: candidates for the phrase's start.
        k0 = min(range(len(sets)), key=lambda k: len(sets[k]))
        starts = {p - k0 for p in sets[k0]}
        for offset, positions in enumerate(sets):
            if offset == k0:
                continue
            following = set(positions)
            starts = {p for p in starts if p + offset in following}
            if not starts:
                return False
        return True

    def _settle(self) -> None:
        child = self.child
        while child.is_active() and not self._adjacent():
            child.next()

    def copy(self) -> _AdjacentMatcher:
        return _AdjacentMatcher([leaf.copy() for leaf in self.leaves], boost=self.boost, decoder=self.decoder)

    def replace(self, minquality: float = 0) -> Any:
        return self if self.is_active() else NullMatcher()

    def supports_block_quality(self) -> bool:
        return False

    def next(self) -> None:
        self.child.next()
        self._settle()

    def skip_to(self, docid: int) -> None:
        self.child.skip_to(docid)
        self._settle()

    def reset(self) -> None:
        self.child.reset()
        self._settle()

    def all_ids(self) -> Iterator[int]:
        while self.is_active():
            yield self.id()
            self.next()


class FastPhrase(wq.Phrase):
    """``"exact words"``: same semantics as Whoosh's Phrase, matched with :class:`_AdjacentMatcher`."""

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        schema = searcher.schema
        if self.slop != 1 or self.fieldname not in schema or len(self.words) < 2:
            return super().matcher(searcher, context)
        field_obj = schema[self.fieldname]
        if not field_obj.format or not field_obj.format.supports("positions"):
            return super().matcher(searcher, context)
        reader = searcher.reader()
        leaves = []
        for word in self.words:
            try:
                btext = field_obj.to_bytes(word)
            except ValueError:
                return NullMatcher()
            if (self.fieldname, btext) not in reader:
                return NullMatcher()
            leaves.append(wq.Term(self.fieldname, word).matcher(searcher, context))
        if any(not leaf.is_active() for leaf in leaves):
            return NullMatcher()
        return _AdjacentMatcher(leaves, boost=self.boost, decoder=positions_decoder(field_obj.format))


# --------------------------------------------------------------------------------------------
# Sanitising


def sanitize(text: object) -> tuple[str, list[str]]:
    """Clean user input into something every later step can handle; notes say what was dropped."""
    notes: list[str] = []
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    out: list[str] = []
    for ch in text:
        cp = ord(ch)
        if 0xD800 <= cp <= 0xDFFF:
            continue  # a lone surrogate (broken copy-paste): cannot be encoded, drop it
        cat = unicodedata.category(ch)
        if cat[0] == "C":
            # Control, format (bidi marks, ZWNJ), private use, unassigned: invisible or unsafe.
            if cat == "Cc" and ch in "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85":
                out.append(" ")
            continue
        if cat in ("Zl", "Zp", "Zs"):
            out.append(" ")
            continue
        out.append(ch)
    clean = unicodedata.normalize("NFC", "".join(out)).translate(_QUOTES)
    clean = " ".join(clean.split())
    if len(clean) > MAX_QUERY_CHARS:
        cut = clean.rfind(" ", 0, MAX_QUERY_CHARS + 1)
        clean = clean[: cut if cut > MAX_QUERY_CHARS // 2 else MAX_QUERY_CHARS].rstrip()
        notes.append(f"The query was shortened to {MAX_QUERY_CHARS} characters.")
    return clean, notes


def _max_depth(text: str) -> int:
    depth = deepest = 0
    for ch in text:
        if ch == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif ch == ")":
            depth = max(0, depth - 1)
    return deepest


# --------------------------------------------------------------------------------------------
# Dates


_RANGE_RE = re.compile(
    r'(?i)(?<![\w:])date:\s*[\[{]\s*([^\s\]}]*)\s+to\s+([^\s\]}]*)\s*[\]}]?'
)
_DATE_RE = re.compile(r"(?i)(?<![\w:])date:\s*(\S+)")
_FROM_RE = re.compile(r"(?i)(?<![\w:])(?:from|since):\s*(\S+)")
_TO_RE = re.compile(r"(?i)(?<![\w:])(?:to|until):\s*(\S+)")


def _extract_dates(text: str, warnings: list[str]) -> tuple[str, int | None, int | None, bool]:
    """Take date filters out of the text: (rest, lowest day, highest day, any filter given)."""
    lo: int | None = None
    hi: int | None = None
    seen = False

    def bound(raw: str, *, end: bool) -> int | None:
        raw = raw.strip().strip("[]{}()\"'")
        if raw in ("", "*"):
            return None
        value = parse_date_bound(raw, end=end)
        if value is None:
            warnings.append(f'Ignored the date "{raw}": write it as YYYY, YYYY-MM or YYYY-MM-DD.')
        return value

    def tighten(new_lo: int | None, new_hi: int | None) -> None:
        nonlocal lo, hi
        if new_lo is not None:
            lo = new_lo if lo is None else max(lo, new_lo)
        if new_hi is not None:
            hi = new_hi if hi is None else min(hi, new_hi)

    def on_range(m: re.Match[str]) -> str:
        nonlocal seen
        seen = True
        tighten(bound(m.group(1), end=False), bound(m.group(2), end=True))
        return " "

    def on_date(m: re.Match[str]) -> str:
        nonlocal seen
        seen = True
        tighten(bound(m.group(1), end=False), bound(m.group(1), end=True))
        return " "

    def on_from(m: re.Match[str]) -> str:
        nonlocal seen
        seen = True
        tighten(bound(m.group(1), end=False), None)
        return " "

    def on_to(m: re.Match[str]) -> str:
        nonlocal seen
        seen = True
        tighten(None, bound(m.group(1), end=True))
        return " "

    text = _RANGE_RE.sub(on_range, text)
    text = _DATE_RE.sub(on_date, text)
    text = _FROM_RE.sub(on_from, text)
    text = _TO_RE.sub(on_to, text)
    if lo is not None and hi is not None and lo > hi:
        warnings.append("The date range was reversed; searched from the earlier date to the later one.")
        lo, hi = (hi // 100) * 100, (lo // 100) * 100 + 99
    return " ".join(text.split()), lo, hi, seen


def date_range_query(lo: int | None, hi: int | None) -> wq.Query | None:
    """A range on ``day``; undated articles (day 0) never match a date filter."""
    if lo is None and hi is None:
        return None
    return wq.NumericRange("day", max(lo or 1, 1), hi, constantscore=True)


# --------------------------------------------------------------------------------------------
# Aliases


_CHUNK_RE = re.compile(r'"[^"]*"(?:~\d+)?|[()]|[^\s()"]+|"')
_SPECIAL = re.compile(r"[:*?~^\[\]{}\\/]|^[+-]")
_MARKER_RE = "\ue000(?P<n>\\d+)\ue001"


@dataclass
class _AliasWork:
    table: Any
    field: str
    schema: Any
    queries: list[wq.Query] = field(default_factory=list)
    described: list[str] = field(default_factory=list)
    highlight: list[HighlightTerm] = field(default_factory=list)
    names: list[NameMatch] = field(default_factory=list)

    def expand(self, typed: str) -> str | None:
        """A marker standing for the alias group ``typed`` names, or None."""
        try:
            group = self.table.match(typed)
        except Exception:  # a broken alias table must not break search
            return None
        if group is None:
            return None
        analyzer = self.schema[self.field].analyzer
        subqueries: list[wq.Query] = []
        seen: dict[tuple[str, ...], str] = {}
        for spelling in (typed, *group.aliases):
            words = tuple(t.text for t in analyzer(spelling, mode="query"))
            if not words or words in seen:
                continue
            seen[words] = spelling
            label = spelling if spelling != typed or spelling in group.aliases else None
            self.highlight.append(HighlightTerm(self.field, words, label or spelling))
            if len(words) == 1:
                subqueries.append(wq.Term(self.field, words[0]))
            else:
                subqueries.append(FastPhrase(self.field, list(words)))
        if not subqueries:
            return None
        self.queries.append(wq.Or(subqueries))
        typed_words = next(iter(seen))
        self.names.append(NameMatch(typed, group.key, self.field, typed_words, seen))
        kind = f" ({group.kind})" if getattr(group, "kind", "") else ""
        self.described.append(f"{typed} → {group.key}{kind}: {', '.join(group.aliases)}")
        return f"\ue000{len(self.queries) - 1}\ue001"


def _substitute_aliases(text: str, work: _AliasWork) -> str:
    """Replace alias phrases (quoted, or the longest run of plain words) with markers."""
    chunks = [(m.group(0), m.start(), m.end()) for m in _CHUNK_RE.finditer(text)]
    out: list[str] = []
    pos = 0
    i = 0

    def plain(k: int) -> bool:
        chunk = chunks[k][0]
        if chunk in ("(", ")", '"') or chunk.startswith('"') or chunk in _OPERATORS:
            return False
        return not _SPECIAL.search(chunk)

    while i < len(chunks):
        chunk, start, end = chunks[i]
        if chunk.startswith('"') and len(chunk) > 1 and (i == 0 or not chunks[i - 1][0].endswith(":")):
            inner = chunk[1:chunk.rindex('"')]
            marker = work.expand(inner) if inner.strip() else None
            if marker is not None and not (start > 0 and text[start - 1] == ":"):
                out.append(text[pos:start] + marker)
                pos = end
            i += 1
            continue
        if not plain(i) or (start > 0 and text[start - 1] == ":"):
            i += 1
            continue
        run = i
        while run + 1 < len(chunks) and plain(run + 1) and chunks[run + 1][1] > chunks[run][2]:
            run += 1
        j = i
        while j <= run:
            for n in range(min(MAX_ALIAS_WORDS, run - j + 1), 0, -1):
                phrase = " ".join(c[0] for c in chunks[j : j + n])
                marker = work.expand(phrase)
                if marker is not None:
                    out.append(text[pos : chunks[j][1]] + marker)
                    pos = chunks[j + n - 1][2]
                    j += n
                    break
            else:
                j += 1
        i = run + 1
    out.append(text[pos:])
    return "".join(out)


class _AliasNode(syntax.SyntaxNode):
    has_fieldname = False
    has_text = False
    has_boost = False

    def __init__(self, q: wq.Query) -> None:
        self.q = q

    def r(self) -> str:
        return f"ALIAS {self.q!r}"

    def query(self, parser: Any) -> wq.Query:
        return self.q


class _AliasPlugin(TaggingPlugin):
    expr = _MARKER_RE
    priority = -10

    def __init__(self, queries: list[wq.Query]) -> None:
        super().__init__(_MARKER_RE)
        self.queries = queries

    def create(self, parser: Any, match: re.Match[str]) -> syntax.SyntaxNode:
        return _AliasNode(self.queries[int(match.group("n"))])


# --------------------------------------------------------------------------------------------
# Whoosh parser configuration


class _FieldTagger(RegexTagger):
    def create(self, parser: Any, match: re.Match[str]) -> syntax.SyntaxNode:
        name = _FIELD_NAMES[match.group("text").lower()]
        return syntax.FieldnameNode(name, match.group(0))


class _Fields(FieldsPlugin):
    """Only our field names (any case) make a field prefix; ``http:`` or ``Note:`` stay text."""

    def __init__(self) -> None:
        names = "|".join(sorted(_FIELD_NAMES, key=len, reverse=True))
        super().__init__(rf"(?i)(?<![\w\-])(?P<text>{names}):(?=\S)")

    def taggers(self, parser: Any) -> list[tuple[Any, int]]:
        return [(_FieldTagger(self.expr), 0)]


class _StarOnly(WildcardPlugin):
    """``*`` only: ``?`` and the Arabic question mark ``؟`` end questions, they are not wildcards.

    Also keeps ``word*`` a Wildcard (Whoosh would make it a Prefix before analysis and stem it:
    ``organiz*`` → ``organ``); our rewrite turns it into a :class:`CappedPrefix` afterwards.
    """

    qmarks = ""
    expr = r"(?P<text>[*])"

    def do_wildcards(self, parser: Any, group: Any) -> Any:
        i = 0
        while i < len(group):
            node = group[i]
            if isinstance(node, self.WildcardNode):
                if i < len(group) - 1 and group[i + 1].is_text():
                    node.text += group.pop(i + 1).text
                if i > 0 and group[i - 1].is_text():
                    node.text = group.pop(i - 1).text + node.text
                else:
                    i += 1
            else:
                if isinstance(node, syntax.GroupNode):
                    self.do_wildcards(parser, node)
                i += 1
        return group


def _parser(fieldname: str, schema: Any, alias_queries: list[wq.Query]) -> QueryParser:
    plugins = [
        _Fields(),
        _StarOnly(),
        PhrasePlugin(),
        GroupPlugin(),
        OperatorsPlugin(),
        FuzzyTermPlugin(),
        _AliasPlugin(alias_queries),
    ]
    return QueryParser(fieldname, schema, plugins=plugins, phraseclass=FastPhrase)


# --------------------------------------------------------------------------------------------
# Rewriting the parsed tree


def _positions(schema: Any, fieldname: str) -> bool:
    try:
        return bool(schema[fieldname].format.supports("positions"))
    except Exception:
        return False


def _rewrite(q: wq.Query, schema: Any, warnings: list[str]) -> wq.Query:
    """Cap expansions, drop unusable pieces and adapt phrases to fields without positions."""
    if isinstance(q, wq.Wildcard | wq.Prefix):
        text = q.text if isinstance(q, wq.Wildcard) else q.text + "*"
        literal = re.split(r"[*?]", text, maxsplit=1)[0]
        if len(literal) < MIN_PREFIX:
            warnings.append(
                f'"{text}" was ignored: put at least {MIN_PREFIX} letters before the *.'
            )
            return wq.NullQuery
        if text.endswith("*") and text.count("*") == 1 and "?" not in text:
            return CappedPrefix(q.fieldname, literal, boost=q.boost)
        return CappedWildcard(q.fieldname, text, boost=q.boost)
    if isinstance(q, wq.FuzzyTerm):
        if len(q.text) < 3:
            return term_query(q.fieldname, q.text, boost=q.boost)
        return CappedFuzzyTerm(q.fieldname, q.text, boost=q.boost,
                               maxdist=min(max(int(q.maxdist), 1), MAX_FUZZY_DIST),
                               prefixlength=max(int(q.prefixlength), 1))
    if isinstance(q, wq.Phrase):
        words = [w for w in q.words if w]
        if not words:
            return wq.NullQuery
        if len(words) == 1:
            return term_query(q.fieldname, words[0], boost=q.boost)
        if not _positions(schema, q.fieldname):
            terms: list[wq.Query] = [term_query(q.fieldname, w) for w in words]
            if q.fieldname == "exact":
                # ``exact`` keeps no positions of its own: the exact words must all be there, and
                # adjacent as the stemmed field sees them.
                stems = [t.text for t in schema["content"].analyzer(" ".join(words), mode="query")]
                if len(stems) > 1:
                    terms.append(FastPhrase("content", stems))
            return wq.And(terms, boost=q.boost)
        return FastPhrase(q.fieldname, words, slop=q.slop, boost=q.boost)
    if isinstance(q, wq.Term):
        if q.fieldname == "lang" and isinstance(q.text, str):
            text = q.text.strip().lower()
            return wq.Term("lang", _LANG_NAMES.get(text, text), boost=q.boost)
        if is_virtual(q.fieldname) and type(q) is wq.Term:
            return term_query(q.fieldname, q.text, boost=q.boost)
        return q
    if isinstance(q, wq.Every) and is_virtual(q.fieldname):
        return wq.Every("content", boost=q.boost)  # every article with a word: the words are in content
    if getattr(q, "error", None):
        warnings.append(f"Part of the query was not understood ({q.error}).")
        return wq.NullQuery
    if q.is_leaf():
        return q
    return q.apply(lambda sub: _rewrite(sub, schema, warnings))


def highlight_terms(q: wq.Query, labels: dict[tuple[str, tuple[str, ...]], str] | None = None
                    ) -> list[HighlightTerm]:
    """Words and phrases of ``q`` to mark in a hit (not those under NOT; prefixes expand later)."""
    out: list[HighlightTerm] = []
    labels = labels or {}

    def walk(node: wq.Query) -> None:
        if isinstance(node, wq.Not):
            return
        if isinstance(node, wq.AndNot):
            walk(node.a)
            return
        if isinstance(node, wq.Phrase):
            if node.fieldname in _HIGHLIGHT_FIELDS:
                words = tuple(node.words)
                out.append(HighlightTerm(node.fieldname, words, labels.get((node.fieldname, words))))
            return
        if isinstance(node, wq.Term):
            if node.fieldname in _HIGHLIGHT_FIELDS and isinstance(node.text, str):
                words = (node.text,)
                out.append(HighlightTerm(node.fieldname, words, labels.get((node.fieldname, words))))
            return
        if isinstance(node, wq.MultiTerm) or node.is_leaf():
            return
        for child in node.children():
            walk(child)

    walk(q)
    return list(dict.fromkeys(out))


# --------------------------------------------------------------------------------------------
# Fallback


_NEAR_PATTERNS = (
    re.compile(r"\b(?:AND|OR|NOT|ANDNOT|ANDMAYBE)(?:\s+(?:AND|OR|NOT|ANDNOT|ANDMAYBE)\b)+"),
    re.compile(r"(?:^|\s)(?:AND|OR|ANDNOT|ANDMAYBE|NOT)\s*$"),
    re.compile(r"^\s*(?:AND|OR|ANDNOT|ANDMAYBE)\b"),
    re.compile(r'"[^"]*$'),
    re.compile(r"\([^)]*$"),
)


def _near(text: str) -> str:
    for pattern in _NEAR_PATTERNS:
        m = pattern.search(text)
        if m and m.group(0).strip():
            return m.group(0).strip()[:40]
    return text[:40]


def _plain_words(text: str) -> list[str]:
    words = []
    for word in _WORD_RE.findall(text.replace("\ue000", " ").replace("\ue001", " ")):
        if word in _OPERATORS or (word.lower() in _FIELD_NAMES and f"{word}:" in text):
            continue
        words.append(word)
    return words


def plain_terms_query(text: str, fieldname: str, schema: Any | None = None) -> tuple[wq.Query, wq.Query]:
    """(AND, OR) of the analysed words of ``text``: the query of last resort."""
    schema = schema or shared_schema()
    analyzer = schema[fieldname].analyzer
    terms: list[wq.Query] = []
    seen: set[str] = set()
    for word in _plain_words(text):
        try:
            tokens = [t.text for t in analyzer(word, mode="query")]
        except Exception:  # an analyzer failing on odd input: skip the word
            continue
        for token in tokens:
            if token and token not in seen:
                seen.add(token)
                terms.append(term_query(fieldname, token))
    if not terms:
        return wq.NullQuery, wq.NullQuery
    if len(terms) == 1:
        return terms[0], terms[0]
    return wq.And(terms), wq.Or(terms)


# --------------------------------------------------------------------------------------------
# Entry point


def parse_query(
    text: object,
    *,
    exact: bool = False,
    variants: bool = False,
    aliases: Any = None,
    schema: Any = None,
) -> ParsedQuery:
    """Parse a user's query; never raises. See the module docstring for the syntax."""
    schema = schema or shared_schema()
    default_field = "exact" if exact else "variants" if variants else "content"
    warnings: list[str] = []
    try:
        clean, notes = sanitize(text)
    except Exception:  # cannot happen on str; input is arbitrary
        clean, notes = "", ["The query could not be read."]
    warnings.extend(notes)
    lo = hi = None
    try:
        rest, lo, hi, dated = _extract_dates(minus_as_not(clean), warnings)
        parsed = _parse(rest, default_field, exact=exact, aliases=aliases, schema=schema,
                        warnings=warnings)
        parsed.text = clean
        parsed.date_range = (lo, hi) if dated else None
        return parsed
    except Exception as exc:  # any parser failure on user input becomes a plain search
        and_q, or_q = plain_terms_query(clean_without_dates(clean), default_field, schema)
        near = exc.near if isinstance(exc, _SyntaxProblem) else _near(clean)
        warnings.append(f'Could not read the query syntax near "{near}"; searched for the words instead.')
        return ParsedQuery(
            query=and_q,
            warning=" ".join(dict.fromkeys(warnings)) or None,
            terms_for_highlight=highlight_terms(and_q),
            matched_aliases=[],
            text=clean,
            date_range=(lo, hi) if (lo is not None or hi is not None) else None,
            fallback=True,
            fallback_or=or_q if or_q is not and_q else None,
            default_field=default_field,
        )


_MINUS_WORD = re.compile(r"(?:(?<=\s)|(?<=\()|^)-(?=[^\W_]|\"|\()")


def minus_as_not(text: str) -> str:
    """``Iraq -Hezbollah`` as ``Iraq NOT Hezbollah``: a leading minus leaves a word out, as in web
    search engines. Inside a quoted phrase and within words (``al-Sadr``) a hyphen stays a hyphen."""
    return _MINUS_WORD.sub(lambda m: "-" if text.count('"', 0, m.start()) % 2 else "NOT ", text)


def clean_without_dates(text: str) -> str:
    try:
        return _extract_dates(text, [])[0]
    except Exception:
        return text


def _parse(
    text: str,
    default_field: str,
    *,
    exact: bool,
    aliases: Any,
    schema: Any,
    warnings: list[str],
) -> ParsedQuery:
    # ~~word: this word in variants mode, whatever the global mode.
    text = re.sub(r'(?<![\w~])~~(?=[\w"])', "variants:", text)
    text = re.sub(r"~{2,}", " ", text)
    if _max_depth(text) > MAX_DEPTH:
        text = " ".join(text.replace("(", " ").replace(")", " ").split())
        warnings.append(f"Parentheses nested more than {MAX_DEPTH} deep were ignored.")
    # Alias spellings are matched as stemmed phrases even in exact mode: expanding a name to all
    # its spellings is already a deliberate broadening, and only ``content`` has positions.
    work = _AliasWork(aliases, "content", schema)
    if aliases is not None and text:
        text = _substitute_aliases(text, work)
    _check_operators(text)
    parser = _parser(default_field, schema, work.queries)
    q = parser.parse(text) if text.strip() else wq.NullQuery
    q = _rewrite(q, schema, warnings)
    q = q.normalize()
    labels = {(h.field, h.words): h.alias for h in work.highlight if h.alias}
    fallback_or = None
    fallback = False
    if _is_null(q) and _plain_words(text):
        # The syntax consumed everything (e.g. "NOT" alone, or only ignored prefixes).
        q, fallback_or = plain_terms_query(text, default_field, schema)
        if not _is_null(q):
            fallback = True
            warnings.append(f'Could not read the query syntax near "{_near(text)}"; '
                            "searched for the words instead.")
    return ParsedQuery(
        query=q,
        warning=" ".join(dict.fromkeys(warnings)) or None,
        terms_for_highlight=highlight_terms(q, labels),
        matched_aliases=work.described,
        fallback=fallback,
        fallback_or=fallback_or,
        default_field=default_field,
        names=work.names,
        typed_forms=typed_forms(text, schema),
    )


_TYPED_FIELDS = ("content", "exact", "variants", "title")


def typed_forms(text: str, schema: Any) -> dict[tuple[str, tuple[str, ...]], str]:
    """Analysed form of each typed word and quoted phrase, per field, mapped back to what was typed.

    The parsed query only holds analysed terms ("drone" for "drones"); ranking needs the typed
    spelling to prefer articles that use it, and "why" needs it to say what matched.
    """
    out: dict[tuple[str, tuple[str, ...]], str] = {}
    text = re.sub(_MARKER_RE, " ", text)
    pieces = [m.group(1) for m in re.finditer(r'"([^"]+)"', text)]
    pieces += _plain_words(re.sub(r'"[^"]*"', " ", text))
    for piece in pieces:
        for fieldname in _TYPED_FIELDS:
            if fieldname not in schema:
                continue
            try:
                words = tuple(t.text for t in schema[fieldname].analyzer(piece, mode="query"))
            except Exception:  # an analyzer failing on odd input: nothing to map
                continue
            if words:
                out.setdefault((fieldname, words), piece)
    return out


class _SyntaxProblem(ValueError):
    """Operators that cannot be read (``NOT AND``, ``AND`` at the end...); ``near`` quotes them."""

    def __init__(self, near: str) -> None:
        super().__init__(near)
        self.near = near


_BINARY = frozenset({"AND", "OR", "ANDNOT", "ANDMAYBE"})


def _check_operators(text: str) -> None:
    """Reject operator sequences Whoosh would misread or crash on, quoting where they are.

    Whoosh silently turns ``NOT AND`` into "articles without the word *and*" (or crashes, depending
    on the plugins); a researcher meant something else, so we say we could not read it.
    """
    tokens = [m.group(0) for m in _CHUNK_RE.finditer(text)]
    prev: str | None = None  # None = start of text or just after "("
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if tok in _BINARY:
            if prev is None or prev in _BINARY or prev == "NOT":
                raise _SyntaxProblem(" ".join(t for t in (prev, tok) if t and t != "("))
            if nxt is None or nxt == ")":
                raise _SyntaxProblem(f"{prev} {tok}" if prev not in (None, "(") else tok)
        elif tok == "NOT" and (nxt is None or nxt == ")"):
            raise _SyntaxProblem(f"{prev} NOT" if prev not in (None, "(") else "NOT")
        prev = None if tok == "(" else tok


def _is_null(q: wq.Query) -> bool:
    return q is wq.NullQuery or isinstance(q, wq.qcore._NullQuery)
