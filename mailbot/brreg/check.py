"""Check a recorded case's org number against Enhetsregisteret, after (outside) the write
transaction that recorded the message. Never raises: a failing source leaves `brreg_not_checked`.
"""

from __future__ import annotations

import logging
import re

from sqlalchemy.engine import Engine
from sqlmodel import Session
from stdnum.no import orgnr

from intake.model import OK, FieldResult
from mailbot.brreg.compare import flags_for
from mailbot.brreg.lookup import FOUND, NOT_CHECKED, Answer, lookup, sources_from
from mailbot.brreg.units import Unit, address_text
from store import brreg as table
from store.recorded_case import RecordedCase

log = logging.getLogger("mdreg.brreg")

_POSTCODE = re.compile(r"\b(\d{4})\b")
ADDRESS_FIELDS = {"visiting_address": "business_address", "postal_address": "postal_address"}


def norwegian_org_number(value: str | None) -> str | None:
    digits = re.sub(r"\D", "", value or "")
    if re.fullmatch(r"(?:NO)?[\s\d.]*(?:MVA)?", (value or "").upper().strip()) and orgnr.is_valid(digits):
        return digits
    return None


def check_case(*, settings, engine: Engine, case: RecordedCase) -> Answer | None:
    """Look the case's org number up and record the outcome; None when nothing was checked."""
    try:
        return _check(settings, engine, case)
    except Exception:  # noqa: BLE001 - intake never waits on, or fails for, the register
        log.exception("brreg check of case %s failed", case.case_id)
        return None


def _check(settings, engine: Engine, case: RecordedCase) -> Answer | None:
    if not settings.brreg_check:
        return None
    case_id, fields = case.case_id, case.fields
    org = norwegian_org_number(_ok(fields, "org_number"))
    if org is None:
        return None
    if not settings.brreg_api_url and not _local_units(engine, case):
        return None  # no source configured at all: nothing to check against
    with Session(engine) as session:
        last = table.last_check(session=session, case_id=case_id)
        if last is not None and last.org_number == org and last.outcome != NOT_CHECKED:
            return None  # already answered for this number
    sources = sources_from(settings=settings, engine=engine)
    answer = lookup(org, sources)
    flags = flags_for(answer, name=_ok(fields, "manufacturer_name"), postcodes=_postcodes(fields))
    unit = answer.unit.as_dict() if answer.unit else {}
    table.record_check(engine=engine, case_id=case_id, org_number=org, outcome=answer.outcome,
                       source=answer.source, unit=unit, proposals=_proposals(fields, answer), flags=flags)
    log.info("case %s: org number %s %s in Enhetsregisteret (%s)%s", case_id, org, answer.outcome,
             answer.source or "no source", f"; flags {', '.join(flags)}" if flags else "")
    return answer


def _local_units(engine: Engine, case: RecordedCase) -> bool:
    """Whether the bulk download is imported: as read with the case, else read now."""
    if case.local_units is not None:
        return case.local_units
    with Session(engine) as session:
        return table.has_local_units(session=session)


def _ok(fields: dict[str, FieldResult], key: str) -> str | None:
    result = fields.get(key)
    return result.value if result is not None and result.state == OK and result.value else None


def _postcodes(fields: dict[str, FieldResult]) -> set[str]:
    codes = set()
    for key in ADDRESS_FIELDS:
        result = fields.get(key)
        if result is None or result.state != OK:
            continue
        code = (result.parts or {}).get("postcode")
        if not code and result.value:
            found = _POSTCODE.findall(result.value)
            code = found[-1] if found else None
        if code:
            codes.add(code)
    return codes


def _proposals(fields: dict[str, FieldResult], answer: Answer) -> dict[str, dict[str, str]]:
    """A missing address proposed from the register, marked as coming from there."""
    if answer.outcome != FOUND or answer.unit is None:
        return {}
    unit: Unit = answer.unit
    out = {}
    for key, attr in ADDRESS_FIELDS.items():
        result = fields.get(key)
        proposed = address_text(getattr(unit, attr))
        if proposed and (result is None or not result.value):
            out[key] = {"value": proposed, "source": "enhetsregisteret"}
    return out
