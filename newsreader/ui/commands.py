"""Command palette providers: the library's sources and its articles.

The app's own commands come from ``NewsReaderApp.get_system_commands``. Names
from feeds are shown as ``Content`` built from plain text, never parsed as
markup (the palette parses plain strings as markup).
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING, Protocol, cast

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from newsreader.ui.view import View

if TYPE_CHECKING:
    from newsreader.library import Library


class PaletteTarget(Protocol):
    """What the providers ask of the app: its library, and to show a view or an article."""

    @property
    def library(self) -> Library: ...
    def choose_view(self, view: View | str) -> None: ...
    def open_article(self, article_id: str) -> None: ...


def target(provider: Provider) -> PaletteTarget:
    return cast("PaletteTarget", provider.app)


def plain_highlight(provider: Provider, query: str, candidate: str) -> tuple[float, Content]:
    """Fuzzy score and the candidate as plain Content with the matched letters styled."""
    matcher = provider.matcher(query)
    score, offsets = matcher.fuzzy_search.match(query, candidate)
    content = Content(candidate)
    style = provider.match_style or "reverse"
    for offset in offsets:
        if offset < len(candidate) and not candidate[offset].isspace():
            content = content.stylize(style, offset, offset + 1)
    return score, content


class SourcesProvider(Provider):
    """Go to a source's headlines by name."""

    async def _entries(self) -> list[tuple[str, View]]:
        sources = await asyncio.to_thread(target(self).library.sources.all)
        return [(f"Source: {s.name}", View.source(s.id)) for s in sources]

    async def discover(self) -> Hits:
        for name, view in await self._entries():
            yield DiscoveryHit(Content(name), partial(target(self).choose_view, view), help="Show its headlines")

    async def search(self, query: str) -> Hits:
        for name, view in await self._entries():
            score, display = plain_highlight(self, query, name)
            if score > 0:
                yield Hit(score, display, partial(target(self).choose_view, view), text=name, help="Show its headlines")


class ArticlesProvider(Provider):
    """Open an article found by the store's full-text search."""

    async def search(self, query: str) -> Hits:
        library = target(self).library
        if len(query.strip()) < 2:
            return
        hits = await asyncio.to_thread(
            partial(library.search, query, 12, typing=True)
        )  # as `/` does: "marig" finds Marigold
        for rank, hit in enumerate(hits):
            headline = hit.headline
            title = headline.title or "(untitled)"
            prompt = Text(f"Article: {title}")
            source = headline.source or headline.feed
            if source:
                prompt.append(f" — {source}")
            open_it = partial(target(self).open_article, headline.id)
            yield Hit(max(0.1, 0.9 - rank * 0.05), prompt, open_it, text=title, help="Open this article")
