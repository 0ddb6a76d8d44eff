"""One case: its fields, its conversation as a chat, its audit trail, and what staff can do to it."""

from __future__ import annotations


from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Label, Static

from intake.states import ReplyTemplate
from intake.fields.catalogue import catalogue, is_required, spec
from intake.model import INVALID, MISSING, OK
from intake.replies.render import render
from intake.replies.values import shown
from store import case_detail as case_view
from store import staff
from store.errors import StoreError
from store.errors import text as error_text
from tui import format as fmt
from tui.widgets.brreg_panel import BrregPanel
from tui.widgets.register_texts import localize_register_bindings
from tui.widgets.signal_panel import SignalPanel
from tui.texts import Texts, localize_bindings
from tui.widgets.chat import ChatBubble

STATE_STYLE = {OK: "green", MISSING: "yellow", INVALID: "bold red"}
POLL_SECONDS = 2.0


class CaseScreen(Screen):
    """Read the case, then act on it from the keyboard (or the mouse, or the command palette)."""

    CSS_PATH = "case.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]  # side by side from 110 columns
    # Descriptions are keys of the language file's [key] section (tui/texts.py).
    BINDINGS = [
        Binding("escape", "back", "back", show=False),  # said by the header's back arrow and the palette
        Binding("a", "accept", "accept"),
        Binding("m", "request_missing", "request_missing"),
        Binding("x", "reject", "reject"),
        Binding("d", "duplicate", "duplicate"),
        Binding("g", "assign", "assign"),
        Binding("n", "note", "note"),
        Binding("r", "reply", "reply"),
        Binding("e", "edit_field", "edit_field"),
        Binding("h", "field_history", "history"),
        Binding("o", "open_attachment", "attachment"),
        Binding("p", "adopt_proposal", "adopt_proposal", show=False),
    ]

    def __init__(self, reference: str) -> None:
        super().__init__()
        self.texts = self.app.texts
        localize_bindings(self, self.texts)
        localize_register_bindings(self, self.texts.language)
        self.reference = reference
        self.detail: case_view.CaseDetail | None = None
        self.loads = 0
        self.actions_done = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="case-header")
        with Container(id="case-body"):
            with Vertical(id="left"):
                yield Label(self.texts("case", "fields"), classes="pane-title")
                yield DataTable(id="fields", cursor_type="row", zebra_stripes=True)
                yield BrregPanel(id="brreg")
                yield SignalPanel(language=self.texts.language, id="signals")
                yield Static(id="field-detail")
                yield Label(self.texts("case", "audit"), classes="pane-title")
                with VerticalScroll(id="audit-pane"):
                    yield Static(id="audit")
            yield VerticalScroll(id="chat")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = self.reference
        fields = self.query_one("#fields", DataTable)
        # The state beside the label: visible at every width, before value and reason.
        for key, width in (("field", None), ("state", None), ("required", None), ("value", None),
                           ("reason", None), ("source", None)):
            fields.add_column(self.texts("case", key), key=key, width=width)
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
            self.app.call_from_thread(self.notify, error_text(exc, self.texts.language), severity="error")
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
        self.query_one(SignalPanel).load(engine=self.app.engine, reference=detail.reference)
        fields = self.query_one("#fields", DataTable)
        row = fields.cursor_row
        fields.clear()
        for spec in catalogue():
            result = detail.fields.get(spec.key)
            state = result.state if result else MISSING
            word, style = self._state_word(spec.key, state, detail)
            reason = self._reason(result, state)
            source = (result.source.part + (f":{result.source.line}" if result.source.line else "")
                      if result and result.source else "")
            fields.add_row(Text(spec.name(self.texts.language)), Text(word, style=style),
                           Text(self.texts("required", spec.required), style="dim" if spec.required == "no" else ""),
                           Text(shown(spec.key, result.value, self.texts.language) if result else ""),
                           Text(reason, style="italic"), Text(source, style="dim"), key=spec.key)
        if 0 <= row < fields.row_count:
            fields.move_cursor(row=row, animate=False)
        self._show_field_detail()
        self.query_one("#audit", Static).update(self._audit_text(detail))
        chat = self.query_one("#chat", VerticalScroll)
        chat.remove_children()
        chat.mount_all([ChatBubble(m, texts=self.texts) for m in _with_notes(detail)])
        chat.scroll_end(animate=False)
        self.loads += 1

    def _state_word(self, key: str, state: str, detail: case_view.CaseDetail) -> tuple[str, str]:
        """ok / mangler / ugyldig with a marker; an optional field left out is no problem."""
        if state == MISSING and not is_required(key, custom_made=_custom_made(detail)):
            return self.texts("field_state", "optional_missing"), "dim"
        return self.texts("field_state", state), STATE_STYLE.get(state, "")

    def _reason(self, result, state: str) -> str:
        """Why a field is not ok, in words; nothing for a plain "X is missing" (the state says it)."""
        if result is None or not result.reason or state == OK or result.reason.endswith(".missing"):
            return ""
        return self.texts.reason(result.reason)

    def _show_field_detail(self) -> None:
        """The selected field's state and whole reason, wrapped, under the table."""
        if self.detail is None:
            return
        key = self._selected_key()
        result = self.detail.fields.get(key) if key else None
        if key is None:
            return
        state = result.state if result else MISSING
        word, style = self._state_word(key, state, self.detail)
        reason = self._reason(result, state)
        text = Text()
        text.append(f"{self.texts.field_name(key)}: ", style="bold")
        text.append(word, style=style)
        if reason:
            text.append(f" — {reason}")
        if spec(key).required == "unless_custom_made":
            text.append(f"  {self.texts('required', 'unless_custom_made_note')}", style="dim")
        self.query_one("#field-detail", Static).update(text)

    def _selected_key(self) -> str | None:
        table = self.query_one("#fields", DataTable)
        keys = [s.key for s in catalogue()]
        return keys[table.cursor_row] if 0 <= table.cursor_row < len(keys) else None

    @on(DataTable.RowHighlighted, "#fields")
    def field_highlighted(self) -> None:
        self._show_field_detail()

    def _audit_text(self, detail: case_view.CaseDetail) -> Text:
        """The audit trail newest first, one entry a line, wrapped: when, who, what, details."""
        text = Text()
        for entry in reversed(detail.audit):
            if text:
                text.append("\n")
            text.append(f"{fmt.when(entry.at)} ", style="dim").append(f"{entry.actor} ", style="bold")
            action = self.texts("audit", entry.action) if self.texts.has("audit", entry.action) else entry.action
            text.append(action)
            described = _audit_detail(entry.detail, self.texts)
            if described:
                text.append(f": {described}")
        return text

    def _header(self, d: case_view.CaseDetail) -> Text:
        t = self.texts
        days = fmt.days_to_answer(d.received_at, d.status, self.app.now())
        text = Text()
        text.append(d.reference, style="bold").append("  ")
        text.append(fmt.state(d.status, t), style="bold reverse").append("  ")
        text.append(f"{t.kind(d.kind)} · {d.language} · ")
        text.append(d.organisation or t("case", "no_organisation"), style="bold").append(f"  {d.org_number or ''}\n")
        text.append(f"{t('case', 'from', sender=d.sender or '?')} · "
                    f"{t('case', 'received', when=fmt.when(d.received_at))} · {t('case', 'days_left')} ")
        text.append_text(fmt.days_left(days))
        text.append(f" · {t('case', 'assigned', who=d.assigned_to or t('case', 'nobody'))} · "
                    f"{t('case', 'requests_sent', count=d.requests_sent)}")
        if d.duplicate_of:
            text.append(f" · {t('case', 'duplicate_of', other=d.duplicate_of)}", style="bold")
        if d.sender_authenticated is False:
            text.append(f" · {t('case', 'not_authenticated')}", style="bold red")
        if d.flags:
            text.append("\n" + t("case", "flags", flags="; ".join(t.flag(f) for f in d.flags)), style="magenta")
        return text

    # ------------------------------------------------------------------ running actions

    def _run(self, label: str, function, **kwargs) -> None:
        self._act(label, function, kwargs)

    @work(thread=True, group="case-action")
    def _act(self, label: str, function, kwargs: dict) -> None:
        try:
            function(engine=self.app.engine, reference=self.reference, actor=self.app.actor, **kwargs)
        except StoreError as exc:  # said in the officer's language from the error's code (store/errors.py)
            self.app.call_from_thread(self.notify, error_text(exc, self.texts.language), title=label,
                                      severity="error", timeout=8)
        except Exception as exc:  # noqa: BLE001 - e.g. the register's own errors on accept: say, don't crash
            self.app.call_from_thread(self.notify, self.texts("case", "unexpected", error=type(exc).__name__),
                                      title=label, severity="error", timeout=8)
        else:
            self.app.call_from_thread(self.notify, self.texts("case", "done", label=label), title=self.reference)
        self.actions_done += 1
        self.app.call_from_thread(self.load)

    # ------------------------------------------------------------------ actions

    def action_adopt_proposal(self) -> None:
        from tui.screens.register_actions import ask_adopt_proposal

        ask_adopt_proposal(self)

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_accept(self) -> None:
        self._preview_accept()

    @work(thread=True, exclusive=True, group="case-preview")
    def _preview_accept(self) -> None:
        from store.staff_preview import accept_preview

        from store.accept_check import credential_destination

        preview = accept_preview(engine=self.app.engine, reference=self.reference)
        try:  # where the credentials go and why that address is trusted (store/accept_check.py)
            lines = tuple(credential_destination(engine=self.app.engine, reference=self.reference,
                                                 language=self.texts.language).lines)
        except StoreError:
            lines = ()
        self.app.call_from_thread(self._confirm_accept, preview, lines)

    def _confirm_accept(self, preview, lines: tuple[str, ...] = ()) -> None:
        """Refuse at once what cannot be accepted; otherwise say who receives what, then ask."""
        from tui.screens.confirm_dialog import ConfirmDialog

        t = self.texts
        refusal = {
            "kind": lambda: t("dialog", "accept_refused_kind", kind=t.kind(preview.kind)),
            "finished": lambda: t("dialog", "accept_refused_finished", state=t.state(preview.status)),
            "fields": lambda: t("dialog", "accept_refused", fields=", ".join(t.field_name(k) for k in preview.problems)),
        }.get(preview.refusal or "")
        if refusal is None and preview.new_login and not preview.recipient:
            refusal = lambda: t("dialog", "accept_refused_contact")  # noqa: E731
        if refusal is not None:
            self.notify(refusal(), title=t("key", "accept"), severity="warning", timeout=8)
            return
        effect = (t("dialog", "accept_effect", contact=preview.recipient, sender=self.detail.sender if self.detail else "?")
                  if preview.new_login else t("dialog", "accept_effect_update", organisation=preview.organisation))

        def done(yes: bool | None) -> None:
            if yes:
                self._run(t("key", "accept"), staff.accept, mailbox=self.app.settings.mailbox)

        question = t("dialog", "accept_question", reference=self.reference, organisation=preview.organisation or "?")
        self.app.push_screen(ConfirmDialog(question, "\n".join([effect, *lines]), texts=t), done)

    def action_request_missing(self) -> None:
        from tui.screens.compose_dialog import ComposeDialog

        if self.detail is None:
            return
        text = render(ReplyTemplate.REQUEST_MISSING, language=self.detail.language, reference=self.reference,
                      fields=self.detail.fields)

        def done(body: str | None) -> None:
            if body:
                self._run(self.texts("key", "request_missing"), staff.request_missing, mailbox=self.app.settings.mailbox,
                          message_text=body)

        self.app.push_screen(ComposeDialog(self.texts("dialog", "request_title", to=self.detail.sender), text,
                                           texts=self.texts), done)

    def action_reject(self) -> None:
        from tui.screens.reject_dialog import RejectDialog

        if self.detail is None:
            return

        def done(answer: tuple[str, str] | None) -> None:
            if answer:
                code, body = answer
                self._run(self.texts("key", "reject"), staff.reject_case, reason_code=code, mailbox=self.app.settings.mailbox,
                          message_text=body)

        self.app.push_screen(RejectDialog(self.reference, self.detail.language, texts=self.texts), done)

    def action_duplicate(self) -> None:
        self._find_candidates()

    @work(thread=True, exclusive=True, group="case-preview")
    def _find_candidates(self) -> None:
        from store.staff_preview import duplicate_candidates

        found = duplicate_candidates(engine=self.app.engine, reference=self.reference)
        self.app.call_from_thread(self._ask_duplicate, found)

    def _ask_duplicate(self, candidates) -> None:
        from tui.screens.duplicate_dialog import DuplicateDialog

        def done(answer: tuple[str, bool] | None) -> None:
            if answer:
                other, merge = answer
                self._run(self.texts("key", "duplicate"), staff.mark_duplicate, of_reference=other, merge=merge)

        self.app.push_screen(DuplicateDialog(self.reference, candidates, texts=self.texts), done)

    def action_assign(self) -> None:
        self._run(self.texts("key", "assign"), staff.assign)

    def action_note(self) -> None:
        from tui.screens.compose_dialog import ComposeDialog

        def done(text: str | None) -> None:
            if text:
                self._run(self.texts("key", "note"), staff.add_note, text=text)

        self.app.push_screen(ComposeDialog(self.texts("dialog", "note_title"), "", texts=self.texts, saving=True),
                             done)

    def action_reply(self) -> None:
        from tui.screens.compose_dialog import ComposeDialog

        if self.detail is None:
            return

        def done(body: str | None) -> None:
            if body:
                self._run(self.texts("key", "reply"), staff.reply, mailbox=self.app.settings.mailbox,
                          message_text=body)

        start = staff.reply_frame(language=self.detail.language)  # greeting, the cursor's line, signature
        self.app.push_screen(ComposeDialog(self.texts("dialog", "reply_title", to=self.detail.sender), start,
                                           texts=self.texts, cursor_line=2), done)

    def action_edit_field(self) -> None:
        """Edit the field under the cursor, only when the fields table has the focus: a key pressed
        while reading the conversation must not change a field."""
        from tui.screens.edit_field_dialog import EditFieldDialog

        table = self.query_one("#fields", DataTable)
        if self.detail is None:
            return
        if self.focused is not table:
            self.notify(self.texts("case", "focus_fields"), severity="warning")
            return
        key = self._selected_key()
        if key is None:
            return
        current = self.detail.fields.get(key)
        name = self.texts.field_name(key)

        def done(value: str | None) -> None:
            if value is not None:
                self._run(self.texts("case", "edit_title", name=name), staff.edit_field, key=key, value=value)

        self.app.push_screen(EditFieldDialog(self.texts("case", "edit_title", name=name),
                                             current.value if current else "",
                                             self.texts.reason(current.reason) if current else "", texts=self.texts),
                             done)

    @on(DataTable.RowSelected, "#fields")
    def field_chosen(self) -> None:
        self.action_edit_field()

    def action_field_history(self) -> None:
        """Earlier values of the selected field; choosing one sets it back (an undo of an edit)."""
        key = self._selected_key()
        if key is not None:
            self._load_history(key)

    @work(thread=True, exclusive=True, group="case-preview")
    def _load_history(self, key: str) -> None:
        from store.staff_preview import field_history

        past = field_history(engine=self.app.engine, reference=self.reference, key=key)
        self.app.call_from_thread(self._pick_history, key, past)

    def _pick_history(self, key: str, past) -> None:
        from tui.screens.pick_dialog import PickDialog

        t = self.texts
        name = t.field_name(key)
        if not past:
            self.notify(t("case", "history_empty", name=name))
            return
        items = [t("case", "history_item", when=fmt.when(p.at), actor=p.actor,
                   value=p.value or t("case", "empty_value"), state=t("field_state", p.state)) for p in past]

        def done(index: int | None) -> None:
            if index is not None:
                value = past[index].value or ""
                self._run(t("case", "edit_undone", name=name, value=value or t("case", "empty_value")),
                          staff.edit_field, key=key, value=value)

        self.app.push_screen(PickDialog(t("case", "history_title", name=name), items, texts=t), done)

    def action_open_attachment(self) -> None:
        chips = [(m.inbound_id, c) for m in (self.detail.messages if self.detail else ()) if m.direction == "in"
                 for c in m.attachments]
        if not chips:
            self.notify(self.texts("case", "no_attachments"))
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

        self.app.push_screen(PickDialog(self.texts("case", "open_attachment"), [c.filename for _, c in chips],
                                        texts=self.texts), done)

    @on(ChatBubble.AttachmentChosen)
    def attachment_chosen(self, event: ChatBubble.AttachmentChosen) -> None:
        self._open(event.inbound_id, event.chip)

    def _open(self, inbound_id: int | None, chip: case_view.AttachmentChip) -> None:
        from tui.screens.attachment import AttachmentScreen

        if inbound_id is None:
            self.notify(self.texts("case", "only_received"))
            return
        self.app.push_screen(AttachmentScreen(inbound_id, chip))


