"""Saved web pages as researchers save them: real Arabic and English news pages (trafilatura's and
htmldate's test pages), as "Web page, complete" with its ``_files`` folder, as Chrome's single-file
MHTML (one of them in Windows-1256), and their text dumps (issue 15).

Expectations were written by reading the pages (see SOURCES.md beside them): the headline, the
publication date the page states, the first and last sentences of the article, furniture that
must stay out of the clean text, and Arabic words as typed.
"""

from __future__ import annotations

import contextlib
import email.policy
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.ingest import formats
from reader.ingest.corpus import scan_corpus
from reader.ingest.formats import EXTRACTORS, load_extractors
from reader.ingest.formats import html as html_format
from reader.ingest.formats.html import (
    FALLBACK_NOTE,
    NO_ARTICLE,
    NO_PAGE_IN_ARCHIVE,
    TOO_BIG_NOTE,
    decode_html,
    headline,
    read_html,
    read_mhtml,
    saved_from,
    web_address,
)
from reader.ingest.loader import NotText, load_file

DATA = Path(__file__).resolve().parents[1] / "data" / "formats" / "html"
ASSABAH = DATA / "assabah-sudan-interview.html"
ALYAUM = DATA / "alyaum-fakhrizadeh-funeral.html"
BEIRUT = DATA / "beirutobserver-princess-paris.html"
BEIRUT_1256 = DATA / "beirutobserver-princess-paris-cp1256.mhtml"
FRONTIER = DATA / "frontierpost-newborns.html"
CHANNEL4 = DATA / "channel4-gaza-rafah.mhtml"

BEIRUT_TITLE = "سرقة منزل أميرة سعودية في باريس يضم أغراضاً فاخرة بقيمة 700 ألف دولار"
BEIRUT_FIRST = "نشر موقع Middle East Eye البريطاني، أن خبراً يفيد بقيام لصوص بسرقة أغراض فاخرة"
BEIRUT_LAST = "لا سيما في الدائرة الثامنة الأنيقة بالمدينة، حيث تقع شقة الأميرة السعودية."


@dataclass(frozen=True)
class Page:
    """What a researcher must see for one saved page."""

    path: Path
    fmt: str
    title: str
    date: str
    date_evidence: str
    language: str
    first: str  # the clean text starts with this
    last: str  # ... and ends with this
    furniture: tuple[str, ...]  # in the page, never in the clean text
    words: tuple[str, ...] = ()  # as typed (Arabic in logical order)
    url: str = ""
    outlet: str | None = None
    byline: str | None = None
    headings: tuple[str, ...] = field(default=())


