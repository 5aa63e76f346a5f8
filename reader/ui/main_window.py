"""The main window: timeline sidebar | reading tabs | search and notes, wired to the core.

The window owns no logic of its own beyond wiring: scanning and indexing run as background tasks
(the app stays usable while the index builds), and every piece of remembered state goes through
:class:`~reader.ui.settings.AppSettings` in the profile.

The annotation store (highlights, notes, tags, corrections) is opened with the window and closed
with it, after the note editor has saved what was being typed and a backup has been taken. After
every scan the user's corrections are applied to the documents the window shows (sidebar, tabs,
notes) and the highlights are re-anchored to the new text; ``self.corpus`` stays what ingest read,
for the search index.

Side-by-side tabs (:class:`~reader.ui.parallel_view.ParallelTab`) open from an article's header,
from the pair dialog (:class:`~reader.ui.pair_dialog.PairDialog`) or from a saved session. The
window supplies what they need from the corpus: the alias table (loaded once per corpus), the
pairs (declared in metadata.csv, made or dismissed by the user) and the pairing index behind the
suggestions, built on the task runner the first time a suggestion is asked for and rebuilt (reusing
unchanged articles) when the documents change.

Article boundaries are the researcher's too (:mod:`reader.store.boundary_fixes`): "Split article
here", "Merge with previous article" and "Edit title…" (context menu and Edit menu, shortcuts
active in the reading pane) store a fix, re-scan off the GUI thread with it and move the file's
notes, highlights and corrections to the new article ids in the same transaction; open tabs follow
their text to its new article. Edit → Undo (Ctrl+Z outside text fields) takes back the newest
delete or boundary fix of this session, whichever came last.
"""

from __future__ import annotations

import contextlib
import importlib
import itertools
import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QMimeData, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QTabWidget,
    QToolButton,
    QWidget,
)

from reader import __version__, paths
from reader.fileio import atomic_write
from reader.ingest.model import Document
from reader.ingest.scan_cache import Listing, StoredTextError, read_listing
from reader.store.annotations import CORRECTED_SOURCE, Store
from reader.store.backup import BackupError, backup_on_quit
from reader.store.db import GUI_PATIENCE_MS, StoreError, open_store
from reader.ui.annotation_layer import AnnotationLayer
from reader.ui.concordance_view import ConcordanceView
from reader.ui.messages import plain_tooltip, warn
from reader.ui.metadata_dialog import MetadataDialog
from reader.ui.notes_panel import NotesPanel
from reader.ui.problems_dialog import ProblemsDialog, problem_count, problems_report, report_text
from reader.ui.reading.labels import tab_title
from reader.ui.reading.panes import side_by_side
from reader.ui.reading.tab import ArticleTab
from reader.ui.reading.tabs import ReadingTabs
from reader.ui.saved_searches_panel import SavedSearchesPanel
from reader.ui.search_panel import SearchPanel, intersect_dates
from reader.ui.settings import AppSettings
from reader.ui.sidebar import SidebarWidget
from reader.ui.tasks import Task, TaskRunner, after_paint, throttled
from reader.ui.theme import THEMES, apply_app_palette

if TYPE_CHECKING:
    from reader.align.pairing import PairingIndex, Suggestion
    from reader.ingest.corpus import Corpus, ScanBatch
    from reader.search.concordance import Counterparts
    from reader.store import boundary_fixes as bf
    from reader.text.names import AliasTable
    from reader.ui.notes_io import NotesIO
    from reader.ui.pair_dialog import PairDialog
    from reader.ui.parallel_view import ParallelTab

log = logging.getLogger(__name__)

SPLIT_KEYS = [QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")]
MERGE_KEYS = QKeySequence("Ctrl+Backspace")
TITLE_KEYS = QKeySequence("F2")
READ_ONLY_FIX_TIP = "Your notes file is read-only, so article fixes cannot be saved."
NO_STORE_FIX_TIP = "Your notes could not be opened, so article fixes cannot be saved."
SCAN_PROGRESS_SECONDS = 0.1  # the status bar's scan count: often enough to move, not one signal a file
SCANNED_INDEX_GROWTH = 4  # a corpus scanned for the first time: its listed articles indexed again when 4x
SCANNED_INDEX_MAX = 1000  # ... up to this many: indexing more alongside the scan slows the scan as much
FIRST_SEARCH_WAIT_S = 10.0  # the longest a scan waits for its first articles to be searchable


class _Layer(AnnotationLayer):
    """The annotation layer, plus the window's article-boundary entries in the context menu and a
    record of deletes (so Ctrl+Z takes back deletes and boundary fixes in the order they were made)."""

    def __init__(self, window: MainWindow, *args: Any) -> None:
        super().__init__(*args)
        self._window = window

    def delete(self, uuid: str) -> bool:
        done = super().delete(uuid)
        if done:
            self._window._push_undo("delete")
        return done

    def context_menu(self, tab: ArticleTab, pos: QPoint) -> QMenu:
        menu = super().context_menu(tab, pos)
        self._window._add_fix_entries(menu, tab, tab.view.offset_at(pos))
        return menu

RETIRE_MS = 5000
PANEL_WIDTHS = {0: 340, 2: 400}  # a panel opened again after it was dragged shut
PROBLEM_TIP_LINES = 20  # the status-bar tooltip shows the start; the dialog shows everything
CARET_ON_MESSAGE = (
    "Caret browsing: Shift+arrows select, Ctrl+Shift+arrows by word, 1-8 highlight; F7 ends it"
)
MENU_TITLE_CHARS = 56
MENU_SUGGESTIONS = 3
THEME_LABELS = {"light": "&Light", "sepia": "&Sepia", "dark": "&Dark"}
SEARCH_TAB, NOTES_TAB = 0, 1


def _local_paths(mime: QMimeData) -> list[Path]:
    """The local files and folders of a drag (links to web pages are not files: not taken)."""
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile() and url.toLocalFile()]


LOADED_AFTER_START = ("reader.search.searcher", "reader.search.concordance", "reader.align.pairing")
"""The search engine, the concordance and the pairing of translations: the window is drawn and its
list painted without them (0.1 s of a start of under a second at 10k articles), then they are
loaded off the GUI thread, so the first search or concordance does not wait for them."""


def _load_after_start(task: Task, _progress: Any) -> None:
    for name in LOADED_AFTER_START:
        if task.cancelled:
            return
        importlib.import_module(name)


def _listing_and_index(folder: Path, task: Task) -> tuple[Listing | None, Any]:
    """The last scan's articles and the last index of ``folder`` (None for either that is not
    there), read together off the GUI thread: the window lists and searches them at once."""
    listing = read_listing(folder)
    if listing is None or task.cancelled:
        return listing, None
    from reader.search.service import open_current

    try:
        handle = open_current(folder)
    except Exception:  # no index yet, or unreadable: the window's indexing makes one
        return listing, None
    if task.cancelled:  # nobody will take it
        handle.close()
        return listing, None
    return listing, handle


def stored_theme(settings: AppSettings) -> str:
    name = settings.get_str("view/theme", "light")
    return name if name in THEMES else "light"


