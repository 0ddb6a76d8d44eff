"""With intake children, the worker claims the next batch and has it read while it records the
batch in hand (mailbot/runners/read_ahead.py): batches are still recorded in the order they were
claimed, each message once, a stop records the batch read ahead too, and an intake child killed
mid-batch costs only the message it was reading."""

from __future__ import annotations

import os
import signal
import threading

import pytest
from sqlalchemy import update
from sqlmodel import Session, select

from intake.bounded import IntakePool
from mailbot.runners.worker import Worker
from store import inbox
from store.models import AuditEvent, InboundMessage
from tests.support import edge_in_burst, registration_mail, wait_for


@pytest.fixture()
def pool():
    with IntakePool(size=1) as pool:
        yield pool


def store_n(engine, n: int) -> list[int]:
    return [inbox.store_raw(engine=engine, raw=registration_mail(i), source="smtp").inbound_id for i in range(n)]


def statuses(engine) -> list[str]:
    with Session(engine) as session:
        return list(session.exec(select(InboundMessage.status).order_by(InboundMessage.id)).all())


def watched_worker(settings, engine, pool, events: list) -> Worker:
    """A worker with intake children whose claims and recordings are written down in `events`."""
    worker = Worker(settings=settings.model_copy(update={"isolate_intake": True}), engine=engine, intake=pool,
                    batch_size=4)
    claim, record = worker._claim, worker._record_understood

    def claiming(limit=None):
        batch = claim(limit)
        events.append(("claim", [c.inbound_id for c in batch or []]))
        return batch

    def recording(batch, understood, *, started):
        events.append(("record", [c.inbound_id for c in batch]))
        return record(batch, understood, started=started)

    worker._claim = claiming
    worker._record_understood = recording
    return worker


def test_the_next_batch_is_claimed_and_read_while_the_one_in_hand_is_recorded(settings, engine, pool):
    ids = store_n(engine, 10)
    events: list = []
    worker = watched_worker(settings, engine, pool, events)
    try:
        assert worker._one_iteration()
        assert events == [("claim", ids[0:4]), ("claim", ids[4:8]), ("record", ids[0:4])]
        assert statuses(engine) == ["done"] * 4 + ["claimed"] * 4 + ["stored"] * 2
        assert worker._one_iteration()  # the batch read ahead, and the last two read ahead of it
        assert events[3:] == [("claim", ids[8:10]), ("record", ids[4:8])]
        assert worker._one_iteration()  # nothing left to read ahead
        assert events[5:] == [("claim", []), ("record", ids[8:10])]
        assert not worker._one_iteration()
    finally:
        worker.close()


def test_nothing_is_read_ahead_after_a_message_tried_before(settings, engine, pool):
    retried, *others = store_n(engine, 6)
    with Session(engine) as session:  # its worker died on it once
        session.execute(update(InboundMessage).where(InboundMessage.id == retried).values(attempts=1))
        session.commit()
    events: list = []
    worker = watched_worker(settings, engine, pool, events)
    try:
        assert worker._one_iteration()
    finally:
        worker.close()
    assert events == [("claim", [retried]), ("record", [retried])]
    assert statuses(engine) == ["done"] + ["stored"] * 5


def test_nothing_is_read_ahead_while_the_edge_is_bursting(settings, engine, pool):
    ids = store_n(engine, 8)
    events: list = []
    worker = watched_worker(settings, engine, pool, events)
    with edge_in_burst() as edge:  # mail arriving fast: the edge needs the cores
        worker.give_way = edge
        try:
            assert worker._one_iteration()
        finally:
            worker.close()
    assert events[0] == ("claim", ids[0:4]) and ("claim", ids[4:8]) not in events
    assert statuses(engine) == ["done"] * 4 + ["stored"] * 4


def test_a_worker_closed_with_a_batch_read_ahead_stops_renewing_its_lease(settings, engine, pool):
    store_n(engine, 8)
    worker = watched_worker(settings, engine, pool, [])
    assert worker._one_iteration()  # the second batch is read ahead, and leased
    assert len(worker.heartbeat._inbound) == 4
    worker.close()  # as when run() ends on an error: its claims are left to lapse
    assert worker.heartbeat._inbound == set()


def test_a_stop_records_the_batch_read_ahead_before_the_worker_returns(settings, engine, pool):
    ids = store_n(engine, 12)
    events: list = []
    worker = watched_worker(settings, engine, pool, events)
    stop = threading.Event()
    record = worker._record_understood

    def stop_after_the_first(batch, understood, *, started):
        record(batch, understood, started=started)
        stop.set()

    worker._record_understood = stop_after_the_first
    worker.run(stop)
    assert [e for e in events if e[0] == "record"] == [("record", ids[0:4]), ("record", ids[4:8])]
    assert statuses(engine) == ["done"] * 8 + ["stored"] * 4


def test_an_intake_child_killed_mid_batch_leaves_every_message_recorded_once_in_order(settings, engine, pool):
    ids = store_n(engine, 24)
    events: list = []
    worker = watched_worker(settings, engine, pool, events)
    stop = threading.Event()
    killed = threading.Event()
    record = worker._record_understood

    def kill_the_child_reading_ahead(batch, understood, *, started):
        if not killed.is_set():
            killed.set()
            os.kill(pool._all[0].proc.pid, signal.SIGKILL)  # it is reading the batch claimed ahead
        return record(batch, understood, started=started)

    worker._record_understood = kill_the_child_reading_ahead
    runner = threading.Thread(target=worker.run, args=(stop,))
    runner.start()
    try:
        wait_for(lambda: statuses(engine) == ["done"] * len(ids), timeout=60)
    finally:
        stop.set()
        worker.wakeups.wake_all()
        runner.join(30)
    assert killed.is_set()
    with Session(engine) as session:
        received = session.exec(select(AuditEvent).where(AuditEvent.action == "message_received")).all()
        done = session.exec(select(InboundMessage).order_by(InboundMessage.processed_at, InboundMessage.id)).all()
    assert sorted(event.detail["inbound_id"] for event in received) == ids  # each message once
    assert [message.id for message in done] == ids  # recorded in the order claimed
    assert [i for kind, batch in events if kind == "record" for i in batch] == ids
