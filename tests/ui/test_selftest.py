"""``corpus-reader --self-test`` from source: the same smoke test the frozen builds must pass.

Why run it here too: the self-test exercises the whole app (window, scan, dates, index, searches in
both scripts, the Arabic reading pane, notes and their export); if it fails from source, no build
can pass it, and the failure is found by the test suite instead of by a release job.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

from reader.ui import selftest
from tests.conftest import REPO

CHECKS = (
    "startup", "corpus", "dates", "index", "search en", "search ar", "reading", "icon", "notes", "export",
    "formats",
)


def run_selftest(*args: str, code: str | None = None, home: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8"}
    if home is not None:
        env["CORPUS_READER_HOME"] = home
    command = [sys.executable, "-c", code] if code else [sys.executable, "-m", "reader", *args]
    return subprocess.run(
        command, capture_output=True, text=True, encoding="utf-8", cwd=REPO, env=env, timeout=300
    )


@pytest.fixture(scope="module")
def user_home(tmp_path_factory: pytest.TempPathFactory):
    return tmp_path_factory.mktemp("user-home")


@pytest.fixture(scope="module")
def report(user_home) -> subprocess.CompletedProcess:
    return run_selftest("--self-test", home=str(user_home))


def test_self_test_passes_from_source(report):
    assert report.returncode == 0, report.stdout + report.stderr
    lines = report.stdout.splitlines()
    assert lines[0].startswith("Corpus Reader ") and "(source," in lines[0]
    assert lines[-1].startswith("self-test passed: ")


def test_report_has_one_line_per_check_with_a_mark_and_a_time(report):
    lines = report.stdout.splitlines()[1:-1]
    names = []
    for line in lines:
        mark, rest = line.split(" ", 1)
        assert mark in ("✓", "–"), line  # passed, or skipped (notes export not present in a build)
        assert rest.rstrip().endswith(" s)"), line
        names.append(rest[:10].strip())
    assert tuple(names) == CHECKS


def test_report_shows_what_was_found(report):
    out = report.stdout
    assert "hits for 'Hizballah'" in out
    assert "hits for 'كتائب حزب الله'" in out and "in English articles" in out
    assert "right to left" in out and "Noto Naskh Arabic" in out
    assert "main window shown" in out and "after process start" in out


def test_the_user_profile_is_never_touched(report, user_home):
    # The run had CORPUS_READER_HOME=user_home; the self-test works in a temporary profile instead.
    assert not any(user_home.iterdir())


def test_a_failing_check_stops_the_run_with_the_reason(monkeypatch):
    def broken(self):
        raise selftest.CheckFailed("bundled corpus not found at /nowhere")

    monkeypatch.setattr(selftest.SelfTest, "check_corpus", broken)
    out = io.StringIO()
    assert selftest.run(["--no-window"], out=out) == selftest.EXIT_FAILED
    lines = out.getvalue().splitlines()
    assert lines[1].startswith("– startup") or lines[1].startswith("SKIP startup")
    assert "corpus" in lines[2] and "/nowhere" in lines[2]
    assert lines[-1] == "self-test FAILED at corpus: bundled corpus not found at /nowhere"
    assert len(lines) == 4  # header, startup (skipped), corpus, verdict: nothing after the failure


def test_an_unexpected_error_is_reported_not_raised(monkeypatch):
    def boom(self):
        raise KeyError("missing")

    monkeypatch.setattr(selftest.SelfTest, "check_corpus", boom)
    out = io.StringIO()
    assert selftest.run(["--no-window"], out=out) == selftest.EXIT_FAILED
    assert "KeyError" in out.getvalue()


def test_missing_notes_export_is_skipped_not_failed():
    code = (
        "import sys; from reader.ui import selftest; selftest._exporters = lambda: []; "
        "sys.exit(selftest.run(['--no-window']))"
    )
    result = run_selftest(code=code)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "– export     skipped: notes export not available" in result.stdout
    assert "2 skipped" in result.stdout.splitlines()[-1]


def test_write_reference_and_compare(tmp_path, bundled_corpus):
    target = tmp_path / "expected_scan.json"
    selftest.write_reference(target)
    reference = json.loads(target.read_text(encoding="utf-8"))
    assert reference == selftest.scan_fingerprint(bundled_corpus)
    assert any(d["date"] for d in reference["documents"].values())

    test = selftest.SelfTest(tmp_path, reference=target)
    test.corpus = bundled_corpus
    assert "identical to the source scan" in test.check_dates()

    first = next(iter(reference["documents"]))
    reference["documents"][first]["date"] = "1999-01-01"
    target.write_text(json.dumps(reference), encoding="utf-8")
    with pytest.raises(selftest.CheckFailed, match="differ from the source scan"):
        test.check_dates()


def test_seconds_since_process_start_is_plausible():
    seconds, origin = selftest.seconds_since_process_start()
    assert 0 <= seconds < 24 * 3600
    assert origin in ("process start", "self-test import")
