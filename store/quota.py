"""How many automatic replies one address may get: at most N per 24 hours, then one notice, then
nothing more that day (as mailing-list servers do). Counted from the outbox itself."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import bindparam, func
from sqlmodel import Session, select

from intake.states import OutboxKind, ReplyAllowance
from store.models import OutboxMessage, utcnow

SEND, NOTICE, SILENT = ReplyAllowance.SEND, ReplyAllowance.NOTICE, ReplyAllowance.SILENT
NOTICE_KIND = OutboxKind.RATE_NOTICE
WINDOW = timedelta(hours=24)


_SENT_SINCE = (select(OutboxMessage.kind, func.count())
               .where(func.lower(OutboxMessage.to_addr) == bindparam("address"),
                      OutboxMessage.created_at >= bindparam("since"))
               .group_by(OutboxMessage.kind))  # built once: every person's message reads it


def allowance(*, session: Session, address: str, limit: int) -> ReplyAllowance:
    """SEND while the address has had fewer than `limit` replies in 24 hours; then NOTICE once;
    then SILENT."""
    since = utcnow() - WINDOW
    rows = session.connection().execute(_SENT_SINCE, {"address": address.casefold(), "since": since}).all()
    counts = {kind: n for kind, n in rows}
    notices = counts.pop(NOTICE_KIND, 0)
    if sum(counts.values()) < limit:
        return SEND
    return NOTICE if notices == 0 else SILENT
