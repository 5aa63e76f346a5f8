"""Every occurrence of a query across the corpus, as keyword-in-context (KWIC) lines.

Why a module of its own, next to the searcher rather than inside it:

* **All occurrences, not the top hits.** ``search()`` ranks and returns at most ``MAX_LIMIT``
  articles with a few KWIC strings each; a concordance needs every matching article and every
  match in it. The matching articles are found with the same parsed query (spellings, aliases,
  variants, ``NOT``, dates and languages behave as in search) and the matches with the same
  :func:`~reader.search.searcher.match_spans`, so a line is listed exactly where the reading pane
  would highlight a match.
* **Streaming.** Articles are read and cut into lines one at a time, in date order, from a
  generator: the first lines are ready after the first article, not after the whole corpus, and a
  cancel callback stops the walk between articles.
* **Plain data.** A :class:`KwicLine` holds code-point offsets into ``Document.text`` and plain
  strings; the UI lays them out (never as HTML) and the exports escape them, since article text
  is untrusted.
* **A line stays in its paragraph.** Context never crosses a paragraph break, so each line has one
  direction (a mixed article's Arabic paragraphs give right-to-left lines, its English ones
  left-to-right) and reads as a sentence, not as two glued fragments.

``left`` and ``right`` are *logical*: ``left`` is the text before the match, ``right`` the text after
it (trimmed of the spaces next to the match). In an Arabic (right-to-left) line the text before the
match is displayed on the right.
"""

from __future__ import annotations

import bisect
import csv
import html
import io
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import query as wq

from reader.fileio import atomic_write
from reader.search.lexicon import is_virtual
from reader.search.query import HighlightTerm, parse_query
from reader.search.results import KwicLine
from reader.search.searcher import (
    MAX_MATCHES,
    SCAN_BUDGET,
    find_matches,
    handle_parts,
    index_count,
    multiterm_highlights,
    scan_spans,
)
from reader.search.searcher import _analysed as analysed_form  # one analysis cache for search and here
from reader.search.searcher import _next_token as next_kept_token
from reader.text.arabic import fold_arabic, strip_harakat
from reader.text.names import WORD_PATTERN
from reader.text.script import language_and_direction

__all__ = [
    "CONTEXT_CHARS",
    "SORT_KEYS",
    "Concordance",
    "Counterpart",
    "Counterparts",
    "KwicLine",
    "export_lines",
    "filter_lines",
    "kwic_for_text",
    "lines_to_csv",
    "lines_to_html",
    "lines_to_markdown",
    "open_concordance",
    "sort_lines",
]

CONTEXT_CHARS = 60
"""Characters of context kept on each side of a match (cut back to a whole word)."""
LINES_PER_ARTICLE = MAX_MATCHES
"""Lines listed per article at most: one legal file of a repeated word would otherwise give a
million lines (gigabytes of memory, minutes of work). The others are counted in ``omitted``."""
SORT_KEYS = ("left", "right", "date", "article")
_WORD_RE = re.compile(WORD_PATTERN)
_SPACE_RE = re.compile(r"\s+")
_PARAGRAPH_BREAK = "\n\n"

Cancel = Callable[[], bool] | None


# --------------------------------------------------------------------------------------------
# Lines


@dataclass(frozen=True)
class _Para:
    start: int
    end: int
    language: str
    direction: str


def _paragraph_starts(
    text: str, given: Sequence[Any] | None
) -> tuple[list[int], list[int], Sequence[Any] | None]:
    """(starts, ends, the Document's paragraphs or None) of ``text``'s paragraphs.

    The Document's own paragraphs (with ingest's language and direction) when they fit the text,
    else the text split at blank lines; only extents here, scripts are counted per line later.
    """
    if given:
        try:
            starts = [p.start for p in given]
            ends = [p.start + len(p.text) for p in given]
        except (AttributeError, TypeError):
            starts = []
        if starts and ends[-1] <= len(text):
            return starts, ends, given
    starts, ends = [], []
    pos = 0
    for chunk in text.split(_PARAGRAPH_BREAK):
        starts.append(pos)
        ends.append(pos + len(chunk))
        pos += len(chunk) + len(_PARAGRAPH_BREAK)
    return starts, ends, None


def _para_info(text: str, k: int, starts: list[int], ends: list[int], given: Sequence[Any] | None) -> _Para:
    if given is not None:
        p = given[k]
        return _Para(starts[k], ends[k], str(getattr(p, "language", "other")),
                     str(getattr(p, "direction", "ltr")))
    language, direction = language_and_direction(text[starts[k]:ends[k]])
    return _Para(starts[k], ends[k], language, direction)


