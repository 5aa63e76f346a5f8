"""``corpus-reader saved ...`` as users run it: a tmp copy of the corpus, a ``--profile`` tmp dir."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from reader.cli import main
from tests.conftest import CORPUS
from tests.unit.test_saved_searches import NEW_ARTICLE

AR_NAME = "كتائب حزب الله"


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path]:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    return corpus, tmp_path / "profile"


def cli(capsys: pytest.CaptureFixture[str], profile: Path, *args: str) -> tuple[int, str, str]:
    code = main([*args, "--profile", str(profile)])
    out, err = capsys.readouterr()
    return code, out, err


def listed(capsys, profile: Path, corpus: Path) -> dict[str, dict]:
    code, out, err = cli(capsys, profile, "saved", "list", str(corpus), "--json")
    assert code == 0, err
    data = json.loads(out)
    return {s["name"]: s for s in data["saved"]}


def test_add_list_run_remove_with_an_arabic_name(capsys, setup) -> None:
    corpus, profile = setup
    code, out, err = cli(capsys, profile, "saved", "add", AR_NAME, "حزب الله", "--lang", "ar", str(corpus),
                         "--no-visual")
    assert code == 0, err
    assert out.count("\n") == 1 and f"Saved “{AR_NAME}”" in out and "(Arabic)" in out and "match now" in out
    code, out, err = cli(capsys, profile, "saved", "add", "Hezbollah by date", "Hezbollah", str(corpus),
                         "--sort", "date", "--from", "2020", "--to", "2021-12", "--exact", "--variants")
    assert code == 0, err

    saved = listed(capsys, profile, corpus)
    assert set(saved) == {AR_NAME, "Hezbollah by date"}
    ar = saved[AR_NAME]
    assert ar["query"] == "حزب الله" and ar["lang"] == "ar" and ar["new"] == 0 and ar["total"] > 0
    assert ar["seen"] == ar["total"] and ar["last_viewed"]
    dated = saved["Hezbollah by date"]
    assert (dated["from"], dated["to"], dated["sort"], dated["exact"], dated["variants"]) == (
        "2020", "2021-12", "date", True, True)

    code, out, err = cli(capsys, profile, "saved", "list", str(corpus), "--no-visual")
    assert code == 0, err
    assert AR_NAME in out and "2 saved searches in" in out

    code, out, err = cli(capsys, profile, "saved", "run", AR_NAME, str(corpus), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["name"] == AR_NAME and data["new"] == 0 and data["total"] == ar["total"]
    assert all(h["language"] == "ar" and h["new"] is False for h in data["hits"])

    code, out, err = cli(capsys, profile, "saved", "remove", AR_NAME, str(corpus), "--no-visual")
    assert code == 0, err
    assert f"Removed the saved search “{AR_NAME}”" in out
    assert set(listed(capsys, profile, corpus)) == {"Hezbollah by date"}


def test_run_shows_and_counts_new_hits_after_a_new_article(capsys, setup) -> None:
    corpus, profile = setup
    assert cli(capsys, profile, "saved", "add", "hz", "Hezbollah", "--lang", "en", str(corpus))[0] == 0
    (corpus / "zz_new_article.txt").write_text(NEW_ARTICLE, encoding="utf-8")

    item = listed(capsys, profile, corpus)["hz"]  # re-scans and re-indexes, like `search`
    assert item["new"] == 1 and [i.split("#")[0] for i in item["new_ids"]] == ["zz_new_article"]

    code, out, err = cli(capsys, profile, "saved", "run", "HZ", str(corpus), "--limit", "100")
    assert code == 0, err
    new_lines = [line for line in out.splitlines() if line.startswith("new ")]
    assert len(new_lines) == 1 and "zz_new_article#01" in new_lines[0]
    assert "1 new hit since it was last viewed; all are marked seen now." in out

    assert listed(capsys, profile, corpus)["hz"]["new"] == 0
    code, out, err = cli(capsys, profile, "saved", "run", "hz", str(corpus), "--json")
    assert json.loads(out)["new"] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "", "Iraq"], "needs a name"),
        (["add", "x", "Iraq", "--from", "2020-13"], "no month 13"),
        (["add", "x", "Iraq", "--from", "2021", "--to", "2020"], "after the 'to' date"),
        (["add", "x", "Iraq", "--lang", "fr"], "Unknown language"),
        (["add", "x", "Iraq", "--sort", "oldest"], "Unknown sort"),
        (["add", "x", ""], "needs a query"),
        (["add", "bad\u202ename", "Iraq"], "direction controls"),
        (["add", "bad \udcff bytes", "Iraq"], "not valid Unicode"),  # undecodable bytes in argv
        (["run", "nothing saved"], "no saved search named"),
        (["run", "\udcff"], "not valid Unicode"),
        (["remove", "nothing saved"], "no saved search named"),
    ],
)
def test_bad_input_exits_2_with_one_sentence(capsys, setup, args: list[str], message: str) -> None:
    corpus, profile = setup
    code, out, err = cli(capsys, profile, "saved", *args, str(corpus))
    assert code == 2 and out == ""
    lines = [line for line in err.splitlines() if line.startswith("corpus-reader:")]
    assert len(lines) == 1 and message in lines[0]


def test_a_taken_name_and_a_missing_corpus_exit_2(capsys, setup, tmp_path: Path) -> None:
    corpus, profile = setup
    assert cli(capsys, profile, "saved", "add", "Iraq", "Iraq", str(corpus))[0] == 0
    code, _out, err = cli(capsys, profile, "saved", "add", "IRAQ", "war", str(corpus))
    assert code == 2 and "A saved search named 'Iraq' already exists" in err
    code, _out, err = cli(capsys, profile, "saved", "add", "IRAQ", "war", str(corpus), "--replace")
    assert code == 0, err
    assert {name: s["query"] for name, s in listed(capsys, profile, corpus).items()} == {"IRAQ": "war"}
    code, _out, err = cli(capsys, profile, "saved", "list", str(tmp_path / "nowhere"))
    assert code == 2 and "does not exist" in err


def test_notes_export_and_import_carry_saved_searches(capsys, setup, tmp_path: Path) -> None:
    corpus, profile = setup
    assert cli(capsys, profile, "saved", "add", AR_NAME, "حزب الله", str(corpus))[0] == 0
    out_file = tmp_path / "notes.json"
    code, _out, err = cli(capsys, profile, "notes", "export", str(corpus), "--format", "json", "-o",
                          str(out_file))
    assert code == 0, err
    data = json.loads(out_file.read_text(encoding="utf-8"))
    assert [s["name"] for s in data["corpusReader:savedSearches"]] == [AR_NAME]

    other = tmp_path / "other-profile"
    for expected in ("1 added, 0 already here", "0 added, 1 already here"):
        code, out, err = cli(capsys, other, "notes", "import", str(out_file), str(corpus))
        assert code == 0, err
        assert expected in out
    assert list(listed(capsys, other, corpus)) == [AR_NAME]
