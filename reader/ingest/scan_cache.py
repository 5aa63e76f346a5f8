"""Reuse the last scan of an unchanged corpus, so the app opens a large corpus at once.

Scanning 10k articles takes about a minute (decode, split, date, dedupe); checking that nothing
changed takes milliseconds (``corpus_signature``: names, sizes, modification times). The cache is
a disposable file in the profile's cache folder, keyed by the corpus folder, and invalidated by
any change to the files, to the ingest code itself or to the researcher's boundary fixes (the
offsets handed to the scan are part of the key; ``reader.store.boundary_fixes`` resolves them).

The file is a run of pickles, read in order: the key; a :class:`Listing` (every article without
its text: what the window lists); the rest of the corpus' fields; the source texts in parts of
:data:`PART` files; the articles' paragraphs and originals in parts of :data:`PART` articles. Why:

* **Listed before read.** A 10k corpus' text is 200k paragraph objects and takes about a second
  to unpickle; its listing takes 50 ms. :func:`read_listing` gives the window the articles of the
  last scan to list at once, while :func:`load_corpus` checks the files and reads the text.
* **Never one long pickle.** Unpickling holds the interpreter for as long as one ``pickle.load``
  runs: a single 200 MB pickle froze a window that stays usable while the text loads, for a
  second. A part of a few hundred articles is read in a few milliseconds.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import logging
import pickle
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from reader import __version__, paths
from reader.fileio import atomic_write
from reader.ingest.boundaries import NO_FIXES, BoundaryFixes
from reader.ingest.loader import Skipped, corpus_signature
from reader.ingest.model import Document

if TYPE_CHECKING:  # imported when a corpus is read: listing one at start needs none of the scanner
    from reader.ingest.corpus import Corpus, ScanListener

log = logging.getLogger(__name__)
FORMAT = 3  # 3: a listing ahead of the text, the text in parts; 2: the key ahead of one pickle
FREEZE_MIN = 2000  # articles: a smaller corpus is walked by the collector in a few milliseconds
PART = 250  # articles (or source files) per pickle: a few milliseconds each to read


@dataclass(frozen=True)
class Listing:
    """The articles of a scan without their text (``paragraphs`` empty, ``original`` ''): enough to
    list, date, count and filter them, nothing to read or search."""

    documents: list[Document]
    skipped: list[Skipped]
    problems: list[str]


def _code_version() -> str:
    """Changes whenever the ingest code changes, so a new splitter (or format reader) never serves
    stale articles."""
    digest = hashlib.sha1(f"{__version__}/{FORMAT}".encode())
    here = Path(__file__).resolve().parent
    for folder in (here, here / "formats", here.parent / "text"):
        for path in sorted(folder.glob("*.py")):
            with contextlib.suppress(OSError):
                digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_path(root: Path) -> Path:
    key = hashlib.sha1(str(root.resolve()).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return paths.user_paths().cache / "scan" / f"{key}.pickle"


def fixes_key(fixes: BoundaryFixes) -> tuple:
    """A canonical, comparable form of ``fixes`` (files without fixes left out)."""
    return tuple(
        (relpath, tuple(sorted(f.split_at)), tuple(sorted(f.merge_at)))
        for relpath, f in sorted(fixes.items())
        if f
    )


def load_corpus(
    root: str | Path, *, fixes: BoundaryFixes = NO_FIXES, use_cache: bool = True,
    listener: ScanListener | None = None,
) -> Corpus:
    """``scan_corpus`` with a cache; raises ``CorpusError`` for an unusable folder, like it.

    ``fixes`` (relpath -> offsets) are the researcher's splits and merges; they are part of the key.
    ``listener`` hears of a scan's progress and articles (a cached corpus comes whole, unheard).
    """
    from reader.ingest.corpus import Corpus, scan_corpus

    root_path = Path(root).expanduser()
    signature = corpus_signature(root_path)
    target = cache_path(root_path)
    key = (FORMAT, _code_version(), signature, fixes_key(fixes))
    if use_cache:
        with contextlib.suppress(Exception):  # any unreadable cache is simply rebuilt
            corpus = _read(target, key)
            if isinstance(corpus, Corpus):
                return corpus
    corpus = scan_corpus(root_path, fixes, listener)
    _store(target, key, corpus)
    return corpus


def read_listing(root: str | Path) -> Listing | None:
    """The articles the last scan of ``root`` found, without their text; None when there is none.

    Not checked against the files (that is :func:`load_corpus`'s work, which takes a stat per file
    and the text): what the window lists at once, until the corpus itself arrives.
    """
    try:
        with open(cache_path(Path(root).expanduser()), "rb") as fh:
            key = pickle.load(fh)
            if not isinstance(key, tuple) or key[:2] != (FORMAT, _code_version()):
                return None
            listing = pickle.load(fh)
    except Exception:  # no cache, or one that cannot be read: nothing to list early
        return None
    return listing if isinstance(listing, Listing) else None


def _read(target: Path, key: tuple) -> Corpus | None:
    """The cached corpus if it was stored under ``key``, else None.

    The key is pickled ahead of the corpus, so a stale cache is recognised without unpickling a
    few hundred megabytes. The corpus is unpickled with the cyclic garbage collector paused: it is a
    few hundred thousand objects (a 10k corpus has 200k paragraphs), and the collections their
    allocation triggers cost more than the unpickling itself (0.85 s vs 0.40 s at 10k). None of
    them is garbage, so pausing loses nothing. A large corpus is then frozen (``gc.freeze``): it
    lives as long as the window shows it, and without it the collector walks all of it three more
    times as the window fills (young, middle, then a full collection), and again at every later
    full collection. Freezing also keeps whatever cyclic garbage exists at that moment; refcounting
    still frees the corpus itself when it is replaced (it holds no cycles).
    """
    with open(target, "rb") as fh:
        if pickle.load(fh) != key:
            return None
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            corpus = _read_corpus(fh)
            if len(corpus.documents) >= FREEZE_MIN:
                gc.freeze()
        finally:
            if was_enabled:
                gc.enable()
    return corpus


def _read_corpus(fh: IO[bytes]) -> Corpus:
    from reader.ingest.corpus import Corpus

    listing: Listing = pickle.load(fh)
    head: dict[str, Any] = pickle.load(fh)
    documents = listing.documents
    sources: dict[str, str] = {}
    for _ in range(head["sources"]):
        sources.update(pickle.load(fh))
    bodies = (body for _ in range(head["bodies"]) for body in pickle.load(fh))
    for doc, (paragraphs, original) in zip(documents, bodies, strict=True):
        if original is None:  # a span of its source, stored once (a whole file: the text itself)
            start, end = doc.source_span
            original = sources[doc.source][start:end]
        # Fresh from the pickle and seen by no one yet, so filling in the frozen fields is safe
        # (and ten times cheaper than ``dataclasses.replace`` for each article).
        object.__setattr__(doc, "paragraphs", paragraphs)
        object.__setattr__(doc, "original", original)
    return Corpus(root=head["root"], documents=documents, skipped=listing.skipped, problems=listing.problems,
                  file_states=head["file_states"], sources=sources)


def _parts(corpus: Corpus) -> Iterator[Any]:
    """What :func:`_read_corpus` reads, in order, after the key."""
    documents = corpus.documents
    yield Listing([replace(d, paragraphs=(), original="") for d in documents], list(corpus.skipped),
                  list(corpus.problems))
    sources = list(corpus.sources.items())
    yield {"root": corpus.root, "file_states": dict(corpus.file_states),
           "bodies": -(-len(documents) // PART), "sources": -(-len(sources) // PART)}
    for i in range(0, len(sources), PART):
        yield dict(sources[i : i + PART])
    for i in range(0, len(documents), PART):
        yield [(d.paragraphs, _original(corpus, d)) for d in documents[i : i + PART]]


def _original(corpus: Corpus, doc: Document) -> str | None:
    """``doc.original``, or None when it is its span of the source text, which is stored anyway (a
    file of 30 articles would be stored twice: a 10k corpus of such pages took 303 MB vs 205 MB)."""
    text = corpus.sources.get(doc.source)
    start, end = doc.source_span
    return None if text is not None and doc.original == text[start:end] else doc.original


def _store(target: Path, key: tuple, corpus: Corpus) -> None:
    try:
        parts = (pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL) for part in (key, *_parts(corpus)))
        atomic_write(target, b"".join(parts))  # pickles one after another, each read on its own
    except OSError as exc:
        log.warning("scan cache not written: %s", exc)
