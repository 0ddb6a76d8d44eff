"""Where a line's label ends and its value begins, and which field the label names.

'Telefon: 22 33 44 55', 'Phone ........: 22 00 11 22', '| Org.nr | 912 345 678 |', 'Kontaktperson for
registeret: Kari', 'Mob. 954 60 318': each gives (field key, value, how it was written). Context
words ('Navn', 'Mobil') come back as pseudo-keys (@name, @mobile) that the reader resolves later.
"""

from __future__ import annotations

import re
from functools import lru_cache

from intake.fields.address import names_both_addresses
from intake.fields.label_phones import CONTACT_FIRST, phone_label
from intake.fields.labels import bilingual_label, leading_label, match_label
from intake.layouts.zones import Line, is_sign_off


# Label, then a separator: colon, tab, "=", a dash between spaces, or a form's dot leader
# ("Phone ........: 22 00 11 22"), with or without a colon after it.
SEPARATOR = re.compile(
    r"^\s*(?P<label>[^:|\t=]{1,100}?)\s*(?:\.{3,}\s*:?|:|\t+|=|\s[-–—]\s|\s--\s)\s*(?P<value>.*?)\s*$")
_TABLE_RULE = re.compile(r"^[\s|:-]+$")

_MOBILE = re.compile(r"^(?:mobil|mobile|mob|mobiltelefon|mobilnummer|mobilnr|mobiltlf|mobtlf|cell|cellphone|direkte|direct|direkt|"
                     r"direktenr|direktnr|directline|"
                     r"directphone|directnumber|direktelinje|direktenummer|direktetelefon|direktetlf)$")
# 'Kontaktperson er Kari Nordmann' is a sentence (read by intake/fields/prose.py), not 'label value'.
_VERBS = {"er", "is", "blir", "var", "vert", "was", "will", "skal", "kan", "må", "har", "have", "has", "are", "og", "and",
          "är", "blir", "bliver", "ska", "skall", "vil", "blive", "endres", "endrast", "endret", "changes", "changed",
          "ändras", "ændres"}
# 'Produkter: rullatorer, medisinsk utstyr klasse I': the kind of device, when the list names one.
_PRODUCTS = re.compile(r"^(?:produkter|products|produkt|product|produktområde|product range|varer|sortiment|"
                       r"våre produkter|our products|produkterne|produkten|produkterna|produkte|unsere produkte)$")
# 'Medisinsk utstyr / IVD:', 'Er utstyret medisinsk utstyr eller IVD?' offer both kinds: the device type is asked (matched whole, never fuzzily:
# 'Medisinsk utstyr:' alone heads a list of products).
_BOTH_KINDS = re.compile(r"^(?:[-•*]\s*)?(?:(?:er|is|är|are)\s+(?:utstyret|produktet|produktene|udstyret|det|dette|it|the\s+devices?)\s+)?"
                         r"(?:medisinsk\w*\s+utstyr|medical\s+devices?|md|medicinteknisk\w*\s+produkt\w*|"
                         r"medicinsk\w*\s+udstyr)\s*(?:/|eller|or|eller\s*/\s*og|og\s*/\s*eller)\s*"
                         r"(?:ivd|in[\s-]*vitro[\s-]*diagnosti\w*(?:\s+(?:medisinsk\w*\s+)?(?:utstyr|devices?|udstyr))?)\s*\??$")
_NAME = re.compile(r"^(?:navn|namn|name|fullt navn|full name)$", re.IGNORECASE)
# 'Klinikken: 69 31 44 50', 'Butikken: …': the firm's premises, by what follows (a number or an address).
_PREMISES = re.compile(r"^(?:klinikken|klinikk|butikken|butikk|verkstedet|verkstaden|laboratoriet|labben|"
                       r"salongen|sentralbordet|hovednummer|hovudnummer|main number|the clinic|the shop|the office)$")
# 'Meg: 41 22 87 09 (Hilde Østby, kontaktperson)': the writer's own number.
_ME = re.compile(r"^(?:meg|me|mig|mej|min mobil|mitt nummer|my number|my mobile|direkte til meg|direct to me)$")
# 'Postnr/sted (post)', 'Postnummer og sted': the postcode and town of an address given a line before.
_PLACE = re.compile(r"^(?:post\s?n(?:umme)?r\.?|postnummer|postcode|post\s?code|zip(?:\s?code)?|plz)\s*(?:/|og|"
                    r"and|&|,)?\s*"
                    r"(?:post)?(?:sted|stad|town|city|ort)(?:\s*\((?P<which>[^)]*)\))?$|^(?:poststed|poststad)$",
                    re.IGNORECASE)


