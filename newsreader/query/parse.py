"""The query language, read into a tree: words, phrases, filters, ``-``, ``OR``, parentheses.

    budget "central bank" minist*        words, a phrase, a prefix (the search index)
    unread  read  bookmarked  hidden     the article's state
    tag:NAME  source:NAME  title:WORD  author:NAME   (any other NAME: is searched as words)
    newer:7d  older:2w  newer:2026-11-01 (units: h, d, w, m = 30 days, y = 365 days)
    -term  NOT term                      not this
    a b                                  both (AND is allowed and means the same)
    a OR b                               either; binds tighter than the AND of neighbours
    ( … )                                grouping

A malformed query raises ``QueryError`` with the 0-based position of the
offending term; nothing here knows SQL (see ``newsreader.query.sql``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from newsreader.dates import utc_now

MAX_LENGTH = 10_000  # characters; longer is refused (a query, not a document)
MAX_TERMS = 2000  # terms in one query (10 KB of ordinary words is about 1,500)
MAX_DEPTH = 32  # nested parentheses and negations

FLAGS = ("unread", "read", "bookmarked", "hidden")
FIELDS = ("tag", "source", "title", "author", "newer", "older")
UNITS = {"h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1),
         "m": timedelta(days=30), "y": timedelta(days=365)}  # fmt: skip
WORD_CHARACTER = re.compile(r"\w")
_DURATION = re.compile(r"(\d{1,6})([hdwmy])", re.IGNORECASE)
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


class QueryError(ValueError):
    """A query that cannot be read: ``position`` (0-based) and ``length`` say which part."""

    def __init__(self, message: str, position: int, length: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.position = position
        self.length = max(length, 1)

    def __str__(self) -> str:
        return f"{self.message} (at character {self.position + 1})"

    def pointer(self, query: str) -> str:
        """Two lines: the query (on one line) and a caret under the offending part."""
        shown = "".join(" " if not ch.isprintable() else ch for ch in query)
        start = max(0, self.position - 60)
        end = min(len(shown), self.position + self.length + 60)
        prefix = "…" if start else ""
        line = prefix + shown[start:end] + ("…" if end < len(shown) else "")
        caret = " " * (len(prefix) + self.position - start) + "^" * max(1, min(self.length, end - self.position))
        return f"{line}\n{caret}"


# --- the tree ------------------------------------------------------------------------


@dataclass(frozen=True)
class Words:
    """A word, a ``"phrase"`` or a ``prefix*`` for the search index; ``column`` limits it to the title."""

    text: str
    prefix: bool = False
    column: str | None = None


@dataclass(frozen=True)
class Flag:
    name: str  # one of FLAGS


@dataclass(frozen=True)
class Field:
    name: str  # tag, source, author
    value: str


@dataclass(frozen=True)
class Age:
    """``newer`` (sort time at or after ``since``) or ``older`` (before it)."""

    newer: bool
    since: datetime


@dataclass(frozen=True)
class Not:
    term: Node


@dataclass(frozen=True)
class And:
    terms: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    terms: tuple[Node, ...]


@dataclass(frozen=True)
class Everything:
    """No condition at all (an empty query, or one of punctuation only)."""


Node = Words | Flag | Field | Age | Not | And | Or | Everything


# --- tokens ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Token:
    kind: str  # "(", ")", "-", "OR", "AND", "NOT", "word", "phrase", "field"
    position: int
    length: int
    text: str = ""
    name: str = ""  # a field's name
    quoted: bool = False  # a field's value was in quotes
    prefix: bool = False  # a phrase followed by *


def _closing_quote(query: str, start: int) -> int:
    end = query.find('"', start + 1)
    if end < 0:
        raise QueryError('this quote is never closed: add a " at the end of the phrase', start)
    return end


def tokens(query: str) -> list[Token]:
    """The query's tokens; raises QueryError for an unclosed quote or a ``-`` with nothing after it."""
    found: list[Token] = []
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch.isspace():
            i += 1
        elif ch in "()":
            found.append(Token(ch, i, 1))
            i += 1
        elif ch == "-":
            if i + 1 >= n or query[i + 1].isspace() or query[i + 1] == ")":
                raise QueryError("'-' must be written right before the term it leaves out, as in -sport", i)
            found.append(Token("-", i, 1))
            i += 1
        elif ch == '"':
            end = _closing_quote(query, i)
            prefix = end + 1 < n and query[end + 1] == "*"
            stop = end + 1 + prefix
            found.append(Token("phrase", i, stop - i, query[i + 1 : end], prefix=prefix))
            i = stop
        else:
            start = i
            while i < n and not query[i].isspace() and query[i] not in '()"':
                i += 1
            text = query[start:i]
            name, colon, value = text.partition(":")
            if colon and name and re.fullmatch(r"[A-Za-z]+", name):
                if not value and i < n and query[i] == '"':
                    end = _closing_quote(query, i)
                    found.append(
                        Token("field", start, end + 1 - start, query[i + 1 : end], name=name.lower(), quoted=True)
                    )
                    i = end + 1
                    continue
                found.append(Token("field", start, i - start, value, name=name.lower()))
            elif text in ("OR", "AND", "NOT"):
                found.append(Token(text, start, i - start))
            else:
                found.append(Token("word", start, i - start, text))
    return found


