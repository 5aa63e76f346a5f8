"""Arabic for surfaces that cannot shape or reorder it: terminals, some image/PDF writers.

This is the only place python-bidi and arabic-reshaper are used. Qt shapes and reorders Arabic
itself; feeding it reshaped, visually-ordered text garbles it, so nothing under ``reader/ui`` may
call this.
"""

from __future__ import annotations

import argparse
import os
import sys
import unicodedata
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
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _visible(ch: str) -> str:
    """A control character as something a reader sees and a terminal does not obey."""
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␛ for ESC, ␇ for BEL...
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"  # C1 controls (CSI U+009B, OSC U+009D...) and bidi overrides


def _is_control(ch: str) -> bool:
    return unicodedata.category(ch) == "Cc" or ch in _BIDI_CONTROLS


def sanitize(text: str, *, keep_newlines: bool = True) -> str:
    """``text`` from a document, a file name or an import, safe to print to a terminal.

    Why: an escape sequence inside a scraped page or an imported note would otherwise run in the
    researcher's terminal (OSC 52 writes the clipboard, others clear the screen or set the title).
    C0/C1 controls and bidi overrides are made visible, not dropped, so what was there can still be
    seen; newlines and tabs stay when ``keep_newlines``. The one function every text output uses;
    JSON output is exact and does not go through it.
    """
    keep = "\n\t" if keep_newlines else ""
    if not any(_is_control(ch) and ch not in keep for ch in text):
        return text
    return "".join(_visible(ch) if _is_control(ch) and ch not in keep else ch for ch in text)


def clip(text: str, width: int) -> str:
    """One terminal line of at most ``width`` characters, sanitised.

    Line breaks and tabs become spaces; other controls are made visible (:func:`sanitize`), so
    document or note text can never drive the terminal.
    """
    text = " ".join(sanitize(text.replace("\r", " ").replace("\x0b", " ").replace("\x0c", " "),
                             keep_newlines=True).split())
    if width <= 1:
        return text[:width]
    return text if len(text) <= width else text[: width - 1] + "…"


def renderer(forced: bool | None = None, stream: TextIO = sys.stdout) -> Callable[[str], str]:
    """The function that prepares text for output: ``visual`` or identity (``--visual`` / auto)."""
    on = forced if forced is not None else wants_visual(stream)
    return visual if on else _identity


def _identity(text: str) -> str:
    return text


def add_visual_option(parser: argparse.ArgumentParser) -> None:
    """``--visual/--no-visual``: the one switch every command that prints Arabic to a terminal takes."""
    parser.add_argument(
        "--visual",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="reshape Arabic for terminals without bidi support (default: when stdout is a terminal)",
    )
