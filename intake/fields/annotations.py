"""What a case officer strips from a value before reading it: bullets, asides, job titles.

'912 345 678 (via our consultant X AS)' is an org number; 'Beate Lund (innehaver)' and 'Nina
Paulsen, regulatorisk ansvarlig' are names; 'Rahimi Tannteknikk (ENK)' is the company;
'meg (Kristin Moe)' names Kristin Moe. The stripped words are kept as the value's note, so
provenance still shows what was written.
"""

from __future__ import annotations

import re

_BULLET = re.compile(r"^\s*(?:[*•·▪◦►>]+|-(?=\s))\s*")
_TRAILING_PAREN = re.compile(r"\s*[(\[][^()\[\]]*[)\]]\s*$")
_ANY_PAREN = re.compile(r"\s*\([^()]*\)")
_ASIDE_NOT_FORM = re.compile(r"\s*\((?!\s*NUF\s*\))[^()]*\)")  # '(NUF)' is a branch's name; '(ENK)' goes
_SELF = re.compile(r"^(?:(?:meg|mig|eg|jeg|jag|me)(?:\s+(?:selv|sjølv|själv))?|myself|undertegnede|underteikna|undertecknad)$",
                   re.IGNORECASE)
# A person's honorific before the name; validate drops it wherever the name was read.
HONORIFIC = r"dr|prof|mr|mrs|ms|fru|herr|frau"
_TITLE = re.compile(r"^(?:(?:" + HONORIFIC + r"|dipl\.?-\s?\w+|med|rer\.?\s?nat|daglig leiar|"
                    r"daglig leder|dagleg leiar|ceo|vd|adm\.? dir\.?|"
                    r"kvalitetsleder|kvalitetsansvarlig|regulatory manager)\.?\s+)+(?=[A-ZÆØÅ])", re.IGNORECASE)
_SELF_START = re.compile(r"^(?:meg|eg|jeg|jag|me|mig|us|oss|undertegnede|underteikna|undertecknad|undertegnede|myself|"
                         r"the undersigned|undersigned)\b", re.IGNORECASE)
# 'Kontaktperson för registreringen är undertecknad': a label run on into a sentence that ends in the writer.
_SELF_END = re.compile(r"^[^\d@,.;:]{0,40}?\s(?:er|är|ær|is|blir|blir\s+det)\s+"
                       r"(?:jeg|eg|jag|meg|mig|undertegnede|undertecknad|underteikna|the undersigned|me|myself)[\s.,]*$",
                       re.IGNORECASE)
# After a name: ', daglig leder', ' – fagansvarlig', ', tlf 22 33 44 55', '/ CEO'.
_NAME_TAIL = re.compile(r"\s*(?:,|\s[-–—/|]\s|;)\s*.*$")
_COMPANY_TAIL = re.compile(r"\s*(?:,|\s[-–—]\s)\s*(?:org|org\.|orgnr|org\.nr|organisasjonsnr|reg|vat|mva|nr|no\.?)\b.*$",
                           re.IGNORECASE)
# 'Vossevangen Tannteknikk AS. Organisasjonsnummer har vi …': the name ends with its legal form and the sentence.
_NEXT_SENTENCE_AFTER_FORM = re.compile(r"\b(AS|ASA|AB|ApS|A/S|Oy|GmbH|NUF|ENK|AG|SA|BV)\.\s+[A-ZÆØÅ].*$")
def firm_sentence_ended(value: str) -> str:
    """'Vossevangen Tannteknikk AS. Organisasjonsnummer har vi …' -> 'Vossevangen Tannteknikk AS'."""
    return _NEXT_SENTENCE_AFTER_FORM.sub(r"\1", value)


# The firm registering for another names that other after these words; the other is not the applicant.
_FOR_ANOTHER = re.compile(r"\s(?:on behalf of|acting for|på vegne av|på vegner av|på vegne af|på uppdrag av|"
                          r"for (?:our|vår|vores|våra) (?:client|kunde|klient)\w*)\s+\S", re.IGNORECASE)
