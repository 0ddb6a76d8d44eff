"""Building outgoing messages: proper replies whose headers no incoming value can inject into.

Pure: returns the bytes for the outbox; the sender does the delivering.
"""

from __future__ import annotations

import functools
import re
from itertools import groupby
from dataclasses import dataclass
from email import policy
from email.headerregistry import Address, HeaderRegistry
from email.message import EmailMessage
from datetime import datetime, timezone
from email.utils import format_datetime, make_msgid

from intake.errors import UnsafeAddress
from intake.replies.idn import NotEncodable, ascii_domain, needs_smtputf8
from intake.replies.plain_reply import DISPLAY_NAME, LOOP_HEADER, plain_reply

_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
_RE_PREFIX = re.compile(r"^\s*((re|sv|aw|vs|fw|fwd|vs)\s*:\s*)+", re.IGNORECASE)
# Any case token, ours or another case's: a reply's subject carries exactly one, its own.
_TOKEN = re.compile(r"\s*\[\s*MDREG-\d{4}-\d{6}\s*\]", re.IGNORECASE)


@dataclass(frozen=True)
class Composed:
    """A message ready for the outbox."""

    to_addr: str
    message_id: str
    subject: str
    raw: bytes


def one_line(value: str | None, limit: int = 300) -> str:
    """Collapse a value taken from incoming mail to one line with no control characters."""
    return _CONTROL.sub(" ", value or "").strip()[:limit]


def safe_address(addr: str) -> Address:
    """A single, plain addr-spec, or UnsafeAddress: the recipient must be exactly one mailbox.

    A Unicode domain is written in its IDNA form (any relay takes it); a non-ASCII local part is
    kept as it is, and the message then goes out as UTF-8 over SMTPUTF8 (see `_finish`)."""
    clean = addr.strip()
    if not clean or _CONTROL.search(clean) or any(c in clean for c in ' ,;<>()"\\'):
        raise UnsafeAddress(f"refusing to send to {clean!r}")
    local, at, domain = clean.rpartition("@")
    if not at or not local or not domain:
        raise UnsafeAddress(f"refusing to send to {clean!r}")
    try:
        domain = ascii_domain(domain) if local.isascii() else domain
        if local.isascii():
            return Address(addr_spec=f"{local}@{domain}")
        return Address(username=local, domain=domain)
    except (ValueError, IndexError, NotEncodable) as exc:
        raise UnsafeAddress(f"refusing to send to {clean!r}") from exc


def reply_subject(original: str, reference: str) -> str:
    base = _RE_PREFIX.sub("", _TOKEN.sub("", one_line(original, 200))).strip()
    return f"Re: {base} [{reference}]" if base else f"Re: [{reference}]"


def compose_reply(
    *, mailbox: str, to_addr: str, subject: str, reference: str, body: str,
    in_reply_to: str | None, references: tuple[str, ...] = (),
) -> Composed:
    """A reply from the mailbox to the applicant, marked as automatic (RFC 3834).

    Written directly (intake/replies/plain_reply.py: the same bytes, a third of the time) unless
    it needs SMTPUTF8 or its subject is not ASCII; then through email.message."""
    subject = " ".join(reply_subject(subject, reference).split())
    to = safe_address(to_addr)
    date, message_id = _stamp(mailbox)
    parent = in_reply_to if in_reply_to and _is_msgid(in_reply_to) else None
    thread = [r for r in (*references, in_reply_to) if r and _is_msgid(r)]
    chain = " ".join(dict.fromkeys(thread[-20:])) if thread else None
    if not needs_smtputf8(to_addr):
        raw = plain_reply(policy=_policies()[0], mailbox=mailbox, to=to, subject=subject, date=date,
                          message_id=message_id, in_reply_to=parent, references=chain, body=body)
        if raw is not None:
            return Composed(to_addr=to_addr, message_id=message_id, subject=subject, raw=raw)
    msg = _base(mailbox=mailbox, to_addr=to_addr, subject=subject, body=body, stamp=(date, message_id))
    if parent:
        msg["In-Reply-To"] = parent
    if chain:
        msg["References"] = chain
    msg["Auto-Submitted"] = "auto-replied"
    return _finish(msg, to_addr)


