"""PDF files as a researcher gets them (issue 15): real reports and Arabic PDFs from open-source test
suites, a scan without a text layer, a password-protected file, a damaged one, and hostile bytes.

Expectations were written by reading each page rendered (see SOURCES.md beside the files): the
first and last sentences, the running heads and page numbers that must not reach the text, the
Arabic words as they read on the page, and the page each paragraph starts on.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.ingest.corpus import scan_corpus
from reader.ingest.formats import EXTRACTORS, load_extractors
from reader.ingest.formats import pdf as pdf_module
from reader.ingest.formats.pdf import DAMAGED, ENCRYPTED, SCANNED, _title, read_pdf
from reader.ingest.formats.pdf_arabic import fold_presentation_forms, line_order_evidence, repair_lines
from reader.ingest.formats.pdf_layout import continues, is_page_number, join_lines, running_key
from reader.ingest.loader import NotText, Skipped, SourceFile, load_file
from tests.conftest import REPO

DATA = Path(__file__).resolve().parents[1] / "data" / "formats" / "pdf"
PRESENTATION_FORMS = [chr(c) for c in range(0xFB50, 0xFEFF)]


def read(name: str):
    path = DATA / name
    return read_pdf(path.read_bytes(), path)


def text_of(extracted) -> str:
    return "\n\n".join(block.text for block in extracted.blocks)


def block_starting(extracted, start: str):
    return next(b for b in extracted.blocks if b.text.startswith(start))


def test_pdf_is_registered():
    load_extractors()
    assert EXTRACTORS[".pdf"] is read_pdf


# --------------------------------------------------------------------------------------------
# English reports (US government, public domain; from tabula-java's test suite)
# --------------------------------------------------------------------------------------------


def test_mmwr_running_heads_go_and_a_paragraph_runs_over_the_page_break():
    ex = read("mmwr-health-inequality.pdf")
    text = text_of(ex)
    assert ex.blocks[0].text.startswith("vaccination rates among children) can be used to identify")
    assert ex.blocks[0].page == 1
    # The running heads ("Supplement", "4 MMWR / January 14, 2011 / Vol. 60", "... Vol. 60 5") are gone.
    assert "MMWR / January 14, 2011" not in text
    assert "Supplement" not in [b.text for b in ex.blocks]
    # Page 1's last paragraph goes on at the top of page 2 and stays one paragraph, on page 1.
    income = block_starting(ex, "Income inequality. Income inequality in the United States")
    assert income.page == 1
    assert "A Gini index of 0.46 in 2007 is half of the average relative diference (0.92) in average income" \
        in income.text
    assert income.text.endswith("divided by the average income for all households ($70,207) (28).")
    # Line-end hyphenation undone, real hyphens kept; PDFium's hyphen mark never shows.
    assert "include practitioners in public health" in text and "practi" + "-tioners" not in text
    assert "two U.S. households chosen at random" in text
    assert "use of evidence-based strategies" in text
    assert "a measure of health-related quality-of-life (HRQL)" in text
    assert "\ufffe" not in text and "\u00ad" not in text
    headings = [(b.text, b.page) for b in ex.blocks if b.heading]
    assert ("Measures of Health Inequality", 1) in headings and ("Gaps in the National Data", 3) in headings
    gaps = block_starting(ex, "Eforts to monitor and report periodically on health disparities")
    assert gaps.page == 3
    assert gaps.text.endswith("orientation (identity or attraction) and disability status.")
    # The date is printed in the running head of the first page.
    assert ex.date == "2011-01-14" and "January 14, 2011" in ex.date_evidence


def test_campus_attacks_footer_compound_hyphens_and_footnotes():
    ex = read("campus-attacks.pdf")
    text = text_of(ex)
    assert ex.blocks[0].text.startswith("Handguns and other weapons were used in about half of the campus")
    assert ex.blocks[0].text.endswith("“little is known at this time about the nature and characteristics of "
                                      "murders on campus.”")
    # "Campus Attacks ... Page 5" stands at the foot of every page (first in the stream): gone.
    assert "Campus Attacks" not in text and "Page 5" not in text and "Page 8" not in text
    # Hyphens of compounds at a line end are kept: the document's own words say they are real.
    assert "incidents of school-related violence" in text
    assert "gleaned from open-source reporting" in text
    # A raised footnote number is not glued to the year before it.
    assert "occurred between January 1, 1900 23 and December 31, 2008" in text
    last = ex.blocks[-1]
    assert last.page == 4
    assert last.text == ("23 Due to the limited availability of searchable media reporting prior to 1900, "
                         "this year was selected as the start date.")
    assert {b.page for b in ex.blocks} == {1, 2, 3, 4}


def test_epa_summary_page_headers_go_and_a_paragraph_continues_on_the_next_page():
    ex = read("epa-mercury-summary.pdf")
    text = text_of(ex)
    assert ex.blocks[0].text == ("Great Lakes region, south Florida, central Ontario, and coastal regions of "
                                 "Georgia, South Carolina and North Carolina.")
    for header in ("ES-6", "ES-7", "ES-8"):
        assert header not in text
    species = block_starting(ex, "Species-specific WC values for methylmercury were estimated")
    assert species.page == 1
    assert ("A final WC was then calculated as the lowest mean of WC values for each of the two taxonomic "
            "classes (birds and mammals).") in species.text  # "... of WC" | page 2 | "values for each ..."
    last = ex.blocks[-1]
    assert last.page == 3
    assert last.text.startswith("Field data are suggestive of adverse toxicological effects in the Florida")
    assert last.text.endswith("Field data suggest that bald eagles have not suffered adverse toxic effects "
                              "due to airborne mercury emissions.")
    assert ex.title == "epa mercury summary"  # no Title in the PDF and no heading on top: the file's name


# --------------------------------------------------------------------------------------------
# Arabic
# --------------------------------------------------------------------------------------------


def test_weasyprint_arabic_article_ligatures_heads_pages_and_metadata():
    """WeasyPrint maps a lam-alef glyph to two letters and writes glyphs in visual order: PDFium
    alone reads «االفتتاح», «لألطفال», «األسبوع»."""
    ex = read("arabic-weasyprint.pdf")
    text = text_of(ex)
    assert ex.title == "مهرجان الكتاب في الرباط يستقبل آلاف الزوار"  # the document information's Title
    assert ex.author == "قسم الثقافة"
    assert ex.date == "2023-03-14" and "14 مارس 2023" in ex.date_evidence  # the date line, not metadata
    assert ex.blocks[0].heading and ex.blocks[0].text == ex.title
    body = [b for b in ex.blocks if not b.heading]
    assert body[0].text.startswith("الرباط، 14 مارس 2023 – افتتح صباح اليوم في العاصمة المغربية")
    assert body[0].text.endswith("من العالم العربي وأوروبا وأفريقيا.")
    assert body[-1].page == 2 and body[-1].text == (
        "ويختتم المعرض أعماله في الرابع والعشرين من الشهر الجاري بحفل لتوزيع جوائز الكتاب، التي تمنح في فئات "
        "الرواية والشعر والدراسات الإنسانية والترجمة.")
    assert [b.page for b in body] == [1, 1, 1, 1, 1, 2]
    for word in ("كلمة الافتتاح", "ورشات للأطفال", "طوال أيام الأسبوع", "والأساتذة", "آلاف الزوار", "ليلا"):
        assert word in text
    for broken in ("االفتتاح", "لألطفال", "األسبوع", "آالف"):
        assert broken not in text
    # The running head and the page numbers («صفحة 1») are gone; "Show original" keeps them.
    assert "النشرة الثقافية" not in text and "صفحة" not in text
    assert "النشرة الثقافية الأسبوعية" in ex.original and "— page 2 —" in ex.original


def test_chrome_skia_arabic_table_reads_in_logical_order():
    ex = read("arabic-chrome-skia.pdf")
    text = text_of(ex)
    for phrase in ("اسمي سلطان", "من اين انت؟", "انا من ولاية كارولينا الشمال", "عندي 47 قطط",
                   "اسمي Jeremy في الانجليزية", "هل انت شباك؟", "Jeremy is جرمي in Arabic"):
        assert phrase in text
    assert "مرحباً" in text  # the tanween, drawn apart and written first, back on its alef
    assert not any(ch in text for ch in PRESENTATION_FORMS)


def test_apple_cid_truetype_presentation_forms_are_ordinary_letters():
    ex = read("arabic-cid-truetype.pdf")
    assert text_of(ex) == " ".join(["انواع الخطوط العربية"] * 4)
    assert ex.date == "2011-07-05" and ex.date_evidence == "the PDF's creation date"


def test_a_naive_producers_mirrored_arabic_is_put_back_in_logical_order():
    """Generated (make_arabic_naive_ltr.py): letters written left to right in logical order, which
    PDFium returns in visual order («ةدعاقلا نم بحسنتس»)."""
    ex = read("arabic-naive-ltr.pdf")
    assert text_of(ex) == (
        "قال المتحدث باسم الوزارة إن القوات ستنسحب من القاعدة خلال أيام، في إطار الاتفاق الذي تم التوصل إليه "
        "على مستوى الوزراء في شهر أيار 2021. وأضاف أن لا تغيير في موقف الحكومة من هذه المسألة.")


# pdfminer.six's lines of arabic-chrome-skia.pdf and arabic-cid-truetype.pdf: real visual-order
# extractions, with presentation forms and no-break spaces, as that library returns them.
VISUAL = [
    ("\ufedd\ufe8e\ufee4\ufeb8\ufedf\ufe8d\xa0\ufe8e\ufee8\ufef4\ufedf\ufeed\ufead\ufe8e\ufedb\xa0\ufe94\ufef3"
     "\ufefb\ufeed\xa0\ufee6\ufee3\xa0\ufe8e\ufee7\ufe8d", "انا من ولاية كارولينا الشمال"),
    ("\u061f\ufe96\ufee7\ufe8d\xa0\ufee6\ufef3\ufe8d\xa0\ufee6\ufee3", "من اين انت؟"),
    ("\ufec2\ufec4\ufed7\xa047\xa0\ufef1\ufeaa\ufee8\ufecb", "عندي 47 قطط"),
    ("\ufe94\ufef3\ufeb0\ufef4\ufee0\ufea0\ufee7\ufefb\ufe8d\xa0\ufef2\ufed3\xa0Jeremy\xa0\ufef2\ufee4\ufeb3\ufe8d",
     "اسمي Jeremy في الانجليزية"),
    ("Jeremy\xa0is\xa0\ufef2\ufee3\ufeae\ufe9f\xa0in\xa0Arabic", "Jeremy is جرمي in Arabic"),
    ("\ufe94\ufef4\ufe91\ufeae\ufecc\ufedf\u0627 \u0637\ufeee\ufec4\ufccb\u0627 "
     "\u0639\u0627\ufeee\ufee7\u0627", "انواع الخطوط العربية"),
]


def test_real_visual_order_lines_are_reordered_then_folded():
    repaired = repair_lines([visual for visual, _ in VISUAL])
    assert [" ".join(line.split()) for line in repaired] == [logical for _, logical in VISUAL]
    # Reordering must come before folding: «ﻻ» folded first would read «والية» for «ولاية».
    assert "ولاية" in repaired[0] and "والية" not in repaired[0]


def test_logical_lines_are_left_alone_and_evidence_is_read_from_the_words():
    logical = ["قال المتحدث إن القوات ستنسحب من القاعدة", "وأضاف أن لا تغيير في الموقف.", "1234", "Hello"]
    assert repair_lines(logical) == logical
    good, bad = line_order_evidence("في البيت على الطاولة")
    assert good > bad
    assert fold_presentation_forms("\ufefb \ufdf2 \ufb01") == "لا الله fi"


def test_pdfminer_output_of_the_samples_is_repaired_too():
    """The repair is not tied to PDFium: pdfminer.six's visual-order text of the real files comes
    out right (pdfminer is only a measuring tool here, not a dependency)."""
    pdfminer = pytest.importorskip("pdfminer.high_level")
    text = pdfminer.extract_text(str(DATA / "arabic-chrome-skia.pdf"))
    lines = [" ".join(line.split()) for line in repair_lines(text.splitlines())]
    assert "انا من ولاية كارولينا الشمال" in lines and "عندي 47 قطط" in lines


def test_libreoffice_multilingual_page():
    ex = read("multilang-libreoffice.pdf")
    text = text_of(ex)
    assert "Arabic: مرحبا بالعالم" in text and "Russian: Привет, мир" in text
    assert ex.date == "2022-06-06"


# --------------------------------------------------------------------------------------------
# Files that cannot be read, and hostile bytes
# --------------------------------------------------------------------------------------------


def test_a_scan_without_a_text_layer_is_skipped_with_the_reason():
    with pytest.raises(NotText) as exc:
        read("scanned-fax-image.pdf")
    assert str(exc.value) == SCANNED == "no text layer (scanned image); OCR it first"


def test_a_password_protected_pdf_says_so():
    with pytest.raises(NotText) as exc:
        read("encrypted-aes256.pdf")
    assert str(exc.value) == ENCRYPTED == "password-protected PDF"


def test_a_pdf_with_a_corrupt_stream_still_gives_its_text():
    ex = read("damaged-zen-of-python.pdf")  # a landscape page printed two-up: text at 90 degrees
    text = text_of(ex)
    assert ex.blocks[0].text.startswith("Beautiful is better than ugly. Explicit is better than implicit.")
    assert "Namespaces are one honking great idea −− let’s do more of those!" in text
    assert _title("zen_of_python.txt") is None and ex.title == "damaged zen of python"


@pytest.mark.parametrize("data", [b"", b"%PDF-1.7\n", b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF",
                                  b"not a pdf at all" * 100, bytes(range(256)) * 40])
def test_garbage_is_refused_with_a_reason(data):
    with pytest.raises(NotText) as exc:
        read_pdf(data, Path("x.pdf"))
    assert str(exc.value) in (DAMAGED, SCANNED)


SAMPLES = sorted(p for p in DATA.glob("*.pdf"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sample=st.sampled_from(SAMPLES), cut=st.floats(0.0, 1.0), noise=st.binary(max_size=64),
       at=st.floats(0.0, 1.0))
def test_truncated_or_overwritten_pdfs_never_escape_or_hang(tmp_path_factory, sample, cut, noise, at):
    data = bytearray(sample.read_bytes())
    data = data[: int(len(data) * cut)] if cut < 0.95 else data
    if data and noise:
        i = int(at * (len(data) - 1))
        data[i : i + len(noise)] = noise
    path = tmp_path_factory.mktemp("hostile") / "file.pdf"
    path.write_bytes(bytes(data))
    start = time.monotonic()
    result = load_file(path, "file.pdf")
    assert time.monotonic() - start < 20
    assert isinstance(result, SourceFile | Skipped)
    if isinstance(result, Skipped):
        assert result.reason and "Error" not in result.reason  # a sentence, not a traceback name


def test_page_and_time_bounds_say_where_reading_stopped(monkeypatch):
    monkeypatch.setattr(pdf_module, "MAX_PAGES", 2)
    ex = read("campus-attacks.pdf")
    assert {b.page for b in ex.blocks} == {1, 2}
    assert ex.notes == ("only the first 2 of 4 pages were read",)
    monkeypatch.setattr(pdf_module, "MAX_PAGES", 2000)
    monkeypatch.setattr(pdf_module, "MAX_SECONDS", -1.0)
    ex = read("epa-mercury-summary.pdf")
    assert ex.blocks == () and ex.notes == ("reading stopped after 0 of 3 pages (time limit)",)


# --------------------------------------------------------------------------------------------
# The rules, on their own
# --------------------------------------------------------------------------------------------


def test_line_end_hyphenation():
    words = frozenset({"school", "related", "international", "known", "well"})
    assert join_lines(["the interna-", "tional community"], words) == "the international community"
    assert join_lines(["a well-known fact that", "holds"], words) == "a well-known fact that holds"
    assert join_lines(["of school-", "related violence"], words) == "of school-related violence"
    assert join_lines(["among Non-", "Hispanic whites"]) == "among Non-Hispanic whites"
    assert join_lines(["in 2006-", "08 the"]) == "in 2006-08 the"
    assert join_lines(["practi\ufffe", "tioners in"]) == "practitioners in"
    assert join_lines(["soft\u00ad", "ware"]) == "software"
    assert join_lines(["a dash -", "and more"]) == "a dash - and more"


def test_page_numbers_and_running_heads():
    for number in ("12", "Page 5", "- 5 -", "5 of 12", "xii", "صفحة ٥", "[3]"):
        assert is_page_number(number), number
    for text in ("2020 was a year", "Page five", "Table 3 shows"):
        assert not is_page_number(text), text
    left, right = "4 MMWR / January 14, 2011 / Vol. 60", "MMWR / January 14, 2011 / Vol. 60 5"
    assert running_key(left) == running_key(right) == "mmwr / january #, # / vol."
    assert running_key("Campus Attacks Page 5") == running_key("Campus Attacks Page 8") == "campus attacks"


def test_continuation_over_a_page_break():
    assert continues("the lowest mean of WC", "values for each of the two")
    assert continues("a paragraph cut at interna-", "tional")
    assert not continues("a full sentence.", "A new paragraph")
    assert not continues("FIGURE 1. Median household income", "Premature mortality. YPLL before")
    assert continues("في إطار الاتفاق الذي تم التوصل إليه على", "مستوى الوزراء")
    assert not continues("وأوضح أن الأسعار ارتفعت.", "ويختتم المعرض أعماله")


def test_information_titles_that_are_not_titles():
    assert _title("Microsoft Word - draft3.docx") is None
    assert _title("10811.exe") is None and _title("untitled") is None and _title("report_final_v2") is None
    assert _title("PDF Example Document") == "PDF Example Document"
    assert _title("Microsoft Word - Annual Report on Yemen") == "Annual Report on Yemen"


# --------------------------------------------------------------------------------------------
# Through the scan and the command line
# --------------------------------------------------------------------------------------------


@pytest.fixture()
def pdf_corpus(tmp_path):
    for name in ("arabic-weasyprint.pdf", "epa-mercury-summary.pdf", "scanned-fax-image.pdf",
                 "encrypted-aes256.pdf"):
        shutil.copy(DATA / name, tmp_path / name)
    return tmp_path


def test_scan_lists_pdf_articles_with_pages_and_skip_reasons(pdf_corpus):
    corpus = scan_corpus(pdf_corpus)
    by_id = {d.id: d for d in corpus.documents}
    arabic = by_id["arabic-weasyprint#01"]
    assert arabic.language == "ar" and arabic.encoding == "pdf" and arabic.date.value == "2023-03-14"
    assert [p.page for p in arabic.paragraphs] == [1, 1, 1, 1, 1, 2]
    assert {p.direction for p in arabic.paragraphs} == {"rtl"}
    epa = by_id["epa-mercury-summary#01"]
    assert epa.language == "en" and epa.paragraphs[0].page == 1 and epa.paragraphs[-1].page == 3
    assert sorted((s.path, s.reason) for s in corpus.skipped) == [
        ("encrypted-aes256.pdf", "password-protected PDF"),
        ("scanned-fax-image.pdf", "no text layer (scanned image); OCR it first"),
    ]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "reader", *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=REPO, env=dict(os.environ), timeout=120)


def test_show_json_paragraphs_carry_their_page(pdf_corpus):
    scan = run_cli("scan", str(pdf_corpus))
    assert scan.returncode == 0, scan.stderr
    assert "arabic-weasyprint#01" in scan.stdout
    assert "skipped scanned-fax-image.pdf: no text layer (scanned image); OCR it first" in scan.stderr
    shown = run_cli("show", "arabic-weasyprint#01", "--json", str(pdf_corpus))
    assert shown.returncode == 0, shown.stderr
    data = json.loads(shown.stdout)
    assert data["title"] == "مهرجان الكتاب في الرباط يستقبل آلاف الزوار"
    assert [p["page"] for p in data["paragraphs"]] == [1, 1, 1, 1, 1, 2]
    assert data["paragraphs"][-1]["text"].startswith("ويختتم المعرض أعماله")
