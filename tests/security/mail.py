"""Mail for the attack tests: the victim's registration and what an attacker writes."""

from __future__ import annotations

from email import policy
from email.message import EmailMessage
from email.utils import format_datetime
from datetime import datetime, timezone

from tests.credentials.builders import body_nb, declaration_docx

ORG = "974760673"
VICTIM = "kari.nordmann@fjordmed.example"
VICTIM_CONTACT = "post@fjordmed.example"
VICTIM_MSGID = "<reg.4411@fjordmed.example>"
ATTACKER = "mallory@evil.example"
ATTACKER_CONTACT = "evil@attacker.example"


def registration(*, from_addr: str = VICTIM, contact: str = VICTIM_CONTACT, message_id: str = VICTIM_MSGID,
                 headers: dict[str, str] | None = None, subject: str = "Registrering av medisinsk utstyr") -> bytes:
    """A complete registration in bokmål with a DoC attached, as the victim sends it."""
    msg = EmailMessage()
    for name, value in (headers or {}).items():
        msg[name] = value
    msg["From"] = f"Kari Nordmann <{from_addr}>"
    msg["To"] = "medisinsk.utstyr@localhost"
    msg["Subject"] = subject
    msg["Date"] = format_datetime(datetime(2026, 11, 16, 9, 12, 44, tzinfo=timezone.utc))
    msg["Message-ID"] = message_id
    msg.set_content(body_nb(contact=contact, org=ORG))
    msg.add_attachment(declaration_docx(), maintype="application",
                       subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
                       filename="samsvarserklaering.docx")
    return msg.as_bytes(policy=policy.SMTP)


def follow_up(*, from_addr: str, subject: str = "Re: Registrering av medisinsk utstyr",
              headers: dict[str, str] | None = None, contact: str = ATTACKER_CONTACT,
              message_id: str = "<f.1@evil.example>") -> bytes:
    """A short follow-up giving the org number and a (new) contact e-mail."""
    msg = EmailMessage()
    for name, value in (headers or {}).items():
        msg[name] = value
    msg["From"] = from_addr
    msg["To"] = "medisinsk.utstyr@localhost"
    msg["Subject"] = subject
    msg["Date"] = format_datetime(datetime(2026, 11, 16, 10, 2, 11, tzinfo=timezone.utc))
    msg["Message-ID"] = message_id
    msg.set_content("Hei,\n\nvi har fått ny e-postadresse, bruk denne for brukernavn og passord.\n\n"
                    f"Organisasjonsnummer: {ORG}\nE-post: {contact}\n\nMvh\nKari Nordmann\nFjordmed AS\n")
    return msg.as_bytes(policy=policy.SMTP)


def without_line(raw: bytes, start: bytes) -> bytes:
    """The message with the body line beginning `start` left out (an incomplete registration)."""
    return b"\r\n".join(line for line in raw.split(b"\r\n") if not line.startswith(start))
