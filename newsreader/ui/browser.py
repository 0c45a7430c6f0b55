"""What only the app adds to opening a web address: a reason fit for a notification,
noticing that no graphical browser can be started from this terminal, and then
choosing a browser that runs in the terminal instead.

The address check and the opening itself are the core's (``newsreader.links``):
one rule for the CLI, the app and the tests.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from collections.abc import Callable, Mapping

from newsreader.links import UnsafeLink, safe_browser_url

TERMINAL_BROWSERS = ("w3m", "lynx", "elinks")  # tried in this order when $BROWSER names none


def refusal(url: str | None) -> str | None:
    """Why ``url`` must not be opened (one line, for a notification), or None when it may."""
    if not url:
        return "This article has no web address."
    try:
        safe_browser_url(url)
    except UnsafeLink as error:
        reason = str(error)
        return reason[:1].upper() + reason[1:] + "."
    return None


def no_display(open_command: str = "", environ: Mapping[str, str] | None = None, platform: str | None = None) -> bool:
    """Whether a graphical browser cannot be started from here: Linux without $DISPLAY or
    $WAYLAND_DISPLAY, and no ``reader.open_command`` configured."""
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if open_command.strip() or not platform.startswith("linux"):
        return False
    return not (environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


def terminal_browser(
    environ: Mapping[str, str] | None = None, which: Callable[[str], str | None] = shutil.which
) -> list[str] | None:
    """The command of a browser that runs in this terminal: ``$BROWSER`` (its first entry that
    is installed; ``%s`` stands for the address), else the first of w3m, lynx and elinks that is
    installed; None when there is none."""
    environ = os.environ if environ is None else environ
    for entry in (environ.get("BROWSER") or "").split(os.pathsep):
        try:
            argv = shlex.split(entry)
        except ValueError:
            continue
        if argv and which(argv[0]):
            return argv
    for name in TERMINAL_BROWSERS:
        if which(name):
            return [name]
    return None


def terminal_argv(browser: list[str], url: str) -> list[str]:
    """``browser`` given the checked ``url``: in place of ``%s``, else as the last argument
    (one argument, never through a shell). Raises UnsafeLink."""
    url = safe_browser_url(url)
    if any("%s" in arg for arg in browser):
        return [arg.replace("%s", url) for arg in browser]
    return [*browser, url]


def no_browser_reason(
    open_command: str = "",
    environ: Mapping[str, str] | None = None,
    platform: str | None = None,
    which: Callable[[str], str | None] = shutil.which,
) -> str | None:
    """Why no browser at all can be started from here (no display and no terminal browser), or None."""
    if not no_display(open_command, environ, platform) or terminal_browser(environ, which):
        return None
    return "No browser here: no display, and no $BROWSER, w3m, lynx or elinks installed."
