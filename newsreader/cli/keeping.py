"""Keeping articles: ``bookmark``/``unbookmark``, ``fulltext``, ``bookmarks``,
``export-bookmarks``, and ``tag``/``untag`` on an article or a source."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from newsreader.cli.context import (
    Command,
    CommandError,
    Context,
    article_id_arg,
    find_source_id,
    run_with_cancel,
    write_output,
)
from newsreader.cli.output import plural, print_headlines, say, shown
from newsreader.document.clean import clean_inline


def cmd_bookmark(ctx: Context, args: argparse.Namespace) -> int:
    article_id = article_id_arg(ctx, args.id)
    if args.command == "bookmark":
        ctx.library.bookmark(article_id)
        keep_whole(ctx, article_id)
    elif ctx.library.bookmark(article_id, keep=False):
        say(f"no longer kept: {article_id}")
    else:
        say(f"{article_id} was not kept")
    return 0


def keep_whole(ctx: Context, article_id: str) -> None:
    """Fetch a kept article's whole text now when its feed gave only a summary."""
    # put off: keep brings the page fetcher and extractor
    from newsreader.keep import needs_whole_text

    article = ctx.library.articles.article(article_id)
    if article is None or not needs_whole_text(article):
        say(f"kept {article_id}")
        return
    say(f"kept {article_id}; fetching the whole text from {article.url}…")
    result = ctx.library.fetch_whole_text(article_id)
    if result.status == "kept":
        say(f"whole text kept ({plural(result.words, 'word')})")
    else:
        say(
            f"could not fetch the whole text: {result.error}; "
            "the summary is kept and it will be retried on the next refresh"
        )


def cmd_fulltext(ctx: Context, args: argparse.Namespace) -> int:
    """Fetch any article's page now and keep its main text with the article (searchable,
    shown in place of the feed's text); the feed's text is never lost."""
    from newsreader.keep import is_web_address

    article_id = article_id_arg(ctx, args.id)
    article = ctx.library.articles.article(article_id)
    if article is None or not is_web_address(article.url):
        raise CommandError(f"{article_id} has no web address (http or https) to fetch its page from")
    say(f"fetching the whole text of {article_id} from {article.url}…")
    result = run_with_cancel(lambda cancel: ctx.library.fetch_whole_text(article_id, force=True))
    if result.status != "kept":
        raise CommandError(f"could not fetch the whole text: {result.error}; the feed's text is kept")
    say(
        f"whole text kept ({plural(result.words, 'word')}): newsreader show {article_id} "
        "(--feed-text for the feed's own)"
    )
    return 0


def report_kept(results: Sequence[Any]) -> None:
    """One line per kept article whose whole text was fetched (or not) after a refresh or a sync."""
    for result in results:
        if result.status == "kept":
            say(f"✓ whole text kept for {result.article_id} ({plural(result.words, 'word')})")
        elif result.status == "failed":
            say(f"✗ whole text of {result.article_id}: {result.error} (retried on the next refresh)")


def cmd_bookmarks(ctx: Context, args: argparse.Namespace) -> int:
    print_headlines(
        ctx.library.articles.bookmarks(),
        args.json,
        "no bookmarks yet (keep an article: newsreader bookmark ID, or b in the app)",
        ctx.library,
    )
    return 0


def cmd_export_bookmarks(ctx: Context, args: argparse.Namespace) -> int:
    from newsreader.export import export_html, export_json, export_markdown, for_export
    from newsreader.keep import document_to_read

    kept = ctx.library.articles.kept_articles()
    documents = [for_export(a, document_to_read(a)) for a in kept]
    if args.format == "md":
        text = export_markdown(documents)
    elif args.format == "html":
        text = export_html(documents)
    else:
        text = export_json({**a.to_json(), **d.to_dict(), "id": a.id} for a, d in zip(kept, documents))
    write_output(text, args.output)
    if not kept:
        say("no bookmarks yet: the export is empty")
    return 0


def cmd_tag(ctx: Context, args: argparse.Namespace) -> int:
    """Tags on an article (by its id) or a source (by id, address or title)."""
    tags = ctx.library.tags
    names = [n for n in (clean_inline(n).strip() for n in args.names) if n]
    if not names:
        raise CommandError("give at least one tag name")
    adding = args.command == "tag"
    if ctx.library.articles.article(args.target) is not None:
        owner, change = f"article {args.target}", tags.change_article(args.target, names, adding=adding)
    else:
        source_id = find_source_id(ctx.library, args.target)
        owner, change = f"source {source_id}", tags.change_source(source_id, names, adding=adding)
    if not adding:
        missing = change.missing(names)
        if missing:
            say(f"{owner} had no tag {', '.join(repr(shown(name)) for name in missing)}")
    say(f"{owner}: {', '.join(change.now) if change.now else 'no tags'}")
    return 0


def register(command: Command) -> None:
    for name, help_text in (
        ("bookmark", "keep an article, whole, for offline reading"),
        ("unbookmark", "stop keeping an article"),
    ):
        command(name, cmd_bookmark, help_text).add_argument("id", metavar="ID")
    command(
        "fulltext",
        cmd_fulltext,
        "fetch an article's page and keep its whole text with it (searchable; show gives it, --feed-text the feed's)",
    ).add_argument("id", metavar="ID")
    command("bookmarks", cmd_bookmarks, "the kept articles, newest kept first", True)
    export = command("export-bookmarks", cmd_export_bookmarks, "write every kept article, whole")
    export.add_argument(
        "--format", choices=("md", "html", "json"), required=True, help="Markdown, one HTML page, or JSON"
    )
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically) instead of stdout")
    for name, help_text in (
        ("tag", "tag an article (by id) or a source (by id, address or title)"),
        ("untag", "take tags off an article or a source"),
    ):
        tagging = command(name, cmd_tag, help_text)
        tagging.add_argument("target", metavar="ID")
        tagging.add_argument("names", nargs="+", metavar="NAME")
