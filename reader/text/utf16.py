"""The one boundary between Python's code-point offsets and Qt's UTF-16 positions.

Python indexes strings by code point; Qt (QString, QTextCursor, QTextBlock) by UTF-16 unit. They
differ after any character outside the Basic Multilingual Plane (emoji, some CJK, mathematical
letters), each of which is one code point but two UTF-16 units. Every offset that crosses into Qt
goes through these functions, so highlights never drift by one per emoji.
"""

from __future__ import annotations

from bisect import bisect_right


class OffsetMap:
    """Converts offsets both ways for one text in O(log n), after an O(n) scan done once."""

    def __init__(self, text: str) -> None:
        # Code-point indices of astral characters: each shifts later UTF-16 positions by one.
        self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF] if not text.isascii() else []
        self._astral_utf16 = [i + n for n, i in enumerate(self._astral)]
        self.length = len(text)

    def to_utf16(self, cp: int) -> int:
        return cp + bisect_right(self._astral, cp - 1)

    def to_codepoint(self, u16: int) -> int:
        # Every astral character at UTF-16 position p occupies p and p+1; a position inside a pair
        # maps to the character itself.
        before = bisect_right(self._astral_utf16, u16 - 1)
        inside = before and self._astral_utf16[before - 1] == u16 - 1
        return u16 - before + (1 if inside else 0)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def to_utf16(text: str, cp: int) -> int:
    return OffsetMap(text).to_utf16(cp)


def to_codepoint(text: str, u16: int) -> int:
    return OffsetMap(text).to_codepoint(u16)
