"""Checking a web address before a browser is given it, and giving it safely.

Addresses come from feeds and pages written by strangers. A browser (or the
program configured to open links) must only ever receive an http, https or
mailto address, as one argument, never through a shell: no ``file:`` or
``javascript:``, nothing that reads as a command-line option, no spaces or
control characters that could split or disguise it.
"""

from __future__ import annotations

import shlex
import subprocess
import unicodedata
import webbrowser
from urllib.parse import urlsplit

OPENABLE_SCHEMES = ("http", "https", "mailto")


class UnsafeLink(ValueError):
    """An address that must not be opened; ``str(error)`` says why, in one line."""


def _hidden(char: str) -> bool:
    """Controls, invisible formatting (bidi overrides) and any kind of space or line break."""
    return char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs")


def safe_browser_url(url: str) -> str:
    """``url`` itself when a browser may be given it; raises UnsafeLink otherwise."""
    if not isinstance(url, str) or not url:
        raise UnsafeLink("refused: there is no address to open")
    if url.startswith("-"):
        raise UnsafeLink("refused: the address starts with '-' (it would be read as an option)")
    if any(_hidden(char) for char in url):
        raise UnsafeLink("refused: the address contains spaces, control or invisible characters")
    try:
        parts = urlsplit(url)
    except ValueError:
        raise UnsafeLink("refused: not a valid address") from None
    scheme = parts.scheme.lower()
    if scheme not in OPENABLE_SCHEMES:
        shown = f"{scheme}:" if scheme else "an address without a scheme"
        raise UnsafeLink(f"refused: only http, https and mailto addresses are opened, not {shown}")
    if scheme in ("http", "https") and not parts.hostname:
        raise UnsafeLink("refused: the address names no host")
    if scheme == "mailto" and not parts.path:
        raise UnsafeLink("refused: the mail address is empty")
    return url


def open_in_browser(url: str, command: str | None = None) -> list[str] | None:
    """Open a checked ``url``: with ``command`` (split like a shell would, but run without
    one, the address appended as the last argument) or the system browser.

    Returns the argv that was started (None for the system browser). Raises UnsafeLink.
    """
    url = safe_browser_url(url)
    if command and command.strip():
        argv = [*shlex.split(command), url]
        subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        return argv
    webbrowser.open(url)
    return None
