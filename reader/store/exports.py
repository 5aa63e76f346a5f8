"""The user's notes as files other tools read: Markdown for reading, CSV for spreadsheets.

Why these choices (the files leave the app, so they must survive other programs):

* **Grouping.** Both formats list annotations article by article, articles in date order (undated
  last), and inside an article the article notes first, then highlights in text order: the order
  the notes panel uses. Highlights whose text can no longer be found (orphans) are not silently
  mixed in: Markdown gives them a final section, CSV marks them in the ``state`` column.
* **Right-to-left in Markdown.** Markdown has no notion of direction and most viewers render a
  paragraph left-to-right, so an Arabic quote ending in punctuation shows the full stop on the
  wrong side, left-aligned. We wrap each right-to-left paragraph in an HTML block
  ``<div dir="rtl" lang="ar">`` (CommonMark, GitHub, VS Code, Obsidian, Typora and pandoc keep
  it), chosen over Unicode RLE/PDF or RLI/PDI controls because those fix the order of characters
  inside a line but not the paragraph's alignment, and invisible controls get lost when the text
  is copied. Inside an HTML block Markdown is not interpreted, so the text there is only
  HTML-escaped (``&``, ``<``, ``>``); paragraphs become ``<p>`` elements with no blank line
  between them, because a blank line would end the HTML block. Left-to-right text is escaped for
  Markdown as well (``*``, ``_``, ``[``...) so an article's punctuation never turns into markup.
  Document text never reaches the output unescaped: a ``<script>`` in an article stays text.
* **Each note's language and direction.** A note with any right-to-left paragraph (or stored as
  right-to-left) is one HTML block, ``<div dir="rtl" lang="ar">`` from the note's stored
  ``direction``/``language``, each paragraph a ``<p>`` that states its own ``dir`` when it runs
  against the note's (an English line in an Arabic note); a left-to-right note stays plain
  Markdown, whose default direction it already has. CSV gives ``language`` and ``direction``
  columns (the article's language is ``article_language``).
* **Tags.** ``#`` is a neutral character: next to an Arabic tag it joins the Arabic run and is
  drawn after the word ("وسم#"), while the notes list shows "#وسم". Each Arabic tag is therefore a
  left-to-right isolate holding the ``#`` and then the tag in its own isolate (:func:`hashtag`),
  which reads "#وسم" whatever the direction of the line around it.
* **Carried highlights** (:mod:`reader.store.carry`). A highlight and its copy in the paired
  translation each print the other's quote ("In the Arabic version (¶ 3): …"), so a reader of
  the export has both languages; CSV gives ``carried_from``, ``counterpart_doc_id`` and
  ``counterpart_quote``. The copy is looked up among ``counterparts`` (by default the
  annotations exported), so exporting one article can still quote the other.
* **Locators.** A highlight is cited by the paragraph its first character is in, counted from 1
  in the article's clean text (``¶ 3``): the number a reader counts on the page, which the PDF and
  Markdown print next to each quote and CSV gives in its ``paragraph`` column; where the source
  has pages (a PDF, a Word file with recorded page breaks) the page comes first (``p. 12, ¶ 3``)
  and CSV gives it in its ``page`` column. A highlight whose offsets no longer cover its quote (an
  orphan, or a stale position in an article that changed) gets no locator rather than a wrong one.
  JSON-LD carries none: its ``TextPositionSelector`` already says exactly where the quote is,
  and a paragraph number is not a W3C selector (one more custom term that goes stale when the
  text changes).
* **CSV for Excel.** UTF-8 *with* a byte-order mark: without it Excel decodes the file as the
  local ANSI code page and Arabic turns into mojibake. Cells that a spreadsheet would run as a
  formula (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return; OWASP "CSV
  injection") get a leading ``'``, except plain numbers, which are harmless and stay numbers.

Qt-free: the PDF writer in ``reader.ui.pdf_export`` reuses :func:`plan_export`, :func:`date_label`,
:func:`colour_label` and :func:`locator` so every format agrees on order and wording. The command
line and the app's File → Export Notes… both write through :func:`export_bytes` (Markdown, CSV,
JSON-LD) and ``reader.ui.pdf_export.pdf_bytes``.
"""

