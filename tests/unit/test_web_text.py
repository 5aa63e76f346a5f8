"""Web pages saved as text (text-browser dumps, markdown, copy-paste): the shapes the splitter reads.

Small pages written in the shapes real converters produce (lynx numbers links and wraps at 78
columns, html2text writes markdown, scrapers glue pages with a URL line); the real pages these shapes
come from are in ``tests/data/realworld``.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.ingest.corpus import documents_of_file
from reader.ingest.lines import Kind, split_lines, strip_markup
from reader.ingest.loader import SourceFile
from reader.ingest.segment import segment_text

PARA_EN = (
    "The council met on Tuesday to discuss the budget, and members argued for several hours about the "
    "cost of the new water plant before a vote was finally taken late in the evening."
)
PARA_AR = (
    "وقال المتحدث باسم الحكومة إن الاجتماع ناقش الأوضاع الاقتصادية والأمنية في البلاد، وأكد أن الحكومة "
    "ماضية في تنفيذ خطتها رغم الصعوبات التي تواجهها منذ أشهر."
)


def wrap(text: str, width: int = 78, indent: str = "   ") -> str:
    """Wrap like ``lynx -dump``: words never split, lines at most ``width`` columns."""
    lines, line = [], indent
    for word in text.split():
        if len(line) + len(word) + (line != indent) > width:
            lines.append(line)
            line = indent + word
        else:
            line = line + (" " if line != indent else "") + word
    lines.append(line)
    return "\n".join(lines)


def lynx_page(headline: str, date: str, paragraphs: list[str]) -> str:
    items = ["Home", "World", "Politics", "Sport"]
    menu = "\n".join(f"     * [{n}]{item}" for n, item in enumerate(items, 1))
    body = "\n\n".join(wrap(p) for p in paragraphs)
    return (
        "   [1]Skip to content\n\n"
        f"{menu}\n\n"
        "   Search: ____________________ (BUTTON) Search\n\n"
        f"{headline}\n\n"
        f"   {date}\n\n"
        f"{body}\n\n"
        "   Share this:\n     * [20]Facebook\n     * [21]Twitter\n\n"
        "   Related\n\n     * [22]Another story about something else entirely\n"
        "     * [23]A third story, also only a teaser\n\n"
        "   © 2021 The Example Gazette. All rights reserved.\n"
    )


def test_wrapped_paragraphs_are_joined_and_keep_their_source_offsets():
    text = wrap(" ".join([PARA_EN] * 3))
    lines = split_lines(text)
    assert len(lines) == 1
    assert lines[0].text == " ".join([PARA_EN] * 3)
    assert text[lines[0].start : lines[0].end].split() == lines[0].text.split()


def test_a_headline_is_not_glued_to_the_dateline_under_it():
    headline = "Council Approves The New Water Plant After A Long And Bitter Debate Over Its Cost"
    text = f"{headline}\nTuesday, 10 January 2023\n{wrap(PARA_EN * 2, indent='')}"
    lines = split_lines(text)
    assert [line.text for line in lines[:2]] == [headline, "Tuesday, 10 January 2023"]
    assert lines[1].kind is Kind.DATE


def test_dump_markup_is_not_text():
    assert strip_markup("[12]Council approves plant") == ("Council approves plant", 0)
    heading = "# Council approves [new plant](https://x.example/a)"
    assert strip_markup(heading) == ("Council approves new plant", 1)
    assert strip_markup("**Editorial** _Opinion_ matters") == ("Editorial Opinion matters", 0)
    assert strip_markup("a value of 0[0]0 stays")[0] == "a value of 0[0]0 stays"


def test_furniture_lines_are_never_articles_or_titles():
    kinds = {
        line.text: line.kind
        for line in split_lines(
            "Skip to content\nتخطي إلى المحتوى\nHome > World > Middle East\nIFRAME: https://x.example\n"
            "Next Post\nPhoto: AFP\n(BUTTON) Search\nRelated\nمواضيع ذات صلة\nMost Read\n"
            "https://www.example.com/2021/03/03/story\n------------------------------"
        )
    }
    assert kinds["Skip to content"] is Kind.NAV
    assert kinds["تخطي إلى المحتوى"] is Kind.NAV
    assert kinds["Home > World > Middle East"] is Kind.NAV
    assert kinds["IFRAME: https://x.example"] is Kind.NAV
    assert kinds["Next Post"] is Kind.NAV
    assert kinds["Photo: AFP"] is Kind.NAV
    assert kinds["(BUTTON) Search"] is Kind.NAV
    assert kinds["Related"] is Kind.SEPARATOR
    assert kinds["مواضيع ذات صلة"] is Kind.SEPARATOR
    assert kinds["Most Read"] is Kind.SEPARATOR
    assert kinds["https://www.example.com/2021/03/03/story"] is Kind.RULE
    assert kinds["------------------------------"] is Kind.RULE


def test_one_lynx_page_is_one_article_with_its_headline_and_date():
    paragraphs = [f"Point {n}: {PARA_EN}" for n in range(3)]
    page = lynx_page("Council Approves New Water Plant", "March 3, 2021", paragraphs)
    (segment,) = segment_text(page)
    assert segment.title == "Council Approves New Water Plant"
    assert segment.header_date and segment.header_date[0] == "2021-03-03"
    clean = "\n".join(segment.body)
    for junk in ("Skip to content", "Facebook", "Another story", "All rights reserved", "Search"):
        assert junk not in clean
    assert clean.count("The council met on Tuesday") == 3


def test_pages_glued_by_their_urls_split_into_their_articles():
    pages = [
        lynx_page("Council Approves New Water Plant", "March 3, 2021", [PARA_EN] * 3),
        lynx_page("الحكومة تعلن خطة جديدة لدعم المزارعين", "الأحد 14 أكتوبر 2019 - 11:20", [PARA_AR] * 4),
        lynx_page("Harbour Workers Strike For A Third Day", "22-Sep-2019", [PARA_EN] * 2),
    ]
    urls = ["https://a.example/news/1", "https://b.example/ar/2", "https://c.example/3"]
    text = "\n".join(f"{url}\n\n{page}" for url, page in zip(urls, pages, strict=True))
    segments = segment_text(text)
    assert [s.title for s in segments] == [
        "Council Approves New Water Plant",
        "الحكومة تعلن خطة جديدة لدعم المزارعين",
        "Harbour Workers Strike For A Third Day",
    ]
    assert [s.header_date[0] if s.header_date else None for s in segments] == [
        "2021-03-03",
        "2019-10-14",
        "2019-09-22",
    ]
    # Each start says why, for the researcher to judge: the file's start, then the page seams.
    assert [s.boundary.reason for s in segments if s.boundary] == [
        "the start of the file",
        "a new page after the page's address",
        "a new page after the page's address",
    ]


def test_the_date_in_a_page_address_beats_a_masthead_date_and_a_caption_date():
    pages = [
        lynx_page("Council Approves New Water Plant", "Thursday 08/May/2025", [PARA_EN] * 3),
        lynx_page(
            "Harbour Workers Strike For A Third Day",
            "",
            [PARA_EN, "May 17, 2012 A file photo of the port.", PARA_EN],
        ),
        lynx_page("الحكومة تعلن خطة جديدة لدعم المزارعين", "", [PARA_AR] * 3),
    ]
    urls = [
        "https://a.example/news/2018/09/21/158473",  # the day: it beats the masthead's "today"
        "https://b.example/world/2015/03/strike-story.html",  # the month: a caption's date is another event's
        "https://c.example/ar/article/2",  # no date in the address: the page stays undated
    ]
    text = "\n".join(f"{'-' * 60}\n{url}\n\n{page}" for url, page in zip(urls, pages, strict=True))
    docs = documents_of_file(SourceFile(Path("pages.txt"), "pages.txt", text, "utf-8", len(text)))
    assert [d.date.value for d in docs] == ["2018-09-21", "2015-03", None]
    assert "address" in docs[0].date.evidence and "2018/09/21" in docs[0].date.evidence


def test_a_sentence_broken_across_lines_is_one_line_and_never_a_headline():
    text = (
        "The opinions in the Comment section are those of the\nauthor.\n\n"
        "Council Approves New Water Plant After A Long Night\nBy Jane Doe\nMarch 3, 2021\n\n"
        + "\n\n".join([PARA_EN] * 3)
    )
    lines = split_lines(text)
    assert lines[0].text == "The opinions in the Comment section are those of the author."
    assert lines[0].kind is not Kind.SHORT  # a sentence, not a headline candidate
    # Where the break was the author's, the fragment still loses to the headline under it.
    broken = (
        "Opinions on the council budget and the water plant vote are those of the\n\nauthor.\n\n"
        "Photo: Agency\n\nCouncil members argue over the cost of a water plant\n"
        "By Jane Doe\nMarch 3, 2021\n\n" + "\n\n".join([PARA_EN, PARA_EN.replace("Tuesday", "Monday")])
    )
    assert segment_text(broken)[0].title == "Council members argue over the cost of a water plant"


def test_a_year_is_never_borrowed_from_another_article_of_the_file():
    text = (
        "Council Approves New Water Plant\nMarch 3, 2021\n\n"
        + "\n\n".join(f"Point {n}: {PARA_EN}" for n in range(3))
        + "\n\nRelated News\n\nHARBOUR WORKERS STRIKE FOR A THIRD DAY OVER PAY\nHarbour Gazette\n\n"
        + "The strike began on March 9 when the port closed its gates. "
        + "\n\n".join(f"Item {n}: {PARA_EN}" for n in range(2))
    )
    docs = documents_of_file(SourceFile(Path("page.txt"), "page.txt", text, "utf-8", len(text)))
    assert [d.date.value for d in docs] == ["2021-03-03", None]
    assert "no year" in docs[1].date.evidence


def test_update_stamps_and_relative_times_are_evidence_not_dates():
    text = (
        "Council Approves New Water Plant\n6 hours ago\nLast updated Jan 12, 2023\n\n"
        + "\n\n".join(f"Point {n}: {PARA_EN}" for n in range(3))
    )
    (doc,) = documents_of_file(SourceFile(Path("page.txt"), "page.txt", text, "utf-8", len(text)))
    assert doc.date.value is None
    assert "6 hours ago" in doc.date.evidence


_SHAPES = st.sampled_from(
    [
        "",
        "   [3]Home",
        "     * [4]World",
        "Skip to content",
        "https://example.com/a/b",
        "--------------------",
        "Council Approves New Water Plant",
        "March 3, 2021",
        "By Jane Doe",
        "الأحد 14 أكتوبر 2019 - 11:20",
        "# A Markdown Heading",
        "[link text](https://x.example/y)",
        "Related",
        wrap(PARA_EN),
        PARA_AR,
        "(BUTTON) Search",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_SHAPES, st.text(max_size=60)), max_size=50))
def test_any_dump_segments_into_ordered_spans_with_titles(parts):
    text = "\n".join(parts)
    previous = 0
    for segment in segment_text(text):
        assert previous <= segment.start <= segment.end <= len(text)
        previous = segment.end
        assert segment.title


def test_a_split_the_researcher_makes_starts_the_article_at_that_paragraph():
    from reader.ingest.boundaries import FileBoundaryFixes

    paragraphs = [f"Point {n}: {PARA_EN}" for n in range(4)]
    page = lynx_page("Council Approves New Water Plant", "March 3, 2021", paragraphs)
    at = page.index("Point 2:")
    first, second = segment_text(page, fixes=FileBoundaryFixes(split_at=frozenset({at})))
    assert first.title == "Council Approves New Water Plant"
    assert [p[:8] for p in first.body] == ["Point 0:", "Point 1:"]
    assert second.body[0].startswith("Point 2:") and second.body[1].startswith("Point 3:")


def _pasted_page(headline: str, day: str, author: str, paragraphs: list[str]) -> str:
    """A page copied from the browser: the site's menu, breadcrumbs, date and author above the headline."""
    menu = ["Home", "World", "Jobs", "Careers News and Advice", "Job Search", "Galleries", "Sport", "*", "*"]
    return "\n".join(
        [
            *menu,
            "Voice Online > News > Features >",
            day,
            f"Written by: {author}",
            headline,
            *paragraphs,
            "Privacy policy Terms and conditions Corrections",
        ]
    )


