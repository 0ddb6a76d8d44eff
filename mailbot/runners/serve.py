"""`mdreg serve`: the SMTP edge, the worker and the sender in one process, stopped by a signal."""

from __future__ import annotations

import asyncio
import logging
import signal
import threading

from sqlalchemy.engine import Engine

from intake.bounded import IntakePool
from mailbot.runners.sender import Sender
from mailbot.settings import Settings
from mailbot.edges.lmtp import start_lmtp
from mailbot.edges.smtp import start_smtp
from mailbot.metrics import start_metrics, stop_metrics
from mailbot.systemd_notify import Notifier, keep_watchdog
from mailbot.runners.wakeup import Wakeups
from mailbot.runners.worker import Worker

log = logging.getLogger("mdreg.serve")


def serve(*, settings: Settings, engine: Engine, workers: int = 1, edge: bool = True,
          send: bool = True) -> None:
    """Run until SIGINT or SIGTERM, then stop accepting, finish the message in hand, and exit."""

    async def main() -> None:
        done = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, done.set)
        await run_services(settings=settings, engine=engine, until=done, workers=workers, edge=edge, send=send)

    asyncio.run(main())


async def run_services(*, settings: Settings, engine: Engine, until: asyncio.Event, workers: int = 1,
                       edge: bool = True, send: bool = True, started: threading.Event | None = None) -> None:
    """The services of one process, until `until` is set."""
    stop = threading.Event()
    wakeups = Wakeups.start(engine=engine)  # edges wake the worker, the worker the sender
    intake = IntakePool() if settings.isolate_intake else None  # the bounded children, shared by the workers
    threads = [_thread(f"worker-{n}", Worker(settings=settings, engine=engine, wakeups=wakeups, intake=intake).run,
                       stop) for n in range(workers)]
    if send:
        threads.append(_thread("sender", Sender(settings=settings, engine=engine, wakeups=wakeups).run, stop))
    if settings.imap_host:
        from mailbot.edges.imap_watch import ImapWatcher

        threads.append(_thread("imap", ImapWatcher(settings=settings, engine=engine, wake=wakeups.inbound).run,
                               stop))
    servers = [await start_smtp(settings=settings, engine=engine, wake=wakeups.inbound, busy=wakeups.edge)] if edge else []
    # mailbot/edges/lmtp.py; [] unless configured
    servers += await start_lmtp(settings=settings, engine=engine, wake=wakeups.inbound, busy=wakeups.edge)
    metrics = start_metrics(settings=settings, engine=engine)  # mailbot/metrics.py; None unless metrics_port
    log.info("mdreg serving (database %s)", engine.url.render_as_string(hide_password=True))
    notifier = Notifier()  # systemd Type=notify (mailbot/systemd_notify.py); silent outside systemd
    notifier.ready()
    watchdog = asyncio.create_task(keep_watchdog(notifier, alive=lambda: all(t.is_alive() for t in threads)))
    if started is not None:
        started.set()
    try:
        await until.wait()
    finally:
        log.info("stopping")
        notifier.stopping()
        watchdog.cancel()
        for server in servers:
            server.close()
            await server.wait_closed()
        stop_metrics(metrics)
        stop.set()
        wakeups.wake_all()  # waiters see `stop` now, not at their next poll
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
