"""Group commit at the SMTP edge: messages arriving together share one transaction, and none of
them is acknowledged before that transaction commits."""

from __future__ import annotations

import os
import smtplib
import subprocess
import sys
import threading

from sqlmodel import Session, func, select

from store.models import InboundMessage
from tests.support import registration_mail, wait_for

CONCURRENT = 50


def _serve(settings, **env) -> subprocess.Popen:
    full = {**os.environ, "MDREG_DB": settings.database_url, "MDREG_DATA_DIR": str(settings.data_dir),
            "MDREG_SMTP_PORT": str(settings.smtp_port), "MDREG_WORKER_POLL_SECONDS": "0.05", **env}
    log = (settings.data_dir.parent / "serve.log").open("ab")
    proc = subprocess.Popen([sys.executable, "-m", "mailbot.cli.main", "serve"], env=full, stdout=log,
                            stderr=subprocess.STDOUT)
    log.close()
    wait_for(lambda: _listening(settings.smtp_port), timeout=60)
    return proc


def _listening(port: int) -> bool:
    try:
        with smtplib.SMTP("127.0.0.1", port, timeout=2) as client:
            return client.noop()[0] == 250
    except OSError:
        return False


def _send_all(port: int) -> dict[int, object]:
    """Each of CONCURRENT clients sends one message at the same moment; what each got back."""
    results: dict[int, object] = {}
    clients = []
    for n in range(CONCURRENT):
        client = smtplib.SMTP("127.0.0.1", port, timeout=30)
        client.ehlo()
        client.mail(f"applicant{n}@example.no")
        client.rcpt("medisinsk.utstyr@localhost")
        clients.append(client)
    start = threading.Barrier(CONCURRENT)

    def data(n: int) -> None:
        start.wait()
        try:
            results[n] = clients[n].data(registration_mail(n))
        except (OSError, smtplib.SMTPException) as exc:
            results[n] = exc

    threads = [threading.Thread(target=data, args=(n,)) for n in range(CONCURRENT)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    for client in clients:
        client.close()
    return results


def _stored(engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(InboundMessage)).one()


def test_killed_before_the_shared_commit_no_data_got_250_and_a_retry_stores_all(settings, engine):
    proc = _serve(settings, MDREG_TEST_KILL_BEFORE_GROUP_COMMIT=str(CONCURRENT))
    try:
        results = _send_all(settings.smtp_port)
        assert proc.wait(30) == 137, "the process died before the commit"
    finally:
        if proc.poll() is None:
            proc.kill()
    assert len(results) == CONCURRENT
    assert not [r for r in results.values() if isinstance(r, tuple) and r[0] == 250], "a 250 before the commit"
    assert _stored(engine) == 0
    proc = _serve(settings)
    try:
        retried = _send_all(settings.smtp_port)  # the senders retry, as MTAs do
        assert all(isinstance(r, tuple) and r[0] == 250 for r in retried.values())
        assert _stored(engine) == CONCURRENT
    finally:
        proc.terminate()
        proc.wait(30)


def test_concurrent_data_commands_each_get_250_after_their_commit(settings, engine):
    proc = _serve(settings)
    try:
        results = _send_all(settings.smtp_port)
        assert all(isinstance(r, tuple) and r[0] == 250 for r in results.values())
        assert _stored(engine) == CONCURRENT
    finally:
        proc.terminate()
        proc.wait(30)
