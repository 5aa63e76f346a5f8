"""Word files (.docx): paragraphs in document order, headings, direction, notes, metadata.

Read with python-docx (the package, styles and core properties); the body's XML is walked here
because python-docx's ``Paragraph.text`` leaves out text that Word shows: tracked insertions
(``w:ins``), content controls (``w:sdt``), smart tags and simple fields. Deleted text
(``w:del``), field codes, text boxes and drawings are left out.

Decisions:

* **Order.** Body paragraphs in document order; a table is read row by row, each cell's
  paragraphs in turn (a merged cell once), nested tables likewise: each cell paragraph is a block,
  so a two-column translation table reads source then translation, row by row. The lists Word
  generates from the text (table of contents, of figures, of authorities, index: their styles)
  repeat it and are not text; they, the headers and the footers stay in "Show original".
* **Headings.** A paragraph is a heading when its style (or a style it is based on) is a built-in
  heading or title -- name ``Heading n``/``Title`` or a localized id (``berschrift1``,
  ``Titre1``, ...) -- or when the paragraph or its style has an outline level (``w:outlineLvl``
  0-8, what Word's navigation pane shows), or when it uses the United Nations document templates'
  heading styles (``_ H_1_G``, ``_ H _Ch_GA``, ...), in which UN documents in all six languages are
  written.
* **Direction.** ``w:bidi`` in the paragraph's properties, else in its style chain, else in the
  document defaults, declares a right-to-left paragraph (``direction="rtl"``). A paragraph
  without it (or with ``w:bidi w:val="0"``) is left to its script: Word files often carry
  ``w:bidi="0"`` on Arabic paragraphs typed in a left-to-right template.
* **Notes.** Footnotes, then endnotes, become paragraphs at the end, in the order they are cited,
  each starting with its mark ("[1] ...", endnotes "[i] ..."), the same mark put in the text where
  it is cited. Word's separator "notes" are skipped.
* **Pages.** Word records where its last layout broke pages (``w:lastRenderedPageBreak``). When
  those breaks account for every page the file says it has (``docProps/app.xml``), each paragraph
  carries the page it starts on, as Word showed it when the file was saved; otherwise (another
  program saved it, sections or edits moved the breaks) the paragraphs carry no page.
* **Title, author.** From the core properties, unless they are a template's or a file code's: a
  title that is one token (``CRC/C/GC/20``, ``draft_v3``), a template name (``Normal.dot``) or
  empty gives way to the first heading; an author that is a placeholder ("python-docx",
  "Microsoft Office User", "Administrator", ...) or a login (it has digits: "IBAL34 - MBOU") is
  dropped. The author of a Word file is often the
  login of whoever typed it, not the writer: that is all the file says.
* **Date.** ``dcterms:created`` is when the file was first saved (or the template it came from:
  python-docx's own template says 2013-12-23 for every file made with it) -- for a pasted article
  that is after publication, for a report's translation weeks later. So the text's own date wins:
  first a full date at the head of the text (the first 12 paragraphs: a letterhead, a dateline, a
  UN document's "6 December 2016" under its symbol), given with that evidence; else, when the text
  mentions a date further down, the date is left to the pipeline, which reads it from the text as
  for any article (a note's "reissued on 24 April 2017" is not the document's date, hence the head
  first); only when the text has no date at all is the creation date used, with the evidence "the
  Word file's creation date", and never when it is a template's date or in the future.

Old binary ``.doc`` files are not read (no permissive library does it well): they are not
registered, and a ``.doc`` renamed ``.docx`` is skipped with a reason, as is a password-protected
file (an encrypted OLE container, not a zip) and a Strict Open XML file.

Safety: the zip is checked before python-docx inflates it (members, declared sizes, ratios: see
:func:`reader.ingest.formats.epub.open_zip`), XML parts above 32 MB are refused (a parsed tree
takes about ten times its text), XML is parsed without entity resolution or network, and nesting
(tables in tables, content controls) is walked to a bounded depth.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from reader.ingest.dates import infer_body_date
from reader.ingest.formats import Block, Extracted, extractor, missing
from reader.ingest.formats.epub import open_zip, read_member
from reader.ingest.loader import NotText
from reader.ingest.model import Direction

__all__ = ["DAMAGED_DOCX", "read_docx"]

DAMAGED_DOCX = "not a Word file (.docx) or damaged"
PASSWORD = "a password-protected Word file: save it without a password to read it here"
OLD_DOC = "an old Word file (.doc) with a .docx name: save it as .docx in Word to read it here"
STRICT = "a Word file in Strict Open XML: save it as an ordinary Word document (.docx) to read it here"

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_STRICT_W = "http://purl.oclc.org/ooxml/wordprocessingml/main"
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_HEADING_NAME = re.compile(
    r"^(?:heading|title|titre|título|titolo|überschrift|kop|rubrik|nagłówek|заголовок|عنوان)"
    r"(?:\s*[1-9])?$", re.IGNORECASE)
_HEADING_ID = re.compile(
    r"^(?:heading|berschrift|titre|ttulo|titolo|kop|rubrik|overskrift|otsikko|nagwek|nadpis)[1-9]$|^title$",
    re.IGNORECASE)
_UN_HEADING = re.compile(r"^_ ?H[ _]")  # UN templates: "_ H_1_G", "_ H _Ch_GA", "_ H_2/3_G", "_ H __M_G"
# Lists Word generates from the text (contents, figures, authorities, index): they repeat it.
_TOC_STYLE = re.compile(
    r"^(?:toc\s*\d|toc heading|table of contents|contents\s*\d|table of figures|table of authorities"
    r"|toa heading|index\s*\d|index heading)$", re.IGNORECASE)
_SEPARATORS = frozenset({"separator", "continuationSeparator", "continuationNotice"})
_PLACEHOLDER_AUTHORS = frozenset({
    "python-docx", "microsoft office user", "windows user", "user", "admin", "administrator", "owner",
    "author", "unknown", "your user name", "apache poi", "docx4j", "phpword", "",
})
_TEMPLATE_TITLE = re.compile(r"(?:\.dotx?|\.dotm|\.docx?)$|^microsoft word - ", re.IGNORECASE)
# python-docx's default template: every file it makes says it was created then.
_TEMPLATE_CREATED = dt.datetime(2013, 12, 23, 23, 15, tzinfo=dt.UTC)
_SPACES = re.compile(r"\s+")
_OWN_MARK = re.compile(r"[(\[]?\s*\x00\s*[)\]]?")
_DIGIT = re.compile(r"\d")
_MAX_DEPTH = 24  # tables in tables in content controls...
_MAX_BLOCKS = 500_000
MAX_XML_BYTES = 32 * 1024 * 1024  # a 1,000-page report is ~20 MB of XML; a parsed tree takes ~10x
HEAD_BLOCKS = 12  # paragraphs where a letterhead, a dateline or a UN symbol block gives the date

try:
    import docx as python_docx
    from lxml import etree
except ImportError:  # pragma: no cover - python-docx is a dependency
    python_docx = None


def _q(tag: str, ns: str = _W) -> str:
    return f"{{{ns}}}{tag}"


def _on(el: etree._Element | None) -> bool | None:
    """An OOXML on/off property: present means on unless ``w:val`` says 0/false/off."""
    if el is None:
        return None
    return (el.get(_q("val")) or "true").lower() not in ("0", "false", "off", "none")


# --------------------------------------------------------------------------------------------
# Styles
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Style:
    name: str
    based_on: str | None
    bidi: bool | None
    outline: int | None


class _Styles:
    """Paragraph styles by id, with what they (or the styles they are based on) say."""

    def __init__(self, root: etree._Element | None) -> None:
        self._styles: dict[str, _Style] = {}
        self.default_id: str | None = None
        self.default_bidi: bool | None = None
        if root is None:
            return
        defaults = root.find(f"{_q('docDefaults')}/{_q('pPrDefault')}/{_q('pPr')}")
        if defaults is not None:
            self.default_bidi = _on(defaults.find(_q("bidi")))
        for style in root.iter(_q("style")):
            if style.get(_q("type"), "paragraph") != "paragraph" or not style.get(_q("styleId")):
                continue
            sid = style.get(_q("styleId"), "")
            name_el = style.find(_q("name"))
            based = style.find(_q("basedOn"))
            ppr = style.find(_q("pPr"))
            self._styles[sid] = _Style(
                name=name_el.get(_q("val"), "") if name_el is not None else "",
                based_on=based.get(_q("val")) if based is not None else None,
                bidi=_on(ppr.find(_q("bidi"))) if ppr is not None else None,
                outline=_outline(ppr),
            )
            if (style.get(_q("default")) or "").lower() in ("1", "true", "on"):
                self.default_id = sid

    def chain(self, style_id: str | None) -> Iterator[tuple[str, _Style]]:
        """The style and those it is based on (cycles and deep chains cut)."""
        seen: set[str] = set()
        sid = style_id if style_id in self._styles else self.default_id
        while sid and sid in self._styles and sid not in seen and len(seen) < 16:
            seen.add(sid)
            yield sid, self._styles[sid]
            sid = self._styles[sid].based_on

    def is_heading(self, style_id: str | None) -> bool:
        for sid, style in self.chain(style_id):
            if style.outline is not None and 0 <= style.outline <= 8:
                return True
            name = style.name.strip()
            if _HEADING_NAME.match(name) or _HEADING_ID.match(sid) or _UN_HEADING.match(style.name):
                return True
        return False

    def is_toc(self, style_id: str | None) -> bool:
        return any(_TOC_STYLE.match(style.name.strip()) for _, style in self.chain(style_id))

    def bidi(self, style_id: str | None) -> bool | None:
        for _, style in self.chain(style_id):
            if style.bidi is not None:
                return style.bidi
        return self.default_bidi


def _outline(ppr: etree._Element | None) -> int | None:
    el = ppr.find(_q("outlineLvl")) if ppr is not None else None
    value = el.get(_q("val"), "") if el is not None else ""
    return int(value) if value.isdigit() else None


# --------------------------------------------------------------------------------------------
# Text of paragraphs
# --------------------------------------------------------------------------------------------


@dataclass
class _Notes:
    """Footnote and endnote marks in the order they are cited (Word numbers them so: footnotes
    1, 2, 3, endnotes i, ii, iii; a note with its own mark, such as "*", is not counted)."""

    marks: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, id) -> "1" / "i" / "*"
    pages: dict[tuple[str, str], int | None] = field(default_factory=dict)
    numbered: dict[str, int] = field(default_factory=dict)

    def cite(self, kind: str, note_id: str, page: int | None) -> str:
        """The mark for a numbered note, as written in the text: "[1]"."""
        key = (kind, note_id)
        if key not in self.marks:
            n = self.numbered[kind] = self.numbered.get(kind, 0) + 1
            self.marks[key] = str(n) if kind == "footnote" else _roman(n)
            self.pages[key] = page
        return f"[{self.marks[key]}]"

    def custom(self, kind: str, note_id: str, mark: str, page: int | None) -> None:
        """A note whose mark is the text that follows its reference ("*"): the text keeps it."""
        self.marks.setdefault((kind, note_id), mark)
        self.pages.setdefault((kind, note_id), page)


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                           (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out += letters
            n -= value
    return out


_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT = (_q(t) for t in ("p", "tbl", "tr", "tc", "sdt", "sdtContent"))
_PPR, _PSTYLE, _BIDI, _VAL, _ID = (_q(t) for t in ("pPr", "pStyle", "bidi", "val", "id"))
_CUSTOM_MARK, _RENDERED_BREAK = _q("customMarkFollows"), _q("lastRenderedPageBreak")
_CONTAINERS = frozenset({_q("customXml"), _q("ins"), _q("moveTo")})
_TEXT = frozenset({_q("t"), _q("t", _M)})
_CHARS = {_q("tab"): "\t", _q("ptab"): "\t", _q("br"): " ", _q("cr"): " ", _q("noBreakHyphen"): "-"}
_NOTE_REFERENCES = {_q("footnoteReference"): "footnote", _q("endnoteReference"): "endnote"}
_NOTE_OWN_MARKS = frozenset({_q("footnoteRef"), _q("endnoteRef")})
_SKIP_IN_RUN = frozenset({_q("del"), _q("moveFrom"), _q("drawing"), _q("pict"), _q("object"),
                          _q("delText"), _q("instrText"), _q("rPr"), _q("pPr"),
                          "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"})


class _Walker:
    """Walks body (or note) XML: paragraphs, tables, content controls, in document order."""

    def __init__(self, styles: _Styles, notes: _Notes, count_pages: bool) -> None:
        self.styles = styles
        self.notes = notes
        self.count_pages = count_pages
        self.page = 1 if count_pages else None
        self.blocks: list[Block] = []
        self.toc_text: list[str] = []  # the generated table of contents, for "Show original" only
        self._parts: list[str] = []
        self._has_text = False
        self._start_page: int | None = None
        self._custom: tuple[str, str] | None = None  # a note reference whose mark follows as text
        self.note_ref = ""  # what a note's own reference mark becomes (a sentinel inside notes)

    def container(self, el: etree._Element, depth: int = 0) -> None:
        """Body, table cell, content control, note: block-level children in order."""
        if depth > _MAX_DEPTH:
            return
        for child in el:
            tag = child.tag
            if tag == _P:
                self.paragraph(child)
            elif tag == _TBL:
                for row in child.iter(_TR):
                    if _nearest_table(row) is not child:
                        continue  # a nested table's row: read with its cell
                    for cell in row.iterchildren(_TC):
                        self.container(cell, depth + 1)
            elif tag == _SDT:
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    self.container(content, depth + 1)
            elif tag in _CONTAINERS:
                self.container(child, depth + 1)

    def paragraph(self, p: etree._Element) -> None:
        if len(self.blocks) >= _MAX_BLOCKS:
            return
        ppr = p.find(_PPR)
        style_el = ppr.find(_PSTYLE) if ppr is not None else None
        style_id = style_el.get(_VAL) if style_el is not None else None
        self._parts = []
        self._has_text = False
        self._start_page = self.page
        self._inline(p, 0)
        text = _clean("".join(self._parts))
        if not text:
            return
        if self.styles.is_toc(style_id):
            self.toc_text.append(text)
            return
        outline = _outline(ppr)
        heading = (outline is not None and 0 <= outline <= 8) or self.styles.is_heading(style_id)
        bidi = _on(ppr.find(_BIDI)) if ppr is not None else None
        if bidi is None:
            bidi = self.styles.bidi(style_id)
        direction: Direction | None = "rtl" if bidi else None
        self.blocks.append(Block(text, page=self._start_page, heading=heading, direction=direction))

    def _inline(self, el: etree._Element, depth: int) -> None:
        """Text of runs and everything that holds runs (hyperlinks, insertions, smart tags,
        fields, inline content controls, math), in order."""
        if depth > _MAX_DEPTH:
            return
        for child in el:
            tag = child.tag
            if tag in _SKIP_IN_RUN or not isinstance(tag, str):
                continue
            if tag in _TEXT:
                if child.text:
                    self._text(child.text)
            elif tag in _CHARS:
                self._parts.append(_CHARS[tag])
            elif tag == _RENDERED_BREAK:
                if self.page is not None:
                    self.page += 1
            elif tag in _NOTE_REFERENCES:
                kind = _NOTE_REFERENCES[tag]
                if (child.get(_CUSTOM_MARK) or "").lower() in ("1", "true", "on"):
                    self._custom = (kind, child.get(_ID, ""))
                else:
                    self._parts.append(self.notes.cite(kind, child.get(_ID, ""), self.page))
            elif tag in _NOTE_OWN_MARKS:
                self._parts.append(self.note_ref)
            else:
                self._inline(child, depth + 1)

    def _text(self, text: str) -> None:
        if text.strip():
            if not self._has_text:
                self._has_text = True
                self._start_page = self.page  # the page the paragraph's text starts on
            if self._custom is not None:  # this text is the mark of the note cited just before
                self.notes.custom(*self._custom, text.split()[0][:4], self.page)
                self._custom = None
        self._parts.append(text)


def _nearest_table(el: etree._Element) -> etree._Element | None:
    parent = el.getparent()
    while parent is not None and parent.tag != _TBL:
        parent = parent.getparent()
    return parent


def _clean(text: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


# --------------------------------------------------------------------------------------------
# Package parts
# --------------------------------------------------------------------------------------------


def _xml(blob: bytes) -> etree._Element | None:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        return etree.fromstring(blob, parser)
    except (etree.XMLSyntaxError, ValueError):
        return None


def _related(document: object, kind: str) -> list[etree._Element]:
    """The XML of the document part's related parts of one kind (footnotes, header, ...)."""
    out: list[etree._Element] = []
    for rel in document.part.rels.values():  # type: ignore[attr-defined]
        if rel.is_external or rel.reltype != _RT + kind:
            continue
        part = rel.target_part
        element = getattr(part, "element", None)
        root = element if element is not None else _xml(part.blob)
        if root is not None:
            out.append(root)
    return out


