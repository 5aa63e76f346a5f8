"""Run a parsed query and turn Whoosh results into hits a reader can show.

Why the work here and not in Whoosh's highlighter: the UI needs *offsets into Document.text* (code
points) to paint matches in the reading pane, the CLI needs plain-text snippets (never HTML: article
text must not be interpreted), and both need the same answer. Offsets are recomputed from the stored
text at display time: each word is found with the tokenizer's own pattern and analysed once per
field (cached), so marking the top hits costs about a millisecond each, and a phrase is only marked
where its words are consecutive.

Duplicates (``duplicate_of`` set at ingest) are masked out of every search, so a story syndicated to
five sites shows once, as its canonical copy. ``by_month`` counts every matching canonical article,
not only the hits returned.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from whoosh import query as wq

from reader.search.query import (
    HighlightTerm,
    ParsedQuery,
    highlight_terms,
    parse_query,
    plain_terms_query,
)
from reader.search.schema import parse_date_bound, shared_schema
from reader.text.names import WORD_PATTERN

__all__ = ["Hit", "SearchResponse", "match_spans", "search", "snippet_of"]

SNIPPET_CHARS = 200
KWIC_CONTEXT = 50
MAX_KWIC_LINES = 50
MAX_LIMIT = 1000
LANGUAGES = ("en", "ar", "mixed", "other")
_WORD_RE = re.compile(WORD_PATTERN)
_SPACE_RE = re.compile(r"\s+")
MARK_OPEN = "«"
MARK_CLOSE = "»"


@dataclass
class Hit:
    id: str
    title: str
    date: str | None
    language: str
    score: float
    snippet: str
    matches: list[tuple[int, int]] = field(default_factory=list)
    matched_aliases: list[str] = field(default_factory=list)
    kwic: list[str] = field(default_factory=list)

    def to_json(self, kwic: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "date": self.date,
            "language": self.language,
            "score": round(float(self.score), 4),
            "snippet": self.snippet,
            "matches": [[s, e] for s, e in self.matches],
            "matched_aliases": list(self.matched_aliases),
        }
        if kwic:
            out["kwic"] = list(self.kwic)
        return out


@dataclass
class SearchResponse:
    query: str
    total: int
    warning: str | None
    hits: list[Hit]
    by_month: dict[str, int]
    matched_aliases: list[str] = field(default_factory=list)
    kwic: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "warning": self.warning,
            "hits": [h.to_json(kwic=self.kwic) for h in self.hits],
            "by_month": dict(self.by_month),
        }


# --------------------------------------------------------------------------------------------
# Match offsets


@lru_cache(maxsize=300_000)
def _analysed(fieldname: str, word: str) -> str:
    """The indexed form of one surface word in one field ('' when the analyzer drops it)."""
    analyzer = shared_schema()[fieldname].analyzer
    for token in analyzer(word):
        return token.text
    return ""


def _field_tokens(fieldname: str, text: str) -> list[tuple[str, int, int]]:
    tokens = []
    for m in _WORD_RE.finditer(text):
        term = _analysed(fieldname, m.group(0))
        if term:
            tokens.append((term, m.start(), m.end()))
    return tokens


def match_spans(text: str, terms: Iterable[HighlightTerm]) -> tuple[list[tuple[int, int]], list[str]]:
    """Code-point spans of ``text`` matching ``terms``, and the alias spellings found.

    Single words match wherever their analysed form occurs; phrases only where all their words
    occur consecutively (as the index's phrase query decides).
    """
    by_field: dict[str, list[HighlightTerm]] = {}
    for term in terms:
        if term.words:
            by_field.setdefault(term.field, []).append(term)
    spans: set[tuple[int, int]] = set()
    aliases: list[str] = []
    for fieldname, field_terms in by_field.items():
        if fieldname not in shared_schema():
            continue
        tokens = _field_tokens(fieldname, text)
        singles: dict[str, str | None] = {}
        phrases: dict[str, list[HighlightTerm]] = {}
        for term in field_terms:
            if len(term.words) == 1:
                singles.setdefault(term.words[0], term.alias)
            else:
                phrases.setdefault(term.words[0], []).append(term)
        for i, (tok, start, end) in enumerate(tokens):
            if tok in singles:
                spans.add((start, end))
                if singles[tok]:
                    aliases.append(singles[tok])  # type: ignore[arg-type]
            for phrase in phrases.get(tok, ()):
                n = len(phrase.words)
                if i + n <= len(tokens) and all(tokens[i + k][0] == phrase.words[k] for k in range(n)):
                    spans.add((start, tokens[i + n - 1][2]))
                    if phrase.alias:
                        aliases.append(phrase.alias)
    return _merge(sorted(spans)), list(dict.fromkeys(aliases))


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _flat(text: str) -> str:
    return _SPACE_RE.sub(" ", text)


def snippet_of(text: str, spans: list[tuple[int, int]], width: int = SNIPPET_CHARS) -> str:
    """About ``width`` characters around the first match, matches in «», plain text on one line."""
    if not spans:
        cut = text[:width]
        return _flat(cut).strip() + ("…" if len(text) > width else "")
    first = spans[0][0]
    start = max(0, first - width * 2 // 5)
    end = min(len(text), start + width)
    start = max(0, min(start, end - width))
    # Do not cut words in half.
    if start > 0:
        space = text.rfind(" ", max(0, start - 20), start)
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.find(" ", end, end + 20)
        end = space if space != -1 else end
    parts: list[str] = []
    pos = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        parts.append(text[pos:s])
        parts.append(f"{MARK_OPEN}{text[s:e]}{MARK_CLOSE}")
        pos = e
    parts.append(text[pos:end])
    body = _flat("".join(parts)).strip()
    return ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")


def kwic_lines(text: str, spans: list[tuple[int, int]], context: int = KWIC_CONTEXT) -> list[str]:
    """Keyword-in-context lines: left context right-aligned, the match in «», right context."""
    lines = []
    for s, e in spans[:MAX_KWIC_LINES]:
        left = _flat(text[max(0, s - context) : s])
        right = _flat(text[e : e + context])
        lines.append(f"{left.rjust(context)}{MARK_OPEN}{_flat(text[s:e])}{MARK_CLOSE}{right}")
    return lines


# --------------------------------------------------------------------------------------------
# Searching


def _multiterm_highlights(q: wq.Query, reader: Any) -> list[HighlightTerm]:
    """Expanded terms of prefix/wildcard/fuzzy parts (not under NOT), for marking hits."""
    out: list[HighlightTerm] = []

    def walk(node: wq.Query) -> None:
        if isinstance(node, wq.Not):
            return
        if isinstance(node, wq.AndNot):
            walk(node.a)
            return
        if isinstance(node, wq.MultiTerm):
            if node.field() in ("content", "exact", "variants"):
                try:
                    for fieldname, btext in node.expanded_terms(reader):
                        text = btext.decode("utf-8") if isinstance(btext, bytes) else btext
                        out.append(HighlightTerm(fieldname, (text,)))
                except Exception:  # highlighting is best effort
                    return
            return
        if node.is_leaf():
            return
        for child in node.children():
            walk(child)

    walk(q)
    return out


class _Arrays:
    """Per-document month, day, language and duplicate flag, read once per reader generation.

    Filters and the month facet are then list lookups instead of Whoosh filter queries (a date
    range over ``day`` expands to many terms and is rebuilt on every search) and facet collectors
    (which force scoring every match).
    """

    def __init__(self, reader: Any) -> None:
        n = reader.doc_count_all()
        self.month = self._column(reader, "month", n, "")
        self.day = self._column(reader, "day", n, 0)
        self.lang = self._column(reader, "lang", n, "")
        dup = self._column(reader, "dup", n, "")
        self.canonical = bytearray(0 if flag == "1" else 1 for flag in dup)
        self._allowed: dict[tuple[str | None, int | None, int | None], bytearray] = {}

    @staticmethod
    def _column(reader: Any, name: str, n: int, default: Any) -> list[Any]:
        try:
            if reader.has_column(name):
                values = list(reader.column_reader(name))
                if len(values) == n:
                    return [v.decode("utf-8") if isinstance(v, bytes) else v for v in values]
        except Exception:  # an index without the column: treat every value as unknown
            pass
        return [default] * n

    def allowed(self, lang: str | None, lo: int | None, hi: int | None) -> bytearray:
        """1 for each document a search may return: canonical, in the language and date range."""
        key = (lang, lo, hi)
        cached = self._allowed.get(key)
        if cached is not None:
            return cached
        flags = bytearray(self.canonical)
        if lang:
            for i, value in enumerate(self.lang):
                if value != lang:
                    flags[i] = 0
        if lo is not None or hi is not None:
            low = max(lo or 1, 1)
            high = hi if hi is not None else 99_999_999
            for i, value in enumerate(self.day):
                if not low <= (value or 0) <= high:
                    flags[i] = 0
        if len(self._allowed) > 32:
            self._allowed.clear()
        self._allowed[key] = flags
        return flags


def _arrays(searcher: Any) -> _Arrays:
    arrays = getattr(searcher, "_corpus_reader_arrays", None)
    if arrays is None:
        arrays = _Arrays(searcher.reader())
        searcher._corpus_reader_arrays = arrays
    return arrays


def _filters(
    parsed: ParsedQuery, lang: str | None, date_from: str | None, date_to: str | None,
    warnings: list[str],
) -> tuple[str | None, int | None, int | None, bool]:
    """(language, lowest day, highest day, any filter) from the options and the query text."""
    code: str | None = None
    if lang:
        code = str(lang).strip().lower()
        if code not in LANGUAGES:
            warnings.append(f'Unknown language "{lang}" ignored (use en or ar).')
            code = None
    lo = hi = None
    dated = parsed.date_range is not None
    if parsed.date_range:
        lo, hi = parsed.date_range
    for raw, end in ((date_from, False), (date_to, True)):
        if not raw:
            continue
        value = parse_date_bound(raw, end=end)
        if value is None:
            warnings.append(f'Ignored the date "{raw}": write it as YYYY, YYYY-MM or YYYY-MM-DD.')
            continue
        dated = True
        if end:
            hi = value if hi is None else min(hi, value)
        else:
            lo = value if lo is None else max(lo, value)
    if dated and lo is None:
        lo = 1  # any date filter excludes undated articles
    return code, lo, hi, bool(code) or dated


def _positive(q: wq.Query) -> wq.Query:
    """The part of ``q`` that scores: NOT clauses dropped, phrases as plain ANDs of their words.

    Used to rank documents already known to match ``q``: the words of a phrase rank a document
    as well as the phrase does, without checking positions a second time.
    """
    if isinstance(q, wq.Not):
        return wq.NullQuery
    if isinstance(q, wq.AndNot):
        return _positive(q.a)
    if isinstance(q, wq.Phrase):
        return wq.And([wq.Term(q.fieldname, w) for w in q.words], boost=q.boost)
    if q.is_leaf():
        return q
    return q.apply(_positive)


def _top_by_relevance(searcher: Any, q: wq.Query, matched: list[int], limit: int) -> list[tuple[int, float]]:
    if not matched or limit <= 0:
        return []
    rank_q = _positive(q).normalize()
    top: list[tuple[int, float]] = []
    if not _is_null(rank_q):
        results = searcher.search(rank_q, filter=set(matched), limit=limit, terms=False)
        top = [(hit.docnum, float(hit.score or 0.0)) for hit in results]
    if len(top) < min(limit, len(matched)):
        have = {d for d, _ in top}
        top += [(d, 0.0) for d in matched if d not in have][: limit - len(top)]
    return top


def _scores(searcher: Any, q: wq.Query, docnums: list[int]) -> dict[int, float]:
    rank_q = _positive(q).normalize()
    if not docnums or _is_null(rank_q):
        return {}
    results = searcher.search(rank_q, filter=set(docnums), limit=len(docnums), terms=False)
    return {hit.docnum: float(hit.score or 0.0) for hit in results}


def _is_null(q: wq.Query) -> bool:
    return q is wq.NullQuery or isinstance(q, type(wq.NullQuery))


def _handle_parts(index_handle: Any) -> tuple[Any, Any, bool]:
    """(searcher, aliases, owned) from an IndexHandle, a Whoosh index or a Whoosh searcher.

    ``owned``: the searcher was opened here (from a bare Whoosh index) and must be closed here.
    """
    aliases = getattr(index_handle, "aliases", None)
    if hasattr(index_handle, "searcher") and hasattr(index_handle, "store"):
        return index_handle.searcher(), aliases, False
    if hasattr(index_handle, "search") and hasattr(index_handle, "reader"):
        return index_handle, aliases, False  # already a searcher
    return index_handle.searcher(), aliases, True


def search(
    index_handle: Any,
    text: str,
    *,
    lang: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    sort: str = "relevance",
    limit: int = 20,
    exact: bool = False,
    variants: bool = False,
    kwic: bool = False,
    aliases: Any = None,
) -> SearchResponse:
    """Search an open index; never raises on user input (problems become ``warning``).

    ``index_handle`` is an :class:`~reader.search.indexer.IndexHandle` (its per-thread searcher is
    reused), a Whoosh index or a Whoosh searcher. ``aliases`` overrides the handle's alias table.
    """
    searcher, handle_aliases, owned = _handle_parts(index_handle)
    try:
        return _search(searcher, text, lang=lang, date_from=date_from, date_to=date_to, sort=sort,
                       limit=limit, exact=exact, variants=variants, kwic=kwic,
                       aliases=aliases if aliases is not None else handle_aliases)
    finally:
        if owned:
            searcher.close()


def _search(
    searcher: Any,
    text: str,
    *,
    lang: str | None,
    date_from: str | None,
    date_to: str | None,
    sort: str,
    limit: int,
    exact: bool,
    variants: bool,
    kwic: bool,
    aliases: Any,
) -> SearchResponse:
    parsed = parse_query(text, exact=exact, variants=variants, aliases=aliases)
    warnings: list[str] = [parsed.warning] if parsed.warning else []
    if sort not in ("relevance", "date"):
        warnings.append(f'Unknown sort "{sort}"; sorted by relevance.')
        sort = "relevance"
    try:
        limit = max(0, min(int(limit), MAX_LIMIT))
    except (TypeError, ValueError):
        limit = 20
    code, lo, hi, filtered = _filters(parsed, lang, date_from, date_to, warnings)
    q = parsed.query
    if parsed.is_empty:
        if not filtered:
            return SearchResponse(parsed.text, 0, _join(warnings), [], {}, parsed.matched_aliases, kwic)
        q = wq.Every()  # a date or language filter alone lists what it selects
    highlight = list(parsed.terms_for_highlight)
    allowed = _arrays(searcher).allowed(code, lo, hi)

    def matching(query: wq.Query) -> list[int]:
        return [d for d in searcher.docs_for_query(query) if allowed[d]]

    try:
        matched = matching(q)
        if not matched and parsed.fallback and parsed.fallback_or is not None:
            matched = matching(parsed.fallback_or)
            if matched:
                warnings.append("No article has all the words; showing articles with any of them.")
                q = parsed.fallback_or
                highlight = highlight_terms(q)
    except Exception as exc:  # a query Whoosh cannot run becomes a plain search
        q, _ = plain_terms_query(parsed.text, parsed.default_field)
        warnings.append(f"The query could not be run ({type(exc).__name__}); searched for the words instead.")
        highlight = highlight_terms(q)
        if _is_null(q):
            if not filtered:
                return SearchResponse(parsed.text, 0, _join(warnings), [], {}, parsed.matched_aliases, kwic)
            q = wq.Every()
        matched = matching(q)
    arrays = _arrays(searcher)
    months = Counter(arrays.month[d] for d in matched)
    by_month = {m: months[m] for m in sorted(months) if m}
    if sort == "date":
        day = arrays.day
        top_docs = heapq.nlargest(limit, matched, key=lambda d: (day[d] or 0, -d))
        scores = _scores(searcher, q, top_docs)
        top = [(d, scores.get(d, 0.0)) for d in top_docs]
    else:
        top = _top_by_relevance(searcher, q, matched, limit)
    highlight += _multiterm_highlights(q, searcher.reader())
    hits = [_hit(searcher.stored_fields(d), score, highlight, kwic) for d, score in top]
    return SearchResponse(parsed.text, len(matched), _join(warnings), hits, by_month, parsed.matched_aliases,
                          kwic)


def _hit(stored: dict[str, Any], score: float, highlight: list[HighlightTerm], kwic: bool) -> Hit:
    text = stored.get("content", "") or ""
    spans, aliases = match_spans(text, highlight)
    return Hit(
        id=stored.get("id", ""),
        title=stored.get("title", "") or "",
        date=stored.get("date") or None,
        language=stored.get("lang", "") or "",
        score=score,
        snippet=snippet_of(text, spans),
        matches=spans,
        matched_aliases=aliases,
        kwic=kwic_lines(text, spans) if kwic else [],
    )


def _join(warnings: list[str]) -> str | None:
    parts = [w for w in dict.fromkeys(warnings) if w]
    return " ".join(parts) if parts else None
