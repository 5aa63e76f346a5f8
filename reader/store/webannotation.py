"""W3C Web Annotation items, ours or any other tool's, read into :class:`~reader.store.incoming.Incoming`.

Why one reader for both: our export *is* Web Annotation JSON-LD with a few ``corpusReader:`` terms,
so the same code reads a note we wrote and one written by Recogito, an IIIF viewer or a
colleague's script. What the model allows, this accepts (https://www.w3.org/TR/annotation-model/):

* the document: one annotation, a list, an ``AnnotationPage``, or an ``AnnotationCollection``
  whose pages are embedded (``first`` and ``next``); see :func:`items_of`;
* ``target`` as an IRI string, a ``SpecificResource`` object (``source`` + ``selector``), an
  external resource (``id``), or a list of them: every address they give is kept, in order, for
  the resolver to try;
* ``selector`` as an object or a list, followed through ``refinedBy`` and into a
  ``RangeSelector``'s ``startSelector``/``endSelector``: the first ``TextQuoteSelector`` found is
  the quote; a ``TextPositionSelector`` alone is kept as offsets that cannot be checked;
* ``body`` as an IRI string, a ``TextualBody``, a ``Choice`` (its first item), or a list; and
  ``bodyValue``. A body's ``purpose`` (or, without one, the annotation's ``motivation``) says what
  it is: ``tagging`` a tag, ``classifying`` a colour (ours) or else a tag, anything else the note.

Every walk is bounded (selectors, bodies, pages), so a hostile file costs what a normal one does.
Fields without a column are kept in ``extra`` (bounded); only our own terms are read for ours.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import unquote as url_unquote

from reader.store.incoming import (
    MAX_SHORT_CHARS,
    MAX_TAGS,
    MAX_TEXT_CHARS,
    Bad,
    Incoming,
    as_list,
    bounded,
    offset,
    text,
    timestamp,
    types_of,
    uuid_of,
)
from reader.store.model import DEFAULT_PALETTE, Colour

__all__ = ["DOC_IRI_PREFIX", "OFFSET_UNIT", "Selectors", "find_selectors", "items_of", "parse_item"]

DOC_IRI_PREFIX = "corpus-reader:doc/"
OFFSET_UNIT = "codepoint"
STATES = ("anchored", "moved", "orphan")
MAX_PAGES = 10_000  # embedded "next" pages followed at most (a cycle must not hang an import)
MAX_SELECTORS = 64  # selectors looked at per target (refinedBy chains, ranges, lists)
MAX_BODIES = 2_000
MAX_TARGETS = 50
MAX_SOURCES = 20
_NOTE_MOTIVATIONS = ("commenting", "describing", "questioning", "replying", "editing", "assessing")
# Keys of an annotation that become columns; any other key of a foreign annotation goes to ``extra``.
_USED_KEYS = {"@context", "id", "@id", "type", "@type", "created", "modified", "body", "bodyValue",
              "target", "motivation"}
_USED_TARGET_KEYS = {"source", "selector", "type", "@type", "id", "@id"}


def _page_items(page: Any, problems: list[str]) -> list[Any]:
    """Items of an embedded ``AnnotationPage`` and of the embedded pages it links with ``next``."""
    items: list[Any] = []
    seen = 0
    while isinstance(page, dict) and seen < MAX_PAGES:
        seen += 1
        found = page.get("items")
        if isinstance(found, list):
            items.extend(found)
        elif found is not None:
            problems.append("an AnnotationPage's items is not a list; skipped")
        page = page.get("next")
    if isinstance(page, str):
        problems.append(f"the collection continues at {page[:200]!r}, which is not embedded in the file; "
                        "only the embedded pages were read")
    return items


def items_of(data: Any, problems: list[str]) -> tuple[list[Any], bool]:
    """The annotation items of a parsed document, and whether it is a Web Annotation one at all."""
    if isinstance(data, list):
        return data, True
    if not isinstance(data, dict):
        problems.append(f"expected a JSON object or list, found {type(data).__name__}")
        return [], False
    types = types_of(data)
    if "Annotation" in types:
        return [data], True
    if "AnnotationCollection" in types or ("first" in data and not types):
        items = _page_items(data.get("first"), problems)
        if isinstance(data.get("items"), list):  # not the standard shape, but unambiguous
            items.extend(data["items"])
        return items, True
    if "AnnotationPage" in types or ("items" in data and not types):
        return _page_items(data, problems), True
    return [], False


# --------------------------------------------------------------------------------------------
# Selectors


class Selectors:
    """What a target's selectors say: the first quote, the first position, what else was there."""

    def __init__(self) -> None:
        self.quote: dict[str, Any] | None = None
        self.position: dict[str, Any] | None = None
        self.range_end_quote: str = ""
        self.other: list[str] = []


