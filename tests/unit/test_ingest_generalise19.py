"""A nineteenth round: browser titles whose tail is the site the page came from, as its address spells it."""

from __future__ import annotations

from pathlib import Path

from reader.ingest.corpus import documents_of_file
from reader.ingest.loader import SourceFile, load_file
from reader.ingest.segment import without_host_name
from tests.conftest import DATA

LEAD = ("Nvidia's chief executive told a conference in Toronto this week that every country should build "
        "its own artificial intelligence infrastructure, a pitch that has won the company several deals.")
MORE = ("Analysts said the strategy helps the chip maker diversify beyond a handful of large cloud clients, "
        "although governments are still weighing the costs of the data centres such plans would require.")


def _docs(text: str, name: str = "clips.md") -> list:
    return documents_of_file(SourceFile(Path(name), name, text, "utf-8", len(text)))


def test_a_clipped_pages_title_loses_the_site_its_source_address_names():
    # A web clipper's front matter: the page's <title> ("Headline - Site") and its source address.
    text = (
        '---\ntitle: "Business Brief: Nvidia is into nation building - The Globe and Mail"\n'
        'source: "https://www.theglobeandmail.com/business/article-business-brief/"\ncreated: 2026-12-08\n'
        f"---\n\n{LEAD}\n\n{MORE}\n"
    )
    assert [d.title for d in _docs(text)] == ["Business Brief: Nvidia is into nation building"]


def test_a_pasted_pages_title_loses_the_site_its_address_names():
    text = (
        "https://www.businessinsider.com/nvidia-nation-building-2025-3\n\n"
        "Nvidia pitches sovereign AI to governments around the world - Business Insider\n\n"
        f"{LEAD}\n\n{MORE}\n"
    )
    assert [d.title for d in _docs(text, "clips.txt")] == [
        "Nvidia pitches sovereign AI to governments around the world"
    ]


def test_a_tail_the_address_does_not_name_stays():
    title = "Ceasefire talks resume in Cairo - Analysis"
    assert without_host_name(title, "https://www.example.org/news/1") == title
    assert without_host_name("Short - Reuters", "https://www.reuters.com/x") == "Short - Reuters"  # too short
    assert without_host_name("Talks resume in Cairo today - AP", "https://apnews.com/x") == (
        "Talks resume in Cairo today - AP"  # two letters could be in any host
    )


PORT = ("President Uhuru Kenyatta will on Thursday preside over the operationalization of the first berth at "
        "the new Lamu port, which is expected to handle ships bound for Ethiopia and South Sudan.")
PORT_MORE = ("The first phase will have three berths, one each for containers, general cargo and bulk, and "
             "the port is expected to create employment opportunities for the local community.")


def test_onenote_pasted_from_lines_end_one_page_each_and_its_header_is_not_the_first_page():
    # A OneNote page copied out as text: its own title, day and time, then pages each under its headline
    # and ending with the "Pasted from <address>" line OneNote writes; a screen clipping's stamp.
    heads = ["Uhuru to officiate maiden berth at new Lamu port", "Mombasa port gets a new container terminal",
             "Kenya Ports Authority registers more gains in first quarter"]
    pages = "".join(
        f"{head}\n\n{PORT}\n\n{PORT_MORE}\n\nPasted from <https://example.co.ke/business/{n}-port-story>\n\n"
        + ("Screen clipping taken: 14/10/2024 09:52\n\n" if n == 0 else "")
        for n, head in enumerate(heads)
    )
    docs = _docs("Kenya ports clippings\nMonday, 14 October 2024\n09:41\n\n" + pages, "onenote.txt")
    assert [d.title for d in docs] == heads
    assert [d.date.value for d in docs] == [None, None, None]
    assert not any("Pasted from" in d.text or "Screen clipping" in d.text for d in docs)


REEF = ("Helicopter flights over the southern Great Barrier Reef have confirmed extensive coral bleaching "
        "across the region, the marine park authority said after surveying dozens of inshore reefs.")
REEF_MORE = ("Scientists will now go under the water to measure how deep the bleaching runs, and the "
             "authority expects to publish its findings once the in-water surveys are complete next month.")
WATER = ("اشتكى مواطنون في عدد من أحياء العاصمة عمّان من انقطاع مياه الشرب عن منازلهم منذ أكثر من أسبوع، رغم "
         "الأمطار الغزيرة التي شهدتها المملكة خلال الأيام الماضية.")
