"""Word files (.docx) as a researcher gets them: real files from Apache POI's and Tika's test suites
(a UN document in Arabic, English files with headings and notes), and hostile ones (issue 15).

Expectations were written by reading the files in Word's order (see SOURCES.md beside them).
"""

from __future__ import annotations

import contextlib
import datetime
import io
import shutil
import struct
import time
import zipfile
from pathlib import Path

import docx as python_docx
import pytest
from docx.oxml import parse_xml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.ingest.corpus import scan_corpus
from reader.ingest.formats import EXTRACTORS, load_extractors
from reader.ingest.formats.docx import DAMAGED_DOCX, OLD_DOC, PASSWORD, STRICT, read_docx
from reader.ingest.loader import NotText

DATA = Path(__file__).resolve().parents[1] / "data" / "formats" / "docx_epub"
UN = DATA / "ar_un_crc_general_comment_20.docx"
TIKA_2006 = DATA / "en_tika_word_2006ml.docx"
TIKA_SAMPLE = DATA / "en_tika_sample_word.docx"
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def read(path: Path):
    return read_docx(path.read_bytes(), path)


def test_docx_is_registered_and_doc_is_not():
    load_extractors()
    assert EXTRACTORS[".docx"] is read_docx
    assert ".doc" not in EXTRACTORS


# --------------------------------------------------------------------------------------------
# A real UN document in Arabic
# --------------------------------------------------------------------------------------------


def test_un_arabic_document_paragraphs_direction_and_headings():
    ex = read(UN)
    body = [b for b in ex.blocks if not b.text.startswith("[")]
    assert body[0].text == "الأمم المتحدة" and body[0].direction == "rtl"  # from the Normal style's w:bidi
    symbol = next(b for b in body if b.text.startswith("CRC/C/GC/20"))
    assert symbol.text == "CRC/C/GC/20*" and symbol.direction is None  # w:bidi="0": left to its script
    title = next(b for b in body if b.heading)
    assert title.text == "التعليق العام رقم 20(2016) بشأن إعمال حقوق الطفل أثناء المراهقة"
    assert title.direction == "rtl" and title.page == 1
    headings = [b.text for b in body if b.heading]
    assert headings[1:3] == ["أولاً- مقدمة", "ثانياً- الأهداف"]  # UN template style "_ H _Ch_GA"
    assert "رابع عشر- التعاون الدولي" in headings and "خامس عشر- النشر" in headings
    intro = next(i for i, b in enumerate(body) if b.text == "أولاً- مقدمة")
    first = body[intro + 1]
    assert first.text.startswith("١- تُعرّف اتفاقية حقوق الطفل الطفلَ بأنه كل إنسان لم يتجاوز الثامنة عشرة")
    assert "\t" not in first.text  # the template's tab after the paragraph number is a space
    assert body[-1].text.startswith("٩٠- توصي اللجنة بأن تنشر الدول على نطاق واسع هذا التعليق العام")
    assert body[-1].text.endswith("وفي أشكال في متناول المراهقين ذوي الإعاقة.")
    assert all(b.direction == "rtl" for b in body if b.text[0] in "١٢٣٤٥٦٧٨٩")


def test_un_document_footnotes_come_last_in_citation_order_with_their_marks():
    ex = read(UN)
    notes = [b for b in ex.blocks if b.text.startswith("[")]
    assert ex.blocks[-len(notes):] == tuple(notes)  # all at the end
    assert notes[0].text == "[*] أُعيد إصدارها لأسباب فنية في 24 نيسان/أبريل 2017."  # a custom mark
    assert notes[1].text == "[1] انظر www.who.int/maternal_child_adolescent/topics/adolescence/dev/en/."
    assert notes[-1].text == "[39] انظر A/68/267، الفقرات 81-87."
    assert len(notes) == 40 and all(n.direction == "rtl" for n in notes)
    assert "()" not in " ".join(n.text for n in notes)  # the note's own "(n)" mark is replaced by ours
    cited = next(b for b in ex.blocks if "تيسيراً للاتساق في جمع البيانات" in b.text)
    assert cited.text.endswith("تيسيراً للاتساق في جمع البيانات([1]).")
    assert notes[-1].page == 25  # the page where the note is cited


