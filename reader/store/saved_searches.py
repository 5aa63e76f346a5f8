"""Saved searches: a query and its options under a name, and which of its hits are new.

Why it is built this way:

* **Per corpus.** A saved search remembers article ids (the hits seen when it was last viewed),
  and ids only mean something in one corpus folder, so every saved search belongs to a corpus,
  named by its resolved path exactly as boundary fixes name theirs
  (:func:`reader.store.boundary_fixes.corpus_key`). Names are unique per corpus, compared
  folded (case, Unicode form and Arabic letter variants: ``Hezbollah`` = ``hezbollah``,
  ``أخبار`` = ``اخبار``), so the list never shows two entries a reader cannot tell apart.
* **"New since last viewed" is a set difference, not a date.** Viewing a saved search stores the
  ids of every hit it had then (``seen``); later, after a re-scan and re-index, the hits whose ids
  are not in that set are the new ones. Dates would lie: an added article may be years old, and
  a re-scan can renumber nothing or everything. The set holds at most
  :data:`~reader.search.searcher.MAX_LIMIT` ids (the most the searcher returns); a search that
  matches more than that is counted on its newest ``MAX_LIMIT`` hits (date order only moves when
  articles arrive; relevance order drifts with every re-index) and says so.
* **User data is sacred.** Rows are written in the store's durable transactions; removing a saved
  search marks it removed (``deleted_at``), it is never hard-deleted. Names and queries are the
  researcher's text: kept as typed (NFC, whitespace collapsed), shown as plain text only; names
  with control characters or hidden direction overrides are refused, because they would make one
  name look like another.

Qt-free; the CLI (:mod:`reader.store.saved_commands`) and the app's panel call these functions.
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
import uuid as uuidlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.store.annotations import Store, fold_for_search
from reader.store.boundary_fixes import corpus_key
from reader.store.db import ReadOnlyStoreError, utc_now

if TYPE_CHECKING:
    from reader.search.searcher import SearchResponse

__all__ = [
    "LANGUAGES",
    "MAX_NAME",
    "MAX_QUERY",
    "SORTS",
    "RunResult",
    "SavedSearch",
    "SavedSearchError",
    "add",
    "clean_name",
    "draft",
    "export_items",
    "find",
    "find_or_fail",
    "import_items",
    "list_saved",
    "mark_seen",
    "new_hits",
    "normalise_date",
    "remove",
    "run",
]

LANGUAGES = ("en", "ar", "mixed", "other")
LANGUAGE_WORDS = {"en": "English", "ar": "Arabic", "mixed": "mixed", "other": "other languages"}
SORTS = ("relevance", "date")
MAX_NAME = 120
MAX_QUERY = 2000
MAX_SEEN = 100_000  # every hit's id is kept (a run lists them all); the cap only guards a bad file
SAVED_TYPE = "corpusReader:SavedSearch"

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
# Embeddings, overrides and isolates: invisible, and able to make "abc" display as "cba".
_DIRECTION_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_COLUMNS = (
    "id, uuid, corpus, name, query, lang, date_from, date_to, exact, variants, sort, seen, viewed_at, "
    "created, modified, deleted_at"
)


class SavedSearchError(ValueError):
    """The saved search cannot be made, found or changed; the message is one sentence for the user."""


@dataclass(frozen=True)
class SavedSearch:
    """One saved search as stored. ``seen``: ids of the hits shown when it was last viewed."""

    id: int
    uuid: str
    corpus: str
    name: str
    query: str
    lang: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    exact: bool = False
    variants: bool = False
    sort: str = "relevance"
    seen: frozenset[str] = frozenset()
    viewed_at: str | None = None
    created: str = ""
    modified: str = ""
    deleted_at: str | None = None

    def search_options(self) -> dict[str, Any]:
        """Keyword arguments for :func:`reader.search.searcher.search` (without ``limit``)."""
        return {
            "lang": self.lang, "date_from": self.date_from, "date_to": self.date_to,
            "sort": self.sort, "exact": self.exact, "variants": self.variants,
        }

    def options_text(self) -> str:
        """The options in words, e.g. ``Arabic · 2020-01 – 2020-06 · exact · newest first``."""
        parts: list[str] = []
        if self.lang:
            parts.append(LANGUAGE_WORDS.get(self.lang, self.lang))
        if self.date_from or self.date_to:
            parts.append(f"{self.date_from or '…'} – {self.date_to or '…'}")
        if self.exact:
            parts.append("exact")
        if self.variants:
            parts.append("variants")
        if self.sort == "date":
            parts.append("newest first")
        return " · ".join(parts)

    def to_json(self) -> dict[str, Any]:
        """The CLI's JSON shape (``saved list --json``)."""
        return {
            "name": self.name, "uuid": self.uuid, "query": self.query, "lang": self.lang,
            "from": self.date_from, "to": self.date_to, "exact": self.exact, "variants": self.variants,
            "sort": self.sort, "created": self.created, "modified": self.modified,
            "last_viewed": self.viewed_at, "seen": len(self.seen),
        }


