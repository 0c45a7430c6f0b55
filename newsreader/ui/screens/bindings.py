"""The main screen's keys, and which of them its footer shows for the pane that has focus.

The keys live on the screen (not on a pane) because they work from every pane: ``m`` marks
the open article read from the headline list too, and ``1``…``9`` follow its links.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from rich.cells import cell_len
from textual.binding import ActiveBinding, Binding, BindingType

NARROW_WIDTH = 100
MEDIUM_WIDTH = 140  # below this the sources pane waits behind `s`, so the article keeps room

# What the footer shows, by the pane that has focus, in this order: the keys that apply there
# and can be used now (every other key still works; `?` lists them all). Each set, all of it
# usable at once, fits the compact footer of an 80-column terminal beside the palette's key.
FOOTER_KEYS = {
    "list": (
        "open",
        "toggle_read",
        "undo",
        "toggle_bookmark",
        "search",
        "refresh_all",
        "toggle_sources",
        "help",
        "quit",
    ),
    "article": ("show_list", "follow_link", "next_article", "back", "toggle_bookmark", "toggle_feed_text", "help"),
    "sources": (
        "show_list",
        "refresh",
        "add_source",
        "remove_source",
        "rename_source",
        "toggle_sources",
        "help",
        "quit",
    ),
}

# Shorter names where the pane says the rest: in the sources pane every key acts on a source.
FOOTER_LABELS = {"sources": {"refresh": "Refresh", "add_source": "Add"}}
READ_LABEL = "Unread"  # "m" on a read article: as short as "Read", so the footer keeps its fit
KEPT_LABEL = "Unbookmark"  # "b" on a kept article (★): the word of the `unbookmark` command and of "Bookmark removed."
# Left out first, in this order, when the footer's keys would not fit the width (a longer label,
# keys of the user's own): what every reader knows without being told.
FOOTER_SPARE = ("open", "show_list", "next_article", "back")

MAIN_BINDINGS: list[BindingType] = [
    Binding("escape", "show_list", "List", id="show_list", tooltip="Back to the headline list"),
    Binding("question_mark", "app.show_keys", "Help", id="help", tooltip="This list of keys"),
    Binding("n", "next_article", "Next", id="next_article", tooltip="Next article"),
    Binding("p", "previous_article", "Prev", id="previous_article", tooltip="Previous article"),
    Binding("slash", "search", "Search", id="search", tooltip="Search the library as you type"),
    Binding("backspace,alt+left", "back", "Back", id="back", tooltip="Back to the article read before"),
    Binding("alt+right", "forward", "Forward", id="forward", tooltip="Forward again"),
    Binding("N", "next_unread", "Next unread", id="next_unread", tooltip="Next unread article"),
    Binding(
        "b", "toggle_bookmark", "Bookmark", id="toggle_bookmark", tooltip="Keep the article (or drop the bookmark)"
    ),
    Binding(
        "t",
        "toggle_feed_text",
        "Whole/feed",
        id="toggle_feed_text",
        tooltip="Switch between an article's whole text (kept, or fetched with f) and the feed's own text",
    ),
    Binding(
        "f",
        "fulltext",
        "Full text",
        show=False,
        id="fulltext",
        tooltip="Fetch the article's page and show its whole text in place of the feed's",
    ),
    Binding("m", "toggle_read", "Read", id="toggle_read", tooltip="Mark the article read or unread"),
    Binding(
        "T",
        "story",
        "Story",
        show=False,
        id="story",
        tooltip="The story line: the articles linked to and from this one, in date order",
    ),
    Binding(
        "A",
        "mark_all_read",
        "Mark all read",
        show=False,
        id="mark_all_read",
        tooltip="Mark every article in the view read",
    ),
    Binding("u", "undo", "Undo", id="undo", tooltip="Unread again what the last mark-all-read marked"),
    Binding("B", "bookmarks", "Bookmarks", show=False, id="bookmarks", tooltip="Show the bookmarks"),
    Binding(
        "number_sign",
        "tag",
        "Tags",
        show=False,
        id="tag",
        tooltip="Tag the article, or the source chosen in the sources pane",
    ),
    Binding("r", "refresh", "Refresh source", id="refresh", tooltip="Refresh the selected source"),
    Binding("R", "refresh_all", "Refresh", id="refresh_all", tooltip="Refresh every source"),
    Binding("a", "add_source", "Add source", id="add_source", tooltip="Add a feed, a web page, a file or a folder"),
    Binding(
        "o",
        "open_in_browser",
        "Browser",
        show=False,
        id="open_in_browser",
        tooltip="Open the focused link, else the article, in the browser (asks first)",
    ),
    Binding(
        "y",
        "copy_address",
        "Copy URL",
        show=False,
        id="copy_address",
        tooltip="Copy the focused link's address, else the article's",
    ),
    Binding("s", "toggle_sources", "Sources", id="toggle_sources", tooltip="Show or hide the sources pane"),
    Binding("q", "app.quit", "Quit", id="quit", tooltip="Quit"),
    *[
        Binding(
            str(n),
            f"follow_number({n})",
            "Follow link n",
            id=f"follow_{n}",
            group=Binding.Group("Link", compact=True),
            show=False,
        )
        for n in range(1, 10)
    ],
]


def footer_bindings(
    bindings: dict[str, ActiveBinding],
    pane: str,
    *,
    kept: bool,
    read: bool,
    width: int,
    compact: bool,
    key_display: Callable[[Binding], str],
) -> dict[str, ActiveBinding]:
    """The bindings as the footer sees them: only those of ``FOOTER_KEYS[pane]`` that can be
    used now are shown, first and in that order (the rest stay active, unshown). ``kept`` and
    ``read``: the article the keys act on is kept, or read (``b`` and ``m`` then say they undo)."""
    wanted = FOOTER_KEYS[pane]
    shown = {
        key: active
        for key, active in bindings.items()
        if active.binding.show and active.enabled and active.binding.id in wanted
    }
    labels = FOOTER_LABELS.get(pane, {})
    if kept:  # "b" on a kept article drops the bookmark: say so
        labels = {**labels, "toggle_bookmark": KEPT_LABEL}
    if read:  # "m" on a read article marks it unread
        labels = {**labels, "toggle_read": READ_LABEL}
    shown = {
        key: active._replace(binding=replace(active.binding, description=labels[active.binding.id]))
        if active.binding.id in labels
        else active
        for key, active in shown.items()
    }
    ordered = sorted(shown.items(), key=lambda item: wanted.index(item[1].binding.id or ""))
    ordered = _fitting(ordered, width, compact, key_display)
    shown = dict(ordered)
    unshown = {
        key: active._replace(binding=replace(active.binding, show=False)) if active.binding.show else active
        for key, active in bindings.items()
        if key not in shown
    }
    return {**shown, **unshown}


def _fitting(
    ordered: list[tuple[str, ActiveBinding]], room: int, compact: bool, key_display: Callable[[Binding], str]
) -> list[tuple[str, ActiveBinding]]:
    """``ordered`` without the spare keys (``FOOTER_SPARE``) the footer has no room for:
    a footer too wide for the terminal loses its last keys (Quit, Help) at the edge."""

    def width(items: list[tuple[str, ActiveBinding]]) -> int:
        first: dict[str, Binding] = {}  # the footer shows one key per action (Backspace, not Alt+← too)
        for _, active in items:
            first.setdefault(active.binding.action, active.binding)
        keys = sum(
            cell_len(key_display(binding)) + cell_len(binding.description) + (2 if compact else 3)
            for binding in first.values()
        )
        return keys + (12 if compact else 14)  # the palette's key: "▏^p palette "

    for spare in FOOTER_SPARE:
        if width(ordered) <= room:
            break
        ordered = [item for item in ordered if item[1].binding.id != spare]
    return ordered
