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
* ``content`` (stemmed, positions, **not stored**): title + text, so a word of the title alone still
  finds the article. The text is not kept in the index: hits read ``Document.text`` from the corpus
  (:meth:`reader.search.indexer.IndexHandle.text_of`), so offsets are offsets into it. Each
  occurrence also keeps a code of its surface form (lowercased, harakat and accents kept: what
  ``--exact`` compares; :class:`FormPositions`). Exact search reads a stem's postings and keeps the
  occurrences of the form's code; variant search expands a transliteration key to the forms
  carrying it (the lexicon, :mod:`reader.search.lexicon`): one analysed field instead of three;
* ``duplicate_of`` / ``dup`` (``"1"`` for a non-canonical copy, masked out of every search);
* ``file_hash``: fingerprint of the source file *and* of the metadata that reaches the index (title,
  date, duplicate grouping...), so an incremental update notices a ``metadata.csv`` edit or a
  duplicate regrouping even when the article's own file did not change.

``exact`` and ``variants`` exist only in the *query* schema (:func:`shared_schema`): their analyzers
turn typed words into surface forms and keys, and the searcher resolves them on ``content``.

Text fields are :class:`MemoText`: the same postings as Whoosh's TEXT, written faster (each
distinct word analysed once per write). Version 3 introduced it; version 4 the single analysed
field with form codes and no stored text.
"""

from __future__ import annotations

import hashlib
import re
import threading
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Any

from whoosh.analysis import CompositeAnalyzer, LowercaseFilter
from whoosh.fields import ID, NUMERIC, TEXT, Schema
from whoosh.formats import Frequency, Positions
from whoosh.system import pack_uint as _pack_uint
from whoosh.util.text import utf8encode

from reader.ingest.model import Document
from reader.search import analysis

SCHEMA_VERSION = 4
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
    """Forget the words memoised while writing (when the last write ends: the app lives on)."""
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
        direct = _direct_analysis().get(key)
        positions: dict[str, list[int]] = {}
        pos = -1
        for i, word in enumerate(_words_of(value)):
            try:
                term = memo[word]
            except KeyError:
                term = memo[word] = direct(word) if direct is not None else next(
                    (t.text for t in analyzer(word)), None)
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


@lru_cache(maxsize=1)
def _direct_analysis() -> dict[tuple[Any, ...] | None, Any]:
    """Analyzer chains (by :func:`_memo_key`) with a direct one-word function doing the same."""
    return {
        _memo_key(analysis.stemmed_analyzer()): analysis.stem_one,
        _memo_key(analysis.exact_analyzer()): analysis.exact_one,
        _memo_key(analysis.variant_analyzer()): analysis.key_one,
    }


def one_word(analyzer: Any, word: str) -> str | None:
    """The term ``analyzer`` makes of one word (None when it drops it): directly for this module's
    own chains (a tenth of the chain's cost), through the chain for any other analyzer."""
    return one_word_function(analyzer)(word)


def one_word_function(analyzer: Any) -> Any:
    """``word -> term or None`` for ``analyzer`` (see :func:`one_word`); look it up once per use."""
    direct = _direct_analysis().get(_memo_key(analyzer))
    if direct is not None:
        return direct
    return lambda word: next((t.text for t in analyzer(word)), None)


def form_code(stem: str, form: str) -> int:
    """The code ``content`` keeps for one occurrence's surface ``form``: 0 when the form is its
    stem, else a CRC-32 of the form (never 0). Two forms of one stem with the same code are told
    apart by the searcher from the text (:mod:`reader.search.lexicon`)."""
    if form == stem:
        return 0
    return zlib.crc32(form.encode("utf-8")) or 1


class FormPositions(Positions):
    """``content`` postings: the positions as 32-bit integers, and each occurrence's form code.

    Layout of a value: the count (Whoosh's 4-byte header, so frequency and weight read as from
    :class:`~whoosh.formats.Positions`), the positions (``array('I')``, native byte order: the
    index is a local cache), then the codes of the occurrences in the same order, left out when all
    are 0 (every occurrence is its stem's own form). Decoding is two C-level array reads, against a
    pickle and a Python sum for Whoosh's format: the phrase checks decode many of these.
    """

    def encode(self, poslist: list[int], codes: list[int] | None = None) -> bytes:
        value = _pack_uint(len(poslist)) + array("I", poslist).tobytes()
        if codes and any(codes):
            value += array("I", codes).tobytes()
        return value

    def decode_positions(self, valuestring: bytes) -> list[int]:
        return decode_form_positions(valuestring)

    def decode_codes(self, valuestring: bytes) -> list[int] | None:
        return decode_form_codes(valuestring)


def decode_form_positions(value: bytes) -> list[int]:
    """The positions of a :class:`FormPositions` value."""
    return position_array(value).tolist()


def position_array(value: bytes) -> array:
    """The positions of a :class:`FormPositions` value as an ``array('I')`` (no list built: the
    searcher only iterates, counts and bisects them)."""
    n = int.from_bytes(value[:4], "big")
    positions = array("I")
    positions.frombytes(value[4:4 + 4 * n])
    return positions


def decode_form_codes(value: bytes) -> list[int] | None:
    """The form codes of a :class:`FormPositions` value, or None when all are 0."""
    codes = form_code_array(value)
    return codes.tolist() if codes is not None else None


def form_code_array(value: bytes) -> array | None:
    """:func:`decode_form_codes` as an ``array('I')`` (counted in C by exact search)."""
    n = int.from_bytes(value[:4], "big")
    if len(value) <= 4 + 4 * n:
        return None
    codes = array("I")
    codes.frombytes(value[4 + 4 * n:4 + 8 * n])
    return codes


_SESSION_FORMS: dict[str, str] = {}
"""Surface form -> stem, for each form met by :class:`FormsText` since :func:`begin_session` (and not
handed to the writes' sinks since): what a write adds to the lexicon."""
_SESSION_LOCK = threading.Lock()

FormsSink = Callable[[Sequence[str], Mapping[str, str]], None]
"""Where a write's forms go when the writes under way hold :data:`SPILL_FORMS` of them: called with
the forms (sorted) and a mapping holding their stems (see :func:`begin_session`)."""
SPILL_FORMS = 250_000
"""Forms held in memory before they are handed to the writes' sinks (about 130 bytes each with its
stem: 30 MB; a bulk build meets 1.96M at 50k generated articles, most of them in both processes)."""


class Session:
    """One write under way (:func:`begin_session`): its sink, or None while it takes none, and the
    error its sink raised (raised by :func:`keep_forms`, in the write's own thread)."""

    __slots__ = ("failed", "sink")

    def __init__(self, sink: FormsSink | None) -> None:
        self.sink = sink
        self.failed: BaseException | None = None


_OPEN: list[Session] = []
_spilling = False
"""Every write under way has a sink: the forms may leave memory (read without the lock)."""


def begin_session(sink: FormsSink | None = None) -> Session:
    """Start a write: every word it meets from now has its form noted (see :func:`session_forms`).

    Writes may overlap (two corpora indexed from two threads), and the memos are shared: a word
    one write memoised is not met again by the other. So the forms are gathered for all the writes
    under way together and forgotten, with the memos, only when the last one ends
    (:func:`end_session`): each write's lexicon gets at least its own forms (another's extra forms
    cost only a lookup; a missing one would hide its articles from exact and variant search).

    ``sink``: where this write's forms may go (a file beside the index, merged into its lexicon at
    the end) when the writes under way hold :data:`SPILL_FORMS`: they are handed to every write's
    sink at once and leave memory (held to the end, a bulk build's grew with the corpus: 1.96M forms
    at 50k generated articles, 130 bytes each with its stem). Forms are kept while any write under
    way has no sink (:func:`keep_forms`). A write that joins others starts the memos over, so it
    notes every word it meets again: those of its words that were handed to the others' sinks
    before it began were not handed to its own.
    """
    session = Session(sink)
    with _SESSION_LOCK:
        if not _OPEN:
            _SESSION_FORMS.clear()
        clear_memos()
        _OPEN.append(session)
        _update_spilling()
    return session


def keep_forms(session: Session) -> None:
    """From now on, no forms go to sinks while ``session`` is under way: it writes its lexicon from
    its sink's file and :func:`session_forms_view`, which must not change under it. Raises what its
    sink raised, if it failed (a full disk): the forms it was handed are lost to its lexicon."""
    with _SESSION_LOCK:
        session.sink = None
        _update_spilling()
    if session.failed is not None:
        raise session.failed


def end_session(session: Session | None = None) -> None:
    """A write begun with :func:`begin_session` ended (committed or not). ``None``: a write begun
    without a sink."""
    with _SESSION_LOCK:
        if session is None:
            session = next((s for s in _OPEN if s.sink is None), None)
        if session in _OPEN:
            _OPEN.remove(session)
        if not _OPEN:
            clear_memos()
            _SESSION_FORMS.clear()
        _update_spilling()


def _update_spilling() -> None:
    global _spilling
    _spilling = bool(_OPEN) and all(s.sink is not None for s in _OPEN)


def _spill() -> None:
    """Hand the forms held to every write's sink, and forget them (see :func:`begin_session`)."""
    with _SESSION_LOCK:
        if not _spilling or len(_SESSION_FORMS) < SPILL_FORMS:
            return
        forms = sorted(_SESSION_FORMS)  # a snapshot: other threads may note more meanwhile
        for session in _OPEN:
            assert session.sink is not None
            try:
                session.sink(forms, _SESSION_FORMS)
            except BaseException as exc:  # that write fails (keep_forms), not the one noting a form
                session.failed, session.sink = exc, None
        _update_spilling()
        if not _spilling:
            return  # a sink failed: forms stay in memory, its write fails when it ends
        for form in forms:
            _SESSION_FORMS.pop(form, None)


def session_forms() -> dict[str, str]:
    """The surface forms (with their stems) met since :func:`begin_session` (a copy), but for those
    handed to the writes' sinks."""
    return dict(_SESSION_FORMS)


def session_forms_view() -> Mapping[str, str]:
    """:func:`session_forms` without the copy (a bulk build's are a million: a copy was 100 MB).

    Read it while the caller's session is open and takes no forms (:func:`keep_forms`, or begun
    without a sink): other writes under way may add forms meanwhile, never remove one."""
    return _SESSION_FORMS


class FormsText(MemoText):
    """``content``: stemmed terms with positions and, per occurrence, its surface form's code.

    Each distinct word is analysed once per write (as :class:`MemoText`): its stem (the field's
    analyzer: the terms and positions are the stock analyzer's) and its exact form
    (:func:`reader.search.analysis.exact_analyzer`), kept as :func:`form_code` beside the position.
    So ``--exact`` and ``--variants`` need no terms of their own: the forms of a stem are read off
    its postings.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.format = FormPositions(field_boost=self.format.field_boost)

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        fmt = self.format
        key = _memo_key(self.analyzer) if not kwargs and isinstance(value, str) else None
        if key is None or type(fmt) is not FormPositions or fmt.field_boost != 1.0:
            raise ValueError("content must be indexed from text with the stemmed analyzer")
        stem_of = _direct_analysis().get(key) or self._chain_stem
        key = ("forms", *key)
        memo: dict[str, tuple[bytes, int] | None] | None = _MEMOS.get(key)  # type: ignore[assignment]
        if memo is None or len(memo) > MEMO_MAX_WORDS:
            memo = _MEMOS[key] = {}  # type: ignore[assignment]
        found: dict[bytes, tuple[list[int], list[int]]] = {}
        pos = -1
        for i, word in enumerate(_words_of(value)):
            try:
                entry = memo[word]
            except KeyError:
                entry = memo[word] = _forms_entry(word, stem_of(word))
            if entry is None:
                continue
            pos = i if pos < 0 else pos + 1  # the first kept word keeps its place, as in _drop
            lists = found.get(entry[0])
            if lists is None:
                found[entry[0]] = ([pos], [entry[1]])
            else:
                lists[0].append(pos)
                lists[1].append(entry[1])
        pack = _pack_uint
        for term, (poslist, codes) in found.items():
            freq = len(poslist)
            value = pack(freq) + array("I", poslist).tobytes()
            if any(codes):
                value += array("I", codes).tobytes()
            yield term, freq, float(freq), value

    def _chain_stem(self, word: str) -> str | None:
        return next((t.text for t in self.analyzer(word)), None)


def _forms_entry(word: str, stem: str | None) -> tuple[bytes, int] | None:
    """A word's ``content`` term and form code, noting the form for the lexicon."""
    if stem is None:
        return None
    form = analysis.exact_one(word)
    if form is None:
        return utf8encode(stem)[0], 0
    _SESSION_FORMS[form] = stem
    if _spilling and len(_SESSION_FORMS) >= SPILL_FORMS:
        _spill()
    return utf8encode(stem)[0], form_code(stem, form)


def build_schema() -> Schema:
    """The index's Schema (a fresh object: indexes pickle their own copy)."""
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
        content=FormsText(analyzer=stemmed, phrase=True, stored=False),
        duplicate_of=ID(stored=True),
        dup=ID(sortable=True),
        file_hash=ID(stored=True, sortable=True),
    )


VIRTUAL_FIELDS = frozenset({"exact", "variants"})
"""Query fields with an analyzer but no postings of their own: resolved on ``content``."""


def query_schema() -> Schema:
    """The index schema plus ``exact`` and ``variants`` (analyzers only, never written)."""
    schema = build_schema()
    schema.add("exact", TEXT(analyzer=analysis.exact_analyzer(), phrase=False))
    schema.add("variants", TEXT(analyzer=analysis.variant_analyzer(), phrase=False))
    return schema


@lru_cache(maxsize=1)
def shared_schema() -> Schema:
    """One query schema for parsing and highlighting (analyzers are stateless, so sharing is safe)."""
    return query_schema()


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
        "duplicate_of": doc.duplicate_of or "",
        "dup": "1" if doc.duplicate_of else "0",
        "file_hash": file_hash,
    }
