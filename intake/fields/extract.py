"""Field extraction: read every catalogue field from a message text the way a case officer would.

Labelled values in the applicant's own text (or a forwarded message) come first; an answer typed
under our quoted question counts as labelled; statements in running prose come next; values in a
signature are a last resort. Each value keeps where it was read (part, line) and a confidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from intake.fields.address import BOTH_ADDRESSES, names_both_addresses
from intake.fields.annotations import SELF, refers_to_self, strip_annotations
from intake.fields.custom_made import states_custom_made
from intake.fields.catalogue import placeholder_pattern, rules, same_as_visiting_pattern
from intake.fields.labels import leading_label, match_label, names_old_value, normalise_label
from intake.model import OK, FieldResult, Provenance
from intake.fields.prose import prose_values, subject_values, value_patterns
from intake.layouts.answers import answers_in_order
from intake.layouts.numbered import read_numbered
from intake.layouts.text_tables import read_text_tables
from intake.layouts.signature import PO_BOX, SIGNATURE_CONFIDENCE, signature_values
from intake.layouts.zones import FORWARDED, OURS, QUOTED, READABLE, SIGNATURE, Line, classify, is_sign_off

ADDRESS_FIELDS = ("visiting_address", "postal_address")
_CONFIDENCE = {"same_line": 0.95, "next_line": 0.9, "bare": 0.85, "answer": 0.9}
_ZONE_FACTOR = {"body": 1.0, FORWARDED: 0.98, SIGNATURE: 0.5 / 0.95, QUOTED: 1.0, OURS: 1.0}
# Label, then a separator: colon, tab, "=", a dash between spaces, or a form's dot leader
# ("Phone ........: 22 00 11 22"), with or without a colon after it.
_SEPARATOR = re.compile(
    r"^\s*(?P<label>[^:|\t=]{1,70}?)\s*(?:\.{3,}\s*:?|:|\t+|=|\s[-–—]\s)\s*(?P<value>.*?)\s*$")
_TABLE_RULE = re.compile(r"^[\s|:-]+$")
_POSTCODE_LINE = re.compile(r"^(?:(?:N|NO)-)?\d{4,5}\s+\S")
_COUNTRY = re.compile(r"^(?:norge|noreg|norway|sverige|sweden|danmark|denmark|finland|germany|tyskland|deutschland)\.?$",
                      re.IGNORECASE)
# Generic words whose field depends on context: a phone under a contact person is the contact's.
_GENERIC_PHONE = {"telefon", "tlf", "phone", "telephone", "tel", "telefonnummer", "phonenumber", "telefonnr"}
_MOBILE = re.compile(r"^(?:mobil|mobile|mob|mobiltelefon|mobilnummer|mobilnr|cell|cellphone|direkte|direct|directline|"
                     r"directphone|directnumber|direktelinje|direktenummer|direktetelefon|direktetlf)$")
# 'Kontaktperson er Kari Nordmann' is a sentence (read by intake/fields/prose.py), not 'label value'.
_VERBS = {"er", "is", "blir", "var", "vert", "was", "will", "skal", "kan", "må", "har", "have", "has", "are", "og", "and"}
_NAME = re.compile(r"^(?:navn|namn|name|fullt navn|full name)$", re.IGNORECASE)


@dataclass(frozen=True)
class Candidate:
    key: str
    value: str
    line: int
    confidence: float


def extract_fields(text: str, *, part: str = "body", message_id: str | None = None,
                   subject: str = "", later_wins: bool = False) -> dict[str, FieldResult]:
    """The best value found in `text` for each field key, with provenance and confidence.

    `later_wins`: an update lists what was and then what is ('Besøksadresse: gammel …' above
    'Besøksadresse: ny …'), so of two values stated alike the later one counts."""
    lines = classify(_clean(text))
    candidates = list(_labelled(lines, later_wins=later_wins)) + _representative_applies(lines)
    state = {"contact_section": False, "seen": set()}
    for key, value, line in answers_in_order(lines, label_key=_label_key, labelled=lambda t: _split(t) is not None):
        candidates += _emit(key, value, "answer", line, state)
    # A value read against its label is not read again from the same line as prose for another field
    # ('Telefon: 912 34 567' under 'Kontaktperson' is the contact's phone, not also the company's).
    labelled = {(c.line, _bare(c.value)): c.key for c in candidates}
    candidates += [Candidate(k, v, n, c) for k, v, n, c in prose_values(_unwrapped([ln for ln in lines
                                                                                     if ln.zone in READABLE
                                                                                     and not names_old_value(ln.text)]))
                   if labelled.get((n, _bare(v)), k) == k]
    candidates += [Candidate(k, v, n, c) for k, v, n, c in subject_values(subject)]
    signer = _signer(lines)
    candidates = _self_is_signer(candidates, signer)
    signature = [(ln.number, ln.text) for ln in lines if ln.zone == SIGNATURE and not _split(ln.text)]
    signed = [Candidate(k, v, n, SIGNATURE_CONFIDENCE) for k, v, n in signature_values(signature)]
    signed += _signature_company(signature)
    if signer and len({c.key for c in candidates + signed}) >= _FULL_ENOUGH:
        # Whoever signs a registration that gives the company's details but names no contact is the
        # contact, whether the details stand in the text or in the signature under the name.
        candidates.append(Candidate("contact_person", signer[1], signer[0], 0.3))
    candidates += signed
    best = _best(candidates, later_wins=later_wins)
    statement = states_custom_made(ln for ln in lines if ln.zone in READABLE or ln.zone == SIGNATURE)
    if statement is not None:
        best["declaration_of_conformity"] = Candidate(
            "declaration_of_conformity", rules().custom_made_value, statement, 0.9)
    best = {k: c for k, c in best.items() if c.value != NONE}
    best = _po_box_is_postal(_resolve_same_as(best))
    return {
        key: FieldResult(key=key, value=c.value, state=OK, confidence=round(c.confidence, 2),
                         source=Provenance(part=part, line=c.line, message_id=message_id))
        for key, c in best.items()
    }


NONE = "@none"  # an answer that there is no value
_NAME_KEYS = ("manufacturer_name", "contact_person")
_TWO_ADDRESSES = re.compile(r"^(.+?\b\d{4}\s+\w[^/;]*?)\s*(?:/|;|\s\|\s|\s(?:og|and)\s)\s*(.+?\b\d{4}\s+\w.*)$")
_NUMBER_KEYS = ("org_number", "phone", "fax", "contact_phone")
_TYPED = re.compile(r"^(?:(?:https?://|www\.)\S+|(?:[a-z0-9-]+\.)+[a-z]{2,6}/?|[\w.+'-]+@[\w-]+(?:\.[\w-]+)+|"
                    r"[+(]?[\d\s().+/-]{6,})$", re.IGNORECASE)


def _not_a_name(value: str) -> bool:
    """A web address, an e-mail address, a number or a legal form alone ('AS'): by its type, not a name."""
    return bool(_TYPED.match(value.strip())) or bool(_COMPANY_SUFFIX.fullmatch(value.strip()))
# 'se signatur', 'sjå under', 'see below': the value is elsewhere in the mail, not absent.
_POINTER = re.compile(r"\b(?:se|sjå|sjaa|see|look|jf|står|stands?|i|in)\b.*\b(?:signatur\w*|under|nedanfor|nedenfor|"
                      r"below|above|ovanfor|ovenfor|over|vedlegg\w*|attach\w*|bunnen|footer|e-?post\w*|mail\w*)",
                      re.IGNORECASE)


def _bare(value: str) -> str:
    return re.sub(r"\W", "", value.casefold())


MAX_LINE = 1_000  # no field is longer; capping keeps every regex linear on hostile one-line bodies


def _clean(text: str) -> str:
    """Non-breaking and zero-width spaces become plain spaces; markdown table edges go; long lines are cut.

    A bare CR is a line break (as in old Mac files), never deleted: deleting it would join
    `kari@firm.no` and `.attacker.example` on the next line into one valid address."""
    text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = read_numbered(read_text_tables("\n".join(line[:MAX_LINE] for line in text.split("\n"))))
    return "\n".join(line[:MAX_LINE].rstrip().strip("|") if line.lstrip().startswith("|") else line[:MAX_LINE].rstrip()
                      for line in text.split("\n"))


_FULL_ENOUGH = 6
_PERSON = re.compile(r"^[A-ZÆØÅÄÖ][\w'-]+(?:\s+[A-ZÆØÅÄÖ][\w.'-]*){1,3}$")


def _signer(lines: list[Line]) -> tuple[int, str] | None:
    """The name under the sign-off ('Mvh' / 'Frode Nilsen'): who to contact when nobody else is named."""
    for idx, line in enumerate(lines):
        if line.zone in (QUOTED, OURS, FORWARDED) or not is_sign_off(line.text):
            continue
        after = line.text.strip()
        rest = re.sub(r"^(?:med\s+)?(?:vennlig|venleg|beste|kind|best|vänliga|venlig)?\s*(?:hilsen|helsing|hälsningar|"
                      r"hilsner|regards|mvh|hilsen|hälsning)\b[,.]?\s*", "", after, flags=re.IGNORECASE)
        candidates = ([rest] if rest and rest != after else []) + [ln.text.strip() for ln in lines[idx + 1:idx + 3]]
        for text in candidates:
            text = re.split(r"\s+[|·•–]\s+", text)[0].strip(" ,")  # 'Kari Nordmann | Kvalitetsleder | Firma AS'
            if text and _PERSON.match(text) and not _COMPANY_SUFFIX.search(text):
                return line.number, text
        return None
    return None


_SIGNED_COMPANY = re.compile(r"^[A-ZÆØÅÄÖ0-9][\w&.'-]*(?:\s+[\w&.'-]+){0,5}\s(?:AS|ASA|AB|ApS|A/S|Oy|GmbH|Ltd|BV|NUF|"
                             r"SA|AG|ENK|ANS|DA)\.?$")


def _signature_company(signature: list[tuple[int, str]]) -> list[Candidate]:
    """'Nordlys Medtek AS' on a line (or a '|' cell) of its own under the signer's name: the
    company the sender writes for, a last resort for the company's name."""
    for number, text in signature:
        for cell in re.split(r"\s+[|·•–-]\s+|\s*,\s+", text.strip()):
            if _SIGNED_COMPANY.match(cell) and len(cell) <= 60:
                return [Candidate("manufacturer_name", cell, number, SIGNATURE_CONFIDENCE - 0.05)]
    return []


