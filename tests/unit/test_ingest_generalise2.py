"""More shapes of scraped pages the splitter and dater must read the same way on any site (made-up pages).

Each test is one general rule about line shape and context; the pages are invented, not copied.
"""

from __future__ import annotations

from reader.ingest.dates import infer_body_date
from reader.ingest.lines import Kind, classify
from reader.ingest.segment import segment_text
from tests.unit.test_ingest_generalise import MORE, TEXT  # the same two paragraphs of running text

AR_TEXT = (
    "قالت وزارة المياه إن محطة التحلية الجديدة ستبدأ العمل خلال الأشهر المقبلة بعد انتهاء أعمال "
    "التركيب والاختبار، وإن الكميات المنتجة ستوزع على الأحياء التي تعاني من نقص المياه منذ سنوات."
)
AR_MORE = (
    "وأضافت الوزارة في بيان أن المشروع يهدف إلى تقليل الفاقد في الشبكة وتحسين جودة الخدمة، داعية "
    "المواطنين إلى ترشيد الاستهلاك خلال فصل الصيف والإبلاغ عن أي تسرب في الشبكات العامة."
)
# A second article on the same subject (water), so that no change of topic tells the pages apart.
AR_OTHER = (
    "دعت وزارة المياه المواطنين إلى ترشيد الاستهلاك خلال فصل الصيف، مؤكدة أن الطلب على المياه ارتفع "
    "بشكل كبير في الأسابيع الأخيرة وأن الشبكة تعمل بأقصى طاقتها في معظم الأحياء."
)
AR_OTHER_MORE = (
    "وأوضحت الوزارة أن فرقها تتابع أعمال الصيانة على مدار الساعة، وأن أي تسرب في الشبكات العامة "
    "يجب الإبلاغ عنه فورا لتقليل الفاقد وضمان وصول المياه إلى جميع المواطنين."
)
AR_HEAD_1 = "وزارة المياه تعلن موعد تشغيل محطة التحلية الجديدة في العاصمة"
AR_HEAD_2 = "وزارة المياه تدعو المواطنين إلى ترشيد الاستهلاك في الصيف"


def titles(text: str) -> list[str | None]:
    return [s.title for s in segment_text(text)]


def test_a_header_date_under_the_authors_name_still_shows_a_headline():
    # headline, author, date: the date two lines down is the header's, not lost behind the name
    page = (
        f"{AR_HEAD_1}\n\n{AR_TEXT}\n\n{AR_MORE}\n\n"
        f"{AR_HEAD_2}\nخالد العمري\nمحليات\n14 مارس 2021\n\n{AR_OTHER}\n\n{AR_OTHER_MORE}\n"
    )
    segs = segment_text(page)
    assert [s.title for s in segs] == [AR_HEAD_1, AR_HEAD_2]
    assert segs[0].header_date is None and segs[1].header_date[0] == "2021-03-14"


def test_a_section_label_over_an_arabic_headline_after_text_opens_an_article():
    page = f"{AR_HEAD_1}\n\n{AR_TEXT}\n\n{AR_MORE}\n\nمحليات\n{AR_HEAD_2}\n\n{AR_OTHER}\n\n{AR_OTHER_MORE}\n"
    assert titles(page) == [AR_HEAD_1, AR_HEAD_2]


def test_an_arabic_headline_stuck_under_a_spaced_paragraph_opens_an_article():
    page = f"{AR_HEAD_1}\n\n{AR_TEXT}\n\n{AR_MORE}\n{AR_HEAD_2}\n\n{AR_OTHER}\n\n{AR_OTHER_MORE}\n"
    assert titles(page) == [AR_HEAD_1, AR_HEAD_2]


def test_an_arabic_headline_over_its_authors_name_opens_an_article():
    page = (
        f"{AR_HEAD_1}\n\n{AR_TEXT}\n\n{AR_MORE}\n\n{AR_HEAD_2}\n\nخالد العمري\n\n"
        f"{AR_OTHER}\n\n{AR_OTHER_MORE}\n"
    )
    assert titles(page) == [AR_HEAD_1, AR_HEAD_2]


def test_an_arabic_headline_its_lead_repeats_opens_an_article():
    lead = f"{AR_HEAD_2}. {AR_OTHER}"
    page = f"{AR_HEAD_1}\n{AR_TEXT}\n{AR_MORE}\n{AR_HEAD_2}\n\n{lead}\n{AR_OTHER_MORE}\n"
    assert titles(page) == [AR_HEAD_1, AR_HEAD_2]


def test_a_date_the_text_counts_from_is_not_when_it_was_written():
    info = infer_body_date("وتصاعد الخلاف منذ الإعلان عن المشروع رسميا في 30 مارس 2011 بين البلدين.")
    assert info.value is None and info.not_before == "2011"
    info = infer_body_date("Talks have stalled ever since the deal was signed on March 30, 2011 in Cairo.")
    assert info.value is None


