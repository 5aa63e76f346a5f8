"""Walk a corpus folder and decode every real-world text file, or say in one sentence why not.

Corpora arrive from scrapers, Windows desktops and old archives: UTF-8 with or without a BOM,
UTF-16 without a BOM (pure Arabic UTF-16 has no zero bytes at all), Windows-1256 and
ISO-8859-6 Arabic, cp1252 English, stray NULs, CRLF line endings, broken symbolic links and
unreadable files. The reader must open whatever it can and explain the rest, so nothing here
raises for a single bad file: it becomes a :class:`Skipped` with a human-readable reason.
Only an unusable corpus root raises :class:`CorpusError`.

The order is deterministic (sorted by relative path) so document ids and the UI are stable
between scans. No Qt: this module is shared by the app, the CLI and the tests.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import itertools
import logging
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from reader.ingest.formats import EXTRACTORS, MISSING, Extracted, load_extractors
from reader.ingest.tables import article_rows

log = logging.getLogger(__name__)

__all__ = [
    "MAX_FILE_BYTES",
    "READERS",
    "SUPPORTED_SUFFIXES",
    "CorpusError",
    "NotText",
    "Reader",
    "Skipped",
    "SourceFile",
    "decode_bytes",
    "iter_corpus",
    "load_corpus_files",
    "load_file",
    "normalise_text",
    "read_file_bytes",
    "supported_suffixes",
]

MAX_FILE_BYTES = 50 * 1024 * 1024
"""Files above this are skipped with a reason: a bigger "article" is a dump or a mistake, and
decoding it would freeze the UI and the index."""

_MB = 1024 * 1024


@dataclass(frozen=True)
class SourceFile:
    """One decoded file; ``text`` is ready for segmentation (NFC, ``\\n`` only, no NUL).

    ``extracted`` is set for files that are not plain text (web pages, PDF, Word, EPUB, Markdown):
    what the file says about its structure and metadata (:mod:`reader.ingest.formats`); ``text``
    is then the page's full text, for "Show original", and ``encoding`` the format's name.
    """

    path: Path
    relpath: str
    text: str
    encoding: str
    size: int
    extracted: Extracted | None = None


@dataclass(frozen=True)
class Skipped:
    """A file the user should hear about, with the reason in one plain sentence."""

    path: str
    reason: str


class CorpusError(Exception):
    """The corpus root itself is unusable (missing, not a folder, unreadable)."""


class NotText(ValueError):
    """Raised by :func:`decode_bytes`; ``str(exc)`` is the reason shown to the user."""


# --------------------------------------------------------------------------------------------
# Decoding
# --------------------------------------------------------------------------------------------

EMPTY = "empty file"
BINARY = "binary content (not text)"
ONLY_NULS = "empty file (only NUL bytes)"

# Legacy single-byte encodings worth considering for an English/Arabic corpus, as
# (our name, Python/charset-normalizer codec name). Order is the tie-break preference.
_LEGACY = (
    ("cp1256", "cp1256"),
    ("iso-8859-6", "iso8859_6"),
    ("cp1252", "cp1252"),
    ("latin-1", "latin_1"),
)
_ARABIC_CODECS = frozenset({"cp1256", "iso-8859-6"})

# High bytes of UTF-16 code units for the scripts we expect: Latin, Latin-1, Latin Extended,
# Greek, Cyrillic, Hebrew, Arabic, Syriac, Latin Extended Additional, Arabic presentation forms.
_UTF16_SCRIPT_HIGH = bytes([0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x1E, 0xFB, 0xFC, 0xFD, 0xFE])
# ... plus punctuation/symbol blocks that appear in text but never on their own.
_UTF16_PUNCT_HIGH = bytes([0x20, 0x21, 0x22, 0x25, 0x30])

_SAMPLE_WINDOW = 3_000
_UTF16_SAMPLE_BYTES = 64 * 1024
_CN_SAMPLE_BYTES = 256 * 1024

_MAX_BAD_RATIO = 0.05  # control/unassigned/private-use chars tolerated before "binary"
_MIN_TEXTUAL_RATIO = 0.6  # letters/digits/punctuation/space needed from a legacy guess

# C0/C1 controls except tab, LF, VT, FF, CR: these never occur in real prose.
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_WORD_RE = re.compile(r"[^\W\d_]+")
_BAD_CATEGORIES = frozenset({"Cc", "Cn", "Co", "Cs"})
_OK_CONTROLS = frozenset("\t\n\x0b\x0c\r")
_WHITESPACE_BYTES = b" \t\r\n\x0b\x0c"
_AL = "\u0627\u0644"  # the Arabic definite article, the most frequent letter pair in Arabic


def normalise_text(text: str) -> str:
    """One canonical form so offsets, search and dedup agree across editors and platforms."""
    text = text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    return text.lstrip("\ufeff")


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode file bytes into normalised text and the encoding name, or raise :class:`NotText`.

    Order matters: a BOM is proof; UTF-16 without BOM is recognised by its rigid
    every-other-byte pattern before UTF-8 (ASCII-only UTF-16 is *valid* UTF-8 full of NULs);
    strict UTF-8 next because legacy bytes almost never validate as UTF-8 by accident; only then
    guess among legacy single-byte codecs, where every byte decodes and only a plausibility
    score can tell Arabic from mojibake.
    """
    data = bytes(data)
    without_nuls = data.replace(b"\x00", b"")
    if data and not without_nuls:
        raise NotText(ONLY_NULS)
    if not without_nuls.strip(_WHITESPACE_BYTES):  # also catches UTF-16 spaces without BOM
        raise NotText(EMPTY)
    result = _decode_bom(data) or _decode_utf16_unmarked(data)
    if result is None:
        body = data.rstrip(b"\x00\x1a")  # NUL padding after a crash, DOS Ctrl-Z end marker
        result = _decode_utf8(body) or _decode_legacy(body)
    if result is None:
        raise NotText(BINARY)
    text, encoding = result
    text = normalise_text(text)
    if not text.strip():
        raise NotText(EMPTY)
    return text, encoding


