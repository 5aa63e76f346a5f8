"""``corpus-reader``: the same core as the app, headless, for scripts, tests and terminals.

The JSON shapes printed here are a contract other tools and later features rely on; change them
only by adding keys.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import errno
import logging
import os
import sqlite3
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from reader import __version__, paths
from reader.cli_parsing import IntermixedParser, argument_not_text
from reader.ingest.corpus import Corpus
from reader.ingest.loader import CorpusError
from reader.ingest.model import Document, Paragraph
from reader.store.boundary_fixes import UserCorpus, load_user_corpus
from reader.store.db import StoreError
from reader.text.terminal import (
    add_visual_option,
    clip,
    json_text,
    protect_output_streams,
    renderer,
    sanitize,
)

# Formats whose articles come from an extractor (reader.ingest.formats), by their encoding field.
STRUCTURED_FORMATS = frozenset({"html", "mhtml", "markdown", "pdf", "docx", "epub"})
EXIT_OK = 0
EXIT_NOT_FOUND = 1
EXIT_BAD_CORPUS = 2
EXIT_FAULT = 2
EXIT_INTERRUPTED = 130
DEBUG_ENV = "CORPUS_READER_DEBUG"
DEBUG_HELP = f"on a failure, show the full error and where it happened (also: {DEBUG_ENV}=1)"


def add_common(parser: argparse.ArgumentParser) -> None:
    """Options every command takes, so ``--profile`` works before or after the command name."""
    parser.add_argument(
        "--profile",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="keep all user data, cache and settings under DIR (also: CORPUS_READER_HOME)",
    )
    parser.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=DEBUG_HELP)


def add_corpus_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "corpus", nargs="?", metavar="CORPUS_DIR", help="corpus folder (default: the bundled sample corpus)"
    )


def corpus_dir(args: argparse.Namespace) -> Path:
    return Path(args.corpus) if getattr(args, "corpus", None) else paths.bundled_corpus()


def load_user(args: argparse.Namespace) -> UserCorpus:
    """The corpus with the researcher's boundary fixes and corrections (from the profile's store).

    When the store cannot be read, the scan still runs without them (a warning on stderr).
    """
    return load_user_corpus(corpus_dir(args), warn=warn)


def warn(message: str) -> None:
    print(f"warning: {sanitize(message)}", file=sys.stderr)


def load(args: argparse.Namespace) -> Corpus:
    return load_user(args).corpus


def date_label(doc: Document) -> str:
    if doc.date.value is None:
        return f"≥{doc.date.not_before}" if doc.date.not_before else "undated"
    return doc.date.value if doc.date.source in ("header", "manifest") else f"≈{doc.date.value}"


def document_summary(doc: Document) -> dict:
    return {
        "id": doc.id,
        "source": doc.source,
        "title": doc.title,
        "byline": doc.byline,
        "outlet": doc.outlet,
        "date": doc.date.value,
        "date_precision": doc.date.precision,
        "date_source": doc.date.source,
        "date_evidence": doc.date.evidence,
        "date_not_before": doc.date.not_before,
        "language": doc.language,
        "paragraphs": len(doc.paragraphs),
        "chars": doc.chars,
        "duplicate_of": doc.duplicate_of,
        "pair": doc.pair,
        "boundary": (
            {"reason": doc.boundary.reason, "confidence": doc.boundary.confidence} if doc.boundary else None
        ),
    }


def cmd_scan(args: argparse.Namespace) -> int:
    user = load_user(args)
    corpus = user.corpus
    documents = user.corrected_documents()
    corrected = user.corrected_fields()
    if args.json:
        data = {
            "corpus": str(corpus.root),
            "documents": [{**document_summary(d), "corrected": corrected.get(d.id, [])} for d in documents],
            "skipped": [{"path": s.path, "reason": s.reason} for s in corpus.skipped],
            "problems": corpus.problems,
        }
        print(json_text(data, indent=2))
        return EXIT_OK
    show = renderer(args.visual)
    print(f"{'id':<26} {'date':<12} {'lang':<5} {'¶':>3}  title / outlet")
    for doc in documents:
        title = show(clip(doc.title, 70))
        extra = f" — {show(clip(doc.outlet, 30))}" if doc.outlet else ""
        dup = f"  (duplicate of {sanitize(doc.duplicate_of)})" if doc.duplicate_of else ""
        if doc.id in corrected:
            dup += f"  (corrected: {', '.join(corrected[doc.id])})"
        row = f"{sanitize(doc.id):<26} {date_label(doc):<12} {doc.language:<5} {len(doc.paragraphs):>3}"
        print(f"{row}  {title}{extra}{dup}")
    for item in corpus.skipped:
        print(f"skipped {sanitize(item.path)}: {clip(item.reason, 300)}", file=sys.stderr)
    for problem in corpus.problems:
        warn(problem)
    dated = sum(1 for d in corpus.documents if d.date.value)
    print(
        f"\n{len(corpus.documents)} articles from {_count(len(corpus.file_states), 'file')} "
        f"({dated} dated, {_count(len(corpus.skipped), 'file')} skipped) in {sanitize(str(corpus.root))}"
    )
    return EXIT_OK


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def cmd_show(args: argparse.Namespace) -> int:
    user = load_user(args)
    corpus = user.corpus
    doc = next((d for d in user.corrected_documents() if d.id == args.doc_id), None)
    if doc is None:
        print(unknown_article(args.doc_id, [d.id for d in corpus.documents], corpus.root), file=sys.stderr)
        return EXIT_NOT_FOUND
    if args.json:
        data = document_summary(doc)
        data["corrected"] = user.corrected_fields().get(doc.id, [])
        data["text"] = doc.text
        data["paragraphs"] = [paragraph_summary(p) for p in doc.paragraphs]
        data["url"] = doc.url
        data["format"] = doc.encoding if doc.encoding in STRUCTURED_FORMATS else "text"
        data["source_span"] = list(doc.source_span)
        if args.original:
            data["original"] = doc.original
        print(json_text(data, indent=2))
        return EXIT_OK
    show = renderer(args.visual)
    if args.original:
        print(show(doc.original))
        return EXIT_OK
    print(show(doc.title))
    meta = [f"date: {date_label(doc)} ({doc.date.source}: {show(doc.date.evidence or '')})",
            f"language: {doc.language}"]
    if doc.byline:
        meta.append(f"by: {show(doc.byline)}")
    if doc.outlet:
        meta.append(f"outlet: {show(doc.outlet)}")
    if doc.url:
        meta.append(f"address: {sanitize(doc.url)}")
    meta.append(f"source: {sanitize(doc.source)} [{doc.source_span[0]}:{doc.source_span[1]}]")
    if doc.duplicate_of:
        meta.append(f"duplicate of: {sanitize(doc.duplicate_of)}")
    if fields := user.corrected_fields().get(doc.id):
        meta.append(f"corrected by you: {', '.join(fields)}")
    print("\n".join(meta))
    print()
    page = None
    for p in doc.paragraphs:
        if p.page is not None and p.page != page:
            page = p.page
            print(f"[p. {page}]")
        print(show(f"## {p.text}" if p.heading else p.text))
        print()
    return EXIT_OK


def paragraph_summary(p: Paragraph) -> dict:
    """A paragraph in ``show --json``: ``page`` and ``heading`` only where the source has them."""
    data: dict = {"text": p.text, "language": p.language, "direction": p.direction}
    if p.page is not None:
        data["page"] = p.page
    if p.heading:
        data["heading"] = True
    return data


def unknown_article(doc_id: str, ids: Sequence[str], root: Path) -> str:
    """The sentence for an id that is not in the corpus, with the closest ids (exit 1)."""
    close = [sanitize(i) for i in difflib.get_close_matches(doc_id, ids, n=3, cutoff=0.5)]
    hint = f" Did you mean {', '.join(close)}?" if close else " `corpus-reader scan` lists the ids."
    return f"No article {doc_id!r} in {sanitize(str(root))}.{hint}"


def cmd_default(args: argparse.Namespace) -> int:
    """No command: open the app on CORPUS_DIR, or on the last corpus opened, or the bundled one."""
    from reader.ui.app import run_app

    return run_app(Path(args.corpus) if args.corpus else None)


def build_parser() -> argparse.ArgumentParser:
    parser = IntermixedParser(
        prog="corpus-reader",
        usage="%(prog)s [--profile DIR] [CORPUS_DIR | COMMAND ...]",
        description="Read, search and annotate a corpus of English and Arabic documents. "
        "Without a command, opens the app on CORPUS_DIR (default: the last corpus opened, "
        "else the bundled sample corpus).",
    )
    parser.add_argument("--version", action="version", version=f"corpus-reader {__version__}")
    parser.add_argument("--profile", metavar="DIR", help="keep all user data, cache and settings under DIR")
    parser.add_argument("--debug", action="store_true", help=DEBUG_HELP)
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation end to end on a temporary profile (headless) and exit 0 if all is well",
    )
    parser.set_defaults(func=cmd_default, corpus=None)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=IntermixedParser)

    scan = sub.add_parser("scan", help="list the articles of a corpus with dates, languages and titles")
    add_common(scan)
    add_corpus_arg(scan)
    scan.add_argument("--json", action="store_true", help="print one JSON object")
    add_visual_option(scan)
    scan.set_defaults(func=cmd_scan)

    show = sub.add_parser("show", help="print one article's metadata and clean text")
    add_common(show)
    show.add_argument("doc_id", metavar="DOC_ID")
    add_corpus_arg(show)
    show.add_argument("--json", action="store_true", help="print one JSON object")
    show.add_argument("--original", action="store_true", help="the raw source span, boilerplate included")
    add_visual_option(show)
    show.set_defaults(func=cmd_show)

    for register in _extension_commands():
        register(sub, add_common)
    return parser


def _extension_commands() -> list[Callable]:
    """Command groups owned by other packages (search, notes...), registered if present."""
    found = []
    for module_name in (
        "reader.search.cli_commands",
        "reader.store.cli_commands",
        "reader.align.cli_commands",
        "reader.store.fix_commands",
        "reader.store.saved_commands",
    ):
        try:
            module = __import__(module_name, fromlist=["register"])
        except ImportError:
            continue
        found.append(module.register)
    return found


def _split_app_corpus(argv: list[str], commands: set[str]) -> tuple[list[str], str | None]:
    """``corpus-reader FOLDER`` opens the app on FOLDER; argparse cannot mix that with commands."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--profile":
            i += 2
            continue
        if arg.startswith("-"):
            i += 1
            continue
        if arg in commands:
            return argv, None
        return argv[:i] + argv[i + 1 :], arg
    return argv, None


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; every fault ends as one sentence on stderr and exit 2, never a traceback.

    ``--debug`` (or ``CORPUS_READER_DEBUG=1``) shows the full error instead, for a bug report.
    """
    protect_output_streams()
    parser = build_parser()
    commands = {"scan", "show", "index", "search", "notes", "align", "fix", "saved"}
    argv_list, app_corpus = _split_app_corpus(list(sys.argv[1:] if argv is None else argv), commands)
    args = parser.parse_args(argv_list)
    if app_corpus is not None:
        args.corpus = app_corpus
    debug = bool(getattr(args, "debug", False)) or os.environ.get(DEBUG_ENV, "") not in ("", "0")
    if problem := argument_not_text(parser, args):
        return fault(problem)
    if getattr(args, "profile", None):
        paths.set_profile(args.profile)
    app = args.func is cmd_default or getattr(args, "self_test", False)  # the app sets up its own logging
    with contextlib.nullcontext() if app else _log_to_stderr(debug):
        try:
            code = _run(args)
            sys.stdout.flush()  # a full disk or a closed pipe shows here, not after main() returned
            return code
        except BrokenPipeError:  # `corpus-reader ... | head`: the reader has all it wanted
            _discard_stdout()
            return EXIT_OK
        except KeyboardInterrupt:
            return EXIT_INTERRUPTED
        except Exception as exc:
            if debug:
                raise
            _flush_or_discard_stdout()
            return fault(describe_fault(exc))


def _run(args: argparse.Namespace) -> int:
    if getattr(args, "self_test", False):
        from reader.ui.selftest import run as run_self_test  # imports Qt: only when asked

        return run_self_test([])
    return int(args.func(args) or 0)


def fault(sentence: str) -> int:
    """Print ``corpus-reader: <sentence>`` (one line, sanitised) on stderr; the exit code for faults."""
    print(f"corpus-reader: {clip(sentence, 2000)}", file=sys.stderr)
    return EXIT_FAULT


# What an OSError means for the user, by errno (strerror is terse and varies by platform).
_OS_REASONS = {
    getattr(errno, name): reason
    for name, reason in (
        ("ENOSPC", "not enough disk space"),
        ("EDQUOT", "your disk quota is used up"),
        ("EACCES", "permission denied"),
        ("EPERM", "permission denied"),
        ("EROFS", "the file system is read-only"),
        ("ENOTDIR", "not a folder"),
        ("EISDIR", "a folder where a file was expected"),
        ("ENOENT", "no such file or folder"),
        ("ENAMETOOLONG", "the file name is too long"),
        ("EMFILE", "too many open files"),
        ("EIO", "the disk reported an input/output error"),
    )
    if hasattr(errno, name)
}


def describe_fault(exc: BaseException) -> str:
    """One sentence for ``exc``: the store's and the corpus's own messages, an OSError's meaning,
    else the error's name and how to see where it happened."""
    if isinstance(exc, (CorpusError, StoreError)) or getattr(exc, "says_what_to_do", False):
        return str(exc) or type(exc).__name__  # their own sentence (the index's: how much room it needs)
    if isinstance(exc, OSError):
        reason = _OS_REASONS.get(exc.errno or 0) or (exc.strerror or str(exc) or type(exc).__name__).lower()
        where = os.fsdecode(exc.filename) if isinstance(exc.filename, (str, bytes)) else None
        return f"{reason}: {where}." if where else f"{reason}."
    if isinstance(exc, sqlite3.Error) and "disk is full" in str(exc):  # SQLITE_FULL
        return "not enough disk space."
    detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return (f"an unexpected error stopped the command ({detail}); run it again with --debug "
            f"(or {DEBUG_ENV}=1) to see where, and please report it.")


