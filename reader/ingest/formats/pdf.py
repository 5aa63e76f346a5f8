"""PDF files: text with its page numbers, through PDFium (pypdfium2), cleaned for reading.

**Why PDFium and not pdfminer.six** (both permissive; measured with ``benchmarks/bench_pdf.py`` on
the samples in ``tests/data/formats/pdf``): on the four real Arabic samples pdfminer.six returns
the text in visual order, for two of them as presentation forms («ﺔﻴﺑﺮﻌﻟا طﻮﻄﳋا عاﻮﻧا» for
«انواع الخطوط العربية»), and none of the phrases read off the pages comes out right; PDFium
returns logical order with ordinary letters (all phrases right but for WeasyPrint's lam-alef,
fixed here). PDFium extracts 130–2800 pages/s against pdfminer's 7–220 (15–60 times faster; the
whole extractor here, with its per-character layout work, 25–600 pages/s). On 100 damaged copies
of the samples (truncated, bytes overwritten) PDFium read 15 and pdfminer 14, each refused the
rest with an exception, neither hung. pypdfium2 is Apache-2.0/BSD-3, PDFium BSD-3.

What PDFium does not do, done here:

* **Lines from positions.** PDFium's own line breaks follow the content stream, and some producers
  (Qt, hence wkhtmltopdf) write a paragraph's lines out of order or two lines as one: lines are
  rebuilt from each character's box, and a PDFium "line" holding two baselines is split and put
  top to bottom.
* **Glyphs that stand for several letters.** A shaping engine maps one glyph to several letters
  (lam-alef «لا», a whole cluster); when the producer also writes the glyphs in visual order
  (WeasyPrint), PDFium reverses those letters with the run and «الأسبوعية» comes out «األسبوعية».
  Such a glyph's letters share one box; a document whose lam-alef glyphs read alef-lam has them
  turned back.
* **Arabic safety net** (:mod:`.pdf_arabic`): presentation forms folded (NFKC), lines still in
  visual order reordered; **layout** (:mod:`.pdf_layout`): running heads, footers and page numbers
  removed, paragraphs rebuilt across lines, columns and pages, line-end hyphenation undone,
  headings from the font size.

**Metadata.** The title is the document information's Title when it looks like one (not a file name,
not "Microsoft Word - draft3.docx", not "untitled"), else a heading opening the first page, else
the file's name (a researcher's "UN report on Yemen 2021.pdf" says more than a sentence from the
middle of a page). The date is a full date printed at the top of the first page or in its running
head (what the document says of itself: an article's date line, a journal issue's date), else the
information's CreationDate ("the PDF's creation date"), second because it is often only when
someone exported or printed the file; else the article's own text decides
(:func:`reader.ingest.dates.infer_body_date`, in the pipeline). The Author is kept unless it is a
placeholder ("user", "Administrator").

**Bounds.** At most :data:`MAX_PAGES` pages and :data:`MAX_SECONDS` seconds per file (a note says
where reading stopped), at most :data:`MAX_PAGE_CHARS` characters per page; the loader caps the
file at 50 MB. PDFium is not thread-safe: one lock serialises every use. Nothing is fetched: a PDF's
links and embedded files are ignored.

``Extracted.original`` is the text as extracted (letters repaired, nothing removed) with a
"— page N —" line before each page, so "Show original" shows what the PDF holds.
"""

from __future__ import annotations

import itertools
import re
import statistics
import threading
import time
import unicodedata
from datetime import date
from pathlib import Path

from reader.ingest.formats import Block, Extracted, extractor, missing
from reader.ingest.formats.pdf_arabic import fold_presentation_forms, has_arabic, repair_lines
from reader.ingest.formats.pdf_layout import Line, Paragraph, build_paragraphs, remove_running_lines
from reader.ingest.loader import NotText

try:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    from reader.ingest.formats.pdf_chars import Char, PageChars, read_page
except ImportError:  # pragma: no cover - a declared dependency; without it PDFs are skipped with a reason
    pdfium = None

__all__ = ["DAMAGED", "ENCRYPTED", "MAX_PAGES", "MAX_SECONDS", "SCANNED", "read_pdf"]

SCANNED = "no text layer (scanned image); OCR it first"
ENCRYPTED = "password-protected PDF"
DAMAGED = "not a readable PDF (damaged or truncated file)"
NO_UNICODE = "the PDF's fonts do not say which letters they draw (no text can be taken out); OCR it first"
MAX_PAGES = 2000
MAX_SECONDS = 120.0

_LOCK = threading.Lock()
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_LAM = "\u0644"
_ALEFS = frozenset("\u0627\u0623\u0625\u0622")


# ---------------------------------------------------------------------------------------------
# Reading the PDF
# ---------------------------------------------------------------------------------------------


