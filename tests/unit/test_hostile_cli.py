"""The command line against hostile input: escape sequences in a corpus, bytes that are not text in
argv, a non-UTF-8 output encoding, a full disk, a broken store. Each must end in readable output or
one sentence on stderr (exit 2), never a traceback, and never an escape sequence the terminal obeys.

One corpus (a file whose name and text carry OSC 52, clear screen, BEL, CSI U+009B and a bidi
override) and one profile are set up once for the module, as a user would: fixes, a saved search and
notes made through the command line and the store.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from reader import paths
from reader.cli import main
from tests.conftest import CORPUS, REPO

OSC52 = "\x1b]52;c;aGk=\x07"  # writes "hi" to the clipboard
CLEAR = "\x1b[2J"
CSI = "\u009b"  # the one-character CSI of C1
RLO = "\u202e"  # right-to-left override
HOSTILE = f"{OSC52}{CLEAR}{CSI}31m{RLO}"
STEM = f"evil{HOSTILE}"
EVIL1, EVIL2 = f"{STEM}#01", f"{STEM}#02"
SAVED = "watch"  # names refuse controls (reader.store.saved_searches.clean_name); queries keep them
BIDI_OVERRIDES = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
SHOWN_ESC = "\u241b"  # ␛, what the sanitiser prints for ESC


def leaks(text: str) -> list[str]:
    """Every character a terminal could obey: C0 (but newline and tab), DEL, C1, bidi overrides."""
    bad = {ch for ch in text if (unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\n\t")
           or ch in BIDI_OVERRIDES}
    return sorted(f"U+{ord(ch):04X}" for ch in bad)


def run_quietly(*args: str) -> int:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return main(list(args))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(corpus folder, profile folder), with a fix, a retitled article, a saved search and notes."""
    corpus = tmp_path_factory.mktemp("hostile-corpus")
    profile = tmp_path_factory.mktemp("hostile-profile")
    filler = "Plain words about the region, its politics and its people. " * 12
    (corpus / f"{STEM}.txt").write_text(  # few controls per character: still read as UTF-8 text
        f"Title {HOSTILE} of the piece\n\nHezbollah said {HOSTILE} here. {filler}\n\n"
        f"And Hezbollah again {HOSTILE} in the second part. {filler}\n", encoding="utf-8")
    (corpus / "plain.txt").write_text(
        "A Plain Title Here\n\n" + "Hezbollah drones are words in a plain article. " * 10, encoding="utf-8")
    (corpus / f"empty{CLEAR}.txt").write_bytes(b"")
    (corpus / "metadata.csv").write_text(
        "file,segment,title,date,outlet,author,language,pair\n"
        f"plain.txt,1,,,Outlet{OSC52}Name,By{CLEAR}line,,\n"
        f"missing{CLEAR}.txt,1,,,,,,\n", encoding="utf-8")
    common = [str(corpus), "--profile", str(profile)]
    assert run_quietly("fix", "split", f"{STEM}#01", "-p", "2", *common) == 0
    assert run_quietly("fix", "title", "plain#01", f"Retitled {HOSTILE}", *common) == 0
    assert run_quietly("saved", "add", SAVED, f"Hezbollah {OSC52}{RLO}", *common) == 0
    from reader.store.boundary_fixes import load_user_corpus
    from reader.store.db import open_store

    paths.set_profile(profile)
    try:
        with open_store() as store:
            doc = next(d for d in load_user_corpus(corpus, store).corpus.documents if d.id == EVIL2)
            start = doc.text.index("again")
            store.add_highlight(doc, start, start + 40, 1, note=f"my note {HOSTILE}")
            store.add_note(f"ghost{CLEAR}#01", f"an orphan {OSC52}")
    finally:
        paths.set_profile(None)
    return corpus, profile


def cli(capsys: pytest.CaptureFixture[str], profile: Path, *args: str) -> tuple[int, str, str]:
    code = main([*args, "--profile", str(profile)])
    out, err = capsys.readouterr()
    return code, out, err


TEXT_COMMANDS = {
    "scan": (["scan", "--no-visual"], 0),
    "scan --visual": (["scan", "--visual"], 0),
    "show": (["show", EVIL1, "--no-visual"], 0),
    "show --original": (["show", EVIL2, "--original", "--visual"], 0),
    "show metadata fields": (["show", "plain#01"], 0),
    "show an unknown id": (["show", f"{STEM}#1"], 1),
    "search": (["search", "Hezbollah"], 0),
    "search --kwic": (["search", "Hezbollah", "--kwic"], 0),
    "notes list": (["notes", "list", "--no-visual"], 0),
    "fix list": (["fix", "list"], 0),
    "saved list": (["saved", "list"], 0),
    "saved run": (["saved", "run", SAVED], 0),
    "align": (["align", EVIL1, "plain#01", "--no-visual"], 0),
}


