"""systemd's notify protocol, spoken to a socket of the test's own: READY=1 once the edge listens
and the schema is migrated, WATCHDOG=1 while the loops run, STOPPING=1 on SIGTERM."""

from __future__ import annotations

import signal
import socket
import time

import pytest

from mailbot.systemd_notify import Notifier
from store.db import head_revisions, make_engine, schema_revisions
from tests.support import free_port, start_mdreg


@pytest.fixture
def notify_socket(tmp_path):
    path = tmp_path / "notify.sock"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(path))
    sock.settimeout(90)  # a loaded machine takes a while to import and migrate
    yield path, sock
    sock.close()


def next_datagram(sock) -> set[str]:
    return set(sock.recv(4096).decode().split("\n"))


def wait_for_message(sock, wanted: str, *, within: float = 120.0) -> list[set[str]]:
    seen: list[set[str]] = []
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        seen.append(next_datagram(sock))
        if wanted in seen[-1]:
            return seen
    raise AssertionError(f"no {wanted} within {within} s; got {seen}")


def test_serve_says_ready_after_listening_and_migrating_then_watchdog_then_stopping(notify_socket, tmp_path):
    path, sock = notify_socket
    port, url = free_port(), f"sqlite:///{tmp_path / 'mdreg.db'}"
    process = start_mdreg(["serve", "--db", url, "--data-dir", str(tmp_path), "--smtp-port", str(port)],
                          env={"NOTIFY_SOCKET": str(path), "WATCHDOG_USEC": "400000"},
                          log_path=tmp_path / "serve.log")
    try:
        ready = wait_for_message(sock, "READY=1")[-1]
        assert f"MAINPID={process.pid}" in ready
        socket.create_connection(("127.0.0.1", port), timeout=5).close()  # the edge already listens
        engine = make_engine(url)
        try:
            assert schema_revisions(engine)[0] == head_revisions()
        finally:
            engine.dispose()
        pets = [m for m in (next_datagram(sock) for _ in range(3)) if "WATCHDOG=1" in m]
        assert len(pets) == 3
        process.send_signal(signal.SIGTERM)
        wait_for_message(sock, "STOPPING=1", within=20)
        assert process.wait(20) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_an_extra_worker_speaks_the_same_protocol(notify_socket, tmp_path):
    path, sock = notify_socket
    url = f"sqlite:///{tmp_path / 'mdreg.db'}"
    process = start_mdreg(["worker", "--db", url, "--data-dir", str(tmp_path)],
                          env={"NOTIFY_SOCKET": str(path), "WATCHDOG_USEC": "400000"},
                          log_path=tmp_path / "worker.log")
    try:
        assert "READY=1" in wait_for_message(sock, "READY=1")[-1]
        assert "WATCHDOG=1" in next_datagram(sock)
        process.send_signal(signal.SIGTERM)
        wait_for_message(sock, "STOPPING=1", within=20)
        assert process.wait(20) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_a_watchdog_meant_for_another_process_is_ignored():
    assert Notifier({"NOTIFY_SOCKET": "/run/x", "WATCHDOG_USEC": "1000000", "WATCHDOG_PID": "1"}).watchdog_seconds is None


def test_without_notify_socket_nothing_is_sent_and_nothing_fails():
    notifier = Notifier({})
    assert not notifier.enabled
    notifier.ready()
    notifier.stopping()