from __future__ import annotations

import codecs
import csv
import html
import io
import json
import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from reader.ingest.model import Document
from reader.store.annotations import note_voice
from reader.store.carry import links, version_name
from reader.store.model import DEFAULT_PALETTE, Annotation, Colour
from reader.text.script import paragraph_directions, paragraph_language, script_counts

__all__ = [
    "CSV_COLUMNS",
    "ORPHANS_HEADING",
    "TEXT_FORMATS",
    "ArticleGroup",
    "Counterpart",
    "ExportPlan",
    "arabic_runs",
    "colour_label",
    "date_label",
    "direction_blocks",
    "export_bytes",
    "export_csv",
    "export_markdown",
    "hashtag",
    "is_rtl",
    "isolate",
    "locator",
    "neutralise_formula",
    "note_language",
    "paragraph_number",
    "plan_export",
    "split_paragraphs",
]

ORPHANS_HEADING = "Orphaned highlights (text no longer found)"
FSI, PDI = "\u2068", "\u2069"  # first-strong isolate / pop directional isolate
LRI = "\u2066"  # left-to-right isolate

CSV_COLUMNS = (
    "uuid", "doc_id", "title", "article_date", "article_language", "url", "colour", "colour_label", "tags",
    "quote", "note", "language", "direction", "start", "end", "paragraph", "page", "state", "created",
    "modified", "carried_from", "counterpart_doc_id", "counterpart_quote",
)
TEXT_FORMATS = ("md", "csv", "json")  # what export_bytes writes; "pdf" needs Qt (reader.ui.pdf_export)

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
_NUMBER_RE = re.compile(r"^[+-]?(?:\d+(?:[.,]\d+)*|[.,]\d+)%?$")
_AR_CHARS = "\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
_ARABIC_RUN_RE = re.compile(f"[{_AR_CHARS}]+(?:[ \u00a0\u200c\u200d.،]+[{_AR_CHARS}]+)*")
_PARAGRAPH_BREAK_RE = re.compile(r"\n[ \t\u00a0]*\n+")
# Markdown punctuation that can start markup anywhere in a line.
_MD_INLINE_RE = re.compile(r"([\\`*_\[\]|~])")
# ...and what only matters at the start of a line: headings, lists, thematic breaks.
_MD_LINE_START_RE = re.compile(r"^([#+\-=])|^(\d+)([.)])")

_DATE_SOURCES = {
    "manifest": "from the corpus manifest",
    "header": "from the article's header",
    "metadata": "from the file's own metadata",
    "body": "inferred from dates in the text",
    "corrected": "corrected by you",
}


# --------------------------------------------------------------------------------------------
# Shared by every format (Markdown, CSV, PDF)


@dataclass
class ArticleGroup:
    """The annotations of one article, in the order every export shows them."""

    doc_id: str
    doc: Document | None  # None when the article is not in the corpus given to the export
    notes: list[Annotation] = field(default_factory=list)  # article notes, oldest first
    highlights: list[Annotation] = field(default_factory=list)  # in text order

    @property
    def title(self) -> str:
        if self.doc is not None and self.doc.title.strip():
            return self.doc.title.strip()
        return f"Article {self.doc_id} (not in this corpus)" if self.doc is None else self.doc_id


@dataclass(frozen=True)
class Counterpart:
    """The linked highlight in the other version of an article (see :mod:`reader.store.carry`)."""

    doc_id: str
    quote: str
    version: str  # "the Arabic version"
    locator: str  # "¶ 3", or "" when it has no place

    @property
    def label(self) -> str:
        """"In the Arabic version (¶ 3):" — the line every format prints before the quote."""
        return f"In {self.version}{f' ({self.locator})' if self.locator else ''}:"


