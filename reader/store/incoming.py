"""One imported annotation in a neutral shape, whatever tool wrote it, and the bounds every field obeys.

Why a neutral shape: a note can come from our own JSON-LD export, from another W3C Web Annotation
tool or from a Hypothesis export. Each format has its own parser (:mod:`reader.store.jsonld`,
:mod:`reader.store.webannotation`, :mod:`reader.store.hypothesis`); all of them produce an
:class:`Incoming`, and one resolver (:mod:`reader.store.import_targets`) decides where it belongs
in the corpus. So the rules for finding an article, placing a quote and keeping an orphan are
written once.

Why the bounds live here: an import file is untrusted. Every string, number and date of every
format passes through :func:`text`, :func:`offset` and :func:`timestamp`, so one hostile item is
skipped with its reason (:class:`Bad`) and cannot abort the import, poison later items or be
stored out of range. Fields that have no column of their own are kept in ``extra``, copied by
:func:`bounded` so that a huge or deeply nested field cannot blow up the store.
"""

from __future__ import annotations

import uuid as uuidlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from reader.store.model import MAX_OFFSET

__all__ = [
    "MAX_SHORT_CHARS",
    "MAX_TAGS",
    "MAX_TEXT_CHARS",
    "MAX_TIME",
    "MIN_TIME",
    "Bad",
    "Incoming",
    "as_list",
    "bounded",
    "offset",
    "text",
    "timestamp",
    "types_of",
    "uuid_of",
]

MAX_TEXT_CHARS = 1_000_000  # a note or a quote (a long article's worth)
MAX_SHORT_CHARS = 10_000  # ids, tags, context, file names
MAX_TAGS = 1_000
MAX_EXTRA_CHARS = 20_000  # the fields kept in ``extra`` for one annotation, as JSON text, roughly
MAX_EXTRA_DEPTH = 12
# Times an annotation can have been written at. Outside them a time is damage (and year 1 or 9999
# overflows as soon as a time zone is applied); 2999 leaves room for deliberate "newest" copies.
MIN_TIME = datetime(1970, 1, 1, tzinfo=UTC)
MAX_TIME = datetime(2999, 12, 31, 23, 59, 59, tzinfo=UTC)


class Bad(Exception):
    """One item cannot be imported; the message says why (collected, never raised to callers)."""


@dataclass
class Incoming:
    """An annotation as a file states it, before it is placed in the corpus.

    ``doc_id`` is set only when the file names one of our articles (``corpus-reader:doc/...``);
    ``sources`` are the other ways it names the page: article ids, file paths, ``file://`` and web
    addresses, in the file's order. ``quote``/``prefix``/``suffix`` come from a
    ``TextQuoteSelector``; ``start``/``end`` are code points and only a hint unless ``fingerprint``
    says they were taken on the very text we have. ``position_only`` marks a highlight that gives
    offsets but no quote: it cannot be checked against the text. ``original`` is the item itself,
    kept (bounded) in an orphan's ``extra`` so nothing the file said is lost.
    """

    uuid: str
    origin: str  # "Corpus Reader", "W3C Web Annotation" or "Hypothesis"
    doc_id: str = ""
    source_file: str = ""
    sources: list[str] = field(default_factory=list)
    quote: str = ""
    prefix: str = ""
    suffix: str = ""
    range_end: str = ""  # a RangeSelector's end quote: the highlight runs up to where it begins
    start: int | None = None
    end: int | None = None
    fingerprint: str = ""
    position_only: bool = False
    note: str = ""
    tags: list[str] = field(default_factory=list)
    colour: int | None = None
    created: str = ""
    modified: str = ""
    state: str = ""
    language: str = ""
    direction: str = ""
    anchor_score: float | None = None  # as our own export states it
    carried_from: str = ""
    extra: dict[str, object] = field(default_factory=dict)
    original: Any = None

    @property
    def is_highlight(self) -> bool:
        return bool(self.quote)


