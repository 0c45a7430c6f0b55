"""The lines under an article's title: date, outlet, author, which version is shown, and
why a bookmark's whole text is missing. All outside text is cleaned and kept plain."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from newsreader.dates import long_date

if TYPE_CHECKING:
    from newsreader.store import Article


def article_meta(article: Article, feed_text: bool = False) -> Text:
    """ "12 March 2026 · Outlet · Feed · By Author" from the article's own fields, as plain text
    ("file date 12 March 2026" for an article file with no date of its own),
    then which version is shown ("whole text" / "feed's text") when the whole text was saved."""
    source = article.source or ""
    feed = article.feed or ""
    author = article.document.author or ""
    day = long_date(article.date)
    if not day and article.file_date:  # an article file with no date of its own
        day = f"file date {long_date(article.file_date)}"
    parts = [day, source, feed if feed != source else "", f"By {author}" if author else ""]
    if article.full_document is not None:
        parts.append("feed's text" if feed_text else "whole text")
    return Text(" · ".join(part for part in parts if part))


def whole_text_note(article: Article) -> Text | None:
    """For a bookmark whose page could not be saved: why, and that it will be tried again."""
    error = article.full_error
    if not article.bookmarked or article.full_document is not None or not error:
        return None
    return Text(f"Whole text not saved: {error} — retried on the next refresh")
