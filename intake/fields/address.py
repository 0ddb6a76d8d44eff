"""Postal addresses split into street, postcode, town and country, Norwegian by default.

A Norwegian address is stored as the applicant wrote it, tidied: 'Postboks 123 Sentrum, 0101 Oslo'
(no country: the register is Norwegian). A foreign address keeps its country, in English:
'Storgatan 4, 582 73 Linköping, Sweden'. Norwegian postcodes are checked against Posten's list
(intake/fields/postcodes.py); a postcode that list does not know, or whose town differs, is kept
and marked for a case officer (`parts["check"]`) rather than called wrong.
"""

from __future__ import annotations

import re

from intake.fields import postcodes as postcode_list
from intake.fields.postcodes import town_case
from intake.layouts.signature import BOX_WORD

# One address given for both: 'Storgata 1, 0150 Oslo (også postadresse)', '(både besøk og post)',
# '(same as postal)'; and labels naming both, 'Besøks- og postadresse', 'Visiting/postal address'.
_VISIT = r"(?:besøk\w*|besøg\w*|besök\w*|visit\w*|vitjing\w*|gate\w*|street)"
_POST = r"(?:post(?!boks)\w*|mailing)"
BOTH_ADDRESSES = re.compile(
    rf"\((?:[^()]*\b(?:både|begge|both|også|óg|og|and|also|same\s+as|samme\s+som|sama\s+som|lik|identical\s+to|\+)"
    rf"\s*(?:the\s+|as\s+)?(?:{_POST}|{_VISIT})|{_POST}\s*(?:og|and|/|\+|&)\s*{_VISIT}|{_VISIT}\s*(?:og|and|/|\+|&)\s*{_POST})"
    rf"[^()]*\)", re.IGNORECASE)
_AND = r"[\s-]*(?:og|and|och|/|&|\+|,)\s*"
_BOTH_LABEL = re.compile(rf"{_VISIT}{_AND}{_POST}|{_POST}{_AND}{_VISIT}", re.IGNORECASE)
_CONDITION = re.compile(r"\b(?:hvis|viss|dersom|om\s+den|if|ulik|annen|anna|different|other|forskjellig|unless)\b",
                        re.IGNORECASE)


# A remark that the one address is both, in any words: '(same postadresse)', '(samme for post)',
# '- dette er både besøks- og postadresse', ', post også samme adresse'; not '(ikke postadresse)'.
_SAME = r"\b(?:både|begge|both|også|ogsa|óg|även|also|too|same|samme|sama|samma|lik|identical)\b"
_NOT = r"\b(?:ikke|ikkje|inte|not|ulik\w*|annen|anna|annan|different|other|forskjellig|hvis|viss|dersom|if|unless)\b"
_REMARK = re.compile(rf"^\s*(?:\(\s*)?(?!.*{_NOT})(?=.*{_SAME})(?=.*(?:{_POST}|{_VISIT}))[^\d()]{{3,70}}?\)?[\s.!]*$",
                     re.IGNORECASE)
# The town after a postcode, then the remark: 'Vangsvegen 73, 2317 Hamar - dette er …'.
_TOWN_THEN_REST = re.compile(r"\b(?:\d{3}\s\d{2}|\d{4,5})\s+[A-ZÆØÅÄÖ][\w-]*(?:\s+(?:i|på|[A-ZÆØÅÄÖ][\w-]*))*"
                             r"(?:,\s*(?:Norge|Noreg|Norway|Sverige|Sweden|Danmark|Denmark))?(?=\s*(?:\s[-–—]|[,.;:(]))")


def remark_names_both(remark: str) -> bool:
    """'(same postadresse)', 'dette er både besøks- og postadresse': the address is both."""
    return bool(_REMARK.match(remark.strip(" ,;:-–—")) or BOTH_ADDRESSES.fullmatch(remark.strip(" ,;:-–—.")))


def one_address_for_both(value: str) -> str | None:
    """The address without a remark saying it is both visiting and postal address; None when no remark does."""
    if BOTH_ADDRESSES.search(value):
        return BOTH_ADDRESSES.sub("", value).strip(" ,;.")
    for m in _TOWN_THEN_REST.finditer(value):
        if remark_names_both(value[m.end():]):
            return value[:m.end()].strip(" ,;.")
    return None


def names_both_addresses(label: str) -> bool:
    """'Besøks- og postadresse', 'Adresse (besøk/post)'; not 'Postadresse (hvis ulik besøksadresse)'."""
    return len(label) <= 60 and bool(_BOTH_LABEL.search(label)) and not _CONDITION.search(label)


