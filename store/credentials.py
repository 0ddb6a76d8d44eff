"""Operators' logins: queue, issue, reissue, revoke and verify. Only argon2id hashes are kept.

The password itself never reaches this package's tables. Issuing one goes in two steps:

1. `queue_issue` (inside accept, reissue) queues an outbox row of kind `credentials` whose raw
   bytes are only a marker, and records it as the credential's `pending_outbox_id`.
2. The sender, delivering that row (mailbot/credentials_dispatch.py), asks `dispatch_job` what to
   send, generates the password, hands the message to the relay, and only then calls
   `commit_issued` with the argon2id hash: the newest delivered password replaces any earlier one.

A crash between the relay's acceptance and `commit_issued` leaves the row `sending`; it is claimed
again and a fresh password goes out, so the operator may get two e-mails, and only the newest works.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import make_msgid
from functools import cache

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from intake.states import OutboxStatus
from store.audit import record_event
from store.db import session_scope
from store.errors import CredentialUnavailable, NotFound
from store.models import Case, Credential, Operator, OperatorChange, OutboxMessage, utcnow
from store.outbox import enqueue

log = logging.getLogger("mdreg.credentials")

KIND = "credentials"
MARKER_HEADER = "X-Mdreg-Credentials"


@dataclass(frozen=True)
class DispatchJob:
    """What the sender needs to compose a credential e-mail (everything but the password)."""

    outbox_id: int
    operator_id: int
    username: str
    contact_email: str
    language: str
    reference: str
    already_issued: bool = False


@dataclass(frozen=True)
class CredentialOutcome:
    """What reissue or revoke did."""

    username: str
    action: str  # reissued, revoked, already_revoked
    outbox_id: int | None = None


@dataclass(frozen=True)
class Verification:
    """The answer to a login attempt; `reason` is for logs, never for the person logging in."""

    valid: bool
    must_change: bool = False
    reason: str = ""


@dataclass(frozen=True)
class CredentialState:
    """A credential as the staff UI shows it: no hash, no password."""

    username: str
    state: str  # pending, active, expired, revoked, none
    must_change: bool
    issued_at: datetime | None
    expires_at: datetime | None
    revoked_at: datetime | None
    generation: int


@cache
def _hasher():
    from argon2 import PasswordHasher, Type

    return PasswordHasher(type=Type.ID)


def hash_password(password: str) -> str:
    """The argon2id PHC string for `password` (`$argon2id$v=19$m=…`)."""
    return _hasher().hash(password)


@cache
def _dummy_hash() -> str:
    return hash_password("not-a-password-of-anyone")


def marker_bytes(username: str) -> bytes:
    """The outbox row's raw bytes: a note, never the message that goes out."""
    return (
        f"{MARKER_HEADER}: {username}\r\n"
        f"Subject: Credentials for {username}\r\n\r\n"
        "This credential e-mail is composed when it is delivered: a fresh password is generated\r\n"
        "then and handed to the relay, and only its argon2id hash is stored. These bytes are\r\n"
        "never sent.\r\n"
    ).encode("ascii")


def queue_issue(*, session: Session, operator: Operator, case_id: int | None, actor: str) -> int:
    """Queue a credential e-mail for `operator`, superseding any still queued; returns the outbox id."""
    credential = _credential_for(session, operator.id, create=True)
    _cancel_queued(session, credential, why="superseded by a newer credential e-mail")
    outbox_id = enqueue(
        session=session, to_addr=operator.contact_email,
        message_id=make_msgid(idstring="mdreg-credentials", domain="mdreg.invalid"),
        raw=marker_bytes(operator.username), subject=f"Credentials for {operator.username}",
        case_id=case_id, kind=KIND,
    )
    credential.pending_outbox_id = outbox_id
    credential.updated_at = utcnow()
    session.add(credential)
    record_event(session=session, case_id=case_id, actor=actor, action="credentials_queued",
                 detail={"username": operator.username, "outbox_id": outbox_id})
    return outbox_id


