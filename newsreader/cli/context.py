"""What every command needs: the folders, the config, the store and the library service
(``Context``), the errors a command ends with, and finding a source by what the user typed."""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsreader.cli.output import say, shown
from newsreader.config import Config, load_config
from newsreader.paths import Paths, resolve_paths
from newsreader.query import QueryError

if TYPE_CHECKING:
    from newsreader.library import Library

Handler = Callable[["Context", argparse.Namespace], int]
# ``command(name, handler, help, json_flag=False)``: adds a subcommand and returns its parser
# (``main.build_parser`` hands it to each group's ``register``).
Command = Callable[..., argparse.ArgumentParser]


class CommandError(Exception):
    """A command that failed in an expected way: its message is shown, exit 1."""


class BadQuery(Exception):
    """A query the language cannot read: its message and a pointer are shown, exit 2."""


class Context:
    """What every command needs: the folders, the config, and (when first used) the library
    service on the store."""

    def __init__(self, home: str | None):
        self.paths: Paths = resolve_paths(home)
        self.config: Config = load_config(self.paths.config)
        self._store: Any = None
        self._library: Library | None = None

    @property
    def library(self) -> Library:
        """The core service every command goes through, on the store (opened when first used)."""
        if self._library is None:
            # put off: the store's modules (sqlite3 and the schema) are most of what ``--help`` would
            # import, and the service's module is ~4 ms of the ~60 ms ``--version`` spends importing
            from newsreader.library import Library
            from newsreader.store import Store

            try:
                self.paths.ensure()
            except OSError as error:
                raise CommandError(f"cannot create {self.paths.data_dir}: {error.strerror or error}") from None
            self._store = Store(self.paths.store)
            self._library = Library(self._store, self.config)
        return self._library

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


def is_url(spec: str) -> bool:
    return "://" in spec


def find_source_id(library: Library, name: str, *, exact: bool = False) -> int:
    """A source by id, exact address (a path may be given as the user types it), or title
    (case-insensitive). Without ``exact`` a title may also be given in part, when only one
    source's title holds it; with it (to remove or rename) a part only names the candidates.
    Unknown or ambiguous: CommandError naming what matched."""
    return find_source(library, name, exact=exact).id


def find_source(library: Library, name: str, *, exact: bool = False) -> Any:
    sources = library.sources.all()
    for source in sources:
        if name == str(source.id) or name == source.address:
            return source
    if not is_url(name):
        try:
            path = str(Path(name).expanduser().resolve())
        except (OSError, RuntimeError, ValueError):
            path = None
        for source in sources:
            if source.kind != "feed" and path == source.address:
                return source
    folded = name.strip().casefold()
    matches = [s for s in sources if (s.title or "").casefold() == folded]
    if len(matches) == 1:
        return matches[0]
    partial = not matches
    if partial:
        matches = [s for s in sources if folded and folded in (s.title or s.address).casefold()]
        if len(matches) == 1 and not exact:
            return matches[0]
    names = ", ".join(f"{s.id}: {shown(s.name)}" for s in matches[:5])
    more = f" and {len(matches) - 5} more" if len(matches) > 5 else ""
    if not matches:
        raise CommandError(f"no source named {shown(name)!r} (see: newsreader sources)")
    if partial and exact:
        raise CommandError(
            f"no source named {shown(name)!r}; did you mean {names}{more}? Give its id, address or whole title"
        )
    raise CommandError(f"{shown(name)!r} matches several sources ({names}{more}); give its id")


def article_id_arg(ctx: Context, article_id: str) -> str:
    if ctx.library.articles.article(article_id) is None:
        raise CommandError(f"no article with id {article_id!r} (see: newsreader list)")
    return article_id


def compiled_query(ctx: Context, text: str) -> Any:
    """``text`` compiled for the store; BadQuery (shown with a pointer) when malformed."""
    try:
        return ctx.library.views.compile(text)
    except QueryError as error:
        raise BadQuery(f"bad query: {error}\n{error.pointer(text)}") from None


def run_with_cancel(work: Callable[[threading.Event], Any]) -> Any:
    """Run ``work(cancel)``; Ctrl+C sets ``cancel`` and waits for a clean stop."""
    cancel = threading.Event()
    try:
        return work(cancel)
    except KeyboardInterrupt:
        cancel.set()
        raise


def write_output(text: str, output: str | None) -> None:
    """To stdout, or atomically to a file (temp file, then rename)."""
    if not output:
        sys.stdout.write(text)
        return
    target = Path(output).expanduser()
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        tmp.write_text(text, "utf-8")
        tmp.replace(target)
    except OSError as error:
        tmp.unlink(missing_ok=True)
        raise CommandError(f"cannot write {target}: {error.strerror or error}") from None
    say(f"wrote {target}")


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value}")
    return value
