"""Command palette providers: the library's sources and its articles.

The app's own commands come from ``NewsReaderApp.get_system_commands``. Names
from feeds are shown as ``Content`` built from plain text, never parsed as
markup (the palette parses plain strings as markup).
"""

from __future__ import annotations

import asyncio
from functools import partial


from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from newsreader.document.clean import clean_inline


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

    async def _entries(self) -> list[tuple[str, str]]:
        store = self.app.store  # type: ignore[attr-defined]
        sources = await asyncio.to_thread(store.sources)
        return [(f"Source: {clean_inline(s.title or s.address)}", f"source:{s.id}") for s in sources]

    async def discover(self) -> Hits:
        for name, key in await self._entries():
            choose = partial(self.app.choose_view, key)  # type: ignore[attr-defined]
            yield DiscoveryHit(Content(name), choose, help="Show its headlines")

    async def search(self, query: str) -> Hits:
        for name, key in await self._entries():
            score, display = plain_highlight(self, query, name)
            if score > 0:
                yield Hit(score, display, partial(self.app.choose_view, key), text=name,  # type: ignore[attr-defined]
                          help="Show its headlines")


class ArticlesProvider(Provider):
    """Open an article found by the store's full-text search."""

    async def search(self, query: str) -> Hits:
        store = self.app.store  # type: ignore[attr-defined]
        if len(query.strip()) < 2:
            return
        hits = await asyncio.to_thread(partial(store.search, query, 12, typing=True))  # as `/` does: "marig" finds Marigold
        for rank, hit in enumerate(hits):
            headline = hit.headline
            title = clean_inline(headline.title) or "(untitled)"
            prompt = Text(f"Article: {title}")
            source = headline.source or headline.feed
            if source:
                prompt.append(f" — {clean_inline(source)}")
            open_it = partial(self.app.open_article, headline.id)  # type: ignore[attr-defined]
            yield Hit(max(0.1, 0.9 - rank * 0.05), prompt, open_it, text=title, help="Open this article")


