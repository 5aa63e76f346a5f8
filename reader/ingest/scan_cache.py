"""Reuse the last scan of an unchanged corpus, so the app opens a large corpus at once.

Scanning 10k articles takes about a minute (decode, split, date, dedupe); checking that nothing
changed takes milliseconds (``corpus_signature``: names, sizes, modification times). The cache is
a disposable file in the profile's cache folder, keyed by the corpus folder, and invalidated by
any change to the files, to the ingest code itself or to the researcher's boundary fixes (the
offsets handed to the scan are part of the key; ``reader.store.boundary_fixes`` resolves them).

The file is an SQLite database (:data:`SCHEMA`): the key, a :class:`Listing` (every article
without its text: what the window lists) and the rest of the corpus' fields in ``meta``; each
article's paragraphs and original, compressed, in a row of ``articles``; each source file's
decoded text, compressed, in ``sources``. Why:

* **Listed before read.** :func:`read_listing` gives the window the articles of the last scan to
  list at once (a 10k corpus' listing takes 50 ms), while :func:`load_corpus` checks the files.
* **Text read when it is needed.** A corpus from the cache holds its articles' metadata only:
  each article reads its text from its row when something asks for it (opened, indexed, a
  snippet), and :class:`StoredCorpus` keeps only the last few read. Unpickling all of it took a
  10k corpus to 900 MB and 4 s; a 50k corpus (480 MB of text) would not fit in memory twice over.
* **Scanned into the store.** A scan writes each file's text to the new database as it reads it
  and each article's as it splits it (:class:`_Builder`), then the corpus is read back as from any
  cache: a scan holds its articles' metadata, never the corpus' text (a 50k corpus peaked at
  3.4 GB when the scan kept it all until it was stored).
* **Built whole, replaced whole.** The database is written to a temporary file and renamed over
  the last one (:func:`reader.fileio.atomic_build`) once the scan is over; a scan that fails or is
  cancelled leaves the last one as it was. An article already handed out keeps reading the file it
  came from (its connection holds it open), so a re-scan never changes an article's text
  underneath it. Any file that cannot be read is simply rebuilt; a cache that cannot be written
  means a scan that keeps its text in memory, as without a cache.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import logging
import pickle
import sqlite3
import threading
import zlib
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader import __version__, paths
from reader.fileio import atomic_build
from reader.ingest.boundaries import NO_FIXES, BoundaryFixes
from reader.ingest.loader import Skipped, SourceFile, corpus_signature
from reader.ingest.model import Document
from reader.memory import collector_paused, release_free_memory

if TYPE_CHECKING:  # imported when a corpus is read: listing one at start needs none of the scanner
    from reader.ingest.corpus import Corpus, ScanListener

log = logging.getLogger(__name__)
FORMAT = 4  # 4: an SQLite file, text read per article; 3: pickles, a listing ahead of the text
FREEZE_MIN = 2000  # articles: a smaller corpus is walked by the collector in a few milliseconds
RECENT = 64  # articles' texts (and source files) kept once read: what is open, shown or indexed now
RECENT_CHARS = 8_000_000  # ...but no more text than this (a source file may be a whole book)
SCHEMA = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE articles (n INTEGER PRIMARY KEY, paragraphs BLOB NOT NULL, original BLOB,
                       source TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL);
CREATE TABLE sources (relpath TEXT PRIMARY KEY, text BLOB NOT NULL);
"""


@dataclass(frozen=True)
class Listing:
    """The articles of a scan without their text (``paragraphs`` empty, ``original`` ''): enough to
    list, date, count and filter them, nothing to read or search."""

    documents: list[Document]
    skipped: list[Skipped]
    problems: list[str]


class StoredTextError(RuntimeError):
    """An article's text could not be read from the scan cache; the message says what to do."""


