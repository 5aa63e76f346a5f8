"""An eighteenth round of page shapes: an export's stamped item headers, and Arabic agencies' datelines."""

from __future__ import annotations

from pathlib import Path

from reader.ingest.corpus import documents_of_file
from reader.ingest.dates import infer_body_date
from reader.ingest.lines import split_lines, stamped_headers
from reader.ingest.loader import SourceFile, load_file
from reader.ingest.segment import segment_text
from tests.conftest import DATA

HOSPITAL = ("افتتحت وزارة الصحة مستشفى السويق المرجعي بمحافظة شمال الباطنة، بتكلفة إجمالية تجاوزت 75 مليون "
            "ريال، وبسعة تزيد على 300 سرير، لتقديم خدمات الرعاية الصحية الأولية والثانوية للمواطنين.")
MORE = ("ويعد المستشفى إضافة نوعية للمنشآت الصحية في المحافظة، بما يلبي احتياجات المجتمع الصحية، ويسهم في "
        "تحسين جودة الخدمات الطبية المقدمة ودعم الجهود الرامية إلى الارتقاء بمستوى الرعاية الشاملة.")
TITLES = ("افتتاح مستشفى السويق المرجعي", "توسعة مستشفى نزوى شارفت على الانتهاء",
          "زيارة تفقدية لمستشفى قابوس في شحن", "وزارة الصحة تدشن حملة التطعيم الموسمية")


def _docs(text: str) -> list:
    return documents_of_file(SourceFile(Path("export.txt"), "export.txt", text, "utf-8", len(text)))


def _export(headers: list[str]) -> str:
    return "".join(f"{header}\n{title}\n\n{HOSPITAL}\n\n{MORE}\nhttps://example.om/news/{n}\n\n"
                   for n, (header, title) in enumerate(zip(headers, TITLES, strict=True)))


def test_an_exports_stamped_item_headers_open_one_article_each_and_date_none():
    # A channel's export written out by a script: "#id  time to the second  channel" over each message,
    # the shared page's text, its address. The time says when it was shared, not when it was written.
    headers = [f"#{2214 + n}  2026-01-{8 + n:02d}T09:15:0{n}  نشرة الصحة في الخليج" for n in range(4)]
    docs = _docs(_export(headers))
    assert [d.title for d in docs] == list(TITLES)
    assert [d.date.value for d in docs] == [None] * 4
    assert all("نشرة الصحة" not in d.title for d in docs)


def test_stamps_that_do_not_repeat_as_headers_are_left_to_the_text():
    # Twice is not a pattern (two pages that happen to open with a stamp are not an export); nor is a
    # stamp inside a paragraph.
    stamps = [f"#{n}  2026-01-{8 + n:02d}T09:15:0{n}  نشرة" for n in range(4)]
    assert len(stamped_headers(split_lines(_export(stamps)))) == 4
    assert stamped_headers(split_lines(_export([*stamps[:2], "", ""]))) == []
    glued = "".join(f"{title}\n{stamp}\n" for stamp, title in zip(stamps, TITLES, strict=True))
    assert stamped_headers(split_lines(glued)) == []
    # A publisher's byline without seconds, repeated over each post, still dates its post.
    bylines = [f"نشر في 2026-01-{8 + n:02d} 09:15 بواسطة المحرر" for n in range(4)]
    docs = _docs("".join(f"{title}\n{byline}\n\n{HOSPITAL}\n\n{MORE}\n\n"
                         for byline, title in zip(bylines, TITLES, strict=True)))
    assert [d.date.value for d in docs] == [f"2026-01-{8 + n:02d}" for n in range(4)]


def test_an_arabic_agencys_dateline_dates_the_story():
    for dateline in ("السويق في 7 يناير 2026 /العُمانية/", "الدوحة في 7 يناير 2026 /قنا/ ",
                     "الكويت 7 يناير 2026 (كونا) -- "):
        text = f"افتتاح مستشفى السويق المرجعي\n\n{dateline}{HOSPITAL}\n\n{MORE}\n"
        assert infer_body_date(text, stated_only=True).value == "2026-01-07", dateline
    # The same date inside a sentence reports an event: no date.
    text = f"افتتاح مستشفى السويق المرجعي\n\nقالت الوزارة إنها افتتحت في 7 يناير 2026 مستشفى جديدا. {MORE}\n"
    assert infer_body_date(text, stated_only=True).value is None


