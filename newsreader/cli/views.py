"""Saved views (``view add|list|remove``) and the config's rules (``rules --dry-run``)."""

from __future__ import annotations

import argparse

from newsreader.cli.context import Command, CommandError, Context, compiled_query
from newsreader.cli.output import print_json, print_line, say, shown, stdout_console


def cmd_view(ctx: Context, args: argparse.Namespace) -> int:
    views = ctx.library.views
    if args.action == "add":
        compiled_query(ctx, args.query)
        try:
            new = views.save(args.name, args.query)
        except ValueError as error:
            raise CommandError(str(error)) from None
        say(f"{'saved' if new else 'changed'} view {shown(args.name)!r}")
        return 0
    if args.action == "remove":
        if not views.remove(args.name):
            raise CommandError(f"no view named {args.name!r} (see: newsreader view list)")
        say(f"removed view {shown(args.name)!r}")
        return 0
    counted = views.counts()
    if args.json:
        print_json([saved.to_json(unread) for saved, unread in counted])
        return 0
    if not counted:
        say("no saved views (save one: newsreader view add NAME QUERY)")
        return 0
    from rich.text import Text

    console = stdout_console()
    for saved, unread in counted:
        line = Text()
        line.append(shown(saved.name), "bold")
        line.append(f"  {shown(saved.query)}", "dim")
        line.append(f"  ({unread} unread)" if unread is not None else "  (the query no longer reads)", "dim")
        print_line(console, line)
    return 0


def cmd_rules(ctx: Context, args: argparse.Namespace) -> int:
    results = ctx.library.views.dry_run_rules()
    if args.json:
        print_json([result.to_json() for result in results])
        return 0
    if not results:
        say(f"no rules in {ctx.paths.config} (add [[rules]] tables with query and action)")
        return 0
    from rich.text import Text

    console = stdout_console()
    for result in results:
        line = Text()
        line.append(f"line {result.rule.line}: " if result.rule.line else "", "dim")
        line.append(shown(result.rule.action), "bold")
        line.append(f"  {shown(result.rule.query)}  ", "")
        line.append(f"{len(result.ids)} article{'' if len(result.ids) == 1 else 's'} now", "dim")
        print_line(console, line)
    return 0


def register(command: Command) -> None:
    views = command("view", cmd_view, "saved views: a query with a name, shown in the app under the sources")
    view_actions = views.add_subparsers(dest="action", metavar="ACTION", required=True)
    view_add = view_actions.add_parser("add", help="save QUERY as the view NAME (a view of that name is changed)")
    view_add.add_argument("name", metavar="NAME")
    view_add.add_argument("query", metavar="QUERY")
    view_list = view_actions.add_parser("list", help="the saved views, with their unread counts")
    view_list.add_argument("--json", action="store_true", help="print one JSON document on stdout")
    view_actions.add_parser("remove", help="forget a saved view").add_argument("name", metavar="NAME")
    rules = command(
        "rules",
        cmd_rules,
        "the config's [[rules]] (every refresh applies them): --dry-run shows what each would match now",
        True,
    )
    rules.add_argument(
        "--dry-run",
        action="store_true",
        required=True,
        help="change nothing; count what each rule matches (required: a refresh applies the rules)",
    )
