"""The intake pipeline for one message: parse, read attachments, extract, validate."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from intake.attachments.read import read_attachments
from intake.doc.attached import declaration_field, with_doc
from intake.doc.check import same_company
from intake.doc.implied import custom_made_maker, kind_from_declaration, role_from_declaration
from intake.doc.judge import judge_declaration
from intake.doc.patterns import title_offset
from intake.errors import UnreadableMessage
from intake.fields.extract import extract_fields
from intake.layouts.prepare import MAX_LINE
from intake.fields.catalogue import DOC, catalogue, rules
from intake.fields.certainty import SURE as _STATED, unsure_keys
from intake.fields.language import detect_language
from intake.machine_mail.noise import machine_mail
from intake.model import (MISSING, OK, Attachment, Envelope, FieldResult, Limits, ParsedMessage, Understanding)
from intake.mime.header_block import MAX_HEADER_BLOCK, header_facts, read_header_block
from intake.mime.homoglyphs import homoglyph_flags
from intake.mime.parse import parse_tree
from intake.fields.validate import validate_fields
from intake.layouts.zones import READABLE, SIGNATURE, Line, classify
from intake.mail_kind import NOT_REGISTRATION, MailKind, first_company_text, mail_kind
from intake.fields.prose_orgs import distinct_org_numbers
from intake.fields.sender import sender_details

def understand(raw: bytes, *, limits: Limits | None = None, envelope: Envelope | None = None) -> Understanding:
    """Everything about one message: fields, flags, kind, language, and whether machines wrote it
    (intake/machine_mail), all from one parse; an unreadable message is said, not raised."""
    limits = limits or Limits()
    envelope = envelope or Envelope()
    try:
        tree, parsed, parts = parse_tree(raw, limits)
    except UnreadableMessage as exc:
        return unreadable(str(exc), raw=raw, envelope=envelope)
    noise = machine_mail(raw, message=tree, envelope=envelope)
    attachments = tuple(with_doc(att) for att in read_attachments(parts, limits))
    parsed = replace(parsed, attachments=attachments)
    flags = [f"defect:{d}" for d in parsed.defects]
    found = _read_source(parsed.body_text, part="body", message_id=parsed.message_id, flags=flags,
                         subject=parsed.subject, writer=parsed.from_name, sender=parsed.from_addr)
    for att in attachments:
        # A declaration names the legal manufacturer, who may not be the registrant: not a form.
        # A form on the pages before the declaration's title, in the same file, is read.
        text = _form_part(att)
        if text:
            part = f"attachment:{att.filename or att.sha256[:12]}"
            found = merge(found, _attached_statements(
                _read_source(text, part=part, message_id=parsed.message_id, flags=flags), text))
    flags += [flag for att in attachments for flag in att.flags]
    found, doc_flags = declaration_field(found, parsed, own_text=own_text(parsed.body_text))
    flags += doc_flags
    found = role_from_declaration(kind_from_declaration(found, attachments), attachments)
    found = custom_made_maker(found)
    found = _this_address(found, parsed.from_addr)
    fields = validate_fields(complete(found))
    fields, judged = judge_declaration(fields=fields, attachments=attachments, body=parsed.body_text,
                                       message_id=parsed.message_id)
    flags += judged
    if _declaration_counts_for_representative(fields):  # it names the represented manufacturer
        flags = [f for f in flags if f != "doc_mismatch:manufacturer_name"]
    kind = _kind(parsed, fields, machine=noise is not None, bulk=noise is not None and noise.bulk)
    if kind == MailKind.SEVERAL_COMPANIES:
        # One case for the first company; the others' values must never fill its gaps.
        first = first_company_text(parsed.body_text)
        found = _read_source(first, part="body", message_id=parsed.message_id, flags=flags, subject="")
        found = merge(found, _first_company_form(found, attachments, message_id=parsed.message_id, flags=flags))
        found, _ = declaration_field(found, parsed, own_text=own_text(parsed.body_text), first_company_only=True)
        found = custom_made_maker(found)
        fields = validate_fields(complete(_this_address(found, parsed.from_addr)))
        fields, judged = judge_declaration(fields=fields, attachments=attachments, body=first,
                                           message_id=parsed.message_id)
        flags += judged
    if kind in (*NOT_REGISTRATION, MailKind.DEREGISTRATION):
        # Nothing is asked back; staff see who writes, as a case officer notes it (intake/fields/sender).
        fields = validate_fields(complete(sender_details(
            found, noise=kind == MailKind.NOISE, leaving=kind == MailKind.DEREGISTRATION,
            incident=kind == MailKind.INCIDENT, lines=body_zones(parsed.body_text), from_name=parsed.from_name,
            message_id=parsed.message_id)))
    elif kind == MailKind.UPDATE:
        found = _later_wins(found, parsed, flags)
        fields = validate_fields(complete({k: v for k, v in found.items() if _states_a_change(k, v, parsed.body_text)}))
    if kind != MailKind.REGISTRATION:
        flags.append(f"mail_kind:{kind}")
    flags += [f"needs_check:{key}" for key in unsure_keys(fields)]
    flags += homoglyph_flags(parsed, fields)
    return Understanding(
        message=parsed,
        fields=fields,
        language=detect_language(parsed.subject + "\n" + own_text(parsed.body_text)),
        flags=tuple(dict.fromkeys(flags)),
        kind=str(kind),
        noise=noise,
        envelope=envelope,
    )


_WHO = ("manufacturer_name", "org_number")
_GUESSED = ("device_type", "business_type", "contact_person")
_SIGNED = 0.45  # at most this: read from a signature or a subject, not stated as a change
# 'E-post: denne adressen', 'se avsender', 'same as sender': the address the mail came from.
_THIS_ADDRESS = re.compile(r"^(?:(?:bruk|bruke|brug|use|please use|send (?:til|to)|til|se|sjå|see|samme som|same as|som|as)\s+)?"
                           r"(?:gjerne\s+|venligst\s+|vennligst\s+)?(?:the\s+)?(?:denne|denna|dette|this|min|my|avsend\w*|sender'?s?)\s*"
                           r"(?:e-?post)?(?:adress\w*|address|e-?mail)?\b.*$", re.IGNORECASE)

# 'please use the address I am writing from', 'adressa eg skriv frå', 'adressen jeg sender fra'
_WRITING_FROM = re.compile(r"\b(?:address|adressen|adressa|adressan|adresse)\s+(?:that\s+|som\s+)?(?:i|we|jeg|eg|vi|jag|me)"
                           r"(?:\s+am|'m|’m|\s+are|'re)?\s+(?:writ\w*|send\w*|skriv\w*|sender|mail\w*)\s+(?:from|fra|frå|från)\b|"
                           # 'please send the user credentials to this address'
                           r"\b(?:to|til|till)\s+(?:this|denne|dette|denna)\s+(?:e-?mail\s+|e-?post)?(?:address|adressen|adressa|"
                           r"adresse|adress)\b", re.IGNORECASE)

_FORM_FIELDS = 4  # labelled values before a declaration's title that make those pages a form


def _form_part(att: Attachment) -> str:
    """The attachment's text to read as the applicant's form: all of it, or for a declaration the
    pages before its title when they hold a filled-in form (one PDF: form, then DoC)."""
    if not att.text:
        return ""
    if not (att.doc and att.doc.is_declaration):
        return att.text
    offset = title_offset(att.text)
    if not offset:
        return ""
    before = att.text[:offset]
    return before if _labelled_lines(before) >= _FORM_FIELDS else ""


_LABELLED_LINE = re.compile(r"^[^:\n]{2,60}:\s*\S")


def _labelled_lines(text: str) -> int:
    return sum(1 for line in text.splitlines() if _LABELLED_LINE.match(line))


def _attached_statements(found: dict[str, FieldResult], text: str) -> dict[str, FieldResult]:
    """A brochure or price list praising 'skreddersydde ørepropper' sells; it does not state that the
    devices are custom-made. Only the applicant's own form or letter says that."""
    if DOC in found and _labelled_lines(text) < _FORM_FIELDS and not _LETTER_TO_US.search(text):
        found = {k: v for k, v in found.items() if k != DOC}
    return found


