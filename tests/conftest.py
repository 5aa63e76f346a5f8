"""Every test runs on a throwaway profile: nothing reads or writes the real user folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def profile(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    from reader import paths

    home = tmp_path_factory.mktemp("profile")
    monkeypatch.setenv(paths.ENV_HOME, str(home))
    paths.set_profile(None)
    yield home
    paths.set_profile(None)


@pytest.fixture(scope="session")
def bundled_corpus():
    """The real seed corpus, scanned once per test session (scans are pure)."""
    from reader.ingest.corpus import scan_corpus

    return scan_corpus(CORPUS)
