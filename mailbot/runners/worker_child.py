"""One worker of `mdreg serve` in a child process of its own, so that it does not share the
edge's interpreter lock (the worker is most of the CPU; the edge must answer 250s meanwhile).
ParentLink, listen_for_rings and die_with_parent also serve the children of `mdreg worker
--processes N` (mailbot/runners/roles.py); mailbot/runners/supervision.py is the parent's side.

The parent (mailbot/runners/worker_processes.py) spawns it with the settings it built, the edge's
activity record in shared memory (mailbot/runners/edge_first.py) and two pipes:
  - down, from the parent: each byte is a ring, "new mail stored"; end of file says the parent
    stopped or died, and the child finishes the message in hand and exits;
  - up, to the parent: ("outbox",) once a reply was queued, so that the sender wakes at once,
    ("processed", kind, status, seconds) for the parent's metrics when they are on, and
    ("alive",) every BEAT_SECONDS while the worker thread runs: a child silent for longer than
    the lease is stopped or hung, and the parent replaces it.
The child builds its own engine (an engine is never shared between processes). On Linux it also
asks for SIGTERM when its parent dies (PR_SET_PDEATHSIG), a second guard besides the pipe.
SIGTERM finishes the message in hand; SIGINT (a terminal's Ctrl-C reaches the whole group) is
left to the parent, which closes the pipe.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
import time
from multiprocessing.connection import Connection

from mailbot.runners.edge_first import EdgeActivity
from mailbot.settings import Settings

log = logging.getLogger("mdreg.worker")

PR_SET_PDEATHSIG = 1  # linux/prctl.h
BEAT_SECONDS = 1.0  # how often the child tells its parent it still runs


class ParentLink:
    """The child's end of the pipe up: the worker's `outbox` bell and a metrics sink (observe.py)."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._lock = threading.Lock()  # the worker and its register checks may both report
        self._beat_at = float("-inf")

    def ring(self) -> None:
        """A reply was queued: wake the parent's sender."""
        self._send(("outbox",))

    def set(self) -> None:
        """Wake the waiters of this process: the child has none on this bell."""

    def alive(self) -> None:
        """The heartbeat the parent's watcher and its systemd watchdog go by: called as often as
        the child's loop likes, sent every BEAT_SECONDS."""
        if time.monotonic() - self._beat_at >= BEAT_SECONDS:
            self._beat_at = time.monotonic()
            self._send(("alive",))

    def processed(self, *, kind: str, status: str, seconds: float) -> None:
        self._send(("processed", kind, status, seconds))

    def accepted(self, *, edge: str) -> None:
        """Edges run in the parent only."""

    def reply_delivered(self, *, ok: bool) -> None:
        """The sender runs in the parent only."""

    def _send(self, note: tuple) -> None:
        with self._lock:
            try:
                self._conn.send(note)
            except (OSError, ValueError):
                pass  # the parent is gone: the pipe down says so too, and the child stops

    def close(self) -> None:
        self._conn.close()


class StuckLog:
    """Says once that the worker thread is stuck, and that its beat stops."""

    def __init__(self, logger: logging.Logger) -> None:
        self._log = logger
        self._said = False

    def note(self, seconds: float) -> None:
        if not self._said:
            self._said = True
            self._log.error("worker process %d: its worker has been inside one batch for %.0f s; "
                            "no more heartbeats, so that it is replaced", os.getpid(), seconds)


def listen_for_rings(*, fd: int, bell, stop: threading.Event) -> None:
    """Ring `bell` for each read from the pipe down; at its end, set `stop` and ring once more."""
    while True:
        try:
            rung = os.read(fd, 4096)
        except OSError:
            rung = b""
        if not rung:
            stop.set()
            bell.set()
            return
        bell.set()


def die_with_parent(parent_pid: int) -> None:
    """Ask Linux for SIGTERM when the parent dies; exit now if it died before we asked."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # the pipe's end of file still stops us
    if os.getppid() != parent_pid:
        raise SystemExit(0)


def child_main(*, settings_data: str, edge: EdgeActivity, down: Connection, up: Connection,
               parent_pid: int) -> None:
    """Entry point of the child (spawned: a fresh interpreter). Runs one Worker until the pipe
    down ends or SIGTERM comes, then exits 0."""
    die_with_parent(parent_pid)
    settings = Settings.from_parent(settings_data)  # neither the environment nor mdreg.toml is read again
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from mailbot.logs import configure_logging

    configure_logging(settings)
    raise SystemExit(run_child_worker(settings=settings, edge=edge, down=down, up=up, stop=stop))


def run_child_worker(*, settings: Settings, edge: EdgeActivity, down: Connection, up: Connection,
                     stop: threading.Event) -> int:
    from intake.bounded import IntakePool
    from mailbot import observe
    from mailbot.runners.wakeup import Wakeups
    from mailbot.runners.worker import Worker
    from store.db import make_engine

    engine = make_engine(settings.database_url)  # this process's own, never the parent's
    link = ParentLink(up)
    # On PostgreSQL the child also LISTENs: mail stored by `mdreg ingest` or another edge wakes it.
    wakeups = Wakeups.start(engine=engine, listen=("inbound",), outbox=link, edge=edge)
    if settings.metrics_port is not None:
        observe.attach(link)
    intake = IntakePool() if settings.isolate_intake else None
    listener = threading.Thread(target=listen_for_rings, kwargs={"fd": down.fileno(), "bell": wakeups.inbound,
                                                                  "stop": stop}, name="rings", daemon=True)
    worker = Worker(settings=settings, engine=engine, wakeups=wakeups, intake=intake)
    runner = threading.Thread(target=worker.run, args=(stop,), name="worker", daemon=True)
    try:
        listener.start()
        runner.start()
        while runner.is_alive() and not worker.started.wait(0.2):  # ready: its start-up transactions are done
            link.alive()
        log.info("worker process %d ready", os.getpid())
        stuck = StuckLog(log)
        while runner.is_alive():
            if worker.progressing():
                link.alive()
            else:  # no beat: the parent replaces this process, and the batch's leases lapse
                stuck.note(worker.stuck_for())
            if stop.is_set():
                wakeups.wake_all()  # from SIGTERM: the worker sees `stop` now, not at its next poll
            runner.join(0.2)  # short joins, so that the signal handler runs promptly
        log.info("worker process %d stopped", os.getpid())
        return 0
    finally:
        observe.detach(link)
        wakeups.close()
        if intake is not None:
            intake.close()
        engine.dispose()
        link.close()
