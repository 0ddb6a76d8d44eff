"""Inbound messages: stored durably as raw bytes, then claimed by exactly one worker at a time."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlmodel import Session, select

from store.db import session_scope
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
    envelope_to: str | None = None, message_id: str | None = None,
) -> Stored:
    """Commit the raw bytes (fsync'd by the database) and return; only then may the edge say 250.

    The same bytes stored twice (a retry after a lost 250, an IMAP re-fetch) keep one row.
    """
    digest = content_hash(raw)
    try:
        existing = _find_by_hash(engine, digest)
        if existing is not None:
            return Stored(inbound_id=existing, duplicate=True)
        row = InboundMessage(
            source=source, envelope_from=envelope_from, envelope_to=envelope_to,
            message_id=message_id or message_id_of(raw), sha256=digest, size=len(raw), raw=raw,
        )
        with session_scope(engine) as session:
            session.add(row)
            session.flush()
            inbound_id = row.id
        return Stored(inbound_id=inbound_id, duplicate=False)
    except IntegrityError:
        existing = _find_by_hash(engine, digest)
        if existing is None:
            raise StorageFailed("the message could not be stored") from None
        return Stored(inbound_id=existing, duplicate=True)
    except SQLAlchemyError as exc:
        raise StorageFailed(f"the message could not be stored: {type(exc).__name__}") from exc


def _find_by_hash(engine: Engine, digest: str) -> int | None:
    with Session(engine) as session:
        return session.exec(select(InboundMessage.id).where(InboundMessage.sha256 == digest)).first()


def claim_next(*, engine: Engine, worker_id: str, stale_after: float) -> Claimed | None:
    """Take the oldest unclaimed message, or one whose claimer has been silent past `stale_after` s.

    PostgreSQL skips rows another worker has locked; SQLite's IMMEDIATE transaction serialises.
    """
    now = utcnow()
    stale = now - timedelta(seconds=stale_after)
    with session_scope(engine) as session:
        query = (
            select(InboundMessage)
            .where(or_(
                InboundMessage.status == "stored",
                (InboundMessage.status == "claimed") & (InboundMessage.claimed_at < stale),
            ))
            .order_by(InboundMessage.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        row = session.exec(query).first()
        if row is None:
            return None
        row.status, row.claimed_by, row.claimed_at = "claimed", worker_id, now
        row.attempts += 1
        session.add(row)
        return Claimed(
            inbound_id=row.id, raw=row.raw, source=row.source,
            envelope_from=row.envelope_from, received_at=row.received_at,
        )


def hold_claim(*, session: Session, inbound_id: int, worker_id: str) -> bool:
    """Inside the finishing transaction: lock the row and check this worker still holds it."""
    row = session.exec(
        select(InboundMessage).where(InboundMessage.id == inbound_id).with_for_update()
    ).first()
    return row is not None and row.status == "claimed" and row.claimed_by == worker_id


def mark_done(*, session: Session, inbound_id: int, case_id: int | None, error: str | None = None) -> None:
    session.execute(
        update(InboundMessage)
        .where(InboundMessage.id == inbound_id)
        .values(status="done", case_id=case_id, processed_at=utcnow(), error=error, claimed_by=None)
    )


def pending_count(*, engine: Engine) -> int:
    from sqlalchemy import func

    with Session(engine) as session:
        return session.exec(
            select(func.count()).select_from(InboundMessage).where(InboundMessage.status != "done")
        ).one()


def raw_message(*, session: Session, inbound_id: int) -> bytes:
    return session.exec(select(InboundMessage.raw).where(InboundMessage.id == inbound_id)).one()