@dataclass
class RunResult:
    """A saved search run now: the response, every hit id (in order) and the new ones."""

    saved: SavedSearch
    response: SearchResponse
    ids: list[str] = field(default_factory=list)
    new_ids: list[str] = field(default_factory=list)

    @property
    def truncated(self) -> bool:
        """More hits than the searcher returns: new hits are counted among the first ones only."""
        return self.response.total > len(self.ids)


# --------------------------------------------------------------------------------------------
# Checking what the user typed


def _unicode(value: str, what: str) -> str:
    if not isinstance(value, str):
        raise SavedSearchError(f"The {what} must be text.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise SavedSearchError(f"The {what} is not valid Unicode text.") from None
    return value


def clean_name(name: str) -> str:
    """The name as stored: NFC, inner whitespace collapsed, trimmed; refused when unusable."""
    text = " ".join(unicodedata.normalize("NFC", _unicode(name, "name")).split())
    if not text:
        raise SavedSearchError("A saved search needs a name.")
    if len(text) > MAX_NAME:
        raise SavedSearchError(f"A name is at most {MAX_NAME} characters long (this one has {len(text)}).")
    if any(unicodedata.category(c) in ("Cc", "Cs") or c in _DIRECTION_CONTROLS for c in text):
        raise SavedSearchError("A name cannot contain control characters or hidden direction controls.")
    return text


def name_key(name: str) -> str:
    """What two names must differ in to be two saved searches (case, form, Arabic letter variants)."""
    return fold_for_search(name) or name.casefold()


def _clean_query(query: str) -> str:
    text = unicodedata.normalize("NFC", _unicode(query, "query")).strip()
    if "\x00" in text:
        raise SavedSearchError("A query cannot contain NUL characters.")
    if len(text) > MAX_QUERY:
        raise SavedSearchError(f"A query is at most {MAX_QUERY} characters long (this one has {len(text)}).")
    return text


def normalise_date(value: str | None, what: str = "date") -> str | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (Arabic-Indic digits read, month and day padded)."""
    if value is None or not str(value).strip():
        return None
    raw = _unicode(str(value), what).strip()
    m = _DATE_RE.match(raw.translate(_DIGITS))
    if not m:
        raise SavedSearchError(f"The {what} {raw!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD.")
    year, month, day = m.group(1), m.group(2), m.group(3)
    if month is None:
        return year
    if not 1 <= int(month) <= 12:
        raise SavedSearchError(f"The {what} {raw!r} has no month {int(month)}.")
    if day is None:
        return f"{year}-{int(month):02d}"
    try:
        date(int(year), int(month), int(day))
    except ValueError:
        raise SavedSearchError(f"The {what} {raw!r} is not a day of the calendar.") from None
    return f"{year}-{int(month):02d}-{int(day):02d}"


def _bound(value: str, *, end: bool) -> tuple[int, int, int]:
    parts = [int(p) for p in value.split("-")]
    fill = 99 if end else 0
    return (parts[0], parts[1] if len(parts) > 1 else fill, parts[2] if len(parts) > 2 else fill)


def _options(
    query: str, lang: str | None, date_from: str | None, date_to: str | None, sort: str
) -> tuple[str, str | None, str | None, str | None, str]:
    clean = _clean_query(query)
    code = (lang or "").strip().lower() or None
    if code in ("all", ""):
        code = None
    if code is not None and code not in LANGUAGES:
        raise SavedSearchError(f"Unknown language {lang!r}: use one of {', '.join(LANGUAGES)}.")
    lo = normalise_date(date_from, "'from' date")
    hi = normalise_date(date_to, "'to' date")
    if lo and hi and _bound(lo, end=False) > _bound(hi, end=True):
        raise SavedSearchError(f"The 'from' date {lo} is after the 'to' date {hi}.")
    if sort not in SORTS:
        raise SavedSearchError(f"Unknown sort {sort!r}: use relevance or date.")
    if not clean and not (code or lo or hi):
        raise SavedSearchError("A saved search needs a query (or at least a language or date filter).")
    return clean, code, lo, hi, sort


def draft(
    name: str,
    query: str,
    *,
    lang: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    exact: bool = False,
    variants: bool = False,
    sort: str = "relevance",
) -> SavedSearch:
    """An unsaved search (id 0) with the name, query and options checked and cleaned as :func:`add` would.

    For callers that want to run a search before saving it (the CLI counts its hits first).
    """
    clean = clean_name(name)
    query, lang, date_from, date_to, sort = _options(query, lang, date_from, date_to, sort)
    return SavedSearch(0, "", "", clean, query, lang, date_from, date_to, bool(exact), bool(variants), sort)


# --------------------------------------------------------------------------------------------
# Reading


def _row(row: sqlite3.Row) -> SavedSearch:
    try:
        seen = json.loads(row["seen"] or "[]")
    except ValueError:
        seen = []
    return SavedSearch(
        id=row["id"], uuid=row["uuid"], corpus=row["corpus"], name=row["name"], query=row["query"],
        lang=row["lang"], date_from=row["date_from"], date_to=row["date_to"], exact=bool(row["exact"]),
        variants=bool(row["variants"]), sort=row["sort"],
        seen=frozenset(s for s in seen if isinstance(s, str)), viewed_at=row["viewed_at"],
        created=row["created"], modified=row["modified"], deleted_at=row["deleted_at"],
    )


def list_saved(store: Store, root: str | Path) -> list[SavedSearch]:
    """The corpus's saved searches, by name (case-insensitive); removed ones are not listed."""
    with store.db.read() as conn:
        rows = conn.execute(
            f"SELECT {_COLUMNS} FROM saved_searches WHERE corpus = ? AND deleted_at IS NULL",
            (corpus_key(root),),
        ).fetchall()
    return sorted((_row(r) for r in rows), key=lambda s: (s.name.casefold(), s.id))


def get(store: Store, saved_id: int) -> SavedSearch | None:
    with store.db.read() as conn:
        row = conn.execute(f"SELECT {_COLUMNS} FROM saved_searches WHERE id = ?", (saved_id,)).fetchone()
    return None if row is None else _row(row)


def _bare_uuid(ref: str) -> str | None:
    bare = ref[9:] if ref.lower().startswith("urn:uuid:") else ref
    try:
        return str(uuidlib.UUID(bare))
    except ValueError:
        return None


def find(store: Store, root: str | Path, ref: str) -> SavedSearch | None:
    """The live saved search of this corpus named ``ref`` (folded, as names compare) or with that uuid."""
    key = corpus_key(root)
    if not isinstance(ref, str) or not _unicode_ok(ref):
        return None  # e.g. undecodable bytes on a command line: no stored name can equal it
    wanted = _bare_uuid(ref.strip())
    folded = name_key(" ".join(unicodedata.normalize("NFC", ref).split())) if ref.strip() else ""
    with store.db.read() as conn:
        row = None
        if wanted is not None:
            row = conn.execute(
                f"SELECT {_COLUMNS} FROM saved_searches WHERE corpus = ? AND uuid = ? AND deleted_at IS NULL",
                (key, wanted),
            ).fetchone()
        if row is None and folded:
            row = conn.execute(
                f"SELECT {_COLUMNS} FROM saved_searches WHERE corpus = ? AND name_key = ? "
                "AND deleted_at IS NULL",
                (key, folded),
            ).fetchone()
    return None if row is None else _row(row)


def find_or_fail(store: Store, root: str | Path, ref: str) -> SavedSearch:
    """:func:`find`, raising :class:`SavedSearchError` with a sentence for the user when there is none."""
    found = find(store, root, ref)
    if found is None:
        raise _missing(root, ref)
    return found


def _missing(root: str | Path, ref: str) -> SavedSearchError:
    return SavedSearchError(
        f"There is no saved search named {ref!r} for {corpus_key(root)} "
        "(`corpus-reader saved list` shows them)."
    )


# --------------------------------------------------------------------------------------------
# Writing


def _writable(store: Store) -> None:
    if store.read_only:
        raise SavedSearchError(
            "Your notes file is open read-only (it was saved by a newer Corpus Reader), "
            "so saved searches cannot be changed."
        )


def add(
    store: Store,
    root: str | Path,
    name: str,
    query: str,
    *,
    lang: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    exact: bool = False,
    variants: bool = False,
    sort: str = "relevance",
    seen: Iterable[str] | None = None,
    replace_existing: bool = False,
) -> SavedSearch:
    """Save ``query`` with its options as ``name`` in this corpus.

    ``seen`` (the hits the user is looking at while saving) marks them viewed, so only later
    arrivals count as new. A name already taken raises :class:`SavedSearchError`, unless
    ``replace_existing``: then that search takes the new query and options (its uuid stays, and
    its seen hits too unless ``seen`` is given).
    """
    _writable(store)
    clean = clean_name(name)
    query, lang, date_from, date_to, sort = _options(query, lang, date_from, date_to, sort)
    key, folded, now = corpus_key(root), name_key(clean), utc_now()
    seen_json = None if seen is None else json.dumps(sorted(set(seen))[:MAX_SEEN], ensure_ascii=False)
    with store.write() as conn:
        existing = conn.execute(
            "SELECT id, name FROM saved_searches WHERE corpus = ? AND name_key = ? AND deleted_at IS NULL",
            (key, folded),
        ).fetchone()
        if existing is not None:
            if not replace_existing:
                raise SavedSearchError(
                    f"A saved search named {existing['name']!r} already exists; choose another name."
                )
            conn.execute(
                "UPDATE saved_searches SET name = ?, query = ?, lang = ?, date_from = ?, date_to = ?, "
                "exact = ?, variants = ?, sort = ?, modified = ?, seen = COALESCE(?, seen), "
                "viewed_at = CASE WHEN ? IS NULL THEN viewed_at ELSE ? END WHERE id = ?",
                (clean, query, lang, date_from, date_to, int(exact), int(variants), sort, now,
                 seen_json, seen_json, now, existing["id"]),
            )
            saved_id = int(existing["id"])
        else:
            cur = conn.execute(
                "INSERT INTO saved_searches (uuid, corpus, name, name_key, query, lang, date_from, date_to, "
                "exact, variants, sort, seen, viewed_at, created, modified) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (str(uuidlib.uuid4()), key, clean, folded, query, lang, date_from, date_to, int(exact),
                 int(variants), sort, seen_json or "[]", now if seen_json is not None else None, now, now),
            )
            saved_id = int(cur.lastrowid or 0)
    found = get(store, saved_id)
    assert found is not None
    return found


