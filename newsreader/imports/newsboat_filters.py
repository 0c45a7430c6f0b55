"""newsboat's filter language, said again in ours where it can be said.

newsboat's expressions (its manual, "Filter Language") compare an attribute
with a value — ``unread = "yes"``, ``tags # "tech"``, ``title =~ "rust"``,
``age < 7`` — and join comparisons with ``and``, ``or`` and parentheses. Ours
says the same with terms: ``unread``, ``tag:tech``, ``title:rust``,
``newer:7d``. A comparison ours has no term for (a regular expression, an exact
title, an article's index) makes the whole expression untranslatable, with the
reason naming it: half a filter would show the wrong articles.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["FilterError", "translate_filter"]


class FilterError(ValueError):
    """An expression that cannot be read, or said in our query language; the message says why."""


@dataclass
class _Compare:
    attribute: str
    operator: str
    value: str
    text: str  # as written, for messages


@dataclass
class _Join:
    operator: str  # "and" | "or"
    left: object
    right: object


_TOKEN = re.compile(
    r"""\s*(?:
        (?P<string>"(?:[^"\\]|\\.)*")
      | (?P<op>=~|!~|!=|!\#|<=|>=|=|\#|<|>)
      | (?P<paren>[()])
      | (?P<word>[^\s()"=<>!\#]+)
    )""",
    re.VERBOSE,
)


def _tokens(expression: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    position = 0
    while position < len(expression):
        if expression[position:].strip() == "":
            break
        match = _TOKEN.match(expression, position)
        if not match or match.end() == position:
            raise FilterError(f"cannot read {expression[position:].strip()[:30]!r}")
        kind = match.lastgroup or ""
        text = match.group(kind)
        if kind == "string":
            text = re.sub(r"\\(.)", r"\1", text[1:-1])
        found.append((kind, text))
        position = match.end()
    return found


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.at = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise FilterError("the expression ends too early")
        self.at += 1
        return token

    def expression(self) -> object:
        left = self.conjunction()
        while (token := self.peek()) and token == ("word", "or"):
            self.take()
            left = _Join("or", left, self.conjunction())
        return left

    def conjunction(self) -> object:
        left = self.primary()
        while (token := self.peek()) and token == ("word", "and"):
            self.take()
            left = _Join("and", left, self.primary())
        return left

    def primary(self) -> object:
        kind, text = self.take()
        if (kind, text) == ("paren", "("):
            inner = self.expression()
            if self.peek() != ("paren", ")"):
                raise FilterError("a parenthesis is not closed")
            self.take()
            return inner
        if kind != "word":
            raise FilterError(f"expected an attribute, found {text!r}")
        attribute = text
        op_kind, operator = self.take()
        if op_kind == "word" and operator == "between":
            value_kind, value = self.take()
            return _Compare(attribute, "between", value, f"{attribute} between {value}")
        if op_kind != "op":
            raise FilterError(f"expected an operator after {attribute!r}, found {operator!r}")
        value_kind, value = self.take()
        if value_kind not in ("string", "word"):
            raise FilterError(f"expected a value after {attribute} {operator}")
        shown = f'"{value}"' if value_kind == "string" else value
        return _Compare(attribute, operator, value, f"{attribute} {operator} {shown}")


def _quoted(value: str) -> str:
    """A term's value as our language reads it: bare when it is one plain word, else in quotes."""
    if re.fullmatch(r"[\w.:@/-]+", value) and ":" not in value:
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


_LITERAL = re.compile(r"[\w' -]+")


def _days(value: str, what: str) -> int:
    if not re.fullmatch(r"\d{1,5}", value):
        raise FilterError(f"{what}: the age must be a whole number of days")
    return int(value)


def _negate(term: str, negative: bool) -> str:
    return f"-{term}" if negative else term


def _compare(node: _Compare, source_for_url: Callable[[str], str | None]) -> str:
    attribute, operator, value = node.attribute, node.operator, node.value
    untranslatable = FilterError(f"{node.text}: newsreader's query language has no term for this")
    negative = operator in ("!=", "!~", "!#")
    if attribute == "unread":
        if value not in ("yes", "no"):
            raise FilterError(f'{node.text}: unread is "yes" or "no"')
        if operator not in ("=", "!="):
            raise untranslatable
        return "unread" if (value == "yes") != negative else "read"
    if attribute == "tags":
        if operator not in ("#", "!#", "=~", "!~") or (operator in ("=~", "!~") and not _LITERAL.fullmatch(value)):
            raise untranslatable
        return _negate(f"tag:{_quoted(value)}", negative)
    if attribute == "flags":
        if operator not in ("#", "!#") or not re.fullmatch(r"[A-Za-z]+", value):
            raise untranslatable
        terms = [f'tag:"flag:{flag}"' for flag in value]
        if negative:
            return " ".join(f"-{t}" for t in terms)
        return terms[0] if len(terms) == 1 else "(" + " ".join(terms) + ")"
    if attribute == "age":
        if operator == "between":
            low, _, high = value.partition(":")
            older, newer = _days(low, node.text), _days(high, node.text)
            return f"newer:{newer + 1}d" + (f" older:{older - 1}d" if older > 1 else "")
        days = _days(value, node.text)
        if operator == "<":
            return f"newer:{days}d"
        if operator == "<=":
            return f"newer:{days + 1}d"
        if operator == ">":
            return f"older:{days}d"
        if operator == ">=":
            return f"older:{days - 1}d" if days > 0 else "(read OR unread)"
        raise untranslatable
    if attribute in ("title", "author", "content", "description", "feedtitle"):
        # =~ and # with a plain literal ask "contains this"; our terms match words.
        if (
            operator in ("=~", "!~", "#", "!#")
            and _LITERAL.fullmatch(value)
            and value.strip()
            or operator in ("=", "!=")
            and attribute in ("author", "feedtitle")
            and value.strip()
        ):
            words = value.strip()
        else:
            raise FilterError(
                f"{node.text}: only a plain word or name can be said (no regular expressions or exact titles)"
            )
        if attribute == "title":
            parts = words.split()
            if len(parts) != 1:
                raise FilterError(f"{node.text}: title: takes one word; several words in order cannot be said")
            return _negate(f"title:{_quoted(parts[0])}", negative)
        if attribute == "author":
            return _negate(f"author:{_quoted(words)}", negative)
        if attribute == "feedtitle":
            return _negate(f"source:{_quoted(words)}", negative)
        return _negate(_quoted(words) if " " in words else words, negative)
    if attribute in ("feedurl", "rssurl"):
        if operator not in ("=", "!="):
            raise untranslatable
        source = source_for_url(value)
        if source is None:
            raise FilterError(f"{node.text}: that feed is not among the imported ones")
        return _negate(f"source:{source}", negative)
    raise FilterError(f"{node.text}: newsreader's query language has no term for {attribute!r}")


def _render(node: object, source_for_url: Callable[[str], str | None], parent: str | None) -> str:
    if isinstance(node, _Compare):
        return _compare(node, source_for_url)
    assert isinstance(node, _Join)
    left = _render(node.left, source_for_url, node.operator)
    right = _render(node.right, source_for_url, node.operator)
    if node.operator == "and":
        return f"{left} {right}"
    text = f"{left} OR {right}"
    return f"({text})" if parent == "and" else text


def translate_filter(expression: str, source_for_url: Callable[[str], str | None] = lambda url: None) -> str:
    """``expression`` in newsreader's query language; FilterError with the reason when it cannot be said."""
    tokens = _tokens(expression)
    if not tokens:
        raise FilterError("the expression is empty")
    parser = _Parser(tokens)
    tree = parser.expression()
    if parser.peek() is not None:
        raise FilterError(f"unexpected {parser.peek()[1]!r}")  # type: ignore[index]
    return _render(tree, source_for_url, None)