def _decode_bom(data: bytes) -> tuple[str, str] | None:
    """Trust a byte-order mark, but still refuse if what follows is clearly not text."""
    if data.startswith(b"\xef\xbb\xbf"):
        body = data[3:]
        if not body.replace(b"\x00", b"").strip(_WHITESPACE_BYTES):
            return "", "utf-8-sig"
        return _decode_utf8(body.rstrip(b"\x00\x1a"), lenient=True, name="utf-8-sig")
    for bom, name in (
        (b"\xff\xfe\x00\x00", "utf-32-le"),
        (b"\x00\x00\xfe\xff", "utf-32-be"),
    ):
        if data.startswith(bom) and len(data) % 4 == 0:
            try:
                text = data[4:].decode(name)
            except UnicodeDecodeError:
                continue
            if _looks_like_text(text):
                return text, name
    for bom, name in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            body = data[2:]
            text = body[: len(body) // 2 * 2].decode(name, errors="replace")
            if not text.strip(" \t\r\n\x0b\x0c\x00") or _looks_like_text(text):
                return text, name
    return None


def _decode_utf16_unmarked(data: bytes) -> tuple[str, str] | None:
    """Recognise UTF-16 without BOM by its high bytes, then let the decoded letters decide.

    In UTF-16 text every other byte is the high byte of a code unit, and for Latin and Arabic
    text that byte is almost always 0x00 or 0x06 (0x20 for dashes and quotes). Pure Arabic has
    no zero byte at all, so looking for NULs is not enough.
    """
    sample = data[:_UTF16_SAMPLE_BYTES]
    sample = sample[: len(sample) // 2 * 2]
    if len(sample) < 2:
        return None
    best: tuple[float, str, str] | None = None
    for name, high in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        script = sum(high.count(b) for b in _UTF16_SCRIPT_HIGH)
        punct = sum(high.count(b) for b in _UTF16_PUNCT_HIGH)
        if script < 0.5 * len(high) or script + punct < 0.9 * len(high):
            continue
        text = data[: len(data) // 2 * 2].decode(name, errors="replace")
        if not _looks_like_text(text):
            continue
        stats = _char_stats(text)
        if stats.textual < 0.8:
            continue
        # Latin and Arabic (high byte 0x00/0x06) beat rarer blocks when both alignments decode.
        core = (high.count(0) + high.count(6)) / len(high)
        score = stats.letters - stats.bad + 0.5 * core
        if best is None or score > best[0]:
            best = (score, name, text)
    return None if best is None else (best[2], best[1])


def _decode_utf8(data: bytes, lenient: bool = False, name: str = "utf-8") -> tuple[str, str] | None:
    """Strict UTF-8; tolerate a few broken sequences only when the file is clearly UTF-8 overall.

    A file cut mid-character or with one pasted cp1252 byte is still a UTF-8 file; refusing it
    would throw the whole article into the legacy guesser and turn its Arabic into mojibake.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _utf8_cut_short(data) or data.decode("utf-8", errors="replace")
        truncated = text.endswith("\ufffd") and not text[:-1].isascii() and "\ufffd" not in text[:-1]
        errors = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
        valid_multibyte = sum(1 for ch in text if ord(ch) > 0x7F) - text.count("\ufffd")
        clearly_utf8 = valid_multibyte >= 10 * errors and errors <= 0.01 * len(text)
        if not (lenient or clearly_utf8 or truncated):
            return None
    checked = text[:-1] if text.endswith("\ufffd") else text
    return (text, name) if _looks_like_text(checked) else None


def _utf8_cut_short(data: bytes) -> str | None:
    """Valid UTF-8 whose last character was cut off (truncated download, full disk)."""
    for cut in (1, 2, 3):
        if len(data) > cut and data[-cut] >= 0xC2:
            try:
                return data[:-cut].decode("utf-8") + "\ufffd"
            except UnicodeDecodeError:
                return None
    return None


def _decode_legacy(data: bytes) -> tuple[str, str] | None:
    """Pick the legacy codec whose reading looks most like real words in one script.

    Every byte decodes in cp1256 or latin-1, so strictness proves little; instead we score each
    reading: words must not mix scripts (ISO-8859-6 read as cp1256 gives ``ظنêمه``), Latin words
    must not be runs of accented capitals (cp1256 read as cp1252 gives ``ÇáÞÇåÑÉ``), and Arabic
    words often start with the article ``ال``. charset-normalizer's opinion breaks near-ties.
    """
    readings: dict[str, str] = {}
    scores: dict[str, float] = {}
    for name, codec in _LEGACY:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        stats = _char_stats(text)
        if text and stats.bad <= _MAX_BAD_RATIO and stats.textual >= _MIN_TEXTUAL_RATIO:
            readings[name] = text
            scores[name] = _legacy_score(text) - 10 * stats.bad
    if not readings:
        return None
    top = max(round(score, 3) for score in scores.values())
    tied = [name for name in readings if round(scores[name], 3) == top]
    prefer_arabic = any(_arabic_share(readings[name]) > 0.5 for name in tied)
    order = [name for name, _ in _LEGACY]
    if not prefer_arabic:  # cp1256 keeps French accents where cp1252 has them: say cp1252
        order = [n for n in order if n not in _ARABIC_CODECS] + [n for n in order if n in _ARABIC_CODECS]

    def rank(name: str) -> tuple[float, int]:
        return (round(scores[name], 3), -order.index(name))

    best = max(readings, key=rank)
    guess = _charset_normalizer_guess(data)
    if guess in readings and guess != best:
        if readings[guess] == readings[best]:  # same text, only the name differs
            if (guess in _ARABIC_CODECS) == (best in _ARABIC_CODECS):
                best = guess
        elif scores[guess] >= scores[best] - 0.02:
            best = guess
    return readings[best], best


def _charset_normalizer_guess(data: bytes) -> str | None:
    """charset-normalizer's best guess among our legacy codecs, or None if it has none."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - declared dependency, but never fatal
        return None
    try:
        match = from_bytes(data[:_CN_SAMPLE_BYTES], cp_isolation=[c for _, c in _LEGACY]).best()
    except Exception:  # a third-party guess must never break loading
        return None
    if match is None:
        return None
    names = {codec: name for name, codec in _LEGACY}
    return names.get(match.encoding)


def _legacy_score(text: str) -> float:
    """Higher for readings made of plausible words; see :func:`_decode_legacy`."""
    sample = _sample(text)
    words = _WORD_RE.findall(sample)
    letters = sum(len(w) for w in words)
    coherent = sum(len(w) for w in words if _coherent_word(w))
    coherence = coherent / letters if letters else 0.5
    arabic_words = [w for w in words if _is_arabic_letter(w[0])]
    al_share = sum(w.startswith(_AL) for w in arabic_words) / len(arabic_words) if arabic_words else 0.0
    return coherence + 0.2 * al_share


def _coherent_word(word: str) -> bool:
    """True if a word could be real: one script, and not a run of accented capitals."""
    scripts = {_script(ch) for ch in word}
    if len(scripts) > 1:
        return False
    if scripts != {"latin"} or word.isascii():
        return True
    non_ascii = sum(not ch.isascii() for ch in word)
    if len(word) >= 3 and non_ascii >= 0.75 * len(word):
        return False
    # Real words go Upper-lower or ALL CAPS; mojibake flips case mid-word.
    return not any(a.islower() and b.isupper() for a, b in itertools.pairwise(word))


def _script(ch: str) -> str:
    if _is_arabic_letter(ch):
        return "arabic"
    if ord(ch) < 0x250:
        return "latin"
    return "other"


def _is_arabic_letter(ch: str) -> bool:
    cp = ord(ch)
    return (
        0x0600 <= cp <= 0x06FF
        or 0x0750 <= cp <= 0x077F
        or 0x0870 <= cp <= 0x08FF
        or 0xFB50 <= cp <= 0xFDFF
        or 0xFE70 <= cp <= 0xFEFF
    ) and ch.isalpha()


def _arabic_share(text: str) -> float:
    """Share of non-ASCII letters that are Arabic: tells an Arabic file from accented Latin."""
    letters = [ch for ch in _sample(text) if ch.isalpha() and not ch.isascii()]
    return sum(map(_is_arabic_letter, letters)) / len(letters) if letters else 0.0


@dataclass(frozen=True)
class _Stats:
    bad: float  # control, unassigned, private-use, surrogate or U+FFFD
    letters: float  # letters and combining marks, of non-space characters
    textual: float  # letters, marks, digits, punctuation, of non-space characters


def _sample(text: str) -> str:
    """Start, middle and end windows: keeps scoring linear-time on multi-megabyte lines."""
    if len(text) <= 3 * _SAMPLE_WINDOW:
        return text
    mid = len(text) // 2
    return text[:_SAMPLE_WINDOW] + text[mid : mid + _SAMPLE_WINDOW] + text[-_SAMPLE_WINDOW:]


def _char_stats(text: str) -> _Stats:
    sample = _sample(text)
    bad = letters = textual = spaces = 0
    for ch in sample:
        if ch.isspace():
            spaces += 1
            continue
        cat = unicodedata.category(ch)
        if (cat in _BAD_CATEGORIES and ch not in _OK_CONTROLS) or ch == "\ufffd":
            bad += 1
        elif cat[0] in "LM":
            letters += 1
            textual += 1
        elif cat[0] in "NP":
            textual += 1
    visible = max(len(sample) - spaces, 1)
    full_controls = len(_CONTROL_RE.findall(text)) / max(len(text), 1)
    return _Stats(
        bad=max(bad / max(len(sample), 1), full_controls),
        letters=letters / visible,
        textual=textual / visible,
    )


_BAD_CHAR_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ufffd\ud800-\udfff]")


def _looks_like_text(text: str) -> bool:
    """Few control/private-use characters: binary data decodes to many of them in any codec.

    This is the check every valid UTF-8 file goes through, so it counts with one regex (C speed)
    rather than the per-character statistics the legacy-codec scoring needs.
    """
    if not text:
        return False
    sample = _sample(text)
    bad = len(_BAD_CHAR_RE.findall(sample)) / len(sample)
    full_controls = len(_CONTROL_RE.findall(text)) / len(text)
    return max(bad, full_controls) <= _MAX_BAD_RATIO


# --------------------------------------------------------------------------------------------
# Readers registry
# --------------------------------------------------------------------------------------------

Reader = Callable[[bytes], tuple[str, str]]
"""bytes -> (text, encoding or format name); raises :class:`NotText` with a readable reason."""

READERS: dict[str, Reader] = {
    ".txt": decode_bytes,
    # Later: ".md" (plain text, README excluded), ".html", ".docx", ".pdf" readers go here.
}
SUPPORTED_SUFFIXES = frozenset(READERS)

NOT_ARTICLE_TABLE = (
    "not a table of articles: a CSV or TSV file needs a header row naming its text column (text, "
    "content, body or article), a JSON Lines file an object per line with such a field"
)


def decode_table(data: bytes) -> tuple[str, str]:
    """A scraper's or spreadsheet's table of articles (one per row), decoded like any text file.

    A table of something else (figures, a list of names) holds no article, and saying so beats
    splitting its rows into nonsense "articles".
    """
    text, encoding = decode_bytes(data)
    if article_rows(normalise_text(text)) is None:
        raise NotText(NOT_ARTICLE_TABLE)
    return text, encoding


# Tables of articles: read as text (the splitter reads their rows, as it does in a .txt file), but
# ranked after every other format when files share a name, since they were added last.
TABLE_READERS: dict[str, Reader] = {suffix: decode_table for suffix in (".csv", ".tsv", ".jsonl", ".ndjson")}
# The corpus's own tables at its root: corrections and spellings, not articles.
CORPUS_TABLES = frozenset({"metadata.csv", "aliases.csv"})


def _reader_for(name: str) -> Reader | None:
    suffix = os.path.splitext(name)[1].lower()
    return READERS.get(suffix) or TABLE_READERS.get(suffix)


def supported_suffixes() -> frozenset[str]:
    """Every suffix the corpus walk picks up: text, the formats with an extractor, and those whose
    library is missing (their files are listed as skipped, saying what to install)."""
    load_extractors()
    return frozenset(READERS) | frozenset(TABLE_READERS) | frozenset(EXTRACTORS) | frozenset(MISSING)


def _extract(path: Path, shown: str, relpath: str | None, data: bytes, suffix: str) -> SourceFile | Skipped:
    """A structured file through its format's extractor; any failure is a skip with a reason."""
    if suffix in MISSING:
        return Skipped(shown, MISSING[suffix])
    try:
        extracted = EXTRACTORS[suffix](data, path)
    except NotText as exc:
        return Skipped(shown, str(exc))
    except Exception as exc:  # a damaged or hostile file must not crash a scan
        log.warning("could not read %s: %s", shown, exc, exc_info=True)
        detail = " ".join(str(exc).split())[:120]
        return Skipped(shown, f"could not be read as {suffix[1:].upper()} ({type(exc).__name__}: {detail})")
    if not any(block.text.strip() for block in extracted.blocks):
        return Skipped(shown, f"no text found in this {extracted.fmt.upper()} file")
    original = extracted.original or "\n\n".join(block.text for block in extracted.blocks)
    return SourceFile(
        path=path.absolute(),
        relpath=relpath if relpath is not None else path.name,
        text=normalise_text(original),
        encoding=extracted.fmt,
        size=len(data),
        extracted=extracted,
    )


# --------------------------------------------------------------------------------------------
# Loading one file
# --------------------------------------------------------------------------------------------


def _too_big(size: int, limit: int = MAX_FILE_BYTES) -> str:
    return f"larger than {limit // _MB} MB limit ({size / _MB:.1f} MB)"


def _os_error_reason(exc: OSError, path: str | os.PathLike[str]) -> str:
    """Turn an OSError into the one sentence the user sees."""
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, FileNotFoundError):
        if os.path.islink(path):
            return "broken symbolic link"
        return "file not found (moved or deleted while loading)"
    if isinstance(exc, IsADirectoryError):
        return "not a regular file"
    detail = exc.strerror or type(exc).__name__
    return f"could not be read ({detail.lower()})"


def read_file_bytes(path: str | Path, shown: str, limit: int = MAX_FILE_BYTES) -> bytes | Skipped:
    """The bytes of one regular file of at most ``limit`` bytes, or why not (never raises).

    Opens non-blocking and checks ``fstat`` so a FIFO named ``*.txt`` cannot hang the scan, and
    reads at most ``limit + 1`` bytes so a huge or growing file cannot fill the memory.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        return Skipped(shown, _os_error_reason(exc, path))
    try:
        with os.fdopen(fd, "rb") as handle:
            st = os.fstat(handle.fileno())
            if not stat.S_ISREG(st.st_mode):
                return Skipped(shown, "not a regular file")
            if st.st_size > limit:
                return Skipped(shown, _too_big(st.st_size, limit))
            data = handle.read(limit + 1)
    except OSError as exc:
        return Skipped(shown, _os_error_reason(exc, path))
    if len(data) > limit:  # grew while we were reading
        return Skipped(shown, _too_big(len(data), limit))
    return data


def load_file(path: str | Path, relpath: str | None = None) -> SourceFile | Skipped:
    """Read and decode one file; never raises for file problems, returns :class:`Skipped`."""
    path = Path(path)
    shown = relpath if relpath is not None else str(path)
    data = read_file_bytes(path, shown)
    if isinstance(data, Skipped):
        return data
    suffix = path.suffix.lower()
    if suffix not in READERS and suffix not in TABLE_READERS and suffix in supported_suffixes():
        return _extract(path, shown, relpath, data, suffix)
    reader = _reader_for(path.name) or decode_bytes
    try:
        text, encoding = reader(data)
    except NotText as exc:
        return Skipped(shown, str(exc))
    except Exception as exc:  # a future format reader must not crash a scan
        return Skipped(shown, f"could not be decoded ({type(exc).__name__})")
    return SourceFile(
        path=path.absolute(),
        relpath=relpath if relpath is not None else path.name,
        text=normalise_text(text),
        encoding=encoding,
        size=len(data),
    )


# --------------------------------------------------------------------------------------------
# Walking the corpus
# --------------------------------------------------------------------------------------------


def _one_line(text: str) -> str:
    return text.replace("\r", "\\r").replace("\n", "\\n")


def _display_name(name: str) -> str:
    """File names that are not valid UTF-8 (zip archives from cp1256 desktops) get U+FFFD so
    ``relpath`` can always be stored, indexed and shown; ``path`` still opens the real file."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", errors="replace")
    return name


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def _escaped_name(name: str) -> str:
    """Each byte that is not UTF-8 as ``%XX`` (a lone UTF-16 surrogate, on Windows, as ``%uXXXX``)."""

    def escape(match: re.Match[str]) -> str:
        code = ord(match.group())
        return f"%{code - 0xDC00:02X}" if 0xDC80 <= code <= 0xDCFF else f"%u{code:04X}"

    return _SURROGATE_RE.sub(escape, name)