def remove(store: Store, root: str | Path, ref: str) -> SavedSearch:
    """Remove the saved search ``ref`` (name or uuid): it is marked removed, its row is kept."""
    _writable(store)
    found = find(store, root, ref)
    if found is None:
        raise _missing(root, ref)
    now = utc_now()
    with store.write() as conn:
        conn.execute("UPDATE saved_searches SET deleted_at = ?, modified = ? WHERE id = ?",
                     (now, now, found.id))
    return replace(found, deleted_at=now, modified=now)


def mark_seen(store: Store, saved: SavedSearch, ids: Iterable[str]) -> SavedSearch:
    """Viewing: ``ids`` (every hit it has now) become the seen set; later hits outside it are new.

    A read-only store leaves the saved search as it was (the hits still show; nothing is written).
    """
    if store.read_only:
        return saved
    seen = frozenset(ids)
    now = utc_now()
    with store.write() as conn:
        conn.execute(
            "UPDATE saved_searches SET seen = ?, viewed_at = ? WHERE id = ?",
            (json.dumps(sorted(seen)[:MAX_SEEN], ensure_ascii=False), now, saved.id),
        )
    return replace(saved, seen=seen, viewed_at=now)


# --------------------------------------------------------------------------------------------
# Running


def new_hits(saved: SavedSearch, ids: Sequence[str]) -> list[str]:
    """The hits (in their order) not seen when ``saved`` was last viewed."""
    return [i for i in ids if i not in saved.seen]


