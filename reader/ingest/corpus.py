"""Scan a corpus folder into articles: load, split, date, tag languages, group duplicates.

This is the single entry point the CLI, the indexer and the app use, so all of them see the same
articles with the same ids.
"""

from __future__ import annotations

import hashlib
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from reader.ingest.boundaries import NO_FIXES, BoundaryFixes, FileBoundaryFixes
from reader.ingest.csvfile import clipped
from reader.ingest.dates import infer_body_date, settle_day_month
from reader.ingest.dedupe import duplicate_groups
from reader.ingest.lines import fold_for_compare
from reader.ingest.loader import (
    READERS,
    TABLE_READERS,
    PendingFile,
    Skipped,
    SourceFile,
    check_root,
    load_file,
    walk_corpus,
)
from reader.ingest.manifest import MANIFEST_NAME, ManifestRow, read_manifest
from reader.ingest.model import DateInfo, Direction, Document, Paragraph
from reader.ingest.segment import Segment, content_words, segment_text
from reader.text.script import document_language, language_and_direction, paragraph_directions, script_counts

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
    # relpath -> decoded text; read from the scan cache when asked, for a corpus that came from it
    sources: Mapping[str, str] = field(default_factory=dict)

    def get(self, doc_id: str) -> Document | None:
        for doc in self.documents:
            if doc.id == doc_id:
                return doc
        return None

    @property
    def canonical(self) -> list[Document]:
        return [d for d in self.documents if d.duplicate_of is None]


def doc_id(relpath: str, segment: int, stem: str | None = None) -> str:
    """``001_ff668e2db0ba1b04#07``: the file stem keeps ids readable; nested folders keep theirs.

    ``stem`` is the file's entry in :func:`article_id_stems` when other files of the corpus share
    its stem; by default the relpath without its extension.
    """
    return f"{_plain_stem(relpath) if stem is None else stem}#{segment:02d}"


def _plain_stem(relpath: str) -> str:
    return relpath.rsplit(".", 1)[0] if "." in relpath.rsplit("/", 1)[-1] else relpath


def _stem_rank(relpath: str) -> tuple[bool, bool, int, str]:
    """Which of the files sharing a stem keeps it: a ``.txt`` written so before ``.TXT``, then the
    formats in the order the readers were added, so a new format never moves an existing id."""
    suffix = "." + relpath.rsplit(".", 1)[-1] if "." in relpath.rsplit("/", 1)[-1] else ""
    order = list(READERS)
    position = order.index(suffix.lower()) if suffix.lower() in order else len(order)
    return (suffix not in READERS, suffix.lower() in TABLE_READERS, position, relpath)


def article_id_stems(relpaths: Iterable[str]) -> dict[str, str]:
    """The stem each file's article ids start with, unique in the corpus.

    Usually the relpath without its extension. When several files share it (``case.txt`` and
    ``case.TXT``; ``a.txt`` and, once it is read, ``a.md``), the first by :func:`_stem_rank` keeps it
    and the others keep their extension (``case.TXT#01``), or a ``~2`` after it in the unlikely case
    that is another file's stem. Only the names decide, never the order they were listed in, and a
    file whose stem no other file shares keeps the id it always had (notes are keyed by it).
    """
    plain = {relpath: _plain_stem(relpath) for relpath in relpaths}
    sharing: dict[str, list[str]] = {}
    for relpath in sorted(plain):
        sharing.setdefault(plain[relpath], []).append(relpath)
    taken = set(plain.values())
    stems = dict(plain)
    for members in sharing.values():
        for relpath in sorted(members, key=_stem_rank)[1:]:
            stem, n = relpath, 1
            while stem in taken:
                n += 1
                stem = f"{relpath}~{n}"
            taken.add(stem)
            stems[relpath] = stem
    return stems


