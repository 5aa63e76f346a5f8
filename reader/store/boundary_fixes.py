"""The researcher's own article boundaries: split an article here, merge it with the previous one.

The splitter will sometimes be wrong, and it is being improved, so automatic article ids (``#03``)
change between versions. A fix is therefore stored by *what it points at*, not by an article id:
the corpus, the file (relpath), the kind (split / merge), the code-point offset of the line in the
file's decoded text, the exact (stripped) text of that line and the line before it as context.

Before each scan the stored fixes are *resolved* against the current file text
(:func:`resolve_position`): the stored offset when the same line is still there; else the nearest
line with exactly that text (one whose previous line still matches the context first); else the
fix "no longer applies": it stays in the store and is listed (``fix list``, scan problems), never
silently dropped. Resolved offsets go to ``scan_corpus`` through the scan cache
(:func:`load_user_corpus`), so ingest stays free of the store.

A change of boundaries renumbers articles of that file, so every change is made in one transaction
with the moving of the file's id-keyed user data (:func:`_remap`): corrections, article notes,
pairs and highlights go from each old article to the new article that holds its old start (its
title, its first words); highlights are placed by their paragraph's position in the file, then
the usual :meth:`Store.reanchor` checks every one. What cannot follow (the title correction of an
article merged into the previous one) is kept in the change's log entry and comes back with undo.

Every change is logged (``fix_log``) and undoable, last first: ``fix undo``, Edit → Undo.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from reader.ingest.boundaries import FileBoundaryFixes
from reader.ingest.corpus import Corpus, ScanListener
from reader.ingest.lines import strip_markup
from reader.ingest.loader import SourceFile, load_file
from reader.ingest.model import Document
from reader.ingest.scan_cache import load_corpus
from reader.store.anchoring import anchor_at
from reader.store.annotations import Store
from reader.store.db import StoreError, default_db_path, open_store, utc_now

__all__ = [
    "BoundaryFix",
    "FixError",
    "FixResult",
    "ResolvedFix",
    "UserCorpus",
    "context_before",
    "corpus_key",
    "corrected_fields",
    "fixes_for",
    "line_at",
    "load_user_corpus",
    "merge",
    "paragraph_positions",
    "remove",
    "resolve_position",
    "retitle",
    "split",
    "split_before",
    "undo",
]

log = logging.getLogger(__name__)

Kind = Literal["split", "merge"]
CONTEXT_CHARS = 120
Warn = Callable[[str], None]


class FixError(ValueError):
    """The fix cannot be made; the message is one sentence for the user."""


@dataclass(frozen=True)
class BoundaryFix:
    """One stored split or merge (``position``: code points into the file's decoded text)."""

    id: int
    corpus: str
    relpath: str
    kind: Kind
    position: int
    line: str  # the stripped text of the line the fix points at
    context: str = ""  # the stripped text of the non-blank line before it (may be empty)
    created: str = ""
    removed_at: str | None = None


@dataclass(frozen=True)
class ResolvedFix:
    """A stored fix and where it applies in the current text (None: it no longer applies)."""

    fix: BoundaryFix
    position: int | None

    @property
    def status(self) -> str:
        if self.position is None:
            return "no longer applies"
        return "applies" if self.position == self.fix.position else "moved"

    def problem(self) -> str:
        return (
            f"fix {self.fix.id} ({self.fix.kind} in {self.fix.relpath}) no longer applies: the line "
            f"{_clip(self.fix.line, 60)!r} is not in the file any more (`corpus-reader fix list` shows it)"
        )


@dataclass
class UserCorpus:
    """The corpus as the researcher sees it: scanned with their boundary fixes applied."""

    corpus: Corpus
    fixes: list[ResolvedFix] = field(default_factory=list)
    store_available: bool = True
    corrections: dict[str, dict[str, str]] = field(default_factory=dict)  # filled by load_user_corpus

    @property
    def root(self) -> Path:
        return self.corpus.root

    def corrected_documents(self) -> list[Document]:
        """The documents with the metadata corrections read with the fixes applied."""
        fixes = self.corrections
        return [Store._corrected(d, fixes[d.id]) if d.id in fixes else d for d in self.corpus.documents]

    def corrected_fields(self) -> dict[str, list[str]]:
        return corrected_fields(self, self.corrections)

    def boundary_fixes(self) -> dict[str, FileBoundaryFixes]:
        return _to_boundary_fixes(self.fixes)


@dataclass
class FixResult:
    """What a change did: one line for the user, the corpus after it, where to look."""

    message: str
    after: UserCorpus
    focus: tuple[str, int] | None = None  # (relpath, offset in the file) the change is about
    new_ids: list[str] = field(default_factory=list)
    seq: int | None = None  # the fix_log entry (undo takes it back)

    def focus_document(self) -> tuple[Document, int] | None:
        """The article now holding :attr:`focus`, and the offset in its clean text to show."""
        if self.focus is None:
            return None
        return locate(self.after.corpus, *self.focus)


# --------------------------------------------------------------------------------------------
# Lines


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def line_at(text: str, position: int) -> tuple[int, str] | None:
    """``(offset of its stripped text, stripped text)`` of the line holding ``position``.

    On a blank line (or at a line break) the next non-blank line counts, as in the splitter's hook;
    None past the last non-blank line or outside the text.
    """
    if position < 0 or position > len(text):
        return None
    start = text.rfind("\n", 0, position) + 1
    while True:
        end = text.find("\n", start)
        if end == -1:
            end = len(text)
        raw = text[start:end]
        stripped = raw.strip()
        if stripped:
            return start + (len(raw) - len(raw.lstrip())), stripped
        if end >= len(text):
            return None
        start = end + 1


def context_before(text: str, position: int) -> str:
    """The stripped text of the last non-blank line before the line at ``position`` (clipped)."""
    start = text.rfind("\n", 0, max(0, position)) + 1
    while start > 0:
        prev_start = text.rfind("\n", 0, start - 1) + 1
        stripped = text[prev_start : start - 1].strip()
        if stripped:
            return stripped[:CONTEXT_CHARS]
        start = prev_start
    return ""


def _whole_line(text: str, i: int, n: int) -> bool:
    """Is ``text[i:i+n]`` (itself stripped) the whole of its line, give or take whitespace?"""
    line_start = text.rfind("\n", 0, i) + 1
    line_end = text.find("\n", i + n)
    if line_end == -1:
        line_end = len(text)
    return not text[line_start:i].strip() and not text[i + n : line_end].strip()


def resolve_position(text: str, position: int, line: str, context: str = "") -> int | None:
    """Where a fix made at ``position`` on ``line`` applies in ``text`` now, or None.

    The stored position when that line is still there; else the occurrence of ``line`` as a whole
    line nearest to the old position, preferring those still preceded by ``context``. A found
    position is always the start of a line whose stripped text equals ``line``.
    """
    line = line.strip()
    if not line:
        return None
    if line_at(text, position) == (position, line):
        return position
    best: tuple[bool, int, int] | None = None
    i = text.find(line)
    while i != -1:
        if _whole_line(text, i, len(line)):
            key = (bool(context) and context_before(text, i) != context, abs(i - position), i)
            if best is None or key < best:
                best = key
        i = text.find(line, i + 1)
    return None if best is None else best[2]


def _opens(paragraph: str, line: str) -> bool:
    """Is ``line`` the paragraph, or its first wrapped line?"""
    return bool(line) and (
        paragraph == line or (paragraph.startswith(line) and paragraph[len(line) : len(line) + 1].isspace())
    )


def paragraph_positions(doc: Document, text: str) -> list[int | None]:
    """For each paragraph of ``doc``, the file offset of the line it starts with (None: not found).

    ``text`` is the file's decoded text. A paragraph is its first line's text, or several wrapped
    lines joined with spaces; lines are matched in order inside the article's source span.
    """
    s, e = doc.source_span
    lines: list[tuple[int, str]] = []
    pos = s
    for raw in text[s:e].split("\n"):
        stripped = raw.strip()
        if stripped:
            lines.append((pos + len(raw) - len(raw.lstrip()), stripped))
        pos += len(raw) + 1
    out: list[int | None] = []
    i = 0
    for p in doc.paragraphs:
        found = None
        for j in range(i, len(lines)):
            # the line as the file has it, or as the splitter read it (a converter's link numbers,
            # markdown and invisible direction marks taken out)
            if any(_opens(p.text, form) for form in (lines[j][1], strip_markup(lines[j][1])[0])):
                found = j
                break
        if found is None:
            out.append(None)
        else:
            out.append(lines[found][0])
            i = found + 1
    return out


def locate(corpus: Corpus, relpath: str, position: int) -> tuple[Document, int] | None:
    """The article holding file offset ``position`` and the clean-text offset of its paragraph."""
    text = corpus.sources.get(relpath)
    docs = [d for d in corpus.documents if d.source == relpath]
    if text is None or not docs:
        return None
    doc = next((d for d in docs if d.source_span[0] <= position < d.source_span[1]), docs[-1])
    best = 0
    for p, where in zip(doc.paragraphs, paragraph_positions(doc, text), strict=True):
        if where is not None and where <= position:
            best = p.start
    return doc, best


# --------------------------------------------------------------------------------------------
# Reading fixes


def corpus_key(root: str | Path) -> str:
    """How fixes name their corpus: the folder's resolved path."""
    return str(Path(root).expanduser().resolve())


_FIX_COLUMNS = "id, corpus, relpath, kind, position, line, context, created, removed_at"


def _fix(row: sqlite3.Row) -> BoundaryFix:
    return BoundaryFix(
        id=row["id"], corpus=row["corpus"], relpath=row["relpath"], kind=row["kind"],
        position=row["position"], line=row["line"], context=row["context"], created=row["created"],
        removed_at=row["removed_at"],
    )


def fixes_for(store: Store, root: str | Path, *, include_removed: bool = False) -> list[BoundaryFix]:
    """The corpus's fixes, oldest first (active ones only unless ``include_removed``)."""
    where = "corpus = ?" + ("" if include_removed else " AND removed_at IS NULL")
    with store.db.read() as conn:
        rows = conn.execute(
            f"SELECT {_FIX_COLUMNS} FROM boundary_fixes WHERE {where} ORDER BY id", (corpus_key(root),)
        ).fetchall()
    return [_fix(r) for r in rows]


def get_fix(store: Store, fix_id: int) -> BoundaryFix | None:
    with store.db.read() as conn:
        row = conn.execute(f"SELECT {_FIX_COLUMNS} FROM boundary_fixes WHERE id = ?", (fix_id,)).fetchone()
    return None if row is None else _fix(row)


def _file_reader(root: Path) -> Callable[[str], str | None]:
    def read(relpath: str) -> str | None:
        try:
            loaded = load_file(root / relpath, relpath)
        except Exception as exc:  # a fix must never stop the corpus from opening
            log.warning("could not read %s to place a fix: %s", relpath, exc)
            return None
        return loaded.text if isinstance(loaded, SourceFile) else None

    return read


def resolve_fixes(fixes: Iterable[BoundaryFix], read_text: Callable[[str], str | None]) -> list[ResolvedFix]:
    texts: dict[str, str | None] = {}
    out = []
    for fix in fixes:
        if fix.relpath not in texts:
            texts[fix.relpath] = read_text(fix.relpath)
        text = texts[fix.relpath]
        where = resolve_position(text, fix.position, fix.line, fix.context) if text is not None else None
        out.append(ResolvedFix(fix, where))
    return out


def _to_boundary_fixes(resolved: Iterable[ResolvedFix]) -> dict[str, FileBoundaryFixes]:
    splits: dict[str, set[int]] = {}
    merges: dict[str, set[int]] = {}
    for r in resolved:
        if r.position is None:
            continue
        (splits if r.fix.kind == "split" else merges).setdefault(r.fix.relpath, set()).add(r.position)
    return {
        relpath: FileBoundaryFixes(frozenset(splits.get(relpath, ())), frozenset(merges.get(relpath, ())))
        for relpath in sorted(set(splits) | set(merges))
    }


def _scan_with(
    root: Path, fixes: Sequence[BoundaryFix], *, use_cache: bool = True, listener: ScanListener | None = None
) -> UserCorpus:
    """Resolve ``fixes`` against the files and scan with them (no store access).

    ``listener`` hears of the first scan only: a second one (fixes placed anew) lists nothing new.
    """
    resolved = resolve_fixes(fixes, _file_reader(root))
    corpus = load_corpus(root, fixes=_to_boundary_fixes(resolved), use_cache=use_cache, listener=listener)
    # A file that changed between reading and scanning, or one only the scan can name: place the
    # fixes on the text the scan actually read.
    if fixes:
        again = resolve_fixes(fixes, corpus.sources.get)
        if _to_boundary_fixes(again) != _to_boundary_fixes(resolved):
            resolved = again
            corpus = load_corpus(root, fixes=_to_boundary_fixes(resolved), use_cache=use_cache)
    gone = [r.problem() for r in resolved if r.position is None]
    if gone:
        corpus = replace(corpus, problems=[*corpus.problems, *gone])
    return UserCorpus(corpus, resolved)


def load_user_corpus(
    root: str | Path, store: Store | None = None, *, warn: Warn | None = None, use_cache: bool = True,
    listener: ScanListener | None = None,
) -> UserCorpus:
    """The corpus with the researcher's boundary fixes, as every user-facing command loads it.

    ``listener`` hears of a scan's progress and gets its articles as files are split (see
    :func:`~reader.ingest.corpus.scan_corpus`); a corpus the scan cache holds comes at once.

    Without ``store`` the profile's store is opened (read only, if it exists at all) for the fixes
    and closed again. When it cannot be read the scan still runs, without fixes, after ``warn``.
    Raises ``CorpusError`` for an unusable folder, like ``scan_corpus``.
    """
    root_path = Path(root).expanduser()
    fixes: list[BoundaryFix] = []
    corrections: dict[str, dict[str, str]] = {}
    available = True
    own: Store | None = None
    try:
        if store is None and default_db_path().exists():
            own = store = open_store(auto_backup=False)
            if own.recovery_message and warn is not None:
                warn(" ".join(own.recovery_message.split()))  # whoever opens first must say it
        if store is not None:
            fixes = fixes_for(store, root_path)
            corrections = store.corrections()
    except (StoreError, sqlite3.Error, OSError) as exc:
        available = False
        message = (
            f"your article boundary fixes could not be read ({' '.join(str(exc).split())}); "
            "articles are split as the scanner finds them"
        )
        if warn is not None:
            warn(message)
        else:  # said once: to the caller who asked, or else to the log
            log.warning("%s", message)
    finally:
        if own is not None:
            own.close()
    uc = _scan_with(root_path, fixes, use_cache=use_cache, listener=listener)
    uc.store_available = available
    uc.corrections = corrections
    return uc


def corrected_fields(
    uc: UserCorpus, corrections: Mapping[str, Mapping[str, str]] | None = None
) -> dict[str, list[str]]:
    """Article id -> what the researcher corrected in it: metadata fields, then split / merge.

    ``split``: the article starts, or ends, where the researcher split; ``merge``: it holds a
    former article start the researcher removed. Only articles with something corrected appear.
    """
    corrections = corrections or {}
    splits: dict[str, set[int]] = {}
    merges: dict[str, set[int]] = {}
    for relpath, f in uc.boundary_fixes().items():
        splits[relpath], merges[relpath] = set(f.split_at), set(f.merge_at)
    out: dict[str, list[str]] = {}
    for doc in uc.corpus.documents:
        fields = sorted(corrections.get(doc.id, {}))
        s, e = doc.source_span
        if any(p in (s, e) for p in splits.get(doc.source, ())):
            fields.append("split")
        if any(s < p < e for p in merges.get(doc.source, ())):
            fields.append("merge")
        if fields:
            out[doc.id] = fields
    return out


# --------------------------------------------------------------------------------------------
# Moving id-keyed user data when a file's articles change


def _file_docs(corpus: Corpus) -> dict[str, list[Document]]:
    by_file: dict[str, list[Document]] = {}
    for d in corpus.documents:
        by_file.setdefault(d.source, []).append(d)
    return by_file


def _holder(docs: Sequence[Document], position: int) -> Document:
    for d in docs:
        if d.source_span[0] <= position < d.source_span[1]:
            return d
    return docs[-1] if position >= docs[-1].source_span[0] else docs[0]


def _changed_files(before: Corpus, after: Corpus) -> list[str]:
    old, new = _file_docs(before), _file_docs(after)
    return sorted(
        relpath for relpath in set(old) & set(new)
        if [(d.id, d.source_span) for d in old[relpath]] != [(d.id, d.source_span) for d in new[relpath]]
    )


def _remap(conn: sqlite3.Connection, before: Corpus, after: Corpus) -> list[dict[str, Any]]:
    """Move corrections, notes, pairs and highlights of changed files to their new article ids.

    Returns what could not follow (data of an article that was merged into the previous one), to
    be kept in the log entry so that undo can put it back.
    """
    displaced: list[dict[str, Any]] = []
    old_files, new_files = _file_docs(before), _file_docs(after)
    id_map: dict[str, str] = {}
    absorbed: dict[str, Document] = {}
    for relpath in _changed_files(before, after):
        new_docs = new_files[relpath]
        new_starts = {d.source_span[0] for d in new_docs}
        for o in old_files[relpath]:
            id_map[o.id] = _holder(new_docs, o.source_span[0]).id
            if o.source_span[0] not in new_starts:
                absorbed[o.id] = o
    if not id_map:
        return displaced
    old_by_id = {d.id: d for d in before.documents}
    new_by_id = {d.id: d for d in after.documents}
    marks = ",".join("?" * len(id_map))
    old_ids = list(id_map)

    def where(o: Document) -> dict[str, Any]:
        text = before.sources.get(o.source, "")
        found = line_at(text, o.source_span[0])
        return {"relpath": o.source, "start": o.source_span[0], "line": found[1] if found else ""}

    # Metadata corrections: an absorbed article's cannot follow (its new article has its own).
    rows = conn.execute(
        f"SELECT doc_id, field, value, modified FROM corrections WHERE doc_id IN ({marks})", old_ids
    ).fetchall()
    conn.execute(f"DELETE FROM corrections WHERE doc_id IN ({marks})", old_ids)
    for r in rows:
        if r["doc_id"] in absorbed:
            displaced.append({"kind": "correction", "field": r["field"], "value": r["value"],
                              **where(absorbed[r["doc_id"]])})
            continue
        conn.execute(
            "INSERT INTO corrections (doc_id, field, value, modified) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (doc_id, field) DO NOTHING",
            (id_map[r["doc_id"]], r["field"], r["value"], r["modified"]),
        )

    # Article notes follow the article's start; an absorbed article's are remembered for undo.
    for r in conn.execute(
        f"SELECT uuid, doc_id FROM annotations WHERE quote IS NULL AND doc_id IN ({marks})", old_ids
    ).fetchall():
        if r["doc_id"] in absorbed:
            displaced.append({"kind": "note", "uuid": r["uuid"], **where(absorbed[r["doc_id"]])})
        conn.execute("UPDATE annotations SET doc_id = ? WHERE uuid = ?", (id_map[r["doc_id"]], r["uuid"]))

    # Highlights go where their paragraph went (placed exactly when the quote is there).
    positions: dict[tuple[str, bool], list[int | None]] = {}

    def paras(doc: Document, new: bool) -> list[int | None]:
        key = (doc.id, new)
        if key not in positions:
            text = (after if new else before).sources.get(doc.source, "")
            positions[key] = paragraph_positions(doc, text)
        return positions[key]

    for r in conn.execute(
        f'SELECT uuid, doc_id, start, "end", quote, state FROM annotations '
        f"WHERE quote IS NOT NULL AND doc_id IN ({marks})",
        old_ids,
    ).fetchall():
        o = old_by_id.get(r["doc_id"])
        target = new_by_id.get(id_map[r["doc_id"]])
        placed = None
        if o is not None and r["state"] != "orphan" and o.text[r["start"] : r["end"]] == r["quote"]:
            placed = _place(o, r["start"], r["end"], paras(o, False), new_files[o.source], paras)
        if placed is not None:
            doc, start = placed
            if doc.text[start : start + len(r["quote"])] == r["quote"]:
                fresh = anchor_at(doc.id, doc.text, start, start + len(r["quote"]), source=doc.source)
                conn.execute(
                    'UPDATE annotations SET doc_id = ?, source = ?, start = ?, "end" = ?, prefix = ?, '
                    "suffix = ?, fingerprint = ? WHERE uuid = ?",
                    (fresh.doc_id, fresh.source, fresh.start, fresh.end, fresh.prefix, fresh.suffix,
                     fresh.fingerprint, r["uuid"]),
                )
                continue
        if target is not None:  # re-anchoring (run next) searches the file's articles for it
            conn.execute("UPDATE annotations SET doc_id = ? WHERE uuid = ?", (target.id, r["uuid"]))

    # Pairs: both sides renamed; a pair that would join an article to itself is dropped.
    pair_rows = conn.execute(
        f"SELECT doc_a, doc_b, origin, created FROM pairs WHERE doc_a IN ({marks}) OR doc_b IN ({marks})",
        old_ids + old_ids,
    ).fetchall()
    for r in pair_rows:
        conn.execute("DELETE FROM pairs WHERE doc_a = ? AND doc_b = ?", (r["doc_a"], r["doc_b"]))
    for r in pair_rows:
        a, b = id_map.get(r["doc_a"], r["doc_a"]), id_map.get(r["doc_b"], r["doc_b"])
        if a == b:
            continue
        a, b = sorted((a, b))
        conn.execute(
            "INSERT INTO pairs (doc_a, doc_b, origin, created) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (doc_a, doc_b) DO NOTHING",
            (a, b, r["origin"], r["created"]),
        )
    return displaced


def _place(
    o: Document,
    start: int,
    end: int,
    old_positions: list[int | None],
    new_docs: Sequence[Document],
    paras: Callable[[Document, bool], list[int | None]],
) -> tuple[Document, int] | None:
    """The new article and offset for ``o.text[start:end]``, by its paragraph's place in the file."""
    index = next((i for i, p in enumerate(o.paragraphs) if p.start <= start < p.end + 2), None)
    if index is None or old_positions[index] is None:
        return None
    where = old_positions[index]
    assert where is not None
    doc = _holder(new_docs, where)
    for j, pos in enumerate(paras(doc, True)):
        if pos == where:
            return doc, doc.paragraphs[j].start + (start - o.paragraphs[index].start)
    return None


def _restore(conn: sqlite3.Connection, after: Corpus, items: Iterable[dict[str, Any]]) -> None:
    """Put back what a change had set aside, on the article that starts where its own started."""
    by_file = _file_docs(after)
    for item in items:
        docs = by_file.get(item.get("relpath", ""), [])
        text = after.sources.get(item.get("relpath", ""), "")
        start = resolve_position(text, int(item.get("start", 0)), str(item.get("line", "")))
        doc = next((d for d in docs if d.source_span[0] == start), None)
        if doc is None:
            continue
        if item.get("kind") == "correction":
            conn.execute(
                "INSERT INTO corrections (doc_id, field, value, modified) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (doc_id, field) DO NOTHING",
                (doc.id, item["field"], item["value"], utc_now()),
            )
        elif item.get("kind") == "note":
            conn.execute("UPDATE annotations SET doc_id = ? WHERE uuid = ? AND quote IS NULL",
                         (doc.id, item["uuid"]))


# --------------------------------------------------------------------------------------------
# Changes


def _writable(store: Store) -> None:
    if store.read_only:
        raise FixError(
            "Your notes file is open read-only (it was saved by a newer Corpus Reader), "
            "so article fixes cannot be saved."
        )


def _document(uc: UserCorpus, doc_id: str) -> Document:
    doc = uc.corpus.get(doc_id)
    if doc is None:
        raise FixError(f"There is no article {doc_id!r} in {uc.root} (`corpus-reader scan` lists the ids).")
    return doc


def _active_at(uc: UserCorpus, relpath: str, kind: str, position: int) -> ResolvedFix | None:
    return next(
        (r for r in reversed(uc.fixes)
         if r.fix.relpath == relpath and r.fix.kind == kind and r.position == position),
        None,
    )


def _ids_of(uc: UserCorpus, relpath: str, lo: int, hi: int) -> list[str]:
    """Ids of the articles of ``relpath`` overlapping the file span [lo, hi)."""
    return [d.id for d in uc.corpus.documents
            if d.source == relpath and d.source_span[0] < hi and d.source_span[1] > lo]


def _commit(
    store: Store,
    before: UserCorpus,
    after: UserCorpus,
    write: Callable[[sqlite3.Connection], None],
    log_entry: dict[str, Any] | None,
    restore: Iterable[dict[str, Any]] = (),
) -> int | None:
    """In one transaction: the fix rows (``write``), moving user data, the log entry, re-anchoring."""
    with store.write() as conn:
        write(conn)
        displaced = _remap(conn, before.corpus, after.corpus)
        _restore(conn, after.corpus, restore)
        seq = None
        if log_entry is not None:
            data = json.dumps({"displaced": displaced}, ensure_ascii=False)
            cur = conn.execute(
                "INSERT INTO fix_log (corpus, action, fix_id, doc_id, old_value, new_value, data, created) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (corpus_key(before.root), log_entry["action"], log_entry.get("fix_id"),
                 log_entry.get("doc_id"), log_entry.get("old_value"), log_entry.get("new_value"),
                 data, utc_now()),
            )
            seq = int(cur.lastrowid or 0)
        store.reanchor(after.corpus.documents)
    after.corrections = store.corrections()
    return seq


