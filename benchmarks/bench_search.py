"""Search benchmark: index build speed, time to first results, and query latency per query type.

    python benchmarks/bench_search.py --sizes 1000 10000

For each size a synthetic corpus (``benchmarks/corpus_gen.py``) is generated, scanned with the real
ingest code, indexed with :func:`reader.search.service.open_index` (a never-indexed corpus: the
newest articles are published first, then the rest), and searched through
:func:`reader.search.searcher.search`, which includes the total count, the by-month facet and
snippets + match offsets for the top 10. The same articles go into SQLite FTS5 (stdlib) as a
reference point: the ratio says how much the pure-Python engine costs against a C one doing less
(FTS5 here has no stemming, aliases, variants or Arabic folding).

Prints ONE markdown table. Everything lives in a temporary folder (``--keep DIR`` to keep it;
``--keep DIR --reuse`` searches the corpus and index a previous run left there, without
generating and building them again: the build row then measures re-opening the index).

The first warm-up after the index is built (what the app runs in the background once an index is
ready) reads the per-document arrays and stores the alias spellings' phrase starts beside the
index; its time is printed in the notes. The cold figures come after it, as in the app.

Memory, in the notes: this process' peak RSS (``RUSAGE_SELF``) after the scan, the build and the
searches; on Linux (sampled from ``/proc``) the writer process' own peak (the build spawns one) and
the build's peak of both together at one instant, which is what the machine must hold.
``RUSAGE_CHILDREN`` is printed too, but on Linux it is at least this process' own peak when it
spawned the writer, charged to the writer. The build's CPU time (this process and the writer) is in
the notes too: on a busy machine it varies less than the wall time.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.corpus_gen import generate_corpus  # noqa: E402

# Query strings per type: words and names the generator writes (head vocabulary and name lists).
QUERIES: dict[str, list[dict]] = {
    "term": [{"q": "security"}, {"q": "drone"}, {"q": "الحكومة"}, {"q": "Baghdad"}, {"q": "corruption"}],
    "AND": [{"q": "security forces"}, {"q": "drone attack"}, {"q": "القوات الأمن"},
            {"q": "embassy protesters"}, {"q": "oil sanctions"}],
    "phrase": [{"q": '"security forces"'}, {"q": '"prime minister"'}, {"q": '"الحشد الشعبي"'},
               {"q": '"human rights"'}, {"q": '"the attack"'}],
    "prefix": [{"q": "secur*"}, {"q": "milit*"}, {"q": "الحك*"}, {"q": "assass*"}, {"q": "dr*"}],
    "fuzzy": [{"q": "goverment~"}, {"q": "Bagdad~"}, {"q": "sanctons~"}, {"q": "militai~"},
              {"q": "corupption~"}],
    "alias-expanded": [{"q": "Hizballah"}, {"q": "Kataib Hezbollah"}, {"q": "كتائب حزب الله"},
                       {"q": "Qasem Soleimani"}, {"q": "Muqtada al-Sadr"}],
    "date-filtered": [{"q": "security", "date_from": "2020-01", "date_to": "2020-06"},
                      {"q": "drone attack", "date_from": "2021"},
                      {"q": "الحكومة", "date_to": "2019-12"},
                      {"q": "Baghdad date:[2022-01 TO 2022-03]"},
                      {"q": "corruption", "date_from": "2023-05-01", "date_to": "2023-05-31"}],
    "exact": [{"q": "security", "exact": True}, {"q": "الحكومة", "exact": True},
              {"q": "الرَّئِيسُ", "exact": True}, {"q": '"drone attack"', "exact": True},
              {"q": "Baghdad", "exact": True}],
    "variants": [{"q": "Hizballah", "variants": True}, {"q": "Soleimani", "variants": True},
                 {"q": "Sadr", "variants": True}, {"q": "كتائب", "variants": True},
                 {"q": "Baghdad", "variants": True}],
}

_KH = '"Kataib Hezbollah" OR "Kata\'ib Hezbollah" OR "Kataeb Hezbollah" OR "كتائب حزب الله"'

# FTS5 equivalents (no stemming or aliases there: the closest plain expression).
FTS_QUERIES: dict[str, list[tuple[str, tuple[int, int] | None]]] = {
    "term": [("security", None), ("drone", None), ("الحكومة", None), ("Baghdad", None), ("corruption", None)],
    "AND": [("security AND forces", None), ("drone AND attack", None), ("القوات AND الأمن", None),
            ("embassy AND protesters", None), ("oil AND sanctions", None)],
    "phrase": [('"security forces"', None), ('"prime minister"', None), ('"الحشد الشعبي"', None),
               ('"human rights"', None), ('"the attack"', None)],
    "prefix": [("secur*", None), ("milit*", None), ("الحك*", None), ("assass*", None), ("dr*", None)],
    "fuzzy": [("government", None), ("Baghdad", None), ("sanctions", None), ("military", None),
              ("corruption", None)],
    "alias-expanded": [('"Hezbollah" OR "Hizballah" OR "Hizbullah" OR "حزب الله"', None),
                       (_KH, None),
                       (_KH, None),
                       ('"Qassem Soleimani" OR "Qasem Soleimani" OR "قاسم سليماني"', None),
                       ('"Muqtada al-Sadr" OR "Moqtada al-Sadr" OR "مقتدى الصدر"', None)],
    "date-filtered": [("security", (20200100, 20200699)), ('drone AND attack', (20210000, 99999999)),
                      ("الحكومة", (1, 20191299)), ("Baghdad", (20220100, 20220399)),
                      ("corruption", (20230501, 20230531))],
    "exact": [("security", None), ("الحكومة", None), ("الرَّئِيسُ", None), ('"drone attack"', None),
              ("Baghdad", None)],
    "variants": [('"Hizballah" OR "Hezbollah" OR "Hizbullah" OR "حزب الله"', None),
                 ('"Soleimani" OR "Suleimani" OR "سليماني"', None), ('"Sadr" OR "الصدر"', None),
                 ("كتائب OR Kataib", None), ('"Baghdad" OR "بغداد"', None)],
}

REPEATS = 6


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1))))
    return ordered[k]


def _timed(fn: Callable[[], object], repeats: int = REPEATS) -> list[float]:
    fn()  # warm caches (OS pages, analyzer caches) once
    out = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_s() -> tuple[float, float]:
    """CPU seconds (user + system) of this process and of its ended children: a build's cost that a
    busy machine does not inflate as it does the wall time."""
    own, children = (resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def _children_rss_mb() -> float:
    """``RUSAGE_CHILDREN``: the peak RSS of the largest child process that has ended. On Linux a
    spawned process is charged at least the parent's own peak RSS at the time it was started (it
    begins as a copy of the parent), so this may say nothing of the writer itself: see
    :class:`TreeSampler`."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


