"""Child process for the store's kill -9 test: save notes and highlights as fast as possible, forever.

Usage: ``python store_killer.py DB_PATH SIDE_FILE``

Sequence numbers continue from the highest one already in the store (so a save that committed
but was killed before its acknowledgement is simply an extra, never a duplicate). Only *after* a
``Store`` method has returned is ``<seq>\\t<uuid>\\n`` appended to SIDE_FILE, flushed and fsynced:
every line in that file is a save the user was told had happened, and must survive any kill.
Odd numbers are highlights, even numbers article notes; note texts are Arabic, emoji and a
variable-length tail (up to ~3 KB, so some rows spill onto overflow pages). Prints ``ready`` once
the store is open, so the parent's random delay measures saving time, not interpreter start-up.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from reader.ingest.model import UNDATED, Document, Paragraph  # noqa: E402
from reader.store.db import open_store  # noqa: E402

DOC_TEXT = (
    "The ministry said on Tuesday that talks would resume. قال الرئيس إن المحادثات ستستأنف 🙂. "
    "Observers were cautious about the timetable and the guarantees offered by both sides."
)
DOC = Document(
    id="killer#01", source="killer.txt", segment=1, title="Kill test", byline=None, outlet=None,
    date=UNDATED, language="mixed", paragraphs=(Paragraph(DOC_TEXT, 0, "en", "ltr"),),
    original=DOC_TEXT, source_span=(0, len(DOC_TEXT)),
)


def note_text(seq: int) -> str:
    """The exact text saved with sequence number ``seq`` (the parent recomputes it to compare)."""
    return f"#{seq} " + "الرَّئِيسُ قال 🙂 " * (seq % 7 + 1) + "x" * (seq * 37 % 3000)


def span(seq: int) -> tuple[int, int]:
    start = seq * 7 % (len(DOC_TEXT) - 20)
    return start, start + 5 + seq % 15


def doc_id_for(seq: int) -> str:
    return DOC.id if seq % 2 else f"killer-note#{seq:06d}"


def main() -> int:
    db_path, side = Path(sys.argv[1]), Path(sys.argv[2])
    store = open_store(db_path, auto_backup=False)
    with store.db.read() as conn:  # row ids grow with sequence numbers: the last row has the highest
        last = conn.execute("SELECT note FROM annotations ORDER BY id DESC LIMIT 1").fetchone()
    seq = int(last[0].split(" ", 1)[0][1:]) + 1 if last else 1
    print("ready", flush=True)
    with open(side, "a", encoding="utf-8") as out:
        while True:
            if seq % 2:
                start, end = span(seq)
                a = store.add_highlight(DOC, start, end, 1 + seq % 8, note=note_text(seq),
                                        tags=[f"t{seq % 5}"])
            else:
                a = store.add_note(doc_id_for(seq), note_text(seq), tags=("kill",))
            out.write(f"{seq}\t{a.uuid}\n")
            out.flush()
            os.fsync(out.fileno())
            seq += 1


# --------------------------------------------------------------------------------------------
# The parent side, shared by tests/unit/test_store.py and benchmarks/bench_store.py


@dataclass
class KillReport:
    cycles: int = 0
    acknowledged: int = 0  # saves whose method returned before the kill (lines in the side file)
    lost: int = 0  # acknowledged saves missing or not whole after reopening: must be 0
    unacknowledged: int = 0  # committed but killed before the acknowledgement (fine, at most 1/cycle)
    saves_between_kills: list[int] = field(default_factory=list)
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)


def _acks(side: Path) -> list[tuple[int, str]]:
    """Complete acknowledgement lines; a line torn by the kill is cut off the file."""
    data = side.read_bytes()
    cut = data.rfind(b"\n") + 1
    if cut != len(data):
        with open(side, "r+b") as f:
            f.truncate(cut)
    out = []
    for line in data[:cut].decode("utf-8").splitlines():
        seq, uuid = line.split("\t")
        out.append((int(seq), uuid))
    return out


def _check(db_path: Path, acks: list[tuple[int, str]], report: KillReport) -> None:
    """Reopen like the app does, then require integrity and every acknowledged save, whole."""
    store = open_store(db_path, auto_backup=False)
    try:
        if store.recovery_message is not None:
            report.problems.append(f"recovery after a kill: {store.recovery_message}")
        with store.db.read() as conn:
            verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if verdict != "ok":
            report.problems.append(f"integrity_check: {verdict}")
        for seq, uuid in acks:
            a = store.get(uuid)
            whole = (
                a is not None
                and a.note == note_text(seq)
                and a.doc_id == doc_id_for(seq)
                and (a.anchor is None) == (seq % 2 == 0)
                and (a.anchor is None or a.anchor.quote == DOC_TEXT[slice(*span(seq))])
            )
            if not whole:
                report.lost += 1
                report.problems.append(f"acknowledged save {seq} ({uuid}) missing or damaged: {a!r}")
    finally:
        store.close()


def run_kill_cycles(
    workdir: Path, cycles: int, *, seed: int = 1234, min_ms: float = 5, max_ms: float = 60
) -> KillReport:
    """Start the child, let it save for a random 5-60 ms, SIGKILL it, check; ``cycles`` times."""
    db_path, side = workdir / "annotations.sqlite3", workdir / "acknowledged.tsv"
    side.touch()
    rng = random.Random(seed)
    report = KillReport()
    started = time.monotonic()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    seen = 0
    for _ in range(cycles):
        child = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), str(db_path), str(side)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        assert child.stdout is not None
        line = child.stdout.readline().decode().strip()
        if line != "ready":
            child.kill()
            _, err = child.communicate(timeout=10)
            raise RuntimeError(f"store_killer did not start: {line!r} {err.decode()[-2000:]}")
        time.sleep(rng.uniform(min_ms, max_ms) / 1000)
        os.kill(child.pid, signal.SIGKILL)
        child.communicate(timeout=10)
        if child.returncode != -signal.SIGKILL:
            report.problems.append(f"child exited by itself with {child.returncode}")
        report.cycles += 1
        acks = _acks(side)
        report.saves_between_kills.append(len(acks) - seen)
        _check(db_path, acks[seen:], report)  # the new acknowledgements, right after their kill
        seen = len(acks)
    acks = _acks(side)
    _check(db_path, acks, report)  # and all of them again at the end
    report.acknowledged = len(acks)
    conn = sqlite3.connect(db_path)
    try:
        stored = conn.execute("SELECT count(*) FROM annotations").fetchone()[0]
    finally:
        conn.close()
    report.unacknowledged = stored - len(acks)
    report.seconds = time.monotonic() - started
    return report


if __name__ == "__main__":
    sys.exit(main())
