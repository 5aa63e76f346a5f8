"""Direction and language by majority script, never by the first strong character."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.text.script import direction_of, document_language, paragraph_language, script_counts
from reader.text.terminal import has_arabic, visual


def test_arabic_paragraph_opening_with_latin_is_rtl():
    text = "(AFP) قال مسؤولون إن الاجتماع سيعقد غدا في بغداد"
    assert direction_of(text) == "rtl" and paragraph_language(text) == "ar"


def test_english_paragraph_quoting_arabic_is_ltr():
    text = "The group, known in Arabic as الحشد الشعبي, said on Saturday that it would respond."
    assert direction_of(text) == "ltr" and paragraph_language(text) == "en"


def test_no_letters_is_other_and_ltr():
    assert paragraph_language("1 – 2020") == "other"
    assert direction_of("1 – 2020") == "ltr"


def test_document_language_tolerates_a_caption_in_the_other_script():
    assert document_language([("en", 1000), ("ar", 50)]) == "en"
    assert document_language([("en", 500), ("ar", 500)]) == "mixed"
    assert document_language([]) == "other"


def test_terminal_visual_shapes_only_arabic():
    assert visual("plain English") == "plain English"
    shaped = visual("حزب الله")
    assert shaped != "حزب الله" and has_arabic(shaped)


@given(st.text())
def test_script_functions_accept_any_text(text):
    assert direction_of(text) in {"ltr", "rtl"}
    assert paragraph_language(text) in {"en", "ar", "other"}


def test_neutral_paragraphs_take_the_direction_of_their_neighbours():
    from reader.text.script import paragraph_directions

    arabic = "قال المتحدث إن القوات انسحبت."
    assert paragraph_directions([arabic, "1 –", arabic, "2 –", "***"]) == ["rtl"] * 5
    assert paragraph_directions(["2019/10/14", arabic]) == ["rtl", "rtl"]
    assert paragraph_directions(["Officials said.", "1 –", arabic]) == ["ltr", "ltr", "rtl"]
    assert paragraph_directions(["1", "2"]) == ["ltr", "ltr"]
    assert paragraph_directions([]) == []


@given(st.lists(st.sampled_from(["", "1 –", "***", "Officials said.", "قال المتحدث", "42"]), max_size=12))
def test_every_paragraph_with_letters_keeps_its_own_direction(texts):
    from reader.text.script import direction_of, paragraph_directions, script_counts

    got = paragraph_directions(texts)
    assert len(got) == len(texts)
    for text, direction in zip(texts, got, strict=True):
        arabic, latin, _ = script_counts(text)
        if arabic or latin:
            assert direction == direction_of(text)


def _letter_script(ch: str) -> str | None:
    """One character's script, judged on its own: a word character that is no decimal digit nor "_"
    (marks and punctuation are not), Arabic or Latin by its block."""
    if not ch.isalnum() or ch.isdecimal():
        return None
    cp = ord(ch)
    arabic = (0x0620 <= cp <= 0x064A or 0x066E <= cp <= 0x066F or 0x0671 <= cp <= 0x06D3 or cp == 0x06D5
              or 0x06EE <= cp <= 0x06EF or 0x06FA <= cp <= 0x06FC or cp == 0x06FF or 0x0750 <= cp <= 0x077F
              or 0x0870 <= cp <= 0x0887 or 0x0889 <= cp <= 0x088E or 0x08A0 <= cp <= 0x08C9
              or 0xFB50 <= cp <= 0xFDFB or 0xFE70 <= cp <= 0xFEFC)
    latin = ("A" <= ch <= "Z" or "a" <= ch <= "z" or 0xC0 <= cp <= 0xD6 or 0xD8 <= cp <= 0xF6
             or 0xF8 <= cp <= 0x24F)
    return "ar" if arabic else "en" if latin else "other"


_MIXED = st.sampled_from("قال الحَشْدُ ﴾ـ Émile ½ ٣ 9 _")


@given(st.text(alphabet=st.one_of(st.characters(), _MIXED), max_size=80))
def test_letters_are_counted_one_by_one_as_their_script(text):
    """The counts come from deleting non-letters in bulk (fast); they must be the counts a reader
    would make letter by letter."""
    scripts = [_letter_script(ch) for ch in text]
    assert script_counts(text) == (scripts.count("ar"), scripts.count("en"), scripts.count("other"))