def read_pdf(data: bytes, path: Path) -> Extracted:
    """The :data:`~reader.ingest.formats.Extractor` for ``.pdf`` files."""
    with _LOCK:
        document = _open(data)
        try:
            info = _info(document)
            pages, notes = _read_pages(document)
        finally:
            document.close()
    return _extracted(pages, info, notes, path)


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(bytes(data))
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD or "password" in str(exc).lower():
            raise NotText(ENCRYPTED) from None
        raise NotText(DAMAGED) from None


def _info(document: pdfium.PdfDocument) -> dict[str, str]:
    try:
        raw = document.get_metadata_dict(skip_empty=True)
    except Exception:  # a broken information dictionary is no reason to lose the text
        return {}
    return {key: _CONTROL.sub("", value).strip() for key, value in raw.items() if isinstance(value, str)}


def _read_pages(document: pdfium.PdfDocument) -> tuple[list[PageChars], list[str]]:
    total = len(document)
    notes = []
    if total > MAX_PAGES:
        notes.append(f"only the first {MAX_PAGES:,} of {total:,} pages were read")
    deadline = time.monotonic() + MAX_SECONDS
    pages: list[PageChars] = []
    broken: list[int] = []
    for index in range(min(total, MAX_PAGES)):
        if time.monotonic() > deadline:
            notes.append(f"reading stopped after {index} of {total} pages (time limit)")
            break
        try:
            page = document[index]
        except pdfium.PdfiumError:  # a damaged page object: the others may still be fine
            broken.append(index + 1)
            continue
        try:
            pages.append(read_page(page, index + 1))
        except pdfium.PdfiumError:
            broken.append(index + 1)
        finally:
            page.close()
    if broken and not pages:
        raise NotText(DAMAGED)
    if broken:
        notes.append(f"{_pages_label(broken)} could not be read (damaged)")
    return pages, notes


# ---------------------------------------------------------------------------------------------
# Lines, paragraphs, metadata
# ---------------------------------------------------------------------------------------------


def _reversed_glyphs(pages: list[PageChars]) -> bool:
    """Did PDFium turn multi-letter glyphs round? Its lam-alef glyphs then read alef-lam."""
    right = wrong = 0
    for page in pages:
        for run in page.runs:
            for a, b in itertools.pairwise(run):
                if a.glyph >= 0 and a.glyph == b.glyph:
                    right += a.ch == _LAM and b.ch in _ALEFS
                    wrong += a.ch in _ALEFS and b.ch == _LAM
    return wrong > right


def _run_text(run: list[Char], turn_glyphs: bool) -> str:
    chars = [c.ch for c in run]
    if turn_glyphs:
        i = 0
        while i < len(run):
            j = i
            while j + 1 < len(run) and run[i].glyph >= 0 and run[j + 1].glyph == run[i].glyph:
                j += 1
            if j > i:
                chars[i : j + 1] = chars[i : j + 1][::-1]
            i = j + 1
    _space_superscripts(run, chars)
    return " ".join("".join(chars).split())


def _space_superscripts(run: list[Char], chars: list[str]) -> None:
    """A footnote number set raised and small ("1900²³") is not part of the word before it:
    «1900 23», so a search for 1900 still finds it."""
    boxed = [c for c in run if c.box]
    if len(boxed) < 3:
        return
    base = statistics.median(c.box[1] for c in boxed if c.box)
    height = statistics.median(c.box[3] - c.box[1] for c in boxed if c.box)
    raised = [c.box is not None and c.box[1] - base > 0.25 * height and c.box[3] - c.box[1] < 0.85 * height
              for c in run]
    for i in range(1, len(run)):
        if raised[i] and not raised[i - 1] and chars[i - 1][-1:].isalnum():
            chars[i] = " " + chars[i]


def _lines(page: PageChars, turn_glyphs: bool) -> list[Line]:
    texts = [_run_text(run, turn_glyphs) for run in page.runs]
    if any(has_arabic(text) for text in texts):
        texts = repair_lines(texts)
    else:
        texts = [fold_presentation_forms(text) for text in texts]
    lines = []
    for text, run, size in zip(texts, page.runs, page.sizes, strict=True):
        boxes = [c.box for c in run if c.box]
        if not text or not boxes:
            continue
        lines.append(Line(
            text=unicodedata.normalize("NFC", text),
            page=page.number,
            x0=min(b[0] for b in boxes),
            x1=max(b[2] for b in boxes),
            top=statistics.median(b[3] for b in boxes),
            bottom=statistics.median(b[1] for b in boxes),
            size=size,
        ))
    return lines


