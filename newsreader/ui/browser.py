"""What only the app adds to opening a web address: a reason fit for a notification,
and noticing that no graphical browser can be started from this terminal.

The address check and the opening itself are the core's (``newsreader.links``):
one rule for the CLI, the app and the tests.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

from newsreader.links import UnsafeLink, safe_browser_url


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


def no_browser_reason(open_command: str = "", environ: Mapping[str, str] | None = None,
                      platform: str | None = None) -> str | None:
    """Why no browser can be started from here, or None.

    On Linux without a display, Python's webbrowser would run a text-mode
    browser in the terminal the app is drawing on; say so instead.
    """
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if open_command.strip() or not platform.startswith("linux"):
        return None
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY") or environ.get("BROWSER"):
        return None
    return "No graphical browser here: press y to copy the address, or set reader.open_command."