def _audit_detail(detail: dict, texts: Texts) -> str:
    """An audit entry's details in words: field names, states and reasons said, values quoted."""
    parts = []
    for key, value in detail.items():
        if key in ("changed", "inbound_id", "outbox_id", "changes") or value in (None, "", [], {}):
            continue
        if key == "field":
            value = texts.field_name(str(value))
        elif key == "state":
            value = texts("field_state", value) if texts.has("field_state", str(value)) else texts.state(str(value))
        elif key == "reason":
            value = texts.reason(str(value))
        elif key in ("status", "to_state", "from_state"):
            value = texts.state(str(value))
        elif key == "kind":
            value = texts.kind(str(value))
        elif isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        elif isinstance(value, dict):
            continue
        label = texts("audit_key", key) if texts.has("audit_key", key) else key.replace("_", " ")
        parts.append(f"{label} «{value}»" if key in ("old", "new", "was", "text") else f"{label} {value}")
    return "; ".join(parts)


def _custom_made(detail: case_view.CaseDetail) -> bool:
    from intake.fields.catalogue import rules

    doc = detail.fields.get("declaration_of_conformity")
    return bool(doc and doc.value == rules().custom_made_value)


def _with_notes(detail: case_view.CaseDetail) -> list[case_view.ChatMessage]:
    """The conversation with the officers' notes in it, where they were written."""
    notes = [case_view.ChatMessage(direction="note", at=e.at, subject="", address=e.actor,
                                   body=str(e.detail.get("text", "")), attachments=(), status="note")
             for e in detail.audit if e.action == "note"]
    return sorted([*detail.messages, *notes], key=lambda m: m.at)