_WRAP_AT = 60  # a hard-wrapped paragraph's lines are about this long or longer (72/76 is usual)


def _unwrapped(lines: list[Line]) -> list[Line]:
    """A hard-wrapped paragraph as one line, so a sentence broken at the margin ('Our switchboard
    number has / changed from … to …') is read whole; each keeps its first line's number."""
    out: list[Line] = []
    for line in lines:
        prev = out[-1] if out else None
        if (prev is not None and line.number == prev.number + prev.text.count("\n") + 1 and line.text.strip()
                and len(prev.text.rsplit("\n", 1)[-1]) >= _WRAP_AT and line.text[:1].islower()
                and not prev.text.rstrip().endswith((".", ":", "!", "?")) and prev.zone == line.zone):
            out[-1] = Line(prev.number, prev.text + "\n" + line.text, prev.zone)
        else:
            out.append(line)
    return [Line(ln.number, ln.text.replace("\n", " "), ln.zone) if "\n" in ln.text else ln for ln in out]


_REPRESENTATIVE_LABELS = {"authorisedrepresentative", "authorizedrepresentative", "autorisertrepresentant",
                          "autoriserterepresentant", "fullmektig", "eurepresentative", "norwegianrepresentative"}


def _representative_applies(lines: list[Line]) -> list[Candidate]:
    """'Legal manufacturer: Hartmann GmbH' above 'Authorised representative (applicant): Fjordrep AS': the
    representative is the one registering, so its name is the applicant's, above the manufacturer's."""
    for line in lines:
        m = _SEPARATOR.match(line.text) if line.zone in READABLE else None
        if not m or normalise_label(m.group("label")) not in _REPRESENTATIVE_LABELS:
            continue
        value = strip_annotations("manufacturer_name", m.group("value"))
        if _COMPANY_SUFFIX.search(value) and not _names_only_a_kind(value) and not _role_for_another(value):
            return [Candidate("manufacturer_name", value, line.number, _CONFIDENCE["same_line"] + 0.01)]
    return []