def test_un_document_pages_title_date_author():
    ex = read(UN)
    assert [b.page for b in ex.blocks[:3]] == [1, 1, 1]
    assert max(b.page or 0 for b in ex.blocks) == 27  # 26 rendered breaks, 27 pages in app.xml
    assert ex.title is None  # the core title "CRC/C/GC/20" is a symbol, not a title
    assert ex.author is None  # "IBAL34 - MBOU" is a typist's login
    # The date printed at the head ("6 December 2016"), not the reissue date in a footnote
    # (24 April 2017) nor the file's creation (2017-04-25).
    assert ex.date == "2016-12-06"
    assert ex.date_evidence == 'the date at the head of the text: "6 December 2016"'
    assert "GE.16-21563" in ex.original and "GE.16-21563" not in " ".join(b.text for b in ex.blocks)


def test_un_document_through_the_pipeline(tmp_path):
    shutil.copy(UN, tmp_path / UN.name)
    [doc] = scan_corpus(tmp_path).documents
    assert doc.title == "التعليق العام رقم 20(2016) بشأن إعمال حقوق الطفل أثناء المراهقة"
    assert doc.language == "ar" and doc.encoding == "docx"
    assert (doc.date.value, doc.date.precision) == ("2016-12-06", "day")
    assert doc.paragraphs[0].text == "الأمم المتحدة" and doc.paragraphs[0].direction == "rtl"
    assert doc.paragraphs[0].page == 1 and doc.paragraphs[-1].page == 25
    assert any(p.heading and p.text == "أولاً- مقدمة" for p in doc.paragraphs)
    assert "حقوق الطفل" in doc.text  # Arabic letters in logical order


# --------------------------------------------------------------------------------------------
# English Word files (Apache Tika)
# --------------------------------------------------------------------------------------------


def test_english_word_2016_file_headings_notes_and_content_controls():
    ex = read(TIKA_2006)
    texts = [b.text for b in ex.blocks]
    assert (ex.title, ex.author) == ("My Document Title", "This is the Author")
    assert texts[0] == "The quick brown fox jumped over the lazy brown dog."
    assert [b.text for b in ex.blocks if b.heading] == ["Heading1", "Heading2", "Bibliography"]
    assert "This should have a footnote[1]" in texts and "This should point to an endnote [i]" in texts
    assert texts[-2:] == ["[1] And this is the footnote", "[i] This is an endnote"]
    # content controls, which python-docx's Paragraph.text leaves out
    controls = {"Rich text content control", "Simple text content control", "Drop down1", "11/16/2016"}
    assert controls <= set(texts)
    assert texts.index("R1c1") < texts.index("R1c2") < texts.index("R1c3")  # a table row by row
    assert "Embedded table r1c1" in texts
    # generated lists and page margins are not text, but are in the original
    for generated in ("Table 1: Table1 Caption 2", "index, 4", "citation 4", "Even page header"):
        assert generated not in texts and generated in ex.original
    assert all(b.page is None for b in ex.blocks)  # 2 rendered breaks for 7 pages: no page numbers
    assert ex.date is None  # the text gives a date (the date picker): the pipeline reads it


def test_english_word_file_date_from_its_text_through_the_pipeline(tmp_path):
    shutil.copy(TIKA_2006, tmp_path / TIKA_2006.name)
    [doc] = scan_corpus(tmp_path).documents
    assert doc.title == "My Document Title" and doc.byline == "This is the Author"
    assert (doc.date.value, doc.date.source) == ("2016-11-16", "body")
    assert doc.language == "en"
    assert doc.paragraphs[-1].text == "[i] This is an endnote"


def test_title_and_headings_and_the_creation_date_when_the_text_has_none():
    ex = read(TIKA_SAMPLE)
    assert (ex.title, ex.author) == ("Sample Word Document", "Keith Bennett")
    assert ex.date == "2008-12-11"
    assert ex.date_evidence == "the Word file's creation date (the text gives no date)"
    heads = [b.text for b in ex.blocks if b.heading]
    assert heads[0] == "Sample Word Document Title"  # the "Title" style
    assert heads[-3:] == ["Heading Level 1", "Heading Level 2", "Heading Level 3"]
    last = "This links to The Main Heading Bookmark and The Level 3 Bookmark. That’s it!"
    assert ex.blocks[-1].text == last
    assert ex.blocks[0].page == 1 and ex.blocks[-1].page == 2  # one rendered break, two pages


