"""The user's annotations: highlights, article notes, tags, colour labels, corrections and pairs.

Why a class over one SQLite connection (see :mod:`reader.store.db`): every method is a complete,
durable transaction, so the UI can call them straight from a key press and the work is on disk
when the call returns. Nothing is ever hard-deleted: :meth:`Store.delete` sets ``deleted_at``
(Ctrl+Z calls :meth:`Store.undelete`), and highlights whose text can no longer be found become
orphans that keep their quote and note (:meth:`Store.orphans`).

Offsets are code points into ``Document.text``. Times are ISO 8601 UTC strings.
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
import uuid as uuidlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Literal

from reader.ingest.model import DateInfo, Document
from reader.store.anchoring import Resolution, anchor_at, make_anchor, text_fingerprint
from reader.store.db import Database, RepairedText, StoreError, utc_now
from reader.store.fuzzy_anchor import FoldCache, resolve_fuzzy
from reader.store.model import DEFAULT_PALETTE, MAX_OFFSET, Anchor, AnchorState, Annotation, Colour
from reader.text.arabic import fold_arabic
from reader.text.script import language_and_direction

__all__ = [
    "CORRECTABLE_FIELDS", "PAIR_ORIGINS", "QUOTE_BEFORE", "Pair", "ReanchorReport", "Store",
    "fold_for_search", "note_voice", "relocated",
]

CORRECTABLE_FIELDS = ("date", "title", "outlet", "language", "byline")
LANGUAGE_VALUES = ("en", "ar", "mixed", "other")
PAIR_ORIGINS = ("declared", "user", "dismissed")
CORRECTED_SOURCE = "corrected"  # DateInfo.source for a user-corrected date
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_SPACE_RE = re.compile(r"\s+")
_PALETTE_SLOTS = {c.slot: c for c in DEFAULT_PALETTE}
QUOTE_BEFORE = "quote_before"  # Annotation.extra key: the quote a fuzzy move or "Attach here" replaced

_COLUMNS = (
    'id, uuid, doc_id, source, start, "end", quote, prefix, suffix, fingerprint, colour, note, '
    "created, modified, state, deleted_at, anchor_score, language, direction, carried_from, extra"
)
# Columns read as text and as whole numbers, with the words a damage report uses for them.
_TEXT_CELLS = (
    ("uuid", "its id"), ("doc_id", "its article id"), ("source", "its source file"), ("quote", "its quote"),
    ("prefix", "the text before its quote"), ("suffix", "the text after its quote"),
    ("fingerprint", "its text fingerprint"), ("note", "its note"), ("created", "its creation time"),
    ("modified", "its modification time"), ("language", "its language"), ("direction", "its direction"),
    ("carried_from", "the highlight it was carried from"), ("extra", "its imported fields"),
)
_NUMBER_CELLS = (("start", "its start offset"), ("end", "its end offset"), ("colour", "its colour"))


@dataclass(frozen=True)
class Pair:
    """Two articles that are translations of each other (or explicitly not: ``dismissed``).

    Stored with ``doc_a < doc_b`` so (a, b) and (b, a) are one pair.
    """

    doc_a: str
    doc_b: str
    origin: Literal["declared", "user", "dismissed"]
    created: str


@dataclass(frozen=True)
class ReanchorReport:
    """What :meth:`Store.reanchor` found. ``changed`` lists uuids whose stored anchor was updated."""

    anchored: int
    moved: int  # fuzzy ones included
    orphaned: int
    skipped: int = 0  # highlights of source files not among the documents given: left untouched
    changed: tuple[str, ...] = ()
    fuzzy: int = 0  # moved onto text that differs from their quote (see reader.store.fuzzy_anchor)


def fold_for_search(text: str) -> str:
    """Arabic folding + NFKC + casefold + single spaces: what note search compares."""
    folded = fold_arabic(unicodedata.normalize("NFKC", text)).casefold()
    return _SPACE_RE.sub(" ", folded).strip()


def _cell_text(value: object, what: str = "", problems: list[str] | None = None) -> str:
    """A stored text cell as ``str``, whatever the file holds; what was wrong goes to ``problems``.

    Invalid UTF-8 arrives as :class:`RepairedText` (see ``reader.store.db.lenient_text``), a BLOB as
    bytes, a number as a number: each is shown as well as it can be, and named, never raised.
    """
    if value is None or type(value) is str:
        return value  # type: ignore[return-value]
    if isinstance(value, RepairedText):
        wrong = "is not valid UTF-8 text"
    elif isinstance(value, bytes):
        wrong, value = "holds binary data, not text", value.decode("utf-8", errors="replace")
    else:
        wrong = "is not text"
    if problems is not None:
        problems.append(f"{what} {wrong}")
    return str(value)


def _cell_number(value: object, what: str, problems: list[str]) -> int | None:
    if value is None or (isinstance(value, int) and 0 <= value <= MAX_OFFSET):
        return value  # type: ignore[return-value]
    problems.append(f"{what} is not a valid whole number")
    return None


def _cell_score(value: object, problems: list[str]) -> float | None:
    """A fuzzy anchor's confidence, or None; anything but a number in 0..1 is reported, not trusted."""
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 1:
        return float(value)
    problems.append("its anchoring confidence is not a number between 0 and 1")
    return None


