"""Any error while sending ends in a retry with backoff or in `failed` with its reason, within
`send_max_attempts`: no row stays `sending`, and no credential mail is made again and again."""

from __future__ import annotations

from sqlmodel import Session

from mailbot.runners.sender import Sender
from store import outbox
from store.db import session_scope
from store.models import OutboxMessage


def queue_reply(engine) -> int:
    with session_scope(engine) as session:
        return outbox.enqueue(session=session, to_addr="kari@fjordmed.example", message_id="<r1@localhost>",
                              raw=b"Subject: Re: Registrering\r\n\r\nHei\r\n", subject="Re: Registrering")


def row(engine, outbox_id: int) -> OutboxMessage:
    with Session(engine) as session:
        return session.get(OutboxMessage, outbox_id)


def make_due(engine, outbox_id: int) -> None:
    from datetime import timedelta

    from sqlalchemy import update

    from store.models import utcnow

    with session_scope(engine) as session:
        session.execute(update(OutboxMessage).where(OutboxMessage.id == outbox_id)
                        .values(next_attempt_at=utcnow() - timedelta(seconds=1)))


def test_an_error_of_an_unexpected_type_ends_in_failed_after_send_max_attempts(relayed_settings, engine,
                                                                                 monkeypatch):
    settings = relayed_settings.model_copy(update={"send_max_attempts": 3})
    sender = Sender(settings=settings, engine=engine)

    def broken(to_addr, raw):
        raise KeyError("something nobody expected")

    monkeypatch.setattr(sender, "transmit", broken)
    outbox_id = queue_reply(engine)
    for _ in range(3):
        make_due(engine, outbox_id)
        assert sender.deliver_one()
        assert row(engine, outbox_id).status in ("queued", "failed")
    final = row(engine, outbox_id)
    assert final.status == "failed" and final.attempts == 3
    assert "KeyError" in final.last_error


def test_an_unexpected_error_is_retried_with_backoff_first(relayed_settings, engine, monkeypatch):
    sender = Sender(settings=relayed_settings, engine=engine)
    monkeypatch.setattr(sender, "transmit", lambda to_addr, raw: (_ for _ in ()).throw(TypeError("odd")))
    outbox_id = queue_reply(engine)
    assert sender.deliver_one()
    after = row(engine, outbox_id)
    assert after.status == "queued" and "TypeError" in after.last_error


def test_a_row_whose_senders_keep_dying_fails_instead_of_staying_sending(relayed_settings, engine):
    settings = relayed_settings.model_copy(update={"send_max_attempts": 3, "claim_timeout_seconds": 0})
    outbox_id = queue_reply(engine)
    for _ in range(3):  # three senders claim the row and die before finishing it
        assert outbox.claim_due(engine=engine, sender_id="dead", stale_after=0) is not None
    Sender(settings=settings, engine=engine).deliver_one()
    final = row(engine, outbox_id)
    assert final.status == "failed" and "did not finish" in final.last_error
