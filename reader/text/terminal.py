"""Text for terminals: untrusted text made harmless, and Arabic for surfaces that cannot shape it.

:func:`sanitize` (and :func:`clip`, :func:`renderer`, :func:`json_text`) is the one terminal
sanitiser every command's output goes through; :func:`protect_output_streams` keeps ``print`` from
failing on text a stream cannot encode.

This is the only place python-bidi and arabic-reshaper are used. Qt shapes and reorders Arabic
itself; feeding it reshaped, visually-ordered text garbles it, so nothing under ``reader/ui`` may
call this.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import io
import json
import os
import re
import sys
from collections.abc import Callable
from typing import TextIO

from reader.text.script import is_arabic_char


def has_arabic(text: str) -> bool:
    return any(is_arabic_char(ch) for ch in text)


def visual(text: str) -> str:
    """Shaped, visually ordered text for a terminal that shows characters left to right."""
    if not has_arabic(text):
        return text
    import arabic_reshaper
    from bidi import get_display

    return get_display(arabic_reshaper.reshape(text))


def wants_visual(stream: TextIO = sys.stdout) -> bool:
    """Auto mode: reshape for an interactive terminal, leave piped output in logical order.

    ``CORPUS_READER_VISUAL=0/1`` forces it either way (e.g. for terminals that do bidi themselves,
    like mlterm or Konsole with bidi on).
    """
    forced = os.environ.get("CORPUS_READER_VISUAL")
    if forced in {"0", "1"}:
        return forced == "1"
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


# Bidi embeddings, overrides and isolates (LRE RLE PDF LRO RLO, LRI RLI FSI PDI): in a document
# they can reorder what a terminal shows around them ("Trojan Source"); marks (LRM, RLM, ALM) are
# harmless and common in Arabic text, so they stay.
_BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
# C0, DEL and C1 controls (category Cc), lone surrogates (the bytes of a file name or an argument
# that were not UTF-8, PEP 383) and the bidi controls, as regexes: a 45 MB article costs little.
_UNSAFE_RE = re.compile(f"[\x00-\x1f\x7f-\x9f\ud800-\udfff{_BIDI_CONTROLS}]")
_UNSAFE_KEEPING_LINES_RE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff{_BIDI_CONTROLS}]")
# What a JSON document printed with ensure_ascii=False may still hold raw (json.dumps escapes C0).
_JSON_UNSAFE_RE = re.compile(f"[\x7f-\x9f\ud800-\udfff{_BIDI_CONTROLS}]")


def _visible(match: re.Match[str]) -> str:
    """A control character as something a reader sees and a terminal does not obey."""
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␛ for ESC, ␇ for BEL...
    if code == 0x7F:
        return "\u2421"  # ␡
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"  # a byte that was not UTF-8, as Python writes bytes
    return f"<U+{code:04X}>"  # C1 controls (CSI U+009B, OSC U+009D...), bidi overrides, surrogates


def sanitize(text: str, *, keep_newlines: bool = True) -> str:
    """``text`` from a document, a file name or an import, safe to print to a terminal.

    Why: an escape sequence inside a scraped page or an imported note would otherwise run in the
    researcher's terminal (OSC 52 writes the clipboard, others clear the screen or set the title).
    C0/C1 controls and bidi overrides are made visible, not dropped, so what was there can still be
    seen; so are bytes that were not UTF-8 (``\\xff``), which a terminal would otherwise get raw.
    Newlines and tabs stay when ``keep_newlines``. The one function every text output uses;
    JSON output is exact and does not go through it (see :func:`json_text`).
    """
    pattern = _UNSAFE_KEEPING_LINES_RE if keep_newlines else _UNSAFE_RE
    return pattern.sub(_visible, text)


def clip(text: str, width: int) -> str:
    """One terminal line of at most ``width`` characters, sanitised.

    Line breaks and tabs become spaces; other controls are made visible (:func:`sanitize`), so
    document or note text can never drive the terminal. Only a prefix of a long text is looked at,
    so clipping a 45 MB article's title or paragraph costs what a short one does.
    """
    prefix = text[: 4 * max(width, 64)]
    line = _one_line(prefix)
    if len(prefix) < len(text) and len(line) <= width:
        line = _one_line(text)  # whitespace and line breaks ate the prefix: look at all of it
    if width <= 1:
        return line[:width]
    return line if len(line) <= width else line[: width - 1] + "…"


def _one_line(text: str) -> str:
    text = text.replace("\r", " ").replace("\x0b", " ").replace("\x0c", " ")
    return " ".join(sanitize(text, keep_newlines=True).split())


def json_text(data: object, *, indent: int | None = None) -> str:
    """``data`` as JSON for standard output: exact, and safe to land in a terminal.

    ``json.dumps(ensure_ascii=False)`` escapes C0 controls but writes DEL, C1 controls, bidi
    overrides and lone surrogates raw; they can only occur inside JSON strings, so writing them as
    ``\\uXXXX`` escapes keeps every value exactly as it was (``json.loads`` gives it back).
    """
    return _JSON_UNSAFE_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(data, ensure_ascii=False,
                                                                                 indent=indent))


def renderer(forced: bool | None = None, stream: TextIO = sys.stdout) -> Callable[[str], str]:
    """The function that prepares document text for output: sanitised, then ``visual`` or not.

    Sanitising here makes every ``show(...)`` of every command safe, whoever wrote it.
    """
    on = forced if forced is not None else wants_visual(stream)
    return _visual_sanitized if on else sanitize


def _visual_sanitized(text: str) -> str:
    return visual(sanitize(text))


# Output streams -----------------------------------------------------------------------------

ESCAPE_ERRORS = "corpus-reader-escape"


def _escape_unencodable(error: UnicodeError) -> tuple[str, int]:
    """``\\uXXXX`` for what the stream cannot encode: valid inside JSON strings, readable in text.

    Python's ``backslashreplace`` writes ``\\xe9`` and ``\\U0001f600``, which JSON does not allow.
    """
    if not isinstance(error, UnicodeEncodeError):
        raise error
    out = []
    for ch in error.object[error.start:error.end]:
        code = ord(ch)
        if code > 0xFFFF:
            code -= 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out), error.end


def protect_output_streams() -> None:
    """Make writing to stdout and stderr never raise ``UnicodeEncodeError``.

    Why: in an ASCII or Latin-1 locale (``PYTHONIOENCODING=ascii``, an old ``LANG``), or with a
    file name whose bytes are not UTF-8, ``print`` would otherwise end the command with a
    traceback. What the stream cannot encode is written as ``\\uXXXX``.
    """
    codecs.register_error(ESCAPE_ERRORS, _escape_unencodable)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError, io.UnsupportedOperation):
                reconfigure(errors=ESCAPE_ERRORS)


def add_visual_option(parser: argparse.ArgumentParser) -> None:
    """``--visual/--no-visual``: the one switch every command that prints Arabic to a terminal takes."""
    parser.add_argument(
        "--visual",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="reshape Arabic for terminals without bidi support (default: when stdout is a terminal)",
    )
