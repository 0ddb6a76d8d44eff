"""End-to-end throughput of `mdreg worker` processes on one stored backlog.

    .venv/bin/python bench/workers.py [--messages 2000] [--pg URL] [--pg-processes 1,2] [--no-sqlite]
                                      [--isolate] [--send] [--fast-commit]

For each setup (PostgreSQL with 1 and 2 worker processes by default; SQLite with 1) a fresh database gets
the same backlog of distinct registration e-mails, stored with store_raw as the SMTP edge stores
them; then `mdreg worker` processes are started and the clock runs until every message is done
with its reply queued (the same transaction), or, with --send, until a `mdreg sender` has also
handed every reply to a relay sink on loopback.

Columns: wall = from starting the processes to the last message (process start-up included);
steady = messages/s between the first and the last processed_at (start-up excluded).
The ratio of PostgreSQL with N processes to one is printed for each N.
PostgreSQL databases are throw-away ones (mdreg_bench_*) on the server of --pg, dropped afterwards.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

from store.db import open_database  # noqa: E402
from store.inbox import store_raw  # noqa: E402
from tests.support import RelaySink, pg_database, registration_mail, start_mdreg  # noqa: E402


def store_backlog(url: str, messages: int) -> float:
    engine = open_database(url)
    started = time.monotonic()
    try:
        for n in range(messages):
            store_raw(engine=engine, raw=registration_mail(n), source="smtp", envelope_from=f"s{n}@example.no")
    finally:
        engine.dispose()
    return time.monotonic() - started


def drain(url: str, *, messages: int, processes: int, env: dict[str, str], workdir: Path, send: bool) -> dict:
    workdir.mkdir(parents=True, exist_ok=True)
    reader = create_engine(url)
    sink = RelaySink() if send else None
    procs = []
    try:
        if sink:
            sink.start()
        started = time.monotonic()
        procs = [start_mdreg(["worker", "--db", url, "--data-dir", str(workdir / f"w{n}")], env=env,
                             log_path=workdir / f"worker{n}.log") for n in range(processes)]
        if sink:
            procs.append(start_mdreg(["sender", "--db", url, "--relay", f"127.0.0.1:{sink.port}"], env=env,
                                     log_path=workdir / "sender.log"))
        query = ("SELECT count(*) FROM outbox_message WHERE status = 'sent'" if send else
                 "SELECT count(*) FROM inbound_message i JOIN outbox_message o ON o.inbound_id = i.id "
                 "WHERE i.status = 'done'")
        while True:
            with reader.connect() as conn:
                finished = conn.execute(text(query)).scalar()
            if finished >= messages:
                break
            if any(p.poll() is not None for p in procs):
                raise SystemExit(f"a process died; see {workdir}")
            time.sleep(0.1)
        wall = time.monotonic() - started
        with reader.connect() as conn:
            first, last = conn.execute(text("SELECT min(processed_at), max(processed_at) FROM inbound_message")).one()
        if isinstance(first, str):  # SQLite keeps timestamps as text
            from datetime import datetime

            first, last = datetime.fromisoformat(first), datetime.fromisoformat(last)
        span = (last - first).total_seconds()
        return {"wall": wall, "rate": messages / wall, "steady": (messages - 1) / span if span > 0 else float("nan")}
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(30)
            except Exception:  # noqa: BLE001
                proc.kill()
        if sink:
            sink.stop()
        reader.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--pg", default=os.environ.get("MDREG_TEST_DATABASE_URL",
                                                       "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"))
    parser.add_argument("--pg-processes", default="1,2")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument("--isolate", action="store_true", help="bounded intake in a child process (the default in production)")
    parser.add_argument("--send", action="store_true", help="also deliver every reply to a relay sink")
    parser.add_argument("--fast-commit", action="store_true",
                        help="PostgreSQL: synchronous_commit=off (no fsync wait per commit)")
    args = parser.parse_args()

    env = {"MDREG_ISOLATE_INTAKE": "true" if args.isolate else "false", "MDREG_WORKER_POLL_SECONDS": "0.05",
           "MDREG_LOG_LEVEL": "WARNING", "MDREG_CLAIM_TIMEOUT_SECONDS": "300"}
    rows = []
    workdir = Path(tempfile.mkdtemp(prefix="mdreg-bench-"))
    try:
        for processes in [int(p) for p in args.pg_processes.split(",") if p]:
            name = f"mdreg_bench_{uuid.uuid4().hex[:8]}"
            with pg_database(args.pg, name) as url:
                if args.fast_commit:
                    admin = create_engine(args.pg, isolation_level="AUTOCOMMIT")
                    with admin.connect() as conn:
                        conn.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
                    admin.dispose()
                stored = store_backlog(url, args.messages)
                result = drain(url, messages=args.messages, processes=processes, env=env,
                               workdir=workdir / name, send=args.send)
            rows.append(("PostgreSQL", processes, stored, result))
            print(f"  PostgreSQL x{processes}: {result['rate']:.1f} msg/s", file=sys.stderr)
        if not args.no_sqlite:
            sqlite_dir = workdir / "sqlite"
            sqlite_dir.mkdir()
            url = f"sqlite:///{sqlite_dir / 'mdreg.db'}"
            stored = store_backlog(url, args.messages)
            result = drain(url, messages=args.messages, processes=1, env=env, workdir=sqlite_dir, send=args.send)
            rows.append(("SQLite", 1, stored, result))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    until = "reply sent to the relay" if args.send else "done + reply queued"
    print(f"\n{args.messages} registrations, until {until}; isolate_intake={args.isolate}; "
          f"PostgreSQL synchronous_commit={'off' if args.fast_commit else 'on'}; {os.cpu_count()} CPUs")
    print(f"{'database':<11} {'workers':>7} {'store s':>8} {'wall s':>7} {'msg/s':>7} {'steady msg/s':>13}")
    for database, processes, stored, r in rows:
        print(f"{database:<11} {processes:>7} {stored:>8.1f} {r['wall']:>7.1f} {r['rate']:>7.1f} {r['steady']:>13.1f}")
    pg = {processes: r for database, processes, _, r in rows if database == "PostgreSQL"}
    for processes in sorted(pg):
        if processes > 1 and 1 in pg:
            print(f"ratio PostgreSQL {processes} workers / 1 worker: wall {pg[processes]['rate'] / pg[1]['rate']:.2f}x, "
                  f"steady {pg[processes]['steady'] / pg[1]['steady']:.2f}x")
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
