"""File → Export Notes…, the Notes panel's "Export…" and File → Import Notes… (issue 14, item 1).

The real window and the real dialogs, driven with keys and clicks: the export dialog (which notes,
which format), Qt's own file dialog (its file name typed in), the warning a failure shows, and the
report an import ends with. The files written are read back as a user's other programs would.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QMessageBox

from reader.ingest.model import Document
from reader.ui import notes_io
from reader.ui.main_window import MainWindow
from reader.ui.notes_panel import NotesPanel
from reader.ui.pdf_export import build_document
from reader.ui.tasks import TaskRunner
from tests.ui.test_note_editor_arabic import type_text
from tests.ui.test_notes_ui import arabic_doc, drawn_span, highlight_word, open_tab
from tests.ui.windows import make_window

ENGLISH_ID = "000_6e14188510fd6a63#01"
ARABIC_NOTE = "قال الرئيس إن الأمر خطير جدا."
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture(autouse=True)
def qt_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Qt's own file dialog (typed into like any line edit); no store-recovery box."""
    monkeypatch.setattr(notes_io, "FILE_DIALOG_OPTIONS", QFileDialog.Option.DontUseNativeDialog)
    monkeypatch.setattr(MainWindow, "show_recovery_dialog", False)


def paragraph_of(doc: Document, offset: int) -> int:
    """The paragraph number (from 1) a reader counts to find ``offset``."""
    return next(i for i, p in enumerate(doc.paragraphs, 1) if p.start <= offset < p.end)


@pytest.fixture
def noted(qtbot):
    """A window with an Arabic highlight (Arabic note), an English one (tag "militias") and an
    article note on the English article, which is open."""
    window = make_window(qtbot)
    ar = arabic_doc(window)
    arabic, ar_start, _e = highlight_word(qtbot, window, open_tab(window, ar.id), "واشنطن", Qt.Key.Key_2)
    type_text(window.notes.editor.note_edit, ARABIC_NOTE)
    tab = open_tab(window, ENGLISH_ID)
    english, en_start, _e = highlight_word(qtbot, window, tab, "Kata", Qt.Key.Key_1)
    qtbot.keyClicks(window.notes.editor.note_edit, "Who is behind it?")
    assert window.notes.flush()
    window.store.set_tags(english.uuid, ["militias"])
    window.store.add_note(ENGLISH_ID, "About the whole piece")
    window.notes.refresh()
    window.show_notes()
    return window, {
        "arabic": (arabic.uuid, paragraph_of(ar, ar_start)),
        "english": (english.uuid, paragraph_of(window._docs[ENGLISH_ID], en_start)),
    }


def finish_file_dialog(qtbot, window: MainWindow, path: Path) -> QFileDialog:
    """In the file dialog that opened, type ``path`` over the suggested name and press Enter."""
    io_ = window.notes_io
    qtbot.waitUntil(lambda: io_.file_dialog is not None and io_.file_dialog.isVisible(), timeout=3000)
    dialog = io_.file_dialog
    edit = dialog.findChild(QLineEdit, "fileNameEdit")
    qtbot.waitUntil(edit.hasFocus, timeout=3000)
    qtbot.keyClick(edit, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(edit, str(path))
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    return dialog


def export(qtbot, window: MainWindow, scope: str, fmt: str, path: Path) -> notes_io.ExportDialog:
    """File → Export Notes…, the scope and format clicked, Export…, the file typed in."""
    action = next(a for a in window.findChildren(type(window.undo_action)) if a.text() == "&Export Notes…")
    action.trigger()
    dialog = window.notes_io.export_dialog
    assert dialog is not None and dialog.isVisible()
    for button in (dialog.scope_buttons[scope], dialog.format_buttons[fmt]):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))  # its circle
        assert button.isChecked()
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    finish_file_dialog(qtbot, window, path)
    return dialog


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


class CapturedBox:
    """Closes the next modal message box (a warning) and keeps its text."""

    def __init__(self) -> None:
        self.text: str | None = None
        self.format: Qt.TextFormat | None = None
        QTimer.singleShot(0, self._close)

    def _close(self) -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            self.text, self.format = box.text(), box.textFormat()
            box.accept()
        else:
            QTimer.singleShot(20, self._close)


