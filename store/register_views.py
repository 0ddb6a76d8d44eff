"""Read-only views of the register (operators and their change history) for the staff UI."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from store.errors import NotFound
from store.models import Case, Operator, OperatorChange


@dataclass(frozen=True)
class OperatorRow:
    org_number: str
    username: str
    name: str
    contact_email: str
    language: str
    created_at: datetime
    updated_at: datetime
    changes: int


@dataclass(frozen=True)
class OperatorChangeEntry:
    at: datetime
    actor: str
    case_reference: str | None
    changes: dict[str, Any]


@dataclass(frozen=True)
class OperatorDetail:
    org_number: str
    username: str
    name: str
    contact_email: str
    language: str
    created_at: datetime
    updated_at: datetime
    created_from: str | None
    fields: dict[str, str]
    history: tuple[OperatorChangeEntry, ...]


def list_operators(*, engine: Engine, search: str = "", limit: int = 500) -> list[OperatorRow]:
    """Registered operators by name, with how many changes each has had."""
    with Session(engine) as session:
        changes = (select(OperatorChange.operator_id, func.count().label("n"))
                   .group_by(OperatorChange.operator_id).subquery())
        query = (select(Operator, changes.c.n).join(changes, changes.c.operator_id == Operator.id, isouter=True)
                 .order_by(Operator.name, Operator.id).limit(limit))
        if search.strip():
            pattern = f"%{search.strip()}%"
            query = query.where(or_(Operator.name.ilike(pattern), Operator.org_number.like(pattern),
                                    Operator.contact_email.ilike(pattern), Operator.username.ilike(pattern)))
        return [
            OperatorRow(org_number=o.org_number, username=o.username, name=o.name, contact_email=o.contact_email,
                        language=o.language, created_at=o.created_at, updated_at=o.updated_at, changes=n or 0)
            for o, n in session.exec(query).all()
        ]


def operator_detail(*, engine: Engine, org_number: str) -> OperatorDetail:
    """An operator's current data and every change to it, oldest first."""
    with Session(engine) as session:
        op = session.exec(select(Operator).where(Operator.org_number == org_number)).first()
        if op is None:
            raise NotFound(f"no operator with org number {org_number}", code="no_operator", org_number=org_number)
        created_from = session.get(Case, op.created_from_case_id).reference if op.created_from_case_id else None
        rows = session.exec(
            select(OperatorChange, Case.reference).join(Case, Case.id == OperatorChange.case_id, isouter=True)
            .where(OperatorChange.operator_id == op.id).order_by(OperatorChange.at, OperatorChange.id)
        ).all()
        return OperatorDetail(
            org_number=op.org_number, username=op.username, name=op.name, contact_email=op.contact_email,
            language=op.language, created_at=op.created_at, updated_at=op.updated_at, created_from=created_from,
            fields={k: _plain(v) for k, v in (op.fields or {}).items()},
            history=tuple(OperatorChangeEntry(at=c.at, actor=c.actor, case_reference=ref, changes=dict(c.changes or {}))
                          for c, ref in rows),
        )


def _plain(value: Any) -> str:
    """A stored field as text: a value, or the `value` of a FieldResult-like dict."""
    if isinstance(value, dict):
        return str(value.get("value") or "")
    return "" if value is None else str(value)
