"""FieldResult to and from the JSON kept on a case row."""

from __future__ import annotations

from dataclasses import asdict, fields as dc_fields
from typing import Any

from intake.model import FieldResult, Provenance

_FIELD_NAMES = {f.name for f in dc_fields(FieldResult)}


def encode(results: dict[str, FieldResult]) -> dict[str, Any]:
    return {key: asdict(result) for key, result in results.items()}


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
