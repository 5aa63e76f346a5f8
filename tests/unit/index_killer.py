"""Child process for the kill -9 test: add documents and commit, forever, until killed.

Usage: ``python index_killer.py STORE_ROOT SIDE_FILE FIRST_ROUND``

Each round adds a new source file's three articles (and every fourth round re-indexes an older
source with a new fingerprint, exercising delete + add and segment merges) through the same
``write_documents`` + manifest path the app uses. Only *after* the commit has returned, the ids are
appended to SIDE_FILE and fsynced: every id in that file must be searchable after any kill.
Prints ``ready`` once the index is open so the parent's random delay measures writing time, not
interpreter start-up.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from reader.ingest.model import UNDATED, Document, Paragraph  # noqa: E402
from reader.search.indexer import (  # noqa: E402
    Batch,
    IndexStore,
    IndexUnusable,
    write_documents,
)

WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"]


def unique_word(round_no: int, j: int) -> str:
    """A letters-only word unique to one article (the stemmer leaves it alone)."""
    n = round_no * 10 + j
    letters = []
    while True:
        n, r = divmod(n, 26)
        letters.append(chr(ord("a") + r))
        if n == 0:
            break
    return "zq" + "".join(letters) + "zq"


def article(round_no: int, j: int, source: str) -> Document:
    filler = " ".join(WORDS[(round_no + k) % len(WORDS)] for k in range(60))
    text = f"Report {unique_word(round_no, j)} from the field. {filler}"
    return Document(
        id=f"k{round_no:05d}#{j:02d}", source=source, segment=j, title=f"Round {round_no}", byline=None,
        outlet=None, date=UNDATED, language="en", paragraphs=(Paragraph(text, 0, "en", "ltr"),),
        original=text, source_span=(0, len(text)),
    )


def main() -> int:
    root, side, first = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    store = IndexStore(root)
    lock = store.writer_lock()
    if not lock.acquire(timeout=20):
        print("lock busy", flush=True)
        return 3
    try:
        name, ix, manifest = store.open_current()
    except IndexUnusable:
        name, path, ix = store.new_version()
        store.flip(name)
        _, ix, manifest = store.open_current()
    path = store.version_dir(name)
    print("ready", flush=True)
    round_no = first
    with open(side, "a", encoding="utf-8") as out:
        while True:
            source = f"k{round_no:05d}.txt"
            docs = [article(round_no, j, source) for j in range(1, 4)]
            batches = [Batch(source, f"h{round_no}", docs)]
            if round_no % 4 == 3 and round_no - 2 >= first:
                old = round_no - 2
                old_source = f"k{old:05d}.txt"
                batches.append(Batch(old_source, f"h{old}-again",
                                     [article(old, j, old_source) for j in range(1, 4)]))
            write_documents(ix, path, add=batches, limitmb=16)
            for batch in batches:
                manifest.files[batch.source] = batch.file_hash
            manifest.save(path)
            for batch in batches:
                for doc in batch.documents:
                    out.write(f"{doc.id}\t{round_no}\n")
            out.flush()
            os.fsync(out.fileno())
            round_no += 1


if __name__ == "__main__":
    sys.exit(main())
