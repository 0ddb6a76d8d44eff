"""Normalisation and validation of each field, with reason codes a person can be told."""

from __future__ import annotations

from dataclasses import replace

from intake.model import INVALID, OK, FieldResult


def validate_fields(fields: dict[str, FieldResult]) -> dict[str, FieldResult]:
    return {key: validate(result) for key, result in fields.items()}


def validate(result: FieldResult) -> FieldResult:
    if result.state != OK or result.value is None:
        return result
    check = _CHECKS.get(result.key)
    if check is None:
        return result
    value, reason = check(result.value)
    if reason:
        return replace(result, state=INVALID, reason=reason)
    return replace(result, value=value)


def _org_number(value: str) -> tuple[str, str | None]:
    from stdnum.exceptions import ValidationError
    from stdnum.no import orgnr

    try:
        return orgnr.validate(value), None
    except ValidationError as exc:
        code = type(exc).__name__
        return value, {"InvalidChecksum": "org_number.checksum", "InvalidLength": "org_number.length"}.get(
            code, "org_number.format"
        )


_CHECKS = {"org_number": _org_number}
