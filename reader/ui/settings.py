"""The app's remembered state (window, theme, zoom, corpora, tabs), in the profile's config folder.

QSettings in INI format at an explicit path, rather than the platform registry or plist, so that
``--profile`` / ``CORPUS_READER_HOME`` isolate it like every other user file and tests never touch
the real settings.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from reader import paths

MAX_RECENT = 8


class AppSettings:
    """Typed accessors over one QSettings file; unreadable values fall back to defaults."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or (paths.user_paths().ensure().config / "corpus-reader.ini")
        self._qs = QSettings(str(self.path), QSettings.Format.IniFormat)

    def sync(self) -> None:
        self._qs.sync()

    # -- plain values -------------------------------------------------------------------------

    def get_str(self, key: str, default: str = "") -> str:
        value = self._qs.value(key, default)
        return value if isinstance(value, str) else default

    def get_int(self, key: str, default: int = 0) -> int:
        try:
            return int(self._qs.value(key, default))
        except (TypeError, ValueError):
            return default

    def get_bytes(self, key: str) -> QByteArray | None:
        value = self._qs.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def get_json(self, key: str, default: Any = None) -> Any:
        """Structured state stored as JSON text: survives every QSettings backend unchanged."""
        raw = self._qs.value(key)
        if not isinstance(raw, str):
            return default
        try:
            return json.loads(raw)
        except ValueError:
            return default

    def set(self, key: str, value: Any) -> None:
        self._qs.setValue(key, value)

    def set_json(self, key: str, value: Any) -> None:
        self._qs.setValue(key, json.dumps(value, ensure_ascii=False))

    # -- corpora ------------------------------------------------------------------------------

    def recent_corpora(self) -> list[str]:
        value = self.get_json("corpora/recent", [])
        return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []

    def remember_corpus(self, folder: Path) -> None:
        text = str(folder)
        recent = [text] + [r for r in self.recent_corpora() if r != text]
        self.set_json("corpora/recent", recent[:MAX_RECENT])
        self.set("corpora/last", text)

    def last_corpus(self) -> Path | None:
        text = self.get_str("corpora/last")
        return Path(text) if text else None

    def corpus_state(self, folder: Path) -> dict[str, Any]:
        """Open tabs and scroll positions belong to a corpus: another corpus has other ids."""
        states = self.get_json("corpora/state", {})
        value = states.get(str(folder)) if isinstance(states, dict) else None
        return value if isinstance(value, dict) else {}

    def set_corpus_state(self, folder: Path, state: dict[str, Any]) -> None:
        states = self.get_json("corpora/state", {})
        if not isinstance(states, dict):
            states = {}
        states[str(folder)] = state
        self.set_json("corpora/state", states)
