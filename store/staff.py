"""What case officers do to a case: the domain functions behind the staff UI (what they see of it
is in store/case_detail.py).

Every action takes keyword arguments, runs in one transaction, bumps the case's `updated_at`
(the queue's change marker) and records an audit event with the acting officer. An action that
moves the case or tells the applicant something goes through the case state machine
(store/transitions.py `transition`), as the worker does: it sets the status, writes the one audit
event and queues the composed message in the outbox, in that same transaction. Only plain
dataclasses leave this module.
"""

from __future__ import annotations

from string import Template
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from intake.replies.compose import Composed, compose_message, reply_subject
from intake.states import FINISHED, CaseState, OutboxKind, ReplyTemplate
from intake.errors import UnsafeAddress
from intake.fields.catalogue import DOC, field_keys, is_required, rules
from intake.model import MISSING, OK, FieldResult, Provenance
from intake.replies.render import render, templates
from store import fieldcodec
from store.audit import record_event
from store.case_detail import case_detail
from store.operators import accept_case
from store.db import session_scope
from store.errors import InvalidTransition, NotFound, StoreError
from store.models import Case, FieldValue, utcnow
from store.transitions import refresh_columns, transition

REJECT_REASONS = ("incomplete", "not_registrable", "duplicate", "wrong_authority", "other")


class StaffActionRefused(StoreError):
    """The action cannot be done to this case (finished, no address, unknown field …)."""

    code = "action_refused"


# --------------------------------------------------------------------------- texts

def staff_templates(language: str) -> dict[str, Any]:
    return templates(language, "staff")


def reason_label(code: str, language: str = "en") -> str:
    return staff_templates(language)["reason_label"][code]


def reply_frame(*, language: str) -> str:
    """A staff reply's start: the greeting, an empty line to write on, and the signature."""
    t = staff_templates(language)["text"]
    return f"{t['greeting']}\n\n\n\n{t['signature']}\n"


def rejection_text(*, language: str, reference: str, reason_code: str) -> str:
    """The message telling the applicant, in their language, why the registration is rejected."""
    if reason_code not in REJECT_REASONS:
        raise StaffActionRefused(f"unknown rejection reason {reason_code!r}", code="unknown_reason", reason=reason_code)
    t = staff_templates(language)
    body = Template(t["text"]["reject"]).safe_substitute(reference=reference, reason=t["reject_reason"][reason_code])
    return body.strip() + "\n"


def request_text(*, engine: Engine, reference: str) -> str:
    """The pre-filled request for missing information, for the officer to edit before sending."""
    detail = case_detail(engine=engine, reference=reference)
    return render(ReplyTemplate.REQUEST_MISSING, language=detail.language, reference=detail.reference, fields=detail.fields)


# --------------------------------------------------------------------------- actions

def edit_field(*, engine: Engine, reference: str, key: str, value: str, actor: str) -> FieldResult:
    """Set a field to what the officer typed, re-validated; an empty value makes it missing."""
    from intake.fields.validate import validate

    if key not in field_keys():
        raise StaffActionRefused(f"unknown field {key!r}", code="unknown_field", field=key)
    text = (value or "").strip()
    source = Provenance(part=f"staff:{actor}")
    with session_scope(engine) as session:
        case = _get(session, reference, for_update=True)
        _not_finished(case, "edit")
        fields = fieldcodec.decode(case.fields)
        old = fields.get(key)
        if text:
            result = validate(FieldResult(key=key, value=text, state=OK, source=source, confidence=1.0))
        else:
            custom = _custom_made(fields)
            result = FieldResult(key=key, state=MISSING, source=source,
                                 reason=f"{key}.missing" if is_required(key, custom_made=custom) else None)
        fields[key] = result
        case.fields = fieldcodec.encode(fields)
        if key == "manufacturer_name" and not result.value:
            case.organisation = None
        if key == "org_number" and result.state != OK:
            case.org_number = None
        refresh_columns(case)  # missing count, organisation, org number, updated_at
        session.add(case)
        session.add(FieldValue(case_id=case.id, key=key, value=result.value, state=result.state,
                               reason=result.reason, source=fieldcodec.source_label(result), actor=actor))
        record_event(session=session, case_id=case.id, actor=actor, action="field_edited", detail={
            "field": key, "old": old.value if old else None, "new": result.value,
            "state": result.state, "reason": result.reason,
        })
        return result


def request_missing(*, engine: Engine, reference: str, actor: str, mailbox: str,
                    message_text: str | None = None) -> int:
    """Send the (possibly edited) request for missing information; the case waits for the applicant."""
    with session_scope(engine) as session:
        case = _get(session, reference, for_update=True)
        _not_finished(case, "request information on")
        body = message_text or render(ReplyTemplate.REQUEST_MISSING, language=case.language, reference=case.reference,
                                      fields=fieldcodec.decode(case.fields))
        case.requests_sent += 1
        return transition(case, CaseState.AWAITING_APPLICANT, actor=actor, why="information requested by staff",
                          event="missing_requested", detail={"edited": message_text is not None},
                          message=_composed(case, body, mailbox=mailbox), message_kind=OutboxKind.STAFF_REQUEST)


def reject_case(*, engine: Engine, reference: str, reason_code: str, actor: str, mailbox: str,
                message_text: str | None = None) -> int:
    """Reject with a coded reason; the applicant is told in their language (or the officer's text)."""
    with session_scope(engine) as session:
        case = _get(session, reference, for_update=True)
        _not_finished(case, "reject")
        body = message_text or rejection_text(language=case.language, reference=case.reference,
                                              reason_code=reason_code)
        if reason_code not in REJECT_REASONS:
            raise StaffActionRefused(f"unknown rejection reason {reason_code!r}", code="unknown_reason", reason=reason_code)
        return transition(case, CaseState.REJECTED, actor=actor, why=f"rejected: {reason_code}", event="rejected",
                          detail={"reason_code": reason_code}, message=_composed(case, body, mailbox=mailbox),
                          message_kind=OutboxKind.STAFF_REJECTION)


