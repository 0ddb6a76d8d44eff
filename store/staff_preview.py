"""What a staff action would do, asked before the officer confirms it: whether accepting can go
through (and if not, why) and who would receive the credentials; which cases may be the one a
case duplicates; the earlier values of a field, to set one back."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from intake.states import FINISHED, CaseKind
from store import fieldcodec
from store.models import Case, FieldValue, Operator
from store.operators import _problems, _record_values

SIMILAR_NAME = 0.8  # difflib ratio of lower-cased names from which a name is "similar"
CANDIDATE_SCAN = 2000  # the newest cases compared by name (org number and domain use indexes)


@dataclass(frozen=True)
class AcceptPreview:
    refusal: str | None  # None, "kind", "finished" or "fields"
    problems: tuple[str, ...]  # field keys that are missing or invalid
    recipient: str | None  # who would get the username and password
    new_login: bool  # False: an update of a registered operator keeps its login
    organisation: str | None
    kind: str
    status: str


def accept_preview(*, engine: Engine, reference: str) -> AcceptPreview:
    with Session(engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        fields = fieldcodec.decode(case.fields)
        record = _record_values(fields)
        operator = session.exec(select(Operator).where(Operator.org_number == record["org_number"])).first() \
            if record.get("org_number") else None
        problems = tuple(_problems(case.kind, fields, operator))
        refusal = ("kind" if case.kind not in (CaseKind.REGISTRATION, CaseKind.UPDATE) else
                   "finished" if case.status in FINISHED else "fields" if problems else None)
        return AcceptPreview(
            refusal=refusal, problems=problems,
            recipient=record.get("email") or (operator.contact_email if operator else None),
            new_login=operator is None, organisation=record.get("manufacturer_name") or case.organisation,
            kind=case.kind, status=case.status,
        )


@dataclass(frozen=True)
class Candidate:
    reference: str
    organisation: str | None
    status: str
    why: tuple[str, ...]  # "same_org", "same_domain", "similar_name"


def duplicate_candidates(*, engine: Engine, reference: str, limit: int = 8) -> list[Candidate]:
    """Other cases with the same org number, the same sender domain, or a similar name."""
    with Session(engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        found: dict[int, tuple[Case, set[str]]] = {}

        def add(rows, why: str) -> None:
            for other in rows:
                if other.id != case.id:
                    found.setdefault(other.id, (other, set()))[1].add(why)

        if case.org_number:
            add(session.exec(select(Case).where(Case.org_number == case.org_number).limit(50)), "same_org")
        domain = (case.sender or "").rpartition("@")[2].lower()
        if domain:
            add(session.exec(select(Case).where(Case.sender.like(f"%@{domain}")).limit(50)), "same_domain")
        name = (case.organisation or "").lower().strip()
        if name:
            recent = session.exec(select(Case).where(Case.organisation.is_not(None))
                                  .order_by(Case.id.desc()).limit(CANDIDATE_SCAN))
            add((c for c in recent
                 if difflib.SequenceMatcher(None, name, (c.organisation or "").lower()).ratio() >= SIMILAR_NAME),
                "similar_name")
        ranked = sorted(found.values(), key=lambda item: (-len(item[1]), -(item[0].id or 0)))
        order = ("same_org", "same_domain", "similar_name")
        return [Candidate(reference=c.reference or "", organisation=c.organisation, status=c.status,
                          why=tuple(w for w in order if w in why)) for c, why in ranked[:limit]]


@dataclass(frozen=True)
class PastValue:
    at: datetime
    actor: str
    value: str | None
    state: str


def field_history(*, engine: Engine, reference: str, key: str) -> list[PastValue]:
    """Every value field `key` has had, newest first: from the mail and from staff edits, and the
    value each edit replaced (so the first edit of a value can be undone too)."""
    from store.models import AuditEvent

    with Session(engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        rows = session.exec(select(FieldValue).where(FieldValue.case_id == case.id, FieldValue.key == key))
        past = [PastValue(at=r.recorded_at, actor=r.actor, value=r.value, state=r.state) for r in rows]
        edits = session.exec(select(AuditEvent).where(AuditEvent.case_id == case.id,
                                                      AuditEvent.action == "field_edited"))
        for event in edits:
            detail = event.detail or {}
            if detail.get("field") == key:
                past.append(PastValue(at=event.at, actor=event.actor, value=detail.get("old"), state="before_edit"))
    seen, out = set(), []
    for item in sorted(past, key=lambda p: p.at, reverse=True):
        if item.value not in seen:  # each value once, at its newest
            seen.add(item.value)
            out.append(item)
    return out
