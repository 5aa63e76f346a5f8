"""Paragraph alignment of an article and its translation (English ↔ Arabic).

Why length *and* anchors: Gale–Church's observation (a translation's length is proportional to its
source's) is what makes alignment work without a dictionary, but between English and Arabic the
proportion is not 1 and varies from outlet to outlet, and translators of news merge, split and drop
paragraphs. So the ratio is estimated from the two texts themselves (total length of one over the
other, then again over the groups a first alignment matched, since a comment section on one side
skews the totals), and the length cost of each group is corrected by evidence that survives
translation: numbers (Arabic-Indic digits folded to ASCII), named entities through the alias table
(Camp Taji = معسكر التاجي), transliteration keys of proper names (Tueller = تولر), month names and
quotation marks. Evidence is weighted by how rare it is in the two texts, so a year mentioned once
on each side pins two paragraphs together while "Iraq" in every paragraph weighs almost nothing.

Two departures from the textbook model, both measured in ``tests/unit/test_aligner.py``: lengths
are a mixture of careful and loose translation (one loose paragraph must not drag its neighbours
into wrong merges), and paragraphs with no counterpart cost a fixed price plus a little per
character, with a cheaper price for each further one in a row (affine gaps), instead of Gale–
Church's quadratic length cost, under which merging a caption into its neighbour always wins.

The dynamic programme runs in a band around the diagonal (the line from the first paragraphs to
the last ones), so a 1,000 × 1,000 alignment costs tens of thousands of cells rather than a
million; when the best path touches the band's edge the band is doubled and the alignment redone,
so a long stretch present on one side only still aligns correctly, just more slowly.

Pure Python, no Qt: the CLI, the app's parallel view and the benchmarks use it alike.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.text.arabic import fold_arabic, is_arabic_word
from reader.text.names import WORD_PATTERN, variant_key

if TYPE_CHECKING:
    from reader.text.names import AliasTable

__all__ = [
    "BEADS",
    "MONTH_STARTS",
    "Bead",
    "align",
    "alignment_json",
    "folded_words",
    "group_accuracy",
    "month_of",
    "numbers_in",
    "paragraph_features",
]

Bead = tuple[tuple[int, ...], tuple[int, ...]]

# (paragraphs of A, paragraphs of B, prior probability). Paragraph-level translation of news
# merges and splits far more often than Gale–Church's sentence-level figures; one-sided
# paragraphs (photo captions, "Related:" lines, a translator's note) are rarer but real. 2-2 is
# left out: in tests on noisy translations it mostly replaced two correct 1-1 groups (it absorbs
# length noise and loses no anchors), and a true 2-2 is rare between paragraphs.
BEADS: tuple[tuple[int, int, float], ...] = (
    (1, 1, 0.89),
    (1, 0, 0.01),
    (0, 1, 0.01),
    (2, 1, 0.035),
    (1, 2, 0.035),
    (3, 1, 0.005),
    (1, 3, 0.005),
)

# Gale–Church's variance of the length difference per character is 6.8 for sentences of related
# European languages. This is only the first guess: the variance is measured on a first alignment
# and the alignment redone (see ``align``). All constants here were tuned on the synthetic tests
# in tests/unit/test_aligner.py (clean, merged/split, sentences dropped) and checked on the gold
# alignments of real articles.
LENGTH_VARIANCE = 10.0
# Translators are not all equally literal: most paragraphs keep close to the ratio, a few (a
# sentence dropped or added, a number spelt out) do not. Lengths are modelled as a mixture: this
# share of paragraphs has OUTLIER_VARIANCE times the variance. A single Gaussian would either be
# too loose to notice a merged caption or so strict that one loose paragraph drags its neighbours
# into wrong merges.
OUTLIER_SHARE = 0.1
OUTLIER_VARIANCE = 10.0
# The variance is re-estimated from a first alignment (see ``_estimate_variance``) within these
# bounds, from at least this many one-to-one groups.
MIN_VARIANCE, MAX_VARIANCE = 3.0, 60.0
MIN_VARIANCE_SAMPLE = 6
MAX_PASSES = 4
# Gale–Church's length cost for a paragraph with no counterpart grows with the square of its
# length, which makes merging a caption into its neighbour always cheaper than leaving it alone.
# Here a one-sided paragraph costs its prior plus this much per character (in A's units).
DELETION_PER_CHAR = 0.005
# Each further one-sided paragraph in a row costs this instead of the 1-0 prior (affine gaps).
GAP_EXTEND = 1.5
# Costs (in nats, like the length cost) per unit of evidence weight: a shared rare anchor is
# worth about as much as a fairly bad length fit; an anchor on one side only costs less, because
# translators do drop numbers and names.
MATCH_REWARD = 4.0
MISS_PENALTY = 1.5
# Evidence kinds and how much one occurrence of each is worth.
KIND_WEIGHT = {"n": 1.0, "d": 0.5, "e": 1.0, "k": 0.6, "m": 0.5, "q": 0.3}

# Band half-width to start with; doubled while the best path touches the band's edge.
MIN_BAND = 12
BAND_SHARE = 0.025

_INF = float("inf")
_SQRT_PI = math.sqrt(math.pi)

# ---------------------------------------------------------------------------------------------
# Evidence that survives translation

# Digits with thousands/decimal separators: 5,200 / 4.5 / ٤٫٥ (after folding: 4٫5) / 1٬000.
_NUMBER_RE = re.compile(r"(?<![\d.,٫٬])\d+(?:[.,٫٬]\d+)*")
_THOUSANDS_RE = re.compile(r"[.,٫٬](?=\d{3}(?:\D|$))")

_EN_MONTHS = {
    name: n
    for n, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
# Folded Arabic month names: Levantine/Iraqi (آذار) and Egyptian/Gulf (مارس) forms, also with a
# one-letter clitic (وآذار, بآذار). كانون and تشرين need the next word (الاول/الثاني).
_AR_MONTHS = {
    "شباط": 2, "اذار": 3, "نيسان": 4, "ايار": 5, "حزيران": 6, "تموز": 7, "اب": 8, "ايلول": 9,
    "يناير": 1, "فبراير": 2, "مارس": 3, "ابريل": 4, "افريل": 4, "مايو": 5, "يونيو": 6,
    "يونيه": 6, "يوليو": 7, "يوليه": 7, "اغسطس": 8, "سبتمبر": 9, "اكتوبر": 10, "نوفمبر": 11,
    "ديسمبر": 12,
}
_AR_CLITICS = ("و", "ب", "ل", "ف")
_MONTH_FORMS: dict[str, int] = {
    **_EN_MONTHS,
    **_AR_MONTHS,
    **{c + name: n for name, n in _AR_MONTHS.items() if len(name) > 2 for c in _AR_CLITICS},
}
_AR_TWO_WORD_MONTHS: dict[str, dict[str, int]] = {
    first: {"ثاني": second_month, "اول": first_month}
    for base, second_month, first_month in (("كانون", 1, 12), ("تشرين", 11, 10))
    for first in (base, *(c + base for c in _AR_CLITICS))
}
_WORD_RE = re.compile(WORD_PATTERN)
# Every surface form that may start a month name, for a quick membership test before month_of.
MONTH_STARTS = frozenset(
    {form for name in _EN_MONTHS for form in (name.capitalize(), name.upper())}
    | {form for form in _MONTH_FORMS if not form.isascii()}
    | set(_AR_TWO_WORD_MONTHS)
)

# Quotation marks that open a quotation in either language (a straight " counts half: it both
# opens and closes).
_OPENING_QUOTES = "“«„‘"
# Capitalised English words that are not names and whose keys could meet an Arabic word's.
_NOT_NAMES = frozenset({
    "the", "a", "an", "and", "but", "or", "in", "on", "at", "of", "to", "for", "from", "by", "with",
    "as", "after", "before", "when", "while", "since", "this", "that", "these", "those", "there",
    "here", "he", "she", "it", "they", "we", "i", "his", "her", "its", "their", "our", "you", "your",
    "mr", "mrs", "ms", "dr", "gen", "col", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday",
})
_MIN_KEY = 3


def numbers_in(text: str, *, folded: bool = False) -> list[str]:
    """Numbers written with digits, ASCII or Arabic-Indic, normalised: ``٥٬٢٠٠`` → ``5200``.

    A separator followed by exactly three digits is read as a thousands separator (5,200), any
    other as a decimal point (4.5, ٤٫٥ → 4.5), so the two scripts' conventions meet.
    ``folded=True`` says the caller already ran :func:`fold_arabic` (it is idempotent, not free).
    """
    out = []
    for match in _NUMBER_RE.finditer(text if folded else fold_arabic(text)):
        raw = _THOUSANDS_RE.sub("", match.group(0))
        raw = raw.replace(",", ".").replace("٫", ".").replace("٬", "")
        if raw.count(".") > 1:  # 1.2.3 is not a number; keep its parts
            out.extend(part.lstrip("0") or "0" for part in raw.split("."))
            continue
        whole, _, fraction = raw.partition(".")
        whole = whole.lstrip("0") or "0"
        fraction = fraction.rstrip("0")
        out.append(f"{whole}.{fraction}" if fraction else whole)
    return out


def folded_words(text: str, *, folded: bool = False) -> list[str]:
    """Words of ``text`` after Arabic folding (digits ASCII, hamza seats and marks folded).

    :func:`month_of` expects these; one ``translate`` and one ``findall`` over the whole text keep
    date scanning of a 10,000-article corpus to seconds.
    """
    return _WORD_RE.findall(text if folded else fold_arabic(text))


def month_of(words: Sequence[str], i: int) -> tuple[int, int] | None:
    """(month, number of words used) if ``words[i]`` starts a month name in either language.

    ``words`` come from :func:`folded_words`. English names count only capitalised ("March",
    "MARCH"), so a protest march or "you may" is not a month.
    """
    word = words[i]
    month = _MONTH_FORMS.get(word.lower())
    if month is not None:
        if word.isascii() and not word[0].isupper():
            return None
        return month, 1
    seconds = _AR_TWO_WORD_MONTHS.get(word)
    if seconds is not None and i + 1 < len(words):
        second = words[i + 1]
        month = seconds.get(second[2:] if second.startswith("ال") else second)
        if month is not None:
            return month, 2
    return None


def paragraph_features(text: str, aliases: AliasTable | None = None) -> Counter[str]:
    """Language-neutral evidence in one paragraph, as tagged strings with counts.

    ``n:2012`` numbers (``d:5`` for single digits, which translators often write as words),
    ``e:<group key>`` alias-table entities, ``k:<variant key>`` transliteration keys of
    capitalised English words and of Arabic words (only those also present on the other side
    end up mattering), ``m:3`` month names, ``q`` quotations.
    """
    feats: Counter[str] = Counter()
    folded = fold_arabic(text)
    for number in numbers_in(folded, folded=True):
        feats[("d:" if len(number) == 1 else "n:") + number] += 1
    if aliases is not None:
        for group, _start, _end, _surface in aliases.find_all(text):
            feats["e:" + group.key] += 1
    words = folded_words(folded, folded=True)
    for i, word in enumerate(words):
        if word[:1].isdigit():
            continue
        arabic = is_arabic_word(word)
        if arabic or (word[:1].isupper() and word.casefold() not in _NOT_NAMES):
            key = variant_key(word)
            if len(key) >= _MIN_KEY and key.isalpha():
                feats["k:" + key] += 1
        if word in MONTH_STARTS and (month := month_of(words, i)) is not None:
            feats[f"m:{month[0]}"] += 1
    quotes = sum(text.count(ch) for ch in _OPENING_QUOTES) + text.count('"') // 2
    if quotes:
        feats["q"] += quotes
    return feats


# ---------------------------------------------------------------------------------------------
# The model: lengths, ratio and weighted anchors of one pair of texts


@dataclass
class _Model:
    len_a: list[float]
    len_b: list[float]
    feats_a: list[frozenset[int]]
    feats_b: list[frozenset[int]]
    weights: list[float]
    ratio: float
    variance: float

    @classmethod
    def build(cls, a: Sequence[str], b: Sequence[str], aliases: AliasTable | None) -> _Model:
        len_a = [float(_length(t)) for t in a]
        len_b = [float(_length(t)) for t in b]
        ratio = (sum(len_b) / sum(len_a)) if sum(len_a) and sum(len_b) else 1.0
        raw_a = [paragraph_features(t, aliases) for t in a]
        raw_b = [paragraph_features(t, aliases) for t in b]
        in_a: Counter[str] = Counter()
        in_b: Counter[str] = Counter()
        for feats in raw_a:
            in_a.update(feats.keys())
        for feats in raw_b:
            in_b.update(feats.keys())
        # Only evidence found on both sides says anything about where a paragraph went.
        shared = sorted(set(in_a) & set(in_b))
        ids = {f: n for n, f in enumerate(shared)}
        weights = [KIND_WEIGHT[f.split(":", 1)[0]] / max(in_a[f], in_b[f]) for f in shared]
        return cls(
            len_a,
            len_b,
            [frozenset(ids[f] for f in feats if f in ids) for feats in raw_a],
            [frozenset(ids[f] for f in feats if f in ids) for feats in raw_b],
            weights,
            ratio,
            LENGTH_VARIANCE,
        )


def _length(text: str) -> int:
    """Characters that carry content: whitespace runs do not translate."""
    return len(" ".join(text.split()))


# ---------------------------------------------------------------------------------------------
# Dynamic programme


def align(
    a_paragraphs: Sequence[str],
    b_paragraphs: Sequence[str],
    *,
    aliases: AliasTable | None = None,
) -> list[Bead]:
    """Align two paragraph lists; every paragraph of both sides appears in exactly one group.

    Returns groups in order, each ``((a indices), (b indices))``: 1-1, 1-2, 2-1, 1-3, 3-1, and
    1-0 / 0-1 for a paragraph with no counterpart (see :data:`BEADS`). ``aliases`` (an
    :class:`~reader.text.names.AliasTable`) adds entity evidence across scripts; without it,
    numbers, transliteration keys, months and quotations still count.
    """
    n, m = len(a_paragraphs), len(b_paragraphs)
    if n == 0 or m == 0:
        return [((i,), ()) for i in range(n)] + [((), (j,)) for j in range(m)]
    model = _Model.build(a_paragraphs, b_paragraphs, aliases)
    beads = _run(model)
    # The ratio of total lengths is skewed by material on one side only (comments, captions), and
    # how closely this translator keeps to the ratio is unknown until something is aligned: both
    # are measured again on the alignment's matched groups, and the alignment redone while they
    # differ clearly from the previous guesses (in practice once or twice).
    for _ in range(MAX_PASSES - 1):
        ratio = _estimate_ratio(model, beads)
        variance = _estimate_variance(model, beads, ratio)
        if variance is None or (
            0.97 < ratio / model.ratio < 1.03 and 0.67 < variance / model.variance < 1.5
        ):
            break
        model.ratio, model.variance = ratio, variance
        beads = _run(model)
    return beads


def _run(model: _Model) -> list[Bead]:
    n, m = len(model.len_a), len(model.len_b)
    width = max(MIN_BAND, math.ceil(BAND_SHARE * max(n, m)))
    while True:
        beads, touched = _banded(model, width)
        if beads is not None and not touched:
            return beads
        if width >= n + m:
            assert beads is not None  # the band covers the whole table: always feasible
            return beads
        width *= 2


def _estimate_ratio(model: _Model, beads: Sequence[Bead]) -> float:
    """Length of B over length of A, counting only groups with paragraphs on both sides."""
    total_a = sum(model.len_a[i] for ga, gb in beads if ga and gb for i in ga)
    total_b = sum(model.len_b[j] for ga, gb in beads if ga and gb for j in gb)
    return total_b / total_a if total_a and total_b else model.ratio


def _estimate_variance(model: _Model, beads: Sequence[Bead], ratio: float) -> float | None:
    """Gale–Church's variance per character, from the 1-1 groups of a first alignment.

    The median is used (a few wrong groups must not inflate it): for a normal length difference,
    the median of δ² is 0.455 times the variance.
    """
    values = []
    for ga, gb in beads:
        if len(ga) == 1 and len(gb) == 1:
            x = model.len_a[ga[0]]
            y = model.len_b[gb[0]] / ratio
            if x + y > 0:
                values.append((y - x) ** 2 / ((x + y) / 2))
    if len(values) < MIN_VARIANCE_SAMPLE:
        return None
    values.sort()
    median = values[len(values) // 2]
    return min(MAX_VARIANCE, max(MIN_VARIANCE, median / 0.455))


def _band(n: int, m: int, width: int) -> tuple[list[int], list[int]]:
    """Columns allowed in each row: the diagonal's span over rows i-1..i+1, plus ``width``."""
    rate = m / n
    lo = [max(0, math.floor(rate * (i - 1)) - width) for i in range(n + 1)]
    hi = [min(m, math.ceil(rate * (i + 1)) + width) for i in range(n + 1)]
    return lo, hi


