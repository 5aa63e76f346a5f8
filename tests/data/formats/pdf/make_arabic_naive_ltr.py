"""Make arabic-naive-ltr.pdf: Arabic written the way a naive PDF producer writes it.

A generator without bidi support (old FPDF/TCPDF set-ups, reportlab without a bidi step) writes
the letters in logical order, unshaped, from left to right: the page then shows each line
mirrored, and a text extractor that reorders right-to-left runs by position (PDFium) returns
them in visual order («ةدعاقلا نم» for «من القاعدة»). Kept small by embedding a subset of
DejaVu Sans (Bitstream Vera licence) with just the letters used.

    python make_arabic_naive_ltr.py  # needs pypdfium2 and fontTools
"""

from __future__ import annotations

import ctypes
import io
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from fontTools import subset
from fontTools.ttLib import TTFont

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
LINES = [
    "قال المتحدث باسم الوزارة إن القوات ستنسحب من القاعدة",
    "خلال أيام، في إطار الاتفاق الذي تم التوصل إليه على",
    "مستوى الوزراء في شهر أيار 2021.",
    "وأضاف أن لا تغيير في موقف الحكومة من هذه المسألة.",
]


def subset_font() -> bytes:
    font = TTFont(FONT)
    options = subset.Options()
    options.layout_features = []
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(LINES) + " ")
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def main() -> None:
    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(420, 200)
    data = subset_font()
    buffer = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
    font = pdfium_c.FPDFText_LoadFont(pdf, buffer, len(data), pdfium_c.FPDF_FONT_TRUETYPE, True)
    for k, line in enumerate(LINES):
        obj = pdfium_c.FPDFPageObj_CreateTextObj(pdf, font, 12)
        text = ctypes.create_string_buffer((line + "\0").encode("utf-16-le"))
        pdfium_c.FPDFText_SetText(obj, ctypes.cast(text, ctypes.POINTER(pdfium_c.FPDF_WCHAR)))
        pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, 30, 160 - 18 * k)
        pdfium_c.FPDFPage_InsertObject(page.raw, obj)
    pdfium_c.FPDFPage_GenerateContent(page.raw)
    pdf.save(Path(__file__).with_name("arabic-naive-ltr.pdf"))


if __name__ == "__main__":
    main()
