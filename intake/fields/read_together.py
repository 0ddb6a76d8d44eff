"""Fields read together before each is checked: one said to be the same as another ('Postadresse: samme som
besøksadresse'), a direct line given as an extension of the switchboard ('Durchwahl -214'), and the country
of a firm abroad, by its switchboard or its domain, for an address written without one."""

from __future__ import annotations

import re
from dataclasses import replace

from intake.fields.address import REGIONS
from intake.fields.catalogue import same_as_visiting_pattern
from intake.fields.patterns import SAME_AS_PHONE
from intake.model import MISSING, OK, FieldResult


def read_together(fields: dict[str, FieldResult]) -> dict[str, FieldResult]:
    """The fields with the values one gives another filled in."""
    fields = _same_as(fields, key="postal_address", other="visiting_address", said=same_as_visiting_pattern())
    fields = _same_as(fields, key="contact_phone", other="phone", said=_SAME_AS_PHONE)
    return _extension_of(fields)


def _same_as(fields: dict[str, FieldResult], *, key: str, other: str, said: re.Pattern[str]) -> dict[str, FieldResult]:
    """`key` said to be the same as `other` ('Postadresse: samme som besøksadresse', read in one part and
    the visiting address in another; 'Telefon kontaktperson: samme som sentralbordet') takes its value."""
    result, source = fields.get(key), fields.get(other)
    if result is None or result.state != OK or not result.value or not said.match(result.value.strip(" .")):
        return fields
    fields = dict(fields)
    if source is not None and source.state == OK and source.value:
        fields[key] = replace(result, value=source.value)
    else:
        fields[key] = FieldResult(key=key, state=MISSING)
    return fields


_SAME_AS_PHONE = re.compile(SAME_AS_PHONE, re.IGNORECASE)
# 'Durchwahl -214', 'Apparat 214', '-214': only the extension, dialled on the switchboard's number.
_EXTENSION_ONLY = re.compile(r"^(?:durchwahl|dw|apparat|app\.?|nebenstelle|ext\.?|extension|lokal|anknytning)?\s*"
                             r"[:.]?\s*[-–]\s*(\d{1,4})$|^(?:durchwahl|dw|apparat|nebenstelle|ext\.?|"
                             r"extension)\s*[:.]?\s*(\d{1,4})$",
                             re.IGNORECASE)
_SWITCHBOARD_ZERO = re.compile(r"^(.*\d)\s*[-–]\s*0$")


def _extension_of(fields: dict[str, FieldResult]) -> dict[str, FieldResult]:
    """'+49 (0) 7461 96 58-0' and 'Durchwahl -214': the German way of writing a direct line,
    the switchboard's final 0 replaced by the extension."""
    contact, phone = fields.get("contact_phone"), fields.get("phone")
    if not (contact and phone and contact.state == OK and phone.state == OK and contact.value and phone.value):
        return fields
    ext, base = _EXTENSION_ONLY.match(contact.value.strip()), _SWITCHBOARD_ZERO.match(phone.value.strip())
    if not (ext and base):
        return fields
    return {**fields, "contact_phone": replace(contact, value=f"{base.group(1)}-{ext.group(1) or ext.group(2)}")}


_COUNTRY_OF = {region: country for country, region in REGIONS.items() if region != "NO"}


def firm_country(fields: dict[str, FieldResult], *, abroad: str | None) -> str | None:
    """The country a foreign firm is in, by its switchboard's country code or else its domain; None for Norway."""
    import phonenumbers

    phone = fields.get("phone")
    if phone is not None and phone.state == OK and phone.value and phone.value.strip().startswith(("+", "00")):
        try:
            number = phonenumbers.parse("+" + phone.value.strip().lstrip("+0"), None)
        except phonenumbers.NumberParseException:
            number = None
        found = number and phonenumbers.region_code_for_number(number)
        if found:
            return _COUNTRY_OF.get(found)
    return _COUNTRY_OF.get(abroad or "")
