"""Mark the case as a duplicate of another, or merge it into that one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label


class DuplicateDialog(ModalScreen[tuple[str, bool] | None]):
    """Returns (other reference, merge), or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, reference: str) -> None:
        super().__init__()
        self.reference = reference

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"{self.reference} duplicates which case?")
            yield Input(placeholder="MDREG-2026-000123", id="other")
            yield Checkbox("Merge: copy this case's good values into the other case's gaps", id="merge")
            with Horizontal(classes="buttons"):
                yield Button("Close as duplicate", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self) -> None:
        self._done()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self._done() if event.button.id == "ok" else self.action_cancel()

    def _done(self) -> None:
        other = self.query_one(Input).value.strip().upper()
        if not other:
            self.notify("Which case? Type its reference.", severity="warning")
            return
        self.dismiss((other, self.query_one(Checkbox).value))

    def action_cancel(self) -> None:
        self.dismiss(None)