def _boundary_change(
    store: Store,
    before: UserCorpus,
    *,
    add: BoundaryFix | None = None,
    drop: BoundaryFix | None = None,
    check: Callable[[UserCorpus], None] | None = None,
) -> tuple[UserCorpus, int | None, int | None]:
    """Add one fix or remove one (logged); returns (after, log seq, new fix id)."""
    root = before.root
    active = [f for f in fixes_for(store, root) if drop is None or f.id != drop.id]
    if add is not None:
        active.append(add)
    after = _scan_with(root, active)
    if check is not None:
        check(after)
    new_id: list[int] = []

    def write(conn: sqlite3.Connection) -> None:
        if add is not None:
            cur = conn.execute(
                "INSERT INTO boundary_fixes (corpus, relpath, kind, position, line, context, created) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (corpus_key(root), add.relpath, add.kind, add.position, add.line, add.context, utc_now()),
            )
            new_id.append(int(cur.lastrowid or 0))
        if drop is not None:
            conn.execute("UPDATE boundary_fixes SET removed_at = ? WHERE id = ? AND removed_at IS NULL",
                         (utc_now(), drop.id))

    if add is not None:
        entry = {"action": "add", "fix_id": None}
    else:
        assert drop is not None
        entry = {"action": "remove", "fix_id": drop.id}

    def write_and_name(conn: sqlite3.Connection) -> None:
        write(conn)
        if add is not None:
            entry["fix_id"] = new_id[0]

    seq = _commit(store, before, after, write_and_name, entry)
    # Fix ids in the result: re-read so callers see stored ids, not the placeholder.
    fresh = {f.id: f for f in fixes_for(store, root)}
    after.fixes = [
        ResolvedFix(fresh.get(new_id[0], r.fix) if (new_id and r.fix.id == 0) else r.fix, r.position)
        for r in after.fixes
    ]
    return after, seq, (new_id[0] if new_id else None)