def _self_is_signer(candidates: list[Candidate], signer: tuple[int, str] | None) -> list[Candidate]:
    """'Kontaktperson: undertegnede' / 'meg' is whoever signs the mail, when someone does."""
    out = []
    for c in candidates:
        if c.value == SELF:
            if signer:
                out.append(Candidate(c.key, signer[1], signer[0], c.confidence * 0.9))
            continue
        out.append(c)
    return out


def _best(candidates: list[Candidate], *, later_wins: bool = False) -> dict[str, Candidate]:
    """Per field, the most confident candidate; the earliest wins a tie (the latest, in an update)."""
    best: dict[str, Candidate] = {}
    for c in candidates:
        if c.key not in best or c.confidence > best[c.key].confidence or (
                later_wins and c.confidence == best[c.key].confidence and c.line > best[c.key].line):
            best[c.key] = c
    return best


def _resolve_same_as(best: dict[str, Candidate]) -> dict[str, Candidate]:
    """'Postadresse: samme som besøksadresse' is the visiting address, as a case officer reads it."""
    postal, visiting = best.get("postal_address"), best.get("visiting_address")
    if postal and same_as_visiting_pattern().match(postal.value.strip(" .")):
        if visiting:
            best["postal_address"] = Candidate("postal_address", visiting.value, postal.line,
                                               min(postal.confidence, visiting.confidence) - 0.05)
        # else kept as said: the visiting address may be in another part (a form); validate_fields resolves it
    return best


