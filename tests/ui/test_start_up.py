"""Starting on a corpus read before: its articles are listed and searchable at once, while the corpus
itself is checked against its files behind the list; nothing the user does meanwhile is lost.

The window runs on the real thread pool here (not the synchronous runner the other window tests
use), since what is tested is what shows before the background work is done.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex

from reader.ingest.scan_cache import load_corpus, read_listing
from reader.store import boundary_fixes as bf
from reader.ui.chrono_model import ChronoTreeModel, DocIdRole
from reader.ui.main_window import MainWindow
from tests.conftest import CORPUS
from tests.ui.test_first_use import shape
from tests.ui.windows import start_threaded, wait_until_settled

WAIT_MS = 60_000


def start(qtbot: Any) -> MainWindow:
    return start_threaded(qtbot, CORPUS)


def read(qtbot: Any, window: MainWindow) -> None:
    wait_until_settled(qtbot, window)


@pytest.fixture
def started_before(qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bundled corpus opened, read, indexed and closed once: its scan and index are cached."""
    monkeypatch.setattr(MainWindow, "show_recovery_dialog", False)
    window = start(qtbot)
    read(qtbot, window)
    window.close()


def test_articles_are_listed_and_searchable_before_the_corpus_is_read(
    qtbot: Any, started_before: None, bundled_corpus: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The corpus is read once the test has looked at the window (on a loaded machine the read could
    # otherwise finish before the first look): the real read, held back, not replaced.
    go = threading.Event()
    real_read = bf.load_user_corpus

    def held_back_read(*args: Any, **kwargs: Any) -> Any:
        go.wait(WAIT_MS / 1000)
        return real_read(*args, **kwargs)

    monkeypatch.setattr(bf, "load_user_corpus", held_back_read)
    window = start(qtbot)
    resets: list[bool] = []  # whether the corpus was read, at each rebuild of the list
    window.sidebar.model.modelReset.connect(lambda: resets.append(window.corpus is not None))
    qtbot.waitUntil(lambda: window.sidebar.model.rowCount() > 0, timeout=WAIT_MS)

    assert window.corpus is None  # listed from the last scan: the corpus is still being read
    assert window.index_handle is not None  # and search is ready
    listed = window.sidebar.ordered_documents()
    assert len(listed) == len(bundled_corpus.canonical)
    assert window.count_label.text().startswith(f"{len(bundled_corpus.canonical)} articles")

    clicked = listed[3]
    window.sidebar.select_document(clicked)
    window.sidebar.documentActivated.emit(clicked)  # what a click on the row sends
    assert window.tabs.tab_for(clicked) is None  # no text to show yet: it opens when read
    scrolled = window.sidebar.tree.verticalScrollBar().value()

    go.set()
    qtbot.waitUntil(lambda: window.tabs.tab_for(clicked) is not None, timeout=WAIT_MS)
    assert window.corpus is not None
    text = next(d.text for d in bundled_corpus.documents if d.id == clicked)
    assert window.tabs.tab_for(clicked).document.text == text
    # The corpus took the listing's place without rebuilding the list under the user.
    assert resets == [False]
    assert window.sidebar.ordered_documents() == listed
    assert window.sidebar.tree.currentIndex().data(DocIdRole) == clicked
    assert window.sidebar.tree.verticalScrollBar().value() == scrolled
    read(qtbot, window)


def test_a_search_typed_at_start_is_answered(qtbot: Any, started_before: None) -> None:
    window = start(qtbot)
    window.search.set_query("Hezbollah")
    qtbot.waitUntil(lambda: (r := window.search.current_response()) is not None and r.total > 0,
                    timeout=WAIT_MS)
    hit = window.search.current_response().hits[0]
    window.search.resultActivated.emit(hit.id, list(hit.matches))
    qtbot.waitUntil(lambda: window.tabs.tab_for(hit.id) is not None, timeout=WAIT_MS)
    read(qtbot, window)


def test_the_listing_holds_no_text_and_the_corpus_comes_back_whole_from_the_cache(
    bundled_corpus: Any,
) -> None:
    assert read_listing(CORPUS) is None  # never scanned in this profile
    fresh = load_corpus(CORPUS)
    listing = read_listing(CORPUS)
    assert listing is not None
    assert [d.id for d in listing.documents] == [d.id for d in fresh.documents]
    assert [d.title for d in listing.documents] == [d.title for d in fresh.documents]
    assert all(d.text == "" and d.original == "" for d in listing.documents)

    cached = load_corpus(CORPUS)
    assert [d.paragraphs for d in cached.documents] == [d.paragraphs for d in bundled_corpus.documents]
    assert [d.original for d in cached.documents] == [d.original for d in bundled_corpus.documents]
    assert cached.sources == bundled_corpus.sources
    assert cached.file_states == fresh.file_states


def test_the_list_keeps_its_rows_when_the_same_articles_come_again(qtbot: Any, bundled_corpus: Any) -> None:
    from dataclasses import replace

    model = ChronoTreeModel()
    model.set_documents(bundled_corpus.documents)
    first = model.index_for_doc(bundled_corpus.documents[5].id)
    kept = [model.index(0, 0, QModelIndex())]
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))

    again = [replace(d) for d in bundled_corpus.documents]  # the same articles, read anew
    model.set_documents(again)
    assert resets == []
    assert model.document(first) is again[5]  # the rows show the new objects
    assert kept[0].isValid()

    # A few articles changed (a re-scan, a manifest edit): only their rows move, where a rebuild of
    # the list would put them; a list mostly of other articles is rebuilt.
    moved = replace(again[7].date, value="1999-02-03")
    retitled = [replace(d, title="Another title") if i == 5 else replace(d, date=moved) if i == 7 else d
                for i, d in enumerate(again)]
    model.set_documents(retitled)
    assert resets == []
    assert model.document(model.index_for_doc(retitled[5].id)).title == "Another title"
    fresh = ChronoTreeModel()
    fresh.set_documents(retitled)
    assert shape(model) == shape(fresh)
    assert model.index_for_key("1999").isValid()
    model.set_documents(retitled[:5])
    assert resets == [1]


