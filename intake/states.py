"""The one place for the words the message path is made of: case states and kinds, the statuses
of inbound and outbox rows, outbox kinds and reply templates, each a StrEnum.

A StrEnum member is its string, so rows, JSON and templates keep plain text. What a person reads
for a state, a kind or an outbox status or kind lives in intake/data/states.toml (nb, nn, en);
`label()` reads it.
"""

from __future__ import annotations

import tomllib
from enum import StrEnum
from functools import cache
from importlib import resources


class CaseState(StrEnum):
    """Where a case stands. It waits for the applicant or for staff, or it is finished."""

    AWAITING_APPLICANT = "awaiting_applicant"
    UNDER_REVIEW = "under_review"
    NEEDS_STAFF = "needs_staff"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    CLOSED = "closed"


FINISHED = frozenset({CaseState.ACCEPTED, CaseState.REJECTED, CaseState.CLOSED})
OPEN = frozenset(CaseState) - FINISHED


class CaseKind(StrEnum):
    """What a case is about; machine mail (bounce, auto_reply) and unreadable mail are kinds too."""

    REGISTRATION = "registration"
    UPDATE = "update"
    QUESTION = "question"
    BOUNCE = "bounce"
    AUTO_REPLY = "auto_reply"
    UNREADABLE = "unreadable"
    # What intake recognises from a mail's words (intake/mail_kind.py), each with its own outcome.
    DEREGISTRATION = "deregistration"
    INCIDENT = "incident"
    NOISE = "noise"


MACHINE_KINDS = frozenset({CaseKind.BOUNCE, CaseKind.AUTO_REPLY})


class MailKind(StrEnum):
    """What a mail says it is, read from its words (intake/mail_kind.py); plan() maps each to a case."""

    REGISTRATION = "registration"
    UPDATE = "update"
    QUESTION = "question"
    INCIDENT = "incident"
    DEREGISTRATION = "deregistration"
    NOISE = "noise"
    SEVERAL_COMPANIES = "several_companies"
    PORTAL_RELAY = "portal_relay"


class InboundStatus(StrEnum):
    """An inbound row: stored by an edge, claimed (leased) by a worker, done."""

    STORED = "stored"
    CLAIMED = "claimed"
    DONE = "done"


class OutboxStatus(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class OutboxKind(StrEnum):
    """What an outgoing message is; the sender treats `credentials` specially."""

    REPLY = "reply"
    RATE_NOTICE = "rate_notice"
    STAFF_REQUEST = "staff_request"
    STAFF_REJECTION = "staff_rejection"
    STAFF_REPLY = "staff_reply"
    CREDENTIALS = "credentials"


class ReplyTemplate(StrEnum):
    """The bot's replies, by their name in intake/templates/<language>.toml."""

    REQUEST_MISSING = "request_missing"
    UNDER_REVIEW = "under_review"
    QUESTION_ANSWER = "question_answer"
    QUESTION_TO_STAFF = "question_to_staff"
    UPDATE_RECEIVED = "update_received"
    DEREGISTRATION_RECEIVED = "deregistration_received"
    INCIDENT_RECEIVED = "incident_received"
    RATE_LIMITED = "rate_limited"


@cache
def _labels() -> dict:
    return tomllib.loads(resources.files("intake").joinpath("data/states.toml").read_text("utf-8"))


def label(value: CaseState | CaseKind | OutboxStatus | OutboxKind | str, language: str = "nb", *,
          short: bool = False, section: str | None = None) -> str:
    """What a person reads for a state, a kind or an outbox status or kind, in `language` (bokmål
    when unknown); `short`, a state's name where a column is narrow; `section` (state, kind,
    outbox_status, outbox_kind) when the value alone is ambiguous. A value no version knows reads
    as itself."""
    table = _labels()
    for name in (section,) if section else SECTIONS:
        entry = table.get(name, {}).get(str(value))
        if entry is not None:
            entry = entry.get("short", entry) if short else entry
            return entry.get(language) or entry["nb"]
    return str(value)


SECTIONS = ("state", "kind", "outbox_status", "outbox_kind")


class ReplyAllowance(StrEnum):
    """How many automatic replies an address may still get today (store/quota.py counts)."""

    SEND = "send"
    NOTICE = "notice"  # the cap is reached: one notice saying so
    SILENT = "silent"  # the notice went out: nothing more today
