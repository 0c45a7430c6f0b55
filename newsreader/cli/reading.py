"""Reading the store: ``list``, ``search``, ``unread-count`` and ``story``."""

from __future__ import annotations

import argparse
import sys

from newsreader.cli.context import (
    Command,
    CommandError,
    Context,
    compiled_query,
    find_source_id,
    positive_int,
)
from newsreader.cli.output import (
    headline_line,
    headlines_json,
    print_headlines,
    print_json,
    print_line,
    say,
    stdout_console,
)
from newsreader.document.clean import clean_inline


def cmd_list(ctx: Context, args: argparse.Namespace) -> int:
    from newsreader.store import View  # put off with the store (Context.library)

    library = ctx.library
    source_id = find_source_id(library, args.source) if args.source else None
    query_text = args.query
    if args.view is not None:
        saved = library.views.saved(args.view)
        if saved is None:
            raise CommandError(f"no view named {args.view!r} (see: newsreader view list)")
        query_text = f"({saved.query}) ({query_text})" if query_text is not None else saved.query
    query = compiled_query(ctx, query_text) if query_text is not None else None
    view = View(unread=args.unread, bookmarked=args.bookmarked, source_id=source_id, query=query)
    if args.bookmarked:
        empty = "no bookmarks yet (keep an article: newsreader bookmark ID, or b in the app)"
    elif args.unread or source_id is not None or query is not None:
        empty = "no articles here"
    else:
        empty = "no articles (add a source: newsreader add URL|FILE|FOLDER)"
    print_headlines(library.articles.headlines(view, limit=args.limit), args.json, empty, library)
    return 0


def cmd_search(ctx: Context, args: argparse.Namespace) -> int:
    compiled_query(ctx, args.query)  # a malformed query is shown with a pointer, not searched
    hits = ctx.library.search(args.query, limit=args.limit)
    if args.json:
        listed = headlines_json(ctx.library, [hit.headline for hit in hits])
        print_json([{**fields, "snippet": hit.snippet} for fields, hit in zip(listed, hits)])
        return 0
    if not hits:
        say(f"nothing matches {clean_inline(args.query)!r}")
        return 0
    from rich.text import Text

    console = stdout_console()
    for hit in hits:
        print_line(console, headline_line(hit.headline))
        snippet = Text("      " + hit.snippet, "dim")
        for start, end in hit.highlights:
            snippet.stylize("bold yellow", start + 6, end + 6)
        print_line(console, snippet)
    return 0


def cmd_unread_count(ctx: Context, args: argparse.Namespace) -> int:
    from newsreader.store import View

    view = View(query=compiled_query(ctx, args.query)) if args.query is not None else None
    total, by_source = ctx.library.articles.unread_counts(view)
    if args.json:
        print_json({"unread": total, "by_source": [{"id": i, "title": t, "unread": n} for i, t, n in by_source]})
    else:
        sys.stdout.write(f"{total}\n")
    return 0


def cmd_story(ctx: Context, args: argparse.Namespace) -> int:
    """The articles linked to this one, and to those, either way, oldest first."""
    line = ctx.library.articles.story(args.id)
    if not line:
        raise CommandError(f"no article with id {args.id!r}")
    if args.json:
        print_json({"id": args.id, "articles": [{**head.to_json(), "links_to": links} for head, links in line]})
        return 0
    if len(line) == 1:
        say("no resolved links to or from this article: its story line is itself")
    from rich.text import Text

    console = stdout_console()
    for head, _links in line:
        mark = Text("▶ " if head.id == args.id else "  ", "bold")
        print_line(console, mark + headline_line(head))
    return 0


def register(command: Command) -> None:
    listing = command("list", cmd_list, "headlines, newest first", True)
    listing.add_argument("--unread", action="store_true", help="only unread articles")
    listing.add_argument("--bookmarked", action="store_true", help="only kept articles")
    listing.add_argument("--source", metavar="NAME", help="one source, by id, address or title")
    listing.add_argument("--limit", type=positive_int, default=50, metavar="N", help="at most N headlines (default 50)")
    listing.add_argument(
        "--query", metavar="Q", help="only articles the query matches (the query language: see README)"
    )
    listing.add_argument("--view", metavar="NAME", help="only the articles of a saved view")
    search = command(
        "search",
        cmd_search,
        'search the store in the query language (words, "phrases", unread, '
        "tag:x, source:x, newer:7d, -term, OR, parentheses), best match first",
        True,
    )
    search.add_argument("query", metavar="QUERY")
    search.add_argument("--limit", type=positive_int, default=20, metavar="N", help="at most N results (default 20)")
    counting = command(
        "unread-count", cmd_unread_count, "how many articles are unread (for status bars and scripts)", True
    )
    counting.add_argument("--query", metavar="Q", help="only articles the query matches")
    story = command(
        "story", cmd_story, "the story line: every article reachable through resolved links, in date order", True
    )
    story.add_argument("id", metavar="ID")
