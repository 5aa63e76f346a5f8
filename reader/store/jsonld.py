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

Import reads more than our own export (:func:`import_notes`, :func:`plan_import`): any W3C Web
Annotation (:mod:`reader.store.webannotation`) and Hypothesis's JSON (:mod:`reader.store.hypothesis`),
each item turned into one neutral :class:`~reader.store.incoming.Incoming` and placed by
:class:`~reader.store.import_targets.Targets` (our IRI, an article id, a source file, a web
address, else a search for its quote). It is tolerant and honest: malformed items are reported,
never raised; every number, date and string is bounded (offsets below
:data:`~reader.store.model.MAX_OFFSET`, times between :data:`MIN_TIME` and :data:`MAX_TIME`,
texts below :data:`MAX_TEXT_CHARS`), so one hostile item is skipped with its reason and cannot
abort the import or poison later ones; the file itself is checked before it is parsed (size,
nesting, number of values), so a 100 MB or deeply nested file is one sentence, not a crash.
Annotations merge by uuid, so importing a file twice adds nothing; a plan (the dry run) says
where each note would go before anything is written; an imported highlight spans its exact
quote, or it is an orphan that says why, never on wrong text. :func:`import_jsonld` and
:func:`from_jsonld` read our own export only, as they always did.
"""

from __future__ import annotations

import json
import re
import sqlite3
import uuid as uuidlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote as url_quote

from reader import __version__
from reader.ingest.model import Document
from reader.store import hypothesis, webannotation
from reader.store.annotations import Store, _ts_key, note_voice
from reader.store.db import utc_now
from reader.store.exports import colour_label, plan_export
from reader.store.import_targets import Outcome, Targets, annotation_of
from reader.store.incoming import (
    MAX_SHORT_CHARS,
    MAX_TAGS,
    MAX_TEXT_CHARS,
    MAX_TIME,
    MIN_TIME,
    Bad,
    Incoming,
    types_of,
)
from reader.store.model import DEFAULT_PALETTE, Anchor, Annotation, Colour
from reader.store.saved_searches import ImportCounts
from reader.store.saved_searches import import_items as import_saved
from reader.store.webannotation import DOC_IRI_PREFIX, OFFSET_UNIT

__all__ = [
    "ANNO_CONTEXT",
    "CONTEXT",
    "DOC_IRI_PREFIX",
    "MAX_FILE_BYTES",
    "MAX_SHORT_CHARS",
    "MAX_TAGS",
    "MAX_TEXT_CHARS",
    "MAX_TIME",
    "MIN_TIME",
    "SAVED_SEARCHES_KEY",
    "TERMS",
    "ImportPlan",
    "ImportReport",
    "JsonLdError",
    "PlannedNote",
    "annotation_to_jsonld",
    "apply_import",
    "doc_iri",
    "from_jsonld",
    "import_jsonld",
    "import_notes",
    "is_annotation_document",
    "loads",
    "plan_import",
    "read_notes_bytes",
    "read_notes_document",
    "read_notes_path",
    "to_jsonld",
]

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
TERMS = "urn:corpus-reader:terms:"
CONTEXT: list[Any] = [ANNO_CONTEXT, {"corpusReader": TERMS}]
SAVED_SEARCHES_KEY = "corpusReader:savedSearches"
# A notes file is checked before it is parsed: json.loads of a hostile file could take gigabytes
# (a value costs ~10x its bytes in Python) or recurse in C on a worker thread's small stack.
MAX_FILE_BYTES = 64 * 1024 * 1024  # ~40,000 highlights with notes in our own export
MAX_DEPTH = 64  # our export nests 7 deep, Hypothesis's rows 6
MAX_JSON_VALUES = 2_000_000
MAX_ITEMS = 100_000  # annotations read from one file


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
    # What the Web Annotation model has no word for travels in our own terms, so that our export
    # round-trips whole: the fuzzy score, the highlight carried from, an import's kept fields.
    if a.anchor_score is not None:
        item["corpusReader:anchorScore"] = a.anchor_score
    if a.carried_from:
        item["corpusReader:carriedFrom"] = a.carried_from
    if a.extra:
        item["corpusReader:extra"] = a.extra
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
# Reading a notes file (bounded before it is parsed)


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


_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b"[]{},")
_INNERMOST = re.compile(rb"[\[{][\]}]")


def _shape_problem(raw: bytes) -> str | None:
    """Why ``raw`` is too deep or too big to parse, or None; C-speed scans, no parsing.

    Strings are cut out first (brackets inside them are text); what remains is the structure.
    Its depth is found by removing innermost pairs ``MAX_DEPTH`` times: anything still nested
    after that is deeper. Unbalanced brackets are left for the JSON parser to name.
    """
    skeleton = _JSON_STRING.sub(b"", raw).translate(None, _NOT_STRUCTURE)
    values = skeleton.count(b",") + skeleton.count(b"[") + skeleton.count(b"{")
    if values > MAX_JSON_VALUES:
        return f"it holds more than {MAX_JSON_VALUES:,} values, more than any notes file"
    brackets = skeleton.replace(b",", b"")
    for _ in range(MAX_DEPTH):
        shorter = _INNERMOST.sub(b"", brackets)
        if shorter == brackets:
            return None
        brackets = shorter
    if brackets and _INNERMOST.search(brackets):
        return f"its JSON is nested more than {MAX_DEPTH} levels deep"
    return None


def _too_big(name: str, size: int) -> ValueError:
    return ValueError(f"{name} is {size / 1e6:,.0f} MB, larger than a notes file can be "
                      f"({MAX_FILE_BYTES // 2**20} MB); it was not read.")


def read_notes_bytes(stream: IO[bytes], name: str) -> bytes:
    """At most :data:`MAX_FILE_BYTES` of ``stream`` (stdin, a pipe); ``ValueError`` past that."""
    data = stream.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise _too_big(name, len(data))
    return data


def read_notes_path(path: Path) -> Any:
    """The parsed notes file at ``path``; ``ValueError`` with one sentence when it cannot be used.

    The size is checked before a byte is read (a 100 MB file is refused at once), and reading
    stops at the limit anyway (a device or a growing file has no honest size).
    """
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _too_big(path.name, size)
        with path.open("rb") as stream:
            raw = read_notes_bytes(stream, path.name)
    except OSError as exc:
        raise ValueError(f"{path} could not be read: {exc.strerror or exc}.") from exc
    return read_notes_document(raw, path.name)


def read_notes_document(raw: bytes, name: str) -> Any:
    """The parsed JSON of a notes file called ``name`` (for messages); ``ValueError`` with one
    sentence when it is too big, too deep, not JSON, or neither Web Annotation nor Hypothesis
    JSON. The app and the command line both use it."""
    if len(raw) > MAX_FILE_BYTES:
        raise _too_big(name, len(raw))
    problem = _shape_problem(raw)
    if problem is not None:
        raise ValueError(f"{name} is not a notes file: {problem}.")
    try:
        data = loads(raw)
    except JsonLdError as exc:
        raise ValueError(f"{name} is not a notes file: {exc}.") from exc
    if not is_annotation_document(data):
        raise ValueError(f"{name} is not a notes file (W3C Web Annotation JSON-LD).")
    return data


# --------------------------------------------------------------------------------------------
# Parsing (tolerant)


def _collect(data: Any, problems: list[str]) -> tuple[list[Any], bool, bool]:
    """The annotation items of a document (ours, any Web Annotation, Hypothesis), whether it is one,
    and whether it is a Hypothesis file (its items are read as rows even when damaged)."""
    if isinstance(data, (str, bytes)):
        try:
            data = loads(data)
        except JsonLdError as exc:
            problems.append(str(exc))
            return [], False, False
    rows = hypothesis.rows_of(data) if not (isinstance(data, dict) and types_of(data)) else None
    if rows is not None:
        items, known = rows, True
    else:
        items, known = webannotation.items_of(data, problems)
        if not known and isinstance(data, dict):
            problems.append("not a Web Annotation document (no Annotation, AnnotationPage or "
                            "AnnotationCollection found) nor a Hypothesis export (no rows)")
    if len(items) > MAX_ITEMS:
        problems.append(f"the file holds {len(items):,} annotations; only the first {MAX_ITEMS:,} were read")
        items = items[:MAX_ITEMS]
    return items, known, rows is not None


def is_annotation_document(data: Any) -> bool:
    """True when ``data`` is (JSON text of) annotations: Web Annotation in any shape, or Hypothesis rows."""
    return _collect(data, [])[1]


def _parse(item: Any, palette: Sequence[Colour], rows: bool = False) -> Incoming:
    as_row = hypothesis.is_row(item) or (rows and not (isinstance(item, dict) and types_of(item)))
    inc = hypothesis.parse_row(item) if as_row else webannotation.parse_item(item, palette)
    if inc.origin != "Corpus Reader" and not (inc.quote or inc.note or inc.tags or inc.position_only):
        raise Bad("it has no quoted text, note or tag: nothing to import")
    return inc


def _own(inc: Incoming) -> Annotation:
    """``inc`` as our own export states it, unplaced; :class:`Bad` for anything else."""
    if not inc.doc_id:
        raise Bad("the target is not an article of Corpus Reader (no corpus-reader:doc/ source)")
    if inc.position_only:
        raise Bad("a highlight without its quoted text (TextQuoteSelector) cannot be placed safely")
    anchor = None
    if inc.quote:
        start = inc.start if inc.start is not None else 0
        end = inc.end if inc.end is not None else start + len(inc.quote)
        anchor = Anchor(inc.doc_id, start, end, inc.quote, inc.prefix, inc.suffix, inc.fingerprint,
                        inc.source_file)
    state = inc.state if anchor is not None and inc.state in ("anchored", "moved", "orphan") else "anchored"
    return annotation_of(inc, inc.doc_id, anchor, state, dict(inc.extra), inc.anchor_score)  # type: ignore[arg-type]


def _each(data: Any, problems: list[str], palette: Sequence[Colour]) -> Iterable[tuple[int, Incoming]]:
    """Every usable item of ``data``, numbered from 1 as the file has them; the rest in ``problems``."""
    try:
        items, _known, rows = _collect(data, problems)
    except Exception as exc:  # a parser of untrusted files must not crash the import
        problems.append(f"could not read the document: {exc!r}")
        return
    for n, item in enumerate(items, start=1):
        try:
            yield n, _parse(item, palette, rows)
        except Bad as exc:
            problems.append(f"item {n}: {exc}")
        except Exception as exc:  # see above: report, never raise
            problems.append(f"item {n}: unreadable ({exc!r})")


def from_jsonld(
    data: Any, problems: list[str] | None = None, *, palette: Sequence[Colour] = DEFAULT_PALETTE
) -> list[Annotation]:
    """Annotations of our own export (parsed JSON, or JSON text), unplaced; never raises.

    Accepts a collection (embedded pages), a page, a list, or one annotation. Each item that
    cannot be used, or whose target is not one of our articles, is skipped and described in
    ``problems`` (pass a list to collect them). A highlight without a colour gets the last slot.
    """
    problems = problems if problems is not None else []
    out: list[Annotation] = []
    for n, inc in _each(data, problems, palette):
        try:
            out.append(_own(inc))
        except Bad as exc:
            problems.append(f"item {n}: {exc}")
    return out


# --------------------------------------------------------------------------------------------
# The plan (what a dry run shows) and the import


@dataclass(frozen=True)
class PlannedNote:
    """One annotation as it would be stored, how it was placed, and what merging it would do."""

    annotation: Annotation
    outcome: Outcome
    merge: str = "new"  # "new", "update" (a strictly newer copy) or "unchanged"
    origin: str = ""  # "Corpus Reader", "W3C Web Annotation" or "Hypothesis"

    @property
    def reason(self) -> str:
        why = self.annotation.extra.get("orphan_reason", "")
        return why if isinstance(why, str) else ""


# What each outcome means, for the dry run and the app's preview (counted in this order).
OUTCOME_WORDS: dict[str, str] = {
    "exact": "attach exactly",
    "fuzzy": "attach fuzzily (found by searching their quote, folded)",
    "ambiguous": "ambiguous (their quote is in several places): kept as orphans",
    "orphan": "become orphans (article or quote not in this corpus)",
    "elsewhere": "belong to articles of another corpus: kept as exported",
}


@dataclass(frozen=True)
class ImportPlan:
    """What an import would do, decided without writing: the dry run and the app's preview."""

    notes: tuple[PlannedNote, ...] = ()
    problems: tuple[str, ...] = ()
    origins: tuple[str, ...] = ()
    saved_searches: int = 0

    def counts(self) -> dict[str, int]:
        """How many would attach exactly (``moved`` ones included), fuzzily, ambiguously... and merge how."""
        outcomes = Counter("exact" if n.outcome == "moved" else n.outcome for n in self.notes)
        merges = Counter(n.merge for n in self.notes)
        return {**{k: outcomes[k] for k in OUTCOME_WORDS}, "new": merges["new"], "update": merges["update"],
                "unchanged": merges["unchanged"], "problems": len(self.problems)}

    def count_lines(self) -> list[str]:
        """The counts for a reader, one per line ("2 attach exactly"...), then how they would merge."""
        c = self.counts()
        lines = [f"{c[k]} {words}" for k, words in OUTCOME_WORDS.items() if c[k] or k != "elsewhere"]
        lines.append(f"Merging with your notes: {c['new']} new, {c['update']} newer than yours, "
                     f"{c['unchanged']} already here.")
        return lines

    def summary(self) -> str:
        """One line: "12 annotations (Hypothesis): 8 attach exactly, 2 attach fuzzily, ..."."""
        c = self.counts()
        n = len(self.notes)
        kinds = f" ({', '.join(self.origins)})" if self.origins else ""
        parts = [f"{c[k]} {OUTCOME_WORDS[k].split(' (')[0].split(':')[0]}" for k in OUTCOME_WORDS if c[k]]
        merge = f"{c['new']} new, {c['update']} newer than yours, {c['unchanged']} already here"
        problems = f"{c['problems']} problem{'s' if c['problems'] != 1 else ''}"
        return (f"{n} annotation{'s' if n != 1 else ''}{kinds}: {', '.join(parts) or 'nothing to place'}; "
                f"{merge}; {problems}")

    def to_json(self) -> dict[str, Any]:
        """The plan as plain JSON (``notes import --dry-run --json``): counts, each note, the problems."""
        notes = []
        for p in self.notes:
            a = p.annotation
            notes.append({
                "uuid": a.uuid, "outcome": p.outcome, "merge": p.merge, "origin": p.origin,
                "article": a.doc_id, "quote": a.anchor.quote if a.anchor is not None else None,
                "note": a.note, "tags": a.tags, "language": a.language, "direction": a.direction,
                "anchor_score": a.anchor_score, "matched_by": a.extra.get("matched_by"),
                "orphan_reason": p.reason or None,
            })
        return {"dry_run": True, "formats": list(self.origins), "total": len(self.notes), **self.counts(),
                "saved_searches": self.saved_searches, "notes": notes, "problem_list": list(self.problems)}


