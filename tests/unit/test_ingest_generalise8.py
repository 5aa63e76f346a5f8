"""An eighth round of page shapes (made-up pages): pages a scraper saved after a page break under a
front matter block's text are pages of their own, a section break inside the block's text is not;
an article's own pictures (alt text, caption, credit) and a "top stories" box are no seam."""

from __future__ import annotations

import pytest

from reader.ingest.lines import Kind, classify
from reader.ingest.segment import segment_text
from tests.unit.test_ingest_generalise import MORE, TEXT  # the same two paragraphs of running text
from tests.unit.test_ingest_generalise2 import AR_MORE, AR_TEXT
from tests.unit.test_ingest_generalise5 import OTHER, OTHER_MORE

BLOCK = "---\ntitle: Port Opens Its Extended Quay\nauthor: Ann Lee\ndate: \"2017-10-12\"\n---\n"


def test_pages_after_form_feeds_under_a_front_matter_block_are_their_own_articles():
    # trafilatura wrote one page with its block; the scraper appended two more bare, each after a
    # page break: one under its headline, one without any (its text only).
    page = (
        f"{BLOCK}{OTHER}\n{OTHER_MORE}\n"
        f"\f\nCouncil Backs New Water Plant\n{TEXT}\n{MORE}\n"
        f"\f\n{MORE}\n{TEXT}\n"
    )
    segments = segment_text(page)
    assert len(segments) == 3
    titles = [s.title for s in segments[:2]]
    assert titles == ["Port Opens Its Extended Quay", "Council Backs New Water Plant"]
    assert segments[0].header_date[0] == "2017-10-12"
    assert segments[1].boundary.reason == "a new page after a page break"  # what the reader is told
    assert not segments[1].header_date and not segments[2].header_date  # nothing borrowed from the block
    assert OTHER_MORE[:50] in "\n".join(segments[0].body)
    assert TEXT[:50] in "\n".join(segments[1].body) and MORE[:50] in "\n".join(segments[2].body)


def test_a_section_break_inside_a_front_matter_article_does_not_split_it():
    page = f"{BLOCK}{OTHER}\n\n* * *\n\nWhat Comes Next for the Quay\n\n{OTHER_MORE}\n\n---\n\n{MORE}\n"
    segments = segment_text(page)
    assert len(segments) == 1 and segments[0].title == "Port Opens Its Extended Quay"
    assert MORE[:50] in "\n".join(segments[0].body)


CAPTIONED = (
    "   Harbour Works Delayed Again After Storm Damage\n\n   By Jo Roe\n\n   3 Nov 2023\n\n"
    "   The harbour works that were due to finish this autumn have been delayed\n"
    "   again after last week's storm damaged the new quay, the council said.\n\n"
    "   Engineers found cracks in two of the concrete sections laid in the\n"
    "   summer, and the contractor has been asked to replace them before the\n"
    "   winter tides.\n\n"
    "   READ MORE: 'It was a complete surprise' - Fishermen count the cost of\n"
    "   the storm on the north quay\n\n"
    "   The new quay seen from the lighthouse the morning after the\n"
    "   storm\n\n"
    "   The new quay seen from the lighthouse the morning after the\n"
    "   storm (Image: Jo Roe)\n\n"
    "   Cracks in the concrete\n\n"
    "   Cracks in the concrete\n\n"
    "   The council's spokesperson said the delay would not add to the cost of\n"
    "   the works, which is covered by the contractor's insurance.\n\n"
    "   Fishing boats will use the old quay until the spring, and the harbour\n"
    "   master has asked skippers to book their berths a day ahead.\n\n"
    "   The ferry timetable is not affected, the operator said on Friday.\n\n"
    "   Read more of today's top stories here\n"
)  # a lynx dump of a regional news page (its lines wrapped, indented)


def test_pictures_inside_an_article_do_not_make_a_seam():
    # Each picture is its alt text, then the same words with the credit (or without); a "READ MORE"
    # link above them. Furniture, but the article's own: no new page starts under it.
    segments = segment_text(CAPTIONED)
    assert [s.title for s in segments] == ["Harbour Works Delayed Again After Storm Damage"]
    assert "The ferry timetable is not affected" in "\n".join(segments[0].body)


def test_a_top_stories_box_is_a_separator():
    for text in ("Top news stories today", "Top stories this week", "Latest news"):
        assert classify(text) is Kind.SEPARATOR, text


@pytest.mark.parametrize("text", [
    "Try Courier Premium for FREE by clicking here for no ads, puzzles and new features.",
    "Follow Manchester Evening News",
    "Will you offer us a hand? Every gift, regardless of size, fuels our future.",
    "You can support us for as little as $1 a month.",
    "YOU MAY ALSO LIKE: Bank Of England To Hold Borrowing Costs At 16-Year High",
    "facebooktwitterflipboardwhatsapp",
    "Source: PM | Duration: 3min 13sec",
    "Back to the front page",
    "عدد المقالات 194",  # an author box's counter
    "312 posts",
    "للمزيد: موقع الأخبار، للتواصل الاجتماعي تابعنا على فيسبوك وتويتر",
    "إقرأ ايضاً:طيران أديل تفتح أبواب التوظيف",
    "اقرأ أيضًا: وفاة 4 لاعبين بسبب الإعصار",  # its tanween written over the ض
    "View this post on Instagram",
    "Dark Mode Go Top",
    "SUPPORT THE COURIER ON FACEBOOK",
    "Like us on Facebook",
    "Become a Courier Supporter on Facebook to watch the news 24/7",
    "Something went wrong with the connection!",
    "The video will auto-play soon8Cancel",
    "Powered by WordPress",
])
def test_a_page_s_widgets_and_appeals_are_furniture(text):
    assert classify(text) in (Kind.NAV, Kind.BOILER), text


@pytest.mark.parametrize("text", [
    "Follow the money",  # a subhead
    "Supporters of the bill said it would help every family in the valley.",
    "Residents were told to click on the council's website to register for the scheme.",
    "The duration of the works is not yet known, the council said.",
    "5 articles about the war",
    "Supporters rallied on Facebook and in the streets of the capital.",
    "Developed by the ministry, the plan aims to cut emissions by half.",
])
def test_the_story_s_own_lines_stay(text):
    assert classify(text) not in (Kind.NAV, Kind.BOILER), text


@pytest.mark.parametrize("text", ["What to watch next", "مقالات من نفس التصنيف ..."])
def test_a_page_s_teaser_box_heading_is_a_separator(text):
    assert classify(text) is Kind.SEPARATOR


@pytest.mark.parametrize("text", ["==== 2 / 4 ====", "----- Page 3 of 7 -----", "=== صفحة 2 ==="])
def test_a_scraper_s_page_header_is_a_seam(text):
    assert classify(text) is Kind.RULE


def test_pages_under_numbered_page_headers_are_articles():
    page = (
        f"==== 1 / 3 ====\nCouncil Backs New Water Plant\n{TEXT}\n{MORE}\n"
        f"==== 2 / 3 ====\nHarbour Works Delayed Again\n{OTHER}\n{OTHER_MORE}\n"
        f"==== 3 / 3 ====\nالمياه تعود إلى أحياء المدينة\n{AR_TEXT}\n{AR_MORE}\n"
    )
    assert [s.title for s in segment_text(page)] == [
        "Council Backs New Water Plant", "Harbour Works Delayed Again", "المياه تعود إلى أحياء المدينة"
    ]
