"""A sixth round of page shapes (made-up pages): a grid of teasers under an article, each with its
section label and a one-sentence summary, and a menu item cased like a headline."""

from __future__ import annotations

import pytest

from reader.ingest.lines import Kind, classify, split_lines, strip_markup
from reader.ingest.segment import segment_text
from tests.unit.test_ingest_generalise import MORE, TEXT  # the same two paragraphs of running text
from tests.unit.test_ingest_generalise2 import AR_HEAD_1, AR_HEAD_2, AR_MORE, AR_OTHER, AR_OTHER_MORE, AR_TEXT
from tests.unit.test_ingest_generalise5 import OTHER, OTHER_MORE

GRID = [
    ("Singer in tears on quiz show over the biggest jackpot in its history", "TV",
     "The host of the quiz show was left in tears after a contestant from a small town won the biggest "
     "jackpot the show has ever paid out, and the studio audience rose to its feet as the final answer "
     "appeared on the board"),
    ("Council warns travellers about a strict new rule at the border", "Travel",
     "Holidaymakers hoping to travel abroad this summer were told by the council that a strict new rule "
     "at the border could seriously ruin their plans at the gate, and that checks would begin next month "
     "at every crossing"),
    ("Shoppers stunned after finding a classic side dish that is usually free", "Food",
     "Customers at the supermarket were left laughing after spotting a classic side dish on the shelves "
     "at a surprising price, and many of them shared pictures of the label online within hours of the "
     "discovery"),
    ("Club reveals its wage bill after winning promotion to a higher league", "Football",
     "The owners of the club spent more on wages last season than most of the teams in the league above "
     "it, according to figures published on Monday, and the manager said the squad would stay together "
     "next season"),
]


def _grid(items: list[tuple[str, str, str]]) -> str:
    return "\n".join(line for item in items for line in item) + "\n"


def test_a_grid_of_teasers_under_an_article_opens_no_article():
    page = f"Council Backs New Water Plant\n\nBy Ann Lee\n\n{TEXT}\n\n{MORE}\n\nMost Read\n" + _grid(GRID)
    segments = segment_text(page)
    assert [s.title for s in segments] == ["Council Backs New Water Plant"]
    assert GRID[2][0] in page[segments[0].start : segments[0].end]  # kept in its page, not lost


def test_a_grid_with_an_item_whose_headline_is_missing_is_still_one_grid():
    items = [GRID[0], GRID[1], ("", "Celebrity", GRID[2][2]), GRID[3]]
    grid = "\n".join(line for item in items for line in item if line) + "\n"
    page = f"Council Backs New Water Plant\n\nBy Ann Lee\n\n{TEXT}\n\n{MORE}\n\nMost Read\n" + grid
    assert [s.title for s in segment_text(page)] == ["Council Backs New Water Plant"]


MENU = ["Best Laptops", "Best Gaming Laptops", "Best Gaming PC", "Best PC Gaming Chair", "Best Phone",
        "Best TV", "Best Smartwatch"]


def test_a_menu_item_cased_like_a_headline_heads_no_article():
    # a text browser's dump: the page's text under a rule, then a menu of links cased like headlines
    menu = "\n".join(f"     * {item}" for item in MENU)
    rule = "   " + "_" * 60
    page = (
        f"   Council Backs New Water Plant\n\n   By Ann Lee\n\n   {TEXT}\n\n   {MORE}\n\n{rule}\n\n"
        f"   {OTHER}\n\n   {OTHER_MORE}\n\nUseful links\n\n{menu}\n\n   {OTHER}\n\n   {OTHER_MORE}\n"
    )
    titles = [s.title for s in segment_text(page)]
    assert titles[0] == "Council Backs New Water Plant"
    assert "Best PC Gaming Chair" not in titles


