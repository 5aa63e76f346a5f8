"""The SQLite file that holds the user's work: opening, checking, migrating and recovering it.

Why it is built this way (the user's annotations are the one thing Corpus Reader cannot rebuild):

* **Durable commits.** ``journal_mode=WAL`` + ``synchronous=FULL``: a commit returns only after the
  WAL is fsynced, so a crash, a kill -9 or a power cut after it cannot lose it (~0.3 ms per save
  here; the kill -9 test in ``tests/unit/test_store.py`` checks it). ``fullfsync`` is on for macOS,
  whose plain fsync does not flush the drive's cache.
* **Explicit transactions.** ``isolation_level=None`` switches off the sqlite3 module's implicit
  transactions; every write runs in ``BEGIN IMMEDIATE ... COMMIT`` through :meth:`Database.write`,
  which takes the write lock up front (no deadlocking read-then-upgrade) and rolls back on error.
* **One writer, many threads.** One connection per store, opened with ``check_same_thread=False``
  and guarded by one re-entrant lock that *every* read and write holds. That keeps readers from
  seeing another thread's half-done transaction on the shared connection, and the work per call is
  tiny (a few rows). Across processes (a second app window, the CLI) SQLite's own locking and
  ``busy_timeout`` serialise writers; WAL lets readers continue meanwhile.
* **Versioned schema.** ``PRAGMA user_version`` counts the entries of :data:`MIGRATIONS` applied.
  Before migrating an existing, non-empty database a verified backup is taken
  (``backups/annotations-...-before-vN.sqlite3``); if it cannot be taken, nothing is migrated and
  :class:`MigrationRefused` is raised. Each migration and its version bump commit together.
* **Damage is moved aside, never deleted.** At open, ``PRAGMA quick_check`` runs. A corrupt file
  (or one that is not a database) is renamed ``annotations.sqlite3.corrupt-<timestamp>`` with its
  ``-wal``/``-shm``, the newest backup that passes ``integrity_check`` is restored, and
  :attr:`Database.recovery_message` says what happened, for the UI to show.
* **Never downgrade.** A database written by a newer Corpus Reader (``user_version`` above what this
  version knows) is opened read-only (or refused with :class:`NewerSchemaError`), never migrated
  "back" and never written.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from reader.paths import user_paths
from reader.store.backup import (
    BackupError,
    backup_name,
    backup_to,
    backups_dir,
    daily_backup,
    newest_good_backup,
)

if TYPE_CHECKING:
    from reader.store.annotations import Store

__all__ = [
    "DB_FILENAME",
    "MIGRATIONS",
    "Database",
    "MigrationRefused",
    "NewerSchemaError",
    "ReadOnlyStoreError",
    "StoreError",
    "default_db_path",
    "open_database",
    "open_store",
    "schema_version",
]

log = logging.getLogger(__name__)

DB_FILENAME = "annotations.sqlite3"
BUSY_TIMEOUT_MS = 10_000
SQLITE_CORRUPT = 11
SQLITE_NOTADB = 26


class StoreError(Exception):
    """The store cannot do what was asked; the message is written for the user."""


class MigrationRefused(StoreError):
    """The schema needs upgrading but no verified backup could be taken first: nothing was changed."""


class NewerSchemaError(StoreError):
    """The database was written by a newer Corpus Reader; this version will not modify it."""


class ReadOnlyStoreError(StoreError):
    """A write was attempted on a store opened read-only."""


# --------------------------------------------------------------------------------------------
# Schema

Migration = Callable[[sqlite3.Connection], None]

_V1 = (
    """
    CREATE TABLE annotations (
        id INTEGER PRIMARY KEY,
        uuid TEXT NOT NULL UNIQUE,
        doc_id TEXT NOT NULL,
        source TEXT NOT NULL DEFAULT '',
        start INTEGER,
        "end" INTEGER,
        quote TEXT,
        prefix TEXT,
        suffix TEXT,
        fingerprint TEXT,
        colour INTEGER,
        note TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL,
        modified TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'anchored' CHECK (state IN ('anchored', 'moved', 'orphan')),
        deleted_at TEXT,
        CHECK ((quote IS NULL) = (start IS NULL) AND (start IS NULL) = ("end" IS NULL)),
        CHECK (start IS NULL OR (0 <= start AND start < "end"))
    )
    """,
    "CREATE INDEX annotations_doc ON annotations (doc_id)",
    """
    CREATE TABLE tags (
        annotation_id INTEGER NOT NULL REFERENCES annotations (id) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        PRIMARY KEY (annotation_id, tag)
    )
    """,
    "CREATE INDEX tags_tag ON tags (tag)",
    """
    CREATE TABLE palette (
        slot INTEGER PRIMARY KEY,
        label TEXT NOT NULL,
        rgb TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE corrections (
        doc_id TEXT NOT NULL,
        field TEXT NOT NULL CHECK (field IN ('date', 'title', 'outlet', 'language', 'byline')),
        value TEXT NOT NULL,
        modified TEXT NOT NULL,
        UNIQUE (doc_id, field)
    )
    """,
    """
    CREATE TABLE pairs (
        doc_a TEXT NOT NULL,
        doc_b TEXT NOT NULL,
        origin TEXT NOT NULL CHECK (origin IN ('declared', 'user', 'dismissed')),
        created TEXT NOT NULL,
        PRIMARY KEY (doc_a, doc_b)
    )
    """,
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "INSERT INTO meta (key, value) VALUES ('change_seq', '0')",
)


def _v1(conn: sqlite3.Connection) -> None:
    """Initial schema: annotations (+ tags), palette labels, metadata corrections, pairs, meta."""
    for statement in _V1:
        conn.execute(statement)
    conn.execute("INSERT INTO meta (key, value) VALUES ('created', ?)", (utc_now(),))


_V2 = (
    """
    CREATE TABLE boundary_fixes (
        id INTEGER PRIMARY KEY,
        corpus TEXT NOT NULL,
        relpath TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('split', 'merge')),
        position INTEGER NOT NULL CHECK (position >= 0),
        line TEXT NOT NULL CHECK (line != ''),
        context TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL,
        removed_at TEXT
    )
    """,
    "CREATE INDEX boundary_fixes_corpus ON boundary_fixes (corpus, relpath)",
    """
    CREATE TABLE fix_log (
        seq INTEGER PRIMARY KEY,
        corpus TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('add', 'remove', 'title')),
        fix_id INTEGER REFERENCES boundary_fixes (id),
        doc_id TEXT,
        old_value TEXT,
        new_value TEXT,
        data TEXT NOT NULL DEFAULT '{}',
        created TEXT NOT NULL,
        undone_at TEXT,
        CHECK ((action = 'title') = (fix_id IS NULL))
    )
    """,
    "CREATE INDEX fix_log_corpus ON fix_log (corpus, seq)",
)


def _v2(conn: sqlite3.Connection) -> None:
    """The researcher's article boundaries (splits, merges) and the log that undoes them."""
    for statement in _V2:
        conn.execute(statement)


