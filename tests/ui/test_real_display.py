"""The real app on a real X server (Xvfb, xcb platform): what offscreen rendering cannot prove.

The screenshot is grabbed from the X server, so it shows what a user's screen would show. It is
kept as a test artifact (``$CORPUS_READER_ARTIFACTS`` or the test's temp folder), never in git.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import CORPUS, REPO

XVFB = shutil.which("Xvfb")
pytestmark = pytest.mark.skipif(
    XVFB is None and not os.environ.get("CI"), reason="Xvfb not installed (CI installs it)"
)

APP_SCRIPT = r"""
import json, sys, time
from pathlib import Path
from PySide6.QtCore import QPoint, QRect
from reader.ui.app import create_application
from reader.ui.main_window import MainWindow
from reader.ui.tasks import TaskRunner

corpus, out, title_prefix = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
app = create_application()
window = MainWindow(corpus, runner=TaskRunner(synchronous=True))
window.resize(1280, 800)
window.show()
doc = next(d for d in window.corpus.documents if d.title.startswith(title_prefix))
window.open_article(doc.id)
deadline = time.time() + 3
while time.time() < deadline:
    app.processEvents()
    time.sleep(0.02)
screen = window.screen().grabWindow(0)
screen.save(out)
view = window.tabs.current_tab().view.viewport()
origin = view.mapToGlobal(QPoint(0, 0))
crop = screen.copy(QRect(origin, view.size())).toImage()
background = crop.pixelColor(5, 5)
dark = total = 0
left_ink = right_ink = 0
for y in range(0, crop.height(), 3):
    for x in range(0, crop.width(), 3):
        total += 1
        c = crop.pixelColor(x, y)
        if abs(c.lightness() - background.lightness()) > 80:
            dark += 1
            if x < crop.width() // 2:
                left_ink += 1
            else:
                right_ink += 1
print(json.dumps({"platform": app.platformName(), "ink": dark / max(total, 1),
                  "left": left_ink, "right": right_ink, "size": [crop.width(), crop.height()]}))
"""


@pytest.fixture
def display(tmp_path):
    number = 90 + os.getpid() % 50
    proc = subprocess.Popen(
        [XVFB or "Xvfb", f":{number}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    socket = Path(f"/tmp/.X11-unix/X{number}")
    deadline = time.time() + 10
    while not socket.exists() and time.time() < deadline:
        time.sleep(0.05)
    assert socket.exists(), "Xvfb did not start"
    yield f":{number}"
    proc.terminate()
    proc.wait(10)


def _artifacts(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("CORPUS_READER_ARTIFACTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_real_window_shows_arabic_text_right_aligned(display, tmp_path, profile):
    out = _artifacts(tmp_path) / "real_display_arabic.png"
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "CORPUS_READER_HOME": str(profile)}
    result = subprocess.run(
        [sys.executable, "-c", APP_SCRIPT, str(CORPUS), str(out), "«حفلة الجنون»"],
        capture_output=True, text=True, cwd=REPO, env=env, timeout=180,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["platform"] == "xcb"
    assert out.is_file() and out.stat().st_size > 10_000
    assert report["ink"] > 0.01, "the reading pane is blank where the article should be"
    assert report["right"] > report["left"], "Arabic text sits on the right of the column"
