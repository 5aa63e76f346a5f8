"""A twelfth round of page shapes, from the sixteenth and seventeenth sets: a newspaper's issue line
dates its articles, an untitled wire story is named without its dateline, a wrapped address is one
address, and a browser's warning is no text."""

from __future__ import annotations

import pytest

from reader.ingest.datelines import dateline_length, is_dateline_only
from reader.ingest.lines import Kind, classify, split_lines
from reader.ingest.segment import _derive_title, segment_text

AR_HEAD = "أمطار غزيرة تغلق شوارع العاصمة وتؤخر عودة الطلبة إلى المدارس"
AR_TEXT = (
    "تسببت الأمطار التي هطلت على البلاد خلال اليومين الماضيين في تجمع كميات كبيرة من المياه في عدد من "
    "المناطق والشوارع الرئيسية، مما أدى إلى عرقلة حركة السير وتأخر وصول الموظفين إلى أعمالهم."
)
AR_MORE = (
    "وقال مسؤول في البلدية إن فرق الطوارئ عملت طوال الليل على شفط المياه من الأحياء السكنية المتضررة، "
    "وإن العمل سيستمر حتى عودة الحركة إلى طبيعتها في جميع المناطق."
)

COUNCIL = (
    "Council approves new budget for city parks\n\nThe city council approved a new budget for parks on "
    "Tuesday after a long debate about how much the city can spend on repairs this year.\n\nThe mayor "
    "said the money would go first to the playgrounds that were closed after the storms last winter.\n"
)


def test_a_newspapers_issue_line_over_the_headline_dates_the_article():
    issue = "العدد 2985 - الأحد 07 نوفمبر 2010م الموافق 01 ذي الحجة 1431هـ"
    seg = segment_text(f"{issue}\n\n{AR_HEAD}\n\n{AR_TEXT}\n\n{AR_MORE}\n")[0]
    assert seg.title == AR_HEAD and seg.header_date[0] == "2010-11-07"


@pytest.mark.parametrize(("lead", "cut"), [
    ("SURIGAO CITY (MindaNews/3 December) – The bureau raised its warnings",
     "SURIGAO CITY (MindaNews/3 December) – "),
    ("(Eagle News)–Six areas are now under Signal No. 3", "(Eagle News)–"),
    ("الفاشر 11-8-2021م (سونا)- تفقد مفوض العون الإنساني بولاية شمال دارفور", "الفاشر 11-8-2021م (سونا)- "),
    ("عدن // وكالة الصحافة اليمنية // شهد الريال اليمني في مدينة عدن", "عدن // وكالة الصحافة اليمنية // "),
    ("WASHINGTON (AP) — President Joe Biden said on Monday", "WASHINGTON (AP) — "),
    ("Thiruvananthapuram: As Kerala reels under heavy monsoon showers, the", "Thiruvananthapuram: "),
    ("الأمة، وكالات| أودت الفيضانات المفاجئة التي ضربت الصومال", "الأمة، وكالات| "),
    ("جراءة نيوز - عمان - يتواصل سقوط الامطار والثلوج على معظم المناطق", "جراءة نيوز - عمان - "),
    ("COVID-19 cases rose (again) - and the state said more", ""),  # a hyphen inside a word
    ("The EU (and the UK) – both said they would go on", ""),  # running words, not an agency
    ("The minister – who was in Paris – said nothing about it", ""),
])
def test_a_wire_dateline_is_measured_off_the_lead(lead, cut):
    assert lead[: dateline_length(lead)] == cut


@pytest.mark.parametrize(("line", "only"), [
    ("صلالة – العُمانية|", True),
    ("عدن // وكالة الصحافة اليمنية //", True),
    ("أكادير24/وكالات", True),
    ("العـنـــــب", False),  # a one-word headline drawn out with tatweels
    ("Gaza ceasefire talks resume in Cairo", False),
])
def test_a_line_that_is_only_a_place_and_an_outlet_is_a_dateline(line, only):
    assert is_dateline_only(line) is only


def test_an_untitled_wire_story_is_named_by_its_main_clause_without_its_dateline():
    title = _derive_title([
        "(Eagle News)–Six areas are now under Signal No. 3 as Typhoon Tisoy maintained its strength, and "
        "moved towards the Bicol Peninsula on Monday night. More came later."
    ])
    assert title == "Six areas are now under Signal No. 3 as Typhoon Tisoy maintained its strength…"
    assert _derive_title(["صلالة – العُمانية|", AR_TEXT]) == (
        "تسببت الأمطار التي هطلت على البلاد خلال اليومين الماضيين في تجمع كميات كبيرة من المياه في عدد من "
        "المناطق والشوارع الرئيسية…"
    )
    # a day or a name set off by commas is an aside, not the end of the clause
    assert _derive_title([
        "ضربت عاصفة رملية كثيفة، اليوم الثلاثاء، المناطق الجنوبية والوسطى من العراق، ما أدى إلى انعدام "
        "الرؤية في عدة مدن وتعليق الرحلات في مطارين."
    ]) == "ضربت عاصفة رملية كثيفة، اليوم الثلاثاء، المناطق الجنوبية والوسطى من العراق…"
    assert _derive_title(["It was a good day for the team. More came later."]) == (
        "It was a good day for the team."
    )


