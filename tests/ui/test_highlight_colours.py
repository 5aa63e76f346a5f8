"""The eight highlight colours stay apart in every theme, and the text on them stays readable
(issue 14, item 11: in the dark theme "Actor" and "Claim" looked the same)."""

from __future__ import annotations

import itertools
import math

import pytest
from PySide6.QtGui import QColor

from reader.store.model import DEFAULT_PALETTE
from reader.ui.colours import MIN_HIGHLIGHT_CONTRAST, contrast_ratio, highlight_background
from reader.ui.theme import THEMES, get_theme

MIN_DISTANCE = 12.0  # CIE76 ΔE: clearly different at a glance, side by side on a page


def lab(colour: QColor) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of an sRGB colour."""
    def linear(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in (colour.redF(), colour.greenF(), colour.blueF()))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


@pytest.mark.parametrize("name", sorted(THEMES))
def test_every_pair_of_highlight_colours_is_distinguishable(name):
    theme = get_theme(name)
    tints = {c.label: highlight_background(c.rgb, theme) for c in DEFAULT_PALETTE}
    close = [(a, b, round(math.dist(lab(tints[a]), lab(tints[b])), 1))
             for a, b in itertools.combinations(tints, 2)
             if math.dist(lab(tints[a]), lab(tints[b])) < MIN_DISTANCE]
    assert close == []


@pytest.mark.parametrize("name", sorted(THEMES))
def test_text_on_every_highlight_stays_readable(name):
    theme = get_theme(name)
    for colour in DEFAULT_PALETTE:
        tint = highlight_background(colour.rgb, theme)
        assert contrast_ratio(tint, QColor(theme.text)) >= MIN_HIGHLIGHT_CONTRAST - 0.05, colour.label
