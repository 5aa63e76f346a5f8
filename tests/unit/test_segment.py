"""The splitter on pages it was not written against: shapes, not strings."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.ingest.segment import parse_byline, segment_text
from tests.conftest import DATA

LOREM_EN = (
    "The council met on Tuesday to discuss the budget, and members argued for several hours about "
    "the cost of the new water plant before a vote was finally taken late in the evening."
)
LOREM_AR = (
    "وقال المتحدث باسم الحكومة إن الاجتماع ناقش الأوضاع الاقتصادية والأمنية في البلاد، "
    "وأكد أن الحكومة ماضية في تنفيذ خطتها رغم الصعوبات التي تواجهها منذ أشهر."
)

UNSEEN_PAGE = f"""City Council Approves New Water Plant After Long Debate

Posted on March 3, 2021 by Jane Doe

{LOREM_EN}

Why The Vote Matters

{LOREM_EN}

Share this:
Twitter
Facebook
Like Loading...

You May Also Like:

HARBOUR WORKERS STRIKE FOR A THIRD DAY OVER PAY AND CONDITIONS

Harbour Gazette

{LOREM_EN}

{LOREM_EN}

Leave a Reply

اقرأ أيضاً

الحكومة تعلن خطة جديدة لدعم المزارعين

سمير خليل

{LOREM_AR}

