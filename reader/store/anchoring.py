"""Find a highlight again after its article's text changed, or admit that it is lost.

Why this exists: the corpus is re-scanned whenever the user fixes a file, improves the splitter or
adds a manifest, so an article's text, its offsets and even its id (``#03`` becoming ``#04`` when a
compound page splits differently) can change under a highlight. A highlight that silently points
at the wrong words is worse than one that says "I could not find my text": the researcher would
quote the wrong passage. So the rule is strict:

    a resolved highlight ALWAYS spans text equal to its stored quote, character for character.

This module is the exact half: :func:`resolve` only ever places the stored quote itself. When it
cannot (the quote was edited, or is gone), :mod:`reader.store.fuzzy_anchor` may find an
approximate match (a few edits away on spelling-folded text, with its context, sure enough and
unambiguous); the store then *replaces* the stored quote with the text found there and keeps the
old one (``Annotation.extra["quote_before"]``), marks it ``moved`` with its confidence
(``anchor_score``), so the rule above still holds. Everything else becomes an *orphan*: the
store keeps it, with its quote and note, and lists it for the user to re-attach.

How a highlight is placed (:func:`resolve`):

1. the article text is unchanged (same fingerprint) and ``text[start:end]`` is the quote:
   nothing to do (``anchored``);
2. otherwise, if the whole stored window (prefix + quote + suffix) is still in the article, that is
   the place (the nearest copy if the passage repeats; a tie at equal distance is refused);
3. otherwise every exact occurrence of the quote in the article, and in the other articles of the
   same source file, is scored by how much of the stored prefix/suffix context (32 characters
   each side) still surrounds it. The best occurrence wins; ties go to the original article, then
   to the occurrence nearest the old position. The result is ``anchored`` when it lands on the old
   article and offsets, else ``moved`` (possibly to another article of the same file);
4. ambiguity is refused rather than guessed: several occurrences need real context (at least a
   quarter of the context characters; half for quotes under four characters) and a strict winner;
   a single occurrence is accepted on its own only when the quote is at least four characters.

Offsets are Python code points into ``Document.text``, like everywhere in the core. Everything is
``str.find`` loops and slice comparisons, so a 1 MB article costs milliseconds, not a regex walk.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from reader.ingest.model import Document
from reader.store.model import PREFIX_CHARS, Anchor, AnchorState

__all__ = [
    "MIN_CONTEXT_SCORE",
    "SHORT_QUOTE",
    "Resolution",
    "anchor_at",
    "make_anchor",
    "resolve",
    "text_fingerprint",
]

SHORT_QUOTE = 4  # quotes shorter than this are never placed on a lone occurrence without context
MIN_CONTEXT_SCORE = 0.25  # share of the stored context that must still surround a repeated quote
SHORT_QUOTE_CONTEXT_SCORE = 0.5
SCAN_LIMIT = 2_000  # beyond this many occurrences, only look where some context matches
NEEDLE = 8  # context characters glued to the quote for that narrower search


@dataclass(frozen=True)
class Resolution:
    """Where a highlight belongs now. For an orphan, the old doc_id/start/end are returned unchanged."""

    doc_id: str
    start: int
    end: int
    state: AnchorState
    # Exact: share of the stored context found around the placed quote (1.0 = all of it).
    # Fuzzy: the match's confidence (see reader.store.fuzzy_anchor).
    score: float
    # Placed by approximate matching: the span's text differs from the stored quote.
    fuzzy: bool = False

    @property
    def found(self) -> bool:
        return self.state != "orphan"


def text_fingerprint(text: str) -> str:
    """SHA-1 of the article text (same recipe as ``reader.ingest.corpus.fingerprint``)."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def anchor_at(
    doc_id: str, text: str, start: int, end: int, *, source: str = "", fingerprint: str | None = None
) -> Anchor:
    """An anchor on ``text[start:end]`` with its context; the building block of :func:`make_anchor`.

    Also used after a successful re-anchoring, so the stored context describes the current text.
    """
    if not 0 <= start < end <= len(text):
        raise ValueError(f"highlight [{start}, {end}) is empty or outside the text (length {len(text)})")
    return Anchor(
        doc_id=doc_id,
        start=start,
        end=end,
        quote=text[start:end],
        prefix=text[max(0, start - PREFIX_CHARS) : start],
        suffix=text[end : end + PREFIX_CHARS],
        fingerprint=fingerprint if fingerprint is not None else text_fingerprint(text),
        source=source,
    )