@dataclass
class ExportPlan:
    """What to print, in order: articles (chronological) then orphaned highlights; and for each
    carried highlight (by uuid) the quotes of its linked highlights in the other version."""

    articles: list[ArticleGroup]
    orphans: list[Annotation]
    counterparts: dict[str, list[Counterpart]] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return sum(len(g.notes) + len(g.highlights) for g in self.articles) + len(self.orphans)


def plan_export(
    annotations: Iterable[Annotation],
    documents: Mapping[str, Document],
    counterparts: Iterable[Annotation] | None = None,
) -> ExportPlan:
    """Group and order annotations the way the notes panel does (see the module docstring).

    Articles sort by date (undated last), then id; an orphan is listed once, in the orphan
    section, never under an article whose text it no longer matches. Linked highlights in the
    other version are looked up among ``annotations`` and ``counterparts``.
    """
    annotations = list(annotations)
    groups: dict[str, ArticleGroup] = {}
    orphans: list[Annotation] = []
    for a in annotations:
        if a.anchor is not None and a.state == "orphan":
            orphans.append(a)
            continue
        group = groups.get(a.doc_id)
        if group is None:
            group = groups[a.doc_id] = ArticleGroup(a.doc_id, documents.get(a.doc_id))
        (group.highlights if a.anchor is not None else group.notes).append(a)
    for g in groups.values():
        g.notes.sort(key=lambda a: (a.created, a.uuid))
        g.highlights.sort(key=lambda a: (a.anchor.start, a.anchor.end, a.created, a.uuid)
                          if a.anchor is not None else (0, 0, a.created, a.uuid))

    def article_key(g: ArticleGroup) -> tuple[int, str, str]:
        if g.doc is None:
            return (2, "", g.doc_id)
        return (0 if g.doc.date.value else 1, g.doc.date.sort_key, g.doc_id)

    orphans.sort(key=lambda a: (a.doc_id, a.anchor.start if a.anchor else 0, a.created, a.uuid))
    return ExportPlan(sorted(groups.values(), key=article_key), orphans,
                      _counterparts(annotations, counterparts or (), documents))


def _counterparts(
    exported: Sequence[Annotation], pool: Iterable[Annotation], documents: Mapping[str, Document]
) -> dict[str, list[Counterpart]]:
    everything = {a.uuid: a for a in (*exported, *pool)}
    linked = links(everything.values())
    out: dict[str, list[Counterpart]] = {}
    for a in exported:
        for other in linked.get(a.uuid, ()):
            assert other.anchor is not None  # links() only pairs highlights
            doc = documents.get(other.doc_id)
            language = doc.language if doc is not None else ("ar" if is_rtl(other.anchor.quote) else "en")
            out.setdefault(a.uuid, []).append(
                Counterpart(other.doc_id, other.anchor.quote, version_name(language), locator(other, doc))
            )
    return out


def isolate(text: str) -> str:
    """``text`` between FSI and PDI when it holds Arabic, so it cannot reorder its surroundings.

    Without it, ``header line: السبت 14 آذار 2020)`` in a left-to-right line pulls the numbers
    and the closing parenthesis into the Arabic run and prints them in the wrong place.
    """
    arabic, _, _ = script_counts(text)
    return f"{FSI}{text}{PDI}" if arabic else text


def hashtag(tag: str) -> str:
    """``#tag`` as every export prints it: spaces joined with "-" (a tag-aware viewer ends a tag at
    a space), and an Arabic tag isolated so that it reads "#وسم", not "وسم#" (module docstring)."""
    tag = "-".join(tag.split())
    arabic, _, _ = script_counts(tag)
    return f"{LRI}#{FSI}{tag}{PDI}{PDI}" if arabic else f"#{tag}"


