"""Values stated in running prose ('Vi er produsent av medisinsk utstyr, org.nr. 912 345 678').

Companies, numbers, e-mail and web addresses are read here; org numbers in prose_orgs, who the contact is
in prose_people, addresses in prose_addresses, kinds of business and device in prose_kinds."""

from __future__ import annotations

import re
from collections.abc import Iterator

from intake.fields.candidates import CORRECTION, NONE, PROSE_CONFIDENCE
from intake.fields.patterns import CALL_ME, CLOSED, NUMBER_THEN_MOBILE, PHONE_NUMBER
from intake.fields.prose_addresses import addresses_in, two_line_addresses
from intake.fields.prose_emails import emails_in
from intake.fields.prose_kinds import kinds_in
from intake.fields.prose_orgs import ORG, is_org_number, org_number_in_subject, org_numbers_in
from intake.fields.prose_people import people_in
from intake.layouts.signature import URL
from intake.layouts.zones import Line

_NUMBER_THEN_MOBILE = re.compile(NUMBER_THEN_MOBILE)
# 'tlf 77 68 41 20', 'telefonen på laben er 57 67 20 15': a number with the word for it.
# 'by telephone on +47 38 07 55 00', 'direct line +47 926 14 380': the word, then 'on'/'at' or nothing.
_PHONE = re.compile(r"(?:telefon|tlf|phone|telephone|tel|mobil|mobile|mob|direct\s+line)(?:en|nummeret)?\.?"
                    r"(?:\s+(?:på|til|i|hos|at|in)\s+(?:\w+\s+){0,1}?\w+(?=\s+(?:er|is)\b))?"
                    r"\s*(?:nr\.?|number|nummer)?\s*(?:er|is|:|on|at)?\s*(" + PHONE_NUMBER + r")", re.IGNORECASE)
_COMPANY = re.compile(r"\b(?i:vi i|vi er|vi är|me i|we at|we are|firmaet|selskapet)\s+([A-ZÆØÅ][\w&.'-]*(?:\s+[\w&.'-]+){0,5}?"
                      r"\s(?:AS|ASA|AB|ANS|DA|SA|GmbH|Ltd|Oy|A/S|ApS|BV|NUF))\b")


# 'Navnet på firmaet blir Bakketun Tannteknikk, enkeltpersonforetak', 'firmaet mitt heiter Fjordlinse':
# the name stated as the firm's, with or without a legal form.
_NAMED_FIRM = re.compile(r"\b(?i:(?:navnet|namnet)\s+på\s+(?:firmaet|selskapet|bedriften|bedrifta|foretaket|føretaket|"
                         r"verksemda|virksomheten)|firmanavnet|firmanamnet|foretaksnavnet|føretaksnamnet|"
                         r"(?:firmaet|selskapet|bedriften|bedrifta|foretaket|føretaket)(?:\s+(?:mitt|vårt|mit))?\s+"
                         r"(?:heter|heiter|heite|hete|hedder|blir\s+hetende)|the\s+company(?:'s)?\s+name|"
                         r"our\s+company\s+is\s+called|"
                         r"företagets\s+namn)"
                         r"\s+(?i:blir|er|is|will\s+be|är|bliver)?\s*[«\"]?"
                         r"([A-ZÆØÅ][\w&.'-]*(?:\s+[A-ZÆØÅ&][\w&.'-]*){0,5})")


# Any nine digits with a valid mod-11 check are an org number by their type (a Norwegian phone has 8).
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
_LEGAL = re.compile(r"(?<!\w)(AS|ASA|AB|ApS|A/S|Oy|Oyj|GmbH|Ltd|Limited|BV|B\.V\.|SA|AG|Inc|ENK|NUF)(?!\w)")
# 'Nygård Ortopediservice (enkeltpersonforetak)', 'Kodeverkstedet Lind (enkeltpersonforetak, org.nr …)',
# 'Skinnesmia, enkeltpersonforetak': a firm named by its form in words.
_SOLE_TRADER = re.compile(r"\b([A-ZÆØÅ][\w'-]+(?:\s+[A-ZÆØÅ][\w'-]+){0,3})\s*(?:\(|,\s*|\s+det\s+er\s+)(?i:et\s+)?"
                          r"(?i:enkeltpersonforetak|enkeltpersonføretak|enkeltmannsforetak|enk)\b|"
                          # 'enkeltpersonforetaket Fossum Tannteknikk er slettet'
                          r"\b(?i:enkeltpersonforetaket|"
                          r"enkeltpersonføretaket)\s+([A-ZÆØÅ][\w'-]+(?:\s+[A-ZÆØÅ][\w'-]+){0,3})")