def make_anchor(doc: Document, start: int, end: int) -> Anchor:
    """The anchor for a new highlight on ``doc.text[start:end]`` (code-point offsets)."""
    return anchor_at(doc.id, doc.text, start, end, source=doc.source)


# --------------------------------------------------------------------------------------------
# Scoring occurrences


def _prefix_match(text: str, pos: int, prefix: str) -> int:
    """How many characters of ``prefix``, counted back from its end, precede ``pos`` in ``text``."""
    n = len(prefix)
    if n == 0:
        return 0
    if pos >= n and text[pos - n : pos] == prefix:
        return n
    k = 0
    while k < n and pos - 1 - k >= 0 and text[pos - 1 - k] == prefix[n - 1 - k]:
        k += 1
    return k


def _suffix_match(text: str, pos: int, suffix: str) -> int:
    """How many characters of ``suffix``, from its start, follow ``pos`` in ``text``."""
    n = len(suffix)
    if n == 0:
        return 0
    if text[pos : pos + n] == suffix:
        return n
    k = 0
    limit = len(text)
    while k < n and pos + k < limit and text[pos + k] == suffix[k]:
        k += 1
    return k


@dataclass(frozen=True)
class _Hit:
    doc_id: str
    start: int
    context: int  # matched context characters (prefix + suffix)
    score: float
    same_doc: bool
    distance: int  # from the old start; only meaningful in the original article
    order: int  # candidate order, for determinism


def _find_all(text: str, quote: str, limit: int) -> list[int] | None:
    """Every (overlapping) occurrence of ``quote``; None when there are more than ``limit``."""
    out: list[int] = []
    i = text.find(quote)
    while i != -1:
        out.append(i)
        if len(out) > limit:
            return None
        i = text.find(quote, i + 1)
    return out


def _find_with_context(text: str, anchor: Anchor) -> list[int]:
    """Occurrences with at least ``NEEDLE`` matching context characters on one side.

    Used for very frequent quotes ("the"): scoring 20,000 occurrences per highlight would be slow,
    and only occurrences with real context could win anyway (see ``_choose``).
    """
    quote, found = anchor.quote, set()
    if len(anchor.prefix) >= NEEDLE:
        needle = anchor.prefix[-NEEDLE:] + quote
        i = text.find(needle)
        while i != -1:
            found.add(i + NEEDLE)
            i = text.find(needle, i + 1)
    if len(anchor.suffix) >= NEEDLE:
        needle = quote + anchor.suffix[:NEEDLE]
        i = text.find(needle)
        while i != -1:
            found.add(i)
            i = text.find(needle, i + 1)
    return sorted(found)


def _hits(anchor: Anchor, doc_id: str, text: str, same_doc: bool, order: int) -> tuple[list[_Hit], bool]:
    """Scored occurrences of the quote in one text, and whether the scan was exhaustive."""
    positions = _find_all(text, anchor.quote, SCAN_LIMIT)
    exhaustive = positions is not None
    if positions is None:
        positions = _find_with_context(text, anchor)
    total = len(anchor.prefix) + len(anchor.suffix)
    n = len(anchor.quote)
    hits = []
    for p in positions:
        context = _prefix_match(text, p, anchor.prefix) + _suffix_match(text, p + n, anchor.suffix)
        score = context / total if total else 1.0
        distance = abs(p - anchor.start) if same_doc else 0
        hits.append(_Hit(doc_id, p, context, score, same_doc, distance, order))
    return hits, exhaustive


def _rank(hit: _Hit) -> tuple[float, bool, int, int, int]:
    return (-hit.score, not hit.same_doc, hit.distance, hit.order, hit.start)


