"""An attachment as intake reads it: its extracted text and, for a declaration, what it says."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, LoadingIndicator, Static

from intake.model import Attachment
from store.case_detail import AttachmentChip, inbound_raw
from tui import format as fmt
from tui.texts import Texts, localize_bindings

TEXT_CHARS = 50_000


class AttachmentScreen(Screen):
    """Intake is run again on the stored message (in a thread) to read the attachment."""

    BINDINGS = [Binding("escape", "back", "back")]
    CSS_PATH = "attachment.tcss"

    def __init__(self, inbound_id: int, chip: AttachmentChip) -> None:
        super().__init__()
        localize_bindings(self, self.app.texts)
        self.inbound_id = inbound_id
        self.chip = chip
        self.attachment: Attachment | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="findings")
        with VerticalScroll(id="scroll"):
            yield LoadingIndicator()
            yield Static(id="text", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.chip.filename
        self.read()

    @work(thread=True, exclusive=True)
    def read(self) -> None:
        from intake.understand import understand

        raw = inbound_raw(engine=self.app.engine, inbound_id=self.inbound_id)
        attachments = understand(raw, limits=self.app.settings.limits()).message.attachments
        found = next((a for a in attachments if a.filename == self.chip.filename), None)
        if found is None and self.chip.index < len(attachments):
            found = attachments[self.chip.index]
        self.app.call_from_thread(self._show, found)

    def _show(self, att: Attachment | None) -> None:
        self.query_one(LoadingIndicator).remove()
        self.attachment = att
        if att is None:
            self.query_one("#findings", Static).update(self.app.texts("attachment", "not_read"))
            return
        self.query_one("#findings", Static).update(findings(att, self.app.texts))
        self.query_one("#text", Static).update(att.text[:TEXT_CHARS] if att.text
                                               else self.app.texts("attachment", "no_text"))

    def action_back(self) -> None:
        self.app.pop_screen()


def findings(att: Attachment, texts: Texts | None = None) -> Text:
    t = texts or Texts()
    text = Text()
    text.append(f"{att.filename or t('attachment', 'no_name')}", style="bold")
    text.append(f"  {att.content_type} · {fmt.size(att.size)}\n")
    if att.flags:
        text.append(t("attachment", "flags", flags=", ".join(t.flag(f) for f in att.flags)) + "\n", style="magenta")
    doc = att.doc
    if doc is None or not doc.is_declaration:
        text.append(t("attachment", "not_doc"), style="dim")
        return text
    text.append(t("attachment", "doc") + "\n", style="bold green")
    rows = (
        ("legislation", ", ".join(doc.legislation)), ("manufacturer", doc.manufacturer), ("srn", doc.srn),
        ("devices", ", ".join(doc.devices)), ("udi", ", ".join(doc.udi_di)), ("risk_class", doc.risk_class),
        ("notified_body", doc.notified_body), ("date", doc.date),
    )
    for key, value in rows:
        text.append(f"{t('attachment', key)}: ", style="bold").append(f"{value or '—'}\n")
    if doc.flags:
        text.append(t("attachment", "check", flags=", ".join(t.flag(f) for f in doc.flags)), style="bold red")
    return text