# --------------------------------------------------------------------------------------------
# Decisions tested on files made here
# --------------------------------------------------------------------------------------------


def _made_docx(body_xml: str, *, styles_xml: str = "", author: str = "python-docx") -> bytes:
    document = python_docx.Document()
    document.core_properties.author = author
    body = document.element.body
    for child in list(body):
        if not child.tag.endswith("sectPr"):
            body.remove(child)
    for el in parse_xml(f"<w:root {W_NS}>{body_xml}</w:root>"):
        body.insert(len(body) - 1, el)
    if styles_xml:
        document.styles.element.append(parse_xml(styles_xml))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_made_file_bidi_headings_tables_and_tracked_changes():
    arabic = "قال المتحدث باسم الحكومة إن القوات ستنسحب"
    body = (
        f'<w:p><w:pPr><w:bidi/></w:pPr><w:r><w:t>{arabic}</w:t></w:r></w:p>'
        f'<w:p><w:pPr><w:bidi w:val="0"/></w:pPr><w:r><w:t>{arabic}</w:t></w:r></w:p>'
        '<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>A heading</w:t></w:r></w:p>'
        '<w:p><w:pPr><w:pStyle w:val="berschrift2"/></w:pPr><w:r><w:t>Eine Überschrift</w:t></w:r></w:p>'
        '<w:p><w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:r><w:t>Outline level</w:t></w:r></w:p>'
        '<w:p><w:pPr><w:outlineLvl w:val="9"/></w:pPr><w:r><w:t>Body text level</w:t></w:r></w:p>'
        '<w:p><w:r><w:t xml:space="preserve">Kept </w:t></w:r><w:del w:id="1" w:author="x"><w:r>'
        '<w:delText>deleted </w:delText></w:r></w:del><w:ins w:id="2" w:author="x"><w:r><w:t>inserted'
        '</w:t></w:r></w:ins><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE '
        '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t> 7</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        '<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>Merged</w:t></w:r></w:p>'
        '</w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>A1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>B1</w:t>'
        '</w:r></w:p></w:tc></w:tr></w:tbl>'
        '<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr><w:r><w:t>A heading 1</w:t></w:r></w:p>'
    )
    styles = (f'<w:style {W_NS} w:type="paragraph" w:styleId="berschrift2"><w:name w:val="Überschrift 2"/>'
              '<w:basedOn w:val="Normal"/></w:style>')
    toc = f'<w:style {W_NS} w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/></w:style>'
    document = python_docx.Document(io.BytesIO(_made_docx(body, styles_xml=styles)))
    document.styles.element.append(parse_xml(toc))
    out = io.BytesIO()
    document.save(out)
    ex = read_docx(out.getvalue(), Path("made.docx"))
    got = [(b.text, b.heading, b.direction) for b in ex.blocks]
    assert got == [
        (arabic, False, "rtl"), (arabic, False, None),
        ("A heading", True, None), ("Eine Überschrift", True, None), ("Outline level", True, None),
        ("Body text level", False, None), ("Kept inserted 7", False, None),
        ("Merged", False, None), ("A1", False, None), ("B1", False, None),
    ]
    assert "A heading 1" in ex.original  # the generated table of contents: original only
    # python-docx's template says every file was created on 2013-12-23: not a date
    assert ex.date is None and ex.author is None  # "python-docx" is a placeholder


def test_a_real_author_and_creation_date_are_kept():
    document = python_docx.Document(io.BytesIO(_made_docx("<w:p><w:r><w:t>No date here.</w:t></w:r></w:p>")))
    document.core_properties.author = "Hana Khalil"
    document.core_properties.created = datetime.datetime(2021, 3, 4, 9, 30)
    document.core_properties.title = "Weekly brief"
    out = io.BytesIO()
    document.save(out)
    ex = read_docx(out.getvalue(), Path("brief.docx"))
    assert (ex.title, ex.author, ex.date) == ("Weekly brief", "Hana Khalil", "2021-03-04")


# --------------------------------------------------------------------------------------------
# Hostile and broken files: a clean skip with a reason, never a hang
# --------------------------------------------------------------------------------------------


