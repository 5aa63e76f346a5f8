"""A seventeenth round of page shapes: an Arabic site's breadcrumb copied without its arrows, and the
site's "today" printed over it."""

from __future__ import annotations

from reader.ingest.lines import Kind, classify
from reader.ingest.loader import load_file
from reader.ingest.segment import segment_text
from tests.conftest import DATA

KHARTOUM = "معارك عنيفة بين الخرطوم والكاملين وقوات الدعم السريع تعلن صد هجوم واسع"
LEAD = ("قال مستشار قوات الدعم السريع إن قواته تمكنت صباح اليوم الخميس من صد هجوم واسع في محور "
        "الكاملين، وإن المعارك استمرت ساعات قبل أن ينسحب المهاجمون تاركين عتادهم في الميدان.")
MORE = ("وأضاف في تصريح عبر منصة إكس أن الخرطوم ستكون نهاية لكل مغامرة فاشلة، داعيا السكان إلى "
        "البقاء بعيدا عن خطوط التماس حتى تستقر الأوضاع في المنطقة خلال الأيام المقبلة.")


def test_an_arabic_breadcrumb_copied_without_its_arrows_is_navigation():
    for crumbs in ("الرئيسية بلوق الصفحة 230", "الرئيسية أخبار محلية", "الصفحة الرئيسية أخبار السودان",
                   "الرئيسيةالأخبار الدوليةالكويت تقطع التيار الكهربائي عن مناطق سكنية عدة"):
        assert classify(crumbs) is Kind.NAV, crumbs
    # A sentence that merely opens with the word is not.
    sentence = "الرئيسية في هذا الملف هي أن الحكومة لم تنشر أي أرقام عن الخسائر حتى الآن."
    assert classify(sentence) is not Kind.NAV


def test_the_date_over_the_breadcrumb_is_the_sites_today_not_the_articles_date():
    # The page's top bar prints the day the page was saved (a Sunday) over "Home > Blog > page 230";
    # the article under it speaks of "this Thursday" and gives no date of its own.
    text = f"الأحد, سبتمبر 14, 2025\nالرئيسية بلوق الصفحة 230\n\n{KHARTOUM}\n\n{LEAD}\n\n{MORE}\n"
    [segment] = segment_text(text)
    assert segment.title == KHARTOUM
    assert segment.header_date is None
    # The same date under the breadcrumb, over the headline, is the article's.
    text = f"الرئيسية بلوق الصفحة 230\nالأحد, سبتمبر 14, 2025\n\n{KHARTOUM}\n\n{LEAD}\n\n{MORE}\n"
    [segment] = segment_text(text)
    assert segment.header_date is not None and segment.header_date[0] == "2025-09-14"


def test_a_glued_breadcrumb_ending_in_the_headline_is_neither_title_nor_dated():
    # Copy-paste glues the crumbs ("Home", "World news", the headline) into one line under the site's
    # date bar; the headline follows on its own line.
    text = (f"الجمعة, سبتمبر 20, 2024\nالرئيسيةالأخبار الدولية{KHARTOUM}\n\n{KHARTOUM}\n\n{LEAD}\n\n"
            f"{MORE}\n")
    [segment] = segment_text(text)
    assert segment.title == KHARTOUM
    assert segment.header_date is None


# --- The twenty-fourth set's shapes: printed pages, mail forwards, pandoc's rules, reader views ---

NEON = "Why Neon Is the Ultimate Symbol of the 20th Century"
PARAGRAPH = (
    "In the summer of 1898, the Scottish chemist Sir William Ramsay made a discovery that would eventually "
    "give the Moulin Rouge in Paris, the Las Vegas Strip, and New York's Times Square their perpetual glow."
)
MORE_TEXT = (
    "Neon started being used for cosmopolitan flash in Paris at precisely the time and place where the "
    "city was reinventing itself, and the signs soon crossed the Atlantic to the boulevards of America."
)
DEBT = "As Debt Rises, the Government Will Soon Spend More on Interest Than on the Military"


