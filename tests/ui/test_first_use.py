"""A corpus never opened before: its articles are listed, open and are searched while it is scanned.

The window runs on the real thread pool (as in test_start_up), since what is tested is what shows
before the background work is done. The scan is held back half-way (the real splitter, waiting) so
the test looks at the window in that state whatever the machine's speed.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import threading
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt

from benchmarks.corpus_gen import generate_corpus
from reader.ingest import corpus as scanning
from reader.ingest.corpus import scan_corpus
from reader.ui import main_window
from reader.ui.chrono_model import ChronoTreeModel, DocIdRole, NodeKeyRole
from reader.ui.main_window import MainWindow
from tests.conftest import CORPUS, REPO
from tests.ui.windows import start_threaded, wait_until_settled

WAIT_MS = 60_000
HELD_AT = 40  # files split (after the first batch) when the scan is held back


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """60 short generated articles, one of them twice (a duplicate only the finished scan finds)."""
    folder = tmp_path_factory.mktemp("first-use") / "corpus"
    generate_corpus(folder, 60, seed=13, words=(60, 160))
    first = sorted(folder.iterdir())[3]
    shutil.copy(first, folder / f"{first.stem}-copy.txt")
    return folder


@pytest.fixture
def held_back(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """The scan stops splitting after :data:`HELD_AT` files until the test sets the event."""
    go = threading.Event()
    real = scanning.documents_of_file
    split: list[str] = []

    def waiting(source: Any, *args: Any, **kwargs: Any) -> Any:
        split.append(source.relpath)
        if len(split) == HELD_AT:
            go.wait(WAIT_MS / 1000)
        return real(source, *args, **kwargs)

    monkeypatch.setattr(scanning, "documents_of_file", waiting)
    monkeypatch.setattr(scanning, "SAMPLE_FILES", 10)
    monkeypatch.setattr(scanning, "FIRST_BATCH_SECONDS", 0.0)
    monkeypatch.setattr(scanning, "BATCH_SECONDS", 0.0)
    monkeypatch.setattr(MainWindow, "show_recovery_dialog", False)
    return go


def start(qtbot: Any, corpus: Path) -> MainWindow:
    return start_threaded(qtbot, corpus)


def finish(qtbot: Any, window: MainWindow) -> None:
    wait_until_settled(qtbot, window)


def shape(model: ChronoTreeModel, parent: QModelIndex | None = None) -> list[tuple]:
    """Every row as the view sees it: key, text, count, children."""
    parent = parent or QModelIndex()
    rows = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        assert index.parent() == parent and index.row() == row
        rows.append((index.data(NodeKeyRole), index.data(Qt.ItemDataRole.DisplayRole), shape(model, index)))
    return rows


def all_groups_open(window: MainWindow) -> bool:
    model, tree = window.sidebar.model, window.sidebar.tree
    return all(tree.isExpanded(model.index_for_key(key)) for key in model.group_keys())


def test_the_articles_are_listed_open_and_searched_while_the_corpus_is_scanned(
    qtbot: Any, generated: Path, held_back: threading.Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Few articles indexed while scanning (as at 10k): the whole corpus is indexed anew at the end.
    monkeypatch.setattr(main_window, "SCANNED_INDEX_MAX", 3)
    window = start(qtbot, generated)
    qtbot.waitUntil(lambda: len(window.sidebar.ordered_documents()) >= HELD_AT - 12, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.index_handle is not None, timeout=WAIT_MS)  # the first ones searched

    assert window.corpus is None  # still scanning
    assert window.scan_label.isVisible() and window.scan_label.text().startswith("Scanning: ")
    assert window.scan_label.text().endswith(" of 61 files")
    assert window.cancel_button.isVisible() and "scanning" in window.cancel_button.toolTip()
    listed = window.sidebar.ordered_documents()
    assert window.count_label.text() == f"{len(listed)} articles so far"
    assert all_groups_open(window)  # as a listing of the whole corpus opens them
    final = scan_corpus(generated)
    texts = {d.id: d.text for d in final.documents}
    assert set(listed) <= set(texts)

    resets: list[int] = []
    window.sidebar.model.modelReset.connect(lambda: resets.append(1))
    clicked = listed[len(listed) // 2]
    window.sidebar.select_document(clicked)
    window.sidebar.documentActivated.emit(clicked)  # what a click on the row sends
    assert window.tabs.tab_for(clicked).document.text == texts[clicked]  # opened at once: its text is here

    window.search.set_query("Hezbollah OR Baghdad OR Iraq")
    qtbot.waitUntil(lambda: (r := window.search.current_response()) is not None and r.total > 0,
                    timeout=WAIT_MS)
    assert {h.id for h in window.search.current_response().hits} <= set(listed)

    tree = window.sidebar.tree
    tree.verticalScrollBar().setValue(tree.verticalScrollBar().maximum() // 2 + 1)
    top = tree.indexAt(QPoint(0, 0)).data(NodeKeyRole)

    held_back.set()
    finish(qtbot, window)
    assert not window.scan_label.isVisible()
    assert tree.indexAt(QPoint(0, 0)).data(NodeKeyRole) == top  # rows came above it: it stayed put
    # The finished corpus took the scanned rows' place without a rebuild under the user: the row
    # they were on is still theirs, and the tree is what a fresh listing of the corpus shows.
    assert resets == []
    assert window.sidebar.tree.currentIndex().data(DocIdRole) == clicked
    assert window.tabs.tab_for(clicked) is not None
    fresh = ChronoTreeModel()
    fresh.set_documents(window.sidebar.model.documents())
    assert shape(window.sidebar.model) == shape(fresh)
    assert all_groups_open(window)
    assert [d.id for d in window.corpus.documents] == [d.id for d in final.documents]
    assert any(d.duplicate_of for d in window.corpus.documents)
    assert len(window.sidebar.ordered_documents()) == len(final.canonical)
    assert window.index_handle.doc_count == len(final.documents)
    # The part indexed while scanning was replaced by an index of the whole corpus: not news to tell.
    assert window.index_handle.rebuilt and "rebuilt" not in window.statusBar().currentMessage()
    assert window.index_label.text() == f"Index built: {len(final.canonical)} articles"


def test_opening_another_corpus_or_closing_mid_scan_is_quiet(
    qtbot: Any, generated: Path, held_back: threading.Event, capfd: pytest.CaptureFixture[str]
) -> None:
    window = start(qtbot, generated)
    qtbot.waitUntil(lambda: window.sidebar.model.rowCount() > 0, timeout=WAIT_MS)
    window.open_corpus(CORPUS)
    assert window.sidebar.model.rowCount() == 0  # nothing of the corpus given up stays listed
    held_back.set()
    finish(qtbot, window)
    sources = {d.source for d in window.sidebar.model.documents()}
    assert sources and all((CORPUS / s).exists() for s in sources)

    held_back.clear()
    window.close()
    again = start(qtbot, generated)
    qtbot.waitUntil(lambda: again.sidebar.model.rowCount() > 0, timeout=WAIT_MS)
    again.close()  # mid-scan
    held_back.set()
    again.runner.wait(WAIT_MS)
    qtbot.wait(50)
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err and "Error" not in out + err


def test_another_corpus_opened_is_listed_as_it_is_scanned(
    qtbot: Any, generated: Path, held_back: threading.Event
) -> None:
    held_back.set()  # the sample corpus is scanned at once
    window = start(qtbot, CORPUS)
    finish(qtbot, window)
    sample = window.sidebar.ordered_documents()[0]
    window.open_article(sample)
    held_back.clear()

    window.open_corpus(generated)
    assert window.sidebar.ordered_documents()[0] == sample  # shown until the new one is listed
    # The sample corpus is put away when the first articles come.
    qtbot.waitUntil(lambda: window.corpus is None and len(window.sidebar.ordered_documents()) >= HELD_AT - 12,
                    timeout=WAIT_MS)
    assert {d.source for d in window.sidebar.model.documents()} <= {p.name for p in generated.iterdir()}
    assert window.tabs.tab_for(sample) is None and window.windowTitle() == "Corpus Reader"
    assert window.scan_label.text().startswith("Scanning: ")
    held_back.set()
    finish(qtbot, window)
    assert window.corpus.root == generated.resolve()
    assert len(window.sidebar.ordered_documents()) == len(window.corpus.canonical)

    window.open_corpus(CORPUS)  # read before: listed from its last scan at once
    qtbot.waitUntil(lambda: sample in window.sidebar.ordered_documents(), timeout=WAIT_MS)
    finish(qtbot, window)
    assert window.tabs.tab_for(sample) is not None  # its tab, remembered when it was put away


def test_rows_added_in_batches_then_replaced_are_the_rows_of_a_fresh_listing(
    qtbot: Any, generated: Path, bundled_corpus: Any
) -> None:
    final = [*bundled_corpus.documents, *scan_corpus(generated).documents]
    assert any(d.duplicate_of for d in final)
    scanned = [replace(d, duplicate_of=None) for d in final]  # as a scan lists them
    for newest_first, languages in ((True, None), (False, {"ar"})):
        model = ChronoTreeModel()
        model.set_newest_first(newest_first)
        model.set_language_filter(languages)
        resets: list[int] = []
        model.modelReset.connect(partial(resets.append, 1))
        order = scanned[:]
        random.Random(7).shuffle(order)
        for i in range(0, len(order), 9):
            model.add_documents(order[i : i + 9])
        fresh = ChronoTreeModel()
        fresh.set_newest_first(newest_first)
        fresh.set_language_filter(languages)
        fresh.set_documents(order)
        assert shape(model) == shape(fresh)
        model.set_documents(final)
        fresh.set_documents(final)
        assert shape(model) == shape(fresh)
        assert resets == [1]  # the first batch only


def test_a_task_still_running_when_python_exits_prints_nothing() -> None:
    """Closing the window while indexing printed "RuntimeError: Signal source has been deleted"
    twice: Python's exit deletes the relay a running task reports through."""
    script = """
import threading, time
from reader.ui.app import create_application
from reader.ui.tasks import TaskRunner
app = create_application()
runner = TaskRunner()
started = threading.Event()
def work(task, progress):
    started.set()
    for i in range(40):  # a step that does not look at the cancel flag, like a long index commit
        time.sleep(0.02)
        progress(i, 40, "working")
    return 1
runner.run("work", work, on_progress=lambda *a: None)
started.wait(5)
app.processEvents()
print("exiting", flush=True)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO,
                          timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.stdout.strip() == "exiting"
    assert "Signal source has been deleted" not in done.stderr
    assert "Traceback" not in done.stderr
