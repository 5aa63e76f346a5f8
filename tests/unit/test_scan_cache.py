"""The scan cache serves an unchanged corpus instantly and never serves a stale one."""

from __future__ import annotations

import os

from reader.ingest.scan_cache import cache_path, load_corpus

BODY = (
    "The minister said on Monday that the talks would continue next week, after both delegations "
    "agreed to meet again in the capital to settle the remaining questions about the border."
)


def _corpus(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "a.txt").write_text(f"Talks Resume In The Capital\n\n{BODY}\n", encoding="utf-8")
    return root


def test_unchanged_corpus_comes_from_the_cache(tmp_path):
    root = _corpus(tmp_path)
    first = load_corpus(root)
    assert cache_path(root).is_file()
    second = load_corpus(root)
    assert [d.id for d in second.documents] == [d.id for d in first.documents]
    assert second.documents[0].text == first.documents[0].text


def test_an_edited_file_is_rescanned(tmp_path):
    root = _corpus(tmp_path)
    load_corpus(root)
    path = root / "a.txt"
    path.write_text(f"A New Headline For The Story\n\n{BODY}\n", encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert load_corpus(root).documents[0].title == "A New Headline For The Story"


def test_added_and_removed_files_are_seen(tmp_path):
    root = _corpus(tmp_path)
    load_corpus(root)
    (root / "b.txt").write_text(f"Second Story Of The Day\n\n{BODY} Also more.\n", encoding="utf-8")
    assert len(load_corpus(root).documents) == 2
    (root / "a.txt").unlink()
    assert [d.source for d in load_corpus(root).documents] == ["b.txt"]


def test_a_damaged_cache_is_rebuilt(tmp_path):
    root = _corpus(tmp_path)
    load_corpus(root)
    cache_path(root).write_bytes(b"not a pickle")
    assert load_corpus(root).documents[0].title == "Talks Resume In The Capital"
