"""The on-disk index of one corpus: versioned folders, an atomic pointer, one writer, a manifest.

Why all this ceremony for a cache: Whoosh never calls ``fsync`` and a desktop app gets killed, so the
index must survive a kill (or a power cut) at any instant and, when it cannot, say so and rebuild.

Layout, below ``user_paths().cache / "index" / <corpus id>``::

    CURRENT          "v0002\\n": the version readers open; replaced atomically (temp, fsync, rename)
    writer.lock      held with an OS lock (flock / msvcrt) by the one process that writes;
                     the OS drops it when that process dies, so a crash never leaves it locked
    v0002/           a Whoosh index (non-compound segments) + manifest.json + lexicon.sqlite
                     (every surface form met, with its stem and key: exact and variant search)
    v0003/           a full rebuild in progress: invisible until CURRENT names it

* A **full build** (first index, unusable index, changed schema) writes a *new* version folder and
  flips ``CURRENT`` only after its commit is fsynced, so readers never see half an index. On a corpus
  that was never indexed the newest articles are committed first as a small batch and published at
  once (``on_first_batch``), so the app can search within seconds while the rest is indexed.
* An **incremental update** (files added, changed, removed) writes in place into the current version:
  delete by ``source``, add the file's articles, one commit. Whoosh writes the table of contents (TOC)
  last and atomically, so a kill mid-commit leaves the previous generation readable; the files are
  fsynced after each commit.
* The **manifest** (``manifest.json``, written atomically *after* each commit) lists the fingerprint
  of every indexed file. If a kill lands between a commit and its manifest, the index and the
  manifest disagree on some files; those are simply indexed again on the next update.
* On **open**, the current version is verified (TOC, segments, a term, postings and stored fields
  are read); any error means a rebuild, reported with ``rebuilt=True`` and a reason.
* **Bulk builds** of :data:`PARALLEL_MIN_DOCS` articles or more use a second, *spawned* process
  (never a fork: the app is threaded) writing its own segments; see :func:`write_parallel`. Each
  writer keeps its postings in RAM and starts a new segment past :data:`SEGMENT_POSTINGS`
  (:class:`CorpusSegmentWriter`); small updates are written in one process.
* The **lexicon** is extended before each commit (never after), so it always covers the published
  index; a lexicon that cannot be read makes the version unusable (rebuilt), like any other file.

Readers never take the lock: they open the version ``CURRENT`` names, at its last committed
generation, and keep working while a writer writes.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import gc
import json
import os
import pickle
import re
import shutil
import sqlite3
import sys
import threading
import time
import traceback
import uuid
import warnings
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any, NamedTuple

from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3FieldWriter
from whoosh.searching import Searcher
from whoosh.writing import SegmentWriter

from reader.fileio import atomic_write, fsync_path
from reader.ingest.model import Document
from reader.memory import pause_collector, release_free_memory, resume_collector
from reader.search import schema as schema_module
from reader.search.columns import ColumnDamaged, column_values
from reader.search.lexicon import (
    LEXICON_FILE,
    LexiconUnreadable,
    LexiconUpdate,
    SpilledForms,
    check_lexicon,
    form_rows,
    write_forms_file,
    write_lexicon,
)
from reader.search.schema import (
    begin_session,
    build_schema,
    day_number,
    document_fields,
    end_session,
    keep_forms,
    schema_signature,
    session_forms_view,
)

__all__ = [
    "FIRST_BATCH_DOCS",
    "Cancelled",
    "IndexBusy",
    "IndexHandle",
    "IndexNoSpace",
    "IndexStats",
    "IndexStore",
    "IndexUnusable",
    "Manifest",
    "WriterLock",
    "atomic_write",
    "sync_index",
    "write_documents",
]

POINTER = "CURRENT"
LOCK_FILE = "writer.lock"
MANIFEST = "manifest.json"
FIRST_BATCH_DOCS = 200
FIRST_BATCH_CHARS = 400_000
"""The first batch on a never-indexed corpus: the newest articles, at most this many articles and
characters (about a second of indexing on a slow machine), committed and published first."""
WRITER_LIMIT_MB = 256
"""Whoosh's in-RAM posting pool before it spills sorted runs to disk."""
_VERSION_RE = re.compile(r"^v(\d{4,9})$")
_PROGRESS_EVERY = 25

ProgressFn = Callable[[int, int, str], None]
CancelLike = "threading.Event | Callable[[], bool] | None"


class IndexUnusable(Exception):
    """The current index version cannot be opened; ``str(exc)`` says why, for the user."""


class IndexBusy(Exception):
    """Another process holds the writer lock and there is no usable index to read meanwhile."""


class Cancelled(Exception):
    """Indexing was cancelled; the published index is as it was before the call."""


class IndexNoSpace(OSError):
    """The disk filled up while the index was written; the published index is as it was.

    An ``OSError`` (errno ``ENOSPC``) so any caller that reports file errors reports this one, with
    a sentence that says how much room the index needs.
    """

    says_what_to_do = True  # its message is the sentence to show (the CLI prints it as it is)

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.errno = errno.ENOSPC


_NO_SPACE = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}
"""A full disk, a file over the size limit (``ulimit -f``) and a full quota all mean: no room."""
INDEX_BYTES_PER_CHAR = 4
"""About how many bytes of index (postings of the one analysed field with positions and form codes,
the lexicon, a merge's second copy) one character of article text needs, on top of
:data:`INDEX_BASE_BYTES`: measured at 3.0 on a generated corpus of 1,000 articles (7 M characters,
23 MB of index)."""
INDEX_BASE_BYTES = 2_000_000
"""What even a small index takes (the bundled corpus: 134 k characters, 2.8 MB)."""


def is_no_space(exc: BaseException) -> bool:
    """True for an error that means the disk (or the user's quota or file-size limit) is full."""
    while exc is not None:
        if isinstance(exc, OSError) and exc.errno in _NO_SPACE:
            return True
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    return False


def _mb(n: float) -> str:
    return f"{max(n, 0) / 1_000_000:,.0f}" if n >= 1_000_000 else f"{max(n, 0) / 1_000_000:.1f}"


def no_space_error(folder: Path, chars: int, action: str = "build") -> IndexNoSpace:
    """The sentence for a full disk: how much the index needs, how much is free, and where."""
    needed = INDEX_BASE_BYTES + chars * INDEX_BYTES_PER_CHAR
    where = folder
    while not where.exists() and where.parent != where:
        where = where.parent
    try:
        free = f", {_mb(shutil.disk_usage(where).free)} MB free"
    except OSError:
        free = ""
    return IndexNoSpace(f"not enough disk space to {action} the search index (needs about {_mb(needed)} MB"
                        f"{free} at {where})")


class IndexStats(NamedTuple):
    added: int = 0
    updated: int = 0
    removed: int = 0

    @property
    def changed(self) -> int:
        return self.added + self.updated + self.removed


def is_cancelled(cancel: Any) -> bool:
    if cancel is None:
        return False
    if isinstance(cancel, threading.Event):
        return cancel.is_set()
    return bool(cancel())


# --------------------------------------------------------------------------------------------
# Durable files


