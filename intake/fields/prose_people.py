"""Who the contact is, stated in prose: 'Kontaktperson er Kari Nordmann, mobil 926 12 345', 'Jeg, Marit
Eilertsen, blir kontaktperson', 'kontaktperson skal være meg, ikke Lise', 'Spørsmål kan rettes til …'."""

from __future__ import annotations

import re
from collections.abc import Iterator

from intake.fields.annotations import SELF
from intake.fields.candidates import CORRECTION, PROSE_CONFIDENCE
from intake.fields.patterns import PHONE_NUMBER
from intake.layouts.zones import BODY, Line


_CONTACT = re.compile(
    r"(?:(?i:kontaktperson(?:en)?|contact person|kontakt|contact)(?:\s+(?i:vår|vårt|our|hos oss)|"
    r"\s+(?i:fra|frå|från|from|fom|etter|efter|after|for|i|in|til|hos|at|mot|towards)(?:\s+[\w.()-]+){1,7}?)?"
    r"(?:\s+(?i:er|is|blir|will be|vert|är|bliver|skal\s+være|skal\s+vere|should\s+be|ska\s+vara)\s+|"
    r"\s*:\s*(?=(?i:meg|me|eg|jeg),?\s))|"  # 'ny kontaktperson for registeret: meg, Cecilie Aas'
    r"(?i:kontaktperson|contact person)\s+(?=[A-ZÆØÅ])|"
    # 'The person responsible for the registration on the company's side is Mr Henrik Solbakken'
    r"(?i:(?:the\s+)?person\s+responsible\s+for\s+(?:the\s+)?registration|ansvarl\w+\s+for\s+registreringa?(?:en)?)"
    r"(?:\s+[\w']+){0,4}?\s+(?i:is|er)\s+)"
    r"(?:(?i:mr|mrs|ms|dr|fru|herr)\.?\s+)?"
    r"(?:(?i:meg|me|eg|jeg|jag|mig|myself|undertegnede|underteikna)(?:\s+(?i:selv|sjølv|själv))?\s*[,:–-]\s*)?"
    r"(?:(?i:kollegaen|kollegaene|min\s+kollega|my\s+colleague|our\s+colleague|kollega)"
    r"(?:\s+(?i:min|mi|vår|mine))?\s+)?"
    r"(?:(?:daglig|dagleg|vår|vårt|our|the|vores|vår)\s+)?"
    r"(?:(?:[a-zæøå/-]+\s+)?[a-zæøå/-]*(?:sjef|leder|leiar|ansvarlig|ansvarleg|"
    r"manager|director|direktør|chef|rådgiver|konsulent|koordinator|coordinator|engineer|ingeniør|tekniker|"
    r"terapeut|sykepleier|optiker|"
    r"audiograf|lege|tannlege|officer|specialist)\s+)?"
    r"([A-ZÆØÅ][\w.'-]+(?:\s+[A-ZÆØÅ][\w.'-]+){1,3})"
)
# 'Kontaktperson er meg, Ingrid Sæther, direkte nummer 472 28 190': a number right after the name is hers.
_AFTER_NAME = re.compile(r"^\s*[,(]?\s*(?:[a-zæøå][\w .-]{0,30}?,\s*)?(?:[a-zæøå][\w -]{0,30}?\s(?=(?i:på|on|at|paa)\s))?(?:(?i:på|on|at|paa)\s+)?(?:(?i:mobil\w*|mob|tlf|telefon|tel|phone|mobile|cell|direkte|direct)\.?"
                         r"(?:\s*(?i:nr|nummer|number|tlf|telefon)\.?)?\s*:?\s*)?(" + PHONE_NUMBER + r")")