_COUNTRIES = {
    "Norway": ("norge", "noreg", "norway", "no", "n"),
    "Sweden": ("sverige", "sweden", "se", "s"),
    "Denmark": ("danmark", "denmark", "dk"),
    "Finland": ("finland", "suomi", "fi", "fin"),
    "Germany": ("tyskland", "germany", "deutschland", "de", "d"),
    "Austria": ("østerrike", "austria", "österreich", "osterreich", "at", "a"),
    "Switzerland": ("sveits", "switzerland", "schweiz", "suisse", "ch"),
    "Netherlands": ("nederland", "netherlands", "the netherlands", "holland", "nl"),
    "Belgium": ("belgia", "belgium", "belgië", "belgique", "be"),
    "France": ("frankrike", "france", "fr"),
    "Italy": ("italia", "italy", "it"),
    "Spain": ("spania", "spain", "españa", "es"),
    "Poland": ("polen", "poland", "polska", "pl"),
    "Estonia": ("estland", "estonia", "eesti", "ee"),
    "Latvia": ("latvia", "latvija", "lv"),
    "Lithuania": ("litauen", "lithuania", "lietuva", "lt"),
    "Iceland": ("island", "iceland", "ísland"),
    "Ireland": ("irland", "ireland", "ie"),
    "United Kingdom": ("storbritannia", "united kingdom", "uk", "england", "great britain", "gb", "scotland"),
    "Czech Republic": ("tsjekkia", "czech republic", "czechia"),
    "United States": ("usa", "united states", "us", "u.s.a"),
    "China": ("kina", "china", "p.r. china", "pr china", "people's republic of china"),
    "South Korea": ("sør-korea", "south korea", "korea", "republic of korea"),
    "Japan": ("japan",),
    "Israel": ("israel",),
    "Portugal": ("portugal", "pt"),
}
# The telephone region of each country, for numbers written without a country code.
REGIONS = {"Norway": "NO", "Sweden": "SE", "Denmark": "DK", "Finland": "FI", "Germany": "DE", "Austria": "AT",
           "Switzerland": "CH", "Netherlands": "NL", "Belgium": "BE", "France": "FR", "Italy": "IT", "Spain": "ES",
           "Poland": "PL", "Estonia": "EE", "Latvia": "LV", "Lithuania": "LT", "Iceland": "IS", "Ireland": "IE",
           "United Kingdom": "GB", "Czech Republic": "CZ", "United States": "US", "China": "CN",
           "South Korea": "KR", "Japan": "JP", "Israel": "IL", "Portugal": "PT"}
_COUNTRY_NAMES = {alias: country for country, aliases in _COUNTRIES.items() for alias in aliases}
# Postcode, then town; the prefix ('N-', 'SE-', 'DK-') may name the country.
_POSTCODE_TOWN = re.compile(
    r"^(?:(?P<prefix>[A-Z]{1,2})[-‐ ]?)?(?P<postcode>\d{3}\s?\d{2}|\d{2}-\d{3}|\d{4}\s?[A-Z]{2}(?=\s)|\d{4,5})"
    r"\s+(?P<town>[^\d,]*[^\d\s,.][^\d,]*?)\.?$")
# British and Irish postcodes follow the town.
# 'Cambridge CB1 2JH' (UK), 'Cork T12 X2P4' (an Irish Eircode): the town before its postcode.
_TOWN_UK = re.compile(r"^(?P<town>[A-Za-z][A-Za-z .'-]*?)\s+(?P<postcode>[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}|"
                      r"[AC-FHKNPRTV-Y]\d{2}\s?[AC-FHKNPRTV-Y\d]{4}|D6W\s?[AC-FHKNPRTV-Y\d]{4})$")
_PO_BOX = re.compile(r"^\s*(?:postboks|postboksadresse|p\.?\s?b\.?|pboks|post\s?boks|p\.?\s?o\.?\s?box|box|postbox|pl|apartado)\s*\d",
                     re.IGNORECASE)


# 'Pb. 2016', 'P.O. Box 514', 'PO Box 302 Skøyen' in Norway: Posten writes 'Postboks'.
_NO_PO_BOX = re.compile(r"^(?:p\.?\s?b\.?|p\.?\s?o\.?\s?box|post\s?box|postbox|post\s?boks|pboks|boks|box)\s*(?=\d)",
                        re.IGNORECASE)


