"""The first screen on an empty store: how to add a source, or load the demo."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

WELCOME = """\
Your library is empty.

Add a source from the command line:
    newsreader add URL|FILE|FOLDER
a feed URL, a web page (its feed is found), a feed file, an article file
or a folder of them. Or press  a  here to add one.

Or load the demo library: a few invented stories that link to each other."""


class WelcomeScreen(Screen[str]):
    """Dismissed with "add", "demo" or "skip"."""

    BINDINGS = [
        Binding("a", "choose('add')", "Add a source", id="welcome_add"),
        Binding("d", "choose('demo')", "Load the demo", id="welcome_demo"),
        Binding("escape", "choose('skip')", "Close", id="welcome_close"),
        Binding("q", "app.quit", "Quit", id="welcome_quit"),
    ]

    def __init__(self, can_load_demo: bool) -> None:
        super().__init__()
        self.can_load_demo = can_load_demo

    def compose(self):
        with Center(), Vertical(id="welcome-box", classes="dialog"):
            yield Static(Text("Welcome to newsreader"), classes="dialog-title", markup=False)
            yield Static(Text(WELCOME), markup=False, id="welcome-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Add a source (a)", variant="primary", id="welcome-add")
                if self.can_load_demo:
                    yield Button("Load the demo (d)", id="welcome-demo")
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose" and parameters == ("demo",):
            return self.can_load_demo
        return True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss("add" if event.button.id == "welcome-add" else "demo")

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)
