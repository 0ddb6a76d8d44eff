"""Claims are leases: a live worker slower than the lease keeps its claim, a silent one loses it
within the lease, and claims of dead processes on this host are released at once on start."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

from sqlmodel import Session

import mailbot.runners.worker as worker_module
from intake.replies.compose import compose_message
from mailbot.runners.sender import Sender
from mailbot.runners.worker import Worker
from store import inbox, outbox
from store.db import session_scope
from store.leases import release_dead_claims
from store.models import InboundMessage, OutboxMessage
from tests.support import registration_mail

LEASE = 1.2


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _row(engine, table, row_id):
    with Session(engine) as session:
        return session.get(table, row_id)


def test_a_live_worker_slower_than_the_lease_keeps_its_claim(settings, engine):
    settings = settings.model_copy(update={"claim_timeout_seconds": LEASE})
    inbound_id = inbox.store_raw(engine=engine, raw=registration_mail(1), source="ingest").inbound_id
    slow, other = Worker(settings=settings, engine=engine), Worker(settings=settings, engine=engine)
    taken = []
    real = worker_module.understand_bounded

    def slow_intake(raw, **kwargs):  # three leases long, while another worker keeps asking
        deadline = time.monotonic() + 3 * LEASE
        while time.monotonic() < deadline:
            taken.append(inbox.claim_next(engine=engine, worker_id=other.worker_id, stale_after=LEASE))
            time.sleep(0.1)
        return real(raw, **kwargs)

    worker_module.understand_bounded = slow_intake
    try:
        assert slow.process_one()
    finally:
        worker_module.understand_bounded = real
    assert not any(taken), "the claim was taken from a live worker"
    done = _row(engine, InboundMessage, inbound_id)
    assert (done.status, done.attempts) == ("done", 1)


def test_a_silent_claim_is_taken_over_within_the_lease(engine):
    inbound_id = inbox.store_raw(engine=engine, raw=registration_mail(2), source="ingest").inbound_id
    held = inbox.claim_next(engine=engine, worker_id="worker:elsewhere:1:abcdef", stale_after=LEASE)
    assert held.inbound_id == inbound_id
    assert inbox.claim_next(engine=engine, worker_id="w2", stale_after=LEASE) is None
    time.sleep(LEASE + 0.3)
    again = inbox.claim_next(engine=engine, worker_id="w2", stale_after=LEASE)
    assert again is not None and again.inbound_id == inbound_id and again.attempts == 2


def test_claims_of_a_dead_process_on_this_host_are_released_at_once(engine):
    inbound_id = inbox.store_raw(engine=engine, raw=registration_mail(3), source="ingest").inbound_id
    dead = f"worker:{socket.gethostname()}:{_dead_pid()}:abcdef"
    assert inbox.claim_next(engine=engine, worker_id=dead, stale_after=300).inbound_id == inbound_id
    assert release_dead_claims(engine=engine) == (1, 0)
    row = _row(engine, InboundMessage, inbound_id)
    assert (row.status, row.claimed_by, row.attempts) == ("stored", None, 1)


def test_claims_of_live_processes_and_other_hosts_are_left_alone(engine):
    ids = [inbox.store_raw(engine=engine, raw=registration_mail(n), source="ingest").inbound_id for n in (4, 5)]
    inbox.claim_next(engine=engine, worker_id=f"worker:{socket.gethostname()}:{os.getpid()}:x",
                     stale_after=300)
    inbox.claim_next(engine=engine, worker_id=f"worker:another-host:{_dead_pid()}:y", stale_after=300)
    assert release_dead_claims(engine=engine) == (0, 0)
    assert {_row(engine, InboundMessage, i).status for i in ids} == {"claimed"}


def test_a_dead_senders_message_is_due_again_at_once_on_start(settings, engine):
    composed = compose_message(mailbox=settings.mailbox, to_addr="kari@fjordmed.example.no", subject="Hei", body="x")
    with session_scope(engine) as session:
        outbox_id = outbox.enqueue_composed(session=session, composed=composed, case_id=None, kind="reply")
    dead = f"sender:{socket.gethostname()}:{_dead_pid()}:abcdef"
    assert outbox.claim_due(engine=engine, sender_id=dead, stale_after=300).outbox_id == outbox_id
    Sender(settings=settings, engine=engine)._on_start()
    assert _row(engine, OutboxMessage, outbox_id).status == "queued"
    assert outbox.claim_due(engine=engine, sender_id="s2", stale_after=300).outbox_id == outbox_id
