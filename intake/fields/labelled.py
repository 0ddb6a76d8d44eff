"""Candidates from label lines: each label with its value, and the further fields on the same line
('Tlf: 22 33 44 55   Faks: 22 33 44 56', 'Kontaktperson: Kari Nordmann, mobil 926 12 345')."""

from __future__ import annotations

import re

from intake.fields.annotations import strip_annotations
from intake.fields.candidates import ADDRESS_FIELDS, CONFIDENCE, NUMBER_KEYS, Candidate, emit
from intake.fields.catalogue import placeholder_pattern
from intake.fields.continuation import address_continuation, answer_below, label_wraps_to, value_below
from intake.fields.label_split import SEPARATOR, label_key, split_label
from intake.fields.labels import normalise_label
from intake.fields.naming import COMPANY_SUFFIX, names_only_a_kind, not_a_name, role_for_another
from intake.fields.role_sections import role_heading
from intake.layouts.zones import OURS, QUOTED, READABLE, SIGNATURE, Line


def labelled_candidates(lines: list[Line], *, later_wins: bool = False):
    """Candidates from label lines, following values onto the next lines and splitting pairs."""
    state = {"contact_section": False, "seen": set(), "later_wins": later_wins}
    consumed: set[int] = set()
    inline = any(line.zone in READABLE and _ANSWERS_INLINE.search(line.text) for line in lines)
    for idx, line in enumerate(lines):
        if idx in consumed or line.zone not in (*READABLE, SIGNATURE, QUOTED, OURS):
            continue
        if not line.text.strip():
            if idx + 1 not in consumed:  # a blank between a label and the value under it ends no section
                state["contact_section"] = False
            continue
        if len(line.text) <= 100 and role_heading(line.text):
            # '2. Authorized Representative (applicant)': another firm's block begins, its fields not yet seen
            state["seen"], state["contact_section"] = set(), False
        role = _role_answered_yes(line.text) if line.zone in READABLE else None
        if role is not None:
            # 'Produsent: Ja' / 'Fullmektig: Nei': the role said yes to is the kind of business.
            if role:
                yield from emit("business_type", role, "same_line", line, state)
            continue
        kind = _role_answered_yes(line.text, device=True) if line.zone in READABLE and _IVD.search(line.text) else None
        if kind is not None:
            # 'In vitro-diagnostisk utstyr (IVD): Ja', a ticked box of a filled-in PDF form: the kind of device
            # ('Medisinsk utstyr: Ja' may head a list of products, and is left to the rest of the mail).
            if kind:
                yield from emit("device_type", kind, "same_line", line, state)
            continue
        split = split_label(line.text)
        if split is None:
            continue
        key, value, how = split
        if how == "bare" and key == "email" and ":" in value and "@" not in value.split(":", 1)[0]:
            value = value.split(":", 1)[1]  # 'E-post for innlogging / login e-mail: register@…': the label ends at ':'
        if _LABEL_GOES_ON.match(value) or (how == "bare" and key in NUMBER_KEYS and _NUMBER_WORD.match(value)
                                           and not _DIGIT.search(value)) or _requests_wording(key, value, line.zone):
            # 'Contact person with direct telephone number' / 'Company telephone number (and fax, if any)' over
            # the answer: the wording of a request, its value under it.
            value = ""
        if ((how == "bare" or not value.strip() or _dashed(line.text, value))
                and _continues_sentence(lines, idx, tail=not value.strip())):
            # '… helps patients with / type 2 diabetes log …', 'Skjema for registrering – Register for medisinsk /
            # utstyr', '… og er selv / produsent - vi kjøper ikke inn …': a sentence or a title wrapped at the margin
            continue
        if _dashed(line.text, value) and "?" in re.split(r"[.!]", value)[0]:
            # 'Fakturaadresse – trenger dere den?': a question about a field, not its value
            continue
        if line.zone in (QUOTED, OURS):
            if (inline and line.zone == OURS and value.strip() and not key.startswith("@")
                    and not placeholder_pattern().match(value.strip())):
                # 'Se svar i teksten under': the applicant typed each answer after our label in our request,
                # unquoted (a quoted request recites what we have, not what they typed).
                for piece_key, piece_value, how, used in _pairs(lines, idx, key, value, "answer"):
                    consumed.update(used)
                    yield from emit(piece_key, piece_value, "answer", line, state)
                continue
            yield from answer_below(lines, idx, key, value, consumed, state)
            continue
        named = _NAMED_IN_LABEL.search(line.text.split(":")[0]) if key in ("contact_phone", "@mobile") else None
        if named:
            # 'Telefon til kontaktperson (Jørgen Lie): 954 70 203' names the contact too.
            yield from emit("contact_person", named.group(1), how, line, state)
        for key, value, how, used in _pairs(lines, idx, key, value, how):
            consumed.update(used)
            yield from emit(key, value, how, line, state)


