"""Reuse the last scan of an unchanged corpus, so the app opens a large corpus at once.

Scanning 10k articles takes about a minute (decode, split, date, dedupe); checking that nothing
changed takes milliseconds (``corpus_signature``: names, sizes, modification times). The cache is
a disposable pickle in the profile's cache folder, keyed by the corpus folder, and invalidated by
any change to the files, to the ingest code itself or to the researcher's boundary fixes (the
offsets handed to the scan are part of the key; ``reader.store.boundary_fixes`` resolves them).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import logging
import pickle
from dataclasses import replace
from pathlib import Path

from reader import __version__, paths
from reader.fileio import atomic_write
from reader.ingest.boundaries import NO_FIXES, BoundaryFixes
from reader.ingest.corpus import Corpus, scan_corpus
from reader.ingest.loader import corpus_signature

log = logging.getLogger(__name__)
FORMAT = 2  # 2: the key pickled ahead of the corpus; originals that are slices of a source left out


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


def load_corpus(root: str | Path, *, fixes: BoundaryFixes = NO_FIXES, use_cache: bool = True) -> Corpus:
    """``scan_corpus`` with a cache; raises ``CorpusError`` for an unusable folder, like it.

    ``fixes`` (relpath -> offsets) are the researcher's splits and merges; they are part of the key.
    """
    root_path = Path(root).expanduser()
    signature = corpus_signature(root_path)
    target = cache_path(root_path)
    key = (FORMAT, _code_version(), signature, fixes_key(fixes))
    if use_cache:
        with contextlib.suppress(Exception):  # any unreadable cache is simply rebuilt
            corpus = _read(target, key)
            if isinstance(corpus, Corpus):
                return corpus
    corpus = scan_corpus(root_path, fixes)
    _store(target, key, corpus)
    return corpus


def _read(target: Path, key: tuple) -> Corpus | None:
    """The cached corpus if it was stored under ``key``, else None.

    The key is pickled ahead of the corpus, so a stale cache is recognised without unpickling a
    few hundred megabytes. The corpus is unpickled with the cyclic garbage collector paused: it is a
    few hundred thousand objects (a 10k corpus has 200k paragraphs), and the collections their
    allocation triggers cost more than the unpickling itself (0.85 s vs 0.40 s at 10k). None of
    them is garbage, so pausing loses nothing.
    """
    with open(target, "rb") as fh:
        if pickle.load(fh) != key:
            return None
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            corpus, sliced = pickle.load(fh)
        finally:
            if was_enabled:
                gc.enable()
    for i in sliced:
        doc = corpus.documents[i]
        start, end = doc.source_span
        # Fresh from the pickle and seen by no one yet, so filling in the frozen field is safe
        # (and ten times cheaper than ``dataclasses.replace`` for each article).
        object.__setattr__(doc, "original", corpus.sources[doc.source][start:end])
    return corpus


def _without_sliced_originals(corpus: Corpus) -> tuple[Corpus, list[int]]:
    """A copy of ``corpus`` without the originals that are a slice of their source text, and which.

    Each article's ``original`` is its span of the source file, which ``sources`` holds too: a file
    of 30 articles would be stored twice (a 10k corpus of such pages: 303 MB, 0.98 s to open, vs
    205 MB, 0.72 s without). A whole-file original is the source text itself, stored once anyway.
    """
    documents, sliced = [], []
    for i, doc in enumerate(corpus.documents):
        text = corpus.sources.get(doc.source)
        start, end = doc.source_span
        if text is not None and doc.original is not text and doc.original == text[start:end]:
            doc = replace(doc, original="")
            sliced.append(i)
        documents.append(doc)
    return replace(corpus, documents=documents), sliced


def _store(target: Path, key: tuple, corpus: Corpus) -> None:
    try:
        parts = (
            pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL)
            for part in (key, _without_sliced_originals(corpus))
        )
        atomic_write(target, b"".join(parts))  # two pickles, so the key reads on its own
    except OSError as exc:
        log.warning("scan cache not written: %s", exc)
