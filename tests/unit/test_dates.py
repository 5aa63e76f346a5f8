"""Date extraction for scraped English/Arabic news: header lines and honest body inference.

The texts are taken from (or modelled on) the articles in ``corpus/``; the expected values are the
ones a careful human reader would give, including refusing to give a date.
"""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.ingest import dates
from reader.ingest.dates import infer_body_date, looks_like_date_line, parse_header_date
from reader.ingest.model import DateInfo

VALUE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

EN_MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
]  # fmt: skip
LEVANTINE = [
    "كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول",
    "تشرين الثاني", "كانون الأول",
]  # fmt: skip
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def assert_valid_value(value: str) -> None:
    """A returned value is YYYY, YYYY-MM or YYYY-MM-DD and names a real calendar date."""
    assert VALUE_RE.match(value), value
    parts = [int(p) for p in value.split("-")]
    dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


# --------------------------------------------------------------------------------------------------
# parse_header_date
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Thursday 2 January 2020 - 09:09", ("2020-01-02", "day")),
        (
            "Saturday, 04 April 2020 9:14 PM  [ Last Update: Sunday, 05 April 2020 10:35 AM ]",
            ("2020-04-04", "day"),
        ),
        ("By News Desk -2020-04-03", ("2020-04-03", "day")),
        ("April 6, 2020", ("2020-04-06", "day")),
        ("Posted on April 6, 2020 by John Smith", ("2020-04-06", "day")),
        ("نور أيوب السبت 14 آذار 2020", ("2020-03-14", "day")),
        ("28/3/2020", ("2020-03-28", "day")),
        ("في 28/3/2020", ("2020-03-28", "day")),
        ("٧ آذار ٢٠٢١", ("2021-03-07", "day")),
        ("March 2020", ("2020-03", "month")),
        ("2020-04-03T10:00", ("2020-04-03", "day")),
    ],
)
def test_header_formats_from_the_corpus(line: str, expected: tuple[str, str]) -> None:
    assert parse_header_date(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # Levantine names: the two-word months must not be confused with each other
        ("الأحد 12 كانون الثاني 2020", "2020-01-12"),
        ("الأحد 12 كانون الأول 2019", "2019-12-12"),
        ("12 كانون الاول 2019", "2019-12-12"),
        ("3 تشرين الأول 2019", "2019-10-03"),
        ("3 تشرين الثاني 2019", "2019-11-03"),
        ("9 شباط 2020", "2020-02-09"),
        # written without hamza/madda
        ("14 اذار 2020", "2020-03-14"),
        ("5 ايار 2020", "2020-05-05"),
        ("1 ايلول 2020", "2020-09-01"),
        ("2 اب 2020", "2020-08-02"),
        ("2 آب 2020", "2020-08-02"),
        ("30 حزيران 2020", "2020-06-30"),
        ("17 تموز 2020", "2020-07-17"),
        ("6 نيسان 2020", "2020-04-06"),
        # Egyptian/Gulf names, with both calendars' names and with 'عام'
        ("الاثنين 6 أبريل 2020", "2020-04-06"),
        ("6 ابريل 2020", "2020-04-06"),
        ("10 يونيه 2020", "2020-06-10"),
        ("10 يوليو 2020", "2020-07-10"),
        ("15 أغسطس 2020", "2020-08-15"),
        ("5 آذار/مارس 2020", "2020-03-05"),
        ("5 آذار (مارس) 2020", "2020-03-05"),
        ("5 مارس عام 2020", "2020-03-05"),
        # digits: Arabic-Indic and Persian
        ("۷ آذار ۲۰۲۱", "2021-03-07"),
        ("٢٨/٣/٢٠٢٠", "2020-03-28"),
        # English variants
        ("6th of April 2020", "2020-04-06"),
        ("Monday, April 6th, 2020", "2020-04-06"),
        ("Dec. 30, 2019", "2019-12-30"),
        ("06-Apr-2020", "2020-04-06"),
        ("APRIL 6, 2020", "2020-04-06"),
        ("Published: 2020/04/06 10:00 GMT", "2020-04-06"),
        ("Apr 6, 2020 — 10 min read · by admin", "2020-04-06"),
        ("posted in News on April 6, 2020", "2020-04-06"),
        # numeric: day first on Arabic lines (and with dots) unless only month-first is a real date;
        # an ambiguous '3/4/2020' on an English line is refused (see test_header_refuses)
        ("في 3/4/2020", "2020-04-03"),
        ("4/13/2020", "2020-04-13"),
        ("28.03.2020", "2020-03-28"),
        # arrangements only dateparser knows (English, strict, all parts required)
        ("April the 6th, 2020", "2020-04-06"),
        ("Posted 2020, April 6", "2020-04-06"),
    ],
)
def test_header_variants(line: str, expected: str) -> None:
    assert parse_header_date(line) == (expected, "day")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("آذار 2020", ("2020-03", "month")),
        ("November 2016", ("2016-11", "month")),
        ("2020-04", ("2020-04", "month")),
        # 'COVID-19 March 2020' is March, not the 19th of March
        ("COVID-19 March 2020 update", ("2020-03", "month")),
    ],
)
def test_header_month_precision(line: str, expected: tuple[str, str]) -> None:
    assert parse_header_date(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Posted on  by Elijah J Magnier",
        # an ordinary sentence: the date is an event, not the article's date
        "The US deployed Patriot missiles on April 5, 2020 to Iraq, officials said on Friday after a long "
        "meeting with the Iraqi government.",
        "He was born on April 6, 1990.",
        "Last rocket attack on oil field was June 2019",  # a tweet's text, not a dateline
        "— Maya Gebeily (@GebeilyM)\xa0April 6, 2020",  # an embedded tweet's signature
        "وقال المسؤول إن الطائرات التي قصفت المواقع في 28/3/2020 كانت أميركية",
        # no year: it would have to be invented
        "April 6",
        "Sunday 29th December",
        "٥ نيسان",
        # not a real date
        "29 February 2021",
        "31/4/2020",
        # day/month order unknown on an English line: US pages write month first
        "3/4/2020",
        # an update stamp is not the publication date ('Updated 2020, April 6' used to be accepted)
        "Updated 2020, April 6",
        # a bare year is not a header date (copyright lines, section numbers)
        "Copyright © https://ejmagnier.com  2020",
        "2020",
        "",
        "   ",
    ],
)
def test_header_refuses(line: str) -> None:
    assert parse_header_date(line) is None


