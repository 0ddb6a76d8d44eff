"""What case officers see of a case: its fields, its conversation as a chat, its audit trail.

Read-only; the actions on a case are in store/staff.py. Only plain dataclasses leave this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from intake.errors import IntakeError
from intake.model import FieldResult, Limits
from intake.mime.parse import parse_message
from store import fieldcodec
from store.errors import NotFound
from store.models import AuditEvent, Case, InboundMessage, OutboxMessage

BODY_CHARS = 20_000  # a chat bubble shows at most this much of a message


@dataclass(frozen=True)
class AttachmentChip:
    index: int
    filename: str
    content_type: str
    size: int


@dataclass(frozen=True)
class ChatMessage:
    """One message of the conversation, with its text for the chat view."""

    direction: str  # in, out
    at: datetime
    subject: str
    address: str | None
    body: str
    attachments: tuple[AttachmentChip, ...]
    status: str
    inbound_id: int | None = None
    outbox_id: int | None = None


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    actor: str
    action: str
    detail: dict[str, Any]


@dataclass(frozen=True)
class CaseDetail:
    reference: str
    status: str
    kind: str
    sender: str | None
    subject: str
    language: str
    received_at: datetime
    updated_at: datetime
    organisation: str | None
    org_number: str | None
    fields: dict[str, FieldResult]
    flags: tuple[str, ...]
    missing_count: int
    requests_sent: int
    assigned_to: str | None
    duplicate_of: str | None
    sender_authenticated: bool | None
    messages: tuple[ChatMessage, ...]
    audit: tuple[AuditEntry, ...]


def case_detail(*, engine: Engine, reference: str) -> CaseDetail:
    """The case with its fields, its conversation (in time order) and its audit trail."""
    with Session(engine) as session:
        case = _get(session, reference)
        duplicate_of = session.get(Case, case.duplicate_of).reference if case.duplicate_of else None
        messages = [
            _chat("in", m.id, None, m.received_at, m.envelope_from, m.raw, m.status)
            for m in session.exec(select(InboundMessage).where(InboundMessage.case_id == case.id))
        ]
        messages += [
            _chat("out", None, o.id, o.created_at, o.to_addr, o.raw, o.status)
            for o in session.exec(select(OutboxMessage).where(OutboxMessage.case_id == case.id))
        ]
        audit = tuple(
            AuditEntry(at=a.at, actor=a.actor, action=a.action, detail=dict(a.detail or {}))
            for a in session.exec(select(AuditEvent).where(AuditEvent.case_id == case.id)
                                  .order_by(AuditEvent.at, AuditEvent.id))
        )
        return CaseDetail(
            reference=case.reference or "", status=case.status, kind=case.kind, sender=case.sender,
            subject=case.subject, language=case.language, received_at=case.received_at,
            updated_at=case.updated_at, organisation=case.organisation, org_number=case.org_number,
            fields=fieldcodec.decode(case.fields), flags=tuple(case.flags), missing_count=case.missing_count,
            requests_sent=case.requests_sent, assigned_to=case.assigned_to, duplicate_of=duplicate_of,
            sender_authenticated=case.sender_authenticated,
            messages=tuple(sorted(messages, key=lambda m: (m.at, m.direction == "out"))),
            audit=audit,
        )


def case_marker(*, engine: Engine, reference: str) -> str | None:
    """Changes whenever the case changes (its updated_at): cheap to poll from an open case."""
    with Session(engine) as session:
        value = session.exec(select(Case.updated_at).where(Case.reference == reference)).first()
        return None if value is None else str(value)


def inbound_raw(*, engine: Engine, inbound_id: int) -> bytes:
    """The stored bytes of an inbound message (to re-read its attachments)."""
    with Session(engine) as session:
        raw = session.exec(select(InboundMessage.raw).where(InboundMessage.id == inbound_id)).first()
        if raw is None:
            raise NotFound(f"no inbound message {inbound_id}", code="no_message", inbound_id=inbound_id)
        return raw


def _chat(direction, inbound_id, outbox_id, at, address, raw, status) -> ChatMessage:
    subject, body, chips = _read(raw)
    return ChatMessage(direction=direction, at=at, subject=subject, address=address, body=body,
                       attachments=chips, status=status, inbound_id=inbound_id, outbox_id=outbox_id)


def _read(raw: bytes) -> tuple[str, str, tuple[AttachmentChip, ...]]:
    """Subject, text and attachment names of a stored message, read with intake's limits so a
    hostile message cannot stall the screen; a broken one is shown as such."""
    try:
        parsed, parts = parse_message(raw, Limits())
    except IntakeError as exc:
        return "", f"(this message could not be read: {exc})", ()
    chips = tuple(
        AttachmentChip(index=index, filename=part.get_filename() or f"attachment {index + 1}",
                       content_type=part.get_content_type(), size=len(data))
        for index, (part, data) in enumerate(parts)
    )
    return parsed.subject, parsed.body_text.replace("\r\n", "\n").strip()[:BODY_CHARS], chips


def _get(session: Session, reference: str) -> Case:
    case = session.exec(select(Case).where(Case.reference == reference)).first()
    if case is None:
        raise NotFound(f"no case {reference}", code="no_case", reference=reference)
    return case