# --- the parser ------------------------------------------------------------------------


class _Parser:
    """query := or* ; or := unary ("OR" unary)* ; unary := ("-" | "NOT")* primary ;
    primary := "(" query ")" | word | phrase | field."""

    def __init__(self, query: str, now: datetime) -> None:
        self.query = query
        self.now = now
        self.tokens = tokens(query)
        self.at = 0
        self.depth = 0
        self.terms = 0

    def peek(self) -> Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def parse(self) -> Node:
        node = self.sequence(None)
        token = self.peek()
        if token is not None:  # only a ")" stops a top-level sequence
            raise QueryError("this ')' closes no '('", token.position)
        return node

    def sequence(self, opened: Token | None) -> Node:
        terms: list[Node] = []
        while (token := self.peek()) is not None and token.kind != ")":
            if token.kind == "AND":
                self.take()
                after = self.peek()
                if not terms or after is None or after.kind in (")", "OR", "AND"):
                    raise QueryError("AND needs a term on each side", token.position, token.length)
                continue
            terms.append(self.either())
        if opened is not None and token is None:
            raise QueryError("this '(' is never closed: add a ')'", opened.position)
        return _and(terms)

    def either(self) -> Node:
        terms = [self.unary()]
        while (token := self.peek()) is not None and token.kind == "OR":
            self.take()
            following = self.peek()
            if following is None or following.kind in (")", "OR", "AND"):
                raise QueryError("OR needs a term on each side", token.position, token.length)
            terms.append(self.unary())
        kept = [term for term in terms if not isinstance(term, Everything)]
        if len(kept) < len(terms):  # "a OR ;": a term of punctuation only asks for nothing
            return kept[0] if len(kept) == 1 else (Or(tuple(kept)) if kept else Everything())
        return terms[0] if len(terms) == 1 else Or(tuple(terms))

    def unary(self) -> Node:
        token = self.peek()
        assert token is not None
        if token.kind == "OR":
            raise QueryError("OR needs a term on each side", token.position, token.length)
        if token.kind in ("-", "NOT"):
            self.take()
            after = self.peek()
            if after is None or after.kind in (")", "OR", "AND"):
                raise QueryError(f"'{token.kind}' needs a term after it", token.position, token.length)
            with_depth = self.deeper(token)
            inner = self.unary()
            self.depth = with_depth
            return Everything() if isinstance(inner, Everything) else Not(inner)
        return self.primary()

    def deeper(self, token: Token) -> int:
        depth = self.depth
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QueryError(f"nested too deeply (at most {MAX_DEPTH} levels)", token.position, token.length)
        return depth

    def primary(self) -> Node:
        token = self.take()
        if token.kind == "(":
            depth = self.deeper(token)
            after = self.peek()
            if after is not None and after.kind == ")":
                raise QueryError("empty parentheses", token.position, 2)
            node = self.sequence(token)
            self.take()  # the ")"
            self.depth = depth
            return node
        self.terms += 1
        if self.terms > MAX_TERMS:
            raise QueryError(f"too many terms (at most {MAX_TERMS})", token.position, token.length)
        if token.kind == "phrase":
            return _words(token.text, token.prefix)
        if token.kind == "field":
            return self.field(token)
        return self.word(token)

    def word(self, token: Token) -> Node:
        text = token.text
        if text.lower() in FLAGS:
            return Flag(text.lower())
        prefix = text.endswith("*")
        return _words(text.rstrip("*"), prefix)

    def field(self, token: Token) -> Node:
        name, value = token.name, token.text.strip()
        if name not in FIELDS and name not in FLAGS:
            # Not a filter ("C:\\path", "re:invent", FTS5's column filters): words to search for.
            return _and([_words(token.name, False), _words(token.text, False)])
        if name in FLAGS:
            raise QueryError(f"'{name}' takes no value: write it alone", token.position, token.length)
        if not value:
            raise QueryError(f"'{name}:' needs a value, as in {name}:{_EXAMPLES[name]}", token.position, token.length)
        if name in ("newer", "older"):
            return Age(name == "newer", self.moment(value, token))
        if name == "title":
            prefix = value.endswith("*") and not token.quoted
            node = _words(value.rstrip("*") if prefix else value, prefix, column="title")
            if isinstance(node, Everything):
                raise QueryError("'title:' needs a word with letters or digits", token.position, token.length)
            return node
        return Field(name, value)

    def moment(self, value: str, token: Token) -> datetime:
        duration = _DURATION.fullmatch(value)
        if duration:
            amount = int(duration.group(1)) * UNITS[duration.group(2).lower()]
            try:
                return self.now - amount
            except OverflowError:
                return datetime(1, 1, 1, tzinfo=UTC)
        date = _DATE.fullmatch(value)
        if date:
            try:
                year, month, day = map(int, date.groups())
                return datetime(year, month, day, tzinfo=UTC)
            except ValueError:
                raise QueryError(f"{value!r} is not a date", token.position, token.length) from None
        raise QueryError(
            f"{token.name}: takes an age such as 7d, 12h, 2w, 3m (months) or a date such as 2026-11-01",
            token.position, token.length,
        )  # fmt: skip


