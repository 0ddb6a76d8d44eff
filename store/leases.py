"""Claims are leases: the holder renews them while it works, and a process releases at once the
claims that dead processes on its own host left behind.

A claim (inbound `claimed`, outbox `sending`) carries its holder's id, `role:host:pid:nonce`
(mailbot.runners.base.make_worker_id), and the time it was last renewed (`claimed_at`, or the
outbox's `next_attempt_at` while sending). Another worker takes a claim over only after the lease
(`claim_timeout_seconds`, 30 s by default) passed without a renewal; the holder renews every third
of that, from a heartbeat thread, so a live worker slower than the lease keeps its claim.
On start a process looks at the claims held by its own host: a holder whose PID no longer runs
died, and its claims go back to the queue at once instead of waiting out the lease.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from contextlib import contextmanager
from typing import Iterable, Iterator

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from intake.states import InboundStatus, OutboxStatus
from store.db import INBOUND_CHANNEL, OUTBOX_CHANNEL, claim_clock, notify_on_commit, session_scope
from store.models import InboundMessage, OutboxMessage

log = logging.getLogger("mdreg.leases")


def renew(*, engine: Engine, holder: str, inbound_ids: Iterable[int] = (), outbox_ids: Iterable[int] = ()) -> int:
    """Renew this holder's leases on these rows; returns how many it still holds."""
    inbound_ids, outbox_ids = list(inbound_ids), list(outbox_ids)
    now, _ = claim_clock(engine, 0)
    held = 0
    with session_scope(engine) as session:
        if inbound_ids:
            held += session.execute(
                update(InboundMessage)
                .where(InboundMessage.id.in_(inbound_ids), InboundMessage.status == InboundStatus.CLAIMED,
                       InboundMessage.claimed_by == holder)
                .values(claimed_at=now).execution_options(synchronize_session=False)
            ).rowcount
        if outbox_ids:
            held += session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id.in_(outbox_ids), OutboxMessage.status == OutboxStatus.SENDING,
                       OutboxMessage.claimed_by == holder)
                .values(next_attempt_at=now).execution_options(synchronize_session=False)
            ).rowcount
    return held


class Heartbeat:
    """Renews the leases a runner holds, every `interval` seconds, from a daemon thread."""

    def __init__(self, *, engine: Engine, holder: str, interval: float) -> None:
        self.engine, self.holder, self.interval = engine, holder, max(0.05, interval)
        self._inbound: set[int] = set()
        self._outbox: set[int] = set()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    @contextmanager
    def holding(self, *, inbound_ids: Iterable[int] = (), outbox_ids: Iterable[int] = ()) -> Iterator[None]:
        """Keep these leases renewed while the block runs."""
        inbound_ids, outbox_ids = set(inbound_ids), set(outbox_ids)
        with self._lock:
            self._inbound |= inbound_ids
            self._outbox |= outbox_ids
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._beat, name=f"lease-{self.holder}", daemon=True)
                self._thread.start()
        try:
            yield
        finally:
            with self._lock:
                self._inbound -= inbound_ids
                self._outbox -= outbox_ids

    def _beat(self) -> None:
        idle = 0
        while idle < 3:  # the thread ends after a few idle beats; holding() starts another
            threading.Event().wait(self.interval)
            with self._lock:
                inbound, outbox = set(self._inbound), set(self._outbox)
            if not inbound and not outbox:
                idle += 1
                continue
            idle = 0
            try:
                renew(engine=self.engine, holder=self.holder, inbound_ids=inbound, outbox_ids=outbox)
            except Exception:  # noqa: BLE001 - a missed beat is retried at the next one
                log.warning("could not renew the leases of %s; retrying", self.holder, exc_info=True)


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process, alive
    return True


def dead_here(holder: str | None, *, host: str | None = None) -> bool:
    """True when `holder` names a process on this host that no longer runs."""
    parts = (holder or "").split(":")
    if len(parts) < 4 or parts[1] != (host or socket.gethostname()):
        return False
    try:
        pid = int(parts[2])
    except ValueError:
        return False
    return pid != os.getpid() and not pid_alive(pid)


def release_dead_claims(*, engine: Engine, host: str | None = None) -> tuple[int, int]:
    """Give back at once the inbound and outbox claims of dead processes on this host.
    Returns (inbound released, outbox released). Attempts are kept: a message that keeps killing
    its workers still ends as `unreadable` after max_processing_attempts."""
    with Session(engine) as session:
        inbound_holders = set(session.exec(select(InboundMessage.claimed_by).where(
            InboundMessage.status == InboundStatus.CLAIMED).distinct()).all())
        outbox_holders = set(session.exec(select(OutboxMessage.claimed_by).where(
            OutboxMessage.status == OutboxStatus.SENDING).distinct()).all())
    dead_inbound = [h for h in inbound_holders if dead_here(h, host=host)]
    dead_outbox = [h for h in outbox_holders if dead_here(h, host=host)]
    released = [0, 0]
    if not dead_inbound and not dead_outbox:
        return 0, 0
    now, _ = claim_clock(engine, 0)
    with session_scope(engine) as session:
        if dead_inbound:
            released[0] = session.execute(
                update(InboundMessage)
                .where(InboundMessage.status == InboundStatus.CLAIMED, InboundMessage.claimed_by.in_(dead_inbound))
                .values(status=InboundStatus.STORED, claimed_by=None, claimed_at=None)
                .execution_options(synchronize_session=False)
            ).rowcount
            notify_on_commit(session, INBOUND_CHANNEL)
        if dead_outbox:
            released[1] = session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.status == OutboxStatus.SENDING, OutboxMessage.claimed_by.in_(dead_outbox))
                .values(status=OutboxStatus.QUEUED, claimed_by=None, next_attempt_at=now)
                .execution_options(synchronize_session=False)
            ).rowcount
            notify_on_commit(session, OUTBOX_CHANNEL)
    if any(released):
        log.info("released the claims of dead processes on this host: %d messages, %d outgoing", *released)
    return released[0], released[1]