def fsync_tree(folder: Path) -> None:
    """fsync every file of a Whoosh index folder, then the folder (Whoosh itself never syncs)."""
    for entry in folder.iterdir():
        if entry.is_file():
            fsync_path(entry)
    fsync_path(folder)


# --------------------------------------------------------------------------------------------
# The writer lock


class WriterLock:
    """An exclusive OS lock on an open file: released by the OS when the holder dies.

    ``flock`` on POSIX, ``msvcrt.locking`` on Windows. Two ``WriterLock`` objects conflict even in
    one process (each opens its own file description), so threads are serialised too.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def _try(self) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            if sys.platform == "win32":
                import msvcrt

                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self._fd = fd
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        return True

    def acquire(self, timeout: float = 0.0, cancel: Any = None, poll: float = 0.05) -> bool:
        if self._fd is not None:
            raise RuntimeError("lock already held by this object")
        deadline = time.monotonic() + max(0.0, timeout)
        while True:
            if self._try():
                return True
            if time.monotonic() >= deadline or is_cancelled(cancel):
                return False
            time.sleep(poll)

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            if sys.platform == "win32":
                import msvcrt

                with contextlib.suppress(OSError):
                    os.lseek(fd, 0, os.SEEK_SET)
                    msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
            else:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def __enter__(self) -> WriterLock:
        if not self.acquire():
            raise IndexBusy("another process is writing this index")
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


# --------------------------------------------------------------------------------------------
# Manifest


@dataclass
class Manifest:
    """What a version folder holds: schema signature and the fingerprint of every indexed file."""

    signature: str
    files: dict[str, str] = field(default_factory=dict)
    complete: bool = False
    doc_count: int = 0
    corpus_root: str = ""
    updated: float = 0.0

    @classmethod
    def load(cls, folder: Path) -> Manifest | None:
        try:
            data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
            return cls(
                signature=str(data["signature"]),
                files={str(k): str(v) for k, v in dict(data["files"]).items()},
                complete=bool(data.get("complete", False)),
                doc_count=int(data.get("doc_count", 0)),
                corpus_root=str(data.get("corpus_root", "")),
                updated=float(data.get("updated", 0.0)),
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def save(self, folder: Path) -> None:
        self.updated = time.time()
        data = {
            "signature": self.signature,
            "complete": self.complete,
            "doc_count": self.doc_count,
            "corpus_root": self.corpus_root,
            "updated": self.updated,
            "files": dict(sorted(self.files.items())),
        }
        atomic_write(folder / MANIFEST, json.dumps(data, ensure_ascii=False, indent=0).encode("utf-8"))


# --------------------------------------------------------------------------------------------
# The store


class IndexStore:
    """One corpus' index folder: its versions, the ``CURRENT`` pointer and the writer lock."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    # -- paths and pointer ---------------------------------------------------------------------

    def version_dir(self, name: str) -> Path:
        return self.root / name

    def versions(self) -> list[str]:
        try:
            names = [p.name for p in self.root.iterdir() if p.is_dir() and _VERSION_RE.match(p.name)]
        except OSError:
            return []
        return sorted(names, key=lambda n: int(n[1:]))

    def current_name(self) -> str | None:
        """The version ``CURRENT`` names, or None (never indexed, or a pointer that makes no sense)."""
        try:
            name = (self.root / POINTER).read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            return None
        return name if _VERSION_RE.match(name) else None

    def flip(self, name: str) -> None:
        """Publish ``name`` as the current version: atomic replace of the pointer file."""
        if not _VERSION_RE.match(name):
            raise ValueError(f"not a version name: {name!r}")
        atomic_write(self.root / POINTER, f"{name}\n".encode("ascii"))

    def writer_lock(self) -> WriterLock:
        return WriterLock(self.root / LOCK_FILE)

    # -- versions ------------------------------------------------------------------------------

    def new_version(self, corpus_root: str = "") -> tuple[str, Path, Any]:
        """Create the next empty version folder (with its manifest); call with the lock held."""
        self.root.mkdir(parents=True, exist_ok=True)
        existing = [int(n[1:]) for n in self.versions()]
        current = self.current_name()
        if current:
            existing.append(int(current[1:]))
        name = f"v{(max(existing) + 1) if existing else 1:04d}"
        path = self.version_dir(name)
        if path.exists():
            shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True)
        try:
            ix = whoosh_index.create_in(str(path), build_schema())
            Manifest(schema_signature(), corpus_root=corpus_root).save(path)
            fsync_tree(path)
        except BaseException:
            shutil.rmtree(path, ignore_errors=True)  # a full disk must not leave a folder per try
            raise
        return name, path, ix

    def open_version(self, name: str, *, verify: bool = True) -> tuple[Any, Manifest]:
        """Open and check one version; raise :class:`IndexUnusable` with a reason otherwise."""
        path = self.version_dir(name)
        if not path.is_dir():
            raise IndexUnusable(f"index folder {name} is missing")
        manifest = Manifest.load(path)
        if manifest is None:
            raise IndexUnusable(f"index folder {name} has no readable manifest")
        if manifest.signature != schema_signature():
            raise IndexUnusable("the index was built by another version of the search code")
        try:
            ix = whoosh_index.open_dir(str(path))
            if verify:
                _verify(ix)
        except IndexUnusable:
            raise
        except Exception as exc:  # any failure to read the cache means "rebuild it"
            reason = f"index folder {name} cannot be read ({type(exc).__name__}: {exc})"
            _release_frames(exc)
        else:
            return ix, manifest
        raise IndexUnusable(reason)

    def open_current(self, *, verify: bool = True) -> tuple[str, Any, Manifest]:
        name = self.current_name()
        if name is None:
            if (self.root / POINTER).exists():
                raise IndexUnusable("the index pointer file is damaged")
            raise IndexUnusable("this corpus has not been indexed yet")
        ix, manifest = self.open_version(name, verify=verify)
        return name, ix, manifest

    def discard(self, name: str) -> None:
        shutil.rmtree(self.version_dir(name), ignore_errors=True)

    def cleanup(self, keep: Iterable[str]) -> None:
        """Remove other versions and stray temp files; call with the lock held.

        Readers in other processes may still have an old version open: on POSIX their open files
        survive the deletion; on Windows the deletion fails and is retried at the next cleanup.
        """
        keep = set(keep)
        for name in self.versions():
            if name not in keep:
                shutil.rmtree(self.version_dir(name), ignore_errors=True)
        with contextlib.suppress(OSError):
            for entry in self.root.iterdir():
                if entry.name.startswith(f".{POINTER}.") and entry.name.endswith(".tmp"):
                    entry.unlink()
        for name in keep:
            _clean_whoosh_leftovers(self.version_dir(name))


