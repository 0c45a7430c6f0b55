"""``source set ID KEY=VALUE...`` and ``source show ID [--json]``: one source's own settings
(the settings themselves, parsed and checked: ``newsreader.source_settings``)."""

from __future__ import annotations

import argparse
from typing import Any

from newsreader.cli.context import Command, CommandError, Context, find_source
from newsreader.cli.output import print_json, say, shown, stdout_console
from newsreader.lazy_import import load
from newsreader.source_settings import KEYS, SettingError, SourceSettings, split_assignment

BAD_SETTING = 2  # exit status of a setting refused (as of a bad query): nothing was changed


def cmd_source_set(ctx: Context, args: argparse.Namespace) -> int:
    source = find_source(ctx.library, args.source, exact=True)
    try:
        changes = [split_assignment(text) for text in args.settings]
        if source.kind == "synced" and any(key == "title" for key, _ in changes):
            raise SettingError("title", "a synced source is renamed on its server: newsreader rename SOURCE TITLE")
        settings = ctx.library.change_source_settings(source.id, changes)
    except SettingError as error:
        say(f"newsreader: {shown(str(error))} (nothing was changed)")
        return BAD_SETTING
    except LookupError:
        raise CommandError(f"no source with id {source.id} (removed meanwhile?)") from None
    say(
        f"{shown(settings.title or source.name)}: "
        + ", ".join(_described(settings, key) for key, _ in dict(changes).items())
    )
    return 0


def _described(settings: SourceSettings, key: str) -> str:
    value = settings.to_json()["headers" if key == "header" else key]
    if key == "header":
        return f"headers {', '.join(value) or 'none'}"  # the names only: a value may be a secret
    if value is None:
        return f"{key} as default"
    return f"{key} {str(value).lower() if isinstance(value, bool) else value}"


def cmd_source_show(ctx: Context, args: argparse.Namespace) -> int:
    source = find_source(ctx.library, args.source, exact=True)
    settings = ctx.library.source_settings(source.id)
    if args.json:
        print_json({**source.to_json(ctx.library.tags.of_source(source.id)), "settings": settings.to_json()})
        return 0
    print_settings(source, settings)
    return 0


def print_settings(source: Any, settings: SourceSettings) -> None:
    Text = load("rich.text").Text
    console = stdout_console()
    console.print(Text(f"{source.id}  {shown(source.name)}", "bold"), overflow="fold")
    console.print(Text(f"    {shown(source.address)}", "dim"), no_wrap=True, overflow="ignore", crop=False)
    data = settings.to_json()
    defaults = SourceSettings().to_json()
    for key in KEYS:
        name = "headers" if key == "header" else key
        value = data[name]
        if name == "headers":
            shown_value = "; ".join(f"{k}: {v}" for k, v in value.items()) or "none"
        elif value is None:
            shown_value = {"title": "the feed's", "interval": "none (refreshed with all)",
                           "max_articles": "the config's", "user_agent": "newsreader's"}.get(name, "default")  # fmt: skip
        else:
            shown_value = str(value).lower() if isinstance(value, bool) else str(value)
        line = Text(f"  {key:<14}", "dim")
        line.append(shown(shown_value), "" if value == defaults[name] else "bold")
        console.print(line, overflow="fold")


def register(command: Command) -> None:
    source = command("source", lambda ctx, args: (args.source_parser.print_help(), 2)[1],
                     "one source's own settings: title, refresh interval, articles kept, user agent, "
                     "headers, full text, enabled")  # fmt: skip
    source.set_defaults(source_parser=source)
    subs = source.add_subparsers(dest="source_command", metavar="ACTION")
    keys = ", ".join(KEYS)
    setting = subs.add_parser(
        "set",
        help="change a source's settings (KEY= resets one): " + keys,
        description="Change a source's settings, all or nothing. KEY=VALUE, KEY= resets it to its default. "
        "title=TEXT, interval=30m|2h|1d|1w, max_articles=N (0: any number), user_agent=TEXT, "
        "header='Name: value' (header='Name:' drops it, header= drops all), full_text=true|false, enabled=true|false.",
    )
    setting.set_defaults(handler=cmd_source_set)
    setting.add_argument("source", metavar="ID", help="the source's id, address, path or whole title")
    setting.add_argument("settings", nargs="+", metavar="KEY=VALUE")
    showing = subs.add_parser("show", help="a source's settings")
    showing.set_defaults(handler=cmd_source_show)
    showing.add_argument("source", metavar="ID", help="the source's id, address, path or whole title")
    showing.add_argument("--json", action="store_true", help="print one JSON document on stdout")


__all__ = ["cmd_source_set", "cmd_source_show", "register"]