_LABEL_WORD = re.compile(r"^(?:registering|registrering|gjelder|firma|company|selskap)\s*:\s*", re.IGNORECASE)
_PHONE_NOTE = re.compile(r"^(.*?\d[\d\s]{6,}\d)\s+(?:\(|[-–]\s|/\s|via\b|til\b|for\b|kun\b|only\b|hele\b).*$", re.IGNORECASE)
_TEXT_KEYS = ("manufacturer_name", "contact_person")
_PHONE_KEYS = ("phone", "fax", "contact_phone")


_ALTERNATIVES_HINT = re.compile(r"\([^()]*\b(?:eller|or|alt\.?)\b[^()]*\)", re.IGNORECASE)
_TRUNK_ZERO = re.compile(r"\(0\)\s*")
_DIGIT = re.compile(r"\d")
_POSTCODE = re.compile(r"\d{4}")
_LETTER_FIRST = re.compile(r"[^\W\d]")
_IN_PARENS = re.compile(r"\(([^()]*)\)")
_CAPITALISED = re.compile(r"[A-ZÆØÅÄÖ][\w'-]+")


def strip_annotations(key: str, value: str) -> str:
    """The value without the asides around it ('' when it was only an aside)."""
    value = _BULLET.sub("", value.strip()).strip()
    if key == "contact_person":
        return _person(value)
    if key == "manufacturer_name":
        value = _LABEL_WORD.sub("", value)
        value = _COMPANY_TAIL.sub("", firm_sentence_ended(value))
        another = _FOR_ANOTHER.search(value)  # 'Fjellstad Regulatory AS on behalf of Sanjivani Ltd.': the first registers
        value = value[:another.start()].rstrip(" ,") if another else value
        return _ASIDE_NOT_FORM.sub("", value).strip(" ,;")  # '(NUF)' is the legal form, part of the name
    if key == "device_type":
        # The label's own hint '(medisinsk utstyr eller in vitro-diagnostisk)' is not the answer.
        return _ALTERNATIVES_HINT.sub(" ", value).strip()
    if key in _PHONE_KEYS:
        value = _TRUNK_ZERO.sub("", value)  # '+47 (0)971 22 508'
        m = _PHONE_NOTE.match(value)
        value = m.group(1) if m else value
    if key in ("visiting_address", "postal_address"):
        value = _address(_NEXT_SENTENCE.sub(r"\1", value))
    if key in ("org_number", "email", "website", "visiting_address", "postal_address") or key in _PHONE_KEYS:
        while _TRAILING_PAREN.search(value) and _TRAILING_PAREN.sub("", value).strip():
            value = _TRAILING_PAREN.sub("", value)
        if _TRAILING_PAREN.fullmatch(value):
            return ""
    return value.strip(" ,;")


# 'Hunnsvegen 5, 2821 Gjøvik. Postadressen er Postboks 214, …': the address ends with its town's sentence.
# ('Postboks 6789 St. Olavs plass': four digits after a post box's word are its number, not a postcode)
_NEXT_SENTENCE = re.compile(r"(?<!boks )(?<!Boks )(?<!BOKS )(?<!box )(?<!Box )(?<!BOX )(?<!Pb. )(?<!pb. )(?<!Pb )(?<!pb )"
                            r"(\d{4}\s[^\d.]{2,40})\.\s+[A-ZÆØÅ][a-zæøå]+\s+\w.*$")


# Where in the building, not where the building is: '3. etg.', '2nd floor', 'inngang fra baksiden'.
_FLOOR = re.compile(r"^(?:\d+\.?\s*(?:etg|etasje|etage|et|floor|fl|sal|våning|vån|plan)\.?|\d+(?:st|nd|rd|th)\s+floor|"
                    r"(?:ground|first|second|third)\s+floor|(?:inngang|inngong|entrance|ingång|indgang)\b.*)$", re.IGNORECASE)


# 'Gimlemoen 19, 4630 Kristiansand Inngang B': the door, written after the town without a comma.
_ENTRANCE_AFTER = re.compile(r"\s(?:inngang|inngong|entrance|ingång|indgang|oppgang)\b", re.IGNORECASE)


def _without_entrance(piece: str) -> str:
    m = _ENTRANCE_AFTER.search(piece)
    return piece[:m.start()].rstrip() if m and _DIGIT.search(piece[:m.start()]) else piece