class _LineCounts:
    """In how many files each short line occurs, counted as the files are read."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.files = 0

    def add(self, source: SourceFile) -> None:
        self.files += 1
        self.counts.update({
            fold_for_compare(line)
            for line in source.text.split("\n")
            if 3 < len(line.strip()) <= COMMON_LINE_MAX_CHARS
        })

    def common(self) -> frozenset[str]:
        """The lines in 30% of the files counted so far (and at least 3): site furniture."""
        if self.files < COMMON_LINE_MIN_FILES:
            return frozenset()
        threshold = max(COMMON_LINE_MIN_FILES, COMMON_LINE_SHARE * self.files)
        return frozenset(line for line, n in self.counts.items() if n >= threshold and line)


def common_lines(files: Iterable[SourceFile]) -> frozenset[str]:
    counts = _LineCounts()
    for f in files:
        counts.add(f)
    return counts.common()


def build_paragraphs(
    texts: list[str],
    pages: Sequence[int | None] | None = None,
    headings: Sequence[bool] | None = None,
    declared: Sequence[Direction | None] | None = None,
) -> tuple[Paragraph, ...]:
    """Paragraphs with offsets into ``Document.text`` (joined by one blank line).

    ``pages``, ``headings`` and ``declared`` directions come from files that say them (PDF pages,
    Word headings and ``w:bidi``); a declared direction wins over the script's.
    """
    out: list[Paragraph] = []
    pos = 0
    for i, (text, direction) in enumerate(zip(texts, paragraph_directions(texts), strict=True)):
        language, _own = language_and_direction(text)
        if declared is not None and declared[i] is not None:
            direction = declared[i]  # type: ignore[assignment]
        page = pages[i] if pages is not None else None
        heading = bool(headings[i]) if headings is not None else False
        out.append(Paragraph(text, pos, language, direction, page, heading))
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
    if segment.header_date is None and segment.ambiguous_date and not address:
        day_first, line = segment.ambiguous_date
        settled = settle_day_month(day_first, "\n".join([segment.title or "", *segment.body]))
        if settled is not None:
            order = "day first" if settled[0] == day_first else "month first"
            why = f'header line: {line.strip()[:100]} (read {order}: the text gives "{settled[1]}")'
            return DateInfo(settled[0], "day", "header", why)
    # A headline may carry the date ("... evening bulletins of Saturday 17 December 2022").
    info = infer_body_date("\n".join([segment.title or "", *segment.body]), stated_only=True)
    if info.value and any(e.startswith("relative date only") for e in segment.date_evidence):
        # Its own header dates it "16 hours ago": a date line further down is a related story's.
        info = DateInfo(None, None, "none", f"{info.evidence}, not the article's own (its header's date is "
                        "relative)", info.value)
    if address and not (info.value or "").startswith(address[0]):
        # The address names the month; a date the text seems to give outside it is another event's.
        return _header_date(address, "the page's address")
    if info.value and segment.updated and info.value > segment.updated:
        # Written before it was last updated: a later date in the text is a widget's or a plan's.
        later = f"{info.evidence}, later than the update stamp ({segment.updated})"
        info = DateInfo(None, None, "none", later)
    if segment.date_evidence:  # "6 hours ago", "Last updated ...": said, but no publication date
        info = replace(info, evidence="; ".join([*segment.date_evidence, info.evidence]))
    return info


def documents_of_file(
    source: SourceFile,
    common: frozenset[str] = frozenset(),
    fixes: FileBoundaryFixes | None = None,
    stem: str | None = None,
) -> list[Document]:
    if source.extracted is not None:  # a web page, PDF, Word file...: it says where its text is
        from reader.ingest.structured import documents_of_extracted

        return documents_of_extracted(source, source.extracted, stem)
    segments = segment_text(source.text, common, fixes)
    docs: list[Document] = []
    spans = SourceSpans(source.text)
    for n, segment in enumerate(segments, start=1):
        paragraphs = build_paragraphs(segment.body)
        language = document_language([(p.language, len(p.text)) for p in paragraphs])
        docs.append(
            Document(
                id=doc_id(source.relpath, n, stem),
                source=source.relpath,
                segment=n,
                title=segment.title or "(untitled)",
                byline=segment.byline,
                outlet=segment.outlet,
                date=_date_for(segment),
                language=language,
                paragraphs=paragraphs,
                original="",  # its span of the file's text, read when asked (below)
                source_span=(segment.start, segment.end),
                encoding=source.encoding,
                removed=tuple(segment.removed),
                boundary=segment.boundary,
            )
        )
        fields = docs[-1].__dict__  # just made, seen by no one: safe to change (see ``Document``)
        del fields["original"]
        fields["_stored"] = (spans, (segment.start, segment.end))
    return docs


class SourceSpans:
    """A file's text, which its articles' originals are spans of: each is read when asked for, so a
    scan holds the text of a corpus once (in its files), not twice (and its originals)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def read(self, span: tuple[int, int], _name: str) -> str:
        return self.text[span[0] : span[1]]