def test_keyboard_only_from_the_notes_list_to_a_written_file(qtbot, noted, tmp_path: Path):
    window, made = noted
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    window.tabs.current_tab().view.setFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_4, CTRL)
    qtbot.waitUntil(lambda: window.notes.isAncestorOf(QApplication.focusWidget()), timeout=2000)

    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_E, CTRL | SHIFT)
    qtbot.waitUntil(lambda: window.notes_io.export_dialog is not None, timeout=2000)
    dialog = window.notes_io.export_dialog
    qtbot.waitUntil(lambda: dialog.scope_buttons["article"].hasFocus(), timeout=2000)
    for key in (Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Tab, Qt.Key.Key_Down):  # All notes; then CSV
        qtbot.keyClick(QApplication.focusWidget(), key)
    assert (dialog.scope(), dialog.fmt()) == ("all", "csv")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    target = tmp_path / "my notes.csv"
    finish_file_dialog(qtbot, window, target)

    qtbot.waitUntil(target.exists, timeout=5000)
    assert window.statusBar().currentMessage() == "Wrote 3 notes to my notes.csv"
    rows = {r["uuid"]: r for r in read_csv(target)}
    arabic_uuid, arabic_paragraph = made["arabic"]
    english_uuid, english_paragraph = made["english"]
    assert rows[arabic_uuid]["note"] == ARABIC_NOTE and rows[arabic_uuid]["quote"] == "واشنطن"
    assert rows[arabic_uuid]["paragraph"] == str(arabic_paragraph)
    assert rows[english_uuid]["paragraph"] == str(english_paragraph)
    assert len(rows) == 3


def test_this_article_the_notes_shown_and_all_notes(qtbot, noted, tmp_path: Path):
    window, made = noted
    english_uuid = made["english"][0]
    export(qtbot, window, "article", "json", tmp_path / "article.jsonld")
    article = json.loads((tmp_path / "article.jsonld").read_text(encoding="utf-8"))
    assert article["total"] == 2, "the English article's highlight and its article note"
    assert {i["target"]["corpusReader:docId"] for i in article["first"]["items"]} == {ENGLISH_ID}

    # "All notes" filtered by a tag: the panel's Export button offers the notes shown.
    panel = window.notes
    panel.set_view(NotesPanel.ALL)
    panel.tag_filter.setCurrentIndex(panel.tag_filter.findData("militias"))
    qtbot.mouseClick(panel.export_button, Qt.MouseButton.LeftButton)
    dialog = window.notes_io.export_dialog
    assert dialog is not None and dialog.scope() == "shown"
    assert "1 note shown in All notes (#militias)" in dialog.scope_buttons["shown"].text()
    dialog.reject()
    export(qtbot, window, "shown", "csv", tmp_path / "shown.csv")
    assert [r["uuid"] for r in read_csv(tmp_path / "shown.csv")] == [english_uuid]

    export(qtbot, window, "all", "md", tmp_path / "all.md")
    text = (tmp_path / "all.md").read_text(encoding="utf-8")
    assert "About the whole piece" in text and "Who is behind it?" in text and ARABIC_NOTE in text
    assert window.statusBar().currentMessage() == "Wrote 3 notes to all.md"


def test_markdown_and_pdf_cite_the_paragraph_and_set_arabic_right_to_left(qtbot, noted, tmp_path: Path):
    window, made = noted
    arabic_paragraph = made["arabic"][1]
    english_paragraph = made["english"][1]
    export(qtbot, window, "all", "md", tmp_path / "notes.md")
    md = (tmp_path / "notes.md").read_text(encoding="utf-8")
    assert f"**Actor** · ¶ {english_paragraph} · #militias" in md
    assert f"**Event** · ¶ {arabic_paragraph}" in md
    assert f'<div dir="rtl" lang="ar">\n<p>{ARABIC_NOTE}</p>\n</div>' in md, "the Arabic note right to left"

    export(qtbot, window, "all", "pdf", tmp_path / "notes.pdf")
    data = (tmp_path / "notes.pdf").read_bytes()
    assert data.startswith(b"%PDF") and b"NotoNaskhArabic" in data
    # The same document the PDF was printed from: the note's block is right to left, right-aligned.
    doc = build_document(window.store.all(), window.notes.documents, window.store.palette())
    block = doc.begin()
    while block.isValid() and block.text() != ARABIC_NOTE:
        block = block.next()
    assert block.isValid() and block.blockFormat().layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert block.blockFormat().alignment() & Qt.AlignmentFlag.AlignRight
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(tmp_path / "notes.pdf"), "-"],
                              capture_output=True, text=True, encoding="utf-8", timeout=60, check=True).stdout
        assert f"¶ {english_paragraph}" in text and f"¶ {arabic_paragraph}" in text


def test_the_file_dialog_suggests_a_name_and_remembers_the_folder(qtbot, noted, tmp_path: Path):
    window, _made = noted
    folder = tmp_path / "exports"
    folder.mkdir()
    export(qtbot, window, "all", "md", folder / "first.md")
    window.notes.set_view(NotesPanel.ARTICLE)
    window.notes_io.export_notes()
    window.notes_io.export_dialog.accept()  # this article, Markdown (the format used last)
    dialog = window.notes_io.file_dialog
    assert Path(dialog.directory().absolutePath()) == folder
    title = window._docs[ENGLISH_ID].title.split()[0]
    name = dialog.findChild(QLineEdit, "fileNameEdit").text()
    assert name.startswith(f"notes-{title}") and name.endswith(".md")
    dialog.reject()


