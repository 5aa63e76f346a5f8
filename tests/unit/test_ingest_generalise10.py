"""A tenth round of page shapes: a page title's tail naming an institution rather than a news outlet
("… - Carnegie Endowment for International Peace") is not part of the headline; a clause or a place
after a dash is."""

from __future__ import annotations

import pytest

from reader.ingest.segment import without_site_tail


@pytest.mark.parametrize(("title", "headline"), [
    ("Washington Should Tax Capital Inflows - Carnegie Endowment for International Peace",
     "Washington Should Tax Capital Inflows"),
    ("Why Polarization Still Matters – Brookings Institution", "Why Polarization Still Matters"),
    ("Floods hit the north - Red Cross Society warns", None),  # a clause, not a name
    ("Gunmen attack the campus - Kabul University", None),  # a place the story is about
])
def test_a_page_title_s_institution_tail_is_not_the_headline(title, headline):
    assert without_site_tail(title) == (headline or title)


def test_an_untitled_excerpt_is_named_by_its_words_not_by_its_opening_ellipsis():
    from reader.ingest.segment import _derive_title

    title = _derive_title(["«... سيفتح الشعب القطري ذراعيه لاستقبال محبّي كرة القدم. وقال آخر شيئا."])
    assert title == "«... سيفتح الشعب القطري ذراعيه لاستقبال محبّي كرة القدم."
    assert _derive_title(["It was a good day for the team. More came later."]) == (
        "It was a good day for the team."
    )


def test_a_breadcrumb_trail_copied_without_its_arrows_is_not_text_over_the_headline():
    from pathlib import Path

    from reader.ingest.corpus import documents_of_file
    from reader.ingest.loader import SourceFile

    headline = "وزير الصحة يستهجن القلق الأممي بشأن مأرب وتجاهل الوضع الإنساني في اليمن منذ 6 سنوات"
    page = (
        "الرئيسية أخبار وتقارير وزير الصحة يستهجن القلق الأممي بشأن مأرب وتجاهل الوضع الإنساني في "
        "اليمن...\n\n"
        f"{headline}\n\nوزير الصحة:\n\n"
        "استهجن وزير الصحة العامة والسكان، الدكتور طه المتوكل، القلق الأممي بشأن محافظة مأرب وتجاهل الوضع "
        "الإنساني الكارثي في اليمن منذ 6 سنوات.\n\n"
        "وقال الدكتور طه المتوكل خلال لقاء موسع لإعلان نتائج المسح الثاني لجودة خدمات المنشآت الطبية إن "
        "القلق الأممي بعناوين إنسانية حول مأرب لا يخفي تجاهل الوضع في بقية المحافظات.\n"
    )
    (doc,) = documents_of_file(SourceFile(Path("p.txt"), "p.txt", page, "utf-8", len(page)))
    assert doc.title == headline


_PARAGRAPHS_A = [
    "أعلنت وزارة المياه صباح اليوم عن خطة جديدة لتوزيع المياه على الأحياء الشرقية من العاصمة بعد أسابيع "
    "من الانقطاع المتكرر الذي اشتكى منه السكان في أكثر من منطقة.",
    "وقال المتحدث باسم الوزارة إن الخطة تشمل تشغيل ثلاث محطات ضخ إضافية وإصلاح الخطوط القديمة التي تسببت "
    "في هدر كميات كبيرة من المياه خلال فصل الصيف الماضي.",
    "وأضاف أن فرق الصيانة ستعمل على مدار الساعة حتى نهاية الشهر المقبل لضمان وصول المياه إلى جميع المنازل "
    "دون انقطاع وبضغط كاف في الطوابق العليا.",
]
_PARAGRAPHS_B = [
    "افتتح محافظ المدينة مساء أمس معرضا للكتاب يشارك فيه أكثر من مئتي ناشر من عشرين دولة عربية وأجنبية، "
    "ويستمر المعرض عشرة أيام في قاعة المؤتمرات الكبرى.",
    "ويضم المعرض جناحا خاصا لكتب الأطفال وآخر للمخطوطات النادرة، إلى جانب ندوات يومية يشارك فيها كتاب "
    "وأكاديميون من الجامعات المحلية ومن خارج البلاد.",
    "وأكد منظمو المعرض أن أسعار الكتب ستكون مخفضة بنسبة تصل إلى النصف طوال أيام المعرض، وأن الدخول مجاني "
    "لطلاب المدارس والجامعات.",
]
_HEADLINE_A = "وزارة المياه تعلن خطة جديدة لتوزيع المياه على الأحياء الشرقية"
_HEADLINE_B = "افتتاح معرض الكتاب بمشاركة مئتي ناشر من عشرين دولة"


def _docs(page: str):
    from pathlib import Path

    from reader.ingest.corpus import documents_of_file
    from reader.ingest.loader import SourceFile

    return documents_of_file(SourceFile(Path("p.txt"), "p.txt", page, "utf-8", len(page)))


def test_a_page_spaced_its_own_way_under_a_page_with_its_paragraphs_stuck_together_is_another_article():
    # Two sites' pages on the same story: page one copied with its paragraphs stuck together, page two
    # (blank line, headline) with a blank line over each paragraph. Where the spacing changes, a new
    # page begins, though its words are the words above.
    headline = "سكان الأحياء الشرقية يشكون انقطاع المياه للأسبوع الثالث على التوالي"
    page = (_HEADLINE_A + "\n" + "\n".join(_PARAGRAPHS_A) + "\n\n" + headline + "\n\n"
            + "\n\n".join(_PARAGRAPHS_A2) + "\n")
    assert [d.title for d in _docs(page)] == [_HEADLINE_A, headline]


_SUBHEAD = "فرق الصيانة تعمل على مدار الساعة في الأحياء الشرقية"
_PARAGRAPHS_A2 = [
    "وتعمل فرق الصيانة التابعة لوزارة المياه في الأحياء الشرقية منذ الأسبوع الماضي على استبدال الخطوط "
    "القديمة، وقال مهندسون إن العمل سيستمر على مدار الساعة حتى نهاية الشهر المقبل.",
    "وطالب سكان الأحياء الشرقية الوزارة بجدول واضح لمواعيد ضخ المياه، بعد أن اضطر كثيرون منهم إلى شراء "
    "المياه من الصهاريج بأسعار مرتفعة خلال أسابيع الانقطاع.",
]


@pytest.mark.parametrize("joiner", ["\n\n", "\n"])
def test_a_subhead_over_text_spaced_like_the_text_above_it_stays_in_its_article(joiner):
    page = (_HEADLINE_A + "\n" + joiner.join(_PARAGRAPHS_A) + "\n\n" + _SUBHEAD + joiner
            + joiner.join(_PARAGRAPHS_A2) + "\n")
    assert [d.title for d in _docs(page)] == [_HEADLINE_A]
