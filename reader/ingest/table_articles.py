"""The articles of a table of articles (:mod:`reader.ingest.tables`): one per row with text.

A row says outright what a scraped page makes the splitter guess: where the article ends, and often
its title, date, address and author. What a row leaves out is found in its text cell by the same
rules as any page's (a headline line, a date line, a byline, furniture), and an untitled row is named
by its opening words like any headless page. A date column counts only when its name says
publication (``date``, ``published``…): ``scraped_at``, ``retrieved`` or ``created`` say when the
row was written, which dates nothing.
"""

from __future__ import annotations

import re

from reader.ingest.boundaries import FileBoundaryFixes, apply_to_starts
from reader.ingest.dates import address_date, parse_header_date
from reader.ingest.formats.markdown import _date_field
from reader.ingest.lines import near_repeat, split_lines
from reader.ingest.model import Boundary
from reader.ingest.segment import FRONT_MATTER_TITLE_TAIL, Segment, build_segment, without_site_tail
from reader.ingest.tables import TableRow, field_of
from reader.text.script import paragraph_language

__all__ = ["table_segments"]

TITLE_KEYS = (
    "title", "headline", "article_title", "post_title", "heading", "العنوان", "عنوان", "عنوان_المقال",
)
URL_KEYS = (
    "url", "link", "canonical_url", "article_url", "page_url", "source_url", "href", "uri", "الرابط", "رابط",
)
DATE_KEYS = (
    "date", "published", "published_at", "published_date", "publish_date", "publication_date",
    "date_published", "datepublished", "pubdate", "pub_date", "article_date", "datetime", "تاريخ_النشر",
    "التاريخ", "تاريخ",
)
AUTHOR_KEYS = ("author", "authors", "byline", "writer", "الكاتب", "كاتب", "المؤلف")
SITE_KEYS = (
    "sitename", "site_name", "site", "outlet", "publisher", "newspaper", "publication", "source",
    "hostname", "domain", "المصدر", "الموقع", "الصحيفة",
)


def table_segments(
    text: str, kind: str, rows: list[TableRow], common: frozenset[str], fixes: FileBoundaryFixes | None
) -> list[Segment]:
    """One article per row; rows the researcher merged are one article, in the order of the table."""
    firsts = list(range(len(rows)))
    if fixes:  # a split can only fall at a row (a row is one article); a merge joins it to the one above
        firsts = apply_to_starts(firsts, [(row.start, row.end) for row in rows], fixes)
    segments: list[Segment] = []
    for first, last in zip(firsts, [*firsts[1:], len(rows)], strict=True):
        seg = _row_segment(rows[first], kind, common)
        for row in rows[first + 1 : last]:
            more = _row_segment(row, kind, common)
            seg.body.extend([more.title or "", *more.body] if more.title else more.body)
            seg.removed.extend(more.removed)
            seg.text_chars += more.text_chars
        seg.end = rows[last - 1].end
        segments.append(seg)
    return segments


def _row_segment(row: TableRow, kind: str, common: frozenset[str]) -> Segment:
    cells = row.cells
    title = _column_title(cells)
    lines = split_lines(_without_markup(row.text), common)
    if lines:
        seg = build_segment(lines, 0, len(lines), (row.start, row.end), title=None if title else False)
    else:
        seg = Segment(start=row.start, end=row.end, title=None, body=[row.text])
    seg.start, seg.end = row.start, row.end
    if title:
        while seg.body and near_repeat(seg.body[0], title):
            seg.removed.append(seg.body.pop(0))  # the text repeats the headline its row gives
        seg.title = title
    url = field_of(cells, *URL_KEYS) or _address(field_of(cells, "source"))
    if url and (found := address_date(url)):
        seg.address_date = (*found, url)
    arabic = paragraph_language(" ".join(seg.body[:3])) == "ar"
    if stated := _column_date(cells, arabic):
        seg.header_date = stated
    seg.byline = field_of(cells, *AUTHOR_KEYS) or seg.byline
    site = field_of(cells, *SITE_KEYS)
    seg.outlet = site if site and not _address(site) else seg.outlet
    seg.boundary = Boundary(f"row {row.number} of the {kind.upper()} table", 1.0)
    return seg


def _column_title(cells: dict[str, str]) -> str | None:
    title = field_of(cells, *TITLE_KEYS)
    if not title:
        return None
    site = field_of(cells, *SITE_KEYS)
    if site and FRONT_MATTER_TITLE_TAIL.search(title) and title.endswith(site):
        title = FRONT_MATTER_TITLE_TAIL.sub("", title)  # "Headline - The Japan Times"
    return without_site_tail(title)


def _column_date(cells: dict[str, str], arabic: bool) -> tuple[str, str, str] | None:
    for key in DATE_KEYS:
        value = field_of(cells, key)
        if not value:
            continue
        iso = _date_field({"date": value})
        if iso:
            return iso, {10: "day", 7: "month"}.get(len(iso), "year"), f"{key}: {value}"
        if found := parse_header_date(value, arabic):
            return found[0], found[1], f"{key}: {value}"
    return None


_MARKUP = re.compile(
    r"</?(?:p|br|div|span|a|b|i|strong|em|h[1-6]|li|ul|ol|blockquote|figure|img)\b[^>]*>", re.IGNORECASE
)
MARKUP_TAGS = 2


def _without_markup(text: str) -> str:
    """A cell of HTML (a CMS export's ``content``: ``<p>…</p>``) as the text a reader of it sees, one
    block per line; tags are never shown, entities are decoded, nothing is fetched."""
    if len(_MARKUP.findall(text, 0, 20_000)) < MARKUP_TAGS:
        return text
    try:
        from lxml import html as lxml_html

        from reader.ingest.formats.html import page_text
    except ImportError:  # no HTML library in this build: the cell as written, tags and all
        return text
    try:
        return page_text(lxml_html.document_fromstring(f"<html><body>{text}</body></html>"))
    except (ValueError, TypeError):
        return text


def _address(value: str | None) -> str | None:
    return value if value and value.startswith(("http://", "https://")) and " " not in value else None
