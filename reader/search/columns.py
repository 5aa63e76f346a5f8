"""Whoosh columns read a segment at a time: every document's value of a column, or its field length.

Why: Whoosh's column readers answer a document at a time (a seek, a read and a translation call
each: ~8 ms per column at 10k articles). Opening an index for an update, and the first search of
a generation, read whole columns (``id``, ``source``, ``file_hash``, ``date``, ``day``...): here a
segment's values are one read, cut by the column's own offsets and lengths, and each distinct
value is translated once. The values are Whoosh's own (``tests/unit/test_search_speed_read.py``
compares them with the stock readers); a column kind not known here gives None and the caller
reads it the stock way.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Iterator
from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.columns import NumericColumn, VarBytesColumn
from whoosh.matching import WrappingMatcher
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length

__all__ = ["ColumnDamaged", "column_values", "field_lengths", "posting_blocks", "posting_parts"]


class ColumnDamaged(Exception):
    """A column's data ends before its values do (a cut or damaged segment file)."""


def column_values(reader: Any, name: str) -> list[Any] | None:
    """Every document's value of a column, as Whoosh's translating column reader gives it, read a
    segment at a time; None for a column kind this does not know (read the stock way then).

    Whoosh reads a column a value at a time (a seek, a read and a translation call per document:
    ~8 ms per column at 10k articles, 50-80 ms for the arrays a first search needs). Here each
    segment's values are one read, cut by the column's own offsets and lengths (text columns:
    ``id``, ``date``, ``month``, ``lang``, ``dup``) or read as one array (``day``), and each
    distinct value is translated once. Uses the column readers' private attributes of
    Whoosh-Reloaded 2.7.x (``tests/unit/test_search_speed_read.py`` compares the result with the
    stock reading). Data cut short raises :class:`ColumnDamaged`.
    """
    out: list[Any] = []
    for leaf, _ in reader.leaf_readers():
        if not leaf.has_column(name):
            return None
        raw = leaf.column_reader(name, translate=False)
        try:
            values = _raw_values(raw, name)
        except AttributeError:  # another Whoosh's internals
            return None
        if values is None:
            return None
        translate = leaf.schema[name].from_column_value
        done: dict[Any, Any] = {}
        for value in values:
            try:
                out.append(done[value])
            except KeyError:
                found = done[value] = translate(value)
                out.append(found)
    return [v.decode("utf-8") if isinstance(v, bytes) else v for v in out]


def field_lengths(reader: Any, fieldname: str) -> list[int] | None:
    """Every document's length of a field (deleted ones included), or None where the segments are
    not Whoosh's W3 kind: :func:`column_values` on the lengths column the W3 codec keeps per
    field (a byte per document), each distinct byte decoded once."""
    out: list[int] = []
    for leaf, _ in reader.leaf_readers():
        perdoc = getattr(leaf, "_perdoc", None)
        if perdoc is None:
            return None
        try:
            column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            if column is None:  # no article of the segment has a word in the field
                out.extend([0] * leaf.doc_count_all())
                continue
            values = _raw_values(column, fieldname)
        except AttributeError:
            return None
        if values is None:
            return None
        lengths = {b: (byte_to_length(b) if b else 0) for b in set(values)}
        out.extend(map(lengths.__getitem__, values))
    return out


def _raw_values(raw: Any, name: str) -> list[Any] | None:
    """The untranslated values of one segment's column reader (see :func:`column_values`)."""
    kind = type(raw)
    if kind is VarBytesColumn.Reader:
        offsets, lengths = raw._offsets, raw._lengths
        total = max(map(int.__add__, offsets, lengths), default=0)
        data = raw._dbfile.get(raw._basepos, total) if total else b""
        if len(data) != total or not len(offsets) == len(lengths) == raw._doccount:
            raise ColumnDamaged(f"the index's {name} column is damaged")
        return [data[o:o + n] for o, n in zip(offsets, lengths, strict=True)]
    if kind is NumericColumn.Reader:
        count = min(raw._count, raw._doccount)
        data = raw._dbfile.get(raw._basepos, count * raw._fixedlen) if count else b""
        if len(data) != count * raw._fixedlen:
            raise ColumnDamaged(f"the index's {name} column is damaged")
        numbers = array(raw._typecode)
        if numbers.itemsize != raw._fixedlen:
            return None
        numbers.frombytes(data)
        if sys.byteorder == "little":
            numbers.byteswap()  # stored in network order
        return [*numbers.tolist(), *[raw._default] * (raw._doccount - count)]
    return None


def posting_blocks(reader: Any, fieldname: str, btext: bytes, part: str) -> Iterator[tuple[Any, Any]]:
    """(ids, ``part`` of each posting) per posting block of one term in one segment, ``part``
    being "ids" (None then), "weights" or "values" (the encoded positions). Deleted documents are
    included: callers filter them. A block at a time from the codec's own arrays where it has them
    (a Python call per posting costs more than the searches that need these), else one by one."""
    for ids, weights, values in posting_parts(reader, fieldname, btext, part):
        yield ids, (values if part == "values" else weights if part == "weights" else None)


def posting_parts(reader: Any, fieldname: str, btext: bytes, part: str = "all"
                  ) -> Iterator[tuple[Any, Any, Any]]:
    """(ids, weights, values) per posting block of one term in one segment; with ``part`` "ids",
    "weights" or "values" only that part is decoded (the others are None), with "all" every part:
    a block is one compressed read whatever is taken from it, so a term read once for all its
    uses (documents, frequencies, positions) costs one read instead of three."""
    try:
        m = reader.postings(fieldname, btext)
    except TermNotFound:
        return
    wrapped = False
    while isinstance(m, WrappingMatcher):
        m = m.child  # FilterMatcher over deleted documents
        wrapped = True
    weights_too = part in ("weights", "all")
    values_too = part in ("values", "all")
    if hasattr(m, "_read_ids") and hasattr(m, "_next_block") and hasattr(m, "_read_values"):
        if wrapped:
            # The filter already stepped over the deleted documents before the first live one:
            # start again from the first posting, so all deleted documents are there, not only
            # those after a live one (what a segment's postings hold must not depend on that).
            m.reset()
        while m.is_active():
            if m._ids is None:
                m._read_ids()
            if weights_too and m._weights is None:
                m._read_weights()
            if values_too and m._values is None:
                m._read_values()
            i = m._i
            yield (m._ids[i:], m._weights[i:] if weights_too else None,
                   m._values[i:] if values_too else None)
            m._next_block()
        return
    ids, weights, values = [], [], []
    while m.is_active():
        ids.append(m.id())
        weights.append(m.weight() if weights_too else None)
        values.append(m.value() if values_too else None)
        m.next()
    yield ids, (weights if weights_too else None), (values if values_too else None)