class TreeSampler:
    """The peak of this process' RSS *plus* its live children's, sampled every 0.1 s (Linux ``/proc``),
    and the children's own peak.

    Why: ``RUSAGE_SELF`` leaves out the spawned writer process and ``RUSAGE_CHILDREN`` is no measure of
    it (:func:`_children_rss_mb`); what the user's machine must hold is their sum at one instant (an
    upper bound: pages both map, such as shared libraries, count twice). ``peak_mb`` is None where
    ``/proc`` is missing.
    """

    def __init__(self, interval: float = 0.1) -> None:
        self.interval = interval
        self.peak_mb: float | None = None
        self.children_peak_mb = 0.0
        self.at_peak: tuple[float, float] = (0.0, 0.0)  # (self, children) MB when the sum peaked
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    def __enter__(self) -> TreeSampler:
        if Path("/proc/self/status").is_file():
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.wait(self.interval):
            own = _proc_rss_mb(me)
            children = sum(_proc_rss_mb(pid) for pid in _descendants(me))
            self.children_peak_mb = max(self.children_peak_mb, children)
            if self.peak_mb is None or own + children > self.peak_mb:
                self.peak_mb, self.at_peak = own + children, (own, children)


def _proc_rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def _descendants(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children", encoding="ascii") as fh:
                found += [int(x) for x in fh.read().split()]
        except (OSError, ValueError):
            continue
    return found + [d for child in found for d in _descendants(child)]


def bench_whoosh(corpus_dir: Path, profile: Path) -> dict:
    from reader import paths
    from reader.ingest.scan_cache import load_corpus
    from reader.search.searcher import search, warm_up
    from reader.search.service import open_index

    paths.set_profile(profile)
    t0 = time.perf_counter()
    corpus = load_corpus(corpus_dir)  # as the app reads it: stored, its text read when needed
    scan_s = time.perf_counter() - t0
    scan_rss = _rss_mb()
    first: dict[str, float] = {}

    def on_first(handle) -> None:
        with handle:
            search(handle, "security", limit=10)
        first["s"] = time.perf_counter() - t1

    t1 = time.perf_counter()
    cpu = _cpu_s()
    with TreeSampler() as build_mem:
        handle = open_index(corpus, on_first_batch=on_first)
    build_s = time.perf_counter() - t1
    build_cpu = tuple(after - before for after, before in zip(_cpu_s(), cpu, strict=True))
    build_rss = _rss_mb()
    t = time.perf_counter()
    warm_up(handle)
    warm_s = time.perf_counter() - t
    index_bytes = sum(f.stat().st_size for f in handle.path.iterdir() if f.is_file())
    results: dict[str, list[float]] = {}
    cold: dict[str, list[float]] = {}
    totals: dict[str, list[int]] = {}
    for kind, queries in QUERIES.items():
        samples: list[float] = []
        for spec in queries:
            opts = {k: v for k, v in spec.items() if k != "q"}
            # Cold: a fresh searcher (per-document arrays read first and the loaded corpus moved
            # out of the garbage collector's way, as the app's warm-up after opening an index
            # does: warm_up(freeze=True)), OS file cache warm. Terms read by earlier queries stay
            # cached for the index generation, as in the app.
            handle.drop_searchers()
            warm_up(handle, freeze=True)
            t = time.perf_counter()
            totals.setdefault(kind, []).append(search(handle, spec["q"], limit=10, **opts).total)
            cold.setdefault(kind, []).append((time.perf_counter() - t) * 1000)
            samples += _timed(lambda spec=spec, opts=opts: search(handle, spec["q"], limit=10, **opts))
        results[kind] = samples
    t2 = time.perf_counter()
    again = open_index(corpus)
    noop_s = time.perf_counter() - t2
    again.close()
    handle.close()
    paths.set_profile(None)
    return {"scan_s": scan_s, "build_s": build_s, "first_s": first.get("s"), "warm_s": warm_s,
            "results": results, "cold": cold,
            "totals": totals, "docs": len(corpus.documents), "index_mb": index_bytes / 1e6,
            "noop_s": noop_s, "corpus": corpus, "scan_rss": scan_rss, "search_rss": _rss_mb(),
            "build_rss": build_rss, "build_tree": build_mem, "build_cpu": build_cpu}


def bench_fts5(corpus: object, folder: Path) -> dict:
    db_path = folder / "fts.sqlite"
    db_path.unlink(missing_ok=True)
    con = sqlite3.connect(db_path)
    t0 = time.perf_counter()
    con.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, content, "
                "tokenize='unicode61 remove_diacritics 2')")
    con.execute("CREATE TABLE meta(rowid INTEGER PRIMARY KEY, day INTEGER, month TEXT, dup INTEGER)")
    meta = []
    for i, doc in enumerate(corpus.documents, start=1):  # type: ignore[attr-defined]
        value = doc.date.value or ""
        day = int((value + "-00-00")[:10].replace("-", "")) if value else 0
        meta.append((i, day, value[:7] if len(value) >= 7 else "", int(bool(doc.duplicate_of))))
    rows = ((i, doc.id, doc.title, doc.text) for i, doc in enumerate(corpus.documents, start=1))  # type: ignore[attr-defined]
    con.executemany("INSERT INTO docs(rowid, id, title, content) VALUES (?, ?, ?, ?)", rows)
    con.executemany("INSERT INTO meta VALUES (?, ?, ?, ?)", meta)
    con.commit()
    build_s = time.perf_counter() - t0

    def run(expr: str, days: tuple[int, int] | None) -> None:
        where = "docs MATCH ? AND meta.dup = 0"
        params: list[object] = [expr]
        if days:
            where += " AND meta.day BETWEEN ? AND ?"
            params += list(days)
        join = "FROM docs JOIN meta ON meta.rowid = docs.rowid"
        con.execute(f"SELECT meta.month, count(*) {join} WHERE {where} GROUP BY meta.month",
                    params).fetchall()
        con.execute(f"SELECT docs.id, snippet(docs, 2, '«', '»', '…', 30) {join} WHERE {where} "
                    "ORDER BY rank LIMIT 10", params).fetchall()

    results = {}
    for kind, queries in FTS_QUERIES.items():
        samples: list[float] = []
        for expr, days in queries:
            samples += _timed(lambda expr=expr, days=days: run(expr, days))
        results[kind] = samples
    con.close()
    return {"build_s": build_s, "results": results}


