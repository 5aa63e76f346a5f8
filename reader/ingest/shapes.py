"""Many line shapes, each a regular expression, tried only where they could match.

Why: classifying every line of every file against some seventy case-insensitive patterns was most
of a scan's time (Python's regex engine has no fast literal search under IGNORECASE, so each pattern
walks every position of every line). Nearly every pattern needs some literal text ("newsletter",
"sign in", "اترك تعليقا"); a line whose case-folded text holds none of a pattern's needles cannot
match it, and a substring test is a hundred times cheaper than the search. The needles are read off
the pattern itself, so a new shape is prefiltered without anyone listing its words, and a shape
with no such text is simply always tried. The answers are the plain ``any(p.search(text))``'s: a
test checks it on every line of the real-world data sets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cached_property

try:  # the standard library's own regex parser (public as sre_parse before Python 3.11)
    from re import _constants as _sre_constants
    from re import _parser as _sre_parser
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as _sre_constants  # type: ignore[no-redef]
    import sre_parse as _sre_parser  # type: ignore[no-redef]

__all__ = ["Shapes", "needles_of"]

_REPEATS = {
    getattr(_sre_constants, name)
    for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
    if hasattr(_sre_constants, name)
}
MAX_CLASS_CHARS = 8  # a character class this small is as good a needle as its characters


def needles_of(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Case-folded strings one of which every match of ``pattern`` contains, or None if none is known.

    Never wrong, only sometimes unhelpful: anything the reader does not understand (a range or a
    category of characters, a look-around, a back-reference) contributes nothing, and a pattern
    without a required literal gets None, which means "always try it".
    """
    try:
        parsed = _sre_parser.parse(pattern, flags)
    except Exception:
        return None
    return _required(list(parsed))


def _required(items: list) -> frozenset[str] | None:
    """The best requirement among a sequence's parts: a literal run, or a group or alternation whose
    every branch has one (any of those strings then)."""
    candidates: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            candidates.append(frozenset({"".join(run).casefold()}))
            run.clear()

    for op, av in items:
        if op is _sre_constants.LITERAL:
            run.append(chr(av))
            continue
        flush()
        found: frozenset[str] | None = None
        if op is _sre_constants.SUBPATTERN:
            found = _required(list(av[-1]))
        elif op is _sre_constants.BRANCH:
            branches = [_required(list(branch)) for branch in av[1]]
            if all(branches):
                found = frozenset().union(*branches)  # type: ignore[arg-type]
        elif op in _REPEATS and av[0] >= 1:
            found = _required(list(av[2]))
        elif op is _sre_constants.IN and len(av) <= MAX_CLASS_CHARS and all(
            kind is _sre_constants.LITERAL for kind, _ in av  # "[>›»|/]": one of a few characters
        ):
            found = frozenset(chr(code).casefold() for _, code in av)
        if found:
            candidates.append(found)
    flush()
    candidates = [c for c in candidates if all(c)]  # an empty string would be found everywhere
    if not candidates:
        return None
    # The longest shortest needle wins (spaces do not count: " a " is in every sentence).
    return max(candidates, key=lambda c: (min(len(s.strip()) for s in c), -len(c)))


class Shapes:
    """``any(p.search(text) for p in patterns)``, compiled with ``flags``, skipping the patterns whose
    literal text the line does not hold.

    Compiled when first asked, not when the module is imported: the app imports the ingest code when
    it opens a corpus it will not scan (its listing comes from the scan cache), and compiling some
    seventy long patterns there held the window for a quarter of a second.
    """

    def __init__(self, patterns: Iterable[str], flags: int = re.IGNORECASE) -> None:
        self._sources = tuple(patterns)
        self._flags = flags

    @cached_property
    def patterns(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p, self._flags) for p in self._sources)

    @cached_property
    def _entries(self) -> tuple[tuple[frozenset[str] | None, re.Pattern[str]], ...]:
        return tuple((needles_of(p.pattern, self._flags), p) for p in self.patterns)

    def __iter__(self) -> Iterator[re.Pattern[str]]:
        return iter(self.patterns)

    def __len__(self) -> int:
        return len(self._sources)

    def search(self, text: str) -> bool:
        folded = text.casefold()
        # A character that folds to two ("İ", "ß", a ligature) shifts the text: try every pattern.
        exact = len(folded) == len(text)
        for needles, pattern in self._entries:
            if needles is not None and exact:
                for needle in needles:
                    if needle in folded:
                        break
                else:
                    continue
            if pattern.search(text):
                return True
        return False
