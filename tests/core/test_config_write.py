"""Adding to the user's config.toml: the file stays the user's (its link, its mode, every word),
and a result that would not load never replaces it."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from newsreader.config import load_config, save_theme
from newsreader.config_write import ConfigAdditions, add_to_config

USER = '# my settings\n[reader]\ntheme = "nord"\n\n[keys]\nquit = "q"\n'


def additions() -> ConfigAdditions:
    adding = ConfigAdditions()
    adding.set("keys", "next_article", "J")
    adding.append("rules", {"query": "title:sponsored", "action": "read"})
    return adding


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")
def test_a_config_that_is_a_link_stays_a_link(tmp_path: Path) -> None:
    dotfiles = tmp_path / "dotfiles" / "newsreader.toml"
    dotfiles.parent.mkdir()
    dotfiles.write_text(USER, "utf-8")
    link = tmp_path / "config" / "config.toml"
    link.parent.mkdir()
    link.symlink_to(dotfiles)
    assert add_to_config(link, additions(), {"keys": {"quit": "q"}}) == (1, 1)
    assert link.is_symlink()
    assert dotfiles.read_text("utf-8").startswith(USER.split("quit")[0])
    assert load_config(link).keys["next_article"] == "J"
    save_theme(link, "gruvbox")
    assert link.is_symlink() and load_config(dotfiles).reader.theme == "gruvbox"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_the_file_keeps_its_mode_and_no_temporary_file_is_left(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(USER, "utf-8")
    os.chmod(path, 0o600)  # it may name a password command
    add_to_config(path, additions(), {"keys": {"quit": "q"}})
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.toml"]


def test_a_file_that_starts_with_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"\xef\xbb\xbf" + b'[keys]\nquit = "q"\n')  # an editor's mark before the first header
    assert add_to_config(path, additions(), {"keys": {"quit": "q"}}) == (1, 1)
    config = load_config(path)
    assert config.keys == {"quit": "q", "next_article": "J"}


def test_a_result_that_would_not_load_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    text = 'keys.quit = "q"\n'  # a dotted key: a [keys] header added after it would define the table twice
    path.write_text(text, "utf-8")
    with pytest.raises(Exception):
        add_to_config(path, additions(), {})
    assert path.read_text("utf-8") == text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.toml"]
