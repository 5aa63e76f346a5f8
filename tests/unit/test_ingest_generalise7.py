"""A seventh round of page shapes (made-up lines and pages): the site speaking to its reader (calls to
action, donation appeals, legal hedges, comment forms) is furniture, in English and Arabic; the
story's own sentences, quotations included, are not."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.ingest.appeals import is_reader_appeal
from reader.ingest.lines import Kind, classify
from reader.ingest.segment import segment_text
from tests.unit.test_ingest_generalise import MORE, TEXT  # the same two paragraphs of running text
from tests.unit.test_ingest_generalise2 import AR_MORE, AR_TEXT
from tests.unit.test_ingest_generalise5 import OTHER, OTHER_MORE

APPEALS = [
    "Get the Riverside Courier straight to your inbox.",
    "Never miss a story",
    "Choose the plan that's right for you.",
    "Watch more of our videos on Clips!",
    "Join our mailing list for the latest news from the valley!",
    "If you valued the reporting above, please consider making a gift to keep it free for everyone.",
    "The Valley Post is not responsible for the opinions or content posted by readers.",
    "The opinions expressed here are the author's own and do not necessarily reflect those of the paper.",
    "Disclaimer: this page is general information only.",
    "The post Rain returns to the north first appeared on Valley Weekly.",
    "Comment on this post Cancel reply",
    "To reach the reporter behind this story, contact news@example.org.",
    "Start typing and press enter to search",
    "نذكّر قراءنا الأعزاء بأن التعليقات تخضع للمراجعة قبل النشر",
    "تابعونا على تطبيق الموقع لمعرفة آخر الأخبار",
    "المقالات المنشورة لا تعبر بالضرورة عن رأي الموقع",
    # a comment form's fields and notices
    "Email *",
    "المدينة : *",
    "Your comment is awaiting moderation.",
    "سيظهر تعليقك على هذه الصفحة بعد موافقة المشرف.",
    "(الحقول المتبوعة بـ * إجبارية)",
    "Email address[email protected]",
    "Your email (only if you want to be contacted back)",
]

STORY = [
    # Quotations and reported speech address someone, not the site's reader.
    "“Join us in the square tomorrow,” the organisers told the crowd.",
    "Support for the new bridge grew among our members after the vote, the association said in March.",
    "Get-togethers in the old market were banned during the curfew, which ended on Friday.",
    "Follow-up checks found no damage to the dam after the flood receded on Sunday afternoon.",
    "The council is responsible for the roads and the bridges of the district since 2019.",
    "وقال الوزير إن الحكومة ستتابع تنفيذ المشروع في المناطق الجنوبية خلال الأشهر المقبلة",
    "The hotel was rated 5 *",
    "Email addresses of three million users were leaked on Monday, the company said.",
]


@pytest.mark.parametrize("text", APPEALS)
def test_a_line_that_addresses_the_reader_is_furniture(text):
    assert is_reader_appeal(text)
    assert classify(text) in (Kind.NAV, Kind.BOILER)


@pytest.mark.parametrize("text", STORY)
def test_the_story_s_own_sentences_are_not_appeals(text):
    assert not is_reader_appeal(text)
    assert classify(text) not in (Kind.NAV, Kind.BOILER)


def test_appeals_leave_the_article_and_its_text_stays():
    page = (
        "Council Backs New Water Plant\n\nBy Ann Lee\n\n"
        f"{TEXT}\n\n{APPEALS[0]}\n\n{MORE}\n\n{APPEALS[5]}\n\n{APPEALS[6]}\n"
    )
    segments = segment_text(page)
    assert len(segments) == 1
    body = "\n".join(segments[0].body)
    assert TEXT[:60] in body and MORE[:60] in body
    for appeal in (APPEALS[0], APPEALS[5], APPEALS[6]):
        assert appeal not in body


def test_an_arabic_page_s_appeals_leave_its_text():
    page = f"{AR_TEXT}\n\n{APPEALS[13]}\n\n{APPEALS[15]}\n"
    body = "\n".join(segment_text(page)[0].body)
    assert AR_TEXT[:40] in body
    assert APPEALS[13] not in body and APPEALS[15] not in body


@given(st.text(max_size=300))
def test_any_text_is_judged_without_error(text):
    assert is_reader_appeal(text) in (True, False)


@pytest.mark.parametrize(
    "text",
    [
        "Valley Post | Sunday, 23 August 2020 at 12:36 | Views: 10858",
        "زووم | الأحد، 23 أوت، 2020 على الساعة 12:36 | عدد الزيارات : 10858",
    ],
)
def test_a_meta_bar_with_its_dated_stamp_is_a_date_line(text):
    assert classify(text) is Kind.DATE


def test_a_menu_bar_stays_a_menu():
    assert classify("Home | World | Middle East | Sunday Edition") is Kind.NAV


def test_a_page_is_dated_by_its_meta_bar():
    bar = "Valley Post | Sunday, 23 August 2020 at 12:36 | Views: 108"
    page = f"Council Backs New Water Plant\n\n{bar}\n\n{TEXT}\n"
    assert segment_text(page)[0].header_date[0] == "2020-08-23"



def test_pages_stood_two_blank_lines_apart_split_at_the_wider_gap():
    page = (
        f"Council Backs New Water Plant\n\n{TEXT}\n\n{MORE}\n\n\n"
        f"Harbour Works Delayed Again\n\n{OTHER}\n\n{OTHER_MORE}\n\n\n"
        f"المياه تعود إلى أحياء المدينة\n\n{AR_TEXT}\n\n{AR_MORE}\n"
    )
    titles = [s.title for s in segment_text(page)]
    assert titles == [
        "Council Backs New Water Plant", "Harbour Works Delayed Again", "المياه تعود إلى أحياء المدينة"
    ]


def test_a_file_spaced_wide_throughout_does_not_split_at_its_gaps():
    # Every gap is two blank lines: a subhead under one is still a subhead.
    page = f"Council Backs New Water Plant\n\n\n{TEXT}\n\n\nWhat Comes Next\n\n\n{MORE}\n"
    assert len(segment_text(page)) == 1


def test_a_dated_page_glued_bare_under_a_front_matter_block_s_text_is_its_own_article():
    block = "---\ntitle: Port Opens Its Extended Quay\nauthor: Ann Lee\ndate: \"2017-10-12\"\n---\n"
    page = (
        f"{block}Port Opens Its Extended Quay\n{OTHER}\n{OTHER_MORE}\n\n"
        f"A Letter on Justice and Open Debate\nJuly 7, 2020\n{TEXT}\n{MORE}\n"
    )
    segments = segment_text(page)
    titles = [s.title for s in segments]
    assert titles == ["Port Opens Its Extended Quay", "A Letter on Justice and Open Debate"]
    assert [s.header_date[0] for s in segments] == ["2017-10-12", "2020-07-07"]
    assert OTHER[:50] in "\n".join(segments[0].body) and TEXT[:50] in "\n".join(segments[1].body)


SUBHEADED = (
    "Riverside United Face City in the Cup Semi-Final Tonight\n\n"
    "Fans of both clubs have waited all season for the semi-final, which kicks off at eight at the old "
    "ground by the river.\n\n"
    "Where to Watch Riverside United Against City\n\n"
    "The match is shown live on the regional channel and streamed on its website for subscribers.\n\n"
    "Riverside United Chase a Third Win in a Row\n\n"
    "The hosts come into the game fifth in the table after two wins, and their coach expects a full house.\n"
)


def test_a_page_whose_subheads_all_name_its_subject_is_one_article_not_a_listing():
    harbour = f"Harbour Works Delayed Again\n{OTHER}\n{OTHER_MORE}\n"
    page = f"{SUBHEADED}==========\n{harbour}==========\n{SUBHEADED}"
    titles = [s.title for s in segment_text(page)]
    assert titles == [
        "Riverside United Face City in the Cup Semi-Final Tonight", "Harbour Works Delayed Again",
        "Riverside United Face City in the Cup Semi-Final Tonight",
    ]


def test_an_arabic_page_saved_without_its_headline_is_titled_by_its_address():
    address = "https://news.example/post/" + quote("المياه-تعود-إلى-أحياء-المدينة") + "-4471.html"
    page = f"{address}\n\n{AR_TEXT}\n\n{AR_MORE}\n"
    assert segment_text(page)[0].title == "المياه تعود إلى أحياء المدينة"


def test_an_english_page_without_a_headline_keeps_its_opening_words_as_title():
    page = f"https://news.example/news/council-backs-new-water-plant\n\n{TEXT}\n\n{MORE}\n"
    assert segment_text(page)[0].title.startswith(TEXT.split(".")[0][:30])


@pytest.mark.parametrize(
    "text",
    ["4 Min Read", "Reading Time: 3 mins read", "1-MIN READ", "5 دقائق للقراءة", "No products in the cart.",
     "Share 384 Tweet 240", "Share197Tweet123Share5Send"],
)
def test_reading_time_badges_and_cart_widgets_are_furniture(text):
    assert classify(text) is Kind.NAV


def test_a_byline_with_its_reading_time_stays_a_byline():
    assert classify("By Seth Rogovoy 3 min read") is Kind.BYLINE


@pytest.mark.parametrize(
    "text",
    [
        "English fr French de German it Italian ko",
        "العربية English Français Español",
        "58a Half Way Tree Road, Kingston 10",
        "1200 Pennsylvania Avenue, Washington",
    ],
)
def test_a_language_switcher_and_a_postal_address_are_furniture(text):
    assert classify(text) is Kind.NAV


def test_a_sentence_naming_languages_is_not_a_language_switcher():
    text = "English, French and German diplomats met in Rome on Tuesday to discuss the plan"
    assert classify(text) is not Kind.NAV


SIDEBAR = (
    "STUFF TO WATCH\n\nHow to Service Brake Calipers at Home in Ten Minutes\n"
    "WORLD LAUNCH: The New Adventure Bike Interview With Its Project Leader\n"
    "Tweets by @ValleyBikes\n20/11/2019 / 11:54 am\nTerms and conditions\nPrivacy Policy\n"
)


def test_a_sidebar_printed_again_on_every_page_heads_no_article():
    page = (f"Council Backs New Water Plant\n\nBy Ann Lee\n\n{TEXT}\n\n{MORE}\n\n{SIDEBAR}\n"
            f"Harbour Works Delayed Again\n\nBy Tom Roe\n\n{OTHER}\n\n{OTHER_MORE}\n\n{SIDEBAR}")
    titles = [s.title for s in segment_text(page)]
    assert titles == ["Council Backs New Water Plant", "Harbour Works Delayed Again"]



def test_a_stamp_glued_before_the_headline_leaves_the_title_and_dates_the_article():
    page = f"بيروت - لبنان\n\n13 تموز 2020 12:02ص من يعاقب العاصمة كهربائياً؟\n\n{AR_TEXT}\n\n{AR_MORE}\n"
    segment = segment_text(page)[0]
    assert segment.title == "من يعاقب العاصمة كهربائياً؟"
    assert segment.header_date[0] == "2020-07-13"


def test_a_headline_that_names_a_date_keeps_it():
    headline = "March 3, 2020: A Timeline of How the Outbreak Spread Across Northern Italy"
    assert segment_text(f"{headline}\n\n{TEXT}\n\n{MORE}\n")[0].title == headline
