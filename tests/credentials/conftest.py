"""Fixtures for the credential tests: our mail server's authserv-id, auto-accept on, and helpers
to bring a registration in through the real worker path."""

from __future__ import annotations

import pytest

from tests.credentials.builders import AUTH_SERV_ID


@pytest.fixture
def settings(settings, database_url):
    """The shared settings, plus a trusted authserv-id and auto-accept switched on.

    (`database_url` is named so that pytest still parametrizes it through this override.)"""
    return settings.model_copy(update={"auth_serv_id": AUTH_SERV_ID, "auto_accept": True})


@pytest.fixture
def intake(settings, engine):
    """Store a raw message and run the real worker on it; returns the case's reference."""
    from mailbot.runners.worker import Worker
    from store.inbox import store_raw

    def run(raw: bytes, *, auto_accept: bool = False) -> str:
        stored = store_raw(engine=engine, raw=raw, source="ingest")
        worker_settings = settings.model_copy(update={"auto_accept": auto_accept})
        assert Worker(settings=worker_settings, engine=engine).process_one()
        return _case_of(engine, stored.inbound_id)

    return run


@pytest.fixture
def sender(relayed_settings, engine):
    """The real sender, delivering to the relay sink, one message per call."""
    from mailbot.runners.sender import Sender

    return Sender(settings=relayed_settings, engine=engine)


def _case_of(engine, inbound_id: int) -> str:
    from sqlmodel import Session

    from store.models import Case, InboundMessage

    with Session(engine) as session:
        message = session.get(InboundMessage, inbound_id)
        return session.get(Case, message.case_id).reference
