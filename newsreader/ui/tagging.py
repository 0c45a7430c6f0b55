"""Tags from the app: ``#`` edits the tags of the source chosen in the sources pane, or of
the article under the cursor. The dialog shows the current tags; what is submitted is the
new set (a tag left out is taken off; a source's folder is one of its tags)."""

from __future__ import annotations

import re

from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from newsreader.document.clean import clean_inline


def split_tags(text: str) -> list[str]:
    """Tags typed in one line: separated by commas (spaces inside a tag are kept)."""
    names: list[str] = []
    for part in re.split(r",", text):
        name = clean_inline(part).strip()
        if name and name.casefold() not in (n.casefold() for n in names):
            names.append(name)
    return names


class TagScreen(ModalScreen[list[str] | None]):
    """Edit a set of tags; returns the new set (None when cancelled)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog_cancel")]

    def __init__(self, what: str, tags: list[str]) -> None:
        super().__init__()
        self.what = what
        self.tags = tags

    def compose(self):
        with Vertical(id="tag-dialog", classes="dialog"):
            yield Static(Text(f"Tags of {self.what}"), classes="dialog-title", markup=False)
            yield Static(Text("Separate tags with commas; clear one to take it off."), classes="dialog-hint",
                         markup=False)
            yield Input(value=", ".join(self.tags), placeholder="news, to read", id="tag-input")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(split_tags(event.value))

    def action_cancel(self) -> None:
        self.dismiss(None)


class TaggingActions:
    """``#`` on the main screen."""

    def action_tag(self) -> None:
        store = self.app.store  # type: ignore[attr-defined]
        key = self.sources_pane.focused_key() or ""  # type: ignore[attr-defined]
        if key.startswith("source:"):
            source = store.get_source(int(key.split(":", 1)[1]))
            if source is None:
                return
            current = store.tags_of_source(source.id)

            def edited_source(tags: list[str] | None) -> None:
                if tags is None:
                    return
                store.untag_source(source.id, [t for t in current if t.casefold() not in {n.casefold() for n in tags}])
                store.tag_source(source.id, tags)
                self.update_counts()  # type: ignore[attr-defined]
                self.notify(f"Tags of {clean_inline(source.name)}: {', '.join(tags) or 'none'}", markup=False)  # type: ignore[attr-defined]

            self.app.push_screen(TagScreen(clean_inline(source.name), current), edited_source)  # type: ignore[attr-defined]
            return
        highlighted = self.headlines.highlighted  # type: ignore[attr-defined]
        if highlighted is None:
            self.notify("No article to tag.", markup=False)  # type: ignore[attr-defined]
            return
        article_id = highlighted.id
        current = store.tags_of_article(article_id)

        def edited_article(tags: list[str] | None) -> None:
            if tags is None:
                return
            store.untag_articles([article_id], [t for t in current if t.casefold() not in {n.casefold() for n in tags}])
            store.tag_articles([article_id], tags)
            self.notify(f"Tags: {', '.join(tags) or 'none'}", markup=False)  # type: ignore[attr-defined]

        self.app.push_screen(TagScreen(clean_inline(highlighted.title) or "the article", current), edited_article)  # type: ignore[attr-defined]
