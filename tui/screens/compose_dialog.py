"""Write or edit a text before it is sent (a reply, a request) or saved (a note)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, TextArea


class ComposeDialog(ModalScreen[str | None]):
    """Returns the text, or None when cancelled."""

    BINDINGS = [Binding("ctrl+s", "send", "Send"), Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, text: str, *, send_label: str = "Send") -> None:
        super().__init__()
        self.title_text = title
        self.text = text
        self.send_label = send_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="title")
            yield TextArea(self.text, id="text", soft_wrap=True)
            yield Label("ctrl+s sends · escape cancels", classes="hint")
            with Horizontal(classes="buttons"):
                yield Button(self.send_label, variant="primary", id="send")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_send() if event.button.id == "send" else self.action_cancel()

    def action_send(self) -> None:
        text = self.query_one(TextArea).text
        if not text.strip():
            self.notify("Nothing to send.", severity="warning")
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)
