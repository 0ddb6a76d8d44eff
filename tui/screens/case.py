"""One case: its fields, its conversation as a chat, its audit trail, and what staff can do to it."""

from __future__ import annotations


from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Label, Static

from intake.plan.decide import REQUEST_MISSING
from intake.fields.catalogue import catalogue
from intake.model import INVALID, MISSING, OK
from intake.replies.render import reason_text, render
from store import case_detail as case_view
from store import staff
from store.errors import StoreError
from tui import format as fmt
from tui.widgets.brreg_panel import BrregPanel
from tui.widgets.chat import ChatBubble

STATE_STYLE = {OK: "green", MISSING: "yellow", INVALID: "bold red"}
POLL_SECONDS = 2.0


class CaseScreen(Screen):
    """Read the case, then act on it from the keyboard (or the mouse, or the command palette)."""

    CSS_PATH = "case.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]  # side by side from 110 columns
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("a", "accept", "Accept"),
        Binding("m", "request_missing", "Request missing"),
        Binding("x", "reject", "Reject"),
        Binding("d", "duplicate", "Duplicate/merge"),
        Binding("g", "assign", "Assign to me"),
        Binding("n", "note", "Note"),
        Binding("r", "reply", "Reply"),
        Binding("e", "edit_field", "Edit field"),
        Binding("o", "open_attachment", "Attachment"),
    ]

    def __init__(self, reference: str) -> None:
        super().__init__()
        self.reference = reference
        self.detail: case_view.CaseDetail | None = None
        self.loads = 0
        self.actions_done = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="case-header")
        with Container(id="case-body"):
            with Vertical(id="left"):
                yield Label("Registration fields", classes="pane-title")
                yield DataTable(id="fields", cursor_type="row", zebra_stripes=True)
                yield BrregPanel(id="brreg")
                yield Label("Audit", classes="pane-title")
                yield DataTable(id="audit", cursor_type="row")
            yield VerticalScroll(id="chat")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.reference
        fields = self.query_one("#fields", DataTable)
        for key, label in (("field", "Field"), ("value", "Value"), ("state", "State"), ("reason", "Reason"),
                           ("source", "Source")):
            fields.add_column(label, key=key)
        audit = self.query_one("#audit", DataTable)
        # Fixed widths: auto-sized columns could be measured before the rows arrived.
        for key, label, width in (("at", "When", 16), ("actor", "Who", 12), ("action", "Action", 20),
                                  ("detail", "Detail", None)):
            audit.add_column(label, key=key, width=width)
        fields.focus()
        self.load()
        self._marker: str | None = None
        self.set_interval(POLL_SECONDS, self._poll)  # a reply from the applicant shows up by itself

    # ------------------------------------------------------------------ loading

    @work(thread=True, exclusive=True, group="case-load")
    def load(self) -> None:
        try:
            detail = case_view.case_detail(engine=self.app.engine, reference=self.reference)
        except StoreError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self._show, detail)

    @work(thread=True, exclusive=True, group="case-poll")
    def _poll(self) -> None:
        marker = case_view.case_marker(engine=self.app.engine, reference=self.reference)
        self.app.call_from_thread(self._changed, marker)

    def _changed(self, marker: str | None) -> None:
        if self._marker is not None and marker != self._marker:
            self.load()
        self._marker = marker

    def _show(self, detail: case_view.CaseDetail) -> None:
        self.detail = detail
        self._marker = str(detail.updated_at)
        self.query_one("#case-header", Static).update(self._header(detail))
        self.query_one(BrregPanel).load(engine=self.app.engine, reference=detail.reference, fields=detail.fields)
        fields = self.query_one("#fields", DataTable)
        row = fields.cursor_row
        fields.clear()
        for spec in catalogue():
            result = detail.fields.get(spec.key)
            state = result.state if result else MISSING
            reason = reason_text(result.reason, "en") if result and result.reason else ""
            source = (result.source.part + (f":{result.source.line}" if result.source.line else "")
                      if result and result.source else "")
            fields.add_row(spec.name("en"), (result.value or "") if result else "",
                           Text(state, style=STATE_STYLE.get(state, "")), reason, source, key=spec.key)
        if 0 <= row < fields.row_count:
            fields.move_cursor(row=row, animate=False)
        audit = self.query_one("#audit", DataTable)
        audit.clear()
        for entry in reversed(detail.audit):
            audit.add_row(fmt.when(entry.at), entry.actor, entry.action, _detail(entry.detail))
        chat = self.query_one("#chat", VerticalScroll)
        chat.remove_children()
        chat.mount_all([ChatBubble(m) for m in detail.messages])
        chat.scroll_end(animate=False)
        self.loads += 1

    def _header(self, d: case_view.CaseDetail) -> Text:
        days = fmt.days_to_answer(d.received_at, d.status, self.app.now())
        text = Text()
        text.append(d.reference, style="bold").append("  ")
        text.append(fmt.state(d.status), style="bold reverse").append("  ")
        text.append(f"{d.kind} · {d.language} · ")
        text.append(d.organisation or "(no organisation)", style="bold").append(f"  {d.org_number or ''}\n")
        text.append(f"from {d.sender or '?'} · received {fmt.when(d.received_at)} · days left ")
        text.append_text(fmt.days_left(days))
        text.append(f" · assigned {d.assigned_to or '—'} · requests sent {d.requests_sent}")
        if d.duplicate_of:
            text.append(f" · duplicate of {d.duplicate_of}", style="bold")
        if d.sender_authenticated is False:
            text.append(" · sender NOT authenticated", style="bold red")
        if d.flags:
            text.append("\nflags: " + ", ".join(d.flags), style="magenta")
        return text

    # ------------------------------------------------------------------ running actions

    def _run(self, label: str, function, **kwargs) -> None:
        self._act(label, function, kwargs)

    @work(thread=True, group="case-action")
    def _act(self, label: str, function, kwargs: dict) -> None:
        try:
            function(engine=self.app.engine, reference=self.reference, actor=self.app.actor, **kwargs)
        except StoreError as exc:
            self.app.call_from_thread(self.notify, str(exc), title=label, severity="error", timeout=8)
        except Exception as exc:  # noqa: BLE001 - e.g. the register's own errors on accept: say, don't crash
            self.app.call_from_thread(self.notify, f"{type(exc).__name__}: {exc}", title=label,
                                      severity="error", timeout=8)
        else:
            self.app.call_from_thread(self.notify, f"{label}: done", title=self.reference)
        self.actions_done += 1
        self.app.call_from_thread(self.load)

    # ------------------------------------------------------------------ actions

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_accept(self) -> None:
        self._ask_accept()

    @work(thread=True, group="case-action")
    def _ask_accept(self) -> None:
        """The confirmation names where the credentials go and why that address is trusted."""
        from store.accept_check import credential_destination

        try:
            destination = credential_destination(engine=self.app.engine, reference=self.reference)
        except StoreError as exc:
            self.app.call_from_thread(self.notify, str(exc), title="Accept", severity="error", timeout=8)
            return
        question = "\n".join([f"Accept {self.reference} and register the operator?", "", *destination.lines])
        self.app.call_from_thread(self._confirm_accept, question)

    def _confirm_accept(self, question: str) -> None:
        from tui.screens.confirm_dialog import ConfirmDialog

        def done(yes: bool | None) -> None:
            if yes:
                self._run("Accept", staff.accept, mailbox=self.app.settings.mailbox)

        self.app.push_screen(ConfirmDialog(question), done)

    def action_request_missing(self) -> None:
        from tui.screens.compose_dialog import ComposeDialog

        if self.detail is None:
            return
        text = render(REQUEST_MISSING, language=self.detail.language, reference=self.reference,
                      fields=self.detail.fields)

        def done(body: str | None) -> None:
            if body:
                self._run("Request missing", staff.request_missing, mailbox=self.app.settings.mailbox,
                          message_text=body)

        self.app.push_screen(ComposeDialog(f"Request missing information — to {self.detail.sender}", text,
                                           send_label="Send"), done)

    def action_reject(self) -> None:
        from tui.screens.reject_dialog import RejectDialog

        if self.detail is None:
            return

        def done(answer: tuple[str, str] | None) -> None:
            if answer:
                code, body = answer
                self._run("Reject", staff.reject_case, reason_code=code, mailbox=self.app.settings.mailbox,
                          message_text=body)

        self.app.push_screen(RejectDialog(self.reference, self.detail.language), done)

    def action_duplicate(self) -> None:
        from tui.screens.duplicate_dialog import DuplicateDialog

        def done(answer: tuple[str, bool] | None) -> None:
            if answer:
                other, merge = answer
                self._run("Merge" if merge else "Mark duplicate", staff.mark_duplicate, of_reference=other,
                          merge=merge)

        self.app.push_screen(DuplicateDialog(self.reference), done)

    def action_assign(self) -> None:
        self._run("Assign to me", staff.assign)

    def action_note(self) -> None:
        from tui.screens.compose_dialog import ComposeDialog

        def done(text: str | None) -> None:
            if text:
                self._run("Note", staff.add_note, text=text)

        self.app.push_screen(ComposeDialog("Internal note (not sent)", "", send_label="Save"), done)

    def action_reply(self) -> None:
        from tui.screens.compose_dialog import ComposeDialog

        if self.detail is None:
            return

        def done(body: str | None) -> None:
            if body:
                self._run("Reply", staff.reply, mailbox=self.app.settings.mailbox, message_text=body)

        self.app.push_screen(ComposeDialog(f"Reply to {self.detail.sender}", "", send_label="Send"), done)

    def action_edit_field(self) -> None:
        from tui.screens.edit_field_dialog import EditFieldDialog

        if self.detail is None:
            return
        table = self.query_one("#fields", DataTable)
        specs = catalogue()
        spec = specs[max(0, min(table.cursor_row, len(specs) - 1))]
        current = self.detail.fields.get(spec.key)

        def done(value: str | None) -> None:
            if value is not None:
                self._run(f"Edit {spec.name('en')}", staff.edit_field, key=spec.key, value=value)

        self.app.push_screen(EditFieldDialog(spec.name("en"), current.value if current else "",
                                             reason_text(current.reason, "en") if current else ""), done)

    @on(DataTable.RowSelected, "#fields")
    def field_chosen(self) -> None:
        self.action_edit_field()

    def action_open_attachment(self) -> None:
        chips = [(m.inbound_id, c) for m in (self.detail.messages if self.detail else ()) if m.direction == "in"
                 for c in m.attachments]
        if not chips:
            self.notify("This case has no attachments.")
            return
        focused = self.focused
        bubble = next((a for a in (focused.ancestors if focused else []) if isinstance(a, ChatBubble)), None)
        if bubble and bubble.message.attachments:
            chips = [(bubble.message.inbound_id, c) for c in bubble.message.attachments]
        if len(chips) == 1:
            self._open(*chips[0])
            return
        from tui.screens.pick_dialog import PickDialog

        def done(index: int | None) -> None:
            if index is not None:
                self._open(*chips[index])

        self.app.push_screen(PickDialog("Open attachment", [c.filename for _, c in chips]), done)

    @on(ChatBubble.AttachmentChosen)
    def attachment_chosen(self, event: ChatBubble.AttachmentChosen) -> None:
        self._open(event.inbound_id, event.chip)

    def _open(self, inbound_id: int | None, chip: case_view.AttachmentChip) -> None:
        from tui.screens.attachment import AttachmentScreen

        if inbound_id is None:
            self.notify("Only received attachments can be opened.")
            return
        self.app.push_screen(AttachmentScreen(inbound_id, chip))


def _detail(detail: dict) -> str:
    parts = []
    for key, value in detail.items():
        if key in ("changed", "inbound_id", "outbox_id") or value in (None, "", []):
            continue
        parts.append(f"{key}={', '.join(value) if isinstance(value, list) else value}")
    return "; ".join(parts)[:200]


