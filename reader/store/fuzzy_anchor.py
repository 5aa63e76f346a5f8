"""Fuzzy re-anchoring: find a highlight whose exact quote is gone, on spelling-folded text, or refuse.

Why this exists: :mod:`reader.store.anchoring` only re-places a quote that is still there
character for character. Real corrections change quotes a little: a vowelled Arabic source
replaced by an unvowelled one (``الرَّئِيسُ`` → ``الرئيس``), hamza or ``ة``/``ه`` respelled, a typo
fixed, a word changed. Like Hypothesis, the quote is then searched *approximately*: a match may
differ from the quote by at most ``allowed_errors`` insertions, deletions or substitutions (a
quarter of the quote's length, at most ``MAX_ERRORS``), counted on FOLDED text
(:mod:`reader.text.find_fold`: vowel marks, tatweel, hamza forms, ``ة``/``ه``, ``ى``/``ي``, Latin
case and accents cost nothing). Each match is scored by how similar the quote is, how much of
the stored context (prefix, suffix) still surrounds it and how close it is to the old position;
the best one is taken only when it is clearly better than any other and sure enough.

What the caller can rely on (checked by hypothesis with random edits, tests/unit/test_fuzzy_anchor.py):

* a fuzzy resolution (``Resolution.fuzzy``) spans text whose folded form is within
  ``allowed_errors(quote)`` edits of the folded quote, and it is ``moved``: the store then
  replaces the stored quote with that text (so a placed highlight still reads its quote) and
  keeps the old one;
* otherwise it is the exact resolution (placed or orphan), unchanged.

How a quote is placed (:func:`resolve_fuzzy`), cheapest first:

1. the exact rules of :func:`reader.store.anchoring.resolve`; only an orphan goes on;
2. in its own article, every occurrence of the folded quote (zero errors); one alone with at
   least three quarters of its context (``SURE_CONTEXT``) is taken at once;
3. for folded quotes of ``MIN_APPROX_CHARS`` characters or more (``allowed_errors`` > 0): where
   the end of the stored prefix or the start of the stored suffix (``BRACKET`` characters) still
   stands once in the article, the quote-sized stretch next to it is searched; a sure match
   there (chosen by the rules below, with ``SURE_CONTEXT``) is taken without searching further;
4. otherwise every approximate match in the whole article: bit-parallel over all text positions
   at once for short quotes (Wu-Manber turned on its side: one big-integer operation per quote
   character and allowed error), and for long quotes, whose ``allowed_errors + 1`` pieces are
   long enough to be rare, only around exact occurrences of a piece (any ``allowed_errors``
   edits leave one piece whole) with Myers' bit-vector algorithm. Each match is widened or
   narrowed (``WORD_SLACK`` errors at most) to whole words when the quote was whole words;
5. the other articles of the source file (a re-segmented page) only when the article holds no
   sure place, and there only steps 2 and 3;
6. the score is ``(50·quote + 20·prefix + 20·suffix + 2·position) / (sum of the weights used)``
   (Hypothesis' weights; a side with no stored context is left out). Quote similarity is
   ``1 - errors/length``; context similarity is ``1 - 2·errors/length`` of the best alignment of
   the stored context against the text beside the match, floored at 0, so unrelated text (about
   half of its characters differ) counts for nothing; position is ``1 - distance/length`` in the
   old article and 0 in another one;
7. the best match is refused when another one (not overlapping it) scores within
   ``AMBIGUITY_MARGIN`` (a copy in another article loses a tie to the own article, as in the
   exact rules). A match with errors needs ``MIN_FUZZY_SCORE`` and ``MIN_FUZZY_CONTEXT`` of its
   context: an edited quote is trusted only where its surroundings still vouch for it, never on
   the same words in another sentence. A zero-error match follows the exact rules (alone and
   ``SHORT_QUOTE`` long, or with ``MIN_CONTEXT_SCORE`` of its context).

Steps 2, 3 and 5 trade completeness for speed: a sure place is taken without proving that no
equally good one exists elsewhere (a passage repeated with its context and the same edit), like
the exact rules' whole-window shortcut. Whatever is chosen obeys the promise above.

Offsets in and out are code points into the original text (folded positions are mapped back
with :class:`~reader.text.find_fold.FoldedText`). Texts are folded and encoded once per call of
``Store.reanchor`` (:class:`FoldCache`). Articles longer than ``LOCAL_SPAN`` are searched
around the old position first, the whole text only when nothing is found there.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reader.store.anchoring import MIN_CONTEXT_SCORE, SHORT_QUOTE, Resolution, resolve
from reader.store.model import Anchor
from reader.text.find_fold import FoldedText, fold_for_find

__all__ = [
    "AMBIGUITY_MARGIN",
    "MAX_ERRORS",
    "MAX_ERROR_RATE",
    "MIN_APPROX_CHARS",
    "MIN_FUZZY_CONTEXT",
    "MIN_FUZZY_SCORE",
    "FoldCache",
    "FoldedSearch",
    "allowed_errors",
    "find_fuzzy",
    "resolve_fuzzy",
]

MAX_ERROR_RATE = 0.25  # share of the folded quote that may differ
MAX_ERRORS = 32  # whatever the quote's length (cost grows with length × errors)
MIN_APPROX_CHARS = 10  # shorter folded quotes: only zero-error (spelling-folded) matches
MIN_FUZZY_SCORE = 0.6
MIN_FUZZY_CONTEXT = 0.35  # an edited quote is only trusted where its surroundings still vouch for it
AMBIGUITY_MARGIN = 0.03  # more than the position weight can give: equal copies are refused
SURE_CONTEXT = 0.75  # a lone zero-error match with this much context needs no approximate search
QUOTE_WEIGHT, PREFIX_WEIGHT, SUFFIX_WEIGHT, POSITION_WEIGHT = 50.0, 20.0, 20.0, 2.0
MAX_ENDS = 4_096  # positions ending a match: beyond this the quote is everywhere, no choice is honest
MAX_EXACT = 2_000  # zero-error occurrences scored, like the exact path's SCAN_LIMIT
MIN_PIECE = 8  # pieces at least this long are rare enough to search around
MAX_PIECE_HITS = 2_000
BRACKET = 12  # context characters that, found once each side of a quote-sized gap, place it at once
WORD_SLACK = 2  # errors a match may give up to begin and end at word edges as its quote did
LOCAL_SPAN = 65_536  # longer folded texts are searched this far around the old place first


def allowed_errors(folded_length: int) -> int:
    """Edits a match may differ by from a folded quote of this length (0: only spelling changes)."""
    if folded_length < MIN_APPROX_CHARS:
        return 0
    return min(MAX_ERRORS, int(folded_length * MAX_ERROR_RATE))


# --------------------------------------------------------------------------------------------
# Bit-parallel edit distance


def myers_scores(pattern: str, text: str, *, anchored: bool) -> list[int]:
    """Edit distance of ``pattern`` to the text ending after each character of ``text``.

    ``anchored``: to ``text[:j]`` (the match starts where the text does); otherwise to the best
    substring ending at ``j`` (approximate search). Myers (1999), in Hyyrö's formulation: one
    pass, a handful of big-integer operations per text character whatever the pattern's length.
    """
    m = len(pattern)
    if m == 0:
        return list(range(1, len(text) + 1)) if anchored else [0] * len(text)
    peq: dict[str, int] = {}
    for i, ch in enumerate(pattern):
        peq[ch] = peq.get(ch, 0) | 1 << i
    mask = (1 << m) - 1
    top = 1 << (m - 1)
    carry = 1 if anchored else 0
    pv, mv, score = mask, 0, m
    out = []
    get = peq.get
    for ch in text:
        eq = get(ch, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (mask & ~(xh | pv))
        mh = pv & xh
        if ph & top:
            score += 1
        elif mh & top:
            score -= 1
        ph = ((ph << 1) | carry) & mask
        mh = (mh << 1) & mask
        pv = mh | (mask & ~(xv | ph))
        mv = ph & xv
        out.append(score)
    return out


def _levels(mask_of: Callable[[str], int], n: int, pattern: str, k: int) -> list[int] | None:
    """End positions of approximate matches, by error count: bit ``e`` of ``levels[d]`` is set when
    ``pattern`` matches a substring ending at ``e`` with at most ``d`` edits.

    The bit-parallel automaton turned on its side (Wu-Manber over the text): bit ``i`` of
    ``mask_of(c)`` marks ``c`` at text position ``i``, so each step moves every text position at
    once, and the work is (pattern length × errors) big-integer operations. None when no match.
    """
    full = (1 << (n + 1)) - 1
    levels = [full] * (k + 1)
    for j, ch in enumerate(pattern):
        t = mask_of(ch)
        prev = (levels[0] & t) << 1
        fresh = [prev]
        top = min(k, j + 1)  # from j + 1 errors on, every position matches (all deleted)
        for d in range(1, top + 1):
            below = levels[d - 1]
            # match, or: substitution, pattern character deleted, text character inserted
            prev = (((levels[d] & t) | below | prev) << 1) | below
            fresh.append(prev)
        fresh.extend(levels[top + 1 :])
        levels = fresh
        if not levels[k] & full:
            return None
    return [level & full for level in levels]


def _ends_of(levels: list[int]) -> dict[int, int] | None:
    """End position -> fewest errors, from :func:`_levels`; None when there are too many to choose."""
    if levels[-1].bit_count() > MAX_ENDS:
        return None
    ends: dict[int, int] = {}
    seen = 0
    for d, level in enumerate(levels):
        new = level & ~seen
        seen |= level
        while new:
            low = new & -new
            ends.setdefault(low.bit_length() - 1, d)
            new ^= low
    return ends


def _context_score(stored: str, beside: str, *, before: bool) -> float:
    """How much of the stored (folded) context is still next to the match: 1 - 2·errors/length.

    ``beside`` is the text next to the match, read away from it; the context must touch the
    match and may end anywhere.
    """
    if beside.endswith(stored) if before else beside.startswith(stored):
        return 1.0
    if before:
        stored, beside = stored[::-1], beside[::-1]
    n = len(stored)
    best = min([n, *myers_scores(stored, beside[: n + n // 2], anchored=True)])
    return max(0.0, 1.0 - 2.0 * best / n)


# --------------------------------------------------------------------------------------------
# One searchable text


class FoldedSearch:
    """An article text folded for matching, with what approximate search needs, built once.

    Per character of the folded text a bit mask of where it occurs (built lazily, the quote's
    characters only): the text is re-coded to one byte per distinct character so that each mask
    is a ``bytes.translate`` plus an ``int(..., 2)``, both C loops.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.fold = FoldedText(text)
        self.folded = self.fold.folded
        self._masks: dict[str, int] = {}
        self._coded: bytes | None = None
        self._codes: dict[str, int] = {}

    def _encode(self) -> None:
        distinct = sorted(set(self.folded))
        # One byte per character; a hostile text with more than 255 distinct characters shares
        # code 255 among the rest, whose masks are then built by _slow_mask.
        self._codes = {ch: i for i, ch in enumerate(distinct[:255])}
        table = {ord(ch): i for ch, i in self._codes.items()}
        table.update(dict.fromkeys(map(ord, distinct[255:]), 255))
        self._coded = self.folded[::-1].translate(table).encode("latin-1")

    def _slow_mask(self, ch: str) -> int:
        n = len(self.folded)
        digits = bytearray(b"0") * n
        for m in re.finditer(re.escape(ch), self.folded):
            digits[n - 1 - m.start()] = 0x31
        return int(digits, 2) if n else 0

    def mask(self, ch: str) -> int:
        """Bit ``i`` set where folded character ``i`` is ``ch``."""
        found = self._masks.get(ch)
        if found is not None:
            return found
        if self._coded is None:
            self._encode()
        code = self._codes.get(ch)
        if code is None:
            found = self._slow_mask(ch) if ch in self.folded else 0
        else:
            table = bytearray(b"0") * 256
            table[code] = 0x31
            found = int(self._coded.translate(table), 2) if self._coded else 0  # type: ignore[union-attr]
        self._masks[ch] = found
        return found

    def exact(self, fq: str, lo: int, hi: int) -> list[int] | None:
        """Starts of (overlapping) occurrences of ``fq`` inside ``[lo, hi)``; None past ``MAX_EXACT``."""
        out: list[int] = []
        i = self.folded.find(fq, lo, hi)
        while i != -1:
            out.append(i)
            if len(out) > MAX_EXACT:
                return None
            i = self.folded.find(fq, i + 1, hi)
        return out

    def approximate(self, fq: str, k: int, lo: int, hi: int) -> dict[int, int] | None:
        """End -> errors of every match of ``fq`` with at most ``k`` errors inside ``[lo, hi)``.

        None when the quote matches at too many places to choose among.
        """
        m = len(fq)
        if m // (k + 1) >= MIN_PIECE:
            windows = self._piece_windows(fq, k, lo, hi)
            if windows is not None:
                ends: dict[int, int] = {}
                for wlo, whi in windows:
                    for j, score in enumerate(myers_scores(fq, self.folded[wlo:whi], anchored=False)):
                        if score <= k:
                            ends[wlo + j + 1] = score
                return ends if len(ends) <= MAX_ENDS else None
        n = hi - lo
        span = (1 << n) - 1

        def mask_of(ch: str) -> int:
            return (self.mask(ch) >> lo) & span

        levels = _levels(mask_of if (lo, hi) != (0, len(self.folded)) else self.mask, n, fq, k)
        if levels is None:
            return {}
        found = _ends_of(levels)
        return None if found is None else {lo + e: d for e, d in found.items() if e > 0}

    def _piece_windows(self, fq: str, k: int, lo: int, hi: int) -> list[tuple[int, int]] | None:
        """Stretches of text that can hold a match: around each exact occurrence of one of
        ``k + 1`` pieces of the quote (k edits leave at least one piece whole). Merged; None when
        the pieces are too common for this to save anything."""
        m, parts = len(fq), k + 1
        spans: list[tuple[int, int]] = []
        for p in range(parts):
            off, end = p * m // parts, (p + 1) * m // parts
            piece = fq[off:end]
            i = self.folded.find(piece, lo, hi)
            while i != -1:
                spans.append((max(lo, i - off - k), min(hi, i - off + m + k)))
                if len(spans) > MAX_PIECE_HITS:
                    return None
                i = self.folded.find(piece, i + 1, hi)
        spans.sort()
        merged: list[tuple[int, int]] = []
        for s, e in spans:
            if merged and s <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], e))
            else:
                merged.append((s, e))
        return merged