def test_header_rejects_a_paragraph_quickly() -> None:
    paragraph = "On April 6, 2020 rockets struck near Basra. " * 10_000
    assert parse_header_date(paragraph) is None
    assert looks_like_date_line(paragraph) is False


# --------------------------------------------------------------------------------------------------
# looks_like_date_line
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Thursday 2 January 2020 - 09:09",
        "Saturday, 04 April 2020 9:14 PM  [ Last Update: Sunday, 05 April 2020 10:35 AM ]",
        "By News Desk -2020-04-03",
        "Posted on April 6, 2020 by John Smith",
        "نور أيوب السبت 14 آذار 2020",
        "في 28/3/2020",
        "March 2020",
        "Sunday 29th December",  # a date line even though it cannot date the article
    ],
)
def test_looks_like_date_line_true(line: str) -> None:
    assert looks_like_date_line(line) is True


@pytest.mark.parametrize(
    "line",
    [
        "Posted on  by Elijah J Magnier",
        "Response to US Strikes: A United Opposition to Occupation of Iraq",
        "The US deployed Patriot missiles on April 5, 2020 to Iraq, officials said on Friday after a long "
        "meeting with the Iraqi government.",
        "Copyright © https://ejmagnier.com  2020",
        "Rockets hit Camp Taji again after the March 11 attack",
        "",
    ],
)
def test_looks_like_date_line_false(line: str) -> None:
    assert looks_like_date_line(line) is False


# --------------------------------------------------------------------------------------------------
# infer_body_date
# --------------------------------------------------------------------------------------------------