def _flat(text: str) -> str:
    return _SPACE_RE.sub(" ", text)


def _left_context(text: str, lo: int, start: int, width: int) -> str:
    cut = max(lo, start - width)
    piece = text[cut:start]
    if cut > lo and piece and not piece[0].isspace() and not text[cut - 1].isspace():
        # Started inside a word: drop its tail (unless the piece is one long word).
        space = _SPACE_RE.search(piece)
        if space is not None:
            piece = piece[space.end():]
    return _flat(piece).strip()


def _right_context(text: str, end: int, hi: int, width: int) -> str:
    cut = min(hi, end + width)
    piece = text[end:cut]
    if cut < hi and piece and not piece[-1].isspace() and not text[cut].isspace():
        last = max(piece.rfind(" "), piece.rfind("\n"), piece.rfind("\t"))
        if last > 0:
            piece = piece[:last]
    return _flat(piece).strip()


def kwic_for_text(
    text: str,
    spans: Iterable[tuple[int, int]],
    *,
    doc_id: str = "",
    title: str = "",
    date: str | None = None,
    language: str = "",
    paragraphs: Sequence[Any] | None = None,
    context: int = CONTEXT_CHARS,
) -> list[KwicLine]:
    """A :class:`KwicLine` for each span of ``text`` (code points), in text order.

    ``paragraphs`` are the Document's (objects with ``start``, ``text``, ``language`` and
    ``direction``); without them the text is split at blank lines and each paragraph's script
    counted here. Spans outside the text are dropped; pure and cheap (string slicing only).
    """
    starts, ends, given = _paragraph_starts(text, paragraphs)
    info: dict[int, _Para] = {}
    out: list[KwicLine] = []
    n = len(text)
    for s, e in sorted(spans):
        s, e = max(0, int(s)), min(n, int(e))
        if e <= s:
            continue
        k = max(0, bisect.bisect_right(starts, s) - 1)
        para = info.get(k)
        if para is None:
            para = info[k] = _para_info(text, k, starts, ends, given)
        lo, hi = min(para.start, s), max(para.end, e)
        line_language = para.language if para.language in ("en", "ar") else (
            language if language in ("en", "ar") else para.language
        )
        out.append(KwicLine(
            doc_id=doc_id, title=title, date=date, language=language, paragraph=k, start=s, end=e,
            left=_left_context(text, lo, s, context), match=_flat(text[s:e]),
            right=_right_context(text, e, hi, context), direction=para.direction,
            line_language=line_language,
        ))
    return out


# --------------------------------------------------------------------------------------------
# Sorting and filtering


def _word_key(word: str) -> str:
    """Sort form of a context word: case and Arabic spelling variation folded."""
    return fold_arabic(word).casefold()


def _date_key(line: KwicLine) -> str:
    return line.date or "9999"  # undated last


def sort_key(key: str) -> Callable[[KwicLine], Any]:
    """The key function for one of :data:`SORT_KEYS`; ties fall back to article, then position.

    Lines whose context is empty on the sorted side (a match at a paragraph edge) come last.
    """
    if key == "left":
        return lambda ln: (not ln.left_word, _word_key(ln.left_word), ln.doc_id, ln.start)
    if key == "right":
        return lambda ln: (not ln.right_word, _word_key(ln.right_word), ln.doc_id, ln.start)
    if key == "date":
        return lambda ln: (_date_key(ln), ln.doc_id, ln.start)
    if key == "article":
        return lambda ln: (" ".join(ln.title.split()).casefold(), ln.doc_id, ln.start)
    raise ValueError(f"unknown sort key {key!r} (use one of {', '.join(SORT_KEYS)})")


def sort_lines(lines: Iterable[KwicLine], key: str = "date", *, reverse: bool = False) -> list[KwicLine]:
    """A new list of ``lines`` sorted by ``key`` (``left``, ``right``, ``date`` or ``article``)."""
    return sorted(lines, key=sort_key(key), reverse=reverse)


def filter_lines(lines: Iterable[KwicLine], language: str | None) -> list[KwicLine]:
    """Lines in ``language`` (the paragraph's language: ``en`` or ``ar``); None or 'all' keeps all."""
    if not language or language == "all":
        return list(lines)
    return [ln for ln in lines if ln.line_language == language]


# --------------------------------------------------------------------------------------------
# Finding the matches of many articles fast


