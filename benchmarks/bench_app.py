"""App responsiveness: start to a usable window, search as you type, opening an article, first use.

    python benchmarks/bench_app.py [--sizes 1000 10000] [--corpus DIR ...] [--home DIR] [--first-use]

* start: a fresh process (offscreen) on an already indexed corpus, from ``Popen`` to the moment the
  window is painted with the corpus listed in the sidebar and search ready ("usable"), and to the
  moment every article's text is loaded too ("all text").
* search: in one process, the real window on the real thread pool; from typing the last key to
  the first rows of results painted, and to all rows listed. The 250 ms debounce the user waits
  for by design is taken off ("after debounce").
* open: a result activated as a click does (the window's own slot), to the end of the reading pane's
  first paint that shows the article with its current match on screen.
* first use (``--first-use``): a never-seen corpus in a fresh profile: the sidebar listed, the
  first results of a search typed at once, and how far indexing had got by then; then (unless
  ``--first-use-quick``) the whole scan done (the corpus read) and the whole corpus indexed.

``--corpus`` adds existing folders (e.g. a generated 10k corpus kept between runs); ``--home``
keeps the profile (scan cache and index) there instead of a temporary one, so a corpus indexed
once is measured again without a rebuild. The child processes write compiled bytecode to a
temporary ``PYTHONPYCACHEPREFIX`` (an installed app has its ``.pyc`` files; without them every
start compiles 140 modules, 0.3 s on this machine).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

CHILD_START = r"""
import sys, time
from pathlib import Path
from benchmarks.bench_app import watch_paints
from reader.ui.app import open_main_window
app, window = open_main_window(Path(sys.argv[1]))  # as the app starts
painted = []  # the end of the first paint of the article list with articles in it, search ready
ready = lambda: window.sidebar.model.rowCount() > 0 and window.index_handle is not None  # noqa: E731
watcher = watch_paints(window.sidebar.tree.viewport(), ready, painted)
window.show()
while not painted:
    app.processEvents()
    if ready():
        window.sidebar.tree.viewport().update()  # ready after its last paint: it shows it in the next
    time.sleep(0.001)
print("LISTED", flush=True)
while window.corpus is None or window.index_handle is None:
    app.processEvents()
    time.sleep(0.002)
app.processEvents()
print("LOADED", flush=True)
window.close()
"""

CHILD_FIRST_USE = r"""
import sys, time
from pathlib import Path
from reader.ui.app import create_application
from reader.ui.main_window import MainWindow
app = create_application()
window = MainWindow(Path(sys.argv[1]))
window.show()
window.search.set_query(sys.argv[2])  # typed at once, before anything is ready
whole = sys.argv[4] == "whole"
indexed = []
window.indexReady.connect(indexed.append)  # the whole corpus' index, not a first part of it
listed = results = scanned = False
deadline = time.perf_counter() + float(sys.argv[3])
while time.perf_counter() < deadline and not (listed and results and (not whole or indexed)):
    app.processEvents()
    if not listed and window.sidebar.model.rowCount() > 0:
        listed = True
        print("LISTED", flush=True)
    if not results and window.search.model.rowCount() > 0:
        results = True
        print("RESULTS", window.index_label.text(), flush=True)
    if not scanned and window.corpus is not None:
        scanned = True
        print("SCANNED", flush=True)
    time.sleep(0.005)
if indexed:
    print("INDEXED", flush=True)
window.cancel_indexing()
window.close()
"""

QUERIES = ["Hezbollah", "Soleimani", "Taji", "حزب الله", "Baghdad protest", '"prime minister"', "Kata*"]
DEBOUNCE_MS = 250
OPENED_PER_QUERY = 3


def child_env(home: Path, pycache: Path) -> dict[str, str]:
    env = {**os.environ, "CORPUS_READER_HOME": str(home), "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPYCACHEPREFIX": str(pycache)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_child(script: str, args: list[str], env: dict[str, str], timeout: float = 900) -> dict[str, tuple]:
    """Run ``script``; when (seconds from ``Popen``) it printed each marker, and the rest of that line."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", script, *args], stdout=subprocess.PIPE, text=True,
                            env=env, cwd=ROOT, stderr=subprocess.DEVNULL)
    seen: dict[str, tuple] = {}
    for line in proc.stdout:  # type: ignore[union-attr]
        marker, _, rest = line.strip().partition(" ")
        seen[marker] = (time.perf_counter() - start, rest)
    proc.wait(timeout)
    return seen