def apply_manifest(docs: list[Document], rows: list[ManifestRow]) -> tuple[list[Document], list[str]]:
    """Rows name a file by its relpath or its bare name, in either Unicode form (macOS writes NFD)."""
    problems: list[str] = []
    by_file: dict[str, list[int]] = {}
    for i, d in enumerate(docs):
        for name in {d.source, d.source.rsplit("/", 1)[-1]}:
            by_file.setdefault(unicodedata.normalize("NFC", name), []).append(i)
    for row in rows:
        targets = by_file.get(unicodedata.normalize("NFC", row.file), [])
        if row.segment is not None:
            targets = [i for i in targets if docs[i].segment == row.segment]
        if not targets:
            where = f"{MANIFEST_NAME}:{row.line}" if row.line else MANIFEST_NAME
            problems.append(
                f"{where}: no article for file {clipped(row.file, 80)} segment {row.segment or '*'}"
            )
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


@dataclass(frozen=True)
class ScanBatch:
    """Articles of the files split since the last batch, as the list shows them while a scan runs.

    Final but for what only the whole corpus decides: ``duplicate_of`` is never set (duplicates are
    grouped at the end) and the manifest is applied. ``file_states`` fingerprints each file of the
    batch, as the finished corpus will (so an index of a batch is not redone for them).
    ``provisional`` marks the first batch, split before every file was read: the recurring lines
    it was split with came from the files read by then, and when the whole corpus finds others,
    its files are split again and their articles come only with the finished corpus.
    """

    documents: list[Document]
    file_states: dict[str, str]
    provisional: bool = False


class ScanCancelled(Exception):
    """The caller asked the scan to stop (:attr:`ScanListener.cancelled`)."""


@dataclass
class ScanListener:
    """What the caller of a long scan hears while it runs; everything is called on the scan's thread.

    ``progress(done, total, phase)``: files read ("reading"), files split ("splitting"), then
    "grouping duplicates" (``done == total``). ``articles`` gets :class:`ScanBatch` es, at most one
    every :data:`BATCH_SECONDS` (the first sooner). ``cancelled`` is polled between files.
    """

    articles: Callable[[ScanBatch], None] | None = None
    progress: Callable[[int, int, str], None] | None = None
    cancelled: Callable[[], bool] | None = None


FIRST_BATCH_SECONDS = 0.1  # of splitting before the first articles are handed over
BATCH_SECONDS = 0.5
SAMPLE_FILES = 100  # read before the first batch is split: their recurring lines stand for the corpus'


class TextKeeper(Protocol):
    """Where a scan keeps the text it read until the corpus is whole.

    Every file is read before any is split for good (the lines recurring across the corpus decide
    the splits), so a scan of 50k articles would hold half a gigabyte of files, then its articles'
    text as well. The scan itself holds only what it lists; the keeper holds the text: in memory
    (:class:`_InMemory`, the default) or in the scan cache being written
    (``reader.ingest.scan_cache``), which keeps none of it in memory.
    """

    def keep_file(self, source: SourceFile) -> None:
        """``source`` was read; it is asked for again (:meth:`file`) when it is split."""

    def file(self, relpath: str) -> SourceFile:
        """The file kept as ``relpath``, whole (its text and what its format said)."""
        ...

    def keep_articles(self, docs: list[Document], source: SourceFile) -> list[Document]:
        """The articles split from ``source``, final but for the manifest and duplicates; returns what
        the scan holds of them until the end (the articles, or their listing without text)."""
        ...

    def sources(self) -> Mapping[str, str]:
        """``Corpus.sources`` of the finished scan."""
        ...


