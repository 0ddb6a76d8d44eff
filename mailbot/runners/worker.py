"""The worker: claim stored messages, understand them, plan what becomes of each, record that.

    claim -> understand (intake/bounded.py: one parse, in a bounded child, machine mail included)
          -> plan (intake/plan/outcome.py: pure; the store reads the context first)
          -> record_outcome (store/record.py: through the case state machine, reply queued)

Messages are claimed a batch at a time (one claim, one round trip to each intake child), then
recorded one by one; with intake children, the next batch is claimed and read by them while
this one is recorded (mailbot/runners/read_ahead.py). Each message's context read, plan and record happen in one transaction with
its `done` mark, so a worker killed at any point leaves every message not yet recorded to be
claimed again, never half done; the heartbeat renews the lease of the whole batch meanwhile.
On SQLite (one writer at a time) the batch shares one transaction: one BEGIN IMMEDIATE and one
fsync'd commit for the batch; a message whose recording fails rolls it back, and those messages
are recorded again one transaction each, so that it alone stays claimed. When the edge of this
process is busy, what is recorded so far commits before it is given way. On PostgreSQL each message keeps its own transaction:
workers run side by side there, and row and sender locks held across a batch could deadlock.
Who wrote a message is decided once, from From (intake/mime/identity.py); Reply-To only says where
the reply goes, and never to a robot or to our own mailbox.
"""

from __future__ import annotations

import logging
import time
from contextlib import nullcontext

from sqlalchemy.engine import Engine
from sqlmodel import Session

from intake.bounded import IntakePool, understand_bounded
from intake.mime.identity import identity_of, reply_route
from intake.model import Envelope, Understanding
from intake.plan.decide import envelope_sender
from intake.plan.outcome import Outcome, Policy, plan
from intake.states import CaseState
from intake.understand import unreadable
from mailbot.observe import processed
from mailbot.register_checks import after_record
from mailbot.runners.base import Runner, make_worker_id  # noqa: F401 - make_worker_id: the sender's
from mailbot.runners.read_ahead import ReadAhead
from mailbot.runners.wakeup import Wakeups
from mailbot.settings import Settings
from store import cases, inbox, operators
from store.db import is_sqlite, session_scope
from store.inbox import Claimed
from store.plan_context import read_context
from store.record import Recorded, record_outcome

log = logging.getLogger("mdreg.worker")