def _token_classes() -> tuple[str, str]:
    """Word-character and joiner classes of the tokenizer's pattern (``[W]+(?:[J]+[W]+)*``)."""
    m = re.match(r"^\[(.+?)\]\+\(\?:\[(.+?)\]\+", WORD_PATTERN)
    return (m.group(1), m.group(2)) if m else (r"\w", "'")


_W, _J = _token_classes()


_WORD_CHAR = re.compile(f"[{_W}]")
_JOIN_CHAR = re.compile(f"[{_J}]")


_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640"  # Arabic vowel marks, tatweel
_ARABIC_LETTER = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


def _alternation(words: Iterable[str]) -> re.Pattern[str]:
    """A regex of ``words`` (their spellings without vowel marks), each Arabic letter allowed to
    carry marks, so ``الحكومة`` also finds ``الحُكُومَةِ``; Latin spellings stay plain literals (a
    marks class after every Latin letter only slowed the scan, by ~10%). It
    starts with a literal letter, so the engine skips ahead by first character; token boundaries
    and the analysed form are checked on the few hits (:meth:`_SpanFinder.spans`). A text that
    puts marks where this does not look (a Latin word with Arabic marks) finds fewer hits than the
    index counts, and that article takes the safe path."""
    marks = f"[{_MARKS}]*"
    pieces = {"".join(re.escape(c) + (marks if _ARABIC_LETTER.match(c) else "") for c in strip_harakat(w))
              for w in words if strip_harakat(w)}
    return re.compile("|".join(sorted(pieces, key=len, reverse=True)))


def _starts_token(text: str, start: int) -> bool:
    """No word character (nor word character + joiner, as in Kata'ib) right before ``start``."""
    if start == 0:
        return True
    if _WORD_CHAR.match(text, start - 1):
        return False
    return not (start >= 2 and _JOIN_CHAR.match(text, start - 1) and _WORD_CHAR.match(text, start - 2))


MAX_SURFACES = 64
"""Spellings tried by the fast path before it gives way to :func:`match_spans` for good."""


