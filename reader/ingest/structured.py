"""Articles from a file that says where its text is (:class:`~reader.ingest.formats.Extracted`).

A web page, PDF, Word file or EPUB is one article (an EPUB collection one per story): its title,
date, author and site come from the file's own metadata where it has them, else from its text by
the same rules as a scraped page (first heading for the title, the body's date evidence); its
paragraphs keep their page numbers and heading marks.
"""

from __future__ import annotations

import re

from reader.ingest.dates import infer_body_date
from reader.ingest.formats import Block, Extracted
from reader.ingest.loader import SourceFile
from reader.ingest.model import Boundary, DateInfo, Document
from reader.text.script import document_language

__all__ = ["documents_of_extracted"]

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_SPACES = re.compile(r"\s+")
TITLE_MAX = 300


def documents_of_extracted(source: SourceFile, extracted: Extracted, stem: str | None) -> list[Document]:
    from reader.ingest.corpus import build_paragraphs, doc_id

    starts = sorted({0, *(i for i in extracted.starts if 0 < i < len(extracted.blocks))})
    spans = list(zip(starts, [*starts[1:], len(extracted.blocks)], strict=True))
    docs: list[Document] = []
    for n, (first, last) in enumerate(spans, start=1):
        blocks = [b for b in extracted.blocks[first:last] if _clean(b.text)]
        if not blocks:
            continue
        title = _title(extracted, blocks, several=len(spans) > 1)
        if blocks[0].heading and _clean(blocks[0].text) == title:
            blocks = blocks[1:] or blocks  # the title is the header's, not the text's first line
        texts = [_clean(b.text) for b in blocks]
        paragraphs = build_paragraphs(
            texts, [b.page for b in blocks], [b.heading for b in blocks], [b.direction for b in blocks]
        )
        docs.append(Document(
            id=doc_id(source.relpath, len(docs) + 1, stem),
            source=source.relpath,
            segment=len(docs) + 1,
            title=title,
            byline=extracted.author,
            outlet=extracted.site,
            date=_date(extracted, texts, title),
            language=document_language([(p.language, len(p.text)) for p in paragraphs]),
            paragraphs=paragraphs,
            original=source.text,
            source_span=(0, len(source.text)),
            encoding=extracted.fmt,
            url=extracted.url,
            boundary=Boundary(_boundary_reason(extracted, n, len(spans)), 1.0),
        ))
    return docs


def _clean(text: str) -> str:
    """One paragraph on one line: the reading pane and the offsets expect no line breaks inside."""
    return _SPACES.sub(" ", text).strip()


def _title(extracted: Extracted, blocks: list[Block], *, several: bool) -> str:
    if not several and extracted.title and _clean(extracted.title):
        return _clean(extracted.title)[:TITLE_MAX]
    heading = next((b for b in blocks if b.heading and _clean(b.text)), None)
    chosen = heading or blocks[0]
    return _clean(chosen.text)[:TITLE_MAX] or "(untitled)"


def _date(extracted: Extracted, texts: list[str], title: str) -> DateInfo:
    """The file's declared date when it is a real date; else what the text itself says."""
    value = (extracted.date or "").strip()
    match = _DATE_RE.match(value)
    if match:
        precision = "day" if match.group(3) else "month" if match.group(2) else "year"
        evidence = extracted.date_evidence or f"the {extracted.fmt.upper()} file's metadata"
        return DateInfo(value, precision, "metadata", evidence)  # type: ignore[arg-type]
    return infer_body_date("\n".join([title, *texts]), stated_only=True)


def _boundary_reason(extracted: Extracted, n: int, total: int) -> str:
    if total == 1:
        return f"the whole {extracted.fmt.upper()} file"
    return f"story {n} of {total} in the {extracted.fmt.upper()} file"