# 'Spørsmål kan rettes til undertegnede på 934 10 220', 'Please direct any questions to our regulatory
# manager, Ola Hansen (+47 900 11 222)': whoever answers questions is likely the contact, a guess for staff.
_QUESTIONS_TO = re.compile(r"(?i:spørsmål|henvendelser|questions|queries|frågor|spørgsmål)\b[^.\n]{0,40}?\s"
                           r"(?i:rettes til|rettast til|kan gå til|sendes til|to|till|til)\s+"
                           r"(?:(?i:our|vår|vårt|vores)\s+[a-zæøå ]{0,30}?,?\s+)?"
                           r"(?:(?P<me>(?i:meg|me|mig|undertegnede|underteikna|undertecknad))\b|"
                           r"(?P<name>[A-ZÆØÅ][\w'-]+(?:\s+[A-ZÆØÅ][\w'-]+){1,3}))")


def _questions_to(text: str, line: Line) -> Iterator[tuple[str, str, int, float]]:
    m = _QUESTIONS_TO.search(text)
    if not m or (m.group("me") and line.zone != BODY):
        return
    yield "contact_person", SELF if m.group("me") else m.group("name"), line.number, PROSE_CONFIDENCE - 0.1
    number = _AFTER_NAME.match(text[m.end():])
    if number:
        yield "contact_phone", number.group(1), line.number, PROSE_CONFIDENCE - 0.1


def _name(text: str) -> str:
    """'Maja Håkansson.' at the end of a sentence is 'Maja Håkansson', and so is 'Maja Håkansson. Jag'
    where the next sentence begins; an initial keeps its dot ('Ola H.')."""
    words = text.split()
    for i, word in enumerate(words):
        if i and word.endswith(".") and len(word) > 2:  # ('Dr. Ola Hansen': a title first is no sentence's end)
            return " ".join(words[:i] + [word[:-1]])
    return text


# 'kontaktperson i registeret skal være meg, ikke Lise': in the sender's own text, a correction of what they forward.
_CONTACT_IS_ME = re.compile(r"(?i:kontaktperson\w*|contact person|kontakt)\b[^.\n]{0,30}?\s(?i:skal\s+være|skal\s+vere|"
                            r"skal\s+vara|should\s+be|must\s+be|er|is|blir|vert|är)\s+(?i:meg|me|eg|mig|undertegnede|"
                            r"underteikna|undertecknad|myself)(?:\s+(?i:selv|sjølv|själv))?\s*(?:[,.;]|$)\s*"
                            r"(?:(?i:ikke|ikkje|inte|not)\b)?")
# 'Bruk meg som kontaktperson', 'please use me as the contact', 'sett meg opp som kontakt'.
_USE_ME = re.compile(r"\b(?i:bruk|bruke|use|sett|set|registrer|register|før|list)\s+(?i:meg|me|mig)\s+(?:(?i:opp|up)\s+)?"
                     r"(?i:som|as)\s+(?:(?i:the|vår|our)\s+)?(?i:kontaktperson\w*|kontakt|contact)")
_NAME_GIVEN = re.compile(r"[^:.\n]{0,20}:\s*([A-ZÆØÅ][\w'-]+(?:\s+[A-ZÆØÅ][\w'-]+){1,3})")
# 'eg tek over som kontaktperson', 'I am taking over as contact person'
# 'I tillegg overtar jeg som kontaktperson': a Norwegian clause with the verb before its subject.
_TAKING_OVER = re.compile(r"(?:\b(?i:jeg|eg|jag|I)\s+(?i:tar|tek|tok|overtar|take|am\s+taking|have\s+taken)|"
                          r"\b(?i:tar|tek|tok|overtar|tager)\s+(?i:jeg|eg|jag))\s+"
                          r"(?i:over\s+)?"
                          r"(?i:som|as)\s+(?:(?i:the|vår|our|ny|new)\s+)?(?i:kontaktperson\w*|kontakt|contact)")
_I_AM_CONTACT = re.compile(r"(?:\b(?i:jeg|eg|I)),?\s+([A-ZÆØÅ][\w'-]+(?:\s+[A-ZÆØÅ][\w'-]+){1,3}),?\s+"
                           r"(?i:som\s+|who\s+)?(?i:blir|er|vert|will be|am|is|skal være)\s+(?:\w+\s+)?(?i:kontaktperson|contact)")
