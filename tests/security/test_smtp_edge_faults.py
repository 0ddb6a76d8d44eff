"""The SMTP edge never sends exception text to a client."""

from __future__ import annotations

import socket

LEAKS = ("codec", "can't decode", "can't encode", "Error: (", "in position", "surrogate", "Traceback")


def exchange(port: int, lines: list[bytes]) -> list[str]:
    """Speak SMTP line by line over loopback; the server's (last) reply line to each line sent."""
    answers = []
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        stream = sock.makefile("rb")
        stream.readline()  # greeting
        for line in lines:
            sock.sendall(line + b"\r\n")
            reply = stream.readline()
            while reply[3:4] == b"-":
                reply = stream.readline()
            answers.append(reply.decode("ascii", "replace"))
    return answers


def test_a_sender_address_that_is_not_utf8_under_smtputf8_is_refused_plainly(bot):
    answers = exchange(bot.smtp_port, [b"EHLO client.example", b"MAIL FROM:<kari\xff\xfe@firm.no> SMTPUTF8",
                                       b"RCPT TO:<medisinsk.utstyr@localhost>", b"DATA"])
    assert answers[1].startswith("501 5.1.7"), answers
    for reply in answers:
        assert not any(leak in reply for leak in LEAKS), reply