def needs_issue(*, session: Session, operator_id: int) -> bool:
    """True when the operator has no usable login and none on its way."""
    credential = _credential_for(session, operator_id, create=False)
    if credential is None or credential.revoked_at is not None:
        return True
    return credential.password_hash is None and credential.pending_outbox_id is None


def dispatch_job(*, engine: Engine, outbox_id: int) -> DispatchJob:
    """What to send for the outbox row, or CredentialUnavailable when it must not go out."""
    with Session(engine) as session:
        credential = session.exec(select(Credential).where(
            (Credential.pending_outbox_id == outbox_id) | (Credential.issued_outbox_id == outbox_id)
        )).first()
        if credential is None:
            raise CredentialUnavailable(f"outbox {outbox_id}: superseded or revoked; not sent", outbox_id=outbox_id)
        operator = session.get(Operator, credential.operator_id)
        row = session.get(OutboxMessage, outbox_id)
        case = session.get(Case, row.case_id) if row and row.case_id else None
        return DispatchJob(
            outbox_id=outbox_id, operator_id=operator.id, username=operator.username,
            contact_email=operator.contact_email, language=operator.language,
            reference=(case.reference if case and case.reference else operator.username),
            already_issued=credential.issued_outbox_id == outbox_id,
        )


def commit_issued(*, engine: Engine, outbox_id: int, password_hash: str, message_id: str,
                  expiry_days: int) -> bool:
    """Store the hash of the password the relay just accepted; False when superseded meanwhile."""
    if not password_hash.startswith("$argon2id$"):
        raise ValueError("only an argon2id PHC string is stored")
    now = utcnow()
    with session_scope(engine) as session:
        credential = session.exec(
            select(Credential).where(Credential.pending_outbox_id == outbox_id).with_for_update()
        ).first()
        if credential is None or credential.revoked_at is not None:
            log.warning("credential e-mail %s was superseded or revoked while sending; hash not stored",
                        outbox_id)
            return False
        operator = session.get(Operator, credential.operator_id)
        credential.password_hash = password_hash
        credential.must_change = True
        credential.issued_at = now
        credential.expires_at = now + timedelta(days=expiry_days)
        credential.issued_outbox_id, credential.pending_outbox_id = outbox_id, None
        credential.generation += 1
        credential.updated_at = now
        session.add(credential)
        row = session.get(OutboxMessage, outbox_id)
        if row is not None:
            row.message_id = message_id  # so that a reply to the e-mail finds its case
            session.add(row)
        record_event(session=session, case_id=row.case_id if row else None, actor="mdreg",
                     action="credentials_sent",
                     detail={"username": operator.username, "outbox_id": outbox_id,
                             "generation": credential.generation, "expires_at": credential.expires_at.isoformat()})
        return True


def reissue(*, engine: Engine, username: str, actor: str) -> CredentialOutcome:
    """A new password for `username`: the current one stops working now, a new one is queued."""
    with session_scope(engine) as session:
        operator = _operator(session, username)
        credential = _credential_for(session, operator.id, create=True)
        before = _state_name(credential)
        credential.password_hash = None
        credential.revoked_at = None
        credential.issued_at = credential.expires_at = None
        session.add(credential)
        case_id = _latest_case_id(session, operator)
        outbox_id = queue_issue(session=session, operator=operator, case_id=case_id, actor=actor)
        session.add(OperatorChange(operator_id=operator.id, case_id=None, actor=actor,
                                   changes={"credentials": {"from": before, "to": "reissued"}}))
        record_event(session=session, case_id=case_id, actor=actor, action="credentials_reissued",
                     detail={"username": username, "outbox_id": outbox_id})
        return CredentialOutcome(username=username, action="reissued", outbox_id=outbox_id)