def test_a_browser_title_over_its_own_headline_opens_the_next_page():
    # copy-paste of two pages on one subject run straight on: the second opens with the browser's
    # title ("Headline - Site"), the headline again, its source line, then its text
    page = (
        f"{AR_HEAD_1}\n\n{AR_TEXT}\n\n{AR_MORE}\n\nاترك رد\n\n"
        f"{AR_HEAD_2} - It's Over 9000!\n\n{AR_HEAD_2}\n\nبلدي نيوز-إدلب (محمد وليد جبس)\n\n"
        f"{AR_OTHER}\n\n{AR_OTHER_MORE}\n"
    )
    assert [s.title for s in segment_text(page)] == [AR_HEAD_1, AR_HEAD_2]


HR = "     " + "_" * 66  # a text browser's drawing of a page's own <hr>, indented with its text


def test_a_text_browsers_indented_rule_is_the_pages_own_not_a_seam():
    page = (
        f"   Council Backs New Water Plant\n\n   By Ann Lee\n\n   Reporter\n{HR}\n\n"
        f"   4 minute read\n{HR}\n\n   28 November 2025\n{HR}\n\n   {TEXT}\n\n   {MORE}\n"
    )
    segments = segment_text(page)
    assert [s.title for s in segments] == ["Council Backs New Water Plant"]
    assert segments[0].header_date is not None and segments[0].header_date[0] == "2025-11-28"


def test_a_related_box_inside_a_pages_header_does_not_hide_its_headline():
    # the second page: headline, byline, date, a "Related articles" box of links, then its text
    second = (
        "   Home » News » Ports\n\n   Port Opens Its Extended Quay to the Largest Ships\n\n   By Sam Roe\n\n"
        "   28 November 2025\n\n   RELATED ARTICLES\n\n   [12]Cranes arrive at the port\n\n"
        f"   [13]Storm delays the work on the quay\n\n   {OTHER}\n\n   {OTHER_MORE}\n"
    )
    page = f"   Council Backs New Water Plant\n\n   By Ann Lee\n\n   {TEXT}\n\n   {MORE}\n\n{second}"
    titles = [s.title for s in segment_text(page)]
    assert titles == ["Council Backs New Water Plant", "Port Opens Its Extended Quay to the Largest Ships"]


def test_a_byline_glued_to_the_end_of_a_headline_leaves_the_title():
    page = f"{AR_HEAD_1} ،،، بقلم : مشعل السعيد\n\n{AR_TEXT}\n\n{AR_MORE}\n"
    [segment] = segment_text(page)
    assert segment.title == AR_HEAD_1
    assert segment.byline == "بقلم : مشعل السعيد"


def test_a_standfirst_under_the_headline_does_not_take_its_place():
    # the standfirst sums the text up in its words ("members", "argued", "cost", "loan") better than
    # the headline does, but the headline heads it
    page = (
        "Sign in\n\nNews | Politics\n\nMayor: Why the town cannot wait any longer for clean water\n\n"
        "Council members argued for hours about the cost of the new water plant and the loan that "
        "residents say is overdue\n\nAnn Lee 5 hours ago\n\n"
        f"{TEXT}\n\n{MORE}\n"
    )
    [segment] = segment_text(page)
    assert segment.title == "Mayor: Why the town cannot wait any longer for clean water"


def test_an_arabic_headline_with_a_latin_acronym_is_still_an_arabic_headline():
    # copy-paste glued the second page's headline to the first page's last paragraph; the headline
    # names an acronym in Latin letters, which must not make it "cased" like an English line
    head = 'وزارة المياه تشارك في مؤتمر "COP 28" لبحث أزمة الجفاف'
    page = f"{AR_HEAD_1}\n\n{AR_TEXT}\n\n{AR_MORE}\n{head}\n{AR_OTHER}\n\n{AR_OTHER_MORE}\n"
    assert [s.title for s in segment_text(page)] == [AR_HEAD_1, head]


def test_a_grids_teasers_are_not_left_in_the_article_text():
    page = f"Council Backs New Water Plant\n\nBy Ann Lee\n\n{TEXT}\n\n{MORE}\n\nMost Read\n" + _grid(GRID)
    [segment] = segment_text(page)
    assert TEXT in segment.body
    assert not any(GRID[1][2] in paragraph for paragraph in segment.body)


