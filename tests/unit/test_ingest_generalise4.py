"""A fourth round of page furniture the splitter must drop on any site (made-up pages).

News sites of every size print the same prompts around their articles: sign in to read, an advert
that has not loaded, share buttons, an affiliate note. Text converters add lines of pure markup and
stray style sheets. None of it is an article, a headline or text to keep.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.ingest.dates import infer_body_date
from reader.ingest.lines import Kind, classify, split_lines, strip_markup
from reader.ingest.segment import segment_text, without_site_tail
from tests.unit.test_ingest_generalise import MORE, TEXT  # the same two paragraphs of running text
from tests.unit.test_ingest_generalise2 import AR_HEAD_1, AR_MORE, AR_OTHER, AR_OTHER_MORE, AR_TEXT


@pytest.mark.parametrize(
    "line",
    [
        "THIS CONTENT IS RESERVED FOR SUBSCRIBERS ONLY",
        "Register to unlock this story — it's free",
        "SIGN IN TO UNLOCK MORE ARTICLES",
        "Subscribe now to keep reading",
        "You must be logged in to join the discussion",
        "You must confirm your display name before commenting",
        "Already a subscriber? Sign in",
        "Create a FREE account to continue reading",
        "Sign in with password",
        "Menu icon A vertical stack of three evenly spaced horizontal lines.",
        "This advertisement has not loaded yet, but your article continues below.",
        "Article continues below advertisement",
        "Show more sharing options",
        "Print this article",
        "Share it with friends",
        "Comment on this story",
        "When you buy through links on our site, we may earn an affiliate commission.",
        "Get the best of the week delivered to your inbox",
        "يجب عليك تسجيل الدخول لكتابة تعليق",
        ".site-header .logo { margin-top: 12px; }",
        "#banner{display:none}",
    ],
)
def test_site_prompts_and_style_lines_are_furniture(line):
    assert classify(line) in (Kind.BOILER, Kind.NAV)


@pytest.mark.parametrize(
    "line",
    [
        "Subscribers to the plan will pay less from April",
        "The minister said she would sign in the new law next week",
        "Readers who register to vote before Friday can still take part",
        "Print media lost a third of its advertising income last year",
    ],
)
def test_text_that_mentions_those_words_stays_text(line):
    assert classify(line) not in (Kind.BOILER, Kind.NAV)


def test_a_row_of_empty_share_links_is_furniture_even_when_wrapped_long():
    # html2text writes share buttons as links with no text; their long addresses wrap over lines
    share = (
        "[](https://www.facebook.com/sharer.php?u=https://example.org/2020/05/council-backs-new-\n"
        "water-plant-after-long-debate/)[](https://twitter.com/share?url=https://example.org/2020/05/council-\n"
        "backs-new-water-plant-after-long-debate/&text=Council%20Backs%20New%20Water%20Plant&via=Example)"
    )
    page = f"Council Backs New Water Plant\n\nBy Ann Lee\n\n{TEXT}\n\n{share}\n\n{MORE}\n"
    segments = segment_text(page)
    assert [s.title for s in segments] == ["Council Backs New Water Plant"]
    text = "\n".join(segments[0].body)
    assert "sharer.php" not in text
    assert TEXT[:40] in text and MORE[:40] in text


def test_a_row_of_stars_between_two_pages_stays_a_seam():
    # markup only, but a seam: the kind a converter's horizontal rule always had
    kinds = [line.kind for line in split_lines(f"{TEXT}\n\n***\n\nNext Page Headline Here\n\n{MORE}\n")]
    assert Kind.RULE in kinds


@given(st.text(alphabet="#.{}:; -_abcdefghij0123456789", max_size=300))
def test_style_line_detection_never_hangs_or_fails(line):
    classify(line)  # any mix of selector and brace characters is classified in linear time


@pytest.mark.parametrize(
    "text",
    [
        "Lawmakers met on 27 January and again on 11 February to debate Budget 2020 line by line.",
        "On April 5, the minister presented the 2020 budget to parliament.",
        "التقى النواب في 27 كانون الثاني الماضي ثم في 11 شباط لمناقشة موازنة 2020 بندا بندا.",
        "ناقش المجلس في 3 آذار خطة الحكومة لتحقيق رؤية 2030 في قطاع الطاقة.",
    ],
)
def test_a_year_that_names_a_thing_neither_dates_nor_bounds_a_text(text):
    # "Budget 2020" is discussed in 2019 too: the year names the budget, it is not when the text was
    # written, so the yearless days stay yearless and no "not before" floor is drawn from it.
    info = infer_body_date(text)
    assert (info.value, info.not_before) == (None, None)


def test_a_copyright_year_still_completes_a_day_month():
    info = infer_body_date("On April 5, rockets hit Basra.\n\n© 2020 Example News")
    assert info.value == "2020-04-05"


def test_a_report_label_over_an_arabic_headline_is_no_byline():
    # "تقرير: <name>" names a writer; "تقرير : <a whole sentence>" is a report's headline under its genre
    assert classify("تقرير : الحكومة توسع برنامج دعم المزارعين في المحافظات الجنوبية") is Kind.SHORT
    assert classify("تقرير: سامي الخطيب") is Kind.BYLINE
    assert classify("كتب: محمد بن عبد الله الأحمد") is Kind.BYLINE
    head = "تقرير : الحكومة توسع برنامج دعم المزارعين في المحافظات الجنوبية"
    page = (
        f"{AR_HEAD_1}\n\n{AR_TEXT}\n\n{AR_MORE}\n\n{head}\nالأحد 14 أكتوبر 2019 - 11:20\n\n"
        f"{AR_OTHER}\n\n{AR_OTHER_MORE}\n"
    )
    assert [s.title for s in segment_text(page)] == [AR_HEAD_1, head]


def test_a_short_headline_under_its_pages_breadcrumb_and_over_its_date_opens_an_article():
    # two words, no case, no seam: the breadcrumb above and the date under it show a page's top
    page = (
        f"{AR_HEAD_1}\n\n{AR_TEXT}\n\n{AR_MORE}\n"
        "الرئيسية| أخبار محلية| تفاصيل الخبر\n\n"
        "السدود الجديدة\n\n01:56 م 05 أكتوبر 2023\n\n"
        f"{AR_OTHER}\n\n{AR_OTHER_MORE}\n"
    )
    segments = segment_text(page)
    assert [s.title for s in segments] == [AR_HEAD_1, "السدود الجديدة"]
    assert AR_OTHER[:30] in "\n".join(segments[1].body)


def test_lynx_third_level_bullets_are_bullets():
    # lynx marks nested list items "*", "+", "o", "#": "o Letters to the Editor" is a menu item
    assert strip_markup("o Submit a Letter to the Editor")[0] == "Submit a Letter to the Editor"
    assert strip_markup("o the end")[0] == "o the end"  # a lowercase word after it: not a bullet


@pytest.mark.parametrize("line", ["CTV News Digital Team", "Reuters Staff", "Example Times News Desk"])
def test_a_newsroom_signing_an_article_is_a_byline(line):
    assert classify(line) is Kind.BYLINE


@pytest.mark.parametrize(
    "line",
    [
        "Clockwise from left: the mayor, the governor and the new harbour master at the opening in 1950.",
        "From left, the three candidates wait for the results at the town hall.",
        "Left to right: Ann Lee, Joe Bloggs and Sam Smith.",
    ],
)
def test_a_caption_that_names_people_from_left_is_a_caption(line):
    assert classify(line) is Kind.NAV


@pytest.mark.parametrize(
    ("title", "headline"),
    [
        ("مجلس النواب يقر الموازنة العامة بعد جلسة طويلة – موقع قناة الأخبار – لبنان",
         "مجلس النواب يقر الموازنة العامة بعد جلسة طويلة"),
        ("Council backs new water plant after long debate - Example News",
         "Council backs new water plant after long debate"),
        ("الطاقة المتجددة | الرياح تولد طفرة في الكهرباء في الجزيرة العربية",
         "الرياح تولد طفرة في الكهرباء في الجزيرة العربية"),
        ("Opinion | Why the council should think again about water",
         "Why the council should think again about water"),
        # kept: a dash inside a headline, and a short headline before a long site name
        ("Iraq - US talks resume in Baghdad after a long pause",
         "Iraq - US talks resume in Baghdad after a long pause"),
        ("Soleimani killed | Middle East Eye news site", "Soleimani killed | Middle East Eye news site"),
    ],
)
def test_a_browser_titles_site_and_section_are_not_the_headline(title, headline):
    assert without_site_tail(title) == headline


@pytest.mark.parametrize(
    "line",
    ["حجم الخط", "A+ A-", "انسخ الرابط", "اذهب الى الأسفل", "Back to top", "No Image Caption", "Download PDF",
     "Go to accessibility shortcuts", "Thanks for signing up!",
     "Time limit is exhausted. Please reload CAPTCHA.",
     "This site is protected by reCAPTCHA and the Google Privacy Policy and Terms of Service apply.",
     "error: لا يمكن نسخ هذا المحتوى.", "Read this story in English"],
)  # fmt: skip
def test_page_widgets_are_furniture(line):
    assert classify(line) in (Kind.NAV, Kind.BOILER)


@pytest.mark.parametrize(
    "line",
    ["Google's new CAPTCHA asks people to tick a box instead of reading blurred letters.",
     "Go to the top of the class, the teacher told the new pupils on their first day."],
)  # fmt: skip
def test_sentences_about_those_things_stay_text(line):
    assert classify(line) not in (Kind.NAV, Kind.BOILER)
