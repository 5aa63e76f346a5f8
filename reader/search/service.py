"""The search API the app and the CLI call: where a corpus' index lives, open it, search it.

Why a service layer: callers think in corpora ("search this folder"), not in index versions, locks
and fingerprints. ``open_index`` builds or updates the index as needed and says what it did.

The index is a cache, and a cache can be damaged in ways the checks at open do not see (a file
cut short after the open, a sector gone bad). :func:`healing` is the one path every reader of the
index goes through (the CLI's ``search``, ``--kwic`` and ``saved``, the app's search and concordance
workers, :func:`search_corpus`): on a read error it rebuilds the index once, points the caller's
handle at the new one and runs the work again, so the user sees results and a sentence, not a
traceback, and the next run finds a sound index.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from reader import paths
from reader.search.indexer import (
    Cancelled,
    IndexBusy,
    IndexHandle,
    IndexNoSpace,
    IndexStats,
    IndexStore,
    IndexUnusable,
    ProgressFn,
    sync_index,
)
from reader.search.results import SearchResponse
from reader.search.schema import source_fingerprints

T = TypeVar("T")

__all__ = [
    "Cancelled",
    "IndexBusy",
    "IndexHandle",
    "IndexNoSpace",
    "IndexStats",
    "IndexUnusable",
    "corpus_id",
    "healing",
    "index_path_for",
    "load_aliases",
    "open_current",
    "open_index",
    "search_aliases",
    "search_corpus",
    "search_healing",
    "with_warning",
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


def search_aliases(corpus_root: str | Path | None) -> Any:
    """The alias table searches use: compiled once per change of the alias files, kept with the index.

    A 100k-group table takes seconds to load and compile and a search needs a few lookups, so the
    compiled form (:mod:`reader.search.alias_cache`) is opened instead; the full table is loaded
    (and compiled into the cache) only when the files changed. ``problems`` lists the bad rows.
    """
    from reader.search import alias_cache

    try:
        from reader.text.names import default_alias_files

        root = Path(corpus_root) if corpus_root else paths.bundled_corpus()
        files = default_alias_files(root)
        cache = index_path_for(root) / alias_cache.CACHE_NAME
        stamp = alias_cache.fingerprint(files)
    except Exception:  # no cache for this corpus: the plain table
        log.exception("alias cache unavailable")
        return load_aliases(corpus_root)
    cached = alias_cache.open_cached(cache, stamp)
    if cached is not None:
        return cached
    table = load_aliases(root)
    if table is not None:
        try:
            alias_cache.write_cache(cache, stamp, table)
        except Exception:  # a cache that cannot be written costs time, not results
            log.info("alias cache not written", exc_info=True)
    return table


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

    aliases: list[Any] = []

    def with_aliases(handle: IndexHandle) -> IndexHandle:
        handle.corpus_root = root
        handle.corpus = corpus
        if not aliases:
            aliases.append(search_aliases(root))
        handle.aliases = aliases[0]
        return handle

    first = (lambda h: on_first_batch(with_aliases(h))) if on_first_batch else None
    handle = sync_index(
        store, documents, hashes, corpus_root=str(root), progress=progress, cancel=cancel,
        on_first_batch=first, force_rebuild=force_rebuild, lock_timeout=lock_timeout,
    )
    return with_aliases(handle)


def open_current(corpus_root: str | Path, corpus: Any = None) -> IndexHandle:
    """Open the published index read-only, without checking the corpus (for reader threads).

    The index keeps no article text: hits read it from ``corpus`` (the scanned corpus, when the
    caller has it), else from the corpus loaded on the first hit that needs text (the scan cache,
    with the researcher's boundary fixes, as the index was built). Raises :class:`IndexUnusable`
    if there is no index or it cannot be read.
    """
    store = IndexStore(index_path_for(corpus_root))
    name, ix, manifest = store.open_current()
    handle = IndexHandle(ix, store, name, complete=manifest.complete, corpus_root=Path(corpus_root))
    handle.aliases = search_aliases(corpus_root)
    handle.corpus = corpus
    handle.load_corpus = lambda: _load_user_corpus(corpus_root)
    return handle


def _load_user_corpus(corpus_root: str | Path) -> Any:
    from reader.store.boundary_fixes import load_user_corpus

    return load_user_corpus(corpus_root).corpus


_NOT_THE_CACHE = (Cancelled, IndexBusy, IndexNoSpace, MemoryError, RecursionError)
"""Failures a rebuild cannot cure: the user's cancel, another writer, a full disk, no memory."""


def healing(
    handle: IndexHandle,
    work: Callable[[IndexHandle], T],
    *,
    progress: ProgressFn | None = None,
    cancel: Any = None,
) -> tuple[T, str | None]:
    """``work(handle)``; on a read error of the index, rebuild it, point ``handle`` at it, run again.

    Returns ``(result, note)``: ``note`` is the sentence to show when a rebuild happened, else None.
    ``work`` must be safe to run twice (a concordance walk restarts from its first line). A second
    failure is not the cache's fault and propagates. Two threads that hit the same damage rebuild
    once: the second finds the handle already pointing at a new version.
    """
    if not isinstance(handle, IndexHandle):
        return work(handle), None  # a bare Whoosh index or searcher: nothing to rebuild from
    version = handle.version
    try:
        return work(handle), None
    except _NOT_THE_CACHE:
        raise
    except Exception as exc:
        if handle.closed:
            raise  # a late search on a retired handle: nothing to heal
        note = _rebuild(handle, exc, version, progress=progress, cancel=cancel)
    return work(handle), note


def _rebuild(handle: IndexHandle, exc: Exception, version: str, *, progress: ProgressFn | None,
             cancel: Any) -> str:
    """Rebuild ``handle``'s index in place after ``exc``; the sentence that says so."""
    what = str(exc) if isinstance(exc, IndexUnusable) and str(exc) else type(exc).__name__
    with handle.heal_lock:
        if handle.version == version:
            corpus = handle.corpus
            if corpus is None:
                if handle.corpus_root is None:
                    raise exc
                from reader.store.boundary_fixes import load_user_corpus

                corpus = load_user_corpus(handle.corpus_root).corpus
            log.info("search index %s could not be read (%s); rebuilding", handle.path, exc)
            fresh = open_index(corpus, progress=progress, cancel=cancel, force_rebuild=True)
            handle.adopt(fresh)
            handle.corpus = corpus
    return f"The search index could not be read ({what}) and was rebuilt."


def search_healing(handle: IndexHandle, text: str, **opts: Any) -> SearchResponse:
    """:func:`~reader.search.searcher.search` through :func:`healing`: a rebuild is in ``warning``."""
    from reader.search.searcher import search  # loaded once the window is up, not at start

    response, note = healing(handle, lambda h: search(h, text, **opts))
    return with_warning(response, note)


def with_warning(response: SearchResponse, sentence: str | None) -> SearchResponse:
    """``response`` with ``sentence`` (a rebuild, say) put before its warning."""
    if sentence:
        response.warning = f"{sentence} {response.warning}" if response.warning else sentence
    return response


def search_corpus(corpus: Any, text: str, **opts: Any) -> SearchResponse:
    """Index ``corpus`` if needed, then :func:`~reader.search.searcher.search` it.

    ``corpus`` is a scanned Corpus or a folder path (scanned here). Options are those of
    ``search``; ``progress`` and ``cancel`` go to the indexer.
    """
    if isinstance(corpus, str | Path):
        from reader.store.boundary_fixes import load_user_corpus

        corpus = load_user_corpus(corpus).corpus  # with the researcher's boundary fixes
    from reader.search.searcher import search

    progress = opts.pop("progress", None)
    cancel = opts.pop("cancel", None)
    handle = open_index(corpus, progress=progress, cancel=cancel)
    try:
        reason = handle.reason if handle.rebuilt else None
        response, note = healing(handle, lambda h: search(h, text, **opts), progress=progress, cancel=cancel)
    finally:
        handle.close()
    return with_warning(with_warning(response, note), reason)
