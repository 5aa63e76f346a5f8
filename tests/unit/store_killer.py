"""The store's kill -9 test: save notes and highlights as fast as possible, be killed, check everything.

Usage (started by :func:`run_kill_cycles`): ``python store_killer.py DB_PATH SIDE_FILE``

The process started is a *zygote*: it imports the store once, then for every ``go`` line on its
stdin forks a saver and prints ``ready <pid>``; the parent sleeps a random few milliseconds,
SIGKILLs that pid and writes ``reap`` so the zygote collects it (``reaped <status>``). A kill
then costs a fork, not an interpreter start-up, so a few seconds hold many kills.

Each saver opens the store as the app does (automatic backups on), continues the sequence numbers
from the highest one already stored (so a save that committed but was killed before its
acknowledgement is simply an extra, never a duplicate), and only *after* a ``Store`` method has
returned appends ``<seq>\\t<uuid>\\n`` to SIDE_FILE, flushed and fsynced: every line in that file
is a save the user was told had happened, and must survive any kill. Odd numbers are highlights
(colour ``1 + seq % 8``), even numbers article notes; every annotation has two tags; note texts
are Arabic, emoji and a variable-length tail (up to ~3 KB, so some rows spill onto overflow
pages). Between saves the saver re-writes an earlier annotation's tags (a delete and an insert)
and colour, and every few saves takes a verified backup: multi-statement transactions and
backups that a kill can land in the middle of.
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
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from reader.ingest.model import UNDATED, Document, Paragraph  # noqa: E402
from reader.store.annotations import Store  # noqa: E402  (imported here, once, not in every saver)
from reader.store.backup import backup_on_quit, backups_dir, is_good, list_backups  # noqa: E402
from reader.store.db import open_store  # noqa: E402
from reader.store.model import Annotation  # noqa: E402

DOC_TEXT = (
    "The ministry said on Tuesday that talks would resume. قال الرئيس إن المحادثات ستستأنف 🙂. "
    "Observers were cautious about the timetable and the guarantees offered by both sides."
)
DOC = Document(
    id="killer#01", source="killer.txt", segment=1, title="Kill test", byline=None, outlet=None,
    date=UNDATED, language="mixed", paragraphs=(Paragraph(DOC_TEXT, 0, "en", "ltr"),),
    original=DOC_TEXT, source_span=(0, len(DOC_TEXT)),
)
RETOUCH_EVERY = 3  # re-write an earlier annotation's tags (and colour) after every 3rd save
BACKUP_EVERY = 10  # a verified backup after every 10th save


def note_text(seq: int) -> str:
    """The exact text saved with sequence number ``seq`` (the parent recomputes it to compare)."""
    return f"#{seq} " + "الرَّئِيسُ قال 🙂 " * (seq % 7 + 1) + "x" * (seq * 37 % 3000)


def span(seq: int) -> tuple[int, int]:
    start = seq * 7 % (len(DOC_TEXT) - 20)
    return start, start + 5 + seq % 15


def doc_id_for(seq: int) -> str:
    return DOC.id if seq % 2 else f"killer-note#{seq:06d}"


def tags_for(seq: int) -> list[str]:
    """Two tags per annotation, so a half-written tag set is visible too."""
    return sorted([f"t{seq % 5}", "kill" if seq % 2 == 0 else "طلقة"], key=str.casefold)


def colour_for(seq: int) -> int | None:
    return 1 + seq % 8 if seq % 2 else None


def _save(store: Store, seq: int) -> Annotation:
    if seq % 2:
        start, end = span(seq)
        return store.add_highlight(DOC, start, end, colour_for(seq), note=note_text(seq), tags=tags_for(seq))
    return store.add_note(doc_id_for(seq), note_text(seq), tags=tags_for(seq))


def _retouch(store: Store, seq: int, uuid: str) -> None:
    """Re-write what an earlier save wrote, to the same values: each is one multi-statement transaction."""
    store.set_tags(uuid, list(reversed(tags_for(seq))))
    colour = colour_for(seq)
    if colour is not None:
        store.set_colour(uuid, colour)


def saver(db_path: Path, side: Path) -> None:
    """Save forever (until killed); acknowledge each save in ``side`` only once it has returned."""
    store = open_store(db_path, auto_backup=True)
    with store.db.read() as conn:  # row ids grow with sequence numbers: the last row has the highest
        last = conn.execute("SELECT note FROM annotations ORDER BY id DESC LIMIT 1").fetchone()
    seq = int(last[0].split(" ", 1)[0][1:]) + 1 if last else 1
    print(f"ready {os.getpid()}", flush=True)
    saved: list[tuple[int, str]] = []
    with open(side, "a", encoding="utf-8") as out:
        while True:
            a = _save(store, seq)
            out.write(f"{seq}\t{a.uuid}\n")
            out.flush()
            os.fsync(out.fileno())
            saved.append((seq, a.uuid))
            if seq % RETOUCH_EVERY == 0 and len(saved) > 1:
                _retouch(store, *saved[-2])
            if seq % BACKUP_EVERY == 0:
                backup_on_quit(store)
            seq += 1


def zygote(db_path: Path, side: Path) -> int:
    """Fork a saver per ``go``; collect it on ``reap`` (see the module docstring)."""
    child = 0
    for line in sys.stdin:
        command = line.strip()
        if command == "go":
            child = os.fork()
            if child == 0:
                try:
                    saver(db_path, side)
                finally:
                    os._exit(70)  # only reached if saving failed: the parent sees the status
        elif command == "reap" and child:
            _, status = os.waitpid(child, 0)
            print(f"reaped {status}", flush=True)
            child = 0
    return 0


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
    backups: int = 0  # verified backups present at the end
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


def _whole(a: Annotation, seq: int, since: datetime) -> str:
    """What is wrong with the stored annotation of ``seq`` ("" when it is exactly what was saved)."""
    wanted = {
        "note": note_text(seq), "doc_id": doc_id_for(seq), "tags": tags_for(seq), "colour": colour_for(seq),
        "quote": DOC_TEXT[slice(*span(seq))] if seq % 2 else None,
    }
    got = {"note": a.note, "doc_id": a.doc_id, "tags": a.tags, "colour": a.colour,
           "quote": a.anchor.quote if a.anchor is not None else None}
    wrong = [f"{k}={got[k]!r:.60} (not {wanted[k]!r:.60})" for k in wanted if got[k] != wanted[k]]
    try:
        created, modified = (datetime.fromisoformat(t.replace("Z", "+00:00"))
                             for t in (a.created, a.modified))
    except ValueError:
        return "; ".join([*wrong, f"unreadable times {a.created!r} / {a.modified!r}"])
    now = datetime.now(UTC) + timedelta(seconds=5)
    if not since <= created <= modified <= now:
        wrong.append(f"times out of order: created {a.created}, modified {a.modified}")
    return "; ".join(wrong)


def _check(db_path: Path, acks: list[tuple[int, str]], report: KillReport, since: datetime) -> None:
    """Reopen like the app does, then require integrity, every acknowledged save whole, and every
    stored annotation whole *with its tags*: a write that was not one transaction shows here."""
    store = open_store(db_path, auto_backup=False)
    try:
        if store.recovery_message is not None:
            report.problems.append(f"recovery after a kill: {store.recovery_message}")
        with store.db.read() as conn:
            verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if verdict != "ok":
            report.problems.append(f"integrity_check: {verdict}")
        stored = {a.uuid: a for a in store.all()}
        for a in stored.values():
            wrong = _whole(a, int(a.note.split(" ", 1)[0][1:]), since)
            if wrong:
                report.problems.append(f"stored annotation {a.uuid} is not what was saved: {wrong}")
        for seq, uuid in acks:
            a = stored.get(uuid)
            if a is None or _whole(a, seq, since):
                report.lost += 1
                report.problems.append(f"acknowledged save {seq} ({uuid}) missing or damaged: {a!r:.300}")
    finally:
        store.close()


def _check_backups(db_path: Path, report: KillReport) -> None:
    """Every file named as a backup passes integrity_check: a kill mid-backup leaves only a .partial."""
    backups = list_backups(backups_dir(db_path))
    report.backups = len(backups)
    report.problems += [f"backup {b.path.name} does not verify" for b in backups if not is_good(b.path)]


def _talk(zygote_process: subprocess.Popen, command: str) -> str:
    assert zygote_process.stdin is not None and zygote_process.stdout is not None
    zygote_process.stdin.write(f"{command}\n".encode())
    zygote_process.stdin.flush()
    line = zygote_process.stdout.readline().decode().strip()
    if not line:
        zygote_process.kill()
        _, err = zygote_process.communicate(timeout=10)
        raise RuntimeError(f"store_killer stopped after {command!r}: {err.decode()[-2000:]}")
    return line


def run_kill_cycles(
    workdir: Path, cycles: int, *, seed: int = 1234, min_ms: float = 5, max_ms: float = 60
) -> KillReport:
    """Fork a saver, let it save for a random ``min_ms``-``max_ms``, SIGKILL it, check; ``cycles`` times."""
    db_path, side = workdir / "annotations.sqlite3", workdir / "acknowledged.tsv"
    side.touch()
    rng = random.Random(seed)
    report = KillReport()
    started = time.monotonic()
    since = datetime.now(UTC) - timedelta(seconds=1)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    process = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), str(db_path), str(side)],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    seen = 0
    try:
        for _ in range(cycles):
            line = _talk(process, "go")
            if not line.startswith("ready "):
                raise RuntimeError(f"store_killer did not start a saver: {line!r}")
            time.sleep(rng.uniform(min_ms, max_ms) / 1000)
            os.kill(int(line.split()[1]), signal.SIGKILL)
            status = int(_talk(process, "reap").split()[1])
            if not os.WIFSIGNALED(status) or os.WTERMSIG(status) != signal.SIGKILL:
                report.problems.append(f"the saver ended by itself (wait status {status})")
            report.cycles += 1
            acks = _acks(side)
            report.saves_between_kills.append(len(acks) - seen)
            _check(db_path, acks[seen:], report, since)  # the new acknowledgements, right after their kill
            seen = len(acks)
    finally:
        _, err = process.communicate(timeout=30)  # closes its stdin: the zygote ends
        if process.returncode:
            report.problems.append(f"store_killer exited with {process.returncode}: {err.decode()[-2000:]}")
    acks = _acks(side)
    _check(db_path, acks, report, since)  # and all of them again at the end
    _check_backups(db_path, report)
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
    sys.exit(zygote(Path(sys.argv[1]), Path(sys.argv[2])))