# 'Se svar i teksten under', 'svarer under', 'answers inline', 'mine svar står i e-posten nedenfor'.
_ANSWERS_INLINE = re.compile(r"\b(?:svar\w*\s+(?:i\s+teksten|inne\s+i|under|nedanfor|nedenfor|inline|direkte\s+i)|"
                             r"svar(?:er|ar)?\s+(?:deg\s+|dykk\s+|dere\s+)?(?:i\s+teksten|under|nedenfor|inline)|"
                             r"answers?\s+(?:inline|below|in\s+(?:the\s+)?(?:text|mail|e-mail)\s+below)|"
                             r"(?:answered|replied)\s+(?:inline|below|in\s+your\s+(?:mail|e-mail))|"
                             r"fylt\s+(?:inn|ut)\s+(?:i|under|nedenfor)|filled\s+in\s+below|"
                             r"svar\s+i\s+(?:mailen|e-posten|eposten)\s+(?:under|nedenfor))", re.IGNORECASE)


_YES = re.compile(r"^(?:ja|yes|jo|x|\[\s*x\s*\]|[✓✔☒☑]|stemmer|correct|sant|true)\.?$", re.IGNORECASE)
_IVD = re.compile(r"\bivd\b|in[\s-]*vitro", re.IGNORECASE)
_NO = re.compile(r"^(?:nei|no|nej|-|–|\[\s*\]|☐|ikke aktuelt|n/a)\.?$", re.IGNORECASE)
_YES_NO_HINT = re.compile(r"\s*\((?:ja|yes|nei|no|x)\s*/\s*(?:ja|yes|nei|no|x)\)\s*", re.IGNORECASE)


def _role_answered_yes(text: str, *, device: bool = False) -> str | None:
    """'Produsent: Ja' -> 'Produsent'; 'Fullmektig: Nei' -> ''; None when the line is no such answer. With
    `device`, the same for a kind of device ('In vitro-diagnostisk utstyr (IVD): Ja')."""
    label, sep, value = text.partition(":")
    label = _YES_NO_HINT.sub(" ", label).strip(" *•-")
    if not sep or not label or not (_YES.match(value.strip()) or _NO.match(value.strip())):
        return None
    if not (names_only_a_kind(label, or_device=True) and not names_only_a_kind(label) if device
            else names_only_a_kind(label)):
        return None
    return label if _YES.match(value.strip()) else ""


def _continues_sentence(lines: list[Line], idx: int, *, tail: bool = False) -> bool:
    """Does the line carry on a hard-wrapped sentence from the line above (long, unfinished, same zone)? A
    `tail` (a lone word left over) needs a shorter line above."""
    above = lines[idx - 1] if idx else None
    return (above is not None and above.zone == lines[idx].zone and len(above.text.rstrip()) >= (30 if tail else 60)
            and not above.text.rstrip().endswith((".", ":", "!", "?")) and lines[idx].text.lstrip(" (")[:1].islower())


