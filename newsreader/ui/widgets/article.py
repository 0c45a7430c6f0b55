"""The article pane: a title, a date and source line, then the blocks, then related stories.

``newsreader.render.BLOCK_RENDERERS`` maps each block type to the function that draws it.
Blocks are drawn in runs (one widget per ``RUN_SIZE`` blocks, see ``article_body``) and each
related link is a focusable line. A long article is mounted in batches (``article_batches``:
the first screenful at once, the rest on later ticks) so a megabyte of text never freezes the
screen. The pane owns the open article (``opened``) and its numbered links.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widgets import Static

from newsreader.document.blocks import RelatedLink
from newsreader.ui.messages import LinkFollowed, WebLinkChosen
from newsreader.ui.widgets.article_batches import PendingWidgets
from newsreader.ui.widgets.article_body import (
    OpenArticle,
    Suggest,
    WebLink,
    body_widgets,
    headline_lines,
)
from newsreader.ui.widgets.article_meta import article_meta, whole_text_note
from newsreader.ui.widgets.breadcrumb import Breadcrumb
from newsreader.ui.widgets.link_stops import focused_url, next_link, previous_link

if TYPE_CHECKING:
    from newsreader.library import Reading
    from newsreader.store import Article, Headline

# The renderers, the block widgets and the kept-text logic are imported when the first
# article is drawn: the launch path paints the headlines without them.


class ArticleView(VerticalScroll, can_focus=True):
    """The article being read, its related links numbered 1–9.

    ``feed_text`` (set by the screen) shows the feed's own text of a kept
    article instead of its whole text; it goes back to False for each article.
    """

    BINDINGS = [
        Binding("space", "page_down", "Page", show=False, id="page_article", tooltip="Page down through the article"),
        Binding(
            "j",
            "scroll_down",
            "Line down",
            show=False,
            id="article_line_down",
            tooltip="Scroll the article down a line",
        ),
        Binding("k", "scroll_up", "Line up", show=False, id="article_line_up", tooltip="Scroll the article up a line"),
        Binding(
            "tab",
            "next_link",
            "Next link",
            show=False,
            id="next_link",
            tooltip="The next link of the article, in reading order",
        ),
        Binding(
            "shift+tab",
            "previous_link",
            "Previous link",
            show=False,
            id="previous_link",
            tooltip="The previous link of the article",
        ),
    ]

    feed_text: reactive[bool] = reactive(False, init=False)

    def __init__(self, *, id: str | None = None) -> None:
        self._batches = PendingWidgets()  # before the widget is made: scrolling may come first
        super().__init__(id=id)
        self.article_id: str | None = None
        self.opened: OpenArticle | None = None  # the article opened to read, its marks as last known
        self._article: Article | None = None
        self._targets: Callable[[RelatedLink, int], str | None] = lambda link, index: None
        self._links: list[tuple[RelatedLink | WebLink, str | None]] = []
        self._similar: list[tuple[RelatedLink, str | None]] = []
        self._suggest: Suggest | None = None
        self._linked_from: set[str] = set()

    def compose(self):
        # Before the first article only these are needed; ``_add_parts`` mounts the rest.
        yield Breadcrumb(id="breadcrumb")
        yield Static(Text("Choose an article to read it here."), id="article-title", markup=False)
        yield Vertical(id="article-body")

    def _add_parts(self) -> None:
        """The meta, note and related-stories parts, mounted in place when first needed."""
        if self.query("#article-meta"):
            return
        title = self.query_one("#article-title", Static)
        self.mount_all([Static(id="article-meta", markup=False), Static(id="article-note", markup=False)], after=title)
        self.mount(Vertical(id="article-linked-from"))  # shown when some article links here
        self.mount(Vertical(id="article-similar"))

    @property
    def links(self) -> list[tuple[RelatedLink | WebLink, str | None]]:
        """Every numbered link, in order: the article's own (in its text, its pictures, its
        related stories), then the similar ones; each with the stored article it leads to."""
        return [*self._links, *self._similar]

    def set_breadcrumb(self, titles: list[str], earlier: bool = False) -> None:
        """ "‹ Earlier › Current": the last steps of the reading history, as many as fit the pane
        (``earlier``: the history goes back further than ``titles``)."""
        self.query_one("#breadcrumb", Breadcrumb).show(titles, earlier)

    @property
    def has_whole_text(self) -> bool:
        """Whether the open article has a saved whole text beside the feed's."""
        return self._article is not None and self._article.full_document is not None

    def show_reading(self, reading: Reading) -> None:
        """Open ``reading``'s article: its links resolved, suggested and linked from as it says."""
        self.opened = OpenArticle.of(reading.article)
        self.show_article(reading.article, reading.target, suggest=reading.suggest, linked_from=reading.linked_from)

    def show_article(
        self,
        article: Article,
        targets: Callable[[RelatedLink, int], str | None],
        *,
        suggest: Suggest | None = None,
        linked_from: Sequence[Headline] = (),
    ) -> None:
        """Replace what is shown with ``article``; ``targets`` resolves its links, ``suggest``
        gives the stories an unresolved one may mean; ``linked_from``: the stored articles
        whose links lead here (headlines, newest first).

        A different article starts on its whole text; the same one again keeps the version chosen.
        """
        self._add_parts()
        if article.id != self.article_id:
            self.set_reactive(ArticleView.feed_text, False)
            self.query_one("#article-similar", Vertical).remove_children()
            self._similar = []
        self._article, self._targets, self._suggest = article, targets, suggest
        self._draw()
        self._show_linked_from(list(linked_from))

    def _show_linked_from(self, headlines: list[Headline]) -> None:
        """The "Linked from" section: each article whose links lead here, followable."""
        self._linked_from = {headline.id for headline in headlines}
        section = self.query_one("#article-linked-from", Vertical)
        section.remove_children()
        section.display = bool(headlines)
        if headlines:
            section.mount_all(headline_lines("Linked from", headlines, None)[0])

    def watch_feed_text(self) -> None:
        if self._article is not None:
            self._draw()

    def update_status(self, article: Article | None) -> None:
        """The open article's bookmark changed: redo the meta and note lines, keep the body and scroll."""
        if self._article is None or article is None or article.id != self.article_id:
            return
        self._article = article
        self._show_meta(article)

    def _show_meta(self, article: Article) -> None:
        self.query_one("#article-meta", Static).update(article_meta(article, self.feed_text))
        note = whole_text_note(article)
        self.query_one("#article-note", Static).update(note or Text(""))
        self.query_one("#article-note", Static).display = note is not None

    def _draw(self) -> None:
        from newsreader.keep import document_to_read

        article = self._article
        assert article is not None
        self.article_id = article.id
        self.query_one("#article-title", Static).update(Text(article.title or "(untitled)"))
        self._show_meta(article)
        body = self.query_one("#article-body", Vertical)
        body.remove_children()
        document = document_to_read(article, feed_text=self.feed_text)
        from newsreader.render import numbered_links, shown_blocks

        targets = self._targets
        blocks = shown_blocks(document, article.title)
        related = [(link, targets(link, i)) for i, link in enumerate(document.related_links)]
        resolved = {id(link): target for link, target in related}
        self._links = [
            (link.related, resolved.get(id(link.related)))
            if link.related is not None
            else (WebLink(link.text, link.url), None)
            for link in numbered_links(blocks)
        ]
        body.mount_all(self._batches.start(body_widgets(blocks, [target for _, target in related], self._suggest)))
        self.scroll_home(animate=False)
        self.call_after_refresh(self._mount_more, self._batches.generation)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._mount_more(self._batches.generation)

    def _mount_more(self, generation: int) -> None:
        """Mount the next blocks once the reader is within two screens of the end of what is mounted.

        Drawing text costs time (wrapping a megabyte takes seconds), so the
        rest of a long article is drawn as the reader gets to it.
        """
        if generation != self._batches.generation or self._batches.done:
            return
        if self.max_scroll_y - self.scroll_y > 2 * max(1, self.size.height):
            return
        batch = self._batches.next_batch()
        if not batch:
            return
        self.query_one("#article-body", Vertical).mount_all(batch)
        self.call_after_refresh(self._mount_more, generation)

    @property
    def fully_mounted(self) -> bool:
        return self._batches.done

    def show_similar(self, article_id: str, headlines: list[Headline]) -> None:
        """The 'Related in your library' section under the article's own links."""
        if article_id != self.article_id:
            return
        section = self.query_one("#article-similar", Vertical)
        section.remove_children()
        self._similar = []
        linked = {target for _, target in self._links if target} | self._linked_from | {article_id}
        headlines = [headline for headline in headlines if headline.id not in linked]
        if not headlines:
            return
        lines, self._similar = headline_lines("Related in your library", headlines, len(self._links) + 1)
        section.mount_all(lines)
        self.refresh_bindings()

    def clear(self, message: str = "Choose an article to read it here.") -> None:
        self._add_parts()
        self._batches.drop()
        self.article_id = None
        self.opened = None
        self._article = None
        self._links = []
        self._similar = []
        self.query_one("#article-title", Static).update(Text(message))
        self.query_one("#article-meta", Static).update(Text(""))
        self.query_one("#article-note", Static).display = False
        self.set_breadcrumb([])
        self.query_one("#article-body", Vertical).remove_children()
        self.query_one("#article-linked-from", Vertical).remove_children()
        self.query_one("#article-linked-from", Vertical).display = False
        self.query_one("#article-similar", Vertical).remove_children()

    def action_follow_number(self, number: int) -> None:
        links = self.links
        if 1 <= number <= len(links):
            link, target = links[number - 1]
            if isinstance(link, WebLink):
                if link.url:
                    self.post_message(WebLinkChosen(link.url))
            else:
                self.post_message(LinkFollowed(link, target))
        else:
            self.notify(f"This article has no link {number}.", markup=False)

    # -- moving through the links with Tab ----------------------------------------

    @property
    def focused_url(self) -> str | None:
        """The address of the focused link, when a link of the article has the focus and has one."""
        return focused_url(self)

    async def action_next_link(self) -> None:
        await next_link(self, self._mount_next_batch)

    def action_previous_link(self) -> None:
        previous_link(self)

    async def _mount_next_batch(self) -> bool:
        """Mount the next batch of a long article at once (False: everything is mounted)."""
        batch = self._batches.next_batch()
        if batch:
            await self.query_one("#article-body", Vertical).mount_all(batch)
        return bool(batch)
