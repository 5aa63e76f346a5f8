"""A PDF's lines turned back into the paragraphs a reader sees, each with the page it starts on.

A PDF knows glyphs and their positions, not paragraphs: its text comes out as lines broken where
the page was full, words hyphenated at the right margin, the running head ("MMWR / January 14,
2011 / Vol. 60"), the page number and the footer repeated on every page, and a paragraph that
runs over a page break cut in two. This module works on positioned lines (:class:`Line`, from
:mod:`reader.ingest.formats.pdf`) and is pure, so every rule is testable without a PDF:

* **Running heads, footers and page numbers** are the lines at the top or bottom edge of a page
  whose text, with numbers masked, recurs at an edge on at least two pages and 40 % of them
  (odd and even pages often alternate two heads); a lone number, "Page 5", "5 of 12", "- 5 -" or
  «صفحة ٥» at an edge is a page number on any page.
* **Paragraphs** break where the vertical gap is wider than the document's usual line pitch, where
  the font size changes (a heading, footnotes), at a first-line indent (on the right for Arabic),
  and after a line that ends a sentence well short of the margin. Across a page break (or a
  column) a paragraph continues when its last line does not end a sentence; it keeps the page
  where it starts, and footnotes at the bottom of the page do not interrupt it.
* **Hyphenation** at a line end is undone ("interna-" + "tional" -> "international") unless the
  document itself says the hyphen is real: the two halves are words it uses on their own
  ("school-" + "related"), it writes the hyphenated form elsewhere, or the next part starts with a
  capital or a digit ("Non-Hispanic", "2006-08"). A hyphen in the middle of a line is never
  touched ("well-known").
* **Headings** are short paragraphs set clearly larger than the body text.
"""

from __future__ import annotations

import itertools
import math
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

__all__ = ["Line", "Paragraph", "body_size", "build_paragraphs", "remove_running_lines"]

_EDGE_LINES = 3  # lines looked at, at the top and at the bottom of each page
_RECURRING_SHARE = 0.4
_HEADING_RATIO = 1.2
_SMALL_RATIO = 0.9
_HEADING_MAX_CHARS = 200

_HYPHENS = "-\u00ad\ufffe\u2010"  # hyphen, soft hyphen, PDFium's mark of a line-end hyphen, Unicode hyphen
_TERMINAL = ".!?\u061f\u06d4\u2026:"  # . ! ? ؟ ۔ …  :
_CLOSERS = "\"'”’»)]}*\u2020\u2021"
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_ROMAN = r"(?:[ivxlc]{1,7})"
_NUMBER = rf"(?:\d{{1,4}}|{_ROMAN})"
_PAGE_WORDS = r"(?:page|pages|pg\.?|p\.|seite|صفحة|الصفحة|ص\.?)"
_PAGE_NUMBER = re.compile(
    rf"^[\s\-–—|•·\[(]*(?:{_PAGE_WORDS}\s*)?{_NUMBER}(?:\s*(?:of|/|من|sur|von)\s*\d{{1,4}})?[\s\-–—|•·\])]*$",
    re.IGNORECASE,
)
_EDGE_NUMBER = re.compile(rf"^(?:{_PAGE_WORDS}\s*)?#(?:\s|$)|(?:^|\s)(?:{_PAGE_WORDS}\s*)?#$", re.IGNORECASE)
_ALWAYS_COMPOUND = frozenset({"self", "well", "non", "half", "all", "quasi", "cross", "ex", "co"})
# Second halves of English compounds common in reports ("school-related", "evidence-based"),
# for a document too short to use them on their own.
_COMPOUND_TAILS = frozenset({
    "based", "related", "known", "level", "term", "scale", "wide", "free", "oriented", "specific",
    "owned", "made", "making", "aged", "sized", "driven", "friendly", "born", "range", "source",
    "led", "run", "funded", "profit", "income", "quality", "granting", "wing",
})


@dataclass(frozen=True)
class Line:
    """One line of a page as laid out: PDF coordinates (points, y grows upwards)."""

    text: str
    page: int  # from 1
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # the glyph box height, ~ the font size

    @property
    def rtl(self) -> bool:
        arabic = sum(1 for ch in self.text if ch.isalpha() and "\u0600" <= ch <= "\u08ff")
        return arabic > sum(1 for ch in self.text if ch.isalpha()) / 2


@dataclass
class Paragraph:
    lines: list[Line]
    heading: bool = False
    text: str = ""
    extra: list[Line] = field(default_factory=list)  # lines continued from the next page

    @property
    def page(self) -> int:
        return self.lines[0].page

    @property
    def size(self) -> float:
        return statistics.median(line.size for line in self.lines)


# ---------------------------------------------------------------------------------------------
# Running heads, footers, page numbers
# ---------------------------------------------------------------------------------------------


def _ascii_digits(text: str) -> str:
    return "".join(str(unicodedata.digit(ch)) if ch.isdigit() else ch for ch in text)


def is_page_number(text: str) -> bool:
    """"12", "Page 12", "- 12 -", "12 of 40", "xii", «صفحة ١٢»."""
    return bool(_PAGE_NUMBER.match(_ascii_digits(text).strip()))


