"""plan(understanding, context, policy) -> Outcome: everything that becomes of one message, decided
without touching the store.

The store gathers the context first (the case the message joins, whether its writer is a
stranger to it, the register's record, whether the reply address bounces and how many replies
it has had today); plan() then says which state the case goes to, which flags it gets, and the
reply plan: which template goes to which address, or why no reply goes. store/record.py applies
the Outcome through the case state machine. Pure: no SQL, no clock, no sockets.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from intake.mime.identity import ReplyRoute, same_address
from intake.model import Understanding
from intake.plan.decide import CaseContext, Decision, decide
from intake.states import CaseKind, CaseState, OutboxKind, ReplyAllowance, ReplyTemplate

WRITER_NOT_CONTACT_FLAG = "writer_not_registered_contact"


@dataclass(frozen=True)
class Policy:
    """The operator's settings that decide an outcome."""

    mailbox: str = ""
    max_requests: int = 3
    auth_serv_id: str | None = None


@dataclass(frozen=True)
class PlanContext:
    """What the store knows around one message, read before planning."""

    writer: str | None  # From (never Reply-To); for an unreadable message, else the envelope sender
    route: ReplyRoute  # where a reply may go
    case: CaseContext | None = None  # the case the message joins (None: a new case)
    case_id: int | None = None
    joined_by: str | None = None  # thread, token, reply_address, org_number …
    stranger: bool = False  # it refers to the case, but its writer may not change it
    trusted: bool = True  # sender authentication did not fail
    registered: dict[str, str] | None = None  # the register's record for its org number
    bounced_address: str | None = None  # a bounce: the address of ours that failed
    undeliverable: bool = False  # the reply address is known to bounce
    allowance: ReplyAllowance = ReplyAllowance.SEND  # the reply address's daily cap


@dataclass(frozen=True)
class ReplyPlan:
    """The reply to queue (a template to `to`, as `kind`), or why none goes (`why_not`)."""

    template: ReplyTemplate | None = None
    to: str | None = None
    kind: OutboxKind = OutboxKind.REPLY
    why_not: str | None = None
    counts_as_request: bool = False  # a request for missing information: counted on the case


@dataclass(frozen=True)
class Outcome:
    """What becomes of one message: the decision, the state the case goes to, the flags it gets,
    the reply plan, and what else the store records (a bounce, the writer being reachable)."""

    understanding: Understanding
    context: PlanContext
    policy: Policy
    decision: Decision
    target: CaseState
    flags: tuple[str, ...]
    reply: ReplyPlan

    @property
    def machine(self) -> bool:
        return self.understanding.noise is not None

    @property
    def bounce(self):
        noise = self.understanding.noise
        return noise.bounce if noise is not None else None


def plan(understanding: Understanding, context: PlanContext, policy: Policy) -> Outcome:
    """The Outcome of one message in its context, under the operator's policy."""
    decision = decide(understanding, context=context.case, max_requests=policy.max_requests,
                      noise=understanding.noise, stranger=context.stranger, registered=context.registered,
                      joined_by=context.joined_by)
    decision = replace(decision, flags=(*decision.flags, *writer_flags(decision, context)))
    reply, withheld = reply_plan(decision, context)
    decision = replace(decision, flags=(*decision.flags, *withheld))
    return Outcome(understanding=understanding, context=context, policy=policy, decision=decision,
                   target=CaseState(decision.status), flags=decision.flags, reply=reply)


def writer_flags(decision: Decision, context: PlanContext) -> tuple[str, ...]:
    """What staff must see about the writer: an update of a registered operator from an address
    that is not its registered contact (or not authenticated), and a reply with nowhere to go."""
    flags = []
    if decision.kind == CaseKind.UPDATE and context.registered is not None and not decision.machine:
        if not context.trusted or not same_address(context.writer, context.registered.get("email")):
            flags.append(WRITER_NOT_CONTACT_FLAG)
    if decision.reply and context.route.address is None:
        flags.append("reply_withheld:no_reply_address")
    return tuple(flags)


def reply_plan(decision: Decision, context: PlanContext) -> tuple[ReplyPlan, tuple[str, ...]]:
    """The reply and the flags that say why one was withheld: an address known to bounce gets
    nothing; one over its daily cap gets one notice, then nothing more that day."""
    route = context.route
    if not decision.reply or not route.address:
        why = decision.why_no_reply or ("no address a reply may go to: " + ", ".join(route.refused)
                                        if route.refused else "no sender")
        return ReplyPlan(why_not=why), ()
    if context.undeliverable:
        return ReplyPlan(why_not=f"not sent: {route.address} is known to bounce"), (
            "reply_withheld:address_undeliverable",)
    if context.allowance == ReplyAllowance.SILENT:
        return ReplyPlan(why_not=f"not sent: {route.address} has had its automatic replies for today"), (
            "reply_withheld:rate_limited",)
    if context.allowance == ReplyAllowance.NOTICE:
        return ReplyPlan(template=ReplyTemplate.RATE_LIMITED, to=route.address, kind=OutboxKind.RATE_NOTICE), (
            "reply_withheld:rate_limited",)
    template = ReplyTemplate(decision.reply)
    return ReplyPlan(template=template, to=route.address,
                     counts_as_request=template == ReplyTemplate.REQUEST_MISSING), ()
