"""File → Export Notes… and Import Notes…, and the notes panel's "Export…": the notes as files.

Why it is built this way:

* **One implementation.** These dialogs and the command line (``corpus-reader notes export`` /
  ``notes import``) call the same core functions: :func:`reader.store.exports.export_bytes`
  (Markdown, CSV, JSON-LD), :func:`reader.ui.pdf_export.pdf_bytes`, and for an import
  :func:`reader.store.jsonld.plan_import` (the command line's ``--dry-run``) then
  :func:`reader.store.jsonld.apply_import` after a backup of the notes file. Files are written
  with :func:`reader.fileio.atomic_write`: a failure never leaves half a file behind.
* **A preview before an import.** Our own exports, other W3C Web Annotation tools' files and
  Hypothesis exports are all read; before anything is written, :class:`ImportPreviewDialog` says
  how many notes attach exactly, fuzzily (found by a search for their quote), ambiguously, or
  become orphans, lists each with its article and the reason, and waits for Import or Cancel.
* **Which notes.** This article's (the notes panel's article), the ones "All notes" shows with
  its current search and filters, or all of them. A JSON-LD export of all notes also carries the
  corpus's saved searches, as the command line's does, so it restores everything.
* **Off the GUI thread.** The notes are read from the store on the GUI thread (a few quick
  queries); rendering and writing run on the window's :class:`~reader.ui.tasks.TaskRunner` (the
  PDF too: Qt's text layout and PDF writer are reentrant once the application and its fonts
  exist). A progress dialog appears when the work takes longer than ``PROGRESS_DELAY_MS``; its
  Cancel writes nothing when the file is not written yet. An import reads, re-anchors and merges
  on the runner as well; the store serialises it with the window's own saves.
* **Plain words.** Success is a status message ("Wrote 12 notes to notes.md"); a failure is one
  sentence in a warning; an import ends with its summary (the command line's wording) and the
  items it skipped, each with its reason, in a plain-text list. Article titles, file names and
  search words are shown as plain text everywhere (and ``&`` never becomes a mnemonic).
* **Dialogs that do not block.** Every dialog opens with ``open()`` and continues from its
  signal: keyboard users and tests drive the real dialogs, with no nested event loop.
  :data:`FILE_DIALOG_OPTIONS` lets tests ask for Qt's own file dialog instead of the desktop's.
"""

from __future__ import annotations

import contextlib
import logging
import re
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QProgressDialog,
    QPushButton,
    QRadioButton,
    QTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.fileio import atomic_write
from reader.ingest.model import Document
from reader.store.backup import BackupError, backup_on_quit
from reader.store.db import StoreError
from reader.store.exports import export_bytes
from reader.store.jsonld import (
    ImportPlan,
    ImportReport,
    PlannedNote,
    apply_import,
    plan_import,
    read_notes_path,
)
from reader.store.model import Annotation, Colour
from reader.store.saved_searches import export_items
from reader.text.script import direction_of
from reader.ui.annotation_layer import quote_preview
from reader.ui.messages import plain_tooltip, warn
from reader.ui.notes_panel import NotesPanel
from reader.ui.pdf_export import pdf_bytes
from reader.ui.tasks import Task

if TYPE_CHECKING:
    from reader.ui.main_window import MainWindow

__all__ = [
    "FILE_DIALOG_OPTIONS",
    "FORMATS",
    "SCOPES",
    "ExportDialog",
    "ImportPreviewDialog",
    "ImportReportDialog",
    "NotesIO",
    "read_notes_file",
    "suggested_name",
]

log = logging.getLogger(__name__)

