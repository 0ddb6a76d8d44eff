"""SQLite's BEGIN IMMEDIATE gets the write lock as soon as the writer holding it commits
(store/sqlite_begin.py), gives up as before once the busy timeout has passed, and leaves the busy
handler in place for the statements inside the transaction."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from sqlalchemy import text

from store import sqlite_begin
from store.db import make_engine


@pytest.fixture()
def engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'mdreg.db'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (n INTEGER)"))
    yield engine
    engine.dispose()


def hold_write_lock(engine, seconds: float, held: threading.Event, committed: list[float]) -> None:
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO t VALUES (1)"))
        held.set()
        time.sleep(seconds)
    committed.append(time.monotonic())


def test_a_waiting_transaction_begins_soon_after_the_writer_commits(engine):
    # SQLite's busy handler, left to itself, would look again at 228 ms and then at 328 ms: 75 ms late.
    held, committed = threading.Event(), []
    holder = threading.Thread(target=hold_write_lock, args=(engine, 0.25, held, committed))
    holder.start()
    held.wait(5)
    with engine.begin() as connection:
        began = time.monotonic()
        rows = connection.execute(text("SELECT count(*) FROM t")).scalar_one()
    holder.join()
    assert rows == 1
    assert began - committed[0] < 0.04


def test_begin_gives_up_once_the_busy_timeout_has_passed(engine, monkeypatch):
    monkeypatch.setattr(sqlite_begin, "BUSY_TIMEOUT_MS", 200)
    held = threading.Event()
    holder = threading.Thread(target=hold_write_lock, args=(engine, 1.0, held, []))
    holder.start()
    held.wait(5)
    started = time.monotonic()
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        engine.raw_connection().driver_connection.begin_immediate()
    waited = time.monotonic() - started
    holder.join()
    assert 0.2 <= waited < 0.9


def test_statements_inside_the_transaction_keep_the_busy_handler(engine):
    with engine.begin() as connection:
        assert connection.execute(text("PRAGMA busy_timeout")).scalar_one() == sqlite_begin.BUSY_TIMEOUT_MS


def test_an_error_other_than_busy_is_raised_at_once(tmp_path):
    connection = sqlite3.connect(tmp_path / "x.db", factory=sqlite_begin.PromptConnection, isolation_level=None)
    connection.execute("BEGIN")
    started = time.monotonic()
    with pytest.raises(sqlite3.OperationalError, match="within a transaction"):
        connection.begin_immediate()
    assert time.monotonic() - started < 0.1
    connection.close()
