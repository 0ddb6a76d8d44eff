"""Attack: a forged bounce marks the victim's address undeliverable, so the victim hears nothing.

A message counts as a bounce only with a null envelope sender or a DSN/ARF structure, and marks
an address only if we sent to it; the mark expires, and clears when the address writes again."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update
from sqlmodel import Session, select

from store import bounces
from store.db import session_scope
from store.models import UndeliverableAddress
from tests.security.mail import ATTACKER, VICTIM, registration, without_line

PROSE_BOUNCE = (
    "From: Mail Delivery System <MAILER-DAEMON@evil.example>\r\nTo: medisinsk.utstyr@localhost\r\n"
    "Subject: Undelivered Mail Returned to Sender\r\nMessage-ID: <bounce.1@evil.example>\r\n"
    f"X-Failed-Recipients: {VICTIM}\r\n"
    "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n"
    "This is the mail system at host mx.evil.example.\r\n\r\n"
    "I'm sorry to have to inform you that your message could not be delivered to one or more recipients.\r\n\r\n"
    f"<{VICTIM}>: host mx.fjordmed.example said: 550 5.1.1 User unknown\r\n"
).encode()


def dsn(recipient: str) -> bytes:
    return (
        "From: MAILER-DAEMON@mx.fjordmed.example\r\nTo: medisinsk.utstyr@localhost\r\n"
        "Subject: Delivery Status Notification (Failure)\r\nMessage-ID: <dsn.1@mx.fjordmed.example>\r\n"
        "MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\r\n"
        "--b\r\nContent-Type: text/plain\r\n\r\nDelivery to the following recipient failed permanently.\r\n"
        "--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.fjordmed.example\r\n\r\n"
        f"Final-Recipient: rfc822; {recipient}\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        "Diagnostic-Code: smtp; 550 5.1.1 User unknown\r\n--b--\r\n"
    ).encode()


def marks(engine) -> list[str]:
    with Session(engine) as session:
        return [m.address for m in session.exec(select(UndeliverableAddress)).all()]


def victim_has_a_reply(run_mail):
    return run_mail(without_line(registration(), b"Postadresse:"))


def test_a_prose_bounce_from_an_ordinary_sender_marks_nothing(run_mail, engine):
    victim_has_a_reply(run_mail)
    run_mail(PROSE_BOUNCE, envelope_from=ATTACKER)
    assert marks(engine) == []


def test_a_forged_return_path_header_over_smtp_is_not_a_null_sender(run_mail, engine):
    victim_has_a_reply(run_mail)
    run_mail(b"Return-Path: <>\r\n" + PROSE_BOUNCE, envelope_from=ATTACKER)
    assert marks(engine) == []


def test_a_bounce_with_a_null_envelope_sender_marks_the_address_we_wrote_to(run_mail, engine):
    victim_has_a_reply(run_mail)
    run_mail(PROSE_BOUNCE, envelope_from="")
    assert marks(engine) == [VICTIM]


def test_a_dsn_about_an_address_we_never_wrote_to_marks_nothing(run_mail, engine):
    victim_has_a_reply(run_mail)
    run_mail(dsn("someone.else@fjordmed.example"), envelope_from="")
    assert marks(engine) == []


def test_a_dsn_about_the_address_we_wrote_to_marks_it(run_mail, engine):
    victim_has_a_reply(run_mail)
    run_mail(dsn(VICTIM), envelope_from="")
    assert marks(engine) == [VICTIM]


def test_the_mark_expires(run_mail, engine):
    victim_has_a_reply(run_mail)
    run_mail(dsn(VICTIM), envelope_from="")
    with session_scope(engine) as session:
        assert bounces.is_undeliverable(session=session, address=VICTIM, days=30)
        session.execute(update(UndeliverableAddress).values(at=UndeliverableAddress.at - timedelta(days=31)))
    with Session(engine) as session:
        assert not bounces.is_undeliverable(session=session, address=VICTIM, days=30)


def test_the_mark_clears_when_the_address_writes_again(run_mail, engine):
    victim_has_a_reply(run_mail)
    run_mail(dsn(VICTIM), envelope_from="")
    run_mail(registration(message_id="<reg.again@fjordmed.example>"), envelope_from=VICTIM)
    assert marks(engine) == []
