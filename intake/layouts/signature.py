"""Unlabelled values in a signature block: phone, e-mail, website and address, as weak fallbacks.

A signature tells us how to reach the sender, not what the registration says, so every value
read here has a low confidence and only fills a field nothing better has filled.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from intake.layouts.zones import REGISTER_MAILBOX

SIGNATURE_CONFIDENCE = 0.4

EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
URL = re.compile(r"\b(?:https?://|www\.)[^\s<>()\"']+", re.IGNORECASE)
PHONE = re.compile(r"(?<![\w+])(\+?\d[\d ().-]{6,16}\d)(?!\w)")
_MOBILE_PREFIX = re.compile(r"^\s*(?:m|mob|mobil|mobile|cell|d|dir|direkte|direct|direkt)\b\.?\s*[:.]?", re.IGNORECASE)
_PHONE_PREFIX = re.compile(r"^\s*(?:t|tel|tlf|tfn|telefon|phone|p|sentralbord|switchboard|main|hovednummer|växel|vaxel|"
                           r"butikk|butikken|"
                           r"butikktelefon|shop|store)\b\.?\s*[:.]?", re.IGNORECASE)
BARE_DOMAIN = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:no|com|se|dk|fi|de|eu|org|net|nu|is|uk|io)$",
                          re.IGNORECASE)
# A Norwegian postcode as people write it ("0150", "N-0150", "NO-0150"), and the words for a post box;
# the readers of addresses build their own patterns from these two.
POSTCODE = r"(?:(?:N|NO)-)?\d{4}"
BOX_WORD = r"(?:postboks|pb\.?|p\.?\s?o\.?\s?box|box)"
POSTCODE_TOWN = re.compile(rf"^{POSTCODE}\s+[A-ZÆØÅa-zæøå]")
# A cell or a labelled piece holding a postcode alone, Norwegian or five-digit (Swedish, German, Finnish).
POSTCODE_ONLY = re.compile(r"^(?:(?:N|NO)-)?\d{4,5}$")
_WEB_PREFIX = re.compile(r"^(?:w|web|www|nett|nettside|website|hjemmeside)\s*[:.]\s*(\S+)$", re.IGNORECASE)
_ADDRESS_PREFIX = re.compile(r"^(?:adr|adresse|address|adress|besøk|besøksadr|visit|a|head office|main office|office|hovedkontor|"
                             r"hovudkontor|kontor|huvudkontor|verkstad|verksted|verkstedet|workshop|lab|laboratoriet|"
                             r"klinikk|klinikken|butikk|butikken)\s*[:.]\s*", re.IGNORECASE)
_ORG_NUMBER = re.compile(r"\b(?:org(?:anisasjons|anisation|anization|anisations)?\.?\s*-?\s*(?:nr|no|nummer|number)?|"
                         r"foretaksnr|føretaksnr|f[oø]retaksregisteret|vat(?:\s*no)?|"
                         r"mva)\.?\s*:?\s*((?:NO\s*)?\d{3}[\s.]?\d{3}[\s.]?\d{3})(?!\d)",
                         re.IGNORECASE)
PO_BOX = re.compile(rf"^\s*{BOX_WORD}\s*\d", re.IGNORECASE)
# 'Postboks 1166': a post box's number, which is no postcode.
BOX_NUMBER = re.compile(rf"^\s*{BOX_WORD}\s*\d+", re.IGNORECASE)


_CELLS = re.compile(r"\s+[|·•]\s+")
_CHUNKS = re.compile(r"\s*[|/,;·•]\s*|\s{2,}")
_NOT_DIGIT = re.compile(r"\D")
_DIGIT = re.compile(r"\d")
# 'Hent Outlook for Android<https://aka.ms/AAb9ysg>': the mail app's advert, not the sender's site.
APP_LINK = re.compile(r"^(?:https?://)?(?:www\.)?(?:aka\.ms|go\.microsoft\.com|outlook\.com|gmail\.com|mail\.google\.com|"
                       r"apple\.com|icloud\.com|samsung\.com|bluemail\.me|superhuman\.com|sparkmailapp\.com)(?:[/:?#]|$)",
                       re.IGNORECASE)
_STREET_LIKE = re.compile(r"[A-Za-zÆØÅæøå]+.*\d")


def signature_values(lines: list[tuple[int, str]]) -> Iterator[tuple[str, str, int]]:
    """(field key, value, line number) for what a signature block shows without labels."""
    previous: tuple[int, str] | None = None
    for pos, (number, text) in enumerate(lines):
        stripped = text.strip()
        for email in EMAIL.findall(stripped):
            if not REGISTER_MAILBOX.search(email):
                yield "email", email, number
        for url in URL.findall(stripped):
            if not APP_LINK.search(url):
                yield "website", url, number
        if BARE_DOMAIN.match(stripped):
            yield "website", stripped, number  # a line that is only 'firma.no' is the company's site
        for segment in _CELLS.split(stripped):
            site = _WEB_PREFIX.match(segment)
            if site and BARE_DOMAIN.match(site.group(1)):
                yield "website", site.group(1), number  # 'E: kari@firma.no | W: firma.no'
            elif segment != stripped and BARE_DOMAIN.match(segment.strip()):
                yield "website", segment.strip(), number  # 'post@firma.no · firma.no'
        yield from _phones(stripped, number)
        for org in _ORG_NUMBER.finditer(stripped):
            yield "org_number", org.group(1), number  # 'Olsen Hjelpemidler AS | Org.nr. 912 345 688'
        before = previous
        for segment in _CELLS.split(stripped):
            address = _address(_ADDRESS_PREFIX.sub("", segment), before)
            if address:
                yield address[0], _with_country(address[1], lines[pos + 1][1] if pos + 1 < len(lines) else ""), number
            before = (number, segment)  # 'Firma AS | Storgata 1 | 0150 Oslo': the street in the cell before
        if stripped:
            previous = (number, stripped)


def _phones(text: str, number: int) -> Iterator[tuple[str, str, int]]:
    # 'Tlf. 77 00 11 22 | kari@firma.no': the numbers beside an address, never digits inside one.
    text = URL.sub(" | ", EMAIL.sub(" | ", text))
    # 'M: 912 34 567 | T: 22 33 44 55' holds two numbers with their own prefixes.
    for chunk in _CHUNKS.split(text):
        m = PHONE.search(chunk)
        if not m or len(_NOT_DIGIT.sub("", m.group(1))) < 8 or POSTCODE_TOWN.match(chunk.strip()):
            continue
        key = "contact_phone" if _MOBILE_PREFIX.match(chunk) else "phone"
        if key == "phone" and not (_PHONE_PREFIX.match(chunk) or chunk.strip() == m.group(1)):
            continue
        yield key, m.group(1), number


# A postcode and town abroad as neighbours write them: '753 18 Uppsala', 'SE-111 22 Stockholm',
# 'DK-2100 København Ø', '70565 Stuttgart', '00100 Helsinki'.
_ANY_POSTCODE_TOWN = re.compile(r"^(?:(?:N|NO|S|SE|DK|FI|D|DE)-\s?)?(?:\d{4,5}|\d{3}\s\d{2})\s+[A-ZÆØÅÄÖÜa-zæøåäöü]")


def _address(text: str, previous: tuple[int, str] | None) -> tuple[str, str] | None:
    """A 'Storgata 1, 0155 Oslo' line, or a '0155 Oslo' line under its street line."""
    parts = [p.strip() for p in text.split(",")]
    if len(parts) >= 2 and _ANY_POSTCODE_TOWN.match(parts[1]) and _DIGIT.search(parts[0]):
        return _kind(parts[0]), text
    if _ANY_POSTCODE_TOWN.match(text) and previous and _STREET_LIKE.search(previous[1]):
        if PHONE.fullmatch(previous[1]) or EMAIL.search(previous[1]):
            return None
        return _kind(previous[1]), f"{previous[1]}, {text}"
    return None


# 'Hauptstraße 5' / '78532 Tuttlingen' / 'Deutschland': the country on the line under the town.
_COUNTRY_LINE = re.compile(r"^(?:norge|noreg|norway|sverige|sweden|danmark|denmark|finland|suomi|deutschland|germany|"
                           r"tyskland|österreich|austria|schweiz|switzerland|sveits|nederland|netherlands|ireland|irland|"
                           r"united kingdom|uk|england|usa|united states)\.?$", re.IGNORECASE)


def _with_country(address: str, below: str) -> str:
    return f"{address}, {below.strip().rstrip('.')}" if _COUNTRY_LINE.match(below.strip()) else address


def _kind(street: str) -> str:
    return "postal_address" if PO_BOX.match(street) else "visiting_address"
