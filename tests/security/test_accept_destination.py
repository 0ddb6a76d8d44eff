"""Before accepting, staff are told exactly where the credentials go and why that address is
trusted (CLI and TUI); a registered operator's old contact address is told of a change."""

from __future__ import annotations

from email import message_from_bytes, policy

from sqlmodel import Session, select

from mailbot.cli.main import main
from store.accept_check import credential_destination
from store.models import OutboxMessage
from store.operators import accept_case
from tests.security.mail import (ATTACKER, VICTIM, VICTIM_CONTACT, VICTIM_MSGID, follow_up, registration)


def test_the_destination_is_the_victims_contact_and_the_stranger_is_named(run_mail, engine):
    ref = run_mail(registration())
    run_mail(follow_up(from_addr=ATTACKER, headers={"In-Reply-To": VICTIM_MSGID}), envelope_from=ATTACKER)
    destination = credential_destination(engine=engine, reference=ref)
    assert destination.address == VICTIM_CONTACT and destination.sends_credentials
    text = "\n".join(destination.lines)
    assert f"sendes til: {VICTIM_CONTACT}" in text
    assert f"søkeren er {VICTIM}" in text
    assert "ikke er søkeren har skrevet i saken" in text
    assert "ikke satt opp (auth_serv_id)" in text  # no authentication configured: said, not hidden


def test_a_changed_contact_is_shown_with_old_and_new(run_mail, engine):
    ref = run_mail(registration())
    run_mail(follow_up(from_addr=VICTIM, contact="kari@fjordmed.example", message_id="<f.9@fjordmed.example>",
                       headers={"In-Reply-To": VICTIM_MSGID}), envelope_from=VICTIM)
    text = "\n".join(credential_destination(engine=engine, reference=ref, language="en").lines)
    assert "Username and password will be sent to: kari@fjordmed.example" in text
    assert f"changed from {VICTIM_CONTACT} to kari@fjordmed.example" in text


def test_mdreg_accept_prints_where_the_credentials_go_and_why(run_mail, settings, capsys):
    ref = run_mail(registration())
    assert main(["accept", ref, "--db", settings.database_url]) == 0
    out = capsys.readouterr().out
    assert f"sendes til: {VICTIM_CONTACT}" in out and f"søkeren er {VICTIM}" in out


def test_a_registered_operators_old_contact_is_told_of_a_change(run_mail, engine):
    first = run_mail(registration())
    accept_case(engine=engine, reference=first, actor="saksbehandler", mailbox="medisinsk.utstyr@localhost")
    update = registration(contact="ny.kontakt@fjordmed.example", message_id="<reg.2@fjordmed.example>")
    second = run_mail(update, envelope_from=VICTIM)
    assert second != first
    accept_case(engine=engine, reference=second, actor="saksbehandler", mailbox="medisinsk.utstyr@localhost")
    with Session(engine) as session:
        notices = session.exec(select(OutboxMessage).where(OutboxMessage.kind == "contact_change_notice")).all()
    assert [n.to_addr for n in notices] == [VICTIM_CONTACT]
    body = message_from_bytes(notices[0].raw, policy=policy.default).get_body(("plain",)).get_content()
    assert f"fra {VICTIM_CONTACT} til ny.kontakt@fjordmed.example" in body
