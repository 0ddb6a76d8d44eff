"""Outgoing mail is built so that nothing taken from incoming mail can add or bend a header.

Python 3.11.7 lacks the fixes for CVE-2023-27043 (address parsing) and CVE-2024-6923
(header injection through encoded newlines); these tests hold on it anyway.
"""

from __future__ import annotations

from email import message_from_bytes, policy

import pytest

from intake.replies.compose import compose_reply, reply_subject, safe_address
from intake.errors import UnsafeAddress
from intake.understand import understand


def reply_to_subject(subject: str) -> bytes:
    return compose_reply(mailbox="medisinsk.utstyr@localhost", to_addr="kari@example.no", subject=subject,
                         reference="MDREG-2026-000001", body="Hei\n", in_reply_to="<a@b>").raw


def header_names(raw: bytes) -> list[str]:
    return [k.lower() for k in message_from_bytes(raw, policy=policy.default).keys()]


def test_encoded_newline_in_subject_cannot_inject_a_header():
    raw = (b"From: a@example.no\r\nSubject: =?utf-8?q?Hei=0D=0ABcc:_evil@attacker.example?=\r\n"
           b"Message-ID: <x@y>\r\n\r\nhei\r\n")
    subject = understand(raw).message.subject
    out = reply_to_subject(subject)
    assert "bcc" not in header_names(out)
    assert b"\r\nBcc:" not in out


def test_raw_newline_in_a_subject_value_is_flattened():
    out = reply_to_subject("Hei\r\nBcc: evil@attacker.example")
    assert "bcc" not in header_names(out)
    assert header_names(out).count("subject") == 1


@pytest.mark.parametrize("address", [
    "kari@example.no, evil@attacker.example",
    "kari@example.no\r\nBcc: evil@attacker.example",
    "<evil@attacker.example>",
    "kari@example.no evil@attacker.example",
    "",
])
def test_recipient_must_be_exactly_one_plain_address(address):
    with pytest.raises(UnsafeAddress):
        safe_address(address)


def test_address_parsing_is_not_fooled_by_cve_2023_27043_forms():
    raw = b"From: alice@example.org)<bob@attacker.example>\r\nSubject: x\r\n\r\nhei\r\n"
    sender = understand(raw).message.from_addr
    assert sender in (None, "bob@attacker.example"), "never the address hidden in the display part"


def test_reply_subject_keeps_one_reference_and_one_re():
    assert reply_subject("Re: SV: Registrering [MDREG-2026-000001]", "MDREG-2026-000001") == \
        "Re: Registrering [MDREG-2026-000001]"


def test_references_are_carried_over_and_extended():
    raw = compose_reply(mailbox="m@localhost", to_addr="kari@example.no", subject="x", reference="MDREG-2026-000001",
                        body="b", in_reply_to="<c@x>", references=("<a@x>", "<b@x>")).raw
    msg = message_from_bytes(raw, policy=policy.default)
    assert msg["References"].split() == ["<a@x>", "<b@x>", "<c@x>"]
    assert msg["X-Mdreg-Loop"] == "m@localhost"