class MainWindow(QMainWindow):
    """One corpus at a time; switching corpus re-scans and re-indexes in the background."""

    corpusLoaded = Signal(object)  # Corpus
    indexReady = Signal(object)  # IndexHandle

    # Show the store's recovery message in a (non-modal) message box; tests may turn it off.
    show_recovery_dialog = True

    def __init__(
        self,
        corpus_dir: Path | None = None,
        *,
        settings: AppSettings | None = None,
        runner: TaskRunner | None = None,
        store: Store | None = None,
        parent: QWidget | None = None,
    ) -> None:
        settings = settings or AppSettings()
        app = QApplication.instance()
        if isinstance(app, QApplication):  # dressed before any of its widgets exists, not restyled after
            apply_app_palette(app, stored_theme(settings))
        super().__init__(parent)
        self.settings = settings
        self.runner = runner or TaskRunner(self)
        self.store: Store | None = store
        self._store_error: str | None = None
        self._store_closed = False
        self.recovery_box: QMessageBox | None = None
        self.metadata_dialog: MetadataDialog | None = None
        if self.store is None:
            self._open_store()
        self.corpus: Corpus | None = None
        self.corpus_dir: Path | None = None
        self.index_handle: Any = None
        self._docs: dict[str, Document] = {}
        self._listing: set[str] = set()  # articles listed from the last scan while the corpus is read
        # A corpus listed as it is scanned: the scan's own articles so far (before corrections) and
        # their files' fingerprints, for an index of them while no other index exists.
        self._scanned_docs: list[Document] = []
        self._scanned_states: dict[str, str] = {}
        self._index_scanned = False
        self._scanned_index_task: Task | None = None
        self._scanned_indexed = 0
        self._quiet_rebuild = False
        self._first_build = False  # the index being finished is the corpus' first (begun while scanning)
        self._searchable = threading.Event()  # the first articles a scan listed are searchable (or won't be)
        self._first_in_file: dict[str, str] = {}  # file -> the id of its first article
        self._open_when_read: tuple[str, list[tuple[int, int]] | None, bool] | None = None
        self._duplicates: dict[str, list[str]] = {}
        self._index_task: Task | None = None
        self._scan_task: Task | None = None
        self._pending_tabs: dict[str, Any] | None = None
        self._awaiting_hits: set[str] = set()  # reopened tabs that showed search hits
        self._retired: list[Any] = []
        self.pair_dialog: PairDialog | None = None
        self._aliases: AliasTable | None = None
        self._aliases_root: Path | None = None
        self._aliases_loaded = False
        self._pairing: PairingIndex | None = None
        self._pairing_of: dict[str, Document] | None = None  # the _docs the index was built from
        self._pairing_task: Task | None = None
        self._pairing_task_of: dict[str, Document] | None = None
        self._pairing_waiters: list[Callable[[PairingIndex], None]] = []
        self._declared: tuple[dict[str, Document] | None, set[tuple[str, str]]] = (None, set())

        self.setWindowTitle("Corpus Reader")
        self.setAcceptDrops(True)  # files and folders dropped on the window are added to the corpus
        self.last_add_report: Any = None
        self.add_report_box: QMessageBox | None = None
        self.sidebar = SidebarWidget()
        self.tabs = ReadingTabs()
        self.search = SearchPanel(self.runner)
        self._undo_stack: list[tuple[str, int | None]] = []  # ("delete", None) / ("fix", log seq)
        self._fix_task: Task | None = None
        self.user_corpus: bf.UserCorpus | None = None
        self._boundary_marks: dict[str, list[str]] = {}
        self.annotations = _Layer(self, self.store, self.tabs, self)
        self.notes = NotesPanel(self.store)
        self.notes.set_palette(self.annotations.palette())
        self.side_tabs = QTabWidget()
        self.side_tabs.setAccessibleName("Side panel")
        self.side_tabs.tabBar().setAccessibleName("Search, notes and saved searches")
        self.side_tabs.setDocumentMode(True)
        self.side_tabs.addTab(self.search, "Search")
        self.side_tabs.addTab(self.notes, "Notes")
        self.saved_searches = SavedSearchesPanel(self.store, self.search, self.runner)
        self.side_tabs.addTab(self.saved_searches, "Saved")
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        for widget in (self.sidebar, self.tabs, self.side_tabs):
            self.splitter.addWidget(widget)
        # The side panels collapse fully when dragged to the edge; the text never does.
        self.splitter.setChildrenCollapsible(True)
        self.splitter.setCollapsible(1, False)
        self._focus_restore: tuple[bool, bool, bool] | None = None
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([340, 760, 400])
        self.setCentralWidget(self.splitter)
        # Every occurrence of the current query: a bottom dock, wide enough for KWIC lines.
        self.concordance = ConcordanceView(self.runner)
        self.concordance.set_documents(lambda: self._docs)
        self.concordance.set_counterparts_source(self._counterparts)
        self.concordance_dock = QDockWidget("Concordance", self)
        self.concordance_dock.setObjectName("concordanceDock")
        self.concordance_dock.setWidget(self.concordance)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.concordance_dock)
        self.concordance_dock.hide()

        self._build_status_bar()
        self._build_menus()
        self._connect()
        self._restore_window()
        self._announce_store()
        self.open_corpus(corpus_dir or self._initial_corpus())

    # -- the annotation store -------------------------------------------------------------------

    def _open_store(self) -> None:
        """Open the user's annotations; without them the app still reads and searches.

        ``open_store`` says every failure in one sentence (:class:`StoreError`); SQLite and OS
        errors are caught too, because nothing about the notes file may stop the app starting.
        """
        try:
            self.store = open_store()
        except (StoreError, sqlite3.Error, OSError) as exc:
            log.error("could not open the annotation store: %s", exc)
            self.store = None
            self._store_error = str(exc)

    def _announce_store(self) -> None:
        """Tell the user when the store had to recover, is read-only, or could not be opened.

        The message box is non-modal (``show()``), so nothing waits on it; it also goes to the
        status bar and the log, where a test or a user who closed it can still find it. A store
        that is unavailable or read-only also gets a lasting mark in the status bar
        (:attr:`store_banner`), whose tooltip repeats the reason.
        """
        if self.store is None:
            message = f"Your notes could not be opened, so highlighting is off: {self._store_error}"
        else:
            message = self.store.recovery_message or ""
        self.store_banner = QLabel()
        self.store_banner.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addPermanentWidget(self.store_banner)
        unusable = self.store is None or self.store.read_only
        self.store_banner.setText("" if not unusable else (
            "Notes unavailable" if self.store is None else "Notes read-only"))
        self.store_banner.setToolTip(plain_tooltip(message) if unusable else "")
        self.store_banner.setVisible(unusable)
        if not message:
            return
        log.warning("%s", message)
        self.statusBar().showMessage(message, 30_000)
        if self.show_recovery_dialog:
            box = QMessageBox(QMessageBox.Icon.Information, "Corpus Reader — your notes", message,
                              QMessageBox.StandardButton.Ok, self)
            box.setTextFormat(Qt.TextFormat.PlainText)
            box.setModal(False)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.finished.connect(lambda _r: setattr(self, "recovery_box", None))
            self.recovery_box = box
            QTimer.singleShot(0, box.show)

    def _close_store(self) -> None:
        """Save what is being typed, take the quit backup and close the file (once)."""
        if self._store_closed:
            return
        self._store_closed = True
        self.notes.flush()
        store = self.store
        if store is None:
            return
        try:  # the file may have become unusable meanwhile: quitting must still work
            if not store.read_only:
                backup_on_quit(store)
        except (BackupError, StoreError, sqlite3.Error, OSError) as exc:
            log.warning("backup on quit failed: %s", exc)
        try:
            store.close()
        except sqlite3.Error as exc:
            log.warning("closing the annotation store failed: %s", exc)

    # -- construction ---------------------------------------------------------------------------

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.corpus_label = QLabel()
        self.corpus_label.setTextFormat(Qt.TextFormat.PlainText)
        self.count_label = QLabel()
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.index_label = QLabel()
        self.index_label.setTextFormat(Qt.TextFormat.PlainText)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(180)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.scan_label = QLabel()
        self.scan_label.setTextFormat(Qt.TextFormat.PlainText)
        self.scan_label.hide()
        self.cancel_button = QToolButton()
        self.cancel_button.setText("Cancel")
        self.cancel_button.setToolTip("Stop indexing; search keeps using the last complete index")
        self.cancel_button.clicked.connect(self.cancel_work)
        self.cancel_button.hide()
        self.problems_button = QToolButton()
        self.problems_button.setAutoRaise(True)
        self.problems_button.setToolTip("Files skipped and rows not applied: File → Corpus Problems…")
        self.problems_button.clicked.connect(self.show_problems)
        self.problems_button.hide()
        self.problems_dialog: ProblemsDialog | None = None
        bar.addWidget(self.corpus_label)
        bar.addWidget(self.count_label)
        # Permanent: a passing status message must not cover it, nor it the message.
        bar.addPermanentWidget(self.problems_button)
        bar.addPermanentWidget(self.scan_label)
        bar.addPermanentWidget(self.index_label)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.cancel_button)

    def _action(self, text: str, slot: Any, shortcut: Any = None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            if isinstance(shortcut, list):
                action.setShortcuts(shortcut)
            else:
                action.setShortcut(shortcut)
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        menus = self.menuBar()
        file_menu = menus.addMenu("&File")
        file_menu.addAction(
            self._action("&Open Corpus Folder…", self.choose_corpus, QKeySequence.StandardKey.Open)
        )
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addAction(self._action("Re-&scan Corpus", self.rescan, QKeySequence("F5")))
        file_menu.addAction(self._action(
            "&Add Files to Corpus…", self.choose_files_to_add,
            tip="Copy web pages, PDF, Word, EPUB or text files into the corpus folder (or drop them here)",
        ))
        file_menu.addAction(
            self._action(
                "Re&build Search Index", self.rebuild_index, tip="Throw the index away and build it anew"
            )
        )
        file_menu.addAction(self._action(
            "Corpus &Problems…", self.show_problems,
            tip="Files that were skipped and rows of metadata.csv or aliases.csv that were not applied",
        ))
        file_menu.addSeparator()

        self._notes_io: NotesIO | None = None
        self.notes.exportRequested.connect(self._first_export)
        file_menu.addAction(self._action(
            "&Export Notes…", lambda: self.notes_io.export_notes(), QKeySequence("Ctrl+Shift+E"),
            tip="This article's notes, the ones the Notes panel shows, or all: Markdown, CSV, JSON-LD or PDF",
        ))
        file_menu.addAction(self._action(
            "&Import Notes…", lambda: self.notes_io.import_notes(),
            tip="Merge notes from a JSON-LD file (an export of this app, or any W3C Web Annotation file)",
        ))
        file_menu.addSeparator()
        file_menu.addAction(self._action("&Quit", self.close, QKeySequence.StandardKey.Quit))

        edit = menus.addMenu("&Edit")
        self.undo_action = self._action(
            "&Undo", self.undo_delete, QKeySequence(QKeySequence.StandardKey.Undo),
            tip="Bring back the last highlight or note you deleted, or take back the last article fix",
        )
        self.undo_action.setEnabled(False)
        edit.addAction(self.undo_action)
        edit.addSeparator()
        edit.addAction(self._action(
            "Add Note to &Selection", self.note_on_selection, QKeySequence("Ctrl+Shift+M"),
            tip="Highlight the selected words (last colour used) and write a note on them",
        ))
        edit.addAction(self._action(
            "&Note on This Article", self.add_article_note, QKeySequence("Ctrl+Shift+N"),
            tip="Write a note about the whole article",
        ))
        edit.addAction(self._action(
            "&Carry Highlight to Translation", lambda: self.annotations.carry_current(),
            QKeySequence("Ctrl+Shift+T"),
            tip="Side by side: a lighter, linked copy of the highlight at the caret in the other article",
        ))
        edit.addAction(self._action(
            "Edit Article &Details…", self.edit_current_details, tip="Correct the date, title, outlet…"
        ))
        edit.addSeparator()
        self.split_action = self._fix_action(
            "S&plit Article Here", self.split_here, SPLIT_KEYS,
            "Start a new article at the paragraph of the caret (the splitter missed a boundary)",
        )
        self.merge_action = self._fix_action(
            "&Merge with Previous Article", self.merge_with_previous, MERGE_KEYS,
            "Join this article to the one before it in the same file (the splitter cut too early)",
        )
        self.title_action = self._fix_action(
            "Edit &Title…", self.edit_title, TITLE_KEYS, "Give this article a title of your own",
        )
        for action in (self.split_action, self.merge_action, self.title_action):
            edit.addAction(action)
        edit.aboutToShow.connect(self._update_fix_actions)
        edit.addAction(self._action(
            "&Rename Colours…", lambda: self.annotations.open_rename_dialog(self),
            tip="What each highlight colour means to you",
        ))
        edit.addSeparator()
        edit.addAction(self._action(
            "Save &Search…", self.saved_searches.save_current, QKeySequence("Ctrl+Shift+S"),
            tip="Keep the current query and its options under a name (the Saved tab lists them)",
        ))

        view = menus.addMenu("&View")
        self.theme_actions: dict[str, QAction] = {}
        theme_menu = view.addMenu("&Theme")
        group = QActionGroup(self)
        for name in THEMES:
            action = self._action(THEME_LABELS.get(name, name.title()), partial(self.set_theme, name))
            action.setCheckable(True)
            group.addAction(action)
            theme_menu.addAction(action)
            self.theme_actions[name] = action
        view.addSeparator()
        zoom_keys = [QKeySequence("Ctrl++"), QKeySequence("Ctrl+=")]
        view.addAction(self._action("Zoom &In", self.zoom_in, zoom_keys))
        view.addAction(self._action("Zoom &Out", self.zoom_out, QKeySequence("Ctrl+-")))
        view.addAction(self._action("&Actual Size", self.reset_zoom, QKeySequence("Ctrl+0")))
        view.addSeparator()
        self.original_action = self._action(
            "Show &Original Text", self.toggle_original, QKeySequence("Ctrl+U")
        )
        self.original_action.setCheckable(True)
        view.addAction(self.original_action)
        self.caret_action = self._action(
            "Caret &Browsing", self.set_caret_browsing, QKeySequence("F7"),
            tip="A caret in the text: select with Shift+arrows (Ctrl for whole words), then 1-8 to highlight",
        )
        self.caret_action.setCheckable(True)
        view.addAction(self.caret_action)
        view.addSeparator()
        view.addAction(self._action(
            "Side &by Side…", lambda: self.open_pair_dialog(), QKeySequence("Ctrl+Shift+P"),
            tip="Read this article next to its translation, a suggestion or any article",
        ))
        view.addSeparator()
        self.sidebar_action = self._action("Article &List Panel", self.set_sidebar_shown)
        self.side_panel_action = self._action("&Search and Notes Panel", self.set_side_panel_shown)
        for action in (self.sidebar_action, self.side_panel_action):
            action.setCheckable(True)
            action.setChecked(True)
            view.addAction(action)
        self.focus_action = self._action(
            "&Focus Mode", self.set_focus_mode, [QKeySequence("F11"), QKeySequence("Ctrl+Shift+F")],
            tip="Only the text: hide the article list, the side panel and the concordance",
        )
        self.focus_action.setCheckable(True)
        view.addAction(self.focus_action)
        view.aboutToShow.connect(self._sync_panel_actions)
        view.addSeparator()
        self.concordance_action = self._action(
            "&Concordance", self.show_concordance, QKeySequence("Ctrl+Shift+C"),
            tip="Every occurrence of the current search, in context",
        )
        view.addAction(self.concordance_action)

        go = menus.addMenu("&Go")
        go.addAction(self._action("&Article List", self.focus_article_list, QKeySequence("Ctrl+1")))
        go.addAction(self._action("&Reading Pane", self.focus_reading_pane, QKeySequence("Ctrl+2")))
        go.addAction(self._action(
            "&Search Corpus", self.focus_search, [QKeySequence("Ctrl+K"), QKeySequence("Ctrl+3")]
        ))
        go.addAction(self._action(
            "&Notes", self.focus_notes, [QKeySequence("Ctrl+Shift+K"), QKeySequence("Ctrl+4")]
        ))
        go.addAction(self._action(
            "Sa&ved Searches", self.focus_saved_searches, QKeySequence("Ctrl+Shift+L")
        ))
        go.addSeparator()
        go.addAction(self._action(
            "Ne&xt Article", lambda: self.step_article(1), QKeySequence("Alt+Down"),
            tip="The next article in the list's order, in the same tab",
        ))
        go.addAction(self._action(
            "Pre&vious Article", lambda: self.step_article(-1), QKeySequence("Alt+Up"),
            tip="The previous article in the list's order, in the same tab",
        ))
        go.addSeparator()
        # The reading pane owns these keys (they work in each tab); the menu shows them in the
        # shortcut column ("\t") without registering them twice, which Qt would call ambiguous.
        go.addAction(self._action("&Find in Article…\tCtrl+F", self._find_in_article))
        go.addAction(self._action("&Next Match\tF3", self._next_match))
        go.addAction(self._action("&Previous Match\tShift+F3", self._previous_match))
        go.addAction(self._action("&Close Article", self._close_current, QKeySequence.StandardKey.Close))

        help_menu = menus.addMenu("&Help")
        help_menu.addAction(self._action(
            "&Keyboard Shortcuts", self.show_shortcuts, QKeySequence("Ctrl+/"),
            tip="Every key the app answers to, searchable",
        ))
        help_menu.addAction(self._action("&About Corpus Reader", self._about))

    @property
    def notes_io(self) -> NotesIO:
        """The notes' export and import dialogs, made when first used (their exporters and readers
        are not needed to start)."""
        if self._notes_io is None:
            from reader.ui.notes_io import NotesIO

            self._notes_io = NotesIO(self)  # it answers the notes panel's "Export…" from now on
            self.notes.exportRequested.disconnect(self._first_export)
        return self._notes_io

    def _first_export(self) -> None:
        self.notes_io.export_notes()

    def _connect(self) -> None:
        # A click previews (the preview tab shows it); a double click or a note keeps the tab.
        self.sidebar.documentActivated.connect(lambda doc_id: self.open_article(doc_id, preview=True))
        self.sidebar.documentKept.connect(lambda doc_id: self.open_article(doc_id))
        self.sidebar.monthSelected.connect(lambda month: self.search.set_month_filter(month or None))
        self.search.resultActivated.connect(self._result_activated)
        self.search.occurrenceActivated.connect(self.open_occurrence)
        self.search.responseChanged.connect(self._response_changed)
        self.concordance.occurrenceActivated.connect(self.open_occurrence)
        self.tabs.openRequested.connect(lambda doc_id: self.open_article(doc_id))
        self.tabs.currentDocumentChanged.connect(self._current_changed)
        self.tabs.zoomChanged.connect(lambda steps: self.settings.set("view/zoom", steps))
        self.tabs.editDetailsRequested.connect(self.edit_details)
        self.tabs.tabCreated.connect(self._tab_created)
        self.tabs.documentReplaced.connect(self._tab_document_replaced)
        self.tabs.sideBySideMenuRequested.connect(self._fill_side_by_side_menu)
        self.corpusLoaded.connect(lambda corpus: self.saved_searches.set_corpus(corpus.root))
        self.indexReady.connect(self.saved_searches.set_index)
        self.saved_searches.message.connect(lambda text: self.statusBar().showMessage(text, 8000))

        layer, notes = self.annotations, self.notes
        layer.changed.connect(notes.refresh)
        layer.changed.connect(self.tabs.pin_document)  # a highlight or a note keeps the tab
        layer.aboutToDelete.connect(lambda _uuid: notes.flush())
        layer.paletteChanged.connect(self._palette_changed)
        layer.selected.connect(notes.select)
        layer.editRequested.connect(self._edit_annotation)
        layer.message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        layer.undoAvailable.connect(lambda _available: self._update_undo())
        notes.annotationActivated.connect(layer.reveal)
        # A note typed or cleared changes its highlight's mark in the text.
        notes.editor.saved.connect(lambda a: layer.refresh(a.doc_id))
        notes.openRequested.connect(self._open_annotation)
        notes.deleteRequested.connect(self.delete_annotation)
        notes.colourRequested.connect(layer.set_colour)
        notes.addNoteRequested.connect(self.add_article_note)
        notes.renameColoursRequested.connect(lambda: layer.open_rename_dialog(self))

    # -- corpus lifecycle -----------------------------------------------------------------------

    def _initial_corpus(self) -> Path:
        last = self.settings.last_corpus()
        if last is not None and last.is_dir():
            return last
        return paths.bundled_corpus()

    def choose_corpus(self) -> None:
        start = str(self.corpus_dir or Path.home())
        folder = QFileDialog.getExistingDirectory(self, "Open Corpus Folder", start)
        if folder:
            self.open_corpus(Path(folder))

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.recent_corpora()
        if not recent:
            action = self.recent_menu.addAction("No recent corpora")
            action.setEnabled(False)
            return
        for folder in recent:
            action = self.recent_menu.addAction(folder)
            action.triggered.connect(partial(self.open_corpus, Path(folder)))

    def open_corpus(self, folder: Path) -> None:
        """Scan ``folder`` in the background; the corpus shown stays until the new one is listed.

        A window that shows no corpus yet (at start), or another corpus, first lists the articles
        of the folder's last scan (:func:`~reader.ingest.scan_cache.read_listing`, a fraction of the
        corpus to read) and opens its index: the list and search are there at once, while the
        corpus is checked against its files (a fraction of a second: its articles read their text
        from the scan cache when they are opened or indexed). An article opened meanwhile opens as
        soon as the corpus is there. A folder never scanned is listed as it is scanned
        (:meth:`_scan`). A re-scan of the corpus shown keeps it until the scan is done.
        """
        if self.corpus_dir is not None and self.corpus is not None:
            self._save_corpus_state()
        self.cancel_indexing()
        if self.corpus is None:  # what was listed of a corpus not yet read goes with it
            self._forget_unread()
        folder = Path(folder).expanduser()
        self.corpus_dir = folder
        sample = folder.resolve() == paths.bundled_corpus().resolve()
        # The installed sample corpus lives in a folder called "_corpus": name it for what it is.
        self.corpus_label.setText("Sample corpus" if sample else folder.name or str(folder))
        self.corpus_label.setToolTip(plain_tooltip(str(folder)))
        self.count_label.setText("Scanning…")
        self.sidebar.set_busy(f"Scanning {folder.name or folder}…")
        self._pending_tabs = self.settings.corpus_state(folder.resolve()) if folder.exists() else {}
        if self._scan_task is not None:
            self._scan_task.cancel()
        if (self.corpus is None or self._showing_other(folder)) and not self.runner.synchronous:
            self._scan_task = self.runner.run(
                "list",
                lambda task, progress: _listing_and_index(folder, task),
                on_result=lambda found: self._listed(folder, *found),
                on_error=lambda _exc, _trace: self._scan(folder),
            )
        else:
            self._scan(folder)

    def _scan(self, folder: Path) -> None:
        """Read ``folder``'s corpus (the scan cache's, when nothing changed), with the researcher's
        boundary fixes (their splits and merges) applied.

        A window that lists nothing yet lists the articles as the scan finds them (a corpus never
        opened takes a minute or more to scan), and, when the corpus has no index yet, indexes
        them as they come: search answers from the first articles on.
        """
        store = self.store
        # Inline (tests' synchronous runner) the scan is over before anything could be listed.
        listing = ((self.corpus is None or self._showing_other(folder)) and not self._listing
                   and not self.runner.synchronous)
        searchable = self._searchable = threading.Event()

        def articles(task: Task, batch: ScanBatch) -> None:
            task.report(batch)
            # The first articles are indexed while the scan waits: both are Python, and the
            # interpreter runs one at a time, so indexing alongside would take twice as long.
            deadline = time.monotonic() + FIRST_SEARCH_WAIT_S
            while not searchable.wait(0.05) and not task.cancelled and time.monotonic() < deadline:
                pass
            searchable.set()

        def work(task: Task, progress: Any) -> Any:
            # Imported here, off the GUI thread: the ingest code is a few hundred patterns to compile
            # (the window starts by painting the listing while this runs).
            from reader.ingest.corpus import ScanListener
            from reader.store import boundary_fixes as bf

            listener = ScanListener(articles=partial(articles, task) if listing else None,
                                    progress=throttled(progress, SCAN_PROGRESS_SECONDS),
                                    cancelled=lambda: task.cancelled)
            return bf.load_user_corpus(folder, store, listener=listener)

        self._scan_task = self.runner.run(
            "scan",
            work,
            on_result=self._scanned,
            on_error=self._scan_failed,
            on_progress=self._scan_progress,
            on_report=lambda batch: self._scan_batch(folder, batch),
        )

    def _showing_other(self, folder: Path) -> bool:
        """Whether the window shows a corpus other than ``folder``'s."""
        return self.corpus is not None and self.corpus.root != Path(folder).expanduser().resolve()

    def _unload_corpus(self) -> None:
        """Put the corpus shown away: another one is listed in its place (its open tabs were
        remembered by :meth:`open_corpus`, for the next time it is opened)."""
        self.notes.flush()
        self.corpus = self.user_corpus = None
        self._docs, self._duplicates, self._first_in_file, self._boundary_marks = {}, {}, {}, {}
        self._refresh_open_tabs()  # every article is gone: every tab closes
        self.sidebar.set_documents([])
        self.notes.set_documents(self._docs)
        self.notes.set_document(None)
        self.notes.refresh()
        self._set_index(None)
        self._refresh_problems()
        self.setWindowTitle("Corpus Reader")
        self._update_fix_actions()

    def _forget_unread(self) -> None:
        """Clear what was listed (and searched) of a corpus whose reading was given up."""
        self._cancel_scanned_index()
        if self._listing or self._scanned_docs or self._docs:
            self._listing, self._scanned_docs, self._scanned_states, self._docs = set(), [], {}, {}
            self.sidebar.set_documents([])
        self._index_scanned = False
        self._scanned_indexed = 0
        if self.index_handle is not None:
            self._set_index(None)

    def _scan_progress(self, done: int, total: int, phase: str) -> None:
        self.progress.setRange(0, total if phase != "grouping duplicates" else 0)
        self.progress.setValue(done)
        self.progress.show()
        self.cancel_button.setToolTip("Stop scanning; the articles listed so far stay listed")
        self.cancel_button.show()
        self.scan_label.setText(
            f"Reading: {done} of {total} files" if phase == "reading"
            else f"Scanning: {done} of {total} files" if phase == "splitting"
            else "Finding duplicates…")
        self.scan_label.show()

    def _scan_batch(self, folder: Path, batch: ScanBatch) -> None:
        """List the articles a scan just found; they open at once (their text is there)."""
        if self._listing or (self.corpus is not None and not self._showing_other(folder)):
            return
        if self.corpus is not None:
            self._unload_corpus()
        first = not self._scanned_docs
        self._scanned_docs.extend(batch.documents)
        self._scanned_states.update(batch.file_states)
        documents = self._corrected_documents(batch.documents)
        self._docs.update((d.id, d) for d in documents)
        self.sidebar.add_documents(documents)
        self.sidebar.set_busy(None)
        self.count_label.setText(f"{len(self._scanned_docs)} articles so far")
        if first:
            self._open_last_index(folder)
            self._index_scanned = self.index_handle is None  # nothing to search but what is listed
        if not self._index_scanned:
            self._searchable.set()
        self._index_scanned_articles(folder)

    def _index_scanned_articles(self, folder: Path) -> None:
        """Index the articles listed so far of a corpus that has no index yet, on the one writer.

        The first ones at once, so search answers within seconds; again whenever the list has
        grown :data:`SCANNED_INDEX_GROWTH` times, up to :data:`SCANNED_INDEX_MAX` articles, each
        time an update of the last. Indexing runs in this process as the scan does, and the
        interpreter runs one at a time: more would delay the list as much as it advanced search.
        The finished scan's indexing then adds the rest and folds the duplicates (:meth:`_scanned`).
        """
        running = self._scanned_index_task is not None and not self._scanned_index_task.done
        docs = self._scanned_docs
        if (not self._index_scanned or running or self.corpus is not None
                or len(docs) < SCANNED_INDEX_GROWTH * self._scanned_indexed
                or (self._scanned_indexed and len(docs) > SCANNED_INDEX_MAX)):
            return
        from reader.ingest.corpus import Corpus
        from reader.search.service import open_index

        corpus = Corpus(folder.resolve(), list(docs), [], file_states=dict(self._scanned_states))
        self._scanned_indexed = len(docs)
        if self.index_handle is None:
            self.index_label.setText("Indexing the first articles…")
        self._scanned_index_task = self.runner.run(
            "index scanned articles",
            lambda task, progress: open_index(corpus, cancel=task.cancel_event),
            on_result=lambda handle: self._scanned_articles_indexed(folder, handle),
            on_error=self._scanned_index_failed,
            on_progress=self._scanned_index_progress,
            writer=True,
        )

    def _scanned_index_progress(self, done: int, total: int, phase: str) -> None:
        if self.corpus is None:  # the scan's count has the progress bar
            self.index_label.setText(f"Indexing the articles listed: {done} of {total}")
        else:  # the whole corpus' indexing waits for this part: its count is the one to see
            self._index_progress(done, total, phase)

    def _scanned_index_failed(self, exc: BaseException, _trace: str) -> None:
        log.warning("indexing the scanned articles failed: %s", exc)  # the corpus' own indexing says it
        self._searchable.set()

    def _scanned_articles_indexed(self, folder: Path, handle: Any) -> None:
        self._searchable.set()
        if self.corpus is None and self._index_scanned:
            self._set_index(handle)
            self.index_label.setText(f"{self._scanned_indexed} articles searchable; indexing goes on")
            self._index_scanned_articles(folder)
        else:  # the whole corpus is being indexed (or another one opened): its own handle follows
            self._retired.append(handle)
            QTimer.singleShot(RETIRE_MS, self._close_retired)

    def _cancel_scanned_index(self) -> None:
        if self._scanned_index_task is not None and not self._scanned_index_task.done:
            self._scanned_index_task.cancel()
        self._scanned_index_task = None
        self._searchable.set()

    def cancel_work(self) -> None:
        """The status bar's Cancel: stop scanning (what is listed stays) and indexing."""
        if self._scan_task is not None and not self._scan_task.done:
            self._scan_task.cancel()
            self.scan_label.setText("Scanning stopped: File → Re-scan Corpus reads it all")
            self.count_label.setText(f"{len(self._scanned_docs)} articles (scan stopped)")
            self._cancel_scanned_index()
        self.cancel_indexing()

    def _listed(self, folder: Path, listing: Listing | None, handle: Any = None) -> None:
        """List the last scan's articles and search its index (``handle``, opened with the listing's
        read); then read the corpus, once the list is painted (reading it meanwhile would hold up
        the paint)."""
        if listing is None or (self.corpus is not None and not self._showing_other(folder)):
            if handle is not None:
                handle.close()
            self._scan(folder)
            return
        if self.corpus is not None:
            self._unload_corpus()
        documents = self._corrected_documents(listing.documents)
        self._listing = {d.id for d in documents}
        self._show_counts(listing.documents, listing.skipped)
        self.sidebar.set_documents(documents)
        self.sidebar.set_busy(None)
        self._open_last_index(folder, search_after=self.sidebar.tree.viewport(), opened=handle)
        token = self._scan_task
        after_paint(self.sidebar.tree.viewport(),
                    lambda: self._scan(folder) if self._scan_task is token else None)
        after_paint(self.sidebar.tree.viewport(), lambda: self.runner.run("load", _load_after_start))

    # -- adding files (File → Add Files to Corpus…, drag and drop) ---------------------------------

    def choose_files_to_add(self) -> None:
        from reader.ingest.loader import supported_suffixes

        patterns = " ".join(f"*{suffix}" for suffix in sorted(supported_suffixes()))
        files, _filter = QFileDialog.getOpenFileNames(
            self, "Add Files to Corpus", str(Path.home()), f"Articles ({patterns});;All files (*)"
        )
        if files:
            self.add_files([Path(f) for f in files])

    def add_files(self, sources: list[Path]) -> Task | None:
        """Copy ``sources`` (files or folders) into the corpus folder, then re-scan and index it.

        The bundled sample corpus is never written to: it belongs to the installation.
        """
        root = self.corpus_dir
        if root is None:
            return None
        if Path(root).resolve() == paths.bundled_corpus().resolve():
            warn(self, "This is the sample corpus that comes with Corpus Reader, so nothing is added to it. "
                       "Open a folder of your own first (File → Open Corpus Folder…), then add files to it.")
            return None
        from reader.ingest.adding import add_to_corpus

        self.progress.setRange(0, 0)
        self.progress.show()
        self.index_label.setText(f"Adding {len(sources)} item{'s' if len(sources) != 1 else ''}…")
        return self.runner.run(
            "add files",
            lambda task, progress: add_to_corpus(
                root, sources, progress=lambda done, total: progress(done, total, "copying"),
                cancelled=lambda: task.cancelled,
            ),
            on_result=self._files_added,
            on_error=lambda exc, _trace: warn(self, f"The files could not be added: {exc}"),
            on_progress=self._add_progress,
            writer=True,
        )

    def _add_progress(self, done: int, total: int, _phase: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.index_label.setText(f"Adding files {done}/{total}")

    def _files_added(self, report: Any) -> None:
        self.progress.hide()
        self.last_add_report = report
        self.statusBar().showMessage(report.summary(), 10_000)
        if report.skipped:
            lines = "\n".join(f"{path}: {reason}" for path, reason in report.skipped[:200])
            more = f"\n… and {len(report.skipped) - 200} more" if len(report.skipped) > 200 else ""
            box = QMessageBox(QMessageBox.Icon.Information, "Corpus Reader — files not added",
                              f"{report.summary()}.", QMessageBox.StandardButton.Ok, self)
            box.setTextFormat(Qt.TextFormat.PlainText)
            box.setDetailedText(lines + more)
            box.setModal(False)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.add_report_box = box
            QTimer.singleShot(0, box.show)
        if report.copied:
            self.rescan()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _local_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if _local_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        dropped = _local_paths(event.mimeData())
        if not dropped:
            event.ignore()
            return
        event.acceptProposedAction()
        self.add_files(dropped)

    def rescan(self) -> None:
        if self._fix_task is not None and not self._fix_task.done:
            self.statusBar().showMessage(
                "An article fix is being applied; it re-scans the corpus itself.", 6000
            )
            return
        if self.corpus_dir is not None:
            self.open_corpus(self.corpus_dir)

    def _scan_failed(self, exc: BaseException, _trace: str) -> None:
        if self.corpus is None:  # what the last scan listed (or this one found) is not there now
            self._forget_unread()
        self._hide_scan_progress()
        self.sidebar.set_busy(None)
        self.count_label.setText("Could not open the corpus")
        warn(self, f"This folder cannot be opened as a corpus:\n{exc}")

    def _corrected_documents(self, documents: list[Document]) -> list[Document]:
        """``documents`` with the user's corrections applied (ingest's objects where none)."""
        if self.store is None:
            return list(documents)
        try:
            return self.store.apply_corrections(documents)
        except (StoreError, sqlite3.Error) as exc:
            log.warning("could not apply corrections: %s", exc)
            return list(documents)

    def _reanchor(self, documents: list[Document]) -> None:
        """Move highlights with their text after a scan; say so when any moved or got lost."""
        if self.store is None or self.store.read_only:
            return
        try:
            with self.store.db.patience(GUI_PATIENCE_MS):  # never a frozen window over a lock
                report = self.store.reanchor(documents)
        except (StoreError, sqlite3.Error) as exc:
            log.warning("re-anchoring failed: %s", exc)  # the next scan tries again
            return
        if not report.changed:
            return
        states = [a.state for u in report.changed if (a := self.store.get(u)) is not None]
        moved, orphaned = states.count("moved"), states.count("orphan")
        parts = []
        if moved:
            fuzzy = min(report.fuzzy, moved)
            found = f" ({fuzzy} found again with changed words)" if fuzzy else ""
            parts.append(f"{moved} highlight{'s' if moved != 1 else ''} moved with the text{found}")
        if orphaned:
            parts.append(
                f"{orphaned} could not be found in the new text (kept under Notes ▸ All notes ▸ Orphaned)"
            )
        if parts:
            self.statusBar().showMessage("Re-scan: " + "; ".join(parts), 15_000)

    def _hide_scan_progress(self) -> None:
        self.scan_label.hide()
        self.progress.hide()
        self.cancel_button.hide()

    def _scanned(self, loaded: Corpus | bf.UserCorpus) -> None:
        from reader.store import boundary_fixes as bf

        self._hide_scan_progress()

        user = loaded if isinstance(loaded, bf.UserCorpus) else bf.UserCorpus(loaded)
        corpus = user.corpus
        self.user_corpus = user
        self._boundary_marks = {
            doc_id: marks
            for doc_id, fields in bf.corrected_fields(user).items()
            if (marks := [f for f in fields if f in ("split", "merge")])
        }
        if self.corpus is not None:
            self._pending_tabs = self._tab_state()
        self.notes.flush()
        self.corpus = corpus
        self._first_in_file = {}  # the caret asks on every move: no walk over every article
        for d in corpus.documents:
            self._first_in_file.setdefault(d.source, d.id)
        self.corpus_dir = corpus.root
        self._aliases_loaded = False  # the corpus's aliases.csv may have changed too
        self.settings.remember_corpus(corpus.root)
        documents = self._corrected_documents(corpus.documents)
        self._reanchor(documents)
        self._docs = {d.id: d for d in documents}
        self._duplicates = {}
        for d in corpus.documents:
            if d.duplicate_of:
                self._duplicates.setdefault(d.duplicate_of, []).append(d.id)
        self.setWindowTitle(f"{corpus.root.name} — Corpus Reader")
        self._show_counts(corpus.documents, corpus.skipped)
        self._refresh_problems()
        self.sidebar.set_documents(documents)
        self.sidebar.set_busy(None)
        self.notes.set_documents(self._docs)
        self._refresh_open_tabs()
        self._restore_tabs(self._pending_tabs or {})
        self._show_restored_hits()  # when the restored query answered first
        self._pending_tabs = None
        self._listing = set()
        # Indexed only in small part as it was scanned: the whole corpus is indexed anew, by the
        # indexer's bulk path (its update path writes one article at a time), the part searched
        # meanwhile. Mostly indexed: its update adds the rest.
        rebuild = self._index_scanned and 2 * self._scanned_indexed < len(corpus.documents)
        self._first_build = self._index_scanned  # the index was begun by this scan: its end builds it
        if rebuild:
            self._cancel_scanned_index()
        self._scanned_docs, self._scanned_states, self._index_scanned = [], {}, False
        if self._open_when_read is not None:  # clicked while the corpus was being read
            doc_id, matches, preview = self._open_when_read
            self._open_when_read = None
            if self.open_article(doc_id, matches, preview=preview):
                self.sidebar.select_document(doc_id)
        self.annotations.refresh()
        self.notes.refresh()
        current = self.tabs.current_tab()
        self.notes.set_document(current.document if current else None)
        self._update_fix_actions()
        self.corpusLoaded.emit(corpus)
        self.start_indexing(force_rebuild=rebuild, quiet=rebuild)

    def _show_counts(self, documents: list[Document], skipped: list[Any]) -> None:
        canonical = sum(1 for d in documents if d.duplicate_of is None)
        text = f"{canonical} articles"
        if (copies := len(documents) - canonical) > 0:
            text += f" (+{copies} {'duplicate' if copies == 1 else 'duplicates'})"
        if skipped:
            n = len(skipped)
            text += f" · {n} {'file' if n == 1 else 'files'} skipped"
        self.count_label.setText(text)

    # -- indexing -----------------------------------------------------------------------------

    def _open_last_index(
        self, root: Path, *, search_after: QWidget | None = None, opened: Any = None
    ) -> None:
        """Search at once with the last complete index of ``root`` (an update may follow);
        ``search_after``: the query left in the search field is searched once it has painted;
        ``opened``: that index, already opened off the GUI thread."""
        if self.index_handle is not None:
            if opened is not None:
                opened.close()
            return
        from reader.search.service import open_current

        try:
            handle = opened if opened is not None else open_current(root)
        except Exception:  # no index yet, or unreadable: indexing makes one
            self.search.set_index(None)
            return
        self._set_index(handle, search_after=search_after)

    def start_indexing(self, force_rebuild: bool = False, *, quiet: bool = False) -> None:
        """Build or update the corpus' index on the writer; ``quiet``: a rebuild the window chose
        (the articles indexed while scanning, replaced), not one to tell the user about."""
        if self.corpus is None:
            return
        self._quiet_rebuild = quiet
        from reader.search.service import open_index

        corpus = self.corpus
        self._open_last_index(corpus.root)  # searched while the update runs
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.setToolTip("Stop indexing; search keeps using the last complete index")
        self.cancel_button.show()
        self.index_label.setText("Indexing…")

        def work(task: Task, progress: Any) -> Any:
            return open_index(
                corpus,
                progress=progress,
                cancel=task.cancel_event,
                on_first_batch=task.report,  # through the task: never a signal of a window gone
                force_rebuild=force_rebuild,
            )

        self._index_task = self.runner.run(
            "index",
            work,
            on_result=self._indexed,
            on_error=self._index_failed,
            on_progress=self._index_progress,
            on_report=self._first_batch_ready,
            writer=True,
        )

    def rebuild_index(self) -> None:
        self.cancel_indexing()
        self.start_indexing(force_rebuild=True)

    def cancel_indexing(self) -> None:
        if self._index_task is not None and not self._index_task.done:
            self._index_task.cancel()
            self.index_label.setText("Indexing cancelled")
        self._index_task = None
        self._cancel_scanned_index()
        self.progress.hide()
        self.cancel_button.hide()

    def _index_progress(self, done: int, total: int, phase: str) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        self.index_label.setText(f"Indexing {done}/{total}" if total else f"Indexing ({phase})")

    def _first_batch_ready(self, handle: Any) -> None:
        self._set_index(handle)
        self.index_label.setText("Indexing… (newest articles searchable)")

    def _indexed(self, handle: Any) -> None:
        self._set_index(handle)
        self.progress.hide()
        self.cancel_button.hide()
        stats = getattr(handle, "stats", None)
        message = "Index up to date"
        if self._first_build and self.corpus is not None:
            # Not "0 added, 20 updated": the articles indexed as they were listed were provisional.
            message = f"Index built: {len(self.corpus.canonical)} articles"
        elif stats is not None and any(stats):
            message = f"Indexed: {stats[0]} added, {stats[1]} updated, {stats[2]} removed"
        self._first_build = False
        self.index_label.setText(message)
        self.index_label.setToolTip(plain_tooltip(message))
        if getattr(handle, "rebuilt", False) and getattr(handle, "reason", None) and not self._quiet_rebuild:
            # Said once, where messages come and go: a permanent label would say it forever.
            self.statusBar().showMessage(f"The search index was rebuilt: {handle.reason}", 15_000)
        self._refresh_problems()  # the index carries the alias table and its bad rows
        self.indexReady.emit(handle)
        if not self.runner.synchronous:
            from reader.search.searcher import warm_up

            # The first search would otherwise read the per-document arrays itself; freezing the
            # corpus keeps the collector's full passes (~100 ms at 10k) out of later searches.
            self.runner.run("warm-up", lambda task, progress: warm_up(handle, freeze=True))

    def _index_failed(self, exc: BaseException, _trace: str) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self.index_label.setText("Search index unavailable")
        self.index_label.setToolTip(plain_tooltip(f"{exc.__class__.__name__}: {exc}"))

    # -- problems with the corpus's files ------------------------------------------------------

    def problems(self) -> list[tuple[str, list[str]]]:
        """Skipped files, bad metadata rows and bad alias rows of the corpus shown."""
        if self.corpus is None:
            return []
        table = getattr(self.index_handle, "aliases", None)
        return problems_report(self.corpus.skipped, self.corpus.problems, getattr(table, "problems", ()))

    def _refresh_problems(self) -> None:
        report = self.problems()
        count = problem_count(report)
        self.problems_button.setText(f"⚠ {count} {'problem' if count == 1 else 'problems'}")
        self.problems_button.setVisible(count > 0)
        lines = report_text(report).splitlines() if count else []
        shown = lines[:PROBLEM_TIP_LINES]
        if len(lines) > len(shown):
            shown.append(f"… and {len(lines) - len(shown)} more lines: File → Corpus Problems…")
        self.count_label.setToolTip(plain_tooltip("\n".join(shown)) if shown else "")
        if self.problems_dialog is not None:
            self.problems_dialog.set_report(report)

    def show_problems(self) -> None:
        """File → Corpus Problems…: the whole list, to read, scroll and copy."""
        if self.problems_dialog is None:
            self.problems_dialog = ProblemsDialog(self)
        self.problems_dialog.set_report(self.problems())
        self.problems_dialog.show()
        self.problems_dialog.raise_()
        self.problems_dialog.activateWindow()

    def _set_index(self, handle: Any, *, search_after: QWidget | None = None) -> None:
        previous, self.index_handle = self.index_handle, handle
        self.search.set_index(handle, after_paint_of=search_after)
        self.concordance.set_index(handle)
        if previous is not None and previous is not handle:
            # A search may still be running on the old handle's searcher: close it a little later.
            self._retired.append(previous)
            QTimer.singleShot(RETIRE_MS, self._close_retired)

    def _close_retired(self) -> None:
        retired, self._retired = self._retired, []
        for handle in retired:
            with contextlib.suppress(Exception):
                handle.close()

    # -- reading ------------------------------------------------------------------------------

    def duplicates_of(self, doc: Document) -> list[str]:
        """The same article elsewhere: its copies, or its canonical and the canonical's other copies."""
        if doc.duplicate_of:
            others = [d for d in self._duplicates.get(doc.duplicate_of, []) if d != doc.id]
            return [doc.duplicate_of, *others]
        return list(self._duplicates.get(doc.id, []))

    def open_article(
        self, doc_id: str, matches: list[tuple[int, int]] | None = None, *, preview: bool = False
    ) -> bool:
        """Show an article; ``preview`` (a click in the list or the results) uses the preview tab."""
        doc = self._docs.get(doc_id)
        if doc is None and doc_id in self._listing:
            self._open_when_read = (doc_id, matches, preview)
            self.statusBar().showMessage("The article opens as soon as the corpus is read…", 5000)
            return True
        if doc is None:
            self.statusBar().showMessage(f"Article {doc_id} is no longer in the corpus", 5000)
            return False
        try:
            doc.paragraphs  # noqa: B018  read from the scan cache now: damage there is said here, not in a view
        except StoredTextError as exc:
            warn(self, str(exc))
            return False
        self.tabs.open_document(doc, matches=matches, duplicates=self.duplicates_of(doc), preview=preview)
        return True

    def _tab_created(self, tab: ArticleTab) -> None:
        self._order_tab_keys(tab)
        self._mark_corrections(tab)
        tab.view.cursorPositionChanged.connect(self._update_fix_actions)
        tab.view.addActions([self.split_action, self.merge_action, self.title_action])

    def _order_tab_keys(self, tab: ArticleTab) -> None:
        """Tab goes through the window as it reads: the list, the article's tabs, its header
        buttons and its text, then the side panel. Widgets made later (each article's) would
        otherwise come after the side panel in the focus chain."""
        header = tab.header
        chain = [self.tabs.tabBar(), header.side_by_side_button, header.edit_button, header.original_button,
                 tab.view, self.side_tabs.tabBar()]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _tab_document_replaced(self, tab: ArticleTab) -> None:
        """A tab shows another article now: its highlights and correction marks, not the old one's."""
        self.annotations.render(tab)
        self._mark_corrections(tab)

    def _mark_corrections(self, tab: ArticleTab) -> None:
        fields: list[str] = []
        if self.store is not None:
            try:
                fields = sorted(self.store.corrections().get(tab.document.id, {}))
            except (StoreError, sqlite3.Error):
                fields = []
        if tab.document.date.source == CORRECTED_SOURCE and "date" not in fields:
            fields.append("date")
        fields += self._boundary_marks.get(tab.document.id, [])
        tab.header.set_corrected_fields(fields)

    # -- annotations ----------------------------------------------------------------------------

    def focus_search(self) -> None:
        """Ctrl+K: the Search tab, with the query selected."""
        self._reveal_panel(2)
        self.side_tabs.setCurrentWidget(self.search)
        self.search.focus_search()

    def show_notes(self) -> None:
        self._reveal_panel(2)
        self.side_tabs.setCurrentWidget(self.notes)

    def focus_saved_searches(self) -> None:
        self._reveal_panel(2)
        self.saved_searches.reveal()

    def _reveal_panel(self, index: int) -> None:
        """A key that goes to a hidden panel brings it back (and ends focus mode): never a
        keyboard focus lost in an invisible widget."""
        if self.in_focus_mode():
            self.set_focus_mode(False)
        if not self._panel_shown(index):
            self._show_panel(index, True)
            self._sync_panel_actions()

    def focus_notes(self) -> None:
        """Ctrl+4 (Ctrl+Shift+K): the Notes tab with the keyboard in its list."""
        self.show_notes()
        lists = [v for v in self.notes.findChildren(QAbstractItemView) if v.isVisibleTo(self.notes)]
        (lists[0] if lists else self.notes).setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_article_list(self) -> None:
        """Ctrl+1: the article list, on the open article (or the first), ready for Enter."""
        self._reveal_panel(0)
        self.sidebar.focus_list()

    def focus_reading_pane(self) -> None:
        """Ctrl+2: the text of the article shown (or the tabs, when none is open)."""
        tab = self.tabs.current_tab()
        (tab.view if tab is not None else self.tabs).setFocus(Qt.FocusReason.ShortcutFocusReason)

    def step_article(self, step: int) -> None:
        """Alt+Down / Alt+Up: the next or previous article of the list, shown in the same tab.

        Stepping through a month of articles should not leave a tab per article behind, so the
        current tab shows the next one (unless that article is already open in another tab,
        which is then brought forward). The keyboard stays in the reading pane.
        """
        tab = self.tabs.current_tab()
        current = tab.document.id if tab is not None else self.sidebar.current_document()
        target = self.sidebar.neighbour(current, step)
        if target is None or target == current:
            edge = "last" if step > 0 else "first"
            self.statusBar().showMessage(f"This is the {edge} article in the list", 4000)
            return
        doc = self._docs.get(target)
        if doc is None:
            return
        if tab is None or self.tabs.tab_for(target) is not None:
            self.open_article(target)
        else:
            self.tabs.retarget(tab, doc, self.duplicates_of(doc))
            tab.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.sidebar.select_document(target)

    # -- panels and focus mode -------------------------------------------------------------------

    def _panel_shown(self, index: int) -> bool:
        widget = self.splitter.widget(index)
        # Before the window is shown every size is 0: only hiding counts then.
        return not widget.isHidden() and (not self.splitter.isVisible() or self.splitter.sizes()[index] > 0)

    def _show_panel(self, index: int, shown: bool) -> None:
        widget = self.splitter.widget(index)
        widget.setVisible(shown)
        if shown and self.splitter.isVisible() and self.splitter.sizes()[index] == 0:
            # Collapsed by a drag: open it again at a usable width.
            sizes = self.splitter.sizes()
            width = PANEL_WIDTHS[index]
            sizes[1] = max(sizes[1] - width, 200)
            sizes[index] = width
            self.splitter.setSizes(sizes)

    def set_sidebar_shown(self, shown: bool) -> None:
        """View → Article List Panel."""
        self._show_panel(0, shown)
        self._sync_panel_actions()

    def set_side_panel_shown(self, shown: bool) -> None:
        """View → Search and Notes Panel."""
        self._show_panel(2, shown)
        self._sync_panel_actions()

    def set_focus_mode(self, on: bool) -> None:
        """F11 / Ctrl+Shift+F: only the text (one article or a side-by-side pair), as wide as it goes.

        What was open before comes back when focus mode ends, so a panel the researcher had closed
        stays closed.
        """
        if on and self._focus_restore is None:
            shown = (self._panel_shown(0), self._panel_shown(2), self.concordance_dock.isVisible())
            self._focus_restore = shown
            self.sidebar.hide()
            self.side_tabs.hide()
            self.concordance_dock.hide()
            self.statusBar().showMessage("Focus mode: F11 or Ctrl+Shift+F brings the panels back", 6000)
        elif not on and self._focus_restore is not None:
            sidebar, side, concordance = self._focus_restore
            self._focus_restore = None
            self._show_panel(0, sidebar)
            self._show_panel(2, side)
            self.concordance_dock.setVisible(concordance)
        self._sync_panel_actions()
        if (tab := self.tabs.current_tab()) is not None:
            tab.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def in_focus_mode(self) -> bool:
        return self._focus_restore is not None

    def _sync_panel_actions(self) -> None:
        self.sidebar_action.setChecked(self._panel_shown(0))
        self.side_panel_action.setChecked(self._panel_shown(2))
        self.focus_action.setChecked(self.in_focus_mode())

    def set_caret_browsing(self, on: bool) -> None:
        """View → Caret Browsing (F7), as in browsers; remembered."""
        self.tabs.set_caret_browsing(on)
        self.caret_action.setChecked(on)
        self.settings.set("view/caret_browsing", 1 if on else 0)
        self.statusBar().showMessage(CARET_ON_MESSAGE if on else "Caret browsing off (F7)", 6000)
        if on and (tab := self.tabs.current_tab()) is not None:
            tab.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_shortcuts(self) -> None:
        """Help → Keyboard Shortcuts (Ctrl+/)."""
        from reader.ui.shortcuts_dialog import ShortcutsDialog

        menus = [a.menu() for a in self.menuBar().actions() if a.menu() is not None]
        self.shortcuts_dialog = ShortcutsDialog(menus, self)
        self.shortcuts_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.shortcuts_dialog.show()

    def _palette_changed(self) -> None:
        self.notes.set_palette(self.annotations.palette())

    def _edit_annotation(self, uuid: str, what: str) -> None:
        self.show_notes()
        self.notes.set_view(NotesPanel.ARTICLE)
        self.notes.refresh()
        self.notes.edit(uuid, what)

    def _open_annotation(self, doc_id: str, uuid: str) -> None:
        """A note chosen in "All notes": open its article there (orphans: the article only)."""
        if not self.open_article(doc_id):
            return
        self.sidebar.select_document(doc_id)
        QTimer.singleShot(0, lambda: self.annotations.reveal(uuid))

    def delete_annotation(self, uuid: str) -> bool:
        self.notes.flush()
        return self.annotations.delete(uuid)

    def undo_delete(self) -> None:
        """Ctrl+Z outside a text field: bring back the last deleted highlight or note, or take
        back the last article fix, whichever was done last in this session."""
        self.notes.flush()
        if self._undo_stack and self._undo_stack[-1][0] == "fix":
            self.undo_fix()
            return
        if self._undo_stack:
            self._undo_stack.pop()
        restored = self.annotations.undo_delete()
        if restored is not None:
            self.annotations.reveal(restored.uuid)
        self._update_undo()

    def _push_undo(self, kind: str, seq: int | None = None) -> None:
        self._undo_stack.append((kind, seq))
        del self._undo_stack[:-100]
        self._update_undo()

    def _update_undo(self) -> None:
        while self._undo_stack and self._undo_stack[-1][0] == "delete" and not self.annotations.can_undo:
            self._undo_stack.pop()
        last = self._undo_stack[-1][0] if self._undo_stack else None
        busy = self._fix_task is not None and not self._fix_task.done
        if last == "fix":
            self.undo_action.setText("&Undo Article Fix")
            self.undo_action.setEnabled(not busy)
        else:
            self.undo_action.setText("&Undo Delete" if last == "delete" else "&Undo")
            self.undo_action.setEnabled(last == "delete" or self.annotations.can_undo)

    def note_on_selection(self) -> None:
        """Edit → Add Note to Selection (Ctrl+Shift+M): the keyboard's way to "Add note…"."""
        tab = self.tabs.current_tab()
        if tab is None or not tab.view.textCursor().hasSelection():
            self.statusBar().showMessage(
                "Select some words first (with the mouse, or F7 and Shift+arrows)", 5000)
            return
        self.annotations.note_on_selection(tab)

    def add_article_note(self) -> None:
        tab = self.tabs.current_tab()
        if tab is None:
            self.statusBar().showMessage("Open an article first", 4000)
            return
        self.show_notes()
        self.notes.set_view(NotesPanel.ARTICLE)
        self.annotations.add_article_note(tab.document)

    # -- corrections ----------------------------------------------------------------------------

    def edit_current_details(self) -> None:
        if tab := self.tabs.current_tab():
            self.edit_details(tab.document.id)

    def edit_details(self, doc_id: str) -> MetadataDialog | None:
        """Open "Edit details…" for ``doc_id`` (non-blocking); OK stores the corrections."""
        shown = self._docs.get(doc_id)
        if shown is None or self.corpus is None:
            return None
        original = self.corpus.get(doc_id) or shown
        corrections: dict[str, str] = {}
        if self.store is not None:
            try:
                corrections = self.store.corrections().get(doc_id, {})
            except (StoreError, sqlite3.Error):
                corrections = {}
        if self.metadata_dialog is not None:
            self.metadata_dialog.close()
        dialog = MetadataDialog(original, corrections, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.apply_details(doc_id, dialog.changes()))
        dialog.finished.connect(lambda _r: setattr(self, "metadata_dialog", None))
        self.metadata_dialog = dialog
        dialog.open()
        return dialog

    def apply_details(self, doc_id: str, changes: dict[str, str | None]) -> bool:
        """Store corrections (None clears one) and show the corrected article everywhere."""
        if not changes:
            return False
        if self.store is None or self.store.read_only:
            self.statusBar().showMessage("Corrections cannot be saved: your notes are read-only", 6000)
            return False
        try:
            for field, value in changes.items():
                if value is None:
                    self.store.clear_correction(doc_id, field)
                else:
                    self.store.set_correction(doc_id, field, value)
        except (StoreError, sqlite3.Error, ValueError) as exc:
            warn(self, f"The correction was not saved:\n{exc}")
            return False
        if self.corpus is not None:
            documents = self._corrected_documents(self.corpus.documents)
            self._docs = {d.id: d for d in documents}
            self.sidebar.set_documents(documents)
            self.notes.set_documents(self._docs)
            self._refresh_open_tabs()
            self.sidebar.select_document(doc_id)
            current = self.tabs.current_tab()
            self.notes.set_document(current.document if current else None)
        self.statusBar().showMessage("Article details corrected", 5000)
        return True

    # -- article boundaries ---------------------------------------------------------------------

    def _fix_action(self, text: str, slot: Any, keys: Any, tip: str) -> QAction:
        """An action whose shortcut works while an article's page has focus (not in text fields:
        the find bar, search and the note editor keep their own Ctrl+Return / Ctrl+Backspace)."""
        action = QAction(text, self)
        if isinstance(keys, list):
            action.setShortcuts(keys)
        else:
            action.setShortcut(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.setStatusTip(tip)
        action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _fix_blocker(self) -> str | None:
        """Why fixes cannot be made now (a tooltip), or None."""
        if self.store is None:
            return NO_STORE_FIX_TIP
        if self.store.read_only:
            return READ_ONLY_FIX_TIP
        if self.user_corpus is None or (self._scan_task is not None and not self._scan_task.done):
            return "The corpus is being scanned; try again in a moment."
        if self._fix_task is not None and not self._fix_task.done:
            return "An article fix is being applied."
        return None

    def _fix_states(self, tab: ArticleTab | None, offset: int | None) -> dict[str, tuple[bool, str]]:
        """(enabled, tooltip) of split / merge / title for ``tab`` at clean-text ``offset``."""
        blocker = self._fix_blocker()
        states: dict[str, tuple[bool, str]] = {}
        if tab is None:
            none = (False, "Open an article first.")
            return {"split": none, "merge": none, "title": none}
        doc = tab.document
        paragraph = tab.view.paragraph_at(tab.view.caret_offset() if offset is None else offset)
        if blocker:
            states["split"] = (False, blocker)
        elif tab.view.showing_original:
            states["split"] = (False, "Turn off “Show original” to split: splits are made between "
                                      "paragraphs.")
        elif paragraph <= 0:
            states["split"] = (False, "This is the article's first paragraph: put the caret in the "
                                      "paragraph that should start the new article.")
        else:
            states["split"] = (True, f"Start a new article at paragraph {paragraph + 1}")
        first = self._first_in_file.get(doc.source, doc.id) == doc.id
        if blocker:
            states["merge"] = (False, blocker)
        elif first:
            states["merge"] = (False, "This is the first article of its file: there is nothing before it.")
        else:
            states["merge"] = (True, "Join this article to the one before it in the same file")
        states["title"] = (False, blocker) if blocker else (True, "Give this article a title of your own")
        return states

    def _update_fix_actions(self) -> None:
        states = self._fix_states(self.tabs.current_tab(), None)
        for key, action in (("split", self.split_action), ("merge", self.merge_action),
                            ("title", self.title_action)):
            enabled, tip = states[key]
            action.setEnabled(enabled)
            action.setToolTip(tip)
            action.setStatusTip(tip)

    def _add_fix_entries(self, menu: QMenu, tab: ArticleTab, offset: int) -> None:
        """The reading pane's context menu: split here (the clicked paragraph), merge, edit title."""
        if tab not in self.tabs.tabs():
            return  # side-by-side panes: fix articles in their own tab
        states = self._fix_states(tab, offset)
        menu.addSeparator()
        for key, label, keys, slot in (
            ("split", "Split article here", SPLIT_KEYS[0], lambda: self.split_here(tab, offset)),
            ("merge", "Merge with previous article", MERGE_KEYS, lambda: self.merge_with_previous(tab)),
            ("title", "Edit title…", TITLE_KEYS, lambda: self.edit_title(tab)),
        ):
            enabled, tip = states[key]
            action = menu.addAction(f"{label}\t{keys.toString(QKeySequence.SequenceFormat.NativeText)}")
            action.setEnabled(enabled)
            action.setToolTip(tip)
            action.triggered.connect(lambda _checked=False, s=slot: s())

    def split_here(self, tab: ArticleTab | None = None, offset: int | None = None) -> bool:
        """Split the article at the paragraph of ``offset`` (default: the caret's)."""
        tab = tab or self.tabs.current_tab()
        enabled, why = self._fix_states(tab, offset)["split"]
        if tab is None or not enabled:
            self.statusBar().showMessage(why, 6000)
            return False
        from reader.store import boundary_fixes as bf

        doc = tab.document
        paragraph = tab.view.paragraph_at(tab.view.caret_offset() if offset is None else offset) + 1
        return self._run_fix(f"Splitting {doc.id}…",
                             lambda store, uc: bf.split(store, uc, doc.id, paragraph), tab)

    def merge_with_previous(self, tab: ArticleTab | None = None) -> bool:
        tab = tab or self.tabs.current_tab()
        enabled, why = self._fix_states(tab, None)["merge"]
        if tab is None or not enabled:
            self.statusBar().showMessage(why, 6000)
            return False
        from reader.store import boundary_fixes as bf

        doc_id = tab.document.id
        return self._run_fix(f"Merging {doc_id}…", lambda store, uc: bf.merge(store, uc, doc_id), tab)

    def edit_title(self, tab: ArticleTab | None = None) -> MetadataDialog | None:
        """"Edit title…": the Edit details dialog, with the title selected."""
        tab = tab or self.tabs.current_tab()
        enabled, why = self._fix_states(tab, None)["title"]
        if tab is None or not enabled:
            self.statusBar().showMessage(why, 6000)
            return None
        dialog = self.edit_details(tab.document.id)
        if dialog is not None and (edit := dialog.edits.get("title")) is not None:
            edit.setFocus(Qt.FocusReason.OtherFocusReason)
            edit.selectAll()
        return dialog

    def undo_fix(self) -> bool:
        """Take back this session's last article fix (the store's newest fix of this corpus)."""
        if not self._undo_stack or self._undo_stack[-1][0] != "fix":
            return False
        blocker = self._fix_blocker()
        if blocker:
            self.statusBar().showMessage(blocker, 6000)
            return False
        seq = self._undo_stack[-1][1]
        tab = self.tabs.current_tab()

        def work(store: Store, uc: bf.UserCorpus) -> bf.FixResult:
            from reader.store import boundary_fixes as bf

            return bf.undo(store, uc, seq)

        return self._run_fix("Undoing the article fix…", work, tab, undoing=True)

    def _run_fix(self, busy: str, change: Callable[[Store, bf.UserCorpus], bf.FixResult],
                 tab: ArticleTab | None, *, undoing: bool = False) -> bool:
        """Make ``change`` (store + re-scan) on the task runner; the window follows when it is done."""
        store, before = self.store, self.user_corpus
        if store is None or before is None:
            return False
        self.notes.flush()
        self.statusBar().showMessage(busy)
        self.count_label.setText("Re-scanning…")

        def done(result: bf.FixResult) -> None:
            self._fix_task = None
            if undoing:
                if self._undo_stack and self._undo_stack[-1][0] == "fix":
                    self._undo_stack.pop()
            elif result.seq is not None:
                self._undo_stack.append(("fix", result.seq))
            self._fix_applied(before, result, tab)

        self._fix_task = self.runner.run(
            "fix", lambda task, progress: change(store, before), on_result=done, on_error=self._fix_failed
        )
        self._update_fix_actions()
        self._update_undo()
        return True

    def _fix_failed(self, exc: BaseException, _trace: str) -> None:
        from reader.store import boundary_fixes as bf

        self._fix_task = None
        if self.corpus is not None:
            self.count_label.setText(f"{len(self.corpus.canonical)} articles")
        message = str(exc) if isinstance(exc, (bf.FixError, StoreError)) else f"The fix failed: {exc}"
        self.statusBar().showMessage(message, 10_000)
        if not isinstance(exc, bf.FixError):
            warn(self, message)
        self._update_fix_actions()
        self._update_undo()

    def _fix_applied(self, before: bf.UserCorpus, result: bf.FixResult, tab: ArticleTab | None) -> None:
        """Show the corpus after a fix: every open article tab follows its text, the tab the fix
        was made in shows the article the fix is about, at that place."""
        from reader.store import boundary_fixes as bf

        after = result.after
        old = before.corpus
        places: list[tuple[ArticleTab, str, int]] = []
        for open_tab in self.tabs.tabs():
            doc = open_tab.document
            text = old.sources.get(doc.source)
            if text is None or open_tab.view.showing_original:
                continue
            paragraph = max(0, open_tab.view.paragraph_at(open_tab.view.top_offset()))
            found = bf.paragraph_positions(doc, text)[paragraph] if doc.paragraphs else None
            places.append((open_tab, doc.source, found if found is not None else doc.source_span[0]))
        focus = result.focus if (tab is not None and result.focus is not None) else None
        # The tab the fix was made in goes first: it keeps the article the fix is about.
        places.sort(key=lambda place: place[0] is not tab)
        corrected = {d.id: d for d in after.corrected_documents()}
        scroll: list[tuple[ArticleTab, int]] = []
        taken: set[str] = set()
        for open_tab, relpath, position in places:
            if focus is not None and open_tab is tab:
                relpath, position = focus
            held = bf.locate(after.corpus, relpath, position)
            if held is None:
                continue
            doc, offset = held
            if doc.id in taken:  # two tabs now show one article (a merge): keep one
                self.tabs.close_tab(self.tabs.indexOf(open_tab))
                continue
            taken.add(doc.id)
            self.tabs.retarget(open_tab, corrected.get(doc.id, doc))
            scroll.append((open_tab, offset))
        self.cancel_indexing()
        self._scanned(after)
        if tab is not None and tab in self.tabs.tabs():
            self.tabs.setCurrentWidget(tab)
            self.sidebar.select_document(tab.document.id)

        def go() -> None:
            for t, offset in scroll:
                if t in self.tabs.tabs():
                    if offset == 0:  # the article's start: the page's top margin too
                        t.view.verticalScrollBar().setValue(0)
                    else:
                        t.view.scroll_to_offset(offset)

        go()
        QTimer.singleShot(0, self, go)
        self.statusBar().showMessage(result.message, 10_000)
        self._update_undo()

    def _result_activated(self, doc_id: str, spans: Any) -> None:
        group = side_by_side(self.tabs.current_group())
        if group is not None and group.shows(doc_id):
            # Reading side by side: the hits go to that article's pane, not to a new tab.
            group.set_search_matches(doc_id, list(spans or []))
            self.sidebar.select_document(doc_id)
            return
        if self.open_article(doc_id, list(spans or []), preview=True):
            self.sidebar.select_document(doc_id)

    def _response_changed(self, response: Any) -> None:
        self.sidebar.set_search_counts(dict(response.by_month) if response is not None else None)
        self._follow_query()
        self._show_restored_hits()

    def _show_restored_hits(self) -> None:
        """Tabs reopened after a restart show the restored query's hits again, as they did."""
        response = self.search.current_response()
        if not self._awaiting_hits or response is None:
            return
        for hit in response.hits:
            if hit.id in self._awaiting_hits and (tab := self.tabs.tab_for(hit.id)) is not None:
                tab.set_search_matches(hit.matches, scroll=False)
        self._awaiting_hits.clear()

    def _follow_query(self) -> None:
        """The concordance lists the search panel's query with its options (it runs when shown)."""
        request = self.search.current_request()
        date_from, date_to = intersect_dates(request.date_from, request.date_to, request.month)
        self.concordance.set_query(request.text if self.search.current_response() is not None else "",
                                   lang=request.lang, date_from=date_from, date_to=date_to,
                                   exact=request.exact, variants=request.variants)

    def _counterparts(self) -> Counterparts:
        """The pairs (declared, and the user's) as the bilingual concordance's aligner."""
        from reader.align.pairing import all_pairs, declared_pairs
        from reader.search.concordance import Counterparts  # both loaded on first use, not at start

        docs = self._docs
        try:
            pairs = all_pairs(list(docs.values()), self.store)
        except (StoreError, sqlite3.Error):
            pairs = declared_pairs(list(docs.values()))
        return Counterparts(docs, pairs, self.aliases())

    def show_concordance(self) -> None:
        """View → Concordance (Ctrl+Shift+C): show the dock with the current query's lines, focused."""
        self._follow_query()
        self.concordance_dock.show()
        self.concordance_dock.raise_()
        self.concordance.refresh()
        self.concordance.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def open_occurrence(self, doc_id: str, spans: Any, current: int) -> bool:
        """Open ``doc_id`` showing all its matches ``spans``, ``spans[current]`` current and centred."""
        spans = [tuple(s) for s in spans or []]
        group = side_by_side(self.tabs.current_group())
        if group is not None and group.shows(doc_id):
            group.set_search_matches(doc_id, spans)
            self.sidebar.select_document(doc_id)
            return True
        if not self.open_article(doc_id, spans):
            return False
        tab = self.tabs.tab_for(doc_id)
        self.sidebar.select_document(doc_id, after_paint_of=tab.view.viewport() if tab is not None else None)
        if tab is not None and spans:
            tab.set_search_matches(spans, current=max(0, min(current, len(spans) - 1)), scroll=False)
            QTimer.singleShot(0, tab.reveal_current_match)
        return True

    def _current_changed(self, doc_id: str | None) -> None:
        tab = self.tabs.current_tab()
        self.original_action.setChecked(bool(tab and tab.view.showing_original))
        self.notes.set_document(tab.document if tab else None)
        self._update_fix_actions()
        if doc_id:  # the list follows once the article has painted
            page = tab.view.viewport() if tab is not None else None
            self.sidebar.select_document(doc_id, after_paint_of=page)

    def _refresh_open_tabs(self) -> None:
        """After a re-scan or a correction, open tabs show the new article (or close if it is gone)."""
        for tab in list(self.tabs.tabs()):
            doc = self._docs.get(tab.document.id)
            if doc is None:
                self.tabs.close_document(tab.document.id)
                continue
            if doc != tab.document:
                self.tabs.replace_document(doc, self.duplicates_of(doc))
                self.annotations.render(tab)
            self._mark_corrections(tab)
        for group in list(self.tabs.groups()):
            panes = group.panes()
            if any(pane.document.id not in self._docs for pane in panes):
                self.tabs.close_tab(self.tabs.indexOf(group))
                continue
            for pane in panes:
                doc = self._docs[pane.document.id]
                if doc != pane.document:
                    group.replace_document(doc, self.duplicates_of(doc))
                self.annotations.render(pane)
                self._mark_corrections(pane)

    def _find_in_article(self) -> None:
        if tab := self.tabs.current_tab():
            tab.show_find_bar()

    def _next_match(self) -> None:
        if tab := self.tabs.current_tab():
            tab.next_match()

    def _previous_match(self) -> None:
        if tab := self.tabs.current_tab():
            tab.previous_match()

    def _close_current(self) -> None:
        index = self.tabs.currentIndex()
        if index >= 0:
            self.tabs.close_tab(index)

    def toggle_original(self, checked: bool) -> None:
        if tab := self.tabs.current_tab():
            tab.set_original(checked)

    # -- side by side ---------------------------------------------------------------------------

    def aliases(self) -> AliasTable | None:
        """The corpus's alias table (its aliases.csv, the bundled one, the user's), loaded once."""
        root = self.corpus.root if self.corpus is not None else None
        if not self._aliases_loaded or root != self._aliases_root:
            from reader.search.service import load_aliases

            self._aliases = load_aliases(root)
            self._aliases_root, self._aliases_loaded = root, True
        return self._aliases

    def pairing_index(self, then: Callable[[PairingIndex], None] | None = None) -> PairingIndex | None:
        """The pairing index of the documents shown, or None while it is being built.

        The first call starts the build on the task runner (a few seconds per thousand articles);
        ``then`` is called with the index once it is ready (at once if it already is).
        """
        docs = self._docs
        if self._pairing is not None and self._pairing_of is docs:
            if then is not None:
                then(self._pairing)
            return self._pairing
        if then is not None:
            self._pairing_waiters.append(then)
        if self._pairing_task is None or self._pairing_task.done or self._pairing_task_of is not docs:
            if self._pairing_task is not None:
                self._pairing_task.cancel()
            from reader.align.pairing import PairingIndex

            documents, aliases, previous = list(docs.values()), self.aliases(), self._pairing
            self._pairing_task_of = docs
            self._pairing_task = self.runner.run(
                "pairing",
                lambda _task, _progress: PairingIndex(documents, aliases, previous=previous),
                on_result=lambda index: self._pairing_built(docs, index),
                on_error=self._pairing_failed,
            )
        return self._pairing if self._pairing_of is docs else None

    def _pairing_built(self, docs: dict[str, Document], index: PairingIndex) -> None:
        if docs is not self._docs:
            return  # the documents changed meanwhile: a newer build is on its way
        self._pairing, self._pairing_of = index, docs
        waiters, self._pairing_waiters = self._pairing_waiters, []
        for then in waiters:
            then(index)

    def _pairing_failed(self, exc: BaseException, _trace: str) -> None:
        self._pairing_waiters = []
        self.statusBar().showMessage(f"Suggestions are unavailable: {exc}", 8000)

    def suggestions_for(self, doc_id: str, limit: int = 8) -> list[Suggestion] | None:
        """Best counterparts for ``doc_id`` (dismissed ones left out), or None while indexing."""
        index = self.pairing_index()
        if index is None:
            return None
        dismissed: list[Any] = []
        if self.store is not None:
            try:
                dismissed = list(self.store.pairs("dismissed"))
            except (StoreError, sqlite3.Error) as exc:
                log.warning("could not read dismissed pairs: %s", exc)
        return index.suggest(doc_id, limit=limit, dismissed=dismissed)

    def pair_states(self, doc_id: str) -> dict[str, str]:
        """Other article id -> ``declared``, ``user`` or ``dismissed``, for ``doc_id``'s pairs."""
        from reader.align.pairing import all_pairs, declared_pairs

        docs = self._docs
        if self._declared[0] is not docs:
            self._declared = (docs, set(declared_pairs(list(docs.values()))))
        declared = self._declared[1]
        states: dict[str, str] = {}
        try:
            for a, b in all_pairs(list(docs.values()), self.store):
                if doc_id in (a, b):
                    states[b if a == doc_id else a] = "declared" if (a, b) in declared else "user"
            if self.store is not None:
                for pair in self.store.pairs("dismissed"):
                    if doc_id in (pair.doc_a, pair.doc_b):
                        states[pair.doc_b if pair.doc_a == doc_id else pair.doc_a] = "dismissed"
        except (StoreError, sqlite3.Error) as exc:
            log.warning("could not read pairs: %s", exc)
        return states

    def parallel_tab_for(self, a_id: str, b_id: str) -> ParallelTab | None:
        """The open side-by-side tab of these two articles (in either order), if any."""
        wanted = {a_id, b_id}
        for widget in self.tabs.groups():
            group = side_by_side(widget)
            if group is not None and {d.id for d in group.documents} == wanted:
                return group
        return None

    def open_side_by_side(self, a_id: str, b_id: str, *, keep_order: bool = False) -> ParallelTab | None:
        """Open (or show) ``a_id`` and ``b_id`` side by side; the reader works in ``a_id``'s pane.

        English goes left and Arabic right unless ``keep_order``. Search hits shown in either
        article's own tab come along, with their alias spellings marked on the other side.
        """
        a, b = self._docs.get(a_id), self._docs.get(b_id)
        missing = a_id if a is None else b_id if b is None else None
        if missing is not None or a is None or b is None:
            self.statusBar().showMessage(f"Article {missing} is no longer in the corpus", 5000)
            return None
        if a_id == b_id:
            self.statusBar().showMessage("Choose another article to read side by side", 5000)
            return None
        tab = self.parallel_tab_for(a_id, b_id)
        if tab is None:
            from reader.ui.parallel_view import ParallelTab, reading_order

            left, right = (a, b) if keep_order else reading_order(a, b)
            tab = ParallelTab(
                left,
                right,
                duplicates=(self.duplicates_of(left), self.duplicates_of(right)),
                zoom_steps=self.tabs.zoom_steps,
                theme=self.tabs.theme_name,
                aliases=self.aliases(),
                runner=self.runner,
                focus=0 if left.id == a_id else 1,
            )
            self.tabs.add_group(tab)
            for doc in (a, b):
                single = self.tabs.tab_for(doc.id)
                if single is not None and single.search_matches():
                    tab.set_search_matches(doc.id, single.search_matches())
                    break
        else:
            self.tabs.setCurrentWidget(tab)
        pane = tab.pane_for(a_id)
        if pane is not None:
            tab.focus_pane(pane)
        return tab

    def open_pair_dialog(self, doc_id: str | None = None) -> PairDialog | None:
        """The pair dialog for ``doc_id`` (the current article by default), without blocking."""
        if doc_id is None:
            current = self.tabs.current_tab()
            doc_id = current.document.id if current is not None else None
        doc = self._docs.get(doc_id) if doc_id else None
        if doc is None:
            self.statusBar().showMessage("Open an article first", 4000)
            return None
        if self.pair_dialog is not None:
            self.pair_dialog.close()
        from reader.ui.pair_dialog import PairDialog

        dialog = PairDialog(
            doc, self._docs, self.store,
            suggest=self.suggestions_for, pair_states=self.pair_states, parent=self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.openRequested.connect(lambda a, b: self.open_side_by_side(a, b))
        dialog.finished.connect(lambda _r: setattr(self, "pair_dialog", None))
        self.pair_dialog = dialog
        dialog.open()
        if self.pairing_index() is None:
            self.pairing_index(then=lambda _index: self.pair_dialog is dialog and dialog.refresh())
        return dialog

    def _fill_side_by_side_menu(self, doc_id: str, menu: QMenu) -> None:
        """A header's "Side by side" menu: the article's pairs, the best suggestions, any article."""
        from reader.align.pairing import POSSIBLE
        from reader.ui.pair_dialog import origin_words, score_words

        if self._docs.get(doc_id) is None:
            return
        states = self.pair_states(doc_id)
        for other_id, origin in states.items():
            other = self._docs.get(other_id)
            if other is None or origin == "dismissed":
                continue
            action = menu.addAction(f"With {tab_title(other, MENU_TITLE_CHARS)}")
            action.setToolTip(plain_tooltip(f"{other.title}\n{origin_words(origin).capitalize()}"))
            action.triggered.connect(lambda _c=False, o=other_id: self.open_side_by_side(doc_id, o))
        suggestions = self.suggestions_for(doc_id, MENU_SUGGESTIONS + len(states))
        if suggestions is None:  # still being computed: fill the open menu in place when ready
            self.pairing_index(then=lambda _index: self._refill_side_by_side_menu(doc_id, menu))
        fresh = [s for s in suggestions or [] if s.doc_id not in states][:MENU_SUGGESTIONS]
        if suggestions is None or fresh:
            menu.addSeparator()
            if suggestions is None:
                words = "Finding suggestions…"
            elif fresh[0].score >= POSSIBLE:
                words = "Suggested"
            else:  # nothing close: say so rather than dress weak matches up as counterparts
                words = "No likely counterpart in this corpus; closest:"
            heading = menu.addAction(words)
            heading.setEnabled(False)
        for suggestion in fresh:
            other = self._docs.get(suggestion.doc_id)
            if other is None:
                continue
            label = f"{tab_title(other, MENU_TITLE_CHARS)}  ({score_words(suggestion.score)})"
            action = menu.addAction(label)
            action.setToolTip(plain_tooltip("\n".join([other.title, *suggestion.reasons])))
            action.triggered.connect(lambda _c=False, o=suggestion.doc_id: self.open_side_by_side(doc_id, o))
        menu.addSeparator()
        choose = menu.addAction("Choose an article…")
        choose.triggered.connect(lambda _checked=False: self.open_pair_dialog(doc_id))

    def _refill_side_by_side_menu(self, doc_id: str, menu: QMenu) -> None:
        if shiboken6.isValid(menu) and menu.isVisible():
            menu.clear()
            self._fill_side_by_side_menu(doc_id, menu)

    # -- view ---------------------------------------------------------------------------------

    def set_theme(self, name: str) -> None:
        if name not in THEMES:
            name = "light"
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_app_palette(app, name)
        self.tabs.set_theme(name)
        self.concordance.set_theme(name)
        self.theme_actions[name].setChecked(True)
        self.settings.set("view/theme", name)

    def zoom_in(self) -> None:
        self.tabs.zoom_in()

    def zoom_out(self) -> None:
        self.tabs.zoom_out()

    def reset_zoom(self) -> None:
        self.tabs.reset_zoom()

    def _about(self) -> None:
        QMessageBox.about(
            self,
            "About Corpus Reader",
            f"Corpus Reader {__version__}\n\nRead, search and annotate English and Arabic corpora, offline.\n"
            f"Your data: {paths.user_paths().data}",
        )

    # -- remembered state -----------------------------------------------------------------------

    def _restore_window(self) -> None:
        geometry = self.settings.get_bytes("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 880)
        state = self.settings.get_bytes("window/state")
        if state is not None:
            self.restoreState(state)
        splitter = self.settings.get_bytes("window/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        panels = self.settings.get_json("view/panels", {})
        panels = panels if isinstance(panels, dict) else {}
        self._show_panel(0, panels.get("list", True) is not False)
        self._show_panel(2, panels.get("side", True) is not False)
        self._sync_panel_actions()
        self.set_theme(stored_theme(self.settings))
        self.tabs.set_zoom_steps(self.settings.get_int("view/zoom", 0))
        if self.settings.get_int("view/caret_browsing", 0):
            self.tabs.set_caret_browsing(True)
            self.caret_action.setChecked(True)
        self.sidebar.restore_state(self.settings.get_json("sidebar/state", {}))
        self.search.restore_state(self.settings.get_json("search/state", {}))
        self.notes.restore_state(self.settings.get_json("notes/state", {}))
        side = NOTES_TAB if self.settings.get_int("window/side_tab", SEARCH_TAB) == NOTES_TAB else SEARCH_TAB
        self.side_tabs.setCurrentIndex(side)

    def _tab_state(self) -> dict[str, Any]:
        """Open tabs in order: ``{"id", "offset"}`` for an article, ``{"pair": [left, right], ...}``
        for a side-by-side tab (see :meth:`ParallelTab.state`)."""
        tabs: list[dict[str, Any]] = []
        for i in range(self.tabs.count()):
            widget = self.tabs.widget(i)
            if isinstance(widget, ArticleTab):
                entry: dict[str, Any] = {"id": widget.document.id, "offset": widget.view.top_offset()}
                if widget.search_matches():
                    entry["search"] = True  # it showed the query's hits: show them again
                tabs.append(entry)
            elif (group := side_by_side(widget)) is not None:
                tabs.append(group.state())
        state: dict[str, Any] = {"tabs": tabs, "current": None}
        current = self.tabs.currentWidget()
        if isinstance(current, ArticleTab):
            state["current"] = current.document.id
        elif (pair := side_by_side(current)) is not None:
            state["current_pair"] = [d.id for d in pair.documents]
        return state

    def _restore_tabs(self, state: dict[str, Any]) -> None:
        entries = state.get("tabs") if isinstance(state, dict) else None
        if not isinstance(entries, list):
            return
        restored = []
        pairs: list[tuple[ParallelTab, dict[str, Any]]] = []
        for entry in entries:
            if isinstance(entry, dict) and isinstance(pair := entry.get("pair"), list):
                group = self._restore_pair(entry, pair)
                if group is not None:
                    pairs.append((group, entry))
                continue
            if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
                continue
            doc = self._docs.get(entry["id"])
            if doc is None or self.tabs.tab_for(doc.id) is not None:
                continue
            tab = self.tabs.open_document(doc, duplicates=self.duplicates_of(doc))
            if entry.get("search") is True:
                self._awaiting_hits.add(doc.id)
            offset = entry.get("offset")
            if isinstance(offset, int) and offset > 0:
                restored.append((tab, offset))
        current = state.get("current")
        current_pair = state.get("current_pair")
        if isinstance(current, str) and (tab := self.tabs.tab_for(current)) is not None:
            self.tabs.setCurrentWidget(tab)
        elif (
            isinstance(current_pair, list)
            and len(current_pair) == 2
            and (group := self.parallel_tab_for(str(current_pair[0]), str(current_pair[1]))) is not None
        ):
            self.tabs.setCurrentWidget(group)

        # Scroll once the tabs have their real size, or the offsets land on a default geometry.
        def scroll() -> None:
            for tab, offset in restored:
                tab.view.scroll_to_offset(offset)
            for group, entry in pairs:
                group.restore_position(entry)

        QTimer.singleShot(0, self, scroll)

    def _restore_pair(self, entry: dict[str, Any], pair: list[Any]) -> ParallelTab | None:
        """Reopen a saved side-by-side tab (both articles must still be in the corpus)."""
        if len(pair) != 2 or not all(isinstance(i, str) and i in self._docs for i in pair):
            return None
        if self.parallel_tab_for(pair[0], pair[1]) is not None:
            return None
        group = self.open_side_by_side(pair[0], pair[1], keep_order=True)
        if group is None:
            return None
        group.set_sync(entry.get("sync", True) is not False)
        if entry.get("focus") == 1:
            group.focus_pane(group.right)
        return group

    def _save_corpus_state(self) -> None:
        if self.corpus_dir is not None:
            self.settings.set_corpus_state(Path(self.corpus_dir).resolve(), self._tab_state())

    def save_state(self) -> None:
        self.settings.set("window/geometry", self.saveGeometry())
        self.settings.set("window/state", self.saveState())
        self.settings.set("window/splitter", self.splitter.saveState())
        shown = self._focus_restore or (self._panel_shown(0), self._panel_shown(2), False)
        self.settings.set_json("view/panels", {"list": shown[0], "side": shown[1]})
        self.settings.set("view/zoom", self.tabs.zoom_steps)
        self.settings.set_json("sidebar/state", self.sidebar.state())
        self.settings.set_json("search/state", self.search.state())
        self.settings.set_json("notes/state", self.notes.state())
        self.settings.set("window/side_tab", self.side_tabs.currentIndex())
        if self.corpus is not None:
            self._save_corpus_state()
        self.settings.sync()

    def _ask_about_unsaved_notes(self) -> str:
        """"retry", "cancel", or "done" (the text was saved to a file, or the reader discards it)."""
        unsaved = self.notes.editor.unsaved
        box = QMessageBox(
            QMessageBox.Icon.Warning, "Corpus Reader — a note is not saved",
            ("A note you typed" if len(unsaved) == 1 else f"{len(unsaved)} notes you typed")
            + " could not be saved to your notes file (it may be locked by another program, or the disk "
            "may be full). Try again, save the text to a file, or quit without it?",
            QMessageBox.StandardButton.NoButton, self,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        retry = box.addButton("Try again", QMessageBox.ButtonRole.AcceptRole)
        to_file = box.addButton("Save to a file…", QMessageBox.ButtonRole.ActionRole)
        discard = box.addButton("Quit without them", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(retry)
        box.exec()
        clicked = box.clickedButton()
        if clicked is retry:
            return "retry"
        if clicked is discard:
            return "done"
        if clicked is to_file:
            name, _ = QFileDialog.getSaveFileName(self, "Save the unsaved notes", "unsaved-notes.txt",
                                                  "Text (*.txt)")
            if not name:
                return "retry"
            text = "\n\n".join(
                f"[{uuid}]\n{note if note is not None else ''}"
                + (f"\ntags: {', '.join(tags)}" if tags else "")
                for uuid, (note, tags) in unsaved.items()
            )
            try:
                atomic_write(name, (text + "\n").encode("utf-8"), make_parents=False)
            except OSError as exc:
                warn(self, f"Could not write {name}: {exc}")
                return "retry"
            return "done"
        return "cancel"

    def closeEvent(self, event: QCloseEvent) -> None:
        # What is being typed is saved before anything else; if it cannot be, the reader decides.
        while not self.notes.flush() and self.notes.editor.unsaved:
            choice = self._ask_about_unsaved_notes()
            if choice == "retry":
                continue
            if choice == "cancel":
                event.ignore()
                return
            self.notes.editor.discard_unsaved()  # saved to a file, or given up on purpose
        self.save_state()
        self.cancel_indexing()
        if self._scan_task is not None:
            self._scan_task.cancel()
        self.concordance.set_index(None)
        self.runner.wait(10_000)
        self.search.set_index(None)
        if self.index_handle is not None:
            self._retired.append(self.index_handle)
            self.index_handle = None
        self._close_retired()
        self._close_store()
        super().closeEvent(event)
