"""Adding to the user's config.toml without losing a word of what is there.

The file is the user's: new keys go under their table's header (or into a new
table at the end), ``[[array]]`` tables are appended, nothing already set is
changed, and the result must load as a config before it replaces the file
(written to a temporary file, then renamed).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from newsreader.config import load_config, replace_config_text

__all__ = ["ConfigAdditions", "add_to_config", "toml_value"]


def _toml_string(text: str) -> str:
    out = []
    for char in text:
        if char == '"':
            out.append('\\"')
        elif char == "\\":
            out.append("\\\\")
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def toml_value(value: object) -> str:
    """A str, bool, int, float or list of them, written as TOML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"no TOML for {type(value).__name__}")


_HEADER = re.compile(r"^\s*\[\s*([A-Za-z0-9_-]+)\s*\]\s*(#.*)?$")


class ConfigAdditions:
    """What to add: ``tables[name][key] = value`` (only keys not set yet) and ``arrays[name]`` entries."""

    def __init__(self) -> None:
        self.tables: dict[str, dict[str, object]] = {}
        self.arrays: dict[str, list[Mapping[str, object]]] = {}

    def set(self, table: str, key: str, value: object) -> None:
        self.tables.setdefault(table, {})[key] = value

    def append(self, array: str, entry: Mapping[str, object]) -> None:
        self.arrays.setdefault(array, []).append(entry)

    def __bool__(self) -> bool:
        return any(self.tables.values()) or any(self.arrays.values())


def _set_keys(text: str, table: str, values: Mapping[str, object]) -> str:
    lines = text.splitlines()
    header_at = next((i for i, line in enumerate(lines) if (m := _HEADER.match(line)) and m.group(1) == table), None)
    new_lines = [f"{_key(key)} = {toml_value(value)}" for key, value in values.items()]
    if header_at is None:
        body = "\n".join(lines).rstrip()
        return (f"{body}\n\n" if body else "") + f"[{table}]\n" + "\n".join(new_lines) + "\n"
    lines[header_at + 1 : header_at + 1] = new_lines
    return "\n".join(lines) + "\n"


def _key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _toml_string(key)


def add_to_config(
    path: Path,
    additions: ConfigAdditions,
    existing: Mapping[str, Mapping[str, object]],
    existing_arrays: Mapping[str, Sequence[Mapping[str, object]]] = {},
) -> tuple[int, int]:
    """Write ``additions`` into the config at ``path``; returns (keys added, array entries added).

    ``existing`` is the parsed file's tables (keys set there are left alone);
    array entries equal to one already there are not added twice.
    """
    text = path.read_text("utf-8-sig") if path.exists() else ""  # an editor's byte order mark goes
    keys_added = 0
    for table, values in additions.tables.items():
        fresh = {k: v for k, v in values.items() if k not in existing.get(table, {})}
        if fresh:
            text = _set_keys(text, table, fresh)
            keys_added += len(fresh)
    entries_added = 0
    for array, entries in additions.arrays.items():
        there = [dict(e) for e in existing_arrays.get(array, [])]
        for entry in entries:
            if dict(entry) in there:
                continue
            there.append(dict(entry))
            body = "\n".join(f"{_key(k)} = {toml_value(v)}" for k, v in entry.items())
            text = f"{text.rstrip()}\n\n[[{array}]]\n{body}\n".lstrip()
            entries_added += 1
    if not keys_added and not entries_added:
        return 0, 0
    replace_config_text(path, text, check=load_config)  # one that would not load would stop the app
    return keys_added, entries_added
