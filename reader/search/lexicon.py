"""Exact and variant search on the one analysed field: surface forms, their keys, and resolving them.

Why: the index has one analysed field, ``content`` (stems with positions). Each occurrence also
keeps the code of its surface form (what ``--exact`` compares: lowercased, apostrophes dropped,
harakat and accents kept; :func:`reader.search.schema.form_code`). So:

* **exact** ``form``: the postings of its stem, counting the occurrences with the form's code. When
  the form is the only one its stem ever had, every occurrence is it and nothing is decoded;
* **variants** ``key``: every surface form whose transliteration key
  (:func:`reader.text.names.variant_key`) is ``key``, resolved as above, a stem at a time;
* the **lexicon** says which forms exist: every surface form the index has met, with its stem and
  key. It is an SQLite database beside the index (``lexicon.sqlite``: a few MB, 207 MB at 50k
  generated articles; in the index's own storage for an index in RAM), extended by every write
  *before* its commit (built in a copy on disk, renamed into place: :class:`LexiconUpdate`), so it
  always holds at least the forms of the committed index (a form whose articles were deleted since
  only costs a lookup).

Codes are 32-bit CRCs: two forms of one stem may share one (about one stem in a few thousand with
a thousand vowelled spellings). The lexicon shows it, and those counts are then taken from the
articles' text when the caller can read it (the searcher can), so results stay exact.

The query classes :class:`ExactTerm` and :class:`VariantTerm` carry the two virtual fields through
Whoosh's own query machinery (their matchers resolve as above), so Whoosh and the searcher's set
engine evaluate the same query the same way.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from whoosh import query as wq
from whoosh.matching import ListMatcher, NullMatcher
from whoosh.reading import TermNotFound

from reader.fileio import atomic_write, fsync_path
from reader.search import analysis
from reader.search.columns import posting_blocks
from reader.search.schema import VIRTUAL_FIELDS, form_code, form_code_array

__all__ = [
    "LEXICON_FILE",
    "ExactTerm",
    "Lexicon",
    "LexiconUpdate",
    "SpilledForms",
    "VariantTerm",
    "check_lexicon",
    "exact_tf",
    "form_key",
    "form_rows",
    "lexicon_of",
    "stem_of",
    "term_query",
    "variant_tf",
    "virtual_tf",
    "write_forms_file",
    "write_lexicon",
]

LEXICON_FILE = "lexicon.sqlite"
_CONTENT = "content"
Texts = Callable[[int], str | None] | None
"""``segment docnum -> headline + text``, for counting from the text the rare clashing codes."""


# --------------------------------------------------------------------------------------------
# Analysis of one form


@lru_cache(maxsize=200_000)
def stem_of(form: str) -> str | None:
    """The ``content`` term of a surface form (the same as of any word with that form)."""
    return analysis.stem_one(form)


@lru_cache(maxsize=200_000)
def form_key(form: str) -> str:
    """The transliteration key of a surface form ('' for an article or a word without one)."""
    return next((t.text for t in _keyer()(form)), "")


@lru_cache(maxsize=1)
def _keyer() -> Any:
    return analysis.variant_analyzer()


# --------------------------------------------------------------------------------------------
# The lexicon file


_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS forms (form TEXT PRIMARY KEY, stem TEXT NOT NULL, key TEXT NOT NULL)"
    " WITHOUT ROWID;"
    "CREATE INDEX IF NOT EXISTS forms_stem ON forms (stem);"
    "CREATE INDEX IF NOT EXISTS forms_key ON forms (key);"
)
Entries = dict[str, tuple[str, str | None]]
"""form -> (stem, key or None when not computed yet)."""


def _storage_path(storage: Any) -> Path | None:
    folder = getattr(storage, "folder", None)
    return Path(folder) / LEXICON_FILE if folder else None


def _read_bytes(storage: Any) -> bytes | None:
    """The lexicon database's bytes from an index storage, or None when it has none."""
    path = _storage_path(storage)
    if path is not None:
        try:
            return path.read_bytes()
        except FileNotFoundError:
            return None
    if not storage.file_exists(LEXICON_FILE):
        return None
    f = storage.open_file(LEXICON_FILE)
    try:
        return bytes(f.read())
    finally:
        f.close()


