"""Concordance benchmark: time to the first KWIC lines and to all of them, for ~5,000 occurrences.

    python benchmarks/bench_concordance.py --sizes 10000
    python benchmarks/bench_concordance.py --sizes 2000 10000 --target 5000 --ui --keep DIR
    python benchmarks/bench_concordance.py --extra-terms Hizballah "Kataib Hezbollah"   # whole groups too

For each size a synthetic corpus (``benchmarks/corpus_gen.py``) is generated, scanned with the real
ingest code and indexed with :func:`reader.search.service.open_index`. Two queries are timed:

* **a word**: the candidate whose occurrence count (a word count over the scanned texts, before any
  timing) is closest to ``--target``;
* **an alias group**: ``"Kataib Hezbollah"`` expands to ~30 spellings in both scripts, phrases among
  them. The generator writes a name into most sentences, so the whole group has ~24,000 occurrences
  at 10k articles; a months window (``date_from``/``date_to``) brings it to ``--target``. The window
  is chosen from one untimed walk over the whole group, counting its lines per month.

Each query is timed from a fresh state (the index reopened, the analysis cache and the per-index
caches emptied: what a new process sees), twice: **after search**, as the app and the CLI run it
(the search panel's query, then the concordance: ``search --kwic`` does the same), and **concordance
first** (nothing searched before: the matching articles are found cold too); then once more warm.
:func:`reader.search.concordance.open_concordance` is timed to its first batch of lines (what the view
shows first) and to its last line. ``--ui`` also feeds the lines to the app's
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
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.corpus_gen import generate_corpus  # noqa: E402

CANDIDATES = ("drone", "embassy", "sanctions", "protesters", "corruption", "Baghdad", "Soleimani",
              "security", "militia", "parliament", "election", "oil", "rocket", "strike", "government")
ALIAS_QUERY = "Kataib Hezbollah"
FIRST_TARGET_MS = 300.0
ALL_TARGET_MS = 2000.0
BATCH = 250  # what the view asks for


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


def _months_window(handle: Any, query: str, documents: dict, target: int) -> tuple[str, str, int]:
    """(first month, last month, lines): the run of consecutive dated months of ``query``'s lines
    whose total is closest to ``target`` (one untimed walk over the whole group)."""
    from reader.search.concordance import open_concordance

    conc = open_concordance(handle, query, documents=documents)
    per_month = Counter((line.date or "")[:7] for line in conc.lines())
    conc.close()
    months = sorted(m for m in per_month if m)
    best = (months[0], months[0], per_month[months[0]])
    for i in range(len(months)):
        total = 0
        for j in range(i, len(months)):
            total += per_month[months[j]]
            if abs(total - target) < abs(best[2] - target):
                best = (months[i], months[j], total)
            if total > target:
                break
    return best


def _fresh(handle: Any, corpus: Any) -> Any:
    """The index reopened with every cache a new process would not have emptied."""
    from reader.search import searcher
    from reader.search.service import open_index

    handle.close()
    searcher._analysed.cache_clear()
    with searcher._GENERATIONS_LOCK:
        searcher._GENERATIONS.clear()
    return open_index(corpus)


def _walk(handle: Any, query: str, documents: dict, options: dict) -> dict:
    """Lines, articles and timings (ms) of one concordance, from ``open_concordance`` on."""
    from reader.search.concordance import open_concordance

    started = time.perf_counter()
    conc = open_concordance(handle, query, documents=documents, **options)
    opened = (time.perf_counter() - started) * 1000
    first = None
    total = 0
    for batch in conc.batches(BATCH):
        if first is None:
            first = (time.perf_counter() - started) * 1000
        total += len(batch)
    conc.close()
    return {"lines": total, "matching": conc.articles, "open_ms": opened, "first_ms": first or 0.0,
            "all_ms": (time.perf_counter() - started) * 1000}


def _time_query(handle: Any, corpus: Any, query: str, documents: dict, options: dict) -> tuple[Any, dict]:
    """Concordance first (cold), after search (cold), then warm; returns the reopened handle too."""
    from reader.search.searcher import search

    handle = _fresh(handle, corpus)
    first = _walk(handle, query, documents, options)
    handle = _fresh(handle, corpus)
    started = time.perf_counter()
    search(handle, query, limit=20, **options)
    search_ms = (time.perf_counter() - started) * 1000
    after = _walk(handle, query, documents, options)
    warm = _walk(handle, query, documents, options)
    row = {**after, "search_ms": search_ms, "cold_first_ms": first["first_ms"],
           "cold_all_ms": first["all_ms"], "warm_first_ms": warm["first_ms"], "warm_all_ms": warm["all_ms"],
           "ui_max_ms": None, "ui_total_ms": None}
    return handle, row


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
    lo, hi, alias_lines = _months_window(handle, ALIAS_QUERY, documents, target)
    queries = [(term, {}, f"{term}", estimate),
               (ALIAS_QUERY, {"date_from": lo, "date_to": hi}, f"{ALIAS_QUERY} (alias group, {lo} to {hi})",
                alias_lines)]
    queries += [(q, {}, f"{q} (whole)", None) for q in extra or []]
    rows = []
    for query, options, label, guess in queries:
        handle, row = _time_query(handle, corpus, query, documents, options)
        row.update({"articles": n, "scan_s": scan_s, "index_s": index_s, "term": label, "estimate": guess})
        print(f"# {n} articles: {row['lines']} lines of {label!r} in {row['matching']} articles; "
              f"after search first {row['first_ms']:.0f} ms, all {row['all_ms']:.0f} ms; concordance first "
              f"{row['cold_first_ms']:.0f} / {row['cold_all_ms']:.0f} ms; warm {row['warm_first_ms']:.0f} / "
              f"{row['warm_all_ms']:.0f} ms", file=sys.stderr, flush=True)
        if ui and not rows:
            conc = open_concordance(handle, query, documents=documents, **options)
            row["ui_max_ms"], row["ui_total_ms"] = _ui_feed(list(conc.batches(BATCH)))
            conc.close()
        rows.append(row)
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

    print(f"| articles | scan s | index s | query | lines | articles matched | search ms | first lines ms "
          f"(≤{FIRST_TARGET_MS:.0f}) | all lines ms (≤{ALL_TARGET_MS:.0f}) | concordance first: first / all "
          "ms | warm first / all ms | UI longest stall ms | UI total ms |")
    print("| ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        ui_max = f"{r['ui_max_ms']:.0f}" if r["ui_max_ms"] is not None else "–"
        ui_total = f"{r['ui_total_ms']:.0f}" if r["ui_total_ms"] is not None else "–"
        print(f"| {r['articles']} | {r['scan_s']:.1f} | {r['index_s']:.1f} | {r['term']} | {r['lines']} | "
              f"{r['matching']} | {r['search_ms']:.0f} | {ok(r['first_ms'], FIRST_TARGET_MS)} | "
              f"{ok(r['all_ms'], ALL_TARGET_MS)} | {ok(r['cold_first_ms'], FIRST_TARGET_MS)} / "
              f"{ok(r['cold_all_ms'], ALL_TARGET_MS)} | {r['warm_first_ms']:.0f} / {r['warm_all_ms']:.0f} | "
              f"{ui_max} | {ui_total} |")
    print("\nfirst / all lines: after the search of the same query, as the app's Concordance view and "
          "`search --kwic` run; concordance first: nothing searched before (cold index caches).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