def _new_fix(uc: UserCorpus, relpath: str, kind: Kind, position: int) -> BoundaryFix:
    text = uc.corpus.sources.get(relpath, "")
    found = line_at(text, position)
    if found is None:
        raise FixError(f"There is no text at offset {position} of {relpath}.")
    position, line = found
    return BoundaryFix(0, corpus_key(uc.root), relpath, kind, position, line, context_before(text, position))


def _count(uc: UserCorpus, relpath: str) -> int:
    return sum(1 for d in uc.corpus.documents if d.source == relpath)


def split(store: Store, before: UserCorpus, doc_id: str, paragraph: int) -> FixResult:
    """Make paragraph ``paragraph`` (1-based) of ``doc_id`` the start of a new article."""
    _writable(store)
    doc = _document(before, doc_id)
    n = len(doc.paragraphs)
    if not 1 <= paragraph <= n:
        plural = "s" if n != 1 else ""
        raise FixError(f"{doc_id} has {n} paragraph{plural}; there is no paragraph {paragraph}.")
    if paragraph == 1:
        raise FixError(f"Paragraph 1 already starts {doc_id}: split at a later paragraph.")
    text = before.corpus.sources.get(doc.source, "")
    where = paragraph_positions(doc, text)[paragraph - 1]
    if where is None:
        raise FixError(f"Paragraph {paragraph} of {doc_id} could not be found in {doc.source}.")
    relpath, count = doc.source, _count(before, doc.source)

    def check(after: UserCorpus) -> None:
        starts = [d.source_span[0] for d in after.corpus.documents if d.source == relpath]
        if _count(after, relpath) != count + 1 or where not in starts:
            raise FixError(
                f"Splitting {doc_id} at paragraph {paragraph} would not make a new article "
                "(the part after it has no running text of its own)."
            )

    after, seq = _apply_or_take_back(store, before, relpath, "split", where, check)
    new_ids = _ids_of(after, relpath, doc.source_span[0], doc.source_span[1])
    message = f"Split {doc_id} at paragraph {paragraph}: now {' and '.join(new_ids)}"
    later = _count(after, relpath) - len(_ids_of(after, relpath, 0, doc.source_span[1]))
    if later:
        message += f" (the {later} later article{'s' if later != 1 else ''} of the file are renumbered)"
    return FixResult(message, after, (relpath, where), new_ids, seq)


