"""``corpus-reader notes list | export | import``: the user's notes, headless.

Why here and not in ``reader/cli.py``: the store owns its commands; ``reader.cli`` finds them
through :func:`register`. Every command loads the corpus (default: the bundled sample corpus) for
titles, dates and re-anchoring, exactly as the app does when it opens a corpus: highlights are
re-checked against the current text first, so exports never present a stale position as current
and orphans are listed as orphans. Output goes to stdout (pipe-friendly), messages to stderr.

``notes import`` reads our own JSON-LD export, any W3C Web Annotation JSON-LD and Hypothesis's
JSON (see :mod:`reader.store.jsonld`); ``--dry-run`` opens nothing for writing (the notes file is
only read, and only if it exists; no backup is taken) and prints where each note would go.

Exit codes: 0 on success (an import with some bad items still succeeds, listing them on stderr;
notes whose stored text is damaged are listed, with a warning naming each), 2 for every failure,
as in the rest of the command line: the annotation store cannot be used (a folder or a device in
its place, a read-only file for an import, a lock held too long, another program's database...),
an output file cannot be written, an unusable corpus folder, an unreadable or invalid import
file, or ``--format pdf`` without ``-o``; each failure is one sentence on stderr.

Text output passes every string that came from a document, a file name or an import through
``reader.text.terminal`` (``sanitize``/``clip``); JSON output stays exact.

The PDF writer needs Qt and lives in ``reader.ui.pdf_export``; it is imported only for
``--format pdf`` so the rest of the command line (and this module) stays Qt-free.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sqlite3
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from reader import paths
from reader.fileio import atomic_write
from reader.ingest.corpus import Corpus
from reader.ingest.loader import CorpusError
from reader.ingest.model import Document
from reader.store.annotations import Store
from reader.store.backup import BackupError, backup_on_quit
from reader.store.db import ReadOnlyStoreError, StoreError, default_db_path, open_store
from reader.store.exports import colour_label, export_bytes, plan_export
from reader.store.jsonld import (
    ImportPlan,
    import_notes,
    plan_import,
    read_notes_bytes,
    read_notes_document,
    read_notes_path,
    to_jsonld,
)
from reader.store.model import DEFAULT_PALETTE, Annotation
from reader.text.terminal import add_visual_option, clip, json_text, renderer, sanitize

EXIT_OK = 0
EXIT_FAILED = 2  # every fault of the command line exits 2 with one sentence (see reader.cli)
EXIT_BAD_INPUT = 2
MAX_PROBLEM_LINES = 20
FORMATS = ("md", "csv", "json", "pdf")


def _fail(message: str, code: int) -> int:
    print(f"corpus-reader: {sanitize(' '.join(message.split()))}", file=sys.stderr)
    return code


def _warn(message: str) -> None:
    print(f"warning: {sanitize(' '.join(message.split()))}", file=sys.stderr)


def _corpus_dir(args: argparse.Namespace) -> Path:
    return Path(args.corpus) if getattr(args, "corpus", None) else paths.bundled_corpus()


def _apply_profile(args: argparse.Namespace) -> None:
    if getattr(args, "profile", None):
        paths.set_profile(args.profile)


def _load_corpus(args: argparse.Namespace, store: Store) -> Corpus:
    """The corpus as the researcher sees it: with their article boundary fixes (from ``store``,
    opened first, so a notes file that cannot be used is one sentence, not a warning and then it)."""
    from reader.store.boundary_fixes import load_user_corpus

    return load_user_corpus(_corpus_dir(args), store, warn=_warn).corpus


@contextlib.contextmanager
def _open_store(*, before_write: bool = False) -> Iterator[Store]:
    """The profile's store for one command, backed up when the command ends if it changed anything.

    A CLI command is a whole session (the app backs up on quit), so an import or a delete made at
    noon is in a backup at once, not only the next day; ``before_write`` (imports, deletes) first
    backs up what the command may change. Rotation stays as it is.
    """
    store = open_store()
    try:
        if store.recovery_message:
            print(f"note: {sanitize(' '.join(store.recovery_message.split()))}", file=sys.stderr)
        if before_write:
            _back_up(store)
        yield store
        _back_up(store)
    finally:
        store.close()


def _back_up(store: Store) -> None:
    if store.read_only:
        return
    try:
        backup_on_quit(store)
    except (BackupError, StoreError) as exc:
        _warn(f"the backup of your annotations failed ({exc}); they are saved, not backed up")


def _current(store: Store, corpus: Corpus) -> tuple[list[Annotation], dict[str, Document]]:
    """The live annotations, re-anchored against ``corpus``, and its documents with corrections."""
    with contextlib.suppress(ReadOnlyStoreError):  # a newer version's file: show notes as stored
        store.reanchor(corpus.documents)
    documents = {d.id: d for d in store.apply_corrections(corpus.documents)}
    annotations = store.all()
    for a in annotations:
        if a.damage:
            _warn(f"the note {a.uuid} on article {a.doc_id} is damaged in your annotations file "
                  f"({a.damage}); it is shown with \ufffd where its text could not be read")
    return annotations, documents


def _write_out(data: bytes, output: str | None) -> None:
    """``data`` to ``output`` atomically (via a sibling temporary file), or to stdout."""
    if output is None or output == "-":
        stream = getattr(sys.stdout, "buffer", None)
        if stream is not None:
            sys.stdout.flush()
            stream.write(data)
            stream.flush()
        else:  # a replaced sys.stdout (tests, IDEs) has no binary buffer
            sys.stdout.write(data.decode("utf-8"))
        return
    atomic_write(output, data, make_parents=False)


# --------------------------------------------------------------------------------------------
# Commands


def _annotations_or_exit(args: argparse.Namespace) -> tuple[list, dict, list] | int:
    """(annotations re-anchored on the corpus, documents by id, palette), or the exit code."""
    try:
        with _open_store() as store:
            try:
                corpus = _load_corpus(args, store)
            except CorpusError as exc:
                return _fail(str(exc), EXIT_BAD_INPUT)
            annotations, documents = _current(store, corpus)
            return annotations, documents, store.palette()
    except StoreError as exc:
        return _fail(str(exc), EXIT_FAILED)


def _saved_items(args: argparse.Namespace) -> list[dict[str, Any]]:
    """The corpus's saved searches, which travel with the notes in the JSON export."""
    from reader.store.saved_searches import export_items

    try:
        with open_store() as store:
            return export_items(store, _corpus_dir(args))
    except (StoreError, sqlite3.Error) as exc:
        _warn(f"your saved searches could not be read ({exc}); they are not in the export")
        return []