@pytest.mark.parametrize("name", list(TEXT_COMMANDS))
def test_text_output_shows_control_characters_and_never_sends_them(capsys, hostile, name: str) -> None:
    corpus, profile = hostile
    args, expected = TEXT_COMMANDS[name]
    code, out, err = cli(capsys, profile, *args, str(corpus))
    assert code == expected, err
    assert leaks(out) == [] and leaks(err) == [], (out + err)[:3000]
    assert SHOWN_ESC in out + err, "the hostile text is shown, made visible"
    assert "Traceback" not in err


def test_json_output_stays_exact_and_escapes_every_control(capsys, hostile) -> None:
    corpus, profile = hostile
    code, out, err = cli(capsys, profile, "show", EVIL2, str(corpus), "--json", "--original")
    assert code == 0, err
    assert "\\u001b" in out and leaks(out) == [], "controls are JSON escapes, not raw characters"
    data = json.loads(out)
    assert data["id"] == EVIL2 and HOSTILE in data["original"] and OSC52 in data["text"]
    assert RLO not in data["text"], "the clean text drops invisible direction marks; the original keeps them"
    code, out, err = cli(capsys, profile, "scan", str(corpus), "--json")
    assert code == 0 and leaks(out) == []
    data = json.loads(out)
    assert {d["id"] for d in data["documents"]} >= {EVIL1, EVIL2}
    assert data["skipped"] == [{"path": f"empty{CLEAR}.txt", "reason": "empty file"}]
    for args in (["fix", "list", "--json"], ["saved", "list", "--json"], ["align", EVIL1, EVIL2, "--json"]):
        code, out, err = cli(capsys, profile, *args, str(corpus))
        assert code == 0, err
        assert leaks(out) == [], args
        json.loads(out)
    code, out, _ = cli(capsys, profile, "saved", "list", str(corpus), "--json")
    assert [s["name"] for s in json.loads(out)["saved"]] == [SAVED]


def test_the_sanitiser_and_json_text() -> None:
    from reader.text.terminal import clip, json_text, sanitize

    raw = f"a{HOSTILE}\udcff\x7f\tb\nc"
    assert sanitize(raw) == "a␛]52;c;aGk=␇␛[2J<U+009B>31m<U+202E>\\xff␡\tb\nc"
    assert sanitize(raw, keep_newlines=False).endswith("␉b␊c")
    assert json.loads(json_text({"k": raw})) == {"k": raw} and leaks(json_text({"k": raw})) == []
    assert clip(" " * 5000 + "word " * 10, 12) == "word word w…", "a long run of spaces is looked past"
    assert clip("x" * 10_000_000, 5) == "xxxx…"


# --------------------------------------------------------------------------------------------
# Arguments that are not text, queries that start with "-"


def test_a_date_or_query_that_is_not_utf8_is_one_sentence(capsys, hostile) -> None:
    """``search --from $'\\xff'``: argv bytes that are not UTF-8 arrive as surrogate escapes."""
    corpus, profile = hostile
    cases = {
        "--from": ["search", "--from", "\udcff", "--json", "Hezbollah"],
        "QUERY": ["search", "Hez\udcffbollah"],
        "TITLE": ["fix", "title", "plain#01", "caf\udce9"],
        "NAME": ["saved", "add", "n\udcff", "Hezbollah"],
    }
    for label, args in cases.items():
        code, out, err = cli(capsys, profile, *args, str(corpus))
        assert code == 2 and out == ""
        assert err.count("\n") == 1 and err.startswith(f"corpus-reader: {label} ") and "not valid" in err
        assert "\\x" in err and leaks(err) == []


def test_a_folder_name_that_is_not_utf8_still_works(capsys, tmp_path) -> None:
    folder = Path(os.fsdecode(os.fsencode(tmp_path) + b"/caf\xe9"))
    folder.mkdir()
    (folder / "plain.txt").write_text("A Plain Title Here\n\n" + "Some words here. " * 20, encoding="utf-8")
    code, out, err = cli(capsys, tmp_path / "profile", "scan", str(folder), "--json")
    assert code == 0, err
    assert json.loads(out)["corpus"] == str(folder.resolve()), "the path, exactly, as a JSON escape"
    code, out, err = cli(capsys, tmp_path / "profile", "scan", str(folder))
    assert code == 0, err
    assert "caf\\xe9" in out and leaks(out) == []


