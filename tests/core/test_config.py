from pathlib import Path

import pytest

from newsreader.config import Config, ConfigError, load_config, parse_config, save_theme


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, "utf-8")
    return path


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    assert load_config(tmp_path / "absent.toml") == Config()


def test_every_documented_key_is_read(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
[reader]
mark_read_after = 3
theme = "nord"
open_command = "firefox"

[refresh]
concurrency = 4
per_host = 1
connect_timeout = 5
read_timeout = 6.5
total_timeout = 30
max_redirects = 3

[limits]
max_bytes = 1000

[retention]
max_age_days = 30
max_articles_per_source = 100

[keys]
bookmark = "ctrl+b"
refresh_all = ["R", "f5"]
""",
    )
    config = load_config(path)
    assert config.reader.mark_read_after == 3.0 and config.reader.theme == "nord"
    assert config.refresh.concurrency == 4 and config.refresh.read_timeout == 6.5
    assert config.limits.max_bytes == 1000
    assert config.retention.max_age_days == 30
    assert config.keys == {"bookmark": "ctrl+b", "refresh_all": "R,f5"}


def test_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "[reader]\ntheme = \n")
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert str(path) in str(error.value) and "line 2" in str(error.value)


def test_wrong_type_names_file_line_and_key(tmp_path: Path) -> None:
    path = write(tmp_path, '# settings\n\n[refresh]\nper_host = 2\nconcurrency = "eight"\n')
    with pytest.raises(ConfigError) as error:
        load_config(path)
    message = str(error.value)
    assert f"{path}:5: refresh.concurrency" in message and "expected int" in message


def test_unknown_key_is_refused_with_the_known_ones(tmp_path: Path) -> None:
    path = write(tmp_path, "[reader]\nmark_read_afer = 2\n")
    with pytest.raises(ConfigError, match=r":2: reader.mark_read_afer: unknown key .*mark_read_after"):
        load_config(path)


def test_unknown_section_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unknown section"):
        load_config(write(tmp_path, "[colours]\nx = 1\n"))


def test_negative_numbers_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="must not be negative"):
        load_config(write(tmp_path, "[limits]\nmax_bytes = -1\n"))


def test_bad_key_binding_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="keys.bookmark"):
        load_config(write(tmp_path, "[keys]\nbookmark = 3\n"))


def test_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'[reader]\ntheme = "\xff"\n')
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_config(path)


def test_save_theme_keeps_the_rest_of_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "# mine\n[refresh]\nconcurrency = 3\n")
    save_theme(path, "nord")
    config = load_config(path)
    assert config.reader.theme == "nord" and config.refresh.concurrency == 3
    assert path.read_text().startswith("# mine")
    save_theme(path, "gruvbox")
    assert load_config(path).reader.theme == "gruvbox"


def test_parse_config_accepts_empty_text(tmp_path: Path) -> None:
    assert parse_config("", tmp_path / "c.toml") == Config()