{LOREM_AR}
"""


def test_unseen_page_splits_into_its_three_articles():
    segments = segment_text(UNSEEN_PAGE)
    assert [s.title for s in segments] == [
        "City Council Approves New Water Plant After Long Debate",
        "HARBOUR WORKERS STRIKE FOR A THIRD DAY OVER PAY AND CONDITIONS",
        "الحكومة تعلن خطة جديدة لدعم المزارعين",
    ]
    first, second, third = segments
    assert first.byline == "Jane Doe"
    assert first.header_date and first.header_date[:2] == ("2021-03-03", "day")
    assert "Why The Vote Matters" in first.body, "a subhead stays inside its article"
    assert second.outlet == "Harbour Gazette"
    assert third.byline == "سمير خليل"


def test_boilerplate_is_removed_but_kept_in_the_original():
    segments = segment_text(UNSEEN_PAGE)
    clean = "\n".join(p for s in segments for p in s.body)
    for junk in ("Share this:", "Like Loading...", "Leave a Reply", "Twitter"):
        assert junk not in clean
    first = segments[0]
    original = UNSEEN_PAGE[first.start : first.end]
    assert "Share this:" in original and "Like Loading..." in original


def test_spans_cover_the_file_in_order():
    segments = segment_text(UNSEEN_PAGE)
    assert segments[0].start == 0
    assert segments[-1].end == len(UNSEEN_PAGE)
    for a, b in pairwise(segments):
        assert a.end == b.start


def test_single_article_with_subheads_stays_whole():
    text = (
        f"A Quiet Town Prepares For Winter\n\n{LOREM_EN}\n\nThe Road Ahead\n\n{LOREM_EN}\n\n"
        f"What Comes Next\n\n{LOREM_EN}\n"
    )
    segments = segment_text(text)
    assert len(segments) == 1
    assert segments[0].body[1] == "The Road Ahead"


def test_untitled_post_is_named_by_its_first_words():
    segments = segment_text(f"Thursday 2 January 2020 - 09:09\n\n{LOREM_EN}\n")
    assert len(segments) == 1
    assert segments[0].title.startswith("The council met on Tuesday")
    assert segments[0].header_date[:2] == ("2020-01-02", "day")


def test_headline_written_twice_is_not_two_articles():
    text = f"Storm Hits The Coast\n\nStorm Hits the Coast\n\nBy Ann Lee\n\n{LOREM_EN}\n\n{LOREM_EN}\n"
    segments = segment_text(text)
    assert len(segments) == 1
    assert segments[0].byline == "Ann Lee"
    assert all("Storm Hits" not in p for p in segments[0].body)


def test_paragraph_copied_twice_by_the_scraper_is_kept_once():
    text = f"Storm Hits The Coast\n\nBy Ann Lee\n\n{LOREM_EN}\n\n{LOREM_AR}\n\n{LOREM_EN}\n"
    (segment,) = segment_text(text)
    assert segment.body == [LOREM_EN, LOREM_AR]
    assert LOREM_EN in segment.removed


def test_bylines():
    assert parse_byline("By Staff, Tasnim News Agency") == ("Staff", "Tasnim News Agency")
    assert parse_byline("By Elijah J. Magnier@ejmalrai") == ("Elijah J. Magnier", None)
    assert parse_byline("By News Desk -2020-04-03") == ("News Desk", None)
    assert parse_byline("Posted by INTERNATIONALIST 360° on") == ("INTERNATIONALIST 360°", None)
    assert parse_byline("By The Cradle's Iraq Correspondent")[1] == "The Cradle"


def test_two_megabyte_single_line_is_one_article():
    line = ("word " * 400_000).strip()
    segments = segment_text(line)
    assert len(segments) == 1
    assert len(segments[0].body[0]) == len(line)


_LINE = st.one_of(
    st.sampled_from(
        ["", "Related News", "By John Smith", "April 6, 2020", "South Front", "مقالات متعلقة",
         "BIG NEWS ABOUT THE WAR IN THE NORTH", "Copyright © 2020", LOREM_EN, LOREM_AR,
         "Title Case Line Here"]
    ),
    st.text(max_size=80),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINE, max_size=40))
def test_any_page_segments_without_error_and_keeps_every_paragraph_in_its_span(lines):
    text = "\n".join(lines)
    segments = segment_text(text)
    previous_end = 0
    for s in segments:
        assert 0 <= s.start <= s.end <= len(text)
        assert s.start >= previous_end
        previous_end = s.end
        assert s.title
        span = squashed(text[s.start : s.end])
        for paragraph in s.body:
            # Markup of text-browser dumps ("[12]" link numbers, markdown links) is dropped from the
            # clean text, so compare characters in order, not whole words.
            assert is_subsequence(squashed(paragraph), span)


def squashed(text: str) -> str:
    return "".join(text.split())


def is_subsequence(needle: str, haystack: str) -> bool:
    chars = iter(haystack)
    return all(ch in chars for ch in needle)


def test_file_without_running_text_is_still_one_article():
    (segment,) = segment_text("Meeting notes\nCall Ahmed about the Basra interviews")
    assert segment.title == "Meeting notes"
    assert segment.body == ["Meeting notes", "Call Ahmed about the Basra interviews"]


# --------------------------------------------------------------------------------------------
# Shapes found on real pages (each rule below failed on a real file of tests/data/realworld*)


def test_a_kicker_over_the_headline_is_not_the_title():
    """A section label above the headline shares a word or two with the text; the headline sums it up."""
    page = (
        "War in the Middle East\n\n"
        "Council members approve the budget for the new water plant after a long vote\n\n"
        "Fri Nov 3 2023 - 07:33\n\n"
        f"{LOREM_EN} The council said the water plant budget vote was needed.\n\n{LOREM_EN}\n"
    )
    (segment,) = segment_text(page)
    assert segment.title == "Council members approve the budget for the new water plant after a long vote"


def test_the_first_line_after_a_page_seam_is_the_headline_not_the_subtitle_under_it():
    """Copy-pasted pages glued by dashed lines, each headline with a date in it (tests/data/realworld)."""
    text = (DATA / "realworld" / "ar_10_levant_iraq_dashes.txt").read_text(encoding="utf-8")
    titles = [s.title or "" for s in segment_text(text)]
    assert titles[1].startswith("الوكالة الوطنية للإعلام – مقدمات نشرات الأخبار المسائية ليوم السبت 17")
    assert titles[2] == "هذا ما جاء في مقدمات النشرات المسائية لليوم 13/08/2020"


def test_a_headline_scraped_one_word_per_line_is_read_as_one_line():
    page = (
        "نعرض لكم زوارنا أهم وأحدث الأخبار فى المقال الاتي:\n"
        + "\n".join(["الأمم", "المتحدة:", "السودان", "تعاني", "أكبر", "أزمة", "نزوح", "في", "العالم"])
        + "\nكورة نيوز، اليوم الأحد 9 نوفمبر 2025 01:25 مساءً\n"
        f"{LOREM_AR}\n{LOREM_AR}\n"
    )
    (segment,) = segment_text(page)
    assert segment.title == "الأمم المتحدة: السودان تعاني أكبر أزمة نزوح في العالم"
    assert segment.header_date is not None and segment.header_date[0] == "2025-11-09"


def test_a_menu_of_single_words_is_not_joined():
    page = "Home\nNews\nSport\nBusiness\nWeather\n\nCouncil approves the water plant\n\n" + LOREM_EN * 3
    (segment,) = segment_text(page)
    assert segment.title == "Council approves the water plant"


def test_a_category_line_under_the_headline_is_not_the_title():
    page = (
        "From adversity to advocacy: a young lawyer’s journey to the council\n\n"
        "In Local News, News\nMay 14, 2025\n\n"
        f"{LOREM_EN} The young lawyer told the council about adversity and advocacy.\n\n{LOREM_EN}\n"
    )
    (segment,) = segment_text(page)
    assert segment.title.startswith("From adversity to advocacy")
    assert "In Local News, News" not in segment.body


def test_arabic_skip_links_and_caption_credits_are_furniture():
    page = (
        "اذهب إلى المحتوى\n\nالحكومة تناقش الأوضاع الاقتصادية في البلاد\n\n"
        f"{LOREM_AR}\n\nلاجئات سودانيات بأثيوبيا - المصدر - موقع المفوضية السامية لشؤون اللاجئين\n\n"
        f"{LOREM_AR}\n"
    )
    (segment,) = segment_text(page)
    assert segment.title == "الحكومة تناقش الأوضاع الاقتصادية في البلاد"
    assert not any("المصدر" in p or "اذهب" in p for p in segment.body)


def test_a_page_of_headlines_between_seams_is_an_article_of_its_own():
    """A digest of the day's papers has no prose; it must not be swallowed as teasers of the page above."""
    digest = "\n".join(
        f"{w} يبحث مع الوفد الزائر تطورات الأوضاع في المنطقة"
        for w in ("الوزير", "الأمير", "الرئيس", "السفير", "المجلس", "النائب")
    )
    pages = (
        f"وزير الصحة يفتتح مستشفى جديدا في مطروح\n{LOREM_AR}\n{LOREM_AR}\n" + "=" * 20 + "\n"
        f"عناوين الصحف السعودية ليوم الأربعاء 24-06-2020\n\nأبرز عناوين الصحف الصادرة اليوم:\n\n{digest}\n"
        + "=" * 20 + f"\nرحلة إلى ألبانيا: هل تستحق كل هذا الضجيج\n{LOREM_AR}\n{LOREM_AR}\n"
    )
    segments = segment_text(pages)
    assert len(segments) == 3
    assert segments[1].title == "عناوين الصحف السعودية ليوم الأربعاء 24-06-2020"
    assert "السفير يبحث مع الوفد الزائر تطورات الأوضاع في المنطقة" in segments[1].body


