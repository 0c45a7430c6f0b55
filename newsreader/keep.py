"""Bookmarks kept whole: the page's full text fetched beside a feed's summary.

A bookmark is a promise that the article will be there, complete, when the
network is not. Many feeds carry only a summary, so when a kept article looks
like one (short, a single paragraph, or ending in "…" / "Read more") and has a
web address, its page is fetched, its main text extracted into our blocks and
stored beside the feed's version (``Store.set_full_document``). A failure is
stored too (``Store.set_full_error``), to be shown and retried after the next
refresh; the summary always stays. Nothing here raises for a network or page
problem: the result says what happened.
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from newsreader.config import Config
from newsreader.demo import demo_sources
from newsreader.document.blocks import Block, Document, Heading, Paragraph, Preformatted, Quote, RelatedLink
from newsreader.document.clean import error_line
from newsreader.sources.extract import ExtractError, check_page_type, extract_article, page_text, word_count
from newsreader.sources.files import ARTICLE_EXTENSIONS
from newsreader.sources.http import FetchError, Response, close_idle_connections, fetch

Fetch = Callable[..., Response]

SHORT_BODY_WORDS = 120  # a feed body under this many words is taken for a summary
_TEASER_END = re.compile(
    r"(?:…|\.\.\.|\[…\]|\[\.\.\.\]|\bread\s+more|\bcontinue\s+reading|\bread\s+the\s+(?:full|whole|rest)\b.*"
    r"|\bkeep\s+reading|\bfull\s+(?:story|article))\W*$",
    re.IGNORECASE,
)
_TEXT_BLOCKS = (Paragraph, Quote, Heading, Preformatted)


@dataclass
class KeepResult:
    """What became of one kept article's whole text."""

    article_id: str
    status: str  # "kept" (whole text stored) | "failed" (error stored, summary kept) | "not needed"
    url: str | None = None
    words: int = 0  # words of the stored whole text
    error: str | None = None  # one line, for the user


def is_web_address(url: str | None) -> bool:
    return bool(url) and urlsplit((url or "").strip()).scheme.lower() in ("http", "https")


def looks_like_summary(document: Document) -> bool:
    """A feed body that is probably not the whole article: short, one paragraph, or a teaser's ending."""
    texts = [block.text for block in document.blocks if isinstance(block, _TEXT_BLOCKS) and block.text.strip()]
    if not texts:
        return True
    body = [b for b in document.blocks if isinstance(b, (Paragraph, Quote))]
    if len(body) <= 1 or word_count("\n".join(texts)) < SHORT_BODY_WORDS:
        return True
    return _TEASER_END.search(texts[-1].strip()) is not None


@lru_cache(maxsize=1)
def _demo_folder() -> Path:
    return demo_sources()[0].parent.resolve()


def is_whole_already(article) -> bool:
    """The stored text is the whole article, with no page to fetch: it came from an article
    file (a .txt, .md or .html the user has; ``add`` reads a feed file as a feed, not as one
    article), or from the demo library, whose invented outlets have no pages."""
    origin = article.origin or ""
    if is_web_address(origin):
        return False
    path = Path(origin)
    return path.suffix.lower() in ARTICLE_EXTENSIONS or path.is_relative_to(_demo_folder())


def needs_whole_text(article) -> bool:
    """Whether a store Article should have its page fetched: a summary, no whole text yet, and
    a web page to fetch it from, and not whole already (``is_whole_already``)."""
    if article is None or article.full_document is not None or not is_web_address(article.url):
        return False
    if is_whole_already(article):
        return False
    return looks_like_summary(article.document)


def fetch_whole_text(
    store, article_id: str, config: Config, fetch: Fetch = fetch, *, force: bool = False
) -> KeepResult:
    """Fetch the article's page, extract its main text and store it; on failure store the error.

    Without ``force`` an article that does not need it (``needs_whole_text``)
    is left alone. Safe to run in a worker thread; never raises for a
    network or page problem.
    """
    article = store.article(article_id)
    if article is None:
        return KeepResult(article_id, "failed", error="no such article")
    if not is_web_address(article.url):
        return KeepResult(article_id, "not needed", article.url)
    if not force and not needs_whole_text(article):
        return KeepResult(article_id, "not needed", article.url)
    try:
        page = _fetch_page(article.url, config, fetch)
    except (FetchError, ExtractError) as error:
        return _failed(store, article_id, article.url, str(error))
    except Exception as error:  # a bug or a surprise in a stranger's page must not lose the bookmark
        return _failed(store, article_id, article.url, f"{type(error).__name__}: {error_line(error)}")
    whole = whole_document(article.document, page)
    whole.title = article.title or whole.title
    words = word_count(whole.plain_text())
    if words <= word_count(article.document.plain_text()):
        return _failed(store, article_id, article.url, "the page shows no more text than the feed's summary")
    store.set_full_document(article_id, whole)
    store.set_full_error(article_id, None)
    return KeepResult(article_id, "kept", article.url, words)


