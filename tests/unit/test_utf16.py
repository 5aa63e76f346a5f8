"""Code points vs UTF-16 units: the conversion every highlight and search match goes through."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.text.utf16 import OffsetMap, utf16_len


def test_emoji_shifts_later_positions_by_one():
    text = "a😀bحزب"
    m = OffsetMap(text)
    assert [m.to_utf16(i) for i in range(len(text) + 1)] == [0, 1, 3, 4, 5, 6, 7]
    assert m.to_codepoint(3) == 2  # the 'b' after the emoji
    assert m.to_codepoint(2) == 2, "a position inside a surrogate pair rounds to the next character"


def test_arabic_and_ascii_are_one_unit_each():
    text = "كتائب حزب الله (KH)"
    m = OffsetMap(text)
    assert all(m.to_utf16(i) == i for i in range(len(text) + 1))


@given(st.text())
def test_round_trip_for_any_text(text):
    m = OffsetMap(text)
    assert m.to_utf16(len(text)) == utf16_len(text)
    for cp in range(len(text) + 1):
        u16 = m.to_utf16(cp)
        assert m.to_codepoint(u16) == cp
        assert text[:cp].encode("utf-16-le", "surrogatepass").__len__() // 2 == u16
