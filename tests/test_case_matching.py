"""Which open case a person's message joins by its org number: the writer's own case first, then
a case its Reply-To names, then the newest open case with that number (the writer a stranger)."""

from __future__ import annotations

from sqlmodel import Session

from intake.model import ParsedMessage
from store import cases
from store.db import session_scope
from store.models import Case

ORG = "910000004"


def open_case(engine, *, sender: str, status: str = "awaiting_applicant") -> int:
    with session_scope(engine) as session:
        case = Case(kind="registration", status=status, sender=sender, org_number=ORG)
        session.add(case)
        session.flush()
        return case.id


def match(engine, *, writer: str, reply_to: str | None = None) -> cases.Match:
    message = ParsedMessage(message_id="<m@example.no>", from_addr=writer, reply_to=reply_to,
                            subject="Registrering")
    with Session(engine) as session:
        found = cases.match_case(session=session, message=message, identity=writer, org_number=ORG)
        return cases.Match(found.case.id if found.case else None, found.by, found.stranger)


def test_the_writers_own_open_case_comes_before_a_newer_one_with_the_same_org_number(engine):
    own = open_case(engine, sender="kari@medtek.no")
    open_case(engine, sender="ola@medtek.no")
    assert match(engine, writer="Kari@Medtek.no") == cases.Match(own, cases.BY_SENDER_AND_ORG, False)


def test_anyone_else_joins_the_newest_open_case_with_the_org_number_as_a_stranger(engine):
    open_case(engine, sender="kari@medtek.no")
    newest = open_case(engine, sender="ola@medtek.no")
    open_case(engine, sender="per@medtek.no", status="accepted")  # finished: not joined
    assert match(engine, writer="nils@annet.no") == cases.Match(newest, cases.BY_ORG_NUMBER, True)


def test_a_reply_to_naming_an_applicant_comes_before_the_org_number(engine):
    kari = open_case(engine, sender="kari@medtek.no")
    open_case(engine, sender="ola@medtek.no")
    found = match(engine, writer="sekretær@medtek.no", reply_to="kari@medtek.no")
    assert (found.case, found.by) == (kari, cases.BY_REPLY_ADDRESS)


def test_the_writers_own_case_comes_before_the_case_its_reply_to_names(engine):
    own = open_case(engine, sender="kari@medtek.no")
    open_case(engine, sender="ola@medtek.no")
    assert match(engine, writer="kari@medtek.no", reply_to="ola@medtek.no").by == cases.BY_SENDER_AND_ORG
    assert match(engine, writer="kari@medtek.no", reply_to="ola@medtek.no").case == own


def test_no_open_case_with_the_org_number_matches_nothing(engine):
    open_case(engine, sender="kari@medtek.no", status="rejected")
    assert match(engine, writer="kari@medtek.no") == cases.Match(None)
