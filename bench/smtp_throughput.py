"""SMTP throughput: N messages over K kept connections against `mdreg serve` (SQLite), and in the
same run against a bare aiosmtpd server whose handler does nothing (the ceiling of the edge).

Prints accepted messages/s for both and their ratio, mdreg's end-to-end messages/s (reply
delivered to a relay sink) and its ratio to the same ceiling, and a light-load latency run:
L messages one at a time, each timed from its DATA to its reply at the relay (p50, p95).
Usage: python bench/smtp_throughput.py [-n 2000] [-k 4] [-l 60] [--no-isolate] [-w WORKERS]
`mdreg serve` runs as it ships: intake in bounded child processes (isolate_intake); --no-isolate reads
mail in the worker process itself.
`mdreg serve` runs from this checkout (PYTHONPATH), whatever the environment has installed.
"""

from __future__ import annotations

import argparse
import os
import smtplib
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support import RelaySink, free_port, registration_mail, wait_for  # noqa: E402


def message(n: int) -> bytes:
    """A distinct registration per n: its own sender, Message-ID and organisation number, so that
    each one makes a case of its own and is answered (one organisation number shared by all would
    make every later writer a stranger to the first case, whom no reply goes to)."""
    return registration_mail(n)


def load(port: int, total: int, clients: int) -> float:
    """Send `total` messages over `clients` connections in parallel; seconds until the last 250."""
    per_client = [list(range(c, total, clients)) for c in range(clients)]

    def run(numbers: list[int]) -> None:
        with smtplib.SMTP("127.0.0.1", port, timeout=60) as client:
            for n in numbers:
                client.sendmail(f"applicant{n}@firma{n}.example.no", ["medisinsk.utstyr@localhost"], message(n))

    threads = [threading.Thread(target=run, args=(nums,)) for nums in per_client]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - start


def wait_port(port: int) -> None:
    def up() -> bool:
        try:
            with smtplib.SMTP("127.0.0.1", port, timeout=1) as c:
                return c.noop()[0] == 250
        except OSError:
            return False

    wait_for(up, timeout=60)


def run_bare(total: int, clients: int) -> float:
    port = free_port()
    proc = subprocess.Popen([sys.executable, str(ROOT / "bench" / "_bare_smtp.py"), str(port)])
    try:
        wait_port(port)
        return load(port, total, clients)
    finally:
        proc.terminate()
        proc.wait(10)


def start_mdreg_serve(workdir: Path, relay: RelaySink, *, isolate: bool,
                      workers: int = 1) -> tuple[subprocess.Popen, int]:
    """`mdreg serve` on SQLite with its default poll interval: replies come from wake-ups."""
    port = free_port()
    env = {**os.environ, "MDREG_DATA_DIR": str(workdir), "MDREG_SMTP_PORT": str(port),
           "MDREG_RELAY": f"127.0.0.1:{relay.port}", "MDREG_LOG_LEVEL": "WARNING",
           "MDREG_ISOLATE_INTAKE": "true" if isolate else "false",
           # this checkout's code, not whichever the environment installed (an editable install of another)
           "PYTHONPATH": os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])}
    proc = subprocess.Popen([sys.executable, "-m", "mailbot.cli.main", "serve", "--workers", str(workers)],
                            env=env, cwd=workdir)
    wait_port(port)
    return proc, port


def run_mdreg(total: int, clients: int, workdir: Path, *, isolate: bool, workers: int = 1) -> tuple[float, float]:
    relay = RelaySink()
    relay.start()
    proc, port = start_mdreg_serve(workdir, relay, isolate=isolate, workers=workers)
    try:
        start = time.perf_counter()
        accepted = load(port, total, clients)
        wait_for(lambda: len(relay.envelopes) >= total, timeout=3600, interval=0.01)
        return accepted, time.perf_counter() - start
    finally:
        proc.terminate()
        proc.wait(30)
        relay.stop()


def run_latency(count: int, workdir: Path, *, isolate: bool, workers: int = 1) -> list[float]:
    """Seconds from each message's DATA to its reply at the relay, one message at a time."""
    relay = RelaySink()
    relay.start()
    proc, port = start_mdreg_serve(workdir, relay, isolate=isolate, workers=workers)
    latencies = []
    try:
        with smtplib.SMTP("127.0.0.1", port, timeout=60) as client:
            for n in range(count):
                time.sleep(0.2)  # at rest: the worker and the sender sleep on their wake-ups
                before = len(relay.envelopes)
                start = time.perf_counter()
                client.sendmail(f"applicant{n}@firma{n}.example.no", ["medisinsk.utstyr@localhost"],
                                message(100_000 + n))
                wait_for(lambda: len(relay.envelopes) > before, timeout=60, interval=0.001)
                latencies.append(time.perf_counter() - start)
        return latencies
    finally:
        proc.terminate()
        proc.wait(30)
        relay.stop()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--messages", type=int, default=2000)
    parser.add_argument("-k", "--clients", type=int, default=4, help="kept connections (default 4)")
    parser.add_argument("-l", "--latency-messages", type=int, default=60)
    # Measured as serve ships (isolate_intake defaults to true); --no-isolate reads mail in the worker itself.
    parser.add_argument("--isolate", action=argparse.BooleanOptionalAction, default=True,
                        help="bounded intake in child processes, as serve's default (--no-isolate: in the worker)")
    parser.add_argument("-w", "--workers", type=int, default=1, help="mdreg serve --workers (default 1)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        mdreg_accept, mdreg_e2e = run_mdreg(args.messages, args.clients, Path(tmp), isolate=args.isolate,
                                            workers=args.workers)
    with tempfile.TemporaryDirectory() as tmp:
        latencies = run_latency(args.latency_messages, Path(tmp), isolate=args.isolate, workers=args.workers)
    bare = run_bare(args.messages, args.clients)
    n = args.messages
    print(f"{n} messages, {args.clients} kept connections, loopback, SQLite, isolate_intake={args.isolate}, "
          f"{args.workers} worker process(es); "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    print(f"{'':34}{'seconds':>10}{'msg/s':>10}")
    print(f"{'bare aiosmtpd (ceiling), accepted':34}{bare:10.2f}{n / bare:10.1f}")
    print(f"{'mdreg serve, accepted (250)':34}{mdreg_accept:10.2f}{n / mdreg_accept:10.1f}")
    print(f"{'mdreg serve, end-to-end (reply)':34}{mdreg_e2e:10.2f}{n / mdreg_e2e:10.1f}")
    print(f"ratio accepted mdreg / ceiling: {bare / mdreg_accept:.3f}")
    print(f"ratio end-to-end mdreg / ceiling: {bare / mdreg_e2e:.3f}")
    print(f"light load, {len(latencies)} messages one at a time, DATA to reply at the relay: "
          f"p50 {1000 * percentile(latencies, 50):.0f} ms, p95 {1000 * percentile(latencies, 95):.0f} ms, "
          f"max {1000 * max(latencies):.0f} ms")


if __name__ == "__main__":
    main()
