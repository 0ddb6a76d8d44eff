"""The errors the store raises; the edge or command that called decides what to answer."""


class StoreError(Exception):
    """Base of every error raised by the store package."""


class StorageFailed(StoreError):
    """The raw message could not be stored durably; the sender must retry (SMTP 451)."""


class NotFound(StoreError):
    """No row with that reference or name."""


class InvalidTransition(StoreError):
    """The case cannot move from its state to the one asked for."""


class CaseNotAcceptable(StoreError):
    """The case cannot be accepted: not a registration, or required fields are not ok."""


class CredentialUnavailable(StoreError):
    """The credentials cannot be issued or sent now (revoked, or superseded by a newer issue)."""


class SchemaNotCurrent(StoreError):
    """The database's schema is not the one this code expects; `mdreg db upgrade` brings it there."""


class DatabaseUnavailable(StoreError):
    """The database URL is malformed, its driver is missing, or the server cannot be reached."""
