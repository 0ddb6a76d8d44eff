"""Normalisation and validation of each field, with reason codes a person can be told.

Every check takes the raw text read from the message and returns (normalised value, parts, reason
code or None). Reason codes are `<field>.<problem>`; intake/data/reasons.toml says each in words.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache, lru_cache

from intake.fields.address import REGIONS, display, is_po_box, split_address
from intake.fields.annotations import HONORIFIC
from intake.fields.catalogue import DOC, is_required, rules
from intake.fields.kinds import enumerated
from intake.fields.phones import domain_region, phone_check
from intake.fields.read_together import firm_country, read_together
from intake.model import INVALID, MISSING, OK, FieldResult

Check = tuple[str, dict[str, str] | None, str | None]


def validate_fields(fields: dict[str, FieldResult]) -> dict[str, FieldResult]:
    """Each field normalised and checked; a missing required field gets `<field>.missing`."""
    doc = fields.get(DOC)
    custom_made = bool(doc and doc.state == OK and doc.value == rules().custom_made_value)
    fields = read_together(fields)
    out = {}
    region, abroad = _region(fields), domain_region(fields)
    firm_abroad = firm_country(fields, abroad=abroad)
    for key, result in fields.items():
        result = validate(result, region=region, abroad=abroad)
        if result.reason == f"{key}.country_missing" and firm_abroad:
            # 'Engesserstraße 4b, 79108 Freiburg' from a firm with a +49 switchboard or a .de domain: the
            # address is in the firm's own country, as a case officer reads it.
            result = validate(replace(result, state=OK, reason=None, value=f"{result.value}, {firm_abroad}"),
                              region=region, abroad=abroad)
        if result.state == MISSING and result.reason is None and is_required(key, custom_made=custom_made):
            result = replace(result, reason=f"{key}.missing")
        out[key] = result
    return out


def _region(fields: dict[str, FieldResult]) -> str:
    """Where the company is, by its addresses: a number without a country code is dialled from there."""
    for key in ("visiting_address", "postal_address"):
        result = fields.get(key)
        if result is not None and result.state == OK and result.value:
            parts, _ = split_address(result.value.strip())
            if parts:
                return REGIONS.get(parts["country"], "NO")
    return "NO"


def validate(result: FieldResult, *, region: str = "NO", abroad: str | None = None) -> FieldResult:
    if result.state != OK or result.value is None:
        return result
    if result.key not in _CHECKS:
        return result
    if result.key in ("visiting_address", "postal_address"):
        # Not remembered: an address's check reads the postcode list too, and returns parts of its own.
        value, parts, reason = _CHECKS[result.key](result.value.strip())
    elif result.key in ("phone", "fax", "contact_phone"):
        value, parts, reason = _checked(result.key, result.value.strip(), (region, abroad))
    else:
        value, parts, reason = _checked(result.key, result.value.strip(), None)
    if reason and result.key == "org_number" and (region != "NO" or _FOREIGN_ID.search(result.value)):
        # A foreign company has no Norwegian org number; its own (556677-8899, CVR, Y-tunnus, a VAT
        # number) is not a wrong one. Kept in provenance; the field is missing, as a case officer reads it.
        return FieldResult(key=result.key, state=MISSING, source=result.source)
    if reason:
        return replace(result, state=INVALID, reason=reason, parts=parts)
    return replace(result, value=value, parts=parts)


_FOREIGN_ID = re.compile(r"^\s*(?:(?:SE|DK|FI|DE|PL|EE|LV|LT|AT|NL|BE|FR|IT|ES|GB|IE|CH|IS)[\s-]?\d|\d{6}-\d{4}\b|"
                         r"\d{7}-\d\b|(?:cvr|y-tunnus|business\s+id|ust-?id|vat)\b)|\b(?:cvr|y-tunnus|svensk|swedish|"
                         r"dansk|danish|finsk|finnish|tysk|german)\b", re.IGNORECASE)


_ORG_LABEL = re.compile(r"^(?:org(?:anisasjons|ani[sz]ation)?\.?\s*-?\s*(?:n(?:umme)?r|no|number)\.?|orgnr\.?)"
                        r"\s*:?\s*(?=\d)", re.IGNORECASE)


_ORG_NOISE = re.compile(r"(?i)^no|mva$|[\s.\-]")
_ADDRESS_AT = re.compile(r"[^\s<>():;,\"']+@[^\s<>():;,\"']+")
_LINK = re.compile(r"(?:https?://|www\.)[^\s<>()\"',;]+", re.IGNORECASE)
_SCHEME = re.compile(r"^(?:https?://)?", re.IGNORECASE)
_LETTER = re.compile(r"[A-Za-zÆØÅæøåÄÖÜäöüé]")


@lru_cache(maxsize=4_096)  # the same value is checked for each reading of a message and its attachments
def _checked(key: str, value: str, phone_in: tuple[str, str | None] | None) -> Check:
    """The field's check on `value` (a phone number's read in `phone_in`: the company's country and the
    sender's domain's): a function of these alone, and each gives no parts (a shared answer holds
    nothing a caller could change)."""
    check = _CHECKS[key] if phone_in is None else phone_check(key, *phone_in)
    return check(value)


_ORG_IN_TEXT = re.compile(r"\borg(?:anisasjons|ani[sz]ation)?\.?\s*-?\s*(?:n(?:umme)?r|no|number)\.?\s*:?\s*"
                          r"((?:NO\s*)?\d{3}[\s.]?\d{3}[\s.]?\d{3}(?:\s*MVA)?)(?!\d)", re.IGNORECASE)


def org_number(value: str) -> Check:
    """Nine digits with the mod-11 check digit; 'NO 912 345 678 MVA' is the same number."""
    from stdnum.exceptions import ValidationError
    from stdnum.no import orgnr

    # 'NO 912 345 678 MVA', and 'Org nr 912 345 678' with its label carried into the value
    labelled = None if _ORG_LABEL.match(value.strip()) else _ORG_IN_TEXT.search(value)
    number = labelled.group(1) if labelled else value  # 'Bryggen Regulatory Services AS, org. no. 987 756 969'
    compact = _ORG_NOISE.sub("", _ORG_LABEL.sub("", number.strip()))
    try:
        return orgnr.validate(compact), None, None
    except ValidationError as exc:
        code = {"InvalidChecksum": "checksum", "InvalidLength": "length"}.get(type(exc).__name__, "format")
        return value, None, f"org_number.{code}"


_COMMA_FOR_DOT = re.compile(r"^,[a-z]{2,3}\b(?![\w@])", re.IGNORECASE)
# Between two addresses in one answer, words that choose the second for the register.
_RATHER = re.compile(r"\b(?:men|but|heller|rather|instead|i\s+stedet|til\s+dere|til\s+registeret|for\s+registeret|"
                     r"to\s+you|for\s+the\s+register|bruk|use|please\s+use)\b", re.IGNORECASE)


def email(value: str) -> Check:
    from email_validator import EmailNotValidError, validate_email

    found = _ADDRESS_AT.search(value.removeprefix("mailto:"))
    later = list(_ADDRESS_AT.finditer(value))[-1] if found else None
    if later is not None and later.start() > found.end() and _RATHER.search(value[found.end():later.start()]):
        found = later  # 'ordre@… er til bestillinger, men til dere er det best med kjetil@…'
    candidate = found.group(0).rstrip(".") if found else value
    if found and _COMMA_FOR_DOT.match(value[found.end():]):
        return value.strip(), None, "email.invalid"  # 'ola@firma.example,no': a comma typed for the dot
    try:
        return validate_email(candidate, check_deliverability=False).normalized, None, None
    except EmailNotValidError:
        return value, None, "email.invalid"


def _address(key: str):
    def check(value: str) -> Check:
        parts, reason = split_address(value)
        if reason:
            return value, None, reason.replace("address.", f"{key}.")
        if key == "visiting_address" and is_po_box(parts["street"]):
            return display(parts), parts, "visiting_address.po_box"
        return display(parts), parts, None
    return check


_HOST = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,24}|xn--[a-z0-9-]+)$")


def website(value: str) -> Check:
    """A URL: 'www.example.no' is https://www.example.no; 'http://example.no/' stays http."""
    text = _OUTLOOK_LINK.sub(r"\1", value.strip()).strip().strip("<>").rstrip("/.,")
    link = _LINK.search(text) if " " in text else None
    if link:  # 'nå www.firma.no', 'www.firma.no (ny)': the address among the words
        text = link.group(0).rstrip("/.,")
    # The applicant's http:// is kept (not every site answers https); a bare host is read as https.
    scheme = "http://" if text.casefold().startswith("http://") else "https://"
    text = _SCHEME.sub("", text)
    host, _, path = text.partition("/")
    host = host.casefold()
    if not _HOST.match(host):
        return value, None, "website.format"
    if not _known_tld(host.rsplit(".", 1)[-1]):
        return value, None, "website.format"
    return scheme + host + (f"/{path}" if path else ""), None, None