def cmd_list(args: argparse.Namespace) -> int:
    _apply_profile(args)
    loaded = _annotations_or_exit(args)
    if isinstance(loaded, int):
        return loaded
    annotations, documents, palette = loaded
    if args.json:
        data = to_jsonld(annotations, documents, palette, saved_searches=_saved_items(args))
        text = json.dumps(data, ensure_ascii=False, indent=2)
        _write_out((text + "\n").encode("utf-8"), None)
        return EXIT_OK
    show = renderer(args.visual)
    plan = plan_export(annotations, documents)
    rows: list[tuple[str, str, str, str]] = []
    for group in plan.articles:
        when = (group.doc.date.value or "undated") if group.doc is not None else "?"
        for a in (*group.notes, *group.highlights):
            rows.append((when, a.doc_id, colour_label(a.colour, palette) or "note", _text_of(a)))
    for a in plan.orphans:
        doc = documents.get(a.doc_id)
        when = (doc.date.value or "undated") if doc is not None else "?"
        rows.append((when, a.doc_id, f"{colour_label(a.colour, palette)} (orphan)", _text_of(a)))
    rows = [(clip(d, 10), clip(i, 200), clip(c, 60), t) for d, i, c, t in rows]
    lines = []
    if rows:
        lines.append(f"{'date':<10}  {'article':<26}  {'colour':<18}  quote / note")
        lines += [f"{d:<10}  {i:<26}  {c:<18}  {show(t)}" for d, i, c, t in rows]
    orphaned = f" ({len(plan.orphans)} orphaned)" if plan.orphans else ""
    lines.append(f"{len(rows)} annotation{'s' if len(rows) != 1 else ''}{orphaned}")
    _write_out(("\n".join(lines) + "\n").encode("utf-8"), None)
    return EXIT_OK