def note_language(a: Annotation) -> tuple[str, str]:
    """The note's (language, direction): as stored, else read from its letters ("" without a note)."""
    voice = note_voice(a.note)
    return a.language or voice["language"], a.direction or voice["direction"]


def date_label(doc: Document | None) -> str:
    """The article's date with where it came from, e.g. ``2020-03-14 (from the article's header)``.

    Researchers cite these dates, so an inferred date must never read like a printed one. Arabic
    evidence (a header line) is bidi-isolated (:func:`isolate`).
    """
    if doc is None:
        return "unknown (article not in this corpus)"
    d = doc.date
    if d.value is None:
        if d.not_before:
            return f"undated (not before {d.not_before})"
        return "undated"
    how = _DATE_SOURCES.get(d.source, d.source)
    evidence = f": {isolate(d.evidence)}" if d.evidence and d.source in ("header", "body") else ""
    return f"{d.value} ({how}{evidence})"


def colour_label(slot: int | None, palette: Sequence[Colour]) -> str:
    """The user's label for a palette slot ("" for article notes, which have no colour)."""
    if slot is None:
        return ""
    for c in palette:
        if c.slot == slot:
            return c.label
    for c in DEFAULT_PALETTE:
        if c.slot == slot:
            return c.label
    return f"colour {slot}"


def paragraph_number(a: Annotation, doc: Document | None) -> int | None:
    """The paragraph (from 1) of ``doc`` where ``a``'s highlight starts; None when it has no place.

    None for article notes, orphans, an article not in the corpus, and offsets that no longer
    cover the quote (the text changed since the highlight was last placed): no locator is better
    than a wrong one.
    """
    anchor = a.anchor
    if anchor is None or doc is None or a.state == "orphan" or not doc.paragraphs or not anchor.quote:
        return None
    k = bisect_right([p.start for p in doc.paragraphs], anchor.start) - 1
    if k < 0:
        return None
    paragraph = doc.paragraphs[k]
    offset = anchor.start - paragraph.start
    within = paragraph.text[offset : offset + len(anchor.quote)]
    # A quote running into the next paragraph: its first paragraph's part must still match.
    return k + 1 if within and anchor.quote.startswith(within) else None


def page_number(a: Annotation, doc: Document | None) -> int | None:
    """The source's page (a PDF's, a Word file's) where ``a``'s highlight starts, when it has pages."""
    number = paragraph_number(a, doc)
    return None if number is None or doc is None else doc.paragraphs[number - 1].page


def locator(a: Annotation, doc: Document | None) -> str:
    """Where to find ``a``'s quote when citing it: ``p. 12, ¶ 3`` where the source has pages (a
    PDF), else ``¶ 3`` ("" when it has no place, see above)."""
    number = paragraph_number(a, doc)
    if number is None:
        return ""
    page = page_number(a, doc)
    return f"p. {page}, ¶ {number}" if page is not None else f"¶ {number}"


def arabic_runs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each run of Arabic inside ``text``, spaces and Arabic punctuation between
    Arabic words kept in the run: where a Latin paragraph switches to the Arabic faces and size
    (the PDF, the notes list), as the reading pane does."""
    return [m.span() for m in _ARABIC_RUN_RE.finditer(text)]


def is_rtl(text: str) -> bool:
    """True when Arabic letters are at least as many as Latin ones (and there are some).

    Same majority rule as ``reader.text.script.direction_of``, but text with no letters at all
    (a number, a dash) is left-to-right.
    """
    arabic, latin, _ = script_counts(text)
    return arabic > 0 and arabic >= latin


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of a quote or note (blank-line separated), without empty ones."""
    parts = _PARAGRAPH_BREAK_RE.split(text.replace("\r\n", "\n").replace("\r", "\n"))
    return [p.strip("\n") for p in parts if p.strip()]