_V3 = (
    """
    CREATE TABLE saved_searches (
        id INTEGER PRIMARY KEY,
        uuid TEXT NOT NULL,
        corpus TEXT NOT NULL,
        name TEXT NOT NULL CHECK (name != ''),
        name_key TEXT NOT NULL CHECK (name_key != ''),
        query TEXT NOT NULL DEFAULT '',
        lang TEXT CHECK (lang IS NULL OR lang IN ('en', 'ar', 'mixed', 'other')),
        date_from TEXT,
        date_to TEXT,
        exact INTEGER NOT NULL DEFAULT 0 CHECK (exact IN (0, 1)),
        variants INTEGER NOT NULL DEFAULT 0 CHECK (variants IN (0, 1)),
        sort TEXT NOT NULL DEFAULT 'relevance' CHECK (sort IN ('relevance', 'date')),
        seen TEXT NOT NULL DEFAULT '[]',
        viewed_at TEXT,
        created TEXT NOT NULL,
        modified TEXT NOT NULL,
        deleted_at TEXT,
        UNIQUE (corpus, uuid)
    )
    """,
    # One live search per name in a corpus; a removed one keeps its row (nothing is hard-deleted).
    "CREATE UNIQUE INDEX saved_searches_name ON saved_searches (corpus, name_key) WHERE deleted_at IS NULL",
)


def _v3(conn: sqlite3.Connection) -> None:
    """Saved searches: a query and its options under a name, per corpus, with the hits last seen."""
    for statement in _V3:
        conn.execute(statement)


# Entry i upgrades user_version i to i + 1. Append only; never edit a released migration.
MIGRATIONS: list[Migration] = [_v1, _v2, _v3]


def schema_version() -> int:
    """The schema version this code writes (read at call time, so tests can extend MIGRATIONS)."""
    return len(MIGRATIONS)


