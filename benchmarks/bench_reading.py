"""Reading pane speed: open big articles, highlight many matches, find, jump, zoom.

Targets (from the design notes): opening a 1 MB article <= 150 ms; a 2 MB single-line article must
open at all (Qt froze for 20 s on a 1,000,000-character line before lines were split for display);
1,000 matches must not cost the ~150 ms that 1,000 ExtraSelections cost.

Articles are made from the bundled corpus's own paragraphs (English, Arabic, and one giant line),
so the text has real word lengths, punctuation and bidi runs. Each figure is the best of
``--repeat`` runs, offscreen unless ``QT_QPA_PLATFORM`` says otherwise.

    python benchmarks/bench_reading.py --repeat 3
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from reader.ingest.corpus import build_paragraphs, scan_corpus
from reader.ingest.model import UNDATED, Document
from reader.paths import bundled_corpus
from reader.ui.reading.view import ArticleView

MB = 1_000_000


def make_document(texts: list[str], doc_id: str) -> Document:
    paragraphs = build_paragraphs(texts)
    return Document(
        id=doc_id,
        source="bench.txt",
        segment=1,
        title=doc_id,
        byline=None,
        outlet=None,
        date=UNDATED,
        language="en",
        paragraphs=paragraphs,
        original="",
        source_span=(0, 0),
    )


def grow(paragraphs: list[str], size: int) -> list[str]:
    out: list[str] = []
    total = 0
    i = 0
    while total < size:
        text = paragraphs[i % len(paragraphs)]
        out.append(text)
        total += len(text) + 2
        i += 1
    return out


def best_of(repeat: int, setup: Callable[[], None], action: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        setup()
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)

    corpus = scan_corpus(bundled_corpus())
    english = [p.text for d in corpus.documents if d.language == "en" for p in d.paragraphs]
    arabic = [p.text for d in corpus.documents if d.language == "ar" for p in d.paragraphs]
    en_doc = make_document(grow(english, MB), "english-1MB")
    ar_doc = make_document(grow(arabic, MB), "arabic-1MB")
    line = " ".join(grow(english, 2 * MB))[: 2 * MB]
    line_doc = make_document([line], "single-line-2MB")

    view = ArticleView()
    view.resize(1000, 800)
    view.show()
    app.processEvents()
    empty = make_document(["."], "empty")

    def reset() -> None:
        view.show_document(empty)
        app.processEvents()

    rows: list[tuple[str, str, float, str]] = []

    def row(what: str, doc: Document, ms: float, target: str = "") -> None:
        size = f"{len(doc.text) / MB:.2f} M chars, {view.document().blockCount()} blocks"
        rows.append((what, size, ms, target))

    for doc in (en_doc, ar_doc, line_doc):
        target = "<= 150 ms" if doc is not line_doc else "returns"
        ms = best_of(args.repeat, reset, lambda d=doc: view.show_document(d))
        row(f"show_document ({doc.id})", doc, ms, target)
        ms = best_of(args.repeat, reset, lambda d=doc: (view.show_document(d), view.grab()))
        row(f"show_document + first paint ({doc.id})", doc, ms)

    view.show_document(en_doc)
    app.processEvents()
    text = en_doc.text
    step = len(text) // 1000
    spans = [(i * step, i * step + 5) for i in range(1000)]
    ms = best_of(args.repeat, view.clear_matches, lambda: view.set_matches(spans))
    row("set_matches, 1,000 matches", en_doc, ms, "well under 150 ms")
    ms = best_of(args.repeat, lambda: None, view.next_match)
    row("next_match (scroll + re-highlight)", en_doc, ms)
    ms = best_of(args.repeat, view.clear_matches, lambda: view.find_in_article("Iraq"))
    row(f"find_in_article('Iraq'), {len(view.matches())} hits", en_doc, ms)

    view.show_document(ar_doc)
    app.processEvents()
    ms = best_of(1, lambda: None, lambda: view.find_in_article("الرئيس"))
    row(f"find_in_article('الرئيس') incl. folding, {len(view.matches())} hits", ar_doc, ms)
    ms = best_of(args.repeat, view.clear_matches, lambda: view.find_in_article("العراق"))
    row(f"find_in_article('العراق') again, {len(view.matches())} hits", ar_doc, ms)

    for doc in (en_doc, line_doc):
        view.show_document(doc)
        app.processEvents()
        ms = best_of(1, lambda: None, lambda d=doc: view.scroll_to_offset(len(d.text) - 1))
        row(f"scroll_to_offset(end), full layout ({doc.id})", doc, ms)

    view.show_document(en_doc)
    app.processEvents()
    view.scroll_to_offset(len(en_doc.text) // 2)
    ms = best_of(args.repeat, view.reset_zoom, view.zoom_in)
    row("zoom_in (rebuild, keep place)", en_doc, ms)

    print("| operation | article | ms | target |")
    print("|---|---|---:|---|")
    for what, size, ms, target in rows:
        print(f"| {what} | {size} | {ms:.1f} | {target} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
