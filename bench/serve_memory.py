"""Peak memory of `mdreg serve` (SQLite) through a burst: N registration e-mails over K kept SMTP
connections, until every reply has reached a relay sink on loopback.

Prints the peak resident set of the serve process (VmHWM, Linux) and the highest sum of resident
sets of serve and its children seen by sampling every 0.1 s (the bounded intake runs in children).
Usage: python bench/serve_memory.py [-n 10000] [-k 4] [--isolate]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.smtp_throughput import load, start_mdreg_serve  # noqa: E402
from tests.support import RelaySink, wait_for  # noqa: E402


def status_kb(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree(pid: int) -> list[int]:
    """pid and all its descendants."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        todo.extend(int(c) for c in children)
    return found


class Sampler(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_tree_kb = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.1):
            total = sum(status_kb(p, "VmRSS") for p in tree(self.pid))
            self.peak_tree_kb = max(self.peak_tree_kb, total)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--messages", type=int, default=10_000)
    parser.add_argument("-k", "--clients", type=int, default=4)
    parser.add_argument("--isolate", action="store_true", help="bounded intake in a child process (production default)")
    args = parser.parse_args()
    relay = RelaySink()
    relay.start()
    with tempfile.TemporaryDirectory(prefix="mdreg-bench-") as tmp:
        proc, port = start_mdreg_serve(Path(tmp), relay, isolate=args.isolate)
        sampler = Sampler(proc.pid)
        sampler.start()
        try:
            start_rss = status_kb(proc.pid, "VmRSS")
            started = time.perf_counter()
            accepted = load(port, args.messages, args.clients)
            wait_for(lambda: len(relay.envelopes) >= args.messages, timeout=24 * 3600, interval=0.2)
            elapsed = time.perf_counter() - started
            peak_serve = status_kb(proc.pid, "VmHWM")
        finally:
            sampler.stop.set()
            sampler.join()
            proc.terminate()
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                proc.kill()
            relay.stop()
    print(f"{args.messages} messages over {args.clients} kept connections, SQLite, isolate_intake={args.isolate}; "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    print(f"accepted in {accepted:.1f} s, every reply at the relay after {elapsed:.1f} s")
    print(f"mdreg serve RSS: at start {start_rss / 1024:.0f} MB, peak (VmHWM) {peak_serve / 1024:.0f} MB; "
          f"peak of serve + children (sampled) {sampler.peak_tree_kb / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