def find_selectors(value: Any) -> Selectors:
    """Walk ``selector`` (object or list), ``refinedBy`` and ``RangeSelector`` parts, breadth first.

    Breadth first so that a quote given at the top wins over one nested in a refinement; bounded
    by :data:`MAX_SELECTORS` so a chain thousands long is not followed.
    """
    found = Selectors()
    queue = list(as_list(value))[:MAX_SELECTORS]
    looked = 0
    while queue and looked < MAX_SELECTORS:
        sel = queue.pop(0)
        looked += 1
        if not isinstance(sel, dict):
            continue
        kinds = types_of(sel)
        if "TextQuoteSelector" in kinds:
            if found.quote is None:
                found.quote = sel
        elif "TextPositionSelector" in kinds:
            if found.position is None:
                found.position = sel
        elif "RangeSelector" in kinds:
            start, end = sel.get("startSelector"), sel.get("endSelector")
            queue.extend(as_list(start)[:4])
            ends_with_quote = isinstance(end, dict) and "TextQuoteSelector" in types_of(end)
            if ends_with_quote and isinstance(end.get("exact"), str) and not found.range_end_quote:
                found.range_end_quote = end["exact"][:MAX_SHORT_CHARS]
            found.other.append("RangeSelector")
        else:
            found.other.extend(sorted(kinds)[:2] or ["an untyped selector"])
        queue.extend(as_list(sel.get("refinedBy"))[:8])
    return found


# --------------------------------------------------------------------------------------------
# Targets


def _source_of(target: Any) -> str:
    """The address a target names (an IRI string, ``source``, or an external resource's ``id``)."""
    if isinstance(target, str):
        return target
    if not isinstance(target, dict):
        return ""
    for key in ("source", "id", "@id"):
        value = target.get(key)
        if isinstance(value, dict):
            value = value.get("id", value.get("@id"))
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def is_ours(target: Any) -> bool:
    if isinstance(target, str):
        return target.startswith(DOC_IRI_PREFIX)
    return isinstance(target, dict) and (
        isinstance(target.get("corpusReader:docId"), str) or _source_of(target).startswith(DOC_IRI_PREFIX)
    )


def _main_target(targets: list[Any]) -> Any:
    """Ours first; then the first target that quotes text; then the first one at all."""
    usable = [t for t in targets if isinstance(t, (str, dict))]
    if not usable:
        raise Bad("its target is not an address or a text selection")
    for t in usable:
        if is_ours(t):
            return t
    for t in usable:
        if isinstance(t, dict) and find_selectors(t.get("selector")).quote is not None:
            return t
    return usable[0]


def _our_doc_id(target: Any) -> str:
    if isinstance(target, str):
        target = {"source": target}
    explicit = target.get("corpusReader:docId")
    if isinstance(explicit, str) and explicit.strip():
        return text(explicit, "target docId")
    source = _source_of(target)
    if source.startswith(DOC_IRI_PREFIX) and len(source) > len(DOC_IRI_PREFIX):
        return text(url_unquote(source[len(DOC_IRI_PREFIX):]), "target source")
    return ""