PAGES = [
    Page(
        ASSABAH, "html",
        title="الناشط الحقوقي السوداني خالد عبد الكريم ماسا لـ«الصباح»: "
              "كل الشروط متوفرة لثورة سودانية ولا حاجة لنستورد شيئا",
        date="2019-02-08", date_evidence="the page's metadata (dc:date)", language="ar",
        first="حوار: آسيا العتروس",
        last="والدفع الى اعادة التفكير في العلاقة بين الخرطوم وتل ابيب.",
        furniture=("تجاوز إلى المحتوى الرئيسي", "استمارة البحث", "المـــؤســـس", "تابعونا على",
                   "جريدة الصباح بتاريخ", "إضافة تعليق جديد", "الأحوال الجوية", "redaction@assabah.com.tn"),
        words=("الخرطوم", "البشير", "السودان"),
        url="http://www.assabah.com.tn/article/164913/", outlet="Assabah News",
    ),
    Page(
        ALYAUM, "html",
        title="طهران تدفن «زادة».. وتتهم المعارضة الإيرانية باغتياله",
        date="2020-12-01", date_evidence="the page's metadata (htmldate)", language="ar",
        first="وسط تهديدات إيرانية بالانتقام وتوعد إسرائيلي برد قاس، شيعت إيران أمس الإثنين",
        last="وشدد كوهين على أن إسرائيل ستواصل منع إيران من امتلاك سلاح نووي.",
        furniture=("الاقتصاد اليوم", "وول ستريت", "موعد الصلاة", "المزيد من المقالات",
                   "انفجارات في الدوحة", "جميع الحقوق محفوظة لدار اليوم", "Powered By NewsPress",
                   "(رويترز)"),
        words=("محسن فخري زادة", "طهران", "انتكاسة جديدة"),
        url="https://www.alyaum.com/articles/6291787/", byline="حسام أبو العلا",
    ),
    Page(
        BEIRUT, "html", title=BEIRUT_TITLE,
        date="2020-11-09", date_evidence="the page's metadata (htmldate)", language="ar",
        first=BEIRUT_FIRST, last=BEIRUT_LAST,
        furniture=("شريط الأحداث", "ارتياحٌ جنبلاطي", "//Put this in the section"),
        words=("باريس", "الأميرة", "هيرميس"),
        url="https://www.beirutobserver.com/2020/11/2338761/", byline="Ziad Sankary",
    ),
    Page(
        BEIRUT_1256, "mhtml", title=BEIRUT_TITLE,
        date="2020-11-09", date_evidence="the page's metadata (htmldate)", language="ar",
        first=BEIRUT_FIRST, last=BEIRUT_LAST,
        furniture=("شريط الأحداث", "ارتياحٌ جنبلاطي"),
        words=("باريس", "مطَّلع", "كلٍّ"),
        url="https://www.beirutobserver.com/2020/11/2338761/", byline="Ziad Sankary",
    ),
    Page(
        FRONTIER, "html",
        title="Two newborns die for ‘want of oxygen’ at Bhakkar hospital",
        date="2020-03-01", date_evidence="the page's metadata (htmldate)", language="en",
        first="F.P. Report\n\nBHAKKAR: In what was blamed on negligence on the part of its administration,",
        last="He said oxygen is available in abundance at the government health facility.",
        furniture=("Skip to content", "Advertise with Us", "Afganistan", "Posted in Pakistan",
                   "Scroll To Top", "The Frontier Post / March 1, 2020"),
        url="https://thefrontierpost.com/two-newborns-die-for-want-of-oxygen-at-bhakkar-hospital/",
        outlet="The Frontier Post",
    ),
    Page(
        CHANNEL4, "mhtml",
        title="Israel hunts Hamas leaders in Gaza, foreigners and wounded allowed to leave for first time",
        date="2023-11-01", date_evidence="the page's metadata (htmldate)", language="en",
        first="For the first time in three weeks the border between Gaza and Egypt has opened,",
        last="according to the Health Ministry in Gaza and 22 thousand have been wounded.",
        furniture=("Skip to main news content", "Catch up on TV bulletins", "Next on TV"),
        url="https://www.channel4.com/news/israel-hunts-hamas-leaders-in-gaza-foreigners-and-wounded-"
            "allowed-to-leave-for-first-time",
        outlet="Channel 4 News", byline="Lindsey Hilsum",
    ),
]


def scan_one(tmp_path: Path, page: Path):
    shutil.copy(page, tmp_path / page.name)
    corpus = scan_corpus(tmp_path)
    assert corpus.skipped == []
    [doc] = corpus.documents
    return doc


def test_web_page_suffixes_are_registered():
    load_extractors()
    for suffix in (".html", ".htm", ".xhtml", ".shtml"):
        assert EXTRACTORS[suffix] is read_html
    for suffix in (".mhtml", ".mht"):
        assert EXTRACTORS[suffix] is read_mhtml


def test_without_trafilatura_web_pages_are_skipped_naming_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # import fails
    monkeypatch.setattr(formats, "EXTRACTORS", {})
    monkeypatch.setattr(formats, "MISSING", {})
    html_format._register()
    assert formats.EXTRACTORS == {}
    assert set(formats.MISSING) == {".html", ".htm", ".xhtml", ".shtml", ".mhtml", ".mht"}
    assert formats.MISSING[".mhtml"] == (
        "reading .mhtml files needs the trafilatura package, which is not installed")


@pytest.mark.parametrize("page", PAGES, ids=[p.path.name for p in PAGES])
def test_a_saved_page_is_one_clean_dated_article(tmp_path, page: Page):
    doc = scan_one(tmp_path, page.path)
    assert doc.title == page.title
    assert (doc.date.value, doc.date.source, doc.date.evidence) == (page.date, "metadata", page.date_evidence)
    assert doc.language == page.language and doc.encoding == page.fmt
    assert doc.url.startswith(page.url)
    assert doc.text.startswith(page.first)
    assert doc.text.endswith(page.last)
    assert page.title not in doc.text  # shown in the header, not again as the first paragraph
    for furniture in page.furniture:
        assert furniture in doc.original, furniture  # "Show original" keeps the whole page
        assert furniture not in doc.text, furniture
    for word in page.words:
        assert re.search(rf"(?<!\w){re.escape(word)}(?!\w)", doc.text), word
    if page.outlet:
        assert doc.outlet == page.outlet
    if page.byline:
        assert doc.byline == page.byline
    assert all("\n" not in p.text for p in doc.paragraphs)