@lru_cache(maxsize=16_384)  # a line is split again by each reader of the same text (answers, signature, updates)
def split_label(text: str) -> tuple[str, str, str] | None:
    """(field key, value, how) when the line starts with a label; value may be ''."""
    if _TABLE_RULE.match(text) or not text.strip():
        return None
    if "|" in text:
        cells = [c.strip() for c in text.split("|")]
        for i, cell in enumerate(cells):
            key = label_key(cell.rstrip(":"))
            if key:
                rest = next((c for c in cells[i + 1:] if c), "")
                return key, rest, "same_line"
            m = SEPARATOR.match(cell)
            key = label_key(m.group("label")) if m and ":" in cell else None
            if key and not key.startswith("@"):
                # 'Besøk: Storgata 12, 9008 Tromsø | Post: Postboks 123, …': labelled cells in a row.
                return key, " | ".join([m.group("value"), *[c for c in cells[i + 1:] if c]]), "same_line"
        return None
    m = SEPARATOR.match(text)
    colon = bool(m) and text[m.end("label"):].lstrip().startswith(":") and not m.group("value").startswith("//")
    split = _label_and_value(m.group("label"), m.group("value"), colon=colon) if m else None
    if split:
        part = _PART.match(split[1]) if split[0] in ("visiting_address", "postal_address") else None
        # 'Besøksadresse – gate: Vangsvegen 73', 'Besøksadresse – postnr./sted: 2317 HAMAR': a form's field in parts
        return (split[0], part.group(1), split[2]) if part else split
    gap = _GAP_AFTER_LABEL.match(text)
    split = _label_and_value(gap.group("label"), gap.group("value")) if gap else None
    if split and split[1].split()[0].casefold() not in _VERBS | _MAKER_OF:
        # 'Firmanavn      Fjordlys Medical AS', 'Contact person for the register    Kari Nordmann': a
        # known label, a wide gap and its value, as a tab would set them apart ('Produsent  av ortoser'
        # and 'Telefon  er stengt' are sentences).
        return split
    whole = text.strip().rstrip("?")
    key = label_key(whole, fuzzy=False) or bilingual_label(whole)
    if key:
        return key, "", "same_line"
    words = text.split()
    found = leading_label(words) if len(words) > 1 and len(text) < 120 else None
    if found and words[found[1]].casefold() not in _VERBS:
        if found[0] == "manufacturer_name" and " ".join(words[:found[1]]).casefold() in ("navn", "namn", "name"):
            # 'Navn Mats Ødegård' in a form's table that lost its colons: a name read in context, as 'Navn:' is
            return "@name", " ".join(words[found[1]:]), "bare"
        if found[0] == "manufacturer_name" and words[found[1]].casefold() in _POSSESSIVES:
            return None  # 'Produsenten vår er Hartmann GmbH': whose goods we sell, not the applicant
        if found[0] == "manufacturer_name" and words[found[1]].casefold() in _MAKER_OF:
            return None  # 'Produsent av medisinsk utstyr (ortoser)': a role stated, no company named
        if words[found[1]].endswith(":") and _names_another_field(words[found[1]:found[1] + 1], found[0]):
            return None  # 'Manufacturer contact: Rachel Nguyen, …': another field's word, of someone else
        stated = _stated_after_qualifier(words[found[1]:])
        if stated is not None:
            return (found[0], stated, "bare") if stated else None
        return found[0], " ".join(words[found[1]:]), "bare"
    # A misspelt label alone on its line ('Organisasjonsnumer'); only after an exact label with its
    # value has had its chance, so 'Type utstyr MD' is not read as a near-miss of 'Type utstyr'.
    key = label_key(whole)
    if key:
        return key, "", "same_line"
    if len(words) > 1 and _MOBILE.match(_NOT_LETTER.sub("", words[0].casefold())):
        mine = 2 if len(words) > 2 and words[1].casefold() in _MINE else 1
        if _PHONE_START.match(words[mine]):
            # 'Mob. 954 60 318', 'Mobil +47 954 60 318', 'mob meg 915 20 734'
            return "@mobile", " ".join(words[mine:]), "bare"
    return None


_MINE = {"meg", "me", "mig", "mej", "min", "mi", "mitt", "my"}


_MAKER_OF = {"av", "of", "af", "til", "for", "för"}
# A label of up to six words, two or more spaces, then the value: only a known label makes it a pair.
# The value ends at its last non-blank, found greedily: a lazy value before trailing blanks would try
# every blank of a long run in turn (quadratic time on a line of spaces).
_GAP_AFTER_LABEL = re.compile(r"^\s*(?P<label>[^\s:|=]+(?: [^\s:|=]+){0,5}) {2,}(?P<value>\S(?:.*\S)?)\s*$")


