"""What a search and a concordance hand back: plain result types and the snippet marks.

Why apart from the searcher and the concordance that make them: the window draws result rows,
concordance lines and snippets from these types, and it is drawn before the search engine is
loaded (importing the searcher and the query parser costs about 0.1 s of a start of under a
second; the window loads them off the GUI thread once it is on screen). Importing this module
loads neither Whoosh nor the searcher.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from reader.text.names import WORD_PATTERN

__all__ = ["MARK_CLOSE", "MARK_OPEN", "Hit", "KwicLine", "SearchResponse"]

MARK_OPEN = "«"
MARK_CLOSE = "»"
"""The marks around a match in a snippet (the UI draws them as highlights, exports keep them)."""
_WORD_RE = re.compile(WORD_PATTERN)


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
    why: list[str] = field(default_factory=list)
    """Short sentences for the reader: which spelling, alias, form or filter made this a hit."""
    match_count: int | None = None
    """Every match in the article's text; ``matches`` holds at most :data:`MAX_MATCHES` of them.
    When ``matches_truncated``, the count comes from the index (each spelling's occurrences)."""
    matches_truncated: bool = False

    def __post_init__(self) -> None:
        if self.match_count is None:
            self.match_count = len(self.matches)

    def to_json(self, kwic: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "date": self.date,
            "language": self.language,
            "score": round(float(self.score), 4),
            "snippet": self.snippet,
            "matches": [[s, e] for s, e in self.matches],
            "match_count": self.match_count,
            "matches_truncated": self.matches_truncated,
            "matched_aliases": list(self.matched_aliases),
            "why": list(self.why),
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
    ids: list[str] | None = None
    """With ``ids_only``: the id of every matching article, in the sort order (no hits are built)."""
    alias_problems: list[str] = field(default_factory=list)
    """The alias table's bad rows (file, line, why), so a broken aliases.csv is not silent."""

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "warning": self.warning,
            "hits": [h.to_json(kwic=self.kwic) for h in self.hits],
            "by_month": dict(self.by_month),
            "alias_problems": list(self.alias_problems),
        }


@dataclass(frozen=True)
class KwicLine:
    """One occurrence: where it is (article, paragraph, code-point span) and what surrounds it.

    ``language`` is the article's language; ``line_language`` and ``direction`` are those of the
    paragraph holding the match (``en``/``ar``/``other``; ``ltr``/``rtl``). Context strings have
    their whitespace runs collapsed to single spaces and never hold a partial word at the outer end.
    """

    doc_id: str
    title: str
    date: str | None
    language: str
    paragraph: int
    start: int
    end: int
    left: str
    match: str
    right: str
    direction: str = "ltr"
    line_language: str = "other"

    @property
    def left_word(self) -> str:
        """The word just before the match ('' at a paragraph start)."""
        words = _WORD_RE.findall(self.left)
        return words[-1] if words else ""

    @property
    def right_word(self) -> str:
        """The word just after the match ('' at a paragraph end)."""
        m = _WORD_RE.search(self.right)
        return m.group(0) if m else ""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.doc_id,
            "title": self.title,
            "date": self.date,
            "language": self.language,
            "line_language": self.line_language,
            "paragraph": self.paragraph,
            "start": self.start,
            "end": self.end,
            "left": self.left,
            "match": self.match,
            "right": self.right,
            "direction": self.direction,
        }
