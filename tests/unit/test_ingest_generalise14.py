"""A fourteenth round of page shapes, from the twentieth set: a chat's shared stories (WhatsApp copied
or exported), posts copied from X, and a clippings document printed to PDF and turned back into text.
Each shape's wrapper (a message header, a post's author block, a numbered entry naming its page, a
printed page's footer) opens a story or is furniture; none of them dates the story."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.ingest.boundaries import FileBoundaryFixes
from reader.ingest.chats import chat_messages
from reader.ingest.corpus import scan_corpus
from reader.ingest.segment import segment_text

EN_1 = (
    "International donors pledged billions of dollars in aid for war-ravaged Syria on Wednesday at a "
    "conference in Brussels, as the United Nations appealed for more help for the millions displaced."
)
EN_2 = (
    "Germany pledged more than one billion euros for humanitarian assistance, the largest single pledge, "
    "and said it would keep its support going for as long as the war lasted."
)
EN_3 = (
    "Volunteers in Tawila, western Sudan, are under immense pressure due to the massive influx of people "
    "fleeing the city of el-Fasher after its fall to the paramilitary forces last weekend."
)
EN_4 = (
    "Since the city's fall, more than 36,000 civilians have fled to Tawila, further exacerbating an already "
    "critical humanitarian situation in a town that hosts hundreds of thousands."
)
AR_1 = (
    "تعهدت الدول المانحة في المؤتمر الوزاري الذي ينظمه الاتحاد الأوروبي لإعادة إعمار سوريا بتقديم مساعدات "
    "بقيمة تقارب ستة مليارات يورو، في ظل تراجع واضح لمساهمة الولايات المتحدة هذا العام."
)
AR_2 = (
    "وقالت المفوضية الأوروبية إن الاتحاد سيقدم نحو مليارين ونصف مليار يورو خلال العامين المقبلين، فيما "
    "دعت الأمم المتحدة إلى تمويل عاجل لبرامج الغذاء والمياه في المحافظات المتضررة."
)


def _web_copy() -> str:
    return (
        "[09:12, 05/04/2017] Hana (Brussels desk): *Donors pledge Syria billions as UN meets*\n"
        f"BRUSSELS (AP) — {EN_1}\n{EN_2}\n"
        "https://www.example-wire.com/national/52180/donors-pledge-syria-billions\n"
        "[09:15, 05/04/2017] Omar: 👍 thanks, filing for the Thursday note\n"
        "[18:52, 06/04/2017] Omar: This message was deleted\n"
        f"[20:31, 17/03/2025] Hana (Brussels desk): {AR_1}\n{AR_2}\n"
        "[20:33, 17/03/2025] Omar: compare with 2024, big drop\n"
    )


def test_a_whatsapp_copy_gives_one_article_per_shared_story_and_keeps_the_talk_out():
    first, second = segment_text(_web_copy())
    assert first.title == "Donors pledge Syria billions as UN meets"  # the sharer's bold marks are gone
    assert EN_1 in " ".join(first.body) and EN_2 in " ".join(first.body)
    assert not any("Omar" in line or "deleted" in line for line in first.body)
    assert "[09:15, 05/04/2017] Omar: 👍 thanks, filing for the Thursday note" in first.removed
    assert second.title.startswith("تعهدت الدول المانحة")  # a story pasted without its headline
    assert AR_2 in " ".join(second.body)
    assert not any("compare with 2024" in line for line in second.body)
    assert first.header_date is None and second.header_date is None  # shared then, written who knows when


@pytest.mark.parametrize(
    "header",
    [
        "[05/04/2017, 09:12:33] Hana: ",  # an iPhone's export
        "05/04/2017, 09:12 - Hana: ",  # an Android phone's export
        "4/5/17, 9:12 AM - Hana: ",  # ... in a US locale
    ],
)
def test_an_exported_chat_is_read_as_the_copied_one(header: str):
    stamp = header.split(" Hana")[0]
    chat = (
        f"{stamp} Messages and calls are end-to-end encrypted.\n"
        f"{header}{EN_1} {EN_2}\n"
        f"{header}ok\n"
        f"{header}{EN_3}\n{EN_4}\n"
        f"{header}<Media omitted>\n"
    )
    first, second = segment_text(chat)
    assert first.body[0].startswith("International donors") and second.body[0].startswith("Volunteers")
    assert not any("encrypted" in line or "omitted" in line for seg in (first, second) for line in seg.body)


def test_a_shared_story_is_not_dated_by_when_it_was_shared(tmp_path: Path):
    (tmp_path / "group.txt").write_text(_web_copy(), encoding="utf-8")
    docs = scan_corpus(tmp_path).documents
    assert len(docs) == 2
    assert all(doc.date.value is None for doc in docs)


def test_a_researchers_merge_joins_two_shared_stories(tmp_path: Path):
    text = _web_copy()
    (tmp_path / "group.txt").write_text(text, encoding="utf-8")
    fixes = {"group.txt": FileBoundaryFixes(merge_at=frozenset({text.index("[20:31")}))}
    [doc] = scan_corpus(tmp_path, fixes).documents
    assert "Germany pledged" in doc.text and "مليارين ونصف" in doc.text


def test_an_article_that_quotes_two_chat_lines_is_an_article():
    quoted = (
        "Leaked messages show how the decision was taken\n\n"
        f"{EN_1}\n\n"
        "[10:01, 03/02/2023] Minister: we go ahead\n"
        "[10:02, 03/02/2023] Adviser: understood\n\n"
        f"{EN_2}\n"
    )
    [only] = segment_text(quoted)
    assert only.title == "Leaked messages show how the decision was taken"
    assert chat_messages(quoted) is None


def _x_posts() -> str:
    return (
        "Post\nConversation\nArchyde\n@archyde\n"
        f"{EN_1}\n{EN_2}\n"
        "archyde.com\n6:18 PM · Nov 4, 2024\n·\n2,318\nViews\n4\nReposts\n11\nLikes\n"
        "Post your reply\nReply\n"
        "Media Talk Africa\n@mediatalkafrica\n·\n5h\n"
        f"{EN_3}\n{EN_4}\n"
        "From mediatalkafrica.com\n3\n8\n21\n1.4K\n"
        "Sahel Intelligence\n@sahel_intel\n·\nOct 31\n"
        "Sudan: Urgent call for help after the fall of el-Fasher\n"
        f"{EN_4}\n{EN_3}\n"
        "From sahel-intelligence.com\n0\n2\n6\n388\n"
    )


def test_posts_copied_from_x_come_apart_at_their_authors_and_are_not_dated_by_the_post():
    first, second, third = segment_text(_x_posts())
    assert first.body[0] == EN_1 and second.body[0] == EN_3
    assert third.title == "Sudan: Urgent call for help after the fall of el-Fasher"
    assert not any("@" in line or line == "5h" for seg in (first, second, third) for line in seg.body)
    assert second.header_date is None and third.header_date is None


def test_an_author_box_with_a_handle_is_still_a_dated_byline():
    page = (
        "Storm leaves thousands without power across the north\n"
        "Jane Doe\n@janedoe\nMarch 3, 2019\n\n"
        f"{EN_1}\n\n{EN_2}\n\n"
        "Flooding closes the coast road for a second day\n"
        "John Roe\n@johnroe\nMarch 4, 2019\n\n"
        f"{EN_3}\n\n{EN_4}\n"
    )
    first = segment_text(page)[0]
    assert first.header_date[0] == "2019-03-03"
    assert first.byline == "Jane Doe" or "Jane Doe" in first.removed or "Jane Doe" in first.body


def _clippings() -> str:
    """A clippings document exported to PDF and read back by pdftotext: numbered entries name each
    page, and each printed page ends with its footer and a form feed, wherever the text is."""
    return (
        "Tawila – clippings for the displacement brief\n"
        "Shared doc · last edited by the research team\n\n"
        "1. Top Naija News — https://topnaijanews.example/?p=1999\n\n"
        "The cold, hungry reality of displacement in Tawila\n"
        f"{EN_3}\n{EN_4}\n\n"
        "2. Global Pulse — https://globalpulse.example/?p=217191\n\n"
        "Thousands flee to overcrowded camps after el-Fasher falls\n"
        f"{EN_1[:90]}\n"
        "Page 1 of 2\n\f"
        f"{EN_1[90:]}\n{EN_2}\n\n"
        "3. WE News English — https://wenews.example/?p=327778\n\n"
        f"KHARTOUM, Sudan: {EN_4}\n{EN_3}\n"
        "Page 2 of 2\n"
    )


def test_a_clippings_pdf_read_back_as_text_opens_a_page_at_each_numbered_entry_and_not_at_its_footers():
    segments = segment_text(_clippings())
    assert len(segments) == 3  # (the document's own heading goes with its first page)
    assert EN_3 in " ".join(segments[0].body)
    assert segments[1].title == "Thousands flee to overcrowded camps after el-Fasher falls"
    assert "Germany pledged" in " ".join(segments[1].body)  # the text runs on across the page break
    assert segments[2].body[-1] == EN_3
    assert not any("Page 1 of 2" in line for seg in segments for line in seg.body)


def test_lynx_references_are_a_list_of_links_not_pages():
    page = (
        "Storm leaves thousands without power across the north\n\n"
        f"{EN_1}\n\n{EN_2}\n\n"
        "References\n\n"
        "1. Home — https://news.example/\n"
        "2. World — https://news.example/world\n"
        "3. Weather — https://news.example/weather\n"
    )
    [only] = segment_text(page)
    assert only.title == "Storm leaves thousands without power across the north"


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(["[09:12, 05/04/2017] Hana: ", "05/04/2017, 09:12 - Omar: ",
                             "[1/2/24, 9:00] x: "]),
            st.text(max_size=60),
            st.sampled_from([EN_1, AR_1, "\n", "*", ":"]),
        ),
        max_size=12,
    ).map("".join)
)
def test_any_text_is_a_chat_or_not_and_its_messages_tile_it(text: str) -> None:
    messages = chat_messages(text)
    if messages is not None:
        assert all(m.start < m.text_start <= m.end for m in messages)
        assert all(a.end == b.start for a, b in itertools.pairwise(messages))
        assert messages[-1].end == len(text)
    segments = segment_text(text)
    if messages is not None and segments:
        assert segments[0].start == 0 and segments[-1].end == len(text)


def _thread() -> str:
    post = (
        "#{n}\nقديم 2{d}-12-2025, 09:12 PM\n{name}\nعضو مميز\nتاريخ التسجيل: Mar 2014\n"
        "المشاركات: 4,51{n}\n"
    )
    return (
        "منتديات سبأ > المنتدى السياسي > أخبار اليمن\n"
        "اتفاق مسقط لتبادل الأسرى - متابعة\n\n"
        + post.format(n=1, d=3, name="أبو فهد")
        + f"{AR_1}\n{AR_2}\n______________\nاللهم احفظ اليمن وأهله\nرد مع اقتباس\n\n"
        + post.format(n=2, d=3, name="بنت عدن")
        + "الله يفرج عن كل المحتجزين قبل رمضان\nرد مع اقتباس\n\n"
        + post.format(n=3, d=4, name="أبو فهد")
        + f"{AR_2}\n{AR_1}\n______________\nاللهم احفظ اليمن وأهله\nرد مع اقتباس\n"
    )


def test_a_forum_threads_posts_with_stories_are_articles_and_its_replies_and_signatures_are_talk():
    first, second = segment_text(_thread())
    assert AR_1 in first.body and AR_2 in second.body
    for seg in (first, second):
        assert not any("يفرج عن كل المحتجزين" in line or "احفظ اليمن" in line for line in seg.body)
        assert not any("تاريخ التسجيل" in line or "قديم 2" in line for line in seg.body)
    assert second.header_date is None  # when a member posted, not when the story was written


def test_a_page_that_sets_its_subheads_off_like_its_headline_is_still_one_article():
    page = (
        "Understanding the Crisis in the Red Sea: Implications for Global Trade\n\n"
        f"{EN_1}\n\n{EN_2}\n\n\n"
        "Contextualization of the conflict\n\n"
        f"{EN_2}\n\n{EN_3}\n\n\n"
        "Importance of the Red Sea\n\n"
        f"{EN_3}\n\n{EN_4}\n\n\n"
        "Immediate effects of the crisis\n\n"
        f"{EN_1}\n\n{EN_4}\n"
    )
    [only] = segment_text(page)
    assert only.title == "Understanding the Crisis in the Red Sea: Implications for Global Trade"
    assert "Importance of the Red Sea" in only.body and "Immediate effects of the crisis" in only.body


def test_an_interviews_questions_are_not_headlines():
    page = (
        "Meet Cultural Cultivation Artist Alexandria Douziech\n\n"
        f"{EN_1}\n\n{EN_2}\n\n{EN_3}\n\n\n"
        "What would you be doing if you weren't an artist?\n\n"
        f"{EN_2}\n\n{EN_4}\n\n"
        "Did you go to art school? Why/Why not?\n\n"
        f"{EN_3}\n\n{EN_1}\n\n\n"
        "What artist living or dead would you most like to show or work with?\n\n"
        f"{EN_4}\n\n{EN_2}\n"
    )
    [only] = segment_text(page)
    assert only.title == "Meet Cultural Cultivation Artist Alexandria Douziech"


def test_a_tutorials_line_of_code_is_no_headline():
    page = (
        "How To Scrape Google With Python\n\n"
        f"{EN_1}\n\n{EN_2}\n\n\n"
        "    results = []\n"
        "    for g in soup.find_all('div', class_='r'):\n"
        "        anchors = g.find_all('a')\n\n"
        f"{EN_3}\n\n{EN_4}\n"
    )
    [only] = segment_text(page)
    assert only.title == "How To Scrape Google With Python"


@pytest.mark.parametrize("label", ["Table of contents", "In this issue:", "المحتويات", "جدول المحتويات"])
def test_a_contents_label_is_furniture(label: str):
    from reader.ingest.lines import Kind, classify

    assert classify(label) is Kind.NAV


def test_two_pages_under_a_scrapers_framed_addresses_are_two_articles_whatever_comes_first():
    frame = "=" * 72
    page = (
        f"{frame}\nhttps://blog.example.com/2018/10/09/pair-with-me\n{frame}\n\n"
        f"About the author\n\n{EN_1}\n\n© Richard Roe\n\n"
        f"Storm leaves thousands without power across the north\n\n09 Oct 2018\n\n{EN_2}\n\n{EN_3}\n\n"
        f"{frame}\nhttps://news.example.org/issue-130/\n{frame}\n\n"
        f"Flooding closes the coast road for a second day\n\n{EN_4}\n\n{EN_1}\n"
    )
    first, second = segment_text(page)
    assert EN_2 in first.body and EN_3 in first.body
    assert second.title == "Flooding closes the coast road for a second day"


def test_a_writers_name_after_a_run_of_dots_is_the_byline_not_the_headline():
    from reader.ingest.segment import _signature

    assert _signature("سؤال وجواب في الفيدرالية واللامركزية....عادل الشلماني") == (
        "سؤال وجواب في الفيدرالية واللامركزية", "عادل الشلماني"
    )
    assert _signature("The war is over in the north... Officials Say") is None


def test_a_live_blogs_timed_entries_are_not_a_chat():
    blog = "".join(
        f"05/04/2017, 0{n}:12 - {speaker}: {text}\n"
        for n, (speaker, text) in enumerate(
            [("The minister said", EN_1), ("Our correspondent reports", EN_2), ("The UN envoy added", EN_3)]
        )
    )
    assert chat_messages(blog) is None
