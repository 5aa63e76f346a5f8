"""A fifteenth round of page shapes, from the twenty-first set: pages copied one under another with a
wider blank gap between them than between their paragraphs, where the paragraphs of a page stand with
no blank line between them at all."""

from __future__ import annotations

from reader.ingest.segment import segment_text

PAGES = [
    (
        "Armed men storm the national oil company in the capital",
        [
            "Gunmen stormed the headquarters of the national oil company in the capital on Monday morning, "
            "surrounding the building and stopping staff from entering or leaving it for several hours.",
            "A source inside the company said the gunmen arrived in cars without plates and demanded to "
            "meet its chairman, who was not in the building at the time of the raid.",
            "No official statement has yet been issued by the government or by the company's management "
            "on the motives behind the raid or on who was behind it.",
        ],
    ),
    (
        "Vaccination campaign for children begins across the governorate",
        [
            "The health directorate began its national vaccination campaign for children under five on "
            "Sunday, with teams visiting homes, schools and shopping centres across the governorate.",
            "The second stage of the campaign will run from the tenth to the sixteenth of next month and "
            "will cover the villages of the interior, the directorate said in a statement.",
            "Parents were asked to keep their children's vaccination cards at hand when the teams call, "
            "and to bring them to the nearest health centre if they miss the visit.",
        ],
    ),
    (
        "Economy minister refuses to subsidise imported luxury goods",
        [
            "The caretaker economy minister said on Tuesday that he would not approve subsidies for a list "
            "of imported goods that he described as luxuries, calling it a waste of public money.",
            "He said the ministry would keep supporting basic foodstuffs such as flour, rice and sugar, "
            "and would publish the full list of supported goods by the end of the week.",
            "Importers' associations criticised the decision and asked for a meeting with the minister "
            "before any list is adopted by the council of ministers.",
        ],
    ),
]


def _pasted(gap: str) -> str:
    return gap.join(title + "\n" + "\n".join(paragraphs) for title, paragraphs in PAGES) + "\n"


def test_pages_two_blank_lines_apart_are_three_articles_when_their_paragraphs_have_no_gap():
    segments = segment_text(_pasted("\n\n\n"))
    assert [s.title for s in segments] == [title for title, _ in PAGES]
    assert "Vaccination" not in " ".join(segments[0].body)


def test_a_text_whose_every_paragraph_is_two_blank_lines_apart_is_not_cut_at_each():
    title, paragraphs = PAGES[0]
    text = title + "\n\n\n" + "\n\n\n".join(paragraphs + PAGES[1][1]) + "\n"
    assert len(segment_text(text)) == 1


AR_PAGES = [
    "شنّ مسلحون الاثنين هجوما على مقر المؤسسة الوطنية للنفط في العاصمة، ما أسفر عن قتيلين وعشرة جرحى "
    "بحسب حصيلة أولية أعلنتها وزارة الصحة.\n"
    "وقال شهود عيان إن النيران نشبت في المبنى الواقع قرب وسط المدينة الذي أحيط سريعا بقوات الأمن.\n"
    "وأعلنت قوة أمنية أنها سيطرت على الوضع، موضحة أن هوية المهاجمين ما زالت مجهولة حتى الآن.",
    "تدشن المديرية العامة للخدمات الصحية الحملة الوطنية لتطعيم الأطفال دون سن الخامسة في جميع الولايات "
    "ابتداء من الأحد المقبل ولمدة أسبوع.\n"
    "كما تقوم المديرية بعمل حفل تعريفي للحملة في مركز التسوق الرئيسي بمشاركة عدد من الجهات الحكومية.\n"
    "الجدير بالذكر أن المرحلة الثانية من الحملة ستقام خلال الشهر القادم وتشمل القرى الداخلية.",
    "غرّد وزير الاقتصاد في حكومة تصريف الأعمال على حسابه، كاتبا أنه لن يوافق على دعم السلع الكمالية "
    "المستوردة لأنها هدر للمال العام.\n"
    "وتابع الوزير أن الوزارة ستستمر في دعم السلع الأساسية مثل الطحين والأرز والسكر حتى نهاية العام.\n"
    "نسخ الرابط :",
]


def test_pages_copied_without_headlines_part_where_the_gap_is_wider_than_between_their_paragraphs():
    segments = segment_text("\r\n\r\n".join(AR_PAGES).replace("\n", "\r\n"))
    assert len(segments) == 3
    assert segments[1].title.startswith("تدشن المديرية العامة")
    assert segments[2].title.startswith("غرّد وزير الاقتصاد")  # not the share button's label under it
    assert "غرّد وزير" not in " ".join(segments[1].body)


def test_a_quotation_or_a_paragraph_that_goes_on_after_a_gap_stays_in_its_article():
    above = AR_PAGES[0].split("\n")
    below = AR_PAGES[1].split("\n")[1:]
    quoted = "“" + above[1] + "”"
    goes_on = "وأضاف أن فرق الإطفاء تمكنت من إخماد الحريق بعد ساعتين من اندلاعه، من دون أن تمتد النيران."
    assert len(segment_text("\n".join(above) + "\n\n" + AR_PAGES[1] + "\n")) == 2  # (the control)
    for middle in (quoted, goes_on):
        text = "\n".join(above) + "\n\n" + "\n".join([middle, *below]) + "\n"
        assert len(segment_text(text)) == 1, middle


def test_a_back_to_top_link_and_a_video_players_teaser_are_furniture():
    from reader.ingest.lines import Kind, classify

    for line in ("Scroll back to top of the page Back to top", "Back to top button", "العودة إلى الأعلى",
                 "[submit] 3:14 U.S. troops under fire at checkpoint in Syria during clash with locals"):
        assert classify(line, line) is Kind.NAV, line
    assert classify("Back to the top of the mountain they went", "x") is not Kind.NAV


def test_a_subhead_set_in_capitals_inside_a_story_does_not_open_another():
    title, paragraphs = PAGES[0]
    story = [
        title,
        "By Staff Reporter | March 3, 2020",
        *paragraphs,
        "GUNMEN DEMANDED THE CHAIRMAN",
        "The gunmen who stormed the oil company building demanded to meet the company chairman, a source "
        "inside the national oil company said, and left the building when told he was not there.",
        "The oil company chairman later said that the gunmen had not harmed any of the staff in the building "
        "and that work at the national oil company would resume on Tuesday.",
    ]
    segments = segment_text("\n\n".join(story) + "\n")
    assert [s.title for s in segments] == [title]


def test_a_live_blogs_writers_by_shift_are_its_byline_not_its_headline():
    from reader.ingest.lines import Kind, classify

    writers = "Léonie Chao-Fong (now); Martin Belam, Hamish Mackay and Philip Wen (earlier)"
    assert classify(writers, writers) is Kind.BYLINE
    headline = "UN chief says Lebanon ceasefire is the first ray of hope amid darkness"
    text = "\n\n".join([writers, headline, *PAGES[0][1]]) + "\n"
    assert segment_text(text)[0].title == headline
