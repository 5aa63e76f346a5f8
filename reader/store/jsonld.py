"""The user's notes as W3C Web Annotation JSON-LD: the export that can be imported again.

Why this format: it is the standard other annotation tools (Hypothesis, Recogito, IIIF viewers)
speak, and it carries everything a highlight needs to be found again in another copy of the
corpus: the quote with its context (``TextQuoteSelector``) and the offsets
(``TextPositionSelector``). Offsets are Unicode code points into the article's clean text
(paragraphs joined by one blank line), which is exactly what the Web Annotation model specifies
for text positions; the custom term ``corpusReader:offsetUnit: "codepoint"`` says so explicitly,
because many JavaScript tools silently count UTF-16 units instead.

Shape (one ``AnnotationCollection`` whose first page is embedded)::

    {"@context": ["http://www.w3.org/ns/anno.jsonld", {"corpusReader": "urn:corpus-reader:terms:"}],
     "type": "AnnotationCollection", "total": N, "first": {"type": "AnnotationPage", "items": [
        {"id": "urn:uuid:...", "type": "Annotation", "motivation": "highlighting",
         "created": ..., "modified": ...,
         "body": [{"type": "TextualBody", "purpose": "commenting", "value": note, ...},
                  {"type": "TextualBody", "purpose": "tagging", "value": tag},
                  {"type": "TextualBody", "purpose": "classifying", "value": colour label,
                   "corpusReader:colour": slot, "corpusReader:rgb": "#RRGGBB"}],
         "target": {"source": "corpus-reader:doc/<doc id, percent-encoded>",
                    "corpusReader:docId": ..., "corpusReader:sourceFile": ..., "corpusReader:state": ...,
                    "selector": [{"type": "TextQuoteSelector", "exact", "prefix", "suffix"},
                                 {"type": "TextPositionSelector", "start", "end", ...}]}}]}}

The doc id is percent-encoded in ``target.source`` because ids contain ``#`` (``stem#07``), which
would otherwise make the segment number a URI fragment; ``corpusReader:docId`` keeps it verbatim.

Import is tolerant and honest (:func:`from_jsonld`, :func:`import_jsonld`): malformed items are
reported, never raised; every number, date and string is bounded (offsets below
:data:`~reader.store.model.MAX_OFFSET`, times between :data:`MIN_TIME` and :data:`MAX_TIME`,
texts below :data:`MAX_TEXT_CHARS`), so one hostile item is skipped with its reason and cannot
abort the import or poison later ones; annotations merge by uuid, so importing a file twice adds nothing; and
every imported highlight is re-anchored against the *current* corpus with the same rules as the
app (:func:`reader.store.anchoring.resolve`), so an imported highlight is indistinguishable from
one made in the app: it spans its exact quote, or it is an orphan, never wrong text.
"""

from __future__ import annotations

import json
import sqlite3
import uuid as uuidlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote as url_quote
from urllib.parse import unquote as url_unquote

from reader import __version__
from reader.ingest.model import Document
from reader.store.anchoring import anchor_at, resolve, text_fingerprint
from reader.store.annotations import Store, note_voice
from reader.store.db import utc_now
from reader.store.exports import colour_label, plan_export
from reader.store.model import DEFAULT_PALETTE, MAX_OFFSET, Anchor, AnchorState, Annotation, Colour
from reader.store.saved_searches import ImportCounts
from reader.store.saved_searches import import_items as import_saved

