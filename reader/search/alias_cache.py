"""The alias table a search uses, compiled once and kept beside the corpus' index.

Why: :meth:`AliasTable.load <reader.text.names.AliasTable.load>` reads and compiles every alias, and
a 100k-group table takes seconds, on every CLI search. A search needs a handful of lookups (the runs
of words it tries as names). So the table is compiled once per change of the alias files into a
small SQLite file in the index folder: every group, and for each alias the *variant-key sequence*
of its words. A lookup asks for the groups sharing the typed phrase's key sequence (the only groups
:meth:`AliasTable.match` can return for it: an exact match has equal words, hence equal keys) and
lets a real ``AliasTable`` of those few groups decide, so matching stays exactly the table's own.

The file is keyed by the fingerprint of the alias files (path, size, modification time, sha1) and
of the search code (:func:`~reader.search.schema.schema_signature`); written with the one atomic
write; any problem reading it means "compile again", never a failed search.

Beside each index version, :class:`PhraseStore` (``phrases.sqlite``) keeps where every multi-word
alias spelling occurs, per segment: what a first name search would otherwise compute from the
positions of common words (written by the searcher's warm-up:
:func:`reader.search.searcher.store_alias_phrases`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import sys
import threading
from array import array
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from reader.fileio import atomic_write
from reader.search.schema import schema_signature
from reader.text import names

__all__ = [
    "CACHE_NAME",
    "PHRASES_FILE",
    "CachedAliasTable",
    "PhraseStore",
    "alias_spellings",
    "decode_starts",
    "encode_starts",
    "fingerprint",
    "open_cached",
    "spelling_key",
    "write_cache",
    "write_phrases",
]

log = logging.getLogger(__name__)
CACHE_NAME = "aliases.sqlite"
FORMAT = 1


def fingerprint(files: Iterable[Path]) -> str:
    """What the cached table was compiled from: each file's path, size, mtime and sha1, the code."""
    digest = hashlib.sha1(f"{FORMAT}/{schema_signature()}".encode())
    for path in files:
        digest.update(str(path).encode("utf-8", "surrogatepass"))
        try:
            stat = path.stat()
            data = path.read_bytes()
        except OSError:
            digest.update(b"\x00missing")
            continue
        digest.update(f"\x00{stat.st_size}\x00{stat.st_mtime_ns}\x00".encode())
        digest.update(hashlib.sha1(data).digest())
    return digest.hexdigest()


def _words(text: str) -> tuple[str, ...]:
    """Normalised words of a phrase or alias, as :class:`~reader.text.names.AliasTable` sees them."""
    return tuple(w for w in (names.normalise_word(t) for t, _, _ in names.iter_words(text)) if w)


def _key(words: tuple[str, ...]) -> str:
    return "\x1f".join(names.variant_key(w) for w in words)


def _lookup_keys(phrase: str) -> list[str]:
    """The key sequences whose groups :meth:`AliasTable.match` may return for ``phrase``: its own,
    and that of its first word without a leading Arabic clitic and article (و + الـ)."""
    words = _words(phrase)
    if not words:
        return []
    keys = [_key(words)]
    first = words[0]
    if len(first) >= 3 and names.is_arabic_word(first) and first[0] in names._ARABIC_CLITICS:
        keys.append(_key((names._strip_arabic_article(first[1:]), *words[1:])))
    return keys


def write_cache(path: Path, stamp: str, table: Any) -> None:
    """Compile ``table`` (a loaded AliasTable) into ``path``, atomically."""
    db = sqlite3.connect(":memory:")
    try:
        db.executescript(
            "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);"
            "CREATE TABLE groups (id INTEGER PRIMARY KEY, key TEXT NOT NULL, kind TEXT NOT NULL,"
            " aliases TEXT NOT NULL);"
            "CREATE TABLE keys (key TEXT NOT NULL, gid INTEGER NOT NULL);"
        )
        rows, keys = [], []
        for gid, group in enumerate(table.groups):
            rows.append((gid, group.key, group.kind, json.dumps(list(group.aliases), ensure_ascii=False)))
            for key in {_key(words) for words in map(_words, group.aliases) if words}:
                keys.append((key, gid))
        db.executemany("INSERT INTO groups VALUES (?, ?, ?, ?)", rows)
        db.executemany("INSERT INTO keys VALUES (?, ?)", keys)
        db.execute("CREATE INDEX keys_key ON keys (key)")
        problems = [str(p) for p in getattr(table, "problems", None) or []]
        db.executemany("INSERT INTO meta VALUES (?, ?)",
                       [("stamp", stamp), ("problems", json.dumps(problems, ensure_ascii=False))])
        db.commit()
        data = db.serialize()
    finally:
        db.close()
    atomic_write(path, data)


