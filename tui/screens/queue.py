"""The queue: every case in a paged table, with filters, search, sort and the count per state."""

from __future__ import annotations

import time
from dataclasses import replace

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Select, Static

from store.queue import ANY_SIGNAL, TRIAGE, QueueFilter, QueueRow, change_marker, kinds, queue_rows, queue_totals
from tui import format as fmt
from tui.texts import localize_bindings
from store.signals import rules_in_use
from tui.widgets.register_texts import localize_register_bindings, text
from tui.widgets.signal_panel import SignalPanel, rule_texts
from tui.widgets.queue_table import COLUMNS, SORTABLE, QueueTable
from tui.widgets.state_counts import StateCounts

TRIAGE_CHOICE = "triage"  # the state filter's first choice: every state that needs doing
MIN_PAGE = 40  # rows held by the table at a time: a screenful and some, never the whole queue
POLL_SECONDS = 2.0


class QueueScreen(Screen):
    """Triage: which cases wait, for how long, and what is wrong with them."""

    CSS_PATH = "queue.tcss"
    # Descriptions are keys of the language file's [key] section (tui/texts.py).
    BINDINGS = [
        Binding("slash", "search", "search"),
        Binding("escape", "leave_search", "leave_search", show=False),
        Binding("f", "filter_state", "filter_state"),
        Binding("k", "filter_kind", "filter_kind"),
        Binding("s", "cycle_sort", "sort"),
        Binding("S", "flip_sort", "flip_sort", show=False),
        Binding("c", "clear_filters", "clear_filters"),
        Binding("t", "filter_signal", "filter_signal", show=False),
        Binding("R", "app.show_register", "register"),
        Binding("ctrl+r", "reload", "reload", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.texts = self.app.texts
        localize_bindings(self, self.texts)
        localize_register_bindings(self, self.texts.language)
        # Triage by default: what needs staff or the applicant, the least time left first.
        self.flt = QueueFilter(statuses=TRIAGE)
        self.sort = "days_left"
        self.descending = False
        self.window_offset = 0
        self.total = 0
        self._generation = 0
        self._marker: tuple | None = None
        self.loads = 0  # pages shown so far (tests and the benchmark wait on it)
        self.totals_loaded = 0
        self.last_load_seconds = 0.0
        self._signal_options: list[tuple[str, str]] = []

    def compose(self) -> ComposeResult:
        # Ask for the first page now: the query runs while the widgets are being mounted.
        self._ready = False
        self._pending: tuple | None = None
        self.load()
        yield Header()
        yield StateCounts(id="counts")
        with Horizontal(id="filters"):
            yield Input(placeholder=self.texts("queue", "search_placeholder"), id="search")
            yield Select([(self.texts("queue", "triage"), TRIAGE_CHOICE)]
                         + [(fmt.state(s, self.texts), s) for s in fmt.STATES],
                         prompt=self.texts("queue", "all_states"), id="state", value=TRIAGE_CHOICE)
            yield Select([], prompt=self.texts("queue", "all_kinds"), id="kind")
            # Shown once any case has a surveillance signal (load_kinds).
            signal = Select([], prompt=text("signals", "all", language=self.texts.language), id="signal")
            signal.display = False
            yield signal
        yield QueueTable(id="queue")
        yield SignalPanel(language=self.texts.language, id="signal-evidence")
        yield Static(id="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.title = "mdreg"
        self.sub_title = self.texts("app", "queue")
        self.query_one(QueueTable).focus()
        self._ready = True
        if self._pending:
            self._show(*self._pending)
        self.set_timer(0.5, self.load_kinds)
        self.set_interval(POLL_SECONDS, self.poll)

    def on_screen_resume(self) -> None:
        # Back from a case: what the officer did there shows at once.
        if self.loads:
            self.load(keep=self.query_one(QueueTable).current_reference)

    # ------------------------------------------------------------------ loading

    @property
    def page_size(self) -> int:
        # DataTable measures every cell it is given before it paints: keep the window small.
        return max(MIN_PAGE, self.app.size.height + 16)

    def load(self, *, offset: int | None = None, keep: str | None = None, step: int = 0) -> None:
        self._generation += 1
        self._fetch(self._generation, self.flt, self.sort, self.descending,
                    self.window_offset if offset is None else offset, keep, step, time.perf_counter(),
                    self.page_size)

    @work(thread=True, exclusive=True, group="queue-load")
    def _fetch(self, generation: int, flt: QueueFilter, sort: str, descending: bool, offset: int,
               keep: str | None, step: int, started: float, limit: int) -> None:
        # The change marker is read before the rows, so a case added meanwhile still triggers a reload.
        self._marker = change_marker(engine=self.app.engine)
        # Rows first (what the officer waits for), then the totals and counts per state.
        rows = queue_rows(engine=self.app.engine, flt=flt, sort=sort, descending=descending,
                          offset=offset, limit=limit)
        if not rows and offset > 0:  # the window fell off the end (a filter shrank the queue)
            offset = 0
            rows = queue_rows(engine=self.app.engine, flt=flt, sort=sort, descending=descending, limit=limit)
        self.app.call_from_thread(self._show, generation, rows, offset, keep, step, started)
        total, counts = queue_totals(engine=self.app.engine, flt=flt)
        self.app.call_from_thread(self._show_totals, generation, total, counts, offset, len(rows))

    def _show(self, generation: int, rows: tuple[QueueRow, ...], offset: int, keep: str | None, step: int,
              started: float) -> None:
        if generation != self._generation:
            return  # a newer filter or page was asked for meanwhile
        if not self._ready:
            self._pending = (generation, rows, offset, keep, step, started)
            return
        self.window_offset = offset
        table = self.query_one(QueueTable)
        table.show(rows, self.app.now(), keep=keep)
        if step and keep in table.references:
            table.move_cursor(row=table.cursor_row + step, animate=False)
        self._show_evidence()
        self.loads += 1
        self.last_load_seconds = time.perf_counter() - started

    def _show_totals(self, generation: int, total: int, counts: dict[str, int], offset: int, shown: int) -> None:
        if generation != self._generation:
            return
        if not self._ready:
            self.call_after_refresh(self._show_totals, generation, total, counts, offset, shown)
            return
        self.total = total
        self.query_one(StateCounts).show(counts, self.flt.status, self.texts)
        status = self.query_one("#status", Static)
        if not total:
            search = self.flt.search.strip()
            status.update(self.texts("queue", "empty_search", search=search) if search
                          else self.texts("queue", "empty"))
        else:
            direction = self.texts("queue", "descending" if self.descending else "ascending")
            status.update(self.texts(
                "queue", "status", first=f"{offset + 1:,}".replace(",", " "),
                last=f"{offset + shown:,}".replace(",", " "), total=f"{total:,}".replace(",", " "),
                sort=self.texts("column", self.sort).lower(), arrow=f"({direction})",
                legend=fmt.flags_legend(self.texts)))
        self.totals_loaded += 1

    @work(thread=True, exclusive=True, group="queue-kinds")
    def load_kinds(self) -> None:
        found = kinds(engine=self.app.engine)
        self.app.call_from_thread(self._set_kinds, found, rules_in_use(engine=self.app.engine))

    def _set_kinds(self, found: list[str], in_use: list[str] = ()) -> None:
        try:
            select = self.query_one("#kind", Select)
            current = select.value
            select.set_options([(self.texts.kind(k), k) for k in found])
            if current in found:
                select.value = current
            self._set_signals(list(in_use))
        except NoMatches:
            pass  # an answer arriving while the app closes (a poll saw the last action's change)

    def _set_signals(self, in_use: list[str], *, offer: bool = False) -> None:
        """Every rule (staff may look for one no case has matched yet), those in use first."""
        select = self.query_one("#signal", Select)
        if not in_use and self.flt.signal is None and not offer:
            select.display = False
            return
        names = rule_texts(self.app.settings, self.texts.language)
        options = [(text("signals", "any", language=self.texts.language), ANY_SIGNAL)]
        options += [(names.get(r, r), r) for r in sorted(names, key=lambda r: (r not in in_use, names[r]))]
        if [v for _, v in options] != [v for _, v in self._signal_options]:
            current = select.value
            select.set_options(options)
            self._signal_options = options
            if current in {value for _, value in options}:
                select.value = current
        select.display = True

    def poll(self) -> None:
        self._poll()

    @work(thread=True, exclusive=True, group="queue-poll")
    def _poll(self) -> None:
        marker = change_marker(engine=self.app.engine)
        self.app.call_from_thread(self._changed, marker)

    def _changed(self, marker: tuple) -> None:
        tables = self.query(QueueTable)
        if not tables:
            return  # the app is closing: a poll begun before answers after the screen's widgets went
        if self._marker is not None and marker != self._marker:
            self.load(keep=tables.first().current_reference)
            self.load_kinds()
        self._marker = marker

    # ------------------------------------------------------------------ events

    @on(QueueTable.CaseOpened)
    def open_case(self, event: QueueTable.CaseOpened) -> None:
        self.app.open_case(event.reference)

    @on(QueueTable.EdgeReached)
    def page_on(self, event: QueueTable.EdgeReached) -> None:
        table = self.query_one(QueueTable)
        if event.forward and self.window_offset + len(table.references) < self.total:
            self.load(offset=self.window_offset + self.page_size // 2, keep=table.current_reference, step=+1)
        elif not event.forward and self.window_offset > 0:
            self.load(offset=max(0, self.window_offset - self.page_size // 2), keep=table.current_reference, step=-1)

    @on(QueueTable.HeaderSelected)
    def sort_by(self, event: QueueTable.HeaderSelected) -> None:
        key = str(event.column_key.value)
        if key not in SORTABLE:
            return
        if key == self.sort:
            self.descending = not self.descending
        else:
            self.sort, self.descending = key, key in ("received", "missing", "reference")
        self.load(offset=0)

    @on(Input.Changed, "#search")
    def search_changed(self, event: Input.Changed) -> None:
        self.flt = replace(self.flt, search=event.value)
        self.load(offset=0)

    @on(Input.Submitted, "#search")
    def search_done(self) -> None:
        self.query_one(QueueTable).focus()

    @on(Select.Changed, "#state")
    def state_changed(self, event: Select.Changed) -> None:
        if event.value == TRIAGE_CHOICE:
            self.flt = replace(self.flt, status=None, statuses=TRIAGE)
        else:
            status = None if event.value is Select.NULL else str(event.value)
            self.flt = replace(self.flt, status=status, statuses=())
        self.load(offset=0)

    @on(Select.Changed, "#signal")
    def signal_changed(self, event: Select.Changed) -> None:
        signal = None if event.value is Select.NULL else str(event.value)
        self.flt = replace(self.flt, signal=signal)
        self.load(offset=0)

    @on(QueueTable.RowHighlighted)
    def row_highlighted(self) -> None:
        self._show_evidence()

    def _show_evidence(self) -> None:
        """While the queue is filtered by signal, the highlighted case's signals and their evidence."""
        panel = self.query_one(SignalPanel)
        reference = self.query_one(QueueTable).current_reference if self.flt.signal else None
        if reference != panel.reference:
            panel.load(engine=self.app.engine, reference=reference)

    @on(Select.Changed, "#kind")
    def kind_changed(self, event: Select.Changed) -> None:
        kind = None if event.value is Select.NULL else str(event.value)
        self.flt = replace(self.flt, kind=kind)
        self.load(offset=0)

    # ------------------------------------------------------------------ actions

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_leave_search(self) -> None:
        self.query_one(QueueTable).focus()

    def action_filter_state(self) -> None:
        select = self.query_one("#state", Select)
        select.focus()
        select.action_show_overlay()

    def action_filter_kind(self) -> None:
        select = self.query_one("#kind", Select)
        select.focus()
        select.action_show_overlay()

    def action_filter_signal(self) -> None:
        select = self.query_one("#signal", Select)
        select.display = True
        if not self._signal_options:
            self._set_signals([], offer=True)  # no signal yet: offer the rules anyway
        select.focus()
        select.action_show_overlay()

    def action_cycle_sort(self) -> None:
        order = [key for key, _ in COLUMNS if key in SORTABLE]
        self.sort = order[(order.index(self.sort) + 1) % len(order)] if self.sort in order else order[0]
        self.load(offset=0)

    def action_flip_sort(self) -> None:
        self.descending = not self.descending
        self.load(offset=0)

    def action_clear_filters(self) -> None:
        self.query_one("#search", Input).value = ""
        self.query_one("#state", Select).value = TRIAGE_CHOICE
        self.query_one("#kind", Select).clear()
        self.query_one("#signal", Select).clear()
        self.flt = QueueFilter(statuses=TRIAGE)
        self.load(offset=0)

    def action_reload(self) -> None:
        self.load(keep=self.query_one(QueueTable).current_reference)