def compose_message(*, mailbox: str, to_addr: str, subject: str, body: str,
                    auto: bool = False) -> Composed:
    """A new message from the mailbox (a staff reply, a notice)."""
    msg = _base(mailbox=mailbox, to_addr=to_addr, subject=one_line(subject), body=body)
    if auto:
        msg["Auto-Submitted"] = "auto-generated"
    return _finish(msg, to_addr)


def _stamp(mailbox: str) -> tuple[str, str]:
    """(Date, Message-ID) of a new message."""
    return (format_datetime(datetime.now(timezone.utc)),
            make_msgid(idstring="mdreg", domain=mailbox.rpartition("@")[2] or "localhost"))


def _base(*, mailbox: str, to_addr: str, subject: str, body: str,
          stamp: tuple[str, str] | None = None) -> EmailMessage:
    date, message_id = stamp or _stamp(mailbox)
    msg = EmailMessage(policy=_policies()[0])
    msg["From"] = Address(display_name=DISPLAY_NAME, addr_spec=mailbox)
    msg["To"] = safe_address(to_addr)
    msg["Subject"] = " ".join(subject.split())  # one space between words, as folding keeps it
    msg["Date"] = date
    msg["Message-ID"] = message_id
    msg[LOOP_HEADER] = mailbox
    msg.set_content(body, charset="utf-8")
    return msg


def _finish(msg: EmailMessage, to_addr: str) -> Composed:
    # Only a non-ASCII local part needs UTF-8 headers; everything else stays 7-bit, its subject
    # encoded and folded by _with_subject.
    if needs_smtputf8(to_addr):
        raw = msg.as_bytes(policy=_policies()[1])
    else:
        raw = _with_subject(msg.as_bytes(policy=_policies()[0]), str(msg["Subject"]))
    return Composed(to_addr=to_addr, message_id=str(msg["Message-ID"]), subject=str(msg["Subject"]), raw=raw)


class _HeaderClasses(HeaderRegistry):
    """The standard header registry, but each header's class is made once: the stdlib makes a new
    class with type() for every header it parses, a sixth of the time of composing a reply."""

    def __init__(self) -> None:
        super().__init__()
        self._made: dict[str, type] = {}

    def __getitem__(self, name: str) -> type:
        key = name.lower()
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = super().__getitem__(name)
        return made


@functools.cache
def _policies() -> tuple[policy.EmailPolicy, policy.EmailPolicy]:
    """policy.SMTP and policy.SMTPUTF8 with that registry (made on first use, then kept)."""
    headers = _HeaderClasses()
    return policy.SMTP.clone(header_factory=headers), policy.SMTPUTF8.clone(header_factory=headers)


def _with_subject(raw: bytes, subject: str) -> bytes:
    """`raw` with its Subject encoded and folded by email.header: the policy's folder can put an
    empty first line (decoded as a leading space) or empty encoded words into a long non-ASCII
    subject; Header keeps text on the first line and every encoded word within 75 characters."""
    if subject.isascii():
        return raw
    from email.header import Header

    header = Header(header_name="Subject")
    for ascii_run, words in groupby(subject.split(" "), key=str.isascii):
        header.append(" ".join(words), "us-ascii" if ascii_run else "utf-8")
    folded = header.encode(linesep="\r\n").encode("ascii")
    head, sep, body = raw.partition(b"\r\n\r\n")
    lines, out, skipping = head.split(b"\r\n"), [], False
    for line in lines:
        if line.lower().startswith(b"subject:"):
            out.append(b"Subject: " + folded)
            skipping = True
        elif skipping and line[:1] in (b" ", b"\t"):
            continue
        else:
            skipping = False
            out.append(line)
    return b"\r\n".join(out) + sep + body


def _is_msgid(value: str) -> bool:
    return bool(re.fullmatch(r"<[^<>\s]{1,500}>", value))