def test_readers_comments_are_not_the_article():
    page = (
        f"Council approves the water plant\n\nBy Jane Doe\n\n{LOREM_EN}\n\n{LOREM_EN[::-1]}\n\n{LOREM_EN}\n\n"
        "1 Comment\n\n1. Posted on 3rd November 2023 | Chaka Artwell\n\n"
        "What a disgrace this council is, and the water plant will never be built on time, mark my words.\n"
    )
    (segment,) = segment_text(page)
    assert not any("disgrace" in p for p in segment.body)
    assert segment.body[-1] == LOREM_EN[::-1]


def _page(title: str, lorem: str) -> str:
    return f"{title}\n\n{lorem}\n\n{lorem}\n"


def test_pages_glued_with_a_recurring_star_line_are_split_even_under_site_chrome():
    titles = ["الحكومة تناقش الموازنة العامة", "البرلمان يقر قانون الانتخابات", "وزير الخارجية يزور بغداد"]
    pages = "\n***\n\nA+ A-\n\n".join(_page(t, LOREM_AR) for t in titles)
    assert [s.title for s in segment_text(pages)] == titles


def test_an_essays_star_breaks_are_not_pages():
    essay = f"On Water And Cities\n\n{LOREM_EN}\n\n***\n\n{LOREM_EN}\n\n***\n\n{LOREM_EN}\n"
    assert len(segment_text(essay)) == 1


def test_page_counters_and_source_lines_with_long_addresses_are_seams():
    address = "https://www.alsumaria.tv/news/" + "%D8%A8%D8%A7" * 40 + "/554922/"
    counted = "\n\n".join(f"{n}/3\n\n" + _page(f"Headline number {n} about the council vote", LOREM_EN)
                          for n in (1, 2, 3))
    assert len(segment_text(counted)) == 3
    sourced = "".join(f"Source: {address}{n}\n\n" + _page(f"Headline number {n} about the vote", LOREM_EN)
                      for n in (1, 2))
    assert [s.title for s in segment_text(sourced)] == [
        "Headline number 1 about the vote", "Headline number 2 about the vote",
    ]
    lone_score = _page("Final score of the match", f"{LOREM_EN}\n\n2/4\n\n{LOREM_EN}")
    assert len(segment_text(lone_score)) == 1