def test_text_that_goes_on_under_a_rule_is_the_same_article():
    # pandoc draws an article's own <hr> (a chart left out) as a dashed line at the margin; scraped
    # pages glued by "***" make such lines look like seams, but "But so far, ..." opens no article
    rule = "-" * 72
    first = (
        f"Council Backs New Water Plant\n\n{TEXT}\n\n{MORE}\n\n{rule}\n\n{rule}\n\n"
        "But so far, residents of the northern districts have rejected the plan, and the council "
        "has not said when it will answer the petition they sent last month.\n"
    )
    assert _titles_of_three(first, "\n***\n\n", "\n***\n\n") == THREE


THREE = [
    "Council Backs New Water Plant", "Port Opens Its Extended Quay",
    "Mayor Sets Out Plans for Two New Schools",
]


def _titles_of_three(first: str, seam: str, seam_after: str) -> list[str | None]:
    """The titles of ``first`` and two more pages glued after it by the given seams."""
    second = f"Port Opens Its Extended Quay\n\n{OTHER}\n\n{OTHER_MORE}\n"
    third = f"Mayor Sets Out Plans for Two New Schools\n\n{TEXT}\n\n{OTHER}\n"
    return [s.title for s in segment_text(f"{first}{seam}{second}{seam_after}{third}")]


def test_a_share_boxs_copy_link_address_is_no_seam():
    first = (
        f"Council Backs New Water Plant\n\n{TEXT}\n\n{MORE}\n\nhttps://example.org/news/council-backs\n"
        "(BUTTON) Copy\n\nPopular stories\n\n* ACROSS THE REGION\n"
        "  How the language of the river people made its way into the city\n  Example News • July 23, 2021\n"
        "* SCHOOLS\n  Mayor Sets Out Plans for Two New Schools Next Year\n  Example News • May 24, 2022\n"
    )
    seams = ("\nhttps://example.org/news/port-opens\n\n", "\nhttps://example.org/news/schools\n\n")
    assert _titles_of_three(first, *seams) == THREE


def test_a_headline_wrapped_by_a_text_browser_is_one_title():
    # lynx wraps a title-case headline before its last words; the break is on "a", which no
    # headline ends with
    page = (
        "Archaeologists Just Discovered a 2,500-Year-Old Lost City Atop a\nGreek Mountain Peak\n\n"
        f"   By Sage Lazzaro • 12/16/16 12:21pm\n\n   {TEXT}\n\n   {MORE}\n"
    )
    [segment] = segment_text(page)
    assert segment.title == (
        "Archaeologists Just Discovered a 2,500-Year-Old Lost City Atop a Greek Mountain Peak"
    )


def test_an_image_title_between_a_menu_and_its_widgets_is_no_headline():
    # lynx: a submenu, an image's alt text ("Flag of United States"), the edition picker's widgets,
    # then the story's section, date and headline
    menu = "\n".join(f"     * {item}" for item in ["Business", "Markets", "World", "Politics", "TV", "More"])
    page = (
        f"   Directory of sites\n   Login\n   Contact\n{menu}\n\n   Flag of United States\n   United States\n"
        "   ____________________\n   (BUTTON) (BUTTON)\n\n   Business News\n"
        "   November 19, 2019 / 12:21 AM / Updated 14 hours ago\n\n"
        f"Oversupply angst drags oil lower, stocks drift near highs\n\n   {TEXT}\n\n   {MORE}\n"
    )
    [segment] = segment_text(page)
    assert segment.title == "Oversupply angst drags oil lower, stocks drift near highs"


def test_a_headline_printed_again_in_the_pages_recommended_list_is_still_its_headline():
    # w3m: breadcrumb, the headline over its date, the story, then "Recommended for you" repeats the
    # headline far below (twice, as a link and as its image's title)
    page = (
        "1. Home\n2. News Extra\n\ntop story\n\nMelissa charged with killing her mom\n\nApr 28, 2022\n"
        f"10 hrs ago\n\n{TEXT}\n\n{MORE}\n\n"
        + "\n".join(f"Paragraph {n} of the story goes on." for n in range(8))
        + "\n\n*\n\nRECOMMENDED FOR YOU\n\nMelissa charged with killing her mom\n"
        "Melissa charged with killing her mom\n"
    )
    assert segment_text(page)[0].title == "Melissa charged with killing her mom"


