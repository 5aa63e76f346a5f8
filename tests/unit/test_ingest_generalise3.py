"""A third round of page shapes the splitter must read the same way on any site (made-up pages).

Each test is one general rule about line shape and context; the pages are invented, not copied.
"""

from __future__ import annotations

from reader.ingest.dates import infer_body_date
from reader.ingest.lines import Kind, classify
from reader.ingest.segment import segment_text
from tests.unit.test_ingest_generalise import MORE, TEXT  # the same two paragraphs of running text

OTHER = (
    "Police said two men were arrested after the march through the city centre turned violent, and "
    "that officers would stay in the area overnight to keep the two groups of protesters apart."
)
OTHER_MORE = (
    "Shop owners on the high street boarded up their windows in the afternoon, and the mayor asked "
    "people to stay away from the square until the crowds had gone home and the roads were reopened."
)
MENU = "\n".join(
    ["Home", "World", "Business", "Politics", "Sport", "Culture", "Travel", "Weather", "Video", "Audio",
     "Podcasts", "Newsletters", "Search", "Sign in"]
)  # fmt: skip


def titles(text: str) -> list[str | None]:
    return [s.title for s in segment_text(text)]


def test_a_headline_right_under_the_next_pages_menu_opens_an_article():
    # no capitals, no byline: only the whole menu above it shows that a new page begins
    head = "Two men arrested as city centre march turns violent"
    page = (
        f"Council Backs New Water Plant\nBy Ann Lee\n\n{TEXT}\n\n{MORE}\n\n{MENU}\n\n"
        f"{head}\n\n{OTHER}\n\n{OTHER_MORE}\n"
    )
    assert titles(page) == ["Council Backs New Water Plant", head]
    # a list of teasers (or a footer) under a menu is no page
    teasers = "Five cheap ways to heat a home\nThe best cards for 2017\nWhy rents keep rising in the city"
    page = f"Council Backs New Water Plant\nBy Ann Lee\n\n{TEXT}\n\n{MORE}\n\n{MENU}\n\n{teasers}\n\n{OTHER}"
    assert titles(page) == ["Council Backs New Water Plant"]


def test_dated_teasers_under_a_related_line_are_no_articles():
    summary = "A short look at what the new rules mean for tenants and landlords this spring."
    related = (  # as a text browser dumps it: each teaser under its picture
        "Related\n\n[IMG]\n"
        f"Tenants Face New Rules From April\n{summary}\nBy Ann Lee Feb 18, 2020 4 min read\n\n[IMG]\n"
        f"Landlords Ask For More Time\n{summary}\nBy Ann Lee Feb 15, 2020 3 min read\n\n[IMG]\n"
        f"What The Mayor Said About Rents\n{summary}\nBy Joe Bloggs Feb 14, 2020 5 min read\n\n"
    )
    author = (
        "Ann Lee is a reporter who has covered the city for ten years, writing about housing, transport "
        "and the council, and before that worked for a regional paper in the north of the country. "
        "She lives in the old town with her family and two cats, and can be reached by email."
    )
    page = f"Council Backs New Water Plant\nBy Ann Lee\n\n{TEXT}\n\n{MORE}\n\n{related}{author}\n"
    segs = segment_text(page)
    assert [s.title for s in segs] == ["Council Backs New Water Plant"]
    clean = "\n".join(segs[0].body)
    assert TEXT in clean and summary not in clean and author not in clean


def test_the_first_end_of_a_span_is_not_when_the_text_was_written():
    info = infer_body_date("وخلال الفترة من 3 أكتوبر 1990 إلى نوفمبر 1991 تمكنت الوكالة من بث آلاف المواد.")
    assert info.value is None and info.not_before == "1991"
    assert infer_body_date("The show ran from 3 October 1990 to November 1991 in London.").value is None
    # a date that opens no span is still the text's
    assert infer_body_date("The minister spoke on 3 October 2020 to reporters.").value == "2020-10-03"


AR_HEAD = "أمير المنطقة يوجه بتنفيذ مبادرة لترشيد استهلاك المياه والكهرباء"
AR_TEXT = (
    "أقامت إدارة المنطقة ورشة عمل لمناقشة ترشيد استهلاك المياه والكهرباء في المباني الحكومية، بحضور "
    "عدد من المسؤولين والمختصين الذين عرضوا تجارب ناجحة في خفض الاستهلاك خلال السنوات الماضية."
)
AR_MORE = (
    "وأكد المشاركون أهمية نشر الوعي بين الموظفين والمواطنين، ودعوا إلى متابعة تنفيذ المبادرة عبر "
    "تقارير شهرية تقيس الوفر المتحقق في فواتير المياه والكهرباء في كل جهة حكومية."
)