def test_merge_is_offered_from_the_second_article_of_a_file_on(qtbot: Any,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.ui.windows import make_window

    monkeypatch.setattr(MainWindow, "show_recovery_dialog", False)
    window = make_window(qtbot)
    stem = "001_ff668e2db0ba1b04"
    for n, offered in ((2, True), (1, False), (3, True)):
        assert window.open_article(f"{stem}#{n:02d}")
        window._update_fix_actions()
        assert window.merge_action.isEnabled() is offered, n
        assert ("first article of its file" in window.merge_action.toolTip()) is not offered


def test_the_notes_panels_export_opens_one_export_dialog(qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The export dialogs are made when first asked for: the panel's "Export…" still opens one."""
    from reader.ui.notes_io import ExportDialog
    from tests.ui.windows import make_window

    monkeypatch.setattr(MainWindow, "show_recovery_dialog", False)
    window = make_window(qtbot)
    window.store.add_note(window.sidebar.ordered_documents()[0], "Something to export")
    window.notes.refresh()
    window.notes.exportRequested.emit()  # what its "Export…" button sends
    qtbot.waitUntil(lambda: window.notes_io.export_dialog is not None, timeout=WAIT_MS)
    assert window.notes_io.export_dialog.isVisible()
    assert len([d for d in window.findChildren(ExportDialog) if d.isVisible()]) == 1
    window.notes_io.export_dialog.reject()
    window.notes.exportRequested.emit()  # again: still one dialog, not one per connection
    assert len([d for d in window.findChildren(ExportDialog) if d.isVisible()]) == 1


def test_the_query_left_at_close_is_searched_again_once_the_list_is_painted(
    qtbot: Any, started_before: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import QEvent, QObject

    from reader.ui import search_panel

    window = start(qtbot)
    window.search.set_query("Hezbollah")
    qtbot.waitUntil(lambda: window.search.current_response() is not None, timeout=WAIT_MS)
    read(qtbot, window)
    window.close()

    events: list[str] = []  # in order: the list painted with articles, the search started
    real_search = search_panel.run_search

    def noted_search(*args: Any, **kwargs: Any) -> Any:
        events.append("search")
        return real_search(*args, **kwargs)

    monkeypatch.setattr(search_panel, "run_search", noted_search)

    window = start(qtbot)  # nothing is painted before the event loop runs

    class PaintWatcher(QObject):
        def eventFilter(self, watched: Any, event: Any) -> bool:
            if event.type() == QEvent.Type.Paint and window.sidebar.model.rowCount() > 0:
                events.append("listed")
            return False

    watcher = PaintWatcher(window)
    window.sidebar.tree.viewport().installEventFilter(watcher)
    assert window.search.query() == "Hezbollah"  # the researcher's query is back
    qtbot.waitUntil(lambda: (r := window.search.current_response()) is not None and r.total > 0,
                    timeout=WAIT_MS)
    assert "listed" in events and "search" in events
    assert events.index("listed") < events.index("search")  # the list first, then its search
    read(qtbot, window)


def test_an_article_whose_cached_text_was_damaged_says_what_to_do(
    qtbot: Any, started_before: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.ingest.scan_cache import cache_path

    warned: list[str] = []
    monkeypatch.setattr("reader.ui.main_window.warn", lambda _parent, text: warned.append(text))
    window = start(qtbot)
    read(qtbot, window)
    target = cache_path(CORPUS)
    with open(target, "r+b") as fh:  # damaged in place (the app only ever replaces it whole)
        fh.seek(1024)
        fh.write(b"\x00" * (target.stat().st_size - 1024))
    last = window.sidebar.ordered_documents()[-1]
    assert window.open_article(last) is False
    assert window.tabs.tab_for(last) is None
    assert warned and "re-scan the corpus" in warned[0]


def test_the_window_is_dressed_in_its_theme_before_it_is_built(qtbot: Any) -> None:
    """A theme applied after the widgets exist restyles every one of them (0.2 s of the start)."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    from reader.ui.settings import AppSettings
    from reader.ui.theme import apply_app_palette

    app = QApplication.instance()
    apply_app_palette(app, "light")  # what the last window wore
    AppSettings().set("view/theme", "dark")  # what this one is to wear
    restyled: list[str] = []

    class Spy(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.ApplicationPaletteChange and isinstance(watched, MainWindow):
                restyled.append(type(watched).__name__)
            return False

    spy = Spy()
    app.installEventFilter(spy)
    try:
        window = start(qtbot)
        qtbot.waitUntil(lambda: window.sidebar.model.rowCount() > 0, timeout=WAIT_MS)
        qtbot.wait(20)
    finally:
        app.removeEventFilter(spy)
    try:
        assert restyled == []
        assert window.palette().color(QPalette.ColorRole.Window).lightness() < 100
        assert window.theme_actions["dark"].isChecked()
    finally:
        read(qtbot, window)
        window.set_theme("light")


def test_the_app_starts_with_the_collector_running_again(qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from reader.ui.app import open_main_window

    monkeypatch.setattr(MainWindow, "show_recovery_dialog", False)
    assert gc.isenabled()
    app, window = open_main_window(CORPUS)
    qtbot.addWidget(window)
    assert gc.isenabled()  # paused while the window was built, not left off
    assert app is not None and window.corpus_dir == CORPUS
    window.show()
    qtbot.waitUntil(lambda: window.corpus is not None, timeout=WAIT_MS)
    read(qtbot, window)


LATER = ("reader.search.searcher", "reader.search.concordance", "reader.align.pairing",
         "reader.ui.parallel_view", "whoosh.qparser")
"""What the window is drawn without: the search engine and its query parser, the concordance, the
pairing of translations and the side-by-side view (a tenth of a second of a start at 10k articles)."""

START = r"""
import sys, time
from pathlib import Path
from reader.ui.app import open_main_window
run, LATER = sys.argv[2], sys.argv[3].split(",")
app, window = open_main_window(Path(sys.argv[1]))
print("built without", *[m for m in LATER if m not in sys.modules], flush=True)
window.show()
deadline = time.monotonic() + 60
while time.monotonic() < deadline and not (window.corpus is not None and window.index_handle is not None
                                           and (run == "first" or "reader.align.pairing" in sys.modules)):
    app.processEvents()
    time.sleep(0.005)
window.runner.wait(10_000)  # the load after start, done
print("opened", window.open_occurrence(window.corpus.documents[0].id, [], 0), flush=True)  # as a result is
print("loaded", *[m for m in LATER if m in sys.modules], flush=True)
window.close()
"""


def test_the_window_is_built_without_the_search_engine_and_loads_it_once_the_list_is_painted(
    tmp_path: Any,
) -> None:
    # In fresh interpreters (this test process has long loaded everything), started twice on the same
    # profile as a user does: the second start lists the last scan and loads the rest after its paint.
    import os
    import subprocess
    import sys

    from tests.conftest import REPO

    env = {**os.environ, "CORPUS_READER_HOME": str(tmp_path / "profile"), "QT_QPA_PLATFORM": "offscreen"}
    for run in ("first", "again"):
        done = subprocess.run([sys.executable, "-c", START, str(CORPUS), run, ",".join(LATER)],
                              capture_output=True, text=True, cwd=REPO, env=env, timeout=240)
        assert done.returncode == 0, done.stderr[-2000:]
    lines = dict(line.split(" ", 1) if " " in line else (line, "") for line in done.stdout.splitlines())
    assert lines.get("built") == "without " + " ".join(LATER), done.stdout
    assert lines.get("opened") == "True", done.stdout
    # (opening an article, as a search result is, loads no side-by-side view to ask whether it is in one)
    assert lines.get("loaded", "").split() == ["reader.search.searcher", "reader.search.concordance",
                                               "reader.align.pairing", "whoosh.qparser"], done.stdout
