"""Ingest speed: scan generated English/Arabic corpora and print one table.

Two layouts per size: one article per file, and the same articles concatenated into scraped-page
files of 30 articles each (with "Related News" separators), which exercises the splitter.
Besides the whole scan: the CPU time of duplicate grouping alone (with ``--reference``, also of the
implementation it replaced, kept in ``tests/unit/test_dedupe_speed.py``, checking both agree), the
scan cache's size and the time to open the corpus from it (what start-up pays). Then a formats
table: MB/s of reading the real sample files of ``tests/data/formats`` (web pages, PDF, Word, EPUB,
Markdown) into articles, per format.

    python benchmarks/bench_scan.py --sizes 1000 10000 [--reference]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "unit"))

from corpus_gen import generate_corpus

from reader.ingest import scan_cache
from reader.ingest.corpus import Corpus, scan_corpus
from reader.ingest.dedupe import duplicate_groups

FORMATS_DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "formats"
FORMAT_NAMES = {".html": "HTML", ".htm": "HTML", ".mhtml": "MHTML", ".pdf": "PDF", ".docx": "Word",
                ".epub": "EPUB", ".md": "Markdown"}
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


def measure(folder: Path, repeat: int) -> tuple[float, Corpus]:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        corpus = scan_corpus(folder)
        best = min(best, time.perf_counter() - start)
    return best, corpus


def dedupe_cpu(texts: list[str], reference: bool) -> tuple[float, float | None]:
    """CPU seconds of ``duplicate_groups`` and, with ``reference``, of the one it replaced."""
    start = time.process_time()
    groups = duplicate_groups(texts)
    fast = time.process_time() - start
    if not reference:
        return fast, None
    from test_dedupe_speed import _reference_groups

    start = time.process_time()
    if _reference_groups(texts) != groups:
        raise SystemExit("duplicate groups differ from the reference implementation")
    return fast, time.process_time() - start


def cached_open(folder: Path, repeat: int) -> tuple[float, float]:
    """Seconds to open ``folder`` from a warm scan cache (best of ``repeat``), and the cache's MB."""
    scan_cache.load_corpus(folder)  # writes the cache
    best = float("inf")
    for _ in range(max(repeat, 3)):
        start = time.perf_counter()
        scan_cache.load_corpus(folder)
        best = min(best, time.perf_counter() - start)
    return best, scan_cache.cache_path(folder).stat().st_size / 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--reference", action="store_true", help="also time the replaced dedupe")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["CORPUS_READER_HOME"] = str(Path(tmp) / "home")  # the scan cache goes there
        for n in args.sizes:
            single = Path(tmp) / f"single_{n}"
            generate_corpus(single, n, seed=1)
            pages = Path(tmp) / f"pages_{n}"
            make_pages(single, pages)
            for layout, folder in (("1 article/file", single), (f"{PAGE_SIZE} articles/page", pages)):
                seconds, corpus = measure(folder, args.repeat)
                docs = len(corpus.documents)
                size = sum(f.stat().st_size for f in folder.rglob("*.txt")) / 1e6
                fast, ref = dedupe_cpu([d.text for d in corpus.documents], args.reference)
                del corpus
                opened, cache_mb = cached_open(folder, args.repeat)
                rows.append((n, layout, docs, size, seconds, docs / seconds, size / seconds, fast, ref,
                             cache_mb, opened))
    print("| articles | layout | articles found | MB | scan s | articles/s | MB/s | dedupe CPU s "
          "(before) | cache MB | open from cache s |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for n, layout, docs, mb, s, aps, mbps, fast, ref, cache_mb, opened in rows:
        before = f" ({ref:.2f})" if ref is not None else ""
        print(f"| {n} | {layout} | {docs} | {mb:.1f} | {s:.2f} | {aps:,.0f} | {mbps:.2f} "
              f"| {fast:.2f}{before} | {cache_mb:.0f} | {opened:.2f} |")
    print_formats(args.repeat)
    return 0


def print_formats(repeat: int) -> None:
    """Each format's files read through its extractor into articles, best of ``repeat`` runs."""
    from reader.ingest.corpus import documents_of_file
    from reader.ingest.loader import load_file

    by_format: dict[str, list[Path]] = {}
    for path in sorted(FORMATS_DATA.rglob("*")):
        if path.is_file() and path.suffix.lower() in FORMAT_NAMES and "hostile" not in path.parts:
            by_format.setdefault(FORMAT_NAMES[path.suffix.lower()], []).append(path)
    print("\n| format | files | MB | read s | MB/s | articles |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for fmt, files in by_format.items():
        size = sum(f.stat().st_size for f in files) / 1e6
        best, articles = float("inf"), 0
        for _ in range(max(1, repeat)):
            started, articles = time.perf_counter(), 0
            for f in files:
                source = load_file(f, f.name)
                if not hasattr(source, "reason"):
                    articles += len(documents_of_file(source))
            best = min(best, time.perf_counter() - started)
        print(f"| {fmt} | {len(files)} | {size:.2f} | {best:.2f} | {size / best:.2f} | {articles} |")


if __name__ == "__main__":
    sys.exit(main())