def direction_blocks(text: str) -> list[tuple[str, bool]]:
    """A quote or note as ``(block, right_to_left)``: its paragraphs, each cut where its lines
    change script, so that every line is laid out in the direction of its own script, as in the
    note editor (where every line is a paragraph). A line without letters (a date, "***") goes
    with its neighbours (:func:`reader.text.script.paragraph_directions`)."""
    blocks: list[tuple[str, bool]] = []
    for paragraph in split_paragraphs(text):
        lines = paragraph.split("\n")
        start = len(blocks)
        for line, direction in zip(lines, paragraph_directions(lines), strict=True):
            rtl = direction == "rtl"
            if len(blocks) > start and blocks[-1][1] == rtl:
                blocks[-1] = (f"{blocks[-1][0]}\n{line}", rtl)
            else:
                blocks.append((line, rtl))
    return blocks


# --------------------------------------------------------------------------------------------
# Markdown


def _md_escape_line(line: str) -> str:
    line = _md_escape_inline(line)
    return _MD_LINE_START_RE.sub(_escape_line_start, line)


def _escape_line_start(m: re.Match[str]) -> str:
    # CommonMark escapes the punctuation itself: "\#", "\-", but "1\." (not "\1.").
    return "\\" + m.group(1) if m.group(1) else m.group(2) + "\\" + m.group(3)


def _md_escape_inline(text: str) -> str:
    return _MD_INLINE_RE.sub(r"\\\1", html.escape(text, quote=False))


def _md_paragraph_lines(paragraph: str, rtl: bool) -> list[str]:
    """One paragraph as Markdown lines: escaped, single newlines kept as hard line breaks."""
    if rtl:
        inner = "<br>".join(html.escape(line.strip(), quote=False) for line in paragraph.split("\n"))
        # One line inside the div: a blank or indented line could end or change the HTML block.
        return ['<div dir="rtl" lang="ar">', f"<p>{inner}</p>", "</div>"]
    lines = [_md_escape_line(line.strip()) for line in paragraph.split("\n") if line.strip()]
    return [line + "\\" if i < len(lines) - 1 else line for i, line in enumerate(lines)]


def _md_blocks(text: str, *, quote: bool) -> list[str]:
    """Text as Markdown blocks (``> `` prefixed when ``quote``), one block per paragraph."""
    out: list[str] = []
    for paragraph, rtl in direction_blocks(text):
        if out:
            out.append(">" if quote else "")
        out.extend(f"> {line}" if quote else line for line in _md_paragraph_lines(paragraph, rtl))
    return out


def _md_inline(text: str) -> str:
    """A short value (title, tag, label) on one line, escaped; RTL wrapped in a span."""
    one_line = " ".join(text.split())
    if is_rtl(one_line):
        return f'<span dir="rtl" lang="ar">{html.escape(one_line, quote=False)}</span>'
    return _md_escape_inline(one_line)


def _md_code(text: str) -> str:
    """An inline code span that survives backticks inside ``text`` (ids and file names)."""
    text = " ".join(text.split())
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _md_heading(level: int, text: str) -> str:
    one_line = " ".join(text.split()) or "(untitled)"
    if is_rtl(one_line):
        return f'<h{level} dir="rtl" lang="ar">{html.escape(one_line, quote=False)}</h{level}>'
    return f"{'#' * level} {_md_escape_inline(one_line)}"


def _md_tags(tags: Sequence[str]) -> str:
    return " ".join(_md_escape_inline(hashtag(t)) for t in tags)


def _lang(language: str) -> str:
    return f' lang="{html.escape(language)}"' if language else ""


