"""Alignment and pairing benchmark: paragraph alignment at 10/100/1,000 paragraphs a side, and
pair suggestions over generated corpora of 1k and 10k articles.

    python benchmarks/bench_align.py                       # align sizes 10 100 1000, corpora 1000 10000
    python benchmarks/bench_align.py --sizes 10 100 --corpora 1000

Alignment input is the English/Arabic report written for ``tests/unit/test_aligner.py``, repeated
with random merges and splits (so the true grouping is known and the accuracy is printed too).
Pairing input is ``benchmarks/corpus_gen.py``'s corpus, scanned with the real ingest code; the
index is built with the bundled alias table, then ``suggest`` is timed for 50 articles.

Prints ONE markdown table. The generated corpora live in a temporary folder.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.corpus_gen import generate_corpus  # noqa: E402
from reader.align.aligner import align, group_accuracy  # noqa: E402
from reader.align.pairing import PairingIndex  # noqa: E402
from reader.ingest.corpus import scan_corpus  # noqa: E402
from reader.text.names import AliasTable  # noqa: E402
from tests.unit.test_aligner import perturb  # noqa: E402

ALIASES = ROOT / "corpus" / "aliases.csv"


def parallel_text(size: int, seed: int = 0) -> tuple[list[str], list[str], list[tuple]]:
    """At least ``size`` paragraphs a side: perturbed copies of the test report, end to end."""
    en: list[str] = []
    ar: list[str] = []
    truth: list[tuple] = []
    block = 0
    while len(en) < size:
        e, a, t = perturb(seed * 10_000 + block, operations=3, drop=0.1)
        truth.extend((tuple(i + len(en) for i in ga), tuple(j + len(ar) for j in gb)) for ga, gb in t)
        en.extend(e)
        ar.extend(a)
        block += 1
    if size < len(en):  # cut at a group boundary near ``size``
        keep = [g for g in truth if all(i < size for i in g[0])]
        last_b = max((j for _, gb in keep for j in gb), default=-1)
        en, ar, truth = en[:size], ar[: last_b + 1], keep
    return en, ar, truth


def bench_align(sizes: list[int], aliases: AliasTable, repeats: int = 3) -> list[tuple[str, ...]]:
    rows = []
    for size in sizes:
        en, ar, truth = parallel_text(size)
        times = []
        beads: list = []
        for _ in range(repeats if size <= 100 else 1):
            started = time.perf_counter()
            beads = align(en, ar, aliases=aliases)
            times.append(time.perf_counter() - started)
        right, total = group_accuracy(beads, truth)
        rows.append((
            "align (aliases on)", f"{len(en)} × {len(ar)} ¶", _seconds(min(times)),
            f"{right}/{total} ¶ in the right group ({right / total:.1%})",
        ))
    return rows


def bench_pairing(sizes: list[int], aliases: AliasTable, folder: Path) -> list[tuple[str, ...]]:
    rows = []
    for size in sizes:
        corpus_dir = folder / f"corpus_{size}"
        generate_corpus(corpus_dir, size, seed=1)
        started = time.perf_counter()
        corpus = scan_corpus(corpus_dir)
        scanned = time.perf_counter() - started
        started = time.perf_counter()
        index = PairingIndex(corpus.documents, aliases)
        built = time.perf_counter() - started
        rng = random.Random(size)
        queries = rng.sample([d.id for d in corpus.documents if d.id in index.features],
                             min(50, len(index.features)))
        latencies = []
        for doc_id in queries:
            started = time.perf_counter()
            index.suggest(doc_id, limit=5)
            latencies.append(time.perf_counter() - started)
        latencies.sort()
        p95 = latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))]
        n_docs = len(corpus.documents)
        rows.append(("PairingIndex build", f"{n_docs:,} articles", _seconds(built),
                     f"(scan itself: {_seconds(scanned)})"))
        median = _seconds(statistics.median(latencies))
        rows.append(("suggest (top 5)", f"{n_docs:,} articles", median,
                     f"median of {len(latencies)}; p95 {_seconds(p95)}"))
    return rows


def _seconds(value: float) -> str:
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10, 100, 1000],
                        help="paragraphs per side for align")
    parser.add_argument("--corpora", type=int, nargs="*", default=[1000, 10000],
                        help="generated corpus sizes for suggestions")
    args = parser.parse_args(argv)
    aliases = AliasTable.load([ALIASES])
    rows = bench_align(args.sizes, aliases)
    with tempfile.TemporaryDirectory(prefix="bench_align_") as tmp:
        rows += bench_pairing(args.corpora, aliases, Path(tmp))
    print("| operation | input | time | notes |")
    print("| --- | --- | ---: | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