# 'I am the contact person (Erik Haugen, +47 917 55 032)'; 'Kontakt Jens Kjær på 917 28 044'.
_I_AM_THE_CONTACT = re.compile(r"(?i:i am|i'm|jeg er|eg er|jag är|jeg blir|eg blir)\s+(?:the\s+)?"
                               r"(?i:contact person|contact|kontaktperson(?:en)?|kontaktperson)\s*[(,:–-]\s*"
                               r"([A-ZÆØÅ][\w.'-]+(?:\s+[A-ZÆØÅ][\w.'-]+){1,3})")
_CONTACT_AT = re.compile(r"(?i:kontakt|contact|ring|call)\s+([A-ZÆØÅ][\w'-]+(?:\s+[A-ZÆØÅ][\w'-]+){1,2})"
                         r"(?=\s+(?i:på|on|at|paa)\s+(?:(?i:mobil\w*|tlf\.?|telefon)\s+)?\+?\d)")


# 'kontakt Ola Hansen 90011222' in a one-line list typed on a phone: the contact and their number.
_CONTACT_LISTED = re.compile(r"(?:^|[,;.]\s*)(?i:kontakt|kontaktperson|contact|contact person)\s*:?\s+"
                             r"(?:(?i:meg|me|undertegnede|underteikna)\s*,\s*)?([A-ZÆØÅ][\w'-]+(?:\s+[A-ZÆØÅ][\w'-]+){1,3})\s*,?\s*(?:(?i:tlf|mob|mobil|tel)\.?\s*)?"
                             r"(" + PHONE_NUMBER + r")\b")


# Every pattern above but _QUESTIONS_TO and _CONTACT_AT ('ring Ola Hansen på …') has the word: a line
# without it (most lines of prose) is not searched with them, the same results for a fraction of the work.
_CONTACT_WORD = re.compile(r"kontakt|contact|responsible\s+for\s+(?:the\s+)?registration|"
                           r"ansvarl\w+\s+for\s+registrering",
                           re.IGNORECASE)


def people_in(text: str, line: Line) -> Iterator[tuple[str, str, int, float]]:
    """(key, value, line, confidence) for the contact person and their number stated in one line."""
    named = _CONTACT_WORD.search(text) is not None
    m = _CONTACT_IS_ME.search(text) if named and line.zone == BODY else None
    if m and (m.group(0).rstrip().lower().endswith(("ikke", "ikkje", "inte", "not"))):
        yield "contact_person", SELF, line.number, CORRECTION
    elif named and _TAKING_OVER.search(text) and line.zone == BODY:
        yield "contact_person", SELF, line.number, CORRECTION  # a change stated outright, an update's too
    elif m or (named and (use := _USE_ME.search(text)) and line.zone == BODY):
        yield "contact_person", SELF, line.number, PROSE_CONFIDENCE
        given = _NAME_GIVEN.match(text[use.end():]) if not m else None
        if given:  # 'bruk meg som kontaktperson videre: Lise Berg, mob 926 44 310'
            yield "contact_person", _name(given.group(1)), line.number, PROSE_CONFIDENCE + 0.05
            number = _AFTER_NAME.match(given.string[given.end():])
            if number:
                yield "contact_phone", number.group(1), line.number, PROSE_CONFIDENCE
    m = _I_AM_CONTACT.search(text) if named else None
    if m:
        yield "contact_person", _name(m.group(1)), line.number, PROSE_CONFIDENCE
    listed = _CONTACT_LISTED.search(text) if named else None
    if listed:
        yield "contact_person", listed.group(1), line.number, PROSE_CONFIDENCE - 0.05
        yield "contact_phone", listed.group(2), line.number, PROSE_CONFIDENCE - 0.05
    m = (named and (_CONTACT.search(text) or _I_AM_THE_CONTACT.search(text))) or _CONTACT_AT.search(text)
    if m:
        yield "contact_person", _name(m.group(1)), line.number, PROSE_CONFIDENCE
        number = _AFTER_NAME.match(text[m.end():])
        if number:
            yield "contact_phone", number.group(1), line.number, PROSE_CONFIDENCE
    yield from _questions_to(text, line)
