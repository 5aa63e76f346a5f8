"""Duplicate grouping decides exactly as the reference on real corpora and on generated near-copies.

Duplicate ids are stored with notes and in the index, so the shortcuts that make grouping fast
(pairs already grouped are skipped, a comparison stops once its verdict is certain, sets are built
a bounded number at a time) must not move one article. The oracle is the straightforward
implementation kept in ``test_dedupe_speed.py``.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.ingest import dedupe
from reader.ingest.corpus import scan_corpus
from tests.conftest import CORPUS, DATA
from tests.unit.test_dedupe_speed import _reference_groups, _reference_shingles, _variants

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from corpus_gen import generate_corpus

SEED_CORPUS = CORPUS.parent.parent / "shared" / "seed-corpus"  # the seed files, next to the repository
REAL = {
    "bundled": CORPUS,
    "seed": SEED_CORPUS,
    "realworld": DATA / "realworld",
    "realworld_heldout": DATA / "realworld_heldout",
}


def _texts(folder: Path) -> list[str]:
    return [doc.text for doc in scan_corpus(folder).documents]


@pytest.fixture(scope="module")
def real_texts() -> dict[str, list[str]]:
    return {name: _texts(folder) for name, folder in REAL.items() if folder.is_dir()}


@pytest.mark.parametrize("name", list(REAL))
def test_real_corpus_groups_as_the_reference(real_texts, name):
    if name not in real_texts:
        pytest.skip(f"{REAL[name]} is not on this machine")
    texts = real_texts[name]
    assert len(texts) > 10
    assert dedupe.duplicate_groups(texts) == _reference_groups(texts)


def test_real_articles_and_their_scraped_copies_group_as_the_reference(real_texts):
    """All real articles together, each followed by copies a scraper makes of it."""
    texts = [t for name in sorted(real_texts) for t in real_texts[name]]
    rng = random.Random(11)
    texts += _variants(texts, rng) + _variants(rng.sample(texts, len(texts) // 2), rng)
    rng.shuffle(texts)
    expected = _reference_groups(texts)
    assert len(expected) > len(texts) // 3  # the copies really are grouped
    assert dedupe.duplicate_groups(texts) == expected


@pytest.fixture(scope="module")
def bases(tmp_path_factory) -> list[str]:
    folder = tmp_path_factory.mktemp("bases")
    generate_corpus(folder, 24, seed=7, words=(8, 700))
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]


BOILERPLATE = (
    "\nShare this article on Facebook Twitter WhatsApp Email Print Related News Most read Opinion Sport "
    "Culture Contact us About us Advertise with us Terms of use Privacy policy Cookie settings Newsletter "
    "Subscribe Follow us on Instagram Copyright 2024 All rights reserved to the publisher and its partners "
    "اقرأ أيضا شارك الخبر على فيسبوك تويتر الأكثر قراءة رأي رياضة ثقافة اتصل بنا من نحن أعلن معنا "
    "شروط الاستخدام سياسة الخصوصية النشرة البريدية تابعونا جميع الحقوق محفوظة للموقع وشركائه"
)
EDITS = ("verbatim", "replace", "delete", "insert", "truncate", "respell", "merge")


def _copy(text: str, other: str, rng: random.Random, edit: str, rate: float) -> str:
    """A copy of ``text`` as another site or a later edit has it: ``rate`` sets how far it strays."""
    words = text.split()
    n = max(1, round(len(words) * rate))
    if edit == "replace":
        for _ in range(n):
            words[rng.randrange(len(words))] = rng.choice(("the", "Zebra", "وقال", "2020", "آخر"))
    elif edit == "delete":
        for _ in range(min(n, len(words) - 1)):
            del words[rng.randrange(len(words))]
    elif edit == "insert":
        for _ in range(n):
            words.insert(rng.randrange(len(words) + 1), rng.choice(("also", "أيضاً", "said")))
    elif edit == "truncate":
        words = words[: max(1, len(words) - n * 3)]
    elif edit == "respell":
        return text.replace("ا", "أ", n).replace("ي", "ى", n).replace("e", "E", n)
    elif edit == "merge":
        others = other.split()
        words += others[: n * 5]
    return " ".join(words)


@st.composite
def near_copies(draw: st.DrawFn, bases: list[str]) -> list[str]:
    """A few stories, each with copies that stray around the grouping thresholds, some with a
    footer many share (boilerplate buckets), in shuffled order."""
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    stories = draw(st.lists(st.sampled_from(bases), min_size=1, max_size=len(bases)))
    footer = BOILERPLATE[: draw(st.integers(0, len(BOILERPLATE)))]
    texts = [story + footer if rng.random() < 0.7 else story for story in stories]
    for story in stories:
        for _ in range(draw(st.integers(0, 40 // len(stories)))):
            edit = draw(st.sampled_from(EDITS))
            rate = draw(st.sampled_from((0.005, 0.02, 0.035, 0.05, 0.08, 0.15)))
            copy = _copy(story, rng.choice(bases), rng, edit, rate)
            texts.append(copy + footer if rng.random() < 0.5 else copy)
    rng.shuffle(texts)
    return texts


@pytest.mark.parametrize("cramped", [False, True])
def test_generated_near_copies_group_as_the_reference(bases, cramped, monkeypatch):
    """Also with room for only a few sets at a time (dropped sets are rebuilt) and narrow masks
    (renumbered often)."""
    if cramped:
        monkeypatch.setattr(dedupe._SetCache, "BUDGET", 300)
        monkeypatch.setattr(dedupe, "_MASK_BITS", 64)

    @settings(max_examples=40, deadline=None, database=None)
    @given(near_copies(bases))
    def check(texts: list[str]) -> None:
        assert dedupe.duplicate_groups(texts) == _reference_groups(texts)

    check()


def test_texts_handed_over_one_at_a_time_group_as_a_list_of_them(bases):
    """A scan passes its articles' texts as a generator, read once and none kept (a list of them all
    was 750 MB at 50k articles): the groups are the same, exact copies included."""
    texts = [*bases[:6], bases[0], bases[2] + " one more line of its own here", bases[3]]
    assert dedupe.duplicate_groups(text for text in texts) == _reference_groups(texts)
    assert dedupe.duplicate_groups(iter(texts)) == dedupe.duplicate_groups(texts)


def test_a_pair_exactly_at_the_jaccard_threshold_is_a_duplicate():
    """7 shared shingles of 8 and 9 (Jaccard 7/10): grouped, as the reference groups it."""
    words = [f"w{k}" for k in range(12)]
    texts = [" ".join(words), " ".join([*words[:11], "x1", "x2"])]
    assert dedupe.duplicate_groups(texts) == _reference_groups(texts) == {0: 1}
    texts[1] += " x3"  # one more shingle of its own: Jaccard 7/11, containment 7/8
    assert dedupe.duplicate_groups(texts) == _reference_groups(texts) == {}


def test_a_text_folded_from_its_first_arabic_character_has_the_reference_shingles(bases):
    """Folding starts at the first character it changes: whatever comes there, the words agree."""
    english = next(b for b in bases if not dedupe._foldable().search(b.casefold()))
    tails = ["", "\nاقرأ أيضاً: الرئيس", "\u200cword", "ab\u200ccd", "\ufefb\ufdf2 ok", "\u0345x",
             "İstanbul ٣"]
    for tail in tails:
        for text in (english + tail, tail + english, english[:40] + tail + english[40:]):
            assert dedupe.shingles(text) == _reference_shingles(text)


@pytest.mark.parametrize("shared_first", [True, False])
def test_a_comparison_stopped_early_gives_the_verdict_of_a_whole_one(shared_first):
    """At every overlap around the thresholds, whichever slices the shared shingles fall in."""
    for la, lb in ((40, 40), (300, 300), (300, 420), (1000, 1111), (257, 2000)):
        for inter in range(int(0.75 * la) - 3, la + 1):
            low, high = range(la + lb), range(10**6, 10**6 + la + lb)
            shared, own = (low, high) if shared_first else (high, low)
            own = iter(own)
            sa = {*shared[:inter], *(next(own) for _ in range(la - inter))}
            sb = {*shared[:inter], *(next(own) for _ in range(lb - inter))}
            assert dedupe._similar(sa, sb) == dedupe._passes(inter, la, lb), (la, lb, inter)


def _cpu(fn) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def test_clusters_of_copies_cost_little_more_than_hashing_them(bases):
    """Two stories with 190 lightly edited copies each: every pair of a copy's buckets is a
    duplicate pair. Comparing each pair (as before) cost 5x the hashing; pairs already in one
    group need no comparison."""
    rng = random.Random(3)
    stories = sorted(bases, key=len)[-2:]
    texts = [_copy(s, s, rng, "replace", 0.004) for s in stories for _ in range(190)]
    hashing = min(_cpu(lambda: [dedupe.shingles(t) for t in texts]) for _ in range(2))
    grouping = _cpu(lambda: dedupe.duplicate_groups(texts))
    assert len(dedupe.duplicate_groups(texts)) == len(texts) - 2
    assert grouping < 2.5 * hashing
