"""Ingest speed: scan generated English/Arabic corpora and print one table.

Two layouts per size: one article per file, and the same articles concatenated into scraped-page
files of 30 articles each (with "Related News" separators), which exercises the splitter.
Besides the whole scan: the CPU time of duplicate grouping alone (with ``--reference``, also of the
implementation it replaced, kept in ``tests/unit/test_dedupe_speed.py``, checking both agree), the
scan cache's size and the time to open the corpus from it (what start-up pays). Then a formats
table: MB/s of reading the real sample files of ``tests/data/formats`` (web pages, PDF, Word, EPUB,
Markdown) into articles, per format.

``--against COMMIT`` also scans the same generated folders with that commit's code (exported from
git into a temporary folder, run in its own process, alternating with today's code so both see the
same machine) and prints both and their ratio: the machine here is noisy, so only a same-run
comparison says whether the scan got slower. Issue 10's day is ``6f2a409``.

    python benchmarks/bench_scan.py --sizes 1000 10000 [--reference] [--against 6f2a409]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
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


ROOT = Path(__file__).resolve().parent.parent
_TIME_SCAN = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from reader.ingest.corpus import scan_corpus
start = time.perf_counter()
corpus = scan_corpus(Path(sys.argv[2]))
print(json.dumps([time.perf_counter() - start, len(corpus.documents)]))
"""


def export_commit(commit: str, into: Path) -> Path:
    """That commit's tree, as files (``git archive``): its code, run beside today's."""
    into.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit], check=True, capture_output=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into


def scan_in_process(code: Path, folder: Path, home: Path) -> tuple[float, int]:
    """Seconds and articles of one scan of ``folder`` by the code under ``code``, in a fresh process."""
    env = dict(os.environ, CORPUS_READER_HOME=str(home))
    out = subprocess.run([sys.executable, "-c", _TIME_SCAN, str(code), str(folder)], env=env, check=True,
                         capture_output=True, text=True).stdout
    seconds, docs = json.loads(out.strip().splitlines()[-1])
    return seconds, docs


def compare(folder: Path, old_code: Path, tmp: Path, repeat: int) -> tuple[float, int, float, int]:
    """Best-of-``repeat`` scans by today's code and by ``old_code``, alternating, each in its own process."""
    new_best = old_best = float("inf")
    new_docs = old_docs = 0
    for k in range(max(repeat, 3)):
        seconds, new_docs = scan_in_process(ROOT, folder, tmp / f"home_new_{folder.name}_{k}")
        new_best = min(new_best, seconds)
        seconds, old_docs = scan_in_process(old_code, folder, tmp / f"home_old_{folder.name}_{k}")
        old_best = min(old_best, seconds)
    return new_best, new_docs, old_best, old_docs


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
    parser.add_argument("--against", metavar="COMMIT", help="also scan with that commit's code, same run")
    args = parser.parse_args()
    rows, against = [], []
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["CORPUS_READER_HOME"] = str(Path(tmp) / "home")  # the scan cache goes there
        old_code = export_commit(args.against, Path(tmp) / "against") if args.against else None
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
                if old_code is not None:
                    against.append((n, layout, *compare(folder, old_code, Path(tmp), args.repeat)))
    print("| articles | layout | articles found | MB | scan s | articles/s | MB/s | dedupe CPU s "
          "(before) | cache MB | open from cache s |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for n, layout, docs, mb, s, aps, mbps, fast, ref, cache_mb, opened in rows:
        before = f" ({ref:.2f})" if ref is not None else ""
        print(f"| {n} | {layout} | {docs} | {mb:.1f} | {s:.2f} | {aps:,.0f} | {mbps:.2f} "
              f"| {fast:.2f}{before} | {cache_mb:.0f} | {opened:.2f} |")
    if against:
        print(f"\n| articles | layout | scan s today | articles | scan s at {args.against} | articles "
              "| today / then |")
        print("| ---: | --- | ---: | ---: | ---: | ---: | ---: |")
        for n, layout, new_s, new_docs, old_s, old_docs in against:
            print(f"| {n} | {layout} | {new_s:.2f} | {new_docs} | {old_s:.2f} | {old_docs} "
                  f"| {new_s / old_s:.2f}x |")
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
