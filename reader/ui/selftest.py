"""``corpus-reader --self-test``: prove that this installation works, end to end, in a few seconds.

Why it exists: a frozen build (PyInstaller) or an installer can silently lose what a source checkout
always has: a Qt platform or image plugin, dateparser's language data, the bundled corpus, the
Arabic font, a lazily imported module. Each loss would only show when a user reaches that feature.
The self-test walks the whole path a user walks (the main window opens on the bundled corpus, the
corpus is scanned and dated, indexed, searched in English and Arabic, an Arabic article is laid out
right to left and shaped, a note is written and exported) and stops at the first failure with the
reason. CI runs it on every frozen build before anything is shipped (as qutebrowser's
``build_release.py`` smoke-tests its bundles).

It never touches the user's data: everything happens in a temporary profile
(:func:`reader.paths.set_profile`) that is deleted afterwards. It runs headless
(``QT_QPA_PLATFORM=offscreen``) unless the caller already chose a Qt platform, e.g.
``QT_QPA_PLATFORM=xcb`` to measure start-up on a real display.

A frozen build carries ``reader/_selftest/expected_scan.json``, the scan of the bundled corpus made
*from source* at build time (see ``packaging/pyinstaller/corpus-reader.spec``); the frozen scan must
match it exactly (dates, precision, provenance, languages), which catches missing date data or a
decoder the freezer dropped.

The report is one line per check, ``✓``/``✗`` (``OK``/``FAIL`` on consoles that cannot print them),
with what was found and how long it took; exit status 0 when all passed, 1 on the first failure.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from reader import __version__, paths
from reader.fileio import atomic_write

_T_IMPORT = time.perf_counter()  # fallback origin for start-up timing where the OS cannot tell

EXIT_OK = 0
EXIT_FAILED = 1
REFERENCE_NAME = "expected_scan.json"
SEARCH_EN = "Hizballah"
SEARCH_AR = "كتائب حزب الله"
NOTE_TEXT = "self-test"
WINDOW_TIMEOUT_S = 30.0


class CheckFailed(Exception):
    """A check found something wrong; the message is the reason shown to the user."""


class _Skip(Exception):
    """A check that cannot run in this build (a feature not present yet); not a failure."""


@dataclass
class Result:
    name: str
    status: str  # "ok", "failed" or "skipped"
    detail: str
    seconds: float


# --------------------------------------------------------------------------------------------
# Helpers shared with the build (the spec writes the reference with scan_fingerprint)


def scan_fingerprint(corpus: Any) -> dict[str, Any]:
    """What a frozen scan must reproduce exactly: per article its date (value, precision, source,
    floor), language, paragraph count and duplicate link. Plain JSON, sorted by id."""
    docs = {}
    for doc in corpus.documents:
        docs[doc.id] = {
            "date": doc.date.value,
            "precision": doc.date.precision,
            "date_source": doc.date.source,
            "not_before": doc.date.not_before,
            "language": doc.language,
            "paragraphs": len(doc.paragraphs),
            "duplicate_of": doc.duplicate_of,
        }
    return {"format": 1, "documents": dict(sorted(docs.items()))}


def reference_path() -> Path:
    """Where a frozen build keeps the from-source scan of its bundled corpus."""
    import reader

    return Path(reader.__file__).resolve().parent / "_selftest" / REFERENCE_NAME


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def seconds_since_process_start() -> tuple[float, str]:
    """Wall time since this process started, and what the origin is.

    From the kernel on Linux (``/proc``) and Windows (``GetProcessTimes``), so a frozen app's
    bootloader and imports are counted; elsewhere from when this module was imported.
    """
    with contextlib.suppress(Exception):
        if sys.platform.startswith("linux"):
            stat = Path("/proc/self/stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            start_ticks = int(fields[19])  # field 22 of stat(5): starttime, in clock ticks since boot
            uptime = float(Path("/proc/uptime").read_text().split()[0])
            return uptime - start_ticks / os.sysconf("SC_CLK_TCK"), "process start"
        if sys.platform == "win32":
            import ctypes
            from ctypes import wintypes

            kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
            creation, exit_, kernel, user, now = (wintypes.FILETIME() for _ in range(5))
            handle = kernel32.GetCurrentProcess()
            if kernel32.GetProcessTimes(handle, *(ctypes.byref(t) for t in (creation, exit_, kernel, user))):
                kernel32.GetSystemTimeAsFileTime(ctypes.byref(now))

                def as_int(ft: Any) -> int:
                    return (ft.dwHighDateTime << 32) | ft.dwLowDateTime

                return (as_int(now) - as_int(creation)) / 1e7, "process start"
    return time.perf_counter() - _T_IMPORT, "self-test import"


# --------------------------------------------------------------------------------------------
# The runner


class Report:
    """Prints one line per check as it finishes, so a hang shows where it hangs."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.results: list[Result] = []
        with contextlib.suppress(AttributeError, ValueError, OSError):
            out.reconfigure(errors="backslashreplace")  # type: ignore[attr-defined]  # never lose a line
        encoding = getattr(out, "encoding", None) or "utf-8"
        try:
            "✓✗–".encode(encoding)
            self.marks = {"ok": "✓", "failed": "✗", "skipped": "–"}
        except (UnicodeEncodeError, LookupError):
            self.marks = {"ok": "OK", "failed": "FAIL", "skipped": "SKIP"}

    def line(self, text: str) -> None:
        with contextlib.suppress(Exception):  # a closed pipe must not turn a pass into a failure
            self.out.write(text + "\n")
            self.out.flush()

    def add(self, result: Result) -> None:
        self.results.append(result)
        mark = self.marks[result.status]
        self.line(f"{mark} {result.name:<10} {result.detail}  ({result.seconds:.2f} s)")

    def run(self, name: str, check: Callable[[], str]) -> bool:
        started = time.perf_counter()
        try:
            detail = check()
        except _Skip as skip:
            self.add(Result(name, "skipped", f"skipped: {skip}", time.perf_counter() - started))
            return True
        except CheckFailed as exc:
            self.add(Result(name, "failed", str(exc), time.perf_counter() - started))
            return False
        except Exception as exc:  # an unexpected error is a failure with its type, not a traceback
            self.add(Result(name, "failed", f"{type(exc).__name__}: {exc}", time.perf_counter() - started))
            return False
        self.add(Result(name, "ok", detail, time.perf_counter() - started))
        return True


