"""The reading history the app keeps between runs, and the titles its breadcrumb shows.

Saved to ``paths.state`` as JSON on the way out; a missing or broken file is an empty
history. No paths (tests, an in-memory run): nothing is read or written.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from newsreader.history import History

if TYPE_CHECKING:
    from newsreader.library import Articles
    from newsreader.paths import Paths

BREADCRUMB_LENGTH = 8  # the most steps the breadcrumb offers; it shows as many as fit


class ReadingTrail:
    """The history of articles read (back and forward) and their titles, by id."""

    def __init__(self, articles: Articles, paths: Paths | None) -> None:
        self.articles = articles
        self.paths = paths
        self.history: History[str] = self._load()
        self.titles: dict[str, str] = {}

    def title_of(self, article_id: str) -> str:
        if article_id not in self.titles:
            article = self.articles.article(article_id)
            self.titles[article_id] = article.title if article else ""
        return self.titles[article_id]

    def breadcrumb(self) -> tuple[list[str], bool]:
        """The titles of the history's last steps, and whether it goes back further."""
        trail = self.history.trail(BREADCRUMB_LENGTH)
        return [self.title_of(article_id) for article_id in trail], self.history.index + 1 > len(trail)

    def _load(self) -> History[str]:
        if self.paths is None:
            return History()
        try:
            state = json.loads(Path(self.paths.state).read_text("utf-8"))
        except (OSError, ValueError):
            return History()
        if not isinstance(state, dict):
            return History()
        items = state.get("history")
        if isinstance(items, list):
            items = [item for item in items if isinstance(item, str)]
        return History.from_list(items, state.get("history_index"))

    def save(self) -> str | None:
        """Write the history to ``paths.state``; why it could not be written, or None."""
        if self.paths is None:
            return None
        state = {"history": self.history.to_list(), "history_index": self.history.index}
        target = Path(self.paths.state)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_suffix(".json.tmp")
            temporary.write_text(json.dumps(state), "utf-8")
            temporary.replace(target)
        except OSError as error:
            return str(error)
        return None
