"""``corpus-reader notes ...`` as users and scripts run it: real processes on the bundled corpus."""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader import paths
from reader.store.db import open_store
from reader.store.jsonld import from_jsonld
from tests.conftest import REPO


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True, text=True, encoding="utf-8", cwd=REPO,
        env={**os.environ, "CORPUS_READER_VISUAL": "0"}, timeout=180,
    )


@pytest.fixture(scope="module")
def noted(tmp_path_factory: pytest.TempPathFactory, bundled_corpus) -> tuple[Path, set[str], dict[str, str]]:
    """A profile with an Arabic and an English highlight and an article note on the bundled corpus."""
    profile = tmp_path_factory.mktemp("notes-profile")
    ar = next(d for d in bundled_corpus.documents if d.language == "ar" and d.title.startswith("«حفلة"))
    en = next(d for d in bundled_corpus.documents if d.id == "000_6e14188510fd6a63#01")
    paths.set_profile(profile)
    try:
        with open_store() as store:
            p = ar.paragraphs[1]
            a1 = store.add_highlight(ar, p.start, p.start + 45, 3, note="ملاحظة مهمة", tags=["ردّ"])
            p = en.paragraphs[0]
            a2 = store.add_highlight(en, p.start, p.start + 30, 1, note="=cmd|' /C calc'!A0", tags=["intro"])
            a3 = store.add_note(en.id, "Whole-article note <b>bold?</b>")
            quotes = {a1.uuid: a1.anchor.quote, a2.uuid: a2.anchor.quote}
            uuids = {a1.uuid, a2.uuid, a3.uuid}
    finally:
        paths.set_profile(None)
    return profile, uuids, quotes


def uuids_of_jsonld(text: str) -> set[str]:
    problems: list[str] = []
    found = from_jsonld(json.loads(text), problems)
    assert problems == []
    return {a.uuid for a in found}


def test_list_table_and_json(noted) -> None:
    profile, uuids, _ = noted
    table = run("notes", "list", "--profile", str(profile))
    assert table.returncode == 0, table.stderr
    assert "000_6e14188510fd6a63#01" in table.stdout and "Claim" in table.stdout
    assert "3 annotations" in table.stdout
    as_json = run("--profile", str(profile), "notes", "list", "--json")
    assert as_json.returncode == 0, as_json.stderr
    data = json.loads(as_json.stdout)
    assert data["type"] == "AnnotationCollection" and data["total"] == 3
    assert uuids_of_jsonld(as_json.stdout) == uuids


def test_export_formats_to_files(noted, tmp_path: Path) -> None:
    profile, uuids, quotes = noted
    out = {fmt: tmp_path / f"notes.{fmt}" for fmt in ("md", "csv", "json")}
    for fmt, path in out.items():
        result = run("notes", "export", "--format", fmt, "-o", str(path), "--profile", str(profile))
        assert result.returncode == 0, result.stderr
        assert result.stdout == "" and "Wrote 3 annotations" in result.stderr
    md = out["md"].read_text(encoding="utf-8")
    assert '<h2 dir="rtl" lang="ar">«حفلة الجنون» الأميركية: نحو تبديل قواعد الاشتباك؟</h2>' in md
    assert '> <div dir="rtl" lang="ar">' in md and "Whole-article note &lt;b&gt;bold?&lt;/b&gt;" in md
    raw = out["csv"].read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert {r["uuid"] for r in rows} == uuids
    assert {r["quote"] for r in rows if r["quote"]} == set(quotes.values())
    assert "'=cmd|' /C calc'!A0" in {r["note"] for r in rows}
    assert uuids_of_jsonld(out["json"].read_text(encoding="utf-8")) == uuids


def test_export_to_stdout_and_argument_errors(noted, tmp_path: Path) -> None:
    profile = noted[0]
    md = run("notes", "export", "--format", "md", "--profile", str(profile))
    assert md.returncode == 0 and md.stdout.startswith("# Notes from Corpus Reader")
    pdf = run("notes", "export", "--format", "pdf", "--profile", str(profile))
    assert pdf.returncode == 2 and len(pdf.stderr.strip().splitlines()) == 1 and pdf.stdout == ""
    missing = str(tmp_path / "no-such-corpus")
    bad = run("notes", "export", "--format", "md", missing, "--profile", str(profile))
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1


