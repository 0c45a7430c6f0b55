"""``import-newsboat``: newsboat's feeds, tags, titles, query feeds, items and read state."""

from __future__ import annotations

import argparse
import sys

from newsreader.cli.context import Command, CommandError, Context
from newsreader.cli.output import plural, print_json, say, shown


def cmd_import_newsboat(ctx: Context, args: argparse.Namespace) -> int:
    # put off: the importer and newsboat's cache reader are the slowest modules to import
    from newsreader.imports.newsboat import ImportError_, locate_files

    try:
        files = locate_files(args.urls, args.cache, args.config)
        progress = (lambda line: None) if args.json or not sys.stderr.isatty() else _progress_line
        report = ctx.library.import_newsboat(
            files, config_path=ctx.paths.config, dry_run=args.dry_run, progress=progress
        )
    except ImportError_ as error:
        raise CommandError(str(error)) from None
    finally:
        if not args.json and sys.stderr.isatty():
            sys.stderr.write("\r\033[K")
    if args.json:
        print_json(report.to_json())
        return 0
    would = "would import" if report.dry_run else "imported"
    say(
        f"{would} from {shown(str(files.urls))}"
        + (f" and {shown(str(files.cache))}" if files.cache else "")
        + (f" and {shown(str(files.config))}" if files.config else "")
    )
    say(f"  feeds: {plural(len(report.feeds_added), 'new feed')}, {len(report.feeds_existing)} already here")
    say(
        f"  articles: {plural(report.articles_added, 'new article')} ({report.marked_read} read, "
        f"{report.bookmarked} flagged as bookmarks), {report.articles_existing} already here"
    )
    if report.views_added or report.views_existing:
        say(
            f"  query feeds: {plural(len(report.views_added), 'saved view')}"
            + (f", {len(report.views_existing)} already here" if report.views_existing else "")
        )
    if report.config_keys_added or report.rules_added:
        say(
            f"  config: {plural(report.config_keys_added, 'setting')} and {plural(report.rules_added, 'rule')} "
            f"{'would be ' if report.dry_run else ''}added to {shown(str(ctx.paths.config))}"
        )
    if report.skipped:
        say(f"skipped {plural(len(report.skipped), 'line')}:")
        for name, line in report.skipped:
            say(f"  {name}:{line.line}: {shown(line.text)[:80]}: {line.reason}")
    if not report.dry_run and report.feeds_added:
        say("fetch what is new since with: newsreader refresh")
    return 0


def _progress_line(line: str) -> None:
    sys.stderr.write("\r\033[K" + shown(line)[:70])
    sys.stderr.flush()


def register(command: Command) -> None:
    newsboat = command(
        "import-newsboat",
        cmd_import_newsboat,
        "bring newsboat's feeds, tags, titles, query feeds, items and read state",
        True,
    )
    newsboat.add_argument(
        "--urls", metavar="FILE", help="newsboat's urls file (default: ~/.newsboat/urls or ~/.config/newsboat/urls)"
    )
    newsboat.add_argument("--cache", metavar="FILE", help="newsboat's cache.db, read-only (default: beside it)")
    newsboat.add_argument(
        "--config", metavar="FILE", help="newsboat's config: bind-key, ignore-article, a few settings"
    )
    newsboat.add_argument(
        "--dry-run", action="store_true", help="say what would be imported and skipped; change nothing"
    )
