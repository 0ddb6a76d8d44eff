"""A claimed batch is recorded message by message (on SQLite in one transaction): a message whose
recording fails is rolled back alone and stays claimed for a retry, the others are recorded and
answered, a message taken over meanwhile is left to its new holder, and a busy edge makes the
worker commit what it has."""

from __future__ import annotations

import threading

import pytest
from sqlmodel import Session, select

import mailbot.runners.worker as worker_module
from mailbot.runners.edge_first import EdgeActivity
from mailbot.runners.wakeup import Wakeups
from mailbot.runners.worker import Worker
from store import inbox
from store.db import is_sqlite
from store.models import AuditEvent, Case, InboundMessage, OutboxMessage
from tests.support import edge_in_burst, registration_mail


class DiskFull(Exception):
    pass


def store_n(engine, n: int) -> list[int]:
    return [inbox.store_raw(engine=engine, raw=registration_mail(i), source="smtp").inbound_id for i in range(n)]


def rows(engine, model, **where) -> list:
    with Session(engine) as session:
        query = select(model).order_by(model.id)
        for name, value in where.items():
            query = query.where(getattr(model, name) == value)
        return session.exec(query).all()


def test_a_message_whose_recording_fails_is_rolled_back_alone_and_stays_claimed(settings, engine, monkeypatch):
    first, failing, last = store_n(engine, 3)
    real = worker_module.record_outcome

    def fails_after_writing(*, session, claimed, outcome):
        recorded = real(session=session, claimed=claimed, outcome=outcome)  # case, reply, audit, done mark
        if claimed.inbound_id == failing:
            raise DiskFull("the disk filled up")
        return recorded

    monkeypatch.setattr(worker_module, "record_outcome", fails_after_writing)
    worker = Worker(settings=settings, engine=engine)
    with pytest.raises(DiskFull):
        worker._one_iteration()  # the whole batch of three, claimed at once
    assert [m.status for m in rows(engine, InboundMessage)] == ["done", "claimed", "done"]
    assert {r.inbound_id for r in rows(engine, OutboxMessage)} == {first, last}
    assert len(rows(engine, Case)) == 2
    assert {e.detail["inbound_id"] for e in rows(engine, AuditEvent, action="message_received")} == {first, last}

    monkeypatch.setattr(worker_module, "record_outcome", real)
    retry = Worker(settings=settings.model_copy(update={"claim_timeout_seconds": 0}), engine=engine)
    assert retry.process_one()  # its lease lapsed: taken over and recorded once
    [again] = rows(engine, InboundMessage, id=failing)
    assert again.status == "done" and again.attempts == 2
    assert len(rows(engine, OutboxMessage, inbound_id=failing)) == 1


def counted_transactions(monkeypatch) -> list[int]:
    opened = []
    real = worker_module.session_scope

    def counting(engine):
        opened.append(1)
        return real(engine)

    monkeypatch.setattr(worker_module, "session_scope", counting)
    return opened


def worker_beside(settings, engine, edge: EdgeActivity) -> Worker:
    wakeups = Wakeups()
    wakeups.edge = edge
    worker = Worker(settings=settings, engine=engine, wakeups=wakeups)
    worker._stop = threading.Event()  # as inside run(): the worker gives way to the edge
    return worker


def test_on_sqlite_a_batch_is_recorded_in_one_transaction(settings, engine, monkeypatch):
    if not is_sqlite(engine):
        pytest.skip("PostgreSQL records each message in a transaction of its own")
    store_n(engine, 3)
    opened = counted_transactions(monkeypatch)
    assert worker_beside(settings, engine, EdgeActivity())._one_iteration()
    assert len(opened) == 1
    assert [m.status for m in rows(engine, InboundMessage)] == ["done"] * 3


def test_while_the_edge_is_busy_each_message_is_committed_before_the_next(settings, engine, monkeypatch):
    store_n(engine, 3)
    opened = counted_transactions(monkeypatch)
    with edge_in_burst() as edge:
        assert worker_beside(settings, engine, edge)._one_iteration()
    assert len(opened) == 3
    assert [m.status for m in rows(engine, InboundMessage)] == ["done"] * 3


def test_a_message_of_the_batch_taken_over_meanwhile_is_left_to_its_new_holder(settings, engine):
    first, taken, last = store_n(engine, 3)
    worker = Worker(settings=settings, engine=engine)
    batch = worker._claim()
    assert [c.inbound_id for c in batch] == [first, taken, last]
    with Session(engine) as session:  # the lease lapsed and another worker claimed it
        row = session.get(InboundMessage, taken)
        row.claimed_by = "other-host:1:worker"
        session.add(row)
        session.commit()
    worker._dispose(batch)
    assert [(m.status, m.claimed_by) for m in rows(engine, InboundMessage)] == [
        ("done", None), ("claimed", "other-host:1:worker"), ("done", None)]
    assert {r.inbound_id for r in rows(engine, OutboxMessage)} == {first, last}


def test_a_batch_whose_transaction_cannot_begin_is_left_claimed_and_the_error_raised(settings, engine, monkeypatch):
    store_n(engine, 2)
    worker = Worker(settings=settings, engine=engine)
    batch = worker._claim()

    def unavailable(**_):
        raise DiskFull("the database is unavailable")

    monkeypatch.setattr(worker_module.inbox, "held_claims", unavailable)
    monkeypatch.setattr(worker_module.inbox, "hold_claim", unavailable)
    with pytest.raises(DiskFull):
        worker._dispose(batch)
    assert [m.status for m in rows(engine, InboundMessage)] == ["claimed", "claimed"]
