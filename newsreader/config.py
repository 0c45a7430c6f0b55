"""The user's settings: a small TOML file, every key optional, every error precise.

A bad file is refused with the file, the line and the key named, never
silently ignored: a user who typed ``concurrency = "eight"`` wants to be told.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from newsreader.document.clean import OneLineError, clean_inline
from newsreader.query import QueryError, parse


class ConfigError(OneLineError):
    """A config file that cannot be used; the message names file, line and key (one clean line)."""


@dataclass
class ReaderConfig:
    mark_read_after: float = 1.5  # seconds an article stays open before it counts as read
    theme: str = "textual-dark"
    open_command: str = ""  # program to open web addresses with; empty: the system browser


@dataclass
class RefreshConfig:
    concurrency: int = 8  # sources fetched at once
    per_host: int = 2  # connections to one host at once
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 30.0  # a whole fetch (and a whole add of one address), however it trickles
    max_redirects: int = 10
    # run after a refresh that brought new articles, as an argument list (never through a shell),
    # with a JSON document of the counts and the new headlines on its stdin; empty: nothing is run
    notify_command: list[str] = field(default_factory=list)


@dataclass
class LimitsConfig:
    max_bytes: int = 20_000_000  # largest feed, page or file accepted (after decompression)


@dataclass
class RetentionConfig:
    max_age_days: int = 0  # 0 keeps articles of any age
    max_articles_per_source: int = 5000  # 0 keeps any number; bookmarks are never pruned


RULE_ACTIONS = ("read", "hide", "bookmark", "tag:NAME")


@dataclass(frozen=True)
class Rule:
    """``[[rules]]``: articles a refresh brings that ``query`` matches get ``action``."""

    query: str
    action: str  # "read" | "hide" | "bookmark" | "tag:NAME"
    line: int | None = None  # where the rule is written in the config file

    @property
    def tag(self) -> str | None:
        return self.action[4:] if self.action.startswith("tag:") else None


@dataclass
class Config:
    reader: ReaderConfig = field(default_factory=ReaderConfig)
    refresh: RefreshConfig = field(default_factory=RefreshConfig)
    limits: LimitsConfig = field(default_factory=LimitsConfig)
    retention: RetentionConfig = field(default_factory=RetentionConfig)
    keys: dict[str, str] = field(default_factory=dict)  # action -> "key1,key2"
    rules: list[Rule] = field(default_factory=list)  # applied in order to each refresh's new articles


_SECTIONS = {"reader": ReaderConfig, "refresh": RefreshConfig, "limits": LimitsConfig, "retention": RetentionConfig}


def _line_of(text: str, section: str, key: str | None) -> int | None:
    """The 1-based line where ``[section]`` (or ``key`` inside it) is written."""
    in_section = False
    header = re.compile(r"^\s*\[\s*([^\]]+?)\s*\]")
    for number, line in enumerate(text.splitlines(), start=1):
        match = header.match(line)
        if match:
            in_section = match.group(1).strip().strip('"') == section
            if in_section and key is None:
                return number
            continue
        if in_section and key is not None and re.match(rf'^\s*"?{re.escape(key)}"?\s*=', line):
            return number
    return None


def _where(path: Path, text: str, section: str, key: str | None = None) -> str:
    line = _line_of(text, section, key)
    name = f"{section}.{key}" if key else f"[{section}]"
    return f"{path}:{line}: {name}" if line else f"{path}: {name}"


def _coerce(value: Any, default: Any) -> Any:
    """``value`` as the type of ``default``, or raise TypeError."""
    if isinstance(default, bool):
        if isinstance(value, bool):
            return value
    elif isinstance(default, int):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif isinstance(default, float):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    elif isinstance(default, str):
        if isinstance(value, str):
            return value
    elif isinstance(default, list):
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return list(value)
        raise TypeError('a list of strings like ["notify-send", "News"] (run without a shell)')
    raise TypeError(type(default).__name__)


def _section(path: Path, text: str, name: str, table: Any) -> Any:
    cls = _SECTIONS[name]
    if not isinstance(table, dict):
        raise ConfigError(f"{_where(path, text, name)}: must be a table")
    instance = cls()
    known = {f.name for f in fields(cls)}
    for key, value in table.items():
        if key not in known:
            raise ConfigError(f"{_where(path, text, name, key)}: unknown key (known: {', '.join(sorted(known))})")
        default = getattr(instance, key)
        try:
            coerced = _coerce(value, default)
        except TypeError as error:
            raise ConfigError(f"{_where(path, text, name, key)}: expected {error}, got {value!r}") from None
        if isinstance(coerced, (int, float)) and not isinstance(coerced, bool) and coerced < 0:
            raise ConfigError(f"{_where(path, text, name, key)}: must not be negative, got {value!r}")
        if isinstance(coerced, list):
            if coerced and not coerced[0].strip():
                raise ConfigError(f"{_where(path, text, name, key)}: the first item must name the program to run")
            if any("\0" in item for item in coerced):
                raise ConfigError(f"{_where(path, text, name, key)}: an item holds a NUL character")
        setattr(instance, key, coerced)
    return instance


def _keys(path: Path, text: str, table: Any) -> dict[str, str]:
    if not isinstance(table, dict):
        raise ConfigError(f"{_where(path, text, 'keys')}: must be a table")
    keys: dict[str, str] = {}
    for action, value in table.items():
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            value = ",".join(value)
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(
                f'{_where(path, text, "keys", action)}: expected a key name like "ctrl+r" or a list of them'
            )
        keys[clean_inline(action)] = value  # an action's name is shown when no action has it
    return keys


def _rule_lines(text: str) -> list[int]:
    """The line of each ``[[rules]]`` header, in order."""
    return [n for n, line in enumerate(text.splitlines(), start=1) if re.match(r"^\s*\[\[\s*rules\s*\]\]", line)]


def _rules(path: Path, text: str, value: Any) -> list[Rule]:
    lines = _rule_lines(text)
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        return _refuse(
            path, lines[0] if lines else None, "rules", 'must be [[rules]] tables with query = "…" and action = "…"'
        )
    rules: list[Rule] = []
    for number, table in enumerate(value):
        line = lines[number] if number < len(lines) else None
        name = f"rules[{number + 1}]"
        unknown = set(table) - {"query", "action"}
        if unknown:
            _refuse(path, line, name, f"unknown key {sorted(unknown)[0]!r} (a rule has query and action)")
        query, action = table.get("query"), table.get("action")
        if not isinstance(query, str) or not query.strip():
            _refuse(path, line, name, 'needs query = "…" (the query language, as in search)')
        if not isinstance(action, str) or not (
            action in RULE_ACTIONS[:3] or (action.startswith("tag:") and action[4:].strip())
        ):
            _refuse(
                path,
                _key_line(text, line, "action"),
                name,
                f"action must be one of {', '.join(RULE_ACTIONS)}, got {action!r}",
            )
        try:
            parse(query)
        except QueryError as error:
            _refuse(path, _key_line(text, line, "query"), name, f"bad query: {error}\n{error.pointer(query)}")
        rules.append(Rule(query, action.strip(), line))
    return rules


def _key_line(text: str, header: int | None, key: str) -> int | None:
    """The line of ``key = …`` in the table whose header is on line ``header``."""
    if header is None:
        return None
    for number, line in enumerate(text.splitlines()[header:], start=header + 1):
        if re.match(r"^\s*\[", line):
            break
        if re.match(rf"^\s*{key}\s*=", line):
            return number
    return header


def _refuse(path: Path, line: int | None, name: str, why: str) -> Any:
    raise ConfigError(f"{path}:{line}: {name}: {why}" if line else f"{path}: {name}: {why}")


def parse_config(text: str, path: Path) -> Config:
    import tomllib  # only when there is a config file: the app starts without it

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    config = Config()
    for name, table in data.items():
        if name in _SECTIONS:
            setattr(config, name, _section(path, text, name, table))
        elif name == "keys":
            config.keys = _keys(path, text, table)
        elif name == "rules":
            config.rules = _rules(path, text, table)
        else:
            where = _where(path, text, name) if isinstance(table, dict) else f"{path}: {name}"
            raise ConfigError(f"{where}: unknown section (known: {', '.join([*_SECTIONS, 'keys', 'rules'])})")
    config.reader.theme = clean_inline(config.reader.theme)  # shown when no theme has that name
    return config


def load_config(path: Path) -> Config:
    """The config at ``path``; defaults when the file does not exist."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config()
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path}: not UTF-8 text (byte {error.start})") from None
    return parse_config(text, path)


