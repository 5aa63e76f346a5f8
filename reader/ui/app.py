"""Start the desktop app: one QApplication, bundled fonts, the remembered theme, the main window."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from reader import __version__, paths
from reader.ui.fonts import register_bundled_fonts


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
    app = create_application()
    from reader.ui.main_window import MainWindow

    window = MainWindow(corpus_dir)
    window.show()
    return app.exec()
