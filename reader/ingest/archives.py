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

__all__ = ["ARCHIVE_OPEN", "toolbar_lines"]

ARCHIVE_OPEN = re.compile(
    r"^(?:the wayback machine\s*[-–—]\s*https?://web\.archive\.org/web/\d{4,14}\S*"
    r"|archive\.(?:today|ph|is|li|md|vn|fo)(?:\s+webpage capture)?"
    r"|this is google's cache of https?://\S+.{0,400})$",
    re.IGNORECASE,
)
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
    r"|https?://\S+|(?:www\.)\S+"
    r"|\d{1,2}\s+" + _MONTHS + r"\s+(?:19|20)\d{2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s+(?:utc|gmt))?)?"
    r"(?:\s*[-–]\s*\d{1,2}\s+" + _MONTHS + r"\s+(?:19|20)\d{2})?)$",
    re.IGNORECASE,
)
TOOLBAR_MAX_LINES = 30


def toolbar_lines(texts: list[str], i: int) -> int:
    """How many lines from ``texts[i]`` (an archive's opening line) are the archive's toolbar."""
    n = 1
    while i + n < len(texts) and n < TOOLBAR_MAX_LINES and _TOOLBAR_LINE.match(texts[i + n].strip()):
        n += 1
    return n
