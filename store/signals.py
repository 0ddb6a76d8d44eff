"""Surveillance signals on cases: stored with their evidence, shown as `signal:<rule>` flags."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from store.audit import record_event
from store.db import session_scope
from store.models import Case
from store.register_models import Signal

SIGNAL_FLAG_PREFIX = "signal:"


@dataclass(frozen=True)
class SignalRow:
    reference: str
    rule: str
    evidence: tuple[str, ...]
    at: datetime


def record_signals(*, engine: Engine, case_id: int, matches: list) -> list[str]:
    """Store the rules a case newly matches (one row per case and rule) and flag the case."""
    if not matches:
        return []
    with session_scope(engine) as session:
        case = session.exec(select(Case).where(Case.id == case_id).with_for_update()).first()
        if case is None:
            return []
        known = set(session.exec(select(Signal.rule).where(Signal.case_id == case_id)).all())
        new = [m for m in matches if m.rule not in known]
        for match in new:
            session.add(Signal(case_id=case_id, rule=match.rule, evidence=list(match.evidence)))
        if new:
            case.flags = [*case.flags, *(m.flag for m in new if m.flag not in case.flags)]
            session.add(case)
            record_event(session=session, case_id=case_id, actor="mdreg:signals", action="surveillance_signal",
                         detail={m.rule: list(m.evidence) for m in new})
        return [m.rule for m in new]


def list_signals(*, engine: Engine, rule: str | None = None, reference: str | None = None) -> list[SignalRow]:
    """Signals newest first, for staff to filter by rule or case."""
    with Session(engine) as session:
        query = select(Signal, Case.reference).join(Case, Case.id == Signal.case_id).order_by(Signal.id.desc())
        if rule:
            query = query.where(Signal.rule == rule)
        if reference:
            query = query.where(Case.reference == reference)
        return [SignalRow(reference=ref or "", rule=s.rule, evidence=tuple(s.evidence), at=s.at)
                for s, ref in session.exec(query).all()]


def rules_in_use(*, engine: Engine) -> list[str]:
    """The rules at least one case matched (the queue offers its signal filter once there is one)."""
    with Session(engine) as session:
        return sorted(session.exec(select(Signal.rule).distinct()).all())
