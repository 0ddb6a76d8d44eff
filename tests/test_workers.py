"""Several `mdreg worker` processes share one backlog: every message exactly once, none stranded,
even when one of them is killed with SIGKILL in the middle of a message.

The workers run with MDREG_ISOLATE_INTAKE=false (intake in the worker process, not a bounded
child per message) to keep the 2,000-message run inside the test's time; the claim protocol under
test does not depend on it. For the same reason the PostgreSQL test database has
synchronous_commit off.
"""

from __future__ import annotations

import json
import os
import re
import signal
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text, update
from sqlmodel import Session, select

from mailbot.runners.worker import Worker
from store.db import open_database, session_scope
from store.inbox import store_raw
from store.models import AuditEvent, InboundMessage, OutboxMessage, utcnow
from tests.conftest import PG_ENV
from tests.support import registration_mail, start_mdreg, wait_for

CLAIM_TIMEOUT = 3.0
WORKER_ENV = {
    "MDREG_ISOLATE_INTAKE": "false",
    "MDREG_CLAIM_TIMEOUT_SECONDS": str(CLAIM_TIMEOUT),
    "MDREG_WORKER_POLL_SECONDS": "0.05",
    "MDREG_LOG_LEVEL": "INFO",
}
DEAD_WORKER = "worker:gone-host:1:dead00"


@pytest.fixture
def pg_url():
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"PostgreSQL runs only with {PG_ENV}=postgresql+psycopg://user@host/db set")
    from tests.support import pg_database

    name = f"mdreg_t_{uuid.uuid4().hex[:10]}"
    with pg_database(base, name) as url:
        # This throw-away database skips the fsync per commit (a crashed server may lose the last
        # commits; nothing here depends on that): on a shared CI disk it makes the run 3x faster.
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
        admin.dispose()
        yield url


