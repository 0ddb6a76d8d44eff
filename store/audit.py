"""The audit log: who did what to which case, and when."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert
from sqlmodel import Session

from store.models import AuditEvent, utcnow


_INSERT = insert(AuditEvent.__table__)  # built once; the values come as parameters


def record_event(*, session: Session, case_id: int | None, actor: str, action: str,
                 detail: dict[str, Any] | None = None) -> None:
    # A core INSERT on the session's connection, sent at once and without flushing the session
    # first: building the sqlmodel object cost more than the statement, and an event never changes
    # after it is written. `case_id` is a flushed case's id (or None).
    session.connection().execute(_INSERT, {"case_id": case_id, "actor": actor, "action": action,
                                           "detail": detail or {}, "at": utcnow()})