_ROLES = {"ceo", "cto", "coo", "cfo", "founder", "co-founder", "director", "head", "manager", "owner", "partner",
          "chairman", "president", "daglig", "dagleg", "eier", "innehaver", "styreleder", "gründer"}
_OF = {"of", "i", "at", "hos", "for"}
_CONNECTORS = {"og", "&", "and", "i", "of", "for", "und", "och", "der", "-"}
_NOT_NAME = {"vi", "we", "me", "hei", "hej", "hi", "hello", "registrering", "registration", "re", "sv", "fw", "fwd",
             "firmaet", "selskapet", "bedriften", "for", "som", "our", "dear", "til", "fra", "frå", "from", "to",
             "om", "av", "ny", "new", "endring", "change", "update", "oppdatering", "vår", "vårt", "the", "mvh",
             "gjelder", "ref", "angående", "vedr", "registrere", "register", "registering", "registrerer", "registrer",
             "registrera", "registrerar", "registrerer", "anmeldelse", "i", "på", "det", "den", "dette",
             "avregistrering", "avmelding", "utmelding", "sletting", "deregistration", "søknad", "application"}


# The sender's own firm acting for others: 'bistår kunder', 'på vegne av', 'on behalf of our client'.
_FOR_OTHERS = re.compile(r"\b(?i:bistår|bistar|hjelper\s+(?:\w+\s+)?kunde\w*|på vegne av|på vegner av|on behalf of|"
                         r"på uppdrag av|på vegne af|for\s+(?:vår|vår[et]|our|vores)\s+(?:kunde\w*|client\w*|klient\w*)|"
                         r"assists?\s+(?:\w+\s+)?clients?|konsulent\w*\s+for|consultan\w*\s+for)\b")


# 'Autorisert representant for Medisol GmbH', 'distributør for Lindqvist AB': the company represented or
# supplied, never the applicant writing so.
_REPRESENTED = re.compile(r"(?:(?i:representant\w*|representative|repræsentant\w*|fullmektig\w*|distribut\w*|"
                          r"forhandler\w*|agent|importør\w*|importer\w*|importör\w*)\s+(?i:for|of|för|af|til)|"
                          # 'we have been appointed by Brightwater Diagnostics Inc. … to act on their behalf'
                          r"(?i:appointed|designated|mandated|engaged|utpekt|oppnevnt)\s+(?i:by|av))\s+"
                          r"(?:(?i:the|den|det)\s+)?(?:[A-ZÆØÅ][\w&.'-]*,?\s+){1,5}"
                          r"(?:AS|ASA|AB|ApS|A/S|Oy|GmbH|Ltd|BV|AG|SA|Inc|NUF|S\.A\.|S\.r\.l\.|Co\.)")


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
        if name and name[0].casefold() in _ROLES and set(map(str.casefold, name)) & _OF:
            # 'CEO of VitalTrend AS', 'Daglig leder i Fjordlab AS': the writer's role, then the firm.
            name = name[next(i for i, word in enumerate(name) if word.casefold() in _OF) + 1:]
        if name:
            yield " ".join(name + [m.group(1)])