class _SpanFinder:
    """:func:`match_spans` for many articles, with a fast path that gives the same spans.

    ``match_spans`` tokenizes each article and analyses its distinct words (~1-2 ms for a long
    article), which is most of a concordance's time. But the index knows how many tokens of each
    article analyse to a given word (the term frequency). Every match, a single word or a phrase
    (an alias such as حزب الله), starts with a token analysing to a query word's *first* word. The
    spellings of those first words met so far (``Oil``, ``oils``, ``الحكومة`` with or without vowel
    marks) are searched with one regex scan and each hit is checked (whole token, analysed form);
    when the hits are exactly as many as the index counts, every start has been found, and phrases
    are completed token by token as ``match_spans`` does. Otherwise (a spelling not met yet, an
    article whose text is not the indexed one) the article goes through ``match_spans`` and the
    spellings in it are learnt.
    """

    def __init__(self, terms: list[HighlightTerm], reader: Any, engine: Any = None) -> None:
        self.terms = terms
        self.surfaces: set[str] = set()
        self._regex: re.Pattern[str] | None = None
        self.counts: dict[int, int] | None = None
        self.fast_hits = self.slow_hits = 0
        self._field = ""
        self._singles: set[str] = set()
        self._phrases: dict[str, list[tuple[str, ...]]] = {}
        self._firsts: set[str] = set()
        self.engine: Any = engine
        """The search engine that found the articles (its postings caches), for counting."""
        fields = {t.field for t in terms if t.words}
        if not terms or len(fields) != 1 or reader is None:
            return
        self._field = fieldname = next(iter(fields))
        for t in terms:
            if len(t.words) == 1:
                self._singles.add(t.words[0])
            elif t.words:
                self._phrases.setdefault(t.words[0], []).append(tuple(t.words))
        self._firsts = self._singles | set(self._phrases)
        try:
            self.counts = self._first_word_counts(reader, fieldname)
        except Exception:  # any surprise in the schema or postings: every article takes the safe path
            self.counts = None

    def _first_word_counts(self, reader: Any, fieldname: str) -> dict[int, int]:
        """Per document, the tokens analysing to a first word: whole posting blocks through the
        engine (an alias group's first words include common ones such as "iraqi")."""
        counts: dict[int, int] = {}
        virtual = is_virtual(fieldname)
        for word in self._firsts:
            if virtual and self.engine is None:
                raise LookupError("a virtual field is counted through the search engine")
            if not virtual and (fieldname, word) not in reader:
                continue
            if self.engine is not None:
                tf = self.engine.term_tf(fieldname, self.engine.term_bytes(fieldname, word))
            else:
                tf = {}
                m = reader.postings(fieldname, word)
                while m.is_active():
                    tf[m.id()] = round(m.weight())
                    m.next()
            if not counts:
                counts = dict(tf)
            else:
                get = counts.get
                for d, n in tf.items():
                    counts[d] = get(d, 0) + n
        return counts

    def _analysed(self, surface: str) -> str:
        """The indexed form of one surface word ('' when the analyzer drops it), from the searcher's
        cache shared by every search and concordance (most words were met before)."""
        try:
            return analysed_form(self._field, surface)
        except Exception:  # an analyzer failing on odd input: not a word of the query
            return ""

    def _fast(self, text: str, expected: int) -> list[tuple[int, int]] | None:
        assert self._regex is not None
        starts: list[tuple[int, int, str]] = []
        for m in self._regex.finditer(text):
            if self._is_start(text, m):
                starts.append((m.start(), m.end(), self._analysed(m.group(0))))
        if len(starts) != expected:
            return None
        spans: list[tuple[int, int]] = []
        for start, end, term in starts:
            if term in self._singles:
                spans.append((start, end))
            phrases = self._phrases.get(term)
            if phrases:
                self._complete(text, start, end, phrases, spans)
        return _merge_spans(spans)

    def _complete(self, text: str, start: int, end: int, phrases: list[tuple[str, ...]],
                  spans: list[tuple[int, int]]) -> None:
        """Add the span of each phrase of ``phrases`` that goes on from the first word at
        ``start``..``end``; the following tokens are read once for all of them (an alias group has
        several phrases per first word: "Hezbollah Brigades", "Hezbollah Brigades in Iraq")."""
        following: list[tuple[str, int]] = []  # (analysed form, end) of the next kept tokens
        for words in phrases:
            for k, word in enumerate(words[1:]):
                if k == len(following):
                    found = self._next_token(text, following[-1][1] if following else end)
                    if found is None:
                        break
                    following.append(found)
                if following[k][0] != word:
                    break
            else:
                spans.append((start, following[len(words) - 2][1]))

    def _next_token(self, text: str, pos: int) -> tuple[str, int] | None:
        """The next token after ``pos`` the analyzer keeps, as (analysed form, end)."""
        try:
            found = next_kept_token(self._field, text, pos)
        except Exception:  # an analyzer failing on odd input: the phrase is not completed
            return None
        return (found[0], found[2]) if found is not None else None

    def _title_count(self, title: str) -> int:
        """Tokens of ``title`` analysing to a first word. With the regex of the spellings met so far
        only its hits are analysed (a spelling not met yet makes the article take the safe path,
        as in the text); without it every word is."""
        if not title:
            return 0
        if self._regex is not None:
            return sum(1 for m in self._regex.finditer(title) if self._is_start(title, m))
        return sum(1 for w in _WORD_RE.findall(title) if self._analysed(w) in self._firsts)

    def _is_start(self, text: str, m: re.Match[str]) -> bool:
        """A regex hit is a whole token analysing to one of the first words."""
        start = m.start()
        token = _WORD_RE.match(text, start)
        return (token is not None and token.end() == m.end() and _starts_token(text, start)
                and self._analysed(m.group(0)) in self._firsts)

    def spans(self, docnum: int | None, text: str, title: str = "",
              indexed_title: Callable[[], str] | None = None,
              limit: int | None = None) -> tuple[list[tuple[int, int]], int]:
        """The spans ``match_spans`` gives for ``text`` (article ``docnum`` of the index), the first
        ``limit`` of them at most, and how many there are in all.

        The index counts the title's tokens too (it indexes title + text): ``title`` is subtracted;
        when it holds a query word, the index's own title (``indexed_title``) is asked, since the
        reader may have corrected it since.
        """
        expected = self.counts.get(docnum, 0) if self.counts is not None and docnum is not None else 0
        if expected and title:
            in_title = self._title_count(title)
            if in_title and indexed_title is not None:
                try:
                    in_title = self._title_count(indexed_title())
                except Exception:  # cannot tell: the safe path
                    in_title = expected
            expected -= in_title
        if expected > 0 and self._regex is not None and (limit is None or expected <= limit):
            found = self._fast(text, expected)
            if found is not None:
                self.fast_hits += 1
                return found, len(found)
        self.slow_hits += 1
        scan = scan_spans(text, self.terms, limit, budget=SCAN_BUDGET if limit is not None else None)
        if self.counts is not None and expected > 0 and scan.complete:
            self._learn(f"{title}\n{text}" if title else text)  # the title is counted too
        if scan.complete:
            return scan.spans, len(scan.spans)
        # The index's count: phrases exactly (``expected`` counts their first words).
        return scan.spans, max(self._index_count(docnum, title) or expected, len(scan.spans))

    def _index_count(self, docnum: int | None, title: str) -> int:
        if self.engine is None or docnum is None:
            return 0
        try:
            return index_count(self.engine, self.terms, docnum, title)
        except Exception:  # a count is a courtesy: the lines listed stay right without it
            return 0

    def _learn(self, text: str) -> None:
        """Remember the spellings of the query's first words in ``text`` (all of them, matched or not)."""
        new = {strip_harakat(w) for w in set(_WORD_RE.findall(text)) if self._analysed(w) in self._firsts}
        new -= self.surfaces
        if not new:
            return
        self.surfaces |= new
        if len(self.surfaces) > MAX_SURFACES or (self.slow_hits > 40 and self.slow_hits > self.fast_hits):
            # Spellings keep coming: a regex of hundreds of alternatives would be slower than
            # tokenizing, so every article takes match_spans from now on.
            self.counts, self._regex = None, None
        else:
            self._regex = _alternation(self.surfaces)