def _apply_or_take_back(
    store: Store,
    before: UserCorpus,
    relpath: str,
    kind: Kind,
    where: int,
    check: Callable[[UserCorpus], None],
) -> tuple[UserCorpus, int]:
    """Add a split (or merge) at ``where``; where the opposite fix stands, take that one back instead."""
    opposite: Kind = "merge" if kind == "split" else "split"
    undoing = _active_at(before, relpath, opposite, where)
    if undoing is not None:
        after, seq, _ = _boundary_change(store, before, drop=undoing.fix, check=check)
    else:
        fix = _new_fix(before, relpath, kind, where)
        after, seq, _ = _boundary_change(store, before, add=fix, check=check)
    return after, seq


def split_before(store: Store, before: UserCorpus, doc_id: str, text: str) -> FixResult:
    """Split ``doc_id`` before the first paragraph containing ``text`` (case-insensitive)."""
    doc = _document(before, doc_id)
    wanted = " ".join(text.split()).casefold()
    if not wanted:
        raise FixError("--before needs some text from the paragraph that should start the new article.")
    for i, p in enumerate(doc.paragraphs, start=1):
        if wanted in " ".join(p.text.split()).casefold():
            return split(store, before, doc_id, i)
    raise FixError(f"No paragraph of {doc_id} contains {_clip(text, 60)!r}.")