@pytest.mark.parametrize("page", [p for p in PAGES if p.language == "ar"], ids=lambda p: p.path.name)
def test_arabic_pages_read_right_to_left_in_logical_order(tmp_path, page: Page):
    doc = scan_one(tmp_path, page.path)
    assert all(p.direction == "rtl" for p in doc.paragraphs if p.language == "ar")
    assert not re.search("[\ufb50-\ufdff\ufe70-\ufeff]", doc.text)  # no presentation forms
    assert "Ø" not in doc.text and "Ù" not in doc.text and "\ufffd" not in doc.text  # no mojibake


def test_declared_rtl_sets_the_direction_of_an_arabic_paragraph_that_starts_in_latin():
    """A paragraph inside dir="rtl" whose first strong letters are Latin ("Le Parisien" ... or a
    quoted English name) is still right to left: the page says so and its script agrees."""
    ex = read_html(BEIRUT.read_bytes(), BEIRUT)
    blocks = {b.text: b.direction for b in ex.blocks}
    assert all(direction == "rtl" for direction in blocks.values())
    page = b'<html dir="rtl"><body><article><p>' + ("Middle East Eye " * 3).encode() + (
        "قال المصدر إن اللصوص دخلوا الشقة دون استخدام القوة في قلب العاصمة الفرنسية باريس. " * 3
    ).encode() + b"</p><p dir=\"ltr\">" + b"An English quote in the page that stays left to right. " * 4 + (
        b"</p></article></body></html>"
    )
    blocks = read_html(page, Path("p.html")).blocks
    assert [b.direction for b in blocks] == ["rtl", None]


def test_assabah_headline_is_not_repeated_and_the_interview_keeps_its_questions(tmp_path):
    doc = scan_one(tmp_path, ASSABAH)
    questions = [p.text for p in doc.paragraphs if p.text.startswith("*")]
    assert len(questions) == 9  # the page has nine questions, each with its answer in one <p>
    assert questions[0].startswith("*ما الذي يحدث في السودان وهل أن عدوى الربيع العربي وصلت الخرطوم")


def test_the_page_language_declaration_is_a_hint_the_text_overrules():
    ex = read_html(BEIRUT.read_bytes(), BEIRUT)  # <html lang="en-US"> on an Arabic news site
    assert ex.language is None
    assert read_html(ALYAUM.read_bytes(), ALYAUM).language == "ar"
    assert read_html(FRONTIER.read_bytes(), FRONTIER).language == "en"


# --------------------------------------------------------------------------------------------
# "Web page, complete", text dumps, duplicates
# --------------------------------------------------------------------------------------------


def test_a_complete_page_is_read_without_its_files_folder(tmp_path):
    shutil.copy(FRONTIER, tmp_path / FRONTIER.name)
    shutil.copytree(DATA / "frontierpost-newborns_files", tmp_path / "frontierpost-newborns_files")
    corpus = scan_corpus(tmp_path)
    assert [d.source for d in corpus.documents] == ["frontierpost-newborns.html"]
    assert corpus.skipped == []
    assert all("Advertisement" not in d.text for d in corpus.documents)


@pytest.mark.parametrize(("page", "dump"), [
    (FRONTIER, "frontierpost-newborns.w3m.txt"),
    (BEIRUT, "beirutobserver-princess-paris.lynx.txt"),
    (BEIRUT_1256, "beirutobserver-princess-paris.lynx.txt"),
])
def test_a_page_and_its_text_dump_group_as_duplicates(tmp_path, page, dump):
    shutil.copy(page, tmp_path / page.name)
    shutil.copy(DATA / dump, tmp_path / dump)
    corpus = scan_corpus(tmp_path)
    assert len(corpus.documents) == 2
    html_doc = next(d for d in corpus.documents if d.source == page.name)
    text_doc = next(d for d in corpus.documents if d.source == dump)
    assert {html_doc.duplicate_of, text_doc.duplicate_of} - {None} in ({html_doc.id}, {text_doc.id})


