"""A strip of bars, one per month, showing when the corpus's articles were written.

It is painted by hand (QPainter) rather than with a chart library: it is small, must follow the
palette in light and dark themes, and doubles as a month picker. The axis covers whole calendar
years around the data so that year ticks fall on bar edges and a short corpus (a few months) still
reads as a year, not as four fat slabs. Articles dated to the year only, or undated, are not drawn:
there is no month to put them in (the sidebar lists them under "Year only" and "Undated").
"""

from __future__ import annotations

import math

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
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from reader.ui.chrono_model import MONTH_NAMES, month_label
from reader.ui.colours import mix

_MARGIN_X = 6.0
_TOP = 6.0
_GAP_FRACTION = 0.18  # space between bars, as a share of a bar's pitch
_MIN_BAR_HEIGHT = 2.0  # a month with one article must still be visible next to one with 500


def _period_index(period: str) -> int:
    """'2020-04' → months since year 0, so ranges are plain integer arithmetic."""
    return int(period[:4]) * 12 + int(period[5:7]) - 1


def _period_of(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"




class TimelineWidget(QWidget):
    """Articles per month as bars; click a bar to pick that month, click it again to clear.

    ``monthClicked`` carries the newly selected 'YYYY-MM', or '' when the selection is cleared
    (by clicking the selected bar again, by Esc, or by ``clear_selection``).
    """

    monthClicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._counts: dict[str, int] = {}
        self._highlight: dict[str, int] | None = None
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

    def _changed(self) -> None:
        self._update_description()
        self.updateGeometry()
        self.update()

    def _update_description(self) -> None:
        total = sum(self._counts.values())
        text = f"{total} dated article{'s' if total != 1 else ''} by month"
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

    def _chart_rect(self) -> QRectF:
        """Where bars stand: below a row for the numbers over the bars, above the month labels."""
        r = QRectF(self.rect())
        top = r.top() + _TOP + self._label_height()
        return QRectF(
            r.left() + _MARGIN_X,
            top,
            max(1.0, r.width() - 2 * _MARGIN_X),
            max(1.0, r.bottom() - top - self._label_height()),
        )

    def _pitch(self, n: int) -> float:
        return self._chart_rect().width() / n if n else 0.0

    def bar_rect(self, month: str) -> QRect:
        """The clickable column of ``month`` (full chart height), in widget coordinates.

        Clicking anywhere in the column picks the month, so months with few articles are as easy
        to hit as busy ones. The rect covers whole pixels that ``month_at`` maps back to ``month``
        (bars can be fractions of a pixel apart over decades). Invalid when not on the axis.
        """
        months = self.months()
        if month not in months:
            return QRect()
        chart = self._chart_rect()
        pitch = self._pitch(len(months))
        left = chart.left() + months.index(month) * pitch
        x0 = math.ceil(left)
        x1 = math.ceil(left + pitch) - 1
        if x1 < x0:  # narrower than a pixel and straddling none: the nearest pixel will do
            x1 = x0 = math.floor(left)
        top = self.rect().top() + 2
        return QRect(x0, top, x1 - x0 + 1, max(1, math.floor(chart.bottom()) - top))

    def month_at(self, pos: QPoint | QPointF) -> str:
        months = self.months()
        chart = self._chart_rect()
        x, y = pos.x(), pos.y()
        if not months or not (chart.left() <= x < chart.right()) or y > chart.bottom() + 4 or y < 0:
            return ""
        i = int((x - chart.left()) / self._pitch(len(months)))
        return months[min(max(i, 0), len(months) - 1)]

    # ----------------------------------------------------------------- painting

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            self._paint(painter)
        finally:
            painter.end()

    def _colours(self) -> dict[str, QColor]:
        pal = self.palette()
        group = QPalette.ColorGroup.Active if self.isEnabled() else QPalette.ColorGroup.Disabled
        text = pal.color(group, QPalette.ColorRole.WindowText)
        window = pal.color(group, QPalette.ColorRole.Window)
        accent = pal.color(group, QPalette.ColorRole.Highlight)
        return {
            "text": text,
            "muted_text": mix(text, window, 0.4),
            "axis": mix(text, window, 0.7),
            "bar": mix(accent, window, 0.15),
            "bar_muted": mix(text, window, 0.72),  # base bars under a search overlay
            "bar_dim": mix(accent, window, 0.6),  # other months while one is selected
            "accent": accent,
            # The accent as text must stand out from the window in either theme.
            "accent_text": accent if abs(accent.lightness() - window.lightness()) > 90 else text,
            "hover": mix(window, text, 0.08),
            "selected_bg": mix(accent, window, 0.82),
        }

    def _paint(self, painter: QPainter) -> None:
        colours = self._colours()
        months = self.months()
        chart = self._chart_rect()
        painter.setFont(self._label_font())
        fm = QFontMetricsF(painter.font())
        if not months:
            painter.setPen(colours["muted_text"])
            painter.drawText(QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, "No dated articles")
            return

        pitch = self._pitch(len(months))
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
            dimmed = selecting and month != self._selected
            if n:
                if searching:
                    colour = colours["bar_muted"]
                else:
                    colour = colours["bar_dim"] if dimmed else colours["bar"]
                h = height_for(n)
                painter.fillRect(QRectF(bar_x, chart.bottom() - h, bar_w, h), colour)
            if hit:
                h = height_for(hit)
                colour = colours["bar_dim"] if dimmed else colours["accent"]
                painter.fillRect(QRectF(bar_x, chart.bottom() - h, bar_w, h), colour)
            if (hit if searching else n) and pitch >= fm.horizontalAdvance("9") + 2:
                self._paint_value(
                    painter, column, chart, height_for(max(n, hit)), n, hit, dimmed, fm, colours
                )
            painter.setPen(Qt.PenStyle.NoPen)

        # Baseline and year ticks: a thin axis the eye can find in both themes.
        painter.fillRect(QRectF(chart.left(), chart.bottom(), chart.width(), 1), colours["axis"])
        self._paint_labels(painter, months, chart, pitch, fm, colours)

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

    def _paint_labels(
        self,
        painter: QPainter,
        months: list[str],
        chart: QRectF,
        pitch: float,
        fm: QFontMetricsF,
        colours: dict[str, QColor],
    ) -> None:
        """Year labels at each January; month initials too when bars are wide enough to hold them."""
        label_top = chart.bottom() + 2
        label_h = fm.height()
        year_w = fm.horizontalAdvance("0000") + 4
        initials = pitch >= max(year_w, fm.horizontalAdvance("M") + 4)
        last_right = -1e9
        for i, month in enumerate(months):
            x = chart.left() + i * pitch
            is_january = month.endswith("-01")
            if is_january:
                painter.fillRect(QRectF(x, chart.bottom() - 3, 1, 4), colours["axis"])
            if is_january and x >= last_right:
                painter.setPen(colours["text"])
                rect = QRectF(x, label_top, max(year_w, pitch), label_h)
                align = Qt.AlignmentFlag.AlignHCenter if initials else Qt.AlignmentFlag.AlignLeft
                painter.drawText(rect, align | Qt.AlignmentFlag.AlignTop, month[:4])
                last_right = x + year_w + 6
            elif initials:
                painter.setPen(colours["muted_text"] if month != self._selected else colours["text"])
                rect = QRectF(x, label_top, pitch, label_h)
                initial = MONTH_NAMES[int(month[5:]) - 1][0]
                painter.drawText(rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, initial)

    # ----------------------------------------------------------------- interaction

    def tooltip_text(self, month: str) -> str:
        """'April 2020: 7 articles (3 matching)': what the bar under the pointer stands for."""
        n = self._counts.get(month, 0)
        text = f"{month_label(month)}: {n} article{'s' if n != 1 else ''}"
        if self._highlight is not None:
            text += f" ({self._highlight.get(month, 0)} matching)"
        if month == self._selected:
            text += "\nClick again to show all months"
        elif n:
            text += "\nClick to show only this month"
        return text

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            month = self.month_at(event.pos())
            if month:
                QToolTip.showText(event.globalPos(), self.tooltip_text(month), self, self.bar_rect(month))
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