def test_a_place_and_agencies_line_opens_a_headless_page_whatever_its_shape():
    # Two stored pages pasted two blank lines apart; the second has no headline, only "الموصل – وكالات"
    # over its lead, under the first page's run of captions.
    first = ("أقامت مدينة الموصل مهرجانها الثالث للسلام، واحتفى سكان المدينة بالموسيقى والرقص في إحدى "
             "الغابات كثيفة الأشجار على ضفاف نهر دجلة، بعد سنوات من الحرب والدمار.")
    second = ("في مناسبة اليوم العالمي للسلام، احتضنت مدينة الموصل يومي الجمعة والسبت فعاليات مهرجان "
              "للسلام شارك فيه فنانون وموسيقيون من مختلف الديانات والطوائف.")
    captions = "\n".join(["مهرجان نينوى للسلام"] * 4)
    text = (f"مهرجان السلام في الموصل\n\n{first}\n{MORE}\n{captions}\n\n\nالموصل – وكالات\n\n"
            f"{second}\n\n{MORE}\n")
    docs = _docs(text)
    assert len(docs) == 2
    assert docs[1].title.startswith("في مناسبة اليوم العالمي للسلام")
    assert "وكالات" not in docs[1].title


# --- The twenty-seventh and twenty-eighth sets' shapes: captions, taglines, outlets over the lead ---

STORY = ("The tenor of Montana’s legislative session was evident from the start. In January, less than a "
         "week into the lawmaking process, a Republican senator proposed a study of the reservations system, "
         "and Rep. Zooey Zephyr said the Montana Legislature had spent months attacking trans people.")
STORY_MORE = ("Zephyr was barred from the House floor after she protested, and the Montana Legislature’s "
              "leaders said the vote was about decorum, not about her; the ACLU said it was the culmination "
              "of attacks.")


def test_a_long_photo_caption_over_the_headline_does_not_make_it_a_subhead():
    caption = ("Rep. Zooey Zephyr, D-Missoula, walks out of the Montana House of Representatives after "
               "lawmakers voted to ban her from the chamber on April 26, 2023, in the state Capitol in "
               "Helena, Mont. Photo: Thom Bridge/Independent Record via AP")
    headline = "An Insider’s View of the Montana Legislature’s Attacks on Trans Rep. Zooey Zephyr"
    text = (f"https://theintercept.com/2023/04/28/montana-trans-zooey-zephyr/\nThe\nIntercept_\n\n"
            f"A division of First Look Institute\nTerms of use\nPrivacy\n\n{caption}\n\nDonate\n\n"
            f"{caption}\n\n"
            f"{headline}\n\nBy Ryan Devereaux\nApril 28 2023, 3:54 p.m.\n\n{STORY}\n\n{STORY_MORE}\n")
    [doc] = _docs(text)
    assert doc.title == headline


def test_a_sites_tagline_over_the_headline_is_not_the_title():
    # A lynx dump: the site's tagline, a rule and "Search", then the headline over its standfirst and byline.
    path = DATA / "realworld_twentyeighth" / "en3_lynx_width100_references_powershell_utf16le_crlf.txt"
    text = load_file(path).text
    headline = text.index("Tim Cook On Apple Being")
    [holder] = [s for s in segment_text(text) if s.start <= headline < s.end]
    assert holder.title == "Tim Cook On Apple Being ‘Pulled Into The Enterprise’"


