"""Selections widened to whole words, so a drag never cuts a word, least of all a joined Arabic one.

A researcher highlighting with the mouse means words: a drag that starts one letter into
"Hezbollah" or ends before the last letter of «واشنطن» (where the letters are joined, so the missing
one is hard to see) should still mark the whole word. Combining marks (Arabic vowel signs, shadda),
tatweel and joiners belong to the word they sit in; digits and letters of any script are word
characters; everything else (spaces, punctuation, quotes) is a boundary.
"""

from __future__ import annotations

import unicodedata

_JOINERS = frozenset("\u0640\u200c\u200d")  # tatweel, zero-width non-joiner and joiner


def is_word_char(ch: str) -> bool:
    """Part of a word: a letter, a digit, a combining mark, tatweel or a zero-width joiner."""
    if ch in _JOINERS:
        return True
    category = unicodedata.category(ch)
    return category[0] in "LMN"


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` widened so that it neither starts nor ends inside a word.

    Spaces and punctuation at either edge are left as they are (the caller trims them); an empty
    span stays empty. The result always contains the span given.
    """
    n = len(text)
    start, end = max(0, min(start, n)), max(0, min(end, n))
    if start >= end:
        return start, end
    if start > 0 and is_word_char(text[start]) and is_word_char(text[start - 1]):
        while start > 0 and is_word_char(text[start - 1]):
            start -= 1
    if end < n and is_word_char(text[end - 1]) and is_word_char(text[end]):
        while end < n and is_word_char(text[end]):
            end += 1
    return start, end
