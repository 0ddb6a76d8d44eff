"""Values stated in running prose ('Vi er produsent av medisinsk utstyr, org.nr. 912 345 678').

Numbers, e-mail and web addresses and the post's address are read here; the firm in prose_firms, org
numbers in prose_orgs, who the contact is in prose_people, addresses in prose_addresses, kinds of business
and device in prose_kinds."""

from __future__ import annotations

import re
from collections.abc import Iterator

from intake.fields.candidates import CORRECTION, NONE, PROSE_CONFIDENCE
from intake.fields.patterns import CALL_ME, CLOSED, NUMBER_THEN_MOBILE, PHONE_NUMBER
from intake.fields.prose_addresses import addresses_in, two_line_addresses
from intake.fields.prose_emails import emails_in
from intake.fields.prose_firms import companies, firms_in
from intake.fields.prose_kinds import kinds_in
from intake.fields.prose_orgs import is_org_number, org_number_in_subject, org_numbers_in
from intake.fields.prose_people import people_in
from intake.layouts.signature import APP_LINK, URL
from intake.layouts.zones import Line

_NUMBER_THEN_MOBILE = re.compile(NUMBER_THEN_MOBILE)
# 'tlf 77 68 41 20', 'telefonen på laben er 57 67 20 15': a number with the word for it.
# 'by telephone on +47 38 07 55 00', 'direct line +47 926 14 380': the word, then 'on'/'at' or nothing.
_PHONE = re.compile(r"(?:telefon|tlf|phone|telephone|tel|mobil|mobile|mob|direct\s+line)(?:en|nummeret)?\.?"
                    r"(?:\s+(?:på|til|i|hos|at|in)\s+(?:\w+\s+){0,1}?\w+(?=\s+(?:er|is)\b))?"
                    r"\s*(?:nr\.?|number|nummer)?\s*(?:er|is|:|,|on|at)?\s*(" + PHONE_NUMBER + r")", re.IGNORECASE)
_CALL_ME = re.compile(CALL_ME)
_MY_NUMBER = re.compile(r"(?<!\w)(?:(?i:mobil\w*|telefon\w*|nummeret)\s+(?i:mitt|mine|min|mi)|"
                        r"(?i:mobil\w*|telefon\w*)\s+(?i:til|for|åt|to|of)\s+(?i:kontaktperson\w*|the contact person|"
                        r"contact person|meg|me)|"
                        r"(?i:my|mitt|min)\s+"
                        r"(?i:mobile|phone|cell|mobilnummer|nummer|telefonnummer|eigen|egen|eget|own)"
                        r"(?:\s+(?i:number))?)"
                        # 'please call my mobile instead: 930 17 254'
                        r"(?:\s+(?i:instead|heller|i\s+stedet))?"
                        r"\s*(?:(?i:er|is|:|,)\s*|\s)(" + PHONE_NUMBER + r")")
# A company by its legal form: 'Nordland Sko og Ortopedi AS', 'Fyrisån Diagnostics AB'.
_SWITCHBOARD = re.compile(r"(?i:sentralbord\w*|switchboard|växel|vaxel|omstilling|hovednummer\w*|hovudnummer\w*|main (?:phone|number|line)|"
                          r"firmatelefon|telefonnummer\w*|telefonnumret|vårt nummer|our (?:phone|number)|"
                          r"telefon(?:en)? (?:til|på|hos|for|i) "
                          r"(?:kontoret|firmaet|bedrifta|bedriften|verksemda|virksomheten|"
                          r"laboratoriet|labben|verkstedet|verkstaden|butikken|klinikken|kontoret vårt|fabrikken|"
                          r"avdelingen|senteret))"
                          r"\D{0,30}?(" + PHONE_NUMBER + r")")
# 'faks 73 82 40 01', 'Faksen vår er 73 82 40 01', 'vi har fortsatt fax, den er 32 07 41 91'
_FAX = re.compile(r"(?<!\w)(?i:telefaks|telefax|faks|fax)(?i:en|nummeret)?\.?(?:\s+(?i:vår|vårt|our))?(?:nr\.?|"
                  r"nummer)?\s*"
                  r"(?:(?i:er|is|on|at)\s+|[:,]\s*(?:(?i:den|det|it)\s+(?i:er|is)\s+)?)?(" + PHONE_NUMBER + r")")