class FoldCache:
    """:class:`FoldedSearch` per article id, so that many highlights of one article fold it once."""

    def __init__(self) -> None:
        self._items: dict[str, FoldedSearch] = {}

    def get(self, doc_id: str, text: str) -> FoldedSearch:
        item = self._items.get(doc_id)
        if item is None or (item.text is not text and item.text != text):
            item = self._items[doc_id] = FoldedSearch(text)
        return item


# --------------------------------------------------------------------------------------------
# Candidates and the choice


@dataclass(frozen=True)
class _Match:
    doc_id: str
    start: int  # code points into the original text
    end: int
    errors: int
    context: float  # mean similarity of the sides that have stored context (1.0 when none do)
    score: float
    same_doc: bool
    distance: int


@dataclass(frozen=True)
class _Query:
    anchor: Anchor
    fq: str  # folded quote
    fp: str  # folded prefix
    fs: str  # folded suffix
    k: int
    starts_at_word: bool  # the quote began with a whole word (not inside one)
    ends_at_word: bool  # and ended with one


def _word_ends_at(folded: str, i: int) -> bool:
    return i > 0 and folded[i - 1].isalnum() and (i == len(folded) or not folded[i].isalnum())


def _word_starts_at(folded: str, i: int) -> bool:
    return i < len(folded) and folded[i].isalnum() and (i == 0 or not folded[i - 1].isalnum())