def _release_frames(exc: BaseException) -> None:
    """Let go of files Whoosh opened before failing on a damaged index.

    ``TOC.read`` and the segment readers do not close their streams when they raise, so the
    traceback keeps them open (and the GC later warns). Clearing the finished frames closes them
    now; the warning that comes with that is expected and silenced.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        traceback.clear_frames(exc.__traceback__)
        exc.__traceback__ = None
        gc.collect()


def _clean_whoosh_leftovers(path: Path) -> None:
    """Delete what a killed writer leaves: its temp pool folder (``*.tmp``), half-written TOC temp
    files, chunks and forms files of a parallel build, a lexicon being written."""
    with contextlib.suppress(OSError):
        for entry in path.iterdir():
            if entry.is_dir() and entry.name.endswith(".tmp"):
                shutil.rmtree(entry, ignore_errors=True)
            elif entry.is_file() and (re.match(r"^_MAIN_\d+\.toc\.[\d.]+$", entry.name)
                                      or entry.name.startswith((_CHUNK_PREFIX, _LEXICON_TEMP))):
                entry.unlink()


def _verify(ix: Any) -> None:
    """Touch every structure a search needs, so a damaged index fails here and not mid-search."""
    expected = set(build_schema().names())
    if set(ix.schema.names()) != expected:
        raise IndexUnusable("the index has different fields than this version expects")
    with ix.reader() as reader:
        if reader.doc_count_all():
            _verify_lexicon(ix)
        for fieldname in ("id", "content"):
            for term in reader.lexicon(fieldname):
                postings = reader.postings(fieldname, term)
                if postings.is_active():
                    postings.id()
                    if fieldname == "content":
                        postings.value()
                break
        _verify_columns(reader)


def _verify_lexicon(ix: Any) -> None:
    """The lexicon file (exact and variant search read it) must be there and readable."""
    folder = getattr(getattr(ix, "storage", None), "folder", None)
    if not folder:
        return
    try:
        check_lexicon(Path(folder))
    except (OSError, sqlite3.Error) as exc:
        raise IndexUnusable(f"the index's lexicon ({LEXICON_FILE}) cannot be read ({exc})") from None


def _verify_columns(reader: Any) -> None:
    """Read every column and the stored fields at both ends of every segment.

    A column file cut short fails here (its directory sits at the end) instead of as a crash or
    wrong dates mid-search; a cut length column shows as a missing length of the last article.
    Milliseconds: two documents per segment, whatever the index size.
    """
    for leaf, _ in reader.leaf_readers():
        live = list(leaf.all_doc_ids())
        if not live:
            continue
        ends = sorted({live[0], live[-1]})
        for name in leaf.schema.names():
            if leaf.has_column(name):
                column = leaf.column_reader(name)
                for docnum in ends:
                    column[docnum]
        for docnum in ends:
            stored = leaf.stored_fields(docnum)
            if "id" not in stored:
                raise IndexUnusable("the index's stored fields are damaged")
            _verify_fixed_columns(leaf, docnum, stored)


def _verify_fixed_columns(leaf: Any, docnum: int, stored: dict[str, Any]) -> None:
    """Fixed-width columns (field lengths, ``day``) cut short read as their default (0), not as an
    error: check them against what the stored fields say they must hold."""
    schema = leaf.schema
    title = stored.get("title") or ""
    if title and "title" in schema and any(True for _ in schema["title"].analyzer(title[:2000])):
        # The content field indexes title + text: at least as long as the title.
        for fieldname in ("title", "content"):
            if not leaf.doc_field_length(docnum, fieldname):
                raise IndexUnusable(f"the index's field lengths of {fieldname} are damaged")
    date = stored.get("date") or ""
    if date and leaf.has_column("day") and leaf.column_reader("day")[docnum] != day_number(date):
        raise IndexUnusable("the index's day column is damaged")


# --------------------------------------------------------------------------------------------
# What the index holds


@dataclass
class SourceState:
    hashes: set[str] = field(default_factory=set)
    ids: list[str] = field(default_factory=list)


def indexed_state(ix: Any) -> dict[str, SourceState]:
    """Per source file: the fingerprints and ids of its live (non-deleted) documents.

    Read from columns, not stored fields, so it costs microseconds per document even though the
    stored fields hold whole articles.
    """
    state: dict[str, SourceState] = {}
    with ix.reader() as reader:
        if not reader.doc_count():
            return state
        sources, hashes, ids = (_whole_column(reader, name) for name in ("source", "file_hash", "id"))
        for docnum in reader.all_doc_ids():
            entry = state.setdefault(_text(sources[docnum]), SourceState())
            entry.hashes.add(_text(hashes[docnum]))
            entry.ids.append(_text(ids[docnum]))
    return state


def _whole_column(reader: Any, name: str) -> Any:
    """Every document's value of a column, read a segment at a time (:mod:`reader.search.columns`;
    ~0.3 s less per sync at 10k articles), else Whoosh's reader (also for a cut column: what it
    reads then was always the answer here)."""
    try:
        values = column_values(reader, name)
    except ColumnDamaged:
        values = None
    if values is None or len(values) != reader.doc_count_all():
        return reader.column_reader(name)
    return values


def _text(value: Any) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


# --------------------------------------------------------------------------------------------
# Writing


class _LengthsInMemory:
    """A new segment's field lengths, each field's column read once, for the postings flush.

    Whoosh's flush asks the segment's per-document reader for the field length of every posting
    (~15% of a build: a seek and a read each time); the answers here are the same values.
    """

    def __init__(self, pdr: Any) -> None:
        self._pdr = pdr
        self._count = pdr.doc_count_all()
        self._lengths: dict[str, list[int]] = {}

    def field(self, fieldname: str) -> list[int]:
        lengths = self._lengths.get(fieldname)
        if lengths is None:
            read = self._pdr.doc_field_length
            lengths = self._lengths[fieldname] = [read(d, fieldname, 0) for d in range(self._count)]
        return lengths

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        return self.field(fieldname)[docnum]


Postings = tuple[array, array, bytearray, array]
"""One term's postings in a segment being written: documents ('I'), weights ('f'), the values one
after the other, and where each value ends in them ('I')."""


def _new_postings() -> Postings:
    return array("I"), array("f"), bytearray(), array("I")


class _RamPool:
    """Whoosh's posting pool (``add``, ``iter_postings``, ``cleanup``) kept in RAM, a few arrays per term.

    Whoosh's :class:`~whoosh.writing.PostingPool` holds a tuple per posting, sorts all of them at the
    flush and spills sorted runs to disk past its memory limit: a Python call and comparison per
    posting, twice. Here each term gathers its documents, weights and values as they come (document
    numbers only grow within a segment), and only the terms are sorted. A term's values (positions
    and form codes: 16 bytes on average) are packed into one buffer (:data:`Postings`), not kept as
    a bytes object each (49 bytes, and a list slot): 100 MB less per writer at its peak. Memory is
    bounded by the writer, which starts a new segment past :data:`SEGMENT_POSTINGS`.
    """

    def __init__(self) -> None:
        self.terms: dict[tuple[str, bytes], Postings] = {}
        self.fieldnames: set[str] = set()
        self.count = 0
        self.unsorted = False

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        fieldname, btext, docnum, weight, value = item
        key = (fieldname, btext)
        postings = self.terms.get(key)
        if postings is None:
            postings = self.terms[key] = _new_postings()
            self.fieldnames.add(fieldname)
        elif docnum < postings[0][-1]:
            self.unsorted = True  # a merge added an older segment's postings after newer ones
        postings[0].append(docnum)
        postings[1].append(weight)
        if value:
            postings[2].extend(value)
        postings[3].append(len(postings[2]))
        self.count += 1

    def sorted_terms(self) -> list[tuple[str, bytes]]:
        """Every (field, term) in Whoosh's order, each term's postings in document order."""
        for docs, weights, data, ends in self.terms.values() if self.unsorted else ():
            if any(docs[i] > docs[i + 1] for i in range(len(docs) - 1)):
                order = sorted(range(len(docs)), key=docs.__getitem__)
                values = _values(data, ends, 0, len(docs))
                docs[:] = array("I", [docs[i] for i in order])
                weights[:] = array("f", [weights[i] for i in order])
                data[:] = b"".join(values[i] for i in order)
                ends[:] = array("I", _ends(len(values[i]) for i in order))
        return sorted(self.terms)

    def iter_postings(self) -> Iterator[tuple[str, bytes, int, float, bytes]]:
        for key in self.sorted_terms():
            docs, weights, data, ends = self.terms[key]
            values = _values(data, ends, 0, len(docs))
            for d, w, v in zip(docs, weights, values, strict=True):
                yield key[0], key[1], d, w, v

    def cleanup(self) -> None:
        self.terms = {}
        self.count = 0
        self.unsorted = False


def _values(data: bytearray | bytes, ends: array, start: int, stop: int) -> list[bytes]:
    """The values of postings ``start`` to ``stop`` of one term, each as its own bytes."""
    raw = data if isinstance(data, bytes) else bytes(data)
    first = ends[start - 1] if start else 0
    bounds = [first, *ends[start:stop]]
    return [raw[a:b] for a, b in pairwise(bounds)]


def _ends(lengths: Iterable[int]) -> Iterator[int]:
    end = 0
    for n in lengths:
        end += n
        yield end


SEGMENT_POSTINGS = 3_000_000
"""Postings a writer holds in RAM before it finishes the segment and starts another: bounds a bulk
build's memory whatever the corpus size (a writer of generated articles is at 420 MB RSS by then,
its memos and forms included; 520 MB before values were packed)."""


class CorpusSegmentWriter(SegmentWriter):
    """Whoosh's SegmentWriter with postings kept per term in RAM and written a block at a time.

    Writes the same files byte for byte as the stock writer for the same documents
    (``tests/unit/test_search_speed_memo.py`` compares them). What changes is the path: postings
    go into :class:`_RamPool` instead of the sorting pool; the flush sorts only the terms and fills
    the codec's 128-posting blocks directly instead of one ``add_posting`` call per posting (with the
    field lengths read once per field). A writer that has gathered :data:`SEGMENT_POSTINGS`
    postings finishes that segment and goes on in a new one (:meth:`finished_segments` lists them;
    the commit publishes all of them at once). Uses private parts of Whoosh-Reloaded 2.7.x
    (``_flush_segment``, the W3 codec's block buffer), checked with 2.7.5; the version range is
    pinned in ``pyproject.toml``.
    """

    def __init__(self, ix: Any, *args: Any, segment_postings: int = 0, **kwargs: Any) -> None:
        super().__init__(ix, *args, **kwargs)
        self.pool.cleanup()  # the stock pool made a temp folder's worth of nothing: replace it
        self.pool = _RamPool()
        self._segment_postings = segment_postings or SEGMENT_POSTINGS
        self._done: list[Any] = []

    def add_document(self, **fields: Any) -> None:
        """Whoosh's ``SegmentWriter.add_document`` (2.7.5) with the postings appended to the
        :class:`_RamPool` in place (no tuple and call per posting); fields it does not expect
        (vectors, spelling) go the stock way."""
        schema = self.schema
        names = sorted(name for name in fields if not name.startswith("_"))
        if any(schema[name].vector or schema[name].separate_spelling() for name in names
               if name in schema) or fields.get("_boost") is not None:
            SegmentWriter.add_document(self, **fields)
        else:
            self._add_plain(names, fields)
        if self.pool.count >= self._segment_postings:
            self._next_segment()

    def _add_plain(self, names: list[str], fields: dict[str, Any]) -> None:
        self._check_state()
        perdocwriter = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        pool = self.pool
        terms = pool.terms
        new_postings = _new_postings
        self._check_fields(schema, names)
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in names:
                value = fields.get(fieldname)
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    boost = self._field_boost(fields, fieldname, 1.0)
                    scorable = field.scorable
                    count = 0
                    for tbytes, freq, weight, vbytes in field.index(value):
                        if scorable:
                            length += freq
                        key = (fieldname, tbytes)
                        postings = terms.get(key)
                        if postings is None:
                            postings = terms[key] = new_postings()
                            pool.fieldnames.add(fieldname)
                        elif docnum < postings[0][-1]:
                            pool.unsorted = True
                        postings[0].append(docnum)
                        postings[1].append(weight * boost)
                        packed = postings[2]
                        if vbytes:
                            packed += vbytes
                        postings[3].append(len(packed))
                        count += 1
                    pool.count += count
                customval = fields.get(f"_stored_{fieldname}", value)
                perdocwriter.add_field(fieldname, field, customval if field.stored else None, length)
                column = field.column_type
                if column and customval is not None:
                    perdocwriter.add_column_value(fieldname, column, field.to_column_value(customval))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _next_segment(self) -> None:
        """Finish the segment written so far and start a new, empty one."""
        self._done.append(self._finalize_segment())
        release_free_memory(collect=False)  # the finished segment's postings, freed: not kept mapped
        codec = self.codec
        self.newsegment = codec.new_segment(self.storage, self.indexname)
        self.compound = False
        self.pool = _RamPool()
        self.perdocwriter = codec.per_document_writer(self.storage, self.newsegment)
        self.fieldwriter = codec.field_writer(self.storage, self.newsegment)
        self.docnum = self.docbase = 0
        self._added = False

    def finished_segments(self) -> list[Any]:
        """Every segment this writer wrote, the current one finished too (none if nothing was added)."""
        if self._added:
            return [*self._done, self._finalize_segment()]
        self._close_segment()
        return list(self._done)

    def commit(self, mergetype: Any = None, optimize: Any = None, merge: Any = None) -> None:
        self._check_state()
        finalsegments = self._merge_segments(mergetype, optimize, merge)
        finalsegments.extend(self.finished_segments())
        self._commit_toc(finalsegments)
        self._finish()

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        pdr = self.per_document_reader() if self.codec.length_stats else None
        try:
            lengths = _LengthsInMemory(pdr) if pdr else None
            if isinstance(self.pool, _RamPool) and isinstance(self.fieldwriter, W3FieldWriter):
                _write_terms(self.fieldwriter, self.schema, self.pool, lengths)
            else:
                self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
            self.fieldwriter.close()
        finally:
            if pdr:
                pdr.close()


def _write_terms(fw: Any, schema: Any, pool: _RamPool, lengths: _LengthsInMemory | None) -> None:
    """What ``FieldWriter.add_postings`` does with the pool's postings, a block at a time.

    For each term the postings are cut into the codec's blocks; each block's buffer (ids, weights,
    values, length and weight extremes) is set as ``add_posting`` would have built it, then the
    codec writes it (``finish_term`` writes the last one, as in the stock path).
    """
    current: str | None = None
    field_lengths: list[int] = []
    for fieldname, btext in pool.sorted_terms():
        if fieldname != current:
            if current is not None:
                fw.finish_field()
            fw.start_field(fieldname, schema[fieldname])
            current = fieldname
            field_lengths = lengths.field(fieldname) if lengths is not None else []
        docs, weights, data, ends = pool.terms[(fieldname, btext)]
        raw = bytes(data)
        fw.start_term(btext)
        pw = fw._postwriter
        limit = pw._blocklimit
        n = len(docs)
        for start in range(0, n, limit):
            stop = min(start + limit, n)
            ids = docs[start:stop]
            pw._ids = ids
            pw._weights = block_weights = weights[start:stop]
            pw._values = [v for v in _values(raw, ends, start, stop) if v]
            found = [x for x in map(field_lengths.__getitem__, ids) if x] if field_lengths else []
            pw._minlength = min(found) if found else None
            pw._maxlength = max(found) if found else 0
            pw._maxweight = max(0, max(block_weights))
            if stop < n:
                pw._write_block()
        fw.finish_term()
    if current is not None:
        fw.finish_field()


def open_writer(ix: Any, *, limitmb: int = WRITER_LIMIT_MB, locked: bool = True, timeout: float = 5.0) -> Any:
    """A :class:`CorpusSegmentWriter` on ``ix`` (non-compound segments); ``locked=False`` for a
    parallel helper's extra segment, which the locked parent writer commits. ``limitmb`` bounds the
    postings held in RAM (about 80 bytes each) before a new segment starts."""
    postings = max(10_000, limitmb * 1_000_000 // 80) if limitmb != WRITER_LIMIT_MB else SEGMENT_POSTINGS
    if locked:
        return CorpusSegmentWriter(ix, compound=False, timeout=timeout, segment_postings=postings)
    return CorpusSegmentWriter(ix, _lk=False, compound=False, segment_postings=postings)


class Batch(NamedTuple):
    """The articles of one source file, with the file's fingerprint."""

    source: str
    file_hash: str
    documents: Sequence[Document]


def write_documents(
    ix: Any,
    path: Path | None,
    *,
    add: Sequence[Batch] = (),
    remove: Iterable[str] = (),
    progress: ProgressFn | None = None,
    cancel: Any = None,
    phase: str = "indexing",
    done: int = 0,
    total: int | None = None,
    limitmb: int = WRITER_LIMIT_MB,
    merge: bool = True,
) -> int:
    """Delete ``remove`` and every source in ``add``, add ``add``'s articles, commit, fsync.

    All or nothing: on cancel or error the writer is cancelled and the index keeps its previous
    generation. Returns the number of documents written. ``path`` is the index folder to fsync
    (None for an index in RAM).
    """
    docs_total = sum(len(b.documents) for b in add)
    total = done + docs_total if total is None else total
    writer = open_writer(ix, limitmb=limitmb)
    spill = _spill_file(path)
    session = begin_session(spill)
    written = 0
    pause_collector()  # millions of postings, no cycles
    try:
        for source in dict.fromkeys([*remove, *(b.source for b in add)]):
            writer.delete_by_term("source", source)
        for batch in add:
            for doc in batch.documents:
                if written % _PROGRESS_EVERY == 0:
                    if is_cancelled(cancel):
                        raise Cancelled("indexing cancelled")
                    if progress:
                        progress(done + written, total, phase)
                writer.add_document(**document_fields(doc, batch.file_hash))
                written += 1
        if is_cancelled(cancel):
            raise Cancelled("indexing cancelled")
        if progress:
            progress(done + written, total, "committing")
        # Before the commit: the lexicon must cover what is published.
        keep_forms(session)
        forms = session_forms_view()
        if spill is not None and spill.used:
            with LexiconUpdate(ix.storage, expected=spill.count() + len(forms)) as lexicon:
                lexicon.add(spill.rows(forms))
        else:
            write_lexicon(ix.storage, forms)
        writer.commit(merge=merge)
    except BaseException:
        if not writer.is_closed:
            with contextlib.suppress(Exception):
                writer.cancel()
        raise
    finally:
        end_session(session)
        if spill is not None:
            spill.remove()
        resume_collector()
    if path is not None:
        fsync_tree(path)
    return written


def _spill_file(folder: Path | None) -> SpilledForms | None:
    """Where a write in ``folder`` puts the forms that leave memory (none for an index in RAM); a
    kill's leftover is deleted with the other leftovers."""
    return SpilledForms(folder / f"{_CHUNK_PREFIX}{uuid.uuid4().hex}.spill") if folder is not None else None


# --------------------------------------------------------------------------------------------
# Parallel bulk writing
#
# Indexing is CPU-bound Python, so a second core only helps in a second process. Whoosh's own
# MpWriter forks, which is unsafe from a threaded (Qt) program; here one helper is *spawned* (a
# fresh interpreter), writes its own segment into the same version folder with an unlocked
# SegmentWriter (as MpWriter's sub-writers do) and hands the Segment object back; the parent adds
# it to its own commit, so the helper's work becomes visible atomically with the parent's or not at
# all. If the helper fails for any reason the parent indexes the helper's share itself.

PARALLEL_MIN_DOCS = 2000
"""Below this many articles the helper's start-up (~1 s) costs more than it saves."""
_CHUNK_CHARS = 400_000
_CHUNK_PREFIX = ".chunk-"
_LEXICON_TEMP = f".{LEXICON_FILE}."
"""A lexicon being written (:class:`~reader.search.lexicon.LexiconUpdate`) that a kill left behind."""


def _parallel_procs() -> int:
    env = os.environ.get("CORPUS_READER_INDEX_PROCS")
    if env and env.isdigit():
        return max(1, int(env))
    return min(2, os.cpu_count() or 1)


def _helper_main(path: str, conn: Any, limitmb: int, spill_forms: int) -> None:  # pragma: no cover - spawned
    """Entry point of the spawned helper: index what arrives on ``conn``, return the segments and
    a file of the surface forms met (for the lexicon the parent writes before committing).
    ``spill_forms``: the parent's :data:`reader.search.schema.SPILL_FORMS`."""
    # This process only indexes and holds no cycles worth collecting: the collector's passes over
    # the postings' millions of objects are pure cost here (never done in the app's process).
    gc.disable()
    schema_module.SPILL_FORMS = spill_forms
    writer = None
    spill = _spill_file(Path(path))
    assert spill is not None
    try:
        if os.environ.get("CORPUS_READER_INDEX_HELPER_FAIL"):
            raise RuntimeError("simulated helper failure (tests)")
        ix = whoosh_index.open_dir(path)
        writer = open_writer(ix, limitmb=limitmb, locked=False)
        session = begin_session(spill)
        while True:
            chunk_file = conn.recv()
            if chunk_file is None:
                break
            with open(chunk_file, "rb") as fh:
                chunk = pickle.load(fh)
            os.unlink(chunk_file)
            for doc, file_hash in chunk:
                writer.add_document(**document_fields(doc, file_hash))
            conn.send(("ack", len(chunk)))
        segments = writer.finished_segments()
        keep_forms(session)
        forms_file = Path(path) / f"{_CHUNK_PREFIX}{uuid.uuid4().hex}.forms"
        write_forms_file(forms_file, spill.rows(session_forms_view()))
        conn.send(("done", (segments, str(forms_file))))
    except BaseException as exc:
        if writer is not None:
            # Not writer.cancel(): that would delete the temp folder the parent shares.
            with contextlib.suppress(Exception):
                writer._close_segment()
        with contextlib.suppress(Exception):
            conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        spill.remove()
        conn.close()


def _chunks(batches: Sequence[Batch]) -> list[list[tuple[Document, str]]]:
    chunks: list[list[tuple[Document, str]]] = [[]]
    size = 0
    for batch in batches:
        for doc in batch.documents:
            if size >= _CHUNK_CHARS:
                chunks.append([])
                size = 0
            chunks[-1].append((doc, batch.file_hash))
            size += doc.chars
    return [c for c in chunks if c]


def _slim(doc: Document) -> Document:
    """The document without its raw source text, which the index does not need (halves pickling)."""
    return dataclasses.replace(doc, original="", removed=())


def write_parallel(
    ix: Any,
    path: Path,
    batches: Sequence[Batch],
    *,
    progress: ProgressFn | None = None,
    cancel: Any = None,
    done: int = 0,
    total: int | None = None,
    limitmb: int = WRITER_LIMIT_MB,
) -> int:
    """Like :func:`write_documents` (add only, one commit), with a spawned helper process.

    Chunks go to the helper only while it keeps up (at most two in flight), so a slow or busy
    second core never holds the parent back. Both segments are finished concurrently, then one
    TOC lists them: the commit stays all-or-nothing.
    """
    import multiprocessing

    count = sum(len(b.documents) for b in batches)
    total = done + count if total is None else total
    ctx = multiprocessing.get_context("spawn")
    parent_conn, child_conn = ctx.Pipe()
    helper = ctx.Process(target=_helper_main, name="corpus-reader-indexer", daemon=True,
                         args=(str(path), child_conn, limitmb, schema_module.SPILL_FORMS))
    helper.start()
    child_conn.close()
    writer = open_writer(ix, limitmb=limitmb)
    spill = _spill_file(path)
    assert spill is not None
    session = begin_session(spill)
    pause_collector()  # millions of postings, no cycles
    state = {"ok": True, "outstanding": 0, "counted": 0, "finished": False}
    sent: list[tuple[Document, str]] = []
    segments: list[Any] = []
    helper_forms: list[Path] = []

    def receive(block: bool) -> None:
        try:
            while state["ok"] and not state["finished"] and (block or parent_conn.poll()):
                kind, value = parent_conn.recv()
                block = False
                if kind == "ack":
                    state["outstanding"] -= 1
                    state["counted"] += value
                elif kind == "done":
                    state["finished"] = True
                    segments.extend(value[0])
                    helper_forms.append(Path(value[1]))
                else:
                    state["ok"] = False
        except (EOFError, OSError):
            state["ok"] = bool(state["finished"])  # the helper hung up before saying it was done

    try:
        for chunk in _chunks(batches):
            if is_cancelled(cancel):
                raise Cancelled("indexing cancelled")
            receive(block=False)
            if state["ok"] and state["outstanding"] < 2:
                # Through a file, not the pipe: a big pipe message blocks until the helper reads
                # it, which would make the parent wait for the helper instead of working.
                chunk_file = path / f"{_CHUNK_PREFIX}{uuid.uuid4().hex}.pickle"
                try:
                    with open(chunk_file, "wb") as fh:
                        pickle.dump([(_slim(doc), h) for doc, h in chunk], fh, pickle.HIGHEST_PROTOCOL)
                    parent_conn.send(str(chunk_file))
                    state["outstanding"] += 1
                    sent.extend(chunk)
                    continue
                except (OSError, EOFError, ValueError):
                    state["ok"] = False
            for doc, file_hash in chunk:
                writer.add_document(**document_fields(doc, file_hash))
            state["counted"] += len(chunk)
            if progress:
                progress(min(done + state["counted"], total), total, "indexing")
        if state["ok"]:
            try:
                parent_conn.send(None)  # the helper finishes its segment while we finish ours
            except (OSError, EOFError):
                state["ok"] = False
        if progress:
            progress(min(done + state["counted"], total), total, "committing")
        own = writer.finished_segments()
        release_free_memory(collect=False)
        keep_forms(session)
        forms = session_forms_view()
        # The lexicon is built on disk beside the index, from this process' forms (those that left
        # memory while it wrote and those still held, keyed while the helper finishes its segment
        # and keys its own) and the helper's forms file: no process holds every form (1.96M at 50k
        # generated articles), nor the lexicon (207 MB), in memory.
        with LexiconUpdate(ix.storage, expected=spill.count() + len(forms)) as lexicon:
            lexicon.add(spill.rows(forms))
            keyed = len(forms)
            while state["ok"] and not state["finished"]:
                if is_cancelled(cancel):
                    raise Cancelled("indexing cancelled")
                if parent_conn.poll(0.5):
                    receive(block=True)
                elif not helper.is_alive() and not parent_conn.poll():
                    state["ok"] = False  # died without a word
            if not state["ok"] and sent:
                # The helper failed: write its share here, as one more unlocked segment writer.
                segments.clear()
                extra = open_writer(ix, limitmb=limitmb, locked=False)
                for doc, file_hash in sent:
                    if is_cancelled(cancel):
                        raise Cancelled("indexing cancelled")
                    extra.add_document(**document_fields(doc, file_hash))
                segments.extend(extra.finished_segments())
            if is_cancelled(cancel):
                raise Cancelled("indexing cancelled")
            if state["ok"]:
                for forms_file in helper_forms:
                    lexicon.merge(forms_file)
            if len(forms) != keyed:  # met since (the helper's share, written here): add those too
                rest = sorted(forms)
                known = lexicon.known(rest)
                lexicon.add(form_rows([f for f in rest if f not in known], forms))
        final = list(writer.segments) + segments + own
        writer._commit_toc(final)
        writer._finish()
    except BaseException:
        if not writer.is_closed:
            with contextlib.suppress(Exception):
                writer._finish()  # drop the lock and temp files; the TOC was never written
        raise
    finally:
        end_session(session)
        spill.remove()
        resume_collector()
        with contextlib.suppress(Exception):
            parent_conn.close()
        for forms_file in helper_forms:
            with contextlib.suppress(OSError):
                forms_file.unlink()
        helper.join(timeout=10)
        if helper.is_alive():
            helper.terminate()
            helper.join(timeout=5)
    fsync_tree(path)
    return count


# --------------------------------------------------------------------------------------------
# Handles


class CorpusSearcher(Searcher):
    """A Whoosh searcher whose stored fields hold the article's text under ``content``.

    The index no longer stores text; callers that read ``stored_fields(n)["content"]`` or
    ``document(id=...)["content"]`` (snippets, concordance lines, the app's result rows) get the
    corpus' text through ``texts`` (``doc_id -> text or None``), as they got the stored text.
    """

    def __init__(self, reader: Any, texts: Any = None, **kwargs: Any) -> None:
        parent = kwargs.get("parent")
        self._texts = texts if texts is not None else getattr(parent, "_texts", None)
        super().__init__(reader, **kwargs)
        if self._texts is not None:
            self.stored_fields = self._stored_with_text

    def _stored_with_text(self, docnum: int) -> dict[str, Any]:
        stored = self.ixreader.stored_fields(docnum)
        if "content" not in stored and stored.get("id") is not None:
            text = self._texts(stored["id"])
            if text is not None:
                stored["content"] = text
        return stored

    def documents(self, **kw: Any) -> Iterator[dict[str, Any]]:
        return (self.stored_fields(docnum) for docnum in self.document_numbers(**kw))

    def _subsearcher(self, reader: Any) -> CorpusSearcher:
        return self.__class__(reader, texts=self._texts, fromindex=self._ix, weighting=self.weighting,
                              parent=self)

    def refresh(self) -> CorpusSearcher:
        if not self._ix:
            raise RuntimeError("No reference to index")
        if self._ix.latest_generation() == self.reader().generation():
            return self
        self.is_closed = True
        newreader = self._ix.reader(reuse=self.ixreader)
        return self.__class__(newreader, texts=self._texts, fromindex=self._ix, weighting=self.weighting)



@dataclass
class IndexHandle:
    """An open, published index version plus what the last sync did to it."""

    ix: Any
    store: IndexStore
    version: str
    rebuilt: bool = False
    reason: str | None = None
    stats: IndexStats = field(default_factory=IndexStats)
    complete: bool = True
    corpus_root: Path | None = None
    aliases: Any = None
    corpus: Any = None
    """The scanned corpus the index was synced with (None after a read-only open): what a rebuild
    of a damaged index needs, and where hits read their text."""
    texts: Any = None
    """``doc_id -> text or None``: where hits read an article's text when set (a lazy article
    store); else the corpus' documents."""
    load_corpus: Any = None
    """``() -> corpus``: loads the corpus when a hit needs text and none is attached (a read-only
    open, e.g. from the scan cache). Called once."""
    _documents: Any = field(default=None, repr=False)
    _documents_of: Any = field(default=None, repr=False)
    _local: threading.local = field(default_factory=threading.local, repr=False)
    _open: list[Any] = field(default_factory=list, repr=False)
    _guard: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _closed: bool = field(default=False, repr=False)
    heal_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    """Held while this handle's index is rebuilt after a read error, so two threads that hit the
    same damage rebuild it once."""

    @property
    def path(self) -> Path:
        return self.store.version_dir(self.version)

    def text_of(self, doc_id: str) -> str | None:
        """The clean text (``Document.text``) of an indexed article, or None when it is unknown.

        The index stores no text: hits, snippets and concordance lines read it here, from
        :attr:`texts`, else the corpus (loaded with :attr:`load_corpus` the first time if none is
        attached). Offsets into it are the offsets the reading pane uses.
        """
        if self.texts is not None:
            return self.texts(doc_id)
        documents = self._corpus_documents()
        doc = documents.get(doc_id)
        return doc.text if doc is not None else None

    def _corpus_documents(self) -> dict[str, Any]:
        corpus = self.corpus
        if corpus is None and self.load_corpus is not None:
            with self._guard:
                loader, self.load_corpus = self.load_corpus, None
            if loader is not None:
                try:
                    corpus = self.corpus = loader()
                except Exception:  # no text then: hits show without snippets rather than fail
                    corpus = None
            corpus = self.corpus
        if corpus is None:
            return {}
        documents = self._documents
        if documents is None or self._documents_of is not corpus:
            documents = {d.id: d for d in getattr(corpus, "documents", ())}
            self._documents, self._documents_of = documents, corpus
        return documents

    @property
    def doc_count(self) -> int:
        return self.ix.doc_count()

    def searcher(self) -> Any:
        """A searcher for this thread, refreshed to the newest committed generation.

        Whoosh searchers are cheap to refresh but not to open (every segment file is opened), so
        one is kept per thread; :meth:`close` closes them all.
        """
        if self._closed:
            # A late search (a debounce timer firing after the app moved on) must not reopen
            # segment files that nobody will close again.
            raise IndexUnusable("this index handle was closed")
        s = getattr(self._local, "searcher", None)
        if s is None or s.is_closed:
            s = CorpusSearcher(self.ix.reader(), texts=self.text_of, fromindex=self.ix)
        elif not s.up_to_date():
            fresh = s.refresh()
            with self._guard:
                if s in self._open:
                    self._open.remove(s)
            s = fresh
        else:
            return s
        self._local.searcher = s
        with self._guard:
            self._open.append(s)
        return s

    def drop_searchers(self) -> None:
        """Close the cached searchers; the next search opens a fresh one (a cold start, for benchmarks)."""
        with self._guard:
            searchers, self._open = self._open, []
        for s in searchers:
            with contextlib.suppress(Exception):
                s.close()
        self._local = threading.local()

    @property
    def closed(self) -> bool:
        return self._closed

    def adopt(self, other: IndexHandle) -> None:
        """Search ``other``'s index from now on (a rebuild of this one), in place.

        The app hands one handle to the search panel, the concordance and the saved searches:
        replacing what it points to, rather than the handle, heals all of them at once.
        """
        with self._guard:
            self.ix, self.store, self.version = other.ix, other.store, other.version
            self.rebuilt, self.reason, self.stats = other.rebuilt, other.reason, other.stats
            self.complete = other.complete
        self.drop_searchers()
        other.drop_searchers()

    def close(self) -> None:
        with self._guard:
            self._closed = True
        self.drop_searchers()

    def __enter__(self) -> IndexHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --------------------------------------------------------------------------------------------
# Sync: build or update


def _group(documents: Iterable[Document]) -> dict[str, list[Document]]:
    by_source: dict[str, list[Document]] = {}
    for doc in documents:
        by_source.setdefault(doc.source, []).append(doc)
    return by_source


def _newest_first(by_source: dict[str, list[Document]]) -> list[str]:
    def key(source: str) -> str:
        return max((d.date.value or "" for d in by_source[source]), default="")

    return sorted(by_source, key=key, reverse=True)


def sync_index(
    store: IndexStore,
    documents: Sequence[Document],
    hashes: dict[str, str],
    *,
    corpus_root: str = "",
    progress: ProgressFn | None = None,
    cancel: Any = None,
    on_first_batch: Callable[[IndexHandle], None] | None = None,
    force_rebuild: bool = False,
    lock_timeout: float = 30.0,
    first_batch: int = FIRST_BATCH_DOCS,
) -> IndexHandle:
    """Bring the store up to date with ``documents`` (``hashes``: fingerprint per source file).

    Full build when there is no usable current version (or ``force_rebuild``), otherwise an
    incremental update of the files whose fingerprint changed. Raises :class:`Cancelled` (index as
    it was) and :class:`IndexBusy` (another writer, and nothing readable meanwhile).
    """
    lock = store.writer_lock()
    if not lock.acquire(timeout=lock_timeout, cancel=cancel):
        if is_cancelled(cancel):
            raise Cancelled("indexing cancelled while waiting for another writer")
        try:
            name, ix, manifest = store.open_current()
        except IndexUnusable as exc:
            raise IndexBusy("Another process is building this search index; try again shortly.") from exc
        busy = "Another process is updating the search index; showing its last saved state."
        return IndexHandle(ix, store, name, reason=busy, complete=False)
    try:
        by_source = _group(documents)
        reason: str | None = None
        name = store.current_name()
        current: tuple[Any, Manifest] | None = None
        if name is not None:
            try:
                current = store.open_version(name)
            except IndexUnusable as exc:
                reason = f"The search index could not be opened ({exc}); it was rebuilt."
        elif (store.root / POINTER).exists():
            reason = "The search index pointer was damaged; the index was rebuilt."
        state: dict[str, SourceState] | None = None
        if current is not None and not force_rebuild:
            try:
                state = indexed_state(current[0])
            except Exception as exc:  # a column cut short: the cache is damaged, rebuild it
                reason = f"The search index could not be read ({type(exc).__name__}); it was rebuilt."
                _release_frames(exc)
                current = None
        publish_early = current is None  # nothing readable now: the newest articles first
        if force_rebuild and current is not None:
            reason = reason or "A rebuild of the search index was requested."
            current = None
        if current is None:
            chars = sum(d.chars for d in documents)
            with _no_space_as(store.root, chars, "build"):
                return _full_build(
                    store, by_source, hashes, corpus_root=corpus_root, progress=progress, cancel=cancel,
                    on_first_batch=on_first_batch, rebuilt=name is not None or reason is not None,
                    reason=reason, first_batch=first_batch, publish_early=publish_early,
                )
        assert name is not None and state is not None
        ix, manifest = current
        try:
            with _no_space_as(store.root, sum(d.chars for d in documents), "update"):
                return _update(
                    store, name, ix, manifest, state, by_source, hashes, corpus_root=corpus_root,
                    progress=progress, cancel=cancel,
                )
        except LexiconUnreadable as exc:
            # Damaged since it was opened: the forms it held are not in the index, so rebuild.
            _release_frames(exc)
        with _no_space_as(store.root, sum(d.chars for d in documents), "build"):
            return _full_build(
                store, by_source, hashes, corpus_root=corpus_root, progress=progress, cancel=cancel,
                on_first_batch=on_first_batch, rebuilt=True, first_batch=first_batch, publish_early=False,
                reason="The search index's word list could not be read; the index was rebuilt.",
            )
    finally:
        lock.release()


@contextlib.contextmanager
def _no_space_as(folder: Path, chars: int, action: str) -> Iterator[None]:
    """Turn a full disk into :class:`IndexNoSpace` (the sentence says how much room is needed)."""
    try:
        yield
    except IndexNoSpace:
        raise
    except Exception as exc:
        if is_no_space(exc):
            _release_frames(exc)
            raise no_space_error(folder, chars, action) from None
        raise


def _full_build(
    store: IndexStore,
    by_source: dict[str, list[Document]],
    hashes: dict[str, str],
    *,
    corpus_root: str,
    progress: ProgressFn | None,
    cancel: Any,
    on_first_batch: Callable[[IndexHandle], None] | None,
    rebuilt: bool,
    reason: str | None,
    first_batch: int,
    publish_early: bool = True,
) -> IndexHandle:
    name, path, ix = store.new_version(corpus_root)
    order = _newest_first(by_source)
    total = sum(len(v) for v in by_source.values())
    # Publishing a partial index is fine only when nothing better is published: the previous
    # version (if any) is unusable, so early readers see the newest articles instead of nothing.
    published = False
    manifest = Manifest(schema_signature(), corpus_root=corpus_root)
    try:
        head: list[str] = []
        count = 0
        if total > first_batch * 2:
            chars = 0
            for source in order:
                if count >= first_batch or chars >= FIRST_BATCH_CHARS:
                    break
                head.append(source)
                count += len(by_source[source])
                chars += sum(d.chars for d in by_source[source])
        if not publish_early:
            head = []
        tail = order[len(head):]
        done = 0
        if head and publish_early:
            batches = [Batch(s, hashes.get(s, ""), by_source[s]) for s in head]
            done += write_documents(ix, path, add=batches, progress=progress, cancel=cancel,
                                    phase="indexing newest", total=total)
            manifest.files = {s: hashes.get(s, "") for s in head}
            manifest.doc_count = done
            manifest.save(path)
            store.flip(name)
            published = True
            if progress:
                progress(done, total, "searchable")
            if on_first_batch is not None:
                on_first_batch(IndexHandle(ix, store, name, rebuilt=rebuilt, reason=reason,
                                           stats=IndexStats(added=done), complete=False,
                                           corpus_root=Path(corpus_root) if corpus_root else None))
        batches = [Batch(s, hashes.get(s, ""), by_source[s]) for s in tail]
        tail_docs = sum(len(b.documents) for b in batches)
        if tail_docs >= PARALLEL_MIN_DOCS and _parallel_procs() > 1:
            done += write_parallel(ix, path, batches, progress=progress, cancel=cancel, done=done,
                                   total=total)
        else:
            done += write_documents(ix, path, add=batches, progress=progress, cancel=cancel,
                                    phase="indexing", done=done, total=total)
        manifest.files = dict(hashes)
        manifest.doc_count = done
        manifest.complete = True
        manifest.save(path)
        store.flip(name)
        published = True
    except BaseException:
        if not published:
            store.discard(name)
        raise
    store.cleanup(keep={name})
    if progress:
        progress(total, total, "done")
    return IndexHandle(ix, store, name, rebuilt=rebuilt, reason=reason, stats=IndexStats(added=total),
                       corpus_root=Path(corpus_root) if corpus_root else None)


def _update(
    store: IndexStore,
    name: str,
    ix: Any,
    manifest: Manifest,
    state: dict[str, SourceState],
    by_source: dict[str, list[Document]],
    hashes: dict[str, str],
    *,
    corpus_root: str,
    progress: ProgressFn | None,
    cancel: Any,
) -> IndexHandle:
    path = store.version_dir(name)
    _clean_whoosh_leftovers(path)
    known = manifest.files
    removed_sources = [s for s in dict.fromkeys([*state, *known]) if s not in hashes]
    changed: list[str] = []
    for source, file_hash in hashes.items():
        in_index = state.get(source)
        if known.get(source) != file_hash:
            changed.append(source)
        elif in_index is not None and in_index.hashes != {file_hash}:
            changed.append(source)  # a commit landed without its manifest: trust neither, redo it
        elif in_index is None and by_source.get(source):
            changed.append(source)
    added = updated = removed = 0
    for source in changed:
        old = set(state[source].ids) if source in state else set()
        new = {d.id for d in by_source.get(source, ())}
        added += len(new - old)
        updated += len(new & old)
        removed += len(old - new)
    for source in removed_sources:
        removed += len(state[source].ids) if source in state else 0
    stats = IndexStats(added, updated, removed)
    if changed or removed_sources:
        batches = [Batch(s, hashes[s], by_source.get(s, [])) for s in _newest_first(
            {s: by_source.get(s, []) for s in changed})]
        write_documents(ix, path, add=batches, remove=removed_sources, progress=progress, cancel=cancel,
                        phase="updating")
        manifest.files = dict(hashes)
        manifest.doc_count = ix.doc_count()
        manifest.complete = True
        manifest.corpus_root = corpus_root or manifest.corpus_root
        manifest.save(path)
    elif not manifest.complete or set(known) != set(hashes):
        manifest.files = dict(hashes)
        manifest.complete = True
        manifest.save(path)
    store.cleanup(keep={name})
    if progress:
        total = sum(len(v) for v in by_source.values())
        progress(total, total, "done")
    return IndexHandle(ix, store, name, stats=stats, corpus_root=Path(corpus_root) if corpus_root else None)
