"""The errors of the mail edge; the loop that called decides whether to retry or give up."""


class MailbotError(Exception):
    """Base of every error raised by the mailbot package."""


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
