"""Child processes for the kill -9 tests of the index.

Usage: ``python index_killer.py STORE_ROOT SIDE_FILE FIRST_ROUND`` (commits), or
``python index_killer.py sync STORE_ROOT STATE_FILE FIRST_ROUND`` (the real ``sync_index`` path).

**sync**: round after round, bring the index up to date with the corpus of that round
(:func:`sync_corpus`: sources change, appear and vanish from round to round) through
:func:`~reader.search.indexer.sync_index` itself, as the app and the CLI do: the first round is a
full build of a never-indexed corpus (the newest articles published first, the rest written with the
spawned parallel helper), every third round a forced rebuild (a new version, published by the pointer
flip), every fourth a damaged pointer (a full build with early publishing again), the others
incremental updates. Before each round STATE_FILE gets ``round <n>``, and each progress call
``phase <name>``, so the parent knows which corpus the index was being brought to and where the
kill landed.

**commits** (the default):
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

from reader.ingest.model import UNDATED, DateInfo, Document, Paragraph  # noqa: E402
from reader.search import indexer  # noqa: E402
from reader.search.indexer import (  # noqa: E402
    POINTER,
    Batch,
    IndexStore,
    IndexUnusable,
    sync_index,
    write_documents,
)
from reader.search.schema import source_fingerprints  # noqa: E402

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


SYNC_SOURCES = 36
SYNC_FIRST_BATCH = 30
"""Small enough that every full build of a never-indexed corpus publishes a first batch (the corpus
has 66 articles or more), large enough that writing it takes a few tens of milliseconds for a kill
to land in."""


def sync_corpus(round_no: int) -> list[Document]:
    """The corpus as it stands in round ``round_no``: sources edited, added and removed over time.

    Source ``i`` has two dated articles; its text changes with its *version* (the last round that
    edited it), which shows in a word of its own, so a search tells versions apart.
    """
    docs: list[Document] = []
    for i in range(SYNC_SOURCES + round_no % 4):  # a source or three come and go
        if (i + round_no) % 11 == 0:
            continue  # and one is missing now and then
        version = max((r for r in range(round_no + 1) if (i + r) % 5 == 0), default=0)
        source = f"s{i:03d}.txt"
        for j in (1, 2):
            text = (f"Dispatch {unique_word(i, j)} revision {unique_word(900 + version, 0)} from the "
                    f"field. {' '.join(WORDS[(i + j + k) % len(WORDS)] for k in range(160))}")
            date = DateInfo(f"2020-{1 + i % 12:02d}-{1 + j:02d}", "day", "header", "test")
            docs.append(Document(
                id=f"s{i:03d}#{j:02d}", source=source, segment=j, title=f"Source {i} part {j}", byline=None,
                outlet=None, date=date, language="en", paragraphs=(Paragraph(text, 0, "en", "ltr"),),
                original=text, source_span=(0, len(text)),
            ))
    return docs


def run_sync(root: Path, state: Path, first: int) -> int:
    """The ``sync`` mode (see the module docstring); runs until killed."""
    indexer.PARALLEL_MIN_DOCS = 10  # the spawned helper writes half of every full build's tail
    indexer._CHUNK_CHARS = 2_000
    os.environ["CORPUS_READER_INDEX_PROCS"] = "2"
    store = IndexStore(root)
    with open(state, "a", encoding="utf-8") as out:

        def note(line: str) -> None:
            out.write(line + "\n")
            out.flush()

        print("ready", flush=True)
        round_no = first
        while True:
            docs = sync_corpus(round_no)
            note(f"round {round_no}")
            if round_no % 4 == 1 and (root / POINTER).exists():
                (root / POINTER).write_bytes(b"\xff damaged")
            handle = sync_index(store, docs, source_fingerprints(docs), corpus_root=str(root),
                                progress=lambda done, total, phase: note(f"phase {phase}"),
                                force_rebuild=round_no % 3 == 2, first_batch=SYNC_FIRST_BATCH,
                                lock_timeout=20)
            handle.close()
            note(f"done {round_no}")
            round_no += 1


def main() -> int:
    if sys.argv[1] == "sync":
        return run_sync(Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]))
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