def _merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, overlapping spans joined (as match_spans returns them)."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(set(spans)):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


# --------------------------------------------------------------------------------------------
# Running a query over the index


@dataclass
class _Row:
    docnum: int
    doc_id: str
    date: str | None
    day: int


@dataclass
class Concordance:
    """The articles a query matches and a lazy walk over their lines.

    Made by :func:`open_concordance`; ``articles`` is known at once (in date order), lines come from
    :meth:`lines` as they are cut. ``warning`` is the parser's sentence about the query, if any.
    """

    query: str
    warning: str | None
    terms: list[HighlightTerm]
    rows: list[_Row]
    _searcher: Any
    _documents: Mapping[str, Any] | None
    _owned: bool = False
    context: int = CONTEXT_CHARS
    matched_aliases: list[str] = field(default_factory=list)
    _finder: _SpanFinder | None = None
    per_article: int | None = LINES_PER_ARTICLE
    """Lines listed per article at most (None: all of them)."""
    omitted: dict[str, int] = field(default_factory=dict)
    """Per article whose lines were cut at ``per_article``: how many more occurrences it has."""
    _engine: Any = None
    note: str | None = None
    """One plain sentence when the query matches articles but can have no line in them (it only
    leaves words out, or only filters): said instead of an empty list."""

    @property
    def articles(self) -> int:
        return len(self.rows)

    @property
    def omitted_total(self) -> int:
        """Occurrences not listed so far (articles with more than ``per_article``)."""
        return sum(self.omitted.values())

    def doc_ids(self) -> list[str]:
        return [r.doc_id for r in self.rows]

    def lines(self, cancel: Cancel = None) -> Iterator[KwicLine]:
        """Every occurrence, article by article (oldest first, undated last), in text order."""
        if not self.terms:
            return  # no word to look for (see ``note``): no article need be read
        for row in self.rows:
            if cancel is not None and cancel():
                return
            yield from self._lines_of(row)

    def batches(self, size: int = 200, cancel: Cancel = None) -> Iterator[list[KwicLine]]:
        """:meth:`lines` in lists of about ``size`` (whole articles; the first batch is small)."""
        if not self.terms:
            return  # no word to look for (see ``note``): no article need be read
        batch: list[KwicLine] = []
        limit = min(size, 50)  # the first lines reach the screen after a few articles
        for row in self.rows:
            if cancel is not None and cancel():
                return
            batch.extend(self._lines_of(row))
            if len(batch) >= limit:
                yield batch
                batch = []
                limit = size
        if batch:
            yield batch

    def all_lines(self, cancel: Cancel = None) -> list[KwicLine]:
        return list(self.lines(cancel))

    def _lines_of(self, row: _Row) -> list[KwicLine]:
        doc = self._documents.get(row.doc_id) if self._documents is not None else None
        if doc is not None:
            text = doc.text
            title = doc.title
            language = doc.language
            paragraphs = doc.paragraphs
        else:
            try:
                stored = self._searcher.stored_fields(row.docnum) or {}
            except Exception:  # a damaged segment: skip the article rather than stop the walk
                return []
            text = stored.get("content") or ""
            title = stored.get("title") or ""
            language = stored.get("lang") or ""
            paragraphs = None
        if self._finder is None:
            try:
                reader = self._searcher.reader()
            except Exception:
                reader = None
            self._finder = _SpanFinder(self.terms, reader, self._engine)
        def indexed_title() -> str:
            return (self._searcher.stored_fields(row.docnum) or {}).get("title") or ""

        spans, count = self._finder.spans(row.docnum, text, title, indexed_title, self.per_article)
        if count > len(spans):
            self.omitted[row.doc_id] = count - len(spans)
        return kwic_for_text(text, spans, doc_id=row.doc_id, title=title, date=row.date, language=language,
                             paragraphs=paragraphs, context=self.context)

    def close(self) -> None:
        if self._owned:
            self._searcher.close()
            self._owned = False


