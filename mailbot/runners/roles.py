"""`mdreg worker` and `mdreg sender`: extra processes that share the work of `mdreg serve`.

Any number of them, on any machine that reaches the database, may run next to `mdreg serve`:
everything they need (raw messages, attachments, queued replies) is in the database, and work
is claimed row by row (store.inbox.claim_next, store.outbox.claim_due), so no message is
processed twice and one held by a process that died is taken over after claim_timeout_seconds.

SIGTERM or SIGINT stops a process cleanly: it takes no new message, finishes the one in hand
and exits 0. `--processes N` runs N such processes under one parent, which passes the signal
on, restarts a child that died, and exits once all children have stopped.
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import signal
import threading
import time
from typing import Callable

from sqlalchemy.engine import Engine

from mailbot.settings import Settings

log = logging.getLogger("mdreg.roles")

ROLES = ("worker", "sender")
RESTART_DELAY_SECONDS = 1.0


def _role_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--threads", type=int, default=1)


def _cmd_worker(args, settings, engine) -> int:
    return run_role_command("worker", args, settings, engine)


def _cmd_sender(args, settings, engine) -> int:
    return run_role_command("sender", args, settings, engine)


def _commands():
    """`mdreg worker` and `mdreg sender`, for the command line's table of commands."""
    from mailbot.cli.command import Command

    return (
        Command("worker", _cmd_worker, _role_arguments),
        Command("sender", _cmd_sender, _role_arguments,
                groups=("relay",)),
    )


def run_role_command(role: str, args: argparse.Namespace, settings: Settings, engine: Engine) -> int:
    processes = max(1, getattr(args, "processes", 1) or 1)
    threads = max(1, getattr(args, "threads", 1) or 1)
    if processes == 1:
        return run_role(role=role, settings=settings, engine=engine, threads=threads)
    engine.dispose()  # the children open their own connections
    return supervise(role=role, settings=settings, processes=processes, threads=threads)


def _target(role: str, settings: Settings, engine: Engine, wakeups, intake=None) -> Callable[[threading.Event], None]:
    if role == "worker":
        from mailbot.runners.worker import Worker

        return Worker(settings=settings, engine=engine, wakeups=wakeups, intake=intake).run
    if role == "sender":
        from mailbot.runners.sender import Sender

        return Sender(settings=settings, engine=engine, wakeups=wakeups).run
    raise ValueError(f"unknown role {role!r}")


def run_role(*, role: str, settings: Settings, engine: Engine, threads: int = 1,
             stop: threading.Event | None = None) -> int:
    """Run `threads` workers (or senders) in this process until SIGTERM/SIGINT or `stop` is set."""
    from mailbot.runners.wakeup import Wakeups

    stop = stop or threading.Event()
    # On PostgreSQL, woken by other processes' NOTIFY: a worker by stored mail, a sender by replies.
    wakeups = Wakeups.start(engine=engine, listen=("inbound",) if role == "worker" else ("outbox",))
    intake = None
    if role == "worker" and settings.isolate_intake:
        from intake.bounded import IntakePool

        intake = IntakePool()  # the bounded children, shared by this process's worker threads
    restore = _on_signals(lambda *_: stop.set())
    try:
        runners = [
            threading.Thread(target=_target(role, settings, engine, wakeups, intake), args=(stop,),
                             name=f"{role}-{n}", daemon=True)
            for n in range(threads)
        ]
        for runner in runners:
            runner.start()
        log.info("mdreg %s ready: %d thread(s), database %s", role, threads,
                 engine.url.render_as_string(hide_password=True))
        from mailbot.systemd_notify import Notifier

        notifier = Notifier()  # for mdreg-worker@.service (Type=notify); silent outside systemd
        notifier.ready(f"{role}: {threads} thread(s)")
        while any(runner.is_alive() for runner in runners):
            notifier.tick(alive=all(runner.is_alive() for runner in runners) and not stop.is_set())
            if stop.is_set():
                wakeups.wake_all()
            for runner in runners:
                runner.join(0.2)  # short joins, so that signal handlers run promptly
        notifier.stopping()
        log.info("mdreg %s stopped", role)
        return 0
    finally:
        restore()
        wakeups.close()
        if intake is not None:
            intake.close()


def _on_signals(handler) -> Callable[[], None]:
    """Install `handler` for SIGTERM and SIGINT (main thread only); returns a function that undoes it."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGINT)}

    def restore() -> None:
        for sig, old in previous.items():
            signal.signal(sig, old)

    return restore


def _child_main(role: str, settings_data: str, threads: int) -> None:
    """Entry point of one child process (spawned: a fresh interpreter with its own connections)."""
    from store.db import make_engine

    settings = Settings.from_parent(settings_data)  # the parent's, not rebuilt from the environment
    from mailbot.logs import configure_logging

    configure_logging(settings)
    engine = make_engine(settings.database_url)
    try:
        code = run_role(role=role, settings=settings, engine=engine, threads=threads)
    finally:
        engine.dispose()
    raise SystemExit(code)


def supervise(*, role: str, settings: Settings, processes: int, threads: int = 1) -> int:
    """Run `processes` child processes of `role`; pass SIGTERM/SIGINT on; restart one that died."""
    context = multiprocessing.get_context("spawn")
    data = settings.to_child()
    stopping = threading.Event()

    def start(n: int):
        child = context.Process(target=_child_main, args=(role, data, threads), name=f"mdreg-{role}-{n}")
        child.start()
        return child

    def on_signal(*_):
        stopping.set()

    restore = _on_signals(on_signal)
    children = [start(n) for n in range(processes)]
    log.info("mdreg %s: %d processes started (%s)", role, processes, ", ".join(str(c.pid) for c in children))
    try:
        while not stopping.is_set():
            for n, child in enumerate(children):
                if not child.is_alive() and not stopping.is_set():
                    log.warning("mdreg %s process %s exited with %s; starting another", role, child.pid,
                                child.exitcode)
                    time.sleep(RESTART_DELAY_SECONDS)
                    children[n] = start(n)
            stopping.wait(0.2)
        for child in children:
            if child.is_alive():
                child.terminate()  # SIGTERM: the child finishes the message in hand and exits
        for child in children:
            child.join()
        failed = [c.exitcode for c in children if c.exitcode not in (0, None)]
        log.info("mdreg %s: all processes stopped", role)
        return 1 if failed else 0
    finally:
        restore()


COMMANDS = _commands()
