"""The register's records: accepting a registration, and whether one may be accepted without staff.

`accept_case` creates the operator's record (unique by org number: a second registration of the
same number updates the record), keeps every change with who made it (OperatorChange, audit
events), moves the case to `accepted` and queues the credential e-mail when the operator has no
usable login yet. The password is made by the sender at delivery (store/credentials.py).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from intake.mime.auth_results import aligned, authenticate_sender, domain_of
from intake.mime.identity import same_address
from intake.plan.decide import missing_or_invalid
from intake.states import FINISHED, CaseKind, CaseState
from intake.model import OK, FieldResult, ParsedMessage
from store import credentials, devices, fieldcodec
from store.audit import record_event
from store.transitions import transition
from store.db import session_scope
from store.errors import CaseNotAcceptable, InvalidTransition, NotFound, StoreError
from store.models import Case, Operator, OperatorChange, utcnow

log = logging.getLogger("mdreg.operators")

AUTO_ACTOR = "mdreg:auto-accept"
NOT_AUTHENTICATED_FLAG = "sender_not_authenticated"


@dataclass(frozen=True)
class AcceptOutcome:
    """What accepting a case did to the register."""

    reference: str
    operator_id: int
    username: str
    org_number: str
    created: bool  # False: an existing record (same org number) was updated
    changed: tuple[str, ...]  # the record's fields that changed
    contact_email: str
    credentials_outbox_id: int | None  # None: the operator already has a login (not re-sent)


def username_for(org_number: str) -> str:
    """Stable and readable: `org974760673`."""
    return "org" + re.sub(r"[^0-9a-z]", "", org_number.casefold())


def accept_case(*, engine: Engine, reference: str, actor: str, mailbox: str | None = None) -> AcceptOutcome:
    """Accept the registration `reference`: create or update its operator, queue credentials.

    When it changes a registered operator's contact e-mail, the old address is told (from
    `mailbox`; without one the notice is not sent and the audit says so)."""
    items = devices.read_case_items(engine=engine, reference=reference)  # before the write lock
    for attempt in (1, 2):
        try:
            with session_scope(engine) as session:
                return _accept(session, reference, actor, items, mailbox)
        except IntegrityError:
            # Another accept of the same org number created the record first: now it is an update.
            if attempt == 2:
                raise
            log.info("accept %s raced another accept of the same org number; retrying as update", reference)
    raise AssertionError("unreachable")


def _accept(session: Session, reference: str, actor: str, items: devices.RegisterItems,
            mailbox: str | None = None) -> AcceptOutcome:
    case = session.exec(select(Case).where(Case.reference == reference).with_for_update()).first()
    if case is None:
        raise NotFound(f"no case {reference}", code="no_case", reference=reference)
    if case.kind not in (CaseKind.REGISTRATION, CaseKind.UPDATE):
        raise CaseNotAcceptable(f"{reference} is a {case.kind}, not a registration or an update",
                                code="not_acceptable_kind", reference=reference, kind=case.kind)
    if case.status in FINISHED:
        raise InvalidTransition(f"{reference} is already {case.status}", code="case_finished", reference=reference,
                                state=case.status)
    fields = fieldcodec.decode(case.fields)
    record = _record_values(fields)
    operator = None
    if record.get("org_number"):
        operator = session.exec(
            select(Operator).where(Operator.org_number == record["org_number"]).with_for_update()
        ).first()
    problems = _problems(case.kind, fields, operator)
    if problems:
        raise CaseNotAcceptable(f"{reference} cannot be accepted: fields not ok: {', '.join(problems)}",
                                code="fields_not_ok", reference=reference, fields=problems)
    org = record["org_number"]
    email = record.get("email") or operator.contact_email
    name = record.get("manufacturer_name") or operator.name
    now = utcnow()
    created = operator is None
    if operator is None:
        operator = Operator(org_number=org, username=username_for(org), name=name, contact_email=email,
                            language=case.language, fields=record, created_from_case_id=case.id,
                            created_at=now, updated_at=now)
        changes = {key: {"from": None, "to": value} for key, value in record.items()}
        session.add(operator)
        session.flush()
    else:
        merged = {**operator.fields, **record}
        changes = {key: {"from": operator.fields.get(key), "to": value}
                   for key, value in merged.items() if operator.fields.get(key) != value}
        if operator.language != case.language:
            changes["language"] = {"from": operator.language, "to": case.language}
        if email and operator.contact_email and not same_address(email, operator.contact_email):
            _notify_old_contact(session, case=case, operator=operator, new=email, mailbox=mailbox, actor=actor)
        operator.fields, operator.name, operator.contact_email = merged, name, email
        operator.language, operator.updated_at = case.language, now
        session.add(operator)
    recorded = devices.record_items(session=session, operator_id=operator.id, case_id=case.id, actor=actor, items=items)
    changes.update({key: {"from": None, "to": names} for key, names in recorded.items()})
    if changes or created:
        session.add(OperatorChange(operator_id=operator.id, case_id=case.id, actor=actor, changes=changes, at=now))
    transition(case, CaseState.ACCEPTED, actor=actor, why="accepted by staff", event="accepted", session=session,
               detail={"operator_id": operator.id, "username": operator.username, "created": created,
                       "changed": sorted(changes)})
    outbox_id = None
    if credentials.needs_issue(session=session, operator_id=operator.id):
        outbox_id = credentials.queue_issue(session=session, operator=operator, case_id=case.id, actor=actor)
    return AcceptOutcome(
        reference=reference, operator_id=operator.id, username=operator.username, org_number=org,
        created=created, changed=tuple(sorted(changes)), contact_email=email,
        credentials_outbox_id=outbox_id,
    )


def _notify_old_contact(session: Session, *, case: Case, operator: Operator, new: str, mailbox: str | None,
                        actor: str) -> None:
    """Tell a registered operator's old contact address that the register now has another."""
    from string import Template

    from intake.errors import UnsafeAddress
    from intake.replies.compose import compose_message
    from intake.replies.render import templates
    from store import outbox

    old = operator.contact_email
    detail = {"old": old, "new": new}
    if not mailbox:
        record_event(session=session, case_id=case.id, actor=actor, action="contact_change_not_notified",
                     detail={**detail, "why": "no mailbox given to send from"})
        return
    t = templates(operator.language, "contact_change")
    values = {"name": operator.name, "org_number": operator.org_number, "old": old, "new": new,
              "reference": case.reference}
    try:
        composed = compose_message(mailbox=mailbox, to_addr=old, auto=True,
                                   subject=Template(t["subject"]).safe_substitute(values),
                                   body=Template(t["body"]).safe_substitute(values).strip() + "\n")
    except UnsafeAddress as exc:
        record_event(session=session, case_id=case.id, actor=actor, action="contact_change_not_notified",
                     detail={**detail, "why": str(exc)})
        return
    outbox_id = outbox.enqueue(session=session, to_addr=composed.to_addr, message_id=composed.message_id,
                               raw=composed.raw, subject=composed.subject, case_id=case.id,
                               kind="contact_change_notice")
    record_event(session=session, case_id=case.id, actor=actor, action="contact_change_notified",
                 detail={**detail, "outbox_id": outbox_id})


