"""`mdreg worker` and `mdreg sender`: extra processes that share the work of `mdreg serve`.

Any number of them, on any machine that reaches the database, may run next to `mdreg serve`:
everything they need (raw messages, attachments, queued replies) is in the database, and work
is claimed row by row (store.inbox.claim_next, store.outbox.claim_due), so no message is
processed twice and one held by a process that died is taken over after claim_timeout_seconds.

SIGTERM or SIGINT stops a process cleanly: it takes no new message, finishes the one in hand
and exits 0. `--processes N` runs N such processes under one parent, as `mdreg serve` runs its
worker children (mailbot/runners/supervision.py): each child beats up a pipe; the parent
replaces one that died or went silent, stops them all by closing the pipes on SIGTERM/SIGINT,
and exits once all have stopped. To systemd (mdreg-worker@.service) the parent alone speaks:
READY=1 once every child runs, WATCHDOG=1 while they beat or are being replaced.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import threading
from contextlib import suppress
from multiprocessing.connection import Connection
from typing import Callable

from sqlalchemy.engine import Engine

from mailbot.settings import Settings

log = logging.getLogger("mdreg.roles")

ROLES = ("worker", "sender")


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


def _runner(role: str, settings: Settings, engine: Engine, wakeups, intake=None):
    if role == "worker":
        from mailbot.runners.worker import Worker

        return Worker(settings=settings, engine=engine, wakeups=wakeups, intake=intake)
    if role == "sender":
        from mailbot.runners.sender import Sender

        return Sender(settings=settings, engine=engine, wakeups=wakeups)
    raise ValueError(f"unknown role {role!r}")


def run_role(*, role: str, settings: Settings, engine: Engine, threads: int = 1,
             stop: threading.Event | None = None, parent=None) -> int:
    """Run `threads` workers (or senders) in this process until SIGTERM/SIGINT or `stop` is set.
    `parent`: the ParentLink of a `--processes` child, which beats up it instead of speaking to
    systemd, and leaves SIGINT to its parent."""
    from mailbot.runners.wakeup import Wakeups
    from mailbot.systemd_notify import Notifier

    stop = stop or threading.Event()
    # On PostgreSQL, woken by other processes' NOTIFY: a worker by stored mail, a sender by replies.
    wakeups = Wakeups.start(engine=engine, listen=("inbound",) if role == "worker" else ("outbox",))
    intake = None
    if role == "worker" and settings.isolate_intake:
        from intake.bounded import IntakePool

        intake = IntakePool()  # the bounded children, shared by this process's worker threads
    restore = _on_signals(lambda *_: stop.set(), interrupt=parent is None)
    try:
        loops = [_runner(role, settings, engine, wakeups, intake) for _ in range(threads)]
        runners = [threading.Thread(target=loop.run, args=(stop,), name=f"{role}-{n}", daemon=True)
                   for n, loop in enumerate(loops)]
        for runner in runners:
            runner.start()
        log.info("mdreg %s ready: %d thread(s), database %s", role, threads,
                 engine.url.render_as_string(hide_password=True))
        # For mdreg-worker@.service (Type=notify); silent outside systemd, and in a child (NotifyAccess=main).
        notifier = Notifier() if parent is None else Notifier({})
        notifier.ready(f"{role}: {threads} thread(s)")
        while any(runner.is_alive() for runner in runners):
            # A thread caught inside one item for STUCK_SECONDS stops the beat (runners/base.py).
            alive = (all(runner.is_alive() for runner in runners) and not stop.is_set()
                     and all(loop.progressing() for loop in loops))
            notifier.tick(alive=alive)
            if alive and parent is not None:
                parent.alive()
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


def _on_signals(handler, *, interrupt: bool = True) -> Callable[[], None]:
    """Install `handler` for SIGTERM and SIGINT, or ignore SIGINT when not `interrupt` (main thread
    only); returns a function that undoes it."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    previous = {signal.SIGTERM: signal.signal(signal.SIGTERM, handler),
                signal.SIGINT: signal.signal(signal.SIGINT, handler if interrupt else signal.SIG_IGN)}

    def restore() -> None:
        for sig, old in previous.items():
            signal.signal(sig, old)

    return restore


def _child_main(*, role: str, settings_data: str, threads: int, down: Connection, up: Connection,
                parent_pid: int) -> None:
    """Entry point of one `--processes` child (spawned: a fresh interpreter with its own
    connections): runs until SIGTERM or the end of the pipe down (the parent stopped or died)."""
    from mailbot.logs import configure_logging
    from mailbot.runners.worker_child import ParentLink, die_with_parent, listen_for_rings
    from store.db import make_engine

    die_with_parent(parent_pid)
    settings = Settings.from_parent(settings_data)  # the parent's, not rebuilt from the environment
    configure_logging(settings)
    engine = make_engine(settings.database_url)
    stop, link = threading.Event(), ParentLink(up)
    # Nothing rings down this pipe; its end sets `stop`, and run_role wakes its threads.
    threading.Thread(target=listen_for_rings, kwargs={"fd": down.fileno(), "bell": threading.Event(), "stop": stop},
                     name="parent", daemon=True).start()
    try:
        code = run_role(role=role, settings=settings, engine=engine, threads=threads, stop=stop, parent=link)
    finally:
        engine.dispose()
        link.close()
    raise SystemExit(code)


def supervise(*, role: str, settings: Settings, processes: int, threads: int = 1) -> int:
    """Run `processes` children of `role` until SIGTERM/SIGINT; 1 if any ended in failure."""
    return asyncio.run(_supervise(role=role, settings=settings, processes=processes, threads=threads))


async def _supervise(*, role: str, settings: Settings, processes: int, threads: int) -> int:
    from mailbot.runners.supervision import ChildProcesses, silence_allowed
    from mailbot.systemd_notify import Notifier, keep_watchdog

    done = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(sig, done.set)
    children = ChildProcesses(name=f"mdreg-{role}", label=f"{role} process", count=processes, target=_child_main,
                              kwargs={"role": role, "settings_data": settings.to_child(), "threads": threads},
                              hung_after=silence_allowed(settings))
    children.start()
    notifier = Notifier()  # for mdreg-worker@.service (Type=notify); silent outside systemd
    watchdog = None
    try:
        while not (done.is_set() or children.all_heard()):
            with suppress(TimeoutError):
                await asyncio.wait_for(done.wait(), 0.2)
        if not done.is_set():
            log.info("mdreg %s: %d processes running", role, processes)
            notifier.ready(f"{role}: {processes} processes, {threads} thread(s) each")
            # The same rule as serve's: the watcher runs and no child stays silent unreplaced.
            watchdog = asyncio.create_task(keep_watchdog(notifier, alive=children.progressing))
        await done.wait()
    finally:
        notifier.stopping()
        if watchdog is not None:
            watchdog.cancel()
        await children.stop()  # each finishes the message in hand
    log.info("mdreg %s: all processes stopped", role)
    return 1 if any(code != 0 for code in children.exitcodes) else 0


COMMANDS = _commands()
