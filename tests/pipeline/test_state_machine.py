"""The case state machine: every move the table allows is made and audited once; every other is
refused and leaves the case and the audit as they were."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from intake.states import CaseState
from store.errors import InvalidTransition
from store.models import AuditEvent, Case
from store.transitions import TRANSITIONS, transition

STATES = [None, *CaseState]
PAIRS = [(frm, to) for frm in STATES for to in CaseState]


def _case(session: Session, state: CaseState | None) -> Case:
    case = Case(kind="registration", sender="kari@fjordmed.example.no", subject="Registrering")
    path = [] if state is None else [state] if state in TRANSITIONS[None] else [CaseState.NEEDS_STAFF, state]
    for step in path:  # a finished case is reached through an open state, as in life
        transition(case, step, actor="test", why="setup", session=session)
        session.commit()
    return case


def _events(session: Session, case: Case) -> list[AuditEvent]:
    if case.id is None:
        return []
    return session.exec(select(AuditEvent).where(AuditEvent.case_id == case.id)).all()


@pytest.mark.parametrize("frm,to", [p for p in PAIRS if p[1] in TRANSITIONS[p[0]]],
                         ids=lambda v: str(v))
def test_an_allowed_move_is_made_and_audited_once(engine, frm, to):
    with Session(engine, expire_on_commit=False) as session:
        case = _case(session, frm)
        before = len(_events(session, case))
        transition(case, to, actor="officer", why="because", event="moved", session=session)
        session.commit()
        events = _events(session, case)
        assert case.status == to
        assert len(events) == before + 1
        assert (events[-1].action, events[-1].actor) == ("moved", "officer")
        assert events[-1].detail["from"] == frm and events[-1].detail["to"] == to


@pytest.mark.parametrize("frm,to", [p for p in PAIRS if p[1] not in TRANSITIONS[p[0]]],
                         ids=lambda v: str(v))
def test_any_other_move_is_refused_and_changes_nothing(engine, frm, to):
    with Session(engine, expire_on_commit=False) as session:
        case = _case(session, frm)
        before, status = len(_events(session, case)), case.status
        with pytest.raises(InvalidTransition):
            transition(case, to, actor="officer", why="because", session=session)
        assert case.status == status
        assert len(_events(session, case)) == before


def test_a_finished_case_goes_back_only_to_staff():
    for finished in (CaseState.ACCEPTED, CaseState.REJECTED, CaseState.CLOSED):
        assert TRANSITIONS[finished] == {finished, CaseState.NEEDS_STAFF}
