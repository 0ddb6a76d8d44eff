"""Values stated in running prose ('Vi er produsent av medisinsk utstyr, org.nr. 912 345 678')."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from intake.fields.address import BOTH_ADDRESSES
from intake.fields.catalogue import spec
from intake.layouts.signature import BARE_DOMAIN, EMAIL, PO_BOX, URL
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
    r"(?:(?i:kontaktperson(?:en)?|contact person|kontakt)(?:\s+(?i:vår|vårt|our|hos oss))?\s+(?i:er|is|blir|will be|vert|är|bliver)\s+|"
    r"(?i:kontaktperson|contact person)\s+(?=[A-ZÆØÅ]))"
    r"(?:(?i:meg|me|eg|jeg|jag|mig|myself|undertegnede|underteikna)(?:\s+(?i:selv|sjølv|själv))?\s*[,:–-]\s*)?"
    r"([A-ZÆØÅ][\w.'-]+(?:\s+[A-ZÆØÅ][\w.'-]+){1,3})"
)
# 'Kontaktperson er meg, Ingrid Sæther, direkte nummer 472 28 190': a number right after the name is hers.
_AFTER_NAME = re.compile(r"^\s*[,(]?\s*(?:[a-zæøå][\w .-]{0,30}?,\s*)?(?:(?i:på|on|at|paa)\s+)?(?:(?i:mobil\w*|mob|tlf|telefon|tel|phone|mobile|cell|direkte|direct)\.?"
                         r"(?:\s*(?i:nr|nummer|number|tlf|telefon)\.?)?\s*:?\s*)?(\+?\d[\d ]{6,14}\d)")
_COMPANY = re.compile(r"\b(?i:vi i|vi er|vi är|me i|we at|we are|firmaet|selskapet)\s+([A-ZÆØÅ][\w&.'-]*(?:\s+[\w&.'-]+){0,5}?"
                      r"\s(?:AS|ASA|AB|ANS|DA|SA|GmbH|Ltd|Oy|A/S|ApS|BV|NUF))\b")
_WE = re.compile(r"\b(?:vi|we|me|our|vår|vårt|firmaet|selskapet|bedrifta|bedriften|verksemda|virksomheten)\b",
                 re.IGNORECASE)
_REGISTER_NAME = re.compile(r"regist(?:er|eret|ry)\s+(?:for|of)\s+medi", re.IGNORECASE)


# Any nine digits with a valid mod-11 check are an org number by their type (a Norwegian phone has 8).
_NINE = re.compile(r"(?<![\d+])(?:NO\s?)?(\d{3}[\s.]?\d{3}[\s.]?\d{3})(?:\s?MVA)?(?![\d])")
_CALL_ME = re.compile(r"(?:(?i:kontakt|ring|reach|call|contact|nå)\s+(?i:meg|me|oss|us|mig)|"
                      r"(?i:kan\s+|can\s+be\s+)(?i:nåast|nåes|nås|nås|reached|kontaktast|kontaktes|treffast|treffes))"
                      r"\s+(?i:på|on|at|via|paa)\s+"
                      r"(?i:mobil\w*\s+|telefon\s+|tlf\.?\s+)?(\+?\d[\d ]{6,14}\d)")
_MY_NUMBER = re.compile(r"(?<!\w)(?:(?i:mobil\w*|telefon\w*|nummeret)\s+(?i:mitt|mine|min|mi)|"
                        r"(?i:mobil\w*|telefon\w*)\s+(?i:til|for|åt|to|of)\s+(?i:kontaktperson\w*|the contact person|"
                        r"contact person|meg|me)|"
                        r"(?i:my|mitt|min)\s+(?i:mobile|phone|cell|mobilnummer|nummer|telefonnummer)(?:\s+(?i:number))?)"
                        r"\s*(?i:er|is|:)\s+(\+?\d[\d ]{6,14}\d)")
# A company by its legal form: 'Nordland Sko og Ortopedi AS', 'Fyrisån Diagnostics AB'.
_LEGAL = re.compile(r"(?<!\w)(AS|ASA|AB|ApS|A/S|Oy|Oyj|GmbH|Ltd|Limited|BV|B\.V\.|SA|AG|Inc|ENK|NUF)(?!\w)")
_CONNECTORS = {"og", "&", "and", "i", "of", "for", "und", "och", "der", "-"}
_NOT_NAME = {"vi", "we", "me", "hei", "hej", "hi", "hello", "registrering", "registration", "re", "sv", "fw", "fwd",
             "firmaet", "selskapet", "bedriften", "for", "som", "our", "dear", "til", "fra", "frå", "from", "to",
             "om", "av", "ny", "new", "endring", "change", "update", "oppdatering", "vår", "vårt", "the", "mvh",
             "gjelder", "ref", "angående", "vedr", "registrere", "register", "i", "på", "det", "den", "dette"}
_ORG_CONTEXT = re.compile(r"(?i:org|foretak|føretak|organis|company|reg)")


def _companies(text: str) -> Iterator[str]:
    for m in _LEGAL.finditer(text):
        words = text[:m.start()].split()[-6:]
        name: list[str] = []
        for word in reversed(words):
            bare = word.strip(",.;:()«»\"'")
            if bare != word.lstrip("(«\"'").rstrip(".") and word != words[-1] and not word.endswith("."):
                break
            if bare and (bare[0].isupper() or bare[0].isdigit() or bare.casefold() in _CONNECTORS):
                name.insert(0, bare)
                if word != bare and word.startswith(("(", "«", '"')):
                    break
            else:
                break
        while name and (name[0].casefold() in _NOT_NAME or name[0].casefold() in _CONNECTORS):
            name.pop(0)
        if name:
            yield " ".join(name + [m.group(1)])


# 'holder til i Torget 2, 8300 Svolvær', 'postadressa er Postboks 64, 3551 Gol'.
_ADDRESS = re.compile(r"((?:[A-ZÆØÅ][\w.'-]*|[Pp]ostboks|P\.?\s?O\.?\s?[Bb]ox)(?:\s+[\w.'-]+){0,4}?\s+\d+\s?[A-Za-z]?"
                      r"(?:\s+[A-ZÆØÅ][\w-]+)?)(?:,|\s[-–])?\s+(\d{4}\s+[A-ZÆØÅ][\w-]+(?:\s+[A-ZÆØÅ][\w-]*)?)")
_POSTAL_CONTEXT = re.compile(r"(?i:post(?:adress\w*|en|boks)?\b|mailing|postal|brev)")
_SWITCHBOARD = re.compile(r"(?i:sentralbord\w*|switchboard|växel|vaxel|omstilling|hovednummer\w*|hovudnummer\w*|main (?:phone|number)|"
                          r"firmatelefon|telefonnummer\w*|vårt nummer|our (?:phone|number)|"
                          r"telefon(?:en)? til (?:kontoret|firmaet|bedrifta|bedriften|verksemda|virksomheten))"
                          r"\D{0,30}?(\+?\d[\d ]{6,14}\d)")
_FAX = re.compile(r"(?<!\w)(?i:telefaks|faks|fax)\.?(?:nr\.?|nummer)?\s*:?\s*(\+?\d[\d ]{6,14}\d)")
_SAME_POSTAL = re.compile(r"(?i:(?:same|samme|sama) (?:adresse|adressa|address) (?:som|as|for) post\w*|"
                          r"post\w*\s+(?:skickas|sendes|send(?:ast)?|goes|is sent|går)\s+(?:til|till|to)\s+(?:den\s+|the\s+)?"
                          r"(?:same|samme|samma|sama)\s+(?:adresse|adressa|adress|address)|"
                          r"post\w* (?:er|is) (?:den |the )?(?:same|samme)|both visiting and postal|"
                          r"både besøks?- og postadresse)")
_I_AM_CONTACT = re.compile(r"(?:\b(?i:jeg|eg|I)),?\s+([A-ZÆØÅ][\w'-]+(?:\s+[A-ZÆØÅ][\w'-]+){1,3}),?\s+"
                           r"(?i:som\s+|who\s+)?(?i:blir|er|vert|will be|am|is|skal være)\s+(?:\w+\s+)?(?i:kontaktperson|contact)")
_SITE = re.compile(r"(?i:nettside\w*|hjemmeside\w*|heimeside\w*|website|webside|nettstad\w*|webbplats)\s+"
                   r"(?:(?:\w+\s+){0,2}?(?i:er|is|:|finn\w*\s+på|på)\s+)?((?:https?://)?[\w-]+(?:\.[\w-]+)+(?:/\S*)?)")
# '…, 1366 Lysaker, som også er postadressen': the one address is both.
_ALSO_OTHER = re.compile(r"(?i:som\s+(?:også|og|óg)\s+er|which\s+is\s+also)\s+(?:the\s+|our\s+|vår\s+)?"
                         r"(?i:post\w*|postal|mailing|besøks\w*|visiting)")


# 'I am the contact person (Erik Haugen, +47 917 55 032)'; 'Kontakt Jens Kjær på 917 28 044'.
_I_AM_THE_CONTACT = re.compile(r"(?i:i am|i'm|jeg er|eg er|jag är|jeg blir|eg blir)\s+(?:the\s+)?"
                               r"(?i:contact person|contact|kontaktperson(?:en)?|kontaktperson)\s*[(,:–-]\s*"
                               r"([A-ZÆØÅ][\w.'-]+(?:\s+[A-ZÆØÅ][\w.'-]+){1,3})")
_CONTACT_AT = re.compile(r"(?i:kontakt|contact|ring|call)\s+([A-ZÆØÅ][\w'-]+(?:\s+[A-ZÆØÅ][\w'-]+){1,2})"
                         r"(?=\s+(?i:på|on|at|paa)\s+(?:(?i:mobil\w*|tlf\.?|telefon)\s+)?\+?\d)")
_THIS_MAIL = re.compile(r"(?:(?i:e-?post|e-?mail|email)\b[^.@\n]{0,40}?|(?i:use|bruk|bruke|på|on|at|via)\s+)"
                        r"\b(?i:denne|denna|dette|this|den här)\s+"
                        r"(?i:adressen|adressa|adresse|adress|address|e-?post\w*|e-?mail\w*)\b")


_LEAD_WORDS = {"vi", "me", "we", "held", "holder", "holde", "til", "i", "er", "på", "ligg", "ligger", "is", "are",
               "at", "in", "our", "located", "adressa", "adressen", "adresse", "address", "posten", "vår", "går",
               "og", "and", "the", "postadressa", "postadressen", "besøksadressa", "besøksadressen", "finn", "oss",
               "kontoret", "lokala", "lokalene", "besøksadresse", "postadresse", "vårt", "våre", "office", "visit", "us", "sitter", "sit", "driv", "fra", "frå"}
_BOX_INSIDE = re.compile(r"\b(?:postboks|pb\.?|p\.?\s?o\.?\s?box|box)\s*\d", re.IGNORECASE)


def _street(text: str) -> str:
    """'Vi held til i Sentrumsvegen 91' -> 'Sentrumsvegen 91'; 'går til Postboks 77' -> 'Postboks 77'."""
    box = _BOX_INSIDE.search(text)
    if box:
        return text[box.start():]
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


def _addresses(text: str, number: int) -> Iterator[tuple[str, str, int, float]]:
    for m in _ADDRESS.finditer(text):
        street, start = _street(m.group(1)), m.start()
        if _FROM.search(text[:m.end(1) - len(street)]) and _TO.match(text[m.end():]):
            continue  # 'flyttet fra Storgata 12, 9008 Tromsø til Havnegata 3 …': the old address
        before = text[max(0, start - 30):start + len(m.group(1)) - len(street)]
        key = ("postal_address" if PO_BOX.match(street) or _POSTAL_CONTEXT.search(before)
               else "visiting_address")
        yield key, f"{street}, {m.group(2)}", number, PROSE_CONFIDENCE - 0.1
        after = text[m.end():m.end() + 80].lstrip(" ,")
        if BOTH_ADDRESSES.match(after) or _ALSO_OTHER.match(after):
            other = "visiting_address" if key == "postal_address" else "postal_address"
            yield other, f"{street}, {m.group(2)}", number, PROSE_CONFIDENCE - 0.1


_NAMED_BY_NUMBER = re.compile(r"(?<![\w.])([A-ZÆØÅ][\w&'-]+(?:\s+(?:[A-ZÆØÅ&][\w&'-]*|og|and|i)){1,4})\s*[,(]\s*"
                              r"(?i:org(?:anisasjons)?\.?\s*-?\s*(?:nr|no|nummer)\.?)\s*:?\s*\d")
_RENAMED = re.compile(r"(?i:navn\w*|namn\w*|name)\b[^.\n]{0,60}?\s(?i:til|to|blir|becomes)\s+"
                      r"([A-ZÆØÅ][^.,;()\n]{1,60}?\s(?:AS|ASA|AB|ApS|A/S|GmbH|Ltd|NUF|Oy|BV|AG|SA)\b)")
_FROM = re.compile(r"\b(?i:fra|frå|from)\s*$")
_TO = re.compile(r"\s*,?\s*(?i:til|to)\s+\S")
# 'the old number 77 00 11 22 is replaced by 77 99 88 00', 'nummeret endres til 77 99 88 00'.
_REPLACED_BY = re.compile(r"(?i:telefon|phone|nummer|number|sentralbord|switchboard)\w*\b[^.\n]{0,60}?"
                          r"(?i:replaced by|erstattes av|erstatta av|byttes ut med|endres til|endret til|changed to|"
                          r"er no|er nå|is now)\s+(\+?\d[\d ]{6,14}\d)")
_FROM_TO = re.compile(r"^\s*(?i:to|til|→|->)\s+(\+?\d[\d ]{6,14}\d)")


def _changed_to(text: str, m: re.Match[str]) -> str:
    """'has changed from +47 75 50 20 00 to +47 75 11 80 00': the number it changed to."""
    after = _FROM_TO.match(text[m.end(1):])
    return after.group(1) if after and re.search(r"(?i:from|fra|frå)\s*$", text[:m.start(1)]) else m.group(1)


def subject_values(subject: str) -> Iterator[tuple[str, str, int, float]]:
    """'Registrering Kystlys AS': the company a subject names, a weak fallback."""
    for m in _ORG.finditer(subject):  # 'Change of phone number - Bodø Bionics AS (org. no. 871 721 661)'
        yield "org_number", m.group(1), 0, PROSE_CONFIDENCE - 0.1
        break
    for name in _companies(subject):
        yield "manufacturer_name", name, 0, PROSE_CONFIDENCE - 0.2
        return


_STREET_LINE = re.compile(r"^(?:[A-ZÆØÅ][\w.'-]*|[Pp]ostboks|[Pp]b\.?|P\.?\s?O\.?\s?[Bb]ox)(?:\s+[\w.'-]+){0,4}?\s+\d+\s?[A-Za-z]?$")
_TOWN_LINE = re.compile(r"^(?:(?:N|NO)-)?\d{4}\s+[A-ZÆØÅ][\w-]+(?:\s+[A-ZÆØÅ][\w-]*)?$")


def _two_line_addresses(lines: list[Line]) -> Iterator[tuple[str, str, int, float]]:
    """'Storgata 12' over '9008 TROMSØ', unlabelled in the text: an address as a letterhead writes it."""
    for line, below in zip(lines, lines[1:]):
        street, town = line.text.strip(), below.text.strip()
        if below.number == line.number + 1 and _STREET_LINE.match(street) and _TOWN_LINE.match(town):
            key = "postal_address" if PO_BOX.match(street) else "visiting_address"
            yield key, f"{street}, {town}", line.number, PROSE_CONFIDENCE - 0.15


def prose_values(lines: list[Line]) -> Iterator[tuple[str, str, int, float]]:
    """(key, value, line, confidence) for facts stated in sentences rather than as labels."""
    first_company = True
    yield from _two_line_addresses(lines)
    for line in lines:
        text = line.text
        for m in _ORG.finditer(text):
            yield "org_number", m.group(1), line.number, PROSE_CONFIDENCE
        for m in _NINE.finditer(text):
            if _mod11(m.group(1)):
                before = text[max(0, m.start() - 25):m.start()]
                confidence = PROSE_CONFIDENCE - (0.05 if _ORG_CONTEXT.search(before) else 0.15)
                yield "org_number", m.group(1), line.number, confidence
        renamed = _RENAMED.search(text)
        if renamed:
            # 'firmanavnet er endret fra Bergen Bandasje AS til BB Medical AS': the new name.
            for name in _companies(renamed.group(1)):
                yield "manufacturer_name", name, line.number, PROSE_CONFIDENCE
                break
        if first_company:
            for name in _companies(text):
                yield "manufacturer_name", name, line.number, PROSE_CONFIDENCE - 0.15
                first_company = False
                break
        if first_company:
            m = _NAMED_BY_NUMBER.search(text)
            if m and m.group(1).split()[0].casefold() not in _NOT_NAME:
                # 'Aasen Tannteknikk, org.nr. 980 083 748': a sole proprietorship has no legal form to find it by.
                yield "manufacturer_name", m.group(1), line.number, PROSE_CONFIDENCE - 0.2
        m = _CALL_ME.search(text) or _MY_NUMBER.search(text)
        if m:
            # 'ring meg på' is the contact's number; 'ring oss på' the company's.
            us = re.search(r"\b(?:oss|us)\b", m.group(0), re.IGNORECASE)
            yield "phone" if us else "contact_phone", m.group(1), line.number, PROSE_CONFIDENCE - 0.05
        yield from _addresses(text, line.number)
        m = _REPLACED_BY.search(text)
        if m and not re.search(r"(?i:mobil|kontakt|contact)", m.group(0)):
            yield "phone", m.group(1), line.number, PROSE_CONFIDENCE
        m = _SWITCHBOARD.search(text)
        if m:
            yield "phone", _changed_to(text, m), line.number, PROSE_CONFIDENCE - 0.05
        m = _FAX.search(text)
        if m:
            yield "fax", m.group(1), line.number, PROSE_CONFIDENCE - 0.1
        if _SAME_POSTAL.search(text):
            yield "postal_address", "samme som besøksadresse", line.number, PROSE_CONFIDENCE - 0.15
        m = _I_AM_CONTACT.search(text)
        if m:
            yield "contact_person", m.group(1), line.number, PROSE_CONFIDENCE
        m = _SITE.search(text)
        if m:
            yield "website", m.group(1).rstrip(".,"), line.number, PROSE_CONFIDENCE - 0.1
        m = _THIS_MAIL.search(text)
        if m:  # 'e-post kan ni skicka till denna adress': the address the mail came from
            yield "email", "denne adressen", line.number, PROSE_CONFIDENCE - 0.05
        for email in EMAIL.findall(text):
            if not REGISTER_MAILBOX.search(email):
                yield "email", email, line.number, PROSE_CONFIDENCE - 0.1
        for url in URL.findall(text):
            yield "website", url.rstrip(".,"), line.number, PROSE_CONFIDENCE - 0.1
        m = _COMPANY.search(text)
        if m:
            yield "manufacturer_name", m.group(1), line.number, PROSE_CONFIDENCE
        m = _CONTACT.search(text) or _I_AM_THE_CONTACT.search(text) or _CONTACT_AT.search(text)
        if m:
            yield "contact_person", m.group(1), line.number, PROSE_CONFIDENCE
            number = _AFTER_NAME.match(text[m.end():])
            if number:
                yield "contact_phone", number.group(1), line.number, PROSE_CONFIDENCE
        m = _PHONE.search(text)
        if m:
            near = text[max(0, m.start() - 60):m.end()]
            key = "contact_phone" if re.search(r"kontakt|contact|\bmeg\b|\bme\b|\bmobil|\bnåast\b|\bnås\b", near, re.I) \
                else "phone"
            yield key, m.group(1), line.number, PROSE_CONFIDENCE - 0.05
        yield from _stated_role(text, line.number)
        if _WE.search(text) and not _REGISTER_NAME.search(text):
            yield from _kinds(text, line.number)
        elif _ALONE.match(text):
            yield from _alone(text.strip(), line.number)


# A short line of its own in a list of values: 'Medisinsk utstyr (dusjstoler)', 'Produsent', 'firma.no'.
_ALONE = re.compile(r"^\s*[-*•]?\s*\S.{0,78}$")


def _alone(text: str, number: int) -> Iterator[tuple[str, str, int, float]]:
    text = re.sub(r"^[-*•]\s*", "", text)
    if BARE_DOMAIN.match(text):
        yield "website", text, number, PROSE_CONFIDENCE - 0.15
        return
    if ":" in text or _REGISTER_NAME.search(text):
        return
    for key in ("device_type", "business_type"):
        for value, pattern in _value_patterns(key):
            found = pattern.search(text)
            if value != "not_registrable" and found and found.start() == 0:
                yield key, text, number, PROSE_CONFIDENCE - 0.15
                return


# A company's own block states its number on a line of its own ('Org.nr.: 912 345 678', '2) Firma AS –
# org.nr 912 345 678', a table's row); one in a sentence ('vi i Konsulent AS (org.nr …) sender for kunden',
# 'datterselskap av Holding AS (org.nr …)') names a company that is not registered here.
_BLOCK_LINE = re.compile(r"^[\s*•·>|-]*(?:\(?\d{1,2}[.):]\s*)?(?:(?i:org|organi[sz]a|foretak|føretak|cvr|reg)|"
                         r"[A-ZÆØÅ][\w&.'-]*(?:\s+[\w&.'-]+){0,5}?\s+(?:AS|ASA|AB|ApS|A/S|GmbH|Ltd|NUF)\b\W{0,4}"
                         r"(?:(?i:org)|\d))")


def distinct_org_numbers(text: str) -> int:
    """How many different valid org numbers a text states as companies' own (in blocks, not sentences)."""
    return len({re.sub(r"\D", "", m.group(1)) for line in text.splitlines() if _BLOCK_LINE.match(line)
                for m in _NINE.finditer(line) if _mod11(m.group(1))})


def _mod11(digits: str) -> bool:
    from stdnum.no import orgnr

    return orgnr.is_valid(re.sub(r"\D", "", digits))


# 'type virksomhet endres fra produsent til autorisert representant'; 'registered as authorised representative'.
_ROLE_CHANGE = re.compile(r"(?i:type virksomhet|virksomhetstype|type verksemd|rolle|role|business type|type of business)"
                          r"[^.\n]{0,40}?\b(?i:fra|frå|from)\s+[^.\n]{2,40}?\s+(?i:til|to)\s+([^.,;\n]{3,60})")
_REGISTERED_AS = re.compile(r"(?i:registrert|registrerte|registered|registreret|registrerad)\s+(?i:som|as)\s+"
                            r"([^.,;\n]{3,60})")


def _stated_role(text: str, number: int) -> Iterator[tuple[str, str, int, float]]:
    """The role stated as the one registered or changed to: a statement, not a guess from a sentence."""
    m = _ROLE_CHANGE.search(text) or _REGISTERED_AS.search(text)
    if m and any(value != "not_registrable" and p.match(m.group(1).strip())
                 for value, p in _value_patterns("business_type")):
        yield "business_type", m.group(1).strip(), number, PROSE_CONFIDENCE


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
