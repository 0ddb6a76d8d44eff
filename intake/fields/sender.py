"""Who writes a mail that is not a registration: the sender's organisation as a case officer notes it.

A question, an incident report, a deregistration request or noise asks for no registration, yet a
case officer reading it notes who is writing: the firm and the person under the sign-off, and their
numbers. None of it is asked back or echoed to the sender; where it came from a signature it is
marked to be checked (intake/fields/certainty). Which of it a case keeps is the plan's choice
(intake/plan/decide.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from intake.fields.catalogue import DOC, value_patterns
from intake.fields.certainty import SURE as _STATED
from intake.fields.signer import signed_by, writer_who_signs
from intake.layouts.zones import SIGNATURE, Line
from intake.model import OK, FieldResult, Provenance

_KINDS = ("device_type", "business_type")
# 'Solbakken sykehjem', 'Sykehuset Innlandet', 'Kvam Tannklinikk': a place of care named under a signature.
_INSTITUTION = re.compile(r"^(?:[A-ZÆØÅ][\w.'-]*\s+){0,3}(?i:sykehus(?:et)?|sjukehus(?:et)?|sykehjem(?:met)?|"
                          r"sjukeheim(?:en)?|omsorgssenter|bo-?\s?og\s+omsorgssenter|tannklinikk(?:en)?|klinikk(?:en)?|"
                          r"kliniken|legekontor(?:et)?|legesenter(?:et)?|helsesenter|helsestasjon(?:en)?|kommune|"
                          r"fysioterapi|hjemmetjenesten|hjemmesykepleien|rehabiliteringssenter)"
                          r"(?:\s+[A-ZÆØÅ][\w'-]*){0,3}$")
# 'Som produsent av infusjonspumpen … melder vi', 'med et av våre produkter': the maker reports its own device.
_MAKER_REPORTS = re.compile(r"\b(?:som|as)\s+(?:the\s+)?(?:produsent(?:en)?|manufacturer|tilverkar(?:en)?)\b|"
                            r"\bvåre?\s+(?:egne?\s+)?produkt\w*|\bour\s+(?:own\s+)?(?:products?|devices?)\b",
                            re.IGNORECASE)
_FROM_SENDER = 0.3  # below anything the mail states against a label


def sender_details(found: dict[str, FieldResult], *, noise: bool, leaving: bool = False, incident: bool = False,
                   lines: Iterable[Line],
                   from_name: str | None, message_id: str | None) -> dict[str, FieldResult]:
    """What `found` says of the sender's organisation, with the person who signs as its contact.

    No declaration (none is due), and a role or device type only where the mail states it, or, for a
    firm `leaving` the register, where its letter says what it made ('vi har laget ortoser'). Noise
    gives only what it states of its sender; a person writing is the contact where the mail names none,
    with their own number. The From address is not taken as the firm's e-mail: a header is not identity,
    and the reply goes there anyway."""
    lines = list(lines)
    unstated = {line.number for line in lines if line.zone == SIGNATURE or _asks_of_kinds(line.text)}
    keep = {k: v for k, v in found.items()
            if k != DOC and (k not in _KINDS or v.confidence >= _STATED or leaving
                             or (not noise and _in_text(v, unstated)))}
    if noise:
        return keep
    if incident:
        keep = _reporter(keep, lines, message_id=message_id)
    signer = signed_by(lines) or writer_who_signs(from_name, lines, anywhere=True)
    if "contact_person" not in keep and signer:
        keep["contact_person"] = _signer(signer, message_id=message_id)
    return _own_number(keep, lines)


def _asks_of_kinds(text: str) -> bool:
    """'Gjelder plikten også for distributører, eller bare for produsenter og autoriserte representanter?':
    roles named only in questions are asked about, not stated of the sender."""
    naming = [sentence for sentence in _SENTENCE_END.split(text)
              if any(pattern.search(sentence) for key in _KINDS for _, pattern in value_patterns(key))]
    return bool(naming) and all(sentence.rstrip().endswith("?") and not _WE_AS.search(sentence) for sentence in naming)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# 'måste vi som svensk tillverkare registrera oss?': the role is stated, though in a question.
_WE_AS = re.compile(r"\b(?:vi|we|oss|us|me|eg|jeg|jag|I)\s+(?:som|as)\b", re.IGNORECASE)


def _in_text(value: FieldResult, unstated: set[int]) -> bool:
    """Read from a statement in the mail's own text ('Vi importerer tannimplantat …')."""
    return bool(value.source and value.source.part == "body" and value.source.line not in unstated)


