"""Change one registration field; the store re-validates and audits it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label


class EditFieldDialog(ModalScreen[str | None]):
    """Returns the new value ('' makes the field missing), or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, name: str, value: str | None, problem: str = "") -> None:
        super().__init__()
        self.field_name = name
        self.value = value or ""
        self.problem = problem

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"Edit: {self.field_name}")
            if self.problem:
                yield Label(self.problem, classes="hint")
            yield Input(self.value, id="value")
            yield Label("enter saves · escape cancels · empty makes the field missing", classes="hint")
            with Horizontal(classes="buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self) -> None:
        self.dismiss(self.query_one(Input).value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.dismiss(self.query_one(Input).value)
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)