def _text_of(a: Annotation) -> str:
    if a.anchor is None:
        return clip(a.note, 80)
    quote = f"“{clip(a.anchor.quote, 50 if a.note.strip() else 80)}”"
    return f"{quote} — {clip(a.note, 30)}" if a.note.strip() else quote


def cmd_export(args: argparse.Namespace) -> int:
    _apply_profile(args)
    if args.format == "pdf" and not args.output:
        return _fail("--format pdf writes a file: give it with -o FILE", EXIT_BAD_INPUT)
    loaded = _annotations_or_exit(args)
    if isinstance(loaded, int):
        return loaded
    annotations, documents, palette = loaded
    try:
        if args.format == "pdf":
            try:
                from reader.ui.pdf_export import export_pdf
            except ImportError as exc:
                return _fail(f"PDF export needs Qt (PySide6), which could not be loaded: {exc}", EXIT_FAILED)
            export_pdf(annotations, documents, palette, args.output)
        else:
            saved = _saved_items(args) if args.format == "json" else ()
            _write_out(export_bytes(args.format, annotations, documents, palette, saved_searches=saved),
                       args.output)
    except OSError as exc:
        where = args.output or "standard output"
        return _fail(f"could not write {where}: {exc.strerror or exc}", EXIT_FAILED)
    if args.output and args.output != "-":
        n = len(annotations)
        print(f"Wrote {n} annotation{'s' if n != 1 else ''} to {sanitize(args.output)}", file=sys.stderr)
    return EXIT_OK


def _read_import_file(name: str) -> Any:
    """The parsed JSON of ``name`` (``-`` = stdin), size-checked before it is read or parsed;
    raises ValueError with a one-line reason."""
    if name != "-":
        return read_notes_path(Path(name))
    try:
        raw = read_notes_bytes(sys.stdin.buffer, "standard input")
    except OSError as exc:
        raise ValueError(f"cannot read standard input: {exc.strerror or exc}") from exc
    return read_notes_document(raw, "standard input")


def _print_problems(problems: tuple[str, ...]) -> None:
    for problem in problems[:MAX_PROBLEM_LINES]:
        print(f"  skipped {clip(problem, 200)}", file=sys.stderr)
    if len(problems) > MAX_PROBLEM_LINES:
        print(f"  ... and {len(problems) - MAX_PROBLEM_LINES} more", file=sys.stderr)


def cmd_import(args: argparse.Namespace) -> int:
    _apply_profile(args)
    try:
        data = _read_import_file(args.file)
    except ValueError as exc:
        return _fail(str(exc), EXIT_BAD_INPUT)
    if args.dry_run:
        return _dry_run(args, data)
    try:
        with _open_store(before_write=True) as store:
            try:
                corpus = _load_corpus(args, store)
            except CorpusError as exc:
                return _fail(str(exc), EXIT_BAD_INPUT)
            report = import_notes(store, data, corpus.documents, corpus_root=corpus.root)
    except StoreError as exc:
        return _fail(str(exc), EXIT_FAILED)
    if args.json:
        _write_out((json_text(report.to_json(), indent=2) + "\n").encode("utf-8"), None)
    else:
        print(report.summary())
    _print_problems(report.problems)
    return EXIT_OK


def _dry_run(args: argparse.Namespace, data: Any) -> int:
    """Where each note would go, and how they would merge; nothing is written (no store is created,
    no backup taken: the store is only read, and only if it exists)."""
    try:
        store = open_store(auto_backup=False) if default_db_path().exists() else None
    except StoreError as exc:
        return _fail(str(exc), EXIT_FAILED)
    try:
        from reader.store.boundary_fixes import load_user_corpus

        try:
            corpus = load_user_corpus(_corpus_dir(args), store, warn=_warn).corpus
        except CorpusError as exc:
            return _fail(str(exc), EXIT_BAD_INPUT)
        plan = plan_import(data, corpus.documents, corpus_root=corpus.root, store=store,
                           palette=store.palette() if store is not None else DEFAULT_PALETTE)
    except StoreError as exc:
        return _fail(str(exc), EXIT_FAILED)
    finally:
        if store is not None:
            store.close()
    if args.json:
        _write_out((json_text({**plan.to_json(), "file": args.file}, indent=2) + "\n").encode("utf-8"), None)
    else:
        _write_out(("\n".join(_plan_lines(plan, args.file)) + "\n").encode("utf-8"), None)
    _print_problems(plan.problems)
    return EXIT_OK


