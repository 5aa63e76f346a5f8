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
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from reader.fileio import atomic_write
from reader.search.schema import schema_signature
from reader.text import names

__all__ = ["CACHE_NAME", "CachedAliasTable", "fingerprint", "open_cached", "write_cache"]

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

    def close(self) -> None:
        with self._lock:
            self._db.close()
