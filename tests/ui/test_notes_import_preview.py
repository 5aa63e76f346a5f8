"""File → Import Notes…: a preview of where each note would go, before anything is written.

Driven as a user would: the menu, the file typed into Qt's file dialog, then the preview read and
answered from the keyboard (Enter imports, Escape cancels). Nothing is in the notes until Import.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from reader.ui import notes_io
from reader.ui.main_window import MainWindow
from tests.ui.test_notes_export_ui import CapturedBox, finish_file_dialog
from tests.ui.windows import make_window

DATA = Path(__file__).resolve().parent.parent / "data" / "annotations"


@pytest.fixture(autouse=True)
def qt_file_dialog(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(notes_io, "FILE_DIALOG_OPTIONS", QFileDialog.Option.DontUseNativeDialog)


@pytest.fixture
def window(qtbot) -> MainWindow:
    return make_window(qtbot)


def open_preview(qtbot, window: MainWindow, path: Path) -> notes_io.ImportPreviewDialog:
    action = next(a for a in window.findChildren(type(window.undo_action)) if a.text() == "&Import Notes…")
    action.trigger()
    finish_file_dialog(qtbot, window, path)
    qtbot.waitUntil(lambda: window.notes_io.preview_dialog is not None, timeout=5000)
    dialog = window.notes_io.preview_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    return dialog


def cells(dialog: notes_io.ImportPreviewDialog) -> list[list[str]]:
    tree = dialog.notes
    return [[tree.topLevelItem(r).text(c).strip("\u2068\u2069") for c in range(tree.columnCount())]
            for r in range(tree.topLevelItemCount())]


def test_the_preview_shows_every_note_and_enter_imports(qtbot, window: MainWindow, tmp_path: Path) -> None:
    path = tmp_path / "hypothesis.json"
    shutil.copy(DATA / "hypothesis-export.json", path)
    dialog = open_preview(qtbot, window, path)
    assert window.store.all() == [], "nothing is written before Import"
    assert dialog.summary.text() == ("From hypothesis.json: 6 notes (Hypothesis). "
                                     "Nothing has been written yet.")
    assert dialog.summary.textFormat() == Qt.TextFormat.PlainText
    assert dialog.counts.text().splitlines() == [
        "2 attach exactly", "2 attach fuzzily (found by searching their quote, folded)",
        "1 ambiguous (their quote is in several places): kept as orphans",
        "1 become orphans (article or quote not in this corpus)",
        "Merging with your notes: 6 new, 0 newer than yours, 0 already here."]
    rows = cells(dialog)
    assert [r[0] for r in rows] == ["exactly", "fuzzy (92%)", "fuzzy (97%)", "orphan", "ambiguous: orphan",
                                    "exactly"]
    arabic = rows[2]
    assert arabic[2].startswith("تشنّ فصائل المقاومة")
    assert arabic[3] == "الهجمات بدأت قبل التهديدات الأميركية، لا بعدها."
    assert arabic[1] == window._docs["004_bfcb01144a6473e3-ar#01"].title, "the article's title"
    item = dialog.notes.topLevelItem(2)
    assert item.textAlignment(3) & Qt.AlignmentFlag.AlignRight, "Arabic is right-aligned"
    assert dialog.notes.topLevelItem(0).textAlignment(3) & Qt.AlignmentFlag.AlignLeft
    assert rows[3][4].startswith("Its page (https://www.aljazeera.net/") and rows[0][4] == ""
    # The chosen note in full below the list, the Arabic lines right to left and right-aligned.
    dialog.notes.setCurrentItem(item)
    lines = dialog.details.toPlainText().splitlines()
    assert lines[0] == "fuzzy (97%)" and lines[-1] == "الهجمات بدأت قبل التهديدات الأميركية، لا بعدها."
    last = dialog.details.document().lastBlock().blockFormat()
    assert last.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert last.alignment() & Qt.AlignmentFlag.AlignRight
    assert dialog.details.isReadOnly() and not dialog.details.acceptRichText()
    # The keyboard starts on Import: Enter imports.
    qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.import_button, timeout=3000)
    assert dialog.import_button.isDefault()
    assert dialog.import_button.text() == "&Import 6 notes"
    qtbot.keyClick(dialog.import_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.notes_io.report_dialog is not None, timeout=5000)
    assert window.notes_io.report_dialog.summary.text().startswith(
        "From hypothesis.json:\nImported 6 annotations: 6 added, 0 updated, 0 unchanged; "
        "2 placed by a search")
    stored = {a.extra.get("hypothesis_id"): a for a in window.store.all()}
    assert len(stored) == 6 and stored["S3vLmBdCEe6bQ8tHc1n5Zw"].doc_id == "004_bfcb01144a6473e3-ar#01"
    assert stored["T9wQnBdCEe6cR2uJd4p6Ax"].state == "orphan"


def test_escape_cancels_and_writes_nothing(qtbot, window: MainWindow, tmp_path: Path) -> None:
    path = tmp_path / "collection.jsonld"
    shutil.copy(DATA / "w3c-collection.jsonld", path)
    dialog = open_preview(qtbot, window, path)
    assert dialog.skipped.count() == 1
    assert dialog.skipped.item(0).text().startswith("item 6: its creation time")
    seq = window.store.change_seq()
    qtbot.keyClick(dialog.import_button, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.notes_io.preview_dialog is None, timeout=3000)
    assert window.store.all() == [] and window.store.change_seq() == seq
    said = window.statusBar().currentMessage()
    assert said == "Import of collection.jsonld cancelled: nothing was written."
    assert window.notes_io.report_dialog is None


def test_a_hostile_file_is_one_sentence_and_no_preview(qtbot, window: MainWindow, tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_bytes(b"[" * 50_000 + b"]" * 50_000)
    box = CapturedBox()
    window.notes_io.import_notes()
    finish_file_dialog(qtbot, window, deep)
    qtbot.waitUntil(lambda: box.text is not None, timeout=3000)
    assert box.text == "deep.json is not a notes file: its JSON is nested more than 64 levels deep."
    assert box.format == Qt.TextFormat.PlainText and window.notes_io.preview_dialog is None
