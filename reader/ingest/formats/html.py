"""Saved web pages: ``.html`` ("Web page, complete" or "HTML only") and single-file archives
(``.mhtml``/``.mht``, Chrome's "Save as single file", Internet Explorer's and Word's "Web archive").

A saved news page is mostly furniture: menus, "most read" lists, share buttons, comments, cookie
notices, footers. Reading the article means finding the main content, which trafilatura does
well (and precision is what a researcher needs: a navigation line that lands in the clean text is
counted, searched and quoted as if the journalist had written it). trafilatura also reads the
page's metadata (title, author, site name, canonical URL) and, through htmldate, its original
publication date rather than the "last modified" one.

What this module adds around it:

- decoding: the page's bytes are decoded with its declared charset (``<meta charset>``, the MIME
  part's charset for MHTML), with a sniff when it declares none, so an Arabic page saved in
  windows-1256 reads as Arabic, not mojibake;
- direction: ``dir="rtl"`` on the element holding a paragraph is the page's own word that the
  paragraph is right to left; it is passed on when the paragraph's script agrees;
- the headline: a title without its "| Site name" suffix;
- "Show original": the page's whole visible text, furniture included, markup removed;
- a page where no article is found (a JavaScript shell) falls back to its full text if there is
  enough of it, else is skipped with a reason.

Nothing here follows a link or loads a resource: the page is data, never rendered.
"""

from __future__ import annotations

import codecs
import datetime
import email
import email.policy
import itertools
import logging
import re
from collections.abc import Iterator
from email.message import Message
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.ingest.formats import Block, Extracted, extractor, missing
from reader.ingest.model import Direction
from reader.text.script import script_counts

if TYPE_CHECKING:
    from lxml.html import HtmlElement

log = logging.getLogger(__name__)

__all__ = ["HTML_SUFFIXES", "MHTML_SUFFIXES", "decode_html", "page_text", "read_html", "read_mhtml"]

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
MHTML_SUFFIXES = (".mhtml", ".mht")

NO_ARTICLE = "no article text found in this web page (it may need JavaScript)"
NO_PAGE_IN_ARCHIVE = "no web page found in this MHTML file"
FALLBACK_MIN_WORDS = 40  # a page's full text worth reading when no article is found
ARTICLE_MIN_WORDS = 12  # fewer is a notice ("You need to enable JavaScript..."), not an article
MAX_ELEMENTS = 30_000  # a news page has 1-5 thousand; at 30 thousand article detection takes ~10 s
FALLBACK_NOTE = "no article was found in this page: its full text is shown, menus and footers included"
TOO_BIG_NOTE = "this page is too large to look for its article: its full text is shown"
DATE_EVIDENCE = "the page's metadata (htmldate)"

_SNIFF_BYTES = 4096  # where a page declares its charset (browsers look at the first 1024)
_MAX_DIR_ELEMENTS = 64  # elements with dir="..." considered as direction evidence
_DIR_TEXT_BUDGET = 4_000_000  # characters of their text read at most (a hostile page nests thousands)
_MAX_MIME_PARTS = 2_000  # parts of an MHTML file looked at before giving up on finding the page
_MAX_DEPTH = 40  # nesting of the extracted article's blocks followed before flattening
_MAX_DATE_MARKS = 5_000  # elements with an RDFa property looked at for a publication date

_META_CHARSET = re.compile(rb"""<meta[^>]{0,512}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})""", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]{0,300}\?>")
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)\s*(\S{1,2000}?)\s*-->", re.I)
_SPACES = re.compile(r"\s+")
_TITLE_SEPARATORS = re.compile(r"\s+(?:[|\-–—•·:»«›‹/]|::)\s+")
_NOT_WORD = re.compile(r"[\W_]+")
_ISO_DAY = re.compile(r"\s*(\d{4}-\d{2}-\d{2})(?:$|[T\s])")
# Dublin Core names of an article's date in RDFa (``<span property="dc:date" content="...">``):
# htmldate reads <meta> tags, JSON-LD and itemprop, but not these.
_PUBLISHED = frozenset({"dc:date", "dcterms:date", "dc:created", "dcterms:created", "dcterms:issued",
                        "dc:date.issued"})