def _problems(kind: str, fields: dict[str, FieldResult], operator: Operator | None) -> list[str]:
    """A registration needs every required field ok; an update of a registered operator needs its
    org number ok and no field it gives invalid (what it leaves out stays as registered)."""
    if kind == CaseKind.UPDATE and operator is not None:
        bad = [r.key for r in fields.values() if r.value and r.state != OK]
        org = fields.get("org_number")
        return bad if org is not None and org.state == OK else ["org_number", *bad]
    return [r.key for r in missing_or_invalid(fields)]


def _record_values(fields: dict[str, FieldResult]) -> dict[str, Any]:
    return {key: result.value for key, result in fields.items() if result.state == OK and result.value}


def org_registered(*, session: Session, org_number: str | None) -> bool:
    if not org_number:
        return False
    return session.exec(select(Operator.id).where(Operator.org_number == org_number)).first() is not None


# --- Sender authentication and auto-accept ---------------------------------------------------


def sender_verdict(*, message: ParsedMessage, auth_serv_id: str | None) -> bool | None:
    """Whether our mail server authenticated this message's From domain (DMARC, or DKIM aligned);
    None when no authserv-id is configured (nothing can be told then)."""
    if not auth_serv_id:
        return None
    headers = [h for h in message.headers.get("authentication-results", "").split("\n") if h.strip()]
    return authenticate_sender(headers, auth_serv_id=auth_serv_id, from_addr=message.from_addr).authenticated


