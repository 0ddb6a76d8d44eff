"""Staff actions on the register itself: adopt an address Enhetsregisteret proposes (into an open
case, or into the operator's record once the case is accepted), each marked as coming from the
register and audited. Retiring a device and ending a mandate are store.devices' own functions.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from intake.model import OK, FieldResult, Provenance
from intake.plan.decide import missing_or_invalid
from intake.states import FINISHED, CaseState
from store import fieldcodec
from store.audit import record_event
from store.brreg import last_check
from store.db import session_scope
from store.errors import InvalidTransition, NotFound, StoreError
from store.models import Case, FieldValue, Operator, OperatorChange, utcnow

ENHETSREGISTERET = "enhetsregisteret"  # the source a proposed value is marked with


class NothingToAdopt(StoreError):
    """The case's check proposes nothing (or not the field asked for), or nothing new."""

    code = "nothing_to_adopt"


@dataclass(frozen=True)
class Adopted:
    target: str  # case, operator
    values: dict[str, str]  # field -> the register's value


def proposals_of(*, engine: Engine, reference: str) -> dict[str, str]:
    """Field -> value Enhetsregisteret proposes for the case (its newest check)."""
    with Session(engine) as session:
        case = _case(session, reference)
        check = last_check(session=session, case_id=case.id)
        return {k: str(p["value"]) for k, p in (check.proposals if check else {}).items() if p.get("value")}


def adopt_proposals(*, engine: Engine, reference: str, actor: str, keys: tuple[str, ...] = ()) -> Adopted:
    """Take the register's proposed values (all, or `keys`) into the open case, or into the
    operator's record when the case is already accepted; the source says Enhetsregisteret."""
    with session_scope(engine) as session:
        case = _case(session, reference, for_update=True)
        check = last_check(session=session, case_id=case.id)
        proposed = {k: str(p["value"]) for k, p in (check.proposals if check else {}).items() if p.get("value")}
        values = {k: v for k, v in proposed.items() if not keys or k in keys}
        if not values:
            raise NothingToAdopt(f"Enhetsregisteret proposes nothing for {reference}", reference=reference)
        if case.status == CaseState.ACCEPTED:
            target = _into_operator(session, case, values, actor)
        elif case.status in FINISHED:
            raise InvalidTransition(f"{reference} is {case.status}: nothing to adopt into", code="case_finished",
                                    reference=reference, state=case.status)
        else:
            target = _into_case(session, case, values, actor)
        record_event(session=session, case_id=case.id, actor=actor, action="brreg_proposal_adopted",
                     detail={"target": target, "source": ENHETSREGISTERET, "fields": values})
        return Adopted(target=target, values=values)


def _into_case(session: Session, case: Case, values: dict[str, str], actor: str) -> str:
    from intake.fields.validate import validate

    fields = fieldcodec.decode(case.fields)
    source = Provenance(part=ENHETSREGISTERET)
    for key, value in values.items():
        result = validate(FieldResult(key=key, value=value, state=OK, source=source, confidence=1.0))
        fields[key] = result
        session.add(FieldValue(case_id=case.id, key=key, value=result.value, state=result.state,
                               reason=result.reason, source=ENHETSREGISTERET, actor=actor))
    case.fields = fieldcodec.encode(fields)
    case.missing_count = len(missing_or_invalid(fields))
    case.updated_at = utcnow()
    session.add(case)
    return "case"


def _into_operator(session: Session, case: Case, values: dict[str, str], actor: str) -> str:
    operator = session.exec(select(Operator).where(Operator.org_number == case.org_number)
                            .with_for_update()).first()
    if operator is None:
        raise NotFound(f"no operator with org number {case.org_number}", code="no_operator",
                       org_number=case.org_number)
    changes = {k: {"from": operator.fields.get(k), "to": v, "source": ENHETSREGISTERET}
               for k, v in values.items() if operator.fields.get(k) != v}
    if not changes:
        raise NothingToAdopt(f"the register already holds Enhetsregisteret's values for {operator.org_number}",
                             code="register_has_values", org_number=operator.org_number)
    now = utcnow()
    operator.fields = {**operator.fields, **{k: c["to"] for k, c in changes.items()}}
    operator.updated_at = now
    session.add(operator)
    session.add(OperatorChange(operator_id=operator.id, case_id=case.id, actor=actor, changes=changes, at=now))
    return "operator"


def _case(session: Session, reference: str, *, for_update: bool = False) -> Case:
    query = select(Case).where(Case.reference == reference)
    case = session.exec(query.with_for_update() if for_update else query).first()
    if case is None:
        raise NotFound(f"no case {reference}", code="no_case", reference=reference)
    return case
