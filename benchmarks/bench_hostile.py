"""Hostile sizes: what one search costs on legal files built to be expensive.

    python benchmarks/bench_hostile.py            # all three cases
    python benchmarks/bench_hostile.py --only repeat

Cases (each in a temporary folder, ``--keep DIR`` to keep them):

* **repeat**: one 6 MB article of a single word repeated a million times;
* **long**: one 45 MB article of ordinary prose (a 25-word vocabulary, a few rare words spread
  through it, so a sparse query has to read the whole text to find them);
* **aliases**: the bundled corpus with 100,000 extra alias groups in its ``aliases.csv``.

For every query: the search as the app and the CLI run it (``search()`` on an open index, warm:
median of a few runs, plus the first run on a fresh searcher), the size of its ``--json`` output,
and the concordance (``--kwic``: open, walk every article's lines) time, line count and JSON size.
The alias case times a whole ``corpus-reader search`` process with and without the big table
(second run: the scan and alias caches warm) and opening the compiled table alone.

Prints ONE markdown table. Target: every query under 1 s; the 100k table well under 0.5 s extra.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

REPEATS = 3
RARE = ("Qasimov", "Tarmiyah", "Zubeir")
QUERIES = {
    "repeat": ["drone", '"drone drone"', "dron*", "absentword"],
    "long": ["drone", "Hezbollah", '"security forces"', "Qasimov", "absentword"],
}


def make_repeat(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    text = "Repeated word\nSaturday, 04 April 2020\n\n" + "drone " * 1_000_000 + "\n"
    (folder / "repeat.txt").write_text(text, encoding="utf-8")


def make_long(folder: Path, size: int = 45_000_000) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(0)
    vocab = ["the", "of", "and", "to", "in", "a", "that", "for", "on", "is", "was", "with", "by", "as",
             "said", "drone", "attack", "security", "forces", "Baghdad", "government", "officials",
             "protest", "oil", "embassy", "Hezbollah", "militia", "report"]
    with open(folder / "long.txt", "w", encoding="utf-8") as fh:
        fh.write("A very long article\nSaturday, 04 April 2020\n\n")
        written, paragraph = 0, 0
        while written < size:
            words = [rng.choice(vocab) for _ in range(120)]
            if paragraph % 5000 == 4999:
                words[60] = RARE[paragraph // 5000 % len(RARE)]
            text = " ".join(words) + ".\n\n"
            fh.write(text)
            written += len(text)
            paragraph += 1


def make_aliases(folder: Path, groups: int = 100_000) -> None:
    shutil.copytree(ROOT / "corpus", folder)
    rng = random.Random(1)
    with open(folder / "aliases.csv", "a", encoding="utf-8") as fh:
        for i in range(groups):
            name = "".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(4))
            name = name.capitalize()
            fh.write(f"\nGroup {name} {i},{name} Brigade {i},group\nGroup {name} {i},{name}-{i} Front,")
        fh.write("\n")


def _median_ms(fn: Callable[[], object]) -> tuple[float, float]:
    """(first run on a fresh searcher, median of the next REPEATS runs), in ms."""
    t = time.perf_counter()
    fn()
    first = (time.perf_counter() - t) * 1000
    runs = []
    for _ in range(REPEATS):
        t = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - t) * 1000)
    return first, statistics.median(runs)


def bench_queries(label: str, corpus_dir: Path, profile: Path) -> list[str]:
    from reader import paths
    from reader.search.concordance import open_concordance
    from reader.search.searcher import search
    from reader.search.service import open_index
    from reader.store.boundary_fixes import load_user_corpus

    paths.set_profile(profile)
    t = time.perf_counter()
    corpus = load_user_corpus(corpus_dir).corpus
    handle = open_index(corpus)
    built = time.perf_counter() - t
    documents = {d.id: d for d in corpus.documents}
    rows = []
    for query in QUERIES[label]:
        handle.drop_searchers()
        first, median = _median_ms(lambda q=query: search(handle, q))
        response = search(handle, query)
        size = len(json.dumps(response.to_json(), ensure_ascii=False, indent=2).encode())
        count = max((h.match_count or 0 for h in response.hits), default=0)

        def concordance(q: str = query) -> tuple[int, int, int]:
            conc = open_concordance(handle, q, documents=documents)
            lines = conc.all_lines()
            conc.close()
            return len(lines), conc.omitted_total, len(json.dumps([ln.to_json() for ln in lines]).encode())

        t = time.perf_counter()
        listed, omitted, kwic_bytes = concordance()
        kwic_ms = (time.perf_counter() - t) * 1000
        rows.append(f"| {label} | `{query}` | {first:.0f} / {median:.0f} ms | {count:,} "
                    f"({len(response.hits)} hits) | {size / 1000:,.0f} kB | {kwic_ms:.0f} ms, {listed:,} "
                    f"lines (+{omitted:,} counted) | {kwic_bytes / 1000:,.0f} kB |")
    handle.close()
    paths.set_profile(None)
    rows.append(f"| {label} | (scan + index build) | {built:.1f} s | | | | |")
    return rows


def _cli_seconds(corpus_dir: Path, profile: Path, query: str) -> float:
    cmd = [sys.executable, "-m", "reader", "search", query, str(corpus_dir), "--profile", str(profile),
           "--json"]
    subprocess.run(cmd, capture_output=True, check=True, cwd=ROOT)  # warm: scan, index, alias caches
    runs = []
    for _ in range(REPEATS):
        t = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True, cwd=ROOT)
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def bench_aliases(work: Path) -> list[str]:
    from reader import paths
    from reader.search.service import search_aliases

    big, plain = work / "aliases_big", work / "aliases_plain"
    make_aliases(big)
    shutil.copytree(ROOT / "corpus", plain)
    with_table = _cli_seconds(big, work / "profile_aliases", "Hezbollah")
    without = _cli_seconds(plain, work / "profile_aliases", "Hezbollah")
    paths.set_profile(work / "profile_aliases")
    t = time.perf_counter()
    table = search_aliases(big)
    open_ms = (time.perf_counter() - t) * 1000
    t = time.perf_counter()
    found = table.match("Hezbollah") if table is not None else None
    match_ms = (time.perf_counter() - t) * 1000
    paths.set_profile(None)
    return [
        f"| aliases | CLI `search Hezbollah`, 100k groups vs bundled table | {with_table:.2f} s vs "
        f"{without:.2f} s | +{(with_table - without) * 1000:.0f} ms | | | |",
        f"| aliases | open compiled table / first match | {open_ms:.0f} ms / {match_ms:.1f} ms "
        f"| {'found' if found else 'NOT FOUND'} | | | |",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["repeat", "long", "aliases"], nargs="+")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args(argv)
    cases = args.only or ["repeat", "long", "aliases"]
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench_hostile_"))
    rows: list[str] = []
    try:
        for case in cases:
            if case == "aliases":
                rows += bench_aliases(work)
                continue
            folder = work / case
            if not folder.exists():
                (make_repeat if case == "repeat" else make_long)(folder)
            rows += bench_queries(case, folder, work / f"profile_{case}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print("| case | query | search (first / median) | matches in top hit | --json | --kwic walk "
          "| --kwic JSON |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    print("\n".join(rows))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS {peak:.0f} MB; search = search() on an open index (total, facets, top-20 hits with "
          f"snippets and at most 1,000 match offsets each); first = a fresh searcher.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
