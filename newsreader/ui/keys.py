"""Every key of the app, by the part of it they belong to: what the help screen lists and
what a ``[keys]`` entry of the config may name."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode

from newsreader.ui.screens.main import MainScreen
from newsreader.ui.widgets.article import ArticleView
from newsreader.ui.widgets.headlines import HeadlineList
from newsreader.ui.widgets.sources import SourceList

FOLLOW_N = "Follow link n"
EXTRA_HELP = [
    ("esc", "Close a dialog; in search, go back where you were"),
    ("tab / shift+tab", "Next / previous pane or link"),
    ("ctrl+p", "Commands, sources, articles, themes"),
]


def help_groups() -> list[tuple[str, list[type[DOMNode]]]]:
    """The bindings shown by the help screen, by the part of the app they belong to."""
    from newsreader.ui.screens.search import SearchScreen  # not needed to paint the first screen
    from newsreader.ui.widgets.block_widgets import LinkedBlock, LinkLine

    return [
        ("Headline list", [HeadlineList]),
        ("Sources", [SourceList]),
        ("Reading", [MainScreen]),
        ("Article", [ArticleView, LinkedBlock, LinkLine]),
        ("Search", [SearchScreen]),
    ]


def known_actions(app: App[None]) -> set[str]:
    """The ids of every binding: the names a ``[keys]`` entry may use."""
    return {
        binding.id
        for _, classes in help_groups()
        for cls in (*classes, type(app))
        for binding in cls.BINDINGS
        if isinstance(binding, Binding) and binding.id
    }


def help_sections(app: App[None]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every binding with the keys in force (after ``config.keys``)."""
    sections = []
    for title, classes in help_groups():
        rows = []
        for cls in classes:
            for binding in cls.BINDINGS:
                if not isinstance(binding, Binding):
                    continue
                keys = app._keymap.get(binding.id, binding.key) if binding.id else binding.key
                shown = ", ".join(app.get_key_display(Binding(k.strip(), "")) for k in keys.split(","))
                rows.append((shown, binding.tooltip or binding.description))
        sections.append((title, _merge_number_rows(rows)))
    sections.append(("Everywhere", EXTRA_HELP))
    return sections


def _merge_number_rows(rows: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The nine "follow link n" bindings as one row."""
    numbered = [row for row in rows if row[1] == FOLLOW_N]
    others = [row for row in rows if row[1] != FOLLOW_N]
    if numbered:
        others.append((f"{numbered[0][0]} … {numbered[-1][0]}", "Follow the n-th link"))
    return others