def _known_tld(tld: str) -> bool:
    """A top-level domain in the public suffix list, or one reserved for examples (RFC 2606)."""
    return tld in ("example", "test", "invalid", "localhost") or bool(_suffixes().is_public(tld))


@cache
def _suffixes():
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList(accept_unknown=False)


# Outlook's plain text writes a link as 'www.x.no<https://www.x.no/>': the text before '<' is the link.
_OUTLOOK_LINK = re.compile(r"^(\S+?)\s*<(?:https?|mailto):[^>]*>$", re.IGNORECASE)


def _text(key: str, minimum: int = 2):
    def check(value: str) -> Check:
        clean = " ".join(value.split()).strip(" ,;–—|/")  # "Kari Nordmann – kari@…": the dash went with the rest
        if key == "contact_person":
            clean = _HONORIFIC.sub("", clean)  # 'Dr Priya Raman', wherever the name was read: the name alone
        elif key == "manufacturer_name":
            clean = _FIRM_NUMBERED.sub("", clean)  # 'Client A - Kvitfjell Biotech AS', '1 Skagerak Rehab AS'
        if len(clean) < minimum or not _LETTER.search(clean) or len(clean) > 150:
            return value, None, f"{key}.format"
        return clean, None, None
    return check


# A firm's place in a list of several, before its name: 'Client A - ', 'Kunde 2: ', '1. ', '1 '.
_FIRM_NUMBERED = re.compile(r"^(?:(?i:client|customer|kunde|klient|company|selskap|firma|foretak|företag|virksomhed|"
                            r"verksemd)\s+(?:[A-Z]|\d{1,2})\s*[-–:.)]\s*|\d{1,2}[.)]?\s+)(?=[A-ZÆØÅÄÖ])")
