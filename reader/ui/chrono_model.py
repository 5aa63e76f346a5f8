"""The sidebar's Year → Month → article tree, as a thin Qt model over plain ``Document`` objects.

The model holds no I/O and no widgets: it groups what ingest produced, applies the sidebar's
filters and answers roles. Everything is rebuilt from plain data on each change (``beginResetModel``
/ ``endResetModel``), which is cheap at corpus sizes (10k documents sort in milliseconds) and keeps
the row bookkeeping trivially correct; the view restores expansion and selection afterwards. Two
changes move rows instead: articles a scan under way just found (:meth:`ChronoTreeModel.add_documents`)
and the finished scan replacing them (a few rows differ), so the list does not jump under the user
while a large corpus is scanned; a test checks the rows come out as a rebuild makes them.

Decisions a reader of the tree should know:

* **Placement.** Articles with a day or month go under their month; articles with only a year go
  under that year in a "Year only" node (after the months, in both sort orders, because they cannot
  be placed among them); articles with no date value go in "Undated", always last. Within a month,
  articles with a day come first in the chosen order, month-only ones after them.
* **Duplicates.** Near-duplicates (``duplicate_of`` set) are children of their canonical article, so
  the same story is listed (and counted) once. A duplicate chain is followed to its root; a
  ``duplicate_of`` naming an article that is not loaded makes the article canonical.
* **Filters.** The canonical article decides language, outlet and month (the row shows *its*
  badge, outlet and date). The id filter (a search) keeps a group when *any* member matches, so a
  hit on a duplicate does not vanish. ``mixed`` articles pass both the English and the Arabic filter
  (they are in both languages); ``other`` ones pass only "all languages".
* **Counts.** ``CountRole`` and the ``(n)`` in labels count canonical articles below a node, never
  duplicates; ``month_counts()`` counts the same thing, so the timeline and the tree agree.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from reader.ingest.model import Document
from reader.text.script import direction_of

_USER = int(Qt.ItemDataRole.UserRole)
DocIdRole = _USER + 1  #: str, the article id (duplicates too); None for group rows
KindRole = _USER + 2  #: 'year' | 'month' | 'doc' | 'undated' ("Year only" nodes are 'month')
DateLabelRole = _USER + 3  #: '14 Apr', '≈ 5 Apr' (inferred), 'not before 2018'...
LanguageRole = _USER + 4  #: badge: 'EN' | 'AR' | 'MIX' | 'OTHER'
OutletRole = _USER + 5  #: outlet name or ''
CountRole = _USER + 6  #: canonical articles below a group node; None for articles
PeriodRole = _USER + 7  #: 'YYYY' (year and "Year only" nodes), 'YYYY-MM', '' (undated); None for articles
LabelRole = _USER + 8  #: group name without its count ('April 2020'), title for articles
DirectionRole = _USER + 9  #: 'ltr' | 'rtl' of an article title, by majority script
DuplicateCountRole = _USER + 10  #: duplicates folded under a canonical article (0 if none)
DuplicateOfRole = _USER + 11  #: canonical id for a duplicate row, else None
NodeKeyRole = _USER + 12  #: stable key of any row across resets (for expansion state)

KIND_YEAR = "year"
KIND_MONTH = "month"
KIND_DOC = "doc"
KIND_UNDATED = "undated"

UNDATED_KEY = "undated"

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
LANGUAGE_BADGES = {"en": "EN", "ar": "AR", "mixed": "MIX", "other": "OTHER"}
LANGUAGE_NAMES = {"en": "English", "ar": "Arabic", "mixed": "English and Arabic", "other": "other script"}
SOURCE_TEXT = {
    "manifest": "From the corpus manifest",
    "header": "From the article header",
    "metadata": "From the file's own metadata",
    "body": "Inferred from the text",
}

# Built once: the view asks every row's flags on each layout, and or-ing Qt enums in Python is slow.
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_LEAF_FLAGS = _FLAGS | Qt.ItemFlag.ItemNeverHasChildren
_NO_INDEX = QModelIndex()  # the invalid index as a shared default argument (ruff B008)
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def month_label(period: str) -> str:
    """'2020-04' → 'April 2020' (English UI; the app is not localised)."""
    year, month = period.split("-")
    return f"{MONTH_NAMES[int(month) - 1]} {year}"


@lru_cache(maxsize=16_384)  # a corpus has a few thousand distinct dates; the tree asks per article
def split_date(value: str | None) -> tuple[str | None, str | None, str | None]:
    """``(year, 'YYYY-MM' or None, day or None)`` from a DateInfo value; malformed values are undated.

    Placement goes by the value's shape rather than ``precision`` so a value and a precision that
    disagree cannot put an article under a month that its value does not name.
    """
    if not value:
        return None, None, None
    m = _DATE_RE.match(value)
    if not m or (m.group(2) and not 1 <= int(m.group(2)) <= 12):
        return None, None, None
    year, month, day = m.groups()
    return year, (f"{year}-{month}" if month else None), day


def date_label(doc: Document) -> str:
    """The short date shown on an article's second line; '≈' marks a date inferred from the text,
    '≥' the day an undated article reports (its row stays under "Undated", as in a date-filtered
    search: see ``DateInfo.reported_day``)."""
    info = doc.date
    year, period, day = split_date(info.value)
    if year is None and (floor := info.reported_day) is not None:
        _year, month, day = split_date(floor)
        assert month is not None and day is not None  # (a reported day is a whole ISO day)
        return f"≥ {int(day)} {MONTH_NAMES[int(month[5:]) - 1][:3]} {floor[:4]}"
    if year is None:
        text = f"not before {info.not_before}" if info.not_before else "no date"
        return text
    if period is None:
        text = year
    elif day is None:
        text = f"{MONTH_NAMES[int(period[5:]) - 1][:3]}, day unknown"
    else:
        text = f"{int(day)} {MONTH_NAMES[int(period[5:]) - 1][:3]}"
    return f"≈ {text}" if info.source == "body" else text


def long_date(doc: Document) -> str:
    """'5 April 2020', 'April 2020', '2020' or '' (tooltips)."""
    year, period, day = split_date(doc.date.value)
    if year is None:
        return ""
    if period is None:
        return year
    return f"{int(day)} {month_label(period)}" if day else month_label(period)


def clean_title(title: str) -> str:
    """One line of plain text: titles can hold newlines, tabs and no-break spaces from the source."""
    return " ".join(title.split()) or "(untitled)"


def tooltip_for(
    doc: Document, *, duplicates: int = 0, canonical_title: str | None = None, with_title: bool = True
) -> str:
    """Why the article sits where it does: date provenance and evidence, or why it has no date.

    The first line is always built from our own words and digits, never from document text, so
    ``Qt.mightBeRichText`` (which only inspects the first line) never treats a tooltip as HTML:
    a title like ``<b>Breaking</b>`` is shown as typed. ``with_title=False`` is the row's
    accessible description: a screen reader has just read the title as the row's name.
    """
    info = doc.date
    lines: list[str] = []
    when = long_date(doc)
    if when:
        source = SOURCE_TEXT.get(info.source, "Dated")
        lines.append(f"{'About ' if info.source == 'body' else ''}{when} · {source.lower()}")
    elif (floor := info.reported_day) is not None:
        _year, month, day = split_date(floor)
        assert month is not None and day is not None
        lines.append(f"Undated · written on or after {int(day)} {month_label(month)}")
    else:
        lines.append("Undated" + (f" · not before {info.not_before}" if info.not_before else ""))
    if with_title:
        lines.append(clean_title(doc.title))
    if when:
        evidence = f": {info.evidence}" if info.evidence else ""
        lines.append(f"{SOURCE_TEXT.get(info.source, 'Dated')}{evidence}")
    else:
        lines.append(f"Why undated: {info.evidence or 'no date found'}")
        if info.not_before:
            lines.append(f"Not before {info.not_before}")
    meta = [LANGUAGE_NAMES.get(doc.language, doc.language)]
    if doc.outlet:
        meta.insert(0, doc.outlet)
    lines.append(" · ".join(meta))
    if canonical_title is not None:
        lines.append(f"Duplicate of: {clean_title(canonical_title)}")
    elif duplicates:
        lines.append(f"+{duplicates} near-duplicate{'s' if duplicates != 1 else ''} folded below")
    return "\n".join(lines)


def _listed_alike(a: Document, b: Document) -> bool:
    """``a`` and ``b`` sit in the same place of the tree and read the same there."""
    return (a.id, a.title, a.date, a.language, a.outlet, a.duplicate_of, a.byline, a.source) == (
        b.id, b.title, b.date, b.language, b.outlet, b.duplicate_of, b.byline, b.source)


@dataclass(eq=False, slots=True)  # 10k of them per rebuild: no dict each
class _Node:
    uid: int
    kind: str  # 'root' | KIND_*
    key: str
    label: str = ""
    parent: _Node | None = None
    row: int = 0
    doc: Document | None = None
    canonical: Document | None = None  # set on duplicate rows
    children: list[_Node] = field(default_factory=list)
    count: int = 0
    period: str | None = None
    _direction: str | None = None

    def add(self, child: _Node) -> _Node:
        child.parent = self
        child.row = len(self.children)
        self.children.append(child)
        return child


class ChronoTreeModel(QAbstractItemModel):
    """Year → Month → article tree with duplicates folded under their canonical article."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._uids = itertools.count(1)  # never reused, so a stale index cannot alias a new node
        self._docs: list[Document] = []
        self._canonical: list[Document] = []
        self._dups: dict[str, list[Document]] = {}
        self._newest_first = True
        self._languages: frozenset[str] | None = None
        self._outlet: str | None = None
        self._month: str | None = None
        self._ids: frozenset[str] | None = None
        self._root = _Node(0, "root", "")
        self._nodes: dict[int, _Node] = {}
        self._by_key: dict[str, _Node] = {}
        # The timeline asks for counts after every change of filter and every search: counted once
        # per set of filters (a 10k corpus took 0.1 s per answer, three times per search).
        self._counted: dict[tuple, tuple[dict[str, int], dict[str, int]]] = {}
        self._span: tuple[str, str] | None = None
        self._added_groups: list[str] = []  # groups made by the last rows added (for the view to open)

    # ----------------------------------------------------------------- data in

    def set_documents(self, docs: Iterable[Document]) -> None:
        """Replace every article (a scan or rescan): one reset, filters kept.

        Articles listed as they already are (the corpus arriving after the listing of its last scan,
        a re-scan that changed no title or date) replace the ones shown without a reset: the tree
        keeps its rows, its scroll position and the row the user is on.
        """
        docs = list(docs)
        if len(docs) == len(self._docs) and all(map(_listed_alike, docs, self._docs)):
            self._docs = docs
            self._group_duplicates()
            self._renew_nodes()
            return
        if self._update_rows(docs):
            return
        self.beginResetModel()
        self._docs = docs
        self._group_duplicates()
        self._after_change()
        self._rebuild()
        self.endResetModel()

    def add_documents(self, docs: Iterable[Document]) -> None:
        """Articles found since the list was filled (a scan under way), in rows of their own.

        Rows are inserted, never reset, so the row the user is on, the groups they opened or
        closed and what they scrolled to stay where they were.
        """
        new = list(docs)
        if not self._docs or any(d.duplicate_of for d in new):
            self.set_documents([*self._docs, *new])
            return
        self._docs.extend(new)
        self._canonical.extend(new)
        self._after_change()
        self._insert_canonical(new)

    def documents(self) -> list[Document]:
        return list(self._docs)

    # ----------------------------------------------------------------- rows changed in place

    def _renew_nodes(self) -> None:
        """Point every row at the article object of the same id in ``_docs``."""
        by_id = {d.id: d for d in self._docs}
        for node in self._nodes.values():
            if node.doc is not None:
                node.doc = by_id[node.doc.id]
            if node.canonical is not None:
                node.canonical = by_id[node.canonical.id]

    def _after_change(self) -> None:
        self._counted = {}
        periods = [p for d in self._canonical if (p := split_date(d.date.value)[1])]
        self._span = (min(periods), max(periods)) if periods else None

    def _update_rows(self, docs: list[Document]) -> bool:
        """Replace ``_docs`` by ``docs`` moving only the rows that changed; False when a reset is
        better (a search filter on, or most articles new).

        The finished scan of a corpus listed while it was scanned differs in a few rows only (its
        duplicates now folded under their article): the others keep their place, so the row the
        user is on and the scroll position stay.
        """
        old = {d.id: d for d in self._docs}
        new = {d.id: d for d in docs}
        if self._ids is not None or len(old) != len(self._docs) or len(new) != len(docs):
            return False
        if 3 * sum(1 for i in new if i in old) < 2 * max(len(old), len(new)):
            return False
        old_dups = {k: [d.id for d in v] for k, v in self._dups.items()}
        self._docs = docs
        self._group_duplicates()
        new_dups = {k: [d.id for d in v] for k, v in self._dups.items()}
        changed = {i for i, d in new.items() if i not in old or not _listed_alike(d, old[i])}
        changed |= {i for i in old if i not in new}
        changed |= {i for i in set(old_dups) | set(new_dups) if old_dups.get(i) != new_dups.get(i)}
        touched: set[int] = set()
        for doc_id in sorted(changed):
            node = self._by_key.get(doc_id)
            if node is not None and node.kind == KIND_DOC and node.canonical is None:
                touched.add(id(node.parent))
                self._remove_row(node)
        self._renew_nodes()
        self._after_change()
        canonical = {d.id for d in self._canonical}
        self._insert_canonical([new[i] for i in sorted(changed) if i in canonical])
        self._drop_empty_groups()
        return True

    def _remove_row(self, node: _Node) -> None:
        parent = node.parent
        assert parent is not None
        self.beginRemoveRows(self._index(parent), node.row, node.row)
        del parent.children[node.row]
        self._renumber(parent, node.row)
        self._forget(node)
        self.endRemoveRows()

    def _forget(self, node: _Node) -> None:
        for child in node.children:
            self._forget(child)
        self._nodes.pop(node.uid, None)
        if self._by_key.get(node.key) is node:
            del self._by_key[node.key]

    @staticmethod
    def _renumber(parent: _Node, start: int) -> None:
        for row in range(start, len(parent.children)):
            parent.children[row].row = row

    def _drop_empty_groups(self) -> None:
        for year in list(self._root.children):
            for month in list(year.children):
                if not month.children and month.kind == KIND_MONTH:
                    self._remove_row(month)
            if not year.children:
                self._remove_row(year)
        self._count_groups()

    def _count_groups(self) -> None:
        """Counts and labels of every group from its rows; a changed one is said to the view."""
        for top in self._root.children:
            months = top.children if top.kind == KIND_YEAR else []
            for month in months:
                period = month.period or ""
                label = "Year only" if period == top.key else month_label(period)
                self._set_count(month, len(month.children), label)
            count = sum(m.count for m in months) if top.kind == KIND_YEAR else len(top.children)
            self._set_count(top, count, top.key if top.kind == KIND_YEAR else "Undated")

    def _set_count(self, node: _Node, count: int, label: str) -> None:
        text = f"{label} ({count})"
        if (node.count, node.label) != (count, text):
            node.count, node.label = count, text
            index = self._index(node)
            self.dataChanged.emit(index, index)

    def _insert_canonical(self, docs: list[Document]) -> None:
        """Rows for canonical ``docs`` (with their duplicates), where a rebuild would put them."""
        groups: dict[tuple[str, str], list[Document]] = {}
        for doc in docs:
            if not self._passes(doc):
                continue
            year, period, _day = split_date(doc.date.value)
            place = (UNDATED_KEY, UNDATED_KEY) if year is None else (year, period or year)
            groups.setdefault(place, []).append(doc)
        for (year, period), members in groups.items():
            group = self._group_node(year, period)
            if group.kind == KIND_UNDATED:
                wanted = sorted([*(n.doc for n in group.children), *members], key=lambda d: d.id)
            else:
                wanted = self._sorted_in_group([*(n.doc for n in group.children), *members])
            self._merge_rows(group, [self._by_key.get(d.id) or self._doc_node(d) for d in wanted])
        self._count_groups()

    def _doc_node(self, doc: Document) -> _Node:
        node = self._new(KIND_DOC, doc.id, doc=doc)
        for dup in sorted(self._dups.get(doc.id, ()), key=lambda d: d.id):
            node.add(self._new(KIND_DOC, dup.id, doc=dup, canonical=doc))
        return node

    def _group_node(self, year: str, period: str) -> _Node:
        """The group an article of ``period`` goes in, made (an empty row) when missing."""
        if year == UNDATED_KEY:
            node = self._by_key.get(UNDATED_KEY)
            if node is None:
                node = self._new(KIND_UNDATED, UNDATED_KEY, period="")
                self._merge_rows(self._root, [*self._years(), node])
                self._added_groups.append(UNDATED_KEY)
            return node
        ynode = self._by_key.get(year)
        if ynode is None or ynode.kind != KIND_YEAR:
            ynode = self._new(KIND_YEAR, year, period=year)
            years = sorted([*self._years(), ynode], key=lambda n: n.key, reverse=self._newest_first)
            undated = [n for n in self._root.children if n.kind == KIND_UNDATED]
            self._merge_rows(self._root, [*years, *undated])
            self._added_groups.append(year)
        key = period if period != year else f"{year}-year-only"
        mnode = self._by_key.get(key)
        if mnode is None:
            mnode = self._new(KIND_MONTH, key, period=year if period == year else period)
            months = [*ynode.children, mnode]
            wanted = sorted((m for m in months if m.period != year), key=lambda m: m.key,
                            reverse=self._newest_first)
            self._merge_rows(ynode, wanted + [m for m in months if m.period == year])
            self._added_groups.append(key)
        return mnode

    def take_added_groups(self) -> list[str]:
        """Keys of the groups rows were added in since last asked, in the order they were made:
        the view opens them as a rebuild would (it cannot open a group while it is empty)."""
        added, self._added_groups = self._added_groups, []
        return added

    def _years(self) -> list[_Node]:
        return [n for n in self._root.children if n.kind == KIND_YEAR]

    def _merge_rows(self, parent: _Node, wanted: list[_Node]) -> None:
        """Make ``parent``'s rows ``wanted``: its rows in their order with new ones among them,
        each run of new rows inserted at once."""
        index = self._index(parent)
        children = parent.children
        pos = 0
        run: list[_Node] = []
        for node in [*wanted, None]:
            if node is not None and (pos >= len(children) or children[pos] is not node):
                run.append(node)
                continue
            if run:
                self.beginInsertRows(index, pos, pos + len(run) - 1)
                children[pos:pos] = run
                for child in run:
                    child.parent = parent
                self._renumber(parent, pos)
                self.endInsertRows()
                pos += len(run)
                run = []
            pos += 1

    def _group_duplicates(self) -> None:
        by_id = {d.id: d for d in self._docs}

        def root_of(doc: Document) -> Document:
            chain = [doc]
            while doc.duplicate_of and doc.duplicate_of in by_id:
                nxt = by_id[doc.duplicate_of]
                if nxt in chain:  # a cycle (bad data): its smallest id stands for the group
                    return min(chain[chain.index(nxt) :], key=lambda d: d.id)
                chain.append(nxt)
                doc = nxt
            return doc

        self._canonical = []
        self._dups = {}
        for doc in self._docs:
            root = root_of(doc)
            if root is doc:
                self._canonical.append(doc)
            else:
                self._dups.setdefault(root.id, []).append(doc)

    # ----------------------------------------------------------------- filters

    def set_newest_first(self, newest_first: bool) -> None:
        if newest_first != self._newest_first:
            self._reset(lambda: setattr(self, "_newest_first", bool(newest_first)))

    def newest_first(self) -> bool:
        return self._newest_first

    def set_language_filter(self, languages: set[str] | frozenset[str] | None) -> None:
        """``None`` shows all; ``{'ar'}`` shows Arabic and mixed articles (see module docstring)."""
        value = None if languages is None else frozenset(languages)
        if value != self._languages:
            self._reset(lambda: setattr(self, "_languages", value))

    def language_filter(self) -> frozenset[str] | None:
        return self._languages

    def set_outlet_filter(self, outlet: str | None) -> None:
        value = outlet or None
        if value != self._outlet:
            self._reset(lambda: setattr(self, "_outlet", value))

    def outlet_filter(self) -> str | None:
        return self._outlet

    def set_month_filter(self, month: str | None) -> None:
        """Only the articles dated in ``'YYYY-MM'`` (day or month precision); ``None`` or '' for all."""
        value = month or None
        if value != self._month:
            self._reset(lambda: setattr(self, "_month", value))

    def month_filter(self) -> str | None:
        return self._month

    def set_id_filter(self, ids: Iterable[str] | None) -> None:
        """Only groups with a member among ``ids`` (a search's hits); ``None`` for all."""
        value = None if ids is None else frozenset(ids)
        if value != self._ids:
            self._reset(lambda: setattr(self, "_ids", value))

    def id_filter(self) -> frozenset[str] | None:
        return self._ids

    def _reset(self, change) -> None:
        self.beginResetModel()
        change()
        self._rebuild()
        self.endResetModel()

    def _language_ok(self, language: str) -> bool:
        if self._languages is None or language in self._languages:
            return True
        return language == "mixed" and bool(self._languages & {"en", "ar"})

    def _unfiltered(self) -> bool:
        return self._languages is None and self._outlet is None and self._month is None and self._ids is None

    def _passes(self, doc: Document, *, month: bool = True, ids: bool = True) -> bool:
        if not self._language_ok(doc.language):
            return False
        if self._outlet is not None and doc.outlet != self._outlet:
            return False
        if month and self._month is not None and split_date(doc.date.value)[1] != self._month:
            return False
        if ids and self._ids is not None:
            members = [doc, *self._dups.get(doc.id, ())]
            if not any(m.id in self._ids for m in members):
                return False
        return True

    # ----------------------------------------------------------------- building

    def _new(self, kind: str, key: str, **kw) -> _Node:
        node = _Node(next(self._uids), kind, key, **kw)
        self._nodes[node.uid] = node
        self._by_key[key] = node
        return node

    def _rebuild(self) -> None:
        self._nodes = {}
        self._by_key = {}
        self._added_groups = []  # the view opens every group after a reset
        self._root = _Node(0, "root", "")
        years: dict[str, dict[str, list[Document]]] = {}
        undated: list[Document] = []
        shown = self._canonical if self._unfiltered() else [d for d in self._canonical if self._passes(d)]
        for doc in shown:
            year, period, _day = split_date(doc.date.value)
            if year is None:
                undated.append(doc)
            else:
                years.setdefault(year, {}).setdefault(period or year, []).append(doc)

        newest = self._newest_first
        for year in sorted(years, reverse=newest):
            months = years[year]
            ynode = self._root.add(self._new(KIND_YEAR, year, period=year))
            periods = sorted((p for p in months if p != year), reverse=newest)
            if year in months:
                periods.append(year)  # "Year only" after the months in both orders
            for period in periods:
                key = period if period != year else f"{year}-year-only"
                mnode = ynode.add(self._new(KIND_MONTH, key, period=year if period == year else period))
                for doc in self._sorted_in_group(months[period]):
                    self._add_doc(mnode, doc)
                mnode.count = len(mnode.children)
                label = "Year only" if period == year else month_label(period)
                mnode.label = f"{label} ({mnode.count})"
            ynode.count = sum(m.count for m in ynode.children)
            ynode.label = f"{year} ({ynode.count})"
        if undated:
            unode = self._root.add(self._new(KIND_UNDATED, UNDATED_KEY, period=""))
            for doc in sorted(undated, key=lambda d: d.id):  # corpus order: nothing else to go by
                self._add_doc(unode, doc)
            unode.count = len(unode.children)
            unode.label = f"Undated ({unode.count})"

    def _sorted_in_group(self, docs: list[Document]) -> list[Document]:
        """Dated to the day first (in the chosen order, ties in corpus order), then day unknown."""
        by_id = sorted(docs, key=lambda d: d.id)
        with_day = [d for d in by_id if split_date(d.date.value)[2] is not None]
        without = [d for d in by_id if split_date(d.date.value)[2] is None]
        with_day.sort(key=lambda d: d.date.value or "", reverse=self._newest_first)  # stable
        return with_day + without

    def _add_doc(self, parent: _Node, doc: Document) -> None:
        node = parent.add(self._new(KIND_DOC, doc.id, doc=doc))
        dups = self._dups.get(doc.id)
        if dups:
            for dup in sorted(dups, key=lambda d: d.id):
                node.add(self._new(KIND_DOC, dup.id, doc=dup, canonical=doc))

    # ----------------------------------------------------------------- queries

    def month_counts(self, *, include_id_filter: bool = True) -> dict[str, int]:
        """Canonical articles per 'YYYY-MM' under the current filters except the month filter.

        These are the numbers the month nodes show (when no month filter hides the others).
        ``include_id_filter=False`` gives the search-independent base that the timeline draws
        its muted bars from while a search result is overlaid.
        """
        return dict(self._counts(include_id_filter)[0])

    def undated_counts(self, *, include_id_filter: bool = True) -> dict[str, int]:
        """``{'year_only': n, 'undated': m}``: canonical articles the timeline has no month for.

        Same filters as ``month_counts`` (everything but the month filter), so the timeline's
        "Year only" and "Undated" bars agree with the tree's nodes of those names when no month
        is picked. Both keys are always present.
        """
        return dict(self._counts(include_id_filter)[1])

    def _counts(self, include_id_filter: bool) -> tuple[dict[str, int], dict[str, int]]:
        """(per month, year only and undated) under the current filters but the month's, memoised."""
        key = (self._languages, self._outlet, self._ids if include_id_filter else None)
        found = self._counted.get(key)
        if found is not None:
            return found
        months: dict[str, int] = {}
        others = {"year_only": 0, "undated": 0}
        docs = self._canonical
        ids = include_id_filter and self._ids is not None
        if ids or self._languages is not None or self._outlet is not None:
            docs = [d for d in docs if self._passes(d, month=False, ids=include_id_filter)]
        for doc in docs:
            year, period, _day = split_date(doc.date.value)
            if period:
                months[period] = months.get(period, 0) + 1
            else:
                others["undated" if year is None else "year_only"] += 1
        if len(self._counted) > 64:
            self._counted.clear()
        self._counted[key] = (months, others)
        return months, others

    def corpus_span(self) -> tuple[str, str] | None:
        """First and last 'YYYY-MM' of any dated canonical article, ignoring filters.

        The timeline keeps this axis while filters change so bars do not jump sideways.
        """
        return self._span

    def outlets(self) -> list[str]:
        """Outlets of canonical articles, sorted case-insensitively (for the filter combo)."""
        names = {d.outlet for d in self._canonical if d.outlet}
        return sorted(names, key=lambda s: (s.casefold(), s))

    def index_for_doc(self, doc_id: str) -> QModelIndex:
        """The row of an article (or duplicate) if the filters show it, else an invalid index."""
        node = self._by_key.get(doc_id)
        if node is None or node.kind != KIND_DOC:
            return QModelIndex()
        return self._index(node)

    def index_for_key(self, key: str) -> QModelIndex:
        """The row with ``NodeKeyRole == key`` ('2020', '2020-04', 'undated', an id...)."""
        node = self._by_key.get(key)
        return self._index(node) if node is not None else QModelIndex()

    def group_keys(self) -> list[str]:
        """Keys of every year, month and Undated node currently shown (for restoring expansion)."""
        return [k for k, n in self._by_key.items() if n.kind != KIND_DOC]

    def document(self, index: QModelIndex | QPersistentModelIndex) -> Document | None:
        node = self._node(index)
        return node.doc if node is not None else None

    def is_article(self, index: QModelIndex | QPersistentModelIndex) -> bool:
        """Whether ``index`` is an article (or duplicate) row, without the role machinery: the
        sidebar's delegate asks it of every row it sizes, 10k times when a jump crosses the list."""
        node = self._nodes.get(index.internalId()) if index.isValid() else None
        return node is not None and node.doc is not None

    def canonical_count(self) -> int:
        """Canonical articles currently shown (the sum of the top-level counts)."""
        return sum(n.count for n in self._root.children)

    # ----------------------------------------------------------------- Qt model API

    def _node(self, index: QModelIndex | QPersistentModelIndex) -> _Node | None:
        # The view asks several of these per row on every layout (30k calls for a 10k corpus): one
        # call into Qt, not two. An invalid index has id 0, which no node has (the root's is 0).
        uid = index.internalId()
        return self._root if uid == 0 else self._nodes.get(uid)

    def _index(self, node: _Node) -> QModelIndex:
        if node is self._root:
            return QModelIndex()
        return self.createIndex(node.row, 0, id=node.uid)

    def index(self, row: int, column: int, parent: QModelIndex | QPersistentModelIndex = _NO_INDEX):
        node = self._node(parent)
        if node is None or column != 0 or not 0 <= row < len(node.children):
            return QModelIndex()
        return self.createIndex(row, 0, id=node.children[row].uid)

    def parent(self, index: QModelIndex | QPersistentModelIndex = _NO_INDEX):  # type: ignore[override]
        node = self._node(index) if index.isValid() else None
        if node is None or node.parent is None or node.parent is self._root:
            return QModelIndex()
        return self._index(node.parent)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _NO_INDEX) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        node = self._node(parent)
        return len(node.children) if node is not None else 0

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _NO_INDEX) -> int:
        return 1

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        node = self._nodes.get(index.internalId())  # None for the invalid index (id 0)
        if node is None:
            return Qt.ItemFlag.NoItemFlags
        return _LEAF_FLAGS if not node.children else _FLAGS

    def roleNames(self) -> dict[int, bytes]:
        names = dict(super().roleNames())
        names.update({
            DocIdRole: b"docId", KindRole: b"kind", DateLabelRole: b"dateLabel",
            LanguageRole: b"language", OutletRole: b"outlet", CountRole: b"count",
            PeriodRole: b"period", LabelRole: b"label", DirectionRole: b"direction",
            DuplicateCountRole: b"duplicateCount", DuplicateOfRole: b"duplicateOf",
            NodeKeyRole: b"nodeKey",
        })  # fmt: skip
        return names

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        node = self._node(index) if index.isValid() else None
        if node is None:
            return None
        role = int(role)
        if role == KindRole:
            return node.kind
        if role == NodeKeyRole:
            return node.key
        if node.doc is None:
            return self._group_data(node, role)
        return self._doc_data(node, node.doc, role)

    def _group_data(self, node: _Node, role: int):
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return node.label
        if role == LabelRole:
            return node.label.rsplit(" (", 1)[0]
        if role == CountRole:
            return node.count
        if role == PeriodRole:
            return node.period
        if role == Qt.ItemDataRole.ToolTipRole:
            n = node.count
            what = f"{n} article{'s' if n != 1 else ''}"
            if node.kind == KIND_UNDATED:
                return f"{what} with no date in the text; hover one to see why"
            if node.key.endswith("-year-only"):
                return f"{what} dated to {node.period} only, month unknown"
            return what
        if role == Qt.ItemDataRole.FontRole and node.kind in (KIND_YEAR, KIND_UNDATED):
            font = QFont()
            font.setBold(True)
            return font
        if role == DuplicateCountRole:
            return 0
        return None

    def _doc_data(self, node: _Node, doc: Document, role: int):
        if role in (Qt.ItemDataRole.DisplayRole, LabelRole):
            return clean_title(doc.title)
        if role == DocIdRole:
            return doc.id
        if role == DateLabelRole:
            return date_label(doc)
        if role == LanguageRole:
            return LANGUAGE_BADGES.get(doc.language, doc.language.upper())
        if role == OutletRole:
            return doc.outlet or ""
        if role == DirectionRole:
            if node._direction is None:
                node._direction = direction_of(doc.title)
            return node._direction
        if role == DuplicateCountRole:
            return len(node.children)
        if role == DuplicateOfRole:
            return node.canonical.id if node.canonical is not None else None
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            return tooltip_for(
                doc,
                duplicates=len(node.children),
                canonical_title=node.canonical.title if node.canonical is not None else None,
                with_title=role == Qt.ItemDataRole.ToolTipRole,
            )
        if role == Qt.ItemDataRole.AccessibleTextRole:
            parts = [clean_title(doc.title), date_label(doc), LANGUAGE_NAMES.get(doc.language, "")]
            if doc.outlet:
                parts.append(doc.outlet)
            return ", ".join(p for p in parts if p)
        return None