def running_key(text: str) -> str:
    """The text with all numbers masked and those at either end (page numbers) dropped."""
    text = re.sub(r"\d+", "#", " ".join(_ascii_digits(text).casefold().split()))
    previous = None
    while previous != text:
        previous = text
        text = _EDGE_NUMBER.sub("", text).strip()
    return text


def _edges(lines: Sequence[Line]) -> list[Line]:
    """The lines nearest the top and the bottom of a page, by position (not stream order)."""
    ordered = sorted(lines, key=lambda line: -line.top)
    if len(ordered) <= 2 * _EDGE_LINES:
        return ordered
    return ordered[:_EDGE_LINES] + ordered[-_EDGE_LINES:]


def _outermost(lines: Sequence[Line]) -> set[int]:
    """ids of the two top-most and two bottom-most lines: where a page number can stand."""
    ordered = sorted(lines, key=lambda line: -line.top)
    return {id(line) for line in ordered[:2] + ordered[-2:]}


def remove_running_lines(pages: Sequence[Sequence[Line]]) -> tuple[list[list[Line]], list[list[Line]]]:
    """Pages without their running heads, footers and page numbers; and those lines, per page."""
    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({running_key(line.text) for line in _edges(lines)} - {""})
    needed = max(2, math.ceil(_RECURRING_SHARE * len(pages)))
    recurring = {key for key, n in counts.items() if n >= needed} if len(pages) >= 2 else set()
    out: list[list[Line]] = []
    removed: list[list[Line]] = []
    for lines in pages:
        edges = {id(line) for line in _edges(lines)}
        outer = _outermost(lines)
        out.append([])
        removed.append([])
        for line in lines:
            running = id(line) in edges and running_key(line.text) in recurring
            number = id(line) in outer and is_page_number(line.text)
            (removed if running or number else out)[-1].append(line)
    return out, removed


# ---------------------------------------------------------------------------------------------
# Paragraphs
# ---------------------------------------------------------------------------------------------


def body_size(pages: Sequence[Sequence[Line]]) -> float:
    """The font size most of the text is set in (weighted by characters)."""
    sizes: Counter[float] = Counter()
    for lines in pages:
        for line in lines:
            sizes[round(line.size, 1)] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _pitch_ratio(pages: Sequence[Sequence[Line]]) -> float:
    """The usual distance between two lines of a paragraph, in font sizes (~1.2 for most text)."""
    ratios = []
    for lines in pages:
        for prev, cur in itertools.pairwise(lines):
            if abs(prev.size - cur.size) <= 0.1 * prev.size:
                dy = prev.bottom - cur.bottom
                if 0.8 * cur.size <= dy <= 2.5 * cur.size:
                    ratios.append(dy / cur.size)
    return statistics.median(ratios) if ratios else 1.25


def ends_sentence(text: str) -> bool:
    stripped = text.rstrip().rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _TERMINAL


def continues(prev: str, nxt: str) -> bool:
    """Does ``nxt`` carry on the sentence ``prev`` left unfinished (over a page or column break)?

    A sentence left open is not enough in a script with capitals: the text after a figure or a
    table often ends without a full stop, so a capital at the start of ``nxt`` says "new paragraph".
    """
    prev, nxt = prev.rstrip(), nxt.lstrip()
    if not prev or not nxt:
        return False
    if prev[-1] in _HYPHENS and prev[-2:-1].isalpha():
        return True
    first = nxt[0]
    if first.isalpha() and first.islower():
        return True
    if ends_sentence(prev):
        return False
    return not (first.isalpha() and first.isupper())


def _breaks(prev: Line, cur: Line, para: list[Line], pitch: float) -> bool:
    """Does ``cur`` start a new paragraph after ``prev`` (same page)?"""
    size = max(prev.size, cur.size)
    if abs(prev.size - cur.size) > 0.15 * size:
        return True  # a heading, a caption, footnotes
    dy = prev.bottom - cur.bottom
    if dy <= 0.3 * cur.size:  # back up the page or beside: the next column or a box
        return not continues(prev.text, cur.text)
    if dy > pitch * cur.size + max(1.5, 0.2 * cur.size):
        return True  # a blank gap wider than the line spacing
    if not ends_sentence(prev.text):
        return False
    indent = 0.9 * cur.size
    rtl = cur.rtl
    if rtl and cur.x1 < prev.x1 - indent and abs(cur.x1 - prev.x1) < 0.3 * (prev.x1 - prev.x0 + 1):
        return True  # a first-line indent (on the right in Arabic)
    if not rtl and cur.x0 > prev.x0 + indent and abs(cur.x0 - prev.x0) < 0.3 * (prev.x1 - prev.x0 + 1):
        return True
    short = 2.0 * cur.size  # the sentence ended well before the margin
    if rtl:
        return prev.x0 > min(min(line.x0 for line in para), cur.x0) + short
    return prev.x1 < max(max(line.x1 for line in para), cur.x1) - short


