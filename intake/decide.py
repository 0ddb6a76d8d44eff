"""The decision: merge a message into its case, set the case's kind and state, choose the reply."""

from __future__ import annotations

from dataclasses import dataclass, field

from intake.fields import OPTIONAL, catalogue
from intake.model import MISSING, OK, FieldResult, Understanding

# Case states. A case waits for the applicant, for staff review, or is finished.
AWAITING_APPLICANT = "awaiting_applicant"
UNDER_REVIEW = "under_review"
NEEDS_STAFF = "needs_staff"
ACCEPTED = "accepted"
REJECTED = "rejected"
CLOSED = "closed"
FINISHED = (ACCEPTED, REJECTED, CLOSED)

# Replies, by template name (intake/templates/<language>.toml).
REQUEST_MISSING = "request_missing"
UNDER_REVIEW_REPLY = "under_review"


@dataclass(frozen=True)
class CaseContext:
    """What the store knows of the case a follow-up joins."""

    reference: str
    kind: str
    status: str
    fields: dict[str, FieldResult]
    requests_sent: int = 0
    sender: str | None = None
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Decision:
    """What becomes of the case, and which reply (if any) goes out."""

    kind: str
    status: str
    fields: dict[str, FieldResult]
    reply: str | None = None
    flags: tuple[str, ...] = ()
    why_no_reply: str | None = None
    changed: tuple[str, ...] = field(default=())


def merge_fields(old: dict[str, FieldResult], new: dict[str, FieldResult]) -> tuple[dict[str, FieldResult], tuple[str, ...]]:
    """Newer values replace older ones; a field the new message does not mention keeps its value."""
    merged = dict(old)
    changed = []
    for key, result in new.items():
        if result.state == MISSING and key in old:
            continue
        if old.get(key) != result:
            changed.append(key)
        merged[key] = result
    return merged, tuple(changed)


def missing_or_invalid(fields: dict[str, FieldResult]) -> list[FieldResult]:
    """Required fields not ok, and optional fields given but invalid, in catalogue order."""
    out = []
    for spec in catalogue():
        result = fields.get(spec.key) or FieldResult(key=spec.key)
        if result.state == OK:
            continue
        if spec.required == OPTIONAL and result.state == MISSING:
            continue
        out.append(result)
    return out


def decide(
    understanding: Understanding, *, context: CaseContext | None, max_requests: int = 3
) -> Decision:
    """The case's new kind, state and fields, and the reply to send (None: no reply)."""
    if understanding.unreadable:
        fields = context.fields if context else understanding.fields
        return Decision(kind="unreadable", status=NEEDS_STAFF, fields=fields,
                        flags=(f"unreadable: {understanding.unreadable}",), why_no_reply="unreadable")
    fields, changed = merge_fields(context.fields if context else {}, understanding.fields)
    kind = context.kind if context else "registration"
    if context and context.status in FINISHED:
        return Decision(kind=kind, status=NEEDS_STAFF, fields=fields, changed=changed,
                        flags=("follow_up_to_finished_case",), why_no_reply="case is finished")
    if not missing_or_invalid(fields):
        return Decision(kind=kind, status=UNDER_REVIEW, fields=fields, reply=UNDER_REVIEW_REPLY, changed=changed)
    if context and context.requests_sent >= max_requests:
        return Decision(kind=kind, status=NEEDS_STAFF, fields=fields, changed=changed,
                        flags=("request_limit_reached",), why_no_reply="request limit reached")
    return Decision(kind=kind, status=AWAITING_APPLICANT, fields=fields, reply=REQUEST_MISSING, changed=changed)
