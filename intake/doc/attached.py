"""Which attachment is the declaration of conformity, and what the DoC field says when none is.

A file named like a declaration counts while its text cannot be read; a DoC label in the mail's text
('Samsvarserklæring: vedlagt') is not a declaration; custom-made devices need none."""

from __future__ import annotations

import re

from intake.attachments.read import with_declaration
from intake.doc.check import cross_check, same_company
from intake.fields.catalogue import DOC, rules
from intake.model import MISSING, OK, Attachment, FieldResult, ParsedMessage, Provenance

# A file named like a declaration counts when its text cannot be read (yet): a case officer would
# open it; we say so with a lower confidence and let the text-based check overrule it.
_DOC_NAME = re.compile(r"samsvar|conformity|konformit|\bdoc\b|\bdoc[\s_-]|[_\s-]doc\b|declaration|erkl", re.IGNORECASE)


def with_doc(att: Attachment) -> Attachment:
    """Analyse an attachment's text as a possible DoC when the attachment reader has not."""
    return with_declaration(att) if att.doc is None and att.text else att


def declaration_field(found: dict[str, FieldResult], parsed: ParsedMessage, *, own_text: str,
                      first_company_only: bool = False) -> tuple[dict[str, FieldResult], list[str]]:
    """The DoC comes from an attached declaration, or is not required when the devices are custom-made.

    A DoC label in the text ('Samsvarserklæring: vedlagt') is not a declaration: without a
    declaration attached the field is missing (`declaration_of_conformity.not_attached` when the
    text mentions one). `first_company_only`: of a mail registering several companies, the first
    company's case; another company's declaration is not its own, so its custom-made statement stands."""
    flags: list[str] = []
    stated = found.pop(DOC, None)
    maker = found.get("manufacturer_name")
    attached = attached_declaration(parsed, maker.value if maker else None)
    if (attached and first_company_only and maker and maker.value and attached[0].doc and attached[0].doc.manufacturer
            and not same_company(attached[0].doc.manufacturer, maker.value)
            and stated is not None and stated.value == rules().custom_made_value):
        attached = None
    if attached is not None:
        att, confidence = attached
        found[DOC] = FieldResult(key=DOC, value=att.filename or "attachment", state=OK, confidence=confidence,
                                 source=Provenance(part=f"attachment:{att.filename}", message_id=parsed.message_id))
        if att.doc and att.doc.is_declaration:
            device, maker = found.get("device_type"), found.get("manufacturer_name")
            flags += cross_check(att.doc, device_type=device.value if device else None,
                                 manufacturer_name=maker.value if maker else None)
    elif stated is not None and stated.value == rules().custom_made_value:
        found[DOC] = stated
    elif _mentions_declaration(own_text):
        found[DOC] = FieldResult(key=DOC, state=MISSING, reason=f"{DOC}.not_attached")
    return found, flags


def attached_declaration(parsed: ParsedMessage, applicant: str | None = None) -> tuple[Attachment, float] | None:
    declarations = [att for att in parsed.attachments if att.doc and att.doc.is_declaration]
    for att in declarations:
        if applicant and att.doc.manufacturer and same_company(att.doc.manufacturer, applicant):
            return att, 0.9  # of several declarations, the applicant's own
    for att in declarations:
        return att, 0.9
    for att in parsed.attachments:
        unread = att.doc is None or not att.text
        if unread and att.filename and _DOC_NAME.search(att.filename):
            return att, 0.6
    return None


def _mentions_declaration(own_text: str) -> bool:
    own = own_text.casefold()
    return any(word in own for word in ("samsvarserklæring", "declaration of conformity", "samsvarserklaering"))
