"""The characters of a PDF page with their positions, cut into lines (through PDFium).

Why not PDFium's own line breaks: they follow the content stream, and producers differ. Qt (and so
wkhtmltopdf) writes an Arabic paragraph's second line before its first, on one PDFium "line"; a
footnote's raised number comes out as a line of its own; a landscape page printed two-up comes out
one letter per line. So every character's box, baseline and angle is read and lines are rebuilt:

* the page's dominant writing angle is its frame (a page turned 90° reads like any other);
  characters at another angle (a chart's axis titles, a sidebar stamp) are left out;
* a new line starts where the baseline jumps by more than 60 % of the line height (a superscript
  stays on its line), and a PDFium line break between two characters that stand on one baseline
  side by side is ignored;
* a PDFium line holding several baselines is put top to bottom;
* letters that share one glyph box belong to one glyph that stands for several letters (lam-alef
  «لا», a shaped cluster); they are marked so :mod:`reader.ingest.formats.pdf` can turn them round
  when PDFium has reversed them.

Only PDFium's C API through pypdfium2's raw bindings is used here, a few calls per character.
"""

from __future__ import annotations

import ctypes
import math
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from reader.ingest.formats.pdf_arabic import is_arabic

__all__ = ["MAX_PAGE_CHARS", "Char", "PageChars", "read_page"]

MAX_PAGE_CHARS = 200_000
_MIN_LETTERS_PER_PAGE = 30
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ue000-\uf8ff\ufffd\ufeff]")
_QUARTER = math.pi / 2


@dataclass(slots=True)
class Char:
    ch: str
    box: tuple[float, float, float, float] | None  # loose (x0, bottom, x1, top) in the page's text frame
    index: int = -1  # PDFium's character index
    glyph: int = -1  # the multi-letter glyph this letter belongs to, -1 if none


@dataclass
class PageChars:
    number: int
    runs: list[list[Char]] = field(default_factory=list)  # one per line, in reading order
    sizes: list[float] = field(default_factory=list)  # each run's font size (points)
    images: bool = False
    letters: int = 0
    unmapped: int = 0  # characters without a Unicode mapping (dropped)
    turned: int = 0  # characters at another angle than the page's text (dropped)

    @property
    def scanned(self) -> bool:
        """Images and (almost) no text: a scan, perhaps with a stamp or a page number on it."""
        return self.images and self.letters < _MIN_LETTERS_PER_PAGE


def read_page(page: pdfium.PdfPage, number: int) -> PageChars:
    textpage = page.get_textpage()
    try:
        result = PageChars(number)
        _read_chars(textpage, result)
        result.sizes = [_font_size(textpage, run) for run in result.runs]
    finally:
        textpage.close()
    result.letters = sum(1 for run in result.runs for c in run if c.ch.isalnum())
    if result.letters < _MIN_LETTERS_PER_PAGE:
        result.images = any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3))
    return result


def _page_text(textpage: pdfium.PdfTextPage, count: int) -> str:
    text = textpage.get_text_range(0, count)
    if len(text) == count:
        return text
    # Characters outside the BMP shifted the indices: one code unit per index instead.
    return "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i)) for i in range(count))


_Raw = tuple[str, int, int, tuple[float, float, float, float]]  # char, index, quarter turns, loose box


def _ordinary(ch: str) -> bool:
    """Latin, Arabic, common punctuation: scripts whose glyphs a broken font rarely fakes."""
    return ch <= "\u024f" or "\u2000" <= ch <= "\u206f" or is_arabic(ch)


def _raw_chars(textpage: pdfium.PdfTextPage, page: PageChars) -> list[_Raw | str]:
    """Every character with its geometry; spaces as " ", PDFium's line breaks as "\\n"."""
    count = min(textpage.count_chars(), MAX_PAGE_CHARS)
    if count <= 0:
        return []
    text = _page_text(textpage, count)
    handle = textpage.raw
    rect = pdfium_c.FS_RECTF()
    loose_box = pdfium_c.FPDFText_GetLooseCharBox
    angle_of = pdfium_c.FPDFText_GetCharAngle
    out: list[_Raw | str] = []
    for i, ch in enumerate(text):
        if ch in "\r\n":
            if ch == "\n":
                out.append("\n")
            continue
        if ch.isspace():
            out.append(" ")
            continue
        if _CONTROL.match(ch) or (not _ordinary(ch) and pdfium_c.FPDFText_HasUnicodeMapError(handle, i)):
            page.unmapped += 1  # a glyph without a Unicode mapping reads as a random code point
            continue
        loose_box(handle, i, rect)
        angle = angle_of(handle, i)  # clockwise, radians
        if angle == 0.0:
            quarter = 0
        else:
            turns = angle / _QUARTER
            quarter = round(turns) % 4 if abs(turns - round(turns)) < 0.05 else -1
        out.append((ch, i, quarter, (rect.left, rect.bottom, rect.right, rect.top)))
    return out