def open_concordance(
    index_handle: Any,
    text: str,
    *,
    documents: Mapping[str, Any] | None = None,
    lang: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    exact: bool = False,
    variants: bool = False,
    aliases: Any = None,
    context: int = CONTEXT_CHARS,
    per_article: int | None = LINES_PER_ARTICLE,
) -> Concordance:
    """Find the articles ``text`` matches (as ``search`` does, without a limit); never raises on input.

    ``documents`` maps article ids to Documents (the loaded corpus): their text and paragraphs are
    used when given (paragraph languages and directions come from ingest), else the text the
    handle's searcher reads from its corpus (the index stores none). ``lang``, ``date_from`` and
    ``date_to`` filter articles as in search. Duplicates are left out, as in search. An empty query
    gives an empty concordance. At most ``per_article`` lines are listed per article; the rest are
    counted in ``omitted``.
    """
    searcher, handle_aliases, owned = handle_parts(index_handle)
    parsed = parse_query(text, exact=exact, variants=variants,
                         aliases=aliases if aliases is not None else handle_aliases)
    warnings = [parsed.warning] if parsed.warning else []
    conc = Concordance(parsed.text, None, [], [], searcher, documents, owned, max(1, int(context)),
                       list(parsed.matched_aliases), per_article=per_article)
    code = str(lang).strip().lower() if lang else None
    found = find_matches(
        searcher, parsed, lang=None if code in ("all", "") else lang, date_from=date_from, date_to=date_to,
        warnings=warnings,
    )  # the articles search finds, filtered the same way (None: no words and no filter)
    if found is not None:
        conc._engine = found.engine
        expanded = multiterm_highlights(found.query, found.engine.expand)
        conc.terms = list(dict.fromkeys(found.highlight + expanded))
        reader, arrays = searcher.reader(), found.arrays
        ids, dates, day = arrays.column(reader, "id"), arrays.column(reader, "date"), arrays.day
        rows = [_Row(d, ids[d], dates[d] or None, day[d] or None) for d in found.docs if ids[d]]
        rows.sort(key=lambda r: (r.day or 99_999_999, r.doc_id))
        conc.rows = rows
        if rows and not conc.terms:
            conc.note = _nothing_to_show(parsed.text, found.query, len(rows))
    conc.warning = " ".join(dict.fromkeys(w for w in warnings if w)) or None
    return conc


def _leaves_words_out(q: wq.Query) -> bool:
    if isinstance(q, wq.Not | wq.AndNot):
        return True
    return not q.is_leaf() and any(_leaves_words_out(child) for child in q.children())


def _nothing_to_show(text: str, q: wq.Query, articles: int) -> str:
    """Why a query that matches ``articles`` articles gives no line, in one plain sentence.

    A query of ``NOT`` alone matches every article *without* the word: the user gets those
    articles (search lists them) and no line, since a word that is absent has no occurrence.
    """
    query = " ".join(text.split()) or "The query"
    some = f"{articles} article{'s' if articles != 1 else ''}"
    if _leaves_words_out(q):
        return (f"“{query}” only leaves words out: it matches the {some} without them, and a word that "
                "is not there has no occurrence to show in context.")
    return (f"“{query}” names no word of the articles' text (only filters or fields), so its {some} "
            "have no occurrence to show in context.")


# --------------------------------------------------------------------------------------------
# Bilingual: the aligned paragraph of an article's translation


@dataclass(frozen=True)
class Counterpart:
    """The paragraph(s) of the paired article aligned with a line's paragraph (plain text)."""

    doc_id: str
    paragraphs: tuple[int, ...]
    text: str
    direction: str