def _reason(data: bytes) -> str:
    start = time.monotonic()
    with pytest.raises(NotText) as caught:
        read_docx(data, Path("x.docx"))
    assert time.monotonic() - start < 5
    return str(caught.value)


def test_external_entity_is_neither_fetched_nor_expanded():
    ex = read(DATA / "hostile" / "xxe_external_entity.docx")
    assert [b.text for b in ex.blocks] == ['Here should not be the POI web site: "']
    assert "Apache" not in ex.original


@pytest.mark.parametrize("name", ["poi_fuzz_5313273089884160.docx", "poi_fuzz_6442791109263360.docx"])
def test_fuzzer_crashers_are_skipped_as_damaged(name):
    assert _reason((DATA / "hostile" / name).read_bytes()) == DAMAGED_DOCX


def test_truncated_garbage_old_doc_password_and_strict_files_say_why():
    data = TIKA_SAMPLE.read_bytes()
    for cut in (0, 10, 100, len(data) // 2, len(data) - 30):
        assert _reason(data[:cut]) == DAMAGED_DOCX
    assert _reason(b"%PDF-1.7 not a word file") == DAMAGED_DOCX
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    assert _reason(ole + "WordDocument".encode("utf-16-le")) == OLD_DOC
    assert _reason(ole + "EncryptedPackage".encode("utf-16-le")) == PASSWORD
    strict = io.BytesIO()
    with zipfile.ZipFile(strict, "w") as z:
        z.writestr("word/document.xml", '<w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"/>')
    assert _reason(strict.getvalue()) == STRICT
    not_word = io.BytesIO()
    with zipfile.ZipFile(not_word, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    assert _reason(not_word.getvalue()) == DAMAGED_DOCX


def test_a_zip_bomb_is_refused_before_it_is_inflated():
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z, z.open("word/document.xml", "w") as f:
        chunk = b" " * (1 << 20)
        for _ in range(80):  # 80 MB of spaces, about 80 KB compressed
            f.write(chunk)
    assert len(bomb.getvalue()) < 1_000_000
    assert "zip bomb" in _reason(bomb.getvalue())


def test_an_xml_part_too_large_to_parse_is_refused():
    big = io.BytesIO()
    with zipfile.ZipFile(big, "w") as z:  # stored: no compression ratio to give it away
        z.writestr("word/document.xml", b" " * (33 << 20))
    assert _reason(big.getvalue()) == "too large to read: word/document.xml unpacks to more than 32 MB of XML"


def test_a_zip_that_lies_about_its_sizes_is_refused():
    data = bytearray(TIKA_SAMPLE.read_bytes())
    end = data.rfind(b"PK\x05\x06")
    entries, cd_offset = struct.unpack("<H", data[end + 10:end + 12])[0], struct.unpack(
        "<I", data[end + 16:end + 20])[0]
    pos = cd_offset
    for _ in range(entries):  # every central directory entry claims 1 GB uncompressed
        data[pos + 24:pos + 28] = struct.pack("<I", 1 << 30)
        name_len, extra_len, comment_len = struct.unpack("<HHH", data[pos + 28:pos + 34])
        pos += 46 + name_len + extra_len + comment_len
    assert "zip bomb" in _reason(bytes(data))


@settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2048))
def test_random_bytes_are_a_clean_skip(data):
    with pytest.raises(NotText):
        read_docx(data, Path("x.docx"))


@settings(max_examples=120, deadline=3000, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=255)),
                min_size=1, max_size=12))
def test_damaged_real_files_read_or_skip_cleanly(changes):
    data = bytearray(TIKA_SAMPLE.read_bytes())
    for where, byte in changes:
        data[where % len(data)] = byte
    with contextlib.suppress(NotText):
        read_docx(bytes(data), Path("x.docx"))


def test_the_hostile_folder_scans_with_reasons(tmp_path):
    shutil.copytree(DATA / "hostile", tmp_path / "hostile")
    corpus = scan_corpus(tmp_path)
    reasons = {s.path: s.reason for s in corpus.skipped}
    assert reasons == {"hostile/poi_fuzz_5313273089884160.docx": DAMAGED_DOCX,
                       "hostile/poi_fuzz_6442791109263360.docx": DAMAGED_DOCX}
    assert [d.source for d in corpus.documents] == ["hostile/xxe_external_entity.docx"]