def test_front_matter_blocks_give_each_article_its_title_date_and_author():
    text = (
        "---\ntitle: Berlin confronts Germany's colonial past | DW | 19.01.2020\nauthor: Jane Doe\n"
        'date: "2020-01-19"\nhostname: dw.com\n---\n' + f"{LOREM_EN}\n{LOREM_EN[::-1]}\n"
        "---\ntitle: Access to Wikipedia restored in Turkey\ndate: 2020-01-15\n---\n" + f"{LOREM_EN}\n"
    )
    first, second = segment_text(text)
    assert first.title == "Berlin confronts Germany's colonial past"
    assert first.header_date is not None and first.header_date[0] == "2020-01-19"
    assert first.byline == "Jane Doe" and first.body == [LOREM_EN, LOREM_EN[::-1]]
    assert not any("hostname" in p for p in first.body)
    assert second.title == "Access to Wikipedia restored in Turkey"
    assert second.start == text.index("---\ntitle: Acc")


def test_a_list_of_stamped_teasers_is_furniture_not_articles():
    teasers = "".join(
        f"   A picture of the minister speaking to reporters in the capital on a busy day number {n}\n\n"
        f"   Malaysia  / {n} h ago\n\nTeaser headline number {n} about something else entirely\n\n"
        for n in range(1, 5)
    )
    page = f"Council approves the water plant\n\nBy Jane Doe\n\n{LOREM_EN}\n\n{LOREM_EN[::-1]}\n\n{teasers}"
    (segment,) = segment_text(page)
    assert not any("Teaser headline" in p or "h ago" in p for p in segment.body)


def test_widgets_and_link_lines_never_head_an_article():
    page = (
        "Link: canonical\nLink: Daniel Lemire's blog » Comments Feed (alternate)\n\n"
        "الساعة 00:00 م\n\nJSON parsing: simdjson vs. JSON for Modern C++\n\n"
        f"{LOREM_EN}\n\n{LOREM_EN[::-1]}\n"
    )
    (segment,) = segment_text(page)
    assert segment.title == "JSON parsing: simdjson vs. JSON for Modern C++"


def test_a_subtitle_under_the_standfirst_does_not_steal_the_headline():
    page = (
        "# Housing market slowdown continues with sales and average prices well down\n\n"
        "New numbers confirm what buyers and sellers have known for a while: the market is in a funk.\n\n"
        "## Average price of a home that sold in September was $640,479\n\n"
        "Pete Evans · CBC News · Posted: Oct 14, 2022 9:27 AM ET\n\n"
        f"{LOREM_EN}\n\n{LOREM_EN[::-1]}\n\n{LOREM_EN.upper()}\n"
    )
    (segment,) = segment_text(page)
    assert segment.title.startswith("Housing market slowdown continues")


def test_a_short_equals_line_before_each_browser_title_glues_pages():
    pages = "".join(
        f"=====\n{t} | The Site\n\n{t}\n\nBy Jane Doe\n\n{LOREM_EN}\n\nRelated\n\n"
        f"A teaser about another story here\n\n{LOREM_EN[::-1]}\n\n"
        for t in ("Son of former president stabbed in Berlin", "Washington swears in a new justice")
    )
    assert [s.title for s in segment_text(pages)] == [
        "Son of former president stabbed in Berlin", "Washington swears in a new justice",
    ]


def test_a_page_of_only_headlines_between_star_lines_is_still_a_page():
    items = "\n".join(f"  {n}. مركز الدراسات: عنوان الدراسة رقم {n} عن المنطقة" for n in range(1, 7))
    pages = (
        f"مراكز التفكير في المنطقة\n\n{LOREM_AR}\n\n{LOREM_AR[::-1]}\n\n* * *\n\n"
        f"أبرز ما نشرته مراكز الأبحاث العالمية\n\n{items}\n\n"
        f"* * *\n\nليبيا في أسبوع: المظاهرات تحاصر الحكومة\n\n{LOREM_AR}\n\n{LOREM_AR[::-1]}\n"
    )
    titles = [s.title for s in segment_text(pages)]
    assert titles == ["مراكز التفكير في المنطقة", "أبرز ما نشرته مراكز الأبحاث العالمية",
                      "ليبيا في أسبوع: المظاهرات تحاصر الحكومة"]