def _cell_json(value: str | None, problems: list[str]) -> dict[str, object]:
    """The ``extra`` cell as a dict; a damaged cell is reported and read as empty."""
    if not value:
        return {}
    try:
        loaded = json.loads(value)
    except ValueError:
        loaded = None
    if not isinstance(loaded, dict):
        problems.append("its imported fields are not a JSON object")
        return {}
    return loaded


def _extra_cell(extra: Mapping[str, object]) -> str:
    return json.dumps(extra, ensure_ascii=False, sort_keys=True)


def _extension_cells(a: Annotation) -> tuple[object, ...]:
    """The v4 columns of ``a``, in the order the INSERT and UPDATE statements name them."""
    return (a.anchor_score, a.language, a.direction, a.carried_from, _extra_cell(a.extra))


def note_voice(text: str) -> dict[str, str]:
    """The note's language and direction from the script of most of its letters ("" for no note).

    Stored with the note so that every export can say ``dir``/``textDirection`` without guessing
    again, and so that an import from a tool that states them keeps what it stated.
    """
    if not text.strip():
        return {"language": "", "direction": ""}
    language, direction = language_and_direction(text)
    return {"language": "" if language == "other" else language, "direction": direction}


ORPHAN_ONLY = ("orphan_reason", "candidates")  # what an import says of a note it could not place


def _with_quote_before(a: Annotation, new_quote: str) -> dict[str, object]:
    """``a.extra`` keeping the quote being replaced by different text. Only the first one is kept:
    after several moves, the words the reader highlighted are what "Was:" should show."""
    assert a.anchor is not None
    kept = {k: v for k, v in a.extra.items() if k not in ORPHAN_ONLY}  # placed now: no longer an orphan
    if new_quote == a.anchor.quote or isinstance(a.extra.get(QUOTE_BEFORE), str):
        return kept
    return {**kept, QUOTE_BEFORE: a.anchor.quote}


def relocated(
    a: Annotation, res: Resolution, doc: Document, *, text: str | None = None, fingerprint: str | None = None
) -> Annotation:
    """``a`` placed where ``res`` (found, on ``doc``, whose ``text`` a caller may pass) says.

    The anchor is rebuilt on the current text, so its context describes it; ``moved`` stays until
    the highlight is replaced. A fuzzy placement replaces the quote with the text found (a placed
    highlight always reads its quote), keeps the old one in ``extra`` and records its confidence.
    """
    body = doc.text if text is None else text
    fresh = anchor_at(doc.id, body, res.start, res.end, source=doc.source, fingerprint=fingerprint)
    state: AnchorState = "moved" if res.state == "moved" or a.state == "moved" else "anchored"
    if not res.fuzzy:
        extra = {k: v for k, v in a.extra.items() if k not in ORPHAN_ONLY}
        return replace(a, anchor=fresh, doc_id=doc.id, state=state, extra=extra)
    return replace(a, anchor=fresh, doc_id=doc.id, state="moved", anchor_score=res.score,
                   extra=_with_quote_before(a, fresh.quote))


def _normalise_tags(tags: Iterable[str]) -> list[str]:
    """Trimmed, inner whitespace collapsed, empty dropped, duplicates (case-insensitive) removed."""
    out: dict[str, str] = {}
    if isinstance(tags, str):
        tags = [tags]
    for tag in tags:
        clean = _SPACE_RE.sub(" ", str(tag)).strip()
        if clean and clean.casefold() not in out:
            out[clean.casefold()] = clean
    return sorted(out.values(), key=str.casefold)


def _check_slot(slot: int) -> int:
    if slot not in _PALETTE_SLOTS:
        raise ValueError(f"colour slot must be 1-{len(DEFAULT_PALETTE)}, not {slot!r}")
    return int(slot)


def _ts_key(value: str) -> datetime:
    """Comparable time for a stored or imported ISO string (``Z`` or ``+00:00``; naive = UTC)."""
    try:
        parsed = datetime.fromisoformat(value.strip())
        return parsed if parsed.tzinfo is None else parsed.astimezone(UTC).replace(tzinfo=None)
    except (ValueError, AttributeError, TypeError, OverflowError):  # year 1 at +05:00 overflows
        return datetime.min