def _read_selectors(inc: Incoming, target: Any, *, ours: bool) -> None:
    """Quote, context and offsets from the target's selectors into ``inc``."""
    if not isinstance(target, dict):
        return
    found = find_selectors(target.get("selector"))
    position = found.position
    start = end = None
    if position is not None:
        unit = position.get("corpusReader:offsetUnit", OFFSET_UNIT)
        if unit == OFFSET_UNIT:  # UTF-16 or byte offsets are not used: only the quote is trustworthy
            start, end = offset(position.get("start"), "start"), offset(position.get("end"), "end")
    if found.quote is None:
        if start is not None and end is not None and start < end:
            inc.position_only, inc.start, inc.end = True, start, end
        elif position is not None:
            inc.position_only = True  # offsets we cannot use: still nothing to check a place against
        return
    inc.quote = text(found.quote.get("exact"), "quote", required=True, limit=MAX_TEXT_CHARS)
    inc.prefix = text(found.quote.get("prefix"), "quote prefix")
    inc.suffix = text(found.quote.get("suffix"), "quote suffix")
    if start is not None and end is not None and end - start == len(inc.quote):
        inc.start, inc.end = start, end
        printed = position.get("corpusReader:textFingerprint") if position is not None else None
        if ours and isinstance(printed, str):
            inc.fingerprint = text(printed, "text fingerprint")
    inc.range_end = found.range_end_quote
    if not ours and found.other:
        inc.extra["other_selectors"] = found.other[:10]


# --------------------------------------------------------------------------------------------
# Bodies


def _slot_for(body: dict[str, Any], palette: Sequence[Colour]) -> int | None:
    slot = body.get("corpusReader:colour")
    if isinstance(slot, int) and not isinstance(slot, bool) and any(c.slot == slot for c in DEFAULT_PALETTE):
        return slot
    label = body.get("value")
    if isinstance(label, str):
        wanted = label.strip().casefold()
        for source in (palette, DEFAULT_PALETTE):
            for c in source:
                if c.label.casefold() == wanted:
                    return c.slot
    return None


def _stated_voice(body: dict[str, Any]) -> dict[str, str]:
    """A body's own ``language`` (a BCP 47 tag, kept short) and ``textDirection``, when valid."""
    stated: dict[str, str] = {}
    language = body.get("language")
    if isinstance(language, list):
        language = next((x for x in language if isinstance(x, str)), None)
    if isinstance(language, str) and 0 < len(language) <= 35 and language.replace("-", "").isalnum():
        stated["language"] = language.split("-")[0].lower()
    direction = body.get("textDirection")
    if direction in ("ltr", "rtl"):
        stated["direction"] = direction
    return stated


def _looks_like_iri(value: str) -> bool:
    head, sep, _rest = value.partition(":")
    return bool(sep) and head.isascii() and head.replace("+", "").replace("-", "").isalnum() and not any(
        ch.isspace() for ch in value)


def _bodies(item: dict[str, Any], palette: Sequence[Colour], inc: Incoming) -> None:
    """Note, tags, colour and stated voice from ``bodyValue`` and ``body`` into ``inc``."""
    motivations = {m for m in as_list(item.get("motivation")) if isinstance(m, str)}
    tag_by_default = "tagging" in motivations and not motivations & set(_NOTE_MOTIVATIONS)
    notes: list[str] = []
    linked: list[str] = []
    stated: dict[str, str] = {}
    body_value = item.get("bodyValue")
    if isinstance(body_value, str):
        notes.append(text(body_value, "bodyValue", limit=MAX_TEXT_CHARS))
    for body in as_list(item.get("body"))[:MAX_BODIES]:
        if isinstance(body, str):
            if _looks_like_iri(body):
                linked.append(body[:2_000])  # content we do not have: kept, not shown as the note
            elif body.strip():
                notes.append(text(body, "note", limit=MAX_TEXT_CHARS))
            continue
        if not isinstance(body, dict):
            continue
        if "Choice" in types_of(body):  # alternatives of one body: the first is the default
            body = next((b for b in as_list(body.get("items"))[:50] if isinstance(b, dict)), {})
        purposes = [p for p in as_list(body.get("purpose")) if isinstance(p, str)]
        value = body.get("value")
        if "classifying" in purposes:
            slot = _slot_for(body, palette)
            if slot is not None:
                inc.colour = slot
            elif isinstance(value, str) and value.strip():
                inc.tags.append(text(value, "tag").strip())  # another tool's class: a tag here
        elif not isinstance(value, str):
            source = _source_of(body)
            if source:
                linked.append(source[:2_000])
        elif "tagging" in purposes or (tag_by_default and not purposes):
            tag = text(value, "tag").strip()
            if tag:
                inc.tags.append(tag)
        else:
            notes.append(text(value, "note", limit=MAX_TEXT_CHARS))
            stated = stated or _stated_voice(body)
            fmt = body.get("format")
            if isinstance(fmt, str) and fmt not in ("text/plain", "") and "note_format" not in inc.extra:
                inc.extra["note_format"] = fmt[:100]
    if len(inc.tags) > MAX_TAGS:
        raise Bad(f"it has more than {MAX_TAGS:,} tags")
    inc.note = "\n\n".join(n for n in notes if n)
    if len(inc.note) > MAX_TEXT_CHARS:
        raise Bad(f"its note is longer than {MAX_TEXT_CHARS:,} characters")
    inc.language, inc.direction = stated.get("language", ""), stated.get("direction", "")
    if linked:
        inc.extra["linked_bodies"] = linked[:50]
    other = motivations - {"highlighting", "commenting", "tagging", "classifying"}
    if other and inc.origin != "Corpus Reader":
        inc.extra["motivation"] = sorted(other)[:10]


