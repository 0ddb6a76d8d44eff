"""The audit log: who did what to which case, and when."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from store.models import AuditEvent


def record_event(*, session: Session, case_id: int | None, actor: str, action: str,
                 detail: dict[str, Any] | None = None) -> None:
    session.add(AuditEvent(case_id=case_id, actor=actor, action=action, detail=detail or {}))
