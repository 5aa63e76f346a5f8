"""Which script a piece of text is written in, decided by majority, not by the first character.

Qt and the Unicode bidi algorithm guess a paragraph's direction from its first strong character,
so ``(AFP) قال ...`` or ``"Hezbollah" قال`` come out left-to-right. We count letters instead.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from reader.ingest.model import Direction, DocLanguage, Language

# Arabic blocks: Arabic, Supplement, Extended-A/B, Presentation Forms A and B.
_ARABIC_RANGES = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x0870, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)


def is_arabic_char(ch: str) -> bool:
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in _ARABIC_RANGES)


def is_arabic_letter(ch: str) -> bool:
    return is_arabic_char(ch) and unicodedata.category(ch).startswith("L")


def is_latin_letter(ch: str) -> bool:
    return ch.isalpha() and ord(ch) <= 0x024F


_ARABIC_LETTERS = (
    "\u0620-\u064A\u066E-\u066F\u0671-\u06D3\u06D5\u06EE-\u06EF\u06FA-\u06FC\u06FF"
    "\u0750-\u077F\u0870-\u0887\u0889-\u088E\u08A0-\u08C9\uFB50-\uFDFB\uFE70-\uFEFC"
)
_LATIN_LETTERS = "A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F"
_NOT_LETTERS = re.compile(r"[\W\d_]+")
_NOT_ARABIC = re.compile(f"[^{_ARABIC_LETTERS}]+")
_NOT_LATIN = re.compile(f"[^{_LATIN_LETTERS}]+")


@lru_cache(maxsize=4096)
def script_counts(text: str) -> tuple[int, int, int]:
    """Letters counted as (arabic, latin, other scripts); digits, marks and punctuation are neutral.

    Regex deletion keeps this in C: it runs on every line and paragraph of every file, and a scan
    asks twice about most texts (a line, then the paragraph it became), hence the small cache. The
    letters are kept first (one pass), so an English line is counted without the two script passes.
    """
    letters = _NOT_LETTERS.sub("", text)
    if letters.isascii():
        return 0, len(letters), 0
    arabic = len(_NOT_ARABIC.sub("", letters))
    latin = len(_NOT_LATIN.sub("", letters))
    return arabic, latin, len(letters) - arabic - latin


def language_and_direction(text: str) -> tuple[Language, Direction]:
    """Both at once, from one count of the letters (the scan does this for every paragraph)."""
    counts = script_counts(text)
    return _language_from(*counts), _direction_from(*counts)


def paragraph_language(text: str) -> Language:
    """``ar`` or ``en`` by the script of most letters; ``other`` when neither dominates."""
    return _language_from(*script_counts(text))


def _language_from(arabic: int, latin: int, other: int) -> Language:
    if arabic == latin == other == 0:
        return "other"
    if arabic >= latin and arabic >= other:
        return "ar"
    if latin >= other:
        return "en"
    return "other"


def direction_of(text: str) -> Direction:
    """Right-to-left when Arabic letters outnumber Latin ones (ties go to the Arabic)."""
    return _direction_from(*script_counts(text))


def _direction_from(arabic: int, latin: int, _other: int) -> Direction:
    return "rtl" if arabic and arabic >= latin else "ltr"


def paragraph_directions(texts: Sequence[str]) -> list[Direction]:
    """The direction of each paragraph of one article, neutral ones taking their neighbours'.

    A paragraph with no Arabic or Latin letter ("1 –", "***", "2019/10/14", a row of figures) has
    no direction of its own; on its own it would be laid out left to right, so in an Arabic
    article a numbered list's markers would sit at the left margin. It takes the direction of the
    paragraph before it (the one after it when it comes first; left to right if none has letters).
    """
    own: list[Direction | None] = []
    for text in texts:
        arabic, latin, _other = script_counts(text)
        own.append(_direction_from(arabic, latin, 0) if arabic or latin else None)
    following: Direction | None = None
    after: list[Direction | None] = [None] * len(own)
    for i in range(len(own) - 1, -1, -1):
        after[i] = following
        following = own[i] or following
    directions: list[Direction] = []
    previous: Direction | None = None
    for i, direction in enumerate(own):
        chosen = direction or previous or after[i] or "ltr"
        directions.append(chosen)
        if direction is not None:
            previous = direction
    return directions


def document_language(paragraphs: list[tuple[Language, int]]) -> DocLanguage:
    """Language of an article from ``(paragraph language, length)`` pairs.

    ``mixed`` when the minority script holds more than a fifth of the text: a caption or a
    quoted name in the other script does not make an article bilingual.
    """
    weight: dict[str, int] = {"en": 0, "ar": 0, "other": 0}
    for language, length in paragraphs:
        weight[language] += length
    total = sum(weight.values())
    if total == 0:
        return "other"
    top = max(weight, key=lambda k: weight[k])
    if top != "other" and min(weight["en"], weight["ar"]) > 0.2 * total:
        return "mixed"
    return top  # type: ignore[return-value]