# key: (label with mnemonic, what it is for, file extension, file dialog filter)
FORMATS: dict[str, tuple[str, str, str, str]] = {
    "md": ("&Markdown", "for reading; Arabic paragraphs right to left", "md", "Markdown (*.md)"),
    "csv": ("&CSV", "for spreadsheets: one row per note, UTF-8 for Excel", "csv", "CSV (*.csv)"),
    "json": ("&JSON-LD", "W3C Web Annotation: can be imported again", "jsonld",
             "JSON-LD notes (*.jsonld *.json)"),
    "pdf": ("&PDF", "for printing and citing", "pdf", "PDF (*.pdf)"),
}
SCOPES = ("article", "shown", "all")
FOLDER_KEY = "notes/folder"  # the folder of the last export or import
FORMAT_KEY = "notes/export_format"
PROGRESS_DELAY_MS = 500
IMPORT_FILTERS = ["Notes: W3C Web Annotation JSON-LD, Hypothesis exports (*.jsonld *.json)", "All files (*)"]
# Tests set QFileDialog.Option.DontUseNativeDialog: Qt's own dialog, driven with keys.
FILE_DIALOG_OPTIONS = QFileDialog.Option(0)
_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*\u200e\u200f\u202a-\u202e\u2066-\u2069]+')


def _n_notes(n: int) -> str:
    return f"{n} note{'s' if n != 1 else ''}"


def _mnemonic_safe(text: str) -> str:
    """User text inside a button label: ``&`` shown as itself, never a keyboard mnemonic."""
    return text.replace("&", "&&")


def suggested_name(scope: str, fmt: str, doc: Document | None, today: date | None = None) -> str:
    """A file name for the export: ``notes-<article title>.md``, ``notes-2024-05-03.pdf``...

    Characters file systems refuse or that reorder text (``/``, ``:``, bidi controls) are left
    out of the title; an untitled article falls back to its id.
    """
    ext = FORMATS[fmt][2]
    when = (today or date.today()).isoformat()
    if scope == "article" and doc is not None:
        title = " ".join(_UNSAFE_NAME.sub(" ", doc.title).split())[:60].strip(" .")
        stem = title or " ".join(_UNSAFE_NAME.sub("-", doc.id).split())
        return f"notes-{stem}.{ext}"
    return f"notes-{'shown-' if scope == 'shown' else ''}{when}.{ext}"


def read_notes_file(path: Path) -> Any:
    """The parsed JSON of a notes file; ``ValueError`` with one sentence when it cannot be used
    (too big, too deeply nested, not JSON, not notes: checked before it is parsed)."""
    return read_notes_path(path)


# ---------------------------------------------------------------------------------------------
# Dialogs


class ExportDialog(QDialog):
    """Which notes (this article, the ones shown, all) and which format; "Export…" goes on to the file."""

    def __init__(
        self,
        counts: Mapping[str, int],
        *,
        article: str,
        filters: str,
        scope: str,
        fmt: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export Notes")
        shown_what = f"shown in All notes ({filters})" if filters else "shown in All notes (no filters)"
        title = f"\u2068{quote_preview(article, 50)}\u2069" if article else ""
        labels = {
            "article": (f"This &article, {title}: {_n_notes(counts['article'])}" if article
                        else "This &article: no article is open"),
            "shown": f"The notes &shown: {_n_notes(counts['shown'])} {shown_what}",
            "all": f"A&ll notes: {_n_notes(counts['all'])}",
        }
        self.scope_group = QButtonGroup(self)
        self.scope_buttons: dict[str, QRadioButton] = {}
        scope_box = QGroupBox("Which notes")
        scope_layout = QVBoxLayout(scope_box)
        for key in SCOPES:
            button = QRadioButton(self._label(labels[key]))
            button.setEnabled(counts[key] > 0)
            self.scope_group.addButton(button)
            self.scope_buttons[key] = button
            scope_layout.addWidget(button)
        if article:
            self.scope_buttons["article"].setToolTip(plain_tooltip(article))
        self.format_group = QButtonGroup(self)
        self.format_buttons: dict[str, QRadioButton] = {}
        format_box = QGroupBox("Format")
        format_layout = QVBoxLayout(format_box)
        for key, (label, what, ext, _filter) in FORMATS.items():
            button = QRadioButton(f"{label} (.{ext}): {what}")
            self.format_group.addButton(button)
            self.format_buttons[key] = button
            format_layout.addWidget(button)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        accept = QDialogButtonBox.ButtonRole.AcceptRole
        self.export_button: QPushButton = self.buttons.addButton("&Export…", accept)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scope_box)
        layout.addWidget(format_box)
        layout.addWidget(self.buttons)
        self.export_button.setDefault(True)  # Enter exports (once in the dialog: Qt asks the dialog)

        usable = [k for k in SCOPES if counts[k] > 0]
        chosen = scope if scope in usable else (usable[0] if usable else "all")
        self.scope_buttons[chosen].setChecked(True)
        self.format_buttons[fmt if fmt in FORMATS else "md"].setChecked(True)
        self.export_button.setEnabled(bool(usable))

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        # The keyboard starts on the notes to export (arrows choose, Tab goes on to the format,
        # Enter exports); not on a button, which would become the default one.
        self.scope_buttons[self.scope()].setFocus(Qt.FocusReason.OtherFocusReason)

    @staticmethod
    def _label(text: str) -> str:
        """Our label with its one mnemonic (the first "&"); user text in it keeps its "&"."""
        head, sep, tail = text.partition("&")
        return f"{_mnemonic_safe(head)}{sep}{_mnemonic_safe(tail)}"

    def scope(self) -> str:
        return next(k for k, b in self.scope_buttons.items() if b.isChecked())

    def fmt(self) -> str:
        return next(k for k, b in self.format_buttons.items() if b.isChecked())


