"""A source's own settings from the app: the edit dialog (``S`` in the sources pane) and the
background refresh of due sources.

Every ``due_check_seconds`` of the app a worker asks the library which sources' own
``interval`` has passed (by the app's clock); when some have and no refresh is running, they
are refreshed as ``r`` would, in a worker. Nothing of it runs on the event loop but the
timer's tick.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.timer import Timer

    from newsreader.source_settings import SourceSettings
    from newsreader.ui.messages import DueSources, SourceSettingsSaved
    from newsreader.ui.screens.panes import Panes
    from newsreader.ui.screens.source_actions import SourceActions
    from newsreader.ui.screens.views import Views

DUE_CHECK_SECONDS = 60.0


class SourceSettingsActions:
    """The settings dialog of the source chosen in the sources pane, and the due-source timer."""

    def __init__(self, panes: Panes, views: Views, source_actions: SourceActions) -> None:
        self.panes = panes
        self.views = views
        self.source_actions = source_actions
        self.due_timer: Timer | None = None
        self.checking = False

    # -- the dialog -----------------------------------------------------------------------

    def edit(self) -> None:
        from newsreader.ui.screens.settings_dialog import SourceSettingsScreen

        source = self.source_actions.chosen_source("change its settings")
        if source is None:
            return
        panes = self.panes
        settings = panes.library.source_settings(source.id)  # one row by its key
        name = source.name

        def answered(new: SourceSettings | None) -> None:
            if new is not None and new != settings:
                panes.workers.sources.save_source_settings(panes.root, source.id, name, new)

        panes.screen.app.push_screen(SourceSettingsScreen(name, settings, synced=source.kind == "synced"), answered)

    def saved(self, message: SourceSettingsSaved) -> None:
        if message.error:
            self.panes.notify(f"The settings of {message.name} were not saved: "
                              f"{message.error}", severity="error")  # fmt: skip
            return
        self.views.update_counts()  # the sources pane: a new title, "off"
        self.panes.headlines.reload()
        self.panes.notify(f"Settings of {message.name} saved.")

    # -- refreshing due sources -------------------------------------------------------------

    def start_timer(self, seconds: float) -> None:
        """Check for due sources every ``seconds`` (started after the first frame)."""
        if self.due_timer is None:
            self.due_timer = self.panes.root.set_interval(seconds, self.check)

    def check(self) -> None:
        if self.source_actions.refreshing or self.checking:
            return
        self.checking = True

        def done() -> None:
            self.checking = False

        self.panes.workers.sources.due_sources(self.panes.root, self.panes.clock(), done)

    def due(self, message: DueSources) -> None:
        if not self.source_actions.refreshing:  # a refresh began meanwhile: the next tick looks again
            self.source_actions.start_refresh(message.source_ids)


__all__ = ["DUE_CHECK_SECONDS", "SourceSettingsActions"]