class Counterparts:
    """For a line of an article that has a paired translation: the aligned paragraph over there.

    ``pairs`` are ``(a, b)`` article ids (declared in metadata.csv or made by the user, see
    :func:`reader.align.pairing.all_pairs`). Each pair is aligned once, on first use, with the
    paragraph aligner (lengths plus numbers, names and aliases as anchors), so asking for the few
    lines on screen costs a handful of alignments, not the whole corpus. A paragraph the aligner
    left without counterpart gives None, as does an article without a pair.
    """

    def __init__(self, documents: Mapping[str, Any], pairs: Iterable[tuple[str, str]],
                 aliases: Any = None) -> None:
        self._documents = documents
        self._aliases = aliases
        self._partner: dict[str, str] = {}
        for a, b in pairs:
            if a in documents and b in documents and a != b:
                self._partner.setdefault(a, b)
                self._partner.setdefault(b, a)
        self._aligned: dict[tuple[str, str], dict[int, tuple[int, ...]]] = {}

    def __bool__(self) -> bool:
        return bool(self._partner)

    def partner(self, doc_id: str) -> str | None:
        return self._partner.get(doc_id)

    def _mapping(self, doc_id: str, other_id: str) -> dict[int, tuple[int, ...]]:
        key = (doc_id, other_id)
        mapping = self._aligned.get(key)
        if mapping is None:
            from reader.align.aligner import align

            mine = [p.text for p in self._documents[doc_id].paragraphs]
            theirs = [p.text for p in self._documents[other_id].paragraphs]
            try:
                beads = align(mine, theirs, aliases=self._aliases)
            except Exception:  # alignment is a convenience: never break the concordance over it
                beads = []
            mapping, back = {}, {}
            for a_side, b_side in beads:
                for i in a_side:
                    mapping[i] = tuple(b_side)
                for j in b_side:
                    back[j] = tuple(a_side)
            self._aligned[key] = mapping
            self._aligned[(other_id, doc_id)] = back
        return mapping

    def paragraph_for(self, doc_id: str, paragraph: int) -> Counterpart | None:
        """The counterpart of paragraph ``paragraph`` (0-based) of ``doc_id``, or None."""
        other_id = self._partner.get(doc_id)
        if other_id is None or doc_id not in self._documents:
            return None
        indices = self._mapping(doc_id, other_id).get(paragraph, ())
        if not indices:
            return None
        paras = self._documents[other_id].paragraphs
        text = " ".join(_flat(paras[j].text).strip() for j in indices if 0 <= j < len(paras))
        direction = str(getattr(paras[indices[0]], "direction", "ltr")) if text else "ltr"
        return Counterpart(other_id, indices, text, direction) if text else None

    def bead(self, doc_id: str, paragraph: int) -> tuple[int, ...]:
        """The paragraphs of ``doc_id`` that share ``paragraph``'s counterpart (a translator merged
        them, or split one): the n-th match over there faces the n-th match of all of them."""
        other_id = self._partner.get(doc_id)
        if other_id is None or doc_id not in self._documents:
            return (paragraph,)
        mapping = self._mapping(doc_id, other_id)
        target = mapping.get(paragraph)
        if not target:
            return (paragraph,)
        return tuple(sorted(i for i, theirs in mapping.items() if theirs == target))

    def line_for(self, doc_id: str, paragraph: int, terms: Sequence[HighlightTerm], occurrence: int = 0,
                 context: int = CONTEXT_CHARS) -> KwicLine | None:
        """The counterpart of paragraph ``paragraph`` as a KWIC line centred on its ``occurrence``-th
        match of ``terms`` (0-based, counted over the paragraph's :meth:`bead`; the last one when it
        has fewer), or None (no counterpart, or none of the query's words in it).

        ``terms`` are the query's (an alias group brings the name's spellings in both scripts), so
        the translated name sits across from the name of the line, where a paragraph's first words
        would leave it cut off far to the right.
        """
        found = self.paragraph_for(doc_id, paragraph)
        if found is None or not terms:
            return None
        spans = scan_spans(found.text, terms, limit=occurrence + 1).spans
        if not spans:
            return None
        span = spans[min(occurrence, len(spans) - 1)]
        lines = kwic_for_text(found.text, [span], doc_id=found.doc_id, context=context)
        return lines[0] if lines else None


# --------------------------------------------------------------------------------------------
# Export

EXPORT_COLUMNS = ("id", "title", "date", "language", "paragraph", "start", "end", "left", "match", "right",
                  "direction")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _row(line: KwicLine) -> list[str]:
    return [line.doc_id, " ".join(line.title.split()), line.date or "", line.language,
            str(line.paragraph + 1), str(line.start), str(line.end), line.left, line.match, line.right,
            line.direction]


