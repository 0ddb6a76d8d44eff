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
from tui.widgets.operator_devices import OperatorDevices
from tui.texts import localize_bindings


class RegisterScreen(Screen):
    """Registered manufacturers and representatives."""

    BINDINGS = [Binding("escape", "back", "back"), Binding("slash", "search", "search")]
    CSS_PATH = "register.tcss"

    def __init__(self) -> None:
        super().__init__()
        self.texts = self.app.texts
        localize_bindings(self, self.texts)
        self.rows: list[OperatorRow] = []
        self.loads = 0

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

    def action_search(self) -> None:
        self.query_one("#reg-search", Input).focus()

    def action_back(self) -> None:
        self.app.pop_screen()


def _change(value) -> str:
    if isinstance(value, dict) and ("old" in value or "new" in value):
        return f"{value.get('old') or '—'} → {value.get('new') or '—'}"
    if isinstance(value, (list, tuple)) and len(value) == 2:
        return f"{value[0] or '—'} → {value[1] or '—'}"
    return str(value)
