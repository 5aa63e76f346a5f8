"""The search API the app and the CLI call: where a corpus' index lives, open it, search it.

Why a service layer: callers think in corpora ("search this folder"), not in index versions, locks
and fingerprints. ``open_index`` builds or updates the index as needed and says what it did;
``search_corpus`` is the one-call convenience, and if the index turns out to be damaged mid-search it
rebuilds once and searches again, so the user sees results and a sentence, not a traceback.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reader import paths
from reader.search.indexer import (
    Cancelled,
    IndexBusy,
    IndexHandle,
    IndexStats,
    IndexStore,
    IndexUnusable,
    ProgressFn,
    sync_index,
)
from reader.search.schema import source_fingerprints
from reader.search.searcher import SearchResponse, search

__all__ = [
    "Cancelled",
    "IndexBusy",
    "IndexHandle",
    "IndexStats",
    "IndexUnusable",
    "corpus_id",
    "index_path_for",
    "load_aliases",
    "open_current",
    "open_index",
    "search_corpus",
]

log = logging.getLogger(__name__)


def corpus_id(corpus_root: str | Path) -> str:
    """First 16 hex digits of the sha1 of the resolved corpus path: one index per corpus folder."""
    resolved = str(Path(corpus_root).expanduser().resolve())
    return hashlib.sha1(resolved.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def index_path_for(corpus_root: str | Path) -> Path:
    """``<user cache>/index/<corpus id>``: a disposable cache, safe to delete at any time."""
    return paths.user_paths().cache / "index" / corpus_id(corpus_root)


def load_aliases(corpus_root: str | Path | None) -> Any:
    """The alias table for a corpus (its own aliases.csv or the bundled one, plus the user's)."""
    try:
        from reader.text.names import AliasTable, default_alias_files

        root = Path(corpus_root) if corpus_root else paths.bundled_corpus()
        return AliasTable.load(default_alias_files(root))
    except Exception:  # search works without aliases; never fail on a bad table
        log.exception("alias table could not be loaded")
        return None


def _corpus_parts(corpus: Any) -> tuple[Path, list[Any], dict[str, str]]:
    root = Path(corpus.root)
    documents = list(corpus.documents)
    file_states = dict(getattr(corpus, "file_states", {}) or {})
    return root, documents, source_fingerprints(documents, file_states)


def open_index(
    corpus: Any,
    progress: ProgressFn | None = None,
    cancel: Any = None,
    *,
    on_first_batch: Callable[[IndexHandle], None] | None = None,
    force_rebuild: bool = False,
    lock_timeout: float = 30.0,
) -> IndexHandle:
    """Build or incrementally update the index of ``corpus`` (a scanned Corpus) and open it.

    ``progress(done, total, phase)`` is called from this thread; ``cancel`` is a
    ``threading.Event`` or a callable returning True to stop (raises :class:`Cancelled`; the
    published index stays as it was). ``on_first_batch`` receives a searchable handle as soon as
    the newest articles of a never-indexed corpus are committed. The returned handle says
    ``rebuilt``/``reason`` when a damaged or outdated index was replaced, and ``stats``
    (added, updated, removed) counts articles.
    """
    root, documents, hashes = _corpus_parts(corpus)
    store = IndexStore(index_path_for(root))

    def with_aliases(handle: IndexHandle) -> IndexHandle:
        handle.corpus_root = root
        handle.aliases = load_aliases(root)
        return handle

    first = (lambda h: on_first_batch(with_aliases(h))) if on_first_batch else None
    handle = sync_index(
        store, documents, hashes, corpus_root=str(root), progress=progress, cancel=cancel,
        on_first_batch=first, force_rebuild=force_rebuild, lock_timeout=lock_timeout,
    )
    return with_aliases(handle)


def open_current(corpus_root: str | Path) -> IndexHandle:
    """Open the published index read-only, without checking the corpus (for reader threads).

    Raises :class:`IndexUnusable` if there is none or it cannot be read.
    """
    store = IndexStore(index_path_for(corpus_root))
    name, ix, manifest = store.open_current()
    handle = IndexHandle(ix, store, name, complete=manifest.complete, corpus_root=Path(corpus_root))
    handle.aliases = load_aliases(corpus_root)
    return handle


def search_corpus(corpus: Any, text: str, **opts: Any) -> SearchResponse:
    """Index ``corpus`` if needed, then :func:`~reader.search.searcher.search` it.

    ``corpus`` is a scanned Corpus or a folder path (scanned here). Options are those of
    ``search``; ``progress`` and ``cancel`` go to the indexer.
    """
    if isinstance(corpus, str | Path):
        from reader.store.boundary_fixes import load_user_corpus

        corpus = load_user_corpus(corpus).corpus  # with the researcher's boundary fixes
    progress = opts.pop("progress", None)
    cancel = opts.pop("cancel", None)
    handle = open_index(corpus, progress=progress, cancel=cancel)
    try:
        response = search(handle, text, **opts)
    except Exception as exc:  # any read error of the cache: rebuild it, retry once
        # A segment file vanished or was truncated after the open-time checks (search() itself
        # never raises on user input). A second failure is a real bug and propagates.
        handle.close()
        handle = open_index(corpus, progress=progress, cancel=cancel, force_rebuild=True)
        response = search(handle, text, **opts)
        note = f"The search index was damaged ({type(exc).__name__}) and has been rebuilt."
        response.warning = f"{note} {response.warning}" if response.warning else note
    if handle.rebuilt and handle.reason:
        response.warning = f"{handle.reason} {response.warning}" if response.warning else handle.reason
    handle.close()
    return response