SOUTHFRONT = (
    "On April 5, a series of large explosions rocked the village of al-Kastan in southwestern Idlib "
    "injuring 8 people, including 3 members of the so-called White Helmets.\n\n"
    "On April 4, Iraq’s largest resistance groups released a joint statement calling the US military "
    "“occupation forces” that “respect the language of force only”.\n\n"
    "Two days earlier, on April 2, Usbat al-Tha’ireen, the armed group that claimed responsibility for "
    "rocket strikes on Camp Taji, released a 3-minute long drone footage of the US embassy in Baghdad."
)

TWEETS = (
    "In the early hours of April 6th, rockets struck near a site connected with foreign oil firms and "
    "state-run companies in Iraq’s southern city of Basra.\n\n"
    "Last rocket attack on oil field was June 2019\n\n"
    "— Maya Gebeily (@GebeilyM) April 6, 2020\n\n"
    "As mentioned above, the US company Haliburton operates in the Zubeir oil field.\n\n"
    "— Maya Gebeily (@GebeilyM) April 5, 2020\n\n"
    "Iraq’s prime minister designate announced that he has sent his list of cabinet candidates to "
    "parliament for approval on April 4th, according to state media."
)

AL_AKHBAR = (
    "وما يؤكد ذلك تصريحات للبنتاغون عبر صحيفة «نيويورك تايمز» في 28/3/2020 بأنّ «البنتاغون أصدر توجيهاً "
    "الأسبوع الماضي للتخطيط لتصعيد القتال في العراق». منذ ذريعة أسلحة الدمار الشامل التي ابتدعها جورج بوش "
    "الابن في 2003 لغزو العراق، وبعد خروجه عام 2011."
)

DECEMBER = (
    "On 27th December, a US base near Kirkuk came under attack, killing a US contractor and injuring US "
    "and Iraqi soldiers.\n\n"
    "On Sunday 29th December, the US retaliated by airstrike against five KH bases, three of them in Iraq "
    "and the rest in Syria."
)


def test_body_never_borrows_the_source_files_year() -> None:
    # context_years is accepted for compatibility and ignored: the year must be written in the text
    info = infer_body_date(SOUTHFRONT, context_years=[2020])
    assert info == infer_body_date(SOUTHFRONT)
    assert (info.value, info.source) == (None, "none")


def test_body_day_months_without_any_year_give_no_date() -> None:
    info = infer_body_date(SOUTHFRONT)
    assert info == DateInfo(None, None, "none", 'mentions "April 5", "April 4", "April 2" but no year')


def test_body_december_without_year_never_invents_one() -> None:
    info = infer_body_date(DECEMBER)
    assert info == DateInfo(None, None, "none", 'mentions "27th December", "29th December" but no year')


def test_body_arabic_numeric_date() -> None:
    info = infer_body_date(AL_AKHBAR)
    assert (info.value, info.precision, info.source) == ("2020-03-28", "day", "body")
    assert info.evidence == 'latest date mentioned: "28/3/2020"'


def test_body_latest_full_date_wins_over_older_ones() -> None:
    # Both full dates are tweet signatures: used (nothing better is written) and said to be so.
    info = infer_body_date(TWEETS)
    assert (info.value, info.precision, info.source) == ("2020-04-06", "day", "body")
    assert info.evidence == 'latest date mentioned: "April 6, 2020" (in an embedded tweet)'


def test_body_later_day_month_in_the_same_year_moves_the_date_forward() -> None:
    text = (
        "The Pentagon told the New York Times on 28 March 2020 that it was planning an escalation. "
        "On April 2, rockets hit Camp Taji again."
    )
    info = infer_body_date(text)
    assert (info.value, info.precision, info.source) == ("2020-04-02", "day", "body")
    assert info.evidence == 'latest date mentioned: "April 2", read in 2020 (the year of "28 March 2020")'


