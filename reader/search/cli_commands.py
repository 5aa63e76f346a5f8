"""``corpus-reader index`` and ``corpus-reader search``: the search core, headless.

Why here and not in ``reader/cli.py``: the search package owns its commands; ``reader.cli`` finds
them through :func:`register`. Progress goes to stderr and results to stdout, so
``corpus-reader search ... --json | jq`` works; any query text exits 0 (a query the parser cannot
read becomes a word search and a warning). An unusable corpus folder, a full disk or an index that
cannot be read even after a rebuild exit 2 with one sentence. A damaged index is rebuilt and the
search run again (:func:`reader.search.service.healing`), with a ``warning:`` line saying so.

Text output is for terminals: every string that comes from a document, a file name or the alias
files goes through :func:`reader.text.terminal.sanitize` (via ``renderer``/``clip``); ``--json``
output is exact.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from reader import paths
from reader.ingest.loader import CorpusError
from reader.text.terminal import add_visual_option, clip, json_text, renderer, sanitize

EXIT_OK = 0
EXIT_BAD_CORPUS = 2
EXIT_USAGE = 2
EXIT_BUSY = 3
EXIT_CANCELLED = 130


def _corpus_dir(args: argparse.Namespace) -> Path:
    return Path(args.corpus) if getattr(args, "corpus", None) else paths.bundled_corpus()


def _apply_profile(args: argparse.Namespace) -> None:
    if getattr(args, "profile", None):
        paths.set_profile(args.profile)


class _Progress:
    """One self-overwriting stderr line on a terminal, a line per phase otherwise."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        try:
            self.tty = bool(self.stream.isatty())
        except (AttributeError, ValueError):
            self.tty = False
        self.phase = ""
        self.last = 0.0

    def __call__(self, done: int, total: int, phase: str) -> None:
        now = time.monotonic()
        if self.tty:
            if phase != self.phase or now - self.last > 0.1 or done == total:
                self.stream.write(f"\r{phase}: {done}/{total}\x1b[K")
                self.stream.flush()
                self.last = now
        elif phase != self.phase:
            self.stream.write(f"{phase}: {done}/{total}\n")
        self.phase = phase

    def finish(self) -> None:
        if self.tty and self.phase:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def _open_or_exit(args: argparse.Namespace, quiet: bool = False) -> Any:
    """The index handle, or the exit code (with its one-line message printed) when it cannot open."""
    opened = _open_corpus_or_exit(args, quiet=quiet)
    return opened if isinstance(opened, int) else opened[1]


def _open_corpus_or_exit(args: argparse.Namespace, quiet: bool = False) -> Any:
    """(corpus, index handle), or the exit code when they cannot be opened (message printed)."""
    from reader.search.service import Cancelled, IndexBusy, IndexNoSpace

    try:
        return _open(args, quiet=quiet)
    except (CorpusError, IndexNoSpace) as exc:
        return _fail(str(exc), EXIT_BAD_CORPUS)
    except IndexBusy as exc:
        return _fail(str(exc), EXIT_BUSY)
    except Cancelled:
        return EXIT_CANCELLED


def _fail(sentence: str, code: int) -> int:
    print(f"corpus-reader: {clip(sentence, 2000)}", file=sys.stderr)
    return code


def _warn(message: str) -> None:
    print(f"warning: {clip(message, 2000)}", file=sys.stderr)


def _open(args: argparse.Namespace, quiet: bool = False) -> tuple[Any, Any]:
    from reader.search.service import open_index
    from reader.store.boundary_fixes import load_user_corpus

    # With the researcher's article boundary fixes, as the app and `scan` show the articles.
    corpus = load_user_corpus(_corpus_dir(args), warn=_warn).corpus
    progress = None if quiet else _Progress()
    try:
        handle = open_index(corpus, progress=progress)
    finally:
        if progress is not None:
            progress.finish()
    if handle.reason:
        print(f"note: {clip(handle.reason, 2000)}", file=sys.stderr)
    return corpus, handle