def _free_name(candidate: str, taken: set[str]) -> str:
    stem, ext = os.path.splitext(candidate)
    name, n = candidate, 1
    while name in taken:
        n += 1
        name = f"{stem}~{n}{ext}"
    taken.add(name)
    return name


def _display_names(names: list[str]) -> dict[str, str]:
    """Each name of one folder as ``relpath`` shows it, no two alike.

    Ids and notes are keyed by what ``relpath`` shows, so it must name one file. Two names that
    differ only in bytes that are not UTF-8 would both show U+FFFD: the first of them (a valid name
    first, then by code point) keeps that form, as it always had it, and the others show their bad
    bytes as ``%XX``. The choice depends only on the names, never on the order the folder lists them.
    """
    shown = {name: _display_name(name) for name in names}
    alike: dict[str, list[str]] = {}
    for name in sorted(names):
        alike.setdefault(shown[name], []).append(name)
    taken = set(shown.values())
    for members in alike.values():
        members.sort(key=lambda name: (_SURROGATE_RE.search(name) is not None, name))
        for name in members[1:]:
            shown[name] = _free_name(_escaped_name(name), taken)
    return shown


def check_root(root: str | Path) -> Path:
    if isinstance(root, str) and not root.strip():
        raise CorpusError("no corpus folder was given")
    path = Path(root).expanduser()
    shown = _one_line(str(path))
    try:
        st = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise CorpusError(f"corpus folder is a broken symbolic link: {shown}") from None
        raise CorpusError(f"corpus folder not found: {shown}") from None
    except PermissionError:
        raise CorpusError(f"corpus folder cannot be accessed (permission denied): {shown}") from None
    except OSError as exc:
        raise CorpusError(f"corpus folder cannot be accessed ({exc.strerror}): {shown}") from None
    if not stat.S_ISDIR(st.st_mode):
        raise CorpusError(f"corpus path is not a folder: {shown}")
    try:
        with os.scandir(path):
            pass
    except PermissionError:
        raise CorpusError(f"corpus folder is not readable (permission denied): {shown}") from None
    except OSError as exc:
        raise CorpusError(f"corpus folder cannot be read ({exc.strerror}): {shown}") from None
    return path.absolute()


