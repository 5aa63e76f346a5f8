"""EPUB books (.epub): chapters in reading order, as one article per book or one per story.

How a book is read:

* The package file is found through ``META-INF/container.xml`` (else the first ``.opf`` in the
  archive); its manifest and spine give the chapters in reading order. Spine items marked
  ``linear="no"`` (notes, answer keys) come after the others, like a Word file's notes. The table
  of contents (the EPUB 3 ``nav`` document, or a page the EPUB 2 guide calls ``toc``) and cover
  pages without text are not text of the book.
* Each chapter's XHTML gives one block per paragraph, list item, heading (``h1``–``h6``, marked
  as headings: these are the "chapter marks" of the reading pane) and other block element;
  scripts, styles, navigation, hidden elements, SVG and MathML are dropped. Headings grouped in one
  ``<header>``/``<hgroup>`` ("Chapter Two" / "What is cancer?") become one heading joined by ": ".
  A chapter that has no heading of its own gets its table-of-contents label as one.
* Direction: ``dir="rtl"`` on the paragraph or an ancestor declares it; without ``dir``, a
  ``lang``/``xml:lang`` of a right-to-left language (Arabic, Persian, Urdu, Hebrew, ...) does.
  Anything else is left to the script of the text.
* Page numbers: books made from a printed edition mark its pages (``epub:type="pagebreak"`` or
  ``role="doc-pagebreak"``); each paragraph carries the printed page it starts on, so quotes can
  say "p. N" like a PDF's. Books without such marks have no pages.
* Metadata: ``dc:title`` (the main one), ``dc:creator`` (authors, joined), ``dc:date`` (the
  publication event, else the first date that is not a modification date: the date of *this
  edition*, which for a re-issued or digitised book can be long after the text was written; the
  evidence says so), ``dc:language`` and ``dc:publisher`` (shown as the outlet).

One article per book, or per story -- the rule: a book is one article (a novel, a report, a
monograph: its chapters are parts of one work). It is a *collection*, read as one article per
story, only when the book itself says its parts are separate works:

1. its table of contents groups entries under author labels (an EPUB 3 ``nav`` item whose label is
   marked ``class="author"`` or ``epub:type="z3998:author"``, as Project Gutenberg-derived
   anthologies do) and at least two different authors appear; each entry directly under an author
   is a story; or
2. its table of contents marks entries as articles, at least two: the Kindle periodical NCX
   (``navPoint class="article"``) that calibre and other news-to-ebook tools write when they
   fetch a newspaper or a magazine; or
3. spine documents carry bylines of their own (``<meta name="author">`` in the head, or an element
   with ``epub:type="z3998:author"``) naming at least two different authors; each such document is
   a story. Front and back matter (a title page, foreword, preface, introduction, colophon: by
   ``epub:type`` or the EPUB 2 guide) do not count: a novel whose foreword is by someone else, or
   whose title page marks its author, is not a collection.

Several stories by one author (a short-story collection) stay one article with a chapter mark per
story: nothing in an EPUB reliably tells independent stories by one writer from chapters. In a
collection, text before the first story (the editor's introduction) is an article of its own, and
each story starts at its table-of-contents label (a heading; the story's own first heading is used
when the label contains it). The stories' authors are in the table of contents, not in the
article header: the article contract has one author per file, so a collection gives none rather
than the editors' names for every story (see ``Extracted.notes``).

DRM: a book whose ``META-INF/encryption.xml`` covers content documents (not only the font
obfuscation every reader undoes) cannot be read: "protected by DRM".

Safety: the archive is checked before anything is unpacked (number of members, declared sizes,
compression ratio: a zip bomb is refused), each member is read with a size cap, XML is parsed with
no DTD loading, no entity resolution and no network, and nothing the book links to is fetched.
The zip checks (:func:`open_zip`, :func:`read_member`) are shared with the Word reader.
"""

from __future__ import annotations

import io
import posixpath
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from reader.ingest.formats import Block, Extracted, extractor, missing
from reader.ingest.loader import NotText
from reader.ingest.model import Direction