def open_cached(path: Path, stamp: str) -> CachedAliasTable | None:
    """The cached table at ``path`` if it was compiled from ``stamp``, else None."""
    if not path.is_file():
        return None
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
    except sqlite3.Error:
        return None
    try:
        meta = dict(db.execute("SELECT name, value FROM meta"))
        if meta.get("stamp") != stamp:
            db.close()
            return None
        return CachedAliasTable(db, [str(p) for p in json.loads(meta.get("problems", "[]"))])
    except (sqlite3.Error, ValueError, TypeError):
        db.close()
        return None


class CachedAliasTable:
    """What search asks of an :class:`~reader.text.names.AliasTable` (``match``, ``group``,
    ``problems``), answered from the compiled file; safe to share between threads."""

    def __init__(self, db: sqlite3.Connection, problems: list[str]) -> None:
        self._db = db
        self._lock = threading.Lock()
        self._memo: dict[str, Any] = {}
        self.problems = problems

    def _groups(self, where: str, args: Iterable[Any]) -> list[names.AliasGroup]:
        with self._lock:
            rows = self._db.execute(f"SELECT key, kind, aliases FROM groups WHERE {where} ORDER BY id",
                                    tuple(args)).fetchall()
        return [names.AliasGroup(key, kind, tuple(json.loads(aliases))) for key, kind, aliases in rows]

    def match(self, phrase: str) -> names.AliasGroup | None:
        """:meth:`AliasTable.match` of the whole table, computed on the groups that can match."""
        if phrase in self._memo:
            return self._memo[phrase]
        keys = _lookup_keys(phrase)
        found = None
        if keys:
            marks = ",".join("?" * len(keys))
            groups = self._groups(f"id IN (SELECT gid FROM keys WHERE key IN ({marks}))", keys)
            if groups:
                found = names.AliasTable(groups).match(phrase)
        if len(self._memo) < 10_000:
            self._memo[phrase] = found
        return found

    def group(self, key: str) -> names.AliasGroup | None:
        groups = self._groups("key = ?", (key,))
        return groups[0] if groups else None

    def all_aliases(self) -> list[tuple[str, ...]]:
        """The aliases of every group, in table order."""
        with self._lock:
            rows = self._db.execute("SELECT aliases FROM groups ORDER BY id").fetchall()
        return [tuple(json.loads(aliases)) for (aliases,) in rows]

    def close(self) -> None:
        with self._lock:
            self._db.close()


# --------------------------------------------------------------------------------------------
# Where the alias spellings occur: phrase starts per index segment, kept beside the index


PHRASES_FILE = "phrases.sqlite"
"""Beside the segments of an index version (like the lexicon): the stored phrase starts."""
PHRASES_FORMAT = 1
MAX_SPELLINGS = 5_000
"""Alias spellings stored at most (in table order): a 100k-group table is not precomputed whole."""
_SEP = "\x1f"  # between the analysed words of a spelling (a word never holds a control character)


def alias_spellings(table: Any) -> list[str]:
    """Every alias of every group of ``table`` (an AliasTable or a :class:`CachedAliasTable`), once
    each, in table order: the spellings a name query expands to (:data:`MAX_SPELLINGS` at most)."""
    if table is None:
        return []
    if isinstance(table, CachedAliasTable):
        groups: Iterable[tuple[str, ...]] = table.all_aliases()
    else:
        groups = (tuple(getattr(group, "aliases", ())) for group in getattr(table, "groups", None) or ())
    out: dict[str, None] = {}
    for aliases in groups:
        for alias in aliases:
            if isinstance(alias, str):
                out.setdefault(alias)
        if len(out) >= MAX_SPELLINGS:
            break
    return list(out)[:MAX_SPELLINGS]


def spelling_key(words: Iterable[str]) -> str:
    """The stored key of a spelling's analysed words."""
    return _SEP.join(words)


StoredStarts = tuple[bytes, bytes, bytes]
"""One spelling in one segment: its documents, the number of starts in each, and the starts, as
native ``array('I')`` bytes (an index is a local cache, like its positions)."""


