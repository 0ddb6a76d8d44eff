"""The runner base, in the manner of GNU Mailman's Runner: a loop that takes one item at a time.

    run(stop):  _on_start(); then until `stop`: _one_iteration(), and _snooze() whenever it
                found nothing to do
    _one_iteration(): _claim() one item; _dispose() of it while a heartbeat renews its lease

A subclass says what it claims (`_claim`), which lease the heartbeat renews (`_lease`) and what
it does with the item (`_dispose`). A failure is logged once per change of health
(mailbot/runners/fault_log.py) and never ends the loop. `_snooze` waits the poll interval, or
less when `wake` (anything with `wait(timeout)`, such as a threading.Event, that whoever stores
new work sets) is set; `_after_work` runs after each iteration that did something. With
`give_way`, each iteration first waits for a lull at the edges (mailbot/runners/edge_first.py).

`stuck_for()` says how long the runner has been inside an iteration without finishing it, not
counting waits that are bounded elsewhere (`waiting()`: the snooze, the edge's lull, the bounded
intake children). Whoever beats for the runner (worker_child.py, roles.py) stops beating once
that passes STUCK_SECONDS: a thread caught in a loop of its own code is then replaced, where a
beat from another thread of its process kept telling the parent all was well.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.engine import Engine

from mailbot.runners.edge_first import EdgeActivity
from mailbot.runners.fault_log import FaultLog
from mailbot.settings import Settings
from store.leases import Heartbeat, release_dead_claims


# Longer than any one iteration's own work takes when nothing is wrong: a batch recorded, its
# register checks (each HTTP call bounded by brreg_timeout_seconds), a write lock waited for
# (bounded at 60 s, store/sqlite_begin.py).
STUCK_SECONDS = 300.0


def make_worker_id(role: str) -> str:
    """A holder id carrying host and PID, so a restarted process can tell its dead peers' claims."""
    return f"{role}:{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class Runner:
    """Claims items one at a time and disposes of them until told to stop."""

    role = "runner"  # the first part of the holder id, and the name in the health log lines
    log = logging.getLogger("mdreg.runner")

    def __init__(self, *, settings: Settings, engine: Engine, runner_id: str | None = None,
                 wake: threading.Event | None = None, poll_seconds: float | None = None,
                 give_way: EdgeActivity | None = None) -> None:
        self.settings = settings
        self.engine = engine
        self.runner_id = runner_id or make_worker_id(self.role)
        self.heartbeat = Heartbeat(engine=engine, holder=self.runner_id, interval=settings.claim_timeout_seconds / 3)
        self.wake = wake
        self.give_way = give_way  # the edges of this process, which come first (edge_first.py)
        self.poll_seconds = settings.worker_poll_seconds if poll_seconds is None else poll_seconds
        self._stop: threading.Event | None = None  # run()'s, for waits inside an iteration
        # Set once the start-up work (releasing dead claims) and the first look for work are done:
        # until then the runner may hold the database's write lock at any moment.
        self.started = threading.Event()
        self._busy_since: float | None = None  # when the iteration in hand began; None while waiting

    def progressing(self) -> bool:
        """Not stuck: whoever beats for this runner goes on beating."""
        return self.stuck_for() < STUCK_SECONDS

    def stuck_for(self) -> float:
        """Seconds inside the iteration in hand, waits bounded elsewhere left out; 0 when idle."""
        since = self._busy_since
        return 0.0 if since is None else time.monotonic() - since

    @contextmanager
    def waiting(self) -> Iterator[None]:
        """A wait that something else bounds (a timeout, a killed child): not being stuck. The
        clock starts again after it."""
        self._busy_since = None
        try:
            yield
        finally:
            self._busy_since = time.monotonic()

    def run(self, stop: threading.Event) -> None:
        self._stop = stop
        self._on_start()
        health = FaultLog(self.log, self.role)
        while not stop.is_set():
            self._give_way_between()
            self._busy_since = time.monotonic()
            try:
                busy = self._one_iteration()
            except Exception as exc:  # noqa: BLE001 - the loop must outlive any one item or DB hiccup
                health.failed(exc)
                busy = False
            else:
                health.succeeded()
                if busy:
                    self._after_work()
            self._busy_since = None
            self.started.set()
            if not busy and not stop.is_set():
                self._snooze(stop)

    def _on_start(self) -> None:
        """Release at once the claims dead processes on this host left (store/leases.py)."""
        try:
            release_dead_claims(engine=self.engine)
        except Exception:  # noqa: BLE001 - their leases still lapse; never stop for this
            self.log.warning("could not release the claims of dead processes", exc_info=True)

    def _one_iteration(self) -> bool:
        """Claim one item and dispose of it while its lease is renewed; False when there was none."""
        return self._work(self._claim())

    def _work(self, item: Any | None) -> bool:
        """Dispose of a claimed item (None: nothing claimed) while its lease is renewed."""
        if item is None:
            return False
        with self.heartbeat.holding(**self._lease(item)):
            self._dispose(item)
        return True

    def _give_way_between(self) -> None:
        """Before each item (of the loop, and of a batch), the edges of this process come first."""
        if self.give_way is not None and self._stop is not None:
            with self.waiting():  # bounded by the EdgeActivity's `longest`
                self.give_way.wait_for_lull(self._stop)

    def _snooze(self, stop: threading.Event) -> None:
        """Wait the poll interval, or until a wake-up (`self.wake`) says there is work."""
        woken = (self.wake or stop).wait(self.poll_seconds)
        if woken and isinstance(self.wake, threading.Event):
            self.wake.clear()  # a plain Event stays set; an object that re-arms itself needs nothing

    def _after_work(self) -> None:
        """Called after each iteration that did something (e.g. to wake whoever comes next)."""

    def _claim(self) -> Any | None:
        raise NotImplementedError

    def _lease(self, item: Any) -> dict[str, list[int]]:
        """The heartbeat's keyword arguments for `item` (inbound_ids=[…] or outbox_ids=[…])."""
        raise NotImplementedError

    def _dispose(self, item: Any) -> None:
        raise NotImplementedError