def _banded(model: _Model, width: int) -> tuple[list[Bead] | None, bool]:
    """Best alignment inside the band, and whether it touches the band's edge anywhere.

    Three costs per cell, as in Gotoh's affine-gap alignment: the best path ending with a group
    that has paragraphs on both sides (M), with a paragraph of A alone (GA), of B alone (GB). A
    run of one-sided paragraphs (a comment section, a block of links) then pays the opening cost
    once and a small cost per further paragraph, instead of tempting the aligner to merge them
    into a real paragraph's group to avoid many expensive deletions.
    """
    n, m = len(model.len_a), len(model.len_b)
    lo, hi = _band(n, m, width)
    cost_m: list[list[float]] = [[_INF] * (hi[i] - lo[i] + 1) for i in range(n + 1)]
    cost_ga: list[list[float]] = [[_INF] * (hi[i] - lo[i] + 1) for i in range(n + 1)]
    cost_gb: list[list[float]] = [[_INF] * (hi[i] - lo[i] + 1) for i in range(n + 1)]
    back_m: list[list[int]] = [[-1] * (hi[i] - lo[i] + 1) for i in range(n + 1)]
    back_ga: list[list[int]] = [[-1] * (hi[i] - lo[i] + 1) for i in range(n + 1)]
    back_gb: list[list[int]] = [[-1] * (hi[i] - lo[i] + 1) for i in range(n + 1)]
    cost_m[0][0] = 0.0
    priors = {(da, db): -math.log(p) for da, db, p in BEADS}
    groups = [(da, db, prior) for (da, db), prior in priors.items() if da and db]
    open_a, open_b = priors[(1, 0)], priors[(0, 1)]
    len_a, len_b = model.len_a, model.len_b
    feats_a, feats_b, weights = model.feats_a, model.feats_b, model.weights
    ratio, variance = model.ratio, model.variance
    inv_ratio = 1.0 / ratio
    careful, loose, outlier_z = 1.0 - OUTLIER_SHARE, OUTLIER_SHARE, 1.0 / math.sqrt(OUTLIER_VARIANCE)
    sqrt, erfc, log = math.sqrt, math.erfc, math.log
    alone_a = [DELETION_PER_CHAR * x + MISS_PENALTY * sum(weights[f] for f in fs)
               for x, fs in zip(len_a, feats_a, strict=True)]
    alone_b = [DELETION_PER_CHAR * y / ratio + MISS_PENALTY * sum(weights[f] for f in fs)
               for y, fs in zip(len_b, feats_b, strict=True)]
    # Prefix sums: the length of any run of paragraphs in O(1).
    pre_a = [0.0]
    for x in len_a:
        pre_a.append(pre_a[-1] + x)
    pre_b = [0.0]
    for y in len_b:
        pre_b.append(pre_b[-1] + y)

    for i in range(n + 1):
        row_lo = lo[i]
        row_m, row_ga, row_gb = cost_m[i], cost_ga[i], cost_gb[i]
        for j in range(row_lo, hi[i] + 1):
            o = j - row_lo
            if i == 0 and j == 0:
                continue
            # A group with paragraphs on both sides, after any state.
            best, best_back = _INF, -1
            for k, (da, db, prior) in enumerate(groups):
                pi, pj = i - da, j - db
                if pi < 0 or pj < lo[pi] or pj > hi[pi]:
                    continue
                po = pj - lo[pi]
                before, state = cost_m[pi][po], 0
                if cost_ga[pi][po] < before:
                    before, state = cost_ga[pi][po], 1
                if cost_gb[pi][po] < before:
                    before, state = cost_gb[pi][po], 2
                if before == _INF:
                    continue
                # Gale–Church length cost -log P(|δ| ≥ observed), with B's length in A's units:
                # δ = (y - x) / sqrt(variance * mean), z = |δ| / sqrt(2), P = erfc(z), here for
                # a mixture of careful and loose paragraphs (see OUTLIER_SHARE). For large z,
                # erfc underflows and the loose part's asymptotic form is used. Inlined: this runs
                # about a million times for 1,000 paragraphs a side.
                x = pre_a[i] - pre_a[pi]
                y = (pre_b[j] - pre_b[pj]) * inv_ratio
                z = abs(y - x) / sqrt(variance * (x + y)) if x + y else 0.0
                p = careful * erfc(z) + loose * erfc(z * outlier_z)
                if p > 1e-300:
                    c = before + prior - log(p)
                else:
                    z *= outlier_z
                    c = before + prior + z * z + log(z * _SQRT_PI) - log(loose)
                fa = feats_a[pi] if da == 1 else feats_a[pi].union(*feats_a[pi + 1 : i])
                fb = feats_b[pj] if db == 1 else feats_b[pj].union(*feats_b[pj + 1 : j])
                if fa or fb:
                    matched = 0.0
                    missed = 0.0
                    for f in fa:
                        if f in fb:
                            matched += weights[f]
                        else:
                            missed += weights[f]
                    for f in fb:
                        if f not in fa:
                            missed += weights[f]
                    c += MISS_PENALTY * missed - MATCH_REWARD * matched
                if c < best:
                    best, best_back = c, k * 3 + state
            row_m[o] = best
            back_m[i][o] = best_back
            # Paragraph i-1 of A alone: opens a run of them, or extends one.
            if i > 0 and lo[i - 1] <= j <= hi[i - 1]:
                po = j - lo[i - 1]
                best, state = cost_m[i - 1][po] + open_a, 0
                if cost_gb[i - 1][po] + open_a < best:
                    best, state = cost_gb[i - 1][po] + open_a, 2
                if cost_ga[i - 1][po] + GAP_EXTEND < best:
                    best, state = cost_ga[i - 1][po] + GAP_EXTEND, 1
                row_ga[o] = best + alone_a[i - 1]
                back_ga[i][o] = state
            # Paragraph j-1 of B alone.
            if j > row_lo:
                best, state = row_m[o - 1] + open_b, 0
                if row_ga[o - 1] + open_b < best:
                    best, state = row_ga[o - 1] + open_b, 1
                if row_gb[o - 1] + GAP_EXTEND < best:
                    best, state = row_gb[o - 1] + GAP_EXTEND, 2
                row_gb[o] = best + alone_b[j - 1]
                back_gb[i][o] = state
    end = m - lo[n]
    finals = (cost_m[n][end], cost_ga[n][end], cost_gb[n][end])
    if min(finals) == _INF:
        return None, True
    state = finals.index(min(finals))
    beads: list[Bead] = []
    touched = False
    i, j = n, m
    while i > 0 or j > 0:
        if (j == lo[i] and lo[i] > 0) or (j == hi[i] and hi[i] < m):
            touched = True
        o = j - lo[i]
        if state == 0:
            k, state = divmod(back_m[i][o], 3)
            da, db, _ = groups[k]
        elif state == 1:
            da, db, state = 1, 0, back_ga[i][o]
        else:
            da, db, state = 0, 1, back_gb[i][o]
        beads.append((tuple(range(i - da, i)), tuple(range(j - db, j))))
        i, j = i - da, j - db
    beads.reverse()
    return beads, touched