def test_pages_pasted_with_their_menus_split_at_the_date_over_each_headline():
    first = [PARA_EN, PARA_EN + "!"]  # the two pages' texts differ: neither is a copy of the other
    second = [PARA_EN, PARA_EN + "?"]
    text = "\n".join(
        [
            _pasted_page("Code of the elites", "3rd November 2023", "Lester Holloway", first),
            _pasted_page("Harbour strike enters a third day", "9 November 2023", "Jo Roe", second),
        ]
    )
    docs = documents_of_file(SourceFile(Path("pasted.txt"), "pasted.txt", text, "utf-8", len(text)))
    assert [(d.title, d.date.value) for d in docs] == [
        ("Code of the elites", "2023-11-03"),
        ("Harbour strike enters a third day", "2023-11-09"),
    ]


def test_a_headline_glued_to_its_own_copy_is_said_once():
    title = "دورة معهد آفاق التيسير في علامات الترقيم"
    text = f"{title} Empty {title}\nبقلم: أحمد علي\n\n" + "\n\n".join([PARA_AR, PARA_AR + " نعم."])
    assert segment_text(text)[0].title == title


def test_a_poll_widget_and_a_stray_template_word_are_not_text():
    text = (
        "Harbour Workers Strike For A Third Day\nBy Jane Doe\nMarch 3, 2021\n\n"
        f"{PARA_EN}\n\n"
        "Do you agree with the decision to send weapons, soldiers and ships to the Middle\n"
        "East as a deterrent?\n\nQuestion of the Day\n( )  Yes, we need to be there\n"
        "( )  No, we should stay away\n\n"
        f"{PARA_EN} Again.\n\n"
        "المتحدث الرسمي يعلن نتائج الاجتماع الحكومي الأخير\nالأحد 14 أكتوبر 2019 - 11:20\n\n"
        f"{PARA_AR}\n\nnull\n\n{PARA_AR} مرة أخرى.\n"
    )
    docs = documents_of_file(SourceFile(Path("poll.txt"), "poll.txt", text, "utf-8", len(text)))
    assert [d.title for d in docs] == [
        "Harbour Workers Strike For A Third Day",
        "المتحدث الرسمي يعلن نتائج الاجتماع الحكومي الأخير",
    ]
    assert "Do you agree" not in docs[0].text and "Yes, we need" not in docs[0].text
    assert "Again." in docs[0].text
    assert "null" not in docs[1].text and "مرة أخرى" in docs[1].text


