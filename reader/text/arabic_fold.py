"""Cheap case-and-diacritics folding for comparing texts (duplicates, headlines).

Search has its own, richer analysis (``reader.search.analysis``); this is only for equality tests.
"""

from __future__ import annotations

import unicodedata

_MARKS = {cp: None for cp in [*range(0x064B, 0x0660), 0x0670, 0x0640, *range(0x06D6, 0x06EE)]}
_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي"})


def fold_for_matching(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().translate(_MARKS).translate(_LETTERS)
