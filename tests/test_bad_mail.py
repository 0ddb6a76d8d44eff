"""Bad input through the whole path: each message gets a defined outcome and shows in the cases.

Nothing is dropped silently and the worker never dies on one message.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mailbot.runners.worker import Worker
from store.inbox import pending_count, store_raw
from store.outbox import list_outbox
from store.views import list_cases

BAD = Path(__file__).parent / "fixtures" / "bad_mail"


def process(settings, engine, raw: bytes):
    store_raw(engine=engine, raw=raw, source="test")
    worker = Worker(settings=settings, engine=engine)
    assert worker.process_one()
    assert pending_count(engine=engine) == 0
    [case] = list_cases(engine=engine)
    return case


def test_8bit_text_without_a_charset_is_read(settings, engine):
    case = process(settings, engine, (BAD / "8bit_no_charset.eml").read_bytes())
    assert case.fields["manufacturer_name"].value == "Ola Hansen Medisinsk AS"
    assert case.kind == "registration"


def test_bytes_that_are_not_the_declared_utf8_still_make_a_case(settings, engine):
    case = process(settings, engine, (BAD / "non_utf8_declared_utf8.eml").read_bytes())
    assert case.kind == "registration"
    assert case.fields["manufacturer_name"].value.startswith("Feil Tegnsett AS")


def test_missing_from_makes_a_case_without_a_reply(settings, engine):
    case = process(settings, engine, (BAD / "missing_from.eml").read_bytes())
    assert case.sender is None
    assert list_outbox(engine=engine) == []


def test_missing_message_id_is_still_answered(settings, engine):
    case = process(settings, engine, (BAD / "missing_message_id.eml").read_bytes())
    assert case.sender == "per@example.no"
    assert len(list_outbox(engine=engine)) == 1


def test_empty_body_is_a_registration_with_everything_missing(settings, engine):
    case = process(settings, engine, (BAD / "empty_body.eml").read_bytes())
    assert case.status == "awaiting_applicant"
    assert case.fields["manufacturer_name"].state == "missing"


def test_malformed_mime_makes_a_case(settings, engine):
    case = process(settings, engine, (BAD / "multipart_without_boundary.eml").read_bytes())
    assert case.kind in ("registration", "unreadable")


@pytest.mark.parametrize("raw, reason", [
    (b"", "empty"),
    (b"Subject: " + b"x" * 200_000 + b"\r\n\r\nbody\r\n", "header"),
])
def test_unreadable_message_is_flagged_with_the_reason(settings, engine, raw, reason):
    case = process(settings, engine, raw)
    assert case.kind == "unreadable"
    assert case.status == "needs_staff"
    assert any(flag.startswith("unreadable") and reason in flag for flag in case.flags)
    assert list_outbox(engine=engine) == []


def test_worker_keeps_going_after_a_bad_message(settings, engine):
    store_raw(engine=engine, raw=b"", source="test")
    store_raw(engine=engine, raw=(BAD / "empty_body.eml").read_bytes(), source="test")
    worker = Worker(settings=settings, engine=engine)
    while worker.process_one():
        pass
    assert len(list_cases(engine=engine)) == 2


def test_nul_bytes_in_a_header_and_body_are_recorded(settings, engine):
    raw = (b"From: Per <per@example.no>\r\nSubject: Registrering\x00\r\nMessage-ID: <nul@example.no>\r\n\r\n"
           b"Navn p\xc3\xa5 produsent: Nul\x00 AS\r\n")
    case = process(settings, engine, raw)
    assert case.kind == "registration"
    assert case.fields["manufacturer_name"].value.startswith("Nul")


def test_a_message_that_keeps_failing_goes_to_staff_unread(settings, engine):
    from sqlalchemy import update

    from store.models import InboundMessage

    store_raw(engine=engine, raw=(BAD / "empty_body.eml").read_bytes(), source="test")
    with engine.begin() as conn:  # five earlier claims that never finished
        conn.execute(update(InboundMessage).values(attempts=settings.max_processing_attempts))
    assert Worker(settings=settings, engine=engine).process_one()
    [case] = list_cases(engine=engine)
    assert case.kind == "unreadable"
    assert "unreadable: processing failed 5 times; left for staff" in case.flags
    assert list_outbox(engine=engine) == []


def _too_big_a_header(sender_header: bytes) -> bytes:
    """A header section over the limit (100 KB): the message is not read, its first headers are."""
    return (sender_header + b"Subject: Registrering\r\nMessage-ID: <big@fjordmed.example.no>\r\n"
            b"X-Trace: " + b"x" * 200_000 + b"\r\n\r\nNavn: Fjordmed AS\r\n")


def test_an_unreadable_message_still_says_who_sent_it(settings, engine):
    store_raw(engine=engine, raw=_too_big_a_header(b"From: Kari Nordmann <kari@fjordmed.example.no>\r\n"), source="smtp",
              envelope_from="kari.nordmann@mail.fjordmed.example.no")
    assert Worker(settings=settings, engine=engine).process_one()
    [case] = list_cases(engine=engine)
    assert case.kind == "unreadable" and case.status == "needs_staff"
    assert case.sender == "kari@fjordmed.example.no"  # the From header, which staff answer
    assert "envelope_sender:kari.nordmann@mail.fjordmed.example.no" in case.flags
    assert list_outbox(engine=engine) == []  # staff answer, not the bot


def test_an_unreadable_message_without_a_from_is_answered_through_its_envelope_sender(settings, engine):
    store_raw(engine=engine, raw=_too_big_a_header(b""), source="smtp", envelope_from="kari@fjordmed.example.no")
    assert Worker(settings=settings, engine=engine).process_one()
    [case] = list_cases(engine=engine)
    assert case.kind == "unreadable"
    assert case.sender == "kari@fjordmed.example.no"
    assert "envelope_sender:kari@fjordmed.example.no" in case.flags
