"""Yes or no, before an action that cannot be undone: the question, and what will happen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from tui.texts import Texts


class ConfirmDialog(ModalScreen[bool]):
    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("y", "confirm", "Yes"), Binding("j", "confirm", "Ja")]

    def __init__(self, question: str, effect: str = "", *, texts: Texts | None = None) -> None:
        super().__init__()
        self.question = question
        self.effect = effect
        self.texts = texts or Texts()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.question, classes="title", markup=False)
            if self.effect:
                yield Label(self.effect, classes="effect", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(self.texts("dialog", "yes"), variant="primary", id="yes")
                yield Button(self.texts("dialog", "no"), id="no")

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
