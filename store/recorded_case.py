"""What the checks run after a message is recorded (mailbot/register_checks.py) read about its
case: read at the end of the recording transaction, from the case in hand, so that the checks
need no session (and on SQLite no write lock) of their own to learn it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session

from intake.model import FieldResult
from store import fieldcodec
from store.cases import registered_record
from store.models import Case
from store.txn_memo import remembered
from store.register_models import BrregUnit


@dataclass(frozen=True)
class RecordedCase:
    """A case as it stood just after a message was recorded on it."""

    case_id: int
    kind: str
    org_number: str | None
    fields: dict[str, FieldResult]
    org_registered: bool  # an operator with this org number is in the register
    local_units: bool | None = None  # Enhetsregisteret's bulk download is imported (None: not read)


_ANY_UNIT = select(BrregUnit.org_number).limit(1)  # built once


def recorded_case(*, session: Session, case: Case) -> RecordedCase:
    """`case`, just recorded in `session`'s transaction, as the checks read it."""
    org_number = case.org_number
    registered, local_units = False, None
    if org_number:  # without one there is nothing to look up, in the register or in Brønnøysund
        registered = registered_record(session=session, org_number=org_number) is not None
        local_units = remembered(session=session, key=("local_units",),
                                 read=lambda: session.connection().execute(_ANY_UNIT).first() is not None)
    return RecordedCase(case_id=case.id, kind=case.kind, org_number=org_number,
                        fields=fieldcodec.decode(case.fields), org_registered=registered, local_units=local_units)