def _rows(size: int, nbytes: int, w: dict, f: dict) -> list[str]:
    mb = nbytes / 1e6
    label = f"{size:,} files / {w['docs']:,} articles, {mb:.1f} MB"
    first = f"{w['first_s']:.2f} s" if w["first_s"] is not None else "n/a (small corpus: one batch)"
    whoosh_build = f"{w['build_s']:.1f} s = {mb / w['build_s']:.2f} MB/s (index {w['index_mb']:.0f} MB)"
    fts_build = f"{f['build_s']:.1f} s = {mb / f['build_s']:.1f} MB/s"
    rows = [
        f"| {label} | build | {whoosh_build} | {fts_build} | {w['build_s'] / f['build_s']:.1f}× |",
        f"| {label} | first searchable batch | {first} | – | – |",
        f"| {label} | re-open, nothing changed | {w['noop_s']:.2f} s | – | – |",
    ]
    for kind in QUERIES:
        ws, fs, cs = w["results"][kind], f["results"][kind], w["cold"][kind]
        wm, wp = statistics.median(ws), _percentile(ws, 95)
        fm, fp = statistics.median(fs), _percentile(fs, 95)
        hits = "/".join(str(n) for n in w["totals"][kind])
        ratio = wp / fp if fp else float("nan")
        whoosh = f"{wm:.1f} / {wp:.1f} ms; cold {statistics.median(cs):.0f} / {max(cs):.0f} ms"
        rows.append(f"| {label} | {kind} (hits {hits}) | {whoosh} | {fm:.1f} / {fp:.1f} ms | {ratio:.1f}× |")
    return rows


