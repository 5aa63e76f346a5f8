"""``corpus-reader align DOC_A DOC_B``: paragraph alignment of two articles, headless.

Why here: the align package owns its command; ``reader.cli`` finds it through :func:`register`.
The table is for reading in a terminal; ``--json`` prints the contract other tools rely on
(``{"a", "b", "pairs"}``, indices as ``corpus-reader show --json`` numbers paragraphs), and
``--tmx FILE`` writes the aligned groups as TMX 1.4 for translation-memory tools.

Exit codes as everywhere in the CLI: 0 done, 1 an unknown article id (with the closest ids), 2 an
unusable corpus folder (``reader.cli.main`` says why), 3 a TMX file that cannot be written. Titles,
ids and paragraphs come from documents and file names: the table prints them sanitised.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Callable, Sequence
from typing import Any

from reader import paths
from reader.align.aligner import Bead, align, alignment_json
from reader.ingest.model import Document
from reader.text.terminal import add_visual_option, clip, json_text, renderer, sanitize

EXIT_OK = 0
EXIT_NOT_FOUND = 1
EXIT_CANNOT_WRITE = 3


def _indices(group: Sequence[int]) -> str:
    if not group:
        return "–"
    if len(group) > 2 and group[-1] - group[0] == len(group) - 1:
        return f"{group[0]}-{group[-1]}"
    return ",".join(str(i) for i in group)


def render_table(
    a_doc: Document,
    b_doc: Document,
    pairs: Sequence[Bead],
    *,
    width: int = 120,
    show: Callable[[str], str] = lambda text: text,
) -> list[str]:
    """Side-by-side lines: A's paragraph numbers and clipped text, then B's.

    ``show`` turns a cell's text into what the terminal should get (reshaped, visual-order Arabic
    for terminals without bidi); clipping happens before it, on the logical text.
    """
    index_width = max([5, *(len(_indices(g)) for pair in pairs for g in pair)])
    text_width = max(10, (width - 2 * index_width - 5) // 2)
    lines = [
        f"{side}: {sanitize(doc.id)} ({doc.language}, {len(doc.paragraphs)} ¶)  {show(clip(doc.title, 60))}"
        for side, doc in (("A", a_doc), ("B", b_doc))
    ] + [
        "",
        f"{'A ¶':>{index_width}} {'A':<{text_width}} │ {'B ¶':>{index_width}} B",
    ]
    for group_a, group_b in pairs:
        text_a = clip(" ".join(a_doc.paragraphs[i].text for i in group_a), text_width)
        text_b = clip(" ".join(b_doc.paragraphs[j].text for j in group_b), text_width)
        # Pad what is shown: reshaping joins lam-alef into one glyph, so it may be shorter.
        shown_a = show(text_a)
        pad = " " * max(0, text_width - len(shown_a))
        lines.append(
            f"{_indices(group_a):>{index_width}} {shown_a}{pad} │ "
            f"{_indices(group_b):>{index_width}} {show(text_b)}"
        )
    kinds = {
        "1-1": sum(1 for a, b in pairs if len(a) == 1 and len(b) == 1),
        "merged": sum(1 for a, b in pairs if a and b and (len(a) > 1 or len(b) > 1)),
        "one side only": sum(1 for a, b in pairs if not a or not b),
    }
    lines.append("")
    lines.append(f"{len(pairs)} groups: " + ", ".join(f"{n} {k}" for k, n in kinds.items()))
    return lines


def cmd_align(args: argparse.Namespace) -> int:
    from reader.cli import load, unknown_article
    from reader.text.names import AliasTable, default_alias_files

    if getattr(args, "profile", None):
        paths.set_profile(args.profile)
    corpus = load(args)  # an unusable folder: CorpusError, which reader.cli.main turns into exit 2
    by_id = {d.id: d for d in corpus.documents}
    for doc_id in (args.doc_a, args.doc_b):
        if doc_id not in by_id:
            print(unknown_article(doc_id, list(by_id), corpus.root), file=sys.stderr)
            return EXIT_NOT_FOUND
    a_doc, b_doc = by_id[args.doc_a], by_id[args.doc_b]
    aliases = AliasTable.load(default_alias_files(corpus.root))
    pairs = align([p.text for p in a_doc.paragraphs], [p.text for p in b_doc.paragraphs], aliases=aliases)
    if args.tmx:
        from reader.align.tmx import to_tmx
        from reader.fileio import atomic_write

        try:
            atomic_write(args.tmx, to_tmx(a_doc, b_doc, pairs).encode("utf-8"), make_parents=False)
        except OSError as exc:
            reason = sanitize(str(exc.strerror or exc))
            print(f"corpus-reader: cannot write {clip(args.tmx, 500)}: {reason}", file=sys.stderr)
            return EXIT_CANNOT_WRITE
    if args.json:
        print(json_text(alignment_json(a_doc.id, b_doc.id, pairs)))
        return EXIT_OK
    show = renderer(args.visual)
    width = shutil.get_terminal_size((120, 24)).columns
    for line in render_table(a_doc, b_doc, pairs, width=width, show=show):
        print(line)
    if args.tmx:
        units = sum(1 for a, b in pairs if a and b)
        print(f"wrote {units} translation units to {sanitize(args.tmx)} (one-sided paragraphs left out)")
    return EXIT_OK


def register(subparsers: Any, add_common: Callable[[argparse.ArgumentParser], None]) -> None:
    """Add ``align`` to the main parser (called by ``reader.cli``)."""
    parser = subparsers.add_parser(
        "align", help="align the paragraphs of two articles (an article and its translation)"
    )
    add_common(parser)
    parser.add_argument("doc_a", metavar="DOC_A", help="article id (see `corpus-reader scan`)")
    parser.add_argument("doc_b", metavar="DOC_B", help="the other article's id")
    parser.add_argument(
        "corpus", nargs="?", metavar="CORPUS_DIR", help="corpus folder (default: the bundled sample corpus)"
    )
    parser.add_argument("--json", action="store_true",
                        help='print {"a": id, "b": id, "pairs": [[[a ¶...], [b ¶...]], ...]}')
    parser.add_argument("--tmx", metavar="FILE",
                        help="also write the aligned paragraphs as TMX 1.4 (one-sided ones left out)")
    add_visual_option(parser)
    parser.set_defaults(func=cmd_align)
