"""Markdown notes and posts (``.md``, ``.markdown``): text with headings, and the front matter's
title, date and author.

Researchers keep notes, translations and blog posts (Jekyll, Hugo) in Markdown. Read as plain
text, its markup would be counted and searched as words (``**``, ``[text](https://...)``, table
pipes) and its headings lost; so the file is parsed with markdown-it-py (CommonMark, built for
untrusted input, nesting bounded): headings become heading paragraphs, links their text, images
are dropped, code stays as text, raw HTML gives only its text. The front matter (YAML between
``---`` lines, or TOML between ``+++``) is read for its plain ``key: value`` lines only, without
a YAML library: no tags, anchors or code to trust.

The corpus's root ``README.md`` describes the corpus and is skipped by the walker, not here.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from reader.ingest.formats import Block, Extracted, extractor, missing
from reader.ingest.model import Direction
from reader.text.script import script_counts

__all__ = ["SUFFIXES", "front_matter", "read_markdown"]

SUFFIXES = (".md", ".markdown")
DATE_EVIDENCE = "the Markdown file's front matter"

_FRONT_MATTER_MAX_LINES = 300
# markdown-it-py reads about 1 MB/s (a tenth of that in tables): beyond this a file is read as plain
# paragraphs, so a book-sized file cannot hold the scan for minutes.
MAX_MARKDOWN_CHARS = 2_000_000
TOO_BIG_NOTE = "this file is too large to read as Markdown: its paragraphs are shown as plain text"
_FENCES = {"---": ("---", "..."), "+++": ("+++",)}
_KEY_VALUE = {
    "---": re.compile(r"^([A-Za-z_][\w-]{0,40})\s*:(?:\s+(.*?))?\s*$"),
    "+++": re.compile(r"^([A-Za-z_][\w-]{0,40})\s*=\s*(.*?)\s*$"),
}
_LIST_ITEM = re.compile(r"^\s+-\s+(.*?)\s*$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:$|[T\s])")
_LIQUID_ONLY = re.compile(r"^(?:\s*\{%.*?%\}\s*)+$")  # Jekyll's {% raw %}, {% include x.md %}
_TAG = re.compile(r"<[^>]*>")
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
_SPACES = re.compile(r"\s+")
# A link CommonMark leaves as text: kramdown (Jekyll) accepts spaces in its target, as in
# [docs]({{ "/docs/themes/" | relative_url }}).
_LEFTOVER_LINK = re.compile(r"\[([^\[\]\n]{1,300})\]\((?:\{\{[^)\n]{0,300}\}\}|<[^>\n]{0,300}>)\)")


# --------------------------------------------------------------------------------------------
# Front matter
# --------------------------------------------------------------------------------------------


def front_matter(text: str) -> tuple[dict[str, str | list[str]], str]:
    """``(fields, body)``: the top-level scalar and list fields of a leading front matter block.

    Only what a post's header plainly says is read (``title: "..."``, ``date: 2016-10-06 11:10``,
    ``authors:`` followed by ``- name`` lines, ``tags: [a, b]``); nested maps and anything
    fancier are ignored. Text without a closed block is returned whole, as body.
    """
    lines = text.split("\n", _FRONT_MATTER_MAX_LINES + 1)
    fence = lines[0].strip() if lines else ""
    if fence not in _FENCES:
        return {}, text
    end = next((i for i, line in enumerate(lines[1:_FRONT_MATTER_MAX_LINES], 1)
                if line.rstrip() in _FENCES[fence]), None)
    if end is None:
        return {}, text
    fields: dict[str, str | list[str]] = {}
    key_value = _KEY_VALUE[fence]
    current: str | None = None
    for line in lines[1:end]:
        item = _LIST_ITEM.match(line)
        if item and current is not None and fields.get(current) in ("", []):
            fields[current] = [_scalar(item.group(1))]
            continue
        if item and current is not None and isinstance(fields.get(current), list):
            fields[current].append(_scalar(item.group(1)))  # type: ignore[union-attr]
            continue
        match = key_value.match(line)
        current = None
        if match:
            current = match.group(1).lower()
            fields[current] = _value(match.group(2) or "")
    body = "\n".join(lines[end + 1:])
    return fields, body


def _value(raw: str) -> str | list[str]:
    raw = raw.strip()
    if raw.startswith("[") and raw.endswith("]"):
        return [_scalar(part) for part in raw[1:-1].split(",") if part.strip()]
    return _scalar(raw)


def _scalar(raw: str) -> str:
    """A YAML/TOML scalar as written: quotes removed, a trailing ``# comment`` dropped."""
    raw = raw.strip()
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "'\"":
        inner = raw[1:-1]
        return inner.replace("''", "'") if raw[0] == "'" else inner.replace('\\"', '"')
    return re.sub(r"\s+#.*$", "", raw).strip()


def _text_field(fields: dict[str, str | list[str]], *keys: str) -> str | None:
    for key in keys:
        value = fields.get(key)
        if isinstance(value, list):
            value = ", ".join(v for v in value if v)
        if value and value.strip():
            return _SPACES.sub(" ", value).strip()
    return None


