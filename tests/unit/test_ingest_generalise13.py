"""A thirteenth round of page shapes, from the nineteenth set: a feed reader's export, a chat channel
copied as text, a newsletter's digest mails; the exporter's record header names and dates the item
under it, its message headers are seams, and its footers are no text."""

from __future__ import annotations

import pytest

from reader.ingest.lines import Kind, classify, is_rule
from reader.ingest.segment import segment_text

EN_1 = (
    "Hurricane Otis barreled into southern Mexico's Pacific coast early Wednesday morning, making landfall "
    "as a dangerous Category 5 storm before weakening over land."
)
EN_2 = (
    "Mexico's civil protection agency said parts of Guerrero state were already seeing power cuts as the "
    "storm came ashore, and it warned residents to remain calm and seek shelter."
)
EN_3 = (
    "The death toll from the wildfires that ravaged the historic town of Lahaina rose again on Wednesday "
    "as search teams with dogs went through the burned blocks one by one."
)
AR_1 = (
    "قالت وزارة الخارجية الأردنية، الأحد، إن 14 من مواطنيها لقوا حتفهم أثناء أداء فريضة الحج، فيما اعتبر "
    "17 آخرون في عداد المفقودين بعد موجة الحر الشديد التي ضربت المشاعر المقدسة."
)
AR_2 = (
    "توفي المئات من الحجاج جراء الحر الشديد في مكة المكرمة خلال موسم الحج هذا العام، وفق ما أفادت به "
    "السلطات ووسائل إعلام دولية نقلا عن دبلوماسيين عرب، فيما عالجت المستشفيات أكثر من ألفي حاج من "
    "الإجهاد الحراري."
)


def _feed() -> str:
    return (
        "Title: Hurricane Otis makes landfall in Mexico as dangerous Category 5 storm\n"
        "Link: https://thebulltulsa.com/story/6538f9f2/hurricane-otis-makes-landfall\n"
        "Published: Thu, 26 Oct 2023 03:12:45 +0000\n"
        "Feed: The Bull Tulsa\n\n"
        f"{EN_1}\n{EN_2}\n\n" + "-" * 80 + "\n\n"
        "Title: (no title)\n"
        "Link: https://wnairaq.com/news/1234\n"
        "Feed: wnairaq.com\n\n"
        f"{EN_3}\n\n" + "-" * 80 + "\n\n"
        "Title: Turnout by province\n"
        "Link: http://iraqtoday.com/news/78221\n"
        "Feed: Iraq Today\n\n"
        "Turnout in the provincial elections:\n\nKirkuk 65%\n\nAnbar 57%\n"
    )


def test_a_feed_readers_export_names_and_dates_each_item_by_its_record_header():
    first, second, third = segment_text(_feed())
    assert first.title == "Hurricane Otis makes landfall in Mexico as dangerous Category 5 storm"
    assert first.header_date[:2] == ("2023-10-26", "day")
    assert first.body[0] == EN_1  # the item's text starts without its headline: none of it is lost
    assert second.title.startswith("The death toll from the wildfires")  # "(no title)" names nothing
    assert second.header_date is None
    assert third.title == "Turnout by province"  # a short item under its own header is still an item
    assert all("Feed:" not in (seg.title or "") for seg in (first, second, third))


def test_a_browsers_saved_title_does_not_replace_the_pages_own_headline():
    page = (
        "Title: Storm batters coast | The Daily Site\nURL: https://example.org/storm\n"
        "Saved: 2025-03-01 10:00\n\n"
        "Storm batters the coast overnight\n\n" + EN_1 + "\n\n" + EN_2 + "\n\n"
    )
    first, second = segment_text(page + page.replace("Storm batters", "Rain floods"))
    assert first.title == "Storm batters the coast overnight"
    assert first.header_date is None  # when the page was saved dates nothing
    assert second.title == "Rain floods the coast overnight"


def test_a_channel_copied_from_telegram_gives_one_dated_article_per_message():
    text = (
        f"متابعات إخبارية, [16.06.24 21:40]\n{AR_1}\n\n🔗 المصدر: https://example.org/ar/?p=33801\n\n"
        f"متابعات إخبارية, [19.06.24 10:12]\n{AR_2}\n"
    )
    first, second = segment_text(text)
    assert first.header_date[0] == "2024-06-16" and second.header_date[0] == "2024-06-19"
    assert first.title.startswith("قالت وزارة الخارجية الأردنية") and first.body[0] == AR_1
    assert second.body[0] == AR_2
    assert text.index("متابعات إخبارية, [19.06.24") <= second.start < text.index(AR_2)


def test_one_quoted_chat_message_in_an_article_is_left_as_it_is():
    text = f"Minister answers critics\n\n{EN_1}\n\n{EN_3}\n\nAgency desk, [16.06.24 21:40]\n{EN_2}\n"
    [seg] = segment_text(text)
    assert seg.title == "Minister answers critics" and EN_2 in seg.body


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("━━━━━━━━━━━━━━━━━━━━", True),
        ("════════════", True),
        (">> STORY 2", True),
        ("== Article 3 ==", True),
        ("Story 2 of 5", True),
        ("الخبر 3", True),
        ("Article 5 of the constitution says otherwise", False),
        ("Story of 2", False),
        ("● ● ●", False),  # (a list's bullets, in some pages)
    ],
)
def test_box_drawn_rules_and_a_digests_item_numbers_are_seams(line, rule):
    assert is_rule(line) is rule