def _require(condition: object, reason: str) -> None:
    if not condition:
        raise CheckFailed(reason)


@contextlib.contextmanager
def _profile(directory: Path) -> Iterator[Path]:
    """Point every user location at ``directory`` for the duration (restores the previous one)."""
    previous = paths._override  # the explicit override only: CORPUS_READER_HOME stays as it was
    paths.set_profile(directory)
    try:
        yield directory
    finally:
        paths.set_profile(previous)


# --------------------------------------------------------------------------------------------
# The checks


class SelfTest:
    """The state the checks share (corpus, index, store), in the order a user meets them."""

    def __init__(self, root: Path, *, window: bool = True, reference: Path | None = None) -> None:
        self.root = root
        self.window = window
        self.reference = reference
        self.corpus: Any = None
        self.handle: Any = None
        self.store: Any = None
        self.annotation: Any = None
        self.app: Any = None

    # -- Qt ---------------------------------------------------------------------------------

    def application(self) -> Any:
        if self.app is None:
            from reader.ui.app import create_application

            self.app = create_application()
        return self.app

    @staticmethod
    def _pump() -> None:
        """Let Qt deliver what is queued (layout, paint, deferred deletes)."""
        from PySide6.QtCore import QCoreApplication, QEvent

        for _ in range(3):
            QCoreApplication.processEvents()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)

    def _wait(self, done: Callable[[], bool], timeout: float) -> bool:
        from PySide6.QtCore import QCoreApplication, QEventLoop, QThread

        deadline = time.monotonic() + timeout
        while not done():
            if time.monotonic() > deadline:
                return False
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            QThread.msleep(5)
        return True

    def check_window(self) -> str:
        """The app as a user starts it: main window shown, corpus listed (own fresh profile)."""
        if not self.window:
            raise _Skip("--no-window")
        with _profile(self.root / "window"):
            self.application()
            from reader.ui.main_window import MainWindow

            window = MainWindow(paths.bundled_corpus())
            loaded: list[Any] = []
            window.corpusLoaded.connect(loaded.append)
            window.resize(1200, 800)
            window.show()
            handle = window.windowHandle()
            exposed = self._wait(lambda: handle is not None and handle.isExposed(), WINDOW_TIMEOUT_S)
            shown_at, origin = seconds_since_process_start()
            _require(exposed, f"the main window was not shown within {WINDOW_TIMEOUT_S:.0f} s")
            listed = self._wait(lambda: bool(loaded), WINDOW_TIMEOUT_S)
            listed_at, _ = seconds_since_process_start()
            window.close()
            window.deleteLater()
            self._pump()
            _require(listed, f"the bundled corpus was not listed within {WINDOW_TIMEOUT_S:.0f} s")
            count = len(loaded[0].documents)
            return (
                f"main window shown {shown_at:.2f} s after {origin}; "
                f"{count} articles listed at {listed_at:.2f} s"
            )

    # -- core -------------------------------------------------------------------------------

    def check_corpus(self) -> str:
        from reader.ingest.scan_cache import load_corpus

        root = paths.bundled_corpus()
        _require(root.is_dir(), f"bundled corpus not found at {root}")
        self.corpus = corpus = load_corpus(root)
        docs = corpus.documents
        _require(docs, f"no articles in the bundled corpus at {root}")
        _require(not corpus.skipped, f"files skipped: {[(s.path, s.reason) for s in corpus.skipped]}")
        languages = {d.language for d in docs}
        _require({"en", "ar"} <= languages, f"expected English and Arabic articles, not {sorted(languages)}")
        aliases = "with aliases.csv" if (root / "aliases.csv").is_file() else "no aliases.csv"
        arabic = sum(1 for d in docs if d.language == "ar")
        return (
            f"{len(docs)} articles ({arabic} Arabic) from {len(corpus.file_states)} files, "
            f"{aliases}, in {root}"
        )

    def check_dates(self) -> str:
        import dateparser

        probes = {"4 April 2020": ["en"], "4 أبريل 2020": ["ar"]}
        for text, languages in probes.items():
            parsed = dateparser.parse(text, languages=languages)
            _require(
                parsed is not None and parsed.date().isoformat() == "2020-04-04",
                f"dateparser read {text!r} as {parsed!r} (its language data may be missing)",
            )
        fingerprint = scan_fingerprint(self.corpus)
        dated = sum(1 for d in self.corpus.documents if d.date.value)
        summary = f"{dated} of {len(self.corpus.documents)} articles dated; dateparser reads en + ar"
        if self.reference is None or not self.reference.is_file():
            return summary + ("; no build reference to compare" if is_frozen() else "")
        expected = json.loads(self.reference.read_text(encoding="utf-8"))
        want, got = expected.get("documents", {}), fingerprint["documents"]
        diffs = [
            f"{doc_id}: expected {want.get(doc_id)}, got {got.get(doc_id)}"
            for doc_id in sorted(set(want) | set(got))
            if want.get(doc_id) != got.get(doc_id)
        ]
        _require(not diffs, f"{len(diffs)} articles differ from the source scan: " + "; ".join(diffs[:3]))
        return summary + f"; identical to the source scan ({len(want)} articles)"

    def check_index(self) -> str:
        from reader.search.service import open_index

        self.handle = open_index(self.corpus)
        count = self.handle.doc_count
        _require(count > 0, "the index is empty")
        stats = self.handle.stats
        added = getattr(stats, "added", "?")
        return f"{count} articles in the index ({added} added{', rebuilt' if self.handle.rebuilt else ''})"

    def check_search_en(self) -> str:
        from reader.search.searcher import search

        response = search(self.handle, SEARCH_EN)
        _require(response.total > 0, f"no hits for {SEARCH_EN!r} (warning: {response.warning})")
        languages = sorted({h.language for h in response.hits})
        return f"{response.total} hits for {SEARCH_EN!r} ({', '.join(languages)})"

    def check_search_ar(self) -> str:
        from reader.search.searcher import search

        response = search(self.handle, SEARCH_AR)
        _require(response.total > 0, f"no hits for {SEARCH_AR!r} (warning: {response.warning})")
        english = [h for h in response.hits if h.language == "en"]
        _require(english, f"{SEARCH_AR!r} found no English article (aliases not loaded?)")
        return f"{response.total} hits for {SEARCH_AR!r}, {len(english)} in English articles"

    # -- reading ----------------------------------------------------------------------------

    def _arabic_document(self) -> Any:
        for doc in self.corpus.documents:
            rtl = any(p.direction == "rtl" for p in doc.paragraphs)
            if doc.language == "ar" and not doc.duplicate_of and rtl:
                return doc
        raise CheckFailed("no Arabic article with right-to-left paragraphs in the bundled corpus")

    def check_reading(self) -> str:
        self.application()
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QFont, QTextLayout

        from reader.ui.fonts import register_bundled_fonts
        from reader.ui.reading.tabs import ReadingTabs

        families = register_bundled_fonts()
        _require("Noto Naskh Arabic" in families, f"bundled Arabic font not loaded (got {families})")

        doc = self._arabic_document()
        tabs = ReadingTabs()
        tabs.resize(1000, 700)
        tab = tabs.open_document(doc)
        tabs.show()
        self._pump()
        view = tab.view
        qt_doc = view.document()
        wrong = []
        for p in doc.paragraphs:
            block = qt_doc.findBlock(view.qt_position(p.start))
            rtl = block.blockFormat().layoutDirection() == Qt.LayoutDirection.RightToLeft
            if rtl != (p.direction == "rtl"):
                wrong.append(p.start)
        rtl_count = sum(1 for p in doc.paragraphs if p.direction == "rtl")
        _require(not wrong, f"{len(wrong)} paragraphs of {doc.id} laid out in the wrong direction")
        image = tabs.grab()
        _require(not image.isNull() and image.width() > 0, "the reading pane could not be painted")

        # Shaping: an isolated beh and the beh of "بب" (initial form) must be different glyphs.
        font = QFont()
        font.setFamilies(["Noto Naskh Arabic"])
        font.setPixelSize(32)

        def glyphs(text: str) -> list[int]:
            layout = QTextLayout(text, font)
            layout.beginLayout()
            layout.createLine()
            layout.endLayout()
            return [g for run in layout.glyphRuns() for g in run.glyphIndexes()]

        alone, joined = glyphs("ب"), glyphs("بب")
        _require(
            len(alone) == 1 and len(joined) == 2 and alone[0] not in joined,
            f"Arabic is not shaped (glyphs {alone} vs {joined})",
        )
        tabs.close()
        tabs.deleteLater()
        return (
            f"{doc.id}: {rtl_count} Arabic paragraphs right to left, "
            f"{len(doc.paragraphs) - rtl_count} left to right; Arabic shaped in Noto Naskh Arabic"
        )

    def check_icon(self) -> str:
        self.application()
        from PySide6.QtGui import QIcon

        path = paths.resources_dir() / "icons" / "corpus-reader.svg"
        _require(path.is_file(), f"app icon missing: {path}")
        pixmap = QIcon(str(path)).pixmap(64, 64)
        _require(not pixmap.isNull(), "the SVG app icon cannot be rendered (Qt svg plugins missing?)")
        return f"{path.name} renders at 64 px"

    # -- notes ------------------------------------------------------------------------------

    def check_notes(self) -> str:
        from reader.store.db import open_store

        doc = self._arabic_document()
        para = next(p for p in doc.paragraphs if p.direction == "rtl")
        start, end = para.start, para.start + min(len(para.text), 40)
        self.store = open_store()
        self.annotation = self.store.add_highlight(doc, start, end, 2, note=NOTE_TEXT)
        found = [a for a in self.store.for_document(doc.id) if a.uuid == self.annotation.uuid]
        _require(found and found[0].note == NOTE_TEXT, "the highlight was not read back from the store")
        return f"highlight + note on {doc.id}[{start}:{end}] saved in {self.store.path.name}"

    def check_export(self) -> str:
        exporters = _exporters()
        if not exporters:
            raise _Skip("notes export not available")
        annotations = self.store.all()
        documents = {d.id: d for d in self.corpus.documents}
        quote = self.annotation.anchor.quote if self.annotation.anchor else NOTE_TEXT
        word = max(quote.split(), key=len)  # one whole word: immune to Markdown escaping
        done = []
        for label, export in exporters:
            result = export(annotations, documents)
            text = result if isinstance(result, str) else json.dumps(result, ensure_ascii=False)
            _require(NOTE_TEXT in text, f"the {label} export does not contain the note")
            _require(word in text, f"the {label} export does not contain the highlighted Arabic text")
            done.append(f"{label} ({len(text)} chars)")
        return "notes exported as " + ", ".join(done)

    def check_formats(self) -> str:
        from reader.ingest.corpus import scan_corpus
        from reader.ui.selftest_formats import EXPECTED, write_samples

        folder = self.root / "formats"
        write_samples(folder)
        corpus = scan_corpus(folder)
        skipped = {s.path: s.reason for s in corpus.skipped}
        _require(not skipped, f"files not read: {skipped}")
        texts = {d.source: d.text for d in corpus.documents}
        for name, start in EXPECTED.items():
            _require(name in texts, f"{name} gave no article")
            _require(start in texts[name][:300], f"{name} reads {texts[name][:60]!r}")
        return "read " + ", ".join(sorted(Path(n).suffix[1:] for n in EXPECTED))

    def close(self) -> None:
        for thing in (self.handle, self.store):
            if thing is not None:
                with contextlib.suppress(Exception):
                    thing.close()
        self.handle = self.store = None


