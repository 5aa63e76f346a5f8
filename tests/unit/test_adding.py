"""Adding files to a corpus copies them in, never moves or half-writes them (issue 15, in the app)."""

from __future__ import annotations

from pathlib import Path

from reader.ingest.adding import add_to_corpus
from reader.ingest.corpus import scan_corpus

ARTICLE = "Minister visits Basra\n\n14 March 2020\n\nThe minister visited Basra on Monday.\n"


def make(tmp_path: Path) -> tuple[Path, Path]:
    corpus, outside = tmp_path / "corpus", tmp_path / "downloads"
    corpus.mkdir()
    outside.mkdir()
    return corpus, outside


def test_files_and_folders_are_copied_in_and_scanned(tmp_path):
    corpus, outside = make(tmp_path)
    (outside / "basra.txt").write_text(ARTICLE, encoding="utf-8")
    folder = outside / "march"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "najaf.txt").write_text(ARTICLE.replace("Basra", "Najaf"), encoding="utf-8")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    report = add_to_corpus(corpus, [outside / "basra.txt", folder])
    assert report.copied == ["basra.txt", "march/sub/najaf.txt"]
    assert report.skipped == [(str(folder / "photo.jpg"), "not a format the corpus reads (.jpg)")]
    assert (outside / "basra.txt").exists(), "copied, never moved"
    assert {d.source for d in scan_corpus(corpus).documents} == {"basra.txt", "march/sub/najaf.txt"}
    assert report.summary() == "2 files added, 1 not added"


def test_a_name_taken_by_another_file_gets_a_number_and_the_same_file_is_not_copied_twice(tmp_path):
    corpus, outside = make(tmp_path)
    (corpus / "basra.txt").write_text("Another article\n\nDifferent text.\n", encoding="utf-8")
    (outside / "basra.txt").write_text(ARTICLE, encoding="utf-8")
    first = add_to_corpus(corpus, [outside / "basra.txt"])
    again = add_to_corpus(corpus, [outside / "basra.txt"])
    assert first.copied == ["basra (2).txt"]
    assert again.copied == [] and again.already == ["basra (2).txt"]
    assert sorted(p.name for p in corpus.iterdir()) == ["basra (2).txt", "basra.txt"], "no temporary left"


def test_what_cannot_be_added_is_said_and_nothing_breaks(tmp_path):
    corpus, outside = make(tmp_path)
    (corpus / "inside.txt").write_text(ARTICLE, encoding="utf-8")
    report = add_to_corpus(corpus, [outside / "gone.txt", corpus / "inside.txt"])
    assert report.copied == []
    assert dict(report.skipped) == {str(outside / "gone.txt"): "not found",
                                    str(corpus / "inside.txt"): "already inside the corpus folder"}
