"""E-mail addresses stated in sentences: the one to use for the register, a change of address, the
address the mail came from ('bruk denne adressen'), and any other address the text names."""

from __future__ import annotations

import re
from collections.abc import Iterator

from intake.fields.candidates import CORRECTION, PROSE_CONFIDENCE
from intake.fields.patterns import CLOSED
from intake.layouts.signature import EMAIL
from intake.layouts.zones import REGISTER_MAILBOX

_ADDRESS = EMAIL.pattern  # one address, as the signature reader finds it
_EMAIL_CHANGED = re.compile(r"(?i:fra|frå|från|from)\s+" + _ADDRESS + r"\s+(?i:til|to)\s+(" + _ADDRESS + ")")
_EMAIL_STATED = re.compile(r"(?i:e-?mail|e-?post|epost|mail(?:adresse|address)?)\w*(?:\s+[\w'-]+){0,6}?\s+"
                           r"(?i:is|remains|will\s+be|is\s+still|er|blir|forblir|er\s+fortsatt|er\s+framleis|är)\s+"
                           r"(" + _ADDRESS + ")")


# 'riktig adresse er kari@…', 'the correct e-mail is …', 'the full address is …': a correction of what a form or an earlier mail says.
_RIGHT_EMAIL = re.compile(r"(?i:riktig|rett|korrekt|correct|right|rätt|full|complete|fullstendig|komplett|hele)\w*\s+(?:[\w-]+\s+){0,2}?"
                          r"(?i:adresse\w*|adressa|address|e-?post\w*|e-?mail\w*|epost\w*)\s+(?:[\w-]+\s+){0,4}?"
                          r"(?i:er|is|är|skal\s+være|skal\s+vere|should\s+be)\s*:?\s+(" + _ADDRESS + ")")


# 'Mail: bruk denne gmail-adressen inntil videre': the address the mail came from (understand reads it so).
_USE_THIS_ADDRESS = re.compile(r"(?:(?i:e-?post|e-?mail|epost|mail)\w*\s*:?\s+|\b)"
                               r"((?i:bruk|bruke|use|send\s+til|send\s+to)\s+"
                               r"(?i:gjerne\s+)?(?i:denne|dette|this|min|my)\s+"
                               r"(?:(?i:e-?post|e-?mail|mail|gmail|hotmail|outlook|icloud|yahoo|live)[\s-]?)"
                               r"(?i:adressen|adresse|address|adressa)|"
                               r"(?<=:\s)(?i:bruk|bruke|use|send\s+til|send\s+to)\s+"
                               r"(?i:gjerne\s+)?(?i:denne|dette|this|min|my)\s+"
                               r"[\w-]*?(?i:adressen|adresse|address|adressa))\b")


# 'E-postadressa til Gunnar (gunnar@…) vert stengd', '… will be shut down': an address on its way out.
_CLOSED_AFTER = re.compile(r"[^.!?]{0,40}?" + CLOSED)


# The address user name and password are to go to, named as such in a sentence.
_LOGIN = (r"(?i:brukernavn|brukarnamn|passord|username|user\s+name|password|innlogging\w*|inloggning\w*|login|"
          r"användarnamn|lösenord|brugernavn|adgangskode|credentials)")
# The address as typed, a slip included ('registrering@@firma.fi', 'post@firma,no'): validation says it is wrong.
_EMAIL_FOR_LOGIN = re.compile(_LOGIN + r"\b[^.@\n]{0,80}?\b([\w.+'-]+@{1,2}[\w-]+(?:[.,][\w-]+)+)")


_THIS_MAIL = re.compile(r"(?:(?i:e-?post|e-?mail|email)\b[^.@\n]{0,40}?|" + _LOGIN + r"\b[^.@\n]{0,40}?\b(?i:til|to|till)\s+|"
                        r"(?i:use|bruk|bruke|på|on|at|via)\s+)"
                        r"\b(?:(?i:denne|denna|dette|this|den här)\s+"
                        r"(?i:adressen|adressa|adresse|adress|address|e-?post\w*|e-?mail\w*|mail(?:en|adressen)?)|"
                        # 'passord sendes til avsenderadressen min', 'to the sender address'
                        r"(?i:(?:min|my|the)\s+)?(?i:avsend[ae]radress\w*|sender'?s?\s+(?:e-?mail\s+)?address))\b")


def emails_in(text: str, number: int) -> Iterator[tuple[str, str, int, float]]:
    """(key, value, line, confidence) for the e-mail addresses one line of prose states."""
    m = _THIS_MAIL.search(text)
    if m:  # 'e-post kan ni skicka till denna adress': the address the mail came from
        yield "email", "denne adressen", number, PROSE_CONFIDENCE - 0.05
    m = _RIGHT_EMAIL.search(text) if "@" in text else None
    if m and not REGISTER_MAILBOX.search(m.group(1)):
        yield "email", m.group(1).rstrip("."), number, CORRECTION
    m = _EMAIL_CHANGED.search(text) if "@" in text else None
    if m and not REGISTER_MAILBOX.search(m.group(1)):
        # 'endre e-postadressen fra post@gammel.no til post@ny.no': the address it changes to.
        yield "email", m.group(1), number, PROSE_CONFIDENCE
    m = _EMAIL_FOR_LOGIN.search(text) if "@" in text else None
    if m and not REGISTER_MAILBOX.search(m.group(1)):
        # '… lars@firma.no, men brukernavn og passord vil vi ha til regulatory@firma.no': the one asked for.
        yield "email", m.group(1), number, PROSE_CONFIDENCE
    m = _EMAIL_STATED.search(text) if "@" in text else None
    if m and not REGISTER_MAILBOX.search(m.group(1)):
        # 'Our organisation e-mail for the register remains regulatory@…': the address stated as the one to use.
        yield "email", m.group(1), number, PROSE_CONFIDENCE
    m = _USE_THIS_ADDRESS.search(text) if "@" not in text else None
    if m:
        yield "email", m.group(1), number, PROSE_CONFIDENCE - 0.1
    for m in EMAIL.finditer(text) if "@" in text else ():
        if not REGISTER_MAILBOX.search(m.group(0)) and not _CLOSED_AFTER.match(text[m.end():]):
            yield "email", m.group(0), number, PROSE_CONFIDENCE - 0.1
