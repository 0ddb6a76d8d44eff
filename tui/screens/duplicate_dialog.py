"""Mark the case as a duplicate of another, or merge it into that one; likely cases are offered."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, OptionList

from tui.texts import Texts


class DuplicateDialog(ModalScreen[tuple[str, bool] | None]):
    """Returns (other reference, merge), or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, reference: str, candidates: list | tuple = (), *, texts: Texts | None = None) -> None:
        super().__init__()
        self.reference = reference
        self.candidates = list(candidates)
        self.texts = texts or Texts()

    def compose(self) -> ComposeResult:
        t = self.texts
        with Vertical(classes="dialog"):
            yield Label(t("dialog", "duplicate_title", reference=self.reference), classes="title")
            if self.candidates:
                yield Label(t("dialog", "duplicate_candidates"))
                yield OptionList(*[self._line(c) for c in self.candidates], id="candidates")
            else:
                yield Label(t("dialog", "duplicate_none"), classes="hint")
            yield Label(t("dialog", "duplicate_prompt"))
            yield Input(self.candidates[0].reference if self.candidates else "", placeholder="MDREG-2026-000123",
                        id="other")
            yield Checkbox(t("dialog", "duplicate_merge"), id="merge")
            with Horizontal(classes="buttons"):
                yield Button(t("key", "duplicate"), variant="primary", id="ok")
                yield Button(t("dialog", "cancel"), id="cancel")

    def _line(self, candidate) -> str:
        t = self.texts
        why = ", ".join(t("dialog", f"duplicate_{w}") for w in candidate.why)
        return f"{candidate.reference}  {candidate.organisation or '—'}  ({t.state(candidate.status)}; {why})"

    def on_mount(self) -> None:
        (self.query_one("#candidates", OptionList) if self.candidates else self.query_one(Input)).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.query_one(Input).value = self.candidates[event.option_index].reference
        self.query_one(Input).focus()

    def on_input_submitted(self) -> None:
        self._done()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self._done() if event.button.id == "ok" else self.action_cancel()

    def _done(self) -> None:
        other = self.query_one(Input).value.strip().upper()
        if not other:
            self.notify(self.texts("dialog", "duplicate_prompt"), severity="warning")
            return
        self.dismiss((other, self.query_one(Checkbox).value))

    def action_cancel(self) -> None:
        self.dismiss(None)
