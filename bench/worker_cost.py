"""CPU the worker spends per message, in this process, on a backlog of registration mails.

    .venv/bin/python bench/worker_cost.py [--messages 1000] [--db URL] [--isolate [--no-read-ahead]]
                                          [--profile [N]] [--sender]

A fresh SQLite database in a temp dir (or the empty database of --db) is migrated as the CLI does
(store.db.open_database) and gets N distinct registration mails (tests.support.registration_mail),
stored with store_raw as the SMTP edge stores them. A Worker (isolate_intake off: intake runs in
this process, so its CPU is counted) then processes batches until the inbox is empty.
Printed: CPU ms per message (time.process_time, this process: worker and SQLite driver both),
of which understanding the message (intake), wall msg/s, and with --profile the top N (default 25)
cProfile entries by cumulative time. With --isolate intake runs in the IntakePool's children, as
in `mdreg serve`: the CPU printed is then what stays in the worker's process (sending the raw
bytes and receiving each Understanding included), and the worker reads the next batch ahead
while it records one (mailbot/runners/read_ahead.py) unless --no-read-ahead: the wall msg/s
of the two, run in turn, shows what the overlap gains.
With --sender the outbox is then drained through the Sender to a tests.support.RelaySink on
loopback, and its CPU ms per message is printed the same way; the relay sink's SMTP server runs
in a thread of this process, so its CPU is measured apart (its thread's clock) and left out.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mailbot.runners.relay import RelaySession  # noqa: E402
from mailbot.runners.sender import Sender  # noqa: E402
from mailbot.runners.worker import Worker  # noqa: E402
from mailbot.settings import Settings  # noqa: E402
from store import inbox, outbox  # noqa: E402
from store.db import open_database  # noqa: E402
from tests.support import RelaySink, registration_mail  # noqa: E402


def measure(label: str, step, *, messages: int, profile: int, within=None, sink=None) -> None:
    """Run `step()` until it returns False; print CPU ms and wall time per message (and the
    CPU ms spent within `within`, a list its caller adds process times to)."""
    profiler = cProfile.Profile() if profile else None
    relay = sink_cpu(sink) if sink is not None else None
    cpu, wall = time.process_time(), time.perf_counter()
    if profiler:
        profiler.enable()
    while step():
        pass
    if profiler:
        profiler.disable()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    relay = sink_cpu(sink) - relay if sink is not None else None
    part = f" (understanding {1000 * sum(within) / messages:.2f})" if within else ""
    if relay is not None:
        part = f" (the relay sink's {1000 * relay / messages:.2f} left out)"
        cpu -= relay
    print(f"{label}: {messages} messages, CPU {1000 * cpu / messages:.2f} ms/message{part}, "
          f"wall {messages / wall:.0f} msg/s ({wall:.1f} s)")
    if profiler:
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(profile)


def sink_cpu(sink: RelaySink) -> float:
    """CPU seconds of the relay sink's server thread so far."""
    return time.clock_gettime(time.pthread_getcpuclockid(sink._controller._thread.ident))


def timed(obj, name: str) -> list[float]:
    """Add the CPU time of each call of obj.name (its thread's: the batch read ahead is read in a
    thread of its own) to the list returned."""
    spent: list[float] = []
    method = getattr(obj, name)

    def wrapper(*args, **kwargs):
        started = time.thread_time()
        try:
            return method(*args, **kwargs)
        finally:
            spent.append(time.thread_time() - started)

    setattr(obj, name, wrapper)
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--db", help="an empty database URL (default: SQLite in a temp dir)")
    parser.add_argument("--profile", type=int, nargs="?", const=25, default=0,
                        help="print the top N cProfile entries by cumulative time")
    parser.add_argument("--isolate", action="store_true", help="intake in child processes, as in serve")
    parser.add_argument("--no-read-ahead", action="store_true", help="with --isolate: one batch at a time")
    parser.add_argument("--sender", action="store_true", help="then deliver the outbox to a relay sink")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="mdreg-cost-") as tmp:
        url = args.db or f"sqlite:///{Path(tmp) / 'mdreg.db'}"
        sink = RelaySink() if args.sender else None
        settings = Settings(db=url, data_dir=Path(tmp) / "var", isolate_intake=args.isolate,
                            relay=f"127.0.0.1:{sink.port}" if sink else None)
        engine = open_database(url)
        try:
            for n in range(args.messages):
                inbox.store_raw(engine=engine, raw=registration_mail(n), source="smtp",
                                envelope_from=f"s{n}@example.no")
            worker = Worker(settings=settings, engine=engine)
            try:
                worker.process_one()  # warm-up: imports, first statements compiled, intake children started
                if args.no_read_ahead:
                    worker.reader.read_next = lambda **_: None
                understanding = timed(worker, "_understand")
                # The run loop's step: with --isolate the next batch is read ahead meanwhile.
                measure("worker", worker._one_iteration, messages=args.messages - 1,
                        profile=args.profile, within=understanding)
            finally:
                worker.close()
            left = inbox.pending_count(engine=engine)
            if left:
                raise SystemExit(f"{left} messages were left in the inbox")
            if sink:
                sink.start()
                try:
                    queued = outbox.count(engine=engine, status="queued")
                    sender = Sender(settings=settings, engine=engine)
                    sender._relay = RelaySession(settings=settings)  # kept, as in Sender.run
                    try:
                        measure("sender", sender.deliver_one, messages=queued, profile=args.profile, sink=sink)
                    finally:
                        sender._relay.close()
                    print(f"relay sink received {len(sink.envelopes)} of {queued}")
                finally:
                    sink.stop()
        finally:
            engine.dispose()


if __name__ == "__main__":
    main()
