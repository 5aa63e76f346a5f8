"""Drag files onto the window (or File → Add Files to Corpus…): they are copied in, scanned and
indexed; what cannot be read is listed with the reason (issue 15, in the app)."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from reader.ui.main_window import MainWindow
from tests.conftest import CORPUS
from tests.ui.windows import make_window

ARTICLE = "Minister visits Basra\n\n14 March 2020\n\nThe minister met the governor in Basra on Monday.\n"


def drop(window: MainWindow, paths: list[Path]) -> bool:
    """What a file manager's drag and drop delivers: an enter event, then the drop."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    enter = QDragEnterEvent(QPoint(300, 300), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    if not enter.isAccepted():
        return False
    event = QDropEvent(QPointF(300, 300), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, event)
    return event.isAccepted()


def test_dropped_files_are_copied_in_and_become_articles(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(MainWindow, "show_recovery_dialog", False)
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    (downloads / "basra.txt").write_text(ARTICLE, encoding="utf-8")
    (downloads / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    window = make_window(qtbot, corpus)
    before = len(window.corpus.documents)
    assert drop(window, [downloads / "basra.txt", downloads / "photo.jpg"])
    qtbot.waitUntil(lambda: window.corpus is not None and len(window.corpus.documents) == before + 1,
                    timeout=20_000)
    assert (corpus / "basra.txt").exists() and (downloads / "basra.txt").exists(), "copied, not moved"
    assert any(d.source == "basra.txt" for d in window.corpus.documents)
    not_added = [(str(downloads / "photo.jpg"), "not a format the corpus reads (.jpg)")]
    assert window.last_add_report.skipped == not_added
    assert window.add_report_box is not None and "1 not added" in window.add_report_box.text()
    qtbot.waitUntil(lambda: window.index_handle is not None, timeout=20_000)
    window.search.search_field.setText("Basra governor")
    qtbot.waitUntil(lambda: (r := window.search.current_response()) is not None
                    and any(h.id == "basra#01" for h in r.hits), timeout=10_000)


def test_nothing_is_added_to_the_bundled_sample_corpus(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(MainWindow, "show_recovery_dialog", False)
    warned: list[str] = []
    monkeypatch.setattr("reader.ui.main_window.warn", lambda _parent, text: warned.append(text))
    (tmp_path / "basra.txt").write_text(ARTICLE, encoding="utf-8")
    window = make_window(qtbot)
    assert window.add_files([tmp_path / "basra.txt"]) is None
    assert warned and "sample corpus" in warned[0]
    assert not (CORPUS / "basra.txt").exists()


def test_a_drag_of_web_links_is_not_taken(qtbot):
    window = make_window(qtbot)
    mime = QMimeData()
    mime.setUrls([QUrl("https://example.org/article.html")])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert not enter.isAccepted()
