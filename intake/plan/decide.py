"""The decision: merge a message into its case, set the case's kind and state, choose the reply.

Pure. In order:
1. machine mail (intake/machine_mail/noise.py: bounces, auto-replies, list copies, loops) is never answered:
   it joins the case it answers with the case's state unchanged (a bounce puts the case before
   staff: the applicant cannot be reached), or becomes a case of kind `bounce` / `auto_reply`;
2. an unreadable message goes to staff;
3. a follow-up to a finished case goes to staff;
4. a message that refers to a case (thread, token, reply address, org number) from a writer who
   is not the case's applicant or a known contact is a stranger's: attached for staff, flagged
   `stranger_joined_by_<how>`, merging nothing and answered with nothing (anyone can quote a
   Message-ID, type a token or set Reply-To);
5. a new message from an operator already in the register is an `update`: the changes against
   the registered record are shown and go to review;
6. a new message with a question and no registration data is a `question`: answered from the
   knowledge base when one article clearly fits, else it goes to staff;
7. a registration: fields merged (newer values win; a contact e-mail that differs from the
   case's earlier one or the register's is flagged `contact_email_changed`), the DoC made invalid when it contradicts
   the e-mail (doc_mismatch:…), then a request for what is missing or invalid, or, once nothing
   is, review; after `max_requests` requests the case goes to staff instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from intake.fields.catalogue import DOC, OPTIONAL, catalogue
from intake.model import INVALID, MISSING, OK, FieldResult, Understanding
from intake.states import FINISHED, CaseKind, CaseState, MailKind, ReplyTemplate

if TYPE_CHECKING:
    from intake.machine_mail.noise import Noise

S, K, T = CaseState, CaseKind, ReplyTemplate

CONTACT_CHANGED_FLAG = "contact_email_changed"
EMAIL = "email"


def stranger_flag(joined_by: str | None) -> str:
    """`stranger_joined_by_thread`, `…_token`, `…_reply_address`, `…_org_number`."""
    return f"stranger_joined_by_{joined_by or 'token'}"


@dataclass(frozen=True)
class CaseContext:
    """What the store knows of the case a follow-up joins."""

    reference: str
    kind: CaseKind
    status: CaseState
    fields: dict[str, FieldResult]
    requests_sent: int = 0
    sender: str | None = None
    flags: tuple[str, ...] = ()
    language: str = "nb"


@dataclass(frozen=True)
class Decision:
    """What becomes of the case, and which reply (if any) goes out."""

    kind: CaseKind
    status: CaseState
    fields: dict[str, FieldResult]
    reply: ReplyTemplate | None = None
    flags: tuple[str, ...] = ()
    why_no_reply: str | None = None
    changed: tuple[str, ...] = field(default=())
    # The language replies go out in (None: the case's own).
    language: str | None = None
    # Machine mail: no fields taken from it, nothing answered.
    machine: bool = False
    # A knowledge-base article answering a question.
    answer: str | None = None
    # An update: per field, what the register has and what the message says.
    changes: dict[str, dict[str, Any]] = field(default_factory=dict)


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
    understanding: Understanding, *, context: CaseContext | None, max_requests: int = 3,
    noise: Noise | None = None, stranger: bool = False,
    registered: dict[str, str] | None = None, joined_by: str | None = None,
) -> Decision:
    """The case's new kind, state and fields, and the reply to send (None: no reply).

    `noise`: the message is machine mail; `stranger`: it refers to `context` (found as
    `joined_by`: thread, token, reply_address, org_number) but its writer is not the case's
    applicant or a known contact; `registered`: the register's record (field key -> value) of
    the operator with the message's org number, when there is one."""
    if noise is not None:
        return _machine(noise, context)
    if understanding.unreadable:
        fields = context.fields if context else understanding.fields
        return Decision(kind=context.kind if context else K.UNREADABLE, status=S.NEEDS_STAFF, fields=fields,
                        flags=(f"unreadable: {understanding.unreadable}", *_envelope_flags(understanding)),
                        why_no_reply="unreadable")
    language = choose_language(understanding, context)
    if context and stranger:
        return Decision(kind=context.kind, status=S.NEEDS_STAFF, fields=context.fields,
                        flags=(stranger_flag(joined_by),),
                        why_no_reply=f"refers to the case by {joined_by or 'token'}, but its writer is not "
                                     "the case's applicant or a known contact",
                        language=context.language)
    if context is None and understanding.kind in _BY_KIND:
        return _BY_KIND[understanding.kind](understanding, language)
    new_fields = with_declaration_check(understanding.fields, understanding.flags)
    fields, changed = merge_fields(context.fields if context else {}, new_fields)
    decision = _decide_merged(understanding, context=context, fields=fields, changed=changed, language=language,
                              max_requests=max_requests, registered=registered)
    if context and contact_changed(context.fields, fields):
        decision = replace(decision, flags=(*decision.flags, CONTACT_CHANGED_FLAG))
    elif decision.changes.get(EMAIL, {}).get("was"):
        decision = replace(decision, flags=(*decision.flags, CONTACT_CHANGED_FLAG))
    return decision


