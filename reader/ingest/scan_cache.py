"""Reuse the last scan of an unchanged corpus, so the app opens a large corpus at once.

Scanning 10k articles takes about a minute (decode, split, date, dedupe); checking that nothing
changed takes milliseconds (``corpus_signature``: names, sizes, modification times). The cache is
a disposable pickle in the profile's cache folder, keyed by the corpus folder, and invalidated by
any change to the files, to the ingest code itself or to the researcher's boundary fixes (the
offsets handed to the scan are part of the key; ``reader.store.boundary_fixes`` resolves them).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import pickle
from pathlib import Path

from reader import __version__, paths
from reader.fileio import atomic_write
from reader.ingest.boundaries import NO_FIXES, BoundaryFixes
from reader.ingest.corpus import Corpus, scan_corpus
from reader.ingest.loader import corpus_signature

log = logging.getLogger(__name__)
FORMAT = 1


def _code_version() -> str:
    """Changes whenever the ingest code changes, so a new splitter never serves stale articles."""
    digest = hashlib.sha1(f"{__version__}/{FORMAT}".encode())
    here = Path(__file__).resolve().parent
    for folder in (here, here.parent / "text"):
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
            with open(target, "rb") as fh:
                stored_key, corpus = pickle.load(fh)
            if stored_key == key and isinstance(corpus, Corpus):
                return corpus
    corpus = scan_corpus(root_path, fixes)
    _store(target, key, corpus)
    return corpus


def _store(target: Path, key: tuple, corpus: Corpus) -> None:
    try:
        atomic_write(target, pickle.dumps((key, corpus), protocol=pickle.HIGHEST_PROTOCOL))
    except OSError as exc:
        log.warning("scan cache not written: %s", exc)
