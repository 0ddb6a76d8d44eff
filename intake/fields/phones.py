"""Phone and fax numbers checked and written in E.164: the company's country unless a code is given,
and a number written with another country's trunk 0 read where the sender's own domain says."""

from __future__ import annotations

import re

from intake.model import OK, FieldResult


_TRUNK_AFTER_CODE = re.compile(r"((?:\+|00)\d{1,3})\s?\(0\)\s?")
_BRACKETED_CODE = re.compile(r"^\(\+(\d+)\)")
_NOT_DIGIT = re.compile(r"\D")


def phone_check(key: str, region: str = "NO", abroad: str | None = None):
    def check(value: str) -> tuple[str, None, str | None]:
        """E.164, the company's country when no country code is given; the first number when several are."""
        import phonenumbers

        value = _BRACKETED_CODE.sub(r"+\1", value.strip())  # '(+47) 22 33 44 55'
        value = _TRUNK_AFTER_CODE.sub(r"\1 ", value)  # '+44 (0)7700 900412': the trunk zero is not dialled
        match = next(iter(phonenumbers.PhoneNumberMatcher(value, region, leniency=phonenumbers.Leniency.POSSIBLE)), None)
        partial, number = _trunk_number(value, match, abroad)
        if number is not None:
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), None, None
        if partial:
            return value, None, f"{key}.invalid"
        if match is None:
            # Digits that make no number ('22 33 44') are a wrong number; no digits at all, not a number.
            return value, None, f"{key}.invalid" if len(_NOT_DIGIT.sub("", value)) >= 4 else f"{key}.format"
        if not phonenumbers.is_valid_number(match.number):
            return value, None, f"{key}.invalid"
        return phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164), None, None
    return check


# A number written with a leading trunk 0 ('036-30 12 00' in Jönköping) is not Norwegian, which never
# has one: dialled as Norwegian only a five-digit service number would be read ('036-30'). It is read
# in the country the sender's own domain names (.se, .dk, …), else it is for staff to check.
_WRITTEN_NUMBER = re.compile(r"0[1-9][\d\s./-]{6,16}\d")
_DOMAIN_REGIONS = {"se": "SE", "dk": "DK", "fi": "FI", "de": "DE", "uk": "GB", "nl": "NL", "at": "AT", "ch": "CH"}


def _trunk_number(value: str, match, abroad: str | None) -> tuple[bool, object]:
    """(whether the value is a trunk-0 number the match read none or only part of, the number in `abroad`)."""
    import phonenumbers

    written = _WRITTEN_NUMBER.match(value)
    if written is None or written.group(0).startswith("00"):
        return False, None
    if match is not None and len(_NOT_DIGIT.sub("", match.raw_string)) >= len(_NOT_DIGIT.sub("", written.group(0))):
        return False, None
    try:
        number = phonenumbers.parse(written.group(0), abroad) if abroad else None
    except phonenumbers.NumberParseException:
        number = None
    return True, number if number is not None and phonenumbers.is_valid_number(number) else None


def domain_region(fields: dict[str, FieldResult]) -> str | None:
    """The country of the sender's e-mail or website domain, when it is one with trunk-0 numbers."""
    for key in ("email", "website"):
        result = fields.get(key)
        if result is not None and result.state == OK and result.value:
            tld = re.sub(r"[/:].*$", "", re.sub(r"^.*?@|^https?://", "", result.value.strip())).rsplit(".", 1)[-1]
            if tld.casefold() in _DOMAIN_REGIONS:
                return _DOMAIN_REGIONS[tld.casefold()]
    return None