class ImportReportDialog(QDialog):
    """What an import did: the summary line, then every skipped item with its reason (plain text)."""

    def __init__(self, report: ImportReport, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Notes Imported")
        self.summary = QLabel(f"From {path.name}:\n{report.summary()}.")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.summary.setToolTip(plain_tooltip(str(path)))
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        self.skipped = QListWidget()  # items are plain text: a reason quoting markup stays text
        self.skipped.addItems(list(report.problems))
        self.skipped.setAccessibleName("Skipped items and why")
        if report.problems:
            heading = QLabel(f"Skipped {len(report.problems)}, with the reason:")
            heading.setTextFormat(Qt.TextFormat.PlainText)
            layout.addWidget(heading)
            layout.addWidget(self.skipped, 1)
            self.resize(640, 360)
        else:
            self.skipped.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def _isolated(text: str) -> str:
    """User text in a cell: a first-strong isolate, so an Arabic note keeps its own order (its full
    stop at its end) inside a left-to-right dialog."""
    return f"\u2068{text}\u2069" if text else ""


def _how(planned: PlannedNote) -> str:
    a = planned.annotation
    if planned.outcome == "fuzzy":
        return f"fuzzy ({round((a.anchor_score or 0) * 100)}%)"
    return {"exact": "exactly", "moved": "exactly (moved)", "ambiguous": "ambiguous: orphan",
            "orphan": "orphan", "elsewhere": "another corpus"}[planned.outcome]


class ImportPreviewDialog(QDialog):
    """What an import would do, before anything is written: the counts, then every note with its
    article and, for those not attached exactly, why. Import (the default button, focused) or Cancel.

    Every text from the file or the corpus is plain text in an isolate, right-aligned when it is
    Arabic; the full text is in each cell's tooltip.
    """

    COLUMNS = ("How", "Article", "Quote", "Note", "Why")

    def __init__(self, plan: ImportPlan, path: Path, titles: Mapping[str, str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import Notes: Preview")
        n = len(plan.notes)
        kinds = f" ({', '.join(plan.origins)})" if plan.origins else ""
        self.summary = QLabel(f"From {path.name}: {_n_notes(n)}{kinds}. Nothing has been written yet.")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.summary.setToolTip(plain_tooltip(str(path)))
        self.counts = QLabel("\n".join(plan.count_lines()))
        self.counts.setTextFormat(Qt.TextFormat.PlainText)
        self.counts.setAccessibleName("What the import would do")
        self.notes = QTreeWidget()
        self.notes.setAccessibleName("The notes to import")
        self.notes.setColumnCount(len(self.COLUMNS))
        self.notes.setHeaderLabels(list(self.COLUMNS))
        self.notes.setRootIsDecorated(False)
        self.notes.setUniformRowHeights(True)
        self.notes.setAlternatingRowColors(True)
        self.notes.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for planned in plan.notes:
            self.notes.addTopLevelItem(self._row(planned, titles))
        header = self.notes.header()
        header.setStretchLastSection(True)
        for column, width in enumerate((130, 200, 260, 240)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # The chosen note in full (a cell shows one line): plain text, each paragraph in its own direction.
        self.details = QTextEdit()  # not QPlainTextEdit, whose layout ignores a line's alignment
        self.details.setAcceptRichText(False)
        self.details.setReadOnly(True)
        self.details.setAccessibleName("The chosen note in full")
        self.details.setMaximumHeight(120)
        self.notes.currentItemChanged.connect(self._show_details)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.counts)
        layout.addWidget(self.notes, 1)
        layout.addWidget(self.details)
        if plan.notes:
            self.notes.setCurrentItem(self.notes.topLevelItem(0))
        self.skipped = QListWidget()  # plain text items: a reason quoting markup stays text
        self.skipped.setAccessibleName("Items that would be skipped, and why")
        self.skipped.addItems(list(plan.problems))
        if plan.problems:
            heading = QLabel(f"{len(plan.problems)} item{'s' if len(plan.problems) != 1 else ''} "
                             "would be skipped, with the reason:")
            heading.setTextFormat(Qt.TextFormat.PlainText)
            layout.addWidget(heading)
            self.skipped.setMaximumHeight(110)
            layout.addWidget(self.skipped)
        else:
            self.skipped.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button: QPushButton = self.buttons.addButton(
            f"&Import {_n_notes(n)}", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(n > 0)
        self.import_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(1100, 560)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        # The keyboard starts on Import (Enter or Space imports, Escape cancels, Tab reaches the list).
        target = self.import_button if self.import_button.isEnabled() else self.buttons.button(
            QDialogButtonBox.StandardButton.Cancel)
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_details(self, item: QTreeWidgetItem | None, _previous: Any = None) -> None:
        """The chosen note's lines, each laid out in its own script's direction (Arabic right-aligned)."""
        self.details.setPlainText(item.data(0, Qt.ItemDataRole.UserRole) if item is not None else "")
        block = self.details.document().begin()
        while block.isValid():
            rtl = direction_of(block.text()) == "rtl"
            fmt = block.blockFormat()
            fmt.setLayoutDirection(Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
            fmt.setAlignment((Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft)
                             | Qt.AlignmentFlag.AlignAbsolute)
            cursor = QTextCursor(block)
            cursor.setBlockFormat(fmt)
            block = block.next()

    @staticmethod
    def _row(planned: PlannedNote, titles: Mapping[str, str]) -> QTreeWidgetItem:
        a = planned.annotation
        title = titles.get(a.doc_id, "")
        article = title or a.doc_id or "(no article)"
        quote = a.anchor.quote if a.anchor is not None else ""
        cells = (_how(planned), article, quote, a.note, planned.reason)
        item = QTreeWidgetItem([_isolated(quote_preview(c, 120)) if i else c for i, c in enumerate(cells)])
        shown = [cells[0], article, quote, a.note, planned.reason]
        item.setData(0, Qt.ItemDataRole.UserRole, "\n".join(line for line in shown if line))
        for column, full in enumerate(cells):
            if full:
                item.setToolTip(column, plain_tooltip(full))
            side = Qt.AlignmentFlag.AlignRight if direction_of(full) == "rtl" else Qt.AlignmentFlag.AlignLeft
            item.setTextAlignment(column, side | Qt.AlignmentFlag.AlignVCenter)
        return item


# ---------------------------------------------------------------------------------------------
# The window's side


class NotesIO(QObject):
    """The export and import the window's File menu and the notes panel's "Export…" start.

    The dialogs currently open are kept in attributes (``export_dialog``, ``file_dialog``,
    ``preview_dialog``, ``report_dialog``, ``progress``) so that tests, like users, can see and
    drive them.
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.export_dialog: ExportDialog | None = None
        self.file_dialog: QFileDialog | None = None
        self.report_dialog: ImportReportDialog | None = None
        self.preview_dialog: ImportPreviewDialog | None = None
        self.progress: QProgressDialog | None = None
        self.task: Task | None = None
        window.notes.exportRequested.connect(self.export_notes)

    # -- shared ----------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self.task is not None and not self.task.done and not self.task.cancelled

    def _say(self, text: str, ms: int = 15_000) -> None:
        self.window.statusBar().showMessage(text, ms)

    def _fail(self, sentence: str) -> None:
        self._say(sentence)
        warn(self.window, sentence)

    def _folder(self) -> str:
        folder = self.window.settings.get_str(FOLDER_KEY)
        return folder if folder and Path(folder).is_dir() else str(Path.home())

    def _file_dialog(self, title: str, then: Callable[[str], None]) -> QFileDialog:
        dialog = QFileDialog(self.window, title, self._folder())
        dialog.setOptions(FILE_DIALOG_OPTIONS)
        dialog.fileSelected.connect(then)
        dialog.finished.connect(lambda _r: setattr(self, "file_dialog", None))
        self.file_dialog = dialog
        return dialog

    def _start(self, name: str, work: Callable[[Task, Any], Any], busy_words: str,
               done: Callable[[Any], None], failed: Callable[[BaseException], None], *,
               cancellable: bool = True) -> None:
        """Run ``work`` on the window's runner with a progress dialog if it takes a while.

        An import cannot be cancelled (its one transaction commits or not): its dialog has no
        Cancel, and closing it only hides it.
        """
        self._say(busy_words, 0)

        def finish(result: Any) -> None:
            self._close_progress()
            done(result)

        def fail(exc: BaseException, _trace: str) -> None:
            self._close_progress()
            failed(exc)

        self.task = task = self.window.runner.run(name, work, on_result=finish, on_error=fail)
        if not task.done:

            def show() -> None:
                self._show_progress(task, busy_words, cancellable)

            QTimer.singleShot(PROGRESS_DELAY_MS, self, show)

    def _show_progress(self, task: Task, words: str, cancellable: bool) -> None:
        if task.done or task.cancelled or task is not self.task:
            return
        progress = QProgressDialog(words, "Cancel", 0, 0, self.window)
        progress.setWindowTitle("Corpus Reader")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        if cancellable:
            progress.canceled.connect(lambda: self._cancel(task))
        else:
            progress.setCancelButton(None)  # type: ignore[arg-type]
        self.progress = progress
        progress.show()

    def _cancel(self, task: Task) -> None:
        task.cancel()
        self._close_progress()
        self._say("Cancelled.", 8000)

    def _close_progress(self) -> None:
        if self.progress is not None:
            progress, self.progress = self.progress, None
            with contextlib.suppress(RuntimeError):  # already deleted with its window
                progress.hide()  # not close(): closing a progress dialog reports a cancel
                progress.deleteLater()

    # -- export ----------------------------------------------------------------------------------

    def export_notes(self) -> ExportDialog | None:
        """File → Export Notes… (Ctrl+Shift+E) and the notes panel's "Export…": ask which and how."""
        w = self.window
        notes = w.notes
        notes.flush()
        if self.busy:
            self._say("Wait for the export or import under way to finish.", 6000)
            return None
        if w.store is None:
            self._fail("Your notes could not be opened, so there is nothing to export.")
            return None
        doc = notes.document
        try:
            counts = {
                "article": len(w.store.for_document(doc.id)) if doc is not None else 0,
                "shown": len(notes.matching()),
                "all": len(w.store.all()),
            }
        except (StoreError, sqlite3.Error, ValueError) as exc:
            self._fail(f"Your notes could not be read: {exc}")
            return None
        if not counts["all"]:
            self._fail("You have no highlights or notes to export yet.")
            return None
        if notes.current_view() == NotesPanel.ALL:
            scope = "shown"
        else:
            scope = "article" if counts["article"] else "all"
        dialog = ExportDialog(
            counts, article=" ".join(doc.title.split()) if doc is not None else "",
            filters=notes.filter_words(), scope=scope, fmt=w.settings.get_str(FORMAT_KEY, "md"), parent=w,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.choose_export_file(dialog.scope(), dialog.fmt()))
        dialog.finished.connect(lambda _r: setattr(self, "export_dialog", None))
        self.export_dialog = dialog
        dialog.open()
        return dialog

    def choose_export_file(self, scope: str, fmt: str) -> QFileDialog:
        """The file to write (a name suggested, the last folder used); then :meth:`export_to`."""
        label, _what, ext, name_filter = FORMATS[fmt]
        dialog = self._file_dialog(
            f"Export Notes as {label.replace('&', '')}", lambda path: self.export_to(Path(path), scope, fmt)
        )
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setNameFilters([name_filter])
        dialog.setDefaultSuffix(ext)
        dialog.selectFile(suggested_name(scope, fmt, self.window.notes.document))
        dialog.open()
        return dialog

    def _annotations(self, scope: str) -> list[Annotation]:
        w = self.window
        assert w.store is not None
        if scope == "article":
            doc = w.notes.document
            return w.store.for_document(doc.id) if doc is not None else []
        return w.notes.matching() if scope == "shown" else w.store.all()

    def export_to(self, path: Path, scope: str, fmt: str) -> Task | None:
        """Write the ``scope`` notes as ``fmt`` to ``path`` on the task runner (what the dialogs end in)."""
        w = self.window
        w.settings.set(FOLDER_KEY, str(path.parent))
        w.settings.set(FORMAT_KEY, fmt)
        if w.store is None:
            self._fail("Your notes could not be opened, so there is nothing to export.")
            return None
        try:
            annotations = self._annotations(scope)
            # A carried highlight's other half may lie outside the scope: its quote is printed too.
            linked = w.store.all() if scope != "all" else None
            saved: list[dict[str, Any]] = []
            if fmt == "json" and scope == "all" and w.corpus_dir is not None:  # as the command line
                saved = export_items(w.store, w.corpus_dir)
        except (StoreError, sqlite3.Error, ValueError) as exc:
            self._fail(f"Your notes could not be read: {exc}")
            return None
        documents = dict(w.notes.documents)
        palette = w.annotations.palette()
        n = len(annotations)

        def work(task: Task, _progress: Any) -> Path | None:
            data = _render(fmt, annotations, documents, palette, saved, linked)
            if task.cancelled:
                return None
            return atomic_write(path, data, make_parents=False)

        def done(written: Path | None) -> None:
            if written is not None:
                self._say(f"Wrote {_n_notes(n)} to {written.name}")

        def failed(exc: BaseException) -> None:
            if isinstance(exc, OSError):
                self._fail(f"Could not write {path}: {exc.strerror or exc}.")
            else:
                self._fail(f"The export to {path.name} failed: {exc}.")

        self._start("export notes", work, f"Exporting {_n_notes(n)} to {path.name}…", done, failed)
        return self.task

    # -- import ----------------------------------------------------------------------------------

    def import_notes(self) -> QFileDialog | None:
        """File → Import Notes…: a notes file (ours, W3C Web Annotation, Hypothesis), previewed, then
        merged into your notes (by uuid, placed in this corpus)."""
        w = self.window
        w.notes.flush()
        if self.busy or self.preview_dialog is not None:
            self._say("Wait for the export or import under way to finish.", 6000)
            return None
        if w.store is None:
            self._fail("Your notes could not be opened, so nothing can be imported.")
            return None
        if w.store.read_only:
            self._fail("Your notes file is open read-only, so nothing can be imported.")
            return None
        if w.corpus is None:
            self._fail("Open a corpus first: imported highlights are placed in its articles.")
            return None
        dialog = self._file_dialog("Import Notes", lambda path: self.import_from(Path(path)))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters(IMPORT_FILTERS)
        dialog.open()
        return dialog

    def _import_failed(self, path: Path) -> Callable[[BaseException], None]:
        def failed(exc: BaseException) -> None:
            if isinstance(exc, (ValueError, StoreError)):
                self._fail(str(exc))
            else:
                self._fail(f"The import of {path.name} failed: {exc}.")

        return failed

    def import_from(self, path: Path) -> Task | None:
        """Read ``path`` and decide where each note goes, on the task runner (nothing is written);
        then :class:`ImportPreviewDialog` shows it, and its Import writes (:meth:`apply`)."""
        w = self.window
        w.settings.set(FOLDER_KEY, str(path.parent))
        store, corpus = w.store, w.corpus
        if store is None or store.read_only or corpus is None:
            return None
        w.notes.flush()

        def work(task: Task, _progress: Any) -> tuple[Any, ImportPlan] | None:
            data = read_notes_file(path)
            if task.cancelled:
                return None
            return data, plan_import(data, corpus.documents, palette=store.palette(),
                                     corpus_root=corpus.root, store=store)

        def done(result: tuple[Any, ImportPlan] | None) -> None:
            if result is not None and not (self.task is not None and self.task.cancelled):
                self.preview(path, *result)

        self._start("read notes", work, f"Reading notes from {path.name}…", done, self._import_failed(path))
        return self.task

    def preview(self, path: Path, data: Any, plan: ImportPlan) -> ImportPreviewDialog:
        """Show what the import of ``path`` would do; Import writes it, Cancel writes nothing."""
        w = self.window
        self._say(f"{path.name}: {plan.summary()}", 0)
        titles = {doc_id: " ".join(doc.title.split()) for doc_id, doc in w.notes.documents.items()}
        dialog = ImportPreviewDialog(plan, path, titles, w)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        corpus = w.corpus
        dialog.accepted.connect(lambda: self.apply(path, data, plan, corpus))
        dialog.rejected.connect(
            lambda: self._say(f"Import of {path.name} cancelled: nothing was written.", 8000))
        dialog.finished.connect(lambda _r: setattr(self, "preview_dialog", None))
        self.preview_dialog = dialog
        dialog.open()
        return dialog

    def apply(self, path: Path, data: Any, plan: ImportPlan, planned_on: Any = None) -> Task | None:
        """Back up, then write ``plan`` on the task runner; refresh and report after. A corpus
        re-opened since the preview gets the notes placed again in its own articles."""
        w = self.window
        store, corpus = w.store, w.corpus
        if store is None or store.read_only or corpus is None:
            self._fail("Your notes or the corpus closed meanwhile, so nothing was imported.")
            return None

        def work(_task: Task, _progress: Any) -> ImportReport:
            current = plan
            if planned_on is not corpus:
                current = plan_import(data, corpus.documents, palette=store.palette(),
                                      corpus_root=corpus.root)
            try:  # a backup first, as the command line takes: an import can be taken back
                backup_on_quit(store)
            except (BackupError, StoreError, OSError) as exc:
                log.warning("no backup before the import: %s", exc)
            return apply_import(store, current, data=data, corpus_root=corpus.root)

        self._start("import notes", work, f"Importing notes from {path.name}…",
                    lambda report: self._imported(path, report), self._import_failed(path), cancellable=False)
        return self.task

    def _imported(self, path: Path, report: ImportReport) -> None:
        w = self.window
        w.annotations.refresh()
        w.notes.refresh()
        if report.searches_added:
            w.saved_searches.reload()
        self._say(report.summary())
        dialog = ImportReportDialog(report, path, w)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: setattr(self, "report_dialog", None))
        self.report_dialog = dialog
        dialog.open()


def _render(
    fmt: str,
    annotations: Sequence[Annotation],
    documents: Mapping[str, Document],
    palette: Sequence[Colour],
    saved: Sequence[Mapping[str, Any]],
    counterparts: Sequence[Annotation] | None = None,
) -> bytes:
    if fmt == "pdf":
        return pdf_bytes(annotations, documents, palette, counterparts=counterparts)
    return export_bytes(fmt, annotations, documents, palette, saved_searches=saved, counterparts=counterparts)
