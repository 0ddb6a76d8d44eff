"""Watch one IMAP folder and store every message that arrives in it exactly once.

The order is what makes it exactly once, through disconnects, restarts and SIGKILL:
fetch (BODY.PEEK[], nothing is marked \\Seen) -> store (committed, de-duplicated by content
hash) -> mark on the server (move to the processed folder, or set our keyword) -> advance last_uid.
Each step works on a batch of `imap_batch` messages: one FETCH for the bodies (in groups of at most
FETCH_BYTES), one transaction to store them, one MOVE or STORE to mark them.
A crash between any two steps repeats the earlier steps, which are idempotent. When UIDVALIDITY
changes (or on first contact) the whole folder is rescanned and messages whose Message-ID or
content is already stored are only marked; last_uid is saved when the rescan is complete.
A drain that completes, even finding nothing, is recorded as the folder's last successful poll
(store/imap_state.py record_poll), which `mdreg health` reports.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections import Counter

from imapclient import DELETED, IMAPClient
from sqlalchemy.engine import Engine

from mailbot.errors import ImapMisconfigured, ImapUnavailable
from mailbot.edges.imap_connect import CONNECTION_ERRORS, account_key, connect, describe, logout
from mailbot.settings import Settings
from store import imap_state
from store.errors import StorageFailed
from mailbot.observe import accepted as log_accepted
from store.inbox import Incoming, message_id_of, store_many

log = logging.getLogger("mdreg.imap")

RETRYABLE = (*CONNECTION_ERRORS, ImapUnavailable, StorageFailed)
FETCH_BYTES = 32 * 1024 * 1024  # bodies are fetched in groups of at most this many bytes
MESSAGE_ID_FIELD = b"BODY[HEADER.FIELDS (MESSAGE-ID)]"


class ImapWatcher:
    """Runs in a thread of `mdreg serve` until the shared stop event is set."""

    def __init__(self, *, settings: Settings, engine: Engine, wake=None) -> None:
        self.settings = settings
        self.engine = engine
        self.wake = wake  # rung after each stored batch (mailbot/runners/wakeup.py)
        self.account = account_key(settings)
        self.folder = settings.imap_folder
        self.keyword = settings.imap_keyword
        self.counts: Counter[str] = Counter()  # stored, duplicate, known, oversized, marked
        self.state = "starting"
        self.idling = threading.Event()  # set while an IDLE command is in progress
        self.drained = False  # this connection has completed a drain (resets the backoff)
        if settings.imap_mark == "move" and settings.imap_processed_folder == settings.imap_folder:
            raise ImapMisconfigured("imap_processed_folder must differ from imap_folder")

    # The loop: connect, drain, wait, and reconnect with backoff when anything breaks.

    def run(self, stop: threading.Event) -> None:
        failures = 0
        while not stop.is_set():
            try:
                client = connect(self.settings)
            except (ImapUnavailable, ImapMisconfigured) as exc:
                failures += 1
                self._down(exc, failures)
                stop.wait(self._backoff(failures))
                continue
            self.drained = False
            try:
                self._session(client, stop)
                failures = 0
            except RETRYABLE as exc:
                failures = 1 if self.drained else failures + 1
                self._down(exc, failures)
            except Exception as exc:  # noqa: BLE001 - the watcher must outlive any one surprise
                log.exception("IMAP watcher error")
                failures = 1 if self.drained else failures + 1
                self._down(exc, failures)
            finally:
                logout(client)
            if not stop.is_set():
                stop.wait(self._backoff(failures))
        self._set_state("stopped", logging.INFO, "IMAP watcher stopped")

    def drain_once(self) -> int:
        """Connect, store everything pending in the folder, log out; the number newly stored."""
        before = self.counts["stored"]
        client = connect(self.settings)
        try:
            self._prepare(client)
            while self.drain(client, threading.Event()):
                pass
            self._polled()
        finally:
            logout(client)
        return self.counts["stored"] - before

    def _session(self, client: IMAPClient, stop: threading.Event) -> None:
        use_idle = self._prepare(client)
        self._set_state("connected", logging.INFO, "IMAP connected to %s, watching %s %s",
                        describe(self.settings), self.folder, self._mode_text(use_idle))
        while not stop.is_set():
            # Until a drain finds nothing: an EXISTS the server sent during our own FETCH or MOVE
            # is not repeated in IDLE, so only an empty SELECT+SEARCH shows the folder is caught up.
            while self.drain(client, stop) and not stop.is_set():
                pass
            if stop.is_set():
                return
            self._polled()
            self.drained = True
            if use_idle:
                self._idle(client, stop)
            else:
                stop.wait(self.settings.imap_poll_seconds)

    def _prepare(self, client: IMAPClient) -> bool:
        """Check the folders; True when IDLE is to be used."""
        if not client.folder_exists(self.folder):
            raise ImapUnavailable(f"folder {self.folder!r} does not exist on {describe(self.settings)}")
        if self.settings.imap_mark == "move" and not client.folder_exists(self.settings.imap_processed_folder):
            client.create_folder(self.settings.imap_processed_folder)
            log.info("created IMAP folder %s", self.settings.imap_processed_folder)
        return self.settings.imap_idle_seconds > 0 and client.has_capability("IDLE")

    def _mode_text(self, use_idle: bool) -> str:
        if use_idle:
            return f"with IDLE (re-issued every {self.settings.imap_idle_seconds:g} s)"
        why = "IDLE disabled" if self.settings.imap_idle_seconds <= 0 else "idle unsupported by the server"
        return f"by polling every {self.settings.imap_poll_seconds:g} s ({why})"

    # Draining: everything not yet stored, in batches.

    def drain(self, client: IMAPClient, stop: threading.Event) -> int:
        """Store and mark every pending message; the number of messages found pending."""
        selected = client.select_folder(self.folder)
        uidvalidity = int(selected[b"UIDVALIDITY"])
        uidnext = int(selected.get(b"UIDNEXT", 0) or 0)
        state = imap_state.load_state(engine=self.engine, account=self.account, folder=self.folder)
        rescan = state is None or state.uidvalidity != uidvalidity
        if state is not None and rescan:
            self._set_state(f"uidvalidity {uidvalidity}", logging.WARNING,
                            "UIDVALIDITY of %s changed from %s to %s: rescanning the folder; messages "
                            "already stored (same Message-ID or content) are only marked",
                            self.folder, state.uidvalidity, uidvalidity)
        last_uid = 0 if rescan else state.last_uid
        uids = self._pending_uids(client, last_uid)
        batch = max(1, self.settings.imap_batch)
        for start in range(0, len(uids), batch):
            if stop.is_set():
                return len(uids)
            chunk = uids[start:start + batch]
            self._process_batch(client, chunk, rescan)
            if not rescan:
                imap_state.advance_last_uid(engine=self.engine, account=self.account, folder=self.folder,
                                            uidvalidity=uidvalidity, uid=chunk[-1])
        if rescan:  # complete: from now on only UIDs above these are new
            imap_state.save_state(engine=self.engine, account=self.account, folder=self.folder,
                                  uidvalidity=uidvalidity, last_uid=max([uidnext - 1, *uids, 0]))
        return len(uids)

    def _pending_uids(self, client: IMAPClient, last_uid: int) -> list[int]:
        criteria = ["UID", f"{last_uid + 1}:*"]
        if self.settings.imap_mark == "flag":
            criteria += ["UNKEYWORD", self.keyword]
        return sorted(uid for uid in client.search(criteria) if uid > last_uid)

    def _process_batch(self, client: IMAPClient, uids: list[int], rescan: bool) -> None:
        """Store the batch, then mark it on the server; the order is the guarantee."""
        wanted = [b"FLAGS", b"RFC822.SIZE"] + ([MESSAGE_ID_FIELD] if rescan else [])
        meta = client.fetch(uids, wanted)
        known = self._known(meta, rescan)
        todo = [uid for uid in uids if uid in meta and uid not in known and self._fits(uid, meta[uid])]
        fetched: set[int] = set()
        for group in self._groups(todo, meta):
            bodies = {uid: item[b"BODY[]"] for uid, item in client.fetch(group, [b"BODY.PEEK[]"]).items()
                      if uid in group and item.get(b"BODY[]") is not None}
            self._store(bodies)
            fetched.update(bodies)
        self._mark(client, sorted(known | fetched))

    def _known(self, meta: dict, rescan: bool) -> set[int]:
        """UIDs stored before: carrying our keyword, or (in a rescan) with a stored Message-ID."""
        known = {uid for uid, item in meta.items() if self._has_keyword(item)}
        if rescan:
            ids = {uid: message_id_of(item.get(MESSAGE_ID_FIELD, b"") + b"\r\n") for uid, item in meta.items()}
            stored = imap_state.stored_message_ids(engine=self.engine, message_ids=[m for m in ids.values() if m])
            known |= {uid for uid, mid in ids.items() if mid in stored}
        self.counts["known"] += len(known)
        return known

    def _has_keyword(self, item: dict) -> bool:
        flags = {f.decode() if isinstance(f, bytes) else f for f in item.get(b"FLAGS", ())}
        return self.keyword in flags

    def _fits(self, uid: int, item: dict) -> bool:
        size = int(item.get(b"RFC822.SIZE", 0))
        if size <= self.settings.max_message_size:
            return True
        self.counts["oversized"] += 1
        log.error("message UID %s in %s is %d bytes, over max_message_size: left there for a person",
                  uid, self.folder, size)
        return False

    @staticmethod
    def _groups(uids: list[int], meta: dict) -> list[list[int]]:
        groups: list[list[int]] = [[]]
        total = 0
        for uid in uids:
            size = int(meta[uid].get(b"RFC822.SIZE", 0))
            if groups[-1] and total + size > FETCH_BYTES:
                groups.append([])
                total = 0
            groups[-1].append(uid)
            total += size
        return [group for group in groups if group]

    def _store(self, bodies: dict[int, bytes]) -> None:
        """Store a group of messages in one transaction (one fsync), then wake the worker."""
        if not bodies:
            return
        raws = [bodies[uid] for uid in sorted(bodies)]
        results = store_many(engine=self.engine, items=[Incoming(raw=raw, source="imap") for raw in raws])
        if self.wake is not None:
            self.wake.ring()
        for raw, stored in zip(raws, results):
            self.counts["duplicate" if stored.duplicate else "stored"] += 1
            log_accepted(edge="imap", queue_id=stored.inbound_id, message_id=message_id_of(raw),
                         envelope_from=None, size=len(raw), duplicate=stored.duplicate)

    def _polled(self) -> None:
        """Record the completed drain as the folder's last successful poll (for `mdreg health`)."""
        imap_state.record_poll(engine=self.engine, account=self.account, folder=self.folder)

    def _mark(self, client: IMAPClient, uids: list[int]) -> None:
        if not uids:
            return
        if self.settings.imap_mark == "flag":
            client.add_flags(uids, [self.keyword], silent=True)
        elif client.has_capability("MOVE"):
            client.move(uids, self.settings.imap_processed_folder)
        else:
            client.copy(uids, self.settings.imap_processed_folder)
            client.add_flags(uids, [DELETED], silent=True)
            client.expunge(uids if client.has_capability("UIDPLUS") else None)
        self.counts["marked"] += len(uids)

    # Waiting for news.

    def _idle(self, client: IMAPClient, stop: threading.Event) -> None:
        """IDLE until the folder changes, `stop` is set or imap_idle_seconds pass (then re-issue)."""
        client.idle()
        self.idling.set()
        try:
            deadline = time.monotonic() + self.settings.imap_idle_seconds
            while not stop.is_set() and time.monotonic() < deadline:
                left = deadline - time.monotonic()
                if _news(client.idle_check(timeout=max(0.05, min(1.0, left)))):
                    break
        finally:
            self.idling.clear()
        client.idle_done()

    # State changes are logged once; retries only at debug level.

    def _down(self, exc: BaseException, failures: int) -> None:
        reason = str(exc) or type(exc).__name__
        if isinstance(exc, ImapMisconfigured):
            self._set_state("misconfigured", logging.ERROR, "IMAP settings: %s", reason)
        elif self.state in ("connected", "starting") or self.state.startswith("uidvalidity"):
            self._set_state("disconnected", logging.WARNING, "IMAP disconnected: %s", reason)
        self._set_state("reconnecting", logging.INFO, "IMAP reconnecting with backoff (up to %g s)",
                        self.settings.imap_backoff_max_seconds)
        log.debug("IMAP attempt %d failed: %s", failures, reason)

    def _set_state(self, state: str, level: int, message: str, *args) -> None:
        if state != self.state:
            self.state = state
            log.log(level, message, *args)

    def _backoff(self, failures: int) -> float:
        ceiling = min(self.settings.imap_backoff_max_seconds,
                      self.settings.imap_backoff_seconds * 2 ** max(0, failures - 1))
        return ceiling * random.uniform(0.5, 1.0)


def _news(responses: list) -> bool:
    """True when an IDLE response says the folder changed; raises when the server says BYE."""
    for response in responses:
        if len(response) >= 2 and response[1] in (b"EXISTS", b"RECENT"):
            return True
        if response and response[0] == b"BYE":
            raise ImapUnavailable(f"server said BYE: {response[1:]!r}")
    return False