def cmd_index(args: argparse.Namespace) -> int:
    _apply_profile(args)
    started = time.monotonic()
    handle = _open_or_exit(args)
    if isinstance(handle, int):
        return handle
    elapsed = time.monotonic() - started
    s = handle.stats
    count = handle.doc_count
    print(
        f"Indexed {count} articles ({s.added} added, {s.updated} updated, {s.removed} removed) "
        f"in {elapsed:.1f} s"
    )
    if args.json:
        print(json_text({"articles": count, "added": s.added, "updated": s.updated, "removed": s.removed,
                         "rebuilt": handle.rebuilt, "reason": handle.reason, "seconds": round(elapsed, 3),
                         "index": str(handle.path)}))
    handle.close()
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    from reader.search.searcher import search
    from reader.search.service import Cancelled, IndexBusy, IndexNoSpace, healing, with_warning

    _apply_profile(args)
    csv_path = getattr(args, "csv", None)
    if csv_path and not args.kwic:
        return _fail("--csv writes the concordance: use it with --kwic", EXIT_USAGE)
    opened = _open_corpus_or_exit(args, quiet=args.json)
    if isinstance(opened, int):
        return opened
    corpus, handle = opened

    def run(h: Any) -> tuple[Any, Any]:
        response = search(
            h, args.query, lang=args.lang, date_from=args.date_from, date_to=args.date_to,
            sort=args.sort, limit=args.limit, exact=args.exact, variants=args.variants, kwic=args.kwic,
        )
        return response, (_concordance(h, corpus, args) if args.kwic else None)

    try:
        (response, conc), note = healing(handle, run)
    except (IndexNoSpace, IndexBusy) as exc:
        return _fail(str(exc), EXIT_BUSY if isinstance(exc, IndexBusy) else EXIT_BAD_CORPUS)
    except Cancelled:
        return EXIT_CANCELLED
    except Exception as exc:  # the index could not be read even after a rebuild
        return _fail(f"the search failed even after rebuilding the index ({type(exc).__name__}: {exc})",
                     EXIT_BAD_CORPUS)
    finally:
        handle.close()
    with_warning(response, note)
    lines = conc.lines if conc is not None else []
    if csv_path:
        from reader.search.concordance import export_lines

        try:
            export_lines(csv_path, lines, "csv", query=args.query)
        except OSError as exc:
            return _fail(f"could not write {csv_path}: {exc.strerror or exc}", EXIT_BAD_CORPUS)
        print(f"wrote {len(lines)} lines to {sanitize(str(csv_path))}", file=sys.stderr)
    if args.json:
        print(json_text(_search_json(response, conc), indent=2))
        return EXIT_OK
    _print_search(response, conc, renderer(getattr(args, "visual", None)))
    return EXIT_OK


def _search_json(response: Any, conc: _Lines | None) -> dict[str, Any]:
    data = response.to_json()
    if conc is not None:
        # Every occurrence in every matching article (hits are only the top --limit articles), at
        # most LINES_PER_ARTICLE per article: the others are counted in "occurrences_not_listed".
        data["occurrences"] = [line.to_json() for line in conc.lines]
        data["occurrence_total"] = len(conc.lines) + sum(conc.omitted.values())
        data["occurrences_not_listed"] = dict(conc.omitted)
        if conc.note:
            data["occurrences_note"] = conc.note
    return data


def _print_search(response: Any, conc: _Lines | None, show: Callable[[str], str]) -> None:
    """The text output: every document string through ``show`` (sanitised, maybe reshaped)."""
    if response.warning:
        _warn(response.warning)
    for problem in response.alias_problems:
        _warn(f"aliases: {problem}")
    for line in response.matched_aliases:
        print(f"aliases: {show(clip(line, 2000))}", file=sys.stderr)
    print(f"{response.total} articles match {show(repr(response.query))}")
    if response.hits:
        print(f"{'id':<26} {'date':<10} {'lang':<5} title")
    for hit in response.hits:
        print(f"{show(clip(hit.id, 60)):<26} {show(hit.date or 'undated'):<10} {show(hit.language):<5} "
              f"{show(clip(hit.title, 80))}")
        print(f"    {show(clip(hit.snippet, 400))}")
        if hit.matches_truncated:
            print(f"    ({hit.match_count} matches; offsets listed for the first {len(hit.matches)})")
        for line in hit.kwic:
            print(f"    | {show(clip(line, 400))}")
    if response.by_month:
        months = ", ".join(f"{m}: {n}" for m, n in response.by_month.items())
        print(f"by month: {show(months)}")
    if conc is not None and conc.note and not conc.lines:
        print(show(clip(conc.note, 2000)))
    elif conc is not None:
        articles = len({line.doc_id for line in conc.lines})
        print(f"{len(conc.lines)} occurrences in {articles} articles")
        more = sum(conc.omitted.values())
        if more:
            print(f"{more} more occurrences in {len(conc.omitted)} articles not listed "
                  f"(at most {conc.per_article} per article)")