# 'Kontaktperson … er meg, og telefon er den samme som sentralbordet': the contact's number is the firm's.
# '(vi har ikke faks)', 'we don't have a fax', 'ingen telefaks': no fax, said in passing.
_CLOSED_AFTER = re.compile(r"[^.!?]{0,30}?" + CLOSED)
_NO_FAX = re.compile(r"(?i:\b(?:har|have|has)\s+(?:vi\s+)?(?:ikke|ikkje|inte|ingen|inga|no|not\s+got\s+a|not\s+a)\s+"
                     r"(?:lenger\s+|lengre\s+|længere\s+|längre\s+|longer\s+|noen\s+|nogen\s+)?"
                     r"(?:tele)?fa[kx]s?\b|\b(?:do|does)\s?n[o']?t\s+have\s+(?:a\s+)?(?:tele)?fax\b|"
                     r"\b(?:ingen|inga|no)\s+(?:tele)?fa[kx]s?\b)")
_CONTACTS_PHONE_SAME = re.compile(r"(?i:kontakt\w*|contact)[^.]{0,60}?"
                                  r"\b(?i:telefon\w*|tlf|mobil\w*|phone|number|nummer\w*)\s+"
                                  r"(?i:er|is|blir)\s+(?i:den\s+|the\s+)?(?i:samme|same)\s+(?i:som|as)\s+(?i:the\s+)?"
                                  r"(?i:sentralbord\w*|switchboard|firma\w*|company|hovednummer\w*|main)")


# Said outright of the post: '…, postadr samme, tlf …', 'posten kjem til same staden', 'Postadressen blir den
# samme som besøksadressen' (an update's statement too).
_POST_SAME = re.compile(r"(?i:(?P<said>\bpost(?:adr\w*|adresse\w*|adressa)\.?:?\s+(?:samme|same|lik|ditto)\b|"
                        r"\bpostal\s+address\s+(?:is\s+)?(?:the\s+)?same\b|"
                        r"\bpost\w*\s+(?:blir|vert|will\s+be)\s+(?:den\s+|the\s+)?(?:same|samme)\b|"
                        r"\bpost(?:en)?\s+(?:kjem|kommer|comes)\s+(?:til|to)\s+(?:den\s+|the\s+)?(?:same|samme)\s+"
                        r"(?:stad(?:en)?|sted(?:et)?|adresse\w*|adressa|address|place)|"
                        # 'post skal no gå til same adresse som besøksadressa': a change stated outright
                        r"\bpost\w*\s+(?:skal|vil|will)\s+(?:no\s+|nå\s+|now\s+)?(?:gå|go|sendes|"
                        r"be\s+sent)\s+(?:til|to)\s+"
                        r"(?:den\s+|the\s+)?(?:same|samme)\s+(?:adresse\w*|adressa|address)))|"
                        # said in passing, weaker: 'same address as postal', 'both visiting and postal'
                        r"(?i:(?P<weak>(?:same|samme|sama) (?:adresse|adressa|address) (?:som|as|for) post\w*|"
                        r"post\w*\s+(?:can\s+|may\s+|kan\s+|skal\s+(?:no\s+|nå\s+)?|vil\s+|will\s+)?"
                        r"(?:skickas|sendes|send(?:ast)?|go(?:es)?|be\s+sent|is sent|går|gå)"
                        r"\s+(?:til|till|to)\s+(?:den\s+|the\s+)?"
                        r"(?:same|samme|samma|sama)\s+(?:adresse|adressa|adress|address)|"
                        r"post\w* (?:er|is) (?:den |the )?(?:same|samme)|both visiting and postal|"
                        r"(?:er|e|is)\s+(?:den\s+|the\s+)?(?:samme|same)\s+(?:for|til)\s+post(?:en)?\b|"
                        r"både besøks?- og postadresse))")
_LINK_WITH_QUERY = re.compile(r"\?[^\s=]+=")
_SITE = re.compile(r"(?i:nettsid\w*|hjemmesid\w*|heimesid\w*|website|websid\w*|nettstad\w*|webbplats\w*|homepage|hemsid\w*|"
                   r"nettbutikk\w*|webshop|nettbutik\w*|"
                   r"\bweb(?=\s*:))"
                   r"(?:\s*:\s*|\s+(?:(?:\w+\s+){0,2}?(?i:er|e|is|är|:|finn\w*\s+på|på)\s+)?)"
                   r"((?:https?://)?[\w-]+(?:\.[\w-]+)+(?:/\S*)?)")


