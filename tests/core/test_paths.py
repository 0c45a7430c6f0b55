from pathlib import Path

from newsreader.paths import resolve_paths


def test_home_argument_moves_everything_under_it(tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path)
    for folder in (paths.data_dir, paths.config_dir, paths.cache_dir):
        assert folder.is_relative_to(tmp_path)
    assert paths.store.parent == paths.data_dir
    assert paths.config.name == "config.toml"


def test_environment_variable_is_used_when_no_argument(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("NEWSREADER_HOME", str(tmp_path))
    assert resolve_paths().store.is_relative_to(tmp_path)


def test_argument_wins_over_environment(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("NEWSREADER_HOME", str(tmp_path / "env"))
    assert resolve_paths(tmp_path / "arg").store.is_relative_to(tmp_path / "arg")


def test_platformdirs_when_nothing_is_given(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.delenv("NEWSREADER_HOME", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    paths = resolve_paths()
    assert paths.store.is_relative_to(tmp_path / "xdg-data")
    assert paths.config.is_relative_to(tmp_path / "xdg-config")


def test_ensure_creates_the_folders(tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path / "new")
    paths.ensure()
    assert paths.data_dir.is_dir() and paths.config_dir.is_dir() and paths.cache_dir.is_dir()
