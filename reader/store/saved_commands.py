"""``corpus-reader saved add | list | run | remove``: saved searches, headless.

The store owns these commands (they write user data); ``reader.cli`` finds them through
:func:`register`, like ``notes`` and ``fix``. A saved search belongs to the corpus it was saved
in (``CORPUS_DIR``, default the bundled sample corpus). ``add``, ``list`` and ``run`` open the
search index the way ``search`` does (building or updating it first, progress on stderr), so
``list`` shows how many new hits each saved search has after the corpus changed, and ``run``
shows the hits and marks them seen.

Exit codes: 0 on success; 2 for bad input (an empty or taken name, an unknown saved search, a bad
date, language or sort, a read-only notes file), a notes file that cannot be opened or an unusable
corpus folder, with one sentence on stderr; 3 when another process holds the index. Names, queries
and titles may come from an import or a document: text output prints them sanitised.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reader.cli_parsing import IntermixedParser
from reader.ingest.loader import CorpusError
from reader.store import saved_searches as ss
from reader.store.annotations import Store
from reader.store.cli_commands import (
    EXIT_BAD_INPUT,
    EXIT_FAILED,
    EXIT_OK,
    _apply_profile,
    _corpus_dir,
    _fail,
    _open_store,
    _warn,
)
from reader.store.db import ReadOnlyStoreError, StoreError
from reader.text.terminal import add_visual_option, clip, json_text, renderer, sanitize

EXIT_BUSY = 3


class _Stop(Exception):
    """A command must end now with this exit code (its message already printed)."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def _open_index(root: Path, *, quiet: bool) -> Any:
    """The corpus's search index, built or updated first (as ``corpus-reader search`` does)."""
    from reader.search.cli_commands import _Progress
    from reader.search.indexer import IndexNoSpace
    from reader.search.service import Cancelled, IndexBusy, open_index
    from reader.store.boundary_fixes import load_user_corpus

    try:
        corpus = load_user_corpus(root, warn=_warn).corpus
    except CorpusError as exc:
        raise _Stop(_fail(str(exc), EXIT_BAD_INPUT)) from exc
    progress = None if quiet else _Progress()
    try:
        handle = open_index(corpus, progress=progress)
    except IndexBusy as exc:
        raise _Stop(_fail(str(exc), EXIT_BUSY)) from exc
    except IndexNoSpace as exc:
        raise _Stop(_fail(str(exc), EXIT_FAILED)) from exc
    except Cancelled as exc:
        raise _Stop(130) from exc
    finally:
        if progress is not None:
            progress.finish()
    if handle.reason:
        print(f"note: {sanitize(handle.reason)}", file=sys.stderr)
    return handle


def _healed(handle: Any, work: Callable[[Any], Any]) -> Any:
    """``work(handle)`` through the search's one healing path: a damaged index is rebuilt, once."""
    from reader.search.service import healing

    result, note = healing(handle, work)
    if note:
        print(f"warning: {sanitize(note)}", file=sys.stderr)
    return result


def _guarded(args: argparse.Namespace, body: Callable[[Store, Path], int]) -> int:
    """Run ``body(store, corpus folder)`` with the store open; errors become exit codes."""
    _apply_profile(args)
    root = _corpus_dir(args)
    if not root.is_dir():
        return _fail(f"The corpus folder {root} does not exist or is not a folder.", EXIT_BAD_INPUT)
    try:
        with _open_store(before_write=True) as store:
            try:
                return body(store, root)
            except _Stop as stop:
                return stop.code
            except (ss.SavedSearchError, ReadOnlyStoreError) as exc:
                return _fail(str(exc), EXIT_BAD_INPUT)
    except StoreError as exc:
        return _fail(str(exc), EXIT_FAILED)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# --------------------------------------------------------------------------------------------
# Commands


def cmd_add(args: argparse.Namespace) -> int:
    def body(store: Store, root: Path) -> int:
        # Check everything the user typed before the (possibly long) indexing.
        draft = ss.draft(args.name, args.query, lang=args.lang, date_from=args.date_from,
                         date_to=args.date_to, exact=args.exact, variants=args.variants, sort=args.sort)
        taken = ss.find(store, root, draft.name)
        if not args.replace and taken is not None:
            raise ss.SavedSearchError(f"A saved search named {taken.name!r} already exists; "
                                      "choose another name (or add --replace).")
        handle = _open_index(root, quiet=False)
        try:
            result = _healed(handle, lambda h: ss.run(h, draft, show=0))
        finally:
            handle.close()
        saved = ss.add(store, root, draft.name, draft.query, seen=result.ids, replace_existing=args.replace,
                       **{k: v for k, v in draft.search_options().items()})
        show = renderer(args.visual)
        extra = f" ({sanitize(saved.options_text())})" if saved.options_text() else ""
        print(f"Saved “{show(saved.name)}”: {show(saved.query)!r}{extra}; "
              f"{_plural(result.response.total, 'article')} match now.")
        return EXIT_OK

    return _guarded(args, body)


def cmd_list(args: argparse.Namespace) -> int:
    def body(store: Store, root: Path) -> int:
        saved = ss.list_saved(store, root)
        counts: dict[int, ss.RunResult] = {}
        if saved:
            handle = _open_index(root, quiet=args.json)
            try:
                for s in saved:
                    counts[s.id] = _healed(handle, lambda h, s=s: ss.run(h, s, show=0))
            finally:
                handle.close()
        if args.json:
            data = {
                "corpus": str(ss.corpus_key(root)),
                "saved": [
                    {**s.to_json(), "total": counts[s.id].response.total, "new": len(counts[s.id].new_ids),
                     "new_ids": counts[s.id].new_ids}
                    for s in saved
                ],
            }
            print(json_text(data, indent=2))
            return EXIT_OK
        show = renderer(args.visual)
        if saved:
            print(f"{'new':>4} {'hits':>5}  {'name':<28} query")
        for s in saved:
            r = counts[s.id]
            new = str(len(r.new_ids)) if s.viewed_at else "-"
            extra = f"  ({sanitize(s.options_text())})" if s.options_text() else ""
            name = show(clip(s.name, 28))
            print(f"{new:>4} {r.response.total:>5}  {name:<28} {show(clip(s.query, 60))}{extra}")
        n = len(saved)
        print(f"{n} saved search{'' if n == 1 else 'es'} in {sanitize(str(ss.corpus_key(root)))}")
        return EXIT_OK

    return _guarded(args, body)


