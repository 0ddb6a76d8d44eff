"""The sender: delivers the outbox to the relay, or into a Maildir when no relay is configured.

Relay down, 4xx or any unexpected error: retried with exponential backoff, failed after
`send_max_attempts`; 5xx: failed at once. The reason is visible in `mdreg outbox`.
Messages are claimed and marked `sent` in batches over one kept relay session; a message the
relay accepted before a crash, in the batch then in hand, may go again, with the same Message-ID.
"""

from __future__ import annotations

import logging
import threading
import time

from sqlalchemy.engine import Engine

from mailbot.errors import DeliveryDeferred, DeliveryRejected
from mailbot.observe import reply_delivered
from mailbot.runners.base import Runner
from mailbot.runners.relay import RelaySession
from mailbot.runners.wakeup import Wakeups
from mailbot.settings import Settings
from store import outbox
from store.private_files import deliver_to_maildir

log = logging.getLogger("mdreg.sender")

SEND_BATCH = 32  # messages claimed, sent and marked together
# After a batch smaller than SEND_BATCH, the sender waits this long before claiming again, so that
# under a steady stream of replies one claim takes several: each claim and each `sent` mark is a
# commit, and on SQLite each waits for the worker's. A reply at rest is sent at once all the same:
# the wait comes after a batch, and the ring that announced the next reply is remembered meanwhile.
LINGER_SECONDS = 0.1