def _notes(document: object, styles: _Styles, notes: _Notes) -> list[Block]:
    """Footnotes then endnotes, in citation order (uncited ones after, in file order)."""
    blocks: list[Block] = []
    for kind in ("footnote", "endnote"):
        found: dict[str, etree._Element] = {}
        for root in _related(document, kind + "s"):
            for note in root.iter(_q(kind)):
                if note.get(_q("type")) not in _SEPARATORS and note.get(_q("id")) is not None:
                    found.setdefault(note.get(_q("id"), ""), note)
        cited = [nid for (k, nid) in notes.marks if k == kind and nid in found]
        for nid in cited + [nid for nid in found if (kind, nid) not in notes.marks]:
            inner = _Walker(styles, _Notes(), count_pages=False)
            inner.note_ref = "\x00"
            inner.container(found[nid])
            # The note's own mark (often in brackets, "(1)" in UN documents) is replaced by ours.
            text = _clean(_OWN_MARK.sub(" ", " ".join(b.text for b in inner.blocks)))
            if not text:
                continue
            mark = notes.marks.get((kind, nid)) or notes.cite(kind, nid, None)[1:-1]
            if not mark.isalnum() and text.startswith(mark):  # a custom mark written in the note
                text = text[len(mark):].lstrip()
            direction = next((b.direction for b in inner.blocks if b.direction), None)
            blocks.append(Block(f"[{mark}] {text}", page=notes.pages.get((kind, nid)), direction=direction))
    return blocks


