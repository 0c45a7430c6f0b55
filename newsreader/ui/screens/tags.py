"""The tags dialog: ``#`` edits the tags of the source chosen in the sources pane, or of
the article under the cursor (``SourceActions.tag``). The dialog shows the current tags; what is submitted is the
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
            yield Static(
                Text("Separate tags with commas; clear one to take it off."), classes="dialog-hint", markup=False
            )
            yield Input(value=", ".join(self.tags), placeholder="news, to read", id="tag-input")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(split_tags(event.value))

    def action_cancel(self) -> None:
        self.dismiss(None)
