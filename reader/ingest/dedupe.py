"""Group near-duplicate articles: scraped pages repeat whole articles under "Related News".

Word 5-gram shingles compared by Jaccard similarity, with a bottom-k sketch to find candidate
pairs, so a 10k-article corpus is not compared pair by pair.

Speed matters at a real corpus' size (10k articles: 12M shingles), and the groups must not move
when the code gets faster (duplicate ids are stored with the researcher's notes and in the index),
so every shortcut below computes exactly the same shingle hashes, the same candidate pairs and the
same verdict on each pair that can still change a group:

* texts are folded (``fold_arabic``, a per-character ``str.translate``) only from the first
  character folding changes, so English articles skip it;
* the sketch takes the ``SKETCH`` smallest hashes with a heap instead of sorting each set;
* hashes are kept as 4-byte arrays, not sets of Python ints (about 1 GB at 10k articles), and
  turned into sets only while the articles of a bucket are compared, a bounded number at a time;
* an article whose text is identical to an earlier one reuses its hashes;
* a pair already in one group is not compared (it cannot change the groups), a pair sharing
  several buckets is compared in the first only, a cluster of copies is compared as bit masks,
  and other pairs stop counting as soon as their verdict is certain.

Hashing is linear and is most of the time (0.8 ms an article); the pairs of a bucket are at most
``MAX_BUCKET`` choose 2. At 10k articles with clusters of 100 copies, or 60 sites sharing a
footer, grouping took 39-44 s and 1.1 GB more memory, or 19 s; it now takes 10-14 s and 170 MB
(``benchmarks/bench_dedupe.py``).
"""

from __future__ import annotations

import hashlib
import heapq
import re
import zlib
from array import array
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from itertools import islice

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
    """The casefolded words of ``text`` with Arabic spelling folded (only where there is any).

    Folding changes each character on its own, so the text before the first character it changes
    is kept as it is: an English article with Arabic in its footer folds the footer only (folding
    whole texts was over a quarter of the time on a corpus of such pages).
    """
    text = text.casefold()
    first = _foldable().search(text)
    if first is not None:
        text = text[: first.start()] + fold_arabic(text[first.start() :])
    return _WORD.findall(text)


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


def duplicate_groups(texts: Iterable[str], check: Callable[[], None] | None = None) -> dict[int, int]:
    """Map index of each duplicate -> index of its canonical article (the longest; first on ties).

    ``texts`` is read once, in order, and no text is kept: a scan hands the articles' texts over one
    at a time (a list of them all was 750 MB at 50k articles). ``check`` is called every
    :data:`CHECK_EVERY` articles and buckets: it raises to stop the work (a scan cancelled because
    the user closed the window), so a large corpus never makes them wait.
    """
    check = check or _no_check
    compact: list[array] = []  # each article's shingle hashes in text order, 4 bytes each
    sketches: list[tuple[int, ...]] = []
    lengths: list[int] = []
    seen: dict[bytes, int] = {}  # digest of a text -> first article with it
    buckets: dict[int, list[int]] = defaultdict(list)
    for i, text in enumerate(texts):
        if i % CHECK_EVERY == 0:
            check()
        lengths.append(len(text))
        digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        first = seen.setdefault(digest, i)
        compact.append(compact[first] if first != i else _hashes(text))
        sketches.append(tuple(_sketch(compact[i])) if first == i else sketches[first])
        for h in sketches[i]:
            buckets[h].append(i)
    seen.clear()
    groups = _Groups(len(lengths))
    _link_candidates(buckets, sketches, _SetCache(compact), groups, check)
    return _canonical(lengths, groups)


CHECK_EVERY = 256


def _no_check() -> None:
    """Nothing can stop this grouping."""


