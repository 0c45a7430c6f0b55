"""What the commands print: JSON on stdout, messages on stderr, headlines one a line.

Text from outside (titles, addresses, a server's errors) goes through ``shown`` or ``say``:
one line, no control characters. Rich is imported inside the functions that draw with it:
it is a fifth of the start-up of ``newsreader --version`` (``python -X importtime``).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

from newsreader.document.clean import clean_inline, json_for_terminal, strip_controls


def print_json(data: Any) -> None:
    sys.stdout.write(json_for_terminal(json.dumps(data, ensure_ascii=False, indent=2)) + "\n")


def shown(text: str | None) -> str:
    """Outside text (a title, a file path, a server's error) fit for one terminal line."""
    return clean_inline((text or "").encode("utf-8", "replace").decode("utf-8"))


def say(message: str) -> None:
    """A message for the person at the terminal: always stderr, never the JSON stream.

    Messages quote file names and addresses, so controls are stripped here too."""
    sys.stderr.write(strip_controls(message.encode("utf-8", "replace").decode("utf-8")) + "\n")


def plural(count: int, word: str, words: str | None = None) -> str:
    """ "1 article", "2 articles": a count with its noun agreeing."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


def stdout_console() -> Any:
    from rich.console import Console

    return Console(highlight=False, markup=False, emoji=False, soft_wrap=False)


def print_line(console: Any, line: Any) -> None:
    """One line per item: cut to the terminal's width, or whole when piped."""
    if console.is_terminal:
        console.print(line, overflow="ellipsis", no_wrap=True)
    else:
        console.print(line, soft_wrap=True)


def headline_line(headline: Any) -> Any:
    from rich.text import Text

    line = Text()
    line.append(headline.id, "dim")
    line.append("  ")
    line.append("●" if not headline.read else " ", "bold cyan")
    line.append("★" if headline.bookmarked else " ", "yellow")
    line.append(f" {headline.date or '          '}  ", "dim")
    line.append(shown(headline.title) or "(untitled)", "bold" if not headline.read else "")
    outlet = shown(headline.source or headline.feed)
    if outlet:
        line.append(f"  — {outlet}", "dim")
    return line


def headlines_json(library: Any, headlines: Sequence[Any]) -> list[dict[str, Any]]:
    """Articles in a list as docs/cli.md shapes them, with the sync account that owns each (or null)."""
    owners = library.accounts.of_articles([h.id for h in headlines]) if library is not None else {}
    return [{**h.to_json(), "account": owners.get(h.id)} for h in headlines]


def print_headlines(headlines: Sequence[Any], as_json: bool, empty: str, library: Any = None) -> None:
    if as_json:
        print_json(headlines_json(library, headlines))
        return
    if not headlines:
        say(empty)
        return
    console = stdout_console()
    for headline in headlines:
        print_line(console, headline_line(headline))


def progress_reporter(
    enabled: bool, label: str = "refreshing"
) -> tuple[Callable[[Any], None] | None, Callable[[], None]]:
    """A progress bar on stderr when it is a terminal: (on_progress, stop)."""
    if not enabled or not sys.stderr.isatty():
        return None, lambda: None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    progress = Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        console=Console(stderr=True),
        transient=True,
    )
    task = progress.add_task("", total=None)
    progress.start()

    def on_progress(event: Any) -> None:
        progress.update(task, completed=event.done, total=event.total, description=(event.name or "")[:40])

    return on_progress, progress.stop
