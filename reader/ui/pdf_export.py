"""The user's notes as a PDF: Arabic shaped and right-aligned, English left-aligned, on A4.

Why Qt and not a Python PDF library: Qt lays text out with HarfBuzz, the same shaper the reading
pane uses, so Arabic letters join (lam-alef, final forms, marks) exactly as on screen, and the
bundled Noto Naskh Arabic is embedded as a font subset. Pure-Python PDF writers need the text
pre-shaped and visually reordered, which breaks copy-paste and search in the PDF.

How it is built, and why:

* A ``QTextDocument`` filled through ``QTextCursor`` (``insertBlock`` / ``insertText``), never
  from HTML: article text and notes may contain ``<`` or ``&``, and building markup from them
  would be an injection bug. Every paragraph is its own block whose layout direction and
  alignment come from :func:`reader.text.script.direction_of` (majority of letters), because
  Qt's own guess from the first strong character sets ``(AFP) قال ...`` left-to-right.
* Fonts come from :mod:`reader.ui.fonts` (the same chains as the reading pane): an Arabic block
  starts with Noto Naskh Arabic, a Latin block with the reading serif, each falling back to the
  other script's faces for embedded names. Arabic is set at the reading pane's scale
  (``ARABIC_SCALE``), Arabic words inside a Latin block too, so a Naskh name in an English note
  is not a size smaller than the words around it.
* Each quote's meta line carries its locator (``¶ 3``, :func:`reader.store.exports.locator`). The
  meta line is our own left-to-right line, whatever the colour label's script: the label is
  isolated and each Arabic tag is :func:`reader.store.exports.hashtag`, so "#وسم" keeps its "#"
  first as in the notes list.
* A highlight carried across translations prints the other version's quote after its own ("In
  the Arabic version (¶ 3):"), in a paler tint of the same colour, as the reading pane draws it.
* ``QTextDocument.print_`` paginates onto a ``QPdfWriter`` (A4, 2 cm margins from Qt's print
  routine, page numbers at the foot). The PDF is written to memory first (:func:`pdf_bytes`) and
  then to disk atomically, so a failure never leaves half a file and disk errors surface as
  ``OSError``. Nothing here needs the GUI thread once the application exists and the bundled
  fonts are registered (``QTextDocument`` and painting on a ``QPdfWriter`` are reentrant), so
  the app builds its PDF on a worker thread.

Order and wording (grouping, date provenance, colour labels, orphan section) are shared with the
Markdown and CSV exports through :func:`reader.store.exports.plan_export`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)

from reader.fileio import atomic_write
from reader.ingest.model import Document
from reader.store.exports import (
    ORPHANS_HEADING,
    ArticleGroup,
    Counterpart,
    arabic_runs,
    colour_label,
    date_label,
    direction_blocks,
    hashtag,
    isolate,
    locator,
    plan_export,
)
from reader.store.model import DEFAULT_PALETTE, Annotation, Colour
from reader.text.script import direction_of
from reader.ui.fonts import reading_font, register_bundled_fonts

__all__ = ["build_document", "ensure_gui_application", "export_pdf", "pdf_bytes", "render_pdf"]

BODY_PT = 10.5
META_PT = 8.5
TITLE_PT = 14.0
HEADING_PT = 18.0
RESOLUTION_DPI = 300
QUOTE_TINT = 0.28  # share of the highlight colour in a quote's background (the rest is white)
COUNTERPART_TINT = 0.12  # the other version's quote: the same colour, paler
LINE_SEPARATOR = "\u2028"  # a line break inside one block (keeps one direction per paragraph)

_keep_alive: list[QGuiApplication] = []


def ensure_gui_application() -> QGuiApplication:
    """The running ``QGuiApplication``, or a new offscreen one (fonts and layout need one).

    The CLI calls this without a display: the ``offscreen`` platform is the default then, unless
    ``QT_QPA_PLATFORM`` says otherwise.
    """
    app = QGuiApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication([sys.argv[0] if sys.argv and sys.argv[0] else "corpus-reader"])
        _keep_alive.append(app)
    if not isinstance(app, QGuiApplication):
        raise RuntimeError("PDF export needs a QGuiApplication, but a non-GUI QCoreApplication is running")
    return app


class _Writer:
    """Appends blocks to a QTextDocument; each block gets its own direction, font and spacing."""

    def __init__(self, doc: QTextDocument) -> None:
        self.doc = doc
        self.cursor = QTextCursor(doc)
        self.first = True
        self._fonts: dict[tuple[str, float], QFont] = {}

    def _font(self, language: str, size: float) -> QFont:
        key = (language, size)
        if key not in self._fonts:
            self._fonts[key] = reading_font(language, size)
        return self._fonts[key]

    def block(
        self,
        text: str,
        *,
        size: float = BODY_PT,
        bold: bool = False,
        italic: bool = False,
        colour: str | None = None,
        direction: str | None = None,
        background: QColor | None = None,
        top: float = 0.0,
        bottom: float = 4.0,
        indent: float = 0.0,
        prefix: tuple[str, str] | None = None,
    ) -> None:
        """One paragraph. ``direction`` None = decided from the text; ``prefix`` = (text, rgb)
        inserted first in its own colour (the colour swatch before a label)."""
        rtl = (direction or direction_of(text)) == "rtl"
        bf = QTextBlockFormat()
        bf.setLayoutDirection(Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
        side = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
        bf.setAlignment(side | Qt.AlignmentFlag.AlignAbsolute)
        bf.setTopMargin(top)
        bf.setBottomMargin(bottom)
        bf.setLeftMargin(indent)
        bf.setRightMargin(indent)
        if background is not None:
            bf.setBackground(QBrush(background))
        cf = QTextCharFormat()
        cf.setFont(self._font("ar" if rtl else "en", size),
                   QTextCharFormat.FontPropertiesInheritanceBehavior.FontPropertiesAll)
        if bold:
            cf.setFontWeight(QFont.Weight.Bold)
        if italic:
            cf.setFontItalic(True)
        cf.setForeground(QBrush(QColor(colour or "#202020")))
        if self.first:
            self.cursor.setBlockFormat(bf)
            self.cursor.setBlockCharFormat(cf)
            self.first = False
        else:
            self.cursor.insertBlock(bf, cf)
        if prefix is not None:
            swatch = QTextCharFormat(cf)
            swatch.setForeground(QBrush(QColor(prefix[1])))
            self.cursor.insertText(prefix[0], swatch)
        # Plain text only: insertText never interprets markup. Newlines become line separators
        # (a "\n" would silently start a new block with this block's format).
        text = text.replace("\r\n", "\n").replace("\n", LINE_SEPARATOR)
        done = 0
        if not rtl:  # Arabic words in a Latin paragraph: the Arabic faces at the Arabic scale
            arabic = QTextCharFormat(cf)
            arabic.setFontFamilies(self._font("ar", size).families())
            arabic.setFontPointSize(self._font("ar", size).pointSizeF())
            for start, end in arabic_runs(text):
                if start > done:
                    self.cursor.insertText(text[done:start], cf)
                self.cursor.insertText(text[start:end], arabic)
                done = end
        self.cursor.insertText(text[done:], cf)

    def paragraphs(self, text: str, **kwargs: object) -> None:
        """Each paragraph of ``text`` as its own block, each in the direction of its own script
        (a paragraph whose lines change script is cut there: :func:`direction_blocks`)."""
        parts = direction_blocks(text) or [(text.strip(), False)]
        for i, (part, rtl) in enumerate(parts):
            extra = dict(kwargs)
            if i < len(parts) - 1:
                extra["bottom"] = 2.0
            self.block(part, direction="rtl" if rtl else "ltr", **extra)  # type: ignore[arg-type]


def _tint(rgb: str, share: float = QUOTE_TINT) -> QColor:
    colour = QColor(rgb)
    if not colour.isValid():
        colour = QColor("#C8C8C8")
    mix = lambda c: round(255 - (255 - c) * share)  # noqa: E731 - a tiny local formula
    return QColor(mix(colour.red()), mix(colour.green()), mix(colour.blue()))


def _rgb(slot: int | None, palette: Sequence[Colour]) -> str:
    for source in (palette, DEFAULT_PALETTE):
        for c in source:
            if c.slot == slot:
                return c.rgb
    return "#C8C8C8"


def _annotation(
    w: _Writer, a: Annotation, palette: Sequence[Colour], doc: Document | None,
    counterparts: Sequence[Counterpart] = (),
) -> None:
    if a.anchor is None:
        label = "Article note"
        swatch = None
    else:
        label = colour_label(a.colour, palette) or "Highlight"
        swatch = ("■ ", _rgb(a.colour, palette))
    bits = [isolate(label)]
    if where := locator(a, doc):
        bits.append(where)
    if a.tags:
        bits.append(" ".join(hashtag(t) for t in a.tags))
    if a.state == "moved":
        bits.append("(found again after the article changed)")
    w.block("  ·  ".join(bits), size=META_PT + 0.5, bold=True, colour="#404040", direction="ltr",
            top=8.0, bottom=3.0, prefix=swatch)
    if a.anchor is not None:
        w.paragraphs(a.anchor.quote, background=_tint(_rgb(a.colour, palette)), indent=12.0, bottom=4.0)
    for other in counterparts:
        w.block(other.label, size=META_PT, italic=True, colour="#606060", direction="ltr", bottom=2.0,
                indent=12.0)
        w.paragraphs(other.quote, background=_tint(_rgb(a.colour, palette), COUNTERPART_TINT), indent=12.0,
                     bottom=4.0)
    if a.note.strip():
        w.paragraphs(a.note, bottom=4.0)


def _article(
    w: _Writer, group: ArticleGroup, palette: Sequence[Colour], counterparts: Mapping[str, list[Counterpart]]
) -> None:
    w.block(group.title, size=TITLE_PT, bold=True, top=16.0, bottom=2.0)
    meta = [f"Date: {date_label(group.doc)}", f"Article: {group.doc_id}"]
    if group.doc is not None:
        meta.append(f"Source: {group.doc.source}")
    w.block("   ·   ".join(meta), size=META_PT, colour="#606060", direction="ltr", bottom=4.0)
    for a in (*group.notes, *group.highlights):
        _annotation(w, a, palette, group.doc, counterparts.get(a.uuid, ()))


def build_document(
    annotations: Iterable[Annotation],
    documents: Mapping[str, Document],
    palette: Sequence[Colour] = DEFAULT_PALETTE,
    *,
    heading: str = "Notes from Corpus Reader",
    counterparts: Iterable[Annotation] | None = None,
) -> QTextDocument:
    """The notes as a QTextDocument (also usable for an on-screen preview or printing).

    ``counterparts``: where to look for the linked highlights of carried ones besides
    ``annotations`` (see :func:`reader.store.exports.export_markdown`).
    """
    ensure_gui_application()
    register_bundled_fonts()
    plan = plan_export(annotations, documents, counterparts)
    doc = QTextDocument()
    doc.setUndoRedoEnabled(False)
    doc.setDefaultFont(reading_font("en", BODY_PT))
    w = _Writer(doc)
    w.block(heading, size=HEADING_PT, bold=True, direction="ltr", bottom=2.0)
    n_articles = len(plan.articles)
    summary = (f"{plan.count} annotation{'s' if plan.count != 1 else ''} on {n_articles} "
               f"article{'s' if n_articles != 1 else ''}")
    if plan.orphans:
        summary += f"; {len(plan.orphans)} orphaned"
    w.block(summary, size=META_PT, colour="#606060", direction="ltr", bottom=6.0)
    for group in plan.articles:
        _article(w, group, palette, plan.counterparts)
    if plan.orphans:
        w.block(ORPHANS_HEADING, size=TITLE_PT, bold=True, direction="ltr", top=20.0, bottom=2.0)
        w.block("These highlights' text is no longer in their article; quote and note are kept.",
                size=META_PT, colour="#606060", direction="ltr", bottom=4.0)
        for a in plan.orphans:
            source = documents.get(a.doc_id)
            where = f"{isolate(source.title.strip())} ({a.doc_id})" if source is not None else a.doc_id
            w.block(f"From: {where}", size=META_PT, colour="#606060", top=8.0, bottom=0.0)
            _annotation(w, a, palette, source, plan.counterparts.get(a.uuid, ()))
    return doc


def render_pdf(doc: QTextDocument, *, title: str = "Notes from Corpus Reader") -> bytes:
    """``doc`` printed to an A4 PDF, returned as bytes."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    # QTextDocument.print_ adds 2 cm margins inside the writer's page and prints page numbers
    # in the bottom one; writer margins on top of that would only waste paper.
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    writer.setResolution(RESOLUTION_DPI)
    writer.setTitle(title)
    writer.setCreator("Corpus Reader")
    doc.print_(writer)
    del writer  # finishes the PDF (trailer, cross-reference table) into the buffer
    buffer.close()
    return bytes(data.data())