def test_body_december_next_to_january_is_not_moved_to_the_end_of_the_year() -> None:
    text = (
        "On 27th December, a US base near Kirkuk came under attack. "
        "On January 3, 2020 a US strike killed Qassem Soleimani near Baghdad airport."
    )
    info = infer_body_date(text, context_years=[2020])
    assert info.value == "2020-01-03"
    assert info.evidence == 'latest date mentioned: "January 3, 2020"'


def test_body_arabic_day_month_with_context_year() -> None:
    text = "قصفت الطائرات الأميركية في ٥ نيسان مواقع للحشد الشعبي، وفي 3 نيسان أعلنت الفصائل موقفها."
    info = infer_body_date(text, context_years=[2020])
    assert (info.value, info.source) == (None, "none")
    assert info.evidence == 'mentions "٥ نيسان", "3 نيسان" but no year'


def test_body_arabic_day_month_with_a_year_in_the_text() -> None:
    text = "قصفت الطائرات الأميركية في ٥ نيسان مواقع للحشد الشعبي، وفي 3 نيسان أعلنت الفصائل موقفها.\n© 2020"
    info = infer_body_date(text)
    assert (info.value, info.precision, info.source) == ("2020-04-05", "day", "body")


def test_body_month_year_only_is_a_past_reference() -> None:
    text = "In November 2016, the Iraqi parliament voted to integrate the PMU into the Iraqi military."
    info = infer_body_date(text, context_years=[2020])
    assert info == DateInfo(
        None, None, "none", 'only a past reference: "November 2016" (not when it was written)', "2016"
    )


def test_body_since_year_gives_only_a_floor() -> None:
    text = "Since 2021, Washington has stationed approximately 2,500 soldiers in Iraq."
    info = infer_body_date(text)
    assert info == DateInfo(
        None, None, "none", 'no date; mentions 2021 ("Since 2021"), so not before 2021', "2021"
    )


def test_body_floor_is_the_latest_year() -> None:
    text = "The factions split from the PMU back in 2020. Since 2021, Washington has kept 2,500 soldiers."
    info = infer_body_date(text)
    assert (info.value, info.source, info.not_before) == (None, "none", "2021")
    assert info.evidence == 'no date; mentions 2020, 2021 ("Since 2021"), so not before 2021'


def test_body_nothing_at_all() -> None:
    assert infer_body_date("The US Embassy in Baghdad was the target of demonstrations.") == DateInfo(
        None, None, "none", "no date found in the text"
    )
    assert infer_body_date("") == DateInfo(None, None, "none", "no date found in the text")


def test_body_historical_year_does_not_complete_a_day_month() -> None:
    text = "In November 2016, parliament voted to integrate the PMU. On April 5, rockets hit the base."
    info = infer_body_date(text)
    assert (info.value, info.source, info.not_before) == (None, "none", "2016")
    assert info.evidence == (
        'mentions "April 5" but no year of writing: "November 2016" is a past reference; not before 2016'
    )


def test_body_past_marker_years_do_not_complete_a_day_month() -> None:
    text = (
        "Since 2021, Washington has stationed soldiers in Iraq. On 14 December, the government arrested them."
    )
    info = infer_body_date(text)
    assert (info.value, info.source, info.not_before) == (None, "none", "2021")
    assert '"14 December"' in info.evidence and '"Since 2021"' in info.evidence


def test_body_single_current_year_in_the_text_completes_a_day_month() -> None:
    text = "On April 5, rockets hit Basra.\n\n© 2020 Example News"
    info = infer_body_date(text)
    assert (info.value, info.precision, info.source) == ("2020-04-05", "day", "body")
    assert info.evidence == 'day-month mentions "April 5"; year 2020 from the text ("© 2020")'


def test_body_ambiguous_context_years() -> None:
    info = infer_body_date(SOUTHFRONT, context_years=[2019, 2020])
    assert (info.value, info.source) == (None, "none")
    assert info.evidence == 'mentions "April 5", "April 4", "April 2" but no year'


def test_body_context_year_older_than_a_year_in_the_text() -> None:
    text = "Since 2021, Washington has stationed soldiers. On 14 December, the government arrested them."
    info = infer_body_date(text, context_years=[2020])
    assert (info.value, info.source, info.not_before) == (None, "none", "2021")