# --------------------------------------------------------------------------------------------
# One item


def parse_item(item: Any, palette: Sequence[Colour] = DEFAULT_PALETTE) -> Incoming:
    """One Web Annotation item as an :class:`Incoming`; :class:`Bad` with the reason when unusable."""
    if not isinstance(item, dict):
        raise Bad(f"not an annotation object ({type(item).__name__})")
    types = types_of(item)
    if types and "Annotation" not in types:
        raise Bad(f"type {sorted(types)[:5]} is not Annotation")
    raw_id = item.get("id", item.get("@id"))
    uuid = uuid_of(raw_id)
    targets = as_list(item.get("target"))[:MAX_TARGETS]
    if not targets:
        raise Bad("no target")
    main = _main_target(targets)
    ours = is_ours(main)
    inc = Incoming(uuid=uuid, origin="Corpus Reader" if ours else "W3C Web Annotation", original=item)
    if ours:
        inc.doc_id = _our_doc_id(main)
        if isinstance(main, dict):
            source_file = main.get("corpusReader:sourceFile")
            inc.source_file = text(source_file, "source file") if isinstance(source_file, str) else ""
            given = main.get("corpusReader:state")
            inc.state = given if given in STATES else "anchored"
        _our_extensions(item, inc)
    else:
        sources = [_source_of(t) for t in [main, *targets]]
        sources += [t["scope"] for t in targets if isinstance(t, dict) and isinstance(t.get("scope"), str)]
        inc.sources = list(dict.fromkeys(text(s, "target address") for s in sources if s))[:MAX_SOURCES]
        inc.extra.update(_foreign_fields(item, main, raw_id))
    _read_selectors(inc, main, ours=ours)
    _bodies(item, palette, inc)
    inc.created = timestamp(item.get("created"), "creation")
    inc.modified = timestamp(item.get("modified"), "modification") or inc.created
    return inc


def _our_extensions(item: dict[str, Any], inc: Incoming) -> None:
    """Our own terms that carry what an annotation has beyond the Web Annotation model."""
    extra = item.get("corpusReader:extra")
    if isinstance(extra, dict):
        inc.extra.update(bounded(extra))
    score = item.get("corpusReader:anchorScore")
    if isinstance(score, (int, float)) and not isinstance(score, bool) and 0 <= score <= 1:
        inc.anchor_score = float(score)
    carried = item.get("corpusReader:carriedFrom")
    if isinstance(carried, str) and carried:
        inc.carried_from = text(carried, "carried-from id")


def _foreign_fields(item: dict[str, Any], main: Any, raw_id: Any) -> dict[str, object]:
    """Another tool's fields that have no column here (creator, rights, target state...), bounded."""
    kept: dict[str, object] = {"imported_id": str(raw_id)[:2_000]}
    rest = {k: v for k, v in item.items() if isinstance(k, str) and k not in _USED_KEYS}
    if isinstance(main, dict):
        target_rest = {k: v for k, v in main.items() if isinstance(k, str) and k not in _USED_TARGET_KEYS}
        if target_rest:
            rest["target"] = target_rest
    if rest:
        kept.update(bounded(rest))
    return kept