def envelope_sender(understanding: Understanding) -> str | None:
    """The SMTP envelope sender as an address (None for the null sender `<>` or none known)."""
    sender = (understanding.envelope.sender or "").strip().strip("<>").strip()
    return sender or None


def _envelope_flags(understanding: Understanding) -> tuple[str, ...]:
    """An unreadable message still says who sent it: the envelope sender, for staff to answer."""
    sender = envelope_sender(understanding)
    return (f"envelope_sender:{sender}",) if sender else ()


def contact_changed(old: dict[str, FieldResult], new: dict[str, FieldResult]) -> bool:
    """The contact e-mail had a value and now has another (compared without case)."""
    was, now = old.get(EMAIL), new.get(EMAIL)
    if was is None or now is None or not was.value or not now.value:
        return False
    return was.value.strip().casefold() != now.value.strip().casefold()


def _decide_merged(understanding: Understanding, *, context: CaseContext | None, fields: dict[str, FieldResult],
                   changed: tuple[str, ...], language: str, max_requests: int,
                   registered: dict[str, str] | None) -> Decision:
    kind = context.kind if context else K.REGISTRATION
    if context and context.status in FINISHED:
        return Decision(kind=kind, status=S.NEEDS_STAFF, fields=fields, changed=changed, language=language,
                        flags=("follow_up_to_finished_case",), why_no_reply="case is finished")
    if registered is not None and (context is None or context.kind == K.UPDATE):
        return _update(fields, changed, registered, language)
    if context is None:
        asked = _question(understanding, language)
        if asked is not None:
            return asked
    problems = missing_or_invalid(fields)
    if not problems:
        return Decision(kind=kind, status=S.UNDER_REVIEW, fields=fields, reply=T.UNDER_REVIEW, changed=changed,
                        language=language)
    if context and context.requests_sent >= max_requests:
        return Decision(kind=kind, status=S.NEEDS_STAFF, fields=fields, changed=changed, language=language,
                        flags=("request_limit_reached",), why_no_reply="request limit reached")
    return Decision(kind=kind, status=S.AWAITING_APPLICANT, fields=fields, reply=T.REQUEST_MISSING, changed=changed,
                    language=language)


def _deregistration(understanding: Understanding, language: str) -> Decision:
    """Acknowledged and sent to staff; nothing is asked for: the applicant is leaving."""
    return Decision(kind=K.DEREGISTRATION, status=S.NEEDS_STAFF, fields=understanding.fields,
                    reply=T.DEREGISTRATION_RECEIVED, flags=("deregistration_requested",), language=language)


def _incident(understanding: Understanding, language: str) -> Decision:
    """An incident report is not a registration: the sender is told where incidents are reported."""
    return Decision(kind=K.INCIDENT, status=S.NEEDS_STAFF, fields={}, reply=T.INCIDENT_RECEIVED,
                    flags=("incident_report",), language=language)


def _noise(understanding: Understanding, language: str) -> Decision:
    """An invoice, newsletter or phishing mail: no reply, but visible to staff."""
    return Decision(kind=K.NOISE, status=S.NEEDS_STAFF, fields={}, flags=("not_a_registration",),
                    why_no_reply="invoice, marketing or phishing", language=language)


def _several(understanding: Understanding, language: str) -> Decision:
    """One case, holding the first company only, for staff to split; nothing is asked back yet."""
    return Decision(kind=K.REGISTRATION, status=S.NEEDS_STAFF, fields=understanding.fields,
                    flags=("several_companies",), why_no_reply="several companies in one mail",
                    language=language)