def _tree(sampler: TreeSampler) -> str:
    rusage = (f"RUSAGE_CHILDREN {_children_rss_mb():.0f} MB: on Linux at least this process' peak when it "
              "spawned it")
    if sampler.peak_mb is None:
        return f"the writer process' and the build's peak of all processes not measured (no /proc; {rusage})"
    own, children = sampler.at_peak
    return (f"peak RSS of the writer process {sampler.children_peak_mb:.0f} MB ({rusage}), the build's "
            f"peak of all processes together {sampler.peak_mb:.0f} MB (this process {own:.0f} + writer "
            f"{children:.0f}; sampled every {sampler.interval:g} s)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", "--size", type=int, nargs="+", default=[1000])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--reuse", action="store_true",
                        help="with --keep: reuse the corpus and index a previous run left there (the build "
                             "figures then measure re-opening it)")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench_search_"))
    rows: list[str] = []
    notes: list[str] = []
    try:
        for size in args.sizes:
            corpus_dir = work / f"corpus_{size}"
            profile = work / f"profile_{size}"
            done = work / f"corpus_{size}.seed"
            t = time.perf_counter()
            if args.reuse and args.keep and done.is_file() and done.read_text() == str(args.seed):
                nbytes = sum(f.stat().st_size for f in corpus_dir.rglob("*") if f.is_file())
            else:
                shutil.rmtree(corpus_dir, ignore_errors=True)
                nbytes = generate_corpus(corpus_dir, size, seed=args.seed)
                shutil.rmtree(profile, ignore_errors=True)
                done.write_text(str(args.seed))
            gen_s = time.perf_counter() - t
            w = bench_whoosh(corpus_dir, profile)
            f = bench_fts5(w["corpus"], work)
            rows += _rows(size, nbytes, w, f)
            notes.append(f"{size}: corpus generated in {gen_s:.1f} s, scanned in {w['scan_s']:.1f} s "
                         f"(peak RSS {w['scan_rss']:.0f} MB by then), build CPU {sum(w['build_cpu']):.1f} s "
                         f"(this process {w['build_cpu'][0]:.1f} + writer {w['build_cpu'][1]:.1f}), "
                         f"first warm-up {w['warm_s']:.1f} s, "
                         f"peak RSS of this process after building {w['build_rss']:.0f} MB and after "
                         f"searching {w['search_rss']:.0f} MB, {_tree(w['build_tree'])}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print("| corpus | measure | Whoosh (median / p95) | SQLite FTS5 (median / p95) | ratio (p95) |")
    print("| --- | --- | --- | --- | --- |")
    print("\n".join(rows))
    print(f"\n{'; '.join(notes)}; peak RSS of this process {_rss_mb():.0f} MB; query figures include total, "
          f"by-month facet and top-10 snippets; {REPEATS} runs x 5 queries per type after one warm-up each; "
          "'cold' = first run of each query on a fresh searcher (median / max of the 5).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
