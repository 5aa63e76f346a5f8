"""Ingest speed: scan generated English/Arabic corpora and print one table.

Two layouts per size: one article per file, and the same articles concatenated into scraped-page
files of 30 articles each (with "Related News" separators), which exercises the splitter.

    python benchmarks/bench_scan.py --sizes 1000 10000
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_gen import generate_corpus

from reader.ingest.corpus import scan_corpus

PAGE_SIZE = 30
SEPARATORS = ("Related News", "مقالات متعلقة", "MORE ON THIS TOPIC:")


def make_pages(single: Path, pages: Path) -> None:
    """Concatenate single-article files into compound pages, as a scraper of a blog would."""
    pages.mkdir()
    files = sorted(single.glob("*.txt"))
    for n in range(0, len(files), PAGE_SIZE):
        parts = []
        for k, f in enumerate(files[n : n + PAGE_SIZE]):
            if k:
                parts.append(SEPARATORS[k % len(SEPARATORS)])
            parts.append(f.read_text(encoding="utf-8"))
        (pages / f"page_{n // PAGE_SIZE:04d}.txt").write_text("\n\n".join(parts), encoding="utf-8")


def measure(folder: Path, repeat: int) -> tuple[float, int, int]:
    best = float("inf")
    docs = 0
    for _ in range(repeat):
        start = time.perf_counter()
        corpus = scan_corpus(folder)
        best = min(best, time.perf_counter() - start)
        docs = len(corpus.documents)
    size = sum(f.stat().st_size for f in folder.rglob("*.txt"))
    return best, docs, size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            single = Path(tmp) / f"single_{n}"
            generate_corpus(single, n, seed=1)
            pages = Path(tmp) / f"pages_{n}"
            make_pages(single, pages)
            for layout, folder in (("1 article/file", single), (f"{PAGE_SIZE} articles/page", pages)):
                seconds, docs, size = measure(folder, args.repeat)
                rows.append((n, layout, docs, size / 1e6, seconds, docs / seconds, size / 1e6 / seconds))
    print("| articles | layout | articles found | MB | scan s | articles/s | MB/s |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: |")
    for n, layout, docs, mb, s, aps, mbps in rows:
        print(f"| {n} | {layout} | {docs} | {mb:.1f} | {s:.2f} | {aps:,.0f} | {mbps:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