WATER_MORE = ("وقالت سلطة المياه إن فرقها الفنية تعمل على إصلاح الأعطال في خطوط الضخ الرئيسية، وإن الضخ "
              "سيعود إلى طبيعته خلال يومين على الأكثر في جميع المناطق المتأثرة.")


def test_a_reading_packs_numbered_headings_open_its_pages_and_its_cover_is_no_article():
    heads = ["Aerial surveys confirm extent of bleaching on southern reef",
             "Aerial surveys of reef ordered as flights show bleaching",
             "Reef health update from the marine park authority"]
    cover = "GEOG 3270 Reading Pack: coral bleaching\nCompiled by T. Morrow for week 6\n\nContents\n"
    cover += "".join(f"{n}.\t{head}\t{n + 1}\n" for n, head in enumerate(heads, 1))
    pages = "".join(
        f"\nArticle {n} of 3 – {head}\nFrom: {source}\n\n{head}\n\n{REEF}\n\n{REEF_MORE}\n"
        for n, (head, source) in enumerate(zip(heads, ["The Guardian", "ABC News", "Powerboat World"],
                                               strict=True), 1)
    )
    docs = _docs(cover + pages, "pack.txt")
    assert [d.title for d in docs] == heads
    assert not any("From:" in d.title or "Reading Pack" in d.text for d in docs)


def test_an_arabic_reading_packs_ordinal_headings_and_contents_list():
    heads = ["بينما عمان تغرق.. مواطنون يشكون نقص مياه الشرب", "سلطة المياه: عودة الضخ خلال يومين",
             "توقف ضخ المياه لمناطق في ثلاث محافظات بسبب العكورة"]
    ordinals = ["الأول", "الثاني", "الثالث"]
    cover = ("ملف قراءات: أزمة مياه الشرب في الأردن\n\nالمحتويات\n"
             + "".join(f"المقال {o}: {h}\n" for o, h in zip(ordinals, heads, strict=True))
             + "\nملاحظة: نُسخت نصوص المقالات من المتصفح كما ظهرت، ولم أحذف منها شيئاً سوى الفقرات الأخيرة "
               "المقطوعة، وأرقام الحواشي تحيل إلى قائمة المصادر في آخر الملف.\n")
    pages = "".join(f"\nالمقال {o}: {h}\n\n{h}\n\n{WATER}\n\n{WATER_MORE}\n"
                    for o, h in zip(ordinals, heads, strict=True))
    docs = _docs(cover + pages, "pack_ar.txt")
    assert [d.title for d in docs] == heads


def test_a_headline_glued_to_its_byline_and_day_gives_all_three():
    text = (f"Reef health update from the marine park authority by GBRMPA 9 Mar 2024 18:45 PST\n\n"
            f"{REEF}\n\n{REEF_MORE}\n")
    (doc,) = _docs(text, "syndicated.txt")
    assert doc.title == "Reef health update from the marine park authority"
    assert doc.date.value == "2024-03-09"


def test_a_zotero_export_gives_one_article_per_item_dated_by_its_date_field_not_its_accessed_one():
    heads = ["Library protests cause some councils to rethink cuts", "Day of protest planned against cuts",
             "Protest held in Bristol against library closures"]
    pages = [(REEF, REEF_MORE), (PORT, PORT_MORE), (LEAD, MORE)]
    items = "".join(
        f"Title: {head}\nItem Type: Newspaper Article\nPublication: The Guardian\nDate: 2011-02-1{n}\n"
        f"URL: https://www.example.com/books/2011/feb/1{n}/library-{n}\nAccessed: 3/2/2023, 11:41:0{n} AM\n"
        f"Language: en-GB\n\n{head}\n\nThis article is more than 11 years old\n\n{text}\n\n{more}\n\n"
        for n, (head, (text, more)) in enumerate(zip(heads, pages, strict=True))
    )
    docs = _docs(items, "zotero.txt")
    assert [d.title for d in docs] == heads
    assert [d.date.value for d in docs] == ["2011-02-10", "2011-02-11", "2011-02-12"]
    assert not any("years old" in d.text or "Item Type" in d.text for d in docs)


