"""Retention: how long raw mail, attachments, cases and the audit trail are kept, and the purge
that applies it (`mdreg purge`: a dry run unless `--apply`; every purge is audited).

Clocks: raw mail and attachments count from when their case was finished (a live case keeps its
mail), or from receipt for a message that joined no case; a case from when it was finished; an
audit event from when it was made. Purging raw mail empties the stored bytes (attachments are
inside them); purging attachments alone keeps the text parts. A purged case's audit events stay
until their own period ends, with the case's reference kept in them.
"""

from __future__ import annotations

import email
import email.policy
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from intake.states import FINISHED
from store.audit import record_event
from store.db import session_scope
from store.models import (AuditEvent, Case, FieldValue, InboundMessage, Operator, OperatorChange, OutboxMessage,
                          UndeliverableAddress)
from store.register_models import BrregCheck, Device, Mandate, PurgedContent, Signal

PURGE_ACTOR_DEFAULT = "mdreg:retention"


@dataclass(frozen=True)
class Retention:
    raw_mail_days: int
    attachments_days: int
    cases_days: int
    audit_days: int

    @classmethod
    def from_settings(cls, settings) -> "Retention":
        return cls(raw_mail_days=settings.retention_raw_mail_days,
                   attachments_days=settings.retention_attachments_days,
                   cases_days=settings.retention_cases_days, audit_days=settings.retention_audit_days)


@dataclass
class PurgePlan:
    raw_inbound: list[int] = field(default_factory=list)
    raw_outbox: list[int] = field(default_factory=list)
    attachments: list[int] = field(default_factory=list)
    cases: list[int] = field(default_factory=list)
    audit_events: list[int] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {"raw_mail": len(self.raw_inbound), "sent_mail": len(self.raw_outbox),
                "attachments": len(self.attachments), "cases": len(self.cases), "audit_events": len(self.audit_events)}

    def empty(self) -> bool:
        return not any(self.counts().values())


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def plan_purge(*, engine: Engine, retention: Retention, now: datetime | None = None) -> PurgePlan:
    """What the retention settings say may go now. Reads only."""
    now = now or datetime.now(timezone.utc)
    plan = PurgePlan()
    with Session(engine) as session:
        done = {c.id: _aware(c.updated_at) for c in session.exec(select(Case).where(Case.status.in_(FINISHED)))}
        kept_by_register = set(session.exec(select(Operator.created_from_case_id)).all()) | set(
            session.exec(select(Device.added_case_id)).all()) | set(session.exec(select(Mandate.added_case_id)).all())
        purged = {(p.kind, p.row_id) for p in session.exec(select(PurgedContent))}
        for m in session.exec(select(InboundMessage.id, InboundMessage.case_id, InboundMessage.received_at,
                                     InboundMessage.status)):
            since = done.get(m.case_id) if m.case_id else (_aware(m.received_at) if m.status == "done" else None)
            if since is None:
                continue
            if now - since > timedelta(days=retention.raw_mail_days) and ("inbound_raw", m.id) not in purged:
                plan.raw_inbound.append(m.id)
            elif now - since > timedelta(days=retention.attachments_days) and not (
                    {("inbound_raw", m.id), ("inbound_attachments", m.id)} & purged):
                plan.attachments.append(m.id)
        for o in session.exec(select(OutboxMessage.id, OutboxMessage.case_id, OutboxMessage.status)):
            since = done.get(o.case_id)
            if since and o.status in ("sent", "failed") and now - since > timedelta(days=retention.raw_mail_days) \
                    and ("outbox_raw", o.id) not in purged:
                plan.raw_outbox.append(o.id)
        plan.cases = sorted(cid for cid, since in done.items()
                            if now - since > timedelta(days=retention.cases_days) and cid not in kept_by_register)
        cutoff = now - timedelta(days=retention.audit_days)
        plan.audit_events = list(session.exec(select(AuditEvent.id).where(AuditEvent.at < cutoff)).all())
    return plan


