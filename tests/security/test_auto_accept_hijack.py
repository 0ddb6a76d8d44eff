"""Attack: with `auth_serv_id` and `auto_accept` on, the attacker's own domain passes DMARC; a
follow-up from it that refers to the victim's pending case must not complete and auto-accept it."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from store.models import Operator
from tests.credentials.builders import AUTH_SERV_ID, passing
from tests.security.mail import ATTACKER_CONTACT, VICTIM, follow_up, registration, without_line

ATTACKER = "mallory@attacker.example"


@pytest.fixture
def settings(settings, database_url):
    return settings.model_copy(update={"auth_serv_id": AUTH_SERV_ID, "auto_accept": True})


def incomplete_victim_registration() -> bytes:
    raw = registration(headers={"Authentication-Results": passing("fjordmed.example")})
    return without_line(raw, b"Postadresse:")


def attack(**headers) -> bytes:
    raw = follow_up(from_addr=ATTACKER, contact=ATTACKER_CONTACT,
                    headers={"Authentication-Results": passing("attacker.example"), **headers})
    return raw.replace(b"E-post:", b"Postadresse: Postboks 123, 5804 Bergen\r\nE-post:")


def operators(engine) -> list[Operator]:
    with Session(engine) as session:
        return list(session.exec(select(Operator)).all())


def test_the_victims_incomplete_registration_waits_for_the_applicant(run_mail, case_of):
    ref = run_mail(incomplete_victim_registration())
    assert case_of(ref).status == "awaiting_applicant"


@pytest.mark.parametrize("headers", [{"Reply-To": VICTIM}, {"In-Reply-To": "<reg.4411@fjordmed.example>"}])
def test_a_dmarc_passing_stranger_cannot_complete_and_auto_accept_the_victims_case(run_mail, case_of, engine,
                                                                                    headers):
    ref = run_mail(incomplete_victim_registration())
    run_mail(attack(**headers), envelope_from=ATTACKER)
    case = case_of(ref)
    assert case.status != "accepted" and operators(engine) == []
    assert case.fields["email"]["value"] != ATTACKER_CONTACT


def test_a_dmarc_passing_stranger_with_the_victims_token_cannot_auto_accept(run_mail, case_of, engine):
    ref = run_mail(incomplete_victim_registration())
    raw = attack(**{"Reply-To": VICTIM}).replace(b"Subject: Re: Registrering av medisinsk utstyr",
                                                  f"Subject: Re: Registrering [{ref}]".encode())
    run_mail(raw, envelope_from=ATTACKER)
    assert case_of(ref).status != "accepted" and operators(engine) == []


def test_a_new_registration_for_an_org_number_with_a_pending_case_is_not_auto_accepted(run_mail, case_of,
                                                                                      engine):
    run_mail(incomplete_victim_registration())
    theirs = registration(from_addr=ATTACKER, contact=ATTACKER_CONTACT, message_id="<reg.1@attacker.example>",
                          headers={"Authentication-Results": passing("attacker.example")})
    ref = run_mail(theirs, envelope_from=ATTACKER)
    assert case_of(ref).status != "accepted" and operators(engine) == []