def _date_bound(value: str | None, *, end: bool) -> int | None:
    """``YYYY[-MM[-DD]]`` as an inclusive day number; unknown parts 00 (start) or 99 (end).

    Same rule as ``reader.search.schema.parse_date_bound``, so note and article filters agree.
    """
    if not value:
        return None
    m = _DATE_RE.match(value.strip())
    if not m:
        raise ValueError(f"dates are written YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
    fill = 99 if end else 0
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else fill
    day = int(m.group(3)) if m.group(3) else fill
    return year * 10_000 + month * 100 + day


def _validate_date(value: str) -> str:
    m = _DATE_RE.match(value)
    if not m:
        raise ValueError(f"a corrected date is YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
    if m.group(3):
        date.fromisoformat(value)  # raises ValueError for 2021-02-30
    elif m.group(2) and not 1 <= int(m.group(2)) <= 12:
        raise ValueError(f"no month {m.group(2)} in {value!r}")
    return value


class Store:
    """The annotation store. Get one from :func:`reader.store.db.open_store`; close it on quit.

    Safe to share between threads (see :mod:`reader.store.db`). Write methods raise
    :class:`reader.store.db.ReadOnlyStoreError` when the file was written by a newer version.
    """

    def __init__(self, db: Database) -> None:
        self.db = db
        # row id -> (modified, folded note + quote): search-as-you-type folds each note once.
        self._folded: dict[int, tuple[str, str]] = {}

    # ----------------------------------------------------------------------------------------
    # Plumbing

    @property
    def path(self) -> Path:
        return self.db.path

    @property
    def backup_dir(self) -> Path:
        return self.db.backup_dir

    @property
    def recovery_message(self) -> str | None:
        """A sentence for the user when opening had to recover or restrict the file; else None."""
        return self.db.recovery_message

    @property
    def read_only(self) -> bool:
        return self.db.read_only

    @property
    def changes(self) -> int:
        """Committed changing transactions in this session (see also :meth:`change_seq`)."""
        return self.db.changes

    def change_seq(self) -> int:
        """Persistent count of changing transactions, shared by every process using the file."""
        try:
            return self.db.change_seq()
        except (StoreError, sqlite3.OperationalError, ValueError):  # a newer schema without our meta table
            return 0

    def write(self) -> AbstractContextManager[sqlite3.Connection]:
        """``with store.write() as conn:`` one ``BEGIN IMMEDIATE`` transaction (see ``Database.write``)."""
        return self.db.write()

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----------------------------------------------------------------------------------------
    # Rows <-> objects

    @staticmethod
    def _annotation(row: sqlite3.Row, tags: Sequence[object]) -> Annotation:
        """The row as an :class:`Annotation`; a cell that is not what it should be is repaired for
        display and named in ``damage`` (one bad cell must not hide every note)."""
        problems: list[str] = []
        text = {name: _cell_text(row[name], what, problems) for name, what in _TEXT_CELLS}
        start, end, colour = (_cell_number(row[name], what, problems) for name, what in _NUMBER_CELLS)
        clean_tags = sorted((_cell_text(t, "a tag", problems) for t in tags), key=str.casefold)
        anchor = None
        if text["quote"] is not None:
            if start is None or end is None:
                start, end = 0, len(text["quote"])  # unknown position: shown, never re-anchored
            anchor = Anchor(
                doc_id=text["doc_id"],
                start=start,
                end=end,
                quote=text["quote"],
                prefix=text["prefix"] or "",
                suffix=text["suffix"] or "",
                fingerprint=text["fingerprint"] or "",
                source=text["source"] or "",
            )
        return Annotation(
            uuid=text["uuid"],
            doc_id=text["doc_id"],
            anchor=anchor,
            colour=colour,
            note=text["note"] or "",
            tags=clean_tags,
            created=text["created"] or "",
            modified=text["modified"] or "",
            state=row["state"],
            id=row["id"],
            anchor_score=_cell_score(row["anchor_score"], problems),
            language=text["language"] or "",
            direction=text["direction"] or "",
            carried_from=text["carried_from"] or "",
            extra=_cell_json(text["extra"], problems),
            damage="; ".join(dict.fromkeys(problems)),
        )

    def _select(self, where: str = "1", params: Sequence[object] = (), order: str = "id") -> list[Annotation]:
        with self.db.read() as conn:
            rows = conn.execute(f"SELECT {_COLUMNS} FROM annotations WHERE {where} ORDER BY {order}",
                                params).fetchall()
            tags: dict[int, list[object]] = {}
            if rows:
                tag_rows = conn.execute(
                    f"SELECT annotation_id, tag FROM tags WHERE annotation_id IN "
                    f"(SELECT id FROM annotations WHERE {where})",
                    params,
                ).fetchall()
                for r in tag_rows:
                    tags.setdefault(r[0], []).append(r[1])
        return [self._annotation(r, tags.get(r["id"], [])) for r in rows]

    def _live(self, uuid: str) -> sqlite3.Row:
        """The live row for ``uuid`` (inside a transaction), or KeyError."""
        row = self.db.connection.execute(
            f"SELECT {_COLUMNS} FROM annotations WHERE uuid = ?", (uuid,)
        ).fetchone()
        if row is None:
            raise KeyError(f"no annotation {uuid}")
        if row["deleted_at"] is not None:
            raise KeyError(f"annotation {uuid} is deleted")
        return row

    def _replace_tags(self, conn: sqlite3.Connection, row_id: int, tags: Iterable[str]) -> None:
        conn.execute("DELETE FROM tags WHERE annotation_id = ?", (row_id,))
        conn.executemany(
            "INSERT INTO tags (annotation_id, tag) VALUES (?, ?)",
            [(row_id, t) for t in _normalise_tags(tags)],
        )

    def _insert(self, conn: sqlite3.Connection, a: Annotation, deleted_at: str | None = None) -> int:
        anc = a.anchor
        cur = conn.execute(
            "INSERT INTO annotations (uuid, doc_id, source, start, \"end\", quote, prefix, suffix, "
            "fingerprint, colour, note, created, modified, state, deleted_at, "
            "anchor_score, language, direction, carried_from, extra) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                a.uuid, a.doc_id, anc.source if anc else "",
                anc.start if anc else None, anc.end if anc else None,
                anc.quote if anc else None, anc.prefix if anc else None, anc.suffix if anc else None,
                anc.fingerprint if anc else None,
                a.colour, a.note, a.created, a.modified, a.state, deleted_at,
                *_extension_cells(a),
            ),
        )
        row_id = int(cur.lastrowid or 0)
        self._replace_tags(conn, row_id, a.tags)
        return row_id

    # ----------------------------------------------------------------------------------------
    # Creating and editing

    def add_highlight(
        self, doc: Document, start: int, end: int, colour: int, note: str = "", tags: Iterable[str] = ()
    ) -> Annotation:
        """Highlight ``doc.text[start:end]`` (code points) in palette slot ``colour``."""
        anchor = make_anchor(doc, start, end)
        now = utc_now()
        a = Annotation(
            uuid=str(uuidlib.uuid4()), doc_id=doc.id, anchor=anchor, colour=_check_slot(colour),
            note=note, tags=_normalise_tags(tags), created=now, modified=now, state="anchored",
            **note_voice(note),
        )
        with self.db.write() as conn:
            a.id = self._insert(conn, a)
        return a

    def add_note(self, doc_id: str, text: str, tags: Iterable[str] = ()) -> Annotation:
        """A note on a whole article (no anchor, no colour)."""
        now = utc_now()
        a = Annotation(
            uuid=str(uuidlib.uuid4()), doc_id=doc_id, anchor=None, colour=None, note=text,
            tags=_normalise_tags(tags), created=now, modified=now, state="anchored", **note_voice(text),
        )
        with self.db.write() as conn:
            a.id = self._insert(conn, a)
        return a

    def _reread(self, uuid: str) -> Annotation:
        """The row just written, read in the same transaction (no other thread can get between)."""
        found = self._select("uuid = ?", (uuid,))
        if not found:
            raise KeyError(f"no annotation {uuid}")
        return found[0]

    def _touch(self, uuid: str, sets: str, params: Sequence[object]) -> Annotation:
        with self.db.write() as conn:
            self._live(uuid)
            conn.execute(f"UPDATE annotations SET {sets}, modified = ? WHERE uuid = ?",
                         (*params, utc_now(), uuid))
            return self._reread(uuid)

    def update_note(self, uuid: str, text: str) -> Annotation:
        voice = note_voice(text)
        return self._touch(uuid, "note = ?, language = ?, direction = ?",
                           (text, voice["language"], voice["direction"]))

    def set_colour(self, uuid: str, slot: int) -> Annotation:
        _check_slot(slot)
        with self.db.write():
            if self._live(uuid)["quote"] is None:
                raise ValueError("an article note has no colour; only highlights do")
            return self._touch(uuid, "colour = ?", (slot,))

    def set_tags(self, uuid: str, tags: Iterable[str]) -> Annotation:
        with self.db.write() as conn:
            row = self._live(uuid)
            self._replace_tags(conn, row["id"], tags)
            conn.execute("UPDATE annotations SET modified = ? WHERE id = ?", (utc_now(), row["id"]))
            return self._reread(uuid)

    def attach(self, uuid: str, doc: Document, start: int, end: int) -> Annotation:
        """Re-attach a highlight (an orphan, in practice) to ``doc.text[start:end]``, as the reader chose.

        A fresh anchor on the current text, ``anchored`` with no fuzzy confidence: the reader's
        choice is exact by definition. The quote it replaces is kept in ``extra`` (``quote_before``).
        """
        fresh = make_anchor(doc, start, end)  # ValueError for an empty or out-of-text span
        with self.db.write() as conn:
            a = self._annotation(self._live(uuid), ())
            if a.anchor is None:
                raise ValueError("a note on a whole article is not attached to text; only highlights are")
            conn.execute(
                'UPDATE annotations SET doc_id = ?, source = ?, start = ?, "end" = ?, quote = ?, prefix = ?, '
                "suffix = ?, fingerprint = ?, state = 'anchored', anchor_score = NULL, extra = ?, "
                "modified = ? WHERE uuid = ?",
                (fresh.doc_id, fresh.source, fresh.start, fresh.end, fresh.quote, fresh.prefix, fresh.suffix,
                 fresh.fingerprint, _extra_cell(_with_quote_before(a, fresh.quote)), utc_now(), uuid),
            )
            return self._reread(uuid)

    def delete(self, uuid: str) -> None:
        """Soft delete: hidden everywhere, kept in the file, restorable with :meth:`undelete`."""
        now = utc_now()
        with self.db.write() as conn:
            self._live(uuid)
            conn.execute("UPDATE annotations SET deleted_at = ?, modified = ? WHERE uuid = ?",
                         (now, now, uuid))

    def undelete(self, uuid: str) -> Annotation:
        """Bring back a deleted annotation (Ctrl+Z after a delete)."""
        with self.db.write() as conn:
            cur = conn.execute(
                "UPDATE annotations SET deleted_at = NULL, modified = ? "
                "WHERE uuid = ? AND deleted_at IS NOT NULL",
                (utc_now(), uuid),
            )
            if cur.rowcount == 0 and self.get(uuid) is None:
                raise KeyError(f"no annotation {uuid}")
            return self._reread(uuid)

    # ----------------------------------------------------------------------------------------
    # Reading

    def get(self, uuid: str, *, include_deleted: bool = False) -> Annotation | None:
        where = "uuid = ?" if include_deleted else "uuid = ? AND deleted_at IS NULL"
        found = self._select(where, (uuid,))
        return found[0] if found else None

    def is_deleted(self, uuid: str) -> bool:
        with self.db.read() as conn:
            row = conn.execute("SELECT deleted_at FROM annotations WHERE uuid = ?", (uuid,)).fetchone()
        if row is None:
            raise KeyError(f"no annotation {uuid}")
        return row[0] is not None

    def for_document(self, doc_id: str) -> list[Annotation]:
        """The article's live annotations: article notes first (oldest first), then highlights in text order.

        (Sorted here rather than by callers so the notes panel and exports list them identically.)
        """
        return self._select(
            "doc_id = ? AND deleted_at IS NULL", (doc_id,),
            order='quote IS NOT NULL, start, "end", created, id',
        )

    def linked(self, uuid: str) -> list[Annotation]:
        """The live highlights linked to ``uuid`` across translations, both ways: the one it was
        carried from, and those carried from it (``carried_from``)."""
        return self._select(
            "deleted_at IS NULL AND uuid != ? AND (carried_from = ? OR uuid = "
            "(SELECT carried_from FROM annotations WHERE uuid = ? AND carried_from != ''))",
            (uuid, uuid, uuid),
            order="created, id",
        )

    def all(self, include_deleted: bool = False) -> list[Annotation]:
        """Every annotation, oldest first."""
        return self._select("1" if include_deleted else "deleted_at IS NULL", (), "created, id")

    def deleted(self) -> list[Annotation]:
        """Soft-deleted annotations, most recently deleted first (a "trash" view)."""
        return self._select("deleted_at IS NOT NULL", (), "deleted_at DESC, id DESC")

    def orphans(self) -> list[Annotation]:
        """Live highlights whose quote could not be found in the current corpus."""
        return self._select("state = 'orphan' AND deleted_at IS NULL", (), "doc_id, start, id")

    def damaged(self) -> list[Annotation]:
        """Live annotations whose stored row could not be read as written (see ``Annotation.damage``)."""
        return [a for a in self.all() if a.damage]

    def tags(self) -> list[str]:
        """Distinct tags of live annotations, case-insensitively sorted."""
        with self.db.read() as conn:
            rows = conn.execute(
                "SELECT DISTINCT t.tag FROM tags t JOIN annotations a ON a.id = t.annotation_id "
                "WHERE a.deleted_at IS NULL"
            ).fetchall()
        return sorted({_cell_text(r[0]) for r in rows}, key=str.casefold)

    def search(
        self,
        text: str = "",
        colour: int | None = None,
        tag: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        language: str | None = None,
        sort: Literal["written", "article_date"] = "written",
        docs: Mapping[str, Document] | None = None,
    ) -> list[Annotation]:
        """Live annotations whose note or quoted text contains every word of ``text``.

        Matching folds Arabic spelling (``الرَّئِيسُ`` = ``الرئيس``), case and spacing. ``tag`` matches
        case-insensitively. Date and language filters (and ``sort="article_date"``) look at the
        annotated article, so they need ``docs`` (id -> Document; corrections are applied here);
        any date filter excludes undated articles, as article search does. ``sort="written"`` is
        newest first; ``"article_date"`` is chronological by article (undated last), then by position.
        """
        if sort not in ("written", "article_date"):
            raise ValueError(f"sort is 'written' or 'article_date', not {sort!r}")
        needs_docs = bool(date_from or date_to or language or sort == "article_date")
        if needs_docs and docs is None:
            raise ValueError("date, language and article-date sorting need the documents (docs=...)")
        lo = _date_bound(date_from, end=False)
        hi = _date_bound(date_to, end=True)
        terms = fold_for_search(text).split(" ") if text.strip() else []
        where, params = ["deleted_at IS NULL"], []
        if colour is not None:
            where.append("colour = ?")
            params.append(colour)
        candidates = self._select(" AND ".join(where), params, "created DESC, id DESC")
        wanted_tag = tag.strip().casefold() if tag else None
        fixed = self._corrections_lookup(docs) if needs_docs else None
        out: list[Annotation] = []
        for a in candidates:
            if wanted_tag is not None and wanted_tag not in {t.casefold() for t in a.tags}:
                continue
            if terms and not all(t in self._haystack(a) for t in terms):
                continue
            if fixed is not None and (lo is not None or hi is not None or language):
                doc = fixed(a.doc_id)
                if doc is None:
                    continue
                if language and doc.language != language:
                    continue
                if lo is not None or hi is not None:
                    day = _date_bound(doc.date.value, end=False) if doc.date.value else None
                    if day is None or (lo is not None and day < lo) or (hi is not None and day > hi):
                        continue
            out.append(a)
        if sort == "article_date" and fixed is not None:
            def key(a: Annotation) -> tuple[str, str, int, str]:
                doc = fixed(a.doc_id)
                when = doc.date.sort_key if doc is not None else "9999~"
                return (when, a.doc_id, a.anchor.start if a.anchor else -1, a.created)

            out.sort(key=key)
        return out

    def _haystack(self, a: Annotation) -> str:
        """Folded note + quote, cached per row until its ``modified`` changes."""
        key = a.id if a.id is not None else -1
        cached = self._folded.get(key)
        if cached is not None and cached[0] == a.modified:
            return cached[1]
        hay = fold_for_search(a.note + "\n" + (a.anchor.quote if a.anchor else ""))
        if a.id is not None:
            self._folded[key] = (a.modified, hay)
        return hay

    # ----------------------------------------------------------------------------------------
    # Palette

    def palette(self) -> list[Colour]:
        """The eight colours with the user's labels (DEFAULT_PALETTE where not renamed)."""
        with self.db.read() as conn:
            stored = {r["slot"]: r for r in conn.execute("SELECT slot, label, rgb FROM palette")}
        out = []
        for c in DEFAULT_PALETTE:
            r = stored.get(c.slot)
            out.append(Colour(c.slot, _cell_text(r["label"]), _cell_text(r["rgb"])) if r is not None else c)
        return out

    def rename_colour(self, slot: int, label: str) -> Colour:
        """Give a colour its meaning; an empty label restores the default name."""
        default = _PALETTE_SLOTS[_check_slot(slot)]
        label = _SPACE_RE.sub(" ", label).strip()
        with self.db.write() as conn:
            if not label or label == default.label:
                conn.execute("DELETE FROM palette WHERE slot = ?", (slot,))
                return default
            conn.execute(
                "INSERT INTO palette (slot, label, rgb) VALUES (?, ?, ?) "
                "ON CONFLICT (slot) DO UPDATE SET label = excluded.label",
                (slot, label, default.rgb),
            )
        return next(c for c in self.palette() if c.slot == slot)

    # ----------------------------------------------------------------------------------------
    # Corrections

    def set_correction(self, doc_id: str, field: str, value: str) -> None:
        """Override an article's date/title/outlet/language/byline; survives re-scans.

        Dates are ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (``""`` = "undated"); an empty outlet or
        byline means "none"; languages are en/ar/mixed/other.
        """
        if field not in CORRECTABLE_FIELDS:
            raise ValueError(f"cannot correct {field!r}; fields are {', '.join(CORRECTABLE_FIELDS)}")
        value = _SPACE_RE.sub(" ", value).strip()
        if field == "date" and value:
            _validate_date(value)
        elif field == "language" and value not in LANGUAGE_VALUES:
            raise ValueError(f"language is one of {', '.join(LANGUAGE_VALUES)}, not {value!r}")
        elif field == "title" and not value:
            raise ValueError("a title cannot be empty")
        with self.db.write() as conn:
            conn.execute(
                "INSERT INTO corrections (doc_id, field, value, modified) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (doc_id, field) DO UPDATE SET value = excluded.value, "
                "modified = excluded.modified",
                (doc_id, field, value, utc_now()),
            )

    def clear_correction(self, doc_id: str, field: str) -> None:
        with self.db.write() as conn:
            conn.execute("DELETE FROM corrections WHERE doc_id = ? AND field = ?", (doc_id, field))

    def corrections(self) -> dict[str, dict[str, str]]:
        with self.db.read() as conn:
            rows = conn.execute(
                "SELECT doc_id, field, value FROM corrections ORDER BY doc_id, field"
            ).fetchall()
        out: dict[str, dict[str, str]] = {}
        for r in rows:
            out.setdefault(_cell_text(r[0]), {})[_cell_text(r[1])] = _cell_text(r[2])
        return out

    @staticmethod
    def _corrected(doc: Document, fixes: Mapping[str, str]) -> Document:
        changes: dict[str, object] = {}
        for field, value in fixes.items():
            if field == "date":
                if value:
                    precision = {4: "year", 7: "month"}.get(len(value), "day")
                    changes["date"] = DateInfo(value, precision, CORRECTED_SOURCE, "corrected by the user")  # type: ignore[arg-type]
                else:
                    changes["date"] = DateInfo(None, None, CORRECTED_SOURCE, "marked undated by the user")  # type: ignore[arg-type]
            elif field in ("outlet", "byline"):
                changes[field] = value or None
            elif field in ("title", "language"):
                changes[field] = value
        return replace(doc, **changes) if changes else doc

    def apply_corrections(self, documents: Iterable[Document]) -> list[Document]:
        """The documents with the user's corrections applied (unchanged ones are the same objects)."""
        fixes = self.corrections()
        return [self._corrected(d, fixes[d.id]) if d.id in fixes else d for d in documents]

    def _corrections_lookup(self, docs: Mapping[str, Document] | None) -> Callable[[str], Document | None]:
        fixes = self.corrections()
        cache: dict[str, Document | None] = {}

        def lookup(doc_id: str) -> Document | None:
            if doc_id not in cache:
                doc = docs.get(doc_id) if docs is not None else None
                if doc is not None and doc_id in fixes:
                    doc = self._corrected(doc, fixes[doc_id])
                cache[doc_id] = doc
            return cache[doc_id]

        return lookup

    # ----------------------------------------------------------------------------------------
    # Pairs

    def add_pair(self, a: str, b: str, origin: str = "user") -> Pair:
        """Record (or change the origin of) the pair {a, b}; the time is when it was decided."""
        if origin not in PAIR_ORIGINS:
            raise ValueError(f"origin is one of {', '.join(PAIR_ORIGINS)}, not {origin!r}")
        if a == b:
            raise ValueError("an article cannot be paired with itself")
        doc_a, doc_b = sorted((a, b))
        now = utc_now()
        with self.db.write() as conn:
            conn.execute(
                "INSERT INTO pairs (doc_a, doc_b, origin, created) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (doc_a, doc_b) DO UPDATE SET origin = excluded.origin, "
                "created = excluded.created "
                "WHERE origin != excluded.origin",
                (doc_a, doc_b, origin, now),
            )
            row = conn.execute("SELECT origin, created FROM pairs WHERE doc_a = ? AND doc_b = ?",
                               (doc_a, doc_b)).fetchone()
        return Pair(doc_a, doc_b, row["origin"], row["created"])

    def remove_pair(self, a: str, b: str) -> bool:
        """Forget the pair entirely (to say "not a pair", add it with origin ``dismissed``)."""
        doc_a, doc_b = sorted((a, b))
        with self.db.write() as conn:
            cur = conn.execute("DELETE FROM pairs WHERE doc_a = ? AND doc_b = ?", (doc_a, doc_b))
        return cur.rowcount > 0

    def pairs(self, origin: str | None = None) -> list[Pair]:
        with self.db.read() as conn:
            if origin is None:
                rows = conn.execute("SELECT * FROM pairs ORDER BY doc_a, doc_b").fetchall()
            else:
                rows = conn.execute("SELECT * FROM pairs WHERE origin = ? ORDER BY doc_a, doc_b",
                                    (origin,)).fetchall()
        return [Pair(_cell_text(r["doc_a"]), _cell_text(r["doc_b"]), r["origin"], _cell_text(r["created"]))
                for r in rows]

    # ----------------------------------------------------------------------------------------
    # Import

    def import_annotation(self, a: Annotation) -> bool:
        """Merge one annotation (from an export) by uuid; True when the store changed.

        A new uuid is inserted. A known one is replaced only when the incoming copy is strictly
        newer (``modified``); that also brings back a copy deleted here *before* that edit.
        Older or identical copies are ignored, so importing the same file twice changes nothing.
        """
        if not a.uuid:
            raise ValueError("an imported annotation needs a uuid")
        if a.anchor is not None and (not a.anchor.quote or a.anchor.start >= a.anchor.end):
            raise ValueError(f"annotation {a.uuid} has an empty highlight")
        if a.anchor is not None and not 0 <= a.anchor.start < a.anchor.end <= MAX_OFFSET:
            raise ValueError(f"annotation {a.uuid} has a position outside any article")
        if a.colour is not None:
            _check_slot(a.colour)
        now = utc_now()
        incoming = replace(
            a,
            tags=_normalise_tags(a.tags),
            created=a.created or now,
            modified=a.modified or a.created or now,
            doc_id=a.anchor.doc_id if a.anchor is not None else a.doc_id,
        )
        with self.db.write() as conn:
            row = conn.execute("SELECT id, modified FROM annotations WHERE uuid = ?", (a.uuid,)).fetchone()
            if row is None:
                self._insert(conn, incoming)
                return True
            if _ts_key(incoming.modified) <= _ts_key(row["modified"]):
                return False
            anc = incoming.anchor
            conn.execute(
                'UPDATE annotations SET doc_id = ?, source = ?, start = ?, "end" = ?, quote = ?, '
                "prefix = ?, suffix = ?, fingerprint = ?, colour = ?, note = ?, modified = ?, state = ?, "
                "deleted_at = NULL, anchor_score = ?, language = ?, direction = ?, carried_from = ?, "
                "extra = ? "
                "WHERE id = ?",
                (
                    incoming.doc_id, anc.source if anc else "", anc.start if anc else None,
                    anc.end if anc else None, anc.quote if anc else None, anc.prefix if anc else None,
                    anc.suffix if anc else None, anc.fingerprint if anc else None,
                    incoming.colour, incoming.note, incoming.modified, incoming.state,
                    *_extension_cells(incoming), row["id"],
                ),
            )
            self._replace_tags(conn, row["id"], incoming.tags)
        return True

    # ----------------------------------------------------------------------------------------
    # Re-anchoring

    def reanchor(self, documents: Sequence[Document]) -> ReanchorReport:
        """Re-check every live highlight against the current articles, in one transaction.

        Only highlights whose article id or source file is among ``documents`` are checked; the
        rest are counted as ``skipped`` and left alone, so passing part of a corpus never orphans
        the other part. A highlight found again gets its offsets, article, fingerprint and context
        refreshed; ``moved`` is sticky (it tells the user the highlight was relocated for them)
        until the anchor is replaced. One whose quote was edited may be placed by approximate
        matching (:mod:`reader.store.fuzzy_anchor`): its quote becomes the text found there, the
        one the reader highlighted is kept (``extra["quote_before"]``) and ``anchor_score`` says
        how sure the match was. Orphans keep their quote, note and last known place.
        """
        by_id = {d.id: d for d in documents}
        by_source: dict[str, list[Document]] = {}
        for d in documents:
            by_source.setdefault(d.source, []).append(d)
        texts: dict[str, str] = {}
        prints: dict[str, str] = {}

        def text_of(doc_id: str) -> str:
            if doc_id not in texts:
                texts[doc_id] = by_id[doc_id].text
            return texts[doc_id]

        def print_of(doc_id: str) -> str:
            if doc_id not in prints:
                prints[doc_id] = text_fingerprint(text_of(doc_id))
            return prints[doc_id]

        anchored = moved = orphaned = skipped = fuzzy = 0
        changed: list[str] = []
        folds = FoldCache()
        with self.db.write() as conn:
            highlights = self._select("quote IS NOT NULL AND deleted_at IS NULL", (), "id")
            for a in highlights:
                anchor = a.anchor
                assert anchor is not None
                if a.damage:  # its stored text is not what was written: never rewrite it from a guess
                    skipped += 1
                    continue
                doc = by_id.get(anchor.doc_id)
                source = anchor.source or (doc.source if doc is not None else "")
                if doc is None and source not in by_source:
                    skipped += 1
                    continue
                siblings = [(d.id, text_of(d.id)) for d in by_source.get(source, []) if d.id != anchor.doc_id]
                if doc is not None:
                    res = resolve_fuzzy(anchor, text_of(doc.id), candidates=siblings,
                                        fingerprint=print_of(doc.id), cache=folds)
                else:
                    res = resolve_fuzzy(anchor, "", candidates=siblings, cache=folds)
                if res.state == "orphan":
                    orphaned += 1
                    if a.state != "orphan":
                        conn.execute("UPDATE annotations SET state = 'orphan' WHERE id = ?", (a.id,))
                        changed.append(a.uuid)
                    continue
                new_doc = by_id[res.doc_id]
                placed = relocated(a, res, new_doc, text=text_of(new_doc.id),
                                   fingerprint=print_of(new_doc.id))
                if res.state == "moved":
                    moved += 1
                    fuzzy += res.fuzzy
                else:
                    anchored += 1
                if (placed.anchor, placed.state, placed.doc_id, placed.anchor_score, placed.extra) == (
                    anchor, a.state, a.doc_id, a.anchor_score, a.extra
                ):
                    continue
                fresh = placed.anchor
                assert fresh is not None
                conn.execute(
                    'UPDATE annotations SET doc_id = ?, source = ?, start = ?, "end" = ?, quote = ?, '
                    "prefix = ?, suffix = ?, fingerprint = ?, state = ?, anchor_score = ?, extra = ? "
                    "WHERE id = ?",
                    (fresh.doc_id, fresh.source, fresh.start, fresh.end, fresh.quote, fresh.prefix,
                     fresh.suffix, fresh.fingerprint, placed.state, placed.anchor_score,
                     _extra_cell(placed.extra), a.id),
                )
                changed.append(a.uuid)
        return ReanchorReport(anchored, moved, orphaned, skipped, tuple(changed), fuzzy)
