"""Hostile inputs and faults for search: a damaged index, a full disk, legal files that cost too
much, a huge alias table and text that tries to drive the terminal.

What a user runs (``corpus-reader index|search``, the app's search and concordance workers) and what
they see (exit codes, one sentence, results, JSON) is asserted; faults are made at the OS boundary
(files cut short on disk, ``RLIMIT_FSIZE`` for a full disk), never by mocking our own code.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli import main
from reader.search.concordance import LINES_PER_ARTICLE
from reader.search.indexer import IndexStore
from reader.search.searcher import MAX_MATCHES
from reader.search.service import index_path_for, open_index, search_aliases, search_healing
from reader.store.boundary_fixes import load_user_corpus
from tests.conftest import CORPUS, REPO


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A copy of the bundled corpus (its aliases.csv included) that a test may change."""
    root = tmp_path / "corpus"
    shutil.copytree(CORPUS, root)
    return root


def _column_file(root: Path, suffix: str) -> Path:
    store = IndexStore(index_path_for(root))
    folder = store.version_dir(store.current_name() or "")
    [path] = [p for p in folder.iterdir() if p.name.endswith(suffix)]
    return path


def _cut_in_half(path: Path) -> None:
    with open(path, "r+b") as fh:
        fh.truncate(path.stat().st_size // 2)


# --------------------------------------------------------------------------------------------
# Item 11: a damaged index heals, in the CLI and in the app's workers


@pytest.mark.parametrize("column", ["._stored.col", ".source.col", "._content_len.col", ".day.col"])
def test_a_half_truncated_column_heals_and_the_next_search_is_clean(
    capsys: pytest.CaptureFixture[str], corpus: Path, column: str
) -> None:
    """Before: `.source.col` or `_content_len.col` cut in half failed every search, run after run,
    with a traceback; `.day.col` silently made dated articles undated."""
    pristine = corpus.parent / "pristine"
    shutil.copytree(corpus, pristine)  # (a search of this folder would keep its columns in memory)
    code, clean, _ = cli(capsys, "search", "Hezbollah", str(pristine), "--from", "2020", "--json")
    assert code == 0
    expected = json.loads(clean)
    assert expected["total"] >= 4  # (the bundled articles dated 2020 that name it)
    assert cli(capsys, "index", str(corpus))[0] == 0
    _cut_in_half(_column_file(corpus, column))
    code, out, err = cli(capsys, "search", "Hezbollah", str(corpus), "--from", "2020", "--json")
    assert code == 0, err
    first = json.loads(out)
    said = (first["warning"] or "") + err
    assert "rebuilt" in said and "Traceback" not in err
    assert [h["id"] for h in first["hits"]] == [h["id"] for h in expected["hits"]]
    code, out, err = cli(capsys, "search", "Hezbollah", str(corpus), "--from", "2020", "--json")
    assert code == 0 and "rebuilt" not in err and json.loads(out)["warning"] is None
    assert json.loads(out)["total"] == expected["total"]


def test_damage_after_open_is_healed_for_every_holder_of_the_handle(corpus: Path) -> None:
    """The app's workers share one handle: the heal path rebuilds once and points it at the new
    index, so the search panel and the concordance both recover (and so does the next search)."""
    from reader.search.concordance import open_concordance
    from reader.search.service import healing

    handle = open_index(load_user_corpus(corpus).corpus)
    try:
        before = handle.version
        _cut_in_half(_column_file(corpus, ".day.col"))  # after the open-time checks
        response = search_healing(handle, "Hezbollah", date_from="2020")
        assert response.total >= 4 and response.warning and "rebuilt" in response.warning
        assert handle.version != before
        lines, note = healing(handle, lambda h: open_concordance(h, "Hezbollah").all_lines())
        assert lines and note is None  # already healed: no second rebuild
        again = search_healing(handle, "Hezbollah", date_from="2020")
        assert again.total == response.total and again.warning is None
    finally:
        handle.close()


def test_the_app_search_worker_heals(corpus: Path) -> None:
    from reader.search.concordance import open_concordance
    from reader.ui.search_panel import SearchRequest, run_search

    handle = open_index(load_user_corpus(corpus).corpus)
    try:
        _cut_in_half(_column_file(corpus, ".day.col"))
        outcome = run_search(handle, SearchRequest("Hezbollah", date_from="2020"))
        assert outcome.response.hits and "rebuilt" in (outcome.response.warning or "")
        assert open_concordance(handle, "Hezbollah").all_lines()
    finally:
        handle.close()


# --------------------------------------------------------------------------------------------
# Disk full


def _small_disk(limit: int = 300_000):
    def apply() -> None:  # writes past the limit fail with EFBIG, as on a full disk
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def _run_small(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, encoding="utf-8",
                          cwd=REPO, env=dict(os.environ), timeout=120, preexec_fn=_small_disk())


@pytest.mark.skipif(sys.platform == "win32", reason="file-size limits are a POSIX facility")
def test_a_full_disk_says_so_and_leaves_no_version_folder(corpus: Path) -> None:
    """Before: a traceback and an empty vNNNN folder per try."""
    store = IndexStore(index_path_for(corpus))
    for command in ("index", "search"):
        args = [command, *(["drone"] if command == "search" else []), str(corpus)]
        result = _run_small("-m", "reader", *args)
        assert result.returncode == 2, result.stderr
        assert "Traceback" not in result.stderr
        [sentence] = [line for line in result.stderr.splitlines() if line.startswith("corpus-reader:")]
        assert "not enough disk space to build the search index (needs about 3 MB" in sentence
        assert " MB free at " in sentence
        assert store.versions() == [] and store.current_name() is None


@pytest.mark.skipif(sys.platform == "win32", reason="file-size limits are a POSIX facility")
def test_a_rebuild_on_a_full_disk_keeps_the_published_index(corpus: Path) -> None:
    code = f"""
from reader.search.service import IndexNoSpace, open_index
from reader.store.boundary_fixes import load_user_corpus
try:
    open_index(load_user_corpus({str(corpus)!r}).corpus, force_rebuild=True)
except IndexNoSpace as exc:
    print(exc)
"""
    assert main(["index", str(corpus)]) == 0
    store = IndexStore(index_path_for(corpus))
    assert store.versions() == ["v0001"]
    result = _run_small("-c", code)
    assert result.stdout.startswith("not enough disk space to build the search index"), result.stderr
    assert store.versions() == ["v0001"] and store.current_name() == "v0001"
    with open_index(load_user_corpus(corpus).corpus) as handle:
        assert search_healing(handle, "drone").total > 0 and not handle.rebuilt


# --------------------------------------------------------------------------------------------
# Item 15: bounded cost on legal files


@pytest.fixture(scope="module")
def repeated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, int]:
    """A 1 MB article of one repeated word, next to a short one, indexed once for the module."""
    from reader import paths

    base = tmp_path_factory.mktemp("repeated")
    root = base / "corpus"
    root.mkdir()
    n = 170_000
    (root / "repeat.txt").write_text("Repeated word\nSaturday, 04 April 2020\n\n" + "drone " * n + "\n",
                                     encoding="utf-8")
    (root / "short.txt").write_text("A short one\nSunday, 05 April 2020\n\nOne drone, then a second drone.\n",
                                    encoding="utf-8")
    profile = base / "profile"
    paths.set_profile(profile)
    try:
        assert main(["index", str(root)]) == 0
    finally:
        paths.set_profile(None)
    return root, profile, n