def export_pdf(
    annotations: Iterable[Annotation],
    documents: Mapping[str, Document],
    palette: Sequence[Colour],
    path: str | os.PathLike[str],
    *,
    heading: str = "Notes from Corpus Reader",
    counterparts: Iterable[Annotation] | None = None,
) -> Path:
    """Write the notes as a PDF to ``path`` (atomically); returns the path.

    Raises ``OSError`` when the file cannot be written, ``RuntimeError`` when Qt produced no PDF.
    """
    data = pdf_bytes(annotations, documents, palette, heading=heading, counterparts=counterparts)
    return atomic_write(path, data, make_parents=False)


def pdf_bytes(
    annotations: Iterable[Annotation],
    documents: Mapping[str, Document],
    palette: Sequence[Colour] = DEFAULT_PALETTE,
    *,
    heading: str = "Notes from Corpus Reader",
    counterparts: Iterable[Annotation] | None = None,
) -> bytes:
    """The notes as the bytes of a PDF file (what :func:`export_pdf` writes).

    Raises ``RuntimeError`` when Qt produced no PDF.
    """
    document = build_document(annotations, documents, palette, heading=heading, counterparts=counterparts)
    pdf = render_pdf(document, title=heading)
    if not pdf.startswith(b"%PDF"):
        raise RuntimeError("Qt did not produce a PDF")
    return pdf