def test_body_context_year_is_not_used_with_past_references() -> None:
    text = "In November 2016, parliament voted to integrate the PMU. On April 5, rockets hit the base."
    info = infer_body_date(text, context_years=[2020])
    assert (info.value, info.not_before) == (None, "2016")


def test_body_mentions_straddling_a_new_year_give_no_day() -> None:
    text = "On 27th December, a base came under attack. On January 3, a US strike killed Soleimani.\n© 2020"
    info = infer_body_date(text)
    assert (info.value, info.source) == (None, "none")
    assert "new year" in info.evidence


def test_body_29_february_in_a_common_year() -> None:
    info = infer_body_date("On 29 February, the talks collapsed.", context_years=[2021])
    assert (info.value, info.source) == (None, "none")


def test_body_month_year_never_gives_month_precision() -> None:
    info = infer_body_date("Protests began in October 2019 and continued.", context_years=[2019])
    assert info.value is None and info.precision is None and info.not_before == "2019"


def test_body_lowercase_may_is_not_a_month() -> None:
    info = infer_body_date("Officials said the US may 5 times increase its forces.", context_years=[2020])
    assert info.value is None


def test_body_numbers_that_are_not_years() -> None:
    text = "Washington has stationed approximately 2,500 soldiers; the 1990s were different. Version 2.2020."
    assert infer_body_date(text) == DateInfo(None, None, "none", "no date found in the text")


# --------------------------------------------------------------------------------------------------
# Performance: linear, capped, never dateparser on whole texts
# --------------------------------------------------------------------------------------------------


def _timed(text: str) -> tuple[DateInfo, float]:
    t0 = time.perf_counter()
    info = infer_body_date(text)
    return info, time.perf_counter() - t0


