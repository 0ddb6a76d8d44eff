"""The sqlmodel tables. Only the store package imports this module."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index, LargeBinary, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from intake.states import CaseState, InboundStatus, OutboxKind, OutboxStatus
from store.naming import NAMING_CONVENTION

# Before any table is defined: constraints are named as they are attached to their table.
SQLModel.metadata.naming_convention = NAMING_CONVENTION


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class InboundMessage(SQLModel, table=True):
    """A message as received, raw bytes included, and how far its processing got."""

    __tablename__ = "inbound_message"
    __table_args__ = (
        UniqueConstraint("sha256", name="uq_inbound_sha256"),
        Index("ix_inbound_status_id", "status", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    received_at: datetime = Field(default_factory=utcnow)
    source: str = "smtp"  # smtp, imap, ingest
    envelope_from: str | None = None
    envelope_to: str | None = None
    message_id: str | None = Field(default=None, index=True)
    sha256: str
    size: int
    raw: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    status: str = InboundStatus.STORED
    claimed_by: str | None = None
    claimed_at: datetime | None = None
    attempts: int = 0
    error: str | None = None
    case_id: int | None = Field(default=None, foreign_key="case.id", index=True)
    processed_at: datetime | None = None


class Case(SQLModel, table=True):
    """One registration (or question, bounce …) and where it stands."""

    __tablename__ = "case"
    # For the staff queue's pages (store/queue.py); created by migration 0003.
    __table_args__ = (
        Index("ix_case_received_id", "received_at", "id"),
        Index("ix_case_status_received", "status", "received_at"),
        Index("ix_case_kind_received", "kind", "received_at"),
        Index("ix_case_updated_at", "updated_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    reference: str | None = Field(default=None, index=True, unique=True)
    kind: str = "registration"
    status: str = CaseState.NEEDS_STAFF  # a state the machine knows; transition() sets the real one
    sender: str | None = Field(default=None, index=True)
    subject: str = ""
    language: str = "nb"
    received_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    organisation: str | None = None
    org_number: str | None = Field(default=None, index=True)
    fields: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    flags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    missing_count: int = 0
    requests_sent: int = 0
    assigned_to: str | None = None
    duplicate_of: int | None = Field(default=None, foreign_key="case.id")
    sender_authenticated: bool | None = None


class FieldValue(SQLModel, table=True):
    """Every value a case's field has had, with where it came from: the case history."""

    __tablename__ = "field_value"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    key: str
    value: str | None = None
    state: str
    reason: str | None = None
    source: str | None = None
    inbound_id: int | None = Field(default=None, foreign_key="inbound_message.id")
    actor: str = "mdreg"
    recorded_at: datetime = Field(default_factory=utcnow)


class OutboxMessage(SQLModel, table=True):
    """An outgoing message and its delivery state; raw bytes are final at queue time."""

    __tablename__ = "outbox_message"
    __table_args__ = (
        Index("ix_outbox_status_due", "status", "next_attempt_at"),
        # store/quota.py's daily count per address, and the bounce checks, find the address here
        # (migration 0008; 0007's index, created_at first, read the whole day's replies).
        Index("ix_outbox_to_lower_created", text("lower(to_addr)"), "created_at", "kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int | None = Field(default=None, foreign_key="case.id", index=True)
    inbound_id: int | None = Field(default=None, foreign_key="inbound_message.id", index=True)
    kind: str = OutboxKind.REPLY
    to_addr: str
    message_id: str = Field(index=True)
    subject: str = ""
    raw: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    status: str = OutboxStatus.QUEUED
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow)
    claimed_by: str | None = None
    last_error: str | None = None
    created_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None


class AuditEvent(SQLModel, table=True):
    """Who did what to a case, and when."""

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int | None = Field(default=None, foreign_key="case.id", index=True)
    actor: str
    action: str
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    at: datetime = Field(default_factory=utcnow)


class Operator(SQLModel, table=True):
    """A registered manufacturer or representative: the register's record, unique by org number."""

    __tablename__ = "operator"

    id: int | None = Field(default=None, primary_key=True)
    org_number: str = Field(index=True, unique=True)
    username: str = Field(index=True, unique=True)
    name: str
    contact_email: str
    language: str = "nb"
    fields: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_from_case_id: int | None = Field(default=None, foreign_key="case.id")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class OperatorChange(SQLModel, table=True):
    """One change to a registered record: which fields, from what to what, by whom, from which case."""

    __tablename__ = "operator_change"

    id: int | None = Field(default=None, primary_key=True)
    operator_id: int = Field(foreign_key="operator.id", index=True)
    case_id: int | None = Field(default=None, foreign_key="case.id")
    actor: str
    changes: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    at: datetime = Field(default_factory=utcnow)


class UndeliverableAddress(SQLModel, table=True):
    """A contact address a bounce showed to be undeliverable."""

    __tablename__ = "undeliverable_address"

    id: int | None = Field(default=None, primary_key=True)
    address: str = Field(index=True)
    case_id: int | None = Field(default=None, foreign_key="case.id")
    diagnostic: str | None = None
    at: datetime = Field(default_factory=utcnow)


class ImapFolderState(SQLModel, table=True):
    """Per watched folder: its UIDVALIDITY and the highest UID stored."""

    __tablename__ = "imap_folder_state"
    __table_args__ = (UniqueConstraint("account", "folder", name="uq_imap_account_folder"),)

    id: int | None = Field(default=None, primary_key=True)
    account: str
    folder: str
    uidvalidity: int = Field(sa_column=Column(BigInteger, nullable=False))
    last_uid: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow)


class Credential(SQLModel, table=True):
    """An operator's login: only an argon2id hash (PHC string), never the password itself.

    `pending_outbox_id` is the newest queued credential e-mail; the sender generates the password
    when it delivers that message and stores the hash here afterwards (`issued_outbox_id`).
    """

    __tablename__ = "credential"

    id: int | None = Field(default=None, primary_key=True)
    operator_id: int = Field(foreign_key="operator.id", unique=True, index=True)
    password_hash: str | None = None
    must_change: bool = True
    issued_at: datetime | None = None
    expires_at: datetime | None = None
    revoked_at: datetime | None = None
    pending_outbox_id: int | None = None
    issued_outbox_id: int | None = None
    generation: int = 0
    updated_at: datetime = Field(default_factory=utcnow)


import store.register_models  # noqa: E402,F401 - the register's tables on the same metadata
