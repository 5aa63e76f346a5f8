"""``corpus-reader fix ...`` as users run it: a tmp copy of the corpus, a ``--profile`` tmp dir."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli import main
from reader.store.db import open_store
from tests.conftest import CORPUS, REPO

STEM = "001_ff668e2db0ba1b04"


def ident(n: int) -> str:
    return f"{STEM}#{n:02d}"


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path]:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    return corpus, tmp_path / "profile"


def cli(capsys: pytest.CaptureFixture[str], profile: Path, *args: str) -> tuple[int, str, str]:
    code = main([*args, "--profile", str(profile)])
    out, err = capsys.readouterr()
    return code, out, err


def scan_json(capsys, profile: Path, corpus: Path) -> dict:
    code, out, _err = cli(capsys, profile, "scan", str(corpus), "--json")
    assert code == 0
    return json.loads(out)


def test_split_merge_title_list_undo_and_scan_json(capsys, setup) -> None:
    corpus, profile = setup
    before = scan_json(capsys, profile, corpus)
    n = len(before["documents"])
    assert all(d["corrected"] == [] for d in before["documents"])

    code, out, err = cli(capsys, profile, "fix", "split", ident(2), "--paragraph", "3", str(corpus))
    assert code == 0, err
    assert out.count("\n") == 1 and f"now {ident(2)} and {ident(3)}" in out

    data = scan_json(capsys, profile, corpus)
    assert len(data["documents"]) == n + 1
    by_id = {d["id"]: d for d in data["documents"]}
    assert by_id[ident(3)]["corrected"] == ["split"]
    keys = {"id", "source", "title", "byline", "outlet", "date", "date_precision", "date_source",
            "date_evidence", "date_not_before", "language", "paragraphs", "chars", "duplicate_of",
            "pair", "corrected"}
    assert keys <= by_id[ident(3)].keys()

    code, out, _ = cli(capsys, profile, "fix", "title", ident(3), "Turkish shelling near Aleppo", str(corpus))
    assert code == 0 and out.strip() == f"Retitled {ident(3)}: “Turkish shelling near Aleppo”"
    by_id = {d["id"]: d for d in scan_json(capsys, profile, corpus)["documents"]}
    assert by_id[ident(3)]["title"] == "Turkish shelling near Aleppo"
    assert by_id[ident(3)]["corrected"] == ["title", "split"]

    code, out, _ = cli(capsys, profile, "fix", "merge", ident(5), str(corpus))
    assert code == 0 and f"Merged {ident(5)} into {ident(4)}" in out

    code, out, _ = cli(capsys, profile, "fix", "list", str(corpus), "--json")
    listed = json.loads(out)
    assert [(f["kind"], f["status"]) for f in listed["fixes"]] == [("split", "applies"), ("merge", "applies")]
    assert listed["titles"] == [{"id": ident(3), "title": "Turkish shelling near Aleppo"}]
    code, out, _ = cli(capsys, profile, "fix", "list", str(corpus))
    assert code == 0 and "2 boundary fixes, 1 title correction" in out

    for expected in ("Undid the merge", "Undid the new title", "Undid the split"):
        code, out, _ = cli(capsys, profile, "fix", "undo", str(corpus))
        assert code == 0 and out.startswith(expected), out
    after = scan_json(capsys, profile, corpus)
    assert [d["id"] for d in after["documents"]] == [d["id"] for d in before["documents"]]
    assert [d["title"] for d in after["documents"]] == [d["title"] for d in before["documents"]]
    code, _out, err = cli(capsys, profile, "fix", "undo", str(corpus))
    assert code == 2 and "no fix to undo" in err


def test_split_before_text_and_remove(capsys, setup) -> None:
    corpus, profile = setup
    code, out, err = cli(capsys, profile, "fix", "split", ident(2), "--before", "46TH REGIMENT", str(corpus))
    assert code == 0, err
    code, out, _ = cli(capsys, profile, "fix", "list", str(corpus), "--json")
    [fix] = json.loads(out)["fixes"]
    assert fix["line"].startswith("The 46th Regiment")
    code, out, _ = cli(capsys, profile, "fix", "remove", str(fix["id"]))
    assert code == 0 and out.startswith(f"Removed fix {fix['id']}")
    code, out, _ = cli(capsys, profile, "fix", "list", str(corpus))
    assert "0 boundary fixes" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["split", "nope#01", "--paragraph", "2"], "no article 'nope#01'"),
        (["split", ident(2), "--paragraph", "1"], "Paragraph 1 already starts"),
        (["split", ident(2), "--paragraph", "400"], "there is no paragraph 400"),
        (["split", ident(2), "--before", "no such words anywhere"], "No paragraph of"),
        (["merge", ident(1)], "first article"),
        (["title", ident(2), "   "], "cannot be empty"),
        (["undo"], "no fix to undo"),
    ],
)
def test_bad_input_is_one_sentence_and_exit_2(capsys, setup, args, message) -> None:
    corpus, profile = setup
    code, out, err = cli(capsys, profile, "fix", *args, str(corpus))
    assert code == 2 and out == ""
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_unknown_fix_and_read_only_store(capsys, setup) -> None:
    corpus, profile = setup
    code, _out, err = cli(capsys, profile, "fix", "remove", "41")
    assert code == 2 and "no fix 41" in err
    with open_store() as s, s.write() as conn:  # the profile is set by the call above
        conn.execute("PRAGMA user_version = 99")
    code, _out, err = cli(capsys, profile, "fix", "split", ident(2), "--paragraph", "3", str(corpus))
    assert code == 2 and "read-only" in err and "Traceback" not in err
    code, _out, err = cli(capsys, profile, "scan", str(corpus))
    assert code == 0  # reading still works


def test_notes_show_and_search_see_the_fixed_articles(capsys, setup) -> None:
    corpus, profile = setup
    cli(capsys, profile, "fix", "split", ident(2), "--before", "46th Regiment Base", str(corpus))
    code, out, _ = cli(capsys, profile, "show", ident(3), str(corpus), "--json")
    shown = json.loads(out)
    assert code == 0 and shown["paragraphs"][0]["text"].startswith("The 46th Regiment")
    assert shown["corrected"] == ["split"]
    code, out, _ = cli(capsys, profile, "search", "46th Regiment", str(corpus), "--json")
    assert code == 0 and ident(3) in [h["id"] for h in json.loads(out)["hits"]]


def test_a_real_process_prints_one_line_and_no_traceback(setup) -> None:
    corpus, profile = setup
    env = {**os.environ, "CORPUS_READER_VISUAL": "0"}
    run = [sys.executable, "-m", "reader", "--profile", str(profile), "fix"]
    ok = subprocess.run([*run, "split", ident(2), "--paragraph", "3", str(corpus)],
                        capture_output=True, text=True, cwd=REPO, env=env, timeout=180)
    assert ok.returncode == 0 and ok.stdout.count("\n") == 1, ok.stderr
    bad = subprocess.run([*run, "merge", ident(1), str(corpus)],
                         capture_output=True, text=True, cwd=REPO, env=env, timeout=180)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr


def test_split_finds_a_paragraph_whose_line_carries_markup_the_splitter_took_out(capsys, tmp_path) -> None:
    # pdftotext wraps Arabic lines in direction marks, lynx numbers its links: the clean paragraph is
    # not the file's line character for character, and a split there must still find it.
    corpus, profile = tmp_path / "corpus", tmp_path / "profile"
    corpus.mkdir()
    arabic = ("قالت سلطة المياه إن فرقها الفنية تعمل على إصلاح الأعطال في خطوط الضخ الرئيسية منذ أيام، "
              "وإن الضخ سيعود إلى طبيعته خلال يومين على الأكثر في جميع المناطق المتأثرة بالعطل.")
    english = ("The [12]ministry said repairs on the [13]main lines would end this week, officials told "
               "reporters on Sunday, and that tankers would serve the worst hit districts until then.")
    days = ["الأحد", "الاثنين", "الثلاثاء"]
    marked = [f"\u202b{arabic} وذلك يوم {day}.\u202c" for day in days]
    marked += [f"{english} Update {n} followed." for n in range(3)]
    text = "\u202bسلطة المياه: عودة الضخ خلال يومين\u202c\n\n" + "\n\n".join(marked) + "\n"
    (corpus / "pack.txt").write_text(text, encoding="utf-8")
    (doc,) = scan_json(capsys, profile, corpus)["documents"]
    for paragraph in (2, 4):
        code, _out, err = cli(capsys, profile, "fix", "split", doc["id"], "--paragraph", str(paragraph),
                              str(corpus))
        assert code == 0, err
        assert cli(capsys, profile, "fix", "undo", str(corpus))[0] == 0
