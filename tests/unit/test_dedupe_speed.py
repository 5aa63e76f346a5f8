"""The fast duplicate grouping finds exactly the groups the straightforward one found.

Duplicate ids are stored with notes and in the index, so a faster ``duplicate_groups`` must not move
a single article between groups. The reference below is the implementation it replaced (one
Python set of CRC-32s per article, sorted sketches, union by set operations), kept as the oracle.
"""

from __future__ import annotations

import random
import sys
import zlib
from collections import defaultdict
from pathlib import Path

import pytest

from reader.ingest import dedupe
from reader.text.arabic import fold_arabic

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from corpus_gen import generate_corpus


def _reference_shingles(text: str) -> set[int]:
    words = dedupe._WORD.findall(fold_arabic(text.casefold()))
    if len(words) < dedupe.SHINGLE:
        return {zlib.crc32(" ".join(words).encode())} if words else set()
    n = dedupe.SHINGLE
    return {zlib.crc32(" ".join(words[i : i + n]).encode()) for i in range(len(words) - n + 1)}


def _reference_groups(texts: list[str]) -> dict[int, int]:
    sets = [_reference_shingles(t) for t in texts]
    buckets: dict[int, list[int]] = defaultdict(list)
    for i, s in enumerate(sets):
        for h in sorted(s)[: dedupe.SKETCH]:
            buckets[h].append(i)
    parent = list(range(len(texts)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for members in buckets.values():
        if len(members) < 2 or len(members) > 200:
            continue
        for k, a in enumerate(members):
            for b in members[k + 1 :]:
                sa, sb = sets[a], sets[b]
                inter = len(sa & sb)
                contained = inter / min(len(sa), len(sb))
                if inter / len(sa | sb) >= dedupe.JACCARD or contained >= dedupe.CONTAINMENT:
                    parent[find(a)] = find(b)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(texts)):
        groups[find(i)].append(i)
    result = {}
    for members in groups.values():
        if len(members) > 1:
            canonical = max(members, key=lambda i: (len(texts[i]), -i))
            result.update({i: canonical for i in members if i != canonical})
    return result


def _variants(texts: list[str], rng: random.Random) -> list[str]:
    """Copies a scraper makes: verbatim, truncated, lightly edited, re-vowelled, with invisibles."""
    out = []
    for text in texts:
        kind = rng.randrange(6)
        if kind == 0:
            out.append(text)
        elif kind == 1:
            out.append(text[: int(len(text) * rng.uniform(0.2, 0.97))])
        elif kind == 2:
            words = text.split()
            for _ in range(max(1, len(words) // rng.choice((8, 15, 40)))):
                words[rng.randrange(len(words))] = rng.choice(("the", "Zebra", "وقال", "2020"))
            out.append(" ".join(words))
        elif kind == 3:
            out.append(text.replace("ا", "أ").replace(" ", " \u200c", 50).upper())
        elif kind == 4:
            out.append(text.replace("لا", "\ufefb").replace("ي", "\u064aَ"))
        else:
            out.append("Related News\n" + text[len(text) // 3 :] + "\nShare this article")
    return out


@pytest.fixture(scope="module")
def corpus_texts(tmp_path_factory) -> list[str]:
    folder = tmp_path_factory.mktemp("gen")
    generate_corpus(folder, 160, seed=3, words=(30, 400))
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    rng = random.Random(5)
    texts += _variants(rng.sample(texts, 90), rng)
    texts += ["", "Short one.", "short ONE", "five words are enough here", "١٢٣ أحمد"] * 2
    rng.shuffle(texts)
    return texts


def test_same_groups_as_the_reference(corpus_texts):
    expected = _reference_groups(corpus_texts)
    assert len(expected) > 60  # the generated copies really are duplicates
    assert dedupe.duplicate_groups(corpus_texts) == expected


def test_same_shingles_as_the_reference(corpus_texts):
    for text in corpus_texts:
        assert dedupe.shingles(text) == _reference_shingles(text)


def test_more_identical_copies_than_a_bucket_holds_group_as_before():
    texts = ["A notice that every page of the site repeats, word for word, again."] * 205 + ["Other."]
    assert dedupe.duplicate_groups(texts) == _reference_groups(texts)


def test_text_without_foldable_characters_folds_to_itself():
    pattern = dedupe._foldable()
    samples = ["plain ASCII", "café – “quoted” naïve ﬁ", "Ελληνικά ß", "\ufd3e\ufd3f", "حزب الله", "كتائب"]
    for text in samples:
        if pattern.search(text) is None:
            assert fold_arabic(text) == text
    assert pattern.search("حزب الله") is None  # nothing to fold in plain Arabic letters either
    for text in ("أحمد", "مدرسة", "\u200c", "\ufefb", "٣", "كِتاب"):
        assert pattern.search(text) is not None