def test_a_dateline_line_over_a_headless_lead_is_no_headline_but_stays_in_the_text():
    seg = segment_text(f"صلالة – العُمانية|\n{AR_TEXT}\n\n{AR_MORE}\n")[0]
    assert seg.title.startswith("تسببت الأمطار التي هطلت") and seg.body[0] == "صلالة – العُمانية|"


def test_an_address_a_dump_wrapped_over_two_lines_is_one_address():
    import textwrap

    paragraph = (
        "The number of new cars sold in the region fell by ten percent in October compared with the same "
        "month a year ago, dealers said on Tuesday, as buyers waited for the discounts of the year's end."
    )
    dump = "\n".join([
        *textwrap.wrap(paragraph, 79),
        "",
        "print header logo https://www.example-chronicle.com/business/article/",
        "New-car-sales-plunge-10-percent-in-October-14847624.php",
        "",
        *textwrap.wrap(paragraph, 79),
    ])
    line = next(line for line in split_lines(dump) if "header logo" in line.text)
    assert line.text.endswith("article/New-car-sales-plunge-10-percent-in-October-14847624.php")
    assert line.kind is Kind.NAV  # an image's alt text and its link, not a headline


@pytest.mark.parametrize("text", [
    "We've detected you are on Internet Explorer. For the best Barrons.com experience, please update",
    "You are using an outdated browser.",
    "Please upgrade your browser",
    "This copy is for your personal, non-commercial use only. To order presentation-ready copies, visit",
])
def test_a_browser_warning_and_a_reprint_notice_are_furniture(text):
    assert classify(text) is Kind.BOILER


def test_a_browser_notice_going_on_under_a_page_break_does_not_join_the_pages():
    first = f"{COUNCIL}We and our partners share information on your use of this website Ok\n"
    second = (
        "You are using an outdated browser.\nPlease upgrade your browser\nand improve your visit to our site."
        "\n\nFilm review: a nice place to visit\n\nWill Leitch / November 18, 2016\n\nThe glorious "
        "world-building in the first spin-off is not enough to keep viewers interested for more than two "
        "long hours.\n\n"
        "The films stretched out over nearly a decade and had a fantastic grip on their young audience.\n"
    )
    third = (
        "Strike ends as union reaches deal with studios\n\nThe actors' union reached a tentative deal with "
        "the studios on Wednesday night, ending a strike that had lasted for nearly four months.\n\nThe "
        "deal still has to be approved by the union's board and then by its members in a vote.\n"
    )
    segs = segment_text(f"{first}\f\n{second}\f\n{third}")
    assert [s.title for s in segs] == [
        "Council approves new budget for city parks",
        "Film review: a nice place to visit",
        "Strike ends as union reaches deal with studios",
    ]


@pytest.mark.parametrize(("line", "kind"), [
    ("#3 | https://www.example.com/news/ecg-releases-timetable/ | retrieved 2025-03-12 18:41", Kind.RULE),
    (">>> https://news.example.ca/national/2023/08/17/convoys-leave-city", Kind.RULE),
    ("-- >8 --", Kind.RULE),  # a cut mark
    ("[end]", Kind.RULE),
    ("(END)", Kind.RULE),
    ("/انتهى/", Kind.RULE),
    ("ــــــــــــــــــــــــــــــ", Kind.RULE),  # a rule drawn with the Arabic tatweel
    ("12. https://www.example.com/about", Kind.NAV),  # lynx's list of references, not a page's address
    ("End of story", Kind.SHORT),
])
def test_a_scrapers_record_header_cut_mark_or_end_mark_is_a_seam(line, kind):
    assert classify(line) is kind


PAGES = [
    ("Power cuts return to the capital this week",
     "The electricity company said on Monday that power cuts would return to parts of the capital this "
     "week while engineers finish work on a new transmission line in the north of the city."),
    ("Traders count the cost of the outages",
     "Shop owners in the central market said they had lost much of their stock of fresh food during the "
     "long outages, and that generators cost more to run than most of them could afford."),
    ("Minister promises an end to the outages by June",
     "The energy minister told parliament on Wednesday that the new line would be finished by June and "
     "that the cuts would stop once it was carrying power to the city's eastern districts."),
]


def _glued(seam) -> str:
    """Pages copied without their headlines (two paragraphs each), a scraper's seam above each."""
    return "".join(
        f"{seam(n)}\n{text}\n{head} is what the story was about.\n\n"
        for n, (head, text) in enumerate(PAGES, 1)
    )