def test_a_two_calendar_clock_over_the_headline_is_the_sites_not_the_articles():
    clock = "08:44 مساءً , الأربعاء 16 شعبان 1447 / 4 فبراير 2026"
    page = f"{clock}\n{AR_HEAD}\n\n{AR_TEXT}\n\n{AR_MORE}\n"
    seg = segment_text(page)[0]
    assert seg.title == AR_HEAD and seg.header_date is None
    # one calendar over the headline is a blog's post date, and still dates it
    seg = segment_text(f"الأربعاء 4 فبراير 2026\n{AR_HEAD}\n\n{AR_TEXT}\n\n{AR_MORE}\n")[0]
    assert seg.header_date[0] == "2026-02-04"


def test_a_two_item_page_after_a_listing_page_of_the_same_file_is_a_listing_too():
    heads = (
        "Global Heating Will Push Billions Outside Their Niche",
        "Extreme Heat: Why It Is A Global Health Issue",
        "Gates Of Hell Must Be Closed, Says UN Chief",
        "Extreme Weather: What Is It And How Is It Linked To Climate?",
        "Campaigners Hail Ruling On Net Zero Strategy",
    )
    summary = (
        "The world is on track for a warmer decade, and two billion people may face average heat above what "
        "humans have lived with, a new study says."
    )
    first = "".join(f"{h}\n\n{summary}\n\n" for h in heads[:3])
    second = "".join(f"{h}\n\n{summary}\n\n" for h in heads[3:])
    assert titles(f"Climate Change\n\n{first}{'-' * 50}\n\n{second}") == list(heads)
    # two items alone, in a file with no listing page, stay one text
    assert len(segment_text(f"{'-' * 50}\n\n{second}")) == 1


AR_HEAD_2 = "الاتحاد الأفريقي يعزي مصر في ضحايا حادث محيط معهد الأورام ويؤكد وقوفه إلى جانبها"
AR_OTHER = (
    "أعرب الاتحاد الأفريقي عن التعازي في ضحايا الحادث الذي وقع الليلة الماضية بمحيط المعهد القومي "
    "للأورام في القاهرة، مؤكدا وقوف الاتحاد إلى جانب مصر حكومة وشعبا في مواجهة الإرهاب."
)
AR_OTHER_MORE = (
    "وقال رئيس مفوضية الاتحاد في تدوينة عبر حسابه بموقع التواصل اليوم الاثنين إنه يدين الهجوم بأشد "
    "العبارات، ويتقدم بخالص التعازي لأسر الضحايا ويتمنى الشفاء العاجل للمصابين."
)


def test_a_header_under_the_next_pages_masthead_is_the_next_headlines():
    # the last sentence of one page, the next page's masthead, its headline and dateline: the date
    # belongs to the headline under the masthead, not to the sentence above it
    tail = "وبين المتحدث أن عاملا واحدا يقوم بتنظيف مناهل المياه بعد المنخفض الأخير"
    masthead = "رئيس مجلس الادارة\nعمر أحمد سامي\nرئيس التحرير\nطه فرغلي"
    page = (
        f"{AR_HEAD}\n\n{AR_TEXT}\n{AR_MORE}\n{tail}\n{masthead}\n"
        f"{AR_HEAD_2}\n14 أغسطس 2019\n{AR_OTHER}\n{AR_OTHER_MORE}\n"
    )
    segs = segment_text(page)
    assert [s.title for s in segs] == [AR_HEAD, AR_HEAD_2]
    assert tail in segs[0].body


def test_an_arabic_articles_numeric_date_puts_the_day_first():
    seg = segment_text(f"{AR_HEAD_2}\n5-8-2019 | 18:28\n\n{AR_OTHER}\n\n{AR_OTHER_MORE}\n")[0]
    assert seg.header_date[0] == "2019-08-05"
    # on an English page the order stays unknown
    page = f"Council Backs New Water Plant\n5-8-2019 | 18:28\n\n{TEXT}\n\n{MORE}\n"
    assert segment_text(page)[0].header_date is None


def test_dated_teasers_with_long_summaries_are_no_articles_either():
    long_summary = " ".join([TEXT, MORE, OTHER])  # one paragraph, as long as an article's lead
    related = (
        "You might also like\n\n[P01-a.jpg]\n"
        f"Tenants Face New Rules From April\n2024-10-14\n{long_summary}\nBy Ann Lee\n\n[P01-b.jpg]\n"
        f"Landlords Ask For More Time\n2024-10-10\n{long_summary}\nBy Joe Bloggs\n\n[P01-c.jpg]\n"
        f"What The Mayor Said About Rents\n2024-10-12\n{long_summary}\n"
    )
    page = f"Council Backs New Water Plant\nBy Ann Lee\n\n{TEXT}\n\n{MORE}\n\n{related}"
    assert titles(page) == ["Council Backs New Water Plant"]


