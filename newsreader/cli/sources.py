"""``sources``: every source with its article counts and the last refresh's status, as a
table fitted to the width or as docs/cli.md's JSON."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from newsreader.cli.context import Command, Context
from newsreader.cli.output import print_json, say, shown, stdout_console
from newsreader.source_settings import DEFAULT

# The columns of ``sources`` after the title: articles, unread, status (its widest word, "unchanged").
SOURCE_COUNTS = "  {:>8}  {:>6}  "
SOURCE_COUNTS_WIDTH = len(SOURCE_COUNTS.format("", "")) + len("unchanged")
SOURCE_INDENT = 6  # "  12  ": the id column; titles, addresses and errors start here


def cmd_sources(ctx: Context, args: argparse.Namespace) -> int:
    sources = ctx.library.sources.all()
    settings = ctx.library.all_source_settings()
    if args.json:
        tags = ctx.library.tags.by_source()
        print_json(
            [{**s.to_json(tags.get(s.id, [])), "settings": settings.get(s.id, DEFAULT).to_json()} for s in sources]
        )
        return 0
    if not sources:
        say("no sources yet (add one: newsreader add URL|FILE|FOLDER)")
        return 0
    print_sources_table(sources, disabled={i for i, s in settings.items() if not s.enabled})
    return 0


def print_sources_table(sources: Sequence[Any], disabled: set[int] | frozenset[int] = frozenset()) -> None:
    """One row per source (id, title, articles, unread, status) fitted to the width (the
    terminal's, else $COLUMNS or 80): a long title wraps within its column; under it the
    address, never broken, and the last error, wrapped."""
    from rich.text import Text

    console = stdout_console()
    title_width = max(20, console.width - SOURCE_INDENT - SOURCE_COUNTS_WIDTH)
    whole = {"no_wrap": True, "overflow": "ignore", "crop": False}  # an address is never cut or folded
    header = f"{'id':>4}  {'source':<{title_width}}{SOURCE_COUNTS.format('articles', 'unread')}status"
    console.print(Text(header, "dim"), **whole)
    now = datetime.now(UTC).isoformat()
    for source in sources:
        untitled = not source.title or source.title == source.address  # its name is its address
        title = Text("(no title yet)", "dim") if untitled else Text(shown(source.name), "bold")
        title_lines = title.wrap(console, title_width)
        row = Text(f"{source.id:>4}  ", "dim")
        row.append_text(title_lines[0])
        row.append(" " * max(0, title_width - title_lines[0].cell_len))
        row.append(SOURCE_COUNTS.format(source.article_count, source.unread_count))
        status = "disabled" if source.id in disabled else source.last_status or "not yet"
        row.append(status, "red" if status == "error" else "green" if status in ("ok", "unchanged") else "dim")
        console.print(row, **whole)
        for line in title_lines[1:]:
            line.rstrip()
            console.print(Text(" " * SOURCE_INDENT).append_text(line), **whole)
        if source.address:  # whole on a line of its own, never folded within the title's column
            console.print(Text(" " * SOURCE_INDENT + shown(source.address), "dim"), **whole)
        error = shown(source.last_error)
        if source.retry_at and source.retry_at > now:
            error += f"{'; ' if error else ''}not asked again before {source.retry_at[:16].replace('T', ' ')} UTC"
        if error:
            for line in Text(f"✗ {error}", "red").wrap(console, max(20, console.width - SOURCE_INDENT)):
                line.rstrip()
                console.print(Text(" " * SOURCE_INDENT).append_text(line), **whole)


def register(command: Command) -> None:
    command("sources", cmd_sources, "the sources, with article counts and the last refresh's status", True)