def test_a_file_that_cannot_be_written_is_one_sentence(qtbot, noted, tmp_path: Path):
    window, _made = noted
    box = CapturedBox()
    target = tmp_path / "missing folder" / "notes.md"
    window.notes_io.export_to(target, "all", "md")
    qtbot.waitUntil(lambda: box.text is not None, timeout=3000)
    assert box.text == f"Could not write {target}: No such file or directory."
    assert box.format == Qt.TextFormat.PlainText
    assert window.statusBar().currentMessage() == box.text
    assert not target.parent.exists()


def test_a_long_export_shows_progress_and_cancel_writes_nothing(qtbot, noted, tmp_path: Path, monkeypatch):
    window, _made = noted
    doc = window._docs[ENGLISH_ID]
    for i in range(1200):
        p = doc.paragraphs[i % len(doc.paragraphs)]
        window.store.add_highlight(doc, p.start, min(p.end, p.start + 20), 1 + i % 8, note=f"note {i} " * 8)
    monkeypatch.setattr(notes_io, "PROGRESS_DELAY_MS", 0)
    monkeypatch.setattr(window, "runner", TaskRunner(window))  # a real worker thread, as in the app
    target = tmp_path / "long.pdf"
    task = window.notes_io.export_to(target, "all", "pdf")
    qtbot.waitUntil(lambda: window.notes_io.progress is not None and window.notes_io.progress.isVisible(),
                    timeout=3000)
    assert window.notes_io.progress.labelText() == "Exporting 1203 notes to long.pdf…"
    qtbot.keyClick(window.notes_io.progress, Qt.Key.Key_Escape)
    assert task.cancelled and window.statusBar().currentMessage() == "Cancelled."
    assert window.runner.wait(30_000)
    assert not target.exists() and not list(tmp_path.glob(".long.pdf.*")), "nothing written, no temporary"


def test_import_merges_refreshes_the_text_and_lists_what_it_skipped(qtbot, noted, tmp_path: Path):
    window, made = noted
    exported = tmp_path / "notes.jsonld"
    export(qtbot, window, "all", "json", exported)
    # Edited elsewhere: the English note rewritten later, a copy of its highlight under a new
    # uuid (someone else's), and an item no tool could read.
    data = json.loads(exported.read_text(encoding="utf-8"))
    items = data["first"]["items"]
    english_uuid = made["english"][0]
    english = next(i for i in items if i["id"] == f"urn:uuid:{english_uuid}")
    theirs = json.loads(json.dumps(english))
    theirs["id"] = f"urn:uuid:{uuid.uuid4()}"
    english["modified"] = "2099-01-01T00:00:00Z"
    next(b for b in english["body"] if b["purpose"] == "commenting")["value"] = "Who is behind it? (checked)"
    items += [theirs, {"type": "Annotation", "id": "urn:uuid:x", "target": 5}]
    exported.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    action = next(a for a in window.findChildren(type(window.undo_action)) if a.text() == "&Import Notes…")
    action.trigger()
    finish_file_dialog(qtbot, window, exported)
    qtbot.waitUntil(lambda: window.notes_io.preview_dialog is not None, timeout=5000)
    qtbot.keyClick(window.notes_io.preview_dialog.import_button, Qt.Key.Key_Return)  # the preview first
    qtbot.waitUntil(lambda: window.notes_io.report_dialog is not None, timeout=5000)
    report = window.notes_io.report_dialog
    summary = report.summary.text()
    assert summary.startswith("From notes.jsonld:\nImported 4 annotations: 1 added, 1 updated, 2 unchanged")
    assert report.summary.textFormat() == Qt.TextFormat.PlainText
    assert report.skipped.count() == 1 and report.skipped.item(0).text().startswith("item 5")
    assert window.statusBar().currentMessage().startswith("Imported 4 annotations: 1 added, 1 updated")

    # The panel and the open article show the import at once.
    added = theirs["id"].removeprefix("urn:uuid:")
    assert window.notes.article_model.row_of(added) >= 0
    assert drawn_span(window.tabs.current_tab().view, added), "the new highlight is drawn in the text"
    assert window.store.get(english_uuid).note == "Who is behind it? (checked)"


def test_importing_a_file_that_is_not_notes_says_why(qtbot, noted, tmp_path: Path):
    window, _made = noted
    other = tmp_path / "settings.json"
    other.write_text('{"theme": "dark"}', encoding="utf-8")
    box = CapturedBox()
    window.notes_io.import_notes()
    finish_file_dialog(qtbot, window, other)
    qtbot.waitUntil(lambda: box.text is not None, timeout=3000)
    assert box.text == "settings.json is not a notes file (W3C Web Annotation JSON-LD)."
    assert window.notes_io.report_dialog is None
