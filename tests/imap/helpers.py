"""Small helpers shared by the IMAP tests."""

from __future__ import annotations

from imapclient import IMAPClient
from sqlalchemy import func
from sqlmodel import Session, select

from store.models import InboundMessage


def simple_mail(n: int, *, tag: str = "t") -> bytes:
    return (
        f"From: sender{n}@example.no\r\nTo: medisinsk.utstyr@localhost\r\n"
        f"Subject: message {n}\r\nMessage-ID: <{tag}.{n}@example.no>\r\n\r\n"
        f"body of message {n}\r\n"
    ).encode()


def append_many(client: IMAPClient, folder: str, messages: list[bytes], chunk: int = 500) -> None:
    """APPEND over one connection; MULTIAPPEND (RFC 3502) in chunks when the server offers it."""
    if client.has_capability("MULTIAPPEND"):
        for start in range(0, len(messages), chunk):
            client.multiappend(folder, messages[start:start + chunk])
    else:
        for raw in messages:
            client.append(folder, raw)


def inbound_count(engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(InboundMessage)).one()


def inbound_rows(engine) -> list[InboundMessage]:
    with Session(engine) as session:
        return list(session.exec(select(InboundMessage).order_by(InboundMessage.id)).all())


def folder_count(client: IMAPClient, folder: str) -> int:
    return int(client.folder_status(folder, [b"MESSAGES"])[b"MESSAGES"])