def _merge(store: Store | None, a: Annotation) -> str:
    """What :meth:`Store.import_annotation` would do with ``a`` (read only)."""
    existing = store.get(a.uuid, include_deleted=True) if store is not None else None
    if existing is None:
        return "new"
    if not a.modified or _ts_key(a.modified) <= _ts_key(existing.modified):
        return "unchanged"
    return "update"


def plan_import(
    data: Any,
    documents: Mapping[str, Document] | Iterable[Document],
    *,
    palette: Sequence[Colour] = DEFAULT_PALETTE,
    corpus_root: str | Path | None = None,
    store: Store | None = None,
    own_only: bool = False,
) -> ImportPlan:
    """Where every annotation of ``data`` would go in this corpus; writes nothing, never raises for input.

    ``store`` (read only) tells which notes are new, newer copies or already here. ``own_only``
    reads our own export only (anything else is a problem), as :func:`import_jsonld` always has.
    """
    docs = list(documents.values()) if isinstance(documents, Mapping) else list(documents)
    targets = Targets(docs, corpus_root)
    problems: list[str] = []
    planned: list[PlannedNote] = []
    origins: dict[str, None] = {}
    for n, inc in _each(data, problems, palette):
        try:
            if own_only:
                _own(inc)
            placement = targets.place(inc)
        except Bad as exc:
            problems.append(f"item {n}: {exc}")
            continue
        except Exception as exc:  # never let one item abort the plan
            problems.append(f"item {n}: could not be placed ({exc!r})")
            continue
        origins[inc.origin] = None
        merge = _merge(store, placement.annotation)
        planned.append(PlannedNote(placement.annotation, placement.outcome, merge, inc.origin))
    saved = data.get(SAVED_SEARCHES_KEY) if isinstance(data, dict) else None
    searches = len(saved) if isinstance(saved, list) else 0
    return ImportPlan(tuple(planned), tuple(problems), tuple(origins), searches)