@pytest.mark.parametrize("seam", [
    lambda n: f"#{n} | https://www.example-news.com/energy/story-{n}/ | retrieved 2025-03-12 18:4{n}",
    lambda n: f">>> https://www.example-news.com/energy/story-{n}/",
    lambda n: "-- >8 --" if n > 1 else "",
    lambda n: "[end]\n" if n > 1 else "",
])
def test_pages_glued_with_scraper_headers_or_marks_come_apart(seam):
    segs = segment_text(_glued(seam))
    assert [s.body[0][:30] for s in segs] == [text[:30] for _, text in PAGES]
    assert all(s.header_date is None for s in segs)  # the day it was retrieved is not the day it was written



def test_a_scrapers_fetched_line_dates_nothing():
    from reader.ingest.dates import is_update_line

    assert is_update_line("fetched: 2025-03-11 09:14:02") and is_update_line("Scraped 2025-03-11")
    page = (
        "url: https://news.example.com/public/157172\nfetched: 2025-03-11 09:14:15\ntext:\n"
        f"{AR_TEXT}\n{AR_MORE}\n"
    )
    assert segment_text(page)[0].header_date is None


def test_a_newspapers_name_after_the_dash_is_the_page_titles_site_tail():
    from reader.ingest.segment import without_site_tail

    headline = "Nevada's nuclear dilemma: Inside the reignited fight over Yucca Mountain"
    assert without_site_tail(f"{headline} - Las Vegas Sun Newspaper") == headline


def test_a_writers_name_over_a_headless_lead_does_not_name_the_article():
    lead = (
        "People in the town centre and low-lying areas of the east have been ordered to evacuate their homes "
        "by 4pm. However, it is not expected that the water will go over the levee."
    )
    assert _derive_title(["Paul Bibby", lead]).startswith("People in the town centre and low-lying areas")


def test_teasers_in_a_saved_pages_menus_are_no_article_above_its_headline():
    teaser = (
        "First Forecast Weather November 20, 2019 (This Morning)Some sunshine by the end of the day, with "
        "a cold wind from the north and a chance of a shower in the evening across the region."
    )
    other = (
        "Auto Union Opens Talks With Car Maker; Strike PossibleThe auto workers union on Tuesday opened "
        "talks with the car maker, and said a strike was possible if no deal was reached by Friday."
    )
    menu = "\n".join(["[IMG]", teaser, "Weather", "More Weather", "[IMG]", other, "Autos", "More",
                      "[IMG]", teaser.replace("This Morning", "Overnight"), "Weather Stories", "[IMG]",
                      other.replace("Tuesday", "Monday"), "CBS Entertainment"])
    article = (
        "Michigan Officials: 6th Fatality Linked To Eastern Equine Encephalitis Reported\n\n"
        "November 19, 2019 at 9:45 am\n\n"
        "Michigan health authorities are reporting a sixth fatality linked to the mosquito-borne virus this "
        "year, the state's health department said in a statement on Tuesday.\n\n"
        "County health department officials said Monday the victim was one of two people who had been "
        "treated in hospital for the virus in the last weeks of the summer.\n"
    )
    segs = segment_text(f"{COUNCIL}\f\n{menu}\n\n{article}\f\n{COUNCIL}")
    assert [s.title for s in segs] == [
        "Council approves new budget for city parks",
        "Michigan Officials: 6th Fatality Linked To Eastern Equine Encephalitis Reported",
        "Council approves new budget for city parks",
    ]


@pytest.mark.parametrize("header", [
    lambda n: f"Title: Story {n} - Example Weekly\nURL: https://www.example.com/story-{n}.htm\n"
              f"Saved: 2025-10-28 22:4{n}",
    lambda n: f"From: Salma H. <notes@example.org>\nTo: Salma H. <notes@example.org>\n"
              f"Date: Thu, 14 Sep 2023 21:4{n}:12 +0300\nSubject: example.com/?p=24900{n}",
    lambda n: f"---\nsource: https://news.example.com/{n}/worldnews\ncreated: 2025-09-14 08:0{n}\n"
              "tags: quake\n---",
])
def test_pages_under_an_exporters_record_headers_come_apart_undated(header):
    text = "".join(f"{header(n)}\n\n{body}\n{head} is what the story was about.\n\n"
                   for n, (head, body) in enumerate(PAGES, 1))
    segs = segment_text(text)
    assert [s.body[0][:30] for s in segs] == [body[:30] for _, body in PAGES]
    assert all(s.header_date is None for s in segs)  # saved, mailed or noted then; not written then


def test_one_memo_header_quoted_in_an_article_is_its_text():
    memo = "From: The Mayor\nTo: All staff\n"
    lines = split_lines(f"{PAGES[0][1]}\n\n{memo}\n{PAGES[1][1]}\n")
    assert [line.kind for line in lines if line.text.startswith(("From:", "To:"))] == [Kind.SHORT, Kind.SHORT]


@pytest.mark.parametrize("line", [
    "==> daniel/02_almo5tsr.net.txt <==",
    "2\thttps://www.example-news.com/?p=52029\t2025-10-06T19:02:40\t200",
])
def test_head_file_headers_and_tab_separated_records_are_seams(line):
    assert classify(line) is Kind.RULE
