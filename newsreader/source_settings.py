"""Per-source settings: what one source asks of a refresh beyond the config's defaults.

A source's settings are kept in the store as one JSON object (only the keys set; an
absent key is its default) and changed as ``KEY=VALUE`` assignments, from the command
line (``newsreader source set``) or the app's dialog. Every value is checked here, so a
bad one is refused with its key named before anything is stored (all or nothing):

- ``title``: a title of the user's own (the same as ``rename``); empty: the feed's again
- ``interval``: how often the source is due (``30m``, ``2h``, ``1d``, ``1w``, ``1h30m``);
  a source without one is refreshed only when all are (``refresh``, not ``--due``)
- ``max_articles``: how many articles it keeps (0: any number); older, unbookmarked ones
  beyond that are pruned after a refresh; empty: the config's ``[retention]`` limit
- ``user_agent``: the User-Agent its requests send
- ``header``: ``Name: value``, an extra request header (``Name:`` drops that one;
  empty: drops them all)
- ``full_text``: fetch each new article's page at refresh and keep its whole text
- ``enabled``: ``false`` leaves the source out of every refresh
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from newsreader.document.clean import clean_inline

KEYS = ("title", "interval", "max_articles", "user_agent", "header", "full_text", "enabled")
MIN_INTERVAL = 60  # seconds: a source is not fetched more often than once a minute
MAX_INTERVAL = 366 * 86400
MAX_HEADERS = 20
MAX_ARTICLES = 10_000_000  # a source's own limit: far beyond any feed, well inside SQLite's integers
MAX_HEADER_LENGTH = 1000  # characters of a header value (or a user agent)
TITLE_LENGTH = 300
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
_INTERVAL = re.compile(r"(\d{1,7})\s*([smhdw])")
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")  # RFC 9110 token: a header's name
# Headers the fetcher writes itself (or that would make the request another one): refused.
RESERVED_HEADERS = frozenset({
    "host", "content-length", "transfer-encoding", "connection", "accept-encoding", "if-none-match",
    "if-modified-since", "te", "trailer", "upgrade", "keep-alive", "proxy-connection", "expect", "user-agent",
})  # fmt: skip
_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}


def typed(text: str) -> str:
    """What the user typed, quoted back in a refusal: one clean line, its first 40 characters."""
    return clean_inline(text)[:40]


class SettingError(ValueError):
    """A setting refused: ``key`` names it, ``str(error)`` says why (one line, for the user)."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(f"{key}: {message}")
        self.key = key
        self.message = message


@dataclass(frozen=True)
class SourceSettings:
    """One source's settings; every field at its default means "as the config says"."""

    title: str | None = None  # the user's own title (None: the feed's)
    interval: int | None = None  # seconds between refreshes (None: only when all are refreshed)
    max_articles: int | None = None  # articles kept (None: the config's limit; 0: any number)
    user_agent: str | None = None
    headers: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (name, value), in order
    full_text: bool = False
    enabled: bool = True

    def request_headers(self) -> list[tuple[str, str]]:
        """The headers this source's requests add (its user agent first)."""
        return ([("User-Agent", self.user_agent)] if self.user_agent else []) + list(self.headers)

    def is_due(self, last_refreshed: str | None, now: datetime) -> bool:
        """Whether an enabled source with an interval should be refreshed at ``now``."""
        if not self.enabled or self.interval is None:
            return False
        if not last_refreshed:
            return True
        try:
            last = datetime.fromisoformat(last_refreshed)
        except ValueError:
            return True
        if last.tzinfo is None or now.tzinfo is None:
            last, now = last.replace(tzinfo=None), now.replace(tzinfo=None)
        return now - last >= timedelta(seconds=self.interval)

    def to_json(self) -> dict[str, Any]:
        """The ``settings`` object of ``sources --json``: every key, defaults as null/false/true."""
        return {
            "title": self.title,
            "interval": format_interval(self.interval) if self.interval is not None else None,
            "interval_seconds": self.interval,
            "max_articles": self.max_articles,
            "user_agent": self.user_agent,
            "headers": dict(self.headers),
            "full_text": self.full_text,
            "enabled": self.enabled,
        }

    def to_store(self) -> str | None:
        """The JSON kept in the store: the keys that differ from their defaults (None: all default)."""
        data: dict[str, Any] = {}
        for name in ("title", "interval", "max_articles", "user_agent"):
            if getattr(self, name) is not None:
                data[name] = getattr(self, name)
        if self.headers:
            data["headers"] = [list(pair) for pair in self.headers]
        if self.full_text:
            data["full_text"] = True
        if not self.enabled:
            data["enabled"] = False
        return json.dumps(data, ensure_ascii=False, sort_keys=True) if data else None