# 'the old number 77 00 11 22 is replaced by 77 99 88 00', 'nummeret endres til 77 99 88 00'.
_REPLACED_BY = re.compile(r"(?i:telefon|phone|nummer|number|sentralbord|switchboard)\w*\b[^.\n]{0,60}?"
                          r"(?i:replaced by|erstattes av|erstatta av|byttes ut med|endres til|endret til|changed to|"
                          r"er no|er nå|is now)\s+(" + PHONE_NUMBER + r")")
_RIGHT_NUMBER = re.compile(r"(?i:riktig|rett|korrekt|correct|right|rätt)\w*\s+(?:\w+\s+){0,2}?"
                           r"(?i:\w*nummer(?:et)?|nr\.?|\w*number|tlf\.?)(?:\s+(?i:til|for|to|of|på|åt)\s+\w+)?\s+(?i:er|is|är|skal være|should be)"
                           r"\s+(" + PHONE_NUMBER + r")")
# 'telefonnummeret i skjemaet er feil, det rette er 57 72 41 00', 'the phone … is wrong, the correct one is …'.
_RIGHT_ONE = re.compile(r"(?i:telefon|phone|nummer|number|tlf)\w*\b[^.\n]{0,80}?\b(?i:det|den|the)\s+"
                        r"(?i:rette|riktige|korrekte|correct|right)\s+(?i:one\s+|nummeret\s+|number\s+)?"
                        r"(?i:er|is|är)\s+(" + PHONE_NUMBER + r")")
# 'jeg har fått nytt mobilnummer siden forrige e-post: 926 40 119', 'my new mobile number is …'.
_NEW_NUMBER = re.compile(r"(?i:nytt|ny|nye|new)\s+(?:(?i:mobil\w*|mobile|telefon\w*|phone|nummer|number|tlf\.?)\s*)+"
                         r"[^:\d\n]{0,40}?(?::|(?i:er|is|är))\s*(" + PHONE_NUMBER + r")")
_ORG_WORD = re.compile(r"(?i:org\.?\s*-?\s*n|organisasjonsnummer|organisationsnummer|organisation\s+number|"
                       r"foretaksnummer)")
_FROM_TO = re.compile(r"^\s*(?i:to|til|→|->)\s+(" + PHONE_NUMBER + r")")


def _changed_to(text: str, m: re.Match[str]) -> str:
    """'has changed from +47 75 50 20 00 to +47 75 11 80 00': the number it changed to."""
    after = _FROM_TO.match(text[m.end(1):])
    return after.group(1) if after and re.search(r"(?i:from|fra|frå)\s*$", text[:m.start(1)]) else m.group(1)


def subject_values(subject: str) -> Iterator[tuple[str, str, int, float]]:
    """'Registrering Kystlys AS': the company a subject names, a weak fallback."""
    yield from org_number_in_subject(subject)
    for name in companies(subject):
        yield "manufacturer_name", name, 0, PROSE_CONFIDENCE - 0.2
        return


# Most lines of prose hold no digit, and every pattern for a number, an org number or an address needs
# one: a line without is not searched for them (the same results for a fraction of the work).
_DIGIT = re.compile(r"\d")


_US = re.compile(r"\b(?:oss|us)\b", re.IGNORECASE)
_CONTACTS_OWN = re.compile(r"(?i:mobil|kontakt|contact)")
_OWN_NUMBER = re.compile(r"(?i:mobil|direkte|direct|kontakt|contact|mitt|min\b|my\b)")
# A Norwegian fixed line, then a mobile (4xx/9xx), with a slash or 'eller' between them.
_LANDLINE_THEN_MOBILE = re.compile(r"((?:\+47\s?)?[2-35-8]\d(?:\s?\d){6})\s*(?:/|eller|or)\s*"
                                   r"((?:\+47\s?)?[49]\d(?:\s?\d){6})\b")
_PERSONAL_NEAR = re.compile(r"kontakt|contact|\bmeg\b|\bme\b|\bmobil|\bnåast\b|\bnås\b|\bdirect\s+line\b|\bdirekte\b",
                            re.I)


