"""``show``: a stored article, or a file read without storing it (a feed file: each of its
articles), rendered for the terminal or as docs/cli.md's JSON."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from newsreader.cli.context import Command, CommandError, Context
from newsreader.cli.output import print_json, say

# Piped or redirected, ``show`` wraps at $COLUMNS, else at this width (as git and man do):
# the same text whatever window it was run from. A terminal gets its own width.
PIPED_WIDTH = 80


def load_stored_article(ctx: Context, article_id: str, feed_text: bool = False) -> tuple[dict[str, Any], Any]:
    """(fields, document) of a stored article.

    A kept article shows its whole text unless ``feed_text`` asks for the feed's own version."""
    article = ctx.library.articles.article(article_id)
    if article is None:
        raise CommandError(f"no article with id {article_id!r} and no file at that path")
    from newsreader.keep import document_to_read  # put off: keep brings the page fetcher

    if article.bookmarked and article.full_document is None and article.full_error:
        say(
            f"the feed's summary: the whole text could not be fetched ({article.full_error}); "
            "it will be retried on the next refresh"
        )
    document = document_to_read(article, feed_text)
    if document is not article.document:  # the kept whole text: its links lead where the feed's do
        _same_links(article.document, document)
    return {**article.to_json(), "linked_from": ctx.library.articles.linked_from(article.id)}, document


def _same_links(stored: Any, shown: Any) -> None:
    """Give ``shown``'s related links the targets and suggestions of the stored document's
    links with the same headline."""
    known = {(link.title, link.url): link for link in stored.related_links}
    for link in shown.related_links:
        match = known.get((link.title, link.url))
        if match is not None and link.target is None:
            link.target, link.suggestions = match.target, match.suggestions


def shown_json(fields: dict[str, Any], document: Any) -> dict[str, Any]:
    """The docs/cli.md shape of ``show --json``: the article's fields plus its blocks; a related
    block that leads nowhere carries its ``suggestions``; a stored article its ``linked_from``."""
    blocks = document.to_dict()["blocks"]
    related = iter(document.related_links)
    for block in blocks:
        if block.get("type") == "related":
            link = next(related, None)
            if block.get("target") is None:
                block["suggestions"] = list(link.suggestions) if link is not None else []
    return {**fields, "blocks": blocks}


def reading_width() -> int | None:
    """The width ``show`` wraps at when stdout is not a terminal (None on a terminal: its own)."""
    if sys.stdout.isatty():
        return None
    columns = os.environ.get("COLUMNS", "").strip()
    return int(columns) if columns.isdigit() and int(columns) > 0 else PIPED_WIDTH


def print_reading(renderable: Any) -> None:
    """An article (or a feed's articles) on stdout: no line ends in spaces, in a pipe or on a screen."""
    from rich.console import Console

    from newsreader.render import TrimmedLines  # put off: the renderer is a twentieth of a second

    console = Console(highlight=False, markup=False, emoji=False, soft_wrap=False, width=reading_width())
    console.print(TrimmedLines(renderable), crop=False)  # an Unbroken address is printed whole


def cmd_show(ctx: Context, args: argparse.Namespace) -> int:
    path = Path(args.target).expanduser()
    if path.is_file():
        from newsreader.library import read_file  # put off with Context.library

        reading = read_file(path, ctx.config)  # a file alone: no store is opened; LibraryError: main says it
        if reading.is_feed:
            articles = [(article.to_json(), article.document) for article in reading.articles]
            return show_feed(path, reading.title, articles, args.json)
        (article,) = reading.articles
        fields, document, day = article.to_json(), article.document, reading.day
    else:
        fields, document = load_stored_article(ctx, args.target, args.feed_text)
        day = getattr(ctx.library.articles.article(args.target), "file_date", None)
    if args.json:
        print_json(shown_json(fields, document))
        return 0
    from newsreader.render import render_document

    print_reading(render_document(document, file_date=day))
    return 0


def show_feed(path: Path, title: str | None, articles: list[tuple[dict[str, Any], Any]], as_json: bool) -> int:
    """A feed file's articles in feed order: each as ``show`` shows one, under a numbered line;
    with --json, a list of ``show --json`` objects (``feed`` is the feed's title)."""
    if as_json:
        print_json([shown_json(fields, document) for fields, document in articles])
    elif articles:
        from newsreader.render import render_feed

        print_reading(render_feed(title, [document for _, document in articles]))
    if not articles:
        say(f"{path}: the feed holds no articles")
    return 0


def register(command: Command) -> None:
    show = command(
        "show",
        cmd_show,
        "render a stored article (by id) or a file (by path, without storing it; a feed file: each of its articles)",
        True,
    )
    show.add_argument("target", metavar="ID_OR_PATH")
    show.add_argument(
        "--feed-text", action="store_true", help="a kept article as its feed gave it, not its fetched whole text"
    )
