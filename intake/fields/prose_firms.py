"""The firm a sentence names as the one registering.

'Vi er Fjordlab AS', 'Navnet på firmaet blir Bakketun Tannteknikk', the first firm named by its legal form
(not a consultant's before 'på vegne av', not the maker after 'representant for'), a sole trader named with
'(enkeltpersonforetak)', a new name ('endret … til BB Medical AS'), and a block of details that opens with
the firm's name above its org number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from intake.fields.annotations import firm_sentence_ended
from intake.fields.candidates import PROSE_CONFIDENCE
from intake.fields.patterns import ACTS_FOR
from intake.fields.prose_orgs import ORG
from intake.layouts.zones import Line

Found = tuple[str, str, int, float]

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


_LEGAL = re.compile(r"(?<!\w)(AS|ASA|AB|ApS|A/S|Oy|Oyj|GmbH|Ltd|Limited|BV|B\.V\.|SA|AG|Inc|ENK|NUF)(?!\w)")
# 'Nygård Ortopediservice (enkeltpersonforetak)', 'Kodeverkstedet Lind (enkeltpersonforetak, org.nr …)',
# 'Skinnesmia, enkeltpersonforetak': a firm named by its form in words.
_SOLE_TRADER = re.compile(r"\b([A-ZÆØÅ][\w'-]+(?:\s+[A-ZÆØÅ][\w'-]+){0,3})\s*(?:\(|,\s*|\s+det\s+er\s+)(?i:et\s+)?"
                          r"(?i:enkeltpersonforetak|enkeltpersonføretak|enkeltmannsforetak|enk)\b|"
                          # 'enkeltpersonforetaket Fossum Tannteknikk er slettet'
                          r"\b(?i:enkeltpersonforetaket|"
                          r"enkeltpersonføretaket)\s+([A-ZÆØÅ][\w'-]+(?:\s+[A-ZÆØÅ][\w'-]+){0,3})")
_PLACE_BEFORE = re.compile(r"\b(?i:i|på|fra|frå|in|at|ved|til)\s+$")
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
_REPRESENTED = re.compile(r"(?:(?i:" + ACTS_FOR + r")\s+(?i:for|of|för|af|til)|"
                          # 'we have been appointed by Brightwater Diagnostics Inc. … to act on their behalf'
                          r"(?i:appointed|designated|mandated|engaged|utpekt|oppnevnt)\s+(?i:by|av))\s+"
                          r"(?:(?i:the|den|det)\s+)?(?:[A-ZÆØÅ][\w&.'-]*,?\s+){1,5}"
                          r"(?:AS|ASA|AB|ApS|A/S|Oy|GmbH|Ltd|BV|AG|SA|Inc|NUF|S\.A\.|S\.r\.l\.|Co\.)")


def companies(text: str) -> Iterator[str]:
    """Each firm the text names by its legal form, with the capitalised words before it."""
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


_NAMED_BY_NUMBER = re.compile(r"(?<![\w.])([A-ZÆØÅ][\w&'-]+(?:\s+(?:[A-ZÆØÅ&][\w&'-]*|og|and|i)){1,4})\s*[,(]\s*"
                              r"(?i:org(?:anisasjons)?\.?\s*-?\s*(?:nr|no|nummer)\.?)\s*:?\s*\d")
_RENAMED = re.compile(r"(?i:navn\w*|namn\w*|name)\b[^.\n]{0,60}?\s(?i:til|to|blir|becomes)\s+"
                      r"([A-ZÆØÅ][^.,;()\n]{1,60}?\s(?:AS|ASA|AB|ApS|A/S|GmbH|Ltd|NUF|Oy|BV|AG|SA)\b)")
_LIST_MARK = re.compile(r"^\s*(?:\d{1,2}[.)]|[-*•])\s+")
_NAME_LINE = re.compile(r"^\s*[A-ZÆØÅ][\w&'-]*(?:\s+[A-ZÆØÅ0-9&][\w&'.-]*|\s+(?:og|&|i|of|and))"
                        r"{0,5}\s*$")
_DIGIT = re.compile(r"\d")


def firms_in(line: Line, above: Line | None, *, first: bool) -> tuple[list[Found], bool]:
    """The firms one line names as the applicant, in the order of their weight; and whether the first
    firm named in the text is still to be found."""
    text, found = line.text, []
    digits = _DIGIT.search(text) is not None
    first_org = ORG.search(text) if digits else None
    heading = _LIST_MARK.sub("", above.text) if above is not None else ""
    if first_org and first_org.start() < 4 and above is not None and above.number == line.number - 1 \
            and _NAME_LINE.match(heading) and heading.split()[0].casefold() not in _NOT_NAME:
        # 'Sele Tannteknikk Aud Sele' above 'Orgnr 981 234 561': a block of details opens with the
        # company's name, which a sole proprietorship writes without a legal form. With one ('Kystlab
        # Diagnostikk AS', '1. Lindqvist Medisinteknikk Norge AS'), it outranks a firm a sentence merely
        # names ('Søsterselskapet vårt … AS', 'Jag är … på Lindqvist Medicinteknik AB').
        legal = _LEGAL.search(heading)
        found.append(("manufacturer_name", heading.strip(), above.number, PROSE_CONFIDENCE - (0.05 if legal else 0.25)))
    renamed = _RENAMED.search(text)
    if renamed:
        # 'firmanavnet er endret fra Bergen Bandasje AS til BB Medical AS': the new name.
        found += [("manufacturer_name", name, line.number, PROSE_CONFIDENCE)
                  for name in companies(renamed.group(1))][:1]
    # 'Vi i Regelverkshjelp AS bistår to kunder': the firm before the words is a consultant's; one
    # after them ('sender på vegne av Nordlys AS') is the client, the applicant.
    for_others = _FOR_OTHERS.search(text)
    if first:
        for name in companies(_REPRESENTED.sub(" ", text[for_others.end():] if for_others else text)):
            found.append(("manufacturer_name", name, line.number, PROSE_CONFIDENCE - 0.15))
            first = False
            break
    m = _SOLE_TRADER.search(text)
    if m and m.group(1) and _PLACE_BEFORE.search(text[:m.start(1)]):
        m = None  # 'eige tannlaboratorium i Førde (enkeltpersonføretak)': the place, not the firm's name
    if m:
        # 'Jeg har drevet Nygård Ortopediservice (enkeltpersonforetak)': a firm named by its form in words.
        found.append(("manufacturer_name", m.group(1) or m.group(2), line.number, PROSE_CONFIDENCE - 0.1))
    if first and digits:
        m = _NAMED_BY_NUMBER.search(text)
        if m and m.group(1).split()[0].casefold() not in _NOT_NAME:
            # 'Aasen Tannteknikk, org.nr. 980 083 748': a sole proprietorship has no legal form to find it by.
            found.append(("manufacturer_name", m.group(1), line.number, PROSE_CONFIDENCE - 0.2))
    m = _COMPANY.search(text) or _NAMED_FIRM.search(text)
    if m and not (for_others and m.start() < for_others.start()):
        found.append(("manufacturer_name", firm_sentence_ended(m.group(1)), line.number, PROSE_CONFIDENCE))
    return found, first
