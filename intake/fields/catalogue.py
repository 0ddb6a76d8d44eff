"""The one field catalogue: the thirteen registration fields, their labels, value words and rules."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

REQUIRED = "yes"
OPTIONAL = "no"
UNLESS_CUSTOM_MADE = "unless_custom_made"

# The declaration of conformity's key, which many modules name: it is judged by its own checks
# (intake/doc) rather than read and validated like the other values.
DOC = "declaration_of_conformity"


@dataclass(frozen=True)
class FieldSpec:
    key: str
    required: str
    names: dict[str, str]
    labels: tuple[str, ...]
    # normalised value -> phrases (regular expressions) that mean it, for enumerated fields
    values: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def name(self, language: str) -> str:
        return self.names.get(language) or self.names["en"]


@dataclass(frozen=True)
class Rules:
    """Catalogue-wide rules: custom-made statements, placeholder values, 'same as visiting'."""

    custom_made_value: str
    custom_made: tuple[str, ...]
    custom_made_negations: tuple[str, ...]
    placeholders: tuple[str, ...]
    same_as_visiting: tuple[str, ...]


@cache
def _data() -> dict:
    return tomllib.loads(resources.files("intake").joinpath("data/fields.toml").read_text("utf-8"))


@cache
def catalogue() -> tuple[FieldSpec, ...]:
    """The fields in the order the register lists them."""
    return tuple(
        FieldSpec(
            key=f["key"],
            required=f["required"],
            names=dict(f["name"]),
            labels=tuple(f["labels"]),
            values={k: tuple(v) for k, v in f.get("values", {}).items()},
        )
        for f in _data()["field"]
    )


@cache
def rules() -> Rules:
    r = _data()["rules"]
    return Rules(
        custom_made_value=r["custom_made_value"],
        custom_made=tuple(r["custom_made"]),
        custom_made_negations=tuple(r["custom_made_negations"]),
        placeholders=tuple(r["placeholders"]),
        same_as_visiting=tuple(r["same_as_visiting"]),
    )


def field_keys() -> tuple[str, ...]:
    return tuple(spec.key for spec in catalogue())


def spec(key: str) -> FieldSpec:
    for item in catalogue():
        if item.key == key:
            return item
    raise KeyError(key)


def is_required(key: str, *, custom_made: bool = False) -> bool:
    """Whether a missing value for `key` is a problem the applicant must be told about."""
    required = spec(key).required
    if required == UNLESS_CUSTOM_MADE:
        return not custom_made
    return required == REQUIRED


def _whole(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"^(?:" + "|".join(patterns) + r")$", re.IGNORECASE)


@cache
def placeholder_pattern() -> re.Pattern[str]:
    """A value that says 'none', 'see below' or 'missing' rather than giving the value."""
    return _whole(rules().placeholders)


@cache
def same_as_visiting_pattern() -> re.Pattern[str]:
    return _whole(rules().same_as_visiting)


@cache
def value_patterns(key: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The catalogue's value phrases for an enumerated field, compiled, in catalogue order."""
    return tuple((value, re.compile(r"(?<!\w)(?:" + "|".join(p) + r")(?!\w)", re.IGNORECASE))
                 for value, p in spec(key).values.items())
