"""The splitter on pages it was not written against: shapes, not strings."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.ingest.segment import parse_byline, segment_text

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