def _printed(title: str, headline_lines: list[str], pages: int, address: str, stamp: str) -> str:
    """A page printed to PDF by a browser and turned back into text by pdftotext: each printed page
    under the print's date and the page's title, over its address and "n/N", then a page break."""
    out = []
    for n in range(1, pages + 1):
        body = "\n".join(headline_lines) + "\nBy Sarah Archer\n\n" if n == 1 else ""
        body += f"{PARAGRAPH}\n\n{MORE_TEXT}\n"
        if n == 2:
            body += "\nRecommended\n\nThe Twists and Turns of Making a Neon Sign\n"
        out.append(f"{stamp}\n\n{title}\n\n{body}\n{address}\n\n{n}/{pages}\n\n\f")
    return "".join(out)


def test_pages_printed_to_pdf_are_one_article_each_under_their_own_headline():
    text = _printed("A Brief History of Neon Signage - CityLab", [NEON], 4,
                    "https://www.citylab.com/design/neon/", "12/7/26, 9:46 PM")
    text += _printed(f"{DEBT} - The New York Times", ["As Debt Rises, the Government Will Soon Spend",
                                                       "More on Interest Than on the Military"], 3,
                     "https://www.nytimes.com/2018/09/25/business/debt.html", "12/7/26, 9:49 PM")
    segments = segment_text(text)
    # The print's running header (its date, the page's title) is no headline; the count restarting
    # ("1/3" after "4/4") opens the next printed page; a headline broken over two lines in large type
    # is one headline where the page's title spells it out whole.
    assert [s.title for s in segments] == [NEON, DEBT]
    assert not any("citylab.com" in p or "9:46 PM" in p for p in segments[0].body)
    # The page's text runs across the page breaks: each paragraph is kept, and the address under the
    # last one is not glued to it.
    assert sum(p == PARAGRAPH for p in segments[0].body) == 1
    assert all(not p.endswith(".html") for s in segments for p in s.body)


def test_a_page_counter_that_starts_again_opens_the_next_printed_document():
    from reader.ingest.lines import split_lines

    text = "".join(f"Text of page {n} of the first print.\n\n{n}/3\n\f" for n in (1, 2, 3))
    text += "".join(f"Text of page {n} of the second print.\n\n{n}/2\n\f" for n in (1, 2))
    lines = split_lines(text)
    breaks = [line for line in lines if line.text == "\f"]
    # Inside a print its page breaks are furniture; after its last page the break is a seam.
    assert [line.kind for line in breaks] == [Kind.NAV, Kind.NAV, Kind.RULE, Kind.NAV, Kind.NAV]


def test_an_article_saved_twice_between_page_breaks_keeps_both_headlines():
    # The same page's top at two page tops is one article saved twice, not a printer's running header.
    page = f"Council approves new budget for city parks\n\n{PARAGRAPH}\n\n{MORE_TEXT}\n"
    segments = segment_text(f"{page}\f\n{page}")
    assert [s.title for s in segments] == ["Council approves new budget for city parks"] * 2


def test_a_fields_value_under_its_label_is_no_headline():
    # A news site's author box: "Author of the article:" over the agency, twice (text and link), then the
    # dates; the article's own headline is above it.
    text = (
        "India fires missiles into Pakistani-controlled territory, killing at least 26\n\n"
        f"{PARAGRAPH}\n\nAuthor of the article:\nThe Associated Press\nThe Associated Press\n"
        f"Published May 07, 2025\nLast updated 21 hours ago\n\n{MORE_TEXT}\n\n"
        f"{PARAGRAPH.replace('1898', '1899')}\n"
    )
    [segment] = segment_text(text)
    assert segment.title.startswith("India fires missiles")


def test_a_date_boxed_between_two_rules_is_the_pages_own_not_a_seam():
    # pandoc -t plain draws <hr> as 72 dashes; a page's date panel sits between two of them.
    rule = "-" * 72
    text = (
        f"The Hidden Heroines of Chaos\n\nBy Joshua Sokol\n\nMay 20, 2019\n\n{PARAGRAPH}\n\n"
        f"Joshua Sokol\n\nContributing Correspondent\n\n{rule}\n\nMay 20, 2019\n\n{rule}\n\n"
        f"{MORE_TEXT}\n\n{PARAGRAPH.replace('1898', '1899')}\n\n{rule}\n\nMay 20, 2019\n\n{rule}\n\n"
        f"{MORE_TEXT.replace('Paris', 'Lyon')}\n"
    )
    [segment] = segment_text(text)
    assert segment.title == "The Hidden Heroines of Chaos"
    assert segment.header_date is not None and segment.header_date[0] == "2019-05-20"


