"""The search results list as a thin Qt model over ``Hit`` objects, and the snippets it shows.

The model adds nothing to a :class:`~reader.search.searcher.SearchResponse` but roles and one level
of children: a new response replaces the list wholesale (``beginResetModel``/``endResetModel``),
which is what a new search means and keeps row bookkeeping trivially correct; the rest of an answer
whose first rows came first is appended below them (:meth:`ResultsModel.extend`), so a row the user
already selected or expanded stays as it is. Each hit's children
are its occurrences, one :class:`~reader.search.concordance.KwicLine` per match (every match of the
article, not a sample), so expanding a hit lists them in context; a child's internal id is its
hit's row + 1 (0 marks a hit), which is all ``parent()`` needs.

Why the model carries *snippet parts* besides ``Hit.snippet``: the core marks matches in the
snippet with « and », and Arabic news writes its quotations with exactly those guillemets
(``«حفلة الجنون»``). Parsing the marks back would highlight quoted words that did not match. The
search task therefore recomputes each snippet from the stored article text and the hit's match
offsets as plain text plus spans (:func:`snippet_parts`), and the delegate paints those spans;
:func:`parse_marked` is only a fallback for responses built without the article text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from reader.search.results import MARK_CLOSE, MARK_OPEN, Hit, KwicLine, SearchResponse
from reader.text.script import direction_of

_NO_INDEX = QModelIndex()  # the invalid index as a shared default argument (ruff B008)
_USER = int(Qt.ItemDataRole.UserRole)
DocIdRole = _USER + 1  #: str, the article id
HitRole = _USER + 2  #: the Hit itself
SnippetRole = _USER + 3  #: str, the core's snippet with matches marked « »
DateRole = _USER + 4  #: 'YYYY[-MM[-DD]]' or None
LanguageRole = _USER + 5  #: 'en' | 'ar' | 'mixed' | 'other'
AliasesRole = _USER + 6  #: list[str], alias spellings found in the article
MatchesRole = _USER + 7  #: list[(start, end)], code points into Document.text
SnippetPartsRole = _USER + 8  #: (plain snippet, [(start, end)] code points into that snippet)
TitleDirectionRole = _USER + 9  #: 'ltr' | 'rtl', by the majority script of the title
SnippetDirectionRole = _USER + 10  #: 'ltr' | 'rtl', by the majority script of the snippet
MatchCountRole = _USER + 11  #: int, the number of matches in the article
IsOccurrenceRole = _USER + 12  #: bool, True on an occurrence row (a hit's child)
OccurrenceIndexRole = _USER + 13  #: int, which match of its article an occurrence row is
WhyRole = _USER + 14  #: list[str], why the article matched (when the searcher says)
KwicLineRole = _USER + 40  #: the KwicLine of an occurrence row (also the concordance's rows)

SnippetParts = tuple[str, list[tuple[int, int]]]

#: Characters of article text shown around the first match (the delegate shows up to three lines).
SNIPPET_WIDTH = 260
#: Context kept before the first match, so the match lands on the first or second line.
SNIPPET_LEAD = 60
ELLIPSIS = "…"

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
LONG_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
LANGUAGE_BADGES = {"en": "EN", "ar": "AR", "mixed": "MIX", "other": "OTHER"}
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def clean_title(title: str) -> str:
    """One line of plain text: scraped titles carry newlines, tabs and no-break spaces."""
    return " ".join((title or "").split()) or "(untitled)"


def _date_parts(value: str | None) -> tuple[str, int | None, int | None] | None:
    m = _DATE_RE.match(value or "")
    if not m:
        return None
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    if month is not None and not 1 <= month <= 12:
        return None
    return m.group(1), month, day


def short_date(value: str | None) -> str:
    """'2020-03-11' → '11 Mar 2020', '2020-03' → 'Mar 2020', '2020' → '2020', else 'undated'."""
    parts = _date_parts(value)
    if parts is None:
        return "undated"
    year, month, day = parts
    if month is None:
        return year
    return f"{day} {MONTHS[month - 1]} {year}" if day else f"{MONTHS[month - 1]} {year}"


def long_date(value: str | None) -> str:
    """'11 March 2020', 'March 2020', '2020' or 'Undated' (tooltips)."""
    parts = _date_parts(value)
    if parts is None:
        return "Undated"
    year, month, day = parts
    if month is None:
        return year
    return f"{day} {LONG_MONTHS[month - 1]} {year}" if day else f"{LONG_MONTHS[month - 1]} {year}"


def month_label(period: str) -> str:
    """'2020-03' → 'March 2020' (the English UI is not localised)."""
    parts = _date_parts(period)
    if parts is None or parts[1] is None:
        return period
    return f"{LONG_MONTHS[parts[1] - 1]} {parts[0]}"


def snippet_parts(
    text: str, spans: list[tuple[int, int]], width: int = SNIPPET_WIDTH, lead: int = SNIPPET_LEAD
) -> SnippetParts:
    """About ``width`` characters of ``text`` from a little before the first match, on one line.

    Returns the plain snippet and the match spans within it (code points). Whitespace runs are
    collapsed to one space (offsets follow), words are not cut in half, and an ellipsis marks text
    left out at either end. Pure: runs on the search thread.
    """
    spans = sorted((max(0, s), min(len(text), e)) for s, e in spans if e > s)
    start = max(0, spans[0][0] - lead) if spans else 0
    end = min(len(text), start + width)
    if start > 0:
        space = text.rfind(" ", max(0, start - 20), start)
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.find(" ", end, end + 20)
        end = space if space != -1 else end
    out: list[str] = []
    where: dict[int, int] = {}  # original offset → offset in ``out``
    prefix = ELLIPSIS if start > 0 else ""
    pos = len(prefix)
    in_space = True  # leading whitespace is dropped
    for i in range(start, end):
        where[i] = pos
        ch = text[i]
        if ch.isspace():
            if not in_space:
                out.append(" ")
                pos += 1
            in_space = True
        else:
            out.append(ch)
            pos += 1
            in_space = False
    where[end] = pos
    body = "".join(out).rstrip()
    plain = prefix + body + (ELLIPSIS if end < len(text) else "")
    limit = len(prefix) + len(body)
    parts: list[tuple[int, int]] = []
    for s, e in spans:
        if e <= start or s >= end:
            continue
        a, b = where[max(s, start)], min(where[min(e, end)], limit)
        if b > a:
            parts.append((a, b))
    return plain, parts


def parse_marked(snippet: str) -> SnippetParts:
    """Plain text and spans from a snippet marked with « », when the article text is not at hand.

    A mark always wraps whole words: it opens before a letter or digit and not after one, and
    closes after one and not before one; any other guillemet is the article's own quotation mark
    and is kept.
    Still a guess (``«word»`` quoted in the article looks like a match): prefer :func:`snippet_parts`.
    """
    plain: list[str] = []
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    n = len(snippet)
    i = 0
    while i < n:
        ch = snippet[i]
        nxt = snippet[i + 1] if i + 1 < n else ""
        prev = snippet[i - 1] if i else ""
        if ch == MARK_OPEN and open_at is None and nxt.isalnum() and not prev.isalnum():
            close = snippet.find(MARK_CLOSE, i + 1)
            after = snippet[close + 1] if 0 <= close < n - 1 else ""
            if close != -1 and snippet[close - 1].isalnum() and not after.isalnum():
                open_at = len(plain)
                i += 1
                continue
        if ch == MARK_CLOSE and open_at is not None and prev.isalnum():
            spans.append((open_at, len(plain)))
            open_at = None
            i += 1
            continue
        plain.append(ch)
        i += 1
    return "".join(plain), spans


def why_of(hit: Hit) -> list[str]:
    """The searcher's reasons for a hit ("matched … (alias of …)"), [] when it gives none."""
    why = getattr(hit, "why", None) or []
    return [str(w) for w in why if w] if isinstance(why, list | tuple) else []


