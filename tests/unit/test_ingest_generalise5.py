"""A fifth round of page shapes the splitter must read right on any site (made-up pages).

A menu's "Latest news" over one page's own headline, links on an author's name, "More from" teaser
blocks, a paragraph pasted twice, an html2text rule under a byline, a "Next article" link: each
looks like something else to a rule that reads one line at a time.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.ingest.dates import infer_body_date
from reader.ingest.lines import Kind, _logical_lines, classify, is_separator, split_lines
from reader.ingest.segment import segment_text
from tests.unit.test_ingest_generalise import MORE, TEXT  # the same two paragraphs of running text
from tests.unit.test_ingest_generalise2 import AR_HEAD_1, AR_MORE, AR_OTHER, AR_OTHER_MORE, AR_TEXT

OTHER = (
    "Engineers at the port said the new cranes would double the number of containers handled each "
    "day, and the operator expects the first ships to dock at the extended quay before the summer."
)
OTHER_MORE = (
    "The extension cost more than planned after storms delayed the work twice, but the port authority "
    "said the higher fees paid by the largest carriers would cover the difference within five years."
)
MENU = "\n".join(["Home", "Latest news", "World", "Politics", "Business", "Sport", "Culture", "1. News",
                  "2. Politics"])


def test_one_headline_under_a_menus_latest_news_is_the_pages_own():
    # "Latest news" is a menu item here; a teaser list under it would have two headlines or more
    page = (
        f"Council Backs New Water Plant\n\nBy Ann Lee\n\n{TEXT}\n\n{MORE}\n\n{MENU}\n\n"
        "Port Opens Its Extended Quay to the Largest Ships\n\n"
        "The operator says the cranes will double the daily number of containers.\n\n"
        "October 23, 2025 5:50 pm CET\nBy Sam Roe\n\n"
        f"{OTHER}\n\n{OTHER_MORE}\n"
    )
    titles = [s.title for s in segment_text(page)]
    assert titles == ["Council Backs New Water Plant", "Port Opens Its Extended Quay to the Largest Ships"]


def test_a_related_list_of_two_dated_teasers_still_opens_no_article():
    page = (
        f"Council Backs New Water Plant\n\nBy Ann Lee\n\n{TEXT}\n\n{MORE}\n\nRelated\n\n"
        "Port Opens Its Extended Quay\n\nOctober 23, 2025\n\n"
        "Mayor Sets Out Plans for Two New Schools\n\nOctober 20, 2025\n"
    )
    assert [s.title for s in segment_text(page)] == ["Council Backs New Water Plant"]


@pytest.mark.parametrize(
    "line",
    ["More from Shawn Pogatchnik", "More in News", "More In Ask an Advisor", "More US Stories",
     "Our readers read next"],
)
def test_more_from_labels_announce_teasers(line):
    assert is_separator(line)


@pytest.mark.parametrize(
    "line", ["More from the minister was said today than in a year", "More people moved to the city in 2020."]
)
def test_sentences_starting_with_more_are_not_labels(line):
    assert not is_separator(line)


def test_a_link_on_the_authors_name_leaves_a_dateline():
    # lynx numbers the link on "Reuters"; what a reader sees is the agency and the date
    lines = split_lines("[53]Reuters November 18, 2019 11:03 PM\n")
    assert lines[0].kind is Kind.DATE
    assert split_lines("[12]Politics\n")[0].kind is Kind.NAV  # a bare link stays a link


def test_a_dated_byline_with_a_comment_counter_is_a_byline_and_dates_its_article():
    byline = "By TPN, in News, Portugal, Business, Property, Tourism · 31 Jan 2025, 20:02 · 0 Comments"
    assert classify(byline) is Kind.BYLINE
    assert classify("12 Comments") is Kind.NAV
    page = f"Port Opens Its Extended Quay\n\n{byline}\n\n{OTHER}\n\n{OTHER_MORE}\n"
    segment = segment_text(page)[0]
    assert segment.header_date is not None and segment.header_date[0] == "2025-01-31"


@pytest.mark.parametrize(
    "line",
    [
        "In News , Portugal , Business , Algarve - 02 Feb 2025, 19:02",
        "News, Portugal, Business, Algarve - 2 Feb 2025",
        "In World, Middle East | 12 May 2022",
    ],
)
def test_the_sections_a_page_is_filed_under_then_its_date_make_a_date_line(line):
    assert classify(line) is Kind.DATE


def test_a_headline_that_mentions_a_date_after_a_dash_stays_a_headline():
    assert classify("The war in Gaza, Israel and Hamas - a timeline of 7 October 2023") is Kind.SHORT
    assert classify("Pete Evans · CBC News · Posted: Oct 14, 2022 9:27 AM ET") is not Kind.DATE  # a byline


@pytest.mark.parametrize(
    "line",
    [
        "Share or comment on this article:",
        "Got a confidential news tip? We want to hear from you.",
        "Thanks for watching! Visit Website",
        "We apologize, but this video has failed to load.",
        "Share your thoughts with friends.",
        "Registration on or use of this site constitutes acceptance of our User Agreement",
        "Rating: 7 Votes",
        "Please login or signup to comment",
        "There was an error, please provide a valid email address.",
        "Thanks for signing up!",
        "A welcome email is on its way. If you don't see it, please check your junk folder.",
        "By signing up you consent to receive the above newsletter from",
        "We encountered an issue signing you up. Please try again",
        "Interested in more newsletters? Browse here.",
        "Get email updates from your favourite authors",
    ],
)
def test_more_site_widgets_are_furniture(line):
    assert classify(line) in (Kind.BOILER, Kind.NAV)


@pytest.mark.parametrize(
    "line",
    [
        "Thanks for watching the match with us, the coach told the crowd after the final whistle.",
        "The rating agency cut the country's score after the vote.",
        "Officials said voters must provide a valid identity card at the polling station.",
    ],
)
def test_sentences_about_those_widgets_stay_text(line):
    assert classify(line) not in (Kind.BOILER, Kind.NAV)


def test_a_headline_under_a_paragraph_pasted_twice_is_not_a_wrapped_line():
    # Copy-paste, no wrapping: a paragraph printed twice reaches the same width twice, and a third
    # line happens to be as wide; but longer lines with spaces in them around show that no tool
    # wrapped this text, so the next page's headline glued under the last paragraph stays its own line.
    def para(width: int, end: str = ".") -> str:
        words = " ".join(["word"] * width)[: width - 1]
        return words.rstrip() + end

    text = (
        f"{para(161)}\n\n{para(161)}\n{para(204)}\n{para(203)}\n{para(160)}\n"
        "Fire Crews Put Out a Grass Fire\n\n"
        f"{para(212)}\n\n{para(247)}\n\n{para(170)}\n"
    )
    joined = [raw for raw, *_ in _logical_lines(text)]
    assert "Fire Crews Put Out a Grass Fire" in joined


def test_a_wrapped_dump_is_still_unwrapped():
    words = ("the council met on tuesday to discuss the budget and members argued for several hours "
             "about the cost of the new water plant before a vote was taken late in the evening " * 3).split()
    rows, row = [], ""
    for word in words:
        if len(row) + 1 + len(word) > 72:
            rows.append(row)
            row = word
        else:
            row = f"{row} {word}".strip()
    rows.append(row)
    joined = [raw for raw, *_ in _logical_lines("\n".join(rows) + "\n")]
    assert len(joined) == 1


@given(st.lists(st.integers(min_value=1, max_value=230), min_size=1, max_size=30))
def test_unwrapping_keeps_every_character_whatever_the_widths(widths):
    text = "\n".join(("word " * (w // 5 + 1))[:w].strip() or "x" for w in widths) + "\n"
    joined = " ".join(raw for raw, *_ in _logical_lines(text))
    assert joined.split() == text.split()


def test_a_rule_under_a_byline_is_the_pages_own_not_a_seam_between_pages():
    # html2text prints a page's <hr> as "* * *", here under the byline and again lower down: the
    # scraper's seams between pages are the addresses, so the article is one
    page = (
        "https://example.org/2024/04/28/port-opens-quay\n\n"
        "Port Opens Its Extended Quay\n\nApril 28, 2024 3:00 AM\n\nBy Associated Press\n\n* * *\n\n"
        f"{OTHER}\n\n{OTHER_MORE}\n\n* * *\n\nShare\n\n"
        "https://example.org/2024/04/29/council-backs-plant\n\n"
        f"Council Backs New Water Plant\n\nApril 29, 2024\n\nBy Ann Lee\n\n* * *\n\n{TEXT}\n\n{MORE}\n"
    )
    segments = segment_text(page)
    assert [s.title for s in segments] == ["Port Opens Its Extended Quay", "Council Backs New Water Plant"]
    assert OTHER_MORE[:40] in "\n".join(segments[0].body)


def test_the_headline_a_next_article_link_names_opens_nothing():
    page = (
        f"Council Backs New Water Plant\n\nBy Ann Lee\n\n{TEXT}\n\n{MORE}\n\nNext article\n\n"
        "Port Becomes the Region's Busiest Container Hub\n\nPrevious article\n\n"
        "Schools Reopen After Storm\n\n"
        f"{OTHER}\n\n{OTHER_MORE}\n"
    )
    assert [s.title for s in segment_text(page)] == ["Council Backs New Water Plant"]


def test_arabic_pages_in_a_row_keep_splitting():
    page = f"{AR_HEAD_1}\n\n{AR_TEXT}\n\n{AR_MORE}\n\nالمقال التالي\n\n{AR_OTHER}\n\n{AR_OTHER_MORE}\n"
    assert [s.title for s in segment_text(page)][:1] == [AR_HEAD_1]


SUBHEAD_PAGE = (
    "{address}\n\nPort Opens Its Extended Quay to the Largest Ships\n"
    "The operator opened the new quay on Monday with a ceremony for dock workers and their families.\n"
    "New cranes on the quay\n"
    "Four cranes were shipped from abroad and assembled on site over the winter months.\n"
    "Fees for the largest carriers\n"
    "The port authority will raise fees for the largest carriers to cover the cost of the works.\n"
    "{next_address}\n\nCouncil Backs New Water Plant\n\nBy Ann Lee\n\n" + TEXT + "\n\n" + MORE + "\n"
)


def test_a_page_whose_address_names_its_headline_is_one_article_with_subheads():
    # Three short paragraphs each under a short heading look like a listing page's items; the
    # page's address spells out its headline, so they are one article's sections.
    page = SUBHEAD_PAGE.format(
        address="https://example.org/article/6878/port-opens-its-extended-quay-to-the-largest-ships",
        next_address="https://example.org/article/6879/council-backs-new-water-plant",
    )
    segments = segment_text(page)
    assert [s.title for s in segments] == [
        "Port Opens Its Extended Quay to the Largest Ships", "Council Backs New Water Plant"]
    assert "Fees for the largest carriers" in "\n".join(segments[0].body)


def test_a_listing_pages_items_still_open_articles():
    page = SUBHEAD_PAGE.format(address="https://example.org/category/port-news/",
                               next_address="https://example.org/article/6879/council-backs-new-water-plant")
    titles = [s.title for s in segment_text(page)]
    assert "New cranes on the quay" in titles and "Fees for the largest carriers" in titles


def test_a_headline_over_one_whole_lead_sentence_at_the_top_of_a_file_is_an_article():
    # A researcher's copy of a news item's top: its headline, a crawl stamp and its lead sentence.
    lead = ("The council backed a plan on Tuesday to turn the old harbour district into a new borough, "
            "a change residents have asked for since the last election.")
    page = (
        "Council Backs a New Borough for the Harbour\n\n"
        "Last updated 2025-03-27 20:00 - Source: Example Post\n\n"
        f"{lead}\n\nThursday, 20 September 2018\n\nPort Opens Its Extended Quay\n\n{OTHER}\n\n{OTHER_MORE}\n"
    )
    segments = segment_text(page)
    assert [s.title for s in segments] == ["Council Backs a New Borough for the Harbour",
                                           "Port Opens Its Extended Quay"]
    assert segments[0].body == [lead]


def test_a_sites_name_and_menu_at_the_top_of_a_file_still_go_with_the_first_article():
    page = (f"Example Post\n\nNews Sport Culture\n\nCouncil Backs New Water Plant\n\nBy Ann Lee\n\n"
            f"{TEXT}\n\n{MORE}\n")
    assert [s.title for s in segment_text(page)] == ["Council Backs New Water Plant"]


def test_a_section_label_over_an_arabic_headline_opens_it_across_a_stray_style_line():
    page = (
        f"{AR_HEAD_1}\n\n{AR_TEXT}\n\n{AR_MORE}\n\n#logo {{ margin-top: 10px !important; }}\n"
        f"آخر الأخبارأخبار عربية\n\nالحكومة تطلق حملة وطنية لترشيد استهلاك المياه خلال الصيف\n\n"
        f"{AR_OTHER}\n\n{AR_OTHER_MORE}\n"
    )
    segments = segment_text(page)
    headline = "الحكومة تطلق حملة وطنية لترشيد استهلاك المياه خلال الصيف"
    assert [s.title for s in segments] == [AR_HEAD_1, headline]
    assert AR_OTHER[:30] in "\n".join(segments[1].body)


def test_an_images_alt_text_and_address_is_no_headline():
    image = "print header logo https://www.example.com/news/crime/article/The-Latest-Man-stabbed.php"
    assert classify(image) is Kind.NAV
    sentence = "Read the full report from the commission here: https://example.org/report.pdf"
    assert classify(sentence) is not Kind.NAV


def test_a_most_read_ranking_glued_into_one_line_is_furniture():
    ranking = ("#1 'Why don't you arrest that man?', Trump asks over a chant #2 Budget vote delayed again as "
               "parties clash over tax #3 Storm leaves thousands without power " * 2)
    assert classify(ranking.strip()) is Kind.NAV
    sentence = "#1 seed Nadal beat the #2 seed in straight sets to win the title on Sunday."
    assert classify(sentence) is not Kind.NAV


def test_a_headline_printed_twice_under_a_ticker_opens_its_article_at_its_first_copy():
    ticker = "\n".join(
        f"Headline number {n} about another story NEW DELHI: The first words of story {n} run on here"
        + " and on" * (3 * n) + "." for n in range(1, 6)
    )
    page = (
        f"https://example.org/news/one\n\nCouncil Backs New Water Plant\n\nBy Ann Lee\n\n{TEXT}\n\n{MORE}\n\n"
        f"https://example.org/news/port-opens-quay/\n\nBreaking News\n{ticker}\n\n"
        "Port Opens Its Extended Quay\n\nPort Opens Its Extended Quay\nNovember 20\n\n"
        f"{OTHER}\n\n{OTHER_MORE}\n\n"
        f"https://example.org/news/three\n\nMayor Opens Two New Schools\n\nBy Sam Roe\n\n{MORE}\n\n{TEXT}\n\n"
        f"https://example.org/news/four\n\nBridge Repairs Finish Early\n\nBy Sam Roe\n\n{TEXT}\n\n{MORE}\n"
    )
    segments = segment_text(page)
    port = next(s for s in segments if s.title == "Port Opens Its Extended Quay")
    assert page[port.start:].startswith("Port Opens Its Extended Quay\n\nPort Opens")


AR_NEXT_HEAD = "مجلس الوزراء ينعقد اليوم في دورته العادية"
AR_NEXT = ("اجتمع مجلس الوزراء في القصر الرئاسي تحت رئاسة رئيس الجمهورية، وناقش عددا من مشاريع القوانين "
           "والمراسيم المتعلقة بالصحة والتعليم والطاقة.")
AR_NEXT_MORE = ("وينعقد اجتماع الحكومة اليوم بعد يومين من احتجاجات شهدتها العاصمة للمطالبة بتحسين الخدمات "
                "وخفض الأسعار.")


def test_a_headline_whose_text_is_spaced_unlike_the_text_above_opens_a_page():
    # Two pages copied one after the other: the first spaced its paragraphs with blank lines, the
    # second glues them; its headline, same subject or not, opens it.
    page = f"{AR_HEAD_1}\n\n{AR_TEXT}\n\n{AR_MORE}\n\n{AR_NEXT_HEAD}\n{AR_NEXT}\n{AR_NEXT_MORE}\n"
    assert [s.title for s in segment_text(page)] == [AR_HEAD_1, AR_NEXT_HEAD]


def test_a_subhead_spaced_like_its_article_stays_inside_it():
    page = f"{AR_HEAD_1}\n\n{AR_TEXT}\n\n{AR_MORE}\n\n{AR_NEXT_HEAD}\n\n{AR_NEXT}\n\n{AR_NEXT_MORE}\n"
    glued = f"{AR_HEAD_1}\n{AR_TEXT}\n{AR_MORE}\n{AR_NEXT_HEAD}\n{AR_NEXT}\n{AR_NEXT_MORE}\n"
    assert len(segment_text(glued)) == 1
    assert len(segment_text(page)) == 1


def test_a_tags_attributes_printed_by_a_dump_are_markup():
    line = 'href="https://www.youtube-nocookie.com/embed/nZwcirx?wmode=opaque&amp;autohide=1">Embedded video'
    assert classify(line) is Kind.NAV


@pytest.mark.parametrize(
    "text",
    [
        "The Sfax International Festival 2013 opens on 17 July and closes on 16 August with local acts.",
        "تُقام فعاليات مهرجان صفاقس الدولي 2013 بين 17 جويلية و16 أوت بعروض تونسية.",
    ],
)
def test_a_year_at_the_end_of_a_festivals_name_does_not_date_the_text(text):
    assert infer_body_date(text).value is None


def test_a_festivals_full_date_still_dates_the_text():
    # the name's word is near, but the year belongs to a whole date
    text = "Organisers of the festival said on 17 July 2013 that every ticket had been sold."
    assert infer_body_date(text).value == "2013-07-17"


def test_a_blogs_entry_meta_under_the_text_dates_the_post_and_its_comments_stay_out():
    page = (
        "JSON Parsing: A Fast Parser Compared\n\n"
        f"{TEXT}\n\n{MORE}\n\n{OTHER}\n\nPublished by\n\nAnn Lee\n\n"
        "A computer science professor at the University of Quebec. View all posts by Ann Lee\n\n"
        "Posted on August 2, 2019August 2, 2019Author Ann LeeCategories\n\n"
        "5 thoughts on “JSON Parsing: A Fast Parser Compared”\n\n"
        "1. degski says:\nAugust 3, 2019 at 4:11 am\n\n"
        "Thanks for posting this, it is a very useful comparison and I will try the parser at work soon.\n"
    )
    segments = segment_text(page)
    assert [s.title for s in segments] == ["JSON Parsing: A Fast Parser Compared"]
    assert segments[0].header_date is not None and segments[0].header_date[0] == "2019-08-02"
    assert not any("Thanks for posting" in p for p in segments[0].body)
