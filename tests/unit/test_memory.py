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


def test_memory_collector_pauses_nest_across_threads():
    import gc
    import threading

    from reader.memory import collector_paused

    assert gc.isenabled()
    inside, leave = threading.Event(), threading.Event()

    def other() -> None:
        with collector_paused():
            inside.set()
            leave.wait(10)

    worker = threading.Thread(target=other)
    with collector_paused():
        worker.start()
        assert inside.wait(10)
        assert not gc.isenabled()
    # This thread's pause is over, the other's is not: the collector stays off until it ends.
    assert not gc.isenabled()
    leave.set()
    worker.join(10)
    assert gc.isenabled()


def test_memory_a_collector_turned_off_by_the_caller_stays_off():
    import gc

    from reader.memory import collector_paused

    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
