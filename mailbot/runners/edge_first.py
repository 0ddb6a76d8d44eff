"""The edge comes first: in `mdreg serve`, the worker and the sender give way while mail arrives.

Runners that share the edge's interpreter lock (the sender; the worker too when run as a thread)
hold it while they work, and each SMTP command then waits for its turn: under a burst the edge
accepted a quarter of what it accepts alone. `serve`'s worker runs in a child process
(mailbot/runners/worker_processes.py) with a lock of its own, but still shares the database, whose
write lock (on SQLite, one writer at a time) each DATA's commit needs. A sender waits for its 250
and may time out; a stored message only waits for its reply. So during a burst (SMTP or LMTP
commands arriving fast), the runners wait for a short lull — no command for `quiet` seconds and
no DATA waiting for its commit — before their next item, never longer than `longest` at a time,
so that under a sustained load they still go on. Mail that trickles in is no burst: its reply is
not held back, but a DATA waiting for its commit is waited for even then, or a runner that took
the write lock first would hold its 250 back (SQLite's busy handler sleeps in growing steps).
The edge's record of its activity lives in shared memory for the worker child
(EdgeActivity.shared), written by the edge, read by the child. Separate `mdreg worker` processes
know nothing of the edge and do not wait."""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from typing import Iterator, MutableSequence

QUIET_SECONDS = 0.01  # no SMTP command for this long: a lull
LONGEST_WAIT_SECONDS = 0.5  # the most a runner waits before its next item
# A burst: at least this many MAIL/DATA commands within the last one or two windows. Mail that
# trickles in (a message now and then) is no burst, and its reply is not held back at all.
WINDOW_SECONDS = 0.1
BURST_COMMANDS = 8


# The record's fields, by index: one list in one process, or one array of doubles in shared memory.
LAST, STORING, WINDOW_START, IN_WINDOW, IN_PREVIOUS = range(5)


class EdgeActivity:
    """When the edges last saw a command; runners wait for a lull. Only the edges' event loop
    writes the record (each field an aligned double: a write is atomic), runners only read it."""

    def __init__(self, *, quiet: float = QUIET_SECONDS, longest: float = LONGEST_WAIT_SECONDS,
                 record: MutableSequence[float] | None = None) -> None:
        self.quiet = quiet
        self.longest = longest
        # LAST: time.monotonic() of the last command (CLOCK_MONOTONIC: one clock for all processes);
        # STORING: DATA commands waiting for their commit; WINDOW_START, IN_WINDOW, IN_PREVIOUS:
        # commands counted per window, this one and the one before.
        self._record = record if record is not None else [0.0] * 5

    @classmethod
    def shared(cls, **timing: float) -> EdgeActivity:
        """A record in shared memory, for a child process spawned with this object as an argument."""
        from multiprocessing.sharedctypes import RawArray

        return cls(record=RawArray("d", 5), **timing)

    def note(self) -> None:
        """An edge received a command (called from the event loop: cheap, never blocks)."""
        record = self._record
        now = time.monotonic()
        if now - record[WINDOW_START] >= WINDOW_SECONDS:
            fresh = now - record[WINDOW_START] < 2 * WINDOW_SECONDS
            record[IN_PREVIOUS] = record[IN_WINDOW] if fresh else 0.0
            record[WINDOW_START], record[IN_WINDOW] = now, 0.0
        record[IN_WINDOW] += 1
        record[LAST] = now

    def bursting(self, now: float | None = None) -> bool:
        """Whether mail is arriving fast: BURST_COMMANDS within the last window or two."""
        now = time.monotonic() if now is None else now
        if now - self._record[WINDOW_START] >= 2 * WINDOW_SECONDS:
            return False
        return self._record[IN_WINDOW] + self._record[IN_PREVIOUS] >= BURST_COMMANDS

    @contextmanager
    def storing(self) -> Iterator[None]:
        """Around a DATA command's commit: its client waits for the 250, so this is no lull."""
        self._record[STORING] += 1
        try:
            yield
        finally:
            self._record[STORING] -= 1
            self._record[LAST] = time.monotonic()

    def wait_for_lull(self, stop: threading.Event) -> float:
        """While a DATA waits for its commit, and during a burst until no command came for `quiet`
        seconds, wait, at most `longest`; the seconds waited (none when mail only trickles in)."""
        started = time.monotonic()
        while not stop.is_set():
            now = time.monotonic()
            since = now - self._record[LAST]
            storing = self._record[STORING] > 0
            lull = not storing and (since >= self.quiet or not self.bursting(now))
            if lull or now - started >= self.longest:
                break
            stop.wait(max(self.quiet - since, self.quiet / 4))
        return time.monotonic() - started
