"""Per-language text tables for the screens people read: one TOML file per language in a package's
`lang/` folder (mailbot/cli/lang, tui/lang), read once per process. A text missing in the reader's
language falls back to bokmål, then to its key, so a screen never breaks over a missing text
(tests check that every key exists in every language). `$name` placeholders are filled in.

States, kinds, flags and field names are the domain's words and come from the shared catalogue
(intake/states.py, intake/flags.py, intake/fields/catalogue.py), which both tables' users reach
through the methods below."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from string import Template

LANGUAGES = ("nb", "en")
FALLBACK = "nb"


def language_or_fallback(language: str | None) -> str:
    return language if language in LANGUAGES else FALLBACK


@cache
def load(package: str, language: str) -> dict:
    """The parsed `lang/<language>.toml` of `package` (bokmål for a language it does not have)."""
    language = language_or_fallback(language)
    return tomllib.loads(resources.files(package).joinpath(f"lang/{language}.toml").read_text("utf-8"))


class TextTable:
    """`texts("section", "key")`, or with placeholders `texts("section", "key", name=…)`."""

    package = ""  # the package whose lang/ folder holds the files

    def __init__(self, language: str = FALLBACK) -> None:
        self.language = language_or_fallback(language)

    def __call__(self, section: str, key: str, /, **values: object) -> str:
        text = self.lookup(section, key)
        if text is None:
            return key
        return Template(text).safe_substitute({k: str(v) for k, v in values.items()}) if values else text

    def lookup(self, section: str, key: str) -> str | None:
        """The text in this language, else in bokmål; None when neither has it."""
        text = load(self.package, self.language).get(section, {}).get(key)
        return text if text is not None else load(self.package, FALLBACK).get(section, {}).get(key)

    def has(self, section: str, key: str, /) -> bool:
        return key in load(self.package, self.language).get(section, {})

    def state(self, code: str, *, short: bool = False) -> str:
        """A case state in words, from the shared catalogue (intake/data/states.toml)."""
        from intake.states import label

        return label(code, self.language, short=short)

    def kind(self, code: str) -> str:
        from intake.states import label

        return label(code, self.language)

    def flag(self, code: str) -> str:
        """A stored flag in words, from the shared catalogue (intake/data/flags.toml)."""
        from intake.flags import text

        return text(code, self.language)

    def field_name(self, key: str) -> str:
        from intake.fields.catalogue import spec

        try:
            return spec(key).name(self.language)
        except KeyError:  # a field the catalogue no longer has
            return key.replace("_", " ")
