"""Web addresses: ``o`` opens the focused link's (else the article's) in a browser, after
asking; ``y`` copies it. With no display, a browser that runs in this terminal is used while
the app is suspended; with none of those, the address is shown and copied."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsreader.document.clean import clean_inline, error_line
from newsreader.ui.browser import no_display, refusal, terminal_argv, terminal_browser

if TYPE_CHECKING:
    from newsreader.ui.screens.panes import Panes


class Addresses:
    """Open or copy the address the reader means."""

    def __init__(self, panes: Panes) -> None:
        self.panes = panes

    def article_url(self) -> str | None:
        """The open article's address when the focus is off the list, else the highlighted row's."""
        panes = self.panes
        opened = panes.article.opened
        if opened is not None and panes.article.article_id == opened.id and panes.screen.focused is not panes.headlines:
            return opened.url
        highlighted = panes.headlines.highlighted
        if highlighted is not None:
            return highlighted.url
        return opened.url if opened is not None else None

    def chosen_url(self) -> str | None:
        """The address ``o`` and ``y`` act on: the focused link's, else the article's."""
        return self.panes.article.focused_url or self.article_url()

    def open(self, url: str | None) -> None:
        """Ask, then open ``url`` in a browser: the configured command or the system's."""
        panes = self.panes
        reason = refusal(url)
        if reason or url is None:
            panes.notify(reason or "No address.", severity="warning")
            return
        command = panes.config.reader.open_command
        in_terminal = terminal_browser() if no_display(command) else None
        if no_display(command) and in_terminal is None:
            panes.screen.app.copy_to_clipboard(url)
            panes.notify(
                f"No browser here (no display; no $BROWSER, w3m, lynx or elinks). Copied {url}",
                severity="warning",
                timeout=10,
            )
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            if in_terminal is not None:
                self.run_terminal_browser(in_terminal, url)
            else:
                panes.workers.open_in_browser(url, command)

        from newsreader.ui.screens.dialogs import ConfirmOpenScreen

        panes.screen.app.push_screen(ConfirmOpenScreen(url), answered)

    def run_terminal_browser(self, browser: list[str], url: str) -> None:
        """Run ``browser`` on ``url`` in this terminal, the app suspended until it exits."""
        import subprocess

        from textual.app import SuspendNotSupported

        app = self.panes.screen.app
        argv = terminal_argv(browser, url)
        try:
            with app.suspend():
                subprocess.run(argv, check=False)
        except SuspendNotSupported:
            app.copy_to_clipboard(url)
            self.panes.notify(
                f"This terminal cannot be handed to {clean_inline(browser[0])}. Copied {url}",
                severity="warning",
            )
        except OSError as error:
            self.panes.notify(f"Could not run {clean_inline(browser[0])}: {error_line(error)}", severity="error")

    def copy(self) -> None:
        url = self.chosen_url()
        if not url:
            self.panes.notify("This article has no web address.")
            return
        self.panes.screen.app.copy_to_clipboard(url)
        self.panes.notify(f"Copied {url}")