def test_a_post_headline_under_its_date_is_not_chrome_though_the_sidebar_lists_it():
    archive = "\n".join(f"   • Older post number {n} of this blog" for n in range(1, 4))
    page = (
        "   Link: canonical\n   Link: The Audio Desktop - Atom (alternate)\n"
        "   Link: The Audio Desktop - RSS\n\n"
        "Wednesday, October 16, 2019\n\n  Meta-Programming In Emacs Using Defadvice\n\n"
        "                   Meta-Programming In Emacs Using defadvice\n\n"
        f"{LOREM_EN}\n\n{LOREM_EN[::-1]}\n\nBlog Archive\n{archive}\n"
        "   • Meta-Programming In Emacs Using Defadvice\n"
    )
    (segment,) = segment_text(page)
    assert segment.title == "Meta-Programming In Emacs Using Defadvice"
    assert not any(p.startswith("Link:") for p in segment.body)


def test_a_teaser_over_the_comments_box_and_a_glued_menu_are_not_articles():
    page = (
        "Despite everything, U.S. emissions dipped in 2019\n\nBy Jane Doe\n\n"
        f"{LOREM_EN}\n\n{LOREM_EN[::-1]}\n\n"
        "© Thomson Reuters 2020\n\n Town Talk: Michael Bublé helped the hospital raise $2.4 million\n"
        "This Week's Flyers\nComments\n\n"
        f"Postmedia is committed to a lively but civil forum for discussion. {LOREM_EN}\n\n"
        "HeadlinesSports NewsBusiness NewsIndia NewsWorld NewsBollywood NewsHealth & Fitness Tips\n\n"
        f"{LOREM_EN.upper()}\n"
    )
    assert [s.title for s in segment_text(page)] == ["Despite everything, U.S. emissions dipped in 2019"]


def test_pages_glued_by_a_blank_line_turn_at_a_change_of_language_or_after_page_furniture():
    pages = (
        "Al Qaeda claim for French journalist killings plausible, minister says\n\n"
        "November 07, 2013|Reuters\n\n"
        f"{LOREM_EN}\n\n{LOREM_EN[::-1]}\n\n"
        f"الخارجية الفرنسية: تبني القاعدة قتل الصحافيين الفرنسيين في مالي معقول\n"
        f"Read this story in English\n{LOREM_AR}\n{LOREM_AR[::-1]}\n\n"
        f"الثلاثاء - 23 نيسان 2024\n\nإعلان\n\nفابيوس: الصحافيون الفرنسيون الرهائن في سوريا أحياء\n\n"
        f"المصدر: (ا ف ب)\n\n{LOREM_AR}\n\n{LOREM_AR.replace('الحكومة', 'الوزارة')}\n"
    )
    titles = [s.title for s in segment_text(pages)]
    assert len(titles) == 3
    assert titles[1].startswith("الخارجية الفرنسية") and titles[2].startswith("فابيوس")


def test_a_wire_page_above_a_sentence_case_headline_is_kept_as_its_own_article():
    page = (
        "Mexico’s economy grew 1.1% in 1st quarter, 3.8% year on year\n\n"
        "   Associated PressApril 28, 2023 GMT\n\n"
        f"   {LOREM_EN}\n\n   {LOREM_EN[::-1]}\n\n   {LOREM_EN.replace('budget', 'economy')}\n\n"
        f"   {LOREM_EN.replace('budget', 'growth rate')}\n\n"
        "     * [14]Aerospace & Defense (BUTTON)\n\n"
        "Nepal says no proof the plane suffered a bird strike\n\n   By [15]Gopal Sharma (BUTTON)\n\n"
        f"   {LOREM_EN.replace('council', 'airline')}\n\n   {LOREM_EN.replace('council', 'pilot')}\n"
    )
    first, second = segment_text(page)
    assert first.title.startswith("Mexico’s economy")
    assert LOREM_EN.replace("budget", "growth rate") in first.body
    assert first.header_date is not None and first.header_date[0] == "2023-04-28"
    assert second.title.startswith("Nepal says") and second.byline == "Gopal Sharma"