def _dashed(text: str, value: str) -> bool:
    """Does a dash, not a colon, part the label from its value ('produsent - vi kjøper …')?"""
    at = text.find(value.strip()[:20]) if value.strip() else -1
    return at > 0 and ":" not in text[:at] and text[:at].rstrip().endswith(("-", "–", "—"))


_NAMED_IN_LABEL = re.compile(r"\(([A-ZÆØÅÄÖ][\w'-]+(?:\s+[A-ZÆØÅÄÖ][\w'-]+){1,3})\)")


def _pairs(lines: list[Line], idx: int, key: str, value: str, how: str):
    """The label's value (from this or the following lines), and further 'Label: value' on the line."""
    used: set[int] = set()
    value = value.strip().strip("\"'").rstrip(",;")
    closing = label_wraps_to(lines, idx, value)
    if closing is not None:
        # 'E-mail (for' / 'correspondence and' / 'log-in)' / 'post@firma.no': a label's note wrapped in
        # a narrow table column; the value is under the line that closes it.
        value, used = value_below(lines, closing, key)
        yield from ((k, v, "next_line", used | set(range(idx + 1, closing + 1))) for k, v in _inline_pairs(key, value))
        return
    if not value:
        value, used = value_below(lines, idx, key)
        how = "next_line"
        if key == "manufacturer_name" and not_a_name(value) and names_only_a_kind(lines[idx].text.strip()):
            # 'Produsent' alone on its line, above 'firma.no': the kind of business, not a label.
            yield "business_type", lines[idx].text.strip(), "bare", set()
            return
    elif key in ADDRESS_FIELDS:
        value, used = address_continuation(lines, idx, value)
    for piece_key, piece_value in _inline_pairs(key, value):
        yield piece_key, piece_value, how, used
        used = set()
    if key == "contact_person" and how == "next_line" and value:
        yield from _under_the_name(lines, max((*used, idx)))


_DIGIT = re.compile(r"\d")
_NUMBER_WORD = re.compile(r"^(?:number|nummer|no\.|nr\.?)(?:\s|$)", re.IGNORECASE)
# The words that carry a label on ('Kontaktperson med direktenummer', 'E-mail for correspondence'), not a value.
_LABEL_GOES_ON = re.compile(r"^(?:with|med|incl\.?|including|inkl\.?|inkludert|and|og)\s+[a-zæøå]", re.IGNORECASE)


def _requests_wording(key: str, value: str, zone: str) -> bool:
    """'- telefonnummer til virksomheten', '- e-postadresse som brukertilgangen skal sendes til' in our request:
    words that go on describing what is asked, not a number or an address of the applicant's."""
    if zone != OURS or not value.strip() or placeholder_pattern().match(value.strip()):
        return False
    return (key in NUMBER_KEYS and not _DIGIT.search(value)) or (key == "email" and "@" not in value)


_BARE_NUMBER = re.compile(r"^(?:(?:mob\w*|tlf\.?|tel\.?|m|t)[.:]?\s*)?((?:\+|00)?\d[\d \-]{6,}\d)$", re.IGNORECASE)


def _under_the_name(lines: list[Line], last: int):
    """'Kontaktperson:' / 'Ola Hansen' / 'ola@firma.no' / '900 11 222': a number on its own line of the
    contact's block, before a blank line or a label, is theirs."""
    for j in range(last + 1, min(last + 4, len(lines))):
        text = lines[j].text.strip()
        if not text or lines[j].zone != lines[last].zone or split_label(text):
            return
        number = _BARE_NUMBER.match(text)
        if number:
            yield "@mobile", number.group(1), "next_line", {j}
            return


