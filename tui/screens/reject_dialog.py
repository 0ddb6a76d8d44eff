"""Reject with a coded reason; the text the applicant gets is in their language and can be edited."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, RadioButton, RadioSet, TextArea

from store.staff import REJECT_REASONS, reason_label, rejection_text
from tui.texts import Texts


class RejectDialog(ModalScreen[tuple[str, str] | None]):
    """Returns (reason code, message text), or None when cancelled."""

    BINDINGS = [Binding("ctrl+s", "send", "Reject and send"), Binding("escape", "cancel", "Cancel")]

    def __init__(self, reference: str, language: str, *, texts: Texts | None = None) -> None:
        super().__init__()
        self.texts = texts or Texts()
        self.reference = reference
        self.language = language
        self.code = REJECT_REASONS[0]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            t = self.texts
            yield Label(t("dialog", "reject_title", reference=self.reference) + " — "
                        + t("dialog", "reject_told", language=t("language", self.language)), markup=False)
            with RadioSet(id="reason"):
                for i, code in enumerate(REJECT_REASONS):
                    yield RadioButton(reason_label(code, t.language), value=i == 0, name=code)
            yield TextArea(self._text(), id="text", soft_wrap=True)
            yield Label(t("dialog", "reject_hint"), classes="hint")
            with Horizontal(classes="buttons"):
                yield Button(t("dialog", "reject_send"), variant="error", id="send")
                yield Button(t("dialog", "cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one(RadioSet).focus()

    def _text(self) -> str:
        return rejection_text(language=self.language, reference=self.reference, reason_code=self.code)

    @on(RadioSet.Changed)
    def reason_changed(self, event: RadioSet.Changed) -> None:
        self.code = event.pressed.name or REJECT_REASONS[0]
        self.query_one(TextArea).text = self._text()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_send() if event.button.id == "send" else self.action_cancel()

    def action_send(self) -> None:
        self.dismiss((self.code, self.query_one(TextArea).text))

    def action_cancel(self) -> None:
        self.dismiss(None)
