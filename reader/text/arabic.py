"""Arabic normalisation and light stemming, shared by indexing, queries and alias matching.

Why this exists: the same word reaches the reader vowelled (``الرَّئِيسُ``), with decorative
tatweel, with any of four alef forms, with ``ة``/``ه`` and ``ى``/``ي`` swapped by careless
typists, with Persian keyboard letters and digits, and wrapped in invisible bidi marks. Search
must treat all of these as one word, so every layer (index, query, aliases) folds through the
functions below and nothing else. The functions are pure ``str.translate`` passes so they can
run on every token of a corpus without showing up in a profile. No Whoosh import here: the
alias code and the UI use this module too.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "ARABIC_ARTICLE_PREFIXES",
    "fold_arabic",
    "is_arabic_word",
    "light_stem",
    "strip_harakat",
]

# Short vowels, tanwin, shadda, sukun and the other combining marks of U+064B-U+065F, the
# superscript (dagger) alef, the Quranic annotation marks, and tatweel: none of them changes
# which word is written, so they are dropped before comparing.
_HARAKAT = (
    [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670", "\u0640"]
    + [chr(c) for c in range(0x06D6, 0x06EE)]
)
_STRIP_HARAKAT = str.maketrans(dict.fromkeys(_HARAKAT))

# Invisible characters that editors and web pages insert inside Arabic words:
# ZWNJ, ZWJ, LRM, RLM, ALM (and the word joiner / BOM that copy-paste sometimes carries).
_INVISIBLE = ["\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\u2060", "\ufeff"]

_FOLD_MAP: dict[str, str] = {
    # Alef with hamza above/below, madda, wasla: typists use them interchangeably.
    "\u0623": "\u0627",
    "\u0625": "\u0627",
    "\u0622": "\u0627",
    "\u0671": "\u0627",
    # Ta marbuta and alef maqsura are routinely written as ha and ya (and vice versa).
    "\u0629": "\u0647",
    "\u0649": "\u064a",
    # Hamza on a seat folds to the seat, so رئيس and ريس-style spellings agree; lone hamza goes.
    "\u0624": "\u0648",
    "\u0626": "\u064a",
    "\u0621": "",
    # Persian keyboard letters that look identical to the Arabic ones.
    "\u06a9": "\u0643",
    "\u06cc": "\u064a",
}
for _i in range(10):
    _FOLD_MAP[chr(0x0660 + _i)] = str(_i)  # Arabic-Indic digits
    _FOLD_MAP[chr(0x06F0 + _i)] = str(_i)  # Extended (Persian/Urdu) digits
for _ch in _HARAKAT + _INVISIBLE:
    _FOLD_MAP[_ch] = ""
_FOLD = str.maketrans(_FOLD_MAP)

# Presentation forms (ligatures such as ﻻ or ﷲ) only appear in text extracted from old PDFs;
# NFKC turns them into ordinary letters. Checked with a regex so ordinary text pays nothing.
_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]")

_ARABIC_LETTER = re.compile("[\u0620-\u064a\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc\u0750-\u077f]")
_LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f]")

# Light10 (Larkey, Ballesteros & Connell 2007) article prefixes, in folded form. A leading و
# ("and") is stripped separately before them, so وال/وبال/ولل need no entries of their own.
ARABIC_ARTICLE_PREFIXES: tuple[str, ...] = ("بال", "كال", "فال", "لل", "ال")
# Light10 suffixes, checked once each, in this order (ة and ية appear folded as ه and يه).
_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")


def strip_harakat(text: str) -> str:
    """Drop vowel marks and tatweel, so a vowelled quotation matches plain news text."""
    return text.translate(_STRIP_HARAKAT)


def fold_arabic(text: str) -> str:
    """Fold the spelling variation that Arabic typists do not consider meaningful.

    Applies :func:`strip_harakat`, unifies alef forms, ة→ه, ى→ي, ؤ→و, ئ→ي (lone ء dropped),
    maps Arabic-Indic and Persian digits to ASCII, Persian ک/ی to Arabic ك/ي and removes
    ZWNJ/ZWJ/LRM/RLM/ALM. Latin text passes through unchanged, so it is safe on mixed strings.
    Idempotent: folding folded text changes nothing.
    """
    if _PRESENTATION.search(text):
        text = _PRESENTATION.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text)
    return text.translate(_FOLD)


def is_arabic_word(word: str) -> bool:
    """True when the word is mostly Arabic letters: decides which stemmer and key a token gets.

    Counting instead of looking at the first character keeps mixed tokens such as ``ISISداعش``
    (missing space in scraped text) on the side of their longer part.
    """
    arabic = len(_ARABIC_LETTER.findall(word))
    if not arabic:
        return False
    return arabic >= len(_LATIN_LETTER.findall(word))


def light_stem(word: str) -> str:
    """Light10-style stem of an Arabic word, so articles, conjunctions and plural endings match.

    The input is folded first (calling it on a folded word is fine). Steps, as in Light10:

    * strip a leading ``و`` ("and") when at least 3 letters remain;
    * strip one article prefix of ``بال كال فال لل ال`` when at least 2 letters remain (after
      the ``و``, so وال and وبال are covered);
    * if a prefix was stripped and a ``و`` now starts a word of 4+ letters, strip it too. This
      departs from Light10, where وزير → زير but الوزير → وزير: without it, searching a word
      that starts with a root و would miss every occurrence with the article;
    * strip each suffix of ``ها ان ات ون ين يه ه ي`` once, in that order, when at least 2
      letters remain.

    ``ف ب ك ل`` alone are *not* stripped: doing so turns بغداد into غداد, لبنان into بنان and,
    worse, makes فلسطين and بفلسطين stem differently. The cost is that بانتخابات does not meet
    انتخابات (بالانتخابات and والانتخابات do).

    Known conflations (accepted for recall, inherent to Light10): ة-words and the pronoun ه meet
    (كتابة/كتابه → كتاب); ان strips duals *and* stem letters (لبنان → لبن "milk", ايران → اير,
    سليمان → سليم); ي strips the nisba adjective (عراقي → عراق, شعبي → شعب); a root و after a
    prefix goes (وحدة and حدة both → حد, وزير → زير); folding ئ→ي merges رئيس with رييس. Names
    are better matched through the alias table and the variants field.
    """
    folded = fold_arabic(word)
    if not folded:
        # Only marks or a lone hamza: nothing to stem, but callers rely on a non-empty result.
        return word
    word = folded
    stripped = False
    if word.startswith("و") and len(word) >= 4:
        word = word[1:]
        stripped = True
    for prefix in ARABIC_ARTICLE_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            word = word[len(prefix):]
            stripped = True
            break
    if stripped and word.startswith("و") and len(word) >= 4:
        # A root و after a prefix: strip it too, or وزير (→ زير) and الوزير would not meet.
        word = word[1:]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            word = word[: -len(suffix)]
    return word