def test_an_agency_photo_credit_line_is_a_caption():
    assert classify("Dec. 21, 2025. (AP Photo/Jane Doe)") is Kind.NAV
    assert classify("A crowd waits outside the court in the rain. (Getty Images/John Roe)") is Kind.NAV
    assert classify("The court said (AP Photo/x) was not evidence, and the case went on") is not Kind.NAV


def test_a_quotation_standing_alone_over_the_headline_is_not_the_title():
    page = (
        "'The most important thing is that I not be the last'\n\n"
        "State Swears In Its First Native American Justice\nBy Ann Lee 8 January 2020\n\n"
        f"{TEXT}\n\n{MORE}\n"
    )
    assert titles(page) == ["State Swears In Its First Native American Justice"]


def test_a_menu_whose_items_share_their_head_word_is_navigation():
    assert classify("الأخبار أخبار سورية أخبار عربية أخبار دولية") is Kind.NAV
    assert classify("Sports News Business News India News World News") is Kind.NAV
    assert classify("Water, water, water everywhere in the old town") is not Kind.NAV  # a figure of speech


def test_a_headline_with_its_byline_glued_to_its_end_opens_an_article():
    signed = "ذريني للغنى أسعى فإني رأيت الناس شرهم الفقير ،،، بقلم : مشعل السعيد"
    page = f"{AR_HEAD}\n{AR_TEXT}\n{AR_MORE}\n{signed}\n{AR_OTHER}\n{AR_OTHER_MORE}\n"
    assert len(segment_text(page)) == 2
    # a headline that merely holds the word stays in its text
    plain = "كتب التاريخ تروي قصة المدينة القديمة وأسواقها"
    page = f"{AR_HEAD}\n{AR_TEXT}\n{AR_MORE}\n{plain}\n{AR_OTHER}\n{AR_OTHER_MORE}\n"
    assert len(segment_text(page)) == 1


def test_a_credit_set_out_in_slashed_cells_is_furniture_not_a_headline():
    assert classify("Bheki/ Informal Traders/ City of Johannesburg") is Kind.NAV
    assert classify("Home / World / Asia") is Kind.NAV
    assert classify("الثلاثاء ١ / ١٢ / ٢٠٢٠") is not Kind.NAV  # a date, not cells of words
    assert classify("AC/DC play 24/7 in the city tonight") is Kind.SHORT
    head = "Joburg Has Failed Its Informal Traders: Here Is What The City Needs To Do"
    page = (
        f"Council Backs New Water Plant\nBy Ann Lee\n\n{TEXT}\n\n{MORE}\n\n"
        f"{head}\n\nThe City has an opportunity to shift from enforcement to planning.\n\n"
        "Bheki/ Informal Traders/ City of Johannesburg\n\nBy Joe Bloggs\n6 Jan 2026\n\n"
        f"{OTHER}\n\n{OTHER_MORE}\n"
    )
    assert titles(page) == ["Council Backs New Water Plant", head]


def test_a_source_label_over_the_lead_shows_a_headline_and_leaves_the_text():
    head = "الجفاف يلاحق أنهارا بالمنطقة أزمة مناخ أم ممارسات بشرية؟"
    page = (
        f"{AR_HEAD}\n\n{AR_TEXT}\n\n{AR_MORE}\n\n{head}\n\n"
        "خبير : بتنا أمام ظاهرة تهدد الاستقرار المائي على المدى الطويل\n\n"
        f"سيرياستيبس :\n{AR_OTHER}\n\n{AR_OTHER_MORE}\n"
    )
    segs = segment_text(page)
    assert [s.title for s in segs] == [AR_HEAD, head]
    assert segs[1].outlet == "سيرياستيبس" and "سيرياستيبس :" not in segs[1].body


def test_short_lines_that_end_alike_are_a_list_of_links():
    footer = (
        "About Reuters, opens new tab\nCareers, opens new tab\nReuters News Agency, opens new tab\n"
        "Brand Attribution Guidelines, opens new tab\n"
    )
    page = f"Council Backs New Water Plant\nBy Ann Lee\n\n{TEXT}\n\n{MORE}\n\n{footer}\n{OTHER}\n\n{MORE}"
    segs = segment_text(page)
    assert [s.title for s in segs] == ["Council Backs New Water Plant"]
    assert "Careers, opens new tab" not in segs[0].body