def _po_box_is_postal(best: dict[str, Candidate]) -> dict[str, Candidate]:
    """'Adresse: Postboks 123, 0101 Oslo' is where post goes; nobody visits a PO box. With no postal
    address given, it is the postal address and the visiting address is still to be asked for."""
    visiting, postal = best.get("visiting_address"), best.get("postal_address")
    if visiting and PO_BOX.match(visiting.value) and (postal is None or postal.value == visiting.value):
        best["postal_address"] = Candidate("postal_address", visiting.value, visiting.line, visiting.confidence)
        del best["visiting_address"]
    return best


# ---- labelled values -------------------------------------------------------------------------

def _split(text: str) -> tuple[str, str, str] | None:
    """(field key, value, how) when the line starts with a label; value may be ''."""
    if _TABLE_RULE.match(text) or not text.strip():
        return None
    if "|" in text:
        cells = [c.strip() for c in text.split("|")]
        for i, cell in enumerate(cells):
            key = _label_key(cell.rstrip(":"))
            if key:
                rest = next((c for c in cells[i + 1:] if c), "")
                return key, rest, "same_line"
            m = _SEPARATOR.match(cell)
            key = _label_key(m.group("label")) if m and ":" in cell else None
            if key and not key.startswith("@"):
                # 'Besøk: Storgata 12, 9008 Tromsø | Post: Postboks 123, …': labelled cells in a row.
                return key, " | ".join([m.group("value"), *[c for c in cells[i + 1:] if c]]), "same_line"
        return None
    m = _SEPARATOR.match(text)
    if m:
        key = _label_key(m.group("label"))
        if key:
            return key, m.group("value"), "same_line"
        # 'Kontaktperson for registeret: Kari', 'E-post til innlogging: x@y.no': a label and its qualifier.
        words = m.group("label").split()
        found = leading_label(words) if 1 < len(words) <= 6 else None
        if found and words[found[1]].casefold() in _QUALIFIERS:
            return found[0], m.group("value"), "same_line"
        if found and found[0] != "business_type" and _offers_other_role(words, found[1]):
            # 'Name of manufacturer / authorised representative: X': a label offering the other role
            # still names the company, not the kind of business.
            return found[0], m.group("value"), "same_line"
    whole = text.strip().rstrip("?")
    key = _label_key(whole, fuzzy=False)
    if key:
        return key, "", "same_line"
    words = text.split()
    found = leading_label(words) if len(words) > 1 and len(text) < 120 else None
    if found and words[found[1]].casefold() not in _VERBS:
        return found[0], " ".join(words[found[1]:]), "bare"
    # A misspelt label alone on its line ('Organisasjonsnumer'); only after an exact label with its
    # value has had its chance, so 'Type utstyr MD' is not read as a near-miss of 'Type utstyr'.
    key = _label_key(whole)
    if key:
        return key, "", "same_line"
    if len(words) > 1 and _MOBILE.match(re.sub(r"[^a-z]", "", words[0].casefold())) and _PHONE_START.match(words[1]):
        return "@mobile", " ".join(words[1:]), "bare"  # 'Mob. 954 60 318', 'Mobil +47 954 60 318'
    return None