def test_an_outlet_under_a_colon_or_a_slash_over_the_lead_is_no_title():
    from reader.ingest.datelines import is_dateline_only

    for line in ("الخرطوم: المنبر24", "الألباب المغربية/ مصطفى طه"):
        assert is_dateline_only(line), line
        text = (f"https://example.com/53411\n{line}\n{HOSPITAL}\n{MORE}\n\nhttps://example.com/53412\n"
                f"عنوان الصفحة الثانية عن المستشفى\n{MORE}\n{HOSPITAL}\n")
        assert _docs(text)[0].title.startswith("افتتحت وزارة الصحة"), line
    # A headline that names a place before its colon is a headline.
    for headline in ("قفصة : احتجاجات بسبب انقطاع الماء", "موريتانيا: إنشاء ست مقاطعات جديدة",
                     "رد: غزة التي أدمنت الدمار"):
        assert not is_dateline_only(headline), headline


def test_a_forums_bbcode_is_markup_not_text():
    from reader.ingest.lines import strip_markup

    assert strip_markup("[JUSTIFY]أعلنت وزارة الصحة الاتحادية ختام حملة التحصين[/JUSTIFY]")[0] == (
        "أعلنت وزارة الصحة الاتحادية ختام حملة التحصين")
    forum = '[align=center][table1="width:95%;"][cell="filter:;"][align=center]رد: غزة'
    assert strip_markup(forum)[0] == "رد: غزة"
    assert strip_markup("See note [1] and [Reuters]")[0] == "See note [1] and [Reuters]"  # not markup


def test_gallery_bookmark_and_alert_widgets_are_furniture():
    from reader.ingest.lines import Kind, classify

    for line in ("Image 1 of / 5", "Photo 3 of 12", "Back to Gallery", "AddThis Sharing Buttons",
                 "Breaking News Emails", "Get breaking news alerts and special reports.",
                 "Add to your saved stories", "Please log in to bookmark this story.",
                 "Thank you for visiting nature.com. You are using a browser version with limited support "
                 "for CSS."):
        assert classify(line) in (Kind.NAV, Kind.BOILER), line
    assert classify("Photo 3 of 12 shows the flooded square of the old town") not in (Kind.NAV, Kind.BOILER)


def test_an_address_cut_short_by_the_site_does_not_name_a_headless_page():
    from reader.ingest.segment import _slug_title

    assert _slug_title("https://akhbarkome.com/انهزم-فريق-مولودية-وجدة-أمام-الرجاء-ال") is None
    assert _slug_title("https://example.ly/ليبيا-المركزي-يسحب-فئة-50-دينار-ويكشف-عن") is None
    assert _slug_title("https://example.ma/post/انطلاق-دورة-المراقبة-لامتحان-البكالوريا") == (
        "انطلاق دورة المراقبة لامتحان البكالوريا")
    text = f"https://akhbarkome.com/انهزم-فريق-مولودية-وجدة-أمام-الرجاء-ال\n{HOSPITAL}\n{MORE}\n"
    assert _docs(text)[0].title.startswith("افتتحت وزارة الصحة")


def test_a_story_printed_twice_on_its_page_is_one_article():
    # A stored page holds its headline and two paragraphs twice over, the second copy right under the
    # first with no seam between: one article, not two.
    name = "ar4_maghreb_water_trains_ports_underscore_rules_iso8859_6_crlf.txt"
    text = load_file(DATA / "realworld_twentyseventh" / name).text
    headline = "بسبب جنوح قطار.. تعطل جزئي لسير قطارات الضاحية الجنوبية"
    assert [s.title for s in segment_text(text)].count(headline) == 1


# --- The twenty-ninth set's shapes: a headline over its page's address, a title line over the date ---

def test_a_headline_written_over_its_pages_address_opens_the_page():
    name = "ar3_iraq_analyses_blank_line_joined_utf16be_bom_crlf.txt"
    text = load_file(DATA / "realworld_twentyninth" / name).text
    headline = "تحوُّلات المشهد الانتخابي العراقي وتداعياتها على إيران"
    at = text.index(headline)
    [holder] = [s for s in segment_text(text) if s.start <= at < s.end]
    assert holder.title.startswith(headline)
    assert "rasanah-iiis.org" not in (holder.title or "")


