"""File → Corpus Problems…: every skipped file and every bad row of metadata.csv or aliases.csv.

Why a window and not a tooltip: a researcher's folder can have hundreds of skipped files or bad
rows, and each one is something to fix at its source. They need to be read, scrolled, searched and
copied. File names and cell contents are untrusted, so everything is plain text.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reader.ingest.loader import Skipped


def problems_report(
    skipped: Sequence[Skipped], problems: Sequence[str], alias_problems: Sequence[str] = ()
) -> list[tuple[str, list[str]]]:
    """The sections of the report: (heading, lines), only those with lines."""
    sections = [
        ("Files skipped", [f"{s.path}: {s.reason}" for s in skipped]),
        ("Corpus problems (metadata.csv, corrections)", list(problems)),
        ("Alias table problems (aliases.csv)", list(alias_problems)),
    ]
    return [(heading, lines) for heading, lines in sections if lines]


def problem_count(report: Sequence[tuple[str, list[str]]]) -> int:
    return sum(len(lines) for _, lines in report)


def report_text(report: Sequence[tuple[str, list[str]]]) -> str:
    blocks = [f"{heading} ({len(lines)})\n" + "\n".join(f"  {line}" for line in lines)
              for heading, lines in report]
    return "\n\n".join(blocks) if blocks else "No problems: every file was read and every row applied."


class ProblemsDialog(QDialog):
    """Non-modal: the researcher can keep it open while fixing files and re-scanning (F5)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Corpus problems")
        self.resize(760, 440)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("&Copy All")
        self.copy_button.setToolTip("Copy the whole list to the clipboard as plain text")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_all)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.set_report([])

    def set_report(self, report: Sequence[tuple[str, list[str]]]) -> None:
        count = problem_count(report)
        self.summary.setText(
            "Nothing to fix." if not count else
            f"{count} {'problem' if count == 1 else 'problems'}. Fix them in the files named, then "
            "press F5 (Re-scan Corpus). The rest of the corpus is read as usual."
        )
        self.text.setPlainText(report_text(report))

    def copy_all(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())
