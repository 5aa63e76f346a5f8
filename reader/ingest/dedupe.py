"""Group near-duplicate articles: scraped pages repeat whole articles under "Related News".

Word 5-gram shingles compared by Jaccard similarity, with a bottom-k sketch to find candidate
pairs, so a 10k-article corpus is not compared pair by pair.
"""

from __future__ import annotations

import re
import zlib
from collections import defaultdict
from collections.abc import Sequence

from reader.text.arabic import fold_arabic

SHINGLE = 5
SKETCH = 8
JACCARD = 0.7
CONTAINMENT = 0.9  # a truncated copy of a longer article is still the same article
_WORD = re.compile(r"\w+")


def shingles(text: str) -> set[int]:
    words = _WORD.findall(fold_arabic(text.casefold()))
    if len(words) < SHINGLE:
        return {zlib.crc32(" ".join(words).encode())} if words else set()
    return {zlib.crc32(" ".join(words[i : i + SHINGLE]).encode()) for i in range(len(words) - SHINGLE + 1)}


def duplicate_groups(texts: Sequence[str]) -> dict[int, int]:
    """Map index of each duplicate -> index of its canonical article (the longest; first on ties)."""
    sets = [shingles(t) for t in texts]
    buckets: dict[int, list[int]] = defaultdict(list)
    for i, s in enumerate(sets):
        for h in sorted(s)[:SKETCH]:
            buckets[h].append(i)
    parent = list(range(len(texts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    checked: set[tuple[int, int]] = set()
    for members in buckets.values():
        if len(members) < 2 or len(members) > 200:
            continue
        for a_pos, a in enumerate(members):
            for b in members[a_pos + 1 :]:
                pair = (a, b) if a < b else (b, a)
                if pair in checked:
                    continue
                checked.add(pair)
                sa, sb = sets[a], sets[b]
                if not sa or not sb:
                    continue
                inter = len(sa & sb)
                if inter / len(sa | sb) >= JACCARD or inter / min(len(sa), len(sb)) >= CONTAINMENT:
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
