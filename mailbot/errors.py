"""The errors of the mail edge; the loop that called decides whether to retry or give up."""


class MailbotError(Exception):
    """Base of every error raised by the mailbot package."""


class DeliveryDeferred(MailbotError):
    """The relay is down or answered 4xx: try again later."""


class DeliveryRejected(MailbotError):
    """The relay answered 5xx: the message will not be delivered."""