def save_theme(path: Path, theme: str) -> None:
    """Remember the chosen theme, keeping the rest of the file as the user wrote it."""
    text = path.read_text("utf-8") if path.exists() else ""
    line = f'theme = "{theme}"'
    if re.search(r"(?m)^\s*theme\s*=.*$", text):
        text = re.sub(r"(?m)^\s*theme\s*=.*$", line, text, count=1)
    elif re.search(r"(?m)^\s*\[reader\]\s*$", text):
        text = re.sub(r"(?m)^\s*\[reader\]\s*$", f"[reader]\n{line}", text, count=1)
    else:
        text = f"{text.rstrip()}\n\n[reader]\n{line}\n".lstrip()
    replace_config_text(path, text)


def replace_config_text(path: Path, text: str, check: Callable[[Path], object] | None = None) -> None:
    """Put ``text`` in place of the config at ``path`` all at once: written beside it, flushed
    to disk, then renamed over it, so a crash or a full disk leaves the old file whole. A
    link (dotfiles) stays a link: its target is replaced. The file keeps its mode. ``check``
    (given the new file) may raise to leave the old file as it was."""
    target = path.resolve() if path.is_symlink() else path
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        if target.exists():  # a new one stays as mkstemp makes it: the user's alone (0600)
            os.chmod(tmp, stat.S_IMODE(target.stat().st_mode))
        if check is not None:
            check(tmp)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