def _spans(q: _Query, folded: str, hits: dict[int, int], end: int) -> list[tuple[int, int, int]]:
    """(start, end, errors) of the match around ``end``, and, when the quote ended with a whole
    word and this end does not, the nearby ends after a whole word that cost at most
    ``WORD_SLACK`` more errors ("the talks will" besides "the talks will r" for "the talks
    would"): the caller keeps the best scored, so the surviving context decides."""
    start, errors = _best_start(q, folded, end)
    out = [(start, end, errors)]
    if not q.ends_at_word or _word_ends_at(folded, end):
        return out
    limit = min(q.k, errors + WORD_SLACK)
    for e in range(end - q.k, end + q.k + 1):
        if hits.get(e, limit + 1) <= limit and _word_ends_at(folded, e):
            s, err = _best_start(q, folded, e)
            if err <= limit:
                out.append((s, e, err))
    return out


def _best_start(q: _Query, folded: str, end: int) -> tuple[int, int]:
    """(start, errors) of the best match of the quote ending at folded ``end``: fewest errors
    (give or take ``WORD_SLACK`` to start at a word edge, as the quote did), then the length
    nearest the quote's."""
    fq, k = q.fq, q.k
    m = len(fq)
    lo = max(0, end - m - k)
    scores = myers_scores(fq[::-1], folded[lo:end][::-1], anchored=True)
    best = min(range(len(scores)), key=lambda j: (scores[j], abs(j + 1 - m)))
    if q.starts_at_word and not _word_starts_at(folded, end - (best + 1)):
        limit = min(k, scores[best] + WORD_SLACK)
        edges = [j for j, score in enumerate(scores)
                 if score <= limit and _word_starts_at(folded, end - (j + 1))]
        if edges:
            best = min(edges, key=lambda j: (scores[j], abs(j + 1 - m)))
    return end - (best + 1), scores[best]