_SWITCHBOARD = re.compile(r"(?i:sentralbord\w*|switchboard|växel|vaxel|omstilling|hovednummer\w*|hovudnummer\w*|main (?:phone|number)|"
                          r"firmatelefon|telefonnummer\w*|vårt nummer|our (?:phone|number)|"
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
_SITE = re.compile(r"(?i:nettsid\w*|hjemmesid\w*|heimesid\w*|website|websid\w*|nettstad\w*|webbplats\w*|homepage|hemsid\w*|"
                   r"nettbutikk\w*|webshop|nettbutik\w*|"
                   r"\bweb(?=\s*:))"
                   r"(?:\s*:\s*|\s+(?:(?:\w+\s+){0,2}?(?i:er|e|is|är|:|finn\w*\s+på|på)\s+)?)"
                   r"((?:https?://)?[\w-]+(?:\.[\w-]+)+(?:/\S*)?)")


_NAMED_BY_NUMBER = re.compile(r"(?<![\w.])([A-ZÆØÅ][\w&'-]+(?:\s+(?:[A-ZÆØÅ&][\w&'-]*|og|and|i)){1,4})\s*[,(]\s*"
                              r"(?i:org(?:anisasjons)?\.?\s*-?\s*(?:nr|no|nummer)\.?)\s*:?\s*\d")
_RENAMED = re.compile(r"(?i:navn\w*|namn\w*|name)\b[^.\n]{0,60}?\s(?i:til|to|blir|becomes)\s+"
                      r"([A-ZÆØÅ][^.,;()\n]{1,60}?\s(?:AS|ASA|AB|ApS|A/S|GmbH|Ltd|NUF|Oy|BV|AG|SA)\b)")
# 'the old number 77 00 11 22 is replaced by 77 99 88 00', 'nummeret endres til 77 99 88 00'.
_REPLACED_BY = re.compile(r"(?i:telefon|phone|nummer|number|sentralbord|switchboard)\w*\b[^.\n]{0,60}?"
                          r"(?i:replaced by|erstattes av|erstatta av|byttes ut med|endres til|endret til|changed to|"
                          r"er no|er nå|is now)\s+(" + PHONE_NUMBER + r")")
_RIGHT_NUMBER = re.compile(r"(?i:riktig|rett|korrekt|correct|right|rätt)\w*\s+(?:\w+\s+){0,2}?"
                           r"(?i:nummer|nr\.?|number|telefonnummer|mobilnummer|tlf\.?)\s+(?i:er|is|är|skal være|should be)"
                           r"\s+(" + PHONE_NUMBER + r")")
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
    for name in _companies(subject):
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
        first_org = ORG.search(text) if digits else None
        heading = _LIST_MARK.sub("", above.text) if above is not None else ""
        if first_org and first_org.start() < 4 and above is not None and above.number == line.number - 1 \
                and _NAME_LINE.match(heading) and heading.split()[0].casefold() not in _NOT_NAME:
            # 'Sele Tannteknikk Aud Sele' above 'Orgnr 981 234 561': a block of details opens with the
            # company's name, which a sole proprietorship writes without a legal form. With one ('Kystlab
            # Diagnostikk AS', '1. Lindqvist Medisinteknikk Norge AS'), it outranks a firm a sentence merely
            # names ('Søsterselskapet vårt … AS', 'Jag är … på Lindqvist Medicinteknik AB').
            legal = _LEGAL.search(heading)
            yield ("manufacturer_name", heading.strip(), above.number, PROSE_CONFIDENCE - (0.05 if legal else 0.25))
        above = line
        renamed = _RENAMED.search(text)
        if renamed:
            # 'firmanavnet er endret fra Bergen Bandasje AS til BB Medical AS': the new name.
            for name in _companies(renamed.group(1)):
                yield "manufacturer_name", name, line.number, PROSE_CONFIDENCE
                break
        # 'Vi i Regelverkshjelp AS bistår to kunder': the firm before the words is a consultant's; one
        # after them ('sender på vegne av Nordlys AS') is the client, the applicant.
        for_others = _FOR_OTHERS.search(text)
        if first_company:
            for name in _companies(_REPRESENTED.sub(" ", text[for_others.end():] if for_others else text)):
                yield "manufacturer_name", name, line.number, PROSE_CONFIDENCE - 0.15
                first_company = False
                break
        m = _SOLE_TRADER.search(text)
        if m:
            # 'Jeg har drevet Nygård Ortopediservice (enkeltpersonforetak)': a firm named by its form in words.
            yield "manufacturer_name", m.group(1) or m.group(2), line.number, PROSE_CONFIDENCE - 0.1
        if first_company and digits:
            m = _NAMED_BY_NUMBER.search(text)
            if m and m.group(1).split()[0].casefold() not in _NOT_NAME:
                # 'Aasen Tannteknikk, org.nr. 980 083 748': a sole proprietorship has no legal form to find it by.
                yield "manufacturer_name", m.group(1), line.number, PROSE_CONFIDENCE - 0.2
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
        m = _RIGHT_NUMBER.search(text) if digits else None
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
            yield "website", url.rstrip(".,"), line.number, PROSE_CONFIDENCE - 0.1
        m = _COMPANY.search(text) or _NAMED_FIRM.search(text)
        if m and not (for_others and m.start() < for_others.start()):
            yield "manufacturer_name", m.group(1), line.number, PROSE_CONFIDENCE
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


_LIST_MARK = re.compile(r"^\s*(?:\d{1,2}[.)]|[-*•])\s+")
_NAME_LINE = re.compile(r"^\s*[A-ZÆØÅ][\w&'-]*(?:\s+[A-ZÆØÅ0-9&][\w&'.-]*|\s+(?:og|&|i|of|and))"
                        r"{0,5}\s*$")



