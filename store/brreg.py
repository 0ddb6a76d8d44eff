"""Enhetsregisteret data in the database: the local copy of the bulk download, the API cache, and
each case's check (what the register said and which flags that raised)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import delete, func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from store.audit import record_event
from store.db import session_scope
from store.models import Case, utcnow
from store.register_models import BrregApiCache, BrregCheck, BrregUnit

BATCH = 5_000
BRREG_FLAG_PREFIX = "brreg_"
_COLUMNS = ("org_number", "name", "org_form", "org_form_text", "business_address", "postal_address",
            "bankrupt", "liquidation", "forced_dissolution", "deleted_on")


@dataclass(frozen=True)
class ImportSummary:
    units: int
    skipped: int
    seconds: float


def replace_units(*, engine: Engine, units: Iterable[Any], actor: str) -> int:
    """Replace the local copy with `units` (mailbot.brreg.units.Unit) in one transaction.

    The rows go to the driver directly (COPY on PostgreSQL, executemany on SQLite): SQLAlchemy's
    per-row parameter processing was most of an import's time. The JSON columns are serialised
    here as the JSON type would (json.dumps), so the ORM reads them back unchanged.
    """
    total = 0
    with session_scope(engine) as session:
        connection = session.connection()
        connection.execute(delete(BrregUnit.__table__))
        cursor = connection.connection.driver_connection.cursor()
        try:
            if connection.dialect.name == "postgresql":
                total = _copy_rows(cursor, units)
            else:
                total = _insert_rows(cursor, units)
        finally:
            cursor.close()
        record_event(session=session, case_id=None, actor=actor, action="brreg_imported", detail={"units": total})
    return total


def _row(unit: Any) -> tuple:
    """A unit as the row of _COLUMNS (order matters: the statements name the columns in it)."""
    return (unit.org_number, _text(unit.name), unit.org_form, _text(unit.org_form_text),
            json.dumps(unit.business_address), json.dumps(unit.postal_address),
            unit.bankrupt, unit.liquidation, unit.forced_dissolution, unit.deleted_on)


def _text(value: str | None) -> str | None:
    # PostgreSQL text cannot hold NUL (store.db cleans ORM parameters the same way).
    return value.replace("\x00", "\ufffd") if value and "\x00" in value else value


def _copy_rows(cursor, units: Iterable[Any]) -> int:
    total = 0
    with cursor.copy(f"COPY {BrregUnit.__tablename__} ({', '.join(_COLUMNS)}) FROM STDIN") as copy:
        for unit in units:
            copy.write_row(_row(unit))
            total += 1
    return total


def _insert_rows(cursor, units: Iterable[Any]) -> int:
    statement = (f"INSERT INTO {BrregUnit.__tablename__} ({', '.join(_COLUMNS)}) "
                 f"VALUES ({', '.join('?' for _ in _COLUMNS)})")
    total, batch = 0, []
    for unit in units:
        batch.append(_row(unit))
        if len(batch) >= BATCH:
            cursor.executemany(statement, batch)
            total, batch = total + len(batch), []
    if batch:
        cursor.executemany(statement, batch)
        total += len(batch)
    return total


def local_unit(*, session: Session, org_number: str) -> dict[str, Any] | None:
    row = session.get(BrregUnit, org_number)
    if row is None:
        return None
    return {c.name: getattr(row, c.name) for c in BrregUnit.__table__.columns}


def local_count(*, session: Session) -> int:
    return session.exec(select(func.count()).select_from(BrregUnit)).one()


def has_local_units(*, session: Session) -> bool:
    """Whether the bulk download was imported (one row read, where count(*) reads them all)."""
    return session.exec(select(BrregUnit.org_number).limit(1)).first() is not None


def cached_answer(*, engine: Engine, org_number: str, max_age_hours: float) -> tuple[int, dict] | None:
    with Session(engine) as session:
        row = session.get(BrregApiCache, org_number)
        if row is None:
            return None
        fetched = row.fetched_at if row.fetched_at.tzinfo else row.fetched_at.replace(tzinfo=timezone.utc)
        if datetime.now(timezone.utc) - fetched > timedelta(hours=max_age_hours):
            return None
        return row.status, dict(row.body)


def cache_answer(*, engine: Engine, org_number: str, status: int, body: dict) -> None:
    with session_scope(engine) as session:
        row = session.get(BrregApiCache, org_number) or BrregApiCache(org_number=org_number, status=status)
        row.status, row.body, row.fetched_at = status, body, utcnow()
        session.add(row)


def last_check(*, session: Session, case_id: int) -> BrregCheck | None:
    return session.exec(select(BrregCheck).where(BrregCheck.case_id == case_id)
                        .order_by(BrregCheck.id.desc()).limit(1)).first()


def record_check(*, engine: Engine, case_id: int, org_number: str, outcome: str, source: str | None,
                 unit: dict[str, Any], proposals: dict[str, Any], flags: list[str]) -> None:
    """Store the check and replace the case's brreg_* flags with `flags` (other flags stay)."""
    with session_scope(engine) as session:
        case = session.exec(select(Case).where(Case.id == case_id).with_for_update()).first()
        if case is None:
            return
        session.add(BrregCheck(case_id=case_id, org_number=org_number, outcome=outcome, source=source,
                               unit=unit, proposals=proposals, flags=flags))
        kept = [f for f in case.flags if not f.startswith(BRREG_FLAG_PREFIX)]
        case.flags = [*kept, *flags]
        session.add(case)
        record_event(session=session, case_id=case_id, actor="mdreg:brreg", action="brreg_checked",
                     detail={"org_number": org_number, "outcome": outcome, "source": source, "flags": flags})


def check_for_case(*, engine: Engine, case_id: int) -> dict[str, Any] | None:
    """The newest check of a case, for staff: what the register says beside the applicant's words."""
    with Session(engine) as session:
        row = last_check(session=session, case_id=case_id)
        if row is None:
            return None
        return {"org_number": row.org_number, "outcome": row.outcome, "source": row.source,
                "unit": dict(row.unit), "proposals": dict(row.proposals), "flags": list(row.flags),
                "checked_at": row.checked_at}


def check_for_reference(*, engine: Engine, reference: str) -> dict[str, Any] | None:
    """The newest check of the case `reference` (for the staff UI, which knows cases by reference)."""
    with Session(engine) as session:
        case_id = session.exec(select(Case.id).where(Case.reference == reference)).first()
    return None if case_id is None else check_for_case(engine=engine, case_id=case_id)
