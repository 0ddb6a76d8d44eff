"""FieldResult to and from the JSON kept on a case row."""

from __future__ import annotations

from dataclasses import fields as dc_fields
from typing import Any

from intake.model import FieldResult, Provenance

_FIELD_NAMES = {f.name for f in dc_fields(FieldResult)}
_IN_ORDER = tuple(f.name for f in dc_fields(FieldResult))
_SOURCE_NAMES = tuple(f.name for f in dc_fields(Provenance))


def encode(results: dict[str, FieldResult]) -> dict[str, Any]:
    """What dataclasses.asdict makes of each result, written out: asdict copies every value
    through its generic recursion, a fifth of recording a registration's case."""
    return {key: _encode_one(result) for key, result in results.items()}


def _encode_one(result: FieldResult) -> dict[str, Any]:
    item = {name: getattr(result, name) for name in _IN_ORDER}
    source, parts = item["source"], item["parts"]
    if source is not None:
        item["source"] = {name: getattr(source, name) for name in _SOURCE_NAMES}
    if parts is not None:
        item["parts"] = dict(parts)
    return item


def decode(data: dict[str, Any]) -> dict[str, FieldResult]:
    out = {}
    for key, item in (data or {}).items():
        values = {k: v for k, v in item.items() if k in _FIELD_NAMES}
        source = values.get("source")
        values["source"] = Provenance(**source) if isinstance(source, dict) else None
        out[key] = FieldResult(**values)
    return out


def source_label(result: FieldResult) -> str | None:
    if result.source is None:
        return None
    line = f":{result.source.line}" if result.source.line else ""
    return f"{result.source.part}{line}"