_PIECES = re.compile(r"\s*[,\n;]\s*")
_FOUR_DIGITS = re.compile(r"\d{4}")
_SWEDISH_POSTCODE = re.compile(r"\d{3} \d{2}")
_BOX_ALONE = re.compile(rf"^\s*{BOX_WORD}\s*$", re.IGNORECASE)
_STREET_THEN_POSTCODE = re.compile(r"^(.*?[A-Za-zÆØÅæøå].*?)\s+"
                                   r"((?:[A-Z]{1,2}-)?(?:\d{3}\s\d{2}|\d{2}-\d{3}|\d{4,5})\s+[^\d]+)$")


def split_address(text: str) -> tuple[dict[str, str] | None, str | None]:
    """(parts, None) with street/postcode/town/country, or (None, reason code) when it cannot be read."""
    pieces = [p.strip(" .-–—") for p in _PIECES.split(text) if p.strip(" .-–—")]
    if not any(_postcode_piece(p) for p in pieces):
        pieces = [q for p in pieces for q in _street_and_postcode(p)]
    country = None
    if pieces and _country(pieces[-1]):
        country = _country(pieces.pop())
    for i in range(len(pieces) - 1, -1, -1):
        found = _postcode_piece(pieces[i])
        if found is None:
            continue
        prefix, postcode, town, town_first = found
        street = ", ".join(pieces[:i])
        if not street:
            return None, "address.street_missing"
        country = country or _country(prefix or "") or _by_shape(postcode, town)
        if country is None:
            return None, "address.country_missing"
        if country == "Norway" and not _FOUR_DIGITS.fullmatch(postcode):
            return None, "address.postcode"
        parts = {"street": _tidy(street), "postcode": postcode, "town": _tidy(town), "country": country}
        if country == "Norway":
            parts["street"] = _NO_PO_BOX.sub("Postboks ", parts["street"])
        if town_first:
            parts["town_first"] = "yes"
        if country == "Norway":
            parts.update(_checked(postcode, parts["town"]))
        return parts, None
    if pieces and _FOUR_DIGITS.fullmatch(pieces[-1]):
        return None, "address.town_missing"
    return None, "address.postcode_missing"


def _postcode_piece(piece: str) -> tuple[str | None, str, str, bool] | None:
    m = _POSTCODE_TOWN.match(piece)
    if m:
        return m.group("prefix"), " ".join(m.group("postcode").split()) if "-" not in m.group("postcode") \
            else m.group("postcode"), m.group("town"), False
    m = _TOWN_UK.match(piece)
    if m:
        return None, m.group("postcode"), m.group("town"), True
    return None


def _by_shape(postcode: str, town: str) -> str | None:
    """A bare 4-digit postcode is Norwegian (the register is); other shapes need their country."""
    if _FOUR_DIGITS.fullmatch(postcode):
        return "Norway"
    return "Sweden" if _SWEDISH_POSTCODE.fullmatch(postcode) else None


def _checked(postcode: str, town: str) -> dict[str, str]:
    """Posten's spelling of the town when the applicant wrote it in capitals; a mismatch is noted."""
    if not postcode_list.postcodes():
        return {}  # no list installed: nothing to check against
    official = postcode_list.town_for(postcode)
    if official is None:
        return {"check": "postcode_unknown"}
    if town.casefold().replace(" ", "") != official.casefold().replace(" ", ""):
        return {"check": "town_differs", "official_town": town_case(official)}
    return {}


def _country(text: str) -> str | None:
    return _COUNTRY_NAMES.get(text.strip(" .").casefold())


def _street_and_postcode(piece: str) -> list[str]:
    """'Storgata 1 0155 Oslo' written without a comma: two pieces."""
    if _postcode_piece(piece):
        return [piece]
    m = _STREET_THEN_POSTCODE.match(piece)
    if m and _BOX_ALONE.match(m.group(1)):
        return [piece]  # 'Postboks 4410 Nydalen': the box's number and its post office, no postcode given
    return [m.group(1).rstrip(" -–—"), m.group(2)] if m else [piece]


def display(parts: dict[str, str]) -> str:
    """The stored address: a Norwegian one without its country, a foreign one with it."""
    place = (f"{parts['town']} {parts['postcode']}" if parts.get("town_first")
             else f"{parts['postcode']} {parts['town']}")
    text = f"{parts['street']}, {place}"
    return text if parts["country"] == "Norway" else f"{text}, {parts['country']}"


def is_po_box(street: str) -> bool:
    return bool(_PO_BOX.match(street))


def _tidy(text: str) -> str:
    """Collapse spaces; 'OSLO' written in Posten's capitals becomes 'Oslo', and 'fjørevegen 14' typed
    without capitals on a phone 'Fjørevegen 14' (a name begins with one)."""
    text = " ".join(text.split())
    if text.islower():
        return text[:1].upper() + text[1:]
    return town_case(text) if text.isupper() and len(text) > 3 else text