def _fetch_page(url: str, config: Config, fetch: Fetch) -> Document:
    response = fetch(url, config=config.refresh, max_bytes=config.limits.max_bytes)
    content_type = response.headers.get("content-type")
    check_page_type(content_type)
    return extract_article(page_text(response.body, content_type), response.url or url)


def _failed(store, article_id: str, url: str | None, message: str) -> KeepResult:
    message = " ".join(message.split()) or "failed"
    store.set_full_error(article_id, message)
    return KeepResult(article_id, "failed", url, error=message)


def whole_document(feed: Document, page: Document) -> Document:
    """The page's text under the feed's title and dates, ending with the feed's related links.

    The page's own related links are dropped and the feed's put last, in their
    order: the store keeps link targets by position among the feed version's
    links, so the same targets hold for the whole text.
    """
    blocks: list[Block] = [block for block in page.blocks if not isinstance(block, RelatedLink)]
    blocks.extend(feed.related_links)
    return Document(
        title=feed.title or page.title,
        blocks=blocks,
        date=feed.date or page.date,
        published=feed.published or page.published,
        source=feed.source or page.source,
        url=feed.url or page.url,
        author=feed.author or page.author,
    )


def complete_bookmarks(
    store, config: Config, fetch: Fetch = fetch, *, cancel: threading.Event | None = None
) -> list[KeepResult]:
    """Fetch the whole text of every kept article that still needs it (run after each refresh).

    Pages are fetched ``config.refresh.concurrency`` at a time, at most
    ``per_host`` from one server. Articles not started before ``cancel`` is
    set are left for the next time.
    """
    articles = [store.article(article_id) for article_id in store.kept_needing_text()]
    wanted = [a for a in articles if needs_whole_text(a)]
    if not wanted:
        return []
    hosts: dict[str, threading.Semaphore] = defaultdict(lambda: threading.Semaphore(max(1, config.refresh.per_host)))
    lock = threading.Lock()

    def task(article) -> KeepResult | None:
        if cancel is not None and cancel.is_set():
            return None
        host = (urlsplit(article.url).hostname or "").lower()
        with lock:
            slot = hosts[host]
        with slot:
            return fetch_whole_text(store, article.id, config, fetch)

    workers = max(1, min(config.refresh.concurrency, len(wanted)))
    try:
        with ThreadPoolExecutor(workers, thread_name_prefix="keep") as pool:
            return [result for result in pool.map(task, wanted) if result is not None]
    finally:
        close_idle_connections()


def fetch_whole_texts(
    store, config: Config, wanted: list[tuple[str, str, Fetch]], *, cancel: threading.Event | None = None
) -> list[KeepResult]:
    """Fetch the whole text of each (article id, page address, fetcher) whatever its feed
    gives (a source's ``full_text`` setting), as politely as ``complete_bookmarks``: the
    config's concurrency, ``per_host`` from one server, the same caps. A failure is stored
    with the article (its feed text stays); articles not started before ``cancel`` is set
    are left."""
    if not wanted:
        return []
    hosts: dict[str, threading.Semaphore] = defaultdict(lambda: threading.Semaphore(max(1, config.refresh.per_host)))
    lock = threading.Lock()

    def task(item: tuple[str, str, Fetch]) -> KeepResult | None:
        article_id, url, get = item
        if cancel is not None and cancel.is_set():
            return None
        with lock:
            slot = hosts[(urlsplit(url).hostname or "").lower()]
        with slot:
            return fetch_whole_text(store, article_id, config, get, force=True)

    workers = max(1, min(config.refresh.concurrency, len(wanted)))
    try:
        with ThreadPoolExecutor(workers, thread_name_prefix="fulltext") as pool:
            return [result for result in pool.map(task, wanted) if result is not None]
    finally:
        close_idle_connections()


def document_to_read(article, feed_text: bool = False) -> Document:
    """The version of a stored Article to show or export: its whole text when kept, else the feed's.

    ``feed_text`` asks for the feed's own version. The whole text's related
    links get the targets the store resolved for the feed version's links.
    """
    if feed_text or article.full_document is None:
        return article.document
    targets = {(link.title, link.url): link.target for link in article.document.related_links}
    for link in article.full_document.related_links:
        link.target = targets.get((link.title, link.url), link.target)
    return article.full_document
