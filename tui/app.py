"""The staff terminal UI: `mdreg tui`. The entry point gives it the settings and an engine."""

from __future__ import annotations

from datetime import datetime

from textual.app import App
from textual.binding import Binding

from tui.clock import Clock, system_clock
from tui.commands import StaffCommands
from tui.texts import Texts, localize_bindings


class MdregApp(App):
    """Case officers work the register's mailbox from here."""

    TITLE = "mdreg"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {StaffCommands}
    BINDINGS = [
        Binding("ctrl+t", "toggle_theme", "theme", show=False),
        Binding("q", "quit", "quit"),
    ]

    def __init__(self, *, settings, engine, clock: Clock = system_clock, actor: str | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.engine = engine
        self.clock = clock
        self.actor = actor or settings.staff_actor
        self.texts = Texts(getattr(settings, "ui_language", "nb"))
        localize_bindings(self, self.texts)

    def now(self) -> datetime:
        return self.clock()

    def on_mount(self) -> None:
        from tui.screens.queue import QueueScreen

        self.sub_title = self.texts("app", "signed_in", actor=self.actor)
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