def run(
    handle: Any,
    saved: SavedSearch,
    *,
    store: Store | None = None,
    show: int | None = None,
    kwic: bool = False,
) -> RunResult:
    """Run ``saved`` on an open index; never raises on its text.

    ``ids`` holds every hit in the saved order; ``response.hits`` the first ``show`` of them
    (default: as many as the searcher returns; 0 when only counts are wanted, which builds none).
    With ``store`` the run counts as viewing: the hits become the seen set (:func:`mark_seen`),
    and the result's ``new_ids`` are those that were new before this view.
    """
    from reader.search.searcher import MAX_LIMIT, search

    options = saved.search_options()
    listed = search(handle, saved.query, ids_only=True, **options)  # every id; no hit is built
    ids = listed.ids or []
    if show == 0:
        response = listed  # only counting: no scores, snippets or highlights
    else:
        response = search(handle, saved.query, limit=MAX_LIMIT if show is None else show, kwic=kwic,
                          **options)
    result = RunResult(saved, response, ids, new_hits(saved, ids))
    if store is not None:
        result.saved = mark_seen(store, saved, ids)
    return result


# --------------------------------------------------------------------------------------------
# Export and import (inside the notes' JSON-LD file)


def export_items(store: Store, root: str | Path) -> list[dict[str, Any]]:
    """The corpus's saved searches as JSON-LD objects (``corpusReader:savedSearches`` in the export)."""
    out = []
    for s in list_saved(store, root):
        item: dict[str, Any] = {
            "id": f"urn:uuid:{s.uuid}", "type": SAVED_TYPE, "name": s.name, "query": s.query,
            "sort": s.sort, "exact": s.exact, "variants": s.variants, "created": s.created,
            "modified": s.modified,
        }
        if s.lang:
            item["language"] = s.lang
        if s.date_from:
            item["dateFrom"] = s.date_from
        if s.date_to:
            item["dateTo"] = s.date_to
        if s.viewed_at:
            item["lastViewed"] = s.viewed_at
            item["seen"] = sorted(s.seen)
        out.append(item)
    return out