@dataclass(frozen=True)
class PendingFile:
    """A supported file the walk found, not read yet (the scan reads it, with progress)."""

    relpath: str
    path: Path


def _is_corpus_own_file(rel_parts: tuple[str, ...], name: str) -> bool:
    """The corpus's README (it describes the corpus) and its metadata and alias tables (they correct
    and spell it): files about the articles, at the folder's top, that are none themselves."""
    return not rel_parts and (name.lower().startswith("readme") or name.lower() in CORPUS_TABLES)


def walk_corpus(root: Path) -> list[PendingFile | Skipped]:
    """List supported files under ``root`` (cheap: no content read), with walk problems.

    Symlinked files are followed. Symlinked folders are followed only when they lead outside
    the corpus to a folder not yet read: a link to an ancestor is a loop, a link to a folder
    inside the corpus would only load the same articles twice.
    """
    real_root = Path(os.path.realpath(root))
    suffixes = supported_suffixes()
    found: list[PendingFile | Skipped] = []
    root_st = os.stat(root)
    visited = {(root_st.st_dev, root_st.st_ino)}
    stack: list[tuple[Path, tuple[str, ...], frozenset[tuple[int, int]]]] = [(root, (), frozenset(visited))]
    while stack:
        folder, rel_parts, ancestors = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            found.append(Skipped("/".join(rel_parts) or ".", _folder_error(exc)))
            continue
        shown = _display_names([e.name for e in entries if not e.name.startswith(".")])
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            rel = "/".join((*rel_parts, shown[name]))
            suffix = os.path.splitext(name)[1].lower()
            relevant = suffix in suffixes or not suffix  # a suffix-less link may have been a folder
            try:
                is_link = entry.is_symlink()
                st = os.stat(entry.path)
            except OSError as exc:
                if relevant:
                    found.append(Skipped(rel, _os_error_reason(exc, entry.path)))
                continue
            if stat.S_ISDIR(st.st_mode):
                key = (st.st_dev, st.st_ino)
                if _is_page_assets(name, entries):
                    continue  # "Web page, complete": the page's images and scripts, not articles
                if key in ancestors or (is_link and _contains(entry.path, real_root)):
                    found.append(Skipped(rel, "symbolic link loop"))
                elif is_link and (key in visited or _inside_visible(real_root, entry.path)):
                    found.append(Skipped(rel, "symbolic link to a folder already in the corpus"))
                else:
                    visited.add(key)
                    stack.append((Path(entry.path), (*rel_parts, shown[name]), ancestors | {key}))
                continue
            if suffix not in suffixes:
                continue
            if not stat.S_ISREG(st.st_mode):
                found.append(Skipped(rel, "not a regular file"))
            elif _is_corpus_own_file(rel_parts, name):
                continue  # it describes the corpus (the sample corpus has one): not an article, no problem
            else:
                found.append(PendingFile(rel, Path(entry.path)))
    return found


