"""Arabic folding and light stemming: the spellings a reader meets must meet in the index."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.text.arabic import fold_arabic, is_arabic_word, light_stem, strip_harakat

# Text that exercises the Arabic blocks (letters, marks, digits, presentation forms) plus
# Latin, joiners and bidi marks, so hypothesis spends its time where the tables act.
ARABIC_ISH = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
        st.characters(min_codepoint=0xFB50, max_codepoint=0xFEFF),
        st.sampled_from(list("abc XYZ-’'\u200c\u200d\u200e\u200f\u061c0123")),
    ),
    max_size=40,
)


class TestStripHarakat:
    def test_vowelled_word_loses_marks_only(self) -> None:
        assert strip_harakat("الرَّئِيسُ") == "الرئيس"

    def test_tanwin_sukun_dagger_alef_and_tatweel(self) -> None:
        assert strip_harakat("كتاباً") == "كتابا"
        assert strip_harakat("هٰذا") == "هذا"
        assert strip_harakat("العــراق") == "العراق"
        assert strip_harakat("قُرْآنٌ") == "قرآن"

    def test_quranic_annotation_marks(self) -> None:
        assert strip_harakat("الرحيم\u06d6") == "الرحيم"

    def test_latin_untouched(self) -> None:
        assert strip_harakat("Kata’ib Hezbollah é") == "Kata’ib Hezbollah é"


class TestFoldArabic:
    @pytest.mark.parametrize(
        ("raw", "folded"),
        [
            ("أحمد", "احمد"),
            ("إيران", "ايران"),
            ("آمن", "امن"),
            ("ٱلله", "الله"),
            ("مدرسة", "مدرسه"),
            ("مستشفى", "مستشفي"),
            ("مؤتمر", "موتمر"),
            ("رئيس", "رييس"),
            ("الرَّئِيسُ", "الرييس"),
            ("سماء", "سما"),
            ("کتاب", "كتاب"),
            ("ایران", "ايران"),
        ],
    )
    def test_letters(self, raw: str, folded: str) -> None:
        assert fold_arabic(raw) == folded

    def test_hamza_seats_fold_consistently(self) -> None:
        # The same word typed with and without its hamza seat must meet.
        assert fold_arabic("كتائب") == fold_arabic("كتايب")
        assert fold_arabic("مسؤول") == fold_arabic("مسوول")

    def test_digits(self) -> None:
        assert fold_arabic("٢٠٢٠/٣/٢٨") == "2020/3/28"
        assert fold_arabic("۱۳۹۹") == "1399"

    def test_invisible_marks_removed(self) -> None:
        assert fold_arabic("\u200fالعراق\u200e") == "العراق"
        assert fold_arabic("می\u200cخواهم") == "ميخواهم"
        assert fold_arabic("\u061cبغداد") == "بغداد"

    def test_presentation_forms(self) -> None:
        assert fold_arabic("\ufefb") == "لا"  # ﻻ ligature from old PDFs

    def test_vowelled_and_plain_meet(self) -> None:
        assert fold_arabic("الرَّئِيسُ") == fold_arabic("الرئيس")
        assert fold_arabic("العــراق") == fold_arabic("العراق")

    def test_mixed_text_keeps_latin(self) -> None:
        assert fold_arabic("(AFP) قال الرئيسُ") == "(AFP) قال الرييس"

    @given(ARABIC_ISH)
    def test_idempotent(self, text: str) -> None:
        once = fold_arabic(text)
        assert fold_arabic(once) == once

    @given(st.text(max_size=60))
    def test_never_raises_on_any_text(self, text: str) -> None:
        assert isinstance(fold_arabic(text), str)


class TestLightStem:
    @pytest.mark.parametrize(
        "group",
        [
            ["الانتخابات", "انتخابات", "والانتخابات", "بالانتخابات", "للانتخابات"],
            ["الرَّئِيسُ", "رئيس", "الرئيس", "والرئيس"],
            ["الحشد", "حشد", "والحشد", "للحشد", "بالحشد"],
            ["العراق", "عراق", "للعراق", "ـالعــراق"],
            ["الوزير", "وزير", "والوزير"],
            ["القوات", "قوات", "والقوات", "للقوات"],
        ],
    )
    def test_forms_of_one_word_meet(self, group: list[str]) -> None:
        stems = {light_stem(w) for w in group}
        assert len(stems) == 1, dict(zip(group, map(light_stem, group), strict=True))

    def test_expected_stems(self) -> None:
        assert light_stem("الانتخابات") == "انتخاب"
        assert light_stem("العراقيين") == "عراق"
        assert light_stem("عراقية") == "عراق"

    def test_kataib_stays_meaningful(self) -> None:
        # Four letters and a ك that is part of the word: nothing may be stripped.
        assert light_stem("كتائب") == "كتايب"
        assert light_stem("الكتائب") == "كتايب"

    def test_single_letter_prefixes_are_not_stripped(self) -> None:
        assert light_stem("بغداد") == "بغداد"
        assert light_stem("فلسطين") == light_stem("فلسطين")
        assert light_stem("لبنان").startswith("لبن")

    def test_short_words_survive(self) -> None:
        assert light_stem("في") == "في"
        assert light_stem("و") == "و"
        assert light_stem("ال") == "ال"

    @given(ARABIC_ISH.filter(lambda s: s != ""))
    def test_never_empty_for_non_empty_word(self, word: str) -> None:
        assert light_stem(word) != ""

    @given(st.text(alphabet=st.characters(min_codepoint=0x0621, max_codepoint=0x064A), min_size=1))
    def test_never_empty_on_letters(self, word: str) -> None:
        assert light_stem(word)


class TestIsArabicWord:
    def test_scripts(self) -> None:
        assert is_arabic_word("الرَّئِيسُ")
        assert is_arabic_word("كتائب")
        assert not is_arabic_word("Kata’ib")
        assert not is_arabic_word("2020")
        assert not is_arabic_word("")

    def test_mixed_token_goes_to_majority(self) -> None:
        assert is_arabic_word("ISداعش")
        assert not is_arabic_word("Hezbollahح")
