"""`mdreg serve`: the SMTP edge and the sender in one process, each worker in a child process of
its own (mailbot/runners/worker_processes.py), all stopped by a signal.

The edge and the worker would otherwise share one interpreter lock, and the worker is most of the
CPU. run_services can also run the workers as threads of this process (`worker_processes=False`),
for callers that embed the services, such as the tests.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import threading

from sqlalchemy.engine import Engine

from intake.bounded import IntakePool
from mailbot.runners.base import Runner
from mailbot.runners.sender import Sender
from mailbot.settings import Settings
from mailbot.edges.lmtp import start_lmtp
from mailbot.edges.smtp import start_smtp
from mailbot.metrics import start_metrics, stop_metrics
from mailbot.systemd_notify import Notifier, keep_watchdog
from mailbot.runners.edge_first import EdgeActivity
from mailbot.runners.wakeup import Doorbell, Wakeups
from mailbot.runners.worker import Worker
from mailbot.runners.worker_processes import WorkerProcesses

log = logging.getLogger("mdreg.serve")


def serve(*, settings: Settings, engine: Engine, workers: int = 1, edge: bool = True,
          send: bool = True) -> None:
    """Run until SIGINT or SIGTERM, then stop accepting, finish the message in hand, and exit."""

    async def main() -> None:
        done = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, done.set)
        await run_services(settings=settings, engine=engine, until=done, workers=workers, edge=edge, send=send,
                           worker_processes=True)

    asyncio.run(main())


async def run_services(*, settings: Settings, engine: Engine, until: asyncio.Event, workers: int = 1,
                       edge: bool = True, send: bool = True, started: threading.Event | None = None,
                       worker_processes: bool = False) -> None:
    """The services of one process, until `until` is set; with `worker_processes`, each worker in a
    child process (which opens its own connections to settings.database_url)."""
    stop = threading.Event()
    loops: list[Runner] = []  # the runners of this process's threads
    children = None
    intake = None
    threads = []
    if worker_processes and workers:
        outbox, activity = Doorbell(), EdgeActivity.shared()  # the children read the edge's activity
        children = WorkerProcesses(settings=settings, count=workers, edge=activity, outbox=outbox)
        # The edges ring the children down their pipes; a child's note rings `outbox`.
        wakeups = Wakeups.start(engine=engine, listen=("outbox",) if send else (), inbound=children,
                                outbox=outbox, edge=activity)
    else:
        wakeups = Wakeups.start(engine=engine)  # edges wake the worker, the worker the sender
        intake = IntakePool() if settings.isolate_intake and workers else None  # shared by the worker threads
        loops += [Worker(settings=settings, engine=engine, wakeups=wakeups, intake=intake) for _ in range(workers)]
        threads = [_thread(f"worker-{n}", loop.run, stop) for n, loop in enumerate(loops)]
    if send:
        loops.append(Sender(settings=settings, engine=engine, wakeups=wakeups))
        threads.append(_thread("sender", loops[-1].run, stop))
    if settings.imap_host:
        from mailbot.edges.imap_watch import ImapWatcher

        threads.append(_thread("imap", ImapWatcher(settings=settings, engine=engine, wake=wakeups.inbound).run,
                               stop))
    servers = [await start_smtp(settings=settings, engine=engine, wake=wakeups.inbound, busy=wakeups.edge)] if edge else []
    # mailbot/edges/lmtp.py; [] unless configured
    servers += await start_lmtp(settings=settings, engine=engine, wake=wakeups.inbound, busy=wakeups.edge)
    metrics = start_metrics(settings=settings, engine=engine)  # mailbot/metrics.py; None unless metrics_port
    if children is not None:
        children.start()  # once the edges listen: an edge that cannot leaves no child behind
    log.info("mdreg serving (database %s)", engine.url.render_as_string(hide_password=True))
    notifier = Notifier()  # systemd Type=notify (mailbot/systemd_notify.py); silent outside systemd
    notifier.ready()
    # Alive: this process's loops run and none is stuck inside one item (runners/base.py), and its
    # worker children make progress (a hung one is replaced).
    watchdog = asyncio.create_task(keep_watchdog(
        notifier, alive=lambda: (all(t.is_alive() for t in threads)
                                 and all(loop.progressing() for loop in loops)
                                 and (children is None or children.progressing()))))
    if started is not None:
        started.set()
    try:
        await until.wait()
    finally:
        log.info("stopping")
        if children is not None:
            children.close_pipes()  # first, so that nothing below can leave them running
        notifier.stopping()
        watchdog.cancel()
        for server in servers:
            server.close()
            await server.wait_closed()
        stop_metrics(metrics)
        stop.set()
        wakeups.wake_all()  # waiters see `stop` now, not at their next poll
        if children is not None:
            await children.stop()  # each finishes the message in hand
        for thread in threads:
            await asyncio.to_thread(thread.join)
        await asyncio.to_thread(wakeups.close)
        if intake is not None:
            await asyncio.to_thread(intake.close)
        log.info("stopped")


def _thread(name: str, target, stop: threading.Event) -> threading.Thread:
    thread = threading.Thread(target=target, args=(stop,), name=name, daemon=True)
    thread.start()
    return thread