def _window_minima(order: list[int], errors: list[int], width: int) -> list[int]:
    """For each position ``order[i]``, the fewest errors among the positions before it within
    ``width`` (a sliding-window minimum: one pass, whatever the number of ends)."""
    out: list[int] = []
    window: deque[int] = deque()  # indices, their errors increasing
    for i, position in enumerate(order):
        while window and order[window[0]] < position - width:
            window.popleft()
        out.append(errors[window[0]] if window else 1 << 30)
        while window and errors[window[-1]] >= errors[i]:
            window.pop()
        window.append(i)
    return out


def _local_minima(ends: dict[int, int], width: int) -> list[int]:
    """Ends with no better end within ``width`` positions and no equal one before them: one per
    match, and copies of the quote more than ``width`` apart kept apart."""
    order = sorted(ends)
    errors = [ends[e] for e in order]
    before = _window_minima(order, errors, width)
    after = _window_minima([-e for e in reversed(order)], errors[::-1], width)[::-1]
    return [e for e, err, b, a in zip(order, errors, before, after, strict=True) if err < b and err <= a]


def _score(q: _Query, fs_text: FoldedSearch, doc_id: str, same_doc: bool, fstart: int, fend: int,
           errors: int) -> _Match | None:
    """The match at folded ``[fstart, fend)`` scored, or None when the original text there is not
    within the allowed errors (a folded position inside a ligature widens the span)."""
    start, end = fs_text.fold.source_span(fstart, fend)
    if end <= start:
        return None
    landed = fold_for_find(fs_text.text[start:end])
    if landed != fs_text.folded[fstart:fend]:
        scores = myers_scores(q.fq, landed, anchored=True)
        errors = scores[-1] if scores else len(q.fq)
        if errors > q.k:
            return None
    folded = fs_text.folded
    weights = QUOTE_WEIGHT + POSITION_WEIGHT
    quote_sim = 1.0 - errors / len(q.fq)
    total = QUOTE_WEIGHT * quote_sim
    sides = []
    if q.fp:
        sides.append(_context_score(q.fp, folded[max(0, fstart - 2 * len(q.fp)) : fstart], before=True))
        weights += PREFIX_WEIGHT
        total += PREFIX_WEIGHT * sides[-1]
    if q.fs:
        sides.append(_context_score(q.fs, folded[fend : fend + 2 * len(q.fs)], before=False))
        weights += SUFFIX_WEIGHT
        total += SUFFIX_WEIGHT * sides[-1]
    distance = abs(start - q.anchor.start) if same_doc else 0
    if same_doc:
        total += POSITION_WEIGHT * max(0.0, 1.0 - distance / max(1, len(fs_text.text), q.anchor.start))
    context = sum(sides) / len(sides) if sides else 1.0
    return _Match(doc_id, start, end, errors, context, total / weights, same_doc, distance)