def _code_version() -> str:
    """Changes whenever the ingest code changes, so a new splitter (or format reader) never serves
    stale articles."""
    digest = hashlib.sha1(f"{__version__}/{FORMAT}".encode())
    here = Path(__file__).resolve().parent
    for folder in (here, here / "formats", here.parent / "text"):
        for path in sorted(folder.glob("*.py")):
            with contextlib.suppress(OSError):
                digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_path(root: Path) -> Path:
    key = hashlib.sha1(str(root.resolve()).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return paths.user_paths().cache / "scan" / f"{key}.sqlite"


def fixes_key(fixes: BoundaryFixes) -> tuple:
    """A canonical, comparable form of ``fixes`` (files without fixes left out)."""
    return tuple(
        (relpath, tuple(sorted(f.split_at)), tuple(sorted(f.merge_at)))
        for relpath, f in sorted(fixes.items())
        if f
    )


def load_corpus(
    root: str | Path, *, fixes: BoundaryFixes = NO_FIXES, use_cache: bool = True,
    listener: ScanListener | None = None,
) -> Corpus:
    """``scan_corpus`` with a cache; raises ``CorpusError`` for an unusable folder, like it.

    ``fixes`` (relpath -> offsets) are the researcher's splits and merges; they are part of the key.
    ``listener`` hears of a scan's progress and articles (a cached corpus comes whole, unheard).
    The corpus' articles read their text from the cache when asked (a scanned one once it is stored).
    """
    from reader.ingest.corpus import scan_corpus

    root_path = Path(root).expanduser()
    signature = corpus_signature(root_path)
    target = cache_path(root_path)
    key = (FORMAT, _code_version(), signature, fixes_key(fixes))
    if use_cache:
        with contextlib.suppress(Exception):  # any unreadable cache is simply rebuilt
            corpus = _read(target, key)
            if corpus is not None:
                return corpus
    stored = _scan_stored(target, key, root_path, fixes, listener)
    if stored is not None:
        release_free_memory()  # the scan's garbage: the corpus read back holds no text
        return stored
    # No store (the cache cannot be written or read back): a scan that keeps its text in memory.
    # Its listener hears no batches: those of the scan that failed were heard already.
    return scan_corpus(root_path, fixes, listener and replace(listener, articles=None))


def read_listing(root: str | Path) -> Listing | None:
    """The articles the last scan of ``root`` found, without their text; None when there is none.

    Not checked against the files (that is :func:`load_corpus`'s work, which takes a stat per file):
    what the window lists at once, until the corpus itself arrives.
    """
    try:
        with contextlib.closing(_connect(cache_path(Path(root).expanduser()))) as conn:
            key = _meta(conn, "key")
            if not isinstance(key, tuple) or key[:2] != (FORMAT, _code_version()):
                return None
            with collector_paused():  # thousands of lasting articles at once
                listing = _meta(conn, "listing")
                if isinstance(listing, Listing) and len(listing.documents) >= FREEZE_MIN:
                    gc.freeze()  # as a corpus read is (:func:`_read`): not walked again and again
    except Exception:  # no cache, or one that cannot be read: nothing to list early
        return None
    return listing if isinstance(listing, Listing) else None


def _connect(target: Path) -> sqlite3.Connection:
    """A read-only connection; ``immutable``: the file is only ever replaced whole, never changed, so
    no locks are taken (and none can block the window). A file cut short is refused here, before
    its articles are handed out (their text would be missing)."""
    size = target.stat().st_size
    conn = sqlite3.connect(f"{target.resolve().as_uri()}?mode=ro&immutable=1", uri=True,
                           check_same_thread=False)
    try:
        (pages,), (page_size,) = (conn.execute(f"PRAGMA {n}").fetchone() for n in ("page_count", "page_size"))
        if pages * page_size != size:
            raise sqlite3.DatabaseError(f"the scan cache is {size} bytes, not {pages * page_size}")
    except BaseException:
        conn.close()
        raise
    return conn


def _meta(conn: sqlite3.Connection, name: str) -> Any:
    row = conn.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
    return None if row is None else pickle.loads(row[0])


def _read(target: Path, key: tuple) -> Corpus | None:
    """The cached corpus if it was stored under ``key``, else None; its articles without their text.

    The articles are unpickled with the cyclic garbage collector paused: they are a few hundred
    thousand objects at 50k articles, and the collections their allocation triggers cost more than
    the unpickling itself. None of them is garbage, so pausing loses nothing. A large corpus is
    then frozen (``gc.freeze``): it lives as long as the window shows it, and without it the
    collector walks all of it again at every full collection. Freezing also keeps whatever cyclic
    garbage exists at that moment; refcounting still frees the corpus when it is replaced.
    """
    conn = _connect(target)
    try:
        if _meta(conn, "key") != key:
            conn.close()
            return None
        with collector_paused():
            corpus = StoredCorpus(target, conn).corpus()
            if len(corpus.documents) >= FREEZE_MIN:
                gc.freeze()
    except BaseException:
        conn.close()
        raise
    return corpus


class StoredCorpus:
    """One scan cache file, open for reading: where the articles of the corpus read from it get their
    text, from any thread (one connection, one lock: a row is read in well under a millisecond)."""

    def __init__(self, target: Path, conn: sqlite3.Connection) -> None:
        self.target, self.conn = target, conn
        self.lock = threading.Lock()
        self.recent: OrderedDict[tuple[Any, str], tuple[Any, int]] = OrderedDict()  # key -> (value, chars)
        self.recent_chars = 0
        self.relpaths: list[str] = []

    def corpus(self) -> Corpus:
        from reader.ingest.corpus import Corpus

        listing: Listing = _meta(self.conn, "listing")
        head: dict[str, Any] = _meta(self.conn, "head")
        self.relpaths = head["sources"]
        for n, (doc, chars) in enumerate(zip(listing.documents, head["chars"], strict=True)):
            # Fresh from the pickle and seen by no one yet: taking the empty text out of the frozen
            # article is safe. It reads its text from row ``n`` from now on.
            fields = doc.__dict__
            del fields["paragraphs"], fields["original"]
            fields["_stored"], fields["_chars"] = (self, n), chars
        return Corpus(root=head["root"], documents=listing.documents, skipped=listing.skipped,
                      problems=listing.problems, file_states=head["file_states"], sources=StoredSources(self))

    def read(self, n: int, name: str) -> Any:
        """Field ``name`` (``paragraphs`` or ``original``, or its ``text``) of the article in row ``n``.

        Raises :class:`StoredTextError` when the file cannot give it (damaged on disk since it was
        opened: it is only ever replaced whole, and a replaced file stays readable to us).
        """
        value = self._recent((n, name))
        if value is not None:
            return value
        with self._reading(f"the text of article {n + 1}"):
            if name == "text":
                value = "\n\n".join(p.text for p in self.read(n, "paragraphs"))
            elif name == "paragraphs":
                data = self._select("SELECT paragraphs FROM articles WHERE n = ?", n)
                value = _unpack(data[0])
            else:
                data = self._select("SELECT original, source, start, end FROM articles WHERE n = ?", n)
                if data[0] is None:  # a span of its source, stored once (a whole file: the text itself)
                    value = (self.source(data[1]) or "")[data[2] : data[3]]
                else:
                    value = _unpack_text(data[0])
        return self._keep((n, name), value)

    def source(self, relpath: str) -> str | None:
        """The decoded text the scan read of ``relpath``, or None for a file it did not read."""
        value = self._recent((relpath, "source"))
        if value is None:
            with self._reading("a source file's text"):
                data = self._select("SELECT text FROM sources WHERE relpath = ?", relpath)
                if data is None:
                    return None
                value = _unpack_text(data[0])
            self._keep((relpath, "source"), value)
        return value

    @contextlib.contextmanager
    def _reading(self, what: str) -> Iterator[None]:
        try:
            yield
        except StoredTextError:
            raise
        except Exception as exc:
            raise StoredTextError(
                f"{what[0].upper()}{what[1:]} could not be read from the scan cache "
                f"({type(exc).__name__}: {exc}); re-scan the corpus (File → Re-scan Corpus) to read it again"
            ) from exc

    def _select(self, sql: str, value: Any) -> Any:
        with self.lock:
            return self.conn.execute(sql, (value,)).fetchone()

    def _recent(self, key: tuple[Any, str]) -> Any:
        with self.lock:
            kept = self.recent.get(key)
            if kept is None:
                return None
            self.recent.move_to_end(key)
            return kept[0]

    def _keep(self, key: tuple[Any, str], value: Any) -> Any:
        with self.lock:
            chars = len(value) if isinstance(value, str) else sum(len(p.text) for p in value)
            if key not in self.recent:
                self.recent[key] = (value, chars)
                self.recent_chars += chars
            while len(self.recent) > 1 and (len(self.recent) > RECENT or self.recent_chars > RECENT_CHARS):
                self.recent_chars -= self.recent.popitem(last=False)[1][1]
        return value


class StoredSources(Mapping[str, str]):
    """``Corpus.sources`` of a stored corpus: each file's text read when asked for."""

    def __init__(self, stored: StoredCorpus) -> None:
        self.stored = stored
        self.names = frozenset(stored.relpaths)

    def __getitem__(self, relpath: str) -> str:
        text = self.stored.source(relpath) if relpath in self.names else None
        if text is None:
            raise KeyError(relpath)
        return text

    def __contains__(self, relpath: object) -> bool:
        return relpath in self.names

    def __iter__(self) -> Iterator[str]:
        return iter(self.stored.relpaths)

    def __len__(self) -> int:
        return len(self.stored.relpaths)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled (or copied) as the texts themselves, like the articles (see ``Document``)."""
        return dict, (dict(self.items()),)


def _original(text: str | None, doc: Document) -> str | None:
    """``doc.original``, or None when it is its span of its file's ``text``, which is stored anyway (a
    file of 30 articles would be stored twice: a 10k corpus of such pages took 303 MB vs 205 MB)."""
    start, end = doc.source_span
    return None if text is not None and doc.original == text[start:end] else doc.original


def _pack(value: Any) -> bytes:
    raw = value.encode("utf-8", "surrogatepass") if isinstance(value, str) else pickle.dumps(value, 5)
    return zlib.compress(raw, 1)  # level 1: most of the saving, at a fraction of the time


def _unpack_text(data: bytes) -> str:
    return zlib.decompress(data).decode("utf-8", "surrogatepass")


def _unpack(data: bytes) -> Any:
    return pickle.loads(zlib.decompress(data))


class _Builder:
    """A store being written into :func:`~reader.fileio.atomic_build`'s temporary file: each file's
    text as it is read, each article's paragraphs and original as it is split, the listing last
    (:meth:`finish`). As a scan's :class:`~reader.ingest.corpus.TextKeeper` it holds no text: a scan
    of 50k articles kept 480 MB of files and their articles' text until the end (3.4 GB at its peak).

    What a file's format said of it (a web page's blocks, which its articles are split from again
    once every file is read) waits in a temporary table, which SQLite deletes with the connection.
    """

    def __init__(self, tmp: Path) -> None:
        self.conn = sqlite3.connect(tmp)
        self.files: dict[str, SourceFile] = {}  # relpath -> the file read, without its text
        self.chars: list[int] = []  # each article's characters, by row
        try:
            self.conn.execute("PRAGMA journal_mode = OFF")  # a temporary file: renamed into place once whole
            self.conn.execute("PRAGMA synchronous = OFF")  # fsynced once, before the rename
            self.conn.executescript(SCHEMA)
            self.conn.execute("CREATE TEMP TABLE extracted (relpath TEXT PRIMARY KEY, value BLOB NOT NULL)")
        except BaseException:
            self.conn.close()
            raise

    def __enter__(self) -> _Builder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.conn.close()

    def add_source(self, relpath: str, text: str) -> None:
        self.conn.execute("INSERT INTO sources VALUES (?, ?)", (relpath, _pack(text)))

    def add_articles(self, docs: Iterable[Document], text: str | None) -> None:
        """Rows for ``docs``, in order; ``text``: their file's, which their originals are spans of."""
        rows = []
        for doc in docs:
            original = _original(text, doc)
            packed = None if original is None else _pack(original)
            rows.append((len(self.chars), _pack(doc.paragraphs), packed, doc.source, *doc.source_span))
            self.chars.append(doc.chars)
        self.conn.executemany("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?)", rows)

    def keep_file(self, source: SourceFile) -> None:
        self.add_source(source.relpath, source.text)
        if source.extracted is not None:
            row = (source.relpath, _pack(source.extracted))
            self.conn.execute("INSERT INTO extracted VALUES (?, ?)", row)
        self.files[source.relpath] = replace(source, text="", extracted=None)

    def file(self, relpath: str) -> SourceFile:
        (text,) = self.conn.execute("SELECT text FROM sources WHERE relpath = ?", (relpath,)).fetchone()
        row = self.conn.execute("SELECT value FROM extracted WHERE relpath = ?", (relpath,)).fetchone()
        extracted = None if row is None else _unpack(row[0])
        return replace(self.files[relpath], text=_unpack_text(text), extracted=extracted)

    def keep_articles(self, docs: list[Document], source: SourceFile) -> list[Document]:
        self.add_articles(docs, source.text)
        return [replace(d, paragraphs=(), original="") for d in docs]  # their listing (see finish)

    def sources(self) -> Mapping[str, str]:
        """None kept: the corpus is read back from the finished store (``StoredSources``)."""
        return {}

    def finish(self, key: tuple, corpus: Corpus) -> None:
        """Store the rest of ``corpus`` (its articles are the rows added, in order) and commit."""
        documents = corpus.documents
        if len(documents) != len(self.chars):
            raise sqlite3.IntegrityError(f"{len(documents)} articles for {len(self.chars)} rows")
        listing = Listing([replace(d, paragraphs=(), original="") for d in documents], list(corpus.skipped),
                          list(corpus.problems))
        head = {"root": corpus.root, "file_states": dict(corpus.file_states),
                "sources": [r for (r,) in self.conn.execute("SELECT relpath FROM sources ORDER BY rowid")],
                "chars": self.chars}
        self.conn.executemany("INSERT INTO meta VALUES (?, ?)", (
            (name, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
            for name, value in (("listing", listing), ("head", head), ("key", key))))
        self.conn.commit()


def _write(tmp: Path, key: tuple, corpus: Corpus) -> None:
    sources = corpus.sources
    with _Builder(tmp) as builder:
        for relpath, text in sources.items():
            builder.add_source(relpath, text)
        for doc in corpus.documents:
            builder.add_articles([doc], sources.get(doc.source))
        builder.finish(key, corpus)


def _store(target: Path, key: tuple, corpus: Corpus) -> bool:
    """Write ``corpus`` to the cache; False (and a warning in the log) when it cannot be written."""
    return _built(target, lambda tmp: _write(tmp, key, corpus))


def _scan_stored(target: Path, key: tuple, root: Path, fixes: BoundaryFixes,
                 listener: ScanListener | None) -> Corpus | None:
    """Scan ``root`` into a new store, then read the corpus from it; None when it cannot be written
    or read. The scan's text goes to the store as it is read and split (:class:`_Builder`)."""
    from reader.ingest.corpus import scan_corpus

    def scan(tmp: Path) -> None:
        with _Builder(tmp) as builder:
            builder.finish(key, scan_corpus(root, fixes, listener, keeper=builder))

    if not _built(target, scan):
        return None
    with contextlib.suppress(Exception):  # any store that cannot be read back: scanned again, in memory
        return _read(target, key)
    return None


def _built(target: Path, build: Callable[[Path], None]) -> bool:
    """``build`` the store at ``target`` in a temporary file renamed over it once whole; False (and a
    warning in the log) when it cannot be written."""
    try:
        with atomic_build(target) as tmp:
            build(tmp)
    except (OSError, sqlite3.Error) as exc:
        log.warning("scan cache not written: %s", exc)
        return False
    with contextlib.suppress(OSError):  # the pickled cache of earlier versions, never read again
        target.with_suffix(".pickle").unlink(missing_ok=True)
    return True