__all__ = [
    "ANNO_CONTEXT",
    "CONTEXT",
    "DOC_IRI_PREFIX",
    "MAX_TEXT_CHARS",
    "MAX_TIME",
    "MIN_TIME",
    "SAVED_SEARCHES_KEY",
    "TERMS",
    "ImportReport",
    "JsonLdError",
    "annotation_to_jsonld",
    "doc_iri",
    "from_jsonld",
    "import_jsonld",
    "is_annotation_document",
    "loads",
    "to_jsonld",
]

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
TERMS = "urn:corpus-reader:terms:"
CONTEXT: list[Any] = [ANNO_CONTEXT, {"corpusReader": TERMS}]
DOC_IRI_PREFIX = "corpus-reader:doc/"
OFFSET_UNIT = "codepoint"
_STATES: tuple[AnchorState, ...] = ("anchored", "moved", "orphan")
SAVED_SEARCHES_KEY = "corpusReader:savedSearches"
_MAX_PAGES = 10_000  # embedded "next" pages followed at most (a cycle must not hang an import)
MAX_TEXT_CHARS = 1_000_000  # a note or a quote (a long article's worth)
MAX_SHORT_CHARS = 10_000  # ids, tags, context, file names
MAX_TAGS = 1_000
# Times an annotation can have been written at. Outside them a time is damage (and year 1 or 9999
# overflows as soon as a time zone is applied); 2999 leaves room for deliberate "newest" copies.
MIN_TIME = datetime(1970, 1, 1, tzinfo=UTC)
MAX_TIME = datetime(2999, 12, 31, 23, 59, 59, tzinfo=UTC)


class JsonLdError(ValueError):
    """The data is not JSON at all (raised only by :func:`loads`; parsing never raises)."""


# --------------------------------------------------------------------------------------------
# Export


def doc_iri(doc_id: str) -> str:
    """``corpus-reader:doc/001_ff668e2db0ba1b04%2307``: ``#`` and other reserved characters escaped."""
    return DOC_IRI_PREFIX + url_quote(doc_id, safe="")


def _colour(slot: int, palette: Sequence[Colour]) -> Colour | None:
    return next((c for c in palette if c.slot == slot), None) or next(
        (c for c in DEFAULT_PALETTE if c.slot == slot), None
    )


def annotation_to_jsonld(
    a: Annotation, doc: Document | None = None, palette: Sequence[Colour] = DEFAULT_PALETTE
) -> dict[str, Any]:
    """One annotation as a Web Annotation object (no ``@context``: the collection carries it)."""
    item: dict[str, Any] = {
        "id": f"urn:uuid:{a.uuid}",
        "type": "Annotation",
        "motivation": "highlighting" if a.anchor is not None else "commenting",
    }
    if a.created:
        item["created"] = a.created
    if a.modified:
        item["modified"] = a.modified
    body: list[dict[str, Any]] = []
    if a.note:
        note: dict[str, Any] = {"type": "TextualBody", "purpose": "commenting", "value": a.note,
                                "format": "text/plain"}
        voice = note_voice(a.note)
        language = a.language or voice["language"]
        if language:
            note["language"] = language
        note["textDirection"] = a.direction or voice["direction"]
        body.append(note)
    body.extend({"type": "TextualBody", "purpose": "tagging", "value": tag} for tag in a.tags)
    if a.colour is not None:
        colour = _colour(a.colour, palette)
        classifying: dict[str, Any] = {
            "type": "TextualBody", "purpose": "classifying",
            "value": colour_label(a.colour, palette), "corpusReader:colour": a.colour,
        }
        if colour is not None:
            classifying["corpusReader:rgb"] = colour.rgb
        body.append(classifying)
    if body:
        item["body"] = body

    anchor = a.anchor
    target: dict[str, Any] = {"source": doc_iri(a.doc_id), "corpusReader:docId": a.doc_id}
    source_file = (anchor.source if anchor is not None else "") or (doc.source if doc is not None else "")
    if source_file:
        target["corpusReader:sourceFile"] = source_file
    if doc is not None:
        target["corpusReader:title"] = doc.title
        if doc.date.value:
            target["corpusReader:articleDate"] = doc.date.value
        target["corpusReader:language"] = doc.language
    if anchor is not None:
        target["corpusReader:state"] = a.state
        quote: dict[str, Any] = {"type": "TextQuoteSelector", "exact": anchor.quote}
        if anchor.prefix:
            quote["prefix"] = anchor.prefix
        if anchor.suffix:
            quote["suffix"] = anchor.suffix
        position: dict[str, Any] = {
            "type": "TextPositionSelector", "start": anchor.start, "end": anchor.end,
            "corpusReader:offsetUnit": OFFSET_UNIT,
        }
        if anchor.fingerprint:
            position["corpusReader:textFingerprint"] = anchor.fingerprint
        target["selector"] = [quote, position]
    item["target"] = target
    return item


