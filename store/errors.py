"""The errors the store raises; the edge or command that called decides what to answer.

Each error carries a `code` and its parameters besides the English message (for logs): what a
person reads is `text(error, language)`, from store/data/errors.toml (nb, nn, en), with states,
kinds and field names in words. So a case officer's toast is never English in bokmål."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from string import Template


class StoreError(Exception):
    """Base of every error raised by the store package."""

    code = "store_error"

    def __init__(self, message: str = "", /, *, code: str | None = None, **params: object) -> None:
        super().__init__(message or code or self.code)
        if code:
            self.code = code
        self.params = params


class StorageFailed(StoreError):
    """The raw message could not be stored durably; the sender must retry (SMTP 451)."""

    code = "not_stored"


class NotFound(StoreError):
    """No row with that reference or name."""

    code = "not_found"


class InvalidTransition(StoreError):
    """The case cannot move from its state to the one asked for."""

    code = "invalid_transition"


class CaseNotAcceptable(StoreError):
    """The case cannot be accepted: not a registration, or required fields are not ok."""

    code = "not_acceptable"


class CredentialUnavailable(StoreError):
    """The credentials cannot be issued or sent now (revoked, or superseded by a newer issue)."""

    code = "credential_unavailable"


class SchemaNotCurrent(StoreError):
    """The database's schema is not the one this code expects; `mdreg db upgrade` brings it there."""

    code = "schema_not_current"


class DatabaseUnavailable(StoreError):
    """The database URL is malformed, its driver is missing, or the server cannot be reached."""

    code = "database_unavailable"


@cache
def texts() -> dict[str, dict[str, str]]:
    """code -> {language: text with $parameters}."""
    data = tomllib.loads(resources.files("store").joinpath("data/errors.toml").read_text("utf-8"))
    return data["error"]


def text(error: StoreError, language: str = "nb") -> str:
    """What a person reads for `error` in `language`; the English message for a code with no text."""
    return said(texts(), error, language)


def said(table: dict[str, dict[str, str]], error: Exception, language: str) -> str:
    """`error` (with a `code` and `params`) said from `table` (code -> {language: text}); also
    for the other packages' errors (mailbot/errors.py)."""
    entry = table.get(getattr(error, "code", ""))
    if entry is None:
        return str(error)
    words = {key: _in_words(key, value, language) for key, value in getattr(error, "params", {}).items()}
    return Template(entry.get(language) or entry["nb"]).safe_substitute(words)


def _in_words(key: str, value: object, language: str) -> str:
    """A parameter as a person reads it: a state or kind by its label, fields by their names."""
    from intake.states import label

    if key in ("state", "from_state", "to_state", "kind"):
        return label(str(value), language)
    if key in ("field", "fields"):
        from intake.fields.catalogue import spec

        def name(field: str) -> str:
            try:
                return spec(field).name(language)
            except KeyError:
                return field
        return ", ".join(name(f) for f in ([value] if isinstance(value, str) else value))
    return str(value)
