"""``metadata.csv`` at the corpus root: the user's (or curator's) word beats inference.

Columns: file, segment, title, date, outlet, author, language, pair. An empty ``segment`` applies
the row to every article of the file. Every cell is checked before the row is used: a bad row is
skipped with one problem line (``metadata.csv:LINE: what is wrong; row skipped``) and the other rows
still apply; nothing in the file can stop a scan (see :mod:`reader.ingest.csvfile`).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from pathlib import Path

from reader.ingest.csvfile import Row, Table, clipped, parse_table, read_table
from reader.ingest.dates import parse_header_date

MANIFEST_NAME = "metadata.csv"
COLUMNS = ("file", "segment", "title", "date", "outlet", "author", "language", "pair")
_ISO = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
_SEGMENT = re.compile(r"[0-9]{1,6}")
_LANGUAGES = ("en", "ar", "mixed", "other")
MIN_YEAR = 1000
"""Older dates in a news corpus are typos (``0202``); the upper bound is next year."""
_MAX_DATE_CHARS = 100


@dataclass(frozen=True)
class ManifestRow:
    file: str
    segment: int | None
    title: str | None
    date: tuple[str, str] | None  # (value, precision)
    outlet: str | None
    author: str | None
    language: str | None
    pair: str | None
    line: int = 0  # in metadata.csv, for problem lines


class BadCell(ValueError):
    """``str(exc)`` says what is wrong with one cell, for the problem line."""


def _date_cell(text: str) -> tuple[str, str]:
    """``(value, precision)`` for ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY`` or a written date."""
    text = text.strip()
    m = _ISO.fullmatch(text)
    if m is None:
        found = parse_header_date(text) if len(text) <= _MAX_DATE_CHARS else None
        if found is None:
            raise BadCell(f"date {clipped(text)} is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)")
        return found
    year, month, day = (int(part) if part else None for part in m.groups())
    last_year = _dt.date.today().year + 1
    if not MIN_YEAR <= year <= last_year:  # type: ignore[operator]
        raise BadCell(f"date {clipped(text)}: year {year} is out of range ({MIN_YEAR} to {last_year})")
    try:
        _dt.date(year, month or 1, day or 1)  # type: ignore[arg-type]
    except ValueError:
        raise BadCell(f"date {clipped(text)} does not exist") from None
    if day:
        return f"{year:04d}-{month:02d}-{day:02d}", "day"
    return (f"{year:04d}-{month:02d}", "month") if month else (f"{year:04d}", "year")


def read_manifest(root: Path) -> tuple[list[ManifestRow], list[str]]:
    """Rows and human-readable problems; a missing file is simply no rows. Never raises."""
    return _manifest_rows(read_table(Path(root) / MANIFEST_NAME, MANIFEST_NAME))


def parse_manifest(data: bytes, shown: str = MANIFEST_NAME) -> tuple[list[ManifestRow], list[str]]:
    """:func:`read_manifest` for bytes already read."""
    return _manifest_rows(parse_table(data, shown))


def _manifest_rows(table: Table) -> tuple[list[ManifestRow], list[str]]:
    if not table.rows:
        return [], table.problems
    header, *records = table.rows
    columns = _columns(header, table)
    if columns is None:
        return [], table.problems
    width = len(header.cells)
    rows: list[ManifestRow] = []
    seen: dict[tuple[str, int | None], tuple[int, tuple[str, ...]]] = {}
    for record in records:
        try:
            row = _parse_row(record, columns, width)
        except BadCell as exc:
            table.skip(record.line, str(exc))
            continue
        key = (row.file, row.segment)
        if key in seen:
            first, cells = seen[key]
            same = "the same as" if cells == record.cells else "file and segment already given on"
            table.skip(record.line, f"{same} line {first}")
            continue
        seen[key] = (record.line, record.cells)
        rows.append(row)
    return rows, table.problems


def _columns(header: Row, table: Table) -> dict[str, int] | None:
    """Column name -> cell index, from the header row (its first occurrence of each name)."""
    names = [cell.casefold() for cell in header.cells]
    if "file" not in names:
        table.note(
            f"no 'file' column in the header (columns: {', '.join(COLUMNS)}); file ignored", header.line
        )
        return None
    unknown = [cell for cell in header.cells if cell.casefold() not in COLUMNS]
    if unknown:
        shown = ", ".join(clipped(cell) for cell in unknown[:5])
        table.note(f"column {shown} is not one of {', '.join(COLUMNS)}; ignored", header.line)
    return {name: names.index(name) for name in COLUMNS if name in names}


def _parse_row(record: Row, columns: dict[str, int], width: int) -> ManifestRow:
    """The row, or :class:`BadCell` for its first bad cell."""
    if any(record.cells[width:]):  # empty trailing cells are only Excel's padding
        raise BadCell("more cells than the header has columns")

    def cell(name: str) -> str | None:
        index = columns.get(name)
        value = record.cells[index] if index is not None and index < len(record.cells) else ""
        return value or None

    file = cell("file")
    if not file:
        raise BadCell("empty 'file'")
    return ManifestRow(
        file=file.replace("\\", "/"),
        segment=_segment(cell("segment")),
        title=cell("title"),
        date=_date_cell(date) if (date := cell("date")) else None,
        outlet=cell("outlet"),
        author=cell("author"),
        language=_language(cell("language")),
        pair=cell("pair"),
        line=record.line,
    )


def _segment(text: str | None) -> int | None:
    if text is None:
        return None
    if not _SEGMENT.fullmatch(text) or int(text) < 1:
        raise BadCell(f"segment {clipped(text)} is not an article number (1, 2, 3 ...)")
    return int(text)


def _language(text: str | None) -> str | None:
    if text is None:
        return None
    if text.lower() not in _LANGUAGES:
        raise BadCell(f"language {clipped(text)} is not one of {', '.join(_LANGUAGES)}")
    return text.lower()
