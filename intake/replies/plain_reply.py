"""The common reply's bytes written directly: the same bytes intake/replies/compose.py builds
through email.message, without parsing every header it has just made.

The email package parses each header set on a message into a structured object, then folds it
again on output: most of the cost of composing a reply (bench/worker_cost.py). Here a header whose
value is plain (printable ASCII words, one space apart, no encoded word) and fits on its line is
written as it stands, which is what that round trip gives; any other goes through the same
policy's header factory and folder, as in the message. The body is encoded as
email.contentmanager encodes text (7bit, 8bit, quoted-printable or base64, by the same rules).
Anything outside that (a non-ASCII subject, an address needing SMTPUTF8) is left to compose.py:
`plain_reply` then answers None. tests/replies/test_plain_reply.py holds the two to the same bytes.
"""

from __future__ import annotations

import binascii
import functools
import re
from email import quoprimime
from email.headerregistry import Address

_PLAIN = re.compile(r"[!-~]+(?: [!-~]+)*\Z")  # printable ASCII words, one space apart
_NEWLINES = re.compile(r"\r\n|\r|\n")
DISPLAY_NAME = "Register for medisinsk utstyr"
LOOP_HEADER = "X-Mdreg-Loop"  # marks our own mail, so that it is never answered


def plain_reply(*, policy, mailbox: str, to: Address, subject: str, date: str, message_id: str,
                in_reply_to: str | None, references: str | None, body: str) -> bytes | None:
    """The reply's bytes under `policy` (compose.py's 7-bit SMTP policy), or None when its subject
    is not ASCII (compose.py encodes that one itself)."""
    if not subject.isascii():
        return None
    cte, payload = _encode_text(body, policy=policy)
    head = [_from_line(policy, mailbox),
            _line(policy, "To", str(to)), _line(policy, "Subject", subject), _line(policy, "Date", date),
            _line(policy, "Message-ID", message_id), _constant_line(policy, LOOP_HEADER, mailbox),
            _constant_line(policy, "Content-Type", 'text/plain; charset="utf-8"'),
            _constant_line(policy, "Content-Transfer-Encoding", cte), _constant_line(policy, "MIME-Version", "1.0")]
    if in_reply_to:
        head.append(_line(policy, "In-Reply-To", in_reply_to))
    if references:
        head.append(_line(policy, "References", references))
    head.append(_constant_line(policy, "Auto-Submitted", "auto-replied"))
    lines = _NEWLINES.split(payload)
    text = "\r\n".join(lines) if lines[-1] else "\r\n".join(lines[:-1]) + "\r\n"
    return b"".join(head) + b"\r\n" + text.encode("ascii", "surrogateescape")


def _line(policy, name: str, value: str) -> bytes:
    if len(name) + 2 + len(value) <= policy.max_line_length and "=?" not in value and _PLAIN.match(value):
        return f"{name}: {value}\r\n".encode("ascii")
    return _folded(policy, name, value)


@functools.lru_cache(maxsize=64)
def _from_line(policy, mailbox: str) -> bytes:
    return _folded(policy, "From", Address(display_name=DISPLAY_NAME, addr_spec=mailbox))


@functools.lru_cache(maxsize=64)
def _constant_line(policy, name: str, value: str) -> bytes:
    """A header the same in every reply (per mailbox), folded once."""
    return _folded(policy, name, value)


def _folded(policy, name: str, value) -> bytes:
    # What the generator writes for the header object that setting msg[name] = value makes.
    return policy.fold_binary(name, policy.header_factory(name, value))


def _encode_text(string: str, *, policy) -> tuple[str, str]:
    """email.contentmanager's choice of transfer encoding for UTF-8 text, and the payload."""
    lines = string.encode("utf-8").splitlines()
    maxlen = policy.max_line_length
    normal = b"\n".join(lines) + b"\n"
    if max((len(x) for x in lines), default=0) <= maxlen:
        if normal.isascii():
            return "7bit", normal.decode("ascii")
        if policy.cte_type == "8bit":
            return "8bit", normal.decode("ascii", "surrogateescape")
    embedded = b"\r\n".join(lines[:10]) + b"\r\n"
    sniff_qp = quoprimime.body_encode(embedded.decode("latin-1"), maxlen)
    if len(sniff_qp) > len(binascii.b2a_base64(embedded)):
        whole = b"\r\n".join(lines) + b"\r\n"
        unit = maxlen // 4 * 3
        return "base64", "".join(binascii.b2a_base64(whole[i:i + unit]).decode("ascii")
                                 for i in range(0, len(whole), unit))
    if len(lines) <= 10:
        return "quoted-printable", sniff_qp
    return "quoted-printable", quoprimime.body_encode(normal.decode("latin-1"), maxlen)