def _page_count(archive: zipfile.ZipFile) -> int | None:
    data = read_member(archive, "docProps/app.xml", DAMAGED_DOCX, 1024 * 1024)
    root = _xml(data) if data else None
    if root is None:
        return None
    pages = next((el.text for el in root.iter() if str(el.tag).endswith("}Pages")), None)
    return int(pages) if pages and pages.strip().isdigit() else None


# --------------------------------------------------------------------------------------------
# Metadata
# --------------------------------------------------------------------------------------------


def _title(value: str | None) -> str | None:
    title = _clean(value or "")
    if not title or len(title.split()) < 2 or _TEMPLATE_TITLE.search(title):
        return None
    return title


def _author(value: str | None) -> str | None:
    """A person's name, not a placeholder or a login ("IBAL34 - MBOU": names have no digits)."""
    author = _clean(value or "")
    return None if author.casefold() in _PLACEHOLDER_AUTHORS or _DIGIT.search(author) else author


def _created(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    when = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    now = dt.datetime.now(dt.UTC)
    if when == _TEMPLATE_CREATED or when.year < 1990 or when > now + dt.timedelta(days=1):
        return None
    return when.date().isoformat()


def _date(body: list[Block], texts: list[str], title: str | None,
          created: dt.datetime | None) -> tuple[str | None, str]:
    """The date of a Word file (see the module docstring): the head of its text, else whatever
    the pipeline finds in the text (None here), else its creation date."""
    head = infer_body_date("\n".join(b.text for b in body[:HEAD_BLOCKS]))
    if head.value and head.precision == "day":
        quoted = head.evidence.partition(":")[2].strip() or head.value
        return head.value, f"the date at the head of the text: {quoted}"
    if texts and infer_body_date("\n".join([title or "", *texts])).value:
        return None, ""
    value = _created(created)
    return value, ("the Word file's creation date (the text gives no date)" if value else "")


def _opening(data: bytes) -> None:
    """Why bytes that are not a zip cannot be a .docx (an OLE file is .doc or encrypted)."""
    if data.startswith(_OLE_MAGIC):
        head = data[:1_000_000]
        if "EncryptedPackage".encode("utf-16-le") in head or b"EncryptedPackage" in head:
            raise NotText(PASSWORD)
        raise NotText(OLD_DOC)
    if not data.startswith(b"PK"):
        raise NotText(DAMAGED_DOCX)


def read_docx(data: bytes, path: Path) -> Extracted:
    """A Word file's paragraphs (notes at the end), headings, declared directions and metadata."""
    del path
    _opening(data)
    archive = open_zip(data, DAMAGED_DOCX)  # refuses a zip bomb before python-docx inflates it
    with archive:
        for info in archive.infolist():  # python-docx parses every XML part into one tree
            if info.filename.endswith((".xml", ".rels")) and info.file_size > MAX_XML_BYTES:
                raise NotText(f"too large to read: {info.filename} unpacks to more than "
                              f"{MAX_XML_BYTES // 2**20} MB of XML")
        main = read_member(archive, "word/document.xml", DAMAGED_DOCX)
        if main is not None and _STRICT_W.encode() in main[:4096]:
            raise NotText(STRICT)
        pages = _page_count(archive)
    try:
        document = python_docx.Document(io.BytesIO(data))
        body = document.element.body
        styles_root = document.styles.element
        core = document.core_properties
        meta = (core.title, core.author, core.created, core.language)
    except Exception as exc:  # python-docx raises many kinds for damaged packages
        raise NotText(DAMAGED_DOCX) from exc
    if body is None:
        raise NotText(DAMAGED_DOCX)
    styles = _Styles(styles_root)
    breaks = sum(1 for _ in body.iter(_q("lastRenderedPageBreak")))
    count_pages = bool(breaks) and pages is not None and breaks + 1 == pages
    notes = _Notes()
    walker = _Walker(styles, notes, count_pages)
    walker.container(body)
    blocks = walker.blocks + _notes(document, styles, notes)
    return _extracted(document, blocks, walker, meta)


def _extracted(document: object, blocks: list[Block], walker: _Walker, meta: tuple) -> Extracted:
    title, author, created, language = meta
    texts = [b.text for b in blocks]
    date, evidence = _date(walker.blocks, texts, title, created)
    margins: list[str] = []
    for kind in ("header", "footer"):
        for root in _related(document, kind):
            margin = _Walker(walker.styles, _Notes(), count_pages=False)
            margin.container(root)
            margins.append(" ".join(b.text for b in margin.blocks))
    original = "\n\n".join([*dict.fromkeys(m for m in margins if m), *walker.toc_text, *texts])
    return Extracted(
        blocks=tuple(blocks),
        fmt="docx",
        original=original,
        title=_title(title),
        date=date,
        date_evidence=evidence,
        author=_author(author),
        language=_clean(language or "").lower().split("-")[0] or None,
    )


if python_docx is None:  # pragma: no cover
    missing("python-docx", ".docx")
else:
    extractor(".docx")(read_docx)
