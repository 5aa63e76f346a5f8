"""Concordance benchmark: time to the first KWIC lines and to all of them, for a term with ~5,000 hits.

    python benchmarks/bench_concordance.py --sizes 10000
    python benchmarks/bench_concordance.py --sizes 2000 10000 --target 5000 --ui

For each size a synthetic corpus (``benchmarks/corpus_gen.py``) is generated, scanned with the real
ingest code and indexed with :func:`reader.search.service.open_index`. The term is the candidate
whose occurrence count (a word count over the scanned texts, before any timing) is closest to
``--target``; then, in a fresh process state for the concordance (no earlier concordance run, so
every distinct word of the matching articles is analysed for the first time: the cold case),
:func:`reader.search.concordance.open_concordance` is timed to its first batch of lines (what the
view shows first) and to its last line; then the same again, warm. ``--ui`` also feeds the lines to the app's
:class:`~reader.ui.concordance_view.ConcordanceModel` behind a shown table (offscreen) batch by batch
and reports the longest GUI-thread stall (the largest single batch insert plus repaint).

Targets (issue 11): first lines <= 300 ms, all lines <= 2 s for ~5,000 occurrences at 10k articles.
Prints ONE markdown table. Everything lives in a temporary folder (``--keep DIR`` to keep it).
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.corpus_gen import generate_corpus  # noqa: E402

CANDIDATES = ("drone", "embassy", "sanctions", "protesters", "corruption", "Baghdad", "Soleimani",
              "security", "militia", "parliament", "election", "oil", "rocket", "strike", "government")
FIRST_TARGET_MS = 300.0
ALL_TARGET_MS = 2000.0


def _pick_term(documents: list, target: int) -> tuple[str, int]:
    """The candidate whose whole-word count (case-insensitive, plural 's' too) is closest to ``target``."""
    words: Counter[str] = Counter()
    pattern = re.compile(r"[A-Za-z]+")
    for doc in documents:
        if doc.duplicate_of:
            continue
        words.update(w.lower() for w in pattern.findall(doc.text))
    counts = {c: words[c.lower()] + words[c.lower() + "s"] for c in CANDIDATES}
    term = min(counts, key=lambda c: abs(counts[c] - target))
    return term, counts[term]


def _time(handle, term: str, documents: dict) -> tuple[int, int, float, float, float]:
    """(lines, articles, open ms, first batch ms, all ms) of one concordance."""
    from reader.search.concordance import open_concordance

    started = time.perf_counter()
    conc = open_concordance(handle, term, documents=documents)
    opened = (time.perf_counter() - started) * 1000
    first = None
    total = 0
    for batch in conc.batches(250):
        if first is None:
            first = (time.perf_counter() - started) * 1000
        total += len(batch)
    conc.close()
    return total, conc.articles, opened, first or 0.0, (time.perf_counter() - started) * 1000


def run_size(n: int, target: int, base: Path, ui: bool, extra: list[str] | None = None) -> list[dict]:
    from reader import paths
    from reader.ingest.corpus import scan_corpus
    from reader.search.concordance import open_concordance
    from reader.search.service import open_index

    folder = base / f"corpus-{n}"
    if not (folder.is_dir() and any(folder.iterdir())):  # --keep DIR: reuse a corpus generated before
        generate_corpus(folder, n, seed=0)
    paths.set_profile(base / f"profile-{n}")
    t0 = time.perf_counter()
    corpus = scan_corpus(folder)
    scan_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    handle = open_index(corpus)
    index_s = time.perf_counter() - t0
    documents = {d.id: d for d in corpus.documents}
    term, estimate = _pick_term(corpus.documents, target)

    started = time.perf_counter()
    conc = open_concordance(handle, term, documents=documents)
    opened_ms = (time.perf_counter() - started) * 1000
    first_ms = None
    total = 0
    batches = []
    for batch in conc.batches(250):
        if first_ms is None:
            first_ms = (time.perf_counter() - started) * 1000
        total += len(batch)
        batches.append(batch)
    all_ms = (time.perf_counter() - started) * 1000
    # The same walk again: the analysis cache of the words met is now warm (what the app sees when
    # the concordance follows a search that just ran, or a second query over similar articles).
    started = time.perf_counter()
    again = open_concordance(handle, term, documents=documents)
    warm_first = None
    for _batch in again.batches(250):
        if warm_first is None:
            warm_first = (time.perf_counter() - started) * 1000
    warm_all = (time.perf_counter() - started) * 1000
    row = {
        "articles": n, "scan_s": scan_s, "index_s": index_s, "term": term, "estimate": estimate,
        "lines": total, "matching": conc.articles, "open_ms": opened_ms, "first_ms": first_ms or 0.0,
        "all_ms": all_ms, "warm_first_ms": warm_first or 0.0, "warm_all_ms": warm_all,
        "ui_max_ms": None, "ui_total_ms": None,
    }
    print(f"# {n} articles: {total} lines of {term!r} in {conc.articles} articles; first {first_ms:.0f} ms, "
          f"all {all_ms:.0f} ms (warm: {warm_first:.0f} / {warm_all:.0f} ms)", file=sys.stderr, flush=True)
    if ui:
        row["ui_max_ms"], row["ui_total_ms"] = _ui_feed(batches)
    conc.close()
    rows = [row]
    for term in extra or []:
        lines, articles, opened, first, all_ms = _time(handle, term, documents)
        rows.append({**row, "term": term, "estimate": None, "lines": lines, "matching": articles,
                     "open_ms": opened, "first_ms": first, "all_ms": all_ms, "warm_first_ms": float("nan"),
                     "warm_all_ms": float("nan"), "ui_max_ms": None, "ui_total_ms": None})
    handle.close()
    paths.set_profile(None)
    return rows


def _ui_feed(batches: list[list]) -> tuple[float, float]:
    """Longest and total GUI-thread time to insert the batches into the shown table (offscreen)."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from reader.ui.concordance_view import ConcordanceView
    from reader.ui.tasks import TaskRunner

    app = QApplication.instance() or QApplication([])
    view = ConcordanceView(TaskRunner(synchronous=True))
    view.resize(1200, 500)
    view.show()
    app.processEvents()
    longest = total = 0.0
    for batch in batches:
        t0 = time.perf_counter()
        view.model.append_lines(batch)
        view.table.viewport().repaint()
        app.processEvents()
        spent = (time.perf_counter() - t0) * 1000
        longest, total = max(longest, spent), total + spent
    t0 = time.perf_counter()
    view.model.set_sort("left")
    view.table.viewport().repaint()
    app.processEvents()
    longest = max(longest, (time.perf_counter() - t0) * 1000)
    view.close()
    return longest, total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000])
    parser.add_argument("--target", type=int, default=5000, help="occurrences wanted (default 5000)")
    parser.add_argument("--ui", action="store_true", help="also time the app's model filling (offscreen)")
    parser.add_argument("--keep", type=Path, help="keep the generated corpora and indexes here")
    parser.add_argument("--extra-terms", nargs="*", default=[],
                        help="also time these queries (e.g. alias-expanded names, phrases) on each corpus")
    args = parser.parse_args(argv)
    base = args.keep or Path(tempfile.mkdtemp(prefix="bench-concordance-"))
    base.mkdir(parents=True, exist_ok=True)
    rows = []
    try:
        for n in args.sizes:
            rows.extend(run_size(n, args.target, base, args.ui, args.extra_terms))
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)

    def ok(value: float, limit: float) -> str:
        return f"{value:.0f}{' ✓' if value <= limit else ' ✗'}"

    print("| articles | scan s | index s | term | lines | articles matched | open ms | first lines ms "
          f"(≤{FIRST_TARGET_MS:.0f}) | all lines ms (≤{ALL_TARGET_MS:.0f}) | warm first / all ms | "
          "UI longest stall ms | UI total ms |")
    print("| ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        ui_max = f"{r['ui_max_ms']:.0f}" if r["ui_max_ms"] is not None else "–"
        ui_total = f"{r['ui_total_ms']:.0f}" if r["ui_total_ms"] is not None else "–"
        print(f"| {r['articles']} | {r['scan_s']:.1f} | {r['index_s']:.1f} | {r['term']} | {r['lines']} | "
              f"{r['matching']} | {r['open_ms']:.0f} | {ok(r['first_ms'], FIRST_TARGET_MS)} | "
              f"{ok(r['all_ms'], ALL_TARGET_MS)} | {r['warm_first_ms']:.0f} / {r['warm_all_ms']:.0f} | "
              f"{ui_max} | {ui_total} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