class _Lines:
    """A concordance as the CLI prints it: the lines listed, and per article the ones left out."""

    def __init__(
        self, lines: list[Any], omitted: dict[str, int], per_article: int | None, note: str | None = None
    ) -> None:
        self.lines = lines
        self.omitted = omitted
        self.per_article = per_article
        self.note = note  # why there are no lines to show ("NOT Hezbollah" only leaves words out)


def _concordance(handle: Any, corpus: Any, args: argparse.Namespace) -> _Lines:
    """Every occurrence of the query in every matching article (at most LINES_PER_ARTICLE per
    article), sorted by ``--kwic-sort``."""
    from reader.search.concordance import open_concordance, sort_lines

    documents = {doc.id: doc for doc in getattr(corpus, "documents", ())}
    conc = open_concordance(
        handle, args.query, documents=documents, lang=args.lang, date_from=args.date_from,
        date_to=args.date_to, exact=args.exact, variants=args.variants,
    )
    try:
        lines = conc.all_lines()
    finally:
        conc.close()
    key = getattr(args, "kwic_sort", None) or "date"
    ordered = lines if key == "date" else sort_lines(lines, key)
    return _Lines(ordered, dict(conc.omitted), conc.per_article, conc.note)


def register(subparsers: Any, add_common: Callable[[argparse.ArgumentParser], None]) -> None:
    """Add ``index`` and ``search`` to the main parser (called by ``reader.cli``)."""
    corpus_help = "corpus folder (default: the bundled sample corpus)"

    index = subparsers.add_parser("index", help="build or update the search index of a corpus")
    add_common(index)
    index.add_argument("corpus", nargs="?", metavar="CORPUS_DIR", help=corpus_help)
    index.add_argument("--json", action="store_true", help="also print a JSON summary line")
    index.set_defaults(func=cmd_index)

    search = subparsers.add_parser("search", help="search a corpus (indexing it first if needed)")
    add_common(search)
    search.add_argument("query", metavar="QUERY",
                        help='e.g. \'"Kataib Hezbollah" AND drone*\', \'title:iraq\', '
                             "'date:[2020-01 TO 2020-03]'")
    search.add_argument("corpus", nargs="?", metavar="CORPUS_DIR", help=corpus_help)
    search.add_argument("--lang", choices=["en", "ar", "mixed", "other"],
                        help="only articles in this language")
    search.add_argument("--from", dest="date_from", metavar="DATE",
                        help="from YYYY, YYYY-MM or YYYY-MM-DD")
    search.add_argument("--to", dest="date_to", metavar="DATE",
                        help="to YYYY, YYYY-MM or YYYY-MM-DD (inclusive)")
    search.add_argument("--sort", choices=["relevance", "date"], default="relevance")
    search.add_argument("--limit", type=int, default=20, metavar="N")
    search.add_argument("--exact", action="store_true",
                        help="match the spelling typed (no stemming or folding)")
    search.add_argument("--variants", action="store_true",
                        help="match transliteration variants of each word")
    search.add_argument("--kwic", action="store_true",
                        help="keyword-in-context lines for each hit; with --json, every occurrence in "
                             'every matching article as "occurrences"')
    search.add_argument("--kwic-sort", choices=["date", "article", "left", "right"], default="date",
                        help="order of the occurrences: by date, article, or the word left or right "
                             "of the match")
    search.add_argument("--csv", metavar="FILE",
                        help="with --kwic: write every occurrence to FILE as CSV (UTF-8 with BOM)")
    search.add_argument("--json", action="store_true", help="print one JSON object")
    add_visual_option(search)
    search.set_defaults(func=cmd_search)

