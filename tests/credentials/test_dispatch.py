"""Delivering credentials: the password is made at delivery, goes only to the registered contact,
and only its argon2id hash is kept, after the relay accepted it."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from mailbot.credentials_dispatch import compose_credentials
from store import credentials
from store.models import Credential, OutboxMessage
from store.operators import accept_case
from tests.credentials.builders import CONTACT, USERNAME, registration_mail
from tests.credentials.support import USER_LINE, credential_mails, password_in


def deliver_all(sender) -> None:
    while sender.deliver_one():
        pass


def accepted(intake, engine, raw=None) -> str:
    return accept_case(engine=engine, reference=intake(raw or registration_mail()), actor="tester").username


def stored_credential(engine) -> Credential:
    with Session(engine) as session:
        return session.exec(select(Credential)).one()


@pytest.mark.parametrize("language, user, word", [("nb", "Brukernavn", "Passord"), ("nn", "Brukarnamn", "Passord"),
                                                  ("en", "Username", "Password")])
def test_each_language_puts_username_and_password_on_lines_of_their_own(language, user, word):
    composed = compose_credentials(mailbox="medisinsk.utstyr@localhost", to_addr=CONTACT, language=language,
                                   reference="MDREG-2026-000001", username=USERNAME, password="abcde-fghij",
                                   expiry_days=14)
    body = composed.raw.decode("utf-8")
    assert f"\r\n{user}: {USERNAME}\r\n" in body and f"\r\n{word}: abcde-fghij\r\n" in body
    assert "14" in body


def test_the_credential_email_goes_to_the_registered_contact_not_the_from_address(intake, engine, sender, relay):
    accepted(intake, engine)
    deliver_all(sender)
    [mail] = credential_mails(relay)
    envelope = next(e for e in relay.envelopes if b"Passord:" in e[2])
    assert envelope[1] == [CONTACT]
    assert mail["To"].addresses[0].addr_spec == CONTACT
    assert USER_LINE.findall(mail.get_content()) == [USERNAME]


def test_no_other_outgoing_email_holds_the_password(intake, engine, sender, relay):
    accepted(intake, engine)
    deliver_all(sender)
    password = password_in(credential_mails(relay)[0])
    assert len(relay.received) == 2  # the under-review reply and the credentials
    assert sum(password.encode() in raw for _, _, raw in relay.envelopes) == 1


def test_the_credential_email_carries_no_other_personal_data(intake, engine, sender, relay):
    accepted(intake, engine)
    deliver_all(sender)
    body = credential_mails(relay)[0].get_content()
    for personal in ("Kari", "Nordmann", "Strandgaten", "Postboks", "55 12", "412 34", "+47", CONTACT):
        assert personal not in body


def test_only_an_argon2id_hash_of_the_delivered_password_is_stored(intake, engine, sender, relay):
    username = accepted(intake, engine)
    deliver_all(sender)
    password = password_in(credential_mails(relay)[0])
    credential = stored_credential(engine)
    assert credential.password_hash.startswith("$argon2id$v=19$")
    assert password not in credential.password_hash
    assert credentials.verify(engine=engine, username=username, password=password).valid


def test_the_initial_password_must_be_changed(intake, engine, sender, relay):
    username = accepted(intake, engine)
    deliver_all(sender)
    result = credentials.verify(engine=engine, username=username, password=password_in(credential_mails(relay)[0]))
    assert result.valid and result.must_change


def test_a_wrong_password_does_not_verify(intake, engine, sender, relay):
    username = accepted(intake, engine)
    deliver_all(sender)
    assert not credentials.verify(engine=engine, username=username, password="abcde-fghij-kmnpq-rstuv").valid


def test_an_expired_password_does_not_verify(intake, engine, sender, relay):
    username = accepted(intake, engine)
    sender.settings = sender.settings.model_copy(update={"password_expiry_days": 0})
    deliver_all(sender)
    result = credentials.verify(engine=engine, username=username, password=password_in(credential_mails(relay)[0]))
    assert not result.valid and result.reason == "expired"


def test_a_relay_that_does_not_accept_leaves_no_hash(intake, engine, sender, relay):
    accepted(intake, engine)
    relay.answer_with("451 4.3.0 try later")
    deliver_all(sender)
    assert stored_credential(engine).password_hash is None


def test_after_a_deferral_the_next_attempt_sends_a_password_that_works(intake, engine, sender, relay):
    username = accepted(intake, engine)
    relay.answer_with("451 4.3.0 try later")
    deliver_all(sender)
    relay.answer_with(None)
    with Session(engine) as session:  # due now instead of after the backoff
        row = session.exec(select(OutboxMessage).where(OutboxMessage.kind == "credentials")).one()
        row.next_attempt_at = row.created_at
        session.add(row)
        session.commit()
    deliver_all(sender)
    [mail] = credential_mails(relay)
    assert credentials.verify(engine=engine, username=username, password=password_in(mail)).valid


def test_reissue_makes_the_old_password_stop_working_and_sends_a_new_one(intake, engine, sender, relay):
    username = accepted(intake, engine)
    deliver_all(sender)
    credentials.reissue(engine=engine, username=username, actor="tester")
    deliver_all(sender)
    old, new = (password_in(m) for m in credential_mails(relay))
    assert old != new
    assert not credentials.verify(engine=engine, username=username, password=old).valid
    assert credentials.verify(engine=engine, username=username, password=new).valid


def test_revoke_makes_the_password_stop_working(intake, engine, sender, relay):
    username = accepted(intake, engine)
    deliver_all(sender)
    credentials.revoke(engine=engine, username=username, actor="tester")
    result = credentials.verify(engine=engine, username=username, password=password_in(credential_mails(relay)[0]))
    assert not result.valid


def test_revoke_before_delivery_cancels_the_credential_email(intake, engine, sender, relay):
    username = accepted(intake, engine)
    credentials.revoke(engine=engine, username=username, actor="tester")
    deliver_all(sender)
    assert credential_mails(relay) == []


def test_reissue_and_revoke_are_audited_with_who_did_it(intake, engine, sender, relay):
    from store.models import AuditEvent, OperatorChange

    username = accepted(intake, engine)
    credentials.reissue(engine=engine, username=username, actor="ola")
    credentials.revoke(engine=engine, username=username, actor="kari")
    with Session(engine) as session:
        events = session.exec(select(AuditEvent.action, AuditEvent.actor)
                              .where(AuditEvent.action.like("credentials_re%"))).all()
        changes = session.exec(select(OperatorChange.actor, OperatorChange.changes)
                               .where(OperatorChange.case_id.is_(None))).all()
    assert set(events) == {("credentials_reissued", "ola"), ("credentials_revoked", "kari")}
    assert [(a, c["credentials"]["to"]) for a, c in changes] == [("ola", "reissued"), ("kari", "revoked")]


def test_without_a_relay_the_credential_email_lands_in_the_maildir_with_its_password(intake, engine, settings):
    import mailbox

    from mailbot.runners.sender import Sender
    from tests.credentials.support import LINE

    username = accepted(intake, engine)
    deliver_all(Sender(settings=settings, engine=engine))  # no relay configured: the Maildir fallback
    bodies = [m.get_payload(decode=True).decode("utf-8") for m in mailbox.Maildir(settings.maildir, create=False)]
    [password] = [p for body in bodies for p in LINE.findall(body)]
    assert credentials.verify(engine=engine, username=username, password=password).valid