def test_output_in_an_ascii_locale_is_escaped_not_a_crash() -> None:
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "LANG": "C", "LC_ALL": "C"}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "reader", *args], capture_output=True, cwd=REPO,
                              env=env, timeout=120)

    scan = run("scan", str(CORPUS), "--json")
    assert scan.returncode == 0, scan.stderr.decode("utf-8", "replace")
    titles = [d["title"] for d in json.loads(scan.stdout.decode("ascii"))["documents"]]
    assert any(t.startswith("«حفلة الجنون» الأميركية") for t in titles), "JSON escapes: the text comes back"
    show = run("show", "000_6e14188510fd6a63-ar#01", str(CORPUS), "--no-visual")
    assert show.returncode == 0 and b"Traceback" not in show.stderr
    assert "\\u0627" in show.stdout.decode("ascii")


def test_a_query_may_start_with_a_dash(capsys, hostile) -> None:
    corpus, profile = hostile
    for args, query in (
        (["search", "-Hezbollah", str(corpus), "--json"], "-Hezbollah"),
        (["search", "--limit", "1", "-hezbollah", "--json", str(corpus)], "-hezbollah"),
        (["search", "--json", "--", "--Hezbollah", str(corpus)], "--Hezbollah"),
        (["search", "--json", "--", "-Hezbollah", str(corpus)], "-Hezbollah"),
    ):
        code = main(["--profile", str(profile), *args])  # after "--" even --profile would be text
        out, err = capsys.readouterr()
        assert code == 0, (args, err)
        assert json.loads(out)["query"] == query
    with pytest.raises(SystemExit) as stop:
        cli(capsys, profile, "search", "Hezbollah", "--jsno", str(corpus))
    assert stop.value.code == 2 and "unrecognized arguments: --jsno" in capsys.readouterr().err


def test_argparse_errors_do_not_echo_escape_sequences(capsys, hostile) -> None:
    corpus, profile = hostile
    with pytest.raises(SystemExit):
        cli(capsys, profile, "search", "Hezbollah", f"--x{CLEAR}", str(corpus))
    err = capsys.readouterr().err
    assert "unrecognized arguments" in err and SHOWN_ESC in err and leaks(err) == []


# --------------------------------------------------------------------------------------------
# Faults: one sentence, exit 2


def test_a_store_that_cannot_be_opened_is_one_sentence(capsys, hostile, tmp_path) -> None:
    corpus, _ = hostile
    (tmp_path / "data" / "annotations.sqlite3").mkdir(parents=True)
    code, out, err = cli(capsys, tmp_path, "saved", "list", str(corpus))
    assert code == 2 and out == ""
    assert err.startswith("corpus-reader: ") and err.count("\n") == 1 and "Traceback" not in err


def test_a_profile_that_is_a_file_is_one_sentence(capsys, hostile, tmp_path) -> None:
    corpus, _ = hostile
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    code, out, err = cli(capsys, tmp_path / "file", "search", "Hezbollah", str(corpus))
    assert code == 2 and out == ""
    faults = [line for line in err.splitlines() if line.startswith("corpus-reader: ")]
    assert len(faults) == 1 and "not a folder" in faults[0] and "Traceback" not in err
    with pytest.raises(NotADirectoryError):  # --debug: the error itself, with its traceback
        cli(capsys, tmp_path / "file", "search", "Hezbollah", str(corpus), "--debug")


def test_a_huge_fix_number_is_one_sentence(capsys, hostile) -> None:
    corpus, profile = hostile
    code, _, err = cli(capsys, profile, "fix", "remove", "9" * 30, str(corpus))
    assert code == 2 and err.count("\n") == 1 and "no fix" in err and "Traceback" not in err


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_on_standard_output_is_one_sentence(tmp_path) -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "reader", "scan", str(CORPUS), "--json"], stdout=full,
            stderr=subprocess.PIPE, cwd=REPO, timeout=120, text=True, encoding="utf-8",
            env={**os.environ, "CORPUS_READER_HOME": str(tmp_path)},
        )
    assert result.returncode == 2
    assert result.stderr.startswith("corpus-reader: not enough disk space")
    assert result.stderr.count("\n") == 1, result.stderr