class _InMemory:
    """Everything kept as read: the corpus of a scan without a store (the CLI's, the tests')."""

    def __init__(self) -> None:
        self.files: dict[str, SourceFile] = {}

    def keep_file(self, source: SourceFile) -> None:
        self.files[source.relpath] = source

    def file(self, relpath: str) -> SourceFile:
        return self.files[relpath]

    def keep_articles(self, docs: list[Document], source: SourceFile) -> list[Document]:
        return docs

    def sources(self) -> Mapping[str, str]:
        return {relpath: f.text for relpath, f in self.files.items()}


def scan_corpus(
    root: str | Path, fixes: BoundaryFixes = NO_FIXES, listener: ScanListener | None = None,
    *, keeper: TextKeeper | None = None,
) -> Corpus:
    """Everything in one pass; raises ``CorpusError`` only when the folder itself is unusable.

    ``fixes`` are the researcher's splits and merges per file (relpath -> offsets). ``listener``
    hears of progress and gets the articles in batches as files are split (a large corpus takes
    a minute to scan: the window lists them meanwhile); it never changes the result. ``keeper``
    holds the files' and articles' text while the scan runs (:class:`TextKeeper`; by default in
    memory, and the corpus' articles keep it).
    """
    scan = _Scan(Path(root).expanduser(), fixes, listener or ScanListener(), keeper or _InMemory())
    return scan.run()


def forget_scan_memos() -> None:
    """Empty the memos a scan fills: folded lines, headline words, script counts of lines and
    paragraphs (about 100 MB of text by a few thousand files). Once the scan ends they serve nothing,
    and an index build comes next, which can use that memory instead."""
    fold_for_compare.cache_clear()
    content_words.cache_clear()
    script_counts.cache_clear()


