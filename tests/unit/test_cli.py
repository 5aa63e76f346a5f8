"""The command line as scripts and users call it: real processes, real output."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import CORPUS, REPO


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO,
        env=full_env,
        timeout=120,
    )


@pytest.fixture(scope="module")
def scan_json():
    result = run("scan", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_scan_json_contract(scan_json):
    assert scan_json["corpus"] == str(CORPUS.resolve())
    assert scan_json["skipped"] == []
    keys = {"id", "source", "title", "byline", "outlet", "date", "date_precision", "date_source",
            "date_evidence", "language", "paragraphs", "chars", "duplicate_of"}
    for doc in scan_json["documents"]:
        assert keys <= doc.keys()
        assert isinstance(doc["paragraphs"], int) and isinstance(doc["chars"], int)
        assert doc["date_source"] in {"manifest", "header", "body", "none"}
        if doc["date"] is not None:
            assert len(doc["date"]) in (4, 7, 10)
    assert len(scan_json["documents"]) == 30
    assert scan_json["problems"] == []


def test_scan_table_is_readable(tmp_path):
    result = run("scan", "--no-visual")
    assert result.returncode == 0
    assert "000_6e14188510fd6a63#01" in result.stdout
    assert "«حفلة الجنون» الأميركية" in result.stdout, "logical order when not reshaping"
    assert "30 articles from 11 files" in result.stdout


def test_scan_visual_reshapes_arabic_for_terminals():
    result = run("scan", "--visual")
    assert result.returncode == 0
    # Presentation forms (U+FE70-U+FEFF) appear only when arabic-reshaper shaped the text.
    assert any("\ufe70" <= ch <= "\ufeff" for ch in result.stdout)


def test_show_json_gives_text_and_paragraph_directions(scan_json):
    doc_id = next(d["id"] for d in scan_json["documents"] if d["title"].startswith("«حفلة الجنون»"))
    result = run("show", doc_id, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["id"] == doc_id
    assert data["date"] == "2020-03-14"
    assert data["text"] == "\n\n".join(p["text"] for p in data["paragraphs"])
    assert {p["direction"] for p in data["paragraphs"]} == {"rtl"}
    assert {p["language"] for p in data["paragraphs"]} == {"ar"}


def test_show_original_includes_removed_boilerplate():
    result = run("show", "003_dca753b7094c4e72#01", "--original", "--no-visual")
    assert result.returncode == 0
    assert "Meet Iranian Singles" in result.stdout


def test_show_unknown_id_suggests_close_ones():
    result = run("show", "003_dca753b7094c4e72#1")
    assert result.returncode == 1
    assert "003_dca753b7094c4e72#01" in result.stderr


def test_unusable_corpus_is_one_line_and_nonzero(tmp_path):
    result = run("scan", str(tmp_path / "nope"))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def test_scan_skips_bad_files_with_reasons_and_exits_zero(tmp_path):
    (tmp_path / "good.txt").write_text("A Title For The Test\n\n" + "word " * 40, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    result = run("scan", str(tmp_path), "--json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert [d["source"] for d in data["documents"]] == ["good.txt"]
    reasons = {s["path"]: s["reason"] for s in data["skipped"]}
    assert reasons == {"empty.txt": "empty file", "image.txt": "binary content (not text)"}


def test_profile_option_is_accepted_everywhere(tmp_path):
    before = ["--profile", str(tmp_path), "scan", "--json"]
    after = ["scan", "--json", "--profile", str(tmp_path)]
    for args in (before, after):
        result = run(*args)
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["documents"]


def test_console_script_entry_point_is_declared():
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert 'corpus-reader = "reader.cli:main"' in text


def test_options_and_the_corpus_folder_go_in_any_order():
    """`show ID --json CORPUS_DIR` works like `show ID CORPUS_DIR --json`, as argparse users expect."""
    doc_id = "000_6e14188510fd6a63#01"
    for args in (("show", doc_id, "--json", str(CORPUS)), ("show", "--json", doc_id, str(CORPUS))):
        out = run(*args)
        assert out.returncode == 0, out.stderr
        assert json.loads(out.stdout)["id"] == doc_id
    out = run("search", "--json", "Hizballah", str(CORPUS), "--limit", "1")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["hits"][0]["id"] == doc_id