def _cell_safe(value: str) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas: article text must stay text."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def lines_to_csv(lines: Iterable[KwicLine]) -> bytes:
    """CSV in UTF-8 with a byte-order mark (Excel then reads Arabic correctly), one row per line.

    ``paragraph`` counts from 1 as ``show`` numbers paragraphs; ``start``/``end`` are code points
    into the article's clean text. Text cells that a spreadsheet would run as a formula get a
    leading apostrophe.
    """
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    for line in lines:
        row = _row(line)
        for i in (1, 7, 8, 9):
            row[i] = _cell_safe(row[i])
        writer.writerow(row)
    return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")


def _md_cell(value: str) -> str:
    value = value.replace("\\", "\\\\").replace("|", "\\|")
    for ch in "`*_[]<>#":
        value = value.replace(ch, "\\" + ch)
    return " ".join(value.split())


def lines_to_markdown(lines: Iterable[KwicLine], query: str = "") -> bytes:
    """A Markdown table (UTF-8): article, date, left context, **match**, right context.

    Markdown syntax characters and HTML brackets in the text are backslash-escaped, so a renderer
    shows the text as written and never runs markup found in an article.
    """
    out = []
    if query:
        out.append(f"Concordance of {_md_cell(query)}\n")
    out.append("| Article | Date | Left context | Match | Right context |")
    out.append("| --- | --- | ---: | :---: | --- |")
    for line in lines:
        article = f"{_md_cell(' '.join(line.title.split()))} ({_md_cell(line.doc_id)})"
        out.append(
            f"| {article} | {line.date or 'undated'} | "
            f"{_md_cell(line.left)} | **{_md_cell(line.match)}** | {_md_cell(line.right)} |"
        )
    return ("\n".join(out) + "\n").encode("utf-8")


def lines_to_html(lines: Iterable[KwicLine], query: str = "") -> bytes:
    """A standalone HTML page with one table; every piece of article text is HTML-escaped.

    Each row carries ``dir="rtl"`` or ``dir="ltr"`` (our own value) so a browser lays Arabic lines
    out right to left; the contexts are isolated (``<bdi>``) so mixed-script lines keep their order.
    """
    esc = html.escape
    title = f"Concordance of {query}" if query else "Concordance"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{esc(title)}</title>",
        "<style>table{border-collapse:collapse}td,th{padding:2px 6px;border-bottom:1px solid #ddd}"
        ".l{text-align:end}.m{font-weight:bold;text-align:center}"
        "tr[dir=rtl] td{font-family:'Noto Naskh Arabic',serif}</style>",
        "</head><body>",
        f"<h1>{esc(title)}</h1>",
        "<table><thead><tr><th>Article</th><th>Date</th><th>Left context</th><th>Match</th>"
        "<th>Right context</th></tr></thead><tbody>",
    ]
    for line in lines:
        direction = "rtl" if line.direction == "rtl" else "ltr"
        parts.append(
            f'<tr dir="{direction}"><td dir="auto">{esc(" ".join(line.title.split()))} '
            f"<small>({esc(line.doc_id)})</small></td><td>{esc(line.date or 'undated')}</td>"
            f'<td class="l"><bdi>{esc(line.left)}</bdi></td><td class="m"><bdi>{esc(line.match)}</bdi></td>'
            f"<td><bdi>{esc(line.right)}</bdi></td></tr>"
        )
    parts.append("</tbody></table></body></html>")
    return ("\n".join(parts) + "\n").encode("utf-8")


EXPORT_FORMATS = {"csv": lines_to_csv, "md": lines_to_markdown, "html": lines_to_html}


def export_lines(path: str | os.PathLike[str], lines: Iterable[KwicLine], fmt: str | None = None,
                 query: str = "") -> Path:
    """Write ``lines`` to ``path`` atomically as CSV, Markdown or HTML (from ``fmt`` or the suffix).

    The folder must exist (a mistyped path is an error to report, not a folder to create).
    """
    kind = (fmt or Path(path).suffix.lstrip(".") or "csv").lower()
    kind = {"markdown": "md", "htm": "html", "txt": "md"}.get(kind, kind)
    if kind not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {kind!r} (use csv, md or html)")
    data = lines_to_csv(lines) if kind == "csv" else EXPORT_FORMATS[kind](lines, query)  # type: ignore[operator]
    return atomic_write(path, data, make_parents=False)
