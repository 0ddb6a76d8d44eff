"""One message of a case's conversation as a chat bubble: inbound left, outbound right."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Static

from store.case_detail import AttachmentChip, ChatMessage
from tui import format as fmt
from tui.texts import Texts


class ChatBubble(Vertical):
    """A message with its time, address and attachment chips; an officer's note in the same line."""

    class AttachmentChosen(Message):
        """The officer pressed an attachment chip."""

        def __init__(self, inbound_id: int | None, chip: AttachmentChip) -> None:
            super().__init__()
            self.inbound_id = inbound_id
            self.chip = chip

    def __init__(self, message: ChatMessage, *, texts: Texts | None = None, **kwargs) -> None:
        super().__init__(classes=f"bubble -{message.direction}", **kwargs)
        self.message = message
        self.texts = texts or Texts()

    def compose(self) -> ComposeResult:
        m, t = self.message, self.texts
        if m.direction == "in":
            who = t("case", "in_from", address=m.address)
        elif m.direction == "note":
            who = t("case", "note_title", actor=m.address)
        else:
            status = t.outbox_status(m.status)
            who = t("case", "out_to", address=m.address, status=status)
        self.border_title = fmt.when(m.at)
        self.border_subtitle = who
        if m.subject:
            yield Static(m.subject, classes="subject", markup=False)
        yield Static(m.body or t("case", "no_text"), classes="body", markup=False)
        if m.attachments:
            with Horizontal(classes="chips"):
                for chip in m.attachments:
                    yield Button(f"▤ {chip.filename} ({fmt.size(chip.size)})", classes="chip", compact=True,
                                 id=f"chip-{m.inbound_id or 0}-{chip.index}")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        index = int((event.button.id or "0").rsplit("-", 1)[1])
        chip = next(c for c in self.message.attachments if c.index == index)
        self.post_message(self.AttachmentChosen(self.message.inbound_id, chip))
