"""The edge's 250 while the worker is busy: `mdreg serve` (SQLite) is given a backlog, then single
messages arrive one at a time, slower than a burst, while the worker works through the backlog.

The edge and the worker share SQLite's one write lock; a DATA whose commit finds it held waits in
SQLite's busy handler, which sleeps in growing steps (1, 2, 5, 10 ms, ...). Prints the DATA-to-250
times of the single messages (p50, p95, max), during the backlog and at rest after it.
Run with PYTHONPATH at the checkout to measure (an editable install elsewhere would be imported instead).
Usage: python bench/edge_latency_busy.py [-b 400] [-s 40] [--isolate]
"""

from __future__ import annotations

import argparse
import smtplib
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.smtp_throughput import load, percentile, start_mdreg_serve  # noqa: E402
from tests.support import RelaySink, registration_mail, wait_for  # noqa: E402

GAP_SECONDS = 0.05  # between single messages: 2 commands per 50 ms, below the edge's burst mark


def singles(port: int, count: int, first: int) -> list[float]:
    """Seconds from each single message's DATA (sendmail) to its 250."""
    times = []
    with smtplib.SMTP("127.0.0.1", port, timeout=60) as client:
        for n in range(first, first + count):
            time.sleep(GAP_SECONDS)
            start = time.perf_counter()
            client.sendmail(f"single{n}@example.no", ["medisinsk.utstyr@localhost"], registration_mail(n))
            times.append(time.perf_counter() - start)
    return times


def describe(name: str, times: list[float]) -> str:
    return (f"{name:28} p50 {1000 * percentile(times, 50):6.1f} ms   p95 {1000 * percentile(times, 95):6.1f} ms"
            f"   max {1000 * max(times):6.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-b", "--backlog", type=int, default=400)
    parser.add_argument("-s", "--singles", type=int, default=40)
    parser.add_argument("--isolate", action="store_true", help="bounded intake in a child process")
    args = parser.parse_args()
    relay = RelaySink()
    relay.start()
    with tempfile.TemporaryDirectory() as tmp:
        proc, port = start_mdreg_serve(Path(tmp), relay, isolate=args.isolate)
        try:
            time.sleep(2.0)  # the worker is up
            load(port, args.backlog, 4)
            busy = singles(port, args.singles, 200_000)
            left = args.backlog + args.singles - len(relay.envelopes)
            wait_for(lambda: len(relay.envelopes) >= args.backlog + args.singles, timeout=600, interval=0.05)
            rest = singles(port, args.singles, 300_000)
        finally:
            proc.terminate()
            proc.wait(30)
            relay.stop()
    print(f"backlog {args.backlog}, then {args.singles} single messages {1000 * GAP_SECONDS:.0f} ms apart; "
          f"replies still due after the singles: {left}")
    print(describe("250 while the worker works", busy))
    print(describe("250 at rest", rest))


if __name__ == "__main__":
    main()
