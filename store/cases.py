"""Cases: find the case a message belongs to, and the pieces store/record.py records it with."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import bindparam, case as sql_case, func, insert, text
from sqlmodel import Session, select

from intake.plan.decide import CONTACT_CHANGED_FLAG, CaseContext, Decision
from intake.states import FINISHED, MACHINE_KINDS
from intake.mime.identity import same_address
from intake.model import ParsedMessage
from store import fieldcodec
from store.txn_memo import remembered
from store.models import Case, FieldValue, InboundMessage, Operator, OutboxMessage, utcnow

REFERENCE_TOKEN = re.compile(r"\[?(MDREG-\d{4}-\d{6})\]?")

# How a message found its case.
BY_THREAD = "thread"
BY_TOKEN = "token"
BY_SENDER_AND_ORG = "sender_and_org_number"
BY_REPLY_ADDRESS = "reply_address"
BY_ORG_NUMBER = "org_number"


@dataclass(frozen=True)
class Match:
    """The case a message joins, how it was found, and whether the sender is a stranger to it."""

    case: Case | None
    by: str | None = None
    stranger: bool = False


def _open(*conditions):
    return (select(Case).where(*conditions, Case.status.not_in(FINISHED), Case.kind.not_in(MACHINE_KINDS))
            .order_by(Case.id.desc()).limit(1))


# match_case's statements, built once: building a statement cost more than running it, and
# every person's message runs two or three of them (bench/worker_cost.py).
_THREAD_IDS = bindparam("ids", expanding=True)
_BY_OUTBOX_THREAD = (select(OutboxMessage.case_id)
                     .where(OutboxMessage.message_id.in_(_THREAD_IDS), OutboxMessage.case_id.is_not(None)).limit(1))
_BY_INBOUND_THREAD = (select(InboundMessage.case_id)
                      .where(InboundMessage.message_id.in_(_THREAD_IDS), InboundMessage.case_id.is_not(None)).limit(1))
_BY_REFERENCE = select(Case).where(Case.reference == bindparam("reference"))
_OPEN_BY_SENDER = _open(func.lower(Case.sender) == bindparam("sender"))
# The open cases of an org number, the writer's own first (by_sender 1), then the newest: one
# query answers both "the writer's open case with this org number" and "any open case with it".
_WRITERS_FIRST = sql_case((func.lower(Case.sender) == bindparam("sender"), 1), else_=0)
_OPEN_BY_ORG = (select(Case, _WRITERS_FIRST.label("by_sender"))
                .where(Case.org_number == bindparam("org_number"), Case.status.not_in(FINISHED),
                       Case.kind.not_in(MACHINE_KINDS))
                .order_by(_WRITERS_FIRST.desc(), Case.id.desc()).limit(1))
_OPERATOR_CONTACT = select(Operator.contact_email).where(Operator.org_number == bindparam("org_number")).limit(1)
_OPERATOR = (select(Operator.name, Operator.org_number, Operator.contact_email, Operator.fields)
             .where(Operator.org_number == bindparam("org_number")).limit(1))
_FIELD_HISTORY = insert(FieldValue.__table__)


def reference_for(case_id: int, year: int) -> str:
    return f"MDREG-{year}-{case_id:06d}"


def match_case(*, session: Session, message: ParsedMessage, identity: str | None = None,
               trusted: bool = True, org_number: str | None = None) -> Match:
    """The case a message refers to, how it was found, and whether its writer is a stranger to it.

    Found by In-Reply-To/References, the token in the subject, the writer plus org number, the
    reply address (Reply-To naming a case's applicant), or the org number of an open case. The
    writer (`identity`, the From address) may change the case only when it is the case's
    applicant or a contact already known on the case or its operator, and `trusted` (not failed
    sender authentication); anyone else is a stranger, whose message is attached for staff and
    merges nothing. Reply-To never makes a message the applicant's."""
    ids = [i for i in (message.in_reply_to, *message.references) if i]
    if ids:
        case_id = (session.execute(_BY_OUTBOX_THREAD, {"ids": ids}).scalar()
                   or session.execute(_BY_INBOUND_THREAD, {"ids": ids}).scalar())
        if case_id:
            case = session.get(Case, case_id)
            return Match(case, BY_THREAD, stranger=not _may_change(session, case, identity, trusted))
    token = REFERENCE_TOKEN.search(message.subject or "")
    if token:
        case = session.execute(_BY_REFERENCE, {"reference": token.group(1)}).scalar()
        if case is not None:
            return Match(case, BY_TOKEN, stranger=not _may_change(session, case, identity, trusted))
    by_org = None
    if org_number:
        by_org = session.execute(_OPEN_BY_ORG, {"org_number": org_number,
                                                "sender": identity.casefold() if identity else None}).first()
    if identity and by_org is not None and by_org.by_sender:
        case = by_org.Case
        return Match(case, BY_SENDER_AND_ORG, stranger=not _may_change(session, case, identity, trusted))
    reply_to = message.reply_to
    if reply_to and not same_address(reply_to, identity):
        case = _open_case(session, _OPEN_BY_SENDER, sender=reply_to.casefold())
        if case is not None:
            return Match(case, BY_REPLY_ADDRESS, stranger=not _may_change(session, case, identity, trusted))
    if by_org is not None:
        case = by_org.Case
        if _may_change(session, case, identity, trusted):
            return Match(case, BY_ORG_NUMBER)
        return Match(case, BY_ORG_NUMBER, stranger=True)
    return Match(None)


def _open_case(session: Session, statement, **params) -> Case | None:
    """The newest open, non-machine case `statement` (one of the _OPEN_BY_* above) finds."""
    return session.execute(statement, params).scalar()


def _may_change(session: Session, case: Case, identity: str | None, trusted: bool) -> bool:
    """The writer is the case's applicant, or a contact known on the case or its operator."""
    if not identity or not trusted:
        return False
    known = [case.sender, _contact_email(case)]
    if case.org_number:
        found = session.execute(_OPERATOR_CONTACT, {"org_number": case.org_number}).first()
        if found is not None:
            known.append(found.contact_email)
    return any(same_address(identity, address) for address in known)


def match_machine_mail(*, session: Session, message: ParsedMessage) -> Case | None:
    """The case an auto-reply answers: by thread or by token (never by sender: it changes nothing)."""
    found = match_case(session=session, message=message)
    return found.case if found.by in (BY_THREAD, BY_TOKEN) else None


def _contact_email(case: Case) -> str | None:
    item = (case.fields or {}).get("email") or {}
    return item.get("value") if isinstance(item, dict) else None


def serialise_sender(*, session: Session, sender: str | None) -> None:
    """On PostgreSQL, one worker at a time per sender address, until this transaction ends: two
    messages from one applicant cannot both open a case, nor both pass the daily reply cap.
    (SQLite runs one writer at a time anyway.)"""
    if sender and session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": sender.casefold()})


def lock_case(*, session: Session, case: Case | None) -> Case | None:
    """Re-read a matched case under a row lock, so two workers merging follow-ups into one case
    cannot overwrite each other (the inbound row is always locked first: no deadlock). SQLite has
    no row locks: its transaction holds the database's write lock from BEGIN IMMEDIATE, under which
    the case was just read, so reading it again would only cost a round trip."""
    if case is not None and session.get_bind().dialect.name != "sqlite":
        session.refresh(case, with_for_update=True)
    return case


def context_of(case: Case) -> CaseContext:
    return CaseContext(
        reference=case.reference or "", kind=case.kind, status=case.status,
        fields=fieldcodec.decode(case.fields), requests_sent=case.requests_sent,
        sender=case.sender, flags=tuple(case.flags), language=case.language,
    )


def registered_record(*, session: Session, org_number: str | None) -> dict[str, str] | None:
    """The register's record of the operator with this org number (field key -> value), or None."""
    if not org_number:
        return None
    # Remembered for the transaction: the worker never writes operators, and after the message
    # is recorded the register checks ask again (store/recorded_case.py).
    operator = remembered(session=session, key=("operator", org_number),
                          read=lambda: session.connection().execute(_OPERATOR, {"org_number": org_number}).first())
    if operator is None:
        return None
    record = {"manufacturer_name": operator.name, "org_number": operator.org_number, "email": operator.contact_email}
    for key, item in (operator.fields or {}).items():
        value = item.get("value") if isinstance(item, dict) else item
        if value is not None:
            record[key] = str(value)
    return record


def contact_change(case: Case | None, decision: Decision) -> dict | None:
    """The old and new contact e-mail when this decision changes it, else None."""
    if CONTACT_CHANGED_FLAG not in decision.flags:
        return None
    new = decision.fields.get("email")
    if decision.changes.get("email"):
        old = decision.changes["email"].get("was")
    else:
        old = _contact_email(case) if case is not None else None
    if not new or not new.value:
        return None
    source = fieldcodec.source_label(new)
    if new.source is not None and new.source.message_id:
        source = f"{source} of {new.source.message_id}"
    return {"old": old, "new": new.value, "source": source}


def diff_flags(decision: Decision) -> list[str]:
    """Per changed field of an update, what the register had (the full diff is in the audit)."""
    return [f"was:{key}={change.get('was') or ''}" for key, change in decision.changes.items()]


def record_history(session: Session, case_id: int, inbound_id: int, decision: Decision) -> None:
    """One row per changed field, in one executemany INSERT (not an ORM object each: sqlmodel's
    constructor was most of the cost of recording a registration)."""
    now, rows = utcnow(), []
    for key in decision.changed:
        result = decision.fields[key]
        source = fieldcodec.source_label(result)
        if result.source is not None and result.source.message_id:
            source = f"{source} of {result.source.message_id}"[:500]
        rows.append(dict(case_id=case_id, key=key, value=result.value, state=result.state, reason=result.reason,
                         source=source, inbound_id=inbound_id, actor="mdreg", recorded_at=now))
    if rows:
        session.connection().execute(_FIELD_HISTORY, rows)  # executemany; no autoflush