def test_a_bullet_saved_as_a_question_mark_is_still_a_bullet():
    # w3m's "•" saved in Windows-1252 becomes "?": "? Audio & Video" is a menu item, not a question
    assert strip_markup("? Audio & Video") == ("Audio & Video", 0)
    assert strip_markup("? أخبار محلية") == ("أخبار محلية", 0)
    assert strip_markup("?? What happened") == ("?? What happened", 0)


def test_html2texts_rule_between_a_headline_and_its_byline_is_the_pages_own():
    # html2text draws each page's <hr> as "* * *"; the scraper's seam is the long dashed line
    seam = "-" * 40
    page = (
        f"Council Backs New Water Plant\n\n* * *\n\nBy Ann Lee\n\nNovember 8, 2023\n\n{TEXT}\n\n{MORE}\n\n"
        f"{seam}\n\nPort Opens Its Extended Quay to the Largest Ships\n\n* * *\n\nBy Sam Roe\n\n"
        f"November 9, 2023\n\n{OTHER}\n\n{OTHER_MORE}\n\n* * *\n\nAbout us\n"
    )
    segments = segment_text(page)
    assert [s.title for s in segments] == [
        "Council Backs New Water Plant", "Port Opens Its Extended Quay to the Largest Ships"
    ]
    assert segments[1].header_date is not None and segments[1].header_date[0] == "2023-11-09"


@pytest.mark.parametrize(
    "line",
    ["Showing posts with label Politics. Show all posts",
     "إظهار الرسائل ذات التسميات سياسة. إظهار كافة الرسائل"],
)
def test_a_blogs_label_banner_is_furniture(line):
    assert classify(line) is Kind.NAV


def test_a_headline_under_a_trending_list_with_its_byline_and_date_opens_its_page():
    # "Trending Now" and its bare headlines, a section label, then the page's own headline with its
    # byline and date: one header, not a list of dated teasers
    trending = "\n".join([
        "Trending Now", "Police Charge Two Men After a Raid on the Harbour Warehouse",
        "Minister Opens the New Terminal at the Northern Airport",
        "Storm Warning Issued for the Eastern Islands This Weekend", "Breaking News", "Regional",
    ])
    page = (
        f"Council Backs New Water Plant\n\nBy Ann Lee\n\n{TEXT}\n\n{MORE}\n\n{trending}\n"
        "Port Opens Its Extended Quay to the Largest Ships\nBy\nSam Roe\n-\nApril 28, 2022\n"
        f"Facebook\nTwitter\n\n{OTHER}\n\n{OTHER_MORE}\n"
    )
    segments = segment_text(page)
    assert [s.title for s in segments] == [
        "Council Backs New Water Plant", "Port Opens Its Extended Quay to the Largest Ships"
    ]
    assert segments[1].start > page.index("Regional")  # the teasers stay with the page above


def test_a_form_feed_at_the_head_of_a_pages_first_line_is_a_seam():
    # each later page's menu starts with a form feed and no headline stands out after it
    menu = "          * Local News\n          * Sports\n          * Business\n"
    page = (
        f"{menu}\nCouncil Backs New Water Plant\n\n{TEXT}\n\n{MORE}\n\n"
        f"\f{menu}\nPort Opens Its Extended Quay\n\n{OTHER}\n\n{OTHER_MORE}\n\n"
        f"\f{menu}\nMayor Sets Out Plans for Two New Schools\n\n{TEXT}\n\n{OTHER}\n"
    )
    assert [s.title for s in segment_text(page)] == [
        "Council Backs New Water Plant", "Port Opens Its Extended Quay",
        "Mayor Sets Out Plans for Two New Schools",
    ]


def test_a_printers_page_breaks_inside_one_text_split_nothing():
    # pdftotext and friends put a form feed at every page end, in the middle of sentences
    page = (
        f"Report on the Water Supply\n\n{TEXT} {MORE} And the\n\fmembers of the council agreed to look again "
        f"at the loan. {OTHER}\n\f\nthe mayor said that the town {OTHER_MORE}\n"
    )
    assert [s.title for s in segment_text(page)] == ["Report on the Water Supply"]


