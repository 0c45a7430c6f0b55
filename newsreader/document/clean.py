"""One sanitiser for all text from outside, applied once, at the door.

Feeds, files and web pages are written by strangers and shown in a terminal
that obeys escape sequences. Everything they give us passes through here
where it enters: escape sequences and control characters go, bidirectional
overrides and zero-width junk go, whitespace is normalised.

The rule: inside the core, text is already clean. The doors, where outside
text becomes a model, are:

- feeds: ``sources.entries`` (an entry's title, author, id and addresses, in
  the one pass that makes its article), ``sources.jsonfeed``; ``sources.opml``;
- files and pages: the ``document`` readers (HTML, Markdown, plain text, the
  article format; a stored document is read back through them too),
  ``sources.files`` and ``refresh.files`` (a file's name as its title);
- sync servers: ``sync.items``, ``sync.steps`` (subscriptions, folders, labels),
  ``sync.login``; newsboat's files: ``imports``;
- what a person types or configures: ``source_settings``, ``config`` (the
  theme and key names it shows back), the CLI's titles, tags and queries, the
  app's dialogs (an address to add, tags, a view's name);
- messages built from outside words: ``OneLineError`` below (``FeedError``,
  ``FetchError``, ``SourceError``, ``ExtractError``, ``SyncError``,
  ``LibraryError``, ``ConfigError``) and ``refresh.results.one_line``;
  a program's output: ``notify``, ``sync.password``;
- the store's writes: what it is handed to keep (a title, a folder, an error,
  a tag, a view's name, an id) is kept clean (``store.sources.one_line``,
  ``store.organize.clean_tag``, ``store.identity``); a store written before its
  doors cleaned is cleaned once when it is opened (``store.old_text``). A
  source's address is kept exactly (it is how a file is found); its ``name``
  on screen is the address made one clean line.

Past a door nothing cleans again: the renderers, the UI and the CLI show what
the core hands them. The one guard left at the terminal's edge is
``edge_guard`` (``error_line`` for exceptions): an exception's words come from
Python or the OS (a path, an environment variable, a program's output), which
no door has seen.
"""

from __future__ import annotations

import re
import unicodedata

# ESC-introduced sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST),
# DCS/SOS/PM/APC (ESC P/X/^/_ ... ST), and two-character escapes (ESC x).
_ESCAPE_SEQUENCE = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]?                 # CSI
    | \x1b\][^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?   # OSC, ended by BEL or ST
    | \x1b[PX^_][^\x1b\x9c\n]*(?:\x1b\\|\x9c)?  # DCS, SOS, PM, APC
    | \x1b[ -/]*[0-~]?                        # other two-character escapes
    | \x9b[0-?]*[ -/]*[@-~]?                  # 8-bit CSI
    | [\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?  # 8-bit DCS/SOS/OSC/PM/APC
    """,
    re.VERBOSE,
)

# C0 except tab and newline, DEL, C1, and lone surrogates (unencodable in UTF-8).
_CONTROL_CHARS = r"\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff"
_CONTROL = re.compile(f"[{_CONTROL_CHARS}]")

# Bidi embeddings/overrides/isolates, and zero-width or invisible formatting
# characters that only serve to hide or reorder text. ZWJ (U+200D) is kept:
# emoji sequences and several scripts need it.
_INVISIBLE_CHARS = (
    "\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u206a-\u206f\ufeff\ufff9-\ufffb\u00ad\u180e"
)
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")

_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85]")

# Every match of the four expressions strip_controls applies starts with one of these
# (CR, NEL and the escape introducers are control characters): text without any of
# them is left as it is, as after the four substitutions.
_ACTED_ON = re.compile(f"[{_CONTROL_CHARS}\u2028\u2029{_INVISIBLE_CHARS}]")


def strip_controls(text: str) -> str:
    """Remove escape sequences, control characters and invisible formatting.

    Keeps newline and tab. Safe to call on text that is already clean.
    """
    if not text:
        return ""
    if text.isprintable():  # no control, format (bidi, zero-width) or separator character: nothing to do
        return text
    if _ACTED_ON.search(text) is None:  # only tabs, line feeds, unusual spaces: nothing to do either
        return text
    return _strip_found(text)


def _strip_found(text: str) -> str:
    """``strip_controls`` the long way: each of the four substitutions in turn."""
    text = _LINE_BREAKS.sub("\n", text)
    text = _ESCAPE_SEQUENCE.sub("", text)
    text = _CONTROL.sub("", text)
    text = _INVISIBLE.sub("", text)
    return text


def clean_inline(text: str) -> str:
    """Text for one line (a title, a name, a paragraph): controls out, whitespace folded."""
    text = strip_controls(text)
    text = unicodedata.normalize("NFC", text)
    return _SPACES.sub(" ", text.replace("\n", " ")).strip()


class OneLineError(Exception):
    """An error whose message is one clean line from the moment it is made: the door for
    messages built from outside words (a server's reason, a file's name, a parser's complaint).
    ``str(error)`` is fit to store and show as it is."""

    def __init__(self, message: object = "", *args: object) -> None:
        super().__init__(clean_inline(str(message)), *args)


def edge_guard(text: str) -> str:
    """The last guard at the terminal's edge: ``clean_inline`` for text that came through no door.

    Past the doors text is clean and nothing cleans it again. This guard stands only where
    text may not have come through one: an exception's words (``error_line``), and the few
    parts of the screen whose own tests hand them raw text (the refresh's progress, the
    breadcrumb, a failing source's note), so that a front end fed by anything else than
    the core still shows no control character.
    """
    return clean_inline(text)


def error_line(error: BaseException | None) -> str:
    """An exception's words on one clean line (its type's name when it says nothing).

    Python, the OS and libraries quote paths, commands and environment values that came
    through no door: every exception shown is shown through this (``edge_guard``).
    """
    return edge_guard(str(error)) or type(error).__name__


def clean_text(text: str) -> str:
    """Multi-line text: controls out, spaces folded within lines, line ends kept."""
    text = unicodedata.normalize("NFC", strip_controls(text))
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


def clean_preformatted(text: str) -> str:
    """Code and preformatted text: controls out, but indentation kept (tabs expanded)."""
    text = strip_controls(text).expandtabs(4)
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def is_clean(text: str) -> bool:
    """True when ``text`` holds nothing ``strip_controls`` would remove."""
    return strip_controls(text) == text.replace("\r\n", "\n")


# What json.dumps(ensure_ascii=False) leaves raw inside strings although a terminal may
# obey or reorder by it: DEL, C1 (U+0080-U+009F), bidi and invisible formatting, line
# separators, and lone surrogates (file names that are not UTF-8).
_JSON_UNSAFE = re.compile(
    "[\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff]"
)


def json_for_terminal(text: str) -> str:
    """JSON text with those characters written as \\uXXXX escapes: the same values, nothing a terminal obeys."""
    return _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
