"""``metadata.csv`` at the corpus root: the user's (or curator's) word beats inference.

Columns: file, segment, title, date, outlet, author, language, pair. An empty ``segment`` applies
the row to every article of the file. A malformed row is reported and ignored; it never stops a scan.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from reader.ingest.dates import parse_header_date

MANIFEST_NAME = "metadata.csv"
COLUMNS = ("file", "segment", "title", "date", "outlet", "author", "language", "pair")
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_LANGUAGES = {"en", "ar", "mixed", "other"}


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


def parse_manifest_date(text: str) -> tuple[str, str] | None:
    m = _ISO.match(text.strip())
    if m:
        year, month, day = m.groups()
        try:
            import datetime as _dt

            _dt.date(int(year), int(month or 1), int(day or 1))
        except ValueError:
            return None
        if day:
            return text.strip(), "day"
        return (f"{year}-{month}", "month") if month else (year, "year")
    return parse_header_date(text)


def read_manifest(root: Path) -> tuple[list[ManifestRow], list[str]]:
    """Rows and human-readable problems; a missing file is simply no rows."""
    path = root / MANIFEST_NAME
    if not path.is_file():
        return [], []
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return [], [f"{MANIFEST_NAME}: cannot be read ({exc.__class__.__name__}); ignored"]
    rows: list[ManifestRow] = []
    problems: list[str] = []
    try:
        reader = csv.DictReader(io.StringIO(text))
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
        if "file" not in header:
            return [], [f"{MANIFEST_NAME}: no 'file' column in the header; ignored"]
        reader.fieldnames = header
        for line_no, record in enumerate(reader, start=2):
            row, problem = _parse_row(record)
            if problem:
                problems.append(f"{MANIFEST_NAME} line {line_no}: {problem}; row ignored")
            elif row:
                rows.append(row)
    except csv.Error as exc:
        problems.append(f"{MANIFEST_NAME}: malformed CSV ({exc}); later rows ignored")
    return rows, problems


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None


def _parse_row(record: dict) -> tuple[ManifestRow | None, str | None]:
    if None in record:
        return None, "more fields than columns"
    file = _clean(record.get("file"))
    if not file:
        return None, "empty 'file'"
    segment_text = _clean(record.get("segment"))
    segment = None
    if segment_text:
        if not segment_text.isdigit() or int(segment_text) < 1:
            return None, f"segment {segment_text!r} is not a positive number"
        segment = int(segment_text)
    date_text = _clean(record.get("date"))
    date = None
    if date_text:
        date = parse_manifest_date(date_text)
        if date is None:
            return None, f"date {date_text!r} is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)"
    language = _clean(record.get("language"))
    if language and language.lower() not in _LANGUAGES:
        return None, f"language {language!r} is not one of en, ar, mixed"
    return (
        ManifestRow(
            file=file.replace("\\", "/"),
            segment=segment,
            title=_clean(record.get("title")),
            date=date,
            outlet=_clean(record.get("outlet")),
            author=_clean(record.get("author")),
            language=language.lower() if language else None,
            pair=_clean(record.get("pair")),
        ),
        None,
    )
