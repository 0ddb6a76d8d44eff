"""Phone labels qualified in any order or in brackets ('Mobile phone', 'Telefon (direkte)', 'Kontaktpersonens
mobilnummer', 'Tlf. til meg'): whose number each one asks for."""

from __future__ import annotations

import re

# A phone label qualified, in any order or in brackets: 'Mobile phone', 'Telefon (direkte)', 'Tel. direkte'
# are the person's own number; 'Mobil (kontaktperson)' the contact's.
_PHONE_WORDS = {"telefon", "tlf", "tfn", "tel", "phone", "telephone", "nr", "no", "nummer", "number", "telefonnummer"}
_OWN_WORDS = {"mobil", "mobile", "mob", "cell", "direkte", "direct", "direkt", "dir", "mobiltelefon", "mobilnummer",
              "mobilnr", "cellphone", "direktenummer", "direktelinje", "line", "linje"}
_CONTACT_WORDS = {"kontaktperson", "kontaktpersonens", "kontaktpersons", "kontakt", "contact", "person",
                  "kontaktperson's", "contact's"}
CONTACT_FIRST = "@contact_first"
# 'Tlf. til meg', 'Mitt nummer', 'Phone to me', 'Min mobil': the writer's own number, like 'Mobil'.
_ME_WORDS = {"meg", "me", "mig", "mitt", "min", "my"}
_ME_GLUE = {"til", "to", "för", "for", "direkte", "direct"}


_LABEL_TOKEN = re.compile(r"[a-zæøå']+")
_DIGIT = re.compile(r"\d")


def phone_label(word: str) -> str | None:
    """The field a qualified phone label names: 'contact_phone', the writer's own ('@mobile'), a contact
    label naming the person first (CONTACT_FIRST), or None."""
    tokens = _LABEL_TOKEN.findall(word)
    if (not _DIGIT.search(word) and set(tokens) & _ME_WORDS and set(tokens) & (_PHONE_WORDS | _OWN_WORDS)
            and set(tokens) <= _PHONE_WORDS | _OWN_WORDS | _ME_WORDS | _ME_GLUE | _CONTACT_WORDS):
        return "contact_phone" if set(tokens) & _CONTACT_WORDS else "@mobile"
    if _DIGIT.search(word) or len(tokens) < 2 or not set(tokens) <= _PHONE_WORDS | _OWN_WORDS | _CONTACT_WORDS:
        return None
    if tokens[0] in _CONTACT_WORDS and set(tokens) & (_PHONE_WORDS | _OWN_WORDS):
        # 'Kontaktperson/telefon' names the person (and their phone), 'Kontaktperson mobil' the phone:
        # the catalogue's labels say which; 'Contact number', 'Kontaktpersonens mobilnummer' are the phone.
        return CONTACT_FIRST
    if set(tokens) & _CONTACT_WORDS and set(tokens) & (_PHONE_WORDS | _OWN_WORDS):
        return "contact_phone"
    return "@mobile" if set(tokens) & _OWN_WORDS else None