def test_outlook_forwards_are_seams_and_their_sent_dates_no_articles_dates():
    lead = ("يحضر الوضع الكهربائي على طاولة مجلس الوزراء اليوم، حيث يرأس رئيس الجمهورية جلسة لمجلس الوزراء "
            "مخصصة لبحث خطة الطوارئ، في ظل تراجع ساعات التغذية في معظم المناطق اللبنانية.")
    other = ("أشارت صحيفة الجمهورية إلى أن مجلس الوزراء يعقد جلسة عادية قبل ظهر غد في السراي الحكومي وعلى "
             "جدول اعماله 65 بنداً، وخلا من بنود الكهرباء التي قدمها وزير الطاقة في الجلسة الماضية.")

    def mail(day: int, site: str, body: str, tail: str = "") -> str:
        return (f"-----Original Message-----\nFrom: Rania Haddad <rania@example.com>\n"
                f"Sent: Monday, March {day}, 2026 10:12 AM\nTo: Rania Haddad <rania@example.com>\n"
                f"Subject: FW: {site}\n\nhttps://{site}/archives/23584{day}\n\n{body}\n{MORE}\n{tail}\n")

    segments = segment_text(mail(9, "lebanontimes.news", lead)
                            + mail(10, "lebanondebate.com", other, "إشترك بقناتنا على واتساب\n"))
    assert len(segments) == 2
    assert [s.header_date for s in segments] == [None, None]  # when it was mailed, not written
    assert segments[1].title.startswith("أشارت صحيفة الجمهورية")  # not its WhatsApp button


def test_a_shortened_link_in_a_comment_is_no_pages_address():
    from reader.ingest.lines import is_rule

    assert not is_rule("http://www.amazon.com/Kamp-Rite-TB34...")
    assert is_rule("<https://bawabitaref24.com/show81094>")  # markdown's bare link: the page's address
    assert is_rule("%" * 40)


def test_reader_views_and_galleries_furniture():
    for line in ("7–9 minutes", "2-3 minutes", "Gallery: Xbox One X | 14 Photos", "Slideshow ( 3 images )",
                 "IE 11 is not supported. For an optimal experience visit our site on another browser.",
                 "Original reporting. Fearless journalism. Delivered to you.", "الإعلانات", "يتم التصفح الآن",
                 "صورة أرشيفية"):
        assert classify(line) in (Kind.NAV, Kind.BOILER), line
    assert classify("Recommended") is Kind.SEPARATOR
    assert classify("أهم الاخبار") is Kind.SEPARATOR


def test_a_headless_page_that_opens_with_its_dateline_under_another_page():
    first = ("اشادت الحكومة العراقية، اليوم الخميس، بإنهاء مجلس النواب القراءة الأولى لمشروع الموازنة "
             "العامة، وقال بيان للمتحدث باسم الحكومة إن هذا التفاعل يدل على روح المسؤولية العالية.")
    second = ("كشف عضو مجلس النواب حسين البطاط، اليوم الأحد، عن سبب سيساهم بتأخير اقرار موازنة 2022، "
              "وقال إن الحكومة الحالية أعدت المشروع لكنها لا تستطيع تقديمه الى البرلمان في الوقت الحاضر.")
    text = f"الحكومة تشيد بموقف مجلس النواب من الموازنة\n\n{first}\n\nبغداد اليوم- بغداد\n{second}\n{MORE}\n"
    segments = segment_text(text)
    assert len(segments) == 2
    # A glued dash closes an Arabic outlet's dateline too: the title starts with the sentence.
    glued = segment_text(f"{first}\n\nصدى الإعلام-{second}\n")
    assert all(not s.title.startswith("صدى") for s in glued)



def test_html2text_rules_every_few_lines_are_a_pages_own_not_seams():
    # html2text writes each <hr> as "* * *": a science site draws them every few lines around its
    # "Related Stories" box, so that rule is the page's own, not the scraper's seam between pages;
    # the pages glued with nothing between them are found by their own headlines.
    path = DATA / "realworld_twelfth" / "en_t3_science_blogs_html2text_nosep_utf16.txt"
    text = load_file(path).text
    headline = text.index("Management of Intact Forestlands by Indigenous Peoples")
    [holder] = [s for s in segment_text(text) if s.start <= headline < s.end]
    assert holder.title.startswith("Management of Intact Forestlands")  # its page begins above its headline