# ---------------------------------------------------------------------------------------------
# Output and evaluation


def alignment_json(a_id: str, b_id: str, pairs: Iterable[Bead]) -> dict:
    """The CLI's JSON contract: ``{"a": id, "b": id, "pairs": [[[a...], [b...]], ...]}``.

    Indices are positions in ``Document.paragraphs`` (as ``corpus-reader show --json`` lists them).
    """
    return {"a": a_id, "b": b_id, "pairs": [[list(ga), list(gb)] for ga, gb in pairs]}


def group_accuracy(predicted: Iterable[Bead], gold: Iterable[Bead]) -> tuple[int, int]:
    """(paragraphs whose group is exactly the gold group, paragraphs), both sides counted.

    Why per paragraph and not per group: a single wrong merge then costs the paragraphs it
    misplaces, not one unit, whatever the group sizes.
    """

    def groups_of(beads: Iterable[Bead]) -> dict[tuple[str, int], Bead]:
        out: dict[tuple[str, int], Bead] = {}
        for ga, gb in beads:
            bead = (tuple(ga), tuple(gb))
            for i in ga:
                out[("a", i)] = bead
            for j in gb:
                out[("b", j)] = bead
        return out

    gold_groups = groups_of(gold)
    predicted_groups = groups_of(predicted)
    right = sum(1 for key, bead in gold_groups.items() if predicted_groups.get(key) == bead)
    return right, len(gold_groups)