def _label_and_value(label: str, value: str, *, colon: bool = False) -> tuple[str, str, str] | None:
    """(key, value, 'same_line') when `label` names a field, also with a qualifier after it, or (ended by
    a colon) with a few words of a sentence after it."""
    key = label_key(label) or _bilingual(label)
    if key:
        return key, value, "same_line"
    # 'Kontaktperson for registeret: Kari', 'E-post til innlogging: x@y.no': a label and its qualifier.
    words = label.split()
    found = leading_label(words) if 1 < len(words) <= 6 else None
    if found and words[found[1]].casefold() in _QUALIFIERS and not (
            found[0] == "manufacturer_name" and words[found[1]].casefold() in _POSSESSIVES):
        return found[0], value, "same_line"
    if found and found[0] != "business_type" and _offers_other_role(words, found[1]):
        # 'Name of manufacturer / authorised representative: X': a label offering the other role
        # still names the company, not the kind of business.
        return found[0], value, "same_line"
    if found and found[0] == "manufacturer_name" and _REPRESENTED & {w.casefold() for w in words[found[1]:]}:
        return None  # 'Produsent vi representerer:', 'Manufacturer represented:': the maker, not the applicant
    if colon and found and _label_phrase(words[found[1]:]) and not (
            found[0] == "manufacturer_name" and words[found[1]].casefold() in _POSSESSIVES | _MAKER_OF) and \
            not _names_another_field(words[found[1]:], found[0]):
        # 'Post sendes til: Postboks 1388 …', 'Adresse der vi sitter: …', 'Besøk oss: …': the label said
        # in a few words of a sentence; what follows the colon is the value ('Produsent av utstyret:'
        # names whose goods they are, not the applicant; 'Manufacturer contact:' names another field's
        # value, a person of the maker).
        return found[0], value, "same_line"
    return None


def _bilingual(label: str) -> str | None:
    """'Street address / Hausanschrift', 'Contact person / Ansprechpartner': one field in two languages;
    the first side that names a field says which."""
    if " / " not in label:
        return None
    return next((key for side in label.split(" / ") if (key := label_key(side.strip(), fuzzy=False))), None)


def _names_another_field(rest: list[str], key: str) -> bool:
    """'Manufacturer contact:': the words after a label name another field (not a context word such as
    'laboratoriet'), so the label is of that field, and of someone else's."""
    other = label_key(" ".join(rest).rstrip(":"), fuzzy=False)
    return other is not None and other != key and not other.startswith("@")


_PART = re.compile(r"^(?:gate|gateadresse|gatenavn|gate/vei|vei|street|postnr\.?\s*(?:/|og)?\s*(?:post)?sted|postnr\.?|"
                   r"postnummer(?:\s+og\s+(?:post)?sted)?|poststed|sted|town|city|zip|post\s*code)\s*:\s*(.*)$",
                   re.IGNORECASE)
_PHRASE_WORD = re.compile(r"^[a-zæøåäöüé]+$")


def _label_phrase(rest: list[str]) -> bool:
    """A label's own words running on ('sendes til', 'der vi sitter', 'oss'): a few small words, no
    name (a capital) and no number, which would be the value."""
    return 1 <= len(rest) <= 4 and all(_PHRASE_WORD.match(word) for word in rest)


def _stated_after_qualifier(rest: list[str]) -> str | None:
    """'Kontaktperson hos oss er Ola Hansen', 'Ny kontaktperson från 1 september är Maja Håkansson.': the
    value after the verb ('' when nothing follows it); None when the words are no such sentence."""
    if rest[0].casefold() not in _QUALIFIERS:
        return None
    verb = next((i for i in range(1, min(4, len(rest))) if rest[i].casefold() in _VERBS), None)
    if verb is not None and verb + 1 < len(rest) and rest[verb + 1].casefold() in _INFINITIVES:
        verb += 1  # 'skal være', 'will be'
    return None if verb is None else " ".join(rest[verb + 1:]).rstrip(".")


_INFINITIVES = {"være", "vere", "vara", "be", "blive", "bli"}


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
    return bool(rest) and label_key(" ".join(rest), fuzzy=False) in (None, "business_type", "manufacturer_name")


_QUALIFIERS = {"for", "til", "hos", "i", "ved", "of", "at", "to", "in", "på", "from", "frå", "fra", "(for", "(til", "från",
               "fra", "från", "fom", "f.o.m.", "etter", "efter", "after", "mot", "towards", "overfor",
               # 'Heimesida vår er …', 'Nettsiden vår: …': a possessive, then the value or a verb
               "vår", "vårt", "våre", "vores", "our", "min", "mitt", "mi", "mine",
               # 'Contact details:', 'Kontakt informasjon:': a word for the details, then the value
               "details", "detail", "information", "info", "detaljer", "informasjon", "opplysninger", "uppgifter",
               "oplysninger"}
_POSSESSIVES = {"vår", "vårt", "våre", "vores", "our"}
_REPRESENTED = {"representerer", "represent", "represented", "representert", "representerte", "repræsenterer",
                "repræsenteret", "representerar", "representerad", "företräder", "vertreten", "vertreter"}
