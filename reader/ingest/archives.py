"""The toolbar a web archive prints over the page it kept: the Wayback Machine, archive.today, a cache.

Researchers read many pages through an archive (the site is gone, or paywalled), and a copy of such a
page carries the archive's own lines above it: its name, the page's address, the capture's date and
time, a calendar of captures, buttons. They open a page (a seam, like a scraper's record header) and
say when the archive kept it, which dates nothing the page says: the page's own address inside them
still does. Only these well-known toolbars are recognised, by their opening line; then the lines
after it that are the toolbar's own words, addresses, dates and calendar rows.
"""

from __future__ import annotations

import re

__all__ = ["ARCHIVE_HEAD", "ARCHIVE_OPEN", "ARCHIVE_START", "toolbar_lines"]

ARCHIVE_OPEN = re.compile(
    r"^(?:the wayback machine\s*[-–—]\s*https?://web\.archive\.org/web/\d{4,14}\S*"
    r"|archive\.(?:today|ph|is|li|md|vn|fo)(?:\s+webpage capture)?"
    r"|this is google's cache of https?://\S+.{0,400})$",
    re.IGNORECASE,
)
# The toolbar's first line where a text browser prints the whole toolbar above the page ("Wayback
# Machine", then the address box, "4 captures", the calendar ...): a head only with its captures count
ARCHIVE_HEAD = re.compile(r"^(?:internet archive\s+)?wayback machine$", re.IGNORECASE)
_CAPTURES = re.compile(r"^\d[\d,]*\s+captures?$", re.IGNORECASE)
HEAD_REACH = 4  # lines from the head to its captures count
# Either line a toolbar may start with (its opening line, or the head a text browser prints first)
ARCHIVE_START = re.compile(f"{ARCHIVE_OPEN.pattern}|{ARCHIVE_HEAD.pattern}", re.IGNORECASE)
_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
_TOOLBAR_LINE = re.compile(
    r"^(?:internet archive|wayback machine|go|\d[\d,]*\s+captures?|success|fail|about this capture"
    r"|collected by|(?:collection|organization)\s*:.{0,120}|timestamps|close|help|loading\.*"
    r"|(?:" + _MONTHS + r"\s+){1,2}" + _MONTHS + r"|\d{1,2}|(?:(?:19|20)\d{2}\s+){1,2}(?:19|20)\d{2}"
    r"|webpage capture|saved from|search|all snapshots from host\s+\S+|webpage|screenshot|share"
    r"|download \.zip|report bug or abuse|buy me a coffee|history|←?\s*prior\s*(?:next\s*→?)?|next\s*→?"
    r"|no other snapshots from this url|\d+\s+snapshots? from this url"
    r"|full version\s+text-only version\s+view source|tip: to quickly find your search term on this page.*"
    r"|these search terms are highlighted:.{0,200}"
    # the address box and its button ("http://site/page _ Go", "[https://site/page][Go]"), the capture
    # stepper, the collection's note on how it crawled, the opener printed on its own line
    r"|\[?(?:https?://|www\.)\S*?\s*\]?\s*_?\s*\[?go\]?|previous capture\s+\d{1,2}\s+next capture"
    r"|.{0,200}\b(?:crawl(?:s|ed)?|internet archive|archive-it|save page now)\b.{0,200}"
    r"|the wayback machine\s*[-–—]?(?:\s*https?://web\.archive\.org/\S*)?"
    r"|https?://\S+|(?:www\.)\S+"
    r"|\d{1,2}\s+" + _MONTHS + r"\s+(?:19|20)\d{2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s+(?:utc|gmt))?)?"
    r"(?:\s*[-–]\s*\d{1,2}\s+" + _MONTHS + r"\s+(?:19|20)\d{2})?)$",
    re.IGNORECASE,
)
TOOLBAR_MAX_LINES = 30


def toolbar_lines(texts: list[str], i: int) -> int:
    """How many lines from ``texts[i]`` (an archive's opening line, or the head of its toolbar) are the
    archive's toolbar; 0 when a head is not followed by the captures count that makes it one."""
    if ARCHIVE_HEAD.match(texts[i].strip()) and not any(
        _CAPTURES.match(text.strip()) for text in texts[i + 1 : i + 1 + HEAD_REACH]
    ):
        return 0
    n = 1
    while i + n < len(texts) and n < TOOLBAR_MAX_LINES and (
        _TOOLBAR_LINE.match(texts[i + n].strip()) or _address_rest(texts[i + n - 1], texts[i + n])
    ):
        n += 1
    return n


_ADDRESS_END = re.compile(r"(?:https?://|web\.archive\.org/web/\d+/)\S*$")
_ADDRESS_REST = re.compile(r"^[\w.%~:/?=&#+-]+(?:\s[\w.%~/?=&#+-]+)?/?$")


def _address_rest(above: str, line: str) -> bool:
    """Is ``line`` the rest of an address a text browser wrapped at the end of the line above?"""
    wrapped = _ADDRESS_END.search(above.strip())
    return bool(wrapped) and "/" in line and bool(_ADDRESS_REST.match(line.strip()))
