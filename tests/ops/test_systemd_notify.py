"""systemd's notify protocol, spoken to a socket of the test's own: READY=1 once the edge listens
and the schema is migrated, WATCHDOG=1 while the loops run, STOPPING=1 on SIGTERM."""

from __future__ import annotations

import os
import re
import resource
import signal
import smtplib
import socket
import struct
import time
from contextlib import suppress

import pytest

from mailbot.systemd_notify import Notifier
from store.db import head_revisions, make_engine, schema_revisions
from tests.support import free_port, registration_mail, start_mdreg, wait_for


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


def test_worker_processes_speak_to_systemd_as_the_main_process(notify_socket, tmp_path):
    """`mdreg worker --processes 2` under NotifyAccess=main: the supervising process says READY=1
    once both children run and WATCHDOG=1 while they beat; the children say nothing to systemd,
    and one that stops answering is replaced without the pings stopping."""
    path, sock = notify_socket
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)  # as systemd: who sent each datagram
    log = tmp_path / "worker.log"
    process = start_mdreg(["worker", "--db", f"sqlite:///{tmp_path / 'mdreg.db'}", "--data-dir", str(tmp_path),
                           "--processes", "2"],
                          env={"NOTIFY_SOCKET": str(path), "WATCHDOG_USEC": "400000",
                               "MDREG_CLAIM_TIMEOUT_SECONDS": "2"},  # a child silent for 5 s is replaced
                          log_path=log)
    senders = set()
    stopped = None
    try:
        sender, ready = datagram_and_sender(sock)
        senders.add(sender)
        assert "READY=1" in ready and f"MAINPID={process.pid}" in ready
        children = ready_children(log)
        assert len(children) == 2 and process.pid not in children, "READY=1 once both children run"
        for _ in range(3):
            sender, pet = datagram_and_sender(sock)
            senders.add(sender)
            assert pet == {"WATCHDOG=1"}
        stopped = children[0]
        os.kill(stopped, signal.SIGSTOP)
        wait_for(lambda: len(ready_children(log)) == 3, timeout=60)
        assert f"worker process {stopped} has not answered" in log.read_text()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:  # the pings go on
            sender, message = datagram_and_sender(sock)
            senders.add(sender)
            if "WATCHDOG=1" in message:
                break
        else:
            raise AssertionError("no WATCHDOG=1 once the silent child was replaced")
        process.send_signal(signal.SIGTERM)
        while "STOPPING=1" not in message:
            sender, message = datagram_and_sender(sock)
            senders.add(sender)
        assert process.wait(30) == 0
        assert senders == {process.pid}, "with NotifyAccess=main systemd hears the main process only"
    finally:
        if stopped is not None:
            with suppress(ProcessLookupError):
                os.kill(stopped, signal.SIGCONT)
        if process.poll() is None:
            process.kill()
            process.wait()


def datagram_and_sender(sock) -> tuple[int, set[str]]:
    """The next datagram and the PID of its sender (SCM_CREDENTIALS, as systemd reads it)."""
    data, ancillary, _, _ = sock.recvmsg(4096, socket.CMSG_SPACE(struct.calcsize("3i")))
    [pid] = [struct.unpack("3i", payload)[0] for level, kind, payload in ancillary
             if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS]
    return pid, set(data.decode().split("\n"))


def ready_children(log) -> list[int]:
    return [int(pid) for pid in re.findall(r"mdreg\.roles\[(\d+)\]: mdreg worker ready", log.read_text())]


def fill(path) -> None:
    """Queue datagrams on the socket at `path` until it takes no more: nobody reads it, as when
    systemd is stalled or the socket is left over from a manager that is gone."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as filler:
        with pytest.raises(BlockingIOError):
            for _ in range(10_000):
                filler.sendto(b"STATUS=filler", socket.MSG_DONTWAIT, str(path))


def test_a_notify_socket_nobody_reads_never_stops_mail_intake(notify_socket, tmp_path):
    path, _ = notify_socket
    fill(path)
    port, log = free_port(), tmp_path / "serve.log"
    process = start_mdreg(["serve", "--db", f"sqlite:///{tmp_path / 'mdreg.db'}", "--data-dir", str(tmp_path),
                           "--smtp-port", str(port)],
                          env={"NOTIFY_SOCKET": str(path), "WATCHDOG_USEC": "200000"}, log_path=log)
    try:
        wait_for(lambda: "mdreg serving" in log.read_text(), timeout=120)  # READY=1 is sent next
        time.sleep(1.0)  # several watchdog pings meet the full socket meanwhile
        with smtplib.SMTP("127.0.0.1", port, timeout=5) as client:
            assert client.ehlo()[0] == 250
            assert client.sendmail("sender@example.no", ["medisinsk.utstyr@localhost"],
                                   registration_mail(1)) == {}  # 250: stored
        assert log.read_text().count("could not notify systemd") == 1, "said once, not at every ping"
    finally:
        process.kill()
        process.wait()


def test_the_watchdog_stops_when_a_dead_worker_child_cannot_be_replaced(notify_socket, tmp_path):
    """The workers make no progress and serve cannot help it (here: no file descriptor is left for
    the replacement's pipes), so systemd is left to restart the whole service."""
    path, sock = notify_socket
    log = tmp_path / "serve.log"
    process = start_mdreg(["serve", "--db", f"sqlite:///{tmp_path / 'mdreg.db'}", "--data-dir", str(tmp_path),
                           "--smtp-port", str(free_port())],
                          env={"NOTIFY_SOCKET": str(path), "WATCHDOG_USEC": "400000"}, log_path=log)
    try:
        wait_for_message(sock, "READY=1")
        [child] = wait_for(lambda: re.findall(r"worker process (\d+) ready", log.read_text()), timeout=120)
        wait_for_message(sock, "WATCHDOG=1", within=5)
        limits = resource.prlimit(process.pid, resource.RLIMIT_NOFILE)
        resource.prlimit(process.pid, resource.RLIMIT_NOFILE, (0, limits[1]))
        try:
            os.kill(int(child), signal.SIGKILL)
            wait_for(lambda: "no worker process is restarted" in log.read_text(), timeout=20)
        finally:
            resource.prlimit(process.pid, resource.RLIMIT_NOFILE, limits)  # all else may open files again
        time.sleep(0.5)
        drain(sock)  # pings sent before the watcher gave up
        assert [m for m in datagrams_during(sock, seconds=3.0) if "WATCHDOG=1" in m] == []
        process.send_signal(signal.SIGTERM)
        wait_for_message(sock, "STOPPING=1", within=20)  # the notifier itself still works
        process.wait(60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def drain(sock) -> None:
    timeout = sock.gettimeout()
    sock.settimeout(0)
    with suppress(BlockingIOError):
        while True:
            sock.recv(4096)
    sock.settimeout(timeout)


def datagrams_during(sock, *, seconds: float) -> list[set[str]]:
    seen, deadline, timeout = [], time.monotonic() + seconds, sock.gettimeout()
    while (left := deadline - time.monotonic()) > 0:
        sock.settimeout(left)
        with suppress(TimeoutError):
            seen.append(next_datagram(sock))
    sock.settimeout(timeout)
    return seen


def test_a_watchdog_meant_for_another_process_is_ignored():
    assert Notifier({"NOTIFY_SOCKET": "/run/x", "WATCHDOG_USEC": "1000000", "WATCHDOG_PID": "1"}).watchdog_seconds is None


def test_without_notify_socket_nothing_is_sent_and_nothing_fails():
    notifier = Notifier({})
    assert not notifier.enabled
    notifier.ready()
    notifier.stopping()