def _extracted(pages: list[PageChars], info: dict[str, str], notes: list[str], path: Path) -> Extracted:
    _refuse_textless(pages)
    turn = _reversed_glyphs(pages)
    page_lines = [_lines(page, turn) for page in pages]
    original = "\n\n".join(
        f"— page {page.number} —\n" + "\n".join(line.text for line in lines)
        for page, lines in zip(pages, page_lines, strict=True)
    )
    cleaned, running = remove_running_lines(page_lines)
    paragraphs = build_paragraphs(cleaned)
    blocks = tuple(Block(p.text, page=p.page, heading=p.heading) for p in paragraphs)
    scanned = [page.number for page in pages if page.scanned]
    if scanned:
        notes.append(f"{_pages_label(scanned)} only images (scanned?) left out: OCR to read their text")
    top = sorted(cleaned[0], key=lambda line: -line.top)[:_DATE_LINES] if cleaned else []
    when, evidence = _date(info, running[0] + top if running else top)
    return Extracted(
        blocks=blocks,
        fmt="pdf",
        original=original,
        title=_title(info.get("Title")) or _first_heading(paragraphs) or _name_title(path),
        date=when,
        date_evidence=evidence,
        author=_author(info.get("Author")),
        language=None,
        notes=tuple(notes),
    )


def _refuse_textless(pages: list[PageChars]) -> None:
    """A scan (pages of images, at most a stamp of text) or fonts without Unicode: say so."""
    letters = sum(page.letters for page in pages)
    if any(page.scanned for page in pages) and all(page.scanned or not page.letters for page in pages):
        raise NotText(SCANNED)
    if letters == 0 and any(page.unmapped for page in pages):
        raise NotText(NO_UNICODE)


def _pages_label(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return f"page {numbers[0]}"
    shown = ", ".join(str(n) for n in numbers[:10]) + (", ..." if len(numbers) > 10 else "")
    return f"{len(numbers)} pages ({shown})"


_FILE_NAME = re.compile(r"\.(?:docx?|pdf|rtf|odt|pages|indd|qxd|txt|html?|xlsx?|pptx?|exe|tex|e?ps)$", re.I)
_NOT_TITLES = re.compile(r"^(?:untitled(?:[-\s]\d+)?|document\d*|slide \d+|powerpoint presentation|title|"
                         r"microsoft word.*|noname|unknown|none|null)$", re.I)
_NOT_AUTHORS = frozenset({"user", "admin", "administrator", "owner", "author", "unknown", "windows user",
                          "microsoft office user", "default", "test", "none"})


def _title(value: str | None) -> str | None:
    """The information Title when it is a title, not a file name or a template's placeholder."""
    if not value:
        return None
    title = " ".join(value.split())
    title = re.sub(r"^Microsoft (?:Word|PowerPoint|Excel) - ", "", title)
    letters = sum(ch.isalpha() for ch in title)
    if letters < 3 or _FILE_NAME.search(title) or _NOT_TITLES.match(title) or "\\" in title or "/" in title:
        return None
    if " " not in title and re.search(r"[_\d]", title):
        return None  # "draft3", "report_final_v2": a file's name, not its title
    return fold_presentation_forms(title)


def _first_heading(paragraphs: list[Paragraph]) -> str | None:
    """A heading that opens the first page (among its first two paragraphs) is the title."""
    for para in [p for p in paragraphs if p.page == 1][:2]:
        if para.heading:
            return para.text
    return None


def _name_title(path: Path) -> str | None:
    """Untitled and without a heading on top: the file's name ("UN report on Yemen 2021.pdf") says
    more than a sentence from the middle of the first page would."""
    name = " ".join(re.sub(r"[_\s]+|(?<=\w)-(?=\w)", " ", path.stem).split())
    return name if sum(ch.isalpha() for ch in name) >= 3 else None


def _author(value: str | None) -> str | None:
    if not value:
        return None
    author = " ".join(value.split())
    if author.casefold() in _NOT_AUTHORS or sum(ch.isalpha() for ch in author) < 2:
        return None
    return fold_presentation_forms(author)


_DATE_LINES = 15  # the top of the first page: a date line, not a footnote's "Retrieved June 1, 2009"
_PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?")


def _date(info: dict[str, str], first_page: list[Line]) -> tuple[str | None, str]:
    """A full date printed at the top of the first page or in its running head, else the PDF's
    creation date; see the module docstring."""
    from reader.ingest.dates import infer_body_date

    text = "\n".join(line.text for line in first_page)[:3000]
    printed = infer_body_date(text) if text else None
    if printed is not None and printed.value and printed.precision == "day":
        return printed.value, f"the first page: {printed.evidence}" if printed.evidence else "the first page"
    match = _PDF_DATE.match(info.get("CreationDate", ""))
    if match:
        year, month, day = (int(g) if g else None for g in match.groups())
        if year and 1993 <= year <= date.today().year:
            if month and day and 1 <= month <= 12:
                try:
                    return date(year, month, day).isoformat(), "the PDF's creation date"
                except ValueError:
                    pass
            return (f"{year:04d}-{month:02d}" if month and 1 <= month <= 12 else f"{year:04d}",
                    "the PDF's creation date")
    return None, ""


if pdfium is None:  # pragma: no cover
    missing("pypdfium2", ".pdf")
else:
    extractor(".pdf")(read_pdf)
