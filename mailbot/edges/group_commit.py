"""Group commit at the edge: DATA commands that arrive together share one fsync'd transaction.

Each DATA waits for the commit that holds its message and only then gets its 250 (or 451 when
that commit failed), as Postfix promises: nothing is acknowledged before it is durable. While one
commit is in flight, the messages arriving meanwhile gather and go in the next one, so under load
the fsyncs per message fall and at rest a lone message commits at once.

Before a commit starts, it also waits for the envelopes opened (MAIL) in the last few milliseconds
whose DATA has not come yet, for at most GATHER_SECONDS: clients that send together then share
one commit instead of each starting its own. A lone message has no such company and is not held.
"""

from __future__ import annotations

import asyncio
import logging
import os
from functools import partial
from typing import Callable

from sqlalchemy.engine import Engine

from store.inbox import Incoming, Stored, store_many

log = logging.getLogger("mdreg.smtp")

MAX_BATCH = 128
GATHER_SECONDS = 0.001  # the longest a commit waits for DATA already on its way
RECENT_SECONDS = 0.005  # an envelope opened longer ago than this is a slow client, not company
# For tests only: hold the commit until this many messages wait, then die before committing.
KILL_BEFORE_COMMIT_ENV = "MDREG_TEST_KILL_BEFORE_GROUP_COMMIT"


class GroupCommit:
    """Stores messages for the event loop's DATA handlers, batching those that wait together."""

    def __init__(self, *, engine: Engine, on_stored: Callable[[], None] | None = None,
                 max_batch: int = MAX_BATCH) -> None:
        self.engine = engine
        self.on_stored = on_stored or (lambda: None)
        self.max_batch = max_batch
        self._waiting: list[tuple[Incoming, asyncio.Future]] = []
        self._draining = False
        self._open: dict[object, float] = {}  # envelope key -> loop time of its MAIL
        self._arrived: asyncio.Event | None = None
        self._kill_at = int(os.environ.get(KILL_BEFORE_COMMIT_ENV) or 0)

    def opened(self, key: object) -> None:
        """An envelope was opened (MAIL): its DATA may follow within a moment."""
        self._open[key] = asyncio.get_running_loop().time()

    def closed(self, key: object) -> None:
        """An envelope was given up (RSET, QUIT) or its DATA has come."""
        if self._open.pop(key, None) is not None and self._arrived is not None:
            self._arrived.set()

    async def store(self, item: Incoming, *, key: object = None) -> Stored:
        """Return once `item` is committed (StorageFailed when its commit failed)."""
        loop = asyncio.get_running_loop()
        done = loop.create_future()
        self._waiting.append((item, done))
        self.closed(key)
        if not self._draining:
            self._draining = True
            loop.create_task(self._drain())
        return await done

    async def _drain(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            while self._waiting:
                if self._kill_at:
                    await self._die_before_commit()
                await self._gather(loop)
                batch, self._waiting = self._waiting[:self.max_batch], self._waiting[self.max_batch:]
                try:
                    results = await loop.run_in_executor(
                        None, partial(store_many, engine=self.engine, items=[item for item, _ in batch]))
                except Exception as exc:  # noqa: BLE001 - every waiting DATA gets 451, none is lost
                    for _, done in batch:
                        if not done.done():
                            done.set_exception(exc)
                    continue
                for (_, done), result in zip(batch, results):
                    if not done.done():
                        done.set_result(result)
                # Rung after the waiting DATA handlers have written their 250s (their wake-ups are
                # queued before this one): a worker woken first would take the interpreter lock
                # while the 250s wait for it (8 ms of each reply at rest).
                loop.call_soon(self.on_stored)
        finally:
            self._draining = False

    async def _gather(self, loop: asyncio.AbstractEventLoop) -> None:
        """Wait, at most GATHER_SECONDS, for the DATA of envelopes opened a moment ago."""
        deadline = loop.time() + GATHER_SECONDS
        while len(self._waiting) < self.max_batch:
            now = loop.time()
            coming = sum(1 for opened in self._open.values() if now - opened < RECENT_SECONDS)
            if not coming or now >= deadline:
                break
            self._arrived = asyncio.Event()
            try:
                await asyncio.wait_for(self._arrived.wait(), deadline - now)
            except asyncio.TimeoutError:
                break
            finally:
                self._arrived = None
        self._forget_stale(loop.time())

    def _forget_stale(self, now: float) -> None:
        # An envelope whose connection was dropped after MAIL never says so to the handler.
        if len(self._open) > 1000:
            self._open = {key: t for key, t in self._open.items() if now - t < 60}

    async def _die_before_commit(self) -> None:
        while len(self._waiting) < self._kill_at:
            await asyncio.sleep(0.01)
        log.warning("test hook: %d messages wait for one commit; dying before it", len(self._waiting))
        os._exit(137)