class ResultsModel(QAbstractItemModel):
    """One row per hit of the current response (``DisplayRole`` is the title); its occurrences below it."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._response: SearchResponse | None = None
        self._hits: list[Hit] = []
        self._parts: dict[str, SnippetParts] = {}
        self._directions: list[tuple[str, str]] = []
        self._occurrences: list[list[KwicLine]] = []

    # ----------------------------------------------------------------- data in

    def set_response(
        self, response: SearchResponse | None, snippets: Mapping[str, SnippetParts] | None = None,
        occurrences: Mapping[str, list[KwicLine]] | None = None,
    ) -> None:
        """Show ``response`` (None empties the list); ``snippets`` maps hit ids to snippet parts and
        ``occurrences`` to the hit's KWIC lines (the children of its row)."""
        self.beginResetModel()
        self._response = response
        self._hits, self._occurrences, self._parts, self._directions = [], [], {}, []
        self._append(list(response.hits) if response is not None else [], snippets, occurrences)
        self.endResetModel()

    def extend(
        self, response: SearchResponse, snippets: Mapping[str, SnippetParts] | None = None,
        occurrences: Mapping[str, list[KwicLine]] | None = None,
    ) -> None:
        """Show ``response``, the rest of the answer whose first rows are shown: its hits below them.

        The rows shown stay as they are (selection, expansion and scrolling with them) when
        ``response`` begins with the same hits; otherwise it replaces the list like
        :meth:`set_response`.
        """
        shown = [(h.id, h.matches) for h in self._hits]
        if self._response is None or [(h.id, h.matches) for h in response.hits[: len(shown)]] != shown:
            self.set_response(response, snippets, occurrences)
            return
        self._response = response
        more = list(response.hits[len(shown):])
        if more:
            self.beginInsertRows(QModelIndex(), len(shown), len(shown) + len(more) - 1)
            self._append(more, snippets, occurrences)
            self.endInsertRows()

    def _append(
        self, hits: list[Hit], snippets: Mapping[str, SnippetParts] | None,
        occurrences: Mapping[str, list[KwicLine]] | None,
    ) -> None:
        for hit in hits:
            given = snippets.get(hit.id) if snippets else None
            self._parts[hit.id] = given if given is not None else parse_marked(hit.snippet or "")
        self._hits += hits
        self._occurrences += [list((occurrences or {}).get(hit.id, [])) for hit in hits]
        # Directions are asked for on every paint; count letters once per hit.
        self._directions += [
            (direction_of(hit.title or ""), direction_of(self._parts[hit.id][0])) for hit in hits
        ]

    def response(self) -> SearchResponse | None:
        return self._response

    def hits(self) -> list[Hit]:
        return list(self._hits)

    def hit(self, row: int) -> Hit | None:
        return self._hits[row] if 0 <= row < len(self._hits) else None

    def row_of(self, doc_id: str) -> int:
        """The row showing ``doc_id``, or -1."""
        for row, hit in enumerate(self._hits):
            if hit.id == doc_id:
                return row
        return -1

    def occurrences(self, row: int) -> list[KwicLine]:
        """The KWIC lines of hit ``row`` (its children), in text order."""
        return list(self._occurrences[row]) if 0 <= row < len(self._occurrences) else []

    # ----------------------------------------------------------------- Qt model API

    def index(
        self, row: int, column: int = 0, parent: QModelIndex | QPersistentModelIndex = _NO_INDEX
    ) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, 0) if row < len(self._hits) else QModelIndex()
        if parent.internalId() != 0 or parent.column() != 0:
            return QModelIndex()  # occurrences have no children
        hit_row = parent.row()
        if 0 <= hit_row < len(self._occurrences) and row < len(self._occurrences[hit_row]):
            return self.createIndex(row, 0, hit_row + 1)
        return QModelIndex()

    def parent(self, index: QModelIndex | QPersistentModelIndex = _NO_INDEX) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(int(index.internalId()) - 1, 0, 0)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _NO_INDEX) -> int:
        if not parent.isValid():
            return len(self._hits)
        if parent.internalId() != 0 or parent.column() != 0:
            return 0
        return len(self._occurrences[parent.row()]) if 0 <= parent.row() < len(self._occurrences) else 0

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _NO_INDEX) -> int:
        return 1

    def hasChildren(self, parent: QModelIndex | QPersistentModelIndex = _NO_INDEX) -> bool:
        return self.rowCount(parent) > 0

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.internalId() != 0 or not self.rowCount(index):
            flags |= Qt.ItemFlag.ItemNeverHasChildren
        return flags

    def _occurrence_data(self, index: QModelIndex | QPersistentModelIndex, role: int) -> Any:
        hit_row = int(index.internalId()) - 1
        lines = self._occurrences[hit_row] if 0 <= hit_row < len(self._occurrences) else []
        if not 0 <= index.row() < len(lines):
            return None
        line = lines[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{line.left} [{line.match}] {line.right}".strip()
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Match {index.row() + 1} of {len(lines)}, paragraph {line.paragraph + 1}\n{line.left} " \
                   f"[{line.match}] {line.right}"
        if role == KwicLineRole:
            return line
        if role == IsOccurrenceRole:
            return True
        if role == OccurrenceIndexRole:
            return index.row()
        if role == DocIdRole:
            return line.doc_id
        if role == MatchesRole:
            return [(ln.start, ln.end) for ln in lines]
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or index.column() != 0:
            return None
        if index.internalId() != 0:
            return self._occurrence_data(index, role)
        hit = self.hit(index.row())
        if hit is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return clean_title(hit.title)
        if role == Qt.ItemDataRole.ToolTipRole:
            # Our own words first: Qt.mightBeRichText looks at the first line only, so a title
            # such as "<b>Breaking</b>" is shown as typed, never rendered as markup.
            count = hit.match_count if hit.match_count is not None else len(hit.matches)
            tip = f"{long_date(hit.date)} · {LANGUAGE_BADGES.get(hit.language, hit.language)} · " \
                  f"{count:,} match{'es' if count != 1 else ''}\n" + clean_title(hit.title)
            if hit.matches_truncated:
                tip += f"\n(the first {len(hit.matches):,} are marked in the text)"
            why = why_of(hit)
            if why:
                tip += "\n\nWhy it matched:\n" + "\n".join(f"• {w}" for w in why)
            return tip
        if role == IsOccurrenceRole:
            return False
        if role == MatchCountRole:
            return hit.match_count if hit.match_count is not None else len(hit.matches)
        if role == WhyRole:
            return why_of(hit)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{clean_title(hit.title)}, {long_date(hit.date)}"
        if role == DocIdRole:
            return hit.id
        if role == HitRole:
            return hit
        if role == SnippetRole:
            return hit.snippet
        if role == DateRole:
            return hit.date
        if role == LanguageRole:
            return hit.language
        if role == AliasesRole:
            return list(hit.matched_aliases)
        if role == MatchesRole:
            return list(hit.matches)
        if role == SnippetPartsRole:
            return self._parts.get(hit.id)
        if role == TitleDirectionRole:
            return self._directions[index.row()][0]
        if role == SnippetDirectionRole:
            return self._directions[index.row()][1]
        return None
