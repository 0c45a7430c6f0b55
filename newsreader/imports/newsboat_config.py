"""newsboat's ``config`` file: the lines that have a meaning here, and why the rest do not.

``bind-key KEY OPERATION [CONTEXT]`` becomes a ``[keys]`` entry where we have
the operation; ``ignore-article FEED EXPRESSION`` becomes a rule that hides
what it matches; a few settings map to ours (``browser``, ``reload-threads``,
``download-timeout``, ``max-items``, ``keep-articles-days``). Everything else is
reported, line by line, with the reason.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from newsreader.imports.newsboat_urls import Skipped, token_lines

__all__ = ["IgnoreLine", "NewsboatConfig", "key_name", "parse_config"]

# newsboat operation -> our action name (README, "Keys in the app")
OPERATIONS = {
    "up": "cursor_up",
    "down": "cursor_down",
    "pageup": "cursor_page_up",
    "pagedown": "cursor_page_down",
    "home": "cursor_top",
    "end": "cursor_bottom",
    "open": "open",
    "next": "next_article",
    "prev": "previous_article",
    "next-unread": "next_unread",
    "toggle-article-read": "toggle_read",
    "mark-feed-read": "mark_all_read",
    "reload": "refresh",
    "reload-all": "refresh_all",
    "open-in-browser": "open_in_browser",
    "search": "search",
    "bookmark": "toggle_bookmark",
    "help": "help",
    "quit": "quit",
    "hard-quit": "quit",
}

# newsboat's names of keys that are not one character
_SPECIAL_KEYS = {
    "ENTER": "enter",
    "SPACE": "space",
    "TAB": "tab",
    "BACKSPACE": "backspace",
    "ESC": "escape",
    "UP": "up",
    "DOWN": "down",
    "LEFT": "left",
    "RIGHT": "right",
    "PPAGE": "pageup",
    "NPAGE": "pagedown",
    "HOME": "home",
    "END": "end",
    "DEL": "delete",
    "INS": "insert",
}
# Textual names a punctuation key by its Unicode name, with these few shortened.
_SHORTER = {
    "solidus": "slash",
    "reverse_solidus": "backslash",
    "commercial_at": "at",
    "hyphen_minus": "minus",
    "plus_sign": "plus",
    "low_line": "underscore",
}

# settings we have: newsboat name -> (our table, our key, kind)
SETTINGS = {
    "browser": ("reader", "open_command", str),
    "reload-threads": ("refresh", "concurrency", int),
    "download-timeout": ("refresh", "total_timeout", float),
    "max-items": ("retention", "max_articles_per_source", int),
    "keep-articles-days": ("retention", "max_age_days", int),
}


def key_name(key: str) -> str | None:
    """newsboat's key (``j``, ``^R``, ``ENTER``, ``F5``, ``/``) as Textual names it, None if unknown."""
    if key in _SPECIAL_KEYS:
        return _SPECIAL_KEYS[key]
    if len(key) == 2 and key[0] == "^" and key[1].isalpha():
        return f"ctrl+{key[1].lower()}"
    if key[:1] == "F" and key[1:].isdigit() and 1 <= int(key[1:]) <= 24:
        return f"f{int(key[1:])}"
    if len(key) == 1 and key.isprintable() and not key.isspace():
        if key.isalnum():
            return key
        try:
            name = unicodedata.name(key).lower().replace(" ", "_").replace("-", "_")
        except ValueError:
            return None
        return _SHORTER.get(name, name)
    return None


@dataclass
class IgnoreLine:
    feed: str  # a feed address, or "*" for every feed
    expression: str
    line: int
    text: str


@dataclass
class NewsboatConfig:
    keys: dict[str, list[str]] = field(default_factory=dict)  # action -> keys, in file order
    ignores: list[IgnoreLine] = field(default_factory=list)
    settings: dict[tuple[str, str], object] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)


def parse_config(text: str) -> NewsboatConfig:
    result = NewsboatConfig()
    for number, line, tokens in token_lines(text, result.skipped):
        command, arguments = tokens[0], tokens[1:]
        if command == "bind-key":
            _bind(result, number, line, arguments)
        elif command == "ignore-article":
            if len(arguments) != 2:
                result.skipped.append(Skipped(number, line, "ignore-article takes a feed (or *) and an expression"))
            else:
                result.ignores.append(IgnoreLine(arguments[0], arguments[1], number, line))
        elif command in SETTINGS:
            _setting(result, number, line, command, arguments)
        elif command == "unbind-key":
            result.skipped.append(
                Skipped(number, line, "newsreader keeps its own default keys; only bind-key lines are carried")
            )
        else:
            result.skipped.append(Skipped(number, line, f"{command}: no equivalent in newsreader"))
    return result


def _bind(result: NewsboatConfig, number: int, line: str, arguments: list[str]) -> None:
    if len(arguments) < 2:
        result.skipped.append(Skipped(number, line, "bind-key takes a key and an operation"))
        return
    key, operation = arguments[0], arguments[1]
    action = OPERATIONS.get(operation)
    if action is None:
        result.skipped.append(Skipped(number, line, f"{operation}: newsreader has no such action"))
        return
    name = key_name(key)
    if name is None:
        result.skipped.append(Skipped(number, line, f"{key}: not a key newsreader can bind"))
        return
    keys = result.keys.setdefault(action, [])
    if name not in keys:
        keys.append(name)


def _setting(result: NewsboatConfig, number: int, line: str, command: str, arguments: list[str]) -> None:
    table, key, kind = SETTINGS[command]
    if len(arguments) != 1:
        result.skipped.append(Skipped(number, line, f"{command} takes one value"))
        return
    value: object = arguments[0]
    try:
        if kind is not str:
            value = kind(arguments[0])
            if value < 0:  # type: ignore[operator]
                raise ValueError
    except ValueError:
        result.skipped.append(Skipped(number, line, f"{command}: {arguments[0]!r} is not a number of the right kind"))
        return
    if command == "browser":
        # open_command gets the address as its last argument, as newsboat's browser does without %u
        words = str(value).split()
        if "%u" in words[:-1] or any("%u" in w and w != "%u" for w in words):
            result.skipped.append(Skipped(number, line, "browser: the address can only go last (as %u at the end)"))
            return
        value = " ".join(w for w in words if w != "%u")
    if command == "download-timeout":
        value = max(float(value), 1.0)  # type: ignore[arg-type]
    result.settings[(table, key)] = value
