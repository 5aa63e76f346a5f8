"""The one atomic write: whole files or nothing, and never destroying what is not a file."""

from __future__ import annotations

import os
import stat
import sys
import threading
from pathlib import Path

import pytest

from reader.fileio import atomic_write


def test_a_file_is_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "notes.md"
    target.write_text("old")
    atomic_write(target, "new — جديد".encode())
    assert target.read_text(encoding="utf-8") == "new — جديد"
    assert [p.name for p in tmp_path.iterdir()] == ["notes.md"]  # no temporary file left


def test_a_link_keeps_pointing_at_the_file_it_names(tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    atomic_write(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs are POSIX")
def test_a_pipe_is_written_through_not_replaced(tmp_path: Path) -> None:
    """``-o /dev/stdout`` or a FIFO: renaming over it would destroy it (as root, even /dev/null)."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    atomic_write(fifo, b"through the pipe")
    reader.join(timeout=10)
    assert got == [b"through the pipe"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
