"""One case: its fields, its conversation as a chat, its audit trail, and what staff can do to it.

The screen loads and shows; what it writes is built in tui/widgets/case_texts.py, and the actions
that ask first open their dialogs from tui/screens/case_actions.py."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Label, Static

from intake.fields.catalogue import catalogue
from store import case_detail as case_view
from store import staff
from store.errors import StoreError
from store.errors import text as error_text
from tui.screens import case_actions
from tui.texts import localize_bindings
from tui.widgets import case_texts
from tui.widgets.brreg_panel import BrregPanel
from tui.widgets.chat import ChatBubble
from tui.widgets.register_texts import localize_register_bindings
from tui.widgets.signal_panel import SignalPanel

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
        self.query_one("#case-header", Static).update(case_texts.header(detail, texts=self.texts, now=self.app.now()))
        self.query_one(BrregPanel).load(engine=self.app.engine, reference=detail.reference, fields=detail.fields)
        self.query_one(SignalPanel).load(engine=self.app.engine, reference=detail.reference)
        fields = self.query_one("#fields", DataTable)
        row = fields.cursor_row
        fields.clear()
        for field in catalogue():
            fields.add_row(*case_texts.field_row(field, detail, texts=self.texts), key=field.key)
        if 0 <= row < fields.row_count:
            fields.move_cursor(row=row, animate=False)
        self._show_field_detail()
        self.query_one("#audit", Static).update(case_texts.audit_text(detail, texts=self.texts))
        chat = self.query_one("#chat", VerticalScroll)
        chat.remove_children()
        chat.mount_all([ChatBubble(m, texts=self.texts) for m in case_texts.with_notes(detail)])
        chat.scroll_end(animate=False)
        self.loads += 1

    def _show_field_detail(self) -> None:
        """The selected field's state and whole reason, wrapped, under the table."""
        key = self._selected_key()
        if self.detail is None or key is None:
            return
        self.query_one("#field-detail", Static).update(case_texts.field_detail(key, self.detail, texts=self.texts))

    def _selected_key(self) -> str | None:
        table = self.query_one("#fields", DataTable)
        keys = [s.key for s in catalogue()]
        return keys[table.cursor_row] if 0 <= table.cursor_row < len(keys) else None

    @on(DataTable.RowHighlighted, "#fields")
    def field_highlighted(self) -> None:
        self._show_field_detail()

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

    # ------------------------------------------------------------------ actions (asked in case_actions.py)

    def action_adopt_proposal(self) -> None:
        from tui.screens.register_actions import ask_adopt_proposal

        ask_adopt_proposal(self)

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_accept(self) -> None:
        self._preview_accept()

    @work(thread=True, exclusive=True, group="case-preview")
    def _preview_accept(self) -> None:
        from store.accept_check import credential_destination
        from store.staff_preview import accept_preview

        preview = accept_preview(engine=self.app.engine, reference=self.reference)
        try:  # where the credentials go and why that address is trusted (store/accept_check.py)
            lines = tuple(credential_destination(engine=self.app.engine, reference=self.reference,
                                                 language=self.texts.language).lines)
        except StoreError:
            lines = ()
        self.app.call_from_thread(case_actions.ask_accept, self, preview, lines)

    def action_request_missing(self) -> None:
        case_actions.ask_request_missing(self)

    def action_reject(self) -> None:
        case_actions.ask_reject(self)

    def action_duplicate(self) -> None:
        self._find_candidates()

    @work(thread=True, exclusive=True, group="case-preview")
    def _find_candidates(self) -> None:
        from store.staff_preview import duplicate_candidates

        found = duplicate_candidates(engine=self.app.engine, reference=self.reference)
        self.app.call_from_thread(case_actions.ask_duplicate, self, found)

    def action_assign(self) -> None:
        self._run(self.texts("key", "assign"), staff.assign)

    def action_note(self) -> None:
        case_actions.ask_note(self)

    def action_reply(self) -> None:
        case_actions.ask_reply(self)

    def action_edit_field(self) -> None:
        """Edit the field under the cursor, only when the fields table has the focus: a key pressed
        while reading the conversation must not change a field."""
        if self.detail is None:
            return
        if self.focused is not self.query_one("#fields", DataTable):
            self.notify(self.texts("case", "focus_fields"), severity="warning")
            return
        key = self._selected_key()
        if key is not None:
            case_actions.ask_edit_field(self, key)

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
        self.app.call_from_thread(case_actions.ask_history, self, key, past)

    def action_open_attachment(self) -> None:
        """The attachments of the message in focus, else of every received message."""
        chips = [(m.inbound_id, c) for m in (self.detail.messages if self.detail else ()) if m.direction == "in"
                 for c in m.attachments]
        if not chips:
            self.notify(self.texts("case", "no_attachments"))
            return
        focused = self.focused
        bubble = next((a for a in (focused.ancestors if focused else []) if isinstance(a, ChatBubble)), None)
        if bubble and bubble.message.attachments:
            chips = [(bubble.message.inbound_id, c) for c in bubble.message.attachments]
        case_actions.ask_attachment(self, chips)

    @on(ChatBubble.AttachmentChosen)
    def attachment_chosen(self, event: ChatBubble.AttachmentChosen) -> None:
        case_actions.open_attachment(self, event.inbound_id, event.chip)
