"""Is the attached declaration the applicant's, under the regulations in force, and is it one at all?

A case officer reads the DoC against the e-mail: a declaration citing only the old directives is
not valid now; one from a manufacturer that is neither the applicant nor a manufacturer the
applicant (as authorised representative) names in its mail is someone else's; an importer or
distributor has no declaration of its own. A brochure, price list, letter or form attached where
a DoC was expected is "not a declaration of conformity". A PDF or photo whose text cannot be read
(even by OCR) is kept as the DoC for a case officer to open: never `missing` when it is attached.
"""

from __future__ import annotations

import re
from dataclasses import replace

from intake.doc.check import OLD_DIRECTIVES, company_name, normalise_company, same_company
from intake.doc.patterns import REPRESENTATIVE_LABELS, labelled_values
from intake.fields.catalogue import DOC
from intake.model import INVALID, MISSING, OK, Attachment, FieldResult, Provenance

_DOCUMENT_TYPES = ("pdf", "msword", "wordprocessingml", "opendocument", "spreadsheetml", "ms-excel", "csv",
                   "rtf")
_DOCUMENT_EXT = re.compile(r"\.(?:pdf|docx?|odt|ods|xlsx?|csv|rtf|txt)$", re.IGNORECASE)
_PHOTO_EXT = re.compile(r"\.(?:jpe?g|png|heic|tiff?)$", re.IGNORECASE)
_SIGNATURE_IMAGE = re.compile(r"^(?:image\d+|logo|outlook[-_]|signature|sig)\w*\.", re.IGNORECASE)
_MIN_PHOTO = 40_000  # a photographed page; logos and signature images are smaller


def judge_declaration(*, fields: dict[str, FieldResult], attachments: tuple[Attachment, ...], body: str,
                      message_id: str | None) -> tuple[dict[str, FieldResult], list[str]]:
    """The DoC field judged against the rest of the registration, and flags for staff."""
    doc = fields[DOC]
    if doc.state == OK and doc.source and doc.source.part.startswith("attachment:"):
        att = next((a for a in attachments if f"attachment:{a.filename}" == doc.source.part), None)
        reason = _problem(att, fields, _mail_text(body, attachments)) if att is not None else None
        if reason:
            return {**fields, DOC: replace(doc, state=INVALID, reason=reason)}, []
        return fields, []
    if doc.state != MISSING:
        return fields, []
    unread = [a for a in attachments if _unread_page(a)]
    if unread:
        att = unread[0]
        found = FieldResult(key=DOC, value=att.filename or "attachment", state=OK, confidence=0.5,
                            source=Provenance(part=f"attachment:{att.filename}", message_id=message_id))
        return {**fields, DOC: found}, [f"needs_manual_check:doc_unreadable:{_flag_name(att)}"]
    others = [a for a in attachments if _document(a) and a.text]
    if others and not _promised_later(_mail_text(body, attachments)):
        # A document where a DoC was expected is the wrong one, unless the applicant said the DoC
        # follows later ('Samsvarserklæringen ettersendes'): then it is simply not here yet.
        return {**fields, DOC: replace(doc, state=INVALID, reason=f"{DOC}.not_a_declaration")}, []
    return fields, []


def _problem(att: Attachment, fields: dict[str, FieldResult], body: str) -> str | None:
    findings = att.doc
    if findings is None or not findings.is_declaration:
        return None
    if findings.legislation and set(findings.legislation) <= OLD_DIRECTIVES:
        return f"{DOC}.old_directive"
    business = fields.get("business_type")
    if business is not None and business.reason == "business_type.not_registrable":
        return f"{DOC}.other_manufacturer"  # an importer's or distributor's DoC is its manufacturer's
    maker, applicant = findings.manufacturer, fields.get("manufacturer_name")
    if not maker or applicant is None or applicant.state != OK or same_company(maker, applicant.value or ""):
        return None
    if business is not None and business.value == "authorised_representative" and (
            _named_in(maker, body) or represents(att.text or "", applicant.value or "")):
        return None
    if business is not None and business.value == "authorised_representative" or business is None or \
            business.state == OK:
        return f"{DOC}.other_manufacturer"
    return None


_LATER = re.compile(
    r"(?:samsvars?erklæring\w*|samsvarserklaering\w*|erklæring\w*|declaration\s+of\s+conformity|\bdoc\b)"
    r"(?:[^.\n]|\.(?=\s*\d)){0,80}?\b(?:ettersend\w*|sendes\s+(?:senere|seinare|etter)|kjem\s+seinare|kommer\s+(?:senere|snart|etter)|"
    r"(?:kommer|kjem|coming)\)?[ \t]*(?=\n|$)|ikke\s+(?:klar|ferdig)\s+enn?å|ikke\s+helt\s+(?:klar|ferdig)|kommer\s+(?:i\s+løpet\s+av|neste|om\s+\w+\s+(?:dag|uke))|ikkje\s+klar\s+enno|not\s+(?:yet\s+)?ready|"
    r"will\s+follow|to\s+follow|follows\s+later|(?:will\s+be\s+)?sent\s+later|eftersänd\w*|eftersend\w*|"
    r"sendes\s+(?:ved\s+behov|på\s+(?:forespørsel|førespurnad)|om\s+ønskelig)|(?:available|sent)\s+(?:up)?on\s+request)",
    re.IGNORECASE)


def _promised_later(text: str) -> bool:
    return bool(_LATER.search(text))


def _mail_text(body: str, attachments: tuple[Attachment, ...]) -> str:
    """The body and the applicant's own attached letters and forms (not the declarations): where
    an authorised representative names the manufacturer it represents."""
    own = [a.text for a in attachments if a.text and not (a.doc and a.doc.is_declaration)]
    return "\n".join([body, *own])


def _named_in(maker: str, body: str) -> bool:
    """Does the mail name the DoC's manufacturer (the one an authorised representative represents)?"""
    wanted = normalise_company(maker).split()
    words = normalise_company(body)
    return bool(wanted) and " ".join(wanted[:2]) in words


def represents(text: str, applicant: str) -> bool:
    """Does the declaration name the applicant as the manufacturer's authorised representative?"""
    return any(same_company(company_name(value), applicant) for value in labelled_values(text, REPRESENTATIVE_LABELS))


def _document(att: Attachment) -> bool:
    name = att.filename or ""
    return bool(_DOCUMENT_EXT.search(name)) or any(t in att.content_type for t in _DOCUMENT_TYPES)


def _unread_page(att: Attachment) -> bool:
    """A scanned PDF OCR could not read, or a photo of a page: something a case officer must open."""
    name = att.filename or ""
    if att.text:
        return False
    if "pdf" in att.content_type or name.casefold().endswith(".pdf"):
        return True
    photo = att.content_type.startswith("image/") or bool(_PHOTO_EXT.search(name))
    return photo and att.size >= _MIN_PHOTO and not _SIGNATURE_IMAGE.match(name)


def _flag_name(att: Attachment) -> str:
    return re.sub(r"[\s:]+", "_", att.filename or att.sha256[:12])[:80]
