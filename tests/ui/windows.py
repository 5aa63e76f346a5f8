"""Opening the real main window in tests: synchronous tasks, a fixed size, shown and exposed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reader import paths
from reader.ui.app import create_application
from reader.ui.main_window import MainWindow
from reader.ui.tasks import TaskRunner
from tests.conftest import CORPUS


def make_window(qtbot, corpus: Path | None = CORPUS) -> MainWindow:
    """A window on ``corpus`` (None: the last corpus opened); scan and index run inline."""
    create_application()
    window = MainWindow(corpus, runner=TaskRunner(synchronous=True))
    qtbot.addWidget(window)
    window.resize(1400, 880)
    window.show()
    qtbot.waitExposed(window)
    return window


def module_profile(name: str) -> tuple[Any, Any]:
    """``(shared_home, profile)`` fixtures for a test module: one throwaway profile for all its
    tests, so the search index is built once per module rather than once per test.

    Use as ``shared_home, profile = module_profile("focus")`` at module level.
    """

    @pytest.fixture(scope="module")
    def shared_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
        return tmp_path_factory.mktemp(f"{name}-profile")

    @pytest.fixture(autouse=True)
    def profile(shared_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
        monkeypatch.setenv(paths.ENV_HOME, str(shared_home))
        monkeypatch.setattr(MainWindow, "show_recovery_dialog", False)
        paths.set_profile(None)
        return shared_home

    return shared_home, profile


def active_window(qtbot, corpus: Path | None = CORPUS) -> MainWindow:
    """:func:`make_window`, made the active window so that its shortcuts answer key presses."""
    window = make_window(qtbot, corpus)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    return window


BACKGROUND_WAIT_MS = 60_000


def start_threaded(qtbot: Any, corpus: Path = CORPUS) -> MainWindow:
    """A shown window on the real thread pool (not the synchronous runner), for tests of what shows
    before the background work (reading, scanning, indexing) is done."""
    create_application()
    window = MainWindow(corpus, runner=TaskRunner())
    qtbot.addWidget(window)
    window.resize(1400, 880)
    window.show()
    return window


def wait_until_settled(qtbot: Any, window: MainWindow) -> None:
    """Until the corpus is read and indexed, and nothing runs in the background any more."""
    qtbot.waitUntil(lambda: window.corpus is not None and window.index_handle is not None,
                    timeout=BACKGROUND_WAIT_MS)
    window.runner.wait(BACKGROUND_WAIT_MS)
    qtbot.wait(50)
    window.runner.wait(BACKGROUND_WAIT_MS)
