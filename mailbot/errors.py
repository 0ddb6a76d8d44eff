"""The errors of the mail edge; the loop that called decides whether to retry or give up."""


class MailbotError(Exception):
    """Base of every error raised by the mailbot package."""


class UnsafeAddress(MailbotError):
    """An address that is not exactly one plain mailbox; nothing is sent to it."""


class DeliveryDeferred(MailbotError):
    """The relay is down or answered 4xx: try again later."""


class DeliveryRejected(MailbotError):
    """The relay answered 5xx: the message will not be delivered."""
