"""EPUB books as a researcher gets them: a Gutenberg-derived anthology, an Arabic book, the W3C spine
order test, and hostile archives (issue 15). Expectations were written by reading the books."""

from __future__ import annotations

import contextlib
import io
import shutil
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.ingest.corpus import scan_corpus
from reader.ingest.formats import EXTRACTORS, load_extractors
from reader.ingest.formats.epub import DAMAGED_EPUB, DRM, read_epub
from reader.ingest.loader import NotText

DATA = Path(__file__).resolve().parents[1] / "data" / "formats" / "docx_epub"
ANTHOLOGY = DATA / "en_childrens_literature.epub"
ARABIC = DATA / "ar_regime_anticancer.epub"
SPINE = DATA / "en_w3c_spine_order.epub"
XHTML = '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"{attrs}>' \
        "<head>{head}<title>t</title></head><body>{body}</body></html>"


BYLINE = '<meta name="author" content="{}"/>'


def read(path: Path):
    return read_epub(path.read_bytes(), path)


def page(body: str, head: str = "", attrs: str = "") -> str:
    return XHTML.format(body=body, head=head, attrs=attrs)


def make_epub(docs: list[tuple[str, str]], *, metadata: str = "<dc:title>Made</dc:title>",
              nonlinear: tuple[str, ...] = (), nav: str | None = None, ncx: str | None = None,
              extra: dict[str, str | bytes] | None = None, container: bool = True) -> bytes:
    """A small EPUB 3: ``docs`` (name, XHTML) in spine order under OEBPS/."""
    items = "".join(f'<item id="d{i}" href="{name}" media-type="application/xhtml+xml"/>'
                    for i, (name, _) in enumerate(docs))
    if ncx is not None:
        items += '<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>'
        extra = {**(extra or {}), "OEBPS/toc.ncx": ncx}
    off = ' linear="no"'
    spine = "".join(f'<itemref idref="d{i}"{off if name in nonlinear else ""}/>'
                    for i, (name, _) in enumerate(docs))
    if nav is not None:
        items += '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
        spine = '<itemref idref="nav"/>' + spine
    opf = ('<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">'
           f'<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">{metadata}</metadata>'
           f"<manifest>{items}</manifest><spine>{spine}</spine></package>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        if container:
            z.writestr("META-INF/container.xml",
                       '<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container" version="1.0">'
                       '<rootfiles><rootfile full-path="OEBPS/content.opf" '
                       'media-type="application/oebps-package+xml"/></rootfiles></container>')
        z.writestr("OEBPS/content.opf", opf)
        for name, xhtml in docs:
            z.writestr(f"OEBPS/{name}", xhtml)
        if nav is not None:
            z.writestr("OEBPS/nav.xhtml", nav)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return out.getvalue()


def test_epub_is_registered():
    load_extractors()
    assert EXTRACTORS[".epub"] is read_epub


# --------------------------------------------------------------------------------------------
# An anthology: one article per story
# --------------------------------------------------------------------------------------------


def test_anthology_metadata_and_one_article_per_story():
    ex = read(ANTHOLOGY)
    assert (ex.title, ex.date, ex.language) == ("Children's Literature", "2008-05-20", "en")
    assert ex.date_evidence == "the EPUB's <dc:date>: when this edition was published"
    assert ex.author is None  # the editors did not write the stories; each story's author is in the TOC
    assert ex.notes == ("read as 15 separate stories: its table of contents gives each story its own author",)
    titles = [ex.blocks[i].text for i in ex.starts]
    assert titles[0] == "190 A FOUR-LEAVED CLOVER" and titles[-1] == (
        "204 THE KING OF THE GOLDEN RIVER OR THE BLACK BROTHERS")
    assert "198 THE UGLY DUCKLING" in titles and len(titles) == 15
    assert all(ex.blocks[i].heading for i in ex.starts)
    # the story's own heading "190" is replaced by the TOC label; its title heading follows later
    story = ex.blocks[ex.starts[0]:ex.starts[1]]
    assert [b.text for b in story if b.heading][:2] == ["190 A FOUR-LEAVED CLOVER", "A FOUR-LEAVED CLOVER"]
    assert "ABRAM S. ISAACS" in [b.text for b in story]


def test_anthology_text_pages_and_reading_order():
    ex = read(ANTHOLOGY)
    texts = [b.text for b in ex.blocks]
    assert texts[0] == "SECTION IV FAIRY STORIES—MODERN FANTASTIC TALES" and ex.blocks[0].heading
    assert texts[1] == "BIBLIOGRAPHY"
    assert texts[2] == "Alden, Raymond Macdonald, Why the Chimes Rang, and Other Stories."
    assert "THE CONTENTS" not in texts  # the nav document (in the spine) is not text
    assert ex.blocks[0].page == 169 and ex.blocks[-1].page == 260  # the printed edition's pages
    assert texts[-1] == "The Black Brothers."
    assert texts[-2].startswith("And, to this day, the inhabitants of the valley point out the place")
    # a page mark inside a paragraph is not text; the paragraph keeps the page it starts on
    hebrew = next(b for b in ex.blocks if b.text.startswith("A classic collection of short stories from"))
    assert "referred to. The 178 following" not in hebrew.text
    assert "The following is one of the three stories referred to" in hebrew.text and hebrew.page == 177


def test_anthology_through_the_pipeline(tmp_path):
    shutil.copy(ANTHOLOGY, tmp_path / ANTHOLOGY.name)
    docs = scan_corpus(tmp_path).documents
    assert len(docs) == 16  # the editors' introduction, then 15 stories
    assert docs[0].title == "SECTION IV FAIRY STORIES—MODERN FANTASTIC TALES"
    assert [d.title for d in docs[1:4]] == ["190 A FOUR-LEAVED CLOVER", "191 THE LORD HELPETH MAN AND BEAST",
                                            "192 THE REAL PRINCESS"]
    princess = docs[3]
    assert princess.boundary.reason == "story 4 of 16 in the EPUB file"
    assert princess.paragraphs[0].text.startswith("By almost common consent Hans Christian Andersen")
    assert princess.paragraphs[0].page is not None and princess.date.value == "2008-05-20"
    assert all(d.language == "en" for d in docs)


# --------------------------------------------------------------------------------------------
# An Arabic book: one article, right to left
# --------------------------------------------------------------------------------------------


def test_arabic_book_text_direction_and_metadata():
    ex = read(ARABIC)
    assert ex.title == "Le Vrai Régime anti-cancer"  # as dc:title says (the book's French title)
    assert ex.author == "Pr David Khayat, Nathalie Hutter-Lardeau"  # authors; the translator is not
    assert (ex.date, ex.language, ex.site) == ("2012", "ar", "Hachette Antoine")
    assert ex.starts == ()
    assert ex.blocks[0].text == "الفصل الثاني: ما هو السرطان؟" and ex.blocks[0].heading  # one <header>
    assert ex.blocks[1].text == "من أين تأتي الحياة؟" and ex.blocks[1].heading
    assert ex.blocks[2].text.startswith("حسنًا! إن أردنا أن نفهم الآن كيف يمكن للأغذية التي نتناولها")
    assert ex.blocks[-2].text == "إذًا ثقوا بنا ولنبدأ فورًا بالنظر معًا، وعن كثب، إلى كلّ أغذيتنا."
    assert ex.blocks[-1].text.startswith("[1] لمزيد من المعلومات حول هذا الفصل")  # the chapter's note
    assert all(b.direction == "rtl" for b in ex.blocks)  # dir="rtl" on <html>
    assert not any("Sommaire" in b.text or "Couverture" in b.text for b in ex.blocks)  # nav is not text
    assert sum(b.heading for b in ex.blocks) == 8


def test_arabic_book_through_the_pipeline(tmp_path):
    shutil.copy(ARABIC, tmp_path / ARABIC.name)
    [doc] = scan_corpus(tmp_path).documents
    assert doc.language == "ar" and doc.outlet == "Hachette Antoine"
    assert (doc.date.value, doc.date.precision, doc.date.source) == ("2012", "year", "metadata")
    assert all(p.direction == "rtl" for p in doc.paragraphs)
    assert "السرطان" in doc.text and doc.paragraphs[0].heading


def test_spine_order_not_file_or_manifest_order():
    ex = read(SPINE)
    order = [b.text for b in ex.blocks if b.text.startswith("This page must appear")]
    assert order == ["This page must appear first.", "This page must appear second.",
                     "This page must appear third.", "This page must appear last."]
    assert (ex.title, ex.date, ex.author, ex.site) == ("pkg-spine-order", "2021-01-21", "Dave Cramer", "W3C")
    assert ex.blocks[0].text == "Link to main page" and ex.blocks[0].heading  # TOC label as chapter mark


# --------------------------------------------------------------------------------------------
# Rules on books made here
# --------------------------------------------------------------------------------------------


def test_chapters_with_different_bylines_are_separate_stories():
    story = '<h1>{t}</h1><p epub:type="z3998:author">{a}</p><p>{t} begins here.</p>'
    data = make_epub([("intro.xhtml", page("<h1>Preface</h1><p>Edited for this collection.</p>")),
                      ("s1.xhtml", page(story.format(t="The Well", a="Hoda Barakat"))),
                      ("s2.xhtml", page("<p>No byline, the story goes on.</p>")),
                      ("s3.xhtml", page("<h1>Night</h1><p>Night begins.</p>",
                                        head=BYLINE.format("Sahar Khalifeh")))])
    ex = read_epub(data, Path("made.epub"))
    assert [ex.blocks[i].text for i in ex.starts] == ["The Well", "Night"]
    assert ex.author is None and ex.notes[-1].endswith("its chapters carry different bylines")


def test_a_periodical_is_one_article_per_article():
    """calibre's "Fetch news" EPUB: the Kindle periodical NCX marks each article."""
    points = "".join(
        f'<navPoint class="article" id="a{i}"><navLabel><text>{t}</text></navLabel>'
        f'<content src="feed_0/a{i}.xhtml"/><mbp:meta name="author">{who}</mbp:meta></navPoint>'
        for i, (t, who) in enumerate([("Politics this week", "The Economist"), ("Business", "")]))
    ncx = ('<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" xmlns:mbp="http://mobipocket.com/ns/mbp">'
           '<navMap><navPoint class="periodical"><navLabel><text>The paper</text></navLabel>'
           '<content src="feed_0/a0.xhtml"/><navPoint class="section"><navLabel><text>The world</text>'
           f"</navLabel><content src=\"feed_0/a0.xhtml\"/>{points}</navPoint></navPoint></navMap></ncx>")
    data = make_epub([("feed_0/a0.xhtml", page("<h2>Politics this week</h2><p>Elections were held.</p>")),
                      ("feed_0/a1.xhtml", page("<p>Markets rose.</p>"))], ncx=ncx)
    ex = read_epub(data, Path("paper.epub"))
    assert [(ex.blocks[i].text, ex.blocks[i].heading) for i in ex.starts] == [
        ("Politics this week", True), ("Business", True)]
    texts = [b.text for b in ex.blocks]
    assert texts == ["Politics this week", "Elections were held.", "Business", "Markets rose."]


def test_a_foreword_by_someone_else_does_not_make_a_novel_a_collection():
    data = make_epub([
        ("title.xhtml", page('<section epub:type="titlepage"><h1>A Novel</h1>'
                             '<p epub:type="z3998:author">Naguib Mahfouz</p></section>')),
        ("fore.xhtml", page('<section epub:type="foreword"><h2>Foreword</h2>'
                            '<p epub:type="z3998:author">Edward Said</p><p>Words.</p></section>')),
        ("ch1.xhtml", page("<h2>One</h2><p>The story.</p>"))])
    assert read_epub(data, Path("novel.epub")).starts == ()


def test_one_author_several_stories_stay_one_book_with_chapter_marks():
    byline = BYLINE.format("A. Writer")
    data = make_epub([("a.xhtml", page("<p>First story text.</p>", head=byline)),
                      ("b.xhtml", page("<h2>Second</h2><p>Second story.</p>", head=byline))],
                     metadata="<dc:title>Stories</dc:title><dc:creator>A. Writer</dc:creator>"
                              "<dc:date>1999</dc:date>",
                     nav=page('<nav epub:type="toc"><ol><li><a href="a.xhtml">One</a></li>'
                              '<li><a href="b.xhtml">Two</a></li></ol></nav>'))
    ex = read_epub(data, Path("made.epub"))
    assert ex.starts == () and ex.author == "A. Writer" and ex.date == "1999"
    # a chapter without a heading gets its TOC label; one with a heading keeps it
    assert [(b.text, b.heading) for b in ex.blocks] == [
        ("One", True), ("First story text.", False), ("Second", True), ("Second story.", False)]


def test_direction_from_dir_and_lang_and_what_is_not_text():
    body = ('<p>English paragraph.</p><p dir="rtl">نص عربي صريح الاتجاه</p>'
            '<div xml:lang="ar"><p>نص عربي</p></div>'
            '<p lang="ar" dir="ltr">عربي مع اتجاه معلن يسارا</p><script>var x = "no";</script>'
            '<style>p {}</style><p hidden="">hidden</p><nav><ol><li>menu</li></ol></nav>'
            '<p>Line<br/>break and <span>inline</span> text.</p>')
    data = make_epub([("c.xhtml", page(body))], nonlinear=())
    ex = read_epub(data, Path("made.epub"))
    assert [(b.text, b.direction) for b in ex.blocks] == [
        ("English paragraph.", None), ("نص عربي صريح الاتجاه", "rtl"), ("نص عربي", "rtl"),
        ("عربي مع اتجاه معلن يسارا", None), ("Line break and inline text.", None)]


def test_non_linear_items_come_last_and_html_entities_are_read():
    data = make_epub([("notes.xhtml", page("<p>Note one.</p>")),
                      ("ch.xhtml", "<html><body><p>Caf&eacute; &amp; tea&nbsp;time</p></body></html>")],
                     nonlinear=("notes.xhtml",))
    ex = read_epub(data, Path("made.epub"))
    assert [b.text for b in ex.blocks] == ["Café & tea time", "Note one."]


def test_no_container_falls_back_to_the_package_file():
    data = make_epub([("c.xhtml", page("<p>Found without container.xml.</p>"))], container=False)
    assert read_epub(data, Path("x.epub")).blocks[0].text == "Found without container.xml."


# --------------------------------------------------------------------------------------------
# DRM and hostile archives
# --------------------------------------------------------------------------------------------

ENCRYPTION = ('<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
              'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>'
              '<enc:EncryptionMethod Algorithm="{alg}"/><enc:CipherData>'
              '<enc:CipherReference URI="{uri}"/></enc:CipherData></enc:EncryptedData></encryption>')


def _reason(data: bytes) -> str:
    start = time.monotonic()
    with pytest.raises(NotText) as caught:
        read_epub(data, Path("x.epub"))
    assert time.monotonic() - start < 5
    return str(caught.value)


def test_drm_protected_content_is_refused_but_font_obfuscation_is_not():
    drm = ENCRYPTION.format(alg="http://www.w3.org/2001/04/xmlenc#aes128-cbc", uri="OEBPS/c.xhtml")
    data = make_epub([("c.xhtml", "\x8f\x02 encrypted bytes")], extra={"META-INF/encryption.xml": drm})
    assert _reason(data) == DRM
    font = ENCRYPTION.format(alg="http://www.idpf.org/2008/embedding", uri="OEBPS/fonts/f.otf")
    data = make_epub([("c.xhtml", page("<p>Readable.</p>"))], extra={"META-INF/encryption.xml": font})
    assert read_epub(data, Path("x.epub")).blocks[0].text == "Readable."


def test_entities_are_never_expanded_nor_fetched():
    laughs = ('<?xml version="1.0"?><!DOCTYPE html [<!ENTITY a "hahahahahahahahahaha">'
              + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
              + '<!ENTITY x SYSTEM "file:///etc/passwd">]>'
              + page("<p>Start &j; &x; end.</p>"))
    start = time.monotonic()
    ex = read_epub(make_epub([("c.xhtml", laughs)]), Path("x.epub"))
    assert time.monotonic() - start < 5
    text = " ".join(b.text for b in ex.blocks)
    assert "haha" not in text and "root:" not in text and "Start" in text


def test_zip_bombs_truncation_and_garbage_are_clean_skips():
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z, z.open("OEBPS/c.xhtml", "w") as f:
        for _ in range(80):
            f.write(b" " * (1 << 20))
    assert "zip bomb" in _reason(bomb.getvalue())
    data = SPINE.read_bytes()
    for cut in (0, 4, 100, len(data) // 2, len(data) - 10):
        assert _reason(data[:cut]) == DAMAGED_EPUB
    assert _reason(b"<html>not a zip</html>") == DAMAGED_EPUB
    empty_spine = make_epub([])
    assert _reason(empty_spine).startswith(DAMAGED_EPUB)


@settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2048))
def test_random_bytes_are_a_clean_skip(data):
    with pytest.raises(NotText):
        read_epub(data, Path("x.epub"))


@settings(max_examples=120, deadline=3000, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["OEBPS/content.opf", "OEBPS/c.xhtml", "META-INF/container.xml", "OEBPS/nav.xhtml"]),
       st.binary(max_size=600))
def test_any_member_may_be_garbage(member, junk):
    files = {"OEBPS/c.xhtml": page("<p>Text.</p>"),
             "OEBPS/nav.xhtml": page('<nav epub:type="toc"><ol><li><a href="c.xhtml">C</a></li></ol></nav>')}
    data = make_epub([("c.xhtml", files["OEBPS/c.xhtml"])], nav=files["OEBPS/nav.xhtml"])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info.filename, junk if info.filename == member else src.read(info))
    with contextlib.suppress(NotText):
        read_epub(out.getvalue(), Path("x.epub"))
