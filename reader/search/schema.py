"""The Whoosh schema and the mapping from :class:`Document` to index fields.

Why a module of its own: the indexer, the query parser and the searcher must agree on field names,
on the date scheme and on what is stored; and the schema is pickled into every index, so any change
here must bump :data:`SCHEMA_VERSION` (an index built with another version is rebuilt, never read
with the wrong assumptions).

Fields:

* ``id`` (unique, stored, column) and ``source`` (the file, relative path): identity and the unit of
  incremental updates (a changed file is deleted by ``source`` and re-added);
* ``title`` (stemmed, stored), ``outlet`` (exact analyzer, stored), ``lang`` (``en``/``ar``/...);
* ``date`` (the document's own ``YYYY[-MM[-DD]]`` string, stored and sortable; it sorts correctly as
  text), ``day`` (integer ``YYYYMMDD`` with ``00`` for an unknown month or day, ``0`` when undated;
  used for ranges and the newest-first sort) and ``month`` (``YYYY-MM`` for the timeline facet, empty
  when the month is unknown);
* ``content`` (stemmed, positions, stored): the article text. Stored is exactly ``Document.text``, so
  hit offsets computed from it are offsets into ``Document.text``; *indexed* is title + text, so a word
  of the title alone still finds the article;
* ``exact`` (surface forms) and ``variants`` (transliteration keys): the ``--exact`` and
  ``--variants`` modes, indexed from the same title + text, both without positions (positions cost
  build time; an exact phrase is checked as "all exact words" + "adjacent in ``content``");
* ``duplicate_of`` / ``dup`` (``"1"`` for a non-canonical copy, masked out of every search);
* ``file_hash``: fingerprint of the source file *and* of the metadata that reaches the index (title,
  date, duplicate grouping...), so an incremental update notices a ``metadata.csv`` edit or a
  duplicate regrouping even when the article's own file did not change.

Text fields are :class:`MemoText`: the same postings as Whoosh's TEXT, written faster (each
distinct word analysed once per write). Version 3 introduced it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from whoosh.analysis import CompositeAnalyzer, LowercaseFilter
from whoosh.fields import ID, NUMERIC, TEXT, Schema
from whoosh.formats import Frequency, Positions
from whoosh.system import pack_uint as _pack_uint
from whoosh.util.text import utf8encode

from reader.ingest.model import Document
from reader.search import analysis

SCHEMA_VERSION = 3
"""Bump on any change to fields or to how documents are mapped onto them."""

UNDATED_DAY = 0
MAX_DAY = 99_991_231

_DATE_RE = re.compile(r"^\s*(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?\s*$")


def schema_signature() -> str:
    """What an index must have been built with to be reused: schema and analysis versions."""
    analysis_version = getattr(analysis, "ANALYSIS_VERSION", None)
    if analysis_version is None:
        # No explicit version: fingerprint the analysis module's source, so editing the analyzers
        # (which changes every indexed term) triggers a rebuild instead of silently missing hits.
        analysis_version = _module_digest()
    return f"schema-{SCHEMA_VERSION}/analysis-{analysis_version}"


@lru_cache(maxsize=1)
def _module_digest() -> str:
    digest = hashlib.sha1()
    for module in (analysis,):
        path = getattr(module, "__file__", None)
        if path:
            try:
                with open(path, "rb") as fh:
                    digest.update(fh.read())
            except OSError:
                digest.update(path.encode())
    try:
        from reader.text import arabic, names

        for module in (arabic, names):
            with open(module.__file__ or "", "rb") as fh:
                digest.update(fh.read())
    except (ImportError, OSError):
        pass
    return digest.hexdigest()[:12]


# --------------------------------------------------------------------------------------------
# Memoised analysis at index time


MEMO_MAX_WORDS = 200_000
"""Distinct words remembered per analyzer (about 30 MB with their terms); past that the memo starts
over. A 10k-article corpus has ~600k distinct word forms, most of them rare: the frequent ones,
which are most of the tokens, are met again soon after a restart. :func:`clear_memos` frees them
all when a write ends."""
_MEMOS: dict[tuple[Any, ...], dict[str, str | None]] = {}
_PER_TOKEN_FILTERS: frozenset[type] = frozenset({
    analysis.ApostropheFilter, LowercaseFilter, analysis.AccentFoldFilter, analysis.ArabicFoldFilter,
    analysis.ScriptStemFilter, analysis.ExactFormFilter,
})
"""Filters that map one token's text to a new text and nothing else (no state across tokens)."""
_DROPPING_FILTERS: frozenset[type] = frozenset({
    analysis.DropEmptyFilter, analysis.StopwordFilter, analysis.VariantKeyFilter,
})
"""Filters that drop tokens (by their text alone) and renumber positions as Whoosh's StopFilter."""
_last_words: tuple[str | None, list[str]] = (None, [])