def test_match_offsets_are_capped_and_the_true_count_kept(
    capsys: pytest.CaptureFixture[str], repeated: tuple[Path, Path, int]
) -> None:
    """Before: every one of the 170,000 offsets was listed (and 6 MB took 7-29 s per query)."""
    root, profile, n = repeated
    code, out, err = cli(capsys, "search", "drone", str(root), "--json", "--profile", str(profile))
    assert code == 0, err
    assert len(out) < 200_000
    hits = {h["id"]: h for h in json.loads(out)["hits"]}
    big, small = hits["repeat#01"], hits["short#01"]
    assert len(big["matches"]) == MAX_MATCHES and big["matches_truncated"] is True
    assert big["match_count"] == n
    assert big["matches"][:2] == [[0, 5], [6, 11]]
    assert small["matches_truncated"] is False and small["match_count"] == len(small["matches"]) == 2
    code, out, _ = cli(capsys, "search", "drone", str(root), "--profile", str(profile))
    assert f"({n} matches; offsets listed for the first {MAX_MATCHES})" in out


def test_the_concordance_is_capped_per_article_and_says_how_many_more(
    capsys: pytest.CaptureFixture[str], repeated: tuple[Path, Path, int]
) -> None:
    """Before: --kwic listed every occurrence (the 6 MB file: 38 s, 4.7 GB, 480 MB of JSON)."""
    root, profile, n = repeated
    code, out, err = cli(capsys, "search", "drone", str(root), "--kwic", "--json", "--profile", str(profile))
    assert code == 0, err
    data = json.loads(out)
    per_article = {}
    for line in data["occurrences"]:
        per_article[line["id"]] = per_article.get(line["id"], 0) + 1
    assert per_article == {"repeat#01": LINES_PER_ARTICLE, "short#01": 2}
    assert data["occurrences_not_listed"] == {"repeat#01": n - LINES_PER_ARTICLE}
    assert data["occurrence_total"] == n + 2
    code, out, _ = cli(capsys, "search", "drone", str(root), "--kwic", "--profile", str(profile))
    assert f"{n - LINES_PER_ARTICLE} more occurrences in 1 articles not listed (at most " \
           f"{LINES_PER_ARTICLE} per article)" in out


# --------------------------------------------------------------------------------------------
# Item 8 (second half): the alias table, compiled once and kept with the index


