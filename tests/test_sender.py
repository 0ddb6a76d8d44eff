"""The sender: relay delivery with retries and backoff, failures kept visible, Maildir fallback."""

from __future__ import annotations

import mailbox

from intake.replies.compose import compose_message
from mailbot.runners.sender import Sender
from store import outbox
from store.db import session_scope
from tests.support import free_port


def queue_one(engine, settings, to="kari@example.no") -> int:
    composed = compose_message(mailbox=settings.mailbox, to_addr=to, subject="Test", body="Hei\n")
    with session_scope(engine) as session:
        return outbox.enqueue(session=session, to_addr=composed.to_addr, message_id=composed.message_id,
                              raw=composed.raw, subject=composed.subject)


def status_of(engine, outbox_id: int) -> outbox.OutboxEntry:
    return next(e for e in outbox.list_outbox(engine=engine) if e.outbox_id == outbox_id)


def test_without_a_relay_replies_land_in_the_maildir(settings, engine):
    outbox_id = queue_one(engine, settings)
    assert Sender(settings=settings, engine=engine).deliver_one()
    box = mailbox.Maildir(settings.maildir, create=False)
    assert len(box) == 1
    assert next(iter(box))["To"] == "kari@example.no"
    assert status_of(engine, outbox_id).status == "sent"


def test_relay_accepting_marks_the_message_sent(relayed_settings, engine, relay):
    outbox_id = queue_one(engine, relayed_settings)
    Sender(settings=relayed_settings, engine=engine).deliver_one()
    assert relay.envelopes[0][1] == ["kari@example.no"]
    assert relay.envelopes[0][0] == relayed_settings.mailbox
    assert status_of(engine, outbox_id).status == "sent"


def test_temporary_relay_failure_is_retried_later(relayed_settings, engine, relay):
    outbox_id = queue_one(engine, relayed_settings)
    relay.answer_with("451 4.3.0 try later")
    sender = Sender(settings=relayed_settings, engine=engine)
    sender.deliver_one()
    entry = status_of(engine, outbox_id)
    assert (entry.status, entry.attempts) == ("queued", 1)
    assert "451" in entry.last_error
    assert not sender.deliver_one(), "not due again before its backoff has passed"


def test_message_is_delivered_once_the_relay_recovers(relayed_settings, engine, relay):
    import time

    outbox_id = queue_one(engine, relayed_settings)
    relay.answer_with("421 4.7.0 busy")
    sender = Sender(settings=relayed_settings, engine=engine)
    sender.deliver_one()
    relay.answer_with(None)
    time.sleep(relayed_settings.send_backoff_seconds + 0.1)
    assert sender.deliver_one()
    assert status_of(engine, outbox_id).status == "sent"
    assert len(relay.received) == 1


def test_permanent_rejection_marks_failed_and_shows_in_the_outbox(relayed_settings, engine, relay):
    outbox_id = queue_one(engine, relayed_settings)
    relay.answer_with("554 5.7.1 rejected")
    Sender(settings=relayed_settings, engine=engine).deliver_one()
    entry = status_of(engine, outbox_id)
    assert entry.status == "failed"
    assert "554" in entry.last_error
    assert [e.outbox_id for e in outbox.list_outbox(engine=engine, status="failed")] == [outbox_id]


def test_relay_down_is_retried_not_failed(settings, engine):
    down = settings.model_copy(update={"relay": f"127.0.0.1:{free_port()}"})
    outbox_id = queue_one(engine, down)
    Sender(settings=down, engine=engine).deliver_one()
    entry = status_of(engine, outbox_id)
    assert entry.status == "queued"
    assert "unreachable" in entry.last_error


def test_gives_up_after_the_configured_attempts(settings, engine):
    import time

    down = settings.model_copy(update={"relay": f"127.0.0.1:{free_port()}", "send_max_attempts": 2,
                                       "send_backoff_seconds": 0.01, "send_backoff_max_seconds": 0.01})
    outbox_id = queue_one(engine, down)
    sender = Sender(settings=down, engine=engine)
    sender.deliver_one()
    time.sleep(0.05)
    sender.deliver_one()
    entry = status_of(engine, outbox_id)
    assert entry.status == "failed"
    assert "gave up after 2 attempts" in entry.last_error


def test_backoff_grows_exponentially_up_to_the_ceiling():
    delays = [outbox.backoff_seconds(n, base=10, ceiling=100) for n in (1, 2, 3, 4, 5, 6)]
    assert 5 <= delays[0] <= 10
    assert 20 <= delays[2] <= 40
    assert all(d <= 100 for d in delays)