def to_jsonld(
    annotations: Iterable[Annotation],
    documents: Mapping[str, Document],
    palette: Sequence[Colour] = DEFAULT_PALETTE,
    *,
    generated: str | None = None,
    saved_searches: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """The notes as one ``AnnotationCollection`` (order: as the other exports, orphans last).

    The collection id is derived from the annotations' uuids, so exporting the same notes twice
    gives the same id (only ``generated`` differs). ``saved_searches``
    (:func:`reader.store.saved_searches.export_items`) travel with the notes under
    ``corpusReader:savedSearches``: an extension key other Web Annotation tools ignore.
    """
    plan = plan_export(annotations, documents)
    ordered = [a for g in plan.articles for a in (*g.notes, *g.highlights)] + plan.orphans
    items = [annotation_to_jsonld(a, documents.get(a.doc_id), palette) for a in ordered]
    collection_id = uuidlib.uuid5(uuidlib.NAMESPACE_URL, TERMS + ",".join(sorted(a.uuid for a in ordered)))
    return {
        "@context": CONTEXT,
        "id": f"urn:uuid:{collection_id}",
        "type": "AnnotationCollection",
        "label": "Corpus Reader notes",
        "total": len(items),
        "generator": {"id": "urn:corpus-reader", "type": "Software", "name": f"Corpus Reader {__version__}"},
        "generated": generated or utc_now(),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
        **({SAVED_SEARCHES_KEY: [dict(s) for s in saved_searches]} if saved_searches else {}),
    }


# --------------------------------------------------------------------------------------------
# Parsing (tolerant)


class _Bad(Exception):
    """One item cannot be imported; the message says why (collected, never raised to callers)."""


def loads(text: str | bytes) -> Any:
    """JSON text (a UTF-8 BOM is allowed) to Python data; :class:`JsonLdError` when it is not JSON."""
    try:
        if isinstance(text, bytes):
            text = text.decode("utf-8-sig")
        return json.loads(text.lstrip("\ufeff"))
    except UnicodeDecodeError as exc:
        raise JsonLdError(f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise JsonLdError(f"not valid JSON ({exc.msg}, line {exc.lineno} column {exc.colno})") from exc
    except (ValueError, RecursionError) as exc:
        raise JsonLdError(f"not valid JSON ({exc})") from exc


def read_notes_document(raw: bytes, name: str) -> Any:
    """The parsed JSON of a notes file called ``name`` (for messages); ``ValueError`` with one
    sentence when it is not JSON or not W3C Web Annotation JSON-LD. The app and the CLI both use it."""
    try:
        data = loads(raw)
    except JsonLdError as exc:
        raise ValueError(f"{name} is not a notes file: {exc}.") from exc
    if not is_annotation_document(data):
        raise ValueError(f"{name} is not a notes file (W3C Web Annotation JSON-LD).")
    return data


def _types(obj: Mapping[str, Any]) -> set[str]:
    value = obj.get("type", obj.get("@type"))
    if isinstance(value, str):
        return {value}
    if isinstance(value, list):
        return {v for v in value if isinstance(v, str)}
    return set()


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _page_items(page: Any, problems: list[str]) -> list[Any]:
    """Items of an embedded ``AnnotationPage`` and of the embedded pages it links with ``next``."""
    items: list[Any] = []
    seen = 0
    while isinstance(page, dict) and seen < _MAX_PAGES:
        seen += 1
        found = page.get("items")
        if isinstance(found, list):
            items.extend(found)
        elif found is not None:
            problems.append("an AnnotationPage's items is not a list; skipped")
        page = page.get("next")
    if isinstance(page, str):
        problems.append(f"the collection continues at {page!r}, which is not embedded in the file; "
                        "only the embedded pages were read")
    return items


def _items(data: Any, problems: list[str]) -> tuple[list[Any], bool]:
    """The annotation items of a document, and whether the document is a Web Annotation one."""
    if isinstance(data, (str, bytes)):
        try:
            data = loads(data)
        except JsonLdError as exc:
            problems.append(str(exc))
            return [], False
    if isinstance(data, list):
        return data, True
    if not isinstance(data, dict):
        problems.append(f"expected a JSON object or list, found {type(data).__name__}")
        return [], False
    types = _types(data)
    if "Annotation" in types:
        return [data], True
    if "AnnotationCollection" in types or ("first" in data and not types):
        items = _page_items(data.get("first"), problems)
        if isinstance(data.get("items"), list):  # not the standard shape, but unambiguous
            items.extend(data["items"])
        return items, True
    if "AnnotationPage" in types or ("items" in data and not types):
        return _page_items(data, problems), True
    problems.append("not a Web Annotation document (no Annotation, AnnotationPage or "
                    "AnnotationCollection found)")
    return [], False


def is_annotation_document(data: Any) -> bool:
    """True when ``data`` is (JSON text of) an Annotation, a list, a page or a collection of them."""
    return _items(data, [])[1]


def _text(value: Any, what: str, *, required: bool = False, limit: int = MAX_SHORT_CHARS) -> str:
    """A string field: valid Unicode (SQLite cannot store lone surrogates), at most ``limit`` characters."""
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise _Bad(f"{what} is not text")
    if len(value) > limit:
        raise _Bad(f"{what} is longer than {limit:,} characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise _Bad(f"{what} is not valid Unicode") from exc
    if required and not value:
        raise _Bad(f"{what} is empty")
    return value


def _timestamp(value: Any, what: str) -> str:
    """An ISO 8601 time as the store writes it (UTC, ``...Z``), or "" when none is given.

    A time that is there but unreadable, or outside :data:`MIN_TIME`..:data:`MAX_TIME`, makes the
    item bad: stored, it would break every later comparison of that annotation (and the notes list).
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    raw = _text(value, f"its {what} time", limit=100).strip()
    try:
        parsed = datetime.fromisoformat(raw)
        when = (parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)).astimezone(UTC)
    except (ValueError, OverflowError) as exc:
        raise _Bad(f"its {what} time {raw!r} is not a date and time this program can use") from exc
    if not MIN_TIME <= when <= MAX_TIME:
        raise _Bad(f"its {what} time {raw!r} is not between {MIN_TIME.year} and {MAX_TIME.year}")
    return when.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _offset(value: Any, what: str) -> int | None:
    """A text position (code points) or None when not given; anything else makes the item bad."""
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise _Bad(f"its position {what} is not a whole number")
    if not 0 <= value <= MAX_OFFSET:
        raise _Bad(f"its position {what} is outside any article (0 to {MAX_OFFSET:,})")
    return value


def _uuid(value: Any) -> str:
    """``urn:uuid:X`` or a bare uuid as a canonical uuid; any other IRI gets a stable uuid5.

    Other tools identify annotations by http IRIs; deriving the uuid from the IRI keeps their
    re-imports merging instead of duplicating.
    """
    if value is None:
        raise _Bad("no id")
    raw = _text(value, "id").strip()
    if not raw:
        raise _Bad("id is empty")
    bare = raw[9:] if raw.lower().startswith("urn:uuid:") else raw
    try:
        return str(uuidlib.UUID(bare))
    except ValueError:
        return str(uuidlib.uuid5(uuidlib.NAMESPACE_URL, raw))


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _slot_for(body: Mapping[str, Any], palette: Sequence[Colour]) -> int | None:
    slot = _int(body.get("corpusReader:colour"))
    if slot is not None and any(c.slot == slot for c in DEFAULT_PALETTE):
        return slot
    label = body.get("value")
    if isinstance(label, str):
        wanted = label.strip().casefold()
        for source in (palette, DEFAULT_PALETTE):
            for c in source:
                if c.label.casefold() == wanted:
                    return c.slot
    return None


def _target(item: Mapping[str, Any]) -> Mapping[str, Any]:
    targets = _as_list(item.get("target"))
    if not targets:
        raise _Bad("no target")
    for t in targets:
        if isinstance(t, str) and t.startswith(DOC_IRI_PREFIX):
            return {"source": t}
        if isinstance(t, dict):
            return t
    raise _Bad("the target is not an article of Corpus Reader")


def _doc_id(target: Mapping[str, Any]) -> str:
    explicit = target.get("corpusReader:docId")
    if isinstance(explicit, str) and explicit.strip():
        return _text(explicit, "target docId")
    source = target.get("source", target.get("id"))
    if isinstance(source, str) and source.startswith(DOC_IRI_PREFIX) and len(source) > len(DOC_IRI_PREFIX):
        return _text(url_unquote(source[len(DOC_IRI_PREFIX):]), "target source")
    raise _Bad("the target is not an article of Corpus Reader (no corpus-reader:doc/ source)")


def _anchor(target: Mapping[str, Any], doc_id: str) -> Anchor | None:
    """The highlight's anchor from its selectors; None for a target without a text selector."""
    quote_sel: Mapping[str, Any] | None = None
    position_sel: Mapping[str, Any] | None = None
    for sel in _as_list(target.get("selector")):
        if not isinstance(sel, dict):
            continue
        types = _types(sel)
        if "TextQuoteSelector" in types and quote_sel is None:
            quote_sel = sel
        elif "TextPositionSelector" in types and position_sel is None:
            position_sel = sel
    if quote_sel is None:
        if position_sel is not None:
            # Offsets alone cannot be checked against the text: placing them could show wrong words.
            raise _Bad("a highlight without its quoted text (TextQuoteSelector) cannot be placed safely")
        return None
    exact = _text(quote_sel.get("exact"), "quote", required=True, limit=MAX_TEXT_CHARS)
    prefix = _text(quote_sel.get("prefix"), "quote prefix")
    suffix = _text(quote_sel.get("suffix"), "quote suffix")
    start = end = None
    fingerprint = ""
    if position_sel is not None:
        unit = position_sel.get("corpusReader:offsetUnit", OFFSET_UNIT)
        print_ = position_sel.get("corpusReader:textFingerprint")
        if unit == OFFSET_UNIT:  # UTF-16 or byte offsets are not used: only the quote is trustworthy
            start, end = _offset(position_sel.get("start"), "start"), _offset(position_sel.get("end"), "end")
            if isinstance(print_, str):
                fingerprint = _text(print_, "text fingerprint")
    if start is None or end is None or end - start != len(exact):
        # No usable position: keep the quote, let re-anchoring find it (fingerprint cleared).
        start, end, fingerprint = 0, len(exact), ""
    source = target.get("corpusReader:sourceFile")
    return Anchor(
        doc_id=doc_id, start=start, end=end, quote=exact, prefix=prefix, suffix=suffix,
        fingerprint=fingerprint, source=_text(source, "source file") if isinstance(source, str) else "",
    )


def _annotation(item: Any, palette: Sequence[Colour]) -> Annotation:
    if not isinstance(item, dict):
        raise _Bad(f"not an annotation object ({type(item).__name__})")
    types = _types(item)
    if types and "Annotation" not in types:
        raise _Bad(f"type {sorted(types)} is not Annotation")
    uuid = _uuid(item.get("id", item.get("@id")))
    target = _target(item)
    doc_id = _doc_id(target)
    anchor = _anchor(target, doc_id)

    notes: list[str] = []
    tags: list[str] = []
    colour: int | None = None
    stated: dict[str, str] = {}  # the note's language/direction as the file states them
    body_value = item.get("bodyValue")
    if isinstance(body_value, str):
        notes.append(_text(body_value, "bodyValue", limit=MAX_TEXT_CHARS))
    for body in _as_list(item.get("body")):
        if not isinstance(body, dict):
            continue  # a body given as an IRI points at content we do not have
        purposes = _as_list(body.get("purpose"))
        value = body.get("value")
        if "classifying" in purposes:
            colour = _slot_for(body, palette) or colour
        elif not isinstance(value, str):
            continue
        elif "tagging" in purposes:
            tag = _text(value, "tag").strip()
            if tag:
                tags.append(tag)
        else:
            notes.append(_text(value, "note", limit=MAX_TEXT_CHARS))
            stated = stated or _stated_voice(body)
    if len(tags) > MAX_TAGS:
        raise _Bad(f"it has more than {MAX_TAGS:,} tags")
    note = "\n\n".join(n for n in notes if n)
    if len(note) > MAX_TEXT_CHARS:
        raise _Bad(f"its note is longer than {MAX_TEXT_CHARS:,} characters")
    created = _timestamp(item.get("created"), "creation")
    modified = _timestamp(item.get("modified"), "modification") or created
    state: AnchorState = "anchored"
    if anchor is not None:
        given = target.get("corpusReader:state")
        state = given if given in _STATES else "anchored"
        if colour is None:
            colour = DEFAULT_PALETTE[-1].slot  # a highlight needs a colour: "Other"
    else:
        colour = None  # article notes have no colour
    voice = {**note_voice(note), **stated} if note else note_voice(note)
    return Annotation(
        uuid=uuid, doc_id=doc_id, anchor=anchor, colour=colour, note=note,
        tags=tags, created=created, modified=modified, state=state, **voice,
    )


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


def from_jsonld(
    data: Any, problems: list[str] | None = None, *, palette: Sequence[Colour] = DEFAULT_PALETTE
) -> list[Annotation]:
    """Annotations from a Web Annotation document (parsed JSON, or JSON text); never raises.

    Accepts a collection (embedded pages), a page, a list, or one annotation. Each item that
    cannot be used is skipped and described in ``problems`` (pass a list to collect them).
    Unknown extra fields are ignored; a highlight without a colour gets the last palette slot.
    """
    problems = problems if problems is not None else []
    out: list[Annotation] = []
    try:
        items, _ = _items(data, problems)
    except Exception as exc:  # a parser of untrusted files must not crash the import
        problems.append(f"could not read the document: {exc!r}")
        return out
    for n, item in enumerate(items, start=1):
        try:
            out.append(_annotation(item, palette))
        except _Bad as exc:
            problems.append(f"item {n}: {exc}")
        except Exception as exc:  # see above: report, never raise
            problems.append(f"item {n}: unreadable ({exc!r})")
    return out


# --------------------------------------------------------------------------------------------
# Import into the store


@dataclass(frozen=True)
class ImportReport:
    """What :func:`import_jsonld` did. ``orphaned`` and ``moved`` count added/updated highlights.

    ``elsewhere`` counts highlights on articles that are not in the corpus given (not even their
    source file): they are stored as exported and re-checked when that corpus is opened.
    """

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    orphaned: int = 0
    problems: tuple[str, ...] = ()
    moved: int = 0
    elsewhere: int = 0
    searches_added: int = 0  # saved searches (see reader.store.saved_searches.import_items)
    searches_unchanged: int = 0

    @property
    def total(self) -> int:
        return self.added + self.updated + self.unchanged

    def summary(self) -> str:
        """One line for the CLI and the app's status bar."""
        parts = [f"{self.added} added", f"{self.updated} updated", f"{self.unchanged} unchanged"]
        line = f"Imported {self.total} annotation{'s' if self.total != 1 else ''}: {', '.join(parts)}"
        extra = []
        if self.moved:
            extra.append(f"{self.moved} found at a new place")
        if self.orphaned:
            extra.append(f"{self.orphaned} orphaned (text no longer found)")
        if self.elsewhere:
            extra.append(f"{self.elsewhere} on articles not in this corpus")
        searches = self.searches_added + self.searches_unchanged
        if searches:
            extra.append(f"{searches} saved search{'es' if searches != 1 else ''} "
                         f"({self.searches_added} added, {self.searches_unchanged} already here)")
        extra.append(f"{len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}")
        return f"{line}; {'; '.join(extra)}"


def _reanchor(
    a: Annotation, by_id: Mapping[str, Document], by_source: Mapping[str, list[Document]]
) -> tuple[Annotation, str]:
    """``a`` placed in the current corpus, as :meth:`Store.reanchor` would; and what happened.

    Returns ``"placed"``, ``"moved"``, ``"orphan"`` or ``"elsewhere"`` (article and source file
    both unknown here: left as exported, like ``reanchor`` leaves other corpora's highlights).
    """
    anchor = a.anchor
    if anchor is None:
        return a, "placed"
    doc = by_id.get(anchor.doc_id)
    source = anchor.source or (doc.source if doc is not None else "")
    if doc is None and source not in by_source:
        return a, "elsewhere"
    siblings = [(d.id, d.text) for d in by_source.get(source, []) if d.id != anchor.doc_id]
    res = resolve(anchor, doc.text if doc is not None else "", candidates=siblings)
    if res.state == "orphan":
        return replace(a, state="orphan"), "orphan"
    new_doc = by_id[res.doc_id]
    text = new_doc.text
    fresh = anchor_at(new_doc.id, text, res.start, res.end, source=new_doc.source,
                      fingerprint=text_fingerprint(text))
    state: AnchorState = "moved" if res.state == "moved" or a.state == "moved" else "anchored"
    return replace(a, anchor=fresh, doc_id=new_doc.id, state=state), (
        "moved" if res.state == "moved" else "placed"
    )


def import_jsonld(
    store: Store,
    data: Any,
    documents: Mapping[str, Document] | Iterable[Document],
    *,
    palette: Sequence[Colour] | None = None,
    corpus_root: str | Path | None = None,
) -> ImportReport:
    """Merge a Web Annotation document into ``store``, re-anchored against ``documents``.

    Merging is by uuid (:meth:`Store.import_annotation`): new uuids are added, strictly newer
    copies replace older ones, anything else is unchanged, so a second import of the same file
    changes nothing. Each highlight is placed in the current text first; one whose quote is no
    longer there is stored as an orphan (with its quote and note), never on other words. The
    whole import is one transaction; an item the store refuses is rolled back alone and reported.
    Raises only for store-level failures (e.g. a read-only store), never for bad input.

    With ``corpus_root``, the file's saved searches (``corpusReader:savedSearches``) are added to
    that corpus too, matched by uuid or name so that a second import adds nothing.
    """
    docs = list(documents.values()) if isinstance(documents, Mapping) else list(documents)
    by_id = {d.id: d for d in docs}
    by_source: dict[str, list[Document]] = {}
    for d in docs:
        by_source.setdefault(d.source, []).append(d)
    problems: list[str] = []
    parsed = from_jsonld(data, problems, palette=palette if palette is not None else store.palette())
    added = updated = unchanged = orphaned = moved = elsewhere = 0
    with store.write() as conn:
        for a in parsed:
            existing = store.get(a.uuid, include_deleted=True)
            if existing is not None and not a.modified:
                unchanged += 1  # an undated copy can never be shown to be newer
                continue
            placed, outcome = _reanchor(a, by_id, by_source)
            conn.execute("SAVEPOINT import_item")
            try:
                changed = store.import_annotation(placed)
            except (ValueError, OverflowError, sqlite3.IntegrityError) as exc:  # this item only
                conn.execute("ROLLBACK TO import_item")
                conn.execute("RELEASE import_item")
                problems.append(f"annotation {a.uuid}: {exc}")
                continue
            conn.execute("RELEASE import_item")
            if not changed:
                unchanged += 1
                continue
            if existing is None:
                added += 1
            else:
                updated += 1
            if outcome == "orphan":
                orphaned += 1
            elif outcome == "moved":
                moved += 1
            elif outcome == "elsewhere":
                elsewhere += 1
    searches = ImportCounts()
    if corpus_root is not None and isinstance(data, dict):
        searches = import_saved(store, corpus_root, data.get(SAVED_SEARCHES_KEY))
        problems.extend(searches.problems)
    return ImportReport(added, updated, unchanged, orphaned, tuple(problems), moved, elsewhere,
                        searches.added, searches.unchanged)
