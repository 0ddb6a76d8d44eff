"""Attacks on who is writing: a stranger who knows the victim's address and org number (or the
thread, or the case token) must not change the victim's case, and credentials go to the
victim's contact only."""

from __future__ import annotations

from sqlmodel import Session, select

from store.models import AuditEvent
from store.operators import accept_case
from tests.security.mail import (ATTACKER, ATTACKER_CONTACT, VICTIM, VICTIM_CONTACT, VICTIM_MSGID, follow_up,
                                 registration)


def credentials_went_to(relay) -> list[str]:
    """The recipients of every credential e-mail (the one with a password line) the relay got."""
    return [rcpt for _, rcpts, raw in relay.envelopes for rcpt in rcpts
            if b"Brukernavn og passord til Register" in raw]


def test_reply_to_hijack_does_not_change_the_victims_case(run_mail, case_of):
    ref = run_mail(registration())
    joined = run_mail(follow_up(from_addr=ATTACKER, headers={"Reply-To": VICTIM}), envelope_from=ATTACKER)
    case = case_of(ref)
    assert case.fields["email"]["value"] == VICTIM_CONTACT
    assert case.sender == VICTIM
    if joined == ref:  # attached for staff: flagged, nothing merged
        assert any(f.startswith("stranger_joined_by_") for f in case.flags)
    else:
        assert case_of(joined).sender == ATTACKER


def test_reply_to_hijack_sends_the_credentials_to_the_victims_contact(run_mail, case_of, engine, deliver_all,
                                                                     relay):
    ref = run_mail(registration())
    run_mail(follow_up(from_addr=ATTACKER, headers={"Reply-To": VICTIM}), envelope_from=ATTACKER)
    accept_case(engine=engine, reference=ref, actor="saksbehandler")
    deliver_all()
    assert credentials_went_to(relay) == [VICTIM_CONTACT]


def test_reply_to_hijack_is_flagged_for_staff_on_the_victims_case(run_mail, case_of):
    ref = run_mail(registration())
    joined = run_mail(follow_up(from_addr=ATTACKER, headers={"Reply-To": VICTIM}), envelope_from=ATTACKER)
    assert joined == ref
    assert "stranger_joined_by_reply_address" in case_of(ref).flags or \
        "stranger_joined_by_org_number" in case_of(ref).flags


def test_token_plus_reply_to_does_not_change_the_case(run_mail, case_of, engine, deliver_all, relay):
    ref = run_mail(registration())
    attack = follow_up(from_addr=ATTACKER, subject=f"Re: Registrering [{ref}]", headers={"Reply-To": VICTIM})
    assert run_mail(attack, envelope_from=ATTACKER) == ref
    case = case_of(ref)
    assert case.fields["email"]["value"] == VICTIM_CONTACT and "stranger_joined_by_token" in case.flags
    accept_case(engine=engine, reference=ref, actor="saksbehandler")
    deliver_all()
    assert ATTACKER_CONTACT not in credentials_went_to(relay)


def test_in_reply_to_hijack_does_not_change_the_case(run_mail, case_of, engine, deliver_all, relay):
    ref = run_mail(registration())
    attack = follow_up(from_addr=ATTACKER, headers={"In-Reply-To": VICTIM_MSGID, "References": VICTIM_MSGID})
    assert run_mail(attack, envelope_from=ATTACKER) == ref
    case = case_of(ref)
    assert case.fields["email"]["value"] == VICTIM_CONTACT
    assert "stranger_joined_by_thread" in case.flags and case.status == "needs_staff"
    accept_case(engine=engine, reference=ref, actor="saksbehandler")
    deliver_all()
    assert credentials_went_to(relay) == [VICTIM_CONTACT]


def test_a_stranger_gets_no_reply_and_the_victim_none_about_the_stranger(run_mail, engine, deliver_all, relay):
    run_mail(registration())
    deliver_all()
    before = len(relay.envelopes)
    run_mail(follow_up(from_addr=ATTACKER, headers={"In-Reply-To": VICTIM_MSGID}), envelope_from=ATTACKER)
    deliver_all()
    assert len(relay.envelopes) == before


def test_an_e_mail_changed_in_a_follow_up_is_flagged_with_old_and_new(run_mail, case_of, engine):
    ref = run_mail(registration())
    changed = follow_up(from_addr=VICTIM, contact="kari@fjordmed.example", headers={"In-Reply-To": VICTIM_MSGID},
                        message_id="<f.2@fjordmed.example>")
    assert run_mail(changed, envelope_from=VICTIM) == ref
    case = case_of(ref)
    assert case.fields["email"]["value"] == "kari@fjordmed.example"
    assert "contact_email_changed" in case.flags and f"was:email={VICTIM_CONTACT}" in case.flags
    with Session(engine) as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "contact_email_changed")).all()
    assert len(events) == 1
    detail = events[0].detail
    assert (detail["old"], detail["new"], detail["from"]) == (VICTIM_CONTACT, "kari@fjordmed.example", VICTIM)
    assert "f.2@fjordmed.example" in detail["source"]
