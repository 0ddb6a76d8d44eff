"""The staff actions take the worker's path: each change of state goes through the case state
machine (one audit event, with from and to), and each message to the applicant is queued by the
same transition, once; an action the table forbids changes nothing and queues nothing."""

from __future__ import annotations

import pytest
from sqlmodel import Session, func, select

from intake.states import CaseState, OutboxKind
from store import staff
from store.errors import InvalidTransition
from store.models import AuditEvent, Case, OutboxMessage
from store.transitions import transition

MAILBOX = "medisinsk.utstyr@localhost"
ACTOR = "officer.test"


def _case(engine, state: CaseState, reference: str = "MDREG-2026-000001") -> str:
    with Session(engine, expire_on_commit=False) as session:
        case = Case(kind="registration", sender="kari@fjordmed.example.no", subject="Registrering",
                    reference=reference, language="nb")
        transition(case, CaseState.NEEDS_STAFF, actor="mdreg", why="setup", session=session)
        if state != CaseState.NEEDS_STAFF:
            transition(case, state, actor="mdreg", why="setup", session=session)
        session.commit()
    return reference


def _state(engine, reference: str):
    with Session(engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        events = session.exec(select(AuditEvent).where(AuditEvent.case_id == case.id)
                              .order_by(AuditEvent.id)).all()
        queued = session.exec(select(OutboxMessage).where(OutboxMessage.case_id == case.id)).all()
        return case, events, queued


ACTIONS = [
    ("missing_requested", CaseState.AWAITING_APPLICANT, OutboxKind.STAFF_REQUEST,
     lambda engine, ref: staff.request_missing(engine=engine, reference=ref, actor=ACTOR, mailbox=MAILBOX)),
    ("rejected", CaseState.REJECTED, OutboxKind.STAFF_REJECTION,
     lambda engine, ref: staff.reject_case(engine=engine, reference=ref, reason_code="incomplete", actor=ACTOR,
                                           mailbox=MAILBOX)),
    ("replied", CaseState.UNDER_REVIEW, OutboxKind.STAFF_REPLY,
     lambda engine, ref: staff.reply(engine=engine, reference=ref, actor=ACTOR, mailbox=MAILBOX,
                                     message_text="Hei,\n\nvi ser på saken.\n")),
]


@pytest.mark.parametrize("event,to,kind,act", ACTIONS, ids=[a[0] for a in ACTIONS])
def test_a_staff_message_moves_the_case_once_and_is_queued_once(engine, event, to, kind, act):
    reference = _case(engine, CaseState.UNDER_REVIEW)
    _, before, _ = _state(engine, reference)
    outbox_id = act(engine, reference)
    case, events, queued = _state(engine, reference)
    assert case.status == to
    assert len(events) == len(before) + 1
    assert (events[-1].action, events[-1].actor) == (event, ACTOR)
    assert (events[-1].detail["from"], events[-1].detail["to"]) == ("under_review", to)
    assert [(q.id, q.kind, q.to_addr) for q in queued] == [(outbox_id, kind, "kari@fjordmed.example.no")]
    assert events[-1].detail["outbox_id"] == outbox_id


def test_marking_a_duplicate_closes_it_through_the_state_machine(engine):
    reference = _case(engine, CaseState.AWAITING_APPLICANT)
    other = _case(engine, CaseState.UNDER_REVIEW, reference="MDREG-2026-000002")
    staff.mark_duplicate(engine=engine, reference=reference, of_reference=other, actor=ACTOR)
    case, events, queued = _state(engine, reference)
    assert case.status == CaseState.CLOSED and queued == []
    assert (events[-1].action, events[-1].detail["from"], events[-1].detail["to"]) == (
        "marked_duplicate", "awaiting_applicant", "closed")


@pytest.mark.parametrize("act", [a[3] for a in ACTIONS[:2]], ids=["request", "reject"])
def test_a_finished_case_refuses_a_staff_move_and_queues_nothing(engine, act):
    reference = _case(engine, CaseState.ACCEPTED)
    _, before, _ = _state(engine, reference)
    with pytest.raises(InvalidTransition):
        act(engine, reference)
    case, events, queued = _state(engine, reference)
    assert case.status == CaseState.ACCEPTED
    assert len(events) == len(before) and queued == []
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(OutboxMessage)).one() == 0
