"""Addresses Norway actually uses: `kåre@bjørn.no` is sent IDNA-encoded, or over SMTPUTF8 where
the relay offers it; a non-ASCII local part only over SMTPUTF8, else `failed` with the reason."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from mailbot.runners.sender import Sender
from store import outbox
from store.db import session_scope
from store.models import OutboxMessage
from intake.replies.compose import compose_message
from tests.support import RelaySink


@pytest.fixture
def plain_relay():
    """A relay that does not offer SMTPUTF8 (most older MTAs)."""
    sink = RelaySink(smtputf8=False)
    sink.start()
    yield sink
    sink.stop()


def queue_to(engine, address: str) -> int:
    composed = compose_message(mailbox="medisinsk.utstyr@localhost", to_addr=address,
                               subject="Registrering mottatt", body="Hei,\n\nvi har mottatt registreringen.\n")
    with session_scope(engine) as session:
        return outbox.enqueue(session=session, to_addr=composed.to_addr, message_id=composed.message_id,
                              raw=composed.raw, subject=composed.subject)


def deliver(settings, engine, relay) -> None:
    sender = Sender(settings=settings.model_copy(update={"relay": f"127.0.0.1:{relay.port}"}), engine=engine)
    assert sender.deliver_one()


def status(engine, outbox_id: int) -> OutboxMessage:
    with Session(engine) as session:
        return session.get(OutboxMessage, outbox_id)


def test_an_idn_domain_goes_out_idna_encoded_to_a_relay_without_smtputf8(settings, engine, plain_relay):
    outbox_id = queue_to(engine, "kari@bjørn.no")
    deliver(settings, engine, plain_relay)
    assert status(engine, outbox_id).status == "sent"
    _, rcpts, raw = plain_relay.envelopes[0]
    assert rcpts == ["kari@xn--bjrn-hra.no"] and b"To: kari@xn--bjrn-hra.no" in raw


def test_an_idn_address_goes_out_over_smtputf8_where_the_relay_offers_it(settings, engine, relay):
    outbox_id = queue_to(engine, "kåre@bjørn.no")
    deliver(settings, engine, relay)
    assert status(engine, outbox_id).status == "sent"
    _, rcpts, raw = relay.envelopes[0]
    assert rcpts == ["kåre@bjørn.no"] and "To: kåre@bjørn.no".encode() in raw


def test_a_non_ascii_local_part_fails_with_the_reason_when_the_relay_has_no_smtputf8(settings, engine,
                                                                                    plain_relay):
    outbox_id = queue_to(engine, "kåre@bjørn.no")
    deliver(settings, engine, plain_relay)
    row = status(engine, outbox_id)
    assert row.status == "failed" and "SMTPUTF8" in row.last_error
    assert plain_relay.envelopes == []


def registration_from(address: str, *, contact: str = "post@fjordmed.no") -> bytes:
    return (f"From: Kari Nordmann <{address}>\r\nTo: medisinsk.utstyr@localhost\r\nSubject: Registrering\r\n"
            "Message-ID: <h.1@fjordmed.no>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
            "Content-Transfer-Encoding: 8bit\r\n\r\nNavn på produsent: Fjordmed AS\r\n"
            f"Organisasjonsnummer: 974 760 673\r\nE-post: {contact}\r\n").encode()


@pytest.mark.parametrize("address", ["kari@fjordm\u0435d.no",  # Cyrillic е
                                     "kari@xn--fjordmd-dhg.no",  # the same, in punycode
                                     "kari@p\u0430ypal.no"])  # Cyrillic а
def test_a_homoglyph_domain_in_from_is_flagged_at_intake(address):
    from intake.understand import understand

    assert "homoglyph_domain:from" in understand(registration_from(address)).flags


def test_a_homoglyph_domain_in_the_contact_e_mail_is_flagged_at_intake():
    from intake.understand import understand

    flags = understand(registration_from("kari@fjordmed.no", contact="post@fj\u03bfrdmed.no")).flags  # Greek ο
    assert "homoglyph_domain:email" in flags


@pytest.mark.parametrize("address", ["kari@bjørn.no", "kåre@bjørn.no", "kari@fjordmed.no"])
def test_norwegian_letters_are_not_homoglyphs(address):
    from intake.understand import understand

    assert not any(f.startswith("homoglyph") for f in understand(registration_from(address)).flags)
