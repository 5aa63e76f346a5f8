"""Tables of articles a scraper or a spreadsheet wrote: CSV or TSV rows, JSON Lines, a JSON array.

Scrapers (scrapy, newspaper, goose, a notebook's ``DataFrame.to_csv``) and spreadsheets save one
article per row or per object, with the article's text in one cell and its title, date and address in
others, and researchers keep such files as ``.csv`` or paste them into ``.txt``. Read as prose, the
quoted cells make no sense: the header row becomes a headline, a row's address and title run into
its text, and every row of a dozen becomes one article. So a text that *is* such a table is read as
one: each row with text is one article, its cells named by the header (or the object's keys).

Recognising a table must not misread prose, so it is strict: a header of short names, one of which
names the text (``text``, ``content``, ``body``, ``article``, ``النص``…), and rows that all parse with
the header's number of cells (a JSON file: every line, or the array, objects with a text field). A
text that fails any of this is left to the plain-text splitter, which loses nothing of it.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["TEXT_KEYS", "TableRow", "article_rows", "field_of"]

# The names a text column goes by, best first (compared casefolded, spaces and dashes as "_").
TEXT_KEYS = (
    "text", "content", "body", "article", "article_text", "articletext", "article_body", "articlebody",
    "full_text", "fulltext", "main_text", "maintext", "cleaned_text", "clean_text", "text_content",
    "content_text", "story", "raw_text", "النص", "نص", "المحتوى", "المقال", "متن", "نص_المقال",
)
_TEXT_KEYS = frozenset(TEXT_KEYS)
_HEADER_CELL = re.compile(r"^[^\W\d][\w .#()/-]{0,39}$")  # "url", "Full Text", "تاريخ النشر", "pub-date"
_DELIMITERS = (",", "\t", ";", "|")
_FIRST_CHAR = re.compile(r"\S")
_LINE = re.compile(r"[^\n]*\n|[^\n]+$")  # a line with its newline, or the last line without one
MAX_COLUMNS = 40
MIN_TEXT_WORDS = 12  # a row whose text is a sentence or more: a cell of a metadata table is shorter
MAX_BAD_ROWS = 0.1  # rows whose cells do not fit the header: more, and it is not the table it seems

# A cell of article text may be long; the csv module's default limit (128 KiB) is a guard for
# files that are not tables, which ``article_rows`` rejects by its shape checks instead.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


@dataclass(frozen=True)
class TableRow:
    """One article's row: its span in the text (code points, header included in the first) and cells."""

    start: int
    end: int
    cells: dict[str, str]  # normalised column name -> the cell's text
    text: str  # the article's text cell
    number: int  # from 1: the row's place among the table's rows with text


def normalise_key(name: str) -> str:
    return re.sub(r"[\s\-.]+", "_", name.strip().casefold()).strip("_")


def field_of(cells: dict[str, str], *names: str) -> str | None:
    """The first non-empty cell among ``names`` (normalised column names), spaces squeezed."""
    for name in names:
        value = cells.get(name)
        if value and value.strip():
            return " ".join(value.split())
    return None


def article_rows(text: str) -> tuple[str, list[TableRow]] | None:
    """``(kind, rows)`` when ``text`` is a table of articles, else None (then it is prose)."""
    first = _FIRST_CHAR.search(text)
    if first is None:
        return None
    if first.group() == "{":
        return _json_lines(text)
    if first.group() == "[":
        return _json_array(text)
    return _delimited(text, first.start())


# --------------------------------------------------------------------------------------------
# CSV and TSV
# --------------------------------------------------------------------------------------------


def _header(line: str) -> tuple[str, list[str]] | None:
    for delimiter in _DELIMITERS:
        if delimiter not in line:
            continue
        try:
            cells = next(csv.reader([line], delimiter=delimiter))
        except csv.Error:  # (a stray carriage return: the text was not normalised)
            continue
        names = [normalise_key(cell) for cell in cells]
        if (
            2 <= len(cells) <= MAX_COLUMNS
            and all(_HEADER_CELL.match(cell.strip()) for cell in cells)
            and len(set(names)) == len(names)
            and _TEXT_KEYS.intersection(names)
        ):
            return delimiter, names
    return None


def _lines_from(text: str, start: int) -> Iterator[str]:
    """The lines of ``text`` from ``start``, each with its newline (as the csv module wants them)."""
    for m in _LINE.finditer(text, start):
        yield m.group()


