"""The register: operators as registered now, and every change made to each."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Label, Static

from store.register_views import OperatorDetail, OperatorRow, list_operators, operator_detail
from intake.replies.values import shown
from tui import format as fmt
from store.devices import end_mandate, retire_device
from tui.screens.pick_dialog import PickDialog
from tui.screens.register_actions import ask_and_run
from tui.widgets.operator_devices import OperatorDevices
from tui.widgets.register_texts import localize_register_bindings, text
from tui.texts import localize_bindings


class RegisterScreen(Screen):
    """Registered manufacturers and representatives."""

    BINDINGS = [Binding("escape", "back", "back"), Binding("slash", "search", "search"),
                Binding("u", "retire_device", "retire_device"), Binding("M", "end_mandate", "end_mandate")]
    CSS_PATH = "register.tcss"

    def __init__(self) -> None:
        super().__init__()
        self.texts = self.app.texts
        localize_bindings(self, self.texts)
        localize_register_bindings(self, self.texts.language)
        self.rows: list[OperatorRow] = []
        self.loads = 0
        self.org_number: str | None = None  # the operator shown in the detail pane

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder=self.texts("register", "search_placeholder"), id="reg-search")
        with Horizontal(id="reg-body"):
            yield DataTable(id="operators", cursor_type="row", zebra_stripes=True)
            with Vertical(id="reg-detail"):
                yield Static(id="current")
                yield OperatorDevices(id="devices")
                yield Label(self.texts("register", "history"), classes="pane-title")
                yield DataTable(id="history", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        t = self.texts
        self.sub_title = t("register", "title")
        table = self.query_one("#operators", DataTable)
        table.add_columns(*(t("register", k) for k in ("org_number", "name", "email", "changes")))
        self.query_one("#history", DataTable).add_columns(*(t("register", k) for k in ("when", "who", "case", "changes")))
        table.focus()
        self.load("")

    @work(thread=True, exclusive=True, group="register-load")
    def load(self, search: str) -> None:
        rows = list_operators(engine=self.app.engine, search=search)
        self.app.call_from_thread(self._show, rows)

    def _show(self, rows: list[OperatorRow]) -> None:
        self.rows = rows
        table = self.query_one("#operators", DataTable)
        table.clear()
        for r in rows:
            table.add_row(r.org_number, r.name, r.contact_email, str(r.changes), key=r.org_number)
        if not rows:
            self.query_one("#current", Static).update(Text(self.texts("register", "none"), style="dim"))
        self.loads += 1

    @on(DataTable.RowHighlighted, "#operators")
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key is not None and event.row_key.value:
            self.load_detail(str(event.row_key.value))

    @work(thread=True, exclusive=True, group="register-detail")
    def load_detail(self, org_number: str) -> None:
        detail = operator_detail(engine=self.app.engine, org_number=org_number)
        self.app.call_from_thread(self._show_detail, detail)

    def _show_detail(self, d: OperatorDetail) -> None:
        t = self.texts
        self.org_number = d.org_number
        text = Text()
        text.append(f"{d.name}\n", style="bold")
        text.append(t("register", "line", org=d.org_number, user=d.username, email=d.contact_email,
                      language=t("language", d.language)) + "\n")
        text.append(t("register", "registered", when=fmt.when(d.created_at))
                    + (t("register", "registered_from", case=d.created_from) if d.created_from else "")
                    + t("register", "updated", when=fmt.when(d.updated_at)) + "\n", style="dim")
        for key, value in d.fields.items():
            if value:
                text.append(f"{t.field_name(key)}: ", style="bold").append(f"{shown(key, str(value), t.language)}\n")
        self.query_one("#current", Static).update(text)
        self.query_one(OperatorDevices).load(engine=self.app.engine, org_number=d.org_number)
        history = self.query_one("#history", DataTable)
        history.clear()
        for c in reversed(d.history):
            summary = "; ".join(f"{self.texts.field_name(k)}: {_change(v)}" for k, v in c.changes.items())
            history.add_row(fmt.when(c.at), c.actor, c.case_reference or "", summary[:200])

    @on(Input.Changed, "#reg-search")
    def search_changed(self, event: Input.Changed) -> None:
        self.load(event.value)

    def action_retire_device(self) -> None:
        widget = self.query_one(OperatorDevices)
        device = widget.current_device()
        if device is None or device.retired_at is not None:
            self.notify(text("actions", "nothing_selected", language=self.texts.language), severity="warning")
            return
        language = self.texts.language
        ask_and_run(self, question=text("actions", "retire_question", language=language, name=device.name),
                    effect=text("actions", "retire_effect", language=language, actor=self.app.actor),
                    label=text("key", "retire_device", language=language), function=retire_device,
                    on_done=self._reload_detail, device_id=device.id)

    def action_end_mandate(self) -> None:
        active = [m for m in self.query_one(OperatorDevices).mandates if m.ended_at is None]
        language = self.texts.language
        if not active:
            self.notify(text("actions", "nothing_selected", language=language), severity="warning")
            return

        def ask(index: int | None) -> None:
            if index is None:
                return
            mandate = active[index]
            ask_and_run(self, question=text("actions", "end_mandate_question", language=language,
                                            name=mandate.manufacturer_name),
                        effect=text("actions", "end_mandate_effect", language=language),
                        label=text("key", "end_mandate", language=language), function=end_mandate,
                        on_done=self._reload_detail, mandate_id=mandate.id)

        if len(active) == 1:
            ask(0)
            return
        items = [Text(f"{m.manufacturer_name} ({m.country or '?'}) {m.srn or ''}") for m in active]
        self.app.push_screen(PickDialog(text("key", "end_mandate", language=language), items, texts=self.texts), ask)

    def _reload_detail(self) -> None:
        if self.org_number:
            self.load_detail(self.org_number)

    def action_search(self) -> None:
        self.query_one("#reg-search", Input).focus()

    def action_back(self) -> None:
        self.app.pop_screen()


def _change(value) -> str:
    if isinstance(value, dict) and ("from" in value or "to" in value):
        return f"{_plain(value.get('from'))} → {_plain(value.get('to'))}"
    if isinstance(value, dict) and ("old" in value or "new" in value):
        return f"{value.get('old') or '—'} → {value.get('new') or '—'}"
    if isinstance(value, (list, tuple)) and len(value) == 2:
        return f"{value[0] or '—'} → {value[1] or '—'}"
    return str(value)


def _plain(value) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value) or "—"
    return "—" if value in (None, "") else str(value)
