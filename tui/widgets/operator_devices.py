"""An operator's devices (current and retired) and, for a representative, its mandates, on the
register screen. Hidden for an operator with neither."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Label, Static

from store.devices import DeviceRow, MandateRow, devices_of, mandates_of
from store.errors import NotFound
from tui import format as fmt
from tui.widgets.register_texts import text

COLUMNS = ("name", "udi", "risk_class", "regulation", "notified_body", "doc_date", "status")


class OperatorDevices(Vertical):
    """Devices as a table, mandates as lines below it."""

    DEFAULT_CSS = """
    OperatorDevices { height: auto; max-height: 50%; display: none; }
    OperatorDevices DataTable { height: auto; max-height: 12; }
    OperatorDevices .pane-title { text-style: bold; color: $accent; }
    """

    def __init__(self, *, language: str = "nb", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.language = language
        self.devices: list[DeviceRow] = []
        self.mandates: list[MandateRow] = []

    def compose(self) -> ComposeResult:
        yield Label(text("devices", "title", language=self.language), classes="pane-title")
        yield DataTable(id="device-table", cursor_type="row", zebra_stripes=True)
        yield Label(text("devices", "mandates", language=self.language), classes="pane-title", id="mandates-title")
        yield Static(id="mandate-lines")

    def on_mount(self) -> None:
        table = self.query_one("#device-table", DataTable)
        for key in COLUMNS:
            table.add_column(text("devices", key, language=self.language), key=key)

    @work(thread=True, exclusive=True, group="operator-devices")
    def load(self, *, engine, org_number: str) -> None:
        try:
            devices, mandates = devices_of(engine=engine, org_number=org_number), mandates_of(engine=engine, org_number=org_number)
        except NotFound:
            devices, mandates = [], []
        self.app.call_from_thread(self.show, devices, mandates)

    def show(self, devices: list[DeviceRow], mandates: list[MandateRow]) -> None:
        self.devices, self.mandates = devices, mandates
        if self.display != bool(devices or mandates):  # no relayout when nothing changes
            self.display = bool(devices or mandates)
        table = self.query_one("#device-table", DataTable)
        table.clear()
        for d in sorted(devices, key=lambda d: (d.retired_at is not None, d.name)):
            table.add_row(d.name, d.basic_udi_di or "", d.risk_class or "", d.regulation or "", d.notified_body or "",
                          d.doc_date or "", self._status(d), key=str(d.id))
        lines = Text()
        for m in mandates:
            lines.append(text("devices", "mandate_line", language=self.language, name=m.manufacturer_name,
                              country=m.country or "?", srn=m.srn or "", address=m.address or ""),
                         style="dim" if m.ended_at else "")
            if m.ended_at:
                lines.append(" · " + text("devices", "mandate_ended", language=self.language, when=fmt.when(m.ended_at)))
            lines.append("\n")
        self.query_one("#mandate-lines", Static).update(lines)
        self.query_one("#mandates-title", Label).display = bool(mandates)

    def current_device(self) -> DeviceRow | None:
        """The device under the table's cursor (the table lists them active first)."""
        table = self.query_one("#device-table", DataTable)
        if not self.display or not table.row_count:
            return None
        key = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
        return next((d for d in self.devices if str(d.id) == key), None)

    def _status(self, d: DeviceRow) -> Text:
        if d.retired_at is not None:
            return Text(text("devices", "retired", language=self.language, when=fmt.when(d.retired_at)), style="dim")
        label = text("devices", "active", language=self.language)
        if d.custom_made:
            label += ", " + text("devices", "custom_made", language=self.language)
        return Text(label, style="green")
