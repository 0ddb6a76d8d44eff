"""Fixtures for the register tests: bring a registration in through the real worker path."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from store.models import Case, InboundMessage


@pytest.fixture
def intake(settings, engine):
    """Store a raw message and run the real worker on it; returns the case."""
    from mailbot.runners.worker import Worker
    from store.inbox import store_raw

    def run(raw: bytes, **overrides) -> Case:
        stored = store_raw(engine=engine, raw=raw, source="ingest")
        assert Worker(settings=settings.model_copy(update=overrides), engine=engine).process_one()
        with Session(engine) as session:
            case_id = session.get(InboundMessage, stored.inbound_id).case_id
            return session.exec(select(Case).where(Case.id == case_id)).one()

    return run