def measure_start(corpus: Path, home: Path, pycache: Path, runs: int = 3) -> tuple[list[float], list[float]]:
    """Seconds to a usable window and to all text loaded; the first run (which may scan and index) is
    not counted."""
    usable, loaded = [], []
    for i in range(runs + 1):
        seen = run_child(CHILD_START, [str(corpus)], child_env(home, pycache))
        if i:
            usable.append(seen["LISTED"][0])
            loaded.append(seen["LOADED"][0])
    return usable, loaded


def measure_first_use(corpus: Path, home: Path, pycache: Path, timeout: float, whole: bool = True
                      ) -> dict[str, tuple]:
    """Seconds from ``Popen`` to each marker of :data:`CHILD_FIRST_USE`. The bytecode is compiled
    first, by a first use of the bundled corpus in another profile (an installed app has it)."""
    warm = [str(ROOT / "corpus"), QUERIES[0], "120", "whole"]
    run_child(CHILD_FIRST_USE, warm, child_env(home.with_name(home.name + "-warm"), pycache), timeout=180)
    args = [str(corpus), QUERIES[0], str(timeout), "whole" if whole else "quick"]
    return run_child(CHILD_FIRST_USE, args, child_env(home, pycache), timeout=timeout + 60)


def _spin(app: Any, until: Callable[[], bool], timeout: float = 120.0) -> float:
    """Run the event loop until ``until()``; the time it became true, after one more paint."""
    from PySide6.QtCore import QEventLoop, QTimer

    deadline = time.perf_counter() + timeout
    loop = QEventLoop()
    while not until():
        if time.perf_counter() > deadline:
            raise TimeoutError("the window did not answer in time")
        QTimer.singleShot(1, loop.quit)
        loop.exec()
    app.processEvents()  # what was shown gets painted
    return time.perf_counter()


