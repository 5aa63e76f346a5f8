"""Freed memory goes back to the system after a big job (Linux with glibc; elsewhere nothing to do)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from reader.memory import release_free_memory


def _resident_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim: Linux only")
def test_memory_a_job_freed_is_handed_back():
    # 200 MB in blocks the C allocator serves, one in a hundred kept (as a scan keeps its listing):
    # the free blocks between the survivors stay mapped until trimmed.
    blocks = [bytes(2000) + bytes([n % 256]) for n in range(100_000)]
    kept = blocks[::100]
    del blocks
    before = _resident_mb()
    assert release_free_memory(collect=False)
    after = _resident_mb()
    assert before - after > 100, (before, after)
    assert len(kept) == 1000


def test_memory_release_is_safe_to_call_anytime():
    assert release_free_memory() in (True, False)
    assert release_free_memory(collect=False) in (True, False)
