"""The dialog for one source's own settings (``newsreader.source_settings``): every field is
checked by the core's parser when Save is pressed, a bad one is said under the fields and
focused, and nothing is kept until all are good. Returns the new settings, or None."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Static, TextArea

from newsreader.source_settings import SettingError, SourceSettings, as_fields, from_fields

# (key, label, hint shown as the empty field's placeholder)
TEXT_FIELDS = (
    ("title", "Title", "the feed's own"),
    ("interval", "Refresh every", "30m, 2h, 1d; empty: only when all are refreshed"),
    ("max_articles", "Articles kept", "empty: the config's limit; 0: any number"),
    ("user_agent", "User agent", "empty: newsreader's"),
)


class SourceSettingsScreen(ModalScreen[SourceSettings | None]):
    """Edit a source's settings; ``synced`` sources keep their title (their server names them)."""

    # Compact widgets (one line a field), so the whole dialog, buttons and all, fits 80x24.
    DEFAULT_CSS = """
    #settings-fields { height: auto; max-height: 12; }
    .settings-row { height: auto; }
    .settings-label { width: 15; }
    .settings-row Input { width: 1fr; }
    .settings-headers { margin-top: 1; }
    .settings-headers TextArea { width: 1fr; height: 3; }
    .settings-hint { padding-left: 15; }
    .settings-checks Checkbox { margin-right: 3; }
    #settings-error { color: $text-error; height: auto; margin-top: 1; }
    SourceSettingsScreen .-refused, SourceSettingsScreen .-refused:focus { background: $error 35%; }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="settings_cancel"),
        Binding("ctrl+s", "save", "Save", id="settings_save"),
    ]

    def __init__(self, name: str, settings: SourceSettings, *, synced: bool = False) -> None:
        super().__init__()
        self.source_name = name
        self.settings = settings
        self.synced = synced

    def compose(self):
        fields = as_fields(self.settings)
        with Vertical(id="settings-dialog", classes="dialog"):
            yield Static(Text(f"Settings of {self.source_name}"), classes="dialog-title", markup=False)
            with VerticalScroll(id="settings-fields"):
                for key, label, hint in TEXT_FIELDS:
                    with Horizontal(classes="settings-row"):
                        yield Label(Text(label), classes="settings-label", markup=False)
                        yield Input(value=fields[key], placeholder=hint, id=f"setting-{key}", compact=True,
                                    disabled=key == "title" and self.synced)  # fmt: skip
                with Horizontal(classes="settings-row settings-headers"):
                    yield Label(Text("Headers"), classes="settings-label", markup=False)
                    yield TextArea(fields["header"], id="setting-header", soft_wrap=False, show_line_numbers=False,
                                   compact=True)  # fmt: skip
                yield Static(Text("One header a line, Name: value."), classes="dialog-hint settings-hint", markup=False)
                with Horizontal(classes="settings-row settings-checks"):
                    yield Checkbox("Fetch the whole text of new articles", self.settings.full_text, id="setting-full_text",
                                   compact=True)  # fmt: skip
                    yield Checkbox("Enabled", self.settings.enabled, id="setting-enabled", compact=True)
            yield Static("", id="settings-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="settings-ok")
                yield Button("Cancel", id="settings-cancel")

    def on_mount(self) -> None:
        self.query_one("#setting-interval", Input).focus()

    def fields(self) -> dict[str, str]:
        """The form as the core's ``from_fields`` takes it."""
        values = {key: self.query_one(f"#setting-{key}", Input).value for key, _, _ in TEXT_FIELDS}
        if self.synced:
            values.pop("title")
        values["header"] = self.query_one("#setting-header", TextArea).text
        for key in ("full_text", "enabled"):
            values[key] = "true" if self.query_one(f"#setting-{key}", Checkbox).value else "false"
        return values

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.input.remove_class("-refused")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "settings-ok":
            self.action_save()
        else:
            self.dismiss(None)

    def action_save(self) -> None:
        for widget in self.query(".-refused"):
            widget.remove_class("-refused")
        try:
            settings = from_fields(self.settings, self.fields())
        except SettingError as error:
            self.query_one("#settings-error", Static).update(Text(f"✗ {error}"))
            field = self.query(f"#setting-{error.key}")
            if field:
                field.first().add_class("-refused")
                field.first().focus()
            return
        self.dismiss(settings)

    def action_cancel(self) -> None:
        self.dismiss(None)


__all__ = ["SourceSettingsScreen"]
