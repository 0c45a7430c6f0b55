"""Queries, saved views and the config's rules, as ``Library.views``.

A query is compiled, a view saved or dropped and the rules tried (``rules --dry-run``) here,
so that the command line's ``view`` and the app's search screen and sources pane do it alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from newsreader.config import Config
from newsreader.lazy_import import load
from newsreader.rules import RuleResult, dry_run

if TYPE_CHECKING:
    from newsreader.query import Compiled
    from newsreader.store import SavedView, View


class Views:
    """Queries and the saved views: a saved view is a query with a name."""

    def __init__(self, store: Any, config: Config) -> None:
        self._store = store
        self._config = config

    def compile(self, text: str) -> Compiled:
        """``text`` compiled for the store; QueryError (with a pointer) when it does not read."""
        compiled: Compiled = self._store.compile_query(text)
        return compiled

    def query_view(self, text: str) -> View:
        """The store's filter for the articles the query ``text`` matches."""
        view: View = self._store.query_view(text)
        return view

    def as_typed(self, query: str) -> str:
        """The query that search as you type runs for ``query`` (its last word a prefix): a view
        saved from the search screen keeps it, so it lists what the search showed."""
        typed: str = load("newsreader.store").as_typed(query)
        return typed

    def saved(self, name: str) -> SavedView | None:
        """The saved view called ``name``, None when there is none."""
        saved: SavedView | None = self._store.saved_view(name)
        return saved

    def save(self, name: str, query: str) -> bool:
        """Save ``query`` as the view ``name``: whether it is new (False: that view changed).
        ValueError when the name cannot be a view's."""
        return bool(self._store.save_view(name, query))

    def remove(self, name: str) -> bool:
        """Forget the saved view ``name``: whether there was one."""
        return bool(self._store.remove_view(name))

    def counts(self) -> list[tuple[SavedView, int | None]]:
        """Every saved view with its unread count (None: its query no longer reads)."""
        return list(self._store.saved_view_counts())

    def dry_run_rules(self) -> list[RuleResult]:
        """What each of the config's rules would match now, changing nothing."""
        return dry_run(self._store, self._config.rules)