def test_show_original_is_the_whole_page_one_block_per_line(tmp_path):
    shutil.copy(FRONTIER, tmp_path / FRONTIER.name)
    corpus = scan_corpus(tmp_path)
    original = corpus.sources[FRONTIER.name]
    lines = original.split("\n")
    assert lines[0] == "Skip to content"
    assert "Two newborns die for ‘want of oxygen’ at Bhakkar hospital" in lines
    assert "He said oxygen is available in abundance at the government health facility." in lines
    assert lines[-1] == "Scroll To Top"
    assert "<" not in original and "function(" not in original  # no markup, no script


# --------------------------------------------------------------------------------------------
# Encodings
# --------------------------------------------------------------------------------------------


def _beirut_as_cp1256(declare: bool) -> bytes:
    text = BEIRUT.read_text(encoding="utf-8")
    text = text.replace('<meta charset="UTF-8" />', '<meta charset="windows-1256" />' if declare else "")
    return text.encode("cp1256", errors="xmlcharrefreplace")


@pytest.mark.parametrize("declare", [True, False], ids=["declared", "sniffed"])
def test_an_arabic_page_in_windows_1256_reads_as_arabic(declare):
    data = _beirut_as_cp1256(declare)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert decode_html(data)[1] == "cp1256"
    ex = read_html(data, Path("page.html"))
    assert ex.title == BEIRUT_TITLE
    assert ex.blocks[0].text.startswith(BEIRUT_FIRST) and ex.blocks[-1].text.endswith(BEIRUT_LAST)


def test_a_stale_charset_declaration_loses_to_valid_utf8():
    """Scrapers re-save pages as UTF-8 and keep their old <meta charset=windows-1256>."""
    data = BEIRUT.read_bytes().replace(b'<meta charset="UTF-8" />', b'<meta charset="windows-1256" />')
    text, codec = decode_html(data)
    assert codec == "utf-8" and BEIRUT_TITLE in text


def test_a_page_that_says_utf8_but_is_windows_1256_is_still_arabic():
    data = b"<meta charset=utf-8><p>" + "قال الوزير إن المفاوضات مستمرة. ".encode("cp1256") * 20 + b"</p>"
    text, codec = decode_html(data)
    assert codec == "cp1256" and "قال الوزير إن المفاوضات مستمرة." in text


def test_an_xhtml_chapter_is_read_like_a_page():
    page = ('<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml" lang="ar" '
            'dir="rtl"><head><title>الفصل الأول</title></head><body><h1>الفصل الأول</h1>'
            "<p>كان يا ما كان في قديم الزمان مدينة على شاطئ البحر يسكنها صيادون فقراء يخرجون كل صباح.</p>"
            "<p>وفي يوم من الأيام خرج الصياد العجوز وحده إلى البحر ولم يعد حتى المساء فقلق عليه أهله.</p>"
            "</body></html>")
    ex = read_html(page.encode(), Path("chapter.xhtml"))
    assert ex.title == "الفصل الأول" and ex.language == "ar"
    assert [b.direction for b in ex.blocks if not b.heading] == ["rtl", "rtl"]
    assert ex.blocks[-1].text.startswith("وفي يوم من الأيام خرج الصياد العجوز")


def test_charset_labels_are_read_as_browsers_read_them():
    assert decode_html(b'<meta charset="iso-8859-1"><p>caf\xe9 \x93quoted\x94</p>')[0].endswith(
        "café “quoted”</p>")  # latin-1 means windows-1252 on the web
    assert decode_html(b'<?xml version="1.0" encoding="windows-1256"?><p>\xc7\xe1\xd3\xe1\xc7\xe3</p>')[0] \
        .endswith("السلام</p>")
    assert decode_html(b'<meta http-equiv="Content-Type" content="text/html; charset=utf-16"><p>x</p>')[1] \
        == "utf-8"
    assert decode_html("\ufeff<p>نص</p>".encode("utf-16-le"))[0] == "<p>نص</p>"


def test_an_mhtml_part_charset_and_transfer_encoding_are_honoured():
    sentence = "قالت وزارة الصحة إن عدد الإصابات ارتفع خلال الأسبوع الماضي في العاصمة. "
    page = ("<html><head><title>عنوان الخبر - الموقع</title></head><body><article>"
            + f"<p>{sentence * 3}</p>" * 3 + "</article></body></html>")
    archive = MIMEMultipart("related", type="text/html")
    archive["Snapshot-Content-Location"] = "https://example.org/news/1"
    part = MIMEText(page, "html", "cp1256")  # base64, charset=cp1256
    archive.attach(part)
    ex = read_mhtml(archive.as_bytes(policy=email.policy.SMTP), Path("a.mhtml"))
    assert ex.fmt == "mhtml" and ex.url == "https://example.org/news/1"
    assert ex.blocks[0].text.startswith("قالت وزارة الصحة إن عدد الإصابات")