class PhraseStore:
    """Phrase starts of alias spellings, stored per (field, spelling, segment) in ``phrases.sqlite``.

    Why: an alias group expands to tens of spellings, many of them phrases of common words
    ("popular mobilization forces", "hashd al shaabi"); checking their positions in every candidate
    article was most of a first search's time (150-250 ms at 10k articles). Segments never change
    (only deletions are added, and callers filter deleted documents as they do for postings), so a
    row is right for as long as its segment exists: a new segment gets its rows at the next warm-up,
    and rows of merged-away segments are dropped when the file is written again. The file is a cache:
    one that cannot be read is ignored (searches check positions again) and written anew.
    """

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        self._lock = threading.Lock()

    @classmethod
    def open(cls, folder: Path) -> PhraseStore | None:
        """The store of an index folder, or None when it has none or it cannot be used.

        Read into memory (a few MB): the file is not held open, so the warm-up can replace it (on
        Windows too) while searches read the copy they opened."""
        try:
            data = (Path(folder) / PHRASES_FILE).read_bytes()
        except OSError:
            return None
        if not data:
            return None
        db = sqlite3.connect(":memory:", check_same_thread=False)
        try:
            db.deserialize(data)
            if _phrases_meta_ok(db):
                return cls(db)
        except sqlite3.Error:
            pass
        db.close()
        return None

    def rows(self, fieldname: str, key: str) -> dict[str, StoredStarts]:
        """segment id -> stored starts, for one spelling (an empty dict when it was never stored)."""
        try:
            with self._lock:
                found = self._db.execute(
                    "SELECT segment, docs, counts, starts FROM phrases WHERE field = ? AND words = ?",
                    (fieldname, key)).fetchall()
        except sqlite3.Error:  # a damaged file: as if nothing were stored
            return {}
        return {segment: (docs, counts, starts) for segment, docs, counts, starts in found
                if type(docs) is type(counts) is type(starts) is bytes}

    def stored(self) -> set[tuple[str, str, str]]:
        """(field, spelling key, segment) of every stored row that looks whole (the others are
        written again)."""
        try:
            with self._lock:
                return set(self._db.execute(
                    "SELECT field, words, segment FROM phrases WHERE typeof(docs) = 'blob'"
                    " AND typeof(counts) = 'blob' AND typeof(starts) = 'blob'"
                    " AND length(docs) = length(counts) AND length(docs) % 4 = 0 AND length(starts) % 4 = 0"))
        except sqlite3.Error:
            return set()

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _phrases_meta_ok(db: sqlite3.Connection) -> bool:
    meta = dict(db.execute("SELECT name, value FROM meta"))
    return meta.get("format") == str(PHRASES_FORMAT) and meta.get("byteorder") == sys.byteorder


_PHRASES_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS phrases (field TEXT NOT NULL, words TEXT NOT NULL, segment TEXT NOT NULL,"
    " docs BLOB NOT NULL, counts BLOB NOT NULL, starts BLOB NOT NULL, PRIMARY KEY (field, words, segment))"
    " WITHOUT ROWID;"
)


def encode_starts(found: dict[int, Any]) -> StoredStarts:
    """``document -> sorted starts`` (one segment's numbers) as stored."""
    docs = sorted(found)
    counts = array("I", (len(found[d]) for d in docs))
    starts = array("I")
    for d in docs:
        starts.extend(found[d])
    return array("I", docs).tobytes(), counts.tobytes(), starts.tobytes()


def decode_starts(row: StoredStarts, offset: int, out: dict[int, Any]) -> None:
    """Add a stored row to ``out`` as ``offset + document -> starts`` (``array('I')`` each)."""
    docs, counts, starts = (array("I") for _ in range(3))
    docs.frombytes(row[0])
    counts.frombytes(row[1])
    starts.frombytes(row[2])
    pos = 0
    for d, n in zip(docs, counts, strict=True):
        out[d + offset] = starts[pos:pos + n]
        pos += n
    if pos != len(starts):
        raise ValueError("the stored starts do not add up")


def write_phrases(folder: Path, rows: dict[tuple[str, str, str], StoredStarts], segments: set[str]) -> None:
    """Add ``rows`` ((field, spelling key, segment) -> stored starts) to the folder's store, keeping
    the rows of ``segments`` only (the index's segments now), with the one atomic write."""
    path = Path(folder) / PHRASES_FILE
    db = sqlite3.connect(":memory:")
    try:
        try:
            existing = path.read_bytes()
        except OSError:
            existing = None
        if existing:  # (SQLite takes no bytes at all for a database it cannot allocate)
            try:
                db.deserialize(existing)
                if not _phrases_meta_ok(db):
                    raise sqlite3.DatabaseError("another format")
            except sqlite3.Error:  # damaged or foreign: start over
                db.close()
                db = sqlite3.connect(":memory:")
        db.executescript(_PHRASES_SCHEMA)
        stale = [segment for (segment,) in db.execute("SELECT DISTINCT segment FROM phrases")
                 if segment not in segments]
        db.executemany("DELETE FROM phrases WHERE segment = ?", [(s,) for s in stale])
        db.executemany("INSERT OR REPLACE INTO phrases VALUES (?, ?, ?, ?, ?, ?)",
                       [(f, w, s, *row) for (f, w, s), row in rows.items() if s in segments])
        db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                       [("format", str(PHRASES_FORMAT)), ("byteorder", sys.byteorder)])
        db.commit()
        data = db.serialize()
    finally:
        db.close()
    atomic_write(path, data, make_parents=False)  # an index folder removed meanwhile stays removed