def _wayback(address: str, stamp: str, captures: int, months: str, years: str) -> str:
    # The Wayback Machine's toolbar as a text browser prints it above the page it kept (lynx/w3m).
    return (f"Wayback Machine\n[{address}                 ][Go]\n{captures} captures\n"
            f"14 Oct 2023 - 30 Nov 2023\n\n{months}\nPrevious capture 14   Next capture\n{years}\n\n"
            "success\nfail\nAbout this capture\nCOLLECTED BY\nCollection: Save Page Now\n"
            "Content crawled via the Wayback Machine Live Proxy mostly by the Save Page Now feature.\n\n"
            f"TIMESTAMPS\n\nThe Wayback Machine - https://web.archive.org/web/{stamp}/https://\n"
            f"{address.removeprefix('https://')}\n\n")


def test_wayback_toolbars_printed_above_their_pages_open_one_page_each_and_date_none():
    heads = ["Ferries cancelled as storms approach, warns CalMac", "Tarbert to Portavadie ferry suspended",
             "Reef health update from the marine park authority"]
    pages = [(PORT, PORT_MORE), (REEF, REEF_MORE), (LEAD, MORE)]
    text = "".join(
        _wayback(f"https://www.example.co.uk/news/{n}/ferry-story", f"2023101407195{n}", n + 1,
                 "Sep              OCT  Nov", "2022             2023 2024")
        + "And there’s more – your subscription includes access to digital archive copies from 2006.\n\n"
        f"{head}\n\n{body}\n\n{more}\n\n"
        for n, (head, (body, more)) in enumerate(zip(heads, pages, strict=True))
    )
    docs = _docs(text, "wayback.txt")
    assert [d.title for d in docs] == heads
    assert [d.date.value for d in docs] == [None, None, None]
    assert not any("captures" in d.text or "OCT" in d.text or "subscription" in d.text for d in docs)


def test_reader_view_prints_with_footers_over_the_print_time_and_repeated_headers_make_one_article_each():
    # Firefox's print of its reader view, turned back into text by pdftotext: each printed page opens
    # with the page's title and address, and ends with "1 of 2" and the print's date and time over the
    # page break; a document's second page repeats its first page's header.
    def printed(head: str, address: str, first: str, second: str) -> str:
        top = f"{head} {address}\n\n{address.split('/')[2]}\n\n{head}\n\n2–3 minutes\n\n"
        return (f"{top}{first}\n\n1 of 2\n\n3/9/25, 4:17 PM\n\f{head} {address}\n\n{second}\n\n"
                "2 of 2\n\n3/9/25, 4:17 PM\n\f")
    heads = ["Call for heat pump grants to be extended to cover network costs",
             "Great Barrier Reef found to be coral bleached from north to south",
             "Nvidia pitches sovereign AI to governments around the world"]
    text = "".join(printed(head, f"https://example{n}.com/news/story-{n}", body, more)
                   for n, (head, (body, more)) in enumerate(
                       zip(heads, [(PORT, PORT_MORE), (REEF, REEF_MORE), (LEAD, MORE)], strict=True)))
    docs = _docs(text, "reader_view.txt")
    assert [d.title for d in docs] == heads
    assert not any("1 of 2" in d.text or "4:17 PM" in d.text for d in docs)
    assert all(d.text.count("https://") == 0 for d in docs)


def test_pdftotexts_arabic_embedding_marks_are_dropped_and_the_print_stamp_dates_nothing():
    # pdftotext wraps each Arabic line of a printed page in U+202B … U+202C; a right-to-left page sets
    # the print's date and time over the page counter ("١ من ١") at the foot of each printed page.
    def mark(line: str) -> str:
        return f"\u202b{line}\u202c"
    heads = ["مهرجان بريدة.. 75 يوماً من الاحتفاء بالتمور", "سلطة المياه: عودة الضخ خلال يومين"]
    pages = [(WATER, WATER_MORE), (WATER_MORE, WATER)]
    text = "".join(
        "\n\n".join(mark(x) for x in (f"https://example{n}.com/news/{n}", head, f"example{n}.com", head,
                                      body, more, "٤:٢٢ ،٩/٣/٢٠٢٥ م", "١ من ١"))
        + "\n\f"
        for n, (head, (body, more)) in enumerate(zip(heads, pages, strict=True))
    )
    docs = _docs(text, "reader_view_ar.txt")
    assert [d.title for d in docs] == heads
    assert [d.date.value for d in docs] == [None, None]
    assert not any(ch in d.text for d in docs for ch in "\u202a\u202b\u202c")
    assert not any("٢٠٢٥" in d.text for d in docs)


