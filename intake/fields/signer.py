"""Who signs the mail, and the company named under the signature: last resorts for the contact
person and the company's name, and who 'undertegnede' / 'meg' is."""

from __future__ import annotations

import re

from intake.fields.annotations import SELF
from intake.fields.candidates import CORRECTION, Candidate
from intake.fields.naming import COMPANY_SUFFIX
from intake.layouts.signature import SIGNATURE_CONFIDENCE
from intake.layouts.zones import FORWARDED, HISTORY, OURS, QUOTED, READABLE, SIGNATURE, Line, is_sign_off


_PERSON = re.compile(r"^[A-ZÆØÅÄÖ][\w'-]+(?:\s+[A-ZÆØÅÄÖ][\w.'-]*){1,3}$")


# 'Hilsen Ola Hansen, tlf 900 11 222': a sign-off with the name and more on one line.
_SIGNED_WITH_TAIL = re.compile(r"^\s*(?:(?:med\s+)?(?:vennlig|venleg|vänliga|venlig|beste|kind|best)\s+)?(?:hilsen|helsing|"
                               r"hälsningar|regards|mvh)\s*,?\s+[A-ZÆØÅÄÖ][\w'-]+\s+[A-ZÆØÅÄÖ][\w'-]+\s*[,|–-]",
                               re.IGNORECASE)


_GREETING = re.compile(r"^(?:med\s+)?(?:vennlig|venleg|beste|kind|best|vänliga|venlig)?\s*(?:hilsen|helsing|hälsningar|"
                       r"hilsner|regards|mvh|hilsen|hälsning)\b[,.]?\s*", re.IGNORECASE)
_NAME_CELLS = re.compile(r"\s+[|·•–]\s+|,\s+")
_COMPANY_CELLS = re.compile(r"\s+[|·•–-]\s+|\s*,\s+")


def signed_by(lines: list[Line]) -> tuple[int, str] | None:
    """The name under the sign-off ('Mvh' / 'Frode Nilsen'): who to contact when nobody else is named."""
    for idx, line in enumerate(lines):
        if line.zone in (QUOTED, OURS, FORWARDED, HISTORY) or not (
                is_sign_off(line.text) or line.text.strip() == "--" or _SIGNED_WITH_TAIL.match(line.text)):
            continue
        after = line.text.strip()
        rest = _GREETING.sub("", after)
        candidates = ([rest] if rest and rest != after else []) + [ln.text.strip() for ln in lines[idx + 1:idx + 3]]
        for text in candidates:
            # 'Kari Nordmann | Kvalitetsleder | Firma AS', 'Ola Hansen, daglig leder'
            text = _NAME_CELLS.split(text)[0].strip(" ,")
            if text and _PERSON.match(text) and not COMPANY_SUFFIX.search(text):
                return line.number, text
        # 'Thank you in advance for your help.' over 'Best regards,' / 'Tapio Heikkinen': the name
        # may stand under a later sign-off.
    return None


_SIGNED_COMPANY = re.compile(r"^[A-ZÆØÅÄÖ0-9][\w&.'-]*(?:\s+[\w&.'-]+){0,5}\s(?:AS|ASA|AB|ApS|A/S|Oy|GmbH|Ltd|BV|NUF|"
                             r"SA|AG|ENK|ANS|DA|HF|RHF|IKS|KF)\.?$")


def signature_company(signature: list[tuple[int, str]]) -> list[Candidate]:
    """'Nordlys Medtek AS' on a line (or a '|' cell) of its own under the signer's name: the
    company the sender writes for, a last resort for the company's name."""
    for number, text in signature:
        for cell in _COMPANY_CELLS.split(text.strip()):
            if _SIGNED_COMPANY.match(cell) and len(cell) <= 60:
                return [Candidate("manufacturer_name", cell, number, SIGNATURE_CONFIDENCE - 0.05)]
    return []


