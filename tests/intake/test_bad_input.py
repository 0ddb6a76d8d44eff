"""Crafted and malformed messages: each ends in bounded time as a result, a flag or a reason."""

from __future__ import annotations

import time
from email.message import EmailMessage
from pathlib import Path

import pytest

from intake.bounded import understand_bounded
from intake.errors import LimitExceeded, UnreadableMessage
from intake.model import Limits
from intake.mime.parse import parse_message
from intake.understand import understand

BAD = Path(__file__).resolve().parents[1] / "fixtures" / "bad"
LIMITS = Limits()


def encoded_word_subject(words: int = 32_000) -> bytes:
    """The 448 KB subject of 32,000 encoded-words (34 s in the stdlib parser)."""
    subject = " ".join("=?utf-8?q?abcd?=" for _ in range(words))
    return f"From: a@b.no\nSubject: {subject}\n\nhi\n".encode()


def encoded_words_in_part_headers(words: int = 5_000) -> bytes:
    """Under the header limit, but the encoded-words hide in a part's header."""
    name = " ".join("=?utf-8?q?a?=" for _ in range(words))
    return ("From: a@b.no\nContent-Type: multipart/mixed; boundary=b\n\n--b\n"
            f"Content-Type: text/plain\nContent-Description: {name}\n\nx\n--b--\n").encode()


def flat_parts(count: int) -> bytes:
    parts = "".join(f"--b\nContent-Type: text/plain\n\nx{i}\n" for i in range(count))
    return f"From: a@b.no\nContent-Type: multipart/mixed; boundary=b\n\n{parts}--b--\n".encode()


def nested_multipart(depth: int) -> bytes:
    opening = "".join(f"Content-Type: multipart/mixed; boundary=b{i}\n\n--b{i}\n" for i in range(depth))
    closing = "".join(f"--b{i}--\n" for i in reversed(range(depth)))
    return f"From: a@b.no\n{opening}Content-Type: text/plain\n\nhello\n{closing}".encode()


def nested_rfc822(depth: int) -> bytes:
    return ("From: a@b.no\n" + "Content-Type: message/rfc822\n\n" * depth + "Subject: inner\n\nhello\n").encode()


def long_line_body(size: int = 20_000_000) -> bytes:
    return b"From: a@b.no\nSubject: long\n\n" + b"a" * size + b"\n"


REFUSED = {
    "448 KB encoded-word subject": (encoded_word_subject, "header is"),
    "5,000 encoded-words in a part header": (encoded_words_in_part_headers, "encoded-words"),
    "100,000 flat parts": (lambda: flat_parts(100_000), "MIME parts"),
    "MIME nested 200 deep": (lambda: nested_multipart(200), "nesting"),
    "MIME nested 2,000 deep": (lambda: nested_multipart(2_000), "nesting"),
    "message/rfc822 nested 500 deep": (lambda: nested_rfc822(500), "nesting"),
}


@pytest.mark.parametrize("name", list(REFUSED))
def test_costly_structures_refused_from_the_raw_bytes(name):
    make, reason = REFUSED[name]
    raw = make()
    started = time.monotonic()
    with pytest.raises(LimitExceeded, match=reason):
        parse_message(raw, LIMITS)
    assert time.monotonic() - started < 1.0
    found = understand(raw)
    assert found.unreadable and reason in found.unreadable


@pytest.mark.parametrize("make", [lambda: flat_parts(900), lambda: nested_multipart(90), lambda: nested_rfc822(90)])
def test_structures_just_inside_the_limits_parse(make):
    started = time.monotonic()
    parsed, _ = parse_message(make(), LIMITS)
    assert time.monotonic() - started < 3
    assert parsed.from_addr == "a@b.no"


def test_twenty_megabyte_single_line_body_is_capped():
    started = time.monotonic()
    parsed, _ = parse_message(long_line_body(), LIMITS)
    assert time.monotonic() - started < 3
    assert len(parsed.body_text) == LIMITS.max_text_chars
    assert "BodyTruncated" in parsed.defects


def test_twenty_megabyte_single_line_body_bounded_end_to_end():
    """Field extraction over a 2 M-character line may be slow; the wall-time limit still holds."""
    started = time.monotonic()
    found = understand_bounded(long_line_body(), limits=Limits(parse_seconds=5))
    assert time.monotonic() - started < 8
    assert found.unreadable in (None, "reading the message took longer than 5 s")


def test_oversized_message_refused():
    with pytest.raises(LimitExceeded, match="limit is"):
        parse_message(long_line_body(1000), Limits(max_message_bytes=500))


def fixture(name: str) -> bytes:
    return (BAD / name).read_bytes()


