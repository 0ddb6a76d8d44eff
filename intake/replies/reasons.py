"""Reason codes said in words: `reason_text(code, language)` from intake/data/reasons.toml."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

LANGUAGES = ("nb", "nn", "en")


@cache
def reasons() -> dict[str, dict[str, str]]:
    """code -> {language: text}."""
    return tomllib.loads(resources.files("intake").joinpath("data/reasons.toml").read_text("utf-8"))


def reason_text(code: str, language: str) -> str:
    """The text for `code` in `language` (bokmål when the language is unknown); the code itself
    when it has no text, so a person still sees something rather than nothing."""
    texts = reasons().get(code)
    if not texts:
        return code
    return texts.get(language) or texts["nb"]
