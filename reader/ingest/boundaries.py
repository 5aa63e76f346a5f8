"""The researcher's own article boundaries: splits and merges that override the splitter.

A fix is stored as user data (see ``reader.store``) and handed to ``scan_corpus`` as plain offsets
into the decoded file text, so ingest stays free of the store. A *split* makes the line holding the
offset start a new article; a *merge* removes the article start on the line holding the offset, so
that article joins the one before it. Offsets that fall outside the file or on no line are ignored
(the store re-finds them by their quoted text when a file changes, before calling the scan).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class FileBoundaryFixes:
    """Code-point offsets into one file's decoded text."""

    split_at: frozenset[int] = frozenset()
    merge_at: frozenset[int] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.split_at or self.merge_at)


BoundaryFixes = Mapping[str, FileBoundaryFixes]  # relpath (with "/") -> its fixes
NO_FIXES: BoundaryFixes = {}


def apply_to_starts(
    starts: list[int], line_spans: list[tuple[int, int]], fixes: FileBoundaryFixes
) -> list[int]:
    """The splitter's start lines with the user's splits added and merges removed (sorted, unique).

    ``line_spans`` are the (start, end) offsets of each line; an offset belongs to the line whose span
    holds it, or to the next line when it falls between lines (on a blank line).
    """
    if not fixes or not line_spans:
        return starts

    def line_of(offset: int) -> int | None:
        # Binary search: the first line whose end is past the offset.
        lo, hi = 0, len(line_spans)
        while lo < hi:
            mid = (lo + hi) // 2
            if line_spans[mid][1] <= offset:
                lo = mid + 1
            else:
                hi = mid
        return lo if lo < len(line_spans) else None

    chosen = set(starts)
    for offset in fixes.split_at:
        i = line_of(offset)
        if i is not None:
            chosen.add(i)
    for offset in fixes.merge_at:
        i = line_of(offset)
        if i is not None and i != 0:
            chosen.discard(i)
    chosen.add(0)
    return sorted(chosen)
