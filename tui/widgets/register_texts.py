"""The register widgets' texts (tui/lang/register.<language>.toml): bokmål by default; a missing
text falls back to bokmål, then to its key, so a screen never breaks."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from string import Template

LANGUAGES = ("nb", "en")


@cache
def _table(language: str) -> dict:
    return tomllib.loads(resources.files("tui").joinpath(f"lang/register.{language}.toml").read_text("utf-8"))


def text(section: str, key: str, /, language: str = "nb", **values: object) -> str:
    language = language if language in LANGUAGES else "nb"
    found = _table(language).get(section, {}).get(key) or _table("nb").get(section, {}).get(key, key)
    return Template(found).safe_substitute({k: "" if v is None else str(v) for k, v in values.items()})


def localize_register_bindings(node, language: str) -> None:
    """Label a node's register bindings (descriptions that are keys of this file's [key] section)
    in the officer's language, as tui.texts.localize_bindings does for the main language file."""
    from dataclasses import replace

    keys = _table("nb").get("key", {})
    bindings = node._bindings.key_to_bindings
    for key, items in bindings.items():
        bindings[key] = [replace(b, description=text("key", b.description, language=language))
                         if b.description in keys else b for b in items]