def _offers_other_role(words: list[str], used: int) -> bool:
    """'Name of manufacturer / authorised representative', 'Produsent eller fullmektig': the label
    goes on with another role, which names no other field."""
    rest = words[used:]
    if words[used - 1].endswith("/"):
        pass
    elif rest and rest[0].casefold() in _ALTERNATIVES:
        rest = rest[1:]
    else:
        return False
    return bool(rest) and _label_key(" ".join(rest), fuzzy=False) in (None, "business_type", "manufacturer_name")


_QUALIFIERS = {"for", "til", "hos", "i", "ved", "of", "at", "to", "in", "på", "from", "frå", "fra", "(for", "(til"}
_ALTERNATIVES = {"/", "eller", "or", "eller/og", "and/or", "og/eller"}
_PHONE_START = re.compile(r"^[+(]?\d")


def _label_key(label: str, *, fuzzy: bool = True) -> str | None:
    """The field a label names, with context words ('Navn', 'Mobil') kept as pseudo-keys."""
    word = label.strip().strip("*:").strip().casefold()
    if _NAME.match(word):
        return "@name"
    if _MOBILE.match(re.sub(r"[^a-z]", "", word)) and not re.search(r"\d", word):
        return "@mobile"  # 'Mob.' is a label; 'Mob. 954 60 318' a label with its value
    if names_both_addresses(word):
        return "@both_addresses"
    if len(word) > 70 or word.count(" ") > 6:
        return None
    return match_label(label, fuzzy=fuzzy)


def _labelled(lines: list[Line], *, later_wins: bool = False):
    """Candidates from label lines, following values onto the next lines and splitting pairs."""
    state = {"contact_section": False, "seen": set(), "later_wins": later_wins}
    consumed: set[int] = set()
    for idx, line in enumerate(lines):
        if idx in consumed or line.zone not in (*READABLE, SIGNATURE, QUOTED, OURS):
            continue
        if not line.text.strip():
            state["contact_section"] = False
            continue
        split = _split(line.text)
        if split is None:
            continue
        key, value, how = split
        if line.zone in (QUOTED, OURS):
            yield from _answer_below(lines, idx, key, value, consumed, state)
            continue
        for key, value, how, used in _pairs(lines, idx, key, value, how):
            consumed.update(used)
            yield from _emit(key, value, how, line, state)


def _pairs(lines: list[Line], idx: int, key: str, value: str, how: str):
    """The label's value (from this or the following lines), and further 'Label: value' on the line."""
    used: set[int] = set()
    value = value.strip().strip("\"'").rstrip(",;")
    if not value:
        value, used = _value_below(lines, idx, key)
        how = "next_line"
        if key == "manufacturer_name" and _not_a_name(value) and _names_only_a_kind(lines[idx].text.strip()):
            # 'Produsent' alone on its line, above 'firma.no': the kind of business, not a label.
            yield "business_type", lines[idx].text.strip(), "bare", set()
            return
    elif key in ADDRESS_FIELDS:
        value, used = _address_continuation(lines, idx, value)
    for piece_key, piece_value in _inline_pairs(key, value):
        yield piece_key, piece_value, how, used
        used = set()


# 'Kari Nordmann, mobil 926 12 345', 'Kari Nordmann, 926 12 345', 'Jonas Eide (+47 481 22 306), jonas@x.no':
# a number after the name is the person's.
_PERSON_PHONE = re.compile(r"\s*[,;(–/-]\s*(?:(?:mobil\w*|mob|tlf|telefon|tel|phone|mobile|cell)\.?\s*:?\s*)?"
                           r"(?P<number>(?:\+|00)?\d[\d \-]{6,}\d)\)?\s*(?:[,;/–-]\s*[\w.+'-]+@[\w.-]+\s*)?$",
                           re.IGNORECASE)


