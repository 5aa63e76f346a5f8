"""What a user gets from the corpus loader: the right text from messy files, plain skip reasons.

Every fixture is generated here (no binary test data in the repo), so each test shows exactly
which bytes a real-world file would contain.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import tempfile
import time
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.ingest.loader import (
    MAX_FILE_BYTES,
    READERS,
    SUPPORTED_SUFFIXES,
    CorpusError,
    NotText,
    Skipped,
    SourceFile,
    decode_bytes,
    iter_corpus,
    load_corpus_files,
    load_file,
    normalise_text,
    supported_suffixes,
)

REPO = Path(__file__).resolve().parents[2]

ARABIC = "قال المتحدث باسم الحكومة إن الاجتماع سيعقد في الأسبوع المقبل لمناقشة الوضع الاقتصادي."
ENGLISH = "The minister said on Thursday that the talks would resume next week."
MIXED = f"{ENGLISH}\n{ARABIC}\n(AFP) قال \"Hezbollah\" — 2020"
PNG_HEADER = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00"
    b"\x5c\x72\xa8\x66\x00\x00\x00\x04gAMA\x00\x00\xb1\x8f\x0b\xfc\x61\x05"
)


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def not_text_reason(data: bytes) -> str:
    with pytest.raises(NotText) as info:
        decode_bytes(data)
    return str(info.value)


# --------------------------------------------------------------------------------------------
# decode_bytes: encodings
# --------------------------------------------------------------------------------------------


def test_utf8_without_bom() -> None:
    assert decode_bytes(MIXED.encode("utf-8")) == (MIXED, "utf-8")


def test_utf8_with_bom_drops_the_bom() -> None:
    text, encoding = decode_bytes(b"\xef\xbb\xbf" + MIXED.encode("utf-8"))
    assert (text, encoding) == (MIXED, "utf-8-sig")
    assert not text.startswith("\ufeff")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(codec: str) -> None:
    assert decode_bytes(("\ufeff" + MIXED).encode(codec)) == (MIXED, codec)


def test_utf16_via_python_codec_with_native_bom() -> None:
    text, encoding = decode_bytes(MIXED.encode("utf-16"))  # what Notepad "Unicode" writes
    assert text == MIXED
    assert encoding in {"utf-16-le", "utf-16-be"}


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("sample", [ENGLISH, MIXED, "Hi"], ids=["english", "mixed", "tiny"])
def test_utf16_without_bom(codec: str, sample: str) -> None:
    assert decode_bytes(sample.encode(codec)) == (sample, codec)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_pure_arabic_utf16_without_bom_has_no_zero_bytes(codec: str) -> None:
    # Arabic letters and the Arabic comma only: every byte is 0x06 or 0x0C..0x4A, never 0x00.
    sample = "مرحبا،بكم،في،القاهرة؟نعم"
    data = sample.encode(codec)
    assert b"\x00" not in data
    assert decode_bytes(data) == (sample, codec)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_arabic_utf16_without_bom_with_spaces_and_newlines(codec: str) -> None:
    sample = ARABIC + "\n" + ARABIC
    assert decode_bytes(sample.encode(codec)) == (sample, codec)


def test_utf16_without_bom_odd_length_ignores_the_dangling_byte() -> None:
    text, encoding = decode_bytes(ARABIC.encode("utf-16-le") + b"\x06")
    assert (text, encoding) == (ARABIC, "utf-16-le")


def test_utf32_with_bom() -> None:
    assert decode_bytes(("\ufeff" + MIXED).encode("utf-32-le")) == (MIXED, "utf-32-le")


def test_utf8_arabic_is_not_mistaken_for_utf16() -> None:
    # UTF-8 Arabic alternates 0xD8/0xD9 lead bytes: a regular pattern, but not UTF-16's.
    sample = "مرحبابكمفيالقاهرة"
    assert decode_bytes(sample.encode("utf-8")) == (sample, "utf-8")


def test_windows_1256_arabic() -> None:
    # ف (0xDD), ق (0xDE) and ي (0xED) do not exist at those bytes in ISO-8859-6.
    sample = "في القاهرة يوم الخميس"
    with pytest.raises(UnicodeDecodeError):
        sample.encode("cp1256").decode("iso-8859-6")
    assert decode_bytes(sample.encode("cp1256")) == (sample, "cp1256")


def test_iso_8859_6_arabic() -> None:
    # Valid in cp1256 too, but there it reads "انسناه ظنêمه ...": mixed scripts, no "ال".
    sample = "السلام عليكم ورحمة الله"
    data = sample.encode("iso-8859-6")
    assert data.decode("cp1256") != sample
    assert decode_bytes(data) == (sample, "iso-8859-6")


def test_iso_8859_6_short_text_that_stays_arabic_in_cp1256() -> None:
    # "السلام" in ISO bytes reads "انسناه" in cp1256: all Arabic, only the article tells.
    sample = "السلام السلام"
    assert decode_bytes(sample.encode("iso-8859-6")) == (sample, "iso-8859-6")


def test_arabic_text_common_to_both_arabic_code_pages() -> None:
    sample = "خبر سار حرب ذات أثر بحث جاد"  # only letters at bytes 0xC1-0xD6
    data = sample.encode("cp1256")
    assert data == sample.encode("iso-8859-6")
    text, encoding = decode_bytes(data)
    assert text == sample
    assert encoding in {"cp1256", "iso-8859-6"}


def test_long_windows_1256_article_with_punctuation() -> None:
    sample = "\n\n".join([ARABIC, "وقال: «لا اتفاق» حتى الآن، بحسب المصدر.", ARABIC] * 20)
    assert decode_bytes(sample.encode("cp1256")) == (sample, "cp1256")


def test_long_iso_8859_6_article() -> None:
    sample = "\n".join(["السلام عليكم ورحمة الله وبركاته", "قال المسؤول إن الوضع مستقر"] * 30)
    assert decode_bytes(sample.encode("iso-8859-6")) == (sample, "iso-8859-6")


@pytest.mark.parametrize("codec", ["cp1252", "latin-1"])
def test_latin_accents(codec: str) -> None:
    sample = "café résumé naïve, the façade of the Hôtel"
    text, encoding = decode_bytes(sample.encode(codec))
    assert text == sample
    assert encoding in {"cp1252", "latin-1"}


def test_cp1252_smart_quotes_and_dashes() -> None:
    sample = "“Café” – the résumé’s naïve author…"
    assert decode_bytes(sample.encode("cp1252")) == (sample, "cp1252")


def test_mostly_utf8_with_one_pasted_cp1252_byte_stays_utf8() -> None:
    data = (ARABIC + " ").encode() * 5 + "café".encode("cp1252") + b" end"
    text, encoding = decode_bytes(data)
    assert encoding == "utf-8"
    assert text.startswith(ARABIC)
    assert text.endswith("caf\ufffd end")


def test_utf8_cut_mid_character_at_the_end() -> None:
    text, encoding = decode_bytes("مرحبا بكم".encode()[:-1])
    assert (text, encoding) == ("مرحبا بك\ufffd", "utf-8")


# --------------------------------------------------------------------------------------------
# decode_bytes: not text
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b" ", b"\r\n\t \r\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf \n"])
def test_empty_or_whitespace_only(data: bytes) -> None:
    assert not_text_reason(data) == "empty file"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_whitespace_only_is_empty(codec: str) -> None:
    assert not_text_reason(("\ufeff \n\t").encode(codec)) == "empty file"
    assert not_text_reason((" \r\n ").encode(codec)) == "empty file"  # no BOM either


def test_png_is_binary() -> None:
    assert not_text_reason(PNG_HEADER + bytes(range(256))) == "binary content (not text)"


def test_random_bytes_are_binary() -> None:
    rng = random.Random(1234)
    data = bytes(rng.randrange(256) for _ in range(4096))
    assert not_text_reason(data) == "binary content (not text)"


def test_nuls_in_a_non_utf16_file_are_binary() -> None:
    data = b"\x00\x01\x00\x00\x10\x00\x00\x00abc\x00\x00\x07\x00\x02\x00\x00\x00\x00\x00hdr\x00"
    assert not_text_reason(data) == "binary content (not text)"


def test_only_nul_bytes() -> None:
    assert not_text_reason(b"\x00" * 4096) == "empty file (only NUL bytes)"


def test_many_control_characters_are_binary() -> None:
    data = bytes([1, 2, 3, 4, 5, 0x1B, 0x7F]) * 50 + b"some text"
    assert not_text_reason(data) == "binary content (not text)"


# --------------------------------------------------------------------------------------------
# decode_bytes: normalisation
# --------------------------------------------------------------------------------------------


def test_stray_nul_bytes_are_removed() -> None:
    data = (ENGLISH + "\x00 " + ARABIC + "\x00\n").encode() * 3
    text, encoding = decode_bytes(data)
    assert encoding == "utf-8"
    assert text == (ENGLISH + " " + ARABIC + "\n") * 3


def test_trailing_nul_padding_and_dos_eof_marker_are_dropped() -> None:
    assert decode_bytes(MIXED.encode() + b"\x00" * 5000) == (MIXED, "utf-8")
    assert decode_bytes(b"Old DOS file\r\n\x1a") == ("Old DOS file\n", "utf-8")


def test_line_endings_become_lf() -> None:
    assert decode_bytes(b"one\r\ntwo\rthree\nfour")[0] == "one\ntwo\nthree\nfour"
    text, _ = decode_bytes("سطر\r\nسطر".encode("utf-16-le"))
    assert text == "سطر\nسطر"


def test_text_is_nfc() -> None:
    decomposed = "cafe\u0301 \u0627\u0654"  # e + combining acute, alef + hamza above
    text, _ = decode_bytes(decomposed.encode())
    assert text == "café \u0623"
    assert unicodedata.is_normalized("NFC", text)


def test_normalise_text() -> None:
    assert normalise_text("\ufeffa\r\nb\rc\x00d\u0065\u0301") == "a\nb\ncdé"
    assert normalise_text("\r\x00\n") == "\n"  # NUL removed before CRLF is recognised
    assert normalise_text("x\ufeffy") == "x\ufeffy"  # only a leading BOM is a BOM


def test_two_megabyte_single_line_loads_fast_and_round_trips() -> None:
    line = ("Words and كلمات, " * 120_000)[: 2 * 1024 * 1024]
    data = line.encode("utf-8")
    assert len(data) > 2 * 1024 * 1024
    start = time.perf_counter()
    text, encoding = decode_bytes(data)
    elapsed = time.perf_counter() - start
    assert (text, encoding) == (line, "utf-8")
    assert elapsed < 5  # sanity bound only: the real cost is tens of milliseconds


@pytest.mark.parametrize("codec", ["cp1256", "utf-16-le"])
def test_two_megabyte_single_line_legacy_and_utf16_are_not_quadratic(codec: str) -> None:
    line = "قال المتحدث باسم الحكومة " * 80_000
    start = time.perf_counter()
    text, encoding = decode_bytes(line.encode(codec))
    assert time.perf_counter() - start < 5
    assert (text, encoding) == (line, codec)


# --------------------------------------------------------------------------------------------
# decode_bytes: properties
# --------------------------------------------------------------------------------------------

_interesting_bytes = st.lists(
    st.sampled_from([0x00, 0x06, 0x20, 0x27, 0x44, 0x0D, 0x0A, 0xD8, 0xD9, 0xEF, 0xBB, 0xBF, 0xFE, 0xFF]),
    max_size=200,
).map(bytes)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.binary(max_size=2000), _interesting_bytes))
def test_decode_bytes_returns_clean_text_or_raises_not_text(data: bytes) -> None:
    try:
        text, encoding = decode_bytes(data)
    except NotText as exc:
        assert str(exc) in {"empty file", "binary content (not text)", "empty file (only NUL bytes)"}
        return
    assert isinstance(text, str) and text.strip()
    assert "\x00" not in text and "\r" not in text
    assert not text.startswith("\ufeff")
    assert unicodedata.is_normalized("NFC", text)
    text.encode("utf-8")  # no lone surrogates
    assert isinstance(encoding, str) and encoding


_prose = st.text(
    alphabet=st.sampled_from("abcXYZ éü \n.,;:!?-'\"0123456789 ابتثجحخدذرزسشصضطظعغفقكلمنهوي،؟ءأإآةى"),
    min_size=1,
    max_size=300,
).filter(lambda s: any(ch.isalpha() for ch in s))


@settings(max_examples=200, deadline=None)
@given(_prose, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"]))
def test_unicode_encodings_round_trip(sample: str, codec: str) -> None:
    text, _ = decode_bytes(sample.encode(codec))
    assert text == normalise_text(sample)


# --------------------------------------------------------------------------------------------
# Walking a corpus
# --------------------------------------------------------------------------------------------


def relpaths(items: list[SourceFile | Skipped]) -> list[str]:
    return [i.relpath if isinstance(i, SourceFile) else i.path for i in items]


def reasons(skipped: list[Skipped]) -> dict[str, str]:
    return {s.path: s.reason for s in skipped}


def test_walk_is_recursive_sorted_and_ignores_other_files(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", ENGLISH)
    write(tmp_path / "a" / "z.txt", ARABIC.encode("cp1256"))
    write(tmp_path / "a" / "deeper" / "m.TXT", MIXED.encode("utf-16"))
    write(tmp_path / "metadata.csv", "id,date\n1,2020-01-01\n")
    write(tmp_path / "README.md", "# Corpus\n")
    write(tmp_path / "notes.odt", b"PK\x03\x04")  # a format the corpus does not read
    write(tmp_path / "image.png", PNG_HEADER)
    write(tmp_path / ".hidden.txt", "secret")
    write(tmp_path / ".git" / "x.txt", "not an article")
    write(tmp_path / "a" / ".cache" / "y.txt", "not an article")

    items = list(iter_corpus(tmp_path))
    assert relpaths(items) == ["a/deeper/m.TXT", "a/z.txt", "b.txt"]
    assert all(isinstance(i, SourceFile) for i in items)
    by_rel = {i.relpath: i for i in items if isinstance(i, SourceFile)}
    assert (by_rel["b.txt"].text, by_rel["b.txt"].encoding) == (ENGLISH, "utf-8")
    assert (by_rel["a/z.txt"].text, by_rel["a/z.txt"].encoding) == (ARABIC, "cp1256")
    assert by_rel["a/deeper/m.TXT"].text == MIXED
    source = by_rel["a/z.txt"]
    assert source.path == tmp_path / "a" / "z.txt"
    assert source.path.is_absolute()
    assert source.size == len(ARABIC.encode("cp1256"))


def test_load_corpus_files_splits_and_sorts(tmp_path: Path) -> None:
    write(tmp_path / "c.txt", "third")
    write(tmp_path / "a.txt", "first")
    write(tmp_path / "sub" / "b.txt", b"")
    write(tmp_path / "bin.txt", PNG_HEADER)
    loaded, skipped = load_corpus_files(str(tmp_path))
    assert [f.relpath for f in loaded] == ["a.txt", "c.txt"]
    assert [f.text for f in loaded] == ["first", "third"]
    assert skipped == [
        Skipped("bin.txt", "binary content (not text)"),
        Skipped("sub/b.txt", "empty file"),
    ]


def test_root_readme_is_not_an_article_and_not_a_problem(tmp_path: Path) -> None:
    write(tmp_path / "README.txt", "This corpus was collected in 2020.")
    write(tmp_path / "sub" / "readme.txt", "An article that happens to be called readme.")
    loaded, skipped = load_corpus_files(tmp_path)
    assert [f.relpath for f in loaded] == ["sub/readme.txt"]
    assert skipped == [], "describing the corpus is what a README is for"


def test_plain_text_readers_and_structured_formats_are_both_picked_up() -> None:
    assert SUPPORTED_SUFFIXES == frozenset({".txt"}) == frozenset(READERS)
    assert READERS[".txt"] is decode_bytes
    assert supported_suffixes() > SUPPORTED_SUFFIXES, "web pages, PDF, Word... (reader.ingest.formats)"


def test_symlinked_file_is_followed(tmp_path: Path) -> None:
    write(tmp_path / "real" / "a.txt", ARABIC)
    (tmp_path / "alias.txt").symlink_to(tmp_path / "real" / "a.txt")
    loaded, skipped = load_corpus_files(tmp_path)
    assert {f.relpath: f.text for f in loaded} == {"alias.txt": ARABIC, "real/a.txt": ARABIC}
    assert skipped == []


def test_broken_symlink_is_reported(tmp_path: Path) -> None:
    write(tmp_path / "ok.txt", ENGLISH)
    (tmp_path / "gone.txt").symlink_to(tmp_path / "deleted.txt")
    (tmp_path / "gone_dir").symlink_to(tmp_path / "deleted_dir")
    (tmp_path / "gone.png").symlink_to(tmp_path / "deleted.png")  # not ours: silent
    loaded, skipped = load_corpus_files(tmp_path)
    assert [f.relpath for f in loaded] == ["ok.txt"]
    assert reasons(skipped) == {
        "gone.txt": "broken symbolic link",
        "gone_dir": "broken symbolic link",
    }


def test_self_referencing_symlink_is_a_loop(tmp_path: Path) -> None:
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    (tmp_path / "ping.txt").symlink_to(tmp_path / "pong.txt")
    (tmp_path / "pong.txt").symlink_to(tmp_path / "ping.txt")
    loaded, skipped = load_corpus_files(tmp_path)
    assert loaded == []
    assert reasons(skipped) == {
        "loop.txt": "symbolic link loop",
        "ping.txt": "symbolic link loop",
        "pong.txt": "symbolic link loop",
    }


def test_directory_symlink_to_parent_is_a_loop_and_not_followed(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", ENGLISH)
    write(tmp_path / "sub" / "b.txt", ARABIC)
    (tmp_path / "sub" / "up").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "sub" / "here").symlink_to(Path("."), target_is_directory=True)
    loaded, skipped = load_corpus_files(tmp_path)
    assert [f.relpath for f in loaded] == ["a.txt", "sub/b.txt"]
    assert reasons(skipped) == {"sub/up": "symbolic link loop", "sub/here": "symbolic link loop"}


def test_directory_symlink_inside_corpus_is_not_read_twice(tmp_path: Path) -> None:
    write(tmp_path / "zz_real" / "b.txt", ARABIC)
    (tmp_path / "aa_alias").symlink_to(tmp_path / "zz_real", target_is_directory=True)
    loaded, skipped = load_corpus_files(tmp_path)
    assert [f.relpath for f in loaded] == ["zz_real/b.txt"]
    assert reasons(skipped) == {"aa_alias": "symbolic link to a folder already in the corpus"}


def test_directory_symlink_outside_corpus_is_followed_once(tmp_path: Path) -> None:
    corpus, outside = tmp_path / "corpus", tmp_path / "outside"
    write(outside / "c.txt", MIXED)
    write(corpus / "a.txt", ENGLISH)
    (corpus / "ext").symlink_to(outside, target_is_directory=True)
    (corpus / "ext2").symlink_to(outside, target_is_directory=True)
    (outside / "back").symlink_to(corpus, target_is_directory=True)  # loops back via the link
    loaded, skipped = load_corpus_files(corpus)
    assert {f.relpath: f.text for f in loaded} == {"a.txt": ENGLISH, "ext/c.txt": MIXED}
    assert loaded[1].path == corpus / "ext" / "c.txt"
    assert reasons(skipped) == {
        "ext/back": "symbolic link loop",
        "ext2": "symbolic link to a folder already in the corpus",
    }


def test_corpus_root_given_through_a_symlink(tmp_path: Path) -> None:
    write(tmp_path / "real" / "a.txt", ENGLISH)
    write(tmp_path / "real" / "sub" / "b.txt", ENGLISH)
    (tmp_path / "real" / "sub" / "up").symlink_to(tmp_path / "real", target_is_directory=True)
    (tmp_path / "link").symlink_to(tmp_path / "real", target_is_directory=True)
    loaded, skipped = load_corpus_files(tmp_path / "link")
    assert [f.relpath for f in loaded] == ["a.txt", "sub/b.txt"]
    assert reasons(skipped) == {"sub/up": "symbolic link loop"}


def test_folder_named_like_a_text_file_is_walked(tmp_path: Path) -> None:
    write(tmp_path / "x.txt" / "inner.txt", ENGLISH)
    loaded, skipped = load_corpus_files(tmp_path)
    assert [f.relpath for f in loaded] == ["x.txt/inner.txt"]
    assert skipped == []


def test_load_file_on_a_folder_is_not_a_regular_file(tmp_path: Path) -> None:
    (tmp_path / "x.txt").mkdir()
    assert load_file(tmp_path / "x.txt", "x.txt") == Skipped("x.txt", "not a regular file")
    assert load_file(tmp_path / "x.txt") == Skipped(str(tmp_path / "x.txt"), "not a regular file")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_is_not_a_regular_file_and_does_not_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    write(tmp_path / "ok.txt", ENGLISH)
    loaded, skipped = load_corpus_files(tmp_path)
    assert [f.relpath for f in loaded] == ["ok.txt"]
    assert skipped == [Skipped("pipe.txt", "not a regular file")]
    assert load_file(tmp_path / "pipe.txt", "pipe.txt") == Skipped("pipe.txt", "not a regular file")


def test_load_file_reports_missing_and_broken(tmp_path: Path) -> None:
    assert load_file(tmp_path / "nope.txt", "nope.txt").reason.startswith("file not found")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nope.txt")
    assert load_file(tmp_path / "dangling.txt", "dangling.txt") == Skipped(
        "dangling.txt", "broken symbolic link"
    )
    ok = load_file(write(tmp_path / "ok.txt", ENGLISH))
    assert isinstance(ok, SourceFile)
    assert (ok.relpath, ok.text) == ("ok.txt", ENGLISH)


def test_file_above_the_size_limit_is_skipped_with_its_size(tmp_path: Path) -> None:
    big = tmp_path / "dump.txt"
    with big.open("wb") as handle:  # sparse: no 73 MB actually written
        handle.truncate(int(73.2 * 1024 * 1024))
    write(tmp_path / "limit.txt", b"a" * 10)
    loaded, skipped = load_corpus_files(tmp_path)
    assert [f.relpath for f in loaded] == ["limit.txt"]
    assert skipped == [Skipped("dump.txt", "larger than 50 MB limit (73.2 MB)")]
    assert MAX_FILE_BYTES == 50 * 1024 * 1024


def test_file_exactly_at_the_limit_is_read(tmp_path: Path) -> None:
    path = write(tmp_path / "edge.txt", b"")
    with path.open("wb") as handle:
        handle.write(b"x" * 1024)
        handle.truncate(MAX_FILE_BYTES)  # trailing NUL padding: dropped by the decoder
    result = load_file(path, "edge.txt")
    assert isinstance(result, SourceFile)
    assert (result.text, result.size) == ("x" * 1024, MAX_FILE_BYTES)


def test_unicode_and_undecodable_file_names(tmp_path: Path) -> None:
    write(tmp_path / "مقال" / "نص.txt", ARABIC)
    raw = os.path.join(os.fsencode(tmp_path), "caf\xe9.txt".encode("latin-1"))
    with open(raw, "wb") as handle:
        handle.write(ENGLISH.encode())
    loaded, skipped = load_corpus_files(tmp_path)
    assert skipped == []
    by_rel = {f.relpath: f for f in loaded}
    assert set(by_rel) == {"caf\ufffd.txt", "مقال/نص.txt"}
    assert by_rel["caf\ufffd.txt"].text == ENGLISH
    assert by_rel["caf\ufffd.txt"].path.exists()  # the real (undecodable) name still opens
    json.dumps([f.relpath for f in loaded])  # relpaths are always storable


# --------------------------------------------------------------------------------------------
# Corpus root errors
# --------------------------------------------------------------------------------------------


def test_missing_root(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match=r"^corpus folder not found: "):
        iter_corpus(tmp_path / "missing")  # raised on the call, before iteration


def test_root_is_a_file(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match=r"^corpus path is not a folder: "):
        load_corpus_files(write(tmp_path / "a.txt", ENGLISH))


def test_root_is_a_broken_symlink(tmp_path: Path) -> None:
    (tmp_path / "link").symlink_to(tmp_path / "gone")
    with pytest.raises(CorpusError, match="broken symbolic link"):
        iter_corpus(tmp_path / "link")


@pytest.mark.parametrize("root", ["", "   "])
def test_no_root_given(root: str) -> None:
    with pytest.raises(CorpusError, match="no corpus folder was given"):
        iter_corpus(root)


def test_error_message_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(CorpusError) as info:
        iter_corpus(tmp_path / "two\nlines")
    assert "\n" not in str(info.value)


def test_empty_corpus(tmp_path: Path) -> None:
    assert load_corpus_files(tmp_path) == ([], [])


# --------------------------------------------------------------------------------------------
# Permission denied. Root ignores chmod, so as root the check runs in a child as nobody.
# --------------------------------------------------------------------------------------------

def _load_as_is(root: Path) -> dict[str, object]:
    try:
        loaded, skipped = load_corpus_files(root)
    except CorpusError as exc:
        return {"error": str(exc)}
    return {"loaded": [f.relpath for f in loaded], "skipped": reasons(skipped)}


def _load_with_permissions(root: Path) -> dict[str, object]:
    """Run the loader where permissions apply: in-process, or in a forked child that drops to
    ``nobody`` when we are root (root ignores chmod). The child reuses the loaded modules."""
    if os.geteuid() != 0:
        return _load_as_is(root)
    if not hasattr(os, "fork"):
        pytest.skip("running as root without fork(): cannot test unreadable files")
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: never return into pytest
        status = 1
        try:
            os.close(read_end)
            os.setgid(65534)
            os.setuid(65534)
            with os.fdopen(write_end, "w") as out:
                out.write(json.dumps(_load_as_is(root)))
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end) as inp:
        payload = inp.read()
    _, status = os.waitpid(pid, 0)
    if status != 0 or not payload:
        pytest.skip("running as root and could not drop privileges to test unreadable files")
    return json.loads(payload)


@pytest.fixture
def shared_tmp() -> Path:
    """A temp dir an unprivileged child can reach (pytest's tmp_path is private to root)."""
    if not hasattr(os, "geteuid"):
        pytest.skip("POSIX permissions only")
    path = Path(tempfile.mkdtemp(prefix="loader-perm-"))
    path.chmod(0o755)
    yield path
    for sub in path.rglob("*"):
        if sub.is_dir() and not sub.is_symlink():
            sub.chmod(0o755)
    shutil.rmtree(path, ignore_errors=True)


def test_unreadable_file_and_folder_are_permission_denied(shared_tmp: Path) -> None:
    root = shared_tmp / "corpus"
    write(root / "ok.txt", ENGLISH)
    write(root / "locked.txt", ARABIC)
    write(root / "private" / "inner.txt", ARABIC)
    for path in (root, root / "private"):
        path.chmod(0o755)
    (root / "ok.txt").chmod(0o644)
    (root / "locked.txt").chmod(0o000)
    (root / "private").chmod(0o000)
    result = _load_with_permissions(root)
    assert result == {
        "loaded": ["ok.txt"],
        "skipped": {
            "locked.txt": "permission denied",
            "private": "permission denied (folder could not be read)",
        },
    }


def test_unreadable_root_is_a_corpus_error(shared_tmp: Path) -> None:
    root = shared_tmp / "corpus"
    write(root / "a.txt", ENGLISH)
    root.chmod(0o000)
    result = _load_with_permissions(root)
    assert set(result) == {"error"}
    assert "permission denied" in str(result["error"])


# --------------------------------------------------------------------------------------------
# Random folder trees
# --------------------------------------------------------------------------------------------

_name_char = st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00")
_stem = st.text(_name_char, min_size=1, max_size=10).filter(lambda s: s not in {".", ".."})
_suffix = st.sampled_from([".txt", ".txt", ".TXT", ".md", ".csv", ""])
_name = st.builds(lambda stem, suffix: stem + suffix, _stem, _suffix).filter(
    lambda n: len(n.encode("utf-8")) <= 200
)
_content = st.one_of(
    st.just(b""),
    st.binary(max_size=300),
    _prose.map(lambda s: s.encode("utf-8")),
    _prose.map(lambda s: s.encode("utf-16")),
    st.sampled_from([ARABIC.encode("cp1256"), PNG_HEADER, b"\x00" * 10]),
)
_tree = st.recursive(
    st.dictionaries(_name, _content, max_size=5),
    lambda children: st.dictionaries(_name, st.one_of(_content, children), max_size=4),
    max_leaves=20,
)


def _build(folder: Path, tree: dict, parts: tuple[str, ...], expected: list[str]) -> None:
    for name, node in tree.items():
        path = folder / name
        hidden = name.startswith(".")
        if isinstance(node, dict):
            path.mkdir()
            if not hidden:
                _build(path, node, (*parts, name), expected)
        else:
            path.write_bytes(node)
            readme = not parts and name.lower().startswith("readme")
            if not hidden and not readme and Path(name).suffix.lower() in supported_suffixes():
                expected.append("/".join((*parts, name)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_tree)
def test_random_trees_every_text_file_is_loaded_or_skipped_exactly_once(tree: dict) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        expected: list[str] = []
        _build(root, tree, (), expected)
        items = list(iter_corpus(root))
        seen = relpaths(items)
        assert Counter(seen) == Counter(expected)
        assert seen == sorted(seen)
        for item in items:
            if isinstance(item, SourceFile):
                assert item.text.strip() and "\x00" not in item.text and "\r" not in item.text
                assert item.size == item.path.stat().st_size
            else:
                assert item.reason and "\n" not in item.reason


# --------------------------------------------------------------------------------------------
# The sample corpus shipped with the repo, if present
# --------------------------------------------------------------------------------------------


def test_sample_corpus_loads_if_present() -> None:
    corpus = REPO / "corpus"
    if not corpus.is_dir():
        pytest.skip("no sample corpus in this checkout")
    loaded, skipped = load_corpus_files(corpus)
    expected = sorted(p.relative_to(corpus).as_posix() for p in corpus.rglob("*.txt"))
    assert sorted([f.relpath for f in loaded] + [s.path for s in skipped]) == expected
    assert all(f.text.strip() for f in loaded)
