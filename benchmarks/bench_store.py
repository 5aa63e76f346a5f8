"""Store benchmark: cost of a durable save, of re-anchoring, and the full kill -9 run.

    python benchmarks/bench_store.py [--saves 1000] [--highlights 1000] [--cycles 200]

* save: ``add_highlight`` / ``add_note`` / ``update_note`` one at a time, each its own
  ``BEGIN IMMEDIATE ... COMMIT`` with WAL + ``synchronous=FULL`` (what a key press costs);
* re-anchor: 1,000 random highlights over the bundled corpus, re-checked against the unchanged
  corpus (fingerprint fast path) and against a changed one (a paragraph inserted at the top of
  every article, a 30-character chunk deleted from one paragraph of each); also 1,000 highlights
  on one synthetic 1 MB article with a paragraph inserted at the top;
* kill -9: ``tests/unit/store_killer.py`` killed at random 5-60 ms moments, every acknowledged
  save checked after each kill.

Prints ONE markdown table. Everything lives in a temporary folder (``--keep DIR`` to keep it).
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from reader import paths  # noqa: E402
from reader.ingest.corpus import scan_corpus  # noqa: E402
from reader.ingest.model import UNDATED, Document, Paragraph  # noqa: E402
from reader.store.db import open_store  # noqa: E402
from tests.unit.store_killer import run_kill_cycles  # noqa: E402

Row = tuple[str, str, str]


def ms(values: list[float]) -> tuple[float, float]:
    """(median, p95) in milliseconds."""
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def bench_saves(work: Path, docs: list[Document], n: int, rng: random.Random) -> list[Row]:
    rows = []
    with open_store(work / "saves.sqlite3", auto_backup=False) as store:
        timings: dict[str, list[float]] = {"add_highlight": [], "add_note": [], "update_note": []}
        made = []
        for i in range(n):
            doc = rng.choice(docs)
            text_len = len(doc.text)
            start = rng.randrange(0, text_len - 60)
            t0 = time.perf_counter()
            a = store.add_highlight(doc, start, start + rng.randint(5, 60), 1 + i % 8, note=f"note {i}")
            timings["add_highlight"].append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            store.add_note(doc.id, f"article note {i} الرئيس")
            timings["add_note"].append(time.perf_counter() - t0)
            made.append(a.uuid)
        for i, uuid in enumerate(made):
            t0 = time.perf_counter()
            store.update_note(uuid, f"edited {i}")
            timings["update_note"].append(time.perf_counter() - t0)
        for name, values in timings.items():
            med, p95 = ms(values)
            rows.append((f"save: {name} (WAL, synchronous=FULL)", f"{med:.2f} ms median, {p95:.2f} ms p95",
                         f"n={len(values)}"))
        total = len(store.all())
        for label in ("first", "repeat"):  # the first search folds every note; later ones reuse that
            t0 = time.perf_counter()
            hits = store.search("الرئيس")
            rows.append((f"search notes (Arabic folding) over {total} annotations, {label}",
                         f"{(time.perf_counter() - t0) * 1000:.1f} ms", f"{len(hits)} hits"))
    return rows


def changed_corpus(docs: list[Document], rng: random.Random) -> list[Document]:
    out = []
    for d in docs:
        texts = [p.text for p in d.paragraphs]
        i = rng.randrange(len(texts))
        if len(texts[i]) > 60:
            cut = rng.randrange(0, len(texts[i]) - 30)
            texts[i] = texts[i][:cut] + texts[i][cut + 30 :]
        texts.insert(0, "An inserted first paragraph, as a fixed splitter or a re-scrape would add. 🙂")
        out.append(dataclasses.replace(d, paragraphs=tuple(Paragraph(t, 0, "en", "ltr") for t in texts)))
    return out


def bench_reanchor(work: Path, docs: list[Document], n: int, rng: random.Random) -> list[Row]:
    rows = []
    with open_store(work / "reanchor.sqlite3", auto_backup=False) as store:
        for i in range(n):
            doc = rng.choice(docs)
            start = rng.randrange(0, len(doc.text) - 80)
            store.add_highlight(doc, start, start + rng.randint(8, 80), 1 + i % 8)
        for label, corpus in (("unchanged corpus", docs), ("changed corpus", changed_corpus(docs, rng))):
            t0 = time.perf_counter()
            report = store.reanchor(corpus)
            took = time.perf_counter() - t0
            rows.append((f"re-anchor {n} highlights, bundled corpus ({len(docs)} articles), {label}",
                         f"{took * 1000:.0f} ms",
                         f"anchored {report.anchored}, moved {report.moved}, orphaned {report.orphaned}"))
    # One very large article.
    filler = "The army said that the talks in the capital would resume after the holiday, officials added. "
    text = "".join(f"{filler}[{i}] " for i in range(1_000_000 // (len(filler) + 8)))
    big = Document(id="big#01", source="big.txt", segment=1, title="big", byline=None, outlet=None,
                   date=UNDATED, language="en", paragraphs=(Paragraph(text, 0, "en", "ltr"),),
                   original=text, source_span=(0, len(text)))
    with open_store(work / "big.sqlite3", auto_backup=False) as store:
        for i in range(n):
            start = rng.randrange(0, len(text) - 80)
            store.add_highlight(big, start, start + rng.randint(8, 80), 1 + i % 8)
        changed = dataclasses.replace(big, paragraphs=(Paragraph("A new first paragraph.", 0, "en", "ltr"),
                                                       Paragraph(text, 0, "en", "ltr")))
        t0 = time.perf_counter()
        report = store.reanchor([changed])
        took = time.perf_counter() - t0
        rows.append((f"re-anchor {n} highlights on one {len(text) / 1e6:.1f} MB article, text changed",
                     f"{took * 1000:.0f} ms",
                     f"anchored {report.anchored}, moved {report.moved}, orphaned {report.orphaned}"))
    return rows


def bench_kill(work: Path, cycles: int) -> list[Row]:
    folder = work / "kill"
    folder.mkdir()
    r = run_kill_cycles(folder, cycles, seed=7)
    verdict = "PASS" if r.lost == 0 and not r.problems else f"FAIL: {r.problems[:3]}"
    return [(f"kill -9 at random 5-60 ms moments, {r.cycles} cycles",
             f"{r.seconds:.1f} s",
             f"{r.acknowledged} acknowledged, {r.lost} lost, {r.unacknowledged} committed-unacknowledged; "
             f"{verdict}")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--saves", type=int, default=1000)
    parser.add_argument("--highlights", type=int, default=1000)
    parser.add_argument("--cycles", type=int, default=200)
    parser.add_argument("--keep", type=Path, default=None, help="keep the work files in this folder")
    args = parser.parse_args(argv)
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-store-"))
    work.mkdir(parents=True, exist_ok=True)
    paths.set_profile(work / "profile")  # never touch the real user folders
    rng = random.Random(42)
    try:
        docs = scan_corpus(paths.bundled_corpus()).documents
        rows = bench_saves(work, docs, args.saves, rng)
        rows += bench_reanchor(work, docs, args.highlights, rng)
        if args.cycles:
            rows += bench_kill(work, args.cycles)
    finally:
        paths.set_profile(None)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print("| measure | time | notes |")
    print("|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