def _plan_lines(plan: ImportPlan, name: str) -> list[str]:
    """The dry run for a reader: the counts, then each note that would not attach exactly, and why."""
    counts = plan.counts()
    total = len(plan.notes)
    kinds = f" ({', '.join(plan.origins)})" if plan.origins else ""
    lines = [f"Dry run of {sanitize(name)}: nothing was written.",
             f"{total} annotation{'s' if total != 1 else ''}{kinds} would be imported:"]
    *each, merging = plan.count_lines()
    lines += [f"  {line}" for line in each]
    lines.append(f"{merging} {counts['problems']} item{'s' if counts['problems'] != 1 else ''} "
                 "would be skipped.")
    unsure = [p for p in plan.notes if p.outcome in ("fuzzy", "ambiguous", "orphan")]
    if unsure:
        lines.append("Not attached exactly:")
    for p in unsure[:MAX_PROBLEM_LINES]:
        a = p.annotation
        what = f"“{clip(a.anchor.quote, 50)}”" if a.anchor is not None else clip(a.note, 50)
        if p.outcome == "fuzzy":
            how = f"{a.extra.get('matched_by', 'quote search')}, {round((a.anchor_score or 0) * 100)}%"
            lines.append(f"  fuzzy      {clip(a.doc_id, 40)}  {what} ({clip(how, 60)})")
        else:
            lines.append(f"  {p.outcome:<10} {what}: {clip(p.reason, 160)}")
    if len(unsure) > MAX_PROBLEM_LINES:
        lines.append(f"  ... and {len(unsure) - MAX_PROBLEM_LINES} more")
    return lines


def register(subparsers: Any, add_common: Callable[[argparse.ArgumentParser], None]) -> None:
    """Add the ``notes`` command group to the main parser (called by ``reader.cli``)."""
    corpus_help = "corpus folder for titles, dates and re-anchoring (default: the bundled sample corpus)"
    notes = subparsers.add_parser("notes", help="list, export and import your highlights and notes")
    add_common(notes)
    actions = notes.add_subparsers(dest="notes_command", metavar="ACTION", required=True)

    list_ = actions.add_parser("list", help="list your annotations (article date, article, colour, text)")
    add_common(list_)
    list_.add_argument("corpus", nargs="?", metavar="CORPUS_DIR", help=corpus_help)
    list_.add_argument("--json", action="store_true", help="print the W3C Web Annotation JSON-LD document")
    add_visual_option(list_)
    list_.set_defaults(func=cmd_list)

    export = actions.add_parser("export", help="write your annotations as Markdown, CSV, JSON-LD or PDF")
    add_common(export)
    export.add_argument("corpus", nargs="?", metavar="CORPUS_DIR", help=corpus_help)
    export.add_argument("--format", "-f", choices=FORMATS, required=True,
                        help="md (reading), csv (spreadsheets, UTF-8 with BOM), json (W3C Web "
                             "Annotation JSON-LD, can be imported again) or pdf")
    export.add_argument("-o", "--output", metavar="FILE",
                        help="write to FILE (default: standard output; required for pdf)")
    export.set_defaults(func=cmd_export)

    import_ = actions.add_parser(
        "import", help="merge annotations from a JSON-LD export, another W3C Web Annotation tool "
                       "or Hypothesis")
    add_common(import_)
    import_.add_argument("file", metavar="FILE", help="a file written by 'notes export --format json', any "
                                                      "W3C Web Annotation JSON-LD, or a Hypothesis export "
                                                      "(rows of its API); - = stdin")
    import_.add_argument("corpus", nargs="?", metavar="CORPUS_DIR", help=corpus_help)
    import_.add_argument("--dry-run", action="store_true",
                         help="write nothing: tell how many notes would attach exactly, fuzzily (by a "
                              "search for their quote), ambiguously, or become orphans, and why")
    import_.add_argument("--json", action="store_true", help="print the result (or the dry run) as JSON")
    import_.set_defaults(func=cmd_import)
