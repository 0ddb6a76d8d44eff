"""One candidate value for a field from a labelled value, as a case officer reads it.

Context words are resolved ('Telefon' under the contact person is the contact's), answers that
there is no value are kept as such (so nothing weaker fills the field), pointers ('se signatur')
are left for the value they point to, and a line naming both addresses gives both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from intake.fields.address import one_address_for_both
from intake.fields.annotations import SELF, refers_to_self, strip_annotations, ticked
from intake.fields.catalogue import placeholder_pattern, same_as_visiting_pattern
from intake.fields.patterns import CALL_ME, NUMBER_THEN_MOBILE, SAME_AS_PHONE
from intake.fields.naming import names_kind, names_only_a_kind, not_a_name, role_for_another
from intake.layouts.signature import PO_BOX, POSTCODE
from intake.layouts.zones import FORWARDED, HISTORY, OURS, QUOTED, SIGNATURE, Line


ADDRESS_FIELDS = ("visiting_address", "postal_address")
CONFIDENCE = {"same_line": 0.95, "next_line": 0.9, "bare": 0.85, "answer": 0.9}
PROSE_CONFIDENCE = 0.6  # a value stated in a sentence, below any labelled one
CORRECTION = 1.0  # the sender correcting what they forward ('kontaktperson skal være meg, ikke Lise'): above all
# An earlier mail quoted under the reply (HISTORY) is read, but anything in the new text, even a
# sentence ('Riktig org.nr. er …'), comes before it.
_ZONE_FACTOR = {"body": 1.0, FORWARDED: 0.98, HISTORY: 0.6, SIGNATURE: 0.5 / 0.95, QUOTED: 1.0, OURS: 1.0}


@dataclass(frozen=True)


class Candidate:
    key: str
    value: str
    line: int
    confidence: float


DISPLACED_PHONE = "@displaced_phone"  # a 'Tlf' first read as the contact's, until their mobile came
NONE = "@none"  # an answer that there is no value
_NAME_KEYS = ("manufacturer_name", "contact_person")
_TWO_ADDRESSES = re.compile(r"^(.+?\b\d{4}\s+\w[^/;]*?)\s*(?:/|;|\s\|\s|\s(?:og|and)\s|,\s*(?=(?i:postboks|pb\.?|boks|box|"
                            r"p\.?\s?o\.?\s?box)\s*\d))\s*(.+?\b\d{4}\s+\w.*)$")
NUMBER_KEYS = ("org_number", "phone", "fax", "contact_phone")

# 'se signatur', 'sjå under', 'see below': the value is elsewhere in the mail, not absent.
_POINTER = re.compile(r"\b(?:se|sjå|sjaa|see|look|jf|står|stands?|i|in)\b.*\b(?:signatur\w*|under|nedanfor|nedenfor|"
                      r"below|above|ovanfor|ovenfor|over|vedlegg\w*|attach\w*|bunnen|footer|e-?post\w*|mail\w*|"
                      r"vedhæft\w*|vedlagt\w*|bifoga\w*|visitkort\w*|vcard|vcf)",
                      re.IGNORECASE)


_POSTCODE_TOWN = re.compile(rf"\b{POSTCODE}\s+[A-ZÆØÅ]")
# A company's name before its address (not 'c/o Firma AS, …', where post goes to another firm).
_COMPANY_FIRST = re.compile(r"^(?![cC]/[oO]\b)[^,\d]{2,60}?\s(?:AS|ASA|AB|Oy|Oyj|ApS|A/S|GmbH|Ltd|Inc|BV|NUF)\.?,"
                            r"\s*(?=\S)")
_HEADING_TAIL = re.compile(r"^(?:for|til|to|ved|of|i|in)\s+\w+\s*$", re.IGNORECASE)
# '**helsepartner.example.no**', '__Storgata 1__': Markdown's emphasis around a value.
_MARKDOWN = re.compile(r"(?<!\w)(?:\*\*|__)|(?:\*\*|__)(?!\w)")
_FROM_TO_VALUE = re.compile(r"^(?:(?:endres|endra|endret|endrast|changes?|changed|byttes|bytta|byttet)\s+)?(?:fra|frå|from)\s+"
                            r".+?\s+(?:til|to)\s+(.+)$", re.IGNORECASE)


_ALSO_MINE = re.compile(r"[(,;]?[^(),;]*\b(?i:also|også|og|óg)\s+(?i:my|min|mitt|mi)\s+(?i:mobile?|mobil\w*|"
                        r"direct|direkte|"
                        r"own|eget|egen|eige)\b.*$")
_ADDRESS_LIKE = re.compile(r"[\d@]|www\.|https?:")
_DIGIT = re.compile(r"\d")


def emit(key: str, value: str, how: str, line: Line, state: dict):
    """A candidate for `key`, resolving context words, placeholders and the contact section."""
    if key == "@both_addresses":
        for each in ADDRESS_FIELDS:
            yield from emit(each, value, how, line, state)
        return
    if key == "@postal_same":
        if _YES.match(value):
            yield from emit("postal_address", "samme som besøksadresse", how, line, state)
        return
    if key == "@phone_and_fax":
        # 'Telefon/telefaks: 37 00 95 40 / 37 00 95 41': the phone, then the fax; one number is the phone.
        numbers = [n for n in re.split(r"\s*(?:/|;|\bog\b|\band\b)\s*", value) if n.strip()]
        for each, number in zip(("phone", "fax"), numbers):
            yield from emit(each, number, how, line, state)
        return
    if key == "@premises":
        # 'Klinikken: 69 31 44 50' is the firm's number; 'Klinikken: Nygaardsgata 14, 1606 Fredrikstad' its address.
        premises = "phone" if _PHONE_ONLY.match(value) else "visiting_address" if _POSTCODE_TOWN.search(value) else None
        if premises:
            yield from emit(premises, value, how, line, state)
        return
    if key == "@me":
        # 'Meg: 41 22 87 09 (Hilde Østby, kontaktperson)': the writer's number, and the name they give.
        named = _NAMED_NOTE.search(value)
        if named:
            yield from emit("contact_person", named.group(1), how, line, state)
            value = value[:named.start()]
        if _PHONE_ONLY.match(value):
            yield from emit("@mobile", value, how, line, state)
        return
    original = key
    key = _in_context(key, state) if line.zone != SIGNATURE else _IN_SIGNATURE.get(key, key)
    if key is None:
        return
    if key in ADDRESS_FIELDS:
        state["last_address"] = key
    if key == "contact_person":
        state["contact_section"] = True
    elif key not in ("contact_phone", "email", "fax"):
        state["contact_section"] = False
    written = ticked(_MARKDOWN.sub("", value).strip().strip("\"'").rstrip(",;").strip())
    if key in ("phone", "fax", "contact_phone", "@mobile"):
        written = _NEXT_CELL.split(written)[0]  # 'Telefon 70 12 45 80 · Mobil 998 43 127': the next cell is another's
    if key == "email" and "@" not in written and _POSTCODE_TOWN.search(written):
        key = "postal_address"  # 'Mail: P.O. Box 1183 Sentrum, 0107 Oslo': the post, not the e-mail
    if key == "email" and "@" not in written and _HEADING_TAIL.match(written):
        return  # '4. E-postadresse for registreringen': a heading, the address comes below it
    number = _TRAILING_NUMBER.search(written) if key == "contact_person" and how == "answer" else None
    if number:
        # 'Ola Hansen, 900 11 222' typed under our question for the contact: their number too.
        yield from emit("@mobile", number.group(1), how, line, state)
        written = written[:number.start()]
    call_me = _CALL_ME.search(written) if key == "phone" and original == "phone" else None
    if call_me and line.zone != SIGNATURE and not _US.search(call_me.group(0)):
        # 'phone: office 23 65 11 90 (rarely staffed), better call me on 404 52 118': the office's, then the writer's.
        yield from emit("@mobile", call_me.group(1), how, line, state)
        written = written[:call_me.start()].rstrip(" ,;(")
    if key == "phone" and _ALSO_MINE.search(written) and line.zone != SIGNATURE:
        # 'Phone +47 915 58 203 (we dont have a switchboard, this is also my mobile)': the writer's number too.
        yield from emit("@mobile", _ALSO_MINE.split(written)[0].rstrip(" ,;("), how, line, state)
    both = _NUMBER_THEN_MOBILE.search(written) if key == "phone" and original == "phone" else None
    if both and line.zone != SIGNATURE:
        # 'Telefon: tlf 35 52 81 00 / mob 934 12 008': the mobile beside the company's number is a person's.
        yield from emit("@mobile", both.group("mobile"), how, line, state)
        written = both.group("phone")
    if key in ADDRESS_FIELDS:
        written = _COMPANY_FIRST.sub("", written)  # 'Revontuli Diagnostics Oy, Tekniikantie 14, …': the firm's name
    two = _TWO_ADDRESSES.match(written) if key in ADDRESS_FIELDS else None
    if two:
        # 'Adresse: Strandgaten 12, 5013 Bergen / Postboks 123, 5804 Bergen': the PO box is where post goes.
        first, second = two.group(1), two.group(2)
        postal, visiting = (first, second) if PO_BOX.match(first) else (second, first)
        if PO_BOX.match(postal) and not PO_BOX.match(visiting):
            yield from emit("visiting_address", visiting, how, line, state)
            yield from emit("postal_address", postal, how, line, state)
            return
    single = one_address_for_both(written) if key in ADDRESS_FIELDS else None
    if single is not None:
        other = ADDRESS_FIELDS[1 - ADDRESS_FIELDS.index(key)]
        yield from emit(other, single, how, line, state)
        written = single
    changed = _FROM_TO_VALUE.match(written)
    if changed:
        written = changed.group(1)  # 'Telefon: endres fra 77 00 11 22 til 77 99 88 00': the new one
    value = strip_annotations(key, written)
    if original == "@products" and not names_kind("device_type", value):
        return  # 'Produkter: rullatorer' names products, not their kind
    if key == "device_type" and how == "bare" and not names_kind("device_type", value):
        return  # 'Devices Pte. Ltd., Singapore': a name wrapped onto a line of its own, not a label and a kind
    if key in _NAME_KEYS and not_a_name(value):
        return  # a company or a person is never only an address, a number or a web address
    if key == "contact_person" and _LEGAL_FORM.search(value):
        state["contact_section"] = False  # 'Kontaktinformasjon:' above 'Nordlys Medtek AS': the company's block
        return
    if key == "contact_person" and refers_to_self(written) and (not value or refers_to_self(value)):
        value = SELF
    if key == "manufacturer_name" and (names_only_a_kind(value, or_device=True) or role_for_another(value)):
        # 'Virksomhet: produsent', 'Produsent/fullmektig: Fullmektig for Takeda Ltd.' name the kind
        # of business, not the company
        key = "business_type"
    if key == "business_type" and names_kind("device_type", value) and not names_kind("business_type", value):
        key = "device_type"  # 'Type: medisinsk utstyr'
    elif key == "device_type" and names_kind("business_type", value) and line.zone != SIGNATURE:
        # 'Utstyr: medisinsk utstyr (dusjkrakker), produsent' answers both points.
        yield Candidate("business_type", value, line.number, CONFIDENCE[how] * 0.8)
    if key == "contact_phone" and _SAME_AS_PHONE.match(written):
        # 'Telefon kontaktperson: samme som over': the firm's number, settled when the fields are checked
        yield Candidate(key, "samme som sentralbordet", line.number, CONFIDENCE[how] * _ZONE_FACTOR.get(line.zone, 1.0))
        return
    if (_POINTER.search(written) and not _ADDRESS_LIKE.search(written)
            and not (key == "postal_address" and same_as_visiting_pattern().match(written.strip(" .")))):
        return  # 'Nettside: se e-postsignatur': read where it points to
    # 'Org.nr.: ikke norsk selskap', 'Faks: nei takk': a number answered with words only is no number.
    wordy = (key in NUMBER_KEYS and not _DIGIT.search(value)) or (key == "website" and "." not in value)
    if not value or wordy or placeholder_pattern().match(value) or placeholder_pattern().match(written):
        if written and line.zone != SIGNATURE and not key.startswith("@") and not _POINTER.search(written):
            # 'Nettside: (kommer)', 'Faks: har ikke': answered, so nothing weaker (a consultant's
            # signature, a sentence) fills the field; a value stated against a label still does.
            yield Candidate(key, NONE, line.number, CONFIDENCE[how] * 0.6)
        return
    confidence = CONFIDENCE[how] * _ZONE_FACTOR.get(line.zone, 1.0)
    if line.zone != SIGNATURE:
        state["seen"].add(key)
        # A field told by context ('Telefon' under the contact person) yields to an explicit label; a
        # mobile or direct number under the contact is theirs before a plain 'Tlf' read as theirs.
        confidence *= 1.0 if key == original else 0.95 if original == "@mobile" else 0.9
        yield from _displaced_by_mobile(key, original, value, line, state)
    yield Candidate(key, value, line.number, confidence)


def _displaced_by_mobile(key: str, original: str, value: str, line: Line, state: dict):
    """'Kontaktperson: Ola' / 'Tlf: 22 00 11 22' / 'Mob: 900 11 222': the mobile is Ola's, and the Tlf
    first read as his is likelier the company's, but only a guess for staff to confirm (below
    certainty.SURE)."""
    displaced = state.get("phone_as_contact")
    if key == "contact_phone" and original == "phone":
        state["phone_as_contact"] = (value, line.number)
    elif key not in ("email", "fax"):
        state["phone_as_contact"] = None
    if key == "contact_phone" and original == "@mobile" and displaced:
        yield Candidate(DISPLACED_PHONE, displaced[0], displaced[1], 0.5)


_NEXT_CELL = re.compile(r"\s+[|·•]\s+")
_YES = re.compile(r"^\s*(?:ja|yes|j|y|x|✓|✔|☑|\[x\]|sant|true)\s*$", re.IGNORECASE)
_PHONE_ONLY = re.compile(r"^\s*(?:\+|00)?[\d ()./-]{8,20}\s*(?:\(.*\))?\s*$")
_NAMED_NOTE = re.compile(r"\(\s*([A-ZÆØÅÄÖ][\w'-]+(?:\s+[A-ZÆØÅÄÖ][\w'-]+){1,2})\s*(?:[,)]|$)")


_LEGAL_FORM = re.compile(r"(?<!\w)(?:AS|ASA|AB|ApS|A/S|Oy|GmbH|Ltd|Limited|Inc|BV|NUF|ENK)(?!\w)")
_TRAILING_NUMBER = re.compile(r"\s*(?:[,;(/–-]\s*|\s+)(?:(?:mob\w*|tlf\.?|tel\.?|telefon)\s*:?\s*)?((?:\+|00)?\d[\d \-]{6,}\d)\)?\s*$",
                              re.IGNORECASE)
_NUMBER_THEN_MOBILE = re.compile(NUMBER_THEN_MOBILE)
_CALL_ME = re.compile(CALL_ME)
_SAME_AS_PHONE = re.compile(SAME_AS_PHONE, re.IGNORECASE)
_US = re.compile(r"\b(?i:oss|us)\b")
_IN_SIGNATURE = {"@name": None, "@mobile": "contact_phone", "@products": "device_type", "@place": None}


def _in_context(key: str, state: dict) -> str | None:
    seen, contact = state["seen"], state["contact_section"]
    if key == "@products":
        return "device_type"
    if key == "@name":
        # a form names the firm first: a bare 'Navn' after the firm's name is a person's
        return "contact_person" if contact or "manufacturer_name" in seen else "manufacturer_name"
    if key == "@place":
        return state.get("last_address", "visiting_address")
    if key == "@mobile":
        return "contact_phone" if "contact_phone" not in seen or state.get("phone_as_contact") else None
    if key == "phone" and contact and "contact_phone" not in seen:
        return "contact_phone"
    if key == "phone" and "phone" in seen and "contact_phone" not in seen and not state.get("later_wins"):
        return "contact_phone"  # (in an update a second phone is the new one)
    return key