def merge(store: Store, before: UserCorpus, doc_id: str) -> FixResult:
    """Join ``doc_id`` to the article before it in the same file."""
    _writable(store)
    doc = _document(before, doc_id)
    relpath = doc.source
    siblings = [d for d in before.corpus.documents if d.source == relpath]
    index = next(i for i, d in enumerate(siblings) if d.id == doc_id)
    if index == 0:
        raise FixError(
            f"{doc_id} is the first article of {relpath}: there is no article before it to merge with."
        )
    previous = siblings[index - 1]
    where = doc.source_span[0]
    count = len(siblings)

    def check(after: UserCorpus) -> None:
        starts = [d.source_span[0] for d in after.corpus.documents if d.source == relpath]
        if _count(after, relpath) != count - 1 or where in starts:
            raise FixError(f"{doc_id} could not be merged into {previous.id}.")

    after, seq = _apply_or_take_back(store, before, relpath, "merge", where, check)
    new_ids = _ids_of(after, relpath, previous.source_span[0], previous.source_span[0] + 1)
    message = f"Merged {doc_id} into {previous.id}: now {', '.join(new_ids)}"
    return FixResult(message, after, (relpath, where), new_ids, seq)


def retitle(store: Store, before: UserCorpus, doc_id: str, title: str) -> FixResult:
    """The title correction (``Store.set_correction``), logged so that ``fix undo`` takes it back."""
    _writable(store)
    doc = _document(before, doc_id)
    clean = " ".join(title.split())
    if not clean:
        raise FixError("A title cannot be empty.")
    old = store.corrections().get(doc_id, {}).get("title")
    with store.write() as conn:
        store.set_correction(doc_id, "title", clean)
        cur = conn.execute(
            "INSERT INTO fix_log (corpus, action, doc_id, old_value, new_value, created) "
            "VALUES (?, 'title', ?, ?, ?, ?)",
            (corpus_key(before.root), doc_id, old, clean, utc_now()),
        )
        seq = int(cur.lastrowid or 0)
    before.corrections = store.corrections()
    locate_at = (doc.source, doc.source_span[0])
    return FixResult(f"Retitled {doc_id}: “{clean}”", before, locate_at, [doc_id], seq)


