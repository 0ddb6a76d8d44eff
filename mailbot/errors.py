"""The errors of the mail edge; the loop that called decides whether to retry or give up.

An error the operator reads (settings, ingest, the SMTP port) carries a `code` and parameters
besides its English message (for logs): `text(error, language)` says it from
mailbot/data/errors.toml (nb, nn, en)."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources


class MailbotError(Exception):
    """Base of every error raised by the mailbot package."""

    code = ""

    def __init__(self, message: str = "", /, *, code: str | None = None, **params: object) -> None:
        super().__init__(message or code or type(self).__name__)
        if code:
            self.code = code
        self.params = params


class DeliveryDeferred(MailbotError):
    """The relay is down or answered 4xx: try again later."""


class DeliveryRejected(MailbotError):
    """The relay answered 5xx: the message will not be delivered."""


class ImapUnavailable(MailbotError):
    """The IMAP server cannot be reached or dropped the connection: reconnect with backoff."""


class ImapLoginFailed(ImapUnavailable):
    """The IMAP server refused the credentials (password or XOAUTH2 token)."""


class ImapMisconfigured(MailbotError):
    """The IMAP settings are incomplete or contradictory; retrying will not help."""


class ConfigurationError(MailbotError):
    """The settings file, an MDREG_* variable or a flag is wrong; the command cannot start."""


class EdgeUnavailable(MailbotError):
    """The SMTP edge cannot listen (port in use, no permission, unknown host)."""


class NotAMailSource(MailbotError):
    """`mdreg ingest` was given something that is not a message file, an mbox or a Maildir."""


@cache
def texts() -> dict[str, dict[str, str]]:
    return tomllib.loads(resources.files("mailbot").joinpath("data/errors.toml").read_text("utf-8"))["error"]


def text(error: MailbotError, language: str = "nb") -> str:
    """What the operator reads for `error`; its English message when its code has no text."""
    from store.errors import said

    return said(texts(), error, language)