def cmd_run(args: argparse.Namespace) -> int:
    def body(store: Store, root: Path) -> int:
        saved = ss.find_or_fail(store, root, args.name)
        handle = _open_index(root, quiet=args.json)
        try:
            result = _healed(handle, lambda h: ss.run(h, saved, store=store, show=max(0, args.limit)))
        finally:
            handle.close()
        response = result.response
        new = set(result.new_ids)
        if args.json:
            data = response.to_json()
            data["hits"] = [{**h.to_json(), "new": h.id in new} for h in response.hits]
            data.update({"name": saved.name, "uuid": saved.uuid, "new": len(result.new_ids),
                         "new_ids": result.new_ids, "last_viewed": saved.viewed_at,
                         "counted_hits": len(result.ids)})
            print(json_text(data, indent=2))
            return EXIT_OK
        show = renderer(args.visual)
        if response.warning:
            _warn(response.warning)
        print(f"“{show(saved.name)}”: {_plural(response.total, 'article')} match {show(saved.query)!r}"
              + (f" ({sanitize(saved.options_text())})" if saved.options_text() else ""))
        if response.hits:
            print(f"    {'id':<26} {'date':<10} {'lang':<5} title")
        for hit in response.hits:
            mark = "new " if hit.id in new else "    "
            title = show(clip(hit.title, 80))
            print(f"{mark}{sanitize(hit.id):<26} {hit.date or 'undated':<10} {hit.language:<5} {title}")
        if response.total > len(response.hits):
            print(f"    … and {response.total - len(response.hits)} more (--limit N shows more)")
        since = "since it was last viewed" if saved.viewed_at else "(first view)"
        tail = f" among the first {len(result.ids)}" if result.truncated else ""
        print(f"{_plural(len(result.new_ids), 'new hit')}{tail} {since}; all are marked seen now.")
        return EXIT_OK

    return _guarded(args, body)


def cmd_remove(args: argparse.Namespace) -> int:
    def body(store: Store, root: Path) -> int:
        removed = ss.remove(store, root, args.name)
        show = renderer(args.visual)
        print(f"Removed the saved search “{show(removed.name)}”.")
        return EXIT_OK

    return _guarded(args, body)


def register(subparsers: Any, add_common: Callable[[argparse.ArgumentParser], None]) -> None:
    """Add the ``saved`` command group to the main parser (called by ``reader.cli``)."""
    corpus_help = "corpus folder the saved search belongs to (default: the bundled sample corpus)"
    saved = subparsers.add_parser(
        "saved", help="save a search under a name, list saved searches with their new hits, run them"
    )
    add_common(saved)
    actions = saved.add_subparsers(dest="saved_command", metavar="ACTION", required=True,
                                   parser_class=IntermixedParser)

    add = actions.add_parser("add", help="save QUERY and its options as NAME")
    add_common(add)
    add.add_argument("name", metavar="NAME")
    add.add_argument("query", metavar="QUERY")
    add.add_argument("corpus", nargs="?", metavar="CORPUS_DIR", help=corpus_help)
    add.add_argument("--lang", metavar="LANG", help="only articles in this language (en, ar, mixed, other)")
    add.add_argument("--from", dest="date_from", metavar="DATE", help="from YYYY, YYYY-MM or YYYY-MM-DD")
    add.add_argument("--to", dest="date_to", metavar="DATE",
                     help="to YYYY, YYYY-MM or YYYY-MM-DD (inclusive)")
    add.add_argument("--sort", default="relevance", metavar="ORDER", help="relevance (default) or date")
    add.add_argument("--exact", action="store_true", help="match the spelling typed (no stemming or folding)")
    add.add_argument("--variants", action="store_true", help="match transliteration variants of each word")
    add.add_argument("--replace", action="store_true", help="replace the saved search of that name")
    add_visual_option(add)
    add.set_defaults(func=cmd_add)

    list_ = actions.add_parser("list", help="your saved searches, their hits and how many are new")
    add_common(list_)
    list_.add_argument("corpus", nargs="?", metavar="CORPUS_DIR", help=corpus_help)
    list_.add_argument("--json", action="store_true", help="print one JSON object")
    add_visual_option(list_)
    list_.set_defaults(func=cmd_list)

    run = actions.add_parser("run", help="run a saved search: its hits, the new ones marked; marks them seen")
    add_common(run)
    run.add_argument("name", metavar="NAME")
    run.add_argument("corpus", nargs="?", metavar="CORPUS_DIR", help=corpus_help)
    run.add_argument("--limit", type=int, default=20, metavar="N", help="hits to print (default 20)")
    run.add_argument("--json", action="store_true", help="print one JSON object")
    add_visual_option(run)
    run.set_defaults(func=cmd_run)

    remove = actions.add_parser("remove", help="remove a saved search (by name)")
    add_common(remove)
    remove.add_argument("name", metavar="NAME")
    remove.add_argument("corpus", nargs="?", metavar="CORPUS_DIR", help=corpus_help)
    add_visual_option(remove)
    remove.set_defaults(func=cmd_remove)
