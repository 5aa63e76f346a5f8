"""The self-test's check that every file format reads in this build (issue 15).

Why generated files: the frozen app must prove that each format's library came along (trafilatura
and its data files, PDFium's native library, python-docx's templates, lxml), and a file made on the
spot is the smallest proof. The PDF is written with Qt's own PDF writer, which the app has anyway.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

ENGLISH = (
    "Officials in Basra said on Monday that the new water plant would open next month, after two years "
    "of delays caused by shortages of pipes and pumps."
)
ARABIC = "قال مسؤولون في البصرة يوم الاثنين إن محطة المياه الجديدة ستفتتح الشهر المقبل بعد تأخير دام عامين."
TITLE = "Basra water plant to open"

# File name -> words that must come out near the start of its clean text.
EXPECTED = {
    "page.html": "Officials in Basra",
    "notes.md": "Officials in Basra",
    "letter.docx": "Officials in Basra",
    "book.epub": "Officials in Basra",
    "report.pdf": "Officials in Basra",
}


def write_samples(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    paragraphs = [ENGLISH, ARABIC, ENGLISH.replace("Basra", "Najaf"), ENGLISH.replace("Basra", "Mosul")]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    (folder / "page.html").write_text(
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{TITLE}</title></head><body>"
        f"<nav><a href='/'>Home</a></nav><article><h1>{TITLE}</h1>{body}</article>"
        "<footer>© News site</footer></body></html>", encoding="utf-8")
    (folder / "notes.md").write_text(f"# {TITLE}\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    _docx(folder / "letter.docx", paragraphs)
    _epub(folder / "book.epub", paragraphs)
    _pdf(folder / "report.pdf", paragraphs)


def _docx(path: Path, paragraphs: list[str]) -> None:
    import docx

    document = docx.Document()
    document.add_heading(TITLE, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))


def _epub(path: Path, paragraphs: list[str]) -> None:
    chapter = "".join(f"<p>{p}</p>" for p in paragraphs)
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")
        z.writestr("META-INF/container.xml",
                   '<?xml version="1.0"?><container version="1.0" '
                   'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
                   '<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
                   "</rootfiles></container>")
        z.writestr("OEBPS/content.opf",
                   '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" '
                   'unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
                   f'<dc:identifier id="id">selftest</dc:identifier><dc:title>{TITLE}</dc:title>'
                   "<dc:language>en</dc:language></metadata><manifest>"
                   '<item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/></manifest>'
                   '<spine><itemref idref="c1"/></spine></package>')
        z.writestr("OEBPS/c1.xhtml",
                   '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml">'
                   f"<head><title>{TITLE}</title></head><body><h1>{TITLE}</h1>{chapter}</body></html>")


def _pdf(path: Path, paragraphs: list[str]) -> None:
    from PySide6.QtGui import QPageSize, QPdfWriter, QTextDocument

    writer = QPdfWriter(str(path))
    writer.setTitle(TITLE)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A5))
    document = QTextDocument()
    document.setPlainText("\n\n".join([TITLE, *paragraphs]))
    document.print_(writer)
