"""Reading fonts: one place that decides which typefaces carry English and Arabic text.

Why a module of its own: the reading pane, the parallel view and exports must agree on fonts, or
the same paragraph changes shape between panes. We ship Noto Naskh Arabic (a book-style Naskh that
Qt shapes with HarfBuzz: joining, lam-alef, marks) because many Linux and Windows machines have no
good Arabic reading face and would otherwise fall back to a UI sans. Every font is a *chain*
(``QFont.setFamilies``): Qt takes each character from the first family that has it, so Latin words
inside an Arabic paragraph, or an Arabic name inside an English one, still get a proper face.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase

from reader.paths import resources_dir

log = logging.getLogger(__name__)

# The order the brief fixed: the bundled Naskh first, then good Arabic faces users may have, then
# UI fonts with Arabic coverage (macOS, Windows, Linux) as a last resort.
ARABIC_FAMILIES: list[str] = [
    "Noto Naskh Arabic",
    "Amiri",
    "Scheherazade New",
    "Geeza Pro",
    "Segoe UI",
    "Tahoma",
    "DejaVu Sans",
]

# A serif for long reading. Charter and Georgia exist on macOS / Windows; on a bare Linux box with
# only Noto and DejaVu, Noto Serif wins (it is lighter and narrower than DejaVu Serif, which stays
# as the fallback because it covers almost every Latin, Greek and Cyrillic character).
LATIN_FAMILIES: list[str] = [
    "Charter",
    "Bitstream Charter",
    "Georgia",
    "Noto Serif",
    "Source Serif 4",
    "Cambria",
    "DejaVu Serif",
    "Times New Roman",
    "serif",
]

# Naskh has a small x-height next to Latin faces: at equal point size Arabic reads a size smaller.
ARABIC_SCALE = 1.2
DEFAULT_POINT_SIZE = 12.0

_BUNDLED = ("NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf")
_registered: list[str] | None = None


def register_bundled_fonts() -> list[str]:
    """Add the shipped fonts to Qt's font database (once per process); returns their families.

    Needs a ``QGuiApplication``. A missing or broken font file is logged, not raised: the chains
    below still fall back to whatever the system has.
    """
    global _registered
    if _registered is not None:
        return list(_registered)
    families: list[str] = []
    folder = resources_dir() / "fonts"
    for name in _BUNDLED:
        path = folder / name
        font_id = QFontDatabase.addApplicationFont(str(path)) if path.is_file() else -1
        if font_id < 0:
            log.warning("could not load bundled font %s", path)
            continue
        for family in QFontDatabase.applicationFontFamilies(font_id):
            if family not in families:
                families.append(family)
    _registered = families
    return list(families)


def font_chain(language: str) -> list[str]:
    """The family chain for a paragraph language (``ar``, ``en`` or ``other``).

    Arabic paragraphs list the Arabic book faces, then the Latin reading serif (so an English name
    inside Arabic text is set in the same serif as the English articles, not in a UI sans), then
    the UI fonts with Arabic coverage. Latin paragraphs end with the Arabic chain for the reverse.
    """
    if language == "ar":
        book, ui = ARABIC_FAMILIES[:4], ARABIC_FAMILIES[4:]
        return [*book, *LATIN_FAMILIES[:-1], *ui, "serif"]
    return [*LATIN_FAMILIES[:-1], *ARABIC_FAMILIES, "serif"]


def reading_font(language: str, base_point_size: float = DEFAULT_POINT_SIZE, zoom: float = 1.0) -> QFont:
    """The reading font for ``language`` at ``base_point_size`` scaled by ``zoom`` (a factor).

    Arabic is set ``ARABIC_SCALE`` larger so both scripts look the same size on the page.
    """
    size = base_point_size * zoom * (ARABIC_SCALE if language == "ar" else 1.0)
    font = QFont()
    font.setFamilies(font_chain(language))
    font.setPointSizeF(max(4.0, size))
    font.setStyleHint(QFont.StyleHint.Serif)
    return font