_EXAMPLES = {"tag": "work", "source": "3", "title": "budget", "author": "smith", "newer": "7d", "older": "2w"}


def _words(text: str, prefix: bool, column: str | None = None) -> Node:
    if not WORD_CHARACTER.search(text):
        return Everything()  # punctuation only: nothing the index could look for
    return Words(text, prefix, column)


def _and(terms: list[Node]) -> Node:
    kept = [term for term in terms if not isinstance(term, Everything)]
    if not kept:
        return Everything()
    return kept[0] if len(kept) == 1 else And(tuple(kept))


def parse(query: str, now: datetime | None = None) -> Node:
    """The tree of ``query``; ``now`` anchors ages such as ``newer:7d`` (default: the clock)."""
    if len(query) > MAX_LENGTH:
        raise QueryError(f"the query is too long ({len(query)} characters, at most {MAX_LENGTH})", MAX_LENGTH)
    return _Parser(query, now or utc_now()).parse()


def ends_in_filter(query: str) -> bool:
    """Whether the last term of ``query`` is a filter (``unread``, ``tag:x``, ``newer:7d``) rather
    than a word: search as you type makes a word being typed a prefix, never a filter."""
    try:
        found = tokens(query)
    except QueryError:
        return False
    if not found or query[-1:].isspace():
        return False
    last = found[-1]
    if last.kind == "field":
        return last.name in FIELDS and last.name != "title"
    return last.kind == "word" and last.text.lower() in FLAGS


def mentions_hidden(node: Node) -> bool:
    """Whether the query names ``hidden`` anywhere (hidden articles are left out otherwise)."""
    if isinstance(node, Flag):
        return node.name == "hidden"
    if isinstance(node, Not):
        return mentions_hidden(node.term)
    if isinstance(node, (And, Or)):
        return any(mentions_hidden(term) for term in node.terms)
    return False
