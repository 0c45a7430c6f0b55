"""newsboat's ``urls`` file: one feed a line with its tags, ``~title`` and ``!``; query feeds.

The syntax is newsboat's own (its manual, "The urls file"): a line is
whitespace-separated tokens, a token may be double-quoted with backslash
escapes, ``#`` starts a comment line. The first token is the address. Of the
rest, ``~Title`` names the feed, ``!`` hides it from the feed list and any
other token is a tag. ``query:NAME:EXPRESSION`` as the first token is a query
feed; ``exec:`` and ``filter:`` run programs, which we never do.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

__all__ = ["QueryFeed", "Skipped", "UrlsFile", "UrlsFeed", "parse_urls", "split_tokens", "token_lines"]


@dataclass
class UrlsFeed:
    """One subscribed feed as the urls file has it."""

    url: str
    line: int
    tags: list[str] = field(default_factory=list)
    title: str | None = None
    hidden: bool = False


@dataclass
class QueryFeed:
    """A ``query:NAME:EXPRESSION`` line: a saved search in newsboat's filter language."""

    name: str
    expression: str
    line: int
    tags: list[str] = field(default_factory=list)


@dataclass
class Skipped:
    """A line (or part of one) not imported, and why, in words a user can act on."""

    line: int
    text: str
    reason: str

    def to_json(self) -> dict[str, object]:
        return {"line": self.line, "text": self.text, "reason": self.reason}


@dataclass
class UrlsFile:
    feeds: list[UrlsFeed] = field(default_factory=list)
    queries: list[QueryFeed] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


class TokenError(ValueError):
    """A line whose quotes do not close."""


def split_tokens(line: str) -> list[str]:
    """Whitespace-separated tokens; ``"..."`` groups, ``\\"`` and ``\\\\`` escape inside quotes."""
    tokens: list[str] = []
    i, n = 0, len(line)
    while i < n:
        if line[i].isspace():
            i += 1
            continue
        if line[i] == "#" and not tokens:
            break
        parts: list[str] = []
        while i < n and not line[i].isspace():
            if line[i] == '"':
                i += 1
                while i < n and line[i] != '"':
                    if line[i] == "\\" and i + 1 < n:
                        i += 1
                    parts.append(line[i])
                    i += 1
                if i >= n:
                    raise TokenError("a quote is not closed")
                i += 1
            else:
                parts.append(line[i])
                i += 1
        tokens.append("".join(parts))
    return tokens


def token_lines(text: str, skipped: list[Skipped]) -> Iterator[tuple[int, str, list[str]]]:
    """(line number, line, tokens) for each line of a newsboat file that says something; a line
    whose quotes do not close goes to ``skipped`` with the reason. Comments and blank lines are passed."""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            tokens = split_tokens(line)
        except TokenError as error:
            skipped.append(Skipped(number, line, f"cannot be read: {error}"))
            continue
        if tokens:
            yield number, line, tokens


def _is_web_address(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def parse_urls(text: str) -> UrlsFile:
    """Every line of a urls file, as feeds, query feeds, or skipped lines with the reason."""
    result = UrlsFile()
    seen: set[str] = set()
    for number, line, tokens in token_lines(text, result.skipped):
        first, rest = tokens[0], tokens[1:]
        tags = [t for t in rest if t != "!" and not t.startswith("~")]
        if first.startswith("query:"):
            name, sep, expression = first[len("query:") :].partition(":")
            if not sep or not name.strip() or not expression.strip():
                result.skipped.append(Skipped(number, line, "a query feed needs query:NAME:EXPRESSION"))
            else:
                result.queries.append(QueryFeed(name.strip(), expression.strip(), number, tags))
            continue
        if first.startswith("exec:"):
            result.skipped.append(
                Skipped(number, line, "exec: feeds run a program; newsreader never runs commands from an import")
            )
            continue
        if first.startswith("filter:"):
            result.skipped.append(
                Skipped(
                    number,
                    line,
                    "filter: feeds pipe a feed through a program; newsreader never runs commands from an import",
                )
            )
            continue
        if not _is_web_address(first):
            result.skipped.append(Skipped(number, line, "not an http or https address"))
            continue
        if first in seen:
            result.skipped.append(Skipped(number, line, "the same feed is listed on an earlier line"))
            continue
        seen.add(first)
        titles = [t[1:] for t in rest if t.startswith("~") and t[1:].strip()]
        result.feeds.append(
            UrlsFeed(
                url=first,
                line=number,
                tags=list(dict.fromkeys(tags)),
                title=titles[-1] if titles else None,
                hidden="!" in rest,
            )
        )
    return result