def test_mhtml_start_parameter_names_the_page_part():
    def html_part(words: str, cid: str) -> MIMEText:
        part = MIMEText(f"<html><body><article><p>{words * 4}</p></article></body></html>", "html", "utf-8")
        part["Content-ID"] = f"<{cid}>"
        return part

    archive = MIMEMultipart("related", type="text/html", start="<page@x>")
    archive.attach(html_part("An advertising frame saved with the page, not the article. ", "frame@x"))
    archive.attach(html_part("The article that the archive names as its start part. ", "page@x"))
    ex = read_mhtml(archive.as_bytes(), Path("a.mhtml"))
    assert ex.blocks[0].text.startswith("The article that the archive names")


# --------------------------------------------------------------------------------------------
# Titles, addresses, fallbacks
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("title", "site", "host", "headings", "expected"), [
    ("Two newborns die for ‘want of oxygen’ at Bhakkar hospital - The Frontier Post", "The Frontier Post",
     "thefrontierpost.com", [], "Two newborns die for ‘want of oxygen’ at Bhakkar hospital"),
    ("2022 world athletics championships set for July 15-24 | Malay Mail", "Malaymail", "malaymail.com", [],
     "2022 world athletics championships set for July 15-24"),
    ("المدينة نيوز - أميركا :50 الفا حصيلة الوفيات", "شركة قنوات البث", "almadenahnews.com",
     ["أميركا :50 الفا حصيلة الوفيات"], "أميركا :50 الفا حصيلة الوفيات"),
    ("BBC News | Obama: Failure to pass gun laws - a shame", "BBC News", "bbc.com", [],
     "Obama: Failure to pass gun laws - a shame"),
    ("Covid-19 - what we know", None, None, [], "Covid-19 - what we know"),  # no site: left alone
    ("Iran - Iraq: the long war", "Example Times", "example.com", [], "Iran - Iraq: the long war"),
    ("Gaza - what Channel 4 News saw in the hospital", "Channel 4 News", "channel4.com", [],
     "Gaza - what Channel 4 News saw in the hospital"),  # mentions the site, is not its name
    ("Storm Ciaran breaks records - Malay Mail Online", "Malay Mail", None, [],
     "Storm Ciaran breaks records"),
])
def test_the_headline_loses_the_site_name(title, site, host, headings, expected):
    assert headline(title, site, host, headings) == expected


def test_addresses_are_web_addresses_only():
    assert saved_from("<!-- saved from url=(0042)https://www.example.com/news/a.html -->\n<html>") \
        == "https://www.example.com/news/a.html"
    assert web_address("javascript:alert(1)") is None and web_address("file:///etc/passwd") is None
    page = (b'<html><head><link rel="canonical" href="javascript:alert(1)"></head><body><article>'
            + b"<p>A paragraph of a saved article long enough to be read as one by the extractor.</p>" * 3
            + b"</article></body></html>")
    assert read_html(page, Path("a.html")).url is None


def test_a_javascript_shell_is_skipped_with_a_reason(tmp_path):
    (tmp_path / "app.html").write_bytes(
        b'<!doctype html><html><head><script src="/static/app.js"></script></head><body>'
        b'<div id="root"></div><noscript>You need to enable JavaScript to run this app.</noscript>'
        b"</body></html>")
    corpus = scan_corpus(tmp_path)
    assert [(s.path, s.reason) for s in corpus.skipped] == [("app.html", NO_ARTICLE)]


def test_a_page_without_an_article_falls_back_to_its_full_text(monkeypatch):
    monkeypatch.setattr(html_format, "_article", lambda tree, url: None)
    ex = read_html(FRONTIER.read_bytes(), FRONTIER)
    assert ex.notes == (FALLBACK_NOTE,)
    assert ex.blocks[0].text == "Skip to content"
    assert "BHAKKAR: In what was blamed on negligence" in "\n".join(b.text for b in ex.blocks)
    assert ex.date == "2020-03-01" and ex.title.startswith("Two newborns die")


