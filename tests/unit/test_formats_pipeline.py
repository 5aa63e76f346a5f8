"""Files that say where their text is (web pages, PDF, Word, EPUB) become articles through the
same pipeline as scraped text: the contract every format module relies on (issue 15)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.ingest import formats
from reader.ingest.corpus import scan_corpus
from reader.ingest.formats import Block, Extracted, extractor
from reader.ingest.loader import NotText

ARABIC = "قال المتحدث باسم الحكومة إن القوات ستنسحب من القاعدة خلال أيام."


@pytest.fixture()
def fake_format():
    """A format whose 'file' is UTF-8 lines: '#' starts a heading, '@N' a page, '!' fails."""

    @extractor(".fake")
    def read_fake(data: bytes, path: Path) -> Extracted:
        text = data.decode("utf-8")
        if text.startswith("!"):
            raise NotText("no text layer (scanned image); OCR it first")
        blocks, page = [], None
        for line in text.splitlines():
            if line.startswith("@"):
                page = int(line[1:])
            elif line.strip():
                blocks.append(Block(line.lstrip("# "), page=page, heading=line.startswith("#")))
        return Extracted(tuple(blocks), "fake", original=text, title="Declared title",
                         date="2021-03-04", date_evidence="the file's metadata (test)",
                         author="A. Writer", site="Test Site", url="https://example.org/a")

    yield read_fake
    formats.EXTRACTORS.pop(".fake", None)


def test_a_structured_file_is_one_article_with_its_metadata_pages_and_headings(tmp_path, fake_format):
    (tmp_path / "report.fake").write_text(
        "@1\n# Declared title\nFirst paragraph of the report.\n# A section\n@2\nSecond page text.\n"
        f"{ARABIC}\n", encoding="utf-8")
    corpus = scan_corpus(tmp_path)
    [doc] = corpus.documents
    assert doc.id == "report#01" and doc.title == "Declared title"
    assert (doc.date.value, doc.date.source, doc.date.evidence) == ("2021-03-04", "metadata",
                                                                   "the file's metadata (test)")
    assert (doc.byline, doc.outlet, doc.url, doc.encoding) == ("A. Writer", "Test Site",
                                                               "https://example.org/a", "fake")
    texts = [(p.text, p.page, p.heading, p.direction) for p in doc.paragraphs]
    assert texts == [("First paragraph of the report.", 1, False, "ltr"), ("A section", 1, True, "ltr"),
                     ("Second page text.", 2, False, "ltr"), (ARABIC, 2, False, "rtl")]
    assert doc.text.startswith("First paragraph") and "Declared title" in doc.original


def test_a_failing_file_is_skipped_with_its_reason_and_the_rest_is_read(tmp_path, fake_format):
    (tmp_path / "scan.fake").write_text("!", encoding="utf-8")
    (tmp_path / "note.txt").write_text("A title\n\nSome text of a plain article.\n", encoding="utf-8")
    corpus = scan_corpus(tmp_path)
    assert [s.reason for s in corpus.skipped] == ["no text layer (scanned image); OCR it first"]
    assert len(corpus.documents) == 1


def test_a_format_whose_library_is_missing_is_skipped_naming_the_library(tmp_path, monkeypatch):
    monkeypatch.setitem(formats.MISSING, ".nolib", "reading .nolib files needs the nolib package")
    (tmp_path / "a.nolib").write_bytes(b"data")
    corpus = scan_corpus(tmp_path)
    reasons = [(s.path, s.reason) for s in corpus.skipped]
    assert reasons == [("a.nolib", "reading .nolib files needs the nolib package")]


def test_a_saved_pages_asset_folder_is_not_scanned(tmp_path):
    (tmp_path / "page.html").write_text("<html><body><p>x</p></body></html>", encoding="utf-8")
    assets = tmp_path / "page_files"
    assets.mkdir()
    (assets / "stray.txt").write_text("Tracking script\n\nvar x = 1;\n", encoding="utf-8")
    other = tmp_path / "notes_2020"
    other.mkdir()
    (other / "kept.txt").write_text("Kept article\n\nA folder that looks like assets.\n", encoding="utf-8")
    corpus = scan_corpus(tmp_path)
    sources = {d.source for d in corpus.documents}
    assert "page_files/stray.txt" not in sources
    assert "notes_2020/kept.txt" in sources


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_link_to_a_folder_that_holds_the_corpus_is_not_walked(tmp_path):
    corpus_dir = tmp_path / "inner" / "corpus"
    corpus_dir.mkdir(parents=True)
    (corpus_dir / "a.txt").write_text("A title\n\nSome text.\n", encoding="utf-8")
    (tmp_path / "outside.txt").write_text("Outside\n\nNot in the corpus.\n", encoding="utf-8")
    os.symlink(tmp_path, corpus_dir / "up")  # like /proc/self/root: the whole disk again
    corpus = scan_corpus(corpus_dir)
    assert {d.source for d in corpus.documents} == {"a.txt"}
    assert ("up", "symbolic link loop") in {(s.path, s.reason) for s in corpus.skipped}


def test_show_json_gives_each_paragraph_its_page_and_heading_flag(tmp_path, fake_format, capsys):
    import json

    from reader.cli import main

    text = "@3\nFirst paragraph.\n# A section\n@4\nNext page.\n"
    (tmp_path / "report.fake").write_text(text, encoding="utf-8")
    assert main(["show", "report#01", str(tmp_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["format"] == "text", "a format the CLI does not know is shown as text"
    assert [(p.get("page"), p.get("heading", False)) for p in data["paragraphs"]] == [
        (3, False), (3, True), (4, False)]
    assert data["url"] == "https://example.org/a"
    assert main(["show", "report#01", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "[p. 3]" in out and "[p. 4]" in out and "## A section" in out
