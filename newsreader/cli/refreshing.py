"""``refresh`` through the library service, and the per-source summary ``refresh`` and
``add`` print: a line (or a JSON object) per source, the rules' work, the failures counted."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from newsreader.cli.context import Command, Context, run_with_cancel
from newsreader.cli.keeping import report_kept
from newsreader.cli.output import plural, print_json, progress_reporter, say, shown
from newsreader.cli.syncing import account_progress, report_accounts


def cmd_refresh(ctx: Context, args: argparse.Namespace) -> int:
    library = ctx.library
    due: list[int] | None = None
    if args.due:  # only the sources whose own interval has passed (for cron); no accounts
        due = library.due_sources()
        if not due:
            if args.json:
                print_json([])
            else:
                say(
                    "no source is due (a source is due when its interval has passed: newsreader source set ID interval=2h)"
                )
            return 0
    has_sources = due is not None or any(s.kind != "synced" for s in ctx.library.sources.all())
    on_progress, stop = progress_reporter(not args.json and has_sources)
    on_account_line, stop_accounts = account_progress(not args.json)

    def on_account(event: Any) -> None:  # the sources are done: their bar gives way to the accounts' line
        stop()
        if on_account_line is not None:
            on_account_line(event)

    try:
        report = run_with_cancel(lambda cancel: library.refresh(due, on_progress=on_progress, cancel=cancel,
                                                                on_account=on_account))  # fmt: skip
    finally:
        stop()
        stop_accounts()
    report_rules(report.rules, quiet=args.json)
    if not args.json:
        if has_sources:
            print_result_lines(report.sources)
        report_accounts(report.accounts)
    if not has_sources and not report.accounts:
        say("no sources to refresh (add one: newsreader add URL|FILE|FOLDER)")
        if args.json:  # --json always prints one document
            print_json([])
    elif args.json:  # one document: the sources' results, then the accounts'
        print_json([*(r.to_json() for r in report.sources), *(r.to_refresh_json() for r in report.accounts)])
    if report.notify_error:
        say(report.notify_error)
    report_kept(report.kept)
    report_full_texts(report.full_texts)
    return failure_summary(report.sources, report.accounts)


def report_full_texts(results: Sequence[Any]) -> None:
    """The pages fetched for sources whose settings ask for ``full_text``: a count, and why
    each one failed (the feed's text stays)."""
    kept = sum(1 for r in results if r.status == "kept")
    failed = [r for r in results if r.status == "failed"]
    if kept:
        say(f"whole text fetched for {plural(kept, 'new article')}")
    for result in failed:
        say(f"✗ whole text of {shown(result.url or result.article_id)}: {shown(result.error)} (the feed's text stays)")


def report_rules(results: Sequence[Any], quiet: bool = False) -> None:
    """What the config's rules did to a refresh's or an add's new articles."""
    for result in results:
        if result.ids and not quiet:
            say(
                f"rule {result.rule.action} ({shown(result.rule.query)}): {len(result.ids)} article"
                f"{'' if len(result.ids) == 1 else 's'}"
            )


def print_results(results: Sequence[Any], as_json: bool) -> int:
    """The per-source summary; exit 1 when any source failed (docs/cli.md), saying how many last."""
    if as_json:
        print_json([r.to_json() for r in results])
    else:
        print_result_lines(results)
    return failure_summary(results)


def print_result_lines(results: Sequence[Any]) -> None:
    for result in results:
        name = result.name or ""
        if result.status == "error":
            error = result.error or "failed"
            say(f"✗ {name}: {error.removeprefix(f'{name}: ')}")
        elif getattr(result, "existing", False):
            news = f" ({result.added} new, {result.updated} updated)" if result.added or result.updated else ""
            say(f"· Already subscribed: {name}{news}")
        elif result.status == "unchanged":
            say(f"· {name}: unchanged")
        else:
            say(f"✓ {name}: {result.added} new, {result.updated} updated")


def failure_summary(results: Sequence[Any], accounts: Sequence[Any] = ()) -> int:
    """Exit 1 when any source or account failed (docs/cli.md), with a last line saying how many."""
    failed = sum(1 for r in results if r.status == "error")
    failed_accounts = sum(1 for r in accounts if not r.ok)
    if failed:
        say(f"{failed} of {len(results)} {'source' if len(results) == 1 else 'sources'} failed")
    if failed_accounts:
        say(f"{failed_accounts} of {len(accounts)} {'account' if len(accounts) == 1 else 'accounts'} failed")
    return 1 if failed or failed_accounts else 0


def register(command: Command) -> None:
    refresh = command("refresh", cmd_refresh, "fetch or rescan every source", True)
    refresh.add_argument(
        "--due",
        action="store_true",
        help="only the sources whose own refresh interval has passed (for cron; see: newsreader source set)",
    )