def _page_paragraphs(lines: Sequence[Line], pitch: float, body: float) -> list[Paragraph]:
    paras: list[Paragraph] = []
    for line in lines:
        if paras and not _breaks(paras[-1].lines[-1], line, paras[-1].lines, pitch):
            paras[-1].lines.append(line)
        else:
            paras.append(Paragraph([line]))
    for para in paras:
        chars = sum(len(line.text) for line in para.lines)
        large = para.size >= _HEADING_RATIO * body
        para.heading = large and chars <= _HEADING_MAX_CHARS and len(para.lines) <= 3
    return paras


def _join_pages(pages: list[list[Paragraph]], body: float) -> list[Paragraph]:
    """One list; a paragraph cut by a page break gets the next page's first paragraph back."""
    out: list[Paragraph] = []
    for paras in pages:
        if out and paras:
            first = paras[0]
            host = next((p for p in reversed(out) if p.size >= _SMALL_RATIO * body or p.heading), None)
            if (
                host is not None
                and host.page == out[-1].page  # only the previous page's paragraphs
                and not host.heading
                and not first.heading
                and abs(host.size - first.size) <= 0.15 * host.size
                and continues(_last_text(host), first.lines[0].text)
            ):
                host.extra.extend(first.lines)
                paras = paras[1:]
        out.extend(paras)
    return out


def _last_text(para: Paragraph) -> str:
    return (para.extra or para.lines)[-1].text


def build_paragraphs(pages: Sequence[Sequence[Line]]) -> list[Paragraph]:
    """Paragraphs (with ``text``) of the whole document, in reading order."""
    body = body_size(pages)
    pitch = _pitch_ratio(pages)
    per_page = [_page_paragraphs(lines, pitch, body) for lines in pages]
    paras = _join_pages(per_page, body)
    vocabulary, compounds = _vocabulary(paras)
    for para in paras:
        para.text = join_lines([line.text for line in para.lines + para.extra], vocabulary, compounds)
    return [p for p in paras if p.text]


# ---------------------------------------------------------------------------------------------
# Hyphenation
# ---------------------------------------------------------------------------------------------

_LINE_END_HYPHEN = re.compile(rf"([^\W\d_]+(?:-[^\W\d_]+)*)[{_HYPHENS}]$")


def _vocabulary(paras: Sequence[Paragraph]) -> tuple[frozenset[str], frozenset[str]]:
    """Words and hyphenated compounds the document writes in full (not cut at a line end)."""
    words: set[str] = set()
    compounds: set[str] = set()
    for para in paras:
        lines = [line.text for line in para.lines + para.extra]
        for i, text in enumerate(lines):
            tokens = _WORD.findall(text)
            if tokens and _LINE_END_HYPHEN.search(text.rstrip()):
                tokens = tokens[:-1]
            if tokens and i and _LINE_END_HYPHEN.search(lines[i - 1].rstrip()):
                tokens = tokens[1:]
            for token in tokens:
                token = token.casefold()
                (compounds if "-" in token else words).add(token)
                words.update(token.split("-"))
    return frozenset(words), frozenset(compounds)


def join_lines(lines: Sequence[str], vocabulary: frozenset[str] = frozenset(),
               compounds: frozenset[str] = frozenset()) -> str:
    """The lines of one paragraph as one string, hyphenation at line ends undone."""
    out = ""
    for raw in lines:
        text = " ".join(raw.split())
        if not text:
            continue
        if not out:
            out = text
            continue
        match = _LINE_END_HYPHEN.search(out[-100:])  # the tail only: ``out`` grows with the paragraph
        if match and out[-1] == "\u00ad":
            out = out[:-1] + text
        elif match and text[0].isalpha():
            keep = _real_hyphen(match.group(1), text, vocabulary, compounds)
            out = out[:-1] + ("-" if keep else "") + text
        elif out[-1] in _HYPHENS and out[-2:-1].isdigit() and text[0].isdigit():
            out = out[:-1] + "-" + text  # a range: "2006-" + "08"
        else:
            out = f"{out} {text}"
    return out.replace("\ufffe", "-").replace("\u00ad", "")


def _real_hyphen(before: str, text: str, vocabulary: frozenset[str], compounds: frozenset[str]) -> bool:
    """Is the hyphen ending ``before`` part of the word (school-related) or a line-end break?"""
    after = _WORD.match(text)
    if after is None:
        return True
    head = before.split("-")[-1]
    tail = after.group().split("-")[0]
    if "-" in before or tail[0].isupper():
        return True  # "quality-of-" + "life", "Non-" + "Hispanic"
    joined = (head + tail).casefold()
    if joined in vocabulary:
        return False
    if f"{head}-{tail}".casefold() in compounds or head.casefold() in _ALWAYS_COMPOUND:
        return True
    # "school-" + "related": the part after the break is a word the document uses on its own.
    # "practi-" + "tioners", "eco-" + "nomics", "aver-" + "age" (too short to tell) are not.
    tail = tail.casefold()
    return len(head) >= 3 and (tail in _COMPOUND_TAILS or (len(tail) >= 4 and tail in vocabulary))
