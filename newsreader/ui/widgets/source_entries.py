"""The entries of the sources pane: All, Unread, Bookmarks, each source grouped by its tags
(folders are tags) and by sync account, then the saved views.

Each entry is an ``Option`` whose id is the key of the view it shows ("source:3", "tag:news",
"view:Later"); a source listed under a second tag has "#tag" after its key. Kept apart from
the pane's widget: what the entries are does not depend on how the pane shows progress or errors.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING
from urllib.parse import unquote

from rich.style import Style
from rich.text import Text
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from newsreader.store import SavedView, Source

SAVED_VIEWS = (("all", "All"), ("unread", "Unread"), ("bookmarks", "Bookmarks"))


StyleOf = Callable[[str], Style]


LABEL_WIDTH = 25  # cells for a name and its count: the pane is 28 wide with its border


def _entry(styles: StyleOf, label: str, unread: int | None, *, indent: int = 0, folder: bool = False) -> Text:
    """One line, always: long names are cut with an ellipsis so the count stays visible."""
    count = f" {unread}" if unread else ""
    name = Text(label, styles("sources--folder") if folder else Style())
    name.truncate(max(4, LABEL_WIDTH - indent - len(count)), overflow="ellipsis")
    text = Text(" " * indent, no_wrap=True)
    text.append_text(name)
    if count:
        text.append(count, styles("sources--count"))
    return text


def view_key(option_id: str | None) -> str | None:
    """The view an entry shows: a source listed under a second tag has "#tag" after its key."""
    return option_id.split("#", 1)[0] if option_id and option_id.startswith("source:") else option_id


def source_label(source: Source) -> str:
    return source.name


def entries(
    sources: list[Source],
    unread_total: int,
    bookmarks: int,
    styles: StyleOf,
    views: Sequence[tuple[SavedView, int | None]] = (),
    tags: dict[int, list[str]] | None = None,
) -> list[Option]:
    """The options of the pane, in order; option ids are view keys.

    Sources are grouped by their tags (a folder is one), a source with several
    under each; then the saved views, each with its unread count.
    """
    options = [
        Option(_entry(styles, "All", unread_total), id="all"),
        Option(_entry(styles, "Unread", unread_total), id="unread"),
        Option(_entry(styles, f"Bookmarks ({bookmarks})" if bookmarks else "Bookmarks", None), id="bookmarks"),
    ]
    tags = tags if tags is not None else {s.id: [s.folder] for s in sources if s.folder}
    accounts: dict[str, list[Source]] = {}
    for source in sources:
        if source.kind == "synced":
            accounts.setdefault(account_name(source), []).append(source)
    options.extend(_grouped(styles, [s for s in sources if s.kind != "synced"], tags, 0))
    for name in sorted(accounts, key=str.casefold):  # each sync account, its folders under it
        members = accounts[name]
        heading = _entry(styles, f"⇅ {name}", sum(s.unread_count for s in members), folder=True)
        options.append(Option(heading, id=f"account:{name}", disabled=True))
        options.extend(_grouped(styles, members, tags, 2))
    if views:
        options.append(Option(Text("Views", styles("sources--folder")), id="views-heading", disabled=True))
        for saved, unread in views:
            label = saved.name if unread is not None else f"{saved.name} (?)"
            options.append(Option(_entry(styles, label, unread, indent=2), id=f"view:{saved.name}"))
    return options


def account_name(source: Source) -> str:
    """The sync account of a synced source, from its address (sync://ACCOUNT/FEED)."""
    return unquote(source.address.removeprefix("sync://").split("/", 1)[0])


def _grouped(styles: StyleOf, sources: list[Source], tags: dict[int, list[str]], indent: int) -> list[Option]:
    """Sources without a tag, then each tag with its sources (a source with several under each)."""
    options = []
    loose = [s for s in sources if not tags.get(s.id)]
    groups: dict[str, list[Source]] = {}
    spelled: dict[str, str] = {}
    for source in sources:
        for tag in tags.get(source.id, []):
            spelled.setdefault(tag.casefold(), tag)
            groups.setdefault(tag.casefold(), []).append(source)
    for source in sorted(loose, key=lambda s: source_label(s).casefold()):
        options.append(Option(_source_text(styles, source, indent), id=f"source:{source.id}"))
    listed: set[int] = set()
    for folded in sorted(groups):
        members, name = groups[folded], spelled[folded]
        unread = sum(s.unread_count for s in members)
        heading = _entry(styles, f"▾ {name}", unread, indent=indent, folder=True)
        # A group that is exactly a folder pages by the folder's own index.
        key = f"folder:{name}" if all(s.folder == name for s in members) else f"tag:{name}"
        options.append(Option(heading, id=key))
        for source in sorted(members, key=lambda s: source_label(s).casefold()):
            # A source under several tags: the same view, each entry an id of its own.
            entry_id = f"source:{source.id}" if source.id not in listed else f"source:{source.id}#{folded}"
            listed.add(source.id)
            options.append(Option(_source_text(styles, source, indent + 2), id=entry_id))
    return options


def _source_text(styles: StyleOf, source: Source, indent: int) -> Text:
    text = _entry(styles, source_label(source), source.unread_count, indent=indent)
    if source.last_status == "error":
        text.append(" !", styles("sources--error-mark"))
    if not source.enabled:  # its settings leave it out of refreshes
        text.append(" off", styles("sources--count"))
    return text
