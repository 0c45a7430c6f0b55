"""The sync commands (docs/cli.md): ``account add|list|remove`` (and the subscription changes
sent to an account's server), ``sync``, ``read``/``unread``, and what ``add --account`` and
``refresh`` do for accounts.

The sync package is imported inside the commands that use it: it is a tenth of a second of
start-up (``python -X importtime``) that ``--help`` and most commands never need."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Any

from newsreader.cli.context import Command, CommandError, Context, find_source_id, run_with_cancel
from newsreader.cli.keeping import report_kept
from newsreader.cli.output import print_json, say, shown, stdout_console


def _sync_error(error: Exception) -> CommandError:
    return CommandError(str(error))


def cmd_account_add(ctx: Context, args: argparse.Namespace) -> int:
    from newsreader.sync import SyncError

    try:
        account = ctx.library.accounts.add(args.kind, args.url, args.user,
                                           password_command=args.password_command, name=args.name)  # fmt: skip
    except SyncError as error:
        raise _sync_error(error) from None
    if args.json:
        print_json(account.to_json())
    say(f"logged in to {shown(account.url)} as {shown(account.user)}: account {shown(account.name)} added; "
        "fetch it with: newsreader sync")  # fmt: skip
    return 0


def cmd_account_list(ctx: Context, args: argparse.Namespace) -> int:
    found = ctx.library.accounts.all()
    if args.json:
        print_json([account.to_json() for account in found])
        return 0
    if not found:
        say("no accounts (add one: newsreader account add greader|fever URL --user USER)")
        return 0
    from rich.text import Text

    console = stdout_console()
    for account in found:
        data = account.to_json()
        line = Text()
        line.append(shown(account.name), "bold")
        line.append(f"  {account.kind}  {shown(account.url)}  {shown(account.user)}", "dim")
        line.append(f"  last sync {(account.last_sync or 'never')[:16].replace('T', ' ')}", "dim")
        line.append(f"  [{shown(data['status'])}]", "red" if account.status == "error" else "green")
        if account.pending:
            line.append(f"  {account.pending} change{'' if account.pending == 1 else 's'} to send", "yellow")
        console.print(line, overflow="fold")
    return 0


def _account(ctx: Context, name: str):
    account = ctx.library.accounts.find(name)
    if account is None:
        raise CommandError(f"no account named {name!r} (see: newsreader account list)")
    return account


def cmd_account_remove(ctx: Context, args: argparse.Namespace) -> int:
    account = _account(ctx, args.name)
    removed = ctx.library.accounts.remove(account)
    sources = removed.sources
    lost = f"; {account.pending} change{'' if account.pending == 1 else 's'} never sent" if account.pending else ""
    say(f"removed account {shown(account.name)} and its {sources} subscription{'' if sources == 1 else 's'} "
        f"(bookmarked articles stay as local copies: {removed.local_copies}){lost}")  # fmt: skip
    return 0


def _synced_source(ctx: Context, name: str) -> int:
    source_id = find_source_id(ctx.library, name)
    source = ctx.library.sources.get(source_id)
    if source is None or source.kind != "synced":
        raise CommandError(f"{name!r} is not a subscription of a sync account (see: newsreader sources)")
    return source_id


def cmd_account_change(ctx: Context, args: argparse.Namespace) -> int:
    from newsreader.sync import SyncError

    accounts = ctx.library.accounts
    source_id = _synced_source(ctx, args.source)
    try:
        if args.change == "unsubscribe":
            accounts.unsubscribe(source_id)
            say("unsubscribed on the server; the source is gone (bookmarked articles stay)")
        elif args.change == "rename":
            accounts.rename(source_id, args.title)
            say(f"renamed on the server: {shown(args.title)}")
        else:
            accounts.move(source_id, args.folder)
            say(f"moved on the server to {shown(args.folder) or 'no folder'}")
    except SyncError as error:
        raise _sync_error(error) from None
    return 0


def cmd_sync(ctx: Context, args: argparse.Namespace) -> int:
    """Every account, both ways, through the library: the link pass and the bookmarks' whole
    texts follow as after a refresh."""
    if not ctx.library.accounts.exist():
        if args.json:
            print_json({"accounts": []})
        say("no accounts to sync (add one: newsreader account add greader|fever URL --user USER)")
        return 0
    on_account, stop = account_progress(not args.json)
    try:
        report = run_with_cancel(lambda cancel: ctx.library.sync(on_account=on_account, cancel=cancel))
    finally:
        stop()
    results = report.accounts
    if args.json:
        print_json({"accounts": [r.to_json() for r in results]})
    else:
        report_accounts(results)
    report_kept(report.kept)
    return 1 if any(not r.ok for r in results) else 0


def report_accounts(results: Sequence[Any]) -> None:
    for result in results:
        name = shown(result.name)
        waiting = (
            f", {result.pending} change{'' if result.pending == 1 else 's'} still to send" if result.pending else ""
        )
        if result.ok:
            say(f"✓ {name}: {result.subscriptions} subscriptions, {result.added} new, {result.updated} updated, "
                f"{result.sent} change{'' if result.sent == 1 else 's'} sent{waiting}")  # fmt: skip
        else:
            say(f"✗ {name}: {shown(result.error)}{waiting} (kept; sent at the next sync)")
    failed = sum(1 for r in results if not r.ok)
    if failed:
        say(f"{failed} of {len(results)} account{'' if len(results) == 1 else 's'} failed")


def account_progress(show_progress: bool) -> tuple[Callable[[Any], None] | None, Callable[[], None]]:
    """A line of progress on stderr, when it is a terminal, while ``refresh`` or ``sync`` syncs the
    accounts: (on_account for ``Library.refresh`` and ``Library.sync``, stop)."""
    if not show_progress or not sys.stderr.isatty():
        return None, lambda: None
    shown_any = []

    def on_account(event: Any) -> None:
        if event.result is None:
            shown_any.append(True)
            sys.stderr.write(f"\r\x1b[Ksyncing {shown(event.name)}: {shown(event.message)}"[:200])
            sys.stderr.flush()

    def stop() -> None:
        if shown_any:
            sys.stderr.write("\r\x1b[K")

    return on_account, stop


def cmd_mark(ctx: Context, args: argparse.Namespace) -> int:
    articles = ctx.library.articles
    missing = [i for i in args.ids if articles.article(i) is None]
    if missing:
        raise CommandError(f"no article with id {missing[0]!r} (see: newsreader list)")
    read = args.command == "read"
    ctx.library.set_read(args.ids, read)  # an account's articles: queued by the store's triggers
    owners = sorted({shown(name) for name in ctx.library.accounts.of_articles(args.ids).values()})
    note = f"; queued for {', '.join(owners)}, sent at the next sync" if owners else ""
    say(f"marked {len(args.ids)} {'read' if read else 'unread'}{note}")
    return 0


def add_to_account(ctx: Context, args: argparse.Namespace) -> int:
    """``add URL... --account NAME``: subscribe on the account's server, then sync it."""
    from newsreader.sync import SyncError

    account = _account(ctx, args.account)
    results = []
    for url in args.sources:
        try:
            results.append(ctx.library.accounts.subscribe(account, url))
        except SyncError as error:
            raise CommandError(f"{shown(url)}: {error}") from None
    if args.json:
        print_json({"accounts": [r.to_json() for r in results]})
    else:
        report_accounts(results)
    return 1 if any(not r.ok for r in results) else 0


