"""The worker: claims a stored message, runs intake, records the outcome and queues the reply.

The case update, the queued reply and the message's `done` mark commit in one transaction,
so a worker killed at any point leaves the message to be claimed again, never half done.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid

from sqlalchemy.engine import Engine

from intake.bounded import understand_bounded
from intake.compose import compose_reply
from intake.decide import REQUEST_MISSING, decide
from intake.errors import UnsafeAddress
from intake.model import Understanding
from intake.parse import sender_of
from intake.replies import render
from mailbot.settings import Settings
from store import cases, inbox, outbox
from store.db import session_scope

log = logging.getLogger("mdreg.worker")


def make_worker_id(role: str) -> str:
    return f"{role}:{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class Worker:
    """Processes stored messages one at a time until told to stop."""

    def __init__(self, *, settings: Settings, engine: Engine, worker_id: str | None = None) -> None:
        self.settings = settings
        self.engine = engine
        self.worker_id = worker_id or make_worker_id("worker")
        self.limits = settings.limits()

    def run(self, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                busy = self.process_one()
            except Exception:  # noqa: BLE001 - the loop must outlive any one message or DB hiccup
                log.exception("worker error; the message stays claimed and is retried after the timeout")
                busy = False
            if not busy:
                stop.wait(self.settings.worker_poll_seconds)

    def process_one(self) -> bool:
        """Process one stored message; False when there was none."""
        claimed = inbox.claim_next(
            engine=self.engine, worker_id=self.worker_id, stale_after=self.settings.claim_timeout_seconds
        )
        if claimed is None:
            return False
        understanding = understand_bounded(
            claimed.raw, limits=self.limits, isolate=self.settings.isolate_intake
        )
        self._record(claimed.inbound_id, understanding)
        return True

    def _record(self, inbound_id: int, understanding: Understanding) -> None:
        message = understanding.message
        sender = sender_of(message)
        with session_scope(self.engine) as session:
            if not inbox.hold_claim(session=session, inbound_id=inbound_id, worker_id=self.worker_id):
                log.warning("message %s was taken over by another worker; leaving it", inbound_id)
                return
            case = cases.find_case_for(session=session, message=message) if not understanding.unreadable else None
            context = cases.context_of(case) if case else None
            decision = decide(understanding, context=context, max_requests=self.settings.max_requests_per_case)
            ref = cases.record_outcome(
                session=session, inbound_id=inbound_id, understanding=understanding,
                decision=decision, case=case, sender=sender,
            )
            reply_note = decision.why_no_reply or "no sender"
            if decision.reply and sender:
                reply_note = self._queue_reply(session, inbound_id, ref, understanding, decision, sender)
            inbox.mark_done(session=session, inbound_id=inbound_id, case_id=ref.case_id)
        log.info("message %s -> %s %s %s; reply: %s", inbound_id, ref.reference, decision.kind,
                 ref.status, reply_note)

    def _queue_reply(self, session, inbound_id, ref, understanding, decision, sender) -> str:
        body = render(decision.reply, language=ref.language, reference=ref.reference, fields=decision.fields)
        message = understanding.message
        try:
            composed = compose_reply(
                mailbox=self.settings.mailbox, to_addr=sender, subject=message.subject,
                reference=ref.reference, body=body, in_reply_to=message.message_id,
                references=message.references,
            )
        except UnsafeAddress as exc:
            return f"not sent: {exc}"
        outbox.enqueue(
            session=session, to_addr=composed.to_addr, message_id=composed.message_id, raw=composed.raw,
            subject=composed.subject, case_id=ref.case_id, inbound_id=inbound_id,
        )
        if decision.reply == REQUEST_MISSING:
            cases.count_request(session=session, case_id=ref.case_id)
        return f"{decision.reply} to {composed.to_addr}"
