"""Erasure of a person's personal data by e-mail address (`mdreg erase --email ADDRESS`), where no
retention duty holds; the report says what was erased and what was kept, and why.

Kept, with the reason: the registered contact of an operator in the register (the register must
name its contact), a case that is the basis of a registration (accepted), a case still open (it
must be finished or rejected first), and the audit trail (who did what must stay provable; the
events hold no message text). Erased from every other case: the stored mail in and out, the
sender, the person's fields (contact person, contact phone, e-mail, phone) and their history,
and the address's bounce record.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from sqlalchemy import delete, func, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from intake.model import MISSING
from intake.states import FINISHED, CaseState
from store import fieldcodec
from store.audit import record_event
from store.db import session_scope
from store.models import Case, FieldValue, InboundMessage, Operator, OutboxMessage, UndeliverableAddress
from store.register_models import PurgedContent

PERSONAL_FIELDS = ("contact_person", "contact_phone", "email", "phone")
ERASED = "[erased]"


@dataclass
class ErasureReport:
    erased: list[str] = field(default_factory=list)
    kept: list[dict[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"erased": self.erased, "kept": self.kept}


def erase_email(*, engine: Engine, address: str, actor: str) -> ErasureReport:
    target = address.strip().casefold()
    report = ErasureReport()
    with session_scope(engine) as session:
        for op in session.exec(select(Operator).where(func.lower(Operator.contact_email) == target)):
            report.kept.append({"what": f"contact e-mail of operator {op.org_number} ({op.name})",
                                "why": "the register must name each registered operator's contact; "
                                       "ask the operator to name another contact, then erase again"})
        for case in _cases_of(session, target):
            why = _kept_because(case)
            if why:
                report.kept.append({"what": f"case {case.reference}", "why": why})
                continue
            _erase_case(session, case)
            report.erased.append(f"case {case.reference}: stored mail, sender and personal fields")
        gone = session.execute(delete(UndeliverableAddress).where(func.lower(UndeliverableAddress.address) == target))
        if gone.rowcount:
            report.erased.append(f"{gone.rowcount} bounce record(s) of the address")
        if report.erased or report.kept:
            report.kept.append({"what": "audit events of these cases",
                                "why": "the audit trail must show who did what; it holds no message text"})
        record_event(session=session, case_id=None, actor=actor, action="erasure",
                     detail={"address_sha256": hashlib.sha256(target.encode()).hexdigest(),
                             "erased": report.erased, "kept": [k["what"] for k in report.kept]})
    return report


def _cases_of(session: Session, target: str) -> list[Case]:
    found = {c.id: c for c in session.exec(select(Case).where(func.lower(Case.sender) == target))}
    for case in session.exec(select(Case)):
        value = (case.fields or {}).get("email", {}).get("value")
        if value and value.casefold() == target:
            found[case.id] = case
    return sorted(found.values(), key=lambda c: c.id)


def _kept_because(case: Case) -> str | None:
    if case.status == CaseState.ACCEPTED:
        return "the basis of a registration in the register (kept for the register's retention period)"
    if case.status not in FINISHED:
        return f"the case is still open ({case.status}); finish or reject it first"
    return None


def _erase_case(session: Session, case: Case) -> None:
    fields = fieldcodec.decode(case.fields)
    for key in PERSONAL_FIELDS:
        if key in fields:
            fields[key] = type(fields[key])(key=key, state=MISSING, reason="erased")
    case.fields, case.sender, case.subject = fieldcodec.encode(fields), None, ERASED
    session.add(case)
    session.execute(update(FieldValue).where(FieldValue.case_id == case.id, FieldValue.key.in_(PERSONAL_FIELDS))
                    .values(value=None, reason="erased"))
    for message in session.exec(select(InboundMessage).where(InboundMessage.case_id == case.id)):
        message.raw, message.envelope_from = b"", None
        session.add(message)
        session.add(PurgedContent(kind="inbound_raw", row_id=message.id, case_id=case.id, reason="erasure"))
    for message in session.exec(select(OutboxMessage).where(OutboxMessage.case_id == case.id,
                                                            OutboxMessage.status.in_(("sent", "failed")))):
        message.raw, message.to_addr, message.subject = b"", ERASED, ERASED
        session.add(message)
        session.add(PurgedContent(kind="outbox_raw", row_id=message.id, case_id=case.id, reason="erasure"))
    record_event(session=session, case_id=case.id, actor="mdreg:erasure", action="personal_data_erased",
                 detail={"fields": [k for k in PERSONAL_FIELDS if k in fields]})
