"""The queue table: one window of cases paged from the database, never the whole queue."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from store.queue import QueueRow
from tui import format as fmt
from tui.texts import localize_bindings

# Column keys, labelled from the language file's [column]. Days left comes early so it is
# visible at 80 columns.
COLUMNS = tuple((key, key) for key in (
    "reference", "days_left", "state", "flags", "missing", "organisation", "org_number", "kind", "received",
))
SORTABLE = {"reference", "days_left", "state", "organisation", "org_number", "missing", "kind", "received"}


class QueueTable(DataTable):
    """Cases of the current page; Enter opens the highlighted one."""

    BINDINGS = [Binding("enter", "open_case", "open_case", show=True)]

    class CaseOpened(Message):
        """The officer chose a case."""

        def __init__(self, reference: str) -> None:
            super().__init__()
            self.reference = reference

    class EdgeReached(Message):
        """The cursor moved past the first or last row of the window: load the next one."""

        def __init__(self, forward: bool) -> None:
            super().__init__()
            self.forward = forward

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.references: list[str] = []
        self.texts = self.app.texts
        localize_bindings(self, self.texts)

    def on_mount(self) -> None:
        for key, _ in COLUMNS:
            self.add_column(self.texts("column", key), key=key)

    def show(self, rows: tuple[QueueRow, ...], now: datetime, keep: str | None = None) -> None:
        """Replace the window with `rows`; the cursor stays on case `keep` when it is there."""
        self.clear()
        self.references = [r.reference for r in rows]
        for r in rows:
            # Text, not str: a str cell is parsed as markup (slower, and a name may contain brackets).
            self.add_row(
                Text(r.reference), fmt.days_left(fmt.days_to_answer(r.received_at, r.status, now)),
                Text(fmt.state(r.status, self.texts, short=True)), fmt.flags(r.flags, self.texts),
                _missing(r), Text((r.organisation or "")[:40]), Text(r.org_number or ""), Text(self.texts.kind(r.kind)),
                Text(fmt.day(r.received_at)), key=r.reference,
            )
        if keep in self.references:
            self.move_cursor(row=self.references.index(keep), animate=False)

    @property
    def current_reference(self) -> str | None:
        if not self.references or self.cursor_row < 0 or self.cursor_row >= len(self.references):
            return None
        return self.references[self.cursor_row]

    def action_open_case(self) -> None:
        if self.current_reference:
            self.post_message(self.CaseOpened(self.current_reference))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_case()

    def action_cursor_down(self) -> None:
        if self.references and self.cursor_row >= len(self.references) - 1:
            self.post_message(self.EdgeReached(forward=True))
            return
        super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.references and self.cursor_row <= 0:
            self.post_message(self.EdgeReached(forward=False))
            return
        super().action_cursor_up()


def _missing(row: QueueRow) -> Text:
    if row.kind != "registration":
        return Text("—", style="dim")  # only registrations have fields to miss
    return Text(str(row.missing_count), style="bold red" if row.missing_count else "dim")
