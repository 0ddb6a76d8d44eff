"""The one field catalogue: the thirteen registration fields, their labels and rules."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

REQUIRED = "yes"
OPTIONAL = "no"
UNLESS_CUSTOM_MADE = "unless_custom_made"


@dataclass(frozen=True)
class FieldSpec:
    key: str
    required: str
    names: dict[str, str]
    labels: tuple[str, ...]

    def name(self, language: str) -> str:
        return self.names.get(language) or self.names["en"]


@cache
def catalogue() -> tuple[FieldSpec, ...]:
    """The fields in the order the register lists them."""
    data = tomllib.loads(resources.files("intake").joinpath("data/fields.toml").read_text("utf-8"))
    return tuple(
        FieldSpec(key=f["key"], required=f["required"], names=dict(f["name"]), labels=tuple(f["labels"]))
        for f in data["field"]
    )


def field_keys() -> tuple[str, ...]:
    return tuple(spec.key for spec in catalogue())


def spec(key: str) -> FieldSpec:
    for item in catalogue():
        if item.key == key:
            return item
    raise KeyError(key)