def _exporters() -> list[tuple[str, Callable[..., Any]]]:
    """The notes exporters present in this build, each ``(annotations, documents) -> str | dict``.

    Imported defensively: the self-test must keep working in a build where notes export does not
    exist (yet), and say so instead of failing.
    """
    found = []
    with contextlib.suppress(ImportError):
        from reader.store import exports

        if hasattr(exports, "export_markdown"):
            found.append(("md", exports.export_markdown))
    with contextlib.suppress(ImportError):
        from reader.store import jsonld

        if hasattr(jsonld, "to_jsonld"):
            found.append(("jsonld", jsonld.to_jsonld))
    return found


# --------------------------------------------------------------------------------------------
# Entry point


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="corpus-reader --self-test",
        description="Check this installation end to end on a temporary profile; exit 0 if all is well.",
    )
    parser.add_argument("--no-window", action="store_true", help="skip the main-window start-up check")
    parser.add_argument("--keep", action="store_true", help="keep the temporary profile and print where")
    parser.add_argument(
        "--reference", type=Path, default=None,
        help="scan fingerprint to compare with (default: the one a frozen build carries)",
    )
    parser.add_argument(
        "--write-reference", type=Path, metavar="FILE", default=None,
        help="write the bundled corpus' scan fingerprint to FILE and exit (used by the build)",
    )
    return parser