def _date_field(fields: dict[str, str | list[str]]) -> str | None:
    """``YYYY-MM-DD`` (or ``YYYY-MM``, ``YYYY``) from ``date: 2016-10-06 11:10:38 -0700``."""
    value = _text_field(fields, "date", "published", "pubdate", "publishdate")
    match = _DATE.match(value or "")
    if not match:
        return None
    year, month, day = match.groups()
    if (month and not 1 <= int(month) <= 12) or (day and not 1 <= int(day) <= 31):
        return None
    return "-".join(part.zfill(2) for part in (year, month, day) if part)


def _url_field(fields: dict[str, str | list[str]]) -> str | None:
    value = _text_field(fields, "canonical_url", "canonical", "url", "source", "link") or ""
    return value if re.match(r"(?i)https?://\S+$", value) else None


# --------------------------------------------------------------------------------------------
# Body
# --------------------------------------------------------------------------------------------


def _inline_text(token: Any) -> str:
    """An inline token's words: link text kept, images and inline HTML dropped."""
    parts: list[str] = []
    for child in token.children or ():
        if child.type == "text":
            parts.append(_LEFTOVER_LINK.sub(r"\1", child.content))
        elif child.type == "code_inline":
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return _SPACES.sub(" ", "".join(parts)).strip()


def _html_text(raw: str) -> str:
    """The words of a raw HTML block (``<p align="center">Text</p>``), comments dropped."""
    text = _TAG.sub(" ", _COMMENT.sub(" ", raw))
    return _SPACES.sub(" ", html.unescape(text)).strip()


def markdown_blocks(body: str) -> list[tuple[str, bool, int]]:
    """``(text, heading, heading level or 0)`` for each paragraph, heading, list item, table row
    and code line of the body, in order."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    out: list[tuple[str, bool, int]] = []
    level = 0
    row: list[str] | None = None
    for token in parser.parse(body):
        kind = token.type
        if kind == "heading_open":
            level = int(token.tag[1:]) if token.tag[1:].isdigit() else 1
        elif kind == "heading_close":
            level = 0
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close":
            if row is not None and any(row):
                out.append((" | ".join(cell for cell in row if cell), False, 0))
            row = None
        elif kind == "inline":
            text = _inline_text(token)
            if row is not None:
                row.append(text)
            elif text and not _LIQUID_ONLY.match(text):
                out.append((text, level > 0, level))
        elif kind in ("fence", "code_block"):
            out.extend((line.rstrip(), False, 0) for line in token.content.split("\n") if line.strip())
        elif kind == "html_block":
            text = _html_text(token.content)
            if text:
                out.append((text, False, 0))
    return out


def plain_blocks(body: str) -> list[tuple[str, bool, int]]:
    """Paragraphs between blank lines, ``#`` lines as headings: Markdown read without a parser."""
    out: list[tuple[str, bool, int]] = []
    for chunk in re.split(r"\n\s*\n", body):
        heading = re.match(r"(#{1,6})\s+(.*)", chunk.strip())
        text = _SPACES.sub(" ", heading.group(2) if heading else chunk).strip()
        if text:
            out.append((text, bool(heading), len(heading.group(1)) if heading else 0))
    return out


def _direction(text: str, declared: str | None) -> Direction | None:
    """``rtl`` when the front matter says ``dir: rtl`` and the paragraph is in Arabic script."""
    if declared != "rtl":
        return None
    arabic, latin, _other = script_counts(text)
    return "rtl" if arabic and arabic >= latin else None


def read_markdown(data: bytes, path: Path) -> Extracted:
    """A Markdown file as one article: its front matter's title, date and author, else its first
    top-level heading as the title; its source text is what "Show original" shows."""
    from reader.ingest.loader import decode_bytes

    text, _encoding = decode_bytes(data)
    fields, body = front_matter(text)
    too_big = len(body) > MAX_MARKDOWN_CHARS
    parsed = plain_blocks(body) if too_big else markdown_blocks(body)
    declared = (_text_field(fields, "dir", "direction") or "").lower() or None
    blocks = tuple(Block(t, heading=heading, direction=_direction(t, declared)) for t, heading, _ in parsed)
    first_h1 = next((t for t, _heading, level in parsed if level == 1), None)
    date = _date_field(fields)
    language = (_text_field(fields, "lang", "language") or "").split("-")[0].lower() or None
    return Extracted(
        blocks,
        "markdown",
        original=text,
        title=_text_field(fields, "title") or first_h1,
        date=date,
        date_evidence=DATE_EVIDENCE if date else "",
        author=_text_field(fields, "author", "authors", "byline"),
        site=_text_field(fields, "site", "publisher", "outlet"),
        url=_url_field(fields),
        language=language if language and re.fullmatch(r"[a-z]{2,3}", language) else None,
        notes=(TOO_BIG_NOTE,) if too_big else (),
    )


def _register() -> None:
    try:
        import markdown_it  # noqa: F401
    except ImportError:
        missing("markdown-it-py", *SUFFIXES)
        return
    extractor(*SUFFIXES)(read_markdown)


_register()
