"""Cases: find the case a message belongs to, and record what intake decided about it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlmodel import Session, select

from intake.decide import CaseContext, Decision, missing_or_invalid
from intake.model import OK, ParsedMessage, Understanding
from store import fieldcodec
from store.audit import record_event
from store.models import Case, FieldValue, InboundMessage, OutboxMessage, utcnow

REFERENCE_TOKEN = re.compile(r"\[?(MDREG-\d{4}-\d{6})\]?")


@dataclass(frozen=True)
class CaseRef:
    """The case a message was recorded on."""

    case_id: int
    reference: str
    language: str
    status: str


def reference_for(case_id: int, year: int) -> str:
    return f"MDREG-{year}-{case_id:06d}"


def find_case_for(*, session: Session, message: ParsedMessage) -> Case | None:
    """The case a follow-up belongs to: by In-Reply-To/References, then the token in the subject."""
    ids = [i for i in (message.in_reply_to, *message.references) if i]
    if ids:
        case_id = session.exec(
            select(OutboxMessage.case_id).where(OutboxMessage.message_id.in_(ids)).limit(1)
        ).first() or session.exec(
            select(InboundMessage.case_id).where(InboundMessage.message_id.in_(ids),
                                                 InboundMessage.case_id.is_not(None)).limit(1)
        ).first()
        if case_id:
            return session.get(Case, case_id)
    token = REFERENCE_TOKEN.search(message.subject or "")
    if token:
        return session.exec(select(Case).where(Case.reference == token.group(1))).first()
    return None


def context_of(case: Case) -> CaseContext:
    return CaseContext(
        reference=case.reference or "", kind=case.kind, status=case.status,
        fields=fieldcodec.decode(case.fields), requests_sent=case.requests_sent,
        sender=case.sender, flags=tuple(case.flags),
    )


def record_outcome(
    *, session: Session, inbound_id: int, understanding: Understanding, decision: Decision,
    case: Case | None, sender: str | None,
) -> CaseRef:
    """Create or update the case and its field history, inside the caller's transaction."""
    now = utcnow()
    if case is None:
        case = Case(kind=decision.kind, sender=sender, subject=understanding.message.subject[:500],
                    language=understanding.language, received_at=now)
        session.add(case)
        session.flush()
        case.reference = reference_for(case.id, now.year)
    case.kind = decision.kind if case.kind in ("registration", "unreadable") else case.kind
    case.status = decision.status
    case.fields = fieldcodec.encode(decision.fields)
    case.flags = list(dict.fromkeys([*case.flags, *understanding.flags, *decision.flags]))
    case.missing_count = len(missing_or_invalid(decision.fields))
    case.updated_at = now
    _set_identity(case, decision)
    _record_history(session, case.id, inbound_id, decision)
    session.add(case)
    record_event(session=session, case_id=case.id, actor="mdreg", action="message_received",
                 detail={"inbound_id": inbound_id, "status": case.status, "changed": list(decision.changed)})
    return CaseRef(case_id=case.id, reference=case.reference, language=case.language, status=case.status)


def count_request(*, session: Session, case_id: int) -> None:
    case = session.get(Case, case_id)
    case.requests_sent += 1
    session.add(case)


def _set_identity(case: Case, decision: Decision) -> None:
    name = decision.fields.get("manufacturer_name")
    org = decision.fields.get("org_number")
    if name and name.value:
        case.organisation = name.value[:300]
    if org and org.state == OK:
        case.org_number = org.value


def _record_history(session: Session, case_id: int, inbound_id: int, decision: Decision) -> None:
    for key in decision.changed:
        result = decision.fields[key]
        session.add(FieldValue(
            case_id=case_id, key=key, value=result.value, state=result.state, reason=result.reason,
            source=fieldcodec.source_label(result), inbound_id=inbound_id,
        ))
