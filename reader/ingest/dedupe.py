"""Group near-duplicate articles: scraped pages repeat whole articles under "Related News".

Word 5-gram shingles compared by Jaccard similarity, with a bottom-k sketch to find candidate
pairs, so a 10k-article corpus is not compared pair by pair.

Speed matters at a real corpus' size (10k articles: 12M shingles), and the groups must not move
when the code gets faster (duplicate ids are stored with the researcher's notes and in the index),
so every shortcut below computes exactly the same shingle hashes and the same candidate pairs:

* texts with nothing to fold (English, most often) skip ``fold_arabic``, whose per-character
  ``str.translate`` was a third of the time;
* the sketch takes the ``SKETCH`` smallest hashes with a heap instead of sorting each set;
* hashes are kept as 4-byte arrays, not sets of Python ints (about 1 GB at 10k articles), and
  turned into sets only for the articles of a candidate pair, each once;
* an article whose text is identical to an earlier one reuses its hashes.
"""

from __future__ import annotations

import heapq
import re
import zlib
from array import array
from collections import defaultdict
from collections.abc import Sequence
from functools import cache

from reader.text.arabic import fold_arabic

SHINGLE = 5
SKETCH = 8
JACCARD = 0.7
CONTAINMENT = 0.9  # a truncated copy of a longer article is still the same article
MAX_BUCKET = 200  # a sketch hash shared by more articles is boilerplate, not evidence of a copy
_WORD = re.compile(r"\w+")


@cache
def _foldable() -> re.Pattern[str]:
    """The characters ``fold_arabic`` changes, found by asking it (so the two never disagree).

    A text without any of them folds to itself, which spares the per-character translation for
    English articles (a third of the time spent here). Computed on first use, not at import.
    """
    chars = [chr(c) for c in range(0x80, 0x10000) if not 0xD800 <= c < 0xE000]
    folded = fold_arabic("\n".join(chars)).split("\n")  # one character per line, deleted ones empty
    changed = (c for c, f in zip(chars, folded, strict=True) if c != f)
    return re.compile("[" + "".join(map(re.escape, changed)) + "]")


def _words(text: str) -> list[str]:
    """The casefolded words of ``text`` with Arabic spelling folded (only where there is any)."""
    text = text.casefold()
    return _WORD.findall(fold_arabic(text) if _foldable().search(text) else text)


def _hashes(text: str) -> array:
    """CRC-32 of each word 5-gram joined by spaces (of all words when there are fewer), in order."""
    words = _words(text)
    if len(words) < SHINGLE:
        return array("I", [zlib.crc32(" ".join(words).encode())] if words else [])
    grams = zip(*(words[k:] for k in range(SHINGLE)), strict=False)  # the later lists are shorter
    return array("I", map(zlib.crc32, map(str.encode, map(" ".join, grams))))


def _sketch(hashes: array) -> list[int]:
    """The ``SKETCH`` smallest distinct hashes, without building a set when they are distinct."""
    smallest = heapq.nsmallest(SKETCH, hashes)
    if len(set(smallest)) == len(smallest):
        return smallest
    return heapq.nsmallest(SKETCH, set(hashes))


def shingles(text: str) -> set[int]:
    """The hashed word 5-grams of ``text``, casefolded and with Arabic spelling folded."""
    return set(_hashes(text))


def duplicate_groups(texts: Sequence[str]) -> dict[int, int]:
    """Map index of each duplicate -> index of its canonical article (the longest; first on ties)."""
    compact: list[array] = []  # each article's shingle hashes in text order, 4 bytes each
    seen: dict[str, int] = {}  # text -> first article with it
    buckets: dict[int, list[int]] = defaultdict(list)
    for i, text in enumerate(texts):
        first = seen.setdefault(text, i)
        compact.append(compact[first] if first != i else _hashes(text))
        for h in _sketch(compact[i]):
            buckets[h].append(i)
    seen.clear()
    parent = list(range(len(texts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    candidates: set[tuple[int, int]] = set()
    for members in buckets.values():
        if 2 <= len(members) <= MAX_BUCKET:
            candidates.update((a, b) for n, a in enumerate(members) for b in members[n + 1 :])
    expanded: dict[int, set[int]] = {}  # articles of candidate pairs, each expanded once

    def hashes_of(i: int) -> set[int]:
        found = expanded.get(i)
        if found is None:
            found = expanded[i] = set(compact[i])
        return found

    previous = -1
    for a, b in sorted(candidates):
        if a != previous:  # pairs are sorted, so no later pair needs the previous first article
            expanded.pop(previous, None)
            previous = a
        sa, sb = hashes_of(a), hashes_of(b)
        inter = len(sa & sb)
        if inter / (len(sa) + len(sb) - inter) >= JACCARD or inter / min(len(sa), len(sb)) >= CONTAINMENT:
            parent[find(a)] = find(b)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(texts)):
        groups[find(i)].append(i)
    result: dict[int, int] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        canonical = max(members, key=lambda i: (len(texts[i]), -i))
        for i in members:
            if i != canonical:
                result[i] = canonical
    return result
