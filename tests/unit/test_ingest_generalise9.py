"""A ninth round of page shapes: the widgets every publishing platform prints under or beside an
article (closed comments, comment services, slideshows, "more from author" boxes, disclosures,
the server's own error lines), in English, French and Arabic; the story's own lines that share
their words stay."""

from __future__ import annotations

import pytest

from reader.ingest.lines import Kind, classify
from reader.ingest.segment import segment_text
from tests.unit.test_ingest_generalise import MORE, TEXT  # the same two paragraphs of running text


@pytest.mark.parametrize("text", [
    "Comments are closed",
    "Comments are closed.",
    "Les commentaires sont fermés.",
    "التعليقات مغلقة",
    "comments powered by Disqus",
    "This slideshow requires JavaScript.",
    "RELATED ARTICLESMORE FROM AUTHOR",  # a WordPress theme's box, its two tabs glued
    "You might also like More from author",
    "Advertising Disclosure",
    "This document is subject to copyright.",
    "Deprecated function: preg_match(): Passing null to parameter #2 ($subject) of type string is "
    "deprecated in rename_admin_menu_section() (line 1 of /home/site/modules/admin_menu.inc).",
    "Warning: Undefined array key \"page\" in /var/www/html/wp-content/themes/news/single.php on line 42",
    "سياسة الخصوصية وجمع الكوكيز:",
    "All quotes delayed a minimum of 15 minutes.",
    "Published under: 2024 Election",
    "Just R20 for the first month. Support independent journalism",
    "Support independent journalism today",
    "رئيس مجلسى الإدارة والتحرير",  # a masthead's role, its holder's name under it
    "رئيس التحرير",
    "Editor-in-Chief",
    "This field is mandatory!",
    "هذا الحقل مطلوب",
])
def test_a_platform_s_widgets_are_furniture(text):
    assert classify(text) in (Kind.NAV, Kind.BOILER), text


@pytest.mark.parametrize("text", [
    "Must Read", "MUST READ", "Story Timeline", "الاكثر مشاهده", "الأكثر قراءه",
])
def test_a_teaser_box_heading_is_a_separator(text):
    assert classify(text) is Kind.SEPARATOR, text


@pytest.mark.parametrize("text", [
    "Comments are closed to the public until the inquiry reports, the council said.",
    "The slideshow of the artist's early work requires a ticket, the gallery said.",
    "Warning: the river is expected to rise above the flood mark by Sunday night.",
    "سياسة الخصوصية الجديدة لواتساب تثير الجدل",  # a headline about a privacy policy
    "Disqus, the comment service, was bought in 2017 by an advertising firm.",
    "The document is subject to copyright law in both countries, the court found.",
    "Readers who support independent journalism were asked to give again this year, the trust said.",
    "Quotes delayed by the exchange's outage were restored by noon, traders said.",
    "رئيس مجلس الإدارة يستقيل بعد خسائر الشركة",  # a headline about a chairman
    "رئيس التحرير السابق يكتب عن أزمة الصحافة",
])
def test_the_story_s_own_lines_stay(text):
    assert classify(text) not in (Kind.NAV, Kind.BOILER, Kind.SEPARATOR), text


def test_closed_comments_under_an_article_leave_its_text():
    page = f"Council Backs New Water Plant\n\nBy Ann Lee\n\n{TEXT}\n\n{MORE}\n\nComments are closed.\n"
    segments = segment_text(page)
    assert len(segments) == 1
    body = "\n".join(segments[0].body)
    assert MORE[:50] in body and "Comments are closed" not in body


@pytest.mark.parametrize(("raw", "kept"), [
    ("Emissions caused by the burning of… Read More", "Emissions caused by the burning of…"),
    ("The council met on Friday... continue reading →", "The council met on Friday..."),
    ("باشرت الفرق الفنية بإعادة ربط المجموعات،… اقرأ المزيد", "باشرت الفرق الفنية بإعادة ربط المجموعات،…"),
    ("وصلت الشحنة إلى الميناء قبل مساء الخميس… المزيد »", "وصلت الشحنة إلى الميناء قبل مساء الخميس…"),
])
def test_a_teaser_s_read_more_link_leaves_its_paragraph(raw, kept):
    from reader.ingest.lines import strip_markup

    assert strip_markup(raw)[0] == kept


@pytest.mark.parametrize("raw", [
    "He said the town needed more… more schools, more nurses and more buses.",
    "Read more about the plan on the council's website.",
    "They wanted more...",
    "The minister said… we must read more, not less.",
])
def test_words_after_an_ellipsis_that_are_the_story_s_stay(raw):
    from reader.ingest.lines import strip_markup

    assert strip_markup(raw)[0] == raw


def test_a_teaser_s_read_more_link_is_not_left_in_the_article():
    page = f"Council Backs New Water Plant\n\nBy Ann Lee\n\n{TEXT}\n\n{MORE[:120]}… Read More\n\n{TEXT}\n"
    body = "\n".join(segment_text(page)[0].body)
    assert MORE[:100] in body and "Read More" not in body


@pytest.mark.parametrize(("head", "title"), [
    # an outlet and its city over the text: the page's address spells the headline (its number dropped)
    ("https://example.news/209345-الحكومة-تعطل-الدوام-الرسمي-يوم-غد-الخميس.html\n\nبغداد اليوم - بغداد",
     "الحكومة تعطل الدوام الرسمي يوم غد الخميس"),
    # the same with a tatweel for its dash and a number in the outlet's name
    ("https://example.com/2024/10/27/لليوم-الثالث-على-التوالي-برمجة-قطوعات\n\nبوتسودان ــ دارفور24",
     "لليوم الثالث على التوالي برمجة قطوعات"),
    # the page's short title, then its whole headline under it
    ("https://example.org/technology/app-tracing\n\nتطبيق أمان لتتبع المخالطين\n\n"
     "تطبيق «أمان» لتتبع المخالطين: أسئلة الفعالية والخصوصية\n\nالأحد 05 تموز 2020",
     "تطبيق «أمان» لتتبع المخالطين: أسئلة الفعالية والخصوصية"),
])
def test_the_headline_is_the_page_s_whole_one(head, title):
    from tests.unit.test_ingest_generalise2 import AR_MORE, AR_TEXT

    (segment,) = segment_text(f"{head}\n\n{AR_TEXT}\n\n{AR_MORE}\n")
    assert segment.title == title


def test_a_headline_glued_to_its_own_copy_is_not_a_fuller_headline():
    page = (
        "Council Backs New Water Plant\n\n"
        "Council Backs New Water PlantCouncil Backs New Water Plant after a long debate\n\n"
        f"By Ann Lee\n\n{TEXT}\n\n{MORE}\n"
    )
    (segment,) = segment_text(page)
    assert segment.title == "Council Backs New Water Plant"