DEFAULT = SourceSettings()


def from_store(text: str | None) -> SourceSettings:
    """The settings kept as ``text``; what cannot be read again is left at its default
    (every value is checked again, so a file edited by hand cannot bring a bad header in)."""
    if not text:
        return DEFAULT
    try:
        data = json.loads(text)
    except ValueError:
        return DEFAULT
    if not isinstance(data, dict):
        return DEFAULT
    settings = DEFAULT
    checks = {
        "title": lambda v: _title(v) if isinstance(v, str) else None,
        "interval": lambda v: v if isinstance(v, int) and MIN_INTERVAL <= v <= MAX_INTERVAL else None,
        "max_articles": lambda v: (
            v if isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= MAX_ARTICLES else None
        ),
        "user_agent": lambda v: _header_value("user_agent", v) if isinstance(v, str) else None,
        "full_text": lambda v: v is True,
        "enabled": lambda v: v is not False,
    }
    for name, check in checks.items():
        if name in data:
            try:
                change: dict[str, Any] = {name: check(data[name])}
                settings = replace(settings, **change)
            except SettingError:
                pass
    headers = []
    for pair in data.get("headers") or []:
        try:
            headers.append(parse_header(f"{pair[0]}: {pair[1]}"))
        except (SettingError, IndexError, TypeError, KeyError):
            continue
    return replace(settings, headers=tuple(h for h in headers if h[1])[:MAX_HEADERS])


# ---------------------------------------------------------------------------- values


def parse_interval(text: str) -> int:
    """``30m``, ``2h``, ``1d``, ``1w`` or a sum such as ``1h30m`` as seconds; SettingError when not."""
    compact = text.strip().lower().replace(" ", "")
    if not compact or _INTERVAL.sub("", compact):
        raise SettingError("interval", f"{typed(text)!r} is not a time like 30m, 2h, 1d or 1w")
    seconds = sum(int(number) * _UNITS[unit] for number, unit in _INTERVAL.findall(compact))
    if seconds < MIN_INTERVAL:
        raise SettingError("interval", "at least 1m (a source is not fetched more often than once a minute)")
    if seconds > MAX_INTERVAL:
        raise SettingError("interval", "at most 366d")
    return seconds


def format_interval(seconds: int) -> str:
    """Seconds as the shortest way to write them back: ``90`` → ``1m30s``, ``7200`` → ``2h``."""
    parts = []
    for unit in ("w", "d", "h", "m", "s"):
        size = _UNITS[unit]
        if seconds >= size:
            parts.append(f"{seconds // size}{unit}")
            seconds %= size
    return "".join(parts) or "0s"


def parse_bool(key: str, text: str) -> bool:
    word = text.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise SettingError(key, f"{typed(text)!r} is not true or false (also yes/no, on/off, 1/0)")