_HONORIFIC = re.compile(r"^(?:(?i:" + HONORIFIC + r")\.?\s+)+(?=[A-ZÆØÅÄÖÜ][\w'-]+\s+[A-ZÆØÅÄÖÜ])")


_CHECKS = {
    "manufacturer_name": _text("manufacturer_name"),
    "org_number": org_number,
    "visiting_address": _address("visiting_address"),
    "postal_address": _address("postal_address"),
    "phone": phone_check("phone"),
    "fax": phone_check("fax"),
    "contact_person": _text("contact_person", 3),
    "contact_phone": phone_check("contact_phone"),
    "email": email,
    "device_type": enumerated("device_type", ("ivd", "medical_device")),
    "business_type": enumerated("business_type", ("system_procedure_pack_producer", "authorised_representative",
                                                   "manufacturer")),
    "website": website,
}

# Every reason code this module can give, for reasons.toml to say in each language.
REASON_CODES = (
    *(f"{k}.missing" for k in ("manufacturer_name", "org_number", "visiting_address", "postal_address", "phone",
                               "contact_person", "contact_phone", "email", "device_type",
                               "declaration_of_conformity", "business_type")),
    "org_number.checksum", "org_number.length", "org_number.format",
    *(f"{a}.{p}" for a in ("visiting_address", "postal_address")
      for p in ("postcode_missing", "postcode", "town_missing", "street_missing", "country_missing")),
    "visiting_address.po_box",
    *(f"{k}.{p}" for k in ("phone", "fax", "contact_phone") for p in ("format", "invalid")),
    "email.invalid", "website.format",
    "device_type.unknown", "device_type.ambiguous",
    "business_type.unknown", "business_type.not_registrable",
    "manufacturer_name.format", "contact_person.format",
    "declaration_of_conformity.not_attached", "declaration_of_conformity.old_directive",
    "declaration_of_conformity.other_manufacturer", "declaration_of_conformity.not_a_declaration",
)
