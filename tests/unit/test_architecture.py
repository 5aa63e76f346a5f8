"""The core never imports Qt: it must run headless, in the CLI, and be testable without a display."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO

CORE_PACKAGES = ("ingest", "text", "search", "store", "align")

BLOCK_QT = """
import importlib, pkgutil, sys
class BlockQt:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6"):
            raise ImportError("Qt is blocked for core modules: " + name)
        return None
sys.meta_path.insert(0, BlockQt())
import reader
names = ["reader", "reader.cli", "reader.paths"]
for pkg in {packages!r}:
    try:
        module = importlib.import_module("reader." + pkg)
    except ModuleNotFoundError:
        continue
    names.append(module.__name__)
    for info in pkgutil.walk_packages(module.__path__, module.__name__ + "."):
        names.append(info.name)
for name in names:
    importlib.import_module(name)
print(len(names))
"""


def test_every_core_module_imports_with_qt_blocked():
    code = BLOCK_QT.format(packages=CORE_PACKAGES)
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) >= 10


def test_reshaping_libraries_stay_out_of_the_ui():
    ui = REPO / "reader" / "ui"
    if not ui.exists():
        return
    for path in ui.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "arabic_reshaper" not in text and "get_display" not in text, path
