"""Date lines as they occur on unseen scraped pages (lynx/w3m dumps, copy-paste, html2text).

Each table row is a line seen (or shaped like one seen) on a real page; the expected value is what a
careful reader would take as the article's publication date from that line alone, or None.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.ingest.dates import (
    address_date,
    infer_body_date,
    is_update_line,
    looks_like_date_line,
    parse_header_date,
    relative_date_evidence,
)

VALUE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

# --------------------------------------------------------------------------------------------------
# 1. Header lines that must be recognised
# --------------------------------------------------------------------------------------------------

HEADER_DAY = [
    # dates on the byline line
    ("By Jane Doe 4 March 2021, 10:02 am", "2021-03-04"),
    ("By Jane Doe | March 4, 2021", "2021-03-04"),
    ("Posted on 3rd November 2023 | Chaka Artwell", "2023-11-03"),
    # glued by copy-paste: the year runs into the time, the update note into the time zone
    ("Published Tue, Mar 3 20209:41 AM ESTUpdated 2 hours ago", "2020-03-03"),
    ("November 9, 20235:01 AM ET", "2023-11-09"),
    ("Mar 3 202011:05 PM", "2020-03-03"),
    # bullets from list markup
    ("• 10 May 2021", "2021-05-10"),
    ("* 10 May 2021", "2021-05-10"),
    ("- May 10, 2021", "2021-05-10"),
    ("  • 24 July 2015", "2015-07-24"),
    # Arabic-Indic and Persian digits
    ("٢٣ أيار ٢٠٢١", "2021-05-23"),
    ("۲۳ أيار ۲۰۲۱", "2021-05-23"),
    ("الثلاثاء ٠٣/١١/٢٠٢٠", "2020-11-03"),
    # ordinals are days, never months
    ("3rd, May 2022", "2022-05-03"),
    ("May 3rd, 2022", "2022-05-03"),
    ("3rd May 2022", "2022-05-03"),
    ("Friday, 3 Nov, 2023", "2023-11-03"),
    ("1st of June, 2020", "2020-06-01"),
    # Maghrebi month names
    ("12 جانفي 2020", "2020-01-12"),
    ("3 فيفري 2020", "2020-02-03"),
    ("14 مارس 2020", "2020-03-14"),
    ("4 أفريل 2020", "2020-04-04"),
    ("5 ماي 2020", "2020-05-05"),
    ("6 جوان 2020", "2020-06-06"),
    ("7 جويلية 2020", "2020-07-07"),
    ("8 أوت 2020", "2020-08-08"),
    ("9 سبتمبر 2020", "2020-09-09"),
    ("10 أكتوبر 2020", "2020-10-10"),
    ("11 نوفمبر 2020", "2020-11-11"),
    ("12 ديسمبر 2020", "2020-12-12"),
    # Levantine, Egyptian/Gulf and combined forms
    ("12 كانون الثاني 2020", "2020-01-12"),
    ("1 شباط 2020", "2020-02-01"),
    ("الأربعاء 1 نيسان 2020", "2020-04-01"),
    ("23 أيار 2021", "2021-05-23"),
    ("30 حزيران 2020", "2020-06-30"),
    ("2 آب 2020", "2020-08-02"),
    ("20 أيلول 2019", "2019-09-20"),
    ("3 تشرين الأول 2019", "2019-10-03"),
    ("3 تشرين الثاني 2019", "2019-11-03"),
    ("25 كانون الأول 2019", "2019-12-25"),
    ("6 يناير 2020", "2020-01-06"),
    ("12 تموز/يوليو 2019", "2019-07-12"),
    ("12 آب/اغسطس 2019", "2019-08-12"),
    ("12 تشرين الأول (أكتوبر) 2019", "2019-10-12"),
    ("الخميس 12 آذار / مارس 2020", "2020-03-12"),
    # the formats listed in the brief
    ("الأحد 14 أكتوبر 2019 - 11:20", "2019-10-14"),
    ("2019-10-14", "2019-10-14"),
    ("2019/10/14", "2019-10-14"),
    ("14/10/2019", "2019-10-14"),
    ("22-Sep-2019", "2019-09-22"),
    ("Sep 22, 2019 at 10:00", "2019-09-22"),
    ("2019-10-14T11:20:00Z", "2019-10-14"),
    ("نشر في: 2019-10-14", "2019-10-14"),
    ("تاريخ النشر: 14/10/2019", "2019-10-14"),
    ("Published: November 2, 2023 6.55pm SAST", "2023-11-02"),
    ("Nov. 9, 2023, 4:59 AM UTC", "2023-11-09"),
    ("November 8 2023, 3:18 p.m.", "2023-11-08"),
    ("Fri Nov 3 2023 - 07:33", "2023-11-03"),
    ("Published November 2, 2023 10:12am EDT", "2023-11-02"),
    # a line holding the publication and the update date gives the publication date
    ("Published 3 March 2020, Updated 5 March 2020", "2020-03-03"),
    ("Updated 5 March 2020, first published 3 March 2020", "2020-03-03"),
    ("Thu 3 Jan 2019 02.00 EST Last modified on Wed 16 Jan 2019 06.16 EST", "2019-01-03"),
    ("April 28, 2019 at 6:01 am Updated April 29, 2019 at 3:33 pm", "2019-04-28"),
    ("نشر في: 3 آذار 2020 - آخر تحديث: 5 آذار 2020", "2020-03-03"),
]


@pytest.mark.parametrize(("line", "expected"), HEADER_DAY)
def test_header_line_gives_the_publication_day(line: str, expected: str) -> None:
    assert parse_header_date(line) == (expected, "day")
    assert looks_like_date_line(line) is True
    assert is_update_line(line) is False
    assert relative_date_evidence(line) is None


# --------------------------------------------------------------------------------------------------
# Numeric dates whose order is ambiguous
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # one order only is a real date
        ("14/10/2019", ("2019-10-14", "day")),
        ("10/14/2019", ("2019-10-14", "day")),
        # both parts are 12 or less: day first on Arabic lines and with dots (European/Arab usage) ...
        ("03.04.2019", ("2019-04-03", "day")),
        ("الأحد 03/04/2019", ("2019-04-03", "day")),
        ("تاريخ النشر: 3/4/2019", ("2019-04-03", "day")),
        # ... or when the weekday on the line agrees with only one order (3 April 2019 was a Wednesday)
        ("Wednesday 03/04/2019", ("2019-04-03", "day")),
        ("Mon 03/04/2019", ("2019-03-04", "day")),
        # the same day either way
        ("05/05/2019", ("2019-05-05", "day")),
    ],
)
def test_numeric_order(line: str, expected: tuple[str, str]) -> None:
    assert parse_header_date(line) == expected


@pytest.mark.parametrize("line", ["03/04/2019", "Posted 3/4/2020 by admin", "03-04-2019"])
def test_ambiguous_numeric_date_on_an_english_line_is_refused(line: str) -> None:
    # US pages write month first, British and Arab pages day first: a wrong guess is worse than none.
    assert parse_header_date(line) is None


# --------------------------------------------------------------------------------------------------
# 2. Update / modified / crawl lines are not publication dates
# --------------------------------------------------------------------------------------------------

UPDATE_LINES = [
    "آخر تحديث: الخميس 12 يناير 2023",
    "اخر تحديث 12/01/2023 - 10:15",
    "Last updated Jan 12, 2023",
    "Last Updated: 12 January 2023 10:41 GMT",
    "Updated: 12 January 2023",
    "UPDATED: Jan 12, 2023 at 9:14 AM",
    "Modified 12 January 2023",
    "Last modified on Wed 16 Jan 2019 06.16 EST",
    "التحديث الأخير 12 يناير 2023",
    "تاريخ التحديث: 12/01/2023",
    "Terms of Service (Updated JULY 7, 2023)",
    "Updated 2 hours ago",
    "آخر تحديث منذ 3 ساعات",
    "Last updated:",
    "Retrieved 12 January 2023",
]


@pytest.mark.parametrize("line", UPDATE_LINES)
def test_update_lines(line: str) -> None:
    assert is_update_line(line) is True
    assert parse_header_date(line) is None
    # still a date line, so the segmenter never takes it for a headline
    assert looks_like_date_line(line) is True
    assert relative_date_evidence(line) is None


@pytest.mark.parametrize(
    "line",
    [
        "COVID-19 March 2020 update",  # a headline whose date comes before the word
        "Live updates: rockets hit Baghdad",
        "Apple releases a software update",
        "تحديث الجيش العراقي",
        "Published 3 March 2020, Updated 5 March 2020",
        "",
    ],
)
def test_not_update_lines(line: str) -> None:
    assert is_update_line(line) is False


# --------------------------------------------------------------------------------------------------
# 3. Relative dates
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "quoted"),
    [
        ("6 hours ago", "6 hours ago"),
        ("    4 hours ago", "4 hours ago"),
        ("2 days ago", "2 days ago"),
        ("an hour ago", "an hour ago"),
        ("By Jane Doe · 35 mins ago", "35 mins ago"),
        ("منذ ساعة", "منذ ساعة"),
        ("منذ 3 ساعات", "منذ 3 ساعات"),
        ("منذ ٣ ساعات", "منذ ٣ ساعات"),
        ("منذ يومين", "منذ يومين"),
        ("قبل 5 دقائق", "قبل 5 دقائق"),
        ("Yesterday", "Yesterday"),
        ("Yesterday at 10:32 PM", "Yesterday"),
        ("أمس", "أمس"),
        ("الأمس 10:20", "الأمس"),
    ],
)
def test_relative_dates_give_evidence_but_no_date(line: str, quoted: str) -> None:
    assert parse_header_date(line) is None
    assert relative_date_evidence(line) == f'relative date only: "{quoted}"'
    assert looks_like_date_line(line) is True
    assert is_update_line(line) is False


@pytest.mark.parametrize(
    "line",
    [
        "Rockets hit the base 6 hours ago, officials said, and the army closed the roads around it.",
        "قصف أمس على بغداد أوقع قتلى في صفوف المدنيين وفق مصادر طبية",
        "منذ عام 2003",  # 'since 2003', not 'a year ago'
        "Yesterday's men: the old guard returns",
        "Published 3 March 2020 · 2 hours ago",  # an absolute date is on the line
        "",
    ],
)
def test_not_relative_date_lines(line: str) -> None:
    assert relative_date_evidence(line) is None


# --------------------------------------------------------------------------------------------------
# 5. Validity
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "31 April 2020",
        "29 February 2021",
        "30/02/2020",
        "2020-13-01",
        "1 March 1899",
        "1 March 2101",
        "1899-03-01",
        "March 2150",
        "April 6",  # no year: never invented
        "٥ نيسان",
    ],
)
def test_invalid_or_yearless_header_dates_are_refused(line: str) -> None:
    assert parse_header_date(line) is None


@pytest.mark.parametrize(
    "line",
    [
        "بحلول نهاية مارس 2026",  # a standfirst ('by the end of March 2026'), not a dateline
        "Valid until 5 March 2021",
        "Offer ends by 31 December 2021",
        "حتى 15 آذار 2021",
    ],
)
def test_planned_dates_on_header_lines_are_not_publication_dates(line: str) -> None:
    assert parse_header_date(line) is None


def test_year_2100_is_accepted() -> None:
    assert parse_header_date("1 March 2100") == ("2100-03-01", "day")


# --------------------------------------------------------------------------------------------------
# 4. Body inference
# --------------------------------------------------------------------------------------------------


def test_body_without_context_never_borrows_a_year() -> None:
    info = infer_body_date("Protesters gathered on March 3 outside the ministry.")
    assert (info.value, info.source) == (None, "none")
    assert info.evidence == 'mentions "March 3" but no year'


def test_body_context_years_are_ignored() -> None:
    info = infer_body_date("Protesters gathered on March 3 outside the ministry.", context_years=[2020])
    assert (info.value, info.source) == (None, "none")
    assert "no year" in info.evidence


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The ministry announced on 2 March 2021 that the elections will be held on 3 June 2021.",
            "2021-03-02",
        ),
        (
            "The curfew announced on 10 May 2020 stays in force until 15 May.",
            "2020-05-10",
        ),
        (
            "On 4 March 2021 the government said it aims to end coal power by 2030.",
            "2021-03-04",
        ),
        (
            "The next round of talks is on 20 April 2021. Negotiators met on 2 April 2021 in Vienna.",
            "2021-04-02",
        ),
        (
            "أعلنت الوزارة في 2 آذار 2021 أن الانتخابات ستجري في 3 حزيران 2021 المقبل.",
            "2021-03-02",
        ),
        (
            "قالت الحكومة في 2 آذار 2021 إن الحظر مستمر حتى 15 آذار 2021.",
            "2021-03-02",
        ),
        (
            "أعلنت الوزارة في 2 آذار 2021 أنها سوف تفتتح المعبر في 20 آذار 2021.",
            "2021-03-02",
        ),
    ],
)
def test_body_future_dates_do_not_date_the_article(text: str, expected: str) -> None:
    info = infer_body_date(text)
    assert (info.value, info.source) == (expected, "body")


def test_body_starting_from_is_a_planned_date() -> None:
    # timesofegypt.com: the service starts on that day; the article does not say when it was written
    text = (
        "تقدم بي بي سي نيوز عربي بدءاً من 5 مايو/ أيار 2025 خدمة إذاعية طارئة تحت اسم يوميات الشرق "
        "الأوسط استجابة للصراعات في المنطقة."
    )
    info = infer_body_date(text)
    assert (info.value, info.not_before) == (None, None)
    assert "future" in info.evidence


def test_body_only_future_dates_give_no_date() -> None:
    info = infer_body_date("The summit will be held on 3 June 2021 in Geneva.")
    assert (info.value, info.source, info.not_before) == (None, "none", None)
    assert '"3 June 2021"' in info.evidence and "future" in info.evidence


def test_body_by_2030_is_not_a_floor() -> None:
    info = infer_body_date("The country wants to end coal power by 2030.")
    assert (info.value, info.not_before) == (None, None)


TWEET_BODY = (
    "Rockets struck the Green Zone on Tuesday night, officials said on 2 March 2020.\n"
    "Another attack on the embassy tonight. pic.twitter.com/AbC123xyz\n"
    "— Jane Reporter (@janereporter) March 3, 2020\n"
    "The embassy did not comment."
)

CAPTION_BODY = (
    "Security forces secured the museum on 18 March 2015 after the attack.\n"
    "May 17, 2016 One of the many mosaics for which the Bardo National Museum in\n"
    "Tunis is famous. Fethi Belaid/AFP/Getty\n"
    "Images\n"
    "The museum reopened a week later."
)


def test_body_tweet_date_does_not_beat_the_text() -> None:
    info = infer_body_date(TWEET_BODY)
    assert info.value == "2020-03-02"
    assert info.evidence == 'latest date mentioned: "2 March 2020"'


def test_body_caption_date_does_not_beat_the_text() -> None:
    info = infer_body_date(CAPTION_BODY)
    assert info.value == "2015-03-18"


def test_body_photo_credit_on_the_same_line() -> None:
    text = (
        "Officials met on 2 March 2020.\n"
        "Doctors examine an injured child on Oct. 21, 2023. Photo: Ali Jadallah/Anadolu via Getty Images"
    )
    assert infer_body_date(text).value == "2020-03-02"


def test_body_tweet_date_alone_is_a_floor_not_the_date() -> None:
    # A tweet quoted (or a photo shown) may be of any day before the article (real labelled pages
    # quote a tweet of 1 November in an article updated on the 3rd, a caption of May in an October page).
    text = "Another attack on the embassy tonight.\n— Jane Reporter (@janereporter) March 3, 2020"
    info = infer_body_date(text)
    assert (info.value, info.not_before) == (None, "2020")
    assert "embedded tweet" in info.evidence and "March 3, 2020" in info.evidence


def test_body_tweet_date_gives_its_year_to_the_text_s_own_day() -> None:
    text = "In the early hours of March 3rd, rockets struck.\n— Jane Reporter (@janereporter) March 3, 2020"
    info = infer_body_date(text)
    assert info.value == "2020-03-03"
    assert "embedded tweet" in info.evidence


def test_body_ambiguous_numeric_date_in_english_is_not_a_day() -> None:
    info = infer_body_date("The report was filed on 03/04/2019 with the court.")
    assert (info.value, info.not_before) == (None, "2019")


def test_body_arabic_numeric_date_is_day_first() -> None:
    info = infer_body_date("أعلنت الوزارة في 03/04/2019 أن الحظر انتهى.")
    assert info.value == "2019-04-03"


# --------------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------------

_PIECES = [
    "Published", "Updated", "Last updated", "آخر تحديث", "نشر في", "By", "Jane", "Tue", "الأحد", "3rd",
    "May", "Mar", "أيار", "تموز/يوليو", "تشرين الأول", "(أكتوبر)", "جويلية", "20209:41", "2020", "1899",
    "2100", "2101", "31", "29", "02", "13", "٢٣", "۲۰۲۱", "/", "-", ".", ",", ":", " ", "  ", "•", "*", "|",
    "T11:20:00Z", "AM", "EST", "ago", "hours", "منذ", "ساعات", "Yesterday", "أمس", "\n",
]  # fmt: skip


def _assert_valid(value: str, precision: str) -> None:
    assert VALUE_RE.match(value), value
    parts = [int(p) for p in value.split("-")]
    assert 1900 <= parts[0] <= 2100
    dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    assert precision == {10: "day", 7: "month", 4: "year"}[len(value)]


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=120), st.lists(st.sampled_from(_PIECES), max_size=14).map(" ".join)))
def test_header_functions_never_raise_and_give_real_dates(line: str) -> None:
    result = parse_header_date(line)
    if result is not None:
        _assert_valid(*result)
        assert not is_update_line(line)
    assert isinstance(looks_like_date_line(line), bool)
    evidence = relative_date_evidence(line)
    assert evidence is None or evidence.startswith("relative date only: ")
    info = infer_body_date(line)
    if info.value is not None:
        _assert_valid(info.value, info.precision or "")


def test_french_dates_of_maghrebi_sites():
    from reader.ingest.dates import parse_header_date

    assert parse_header_date("lundi 2 juin 2014") == ("2014-06-02", "day")
    assert parse_header_date("Publié le 12 août 2019") == ("2019-08-12", "day")
    assert parse_header_date("the mai tai was good") is None


# --------------------------------------------------------------------------------------------------
# Dates in a page's address (the URL a scraper writes above each page)
# --------------------------------------------------------------------------------------------------

ADDRESSES = [
    ("https://palinfo.com/news/2018/09/21/158473", ("2018-09-21", "day")),
    ("http://www.washingtonpost.com/world/gunmen/2015/03/18/00202e76-cd73_story.html", ("2015-03-18", "day")),
    ("https://www.albayan.ae/across-the-uae/news-and-reports/2020-06-03-1.3874341", ("2020-06-03", "day")),
    ("http://alrawwya.blogspot.com/2011/10/blog-post_1485.html", ("2011-10", "month")),
    ("https://www.aljazeera.com/news/2019/11/service-members-191120070028895.html", ("2019-11", "month")),
    ("https://zaidi161.blogspot.com/2020/10/", ("2020-10", "month")),
    ("https://example.com/2020/02/30/", ("2020-02", "month")),  # no 30 February: the month stands
    ("https://2019.example.com/news/12345", None),  # a year in the host is not a date
    ("https://example.com/id/2019", None),
    ("https://example.com/2020/1234", None),
    ("https://example.com/a/2019/13/01", None),
    ("https://example.com/archive/2999/01/01/", None),  # the future
]


@pytest.mark.parametrize(("url", "expected"), ADDRESSES)
def test_dates_in_page_addresses(url: str, expected: tuple[str, str] | None) -> None:
    assert address_date(url) == expected


@given(st.text(max_size=120))
def test_any_address_gives_a_valid_date_or_none(url: str) -> None:
    got = address_date("https://example.com/" + url)
    if got is not None:
        value, precision = got
        assert VALUE_RE.match(value)
        dt.date.fromisoformat(value if precision == "day" else value + "-01")


def test_body_date_the_text_calls_today_is_the_writing_date() -> None:
    text = ("انطلقت اليوم الإثنين 30 جوان 2025 دورة المراقبة لامتحان الباكالوريا، ويتواصل الإصلاح "
            "حتى يوم الجمعة 11 جويلية 2025.")
    info = infer_body_date(text)
    assert info.value == "2025-06-30"
    assert "today" in info.evidence
    english = infer_body_date("The exams began today, Monday 30 June 2025. On 2 July 2025 marking starts.")
    assert english.value == "2025-06-30"


@pytest.mark.parametrize(
    "text",
    [
        "والإعلان الرسمي عن النتائج سيكون يوم الأحد 13 جويلية 2025.",
        "في حين ستقام دورة المراقبة أيام 27, 28, 29 و 30 جويلية 2020.",
        "تنطلق يوم غد الأربعاء 8 جويلية 2020 الدورة الرئيسية للامتحان.",
    ],
)
def test_body_dates_announced_with_a_future_verb_or_tomorrow_are_plans(text: str) -> None:
    info = infer_body_date(text)
    assert info.value is None
    assert "future" in info.evidence