def test_body_two_megabytes_single_line_is_fast() -> None:
    article = " ".join([SOUTHFRONT, TWEETS, AL_AKHBAR, DECEMBER]).replace("\n", " ")
    text = (article * (2_000_000 // len(article) + 1))[:2_000_000]
    info, seconds = _timed(text)
    assert info.value == "2020-04-06"
    assert seconds < 3.0


@pytest.mark.parametrize(
    "text",
    [
        ("lorem ipsum dolor sit amet " * 80_000) + " 6 April 2020",  # the only date at the very end
        "April" + " " * 2_000_000 + "x",  # long separator run after a month name
        "1/" * 1_000_000,  # nothing but numbers and separators
        "12-" * 700_000,
        "April " * 350_000,
        "قصفت الطائرات مواقع في نيسان وآذار الكتاب " * 50_000,
    ],
    ids=["late-date", "spaces", "slashes", "dashes", "months", "arabic"],
)
def test_body_pathological_two_megabytes(text: str) -> None:
    info, seconds = _timed(text)
    assert seconds < 3.0
    if info.value is not None:
        assert_valid_value(info.value)


def test_dateparser_is_not_called_on_body_text(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("dateparser must not see body text")

    import dateparser

    monkeypatch.setattr(dateparser, "parse", boom)
    assert infer_body_date(TWEETS).value == "2020-04-06"


# --------------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------------

dates_1990_2039 = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2039, 12, 31))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_never_raises_and_values_are_real_dates(text: str) -> None:
    header = parse_header_date(text)
    if header is not None:
        value, precision = header
        assert_valid_value(value)
        assert precision == {10: "day", 7: "month", 4: "year"}[len(value)]
    assert isinstance(looks_like_date_line(text), bool)
    info = infer_body_date(text)
    if info.value is not None:
        assert_valid_value(info.value)
        assert info.source == "body" and info.precision == "day"
    else:
        assert info.source == "none" and info.precision is None


date_ish_text = st.lists(
    st.sampled_from(
        [
            "On", "April", "Apr.", "6", "6th", "of", "2020", "1999", ",", "/", "-", ".", " ", "  ", "\n",
            "28/3/2020", "آذار", "كانون الثاني", "٧", "٢٠٢١", "في", "Since", "COVID-19", "May", "may",
            "31", "29 February", "2020-04-03", "T10:00", "Posted", "by", "x",
        ]
    ),
    max_size=25,
).map("".join)  # fmt: skip


@settings(max_examples=300)
@given(date_ish_text, st.lists(st.integers(1990, 2039), max_size=3))
def test_date_ish_text_never_gives_invalid_values(text: str, context: list[int]) -> None:
    info = infer_body_date(text, context_years=context)
    if info.value is not None:
        assert_valid_value(info.value)
    if info.not_before is not None:
        assert re.fullmatch(r"\d{4}", info.not_before)
    header = parse_header_date(text)
    if header is not None:
        assert_valid_value(header[0])


@settings(max_examples=300)
@given(date_ish_text.filter(lambda t: "may" not in t))
def test_anchored_scan_finds_the_same_spans_as_a_full_scan(text: str) -> None:
    """The anchor shortcut must not change results: compare with a plain finditer over the text.

    (Lower-case 'may' is excluded: it is deliberately not an anchor, while the IGNORECASE regex would
    match it and then throw the month away.)
    """
    norm = dates._normalise(text)
    assert [m.span() for m in dates._date_matches(norm)] == [m.span() for m in dates._DATE_RE.finditer(norm)]


@given(dates_1990_2039)
def test_english_day_month_year_round_trips(d: dt.date) -> None:
    line = f"{d.day} {EN_MONTHS[d.month - 1]} {d.year}"
    assert parse_header_date(line) == (d.isoformat(), "day")
    assert infer_body_date(f"The attack took place on {line}.").value == d.isoformat()


@given(dates_1990_2039, st.sampled_from([ARABIC_INDIC, PERSIAN]))
def test_arabic_levantine_with_eastern_digits_round_trips(d: dt.date, digits: dict[int, str]) -> None:
    line = f"{str(d.day).translate(digits)} {LEVANTINE[d.month - 1]} {str(d.year).translate(digits)}"
    assert parse_header_date(line) == (d.isoformat(), "day")
    assert infer_body_date(f"وقع الهجوم في {line} على القاعدة.").value == d.isoformat()


def test_a_cited_documents_date_is_a_past_reference_not_the_writing_date():
    """'the decree issued on 22 June 2015' dates the decree; an article citing it is not of that day."""
    arabic = infer_body_date(
        "قرر وزير الداخلية تعيين حدود عدد من الجماعات، وذلك بناء على المرسوم رقم 402.15.2 الصادر في "
        "5 رمضان 1436( 22 يونيو 2015 ) المحددة بموجبه الدوائر الانتخابية."
    )
    assert arabic.value is None and arabic.not_before == "2015"
    assert "22 يونيو 2015" in arabic.evidence
    english = infer_body_date("Under the agreement dated 3 May 2019, the two sides will meet again.")
    assert english.value is None
    reported = infer_body_date("The ministry said on 3 May 2019 that talks would resume.")
    assert reported.value == "2019-05-03"


def test_a_dateline_glued_to_an_update_notice_still_gives_the_publication_date():
    line = "Published February 24, 2020Last updated July 21, 2022This article is more than 2 years old."
    assert parse_header_date(line) == ("2020-02-24", "day")
    assert looks_like_date_line(line)
    assert dates.update_stamp("Updated: April 07, 2020 10:33 pm IST") == "2020-04-07"
    assert dates.update_stamp("Published 3 March 2020, Updated 5 March 2020") is None


def test_spaced_year_first_dates_and_cms_timestamp_slugs():
    assert parse_header_date("2012 / 7 / 17") == ("2012-07-17", "day")
    assert dates.address_date(
        "https://algardenia.com/2014-04-04-19-52-20/qosqsah/66666-2025-02-20-19-20-04.html"
    ) == ("2025-02-20", "day")
    anniversary = "https://site.com/2018/09/21/anniversary-of-2001-09-11/"
    assert dates.address_date(anniversary) == ("2018-09-21", "day")