def _reporter(keep: dict[str, FieldResult], lines: list[Line], *, message_id: str | None) -> dict[str, FieldResult]:
    """An incident is reported by a user of the device: a maker or a kind of device it names is the
    device's ('Produsent: ErgoLift GmbH'), not the reporter's; the reporter's place is under the signature.
    A maker reporting its own device ('Som produsent av …') keeps its role and kind, and the firm its
    attached report names when the signature names that firm too."""
    signed = {line.number for line in lines if line.zone == SIGNATURE}
    under_name = "\n".join(line.text for line in lines if line.zone == SIGNATURE)
    maker = any(line.zone != SIGNATURE and _MAKER_REPORTS.search(line.text) for line in lines)
    keep = {k: v for k, v in keep.items() if (maker or k not in _KINDS) and not (
        k == "manufacturer_name" and not (v.source and v.source.part == "body" and v.source.line in signed)
        and not _signed_firm(v.value, under_name))}
    name = keep.get("manufacturer_name")
    if maker and name is not None and _signed_firm(name.value, under_name):
        # 'Nordic Infusion Systems AS, Lysaker Torg 35, …' off the report: the name without its address
        keep["manufacturer_name"] = replace(name, value=_signed_firm(name.value, under_name))
    if "manufacturer_name" not in keep:
        # 'Sykepleier, Solbakken sykehjem', 'Sykehuset Innlandet, Gjøvik': a cell of a signature line
        places = ((line, cell) for line in lines if line.zone == SIGNATURE
                  for cell in re.split(r"\s*[,|·]\s*|\s+[-–]\s+", line.text.strip()) if _INSTITUTION.match(cell))
        place = next(places, None)
        if place is not None:
            keep["manufacturer_name"] = FieldResult(
                key="manufacturer_name", value=place[1], state=OK, confidence=_FROM_SENDER,
                source=Provenance(part="body", line=place[0].number, message_id=message_id))
    return keep


def _signed_firm(value: str | None, under_name: str) -> str | None:
    """The firm a value names before its first comma, when the signature names that firm too."""
    firm = (value or "").split(",")[0].strip()
    return firm if len(firm) >= 4 and firm in under_name else None


def _own_number(keep: dict[str, FieldResult], lines: list[Line]) -> dict[str, FieldResult]:
    """A lone number read under a person's sign-off is theirs, unless it is a Norwegian fixed line, or
    an office's line abroad given as the telephone ('Tel. +46 18 470 22 00')."""
    phone = keep.get("phone")
    if ("contact_phone" in keep or phone is None or not phone.value or phone.confidence >= _STATED
            or "contact_person" not in keep or _norwegian_landline(phone.value)):
        return keep
    line = next((ln.text for ln in lines if phone.source and ln.number == phone.source.line), "")
    if _OFFICE_LINE.match(line) and _fixed_line_abroad(phone.value):
        return keep
    keep = dict(keep)
    keep["contact_phone"] = FieldResult(key="contact_phone", value=phone.value, state=phone.state,
                                        confidence=phone.confidence, source=phone.source)
    del keep["phone"]
    return keep


_OFFICE_LINE = re.compile(r"^\s*(?:tel|tlf|telefon|telephone|phone|t|växel|vxl|sentralbord|switchboard|main)\b\.?\s*:?",
                          re.IGNORECASE)


def _norwegian_landline(value: str) -> bool:
    """'33 02 91 40', '+47 56 55 10 10': a Norwegian fixed line, the firm's or the clinic's; a mobile
    (4xx, 9xx) or a number abroad under a person's name is the person's own."""
    digits = re.sub(r"\D", "", value)
    if value.strip().startswith("+") or digits.startswith("00"):
        if not re.match(r"^(?:00)?47\d{8}$", digits):
            return False
        digits = digits[-8:]
    return len(digits) == 8 and digits[0] not in "49"


def _fixed_line_abroad(value: str) -> bool:
    """'+46 18 470 22 00' (Uppsala): an office's line abroad, by its numbering plan; '+46 70 …' a mobile."""
    import phonenumbers

    try:
        number = phonenumbers.parse(value.replace("(0)", ""), None)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.FIXED_LINE


def _signer(signer: tuple[int, str], *, message_id: str | None) -> FieldResult:
    """The signer as the contact: from their sign-off's line, or (line 0) from the From header's name."""
    line, name = signer
    source = Provenance(part="body", line=line, message_id=message_id) if line else \
        Provenance(part="header:from", message_id=message_id)
    return FieldResult(key="contact_person", value=name, state=OK, confidence=_FROM_SENDER, source=source)
