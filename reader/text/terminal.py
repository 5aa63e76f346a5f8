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


def clip(text: str, width: int) -> str:
    """One terminal line of at most ``width`` characters.

    Control characters (ESC, BEL...) become spaces first, so document or note text can never drive
    the terminal.
    """
    text = " ".join("".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text).split())
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
