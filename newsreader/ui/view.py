"""Which list of headlines is shown: a value (``View``) rather than a string parsed in many places.

A view has a kind and, for some kinds, what it names: a source's id, a folder's, a tag's
or a saved view's name. Its text form ("all", "unread", "bookmarks", "source:12",
"folder:News", "tag:local", "view:Tram") is the id of its entry in the sources pane and what
the command palette and the tests pass; ``View.parse`` reads it back.
"""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("all", "unread", "bookmarks", "source", "folder", "tag", "view")
_NAMED = {"unread": "Unread", "bookmarks": "Bookmarks"}


@dataclass(frozen=True)
class View:
    """One entry of the sources pane: ``kind``, and the source ``id`` or the ``name`` it shows."""

    kind: str = "all"
    id: int | None = None  # the source of a "source" view
    name: str = ""  # the folder, tag or saved view

    @classmethod
    def parse(cls, text: str | None) -> View:
        """The view of an entry's text; anything unknown is All articles."""
        kind, _, rest = (text or "all").partition(":")
        if kind == "source" and rest.split("#", 1)[0].isdigit():  # "#tag": the source listed under a second tag
            return cls("source", id=int(rest.split("#", 1)[0]))
        if kind in ("folder", "tag", "view") and rest:
            return cls(kind, name=rest)
        if kind in ("unread", "bookmarks") and not rest:
            return cls(kind)
        return ALL

    def __str__(self) -> str:
        if self.kind == "source":
            return f"source:{self.id}"
        if self.kind in ("folder", "tag", "view"):
            return f"{self.kind}:{self.name}"
        return self.kind

    @classmethod
    def source(cls, source_id: int) -> View:
        return cls("source", id=source_id)

    def shows_source(self, source_id: int, folder: str | None) -> bool:
        """Whether this view is that source's own, or its folder's."""
        return (self.kind == "source" and self.id == source_id) or (self.kind == "folder" and self.name == folder)

    def label(self, source_title: str | None = None) -> str:
        """What the header calls the view (``source_title``: the source's own name, for a source)."""
        if self.kind == "source":
            return source_title if source_title is not None else "Source"
        if self.kind in ("folder", "tag", "view"):
            return f"{self.kind.capitalize()} {self.name}"
        return _NAMED.get(self.kind, "All articles")

    def empty_message(self, library_empty: bool) -> str:
        """What the headline list says when the view holds nothing."""
        if self.kind == "bookmarks":
            return "No bookmarks yet: b keeps an article."
        if self.kind == "unread":
            return "Nothing unread."
        if self.kind == "all" and library_empty:
            return "Your library is empty: press a to add a source (or run: newsreader add URL|FILE|FOLDER)."
        return "No articles here."


ALL = View()
UNREAD = View("unread")
BOOKMARKS = View("bookmarks")
