"""Files that are not plain text (web pages, PDF, Word, EPUB, Markdown) turned into articles.

Why a separate step from the ``.txt`` readers: a scraped text dump is one long string that the
segmenter splits into articles and searches for titles, bylines and dates. A saved web page, a
PDF or a Word file already says where its text is, what its title and date are, which lines are
headings and on which page each paragraph stands; guessing all that again from flattened text
would lose it. So each format's extractor returns an :class:`Extracted` (blocks of text with their
page and heading flags, plus the metadata the file declares), and
:func:`reader.ingest.corpus.documents_of_file` makes the article(s) from it directly, through the
same paragraph, language, date and id code as every other article.

Extractors are registered by suffix with :func:`extractor`; each lives in its own module of this
package and may need a library (trafilatura, a PDF library, python-docx). A module whose library is
missing registers nothing, and its files are skipped with a reason naming the library.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from reader.ingest.model import Direction

log = logging.getLogger(__name__)

__all__ = [
    "EXTRACTORS",
    "MISSING",
    "Block",
    "Extracted",
    "Extractor",
    "extractor",
    "load_extractors",
]


@dataclass(frozen=True)
class Block:
    """One paragraph as the file gives it (already cleaned of the format's boilerplate)."""

    text: str
    page: int | None = None  # from 1, where the source has pages
    heading: bool = False  # a heading, or a chapter title (EPUB)
    direction: Direction | None = None  # declared by the file (w:bidi, dir="rtl"); else by script


@dataclass(frozen=True)
class Extracted:
    """What a file says about itself, and its text as blocks.

    ``articles`` > 1 only for files that hold several (an EPUB collection): then each block with
    ``heading`` and ``article_start`` in ``starts`` begins a new article. ``original`` is the file's
    full text for "Show original" (boilerplate included, markup removed), ``fmt`` a short format
    name shown to the user ("html", "mhtml", "pdf", "docx", "epub", "markdown").
    """

    blocks: tuple[Block, ...]
    fmt: str
    original: str = ""
    title: str | None = None
    date: str | None = None  # YYYY-MM-DD, YYYY-MM or YYYY, as declared by the file's metadata
    date_evidence: str = ""  # where the date came from, in words ("<meta property=article:published_time>")
    author: str | None = None
    site: str | None = None  # the outlet: a web page's site name, a PDF's publisher
    url: str | None = None
    language: str | None = None  # declared ("ar", "en"), a hint only: the text decides
    starts: tuple[int, ...] = field(default=())  # block indexes where a new article starts (EPUB)
    notes: tuple[str, ...] = field(default=())  # things worth telling the user (pages skipped, ...)


Extractor = Callable[[bytes, Path], Extracted]
"""``(file bytes, path) -> Extracted``; raises :class:`reader.ingest.loader.NotText` with a
reason a user understands ("no text layer (scanned image); OCR it first")."""

EXTRACTORS: dict[str, Extractor] = {}
#: Suffix -> why its files cannot be read here (the library that is missing).
MISSING: dict[str, str] = {}

# The modules of this package, each registering its suffixes; their order decides nothing.
_MODULES = ("html", "markdown", "pdf", "docx", "epub")
_loaded = False


def extractor(*suffixes: str) -> Callable[[Extractor], Extractor]:
    """Register ``fn`` for ``suffixes`` (lower case, with the dot)."""

    def register(fn: Extractor) -> Extractor:
        for suffix in suffixes:
            EXTRACTORS[suffix] = fn
            MISSING.pop(suffix, None)
        return fn

    return register


def missing(library: str, *suffixes: str) -> None:
    """A format module's library is not installed: its files are skipped, saying which one."""
    for suffix in suffixes:
        if suffix not in EXTRACTORS:
            MISSING[suffix] = f"reading {suffix} files needs the {library} package, which is not installed"


def load_extractors() -> dict[str, Extractor]:
    """Import every format module once (they register themselves) and return the registry."""
    global _loaded
    if not _loaded:
        _loaded = True
        for name in _MODULES:
            try:
                importlib.import_module(f"{__name__}.{name}")
            except ModuleNotFoundError as exc:
                if exc.name and exc.name.startswith(f"{__name__}."):
                    continue  # that format is not written yet
                log.warning("file format module %s could not be loaded: %s", name, exc)
    return EXTRACTORS