# What browsers call a complete page's asset folder ("page_files"), in the languages they ship.
_ASSET_FOLDER_WORDS = frozenset({
    "files", "dateien", "fichiers", "archivos", "arquivos", "file", "bestanden", "filer", "pliki",
    "soubory", "tiedostot", "fájlok", "dosyalar", "файлы", "ملفات", "αρχεία", "ficheiros", "fitxers",
})


def _is_page_assets(name: str, entries: list[os.DirEntry[str]]) -> bool:
    """``page_files`` (``page-Dateien``, ``page_fichiers``...) beside ``page.html``: the folder a
    browser saves a complete web page's images, styles and scripts in."""
    for sep in ("_", "-"):
        stem, found, word = name.rpartition(sep)
        if found and stem and word.casefold() in _ASSET_FOLDER_WORDS:
            pages = {f"{stem}{ext}".casefold() for ext in (".html", ".htm", ".xhtml", ".shtml")}
            if any(e.name.casefold() in pages for e in entries):
                return True
    return False


def _contains(link: str, real_root: Path) -> bool:
    """A link to a folder that holds the corpus (``/``, a parent): following it walks the corpus
    again and everything around it (``/proc/self/root`` would walk the whole disk)."""
    target = Path(os.path.realpath(link))
    return real_root == target or target in real_root.parents


