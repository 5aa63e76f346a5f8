"""Hypothesis annotations (its API's search results and its exports) read into :class:`Incoming`.

Why a reader of its own: Hypothesis is what researchers use to annotate web pages, and its JSON
is not Web Annotation JSON-LD: a row has ``uri`` (the page), ``text`` (the note, Markdown),
``tags``, ``target[].selector[]`` (W3C selectors: ``RangeSelector`` on the page's DOM,
``TextPositionSelector`` in the page's text, ``TextQuoteSelector``), ``document.title``,
``created``/``updated`` and ``user``. A file is a list of rows, the API's ``{"total", "rows"}``,
or the app's export ``{"annotations": [...]}``.

Only the quote is used to place a highlight: Hypothesis's offsets count UTF-16 units in the web
page's text, which is not our article's clean text. ``id`` (a short token) becomes a stable uuid
derived from the annotation's share address, so importing the same export twice adds nothing.
Fields with no column (user, group, page title, share link, replies...) are kept in ``extra``.
"""

from __future__ import annotations

from typing import Any

from reader.store.incoming import (
    MAX_TAGS,
    MAX_TEXT_CHARS,
    Bad,
    Incoming,
    as_list,
    bounded,
    text,
    timestamp,
    types_of,
    uuid_of,
)
from reader.store.webannotation import MAX_SOURCES, MAX_TARGETS, find_selectors

__all__ = ["SHARE_PREFIX", "is_row", "parse_row", "rows_of"]

SHARE_PREFIX = "https://hypothes.is/a/"
_USED_KEYS = {"id", "created", "updated", "text", "tags", "target", "uri", "document", "user",
              "user_info", "group", "links", "references", "permissions"}


def is_row(obj: Any) -> bool:
    """A Hypothesis row: an object with a page ``uri`` and a ``target`` list or ``text``, not a W3C item."""
    return (
        isinstance(obj, dict)
        and isinstance(obj.get("uri"), str)
        and ("target" in obj or "text" in obj)
        and not types_of(obj)
    )


def rows_of(data: Any) -> list[Any] | None:
    """The rows of a Hypothesis file, or None when ``data`` is not one."""
    if isinstance(data, dict):
        if isinstance(data.get("rows"), list):  # the API's search result: rows, whatever they hold
            return data["rows"]
        rows = data.get("annotations")
        if isinstance(rows, list) and (not rows or any(is_row(r) for r in rows[:100])):
            return rows
        return [data] if is_row(data) else None
    if isinstance(data, list) and data and any(is_row(r) for r in data[:100]):
        return data
    return None


def _first_text(value: Any, limit: int = 2_000) -> str:
    for v in as_list(value)[:20]:
        if isinstance(v, str) and v.strip():
            return v.strip()[:limit]
    return ""


def _tags(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise Bad("its tags are not a list of words")
    if len(value) > MAX_TAGS:
        raise Bad(f"it has more than {MAX_TAGS:,} tags")
    return [t for t in (text(v, "tag").strip() for v in value if isinstance(v, str)) if t]


def _extra(row: dict[str, Any], raw_id: str) -> dict[str, object]:
    """What a row says that has no column here: who, where, in which group, in reply to what."""
    extra: dict[str, object] = {"hypothesis_id": raw_id[:200]}
    document = row.get("document") if isinstance(row.get("document"), dict) else {}
    info = row.get("user_info") if isinstance(row.get("user_info"), dict) else {}
    links = row.get("links") if isinstance(row.get("links"), dict) else {}
    found = {
        "uri": _first_text(row.get("uri")),
        "title": _first_text(document.get("title")),
        "user": _first_text(row.get("user"), 500),
        "user_name": _first_text(info.get("display_name"), 500),
        "group": _first_text(row.get("group"), 500),
        "link": _first_text(links.get("html") or links.get("incontext")),
    }
    extra.update({k: v for k, v in found.items() if v})
    references = [r[:200] for r in as_list(row.get("references"))[:50] if isinstance(r, str)]
    if references:
        extra["reply_to"] = references
    rest = {k: v for k, v in row.items() if isinstance(k, str) and k not in _USED_KEYS}
    if rest:
        extra.update(bounded(rest, budget=5_000))
    return extra


def _sources(row: dict[str, Any]) -> list[str]:
    """The page's addresses: ``uri``, the targets' sources, the document's other links."""
    found: list[str] = [row["uri"]] if isinstance(row.get("uri"), str) else []
    for target in as_list(row.get("target"))[:MAX_TARGETS]:
        if isinstance(target, dict):
            found.extend(s for s in as_list(target.get("source"))[:5] if isinstance(s, str))
    document = row.get("document")
    if isinstance(document, dict):
        for link in as_list(document.get("link"))[:MAX_SOURCES]:
            if isinstance(link, dict) and isinstance(link.get("href"), str):
                found.append(link["href"])
    return list(dict.fromkeys(text(s.strip(), "page address") for s in found if s.strip()))[:MAX_SOURCES]


def parse_row(row: Any) -> Incoming:
    """One Hypothesis row as an :class:`Incoming`; :class:`Bad` with the reason when unusable."""
    if not isinstance(row, dict):
        raise Bad(f"not an annotation object ({type(row).__name__})")
    raw_id = row.get("id")
    if not isinstance(raw_id, str) or not raw_id.strip():
        raise Bad("no id")
    inc = Incoming(uuid=uuid_of(raw_id, SHARE_PREFIX), origin="Hypothesis", original=row)
    inc.sources = _sources(row)
    for target in as_list(row.get("target"))[:MAX_TARGETS]:
        if not isinstance(target, dict):
            continue
        quote = find_selectors(target.get("selector")).quote
        if quote is not None:
            inc.quote = text(quote.get("exact"), "quote", required=True, limit=MAX_TEXT_CHARS)
            inc.prefix = text(quote.get("prefix"), "quote prefix")
            inc.suffix = text(quote.get("suffix"), "quote suffix")
            break
    inc.note = text(row.get("text"), "note", limit=MAX_TEXT_CHARS)
    inc.tags = _tags(row.get("tags"))
    inc.created = timestamp(row.get("created"), "creation")
    inc.modified = timestamp(row.get("updated"), "modification") or inc.created
    inc.extra = _extra(row, raw_id)
    return inc