class _Counted:
    """An iterator of lines that counts the characters it has handed out: where the csv reader is."""

    def __init__(self, lines: Iterator[str], offset: int) -> None:
        self.lines = lines
        self.offset = offset

    def __iter__(self) -> _Counted:
        return self

    def __next__(self) -> str:
        line = next(self.lines)
        self.offset += len(line)
        return line


def _delimited(text: str, first: int) -> tuple[str, list[TableRow]] | None:
    line_end = text.find("\n", first)
    header_end = len(text) if line_end < 0 else line_end + 1
    found = _header(text[first:header_end].rstrip("\n"))
    if found is None:
        return None
    delimiter, names = found
    source = _Counted(_lines_from(text, header_end), header_end)
    parsed: list[tuple[int, int, list[str]]] = []
    begin = header_end
    try:
        for cells in csv.reader(source, delimiter=delimiter, strict=True):
            parsed.append((begin, source.offset, cells))
            begin = source.offset
    except csv.Error:
        return None  # a quote left open, a stray quote mid-cell: not a table this reader can trust
    filled = [(a, b, cells) for a, b, cells in parsed if any(cell.strip() for cell in cells)]
    bad = sum(len(cells) != len(names) for _, _, cells in filled)
    if not filled or bad > MAX_BAD_ROWS * len(filled):
        return None
    records = [
        (a, b, dict(zip(names, cells, strict=False)))
        for a, b, cells in filled
        if len(cells) == len(names)
    ]
    rows = _rows(text, records)
    return ("tsv" if delimiter == "\t" else "csv", rows) if rows else None


# --------------------------------------------------------------------------------------------
# JSON Lines and JSON arrays
# --------------------------------------------------------------------------------------------


def _cells_of(obj: object) -> dict[str, str] | None:
    if not isinstance(obj, dict):
        return None
    cells: dict[str, str] = {}
    for key, value in obj.items():
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            value = "\n".join(value) if normalise_key(str(key)) in _TEXT_KEYS else ", ".join(value)
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            cells.setdefault(normalise_key(str(key)), str(value))
    return cells


def _json_lines(text: str) -> tuple[str, list[TableRow]] | None:
    records: list[tuple[int, int, dict[str, str]]] = []
    for m in _LINE.finditer(text):
        line = m.group()
        if not line.strip():
            continue
        try:
            cells = _cells_of(json.loads(line))
        except (ValueError, RecursionError):  # (nested past the parser's depth: no table of ours)
            return None
        if cells is None:
            return None
        records.append((m.start(), m.end(), cells))
    rows = _rows(text, records)
    return ("jsonl", rows) if rows else None


def _json_array(text: str) -> tuple[str, list[TableRow]] | None:
    decoder = json.JSONDecoder()
    i = text.index("[") + 1
    records: list[tuple[int, int, dict[str, str]]] = []
    space = re.compile(r"[\s,]*")
    while True:
        i = space.match(text, i).end()  # type: ignore[union-attr]
        if i >= len(text) or text[i] == "]":
            break
        try:
            obj, end = decoder.raw_decode(text, i)
        except (ValueError, RecursionError):  # (nested past the parser's depth: no table of ours)
            return None
        cells = _cells_of(obj)
        if cells is None:
            return None
        records.append((i, end, cells))
        i = end
    if i >= len(text) or text[i + 1 :].strip():
        return None  # not closed, or something after it: not one array
    rows = _rows(text, records)
    return ("json", rows) if rows else None


# --------------------------------------------------------------------------------------------
# Rows
# --------------------------------------------------------------------------------------------


def _text_key(cells: dict[str, str]) -> str | None:
    return next((key for key in TEXT_KEYS if key in cells), None)


def _rows(text: str, records: list[tuple[int, int, dict[str, str]]]) -> list[TableRow]:
    """Rows with text, their spans running on to the next such row (the first from the top)."""
    kept: list[tuple[int, dict[str, str], str]] = []
    for start, _end, cells in records:
        key = _text_key(cells)
        body = cells.get(key, "").strip() if key else ""
        if body:
            kept.append((start, cells, body))
    if not kept or not any(len(body.split()) >= MIN_TEXT_WORDS for _, _, body in kept):
        return []
    starts = [0, *(start for start, _, _ in kept[1:]), len(text)]
    return [
        TableRow(start=starts[n], end=starts[n + 1], cells=cells, text=body, number=n + 1)
        for n, (_start, cells, body) in enumerate(kept)
    ]