def _inside_visible(real_root: Path, path: str) -> bool:
    """True if ``path`` resolves to a non-hidden place inside the corpus (walked anyway)."""
    try:
        parts = Path(os.path.realpath(path)).relative_to(real_root).parts
    except ValueError:
        return False
    return not any(part.startswith(".") for part in parts)


def _folder_error(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied (folder could not be read)"
    return f"folder could not be read ({(exc.strerror or type(exc).__name__).lower()})"


def iter_corpus(root: str | Path) -> Iterator[SourceFile | Skipped]:
    """Yield every supported file under ``root`` as loaded or skipped, sorted by relative path.

    The root is checked immediately (raising :class:`CorpusError`) so the UI can report a bad
    folder before starting a scan; contents are read lazily, one file at a time.
    """
    base = check_root(root)
    return _iter_checked(base)


def _iter_checked(base: Path) -> Iterator[SourceFile | Skipped]:
    items = walk_corpus(base)
    items.sort(key=lambda item: item.relpath if isinstance(item, PendingFile) else item.path)
    for item in items:
        if isinstance(item, Skipped):
            yield item
        else:
            yield load_file(item.path, item.relpath)


def load_corpus_files(root: str | Path) -> tuple[list[SourceFile], list[Skipped]]:
    """Load the whole corpus: (loaded files, skipped files), both sorted by relative path."""
    loaded: list[SourceFile] = []
    skipped: list[Skipped] = []
    for item in iter_corpus(root):
        (loaded if isinstance(item, SourceFile) else skipped).append(item)  # type: ignore[arg-type]
    loaded.sort(key=lambda f: f.relpath)
    skipped.sort(key=lambda s: s.path)
    return loaded, skipped


def corpus_signature(root: str | Path) -> str:
    """A cheap fingerprint of what a scan would read: names, sizes and modification times.

    Only ``stat`` calls (no file is opened), so a 10k-file corpus is checked in milliseconds; any
    added, removed, edited or touched file changes it. ``metadata.csv`` is included.
    """
    base = check_root(root)
    digest = hashlib.sha1()
    for item in sorted(walk_corpus(base), key=lambda i: i.relpath if isinstance(i, PendingFile) else i.path):
        if isinstance(item, PendingFile):
            try:
                st = os.stat(item.path)
            except OSError:
                digest.update(f"?{item.relpath}\n".encode("utf-8", "surrogatepass"))
                continue
            line = f"{item.relpath}\0{st.st_size}\0{st.st_mtime_ns}\n"
            digest.update(line.encode("utf-8", "surrogatepass"))
        else:
            digest.update(f"!{item.path}\0{item.reason}\n".encode("utf-8", "surrogatepass"))
    manifest = base / "metadata.csv"
    with contextlib.suppress(OSError):
        st = os.stat(manifest)
        digest.update(f"metadata.csv\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return digest.hexdigest()