def utc_now() -> str:
    """ISO 8601 UTC with microseconds, e.g. ``2024-05-01T12:00:00.123456Z`` (sorts as text)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def default_db_path() -> Path:
    return user_paths().data / DB_FILENAME


# --------------------------------------------------------------------------------------------
# The connection


class Database:
    """One connection to the annotations file, its lock, and transaction helpers."""

    def __init__(
        self,
        connection: sqlite3.Connection,
        path: Path,
        *,
        read_only: bool = False,
        recovery_message: str | None = None,
        journal_mode: str = "wal",
    ) -> None:
        self.connection = connection
        self.path = path
        self.backup_dir = backups_dir(path)
        self.read_only = read_only
        self.recovery_message = recovery_message
        self.journal_mode = journal_mode
        self.lock = threading.RLock()
        self.changes = 0  # committed transactions that changed rows, in this process
        self._depth = 0
        self._closed = False

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError("the annotations store is closed")

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """The connection, for reading, with the lock held (no other thread's transaction in view)."""
        with self.lock:
            self._check_open()
            yield self.connection

    @contextmanager
    def write(self, *, counted: bool = True) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` ... ``COMMIT`` (``ROLLBACK`` on any exception), holding the lock.

        Nested calls join the outer transaction. When the transaction changed rows and ``counted``
        is true, the persistent ``change_seq`` in ``meta`` is bumped in the same transaction
        (backups compare it to decide whether anything is new) and :attr:`changes` grows by one.
        """
        if self.read_only:
            raise ReadOnlyStoreError(
                "The annotations are open read-only (they were saved by a newer Corpus Reader)."
            )
        with self.lock:
            self._check_open()
            conn = self.connection
            if self._depth:
                self._depth += 1
                try:
                    yield conn
                finally:
                    self._depth -= 1
                return
            before = conn.total_changes
            conn.execute("BEGIN IMMEDIATE")
            self._depth = 1
            changed = False
            try:
                yield conn
                changed = conn.total_changes != before
                if changed and counted:
                    conn.execute(
                        "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'change_seq'"
                    )
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            finally:
                self._depth = 0
            if changed and counted:
                self.changes += 1

    def get_meta(self, key: str) -> str | None:
        with self.read() as conn:
            try:
                row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
            except sqlite3.OperationalError:  # no meta table: a newer schema opened read-only
                return None
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str, *, counted: bool = False) -> None:
        """Bookkeeping values (last backup...) are not user changes, so not counted by default."""
        with self.write(counted=counted) as conn:
            conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def change_seq(self) -> int:
        """How many counted write transactions this database has ever committed (all processes)."""
        value = self.get_meta("change_seq")
        return int(value) if value is not None else 0

    def user_version(self) -> int:
        with self.read() as conn:
            return int(conn.execute("PRAGMA user_version").fetchone()[0])

    def pragma(self, name: str) -> object:
        with self.read() as conn:
            row = conn.execute(f"PRAGMA {name}").fetchone()
        return None if row is None else row[0]

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        with self.lock:
            if not self._closed:
                self._closed = True
                self.connection.close()


# --------------------------------------------------------------------------------------------
# Opening


def _connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    target = f"{path.resolve().as_uri()}?mode=ro" if read_only else str(path)
    conn = sqlite3.connect(
        target,
        uri=read_only,
        isolation_level=None,
        check_same_thread=False,
        timeout=BUSY_TIMEOUT_MS / 1000,
    )
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def _read_only_probe(path: Path) -> sqlite3.Connection:
    """A read-only look at ``path``: closing a read-write connection would checkpoint and delete the
    ``-wal`` file, which for a damaged database may hold the user's latest commits."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)


def _probe(path: Path) -> str | None:
    """None when ``path`` passes ``PRAGMA quick_check``; else what is wrong with it.

    Only corruption counts: a locked or unreadable file raises instead, because moving a healthy
    database aside just because another process held it would be a disaster of our own making.
    The probe connection is read-only: closing a read-write one checkpoints and *deletes* the
    ``-wal`` file, which for a damaged database may hold the user's latest commits.
    """
    try:
        conn = _read_only_probe(path)
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
        if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
            return str(exc)
        raise
    verdict = "; ".join(str(r[0]) for r in rows[:3])
    return None if verdict == "ok" else verdict


def _emptied(path: Path, backup_dir: Path) -> str | None:
    """What is wrong with a file that passes ``quick_check`` but lost the store it held, else None.

    A 0-byte file, or one with no schema at all, is a healthy *new* database to SQLite, so opening
    it would silently start an empty store. Where backups show that a store existed, it is damage
    (a failed copy, a sync tool, a truncating editor) and the backup must come back.
    """
    if path.stat().st_size > 0:
        conn = _read_only_probe(path)
        try:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
        finally:
            conn.close()
        if version or int(tables):
            return None
        what = "it holds no annotations tables"
    else:
        what = "it is empty (0 bytes)"
    return what if newest_good_backup(backup_dir) is not None else None


def _move_aside(path: Path) -> Path:
    """Rename a damaged database (and its -wal/-shm) to ``<name>.corrupt-<timestamp>``; never delete."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 2
    while target.exists():
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
        n += 1
    os.replace(path, target)
    for side in ("-wal", "-shm", "-journal"):
        extra = Path(f"{path}{side}")
        if extra.exists():
            os.replace(extra, Path(f"{target}{side}"))
    return target


def _recover(path: Path, backup_dir: Path, problem: str) -> str:
    """Move the damaged file aside and restore the newest good backup; say what happened."""
    problem = problem if len(problem) <= 160 else problem[:157] + "..."
    moved = _move_aside(path)
    log.error("annotations database %s is damaged (%s); moved to %s", path, problem, moved)
    good = newest_good_backup(backup_dir)
    if good is None:
        return (
            f"Your annotations file was damaged ({problem}). It was kept as {moved.name} in "
            f"{moved.parent} (nothing was deleted), but no backup was found, so Corpus Reader "
            "started a new, empty annotations file."
        )
    try:
        backup_to(good, path)
    except BackupError as exc:
        raise StoreError(
            f"Your annotations file was damaged ({problem}) and was kept as {moved.name}; restoring "
            f"the backup {good.name} failed: {exc}"
        ) from exc
    when = datetime.fromtimestamp(good.stat().st_mtime).strftime("%d %b %Y %H:%M")
    log.warning("restored %s from backup %s", path, good)
    return (
        f"Your annotations file was damaged ({problem}). It was kept as {moved.name} in "
        f"{moved.parent} (nothing was deleted) and your work was restored from the backup of "
        f"{when} ({good.name}). Changes made after that backup are not in the restored copy."
    )


def _migrate(conn: sqlite3.Connection, path: Path, backup_dir: Path) -> Path | None:
    """Bring the schema to :func:`schema_version`, after a verified backup; return that backup."""
    target = schema_version()
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version >= target:
        return None
    backup: Path | None = None
    if conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
        dest = backup_dir / backup_name(tag=f"before-v{target}")
        try:
            backup = backup_to(conn, dest)
        except (BackupError, OSError) as exc:
            raise MigrationRefused(
                f"Corpus Reader needs to upgrade your annotations file ({path}) from version {version} "
                f"to {target}, but could not make a verified backup first ({exc}). Nothing was "
                "changed. Free some disk space or check the folder's permissions, then try again."
            ) from exc
        log.info("backed up %s to %s before migrating v%d -> v%d", path, backup, version, target)
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Re-read under the write lock: another process may have migrated meanwhile.
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        for i in range(version, target):
            MIGRATIONS[i](conn)
            conn.execute(f"PRAGMA user_version = {i + 1}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return backup


def _newer_message(path: Path, version: int) -> str:
    return (
        f"Your annotations file ({path.name}) was saved by a newer version of Corpus Reader "
        f"(format {version}; this version knows up to {schema_version()}). To keep it safe it is "
        "open read-only: you can read your notes but not change them. Update Corpus Reader to edit them."
    )


def open_database(path: Path | None = None, *, allow_read_only: bool = True) -> Database:
    """Open (creating, checking, recovering and migrating as needed) the annotations database."""
    path = Path(path) if path is not None else default_db_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    backup_dir = backups_dir(path)
    message: str | None = None
    if path.exists():
        problem = _probe(path) or _emptied(path, backup_dir)
        if problem is not None:
            message = _recover(path, backup_dir, problem)

    conn = _connect(path)
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version > schema_version():
            conn.close()
            newer = _newer_message(path, version)
            if not allow_read_only:
                raise NewerSchemaError(newer)
            conn = _connect(path, read_only=True)
            conn.execute("PRAGMA query_only = ON")
            mode = str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower()
            full = newer if message is None else f"{message} {newer}"
            return Database(conn, path, read_only=True, recovery_message=full, journal_mode=mode)
        mode = str(conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]).lower()
        if mode != "wal":  # e.g. some network filesystems; FULL sync still makes commits durable
            log.warning("SQLite refused WAL mode for %s (journal_mode=%s)", path, mode)
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA fullfsync = ON")
        conn.execute("PRAGMA checkpoint_fullfsync = ON")
        _migrate(conn, path, backup_dir)
    except BaseException:
        conn.close()
        raise
    return Database(conn, path, recovery_message=message, journal_mode=mode)


def open_store(
    path: Path | None = None, *, auto_backup: bool = True, allow_read_only: bool = True
) -> Store:
    """Open the user's annotation store (default ``user_paths().data / 'annotations.sqlite3'``).

    ``auto_backup`` takes the day's verified backup (at most one a day, only if something changed);
    a failed backup is logged, never fatal to opening. With ``allow_read_only=False`` a database
    from a newer version raises :class:`NewerSchemaError` instead of opening read-only.
    Check :attr:`Store.recovery_message` after opening: the UI should show it when not None.
    """
    from reader.store.annotations import Store

    store = Store(open_database(path, allow_read_only=allow_read_only))
    if auto_backup:
        try:
            daily_backup(store)
        except BackupError as exc:
            log.warning("daily backup of %s failed: %s", store.path, exc)
    return store
