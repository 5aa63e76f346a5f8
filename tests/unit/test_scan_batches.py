"""A scan hands its articles over in batches as files are split, and that never changes its result.

The reference is the scan as it was written before batches existed (every file read, the lines
recurring across all of them found, each file split, the manifest applied, duplicates grouped),
rebuilt here from the same public steps.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from reader.ingest import corpus as scanning
from reader.ingest.boundaries import FileBoundaryFixes
from reader.ingest.corpus import (
    Corpus,
    ScanBatch,
    ScanCancelled,
    ScanListener,
    apply_manifest,
    article_id_stems,
    common_lines,
    documents_of_file,
    fingerprint,
    scan_corpus,
)
from reader.ingest.dedupe import duplicate_groups
from reader.ingest.loader import load_corpus_files
from reader.ingest.manifest import read_manifest
from reader.ingest.scan_cache import load_corpus
from tests.conftest import CORPUS

FURNITURE = "The Eastern Herald is printed in Baghdad and Erbil every day of the week"


def reference_scan(root: Path, fixes: dict | None = None) -> Corpus:
    files, skipped = load_corpus_files(root)
    common = common_lines(files)
    stems = article_id_stems(f.relpath for f in files)
    fixes = fixes or {}
    docs = [d for f in files for d in documents_of_file(f, common, fixes.get(f.relpath), stems[f.relpath])]
    rows, problems = read_manifest(root)
    docs, more = apply_manifest(docs, rows)
    for i, canonical in duplicate_groups([d.text for d in docs]).items():
        docs[i] = replace(docs[i], duplicate_of=docs[canonical].id)
    return Corpus(root.resolve(), docs, skipped, [*problems, *more],
                  {f.relpath: fingerprint(f.text) for f in files}, {f.relpath: f.text for f in files})


def article(n: int, furniture: bool) -> str:
    body = f"Officials in Baghdad said on Monday that the talks number {n} would resume next week.\n\n"
    body += f"The delegation, led by the minister, met {n} times with envoys of the neighbouring states.\n"
    tail = f"\n{FURNITURE}\n" if furniture else "\n"
    return f"Talks resume in Baghdad, round {n}\n\nMonday, 0{1 + n % 9} March 2021\n\n{body}{tail}"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Twelve one-article files, a copy, two of the seed corpus' multi-article files and a manifest.

    The furniture line is in 3 of the first 4 files (recurring among them) but in 3 of all 15 files
    (not recurring across the corpus): split early with the first files' lines, they come out
    otherwise than in the whole corpus.
    """
    root = tmp_path / "corpus"
    root.mkdir()
    for n in range(12):
        (root / f"{n:03d}_talks.txt").write_text(article(n, furniture=n in (0, 1, 3)), encoding="utf-8")
    (root / "013_copy.txt").write_text(article(5, furniture=False), encoding="utf-8")
    for name in ("001_ff668e2db0ba1b04.txt", "002_b0ebc636adbfbd87-ar.txt"):
        shutil.copy(CORPUS / name, root / f"1{name}")
    manifest = "file,title\n004_talks.txt,A title from the manifest\n"
    (root / "metadata.csv").write_text(manifest, encoding="utf-8")
    return root


def listed(docs: list) -> list[tuple]:
    return [(d.id, d.title, d.date, d.language, d.outlet, d.source, d.text) for d in docs]


def batched_scan(root: Path, monkeypatch: pytest.MonkeyPatch, **kwargs: object) -> tuple[Corpus, list, list]:
    monkeypatch.setattr(scanning, "FIRST_BATCH_SECONDS", 0.0)  # one file per batch: as many as can be
    monkeypatch.setattr(scanning, "BATCH_SECONDS", 0.0)
    batches: list[ScanBatch] = []
    progress: list[tuple[int, int, str]] = []
    listener = ScanListener(articles=batches.append, progress=lambda *p: progress.append(p))
    return scan_corpus(root, listener=listener, **kwargs), batches, progress


def same_corpus(a: Corpus, b: Corpus) -> None:
    assert [(d.id, d.duplicate_of) for d in a.documents] == [(d.id, d.duplicate_of) for d in b.documents]
    assert a.documents == b.documents
    assert (a.root, a.skipped, a.problems, a.file_states, a.sources) == (
        b.root, b.skipped, b.problems, b.file_states, b.sources)


