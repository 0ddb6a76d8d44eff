"""Conversation tests: the bot with a small daily reply cap, and helpers to play the applicant."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sqlmodel import Session, select

from store.models import Case, InboundMessage, OutboxMessage
from tests.support import send, wait_for

MAIL = Path(__file__).resolve().parents[1] / "fixtures" / "conversation"


@pytest.fixture
def relayed_settings(settings, relay):
    return settings.model_copy(update={"relay": f"127.0.0.1:{relay.port}", "replies_per_sender_per_day": 4,
                                       "max_requests_per_case": 3})


def fixture_mail(name: str, *, ref: str = "", in_reply_to: str = "") -> bytes:
    """A fixture with its placeholders filled, in CRLF as it travels over SMTP."""
    raw = (MAIL / name).read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    return raw.replace(b"%REF%", ref.encode()).replace(b"%IN_REPLY_TO%", in_reply_to.encode())


class Conversation:
    """The applicant's side: send a message, wait until mdreg has processed it."""

    def __init__(self, bot, engine, relay) -> None:
        self.bot, self.engine, self.relay = bot, engine, relay

    def send(self, raw: bytes, *, mail_from: str = "kari.nordmann@fjordmed.example.no") -> None:
        before = self.processed()
        send(self.bot.smtp_port, raw, mail_from=mail_from)
        wait_for(lambda: self.processed() > before)
        time.sleep(0.1)

    def processed(self) -> int:
        with Session(self.engine) as session:
            return len(session.exec(select(InboundMessage.id).where(InboundMessage.status == "done")).all())

    def replies(self, count: int) -> list:
        """Wait until the relay has `count` messages and return them."""
        return wait_for(lambda: len(self.relay.received) >= count and self.relay.received)[:count]

    def quiet(self, count: int, seconds: float = 1.0) -> None:
        """Nothing beyond `count` messages reaches the relay (and nothing is queued to go)."""
        time.sleep(seconds)
        assert len(self.relay.received) == count
        with Session(self.engine) as session:
            assert len(session.exec(select(OutboxMessage.id)).all()) == count

    def case(self, reference: str | None = None) -> Case:
        with Session(self.engine) as session:
            query = select(Case).order_by(Case.id)
            if reference:
                query = query.where(Case.reference == reference)
            return session.exec(query).first()

    def cases(self) -> list[Case]:
        with Session(self.engine) as session:
            return list(session.exec(select(Case).order_by(Case.id)).all())


@pytest.fixture
def talk(bot, engine, relay) -> Conversation:
    return Conversation(bot, engine, relay)
