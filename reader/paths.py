"""Every place Corpus Reader reads or writes user files, decided in one module.

Why one module: tests, the ``--profile DIR`` option and the ``CORPUS_READER_HOME`` variable must
redirect *all* user locations at once, so nothing ever touches a real home directory by accident
(qutebrowser's ``standarddir`` does the same). With a profile, the layout is
``DIR/data``, ``DIR/cache`` and ``DIR/config``; without one, the platform's conventional folders
from platformdirs are used.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "corpus-reader"
APP_AUTHOR = "CorpusReader"
ENV_HOME = "CORPUS_READER_HOME"

_override: Path | None = None


@dataclass(frozen=True)
class UserPaths:
    data: Path
    cache: Path
    config: Path

    def ensure(self) -> UserPaths:
        for folder in (self.data, self.cache, self.config):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def set_profile(directory: str | os.PathLike[str] | None) -> None:
    """Point every user location below ``directory`` (``None`` returns to the defaults)."""
    global _override
    _override = Path(directory).expanduser().resolve() if directory else None


def profile_dir() -> Path | None:
    """The active profile folder: ``--profile`` first, then ``CORPUS_READER_HOME``, else None."""
    if _override is not None:
        return _override
    env = os.environ.get(ENV_HOME)
    return Path(env).expanduser().resolve() if env else None


def user_paths() -> UserPaths:
    profile = profile_dir()
    if profile is not None:
        return UserPaths(profile / "data", profile / "cache", profile / "config")
    return UserPaths(
        Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR)),
        Path(platformdirs.user_cache_dir(APP_NAME, APP_AUTHOR)),
        Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR)),
    )


def bundled_corpus() -> Path:
    """The sample corpus shipped with the app: the default corpus of every command.

    In a source checkout it is ``corpus/`` beside the package; an installed wheel or a frozen
    build carries it as ``reader/_corpus`` (see pyproject and the PyInstaller spec).
    """
    here = Path(__file__).resolve().parent
    for candidate in (here / "_corpus", here.parent / "corpus"):
        if candidate.is_dir():
            return candidate
    return here.parent / "corpus"


def resources_dir() -> Path:
    """Fonts, icons and other files the app ships (``resources/``, or ``reader/_resources`` installed)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_resources", here.parent / "resources"):
        if candidate.is_dir():
            return candidate
    return here.parent / "resources"
