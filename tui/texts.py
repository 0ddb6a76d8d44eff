"""The staff UI's texts in the officer's language (tui/lang/<language>.toml): bokmål by default,
English as the `ui_language` setting. A missing text falls back to bokmål, then to the key, so
the screen never breaks; tests check that every key exists in both files.

States, kinds and flags are the domain's words, not the screen's: they come from the shared
catalogue (intake/states.py, intake/flags.py), the same texts the command line and mail use."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from string import Template

LANGUAGES = ("nb", "en")


@cache
def table(language: str) -> dict:
    language = language if language in LANGUAGES else "nb"
    return tomllib.loads(resources.files("tui").joinpath(f"lang/{language}.toml").read_text("utf-8"))


class Texts:
    """`texts("case", "fields")`, or with placeholders `texts("case", "from", sender=…)`."""

    def __init__(self, language: str = "nb") -> None:
        self.language = language if language in LANGUAGES else "nb"

    def __call__(self, section: str, key: str, /, **values: object) -> str:
        text = table(self.language).get(section, {}).get(key)
        if text is None:
            text = table("nb").get(section, {}).get(key, key)
        return Template(text).safe_substitute({k: str(v) for k, v in values.items()}) if values else text

    def has(self, section: str, key: str, /) -> bool:
        return key in table(self.language).get(section, {})

    def state(self, code: str, *, short: bool = False) -> str:
        """A case state in words, from the shared catalogue (intake/data/states.toml)."""
        from intake.states import label

        return label(code, self.language, short=short)

    def kind(self, code: str) -> str:
        from intake.states import label

        return label(code, self.language)

    def outbox_status(self, code: str) -> str:
        from intake.states import label

        return label(code, self.language, section="outbox_status")

    def flag(self, code: str) -> str:
        """A stored flag in words, from the shared catalogue (intake/data/flags.toml):
        `answered_from_kb:custom_made` -> "Besvart fra kunnskapsbasen: individuelt tilpassede produkter"."""
        from intake.flags import text

        return text(code, self.language)

    def field_name(self, key: str) -> str:
        from intake.fields.catalogue import spec

        try:
            return spec(key).name(self.language)
        except KeyError:
            return key.replace("_", " ")

    def reason(self, code: str | None) -> str:
        from intake.replies.render import reason_text

        if not code:
            return ""
        text = reason_text(code, self.language)
        return text if text != code else code.replace("_", " ").replace(".", ": ")


def localize_bindings(node, texts: Texts) -> None:
    """Give a node's key bindings the officer's words: in the classes their descriptions are keys
    of the `[key]` section ("accept"), so the footer and the palette never show a raw key.

    Textual keeps each node's bindings in `_bindings` (a copy per instance); there is no public
    way to relabel them."""
    from dataclasses import replace

    bindings = node._bindings.key_to_bindings
    for key, items in bindings.items():
        bindings[key] = [replace(b, description=texts("key", b.description)) if texts.has("key", b.description)
                         else b for b in items]