# The gap before the label is matched once from the start of a run of blanks, never from within it: a
# run of many blanks tried at every split took seconds (cubic), a line of 900 blanks over half a minute.
_INLINE_PLACE = re.compile(r"(?<!\s)(?:[ \t]*+[,;]\s*+|\s{2,}+|\t)(?:post\s*nr\.?\s*(?:/|og|and|&)\s*(?:post)?sted|postnummer|poststed|postnr\.?|"
                           r"postort|sted|zip(?:\s*code)?|post\s*code|postal\s*code|city|town)\s*[:.]\s*", re.IGNORECASE)


def _address(value: str) -> str:
    """'Gullhaugveien 9 (inngang fra baksiden, 2. etg), 0484 Oslo' -> 'Gullhaugveien 9, 0484 Oslo': where
    in the building is an aside; the building's own name ('Pirsenteret, Brattørkaia 17A') is kept as written."""
    value = _ANY_PAREN.sub("", value) if _ANY_PAREN.sub("", value).strip() else value
    value = _INLINE_PLACE.sub(", ", value)  # 'Postboks 55    Postnr/sted: 0101 Oslo' on a form's one line
    pieces = [p.strip() for p in value.split(",")]
    pieces = [p for p in pieces if p and not _FLOOR.match(p)] or pieces
    pieces = [_without_entrance(p) for p in pieces]
    for i in range(len(pieces) - 1):
        if _POSTCODE.fullmatch(pieces[i]) and _LETTER_FIRST.match(pieces[i + 1]):
            pieces[i:i + 2] = [f"{pieces[i]} {pieces[i + 1]}", ""]  # 'Postnr: 0150, Sted: Oslo'
    return ", ".join(p for p in pieces if p)


# A form's tick boxes: '[X] Produsent  [ ] Autorisert representant', 'Produsent [x] / Fullmektig [ ]', '☒ IVD'.
_BOX = re.compile(r"\[\s*[xX✓✔]?\s*\]|\(\s*[xX✓✔]?\s*\)|[☐☒☑✓✔]")
_TICKED = re.compile(r"\[\s*[xX✓✔]\s*\]|\(\s*[xX✓✔]\s*\)|[☒☑✓✔]")


def ticked(value: str) -> str:
    """The options ticked in a row of tick boxes ('' when none is), or the value as written when it has no boxes."""
    boxes = list(_BOX.finditer(value))
    if len(boxes) == 1 and boxes[0].start() == 0:
        # '☑ Samme som besøksadresse': one box before its answer, ticked or not
        return value[boxes[0].end():].strip(" :-") if _TICKED.fullmatch(boxes[0].group(0)) else ""
    if len(boxes) < 2:
        return value
    if not any(_TICKED.fullmatch(b.group(0)) for b in boxes):
        return ""  # '[ ] Produsent [ ] Fullmektig': a form left unticked answers nothing
    before = not value[:boxes[0].start()].strip(" :-")  # '[X] Produsent' (box first) or 'Produsent [x]'
    ends = [b.start() for b in boxes[1:]] + [len(value)] if before else [b.start() for b in boxes]
    starts = [b.end() for b in boxes] if before else [0] + [b.end() for b in boxes[:-1]]
    options = [value[a:z].strip(" /,;|-") for a, z in zip(starts, ends)]
    chosen = [o for o, b in zip(options, boxes) if _TICKED.fullmatch(b.group(0)) and o]
    return " / ".join(chosen) or value


SELF = "@self"  # stands for the writer until the signature names them


def refers_to_self(value: str) -> bool:
    """'meg', 'undertegnede', 'underteikna', 'myself': the writer of the mail."""
    value = _BULLET.sub("", value.strip())
    return bool(_SELF_START.match(value) or _SELF_END.search(value))


_SELF_THEN_NAME = re.compile(r"^(?:meg|eg|jeg|me|mig|jag|myself|undertegnede|underteikna|undertecknad)"
                             r"(?:\s+(?:selv|sjølv|själv))?\s*[,:–-]\s*([A-ZÆØÅÄÖ][\w'-]+(?:\s+[A-ZÆØÅÄÖ][\w'-]+){1,3}\b.*)$",
                             re.IGNORECASE)