def test_forwarded_mails_give_one_article_each_without_the_forwarders_notes():
    # Outlook's saved thread: each forward's header ("Subject: FW: …"), the forwarder's note and
    # signature, then the forwarded message's own header and the page pasted in it.
    heads = ["India heatwave takes toll on the elderly", "Hospitals see spike in heat-related cases"]
    pages = [(PORT, PORT_MORE), (REEF, REEF_MORE)]
    text = "".join(
        f"From:\tMaya Collins <m.collins@example.org>\nSent:\tFriday, May {n + 3}, 2024 2:16 PM\n"
        f"To:\tHeat and Health Corpus\nSubject:\tFW: {head}\n\nFor the heat/health folder, pasted as is.\n\n"
        "Maya\n\nMaya Collins\nResearch Coordinator | Climate & Health Programme\n\n"
        f"-----Original Message-----\nFrom: Tom Ashworth <t.ashworth@example.org>\n"
        f"Sent: Friday, May {n + 3}, 2024 11:52 AM\nTo: Maya Collins <m.collins@example.org>\n"
        f"Subject: {head}\n\n{head}\n\nFirst Published{n + 3} May 2024\n\n{body}\n\n{more}\n\n"
        "Sent from my iPhone\n\n"
        for n, (head, (body, more)) in enumerate(zip(heads, pages, strict=True))
    )
    docs = _docs(text, "outlook.txt")
    assert [d.title for d in docs] == heads
    assert [d.date.value for d in docs] == ["2024-05-03", "2024-05-04"]
    assert not any("heat/health folder" in d.text or "Sent from my" in d.text for d in docs)


def test_gmail_forwards_with_arabic_header_fields_open_their_pages():
    heads = ["الجزائر.. موجة غلاء تطال الخضروات والفواكه", "سلطة المياه: عودة الضخ خلال يومين"]
    text = "".join(
        f"---------- Forwarded message ---------\nمن: Karim Haddad <karim.haddad@example.com>\n"
        f"التاريخ: الاثنين، 18 مارس 2024 في 10:0{n} ص\nالموضوع: {head}\n"
        "إلى: ليلى منصوري <leila@example.com>\n\n"
        f"{head}\n\n{WATER}\n\n{WATER_MORE} ({n})\n\n"
        for n, head in enumerate(heads)
    )
    docs = _docs(text, "gmail.txt")
    assert [d.title for d in docs] == heads
    assert not any("leila@example.com" in d.text for d in docs)


def test_mauritanias_month_names_date_a_header_line():
    from reader.ingest.dates import parse_header_date

    assert parse_header_date("31 أغشت 2025 الساعة 10 و17 دقيقة", True) == ("2025-08-31", "day")
    assert parse_header_date("3 دجمبر 2024", True) == ("2024-12-03", "day")


def test_a_researchers_parenthesised_page_number_over_a_headline_is_not_the_title():
    head = "فريق طبي أردني ينجح في إجراء عملية زراعة كبد هي الأولى من نوعها"
    text = f"(٣) زراعة الأعضاء في الأردن\n\n{head}\n\n{WATER}\n\n{WATER_MORE}\n"
    (doc,) = _docs(text, "numbered.txt")
    assert doc.title == head


def test_a_source_line_with_the_pages_address_is_furniture_however_long_the_address():
    from reader.ingest.lines import Kind, classify

    address = "https://www.aletihad.ae/news/%D8%A7%D9%84%D8%B0%D9%83%D8%A7%D8%A1-%D8%A7%D9%84%D8%A7%D8%B5%D8%B7%D9%86"
    assert classify(f"المصدر: الاتحاد — {address}") is Kind.NAV
    reuters = "https://www.reuters.com/world/middle-east/some-long-story-slug-2025-10-01/"
    assert classify(f"Source: Reuters — {reuters}") is Kind.NAV
    sentence = "Source: the ministry said the figures, published on its site, were final and complete."
    assert classify(sentence) is not Kind.NAV


def test_short_url_read_the_rest_feedback_and_affiliate_disclosures_are_furniture():
    from reader.ingest.lines import Kind, classify

    for line in ("Short Url", "READ THE REST", "Read the rest of this entry »",
                 "Have your say.Give us feedback.",
                 "Advertising disclosure: We may receive compensation for some of the links in our stories.",
                 "If you buy through our links, we may earn a commission."):
        assert classify(line) in (Kind.BOILER, Kind.NAV), line
    assert classify("The ministry may receive compensation claims from families next year.") is Kind.BODY


