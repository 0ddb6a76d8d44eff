"""Change one registration field; the store re-validates and audits it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from tui.texts import Texts


class EditFieldDialog(ModalScreen[str | None]):
    """Returns the new value ('' makes the field missing), or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, value: str | None, problem: str = "", *, texts: Texts | None = None) -> None:
        super().__init__()
        self.texts = texts or Texts()
        self.title_text = title
        self.value = value or ""
        self.problem = problem

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="title", markup=False)
            if self.problem:
                yield Label(self.texts("dialog", "edit_reason", reason=self.problem), classes="hint", markup=False)
            yield Input(self.value, id="value")
            yield Label(self.texts("dialog", "edit_hint"), classes="hint")
            with Horizontal(classes="buttons"):
                yield Button(self.texts("dialog", "save"), variant="primary", id="save")
                yield Button(self.texts("dialog", "cancel"), id="cancel")

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