def _write_aliases(root: Path, extra: str) -> None:
    with open(root / "aliases.csv", "a", encoding="utf-8") as fh:
        fh.write(extra)


def test_the_compiled_alias_table_matches_like_the_table_itself(corpus: Path) -> None:
    from reader.text.names import AliasTable, default_alias_files

    full = AliasTable.load(default_alias_files(corpus))
    cached = search_aliases(corpus)  # compiles the cache
    reopened = search_aliases(corpus)  # reads it
    assert type(reopened).__name__ == "CachedAliasTable"
    phrases = [alias for group in full.groups for alias in group.aliases]
    phrases += [p.lower() for p in phrases] + [f"و{p}" for p in phrases]
    phrases += [p.replace("i", "ee") for p in phrases]
    phrases += ["Hizbolla", "Qasim Sulaimani", "us", "US", "the", "Ark", ""]
    for phrase in phrases:
        want = full.match(phrase)
        for table in (cached, reopened):
            got = table.match(phrase)
            assert (got.key if got else None) == (want.key if want else None), phrase
            if want:
                assert got.aliases == want.aliases and got.kind == want.kind


def test_alias_problems_are_shown_and_the_cache_follows_edits(
    capsys: pytest.CaptureFixture[str], corpus: Path
) -> None:
    _write_aliases(corpus, "Zubeir Oil Field,Zubair Oilfield,place\nBroken row without alias\n"
                           "Bad Kind,Bad Kind,\x1b[31mweird\n")
    for run in range(2):  # compiled, then read from the cache: the same problems either way
        code, out, err = cli(capsys, "search", "Zubair Oilfield", str(corpus), "--json")
        assert code == 0, err
        problems = json.loads(out)["alias_problems"]
        assert len(problems) == 2, (run, problems)
        assert any("needs a group and an alias" in p for p in problems)
        assert any("control characters" in p for p in problems)
        code, out, err = cli(capsys, "search", "Zubair Oilfield", str(corpus))
        warnings = [line for line in err.splitlines() if line.startswith("warning: aliases:")]
        assert len(warnings) == 2 and "\x1b" not in err  # text output is sanitised
    assert (index_path_for(corpus) / "aliases.sqlite").is_file()
    code, out, _ = cli(capsys, "search", "Rumaila Zubeir", str(corpus), "--json")
    assert json.loads(out)["total"] == 0
    _write_aliases(corpus, "Zubeir Oil Field,Rumaila Zubeir,\n")  # an edit: the cache is compiled again
    code, out, err = cli(capsys, "search", "Rumaila Zubeir", str(corpus), "--json")
    assert json.loads(out)["total"] >= 1, err


# --------------------------------------------------------------------------------------------
# Text output never drives the terminal; JSON stays exact


def test_search_text_output_is_sanitised_and_json_exact(capsys: pytest.CaptureFixture[str],
                                                        tmp_path: Path) -> None:
    root = tmp_path / "evil"
    root.mkdir()
    title = "Evil \x1b]52;c;SGVsbG8=\x07 title"
    (root / "evil\x1b[31m.txt").write_text(
        f"{title}\nSaturday, 04 April 2020\n\nThe drone \x1b[2J strike \u202e reversed, a drone.\n",
        encoding="utf-8")
    for extra in ([], ["--kwic"]):
        code, out, err = cli(capsys, "search", "drone", str(root), "--no-visual", *extra)
        assert code == 0, err
        assert "drone" in out
        for raw in ("\x1b", "\x07", "\u202e"):
            assert raw not in out and raw not in err
    code, out, _ = cli(capsys, "search", "drone", str(root), "--json", "--kwic")
    data = json.loads(out)
    assert data["hits"][0]["title"] == title
    assert "\x1b[2J" in data["hits"][0]["snippet"] and "\x1b[2J" in data["occurrences"][0]["left"] + \
        data["occurrences"][0]["right"] + data["occurrences"][1]["left"]


def test_a_rare_word_in_a_huge_article_is_found_within_a_bounded_read() -> None:
    """Before: every match of every shown hit was found by tokenizing the whole article (a rare word
    in a 45 MB article: 2 s per query). The scan stops at its budget and says it did."""
    from reader.search.query import parse_query
    from reader.search.searcher import SCAN_CHUNK, scan_spans

    filler = "the convoy moved on. " * (SCAN_CHUNK // 10)
    text = f"Qasimov spoke. {filler}Qasimov again. {filler}Qasimov last."
    terms = parse_query("Qasimov").terms_for_highlight
    whole = scan_spans(text, terms)
    assert whole.complete and [text[s:e] for s, e in whole.spans] == ["Qasimov"] * 3
    bounded = scan_spans(text, terms, limit=MAX_MATCHES, budget=SCAN_CHUNK)
    assert not bounded.complete and bounded.spans == whole.spans[:1]
    capped = scan_spans(text, terms, limit=2)
    assert not capped.complete and capped.spans == whole.spans[:2]
