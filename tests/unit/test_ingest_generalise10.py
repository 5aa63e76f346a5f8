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