_PERSON_NUMBERS = re.compile(r"(?P<kind>mobil\w*|mob|tlf|telefon|tel|phone|mobile|cell|direkte|direct)\.?\s*:?\s*"
                             r"(?P<number>\+?\d[\d \-]{6,}\d)", re.IGNORECASE)


def _inline_pairs(key: str, value: str) -> list[tuple[str, str]]:
    """'Tlf: 22 33 44 55   Faks: 22 33 44 56' holds two fields on one line; so does
    'Kontaktperson: Kari Nordmann, mobil 926 12 345'."""
    person_phone = _PERSON_PHONE.search(value) if key == "contact_person" else None
    if person_phone:
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
    number_first = _NUMBER_THEN_MORE.match(value) if key in _NUMBER_KEYS else None
    if number_first:
        # 'Org.nr. 987 654 325, mobil 912 34 567': the number, then another field in words.
        more = _split(number_first.group(2))
        rest = _inline_pairs(more[0], more[1]) if more and more[1] and not more[0].startswith("@name") else []
        return [(key, number_first.group(1))] + rest
    for colon in _COLON.finditer(value):
        before = value[:colon.start()]
        spans = [m.start() for m in re.finditer(r"\S+", before)]
        for n in range(1, min(5, len(spans) - 1) + 1):
            start = spans[-n]
            other = _label_key(before[start:])
            # A context word ('Navn', 'Mobil') splits only after a clear gap, never inside a value.
            gap = re.search(r"(?:\s{2,}|[;,|/]\s*)$", before[:start])
            if other and (not other.startswith("@") or gap):
                return [(key, before[:start].strip(" ,;|"))] + _inline_pairs(other, value[colon.end():])
    return [(key, value)]


_COLON = re.compile(r"\s*:\s+")
_FROM_TO_VALUE = re.compile(r"^(?:(?:endres|endra|endret|endrast|changes?|changed|byttes|bytta|byttet)\s+)?(?:fra|frå|from)\s+"
                            r".+?\s+(?:til|to)\s+(.+)$", re.IGNORECASE)
_NUMBER_THEN_MORE = re.compile(r"^((?:\+|00)?\d[\d .-]{5,}\d)\s*[,;]\s+([A-Za-zÆØÅæøå].*)$")


def _readable_label(line: Line) -> bool:
    return _split(line.text) is not None or is_sign_off(line.text)


def _value_below(lines: list[Line], idx: int, key: str) -> tuple[str, set[int]]:
    """A label alone on its line: the value is on the next non-empty line(s) of the same zone."""
    zone = lines[idx].zone
    j, blanks = idx + 1, 0
    while j < len(lines) and not lines[j].text.strip() and blanks < 2:
        j, blanks = j + 1, blanks + 1
    if j >= len(lines) or lines[j].zone != zone or not lines[j].text.strip():
        return "", set()
    if _readable_label(lines[j]) and not _names_a_kind(key, lines[j].text):
        return "", set()
    value = lines[j].text.strip()
    used = {j}
    if key in ADDRESS_FIELDS:
        value, more = _address_continuation(lines, j, value)
        used |= more
    return value, used


_COMPANY_SUFFIX = re.compile(r"\b(?:as|asa|ab|aps|a/s|oy|gmbh|ltd|limited|inc|bv|sa|ag|sas|srl|enk|da|ans|nuf)\b\.?",
                             re.IGNORECASE)


def _names_kind(key: str, value: str) -> bool:
    return any(kind != "not_registrable" and pattern.search(value) for kind, pattern in value_patterns(key))


def _names_only_a_kind(value: str) -> bool:
    """'Produsent', 'Fullmektig (autorisert representant)': a kind of business, nothing more."""
    if _COMPANY_SUFFIX.search(value) or len(value) > 60:
        return False
    rest = value
    for _, pattern in value_patterns("business_type"):
        rest = pattern.sub(" ", rest)
    rest = re.sub(r"[()\[\],./&+-]|\b(?:og|and|eller|or|for|av|of|the|en|ein|a|an|som|i|in|eu|norge|norway)\b", " ",
                  rest, flags=re.IGNORECASE)
    return rest.strip() == "" and rest != value


_ON_BEHALF = re.compile(r"\s*(?:for|on behalf of|på vegne av|på vegner av|of|til|åt)\s+\S", re.IGNORECASE)


