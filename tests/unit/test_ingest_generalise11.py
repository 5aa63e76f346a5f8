"""An eleventh round of page shapes, from the fifteenth set and the misses it showed on older sets:
title-case headlines and subheads are not people ("How To Grow and Care For Bougainvillea", "Size &
Growth"); a row of a page's buttons copied as one line is furniture; a header's "Join the
conversation" link does not make an article a teaser over its comments box."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.ingest.appeals import is_reader_appeal
from reader.ingest.corpus import documents_of_file
from reader.ingest.lines import Kind, classify, is_byline, is_control_row, is_name_like
from reader.ingest.loader import SourceFile


def _docs(page: str):
    return documents_of_file(SourceFile(Path("p.txt"), "p.txt", page, "utf-8", len(page)))


@pytest.mark.parametrize(("text", "byline"), [
    ("How To Grow and Care For Bougainvillea", False),  # a headline in title case, "and" in it
    ("Tips For Gardeners and Tools Of The Trade", False),
    ("Ibtisam Mahdi, Ruwaida Kamal Amer", True),  # two authors
    ("Jane Doe and John Smith", True),
])
def test_a_title_case_headline_with_and_in_it_is_not_a_list_of_authors(text, byline):
    assert is_byline(text) is byline


@pytest.mark.parametrize(("text", "name"), [
    ("Size & Growth", False),
    ("Light & Temperature", False),
    ("Care For Your Roses", False),
    ("Natasha Lennard", True),
    ("Mary-Jane O'Brien", True),
])
def test_a_title_case_subhead_is_not_a_person_s_name(text, name):
    assert is_name_like(text) is name


@pytest.mark.parametrize(("text", "row"), [
    ("Open Search  Close Search Search", True),
    ("Videos Sign In Subscribe", True),
    ("Share Adjust Comment Print", True),
    ("تسجيل الدخول", True),
    ("Follow the money", False),  # a headline
    ("Search for the missing boy goes on", False),
    ("Sign in.", False),  # a sentence: judged elsewhere
])
def test_a_row_of_a_page_s_buttons_is_furniture(text, row):
    assert is_control_row(text) is row
    if row:
        assert classify(text) is Kind.NAV


@pytest.mark.parametrize(("text", "appeal"), [
    ("Become A TGP Insider", True),
    ("Become a member", True),
    ("Become a Patron!", True),
    ("Become a doctor in five years", False),  # a story's words
    ("Become an expert in AI", False),
])
def test_a_call_to_join_the_site_is_the_site_speaking_to_its_reader(text, appeal):
    assert is_reader_appeal(text) is appeal


_FIRST = (
    "Council approves new budget for city parks\n\n"
    "By Sam Porter\n\nMarch 3, 2024\n\n"
    "The city council approved a new budget for the parks department on Tuesday night, after a debate "
    "that lasted more than four hours and drew dozens of residents to the chamber.\n\n"
    "The budget adds money for new playgrounds in three neighbourhoods and for the repair of the old "
    "band stand in the central park, which has been closed since the storm two winters ago.\n\n"
)
_SECOND_HEADLINE = "Iconic mountain lodge reopens after long renovation"
_SECOND = (
    f"{_SECOND_HEADLINE}\n\n"
    "Author of the article:\n\nJody Robbins\n\nPublished Jun 05, 2026\n\nJoin the conversation\n\n"
    "One of the best known mountain resorts of the country has reopened after the most ambitious "
    "renovation in its hundred-year history, with new rooms, a new spa and a rebuilt main lodge.\n\n"
    "More than three hundred of the resort's rooms were redone, and the lake-side cabins were given "
    "new roofs, new kitchens and new furniture made by craftspeople from the valley.\n\n"
    "The owners said the work cost more than one hundred million dollars and took two years, during "
    "which the resort stayed closed to guests for all but a few weeks of each summer.\n"
)


def test_a_join_the_conversation_link_in_a_header_does_not_make_the_article_a_teaser():
    assert [d.title for d in _docs(_FIRST + _SECOND)] == [
        "Council approves new budget for city parks", _SECOND_HEADLINE,
    ]


def test_a_teaser_over_the_readers_comments_is_still_no_article():
    comments = (
        "Library to open on Sundays from next month\n\nMarch 4, 2024\n\nJoin the conversation\n\n"
        "Maria Lopez\n\nMarch 4, 2024 at 9:12 am\n\n"
        "About time, we have asked for this for years and it is good news for working parents.\n\n"
        "Tom Becker\n\nMarch 4, 2024 at 10:40 am\n\n"
        "Will they hire more staff or just stretch the people they already have even thinner?\n"
    )
    titles = [d.title for d in _docs(_FIRST + comments)]
    assert titles == ["Council approves new budget for city parks"]


@pytest.mark.parametrize(("text", "code"), [
    ('data <- data.frame(Probability = c(0.5, 0.7, 0.4),   # Example data', True),
    ('install.packages("ggplot2")   # Install ggplot2', True),
    ("my_ggp + theme(text = element_text(size = 20))", True),
    ("Change Font Size of ggplot2 Plot in R (5 Examples) | Axis Text, Main Title & Legend", False),
    ("The 10 Most Common Mistakes That Python Developers Make", False),
    ("C++ == fast? A look at benchmarks", False),
    ("7. https://give.example.com/give/224077/#!/donation/checkout?c_src=site_button", False),  # an address
    ("الكهرباء(صوملك) تعتذر لزبنائها", False),
])
def test_a_line_of_a_program_is_told_from_a_headline(text, code):
    from reader.ingest.lines import looks_like_code

    assert looks_like_code(text) is code


def test_a_tutorial_s_code_boxes_and_their_rules_do_not_cut_it_into_pages():
    # html2text prints each code box indented, then a rule, then the same code flattened: the rules
    # recur down the page like a scraper's separator, but each frames a program, not a page.
    def box(code: str) -> str:
        indented = "".join(f"    {line}\n" for line in code.splitlines())
        return indented + "\n---\n\n" + " ".join(code.split()) + "\n\n"

    page = (
        "# Change Font Size of ggplot2 Plot in R (3 Examples)\n\n"
        "In this article, I'll explain how to increase and decrease the text font sizes of ggplot2 plots "
        "in the R programming language, with three examples and a video at the end.\n\n"
        "In the examples of this R tutorial, I'll use the following ggplot2 plot as basis. In order to "
        "create our example plot, we first need to create a data frame:\n\n"
        + box('data <- data.frame(Probability = c(0.5, 0.7, 0.4),   # Example data\n'
              '                   Groups = c("Group A", "Group B", "Group C"))')
        + "Our example data consists of two columns: a column containing some probability values and a "
        "column containing the corresponding group names of our data.\n\n"
        "If we want to draw a ggplot2 plot of this data frame, we need to install and load the ggplot2 "
        "package to our RStudio console first, as shown below in the next box of code.\n\n"
        + box('install.packages("ggplot2")   # Install ggplot2\nlibrary("ggplot2")   # Load ggplot2')
        + "Now, we can draw a barchart of our data as follows, with the default sizes for all the text "
        "elements of the plot, which we will change one by one in the examples below.\n\n"
        + box("my_ggp <- ggplot(data, aes(x = Groups, y = Probability)) +\n  geom_bar(stat = \"identity\")")
        + "Figure 1 illustrates how our example plot looks like. It's a simple barplot with three bars, "
        "and the font sizes of our barchart are the default sizes of the package.\n"
    )
    docs = _docs(page)
    assert [d.title for d in docs] == ["Change Font Size of ggplot2 Plot in R (3 Examples)"]


@pytest.mark.parametrize("header", [
    "=== file 3 ===", "===== Article 12 =====", "--- doc #2 ---", "=== ملف 2 ===",
])
def test_a_scraper_s_numbered_file_header_is_a_seam(header):
    assert classify(header) is Kind.RULE


def test_a_scraper_s_numbered_file_header_is_not_a_headline():
    assert classify("=== Breaking news ===") is Kind.SHORT  # words, not a counter: the page's own


def test_an_article_s_source_address_under_its_text_closes_it_and_the_next_page_s_address_dates_the_next():
    first = (
        "https://news.example.ma/?p=1270\n"
        "لا تتوقف الصور المؤلمة تصل تباعا من المدينة بعد الأمطار الغزيرة التي هطلت طيلة الليل، وقد غمرت "
        "المياه عددا من الأحياء الشعبية وأتلفت ممتلكات السكان وأغلقت الطرق الرئيسية أمام حركة السير.\n"
        "وطالب السكان السلطات المحلية بالتدخل العاجل لإصلاح قنوات الصرف التي لم تعد قادرة على استيعاب "
        "مياه الأمطار، مؤكدين أن المشكلة تتكرر مع حلول كل شتاء دون أن يتغير شيء.\n"
        "المصدر : https://news.example.ma/?p=1270\n"
    )
    second = (
        "\f\nhttps://www.example.net/ar/2010/11/30/%D8%A7%D9%84%D8%AF%D8%A7%D8%B1\n"
        "على إثر الأمطار الطوفانية التي عرفتها المدينة طيلة ليلة الإثنين، غرقت أحياء بكاملها في المياه "
        "وانقطعت الكهرباء عن آلاف المنازل وتوقفت حركة النقل العمومي في أغلب الشوارع.\n"
        "وقد فضحت التساقطات هشاشة البنية التحتية وسوء التدبير في هذا القطاع الحيوي، بحسب ما قاله عدد من "
        "السكان الذين قضوا ليلتهم في إخراج المياه من بيوتهم.\n"
    )
    third = (
        "\f\nhttps://www.example.tn/news/50247\n"
        "بعد أن نبّهت الشركة التونسيّة لتوزيع المياه أنّ الماء سينقطع يومين عن عدد من أحياء المدينة، "
        "اشتكى السكان من طول مدة الانقطاع ومن غياب الصهاريج التي وعدت بها الشركة.\n"
        "وقالت الشركة في بيان إن الأشغال ضرورية لربط الأحياء الجديدة بالشبكة وإن الماء سيعود تدريجيا "
        "بعد انتهائها مساء الخميس.\n"
    )
    page = first + second + third
    docs = _docs(page)
    assert len(docs) == 3
    start, end = docs[0].source_span
    assert "المصدر" in page[start:end]  # its sign-off stays with it
    assert docs[1].date.value == "2010-11-30"


def test_a_saved_page_with_no_headline_keeps_its_subheads_and_all_its_text():
    # Pages saved between their addresses; the first lost its headline in the copy. Its subheads
    # ("أزمة مزمنة.. واحتجاجات تتجدد") have the page's lead above them but open no article.
    lead = (
        "في مشهد اختلط فيه الغضب بالأمل، خرجت ساكنة الدوار صباح الأحد في وقفة احتجاجية أمام مقر الجماعة، "
        "للمطالبة بحقها في الماء الصالح للشرب بعد أسابيع من الانقطاع المتواصل الذي أثر على الأسر والفلاحين "
        "ومربي الماشية في المنطقة.\n"
    )
    page_one = (
        "https://news.example.ma/?p=168643\nالحسيمة – نبيل أخلال\n" + lead
        + "أزمة مزمنة.. واحتجاجات تتجدد\n"
        "الساكنة، التي عبّرت عن امتعاض جماعي من استمرار الانقطاعات، أكدت أن المشكلة ليست جديدة، وأنها "
        "خرجت للاحتجاج في الصيف الماضي أيضا دون أن يتغير شيء.\n"
        "تدخل ميداني ولقاء ساخن\n"
        "التحرك الشعبي دفع قائد المنطقة ومسؤولين من المكتب الوطني للماء إلى الحضور، وعقد لقاء مع ممثلي "
        "الساكنة وعدوا فيه بحل المشكلة خلال أسبوعين.\n"
    )
    page_two = (
        "\f\nhttps://news.example.ma/?p=1908365\n"
        "يشن السكان المحليون بجماعة تازروت، بدءا من غد الخميس، اعتصاما مفتوحا أمام مقر الجماعة احتجاجا "
        "على انقطاع الماء عن منازلهم منذ أكثر من شهر.\n"
        "وقال بيان للسكان إن الاعتصام سيستمر إلى أن تستجيب السلطات لمطالبهم، وفي مقدمتها إصلاح البئر "
        "الوحيدة التي تزود القرية بالماء.\n"
    )
    page_three = (
        "\f\nhttps://news.example.tn/news/50247\n"
        "بعد أن نبّهت الشركة التونسيّة لتوزيع المياه أنّ الماء سينقطع يومين عن عدد من أحياء المدينة، "
        "اشتكى السكان من طول مدة الانقطاع ومن غياب الصهاريج التي وعدت بها الشركة.\n"
        "وقالت الشركة في بيان إن الأشغال ضرورية لربط الأحياء الجديدة بالشبكة وإن الماء سيعود تدريجيا "
        "بعد انتهائها مساء الخميس.\n"
    )
    docs = _docs(page_one + page_two + page_three)
    assert len(docs) == 3
    assert "في مشهد اختلط فيه الغضب بالأمل" in docs[0].text  # the lead is not dropped as furniture
    assert "أزمة مزمنة.. واحتجاجات تتجدد" in docs[0].text
    assert not docs[0].title.startswith("أزمة مزمنة")


def test_a_saved_page_s_subheads_do_not_cut_it_when_its_own_headline_was_lost():
    # The fifteenth set's inscriptis/trafilatura file: pages between form feeds, some with no headline
    # left. Their subheads ("HUD", "Non-necessary", a section's question) have the page's text above
    # them, and used to open articles of their own, leaving the page's top as another.
    from reader.ingest.loader import load_file

    source = load_file(Path(__file__).parents[1] / "data" / "realworld_fifteenth"
                       / "en4_finance_recipes_inscriptis_trafilatura_formfeed_utf16.txt")
    titles = [d.title for d in documents_of_file(source)]
    assert not {"HUD", "Non-necessary"} & {t.strip() for t in titles}
    assert not any(t.startswith("What the $%#!&??") for t in titles)
    assert len(titles) == 6  # five pages and a cookie notice's page


@pytest.mark.parametrize(("address", "post"), [
    ("https://kaspress.ma/?p=168643", True),
    ("https://saharamedias.net/73248", True),
    ("https://essevir.info/node/14992", True),
    ("https://www.aljamaa.net/ar/2010/11/30/%D8%A7%D9%84%D8%AF%D8%A7%D8%B1", True),
    ("https://maannews.net/news/726519.html", True),
    ("https://example.com/category/news/", False),  # a listing's
    ("https://example.com/tag/water", False),
    ("https://example.com/section/world?page=2", False),
    ("https://example.com/2024/", False),  # a year's archive
])
def test_the_address_of_one_post_is_told_from_a_listing_s(address, post):
    from reader.ingest.segment import _one_post_address

    assert _one_post_address(address) is post


@pytest.mark.parametrize(("text", "kind"), [
    ("Image result for dry taps", Kind.NAV),  # an image search's caption, copied with the picture
    ("Related image", Kind.NAV),
    ("play_circle_filled", Kind.NAV),  # an icon font's ligature name
    ("cover play_circle_filled", Kind.NAV),
    ("play_arrow skip_previous skip_next volume_down", Kind.NAV),
    ("the snake_case style", Kind.SHORT),
    ("عدد الزوار 5", Kind.NAV),  # a page's counter
    ("Views: 1,204", Kind.NAV),
    ("Please accept YouTube cookies to play this video.", Kind.NAV),
    ("Accept YouTube Content", Kind.NAV),
    ("If you accept this notice, your choice will be saved and the page will refresh.", Kind.NAV),
    ("Do not show this message again.", Kind.NAV),
    ("Share All sharing options for:", Kind.NAV),
    ("read the complete article", Kind.NAV),
    ("Editors’ Recommendations:", Kind.SEPARATOR),
    # lynx's <link> elements joined into one line by a wide dump, longer than any widget
    ("#Threatpost - English - Global » Feed Threatpost - English - Global » Comments Feed "
     + "Threatpost » Android Ransomware Spreads Via Links on Reddit Feed " * 4, Kind.NAV),
    ("# Heading about the news feed", Kind.SHORT),
    ("Accept the new content rules of the game", Kind.SHORT),  # a headline
    ("Related images of the war were shown in court, the lawyer said.", Kind.BODY),
])
def test_widgets_of_embeds_image_searches_and_icon_fonts_are_furniture(text, kind):
    assert classify(text) is kind


def test_a_strongly_marked_headline_reaches_its_text_past_a_few_captions():
    # Pages glued with two blank lines; the second page's headline is printed twice, and its text
    # runs on past an image's captions and a subhead: a start, though four short lines follow its lead.
    first = (
        "Council approves new budget for city parks\n\n"
        "The city council approved a new budget for the parks department on Tuesday night, after a debate "
        "that lasted more than four hours and drew dozens of residents to the chamber.\n\n"
        "The budget adds money for new playgrounds in three neighbourhoods and for the repair of the old "
        "band stand in the central park, which has been closed since the storm two winters ago.\n"
    )
    headline = "Power cuts schedule announced for the summer months"
    second = (
        f"\n\n{headline}\n\n{headline}\n\n"
        "The electricity ministry announced a schedule of planned power cuts for the summer months, "
        "saying that demand had outgrown what the grid can carry during the hottest hours of the day.\n\n"
        "Details of the schedule\n\nThe schedule of power cuts by district\n\nThe schedule, page 2\n\n"
        "The ministry said the cuts would last two hours at most in each district and would be announced "
        "a day ahead on its website and on the radio, so that households and businesses can prepare.\n\n"
        "Residents said the announcement came too late, after weeks of unannounced cuts that had spoiled "
        "food and shut down shops in several districts during the first heat wave of the year.\n"
    )
    third = (
        "\n\nLibrary to open on Sundays from next month\n\n"
        "The city library will open on Sundays from next month, the council said, after a petition signed "
        "by more than two thousand residents asked for longer opening hours at weekends.\n\n"
        "The library will hire four part-time staff to cover the new hours, paid for by the savings of a "
        "new heating system installed in the building last winter.\n"
    )
    titles = [d.title for d in _docs(first + second + third)]
    assert titles[:2] == ["Council approves new budget for city parks", headline]
