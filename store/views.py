"""Read-only views of cases as plain dataclasses, for the command line and the staff UI."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from intake.model import FieldResult
from store import fieldcodec
from store.models import Case, InboundMessage, OutboxMessage


@dataclass(frozen=True)
class ThreadItem:
    """One message of a case's conversation, inbound or outbound."""

    direction: str  # in, out
    at: datetime
    subject: str
    address: str | None
    message_id: str | None
    status: str


@dataclass(frozen=True)
class CaseSummary:
    reference: str
    status: str
    kind: str
    sender: str | None
    received_at: datetime
    organisation: str | None
    org_number: str | None
    fields: dict[str, FieldResult]
    flags: tuple[str, ...]
    missing_count: int
    language: str
    # The conversation, oldest first (filled by list_cases(with_thread=True)).
    thread: tuple[ThreadItem, ...] = ()


def _summary(case: Case, thread: tuple[ThreadItem, ...] = ()) -> CaseSummary:
    return CaseSummary(
        reference=case.reference or "", status=case.status, kind=case.kind, sender=case.sender,
        received_at=case.received_at, organisation=case.organisation, org_number=case.org_number,
        fields=fieldcodec.decode(case.fields), flags=tuple(case.flags),
        missing_count=case.missing_count, language=case.language, thread=thread,
    )


def list_cases(*, engine: Engine, status: str | None = None, kind: str | None = None,
               limit: int | None = None, with_thread: bool = True) -> list[CaseSummary]:
    with Session(engine) as session:
        query = select(Case).order_by(Case.id)
        if status:
            query = query.where(Case.status == status)
        if kind:
            query = query.where(Case.kind == kind)
        if limit:
            query = query.limit(limit)
        found = session.exec(query).all()
        return [_summary(c, tuple(_thread(session, c.id)) if with_thread else ()) for c in found]


def _thread(session: Session, case_id: int) -> list[ThreadItem]:
    items = []
    for m in session.exec(select(InboundMessage).where(InboundMessage.case_id == case_id)):
        subject, sender = _headers_of(m.raw)
        items.append(ThreadItem("in", m.received_at, subject, sender or m.envelope_from, m.message_id, m.status))
    items += [
        ThreadItem("out", o.created_at, o.subject, o.to_addr, o.message_id, o.status)
        for o in session.exec(select(OutboxMessage).where(OutboxMessage.case_id == case_id))
    ]
    return sorted(items, key=lambda i: (i.at, i.direction))


def update_diff(*, engine: Engine, reference: str) -> dict:
    """An update case's changes against the register: field -> {"was": …, "now": …} (latest)."""
    from store.models import AuditEvent

    with Session(engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).first()
        if case is None:
            return {}
        event = session.exec(
            select(AuditEvent).where(AuditEvent.case_id == case.id, AuditEvent.action == "update_diff")
            .order_by(AuditEvent.id.desc()).limit(1)
        ).first()
        return dict(event.detail.get("changes", {})) if event else {}


def _subject_of(raw: bytes) -> str:
    return _headers_of(raw)[0]


def _headers_of(raw: bytes) -> tuple[str, str | None]:
    """Subject and From address of a stored message; empty when they cannot be read."""
    from email import policy
    from email.parser import BytesHeaderParser
    from email.utils import parseaddr

    try:
        headers = BytesHeaderParser(policy=policy.compat32).parsebytes(raw[:65536])
        subject = " ".join(str(headers.get("Subject", "")).split())
        if "=?" in subject:
            from email.header import decode_header, make_header

            subject = str(make_header(decode_header(subject)))
        sender = parseaddr(str(headers.get("From", "")))[1] or None
        return subject, sender
    except Exception:  # noqa: BLE001 - a broken header is shown as empty
        return "", None
