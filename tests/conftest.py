"""Shared fixtures: a real database (SQLite, and PostgreSQL when configured), a running bot,
a real SMTP relay sink, and helpers to send mail over loopback."""

from __future__ import annotations

import asyncio
import os
import shutil
import threading
import uuid
from pathlib import Path

import pytest

from mailbot.settings import Settings
from tests.support import RelaySink, free_port

PG_ENV = "MDREG_TEST_DATABASE_URL"
FIXTURES = Path(__file__).parent / "fixtures"


def pytest_collection_modifyitems(config, items):
    pass


def _pg_base() -> str:
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"PostgreSQL runs only with {PG_ENV}=postgresql+psycopg://user@host/db set "
                    "(apt-get install postgresql; .ci/run sets it)")
    return base


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database_url(request, tmp_path):
    """A fresh database with no schema at all: a SQLite file, or a throw-away PostgreSQL database.
    For the tests of migrating itself."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'mdreg.db'}"
        return
    from tests.support import pg_database

    with pg_database(_pg_base(), f"mdreg_t_{uuid.uuid4().hex[:10]}") as url:
        yield url


@pytest.fixture(scope="session")
def migrated_sqlite_file(tmp_path_factory) -> Path:
    """One SQLite file migrated to head once per session; each test gets a copy of it, because
    running every migration again costs most of a second per test."""
    from store.db import open_database

    path = tmp_path_factory.mktemp("template") / "mdreg.db"
    open_database(f"sqlite:///{path}").dispose()
    return path


@pytest.fixture(scope="session")
def migrated_pg_template():
    """One PostgreSQL database migrated to head once per session, the template each test's
    database is copied from (CREATE DATABASE … TEMPLATE); dropped at the end."""
    from store.db import open_database
    from tests.support import pg_database

    base = os.environ.get(PG_ENV)
    if not base:
        yield None
        return
    name = f"mdreg_tpl_{uuid.uuid4().hex[:10]}"
    with pg_database(base, name) as url:
        open_database(url).dispose()
        yield name


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """A fresh database with the current schema and no rows: a SQLite file, or a throw-away
    PostgreSQL database."""
    if request.param == "sqlite":
        path = tmp_path / "mdreg.db"
        shutil.copyfile(request.getfixturevalue("migrated_sqlite_file"), path)
        yield f"sqlite:///{path}"
        return
    base = _pg_base()
    from tests.support import pg_database

    template = request.getfixturevalue("migrated_pg_template")
    with pg_database(base, f"mdreg_t_{uuid.uuid4().hex[:10]}", template=template) as url:
        yield url


@pytest.fixture
def settings(tmp_path, database_url) -> Settings:
    return Settings(
        db=database_url, data_dir=tmp_path / "var", smtp_port=free_port(), worker_poll_seconds=0.05,
        isolate_intake=False, send_backoff_seconds=0.2, send_backoff_max_seconds=1.0,
        actor="tester",
    )


@pytest.fixture
def engine(settings):
    from store.db import open_database

    engine = open_database(settings.database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def relay():
    """A real SMTP server on loopback that keeps what it is sent."""
    sink = RelaySink()
    sink.start()
    yield sink
    sink.stop()


@pytest.fixture
def relayed_settings(settings, relay) -> Settings:
    return settings.model_copy(update={"relay": f"127.0.0.1:{relay.port}"})


@pytest.fixture
def bot(relayed_settings, engine):
    """mdreg's services as `mdreg serve` runs them: SMTP edge and sender in this process, the
    worker in a child process."""
    yield from _services(relayed_settings, engine, worker_processes=True)


@pytest.fixture
def bot_in_one_process(relayed_settings, engine):
    """The same services with the worker as a thread of this process, for tests that read the
    worker's log records here."""
    yield from _services(relayed_settings, engine, worker_processes=False)


def _services(settings: Settings, engine, *, worker_processes: bool):
    from mailbot.runners.serve import run_services

    loop = asyncio.new_event_loop()
    until = asyncio.Event()
    started = threading.Event()

    def run() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(run_services(settings=settings, engine=engine, until=until, started=started,
                                             worker_processes=worker_processes))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert started.wait(10), "mdreg did not start"
    yield settings
    loop.call_soon_threadsafe(until.set)
    thread.join(15)
    loop.close()