class _Groups:
    """Union-find over article indices: the groups found so far."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        self.parent[self.find(a)] = self.find(b)


class _SetCache:
    """Each article's shingles as a set, built when a comparison needs it.

    Sets of Python ints take ~80 bytes a shingle: keeping every compared article's set to the end
    (as the first version did) took 1.3 GB more at 10k articles with scattered copies. Buckets are
    compared one after the other, so the least recently used sets are dropped past ``BUDGET``
    shingles (about 80 MB); the last ``MAX_BUCKET`` stay, which covers every article of the bucket
    at hand, so a set is built at most once per bucket of its article (``SKETCH`` times in all).
    """

    BUDGET = 1_000_000

    def __init__(self, compact: list[array]) -> None:
        self.compact = compact
        self.sets: OrderedDict[int, set[int]] = OrderedDict()
        self.size = 0

    def get(self, i: int) -> set[int]:
        found = self.sets.get(i)
        if found is not None:
            self.sets.move_to_end(i)
            return found
        found = self.sets[i] = set(self.compact[i])
        self.size += len(found)
        while self.size > self.BUDGET and len(self.sets) > MAX_BUCKET:
            self.size -= len(self.sets.popitem(last=False)[1])
        return found


def _link_candidates(
    buckets: dict[int, list[int]],
    sketches: list[tuple[int, ...]],
    sets: _SetCache,
    groups: _Groups,
    check: Callable[[], None],
) -> None:
    """Join every candidate pair (two articles in one bucket of 2..``MAX_BUCKET``) that is similar.

    The groups are the connected parts of the graph of similar candidate pairs, whatever the order
    the pairs are looked at, so a pair already in one group is skipped, and a pair that shares
    several buckets is compared only in the first of them: same groups, far fewer comparisons when
    a bucket is a cluster of copies. Buckets are taken one at a time, so the sets being compared
    are those of at most ``MAX_BUCKET`` articles.
    """
    rank = {h: n for n, h in enumerate(h for h, m in buckets.items() if 2 <= len(m) <= MAX_BUCKET)}
    valid = [buckets[h] for h in rank]
    comparers = _Comparers(sets)
    earlier = [sorted(rank[h] for h in sketch if h in rank) for sketch in sketches]  # its buckets' ranks
    for n, members in enumerate(valid):
        if n % CHECK_EVERY == 0:
            check()
        if len({groups.find(i) for i in members}) == 1:
            continue
        compare = None  # made when a pair of this bucket is first compared
        for k, a in enumerate(members[:-1]):
            partners = set(members[k + 1 :])
            for r in earlier[a]:
                if r >= n:
                    break
                partners.difference_update(valid[r])  # compared there already
            for b in partners:
                if groups.find(a) == groups.find(b):
                    continue
                if compare is None:
                    compare = comparers.for_bucket(members)
                if compare(a, b):
                    groups.union(a, b)


_SAMPLE = 8  # articles of a bucket looked at to tell a cluster of copies from shared boilerplate
_MASK_BITS = 1 << 16  # masks grow no wider than this before a fresh numbering starts (8 kB each)
_MASKS = 4 * MAX_BUCKET  # nor more of them are kept


class _Comparers:
    """How the pairs of each bucket are compared, by what its first articles share.

    Copies share most shingles, and a cluster of 100 has 4,950 pairs, each near the threshold when
    the copies are lightly edited: as bit masks over the cluster's distinct shingles (``_Masks``),
    a pair costs an AND and a bit count instead of intersecting two sets of Python ints (50 µs
    and more at 1,400 shingles, mostly cache misses). A cluster's buckets come one after the
    other, so the masks are kept from bucket to bucket until they grow wide. Articles that share
    only a footer have few shingles in common, so masks would be as wide as all their text: their
    sets are intersected, stopping early.
    """

    def __init__(self, sets: _SetCache) -> None:
        self.sets = sets
        self.masks: _Masks | None = None

    def for_bucket(self, members: list[int]) -> Callable[[int, int], bool]:
        sample = [self.sets.get(i) for i in members[:_SAMPLE]]
        if 2 * len(set().union(*sample)) >= sum(map(len, sample)):  # most of their shingles differ
            return self.similar
        masks = self.masks
        if masks is None or len(masks.position) > _MASK_BITS or len(masks.masks) > _MASKS:
            self.masks = masks = _Masks(self.sets)
        return masks

    def similar(self, a: int, b: int) -> bool:
        return _similar(self.sets.get(a), self.sets.get(b))


class _Masks:
    """Articles of a run of buckets as bit masks, a bit per distinct shingle, numbered as first met."""

    BITS = bytes.maketrans(b"\0\1", b"01")

    def __init__(self, sets: _SetCache) -> None:
        self.sets = sets
        self.position: dict[int, int] = {}
        self.masks: dict[int, tuple[int, int]] = {}  # article -> (mask, number of shingles)

    def __call__(self, a: int, b: int) -> bool:
        (mask_a, la), (mask_b, lb) = self.mask(a), self.mask(b)
        return _passes((mask_a & mask_b).bit_count(), la, lb)

    def mask(self, i: int) -> tuple[int, int]:
        found = self.masks.get(i)
        if found is None:
            shingles, position = self.sets.get(i), self.position
            new = shingles.difference(position)
            position.update(zip(new, range(len(position), len(position) + len(new)), strict=True))
            flags = bytearray(len(position))
            for p in map(position.__getitem__, shingles):
                flags[p] = 1
            found = self.masks[i] = (int(flags[::-1].translate(self.BITS), 2), len(shingles))
        return found


def _passes(inter: int, la: int, lb: int) -> bool:
    """The test each candidate pair gets: Jaccard, or containment of the smaller in the larger."""
    return inter / (la + lb - inter) >= JACCARD or inter / min(la, lb) >= CONTAINMENT


_SLICES = 8  # a comparison counts the overlap an eighth of the smaller set at a time


def _similar(sa: set[int], sb: set[int]) -> bool:
    """``_passes`` on the overlap of ``sa`` and ``sb``, counted a slice at a time until it is certain.

    ``_passes`` only grows with the overlap, so a pair passes as soon as the shingles found shared
    so far pass, and fails as soon as even counting every shingle not yet looked at as shared
    fails. Pairs of a boilerplate bucket (they share a footer, not their text) are settled after
    a slice or two.
    """
    la, lb = len(sa), len(sb)
    small, large = (sa, sb) if la <= lb else (sb, sa)
    walk, left, hits = iter(small), len(small), 0
    step = max(32, left // _SLICES)
    while left:
        taken = min(step, left)
        hits += len(large.intersection(islice(walk, taken)))
        left -= taken
        if _passes(hits, la, lb):
            return True
        if not _passes(hits + left, la, lb):
            return False
    return False  # not reached: with nothing left, one of the two tests above holds


def _canonical(lengths: Sequence[int], groups: _Groups) -> dict[int, int]:
    """Each grouped article -> the longest of its group (the first of the longest on ties)."""
    members_of: dict[int, list[int]] = defaultdict(list)
    for i in range(len(lengths)):
        members_of[groups.find(i)].append(i)
    result: dict[int, int] = {}
    for members in members_of.values():
        if len(members) < 2:
            continue
        canonical = max(members, key=lambda i: (lengths[i], -i))
        for i in members:
            if i != canonical:
                result[i] = canonical
    return result