def clear_memos() -> None:
    """Forget the words memoised while writing (called when a write ends: the app lives on)."""
    global _last_words
    _MEMOS.clear()
    _last_words = (None, [])


def _memo_key(analyzer: Any) -> tuple[Any, ...] | None:
    """A key naming what ``analyzer`` does to one word, or None when memoising it would be unsafe.

    Safe means: our tokenizer, then per-token filters and at most one dropping filter (two dropping
    stages would renumber positions twice, which the fast path does not reproduce).
    """
    if not isinstance(analyzer, CompositeAnalyzer) or not analyzer.items:
        return None
    tokenizer, *filters = analyzer.items
    if type(tokenizer) is not analysis.CorpusTokenizer:
        return None
    dropping = 0
    for item in filters:
        if type(item) in _DROPPING_FILTERS:
            dropping += 1
        elif type(item) not in _PER_TOKEN_FILTERS:
            return None
    if dropping > 1:
        return None
    return tuple((type(item), getattr(item, "stops", None)) for item in analyzer.items)


def _words_of(value: str) -> list[str]:
    """The tokenizer's words of ``value``; the last text's words are kept, because ``content``,
    ``exact`` and ``variants`` index the same string one after the other."""
    global _last_words
    last = _last_words
    if last[0] is value:
        return last[1]
    words = analysis.WORD_RE.findall(value)
    _last_words = (value, words)
    return words


class MemoText(TEXT):
    """A TEXT field whose indexing analyses each distinct word once per build, not once per occurrence.

    Why: the chained per-token filters (fold, stem, key) cost most of an index build, and a corpus
    repeats its words: ten thousand articles hold ~600k distinct forms among ~20M tokens. The words
    are found with the tokenizer's own pattern, each is run through the field's analyzer alone (the
    filters see one token at a time, so the result is the same as in the stream), and positions are
    renumbered past dropped words exactly as the dropping filter does. The postings produced are the
    stock :meth:`TEXT.index`'s, byte for byte (``tests/unit/test_search_speed_memo.py``); any analyzer
    or format this path does not know goes the stock way.
    """

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        fmt = self.format
        key = _memo_key(self.analyzer) if not kwargs and isinstance(value, str) else None
        if key is None or type(fmt) not in (Positions, Frequency) or fmt.field_boost != 1.0:
            yield from super().index(value, **kwargs)
            return
        memo = _MEMOS.get(key)
        if memo is None or len(memo) > MEMO_MAX_WORDS:
            memo = _MEMOS[key] = {}
        analyzer = self.analyzer
        positions: dict[str, list[int]] = {}
        pos = -1
        for i, word in enumerate(_words_of(value)):
            try:
                term = memo[word]
            except KeyError:
                term = memo[word] = next((t.text for t in analyzer(word)), None)
            if term is None:
                continue
            pos = i if pos < 0 else pos + 1  # the first kept word keeps its place, as in _drop
            found = positions.get(term)
            if found is None:
                positions[term] = [pos]
            else:
                found.append(pos)
        encode = fmt.encode if type(fmt) is Positions else None
        for term, poslist in positions.items():
            freq = len(poslist)
            # Frequency postings hold the count as Frequency.word_values packs it.
            vbytes = encode(poslist) if encode is not None else _pack_uint(freq)
            yield utf8encode(term)[0], freq, float(freq), vbytes


