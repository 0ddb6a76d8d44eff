"""How long mdreg takes to drain a 10,000-message IMAP folder, next to mbsync copying it.

A throw-away Dovecot on loopback (tests/imap/dovecot.py) gets N registration e-mails by
MULTIAPPEND. Then, on the same folder:
  1. mbsync (isync) pulls the folder into a Maildir (it fsyncs; the folder is left as it is);
  2. mdreg's IMAP watcher stores every message through store_raw (each a committed, fsync'd
     transaction) and marks it on the server (default: MOVE to the processed folder). No worker.
Needs root, dovecot-imapd and isync:  apt-get install dovecot-imapd isync

    .venv/bin/python bench/imap_drain.py [--messages 10000] [--batch 100] [--db URL]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from imapclient import IMAPClient  # noqa: E402

from mailbot.edges.imap_watch import ImapWatcher  # noqa: E402
from mailbot.settings import Settings  # noqa: E402
from store.db import open_database  # noqa: E402
from tests.imap import dovecot as dv  # noqa: E402
from tests.imap.helpers import append_many, inbound_count  # noqa: E402
from tests.support import registration_mail  # noqa: E402

MBSYNC_CONFIG = """\
IMAPAccount bench
Host 127.0.0.1
Port {port}
User {user}
Pass {password}
SSLType None
AuthMechs PLAIN LOGIN

IMAPStore bench-remote
Account bench

MaildirStore bench-local
Path {maildir}/
Inbox {maildir}/INBOX

Channel bench
Far :bench-remote:
Near :bench-local:
Patterns INBOX
Create Near
Sync Pull
Expunge None
SyncState *
"""


def fill(server: dv.Dovecot, user: str, count: int) -> tuple[float, int]:
    messages = [registration_mail(n) for n in range(count)]
    client = IMAPClient("127.0.0.1", port=server.port, ssl=False)
    client.login(user, dv.PASSWORD)
    started = time.perf_counter()
    append_many(client, "INBOX", messages)
    elapsed = time.perf_counter() - started
    client.logout()
    return elapsed, sum(len(m) for m in messages)


def run_mbsync(server: dv.Dovecot, user: str, work: Path) -> tuple[float, int]:
    maildir = work / "maildir"
    maildir.mkdir()
    config = work / "mbsyncrc"
    config.write_text(MBSYNC_CONFIG.format(port=server.port, user=user, password=dv.PASSWORD, maildir=maildir))
    started = time.perf_counter()
    subprocess.run(["mbsync", "-c", str(config), "-q", "bench"], check=True)
    elapsed = time.perf_counter() - started
    copied = sum(1 for sub in ("new", "cur") for _ in (maildir / "INBOX" / sub).iterdir())
    return elapsed, copied


def run_mdreg(server: dv.Dovecot, user: str, work: Path, db: str | None, batch: int) -> tuple[float, int]:
    settings = Settings(
        db=db or f"sqlite:///{work / 'mdreg.db'}", data_dir=work / "var", imap_host="127.0.0.1",
        imap_port=server.port, imap_security="none", imap_user=user, imap_password=dv.PASSWORD, imap_batch=batch,
    )
    engine = open_database(settings.database_url)
    try:
        started = time.perf_counter()
        stored = ImapWatcher(settings=settings, engine=engine).drain_once()
        elapsed = time.perf_counter() - started
        assert inbound_count(engine) == stored, "stored rows and watcher count differ"
    finally:
        engine.dispose()
    return elapsed, stored


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=100, help="imap_batch for mdreg")
    parser.add_argument("--db", help="database URL for mdreg (default: a fresh SQLite file)")
    args = parser.parse_args()
    if not dv.available():
        print("needs Dovecot: apt-get install dovecot-imapd isync", file=sys.stderr)
        return 2
    server = dv.Dovecot()
    server.start()
    try:
        user = server.new_user()
        with tempfile.TemporaryDirectory(prefix="mdreg-bench-") as tmp:
            work = Path(tmp)
            fill_s, size = fill(server, user, args.messages)
            print(f"folder: {args.messages} messages, {size / 1e6:.1f} MB, appended in {fill_s:.1f} s")
            mbsync_s, copied = run_mbsync(server, user, work)
            print(f"mbsync: {copied} messages to a Maildir in {mbsync_s:.2f} s ({copied / mbsync_s:.0f} msg/s)")
            mdreg_s, stored = run_mdreg(server, user, work, args.db, args.batch)
            print(f"mdreg:  {stored} messages stored and moved in {mdreg_s:.2f} s ({stored / mdreg_s:.0f} msg/s, "
                  f"batch {args.batch}, {'SQLite' if not args.db else args.db.split(':')[0]})")
            print(f"ratio mdreg/mbsync: {mdreg_s / mbsync_s:.2f}x; load average "
                  f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
            if copied != args.messages or stored != args.messages:
                print("MISMATCH: not every message was copied/stored", file=sys.stderr)
                return 1
    finally:
        server.remove()
    return 0


if __name__ == "__main__":
    sys.exit(main())
