"""Plain data objects that flow from ingest to search, store and UI.

They are frozen dataclasses so that every consumer (Whoosh indexer, Qt models, CLI JSON)
sees one immutable picture of an article; offsets are Python code points into ``Document.text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Language = Literal["en", "ar", "other"]
DocLanguage = Literal["en", "ar", "mixed", "other"]
Direction = Literal["ltr", "rtl"]
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
        """Clean article text: paragraphs separated by one blank line."""
        return "\n\n".join(p.text for p in self.paragraphs)

    @property
    def chars(self) -> int:
        return sum(len(p.text) for p in self.paragraphs)