# --- The twenty-fifth set's shapes: PDFs without print headers, note-app exports, Word's plain text ---


def test_a_page_break_that_cuts_a_sentence_makes_every_break_of_the_file_a_printers():
    # pdftotext of a browser's print without header or footer: page breaks fall anywhere, even inside
    # a sentence; the articles are found by their headlines, and a headline broken at its hyphen or
    # after its colon is one line again.
    lead = ("SACRAMENTO — The influential lobby group is fighting what appears to be a losing battle to "
            "dissuade California regulators from passing the nation's first ban on energy-hungry "
            "televisions, said people at the hearing on Tuesday.")
    text = (
        "California appears poised to be first to ban power-\nguzzling big-screen TVs\n"
        "October 14, 2009|Marc Lifsher\n\n" + lead + "\n\nLast month, the commission formally unveiled its "
        "proposal to limit television energy consumption in a way that has been done with refrigerators, "
        "air conditioners and dozens of other products since\n\fthe 1970s.\n\n"
        f"{PARAGRAPH}\n\f   http://news.nationalgeographic.com/energy/2015/08/150803-gender-bias\n\n\n"
        "Here's Why Your Office May Be Too Hot or Cold:\nGender Bias\n"
        "Do you argue about the temperature in your office or home? Find out what decides it.\n\n"
        f"\f{MORE_TEXT}\n\n{PARAGRAPH.replace('1898', '1899')}\n"
    )
    segments = segment_text(text)
    assert [s.title for s in segments] == [
        "California appears poised to be first to ban power-guzzling big-screen TVs",
        "Here's Why Your Office May Be Too Hot or Cold: Gender Bias",
    ]
    assert any(p.startswith("Last month") and p.endswith("since the 1970s.") for p in segments[0].body)
    assert segments[1].address_date is not None and segments[1].address_date[:2] == ("2015-08-03", "day")


def test_a_note_apps_numbered_notes_and_untitled_notes():
    from reader.ingest.dates import address_date

    def note(n: int, title: str, url: str, body: str) -> str:
        return (f"Note {n} of 3\nTitle: {title}\nCreated: 2026-02-14 09:1{n}\nSource URL: {url}\n"
                f"Tags: موريتانيا\n\n{body}\n{MORE}\n\n")

    first = ("اجتمع مجلس الوزراء الموريتاني صباح اليوم الخميس بالقصر الرئاسي في نواكشوط تحت رئاسة رئيس "
             "الجمهورية وتناول الاجتماع عدة مشاريع مراسيم تتعلق بتنظيم قطاع الصحة والتعليم.")
    text = (note(1, "Untitled Note", "https://essirage.net/node/1444", first)
            + note(2, "بدء الاجتماع الأسبوعي العادي للحكومة", "https://alwiam.info/ar/14602", LEAD)
            + note(3, "Untitled Note", "http://nouadhiboutoday.info/node/3036",
                   first.replace("الخميس", "الإثنين")))
    segments = segment_text(text)
    assert len(segments) == 3
    # An untitled note is named by its first sentence, cut where who chaired the meeting begins.
    assert segments[0].title == "اجتمع مجلس الوزراء الموريتاني صباح اليوم الخميس بالقصر الرئاسي في نواكشوط…"
    assert segments[1].title == "بدء الاجتماع الأسبوعي العادي للحكومة"
    # An address's year and month, then the page's own name opening with that day ("150803-…").
    assert address_date("http://news.nationalgeographic.com/energy/2015/08/150803-gender-bias") == (
        "2015-08-03", "day")
    assert address_date("https://example.com/2015/08/150903-other") == ("2015-08", "month")


def test_addresses_pasted_under_their_pages_belong_to_the_page_above():
    pages = [("48 حالة وفاة بالكوليرا من 1223 إصابة بالسودان", "https://tasamuhnews.com/48-cholera"),
             ("رقم صادم لوفيات الكوليرا بالسودان", "https://aljamhoria.net/2024/08/17/cholera")]
    text = "".join(f"{title}\n{LEAD}\n{MORE}\n{address}\n" for title, address in pages)
    segments = segment_text(text)
    assert [s.title for s in segments] == [title for title, _ in pages]
    # The second page's address, under it, dates it; the first page has none of its own.
    assert segments[0].address_date is None
    assert segments[1].address_date is not None and segments[1].address_date[0] == "2024-08-17"