def types_of(obj: dict[str, Any]) -> set[str]:
    value = obj.get("type", obj.get("@type"))
    if isinstance(value, str):
        return {value}
    if isinstance(value, list):
        return {v for v in value if isinstance(v, str)}
    return set()


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def text(value: Any, what: str, *, required: bool = False, limit: int = MAX_SHORT_CHARS) -> str:
    """A string field: valid Unicode (SQLite cannot store lone surrogates), at most ``limit`` characters."""
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise Bad(f"{what} is not text")
    if len(value) > limit:
        raise Bad(f"{what} is longer than {limit:,} characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise Bad(f"{what} is not valid Unicode") from exc
    if required and not value:
        raise Bad(f"{what} is empty")
    return value


def timestamp(value: Any, what: str) -> str:
    """An ISO 8601 time as the store writes it (UTC, ``...Z``), or "" when none is given.

    A time that is there but unreadable, or outside :data:`MIN_TIME`..:data:`MAX_TIME`, makes the
    item bad: stored, it would break every later comparison of that annotation (and the notes list).
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    raw = text(value, f"its {what} time", limit=100).strip()
    try:
        parsed = datetime.fromisoformat(raw)
        when = (parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)).astimezone(UTC)
    except (ValueError, OverflowError) as exc:
        raise Bad(f"its {what} time {raw!r} is not a date and time this program can use") from exc
    if not MIN_TIME <= when <= MAX_TIME:
        raise Bad(f"its {what} time {raw!r} is not between {MIN_TIME.year} and {MAX_TIME.year}")
    return when.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def offset(value: Any, what: str) -> int | None:
    """A text position (code points) or None when not given; anything else makes the item bad."""
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise Bad(f"its position {what} is not a whole number")
    if not 0 <= value <= MAX_OFFSET:
        raise Bad(f"its position {what} is outside any article (0 to {MAX_OFFSET:,})")
    return value


def uuid_of(value: Any, namespace: str = "") -> str:
    """``urn:uuid:X`` or a bare uuid as a canonical uuid; any other id gets a stable uuid5.

    Other tools identify annotations by http IRIs or short tokens (Hypothesis); deriving the uuid
    from the id (within ``namespace``, e.g. Hypothesis's share address) keeps their re-imports
    merging instead of duplicating.
    """
    if value is None:
        raise Bad("no id")
    raw = text(value, "id").strip()
    if not raw:
        raise Bad("id is empty")
    bare = raw[9:] if raw.lower().startswith("urn:uuid:") else raw
    try:
        return str(uuidlib.UUID(bare))
    except ValueError:
        return str(uuidlib.uuid5(uuidlib.NAMESPACE_URL, namespace + raw))


def bounded(value: Any, budget: int = MAX_EXTRA_CHARS, depth: int = MAX_EXTRA_DEPTH) -> Any:
    """A JSON-safe copy of ``value`` that costs about ``budget`` characters at most.

    Why: an orphan keeps the item it came from, and foreign fields without a column are kept too;
    a hostile file could make either a megabyte string or a structure nested hundreds deep. Long
    strings are cut (with "…"), deep or late parts replaced by "…", non-JSON values by their type.
    """
    left = [budget]

    def copy(v: Any, level: int) -> Any:
        if left[0] <= 0 or level > depth:
            return "…"
        if v is None or isinstance(v, bool):
            left[0] -= 4
            return v
        if isinstance(v, int):
            left[0] -= 8
            return v if abs(v) < 2**63 else str(v)[:40]
        if isinstance(v, float):
            left[0] -= 8
            return v if v == v and abs(v) != float("inf") else str(v)
        if isinstance(v, str):
            cut = v[: max(left[0], 0)]
            left[0] -= len(cut) + 2
            cut = cut.encode("utf-8", "replace").decode("utf-8")  # no lone surrogates in the store
            return cut if len(cut) == len(v) else cut + "…"
        if isinstance(v, list):
            out_list = []
            for x in v:
                if left[0] <= 0:
                    out_list.append("…")
                    break
                out_list.append(copy(x, level + 1))
            return out_list
        if isinstance(v, dict):
            out: dict[str, Any] = {}
            for k, x in v.items():
                if left[0] <= 0:
                    out["…"] = "…"
                    break
                key = str(k)[:200].encode("utf-8", "replace").decode("utf-8")
                left[0] -= len(key) + 4
                out[key] = copy(x, level + 1)
            return out
        return type(v).__name__

    return copy(value, 0)
