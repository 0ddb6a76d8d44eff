"""One SMTP session to the relay, kept open across messages, as Postfix's connection cache does.

Connecting, STARTTLS and AUTH are paid once per session instead of once per reply. A session
the relay closed meanwhile (idle timeout, restart) is noticed at the next message, which is then
tried once more on a fresh connection. After an error the session is dropped; after
`keep_seconds` without a message it is closed with QUIT.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import time

from intake.replies.idn import NotEncodable, envelope_address
from mailbot.errors import DeliveryDeferred, DeliveryRejected
from mailbot.settings import Settings

log = logging.getLogger("mdreg.sender")

KEEP_SECONDS = 5.0  # Postfix's smtp_connection_cache_time_limit is 2 s; a relay's idle timeout is minutes


class RelaySession:
    """Hands messages to the relay over one kept connection; raises DeliveryRejected (5xx, or an
    address that cannot be written) or DeliveryDeferred (4xx, relay unreachable)."""

    def __init__(self, *, settings: Settings, keep_seconds: float = KEEP_SECONDS) -> None:
        self.settings = settings
        self.keep_seconds = keep_seconds
        self._client: smtplib.SMTP | None = None
        self._last_used = 0.0
        self._unreachable: str | None = None  # why the last connect failed, until forget_failure()

    def forget_failure(self) -> None:
        """Try connecting again at the next message (called at the start of each batch)."""
        self._unreachable = None

    def send(self, to_addr: str, raw: bytes) -> None:
        host, port = self.settings.relay_address
        if self._unreachable is not None:  # the rest of a batch is not made to wait for timeouts again
            raise DeliveryDeferred(self._unreachable)
        reused = self._client is not None
        try:
            try:
                self._sendmail(to_addr, raw)
            except (smtplib.SMTPServerDisconnected, ConnectionError):
                if not reused:
                    raise
                # The relay closed the kept session while it idled: once more, on a fresh one.
                self.close(polite=False)
                self._sendmail(to_addr, raw)
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()))
            _classify(code, text)
        except smtplib.SMTPResponseException as exc:
            if exc.smtp_code in (421, -1):  # the relay is closing this session
                self.close(polite=False)
            _classify(exc.smtp_code, exc.smtp_error)
        except (OSError, smtplib.SMTPException) as exc:
            self.close(polite=False)
            self._unreachable = f"relay {host}:{port} unreachable: {type(exc).__name__}: {exc}"
            raise DeliveryDeferred(self._unreachable) from exc

    def close_if_idle(self) -> None:
        if self._client is not None and time.monotonic() - self._last_used >= self.keep_seconds:
            self.close()

    def close(self, *, polite: bool = True) -> None:
        client, self._client = self._client, None
        if client is None:
            return
        try:
            if polite:
                client.quit()
        except (OSError, smtplib.SMTPException):
            pass
        finally:
            client.close()

    def _sendmail(self, to_addr: str, raw: bytes) -> None:
        client = self._client or self._connect()
        utf8 = client.has_extn("smtputf8") and not (to_addr.isascii() and raw.isascii())
        try:
            rcpt = envelope_address(to_addr, smtputf8=utf8)
        except NotEncodable as exc:
            raise DeliveryRejected(str(exc)) from None
        self._last_used = time.monotonic()
        client.sendmail(self.settings.mailbox, [rcpt], raw, mail_options=["SMTPUTF8"] if utf8 else [])

    def _connect(self) -> smtplib.SMTP:
        host, port = self.settings.relay_address
        client = smtplib.SMTP(host, port, timeout=self.settings.relay_timeout)
        try:
            if self.settings.relay_starttls:
                client.starttls(context=ssl.create_default_context())
            if self.settings.relay_user:
                client.login(self.settings.relay_user, self.settings.relay_password or "")
            client.ehlo_or_helo_if_needed()
        except BaseException:
            client.close()
            raise
        self._client = client
        return client


def _classify(code: int, text: bytes | str) -> None:
    message = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    if 500 <= code < 600:
        raise DeliveryRejected(f"{code} {message}")
    raise DeliveryDeferred(f"{code} {message}")
