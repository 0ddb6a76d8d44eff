"""Attack fixtures: the victim's registration, mail an attacker can write, and the real worker
and sender to run them through (store_raw → Worker → accept → Sender → relay sink)."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from store.models import Case, InboundMessage


@pytest.fixture
def run_mail(settings, engine):
    """Store a raw message as the SMTP edge would and run the real worker on it; the case's reference."""
    from mailbot.runners.worker import Worker
    from store.inbox import store_raw

    def run(raw: bytes, *, envelope_from: str | None = None, worker_settings=None) -> str | None:
        stored = store_raw(engine=engine, raw=raw, source="smtp",
                           envelope_from=envelope_from if envelope_from is not None else "someone@example.net")
        assert Worker(settings=worker_settings or settings, engine=engine).process_one()
        with Session(engine) as session:
            message = session.get(InboundMessage, stored.inbound_id)
            case = session.get(Case, message.case_id) if message.case_id else None
            return case.reference if case else None

    return run


@pytest.fixture
def case_of(engine):
    def get(reference: str) -> Case:
        with Session(engine) as session:
            return session.exec(select(Case).where(Case.reference == reference)).one()

    return get


@pytest.fixture
def deliver_all(relayed_settings, engine):
    """Run the real sender until the outbox has nothing due; the relay sink keeps what it got."""
    from mailbot.runners.sender import Sender

    def run() -> None:
        sender = Sender(settings=relayed_settings, engine=engine)
        while sender.deliver_one():
            pass

    return run