def _flush_or_discard_stdout() -> None:
    """Output that cannot be written (full disk, closed pipe) must not fail again at exit."""
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        _discard_stdout()


def _discard_stdout() -> None:
    """Point stdout at the null device, so Python's final flush has nowhere to fail (see the
    SIGPIPE note in the :mod:`signal` docs)."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


@contextlib.contextmanager
def _log_to_stderr(debug: bool) -> Iterator[None]:
    """The core's log records on stderr for the length of one command (see :class:`_LogToStderr`)."""
    logger, handler = logging.getLogger("reader"), _LogToStderr(debug)
    level = logger.level
    logger.addHandler(handler)
    if debug:
        logger.setLevel(logging.DEBUG)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


class _LogToStderr(logging.Handler):
    """The core's log warnings as one sanitised line each (``warning: ...``), without tracebacks;
    with ``--debug``, every record with its traceback. Python's last-resort handler would print
    them raw: a file name from the corpus could drive the terminal, and a logged exception would
    be a traceback."""

    def __init__(self, debug: bool) -> None:
        super().__init__(logging.DEBUG if debug else logging.WARNING)
        self.debug = debug

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
            if self.debug:
                trace = "".join(traceback.format_exception(*record.exc_info)) if record.exc_info else ""
                line = f"{record.levelname.lower()}: {record.name}: {sanitize(message)}\n{sanitize(trace)}"
            else:
                line = f"{record.levelname.lower()}: {clip(message, 2000)}"
            print(line.rstrip("\n"), file=sys.stderr)
        except Exception:  # a log line must never end the command
            self.handleError(record)


if __name__ == "__main__":
    sys.exit(main())
