"""Postal addresses split into street, postcode, town and country, Norwegian by default."""

from __future__ import annotations

import re

_COUNTRIES = {
    "norge": "Norway", "noreg": "Norway", "norway": "Norway", "no": "Norway",
    "sverige": "Sweden", "sweden": "Sweden", "danmark": "Denmark", "denmark": "Denmark",
    "finland": "Finland", "suomi": "Finland", "tyskland": "Germany", "germany": "Germany",
    "deutschland": "Germany", "nederland": "Netherlands", "netherlands": "Netherlands",
    "the netherlands": "Netherlands", "storbritannia": "United Kingdom", "united kingdom": "United Kingdom",
    "uk": "United Kingdom", "frankrike": "France", "france": "France", "island": "Iceland", "iceland": "Iceland",
}
_POSTCODE_TOWN = re.compile(r"^(?:(?P<prefix>[A-Z]{1,2})-)?(?P<postcode>\d{4,5})\s+(?P<town>[^\d,]+?)\.?$")
_PO_BOX = re.compile(r"^\s*(?:postboks|pb\.?|p\.?\s?o\.?\s?box|box)\s*\d", re.IGNORECASE)


def split_address(text: str) -> tuple[dict[str, str] | None, str | None]:
    """(parts, None) with street/postcode/town/country, or (None, reason code) when it cannot be read."""
    pieces = [p.strip(" .") for p in re.split(r"\s*[,\n;]\s*", text) if p.strip(" .")]
    pieces = [q for p in pieces for q in _street_and_postcode(p)]
    country = None
    if pieces and pieces[-1].casefold() in _COUNTRIES:
        country = _COUNTRIES[pieces.pop().casefold()]
    for i in range(len(pieces) - 1, -1, -1):
        m = _POSTCODE_TOWN.match(pieces[i])
        if m:
            street = ", ".join(pieces[:i])
            if not street:
                return None, "address.street_missing"
            postcode, town = m.group("postcode"), _tidy(m.group("town"))
            if m.group("prefix") in ("N", "NO") or (country is None and len(postcode) == 4):
                country = country or "Norway"
            if country == "Norway" and len(postcode) != 4:
                return None, "address.postcode"
            if country is None:
                return None, "address.country_missing"
            return {"street": _tidy(street), "postcode": postcode, "town": town, "country": country}, None
    if pieces and re.fullmatch(r"\d{4}", pieces[-1]):
        return None, "address.town_missing"
    return None, "address.postcode_missing"


def _street_and_postcode(piece: str) -> list[str]:
    """'Storgata 1 0155 Oslo' written without a comma: two pieces."""
    m = re.match(r"^(.*?[A-Za-zÆØÅæøå].*?)\s+((?:[A-Z]{1,2}-)?\d{4,5}\s+[^\d]+)$", piece)
    return [m.group(1), m.group(2)] if m and not _POSTCODE_TOWN.match(piece) else [piece]


def display(parts: dict[str, str]) -> str:
    return f"{parts['street']}, {parts['postcode']} {parts['town']}, {parts['country']}"


def is_po_box(street: str) -> bool:
    return bool(_PO_BOX.match(street))


def _tidy(text: str) -> str:
    """Collapse spaces; 'OSLO' written in Posten's capitals becomes 'Oslo'."""
    text = " ".join(text.split())
    return text.title() if text.isupper() and len(text) > 3 else text