def test_batches_never_change_the_scan(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scanning, "SAMPLE_FILES", 4)
    expected = reference_scan(folder)
    assert any(d.duplicate_of for d in expected.documents)  # the copy is grouped
    assert any(d.title == "A title from the manifest" for d in expected.documents)

    scanned, batches, progress = batched_scan(folder, monkeypatch)
    same_corpus(scanned, expected)
    same_corpus(scan_corpus(folder), expected)  # and without a listener

    # The first batch came after four files were read, split with the furniture line as recurring:
    # its file is split again with the whole corpus' lines, and its articles come only at the end.
    assert batches[0].provisional and not any(b.provisional for b in batches[1:])
    first = batches[0].documents
    assert [d.source for d in first] == ["000_talks.txt"]
    final = {d.id: d for d in expected.documents}
    assert FURNITURE not in first[0].text and FURNITURE in final[first[0].id].text
    files = len(expected.file_states)
    assert progress.index((4, files, "reading")) < progress.index((files, files, "reading"))
    assert progress.index((files, files, "reading")) < progress.index((1, files, "splitting"))
    assert progress[-1] == (files, files, "grouping duplicates")

    later = [d for b in batches[1:] for d in b.documents]
    assert len({d.id for d in later}) == len(later)  # each article once
    # Every other file's articles were handed over as the finished corpus lists them, manifest
    # applied, only their duplicate grouping still to come.
    assert listed(later) == listed([d for d in expected.documents if d.source != "000_talks.txt"])
    assert all(d.duplicate_of is None for d in later)
    assert {r: s for b in batches for r, s in b.file_states.items()} == expected.file_states


def test_a_scan_into_the_store_hands_over_the_same_batches(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The scan cache's scan keeps the text in the store as it goes; what is heard is the same.
    monkeypatch.setattr(scanning, "SAMPLE_FILES", 4)
    expected = reference_scan(folder)
    _scanned, batches, progress = batched_scan(folder, monkeypatch)
    heard: list[ScanBatch] = []
    told: list[tuple[int, int, str]] = []
    listener = ScanListener(articles=heard.append, progress=lambda *p: told.append(p))
    stored = load_corpus(folder, listener=listener)
    assert stored.documents == expected.documents
    assert [d.text for d in stored.documents] == [d.text for d in expected.documents]
    assert dict(stored.sources) == expected.sources and stored.file_states == expected.file_states
    assert (stored.skipped, stored.problems) == (expected.skipped, expected.problems)
    assert [(listed(b.documents), b.file_states, b.provisional) for b in heard] == [
        (listed(b.documents), b.file_states, b.provisional) for b in batches]
    assert heard[0].provisional and told == progress


def test_a_first_batch_split_alike_is_handed_over_once(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (folder / "003_talks.txt").write_text(article(3, furniture=False), encoding="utf-8")  # 2 of 4 now
    monkeypatch.setattr(scanning, "SAMPLE_FILES", 4)
    expected = reference_scan(folder)
    scanned, batches, _progress = batched_scan(folder, monkeypatch)
    same_corpus(scanned, expected)
    handed = [d for b in batches for d in b.documents]
    assert batches[0].provisional
    assert listed(handed) == listed(expected.documents)


def test_boundary_fixes_are_applied_to_batches_too(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scanning, "SAMPLE_FILES", 2)
    name = "1001_ff668e2db0ba1b04.txt"
    text = (folder / name).read_text(encoding="utf-8")
    fixes = {name: FileBoundaryFixes(frozenset({text.index("\n", len(text) // 2) + 1}), frozenset())}
    expected = reference_scan(folder, fixes)
    assert len([d for d in expected.documents if d.source == name]) != len(
        [d for d in reference_scan(folder).documents if d.source == name])
    scanned, batches, _progress = batched_scan(folder, monkeypatch, fixes=fixes)
    same_corpus(scanned, expected)
    assert [d.id for b in batches for d in b.documents if d.source == name] == [
        d.id for d in expected.documents if d.source == name]


def test_a_cancelled_scan_stops_between_files(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scanning, "SAMPLE_FILES", 4)
    batches: list[ScanBatch] = []
    listener = ScanListener(articles=batches.append, cancelled=lambda: bool(batches))
    with pytest.raises(ScanCancelled):
        scan_corpus(folder, listener=listener)
    assert len(batches) == 1


def test_a_scan_cancelled_while_grouping_duplicates_stops_there(folder: Path) -> None:
    # Closing the window during the last phase of a first scan must not wait for it (10 s at 10k).
    phases: list[str] = []
    listener = ScanListener(progress=lambda done, total, phase: phases.append(phase),
                            cancelled=lambda: "grouping duplicates" in phases)
    with pytest.raises(ScanCancelled):
        scan_corpus(folder, listener=listener)
    assert phases[-1] == "grouping duplicates"


def test_duplicate_grouping_asks_whether_to_go_on_and_stops_when_told() -> None:
    texts = [f"article {n} about the harbour and the new water plant in the old town" for n in range(1000)]
    calls: list[int] = []

    def check() -> None:
        calls.append(1)
        if len(calls) == 3:
            raise ScanCancelled("stop")

    with pytest.raises(ScanCancelled):
        duplicate_groups(texts, check)
    assert len(calls) == 3
    assert duplicate_groups(texts[:10]) == duplicate_groups(texts[:10], lambda: None)
