"""The query language of search, saved views, rules and ``list --query``.

``parse`` reads a query into a tree (``QueryError`` points at a malformed
term); ``compile_query`` turns the tree into one SQL condition with its values
as parameters. The store runs it (``Store.find``, ``View(query=...)``).
"""

from newsreader.query.parse import FIELDS, FLAGS, QueryError, ends_in_filter, mentions_hidden, parse
from newsreader.query.sql import Compiled, SourceRows, TagOwners, compile_query

__all__ = [
    "FIELDS",
    "FLAGS",
    "Compiled",
    "QueryError",
    "ends_in_filter",
    "SourceRows",
    "TagOwners",
    "compile_query",
    "mentions_hidden",
    "parse",
]
