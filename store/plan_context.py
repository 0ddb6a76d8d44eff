"""What the store knows around one message, read inside the recording transaction before plan():
the case it joins (locked), whether its writer is a stranger to that case, the register's record,
and whether the reply address bounces or has had its replies for today (intake/plan/outcome.py)."""

from __future__ import annotations

from sqlmodel import Session

from intake.mime.identity import ReplyRoute
from intake.model import OK, Understanding
from intake.plan.outcome import PlanContext
from intake.states import CaseKind, ReplyAllowance
from store import bounces, cases, quota


def read_context(*, session: Session, understanding: Understanding, writer: str | None, route: ReplyRoute,
                 trusted: bool, undeliverable_days: int, replies_per_day: int) -> PlanContext:
    """The PlanContext of one message; the case it joins is row-locked until the transaction ends."""
    match, bounced = _find_case(session=session, understanding=understanding, writer=writer, trusted=trusted)
    case = cases.lock_case(session=session, case=match.case)
    context = cases.context_of(case) if case is not None else None
    registered = None
    if understanding.noise is None and (context is None or context.kind == CaseKind.UPDATE):
        registered = cases.registered_record(session=session, org_number=org_number_of(understanding))
    undeliverable, allowance = False, ReplyAllowance.SEND
    if route.address and understanding.noise is None and not understanding.unreadable:
        undeliverable = bounces.is_undeliverable(session=session, address=route.address, days=undeliverable_days)
        allowance = quota.allowance(session=session, address=route.address, limit=replies_per_day)
    return PlanContext(writer=writer, route=route, case=context, case_id=case.id if case is not None else None,
                       joined_by=match.by, stranger=match.stranger, trusted=trusted, registered=registered,
                       bounced_address=bounced, undeliverable=undeliverable, allowance=allowance)


def _find_case(*, session: Session, understanding: Understanding, writer: str | None,
               trusted: bool) -> tuple[cases.Match, str | None]:
    """(match, bounced address): machine mail joins the case it answers; a person's mail the
    case it refers to, as its applicant or as a stranger (store/cases.py match_case)."""
    noise = understanding.noise
    if understanding.unreadable and noise is None:
        return cases.Match(None), None
    if noise is not None and noise.bounce is not None:
        case, _, address = bounces.match_bounce(session=session, bounce=noise.bounce)
        if case is None and not understanding.unreadable:
            case = cases.match_machine_mail(session=session, message=understanding.message)
        return cases.Match(case), address
    if noise is not None:
        case = None if understanding.unreadable else cases.match_machine_mail(
            session=session, message=understanding.message)
        return cases.Match(case), None
    match = cases.match_case(session=session, message=understanding.message, identity=writer,
                             trusted=trusted, org_number=org_number_of(understanding))
    return match, None


def org_number_of(understanding: Understanding) -> str | None:
    org = understanding.fields.get("org_number")
    return org.value if org is not None and org.state == OK else None
