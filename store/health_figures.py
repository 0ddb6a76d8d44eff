"""The figures `mdreg health` and the metrics endpoint report, read from the database in one go."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from store.models import ImapFolderState, InboundMessage, OutboxMessage

UNPROCESSED = ("stored", "claimed")


@dataclass(frozen=True)
class Figures:
    unprocessed: int
    oldest_unprocessed_seconds: float | None  # None: nothing waiting
    stuck: int  # claimed longer ago than the claim timeout: their worker died or hangs
    outbox_by_status: dict[str, int]
    outbox_queued_long: int  # queued or sending for longer than `queued_long_seconds`
    imap_last_poll_seconds: float | None  # since the last successful poll; None: no folder ever watched


def read_figures(*, engine: Engine, claim_timeout_seconds: float, queued_long_seconds: float) -> Figures:
    now = datetime.now(timezone.utc)
    with engine.connect() as connection:
        waiting, oldest = connection.execute(select(func.count(), func.min(InboundMessage.received_at))
                                             .where(InboundMessage.status.in_(UNPROCESSED))).one()
        stuck = connection.execute(select(func.count()).where(
            InboundMessage.status == "claimed",
            InboundMessage.claimed_at < now - timedelta(seconds=claim_timeout_seconds))).scalar_one()
        by_status = connection.execute(select(OutboxMessage.status, func.count())
                                       .group_by(OutboxMessage.status)).all()
        queued_long = connection.execute(select(func.count()).where(
            OutboxMessage.status.in_(("queued", "sending")),
            OutboxMessage.created_at < now - timedelta(seconds=queued_long_seconds))).scalar_one()
        # updated_at: the last successful poll (store/imap_state.py record_poll)
        imap_last = connection.execute(select(func.max(ImapFolderState.updated_at))).scalar_one()
    return Figures(
        unprocessed=int(waiting), oldest_unprocessed_seconds=_age(now, oldest), stuck=int(stuck),
        outbox_by_status={str(k): int(v) for k, v in by_status}, outbox_queued_long=int(queued_long),
        imap_last_poll_seconds=_age(now, imap_last),
    )


def _age(now: datetime, then: datetime | None) -> float | None:
    if then is None:
        return None
    if then.tzinfo is None:  # SQLite hands timestamps back without their zone; they were written in UTC
        then = then.replace(tzinfo=timezone.utc)
    return max(0.0, (now - then).total_seconds())
