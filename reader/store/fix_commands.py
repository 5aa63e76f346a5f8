"""``corpus-reader fix split | merge | title | list | undo | remove``: the researcher's article boundaries.

The store owns these commands (they write user data); ``reader.cli`` finds them through
:func:`register`, like ``notes``. Each change prints one line saying what happened, with the new
article ids; the store is opened as the notes commands open it (the day's verified backup is
taken before the first write of the day). Messages for the user go to stderr as one sentence.

Exit codes: 0 on success; 2 with one sentence for every failure: bad input (unknown article or
fix, paragraph out of range, a split at the first paragraph, a merge of a file's first article,
nothing to undo), a read-only store, a store that cannot be opened, an unusable corpus folder.
Ids, titles and lines come from documents and file names: text output prints them sanitised.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reader.cli_parsing import IntermixedParser
from reader.ingest.loader import CorpusError
from reader.store.annotations import Store
from reader.store.boundary_fixes import (
    FixError,
    FixResult,
    UserCorpus,
    get_fix,
    load_user_corpus,
    merge,
    remove,
    retitle,
    split,
    split_before,
    undo,
)
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

MAX_FIX_ID = 2**63 - 1  # SQLite's largest row id: a larger number names no fix


def _run(args: argparse.Namespace, change: Callable[[Store, UserCorpus], FixResult],
         root: Path | None = None) -> int:
    """Open the store, load the corpus with its fixes, make ``change`` and print its line."""
    _apply_profile(args)
    try:
        with _open_store(before_write=True) as store:
            try:
                before = load_user_corpus(root or _corpus_dir(args), store)
            except CorpusError as exc:
                return _fail(str(exc), EXIT_BAD_INPUT)
            try:
                result = change(store, before)
            except (FixError, ReadOnlyStoreError, ValueError) as exc:
                return _fail(str(exc), EXIT_BAD_INPUT)
    except StoreError as exc:
        return _fail(str(exc), EXIT_FAILED)
    print(sanitize(result.message))
    return EXIT_OK


def cmd_split(args: argparse.Namespace) -> int:
    if args.paragraph is not None:
        return _run(args, lambda store, uc: split(store, uc, args.doc_id, args.paragraph))
    return _run(args, lambda store, uc: split_before(store, uc, args.doc_id, args.before))


def cmd_merge(args: argparse.Namespace) -> int:
    return _run(args, lambda store, uc: merge(store, uc, args.doc_id))


def cmd_title(args: argparse.Namespace) -> int:
    return _run(args, lambda store, uc: retitle(store, uc, args.doc_id, args.title))


def cmd_undo(args: argparse.Namespace) -> int:
    return _run(args, lambda store, uc: undo(store, uc))


def cmd_remove(args: argparse.Namespace) -> int:
    _apply_profile(args)
    try:
        with _open_store(before_write=True) as store:
            fix = get_fix(store, args.fix_id) if 0 < args.fix_id <= MAX_FIX_ID else None
    except StoreError as exc:
        return _fail(str(exc), EXIT_FAILED)
    if fix is None:
        return _fail(f"There is no fix {args.fix_id} (`corpus-reader fix list` shows them).", EXIT_BAD_INPUT)
    root = Path(args.corpus) if getattr(args, "corpus", None) else Path(fix.corpus)
    return _run(args, lambda store, uc: remove(store, uc, args.fix_id), root)


def cmd_list(args: argparse.Namespace) -> int:
    _apply_profile(args)
    try:
        uc = load_user_corpus(_corpus_dir(args), warn=_warn)
    except CorpusError as exc:
        return _fail(str(exc), EXIT_BAD_INPUT)
    ids = {d.id for d in uc.corpus.documents}
    titles = [(doc_id, fields["title"]) for doc_id, fields in sorted(uc.corrections.items())
              if "title" in fields and doc_id in ids]
    holders: dict[int, list[str]] = {}
    for r in uc.fixes:
        if r.position is not None:
            holders[r.fix.id] = [d.id for d in uc.corpus.documents if d.source == r.fix.relpath
                                 and d.source_span[0] <= r.position <= d.source_span[1]]
    if args.json:
        data: dict[str, Any] = {
            "corpus": str(uc.root),
            "fixes": [
                {
                    "id": r.fix.id, "kind": r.fix.kind, "source": r.fix.relpath,
                    "position": r.fix.position, "applies_at": r.position, "status": r.status,
                    "line": r.fix.line, "context": r.fix.context, "created": r.fix.created,
                    "articles": holders.get(r.fix.id, []),
                }
                for r in uc.fixes
            ],
            "titles": [{"id": doc_id, "title": title} for doc_id, title in titles],
        }
        print(json_text(data, indent=2))
        return EXIT_OK
    show = renderer(args.visual)
    if uc.fixes:
        print(f"{'fix':>4}  {'kind':<6} {'status':<18} {'articles':<30} line")
        for r in uc.fixes:
            where = ", ".join(holders.get(r.fix.id, [])) or "-"
            print(f"{r.fix.id:>4}  {r.fix.kind:<6} {r.status:<18} {clip(where, 30):<30} "
                  f"{show(clip(r.fix.line, 60))}")
    for doc_id, title in titles:
        print(f"{'':>4}  {'title':<6} {'':<18} {sanitize(doc_id):<30} {show(clip(title, 60))}")
    gone = sum(1 for r in uc.fixes if r.position is None)
    extra = f" ({gone} no longer appl{'ies' if gone == 1 else 'y'})" if gone else ""
    n = len(uc.fixes)
    print(f"{n} boundary fix{'es' if n != 1 else ''}{extra}, {len(titles)} title "
          f"correction{'s' if len(titles) != 1 else ''} in {sanitize(str(uc.root))}")
    return EXIT_OK


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a paragraph number is a whole number, not {value!r}") from None
    return n


def register(subparsers: Any, add_common: Callable[[argparse.ArgumentParser], None]) -> None:
    """Add the ``fix`` command group to the main parser (called by ``reader.cli``)."""
    corpus_help = "corpus folder (default: the bundled sample corpus)"
    fix = subparsers.add_parser(
        "fix", help="split, merge and retitle articles where the splitter got it wrong (undoable)"
    )
    add_common(fix)
    actions = fix.add_subparsers(dest="fix_command", metavar="ACTION", required=True,
                                 parser_class=IntermixedParser)

    split_ = actions.add_parser("split", help="start a new article at a paragraph of DOC_ID")
    add_common(split_)
    split_.add_argument("doc_id", metavar="DOC_ID")
    where = split_.add_mutually_exclusive_group(required=True)
    where.add_argument("--paragraph", "-p", type=_positive, metavar="N",
                       help="the paragraph (1 = the first, as `show` prints them) that starts the "
                            "new article")
    where.add_argument("--before", metavar="TEXT",
                       help="split before the first paragraph containing TEXT (case-insensitive)")
    split_.add_argument("corpus", nargs="?", metavar="CORPUS_DIR", help=corpus_help)
    split_.set_defaults(func=cmd_split)

    merge_ = actions.add_parser("merge", help="join DOC_ID to the article before it in the same file")
    add_common(merge_)
    merge_.add_argument("doc_id", metavar="DOC_ID")
    merge_.add_argument("corpus", nargs="?", metavar="CORPUS_DIR", help=corpus_help)
    merge_.set_defaults(func=cmd_merge)

    title = actions.add_parser("title", help="give DOC_ID a title of your own")
    add_common(title)
    title.add_argument("doc_id", metavar="DOC_ID")
    title.add_argument("title", metavar="TITLE")
    title.add_argument("corpus", nargs="?", metavar="CORPUS_DIR", help=corpus_help)
    title.set_defaults(func=cmd_title)

    list_ = actions.add_parser("list", help="your splits, merges and titles, and whether each still applies")
    add_common(list_)
    list_.add_argument("corpus", nargs="?", metavar="CORPUS_DIR", help=corpus_help)
    list_.add_argument("--json", action="store_true", help="print one JSON object")
    add_visual_option(list_)
    list_.set_defaults(func=cmd_list)

    undo_ = actions.add_parser("undo", help="take back the last fix made in the corpus")
    add_common(undo_)
    undo_.add_argument("corpus", nargs="?", metavar="CORPUS_DIR", help=corpus_help)
    undo_.set_defaults(func=cmd_undo)

    remove_ = actions.add_parser("remove", help="remove one split or merge (by the number `fix list` shows)")
    add_common(remove_)
    remove_.add_argument("fix_id", metavar="FIX_ID", type=int)
    remove_.add_argument("corpus", nargs="?", metavar="CORPUS_DIR",
                         help="corpus folder (default: the one the fix was made in)")
    remove_.set_defaults(func=cmd_remove)
