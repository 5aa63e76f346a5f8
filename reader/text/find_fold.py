"""Find-in-article folding: a text folded for matching, with a map back to the text's offsets.

Why per character: every folded position must map back to one source character, so a hit in the
folded text marks exactly the source span it came from (``الرئيس`` finds ``الرَّئِيسُ``, ``resume``
finds ``résumé``). Pure text, no Qt: the reading pane and the pair dialog both use it.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache

from reader.text.arabic import fold_arabic

MAX_FIND_HITS = 100_000

_LATIN_MARKS = re.compile("[\u0300-\u036f]")


@lru_cache(maxsize=16384)
def _fold_char(ch: str) -> str:
    """Find-in-article folding of one character: Arabic spelling variants, Latin case and accents.

    Works per character so that every folded position maps back to one source character.
    """
    if ch.isspace():
        return " "
    folded = fold_arabic(ch)
    if not folded:
        return ""
    folded = unicodedata.normalize("NFD", folded)
    folded = _LATIN_MARKS.sub("", folded).casefold()
    return _LATIN_MARKS.sub("", unicodedata.normalize("NFD", folded))


def fold_for_find(text: str) -> str:
    return "".join(_fold_char(ch) for ch in text)


class FoldedText:
    """``text`` folded for find, with a map from folded positions back to ``text`` positions.

    Only characters whose folding is not exactly one character (vowel marks, tatweel, hamza,
    ligatures, ``ß``) are recorded; between them the two strings advance in step. So building it
    costs one ``str.translate`` plus a regex scan, even on a megabyte of text.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        table: dict[int, str] = {}
        irregular: dict[str, int] = {}
        for ch in set(text):
            folded = _fold_char(ch)
            if folded != ch:
                table[ord(ch)] = folded
            if len(folded) != 1:
                irregular[ch] = len(folded)
        self.folded = text.translate(table) if table else text
        self._orig: list[int] = []
        self._fpos: list[int] = []
        self._flen: list[int] = []
        if irregular:
            pattern = re.compile("[" + "".join(re.escape(c) for c in irregular) + "]")
            shift = 0
            for m in pattern.finditer(text):
                p = m.start()
                length = irregular[text[p]]
                self._orig.append(p)
                self._fpos.append(p + shift)
                self._flen.append(length)
                shift += length - 1

    def _source_of(self, fs: int) -> int:
        k = bisect_right(self._fpos, fs) - 1
        if k < 0:
            return fs
        fp, length, p = self._fpos[k], self._flen[k], self._orig[k]
        if fs < fp + length:
            return p
        return p + 1 + (fs - fp - length)

    def source_span(self, fs: int, fe: int) -> tuple[int, int]:
        """The source span of folded ``[fs, fe)``, extended over trailing marks (ُ in الرَّئِيسُ)."""
        start = self._source_of(fs)
        end = self._source_of(fe - 1) + 1 if fe > fs else start
        text = self.text
        while end < len(text) and unicodedata.category(text[end]) == "Mn" and not _fold_char(text[end]):
            end += 1
        return start, end

    def find_all(self, query: str, limit: int = MAX_FIND_HITS) -> list[tuple[int, int]]:
        needle = fold_for_find(query)
        if not needle:
            return []
        spans: list[tuple[int, int]] = []
        for m in re.finditer(re.escape(needle), self.folded):
            spans.append(self.source_span(m.start(), m.end()))
            if len(spans) >= limit:
                break
        return spans