def _choose(hits: list[_Hit], quote: str, exhaustive: bool) -> _Hit | None:
    """The occurrence to trust, or None when choosing would be a guess."""
    if not hits:
        return None
    hits = sorted(hits, key=_rank)
    best = hits[0]
    short = len(quote) < SHORT_QUOTE
    if len(hits) == 1 and exhaustive:
        # The only place the exact quote exists. A short quote ("a", "of") could be anyone's.
        return best if not short or best.score >= SHORT_QUOTE_CONTEXT_SCORE else None
    if best.score < (SHORT_QUOTE_CONTEXT_SCORE if short else MIN_CONTEXT_SCORE):
        return None
    if not exhaustive and best.context < 2 * NEEDLE:
        # Occurrences skipped by the narrow search have < NEEDLE context characters each side,
        # so the winner must beat 2 * NEEDLE - 2 to be sure it beats them all.
        return None
    if len(hits) > 1:
        second = hits[1]
        if second.score == best.score:
            # Same context: only the old position can break the tie, and only in the old article.
            if best.same_doc and (not second.same_doc or best.distance < second.distance):
                return best
            return None
    return best


def _full_window(anchor: Anchor, doc_text: str) -> Resolution | None:
    """Shortcut for the common case, edits elsewhere in the article: find prefix+quote+suffix whole.

    Only occurrences of the whole window can score 1.0, and a same-article 1.0 beats everything
    else, so this decides exactly as the full scoring would, at ``str.find`` speed. Several copies
    of the window (a repeated passage) go to the nearest one when it is strictly nearest. Returns
    None when the window is absent (the context changed): the caller scores occurrences one by one.
    """
    if not anchor.prefix and not anchor.suffix:
        return None  # the quote is the whole old text: nothing to gain here
    windows = _find_all(doc_text, anchor.prefix + anchor.quote + anchor.suffix, SCAN_LIMIT)
    if not windows:
        return None
    starts = sorted((abs(w + len(anchor.prefix) - anchor.start), w + len(anchor.prefix)) for w in windows)
    if len(starts) > 1 and starts[0][0] == starts[1][0]:
        return Resolution(anchor.doc_id, anchor.start, anchor.end, "orphan", 0.0)  # a true tie: no guess
    start = starts[0][1]
    state: AnchorState = "anchored" if start == anchor.start else "moved"
    return Resolution(anchor.doc_id, start, start + len(anchor.quote), state, 1.0)


def resolve(
    anchor: Anchor,
    doc_text: str,
    *,
    candidates: Sequence[tuple[str, str]] = (),
    fingerprint: str | None = None,
) -> Resolution:
    """Place ``anchor`` in ``doc_text`` (the current text of ``anchor.doc_id``) or declare it an orphan.

    ``candidates`` are ``(doc_id, text)`` of the other articles of the same source file, searched
    when the quote has left its article (re-segmentation). ``doc_text`` may be ``""`` when the
    article id no longer exists. ``fingerprint`` lets a caller resolving many anchors on one
    article hash its text once. A found resolution always satisfies
    ``text_of(res.doc_id)[res.start:res.end] == anchor.quote``.
    """
    quote = anchor.quote
    orphan = Resolution(anchor.doc_id, anchor.start, anchor.end, "orphan", 0.0)
    if not quote:
        return orphan
    n = len(quote)
    if doc_text:
        fp = fingerprint if fingerprint is not None else text_fingerprint(doc_text)
        if fp == anchor.fingerprint and doc_text[anchor.start : anchor.end] == quote:
            return Resolution(anchor.doc_id, anchor.start, anchor.end, "anchored", 1.0)

    if doc_text:
        fast = _full_window(anchor, doc_text)
        if fast is not None:
            return fast

    hits, exhaustive = _hits(anchor, anchor.doc_id, doc_text, True, 0) if doc_text else ([], True)
    full = len(anchor.prefix) + len(anchor.suffix)
    top = sorted(hits, key=_rank)[:2]
    # A same-article occurrence with all its context, and no same-article rival as good, cannot be
    # beaten by another article (ties go to the original article): skip scanning the others.
    decided = bool(top) and top[0].context == full and (len(top) == 1 or top[1].score < top[0].score)
    if not decided:
        texts = {anchor.doc_id: doc_text}
        for order, (cid, ctext) in enumerate(candidates, start=1):
            if cid == anchor.doc_id or cid in texts:
                continue
            texts[cid] = ctext
            if quote not in ctext:
                continue
            more, ok = _hits(anchor, cid, ctext, False, order)
            hits.extend(more)
            exhaustive = exhaustive and ok
    best = _choose(hits, quote, exhaustive)
    if best is None:
        return orphan
    state: AnchorState = (
        "anchored" if best.doc_id == anchor.doc_id and best.start == anchor.start else "moved"
    )
    return Resolution(best.doc_id, best.start, best.start + n, state, best.score)
