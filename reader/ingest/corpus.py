"""Scan a corpus folder into articles: load, split, date, tag languages, group duplicates.

This is the single entry point the CLI, the indexer and the app use, so all of them see the same
articles with the same ids.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from reader.ingest.boundaries import NO_FIXES, BoundaryFixes, FileBoundaryFixes
from reader.ingest.dates import infer_body_date
from reader.ingest.dedupe import duplicate_groups
from reader.ingest.lines import fold_for_compare
from reader.ingest.loader import Skipped, SourceFile, load_corpus_files
from reader.ingest.manifest import ManifestRow, read_manifest
from reader.ingest.model import DateInfo, Document, Paragraph
from reader.ingest.segment import Segment, segment_text
from reader.text.script import document_language, language_and_direction, paragraph_directions

COMMON_LINE_MIN_FILES = 3
COMMON_LINE_SHARE = 0.3  # a line in 30% of files (and at least 3) is site furniture, not content
COMMON_LINE_MAX_CHARS = 200


@dataclass
class Corpus:
    root: Path
    documents: list[Document]
    skipped: list[Skipped]
    problems: list[str] = field(default_factory=list)
    file_states: dict[str, str] = field(default_factory=dict)  # relpath -> fingerprint of its text
    sources: dict[str, str] = field(default_factory=dict)  # relpath -> decoded text

    def get(self, doc_id: str) -> Document | None:
        for doc in self.documents:
            if doc.id == doc_id:
                return doc
        return None

    @property
    def canonical(self) -> list[Document]:
        return [d for d in self.documents if d.duplicate_of is None]


def doc_id(relpath: str, segment: int) -> str:
    """``001_ff668e2db0ba1b04#07``: the file stem keeps ids readable; nested folders keep theirs."""
    stem = relpath.rsplit(".", 1)[0] if "." in relpath.rsplit("/", 1)[-1] else relpath
    return f"{stem}#{segment:02d}"


def common_lines(files: Iterable[SourceFile]) -> frozenset[str]:
    files = list(files)
    if len(files) < COMMON_LINE_MIN_FILES:
        return frozenset()
    counts: Counter[str] = Counter()
    for f in files:
        seen = {
            fold_for_compare(line)
            for line in f.text.split("\n")
            if 3 < len(line.strip()) <= COMMON_LINE_MAX_CHARS
        }
        counts.update(seen)
    threshold = max(COMMON_LINE_MIN_FILES, COMMON_LINE_SHARE * len(files))
    return frozenset(line for line, n in counts.items() if n >= threshold and line)


def build_paragraphs(texts: list[str]) -> tuple[Paragraph, ...]:
    """Paragraphs with offsets into ``Document.text`` (joined by one blank line)."""
    out: list[Paragraph] = []
    pos = 0
    for text, direction in zip(texts, paragraph_directions(texts), strict=True):
        language, _own = language_and_direction(text)
        out.append(Paragraph(text, pos, language, direction))
        pos += len(text) + 2
    return tuple(out)


def _header_date(found: tuple[str, str, str], where: str) -> DateInfo:
    value, precision, line = found
    return DateInfo(value, precision, "header", f"{where}: {line.strip()[:120]}")  # type: ignore[arg-type]


def _date_for(segment: Segment) -> DateInfo:
    """The header's date, else the body's own evidence. Never a year from another article of the file:
    pages glued together in one file were written on different days, often in different years."""
    address = segment.address_date
    if address and address[1] == "day":
        return _header_date(address, "the page's address")
    if segment.header_date and not (address and not segment.header_date[0].startswith(address[0])):
        return _header_date(segment.header_date, "header line")
    # A headline may carry the date ("... evening bulletins of Saturday 17 December 2022").
    info = infer_body_date("\n".join([segment.title or "", *segment.body]))
    if address and not (info.value or "").startswith(address[0]):
        # The address names the month; a date the text seems to give outside it is another event's.
        return _header_date(address, "the page's address")
    if segment.date_evidence:  # "6 hours ago", "Last updated ...": said, but no publication date
        info = replace(info, evidence="; ".join([*segment.date_evidence, info.evidence]))
    return info


def documents_of_file(
    source: SourceFile, common: frozenset[str] = frozenset(), fixes: FileBoundaryFixes | None = None
) -> list[Document]:
    segments = segment_text(source.text, common, fixes)
    docs: list[Document] = []
    for n, segment in enumerate(segments, start=1):
        paragraphs = build_paragraphs(segment.body)
        language = document_language([(p.language, len(p.text)) for p in paragraphs])
        docs.append(
            Document(
                id=doc_id(source.relpath, n),
                source=source.relpath,
                segment=n,
                title=segment.title or "(untitled)",
                byline=segment.byline,
                outlet=segment.outlet,
                date=_date_for(segment),
                language=language,
                paragraphs=paragraphs,
                original=source.text[segment.start : segment.end],
                source_span=(segment.start, segment.end),
                encoding=source.encoding,
                removed=tuple(segment.removed),
                boundary=segment.boundary,
            )
        )
    return docs


def apply_manifest(docs: list[Document], rows: list[ManifestRow]) -> tuple[list[Document], list[str]]:
    problems: list[str] = []
    by_file: dict[str, list[int]] = {}
    for i, d in enumerate(docs):
        by_file.setdefault(d.source, []).append(i)
        by_file.setdefault(d.source.rsplit("/", 1)[-1], []).append(i)
    for row in rows:
        targets = by_file.get(row.file, [])
        if row.segment is not None:
            targets = [i for i in targets if docs[i].segment == row.segment]
        if not targets:
            problems.append(f"metadata.csv: no article for file {row.file!r} segment {row.segment or '*'}")
            continue
        for i in dict.fromkeys(targets):
            d = docs[i]
            changes: dict = {}
            if row.title:
                changes["title"] = row.title
            if row.outlet:
                changes["outlet"] = row.outlet
            if row.author:
                changes["byline"] = row.author
            if row.language:
                changes["language"] = row.language
            if row.pair:
                changes["pair"] = row.pair
            if row.date:
                changes["date"] = DateInfo(row.date[0], row.date[1], "manifest", "metadata.csv")  # type: ignore[arg-type]
            docs[i] = replace(d, **changes)
    return docs, problems


def fingerprint(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def scan_corpus(root: str | Path, fixes: BoundaryFixes = NO_FIXES) -> Corpus:
    """Everything in one pass; raises ``CorpusError`` only when the folder itself is unusable.

    ``fixes`` are the researcher's splits and merges per file (relpath -> offsets).
    """
    root_path = Path(root).expanduser()
    files, skipped = load_corpus_files(root_path)
    common = common_lines(files)
    docs: list[Document] = []
    for source in files:
        docs.extend(documents_of_file(source, common, fixes.get(source.relpath)))
    rows, problems = read_manifest(root_path)
    docs, more = apply_manifest(docs, rows)
    problems.extend(more)
    dupes = duplicate_groups([d.text for d in docs])
    for i, canonical in dupes.items():
        docs[i] = replace(docs[i], duplicate_of=docs[canonical].id)
    return Corpus(
        root=root_path.resolve(),
        documents=docs,
        skipped=skipped,
        problems=problems,
        file_states={f.relpath: fingerprint(f.text) for f in files},
        sources={f.relpath: f.text for f in files},
    )
