"""Field extraction: find `Label: value` lines for every field of the catalogue."""

from __future__ import annotations

import re
from functools import cache

from intake.fields import catalogue
from intake.model import OK, FieldResult, Provenance


def _normalise_label(text: str) -> str:
    return re.sub(r"[\s.\-_'’]+", "", text.casefold())


@cache
def _label_index() -> list[tuple[str, str]]:
    """(normalised label, field key), longest label first so 'Contact person phone' wins."""
    pairs = [(_normalise_label(label), spec.key) for spec in catalogue() for label in spec.labels]
    return sorted(pairs, key=lambda p: -len(p[0]))


_LINE = re.compile(r"^\s*[-*•]?\s*(?P<label>[^:\t|]{2,60}?)\s*[:\t|]\s*(?P<value>.*?)\s*$")


def match_label(text: str) -> str | None:
    norm = _normalise_label(text)
    for label, key in _label_index():
        if norm == label:
            return key
    return None


def extract_fields(text: str, *, part: str = "body", message_id: str | None = None) -> dict[str, FieldResult]:
    """Values found in `text`, one per field key (first occurrence wins)."""
    found: dict[str, FieldResult] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith(">"):
            continue
        m = _LINE.match(line)
        if not m or not m.group("value"):
            continue
        key = match_label(m.group("label"))
        if key and key not in found:
            found[key] = FieldResult(
                key=key,
                value=m.group("value"),
                state=OK,
                source=Provenance(part=part, line=number, message_id=message_id),
                confidence=0.9,
            )
    return found
