"""record_outcome: apply what plan() decided about one message, inside the worker's transaction.

The case is created or updated, its status moved through the state machine (store/transitions.py
`transition`, which also writes the one `message_received` audit event and queues the reply in
the outbox), then the bounce, the writer's authentication and reachability are recorded and the
inbound message is marked done, all in the caller's transaction: a worker killed at any point
leaves the message to be claimed again, never half done.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, insert, inspect, select, update
from sqlmodel import Session

from intake.errors import UnsafeAddress
from intake.plan.outcome import Outcome
from intake.replies.compose import Composed, compose_reply
from intake.replies.render import render
from intake.states import CaseKind, MACHINE_KINDS, ReplyTemplate
from store import bounces, cases, fieldcodec, inbox, operators
from store.audit import record_event
from store.inbox import Claimed
from store.models import Case, utcnow
from store.recorded_case import RecordedCase, recorded_case
from store.transitions import transition

ACTOR = "mdreg"


@dataclass(frozen=True)
class Recorded:
    """The case a message was recorded on, and what became of its reply (for the log line)."""

    case_id: int
    reference: str
    language: str
    status: str
    reply_note: str
    checked: RecordedCase | None = None  # what the register checks read, for a person's readable message


def record_outcome(*, session: Session, claimed: Claimed, outcome: Outcome) -> Recorded:
    """Apply `outcome` to its case (created when the message starts one) in `session`."""
    case, created = _case_for(session=session, outcome=outcome)
    _apply_decision(session=session, case=case, inbound_id=claimed.inbound_id, outcome=outcome)
    composed, note = _composed_reply(case=case, outcome=outcome)
    decision = outcome.decision
    transition(case, outcome.target, actor=ACTOR, why=decision.why_no_reply or "message received",
               event="message_received", message=composed, message_kind=outcome.reply.kind,
               inbound_id=claimed.inbound_id, created=created, session=session,
               detail={"inbound_id": claimed.inbound_id, "status": outcome.target, "changed": list(decision.changed),
                       "kind": decision.kind, "no_reply": decision.why_no_reply})
    if composed is not None and outcome.reply.counts_as_request:
        case.requests_sent += 1
    _record_writer(session=session, case=case, outcome=outcome)
    inbox.mark_done(session=session, inbound_id=claimed.inbound_id, case_id=case.id)
    understanding = outcome.understanding
    person = understanding.noise is None and not understanding.unreadable  # the register checks' mail
    checked = recorded_case(session=session, case=case) if person else None
    _write_case(session=session, case=case)
    return Recorded(case_id=case.id, reference=case.reference, language=case.language, status=case.status,
                    reply_note=note, checked=checked)


_NEW_CASE = insert(Case.__table__).returning(Case.__table__.c.id)  # built once
_CASE = select(Case).where(Case.id == bindparam("case_id"))


# The model's defaults, read once: its plain values (immutable: a mutable default is a factory),
# and its factories, called for each new case. Asking pydantic field by field for every new case
# cost 0.2 ms of it.
_DEFAULTS = {name: field.get_default() for name, field in Case.model_fields.items()
             if name != "id" and field.default_factory is None}
_DEFAULT_FACTORIES = {name: field.default_factory for name, field in Case.model_fields.items()
                      if name != "id" and field.default_factory is not None}


def _new_case_row(**given) -> dict:
    """A new case's column values: the model's defaults (status is set for real by transition()),
    then `given`; derived from the model, so a column added there is not forgotten here."""
    return _DEFAULTS | {name: factory() for name, factory in _DEFAULT_FACTORIES.items()} | given


def _case_for(*, session: Session, outcome: Outcome) -> tuple[Case, bool]:
    """The (locked) case the message joins, or a new one, inserted to learn its reference."""
    if outcome.context.case_id is not None:
        return session.get(Case, outcome.context.case_id), False
    decision, message = outcome.decision, outcome.understanding.message
    now = utcnow()
    # A core INSERT, then the row read back as the session's object: sqlmodel's constructor and
    # the ORM's INSERT flush cost twice as much.
    case_id = session.connection().execute(_NEW_CASE, _new_case_row(
        kind=decision.kind, sender=outcome.context.writer, subject=message.subject[:500],
        language=decision.language or outcome.understanding.language, received_at=now,
    )).scalar_one()
    case = session.execute(_CASE, {"case_id": case_id}).scalar_one()  # session.get costs twice this
    case.reference = cases.reference_for(case.id, now.year)
    return case, True


_UPDATE_CASE = update(Case.__table__).where(Case.__table__.c.id == bindparam("case_row_id"))


def _write_case(*, session: Session, case: Case) -> None:
    """Write the columns of `case` changed since it was read, in one core UPDATE, and let the
    session forget it: the ORM's flush of this one object cost 0.5 ms of every message. What
    the flush would have written, and nothing else: the attributes assigned a different value.
    A later message of the same transaction that joins this case reads it back from the row."""
    before = inspect(case).committed_state  # each assigned attribute's value as read
    changed = {key: value for key, value in ((key, getattr(case, key)) for key in before) if value != before[key]}
    if changed:
        session.connection().execute(_UPDATE_CASE, {**changed, "case_row_id": case.id})
    session.expunge(case)


def _apply_decision(*, session: Session, case: Case, inbound_id: int, outcome: Outcome) -> None:
    """Kind, language, flags, fields and their history: everything but the status."""
    decision, understanding = outcome.decision, outcome.understanding
    if case.kind in (CaseKind.REGISTRATION, CaseKind.UNREADABLE) and decision.kind not in MACHINE_KINDS:
        case.kind = decision.kind
    if decision.language:
        case.language = decision.language
    message_flags = () if decision.machine else understanding.flags
    change = cases.contact_change(case, decision)
    was = [f"was:email={change['old'] or ''}"] if change and not decision.changes.get("email") else []
    case.flags = [f[:300] for f in dict.fromkeys([*case.flags, *message_flags, *decision.flags,
                                                  *cases.diff_flags(decision), *was])]
    if not (decision.machine and not decision.fields):
        case.fields = fieldcodec.encode(decision.fields)
    cases.record_history(session, case.id, inbound_id, decision)
    session.add(case)
    if change:
        record_event(session=session, case_id=case.id, actor=ACTOR, action="contact_email_changed",
                     detail={"inbound_id": inbound_id, "from": outcome.context.writer, **change})
    if decision.changes:
        record_event(session=session, case_id=case.id, actor=ACTOR, action="update_diff",
                     detail={"inbound_id": inbound_id, "changes": decision.changes})


def _composed_reply(*, case: Case, outcome: Outcome) -> tuple[Composed | None, str]:
    """The reply the plan names, rendered in the case's language and composed; or why none."""
    plan = outcome.reply
    if plan.template is None:
        return None, plan.why_not or "no reply"
    decision, message = outcome.decision, outcome.understanding.message
    if plan.template == ReplyTemplate.RATE_LIMITED:
        body = render(plan.template, language=case.language, reference=case.reference, fields={})
    else:
        answer = None
        if decision.answer:
            from intake.plan.questions import article

            answer = article(decision.answer).answer(case.language)
        body = render(plan.template, language=case.language, reference=case.reference, fields=decision.fields,
                      answer=answer, changes=decision.changes)
    try:
        composed = compose_reply(mailbox=outcome.policy.mailbox, to_addr=plan.to, subject=message.subject,
                                 reference=case.reference, body=body, in_reply_to=message.message_id,
                                 references=message.references)
    except UnsafeAddress as exc:
        return None, f"not sent: {exc}"
    return composed, f"{plan.template} to {composed.to_addr}"


def _record_writer(*, session: Session, case: Case, outcome: Outcome) -> None:
    """A bounce marks the address that failed; a person's message records its authentication
    and shows its writer reachable again."""
    bounce, writer = outcome.bounce, outcome.context.writer
    if bounce is not None:
        bounces.record_bounce(session=session, case_id=case.id if outcome.context.case_id is not None else None,
                              address=outcome.context.bounced_address, diagnostic=bounce.diagnostic)
    if outcome.machine:
        return
    operators.record_sender_authentication(  # DMARC / aligned DKIM per our mail server
        session=session, case_id=case.id, message=outcome.understanding.message,
        auth_serv_id=outcome.policy.auth_serv_id)
    if writer:
        bounces.clear_bounce_mark(session=session, address=writer)  # it writes: it is reachable
