"""An article is dated only by a date it states as its own: a date line, a byline's date, a dateline,
a day called today, or a digest's day in its headline. A day written inside a sentence is an event the
article reports: the article is undated, not before that day, and says so. (On the labelled real-world
sets the older rule, "the latest date in the text", dated 13 articles whose page states no date.)"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from reader.ingest.corpus import documents_of_file
from reader.ingest.dates import infer_body_date
from reader.ingest.loader import SourceFile
from reader.ingest.model import DateInfo, Document
from reader.ui.reading.labels import date_label

EN_BODY = (
    "The committee met for four hours behind closed doors and heard from eleven witnesses, several of "
    "whom asked not to be named because they still work in the ministry.\n\n"
    "Officials said the review would continue into the spring and that no decision had been taken on "
    "whether the findings would be published in full or in part.\n"
)
AR_BODY = (
    "وقال مسؤولون في الوزارة إن اللجنة ستواصل عملها خلال الأسابيع المقبلة، وإن نتائجها ستعرض على "
    "مجلس الوزراء قبل نشرها كاملة أو في جزء منها.\n\n"
    "وأضافوا أن الاجتماعات عقدت بعيدا عن الإعلام، واستمعت خلالها اللجنة إلى عدد من الشهود والخبراء "
    "من داخل الوزارة وخارجها.\n"
)


def _date_of(text: str) -> DateInfo:
    (doc,) = documents_of_file(SourceFile(Path("page.txt"), "page.txt", text, "utf-8", len(text)))
    return doc.date


@pytest.mark.parametrize(("text", "reported"), [
    ("Senators Press For A National Goal On Capital Inflows\n\n"
     "On July 31, 2019, U.S. Senators Tammy Baldwin and Josh Hawley submitted a bill to establish a "
     "national goal for the trade balance.\n\n" + EN_BODY, "2019-07-31"),
    ("دول عربية تعلن السبت أول أيام رمضان\n\n"
     "كما أعلنت اليمن أن السبت، الموافق 1 مارس 2025، سيكون أول أيام الشهر الكريم وفقا للتقويم.\n\n"
     + AR_BODY, "2025-03-01"),
    ("مهرجان صفاقس الدولي في دورته الجديدة\n\n"
     "تنطلق الدورة الخامسة والأربعون من مهرجان صفاقس الدولي، من 21 جويلية إلى 19 أوت 2025، تحت شعار "
     "الفن حياة.\n\n" + AR_BODY, "2025-08-19"),
    ("Pentagon Orders Plans For An Escalation\n\nThe Pentagon told the New York Times on 28/3/2020 that "
     "it had ordered plans for a campaign against the group.\n\n" + EN_BODY, "2020-03-28"),
])
def test_a_day_inside_a_sentence_is_reported_not_stated(text, reported):
    info = _date_of(text)
    assert info.value is None
    assert info.not_before == reported
    assert "not when it was written" in info.evidence


@pytest.mark.parametrize(("text", "value"), [
    ("Solar Output Sets A Record In The Region\n\nEmiliano Bellini\nNovember 20, 2019\n\n" + EN_BODY,
     "2019-11-20"),
    ("HackerRank Raises A New Round\n\nPALO ALTO, Calif., April 25, 2016 /PRNewswire/ -- HackerRank, a "
     "platform that ranks engineers based on their coding skills, said on Monday it had raised funds.\n\n"
     + EN_BODY, "2016-04-25"),
    ("القمح في صعيد مصر موسم جديد\n\nسوهاج أحمد عبد العال الخميس، 15 مايو 2025 06:00 ص وسط الحقول "
     "الممتدة على جانبي نهر النيل بدأ المزارعون حصاد القمح في موسم يصفونه بالجيد.\n\n" + AR_BODY,
     "2025-05-15"),
    ("الكهرباء تعلن برنامج التغذية الجديد\n\nتاريخ النشر 08:51 19-01-2026 الكاتب: حسين سلمان\n\n"
     + AR_BODY, "2026-01-19"),
    ("KUNA main news for Tuesday, May 24, 2022\n\n" + EN_BODY, "2022-05-24"),
    ("عناوين الصحف السعودية ليوم الأربعاء 24-06-2020\n\n" + AR_BODY, "2020-06-24"),
    ("Water Cuts Announced Across The Capital\n\nMaintenance work began this morning, Friday 24 May "
     "2019, on the main pipe.\n\n" + EN_BODY, None),  # (not "today": a sentence)
    ("أشغال صيانة على قناة المياه الرئيسية\n\nتقوم الشركة الوطنية بأشغال صيانة لإصلاح عطب طرأ صباح "
     "اليوم الجمعة 24 ماي 2019 على القناة الرئيسية.\n\n" + AR_BODY, "2019-05-24"),
])
def test_a_date_the_text_states_as_its_own_dates_it(text, value):
    assert _date_of(text).value == value


@pytest.mark.parametrize("text", [
    "15/7/2010 يوم لا ينساه سكان الطائف\n\n" + AR_BODY,  # a headline recalling a day
    "Prices Rise Again At The Pump\n\nBy Alejandro Villamor Last updated Nov 8, 2023 Share\n\n" + EN_BODY,
    "خطبة الجمعة عن العشر الأواخر\n\nنشرت وزارة الأوقاف موضوع خطبة الجمعة القادمة 21 رمضان 1443هـ "
    "الموافق 22 أبريل 2022م تحت عنوان العشر الأواخر وفقه الأولويات.\n\n" + AR_BODY,
])
def test_a_recalled_day_an_update_stamp_or_a_sentence_that_says_published_gives_no_date(text):
    assert _date_of(text).value is None


def test_a_stated_date_later_than_the_update_stamp_is_not_the_article_s():
    text = (
        "India Reviews The Export Ban On The Medicine\n\nUpdated: April 07, 2020\n\n" + EN_BODY
        + "\nCases tracker\nApril 25, 2020\n\n" + EN_BODY
    )
    info = _date_of(text)
    assert info.value is None and "later than the update stamp" in info.evidence


def test_the_older_rule_stays_for_callers_that_want_any_date():
    # Word and PDF files look for a date at the head of their text this way.
    text = "On July 31, 2019, U.S. Senators submitted a bill."
    assert infer_body_date(text).value == "2019-07-31"
    assert infer_body_date(text, stated_only=True).value is None


def test_the_reading_pane_says_the_reported_day_is_a_floor():
    info = DateInfo(None, None, "none", "", "2020-03-28")
    assert date_label(info) == "No date (on or after 28 March 2020)"


def _dates_of_pages(text: str) -> list[str | None]:
    docs = documents_of_file(SourceFile(Path("pages.txt"), "pages.txt", text, "utf-8", len(text)))
    return [d.date.value for d in docs]


def test_a_date_over_the_page_s_toolbar_above_the_headline_dates_it():
    # A news agency's page: its stamp, the story's number and the font-size buttons, then the headline.
    page = (
        "٢٨/٠٦/٢٠٢٤، ٦:٥٣ ص\nرقم الصحفي: 2461\nرمز الخبر: 85522134\nT T\n\n"
        "موسكو: الغربيون لم يفلحوا بالتدخل في الانتخابات الإيرانية\n\n" + AR_BODY
    )
    assert _dates_of_pages(page) == ["2024-06-28"]


def test_a_date_over_a_masthead_is_the_site_s_today():
    page = (
        "السبت 20 أبريل 2024\nرئيس مجلس الإدارة\nهبة صادق\nرئيس التحرير\nأيمن عبد المجيد\n\n"
        "رسميا.. الخميس 24 سبتمبر أول أيام عيد الأضحى\n\n" + AR_BODY
    )
    assert _dates_of_pages(page) == [None]


@pytest.mark.parametrize(("page", "value"), [
    # A byline set under the standfirst and the photo's caption, not in the header.
    ("Google Search Gets Its Biggest Upgrade In Decades\n\n"
     "The new search box will answer questions in full sentences, and the company says links stay.\n\n"
     + EN_BODY + "\nBy Lance Ulanoff published 19 May 2026\n\n" + EN_BODY, "2026-05-19"),
    # A news agency's stamp printed under the text.
    ("Goldman Sachs Cuts Its Growth Forecast For India\n\n" + EN_BODY
     + "\nFirst Published on Apr 8, 2020 04:25 pm\n", "2020-04-08"),
    # Its own byline gives only "16 hours ago": a related story's byline further down is not its date.
    ("Local Attorney Will Be Democratic Nominee For County Judge\nBy Nathan Bernier | KUT • 16 hours ago\n\n"
     + EN_BODY + "\nRelated Content\n\nRep. Rodriguez Drops Out Of Runoff Race\n"
     "By Jimmy Maas | KUT • Jul 27, 2020\n\n"
     "State Rep. Eddie Rodriguez has dropped out of the runoff with the former county judge.\n", None),
])
def test_a_byline_below_the_lead_dates_the_article_but_a_related_story_s_does_not(page, value):
    assert _dates_of_pages(page)[0] == value


@functools.cache
def _scanned(folder: str) -> list[Document]:
    from reader.ingest.corpus import scan_corpus
    from tests.conftest import DATA

    return scan_corpus(DATA / folder).documents


@pytest.mark.parametrize(("folder", "name", "words", "value"), [
    # "First Published on Apr 8, 2020 04:25 pm" printed under the wire story, among the page's tools.
    ("realworld_eleventh", "en_e4_india_wires_inscriptis_formfeed.txt", "Goldman Sachs says India",
     "2020-04-08"),
    # Its byline says "16 hours ago"; "Related Content" teasers below it carry "By … • Jul 27, 2020".
    ("realworld_eleventh", "en_e6_uk_us_paste_elinks_twoblank.txt", "Local attorney and activist Andy Brown",
     None),
    # "…Item.aspx?ItemID=119191", then "السبت 20 أبريل 2024" over the masthead: the site's today.
    ("realworld_eleventh", "ar_e2_egypt_levant_culture_urls_bom.txt", "أعلنت دار الإفتاء", None),
    # "By Lance Ulanoff published 19 May 2026" right over the (sub)heading taken as its headline.
    ("realworld_seventh", "en_t6_lynx_unwrapped_blank_cp1252.txt", "Google has been synonymous with search",
     "2026-05-19"),
    # Under the standfirst and the author's name: "By Natalie Gagliordi for Between the Lines | May 24,
    # 2016 -- 13:30 GMT (06:30 PDT) | Topic: Security".
    ("realworld_thirteenth", "en_h2_funding_rounds_w3m_urls_bom.txt", "Agari has raised $22 million",
     "2016-05-24"),
    # A lynx dump of a blog's post meta, links and all, under the headline.
    ("realworld_twelfth", "en_t1_uk_italy_lynx_refs_urls_bom_crlf.txt", "Clymer workshop", "2014-06-13"),
    # A photo's credit line under the headline: "Dec. 21, 2025. (AP Photo/Matias Delacroix)".
    ("realworld_sixth", "en_s6_oil_wargames_lynx_nolist_urls_bom_crlf.txt", "As Trump pitches", "2026-01-06"),
])
def test_real_pages_dated_by_their_own_lines(folder, name, words, value):
    (doc,) = [d for d in _scanned(folder) if d.source == name and words in (d.title + "\n" + d.text)[:3000]]
    assert doc.date.value == value


def test_the_bylines_of_suggested_reads_under_the_text_are_theirs():
    # McSweeney's: "BY Christopher Mah" (no date), the text, then "SUGGESTED READS" and "POPULAR", each
    # teaser a title over "by Rick Stoeckel (5/17/2007)".
    from reader.ingest.corpus import scan_corpus
    from tests.conftest import DATA

    docs = scan_corpus(DATA / "realworld_thirteenth").documents
    (doc,) = [d for d in docs if "I will empower my team" in d.text]
    assert doc.date.value is None


def test_the_page_s_own_update_stamp_does_not_make_its_date_a_listed_item_s():
    # Two dated lines used to read as a list of items (teasers, comments): one is the update stamp.
    text = "دعوة نيابية إلى إصلاحات سياسية\nالكويت\nنشر في 17-11-2022\n"
    text += "آخر تحديث 16-11-2022 | 21:20\n" + AR_BODY
    assert infer_body_date(text, stated_only=True).value == "2022-11-17"



@pytest.mark.parametrize(("day_first", "text", "settled"), [
    ("2023-11-02", "— Kaitlan Collins (@kaitlancollins) November 2, 2023", "2023-11-02"),  # 2 November
    ("2026-01-06", "at Mar-a-Lago, Florida, January 3rd, 2026, as Secretary of State", "2026-01-06"),
    ("2026-01-06", "The plan was first floated on May 20, 2026.", "2026-06-01"),  # read month first
    ("2026-01-06", "No other date in the text.", None),
    ("2026-01-06", "On January 2, 2026 and on May 30, 2026 it met.", None),  # both readings borne out
    ("2026-01-16", "January 3rd, 2026", None),  # the 16th cannot be a month: never ambiguous
])
def test_the_article_s_own_dates_settle_an_ambiguous_day_and_month(day_first, text, settled):
    from reader.ingest.dates import settle_day_month

    found = settle_day_month(day_first, text)
    assert (found[0] if found else None) == settled


def test_a_european_page_s_numeric_date_is_read_the_way_its_text_bears_out():
    page = (
        "As Trump Pitches A Venezuelan Oil Dream For US Companies\n"
        "Published on 06/01/2026 - 13:55 GMT+1 •Updated 14:20\n\n" + EN_BODY
        + "\nThe president spoke at Mar-a-Lago, Florida, on January 3rd, 2026, to reporters.\n"
    )
    info = _date_of(page)
    assert info.value == "2026-01-06" and "read day first" in info.evidence


@pytest.mark.parametrize(("text", "value"), [
    ("Fantastic Beasts: A Nice Place to Visit\nWill Leitch / November 18, 2016\n" + EN_BODY, "2016-11-18"),
    ("Will Britain vote on 3 June 2021?\n" + EN_BODY, None),  # the auxiliary: a plan
    ("The summit will be held on 3 June 2021.\n" + EN_BODY, None),
])
def test_a_byline_s_first_name_will_is_not_the_future(text, value):
    assert infer_body_date(text, stated_only=True).value == value
