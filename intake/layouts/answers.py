"""Bare answers typed above our quoted request, one per line, in the order we asked.

A reply from a phone often says only '987 654 325 / Postboks 123, 9001 Tromsø / 912 34 567' over
our quoted '- Organisasjonsnummer: mangler / - Postadresse: mangler / - Kontaktpersonens telefon:
mangler'. A case officer pairs them up by position: so do we, but only when the counts agree, no
line carries a label of its own, and each answer has the shape of what was asked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from intake.layouts.zones import BODY, OURS, QUOTED, SIGNATURE, Line, is_sign_off

_ITEM = re.compile(r"^\s*[-*•·]\s*(?P<label>[^:]{2,60}?)\s*(?::\s*(?P<state>.*))?$")
_GREETING = re.compile(r"^(?:hei|hi|hello|hej|hallo|god dag|goddag|dear|takk|thanks|ok|her (?:er|kjem|kommer))\b",
                       re.IGNORECASE)
_SENT_FROM = re.compile(r"^(?:sendt fra|sent from|skickat från|sendt från|get outlook)", re.IGNORECASE)
_DIGITS = ("org_number", "phone", "fax", "contact_phone", "visiting_address", "postal_address")


def answers_in_order(lines: list[Line], *, label_key: Callable[[str], str | None],
                     labelled: Callable[[str], bool]) -> Iterator[tuple[str, str, Line]]:
    """(field key, answer, its line) for each requested field answered by position."""
    asked = _asked(lines, label_key)
    if len(asked) < 2:
        return
    own = []
    for line in lines:
        if line.zone != BODY:
            if line.zone in (SIGNATURE, QUOTED, OURS) or own:
                break
            continue
        text = line.text.strip()
        if not text or _GREETING.match(text) or _SENT_FROM.match(text) or text.endswith(":"):
            continue
        if is_sign_off(text):
            break
        if labelled(text):
            return  # answered with labels: read as such
        own.append(line)
    if len(own) != len(asked):
        return
    pairs = list(zip(asked, own))
    if all(_fits(key, line.text) for key, line in pairs):
        for key, line in pairs:
            yield key, line.text.strip(), line


def _asked(lines: list[Line], label_key: Callable[[str], str | None]) -> list[str]:
    asked: list[str] = []
    for line in lines:
        if line.zone not in (QUOTED, OURS):
            continue
        m = _ITEM.match(line.text)
        key = label_key(m.group("label")) if m else None
        if key and not key.startswith("@") and key not in asked:
            asked.append(key)
    return asked


def _fits(key: str, text: str) -> bool:
    if len(text.split()) > 8 or ". " in text.strip():
        return False  # a sentence is not a bare answer
    has_digit = bool(re.search(r"\d", text))
    if key in _DIGITS:
        return has_digit
    if key == "email":
        return "@" in text
    if key in ("manufacturer_name", "contact_person"):
        return not has_digit and "@" not in text
    return True