def record_sender_authentication(*, session: Session, case_id: int, message: ParsedMessage,
                                 auth_serv_id: str | None) -> bool | None:
    """Record on the case whether this message's From domain was authenticated by our mail server.

    None (and nothing recorded) when no authserv-id is configured: nothing can be trusted then,
    and auto-accept stays off for the case. Once a message of a case fails, the case stays
    unauthenticated (flag `sender_not_authenticated`).
    """
    if not auth_serv_id:
        return None
    headers = [h for h in message.headers.get("authentication-results", "").split("\n") if h.strip()]
    verdict = authenticate_sender(headers, auth_serv_id=auth_serv_id, from_addr=message.from_addr)
    case = session.get(Case, case_id)
    authenticated = verdict.authenticated and case.sender_authenticated is not False
    case.sender_authenticated = authenticated
    if not authenticated and NOT_AUTHENTICATED_FLAG not in case.flags:
        case.flags = [*case.flags, NOT_AUTHENTICATED_FLAG]
    session.add(case)
    return authenticated


def auto_accept_blockers(
    *, kind: str, status: str, fields: dict[str, FieldResult], flags: tuple[str, ...] | list[str],
    sender_authenticated: bool | None, org_number_registered: bool, sender_addr: str | None,
    contact_email: str | None, org_number_in_other_case: bool = False, writer_is_applicant: bool = True,
) -> tuple[str, ...]:
    """Why a case may not be accepted without staff; () when it may. Pure.

    Only a flawless new registration from an authenticated sender of the contact's own domain
    goes through: every field valid, no flag at all (no `doc_*`/`needs_manual_check:*`, no defect),
    DMARC or aligned DKIM passed at our server, the org number not yet registered nor in another
    case, the message that completed it written by the applicant, and the applicant's From
    domain the same organisational domain as the contact e-mail's. Any stranger or change flag
    (`stranger_joined_by_*`, `contact_email_changed`) blocks as `case_flagged`.
    """
    why = []
    if kind != "registration":
        why.append("not_a_registration")
    if status != CaseState.UNDER_REVIEW:
        why.append("not_under_review")
    if missing_or_invalid(fields) or any(r.state != OK for r in fields.values() if r.value):
        why.append("fields_not_valid")
    if any(f.startswith(("doc_", "needs_manual_check")) for f in flags):
        why.append("doc_checks_not_passed")
    # A surveillance signal (signal:*) points staff at a registration afterwards; it never holds one up.
    if any(not f.startswith(("doc_", "needs_manual_check", "signal:")) and f != NOT_AUTHENTICATED_FLAG for f in flags):
        why.append("case_flagged")
    if sender_authenticated is not True:
        why.append("sender_not_authenticated")
    if org_number_registered:
        why.append("org_number_registered")
    if org_number_in_other_case:
        why.append("org_number_in_other_case")
    if not writer_is_applicant:
        why.append("writer_not_applicant")
    if not aligned(domain_of(sender_addr), domain_of(contact_email)):
        why.append("sender_domain_not_contact_domain")
    return tuple(why)


def auto_accept_if_eligible(*, engine: Engine, case_id: int, from_addr: str | None,
                            mailbox: str | None = None) -> AcceptOutcome | None:
    """Accept the case as `mdreg:auto-accept` when nothing stands in the way; else say why (audit)."""
    with Session(engine) as session:
        case = session.get(Case, case_id)
        if case is None or case.kind != "registration" or case.status in FINISHED:
            return None
        fields = fieldcodec.decode(case.fields)
        contact = fields.get("email")
        why = auto_accept_blockers(
            kind=case.kind, status=case.status, fields=fields, flags=tuple(case.flags),
            sender_authenticated=case.sender_authenticated,
            org_number_registered=org_registered(session=session, org_number=case.org_number),
            sender_addr=case.sender, contact_email=contact.value if contact else None,
            org_number_in_other_case=_org_in_other_case(session, case),
            writer_is_applicant=same_address(from_addr, case.sender),
        )
        reference = case.reference
    if why:
        with session_scope(engine) as session:
            record_event(session=session, case_id=case_id, actor=AUTO_ACTOR, action="auto_accept_declined",
                         detail={"reasons": list(why)})
        log.info("case %s left for staff: %s", reference, ", ".join(why))
        return None
    try:
        outcome = accept_case(engine=engine, reference=reference, actor=AUTO_ACTOR, mailbox=mailbox)
    except StoreError as exc:
        log.warning("auto-accept of %s failed, left for staff: %s", reference, exc)
        return None
    log.info("case %s auto-accepted as %s", reference, outcome.username)
    return outcome


def _org_in_other_case(session: Session, case: Case) -> bool:
    """Another case (open or finished, not machine mail) names the same org number."""
    if not case.org_number:
        return False
    return session.exec(
        select(Case.id).where(Case.org_number == case.org_number, Case.id != case.id,
                              Case.kind.in_((CaseKind.REGISTRATION, CaseKind.UPDATE))).limit(1)
    ).first() is not None