def test_a_digest_mails_stories_come_apart_under_their_item_numbers():
    mail = (
        "From: Disaster Watch <digest@example.org>\nTo: reader@example.org\n"
        "Date: Mon, 14 Aug 2023 06:30:11 -0400\nSubject: Disaster Watch: day 6\n\n"
        "Good morning. Here are today's picks.\n\n"
        f">> STORY 1\n{EN_1}\n\n{EN_2}\n\nRead the full story: https://example.org/a\n\n"
        f">> STORY 2\n{EN_3}\n\nRead the full story: https://example.org/b\n\n"
        "--\nYou are receiving this digest because you subscribed at example.org.\n"
        "Manage preferences | Unsubscribe\n"
    )
    segs = segment_text(mail + "\n" + mail.replace("day 6", "day 9"))
    assert [seg.body[0] for seg in segs] == [EN_1, EN_3, EN_1, EN_3]
    assert segs[2].start == mail.index("From:") + len(mail) + 1  # the page starts at its header's first line
    assert all(not any("receiving this digest" in p for p in seg.body) for seg in segs)


@pytest.mark.parametrize(
    "text",
    [
        "You are receiving this digest because you subscribed at example.org.",
        "You received this email because you signed up for our newsletter.",
        "Unsubscribe",
        "Manage preferences | Unsubscribe",
        "وصلتك هذه الرسالة لأنك مشترك في النشرة. لإلغاء الاشتراك: https://example.org/u",
    ],
)
def test_a_newsletters_footer_is_furniture(text):
    assert classify(text) is Kind.BOILER


def test_a_clips_breadcrumb_shaped_title_opens_its_page_over_its_record_fields():
    clip = (
        "# The Film Gang » Blog Archive » {name}\n\nSource: http://blogs.example.org/{slug}/\n"
        "Clipped: 2025-11-03\n\n[Site Feedback](http://example.org/comment)\n\n## {name}\n\n" + EN_1 + "\n\n"
        + EN_2 + "\n\n"
    )
    text = clip.format(name="Stand Up Guys", slug="a") + clip.format(name="Quiet Nights", slug="b")
    _first, second = segment_text(text)
    assert second.start == text.index("# The Film Gang » Blog Archive » Quiet Nights")


def _wayback(original: str, stamp: str, body: str) -> str:
    return (
        f"The Wayback Machine - https://web.archive.org/web/{stamp}/{original}\nINTERNET ARCHIVE\n"
        f"Wayback Machine\n{original}\nGo\n212 captures\n24 Dec 2016 - 02 Aug 2026\nDEC\tJAN\tFEB\n12\n"
        f"2016\t2017\t2018\nsuccess\nfail\nAbout this capture\n\n{body}\n\n"
    )


def test_a_web_archives_toolbar_opens_its_page_and_its_capture_dates_date_nothing():
    text = _wayback("https://example.org/news/storm", "20170112034711", f"{EN_1}\n\n{EN_2}") + _wayback(
        "http://blog.example.org/2016/12/fires.html", "20190822101532", f"{EN_3}\n\n{EN_2}"
    )
    first, second = segment_text(text)
    assert first.header_date is None and first.address_date is None  # the captures say when it was kept
    assert first.body[0] == EN_1 and not any("captures" in p or "INTERNET ARCHIVE" in p for p in first.body)
    assert second.start == text.index("The Wayback Machine", 10)
    assert second.address_date[:2] == ("2016-12", "month")  # the page's own address still dates it


def test_archive_today_and_a_search_engines_cache_are_toolbars_too():
    today = (
        "archive.today\nwebpage capture\nSaved from\nhttps://example.org/world/6798\nsearch\n"
        "22 Mar 2025 15:03:52 UTC\nAll snapshots from host example.org\nWebpage\nScreenshot\nshare\n"
        "download .zip\nreport bug or abuse\nBuy me a coffee\n\n"
    )
    cache = (
        "This is Google's cache of https://example.org/a/1. It is a snapshot of the page as it appeared on "
        "5 Sep 2024 14:02:11 GMT. The current page could have changed in the meantime. Learn more.\n"
        "Full version\t\tText-only version\t\tView source\nTip: To quickly find your search term on this "
        "page, press Ctrl+F or ⌘-F (Mac) and use the find bar.\n\n"
    )
    first, second = segment_text(f"{today}{AR_1}\n\n{AR_2}\n\n{cache}{AR_2}\n\n{AR_1}\n")
    assert first.header_date is None and second.header_date is None
    assert first.body[0] == AR_1 and second.body[0] == AR_2
    assert not any("snapshot" in p or "Buy me a coffee" in p for seg in (first, second) for p in seg.body)