@dataclass(frozen=True)
class ImportCounts:
    added: int = 0
    unchanged: int = 0
    problems: tuple[str, ...] = ()


def _timestamp(value: Any) -> str | None:
    """An ISO 8601 time from an imported file, or None when missing or unreadable."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        value.encode("utf-8")
        datetime.fromisoformat(value.strip())
    except (ValueError, UnicodeEncodeError):
        return None
    return value.strip()


def _unicode_ok(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _flag(value: Any) -> bool:
    return value is True


def import_items(store: Store, root: str | Path, items: Any) -> ImportCounts:
    """Add the saved searches of an export to this corpus; one already here (same uuid or name) is left alone.

    Tolerant like the notes import: an unusable item is reported in ``problems``, never raised.
    A search removed here but imported again comes back. Raises only for a read-only store.
    """
    if not isinstance(items, list):
        problem = ("the saved searches are not a list; skipped",) if items is not None else ()
        return ImportCounts(problems=problem)
    if items and store.read_only:
        raise ReadOnlyStoreError(
            "The annotations are open read-only (they were saved by a newer Corpus Reader)."
        )
    key = corpus_key(root)
    added = unchanged = 0
    problems: list[str] = []
    with store.write() as conn:
        for n, item in enumerate(items, start=1):
            try:
                if not isinstance(item, Mapping):
                    raise SavedSearchError("not an object")
                name = clean_name(item.get("name", ""))
                given_id = item.get("id")
                uuid = (_bare_uuid(given_id.strip()) if isinstance(given_id, str) else None) or str(
                    uuidlib.uuid5(uuidlib.NAMESPACE_URL, f"urn:corpus-reader:saved:{name}")
                )
                query, lang, lo, hi, sort = _options(
                    item.get("query", "") or "", item.get("language"), item.get("dateFrom"),
                    item.get("dateTo"), item.get("sort") or "relevance",
                )
                seen_raw = item.get("seen", [])
                listed = seen_raw if isinstance(seen_raw, list) else []
                seen = sorted({s for s in listed if isinstance(s, str) and _unicode_ok(s)})
                viewed = _timestamp(item.get("lastViewed"))
                created = _timestamp(item.get("created"))
            except SavedSearchError as exc:
                problems.append(f"saved search {n}: {' '.join(str(exc).split())}")
                continue
            folded = name_key(name)
            live = conn.execute(
                "SELECT id FROM saved_searches WHERE corpus = ? AND deleted_at IS NULL "
                "AND (uuid = ? OR name_key = ?)",
                (key, uuid, folded),
            ).fetchone()
            if live is not None:
                unchanged += 1
                continue
            now = utc_now()
            created = created or now
            values = (name, folded, query, lang, lo, hi, int(_flag(item.get("exact"))),
                      int(_flag(item.get("variants"))), sort, json.dumps(seen[:MAX_SEEN], ensure_ascii=False),
                      viewed if seen else None)
            removed = conn.execute(
                "SELECT id FROM saved_searches WHERE corpus = ? AND uuid = ?", (key, uuid)
            ).fetchone()
            if removed is not None:
                conn.execute(
                    "UPDATE saved_searches SET name = ?, name_key = ?, query = ?, lang = ?, date_from = ?, "
                    "date_to = ?, exact = ?, variants = ?, sort = ?, seen = ?, viewed_at = ?, "
                    "deleted_at = NULL, modified = ? WHERE id = ?",
                    (*values, now, removed["id"]),
                )
            else:
                conn.execute(
                    "INSERT INTO saved_searches (name, name_key, query, lang, date_from, date_to, exact, "
                    "variants, sort, seen, viewed_at, uuid, corpus, created, modified) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (*values, uuid, key, created, now),
                )
            added += 1
    return ImportCounts(added, unchanged, tuple(problems))
