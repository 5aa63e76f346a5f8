"""Verified backups of the annotations database: daily, on quit, and before every migration.

Why the SQLite backup API and not a file copy: in WAL mode committed transactions can live in the
``-wal`` file for a long time, so copying ``annotations.sqlite3`` alone silently loses recent work
(measured here, see ARCHITECTURE.md). ``sqlite3.Connection.backup`` reads through SQLite and gets
every committed page. Every copy is then re-opened and must pass ``PRAGMA integrity_check``: a
backup nobody has verified is a hope, not a backup. Copies are written under a ``.partial`` name
and renamed only once verified, so a crash mid-backup never leaves something that looks like a
backup but is not. Copies are switched to ``journal_mode=DELETE`` so each one is a single,
self-contained file that can be opened read-only without creating ``-wal``/``-shm`` files.

Names are ``annotations-YYYYmmdd-HHMMSS.sqlite3`` (local time, what the user sees in a file
manager), with ``-2``, ``-3``... on a clash and a tag such as ``-before-v2`` for pre-migration
copies. Tagged copies are never rotated away: they are rare and mark a schema change.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from reader.paths import user_paths

if TYPE_CHECKING:
    from reader.store.annotations import Store

__all__ = [
    "BackupError",
    "BackupInfo",
    "backup_name",
    "backup_now",
    "backup_on_quit",
    "backup_to",
    "backups_dir",
    "daily_backup",
    "is_good",
    "list_backups",
    "newest_good_backup",
    "rotate",
]

log = logging.getLogger(__name__)

PREFIX = "annotations"
SUFFIX = ".sqlite3"
_NAME_RE = re.compile(
    r"^annotations-(?P<day>\d{8})-(?P<time>\d{6})(?:-(?P<n>\d+))?(?:-(?P<tag>[a-z][a-z0-9-]*))?\.sqlite3$"
)
META_LAST_BACKUP_SEQ = "last_backup_seq"


class BackupError(Exception):
    """A backup could not be written or did not verify; the partial copy has been removed."""


@dataclass(frozen=True)
class BackupInfo:
    """A backup file and what its name says about it (local time taken, clash number, tag)."""

    path: Path
    taken: datetime
    seq: int
    tag: str

    @property
    def sort_key(self) -> tuple[datetime, int]:
        return (self.taken, self.seq)


def backups_dir(db_path: Path | None = None) -> Path:
    """Where backups of a database live: ``backups/`` beside it (the user data folder by default)."""
    base = db_path.parent if db_path is not None else user_paths().data
    return base / "backups"


def backup_name(now: datetime | None = None, tag: str = "") -> str:
    """``annotations-YYYYmmdd-HHMMSS[-tag].sqlite3`` for ``now`` (local time)."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return f"{PREFIX}-{stamp}{'-' + tag if tag else ''}{SUFFIX}"


def _unique(dest: Path) -> Path:
    """``dest``, or ``dest`` with ``-2``, ``-3``... before the tag when that name is taken."""
    if not dest.exists():
        return dest
    m = _NAME_RE.match(dest.name)
    for n in range(2, 10_000):
        if m:
            tag = f"-{m['tag']}" if m["tag"] else ""
            candidate = dest.with_name(f"{PREFIX}-{m['day']}-{m['time']}-{n}{tag}{SUFFIX}")
        else:
            candidate = dest.with_name(f"{dest.stem}-{n}{dest.suffix}")
        if not candidate.exists():
            return candidate
    raise BackupError(f"no free backup name near {dest}")


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as f:
        os.fsync(f.fileno())


