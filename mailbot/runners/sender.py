"""The sender: delivers the outbox to the relay, or into a Maildir when no relay is configured.

Relay down, 4xx or any unexpected error: retried with exponential backoff, failed after
`send_max_attempts`; 5xx: failed at once. The reason is visible in `mdreg outbox`.
Messages are claimed and marked `sent` in batches over one kept relay session; a message the
relay accepted before a crash, in the batch then in hand, may go again, with the same Message-ID.
"""

from __future__ import annotations

import logging
import threading

from sqlalchemy.engine import Engine

from mailbot.errors import DeliveryDeferred, DeliveryRejected
from mailbot.observe import reply_delivered
from mailbot.runners.fault_log import run_loop
from mailbot.runners.relay import RelaySession
from mailbot.runners.wakeup import Wakeups
from mailbot.settings import Settings
from mailbot.runners.worker import make_worker_id
from store import outbox
from store.leases import Heartbeat, release_dead_claims
from store.private_files import deliver_to_maildir

log = logging.getLogger("mdreg.sender")

SEND_BATCH = 32  # messages claimed, sent and marked together


class Sender:
    """Delivers due outbox messages until told to stop: up to SEND_BATCH per claim, over one kept
    relay session (mailbot/runners/relay.py), their `sent` marks committed together."""

    def __init__(self, *, settings: Settings, engine: Engine, sender_id: str | None = None,
                 wakeups: Wakeups | None = None) -> None:
        self.settings = settings
        self.engine = engine
        self.sender_id = sender_id or make_worker_id("sender")
        self.heartbeat = Heartbeat(engine=engine, holder=self.sender_id, interval=settings.claim_timeout_seconds / 3)
        self.wakeups = wakeups or Wakeups()  # the worker rings `outbox` after queuing a reply
        self._relay: RelaySession | None = None  # kept while run() runs; per batch otherwise

    def _on_start(self) -> None:
        """Release at once the claims dead processes on this host left (store/leases.py)."""
        try:
            release_dead_claims(engine=self.engine)
        except Exception:  # noqa: BLE001 - their leases still lapse; never stop for this
            log.warning("could not release the claims of dead processes", exc_info=True)

    def run(self, stop: threading.Event) -> None:
        self._on_start()
        self._relay = RelaySession(settings=self.settings) if self.settings.relay_address else None
        try:
            run_loop(stop=stop, one=self._deliver_or_idle, poll_seconds=self.settings.worker_poll_seconds,
                     log=log, what="sender", wake=self.wakeups.outbox)
        finally:
            if self._relay is not None:
                self._relay.close()

    def _deliver_or_idle(self) -> bool:
        busy = self.deliver_one()
        if not busy and self._relay is not None:
            self._relay.close_if_idle()
        return busy

    def deliver_one(self) -> bool:
        """Deliver the messages due now, up to SEND_BATCH of them; False when none was due."""
        items = outbox.claim_due_many(engine=self.engine, sender_id=self.sender_id,
                                      stale_after=self.settings.claim_timeout_seconds, limit=SEND_BATCH)
        if not items:
            return False
        kept = self._relay
        if kept is None and self.settings.relay_address:
            self._relay = RelaySession(settings=self.settings)  # one session for this batch
        if self._relay is not None:
            self._relay.forget_failure()
        sent: list[int] = []
        try:
            with self.heartbeat.holding(outbox_ids=[item.outbox_id for item in items]):  # leases, renewed
                for item in items:
                    if self._deliver(item):
                        sent.append(item.outbox_id)
        finally:
            # A crash before this commit sends these again, with the same Message-IDs.
            outbox.mark_sent_many(engine=self.engine, outbox_ids=sent)
            if kept is None and self._relay is not None:
                self._relay.close()
                self._relay = None
        for item in items:
            if item.outbox_id in sent:
                reply_delivered(ok=True)
                log.info("outbox %s sent to %s", item.outbox_id, item.to_addr)
        return True

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