def test_cp1252_without_charset():
    parsed, _ = parse_message(fixture("8bit_cp1252_no_charset.eml"), LIMITS)
    assert "Produsent: Øvre Ås AS" in parsed.body_text
    assert parsed.subject == "Registrering æøå"


def test_utf8_without_charset_and_missing_message_id():
    parsed, _ = parse_message(fixture("8bit_utf8_no_charset_no_msgid.eml"), LIMITS)
    assert "Produsent: Øvre Ås AS" in parsed.body_text
    assert parsed.subject == "Registrering æøå"
    assert parsed.message_id is None


def test_missing_from_parses_with_none():
    parsed, _ = parse_message(fixture("no_from.eml"), LIMITS)
    assert parsed.from_addr is None and parsed.message_id == "<nofrom@test>"


def test_empty_body():
    parsed, _ = parse_message(fixture("empty_body.eml"), LIMITS)
    assert parsed.body_text == "" and parsed.from_addr == "a@b.no"


@pytest.mark.parametrize("raw", [b"", b"   \r\n", b"\n\n\n"])
def test_empty_message_is_unreadable(raw):
    with pytest.raises(UnreadableMessage):
        parse_message(raw, LIMITS)


def test_address_in_display_name_does_not_win():
    parsed, _ = parse_message(fixture("from_display_address.eml"), LIMITS)
    assert parsed.from_addr == "b@good.no"
    assert parsed.reply_to is None  # two addresses: refuse rather than pick one


@pytest.mark.parametrize(
    "value, expected",
    [
        ('"a@evil.com" <b@good.no>', "b@good.no"),
        ("alice@example.org)<bob@example.org>", None),
        ("a@evil.com, b@good.no", None),
        ("<a@evil.com> <b@good.no>", None),
        ("b@good.no <a@evil.com>", None),
        ('"evil@x.com\\" <b@good.no>', None),
        ("Ola Nordmann <ola@firma.no>", "ola@firma.no"),
        ("=?utf-8?q?a=40evil=2Ecom?= <b@good.no>", "b@good.no"),
        ("undisclosed-recipients:;", None),
    ],
)
def test_strict_from(value, expected):
    raw = f"From: {value}\nSubject: x\n\nhi\n".encode()
    parsed, _ = parse_message(raw, LIMITS)
    assert parsed.from_addr == expected


@pytest.mark.parametrize("name", sorted(p.name for p in BAD.glob("*.eml")))
def test_every_bad_fixture_has_a_defined_outcome(name):
    found = understand(fixture(name))
    assert found.unreadable is None or found.unreadable


def test_broken_parts_are_read_as_far_as_possible():
    parsed, parts = parse_message(fixture("broken_parts_unterminated.eml"), LIMITS)
    assert parsed.from_addr == "a@b.no"
    assert len(parts) == 1


def test_five_hundred_attachments_through_the_bounded_path():
    msg = EmailMessage()
    msg["From"] = "a@b.no"
    msg.set_content("see attached")
    for number in range(500):
        msg.add_attachment(b"%PDF-1.4 junk", maintype="application", subtype="pdf", filename=f"d{number}.pdf")
    started = time.monotonic()
    found = understand_bounded(msg.as_bytes(), limits=LIMITS)
    assert time.monotonic() - started < 20
    assert found.unreadable is None
    assert any(flag.startswith("attachments_skipped:too_many") for flag in found.flags)


class TestIsolatedChild:
    """The child process: answers, and is replaced after a timeout or a memory overrun."""

    def test_answers_and_is_reused(self):
        first = understand_bounded(b"From: a@b.no\nSubject: x\n\nhello\n", limits=LIMITS)
        assert first.message.from_addr == "a@b.no"
        started = time.monotonic()
        for _ in range(20):
            understand_bounded(b"From: a@b.no\nSubject: x\n\nhello\n", limits=LIMITS)
        assert time.monotonic() - started < 2  # no process start per message

    def test_timeout_gives_a_reason_and_a_fresh_child(self):
        slow = Limits(parse_seconds=0.05)
        found = understand_bounded(long_line_body(), limits=slow)
        assert found.unreadable == "reading the message took longer than 0.05 s"
        after = understand_bounded(b"From: a@b.no\n\nhello\n", limits=LIMITS)
        assert after.unreadable is None and after.message.from_addr == "a@b.no"

    def test_memory_limit_gives_a_reason(self):
        found = understand_bounded(long_line_body(), limits=Limits(memory_mb=120))
        assert found.unreadable and "memory" in found.unreadable
        after = understand_bounded(b"From: a@b.no\n\nhello\n", limits=LIMITS)
        assert after.unreadable is None

    def test_in_process_path(self):
        found = understand_bounded(encoded_word_subject(), limits=LIMITS, isolate=False)
        assert found.unreadable and "header" in found.unreadable
