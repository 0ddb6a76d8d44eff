"""Wake-ups instead of polling: a stored message wakes the worker, a queued reply wakes the sender,
in one process and, on PostgreSQL, between processes (LISTEN/NOTIFY). The poll interval is set to
a minute here, so a reply within seconds can only come from a wake-up."""

from __future__ import annotations

import threading
import time

import pytest

from mailbot.runners.wakeup import Doorbell
from tests.support import registration_mail, send, start_mdreg, wait_for

SLOW_POLL = 60.0


@pytest.fixture
def slow_polling(relayed_settings):
    return relayed_settings.model_copy(update={"worker_poll_seconds": SLOW_POLL})


def test_a_message_over_smtp_is_answered_at_once_though_nobody_polls(slow_polling, engine, relay):
    from mailbot.runners.serve import run_services
    import asyncio

    loop = asyncio.new_event_loop()
    until, started = asyncio.Event(), threading.Event()
    thread = threading.Thread(target=lambda: loop.run_until_complete(
        run_services(settings=slow_polling, engine=engine, until=until, started=started)), daemon=True)
    thread.start()
    try:
        assert started.wait(20)
        time.sleep(0.5)  # the worker and sender have looked once and now sleep on their doorbells
        began = time.monotonic()
        send(slow_polling.smtp_port, registration_mail(1))
        wait_for(lambda: len(relay.envelopes) == 1, timeout=10)
        assert time.monotonic() - began < 10
    finally:
        loop.call_soon_threadsafe(until.set)
        thread.join(20)
        loop.close()
    assert not thread.is_alive(), "serve did not stop at once though its runners sleep for a minute"


def test_a_separate_worker_process_is_woken_by_notify(slow_polling, engine, relay, tmp_path):
    if engine.dialect.name != "postgresql":
        pytest.skip("wake-ups between processes use PostgreSQL's LISTEN/NOTIFY; SQLite polls")
    env = {"MDREG_WORKER_POLL_SECONDS": str(SLOW_POLL), "MDREG_ISOLATE_INTAKE": "false"}
    common = ["--db", slow_polling.database_url, "--relay", f"127.0.0.1:{relay.port}"]
    log = tmp_path / "processes.log"
    edge = start_mdreg(["serve", "--workers", "0", "--smtp-port", str(slow_polling.smtp_port), "--data-dir",
                        str(tmp_path / "edge"), *common], env=env, log_path=log)
    worker = start_mdreg(["worker", "--data-dir", str(tmp_path / "worker"), *common], env=env, log_path=log)
    try:
        wait_for(lambda: "mdreg worker ready" in log.read_text() and "mdreg serving" in log.read_text(),
                 timeout=60)
        time.sleep(2.0)  # both LISTEN now and sleep on their doorbells
        began = time.monotonic()
        send(slow_polling.smtp_port, registration_mail(2))
        wait_for(lambda: len(relay.envelopes) == 1, timeout=15)
        assert time.monotonic() - began < 15, log.read_text()
    finally:
        for process in (edge, worker):
            process.terminate()
        for process in (edge, worker):
            process.wait(30)


def test_a_doorbell_wakes_every_waiting_thread_once_per_ring():
    bell = Doorbell()
    bell.wait(0)  # this thread is armed too
    woke: list[bool] = []

    def waiter() -> None:
        bell.wait(0)  # arm: rings before this are not this test's
        woke.append(bell.wait(10))

    threads = [threading.Thread(target=waiter) for _ in range(3)]
    for thread in threads:
        thread.start()
    time.sleep(0.2)
    bell.ring()
    for thread in threads:
        thread.join(5)
    assert woke == [True, True, True]
    assert bell.wait(0) is True  # this thread had not seen that ring yet
    assert bell.wait(0.05) is False, "a ring seen once does not wake the same thread again"


def test_a_ring_while_the_thread_works_is_not_lost():
    bell = Doorbell()
    bell.wait(0)
    bell.ring()  # arrives while the thread is busy, not waiting
    assert bell.wait(0.01) is True


def test_a_reply_queued_by_another_process_wakes_a_sender_at_once(slow_polling, engine, relay, tmp_path):
    """A case officer's action (or `mdreg ingest`) commits in its own process; the sender of a
    running `mdreg sender` hears of it from the NOTIFY sent with that commit, not at its next poll."""
    if engine.dialect.name != "postgresql":
        pytest.skip("wake-ups between processes use PostgreSQL's LISTEN/NOTIFY; SQLite polls")
    from store.db import session_scope
    from store.outbox import enqueue

    env = {"MDREG_WORKER_POLL_SECONDS": str(SLOW_POLL)}
    log = tmp_path / "sender.log"
    sender = start_mdreg(["sender", "--db", slow_polling.database_url, "--relay", f"127.0.0.1:{relay.port}",
                          "--data-dir", str(tmp_path / "sender")], env=env, log_path=log)
    try:
        wait_for(lambda: "mdreg sender ready" in log.read_text(), timeout=60)
        time.sleep(2.0)  # it listens now and sleeps on its doorbell
        began = time.monotonic()
        with session_scope(engine) as session:
            enqueue(session=session, to_addr="kari@example.no", message_id="<staff.1@localhost>",
                    raw=b"From: medisinsk.utstyr@localhost\r\nTo: kari@example.no\r\nSubject: Svar\r\n\r\nHei\r\n",
                    subject="Svar", kind="reply")
        wait_for(lambda: len(relay.envelopes) == 1, timeout=15)
        assert time.monotonic() - began < SLOW_POLL / 2, log.read_text()
    finally:
        sender.terminate()
        sender.wait(30)
