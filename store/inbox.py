"""Inbound messages: stored durably as raw bytes, then claimed by exactly one worker at a time."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from itertools import takewhile
from datetime import datetime

from sqlalchemy import bindparam, func, or_, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, select

from store.db import INBOUND_CHANNEL, claim_clock, notify_on_commit, session_scope
from intake.states import InboundStatus
from store.errors import StorageFailed
from store.models import InboundMessage, utcnow


@dataclass(frozen=True)
class Stored:
    """The outcome of storing a message: its row, and whether we had those bytes already."""

    inbound_id: int
    duplicate: bool


@dataclass(frozen=True)
class Claimed:
    """A message a worker holds: the raw bytes and where they came from."""

    inbound_id: int
    raw: bytes
    source: str
    envelope_from: str | None
    received_at: datetime
    attempts: int = 1  # this claim included: more than one means an earlier claimer died or failed


def content_hash(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


_MESSAGE_ID = re.compile(rb"^message-id:[ \t]*(<[^<>\s]{1,900}>)", re.IGNORECASE | re.MULTILINE)
_HEADER_END = re.compile(rb"\r?\n\r?\n")


def message_id_of(raw: bytes) -> str | None:
    """The Message-ID of the header section, read without a full parse (for de-duplication)."""
    end = _HEADER_END.search(raw, 0, 200_000)
    found = _MESSAGE_ID.search(raw, 0, end.start() if end else min(len(raw), 200_000))
    return found.group(1).decode("ascii", "replace") if found else None


def store_raw(
    *, engine: Engine, raw: bytes, source: str, envelope_from: str | None = None,
    envelope_to: str | None = None,
) -> Stored:
    """Commit the raw bytes (fsync'd by the database) and return; only then may the edge say 250.

    The same bytes stored twice (a retry after a lost 250, an IMAP re-fetch) keep one row.
    """
    item = Incoming(raw=raw, source=source, envelope_from=envelope_from, envelope_to=envelope_to)
    return store_many(engine=engine, items=[item])[0]


class ClaimLost(StorageFailed):
    """The finishing transaction found that this worker no longer holds the message."""

    code = "claim_lost"


def claim_next(*, engine: Engine, worker_id: str, stale_after: float) -> Claimed | None:
    """Take the oldest unclaimed message, or one whose claimer has been silent past `stale_after` s
    (see claim_batch)."""
    batch = claim_batch(engine=engine, worker_id=worker_id, stale_after=stale_after, limit=1)
    return batch[0] if batch else None


def claim_batch(*, engine: Engine, worker_id: str, stale_after: float, limit: int) -> list[Claimed]:
    """Take up to `limit` of the oldest unclaimed messages (or one whose claimer has been silent
    past `stale_after` s), oldest first; [] when there is none.

    A message tried before (attempts > 0: its worker died or failed on it, or let its lease lapse)
    is taken alone, so that a message that kills its worker costs the others in its batch at most
    one attempt, never the `unreadable` verdict of max_processing_attempts.

    The rows are locked by SELECT … FOR UPDATE SKIP LOCKED, then claimed by one UPDATE … RETURNING
    in the same transaction. PostgreSQL skips a row another worker is claiming or finishing (its
    finishing transaction holds the row lock, see hold_claim), so two workers never take the same
    row, and a claim is only taken over while nobody holds the row; SQLite's IMMEDIATE transaction
    serialises claimers instead. The claim is committed before intake runs: a worker that dies
    leaves `claimed` rows which another worker takes over once `claimed_at` is older than
    `stale_after` (or at once, on its host: store/leases.py).
    """
    now, stale = claim_clock(engine, stale_after)
    candidates = (
        select(InboundMessage.id, InboundMessage.attempts)
        .where(or_(
            InboundMessage.status == InboundStatus.STORED,
            (InboundMessage.status == InboundStatus.CLAIMED) & (InboundMessage.claimed_at < stale),
        ))
        .order_by(InboundMessage.id)
        .limit(max(1, limit))
        .with_for_update(skip_locked=True)
    )
    with session_scope(engine) as session:
        head = session.execute(candidates).all()
        if not head:
            return []
        fresh = list(takewhile(lambda row: row.attempts == 0, head))
        ids = [row.id for row in fresh] or [head[0].id]
        rows = session.execute(
            update(InboundMessage)
            .where(InboundMessage.id.in_(ids))
            .values(status=InboundStatus.CLAIMED, claimed_by=worker_id, claimed_at=now,
                    attempts=InboundMessage.attempts + 1)
            .returning(InboundMessage.id, InboundMessage.raw, InboundMessage.source,
                       InboundMessage.envelope_from, InboundMessage.received_at, InboundMessage.attempts)
            .execution_options(synchronize_session=False)
        ).all()
        return sorted((Claimed(inbound_id=row.id, raw=bytes(row.raw), source=row.source,
                               envelope_from=row.envelope_from, received_at=row.received_at, attempts=row.attempts)
                       for row in rows), key=lambda claimed: claimed.inbound_id)


# The finishing transaction's statements, built once: building a statement costs more than
# running it, and these run for every message (bench/worker_cost.py).
_HOLD = (select(InboundMessage.status, InboundMessage.claimed_by)
         .where(InboundMessage.id == bindparam("inbound_id")).with_for_update())
_DONE = (update(InboundMessage)
         .where(InboundMessage.id == bindparam("inbound_id"), InboundMessage.status == InboundStatus.CLAIMED)
         .values(status=InboundStatus.DONE, case_id=bindparam("done_case_id"), processed_at=bindparam("done_at"),
                 error=bindparam("done_error"), claimed_by=None)
         .execution_options(synchronize_session=False))
_DONE_BY = _DONE.where(InboundMessage.claimed_by == bindparam("worker_id"))


def hold_claim(*, session: Session, inbound_id: int, worker_id: str) -> bool:
    """Inside the finishing transaction: lock the row and check this worker still holds it.

    Call it first in the transaction that records the outcome. While that transaction lasts the row
    stays locked, so no other worker can take the claim over (PostgreSQL: claim_next skips the
    locked row; SQLite: the transaction holds the database's write lock). False means the claim
    was taken over (or finished) by someone else: record nothing.
    """
    row = session.connection().execute(_HOLD, {"inbound_id": inbound_id}).first()
    return row is not None and row.status == InboundStatus.CLAIMED and row.claimed_by == worker_id


_HELD = (select(InboundMessage.id)
         .where(InboundMessage.id.in_(bindparam("inbound_ids", expanding=True)),
                InboundMessage.status == InboundStatus.CLAIMED, InboundMessage.claimed_by == bindparam("worker_id"))
         .with_for_update())


def held_claims(*, session: Session, inbound_ids: list[int], worker_id: str) -> set[int]:
    """hold_claim for several messages in one statement: those of `inbound_ids` this worker still
    holds, locked until the transaction ends. On SQLite, whose transaction holds the database's
    write lock from its first statement, the batch's claims are checked once instead of once each."""
    if not inbound_ids:
        return set()
    rows = session.connection().execute(_HELD, {"inbound_ids": list(inbound_ids), "worker_id": worker_id})
    return {row.id for row in rows}


def mark_done(*, session: Session, inbound_id: int, case_id: int | None, error: str | None = None,
              worker_id: str | None = None) -> None:
    """Mark the message done inside the finishing transaction.

    Only a message still `claimed` (by `worker_id`, when given) is marked; otherwise ClaimLost is
    raised so that the caller's transaction, case update included, rolls back instead of recording
    a message twice.
    """
    params = {"inbound_id": inbound_id, "done_case_id": case_id, "done_at": utcnow(), "done_error": error}
    if worker_id is not None:
        result = session.connection().execute(_DONE_BY, {**params, "worker_id": worker_id})
    else:
        result = session.connection().execute(_DONE, params)
    if result.rowcount != 1:
        raise ClaimLost(f"message {inbound_id} is no longer claimed by this worker", inbound_id=inbound_id)


def pending_count(*, engine: Engine) -> int:

    with Session(engine) as session:
        return session.exec(
            select(func.count()).select_from(InboundMessage).where(InboundMessage.status != InboundStatus.DONE)
        ).one()


@dataclass(frozen=True)
class Incoming:
    """One message an edge wants stored."""

    raw: bytes
    source: str
    envelope_from: str | None = None
    envelope_to: str | None = None


def store_many(*, engine: Engine, items: list[Incoming]) -> list[Stored]:
    """Store several messages in one transaction, so they share one fsync (group commit); the
    results are in the order of `items`. Bytes already stored, or twice in the batch, keep one
    row, also when another edge stores the same bytes at the same moment (ON CONFLICT DO NOTHING).

    Written with core statements on one connection, not the ORM: the edge answers 250 only after
    this commit, so its cost is every SMTP client's wait (0.6 ms a message here instead of 1.1)."""
    digests = [content_hash(item.raw) for item in items]
    rows: dict[str, dict] = {}
    now = utcnow()
    for item, digest in zip(items, digests):
        if digest not in rows:
            rows[digest] = dict(
                received_at=now, source=item.source, envelope_from=item.envelope_from,
                envelope_to=item.envelope_to, message_id=message_id_of(item.raw), sha256=digest,
                size=len(item.raw), raw=item.raw, status=InboundStatus.STORED.value, attempts=0,
            )
    try:
        with engine.begin() as connection:
            statement = _insert_new(connection)
            ids: dict[str, int] = {}
            for row in rows.values():  # one cached statement per row: a multi-row VALUES is compiled anew each time
                ids.update((found.sha256, found.id) for found in connection.execute(statement, row))
            if ids:
                notify_on_commit(connection, INBOUND_CHANNEL)  # wakes a worker in any process (PostgreSQL)
            known = [digest for digest in rows if digest not in ids]
            if known:
                table = InboundMessage.__table__
                known_ids = dict(connection.execute(
                    select(table.c.sha256, table.c.id).where(table.c.sha256.in_(known))).all())
    except SQLAlchemyError as exc:
        raise StorageFailed(f"the messages could not be stored: {type(exc).__name__}") from exc
    out, first = [], set()
    for digest in digests:
        if digest in ids:
            out.append(Stored(inbound_id=ids[digest], duplicate=digest in first))
            first.add(digest)
        else:
            out.append(Stored(inbound_id=known_ids[digest], duplicate=True))
    return out


def _insert_new(connection):
    """INSERT … ON CONFLICT (sha256) DO NOTHING RETURNING id, sha256 in the connection's dialect:
    a row comes back only for bytes not stored before."""
    table = InboundMessage.__table__
    dialect_insert = postgresql_insert if connection.dialect.name == "postgresql" else sqlite_insert
    return (dialect_insert(table).on_conflict_do_nothing(index_elements=[table.c.sha256])
            .returning(table.c.id, table.c.sha256))
