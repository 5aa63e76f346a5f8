"""The page's geometry and raw material: measure, margins, line heights, zoom steps, paragraphs
cut into display chunks, and a text document that never loads a resource.
"""

from __future__ import annotations

import re
import unicodedata

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QTextDocument

# Longest block handed to Qt's layout; longer paragraphs are cut (preferably at a sentence end in
# the second half of the window, else at a space). 3,000 characters lay out in well under 1 ms.
CHUNK_LIMIT = 3000
# Reading measure: the text column holds about this many average Latin characters.
MEASURE_CHARS = 72
MIN_SIDE_MARGIN = 28
PAGE_TOP_MARGIN = 28
PAGE_BOTTOM_MARGIN = 96
# Line heights in ems of each script's own font size (CSS ``line-height``). Qt's proportional
# height multiplies the font's natural line spacing instead (1.36em for Noto Serif, 1.68em for
# Noto Naskh), so "150%" there would be double-spaced. Naskh needs more room for vowel marks.
LINE_HEIGHT_EM = 1.6
ARABIC_LINE_HEIGHT_EM = 1.9
PARAGRAPH_SPACING_EM = 1.0

ZOOM_FACTOR = 1.1
ZOOM_MIN, ZOOM_MAX = -6, 12

_SENTENCE_END = re.compile(r"[.!?؟…。][\"'”’»)\]]*\s+")
_SPACES = re.compile(r"\s+")


def split_for_display(text: str, limit: int = CHUNK_LIMIT) -> list[tuple[int, int]]:
    """Cut ``text`` into ``(start, end)`` spans of at most ``limit`` code points, covering it exactly.

    Cuts fall after a sentence end in the second half of each window if there is one, else after a
    space, else (a run of ``limit`` characters without space) before the nearest base character, so
    a combining mark or joiner is never separated from its letter.
    """
    n = len(text)
    if n <= limit:
        return [(0, n)]
    spans: list[tuple[int, int]] = []
    start = 0
    while n - start > limit:
        lo, hi = start + limit // 2, start + limit
        window = text[lo:hi]
        cut = -1
        for m in _SENTENCE_END.finditer(window):
            cut = lo + m.end()
        if cut < 0:
            for m in _SPACES.finditer(window):
                cut = lo + m.end()
        if cut < 0:
            cut = hi
            while cut > lo and (unicodedata.category(text[cut])[0] == "M" or text[cut] in "\u200c\u200d"):
                cut -= 1
        spans.append((start, cut))
        start = cut
    spans.append((start, n))
    return spans


class PlainDocument(QTextDocument):
    """A QTextDocument that never loads a resource (images, style sheets, files named by text).

    Text is only ever inserted as plain text, so nothing should ask; this is the second lock.
    ``resource_requests`` counts attempts, for tests.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.resource_requests = 0

    def loadResource(self, type: int, name: QUrl) -> object:
        self.resource_requests += 1
        return None
