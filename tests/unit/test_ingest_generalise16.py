"""A sixteenth round of page shapes, from the twenty-third set's misses: saved pages joined under their
file names, scraper records with Arabic field names (some left empty), and pages stored without a
headline whose first sentence opens with a place ("Doha:") or a publication stamp."""

from __future__ import annotations

from reader.ingest.lines import is_rule
from reader.ingest.loader import load_file
from reader.ingest.segment import segment_text
from tests.conftest import DATA

GAZA = "رد: غزة التي أدمنت الصبر"
WEST_BANK = "الضفة الغربية: اعتقالات واسعة خلال اقتحامات ليلية للقرى"
IRAQ = "نار العراق تحت الرماد"


def _lead(subject: str) -> str:
    return (f"قال شهود عيان إن {subject} شهدت ليلة طويلة من المداهمات والاعتقالات، وإن القوات انسحبت "
            "قبيل الفجر بعد أن فتشت عشرات المنازل وصادرت هواتف عدد من الشبان.")


def _more() -> str:
    return ("وأضاف الشهود أن الأهالي خرجوا صباحا لتفقد الأضرار، فيما دعت الفصائل إلى الإضراب الشامل "
            "احتجاجا على ما جرى، وطالبت المؤسسات الدولية بالتدخل العاجل لوقف هذه الممارسات.")


def _page(title: str, subject: str) -> str:
    return f"{title}\n\n{_lead(subject)}\n{_more()}\n"


def test_pages_joined_under_their_file_names_are_one_article_each():
    # As `for f in *.txt; do echo "$f"; echo; cat "$f"; done` joins them; a forum page keeps a stray
    # cell border ("|") between its file name and its headline.
    text = (
        "01_westbank.txt\n\n" + _page(WEST_BANK, "القرى")
        + "\n02_forum_reply.txt\n\n|\n\n" + _page(GAZA, "المدينة")
        + "\n03 jazirah column.html\n\n" + _page(IRAQ, "البلدات")
    )
    segments = segment_text(text)
    assert [s.title for s in segments] == [WEST_BANK, GAZA, IRAQ]
    assert all("txt" not in " ".join(s.body) for s in segments)


def test_a_file_name_in_a_sentence_is_no_seam():
    assert is_rule("03_nooreladab_reply.txt") and is_rule("Gaza - Al Jazeera.html")
    assert not is_rule("The full report is in report.txt")
    text = _page(WEST_BANK, "القرى") + "\nThe full report is in report.txt\n" + _more() + "\n"
    assert len(segment_text(text)) == 1


def test_arabic_scraper_records_are_titled_by_their_title_field_not_by_a_clock_above_the_headline():
    # The real file: records of "العنوان:" (title), "الرابط:" (address), an empty "التاريخ:" (date) and
    # "النص:" (text) over each page's text, which opens with the site's clock or a subhead.
    path = DATA / "realworld_twentythird" / "ar3_yemen_sudan_scraper_records_arabic_fields.txt"
    titles = [s.title for s in segment_text(load_file(path).text)]
    assert titles[0] == "صنعاء مقبرة الحوثيين"
    assert titles[3].startswith("قلق أمريكي من خطاب البرهان")


GULF_LEAD = ("The ministerial council of the Gulf Cooperation Council held its regular session on Sunday "
             "and called for an immediate ceasefire in the region.")
GULF_MORE = ("Ministers also discussed the economic integration of the member states and the progress of "
             "the customs union, according to a statement issued after the meeting.")


def _only_title(text: str) -> str:
    [segment] = segment_text(text)
    return segment.title


def _headless(lead: str) -> str:
    return f"{lead} {GULF_MORE}\n\n{GULF_MORE}\n"


def test_a_headless_page_is_not_named_by_its_dateline_place():
    for place in ("Doha: ", "MUSCAT : ", "Abu Dhabi: "):
        title = _only_title(_headless(place + GULF_LEAD))
        assert title.startswith("The ministerial council of the Gulf Cooperation Council"), place


def test_a_headless_page_is_not_named_by_its_publication_stamp():
    lead = ("رأس خادم الحرمين الشريفين الجلسة التي عقدها مجلس الوزراء اليوم في الرياض، وناقش المجلس عددا "
            "من الموضوعات المدرجة على جدول أعماله.")
    assert _only_title(f"تم النشر في: 17 فبراير 2026, 12:34 مساءً {lead}\n{_more()}\n").startswith(
        "رأس خادم الحرمين الشريفين"
    )


def test_an_outlet_label_over_the_lead_is_not_the_headline():
    # "رام الله الاخباري:" (the outlet, closed by a colon) over the text of a page saved without its
    # headline: the page is named by its first sentence, the label is its outlet.
    lead = ("أعلن وزير الخارجية البحريني، اليوم الجمعة، عن ضبط أسلحة ومتفجرات في البحرين، "
            "وقال إن التحقيقات ما زالت جارية لمعرفة الجهات التي تقف وراءها.")
    title = _only_title(f"رام الله الاخباري:\n{lead}\n{_more()}\n{_more()}\n")
    assert title.startswith("أعلن وزير الخارجية البحريني")


def test_a_numbered_page_header_is_a_seam_even_when_the_next_page_opens_with_its_menus():
    # html2text pages under "----- Page n -----": the second page was saved without its headline, its
    # text under its site's menus; it is a page of its own all the same.
    menus = "\n".join(f"  * [{name}](//example.com/{name.lower()}/)" for name in (
        "News", "Weather", "Traffic", "Sports", "Politics", "Entertainment", "Video", "Station", "Jobs"))
    first = f"----- Page 1 -----\n\n# {WEST_BANK}\n\n{_lead('القرى')}\n\n{_more()}\n\n"
    second = (f"----- Page 2 -----\n\n{menus}\n\nLog In\n\n{GULF_LEAD} {GULF_MORE}\n\n{GULF_MORE}\n\n"
              f"{GULF_LEAD}\n")
    segments = segment_text(first + second)
    assert len(segments) == 2
    assert "Gulf Cooperation Council" not in " ".join(segments[0].body)
