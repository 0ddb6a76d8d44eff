"""The errors intake raises; the worker catches them once and flags the case."""


class IntakeError(Exception):
    """Base of every error raised by the intake package."""


class UnreadableMessage(IntakeError):
    """The message cannot be read as e-mail; the text says why, for staff."""


class LimitExceeded(UnreadableMessage):
    """A cheap structural limit (header size, MIME depth, part count, time) was exceeded."""


class UnsafeAddress(IntakeError):
    """An address that is not exactly one plain mailbox; nothing is sent to it."""