_EMAIL_IN_NAME = re.compile(r"\s*<?[\w.+'-]+@[\w-]+(?:\.[\w-]+)+>?")


def _person(value: str) -> str:
    value = _EMAIL_IN_NAME.sub(" ", value).strip(" ,;<>")  # 'Kari Nordmann <kari@firma.no>'
    if value.count("(") > value.count(")"):
        value = value[:value.rindex("(")].strip(" ,;")  # 'Kari Nordmann (kari@firma.no, 912…' cut before its number
    inside = _IN_PARENS.search(value)
    outside = _ANY_PAREN.sub("", value).strip(" ,;")
    if inside and (not outside or _SELF.match(outside)):
        return _NAME_TAIL.sub("", inside.group(1)).strip()
    named = _SELF_THEN_NAME.match(outside)
    if named:
        return _person(named.group(1))  # 'meg, Per Olav Ruud': the name given
    if _SELF_START.match(outside):
        return ""  # 'meg på 907 14 552': who is meant is in the signature, not here
    pieces = [p.strip() for p in outside.split(",")]
    if len(pieces) >= 2 and _is_role(pieces[0]) and _all_names(pieces[1].split()[:4]) and len(pieces[1].split()) >= 2:
        outside = ", ".join(pieces[1:])  # 'Daglig leder, Ola Hansen'
    elif len(pieces) == 2 and all(_CAPITALISED.fullmatch(p) and not _ROLE_WORD.match(p) for p in pieces):
        return f"{pieces[1]} {pieces[0]}"  # 'Hansen, Ola': surname first, as a list writes it
    name = _without_role(_TITLE.sub("", _NAME_TAIL.sub("", outside).strip()).strip())
    return name[:-1] if re.search(r"\w{3}\.$", name) else name  # 'Solveig Haugland. mob …': the sentence's stop


def _is_role(text: str) -> bool:
    words = text.split()
    return bool(words) and all(_ROLE_WORD.match(w) or w.islower() for w in words)


# Words of a job title written before or after the name without a comma: 'Kvalitetssjef Ola Hansen',
# 'QA Manager Ola Hansen', 'Ola Hansen daglig leder'.
_ROLE_WORD = re.compile(
    r"^(?:\w*(?:sjef|leder|leiar|ansvarlig|ansvarleg|ansvarig|chef|ingeniør|ingenjör|tekniker|rådgiver|rådgjevar|"
    r"konsulent|koordinator|direktør|direktör|manager|director|officer|engineer|coordinator|consultant|specialist|"
    r"assistent|assistant|sekretær|sekreterare)|head|of|and|og|och|&|/|qa|ra|qa/ra|ra/qa|ceo|cto|coo|cfo|vp|md|"
    r"regulatory|quality|affairs|compliance|kvalitet|kvalitets|daglig|dagleg|adm\.?|teknisk|product|produkt|sales|"
    r"salgs|key|account|senior|prrc|innehaver|innehavar|eier|eigar|ägare|owner|founder|gründer|partner)$",
    re.IGNORECASE)
_NAME_WORD = re.compile(r"^[A-ZÆØÅÄÖÜ][\w'’.-]*$")


def _without_role(name: str) -> str:
    """The name without a job title run into it, when two to four capitalised words are left."""
    words = name.split()
    start, end = 0, len(words)
    while end - start > 2 and _ROLE_WORD.match(words[start]):
        start += 1
    while end - start > 2 and (words[end - 1].islower() or _ROLE_WORD.match(words[end - 1])):
        end -= 1  # 'Solveig Hjelmeland Daglig leder': a title after the name, cells run together
    kept = words[start:end]
    if (start or end < len(words)) and 2 <= len(kept) <= 4 and _all_names(kept):
        return " ".join(kept)
    return name


def _all_names(words: list[str]) -> bool:
    return all(_NAME_WORD.match(w) for w in words)


def aside(key: str, value: str) -> str | None:
    """What was stripped, for provenance; None when nothing was."""
    kept = strip_annotations(key, value)
    return None if kept == value.strip() else value.strip()
