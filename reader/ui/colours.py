"""Colour helpers shared by every custom-painted view (delegates, timeline), so all of them follow
the active palette (light, sepia, dark) the same way; and the colour maths of the reading page
(WCAG contrast, the tints of highlights and of the paragraph band), which is theme arithmetic,
not widget code.
"""

from __future__ import annotations

import colorsys
from functools import lru_cache
from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

if TYPE_CHECKING:  # the theme module uses this one's contrast maths
    from reader.ui.theme import Theme

# How much of a palette colour goes into a highlight's background, per theme (the rest is the
# page); lowered step by step until the page's text keeps at least MIN_HIGHLIGHT_CONTRAST.
HIGHLIGHT_STRENGTH = {"light": 0.62, "sepia": 0.55, "dark": 0.42}
MIN_HIGHLIGHT_CONTRAST = 6.0
DARK_HIGHLIGHT_SATURATION = 0.55  # dark-theme highlights: vivid enough to tell eight apart, no glare
# The paragraph band (a paragraph and its counterpart in the side-by-side view): this much of the
# selection colour mixed into the page. Faint on purpose: it says "these belong together" while
# the reader reads through it, and search matches and highlights stay clearly above it.
BAND_STRENGTH = {"light": 0.26, "sepia": 0.34, "dark": 0.42}


def mix(a: QColor, b: QColor, t: float) -> QColor:
    """``a`` moved ``t`` of the way towards ``b``: muted text is text mixed into its background."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
    )


def item_colours(opt: QStyleOptionViewItem) -> tuple[QColor, QColor]:
    """(text, background) of a view row in its current state: selected, inactive or disabled."""
    enabled = opt.state & QStyle.StateFlag.State_Enabled
    group = QPalette.ColorGroup.Normal if enabled else QPalette.ColorGroup.Disabled
    if group == QPalette.ColorGroup.Normal and not opt.state & QStyle.StateFlag.State_Active:
        group = QPalette.ColorGroup.Inactive
    if opt.state & QStyle.StateFlag.State_Selected:
        return (
            opt.palette.color(group, QPalette.ColorRole.HighlightedText),
            opt.palette.color(group, QPalette.ColorRole.Highlight),
        )
    return (
        opt.palette.color(group, QPalette.ColorRole.Text),
        opt.palette.color(group, QPalette.ColorRole.Base),
    )


def scaled_font(font: QFont, factor: float, *, floor_pt: float = 7.0, floor_px: int = 9) -> QFont:
    """A copy of ``font`` scaled by ``factor``, whether it is sized in points or pixels."""
    scaled = QFont(font)
    if font.pointSizeF() > 0:
        scaled.setPointSizeF(max(floor_pt, font.pointSizeF() * factor))
    else:
        scaled.setPixelSize(max(floor_px, round(font.pixelSize() * factor)))
    return scaled


def _luminance(colour: QColor) -> float:
    """WCAG relative luminance."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = channel(colour.redF()), channel(colour.greenF()), channel(colour.blueF())
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@lru_cache(maxsize=256)
def _tint(rgb: str, background: str, text: str, strength: float) -> str:
    page, colour, ink = QColor(background), QColor(rgb), QColor(text)
    if not colour.isValid():
        colour = QColor("#c8c8c8")
    while True:
        mixed = QColor.fromRgbF(
            page.redF() + (colour.redF() - page.redF()) * strength,
            page.greenF() + (colour.greenF() - page.greenF()) * strength,
            page.blueF() + (colour.blueF() - page.blueF()) * strength,
        )
        if strength <= 0.2 or contrast_ratio(mixed, ink) >= MIN_HIGHLIGHT_CONTRAST:
            return mixed.name()
        strength -= 0.04


def band_background(theme: Theme) -> QColor:
    """The page colour of the paragraph band on ``theme``: a faint tint of the selection colour."""
    strength = BAND_STRENGTH.get(theme.name, 0.3)
    return QColor(_tint(theme.selection, theme.background, theme.text, strength))


def highlight_background(rgb: str, theme: Theme) -> QColor:
    """The page colour of a highlight in palette colour ``rgb`` on ``theme``.

    Why a tint and not the palette colour itself: the saturated palette colours glare on a light
    page and swallow the light text of the dark theme. The colour is mixed into the page by a
    per-theme strength and lightened further until the theme's text keeps a contrast of at least
    ``MIN_HIGHLIGHT_CONTRAST``; the text colour itself is never changed. Opaque, so overlapping
    highlights and the search matches drawn above them do not blend into mud.
    """
    if theme.dark:
        return QColor(_dark_tint(rgb, theme.text))
    strength = HIGHLIGHT_STRENGTH.get(theme.name, 0.5)
    return QColor(_tint(rgb, theme.background, theme.text, strength))


@lru_cache(maxsize=256)
def _dark_tint(rgb: str, text: str) -> str:
    """A dark highlight that keeps its hue: the palette colour's hue at a capped saturation, as
    light as the light text allows (MIN_HIGHLIGHT_CONTRAST).

    Mixing into a dark page, as the light themes do, greys the eight colours out until "Actor" and
    "Claim" cannot be told apart (a CIE76 distance of 7.5); keeping hue and saturation keeps every
    pair at 12 or more.
    """
    colour, ink = QColor(rgb), QColor(text)
    if not colour.isValid():
        colour = QColor("#c8c8c8")
    hue, _lightness, saturation = colorsys.rgb_to_hls(colour.redF(), colour.greenF(), colour.blueF())
    saturation = min(saturation, DARK_HIGHLIGHT_SATURATION)
    lightness = 0.45
    while True:
        mixed = QColor.fromRgbF(*colorsys.hls_to_rgb(hue, lightness, saturation))
        if lightness <= 0.1 or contrast_ratio(mixed, ink) >= MIN_HIGHLIGHT_CONTRAST:
            return mixed.name()
        lightness -= 0.01
