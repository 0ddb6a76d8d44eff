"""Write or edit a text before it is sent (a reply, a request) or saved (a note)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, TextArea

from tui.texts import Texts


class ComposeDialog(ModalScreen[str | None]):
    """Returns the text, or None when cancelled. A note is saved, not sent, and says so."""

    BINDINGS = [Binding("ctrl+s", "send", "Send"), Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, text: str, *, texts: Texts | None = None, saving: bool = False,
                 cursor_line: int | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.text = text
        self.texts = texts or Texts()
        self.saving = saving
        self.cursor_line = cursor_line

    def compose(self) -> ComposeResult:
        t = self.texts
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="title", markup=False)
            yield TextArea(self.text, id="text", soft_wrap=True)
            yield Label(t("dialog", "save_hint" if self.saving else "send_hint"), classes="hint")
            with Horizontal(classes="buttons"):
                yield Button(t("dialog", "save" if self.saving else "send"), variant="primary", id="send")
                yield Button(t("dialog", "cancel"), id="cancel")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        if self.cursor_line is not None:
            area.move_cursor((self.cursor_line, 0))  # between the greeting and the signature

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_send() if event.button.id == "send" else self.action_cancel()

    def action_send(self) -> None:
        text = self.query_one(TextArea).text
        if not text.strip():
            self.notify(self.texts("case", "empty_value"), severity="warning")
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)
