"""Choosing an article's counterpart: its known pair, suggestions with their reasons, or any article.

Why a dialog of its own rather than a menu: a suggestion is only worth acting on when the reader
can see *why* it was made (shared names, numbers, dates, publication days: the reasons
:class:`~reader.align.pairing.PairingIndex` gives in words), and a pair the software cannot guess
must still be reachable, so every other article is listed below the suggestions with a filter.

The dialog writes pairs itself (``Store.add_pair`` with origin ``user`` or ``dismissed``,
``Store.remove_pair``): each is one durable transaction, and the dialog re-reads the pair states
and suggestions after each, so a dismissed suggestion disappears at once. It never blocks: it is
opened with ``open()``, suggestions may arrive later (:meth:`PairDialog.refresh`), and failures
are shown in the dialog, never raised out of a slot.

Titles are plain text everywhere (item views do not interpret markup) and every Arabic title is
drawn right-to-left, right-aligned, in the Arabic reading font chain.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPalette, QTextOption
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from reader.align.pairing import LIKELY, POSSIBLE, VERY_LIKELY
from reader.ingest.model import Document
from reader.store.db import StoreError
from reader.text.find_fold import fold_for_find
from reader.text.script import direction_of
from reader.ui.fonts import font_chain
from reader.ui.reading.labels import date_label

if TYPE_CHECKING:
    from reader.align.pairing import Suggestion
    from reader.store.annotations import Store

__all__ = ["PairDialog", "origin_words", "score_words"]

log = logging.getLogger(__name__)

_USER = int(Qt.ItemDataRole.UserRole)
DocIdRole = _USER + 1  #: str, the article id
TitleRole = _USER + 2  #: str, one line
RtlRole = _USER + 3  #: bool, the title is Arabic
MetaRole = _USER + 4  #: str, language · date · outlet · id · pair state
ReasonsRole = _USER + 5  #: str, the suggestion's reasons in words ("" for plain articles)

SUGGESTIONS = 8
ARABIC_UI_SCALE = 1.15
_PAD_X, _PAD_Y, _GAP = 8, 6, 2
_LRI, _RLI, _FSI, _PDI = "\u2066", "\u2067", "\u2068", "\u2069"
LANGUAGES = {"en": "English", "ar": "Arabic", "mixed": "Mixed", "other": "Other"}
READ_ONLY_TIP = "Your notes file is read-only or unavailable, so pairs cannot be saved"


def score_words(score: float) -> str:
    """A suggestion's score as a reader would say it (the scale is the pairing index's)."""
    if score >= VERY_LIKELY:
        return "very likely its translation"
    if score >= LIKELY:
        return "likely counterpart"
    if score >= POSSIBLE:
        return "possible counterpart"
    return "weak match"


def origin_words(origin: str | None) -> str:
    """How a pair came to be, for labels and tooltips."""
    return {
        "declared": "declared as its translation in metadata.csv",
        "user": "paired by you",
        "dismissed": "dismissed by you as not its counterpart",
    }.get(origin or "", "")


def _one_line(text: str) -> str:
    return " ".join((text or "").split()) or "(untitled)"


class _ArticleDelegate(QStyledItemDelegate):
    """Title (in its own direction and font), a muted meta line, and the reasons, wrapped."""

    def __init__(self, view: QListWidget, *, wrap_title: bool) -> None:
        super().__init__(view)
        self._view = view
        self._wrap_title = wrap_title

    def _fonts(self, base: QFont, rtl: bool) -> tuple[QFont, QFont]:
        title = QFont(base)
        title.setBold(True)
        if rtl:
            title.setFamilies(font_chain("ar"))
            title.setPointSizeF(base.pointSizeF() * ARABIC_UI_SCALE)
        small = QFont(base)
        small.setPointSizeF(base.pointSizeF() * 0.92)
        return title, small

    def _pieces(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> list[tuple[str, QFont, bool, bool]]:
        """(text, font, rtl, wrap) for each line block of the row.

        The lines under an Arabic title are English (left-to-right) but sit on the title's side,
        as in the search results, so each row reads from one edge.
        """
        rtl = bool(index.data(RtlRole))
        title_font, small = self._fonts(option.font, rtl)
        title = str(index.data(TitleRole) or "")
        pieces = [(title, title_font, rtl, self._wrap_title)]
        meta = str(index.data(MetaRole) or "")
        if meta:
            pieces.append((meta, small, rtl, self._wrap_title))
        reasons = str(index.data(ReasonsRole) or "")
        if reasons:
            pieces.append((reasons, small, rtl, True))
        return pieces

    @staticmethod
    def _height(text: str, font: QFont, width: float, wrap: bool) -> float:
        metrics = QFontMetricsF(font)
        if not wrap:
            return metrics.height()
        flags = int(Qt.TextFlag.TextWordWrap)
        return max(metrics.height(), metrics.boundingRect(QRectF(0, 0, width, 1e6), flags, text).height())

    def _width(self, option: QStyleOptionViewItem) -> float:
        """Text width: the row's, never wider than the viewport (no horizontal scrolling)."""
        viewport = self._view.viewport().width()
        width = min(option.rect.width(), viewport) if option.rect.width() > 0 else viewport
        return max(120.0, width - 2 * _PAD_X)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        width = max(120.0, self._view.viewport().width() - 2 * _PAD_X)
        height = 2 * _PAD_Y
        pieces = self._pieces(option, index)
        for text, font, _rtl, wrap in pieces:
            height += self._height(text, font, width, wrap)
        height += _GAP * (len(pieces) - 1)
        return QSize(int(width + 2 * _PAD_X), int(height + 0.999))

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else self._view.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        active = bool(opt.state & QStyle.StateFlag.State_Active)
        group = QPalette.ColorGroup.Active if active else QPalette.ColorGroup.Inactive
        text_colour = opt.palette.color(
            group, QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        muted = opt.palette.color(group, QPalette.ColorRole.PlaceholderText)
        if selected:
            muted = text_colour
        width = self._width(opt)
        y = opt.rect.top() + _PAD_Y
        painter.save()
        for n, (text, font, right, wrap) in enumerate(self._pieces(opt, index)):
            height = self._height(text, font, width, wrap)
            rect = QRectF(opt.rect.left() + _PAD_X, y, width, height)
            side = Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft
            text_option = QTextOption(side | Qt.AlignmentFlag.AlignAbsolute)
            # Only the title is right-to-left; the lines under it are English, right-aligned.
            rtl = right and n == 0
            direction = Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
            text_option.setTextDirection(direction)
            text_option.setWrapMode(
                QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere if wrap else QTextOption.WrapMode.NoWrap
            )
            shown = text
            if not wrap:
                shown = QFontMetricsF(font).elidedText(text, Qt.TextElideMode.ElideRight, width)
            painter.setFont(font)
            painter.setPen(text_colour if n == 0 else muted)
            painter.drawText(rect, shown, text_option)
            y += height + _GAP
        painter.restore()


class PairDialog(QDialog):
    """The counterpart of ``doc``: known pairs and suggestions first, then every other article.

    ``suggest(doc_id)`` returns suggestions best first, or None while the pairing index is being
    built (call :meth:`refresh` when it is ready). ``pair_states(doc_id)`` maps other article ids
    to ``declared``, ``user`` or ``dismissed``.

    Signals: ``openRequested(doc_id, other_id)`` ("Open side by side", or a double-click),
    ``pairsChanged(doc_id, other_id)`` after a pair was saved, dismissed or removed.
    """

    openRequested = Signal(str, str)
    pairsChanged = Signal(str, str)

    def __init__(
        self,
        doc: Document,
        documents: Mapping[str, Document],
        store: Store | None,
        *,
        suggest: Callable[[str], Sequence[Suggestion] | None],
        pair_states: Callable[[str], Mapping[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Side by Side")
        self.doc = doc
        self._documents = documents
        self._store = store
        self._suggest = suggest
        self._pair_states = pair_states
        self._states: dict[str, str] = {}
        self._suggestions: list[Suggestion] | None = None
        self._items: dict[str, QListWidgetItem] = {}
        self._folded: dict[str, str] = {}

        title = _one_line(doc.title)
        isolate = _RLI if direction_of(title) == "rtl" else _LRI
        heading = QLabel(f"Read “{isolate}{title}{_PDI}” side by side with…")
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setWordWrap(True)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)

        self.suggestions_label = QLabel("Its translation and suggested counterparts")
        self.suggestions_label.setTextFormat(Qt.TextFormat.PlainText)
        self.suggestions_view = QListWidget()
        self.suggestions_view.setItemDelegate(_ArticleDelegate(self.suggestions_view, wrap_title=True))
        self.suggestions_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.suggestions_view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.suggestions_view.setWordWrap(True)
        for view in (self.suggestions_view,):
            view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            view.setResizeMode(QListView.ResizeMode.Adjust)

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter all articles by title, outlet, date or id")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._filter)
        self.articles_view = QListWidget()
        self.articles_view.setItemDelegate(_ArticleDelegate(self.articles_view, wrap_title=False))
        self.articles_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.articles_view.setUniformItemSizes(True)  # one line of title each: fast at 10,000 rows
        self.articles_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.articles_view.setResizeMode(QListView.ResizeMode.Adjust)

        self.message_label = QLabel()
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        self.message_label.setWordWrap(True)

        self.open_button = QPushButton("Open side by side")
        self.open_button.setDefault(True)
        self.save_button = QPushButton("Save as pair")
        self.save_button.setToolTip("Remember these two articles as translations of each other")
        self.dismiss_button = QPushButton("Dismiss suggestion")
        self.dismiss_button.setToolTip("Not its counterpart: never suggest it again")
        self.remove_button = QPushButton("Remove pair")
        self.remove_button.setToolTip("Forget the pair you made (or your dismissal)")
        self.close_button = QPushButton("Close")
        self.open_button.clicked.connect(self.open_selected)
        self.save_button.clicked.connect(self.save_pair)
        self.dismiss_button.clicked.connect(self.dismiss)
        self.remove_button.clicked.connect(self.remove_pair)
        self.close_button.clicked.connect(self.reject)

        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.dismiss_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.open_button)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addSpacing(4)
        layout.addWidget(self.suggestions_label)
        layout.addWidget(self.suggestions_view, 3)
        layout.addSpacing(6)
        all_label = QLabel("Or any article")
        all_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(all_label)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.articles_view, 2)
        layout.addWidget(self.message_label)
        layout.addLayout(buttons)

        for view in (self.suggestions_view, self.articles_view):
            view.itemSelectionChanged.connect(lambda v=view: self._selection_changed(v))
            view.itemDoubleClicked.connect(lambda _item: self.open_selected())
        self._fill_articles()
        self.refresh()
        self.resize(760, 680)

    # -- content -------------------------------------------------------------------------------

    @property
    def writable(self) -> bool:
        return self._store is not None and not self._store.read_only

    def suggestion_ids(self) -> list[str]:
        """Ids in the upper list, in order (known pairs first, then suggestions)."""
        view = self.suggestions_view
        return [str(view.item(i).data(DocIdRole)) for i in range(view.count())]

    def article_ids(self, visible_only: bool = True) -> list[str]:
        """Ids in the lower list, in order (only those the filter lets through by default)."""
        view = self.articles_view
        return [
            str(view.item(i).data(DocIdRole))
            for i in range(view.count())
            if not (visible_only and view.item(i).isHidden())
        ]

    def reasons_of(self, doc_id: str) -> str:
        """The reasons shown for ``doc_id`` in the upper list ("" if it is not there)."""
        for i in range(self.suggestions_view.count()):
            item = self.suggestions_view.item(i)
            if item.data(DocIdRole) == doc_id:
                return str(item.data(ReasonsRole) or "")
        return ""

    def refresh(self) -> None:
        """Re-read the pair states and the suggestions (after a write, or when the index is ready)."""
        selected = self.selected_id()
        try:
            self._states = dict(self._pair_states(self.doc.id))
        except (StoreError, sqlite3.Error) as exc:
            log.warning("could not read pairs: %s", exc)
            self._states = {}
        found = self._suggest(self.doc.id)
        self._suggestions = list(found) if found is not None else None
        self._fill_suggestions()
        for doc_id, item in self._items.items():
            item.setData(MetaRole, self._meta(self._documents[doc_id]))
        if (selected is None or not self.select(selected)) and self.suggestions_view.count():
            self.suggestions_view.setCurrentRow(0)
        self._update_buttons()

    def _meta(self, doc: Document, score: float | None = None, *, state: bool = True) -> str:
        """Language, date, outlet, id (and the pair state, the score): each field isolated, so an
        Arabic outlet next to an id that starts with digits does not swap places with it."""
        parts = [LANGUAGES.get(doc.language, doc.language), date_label(doc.date)]
        if doc.outlet:
            parts.append(_one_line(doc.outlet))
        parts.append(doc.id)
        if state and (origin := self._states.get(doc.id)):
            parts.append(origin_words(origin))
        if score is not None:
            parts.append(f"score {score:.2f}, {score_words(score)}")
        return "  ·  ".join(f"{_FSI}{part}{_PDI}" for part in parts)

    def _row(self, doc: Document, reasons: str, score: float | None) -> QListWidgetItem:
        title = _one_line(doc.title)
        item = QListWidgetItem()
        item.setData(DocIdRole, doc.id)
        item.setData(TitleRole, title)
        item.setData(RtlRole, direction_of(title) == "rtl")
        # In the upper list the reasons say how the pair came to be; the lower list says it here.
        item.setData(MetaRole, self._meta(doc, score, state=not reasons))
        item.setData(ReasonsRole, reasons)
        item.setToolTip(f"{doc.source}, article {doc.segment}")
        return item

    def _fill_suggestions(self) -> None:
        view = self.suggestions_view
        view.blockSignals(True)
        view.clear()
        by_id = {s.doc_id: s for s in self._suggestions or []}
        known = [other for other, state in self._states.items() if state in ("declared", "user")]
        for other in known:
            doc = self._documents.get(other)
            if doc is None:
                continue
            suggestion = by_id.get(other)
            reasons = list(suggestion.reasons) if suggestion is not None else []
            origin = origin_words(self._states[other])
            if origin not in reasons:
                reasons.insert(0, origin)
            view.addItem(self._row(doc, "; ".join(reasons), suggestion.score if suggestion else None))
        for suggestion in self._suggestions or []:
            doc = self._documents.get(suggestion.doc_id)
            if doc is None or suggestion.doc_id in known:
                continue
            reasons = "; ".join(suggestion.reasons) or "published close in time"
            view.addItem(self._row(doc, reasons, suggestion.score))
        view.blockSignals(False)
        if self._suggestions is None:
            self.suggestions_label.setText("Its translation and suggested counterparts (finding more…)")
        elif view.count() == 0:
            self.suggestions_label.setText("No suggestions: choose any article below")
        else:
            self.suggestions_label.setText("Its translation and suggested counterparts")

    def _fill_articles(self) -> None:
        """Every other article (canonical copies), the other language first, then by date."""
        own = self.doc.language
        docs = [
            d for d in self._documents.values()
            if d.id != self.doc.id and d.duplicate_of is None and d.id != self.doc.duplicate_of
        ]
        docs.sort(key=lambda d: (d.language == own, d.date.sort_key, _one_line(d.title).casefold(), d.id))
        view = self.articles_view
        view.blockSignals(True)
        for doc in docs:
            item = self._row(doc, "", None)
            view.addItem(item)
            self._items[doc.id] = item
            self._folded[doc.id] = fold_for_find(
                f"{_one_line(doc.title)} {doc.outlet or ''} {date_label(doc.date)} {doc.id} {doc.source}"
            )
        view.blockSignals(False)

    def _filter(self, text: str) -> None:
        needle = fold_for_find(" ".join(text.split()))
        for doc_id, item in self._items.items():
            item.setHidden(bool(needle) and needle not in self._folded[doc_id])

    # -- selection -----------------------------------------------------------------------------

    def selected_id(self) -> str | None:
        for view in (self.suggestions_view, self.articles_view):
            items = view.selectedItems()
            if items:
                return str(items[0].data(DocIdRole))
        return None

    def select(self, doc_id: str) -> bool:
        """Select ``doc_id`` in the upper list if it is there, else in the lower one."""
        for view in (self.suggestions_view, self.articles_view):
            for i in range(view.count()):
                item = view.item(i)
                if item.data(DocIdRole) == doc_id and not item.isHidden():
                    view.setCurrentItem(item)
                    item.setSelected(True)
                    view.scrollToItem(item)
                    return True
        return False

    def _selection_changed(self, view: QListWidget) -> None:
        if view.selectedItems():
            other = self.articles_view if view is self.suggestions_view else self.suggestions_view
            other.blockSignals(True)
            other.clearSelection()
            other.blockSignals(False)
        self._update_buttons()

    def _update_buttons(self) -> None:
        other = self.selected_id()
        state = self._states.get(other) if other else None
        writable = self.writable
        in_upper = other is not None and other in self.suggestion_ids()
        self.open_button.setEnabled(other is not None)
        self.save_button.setEnabled(writable and other is not None and state not in ("declared", "user"))
        self.dismiss_button.setEnabled(writable and in_upper and state in (None, "declared"))
        self.remove_button.setEnabled(writable and state in ("user", "dismissed"))
        self.remove_button.setText("Undo dismissal" if state == "dismissed" else "Remove pair")
        for button in (self.save_button, self.dismiss_button, self.remove_button):
            if not writable:
                button.setToolTip(READ_ONLY_TIP)

    # -- actions -------------------------------------------------------------------------------

    def open_selected(self) -> bool:
        other = self.selected_id()
        if other is None:
            return False
        self.openRequested.emit(self.doc.id, other)
        self.accept()
        return True

    def _write(self, what: str, fn: Callable[[], object], done: str) -> bool:
        other = self.selected_id()
        if other is None or not self.writable:
            return False
        try:
            fn()
        except (StoreError, sqlite3.Error, ValueError) as exc:
            log.warning("could not %s: %s", what, exc)
            self.message_label.setText(f"Could not {what}: {exc}")
            return False
        self.message_label.setText(done)
        self.refresh()
        self.select(other)
        self.pairsChanged.emit(self.doc.id, other)
        return True

    def save_pair(self) -> bool:
        """Store the selected article as this one's counterpart (origin ``user``)."""
        other = self.selected_id()
        if other is None:
            return False
        return self._write(
            "save the pair",
            lambda: self._store.add_pair(self.doc.id, other, "user"),  # type: ignore[union-attr]
            "Saved: these two articles are now a pair.",
        )

    def dismiss(self) -> bool:
        """Say the selected suggestion is not this article's counterpart (origin ``dismissed``)."""
        other = self.selected_id()
        if other is None:
            return False
        return self._write(
            "dismiss the suggestion",
            lambda: self._store.add_pair(self.doc.id, other, "dismissed"),  # type: ignore[union-attr]
            "Dismissed: it will not be suggested again (Undo dismissal in the list below).",
        )

    def remove_pair(self) -> bool:
        """Forget the pair the user made, or a dismissal."""
        other = self.selected_id()
        if other is None:
            return False
        return self._write(
            "remove the pair",
            lambda: self._store.remove_pair(self.doc.id, other),  # type: ignore[union-attr]
            "Removed.",
        )
