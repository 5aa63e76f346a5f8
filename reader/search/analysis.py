"""Whoosh analyzers for a bilingual (English/Arabic) news corpus.

Why custom: Whoosh's default tokenizer splits vowelled Arabic (``\\w`` does not match harakat,
so الرَّئِيسُ becomes four tokens) and splits Kata’ib at the apostrophe; its filters know nothing
about Arabic spelling variation. Every component is a module-level class because Whoosh pickles
the schema, analyzers included, into the index: a lambda or closure would make the index
unopenable. The same tokenizer feeds all analyzers so that positions and highlight offsets agree
between ``content`` and the ``exact`` and ``variants`` query fields.

Analyzers:

* :func:`stemmed_analyzer` (``content``, ``title``): folding + stemming, for recall;
* :func:`exact_analyzer` (the ``exact`` query field, and the form code ``content`` keeps per
  occurrence): surface forms, harakat and accents kept, no stemming;
* :func:`variant_analyzer` (the ``variants`` query field, and the lexicon's keys): one
  transliteration key per word, articles dropped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

from whoosh.analysis import Composable, CompositeAnalyzer, Filter, LowercaseFilter, Token, Tokenizer
from whoosh.lang.porter2 import stem as _porter2_stem

from reader.text.arabic import fold_arabic, is_arabic_word, light_stem
from reader.text.names import APOSTROPHES, WORD_PATTERN, variant_key

__all__ = [
    "ARABIC_STOPWORDS",
    "ENGLISH_STOPWORDS",
    "WORD_RE",
    "AccentFoldFilter",
    "ApostropheFilter",
    "ArabicFoldFilter",
    "CorpusTokenizer",
    "DropEmptyFilter",
    "ExactFormFilter",
    "ScriptStemFilter",
    "StopwordFilter",
    "VariantKeyFilter",
    "analyze",
    "exact_analyzer",
    "exact_one",
    "fold_query_text",
    "key_one",
    "stem_one",
    "stem_word",
    "stemmed_analyzer",
    "variant_analyzer",
]

WORD_RE = re.compile(WORD_PATTERN)
"""The tokenizer's word pattern, compiled once (the index-time fast path finds words with it too)."""
_APOSTROPHE_RE = re.compile(f"[{APOSTROPHES}]")
_POSSESSIVE_RE = re.compile(f"[{APOSTROPHES}][sS]$")
_INVISIBLE = str.maketrans(dict.fromkeys(["\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\u0640"]))

# Small lists on purpose: only words that carry no meaning for a researcher. "al"/"el" are *not*
# stopwords: al-Sadr tokenizes as al + sadr and phrase search on "al sadr" must still work.
# "us" is not one either: in this corpus it is almost always the country.
ENGLISH_STOPWORDS = frozenset(
    [
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is",
        "it", "its", "of", "on", "or", "that", "the", "this", "to", "was", "were", "will", "with",
        "which",
    ]
)
ARABIC_STOPWORDS = frozenset(
    fold_arabic(w)
    for w in [
        "في", "من", "على", "إلى", "الى", "عن", "مع", "أن", "ان", "إن", "التي", "الذي", "الذين",
        "هذا", "هذه", "ذلك", "تلك", "كان", "قد", "لم", "لا", "ما", "و", "او", "أو", "ثم",
    ]
)


class CorpusTokenizer(Tokenizer):
    """Words as :data:`reader.text.names.WORD_PATTERN` defines them, with Whoosh token attributes.

    Keeps harakat, tatweel and Latin combining accents inside a word and apostrophes between
    letters (Kata’ib), so the filters, not the tokenizer, decide what to fold. Offsets are code
    points into the original text, which is what Whoosh's highlighter slices with.
    """

    def __eq__(self, other: object) -> bool:
        return other.__class__ is self.__class__

    def __hash__(self) -> int:
        return hash(self.__class__)

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.text = value
            t.boost = 1.0
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar = start_char
                t.endchar = start_char + len(value)
            yield t
            return
        for pos, match in enumerate(WORD_RE.finditer(value)):
            t.text = match.group(0)
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = t.text
            if positions:
                t.pos = start_pos + pos
            if chars:
                t.startchar = start_char + match.start()
                t.endchar = start_char + match.end()
            yield t


