"""While the database is unwritable the worker logs one line per change of state (not a traceback
every poll), and recovers by itself when it is writable again.

PostgreSQL is made read-only for new sessions (default_transaction_read_only) and the worker's
connections are ended, as a failover to a read-only replica or a full disk would do."""

from __future__ import annotations

import logging
import threading
import time

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import Session, select

from mailbot.runners.worker import Worker
from store.inbox import store_raw
from store.models import InboundMessage
from tests.security.mail import registration
from tests.support import wait_for


def set_read_only(url: str, on: bool) -> None:
    name = make_url(url).database
    admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'ALTER DATABASE "{name}" SET default_transaction_read_only = {"on" if on else "off"}'))
        conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          "WHERE datname = :name AND pid <> pg_backend_pid()"), {"name": name})
    admin.dispose()


def test_an_unwritable_database_is_logged_once_and_the_worker_recovers(settings, engine, caplog):
    if engine.dialect.name != "postgresql":
        pytest.skip("made read-only through PostgreSQL's default_transaction_read_only")
    store_raw(engine=engine, raw=registration(), source="smtp", envelope_from="kari.nordmann@fjordmed.example")
    set_read_only(settings.database_url, True)
    stop = threading.Event()
    worker = Worker(settings=settings.model_copy(update={"worker_poll_seconds": 0.05}), engine=engine)
    thread = threading.Thread(target=worker.run, args=(stop,), daemon=True)
    caplog.set_level(logging.INFO, logger="mdreg")
    try:
        thread.start()
        time.sleep(2.0)  # about 40 polls against a read-only database
        failing = [r for r in caplog.records if r.name == "mdreg.worker" and r.levelno >= logging.ERROR]
        assert len(failing) == 1 and "failing" in failing[0].getMessage()
        assert failing[0].exc_info is None  # one line, no traceback
        set_read_only(settings.database_url, False)

        def processed() -> bool:
            with Session(engine) as session:
                return session.exec(select(InboundMessage.status)).first() == "done"

        wait_for(processed, timeout=20)
    finally:
        stop.set()
        thread.join(10)
        set_read_only(settings.database_url, False)
    assert any("working again" in r.getMessage() for r in caplog.records if r.name == "mdreg.worker")
    errors = [r for r in caplog.records if r.name == "mdreg.worker" and r.levelno >= logging.ERROR]
    assert len(errors) == 1
