"""`mdreg serve --no-smtp` on IMAP, SIGKILLed in the middle of a drain and started again, on SQLite
and on PostgreSQL, with the default leases (30 s): every message becomes exactly one case with one
reply, all within 60 s after the restart (a resend with the same Message-ID is allowed)."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import uuid
from collections import defaultdict

import pytest
from sqlmodel import Session, select

from store.db import open_database
from store.models import InboundMessage
from tests.imap import dovecot as dv
from tests.imap.conftest import open_client
from tests.imap.helpers import append_many, folder_count, inbound_count
from tests.imap.proxy import CutProxy
from tests.support import pg_database, registration_mail, start_mdreg, wait_for

TOTAL = 60
RECOVERY_SECONDS = 60


def serve_args(tmp_path, db: str, user: str, imap_port: int, relay_port: int) -> list[str]:
    password = tmp_path / "imap-password"
    password.write_text(dv.PASSWORD + "\n")
    return ["serve", "--no-smtp", "--db", db, "--data-dir", str(tmp_path / "var"),
            "--relay", f"127.0.0.1:{relay_port}", "--imap-host", "127.0.0.1", "--imap-port", str(imap_port),
            "--imap-security", "none", "--imap-user", user, "--imap-password-file", str(password),
            "--imap-batch", "5", "--imap-idle-seconds", "30"]


SERVE_ENV = {
    "MDREG_ISOLATE_INTAKE": "false",
    "MDREG_IMAP_BACKOFF_SECONDS": "0.1", "MDREG_IMAP_BACKOFF_MAX_SECONDS": "0.5",
    "MDREG_SEND_BACKOFF_SECONDS": "0.2", "MDREG_SEND_BACKOFF_MAX_SECONDS": "1",
}


def all_done(engine) -> bool:
    with Session(engine) as session:
        rows = session.exec(select(InboundMessage.status)).all()
    return len(rows) == TOTAL and all(status == "done" for status in rows)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(params=["sqlite", "postgresql"])
def kill_db(request, tmp_path):
    """The test's database: a SQLite file, or a throw-away PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'serve.db'}"
        return
    base = os.environ.get("MDREG_TEST_DATABASE_URL")
    if not base:
        pytest.skip("PostgreSQL runs only with MDREG_TEST_DATABASE_URL set (.ci/run sets it)")
    with pg_database(base, f"mdreg_t_{uuid.uuid4().hex[:10]}") as url:
        yield url


def test_serve_killed_mid_batch_and_restarted_makes_one_case_and_one_reply_each(
        tmp_path, dovecot_server, mailbox_user, relay, kill_db):
    mails = [registration_mail(n) for n in range(TOTAL)]
    client = open_client(dovecot_server, mailbox_user)
    append_many(client, "INBOX", mails)
    db = kill_db
    engine = open_database(db)
    proxy = CutProxy(dovecot_server.port, chunk=512, delay=0.02).start()  # about 25 kB/s: a slow drain
    args = serve_args(tmp_path, db, mailbox_user, proxy.port, relay.port)
    log = tmp_path / "serve.log"
    first = start_mdreg(args, env=SERVE_ENV, log_path=log)
    try:
        wait_for(lambda: inbound_count(engine) >= 10 or first.poll() is not None, timeout=60)
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        at_kill = inbound_count(engine)
        assert 10 <= at_kill < TOTAL, f"not killed mid-drain ({at_kill} stored)\n{log.read_text()}"
        second = start_mdreg(args, env=SERVE_ENV, log_path=log)
        restarted = time.monotonic()
        try:
            wait_for(lambda: all_done(engine) and len({m["In-Reply-To"] for m in relay.received}) >= TOTAL,
                     timeout=RECOVERY_SECONDS, interval=0.2)
            assert time.monotonic() - restarted < RECOVERY_SECONDS
            time.sleep(1.0)  # room for a wrong second reply to show up
        finally:
            stop(second)
        assert folder_count(client, "INBOX") == 0 and folder_count(client, "mdreg-processed") == TOTAL
    finally:
        stop(first)
        proxy.stop()
        client.logout()
    with Session(engine) as session:
        rows = session.exec(select(InboundMessage)).all()
    engine.dispose()
    assert len(rows) == TOTAL
    assert len({row.case_id for row in rows if row.case_id is not None}) == TOTAL, log.read_text()[-3000:]
    replies: dict[str, set[str]] = defaultdict(set)
    for reply in relay.received:
        replies[reply["In-Reply-To"]].add(reply["Message-ID"])
    originals = {f"<reg.{n}.{n * 7919 % 100003}@medtek{n:05d}.example.no>" for n in range(TOTAL)}
    assert set(replies) == originals
    assert all(len(ids) == 1 for ids in replies.values()), {k: v for k, v in replies.items() if len(v) > 1}