def test_a_short_page_saved_whole_between_two_addresses_is_an_article():
    short = (
        "سيشهد توزيع المياه في عدد من الولايات اضطرابا يوم الأحد بسبب أشغال صيانة على القنوات "
        "الرئيسية."
    )
    page = (
        "https://example.org/news/water-cuts\n\n"
        f"{AR_HEAD_1}\n\n{short}\n\n"
        "https://example.org/news/rain\n\n"
        f"{AR_HEAD_2}\n\n{AR_OTHER}\n\n{AR_OTHER_MORE}\n\n"
        "https://example.org/news/third\n\n"
        f"مجلس المدينة يقر ميزانية العام المقبل بعد نقاش طويل\n\n{AR_TEXT}\n\n{AR_MORE}\n"
    )
    assert titles(page)[:2] == [AR_HEAD_1, AR_HEAD_2]


def test_dates_of_listed_items_do_not_date_the_page():
    listing = (
        "Forests\n\nThe latest updates\n\nCompany promises to protect forests\n\n"
        "Blog entry by Ann Lee | 28 April, 2017\n\nA major development in our campaign this week...\n\n"
        "Bank cuts ties with palm oil firms\n\n"
        "Blog entry by Adi Prabowo | 21 February, 2017\n\nA breakthrough for the forests...\n"
    )
    info = infer_body_date(listing)
    assert info.value is None and info.not_before == "2017"
    assert "listed items" in info.evidence
    # one dated line in a text is still that text's date
    one = infer_body_date("Storm Hits Coast\nBy Ann Lee | 28 April, 2017\nThe storm hit.")
    assert one.value == "2017-04-28"


def test_a_menu_bar_kept_apart_by_wide_gaps_is_navigation():
    assert classify("|    سياسة       اقتصاد            نفط وطاقة      ترفيه          رياضة") is Kind.NAV
    assert classify("Politics     Business     Energy     Sport") is Kind.NAV
    assert classify("فيديو | مأساة الإعصار مستمرة في المدينة") is not Kind.NAV  # a kicker and its headline


def test_a_skip_link_starts_a_new_page():
    page = (
        f"Harbour Workers Strike Over Pay\nBy Jane Doe\n\n{TEXT}\n\n{MORE}\n\n"
        "Local Team Wins Again\n\nSkip to Content\n\nNews Release for Water Users\n\n"
        f"{MORE}\n\n{TEXT}\n"
    )
    assert titles(page) == ["Harbour Workers Strike Over Pay", "News Release for Water Users"]


def test_a_live_blogs_entry_stamp_is_not_a_headline():
    assert classify("21:43 , Matt Watts") is Kind.NAV
    blog = (
        f"Summit Latest News Live: Leaders Meet In Glasgow\n\n{TEXT}\n\n{MORE}\n\n"
        f"21:43 , Matt Watts\n\n{TEXT}\n\nLeaders Meet At Evening Reception\n\n"
        f"21:41 , Matt Watts\n\nLeaders Meet At Evening Reception\n\n{MORE}\n"
    )
    assert titles(blog) == ["Summit Latest News Live: Leaders Meet In Glasgow"]


def test_a_dated_byline_over_a_page_of_text_opens_a_post():
    long_text = " ".join([TEXT, MORE, TEXT, MORE])
    page = (
        f"Harbour Workers Strike Over Pay\n\n{TEXT}\n\n{MORE}\n\n"
        f"Published on February 25th, 2011 | by Jane Doe\n{long_text}\n\n{MORE}\n"
    )
    segs = segment_text(page)
    assert len(segs) == 2
    assert segs[0].header_date is None and segs[1].header_date[0] == "2011-02-25"


def test_a_listing_page_saved_whole_holds_one_article_per_item():
    summaries = (
        "The world is on track for a warmer decade, and two billion people may face average heat above "
        "what humans have lived with.",
        "Extreme weather events are more frequent than before, and the health costs of heat fall on "
        "the poor.",
        "Absent dramatic reforms, the world is heading toward a dangerous and unstable future, the "
        "chief said.",
    )
    heads = (
        "Global Heating Will Push Billions Outside Their Niche",
        "Extreme Heat: Why It Is A Global Health Issue",
        "Gates Of Hell Must Be Closed, Says UN Chief",
    )
    items = "".join(f"{h}\n\n{s}\n\n" for h, s in zip(heads, summaries, strict=True))
    rule = "-" * 50
    article = f"River Town Floods Again\nBy Ann Lee\n\n{TEXT}\n\n{MORE}\n"
    listing = f"Climate Change\n\n\n{items}{rule}\n\n{article}"
    assert titles(listing) == [*heads, "River Town Floods Again"]
    # the same teasers under an article's own text stay part of that article
    page = f"River Town Floods Again\nBy Ann Lee\n\n{TEXT}\n\n{MORE}\n\nRelated\n\n{items}"
    assert titles(page) == ["River Town Floods Again"]
