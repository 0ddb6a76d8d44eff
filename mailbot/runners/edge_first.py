"""The edge comes first: in `mdreg serve`, the worker and the sender give way while mail arrives.

The edge, the worker and the sender of one process share one interpreter lock. A worker busy
with one message after another holds it most of the time, and each SMTP command then waits for
its turn: under a burst the edge accepted a quarter of what it accepts alone. A sender waits
for its 250 and may time out; a stored message only waits for its reply. So during a burst
(SMTP or LMTP commands arriving fast), the runners of that process wait for a short lull — no
command for `quiet` seconds and no DATA waiting for its commit — before their next item, never
longer than `longest` at a time, so that under a sustained load they still go on. Mail that
trickles in is no burst: its reply is not held back.
Separate `mdreg worker` processes do not share the lock and do not wait.
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from typing import Iterator

QUIET_SECONDS = 0.01  # no SMTP command for this long: a lull
LONGEST_WAIT_SECONDS = 0.5  # the most a runner waits before its next item
# A burst: at least this many MAIL/DATA commands within the last one or two windows. Mail that
# trickles in (a message now and then) is no burst, and its reply is not held back at all.
WINDOW_SECONDS = 0.1
BURST_COMMANDS = 8


class EdgeActivity:
    """When the edges of this process last saw a command; runners wait for a lull."""

    def __init__(self, *, quiet: float = QUIET_SECONDS, longest: float = LONGEST_WAIT_SECONDS) -> None:
        self.quiet = quiet
        self.longest = longest
        self._last = 0.0  # time.monotonic() of the last command; a float write is atomic
        self._storing = 0  # DATA commands waiting for their commit (only the event loop changes it)
        self._window_start = 0.0  # commands counted per window, this one and the one before
        self._in_window = 0
        self._in_previous = 0

    def note(self) -> None:
        """An edge received a command (called from the event loop: cheap, never blocks)."""
        now = time.monotonic()
        if now - self._window_start >= WINDOW_SECONDS:
            fresh = now - self._window_start < 2 * WINDOW_SECONDS
            self._in_previous = self._in_window if fresh else 0
            self._window_start, self._in_window = now, 0
        self._in_window += 1
        self._last = now

    def bursting(self, now: float | None = None) -> bool:
        """Whether mail is arriving fast: BURST_COMMANDS within the last window or two."""
        now = time.monotonic() if now is None else now
        if now - self._window_start >= 2 * WINDOW_SECONDS:
            return False
        return self._in_window + self._in_previous >= BURST_COMMANDS

    @contextmanager
    def storing(self) -> Iterator[None]:
        """Around a DATA command's commit: its client waits for the 250, so this is no lull."""
        self._storing += 1
        try:
            yield
        finally:
            self._storing -= 1
            self._last = time.monotonic()

    def wait_for_lull(self, stop: threading.Event) -> float:
        """During a burst, wait until no command came for `quiet` seconds and no DATA waits for its
        commit, at most `longest`; the seconds waited (none when mail only trickles in)."""
        started = time.monotonic()
        while not stop.is_set():
            now = time.monotonic()
            since = now - self._last
            lull = (since >= self.quiet and not self._storing) or not self.bursting(now)
            if lull or now - started >= self.longest:
                break
            stop.wait(max(self.quiet - since, self.quiet / 4))
        return time.monotonic() - started
