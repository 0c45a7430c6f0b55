"""Handing an article's web address to a browser, safely.

Addresses come from feeds, so they are checked before anything runs: only
http and https, nothing that looks like a command-line option, no spaces or
control characters. The configured program gets the address as one argv
element; no shell ever sees it.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import webbrowser
from collections.abc import Mapping
from urllib.parse import urlsplit


def refusal(url: str | None) -> str | None:
    """Why ``url`` must not be opened, or None when it may."""
    if not url:
        return "This article has no web address."
    if url.startswith("-"):
        return "Refused: the address starts with '-'."
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return "Refused: the address contains spaces or control characters."
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        return f"Refused: only http and https addresses are opened, not {scheme or 'this'}:."
    if not urlsplit(url).netloc:
        return "Refused: the address names no host."
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


def open_in_browser(url: str, open_command: str = "") -> None:
    """Open a checked address with ``open_command`` (argv, no shell) or the system browser."""
    reason = refusal(url)
    if reason:
        raise ValueError(reason)
    if open_command.strip():
        argv = [*shlex.split(open_command), url]
        subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    else:
        webbrowser.open(url)
