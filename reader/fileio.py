"""Durable file writes: a crash or power cut leaves either the old file or the new one, never half.

Used for everything the app writes: index pointers and manifests, the scan cache (an SQLite file
built whole, :func:`atomic_build`), exports. Write to a sibling temporary file (same filesystem, so
the rename is atomic), fsync it, rename over the target, then fsync the folder so the rename itself
survives.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path


def fsync_path(path: Path) -> None:
    """fsync a file, or a directory where the platform allows it (not on Windows)."""
    flags = os.O_RDONLY
    if path.is_dir():
        if sys.platform == "win32":
            return
        flags |= getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError as exc:  # some filesystems refuse directory fsync: nothing more we can do
        if exc.errno not in (errno.EINVAL, errno.EBADF, errno.EROFS):
            raise
    finally:
        os.close(fd)


def _is_special(path: Path) -> bool:
    """Is ``path`` an existing file that is neither a regular file nor a folder (a device, a pipe)?"""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def atomic_write(path: str | os.PathLike[str], data: bytes, *, make_parents: bool = True) -> Path:
    """Replace ``path`` with ``data`` atomically and durably; returns the path written.

    ``make_parents=False`` for paths the user typed (exports): a mistyped folder is an error to
    report, not a folder to create.
    """
    target = Path(path)
    if target.is_symlink():
        target = Path(os.path.realpath(target))  # replace the file the link names, keep the link
    if _is_special(target):
        # A device or a pipe (``-o /dev/stdout``, ``/dev/null``, a FIFO) is written through, never
        # renamed over: replacing it would destroy it (as root, /dev/null itself).
        with open(target, "wb") as fh:
            fh.write(data)
        return target
    with atomic_build(target, make_parents=make_parents) as tmp:
        with open(tmp, "wb") as fh:
            fh.write(data)
        with contextlib.suppress(OSError):
            # mkstemp creates 0600; an export should get the user's usual permissions.
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
    return target


@contextlib.contextmanager
def atomic_build(target: Path, *, make_parents: bool = True) -> Iterator[Path]:
    """A sibling temporary file to build ``target`` in (a file written by a library, e.g. an SQLite
    database); when the block ends without an error it is fsynced and renamed over ``target``,
    otherwise removed, so ``target`` is never seen half written."""
    if make_parents:
        target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        fsync_path(tmp)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_path(target.parent)
