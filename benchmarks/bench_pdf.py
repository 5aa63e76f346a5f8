"""PDF text extraction: PDFium (pypdfium2) against pdfminer.six, on the PDF samples of the tests.

Prints one table, a row per sample: pages/s and MB/s of each library's plain text extraction, and
pages/s of the reader's whole PDF extractor (PDFium plus line rebuilding and cleanup); for Arabic
samples, how many phrases read off the rendered page each output holds in logical order (after
folding presentation forms) and the share of letters left as presentation forms. Then the
samples truncated and with bytes overwritten: how many each library reads, refuses with an
exception, or takes too long on.

    python benchmarks/bench_pdf.py [--repeat 3] [FILE.pdf ...]
"""

from __future__ import annotations

import argparse
import io
import logging
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pypdfium2 as pdfium
from pdfminer.high_level import extract_text as pdfminer_text

from reader.ingest.formats.pdf import read_pdf
from reader.ingest.formats.pdf_arabic import fold_presentation_forms, is_arabic
from reader.ingest.loader import NotText

SAMPLES = Path(__file__).resolve().parent.parent / "tests" / "data" / "formats" / "pdf"
SLOW = 10.0  # seconds: a damaged file taking longer than this counts as a hang
# Phrases each Arabic sample shows on the page (read off the rendered page), in logical order.
EXPECTED = {
    "arabic-chrome-skia.pdf": ("من اين انت؟", "ولاية كارولينا الشمال", "عندي 47 قطط", "في الانجليزية"),
    "arabic-cid-truetype.pdf": ("انواع الخطوط العربية",),
    "arabic-weasyprint.pdf": ("أيام الأسبوع", "للأطفال", "الافتتاح", "آلاف الزوار", "الإنسانية"),
    "multilang-libreoffice.pdf": ("مرحبا بالعالم",),
    "arabic-naive-ltr.pdf": ("قال المتحدث باسم الوزارة", "من القاعدة", "في إطار الاتفاق"),
}


def pdfium_text(data: bytes) -> tuple[str, int]:
    document = pdfium.PdfDocument(data)
    try:
        parts = []
        for page in document:
            textpage = page.get_textpage()
            parts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return "\n\f".join(parts), len(parts)
    finally:
        document.close()


def miner_text(data: bytes) -> tuple[str, int]:
    text = pdfminer_text(io.BytesIO(data))
    return text, max(1, text.count("\f"))


def reader_text(data: bytes) -> tuple[str, int]:
    extracted = read_pdf(data, Path("sample.pdf"))
    pages = max((b.page or 1 for b in extracted.blocks), default=1)
    return "\n".join(b.text for b in extracted.blocks), pages


def timed(fn: Callable[[bytes], tuple[str, int]], data: bytes, repeat: int) -> tuple[float, str, int]:
    best, text, pages = float("inf"), "", 0
    for _ in range(repeat):
        start = time.perf_counter()
        text, pages = fn(data)
        best = min(best, time.perf_counter() - start)
    return best, text, pages


def arabic_quality(name: str, text: str) -> str:
    """'found/expected forms%': the sample's phrases found as written on the page, and the share
    of Arabic letters left as presentation forms (U+FB50-U+FEFF)."""
    letters = [ch for ch in text if ch.isalpha() and is_arabic(ch)]
    if name not in EXPECTED or not letters:
        return "-"
    forms = sum(1 for ch in letters if ord(ch) >= 0xFB50)
    flat = " ".join(fold_presentation_forms(text).split())
    found = sum(phrase in flat for phrase in EXPECTED[name])
    return f"{found}/{len(EXPECTED[name])} {forms / len(letters):4.0%}"


def damaged_variants(data: bytes, rng: random.Random) -> list[bytes]:
    out = [data[: len(data) * k // 10] for k in (1, 3, 5, 7, 9)]
    for _ in range(5):
        buf = bytearray(data)
        for _ in range(max(1, len(buf) // 200)):
            buf[rng.randrange(len(buf))] = rng.randrange(256)
        out.append(bytes(buf))
    return out


def robustness(files: list[Path]) -> dict[str, list[int]]:
    """library -> [read, refused with an exception, slower than SLOW]."""
    rng = random.Random(15)
    counts = {"pdfium": [0, 0, 0], "pdfminer": [0, 0, 0], "reader": [0, 0, 0]}
    fns = {"pdfium": pdfium_text, "pdfminer": miner_text, "reader": reader_text}
    for path in files:
        for variant in damaged_variants(path.read_bytes(), rng):
            for name, fn in fns.items():
                start = time.perf_counter()
                try:
                    fn(variant)
                    counts[name][0] += 1
                except (NotText, Exception):
                    counts[name][1] += 1
                if time.perf_counter() - start > SLOW:
                    counts[name][2] += 1
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    logging.getLogger("pdfminer").setLevel(logging.CRITICAL)  # it logs every damaged object
    files = args.files or sorted(SAMPLES.glob("*.pdf"))
    quality = "ar ok forms"
    head = (f"{'sample':30} {'KB':>5} {'pages':>5} | {'pdfium p/s':>10} {'MB/s':>6} {quality:>12} | "
            f"{'pdfminer p/s':>12} {'MB/s':>6} {quality:>12} | {'reader p/s':>10} {quality:>12}")
    print(head)
    print("-" * len(head))
    readable = []
    for path in files:
        data = path.read_bytes()
        mb = len(data) / 1e6
        cells = []
        for fn in (pdfium_text, miner_text, reader_text):
            try:
                seconds, text, pages = timed(fn, data, args.repeat)
            except (NotText, Exception) as exc:  # encrypted, scanned: what each says
                cells.append((None, type(exc).__name__[:12], "", 0))
                continue
            cells.append((pages / seconds, f"{mb / seconds:6.2f}", arabic_quality(path.name, text), pages))
        if cells[0][0] is not None:
            readable.append(path)
        pages = max(c[3] for c in cells)
        row = f"{path.name[:30]:30} {len(data) / 1024:5.0f} {pages:5d}"
        for i, (rate, mbs, quality, _) in enumerate(cells):
            width = 12 if i == 1 else 10
            if rate is None:
                row += f" | {mbs:>{width}} {'':>6} {'':>12}" if i < 2 else f" | {mbs:>{width}} {'':>12}"
            elif i < 2:
                row += f" | {rate:{width}.1f} {mbs} {quality:>12}"
            else:
                row += f" | {rate:{width}.1f} {quality:>12}"
        print(row)
    print()
    counts = robustness(readable)
    print(f"damaged copies of {len(readable)} samples (truncated at 10-90 %, 0.5 % of bytes overwritten):")
    for name, (ok, refused, slow) in counts.items():
        print(f"  {name:9} read {ok:3d}  refused {refused:3d}  slower than {SLOW:.0f} s {slow:3d}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
