"""A query tree as one SQL condition over ``articles AS a``, its values as parameters only.

The query's text never becomes SQL text: every value it holds (a word, a tag,
a date) is a ``?`` parameter, and the words reach FTS5 each inside double
quotes, so FTS5 reads no operator, column filter or NEAR of the user's own.

The words that must all match (the top level's) become one FTS5 expression,
``match``: a search walks the index by it, best match first, and checks the rest
row by row. Elsewhere words are a membership test in the index.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from newsreader.dates import TIME_FORMAT  # the store's sort_time
from newsreader.query.parse import Age, And, Everything, Field, Flag, Node, Not, Or, Words, mentions_hidden

# read and bookmarked_at come after the document in a row: testing them row by row reads
# each article's overflow pages. So a flag is a membership test in its partial index
# (migrations.PAGING_INDEXES: the index holds the rowid), read once per query...
FLAG_SQL = {
    "unread": "a.seq IN (SELECT seq FROM articles WHERE read = 0)",
    "read": "a.seq NOT IN (SELECT seq FROM articles WHERE read = 0)",
    "bookmarked": "a.seq IN (SELECT seq FROM articles WHERE bookmarked_at IS NOT NULL)",
    "hidden": "a.seq IN (SELECT seq FROM hidden_articles)",
}
# ...except where the whole query asks for it: spelled as the partial indexes are, the
# planner walks that index itself, newest first.
TOP_FLAG_SQL = {"unread": "a.read = 0", "bookmarked": "a.bookmarked_at IS NOT NULL"}
NOT_HIDDEN = "a.seq NOT IN (SELECT seq FROM hidden_articles)"
IN_INDEX = "a.seq IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"
ARTICLE_TAGGED = "a.id IN (SELECT article_id FROM article_tags WHERE tag = ?)"
AUTHOR = "json_extract(body_document(a.body), '$.author') LIKE ? ESCAPE '\\'"

# (id, title, address) of every source: ``source:NAME`` is resolved against them.
SourceRows = Sequence[tuple[int, str | None, str]]
# A tag's owners: (the ids of the sources that have it, whether any article has it).
TagOwners = Callable[[str], tuple[list[int], bool]]


@dataclass(frozen=True)
class Compiled:
    """A query ready for the store.

    ``where`` (with ``params``) is the whole condition; ``match`` is the FTS5
    expression every result matches, or None, and ``rest``/``rest_params``
    the condition without it (for a search that walks the index by ``match``).
    """

    text: str
    where: str
    params: tuple[Any, ...]
    match: str | None = None
    rest: str = "1"
    rest_params: tuple[Any, ...] = field(default=())
    shows_hidden: bool = False
    empty: bool = False  # no condition at all: every (visible) article


def fts_string(text: str) -> str:
    """One FTS5 string: a phrase of ``text``'s words, nothing in it an operator."""
    return '"' + text.replace('"', '""') + '"'


def _fts_words(node: Words) -> str:
    phrase = fts_string(node.text)
    # A one-character prefix matches thousands of terms and can keep FTS5 busy for
    # minutes (store.fts.widen_short_prefixes): it is searched as the word.
    if node.prefix and len(node.text.strip()) > 1:
        phrase += "*"
    return f"{node.column} : {phrase}" if node.column else phrase


def _fts(node: Node) -> str | None:
    """The FTS5 expression of a tree made of words alone (AND, OR, NOT of words); None otherwise."""
    if isinstance(node, Words):
        return _fts_words(node)
    if isinstance(node, Or):
        parts = [_fts(term) for term in node.terms]
        return None if None in parts else "(" + " OR ".join(parts) + ")"  # type: ignore[arg-type]
    if isinstance(node, And):
        positive = [_fts(term) for term in node.terms if not isinstance(term, Not)]
        negative = [_fts(term.term) for term in node.terms if isinstance(term, Not)]
        if not positive or None in positive or None in negative:
            return None
        expression = "(" + " AND ".join(positive) + ")"  # type: ignore[arg-type]
        for part in negative:
            expression = f"{expression} NOT {part}"
        return expression
    return None


def _in_sources(ids: Sequence[int]) -> tuple[str, list[Any]]:
    if not ids:
        return "0", []
    return f"a.source_id IN ({','.join('?' * len(ids))})", list(ids)


def _balanced(parts: list[str], joiner: str) -> str:
    """``parts`` joined, parenthesised as a balanced tree: SQLite nests ``a AND b AND c …``
    one level per term and refuses more than 1,000 levels."""
    if len(parts) <= 8:
        return "(" + joiner.join(parts) + ")"
    middle = len(parts) // 2
    return "(" + _balanced(parts[:middle], joiner) + joiner + _balanced(parts[middle:], joiner) + ")"


