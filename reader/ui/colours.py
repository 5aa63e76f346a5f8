"""Colour helpers shared by every custom-painted view (delegates, timeline), so all of them follow
the active palette (light, sepia, dark) the same way."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem


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
