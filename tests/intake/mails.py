"""Mail a person sends the register's mailbox, built for the intake tests: one body, plain text
unless `html`, with keyword arguments for what a test varies (subject, sender, text attachments)."""

from __future__ import annotations

from email.message import EmailMessage

MAILBOX = "medisinsk.utstyr@dmp.no"
KARI = "Kari Nordmann <kari@nordlys.example.no>"


def mail(body: str, *, subject: str = "Registrering", sender: str = KARI, html: bool = False,
         attachments: tuple[tuple[str, str], ...] = ()) -> bytes:
    """The raw bytes of a mail to the register; each attachment is (filename, text), sent as plain text."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = MAILBOX
    msg["Subject"] = subject
    msg.set_content(body, subtype="html" if html else "plain")
    for filename, text in attachments:
        msg.add_attachment(text.encode("utf-8"), maintype="text", subtype="plain", filename=filename)
    return msg.as_bytes()