def test_a_pages_title_line_over_its_date_and_headline_opens_the_page():
    # "Headline Author / role" (the page's title line), then its date, then its headline again.
    name = "ar3_iraq_analyses_blank_line_joined_utf16be_bom_crlf.txt"
    text = load_file(DATA / "realworld_twentyninth" / name).text
    title_line = text.index("العراق: ما بعد انتخاب الرئيس د. هدى النعيمي / مستشار")
    [holder] = [s for s in segment_text(text) if s.start <= title_line < s.end]
    assert holder.start == title_line
    assert holder.title.startswith("العراق: ما بعد انتخاب الرئيس")


def test_a_sections_menu_over_the_date_and_headline_is_not_the_title():
    # After a rule: the site's sections glued into one line, the date, then the column's headline.
    name = "ar4_syria_opinion_tilde_rules_utf8bom_cr.txt"
    text = load_file(DATA / "realworld_twentyninth" / name).text
    at = text.index("اليد القذرة")
    [holder] = [s for s in segment_text(text) if s.start <= at < s.end]
    assert holder.title == '"السيسي" .. اليد القذرة لتنظيف "الأسد"'


# --- The thirtieth set's shapes: a printed page's footer on one line, a dump wrapped at 54 columns ---

def test_printed_pages_whose_footer_keeps_the_address_and_counter_on_one_line():
    # pdftotext -layout writes Chromium's footer as "http://…/page          2/6" on one line.
    name = "en1_chromium_print_header_footer_pdftotext_layout_cr.txt"
    text = load_file(DATA / "realworld_thirtieth" / name).text
    titles = [s.title for s in segment_text(text)]
    assert len(titles) == 3
    assert titles[0].startswith("Aaron Bushnell, Who Self-Immolated for Palestine")
    assert titles[2].startswith("Legal opinion expected after ICJ concludes hearings")


def test_a_dump_wrapped_at_sixty_columns_with_its_margin_is_unwrapped():
    import textwrap

    from reader.ingest.lines import Kind, split_lines

    paragraph = HOSPITAL + " " + MORE
    wrapped = "\n".join("   " + row for row in textwrap.wrap(paragraph, 51))
    lines = split_lines(f"{wrapped}\n\n{wrapped}\n")
    assert [line.kind for line in lines] == [Kind.BODY, Kind.BODY]
    assert lines[0].text == paragraph


def test_an_empty_date_field_printed_as_the_clocks_zero_dates_nothing():
    from reader.ingest.dates import parse_header_date

    assert parse_header_date("1 January 1970") is None  # an empty date field, Unix time 0
    assert parse_header_date("Published: Thursday, January 1, 1970") is None
    assert parse_header_date("2 January 1970") == ("1970-01-02", "day")
    # Nor does it date the page from its text: a page whose only date is the empty field is undated.
    text = f"Newborn baby's body found at coastal dump\n\n1 January 1970\n\n{STORY}\n\n{STORY_MORE}\n"
    assert infer_body_date(text, stated_only=True).value is None
    assert infer_body_date(text).value is None


def test_a_newspapers_masthead_at_each_pages_top_and_its_issue_line_over_the_headline():
    # Stored pages of one newspaper under form feeds: its tagline opens every page, then the issue
    # line, a note and the section, then the headline.
    name = "ar1_bahrain_meat_form_feeds_utf8_bom_crlf.txt"
    text = load_file(DATA / "realworld_thirtieth" / name).text
    docs = documents_of_file(SourceFile(Path(name), name, text, "utf-8", len(text)))
    [page] = [d for d in docs if d.title == "اللحوم العربية متوافرة بكثرة وأسعارها عالية"]
    assert page.date.value == "2012-07-23"
    assert all(d.title != "الجريدة اليومية الأولى في البحرين" for d in docs)


def test_an_image_count_and_an_end_of_article_mark_are_furniture():
    from reader.ingest.lines import Kind, classify

    for line in ("View 3 Images", "View all 12 photos", "End of Article"):
        assert classify(line) in (Kind.NAV, Kind.BOILER), line
    assert classify("End of story") is Kind.SHORT  # a headline may say so