def reply(*, engine: Engine, reference: str, actor: str, mailbox: str, message_text: str) -> int:
    """A free reply from the officer to the applicant; the case keeps its state."""
    if not message_text.strip():
        raise StaffActionRefused("the reply is empty", code="empty_reply")
    with session_scope(engine) as session:
        case = _get(session, reference, for_update=True)
        # The case keeps its state: a move to itself, so the reply takes the one outbox path.
        return transition(case, case.status, actor=actor, why="staff reply", event="replied",
                          message=_composed(case, message_text, mailbox=mailbox),
                          message_kind=OutboxKind.STAFF_REPLY)


def mark_duplicate(*, engine: Engine, reference: str, of_reference: str, actor: str, merge: bool = False) -> None:
    """Close the case as a duplicate of another; with `merge`, its good values fill the other's gaps."""
    if reference == of_reference:
        raise StaffActionRefused("a case cannot duplicate itself", code="duplicate_of_itself")
    with session_scope(engine) as session:
        case = _get(session, reference, for_update=True)
        target = _get(session, of_reference, for_update=True)
        _not_finished(case, "mark as duplicate")
        if target.duplicate_of == case.id:
            raise StaffActionRefused(f"{of_reference} is already a duplicate of {reference}", code="already_duplicate",
                                     reference=reference, other=of_reference)
        merged: list[str] = []
        if merge:
            merged = _merge_fields(session, case, target, actor)
        case.duplicate_of = target.id
        _touch(session, target)
        transition(case, CaseState.CLOSED, actor=actor, why=f"duplicate of {target.reference}",
                   event="merged_into" if merge else "marked_duplicate",
                   detail={"of": target.reference, "fields": merged})
        record_event(session=session, case_id=target.id, actor=actor, action="duplicate_received",
                     detail={"from_case": case.reference, "fields": merged})


def assign(*, engine: Engine, reference: str, actor: str, to: str | None = None) -> None:
    """Assign the case to an officer (the acting one by default)."""
    with session_scope(engine) as session:
        case = _get(session, reference, for_update=True)
        old = case.assigned_to
        case.assigned_to = to or actor
        _touch(session, case)
        record_event(session=session, case_id=case.id, actor=actor, action="assigned",
                     detail={"to": case.assigned_to, "was": old})


def add_note(*, engine: Engine, reference: str, actor: str, text: str) -> None:
    """An internal note on the case; never sent to the applicant."""
    if not text.strip():
        raise StaffActionRefused("the note is empty", code="empty_note")
    with session_scope(engine) as session:
        case = _get(session, reference, for_update=True)
        _touch(session, case)
        record_event(session=session, case_id=case.id, actor=actor, action="note", detail={"text": text.strip()})


def accept(*, engine: Engine, reference: str, actor: str, mailbox: str | None = None):
    """Accept the registration through the register's own function (store.operators.accept_case)."""
    return accept_case(engine=engine, reference=reference, actor=actor, mailbox=mailbox)


# --------------------------------------------------------------------------- helpers

def _get(session: Session, reference: str, *, for_update: bool = False) -> Case:
    query = select(Case).where(Case.reference == reference)
    if for_update:
        query = query.with_for_update()
    case = session.exec(query).first()
    if case is None:
        raise NotFound(f"no case {reference}", code="no_case", reference=reference)
    return case


def _not_finished(case: Case, what: str) -> None:
    if case.status in FINISHED:
        raise InvalidTransition(f"cannot {what} case {case.reference}: it is {case.status}", code="case_finished",
                                reference=case.reference, state=case.status)


def _touch(session: Session, case: Case) -> None:
    case.updated_at = utcnow()
    session.add(case)


def _custom_made(fields: dict[str, FieldResult]) -> bool:
    doc = fields.get(DOC)
    return bool(doc and doc.state == OK and doc.value == rules().custom_made_value)


def _composed(case: Case, body: str, *, mailbox: str) -> Composed:
    """The message to the case's applicant, composed; transition() queues it."""
    if not case.sender:
        raise StaffActionRefused(f"case {case.reference} has no address to write to", code="no_address",
                                 reference=case.reference)
    try:
        return compose_message(mailbox=mailbox, to_addr=case.sender,
                               subject=reply_subject(case.subject, case.reference or ""), body=body)
    except UnsafeAddress as exc:
        raise StaffActionRefused(str(exc), code="unsafe_address", address=case.sender) from exc


def _merge_fields(session: Session, case: Case, target: Case, actor: str) -> list[str]:
    mine, theirs = fieldcodec.decode(case.fields), fieldcodec.decode(target.fields)
    merged = []
    for key, result in mine.items():
        if result.state == OK and (key not in theirs or theirs[key].state != OK):
            theirs[key] = result
            merged.append(key)
            session.add(FieldValue(case_id=target.id, key=key, value=result.value, state=result.state,
                                   reason=result.reason, source=f"merged:{case.reference}", actor=actor))
    if merged:
        target.fields = fieldcodec.encode(theirs)
        refresh_columns(target)
    return merged


__all__ = [
    "REJECT_REASONS", "StaffActionRefused", "reason_label", "rejection_text", "request_text",
    "edit_field",
    "request_missing", "reject_case", "reply", "mark_duplicate", "assign", "add_note", "accept",
    "NotFound", "InvalidTransition",
]
