"""Building outgoing messages: proper replies whose headers no incoming value can inject into.

Pure: returns the bytes for the outbox; the sender does the delivering.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from datetime import datetime, timezone
from email.utils import format_datetime, make_msgid

from intake.errors import UnsafeAddress
from intake.replies.idn import NotEncodable, ascii_domain, needs_smtputf8

LOOP_HEADER = "X-Mdreg-Loop"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
_RE_PREFIX = re.compile(r"^\s*((re|sv|aw|vs|fw|fwd|vs)\s*:\s*)+", re.IGNORECASE)


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
    base = _RE_PREFIX.sub("", one_line(original, 200))
    base = base.replace(f"[{reference}]", "").strip()
    return f"Re: {base} [{reference}]".replace("Re:  [", "Re: [")


def compose_reply(
    *, mailbox: str, to_addr: str, subject: str, reference: str, body: str,
    in_reply_to: str | None, references: tuple[str, ...] = (),
) -> Composed:
    """A reply from the mailbox to the applicant, marked as automatic (RFC 3834)."""
    msg = _base(mailbox=mailbox, to_addr=to_addr, subject=reply_subject(subject, reference), body=body)
    thread = [r for r in (*references, in_reply_to) if r and _is_msgid(r)]
    if in_reply_to and _is_msgid(in_reply_to):
        msg["In-Reply-To"] = in_reply_to
    if thread:
        msg["References"] = " ".join(dict.fromkeys(thread[-20:]))
    msg["Auto-Submitted"] = "auto-replied"
    return _finish(msg, to_addr)


def compose_message(*, mailbox: str, to_addr: str, subject: str, body: str,
                    auto: bool = False) -> Composed:
    """A new message from the mailbox (a staff reply, a notice)."""
    msg = _base(mailbox=mailbox, to_addr=to_addr, subject=one_line(subject), body=body)
    if auto:
        msg["Auto-Submitted"] = "auto-generated"
    return _finish(msg, to_addr)


def _base(*, mailbox: str, to_addr: str, subject: str, body: str) -> EmailMessage:
    msg = EmailMessage(policy=policy.SMTP)
    msg["From"] = Address(display_name="Register for medisinsk utstyr", addr_spec=mailbox)
    msg["To"] = safe_address(to_addr)
    msg["Subject"] = subject
    msg["Date"] = format_datetime(datetime.now(timezone.utc))
    msg["Message-ID"] = make_msgid(idstring="mdreg", domain=mailbox.rpartition("@")[2] or "localhost")
    msg[LOOP_HEADER] = mailbox
    msg.set_content(body, charset="utf-8")
    return msg


def _finish(msg: EmailMessage, to_addr: str) -> Composed:
    # Only a non-ASCII local part needs UTF-8 headers; everything else stays 7-bit.
    raw = msg.as_bytes(policy=policy.SMTPUTF8 if needs_smtputf8(to_addr) else policy.SMTP)
    return Composed(to_addr=to_addr, message_id=str(msg["Message-ID"]), subject=str(msg["Subject"]), raw=raw)


def _is_msgid(value: str) -> bool:
    return bool(re.fullmatch(r"<[^<>\s]{1,500}>", value))