def test_import_into_a_fresh_profile(noted, tmp_path: Path) -> None:
    profile, uuids, _ = noted
    exported = tmp_path / "notes.json"
    made = run("notes", "export", "-f", "json", "-o", str(exported), "--profile", str(profile))
    assert made.returncode == 0, made.stderr
    fresh = tmp_path / "fresh"
    first = run("notes", "import", str(exported), "--profile", str(fresh))
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("Imported 3 annotations: 3 added, 0 updated, 0 unchanged")
    second = run("notes", "import", str(exported), "--profile", str(fresh))
    assert "0 added, 0 updated, 3 unchanged" in second.stdout
    listed = run("notes", "list", "--json", "--profile", str(fresh))
    assert uuids_of_jsonld(listed.stdout) == uuids


def test_import_reports_bad_items_and_refuses_bad_files(noted, tmp_path: Path) -> None:
    profile, _, _ = noted
    exported = run("notes", "list", "--json", "--profile", str(profile))
    data = json.loads(exported.stdout)
    data["first"]["items"].append({"type": "Annotation", "id": "urn:uuid:1"})
    data["first"]["items"].append(42)
    partial = tmp_path / "partial.json"
    partial.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run("notes", "import", str(partial), "--profile", str(tmp_path / "p1"))
    assert result.returncode == 0
    assert "3 added" in result.stdout and "2 problems" in result.stdout
    assert result.stderr.count("skipped item") == 2

    not_json = tmp_path / "notes.md"
    not_json.write_text("# just markdown", encoding="utf-8")
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"hello": "world"}', encoding="utf-8")
    for path in (not_json, wrong, tmp_path / "missing.json"):
        refused = run("notes", "import", str(path), "--profile", str(tmp_path / "p2"))
        assert refused.returncode == 2, path
        assert len(refused.stderr.strip().splitlines()) == 1 and refused.stdout == ""
    nope = str(tmp_path / "nope")
    bad_corpus = run("notes", "import", str(partial), nope, "--profile", str(tmp_path / "p3"))
    assert bad_corpus.returncode == 2 and len(bad_corpus.stderr.strip().splitlines()) == 1


def test_an_emptied_notes_file_comes_back_from_the_backup_and_the_cli_says_so(tmp_path: Path) -> None:
    from reader.store.backup import backup_now

    profile = tmp_path / "profile"
    paths.set_profile(profile)
    try:
        with open_store() as store:
            store.add_note("000_6e14188510fd6a63#01", "a note worth keeping")
            backup_now(store)
            db_path = store.db.path
    finally:
        paths.set_profile(None)
    for side in ("-wal", "-shm"):
        Path(f"{db_path}{side}").unlink(missing_ok=True)
    db_path.write_bytes(b"")  # a sync tool or a failed copy left it empty
    out = run("--profile", str(profile), "notes", "list")
    assert out.returncode == 0, out.stderr
    assert "restored from the backup" in out.stderr and "empty" in out.stderr
    assert "a note worth keeping" in out.stdout


def test_every_import_is_in_a_backup_when_the_command_ends(noted, tmp_path: Path) -> None:
    """Two imports on one day: restoring the newest backup loses neither."""
    from reader.store.backup import list_backups

    profile, uuids, _quotes = noted
    exported = tmp_path / "notes.json"
    exporting = run("--profile", str(profile), "notes", "export", "--format", "json", "-o", str(exported))
    assert exporting.returncode == 0, exporting.stderr
    fresh = tmp_path / "fresh-profile"
    paths.set_profile(fresh)
    try:
        with open_store() as store:
            store.add_note("000_6e14188510fd6a63#01", "written before the imports")
            backups = store.backup_dir
    finally:
        paths.set_profile(None)
    out = run("--profile", str(fresh), "notes", "import", str(exported))
    assert out.returncode == 0, out.stderr
    newest = max(list_backups(backups), key=lambda b: (b.taken, b.seq)).path
    restored = tmp_path / "restored.sqlite3"
    restored.write_bytes(newest.read_bytes())  # look at a copy: opening may touch the file
    with open_store(restored, auto_backup=False) as copy:
        assert uuids <= {a.uuid for a in copy.all()}
