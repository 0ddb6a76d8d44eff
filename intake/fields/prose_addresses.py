"""Addresses stated in running prose or written as a letterhead, unlabelled.

'Vi held til i Sentrumsvegen 91, 6100 Volda', 'postadressa er Postboks 64, 3551 Gol', 'Storgata 12'
over '9008 TROMSØ': the street with its postcode and place, postal when a PO box or the words
around it say so; an old address ('flyttet fra … til …') is passed over.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from intake.fields.address import BOTH_ADDRESSES, remark_names_both
from intake.fields.candidates import PROSE_CONFIDENCE
from intake.fields.patterns import ACTS_FOR
from intake.layouts.signature import PO_BOX
from intake.layouts.zones import Line


# 'holder til i Torget 2, 8300 Svolvær', 'postadressa er Postboks 64, 3551 Gol', and a letterhead's
# 'Hafstadvegen 44 · 6800 Førde', the town set apart by a middle dot or a bar.
_ADDRESS = re.compile(r"((?:[A-ZÆØÅ][\w.'-]*|[Pp]ostboks|[Pp][Bb]\.?|P\.?\s?O\.?\s?[Bb]ox)(?:\s+[\w.'-]+){0,4}?\s+\d+\s?[A-Za-z]?"
                      r"(?:\s+[A-ZÆØÅ][\w-]+)?)(?:,|\s[-–·•|])?\s+((?:\d{4}|\d{3}\s\d{2})\s+[A-ZÆØÅ][\w-]+"
                      r"(?:\s+(?:i|på)\s+[A-ZÆØÅ][\w-]+|\s+[A-ZÆØÅ][\w-]*)?)")  # 'Mo i Rana', 'Bø i Telemark'
_POSTAL_CONTEXT = re.compile(r"(?i:post(?:adress\w*|en|boks)?\b|mailing|postal|brev)")


# '…, 1366 Lysaker, som også er postadressen': the one address is both.
_ALSO_OTHER = re.compile(r"(?:[–-]\s*)?(?i:som\s+(?:også|og|óg)\s+er|which\s+is\s+also|det\s+er\s+(?:også|og|óg))\s+"
                         r"(?:the\s+|our\s+|vår\s+)?"
                         r"(?i:post\w*|postal|mailing|besøks\w*|visiting)")


_COUNTRY_FIRST = re.compile(r"^(Norge|Noreg|Norway|Sverige|Sweden|Danmark|Denmark|Finland|Suomi|Tyskland|Germany|"
                            r"Deutschland|United Kingdom|UK)\b[\s,]*")
_LEAD_WORDS = {"vi", "me", "we", "held", "holder", "holde", "til", "i", "er", "på", "ligg", "ligger", "is", "are",
               "at", "in", "our", "located", "adressa", "adressen", "adresse", "address", "posten", "vår", "går",
               "og", "and", "the", "postadressa", "postadressen", "besøksadressa", "besøksadressen", "finn", "oss",
               "kontoret", "lokala", "lokalene", "besøksadresse", "postadresse", "vårt", "våre", "office", "visit", "us", "sitter", "sit", "driv", "fra", "frå",
               "adr", "addr", "besøksadr", "postadr", "adresse:", "adr:"}
_BOX_INSIDE = re.compile(r"\b(?:postboks|pb\.?|p\.?\s?o\.?\s?box|box)\s*\d", re.IGNORECASE)


_PLACE_THEN_STREET = re.compile(r"^[A-ZÆØÅ][\w'-]*(?:\s+[A-ZÆØÅ][\w'-]*){0,3}\s+(?:at|in)\s+(?=[A-ZÆØÅ][\w.'-]*\s+\d)")


def _street(text: str) -> str:
    """'Vi held til i Sentrumsvegen 91' -> 'Sentrumsvegen 91'; 'går til Postboks 77' -> 'Postboks 77'."""
    box = _BOX_INSIDE.search(text)
    if box:
        return text[box.start():]
    place = _PLACE_THEN_STREET.search(text)
    if place:
        text = text[place.end():]  # 'the Research Park at Gaustadalléen 21': the street after the place's name
    words = text.split()
    while len(words) > 2 and _leads_in(words):
        words.pop(0)
    return " ".join(words)


def _leads_in(words: list[str]) -> bool:
    """Is the first word part of the sentence leading to the street ('Vårt kontor ligger på …'),
    while a capitalised street name still follows? ('Kongens gate 30' keeps 'Kongens')."""
    first = words[0].strip(",.")
    if first.casefold() in _LEAD_WORDS:
        return True
    if not any(w[:1].isupper() for w in words[1:-1]):
        return False
    return first[:1].islower() or words[1][:1].islower()


# 'adressa er fjørevegen 14, 6856 sogndal', 'posten går til postboks 54, 6301 åndalsnes': written without
# capitals on a phone, an address still follows the words that announce one.
_CUED = re.compile(r"(?i:(?:(?:post|besøks|visiting\s+|postal\s+)?adress\w*|address)\s+(?:er|is|blir|vert)|"
                   r"(?:held|holder|holde|ligg|ligger|sit|sitter)\s+til\s+(?:i|på)|ligg(?:er)?\s+(?:i|på)|"
                   r"(?:posten|post)\s+(?:går|kjem|kommer|goes)\s+til|located\s+(?:at|in))\s+"
                   r"((?i:[a-zæøåäöü][\w.'-]*)(?:\s+[\w.'-]+){0,3}?\s+\d+\s?[a-zA-Z]?)"
                   r"\s*,?\s+((?:\d{4})\s+(?i:[a-zæøå][\w-]+))\b")


# 'kontor i Sluppenveien 10 i Trondheim, postnr. 7037', 'øvre årsetvegen 3 i åndalsnes (6300)': the town
# named in the sentence, its postcode after it; in 'i sentrum (9008 Tromsø)' the town is the one in brackets.
_STREET_IN_TOWN = re.compile(r"((?:[A-ZÆØÅa-zæøå][\w.'-]*)(?:\s+[\w.'-]+){0,4}?\s+\d+\s?[A-Za-z]?)\s+i\s+"
                             r"([A-ZÆØÅa-zæøå][\w-]+)\s*(?:,\s*(?i:postnr\.?|postnummer|post\s*code)\s*|\(\s*)(\d{4})\b"
                             r"(?:\s+([A-ZÆØÅ][\w-]+)\))?")


def addresses_in(text: str, number: int) -> Iterator[tuple[str, str, int, float]]:
    for m in _STREET_IN_TOWN.finditer(text):
        street = _street(m.group(1))
        key = "postal_address" if PO_BOX.match(street) else "visiting_address"
        yield key, f"{street}, {m.group(3)} {m.group(4) or m.group(2)}", number, PROSE_CONFIDENCE - 0.15
    if not _ADDRESS.search(text):
        for m in _CUED.finditer(text):
            street = m.group(1)
            before = text[max(0, m.start() - 5):m.start(1)]
            key = "postal_address" if PO_BOX.match(street) or _POSTAL_CONTEXT.search(before) else "visiting_address"
            yield key, f"{street}, {m.group(2)}", number, PROSE_CONFIDENCE - 0.15
        return
    for m in _ADDRESS.finditer(text):
        street, start = _street(m.group(1)), m.start()
        if _FROM.search(text[:m.end(1) - len(street)]) and _TO.match(text[m.end():]):
            continue  # 'flyttet fra Storgata 12, 9008 Tromsø til Havnegata 3 …': the old address
        if _OTHERS_ADDRESS.search(text[:m.end(1) - len(street)]):
            continue  # 'authorised representative for Alpinmed Dental SA, Rue des Fahys 18, …': the maker's
        before = text[max(0, start - 40):start + len(m.group(1)) - len(street)]
        key = ("postal_address" if PO_BOX.match(street) or _POSTAL_CONTEXT.search(before)
               else "visiting_address")
        # '…, 9000 Aalborg, Denmark': a country named after the town belongs to the address
        rest = text[m.end():m.end() + 80].lstrip(" ,")
        country = _COUNTRY_FIRST.match(rest)
        address = f"{street}, {m.group(2)}" + (f", {country.group(1)}" if country else "")
        yield key, address, number, PROSE_CONFIDENCE - 0.1
        after = rest[country.end():] if country else rest  # '…, Danmark (både besøg og post)'
        if (BOTH_ADDRESSES.match(after) or _ALSO_OTHER.match(after)
                or remark_names_both(re.split(r"[.;!?]", after)[0])):
            other = "visiting_address" if key == "postal_address" else "postal_address"
            yield other, address, number, PROSE_CONFIDENCE - 0.1


_FROM = re.compile(r"\b(?i:fra|frå|from)\s*$")
# The firm a representative or a distributor acts for, named just before its address.
_OTHERS_ADDRESS = re.compile(r"(?i:" + ACTS_FOR + r")\s+(?i:for|of|för|af|til)\s+"
                             r"[^.,]{2,60}(?:,\s*(?:Inc|Ltd|LLC|Co)\.?)?,\s*(?:[\w'-]+\s+){0,3}$")
_TO = re.compile(r"\s*,?\s*(?i:til|to)\s+\S")


_STREET_LINE = re.compile(r"^(?:[A-ZÆØÅ][\w.'-]*|[Pp]ostboks|[Pp]b\.?|P\.?\s?O\.?\s?[Bb]ox)(?:\s+[\w.'-]+){0,4}?\s+\d+\s?[A-Za-z]?$")
_TOWN_LINE = re.compile(r"^(?:(?:N|NO)-)?\d{4}\s+[A-ZÆØÅ][\w-]+(?:\s+(?:i|på)\s+[A-ZÆØÅ][\w-]+|\s+[A-ZÆØÅ][\w-]*)?$")


def two_line_addresses(lines: list[Line]) -> Iterator[tuple[str, str, int, float]]:
    """'Storgata 12' over '9008 TROMSØ', unlabelled in the text: an address as a letterhead writes it."""
    for line, below in zip(lines, lines[1:]):
        street, town = line.text.strip(), below.text.strip()
        if below.number == line.number + 1 and _STREET_LINE.match(street) and _TOWN_LINE.match(town):
            key = "postal_address" if PO_BOX.match(street) else "visiting_address"
            yield key, f"{street}, {town}", line.number, PROSE_CONFIDENCE - 0.15