_Text = tuple[str, FoldedSearch, bool]  # (article id, its folded text, the highlight's own article?)


def _matches_at(q: _Query, text: _Text, hits: dict[int, int], approximate: bool) -> list[_Match]:
    """One scored match per place ``hits`` (end -> errors) point at."""
    doc_id, folded_text, same_doc = text
    m, out = len(q.fq), []
    for end in _local_minima(hits, max(1, m // 2)) if approximate else sorted(hits):
        spans = _spans(q, folded_text.folded, hits, end) if approximate else [(end - m, end, 0)]
        scored = [_score(q, folded_text, doc_id, same_doc, *span) for span in spans]
        options = sorted((match for match in scored if match is not None), key=_rank)
        if options:
            out.append(options[0])
    return out


def _exact_matches(q: _Query, text: _Text) -> list[_Match] | None:
    """Zero-error matches (the folded quote itself); None when there are too many to score."""
    folded_text = text[1]
    starts = folded_text.exact(q.fq, 0, len(folded_text.folded))
    if starts is None:
        return None
    return _matches_at(q, text, {s + len(q.fq): 0 for s in starts}, approximate=False)


def _context_window(q: _Query, folded: str) -> tuple[int, int, bool] | None:
    """The stretch where the quote must be if the end of the stored prefix, or the start of the
    stored suffix, still stands (once) beside it, and whether both do (then the stretch is the
    quote's exact place); None when neither does."""
    def once(piece: str) -> int | None:
        if len(piece) < BRACKET:
            return None
        at = folded.find(piece)
        return at if at >= 0 and folded.find(piece, at + 1) < 0 else None

    m, k = len(q.fq), q.k
    tail = q.fp[-BRACKET:]
    before = once(tail)
    after = once(q.fs[:BRACKET])
    start = before + len(tail) if before is not None else None
    if start is not None and after is not None and abs(after - start - m) <= k and after > start:
        return start, after, True
    if start is not None:
        lo, hi = start - k, start + m + 2 * k
    elif after is not None:
        lo, hi = after - m - 2 * k, after + k
    else:
        return None
    return max(0, lo), min(len(folded), hi), False


def _near_context(q: _Query, text: _Text) -> list[_Match]:
    """Approximate matches where the surviving context says the quote is (a few dozen characters
    searched, not the article)."""
    folded = text[1].folded
    window = _context_window(q, folded)
    if window is None:
        return []
    lo, hi, exact_place = window
    if exact_place:  # both sides stand: the quote is what lies between them, or nothing
        errors = myers_scores(q.fq, folded[lo:hi], anchored=True)[-1]
        match = _score(q, text[1], text[0], text[2], lo, hi, errors) if errors <= q.k else None
        return [match] if match is not None else []
    scores = myers_scores(q.fq, folded[lo:hi], anchored=False)
    return _matches_at(q, text, {lo + j + 1: e for j, e in enumerate(scores) if e <= q.k}, approximate=True)


def _regions(q: _Query, text: FoldedSearch) -> list[tuple[int, int]]:
    """Where to search the whole of the highlight's article: all of it, or (a long text) near the
    old place first."""
    n = len(text.folded)
    if n <= LOCAL_SPAN:
        return [(0, n)]
    centre = int(q.anchor.start * n / max(1, len(text.text)))
    lo, hi = max(0, centre - LOCAL_SPAN // 2), min(n, centre + LOCAL_SPAN // 2)
    return [(lo, hi), (0, n)]


def _searched(q: _Query, text: _Text) -> list[_Match] | None:
    """Every approximate match in the article (zero-error ones included); None when the quote
    matches at too many places to choose among."""
    for lo, hi in _regions(q, text[1]):
        hits = text[1].approximate(q.fq, q.k, lo, hi)
        if hits is None:
            return None
        found = _matches_at(q, text, hits, approximate=True)
        if found:
            return found
    return []


def _distinct(matches: list[_Match]) -> list[_Match]:
    """Best first; of overlapping matches in one article only the best is kept."""
    kept: list[_Match] = []
    for match in sorted(matches, key=_rank):
        if all(match.doc_id != k.doc_id or match.end <= k.start or match.start >= k.end for k in kept):
            kept.append(match)
    return kept


def _rank(match: _Match) -> tuple[float, int, bool, int, int]:
    return (-match.score, match.errors, not match.same_doc, match.distance, match.start)


def _choose(matches: list[_Match], q: _Query) -> _Match | None:
    """The best of ``matches`` (as :func:`_distinct` orders them) when it is sure and unrivalled."""
    if not matches:
        return None
    best = matches[0]
    if len(matches) > 1 and matches[1].score >= best.score - AMBIGUITY_MARGIN:
        rival = matches[1]
        # As in the exact rules, the original article wins a tie with a copy in another one.
        if not (best.same_doc and not rival.same_doc and best.errors <= rival.errors
                and best.context >= rival.context):
            return None
    if best.errors == 0:
        alone = sum(1 for m in matches if m.errors == 0) == 1
        if len(q.fq) < SHORT_QUOTE or not (alone or best.context >= MIN_CONTEXT_SCORE):
            return None
        return best
    return best if best.score >= MIN_FUZZY_SCORE and best.context >= MIN_FUZZY_CONTEXT else None


def _sure(match: _Match | None) -> bool:
    return match is not None and match.context >= SURE_CONTEXT


def _in_own(q: _Query, text: _Text) -> tuple[list[_Match], _Match | None] | None:
    """Matches in the highlight's own article and the choice among them; cheapest first: the
    folded quote itself, then near its surviving context, then the whole text. None when the quote
    is too common to choose."""
    matches = _exact_matches(q, text)
    if matches is None:
        return None
    if not q.k or (len(matches) == 1 and _sure(matches[0])):
        return matches, _choose(matches, q)
    near = _distinct(matches + _near_context(q, text))
    picked = _choose(near, q)
    if _sure(picked):
        return near, picked
    searched = _searched(q, text)
    if searched is None:
        return None
    matches = _distinct(searched)
    return matches, _choose(matches, q)


def find_fuzzy(
    anchor: Anchor,
    doc_text: str,
    *,
    candidates: Sequence[tuple[str, str]] = (),
    cache: FoldCache | None = None,
) -> Resolution | None:
    """The approximate place of ``anchor`` in its article (or another of its source file), or None.

    Only for when the exact rules found nothing: see the module docstring for the rules.
    """
    fq = fold_for_find(anchor.quote)
    if len(fq) < SHORT_QUOTE:
        return None
    cache = cache if cache is not None else FoldCache()
    fp, fs = fold_for_find(anchor.prefix), fold_for_find(anchor.suffix)
    q = _Query(anchor, fq, fp, fs, allowed_errors(len(fq)),
               starts_at_word=fq[0].isalnum() and not fp[-1:].isalnum(),
               ends_at_word=fq[-1].isalnum() and not fs[:1].isalnum())
    matches: list[_Match] = []
    best = None
    if doc_text:
        found = _in_own(q, (anchor.doc_id, cache.get(anchor.doc_id, doc_text), True))
        if found is None:
            return None
        matches, best = found
    others = [(cid, cache.get(cid, ctext), False) for cid, ctext in dict(candidates).items()
              if cid != anchor.doc_id and ctext]
    # The other articles of the source file (a re-segmented page) only when the article holds no
    # sure place; there only the folded quote itself and what its context points at are looked for.
    if others and not _sure(best):
        for text in others:
            exact = _exact_matches(q, text)
            if exact is None:
                return None
            matches += exact + (_near_context(q, text) if q.k else [])
        best = _choose(_distinct(matches), q)
    if best is None:
        return None
    return Resolution(best.doc_id, best.start, best.end, "moved", round(best.score, 4), fuzzy=True)


def resolve_fuzzy(
    anchor: Anchor,
    doc_text: str,
    *,
    candidates: Sequence[tuple[str, str]] = (),
    fingerprint: str | None = None,
    cache: FoldCache | None = None,
) -> Resolution:
    """:func:`reader.store.anchoring.resolve`, then, for an orphan, :func:`find_fuzzy`."""
    exact = resolve(anchor, doc_text, candidates=candidates, fingerprint=fingerprint)
    if exact.found:
        return exact
    return find_fuzzy(anchor, doc_text, candidates=candidates, cache=cache) or exact
