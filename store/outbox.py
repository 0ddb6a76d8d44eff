"""The outbox: replies queued with their case update, delivered later, retried with backoff."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import insert, or_, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from intake.states import OutboxStatus
from store.db import OUTBOX_CHANNEL, claim_clock, notify_on_commit, session_scope
from store.models import OutboxMessage, utcnow



@dataclass(frozen=True)
class Outgoing:
    """A message the sender holds for delivery."""

    outbox_id: int
    kind: str
    to_addr: str
    message_id: str
    raw: bytes
    attempts: int
    case_id: int | None


@dataclass(frozen=True)
class OutboxEntry:
    """A row of `mdreg outbox`."""

    outbox_id: int
    case_reference: str | None
    kind: str
    to_addr: str
    subject: str
    status: str
    attempts: int
    created_at: datetime
    sent_at: datetime | None
    last_error: str | None


# Built once (building costs more than running it); the values come as parameters.
_ENQUEUE = insert(OutboxMessage.__table__).returning(OutboxMessage.__table__.c.id)


def enqueue(
    *, session: Session, to_addr: str, message_id: str, raw: bytes, subject: str = "",
    case_id: int | None = None, inbound_id: int | None = None, kind: str = "reply",
) -> int:
    """Queue a message inside the caller's transaction (commits with the case update).

    A core INSERT … RETURNING id: no ORM object and no flush of whatever else the session holds
    (the case it belongs to is already in the database, as its id says)."""
    now = utcnow()
    outbox_id = session.connection().execute(_ENQUEUE, dict(
        case_id=case_id, inbound_id=inbound_id, kind=kind, to_addr=to_addr, message_id=message_id,
        subject=subject, raw=raw, status=OutboxStatus.QUEUED, attempts=0, next_attempt_at=now, created_at=now,
    )).scalar_one()
    notify_on_commit(session, OUTBOX_CHANNEL)  # wakes a sender in any process (PostgreSQL)
    return outbox_id


def claim_due(*, engine: Engine, sender_id: str, stale_after: float) -> Outgoing | None:
    """The next message due for delivery (see claim_due_many), or None."""
    claimed = claim_due_many(engine=engine, sender_id=sender_id, stale_after=stale_after, limit=1)
    return claimed[0] if claimed else None


def claim_due_many(*, engine: Engine, sender_id: str, stale_after: float, limit: int) -> list[Outgoing]:
    """Up to `limit` messages due for delivery, oldest due first; one left `sending` by a dead
    sender is due again.

    Claimed like inbound messages (see store.inbox.claim_next): one UPDATE over a
    FOR UPDATE SKIP LOCKED sub-select, timed by the database's clock on PostgreSQL. While a message
    is `sending`, next_attempt_at holds the time it was claimed.
    """
    now, stale = claim_clock(engine, stale_after)
    candidates = (
        select(OutboxMessage.id)
        .where(or_(
            (OutboxMessage.status == OutboxStatus.QUEUED) & (OutboxMessage.next_attempt_at <= now),
            (OutboxMessage.status == OutboxStatus.SENDING) & (OutboxMessage.next_attempt_at < stale),
        ))
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    statement = (
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(candidates))
        .values(status=OutboxStatus.SENDING, claimed_by=sender_id, next_attempt_at=now,
                attempts=OutboxMessage.attempts + 1)
        .returning(OutboxMessage.id, OutboxMessage.kind, OutboxMessage.to_addr, OutboxMessage.message_id,
                   OutboxMessage.raw, OutboxMessage.attempts, OutboxMessage.case_id)
        .execution_options(synchronize_session=False)
    )
    with session_scope(engine) as session:
        rows = session.execute(statement).all()
        return sorted((
            Outgoing(outbox_id=row.id, kind=row.kind, to_addr=row.to_addr, message_id=row.message_id,
                     raw=bytes(row.raw), attempts=row.attempts, case_id=row.case_id)
            for row in rows), key=lambda item: item.outbox_id)


def mark_sent(*, engine: Engine, outbox_id: int, sender_id: str | None = None) -> None:
    """The relay took the message. This always wins: a delivered message is never queued again,
    even when a slow sender reports it after its claim was taken over."""
    _finish(engine, outbox_id, sender_id, status=OutboxStatus.SENT, sent_at=utcnow(), last_error=None)


def mark_sent_many(*, engine: Engine, outbox_ids: list[int]) -> None:
    """The relay took these messages: one transaction for a batch (see mark_sent; sent always wins)."""
    if not outbox_ids:
        return
    with session_scope(engine) as session:
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(outbox_ids), OutboxMessage.status != OutboxStatus.SENT)
            .values(status=OutboxStatus.SENT, sent_at=utcnow(), last_error=None, claimed_by=None)
            .execution_options(synchronize_session=False)
        )


def mark_failed(*, engine: Engine, outbox_id: int, error: str, sender_id: str | None = None) -> None:
    _finish(engine, outbox_id, sender_id, status=OutboxStatus.FAILED, last_error=error[:500])


def mark_retry(*, engine: Engine, outbox_id: int, error: str, delay_seconds: float,
               sender_id: str | None = None) -> None:
    due = utcnow() + timedelta(seconds=delay_seconds)
    _finish(engine, outbox_id, sender_id, status=OutboxStatus.QUEUED, last_error=error[:500], next_attempt_at=due)


def backoff_seconds(attempts: int, *, base: float, ceiling: float) -> float:
    """Exponential backoff with full jitter, so retries from many messages spread out."""
    return random.uniform(0.5, 1.0) * min(ceiling, base * (2 ** max(0, attempts - 1)))


def _finish(engine: Engine, outbox_id: int, sender_id: str | None, **values) -> bool:
    """Record a delivery outcome under a row lock; False when it no longer applied.

    `sent` applies unless the row is already sent. `failed` and a retry apply only to a row still
    `sending` (and, with `sender_id`, still claimed by that sender): a sender whose claim was taken
    over must not undo what the new claimer recorded, e.g. requeue a message that went out.
    """
    with session_scope(engine) as session:
        row = session.execute(
            select(OutboxMessage.status, OutboxMessage.claimed_by)
            .where(OutboxMessage.id == outbox_id)
            .with_for_update()
        ).first()
        if row is None or row.status == OutboxStatus.SENT:
            return False
        if values["status"] != OutboxStatus.SENT and (
            row.status != OutboxStatus.SENDING or (sender_id is not None and row.claimed_by != sender_id)
        ):
            return False
        session.execute(
            update(OutboxMessage).where(OutboxMessage.id == outbox_id).values(claimed_by=None, **values)
            .execution_options(synchronize_session=False)
        )
        return True


def list_outbox(*, engine: Engine, status: str | None = None, limit: int = 200) -> list[OutboxEntry]:
    from store.models import Case

    with Session(engine) as session:
        query = select(OutboxMessage, Case.reference).join(Case, isouter=True).order_by(OutboxMessage.id.desc())
        if status:
            query = query.where(OutboxMessage.status == status)
        rows = session.exec(query.limit(limit)).all()
        return [
            OutboxEntry(
                outbox_id=o.id, case_reference=ref, kind=o.kind, to_addr=o.to_addr, subject=o.subject,
                status=o.status, attempts=o.attempts, created_at=o.created_at, sent_at=o.sent_at,
                last_error=o.last_error,
            )
            for o, ref in rows
        ]


def enqueue_composed(*, session: Session, composed, case_id: int | None, kind: str,
                     inbound_id: int | None = None) -> int:
    """Queue a composed message (intake.replies.compose.Composed) for a case, in the caller's
    transaction: the path store.transitions.transition queues through."""
    return enqueue(session=session, to_addr=composed.to_addr, message_id=composed.message_id, raw=composed.raw,
                   subject=composed.subject, case_id=case_id, inbound_id=inbound_id, kind=kind)


def count(*, engine: Engine, status: str | None = None) -> int:
    """How many outbox messages there are (with `status`, if given)."""
    from sqlalchemy import func

    with Session(engine) as session:
        query = select(func.count()).select_from(OutboxMessage)
        if status:
            query = query.where(OutboxMessage.status == status)
        return session.exec(query).one()
