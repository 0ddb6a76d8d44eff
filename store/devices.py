"""Devices and authorised-representative mandates in the register, recorded when a registration
or an update is accepted, with history: a device is added, replaced (its record retired and a new
one added when its class, regulation, notified body or DoC date changes) or retired, never deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from intake.flags import flag
from intake.model import Limits
from intake.register_items import DeviceEntry, MandateEntry, RegisterItems, items_from
from intake.understand import understand
from store import fieldcodec
from store.audit import record_event
from store.db import session_scope
from store.errors import NotFound
from store.models import AuditEvent, Case, InboundMessage, Operator, OperatorChange, utcnow
from store.register_models import Device, Mandate

WITHDRAWN_FLAG = "device_withdrawn"
WITHDRAWAL_REPORTED = "device_withdrawal_reported"
_COMPARED = ("risk_class", "regulation", "notified_body", "doc_date", "custom_made", "manufacturer")


def read_case_items(*, engine: Engine, reference: str) -> RegisterItems:
    """The devices and mandates a case's messages carry, read again from the stored bytes with
    intake's limits (outside any write transaction: reading a PDF takes time)."""
    with Session(engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).first()
        if case is None:
            return RegisterItems()
        fields = fieldcodec.decode(case.fields)
        raws = session.exec(select(InboundMessage.raw).where(InboundMessage.case_id == case.id)
                            .order_by(InboundMessage.id)).all()
    attachments = []
    for raw in raws:
        if raw:  # a purged message has no bytes left
            attachments += understand(raw, limits=Limits()).message.attachments
    return items_from(fields=fields, attachments=tuple(attachments))


def record_items(*, session: Session, operator_id: int, case_id: int, actor: str,
                 items: RegisterItems) -> dict[str, list[str]]:
    """Add what is new, replace what changed; returns what happened, for the operator's history."""
    now = utcnow()
    active = {_key(d): d for d in session.exec(
        select(Device).where(Device.operator_id == operator_id, Device.retired_at.is_(None))).all()}
    added, replaced = [], []
    for entry in items.devices:
        current = active.get(entry.key())
        if current is not None and all(getattr(current, k) == getattr(entry, k) for k in _COMPARED):
            continue
        if current is not None:
            current.retired_at, current.retired_case_id, current.retired_by = now, case_id, actor
            session.add(current)
            replaced.append(entry.name)
        else:
            added.append(entry.name)
        session.add(Device(operator_id=operator_id, added_case_id=case_id, added_at=now, **entry.__dict__))
    mandates = {_mandate_key(m): m for m in session.exec(
        select(Mandate).where(Mandate.operator_id == operator_id, Mandate.ended_at.is_(None))).all()}
    new_mandates = []
    for entry in items.mandates:
        if entry.key() in mandates:
            continue
        session.add(Mandate(operator_id=operator_id, added_case_id=case_id, added_at=now, **entry.__dict__))
        new_mandates.append(entry.manufacturer_name)
    withdrawn = _retire_reported(session, operator_id=operator_id, case_id=case_id, actor=actor, now=now)
    summary = {k: v for k, v in (("devices_added", added), ("devices_replaced", replaced),
                                 ("devices_retired", withdrawn), ("mandates_added", new_mandates)) if v}
    if summary:
        record_event(session=session, case_id=case_id, actor=actor, action="register_items_recorded", detail=summary)
    return summary


def record_withdrawals(*, engine: Engine, case_id: int, withdrawals: list) -> list[str]:
    """An operator's mail says these devices (intake.withdrawals.Withdrawal) left the market: flag
    the case `device_withdrawn:<name>` for staff, with the sentence as evidence in the audit. The
    devices are retired when staff accept the case (record_items), not before."""
    with session_scope(engine) as session:
        case = session.exec(select(Case).where(Case.id == case_id).with_for_update()).first()
        if case is None:
            return []
        new = [w for w in withdrawals if flag(WITHDRAWN_FLAG, w.name) not in case.flags]
        if not new:
            return []
        case.flags = [*case.flags, *(flag(WITHDRAWN_FLAG, w.name) for w in new)]
        session.add(case)
        for w in new:  # one entry per device: the audit pane shows each with its sentence
            record_event(session=session, case_id=case_id, actor="mdreg:register", action=WITHDRAWAL_REPORTED,
                         detail={"name": w.name, "evidence": w.evidence, "device_id": w.device_id})
        return [w.name for w in new]