class _Scan:
    """One scan: read every file, split each with the lines recurring across the corpus, group
    duplicates. With a listener, the first :data:`SAMPLE_FILES` files are split before the rest is
    read (with the lines recurring among them), so the first articles are listed within a second;
    the rest is split once the recurring lines of the whole corpus are known.

    The text goes to the :class:`TextKeeper` as it is read and split, and each article's text to
    duplicate grouping as it is split: the scan holds one file's text at a time (and the first
    batch's), besides what the keeper holds.
    """

    def __init__(self, root: Path, fixes: BoundaryFixes, listener: ScanListener, keeper: TextKeeper) -> None:
        self.root, self.fixes, self.listener, self.keeper = root, fixes, listener, keeper
        self.states: dict[str, str] = {}  # relpath -> fingerprint, computed once per file
        self.early: dict[str, list[Document]] = {}  # relpath -> articles of the first batch
        self.early_key: tuple[frozenset[str], dict[str, str]] = (frozenset(), {})
        self.pending: list[Document] = []
        self.pending_files: list[str] = []
        self.last_batch = time.perf_counter()
        self.manifest: list[ManifestRow] = []

    def run(self) -> Corpus:
        try:
            return self._run()
        finally:
            forget_scan_memos()

    def _run(self) -> Corpus:
        base = check_root(self.root)
        items = walk_corpus(base)
        items.sort(key=lambda item: item.relpath if isinstance(item, PendingFile) else item.path)
        pending = [item for item in items if isinstance(item, PendingFile)]
        rows, problems = read_manifest(self.root)
        self.manifest = rows
        skipped = [item for item in items if isinstance(item, Skipped)]
        relpaths, common = self._read_all(pending, skipped)
        skipped.sort(key=lambda s: s.path)
        docs: list[Document] = []
        dupes = duplicate_groups(self._split_all(relpaths, common, docs), self._check_cancel)
        docs, more = apply_manifest(docs, rows)
        problems.extend(more)
        for i, canonical in dupes.items():
            docs[i] = replace(docs[i], duplicate_of=docs[canonical].id)
        return Corpus(
            root=self.root.resolve(),
            documents=docs,
            skipped=skipped,
            problems=problems,
            file_states={relpath: self.states[relpath] for relpath in relpaths},
            sources=self.keeper.sources(),
        )

    def _read_all(
        self, pending: list[PendingFile], skipped: list[Skipped]
    ) -> tuple[list[str], frozenset[str]]:
        """Read every file (to the keeper), counting its lines; the files read, in order, and the
        lines recurring across them. Unreadable files go to ``skipped``."""
        counts = _LineCounts()
        relpaths: list[str] = []
        for n, item in enumerate(pending, start=1):
            self._check_cancel()
            loaded = load_file(item.path, item.relpath)
            if isinstance(loaded, Skipped):
                skipped.append(loaded)
            else:
                relpaths.append(loaded.relpath)
                counts.add(loaded)
                self._state(loaded)
                self.keeper.keep_file(loaded)
            self._progress(n, len(pending), "reading")
            if n == SAMPLE_FILES and n < len(pending) and self.listener.articles is not None:
                self._split_early(relpaths, counts.common(), article_id_stems(p.relpath for p in pending))
        return relpaths, counts.common()

    def _split_early(self, relpaths: list[str], common: frozenset[str], stems: dict[str, str]) -> None:
        """Split the files read so far for a first batch, until it is due."""
        self.early_key = (common, stems)
        self.last_batch = time.perf_counter() - BATCH_SECONDS + FIRST_BATCH_SECONDS
        for relpath in relpaths:
            self._check_cancel()
            source = self.keeper.file(relpath)
            docs = self.early[relpath] = self._documents(source, common, stems)
            self._hand_over(source, docs)
            if self.pending_files and time.perf_counter() - self.last_batch >= BATCH_SECONDS:
                break
        self._flush(provisional=True)

    def _split_all(self, relpaths: list[str], common: frozenset[str], docs: list[Document]) -> Iterator[str]:
        """Split every file with the lines recurring across the corpus, appending to ``docs`` what the
        keeper gives back of its articles, and yield each article's text, in order, to duplicate
        grouping (which keeps none of them), then say that grouping is all that is left."""
        stems = article_id_stems(relpaths)
        early_common, early_stems = self.early_key
        for n, relpath in enumerate(relpaths, start=1):
            self._check_cancel()
            source = self.keeper.file(relpath)
            found = self.early.pop(relpath, None)
            if found is None or early_common != common or early_stems.get(relpath) != stems[relpath]:
                unheard = found is None  # an early file split anew: its articles come with the corpus
                found = self._documents(source, common, stems)
                if unheard:
                    self._hand_over(source, found)
            docs.extend(self.keeper.keep_articles(found, source))
            yield from (d.text for d in found)
            self._progress(n, len(relpaths), "splitting")
            if time.perf_counter() - self.last_batch >= BATCH_SECONDS:
                self._flush()
        self._flush()
        self._progress(len(relpaths), len(relpaths), "grouping duplicates")
        self._check_cancel()

    def _documents(self, source: SourceFile, common: frozenset[str], stems: dict[str, str]) -> list[Document]:
        return documents_of_file(source, common, self.fixes.get(source.relpath), stems[source.relpath])

    def _state(self, source: SourceFile) -> str:
        state = self.states.get(source.relpath)
        if state is None:
            state = self.states[source.relpath] = fingerprint(source.text)
        return state

    def _hand_over(self, source: SourceFile, docs: list[Document]) -> None:
        if self.listener.articles is not None:
            self.pending.extend(docs)
            self.pending_files.append(source.relpath)
            self._state(source)

    def _flush(self, *, provisional: bool = False) -> None:
        self.last_batch = time.perf_counter()
        if not self.pending_files or self.listener.articles is None:
            return
        docs, self.pending = self.pending, []
        relpaths, self.pending_files = self.pending_files, []
        if self.manifest:
            docs, _problems = apply_manifest(docs, self.manifest)  # said once, by the whole corpus
        self.listener.articles(ScanBatch(docs, {r: self.states[r] for r in relpaths}, provisional))

    def _progress(self, done: int, total: int, phase: str) -> None:
        if self.listener.progress is not None:
            self.listener.progress(done, total, phase)

    def _check_cancel(self) -> None:
        if self.listener.cancelled is not None and self.listener.cancelled():
            raise ScanCancelled("scan cancelled")
