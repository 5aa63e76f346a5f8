"""Selections snap to whole words (issue 14, item 2): never a letter of a joined Arabic word lost."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.text.words import is_word_char, snap_to_words

ARABIC = "قالت «واشنطن» إنّ القوّات ستنسحب."
ENGLISH = "Kata'ib Hezbollah said (on Monday) that U.S. forces..."


def test_a_drag_inside_words_takes_the_whole_words():
    start = ENGLISH.index("ezbollah")
    assert snap_to_words(ENGLISH, start, start + 5) == (ENGLISH.index("Hezbollah"), ENGLISH.index(" said"))


def test_joined_arabic_keeps_every_letter_and_its_marks():
    word = "القوّات"
    start = ARABIC.index(word)
    s, e = snap_to_words(ARABIC, start + 2, start + 4)  # the middle of the word, shadda included
    assert ARABIC[s:e] == word


def test_punctuation_and_spaces_at_the_edges_stay_as_they_are():
    start = ARABIC.index("«")
    assert snap_to_words(ARABIC, start, start + 3) == (start, start + len("«واشنطن"))
    space = ENGLISH.index(" said")
    assert snap_to_words(ENGLISH, space, space + 3) == (space, space + len(" said"))


def test_empty_and_out_of_range_spans():
    assert snap_to_words(ENGLISH, 5, 5) == (5, 5)
    assert snap_to_words("", 0, 3) == (0, 0)
    assert snap_to_words("abc", -4, 99) == (0, 3)


@given(st.text(alphabet=st.sampled_from(list("ab قلت،.  \u064e\u0651\u0640-1")), max_size=40), st.data())
def test_snapping_contains_the_span_and_never_ends_inside_a_word(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    s, e = snap_to_words(text, start, end)
    assert s <= start and end <= e
    if s < e:
        assert s == 0 or not (is_word_char(text[s]) and is_word_char(text[s - 1]))
        assert e == len(text) or not (is_word_char(text[e - 1]) and is_word_char(text[e]))
    assert snap_to_words(text, s, e) == (s, e), "snapping twice changes nothing"
