"""What the checks run after a message is recorded (mailbot/register_checks.py) read about its
case: one short read for all of them, instead of one session (and one SQLite write lock) each."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlmodel import Session

from intake.model import FieldResult
from store import fieldcodec
from store.models import Case
from store.operators import org_registered


@dataclass(frozen=True)
class RecordedCase:
    """A case as it stood just after a message was recorded on it."""

    case_id: int
    kind: str
    org_number: str | None
    fields: dict[str, FieldResult]
    org_registered: bool  # an operator with this org number is in the register


def recorded_case(*, engine: Engine, case_id: int) -> RecordedCase | None:
    with Session(engine) as session:
        case = session.get(Case, case_id)
        if case is None:
            return None
        return RecordedCase(case_id=case.id, kind=case.kind, org_number=case.org_number,
                            fields=fieldcodec.decode(case.fields),
                            org_registered=org_registered(session=session, org_number=case.org_number))
