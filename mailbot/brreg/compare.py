"""The flags a case officer would raise comparing the applicant's words with Enhetsregisteret."""

from __future__ import annotations

from difflib import SequenceMatcher

from intake.doc.check import normalise_company
from mailbot.brreg.lookup import NOT_CHECKED, NOT_FOUND, Answer

NAME_SIMILARITY = 0.85  # above this the names are one (typos, "og"/"&", word order kept)


def same_name(applicant: str, registered: str) -> bool:
    """Equal ignoring case, accents, punctuation and legal forms (AS, ASA, ENK …); or nearly so."""
    left, right = normalise_company(applicant).replace(" ", ""), normalise_company(registered).replace(" ", "")
    if not left or not right:
        return True
    return left == right or SequenceMatcher(None, left, right).ratio() >= NAME_SIMILARITY


def flags_for(answer: Answer, *, name: str | None, postcodes: set[str]) -> list[str]:
    if answer.outcome == NOT_CHECKED:
        return ["brreg_not_checked"]
    if answer.outcome == NOT_FOUND or answer.unit is None:
        return ["brreg_not_found"]
    unit, flags = answer.unit, []
    if unit.deleted_on:
        flags.append("brreg_deleted")
    if unit.bankrupt:
        flags.append("brreg_bankrupt")
    if unit.liquidation or unit.forced_dissolution:
        flags.append("brreg_liquidation")
    if name and unit.name and not same_name(name, unit.name):
        flags.append("brreg_name_differs")
    registered = unit.postcodes()
    if postcodes and registered and not (postcodes & registered):
        flags.append("brreg_address_differs")
    return flags
