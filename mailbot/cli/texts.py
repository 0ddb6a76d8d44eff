"""What the command line says to the operator, in the `ui_language` setting's language
(mailbot/cli/lang/<language>.toml): bokmål by default, English with `--language en`. States,
kinds and flags come from the shared catalogue (intake/states.py, intake/flags.py), store errors
from store/data/errors.toml. Machine output (JSON, exit codes) stays in codes."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from string import Template

LANGUAGES = ("nb", "en")


@cache
def table(language: str) -> dict:
    language = language if language in LANGUAGES else "nb"
    return tomllib.loads(resources.files("mailbot.cli").joinpath(f"lang/{language}.toml").read_text("utf-8"))


class Say:
    """`say("cases", "none")`, or with placeholders `say("ingest", "storing", name=…)`."""

    def __init__(self, language: str = "nb") -> None:
        self.language = language if language in LANGUAGES else "nb"

    def __call__(self, section: str, key: str, /, **values: object) -> str:
        text = table(self.language).get(section, {}).get(key) or table("nb")[section][key]
        return Template(text).safe_substitute({k: str(v) for k, v in values.items()})

    def state(self, value: str) -> str:
        from intake.states import label

        return label(value, self.language)

    def kind(self, value: str) -> str:
        from intake.states import label

        return label(value, self.language)

    def flag(self, value: str) -> str:
        from intake.flags import text

        return text(value, self.language)

    def field(self, key: str) -> str:
        from intake.fields.catalogue import spec

        try:
            return spec(key).name(self.language)
        except KeyError:  # a field the catalogue no longer has
            return key


def say_for(settings) -> Say:
    return Say(getattr(settings, "ui_language", "nb"))