def prose_values(lines: list[Line]) -> Iterator[tuple[str, str, int, float]]:
    """(key, value, line, confidence) for facts stated in sentences rather than as labels."""
    first_company = True
    yield from two_line_addresses(lines)
    above = None
    for line in lines:
        text = line.text
        digits = _DIGIT.search(text) is not None
        yield from org_numbers_in(text, line.number)
        found, first_company = firms_in(line, above, first=first_company)
        yield from found
        above = line
        # 'Ring oss på 78 95 20 00 … mobilen min er 915 77 100': each number said whose it is, in one sentence or two.
        for m in (_CALL_ME.search(text), _MY_NUMBER.search(text)) if digits else ():
            if m:
                # 'ring meg på' is the contact's number; 'ring oss på' the company's.
                us = _US.search(m.group(0))
                yield "phone" if us else "contact_phone", m.group(1), line.number, PROSE_CONFIDENCE - 0.05
        if digits:
            yield from addresses_in(text, line.number)
        m = _REPLACED_BY.search(text) if digits else None
        if m and not _CONTACTS_OWN.search(m.group(0)):
            yield "phone", m.group(1), line.number, PROSE_CONFIDENCE
        m = _NEW_NUMBER.search(text) if digits else None
        if m:  # a number said to be new outranks the one a form or an earlier mail gave
            yield "contact_phone" if _OWN_NUMBER.search(m.group(0)) else "phone", m.group(1), line.number, CORRECTION
        m = (_RIGHT_NUMBER.search(text) or _RIGHT_ONE.search(text)) if digits else None
        if m:
            # 'Riktig nummer er 55 30 88 00, ikke 55 30 80 00': a correction, the contact's if it says mobile.
            own = _OWN_NUMBER.search(m.group(0))
            # 'Rettelse: … organisasjonsnummeret over er feil … Riktig nummer er 938 310 769': nine digits
            # that pass the org number's check, said of the org number, correct that.
            org = _ORG_WORD.search(text) and is_org_number(m.group(1))
            yield "org_number" if org else "contact_phone" if own else "phone", m.group(1), line.number, CORRECTION
        m = _SWITCHBOARD.search(text) if digits else None
        if m:
            yield "phone", _changed_to(text, m), line.number, PROSE_CONFIDENCE - 0.05
        m = _FAX.search(text) if digits else None
        if m and not _NO_FAX.search(text) and not _CLOSED_AFTER.match(text[m.end():]):
            yield "fax", m.group(1), line.number, PROSE_CONFIDENCE - 0.1
        elif m or _NO_FAX.search(text):  # 'Vores fax 32 83 17 11 er lukket ned', 'vi har ikke længere fax'
            yield "fax", NONE, line.number, PROSE_CONFIDENCE - 0.1
        if _CONTACTS_PHONE_SAME.search(text):
            yield "contact_phone", "samme som sentralbordet", line.number, PROSE_CONFIDENCE - 0.1
        m = _POST_SAME.search(text)
        if m:
            yield ("postal_address", "samme som besøksadresse", line.number,
                   PROSE_CONFIDENCE if m.group("said") else PROSE_CONFIDENCE - 0.15)
        yield from people_in(text, line)
        m = _SITE.search(text) if "." in text else None  # a site's name has a dot
        if m:
            yield "website", m.group(1).rstrip(".,"), line.number, PROSE_CONFIDENCE - 0.1
        yield from emails_in(text, line.number)
        for url in URL.findall(text):
            # 'https://…/verify?u=…': a link to click; 'Hent Outlook for iOS<https://aka.ms/…>': the app's advert
            if not _LINK_WITH_QUERY.search(url) and not APP_LINK.search(url):
                yield "website", url.rstrip(".,"), line.number, PROSE_CONFIDENCE - 0.1
        m = _NUMBER_THEN_MOBILE.search(text) if digits else None
        if m:
            # 'Ring oss: tlf 70 10 45 80 / mob 918 27 364': the mobile beside the company's number is the writer's.
            yield "contact_phone", m.group("mobile"), line.number, PROSE_CONFIDENCE - 0.05
        for m in _PHONE.finditer(text) if digits else ():
            near = text[max(0, m.start() - 60):m.end()]
            key = "contact_phone" if _PERSONAL_NEAR.search(near) else "phone"
            pair = _LANDLINE_THEN_MOBILE.match(text[m.start(1):])
            if key == "contact_phone" and pair:
                # 'Kontaktperson er undertegnede, tlf. 69 30 12 00 / 481 90 633': the office's line, then the
                # person's mobile
                yield "phone", pair.group(1), line.number, PROSE_CONFIDENCE - 0.1
                yield key, pair.group(2), line.number, PROSE_CONFIDENCE - 0.05
            else:
                yield key, m.group(1), line.number, PROSE_CONFIDENCE - 0.05
        yield from kinds_in(text, line.number)






