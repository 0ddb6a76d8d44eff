"""The staff terminal UI: `mdreg tui`. The entry point gives it the settings and an engine."""

from __future__ import annotations

from datetime import datetime

from textual.app import App
from textual.binding import Binding

from tui.clock import Clock, system_clock
from tui.commands import StaffCommands


class MdregApp(App):
    """Case officers work the register's mailbox from here."""

    TITLE = "mdreg"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {StaffCommands}
    BINDINGS = [
        Binding("ctrl+t", "toggle_theme", "Light/dark"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, *, settings, engine, clock: Clock = system_clock, actor: str | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.engine = engine
        self.clock = clock
        self.actor = actor or settings.staff_actor

    def now(self) -> datetime:
        return self.clock()

    def on_mount(self) -> None:
        from tui.screens.queue import QueueScreen

        self.sub_title = f"signed in as {self.actor}"
        self.push_screen(QueueScreen())

    def open_case(self, reference: str) -> None:
        from tui.screens.case import CaseScreen

        self.push_screen(CaseScreen(reference))

    def action_show_register(self) -> None:
        from tui.screens.register import RegisterScreen

        if not isinstance(self.screen, RegisterScreen):
            self.push_screen(RegisterScreen())

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"
