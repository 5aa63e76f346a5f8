"""The user's small CSV files (``metadata.csv``, ``aliases.csv``), read row by row, never all or nothing.

They are typed in Excel or LibreOffice, saved in whatever encoding the desktop uses, and edited by
hand: one stray byte, one unbalanced quote or one pasted binary cell must cost its own row, not the
file. So the file is decoded as forgivingly as an article (:func:`reader.ingest.loader.decode_bytes`),
and every physical line is parsed on its own: no cell of these formats ever holds a line break, so a
quote left open cannot swallow the rows after it. Each bad row becomes one problem line naming
``file:line`` and what is wrong; the format's own checks (header, cells) add theirs through
:meth:`Table.skip`. Nothing here raises for the file's content.
"""

from __future__ import annotations

import csv
import itertools
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from reader.ingest.loader import EMPTY, MAX_FILE_BYTES, NotText, Skipped, decode_bytes, read_file_bytes

__all__ = ["MAX_CELL_CHARS", "MAX_PROBLEMS", "Row", "Table", "clipped", "parse_table", "read_table"]

MAX_CELL_CHARS = 10_000
"""No title, name or date is longer; a longer cell is pasted data."""
MAX_PROBLEMS = 100
"""Per file: a file of 100,000 bad rows gets a readable list, and a count of the rest."""

_UNICODE_CODECS = ("utf-8", "utf-16", "utf-32")
_CONTROL_RE = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_RE = re.compile(r"[^\n]*[^\s][^\n]*")


def clipped(value: str, limit: int = 40) -> str:
    """A cell quoted for a problem line: escapes made visible, at most ``limit`` characters."""
    if len(value) > limit:
        return repr(value[:limit])[:-1] + f"…' ({len(value):,} characters)"
    return repr(value)


class Row(NamedTuple):
    line: int  # physical line in the file, from 1
    cells: tuple[str, ...]  # stripped


@dataclass
class Table:
    """The readable rows of one file (its header row included) and what was wrong with the rest."""

    shown: str  # the file as problem lines name it
    rows: list[Row] = field(default_factory=list)
    _problems: list[str] = field(default_factory=list)
    _unlisted: int = 0

    @property
    def problems(self) -> list[str]:
        more = [f"{self.shown}: {self._unlisted:,} more problems not listed"] if self._unlisted else []
        return [*self._problems, *more]

    def note(self, what: str, line: int | None = None) -> None:
        """A problem with the file (``line`` None) or a line that was still read."""
        if len(self._problems) >= MAX_PROBLEMS:
            self._unlisted += 1
        else:
            self._problems.append(f"{self.shown}:{line}: {what}" if line else f"{self.shown}: {what}")

    def skip(self, line: int, what: str) -> None:
        """A row that is not applied, and why."""
        self.note(f"{what}; row skipped", line)


def read_table(path: Path, shown: str) -> Table:
    """The file at ``path``; a missing file is an empty table without problems."""
    if _missing(path):
        return Table(shown)
    data = read_file_bytes(path, shown, MAX_FILE_BYTES)
    if isinstance(data, Skipped):
        table = Table(shown)
        table.note(f"{data.reason}; file ignored")
        return table
    return parse_table(data, shown)


def _missing(path: Path) -> bool:
    """Not there at all (a broken link or an unreadable folder is there, and gets its reason)."""
    try:
        os.lstat(path)
    except (FileNotFoundError, NotADirectoryError, ValueError):
        return True
    except OSError:
        return False
    return False


def parse_table(data: bytes, shown: str) -> Table:
    """:func:`read_table` for bytes already read."""
    table = Table(shown)
    text = _decode(data, table)
    if text is None:
        return table
    lines = _numbered_lines(text)
    first = next(lines, None)
    if first is None:
        return table
    delimiter = _delimiter(first[1])
    # Most lines hold no quote, control character or stray BOM: they are only split.
    rare = "\ufeff" in text or _CONTROL_RE.search(text) is not None
    rows = table.rows
    for number, line in itertools.chain([first], lines):
        if not (rare or '"' in line or len(line) > MAX_CELL_CHARS):
            rows.append(Row(number, tuple(map(str.strip, line.split(delimiter)))))
        else:
            cells = _cells(line, delimiter, number, table)
            if cells is not None:
                rows.append(Row(number, cells))
    return table


def _numbered_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, line) of every line that is not blank; a run of empty lines costs nothing."""
    number, pos = 1, 0
    for match in _LINE_RE.finditer(text):
        number += text.count("\n", pos, match.start())
        pos = match.start()
        yield number, match.group()


def _decode(data: bytes, table: Table) -> str | None:
    """The text (LF line ends, NULs removed), saying what had to be guessed or repaired."""
    try:
        text, encoding = decode_bytes(data)
    except NotText as exc:
        if str(exc) != EMPTY:
            table.note(f"{exc}; file ignored")
        return None
    if not encoding.startswith(_UNICODE_CODECS):
        table.note(f"not UTF-8 text; read as {encoding} (save it as 'CSV UTF-8' to be sure)")
    if b"\x00" in data and not encoding.startswith(("utf-16", "utf-32")):
        lines = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").decode("latin-1")
        for number, line in _numbered_lines(lines):
            if "\x00" in line:
                table.note("NUL bytes removed", number)
    if text.count("\ufffd") > data.count(b"\xef\xbf\xbd"):
        text = _drop_unreadable_lines(text, encoding, table)
    return text


def _drop_unreadable_lines(text: str, encoding: str, table: Table) -> str:
    """A few bytes that are not UTF-8 in a UTF-8 file were read as U+FFFD: their rows are wrong."""
    codec = encoding.removesuffix("-sig").upper()
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        if "\ufffd" in line:
            table.skip(number, f"bytes that are not {codec} text (read as �)")
            lines[number - 1] = ""
    return "\n".join(lines)


def _delimiter(header: str) -> str:
    """Excel writes ';' in many European locales and tabs as "Unicode text"; the header tells which."""
    if "," in header:
        return ","
    if ";" in header:
        return ";"
    return "\t" if "\t" in header else ","


def _cells(line: str, delimiter: str, number: int, table: Table) -> tuple[str, ...] | None:
    if line.count('"') % 2:
        table.skip(number, 'unbalanced quotes (") in this row; a cell cannot run over several lines')
        return None
    if _CONTROL_RE.search(line):
        table.skip(number, "control characters in this row (binary data?)")
        return None
    cells = _split(line, delimiter)
    if cells is None:
        table.skip(number, f"a row of {len(line):,} characters (a cell has at most {MAX_CELL_CHARS:,})")
        return None
    longest = max(len(cell) for cell in cells)
    if longest > MAX_CELL_CHARS:
        table.skip(number, f"a cell of {longest:,} characters (at most {MAX_CELL_CHARS:,})")
        return None
    if "\ufeff" in line:  # a second BOM, from files pasted together
        cells = [cell.replace("\ufeff", "") for cell in cells]
    return tuple(map(str.strip, cells))


def _split(line: str, delimiter: str) -> list[str] | None:
    """The cells of a line with balanced quotes; None for a line the csv module would refuse."""
    if '"' not in line:
        return line.split(delimiter)
    if len(line) > csv.field_size_limit():
        return None
    try:
        return next(csv.reader([line], delimiter=delimiter, strict=True))
    except csv.Error:  # text after a closing quote ('"a" ,b'): read it as the csv module does
        return next(csv.reader([line], delimiter=delimiter))
