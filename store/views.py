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


def _summary(case: Case) -> CaseSummary:
    return CaseSummary(
        reference=case.reference or "", status=case.status, kind=case.kind, sender=case.sender,
        received_at=case.received_at, organisation=case.organisation, org_number=case.org_number,
        fields=fieldcodec.decode(case.fields), flags=tuple(case.flags),
        missing_count=case.missing_count, language=case.language,
    )


def list_cases(*, engine: Engine, status: str | None = None, kind: str | None = None,
               limit: int | None = None) -> list[CaseSummary]:
    with Session(engine) as session:
        query = select(Case).order_by(Case.id)
        if status:
            query = query.where(Case.status == status)
        if kind:
            query = query.where(Case.kind == kind)
        if limit:
            query = query.limit(limit)
        return [_summary(c) for c in session.exec(query).all()]


def thread_of(*, engine: Engine, reference: str) -> list[ThreadItem]:
    """The conversation of a case in time order."""
    with Session(engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).first()
        if case is None:
            return []
        items = [
            ThreadItem("in", m.received_at, _subject_of(m.raw), m.envelope_from, m.message_id, m.status)
            for m in session.exec(select(InboundMessage).where(InboundMessage.case_id == case.id))
        ]
        items += [
            ThreadItem("out", o.created_at, o.subject, o.to_addr, o.message_id, o.status)
            for o in session.exec(select(OutboxMessage).where(OutboxMessage.case_id == case.id))
        ]
        return sorted(items, key=lambda i: i.at)


def _subject_of(raw: bytes) -> str:
    from email.parser import BytesHeaderParser
    from email import policy

    try:
        return str(BytesHeaderParser(policy=policy.default).parsebytes(raw[:65536]).get("Subject", ""))
    except Exception:  # noqa: BLE001 - a broken subject is shown as empty
        return ""