def _write_bytes(storage: Any, data: bytes) -> None:
    path = _storage_path(storage)
    if path is not None:
        atomic_write(path, data)
        return
    f = storage.create_file(LEXICON_FILE)
    try:
        f.write(data)
    finally:
        f.close()


class LexiconUnreadable(Exception):
    """The index's lexicon exists but cannot be read: the index needs rebuilding."""


Row = tuple[str, str, str]
"""A lexicon row: (form, stem, key)."""
_INDEXES = ("forms_stem", "forms_key")
_CACHE_KIB = 32 * 1024
"""SQLite's page cache while a lexicon file is written (and its sorter's memory for the indexes):
the database itself stays on disk, whatever its size (207 MB for the 1.96M forms of 50k generated
articles)."""


def form_rows(forms: Iterable[str], stems: Mapping[str, str | tuple[str, str | None]]) -> Iterator[Row]:
    """(form, stem, key) of each form, its stem from ``stems`` and its key computed unless given.

    A generator: a bulk build's million keys are computed and written a row at a time, never held
    (nor kept in :func:`form_key`'s cache, which other callers want for their own forms)."""
    for form in forms:
        value = stems[form]
        stem, key = value if isinstance(value, tuple) else (value, None)
        yield form, stem, key if key is not None else _key_now(form)


def _key_now(form: str) -> str:
    """:func:`form_key` without its cache."""
    return next((t.text for t in _keyer()(form)), "")


_SQLITE_IOERR, _SQLITE_FULL = 10, 13