def test_a_typed_source_and_title_line_over_each_page_is_its_record_header():
    # "Source: https://… | Title: <the page's headline>" typed over each pasted page.
    from reader.ingest.lines import Kind, classify

    header = ("Source: https://alwafd.news/4639631 | Title: لجنة التسعير التلقائي للمواد البترولية تجتمع "
              "الشهر الجاري")
    assert classify(header) is Kind.RULE
    name = "ar2_egypt_fuel_source_title_lines_iso8859_6_cr.txt"
    text = load_file(DATA / "realworld_thirtieth" / name).text
    titles = [s.title for s in segment_text(text)]
    # The page's headline, not the summary above it
    assert titles[0] == "لجنة تسعير المواد البترولية تقرر زيادة البنزين 25 قرشاً بداية من اليوم"
    assert titles[2] == "لجنة التسعير التلقائي للمواد البترولية تجتمع الشهر الجاري"


def test_an_end_mark_the_researcher_typed_after_each_item_is_a_seam():
    from reader.ingest.lines import Kind, classify

    for line in ("-- نهاية الخبر --", "[End of article]", "-- انتهى --", "(END)"):
        assert classify(line) is Kind.RULE, line
    assert classify("نهاية الخبر") is not Kind.RULE  # words alone, no frame: text
    first = f"عنوان الخبر الأول عن المستشفى\n\n{HOSPITAL}\n\n{MORE}\n\nكلمات دلالية: صحة مستشفى\n\n"
    second = f"المحليات\n\nمركز الملك سلمان يواصل مساعداته الإنسانية\n\n{MORE}\n\n{HOSPITAL}\n"
    docs = _docs(first + "-- نهاية الخبر --\n\n" + second)
    assert [d.title for d in docs] == [
        "عنوان الخبر الأول عن المستشفى", "مركز الملك سلمان يواصل مساعداته الإنسانية",
    ]


def test_a_framed_saved_stamp_after_each_page_is_a_seam_that_dates_nothing():
    from reader.ingest.lines import Kind, classify

    assert classify("-- saved 11/02/2026 --") is Kind.RULE
    stamp = "-- saved 11/02/2026 --\n\n"
    text = (f"الرقة البيضاء في العهد البيزنطي\n\n{HOSPITAL}\n\n{MORE}\n\n{stamp}"
            f"....... في ذاكرة البياض......\n\n{MORE}\n\n{HOSPITAL}\n\n{stamp}")
    docs = _docs(text)
    assert [d.title for d in docs] == ["الرقة البيضاء في العهد البيزنطي", "في ذاكرة البياض"]
    assert [d.date.value for d in docs] == [None, None]  # when it was saved, not written


def test_a_banner_typed_over_each_page_is_a_seam_that_names_the_page():
    from reader.ingest.lines import Kind, split_lines

    banner = "### The Guardian view on Hong Kong: a city on the brink | Editorial | The Guardian ###"
    [line] = split_lines(banner)
    assert line.kind is Kind.RULE
    assert split_lines("### A markdown heading")[0].kind is not Kind.RULE  # not framed: the page's own
    name = "en1_links_dump_title_banners_cp1252_crlf.txt"
    text = load_file(DATA / "realworld_thirtysecond" / name).text
    titles = [s.title for s in segment_text(text)]
    assert titles[0] == "Julian Assange: Sweden drops rape investigation"  # not a video's caption
    assert len(titles) == 4


def test_a_lone_counter_between_a_seam_and_the_headline_leaves_the_headline_under_the_seam():
    first = f"افتتاح مسجد جديد بمحافظة الغربية\n\n{HOSPITAL}\n\n{MORE}\n\n"
    second = f"* * *\n\n1\n\nالبطريركية الأورشليمية تحتفل بعيد الميلاد المجيد\n\n{MORE}\n\n{HOSPITAL}\n\n"
    third = f"* * *\n\nجامعة الخليل تحتفل بتخريج الفوج الثامن والأربعين\n\n{HOSPITAL}\n\n{MORE}\n"
    titles = [d.title for d in _docs(first + second + third)]
    assert "البطريركية الأورشليمية تحتفل بعيد الميلاد المجيد" in titles
    assert len(titles) == 3