# What browsers and the WHATWG encoding standard read these labels as.
_LABEL_ALIASES = {
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
    "l1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252", "iso-8859-9": "cp1254",
    "windows-874": "cp874", "tis-620": "cp874", "x-user-defined": "cp1252",
}

# Tags of the HTML page whose text is never seen, and those that break a line.
_INVISIBLE = frozenset({
    "script", "style", "noscript", "template", "head", "title", "meta", "link", "svg", "math",
    "iframe", "object", "embed", "canvas", "select", "datalist", "audio", "video", "picture", "map",
})
_LINE_BREAKING = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd", "details",
    "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
    "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "legend", "li", "main", "menu", "nav", "ol",
    "p", "pre", "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
})
_CELLS = frozenset({"td", "th"})  # a table row is one line, its cells apart
# Tags of trafilatura's XML output that hold paragraphs (the rest is inline: hi, ref, del...).
_XML_BLOCKS = frozenset({
    "p", "head", "list", "item", "quote", "table", "row", "cell", "code", "div", "section",
    "article", "note", "figure", "main", "body",
})
_NOT_AUTHORS = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    "admin", "administrator", "editor", "staff",
})


# --------------------------------------------------------------------------------------------
# Decoding
# --------------------------------------------------------------------------------------------


def _codec(label: str | bytes | None) -> str | None:
    """The Python codec for a charset label as a browser reads it, or None if unknown."""
    if not label:
        return None
    if isinstance(label, bytes):
        label = label.decode("ascii", "ignore")
    name = label.strip().strip("\"'").lower()
    name = _LABEL_ALIASES.get(name, name)
    try:
        found = codecs.lookup(name).name
    except LookupError:
        return None
    if found.startswith(("utf-16", "utf-32")):
        return "utf-8"  # declared inside an ASCII-readable page: the page is not UTF-16 (WHATWG)
    return found


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first bytes (``<meta>``, or an XML declaration)."""
    head = data[:_SNIFF_BYTES]
    for pattern in (_XML_ENCODING, _META_CHARSET):
        match = pattern.search(head)
        if match:
            codec = _codec(match.group(1))
            if codec:
                return codec
    return None


def decode_html(data: bytes, hint: str | None = None) -> tuple[str, str]:
    """The page's text and the codec it was read with.

    A byte-order mark is proof; then the charset a container declares (``hint``: an MHTML part's
    ``Content-Type``), then the page's own declaration. Valid UTF-8 with non-ASCII letters wins
    over a declared legacy charset: pages re-saved by scrapers and editors keep a stale
    ``<meta charset=windows-1256>``, and legacy Arabic bytes are never valid UTF-8 by accident.
    Without any declaration the corpus's own sniffer decides (cp1256 versus cp1252 and others).
    """
    from reader.ingest.loader import decode_bytes

    for bom, name in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(name, errors="replace"), name
    declared = _codec(hint) or declared_charset(data)
    utf8 = _strict_utf8(data)
    if utf8 is not None and (declared in (None, "utf-8") or not utf8.isascii()):
        return utf8, "utf-8"
    if declared == "utf-8":  # but not valid: a few broken bytes, or a page mislabelled
        return decode_bytes(data)
    if declared:
        return data.decode(declared, errors="replace"), declared
    return decode_bytes(data)


def _strict_utf8(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


# --------------------------------------------------------------------------------------------
# The page's own words: full text, direction, language, address
# --------------------------------------------------------------------------------------------


def _squash(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _hidden(element: HtmlElement) -> bool:
    if element.get("hidden") is not None:
        return True
    style = (element.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


def page_text(root: HtmlElement) -> str:
    """Everything a reader of the page sees, one block per line: menus, article, footer alike.

    trafilatura's own ``html2txt`` runs the whole page into one line; "Show original" should
    look like the page, so block elements (paragraphs, list items, table rows) break lines here.
    """
    from lxml import etree

    body = root.find(".//body")
    if body is None:
        body = root
    pieces: list[str] = []
    walker = etree.iterwalk(body, events=("start", "end", "comment", "pi"))
    for event, element in walker:
        tag = element.tag if isinstance(element.tag, str) else ""
        if event in ("comment", "pi"):
            pieces.append(element.tail or "")
        elif event == "start":
            if tag.lower() in _INVISIBLE or _hidden(element):
                walker.skip_subtree()
                continue
            if tag.lower() in _LINE_BREAKING:
                pieces.append("\n")
            elif tag.lower() in _CELLS:
                pieces.append("  ")
            pieces.append(element.text or "")
        else:
            if tag.lower() in _LINE_BREAKING:
                pieces.append("\n")
            if element is not body:
                pieces.append(element.tail or "")
    lines = (_squash(line) for line in "".join(pieces).split("\n"))
    return "\n".join(line for line in lines if line)


def _without_spaces(text: str) -> str:
    return _SPACES.sub("", text)


class _Directions:
    """The ``dir`` the page declares around a piece of text: the innermost element wins.

    trafilatura's output keeps no attributes, so each extracted paragraph is looked up in the text
    of the page's elements that carry ``dir`` (spaces ignored: the extractor joins inline
    elements its own way). Bounded: a few dozen elements and a few MB of text at most.
    """

    def __init__(self, root: HtmlElement) -> None:
        self._scopes: list[tuple[str, Direction]] = []
        budget = _DIR_TEXT_BUDGET
        for element in root.xpath("//*[@dir]"):
            value = (element.get("dir") or "").strip().lower()
            if value not in ("rtl", "ltr"):
                continue
            text = _without_spaces(element.text_content())
            budget -= len(text)
            if budget < 0 or len(self._scopes) >= _MAX_DIR_ELEMENTS:
                break
            self._scopes.append((text, value))  # type: ignore[arg-type]
        self._scopes.sort(key=lambda scope: len(scope[0]))

    def of(self, text: str) -> Direction | None:
        if not self._scopes:
            return None
        probe = _without_spaces(text)[:60]
        if not probe:
            return None
        return next((direction for scope, direction in self._scopes if probe in scope), None)


def block_direction(text: str, declared: Direction | None) -> Direction | None:
    """``rtl`` when the page says so and the paragraph is mostly Arabic script; else the script
    decides later (an English quote inside a right-to-left page stays left to right)."""
    if declared != "rtl":
        return None
    arabic, latin, _other = script_counts(text)
    return "rtl" if arabic and arabic >= latin else None


def declared_language(root: HtmlElement) -> str | None:
    """``ar`` from ``<html lang="ar-EG">`` (or ``content-language``/``og:locale``): a hint only."""
    values = [root.get("lang"), root.get("{http://www.w3.org/XML/1998/namespace}lang")]
    for meta in root.iterfind(".//meta"):
        key = (meta.get("http-equiv") or meta.get("property") or meta.get("name") or "").lower()
        if key in ("content-language", "og:locale", "language"):
            values.append(meta.get("content"))
    for value in values:
        code = re.split(r"[-_,;\s]", (value or "").strip().lower())[0]
        if re.fullmatch(r"[a-z]{2,3}", code):
            return code
    return None


def _agrees(language: str | None, blocks: list[Block]) -> str | None:
    """Drop a declared language the text plainly contradicts (``lang="en-US"`` on an Arabic
    site's template): a wrong hint is worse than none."""
    if language not in ("ar", "en"):
        return language
    arabic = latin = 0
    for block in blocks[:50]:
        a, latin_letters, _other = script_counts(block.text)
        arabic, latin = arabic + a, latin + latin_letters
    if (language == "en" and arabic > latin) or (language == "ar" and latin > 3 * arabic):
        return None
    return language


def markup_date(root: HtmlElement) -> tuple[str, str] | None:
    """The date the page's RDFa markup gives the article (``<span property="dc:date"
    content="2019-02-08T00:00:00+01:00">``), when it gives exactly one.

    htmldate reads ``<meta>``, JSON-LD and ``itemprop`` but not Dublin Core RDFa, and can then fall
    for a "today's date" widget saved with the page (assabah.com.tn: 2020-02-19, the day the page
    was saved, for an interview of 2019-02-08). On htmldate's own 945 dated evaluation pages it
    speaks on 4, rightly each time, and overrules none of htmldate's right answers.
    """
    found: dict[str, str] = {}
    for element in root.xpath("//*[@property]")[:_MAX_DATE_MARKS]:
        names = (element.get("property") or "").lower().split()
        name = next((n for n in names if n in _PUBLISHED), None)
        value = element.get("content") or element.get("datetime") or ""
        match = _ISO_DAY.match(value)
        if name and match and _plausible_day(match.group(1)):
            found.setdefault(match.group(1), name)
    if len(found) != 1:
        return None  # none, or several (a list of related articles, each with its date)
    day, name = found.popitem()
    return day, f"the page's metadata ({name})"


def _plausible_day(value: str) -> bool:
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return datetime.date(1990, 1, 1) <= day <= datetime.date.today() + datetime.timedelta(days=1)


def saved_from(text: str) -> str | None:
    """The address in the ``<!-- saved from url=(0042)https://... -->`` a browser writes."""
    match = _SAVED_FROM.search(text[:_SNIFF_BYTES])
    return web_address(match.group(1)) if match else None


def web_address(value: str | None) -> str | None:
    """An http(s) address, or None: a ``javascript:`` or ``file:`` "canonical" is not one."""
    value = (value or "").strip()
    if re.match(r"(?i)https?://[^\s/]", value) and len(value) <= 2000:
        return value
    return None


# --------------------------------------------------------------------------------------------
# The article
# --------------------------------------------------------------------------------------------


def _parse(text: str) -> HtmlElement:
    """The page's tree; trafilatura's loader repairs what browsers forgive."""
    import trafilatura
    from lxml import html as lxml_html

    text = _XML_DECLARATION.sub("", text.replace("\x00", ""), count=1)
    tree = trafilatura.load_html(text)
    if tree is None:  # a fragment ("<p>...</p>" alone) is still a page someone saved
        try:
            tree = lxml_html.document_fromstring(f"<html><body>{text}</body></html>")
        except (ValueError, TypeError) as exc:
            from reader.ingest.loader import NotText

            raise NotText("not a web page (no HTML found)") from exc
    return tree


def _article(tree: HtmlElement, url: str | None) -> Any:
    """trafilatura's document: precise first (no furniture), balanced if that finds nothing."""
    import trafilatura

    options = {"url": url, "include_comments": False, "include_tables": True, "include_images": False,
               "include_links": False, "with_metadata": True, "deduplicate": False}
    for mode in ({"favor_precision": True}, {}):
        document = trafilatura.bare_extraction(tree, **options, **mode)
        words = len((document.text or "").split()) if document is not None else 0
        if document is not None and document.body is not None and words >= ARTICLE_MIN_WORDS:
            return document
    return None


def article_blocks(body: Any) -> list[tuple[str, bool]]:
    """``(text, heading)`` for each paragraph of trafilatura's XML body, in reading order."""
    for line_break in body.iter("lb"):
        line_break.tail = " " + (line_break.tail or "")
    out: list[tuple[str, bool]] = []
    _emit(body, out, 0)
    return out


def _emit(element: Any, out: list[tuple[str, bool]], depth: int) -> None:
    tag = element.tag
    if tag == "row":
        cells = (_squash("".join(cell.itertext())) for cell in element)
        text = " | ".join(cell for cell in cells if cell)
        if text:
            out.append((text, False))
        return
    if depth > _MAX_DEPTH or not any(child.tag in _XML_BLOCKS for child in element):
        text = _squash("".join(element.itertext()))
        if text:
            out.append((text, tag == "head"))
        return
    buffer = [element.text or ""]
    for child in element:
        if child.tag in _XML_BLOCKS:
            _flush(buffer, out, tag == "head")
            _emit(child, out, depth + 1)
            buffer = [child.tail or ""]
        else:
            buffer.extend(["".join(child.itertext()), child.tail or ""])
    _flush(buffer, out, tag == "head")


def _flush(buffer: list[str], out: list[tuple[str, bool]], heading: bool) -> None:
    text = _squash("".join(buffer))
    if text:
        out.append((text, heading))


def _name_key(text: str) -> str:
    return _NOT_WORD.sub("", text.casefold())


def _site_keys(site: str | None, hostname: str | None) -> set[str]:
    """Ways a site's name appears in its titles: "The Frontier Post", "thefrontierpost.com"."""
    keys = {_name_key(site or "")}
    host = (hostname or "").lower().removeprefix("www.")
    if host:
        keys |= {_name_key(host), _name_key(host.split(".")[0])}
    return {key for key in keys if len(key) >= 3}


def headline(title: str | None, site: str | None, hostname: str | None, headings: list[str]) -> str | None:
    """The article's headline: "Two newborns die ... - The Frontier Post" loses its site part.

    A part of the title that is one of the page's headings is the headline; else a first or last
    part naming the site (by its name or its host) is dropped.
    """
    title = _squash(title or "")
    separators = list(_TITLE_SEPARATORS.finditer(title))
    if not separators:
        return title or None
    without_last = title[: separators[-1].start()].strip()
    without_first = title[separators[0].end():].strip()
    first = title[: separators[0].start()].strip()
    last = title[separators[-1].end():].strip()
    wanted = {_name_key(h) for h in headings[:5]}
    for candidate in (without_last, without_first, first, last):
        if len(candidate) >= 10 and _name_key(candidate) in wanted:
            return candidate
    keys = _site_keys(site, hostname)
    if _names_site(last, keys):
        return without_last
    if _names_site(first, keys):
        return without_first
    return title


def _names_site(part: str, keys: set[str]) -> bool:
    """``Malay Mail`` names ``malaymail.com``; ``Malay Mail Online`` names ``Malay Mail``; but a
    longer part that merely mentions the site ("... on Channel 4 News tonight") is headline."""
    key = _name_key(part)
    short = len(part.split()) <= 4
    return bool(key) and any(key == k or (len(key) >= 4 and (key in k or (short and k in key))) for k in keys)


def clean_author(raw: str | None, site: str | None, hostname: str | None) -> str | None:
    """trafilatura's author, without what is plainly not a person ("Wednesday", the site, a URL)."""
    site_keys = _site_keys(site, hostname)
    names = []
    for name in (raw or "").split(";"):
        name = _squash(name)
        key = _name_key(name)
        letters = sum(ch.isalpha() for ch in name)
        if (letters < 3 or len(name) > 80 or key in site_keys or name.lower() in _NOT_AUTHORS
                or re.search(r"(?i)https?:|www\.|\.(?:com|png|jpe?g|svg)\b|\blogo\b", name)):
            continue
        names.append(name)
    return "; ".join(names[:5]) or None


def clean_site(sitename: str | None, hostname: str | None) -> str | None:
    """The outlet's name, or its host when the page gives only an address as its name."""
    site = _squash(sitename or "")
    if not site or re.match(r"(?i)https?://", site):
        host = (hostname or "").lower().removeprefix("www.")
        return host or None
    return site


def read_page(text: str, fmt: str, url: str | None = None) -> Extracted:
    """An article from a decoded page: its paragraphs and the metadata the page declares."""
    tree = _parse(text)
    url = url or saved_from(text)
    original = page_text(tree)
    directions = _Directions(tree)
    language = declared_language(tree)
    if _too_many_elements(tree):
        return _fallback(tree, original, fmt, url, (language, directions), TOO_BIG_NOTE)
    document = _article(tree, url)
    if document is None:
        return _fallback(tree, original, fmt, url, (language, directions), FALLBACK_NOTE)
    pairs = article_blocks(document.body)
    blocks = [Block(text, heading=heading, direction=block_direction(text, directions.of(text)))
              for text, heading in pairs]
    site = clean_site(document.sitename, document.hostname)
    title = headline(document.title, site, document.hostname, [t for t, h in pairs if h])
    date, evidence = markup_date(tree) or _htmldate(document.date)
    return Extracted(
        tuple(blocks),
        fmt,
        original=original,
        title=title,
        date=date,
        date_evidence=evidence,
        author=clean_author(document.author, site, document.hostname),
        site=site,
        url=web_address(document.url) or url,
        language=_agrees(language, blocks),
    )


def _htmldate(value: str | None) -> tuple[str | None, str]:
    return (value, DATE_EVIDENCE) if value else (None, "")


def _head_only(tree: HtmlElement) -> HtmlElement:
    """A page of the ``<head>`` alone (title, ``<meta>``, JSON-LD): metadata without the body."""
    import copy

    from lxml import html as lxml_html

    page = lxml_html.document_fromstring("<html><head></head><body><p>.</p></body></html>")
    head = tree.find(".//head")
    if head is not None:
        page.replace(page.find("head"), copy.deepcopy(head))
    return page


def _too_many_elements(tree: HtmlElement) -> bool:
    return next(itertools.islice(tree.iter(), MAX_ELEMENTS, None), None) is not None


def _fallback(
    tree: HtmlElement, original: str, fmt: str, url: str | None,
    declared: tuple[str | None, _Directions], note: str,
) -> Extracted:
    """No article found: the full text when there is a page's worth of it, else a skip.

    On a page too large for article detection, the metadata is read from its ``<head>`` only,
    without htmldate's search of the whole text (those would take most of the time).
    """
    import trafilatura

    from reader.ingest.loader import NotText

    if len(original.split()) < FALLBACK_MIN_WORDS:
        raise NotText(NO_ARTICLE)
    language, directions = declared
    if note == TOO_BIG_NOTE:
        meta = trafilatura.extract_metadata(_head_only(tree), default_url=url, extensive=False)
    else:
        meta = trafilatura.extract_metadata(tree, default_url=url)
    lines = original.split("\n")
    blocks = [Block(line, direction=block_direction(line, directions.of(line))) for line in lines]
    site = clean_site(meta.sitename, meta.hostname)
    date, evidence = markup_date(tree) or _htmldate(meta.date)
    return Extracted(
        tuple(blocks),
        fmt,
        original=original,
        title=headline(meta.title, site, meta.hostname, []),
        date=date,
        date_evidence=evidence,
        author=clean_author(meta.author, site, meta.hostname),
        site=site,
        url=web_address(meta.url) or url,
        language=_agrees(language, blocks),
        notes=(note,),
    )


def read_html(data: bytes, path: Path) -> Extracted:
    """A saved ``.html`` page (the ``_files`` folder beside it is the walker's business)."""
    if not data.strip(b" \t\r\n\x00\x0b\x0c"):
        from reader.ingest.loader import EMPTY, NotText

        raise NotText(EMPTY)
    text, _codec_name = decode_html(data)
    return read_page(text, "html")


# --------------------------------------------------------------------------------------------
# MHTML
# --------------------------------------------------------------------------------------------


def _parts(message: Message) -> Iterator[Message]:
    """The archive's leaf parts, in order, a bounded number of them."""
    for count, part in enumerate(message.walk()):
        if count > _MAX_MIME_PARTS:
            return
        if not part.is_multipart():
            yield part


def _root_part(message: Message) -> Message | None:
    """The page itself: the part named by ``start=`` (RFC 2557), else the first ``text/html``."""
    start = (message.get_param("start") or "") if message.is_multipart() else ""
    start = str(start).strip().strip("<>")
    first_html = None
    for part in _parts(message):
        if part.get_content_type() not in ("text/html", "application/xhtml+xml"):
            continue
        if start and str(part.get("Content-ID", "")).strip().strip("<>") == start:
            return part
        if first_html is None:
            first_html = part
            if not start:
                break
    return first_html


def read_mhtml(data: bytes, path: Path) -> Extracted:
    """A single-file web archive: its page part decoded, then read as any saved page; its
    ``Content-Location`` (Chrome: ``Snapshot-Content-Location``) is the page's address."""
    from reader.ingest.loader import NotText

    message = email.message_from_bytes(data, policy=email.policy.compat32)
    part = _root_part(message)
    if part is None:
        if b"<html" in data[:65536].lower():  # an .mht that is in fact a plain page
            return read_page(decode_html(data)[0], "mhtml")
        raise NotText(NO_PAGE_IN_ARCHIVE)
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes) or not payload.strip():
        raise NotText(NO_PAGE_IN_ARCHIVE)
    text, _codec_name = decode_html(payload, part.get_content_charset())
    url = web_address(part.get("Content-Location")) or web_address(message.get("Snapshot-Content-Location"))
    return read_page(text, "mhtml", url)


def _register() -> None:
    try:
        import trafilatura  # noqa: F401
    except ImportError as exc:  # lxml 5.2+ split its HTML cleaner into lxml_html_clean
        library = "lxml_html_clean" if "lxml_html_clean" in str(exc) else "trafilatura"
        missing(library, *HTML_SUFFIXES, *MHTML_SUFFIXES)
        return
    extractor(*HTML_SUFFIXES)(read_html)
    extractor(*MHTML_SUFFIXES)(read_mhtml)


_register()
