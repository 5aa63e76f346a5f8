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
* **Every fault is one sentence.** Whatever SQLite or the file system says (a folder or a device
  where the file should be, a read-only file or folder, a lock held past ``busy_timeout``, a full
  disk, another program's database, a missing table, a format version no Corpus Reader writes)
  reaches callers as :class:`StoreError` whose message says what is wrong, with which file, and
  what to do: at open (:func:`open_database`) and on every read and write (:meth:`Database.read`,
  :meth:`Database.write`). A file that can be read but not written opens read-only with that
  reason in :attr:`Database.recovery_message`, so the app still shows the notes.
* **Damaged text is shown, never silently rewritten.** A cell that is not valid UTF-8 comes back
  as :class:`RepairedText` (undecodable bytes as U+FFFD) instead of failing the whole query, so one
  bad cell cannot hide every note; the store marks that row as damaged (``Annotation.damage``).
"""

from __future__ import annotations

import contextlib
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
    "GUI_PATIENCE_MS",
    "MIGRATIONS",
    "Database",
    "MigrationRefused",
    "NewerSchemaError",
    "ReadOnlyStoreError",
    "RepairedText",
    "StoreError",
    "default_db_path",
    "describe_fault",
    "open_database",
    "open_store",
    "schema_version",
]

log = logging.getLogger(__name__)

DB_FILENAME = "annotations.sqlite3"
BUSY_TIMEOUT_MS = 10_000  # read at call time: tests shorten it rather than wait 10 s for a lock
# What a window waits for another program's lock before it gives up and tries again later (a
# command line can wait BUSY_TIMEOUT_MS; a frozen window cannot).
GUI_PATIENCE_MS = 500
BACKUP_PATIENCE_MS = 250  # the day's backup at opening waits this long for another writer, no more
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26
# The tables that make a database ours: one of them present means it is a Corpus Reader file.
OWN_TABLES = frozenset({"annotations", "meta"})


class StoreError(Exception):
    """The store cannot do what was asked; the message is written for the user."""


class MigrationRefused(StoreError):
    """The schema needs upgrading but no verified backup could be taken first: nothing was changed."""


class NewerSchemaError(StoreError):
    """The database was written by a newer Corpus Reader; this version will not modify it."""


class ReadOnlyStoreError(StoreError):
    """A write was attempted on a store opened read-only."""


class RepairedText(str):
    """Text from a cell that did not hold valid UTF-8: each undecodable byte became U+FFFD.

    Why a marker type: the row is still shown (one bad cell must not hide every note), but the
    replacement characters must never be written back as if they were the user's text, so the
    store flags the row (``Annotation.damage``) and the UI and CLI say which one it is.
    """

    __slots__ = ()


def lenient_text(raw: bytes) -> str:
    """The connection's ``text_factory``: strict UTF-8, else a :class:`RepairedText`."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return RepairedText(raw.decode("utf-8", errors="replace"))


# --------------------------------------------------------------------------------------------
# Faults as sentences


def _code(exc: BaseException) -> int:
    """SQLite's primary result code of ``exc`` (0 when it has none)."""
    return (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF


def _why_read_only(path: Path) -> str:
    """Which part cannot be written, as the end of "cannot be changed because ..."."""
    def writable(p: Path) -> bool:  # for the user running us (effective ids where the OS has them)
        return os.access(p, os.W_OK, effective_ids=os.access in os.supports_effective_ids)

    if not writable(path.parent):
        return f"its folder {path.parent} is read-only"
    if path.exists() and not writable(path):
        return "the file is read-only"
    return "the disk or the system refuses to write it"


def _clip(text: object, limit: int = 160) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def describe_fault(exc: BaseException, path: Path) -> str:
    """One sentence for the user: what went wrong with the annotations file ``path``, and what to do."""
    code = _code(exc)
    text = str(exc)
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        seconds = max(1, round(BUSY_TIMEOUT_MS / 1000))
        return (
            f"Your annotations file {path} is locked by another program (another Corpus Reader window "
            f"or command?) and stayed locked for over {seconds} second{'s' if seconds != 1 else ''}; "
            "close that program and try again."
        )
    if code == SQLITE_READONLY:
        return (
            f"Your annotations file {path} cannot be changed because {_why_read_only(path)}; "
            "make it writable and try again."
        )
    if code == SQLITE_FULL:
        return (
            f"Your annotations file {path} cannot be saved because the disk is full; free some space "
            "and try again."
        )
    if code == SQLITE_CANTOPEN and not path.exists():
        return (
            f"Your annotations file {path} cannot be created; check that the folder {path.parent} exists "
            "and that you may write to it, then try again."
        )
    if code == SQLITE_CANTOPEN:
        return (
            f"Your annotations file {path} cannot be opened; check that its folder exists and that you "
            "may read and write it, then try again."
        )
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB) or "no such table" in text or "no such column" in text:
        return (
            f"Your annotations file {path} is damaged ({_clip(text)}); start Corpus Reader again to "
            f"restore it from a backup, or copy a backup from {backups_dir(path)} in its place."
        )
    if code == SQLITE_IOERR:
        return (
            f"Your annotations file {path} could not be read or written (a disk error: {_clip(text)}); "
            "check the disk and try again."
        )
    return (
        f"Your annotations file {path} could not be used ({_clip(text)}); try again, or restart "
        "Corpus Reader."
    )


def _translatable(exc: BaseException) -> bool:
    """SQLite faults of the file or its environment (not programming errors or constraint violations)."""
    return isinstance(exc, (sqlite3.OperationalError, sqlite3.DataError, sqlite3.InternalError)) or (
        type(exc) is sqlite3.DatabaseError
    )


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


_V4 = (
    # How sure a fuzzy re-anchoring was (0..1); NULL when the quote was found exactly.
    "ALTER TABLE annotations ADD COLUMN anchor_score REAL CHECK (anchor_score IS NULL OR "
    "(anchor_score >= 0 AND anchor_score <= 1))",
    # The note's own language and direction, carried by every export (JSON-LD, Markdown, HTML).
    "ALTER TABLE annotations ADD COLUMN language TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE annotations ADD COLUMN direction TEXT NOT NULL DEFAULT '' "
    "CHECK (direction IN ('', 'ltr', 'rtl'))",
    # A highlight carried to the paired translation points at the highlight it came from.
    "ALTER TABLE annotations ADD COLUMN carried_from TEXT NOT NULL DEFAULT ''",
    "CREATE INDEX annotations_carried ON annotations (carried_from) WHERE carried_from != ''",
    # A JSON object: what an import from another tool brought that has no column (kept whole), why
    # an imported note is an orphan, the quote before a fuzzy re-anchoring.
    "ALTER TABLE annotations ADD COLUMN extra TEXT NOT NULL DEFAULT '{}'",
)


def _v4(conn: sqlite3.Connection) -> None:
    """Notes that travel: fuzzy anchor confidence, note language/direction, carried highlights, extras."""
    for statement in _V4:
        conn.execute(statement)


# Entry i upgrades user_version i to i + 1. Append only; never edit a released migration.
MIGRATIONS: list[Migration] = [_v1, _v2, _v3, _v4]


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
        read_only_reason: str | None = None,
    ) -> None:
        self.connection = connection
        self.path = path
        self.backup_dir = backups_dir(path)
        self.read_only = read_only
        self.recovery_message = recovery_message
        self.journal_mode = journal_mode
        # The sentence a refused write raises (why this file is read-only, and what to do).
        self.read_only_reason = read_only_reason or (
            f"Your annotations file {path} is open read-only, so this change was not saved."
        )
        self.lock = threading.RLock()
        self.changes = 0  # committed transactions that changed rows, in this process
        self._depth = 0
        self._nesting = 0  # read/write blocks entered by the thread holding the lock
        self._closed = False

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError("the annotations store is closed")

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """Turn a fault of the file (a lock, a read-only disk, damage) into :class:`StoreError`, once.

        Only the outermost block translates: code inside a transaction may still catch the
        sqlite3 exception it expects (a savepoint rolled back for one bad item, say).
        """
        outermost = self._nesting == 0
        self._nesting += 1
        try:
            yield
        except sqlite3.Error as exc:
            if outermost and _translatable(exc):
                raise StoreError(describe_fault(exc, self.path)) from exc
            raise
        finally:
            self._nesting -= 1

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """The connection, for reading, with the lock held (no other thread's transaction in view)."""
        with self.lock:
            self._check_open()
            with self._guard():
                yield self.connection

    @contextmanager
    def patience(self, milliseconds: int) -> Iterator[None]:
        """Wait at most ``milliseconds`` for another program's lock inside this block (then StoreError)."""
        with self.lock:
            self._check_open()
            self.connection.execute(f"PRAGMA busy_timeout = {int(milliseconds)}")
            try:
                yield
            finally:
                if not self._closed:
                    self.connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    @contextmanager
    def write(self, *, counted: bool = True) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` ... ``COMMIT`` (``ROLLBACK`` on any exception), holding the lock.

        Nested calls join the outer transaction. When the transaction changed rows and ``counted``
        is true, the persistent ``change_seq`` in ``meta`` is bumped in the same transaction
        (backups compare it to decide whether anything is new) and :attr:`changes` grows by one.
        """
        if self.read_only:
            raise ReadOnlyStoreError(self.read_only_reason)
        with self.lock:
            self._check_open()
            with self._guard():
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
                        with contextlib.suppress(sqlite3.Error):  # the first fault is the one to report
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


def _configure(conn: sqlite3.Connection) -> sqlite3.Connection:
    conn.row_factory = sqlite3.Row
    conn.text_factory = lenient_text
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def _connect(path: Path) -> sqlite3.Connection:
    """A read-write connection (SQLite creates the file when it is missing)."""
    conn = sqlite3.connect(
        str(path), isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
    )
    try:
        return _configure(conn)
    except BaseException:
        conn.close()
        raise


def _wal_holds_commits(path: Path) -> bool:
    wal = Path(f"{path}-wal")
    return wal.exists() and wal.stat().st_size > 0


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that never writes the file, not even a checkpoint.

    Closing a read-write connection checkpoints and *deletes* the ``-wal`` file, which for a
    damaged database may hold the user's latest commits, so every look before the real opening
    is read-only. In a folder that cannot be written SQLite cannot create the ``-shm`` index that
    reading a WAL database needs; when no ``-wal`` holds commits the main file is the whole
    database, and it is opened as immutable instead.
    """
    uri = path.resolve().as_uri()
    try:
        return _checked_read_only(f"{uri}?mode=ro")
    except sqlite3.OperationalError as exc:
        if _code(exc) not in (SQLITE_READONLY, SQLITE_CANTOPEN) or _wal_holds_commits(path):
            raise
    return _checked_read_only(f"{uri}?mode=ro&immutable=1")


def _checked_read_only(uri: str) -> sqlite3.Connection:
    """A read-only connection to ``uri`` that has read the schema (SQLite opens lazily)."""
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False,
                           timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        _configure(conn).execute("SELECT count(*) FROM sqlite_master").fetchone()
    except BaseException:
        conn.close()
        raise
    return conn


def _probe(path: Path) -> str | None:
    """None when ``path`` passes ``PRAGMA quick_check``; else what is wrong with it.

    Only corruption counts: a locked or unreadable file raises instead, because moving a healthy
    database aside just because another process held it would be a disaster of our own making.
    """
    try:
        conn = _connect_read_only(path)
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if _code(exc) in (SQLITE_CORRUPT, SQLITE_NOTADB):
            return str(exc)
        raise
    verdict = "; ".join(str(r[0]) for r in rows[:3])
    return None if verdict == "ok" else verdict


def _user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _table_names(conn: sqlite3.Connection) -> set[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite^_%' "
                        "ESCAPE '^'").fetchall()
    return {str(r[0]) for r in rows}


def _inspect(path: Path) -> tuple[int, set[str]]:
    """The file's ``user_version`` and table names, read without writing anything."""
    if path.stat().st_size == 0:
        return 0, set()
    conn = _connect_read_only(path)
    try:
        return _user_version(conn), _table_names(conn)
    finally:
        conn.close()


def _tables_of(version: int) -> set[str]:
    """The tables a store of schema ``version`` has (its migrations run on an empty database)."""
    conn = sqlite3.connect(":memory:")
    try:
        for migration in MIGRATIONS[:version]:
            migration(conn)
        return _table_names(conn)
    finally:
        conn.close()


def _missing_tables(version: int, tables: set[str]) -> set[str]:
    """Tables a store of ``version`` must have that ``tables`` lacks (none checked for newer versions)."""
    if version > schema_version():
        return {"annotations"} - tables
    return _tables_of(version) - tables


def _restorable(path: Path) -> bool:
    """A backup worth restoring: ours, with every table of its version."""
    try:
        version, tables = _inspect(path)
    except (sqlite3.Error, OSError, StoreError):
        return False
    return version >= 1 and bool(tables & OWN_TABLES) and not _missing_tables(version, tables)


def _newest_backup(backup_dir: Path) -> Path | None:
    return newest_good_backup(backup_dir, accept=_restorable)


def _damage_of(path: Path, backup_dir: Path) -> str | None:
    """What is wrong with a file that passes ``quick_check`` but is not a usable store, else None.

    A 0-byte file, or one with no schema at all, is a healthy *new* database to SQLite, so opening
    it would silently start an empty store. Where backups show that a store existed, it is damage
    (a failed copy, a sync tool, a truncating editor) and the backup must come back; a dropped
    table is damage the same way. A file that is not ours, or whose version no Corpus Reader
    writes, is never touched: :class:`StoreError` says so.
    """
    version, tables = _inspect(path)
    if not tables and version == 0:
        what = "it is empty (0 bytes)" if path.stat().st_size == 0 else "it holds no annotations tables"
        return what if _newest_backup(backup_dir) is not None else None
    if tables and not tables & OWN_TABLES:
        shown = ", ".join(sorted(tables)[:4]) + (", ..." if len(tables) > 4 else "")
        raise StoreError(
            f"The file {path} is not a Corpus Reader annotations file (it holds another program's "
            f"tables: {_clip(shown, 80)}), so it was left untouched; move it elsewhere and Corpus Reader "
            "will start a new annotations file in its place."
        )
    if version < 1:
        raise StoreError(
            f"Your annotations file {path} has a format version ({version}) that no Corpus Reader "
            f"writes, so it was left untouched; copy a backup from {backup_dir} in its place, or move "
            "it away to start a new annotations file."
        )
    missing = _missing_tables(version, tables)
    if not missing:
        return None
    names = ", ".join(sorted(missing))
    what = f"its {names} table{'s are' if len(missing) > 1 else ' is'} missing"
    if _newest_backup(backup_dir) is not None:
        return what
    raise StoreError(
        f"Your annotations file {path} is damaged ({what}) and no backup of it was found, so it was "
        "left untouched; move it away to start a new annotations file."
    )


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
    problem = _clip(problem)
    try:
        moved = _move_aside(path)
    except OSError as exc:
        raise StoreError(
            f"Your annotations file {path} is damaged ({problem}) but could not be moved aside to restore "
            f"a backup ({exc.strerror or exc}); make its folder writable and try again."
        ) from exc
    log.error("annotations database %s is damaged (%s); moved to %s", path, problem, moved)
    good = _newest_backup(backup_dir)
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


def _refuse_non_files(path: Path) -> None:
    """A folder, a device or a link to one where the file should be: say so, touch nothing."""
    if path.is_symlink() and path.exists() and not path.is_file():
        what = f"a link to {os.path.realpath(path)}, which is not a file"
    elif path.is_dir():
        what = "a folder"
    elif path.exists() and not path.is_file():
        what = "not a regular file"
    else:
        return
    raise StoreError(
        f"Your annotations file {path} is {what}, so it cannot hold your notes; move it away and "
        "Corpus Reader will start a new annotations file there."
    )


def _check_writable(conn: sqlite3.Connection) -> None:
    """Raise ``SQLITE_READONLY`` now rather than at the user's first save.

    A connection opened read-write may still be refused every write (the file's permissions, a
    read-only mount); starting a write transaction and rolling it back finds out without changing
    anything. A lock held by another program is not that: it is waited for when writing.
    """
    version = _user_version(conn)
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(f"PRAGMA user_version = {version}")
        finally:
            conn.execute("ROLLBACK")
    except sqlite3.OperationalError as exc:
        if _code(exc) not in (SQLITE_BUSY, SQLITE_LOCKED):
            raise
    finally:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def _prepare(conn: sqlite3.Connection, path: Path, backup_dir: Path) -> str:
    """Durability settings, a write check and the migrations; returns the journal mode in use."""
    mode = str(conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]).lower()
    if mode != "wal":  # e.g. some network filesystems; FULL sync still makes commits durable
        log.warning("SQLite refused WAL mode for %s (journal_mode=%s)", path, mode)
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA fullfsync = ON")
    conn.execute("PRAGMA checkpoint_fullfsync = ON")
    _check_writable(conn)
    _migrate(conn, path, backup_dir)
    return mode


def _open_read_only(path: Path, message: str | None, reason: str, refusal: str) -> Database:
    """``path`` for reading only: ``reason`` joins the message the UI shows; writes raise ``refusal``."""
    conn = _connect_read_only(path)
    try:
        conn.execute("PRAGMA query_only = ON")
        mode = str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower()
    except BaseException:
        conn.close()
        raise
    full = reason if message is None else f"{message} {reason}"
    return Database(conn, path, read_only=True, recovery_message=full, journal_mode=mode,
                    read_only_reason=refusal)


def _open_read_write(path: Path, backup_dir: Path, message: str | None, allow_read_only: bool) -> Database:
    conn = _connect(path)
    try:
        version = _user_version(conn)
        if version > schema_version():
            conn.close()
            newer = _newer_message(path, version)
            if not allow_read_only:
                raise NewerSchemaError(newer)
            refusal = (
                f"Your annotations file {path} was saved by a newer Corpus Reader and is open read-only, "
                "so this change was not saved; update Corpus Reader to edit your notes."
            )
            return _open_read_only(path, message, newer, refusal)
        mode = _prepare(conn, path, backup_dir)
    except BaseException:
        conn.close()
        raise
    return Database(conn, path, recovery_message=message, journal_mode=mode)


def _open(path: Path, allow_read_only: bool) -> Database:
    _refuse_non_files(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    backup_dir = backups_dir(path)
    message: str | None = None
    if path.exists():
        problem = _probe(path) or _damage_of(path, backup_dir)
        if problem is not None:
            message = _recover(path, backup_dir, problem)
    try:
        return _open_read_write(path, backup_dir, message, allow_read_only)
    except sqlite3.OperationalError as exc:
        if _code(exc) not in (SQLITE_READONLY, SQLITE_CANTOPEN) or not path.is_file() or not allow_read_only:
            raise
    why = _why_read_only(path)
    log.info("annotations database %s cannot be written (%s); opening it read-only", path, why)
    reason = (
        f"Your annotations file {path} cannot be changed because {why}, so it is open read-only: you "
        "can read your notes but not add or change them; make it writable and restart Corpus Reader "
        "to edit them."
    )
    refusal = (
        f"Your annotations file {path} is open read-only because {why}, so this change was not saved; "
        "make it writable and restart Corpus Reader to edit your notes."
    )
    return _open_read_only(path, message, reason, refusal)


def _os_fault(exc: OSError, path: Path) -> str:
    where = exc.filename if exc.filename is not None else path
    return (
        f"Your annotations file {path} cannot be opened ({exc.strerror or exc}: {where}); check that "
        "you may read and write its folder, then try again."
    )


def open_database(path: Path | None = None, *, allow_read_only: bool = True) -> Database:
    """Open (creating, checking, recovering and migrating as needed) the annotations database.

    Every failure is a :class:`StoreError` whose message is one sentence for the user. A file
    that can be read but not written opens read-only (unless ``allow_read_only`` is false),
    with the reason in :attr:`Database.recovery_message`.
    """
    path = Path(path) if path is not None else default_db_path()
    try:
        return _open(path, allow_read_only)
    except StoreError:
        raise
    except sqlite3.Error as exc:
        raise StoreError(describe_fault(exc, path)) from exc
    except OSError as exc:
        raise StoreError(_os_fault(exc, path)) from exc


def open_store(
    path: Path | None = None, *, auto_backup: bool = True, allow_read_only: bool = True
) -> Store:
    """Open the user's annotation store (default ``user_paths().data / 'annotations.sqlite3'``).

    ``auto_backup`` takes the day's verified backup (at most one a day, only if something changed);
    a failed backup is logged, never fatal to opening (nor is another program's lock: it waits
    :data:`BACKUP_PATIENCE_MS` at most, and the quit backup tries again). Every failure to open is
    a :class:`StoreError` with a one-sentence message (see :func:`open_database`). With
    ``allow_read_only=False`` a database from a newer version raises :class:`NewerSchemaError`
    instead of opening read-only.
    Check :attr:`Store.recovery_message` after opening: the UI should show it when not None.
    """
    from reader.store.annotations import Store

    store = Store(open_database(path, allow_read_only=allow_read_only))
    if auto_backup:
        try:
            with store.db.patience(BACKUP_PATIENCE_MS):  # another program writing: try again on quit
                daily_backup(store)
        except (BackupError, StoreError) as exc:
            log.warning("daily backup of %s failed: %s", store.path, exc)
    return store