@contextlib.contextmanager
def _disk_errors(path: Path | None) -> Iterator[None]:
    """SQLite's failed writes to ``path`` as the ``OSError`` the system gave, when it is one.

    SQLite reports a full disk as "database or disk is full" and a file over the size limit or a
    full quota as a "disk I/O error", without the errno that callers test to say "no room"
    (:func:`reader.search.indexer.is_no_space`). So a write to the same file asks the system, and
    its error is raised instead; any other failure goes on as it was.
    """
    try:
        yield
    except sqlite3.Error as exc:
        if path is None or ((getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF) not in (_SQLITE_IOERR,
                                                                                          _SQLITE_FULL):
            raise
        try:
            with open(path, "ab") as fh:  # the file is dropped after a failure: growing it costs nothing
                fh.write(bytes(1 << 16))
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as probe:
            raise probe from exc
        raise


def _connect_for_writing(path: Path) -> sqlite3.Connection:
    """A connection for building a lexicon file that is renamed into place only once complete (or a
    writer's forms file, deleted after use): no journal, no syncs of its own (the rename is
    fsynced), explicit transactions."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.execute(f"PRAGMA cache_size = -{_CACHE_KIB}")
    return db


def write_forms_file(path: Path, rows: Iterable[Row]) -> None:
    """A forms file (the lexicon's table, without its indexes) holding ``rows``: how a writer process
    hands the forms it met to the process that writes the lexicon (:meth:`LexiconUpdate.merge`),
    without either of them holding them all in memory or in a pipe."""
    with _disk_errors(path):
        db = _connect_for_writing(path)
        try:
            db.execute(_SCHEMA.split(";")[0])
            db.execute("BEGIN")
            db.executemany("INSERT OR IGNORE INTO forms VALUES (?, ?, ?)", rows)
            db.execute("COMMIT")
        finally:
            db.close()


_SPILL_SCHEMA = "CREATE TABLE IF NOT EXISTS spilled (form TEXT PRIMARY KEY, stem TEXT NOT NULL) WITHOUT ROWID"


class SpilledForms:
    """A write's forms that left memory while it ran (:func:`reader.search.schema.begin_session`'s
    sink): (form, stem) rows in a file, each form once however often it was handed over.

    Keys are computed only at the end (:meth:`rows`), once per form: a form comes back after the
    memos start over, and its key costs ten times its row.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.used = False

    def __call__(self, forms: Sequence[str], stems: Mapping[str, str]) -> None:
        self.used = True  # before writing: a file half written is deleted too (remove)
        with _disk_errors(self.path):
            db = _connect_for_writing(self.path)
            try:
                db.execute(_SPILL_SCHEMA)
                db.execute("BEGIN")
                db.executemany("INSERT OR IGNORE INTO spilled VALUES (?, ?)", ((f, stems[f]) for f in forms))
                db.execute("COMMIT")
            finally:
                db.close()

    def count(self) -> int:
        """Forms in the file."""
        if not self.used:
            return 0
        db = sqlite3.connect(self.path)
        try:
            return int(db.execute("SELECT count(*) FROM spilled").fetchone()[0])
        finally:
            db.close()

    def rows(self, held: Mapping[str, str]) -> Iterator[Row]:
        """(form, stem, key) of every form of the file and of ``held`` (the forms still in memory),
        each once, in order, the keys computed as the rows are read."""
        if not self.used:
            yield from form_rows(sorted(held), held)
            return
        self(sorted(held), held)
        db = sqlite3.connect(self.path)
        try:
            for form, stem in db.execute("SELECT form, stem FROM spilled ORDER BY form"):
                yield form, stem, _key_now(form)
        finally:
            db.close()

    def remove(self) -> None:
        with contextlib.suppress(OSError):
            self.path.unlink()


class LexiconUpdate:
    """The lexicon of the index in ``storage`` extended with new forms, replacing it at once.

    ``with LexiconUpdate(storage) as update: update.add(...); update.merge(...)``: the old lexicon
    is replaced when the block ends without an error; after an error (or a kill) it is as it was.

    Why: a bulk build meets millions of forms (1.96M at 50k generated articles). Built in an in-memory
    database and serialised to be written, the lexicon was in RAM twice at the build's peak, beside
    every form in a dict. Here the lexicon of an index in a folder is built in a temporary file
    beside it (a copy of the old one, then the new rows a page at a time) and renamed over it: its
    size costs disk, not memory. An index in RAM keeps its lexicon in RAM (built in memory, then
    written into its storage). ``expected``: about how many rows will be added; when they outnumber
    the lexicon's, its two indexes are dropped and built again once at the end (a sort, rather than
    a million scattered inserts).

    Raises :class:`LexiconUnreadable` when the existing lexicon is damaged.
    """

    def __init__(self, storage: Any, expected: int = 0) -> None:
        if isinstance(storage, str | Path):
            from whoosh.filedb.filestore import FileStorage

            storage = FileStorage(str(storage))
        self._storage = storage
        self._expected = expected
        self._path = _storage_path(storage)
        self._tmp: Path | None = None
        self._db: sqlite3.Connection | None = None
        self._new = False
        self.changed = False
        """True once a row was added (a lexicon left as it was is not rewritten)."""

    def __enter__(self) -> LexiconUpdate:
        try:
            if self._path is not None:
                fd, name = tempfile.mkstemp(prefix=f".{LEXICON_FILE}.", suffix=".tmp", dir=self._path.parent)
                os.close(fd)
                self._tmp = Path(name)
                if self._path.is_file():
                    shutil.copyfile(self._path, self._tmp)
                with _disk_errors(self._tmp):
                    self._db = _connect_for_writing(self._tmp)
            else:
                self._db = sqlite3.connect(":memory:", isolation_level=None)
                existing = _read_bytes(self._storage)
                if existing is not None:
                    try:
                        self._db.deserialize(existing)
                    except sqlite3.Error as exc:
                        raise LexiconUnreadable(str(exc)) from None
            self._open()
        except BaseException:
            self._close(commit=False)
            raise
        return self

    def _open(self) -> None:
        db = self._db
        assert db is not None
        try:
            rows = db.execute("SELECT count(*) FROM forms").fetchone()[0]
        except sqlite3.OperationalError as exc:
            if "no such table" not in str(exc):
                raise LexiconUnreadable(str(exc)) from None
            rows = 0  # a new lexicon (an empty file: mkstemp's)
        except sqlite3.Error as exc:
            raise LexiconUnreadable(str(exc)) from None
        self._new = rows == 0
        with _disk_errors(self._tmp):
            db.executescript(_SCHEMA)
            if self._expected > rows:
                for name in _INDEXES:
                    db.execute(f"DROP INDEX IF EXISTS {name}")

    @property
    def db(self) -> sqlite3.Connection:
        """The new lexicon's database, open while the update is."""
        assert self._db is not None, "the update is not open"
        return self._db

    def known(self, forms: Sequence[str]) -> set[str]:
        """Which of ``forms`` the lexicon holds already."""
        return _known(self.db, forms)

    def add(self, rows: Iterable[Row]) -> None:
        """Add (form, stem, key) rows (a form the lexicon holds already is left as it is)."""
        db = self.db
        try:
            with _disk_errors(self._tmp):
                db.execute("BEGIN")
                before = db.total_changes
                db.executemany("INSERT OR IGNORE INTO forms VALUES (?, ?, ?)", rows)
                db.execute("COMMIT")
        finally:
            _rollback(db)
        self.changed = self.changed or db.total_changes != before

    def merge(self, path: Path) -> None:
        """Add the rows of a forms file (:func:`write_forms_file`)."""
        db = self.db
        db.execute("ATTACH DATABASE ? AS other", (str(path),))
        try:
            with _disk_errors(self._tmp):
                db.execute("BEGIN")
                before = db.total_changes
                db.execute("INSERT OR IGNORE INTO forms SELECT form, stem, key FROM other.forms")
                db.execute("COMMIT")
            self.changed = self.changed or db.total_changes != before
        finally:
            _rollback(db)
            db.execute("DETACH DATABASE other")

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        self._close(commit=exc is None)

    def _close(self, commit: bool) -> None:
        """Put the new lexicon in place when ``commit`` and it changed (an index's first lexicon is
        written even without rows: its absence would mean damage); drop it otherwise."""
        db, self._db = self._db, None
        tmp, self._tmp = self._tmp, None
        try:
            write = commit and (self.changed or self._new) and db is not None
            if write:
                assert db is not None
                with _disk_errors(tmp):
                    db.executescript(_SCHEMA)  # the indexes, if they were dropped
                if tmp is None:
                    _write_bytes(self._storage, db.serialize())
            if db is not None:
                db.close()
                db = None
            if write and tmp is not None and self._path is not None:
                with contextlib.suppress(OSError):
                    os.chmod(tmp, 0o666 & ~_umask())
                fsync_path(tmp)
                os.replace(tmp, self._path)
                tmp = None
                fsync_path(self._path.parent)
        finally:
            if db is not None:
                db.close()
            if tmp is not None:
                with contextlib.suppress(OSError):
                    tmp.unlink()


def _rollback(db: sqlite3.Connection) -> None:
    """End a transaction a failure left open (the file is dropped then: its state matters not)."""
    if db.in_transaction:
        with contextlib.suppress(sqlite3.Error):
            db.execute("ROLLBACK")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_lexicon(storage: Any, forms: Entries | dict[str, str]) -> None:
    """Add ``forms`` (``form -> stem`` or :data:`Entries`) to the lexicon of the index in
    ``storage`` (a Whoosh storage, or a folder), atomically (:class:`LexiconUpdate`).

    Called before the write that indexed them commits: the lexicon then always covers the committed
    index. Nothing is written when every form is known already. Raises :class:`LexiconUnreadable`
    when the existing lexicon is damaged (its forms cannot be recovered from the index).
    """
    if isinstance(storage, str | Path):
        from whoosh.filedb.filestore import FileStorage

        storage = FileStorage(str(storage))
    new = sorted(forms)  # in the table's order: its pages are filled one after the other
    path = _storage_path(storage)
    if path is not None and path.is_file():
        # Asked of the lexicon in place: an update that meets no new form copies nothing.
        try:
            db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            try:
                db.execute("SELECT count(*) FROM forms WHERE stem = ''").fetchone()
                known = _known(db, new)
            finally:
                db.close()
        except sqlite3.Error as exc:
            raise LexiconUnreadable(str(exc)) from None
        if known:
            new = [form for form in new if form not in known]
        if not new:
            return
    with LexiconUpdate(storage, expected=len(new)) as update:
        if path is None:
            known = update.known(new)
            new = [form for form in new if form not in known] if known else new
        update.add(form_rows(new, forms))


def _known(db: sqlite3.Connection, forms: Sequence[str]) -> set[str]:
    """Which of ``forms`` the lexicon in ``db`` holds already."""
    found: set[str] = set()
    for i in range(0, len(forms), 500):
        chunk = list(forms[i:i + 500])
        marks = ",".join("?" * len(chunk))
        found.update(r[0] for r in db.execute(f"SELECT form FROM forms WHERE form IN ({marks})", chunk))
    return found


class Lexicon:
    """The forms an index has met, with their stems and keys, read through SQLite.

    Opening costs nothing (the file is queried in place); lookups are indexed.
    """

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        self._lock = threading.Lock()
        self._stems: dict[str, list[str]] = {}
        self._keys: dict[str, list[tuple[str, str]]] = {}
        self.memo: dict[Any, Any] = {}
        """What searches derive from these forms (their highlight plans), kept as long as they are."""
        self._db.execute("SELECT count(*) FROM forms WHERE form = ''").fetchone()  # readable at all

    @classmethod
    def open(cls, storage: Any) -> Lexicon | None:
        """The lexicon of an index storage (None when it has none; ``sqlite3.Error`` if damaged)."""
        path = _storage_path(storage)
        if path is not None:
            if not path.is_file():
                return None
            db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        else:
            data = _read_bytes(storage)
            if data is None:
                return None
            db = sqlite3.connect(":memory:", check_same_thread=False)
            db.deserialize(data)
        try:
            return cls(db)
        except sqlite3.Error:
            db.close()
            raise

    def _rows(self, sql: str, args: tuple[Any, ...]) -> list[Any]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    def forms_of_stem(self, stem: str) -> list[str]:
        """Every form met with this stem (cached: exact search asks for the same stems again)."""
        forms = self._stems.get(stem)
        if forms is None:
            forms = [r[0] for r in self._rows("SELECT form FROM forms WHERE stem = ?", (stem,))]
            if len(self._stems) > 50_000:
                self._stems.clear()
            self._stems[stem] = forms
        return forms

    def forms_with_key(self, key: str) -> list[tuple[str, str]]:
        """(form, stem) of every form with the transliteration ``key`` (cached, as
        :meth:`forms_of_stem`: each variant search asks its keys again)."""
        found = self._keys.get(key)
        if found is None:
            found = [(r[0], r[1]) for r in self._rows("SELECT form, stem FROM forms WHERE key = ?", (key,))]
            if len(self._keys) > 50_000:
                self._keys.clear()
            self._keys[key] = found
        return found

    def forms_with_prefix(self, prefix: str) -> Iterator[str]:
        for (form,) in self._rows("SELECT form FROM forms WHERE form >= ? AND form < ? ORDER BY form",
                                  (prefix, _after(prefix))):
            yield form

    def keys_with_prefix(self, prefix: str) -> Iterator[str]:
        for (key,) in self._rows("SELECT DISTINCT key FROM forms WHERE key >= ? AND key < ? ORDER BY key",
                                 (prefix, _after(prefix))):
            yield key

    def next_form(self, word: str) -> str | None:
        """The first form >= ``word`` (for walking the forms with an automaton)."""
        rows = self._rows("SELECT form FROM forms WHERE form >= ? ORDER BY form LIMIT 1", (word,))
        return rows[0][0] if rows else None

    def next_key(self, word: str) -> str | None:
        rows = self._rows("SELECT key FROM forms WHERE key >= ? ORDER BY key LIMIT 1", (word,))
        return rows[0][0] if rows else None

    def close(self) -> None:
        with self._lock:
            self._db.close()


class _NoLexicon(Lexicon):
    """An index written without the lexicon (a plain Whoosh writer): exact search still works,
    decoding every posting; variants find nothing (no form is known)."""

    def __init__(self) -> None:
        self._stems = {}
        self._keys = {}
        self.memo = {}

    def forms_of_stem(self, stem: str) -> list[str]:
        return []

    def forms_with_key(self, key: str) -> list[tuple[str, str]]:
        return []

    def forms_with_prefix(self, prefix: str) -> Iterator[str]:
        return iter(())

    def keys_with_prefix(self, prefix: str) -> Iterator[str]:
        return iter(())

    def next_form(self, word: str) -> str | None:
        return None

    def next_key(self, word: str) -> str | None:
        return None

    def close(self) -> None:
        pass


def _after(prefix: str) -> str:
    """The smallest string greater than every string starting with ``prefix``."""
    return prefix + "\U0010ffff"


_OPEN: dict[Any, tuple[Any, Lexicon]] = {}
_LOCK = threading.Lock()
NO_LEXICON: Lexicon = _NoLexicon()


def _storage_of(reader: Any) -> Any:
    for leaf, _ in reader.leaf_readers():
        storage = getattr(leaf, "_storage", None)
        if storage is not None:
            return storage
    return None


def _stamp(storage: Any) -> Any:
    path = _storage_path(storage)
    try:
        if path is not None:
            st = path.stat()
            return (st.st_mtime_ns, st.st_size)
        if storage.file_exists(LEXICON_FILE):
            return (storage.file_modified(LEXICON_FILE), storage.file_length(LEXICON_FILE))
    except OSError:
        pass
    return None


def lexicon_of(reader: Any) -> Lexicon:
    """The lexicon of the index ``reader`` reads (reopened when its file changes); an index
    without one gets :data:`NO_LEXICON`, a damaged one too (``check_lexicon`` at open rebuilds it)."""
    storage = _storage_of(reader)
    if storage is None:
        return NO_LEXICON
    stamp = _stamp(storage)
    if stamp is None:
        return NO_LEXICON
    where = _storage_path(storage) or id(storage)
    with _LOCK:
        cached = _OPEN.get(where)
        if cached is not None and cached[0] == stamp:
            return cached[1]
    try:
        lexicon = Lexicon.open(storage) or NO_LEXICON
    except sqlite3.Error:
        return NO_LEXICON
    with _LOCK:
        # A replaced lexicon is not closed here: a search in another thread may be reading it. Its
        # connection closes when the last reference goes.
        _OPEN.pop(where, None)
        _OPEN[where] = (stamp, lexicon)
        while len(_OPEN) > 16:
            _OPEN.pop(next(iter(_OPEN)))
    return lexicon


def check_lexicon(folder: Path) -> None:
    """Raise ``OSError``/``sqlite3.Error`` unless the folder's lexicon file can be read."""
    path = Path(folder) / LEXICON_FILE
    if not path.is_file():
        raise FileNotFoundError(f"{path.name} is missing")
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        db.execute("SELECT form, stem, key FROM forms ORDER BY form LIMIT 1").fetchall()
        db.execute("SELECT form FROM forms ORDER BY form DESC LIMIT 1").fetchall()
    finally:
        db.close()


# --------------------------------------------------------------------------------------------
# Resolving exact forms and keys on one segment


def _blocks(reader: Any, btext: bytes, values: bool) -> Iterator[tuple[Any, Any]]:
    """(ids, weights or values) per posting block of a ``content`` term in one segment."""
    return posting_blocks(reader, _CONTENT, btext, "values" if values else "weights")


Blocks = Callable[[Any, bytes, bool], Iterator[tuple[Any, Any]]]
"""Where the resolution reads a stem's postings (:func:`_blocks`, or a searcher's cache of the blocks
it read already: a search reads a word's postings for its documents, counts and positions)."""


def _tf(reader: Any, stem: str, blocks: Blocks = _blocks) -> dict[int, float]:
    """Occurrences of a stem per document of one segment."""
    out: dict[int, float] = {}
    for ids, weights in blocks(reader, stem.encode("utf-8"), False):
        out.update(zip(ids, weights, strict=False))
    return out


def _count_codes(reader: Any, stem: str, codes: set[int], blocks: Blocks = _blocks) -> dict[int, float]:
    """Occurrences of a stem whose form code is in ``codes``, per document of one segment."""
    out: dict[int, float] = {}
    zero = 0 in codes
    single = next(iter(codes)) if len(codes) == 1 else None
    wanted = sorted(codes)
    for ids, values in blocks(reader, stem.encode("utf-8"), True):
        for d, value in zip(ids, values, strict=False):
            found = form_code_array(value)
            if found is None:  # every occurrence is the stem's own form (code 0)
                n = int.from_bytes(value[:4], "big") if zero else 0
            elif single is not None:
                n = found.count(single)  # C-level, as below: no list of codes is built
            else:
                n = sum(map(found.count, wanted))
            if n:
                out[d] = float(n)
    return out


def _recount_from_text(stem: str, counts: dict[int, float], wanted: Callable[[str], bool],
                       texts: Texts) -> dict[int, float]:
    """``counts`` (occurrences by form code) recounted from the articles' text, for codes that two
    forms share: tokens of the stem whose exact form ``wanted`` accepts. An article whose text is
    not at hand keeps its count by code."""
    assert texts is not None
    out: dict[int, float] = {}
    for d, by_code in counts.items():
        text = texts(d)
        if text is None:
            out[d] = by_code
            continue
        n = sum(1 for w in analysis.WORD_RE.findall(text) if analysis.stem_one(w) == stem
                and wanted(analysis.exact_one(w) or ""))
        if n:
            out[d] = float(n)
    return out


def _resolve(reader: Any, stem: str, wanted: set[str], lexicon: Lexicon, texts: Texts,
             blocks: Blocks = _blocks) -> dict[int, float]:
    """Occurrences of the forms ``wanted`` (all of stem ``stem``), per document of one segment."""
    known = lexicon.forms_of_stem(stem)
    if known:
        present = wanted.intersection(known)
        if not present:
            return {}
        if len(present) == len(known):
            return _tf(reader, stem, blocks)  # every form the stem has: every occurrence
        codes = {form_code(stem, f) for f in present}
        counts = _count_codes(reader, stem, codes, blocks)
        if texts is not None and any(form_code(stem, f) in codes for f in known if f not in present):
            return _recount_from_text(stem, counts, present.__contains__, texts)
        return counts
    return _count_codes(reader, stem, {form_code(stem, f) for f in wanted}, blocks)


def exact_tf(reader: Any, form: str, lexicon: Lexicon | None = None, texts: Texts = None,
             blocks: Blocks = _blocks) -> dict[int, float]:
    """Occurrences of one surface form per document of a segment reader (see the module doc)."""
    stem = stem_of(form)
    if stem is None:
        return {}
    return _resolve(reader, stem, {form}, lexicon if lexicon is not None else lexicon_of(reader), texts,
                    blocks)


def variant_tf(reader: Any, key: str, lexicon: Lexicon | None = None,
               texts: Texts = None, blocks: Blocks = _blocks) -> dict[int, float]:
    """Occurrences of every form with the transliteration ``key``, per document of a segment.

    The empty key (articles such as "al", words without one) is no key: it matches nothing."""
    if not key:
        return {}
    lexicon = lexicon if lexicon is not None else lexicon_of(reader)
    by_stem: dict[str, set[str]] = {}
    for form, stem in lexicon.forms_with_key(key):
        by_stem.setdefault(stem, set()).add(form)
    out: dict[int, float] = {}
    for stem, forms in by_stem.items():
        for d, n in _resolve(reader, stem, forms, lexicon, texts, blocks).items():
            out[d] = out.get(d, 0.0) + n
    return out


def virtual_tf(reader: Any, fieldname: str, text: str, lexicon: Lexicon | None = None,
               texts: Texts = None, blocks: Blocks = _blocks) -> dict[int, float]:
    """:func:`exact_tf` or :func:`variant_tf`, by field name (``blocks``: where postings are read)."""
    if fieldname == "exact":
        return exact_tf(reader, text, lexicon, texts, blocks)
    if fieldname == "variants":
        return variant_tf(reader, text, lexicon, texts, blocks)
    raise ValueError(f"not a virtual field: {fieldname}")


# --------------------------------------------------------------------------------------------
# Query classes


def indexed_texts(searcher: Any) -> Texts:
    """``docnum -> headline + text`` of the searcher's articles (None where the text is unknown):
    what the index analysed, for recounting clashing form codes."""
    def texts(docnum: int) -> str | None:
        stored = searcher.stored_fields(docnum) or {}
        text = stored.get("content")
        if text is None:
            return None
        title = stored.get("title") or ""
        return f"{title}\n\n{text}" if title else text

    return texts


class _VirtualMatcher(ListMatcher):
    """A list matcher that, once exhausted, still answers ``id()`` with its last id, as Whoosh's
    posting matchers do (Whoosh's AndNot reads the id of an exhausted matcher)."""

    def id(self) -> int:
        ids = self._ids
        return ids[self._i] if self._i < len(ids) else ids[-1]


class _VirtualTerm(wq.Term):
    """A term of a virtual field, matched through ``content`` (and the lexicon)."""

    def _counts(self, reader: Any, texts: Texts = None) -> dict[int, float]:
        return virtual_tf(reader, self.fieldname, self.text, texts=texts)

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        reader = searcher.reader()
        counts = self._counts(reader, indexed_texts(searcher))
        if counts and reader.has_deletions():  # postings are read with their deleted documents
            counts = {d: n for d, n in counts.items() if not reader.is_deleted(d)}
        if not counts:
            return NullMatcher()
        ids = sorted(counts)
        return _VirtualMatcher(ids, [counts[d] for d in ids], term=(self.fieldname, self.text))

    def estimate_size(self, ixreader: Any) -> int:
        return len(self._counts(ixreader))

    def estimate_min_size(self, ixreader: Any) -> int:
        return self.estimate_size(ixreader)


class ExactTerm(_VirtualTerm):
    """``exact:form``: the surface form, harakat and accents as typed (see the module doc)."""


class VariantTerm(_VirtualTerm):
    """``variants:key``: every form sharing the transliteration key (see the module doc)."""


def term_query(fieldname: str, text: str, boost: float = 1.0) -> wq.Term:
    """A Term on ``fieldname``: the virtual fields' own classes for ``exact`` and ``variants``."""
    if fieldname == "exact":
        return ExactTerm(fieldname, text, boost=boost)
    if fieldname == "variants":
        return VariantTerm(fieldname, text, boost=boost)
    return wq.Term(fieldname, text, boost=boost)


def is_virtual(fieldname: str | None) -> bool:
    return fieldname in VIRTUAL_FIELDS


def form_frequency(reader: Any, form: str) -> int:
    """Articles holding ``form``'s stem (an upper bound for the form, read from the term list)."""
    stem = stem_of(form)
    if stem is None:
        return 0
    try:
        return int(reader.doc_frequency(_CONTENT, stem.encode("utf-8")) or 0)
    except (TermNotFound, KeyError):
        return 0


def key_frequency(reader: Any, key: str, lexicon: Lexicon) -> int:
    """The largest :func:`form_frequency` among the forms of ``key``."""
    return max((form_frequency(reader, f) for f, _ in lexicon.forms_with_key(key)), default=0)


def virtual_candidates(reader: Any, fieldname: str, prefix: str) -> Iterator[tuple[str, int]]:
    """(form or key, frequency) of a virtual field's vocabulary starting with ``prefix``."""
    lexicon = lexicon_of(reader)
    if fieldname == "exact":
        for form in lexicon.forms_with_prefix(prefix):
            yield form, form_frequency(reader, form)
    else:
        for key in lexicon.keys_with_prefix(prefix):
            yield key, key_frequency(reader, key, lexicon)


def virtual_within(reader: Any, fieldname: str, text: str, maxdist: int, prefix: int) -> list[str]:
    """Forms (``exact``) or keys (``variants``) within ``maxdist`` edits of ``text``, sharing its
    first ``prefix`` characters: Whoosh's Levenshtein automaton walked over the lexicon."""
    from whoosh.automata import lev
    from whoosh.automata.fsa import find_all_matches

    lexicon = lexicon_of(reader)
    lookup = lexicon.next_form if fieldname == "exact" else lexicon.next_key
    dfa = lev.levenshtein_automaton(text, maxdist, prefix).to_dfa()
    return list(find_all_matches(dfa, lookup))

