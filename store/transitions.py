"""The case state machine: the only code that sets a case's status.

`transition(case, to, *, actor, why)` checks the move against TRANSITIONS, sets the status and
the denormalised columns the queue reads (updated_at, missing_count, organisation, org_number),
records exactly one audit event, and queues the message that goes with the move (a reply, a
request, a rejection) through store.outbox in the same transaction. A move the table does not
allow raises InvalidTransition and changes nothing.

A new case is "moved" from None, its state before it exists.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import object_session

from intake.model import OK
from intake.plan.decide import missing_or_invalid
from intake.replies.compose import Composed
from intake.states import FINISHED, CaseState, OutboxKind
from store import fieldcodec
from store.audit import record_event
from store.errors import InvalidTransition
from store.models import Case, utcnow

S = CaseState
_OPEN = (S.AWAITING_APPLICANT, S.UNDER_REVIEW, S.NEEDS_STAFF)

# from -> the states a case may move to. Open cases move freely among themselves and may be
# finished; a finished case keeps its state (machine mail joining it) or goes back to staff (a
# person wrote again); nothing reopens it to the applicant or to review without staff.
TRANSITIONS: dict[CaseState | None, frozenset[CaseState]] = {
    None: frozenset({*_OPEN, S.CLOSED}),
    S.AWAITING_APPLICANT: frozenset({*_OPEN, *FINISHED}),
    S.UNDER_REVIEW: frozenset({*_OPEN, *FINISHED}),
    S.NEEDS_STAFF: frozenset({*_OPEN, *FINISHED}),
    S.ACCEPTED: frozenset({S.ACCEPTED, S.NEEDS_STAFF}),
    S.REJECTED: frozenset({S.REJECTED, S.NEEDS_STAFF}),
    S.CLOSED: frozenset({S.CLOSED, S.NEEDS_STAFF}),
}


def allowed(frm: CaseState | str | None, to: CaseState | str) -> bool:
    source = None if frm is None else CaseState(frm)
    return CaseState(to) in TRANSITIONS.get(source, frozenset())


def transition(case: Case, to: CaseState | str, *, actor: str, why: str, event: str = "state_changed",
               detail: dict[str, Any] | None = None, message: Composed | None = None,
               message_kind: OutboxKind = OutboxKind.REPLY, inbound_id: int | None = None,
               created: bool = False, session=None) -> int | None:
    """Move `case` to `to` (InvalidTransition if the table forbids it); record one audit event
    `event` (with from, to, why and `detail`); queue `message`, if any, in the same transaction.
    Returns the queued message's outbox id. The case must be in a session (or pass `session`);
    `created`: the caller inserted the case just now (to learn its reference), so it moves from None."""
    session = session or object_session(case)
    if session is None:
        raise ValueError("transition needs a case attached to a session")
    frm = None if created or case.id is None or case.status is None else case.status
    target = CaseState(to)
    if not allowed(frm, target):
        raise InvalidTransition(f"case {case.reference or '(new)'} cannot go from {frm} to {target}",
                                reference=case.reference or "", from_state=frm, to_state=target)
    case.status = target
    refresh_columns(case)
    session.add(case)
    if case.id is None:
        session.flush()
    outbox_id = None
    if message is not None:
        from store.outbox import enqueue_composed

        outbox_id = enqueue_composed(session=session, composed=message, case_id=case.id, inbound_id=inbound_id,
                                     kind=message_kind)
    facts = {"from": frm, "to": target, "why": why, **(detail or {})}
    if outbox_id is not None:
        facts.setdefault("outbox_id", outbox_id)
    record_event(session=session, case_id=case.id, actor=actor, action=event, detail=_plain(facts))
    return outbox_id


def refresh_columns(case: Case) -> None:
    """The columns the queue reads without decoding the fields: kept in step on every change."""
    fields = fieldcodec.decode(case.fields or {})
    case.missing_count = len(missing_or_invalid(fields)) if fields else 0  # machine mail has no fields
    name, org = fields.get("manufacturer_name"), fields.get("org_number")
    if name is not None and name.value:
        case.organisation = name.value[:300]
    if org is not None and org.state == OK:
        case.org_number = org.value
    case.updated_at = utcnow()


def _plain(value):
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)  # a StrEnum member stored as its plain text
    return value