def test_wire_releases_between_underscore_rules_lose_their_about_sections_and_contacts():
    def release(n: int, company: str, head: str) -> str:
        return (f"{head}\n\nNORTHBROOK, Ill.–(BUSINESS WIRE)–{company} (NYSE:IEX) announced today that it "
                f"has scheduled the broadcast of the company's results call number {n} for investors.\n\n"
                f"{PORT}\n\n{PORT_MORE}\n\nAbout {company}\n\n{company} (NYSE: IEX) is a company that has "
                "touched your life in some way, with businesses making pumps, meters and optical parts.\n\n"
                "For more information, please contact investor relations at the number above.\n\n"
                "____________________________________\n\n")
    heads = ["IDEX Corporation to Webcast Third Quarter Earnings Call",
             "Trex Company Recycles Pharmacy Bottles", "Lucite Awards Engineering Contracts to ENGlobal"]
    companies = ["IDEX", "Trex", "Lucite"]
    text = "".join(release(n, c, h) for n, (c, h) in enumerate(zip(companies, heads, strict=True)))
    docs = _docs(text, "releases.txt")
    assert [d.title for d in docs] == heads
    assert not any("touched your life" in d.text or "For more information" in d.text for d in docs)


def test_an_about_subhead_in_an_ordinary_article_keeps_its_text():
    text = ("The 10 Most Common Mistakes That Python Developers Make\n\n" + REEF + "\n\nAbout Python\n\n"
            "Python is an interpreted, object-oriented, high-level programming language with dynamic "
            "semantics, and its built-in data structures make it attractive for rapid development.\n\n"
            + REEF_MORE + "\n")
    (doc,) = _docs(text, "python.txt")
    assert "Python is an interpreted" in doc.text


def test_an_arabic_releases_contact_line_after_its_end_mark_is_furniture():
    from reader.ingest.lines import Kind, classify

    assert classify("لمزيد من المعلومات يرجى التواصل مع المكتب الإعلامي لوزارة الصحة") is Kind.BOILER
    assert classify("Media contacts:") is Kind.BOILER


def test_a_text_that_opens_by_saying_when_it_was_issued_is_dated_so():
    from reader.ingest.dates import infer_body_date

    found = infer_body_date("The press release issued by 10 Downing Street on 10 September 2022.\n\n"
                            "The Prime Minister spoke to the Prime Minister of New Zealand this morning.",
                            stated_only=True)
    assert (found.value, found.precision) == ("2022-09-10", "day")
    cited = infer_body_date("The Prime Minister spoke this morning. " * 12 + "A press release issued by the "
                            "ministry on 3 March 2019 had said the opposite.", stated_only=True)
    assert cited.value is None  # a release cited deep in the text is a past reference


def test_back_links_and_a_transcripts_notice_are_furniture():
    from reader.ingest.lines import Kind, classify

    for line in ("Return to Transcripts main page", "Back to top", "Go back to the news index",
                 "THIS IS A RUSH TRANSCRIPT. THIS COPY MAY NOT BE IN ITS FINAL FORM AND MAY BE UPDATED."):
        assert classify(line) in (Kind.BOILER, Kind.NAV), line
    assert classify("Return to the negotiating table is the only way out, the envoy said.") is not Kind.BOILER


def test_posts_copied_from_a_news_pages_social_feed_are_one_article_each():
    # Each post: the page's name over the post's stamp ("March 23, 2020  ·", "5h  ·"), the post's text,
    # the shared link's card (its domain and title) and the reaction counts and buttons.
    def post(page: str, stamp: str, body: str, more: str, card: str) -> str:
        return (f"{page}\n{stamp}  ·\n{body}\n\n{more}\nSIOUXLANDPROUD.COM\n{card}\n👍😮 48\n9 comments\n"
                "21 shares\nLike\nComment\nShare\n\n")
    text = (post("KCAU 9 News", "March 23, 2020", PORT, PORT_MORE, "Sioux City Council to broadcast meetings")
            + post("KSCJ 1360", "May 26, 2022", REEF, REEF_MORE, "MercyOne launches veterans programme")
            + post("KCAU 9 News", "5h", LEAD, MORE, "Sioux City Council meetings reopen to the public"))
    docs = _docs(text, "facebook.txt")
    assert len(docs) == 3
    assert [d.date.value for d in docs] == ["2020-03-23", "2022-05-26", None]
    assert docs[2].title.startswith("Nvidia's chief executive told a conference")  # not the link card's
    assert not any("21 shares" in d.text or "KCAU 9 News" in d.text for d in docs)


