"""Reading: which view is shown, opening articles, following links, marks.

A mixin for ``MainScreen`` so that screen stays about layout and messages.
Everything here is a small single-row store call made on the event loop;
anything bigger is handed to a worker (see ``library.py``).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from rich.text import Text
from textual.timer import Timer

from newsreader.document.blocks import RelatedLink
from newsreader.document.clean import clean_inline
from newsreader.lazy_import import load
from newsreader.store import View
from newsreader.ui.library import LibraryActions
from newsreader.ui.source_settings import mark_disabled
from newsreader.ui.messages import ArticleSelected, CountsRead, SimilarFound, ViewCounted

BREADCRUMB_LENGTH = 8  # the most steps the breadcrumb offers; it shows as many as fit


class ReadingActions(LibraryActions):
    """Views, articles, history and read/bookmark marks for the main screen."""

    view_key = "all"
    _read_timer: Timer | None = None
    _open: dict[str, Any] | None = None
    _sources_seen: list[Any] = []  # the sources as last counted (what the view's note reads)

    # -- views ---------------------------------------------------------------

    def view_for(self, key: str) -> View:
        if key == "unread":
            return View(unread=True)
        if key == "bookmarks":
            return View(bookmarked=True)
        if key.startswith("source:"):
            return View(source_id=int(key.split(":", 1)[1]))
        if key.startswith("folder:"):
            return View(folder=key.split(":", 1)[1])
        if key.startswith(("view:", "tag:")):
            return self._query_view(key)
        return View()

    def _query_view(self, key: str) -> View:
        """A saved view's or a tag's articles; nothing (and a note) when the query no longer reads."""
        from newsreader.query import Compiled, QueryError

        kind, name = key.split(":", 1)
        if kind == "tag":
            query = 'tag:"' + name.replace('"', "") + '"'
        else:
            saved = self.app.store.saved_view(name)
            query = saved.query if saved else "-hidden hidden"
        try:
            return self.app.store.query_view(query)
        except QueryError as error:
            self.notify(f"The view {clean_inline(name)!r} cannot be read: {error}", severity="warning", markup=False)
            return View(query=Compiled(query, "0", ()))

    def view_label(self, key: str) -> str:
        if key.startswith("source:"):
            source = self.app.store.get_source(int(key.split(":", 1)[1]))
            return clean_inline(source.title or source.address) if source else "Source"
        if key.startswith("folder:"):
            return f"Folder {clean_inline(key.split(':', 1)[1])}"
        if key.startswith("view:"):
            return f"View {clean_inline(key.split(':', 1)[1])}"
        if key.startswith("tag:"):
            return f"Tag {clean_inline(key.split(':', 1)[1])}"
        return {"unread": "Unread", "bookmarks": "Bookmarks"}.get(key, "All articles")

    def choose_view(self, key: str) -> None:
        self.show_view(key)
        self.update_counts()

    def show_view(self, key: str, *, count: bool = True) -> None:
        """The headlines of view ``key``; ``count=False`` reads one page and counts later (``count_view``)."""
        self.view_key = key
        self.headlines.show_view(self.view_for(key), select=self.article_view.article_id, count=count)
        self.headlines.empty_message = self._empty_message(key)
        self.show_view_note()
        self.refresh_bindings()

    def show_view_note(self) -> None:
        """Over the headlines of a source (or folder) whose last refresh failed: why, and when it
        is tried again. From the sources of the last count (a count follows every view chosen)."""
        from textual.widgets import Static

        key = self.view_key
        failing: list[tuple[Any, str]] = []
        if key.startswith(("source:", "folder:")):
            from newsreader.ui.source_status import failure_note

            now = self.app.clock()
            for source in self._sources_seen:
                if key == f"source:{source.id}" or key == f"folder:{source.folder}":
                    note = failure_note(source, now)
                    if note:
                        failing.append((source, note))
        box = self.query_one("#view-note", Static)
        text = Text(no_wrap=False)
        for source, note in failing:
            if text:
                text.append("\n")
            text.append(f"! {clean_inline(source.title or source.address)}: ", "bold")
            text.append(note)
        box.update(text)
        box.set_class(bool(failing), "-shown")

    def _empty_message(self, key: str) -> str:
        if key == "bookmarks":
            return "No bookmarks yet: b keeps an article."
        if key == "unread":
            return "Nothing unread."
        if key == "all" and not self.headlines.count and not self.app.store.sources():
            return "Your library is empty: press a to add a source (or run: newsreader add URL|FILE|FOLDER)."
        return "No articles here."

    def count_view(self) -> None:
        """Count the view shown, in a worker, when only its first page was read."""
        if self.headlines.counted:
            return
        store, view = self.app.store, self.headlines.view

        def count() -> None:
            self.post_message(ViewCounted(view, store.count(view)))

        self.app.start_worker(count, name="counting headlines", group="view-count", exclusive=True)

    def on_view_counted(self, message: ViewCounted) -> None:
        self.headlines.settle_count(message.view, message.count)

    def update_counts(self) -> None:
        """Recount unread articles (in a worker: on a big library it takes a moment)."""
        store = self.app.store

        def count() -> None:
            self.post_message(CountsRead(mark_disabled(store, store.sources()), store.unread_total(), store.count(View(bookmarked=True)),
                                         store.saved_view_counts(), store.source_tags()))

        self.app.start_worker(count, name="counting unread articles", group="counts", exclusive=True)

    def on_counts_read(self, message: CountsRead) -> None:
        """Unread counts everywhere at once: the sources pane and the header."""
        self._sources_seen = list(message.sources)
        if self.view_key.startswith("source:") and all(f"source:{s.id}" != self.view_key for s in message.sources):
            if self.app.store.get_source(int(self.view_key.split(":", 1)[1])) is None:
                self.show_view("all")  # its source was removed (from the command line, say)
        self.sources_pane.show_sources(message.sources, message.unread, message.bookmarks, self.view_key,
                                       message.views, message.tags)
        self.show_view_note()
        self.app.sub_title = f"{self.view_label(self.view_key)} · {message.unread} unread"

    # -- opening articles ----------------------------------------------------

    def open_article(self, article_id: str, *, record: bool = True) -> bool:
        article = self.app.store.article(article_id)
        if article is None:
            self.notify("That article is no longer in the library.", severity="warning", markup=False)
            return False
        self._stop_read_timer()
        if record:
            self.app.history.visit(article_id)
        self.app.titles[article_id] = article.title
        self._open = {"id": article.id, "read": article.read, "bookmarked": article.bookmarked,
                      "url": article.url or article.document.url}
        self.article_view.show_article(article, self._link_resolver(article), **self._link_neighbours(article))
        self.article_view.set_breadcrumb(*self._breadcrumb())
        self.headlines.select_article(article_id)
        if not article.read:
            delay = self.app.config.reader.mark_read_after
            self._read_timer = self.set_timer(delay, partial(self.set_read, article_id, True))
        self._find_similar(article_id)
        self.refresh_bindings()
        return True

    def _link_resolver(self, article: Any):
        """Where each related link leads: the store's resolution, else an article with its address."""
        store = self.app.store

        def resolve(link: RelatedLink, index: int) -> str | None:
            candidate = link.target or (store.article_by_url(link.url) if link.url else None)
            return candidate if candidate and candidate != article.id else None

        return resolve

    def _link_neighbours(self, article: Any) -> dict[str, Any]:
        """The stories its unresolved links may mean (``suggest``) and the articles linking here
        (``linked_from``), read from the store in one go each."""
        store = self.app.store
        suggested = {(link.title, link.url): link.suggestions for link in article.document.related_links}
        linked = store.linked_from(article.id)
        heads = store.headlines_of([*linked, *(i for ids in suggested.values() for i in ids)])

        def suggest(link: RelatedLink) -> list[Any]:
            ids = suggested.get((link.title, link.url), ())
            return [heads[i] for i in ids if i in heads and i != article.id]

        return {"suggest": suggest, "linked_from": [heads[i] for i in linked if i in heads]}

    def _breadcrumb(self) -> tuple[list[str], bool]:
        """The titles of the history's last steps, and whether it goes back further."""
        history = self.app.history
        trail = history.trail(BREADCRUMB_LENGTH)
        return [self.app.title_of(article_id) for article_id in trail], history.index + 1 > len(trail)

    def _find_similar(self, article_id: str) -> None:
        similar_articles = load("newsreader.related").similar_articles  # not needed to paint the first screen
        store = self.app.store

        def find() -> None:
            found = similar_articles(store, article_id, limit=5)
            self.post_message(SimilarFound(article_id, list(found)))

        self.app.start_worker(find, name="related articles", group="similar", exclusive=True)

    def _stop_read_timer(self) -> None:
        if self._read_timer is not None:
            self._read_timer.stop()
            self._read_timer = None

    def follow_link(self, link: RelatedLink, target: str | None) -> None:
        """A stored story opens here; one not in the library opens the search for it."""
        if target and self.open_article(target):
            self.show_reading()
            return
        from newsreader.ui.search import SearchScreen

        self.app.push_screen(SearchScreen(self.app.store, clean_inline(link.title)), self._opened_from_search)

    def action_story(self) -> None:
        """The story line of the open article (``T``); the article chosen there opens as a
        followed link does, recorded in the history for back and forward."""
        article_id = self.article_view.article_id
        if article_id is None:
            return
        from newsreader.ui.story import StoryScreen

        def chosen(target: str | None) -> None:
            if target and target != self.article_view.article_id and self.open_article(target):
                self.show_reading()

        self.app.push_screen(StoryScreen(self.app.store, article_id), chosen)

    def _opened_from_search(self, article_id: str | None) -> None:
        if article_id:
            self.post_message(ArticleSelected(article_id))
        self.update_counts()  # a search may have been saved as a view

    def restore_history(self) -> None:
        current = self.app.history.current
        if current is not None and self.app.store.position(View(), current) is not None:
            self.open_article(current, record=False)

    # -- moving between articles ---------------------------------------------

    def action_back(self) -> None:
        article_id = self.app.history.back()
        if article_id is not None:
            self.open_article(article_id, record=False)

    def action_forward(self) -> None:
        article_id = self.app.history.forward()
        if article_id is not None:
            self.open_article(article_id, record=False)

    def _open_row(self, index: int) -> None:
        headline = self.headlines.move_to(index)
        if headline is not None:
            self.open_article(headline.id)
            self.show_reading()

    def _step(self, delta: int) -> None:
        highlighted = self.headlines.highlighted
        if highlighted is None:
            return
        if self.article_view.article_id != highlighted.id:
            self._open_row(self.headlines.cursor)
            return
        index = self.headlines.cursor + delta
        if 0 <= index < self.headlines.count:
            self._open_row(index)
        else:
            self.notify("No more articles this way.", markup=False)

    def action_next_article(self) -> None:
        self._step(1)

    def action_previous_article(self) -> None:
        self._step(-1)

    def action_next_unread(self) -> None:
        count = self.headlines.count
        start = self.headlines.cursor
        current = self.article_view.article_id
        for step in range(1, count + 1):
            index = (start + step) % count
            headline = self.headlines.headline_at(index)
            if headline is not None and not headline.read and headline.id != current:
                self._open_row(index)
                return
        self.notify("No unread articles here.", markup=False)

    # -- marks ---------------------------------------------------------------

    def target_id(self) -> str | None:
        """The article a mark applies to: the list's row when the list has focus, else the open one."""
        highlighted = self.headlines.highlighted
        if self.focused is self.headlines and highlighted is not None:
            return highlighted.id
        return self.article_view.article_id or (highlighted.id if highlighted else None)

    def _state_of(self, article_id: str, field: str) -> bool:
        highlighted = self.headlines.highlighted
        if highlighted is not None and highlighted.id == article_id:
            return bool(getattr(highlighted, field))
        if self._open and self._open["id"] == article_id:
            return bool(self._open[field])
        article = self.app.store.article(article_id)
        return bool(getattr(article, field)) if article else False

    def set_read(self, article_id: str, read: bool) -> None:
        self.app.store.set_read([article_id], read)
        self.headlines.patch(article_id, read=read)
        if self._open and self._open["id"] == article_id:
            self._open["read"] = read
        self.update_counts()
        self.refresh_bindings()  # "m Read" or "m Unread"

    def action_toggle_read(self) -> None:
        article_id = self.target_id()
        if article_id is None:
            return
        if article_id == self.article_view.article_id:
            self._stop_read_timer()  # an explicit choice wins over the timer
        self.set_read(article_id, not self._state_of(article_id, "read"))

    # -- search and the outside world ----------------------------------------

    def action_search(self) -> None:
        from newsreader.ui.search import SearchScreen

        self.app.push_screen(SearchScreen(self.app.store), self._opened_from_search)

    def target_article_url(self) -> str | None:
        if self._open and self.article_view.article_id == self._open["id"] and self.focused is not self.headlines:
            return self._open["url"]
        highlighted = self.headlines.highlighted
        if highlighted is not None:
            return highlighted.url
        return self._open["url"] if self._open else None