@dataclass(frozen=True)
class ImportReport:
    """What an import did. ``orphaned``, ``moved``, ``fuzzy``... count added/updated highlights.

    ``elsewhere`` counts notes on articles that are not in the corpus given (not even their
    source file): they are stored as exported and re-checked when that corpus is opened.
    ``fuzzy`` were attached by a search for their quote (or its folded spelling); ``ambiguous``
    are orphans whose quote is in several places.
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
    fuzzy: int = 0
    ambiguous: int = 0

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
        if self.fuzzy:
            extra.append(f"{self.fuzzy} placed by a search for their quote")
        if self.orphaned:
            extra.append(f"{self.orphaned} orphaned (text not found)")
        if self.ambiguous:
            extra.append(f"{self.ambiguous} orphaned as ambiguous (quote in several places)")
        if self.elsewhere:
            extra.append(f"{self.elsewhere} on articles not in this corpus")
        searches = self.searches_added + self.searches_unchanged
        if searches:
            extra.append(f"{searches} saved search{'es' if searches != 1 else ''} "
                         f"({self.searches_added} added, {self.searches_unchanged} already here)")
        extra.append(f"{len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}")
        return f"{line}; {'; '.join(extra)}"

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "problems": list(self.problems), "total": self.total}


def apply_import(store: Store, plan: ImportPlan, *, data: Any = None,
                 corpus_root: str | Path | None = None) -> ImportReport:
    """Write ``plan`` into ``store`` in one transaction (merging by uuid); an item the store
    refuses is rolled back alone and reported. With ``corpus_root``, the saved searches of ``data``
    (``corpusReader:savedSearches``) are added to that corpus too, matched by uuid or name."""
    problems = list(plan.problems)
    counts: Counter[str] = Counter()
    with store.write() as conn:
        for planned in plan.notes:
            a = planned.annotation
            existing = store.get(a.uuid, include_deleted=True)
            if existing is not None and not a.modified:
                counts["unchanged"] += 1  # an undated copy can never be shown to be newer
                continue
            conn.execute("SAVEPOINT import_item")
            try:
                changed = store.import_annotation(a)
            except (ValueError, OverflowError, sqlite3.IntegrityError) as exc:  # this item only
                conn.execute("ROLLBACK TO import_item")
                conn.execute("RELEASE import_item")
                problems.append(f"annotation {a.uuid}: {exc}")
                continue
            conn.execute("RELEASE import_item")
            if not changed:
                counts["unchanged"] += 1
                continue
            counts["added" if existing is None else "updated"] += 1
            counts[planned.outcome] += 1
    searches = ImportCounts()
    if corpus_root is not None and isinstance(data, dict):
        searches = import_saved(store, corpus_root, data.get(SAVED_SEARCHES_KEY))
        problems.extend(searches.problems)
    return ImportReport(
        added=counts["added"], updated=counts["updated"], unchanged=counts["unchanged"],
        orphaned=counts["orphan"], problems=tuple(problems), moved=counts["moved"],
        elsewhere=counts["elsewhere"], searches_added=searches.added,
        searches_unchanged=searches.unchanged, fuzzy=counts["fuzzy"], ambiguous=counts["ambiguous"],
    )


def import_notes(
    store: Store,
    data: Any,
    documents: Mapping[str, Document] | Iterable[Document],
    *,
    palette: Sequence[Colour] | None = None,
    corpus_root: str | Path | None = None,
) -> ImportReport:
    """Merge annotations from our export, any Web Annotation tool or Hypothesis into ``store``.

    Each note is placed in ``documents`` first (:func:`plan_import`), then merged by uuid
    (:meth:`Store.import_annotation`): new uuids are added, strictly newer copies replace older
    ones, anything else is unchanged, so a second import of the same file changes nothing.
    Raises only for store-level failures (e.g. a read-only store), never for bad input.
    """
    plan = plan_import(data, documents, palette=palette if palette is not None else store.palette(),
                       corpus_root=corpus_root)
    return apply_import(store, plan, data=data, corpus_root=corpus_root)


def import_jsonld(
    store: Store,
    data: Any,
    documents: Mapping[str, Document] | Iterable[Document],
    *,
    palette: Sequence[Colour] | None = None,
    corpus_root: str | Path | None = None,
) -> ImportReport:
    """Merge our own JSON-LD export into ``store``, re-anchored against ``documents``.

    Like :func:`import_notes`, but an item whose target is not one of our articles is a problem,
    as before other tools' files could be read. Each highlight is placed as the app re-anchors;
    one whose quote is gone becomes an orphan (with its quote, note and the reason), never lands
    on other words. With ``corpus_root``, the file's saved searches are added to that corpus too.
    """
    plan = plan_import(data, documents, palette=palette if palette is not None else store.palette(),
                       corpus_root=corpus_root, own_only=True)
    return apply_import(store, plan, data=data, corpus_root=corpus_root)
