"""Highlights across translations: carry a highlight to the aligned paragraphs of the paired article.

Why whole paragraphs: the paragraph alignment (:func:`reader.align.align`) is what the
side-by-side view shows and what the reader can check by eye; within a paragraph there is no
honest way to say which Arabic words translate five English ones (word order, clitics and
paraphrase differ, and a length guess would mark the wrong words with confidence). So the copy
covers every paragraph of the other side that the highlight's paragraph groups align with, from
the first one's start to the last one's end, and is drawn lighter than a highlight the reader made.

The copy is an ordinary highlight (same colour slot, no note or tags of its own) whose
``carried_from`` names the source's uuid: it is stored, exported, re-anchored and deleted like any
other, and it stays when the source is deleted. Links are read both ways from ``carried_from``
(:func:`links`), so nothing else has to be kept in step.

Qt-free: the side-by-side view calls :func:`carry_highlight` with its alignment, the exports call
:func:`links` to print the other version's quote next to each side.
"""

from __future__ import annotations

import uuid as uuidlib
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.ingest.model import Document
from reader.store.anchoring import make_anchor
from reader.store.db import utc_now
from reader.store.model import Annotation

if TYPE_CHECKING:
    from reader.align.aligner import Bead
    from reader.store.annotations import Store

__all__ = [
    "AlignedPair",
    "CarryError",
    "CarryResult",
    "carried_copy",
    "carry_highlight",
    "counterpart_span",
    "existing_copy",
    "links",
    "paragraphs_under",
    "version_name",
]

_VERSIONS = {"ar": "the Arabic version", "en": "the English version"}


class CarryError(ValueError):
    """Why a highlight cannot be carried, as words for the status bar ("…: <reason>")."""


@dataclass(frozen=True)
class AlignedPair:
    """An article and its translation with the paragraph groups that align them (``a`` then ``b``)."""

    a: Document
    b: Document
    beads: Sequence[Bead]

    def side_of(self, doc_id: str) -> int:
        """0 for ``a``, 1 for ``b``; CarryError for an article that is in neither."""
        if doc_id == self.a.id:
            return 0
        if doc_id == self.b.id:
            return 1
        raise CarryError("the highlight is not in either article shown side by side")

    def doc(self, side: int) -> Document:
        return self.a if side == 0 else self.b


@dataclass(frozen=True)
class CarryResult:
    """The linked highlight in the other version; ``created`` False when it was there already."""

    annotation: Annotation
    created: bool


def version_name(language: str) -> str:
    """How the notes name the other side: "the Arabic version", "the English version"."""
    return _VERSIONS.get(language, "the translation")


def paragraphs_under(doc: Document, start: int, end: int) -> list[int]:
    """Indices of ``doc``'s paragraphs that share at least one character with ``[start, end)``."""
    paragraphs = doc.paragraphs
    first = max(0, bisect_right([p.start for p in paragraphs], start) - 1)
    out = []
    for k in range(first, len(paragraphs)):
        p = paragraphs[k]
        if p.start >= end:
            break
        if p.end > start:
            out.append(k)
    return out


def counterpart_span(pair: AlignedPair, doc_id: str, start: int, end: int) -> tuple[int, int] | None:
    """Where ``[start, end)`` of article ``doc_id`` lands in the other one: from the start of the
    first to the end of the last paragraph aligned with any paragraph it touches; None when those
    paragraphs have no counterpart (a caption or a note on one side only)."""
    side = pair.side_of(doc_id)
    touched = set(paragraphs_under(pair.doc(side), start, end))
    target = sorted({j for bead in pair.beads if touched & set(bead[side]) for j in bead[1 - side]})
    paragraphs = pair.doc(1 - side).paragraphs
    if not target or target[-1] >= len(paragraphs):
        return None
    return paragraphs[target[0]].start, paragraphs[target[-1]].end


def carried_copy(source: Annotation, target: Document, span: tuple[int, int]) -> Annotation:
    """A new highlight on ``target.text[span]`` linked to ``source``: its colour, no note or tags
    (they stay with the source, which the notes panel shows next to it)."""
    now = utc_now()
    return Annotation(
        uuid=str(uuidlib.uuid4()), doc_id=target.id, anchor=make_anchor(target, *span), colour=source.colour,
        created=now, modified=now, state="anchored", carried_from=source.uuid,
    )


def existing_copy(store: Store, source: Annotation, target: Document) -> Annotation | None:
    """The live highlight in ``target`` already linked to ``source``: a copy of it, or the
    highlight ``source`` was itself carried from (carrying back finds the original)."""
    if source.carried_from:
        original = store.get(source.carried_from)
        if original is not None and original.doc_id == target.id and original.anchor is not None:
            return original
    return next((a for a in store.for_document(target.id) if a.carried_from == source.uuid), None)


def _check_source(source: Annotation, doc: Document) -> None:
    anchor = source.anchor
    if anchor is None or source.colour is None:
        raise CarryError("only a highlight can be carried, not a note on the whole article")
    if source.state == "orphan" or doc.text[anchor.start : anchor.end] != anchor.quote:
        raise CarryError("its text is no longer where it was in the article")


def carry_highlight(store: Store, source: Annotation, pair: AlignedPair) -> CarryResult:
    """Make (or find) the linked copy of ``source`` in the other article of ``pair``.

    Raises :class:`CarryError` (a ``ValueError``) with the reason when it cannot be carried.
    """
    side = pair.side_of(source.doc_id)
    doc, target = pair.doc(side), pair.doc(1 - side)
    _check_source(source, doc)
    found = existing_copy(store, source, target)
    if found is not None:
        return CarryResult(found, False)
    assert source.anchor is not None  # checked above
    span = counterpart_span(pair, doc.id, source.anchor.start, source.anchor.end)
    if span is None:
        raise CarryError(f"its paragraph has no counterpart in {version_name(target.language)}")
    copy = carried_copy(source, target, span)
    store.import_annotation(copy)
    return CarryResult(store.get(copy.uuid) or copy, True)


def links(annotations: Iterable[Annotation]) -> dict[str, list[Annotation]]:
    """uuid -> the highlights linked to it among ``annotations``: a source maps to its copies, a
    copy to its source. Only pairs both present count (a copy whose source was deleted has none)."""
    highlights = {a.uuid: a for a in annotations if a.anchor is not None}
    out: dict[str, list[Annotation]] = {}
    for a in highlights.values():
        source = highlights.get(a.carried_from) if a.carried_from else None
        if source is None or source.uuid == a.uuid:
            continue
        out.setdefault(source.uuid, []).append(a)
        out.setdefault(a.uuid, []).append(source)
    return out
