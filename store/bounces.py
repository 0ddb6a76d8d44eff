"""Bounces: which case a delivery report is about, and which addresses are known not to work.

An address is marked undeliverable only by a report that counts (intake/machine_mail/bounce.py
`counts_as_bounce`) and only if we have sent to it; the mark expires after `undeliverable_days`
and clears as soon as the address writes to us again.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import bindparam, case as sql_case, delete, func
from sqlmodel import Session, select

from intake.machine_mail.bounce import Bounce
from store import txn_memo
from store.models import Case, OutboxMessage, UndeliverableAddress, utcnow

BY_BOUNCED_MESSAGE = "bounced_message_id"
BY_FAILED_RECIPIENT = "failed_recipient"


def match_bounce(*, session: Session, bounce: Bounce) -> tuple[Case | None, str | None, str | None]:
    """The case whose reply bounced (by the returned Message-ID against the outbox, else by the
    failed recipient), how it was found, and the address that failed."""
    if bounce.original_message_id:
        row = session.exec(
            select(OutboxMessage).where(OutboxMessage.message_id == bounce.original_message_id).limit(1)
        ).first()
        if row is not None:
            case = session.get(Case, row.case_id) if row.case_id else None
            return case, BY_BOUNCED_MESSAGE, row.to_addr
    if bounce.failed_recipient:
        address = bounce.failed_recipient.casefold()
        case_id = session.exec(
            select(OutboxMessage.case_id).where(func.lower(OutboxMessage.to_addr) == address,
                                                OutboxMessage.case_id.is_not(None))
            .order_by(OutboxMessage.id.desc()).limit(1)
        ).first()
        if case_id:
            return session.get(Case, case_id), BY_FAILED_RECIPIENT, bounce.failed_recipient
        return None, None, bounce.failed_recipient
    return None, None, None


def record_bounce(*, session: Session, case_id: int | None, address: str | None, diagnostic: str | None) -> bool:
    """Mark the address that bounced as undeliverable, only if we have sent to it (a report about
    an address we never wrote to proves nothing about it). True when marked."""
    if not address:
        return False
    sent = session.exec(
        select(OutboxMessage.id).where(func.lower(OutboxMessage.to_addr) == address.casefold()).limit(1)
    ).first()
    if sent is None:
        return False
    session.add(UndeliverableAddress(address=address.casefold(), case_id=case_id,
                                     diagnostic=(diagnostic or "")[:500] or None))
    txn_memo.forget(session=session, key=_marks_key(address))
    return True


# Built once: every person's message reads it. How many marks the address has, and how many of
# them are recent: the count lets clear_bounce_mark skip its DELETE when there is none.
_MARKS = (select(func.count(), func.coalesce(func.sum(sql_case((UndeliverableAddress.at >= bindparam("since"), 1),
                                                               else_=0)), 0))
          .where(UndeliverableAddress.address == bindparam("address")))
_CLEAR = delete(UndeliverableAddress).where(UndeliverableAddress.address == bindparam("address"))


def _marks_key(address: str) -> tuple:
    return ("bounce marks", address.casefold())


def is_undeliverable(*, session: Session, address: str, days: float = 30.0) -> bool:
    """A bounce marked `address` within the last `days` (older marks have expired)."""
    since = utcnow() - timedelta(days=days)
    marks, recent = session.connection().execute(_MARKS, {"address": address.casefold(), "since": since}).one()
    txn_memo.remember(session=session, key=_marks_key(address), answer=marks)
    return recent > 0


def clear_bounce_mark(*, session: Session, address: str) -> None:
    """The address wrote to us: it is reachable again."""
    if txn_memo.known(session=session, key=_marks_key(address)) == 0:
        return  # read in this transaction (is_undeliverable): it has no mark to clear
    # On the connection: no ORM bookkeeping, and no flush of the case first (record.py writes it).
    session.connection().execute(_CLEAR, {"address": address.casefold()})
    txn_memo.remember(session=session, key=_marks_key(address), answer=0)