def last_change(store: Store, root: str | Path) -> dict[str, Any] | None:
    """The newest change of the corpus that undo would take back (a ``fix_log`` row), or None."""
    with store.db.read() as conn:
        row = conn.execute(
            "SELECT * FROM fix_log WHERE corpus = ? AND undone_at IS NULL ORDER BY seq DESC LIMIT 1",
            (corpus_key(root),),
        ).fetchone()
    return None if row is None else dict(row)


def describe_change(store: Store, entry: Mapping[str, Any]) -> str:
    """"the split in x.txt at “line…”", "the title of x#02"… for menus and messages."""
    if entry["action"] == "title":
        return f"the new title of {entry['doc_id']}"
    fix = get_fix(store, int(entry["fix_id"]))
    if fix is None:
        return "a fix"
    what = f"{fix.kind} in {fix.relpath} at “{_clip(fix.line, 40)}”"
    return f"the {what}" if entry["action"] == "add" else f"the removal of the {what}"


def undo(store: Store, before: UserCorpus, seq: int | None = None) -> FixResult:
    """Take back the corpus's newest change (``seq``, when given, must be that change)."""
    _writable(store)
    entry = last_change(store, before.root)
    if entry is None:
        raise FixError(f"There is no fix to undo in {before.root}.")
    if seq is not None and entry["seq"] != seq:
        raise FixError("Another fix was made since (perhaps from the command line); undo that one first.")
    what = describe_change(store, entry)
    restore = json.loads(entry["data"] or "{}").get("displaced", [])
    now = utc_now()
    if entry["action"] == "title":
        doc_id = entry["doc_id"]
        with store.write() as conn:
            if entry["old_value"] is None:
                store.clear_correction(doc_id, "title")
            else:
                store.set_correction(doc_id, "title", entry["old_value"])
            conn.execute("UPDATE fix_log SET undone_at = ? WHERE seq = ?", (now, entry["seq"]))
        before.corrections = store.corrections()
        doc = before.corpus.get(doc_id)
        focus = (doc.source, doc.source_span[0]) if doc is not None else None
        return FixResult(f"Undid {what}", before, focus, [doc_id], None)
    fix = get_fix(store, int(entry["fix_id"]))
    assert fix is not None
    root = before.root
    active = {f.id: f for f in fixes_for(store, root)}
    if entry["action"] == "add":
        active.pop(fix.id, None)
        sql, params = "UPDATE boundary_fixes SET removed_at = ? WHERE id = ?", (now, fix.id)
    else:
        active[fix.id] = replace(fix, removed_at=None)
        sql, params = "UPDATE boundary_fixes SET removed_at = NULL WHERE id = ?", (fix.id,)
    after = _scan_with(root, sorted(active.values(), key=lambda f: f.id))

    def write(conn: sqlite3.Connection) -> None:
        conn.execute(sql, params)
        conn.execute("UPDATE fix_log SET undone_at = ? WHERE seq = ?", (now, entry["seq"]))

    _commit(store, before, after, write, None, restore)
    resolved = next(
        (r for r in before.fixes + after.fixes if r.fix.id == fix.id and r.position is not None), None
    )
    where = resolved.position if resolved is not None else fix.position
    held = locate(after.corpus, fix.relpath, where)
    new_ids = [held[0].id] if held else []
    tail = f": now {', '.join(new_ids)}" if new_ids else ""
    return FixResult(f"Undid {what}{tail}", after, (fix.relpath, where), new_ids, None)


def remove(store: Store, before: UserCorpus, fix_id: int) -> FixResult:
    """Remove stored fix ``fix_id`` of this corpus (logged: undo brings it back)."""
    _writable(store)
    fix = get_fix(store, fix_id)
    if fix is None or fix.corpus != corpus_key(before.root):
        raise FixError(f"There is no fix {fix_id} for {before.root} (`corpus-reader fix list` shows them).")
    if fix.removed_at is not None:
        raise FixError(f"Fix {fix_id} was already removed.")
    resolved = next((r for r in before.fixes if r.fix.id == fix_id), None)
    after, seq, _ = _boundary_change(store, before, drop=fix)
    where = resolved.position if resolved is not None and resolved.position is not None else None
    focus = (fix.relpath, where) if where is not None else None
    held = locate(after.corpus, fix.relpath, where) if where is not None else None
    new_ids = [held[0].id] if held else []
    tail = f": now {', '.join(new_ids)}" if new_ids else ""
    return FixResult(f"Removed fix {fix_id} ({fix.kind} in {fix.relpath}){tail}", after, focus, new_ids, seq)