def register(command: Command) -> None:
    account = command("account", lambda ctx, args: (args.account_parser.print_help(), 2)[1],
                      "sync accounts: Google Reader API (FreshRSS, Miniflux…) and Fever servers")  # fmt: skip
    subs = account.add_subparsers(dest="account_command", metavar="ACTION")
    account.set_defaults(account_parser=account)
    add = subs.add_parser("add", help="log in to a server and keep the account (never its password)",
                          description="Log in to a server and keep the account. The password is the first line the "
                          "--password-command prints, else $NEWSREADER_PASSWORD; it is never stored.")  # fmt: skip
    add.set_defaults(handler=cmd_account_add)
    add.add_argument("kind", choices=("greader", "fever"), help="the server's API")
    add.add_argument("url", metavar="URL", help="FreshRSS: https://HOST/api/greader.php or https://HOST/api/fever.php; "
                     "Miniflux: https://HOST or https://HOST/fever/")  # fmt: skip
    add.add_argument("--user", required=True, metavar="USER")
    add.add_argument("--password-command", metavar="CMD", help="a command printing the password on its first line "
                     "(run without a shell, e.g. 'pass show freshrss'); kept, so sync runs from cron")  # fmt: skip
    add.add_argument("--name", metavar="NAME", help="what to call the account (default: the server's host name)")
    add.add_argument("--json", action="store_true", help="print the account as JSON")
    listing = subs.add_parser("list", help="the accounts, their last sync and the changes still to send")
    listing.set_defaults(handler=cmd_account_list)
    listing.add_argument("--json", action="store_true", help="print one JSON document on stdout")
    remove = subs.add_parser("remove", help="remove an account: its articles go, bookmarked ones stay as local copies")
    remove.set_defaults(handler=cmd_account_remove)
    remove.add_argument("name", metavar="NAME")
    unsubscribe = subs.add_parser("unsubscribe", help="unsubscribe from a feed on its server (Google Reader API)")
    unsubscribe.set_defaults(handler=cmd_account_change, change="unsubscribe")
    unsubscribe.add_argument("source", metavar="SOURCE")
    rename = subs.add_parser("rename", help="rename a subscription on its server (Google Reader API)")
    rename.set_defaults(handler=cmd_account_change, change="rename")
    rename.add_argument("source", metavar="SOURCE")
    rename.add_argument("title", metavar="TITLE")
    move = subs.add_parser("move", help="move a subscription to another folder on its server (Google Reader API)")
    move.set_defaults(handler=cmd_account_change, change="move")
    move.add_argument("source", metavar="SOURCE")
    move.add_argument("folder", metavar="FOLDER", help='the folder ("" for none)')
    command("sync", cmd_sync, "sync every account both ways (refresh syncs them too)", True)
    for name, help_text in (
        ("read", "mark articles read (queued for the server when an account owns them)"),
        ("unread", "mark articles unread (queued for the server when an account owns them)"),
    ):
        command(name, cmd_mark, help_text).add_argument("ids", nargs="+", metavar="ID")
