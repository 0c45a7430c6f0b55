"""Small screens: add, remove or rename a source, confirm opening a web address, the list of keys."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static


class AddSourceScreen(ModalScreen[str | None]):
    """Ask for a feed URL, a web page, a file or a folder; returns what was typed."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog_cancel")]

    def compose(self):
        with Vertical(id="add-dialog", classes="dialog"):
            yield Static(Text("Add a source"), classes="dialog-title", markup=False)
            yield Static(
                Text("A feed URL, a web page (its feed is found), a feed or article file, or a folder."),
                classes="dialog-hint",
                markup=False,
            )
            yield Input(placeholder="https://example.org/feed.xml or ~/articles", id="add-input")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Add", variant="primary", id="add-ok")
                yield Button("Cancel", id="add-cancel")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._finish(event.value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "add-ok":
            self._finish(self.query_one(Input).value)
        else:
            self.dismiss(None)

    def _finish(self, value: str) -> None:
        self.dismiss(value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmRemoveScreen(ModalScreen[bool]):
    """Ask before unsubscribing: the source's name, what goes and what stays."""

    BINDINGS = [
        Binding("y", "answer(True)", "Remove", id="remove_yes"),
        Binding("n,escape", "answer(False)", "Cancel", id="remove_no"),
    ]

    def __init__(self, name: str, articles: int, *, view: bool = False) -> None:
        super().__init__()
        self.source_name = name
        self.articles = articles
        self.view = view  # a saved view: only its name and query go

    def compose(self):
        count = f"{self.articles} article{'' if self.articles == 1 else 's'}"
        with Vertical(id="remove-dialog", classes="dialog"):
            yield Static(
                Text("Remove this saved view?" if self.view else "Remove this source?"),
                classes="dialog-title",
                markup=False,
            )
            yield Static(Text(self.source_name, style="bold"), id="remove-name", markup=False)
            yield Static(
                Text(
                    "Only the view goes; its articles stay where they are."
                    if self.view
                    else f"Its {count} go; bookmarked ones stay, whole, in Bookmarks."
                ),
                classes="dialog-hint",
                markup=False,
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Remove (y)", variant="error", id="remove-ok")
                yield Button("Cancel (n)", id="remove-cancel")

    def on_mount(self) -> None:
        self.query_one("#remove-cancel", Button).focus()  # Enter alone never removes

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "remove-ok")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class RenameSourceScreen(ModalScreen[str | None]):
    """Ask for a source's new title (its current one filled in); returns it, or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="rename_cancel")]

    def __init__(self, title: str) -> None:
        super().__init__()
        self.current = title

    def compose(self):
        with Vertical(id="rename-dialog", classes="dialog"):
            yield Static(Text("Rename the source"), classes="dialog-title", markup=False)
            yield Static(
                Text("A title of your own: refreshing the source keeps it."), classes="dialog-hint", markup=False
            )
            yield Input(value=self.current, id="rename-input")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Rename", variant="primary", id="rename-ok")
                yield Button("Cancel", id="rename-cancel")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._finish(event.value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "rename-ok":
            self._finish(self.query_one(Input).value)
        else:
            self.dismiss(None)

    def _finish(self, value: str) -> None:
        value = value.strip()
        self.dismiss(value if value and value != self.current else None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmOpenScreen(ModalScreen[bool]):
    """Show the web address in full and ask before handing it to a browser."""

    BINDINGS = [
        Binding("y", "answer(True)", "Open", id="confirm_yes"),
        Binding("n,escape", "answer(False)", "Cancel", id="confirm_no"),
    ]

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url

    def compose(self):
        with Vertical(id="confirm-dialog", classes="dialog"):
            yield Static(Text("Open this address in the browser?"), classes="dialog-title", markup=False)
            yield Static(Text(self.url), id="confirm-url", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Open (y)", variant="primary", id="confirm-open")
                yield Button("Cancel (n)", id="confirm-cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-open")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class HelpScreen(ModalScreen[None]):
    """Every key, grouped by where it works."""

    BINDINGS = [Binding("escape,q,question_mark", "close", "Close", id="help_close")]

    def __init__(self, sections: list[tuple[str, list[tuple[str, str]]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self):
        with Vertical(id="help-dialog", classes="dialog"):
            yield Static(Text("Keys"), classes="dialog-title", markup=False)
            with VerticalScroll(id="help-body"):
                yield Static(self._table(), markup=False)
            yield Static(
                Text("Esc closes · Ctrl+P finds commands, sources and articles"), classes="dialog-hint", markup=False
            )

    def _table(self) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(no_wrap=True, style="bold")
        table.add_column()
        for title, rows in self.sections:
            table.add_row(Text(title, style="underline"), Text(""))
            for keys, description in rows:
                table.add_row(Text(keys), Text(description))
            table.add_row(Text(""), Text(""))
        return table

    def action_close(self) -> None:
        self.dismiss(None)


class NameViewScreen(ModalScreen[str | None]):
    """Ask for a saved view's name; returns it (None when cancelled)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog_cancel")]

    def __init__(self, query: str) -> None:
        super().__init__()
        self.query_text = query

    def compose(self):
        with Vertical(id="name-view-dialog", classes="dialog"):
            yield Static(Text("Save as a view"), classes="dialog-title", markup=False)
            yield Static(Text(self.query_text), classes="dialog-hint", markup=False)
            yield Input(placeholder="A name for the view", id="name-view-input")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