def _fsync_dir(path: Path) -> None:
    """Make a rename durable (POSIX; Windows has no directory handles to sync)."""
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _integrity(path: Path) -> str:
    """``"ok"`` or SQLite's first complaints about the file at ``path`` (opened read-only)."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return f"cannot open: {exc}"
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    finally:
        conn.close()
    result = "; ".join(str(r[0]) for r in rows[:5])
    return result


def is_good(path: Path) -> bool:
    """True when ``path`` is an SQLite database that passes ``PRAGMA integrity_check``."""
    return path.is_file() and _integrity(path) == "ok"


def _copy(src: sqlite3.Connection, partial: Path) -> None:
    dst = sqlite3.connect(partial)
    try:
        src.backup(dst)
        # The copy inherits WAL mode from the header; a single file is what a backup should be.
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()


def backup_to(source: sqlite3.Connection | str | os.PathLike[str] | Store, dest: Path) -> Path:
    """Copy a database to ``dest`` with the SQLite backup API, verify it, and return its path.

    ``source`` is an open connection, a database path (opened read-only), or a Store (copied under
    its lock, so no write of this process interleaves). If ``dest`` exists a ``-2``... variant is
    used. Raises :class:`BackupError` (and leaves nothing behind) if the copy fails or does not
    pass ``PRAGMA integrity_check``.
    """
    try:  # a backups folder that cannot be created (a read-only profile) is a failed backup too
        dest = _unique(Path(dest))
        dest.parent.mkdir(parents=True, exist_ok=True)
        partial = dest.with_name(dest.name + ".partial")
        partial.unlink(missing_ok=True)
    except OSError as exc:
        raise BackupError(f"could not back up to {dest}: {exc.strerror or exc}") from exc
    try:
        if isinstance(source, sqlite3.Connection):
            _copy(source, partial)
        elif isinstance(source, (str, os.PathLike)):
            src = sqlite3.connect(f"{Path(source).resolve().as_uri()}?mode=ro", uri=True)
            try:
                _copy(src, partial)
            finally:
                src.close()
        else:
            with source.db.read() as conn:
                _copy(conn, partial)
        verdict = _integrity(partial)
        if verdict != "ok":
            raise BackupError(f"the backup copy failed its integrity check: {verdict}")
        _fsync_file(partial)
        os.replace(partial, dest)
        _fsync_dir(dest.parent)
    except BaseException as exc:
        for leftover in (partial, Path(f"{partial}-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)
        if isinstance(exc, BackupError):
            raise
        if isinstance(exc, (sqlite3.Error, OSError)):
            raise BackupError(f"could not back up to {dest}: {exc}") from exc
        raise
    return dest


def _parse(path: Path) -> BackupInfo | None:
    m = _NAME_RE.match(path.name)
    if not m:
        return None
    try:
        taken = datetime.strptime(m["day"] + m["time"], "%Y%m%d%H%M%S")
    except ValueError:
        return None
    return BackupInfo(path, taken, int(m["n"] or 1), m["tag"] or "")


def list_backups(directory: Path | None = None) -> list[BackupInfo]:
    """Backups in ``directory`` (default :func:`backups_dir`), newest first; other files ignored."""
    directory = directory if directory is not None else backups_dir()
    if not directory.is_dir():
        return []
    infos = [info for p in directory.iterdir() if p.is_file() and (info := _parse(p)) is not None]
    return sorted(infos, key=lambda i: i.sort_key, reverse=True)


def newest_good_backup(
    directory: Path | None = None, *, accept: Callable[[Path], bool] | None = None
) -> Path | None:
    """The newest backup that passes ``PRAGMA integrity_check`` (pre-migration copies included).

    ``accept`` adds a check of the caller's (the store wants every table of the backup's schema:
    a copy taken after a table was lost would bring the damage back).
    """
    for info in list_backups(directory):
        if is_good(info.path) and (accept is None or accept(info.path)):
            return info.path
        log.warning("backup %s fails its checks; trying an older one", info.path)
    return None


def rotate(
    directory: Path | None = None, keep_daily: int = 14, keep_recent: int = 10, *, today: date | None = None
) -> list[Path]:
    """Delete old routine backups; return what was deleted.

    Kept: the ``keep_recent`` newest, plus the newest of each of the last ``keep_daily`` days
    (today included). Tagged copies (``-before-vN``) are never deleted here. Leftover
    ``.partial`` files more than an hour old (a copy interrupted by a crash) are removed too.
    """
    today = today or date.today()
    directory = directory if directory is not None else backups_dir()
    routine = [i for i in list_backups(directory) if not i.tag]
    keep = {i.path for i in routine[:keep_recent]}
    first_day = today - timedelta(days=keep_daily - 1)
    seen_days: set[date] = set()
    for info in routine:  # newest first, so the first seen per day is that day's newest
        day = info.taken.date()
        if first_day <= day <= today and day not in seen_days:
            seen_days.add(day)
            keep.add(info.path)
    removed = []
    if directory is not None and directory.is_dir():
        # Copies interrupted by a crash or kill; an hour-old one is not in progress any more.
        stale = datetime.now().timestamp() - 3600
        for partial in directory.glob("*.partial*"):
            with contextlib.suppress(OSError):
                if partial.stat().st_mtime < stale:
                    partial.unlink()
                    removed.append(partial)
    for info in routine:
        if info.path not in keep:
            try:
                info.path.unlink()
                removed.append(info.path)
            except OSError as exc:  # a locked file on Windows: try again next time
                log.warning("could not remove old backup %s: %s", info.path, exc)
    return removed


def backup_now(store: Store, *, tag: str = "", now: datetime | None = None) -> Path:
    """A verified backup of ``store`` in its backups folder, recorded as covering its changes so far."""
    with store.db.read() as conn:  # one lock: the recorded sequence is exactly what was copied
        seq = store.change_seq()
        path = backup_to(conn, store.backup_dir / backup_name(now, tag))
    if not store.read_only:
        store.db.set_meta(META_LAST_BACKUP_SEQ, str(seq))
    return path


def _changed_since_backup(store: Store) -> bool:
    last = store.db.get_meta(META_LAST_BACKUP_SEQ)
    return last is None or int(last) != store.change_seq()


def daily_backup(store: Store, *, now: datetime | None = None) -> Path | None:
    """At most one routine backup per day, and only when the data changed since the last one.

    Returns the new backup, or None when none was needed. Rotates afterwards.
    """
    now = now or datetime.now()
    if store.change_seq() == 0:
        return None  # nothing was ever written: nothing to protect
    today = now.date()
    if any(i.taken.date() == today and not i.tag for i in list_backups(store.backup_dir)):
        return None
    if not _changed_since_backup(store) and list_backups(store.backup_dir):
        return None
    path = backup_now(store, now=now)
    rotate(store.backup_dir, today=today)
    return path


def backup_on_quit(store: Store, *, now: datetime | None = None) -> Path | None:
    """A backup when anything changed since the last backup (of any process); None otherwise."""
    if store.change_seq() == 0 or not _changed_since_backup(store):
        return None
    now = now or datetime.now()
    path = backup_now(store, now=now)
    rotate(store.backup_dir, today=now.date())
    return path
