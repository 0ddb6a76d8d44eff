"""The represented maker's block beside the representative's, in a representative's registration.

'1. Manufacturer' over the maker's name, address and numbers, then '2. Authorized Representative
(applicant for this registration)' over the applicant's; or a table with a column per firm, read as
'Felt: Produsent (Japan)' … 'Felt: Autorisert representant (søker)'. Only the representative
registers: where both blocks stand in one text, the maker's values are its own, not the applicant's.
"""

from __future__ import annotations

import re
from functools import lru_cache

from intake.fields.candidates import Candidate
from intake.layouts.zones import Line

# A heading, alone on its line, perhaps numbered or after a table's caption word ('Felt:', 'Opplysning:').
_LEAD = r"^\W*(?:\d{1,2}[.)]\s*)?(?:(?i:felt|opplysning|field|item|fält|feld)\s*:\s*)?"
_MAKER = re.compile(_LEAD + r"(?i:the\s+|legal\s+|den\s+)?(?i:manufacturer|produsent(?:en)?|tilvirker|hersteller|"
                    r"tillverkare(?:n)?|fabrikant(?:en)?|producent(?:en)?|maker)\b[^:]{0,60}:?\s*$")
_REPRESENTATIVE = re.compile(_LEAD + r"(?:[\w-]+\s+){0,2}?(?i:authori[sz]ed\s+rep\w*|autori[sz]ert\s+representant|"
                             r"auktoriserad\s+representant|autoriseret\s+repræsentant|bemyndiget\s+repræsentant|eu[\s-]*rep\w*|ec[\s-]*rep\w*|fullmektig\w*|representant\w*|representative|"
                             r"bevollmächtigte\w*|applicant|søker|søkjar)\b[^:]{0,60}:?\s*$")
_APPLICANT = re.compile(r"(?i:applicant|søker|søkjar|sökande|antragsteller)")
_DEMOTED = 0.5  # below the representative's own values stated alike, above nothing they give


def maker_beside_representative(candidates: list[Candidate], lines: list[Line]) -> list[Candidate]:
    """The candidates, those read inside the represented maker's block (or on a line naming it) lowered."""
    maker = _maker_lines(lines) | _represented_maker_lines(candidates, lines)
    if not maker:
        return candidates
    return [Candidate(c.key, c.value, c.line, c.confidence - _DEMOTED) if c.line in maker else c for c in candidates]


# 'autorisert representant for Thornbury Medical Ltd (UK)', 'authorised representative of Kestrel Inc.'
_REPRESENTS = re.compile(r"(?i:representant\w*|representative)\s+(?i:for|of|av|für)\s+"
                         r"([A-ZÆØÅ][\w&'-]*(?:\s+[A-ZÆØÅ0-9][\w&.'-]*){0,5})")


def _represented_maker_lines(candidates: list[Candidate], lines: list[Line]) -> set[int]:
    """'Produsent: Thornbury Medical Ltd, Unit 4 …, +44 …' in a mail that says it represents Thornbury Medical
    Ltd: that line's values are the maker's, not the applicant's."""
    represented = [m.group(1).casefold() for ln in lines for m in _REPRESENTS.finditer(ln.text)]
    if not represented:
        return set()
    return {c.line for c in candidates if c.key == "manufacturer_name" and c.value
            and any(c.value.casefold().startswith(name) for name in represented)}


def _maker_lines(lines: list[Line]) -> set[int]:
    """Numbers of the lines under a maker's heading, when a representative's heading stands in the same text."""
    headings = [(ln.number, role_heading(ln.text)) for ln in lines if len(ln.text) <= 100 and role_heading(ln.text)]
    if not {"maker", "representative"} <= {kind for _, kind in headings}:
        return set()
    text = {ln.number: ln.text for ln in lines}
    out: set[int] = set()
    for start, kind in headings:
        if kind != "maker":
            continue
        # The block runs to the next heading or the first blank line under its own lines; the heading's own
        # line counts ('Produsent:' reads the name under it as its value).
        out.add(start)
        number = start + 1
        while number in text and not role_heading(text[number]) and (text[number].strip() or number == start + 1):
            out.add(number)
            number += 1
    return out


@lru_cache(maxsize=4_096)  # asked of every line by the labelled reader and by the block finder
def role_heading(text: str) -> str | None:
    """'maker' or 'representative' for a heading naming that firm's block, else None."""
    if _MAKER.match(text) and not _APPLICANT.search(text):
        return "maker"
    return "representative" if _REPRESENTATIVE.match(text) else None
