"""The find-in-article bar under the page."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QSizePolicy, QStyle, QToolButton, QWidget

from reader.ui.reading.labels import plain_label


class FindBar(QWidget):
    """Find-in-article controls: query, "n of m", previous/next and close."""

    queryChanged = Signal(str)
    nextRequested = Signal()
    previousRequested = Signal()
    closeRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("Find in article")
        self.edit.setClearButtonEnabled(True)
        self.edit.setMinimumWidth(220)
        self.edit.setMaximumWidth(420)
        self.edit.textChanged.connect(self.queryChanged)
        self.edit.installEventFilter(self)
        self.count_label = plain_label("")
        self.count_label.setMinimumWidth(72)
        style = self.style()
        self.previous_button = QToolButton()
        self.previous_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowUp))
        self.previous_button.setToolTip("Previous match (Shift+Enter, Shift+F3)")
        self.previous_button.setAutoRaise(True)
        self.previous_button.clicked.connect(self.previousRequested)
        self.next_button = QToolButton()
        self.next_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowDown))
        self.next_button.setToolTip("Next match (Enter, F3)")
        self.next_button.setAutoRaise(True)
        self.next_button.clicked.connect(self.nextRequested)
        self.close_button = QToolButton()
        self.close_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_TitleBarCloseButton))
        self.close_button.setToolTip("Close (Esc)")
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self.closeRequested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(4)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addStretch(1)
        layout.addWidget(self.close_button)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def set_count(self, index: int, total: int) -> None:
        if not self.edit.text():
            self.count_label.setText("")
        elif total == 0:
            self.count_label.setText("No matches")
        else:
            self.count_label.setText(f"{index + 1} of {total}")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            key_event: QKeyEvent = event  # type: ignore[assignment]
            if key_event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if key_event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                    self.previousRequested.emit()
                else:
                    self.nextRequested.emit()
                return True
            if key_event.key() == Qt.Key.Key_Escape:
                self.closeRequested.emit()
                return True
        return super().eventFilter(watched, event)
