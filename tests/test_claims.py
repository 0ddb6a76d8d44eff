"""The claim → process → finish protocol, on SQLite and PostgreSQL: no message is processed twice,
none is stranded, and a worker whose claim was taken over records nothing."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import func, update
from sqlmodel import Session, select

import store.inbox
from intake.replies.compose import compose_message
from mailbot.runners.worker import Worker
from store import inbox, outbox
from store.db import is_sqlite, session_scope
from store.models import AuditEvent, InboundMessage, OutboxMessage
from tests.support import registration_mail


def store_n(engine, n: int) -> list[int]:
    return [inbox.store_raw(engine=engine, raw=registration_mail(i), source="ingest").inbound_id for i in range(n)]


def row(engine, inbound_id: int) -> InboundMessage:
    with Session(engine) as session:
        return session.get(InboundMessage, inbound_id)


def test_claims_take_the_oldest_first_and_each_message_once(engine):
    ids = store_n(engine, 3)
    got = [inbox.claim_next(engine=engine, worker_id=f"w{n}", stale_after=300) for n in range(4)]
    assert [c.inbound_id for c in got[:3]] == ids
    assert got[3] is None
    assert got[0].raw == registration_mail(0)
    claimed = row(engine, ids[0])
    assert (claimed.status, claimed.claimed_by, claimed.attempts) == ("claimed", "w0", 1)
    assert claimed.claimed_at is not None


def test_concurrent_claimers_never_share_a_message(engine):
    ids = store_n(engine, 60)

    def drain(n: int) -> list[int]:
        mine = []
        while (claimed := inbox.claim_next(engine=engine, worker_id=f"w{n}", stale_after=300)) is not None:
            mine.append(claimed.inbound_id)
        return mine

    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(drain, range(6)))
    everything = [i for mine in results for i in mine]
    assert sorted(everything) == sorted(ids), "every message claimed exactly once"
    with Session(engine) as session:
        assert session.exec(select(func.max(InboundMessage.attempts))).one() == 1


def test_a_silent_claim_is_taken_over_after_the_timeout(engine):
    [inbound_id] = store_n(engine, 1)
    assert inbox.claim_next(engine=engine, worker_id="dead", stale_after=300).inbound_id == inbound_id
    assert inbox.claim_next(engine=engine, worker_id="other", stale_after=300) is None, "not stale yet"
    taken = inbox.claim_next(engine=engine, worker_id="other", stale_after=0)
    assert taken is not None and taken.inbound_id == inbound_id
    assert (row(engine, inbound_id).claimed_by, row(engine, inbound_id).attempts) == ("other", 2)
    with session_scope(engine) as session:
        assert not inbox.hold_claim(session=session, inbound_id=inbound_id, worker_id="dead")
    with session_scope(engine) as session:
        assert inbox.hold_claim(session=session, inbound_id=inbound_id, worker_id="other")


def test_mark_done_refuses_a_claim_that_was_lost(engine):
    [inbound_id] = store_n(engine, 1)
    inbox.claim_next(engine=engine, worker_id="slow", stale_after=300)
    inbox.claim_next(engine=engine, worker_id="other", stale_after=0)
    with pytest.raises(inbox.ClaimLost):
        with session_scope(engine) as session:
            inbox.mark_done(session=session, inbound_id=inbound_id, case_id=None, worker_id="slow")
    with session_scope(engine) as session:
        inbox.mark_done(session=session, inbound_id=inbound_id, case_id=None, worker_id="other")
    with pytest.raises(inbox.ClaimLost):
        with session_scope(engine) as session:
            inbox.mark_done(session=session, inbound_id=inbound_id, case_id=None)
    assert row(engine, inbound_id).status == "done"


def test_a_held_claim_cannot_be_taken_over_while_it_is_being_finished(engine):
    """The finishing transaction locks the row: a takeover that starts meanwhile must not get it."""
    [inbound_id] = store_n(engine, 1)
    inbox.claim_next(engine=engine, worker_id="finisher", stale_after=300)
    holding, result = threading.Event(), {}

    def takeover() -> None:
        holding.wait(10)
        result["claimed"] = inbox.claim_next(engine=engine, worker_id="taker", stale_after=0)

    thread = threading.Thread(target=takeover)
    thread.start()
    with session_scope(engine) as session:
        assert inbox.hold_claim(session=session, inbound_id=inbound_id, worker_id="finisher")
        holding.set()
        thread.join(0.5)  # PostgreSQL: the taker skips the locked row; SQLite: it waits for our commit
        inbox.mark_done(session=session, inbound_id=inbound_id, case_id=None, worker_id="finisher")
    thread.join(30)
    assert not thread.is_alive()
    assert result["claimed"] is None
    assert row(engine, inbound_id).status == "done"


def test_a_slow_worker_whose_claim_was_taken_over_records_nothing(settings, engine):
    """Worker A stalls in intake past the claim timeout; B takes over and finishes; A must not commit."""
    [inbound_id] = store_n(engine, 1)
    slow = Worker(settings=settings, engine=engine, worker_id="slow")
    fast = Worker(settings=settings.model_copy(update={"claim_timeout_seconds": 0}), engine=engine,
                  worker_id="fast")
    import mailbot.runners.worker as worker_module

    real = worker_module.understand_bounded
    calls = []

    def stalling(raw, **kwargs):
        calls.append(raw)
        if len(calls) == 1:  # A, mid-intake: B takes the claim over and finishes the message
            assert fast.process_one()
        return real(raw, **kwargs)

    worker_module.understand_bounded, saved = stalling, real
    try:
        assert slow.process_one()
    finally:
        worker_module.understand_bounded = saved
    assert len(calls) == 2
    done = row(engine, inbound_id)
    assert done.status == "done" and done.case_id is not None and done.attempts == 2
    with Session(engine) as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "message_received")).all()
        replies = session.exec(select(OutboxMessage).where(OutboxMessage.inbound_id == inbound_id)).all()
    assert [e.detail["inbound_id"] for e in events] == [inbound_id]
    assert len(replies) == 1


def test_a_worker_on_another_machine_needs_only_the_database(settings, engine, tmp_path):
    """Raw bytes live in inbound_message.raw: a worker with an empty data dir of its own does the work."""
    raw = registration_mail(7)
    inbound_id = inbox.store_raw(engine=engine, raw=raw, source="smtp").inbound_id
    assert row(engine, inbound_id).raw == raw
    elsewhere = settings.model_copy(update={"data_dir": tmp_path / "other-machine"})
    assert Worker(settings=elsewhere, engine=engine).process_one()
    done = row(engine, inbound_id)
    assert done.status == "done" and done.case_id is not None
    assert not (tmp_path / "other-machine").exists(), "the worker neither read nor wrote local files"
    with Session(engine) as session:
        assert session.exec(select(OutboxMessage).where(OutboxMessage.inbound_id == inbound_id)).one()


def test_claim_times_come_from_the_database_clock(engine, monkeypatch):
    """PostgreSQL: a worker whose own clock runs an hour ahead must not take over a live claim."""
    if is_sqlite(engine):
        pytest.skip("SQLite serves one machine: one clock")
    [inbound_id] = store_n(engine, 1)
    inbox.claim_next(engine=engine, worker_id="live", stale_after=300)
    ahead = store.inbox.utcnow() + timedelta(hours=1)
    monkeypatch.setattr(store.inbox, "utcnow", lambda: ahead)
    assert inbox.claim_next(engine=engine, worker_id="skewed", stale_after=300) is None
    assert row(engine, inbound_id).claimed_by == "live"


# --- The outbox -----------------------------------------------------------------------------------


def queue(engine, n: int = 1) -> list[int]:
    ids = []
    for i in range(n):
        composed = compose_message(mailbox="mdreg@localhost", to_addr=f"to{i}@example.no", subject="T", body="Hei\n")
        with session_scope(engine) as session:
            ids.append(outbox.enqueue(session=session, to_addr=composed.to_addr, message_id=composed.message_id,
                                      raw=composed.raw, subject=composed.subject))
    return ids


def out_row(engine, outbox_id: int) -> OutboxMessage:
    with Session(engine) as session:
        return session.get(OutboxMessage, outbox_id)


def test_concurrent_senders_never_share_a_message(engine):
    ids = queue(engine, 30)

    def drain(n: int) -> list[int]:
        mine = []
        while (item := outbox.claim_due(engine=engine, sender_id=f"s{n}", stale_after=300)) is not None:
            mine.append(item.outbox_id)
        return mine

    with ThreadPoolExecutor(4) as pool:
        everything = [i for mine in pool.map(drain, range(4)) for i in mine]
    assert sorted(everything) == sorted(ids)


def test_a_dead_senders_message_is_due_again_after_the_timeout(engine):
    [outbox_id] = queue(engine)
    assert outbox.claim_due(engine=engine, sender_id="dead", stale_after=300).outbox_id == outbox_id
    assert outbox.claim_due(engine=engine, sender_id="other", stale_after=300) is None
    again = outbox.claim_due(engine=engine, sender_id="other", stale_after=0)
    assert (again.outbox_id, again.attempts) == (outbox_id, 2)


def test_a_slow_sender_cannot_requeue_what_the_new_claimer_sent(engine):
    [outbox_id] = queue(engine)
    outbox.claim_due(engine=engine, sender_id="slow", stale_after=300)
    outbox.claim_due(engine=engine, sender_id="fast", stale_after=0)
    outbox.mark_sent(engine=engine, outbox_id=outbox_id, sender_id="fast")
    outbox.mark_retry(engine=engine, outbox_id=outbox_id, error="421 busy", delay_seconds=0, sender_id="slow")
    outbox.mark_retry(engine=engine, outbox_id=outbox_id, error="421 busy", delay_seconds=0)
    outbox.mark_failed(engine=engine, outbox_id=outbox_id, error="550 no")
    sent = out_row(engine, outbox_id)
    assert (sent.status, sent.last_error) == ("sent", None)
    assert outbox.claim_due(engine=engine, sender_id="any", stale_after=0) is None


def test_a_slow_sender_cannot_overwrite_the_new_claimers_retry(engine):
    [outbox_id] = queue(engine)
    outbox.claim_due(engine=engine, sender_id="slow", stale_after=300)
    outbox.claim_due(engine=engine, sender_id="fast", stale_after=0)
    outbox.mark_failed(engine=engine, outbox_id=outbox_id, error="550 stale view", sender_id="slow")
    assert out_row(engine, outbox_id).status == "sending"
    outbox.mark_retry(engine=engine, outbox_id=outbox_id, error="421 busy", delay_seconds=0, sender_id="fast")
    outbox.mark_failed(engine=engine, outbox_id=outbox_id, error="550 late", sender_id="slow")
    assert (out_row(engine, outbox_id).status, out_row(engine, outbox_id).last_error) == ("queued", "421 busy")


def test_a_delivery_reported_late_still_counts_as_sent(engine):
    [outbox_id] = queue(engine)
    outbox.claim_due(engine=engine, sender_id="slow", stale_after=300)
    outbox.claim_due(engine=engine, sender_id="fast", stale_after=0)
    outbox.mark_retry(engine=engine, outbox_id=outbox_id, error="421 busy", delay_seconds=600, sender_id="fast")
    outbox.mark_sent(engine=engine, outbox_id=outbox_id, sender_id="slow")
    assert out_row(engine, outbox_id).status == "sent", "the relay took it: never queue it again"


def test_stale_sending_rows_are_found_with_the_database_clock(engine):
    [outbox_id] = queue(engine)
    with session_scope(engine) as session:  # queued for the future: not due
        session.execute(update(OutboxMessage).values(next_attempt_at=store.inbox.utcnow() + timedelta(hours=1)))
    assert outbox.claim_due(engine=engine, sender_id="s", stale_after=0) is None
    assert out_row(engine, outbox_id).status == "queued"
