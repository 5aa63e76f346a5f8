"""``corpus-reader``: the same core as the app, headless, for scripts, tests and terminals.

The JSON shapes printed here are a contract other tools and later features rely on; change them
only by adding keys.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from reader import __version__, paths
from reader.cli_parsing import IntermixedParser
from reader.ingest.corpus import Corpus
from reader.ingest.loader import CorpusError
from reader.ingest.model import Document
from reader.store.boundary_fixes import UserCorpus, load_user_corpus
from reader.text.terminal import add_visual_option, clip, renderer

EXIT_OK = 0
EXIT_NOT_FOUND = 1
EXIT_BAD_CORPUS = 2


def add_common(parser: argparse.ArgumentParser) -> None:
    """Options every command takes, so ``--profile`` works before or after the command name."""
    parser.add_argument(
        "--profile",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="keep all user data, cache and settings under DIR (also: CORPUS_READER_HOME)",
    )


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
    return load_user_corpus(corpus_dir(args), warn=lambda m: print(f"warning: {m}", file=sys.stderr))


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
        print(
            json.dumps(
                {
                    "corpus": str(corpus.root),
                    "documents": [
                        {**document_summary(d), "corrected": corrected.get(d.id, [])} for d in documents
                    ],
                    "skipped": [{"path": s.path, "reason": s.reason} for s in corpus.skipped],
                    "problems": corpus.problems,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return EXIT_OK
    show = renderer(args.visual)
    print(f"{'id':<26} {'date':<12} {'lang':<5} {'¶':>3}  title / outlet")
    for doc in documents:
        title = show(clip(doc.title, 70))
        extra = f" — {show(clip(doc.outlet, 30))}" if doc.outlet else ""
        dup = f"  (duplicate of {doc.duplicate_of})" if doc.duplicate_of else ""
        if doc.id in corrected:
            dup += f"  (corrected: {', '.join(corrected[doc.id])})"
        row = f"{doc.id:<26} {date_label(doc):<12} {doc.language:<5} {len(doc.paragraphs):>3}"
        print(f"{row}  {title}{extra}{dup}")
    for item in corpus.skipped:
        print(f"skipped {item.path}: {item.reason}", file=sys.stderr)
    for problem in corpus.problems:
        print(f"warning: {problem}", file=sys.stderr)
    dated = sum(1 for d in corpus.documents if d.date.value)
    print(
        f"\n{len(corpus.documents)} articles from {len(corpus.file_states)} files "
        f"({dated} dated, {len(corpus.skipped)} files skipped) in {corpus.root}"
    )
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    user = load_user(args)
    corpus = user.corpus
    doc = next((d for d in user.corrected_documents() if d.id == args.doc_id), None)
    if doc is None:
        ids = [d.id for d in corpus.documents]
        close = difflib.get_close_matches(args.doc_id, ids, n=3, cutoff=0.5)
        hint = f" Did you mean {', '.join(close)}?" if close else " `corpus-reader scan` lists the ids."
        print(f"No article {args.doc_id!r} in {corpus.root}.{hint}", file=sys.stderr)
        return EXIT_NOT_FOUND
    if args.json:
        data = document_summary(doc)
        data["corrected"] = user.corrected_fields().get(doc.id, [])
        data["text"] = doc.text
        data["paragraphs"] = [
            {"text": p.text, "language": p.language, "direction": p.direction} for p in doc.paragraphs
        ]
        data["source_span"] = list(doc.source_span)
        if args.original:
            data["original"] = doc.original
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return EXIT_OK
    show = renderer(args.visual)
    if args.original:
        print(show(doc.original))
        return EXIT_OK
    print(show(doc.title))
    meta = [f"date: {date_label(doc)} ({doc.date.source}: {doc.date.evidence})", f"language: {doc.language}"]
    if doc.byline:
        meta.append(f"by: {show(doc.byline)}")
    if doc.outlet:
        meta.append(f"outlet: {show(doc.outlet)}")
    meta.append(f"source: {doc.source} [{doc.source_span[0]}:{doc.source_span[1]}]")
    if doc.duplicate_of:
        meta.append(f"duplicate of: {doc.duplicate_of}")
    if fields := user.corrected_fields().get(doc.id):
        meta.append(f"corrected by you: {', '.join(fields)}")
    print("\n".join(meta))
    print()
    for p in doc.paragraphs:
        print(show(p.text))
        print()
    return EXIT_OK


def cmd_default(args: argparse.Namespace) -> int:
    """No command: open the app on CORPUS_DIR, or on the last corpus opened, or the bundled one."""
    from reader.ui.app import run_app

    return run_app(Path(args.corpus) if args.corpus else None)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="corpus-reader",
        usage="%(prog)s [--profile DIR] [CORPUS_DIR | COMMAND ...]",
        description="Read, search and annotate a corpus of English and Arabic documents. "
        "Without a command, opens the app on CORPUS_DIR (default: the last corpus opened, "
        "else the bundled sample corpus).",
    )
    parser.add_argument("--version", action="version", version=f"corpus-reader {__version__}")
    parser.add_argument("--profile", metavar="DIR", help="keep all user data, cache and settings under DIR")
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
    parser = build_parser()
    commands = {"scan", "show", "index", "search", "notes", "align", "fix", "saved"}
    argv_list, app_corpus = _split_app_corpus(list(sys.argv[1:] if argv is None else argv), commands)
    args = parser.parse_args(argv_list)
    if app_corpus is not None:
        args.corpus = app_corpus
    if getattr(args, "profile", None):
        paths.set_profile(args.profile)
    if getattr(args, "self_test", False):
        from reader.ui.selftest import run as run_self_test  # imports Qt: only when asked

        return run_self_test([])
    try:
        return int(args.func(args) or 0)
    except CorpusError as exc:
        print(f"corpus-reader: {exc}", file=sys.stderr)
        return EXIT_BAD_CORPUS
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
