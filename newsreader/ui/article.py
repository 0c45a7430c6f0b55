"""The article pane: a title, a date and source line, then the blocks, then related stories.

``BLOCK_RENDERERS`` maps each block type to the function that draws it. Blocks
are drawn in runs (one widget per ``RUN_SIZE`` blocks) and each related link is
a focusable line. A long article is mounted in batches (the first screenful at
once, the rest on later ticks) so a megabyte of text never freezes the screen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from newsreader.document.blocks import Block, RelatedLink
from newsreader.document.clean import clean_inline
from newsreader.ui.article_meta import article_meta, whole_text_note
from newsreader.ui.breadcrumb import Breadcrumb
from newsreader.ui.messages import LinkFollowed, WebLinkChosen

# The renderers, the block widgets and the kept-text logic are imported when the
# first article is drawn: the launch path paints the headlines without them.

RUN_SIZE = 20  # blocks drawn by one widget
FIRST_PIECES = 3  # widgets mounted at once: more than a screenful
LATER_PIECES = 3  # widgets mounted each time the reader nears the end of what is mounted


Suggest = Callable[[RelatedLink], list[Any]]  # an unresolved link -> the headlines it may mean, best first


def body_widgets(blocks: list[Block], targets: list[str | None], suggest: Suggest | None = None) -> Iterator[Widget]:
    """The article body as widgets, made lazily: runs of blocks without links, a focusable widget
    for each block holding links and a focusable line per related link, every link numbered in
    reading order (``newsreader.render.numbered_links``); under an unresolved related link a
    focusable "Perhaps:" line for each story it may mean."""
    from newsreader.render import BLOCK_RENDERERS, links_of
    from newsreader.ui.block_widgets import BlockRun, LinkedBlock, LinkLine, SuggestionLine

    run: list[Block] = []
    related = 0
    number = 0
    last_line: LinkLine | None = None  # the last line of links in a row: text after it keeps a blank line

    def end_of_links() -> None:
        nonlocal last_line
        if last_line is not None:
            last_line.add_class("-before-text")
            last_line = None

    for block in blocks:
        if isinstance(block, RelatedLink):
            if run:
                yield BlockRun(run, BLOCK_RENDERERS)
                run = []
            related += 1
            number += 1
            target = targets[related - 1] if related <= len(targets) else None
            last_line = LinkLine(block, target, number)
            yield last_line
            if target is None and suggest is not None:
                for headline in suggest(block):
                    last_line = SuggestionLine(headline)
                    yield last_line
            continue
        links = links_of(block)
        if links:
            end_of_links()
            if run:
                yield BlockRun(run, BLOCK_RENDERERS)
                run = []
            yield LinkedBlock(block, links, list(range(number + 1, number + 1 + len(links))))
            number += len(links)
        elif type(block) in BLOCK_RENDERERS:
            end_of_links()
            run.append(block)
            if len(run) >= RUN_SIZE:
                yield BlockRun(run, BLOCK_RENDERERS)
                run = []
    if run:
        yield BlockRun(run, BLOCK_RENDERERS)


@dataclass(frozen=True)
class WebLink:
    """A link of the article's text, or a picture's address: it opens in a browser."""

    title: str
    url: str | None


class ArticleView(VerticalScroll, can_focus=True):
    """The article being read, its related links numbered 1–9.

    ``feed_text`` (set by the screen) shows the feed's own text of a kept
    article instead of its whole text; it goes back to False for each article.
    """

    BINDINGS = [Binding("space", "page_down", "Page", show=False, id="page_article",
                        tooltip="Page down through the article"),
                Binding("j", "scroll_down", "Line down", show=False, id="article_line_down",
                        tooltip="Scroll the article down a line"),
                Binding("k", "scroll_up", "Line up", show=False, id="article_line_up",
                        tooltip="Scroll the article up a line"),
                Binding("tab", "next_link", "Next link", show=False, id="next_link",
                        tooltip="The next link of the article, in reading order"),
                Binding("shift+tab", "previous_link", "Previous link", show=False, id="previous_link",
                        tooltip="The previous link of the article")]

    feed_text: reactive[bool] = reactive(False, init=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article_id: str | None = None
        self._article: Any = None
        self._targets: Callable[[RelatedLink, int], str | None] = lambda link, index: None
        self._generation = 0
        self._links: list[tuple[RelatedLink | WebLink, str | None]] = []
        self._pending: Iterator[Widget] | None = None
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
        self.mount_all([Static(id="article-meta", markup=False), Static(id="article-note", markup=False)],
                       after=title)
        self.mount(Vertical(id="article-linked-from"))  # shown when some article links here
        self.mount(Vertical(id="article-similar"))

    @property
    def links(self) -> list[tuple[RelatedLink | WebLink, str | None]]:
        """Every numbered link, in order: the article's own (in its text, its pictures, its
        related stories), then the similar ones; each with the stored article it leads to."""
        return [*self._links, *self._similar]

    def set_breadcrumb(self, titles: list[str], earlier: bool = False) -> None:
        """"‹ Earlier › Current": the last steps of the reading history, as many as fit the pane
        (``earlier``: the history goes back further than ``titles``)."""
        self.query_one("#breadcrumb", Breadcrumb).show(titles, earlier)

    @property
    def has_whole_text(self) -> bool:
        """Whether the open article has a saved whole text beside the feed's."""
        return self._article is not None and getattr(self._article, "full_document", None) is not None

    def show_article(
        self,
        article: Any,
        targets: Callable[[RelatedLink, int], str | None],
        *,
        suggest: Suggest | None = None,
        linked_from: Sequence[Any] = (),
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

    def _show_linked_from(self, headlines: list[Any]) -> None:
        """The "Linked from" section: each article whose links lead here, followable."""
        from newsreader.ui.block_widgets import LinkLine

        self._linked_from = {headline.id for headline in headlines}
        section = self.query_one("#article-linked-from", Vertical)
        section.remove_children()
        section.display = bool(headlines)
        if not headlines:
            return
        lines: list[Widget] = [Static(Text("Linked from"), classes="section-title", markup=False)]
        for headline in headlines:
            link = RelatedLink(headline.title, headline.source or headline.feed, headline.url, headline.id)
            lines.append(LinkLine(link, headline.id, None))
        section.mount_all(lines)

    def watch_feed_text(self) -> None:
        if self._article is not None:
            self._draw()

    def update_status(self, article: Any) -> None:
        """The open article's bookmark changed: redo the meta and note lines, keep the body and scroll."""
        if self._article is None or article is None or article.id != self.article_id:
            return
        self._article = article
        self._show_meta(article)

    def _show_meta(self, article: Any) -> None:
        self.query_one("#article-meta", Static).update(article_meta(article, self.feed_text))
        note = whole_text_note(article)
        self.query_one("#article-note", Static).update(note or Text(""))
        self.query_one("#article-note", Static).display = note is not None

    def _draw(self) -> None:
        from newsreader.keep import document_to_read

        article = self._article
        self._generation += 1
        self.article_id = article.id
        self.query_one("#article-title", Static).update(Text(clean_inline(article.title) or "(untitled)"))
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
            (link.related, resolved.get(id(link.related))) if link.related is not None else (WebLink(link.text, link.url), None)
            for link in numbered_links(blocks)
        ]
        self._pending = body_widgets(blocks, [target for _, target in related], self._suggest)
        body.mount_all(_take(self._pending, FIRST_PIECES))
        self.scroll_home(animate=False)
        self.call_after_refresh(self._mount_more, self._generation)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._mount_more(getattr(self, "_generation", 0))

    def _mount_more(self, generation: int) -> None:
        """Mount the next blocks once the reader is within two screens of the end of what is mounted.

        Drawing text costs time (wrapping a megabyte takes seconds), so the
        rest of a long article is drawn as the reader gets to it.
        """
        if generation != self._generation or self._pending is None:
            return
        if self.max_scroll_y - self.scroll_y > 2 * max(1, self.size.height):
            return
        batch = _take(self._pending, LATER_PIECES)
        if not batch:
            self._pending = None
            return
        self.query_one("#article-body", Vertical).mount_all(batch)
        self.call_after_refresh(self._mount_more, generation)

    @property
    def fully_mounted(self) -> bool:
        return self._pending is None

    def show_similar(self, article_id: str, headlines: list[Any]) -> None:
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
        from newsreader.ui.block_widgets import LinkLine

        lines: list[Widget] = [Static(Text("Related in your library"), classes="section-title", markup=False)]
        first = len(self._links) + 1
        for offset, headline in enumerate(headlines):
            link = RelatedLink(headline.title, headline.source or headline.feed, headline.url, headline.id)
            self._similar.append((link, headline.id))
            lines.append(LinkLine(link, headline.id, first + offset))
        section.mount_all(lines)
        self.refresh_bindings()

    def clear(self, message: str = "Choose an article to read it here.") -> None:
        self._add_parts()
        self._generation += 1
        self._pending = None
        self.article_id = None
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

    def _stops(self) -> list[tuple[Widget, int]]:
        """Every place Tab stops, in reading order: each link of each mounted link block, each line."""
        from newsreader.ui.block_widgets import LinkedBlock, LinkLine

        stops: list[tuple[Widget, int]] = []
        for widget in self.query("LinkedBlock, LinkLine"):
            if isinstance(widget, LinkedBlock):
                stops.extend((widget, index) for index in range(len(widget.links)))
            elif isinstance(widget, LinkLine):
                stops.append((widget, 0))
        return stops

    def _here(self, stops: list[tuple[Widget, int]]) -> int | None:
        """Which stop has the focus (None when the focus is on no link of the article)."""
        from newsreader.ui.block_widgets import LinkedBlock

        focused = self.screen.focused if self.is_mounted else None
        for position, (widget, index) in enumerate(stops):
            if widget is focused and (not isinstance(widget, LinkedBlock) or widget.current == index):
                return position
        return None

    def _go(self, widget: Widget, index: int) -> None:
        from newsreader.ui.block_widgets import LinkedBlock

        if isinstance(widget, LinkedBlock):
            widget.show_link(index)
        widget.focus()
        self.scroll_to_widget(widget, animate=False)

    @property
    def focused_url(self) -> str | None:
        """The address of the focused link, when a link of the article has the focus and has one."""
        from newsreader.ui.block_widgets import LinkedBlock, LinkLine

        focused = self.screen.focused if self.is_mounted else None
        if focused is None or self not in focused.ancestors:
            return None
        if isinstance(focused, LinkedBlock):
            return focused.url
        if isinstance(focused, LinkLine):
            return focused.link.url
        return None

    async def action_next_link(self) -> None:
        """The next link in reading order (mounting more of a long article to reach it), then
        whatever follows the article."""
        stops = self._stops()
        here = self._here(stops)
        following = 0 if here is None else here + 1
        while following >= len(stops) and self._pending is not None:
            batch = _take(self._pending, LATER_PIECES)
            if not batch:
                self._pending = None
                break
            await self.query_one("#article-body", Vertical).mount_all(batch)
            stops = self._stops()
        if following < len(stops):
            self._go(*stops[following])
        else:
            self.screen.focus_next()

    def action_previous_link(self) -> None:
        stops = self._stops()
        here = self._here(stops)
        if here is None:
            self.screen.focus_previous()
        elif here == 0:
            self.focus()
        else:
            self._go(*stops[here - 1])


def __getattr__(name: str) -> Any:
    """``BLOCK_RENDERERS`` (the table of ``newsreader.render``), imported when first asked for."""
    if name == "BLOCK_RENDERERS":
        from newsreader.render import BLOCK_RENDERERS

        return BLOCK_RENDERERS
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _take(widgets: Iterator[Widget], count: int) -> list[Widget]:
    batch: list[Widget] = []
    for widget in widgets:
        batch.append(widget)
        if len(batch) >= count:
            break
    return batch