def build_schema() -> Schema:
    """A fresh Schema object (Whoosh mutates nothing in it, but indexes pickle their own copy)."""
    stemmed = analysis.stemmed_analyzer()
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),
        source=ID(stored=True, sortable=True),
        title=MemoText(analyzer=stemmed, stored=True, phrase=True),
        outlet=MemoText(analyzer=analysis.exact_analyzer(), stored=True, phrase=True),
        lang=ID(stored=True, sortable=True),
        date=ID(stored=True, sortable=True),
        day=NUMERIC(int, bits=32, stored=False, sortable=True, signed=False),
        month=ID(sortable=True),
        content=MemoText(analyzer=stemmed, phrase=True, stored=True),
        exact=MemoText(analyzer=analysis.exact_analyzer(), phrase=False),
        variants=MemoText(analyzer=analysis.variant_analyzer(), phrase=False),
        duplicate_of=ID(stored=True),
        dup=ID(sortable=True),
        file_hash=ID(stored=True, sortable=True),
    )


@lru_cache(maxsize=1)
def shared_schema() -> Schema:
    """One schema for query parsing and highlighting (analyzers are stateless, so sharing is safe)."""
    return build_schema()


# --------------------------------------------------------------------------------------------
# Dates


def parse_date_bound(text: str | None, *, end: bool) -> int | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` as an inclusive ``day`` bound, or None if unreadable.

    A start bound fills unknown parts with ``00`` (so ``2020-04`` also admits articles dated only
    "April 2020"); an end bound fills them with ``99`` (``to 2020-04`` admits all of April).
    """
    if text is None:
        return None
    m = _DATE_RE.match(str(text))
    if not m:
        return None
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None and not 1 <= day <= 31:
        return None
    fill = 99 if end else 0
    return year * 10_000 + (month if month is not None else fill) * 100 + (day if day is not None else fill)


def day_number(value: str | None) -> int:
    """The ``day`` field for a DateInfo value: ``2020-04`` → 20200400, undated → 0."""
    bound = parse_date_bound(value, end=False) if value else None
    return bound if bound is not None else UNDATED_DAY


def month_of(value: str | None) -> str:
    """``YYYY-MM`` when the month is known, else ``""`` (year-only and undated articles)."""
    if value and len(value) >= 7 and value[4] == "-":
        return value[:7]
    return ""


# --------------------------------------------------------------------------------------------
# Documents


def source_fingerprints(
    documents: Iterable[Document], file_states: dict[str, str] | None = None
) -> dict[str, str]:
    """Per source file, a hash of everything the index holds for its articles.

    ``file_states`` (from :func:`reader.ingest.corpus.scan_corpus`) already fingerprints the file;
    the articles' metadata is added because ``metadata.csv`` and duplicate grouping change what is
    indexed without touching the file. Without ``file_states`` the articles' text is hashed instead.
    """
    digests: dict[str, Any] = {}  # source -> running sha1
    for doc in documents:
        h = digests.get(doc.source)
        if h is None:
            h = digests[doc.source] = hashlib.sha1(SCHEMA_VERSION.to_bytes(2, "big"))
            state = (file_states or {}).get(doc.source)
            if state:
                h.update(state.encode())
        if not file_states or doc.source not in file_states:
            h.update(doc.text.encode("utf-8", "surrogatepass"))
        meta = "\x1f".join(
            str(x)
            for x in (
                doc.id, doc.title, doc.outlet, doc.date.value, doc.language, doc.duplicate_of,
            )
        )
        h.update(meta.encode("utf-8", "surrogatepass"))
        h.update(b"\x1e")
    out = {source: h.hexdigest()[:20] for source, h in digests.items()}
    for source, state in (file_states or {}).items():
        # A file that yields no article still has a state, so its (empty) indexing is remembered.
        out.setdefault(source, "empty-" + hashlib.sha1(state.encode()).hexdigest()[:14])
    return out


def document_fields(doc: Document, file_hash: str) -> dict[str, object]:
    """Keyword arguments for ``writer.add_document``; see the module docstring for the scheme."""
    text = doc.text
    title = doc.title or ""
    indexed = f"{title}\n\n{text}" if title else text
    value = doc.date.value if doc.date else None
    return {
        "id": doc.id,
        "source": doc.source,
        "title": title,
        "outlet": doc.outlet or "",
        "lang": doc.language,
        "date": value or "",
        "day": day_number(value),
        "month": month_of(value),
        "content": indexed,
        "_stored_content": text,
        "exact": indexed,
        "variants": indexed,
        "duplicate_of": doc.duplicate_of or "",
        "dup": "1" if doc.duplicate_of else "0",
        "file_hash": file_hash,
    }
