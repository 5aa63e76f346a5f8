"""``corpus-reader align`` as scripts call it: real processes, the JSON contract, TMX files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from reader.align.tmx import XML_LANG, to_tmx
from reader.ingest.corpus import build_paragraphs
from reader.ingest.model import DateInfo, Document
from tests.conftest import REPO

HAFLAT = "001_ff668e2db0ba1b04#16"
FALLBACK_EN = "001_ff668e2db0ba1b04#15"  # an English report of the same event


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True, text=True, encoding="utf-8", cwd=REPO, env=dict(os.environ), timeout=120,
    )


@pytest.fixture(scope="module")
def pair(bundled_corpus) -> tuple[str, str]:
    """A declared en↔ar pair of the bundled corpus, or two articles on the same event."""
    from reader.align.pairing import declared_pairs

    pairs = declared_pairs(bundled_corpus.documents)
    preferred = [p for p in pairs if HAFLAT in p]
    if preferred or pairs:
        a, b = (preferred or pairs)[0]
        return a, b
    return HAFLAT, FALLBACK_EN


def paragraph_count(corpus, doc_id: str) -> int:
    doc = corpus.get(doc_id)
    assert doc is not None
    return len(doc.paragraphs)


def test_align_json_contract(pair, bundled_corpus):
    a, b = pair
    result = run("align", a, b, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"a", "b", "pairs"}
    assert (data["a"], data["b"]) == (a, b)
    groups = data["pairs"]
    assert all(isinstance(g, list) and len(g) == 2 and (g[0] or g[1]) for g in groups)
    # Every paragraph of both sides exactly once, in order (indices as `show --json` lists them).
    assert [i for g in groups for i in g[0]] == list(range(paragraph_count(bundled_corpus, a)))
    assert [j for g in groups for j in g[1]] == list(range(paragraph_count(bundled_corpus, b)))


def test_align_table_and_tmx_file(pair, tmp_path, bundled_corpus):
    a, b = pair
    target = tmp_path / "pair.tmx"
    result = run("align", a, b, "--tmx", str(target), "--no-visual")
    assert result.returncode == 0, result.stderr
    assert a in result.stdout and b in result.stdout
    assert "groups:" in result.stdout
    root = ET.parse(target).getroot()
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    assert header is not None
    doc_a = bundled_corpus.get(a)
    assert header.get("srclang") == doc_a.language
    assert header.get("creationtool") == "corpus-reader" and header.get("segtype") == "paragraph"
    units = root.findall("body/tu")
    assert units
    for tu in units:
        langs = [tuv.get(XML_LANG) for tuv in tu.findall("tuv")]
        assert len(langs) == 2 and set(langs) <= {"en", "ar"}
        assert all((tuv.findtext("seg") or "").strip() for tuv in tu.findall("tuv"))


def test_unknown_id_exits_1_with_close_ids():
    result = run("align", "001_ff668e2db0ba1b04#99", HAFLAT)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "001_ff668e2db0ba1b04#99" in lines[0] and "Did you mean" in lines[0]
    assert result.stdout == ""


def test_unusable_corpus_exits_2(tmp_path):
    result = run("align", "a#01", "b#01", str(tmp_path / "missing"))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1


def _doc(doc_id: str, language: str, paragraphs: list[str]) -> Document:
    return Document(
        id=doc_id, source=f"{doc_id}.txt", segment=1, title="T & <title>", byline=None, outlet=None,
        date=DateInfo(), language=language, paragraphs=build_paragraphs(paragraphs),  # type: ignore[arg-type]
        original="", source_span=(0, 0),
    )


def test_tmx_escapes_text_and_skips_one_sided_groups():
    a = _doc("a#01", "en", ['AT&T said "<b>5 < 6</b>"', "Second part.", "Caption only\x0c here"])
    b = _doc("b#01", "ar", ["قالت «إيه تي أند تي» إن 5 < 6", "صورة"])
    pairs = [((0, 1), (0,)), ((2,), ()), ((), (1,))]
    text = to_tmx(a, b, pairs)
    root = ET.fromstring(text.encode("utf-8"))
    units = root.findall("body/tu")
    assert len(units) == 1, "1-0 and 0-1 groups are left out"
    segs = {tuv.get(XML_LANG): tuv.findtext("seg") for tuv in units[0].findall("tuv")}
    assert segs == {"en": 'AT&T said "<b>5 < 6</b>" Second part.', "ar": "قالت «إيه تي أند تي» إن 5 < 6"}
    props = {p.get("type"): p.text for p in units[0].findall("prop")}
    assert props == {"x-paragraphs-a": "0,1", "x-paragraphs-b": "0"}
    assert root.find("header").get("srclang") == "en"
    # A control character would make the file unreadable; it is dropped, not written.
    c = _doc("c#01", "en", ["Form\x0cfeed"])
    d = _doc("d#01", "ar", ["نص"])
    parsed = ET.fromstring(to_tmx(c, d, [((0,), (0,))]).encode("utf-8"))
    assert parsed.find("body/tu/tuv/seg").text == "Formfeed"


@pytest.mark.skipif(sys.platform == "win32", reason="file-size limits are a POSIX facility")
def test_a_tmx_export_that_cannot_be_written_leaves_the_old_file_whole(pair, tmp_path):
    """A full disk mid-write: the previous export stays as it was, never truncated."""
    import resource
    import signal

    a, b = pair
    target = tmp_path / "pair.tmx"
    assert run("align", a, b, "--tmx", str(target), "--no-visual").returncode == 0  # warms caches too
    good = target.read_bytes()
    assert len(good) > 2048

    def small_disk() -> None:  # writes past 2 KB fail with EFBIG, as on a full disk
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048))

    result = subprocess.run(
        [sys.executable, "-m", "reader", "align", a, b, "--tmx", str(target), "--no-visual"],
        capture_output=True, text=True, encoding="utf-8", cwd=REPO, env=dict(os.environ), timeout=120,
        preexec_fn=small_disk,
    )
    assert result.returncode != 0 and "cannot write" in result.stderr
    assert target.read_bytes() == good
