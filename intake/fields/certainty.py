"""Which values a case officer should confirm before the applicant is told they were understood.

A value read without a label (from prose, a subject or a signature) or an address whose postcode
Posten's list does not confirm is kept, flagged `needs_check:<field>` for staff, and left out of the
"this is what we registered" list of the reply: the applicant is told a case officer will look at
it, never that we read it right. A value a case officer entered is certain.
"""

from __future__ import annotations

from intake.fields.catalogue import DOC
from intake.model import OK, FieldResult

SURE = 0.55  # below: read from prose, a subject or a signature rather than stated against a label
STAFF = "staff:"  # the provenance of a value a case officer entered (store/staff.py)


def is_unsure(result: FieldResult) -> bool:
    if result.state != OK or result.key == DOC:  # judged by its own checks (intake/doc), never by this rule
        return False
    if result.source is not None and (result.source.part or "").startswith(STAFF):
        return False
    return result.confidence < SURE or bool(result.parts and result.parts.get("check"))


def unsure_keys(fields: dict[str, FieldResult]) -> list[str]:
    """The fields, in catalogue order, whose values need a case officer's confirmation."""
    return [key for key, result in fields.items() if is_unsure(result)]