# --- The twenty-sixth set's shapes: files joined under framed names, narrow dumps, large-type headlines ---


def test_files_joined_under_framed_names_are_one_article_each():
    from reader.ingest.lines import is_rule

    assert is_rule("<<< assarih_77652.txt >>>") and is_rule("--- file: cbc-news-sinwar-gaza.html ---")
    assert not is_rule("-hottest-chilli-contest-leaves-two-in-hospital.html")  # an address's wrapped tail
    assert not is_rule("name _requirements.txt_")
    pages = [("عيد التمور في قبلي", "assarih_77652.txt"), ("موسم جني التمور في توزر", "albayene_sousse.txt")]
    # Each page keeps a teaser under its text, which must not open a page of its own.
    teaser = "اقرأ أيضا\n\nتونس الأولى عالميا في التصدير"
    text = "".join(f"<<< {name} >>>\n{title}\n\n{LEAD}\n\n{MORE}\n\n{teaser}\n\n" for title, name in pages)
    assert [s.title for s in segment_text(text)] == [title for title, _ in pages]


def test_a_dump_wrapped_at_sixty_columns_is_unwrapped():
    from reader.ingest.lines import split_lines

    text = (
        "Much has been made about whether Mauricio Pochettino will\n"
        "continue as manager next season, but against Spurs, the\n"
        "club where he made his name, Chelsea team put in a\n"
        "performance packed with both character and quality.\n\n"
        "This wasn’t the battle of Stamford Bridge eight years ago,\n"
        "but it was one of Chelsea's most impressive wins of the\n"
        "season as they dominated while handling a staggering 14-man\n"
        "injury list.\n"
    )
    assert [line.text[:20] for line in split_lines(text)] == ["Much has been made a", "This wasn’t the batt"]


def test_a_headline_broken_over_three_lines_is_one_where_the_page_prints_it_whole():
    from reader.ingest.lines import split_lines

    text = (
        "Strava taps AI to weed out leaderboard cheats, unveils 'family' plan, dark mode and more"
        " | TechCrunch\n\n"
        "Strava taps AI to weed out\nleaderboard cheats, unveils\n‘family’ plan, dark mode and more\n"
        "Paul Sawers 11:00 AM PDT • May 16, 2024\n\n"
        "Trump ‘congratulates’ China in dig\nat Supreme Court ruling\nAdam Vidler and AP\n"
    )
    texts = [line.text for line in split_lines(text)]
    assert "Strava taps AI to weed out leaderboard cheats, unveils ‘family’ plan, dark mode and more" in texts
    assert "Trump ‘congratulates’ China in dig at Supreme Court ruling" in texts  # its lower-case rest


def test_pages_two_blank_lines_apart_are_pages_though_a_few_menus_stand_so_too():
    # Pages pasted two blank lines apart, their paragraphs one line apart or none; some of the pages'
    # own menu lines stand two apart as well, which made those wider gaps look common.
    import json

    path = DATA / "realworld_twentysecond" / "ar5_maghreb_pages_blank_line_separated.txt"
    text = load_file(path).text
    labels = json.loads(path.with_suffix(".json").read_text("utf-8"))["articles"]
    anchors = [text.find(label["anchor"]) for label in labels]
    segments = segment_text(text)
    holders = [next(s for s in segments if s.start <= a < s.end) for a in anchors]
    assert len({id(h) for h in holders}) == len(anchors)  # each page its own article


def test_an_update_stamp_whose_label_stands_on_its_own_line_is_no_publication_date():
    text = (
        "Investor Icahn To Advise Trump On Finances, Regulation\n\nAuthor:\nLauren Briggs\nUpdated:\n"
        f"Mar 6, 2018\nOriginal:\nDec 21, 2016\n{PARAGRAPH}\n\n{MORE_TEXT}\n"
    )
    [segment] = segment_text(text)
    assert segment.header_date is not None and segment.header_date[0] == "2016-12-21"
    assert segment.updated == "2018-03-06"
