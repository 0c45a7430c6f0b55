"""The parser and ``main``: the command groups are registered here, in ``GROUPS``."""

from __future__ import annotations

import argparse
import sys

from newsreader import __version__
from newsreader.cli import (
    keeping,
    newsboat,
    reading,
    refreshing,
    showing,
    source_settings,
    sources,
    subscriptions,
    syncing,
    views,
)
from newsreader.cli.context import BadQuery, CommandError, Context, Handler
from newsreader.cli.output import say
from newsreader.config import ConfigError
from newsreader.paths import HOME_ENV

EXAMPLES = f"""\
examples:
  newsreader --demo                          open the app on the bundled demo library
  newsreader add https://example.org/feed.xml   subscribe to a feed and fetch it now
  newsreader add ~/Articles                  add a folder of article files (.txt .md .html)
  newsreader refresh                         fetch every source
  newsreader list --unread --limit 20        the 20 newest unread headlines
  newsreader show 3f2a9c01d4e5b6a7           read an article in the terminal
  newsreader show story.txt --json           parse a file without storing it
  newsreader search '"rent cap" tribunal'    full-text search, best match first
  newsreader list --query 'unread tag:tech newer:2d -source:ads'   the query language (README)
  newsreader story 3f2a9c01d4e5b6a7          the articles linked to it and from it, oldest first

The store lives under platformdirs' user folders, or under --home DIR / ${HOME_ENV}.
"""

# The command groups, in the order ``--help`` lists them. Each module has ``register(command)``,
# which adds its subcommands through ``command(name, handler, help, json_flag)``; a new group
# is a module with a ``register`` of its own, named here.
GROUPS = (subscriptions, refreshing, sources, source_settings, reading, showing, keeping, views, syncing, newsboat)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsreader",
        description="A terminal news reader: feeds and article files in, stories you can follow out.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"newsreader {__version__}")
    parser.add_argument("--home", metavar="DIR", help=f"keep data, config and cache under DIR (also ${HOME_ENV})")
    parser.add_argument(
        "--demo", action="store_true", help="open the app on the bundled demo library, in a temporary store"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, handler: Handler, help: str, json_flag: bool = False) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        sub.set_defaults(handler=handler)
        if json_flag:
            sub.add_argument("--json", action="store_true", help="print one JSON document on stdout")
        return sub

    for group in GROUPS:
        group.register(command)
    return parser


def cmd_app(ctx: Context, args: argparse.Namespace) -> int:
    # put off: ~2 ms (shutil, tempfile, signal) that every other command would pay
    from newsreader import launch

    if args.demo:
        return launch.run_demo(ctx.config)
    return launch.run_app(ctx.library, ctx.config, ctx.paths)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args.handler = cmd_app
    elif args.demo:
        parser.error("--demo opens the app; it takes no command")
    ctx: Context | None = None
    try:
        ctx = Context(args.home)
        return args.handler(ctx, args)
    except (CommandError, ConfigError) as error:
        say(f"newsreader: {error}")
        return 1
    except BadQuery as error:
        say(f"newsreader: {error}")
        return 2
    except KeyboardInterrupt:
        say("newsreader: interrupted")
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return 1
    except Exception as error:
        from newsreader.library import LibraryError  # put off with Context.library
        from newsreader.store import StoreError  # put off with the store (Context.library)

        if isinstance(error, (LibraryError, StoreError)):
            say(f"newsreader: {error}")
            return 1
        raise
    finally:
        if ctx is not None:
            ctx.close()