class _Compiler:
    def __init__(self, sources: Callable[[], SourceRows], tag_owners: TagOwners) -> None:
        self._sources = sources
        self._tag_owners = tag_owners
        self._tags: dict[str, tuple[list[int], bool]] = {}
        self._source_rows: SourceRows | None = None

    def sql(self, node: Node, top: bool = False) -> tuple[str, list[Any]]:
        """``node`` as SQL; ``top`` for the query itself or a term the query ANDs with the rest."""
        expression = _fts(node)
        if expression is not None:
            return IN_INDEX, [expression]
        ids = self.source_set(node)
        if ids is not None:
            return _in_sources(ids)
        if isinstance(node, Flag):
            return (TOP_FLAG_SQL.get(node.name) if top else None) or FLAG_SQL[node.name], []
        if isinstance(node, Age):
            return ("a.sort_time >= ?" if node.newer else "a.sort_time < ?"), [node.since.strftime(TIME_FORMAT)]
        if isinstance(node, Field):
            return self.field(node)
        if isinstance(node, Not):
            inner, params = self.sql(node.term)
            return f"NOT ({inner})", params
        if isinstance(node, (And, Or)):
            return self.combined(node, top and isinstance(node, And))
        return "1", []

    def combined(self, node: And | Or, top: bool = False) -> tuple[str, list[Any]]:
        terms = list(node.terms)
        parts: list[str] = []
        params: list[Any] = []
        if isinstance(node, And):  # the words of an AND searched at once, as one expression
            match, terms = split_words(node)
            if match is not None:
                parts.append(IN_INDEX)
                params.append(match)
        if isinstance(node, Or):  # sources named by tag or name: one list, one index range each
            sets = [(term, self.source_set(term)) for term in terms]
            merged = sorted({i for _, ids in sets if ids is not None for i in ids})
            if sum(ids is not None for _, ids in sets) > 1:
                terms = [term for term, ids in sets if ids is None]
                sql, values = _in_sources(merged)
                parts.append(sql)
                params.extend(values)
        for term in terms:
            sql, values = self.sql(term, top)
            parts.append(sql)
            params.extend(values)
        return _balanced(parts, " AND " if isinstance(node, And) else " OR "), params

    def field(self, node: Field) -> tuple[str, list[Any]]:
        if node.name == "tag":
            return self.tagged(node.value)
        if node.name == "author":
            escaped = node.value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            return AUTHOR, [f"%{escaped}%"]
        return _in_sources(self.source_ids(node.value))

    def source_set(self, node: Node) -> list[int] | None:
        """The sources a term means when it is only about sources (source:, a tag no article
        has, an OR of them); None otherwise."""
        if isinstance(node, Field) and node.name == "source":
            return self.source_ids(node.value)
        if isinstance(node, Field) and node.name == "tag":
            source_ids, articles = self._owners(node.value)
            return None if articles else source_ids
        if isinstance(node, Or):
            sets = [self.source_set(term) for term in node.terms]
            if all(ids is not None for ids in sets):
                return sorted({i for ids in sets for i in ids})  # type: ignore[union-attr]
        return None

    def _owners(self, tag: str) -> tuple[list[int], bool]:
        key = tag.casefold()
        if key not in self._tags:
            self._tags[key] = self._tag_owners(tag)
        return self._tags[key]

    def tagged(self, tag: str) -> tuple[str, list[Any]]:
        """The sources with the tag, by id (the planner pages their index: a test row by row
        read every row when the tagged sources are few), or articles tagged themselves."""
        source_ids, articles = self._owners(tag)
        if not articles:
            return _in_sources(source_ids)
        if not source_ids:
            return ARTICLE_TAGGED, [tag]
        sources, params = _in_sources(source_ids)
        return f"({sources} OR {ARTICLE_TAGGED})", [*params, tag]

    def source_ids(self, name: str) -> list[int]:
        """The sources ``name`` means: by id, address or whole title (any case); else the
        sources whose title holds it."""
        if self._source_rows is None:
            self._source_rows = list(self._sources())
        rows = self._source_rows
        folded = name.casefold()
        exact = [row[0] for row in rows if name == str(row[0]) or name == row[2] or (row[1] or "").casefold() == folded]
        if exact:
            return exact
        return [row[0] for row in rows if folded in (row[1] or row[2]).casefold()]


def split_words(node: And) -> tuple[str | None, list[Node]]:
    """(the FTS5 expression of the AND's words and left-out words, the other terms); the
    expression is None when no word must be there."""
    words = [term for term in node.terms if not isinstance(term, Not) and _fts(term) is not None]
    if not words:
        return None, list(node.terms)
    unwanted = [term for term in node.terms if isinstance(term, Not) and _fts(term.term) is not None]
    chosen = words + unwanted
    others = [term for term in node.terms if not any(term is kept for kept in chosen)]
    match = _fts(words[0]) if len(chosen) == 1 else _fts(And(tuple(chosen)))
    return match, others


def compile_query(text: str, node: Node, sources: Callable[[], SourceRows], tag_owners: TagOwners) -> Compiled:
    """``node`` (parsed from ``text``) as SQL; ``sources`` is called (once) when it names a
    source, ``tag_owners`` for each tag it names."""
    shows_hidden = mentions_hidden(node)
    if isinstance(node, Everything):
        return Compiled(text, "1", (), shows_hidden=False, empty=True)
    compiler = _Compiler(sources, tag_owners)
    where, params = compiler.sql(node, top=True)
    match = _fts(node)
    rest: str = "1"
    rest_params: list[object] = []
    if match is None and isinstance(node, And):
        match, others = split_words(node)
        if match is not None and others:
            rest, rest_params = compiler.sql(others[0] if len(others) == 1 else And(tuple(others)), top=True)
    return Compiled(text, where, tuple(params), match, rest, tuple(rest_params), shows_hidden)
