"""A strip of bars, one per month, showing when the corpus's articles were written.

It is painted by hand (QPainter) rather than with a chart library: it is small, must follow the
palette in light and dark themes, and doubles as a month picker. The axis covers whole calendar
years around the data so that year ticks fall on bar edges and a short corpus (a few months) still
reads as a year, not as four fat slabs.

Articles with no month cannot stand on the axis, but a reader must still see how many there are:
in the bundled corpus most articles are undated, and a chart of the dated few would overstate how
much of the corpus it describes. So they get their own hatched bars ("Year only", "Undated") at the
right end, after a gap, on the same scale as the months. They are not month picks (the list shows
them under "Year only" and "Undated"); clicking them does nothing.

Every colour is checked against the background it is drawn on (``contrast_ratio``): colours
mixed from the palette as they come left the dark theme's bars at 2.2:1 on the window and the
grey of muted bars at 2.1:1 (1.8:1 in light), below WCAG's 3:1 for graphics.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import pairwise

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from reader.ui.chrono_model import MONTH_NAMES, month_label
from reader.ui.colours import mix

UNDATED = "undated"  #: key of the bar for articles with no date at all
YEAR_ONLY = "year_only"  #: key of the bar for articles dated to a year but not a month
SHORT_MONTHS = tuple(name[:3] for name in MONTH_NAMES)

_MARGIN_X = 6.0
_TOP = 6.0
_GAP_FRACTION = 0.18  # space between bars, as a share of a bar's pitch
_MIN_BAR_HEIGHT = 2.0  # a month with one article must still be visible next to one with 500
_SPECIAL_ORDER = (YEAR_ONLY, UNDATED)  # the tree's order: year-only groups inside years, Undated last
# Longest first; "n.d." is the bibliographer's "no date", "Yr" alone could read as a year's total.
_SPECIAL_LABELS = {YEAR_ONLY: ("Year only", "Yr only", "Yr"), UNDATED: ("Undated", "n.d.", "n.d.")}
_SPECIAL_GAP = 14.0  # empty space between the last month and the first no-month bar
_SPECIAL_SPACING = 4.0  # between the "Year only" and "Undated" columns
_SPECIAL_SHARE = 0.4  # full labels only while the no-month columns take at most this share of the width
_MIN_SPECIAL_WIDTH = 16.0
_MONTH_STEPS = (1, 3, 6)  # every month, quarters (Jan/Apr/Jul/Oct), half-years
_YEAR_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 250, 500, 1000)
_HATCH_SPACING = 4.0
_MIN_BAR_CONTRAST = 3.0  # WCAG 2.1 non-text contrast (1.4.11)
_MIN_TEXT_CONTRAST = 4.5  # WCAG 2.1 AA for normal-size text; the labels are small


def _period_index(period: str) -> int:
    """'2020-04' → months since year 0, so ranges are plain integer arithmetic."""
    return int(period[:4]) * 12 + int(period[5:7]) - 1


def _period_of(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def relative_luminance(colour: QColor) -> float:
    """WCAG 2.1 relative luminance of an sRGB colour (0 black … 1 white)."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    rgb = colour.toRgb()
    return 0.2126 * channel(rgb.redF()) + 0.7152 * channel(rgb.greenF()) + 0.0722 * channel(rgb.blueF())


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours, 1 (same) … 21 (black on white)."""
    la, lb = relative_luminance(a), relative_luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def _with_contrast(colour: QColor, grounds: tuple[QColor, ...], minimum: float, towards: QColor) -> QColor:
    """``colour`` made lighter or darker (towards ``towards``, the text colour) just enough to reach
    ``minimum`` contrast on every one of ``grounds``; a palette that already passes keeps its colours.

    Only the HSL lightness moves, so a blue stays a blue: mixing in the text colour instead turned
    the dark theme's bars a dull grey-blue.
    """

    def passes(candidate: QColor) -> bool:
        return all(contrast_ratio(candidate, g) >= minimum for g in grounds)

    if passes(colour):
        return QColor(colour)
    hue, saturation, lightness, alpha = colour.getHslF()
    direction = 1.0 if towards.lightnessF() > lightness else -1.0
    for step in range(1, 51):
        target = min(1.0, max(0.0, lightness + direction * step * 0.02))
        candidate = QColor.fromHslF(max(hue, 0.0), saturation, target, alpha)
        if passes(candidate):
            return candidate
    return QColor(towards)


@dataclass(frozen=True)
class AxisLabel:
    """One label under the bars, where it is drawn: the same rects are painted and tested.

    ``role`` is 'year' (a year at January or a year tick), 'month' (a short month name),
    ``YEAR_ONLY`` or ``UNDATED``; ``period`` is the labelled 'YYYY-MM', '' for the no-month bars.
    """

    text: str
    rect: QRectF
    role: str
    period: str


@dataclass(frozen=True)
class _Layout:
    chart: QRectF  # where month bars stand (x: the month columns; y: baseline up to the value row)
    pitch: float  # width of one month column
    specials: dict[str, QRectF]  # no-month column (x range, same y range as ``chart``) by key
    special_texts: dict[str, str]  # the label each no-month column shows (full or short form)


class TimelineWidget(QWidget):
    """Articles per month as bars; click a bar to pick that month, click it again to clear.

    ``monthClicked`` carries the newly selected 'YYYY-MM', or '' when the selection is cleared
    (by clicking the selected bar again, by Esc, or by ``clear_selection``). The "Year only" and
    "Undated" bars at the right end only inform (tooltip, count); they are not picks.
    """

    monthClicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._counts: dict[str, int] = {}
        self._highlight: dict[str, int] | None = None
        self._undated: dict[str, int] = {}
        self._undated_highlight: dict[str, int] | None = None
        self._span: tuple[str, str] | None = None
        self._selected = ""
        self._hover = ""
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Articles per month")
        self._update_description()

    # ----------------------------------------------------------------- data

    def set_counts(self, counts: dict[str, int]) -> None:
        """Articles per 'YYYY-MM' (the base bars); months missing from the dict count 0."""
        self._counts = {k: int(v) for k, v in counts.items() if v}
        self._changed()

    def counts(self) -> dict[str, int]:
        return dict(self._counts)

    def set_highlight(self, counts: dict[str, int] | None) -> None:
        """Matching articles per month for the active search (overlaid), or None when no search."""
        self._highlight = None if counts is None else {k: int(v) for k, v in counts.items() if v}
        self._changed()

    def highlight(self) -> dict[str, int] | None:
        return None if self._highlight is None else dict(self._highlight)

    def set_undated_counts(self, counts: dict[str, int] | None) -> None:
        """Articles with no month: ``{YEAR_ONLY: n, UNDATED: m}`` (missing keys count 0)."""
        counts = counts or {}
        self._undated = {k: int(counts.get(k, 0) or 0) for k in _SPECIAL_ORDER}
        self._changed()

    def undated_counts(self) -> dict[str, int]:
        return {k: self._undated.get(k, 0) for k in _SPECIAL_ORDER}

    def set_undated_highlight(self, counts: dict[str, int] | None) -> None:
        """The search's share of the no-month bars, or None when unknown (or no search)."""
        self._undated_highlight = (
            None if counts is None else {k: int(counts.get(k, 0) or 0) for k in _SPECIAL_ORDER}
        )
        self._changed()

    def set_span(self, first: str | None, last: str | None = None) -> None:
        """Pin the axis to the corpus's months, so filtering does not slide the bars around."""
        self._span = (first, last or first) if first else None
        self._changed()

    def selected_month(self) -> str:
        return self._selected

    def set_selected_month(self, month: str | None) -> None:
        """Show ``month`` as selected without emitting ``monthClicked`` (restoring, syncing)."""
        self._selected = month or ""
        self._update_description()
        self.update()

    def clear_selection(self) -> None:
        """Clear the selected month and tell listeners (Esc does the same)."""
        if self._selected:
            self._selected = ""
            self._update_description()
            self.update()
            self.monthClicked.emit("")

    def months(self) -> list[str]:
        """Every month on the axis, oldest first: whole calendar years around the data."""
        periods = list(self._counts) + list(self._highlight or ())
        if self._selected:
            periods.append(self._selected)
        if self._span:
            periods.extend(self._span)
        if not periods:
            return []
        first = _period_index(min(periods)) // 12 * 12
        last = _period_index(max(periods)) // 12 * 12 + 11
        return [_period_of(i) for i in range(first, last + 1)]

    def special_keys(self) -> list[str]:
        """The no-month bars drawn, left to right: ``YEAR_ONLY`` and/or ``UNDATED`` when non-zero.

        None while there is no month axis: then the widget says so in a sentence instead.
        """
        if not self.months():
            return []
        return [k for k in _SPECIAL_ORDER if self._undated.get(k)]

    def empty_text(self) -> str:
        """The sentence shown instead of a chart when no article has a month, else ''."""
        if self.months():
            return ""
        year_only, undated = self._undated.get(YEAR_ONLY, 0), self._undated.get(UNDATED, 0)
        total = year_only + undated
        if not total:
            return "No articles"
        if not year_only:
            if total == 1:
                return "No dated articles: the only article has no date in its text"
            return f"No dated articles: none of the {total} articles has a date in its text"
        parts = [f"{year_only} {'has' if year_only == 1 else 'have'} only a year"]
        if undated:
            parts.append(f"{undated} no date")
        return f"No article is dated to a month: {', '.join(parts)}"

    def _changed(self) -> None:
        self._update_description()
        self.updateGeometry()
        self.update()

    def _update_description(self) -> None:
        total = sum(self._counts.values())
        text = f"{total} dated article{'s' if total != 1 else ''} by month"
        if self._undated.get(YEAR_ONLY):
            text += f"; {self._undated[YEAR_ONLY]} dated to the year only"
        if self._undated.get(UNDATED):
            text += f"; {self._undated[UNDATED]} undated"
        if self._selected:
            text += f"; showing {month_label(self._selected)} only (Esc shows all)"
        self.setAccessibleDescription(text)

    # ----------------------------------------------------------------- geometry

    def sizeHint(self) -> QSize:
        return QSize(320, 2 * self._label_height() + 48)

    def minimumSizeHint(self) -> QSize:
        return QSize(120, 2 * self._label_height() + 32)

    def _label_font(self) -> QFont:
        font = QFont(self.font())
        size = font.pointSizeF()
        if size > 0:
            font.setPointSizeF(max(7.0, size * 0.82))
        else:
            font.setPixelSize(max(9, round(font.pixelSize() * 0.82)))
        return font

    def _label_height(self) -> int:
        return round(QFontMetricsF(self._label_font()).height()) + 4

    def _layout(self) -> _Layout:
        """Month columns on the left, the no-month columns after a gap at the right.

        The no-month columns are as wide as their labels ("Undated"), in a shorter form ("n.d.")
        when the full ones would take more than ``_SPECIAL_SHARE`` of the width (the shortest
        form is used even if it takes more: the counts matter more than month detail there).
        """
        fm = QFontMetricsF(self._label_font())
        r = QRectF(self.rect())
        top = r.top() + _TOP + self._label_height()
        bottom = max(top + 1.0, r.bottom() - self._label_height())
        left, right = r.left() + _MARGIN_X, r.right() - _MARGIN_X
        keys = self.special_keys()
        specials: dict[str, QRectF] = {}
        texts: dict[str, str] = {}
        months_right = right
        if keys:
            widths: list[float] = []
            for form in range(3):
                texts = {k: _SPECIAL_LABELS[k][form] for k in keys}
                widths = [max(_MIN_SPECIAL_WIDTH, fm.horizontalAdvance(texts[k]) + 6) for k in keys]
                needed = _SPECIAL_GAP + sum(widths) + _SPECIAL_SPACING * (len(keys) - 1)
                if needed <= _SPECIAL_SHARE * (right - left):
                    break
            x = right - sum(widths) - _SPECIAL_SPACING * (len(keys) - 1)
            months_right = x - _SPECIAL_GAP
            for key, width in zip(keys, widths, strict=True):
                specials[key] = QRectF(x, top, width, bottom - top)
                x += width + _SPECIAL_SPACING
        chart = QRectF(left, top, max(1.0, months_right - left), bottom - top)
        n = len(self.months())
        return _Layout(chart, chart.width() / n if n else 0.0, specials, texts)

    def _chart_rect(self) -> QRectF:
        """Where month bars stand: below a row for the numbers over the bars, above the labels."""
        return self._layout().chart

    def bar_rect(self, month: str) -> QRect:
        """The clickable column of ``month`` (full chart height), in widget coordinates.

        Clicking anywhere in the column picks the month, so months with few articles are as easy
        to hit as busy ones. The rect covers whole pixels that ``month_at`` maps back to ``month``
        (bars can be fractions of a pixel apart over decades). Invalid when not on the axis.
        """
        months = self.months()
        if month not in months:
            return QRect()
        layout = self._layout()
        chart, pitch = layout.chart, layout.pitch
        left = chart.left() + months.index(month) * pitch
        x0 = math.ceil(left)
        x1 = math.ceil(left + pitch) - 1
        if x1 < x0:  # narrower than a pixel and straddling none: the nearest pixel will do
            x1 = x0 = math.floor(left)
        top = self.rect().top() + 2
        return QRect(x0, top, x1 - x0 + 1, max(1, math.floor(chart.bottom()) - top))

    def special_rect(self, key: str) -> QRect:
        """The column of the ``YEAR_ONLY`` or ``UNDATED`` bar (invalid when not drawn).

        Its tooltip answers anywhere in it, its label included; clicking it picks nothing.
        """
        column = self._layout().specials.get(key)
        if column is None:
            return QRect()
        top = self.rect().top() + 2
        x0, x1 = math.ceil(column.left()), math.floor(column.right())
        return QRect(x0, top, max(1, x1 - x0), max(1, self.rect().bottom() - top))

    def month_at(self, pos: QPoint | QPointF) -> str:
        months = self.months()
        layout = self._layout()
        chart = layout.chart
        x, y = pos.x(), pos.y()
        if not months or not (chart.left() <= x < chart.right()) or y > chart.bottom() + 4 or y < 0:
            return ""
        i = int((x - chart.left()) / layout.pitch)
        return months[min(max(i, 0), len(months) - 1)]

    def special_at(self, pos: QPoint | QPointF) -> str:
        """``YEAR_ONLY`` / ``UNDATED`` when ``pos`` is over that bar's column or label, else ''."""
        for key in self.special_keys():
            if self.special_rect(key).contains(QPointF(pos).toPoint()):
                return key
        return ""

    def axis_labels(self) -> list[AxisLabel]:
        """Every label under the bars, months first, left to right; none overlap.

        Months get the densest labelling whose texts all fit with a space between them: every
        month, quarters (Jan/Apr/Jul/Oct), half-years (Jan/Jul), then years only, thinned to
        every 2nd, 5th, 10th... year. January always shows its year instead of "Jan", so the year
        is read where it starts.
        """
        months = self.months()
        if not months:
            return []
        layout = self._layout()
        fm = QFontMetricsF(self._label_font())
        top, height = layout.chart.bottom() + 2, fm.height()
        specials = []
        for key, column in layout.specials.items():
            text = layout.special_texts[key]
            width = fm.horizontalAdvance(text)
            rect = QRectF(column.center().x() - width / 2, top, width, height)
            specials.append(AxisLabel(text, rect, key, ""))
        return self._month_labels(months, layout, fm, top, specials) + specials

    def _month_labels(
        self, months: list[str], layout: _Layout, fm: QFontMetricsF, top: float, specials: list[AxisLabel]
    ) -> list[AxisLabel]:
        chart, pitch = layout.chart, layout.pitch
        space = max(4.0, fm.horizontalAdvance("  "))  # the least gap that still reads as two labels
        low = QRectF(self.rect()).left() + 1.0
        high = (specials[0].rect.left() - space) if specials else QRectF(self.rect()).right() - 1.0

        def place(
            text: str, role: str, period: str, *, centre: float | None = None, start: float = 0.0
        ) -> AxisLabel:
            width = fm.horizontalAdvance(text)
            x = centre - width / 2 if centre is not None else start
            x = min(max(x, low), high - width)  # keep the edge labels inside the widget
            return AxisLabel(text, QRectF(x, top, width, fm.height()), role, period)

        def fits(labels: list[AxisLabel]) -> bool:
            if any(lab.rect.left() < low - 0.01 or lab.rect.right() > high + 0.01 for lab in labels):
                return False
            return all(a.rect.right() + space <= b.rect.left() for a, b in pairwise(labels))

        for step in _MONTH_STEPS:
            labels = []
            for i, month in enumerate(months):
                m = int(month[5:7]) - 1
                if m % step:
                    continue
                text, role = (month[:4], "year") if m == 0 else (SHORT_MONTHS[m], "month")
                labels.append(place(text, role, month, centre=chart.left() + (i + 0.5) * pitch))
            if fits(labels):
                return labels
        for step in _YEAR_STEPS:
            labels = []
            for i in range(0, len(months), 12):  # the axis starts at a January: whole years
                if int(months[i][:4]) % step:
                    continue
                text = months[i][:4]
                if 12 * pitch >= fm.horizontalAdvance(text) + space:  # room: centre it on its year
                    labels.append(place(text, "year", months[i], centre=chart.left() + (i + 6) * pitch))
                else:  # start it at its January tick
                    labels.append(place(text, "year", months[i], start=chart.left() + i * pitch + 2))
            if labels and fits(labels):
                return labels
        first = place(months[0][:4], "year", months[0], start=chart.left() + 2)
        return [first] if fits([first]) else []

    # ----------------------------------------------------------------- painting

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            self._paint(painter)
        finally:
            painter.end()

    def _colours(self) -> dict[str, QColor]:
        """Colours from the palette, each pushed to WCAG contrast on what it is drawn over.

        Bars (plain, search matches, the selected one, the grey of muted ones) need 3:1 on both
        the window and the selected month's tint; labels 4.5:1 (they are small text).
        """
        pal = self.palette()
        group = QPalette.ColorGroup.Active if self.isEnabled() else QPalette.ColorGroup.Disabled
        text = pal.color(group, QPalette.ColorRole.WindowText)
        window = pal.color(group, QPalette.ColorRole.Window)
        accent = pal.color(group, QPalette.ColorRole.Highlight)
        selected_bg = mix(accent, window, 0.82)
        grounds = (window, selected_bg)

        def bar(colour: QColor) -> QColor:
            return _with_contrast(colour, grounds, _MIN_BAR_CONTRAST, text)

        def label(colour: QColor) -> QColor:
            return _with_contrast(colour, grounds, _MIN_TEXT_CONTRAST, text)

        grey = bar(mix(text, window, 0.55))
        return {
            "window": window,
            "text": label(text),
            "muted_text": label(mix(text, window, 0.4)),
            "placeholder": pal.color(group, QPalette.ColorRole.PlaceholderText),
            "axis": bar(mix(text, window, 0.6)),
            "bar": bar(mix(accent, window, 0.15)),
            "bar_muted": grey,  # base bars under a search overlay, other months while one is picked
            "accent": bar(accent),  # search matches
            "accent_text": label(accent),
            "special": grey,  # outline and hatching of the "Undated" bar
            "hover": mix(window, text, 0.08),
            "selected_bg": selected_bg,
        }

    def _paint(self, painter: QPainter) -> None:
        colours = self._colours()
        months = self.months()
        painter.setFont(self._label_font())
        fm = QFontMetricsF(painter.font())
        if not months:
            self._paint_empty(painter, colours)
            return
        layout = self._layout()
        chart, pitch = layout.chart, layout.pitch
        gap = pitch * _GAP_FRACTION if pitch >= 3 else 0.0
        peak = max([*self._counts.values(), *(self._highlight or {}).values(), 1])
        searching = self._highlight is not None
        selecting = bool(self._selected)

        def height_for(n: int) -> float:
            return 0.0 if n <= 0 else max(_MIN_BAR_HEIGHT, chart.height() * n / peak)

        top = float(self.rect().top() + 2)
        painter.setPen(Qt.PenStyle.NoPen)
        for i, month in enumerate(months):
            column = QRectF(chart.left() + i * pitch, top, pitch, chart.bottom() - top)
            if month == self._selected:
                painter.fillRect(column, colours["selected_bg"])
            elif month == self._hover:
                painter.fillRect(column, colours["hover"])
            bar_x, bar_w = column.left() + gap / 2, max(1.0, pitch - gap)
            n = self._counts.get(month, 0)
            hit = (self._highlight or {}).get(month, 0)
            # While searching, the matches carry the colour and the picked month its frame and
            # tint: dimming matches too would leave grey on grey.
            dimmed = selecting and month != self._selected and not searching
            if n:
                colour = colours["bar_muted"] if searching or dimmed else colours["bar"]
                h = height_for(n)
                painter.fillRect(QRectF(bar_x, chart.bottom() - h, bar_w, h), colour)
            if hit:
                h = height_for(hit)
                painter.fillRect(QRectF(bar_x, chart.bottom() - h, bar_w, h), colours["accent"])
            if (hit if searching else n) and pitch >= fm.horizontalAdvance("9") + 2:
                self._paint_value(
                    painter, column, chart, height_for(max(n, hit)), n, hit, dimmed, fm, colours
                )
            painter.setPen(Qt.PenStyle.NoPen)

        # Baseline and year ticks: a thin axis the eye can find in both themes.
        painter.fillRect(QRectF(chart.left(), chart.bottom(), chart.width(), 1), colours["axis"])
        for i in range(0, len(months), 12):
            painter.fillRect(QRectF(chart.left() + i * pitch, chart.bottom() - 3, 1, 4), colours["axis"])
        self._paint_specials(painter, layout, peak, max(1.0, pitch - gap), fm, colours)
        self._paint_labels(painter, colours)

        if self._selected in months:
            i = months.index(self._selected)
            painter.setPen(colours["accent"])
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(
                QRectF(chart.left() + i * pitch, top, pitch, chart.bottom() - top).adjusted(
                    0.5, 0.5, -0.5, -0.5
                )
            )
        if self.hasFocus():
            painter.setPen(colours["axis"])
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5))

    def _paint_empty(self, painter: QPainter, colours: dict[str, QColor]) -> None:
        """The sentence instead of a chart, in the widget's font if it fits, else the label font."""
        text = self.empty_text()
        area = QRectF(self.rect()).adjusted(_MARGIN_X, 2, -_MARGIN_X, -2)
        flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
        font = QFont(self.font())
        if QFontMetricsF(font).boundingRect(area, int(flags), text).height() > area.height():
            font = self._label_font()
        painter.setFont(font)
        painter.setPen(colours["placeholder"])
        painter.drawText(area, int(flags), text)

    def _paint_specials(
        self,
        painter: QPainter,
        layout: _Layout,
        peak: int,
        month_bar_width: float,
        fm: QFontMetricsF,
        colours: dict[str, QColor],
    ) -> None:
        """The hatched "Year only" / "Undated" bars, on the months' scale.

        A bar taller than the busiest month is cut at the chart's top with a break mark (its
        number says how tall): on a shared scale, 21 undated articles would otherwise flatten
        eight dated ones into slivers.
        """
        chart = layout.chart
        searching = self._highlight is not None
        dimmed = bool(self._selected) and not searching  # a picked month hides these from the list
        for key, column in layout.specials.items():
            n = self._undated.get(key, 0)
            hit = None if self._undated_highlight is None else self._undated_highlight.get(key, 0)
            width = min(column.width() - 6, max(10.0, month_bar_width))
            x = column.center().x() - width / 2
            broken = n > peak
            h = chart.height() if broken else max(_MIN_BAR_HEIGHT, chart.height() * n / peak)
            grey = searching or dimmed or key == UNDATED  # year-only articles are dated, if loosely
            colour = colours["special"] if grey else colours["bar"]
            painter.fillRect(QRectF(column.left(), chart.bottom(), column.width(), 1), colours["axis"])
            self._paint_hatched(painter, QRectF(x, chart.bottom() - h, width, h), colour, colours)
            if hit:
                hit_h = min(chart.height(), max(_MIN_BAR_HEIGHT, chart.height() * hit / peak))
                hit_bar = QRectF(x, chart.bottom() - hit_h, width, hit_h)
                self._paint_hatched(painter, hit_bar, colours["accent"], colours)
            if broken:
                self._paint_break(painter, x, width, chart.top() + min(10.0, h * 0.35), colour, colours)
            text = f"{hit}/{n}" if searching and hit is not None else str(n)
            if fm.horizontalAdvance(text) > column.width() + _SPECIAL_SPACING:
                text = str(hit if searching and hit is not None else n)
            painter.setPen(colours["muted_text"] if dimmed else colours["text"])
            value = QRectF(column.left() - 2, chart.top() - fm.height() - 1 + (chart.height() - h),
                           column.width() + 4, fm.height())
            painter.drawText(value, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, text)

    def _paint_hatched(
        self, painter: QPainter, bar: QRectF, colour: QColor, colours: dict[str, QColor]
    ) -> None:
        """A light fill crossed by diagonal lines inside a 1-px outline: unlike any month bar."""
        painter.save()
        painter.fillRect(bar, mix(colour, colours["window"], 0.8))
        painter.setClipRect(bar)
        painter.setPen(QPen(colour, 1.0))
        x = bar.left() - bar.height()
        while x < bar.right():
            painter.drawLine(QPointF(x, bar.bottom()), QPointF(x + bar.height(), bar.top()))
            x += _HATCH_SPACING
        painter.setClipping(False)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(bar.adjusted(0.5, 0.5, -0.5, -0.5))
        painter.restore()

    def _paint_break(
        self, painter: QPainter, x: float, width: float, y: float, colour: QColor, colours: dict[str, QColor]
    ) -> None:
        """Two slanted lines with window colour between them: "this bar goes on above"."""
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        left, right = x - 2, x + width + 2
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colours["window"])
        band = QPolygonF(
            [QPointF(left, y + 3), QPointF(right, y - 1), QPointF(right, y + 3), QPointF(left, y + 7)]
        )
        painter.drawPolygon(band)
        painter.setPen(QPen(colour, 1.2))
        painter.drawLine(QPointF(left, y + 3), QPointF(right, y - 1))
        painter.drawLine(QPointF(left, y + 7), QPointF(right, y + 3))
        painter.restore()

    def _paint_value(
        self,
        painter: QPainter,
        column: QRectF,
        chart: QRectF,
        bar_h: float,
        n: int,
        hit: int,
        dimmed: bool,
        fm: QFontMetricsF,
        colours: dict[str, QColor],
    ) -> None:
        """The number over a bar, when it fits: 'matching/all' during a search, else the count."""
        if self._highlight is not None:
            text = f"{hit}/{n}"
            if fm.horizontalAdvance(text) > column.width() - 1:
                text = str(hit)
            colour = colours["accent_text"]
        else:
            text = str(n)
            colour = colours["text"]
        if fm.horizontalAdvance(text) > column.width() - 1:
            return
        label = QRectF(
            column.left() - 2, chart.bottom() - bar_h - fm.height() - 1, column.width() + 4, fm.height()
        )
        painter.setPen(colours["muted_text"] if dimmed else colour)
        painter.drawText(label, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, text)

    def _paint_labels(self, painter: QPainter, colours: dict[str, QColor]) -> None:
        """Years in the text colour, month names and the no-month labels muted (still 4.5:1)."""
        for label in self.axis_labels():
            strong = label.role == "year" or (label.period and label.period == self._selected)
            painter.setPen(colours["text"] if strong else colours["muted_text"])
            align = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
            painter.drawText(label.rect, align, label.text)

    # ----------------------------------------------------------------- interaction

    def tooltip_text(self, key: str) -> str:
        """What the bar under the pointer stands for: a month ('April 2020: 7 articles (3
        matching)') or a no-month bar (its count and where the list shows those articles)."""
        if key in _SPECIAL_ORDER:
            return self._special_tooltip(key)
        n = self._counts.get(key, 0)
        text = f"{month_label(key)}: {n} article{'s' if n != 1 else ''}"
        if self._highlight is not None:
            text += f" ({self._highlight.get(key, 0)} matching)"
        if key == self._selected:
            text += "\nClick again to show all months"
        elif n:
            text += "\nClick to show only this month"
        return text

    def _special_tooltip(self, key: str) -> str:
        n = self._undated.get(key, 0)
        articles = f"{n} article{'s' if n != 1 else ''}"
        if key == UNDATED:
            text = f"Undated: {articles} with no date in {'their' if n != 1 else 'its'} text"
        else:
            text = f"Year only: {articles} dated to a year but not a month"
        if self._undated_highlight is not None:
            text += f" ({self._undated_highlight.get(key, 0)} matching)"
        if key == UNDATED:
            text += "\nListed under “Undated” at the end of the list"
        else:
            text += "\nListed under “Year only” in each year of the list"
        return text

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            month = self.month_at(event.pos())
            special = "" if month else self.special_at(event.pos())
            if month:
                QToolTip.showText(event.globalPos(), self.tooltip_text(month), self, self.bar_rect(month))
            elif special:
                QToolTip.showText(
                    event.globalPos(), self.tooltip_text(special), self, self.special_rect(special)
                )
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        month = self.month_at(event.position())
        if month != self._hover:
            self._hover = month
            self.setCursor(Qt.CursorShape.PointingHandCursor if month else Qt.CursorShape.ArrowCursor)
            self.update()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        if self._hover:
            self._hover = ""
            self.update()
        super().leaveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        month = self.month_at(event.position())
        if not month:
            super().mousePressEvent(event)
            return
        self._select(month if month != self._selected else "")
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc clears; Left/Right step through months (a keyboard path to every bar)."""
        key = event.key()
        months = self.months()
        if key == Qt.Key.Key_Escape and self._selected:
            self.clear_selection()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and months:
            step = -1 if key == Qt.Key.Key_Left else 1
            if self._selected in months:
                i = min(max(months.index(self._selected) + step, 0), len(months) - 1)
            else:
                i = len(months) - 1 if step < 0 else 0
            if months[i] != self._selected:
                self._select(months[i])
        else:
            super().keyPressEvent(event)

    def _select(self, month: str) -> None:
        self._selected = month
        self._update_description()
        self.update()
        self.monthClicked.emit(month)