_TRUNK = r"(?:(?:\+|00)\d{1,3}\s?\(0\)\s?)?"  # '+49 (0) 7243 56 18-23': the trunk zero in brackets
# 'Kari Nordmann, mobil 926 12 345', 'Kari Nordmann, 926 12 345', 'Jonas Eide (+47 481 22 306), jonas@x.no':
# a number after the name is the person's.
_PERSON_PHONE = re.compile(r"(?:\s*[,;(–/-]\s*|\s+)(?:(?:mobil\w*|mob|tlf|telefon|tel|phone|mobile|cell)\.?\s*:?\s*)?"
                           r"(?P<number>" + _TRUNK + r"(?:\+|00)?\d[\d \-]{6,}\d)\s*\)?\s*"
                           r"(?:[,;/–-]\s*[\w.+'-]+@[\w.-]+\s*)?$",
                           re.IGNORECASE)


_NAME_FIRST = re.compile(r"^[A-ZÆØÅÄÖ][\w'-]+(?:\s+[A-ZÆØÅÄÖ][\w'.-]*){1,3}$")
_PERSON_NUMBERS = re.compile(r"(?P<kind>mobil\w*|mob|tlf|telefon|tel|phone|mobile|cell|direkte|direct)\.?\s*:?\s*"
                             r"(?P<number>" + _TRUNK + r"\+?\d[\d \-]{6,}\d)", re.IGNORECASE)


def _inline_pairs(key: str, value: str) -> list[tuple[str, str]]:
    """'Tlf: 22 33 44 55   Faks: 22 33 44 56' holds two fields on one line; so does
    'Kontaktperson: Kari Nordmann, mobil 926 12 345'."""
    person_phone = _PERSON_PHONE.search(value) if key in ("contact_person", "contact_phone") else None
    if person_phone and key == "contact_phone" and _NAME_FIRST.match(value[:person_phone.start()].strip()):
        # 'Kontaktperson/tlf: Kari Nordmann, 900 11 222': the label names both, the value gives both.
        return [("contact_person", value[:person_phone.start()].strip()), (key, person_phone.group("number"))]
    if person_phone and key == "contact_person":
        return [(key, value[:person_phone.start()].strip()), ("@mobile", person_phone.group("number"))]
    numbers = list(_PERSON_NUMBERS.finditer(value)) if key == "contact_person" else []
    if numbers:
        # 'Espen Skaar, fagansvarlig, tlf 38 10 22 60 / mob 905 44 318': the mobile is the person's,
        # the other number the company's when both are given.
        mobiles = [m for m in numbers if m.group("kind").casefold().startswith(("mob", "cell", "dir"))]
        pairs = [(key, value[:numbers[0].start()].strip(" ,;(–-"))]
        if mobiles:
            pairs.append(("contact_phone", mobiles[0].group("number")))
            pairs += [("phone", m.group("number")) for m in numbers if m not in mobiles][:1]
        else:
            pairs.append(("@mobile", numbers[0].group("number")))
        return pairs
    noted = _noted_numbers(value) if key == "phone" else None
    if noted:
        return noted
    number_first = _NUMBER_THEN_MORE.match(value) if key in NUMBER_KEYS else None
    if number_first:
        # 'Org.nr. 987 654 325, mobil 912 34 567': the number, then another field in words.
        more = split_label(number_first.group(2))
        rest = _inline_pairs(more[0], more[1]) if more and more[1] and not more[0].startswith("@name") else []
        return [(key, number_first.group(1))] + rest
    for colon in _COLON.finditer(value):
        before = value[:colon.start()]
        spans = [m.start() for m in re.finditer(r"\S+", before)]
        for n in range(1, min(5, len(spans) - 1) + 1):
            start = spans[-n]
            other = label_key(before[start:])
            # A context word ('Navn', 'Mobil') splits only after a clear gap, never inside a value.
            gap = re.search(r"(?:\s{2,}|[;,|/]\s*)$", before[:start])
            if other and (not other.startswith("@") or gap):
                return [(key, before[:start].strip(" ,;|"))] + _inline_pairs(other, value[colon.end():])
    return [(key, value)]