def _md_note(a: Annotation) -> list[str]:
    """The note as Markdown, or as one HTML block stating its direction and language when any of it
    runs right to left (see the module docstring)."""
    blocks = direction_blocks(a.note)
    language, direction = note_language(a)
    if direction != "rtl" and not any(rtl for _, rtl in blocks):
        return _md_blocks(a.note, quote=False)
    note_rtl = direction == "rtl"
    lines = [f'<div dir="{"rtl" if note_rtl else "ltr"}"{_lang(language)}>']
    for text, rtl in blocks:
        inner = "<br>".join(html.escape(line.strip(), quote=False) for line in text.split("\n"))
        own = ""
        if rtl != note_rtl:
            own_language = paragraph_language(text)
            own = f' dir="{"rtl" if rtl else "ltr"}"{_lang(own_language if own_language != "other" else "")}'
        lines.append(f"<p{own}>{inner}</p>")
    return [*lines, "</div>"]


def _md_annotation(
    a: Annotation, palette: Sequence[Colour], doc: Document | None, counterparts: Sequence[Counterpart] = ()
) -> list[str]:
    heading = "Article note" if a.anchor is None else colour_label(a.colour, palette) or "Highlight"
    meta = [f"**{_md_inline(heading)}**"]
    if where := locator(a, doc):
        meta.append(where)
    if a.tags:
        meta.append(_md_tags(a.tags))
    if a.state == "moved":
        meta.append("*(found again after the article changed)*")
    lines = [" · ".join(meta), ""]
    if a.anchor is not None:
        lines.extend(_md_blocks(a.anchor.quote, quote=True))
        lines.append("")
    for other in counterparts:
        lines += [f"*{other.label}*", "", *_md_blocks(other.quote, quote=True), ""]
    if a.note.strip():
        lines.extend(_md_note(a))
        lines.append("")
    return lines


def export_markdown(
    annotations: Iterable[Annotation],
    documents: Mapping[str, Document],
    palette: Sequence[Colour] = DEFAULT_PALETTE,
    *,
    heading: str = "Notes from Corpus Reader",
    counterparts: Iterable[Annotation] | None = None,
) -> str:
    """The notes as one Markdown document, grouped by article (see the module docstring).

    Each article: title heading, date with provenance, id and source file; then its article
    notes, then each highlight as a block quote with its colour label, ``#tags``, the quote of its
    linked highlight in the other version, and its note. Orphans come last under
    :data:`ORPHANS_HEADING`, with their quote and last known article. ``counterparts``: where to
    look for linked highlights besides ``annotations`` (every annotation, for a partial export).
    """
    plan = plan_export(annotations, documents, counterparts)
    out: list[str] = [f"# {_md_inline(heading)}", ""]
    n_articles = len(plan.articles)
    out += [f"{plan.count} annotation{'s' if plan.count != 1 else ''} on {n_articles} "
            f"article{'s' if n_articles != 1 else ''}"
            + (f"; {len(plan.orphans)} orphaned" if plan.orphans else "") + ".", ""]
    for group in plan.articles:
        out += [_md_heading(2, group.title), ""]
        out.append(f"- Date: {_md_inline(date_label(group.doc))}")
        out.append(f"- Article: {_md_code(group.doc_id)}")
        if group.doc is not None:
            out.append(f"- Source: {_md_code(group.doc.source)}")
            if group.doc.url:
                out.append(f"- Address: {_md_code(group.doc.url)}")  # as text: never a live link
        out.append("")
        for a in (*group.notes, *group.highlights):
            out += _md_annotation(a, palette, group.doc, plan.counterparts.get(a.uuid, ()))
    if plan.orphans:
        out += [f"## {ORPHANS_HEADING}", "",
                "These highlights' text is no longer in their article; quote and note are kept.", ""]
        for a in plan.orphans:
            doc = documents.get(a.doc_id)
            title = doc.title.strip() if doc is not None else ""
            out.append(f"From: {_md_inline(title) + ' ' if title else ''}{_md_code(a.doc_id)}")
            out.append("")
            out += _md_annotation(a, palette, doc, plan.counterparts.get(a.uuid, ()))
    return "\n".join(out).rstrip("\n") + "\n"


# --------------------------------------------------------------------------------------------
# CSV