class Worker(Runner):
    """Processes stored messages, a batch at a time, until told to stop."""

    role = "worker"
    log = log
    batch_size = 16  # messages claimed at once: a few, so that other workers still find work

    def __init__(self, *, settings: Settings, engine: Engine, worker_id: str | None = None,
                 wakeups: Wakeups | None = None, intake: IntakePool | None = None,
                 batch_size: int | None = None) -> None:
        self.wakeups = wakeups or Wakeups()  # woken by the edges; wakes the sender (runners/wakeup.py)
        super().__init__(settings=settings, engine=engine, runner_id=worker_id, wake=self.wakeups.inbound,
                         give_way=self.wakeups.edge)
        self.worker_id = self.runner_id
        self.limits = settings.limits()
        self.policy = Policy(mailbox=settings.mailbox, max_requests=settings.max_requests_per_case,
                             auth_serv_id=settings.auth_serv_id)
        self.intake = intake  # the bounded intake children, built and closed by whoever runs workers
        self._own_intake: IntakePool | None = None  # made here only when nobody passed one
        self.batch_size = batch_size or self.batch_size
        self.reader = ReadAhead(claim=lambda: self._claim(), understand=lambda batch: self._understand(batch),
                                heartbeat=self.heartbeat, lease=self._lease)  # looked up at each call

    def run(self, stop) -> None:
        try:
            super().run(stop)
            self._record_read_ahead()  # a stop finishes the batch read ahead too
        finally:
            self.close()

    def _on_start(self) -> None:
        """Release the claims of dead processes, and start the intake children, so that the
        first message is not the one that waits for them."""
        super()._on_start()
        if self.settings.isolate_intake:
            try:
                self._intake().start(memory_mb=self.limits.memory_mb)
            except Exception:  # noqa: BLE001 - they start at the first message instead
                self.log.warning("could not start the intake children ahead", exc_info=True)

    def close(self) -> None:
        """Stop the intake children this worker started itself (not those it was given)."""
        self.reader.close()
        if self._own_intake is not None:
            self._own_intake.close()
            self._own_intake = self.intake = None

    def _one_iteration(self) -> bool:
        """Record a claimed batch; with the intake children (isolate_intake) the next batch is
        claimed and sent to them first, so that they read it while this one is recorded."""
        if not self.settings.isolate_intake:
            return super()._one_iteration()
        ahead = self.reader.take()
        if ahead is None:
            batch = self._claim()
            if batch is None:
                return False
            ahead = self.reader.start(batch)
        with ahead.lease:
            with self.waiting():  # the intake children are bounded (intake/bounded.py)
                understood = ahead.understood.result()
            if (self._stop is None or not self._stop.is_set()) and not self._edge_busy():
                # During a burst the edge comes first: its cores are not lent to the next batch.
                self.reader.read_next(after=ahead.batch)
            self._record_understood(ahead.batch, understood, started=ahead.started)
        return True

    def _record_read_ahead(self) -> None:
        ahead = self.reader.take()
        if ahead is not None:
            with ahead.lease:
                self._record_understood(ahead.batch, ahead.understood.result(), started=ahead.started)

    def process_one(self) -> bool:
        """Process one stored message; False when there was none (the claim is a lease)."""
        return self._work(self._claim(limit=1))

    def _claim(self, limit: int | None = None) -> list[Claimed] | None:
        batch = inbox.claim_batch(engine=self.engine, worker_id=self.worker_id,
                                  stale_after=self.settings.claim_timeout_seconds, limit=limit or self.batch_size)
        return batch or None

    def _lease(self, batch: list[Claimed]) -> dict[str, list[int]]:
        return {"inbound_ids": [claimed.inbound_id for claimed in batch]}

    def _dispose(self, batch: list[Claimed]) -> None:
        """Understand the batch, then record each message (a stop finishes the batch in hand).
        A message whose recording fails stays claimed (taken over after its lease, as when
        alone); the others are recorded, then the first failure goes to the run loop's log."""
        started = time.monotonic()
        with self.waiting() if self.settings.isolate_intake else nullcontext():  # bounded children
            understood = self._understand(batch)
        self._record_understood(batch, understood, started=started)

    def _record_understood(self, batch: list[Claimed], understood: list[Understanding], *, started: float) -> None:
        items = list(zip(batch, understood))
        record = self._record_together if is_sqlite(self.engine) else self._record_apart
        failure = record(items=items, started=started)
        if failure is not None:
            raise failure

    def _record_apart(self, *, items: list[tuple[Claimed, Understanding]], started: float) -> Exception | None:
        """One transaction per message, the edge given way between them; the first failure."""
        failure = None
        for n, (claimed, understanding) in enumerate(items):
            if n:
                self._give_way_between()
            try:
                with session_scope(self.engine) as session:
                    done = self._record(session=session, claimed=claimed, understanding=understanding)
            except Exception as exc:  # noqa: BLE001 - returned, raised after the rest of the batch
                failure = failure or exc
                continue
            self._finish(claimed=claimed, done=done, started=started)
        return failure

    def _record_together(self, *, items: list[tuple[Claimed, Understanding]], started: float) -> Exception | None:
        """The batch in one transaction; committed early, and the edge given way, when the edge
        is busy. A message whose recording fails rolls its transaction back: those messages are
        then recorded apart, one transaction each, so that it alone stays claimed (a savepoint per
        message would cost every message two statements for a case that almost never comes).
        The first failure."""
        failure, todo = None, list(items)
        while todo:
            chunk: list[tuple[Claimed, Understanding]] = []
            recorded = []
            try:
                with session_scope(self.engine) as session:
                    held = inbox.held_claims(session=session, inbound_ids=[c.inbound_id for c, _ in todo],
                                             worker_id=self.worker_id)
                    while todo:
                        if chunk and self._edge_busy():
                            break  # commit what is recorded, then let the edge store its mail
                        claimed, understanding = todo.pop(0)
                        chunk.append((claimed, understanding))
                        if claimed.inbound_id not in held:
                            _taken_over(claimed)
                            continue
                        done = self._record(session=session, claimed=claimed, understanding=understanding,
                                            held=True)
                        recorded.append((claimed, done))
            except Exception:  # noqa: BLE001 - the chunk is rolled back; recorded apart, its failure kept
                if not chunk:
                    raise  # before any message (no database?): the run loop logs it and tries later
                apart = self._record_apart(items=chunk, started=started)
                failure = failure or apart
            else:
                if any(done is not None for _, done in recorded):
                    self.wakeups.outbox.ring()  # once for the chunk: its replies were committed together
                for claimed, done in recorded:
                    self._finish(claimed=claimed, done=done, started=started, rung=True)
            if todo:
                self._give_way_between()
        return failure

    def _edge_busy(self) -> bool:
        return self.give_way is not None and self.give_way.bursting()

    def _finish(self, *, claimed: Claimed, done: tuple[Outcome, Recorded] | None, started: float,
                rung: bool = False) -> None:
        """After the commit: wake the sender (unless `rung` already), log the line, run the checks
        that come after."""
        if done is None:
            return
        outcome, recorded = done
        if not rung:
            self.wakeups.outbox.ring()  # a reply may be queued: the sender need not wait for the whole batch
        processed(queue_id=claimed.inbound_id, reference=recorded.reference, kind=outcome.decision.kind,
                  status=recorded.status, reply=recorded.reply_note,
                  elapsed_ms=1000 * (time.monotonic() - started))
        self._after(outcome=outcome, recorded=recorded)

    def _understand(self, batch: list[Claimed]) -> list[Understanding]:
        """Each message's Understanding, in order: through the intake children in one round trip
        each (isolate_intake), or here; one that failed too often is unreadable at once."""
        found: list[Understanding | None] = [None] * len(batch)
        todo: list[tuple[int, bytes, Envelope]] = []
        for n, claimed in enumerate(batch):
            envelope = Envelope(sender=claimed.envelope_from, mailbox=self.settings.mailbox, source=claimed.source)
            if claimed.attempts > self.settings.max_processing_attempts:
                # Every earlier attempt died or failed on this message: stop trying, let staff look.
                found[n] = unreadable(f"processing failed {claimed.attempts - 1} times; left for staff",
                                      raw=claimed.raw, envelope=envelope)
            else:
                todo.append((n, claimed.raw, envelope))
        if self.settings.isolate_intake and todo:
            results = self._intake().understand_many([(raw, envelope) for _, raw, envelope in todo],
                                                     limits=self.limits)
        else:
            results = [understand_bounded(raw, limits=self.limits, envelope=envelope, isolate=False)
                       for _, raw, envelope in todo]
        for (n, _, _), understanding in zip(todo, results):
            found[n] = understanding
        return found

    def _intake(self) -> IntakePool:
        if self.intake is None:
            self.intake = self._own_intake = IntakePool()
        return self.intake

    def _record(self, *, session: Session, claimed: Claimed, understanding: Understanding,
                held: bool = False) -> tuple[Outcome, Recorded] | None:
        """Read the context, plan, record, in `session`'s transaction, begun by re-checking the
        claim (unless `held`: checked already in this transaction); None when it was taken over."""
        message = understanding.message
        writer = identity_of(message)  # who wrote it: From, never Reply-To
        if understanding.unreadable and writer is None:
            writer = envelope_sender(understanding)  # so staff can still answer
        route = reply_route(message, mailbox=self.settings.mailbox)  # where a reply may go
        trusted = operators.sender_verdict(message=message, auth_serv_id=self.settings.auth_serv_id) is not False
        if not held and not inbox.hold_claim(session=session, inbound_id=claimed.inbound_id,
                                             worker_id=self.worker_id):
            _taken_over(claimed)
            return None
        cases.serialise_sender(session=session, sender=writer)
        context = read_context(session=session, understanding=understanding, writer=writer, route=route,
                               trusted=trusted, undeliverable_days=self.settings.undeliverable_days,
                               replies_per_day=self.settings.replies_per_sender_per_day)
        outcome = plan(understanding, context, self.policy)
        recorded = record_outcome(session=session, claimed=claimed, outcome=outcome)
        return outcome, recorded

    def _after(self, *, outcome: Outcome, recorded: Recorded) -> None:
        """Outside the transaction, never blocking: register checks and auto-accept."""
        if recorded.checked is not None:  # a person's readable message (store/record.py)
            after_record(settings=self.settings, engine=self.engine, case=recorded.checked,
                         understanding=outcome.understanding)
        if self.settings.auto_accept and recorded.status == CaseState.UNDER_REVIEW and not outcome.context.stranger:
            operators.auto_accept_if_eligible(engine=self.engine, case_id=recorded.case_id,
                                              from_addr=outcome.context.writer, mailbox=self.settings.mailbox)


def _taken_over(claimed: Claimed) -> None:
    log.warning("message %s was taken over by another worker; leaving it", claimed.inbound_id)