def _frame(quarter: int) -> Callable[[tuple[float, float, float, float]], tuple[float, float, float, float]]:
    """Page coordinates -> the text's own frame (text runs along +x, lines go down along -y)."""
    theta = -quarter * _QUARTER  # PDFium's angle is clockwise
    c, s = round(math.cos(theta)), round(math.sin(theta))

    def box(b: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        xs = (b[0] * c + b[1] * s, b[2] * c + b[3] * s)
        ys = (-b[0] * s + b[1] * c, -b[2] * s + b[3] * c)
        return min(xs), min(ys), max(xs), max(ys)

    return box


def _read_chars(textpage: pdfium.PdfTextPage, page: PageChars) -> None:
    raw = _raw_chars(textpage, page)
    angles = Counter(r[2] for r in raw if not isinstance(r, str))
    if not angles:
        return
    dominant = angles.most_common(1)[0][0]
    frame = _frame(dominant) if dominant > 0 else None
    tight = [ctypes.c_double() for _ in range(4)]
    groups: list[list[list[Char]]] = [[[]]]  # PDFium lines -> runs on one baseline -> characters
    previous_glyph: tuple[float, ...] | None = None
    last: Char | None = None  # the last character with a box
    glyph = 0
    pending_break = False
    for item in raw:
        if item == "\n":
            pending_break = True
            continue
        if item == " ":
            groups[-1][-1].append(Char(" ", None))
            previous_glyph = None
            continue
        ch, index, quarter, loose = item
        if quarter != dominant:
            page.turned += 1
            continue
        char = Char(ch, frame(loose) if frame else loose, index)
        if last is not None:
            if pending_break and not _same_line(last, char):
                groups.append([[]])
            elif not pending_break and _new_baseline(last, char):
                groups[-1].append([])
        pending_break = False
        if is_arabic(ch):
            pdfium_c.FPDFText_GetCharBox(textpage.raw, index, *tight)
            key = tuple(v.value for v in tight)
            if key == previous_glyph and groups[-1][-1]:
                char.glyph = groups[-1][-1][-1].glyph = glyph
            else:
                glyph += 1
            previous_glyph = key
        else:
            previous_glyph = None
        groups[-1][-1].append(char)
        last = char
    page.runs = [_marks_on_their_letters(run) for runs in groups for run in _top_to_bottom(runs)]


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch) == "Mn"


def _covers(letter: Char, mark: Char) -> bool:
    assert letter.box is not None and mark.box is not None
    centre = (mark.box[0] + mark.box[2]) / 2
    return letter.box[0] - 0.5 <= centre <= letter.box[2] + 0.5


def _marks_on_their_letters(run: list[Char]) -> list[Char]:
    """A vowel mark drawn as a glyph of its own can come out of the stream far from its letter
    (Chrome writes the tanween of «مرحباً» before the word): put it after the letter it sits on."""
    out = list(run)
    i = 0
    while i < len(out):
        mark = out[i]
        if mark.box and _is_mark(mark.ch) and not (i and out[i - 1].box and _covers(out[i - 1], mark)):
            near = [j for j in range(max(0, i - 12), min(len(out), i + 13))
                    if j != i and out[j].box and not _is_mark(out[j].ch) and _covers(out[j], mark)]
            if near:
                j = min(near, key=lambda k: abs(k - i))
                out.pop(i)
                out.insert(j + 1 if j < i else j, mark)  # right after its letter
                if j > i:
                    continue  # out[i] is now the character that followed the mark
        i += 1
    return out


def _height(c: Char) -> float:
    assert c.box is not None
    return c.box[3] - c.box[1]


def _new_baseline(last: Char, char: Char) -> bool:
    """A jump of most of a line height: the next line, not a superscript."""
    assert last.box is not None and char.box is not None
    return abs(last.box[1] - char.box[1]) > 0.6 * max(_height(last), _height(char))


def _same_line(last: Char, char: Char) -> bool:
    """After a PDFium line break: does ``char`` stand right beside the last one, on its baseline?"""
    assert last.box is not None and char.box is not None
    height = max(_height(last), _height(char))
    gap = max(char.box[0] - last.box[2], last.box[0] - char.box[2])
    return abs(last.box[1] - char.box[1]) <= 0.6 * height and gap <= 1.5 * height


def _baseline(run: list[Char]) -> float:
    return statistics.median(c.box[1] for c in run if c.box)


def _top_to_bottom(runs: list[list[Char]]) -> list[list[Char]]:
    """A PDFium line holding several baselines: one above another (Qt writes a paragraph's two
    lines as one) are put top first; side by side (the end of one column and the top of the next,
    joined by PDFium's own dehyphenation) they stay in stream order."""
    runs = [run for run in runs if any(c.box for c in run)]
    for _ in range(len(runs)):
        swapped = False
        for i in range(len(runs) - 1):
            if _baseline(runs[i + 1]) > _baseline(runs[i]) and _overlap(runs[i], runs[i + 1]) > 0.5:
                runs[i], runs[i + 1] = runs[i + 1], runs[i]
                swapped = True
        if not swapped:
            break
    return runs


def _span(run: list[Char]) -> tuple[float, float]:
    boxes = [c.box for c in run if c.box]
    return min(b[0] for b in boxes), max(b[2] for b in boxes)


def _overlap(a: list[Char], b: list[Char]) -> float:
    """How much two runs share horizontally, as a share of the narrower one."""
    (a0, a1), (b0, b1) = _span(a), _span(b)
    narrower = min(a1 - a0, b1 - b0)
    return max(0.0, min(a1, b1) - max(a0, b0)) / narrower if narrower > 0 else 0.0


def _font_size(textpage: pdfium.PdfTextPage, run: list[Char]) -> float:
    """The run's font size in points: the font's size times the text matrix's scale.

    PDFium's font size alone is the size the content stream set, often 1 with the real size in
    the matrix (Apple's pstopdf); the glyph box height depends on the font's design.
    """
    chars = [c for c in run if c.box and c.ch.isalnum()] or [c for c in run if c.box]
    matrix = pdfium_c.FS_MATRIX()
    sizes = []
    for c in (chars[0], chars[len(chars) // 2], chars[-1]):
        pdfium_c.FPDFText_GetMatrix(textpage.raw, c.index, matrix)
        scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c)) or 1.0
        sizes.append(pdfium_c.FPDFText_GetFontSize(textpage.raw, c.index) * scale)
    return round(statistics.median(sizes), 1)
