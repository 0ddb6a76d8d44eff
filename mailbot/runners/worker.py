"""The worker: claims a stored message, runs intake, records the outcome and queues the reply.

The case update, the queued reply and the message's `done` mark commit in one transaction,
so a worker killed at any point leaves the message to be claimed again, never half done.

Who wrote a message is decided once, from From (intake/mime/identity.py); Reply-To only says
where the reply goes, and never to a robot or to our own mailbox. Machine mail (intake/machine_mail/noise.py) is stored and attached to a case like any message but never
answered; a bounce marks the address it names undeliverable. Replies to one address are capped
per 24 hours (store/quota.py), and an address known to bounce gets none.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid

from sqlalchemy.engine import Engine

from intake.bounded import understand_bounded
from intake.replies.compose import compose_reply
from intake.plan.decide import decide, envelope_sender
from intake.states import CaseKind, CaseState, OutboxKind, ReplyTemplate
from intake.errors import UnsafeAddress
from intake.model import OK, Envelope, Understanding
from intake.machine_mail.noise import Noise
from intake.mime.identity import identity_of, reply_route
from intake.replies.render import render
from intake.understand import unreadable
from mailbot.register_checks import after_record
from mailbot.observe import processed
from mailbot.runners.fault_log import run_loop
from mailbot.runners.wakeup import Wakeups
from mailbot.settings import Settings
from store import bounces, cases, inbox, operators, outbox, quota
from store.db import session_scope
from store.leases import Heartbeat, release_dead_claims

log = logging.getLogger("mdreg.worker")


def make_worker_id(role: str) -> str:
    return f"{role}:{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class Worker:
    """Processes stored messages one at a time until told to stop."""

    def __init__(self, *, settings: Settings, engine: Engine, worker_id: str | None = None,
                 wakeups: Wakeups | None = None) -> None:
        self.settings = settings
        self.wakeups = wakeups or Wakeups()  # woken by the edges; wakes the sender (runners/wakeup.py)
        self.engine = engine
        self.worker_id = worker_id or make_worker_id("worker")
        self.heartbeat = Heartbeat(engine=engine, holder=self.worker_id, interval=settings.claim_timeout_seconds / 3)
        self.limits = settings.limits()

    def _on_start(self) -> None:
        """Release at once the claims dead processes on this host left (store/leases.py)."""
        try:
            release_dead_claims(engine=self.engine)
        except Exception:  # noqa: BLE001 - their leases still lapse; never stop for this
            log.warning("could not release the claims of dead processes", exc_info=True)

    def run(self, stop: threading.Event) -> None:
        self._on_start()
        run_loop(stop=stop, one=self.process_one, poll_seconds=self.settings.worker_poll_seconds, log=log,
                 what="worker", wake=self.wakeups.inbound, after_work=self.wakeups.outbox.ring)

    def process_one(self) -> bool:
        """Process one stored message; False when there was none. The claim is a lease, renewed
        while the message is in hand (store/leases.py)."""
        claimed = inbox.claim_next(
            engine=self.engine, worker_id=self.worker_id, stale_after=self.settings.claim_timeout_seconds
        )
        if claimed is None:
            return False
        with self.heartbeat.holding(inbound_ids=[claimed.inbound_id]):
            return self._process(claimed)

    def _process(self, claimed) -> bool:
        started = time.monotonic()
        envelope = Envelope(sender=claimed.envelope_from, mailbox=self.settings.mailbox, source=claimed.source)
        if claimed.attempts > self.settings.max_processing_attempts:
            # Every earlier attempt died or failed on this message: stop trying, let staff look.
            understanding = unreadable(f"processing failed {claimed.attempts - 1} times; left for staff",
                                       raw=claimed.raw, envelope=envelope)
        else:  # one parse, in the bounded child: fields, kind and the machine-mail verdict
            understanding = understand_bounded(claimed.raw, limits=self.limits, envelope=envelope,
                                               isolate=self.settings.isolate_intake)
        self._record(claimed.inbound_id, understanding, noise=understanding.noise, started=started)
        return True

    def _record(self, inbound_id: int, understanding: Understanding, *, noise: Noise | None = None,
                started: float | None = None) -> None:
        message = understanding.message
        identity = identity_of(message)  # who wrote it: From, never Reply-To
        if understanding.unreadable and identity is None:
            identity = envelope_sender(understanding)  # so staff can still answer
        route = reply_route(message, mailbox=self.settings.mailbox)  # where a reply may go
        trusted = operators.sender_verdict(message=message, auth_serv_id=self.settings.auth_serv_id) is not False
        with session_scope(self.engine) as session:
            if not inbox.hold_claim(session=session, inbound_id=inbound_id, worker_id=self.worker_id):
                log.warning("message %s was taken over by another worker; leaving it", inbound_id)
                return
            cases.serialise_sender(session=session, sender=identity)
            match, bounced_address = self._find_case(session, understanding, identity, trusted, noise)
            case = cases.lock_case(session=session, case=match.case)
            context = cases.context_of(case) if case else None
            registered = None
            if noise is None and (context is None or context.kind == CaseKind.UPDATE):
                registered = cases.registered_record(session=session, org_number=_org_number(understanding))
            decision = decide(understanding, context=context, max_requests=self.settings.max_requests_per_case,
                              noise=noise, stranger=match.stranger, registered=registered, joined_by=match.by)
            decision = cases.with_writer_checks(session=session, decision=decision, identity=identity,
                                                trusted=trusted, registered=registered, route=route)
            ref = cases.record_outcome(
                session=session, inbound_id=inbound_id, understanding=understanding,
                decision=decision, case=case, sender=identity,
            )
            if noise is not None and noise.bounce is not None:
                bounces.record_bounce(session=session, case_id=ref.case_id if case else None,
                                    address=bounced_address, diagnostic=noise.bounce.diagnostic)
            if noise is None:
                operators.record_sender_authentication(  # DMARC / aligned DKIM per our mail server
                    session=session, case_id=ref.case_id, message=message, auth_serv_id=self.settings.auth_serv_id)
            if noise is None and identity:
                bounces.clear_bounce_mark(session=session, address=identity)  # it writes: it is reachable
            reply_note = decision.why_no_reply or ("no address a reply may go to: " + ", ".join(route.refused)
                                                   if route.refused else "no sender")
            if decision.reply and route.address:
                reply_note = self._reply(session, inbound_id, ref, understanding, decision, route.address)
            inbox.mark_done(session=session, inbound_id=inbound_id, case_id=ref.case_id)
        processed(queue_id=inbound_id, reference=ref.reference, kind=decision.kind, status=ref.status,
                  reply=reply_note, elapsed_ms=1000 * (time.monotonic() - (started or time.monotonic())))
        if noise is None and not understanding.unreadable:  # outside the transaction; never blocks
            after_record(settings=self.settings, engine=self.engine, case_id=ref.case_id, understanding=understanding)
        if self.settings.auto_accept and ref.status == CaseState.UNDER_REVIEW and not match.stranger:
            operators.auto_accept_if_eligible(engine=self.engine, case_id=ref.case_id, from_addr=identity,
                                              mailbox=self.settings.mailbox)

    def _find_case(self, session, understanding: Understanding, identity: str | None, trusted: bool,
                   noise: Noise | None) -> tuple[cases.Match, str | None]:
        """(match, bounced address): machine mail joins the case it answers; a person's mail the
        case it refers to, as its applicant or as a stranger (store/cases.py match_case)."""
        if understanding.unreadable and noise is None:
            return cases.Match(None), None
        if noise is not None and noise.bounce is not None:
            case, _, address = bounces.match_bounce(session=session, bounce=noise.bounce)
            if case is None and not understanding.unreadable:
                case = cases.match_machine_mail(session=session, message=understanding.message)
            return cases.Match(case), address
        if noise is not None:
            case = None if understanding.unreadable else cases.match_machine_mail(
                session=session, message=understanding.message)
            return cases.Match(case), None
        match = cases.match_case(session=session, message=understanding.message, identity=identity,
                                 trusted=trusted, org_number=_org_number(understanding))
        return match, None

    def _reply(self, session, inbound_id, ref, understanding, decision, sender) -> str:
        """Queue the decided reply, unless the address bounces or has had its replies for today."""
        if bounces.is_undeliverable(session=session, address=sender, days=self.settings.undeliverable_days):
            cases.add_flags(session=session, case_id=ref.case_id, flags=["reply_withheld:address_undeliverable"])
            return f"not sent: {sender} is known to bounce"
        allowed = quota.allowance(session=session, address=sender, limit=self.settings.replies_per_sender_per_day)
        if allowed == quota.SILENT:
            cases.add_flags(session=session, case_id=ref.case_id, flags=["reply_withheld:rate_limited"])
            return f"not sent: {sender} has had its automatic replies for today"
        if allowed == quota.NOTICE:
            cases.add_flags(session=session, case_id=ref.case_id, flags=["reply_withheld:rate_limited"])
            return self._queue(session, inbound_id, ref, understanding, sender, ReplyTemplate.RATE_LIMITED,
                               render(ReplyTemplate.RATE_LIMITED, language=ref.language, reference=ref.reference, fields={}),
                               kind=quota.NOTICE_KIND)
        answer = None
        if decision.answer:
            from intake.plan.questions import article

            answer = article(decision.answer).answer(ref.language)
        body = render(decision.reply, language=ref.language, reference=ref.reference, fields=decision.fields,
                      answer=answer, changes=decision.changes)
        note = self._queue(session, inbound_id, ref, understanding, sender, decision.reply, body)
        if decision.reply == ReplyTemplate.REQUEST_MISSING and not note.startswith("not sent"):
            cases.count_request(session=session, case_id=ref.case_id)
        return note

    def _queue(self, session, inbound_id, ref, understanding, sender, name, body, kind=OutboxKind.REPLY) -> str:
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
            subject=composed.subject, case_id=ref.case_id, inbound_id=inbound_id, kind=kind,
        )
        return f"{name} to {composed.to_addr}"


def _org_number(understanding: Understanding) -> str | None:
    org = understanding.fields.get("org_number")
    return org.value if org is not None and org.state == OK else None
