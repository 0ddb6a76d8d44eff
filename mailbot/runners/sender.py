"""The sender: delivers the outbox to the relay, or into a Maildir when no relay is configured.

Relay down, 4xx or any unexpected error: retried with exponential backoff, failed after
`send_max_attempts`; 5xx: failed at once. The reason is visible in `mdreg outbox`.
A message the relay accepted just before a crash may go again, with the same Message-ID.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import threading

from sqlalchemy.engine import Engine

from intake.replies.idn import NotEncodable, envelope_address
from mailbot.errors import DeliveryDeferred, DeliveryRejected
from mailbot.observe import reply_delivered
from mailbot.runners.fault_log import run_loop
from mailbot.settings import Settings
from mailbot.runners.worker import make_worker_id
from store import outbox
from store.leases import Heartbeat, release_dead_claims
from store.private_files import deliver_to_maildir

log = logging.getLogger("mdreg.sender")


class Sender:
    """Delivers due outbox messages until told to stop."""

    def __init__(self, *, settings: Settings, engine: Engine, sender_id: str | None = None) -> None:
        self.settings = settings
        self.engine = engine
        self.sender_id = sender_id or make_worker_id("sender")
        self.heartbeat = Heartbeat(engine=engine, holder=self.sender_id, interval=settings.claim_timeout_seconds / 3)

    def _on_start(self) -> None:
        """Release at once the claims dead processes on this host left (store/leases.py)."""
        try:
            release_dead_claims(engine=self.engine)
        except Exception:  # noqa: BLE001 - their leases still lapse; never stop for this
            log.warning("could not release the claims of dead processes", exc_info=True)

    def run(self, stop: threading.Event) -> None:
        self._on_start()
        run_loop(stop=stop, one=self.deliver_one, poll_seconds=self.settings.worker_poll_seconds, log=log, what="sender")

    def deliver_one(self) -> bool:
        """Deliver one due message; False when none was due."""
        item = outbox.claim_due(
            engine=self.engine, sender_id=self.sender_id, stale_after=self.settings.claim_timeout_seconds
        )
        if item is None:
            return False
        with self.heartbeat.holding(outbox_ids=[item.outbox_id]):  # a lease, renewed while sending
            return self._deliver(item)

    def _deliver(self, item: outbox.Outgoing) -> bool:
        if item.attempts > self.settings.send_max_attempts:
            # Earlier claims died mid-delivery (crash, kill, hang past the claim timeout): stop here,
            # so a row never cycles through `sending` forever and a password is not made again.
            outbox.mark_failed(engine=self.engine, outbox_id=item.outbox_id, sender_id=self.sender_id,
                               error=f"gave up after {item.attempts - 1} attempts that did not finish")
            reply_delivered(ok=False)
            log.warning("outbox %s to %s failed: %s attempts did not finish", item.outbox_id, item.to_addr,
                        item.attempts - 1)
            return True
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
            outbox.mark_sent(engine=self.engine, outbox_id=item.outbox_id, sender_id=self.sender_id)
            reply_delivered(ok=True)
            log.info("outbox %s sent to %s", item.outbox_id, item.to_addr)
        return True

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
        relay = self.settings.relay_address
        if relay is None:
            self._to_maildir(raw)
        else:
            self._to_relay(relay, to_addr, raw)

    def _to_maildir(self, raw: bytes) -> None:
        # tmp/ then renamed into new/: never a half message; 0600 in 0700 directories.
        deliver_to_maildir(self.settings.maildir, raw)

    def _to_relay(self, relay: tuple[str, int], to_addr: str, raw: bytes) -> None:
        host, port = relay
        try:
            with smtplib.SMTP(host, port, timeout=self.settings.relay_timeout) as client:
                if self.settings.relay_starttls:
                    client.starttls(context=ssl.create_default_context())
                if self.settings.relay_user:
                    client.login(self.settings.relay_user, self.settings.relay_password or "")
                client.ehlo_or_helo_if_needed()
                utf8 = client.has_extn("smtputf8") and not (to_addr.isascii() and raw.isascii())
                try:
                    rcpt = envelope_address(to_addr, smtputf8=utf8)
                except NotEncodable as exc:
                    raise DeliveryRejected(str(exc)) from None
                client.sendmail(self.settings.mailbox, [rcpt], raw, mail_options=["SMTPUTF8"] if utf8 else [])
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()))
            self._classify(code, text)
        except smtplib.SMTPResponseException as exc:
            self._classify(exc.smtp_code, exc.smtp_error)
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryDeferred(f"relay {host}:{port} unreachable: {type(exc).__name__}: {exc}") from exc

    @staticmethod
    def _classify(code: int, text: bytes | str) -> None:
        message = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
        if 500 <= code < 600:
            raise DeliveryRejected(f"{code} {message}")
        raise DeliveryDeferred(f"{code} {message}")


def _describe(exc: Exception, *, secret: bool) -> str:
    """The reason staff see in `mdreg outbox`; for a credential e-mail only the error's type, as
    its text could quote what was being sent."""
    if secret:
        return f"unexpected error: {type(exc).__name__}"
    return f"unexpected error: {type(exc).__name__}: {exc}"
