"""One module decides where user files go, and every override reaches all of them."""

from __future__ import annotations

from pathlib import Path

from reader import paths


def test_env_override_moves_every_location(profile):
    locations = paths.user_paths()
    for folder in (locations.data, locations.cache, locations.config):
        assert Path(folder).is_relative_to(profile)
    assert len({locations.data, locations.cache, locations.config}) == 3


def test_profile_option_beats_environment(tmp_path, profile):
    paths.set_profile(tmp_path / "other")
    assert paths.user_paths().data == (tmp_path / "other" / "data").resolve()
    paths.set_profile(None)
    assert paths.user_paths().data.is_relative_to(profile)


def test_ensure_creates_the_folders(tmp_path):
    paths.set_profile(tmp_path / "fresh")
    created = paths.user_paths().ensure()
    assert created.data.is_dir() and created.cache.is_dir() and created.config.is_dir()


def test_defaults_use_platform_folders_when_not_overridden(monkeypatch):
    monkeypatch.delenv(paths.ENV_HOME, raising=False)
    paths.set_profile(None)
    locations = paths.user_paths()
    assert "corpus-reader" in str(locations.data)


def test_bundled_corpus_is_found():
    assert (paths.bundled_corpus() / "001_ff668e2db0ba1b04.txt").is_file()
