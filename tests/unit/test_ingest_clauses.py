"""A page stored without its headline is named by its first sentence's main clause.

The sentences are real openings from the labelled sets; the expected names are the labellers'.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.ingest.clauses import MIN_WORDS, main_clause
from reader.ingest.segment import _derive_title


def test_a_consequence_is_left_out_of_the_name() -> None:
    sentence = (
        "تعيش ليبيا حالة من الدمار الشامل إثر هجوم العاصفة دانيال مما أدى لاختفاء مناطق بشكل كامل "
        "بجانب انتشال الجثث في كل مكان على الأراضي الليبية."
    )
    assert _derive_title([sentence]) == "تعيش ليبيا حالة من الدمار الشامل إثر هجوم العاصفة دانيال…"


def test_a_cause_is_left_out_of_the_name() -> None:
    sentence = (
        "Dubai’s RTA has informed drivers of expected delays on Emirates Road towards Sharjah due to "
        "maintenance and rehabilitation works."
    )
    assert main_clause(sentence) == (
        "Dubai’s RTA has informed drivers of expected delays on Emirates Road towards Sharjah"
    )


def test_an_aside_between_commas_does_not_end_the_clause() -> None:
    sentence = (
        "تمكنت مصالح الشرطة بولاية أمن الدار البيضاء، يوم الثلاثاء 15 يوليوز 2025، من توقيف مواطن "
        "فرنسي يبلغ من العمر 42 سنة، كان مبحوثًا عنه على الصعيد الوطني."
    )
    assert main_clause(sentence) == (
        "تمكنت مصالح الشرطة بولاية أمن الدار البيضاء، يوم الثلاثاء 15 يوليوز 2025، من توقيف مواطن "
        "فرنسي يبلغ من العمر 42 سنة"
    )


def test_a_name_in_apposition_does_not_end_the_clause() -> None:
    sentence = (
        "أعلن وزير خارجية البحرين، الشيخ خالد بن أحمد آل خليفة، أمس الثلاثاء، أن أزمة قطر لا تهدد "
        "مجلس التعاون الخليجي، مؤكدا أن المجلس باق."
    )
    assert main_clause(sentence) == (
        "أعلن وزير خارجية البحرين، الشيخ خالد بن أحمد آل خليفة، أمس الثلاثاء، أن أزمة قطر لا تهدد "
        "مجلس التعاون الخليجي"
    )


def test_the_comma_after_a_fronted_circumstance_does_not_end_the_clause() -> None:
    sentence = (
        "After years of war with the Houthis, Riyadh is seeking to ensure its security above all "
        "else, but peace talks are precarious."
    )
    assert main_clause(sentence) == (
        "After years of war with the Houthis, Riyadh is seeking to ensure its security above all else"
    )


def test_a_list_of_places_is_not_an_aside() -> None:
    sentence = (
        "The Government of the Northwest Territories issued insistent warnings on Monday advising "
        "residents to evacuate Hay River, Enterprise, K’atl’odeeche First Nation and the surrounding area."
    )
    assert main_clause(sentence) == (
        "The Government of the Northwest Territories issued insistent warnings on Monday advising "
        "residents to evacuate Hay River"
    )


def test_a_quotation_after_a_colon_is_left_out() -> None:
    sentence = (
        'وجاء في منشور للرئيس عبد المجيد التبون مساء الثلاثاء 10 غشت عبر حسابه على تويتر: "ببالغ '
        'الحزن والأسى، بلغني نبأ استشهاد الجنود"'
    )
    assert main_clause(sentence) == (
        "وجاء في منشور للرئيس عبد المجيد التبون مساء الثلاثاء 10 غشت عبر حسابه على تويتر"
    )


def test_a_semicolon_ends_the_clause_even_before_a_short_part() -> None:
    sentence = (
        "الحر الشديد هذا العام في مكة والذي وصل إلى 48 درجة في عيد الأضحى؛ ومرة أخرى، ارتبط موسم "
        "الحج بوفاة الحجاج."
    )
    assert main_clause(sentence) == "الحر الشديد هذا العام في مكة والذي وصل إلى 48 درجة في عيد الأضحى"


def test_where_as_in_from_where_is_not_a_subordinate_opening() -> None:
    sentence = "وهذه هي أكبر محطة لمعالجة مياه الصرف الصحي من حيث الطاقة الاستيعابية بالبلد الخليجي"
    assert main_clause(sentence) is None


def test_a_short_sentence_is_the_name_whole() -> None:
    assert _derive_title(["Flood waters rose across the valley overnight."]) == (
        "Flood waters rose across the valley overnight."
    )


_WORDS = st.text(alphabet="abcdefghij ،,؛;:", min_size=0, max_size=200)


@given(_WORDS)
def test_the_clause_is_a_prefix_of_at_least_the_minimum_words(sentence: str) -> None:
    clause = main_clause(sentence)
    if clause is not None:
        assert sentence.startswith(clause)
        assert len(clause.split()) >= MIN_WORDS