def watch_paints(widget: Any, when: Callable[[], bool], stamps: list[float]) -> Any:
    """Note the time each paint of ``widget`` ends while ``when()`` holds (keep the object returned)."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    class Watcher(QObject):
        def eventFilter(self, watched: Any, event: Any) -> bool:
            if event.type() == QEvent.Type.Paint and when():
                watched.removeEventFilter(self)
                QApplication.sendEvent(watched, event)  # paint now, to know when it ends
                watched.installEventFilter(self)
                stamps.append(time.perf_counter())
                return True
            return False

    watcher = Watcher(widget)
    widget.installEventFilter(watcher)
    return watcher


def measure_window(corpus: Path, home: Path) -> dict[str, list[float]]:
    """Search round trips (first rows, all rows) and article opening times (ms) in the real window."""
    from reader import paths
    from reader.ui.app import create_application
    from reader.ui.main_window import MainWindow

    paths.set_profile(home)
    app = create_application()
    window = MainWindow(corpus)
    window.resize(1500, 950)
    window.show()
    _spin(app, lambda: window.corpus is not None and window.index_handle is not None, 900)
    for _ in range(2):  # the index update, then the warm-up it starts
        window.runner.wait(900_000)
        app.processEvents()
    panel = window.search
    out: dict[str, list[float]] = {"first": [], "all": [], "open": []}
    painted: list[float] = []  # when the list was first painted with rows
    watcher = watch_paints(panel.results_view.viewport(), lambda: panel.model.rowCount() > 0, painted)
    for _ in range(3):
        for query in QUERIES:
            panel.clear()
            app.processEvents()
            painted.clear()
            start = time.perf_counter()
            panel.search_field.setText(query)  # the last keystroke
            first = _spin(app, lambda: panel.model.rowCount() > 0 or (
                (r := panel.current_response()) is not None and r.total == 0))
            first = painted[0] if painted else first
            done = _spin(app, lambda: not panel.is_searching())
            out["first"].append((first - start) * 1000 - DEBOUNCE_MS)
            out["all"].append((done - start) * 1000 - DEBOUNCE_MS)
            response = panel.current_response()
            for hit in (response.hits if response is not None else [])[:OPENED_PER_QUERY]:
                out["open"].append(_open_ms(app, window, hit))
    window.runner.wait()
    panel.results_view.viewport().removeEventFilter(watcher)
    window.close()
    app.processEvents()
    paths.set_profile(None)
    return out


def _open_ms(app: Any, window: Any, hit: Any) -> float:
    """A search hit activated, to the end of the reading pane's first paint that shows the article
    with its current match (if it has one to mark) on screen; the window centres it on the turn
    after opening."""
    from PySide6.QtGui import QTextCursor

    def match_on_screen() -> bool:
        tab = window.tabs.tab_for(hit.id)
        if tab is None or tab.document.id != hit.id:
            return False
        if not tab.search_matches():  # a hit with nothing to mark (e.g. found by its metadata)
            return True
        view = tab.view
        if view.current_match() < 0:
            return False
        cursor = QTextCursor(view.document())
        cursor.setPosition(view.qt_position(tab.search_matches()[view.current_match()][0]))
        return view.viewport().rect().contains(view.cursorRect(cursor).center())

    painted: list[float] = []
    start = time.perf_counter()
    panel = window.search
    panel.resultActivated.emit(hit.id, list(hit.matches))
    tab = window.tabs.tab_for(hit.id)
    watcher = watch_paints(tab.view.viewport(), match_on_screen, painted)
    _spin(app, lambda: bool(painted), timeout=30)
    tab.view.viewport().removeEventFilter(watcher)
    app.processEvents()  # what the opening left for later (the list's selection) is not counted twice
    return (painted[0] - start) * 1000


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> int:
    import statistics  # here: the start children import this module (20 ms) for ``watch_paints``

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000], help="generated corpora to measure")
    parser.add_argument("--corpus", type=Path, nargs="*", default=[], help="existing corpus folders too")
    parser.add_argument("--home", type=Path, help="profile folder to keep (default: a temporary one)")
    parser.add_argument("--first-use", action="store_true", help="also measure a never-seen corpus")
    parser.add_argument("--first-use-timeout", type=float, default=900.0)
    parser.add_argument("--first-use-quick", action="store_true",
                        help="stop at the first results (not the whole scan and index)")
    args = parser.parse_args()
    from corpus_gen import generate_corpus

    rows, first_rows = [], []
    with tempfile.TemporaryDirectory() as tmp:
        pycache = Path(tmp) / "pycache"
        corpora = [("bundled (24)", ROOT / "corpus")]
        for n in args.sizes:
            folder = Path(tmp) / f"gen_{n}"
            generate_corpus(folder, n, seed=3)
            corpora.append((f"generated {n}", folder))
        corpora += [(folder.name, folder) for folder in args.corpus]
        for label, corpus in corpora:
            home = args.home or Path(tmp) / "home"
            if args.first_use and label != "bundled (24)":
                fresh = Path(tmp) / f"fresh_{len(first_rows)}"
                whole = not args.first_use_quick
                seen = measure_first_use(corpus, fresh, pycache, args.first_use_timeout, whole)
                first_rows.append((label, seen))
            usable, loaded = measure_start(corpus, home, pycache)
            times = measure_window(corpus, home)
            rows.append((label, usable, loaded, times))
    print("| corpus | usable window, median s | max s | all text loaded, median s "
          "| first rows after debounce, median ms | p95 ms | all rows, median ms | p95 ms "
          "| open article, median ms | p95 ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for label, usable, loaded, t in rows:
        cells = [f"{statistics.median(usable):.2f}", f"{max(usable):.2f}", f"{statistics.median(loaded):.2f}"]
        for key in ("first", "all", "open"):
            cells += [f"{statistics.median(t[key]):.0f}", f"{p95(t[key]):.0f}"]
        print(f"| {label} | {' | '.join(cells)} |")
    if first_rows:
        print("\n| never-seen corpus | sidebar listed, s | first results, s | index status then "
              "| corpus scanned, s | whole corpus indexed, s |")
        print("| --- | ---: | ---: | --- | ---: | ---: |")
        for label, seen in first_rows:
            cells = [f"{seen[m][0]:.1f}" if m in seen else "not in time" for m in ("LISTED", "RESULTS")]
            cells.append(seen.get("RESULTS", (0, ""))[1])
            cells += [f"{seen[m][0]:.1f}" if m in seen else "-" for m in ("SCANNED", "INDEXED")]
            print(f"| {label} | {' | '.join(cells)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
