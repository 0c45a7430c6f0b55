"""Subscriptions: ``add``, ``remove``, ``rename``, ``import-opml`` and ``export-opml``."""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from newsreader.cli.context import Command, CommandError, Context, find_source, is_url, write_output
from newsreader.cli.output import plural, print_json, progress_reporter, say, shown
from newsreader.cli.refreshing import print_results, report_rules
from newsreader.cli.syncing import add_to_account
from newsreader.document.clean import clean_inline

SKIPPED_SHOWN = 10  # skipped outlines named one a line; the rest counted


def cmd_add(ctx: Context, args: argparse.Namespace) -> int:
    if args.account:
        return add_to_account(ctx, args)
    on_progress, stop = progress_reporter(not args.json, "adding")
    try:
        specs = [os.path.expanduser(s) if not is_url(s) else s for s in args.sources]
        report = ctx.library.add(specs, on_progress=on_progress)
    finally:
        stop()
    report_rules(report.rules, quiet=args.json)
    return print_results(report.sources, args.json)


def cmd_remove(ctx: Context, args: argparse.Namespace) -> int:
    """Unsubscribe: every SOURCE is found first, so a wrong one changes nothing."""
    chosen: dict[int, Any] = {}
    for name in args.sources:
        source = find_source(ctx.library, name, exact=True)
        chosen.setdefault(source.id, source)
    for source in chosen.values():
        removed = _remove_source(ctx, source)
        if removed is None:  # removed meanwhile (another newsreader)
            say(f"already gone: {shown(source.name)}")
            continue
        stay = []
        if removed.kept:
            stay.append(f"{plural(removed.kept, 'bookmarked article')} (newsreader bookmarks)")
        if removed.linked:
            stay.append(f"{plural(removed.linked, 'story', 'stories')} a bookmark links to")
        kept = f"; kept: {' and '.join(stay)}" if stay else ""
        say(f"removed {shown(removed.name)} and {plural(removed.removed, 'article')}{kept}")
    return 0


def _remove_source(ctx: Context, source: Any) -> Any:
    """Remove a source here; an account's subscription on its server first (``Library.sources``)."""
    if source.kind != "synced":
        return ctx.library.sources.remove(source.id)
    from newsreader.sync import SyncError  # the sync package: put off (cli/syncing.py)

    try:
        return ctx.library.sources.remove(source.id)
    except SyncError as error:
        raise CommandError(f"{shown(source.name)} stays: {error}") from None


def cmd_rename(ctx: Context, args: argparse.Namespace) -> int:
    sources = ctx.library.sources
    source = find_source(ctx.library, args.source, exact=True)
    title = clean_inline(args.title)
    if not title:
        raise CommandError("the new title is empty")
    if source.kind == "synced":
        from newsreader.sync import SyncError

        try:
            sources.rename(source.id, title)
        except SyncError as error:
            raise CommandError(f"{shown(source.name)} keeps its title: {error}") from None
        say(f"renamed {shown(source.name)} to {title} on its server")
        return 0
    if not sources.rename(source.id, title):
        raise CommandError(f"no source with id {source.id} (removed meanwhile?)")
    say(f"renamed {shown(source.name)} to {title} (kept when it is refreshed)")
    return 0


def cmd_import_opml(ctx: Context, args: argparse.Namespace) -> int:
    report = ctx.library.import_opml(Path(args.file).expanduser())  # LibraryError: main says it, exit 1
    if args.json:
        print_json(report.to_json())
        return 0
    there = f" ({len(report.existing)} already there)" if report.existing else ""
    fetch = "; fetch them with: newsreader refresh" if report.added else ""
    say(f"imported {plural(len(report.added), 'new subscription')}{there}{fetch}")
    report_skipped(report.skipped)
    return 0


def report_skipped(skipped: Sequence[Any]) -> None:
    """One line per OPML outline left out, with why: the first few, then how many more."""
    if not skipped:
        return
    say(f"skipped {plural(len(skipped), 'outline')}:")
    for outline in skipped[:SKIPPED_SHOWN]:
        name = shown(outline.address) or "(no address)"
        title = shown(outline.title)
        hint = "; newsreader add finds a web page's feed" if outline.reason == "no-address" and outline.address else ""
        say(f"  {name}{f' ({title})' if title and title != name else ''}: {outline.message}{hint}")
    if len(skipped) > SKIPPED_SHOWN:
        say(f"  … and {len(skipped) - SKIPPED_SHOWN} more (all of them: newsreader import-opml FILE --json)")


def cmd_export_opml(ctx: Context, args: argparse.Namespace) -> int:
    write_output(ctx.library.export_opml(), args.output)
    return 0


def register(command: Command) -> None:
    add = command(
        "add", cmd_add, "add feed URLs, web pages, feed files, article files or folders, and ingest them now", True
    )
    add.add_argument("sources", nargs="+", metavar="SOURCE")
    add.add_argument("--account", metavar="NAME", help="subscribe on a sync account's server instead (then sync it)")
    remove = command(
        "remove", cmd_remove, "unsubscribe from sources (by id, address or title); their articles go, kept ones stay"
    )
    remove.add_argument("sources", nargs="+", metavar="SOURCE")
    rename = command("rename", cmd_rename, "give a source a title of your own (kept when it is refreshed)")
    rename.add_argument("source", metavar="SOURCE", help="the source's id, address or title")
    rename.add_argument("title", metavar="TITLE")
    imp = command("import-opml", cmd_import_opml, "subscribe to the feeds of an OPML file", True)
    imp.add_argument("file", metavar="FILE")
    exp = command("export-opml", cmd_export_opml, "write the feed subscriptions as OPML")
    exp.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
