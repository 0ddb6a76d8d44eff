"""A worker child of `mdreg serve` that stops answering (SIGSTOP: alive, but making no progress)
is killed and replaced once it has been silent for longer than the lease; mail that comes after
is processed by its replacement, and systemd's watchdog is still petted, since it means "the
parent runs and its workers make progress"."""

from __future__ import annotations

import os
import signal
import socket
import threading
from contextlib import suppress
from pathlib import Path

import pytest

from tests.conftest import _services
from tests.support import send, wait_for

MAIL = Path(__file__).parent / "fixtures" / "mail"
LEASE_SECONDS = 2.0  # the parent allows max(lease, 5 s) of silence (worker_processes.py)


def worker_children() -> list[int]:
    """PIDs of this process's spawned children still running (not stopped, not zombies)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        state, ppid = stat.rsplit(")", 1)[1].split()[:2]
        if int(ppid) == os.getpid() and b"spawn_main" in cmdline and state not in ("Z", "T", "t"):
            found.append(int(entry.name))
    return found


class WatchdogPets:
    """systemd's side of the notify socket: counts the WATCHDOG=1 datagrams, read as they come
    (as systemd does: a socket nobody reads would block the sender)."""

    def __init__(self, path: Path) -> None:
        self.count = 0
        self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self._sock.bind(str(path))
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        with suppress(OSError):
            while True:
                if b"WATCHDOG=1" in self._sock.recv(4096):
                    self.count += 1

    def close(self) -> None:
        self._sock.shutdown(socket.SHUT_RDWR)
        self._sock.close()


@pytest.fixture
def watchdog(tmp_path, monkeypatch):
    path = tmp_path / "notify.sock"
    pets = WatchdogPets(path)
    monkeypatch.setenv("NOTIFY_SOCKET", str(path))
    monkeypatch.setenv("WATCHDOG_USEC", "400000")  # a pet every 0.2 s while all is well
    monkeypatch.delenv("WATCHDOG_PID", raising=False)
    yield pets
    pets.close()


@pytest.fixture
def bot(watchdog, relayed_settings, engine):
    """`mdreg serve`'s services, the worker in a child process, with a short lease."""
    yield from _services(relayed_settings.model_copy(update={"claim_timeout_seconds": LEASE_SECONDS}), engine,
                         worker_processes=True)


def test_a_stopped_worker_child_is_replaced_and_mail_is_still_processed(bot, watchdog, relay):
    send(bot.smtp_port, (MAIL / "incomplete_nb.eml").read_bytes())
    wait_for(lambda: relay.received, timeout=60)  # the child works, so it has told the parent it runs
    [stopped] = worker_children()
    os.kill(stopped, signal.SIGSTOP)
    try:
        # A child other than the stopped one (SIGSTOP lands a moment later: until then /proc
        # still shows the stopped child running).
        replacement = wait_for(lambda: [pid for pid in worker_children() if pid != stopped], timeout=40)
        assert replacement
        assert not Path(f"/proc/{stopped}").exists(), "the stopped child was killed and reaped"
        send(bot.smtp_port, (MAIL / "reply_to_differs_en.eml").read_bytes())
        wait_for(lambda: len(relay.received) == 2, timeout=60)
        pets = watchdog.count
        wait_for(lambda: watchdog.count > pets, timeout=5)
    finally:
        with suppress(ProcessLookupError):
            os.kill(stopped, signal.SIGCONT)
