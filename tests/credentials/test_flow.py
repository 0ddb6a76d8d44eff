"""From e-mail to credentials over the real SMTP path (edge, worker, sender, relay sink)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy import MetaData, select as sa_select
from sqlmodel import Session, select

from store import credentials
from store.models import AuditEvent, Case, Credential, Operator, OutboxMessage
from tests.credentials.builders import AUTH_SERV_ID, CONTACT, DOMAIN, FROM, USERNAME, passing, registration_mail
from tests.credentials.support import credential_mails, password_in
from tests.support import send, wait_for


def hash_stored(engine) -> bool:
    with Session(engine) as session:
        return bool(session.exec(select(Credential.password_hash).where(Credential.password_hash.is_not(None))).first())


def everything_in_the_database(engine) -> list[bytes]:
    """Every value of every table, as bytes."""
    meta = MetaData()
    meta.reflect(bind=engine)
    out = []
    with engine.connect() as conn:
        for table in meta.sorted_tables:
            for row in conn.execute(sa_select(table)):
                out += [v if isinstance(v, bytes) else str(v).encode("utf-8") for v in row]
    return out


def declined(engine) -> list[AuditEvent]:
    with Session(engine) as session:
        return session.exec(select(AuditEvent).where(AuditEvent.action == "auto_accept_declined")).all()


def test_an_authenticated_registration_is_accepted_automatically_and_the_contact_gets_a_working_login(
        bot, engine, relay):
    send(bot.smtp_port, registration_mail(auth_results=[passing()]), mail_from=FROM)
    [mail] = wait_for(lambda: credential_mails(relay))
    wait_for(lambda: hash_stored(engine))
    assert credentials.verify(engine=engine, username=USERNAME, password=password_in(mail)).valid
    with Session(engine) as session:
        assert session.exec(select(Case.status, Case.sender_authenticated)).one() == ("accepted", True)


def test_the_password_is_nowhere_but_in_the_delivered_email(bot, engine, relay, caplog, database_url, tmp_path):
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="mail.log")  # `mdreg` quiets it; this test reads it all
    send(bot.smtp_port, registration_mail(auth_results=[passing()]), mail_from=FROM)
    password = password_in(wait_for(lambda: credential_mails(relay))[0])
    wait_for(lambda: hash_stored(engine))
    needles = (password.encode(), password.replace("-", "").encode())
    values = everything_in_the_database(engine)
    assert any(USERNAME.encode() in v for v in values)  # the search does see the data
    assert not [v for v in values for n in needles if n in v]
    with Session(engine) as session:
        outbox = session.exec(select(OutboxMessage)).all()
    assert outbox and not [o for o in outbox for n in needles if n in o.raw or n in o.subject.encode()]
    if database_url.startswith("sqlite"):
        files = list(Path(tmp_path).glob("mdreg.db*"))
        assert any(USERNAME.encode() in f.read_bytes() for f in files)
        assert not [f for f in files for n in needles if n in f.read_bytes()]
    # The relay sink stands for the outside world, which receives the password by design: its own
    # protocol log (aiosmtpd at DEBUG, in its own thread) is not mdreg's and is left out.
    sink = relay._controller._thread.ident
    records = [r for r in caplog.records if r.thread != sink]
    assert any(r.name == "mdreg.credentials" for r in records)  # mdreg's logs were captured
    assert any(r.name == "mail.log" and r.levelno == logging.DEBUG for r in records)  # the edge's too
    logged = "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in records)
    assert not [n for n in needles if n.decode() in logged]


@pytest.mark.parametrize("headers", [
    [],
    ["mx.spoofer.example; dkim=pass header.d=fjordmed.example; dmarc=pass header.from=fjordmed.example"],
    [f"{AUTH_SERV_ID}; dkim=fail header.d=fjordmed.example; dmarc=fail header.from=fjordmed.example"],
], ids=["no-authentication", "another-authserv-id", "dmarc-fail"])
def test_a_spoofed_sender_is_never_auto_accepted(bot, engine, relay, headers):
    send(bot.smtp_port, registration_mail(auth_results=headers), mail_from=FROM)
    [event] = wait_for(lambda: declined(engine))
    assert "sender_not_authenticated" in event.detail["reasons"]
    with Session(engine) as session:
        case = session.exec(select(Case)).one()
        assert session.exec(select(Operator)).all() == []
    assert case.status == "under_review" and case.sender_authenticated is False
    assert "sender_not_authenticated" in case.flags
    assert credential_mails(relay) == []


def test_credentials_go_only_to_the_registered_contact_when_the_from_address_differs(bot, engine, relay):
    send(bot.smtp_port, registration_mail(auth_results=[passing()]), mail_from=FROM)
    [mail] = wait_for(lambda: credential_mails(relay))
    assert FROM != CONTACT
    assert mail["To"].addresses[0].addr_spec == CONTACT
    password = password_in(mail).encode()
    assert [rcpt for _, rcpt, raw in relay.envelopes if password in raw] == [[CONTACT]]


def test_a_sender_outside_the_contacts_domain_waits_for_staff_whose_accept_sends_to_the_contact(
        bot, engine, relay, monkeypatch):
    from mailbot.cli.main import main

    outsider = "kari.nordmann@webmail.example"
    send(bot.smtp_port, registration_mail(from_addr=outsider, auth_results=[passing("webmail.example")]),
         mail_from=outsider)
    [event] = wait_for(lambda: declined(engine))
    assert event.detail["reasons"] == ["sender_domain_not_contact_domain"]
    with Session(engine) as session:
        reference = session.exec(select(Case.reference)).one()
    import store.db

    monkeypatch.setenv("MDREG_ACTOR", "ola.saksbehandler")
    opened = []
    monkeypatch.setattr(store.db, "open_database", lambda url, real=store.db.open_database: opened.append(real(url))
                        or opened[-1])
    try:
        assert main(["accept", reference, "--db", bot.db]) == 0
    finally:
        for cli_engine in opened:
            cli_engine.dispose()
    [mail] = wait_for(lambda: credential_mails(relay))
    assert mail["To"].addresses[0].addr_spec == CONTACT == f"post@{DOMAIN}"
    assert all(outsider not in rcpt for _, rcpt, raw in relay.envelopes if b"Passord:" in raw)