def test_a_new_subject_under_a_bare_headline_starts_an_article():
    """Two briefs glued with nothing but blank lines: no byline, no date, only the subject changes."""
    first = (
        "قتل شخصان وأصيب خمسة عشر بجروح مختلفة اليوم الثلاثاء في انفجار عبوة ناسفة في سوق شعبي "
        "في بغداد، وقال مصدر في الشرطة إن العبوة زرعت على جانب الطريق قرب السوق المزدحم."
    )
    second = (
        "أعلن المتحف البريطاني يوم الخميس أنه يعمل على إعادة مجموعة من القطع الأثرية المسروقة "
        "التي يعود عمرها إلى خمسة آلاف سنة، وقال المتحف إن القطع الأثرية ستعاد إلى بلدها قريبا."
    )
    subhead = "تفاصيل الانفجار في السوق الشعبي"  # a subhead: its words were in the text above
    text = (
        "مقتل شخصين وإصابة خمسة عشر في انفجار بسوق شعبي شرقي بغداد\n\n"
        f"{first}\n\n{subhead}\n\n{first} وأضاف المصدر.\n\n"
        "المتحف البريطاني يعيد قطعا أثرية مسروقة عمرها خمسة آلاف سنة إلى بلدها\n\n"
        f"{second}\n\n{second} وأضاف المتحف.\n"
    )
    docs = documents_of_file(SourceFile(Path("briefs.txt"), "briefs.txt", text, "utf-8", len(text)))
    assert [d.title for d in docs] == [
        "مقتل شخصين وإصابة خمسة عشر في انفجار بسوق شعبي شرقي بغداد",
        "المتحف البريطاني يعيد قطعا أثرية مسروقة عمرها خمسة آلاف سنة إلى بلدها",
    ]
    assert subhead in docs[0].text
    assert docs[1].boundary is not None and "text under it, not in the text above" in docs[1].boundary.reason
