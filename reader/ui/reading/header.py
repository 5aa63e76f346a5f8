"""The article's header: title, date with provenance, outlet, byline, source, "Also in:" and the
"Side by side", "Edit details…" and "Show original" buttons; and :class:`ElidedLabel`, the
one-line label that shortens itself when narrow.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.ingest.model import Document
from reader.text.script import direction_of
from reader.ui.fonts import DEFAULT_POINT_SIZE, reading_font
from reader.ui.messages import plain_tooltip
from reader.ui.reading.labels import (
    boundary_tip,
    date_label,
    document_direction,
    isolate,
    mnemonic_safe,
    plain_label,
    side_of,
)
from reader.ui.reading.page import MIN_SIDE_MARGIN
from reader.ui.theme import DEFAULT_THEME, Theme, get_theme, reading_palette


class ElidedLabel(QLabel):
    """One line of plain text that shortens itself when narrow: first to the shorter forms it was
    given (a path without its folders), and only then with "…" in the middle of the shortest.

    For the header's source line (a file path): it is worth showing but must never decide how
    narrow a page may be, and cutting ``folder/sub/name.txt`` in the middle of a folder name leaves
    pieces that mean nothing. :meth:`text` is the full text; the tooltip shows it when shortened.
    """

    def __init__(
        self,
        text: str = "",
        parent: QWidget | None = None,
        mode: Qt.TextElideMode = Qt.TextElideMode.ElideMiddle,
    ) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._mode = mode
        self._full = ""
        self._shorter: tuple[str, ...] = ()
        self._extra_tip = ""
        self.setText(text)

    def setText(self, text: str, shorter: Sequence[str] = ()) -> None:
        self._full = text
        self._shorter = tuple(shorter)
        self._elide()
        self.updateGeometry()

    def set_extra_tooltip(self, tip: str) -> None:
        """A tooltip shown under the full text (which the tooltip repeats only when it is elided)."""
        self._extra_tip = tip
        self._elide()

    def text(self) -> str:
        return self._full

    def _elide(self) -> None:
        width = self.contentsRect().width()
        metrics = self.fontMetrics()
        shown = self._full
        if width > 0:
            for form in (self._full, *self._shorter):
                shown = form
                if metrics.horizontalAdvance(form) <= width:
                    break
            else:
                shown = metrics.elidedText(shown, self._mode, width)
        super().setText(shown)
        parts = [self._full] if shown != self._full else []
        if self._extra_tip:
            parts.append(self._extra_tip)
        self.setToolTip(plain_tooltip("\n".join(parts)) if parts else "")

    def sizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance(self._full) + 2, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance("…") * 4, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()


ORIGINAL_TIP = "Show the untouched source text, boilerplate included"
ORIGINAL_ON_TIP = (
    "Showing the untouched source text. Highlighting is off here: highlights and notes belong "
    "to the clean text. Click again to go back to it."
)
TITLE_SCALE = 1.55  # the title's size in reading-text sizes
TITLE_SCALE_COMPACT = 1.25
EDIT_DETAILS_TIP = "Correct this article's date, title, outlet, language or byline"
SIDE_BY_SIDE_TIP = "Read this article next to its translation, a suggested counterpart or any article"


class ArticleHeader(QWidget):
    """Title, date with provenance, outlet, byline, source, duplicates, "Show original", "Edit details…".

    Fields the user corrected (:meth:`set_corrected_fields`) say so: the date reads
    "14 March 2020 (corrected)", other fields are named after the source line.
    """

    openRequested = Signal(str)
    originalToggled = Signal(bool)
    editDetailsRequested = Signal()
    # The "Side by side" menu is about to show (the QMenu, empty): its owner fills it with the
    # article's pair and suggestions, which the header knows nothing about.
    sideBySideMenuRequested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAutoFillBackground(True)
        self._theme = get_theme(DEFAULT_THEME)
        self._zoom = 1.0
        self._language = "en"
        self._compact = False
        self._duplicate_ids: list[str] = []

        self.title_label = plain_label()
        self.title_label.setWordWrap(True)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

        self.date_label = plain_label()
        self.date_label.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        # "No date (mentions 2016: not before 2016)" may wrap rather than set the page's width.
        self.date_label.setWordWrap(True)
        self.meta_label = plain_label()
        self.meta_label.setWordWrap(True)
        self.meta_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.source_label = ElidedLabel()
        self.source_label.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.source_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # A saved web page's address: shown and selectable (to copy, to cite), never a link: the
        # reader never opens the web from a document.
        self.url_label = ElidedLabel()
        self.url_label.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.url_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.url_label.setAccessibleName("The page's address")
        self.url_label.hide()
        # Folded (a side-by-side column scrolled into its text): the title and date on one line.
        self.folded_label = ElidedLabel(mode=Qt.TextElideMode.ElideRight)
        self.folded_label.hide()
        self._folded = False

        self.original_button = QPushButton("Show original")
        self.original_button.setCheckable(True)
        self.original_button.setFlat(True)
        self.original_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.original_button.setToolTip(ORIGINAL_TIP)
        self.original_button.toggled.connect(self._update_original_tip)
        self.original_button.toggled.connect(self.originalToggled)
        self.edit_button = QPushButton("Edit details…")
        self.edit_button.setFlat(True)
        self.edit_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.edit_button.setToolTip(EDIT_DETAILS_TIP)
        self.edit_button.clicked.connect(self.editDetailsRequested)
        self.side_by_side_button = QPushButton("Side by side")
        self.side_by_side_button.setFlat(True)
        self.side_by_side_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.side_by_side_button.setToolTip(SIDE_BY_SIDE_TIP)
        self._side_menu = QMenu(self.side_by_side_button)
        self._side_menu.setToolTipsVisible(True)
        self._side_menu.aboutToShow.connect(self._fill_side_menu)
        self.side_by_side_button.setMenu(self._side_menu)
        self._source_text = ""
        self._source_name = ""
        self._corrected: list[str] = []

        self._also_label = plain_label("Also in:")
        self._also_layout = QHBoxLayout()
        self._also_layout.setContentsMargins(0, 0, 0, 0)
        self._also_layout.setSpacing(4)
        self._also_layout.addWidget(self._also_label)
        self._also_buttons: list[QToolButton] = []
        self._also_row = QWidget()
        also_outer = QHBoxLayout(self._also_row)
        also_outer.setContentsMargins(0, 0, 0, 0)
        also_outer.addLayout(self._also_layout)
        also_outer.addStretch(1)
        self._also_row.hide()

        meta_row = QHBoxLayout()
        meta_row.setSpacing(6)
        meta_row.addWidget(self.date_label)
        self._dot = plain_label("·")
        meta_row.addWidget(self._dot)
        meta_row.addWidget(self.meta_label, 1)

        # In a narrow (compact) column the source line has a row of its own, above the buttons.
        self._source_line = QHBoxLayout()
        source_row = QHBoxLayout()
        self._source_row = source_row
        source_row.addWidget(self.source_label, 1)
        source_row.addWidget(self.side_by_side_button)
        source_row.addWidget(self.edit_button)
        source_row.addWidget(self.original_button)

        self._rule = QFrame()
        self._rule.setFrameShape(QFrame.Shape.NoFrame)
        self._rule.setFixedHeight(1)
        self._rule.setAutoFillBackground(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(MIN_SIDE_MARGIN, 18, MIN_SIDE_MARGIN, 0)
        layout.setSpacing(4)
        layout.addWidget(self.title_label)
        layout.addWidget(self.folded_label)
        layout.addSpacing(4)
        layout.addLayout(meta_row)
        layout.addWidget(self.url_label)
        layout.addLayout(self._source_line)
        layout.addLayout(source_row)
        layout.addWidget(self._also_row)
        # Extra height (the side-by-side view levels two headers) goes above the rule, so both
        # rules, and the texts under them, start at the same height.
        layout.addStretch(1)
        layout.addSpacing(8)
        layout.addWidget(self._rule)
        self._apply_theme()

    def set_document(self, doc: Document, duplicates: Sequence[str] = ()) -> None:
        direction = document_direction(doc)
        qt_dir = Qt.LayoutDirection.RightToLeft if direction == "rtl" else Qt.LayoutDirection.LeftToRight
        self.setLayoutDirection(qt_dir)
        self.date_label.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.source_label.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self._language = "ar" if direction == "rtl" else "en"

        self.title_label.setText(doc.title)
        self.title_label.setLayoutDirection(qt_dir)
        self.title_label.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignTop)
        self.folded_label.setLayoutDirection(qt_dir)
        self.folded_label.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)

        self.date_label.setText(date_label(doc.date))
        self.date_label.setToolTip(plain_tooltip(doc.date.evidence or "no date evidence"))
        # A wrapping label is laid out at a narrow guess: "No date (on or after 6 April 2020)" came out
        # on three lines beside a short outlet. Its own width, up to about 36 characters.
        metrics = self.date_label.fontMetrics()
        natural = metrics.horizontalAdvance(self.date_label.text()) + 4
        self.date_label.setMinimumWidth(min(natural, metrics.averageCharWidth() * 36))

        fields = [f for f in (doc.outlet, doc.byline) if f]
        meta = "  ·  ".join(isolate(f.strip()) for f in fields)
        self.meta_label.setText(meta)
        # Next to the date, on the article's side, whatever the script of the byline.
        self.meta_label.setAlignment(
            side_of(direction) | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter
        )
        self.meta_label.setVisible(bool(meta))
        self._dot.setVisible(bool(meta))
        meta_dir = direction_of(meta) if meta else direction
        self.meta_label.setLayoutDirection(
            Qt.LayoutDirection.RightToLeft if meta_dir == "rtl" else Qt.LayoutDirection.LeftToRight
        )

        self.url_label.setText(doc.url or "")
        self.url_label.setAlignment(
            side_of(direction) | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter
        )
        self.url_label.setVisible(bool(doc.url) and not self._folded)
        source = f"{doc.source}, article {doc.segment}"
        self._source_name = f"{doc.source.replace(chr(92), '/').rsplit('/', 1)[-1]}, article {doc.segment}"
        if doc.encoding and doc.encoding.lower().replace("_", "-") not in ("utf-8", "utf8", "ascii"):
            source += f" ({doc.encoding})"
        self._source_text = source
        self.source_label.set_extra_tooltip(boundary_tip(doc))
        self._show_source()
        # English text in its own left-to-right label, but on the article's side of the header.
        self.source_label.setAlignment(
            side_of(direction) | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter
        )
        self.set_duplicates(duplicates)
        self.folded_label.setText(f"{doc.title}  ·  {date_label(doc.date)}")
        self._apply_fonts()

    def set_duplicates(self, ids: Sequence[str]) -> None:
        """Show "Also in:" buttons for the given document ids (each emits :attr:`openRequested`)."""
        for button in self._also_buttons:
            self._also_layout.removeWidget(button)
            button.deleteLater()
        self._also_buttons = []
        self._duplicate_ids = list(ids)
        for doc_id in self._duplicate_ids:
            button = QToolButton()
            button.setText(mnemonic_safe(doc_id))
            button.setAutoRaise(True)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setToolTip(plain_tooltip(f"Open the same article in {doc_id}"))
            button.clicked.connect(lambda _checked=False, d=doc_id: self.openRequested.emit(d))
            self._also_layout.addWidget(button)
            self._also_buttons.append(button)
        self._also_row.setVisible(bool(self._duplicate_ids))
        self._apply_theme()

    @property
    def duplicate_buttons(self) -> list[QToolButton]:
        return list(self._also_buttons)

    @property
    def side_by_side_menu(self) -> QMenu:
        return self._side_menu

    def _fill_side_menu(self) -> None:
        self._side_menu.clear()
        self.sideBySideMenuRequested.emit(self._side_menu)
        if self._side_menu.isEmpty():
            self._side_menu.addAction("No other article to show").setEnabled(False)

    def set_corrected_fields(self, fields: Sequence[str]) -> None:
        """Name the fields the user corrected (the date says so itself, through its provenance)."""
        self._corrected = [f for f in fields if f != "date"]
        self._show_source()
        tip = EDIT_DETAILS_TIP
        if fields:
            tip += "\nCorrected by you: " + ", ".join(fields)
        self.edit_button.setToolTip(tip)

    @property
    def corrected_fields(self) -> list[str]:
        return list(self._corrected)

    def _show_source(self) -> None:
        corrected = " · corrected: " + ", ".join(self._corrected) if self._corrected else ""
        full = self._source_text + corrected
        # Narrower forms, each still meaningful: the file's name without its folders, then
        # without the encoding note, then without the corrections (the tooltip has them all).
        name = self._source_name
        self.source_label.setText(full, [f"{name}{corrected}", name, name.replace(", article ", " · ")])

    def set_original_checked(self, checked: bool) -> None:
        """Reflect the mode without emitting :attr:`originalToggled`."""
        self.original_button.blockSignals(True)
        self.original_button.setChecked(checked)
        self.original_button.blockSignals(False)
        self._update_original_tip(checked)

    def _update_original_tip(self, checked: bool) -> None:
        self.original_button.setToolTip(ORIGINAL_ON_TIP if checked else ORIGINAL_TIP)

    def set_zoom(self, factor: float) -> None:
        self._zoom = factor
        self._apply_fonts()

    def set_columns(self, left: int, right: int) -> None:
        """Align the header with the article's text column."""
        # Layout margins are mirrored by Qt in a right-to-left header: pass them as they are.
        layout = self.layout()
        margins = layout.contentsMargins()
        layout.setContentsMargins(left, margins.top(), right, margins.bottom())

    def minimumSizeHint(self) -> QSize:
        """The layout's minimum, counting the side margins at their smallest.

        The margins follow the text column, which widens with the page; counted at their current
        width they would stop the page from ever getting narrower again (a window or a
        side-by-side splitter could grow the reading area but not shrink it back).
        """
        hint = super().minimumSizeHint()
        margins = self.layout().contentsMargins()
        extra = max(0, margins.left() - MIN_SIDE_MARGIN) + max(0, margins.right() - MIN_SIDE_MARGIN)
        return QSize(max(0, hint.width() - extra), hint.height())

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self._apply_theme()

    def set_compact(self, compact: bool) -> None:
        """A smaller title and less room above it, for a half-width page (the side-by-side view):
        a display-size title over a narrow column would take three lines and a third of the page."""
        self._compact = compact
        layout = self.layout()
        margins = layout.contentsMargins()
        layout.setContentsMargins(margins.left(), 10 if compact else 18, margins.right(), margins.bottom())
        if compact:
            self._source_row.removeWidget(self.source_label)
            self._source_line.addWidget(self.source_label, 1)
        else:
            self._source_line.removeWidget(self.source_label)
            self._source_row.insertWidget(0, self.source_label, 1)
        self._apply_fonts()

    def set_folded(self, folded: bool) -> None:
        """Title and date on one line, the rest hidden: a narrow column scrolled into its text
        gives the header's room back to the text, and gets it again at the top."""
        if folded == self._folded:
            return
        self._folded = folded
        self.folded_label.setText(f"{self.title_label.text()}  ·  {self.date_label.text()}")
        for widget in (self.title_label, self.date_label, self._dot, self.meta_label, self.source_label,
                       self.url_label, self.side_by_side_button, self.edit_button, self.original_button):
            if folded:
                widget.setProperty("visibleUnfolded", not widget.isHidden())
                widget.hide()
            elif widget.property("visibleUnfolded"):
                widget.show()
        if folded:
            self._also_row.setProperty("visibleUnfolded", not self._also_row.isHidden())
            self._also_row.hide()
        elif self._also_row.property("visibleUnfolded"):
            self._also_row.show()
        self.folded_label.setVisible(folded)

    @property
    def folded(self) -> bool:
        return self._folded

    def _apply_fonts(self) -> None:
        factor = TITLE_SCALE_COMPACT if self._compact else TITLE_SCALE
        title = reading_font(self._language, DEFAULT_POINT_SIZE * factor, self._zoom)
        title.setWeight(QFont.Weight.Bold)
        self.title_label.setFont(title)
        folded = reading_font(self._language, DEFAULT_POINT_SIZE, self._zoom)
        folded.setWeight(QFont.Weight.Bold)
        self.folded_label.setFont(folded)

    def _apply_theme(self) -> None:
        theme = self._theme
        pal = reading_palette(theme, self.palette())
        self.setPalette(pal)
        muted = QPalette(pal)
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            muted.setColor(group, QPalette.ColorRole.WindowText, theme.color("muted"))
            muted.setColor(group, QPalette.ColorRole.ButtonText, theme.color("muted"))
        for label in (self.date_label, self.meta_label, self.source_label, self.url_label, self._also_label,
                      self._dot):
            label.setPalette(muted)
        self.original_button.setPalette(muted)
        self.edit_button.setPalette(muted)
        self.side_by_side_button.setPalette(muted)
        link = QPalette(pal)
        link.setColor(QPalette.ColorRole.ButtonText, theme.color("link"))
        for button in self._also_buttons:
            button.setPalette(link)
        rule = QPalette(pal)
        rule.setColor(QPalette.ColorRole.Window, theme.color("border"))
        self._rule.setPalette(rule)