def store_backlog(url: str, n: int) -> list[int]:
    """n distinct registrations stored the way the edge stores them, plus one claim left by a dead worker."""
    engine = open_database(url)
    try:
        ids = [store_raw(engine=engine, raw=registration_mail(i), source="smtp",
                         envelope_from=f"sender{i}@example.no").inbound_id for i in range(n)]
        with session_scope(engine) as session:  # a worker that died before these processes started
            session.execute(update(InboundMessage).where(InboundMessage.id == ids[n // 2])
                            .values(status="claimed", claimed_by=DEAD_WORKER, claimed_at=utcnow(), attempts=1))
        return ids
    finally:
        engine.dispose()


def claims_of(reader, pid: int) -> list[int]:
    with reader.connect() as conn:
        return list(conn.execute(
            text("SELECT id FROM inbound_message WHERE status = 'claimed' AND claimed_by LIKE :pat"),
            {"pat": f"worker:%:{pid}:%"},
        ).scalars())


def kill_holding_a_claim(reader, proc) -> list[int]:
    """SIGKILL `proc` while it holds a claim (frozen with SIGSTOP first, so it cannot finish it)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        os.kill(proc.pid, signal.SIGSTOP)
        time.sleep(0.3)  # let a commit already on the wire land
        held = claims_of(reader, proc.pid)
        if held:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(10)
            return held
        os.kill(proc.pid, signal.SIGCONT)
        time.sleep(0.05)
    raise AssertionError("the worker to be killed never held a claim")


def run_backlog(url: str, *, messages: int, processes: int, tmp_path: Path, timeout: float) -> None:
    ids = store_backlog(url, messages)
    reader = create_engine(url)  # plain reads: never waits on a worker's write lock
    logs = [tmp_path / f"worker{n}.log" for n in range(processes)]
    procs = [start_mdreg(["worker", "--db", url, "--data-dir", str(tmp_path / f"machine{n}")], env=WORKER_ENV,
                         log_path=logs[n]) for n in range(processes)]
    try:
        def done() -> int:
            with reader.connect() as conn:
                return conn.execute(text("SELECT count(*) FROM inbound_message WHERE status = 'done'")).scalar()

        wait_for(lambda: done() >= messages // 3, timeout=timeout)
        victim = procs[0]
        stranded = kill_holding_a_claim(reader, victim)
        assert victim.returncode == -signal.SIGKILL
        assert 1 <= len(stranded) <= Worker.batch_size, "a worker holds one batch of claims at a time"

        wait_for(lambda: done() == messages, timeout=timeout, interval=0.2)

        for proc in procs[1:]:
            assert proc.poll() is None, "a surviving worker died"
            proc.send_signal(signal.SIGTERM)
        for proc in procs[1:]:
            assert proc.wait(30) == 0, "SIGTERM stops a worker cleanly"
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait(10)
        reader.dispose()

    engine = create_engine(url)
    try:
        with Session(engine) as session:
            rows = session.exec(select(InboundMessage.id, InboundMessage.status, InboundMessage.case_id,
                                       InboundMessage.attempts)).all()
            events = session.exec(select(AuditEvent.detail).where(AuditEvent.action == "message_received")).all()
            replies = session.exec(select(OutboxMessage.inbound_id)).all()
    finally:
        engine.dispose()
    assert sorted(r.id for r in rows) == sorted(ids)
    assert all(r.status == "done" and r.case_id is not None for r in rows)
    assert Counter(int(d["inbound_id"]) for d in events) == Counter(ids), "one case update per message"
    assert Counter(replies) == Counter(ids), "one reply per message"
    attempts = {r.id: r.attempts for r in rows}
    assert attempts[ids[messages // 2]] == 2, "the dead worker's claim was taken over"
    assert all(attempts[i] == 2 for i in stranded), "the killed worker's claims were taken over"
    for log in logs[1:]:
        assert re.search(r"processed queue=\d+ case=MDREG-", log.read_text()), f"{log.name} did no work"


def test_workers_four_processes_on_postgresql_with_one_killed(pg_url, tmp_path):
    started = time.monotonic()
    run_backlog(pg_url, messages=2000, processes=4, tmp_path=tmp_path, timeout=150)
    assert time.monotonic() - started < 180


def test_workers_two_processes_on_sqlite_with_one_killed(tmp_path):
    run_backlog(f"sqlite:///{tmp_path / 'mdreg.db'}", messages=300, processes=2, tmp_path=tmp_path, timeout=90)


def test_workers_stop_on_sigterm_and_sigint(database_url, tmp_path):
    open_database(database_url).dispose()
    for sig in (signal.SIGTERM, signal.SIGINT):
        log = tmp_path / f"{sig.name}.log"
        proc = start_mdreg(["worker", "--db", database_url, "--threads", "2"], env=WORKER_ENV, log_path=log)
        try:
            wait_for(lambda: "mdreg worker ready" in log.read_text(), timeout=30)
            proc.send_signal(sig)
            assert proc.wait(20) == 0
            assert "mdreg worker stopped" in log.read_text()
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(10)


def test_workers_processes_option_runs_children_and_stops_them(database_url, tmp_path):
    engine = open_database(database_url)
    try:
        ids = [store_raw(engine=engine, raw=registration_mail(i), source="smtp").inbound_id for i in range(20)]
    finally:
        engine.dispose()
    log = tmp_path / "parent.log"
    proc = start_mdreg(["worker", "--db", database_url, "--processes", "2"], env=WORKER_ENV, log_path=log)
    try:
        wait_for(lambda: log.read_text().count("mdreg worker ready") == 2, timeout=60)
        reader = create_engine(database_url)
        try:
            def done():
                with reader.connect() as conn:
                    return conn.execute(text("SELECT count(*) FROM inbound_message WHERE status='done'")).scalar()

            wait_for(lambda: done() == len(ids), timeout=60)
        finally:
            reader.dispose()
        pids = set(re.findall(r"mdreg\.processed\[(\d+)\]: processed queue=\d+", log.read_text()))
        assert pids and str(proc.pid) not in pids, "the children did the work"
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0
        assert log.read_text().count("mdreg worker stopped") == 2
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)


def test_workers_processes_children_run_on_the_settings_the_parent_built(database_url, tmp_path):
    """The parent's --config file reaches its children as the parent read it: they read neither
    the environment nor ./mdreg.toml again (here a half-edited one that does not parse)."""
    open_database(database_url).dispose()
    (tmp_path / "mdreg.toml").write_text("claim_timeout_seconds =\n", encoding="utf-8")
    config = tmp_path / "worker.toml"
    config.write_text('log_format = "json"\n', encoding="utf-8")
    log = tmp_path / "parent.log"
    proc = start_mdreg(["worker", "--config", str(config), "--db", database_url, "--processes", "2"],
                       env=WORKER_ENV, log_path=log, cwd=tmp_path)

    def ready() -> list[dict]:
        lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
        return [line for line in lines if line["message"].startswith("mdreg worker ready")]

    try:
        wait_for(lambda: len(ready()) == 2, timeout=30)  # in JSON: the config file's log_format
        assert "exited with" not in log.read_text()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)


def test_workers_sender_role_delivers_the_outbox(database_url, tmp_path, relay):
    from intake.replies.compose import compose_message
    from store import outbox

    engine = open_database(database_url)
    try:
        composed = compose_message(mailbox="medisinsk.utstyr@localhost", to_addr="kari@example.no",
                                   subject="Hei", body="Hei\n")
        with session_scope(engine) as session:
            outbox.enqueue(session=session, to_addr=composed.to_addr, message_id=composed.message_id,
                           raw=composed.raw, subject=composed.subject)
    finally:
        engine.dispose()
    log = tmp_path / "sender.log"
    proc = start_mdreg(["sender", "--db", database_url, "--relay", f"127.0.0.1:{relay.port}"], env=WORKER_ENV,
                       log_path=log)
    try:
        envelope = wait_for(lambda: relay.envelopes, timeout=30)[0]
        assert envelope[1] == ["kari@example.no"]
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