def _role_for_another(value: str) -> bool:
    """'Fullmektig for Takeda Surgical Co., Ltd.', 'Authorised representative of X': a role held for
    a company, which is the kind of business (the company named is the one represented)."""
    for _, pattern in value_patterns("business_type"):
        m = pattern.match(value)
        if m and _ON_BEHALF.match(value, m.end()):
            return True
    return False


def _names_a_kind(key: str, text: str) -> bool:
    """'Type of business:' above 'Manufacturer': the word is a value here, though also a label."""
    if key.startswith("@"):
        return False  # 'Navn' and 'Mobil' are read in context; no words name their kind
    return ":" not in text and any(p.search(text) for _, p in value_patterns(key))


def _address_continuation(lines: list[Line], idx: int, value: str) -> tuple[str, set[int]]:
    """Street on one line, '0155 Oslo' and maybe 'Norge' on the next: one address."""
    used: set[int] = set()
    j = idx + 1
    while j < len(lines) and len(used) < 3 and lines[j].zone == lines[idx].zone:
        text = lines[j].text.strip()
        if not text:
            # html2text puts each <p> in its own paragraph: skip one blank before a postcode line.
            nxt = lines[j + 1].text.strip() if j + 1 < len(lines) else ""
            if _has_postcode(value) or not _POSTCODE_LINE.match(nxt):
                break
            j += 1
            continue
        part = _PLACE_LABEL.match(text)
        if part:
            # A form with the place in fields of its own: 'Postnr./sted: 0150 Oslo', 'Poststed: Oslo'.
            if _has_postcode(value) or not part.group(1):
                break
            text = part.group(1)
            value = f"{value} {text}" if re.search(r"(?:^|[\s,])\d{4}$", value) else f"{value}, {text}"
            used.add(j)
            j += 1
            continue
        if _readable_label(lines[j]):
            break
        if _has_postcode(value) and not _COUNTRY.match(text):
            break
        value = f"{value}, {text}"
        used.add(j)
        j += 1
    return value, used


_PLACE_LABEL = re.compile(r"^(?:post\s*nr\.?\s*(?:/|og|and|&)\s*(?:post)?sted|postnummer\s*(?:/|og)\s*(?:post)?sted|"
                          r"post\s*nr\.?|postnummer|poststed|postort|sted|by|town|city|zip(?:\s*code)?|post\s*code|postal\s*code|"
                          r"postcode\s*(?:/|and|&)\s*(?:town|city)|zip\s*(?:/|and|&)\s*city)\s*[:.]?\s*(.*)$",
                          re.IGNORECASE)


def _has_postcode(value: str) -> bool:
    return bool(re.search(r"(?:^|[\s,])(?:(?:N|NO)-)?\d{4,5}\s+[A-Za-zÆØÅæøå]", value))


def _answer_below(lines: list[Line], idx: int, key: str, value: str, consumed: set[int], state: dict):
    """Our quoted question ('> Organisasjonsnummer:') with the applicant's answer on the line below."""
    if value.strip() and not placeholder_pattern().match(value.strip()):
        return
    j = idx + 1
    if lines[idx].zone == QUOTED and j < len(lines) and not lines[j].text.strip() and lines[j].zone != QUOTED:
        j += 1  # one blank line between the quoted question and the answer
    if j >= len(lines) or lines[j].zone not in (*READABLE, OURS) or lines[j].zone == lines[idx].zone == QUOTED:
        return
    text = lines[j].text.strip()
    # 'Produsent' under 'Type virksomhet' is the answer, though it is also a label of its own.
    if not text or (_readable_label(lines[j]) and not _names_a_kind(key, text)) or text.endswith(":"):
        return
    consumed.add(j)
    if key in ADDRESS_FIELDS:
        text, more = _address_continuation(lines, j, text)
        consumed.update(more)
    yield from _emit(key, text, "answer", lines[j], state)


