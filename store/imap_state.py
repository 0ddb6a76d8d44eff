"""Per watched IMAP folder: its UIDVALIDITY, the highest UID stored and marked on the server, and
(in `updated_at`) the time of the last successful poll, which `mdreg health` reports."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlmodel import Session, select

from store.db import session_scope
from store.errors import StorageFailed
from store.models import ImapFolderState, InboundMessage, utcnow


@dataclass(frozen=True)
class FolderState:
    uidvalidity: int
    last_uid: int


def load_state(*, engine: Engine, account: str, folder: str) -> FolderState | None:
    """The remembered state of `folder`, or None when mdreg has never watched it."""
    with Session(engine) as session:
        row = session.exec(_query(account, folder)).first()
        return FolderState(uidvalidity=row.uidvalidity, last_uid=row.last_uid) if row else None


def save_state(*, engine: Engine, account: str, folder: str, uidvalidity: int, last_uid: int) -> None:
    """Record the state of `folder` (insert or update), committed before returning."""
    try:
        _upsert(engine, account, folder, uidvalidity, last_uid)
    except IntegrityError:  # another process inserted the row first: update it
        _upsert(engine, account, folder, uidvalidity, last_uid)
    except SQLAlchemyError as exc:
        raise StorageFailed(f"the IMAP folder state could not be saved: {type(exc).__name__}",
                            code="imap_state_not_saved") from exc


def advance_last_uid(*, engine: Engine, account: str, folder: str, uidvalidity: int, uid: int) -> None:
    """Move last_uid up to `uid` (never down) for this UIDVALIDITY."""
    try:
        with session_scope(engine) as session:
            row = session.exec(_query(account, folder).with_for_update()).first()
            if row is None or row.uidvalidity != uidvalidity or row.last_uid >= uid:
                return
            row.last_uid, row.updated_at = uid, utcnow()
            session.add(row)
    except SQLAlchemyError as exc:
        raise StorageFailed(f"the IMAP folder state could not be saved: {type(exc).__name__}",
                            code="imap_state_not_saved") from exc


def record_poll(*, engine: Engine, account: str, folder: str) -> None:
    """A drain of `folder` completed (whether or not it found anything): note the time."""
    try:
        with session_scope(engine) as session:
            session.execute(update(ImapFolderState)
                            .where(ImapFolderState.account == account, ImapFolderState.folder == folder)
                            .values(updated_at=utcnow()).execution_options(synchronize_session=False))
    except SQLAlchemyError as exc:
        raise StorageFailed(f"the IMAP folder state could not be saved: {type(exc).__name__}") from exc


def stored_message_ids(*, engine: Engine, message_ids: list[str]) -> set[str]:
    """Which of these Message-IDs some stored inbound message already has."""
    wanted = sorted({m for m in message_ids if m})
    found: set[str] = set()
    with Session(engine) as session:
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            found.update(session.exec(
                select(InboundMessage.message_id).where(InboundMessage.message_id.in_(chunk))
            ).all())
    return found


def _query(account: str, folder: str):
    return select(ImapFolderState).where(ImapFolderState.account == account, ImapFolderState.folder == folder)


def _upsert(engine: Engine, account: str, folder: str, uidvalidity: int, last_uid: int) -> None:
    with session_scope(engine) as session:
        row = session.exec(_query(account, folder).with_for_update()).first()
        if row is None:
            row = ImapFolderState(account=account, folder=folder, uidvalidity=uidvalidity, last_uid=last_uid)
        row.uidvalidity, row.last_uid, row.updated_at = uidvalidity, last_uid, utcnow()
        session.add(row)