class ApostropheFilter(Filter):
    """Drop apostrophes and look-alikes inside words, and the English possessive 's.

    Kata’ib, Kata'ib, Kataʿib → Kataib; Iraq's → Iraq. Latin tokens only lose the 's, Arabic
    tokens never contain one.
    """

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        for t in tokens:
            t.text = apostrophes_off(t.text)
            yield t


def apostrophes_off(text: str) -> str:
    """:class:`ApostropheFilter` on one text: Kata’ib → Kataib, Iraq's → Iraq."""
    if _APOSTROPHE_RE.search(text):
        text = _POSSESSIVE_RE.sub("", text)
        return _APOSTROPHE_RE.sub("", text)
    return text


class AccentFoldFilter(Filter):
    """Latin accents off (Sadr = Ṣadr, Hashd = Ḥashd); Arabic tokens are left to ArabicFoldFilter."""

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        for t in tokens:
            t.text = accents_off(t.text)
            yield t


def accents_off(text: str) -> str:
    """:class:`AccentFoldFilter` on one text."""
    if not text.isascii() and not is_arabic_word(text):
        return _fold_latin(text)
    return text


class ArabicFoldFilter(Filter):
    """Apply :func:`reader.text.arabic.fold_arabic` (harakat, alef forms, ة/ه, ى/ي, digits)."""

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        for t in tokens:
            if not t.text.isascii():
                t.text = fold_arabic(t.text)
            yield t


class ScriptStemFilter(Filter):
    """Light10 for Arabic tokens, Porter2 (Snowball English) for the rest."""

    is_morph = True

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        for t in tokens:
            t.text = stem_word(t.text)
            yield t


class ExactFormFilter(Filter):
    """Canonical surface form for the ``exact`` field: NFC, no tatweel or invisible marks.

    Harakat and accents stay (that is the point of exact search) but NFC puts stacked marks in
    canonical order, so shadda+fatha typed in either order is the same word.
    """

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        for t in tokens:
            t.text = exact_form_of(t.text)
            yield t


def exact_form_of(text: str) -> str:
    """:class:`ExactFormFilter` on one text."""
    if not text.isascii():
        return unicodedata.normalize("NFC", text.translate(_INVISIBLE))
    return text


class StopwordFilter(Filter):
    """Remove the small English and Arabic stopword lists, renumbering positions like StopFilter.

    Runs after folding and before stemming so the lists can be written in plain spelling.
    """

    def __init__(self, stops: Iterable[str] | None = None) -> None:
        self.stops = frozenset(stops) if stops is not None else ENGLISH_STOPWORDS | ARABIC_STOPWORDS

    def __eq__(self, other: object) -> bool:
        return other.__class__ is self.__class__ and getattr(other, "stops", None) == self.stops

    def __hash__(self) -> int:
        return hash((self.__class__, self.stops))

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        yield from _drop(tokens, lambda text: text in self.stops)


class DropEmptyFilter(Filter):
    """Remove tokens that folding emptied (a stray haraka or tatweel between spaces)."""

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        yield from _drop(tokens, lambda text: not text)


# Articles written as separate words in transliteration, including the sun-letter forms of
# "al" (ash-Shaabi, as-Sadr, ad-Dawa): the Arabic spelling has them glued and the key drops them.
_VARIANT_ARTICLES = frozenset(
    {"al", "el", "ul", "the", "ad", "adh", "an", "ar", "as", "ash", "at", "ath", "az"}
)


class VariantKeyFilter(Filter):
    """Replace each word by its transliteration key; drop articles and renumber positions.

    Renumbering makes "Adnan al-Zurfi" (3 words) and "عدنان الزرفي" (2 words) produce the same
    positions, so a phrase query on the ``variants`` field matches across scripts.
    """

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        yield from _drop(_keyed(tokens), lambda text: not text)