def test_a_menus_bullet_item_is_not_the_pages_title():
    page = (
        "   Trending\n     * MacBook Neo review\n     * Best laptop\n     * Galaxy S26 Ultra Review\n\n"
        "   Google adds a new search box to its home page, and classic results stay\n\n   News\n"
        f"   By Lance Ulanoff published 19 May 2026\n\n   {TEXT}\n\n   {MORE}\n"
    )
    [segment] = segment_text(page)
    assert segment.title == "Google adds a new search box to its home page, and classic results stay"
    assert split_lines(page)[1].bullet and not split_lines(page)[4].bullet


def _long_page(title: str, first: str, second: str, tail: str = "") -> str:
    menu = "\n".join(f"  • Section {n}" for n in range(40))  # the site's menu: saved pages are long
    video = "https://youtu.be/jDGX2Qjk5HA\nOur latest issue"
    return f"{menu}\n\n{title}\n\n{first}\n\n{video}\n\n{second}\n\n{tail}"


def test_a_scrapers_short_separator_far_apart_is_a_seam_though_one_follows_a_date():
    # "=====" between saved pages (one page ends with its footer's date right above it): the pages'
    # own video links, alone on their lines, are no seams then
    pages = [
        _long_page("Council Backs New Water Plant", TEXT, MORE, "November 8, 2023\n"),
        _long_page("Port Opens Its Extended Quay", OTHER, OTHER_MORE),
        _long_page("Mayor Sets Out Plans for Two New Schools", TEXT, OTHER),
        _long_page("Storm Delays the Work on the Quay Again", OTHER_MORE, MORE),
    ]
    page = "=====\n".join(pages)
    assert [s.title for s in segment_text(page)] == [
        "Council Backs New Water Plant", "Port Opens Its Extended Quay",
        "Mayor Sets Out Plans for Two New Schools", "Storm Delays the Work on the Quay Again",
    ]


def _block(title: str, date: str, author: str = "Jo Roe") -> str:
    return f'---\ntitle: {title}\nauthor: {author}\nsitename: Example News\ndate: "{date}"\n---\n'


def test_pages_saved_under_their_browser_titles_around_front_matter_blocks():
    # a scraper writes each page's <title> on a line of its own, then the page: some pages with a
    # front matter block, some (without metadata) only their text
    port = _block("Port Opens Its Extended Quay", "2017-10-12")
    vests = _block("Yellow Vests and I — Pamela Anderson", "2018-12-04", "Pamela Anderson")
    page = (
        f"Council Backs New Water Plant - Example News\n\n{TEXT}\n{MORE}\n\n"
        f"Port Opens Its Extended Quay | Example News\n\n{port}{OTHER}\n{OTHER_MORE}\n\n"
        f"Mayor Sets Out Plans for Two New Schools - Townsfolk\n\n{TEXT}\n{OTHER}\n\n"
        f"Yellow Vests and I — Pamela Anderson\n\n{vests}{OTHER_MORE}\n{MORE}\n"
    )
    segments = segment_text(page)
    assert [s.title for s in segments] == [
        "Council Backs New Water Plant", "Port Opens Its Extended Quay",
        "Mayor Sets Out Plans for Two New Schools", "Yellow Vests and I",
    ]
    assert page[segments[1].start :].startswith("Port Opens Its Extended Quay | Example News")
    assert [s.header_date[0] if s.header_date else None for s in segments] == [
        None, "2017-10-12", None, "2018-12-04"
    ]
    assert "".join(page[s.start : s.end] for s in segments) == page  # nothing before a block is lost


def test_a_headline_ending_on_a_small_word_keeps_its_dateline():
    # "... the Talks That" over "Wednesday, 09 October 2019": a dateline is never the end of a wrap
    head = "Council Members and the Mayor Meet Again After the Talks That"
    page = f"{head}\nWednesday, 09 October 2019\n\n{TEXT}\n\n{MORE}\n"
    [segment] = segment_text(page)
    assert segment.title == head
    assert segment.header_date is not None and segment.header_date[0] == "2019-10-09"