class Sender(Runner):
    """Delivers due outbox messages until told to stop: up to SEND_BATCH per claim, over one kept
    relay session (mailbot/runners/relay.py), their `sent` marks committed together. The loop,
    the leases and the wake-ups are the runner base's (mailbot/runners/base.py)."""

    role = "sender"
    log = log

    def __init__(self, *, settings: Settings, engine: Engine, sender_id: str | None = None,
                 wakeups: Wakeups | None = None) -> None:
        self.wakeups = wakeups or Wakeups()  # the worker rings `outbox` after queuing a reply
        super().__init__(settings=settings, engine=engine, runner_id=sender_id, wake=self.wakeups.outbox,
                         give_way=self.wakeups.edge)
        self._relay: RelaySession | None = None  # kept while run() runs; per batch otherwise
        self._last_batch = 0

    @property
    def sender_id(self) -> str:
        return self.runner_id

    def run(self, stop: threading.Event) -> None:
        self._relay = RelaySession(settings=self.settings) if self.settings.relay_address else None
        try:
            super().run(stop)
        finally:
            if self._relay is not None:
                self._relay.close()

    def deliver_one(self) -> bool:
        """Deliver the messages due now, up to SEND_BATCH of them; False when none was due."""
        if self._relay is not None:  # inside run(): the kept session
            return self._one_iteration()
        if self.settings.relay_address:
            self._relay = RelaySession(settings=self.settings)  # one session for this batch
        try:
            return self._one_iteration()
        finally:
            if self._relay is not None:
                self._relay.close()
                self._relay = None

    def _snooze(self, stop: threading.Event) -> None:
        if self._relay is not None:
            self._relay.close_if_idle()
        super()._snooze(stop)

    def _claim(self) -> list[outbox.Outgoing] | None:
        items = outbox.claim_due_many(engine=self.engine, sender_id=self.sender_id,
                                      stale_after=self.settings.claim_timeout_seconds, limit=SEND_BATCH)
        return items or None

    def _lease(self, item: list[outbox.Outgoing]) -> dict[str, list[int]]:
        return {"outbox_ids": [one.outbox_id for one in item]}

    def _after_work(self) -> None:
        if self._last_batch < SEND_BATCH:
            time.sleep(LINGER_SECONDS)

    def _dispose(self, item: list[outbox.Outgoing]) -> None:
        self._last_batch = len(item)
        if self._relay is not None:
            self._relay.forget_failure()
        sent: list[int] = []
        try:
            for one in item:
                if self._deliver(one):
                    sent.append(one.outbox_id)
        finally:
            # A crash before this commit sends these again, with the same Message-IDs.
            outbox.mark_sent_many(engine=self.engine, outbox_ids=sent)
        for one in item:
            if one.outbox_id in sent:
                reply_delivered(ok=True)
                log.info("outbox %s sent to %s", one.outbox_id, one.to_addr)

    def _deliver(self, item: outbox.Outgoing) -> bool:
        """Hand one message over; True when the relay took it (its `sent` mark is the caller's)."""
        if item.attempts > self.settings.send_max_attempts:
            # Earlier claims died mid-delivery (crash, kill, hang past the claim timeout): stop here,
            # so a row never cycles through `sending` forever and a password is not made again.
            outbox.mark_failed(engine=self.engine, outbox_id=item.outbox_id, sender_id=self.sender_id,
                               error=f"gave up after {item.attempts - 1} attempts that did not finish")
            reply_delivered(ok=False)
            log.warning("outbox %s to %s failed: %s attempts did not finish", item.outbox_id, item.to_addr,
                        item.attempts - 1)
            return False
        try:
            if item.kind == "credentials":  # the password is made now: mailbot/credentials_dispatch.py
                from mailbot.credentials_dispatch import deliver_credentials

                deliver_credentials(self, item)
            else:
                self.transmit(item.to_addr, item.raw)
        except DeliveryRejected as exc:
            outbox.mark_failed(engine=self.engine, outbox_id=item.outbox_id, error=str(exc), sender_id=self.sender_id)
            reply_delivered(ok=False)
            log.warning("outbox %s to %s failed: %s", item.outbox_id, item.to_addr, exc)
        except DeliveryDeferred as exc:
            self._defer(item, str(exc))
        except Exception as exc:  # noqa: BLE001 - any other error: retried with backoff, then failed
            log.warning("outbox %s to %s: unexpected %s", item.outbox_id, item.to_addr, type(exc).__name__,
                        exc_info=item.kind != "credentials")
            self._defer(item, _describe(exc, secret=item.kind == "credentials"))
        else:
            return True
        return False

    def _defer(self, item: outbox.Outgoing, error: str) -> None:
        if item.attempts >= self.settings.send_max_attempts:
            outbox.mark_failed(engine=self.engine, outbox_id=item.outbox_id, sender_id=self.sender_id,
                               error=f"gave up after {item.attempts} attempts: {error}")
            reply_delivered(ok=False)
            log.warning("outbox %s to %s failed after %s attempts", item.outbox_id, item.to_addr, item.attempts)
            return
        delay = outbox.backoff_seconds(item.attempts, base=self.settings.send_backoff_seconds,
                                       ceiling=self.settings.send_backoff_max_seconds)
        outbox.mark_retry(engine=self.engine, outbox_id=item.outbox_id, error=error, delay_seconds=delay,
                          sender_id=self.sender_id)
        log.info("outbox %s deferred %.0f s: %s", item.outbox_id, delay, error)

    def transmit(self, to_addr: str, raw: bytes) -> None:
        """Hand one message over: to the relay, or into the Maildir."""
        if self.settings.relay_address is None:
            # tmp/ then renamed into new/: never a half message; 0600 in 0700 directories.
            deliver_to_maildir(self.settings.maildir, raw)
            return
        relay = self._relay
        if relay is None:  # called outside deliver_one: a session of its own
            relay = RelaySession(settings=self.settings)
            try:
                relay.send(to_addr, raw)
            finally:
                relay.close()
            return
        relay.send(to_addr, raw)


def _describe(exc: Exception, *, secret: bool) -> str:
    """The reason staff see in `mdreg outbox`; for a credential e-mail only the error's type, as
    its text could quote what was being sent."""
    if secret:
        return f"unexpected error: {type(exc).__name__}"
    return f"unexpected error: {type(exc).__name__}: {exc}"