def parse_max_articles(text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise SettingError("max_articles", f"{typed(text)!r} is not a whole number") from None
    if value < 0:
        raise SettingError("max_articles", "cannot be negative (0 keeps any number)")
    if value > MAX_ARTICLES:
        raise SettingError("max_articles", f"at most {MAX_ARTICLES:,} (0 keeps any number)")
    return value


def _header_value(key: str, text: str) -> str:
    """A header value as sent: no line breaks or other controls (a CR or LF would let it write
    a header or a request of its own), at most MAX_HEADER_LENGTH characters."""
    if any(ch in text for ch in "\r\n\0"):
        raise SettingError(key, "a line break (CR or LF) or NUL is not allowed in a header")
    if any((ord(ch) < 32 and ch != "\t") or ord(ch) == 127 for ch in text):
        raise SettingError(key, "control characters are not allowed in a header")
    value = text.strip()
    if len(value) > MAX_HEADER_LENGTH:
        raise SettingError(key, f"longer than {MAX_HEADER_LENGTH} characters")
    try:
        value.encode("latin-1")
    except UnicodeEncodeError:
        raise SettingError(key, "only Latin-1 characters can be sent in a header") from None
    return value


def parse_header(text: str) -> tuple[str, str]:
    """``Name: value`` as (name, value); an empty value means "drop this header"."""
    name, colon, value = text.partition(":")
    name = name.strip()
    if not colon:
        raise SettingError("header", "write it as Name: value (Name: alone drops that header)")
    if not _TOKEN.fullmatch(name):
        raise SettingError("header", f"{typed(name)!r} is not a header name (letters, digits and !#$%&'*+-.^_`|~)")
    if name.lower() in RESERVED_HEADERS:
        hint = " (set user_agent instead)" if name.lower() == "user-agent" else " (the fetcher sets it)"
        raise SettingError("header", f"{name} cannot be set{hint}")
    return name, _header_value("header", value)


def _title(text: str) -> str | None:
    title = clean_inline(text)[:TITLE_LENGTH]
    return title or None


# ---------------------------------------------------------------------------- changes


def split_assignment(text: str) -> tuple[str, str]:
    """``KEY=VALUE`` as (key, value); SettingError naming the text when it is not one."""
    key, equals, value = text.partition("=")
    key = key.strip().lower().replace("-", "_")
    if not equals or not key:
        raise SettingError(typed(text) or "''", "write settings as KEY=VALUE (KEY= resets it)")
    if key == "headers":
        key = "header"
    if key not in KEYS:
        raise SettingError(typed(key), f"unknown setting (known: {', '.join(KEYS)})")
    return key, value


def apply(settings: SourceSettings, assignments: Iterable[tuple[str, str]]) -> SourceSettings:
    """``settings`` with the assignments made in order (an empty value resets the key);
    SettingError at the first bad one, and then nothing is changed."""
    for key, value in assignments:
        settings = _apply_one(settings, key, value)
    return settings


def _apply_one(settings: SourceSettings, key: str, value: str) -> SourceSettings:
    if key not in KEYS:
        raise SettingError(key, f"unknown setting (known: {', '.join(KEYS)})")
    if not value.strip() and key != "header":
        return replace(settings, **{key: getattr(DEFAULT, key)})
    if key == "title":
        if any(ch in value for ch in "\r\n"):
            raise SettingError("title", "a title is one line")
        return replace(settings, title=_title(value))
    if key == "interval":
        return replace(settings, interval=parse_interval(value))
    if key == "max_articles":
        return replace(settings, max_articles=parse_max_articles(value))
    if key == "user_agent":
        return replace(settings, user_agent=_header_value("user_agent", value) or None)
    if key in ("full_text", "enabled"):
        flag: dict[str, Any] = {key: parse_bool(key, value)}
        return replace(settings, **flag)
    # header
    if not value.strip():
        return replace(settings, headers=())
    name, header_value = parse_header(value)
    kept = [(n, v) for n, v in settings.headers if n.lower() != name.lower()]
    if header_value:
        kept.append((name, header_value))
    if len(kept) > MAX_HEADERS:
        raise SettingError("header", f"at most {MAX_HEADERS} headers")
    return replace(settings, headers=tuple(kept))


def from_fields(settings: SourceSettings, fields: Mapping[str, str]) -> SourceSettings:
    """The settings a form gives (the app's dialog): each key's whole value as text, headers
    one ``Name: value`` a line; SettingError naming the first bad field."""
    changes: list[tuple[str, str]] = []
    for key, value in fields.items():
        if key == "header":
            changes.append(("header", ""))
            changes.extend(("header", line) for line in value.splitlines() if line.strip())
        else:
            changes.append((key, value))
    return apply(settings, changes)


def as_fields(settings: SourceSettings) -> dict[str, str]:
    """The settings as a form's text fields (the inverse of ``from_fields``)."""
    return {
        "title": settings.title or "",
        "interval": format_interval(settings.interval) if settings.interval is not None else "",
        "max_articles": str(settings.max_articles) if settings.max_articles is not None else "",
        "user_agent": settings.user_agent or "",
        "header": "\n".join(f"{name}: {value}" for name, value in settings.headers),
        "full_text": "true" if settings.full_text else "false",
        "enabled": "true" if settings.enabled else "false",
    }


__all__ = [
    "DEFAULT",
    "KEYS",
    "SettingError",
    "SourceSettings",
    "apply",
    "as_fields",
    "format_interval",
    "from_fields",
    "from_store",
    "parse_header",
    "parse_interval",
    "split_assignment",
]