def _emit(key: str, value: str, how: str, line: Line, state: dict):
    """A candidate for `key`, resolving context words, placeholders and the contact section."""
    if key == "@both_addresses":
        for each in ADDRESS_FIELDS:
            yield from _emit(each, value, how, line, state)
        return
    original = key
    key = _in_context(key, state) if line.zone != SIGNATURE else {"@name": None, "@mobile": "contact_phone"}.get(key, key)
    if key is None:
        return
    if key == "contact_person":
        state["contact_section"] = True
    elif key not in ("contact_phone", "email", "fax"):
        state["contact_section"] = False
    written = value.strip().strip("\"'").rstrip(",;").strip()
    two = _TWO_ADDRESSES.match(written) if key in ADDRESS_FIELDS else None
    if two:
        # 'Adresse: Strandgaten 12, 5013 Bergen / Postboks 123, 5804 Bergen': the PO box is where post goes.
        first, second = two.group(1), two.group(2)
        postal, visiting = (first, second) if PO_BOX.match(first) else (second, first)
        if PO_BOX.match(postal) and not PO_BOX.match(visiting):
            yield from _emit("visiting_address", visiting, how, line, state)
            yield from _emit("postal_address", postal, how, line, state)
            return
    if key in ADDRESS_FIELDS and BOTH_ADDRESSES.search(written):
        other = ADDRESS_FIELDS[1 - ADDRESS_FIELDS.index(key)]
        yield from _emit(other, BOTH_ADDRESSES.sub("", written), how, line, state)
    changed = _FROM_TO_VALUE.match(written)
    if changed:
        written = changed.group(1)  # 'Telefon: endres fra 77 00 11 22 til 77 99 88 00': the new one
    value = strip_annotations(key, written)
    if key in _NAME_KEYS and _not_a_name(value):
        return  # a company or a person is never only an address, a number or a web address
    if key == "contact_person" and not value and refers_to_self(written):
        value = SELF
    if key == "manufacturer_name" and (_names_only_a_kind(value) or _role_for_another(value)):
        # 'Virksomhet: produsent', 'Produsent/fullmektig: Fullmektig for Takeda Ltd.' name the kind
        # of business, not the company
        key = "business_type"
    if key == "business_type" and _names_kind("device_type", value) and not _names_kind("business_type", value):
        key = "device_type"  # 'Type: medisinsk utstyr'
    elif key == "device_type" and _names_kind("business_type", value) and line.zone != SIGNATURE:
        # 'Utstyr: medisinsk utstyr (dusjkrakker), produsent' answers both points.
        yield Candidate("business_type", value, line.number, _CONFIDENCE[how] * 0.8)
    if (_POINTER.search(written) and not re.search(r"[\d@]|www\.|https?:", written)
            and not (key == "postal_address" and same_as_visiting_pattern().match(written.strip(" .")))):
        return  # 'Nettside: se e-postsignatur': read where it points to
    # 'Org.nr.: ikke norsk selskap', 'Faks: nei takk': a number answered with words only is no number.
    wordy = (key in _NUMBER_KEYS and not re.search(r"\d", value)) or (key == "website" and "." not in value)
    if not value or wordy or placeholder_pattern().match(value) or placeholder_pattern().match(written):
        if written and line.zone != SIGNATURE and not key.startswith("@") and not _POINTER.search(written):
            # 'Nettside: (kommer)', 'Faks: har ikke': answered, so nothing weaker (a consultant's
            # signature, a sentence) fills the field; a value stated against a label still does.
            yield Candidate(key, NONE, line.number, _CONFIDENCE[how] * 0.6)
        return
    confidence = _CONFIDENCE[how] * _ZONE_FACTOR.get(line.zone, 1.0)
    if line.zone != SIGNATURE:
        state["seen"].add(key)
        # A field told by context ('Telefon' under the contact person) yields to an explicit label.
        confidence *= 0.9 if key != original else 1.0
    yield Candidate(key, value, line.number, confidence)


def _in_context(key: str, state: dict) -> str | None:
    seen, contact = state["seen"], state["contact_section"]
    if key == "@name":
        return "contact_person" if contact else "manufacturer_name"
    if key == "@mobile":
        return "contact_phone" if "contact_phone" not in seen else None
    if key == "phone" and contact and "contact_phone" not in seen:
        return "contact_phone"
    if key == "phone" and "phone" in seen and "contact_phone" not in seen and not state.get("later_wins"):
        return "contact_phone"  # (in an update a second phone is the new one)
    return key