_ALTERNATIVES = {"/", "eller", "or", "eller/og", "and/or", "og/eller"}
_PHONE_START = re.compile(r"^[+(]?\d")


_DIGIT = re.compile(r"\d")
_BULLET = re.compile(r"^[-–•·◦▪]\s+")
_NUMBER_FOR_SOMEONE = re.compile(r"^(?i:mobil\w*|mob\.?|direkte\w*|direct|direkt|mobile|cell)\s+"
                                 r"(?i:til|to|for|åt|till)\s+[A-ZÆØÅÄÖ][a-zæøåäöü'-]+(?:\s+[A-ZÆØÅÄÖ][a-zæøåäöü'-]+)?$")
_NOTE = re.compile(r"\s*\([^()]*\)")
_ADDRESS_QUALIFIED = re.compile(r"^(?:adresse|adressa|address|adress|adr\.?)\s*[(,]?\s*"
                                r"(?:(?P<post>post|postal|mailing|brev)|"
                                r"besøk|besøg|besök|visit|visiting|vitjing|gate|street)\s*\)?$")


_NOT_LETTER = re.compile(r"[^a-z]")
_POSTAL_SAME_ASKED = re.compile(r"^(?:postadress\w*|postal address|post)\s+"
                                r"(?:lik|samme som|same as|er lik|is the same as)\s+"
                                r"(?:besøksadress\w*|visiting address|besøgsadress\w*)\s*\??$")
_PHONE_AND_FAX = re.compile(r"^(?:telefon|tlf\.?|tel\.?|phone|telephone)\s*(?:/|og|and|&)\s*"
                            r"(?:telefaks|faks|fax|telefax)$")
_JOINED = re.compile(r"[/,&+]|\b(?:og|and|och|samt)\b")  # 'Kontaktperson, telefon' asks for both


@lru_cache(maxsize=16_384)  # the same cell or label is asked about by several readers of a text
def label_key(label: str, *, fuzzy: bool = True) -> str | None:
    """The field a label names, with context words ('Navn', 'Mobil') kept as pseudo-keys."""
    word = _BULLET.sub("", label.strip()).strip("*:").strip().casefold()  # '- Produkter:', '• Mobil:'
    if _NAME.match(word):
        return "@name"
    if _PREMISES.match(word):
        return "@premises"
    if _ME.match(word):
        return "@me"
    place = _PLACE.match(word)
    if place:
        which = (place.group("which") or "").casefold()
        return "visiting_address" if re.search(r"besøk|visit|gate", which) else \
            "postal_address" if "post" in which else "@place"
    if _PRODUCTS.match(word):
        return "@products"
    if _BOTH_KINDS.match(word):
        return "device_type"
    if _MOBILE.match(_NOT_LETTER.sub("", word)) and not _DIGIT.search(word):
        return "@mobile"  # 'Mob.' is a label; 'Mob. 954 60 318' a label with its value
    if _NUMBER_FOR_SOMEONE.match(_BULLET.sub("", label.strip())):
        return "@mobile"  # 'Mobil til Jonas', 'Direkte til Linn': the named person's own number
    kind = phone_label(word)
    if kind == CONTACT_FIRST:
        if not _JOINED.search(word):
            return "contact_phone"  # 'Kontaktperson telefon' is the phone; 'Kontaktperson, telefon' asks for both
        return match_label(label, fuzzy=fuzzy) or "contact_phone"
    if kind:
        return kind
    if names_both_addresses(word):
        return "@both_addresses"
    if _POSTAL_SAME_ASKED.match(word):
        return "@postal_same"  # 'Postadresse lik besøksadresse: Ja', a form's yes/no question
    if _PHONE_AND_FAX.match(word):
        return "@phone_and_fax"  # 'Telefon/telefaks: 37 00 95 40 / 37 00 95 41
    said = _NOTE.sub(" ", word).strip()  # 'E-post (brukernavn og passord sendes hit)': the note is the form's hint
    if len(said) > 70 or said.count(" ") > 6:
        return None
    qualified = _ADDRESS_QUALIFIED.match(word)
    if qualified:
        # 'Adresse (post)', 'Address (visiting)', 'Adresse besøk': the word beside 'address' says which.
        return "postal_address" if qualified.group("post") else "visiting_address"
    return match_label(label, fuzzy=fuzzy)


def label_sentence(text: str) -> bool:
    """'Kontaktperson er daglig leder Marit Eide, som treffes på …': a sentence opening with a label and
    a verb, which prose reads; never the value of a heading above it."""
    words = text.split()
    found = leading_label(words) if len(words) > 2 and len(text) < 300 else None
    return bool(found) and words[found[1]].casefold() in _VERBS


def readable_label(line: Line) -> bool:
    return split_label(line.text) is not None or is_sign_off(line.text)
