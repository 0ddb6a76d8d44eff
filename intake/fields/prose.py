"""Values stated in running prose ('Vi er produsent av medisinsk utstyr, org.nr. 912 345 678')."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from intake.fields.catalogue import spec
from intake.layouts.signature import EMAIL, URL
from intake.layouts.zones import REGISTER_MAILBOX, Line

PROSE_CONFIDENCE = 0.6

_ORG = re.compile(
    r"(?:org(?:anisasjons|anisation|anization)?\.?\s*-?\s*(?:nr|no|nummer|number)\.?|foretaksnummer|føretaksnummer)"
    r"\s*(?:er|is|:)?\s*((?:NO\s*)?\d{3}[\s.]?\d{3}[\s.]?\d{3})(?!\d)",
    re.IGNORECASE,
)
_PHONE = re.compile(r"(?:telefon|tlf|phone|telephone|tel|mobil|mobile|mob)\.?\s*(?:nr\.?|number|nummer)?\s*(?:er|is|:)?\s*(\+?\d[\d ]{6,14}\d)",
                    re.IGNORECASE)
_CONTACT = re.compile(
    r"(?i:kontaktperson(?:en)?|contact person|kontakt)\s+(?i:er|is|blir|will be|vert)\s+"
    r"([A-ZÆØÅ][\w.'-]+(?:\s+[A-ZÆØÅ][\w.'-]+){1,3})"
)
_COMPANY = re.compile(r"\b(?i:vi i|vi er|me i|we at|we are|firmaet|selskapet)\s+([A-ZÆØÅ][\w&.'-]*(?:\s+[\w&.'-]+){0,5}?"
                      r"\s(?:AS|ASA|AB|ANS|DA|SA|GmbH|Ltd|Oy|A/S|ApS|BV))\b")
_WE = re.compile(r"\b(?:vi|we|me|our|vår|vårt|firmaet|selskapet|bedrifta|bedriften|verksemda|virksomheten)\b",
                 re.IGNORECASE)
_REGISTER_NAME = re.compile(r"regist(?:er|eret|ry)\s+(?:for|of)\s+medi", re.IGNORECASE)


def prose_values(lines: list[Line]) -> Iterator[tuple[str, str, int, float]]:
    """(key, value, line, confidence) for facts stated in sentences rather than as labels."""
    for line in lines:
        text = line.text
        for m in _ORG.finditer(text):
            yield "org_number", m.group(1), line.number, PROSE_CONFIDENCE
        for email in EMAIL.findall(text):
            if not REGISTER_MAILBOX.search(email):
                yield "email", email, line.number, PROSE_CONFIDENCE - 0.1
        for url in URL.findall(text):
            yield "website", url.rstrip(".,"), line.number, PROSE_CONFIDENCE - 0.1
        m = _COMPANY.search(text)
        if m:
            yield "manufacturer_name", m.group(1), line.number, PROSE_CONFIDENCE
        m = _CONTACT.search(text)
        if m:
            yield "contact_person", m.group(1), line.number, PROSE_CONFIDENCE
        m = _PHONE.search(text)
        if m:
            key = "contact_phone" if re.search(r"kontakt|contact|\bmeg\b|\bme\b|\bmobil", text, re.I) else "phone"
            yield key, m.group(1), line.number, PROSE_CONFIDENCE - 0.05
        if _WE.search(text) and not _REGISTER_NAME.search(text):
            yield from _kinds(text, line.number)


def _kinds(text: str, number: int) -> Iterator[tuple[str, str, int, float]]:
    """Device and business type from 'we are a manufacturer of IVD' style sentences."""
    for key in ("device_type", "business_type"):
        for value, pattern in _value_patterns(key):
            if value != "not_registrable" and pattern.search(text):
                yield key, text.strip(), number, PROSE_CONFIDENCE - 0.1
                break


@cache
def _value_patterns(key: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((value, re.compile(r"(?<!\w)(?:" + "|".join(p) + r")(?!\w)", re.IGNORECASE))
                 for value, p in spec(key).values.items())


def value_patterns(key: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The catalogue's value phrases for an enumerated field, compiled, in catalogue order."""
    return _value_patterns(key)
