"""Whether a value names a company or a person, or only a kind of business.

'firma.no', '912 34 567' and 'AS' alone name nobody; 'Produsent' and 'Fullmektig for Takeda Ltd.'
name a kind of business (the company in the latter is the one represented), not the applicant.
"""

from __future__ import annotations

import re

from intake.fields.catalogue import value_patterns


_TYPED = re.compile(r"^(?:(?:https?://|www\.)\S+|(?:[a-z0-9-]+\.)+[a-z]{2,6}/?|[\w.+'-]+@[\w-]+(?:\.[\w-]+)+|"
                    r"[+(]?[\d\s().+/-]{6,})$", re.IGNORECASE)


def not_a_name(value: str) -> bool:
    """A web address, an e-mail address, a number or a legal form alone ('AS'): by its type, not a name;
    nor the register itself ('DMP device register' under a form's title)."""
    return (bool(_TYPED.match(value.strip())) or bool(COMPANY_SUFFIX.fullmatch(value.strip()))
            or not any(ch.isalpha() for ch in value)  # 'Företag 1': a numbered heading, no name
            or bool(_NUMBERED.match(value))  # 'Company no. 06123478': a company's number, not its name
            or bool(_THE_REGISTER.search(value)))


_NUMBERED = re.compile(r"^\s*(?:no|nr|num|number|nummer)\.?:?\s*[\d\s.-]+$", re.IGNORECASE)
_THE_REGISTER = re.compile(r"\b(?:dmp|device\s+register|medical\s+device\s+register|"
                           r"registeret\s+for\s+medisinsk\s+utstyr|"
                           r"register\s+for\s+medisinsk\s+utstyr)\b", re.IGNORECASE)


COMPANY_SUFFIX = re.compile(r"\b(?:as|asa|ab|aps|a/s|oy|gmbh|ltd|limited|inc|bv|sa|ag|sas|srl|enk|da|ans|nuf)\b\.?",
                             re.IGNORECASE)


def names_kind(key: str, value: str) -> bool:
    return any(kind != "not_registrable" and pattern.search(value) for kind, pattern in value_patterns(key))


def names_only_a_kind(value: str, *, or_device: bool = False) -> bool:
    """'Produsent', 'Fullmektig (autorisert representant)': a kind of business, nothing more; with
    `or_device`, also a kind of device ('IVD' after 'Produsent,' is no company's name)."""
    if COMPANY_SUFFIX.search(value) or len(value) > 60:
        return False
    rest = value
    kinds = ("business_type", "device_type") if or_device else ("business_type",)
    for _, pattern in (pattern for kind in kinds for pattern in value_patterns(kind)):
        rest = pattern.sub(" ", rest)
    rest = re.sub(r"[()\[\],./&+-]|\b(?:og|and|eller|or|for|av|of|the|en|ein|a|an|som|i|in|eu|norge|norway)\b", " ",
                  rest, flags=re.IGNORECASE)
    if or_device:  # 'In vitro-diagnostisk utstyr (IVD)': the kind's own word for a device
        rest = re.sub(r"\b(?:utstyr|udstyr|utrustning|devices?|equipment|produkter|products?)\b", " ", rest,
                      flags=re.IGNORECASE)
    return rest.strip() == "" and rest != value


_ON_BEHALF = re.compile(r"\s*(?:for|on behalf of|på vegne av|på vegner av|of|til|åt)\s+\S", re.IGNORECASE)


def role_for_another(value: str) -> bool:
    """'Fullmektig for Takeda Surgical Co., Ltd.', 'Authorised representative of X': a role held for
    a company, which is the kind of business (the company named is the one represented)."""
    for _, pattern in value_patterns("business_type"):
        m = pattern.match(value)
        if m and _ON_BEHALF.match(value, m.end()):
            return True
    return False


def names_a_kind(key: str, text: str) -> bool:
    """'Type of business:' above 'Manufacturer': the word is a value here, though also a label."""
    if key.startswith("@"):
        return False  # 'Navn' and 'Mobil' are read in context; no words name their kind
    return ":" not in text and any(p.search(text) for _, p in value_patterns(key))