def write_reference(target: Path) -> Path:
    """Scan the bundled corpus (no cache) and write its fingerprint: the frozen build's yardstick."""
    from reader.ingest.corpus import scan_corpus

    corpus = scan_corpus(paths.bundled_corpus())
    data = json.dumps(scan_fingerprint(corpus), ensure_ascii=False, indent=1).encode("utf-8")
    return atomic_write(target, data)


@contextlib.contextmanager
def _quiet_offscreen_warnings() -> Iterator[None]:
    """Drop the offscreen plugin's "does not support propagateSizeHints()" chatter; keep the rest.

    Qt is imported only if the app itself already imported it or a check will (always the case).
    """
    try:
        from PySide6.QtCore import QtMsgType, qInstallMessageHandler
    except ImportError:  # pragma: no cover - Qt missing is reported by the checks themselves
        yield
        return

    def handler(kind: QtMsgType, _context: Any, message: str) -> None:
        if "propagateSizeHints" in message:
            return
        with contextlib.suppress(Exception):
            sys.stderr.write(message + "\n")

    previous = qInstallMessageHandler(handler)
    try:
        yield
    finally:
        qInstallMessageHandler(previous)


def run(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run every check on a temporary profile; 0 when all passed, 1 at the first failure."""
    args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    if args.write_reference is not None:
        print(write_reference(args.write_reference))
        return EXIT_OK
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    stream = out or sys.stdout or open(os.devnull, "w")  # noqa: SIM115 - windowed builds have no stdout
    report = Report(stream)
    mode = "frozen" if is_frozen() else "source"
    report.line(
        f"Corpus Reader {__version__} self-test ({mode}, Python {sys.version.split()[0]}, "
        f"{sys.platform}, Qt platform {os.environ['QT_QPA_PLATFORM']})"
    )
    reference = args.reference or (reference_path() if reference_path().is_file() else None)
    root = Path(tempfile.mkdtemp(prefix="corpus-reader-selftest-"))
    test = SelfTest(root, window=not args.no_window, reference=reference)
    started = time.perf_counter()
    checks: list[tuple[str, Callable[[], str]]] = [
        ("startup", test.check_window),
        ("corpus", test.check_corpus),
        ("dates", test.check_dates),
        ("index", test.check_index),
        ("search en", test.check_search_en),
        ("search ar", test.check_search_ar),
        ("reading", test.check_reading),
        ("icon", test.check_icon),
        ("notes", test.check_notes),
        ("export", test.check_export),
        ("formats", test.check_formats),
    ]
    ok = True
    try:
        with _profile(root / "profile"), _quiet_offscreen_warnings():
            for name, check in checks:
                if not report.run(name, check):
                    ok = False
                    break
    finally:
        test.close()
        if args.keep:
            report.line(f"profile kept in {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    elapsed = time.perf_counter() - started
    passed = sum(1 for r in report.results if r.status == "ok")
    skipped = sum(1 for r in report.results if r.status == "skipped")
    if ok:
        extra = f", {skipped} skipped" if skipped else ""
        report.line(f"self-test passed: {passed} checks{extra} in {elapsed:.1f} s")
        return EXIT_OK
    failed = report.results[-1]
    report.line(f"self-test FAILED at {failed.name}: {failed.detail}")
    return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(run())
