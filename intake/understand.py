"""The intake pipeline for one message: parse, read attachments, extract, validate."""

from __future__ import annotations

from dataclasses import replace

from intake.attachments import read_attachments
from intake.doc_check import cross_check
from intake.errors import UnreadableMessage
from intake.extract import extract_fields
from intake.fields import catalogue
from intake.language import detect_language
from intake.model import MISSING, OK, FieldResult, Limits, ParsedMessage, Provenance, Understanding
from intake.parse import parse_message
from intake.validate import validate_fields


def understand(raw: bytes, *, limits: Limits | None = None) -> Understanding:
    """Turn raw message bytes into fields and flags; an unreadable message is said, not raised."""
    limits = limits or Limits()
    try:
        parsed, parts = parse_message(raw, limits)
    except UnreadableMessage as exc:
        return unreadable(str(exc))
    attachments = read_attachments(parts, limits)
    parsed = replace(parsed, attachments=attachments)
    found = extract_fields(parsed.body_text, message_id=parsed.message_id)
    for att in attachments:
        if att.text:
            part = f"attachment:{att.filename or att.sha256[:12]}"
            for key, value in extract_fields(att.text, part=part, message_id=parsed.message_id).items():
                found.setdefault(key, value)
    flags = [f"defect:{d}" for d in parsed.defects]
    flags += [flag for att in attachments for flag in att.flags]
    found, doc_flags = _declaration(found, parsed)
    flags += doc_flags
    return Understanding(
        message=parsed,
        fields=validate_fields(complete(found)),
        language=detect_language(parsed.subject + "\n" + parsed.body_text),
        flags=tuple(dict.fromkeys(flags)),
    )


def _declaration(found: dict[str, FieldResult], parsed: ParsedMessage) -> tuple[dict[str, FieldResult], list[str]]:
    """The declaration of conformity field comes from an attached DoC, not from a label."""
    flags: list[str] = []
    for att in parsed.attachments:
        if att.doc and att.doc.is_declaration:
            found["declaration_of_conformity"] = FieldResult(
                key="declaration_of_conformity",
                value=att.filename or "attachment",
                state=OK,
                source=Provenance(part=f"attachment:{att.filename}", message_id=parsed.message_id),
                confidence=0.9,
            )
            device = found.get("device_type")
            maker = found.get("manufacturer_name")
            flags += cross_check(
                att.doc,
                device_type=device.value if device else None,
                manufacturer_name=maker.value if maker else None,
            )
            break
    else:
        found.pop("declaration_of_conformity", None)
    return found, flags


def complete(found: dict[str, FieldResult]) -> dict[str, FieldResult]:
    """Every catalogue field, in catalogue order; those not found are `missing`."""
    return {s.key: found.get(s.key) or FieldResult(key=s.key, state=MISSING) for s in catalogue()}


def unreadable(reason: str) -> Understanding:
    empty = ParsedMessage(message_id=None, from_addr=None)
    return Understanding(message=empty, fields=complete({}), unreadable=reason)
