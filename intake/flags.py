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
def _data() -> dict:
    return tomllib.loads(resources.files("intake").joinpath("data/flags.toml").read_text("utf-8"))


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """code -> {language: text}."""
    return {code: dict(texts) for code, texts in _data()["flag"].items()}


def details() -> dict[str, dict[str, dict[str, str]]]:
    """code -> detail code -> {language: text}: the words for a flag's detail."""
    return _data().get("detail", {})


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
    """What a person reads for a stored flag: the code's text, then its detail in words; an
    unknown code (a flag stored by an older version) reads as itself."""
    code = code_of(value)
    texts = catalogue().get(code)
    if texts is None:
        return value
    base = texts.get(language) or texts["nb"]
    detail = detail_of(value)
    if code == "doc_mismatch" and detail:  # the reason says it all, and says it shorter
        from intake.replies.render import reason_text

        reason = reason_text(f"{code}:{detail}", language)
        if reason != f"{code}:{detail}":
            return reason[:1].upper() + reason[1:]
    return f"{base}: {detail_text(code, detail, language)}" if detail else base


def detail_text(code: str, detail: str, language: str = "nb") -> str:
    """A flag's detail in words: `scanned_pdf:doc.pdf` -> "skannet PDF uten tekstlag (doc.pdf)";
    a field key as the field's name, a kind as its label; a detail with no words, as it is."""
    words = _words(code, detail, language)
    if words is not None:
        return words
    sub, _, rest = detail.partition(":")
    table = details().get(code, {})
    entry = table.get(sub) or (table.get(sub.split("_")[0]) if "_" in sub else None)
    if entry is None:
        return detail
    said = entry.get(language) or entry["nb"]
    return f"{said} ({rest})" if rest else said


def _words(code: str, detail: str, language: str) -> str | None:
    if code in ("changed_from_register", "needs_check"):
        from intake.fields.catalogue import spec

        try:
            return spec(detail).name(language)
        except KeyError:
            return None
    if code == "signal":  # the rule's own text (intake/data/signals.toml); a staff rule reads as its id
        from intake.signals import load_rules

        rule = next((r for r in load_rules() if r.id == detail), None)
        return (rule.texts.get(language) or rule.texts["nb"]) if rule else None
    if code == "mail_kind" and detail not in details().get(code, {}):
        from intake.states import label

        return label(detail, language)
    return None