def _retire_reported(session: Session, *, operator_id: int, case_id: int, actor: str, now: datetime) -> list[str]:
    """Retire, on acceptance, the devices the case's mail reported withdrawn (record_withdrawals)."""
    reported = session.exec(select(AuditEvent.detail).where(AuditEvent.case_id == case_id,
                                                            AuditEvent.action == WITHDRAWAL_REPORTED)).all()
    ids = {detail["device_id"] for detail in reported if detail and detail.get("device_id")}
    if not ids:
        return []
    retired = []
    for device in session.exec(select(Device).where(Device.id.in_(ids), Device.operator_id == operator_id,
                                                    Device.retired_at.is_(None))).all():
        device.retired_at, device.retired_case_id, device.retired_by = now, case_id, actor
        session.add(device)
        retired.append(device.name)
    return retired


def retire_device(*, engine: Engine, device_id: int, actor: str, case_id: int | None = None) -> None:
    with session_scope(engine) as session:
        device = session.get(Device, device_id)
        if device is None or device.retired_at is not None:
            raise NotFound(f"no active device {device_id}", code="no_device", device_id=device_id)
        now = utcnow()
        device.retired_at, device.retired_case_id, device.retired_by = now, case_id, actor
        session.add(device)
        session.add(OperatorChange(operator_id=device.operator_id, case_id=case_id, actor=actor, at=now,
                                   changes={"devices_retired": {"from": None, "to": [device.name]}}))
        record_event(session=session, case_id=case_id, actor=actor, action="device_retired",
                     detail={"device_id": device_id, "operator_id": device.operator_id, "name": device.name})


def end_mandate(*, engine: Engine, mandate_id: int, actor: str) -> None:
    with session_scope(engine) as session:
        mandate = session.get(Mandate, mandate_id)
        if mandate is None or mandate.ended_at is not None:
            raise NotFound(f"no active mandate {mandate_id}", code="no_mandate", mandate_id=mandate_id)
        mandate.ended_at = utcnow()
        session.add(mandate)
        session.add(OperatorChange(operator_id=mandate.operator_id, actor=actor, at=mandate.ended_at,
                                   changes={"mandates_ended": {"from": None, "to": [mandate.manufacturer_name]}}))
        record_event(session=session, case_id=None, actor=actor, action="mandate_ended",
                     detail={"mandate_id": mandate_id, "operator_id": mandate.operator_id,
                             "manufacturer": mandate.manufacturer_name})


@dataclass(frozen=True)
class DeviceRow:
    id: int
    name: str
    basic_udi_di: str | None
    risk_class: str | None
    regulation: str | None
    notified_body: str | None
    doc_date: str | None
    custom_made: bool
    manufacturer: str | None
    added_at: datetime
    retired_at: datetime | None


@dataclass(frozen=True)
class MandateRow:
    id: int
    manufacturer_name: str
    country: str | None
    address: str | None
    srn: str | None
    added_at: datetime
    ended_at: datetime | None


def devices_of(*, engine: Engine, org_number: str, include_retired: bool = True) -> list[DeviceRow]:
    with Session(engine) as session:
        operator_id = _operator_id(session, org_number)
        query = select(Device).where(Device.operator_id == operator_id).order_by(Device.name, Device.id)
        if not include_retired:
            query = query.where(Device.retired_at.is_(None))
        return [DeviceRow(**_columns(d, DeviceRow)) for d in session.exec(query).all()]


def mandates_of(*, engine: Engine, org_number: str) -> list[MandateRow]:
    with Session(engine) as session:
        operator_id = _operator_id(session, org_number)
        rows = session.exec(select(Mandate).where(Mandate.operator_id == operator_id).order_by(Mandate.id)).all()
        return [MandateRow(**_columns(m, MandateRow)) for m in rows]


def _operator_id(session: Session, org_number: str) -> int:
    found = session.exec(select(Operator.id).where(Operator.org_number == org_number)).first()
    if found is None:
        raise NotFound(f"no operator with org number {org_number}", code="no_operator", org_number=org_number)
    return found


def _columns(row: Any, cls) -> dict[str, Any]:
    return {name: getattr(row, name) for name in cls.__dataclass_fields__}


def _key(device: Device) -> str:
    return DeviceEntry(name=device.name, basic_udi_di=device.basic_udi_di).key()


def _mandate_key(mandate: Mandate) -> str:
    return MandateEntry(manufacturer_name=mandate.manufacturer_name, srn=mandate.srn).key()
