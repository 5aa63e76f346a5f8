"""An eighth round of page shapes (made-up pages): pages a scraper saved after a page break under a
front matter block's text are pages of their own; a section break inside the block's text is not."""

from __future__ import annotations

from reader.ingest.segment import segment_text
from tests.unit.test_ingest_generalise import MORE, TEXT  # the same two paragraphs of running text
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
