"""Opening the real main window in tests: synchronous tasks, a fixed size, shown and exposed."""

from __future__ import annotations

from pathlib import Path

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
