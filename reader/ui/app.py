"""Start the desktop app: one QApplication, bundled fonts, the remembered theme, the main window."""

from __future__ import annotations

import gc
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from reader import __version__, paths
from reader.memory import pause_collector, resume_collector
from reader.ui.fonts import register_bundled_fonts

if TYPE_CHECKING:
    from reader.ui.main_window import MainWindow


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with our names and fonts; reuses an existing one (tests, self-test)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("Corpus Reader")
    app.setOrganizationName("CorpusReader")
    app.setApplicationVersion(__version__)
    app.setStyle("Fusion")  # one look everywhere, and the dark palette renders properly with it
    icon = paths.resources_dir() / "icons" / "corpus-reader.svg"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    register_bundled_fonts()
    return app


def run_app(corpus_dir: Path | None = None) -> int:
    """Open the main window on ``corpus_dir`` (else the last corpus, else the bundled one)."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app, window = open_main_window(corpus_dir)
    window.show()
    return app.exec()


def open_main_window(corpus_dir: Path | None = None) -> tuple[QApplication, MainWindow]:
    """The application and its main window on ``corpus_dir``, not yet shown.

    Start-up makes a few hundred thousand objects that live as long as the app (modules, classes,
    widgets), and the cyclic collector walked them all again and again meanwhile: 50-70 ms of a
    start. It is paused until the window is built, and what was built is then frozen
    (:func:`gc.freeze`), out of every later collection's way.
    """
    pause_collector()
    try:
        app = create_application()
        from reader.ui.main_window import MainWindow

        window = MainWindow(corpus_dir)
    finally:
        gc.freeze()
        resume_collector()
    return app, window