def revoke(*, engine: Engine, username: str, actor: str) -> CredentialOutcome:
    """`username` can no longer log in; any credential e-mail still queued is cancelled."""
    with session_scope(engine) as session:
        operator = _operator(session, username)
        credential = _credential_for(session, operator.id, create=True)
        if credential.revoked_at is not None:
            return CredentialOutcome(username=username, action="already_revoked")
        before = _state_name(credential)
        _cancel_queued(session, credential, why="credentials revoked")
        now = utcnow()
        credential.password_hash = None
        credential.pending_outbox_id = None
        credential.revoked_at = credential.updated_at = now
        session.add(credential)
        session.add(OperatorChange(operator_id=operator.id, case_id=None, actor=actor,
                                   changes={"credentials": {"from": before, "to": "revoked"}}))
        record_event(session=session, case_id=_latest_case_id(session, operator), actor=actor,
                     action="credentials_revoked", detail={"username": username})
        return CredentialOutcome(username=username, action="revoked")


def verify(*, engine: Engine, username: str, password: str) -> Verification:
    """Whether `password` is the current, unexpired, unrevoked password of `username`."""
    from argon2.exceptions import InvalidHashError, VerificationError

    with Session(engine) as session:
        operator = session.exec(select(Operator).where(Operator.username == username)).first()
        credential = _credential_for(session, operator.id, create=False) if operator else None
    stored = credential.password_hash if credential else None
    try:
        # The same work whether or not the user exists: timing tells nothing.
        _hasher().verify(stored or _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return Verification(False, reason="no such user" if credential is None else "wrong password")
    if credential is None or stored is None:
        return Verification(False, reason="no password")
    if credential.revoked_at is not None:
        return Verification(False, reason="revoked")
    if credential.expires_at is not None and utcnow() >= _aware(credential.expires_at):
        return Verification(False, reason="expired")
    return Verification(True, must_change=credential.must_change, reason="ok")


def state_of(*, engine: Engine, username: str) -> CredentialState:
    """The credential of `username` for display (NotFound when there is no such operator)."""
    with Session(engine) as session:
        operator = _operator(session, username)
        credential = _credential_for(session, operator.id, create=False)
        if credential is None:
            return CredentialState(username, "none", False, None, None, None, 0)
        return CredentialState(
            username=username, state=_state_name(credential), must_change=credential.must_change,
            issued_at=credential.issued_at, expires_at=credential.expires_at,
            revoked_at=credential.revoked_at, generation=credential.generation,
        )


def _state_name(credential: Credential) -> str:
    if credential.revoked_at is not None:
        return "revoked"
    if credential.password_hash is None:
        return "pending" if credential.pending_outbox_id else "none"
    if credential.expires_at is not None and utcnow() >= _aware(credential.expires_at):
        return "expired"
    return "active"


def _aware(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; they were stored as UTC."""
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _operator(session: Session, username: str) -> Operator:
    operator = session.exec(select(Operator).where(Operator.username == username)).first()
    if operator is None:
        raise NotFound(f"no registered operator with username {username!r}", code="no_username", username=username)
    return operator


def _credential_for(session: Session, operator_id: int, *, create: bool) -> Credential | None:
    credential = session.exec(
        select(Credential).where(Credential.operator_id == operator_id).with_for_update()
    ).first()
    if credential is None and create:
        credential = Credential(operator_id=operator_id)
        session.add(credential)
        session.flush()
    return credential


def _cancel_queued(session: Session, credential: Credential, *, why: str) -> None:
    """A credential e-mail still queued will not go out (one being sent is superseded by the check
    in `commit_issued`, and its password is never stored)."""
    if credential.pending_outbox_id is None:
        return
    row = session.get(OutboxMessage, credential.pending_outbox_id)
    if row is not None and row.status == OutboxStatus.QUEUED:
        row.status, row.last_error = OutboxStatus.FAILED, why
        session.add(row)


def _latest_case_id(session: Session, operator: Operator) -> int | None:
    latest = session.exec(
        select(OperatorChange.case_id)
        .where(OperatorChange.operator_id == operator.id, OperatorChange.case_id.is_not(None))
        .order_by(OperatorChange.id.desc()).limit(1)
    ).first()
    return latest or operator.created_from_case_id