def test_a_page_too_large_for_article_detection_gives_its_full_text_quickly(monkeypatch):
    monkeypatch.setattr(html_format, "MAX_ELEMENTS", 200)
    ex = read_html(ALYAUM.read_bytes(), ALYAUM)
    assert ex.notes == (TOO_BIG_NOTE,)
    assert ex.title == "طهران تدفن «زادة».. وتتهم المعارضة الإيرانية باغتياله"
    big = b"<html><head><title>Archive</title></head><body>" + b"".join(
        b"<p>Paragraph %d of a very long archive page about parliament and elections.</p>" % i
        for i in range(60_000)) + b"</body></html>"
    started = time.perf_counter()
    ex = read_html(big, Path("big.html"))
    assert time.perf_counter() - started < 30
    assert len(ex.blocks) == 60_000 and ex.notes == (TOO_BIG_NOTE,)


# --------------------------------------------------------------------------------------------
# Damaged and hostile files
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", [FRONTIER, ALYAUM, CHANNEL4, BEIRUT_1256], ids=lambda p: p.name)
def test_a_truncated_page_still_gives_its_beginning_or_a_reason(tmp_path, page):
    data = page.read_bytes()
    for cut in (len(data) // 2, len(data) // 5, 300, 10):
        target = tmp_path / f"cut{cut}{page.suffix}"
        target.write_bytes(data[:cut])
        result = load_file(target, target.name)
        if hasattr(result, "reason"):
            assert result.reason in (NO_ARTICLE, NO_PAGE_IN_ARCHIVE, "empty file"), result.reason
        else:
            assert result.extracted is not None and result.extracted.blocks


def test_an_mhtml_without_a_page_is_skipped_with_a_reason(tmp_path):
    archive = MIMEMultipart("related")
    archive.attach(MIMEText("body { color: red }", "css"))
    (tmp_path / "styles.mhtml").write_bytes(archive.as_bytes())
    (tmp_path / "not-mime.mht").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    corpus = scan_corpus(tmp_path)
    reasons = {s.path: s.reason for s in corpus.skipped}
    assert reasons["styles.mhtml"] == NO_PAGE_IN_ARCHIVE
    assert reasons["not-mime.mht"] == NO_PAGE_IN_ARCHIVE


@pytest.mark.parametrize("markup", [
    b"<div>" * 200_000 + b"deep" + b"</div>" * 200_000,
    b"<table>" + b"<tr><td>cell</td><td>cell</td></tr>" * 40_000 + b"</table>",
    b'<html dir="rtl">' + b'<div dir="rtl"><p>' + "نص عربي قصير".encode() + b"</p></div>" * 30_000,
    b"<p>" + b"word " * 400_000 + b"</p>",
    b"<html><body>\x00\x00<p>nul\x00bytes</p>\x01\x02\x1b</body></html>",
    b"<?xml version='1.0' encoding='no-such-codec'?><html><body><p>x</p></body></html>",
    b"<!--" * 50_000,
    b"<p>&#xD800;&#0;&#x110000;&amp;&lt;</p>",
], ids=["deep", "table", "many-dir", "one-huge-paragraph", "control-bytes", "bad-codec", "comments",
        "entities"])
def test_hostile_pages_end_quickly_in_an_article_or_a_reason(markup):
    started = time.perf_counter()
    try:
        ex = read_html(markup, Path("hostile.html"))
        assert isinstance(ex.blocks, tuple)
    except NotText as exc:
        assert str(exc)
    assert time.perf_counter() - started < 30


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_any_bytes_give_an_article_or_a_reason(data):
    for reader in (read_html, read_mhtml):
        with contextlib.suppress(NotText):
            reader(data, Path("x.html"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("<>/=\"' pdivbodyhtml&#;!-rtl\u0627\u0644\n")), max_size=2000))
def test_any_markup_gives_an_article_or_a_reason(text):
    with contextlib.suppress(NotText):
        read_html(text.encode("utf-8"), Path("x.html"))


def test_broken_real_bytes_never_escape_as_an_exception(tmp_path):
    data = bytearray(CHANNEL4.read_bytes())
    for i in range(0, len(data), 97):
        data[i] = (data[i] * 7 + 13) % 256  # sprinkle damage through headers, boundaries and QP
    target = tmp_path / "damaged.mhtml"
    target.write_bytes(bytes(data))
    result = load_file(target, target.name)
    assert hasattr(result, "reason") or result.extracted is not None