# A letter to the register, signed: the applicant's own words ('Direktoratet for medisinske produkter' …
# 'Med vennlig hilsen'), unlike a brochure.
_LETTER_TO_US = re.compile(r"(?is)\b(?:direktoratet\s+for\s+medisinske\s+produkter|medical\s+products\s+agency|"
                           r"registerforvaltningen|dmp)\b.*\n\s*(?:med\s+)?(?:vennlig|venleg|beste|kind|best)\s+"
                           r"(?:hilsen|helsing|regards)")


_TO_SIGNATURE = re.compile(r"signatur|signature", re.IGNORECASE)


def _states_a_change(key: str, value: FieldResult, body: str) -> bool:
    """An update states what changes: a kind guessed from a sentence or a signer is not a change, nor is
    a number or address read from the signature (unless the text points there: 'står i signaturen'),
    nor custom-made devices named when the sender recalls how it is registered."""
    if key == DOC:
        # 'Vi er registrert som fabrikant af specialfremstillede tandproteser' recalls what is on record;
        # a declaration sent with the update is new.
        return value.value != rules().custom_made_value
    if key in _WHO or value.confidence >= _STATED:
        return True
    if key in _GUESSED:
        return False
    readable = "\n".join(line.text for line in body_zones(body) if line.zone in READABLE)
    return value.confidence > _SIGNED or bool(_TO_SIGNATURE.search(readable))


def _later_wins(found: dict[str, FieldResult], parsed: ParsedMessage, flags: list[str]) -> dict[str, FieldResult]:
    """An update's body and attached forms read again with the later of two like values winning
    (old, then new: 'Besøksadresse: gammel …' above 'Besøksadresse: ny …', or a column of each)."""
    later = _read_source(parsed.body_text, part="body", message_id=parsed.message_id, flags=flags,
                         subject=parsed.subject, later_wins=True, writer=parsed.from_name, sender=parsed.from_addr)
    for att in parsed.attachments:
        text = _form_part(att)
        if text:
            later = merge(later, _read_source(text, part=f"attachment:{att.filename or att.sha256[:12]}",
                                              message_id=parsed.message_id, flags=flags, later_wins=True))
    later.pop(DOC, None)  # the declaration was judged from the attachments (_declaration)
    later = _this_address(later, parsed.from_addr)
    return {**later, DOC: found[DOC]} if DOC in found else later


