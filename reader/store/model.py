"""Plain objects for the user's annotations, shared by the store, exports, CLI and UI.

Offsets are Python code points into ``Document.text`` (the clean article text); the UI converts
to Qt's UTF-16 positions at its boundary (``reader.text.utf16``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

AnchorState = Literal["anchored", "moved", "orphan"]
PREFIX_CHARS = 32
# Offsets are code points into one article: far below this (a 45 MB article is ~2**25). Anything
# at or above it came from a damaged or hostile file, and SQLite cannot even store 2**63.
MAX_OFFSET = 2**31 - 1


@dataclass(frozen=True)
class Anchor:
    """Where a highlight sits, with enough context to find it again after the text changes.

    ``fingerprint`` is a hash of the article text the anchor was made on: when it still matches,
    start/end are trusted as they are.
    """

    doc_id: str
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str
    fingerprint: str
    source: str = ""  # the article's source file (relative path): re-anchoring looks there first


@dataclass(frozen=True)
class Colour:
    """A palette slot: key 1-8 applies it; the label carries the meaning and is user-editable."""

    slot: int
    label: str
    rgb: str  # "#RRGGBB"


DEFAULT_PALETTE: tuple[Colour, ...] = (
    Colour(1, "Actor", "#F7D154"),
    Colour(2, "Event", "#8FD18A"),
    Colour(3, "Claim", "#F2A65A"),
    Colour(4, "Quote", "#8EC5F2"),
    Colour(5, "Evidence", "#C7A4F2"),
    Colour(6, "Question", "#F28E9B"),
    Colour(7, "Place", "#7FD6CF"),
    Colour(8, "Other", "#C8C8C8"),
)


@dataclass
class Annotation:
    """A highlight (``anchor`` set, ``colour`` slot) or an article note (``anchor`` None).

    ``uuid`` is the stable identity across export/import (JSON-LD ``id`` is ``urn:uuid:<uuid>``).
    Times are ISO 8601 UTC strings.
    """

    uuid: str
    doc_id: str
    anchor: Anchor | None
    colour: int | None
    note: str = ""
    tags: list[str] = field(default_factory=list)
    created: str = ""
    modified: str = ""
    state: AnchorState = "anchored"
    id: int | None = None  # row id in the store
    # Why the stored row could not be read as written ("" when it could): e.g. its note is not
    # valid UTF-8. Shown with the note, in the CLI's warnings and the notes panel's problem list.
    damage: str = ""
    # How sure a fuzzy re-anchoring was (0..1, shown as "moved, fuzzy (92%)"); None when exact.
    anchor_score: float | None = None
    # The note's language ("ar", "en", ... or "") and direction ("rtl", "ltr" or ""): exports carry them.
    language: str = ""
    direction: str = ""
    # The uuid of the highlight this one was carried from (its paired translation), or "".
    carried_from: str = ""
    # Fields with no column of their own, kept whole: what another tool's export brought, why an
    # imported note is an orphan, the quote before a fuzzy re-anchoring. JSON-serialisable values only.
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def is_highlight(self) -> bool:
        return self.anchor is not None


@dataclass(frozen=True)
class Correction:
    """A user's fix to an article's metadata; overrides ingest and survives re-scans."""

    doc_id: str
    field: Literal["date", "title", "outlet", "language", "byline"]
    value: str
    modified: str = ""