__all__ = ["DAMAGED_EPUB", "DRM", "open_zip", "read_epub", "read_member"]

DAMAGED_EPUB = "not an EPUB book or damaged"
DRM = "protected by DRM"

# Limits: an EPUB or a Word file is at most 50 MB on disk (the loader's cap); what it unpacks to
# is bounded here before anything is read, so a zip bomb is refused without being inflated.
MAX_MEMBERS = 20_000
MAX_MEMBER_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_RATIO = 100  # deflate reaches ~1000:1 on crafted data; real XML, HTML and styles stay below 40:1
RATIO_FROM_BYTES = 4 * 1024 * 1024  # small members may compress very well (blank pages)
MAX_DOC_BYTES = 32 * 1024 * 1024  # one chapter's XHTML
MAX_BOOK_CHARS = 20_000_000  # text kept from one book
MAX_BLOCKS = 200_000

_OPF_NS = "http://www.idpf.org/2007/opf"
_DC_NS = "http://purl.org/dc/elements/1.1/"
_OPS_NS = "http://www.idpf.org/2007/ops"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_FONT_OBFUSCATION = frozenset({"http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC"})
_HTML_TYPES = frozenset({"application/xhtml+xml", "text/html", "application/html+xml"})
_RTL_LANGUAGES = frozenset({"ar", "fa", "ur", "he", "iw", "yi", "ps", "ckb", "sd", "ug", "dv", "syr"})

# Front and back matter: their bylines do not make a book a collection.
_MATTER = frozenset({
    "frontmatter", "backmatter", "titlepage", "halftitlepage", "foreword", "preface", "introduction",
    "afterword", "copyright-page", "colophon", "imprint", "dedication", "epigraph", "acknowledgments",
    "cover", "toc", "index", "bibliography", "glossary", "contributors", "other-credits",
})
_GUIDE_MATTER = frozenset({
    "cover", "title-page", "foreword", "preface", "dedication", "copyright-page", "colophon",
    "acknowledgements", "epigraph", "index", "glossary", "bibliography", "notes",
})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "div",
    "dl", "dt", "figcaption", "figure", "footer", "header", "hgroup", "hr", "li", "main", "ol", "p",
    "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", *_HEADINGS,
})
_SKIPPED = frozenset({
    "audio", "button", "canvas", "embed", "head", "iframe", "math", "nav", "noscript", "object",
    "script", "select", "style", "svg", "template", "textarea", "video",
})
_SPACES = re.compile(r"\s+")
_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ].*)?\s*$")

try:
    from lxml import etree
    from lxml import html as lxml_html
except ImportError:  # pragma: no cover - lxml comes with trafilatura
    etree = None  # type: ignore[assignment]


# --------------------------------------------------------------------------------------------
# Zip archives, read with bounds (shared with the Word reader)
# --------------------------------------------------------------------------------------------


