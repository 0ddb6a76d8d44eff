"""Reading ahead: while the worker records one batch, the intake children read the next one.

Recording runs in the worker's process and intake in its children (intake/bounded.py), so
without this each waits for the other: the children sit idle while a batch is recorded, the
worker while it is read. With it, once a batch's Understandings are in, the worker claims the
next batch and hands it to a thread that sends it to the children and waits for their answers,
then records the batch in hand; on two cores the two overlap.

What stays as it was: a batch read ahead is claimed like any other (committed, leased: the
heartbeat renews it from its claim until it is recorded), and it is recorded after the batch
before it, so messages are still recorded in the order they were claimed. A worker that dies
leaves both batches claimed, released as after any crash. Nothing is read ahead after a batch
holding a message tried before (claimed alone, store/inbox.py claim_batch): a message that
kills its worker then costs the messages read ahead of it one attempt at most, as it costs the
messages of its own batch. Nor while the edge is bursting: mail arriving comes first
(mailbot/runners/edge_first.py). A stop finishes the batch read ahead too (Worker.run).
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Callable

from intake.model import Understanding
from store.inbox import Claimed
from store.leases import Heartbeat

log = logging.getLogger("mdreg.worker")


@dataclass
class Ahead:
    """A claimed batch, its Understandings to come, and its lease (held until it is recorded)."""

    batch: list[Claimed]
    understood: Future[list[Understanding]]
    lease: ExitStack
    started: float  # time.monotonic() when its reading began, for the log line's elapsed time


class ReadAhead:
    """One batch read ahead at most, by one thread."""

    def __init__(self, *, claim: Callable[[], list[Claimed] | None],
                 understand: Callable[[list[Claimed]], list[Understanding]], heartbeat: Heartbeat,
                 lease: Callable[[list[Claimed]], dict[str, list[int]]]) -> None:
        self._claim = claim
        self._understand = understand
        self._heartbeat = heartbeat
        self._lease = lease
        self._next: Ahead | None = None
        self._thread: ThreadPoolExecutor | None = None

    def start(self, batch: list[Claimed]) -> Ahead:
        """Begin reading `batch` in the thread; its lease is renewed from now on."""
        lease = ExitStack()
        lease.enter_context(self._heartbeat.holding(**self._lease(batch)))
        if self._thread is None:
            self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="read-ahead")
        return Ahead(batch=batch, understood=self._thread.submit(self._understand, batch), lease=lease,
                     started=time.monotonic())

    def read_next(self, *, after: list[Claimed]) -> None:
        """Claim the next batch and begin reading it, unless one is read ahead already or the
        batch in hand (`after`) holds a message tried before."""
        if self._next is not None or any(claimed.attempts > 1 for claimed in after):
            return
        try:
            batch = self._claim()
        except Exception:  # noqa: BLE001 - the batch in hand is recorded all the same; claimed next time
            log.warning("could not claim the next batch ahead", exc_info=True)
            return
        if batch is not None:
            self._next = self.start(batch)

    def take(self) -> Ahead | None:
        """The batch read ahead (its reading may still be under way), or None."""
        ahead, self._next = self._next, None
        return ahead

    def close(self) -> None:
        """Stop the thread; a batch still read ahead (its worker stopped on an error) is no longer
        renewed: its claims lapse and another worker takes them over, as after a crash."""
        if self._thread is not None:
            self._thread.shutdown(wait=True)
            self._thread = None
        ahead = self.take()
        if ahead is not None:
            ahead.lease.close()