def firm_above_org_number(signature: list[tuple[int, str]]) -> list[Candidate]:
    """'Fron Fotterapi Kari Bakken' over 'Org.nr. 826 900 628' in a signature: a sole trader's firm,
    named without a legal form."""
    for (number, text), (_, below) in zip(signature, signature[1:]):
        if ORG_LINE.match(below) and _FIRM_LINE.match(text.strip()) and (
                not _PERSON_ONLY.match(text.strip()) or _TRADE.search(text)):
            return [Candidate("manufacturer_name", text.strip(), number, SIGNATURE_CONFIDENCE - 0.1)]
    return []


ORG_LINE = re.compile(r"^\s*(?:org(?:anisasjons)?\.?\s*-?\s*(?:nr|nummer|no)\.?|orgnr|foretaksnr)\s*[:.]?\s*\d",
                       re.IGNORECASE)
_FIRM_LINE = re.compile(r"^[A-ZÆØÅ][\w&.'-]*(?:\s+[\w&.'-]+){1,5}$")
# Words of a trade that make 'Kvamme Digital Dental' a firm, though it is shaped like a person's name.
_TRADE = re.compile(r"\b(?:dental|tann\w*|ortopedi\w*|optikk|optikar|optiker|lab\w*|medical|medtek\w*|medtech|helse\w*|"
                    r"klinikk\w*|fysio\w*|rehab\w*|hjelpemid\w*|diagnosti\w*|protese\w*|høre\w*|syn\w*|fotterapi)\b",
                    re.IGNORECASE)
_PERSON_ONLY = re.compile(r"^[A-ZÆØÅ][a-zæøå'-]+(?:\s+[A-ZÆØÅ][a-zæøå'-]+){1,2}$")


def written_by(name: str | None) -> tuple[int, str] | None:
    """The sender's own name from the From header ('Trond Nærland'), when it is a person's."""
    name = (name or "").strip(" \"'")
    if "," in name:  # 'Nærland, Trond'
        name = " ".join(reversed([p.strip() for p in name.split(",", 1)]))
    return (0, name) if _PERSON.match(name) and not COMPANY_SUFFIX.search(name) else None


def writer_who_signs(from_name: str | None, lines: list[Line], *, anywhere: bool = False) -> tuple[int, str] | None:
    """The From header's person, when the mail names them by first name: on a short sign-off line
    ending in it ('mvh Hege', 'Hilsen\nHege' from Hege Solbakk), or, with `anywhere`, on any of the
    mail's own lines. A mail from Jon's account signed 'Sølvi' is Sølvi's, whose full name is not known."""
    writer = written_by(from_name)
    if writer is None:
        return None
    first = writer[1].split()[0].casefold()
    full = re.findall(r"\w+", writer[1].casefold())
    text_seen = False
    for line in lines:
        words = re.findall(r"\w+", line.text.casefold())
        if anywhere and line.zone in (*READABLE, SIGNATURE) and first in words:
            return writer
        # 'mvh Hege'; 'helsing eirik njøs', the whole name typed without capitals
        ends_in_name = words[-1:] == [first] or (len(full) > 1 and words[-len(full):] == full)
        if not anywhere and line.zone == SIGNATURE and words and ends_in_name and len(words) <= len(full) + 3:
            return line.number, writer[1]
        # 'sindre hoem' alone, 'anders vik, CTO': the From person's name opening a line of its own under the text
        opens_with_name = len(full) > 1 and words[:len(full)] == full and len(words) <= len(full) + 2
        if not anywhere and opens_with_name and (line.zone == SIGNATURE or (line.zone in READABLE and text_seen)):
            return line.number, writer[1]  # 'sindre hoem' on a line of its own under the text: the From person
        text_seen = text_seen or bool(words)
    return None


def self_is_signer(candidates: list[Candidate], signer: tuple[int, str] | None) -> list[Candidate]:
    """'Kontaktperson: undertegnede' / 'meg' is whoever signs the mail, when someone does."""
    out = []
    for c in candidates:
        if c.value == SELF:
            if signer:
                out.append(Candidate(c.key, signer[1], signer[0], c.confidence * (1.0 if c.confidence >= CORRECTION else 0.9)))
            continue
        out.append(c)
    return out