def _first_company_form(found: dict[str, FieldResult], attachments: tuple[Attachment, ...], *,
                        message_id: str | None, flags: list[str]) -> dict[str, FieldResult]:
    """Of one form per company attached, the first company's: the one naming the company the mail
    names first, or the first form when the mail names none."""
    named = found.get("manufacturer_name")
    for att in attachments:
        if not att.text or (att.doc and att.doc.is_declaration):
            continue
        # One document with a section per company ('1 Kvikkmed AS' … '2 Havsul Diagnostikk AS'): the first section.
        form = _read_source(first_company_text(att.text), part=f"attachment:{att.filename or att.sha256[:12]}",
                            message_id=message_id, flags=flags)
        maker = form.get("manufacturer_name")
        if maker and maker.value and (named is None or same_company(maker.value, named.value or "")):
            return form
    return {}


def _declaration_counts_for_representative(fields: dict[str, FieldResult]) -> bool:
    business, doc = fields.get("business_type"), fields.get(DOC)
    return (business is not None and business.state == OK and business.value == "authorised_representative"
            and doc is not None and doc.state == OK)


def _this_address(found: dict[str, FieldResult], from_addr: str | None) -> dict[str, FieldResult]:
    """'E-post: denne adressen' means the address the mail came from, as a case officer reads it."""
    email = found.get("email")
    if email and email.value and from_addr and "@" not in email.value and (
            _THIS_ADDRESS.match(email.value.strip()) or _WRITING_FROM.search(email.value)):
        found = dict(found)
        found["email"] = replace(email, value=from_addr, confidence=email.confidence * 0.9)
    return found


def _kind(parsed: ParsedMessage, fields: dict[str, FieldResult], *, machine: bool, bulk: bool = False) -> MailKind:
    zones = body_zones(parsed.body_text)
    own = "\n".join(line.text for line in zones if line.zone in READABLE)
    signed = frozenset(line.number for line in zones if line.zone == SIGNATURE)
    return mail_kind(subject=parsed.subject, text=own, from_addr=parsed.from_addr, fields=fields,
                     org_numbers=distinct_org_numbers(own), signed=signed, machine=machine, bulk=bulk)


def _read_source(text: str, *, part: str, message_id: str | None, flags: list[str], subject: str = "",
                 later_wins: bool = False, writer: str | None = None, sender: str | None = None) -> dict[str, FieldResult]:
    """The fields of one source; a fault in the reader is flagged for staff and the rest still read."""
    try:
        more = ({"later_wins": True} if later_wins else {}) | ({"writer": writer} if writer else {}) | (
            {"sender": sender} if sender else {})
        return extract_fields(text, part=part, message_id=message_id, subject=subject, **more)
    except Exception as exc:  # noqa: BLE001 - one reader's bug must not make a readable message unreadable
        flags.append(f"needs_manual_check:reader_error:{type(exc).__name__}:{part.replace(':', '_')}")
        return {}


def merge(found: dict[str, FieldResult], more: dict[str, FieldResult]) -> dict[str, FieldResult]:
    """Per field the more confident value; the body wins a tie with an attachment."""
    out = dict(found)
    for key, result in more.items():
        if key not in out or result.confidence > out[key].confidence:
            out[key] = result
    return out


def own_text(body: str) -> str:
    """The applicant's own lines (not quoted, not our request), for language detection."""
    return "\n".join(line.text for line in body_zones(body) if line.zone in (*READABLE, SIGNATURE))


@lru_cache(maxsize=4)  # one message's body is zoned for its kind, its language and its DoC mention
def body_zones(body: str) -> tuple[Line, ...]:
    """The zones of a body's lines (long lines cut), as mail kind and language read them."""
    return tuple(classify("\n".join(line[:MAX_LINE] for line in body.splitlines())))


def complete(found: dict[str, FieldResult]) -> dict[str, FieldResult]:
    """Every catalogue field, in catalogue order; those not found are `missing`."""
    return {s.key: found.get(s.key) or FieldResult(key=s.key, state=MISSING) for s in catalogue()}


def unreadable(reason: str, *, raw: bytes | None = None, envelope: Envelope | None = None) -> Understanding:
    """A message that could not be read, with what can still be said of it: who sent it (the
    envelope sender, and From where the header section reads), so staff can answer, and whether
    machines sent it (header rules only)."""
    envelope = envelope or Envelope()
    headers = read_header_block(raw) if raw else None
    return Understanding(message=header_facts(headers), fields=complete({}), unreadable=reason,
                         noise=machine_mail((raw or b"")[:MAX_HEADER_BLOCK], message=headers, envelope=envelope), envelope=envelope)
