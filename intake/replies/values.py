"""How a field's value is shown to a person: words instead of codes, phones grouped the Norwegian
way, Norwegian addresses without the country; and the answers a choice field allows.

Pure; the words live in the per-language template files (`[values.<field>]`).
"""

from __future__ import annotations

import functools
import re

import phonenumbers

from intake.fields.catalogue import DOC, rules, spec
from intake.replies.render import templates

PHONES = ("phone", "contact_phone", "fax")
ADDRESSES = ("visiting_address", "postal_address")
# Registrable answers, in the order they are offered ("not_registrable" is a finding, not an answer).
CHOICES = {
    "device_type": ("medical_device", "ivd"),
    "business_type": ("manufacturer", "authorised_representative", "system_procedure_pack_producer"),
}
# ", Norway" (or Norge/Noreg) after a Norwegian postcode and place: the country goes without saying.
_COUNTRY = re.compile(r"(\b\d{4}\s+[^,\d]+?)\s*,?\s*(?:norway|norge|noreg|no)\.?\s*$", re.IGNORECASE)


def shown(key: str, value: str | None, language: str) -> str:
    """`value` of field `key` as the applicant should read it in `language`."""
    if not value:
        return ""
    words = templates(language).get("values", {}).get(key, {})
    if value in words:
        return words[value]
    if key in PHONES:
        return phone(value)
    if key in ADDRESSES:
        return address(value)
    if key == DOC and value != rules().custom_made_value:
        return templates(language)["attached"].replace("$value", value)
    return value


@functools.lru_cache(maxsize=4096)  # phonenumbers' parse is most of a reply's rendering
def phone(value: str) -> str:
    """+4722334455 -> +47 22 33 44 55 (mobiles +47 412 34 567); other countries in their own style."""
    try:
        number = phonenumbers.parse(value, "NO")
    except phonenumbers.NumberParseException:
        return value
    if not phonenumbers.is_possible_number(number):
        return value
    if number.country_code == 47 and len(str(number.national_number)) == 8:
        digits = str(number.national_number)
        return "+47 " + " ".join(digits[i:i + 2] for i in range(0, 8, 2))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def address(value: str) -> str:
    """A Norwegian address without its country; a foreign one as given."""
    return _COUNTRY.sub(r"\1", value.strip())


def choices(key: str, language: str) -> str:
    """The allowed answers of a choice field in words ("a, b eller c"); "" for a free-text field."""
    codes = CHOICES.get(key)
    if not codes:
        return ""
    t = templates(language)
    words = [t.get("values", {}).get(key, {}).get(code, code) for code in codes]
    quoted = [f"«{w}»" if language != "en" else f"“{w}”" for w in words]
    if len(quoted) == 1:
        return quoted[0]
    return t["choice_separator"].join(quoted[:-1]) + t["choice_last"] + quoted[-1]


def name(key: str, language: str) -> str:
    try:
        return spec(key).name(language)
    except KeyError:
        return key
