"""The flag catalogue: every flag code, with a text per language (intake/data/flags.toml).

A flag is `code` or `code:detail`. Code that sets a flag builds it with `flag()`, which refuses
a code the catalogue does not list, so a new flag cannot appear without its texts.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

LANGUAGES = ("nb", "nn", "en")


class UnknownFlag(ValueError):
    """A flag code that intake/data/flags.toml does not list."""


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """code -> {language: text}."""
    data = tomllib.loads(resources.files("intake").joinpath("data/flags.toml").read_text("utf-8"))
    return {code: dict(texts) for code, texts in data["flag"].items()}


def flag(code: str, detail: object | None = None) -> str:
    """The flag `code` (with its detail after a colon); UnknownFlag for a code not catalogued."""
    if code not in catalogue():
        raise UnknownFlag(code)
    return code if detail is None else f"{code}:{detail}"


def code_of(value: str) -> str:
    """The code of a flag as stored (`needs_manual_check:scanned_pdf` -> `needs_manual_check`)."""
    return value.split(":", 1)[0].strip()


def detail_of(value: str) -> str | None:
    code, sep, detail = value.partition(":")
    return detail.strip() if sep else None


def is_known(value: str) -> bool:
    return code_of(value) in catalogue()


def text(value: str, language: str = "nb") -> str:
    """What a person reads for a stored flag: the code's text, then its detail; an unknown code
    (a flag stored by an older version) reads as itself."""
    texts = catalogue().get(code_of(value))
    if texts is None:
        return value
    base = texts.get(language) or texts["nb"]
    detail = detail_of(value)
    return f"{base}: {detail}" if detail else base
