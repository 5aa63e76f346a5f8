"""The researcher's own article boundaries: splits and merges that override the splitter.

A fix is stored as user data (see ``reader.store``) and handed to ``scan_corpus`` as plain offsets
into the decoded file text, so ingest stays free of the store. A *split* makes the line holding the
offset start a new article; a *merge* removes the article start on the line holding the offset, so
that article joins the one before it. Offsets that fall outside the file or on no line are ignored
(the store re-finds them by their quoted text when a file changes, before calling the scan).
"""

from __future__ import annotations

import bisect
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


def lines_at(offsets: frozenset[int], line_spans: list[tuple[int, int]]) -> set[int]:
    """The lines holding ``offsets``: the line whose span holds an offset, or the next line when it
    falls between lines (on a blank line); offsets past the last line hold none."""
    ends = [end for _, end in line_spans]
    return {i for i in (bisect.bisect_right(ends, offset) for offset in offsets) if i < len(line_spans)}


def apply_to_starts(
    starts: list[int], line_spans: list[tuple[int, int]], fixes: FileBoundaryFixes
) -> list[int]:
    """The splitter's start lines with the user's splits added and merges removed (sorted, unique).

    ``line_spans`` are the (start, end) offsets of each line (see :func:`lines_at`).
    """
    if not fixes or not line_spans:
        return starts
    chosen = set(starts) | lines_at(fixes.split_at, line_spans)
    chosen -= lines_at(fixes.merge_at, line_spans) - {0}
    chosen.add(0)
    return sorted(chosen)
