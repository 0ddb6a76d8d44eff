"""The SMTP edge: who it accepts mail for, size limits, and storing before it says 250."""

from __future__ import annotations

import smtplib
from pathlib import Path

import pytest
from sqlalchemy import text

from store.inbox import pending_count
from store.models import InboundMessage
from sqlmodel import Session, select
from tests.support import send

MAIL = Path(__file__).parent / "fixtures" / "mail"


@pytest.fixture
def edge(settings, engine):
    """Only the SMTP edge, no worker: what it stores stays visible as stored rows."""
    import asyncio
    import threading

    from mailbot.runners.serve import run_services

    loop = asyncio.new_event_loop()
    until = asyncio.Event()
    started = threading.Event()

    def run() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(run_services(settings=settings, engine=engine, until=until, workers=0,
                                             send=False, started=started))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert started.wait(10)
    yield settings
    loop.call_soon_threadsafe(until.set)
    thread.join(10)
    loop.close()


def stored_raws(engine) -> list[bytes]:
    with Session(engine) as session:
        return list(session.exec(select(InboundMessage.raw).order_by(InboundMessage.id)))


def test_mail_for_another_address_is_refused_with_550(edge):
    with smtplib.SMTP("127.0.0.1", edge.smtp_port) as client:
        client.ehlo()
        client.mail("a@example.no")
        code, text_ = client.rcpt("someone.else@localhost")
    assert code == 550
    assert b"5.1.1" in text_


def test_size_limit_is_advertised(edge):
    with smtplib.SMTP("127.0.0.1", edge.smtp_port) as client:
        client.ehlo()
        assert client.has_extn("size")
        assert int(client.esmtp_features["size"]) == edge.max_message_size


def test_message_over_the_size_limit_gets_552(settings, engine):
    small = settings.model_copy(update={"max_message_size": 2000})
    _run_edge_and(small, engine, lambda: _expect_code(small.smtp_port, b"X" * 5000, 552))
    assert stored_raws(engine) == []


def test_accepted_message_is_stored_byte_for_byte(edge, engine):
    # On the wire lines end in CRLF; the edge keeps exactly what arrived.
    raw = (MAIL / "incomplete_nb.eml").read_bytes().replace(b"\n", b"\r\n")
    send(edge.smtp_port, raw)
    assert stored_raws(engine) == [raw]


def test_eight_bit_smtputf8_message_is_kept_as_bytes(edge, engine):
    raw = ("From: Bjørn Ødegård <bjørn@fjordmed.example.no>\r\nTo: medisinsk.utstyr@localhost\r\n"
           "Subject: Påmelding – æøå\r\nMessage-ID: <utf8-1@fjordmed.example.no>\r\n\r\n"
           "Navn på produsent: Ærlig Øye AS\r\n").encode("utf-8")
    with smtplib.SMTP("127.0.0.1", edge.smtp_port) as client:
        client.sendmail("bjørn@fjordmed.example.no", ["medisinsk.utstyr@localhost"], raw,
                        mail_options=["SMTPUTF8", "BODY=8BITMIME"])
    assert stored_raws(engine) == [raw]


def test_latin1_bytes_without_charset_are_kept_unchanged(edge, engine):
    raw = b"From: a@example.no\r\nSubject: test\r\n\r\nBes\xf8ksadresse: Storgata 1\r\n"
    send(edge.smtp_port, raw)
    assert stored_raws(engine) == [raw]


def test_storage_failure_answers_451_so_the_sender_retries(edge, engine):
    raw = (MAIL / "incomplete_nb.eml").read_bytes()
    with engine.begin() as conn:
        conn.execute(text("ALTER TABLE inbound_message RENAME TO inbound_message_away"))
    try:
        _expect_code(edge.smtp_port, raw, 451)
    finally:
        with engine.begin() as conn:
            conn.execute(text("ALTER TABLE inbound_message_away RENAME TO inbound_message"))
    send(edge.smtp_port, raw)
    assert pending_count(engine=engine) == 1


def _expect_code(port: int, raw: bytes, code: int) -> None:
    with pytest.raises(smtplib.SMTPResponseException) as failure:
        send(port, raw)
    assert failure.value.smtp_code == code


def _run_edge_and(settings, engine, action) -> None:
    import asyncio
    import threading

    from mailbot.runners.serve import run_services

    loop = asyncio.new_event_loop()
    until = asyncio.Event()
    started = threading.Event()
    thread = threading.Thread(target=lambda: loop.run_until_complete(run_services(
        settings=settings, engine=engine, until=until, workers=0, send=False, started=started)), daemon=True)
    thread.start()
    assert started.wait(10)
    try:
        action()
    finally:
        loop.call_soon_threadsafe(until.set)
        thread.join(10)
        loop.close()