def strip_attachments(raw: bytes, *, note: str) -> bytes:
    """The message with every attachment's content replaced by a one-line note; text parts kept."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    for part in message.walk():
        if part.is_multipart():
            continue
        if part.get_content_disposition() == "attachment" or part.get_filename():
            name = part.get_filename() or "attachment"
            for header in ("Content-Type", "Content-Transfer-Encoding", "Content-Disposition"):
                del part[header]
            part.set_content(f"[{name}: {note}]\n", disposition="attachment", filename=f"{name}.removed.txt")
    return message.as_bytes(policy=email.policy.SMTP)


def apply_purge(*, engine: Engine, plan: PurgePlan, actor: str) -> dict[str, int]:
    """Do what the plan says in one transaction, with one audit event for the purge and one per case."""
    now = datetime.now(timezone.utc)
    note = f"removed under the retention settings on {now:%Y-%m-%d}"
    touched: dict[int | None, list[str]] = {}
    with session_scope(engine) as session:
        for inbound_id in plan.raw_inbound:
            case_id = session.get(InboundMessage, inbound_id).case_id
            session.execute(update(InboundMessage).where(InboundMessage.id == inbound_id).values(raw=b""))
            _mark(session, "inbound_raw", inbound_id, case_id, "retention", touched)
        for inbound_id in plan.attachments:
            message = session.get(InboundMessage, inbound_id)
            message.raw = strip_attachments(message.raw, note=note)
            session.add(message)
            _mark(session, "inbound_attachments", inbound_id, message.case_id, "retention", touched)
        for outbox_id in plan.raw_outbox:
            case_id = session.get(OutboxMessage, outbox_id).case_id
            session.execute(update(OutboxMessage).where(OutboxMessage.id == outbox_id).values(raw=b""))
            _mark(session, "outbox_raw", outbox_id, case_id, "retention", touched)
        for case_id in plan.cases:
            _delete_case(session, case_id)
        if plan.audit_events:
            session.execute(delete(AuditEvent).where(AuditEvent.id.in_(plan.audit_events)))
        deleted = set(plan.cases)
        for case_id, kinds in touched.items():
            if case_id is not None and case_id not in deleted:
                record_event(session=session, case_id=case_id, actor=actor, action="content_purged",
                             detail={kind: kinds.count(kind) for kind in set(kinds)})
        record_event(session=session, case_id=None, actor=actor, action="purged",
                     detail={**plan.counts(), "cases_deleted": plan.cases})
    return plan.counts()


def _mark(session: Session, kind: str, row_id: int, case_id: int | None, reason: str, touched: dict) -> None:
    session.add(PurgedContent(kind=kind, row_id=row_id, case_id=case_id, reason=reason))
    touched.setdefault(case_id, []).append(kind)


def _delete_case(session: Session, case_id: int) -> None:
    """A case past its period: its rows go; its audit events stay (case link cleared, reference kept)."""
    case = session.get(Case, case_id)
    reference = case.reference
    for event in session.exec(select(AuditEvent).where(AuditEvent.case_id == case_id)):
        event.case_id, event.detail = None, {**(event.detail or {}), "case_reference": reference}
        session.add(event)
    session.execute(update(Case).where(Case.duplicate_of == case_id).values(duplicate_of=None))
    for model, column in ((OperatorChange, OperatorChange.case_id), (Device, Device.retired_case_id),
                          (UndeliverableAddress, UndeliverableAddress.case_id)):
        session.execute(update(model).where(column == case_id).values({column.key: None}))
    inbound = select(InboundMessage.id).where(InboundMessage.case_id == case_id)
    session.execute(update(OutboxMessage).where(OutboxMessage.inbound_id.in_(inbound)).values(inbound_id=None))
    for model in (FieldValue, BrregCheck, Signal, OutboxMessage, InboundMessage):
        session.execute(delete(model).where(model.case_id == case_id))
    session.flush()
    session.delete(case)
