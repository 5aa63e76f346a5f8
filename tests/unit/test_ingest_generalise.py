"""Shapes of scraped pages the splitter and dater must read the same way on any site (made-up pages)."""

from __future__ import annotations

from reader.ingest.dates import looks_like_date_line, parse_header_date
from reader.ingest.lines import Kind, classify, split_lines
from reader.ingest.segment import segment_text

TEXT = (
    "The council met on Tuesday to discuss the budget, and members argued for several hours about "
    "the cost of the new water plant before a vote was finally taken late in the evening."
)
MORE = (
    "Residents who spoke at the meeting said the plant was overdue, while two members warned that "
    "the loan would weigh on the town's accounts for a decade and asked for an independent review."
)


def test_a_menu_keeps_going_through_its_boilerplate_items():
    menu = "Sport\nSubscribe\nWeather\nNewsletters\nTravel\n"
    kinds = {line.text: line.kind for line in split_lines(f"{TEXT}\n\n{menu}\n{MORE}\n")}
    assert [kinds[w] for w in ("Sport", "Weather", "Travel")] == [Kind.NAV] * 3


def test_a_numbered_most_read_list_inside_a_page_opens_no_article():
    page = (
        f"Harbour Workers Strike Over Pay\nBy Jane Doe\n\n{TEXT}\n\n{MORE}\n\n"
        "1. Council Approves The New Water Plant\nAnna Smith\n\n"
        "2. Storm Closes Schools Across The Region\nOmar Ali\n\n"
        "3. Local Team Wins The Regional Final Again\nLena Berg\n\n"
        f"{TEXT}\n\n{MORE}\n"
    )
    assert [s.title for s in segment_text(page)] == ["Harbour Workers Strike Over Pay"]


def test_teasers_with_a_summary_and_their_buttons_are_not_articles():
    summary = (
        "A short summary of another story sits under each teaser headline, long enough to look like a "
        "paragraph of running text when the list is read on its own without the buttons around it."
    )
    items = "".join(
        f"{headline}\n\n{headline}\n\n{summary}\n\nSave\nMore like this\nFewer like this\n\n"
        for headline in (
            "Bridge Reopens After Two Years Of Repairs",
            "Museum Returns Stolen Paintings To Owners",
            "Farmers Count The Cost Of A Dry Summer",
        )
    )
    page = f"Harbour Workers Strike Over Pay\nBy Jane Doe\n\n{TEXT}\n\n{MORE}\n\n{items}"
    assert [s.title for s in segment_text(page)] == ["Harbour Workers Strike Over Pay"]


def test_a_date_under_the_text_at_the_end_of_the_page_dates_it():
    (seg,) = segment_text(f"Harbour Workers Strike Over Pay\n\n{TEXT}\n\n{MORE}\n\n| 3 March 2019\n")
    assert seg.header_date is not None and seg.header_date[0] == "2019-03-03"


def test_a_date_above_the_next_glued_page_does_not_date_the_one_before():
    first, second = segment_text(
        f"Harbour Workers Strike Over Pay\n\n{TEXT}\n\n{MORE}\n\nMonday 4 March 2019\n\n"
        f"Bridge Reopens After Two Years Of Repairs\nBy Omar Ali, 5 March 2019\n\n{MORE}\n\n{TEXT}\n"
    )
    assert first.header_date is None
    assert second.header_date is not None and second.header_date[0] == "2019-03-05"


def test_a_dateline_set_out_with_slashes_is_a_date_not_a_breadcrumb():
    assert classify("March 4, 2021 / 9:15 AM / Updated 3 hours ago") is Kind.DATE
    assert classify("Home / World / Asia") is Kind.NAV


def test_a_two_digit_year_is_read_only_as_a_time_stamp_and_only_when_unambiguous():
    assert parse_header_date("By Sam Lee • 11/23/19 4:05pm") == ("2019-11-23", "day")
    assert parse_header_date("23.11.19 16:05") == ("2019-11-23", "day")
    assert parse_header_date("4/05/19 4:05pm") is None  # April 5 or 4 May: no date rather than a wrong one
    assert not looks_like_date_line("4/05/19 4:05pm")
    assert parse_header_date("Final score 11/23/19") is None  # no clock time: not a stamp