def open_zip(data: bytes, damaged: str) -> zipfile.ZipFile:
    """The archive in ``data``, after checking what it would unpack to; else :class:`NotText`.

    Why check first: the sizes a zip declares are what :mod:`zipfile` will inflate at most, so
    refusing absurd declarations (a member of gigabytes, a total far beyond the 50 MB on disk, a
    compression ratio only crafted data reaches) stops a zip bomb before any byte is inflated.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except Exception as exc:  # zipfile raises BadZipFile, NotImplementedError, ValueError, EOFError...
        raise NotText(damaged) from exc
    if len(infos) > MAX_MEMBERS:
        raise NotText(f"{damaged} (it holds {len(infos):,} files)")
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if (info.file_size > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES
                or (info.file_size > RATIO_FROM_BYTES and ratio > MAX_RATIO)):
            raise NotText(f"{damaged}: it would unpack to more than {MAX_TOTAL_BYTES // 2**20} MB "
                          "or at an impossible ratio (a zip bomb?)")
    return archive


def read_member(archive: zipfile.ZipFile, name: str, damaged: str,
                limit: int = MAX_MEMBER_BYTES) -> bytes | None:
    """The bytes of member ``name`` (None when absent), at most ``limit`` of them.

    A member that fails its checksum, uses an unknown compression or a password is damaged for
    the reader's purposes: :class:`NotText` with ``damaged``.
    """
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > limit:
        raise NotText(f"{damaged}: {name} is larger than {limit // 2**20} MB")
    try:
        with archive.open(info) as handle:
            return handle.read(limit + 1)[:limit]
    except Exception as exc:  # checksum, unknown compression, password, truncated stream...
        raise NotText(damaged) from exc


# --------------------------------------------------------------------------------------------
# XML, parsed without DTDs, entities or network
# --------------------------------------------------------------------------------------------


def _xml_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                           remove_comments=True, remove_pis=True)


def _parse_xml(data: bytes) -> etree._Element | None:
    """Strict XML (package, container, NCX); None when it is not well-formed."""
    try:
        return etree.fromstring(data, _xml_parser())
    except (etree.XMLSyntaxError, ValueError):
        return None


def _parse_page(data: bytes) -> etree._Element | None:
    """A chapter: XHTML as XML, else (HTML entities such as ``&nbsp;``, tag soup) as HTML."""
    root = _parse_xml(data)
    if root is not None:
        return root
    try:
        parser = lxml_html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
        return lxml_html.document_fromstring(data, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None


def _local(el: etree._Element) -> str | None:
    """Tag name without namespace, lower case; None for comments and processing instructions."""
    tag = el.tag
    if not isinstance(tag, str):
        return None
    return tag.rsplit("}", 1)[-1].lower()


def _attr(el: etree._Element, name: str, namespace: str | None = None) -> str:
    """An attribute whether parsed as XML (namespaced) or as HTML (``epub:type`` verbatim)."""
    if namespace:
        value = el.get(f"{{{namespace}}}{name}")
        if value is not None:
            return value
        return el.get(f"epub:{name}") or ""
    return el.get(name) or ""


def _children(el: etree._Element, name: str, namespace: str | None = None) -> Iterator[etree._Element]:
    for child in el:
        if _local(child) == name and (namespace is None or str(child.tag).startswith(f"{{{namespace}}}")):
            yield child


def _clean(text: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def _text_of(el: etree._Element) -> str:
    return _clean(" ".join(t for t in el.itertext() if isinstance(t, str)))


# --------------------------------------------------------------------------------------------
# The package: metadata, manifest, spine, table of contents
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Item:
    href: str  # path inside the archive
    media_type: str
    properties: frozenset[str]


@dataclass(frozen=True)
class _Entry:
    """One table-of-contents entry."""

    label: str
    doc: str
    fragment: str | None
    depth: int
    author: str | None = None
    kinds: frozenset[str] = frozenset()


@dataclass
class _Package:
    opf_path: str
    root: etree._Element
    items: dict[str, _Item]
    spine: list[tuple[str, bool]]  # (archive path, linear)
    toc_docs: set[str] = field(default_factory=set)  # pages that are a table of contents
    matter_docs: set[str] = field(default_factory=set)  # title page, foreword... (EPUB 2 guide)
    nav: str | None = None
    ncx: str | None = None


def _resolve(base_doc: str, href: str) -> tuple[str, str | None]:
    """``href`` as written in ``base_doc`` -> (archive path, fragment)."""
    path, _, fragment = href.partition("#")
    path = unquote(path.strip())
    if not path:
        target = base_doc
    elif "://" in path or path.startswith(("/", "data:", "mailto:")):
        target = ""  # outside the book: never followed
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(base_doc), path))
    return target, (unquote(fragment) or None)


def _find_package(archive: zipfile.ZipFile) -> str:
    container = read_member(archive, "META-INF/container.xml", DAMAGED_EPUB, 1024 * 1024)
    root = _parse_xml(container) if container else None
    if root is not None:
        for el in root.iter():
            if _local(el) == "rootfile" and el.get("full-path"):
                media = el.get("media-type") or "application/oebps-package+xml"
                if media == "application/oebps-package+xml":
                    return posixpath.normpath(unquote(el.get("full-path", "")))
    for name in archive.namelist():
        if name.lower().endswith(".opf"):
            return name
    raise NotText(DAMAGED_EPUB)


def _read_package(archive: zipfile.ZipFile) -> _Package:
    opf_path = _find_package(archive)
    data = read_member(archive, opf_path, DAMAGED_EPUB, 8 * 1024 * 1024)
    root = _parse_xml(data) if data else None
    if root is None or _local(root) != "package":
        raise NotText(DAMAGED_EPUB)
    items: dict[str, _Item] = {}
    package = _Package(opf_path, root, items, [])
    for section in root:
        name = _local(section)
        if name == "manifest":
            for el in section:
                if _local(el) == "item" and el.get("id") and el.get("href"):
                    href, _ = _resolve(opf_path, el.get("href", ""))
                    props = frozenset((el.get("properties") or "").split())
                    items[el.get("id", "")] = _Item(href, (el.get("media-type") or "").lower(), props)
                    if "nav" in props:
                        package.nav = href
        elif name == "spine":
            toc_id = section.get("toc")
            if toc_id and toc_id in items:
                package.ncx = items[toc_id].href
            for el in section:
                item = items.get(el.get("idref") or "") if _local(el) == "itemref" else None
                if item is not None:
                    package.spine.append((item.href, (el.get("linear") or "yes").lower() != "no"))
        elif name == "guide":
            for el in section:
                kind = (el.get("type") or "").lower()
                if _local(el) != "reference" or not el.get("href"):
                    continue
                if kind == "toc":
                    package.toc_docs.add(_resolve(opf_path, el.get("href", ""))[0])
                elif kind in _GUIDE_MATTER:
                    package.matter_docs.add(_resolve(opf_path, el.get("href", ""))[0])
    if package.ncx is None:
        package.ncx = next((i.href for i in items.values() if i.media_type == "application/x-dtbncx+xml"),
                           None)
    if not package.spine:
        raise NotText(f"{DAMAGED_EPUB} (its reading order is empty)")
    return package


def _check_drm(archive: zipfile.ZipFile, package: _Package) -> None:
    """Refuse a book whose content documents are encrypted; font obfuscation is not DRM."""
    data = read_member(archive, "META-INF/encryption.xml", DAMAGED_EPUB, 4 * 1024 * 1024)
    if data is None:
        return
    root = _parse_xml(data)
    if root is None:
        raise NotText(f"{DRM} (META-INF/encryption.xml)")
    content = {href for href, _ in package.spine} | {
        i.href for i in package.items.values() if i.media_type in _HTML_TYPES}
    for enc in root.iter():
        if _local(enc) != "encrypteddata":
            continue
        algorithm = next((m.get("Algorithm", "") for m in enc.iter() if _local(m) == "encryptionmethod"), "")
        uris = {posixpath.normpath(unquote(r.get("URI", "")))
                for r in enc.iter() if _local(r) == "cipherreference"}
        if algorithm not in _FONT_OBFUSCATION and uris & content:
            raise NotText(DRM)


def _metadata(package: _Package) -> dict[str, str | None]:
    meta = next((el for el in package.root if _local(el) == "metadata"), None)
    if meta is None:
        return {}
    found: dict[str, list[etree._Element]] = {}
    for el in meta.iter():
        if str(el.tag).startswith(f"{{{_DC_NS}}}"):
            found.setdefault(_local(el) or "", []).append(el)
    refines = _refinements(meta)
    titles = found.get("title", [])
    main = [t for t in titles if refines.get((t.get("id") or "", "title-type")) == "main"]
    title = next((_text_of(t) for t in main + titles if _text_of(t)), None)
    authors = [_text_of(c) for c in found.get("creator", [])
               if _role(c, refines) in ("aut", "") and _text_of(c)]
    language = next((_text_of(x) for x in found.get("language", []) if _text_of(x)), None)
    publisher = next((_text_of(x) for x in found.get("publisher", []) if _text_of(x)), None)
    return {
        "title": title,
        "author": ", ".join(dict.fromkeys(authors)) or None,
        "date": _edition_date(found.get("date", [])),
        "language": language.lower() if language else None,
        "site": publisher,
    }


def _refinements(meta: etree._Element) -> dict[tuple[str, str], str]:
    """EPUB 3 ``<meta refines="#id" property="...">`` as {(id, property): value}."""
    out: dict[tuple[str, str], str] = {}
    for el in meta:
        if _local(el) == "meta" and (el.get("refines") or "").startswith("#") and el.get("property"):
            out.setdefault((el.get("refines", "")[1:], el.get("property", "")), _text_of(el))
    return out


def _role(creator: etree._Element, refines: dict[tuple[str, str], str]) -> str:
    role = creator.get(f"{{{_OPF_NS}}}role") or refines.get((creator.get("id") or "", "role"), "")
    return role.strip().lower()


def _edition_date(dates: list[etree._Element]) -> str | None:
    """The publication date of this edition: EPUB 2's ``opf:event="publication"`` first, then any
    date that is not a modification or creation of the file."""
    def event(el: etree._Element) -> str:
        return (el.get(f"{{{_OPF_NS}}}event") or el.get("event") or "").lower()

    ranked = sorted(dates, key=lambda el: 0 if event(el) == "publication" else 1 if not event(el) else 2)
    for el in ranked:
        if event(el) in ("modification", "creation"):
            continue
        match = _DATE.match(_text_of(el))
        if match and 1000 <= int(match.group(1)) <= 2100:
            year, month, day = match.groups()
            if month and not 1 <= int(month) <= 12:
                return year
            if day and not 1 <= int(day) <= 31:
                return f"{year}-{month}"
            return "-".join(p for p in (year, month, day) if p)
    return None


def _toc(archive: zipfile.ZipFile, package: _Package) -> list[_Entry]:
    """The table of contents: the EPUB 3 nav document, else the EPUB 2 NCX."""
    if package.nav:
        data = read_member(archive, package.nav, DAMAGED_EPUB, MAX_DOC_BYTES)
        root = _parse_page(data) if data else None
        entries = _nav_entries(root, package.nav) if root is not None else []
        if entries:
            return entries
    if package.ncx:
        data = read_member(archive, package.ncx, DAMAGED_EPUB, MAX_DOC_BYTES)
        root = _parse_xml(data) if data else None
        if root is not None:
            return _ncx_entries(root, package.ncx)
    return []


def _nav_entries(root: etree._Element, nav_path: str) -> list[_Entry]:
    navs = [el for el in root.iter() if _local(el) == "nav"]
    toc = next((n for n in navs if "toc" in _attr(n, "type", _OPS_NS).split()), navs[0] if navs else None)
    if toc is None:
        return []
    top = next((el for el in toc.iter() if _local(el) == "ol"), None)
    entries: list[_Entry] = []
    if top is not None:
        _walk_nav_list(top, nav_path, 0, None, entries)
    return entries


def _walk_nav_list(ol: etree._Element, nav_path: str, depth: int, author: str | None,
                   entries: list[_Entry]) -> None:
    if depth > 12 or len(entries) > 20_000:
        return
    for li in _children(ol, "li"):
        label_el = next((c for c in li if _local(c) in ("a", "span", *_HEADINGS)), None)
        nested = next(_children(li, "ol"), None)
        kinds = frozenset((li.get("class") or "").split())
        if label_el is not None and _local(label_el) == "a" and label_el.get("href"):
            doc, fragment = _resolve(nav_path, label_el.get("href", ""))
            entries.append(_Entry(_text_of(label_el), doc, fragment, depth, author, kinds))
            if nested is not None:
                _walk_nav_list(nested, nav_path, depth + 1, None, entries)
        elif nested is not None:
            group = _text_of(label_el) if label_el is not None and _is_author_label(label_el) else None
            _walk_nav_list(nested, nav_path, depth + 1, group or author, entries)


def _is_author_label(el: etree._Element) -> bool:
    return "author" in f"{el.get('class') or ''} {_attr(el, 'type', _OPS_NS)}".lower()


def _ncx_entries(root: etree._Element, ncx_path: str) -> list[_Entry]:
    entries: list[_Entry] = []
    nav_map = next((el for el in root.iter() if _local(el) == "navmap"), None)

    def walk(parent: etree._Element, depth: int) -> None:
        if depth > 12 or len(entries) > 20_000:
            return
        for point in _children(parent, "navpoint"):
            label = next((_text_of(el) for el in point if _local(el) == "navlabel"), "")
            content = next((el for el in point if _local(el) == "content"), None)
            author = next((_text_of(el) or el.get("content") for el in point
                           if _local(el) == "meta" and (el.get("name") or "").lower() == "author"), None)
            if content is not None and content.get("src"):
                doc, fragment = _resolve(ncx_path, content.get("src", ""))
                kinds = frozenset((point.get("class") or "").lower().split())
                entries.append(_Entry(label, doc, fragment, depth, author or None, kinds))
            walk(point, depth + 1)

    if nav_map is not None:
        walk(nav_map, 0)
    return entries


# --------------------------------------------------------------------------------------------
# Chapters -> blocks
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    direction: str | None = None  # the nearest dir attribute
    language: str | None = None  # the nearest lang / xml:lang
    heading: bool = False

    def enter(self, el: etree._Element, tag: str) -> _Context:
        direction = (el.get("dir") or "").lower() or self.direction
        language = (el.get(_XML_LANG) or el.get("lang") or "").lower() or self.language
        heading = self.heading or tag in _HEADINGS
        if (direction, language, heading) == (self.direction, self.language, self.heading):
            return self
        return _Context(direction, language, heading)

    @property
    def declared(self) -> Direction | None:
        if self.direction == "rtl":
            return "rtl"
        if self.direction is None and self.language and self.language.split("-")[0] in _RTL_LANGUAGES:
            return "rtl"
        return None


@dataclass
class _Book:
    """Blocks of the whole book, with where each document and anchor starts."""

    blocks: list[Block] = field(default_factory=list)
    anchors: dict[tuple[str, str], int] = field(default_factory=dict)
    doc_starts: dict[str, int] = field(default_factory=dict)
    bylines: dict[str, str] = field(default_factory=dict)
    matter: set[str] = field(default_factory=set)  # documents that are front or back matter
    page: int | None = None
    chars: int = 0
    cut: bool = False


class _Chapter:
    """Turns one XHTML document into blocks appended to a :class:`_Book`."""

    def __init__(self, book: _Book, doc: str) -> None:
        self.book = book
        self.doc = doc
        self._parts: list[str] = []
        self._context: _Context | None = None
        self._page: int | None = None

    def read(self, root: etree._Element) -> None:
        self.book.doc_starts.setdefault(self.doc, len(self.book.blocks))
        head = next((el for el in root if _local(el) == "head"), None)
        if head is not None:
            for meta in head.iter():
                byline = _clean(meta.get("content") or "")
                named = (meta.get("name") or "").lower() in ("author", "dc.creator")
                if _local(meta) == "meta" and named and byline:
                    self.book.bylines.setdefault(self.doc, byline)
        body = next((el for el in root.iter() if _local(el) == "body"), None)
        if body is not None:
            first = next((el for el in body if _local(el) is not None), None)
            kinds = {t.split(":")[-1] for el in (body, first) if el is not None
                     for t in _attr(el, "type", _OPS_NS).lower().split()}
            if kinds & _MATTER:
                self.book.matter.add(self.doc)
            self._element(body, _Context().enter(root, "html"), 0)
            self._flush()

    # -- walking --------------------------------------------------------------------------

    def _element(self, el: etree._Element, context: _Context, depth: int) -> None:
        tag = _local(el)
        if tag is None or tag in _SKIPPED or el.get("hidden") is not None or self.book.cut:
            return
        kinds = [*_attr(el, "type", _OPS_NS).lower().split(), (el.get("role") or "").lower()]
        if "pagebreak" in kinds or "doc-pagebreak" in kinds:
            self._page_mark(el)
            return
        if "z3998:author" in kinds and _text_of(el):
            self.book.bylines.setdefault(self.doc, _text_of(el))
        context = context.enter(el, tag)
        if tag == "br":
            self._append(" ", context)
            return
        block = tag in _BLOCKS
        if block:
            self._flush()  # before the anchor: it names the block that starts here
        for name in (el.get("id"), el.get("name") if tag == "a" else None):
            if name:
                self.book.anchors.setdefault((self.doc, name), len(self.book.blocks))
        if tag in ("header", "hgroup") and self._heading_group(el, context):
            return
        if el.text:
            self._append(el.text, context)
        for child in el:
            if depth < 200:
                self._element(child, context, depth + 1)
            if child.tail:
                self._append(child.tail, context)
        if block:
            self._flush()

    def _heading_group(self, el: etree._Element, context: _Context) -> bool:
        """``<header><h2>Chapter Two</h2><h1>What is cancer?</h1></header>`` -> one heading."""
        parts = [c for c in el if _local(c) is not None]
        if len(parts) < 2 or (el.text or "").strip() or any(_local(c) not in _HEADINGS for c in parts):
            return False
        for child in parts:
            if child.get("id"):
                self.book.anchors.setdefault((self.doc, child.get("id", "")), len(self.book.blocks))
        texts = [_text_of(c) for c in parts]
        self._append(": ".join(t for t in texts if t), _Context(context.direction, context.language, True))
        self._flush()
        return True

    def _page_mark(self, el: etree._Element) -> None:
        label = (el.get("title") or el.get("aria-label") or _text_of(el)).strip()
        self.book.page = int(label) if label.isdigit() and len(label) < 7 else None

    def _append(self, text: str, context: _Context) -> None:
        if not self._parts:
            if not text.strip():
                return
            self._context = context
            self._page = self.book.page
        self._parts.append(text)

    def _flush(self) -> None:
        if not self._parts:
            return
        text = _clean("".join(self._parts))
        context = self._context or _Context()
        self._parts = []
        if not text:
            return
        if len(self.book.blocks) >= MAX_BLOCKS or self.book.chars + len(text) > MAX_BOOK_CHARS:
            self.book.cut = True
            return
        self.book.chars += len(text)
        self.book.blocks.append(Block(text, page=self._page, heading=context.heading,
                                      direction=context.declared))


# --------------------------------------------------------------------------------------------
# The book
# --------------------------------------------------------------------------------------------


def _reading_order(package: _Package) -> list[str]:
    """Spine documents to read: linear ones, then the others; never the table of contents."""
    skip = set(package.toc_docs)
    if package.nav:
        skip.add(package.nav)
    types = {item.href: item.media_type for item in package.items.values()}
    docs: dict[str, None] = {}
    for href, _linear in sorted(package.spine, key=lambda s: not s[1]):
        if href not in skip and types.get(href) in _HTML_TYPES:
            docs.setdefault(href)
    return list(docs)


def _read_chapters(archive: zipfile.ZipFile, docs: Iterable[str], notes: list[str]) -> _Book:
    book = _Book()
    unreadable = 0
    for doc in docs:
        try:
            data = read_member(archive, doc, DAMAGED_EPUB, MAX_DOC_BYTES)
        except NotText:
            data = None
        root = _parse_page(data) if data else None
        if root is None:
            unreadable += 1
            continue
        _Chapter(book, doc).read(root)
        if book.cut:
            notes.append(f"the book was cut after {len(book.blocks):,} paragraphs")
            break
    if unreadable:
        notes.append(f"{unreadable} chapter file(s) missing or unreadable")
    return book


def _same(a: str, b: str) -> bool:
    return _clean(a).casefold() == _clean(b).casefold()


def _contains(label: str, heading: str) -> bool:
    return _clean(heading).casefold() in _clean(label).casefold()


def _story_entries(toc: list[_Entry], book: _Book) -> tuple[list[_Entry], str]:
    """The entries that start a story, and why the book is a collection ([] when it is not)."""
    by_author = [e for e in toc if e.author]
    if len(by_author) >= 2 and len({e.author for e in by_author}) >= 2:
        return by_author, "its table of contents gives each story its own author"
    articles = [e for e in toc if "article" in e.kinds]
    if len(articles) >= 2:
        return articles, "its table of contents lists separate articles"
    bylines = {doc: who for doc, who in book.bylines.items() if doc not in book.matter}
    if len(set(bylines.values())) >= 2:
        docs = sorted(bylines, key=lambda d: book.doc_starts.get(d, 0))
        entries = [_Entry("", d, None, 0, bylines[d]) for d in docs]
        return entries, "its chapters carry different bylines"
    return [], ""


def _position(entry: _Entry, book: _Book) -> int | None:
    if entry.fragment is not None:
        return book.anchors.get((entry.doc, entry.fragment))
    return book.doc_starts.get(entry.doc)


def _marks(book: _Book, entries: list[_Entry], *, stories: bool) -> tuple[list[Block], list[int]]:
    """Blocks with chapter marks put in, and (for a collection) where each story starts.

    A story starts at its own first heading when the table-of-contents label contains it (the
    heading then reads as the label); else at a heading made from the label. Outside collections a
    chapter without a heading of its own gets its label as one.
    """
    insert: dict[int, Block] = {}
    replace: dict[int, Block] = {}
    starts: set[int] = set()
    seen_docs: set[str] = set()
    blocks = book.blocks
    for entry in entries:
        at = _position(entry, book)
        if at is None or at >= len(blocks):
            continue
        first = blocks[at]
        if not stories:
            if entry.fragment is not None or entry.doc in seen_docs or first.heading or not entry.label:
                seen_docs.add(entry.doc)
                continue
            seen_docs.add(entry.doc)
        label = entry.label
        if stories and first.heading and (not label or _contains(label, first.text)):
            if label and not _same(first.text, label):
                replace[at] = Block(label, first.page, True, first.direction)
        elif label and at not in insert:
            insert[at] = Block(label, first.page, True, first.direction)
        starts.add(at)
    out: list[Block] = []
    new_starts: list[int] = []
    for i, block in enumerate(blocks):
        if i in starts:
            new_starts.append(len(out))
        if i in insert:
            out.append(insert[i])
        out.append(replace.get(i, block))
    return out, (sorted(new_starts) if stories else [])


def read_epub(data: bytes, path: Path) -> Extracted:
    """An EPUB's text in reading order, its metadata, and story starts when it is a collection."""
    del path
    if etree is None:  # pragma: no cover
        raise NotText("reading .epub files needs the lxml package, which is not installed")
    archive = open_zip(data, DAMAGED_EPUB)
    with archive:
        package = _read_package(archive)
        _check_drm(archive, package)
        meta = _metadata(package)
        toc = _toc(archive, package)
        notes: list[str] = []
        book = _read_chapters(archive, _reading_order(package), notes)
    book.matter |= package.matter_docs
    stories, why = _story_entries(toc, book)
    if len(stories) >= 2:
        blocks, starts = _marks(book, stories, stories=True)
        if len(starts) >= 2:
            notes.append(f"read as {len(starts)} separate stories: {why}")
            return _extracted(blocks, meta, starts, notes, collection=True)
    blocks, _ = _marks(book, toc, stories=False)
    return _extracted(blocks, meta, [], notes, collection=False)


def _extracted(blocks: list[Block], meta: dict[str, str | None], starts: list[int], notes: list[str],
               *, collection: bool) -> Extracted:
    date = meta.get("date")
    return Extracted(
        blocks=tuple(blocks),
        fmt="epub",
        title=meta.get("title"),
        date=date,
        date_evidence="the EPUB's <dc:date>: when this edition was published" if date else "",
        author=None if collection else meta.get("author"),
        site=meta.get("site"),
        language=meta.get("language"),
        starts=tuple(starts),
        notes=tuple(notes),
    )


if etree is None:  # pragma: no cover
    missing("lxml", ".epub")
else:
    extractor(".epub")(read_epub)