# 'Telefon: 22 00 11 22 (sentralbord) / 900 11 222 (Ola, mobil)', 'Telefon: 930 55 214 (mobil, samme for
# firma og meg)': a note says whose number it is.
_NOTED_NUMBER = re.compile(r"((?:\+|00)?\d[\d \-]{6,}\d)\s*(?:\(([^()]{2,60})\))?")
_PERSONS_NOTE = re.compile(r"\b(?:mobil\w*|mob|cell\w*|direkte|direct|meg|me|mig|kontaktperson\w*|contact)\b|"
                           r"^(?-i:[A-ZÆØÅ][\w'-]+(?:\s+[A-ZÆØÅ][\w'-]+)?)\b", re.IGNORECASE)  # a name has capitals
_BOTH_NOTE = re.compile(r"\b(?:samme|same|også|ogsa|óg|both|begge|även)\b.*\b(?:meg|me|mig|kontakt\w*|contact)\b|"
                        r"\b(?:meg|me|mig|kontakt\w*|contact)\b.*\b(?:samme|same|også|óg|too|also)\b", re.IGNORECASE)
_COMPANYS_NOTE = re.compile(r"\b(?:sentralbord\w*|switchboard|firma\w*|kontor\w*|office|hoved\w*|main|växel|vaxel)\b",
                            re.IGNORECASE)


def _noted_numbers(value: str) -> list[tuple[str, str]] | None:
    """The company's number and the contact's, as the notes beside them say; None without such notes."""
    found = list(_NOTED_NUMBER.finditer(value))
    if len(found) == 1 and _BOTH_NOTE.search(found[0].group(2) or ""):
        return [("phone", found[0].group(1)), ("@mobile", found[0].group(1))]
    persons = [m for m in found if m.group(2) and _PERSONS_NOTE.search(m.group(2)) and not _COMPANYS_NOTE.search(m.group(2))]
    if len(found) < 2 or len(persons) != 1:
        return None
    company = next(m for m in found if m is not persons[0])
    return [("phone", company.group(1)), ("@mobile", persons[0].group(1))]


_COLON = re.compile(r"\s*:\s+")

_NUMBER_THEN_MORE = re.compile(r"^((?:\+|00)?\d[\d .-]{5,}\d)\s*(?:[,;|]|\s/)\s+([A-Za-zÆØÅæøå].*)$")


# ('Søker: Bryggen MedRep AS' above 'Produsent: Maple Ridge Diagnostics Inc.': the applicant is who registers.)
_REPRESENTATIVE_LABELS = {"authorisedrepresentative", "authorizedrepresentative", "autorisertrepresentant",
                          "autoriserterepresentant", "fullmektig", "eurepresentative", "norwegianrepresentative",
                          "soker", "sokjar", "applicant", "sokande"}


def representative_applies(lines: list[Line]) -> list[Candidate]:
    """'Legal manufacturer: Hartmann GmbH' above 'Authorised representative (applicant): Fjordrep AS': the
    representative is the one registering, so its name is the applicant's, above the manufacturer's."""
    for idx, line in enumerate(lines):
        m = SEPARATOR.match(line.text) if line.zone in READABLE else None
        if not m or normalise_label(m.group("label")) not in _REPRESENTATIVE_LABELS:
            continue
        found = _firm(m.group("value"), line)
        for below in lines[idx + 1:idx + 3] if not m.group("value") else ():
            # 'Authorised representative (applicant):' as a heading, then 'Name: Fjordrep AS' or the name alone
            split = split_label(below.text) if below.zone in READABLE else None
            found = found or _firm(split[1] if split and split[0] in ("@name", "manufacturer_name") else
                                   below.text if split is None and below.zone in READABLE else "", below)
        if found:
            return found
    return []


def _firm(value: str, line: Line) -> list[Candidate]:
    value = strip_annotations("manufacturer_name", value.strip())
    if COMPANY_SUFFIX.search(value) and not names_only_a_kind(value) and not role_for_another(value):
        return [Candidate("manufacturer_name", value, line.number, CONFIDENCE["same_line"] + 0.01)]
    return []
