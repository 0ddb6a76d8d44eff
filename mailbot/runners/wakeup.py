"""Wake-ups instead of polling: whoever puts work somewhere rings, whoever does it wakes at once.

The edges ring `inbound` after a durable store and the worker rings `outbox` after recording a
message; the worker waits on `inbound`, the sender on `outbox`. In one process these are
Doorbells. `mdreg serve` runs its workers in child processes (mailbot/runners/worker_processes.py):
there the edge's `inbound` writes a byte down a pipe to each child, where a thread rings the
worker's Doorbell, and the child's `outbox` sends a note up a pipe to the parent's sender.
On PostgreSQL, work also wakes other processes (`mdreg worker`, `mdreg sender` beside `serve`):
whatever commits new mail or a reply due — an edge, a worker, `mdreg ingest`, a case officer's
action in the staff UI — sends a NOTIFY in that transaction (store/db.py notify_on_commit), and
each process listens here. Polling stays as the fallback: a waiter never sleeps longer than its
poll interval, so a lost ring (or a NOTIFY connection that is down) only costs that interval.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

from sqlalchemy.engine import Engine

from mailbot.runners.edge_first import EdgeActivity
from store.db import INBOUND_CHANNEL, OUTBOX_CHANNEL

log = logging.getLogger("mdreg.wakeup")

LISTEN_TIMEOUT_SECONDS = 1.0  # how often the listener looks at its stop event
RECONNECT_SECONDS = 5.0


class Doorbell:
    """Like threading.Event, but each waiting thread wakes once per ring and re-arms itself: rings
    while a thread works are remembered for that thread, so no ring is lost between two waits."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._rings = 0
        self._seen = threading.local()

    def ring(self) -> None:
        """Work is waiting: wake the waiters of this process (other processes learn it from the
        NOTIFY sent in the transaction that committed the work)."""
        self.set()

    def set(self) -> None:
        """Wake the waiters of this process only."""
        with self._condition:
            self._rings += 1
            self._condition.notify_all()

    def wait(self, timeout: float | None = None) -> bool:
        """Until a ring this thread has not seen yet, or `timeout`; True when rung."""
        with self._condition:
            seen = getattr(self._seen, "rings", 0)
            rung = self._condition.wait_for(lambda: self._rings != seen, timeout)
            self._seen.rings = self._rings
            return rung


@dataclass
class Wakeups:
    """The doorbells of one process, passed down from `serve` (or `mdreg worker|sender`)."""

    # Each bell is a Doorbell, or, across a process boundary, anything with ring() and set().
    inbound: Doorbell = field(default_factory=Doorbell)  # a message was stored
    outbox: Doorbell = field(default_factory=Doorbell)  # a reply was queued
    edge: EdgeActivity = field(default_factory=EdgeActivity)  # runners give way to it (edge_first.py)
    bridge: PgBridge | None = None

    @classmethod
    def start(cls, *, engine: Engine, listen: tuple[str, ...] = ("inbound", "outbox"), **given) -> Wakeups:
        """Doorbells for this process; on PostgreSQL also shared with other processes. `listen`
        names the bells this process waits on (a worker process needs only `inbound`); `given`
        bells and edge record (the fields' names) replace the default ones."""
        if engine.dialect.name != "postgresql" or not listen:
            return cls(**given)
        bridge = PgBridge(engine=engine)
        wakeups = cls(bridge=bridge, **given)
        channels = {"inbound": INBOUND_CHANNEL, "outbox": OUTBOX_CHANNEL}
        bridge.start(bells={channels[name]: getattr(wakeups, name) for name in listen})
        return wakeups

    def wake_all(self) -> None:
        """Wake every waiter, e.g. so that it sees its stop event now."""
        self.inbound.set()
        self.outbox.set()

    def close(self) -> None:
        self.wake_all()
        if self.bridge is not None:
            self.bridge.stop()


class PgBridge:
    """LISTEN between processes: one thread listens and rings this process's bells."""

    def __init__(self, *, engine: Engine) -> None:
        self.engine = engine
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self, *, bells: dict[str, Doorbell]) -> None:
        self._threads = [threading.Thread(target=self._listen, args=(bells,), name="pg-listen", daemon=True)]
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(LISTEN_TIMEOUT_SECONDS + 1)

    def _listen(self, bells: dict[str, Doorbell]) -> None:
        import psycopg

        url = self.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        failing = False
        while not self._stop.is_set():
            try:
                with psycopg.connect(url, autocommit=True, connect_timeout=10) as connection:
                    for channel in bells:
                        connection.execute(f"LISTEN {channel}")
                    if failing:
                        log.info("LISTEN connection back: wake-ups between processes work again")
                        failing = False
                    for bell in bells.values():  # rings sent while we were not listening
                        bell.set()
                    while not self._stop.is_set():
                        for note in connection.notifies(timeout=LISTEN_TIMEOUT_SECONDS):
                            bells[note.channel].set()
            except Exception as exc:  # noqa: BLE001 - polling carries on meanwhile
                if not failing:
                    log.warning("LISTEN connection lost (%s); polling until it is back", type(exc).__name__)
                    failing = True
                self._stop.wait(RECONNECT_SECONDS)
