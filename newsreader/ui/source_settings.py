"""The main screen's side of per-source settings: the edit dialog (``S`` in the sources pane)
and the background refresh of due sources.

Every ``DUE_CHECK_SECONDS`` (the app's ``due_check_seconds`` when it has one) a worker asks
the library which sources' own ``interval`` has passed (by the app's clock); when some
have and no refresh is running, they are refreshed as ``r`` would, in a worker. Nothing of
it runs on the event loop but the timer's tick.
"""

from __future__ import annotations

from typing import Any

from textual.message import Message
from textual.timer import Timer

from newsreader.document.clean import clean_inline
from newsreader.library import SettingError
from newsreader.source_settings import from_store

DUE_CHECK_SECONDS = 60.0


class DueSources(Message):
    """The sources whose interval has passed (from the due check's worker)."""

    def __init__(self, source_ids: list[int]) -> None:
        super().__init__()
        self.source_ids = source_ids


class SourceSettingsSaved(Message):
    def __init__(self, source_id: int, name: str, error: str | None = None) -> None:
        super().__init__()
        self.source_id = source_id
        self.name = name
        self.error = error


def mark_disabled(store: Any, sources: list[Any]) -> list[Any]:
    """``sources``, those their settings leave out of refreshes marked ``disabled`` (for the pane)."""
    kept = store.source_settings()
    for source in sources:
        source.disabled = source.id in kept and not from_store(kept[source.id]).enabled
    return sources


class SourceSettingsActions:
    """For the main screen: ``action_source_settings`` and the due-source timer."""

    _due_timer: Timer | None = None
    _due_checking = False

    # -- the dialog -------------------------------------------------------------------

    def action_source_settings(self) -> None:
        source = self._chosen_source("change its settings")  # type: ignore[attr-defined]
        if source is None:
            return
        from newsreader.ui.settings_dialog import SourceSettingsScreen

        library = self.app_library()  # type: ignore[attr-defined]
        settings = library.source_settings(source.id)  # one row by its key
        name = source.title or source.address

        def answered(new: Any) -> None:
            if new is None or new == settings:
                return

            def save() -> None:
                try:
                    library.change_source_settings(source.id, new)
                except (SettingError, LookupError) as error:
                    self.post_message(SourceSettingsSaved(source.id, name, str(error)))  # type: ignore[attr-defined]
                    return
                self.post_message(SourceSettingsSaved(source.id, new.title or name))  # type: ignore[attr-defined]

            self.app.start_worker(save, name="save source settings")  # type: ignore[attr-defined]

        self.app.push_screen(SourceSettingsScreen(name, settings, synced=source.kind == "synced"), answered)  # type: ignore[attr-defined]

    def on_source_settings_saved(self, message: SourceSettingsSaved) -> None:
        if message.error:
            self.notify(f"The settings of {clean_inline(message.name)} were not saved: {clean_inline(message.error)}",  # type: ignore[attr-defined]
                        severity="error", markup=False)  # fmt: skip
            return
        self.update_counts()  # type: ignore[attr-defined]  # the sources pane: a new title, "disabled"
        self.headlines.reload()  # type: ignore[attr-defined]
        self.notify(f"Settings of {clean_inline(message.name)} saved.", markup=False)  # type: ignore[attr-defined]

    # -- refreshing due sources -----------------------------------------------------------

    def start_due_timer(self) -> None:
        """Check for due sources now and every ``due_check_seconds`` (after the first frame)."""
        if self._due_timer is None and getattr(self.app, "refresh_all", None) is not None:  # type: ignore[attr-defined]
            seconds = float(getattr(self.app, "due_check_seconds", DUE_CHECK_SECONDS))  # type: ignore[attr-defined]
            self._due_timer = self.set_interval(seconds, self.check_due)  # type: ignore[attr-defined]

    def check_due(self) -> None:
        if getattr(self, "refreshing", False) or self._due_checking:
            return
        self._due_checking = True
        library = self.app_library()  # type: ignore[attr-defined]
        clock = self.app.clock  # type: ignore[attr-defined]

        def check() -> None:
            try:
                due = library.due_sources(clock())
            finally:
                self._due_checking = False
            if due:
                self.post_message(DueSources(due))  # type: ignore[attr-defined]

        self.app.start_worker(check, name="due sources", group="due")  # type: ignore[attr-defined]

    def on_due_sources(self, message: DueSources) -> None:
        if getattr(self, "refreshing", False):  # a refresh began meanwhile: the next tick looks again
            return
        self.start_refresh(message.source_ids)  # type: ignore[attr-defined]


__all__ = ["DUE_CHECK_SECONDS", "DueSources", "SourceSettingsActions", "SourceSettingsSaved", "mark_disabled"]