def _relayed(understanding: Understanding, language: str) -> Decision:
    """A form relayed by a no-reply portal: read fully, but an answer to the portal reaches nobody."""
    return Decision(kind=K.REGISTRATION, status=S.NEEDS_STAFF, fields=understanding.fields,
                    flags=("relayed_by_portal",), why_no_reply="relayed by a no-reply portal", language=language)


# Mail kinds (intake/mail_kind.py) that make a case of their own, whatever fields they state.
_BY_KIND = {MailKind.DEREGISTRATION: _deregistration, MailKind.INCIDENT: _incident, MailKind.NOISE: _noise,
            MailKind.SEVERAL_COMPANIES: _several, MailKind.PORTAL_RELAY: _relayed}


def _machine(noise: Noise, context: CaseContext | None) -> Decision:
    flags = [noise.flag]
    if noise.bounce is not None:
        flags.append("bounced")
    why = f"machine mail ({', '.join(noise.reasons)})"
    if context is None:
        return Decision(kind=noise.kind, status=S.CLOSED, fields={}, flags=tuple(flags), why_no_reply=why,
                        machine=True)
    status = context.status
    if noise.bounce is not None and status not in FINISHED:
        status = S.NEEDS_STAFF  # our reply did not reach the applicant: a person must
    else:
        flags.append(f"{noise.kind}_received")
    return Decision(kind=context.kind, status=status, fields=context.fields, flags=tuple(flags),
                    why_no_reply=why, machine=True, language=context.language)


def with_declaration_check(fields: dict[str, FieldResult], flags: tuple[str, ...]) -> dict[str, FieldResult]:
    """A DoC that contradicts the e-mail (intake/doc/check.py `doc_mismatch:…`) is not ok: it is
    invalid, with the mismatch as the reason, so the applicant is told what to fix."""
    mismatches = [f for f in flags if f.startswith("doc_mismatch:")]
    doc = fields.get(DOC)
    if not mismatches or doc is None or doc.state != OK:
        return fields
    return {**fields, DOC: replace(doc, state=INVALID, reason=mismatches[0])}


def choose_language(understanding: Understanding, context: CaseContext | None) -> str:
    """The case keeps the language of its first message unless a later one is clearly another.

    Bokmål is what detection says when unsure; nynorsk and English need evidence. So a change to
    nynorsk or English is taken, a change back to bokmål only from a message of some length."""
    detected = understanding.language or "nb"
    if context is None:
        return detected
    if detected == context.language:
        return context.language
    if detected in ("nn", "en"):
        return detected
    from intake.understand import own_text

    words = own_text(understanding.message.body_text).split()
    return detected if len(words) >= 25 else context.language


def _question(understanding: Understanding, language: str) -> Decision | None:
    from intake.plan.questions import best_answer, is_question
    from intake.understand import own_text

    text = f"{understanding.message.subject}\n{own_text(understanding.message.body_text)}"
    if not is_question(understanding, text):
        return None
    match = best_answer(text)
    if match is None:
        return Decision(kind=K.QUESTION, status=S.NEEDS_STAFF, fields={}, reply=T.QUESTION_TO_STAFF,
                        flags=("question_unanswered",), language=language)
    return Decision(kind=K.QUESTION, status=S.CLOSED, fields={}, reply=T.QUESTION_ANSWER, language=language,
                    flags=(f"answered_from_kb:{match.article.id}",), answer=match.article.id)


def _update(fields: dict[str, FieldResult], changed: tuple[str, ...], registered: dict[str, str],
            language: str) -> Decision:
    changes: dict[str, dict[str, Any]] = {}
    for key, result in fields.items():
        if result.state != OK or not result.value or key == DOC:
            continue
        was = registered.get(key)
        if was is None or _norm(was) != _norm(result.value):
            changes[key] = {"was": was, "now": result.value}
    flags = ["update_of_registered_operator"]
    flags += [f"changed_from_register:{key}" for key in changes]
    if not changes:
        flags.append("update_without_changes")
    return Decision(kind=K.UPDATE, status=S.UNDER_REVIEW, fields=fields, reply=T.UPDATE_RECEIVED, changed=changed,
                    flags=tuple(flags), language=language, changes=changes)


def _norm(value: str) -> str:
    return " ".join(str(value).casefold().split())
