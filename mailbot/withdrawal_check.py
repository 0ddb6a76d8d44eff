"""After a message from a registered operator is recorded: does it say one of the operator's
devices is withdrawn or no longer sold? Then the case is flagged for staff with the device named,
and accepting the case retires it (store.devices). Never blocks intake."""

from __future__ import annotations

import logging

from sqlalchemy.engine import Engine

from intake.model import Understanding
from intake.states import MailKind
from intake.withdrawals import KnownDevice, withdrawn_devices
from store.devices import devices_of, record_withdrawals
from store.errors import NotFound
from store.recorded_case import RecordedCase

log = logging.getLogger("mdreg.withdrawals")
# A deregistration too: "avregistrer FjordSkinne" reads as one, and staff must see it is a device.
_KINDS = (MailKind.UPDATE, MailKind.REGISTRATION, MailKind.DEREGISTRATION)


def check_withdrawals(*, engine: Engine, case: RecordedCase, understanding: Understanding) -> list[str]:
    try:
        return _check(engine, case, understanding)
    except Exception:  # noqa: BLE001 - advice for staff; it never stops intake
        log.exception("withdrawn devices of case %s: check failed", case.case_id)
        return []


def _check(engine: Engine, case: RecordedCase, understanding: Understanding) -> list[str]:
    if not case.org_number or not case.org_registered or case.kind not in _KINDS:
        return []  # not registered (yet): it has no devices to withdraw
    case_id, org_number = case.case_id, case.org_number
    try:
        known = [KnownDevice(id=d.id, name=d.name, basic_udi_di=d.basic_udi_di)
                 for d in devices_of(engine=engine, org_number=org_number, include_retired=False)]
    except NotFound:  # not registered yet: it has no devices to withdraw
        return []
    message = understanding.message
    found = withdrawn_devices(f"{message.subject or ''}\n\n{message.body_text or ''}", known)
    names = record_withdrawals(engine=engine, case_id=case_id, withdrawals=found)
    if names:
        log.info("case %s: devices reported withdrawn: %s", case_id, ", ".join(names))
    return names
