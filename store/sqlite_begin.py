"""BEGIN IMMEDIATE on SQLite that takes the write lock as soon as it is free, not some time after.

SQLite lets one writer in at a time. A writer that finds the lock taken waits in SQLite's busy
handler, which sleeps in growing steps (1, 2, 5, 10, 15, 20, 25 … 100 ms) between looks: one
waiting for a worker's 30 ms batch looks again after 33 ms and then 53 ms, and with two worker
processes (or a worker and the sender) taking turns, those gaps add up to a good part of the
time. So BEGIN alone is tried with the busy handler off, and tried again every POLL_SECONDS,
then, once the wait has lasted a few tries, every LONGEST_POLL_SECONDS, until it gets in or
`timeout` (the connection's, 60 s) has passed. Each failed try costs a few microseconds, and a
wake-up that takes the interpreter lock from the edge's thread: a sender waiting out a worker's
50 ms batch tried a hundred times. Statements inside a transaction keep the busy handler: BEGIN
IMMEDIATE already holds the write lock, and the rare busy read (another connection recovering
the WAL) is left to it.
Nothing is shared between processes: a writer that dies releases SQLite's lock with its file.
"""

from __future__ import annotations

import sqlite3
import time

POLL_SECONDS = 0.0005  # between two tries of BEGIN while another connection writes, at first
LONGEST_POLL_SECONDS = 0.002  # after QUICK_TRIES: a long wait is a batch, and 2 ms late is nothing to it
QUICK_TRIES = 8
BUSY_TIMEOUT_MS = 60_000  # the busy handler's bound, for every statement but BEGIN (store/db.py)


class PromptConnection(sqlite3.Connection):
    """sqlite3's connection with begin_immediate(): BEGIN IMMEDIATE, tried again every
    POLL_SECONDS while the database is locked, for at most BUSY_TIMEOUT_MS."""

    def begin_immediate(self) -> None:
        self.execute("PRAGMA busy_timeout=0")
        try:
            deadline, tries = None, 0
            while True:
                try:
                    self.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as exc:
                    if getattr(exc, "sqlite_errorcode", 0) & 0xFF != sqlite3.SQLITE_BUSY:  # BUSY_RECOVERY etc. too
                        raise
                    now = time.monotonic()
                    deadline = deadline or now + BUSY_TIMEOUT_MS / 1000
                    if now >= deadline:
                        raise
                tries += 1
                time.sleep(POLL_SECONDS if tries <= QUICK_TRIES else LONGEST_POLL_SECONDS)
        finally:
            self.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