def test_video_pages_copied_with_their_channel_and_views_are_one_article_each():
    # Three YouTube watch pages copied whole, each with its transcript panel's timed lines
    # (the thirty-seventh real-world set): each title over its channel and subscribers opens a page.
    path = DATA / "realworld_thirtyseventh" / "ar3_youtube_watch_pages_transcript_panel_utf16be_bom_lf.txt"
    source = load_file(path)
    assert isinstance(source, SourceFile)
    docs = documents_of_file(source)
    assert [d.title for d in docs] == [
        "ما حقيقة إيقاف المؤتمر الصحفي لوزير الخارجية التركي بدمشق؟",
        "بث مباشر.. مؤتمر صحفي لوزير الخارجية ونظيره الروسي",
        "المتحدث باسم «الخارجية» يستعرض مع المراسلين الأجانب تطورات تنفيذ خريطة الطريق",
    ]
    assert [d.date.value for d in docs] == [None, None, "2013-10-31"]


def test_a_newsletter_issue_loses_its_web_view_link_greeting_sponsor_and_forwarding_prompt():
    rule = "-" * 60
    text = ("Subject: The Download, Feb 23, 2017\nFrom: MIT Technology Review <news@example.com>\n"
            "Date: 2/23/2017, 7:04 AM\nTo: r.haddad@example.org\n\n"
            "View this email in your browser <https://click.example.com/?qs=7c1e>\n\n"
            "Welcome to The Download, your daily dose of what's up in emerging technology\n\n"
            f"CRISPR Makes a Promising Cancer Therapy More Potent\n{REEF}\n{REEF_MORE}\n\n{rule}\nSPONSORED\n"
            f"EmTech Digital: the conference on artificial intelligence from MIT Technology Review.\n"
            f"Register now <https://click.example.com/?qs=b80d>\n{rule}\n\n"
            f"The Marketplace Turning Neighborhoods Into Power Plants\n{PORT}\n{PORT_MORE}\n\n"
            "Forwarded this email? Subscribe here <https://click.example.com/?qs=0c5d>\n")
    docs = _docs(text, "download.txt")
    assert [d.title for d in docs] == ["CRISPR Makes a Promising Cancer Therapy More Potent",
                                       "The Marketplace Turning Neighborhoods Into Power Plants"]
    furniture = ("View this email", "Welcome to", "EmTech", "Forwarded")
    assert not any(w in d.text for d in docs for w in furniture)


def test_blog_platform_posts_open_at_their_titles_over_author_and_reading_time():
    def post(title: str, author: str, body: str, more: str) -> str:
        return (f"{title}\n{author}\n\nFollow\nPublished in\nWriters’ Blokke\n3 min read\n--\n4\nShare\n\n"
                f"{body}\n\n{more}\n\n--\n4\nSign up to discover human stories that deepen your "
                "understanding of the world.\n\n")
    titles = ["What It’s Like Not Being A Medium Member", "Medium Surprise Was More About Acknowledgement",
              "A Substack Primer for Noobs Who Just Started"]
    text = "".join(post(t, a, b, m) for t, a, (b, m) in zip(
        titles, ["Gregory Lusted", "Chris T Price", "Joel R. Dennstedt"],
        [(PORT, PORT_MORE), (REEF, REEF_MORE), (LEAD, MORE)], strict=True))
    assert [d.title for d in _docs(text, "medium.txt")] == titles


def test_a_print_pages_jump_line_ends_its_story_and_the_next_headline_starts_one():
    text = ("Petersburgh Budget Stays Under Tax Cap\nby Alex Brooks\n\n"
            f"{PORT}\n\n{PORT_MORE}\nHighway appropriations are reduced by $21,200\nfrom this year to next.\n"
            f"See BUDGET, page 3\n\nFlag Burning Ceremony\n{REEF} {REEF_MORE}\n")
    docs = _docs(text, "epaper.txt")
    assert [d.title for d in docs] == ["Petersburgh Budget Stays Under Tax Cap", "Flag Burning Ceremony"]
    assert "See BUDGET" not in docs[0].text
