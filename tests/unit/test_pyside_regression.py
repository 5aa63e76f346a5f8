"""PySide6 6.12.0 on Python 3.11 aborts the interpreter after thousands of calls to methods returning
None (``Fatal Python error: none_dealloc``). The dependency pin keeps us off it; this proves it."""

from __future__ import annotations

import subprocess
import sys

CODE = """
from PySide6.QtGui import QTextCursor, QTextDocument
doc = QTextDocument()
doc.setPlainText("نص عربي and English text " * 20)
cursor = QTextCursor(doc)
for i in range(50_000):
    cursor.setPosition(i % 100)
print("ok")
"""


def test_fifty_thousand_none_returning_calls_survive():
    result = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "ok"
