"""Plain data objects that flow from ingest to search, store and UI.

They are frozen dataclasses so that every consumer (Whoosh indexer, Qt models, CLI JSON)
sees one immutable picture of an article; offsets are Python code points into ``Document.text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

STORED = frozenset({"paragraphs", "original"})  # the fields a stored article reads when asked (below)
Language = Literal["en", "ar", "other"]
DocLanguage = Literal["en", "ar", "mixed", "other"]
Direction = Literal["ltr", "rtl"]
_ISO_DAY = re.compile(r"\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])")
DatePrecision = Literal["day", "month", "year"]
DateSource = Literal["manifest", "header", "metadata", "body", "none", "corrected"]


@dataclass(frozen=True)
class DateInfo:
    """A date with the honesty attached: where it came from, how precise, and why.

    ``value`` is ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` according to ``precision``, or None.
    ``not_before`` carries a bound (e.g. "2021") when no date can be given but a floor is known.
    """

    value: str | None = None
    precision: DatePrecision | None = None
    source: DateSource = "none"
    evidence: str = ""
    not_before: str | None = None

    @property
    def reported_day(self) -> str | None:
        """The day an undated article reports (``not_before`` as a whole ``YYYY-MM-DD``): it was written
        that day or later. None for a dated article or a looser floor (a year: "mentions 2016")."""
        floor = self.not_before
        if self.value is None and floor and _ISO_DAY.fullmatch(floor):
            return floor
        return None

    @property
    def sort_key(self) -> str:
        """A string that sorts chronologically; undated sorts last."""
        return self.value or "9999"


UNDATED = DateInfo(None, None, "none", "no date found")


@dataclass(frozen=True)
class Boundary:
    """Why an article starts where it does: the evidence the splitter saw, so the researcher can judge
    it (and split or merge where it is wrong). ``confidence`` runs from 0 (a guess) to 1 (certain:
    the start of a file, a page seam, the researcher's own split)."""

    reason: str
    confidence: float


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the clean text. ``page`` is the source's page number (from 1) where the
    source has pages (PDF), so quotes can say "p. 12"; ``heading`` marks a heading or a chapter
    title (Word, EPUB, Markdown, web pages), which the reading pane sets apart."""

    text: str
    start: int
    language: Language
    direction: Direction
    page: int | None = None
    heading: bool = False

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass(frozen=True)
class Document:
    """One article: the unit the reader opens, searches, annotates and dates.

    ``id`` is ``<file stem>#<segment, two digits>`` (``001_ff668e2db0ba1b04#07``) so a re-scan of
    the same file reproduces it; it is unique in the corpus, so a file sharing its stem with another
    (``case.txt`` and ``case.TXT``) keeps its extension in it (``case.TXT#01``, see
    :func:`reader.ingest.corpus.article_id_stems`). ``source`` is the path relative to the corpus
    root, with ``/``, unique too: bytes of a name that are not UTF-8 show as U+FFFD, or as ``%XX``
    when that would make two names alike.
    ``original`` is the untouched source span (boilerplate included) so nothing is hidden for good;
    ``source_span`` locates it in the decoded file text.

    An article from the scan cache (:mod:`reader.ingest.scan_cache`) holds no text: a corpus of 50k
    articles is half a gigabyte of it. Its ``paragraphs`` and ``original`` are missing from the
    instance, which names the store row that has them instead (``_stored``: an object with a
    ``read(row, field)``), so reading either reads it from there (:meth:`__getattr__`; the store
    keeps the last few read). A freshly split article reads its ``original`` so from its file's
    text (a scan would otherwise hold the corpus' text twice). To everyone else it is the same
    article: equal, hashed, replaced and pickled (with its text) alike.
    """

    id: str
    source: str
    segment: int
    title: str
    byline: str | None
    outlet: str | None
    date: DateInfo
    language: DocLanguage
    paragraphs: tuple[Paragraph, ...]
    original: str
    source_span: tuple[int, int]
    duplicate_of: str | None = None
    encoding: str = "utf-8"
    removed: tuple[str, ...] = field(default=())
    pair: str | None = None
    boundary: Boundary | None = None  # why the splitter started an article here, and how sure it is
    url: str | None = None  # the page's address (a saved web page's canonical URL)

    @property
    def text(self) -> str:
        """Clean article text: paragraphs separated by one blank line (a stored article's is kept with
        its paragraphs: search reads it for every hit shown)."""
        stored = self.__dict__.get("_stored")
        if stored is not None and "paragraphs" not in self.__dict__:
            return stored[0].read(stored[1], "text")
        return "\n\n".join(p.text for p in self.paragraphs)

    @property
    def chars(self) -> int:
        """Characters of text, known without reading a stored article's text (an index update sums
        them over the whole corpus)."""
        known = self.__dict__.get("_chars")
        return known if known is not None else sum(len(p.text) for p in self.paragraphs)

    def __getattr__(self, name: str) -> Any:
        """Only called for an attribute the instance lacks: a stored article's text, read now."""
        stored = self.__dict__.get("_stored") if name in STORED else None
        if stored is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        store, row = stored
        return store.read(row, name)

    def __getstate__(self) -> dict[str, Any]:
        """A pickled (or copied) article carries its text: it may go where the store is not (the
        indexer's helper process)."""
        state = dict(self.__dict__)
        if state.pop("_stored", None) is not None:
            state.pop("_chars", None)
            state.update((name, getattr(self, name)) for name in STORED if name not in state)
        return state