def neutralise_formula(value: str) -> str:
    """``'`` before a cell a spreadsheet would evaluate (``=HYPERLINK(...)``, ``@SUM``, ``-2+3``).

    Plain numbers (``-5``, ``+3.2``, ``12%``) are left alone: they are not formulas.
    """
    if value.startswith(_FORMULA_STARTS) and not _NUMBER_RE.match(value):
        return "'" + value
    return value


def export_csv(
    annotations: Iterable[Annotation],
    documents: Mapping[str, Document],
    palette: Sequence[Colour] = DEFAULT_PALETTE,
    *,
    counterparts: Iterable[Annotation] | None = None,
) -> bytes:
    """One row per annotation (columns :data:`CSV_COLUMNS`), UTF-8 with BOM, formula-safe.

    Rows follow the Markdown order with orphans last (their ``state`` column says ``orphan``);
    article notes have empty colour, quote, start, end and paragraph (:func:`paragraph_number`,
    also empty for an orphan). Tags are joined with ``;``. ``language``/``direction`` are the
    note's; a carried highlight gives its linked quotes in the other version (``counterparts`` as
    in :func:`export_markdown`), several joined by a blank line.
    """
    plan = plan_export(annotations, documents, counterparts)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    ordered = [a for g in plan.articles for a in (*g.notes, *g.highlights)] + plan.orphans
    for a in ordered:
        doc = documents.get(a.doc_id)
        anchor = a.anchor
        linked = plan.counterparts.get(a.uuid, [])
        row: list[str] = [
            a.uuid,
            a.doc_id,
            doc.title if doc is not None else "",
            (doc.date.value or "") if doc is not None else "",
            doc.language if doc is not None else "",
            (doc.url or "") if doc is not None else "",
            "" if a.colour is None else str(a.colour),
            colour_label(a.colour, palette),
            ";".join(a.tags),
            anchor.quote if anchor is not None else "",
            a.note,
            *note_language(a),
            "" if anchor is None else str(anchor.start),
            "" if anchor is None else str(anchor.end),
            str(paragraph_number(a, doc) or ""),
            str(page_number(a, doc) or ""),
            a.state,
            a.created,
            a.modified,
            a.carried_from,
            ";".join(dict.fromkeys(c.doc_id for c in linked)),
            "\n\n".join(c.quote for c in linked),
        ]
        writer.writerow([neutralise_formula(cell) for cell in row])
    # "replace": an export must not fail on a stray lone surrogate from a damaged source file.
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8", "replace")


# --------------------------------------------------------------------------------------------
# Every text format, for the command line and the app


def export_bytes(
    fmt: str,
    annotations: Sequence[Annotation],
    documents: Mapping[str, Document],
    palette: Sequence[Colour] = DEFAULT_PALETTE,
    *,
    saved_searches: Sequence[Mapping[str, Any]] = (),
    counterparts: Iterable[Annotation] | None = None,
) -> bytes:
    """The file ``corpus-reader notes export --format FMT`` writes, for ``FMT`` in :data:`TEXT_FORMATS`.

    ``md`` UTF-8 Markdown, ``csv`` (see :func:`export_csv`), ``json`` W3C Web Annotation JSON-LD
    with ``saved_searches`` travelling along. One function, so the command line and the app's
    File → Export Notes… cannot drift apart. ``counterparts``: see :func:`export_markdown`.
    Raises ``ValueError`` for any other format.
    """
    if fmt == "md":
        return export_markdown(annotations, documents, palette, counterparts=counterparts).encode("utf-8")
    if fmt == "csv":
        return export_csv(annotations, documents, palette, counterparts=counterparts)
    if fmt == "json":
        from reader.store.jsonld import to_jsonld  # jsonld builds on this module's plan_export

        collection = to_jsonld(annotations, documents, palette, saved_searches=saved_searches)
        return (json.dumps(collection, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    raise ValueError(f"unknown export format {fmt!r} (expected one of {', '.join(TEXT_FORMATS)})")
