"""plan(understanding, context, policy) -> Outcome: what becomes of a message, decided without the
store. The target state, the flags and the reply plan: which template to which address, or why none."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from intake.mime.identity import identity_of, reply_route
from intake.model import Envelope
from intake.plan.outcome import Outcome, PlanContext, Policy, plan
from intake.states import CaseState, OutboxKind, ReplyAllowance, ReplyTemplate
from intake.understand import understand
from tests.support import registration_mail

MAILBOX = "medisinsk.utstyr@localhost"
POLICY = Policy(mailbox=MAILBOX, max_requests=3)
CONVERSATION = Path(__file__).parent.parent / "fixtures" / "conversation"


def _planned(raw: bytes, **context) -> Outcome:
    understanding = understand(raw, envelope=Envelope(sender="x@example.no", mailbox=MAILBOX))
    message = understanding.message
    base = PlanContext(writer=identity_of(message), route=reply_route(message, mailbox=MAILBOX))
    return plan(understanding, dataclasses.replace(base, **context), POLICY)


def test_an_incomplete_registration_waits_for_the_applicant_with_a_request():
    outcome = _planned(registration_mail(1))
    assert outcome.target == CaseState.AWAITING_APPLICANT
    assert outcome.reply.template == ReplyTemplate.REQUEST_MISSING
    assert outcome.reply.to == "ola.nordmann@medtek00001.example.no"
    assert outcome.reply.counts_as_request and outcome.reply.kind == OutboxKind.REPLY


def test_an_address_known_to_bounce_gets_no_reply_and_the_case_says_so():
    outcome = _planned(registration_mail(1), undeliverable=True)
    assert outcome.reply.template is None and "known to bounce" in outcome.reply.why_not
    assert "reply_withheld:address_undeliverable" in outcome.flags


def test_the_first_reply_over_the_daily_cap_is_one_notice():
    outcome = _planned(registration_mail(1), allowance=ReplyAllowance.NOTICE)
    assert outcome.reply.template == ReplyTemplate.RATE_LIMITED
    assert outcome.reply.kind == OutboxKind.RATE_NOTICE and not outcome.reply.counts_as_request
    assert "reply_withheld:rate_limited" in outcome.flags


def test_after_the_notice_nothing_more_goes_that_day():
    outcome = _planned(registration_mail(1), allowance=ReplyAllowance.SILENT)
    assert outcome.reply.template is None and "for today" in outcome.reply.why_not


def test_machine_mail_is_never_answered():
    outcome = _planned((CONVERSATION / "vacation_autosvar_nb.eml").read_bytes())
    assert outcome.machine
    assert outcome.reply.template is None and outcome.reply.why_not.startswith("machine mail")
    assert outcome.target == CaseState.CLOSED


def test_a_reply_with_nowhere_to_go_is_flagged():
    raw = registration_mail(2).replace(b"From: ", b"Reply-To: noreply@example.no\r\nX-Was-From: ", 1)
    outcome = _planned(raw)
    assert outcome.reply.template is None
    assert "reply_withheld:no_reply_address" in outcome.flags


@pytest.mark.parametrize("allowance", list(ReplyAllowance))
def test_planning_is_pure_the_same_input_gives_the_same_outcome(allowance):
    raw = registration_mail(3)
    assert _planned(raw, allowance=allowance) == _planned(raw, allowance=allowance)
