"""systemd's notify protocol (sd_notify(3)), for `Type=notify` units with `WatchdogSec=`.

READY=1 once the edges listen and the database is migrated, WATCHDOG=1 every half watchdog
interval while the process's loops are alive and its worker children make progress (so a hung
worker gets the unit restarted; `serve` replaces a hung child itself first, see
mailbot/runners/worker_processes.py), and STOPPING=1 when shutdown begins. Outside systemd (no NOTIFY_SOCKET) every call does nothing.

A notification never waits: one the socket will not take at once (nobody reads it, or it is
gone) is dropped, since supervision must never stop the event loop that answers SMTP.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from typing import Callable

log = logging.getLogger("mdreg.systemd")


class Notifier:
    """Sends datagrams to $NOTIFY_SOCKET; a path, or an abstract socket when it starts with '@'."""

    def __init__(self, environ: dict[str, str] | None = None) -> None:
        env = os.environ if environ is None else environ
        address = env.get("NOTIFY_SOCKET", "")
        self.address = "\0" + address[1:] if address.startswith("@") else address
        self.watchdog_seconds = _watchdog_seconds(env)
        self._failed_before = False  # the first failure is a warning, the rest would flood the log

    @property
    def enabled(self) -> bool:
        return bool(self.address)

    def send(self, *assignments: str) -> None:
        if not self.address:
            return
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
                # A full queue (systemd stalled) fails at once instead of blocking the caller's loop.
                sock.sendto("\n".join(assignments).encode("utf-8"), socket.MSG_DONTWAIT, self.address)
        except OSError as exc:  # full, gone or not ours: the notification is dropped, the service goes on
            log.log(logging.DEBUG if self._failed_before else logging.WARNING,
                    "could not notify systemd (%s dropped): %s", ", ".join(assignments), exc)
            self._failed_before = True

    def ready(self, status: str = "serving") -> None:
        self.send("READY=1", f"STATUS={status}", f"MAINPID={os.getpid()}")

    def stopping(self) -> None:
        self.send("STOPPING=1", "STATUS=stopping")

    def watchdog(self) -> None:
        self.send("WATCHDOG=1")

    def tick(self, *, alive: bool) -> None:
        """For a synchronous loop that calls often: WATCHDOG=1 at most every half interval, while alive."""
        import time

        if self.watchdog_seconds is None or not alive:
            return
        now = time.monotonic()
        if now - getattr(self, "_last_pet", 0.0) >= self.watchdog_seconds / 2:
            self._last_pet = now
            self.watchdog()


def _watchdog_seconds(env) -> float | None:
    """The watchdog interval systemd set for this process, or None (none set, or meant for another pid)."""
    usec, pid = env.get("WATCHDOG_USEC"), env.get("WATCHDOG_PID")
    if not usec or (pid and pid != str(os.getpid())):
        return None
    try:
        return int(usec) / 1_000_000
    except ValueError:
        return None


async def keep_watchdog(notifier: Notifier, *, alive: Callable[[], bool]) -> None:
    """Until cancelled: WATCHDOG=1 every half interval, but only while `alive()` says the loops run.
    A process whose worker thread died stops petting the watchdog, and systemd restarts it."""
    if notifier.watchdog_seconds is None or not notifier.enabled:
        return
    while True:
        if alive():
            notifier.watchdog()
        else:
            log.error("a service loop has stopped; no longer telling systemd that mdreg is alive")
        await asyncio.sleep(notifier.watchdog_seconds / 2)