def test_a_forums_topic_link_is_the_pages_address_and_a_posters_card_is_furniture():
    from reader.ingest.lines import Kind, classify

    assert classify("رابط الموضوع: https://kain.7olm.org/t830-topic") is Kind.RULE
    assert classify("Permalink: https://example.org/2024/05/01/story") is Kind.RULE
    for card in ("عدد المساهمات : 19 نقاط : 52 السٌّمعَة : 0 تاريخ التسجيل : 27/08/2011",
                 "Posts: 689 Joined: 15/01/2010 Age: 31"):
        assert classify(card) is Kind.NAV, card
    sentence = "The score: 3 goals: 2 in the first half and more talk about the game that was played"
    assert classify(sentence) is not Kind.NAV


def test_datelines_with_a_country_or_an_agency_before_a_colon_are_not_the_title():
    from reader.ingest.datelines import dateline_length

    for lead, sentence in (
        ("PORT SUDAN, Sudan: ", "Six months after tensions between rival Sudanese generals ignited a war"),
        ("Al Arish [Egypt], November 16 (ANI/WAM): ", "The Fifth UAE aid ship bound for Gaza arrived today"),
    ):
        assert dateline_length(lead + sentence) == len(lead), lead
    assert dateline_length("Note: this is a sentence that should stay as it is with all its words") == 0


def test_a_note_the_researcher_typed_over_each_page_is_a_seam_not_the_title():
    pages = [
        ("High Court jails 3 pastors for contempt of court", "Note: church dispute, second contempt case."),
        ("Court reduces Adu Boahene’s bail sum to GHc80m", "Note: bail, Human Rights Court."),
    ]
    body = ("The Accra High Court has sentenced three pastors to five days imprisonment each for contempt of "
            "court, after they defied its orders and went on holding services at the branches in dispute.")
    text = "".join(f"{note}\n\n{title}\n\n{body}\n\n{body}\n\n" for title, note in pages)
    docs = _docs(text)
    assert [d.title for d in docs] == [title for title, _ in pages]
    assert all("Note:" not in d.title for d in docs)
    # One note alone belongs to its article.
    from reader.ingest.lines import Kind, split_lines

    alone = split_lines(f"{pages[0][0]}\n\n{body}\n\nNote: updated.\n")
    assert all(line.kind is not Kind.RULE for line in alone)


def test_the_date_a_page_was_read_under_its_address_dates_nothing():
    page = ("الرابط: https://cairopresseg.com/?p=186168\nتاريخ الاطلاع: 2022/11/07\n\n"
            f"قمة المناخ تنطلق في شرم الشيخ\n\n{HOSPITAL}\n\n{MORE}\n\n")
    other = page.replace("186168", "186169").replace("قمة المناخ تنطلق", "وفود العالم تصل")
    docs = _docs(page + other)
    assert [d.title for d in docs] == ["قمة المناخ تنطلق في شرم الشيخ", "وفود العالم تصل في شرم الشيخ"]
    assert [d.date.value for d in docs] == [None, None]  # when the researcher read it, not when it came out


def test_a_paragraph_opening_with_a_byline_and_its_date_under_another_page_opens_a_page():
    lead = ("كتب ناصر المحيسن - الكويت في الأحد 2 نوفمبر 2025 12:40 صباحاً - أعلن معهد الكويت للأبحاث العلمية "
            "عن دخول مشروع إنشاء محطة نموذجية لتحلية المياه مرحلة التشغيل التجريبي خلال الأسابيع المقبلة.")
    text = f"محطات التحلية في الكويت تعمل بطاقتها\n\n{HOSPITAL}\n\n{MORE}\n\n{lead}\n\n{MORE}\n"
    docs = _docs(text)
    assert len(docs) == 2
    assert docs[1].title.startswith("أعلن معهد الكويت للأبحاث العلمية")
    assert docs[1].date.value == "2025-11-02"
    # A byline with no date in a paragraph is the paragraph's own.
    assert len(_docs(text.replace(" في الأحد 2 نوفمبر 2025 12:40 صباحاً", ""))) == 1
