"""The PDF export: Arabic shaped and right-aligned, English left-aligned, text never read as markup.

Text extraction (``pdftotext``) and the page-1 picture (``pdftoppm``) come from poppler-utils when
installed; without them the test still checks the PDF's structure and its embedded fonts. The
picture is kept as a test artifact (``$CORPUS_READER_ARTIFACTS`` or the test's temp folder).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from reader.store.db import open_store
from reader.text.script import direction_of
from reader.ui.pdf_export import build_document, export_pdf

ARABIC_PHRASE = "الردّ الأميركي السريع على الهجوم الصاروخي"
ENGLISH_NOTE = "Compare with <script>alert(1)</script> & the English coverage."


@pytest.fixture
def notes(tmp_path: Path, bundled_corpus):
    docs = {d.id: d for d in bundled_corpus.documents}
    ar = next(d for d in bundled_corpus.documents if d.title.startswith("«حفلة الجنون»"))
    en = docs["000_6e14188510fd6a63#01"]
    store = open_store(tmp_path / "annotations.sqlite3", auto_backup=False)
    start = ar.text.index(ARABIC_PHRASE)
    store.add_highlight(ar, start, start + len(ARABIC_PHRASE) + 20, 3, note="ملاحظة: ردّ سريع ومدروس.",
                        tags=["وسم", "iraq"])
    p = en.paragraphs[0]
    store.add_highlight(en, p.start, p.start + 60, 1, note=ENGLISH_NOTE, tags=["intro"])
    yield store.all(), docs, store.palette(), en.paragraphs[0].text[:60]
    store.close()


def test_document_blocks_follow_the_direction_of_their_text(qapp, notes) -> None:
    annotations, docs, palette, _ = notes
    doc = build_document(annotations, docs, palette)
    assert ENGLISH_NOTE in doc.toPlainText(), "inserted as text: markup stays visible characters"
    seen = {"rtl": 0, "ltr": 0}
    block = doc.begin()
    while block.isValid():
        text = block.text()
        if text.strip() and not text.startswith(("Date:", "■", "Article note")):
            want = direction_of(text)
            rtl = block.blockFormat().layoutDirection() == Qt.LayoutDirection.RightToLeft
            assert rtl == (want == "rtl"), text
            if rtl:
                assert block.blockFormat().alignment() & Qt.AlignmentFlag.AlignRight
            seen[want] += 1
        block = block.next()
    assert seen["rtl"] >= 3 and seen["ltr"] >= 3  # title, quote, note of each language


def test_pdf_is_written_with_shaped_arabic(qapp, notes, tmp_path: Path) -> None:
    annotations, docs, palette, english_quote = notes
    target = tmp_path / "notes.pdf"
    assert export_pdf(annotations, docs, palette, target) == target
    data = target.read_bytes()
    assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
    assert len(data) > 10_000
    assert b"NotoNaskhArabic" in data, "the bundled Naskh is embedded for the Arabic"
    assert not list(tmp_path.glob(".notes.pdf.*")), "no temporary file left behind"

    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(target), "-"], capture_output=True,
                              text=True, encoding="utf-8", timeout=60, check=True).stdout
        flat = " ".join(text.split())
        assert english_quote.split()[0] in flat and "Compare with <script>alert(1)</script>" in flat
        # Qt maps shaped glyphs back to Arabic presentation forms (initial, medial, final): their
        # presence shows the letters were joined; NFKC folds them back to the plain letters.
        assert any("\ufe70" <= ch <= "\ufeff" for ch in text), "Arabic was not shaped"
        folded = unicodedata.normalize("NFKC", text)
        for word in ("الصاروخي", "الهجوم", "ومدروس"):  # no lam-alef: its ligature glyph maps to alef only
            assert word in folded or word[::-1] in folded, word

    if shutil.which("pdftoppm"):
        folder = Path(os.environ.get("CORPUS_READER_ARTIFACTS", tmp_path))
        folder.mkdir(parents=True, exist_ok=True)
        stem = folder / "notes_pdf_page1"
        subprocess.run(["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", "-singlefile", str(target),
                        str(stem)], check=True, timeout=60)
        png = stem.with_suffix(".png")
        assert png.read_bytes().startswith(b"\x89PNG")


def test_unwritable_target_raises_oserror(qapp, notes, tmp_path: Path) -> None:
    annotations, docs, palette, _ = notes
    with pytest.raises(OSError):
        export_pdf(annotations, docs, palette, tmp_path / "missing-folder" / "notes.pdf")