def _keyed(tokens: Iterable[Token]) -> Iterator[Token]:
    for t in tokens:
        t.text = "" if t.text.casefold() in _VARIANT_ARTICLES else variant_key(t.text)
        yield t


def _drop(tokens: Iterable[Token], is_dropped: Callable[[str], bool]) -> Iterator[Token]:
    """Remove (or mark stopped) tokens, renumbering positions as Whoosh's StopFilter does."""
    pos: int | None = None
    for t in tokens:
        if is_dropped(t.text):
            if not t.removestops:
                t.stopped = True
                yield t
            continue
        if t.positions:
            pos = t.pos if pos is None else pos + 1
            t.pos = pos
        t.stopped = False
        yield t


def _fold_latin(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=100_000)
def stem_word(word: str) -> str:
    """Stem one folded, lowercased token with the stemmer of its script (cached: words repeat)."""
    if is_arabic_word(word):
        return light_stem(word) or word
    if not word.isalpha() or len(word) <= 2:
        return word
    return _porter2_stem(word) or word


def stemmed_analyzer(stopwords: bool = False) -> CompositeAnalyzer:
    """Analyzer for ``content`` and ``title``: folded and stemmed, for recall.

    Stopwords are kept by default so phrase queries ("the end of the war") behave as typed.
    """
    chain = CorpusTokenizer() | ApostropheFilter() | LowercaseFilter() | AccentFoldFilter()
    chain = chain | ArabicFoldFilter() | DropEmptyFilter()
    if stopwords:
        chain = chain | StopwordFilter()
    return chain | ScriptStemFilter()


def exact_analyzer() -> CompositeAnalyzer:
    """Analyzer for ``exact``: surface forms, lowercased, apostrophes dropped, nothing else folded.

    Apostrophes are still dropped because no user can type ’ versus ' on purpose; harakat, Latin
    accents, alef forms and ة/ه are kept, so ``--exact`` finds the spelling the user typed.
    """
    return (
        CorpusTokenizer() | ApostropheFilter() | LowercaseFilter() | ExactFormFilter() | DropEmptyFilter()
    )


def variant_analyzer() -> CompositeAnalyzer:
    """Analyzer for ``variants``: one :func:`reader.text.names.variant_key` per word."""
    return CorpusTokenizer() | ApostropheFilter() | VariantKeyFilter()


def stem_one(word: str) -> str | None:
    """What :func:`stemmed_analyzer` (without stopwords) makes of one word: its term, or None when
    folding empties it. The same filters as the chain, called directly: a tenth of the chain's cost,
    for the index build that analyses every distinct word (``tests/unit/test_analysis.py`` holds
    the two to the same answers)."""
    text = apostrophes_off(word).lower()
    text = accents_off(text)
    if not text.isascii():
        text = fold_arabic(text)
    if not text:
        return None
    return stem_word(text)


def exact_one(word: str) -> str | None:
    """What :func:`exact_analyzer` makes of one word (None when it drops it); see :func:`stem_one`."""
    return exact_form_of(apostrophes_off(word).lower()) or None


def key_one(word: str) -> str | None:
    """What :func:`variant_analyzer` makes of one word (None when it drops it); see :func:`stem_one`."""
    text = apostrophes_off(word)
    key = "" if text.casefold() in _VARIANT_ARTICLES else variant_key(text)
    return key or None


def fold_query_text(text: str) -> str:
    """Query text folded like the stemmed field but not stemmed (for prefix/wildcard terms).

    Whoosh does not analyze wildcard and prefix terms, so callers fold them with this before
    building such queries: "الرَّئِيس*" → "الرييس*", "Kata’ib" → "kataib", "Ṣadr" → "sadr".
    """
    text = _APOSTROPHE_RE.sub("", text).lower()
    text = fold_arabic(text)
    return _fold_latin(text) if not text.isascii() else text


def analyze(text: str, analyzer: Composable) -> list[str]:
    """Token texts an analyzer produces for ``text`` (handy in tests, debugging and the UI)."""
    return [t.text for t in analyzer(text)]
