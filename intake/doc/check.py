"""Declaration of conformity analysis: is an attachment a DoC, and does it fit the registration."""

from __future__ import annotations

import re
import unicodedata

from intake.doc.patterns import (
    DEVICE_LABELS,
    LEGISLATION,
    MANUFACTURER_LABELS,
    NEEDS_NOTIFIED_BODY,
    find_date,
    find_notified_body,
    find_risk_class,
    find_srns,
    find_udi_dis,
    is_article_22_statement,
    is_declaration_title,
    labelled_values,
)
from intake.model import DocFindings

MDR, IVDR = "2017/745", "2017/746"
MAX_DOC_CHARS = 100_000
OLD_DIRECTIVES = {"93/42/EEC", "98/79/EC", "90/385/EEC"}
_IVD_DIRECTIVE = "98/79/EC"


_SRN_VALUE = re.compile(r"^(?:SRN\b|[A-Z]{2}-(?:MF|AR|IM|PR)-\d{9}\b)", re.IGNORECASE)


def analyse_declaration(text: str) -> DocFindings:
    """What a declaration's text says; `is_declaration` False for any other document."""
    # What identifies a declaration is on its first pages; a long annex of devices adds nothing to check.
    text = unicodedata.normalize("NFC", (text or "")[:MAX_DOC_CHARS])
    if not (is_declaration_title(text) or is_article_22_statement(text)):
        return DocFindings(is_declaration=False)
    legislation = tuple(code for code, pattern in LEGISLATION if pattern.search(text))
    # 'Manufacturer SRN: CN-MF-000031450' labels the number, not the name.
    manufacturers = [v for v in labelled_values(text, MANUFACTURER_LABELS) if not _SRN_VALUE.match(v)]
    srns = find_srns(text)
    risk = find_risk_class(text)
    nb = find_notified_body(text)
    findings = DocFindings(
        is_declaration=True,
        legislation=legislation,
        manufacturer=company_name(manufacturers[0]) if manufacturers else None,
        srn=srns[0] if srns else None,
        devices=tuple(dict.fromkeys(labelled_values(text, DEVICE_LABELS)))[:20],
        udi_di=find_udi_dis(text),
        risk_class=risk,
        notified_body=nb,
        date=find_date(text),
    )
    return _with_own_flags(findings)


_NUMBERED_NOTE = re.compile(r"\s*\([^()]*\d[^()]*\)")
# 'Manufacturer' heading a table whose rows lost their colons in the PDF's text: 'Name Akerselva Medisinteknikk AS'.
_NAME_LABEL = re.compile(r"^\s*(?i:name|navn|namn|legal\s+name|registered\s+name|company(?:\s+name)?|firma(?:navn|namn)?|"
                         r"foretaksnavn|företagsnamn|firmenname|name\s+des\s+herstellers)\s*[:.]?\s+(?=[A-ZÆØÅÄÖÜ0-9])")


def company_name(value: str) -> str:
    """The company name from a `Manufacturer:` value that may run on into the address, less a note in
    brackets with a number ('PulsPilot AS (org. no. 821632366)')."""
    value = _NAME_LABEL.sub("", _NUMBERED_NOTE.sub("", value))
    pieces = [p.strip() for p in value.split(",")]
    name = pieces[0]
    # "Acme, Inc." and "Acme Medical, AS": keep a legal-form suffix that follows the comma.
    if len(pieces) > 1 and pieces[1].casefold().strip(". ") in _SUFFIXES:
        name = f"{name}, {pieces[1]}"
    return name


def _with_own_flags(doc: DocFindings) -> DocFindings:
    """What is missing from the declaration itself, before comparing it with the e-mail."""
    flags = []
    if not doc.legislation:
        flags.append("needs_manual_check:doc_no_legislation")
    if not doc.manufacturer:
        flags.append("needs_manual_check:doc_no_manufacturer")
    if (MDR in doc.legislation or IVDR in doc.legislation) and not doc.srn:
        flags.append("needs_manual_check:doc_no_srn")
    if doc.risk_class in NEEDS_NOTIFIED_BODY and not doc.notified_body:
        flags.append("needs_manual_check:doc_no_notified_body")
    if MDR in doc.legislation and IVDR in doc.legislation:
        flags.append("needs_manual_check:doc_cites_mdr_and_ivdr")
    return DocFindings(**{**doc.__dict__, "flags": tuple(flags)})


def cross_check(doc: DocFindings, *, device_type: str | None, manufacturer_name: str | None) -> tuple[str, ...]:
    """Flags a case officer would raise comparing the DoC with the e-mail's fields."""
    if not doc.is_declaration:
        return ()
    flags = list(doc.flags)
    cited = set(doc.legislation)
    kind = _device_kind(device_type)
    if kind == "ivd" and MDR in cited and IVDR not in cited:
        flags.append("doc_mismatch:ivd_declared_but_mdr_cited")
    if kind == "medical_device" and IVDR in cited and MDR not in cited:
        flags.append("doc_mismatch:md_declared_but_ivdr_cited")
    if kind == "ivd" and cited and cited <= OLD_DIRECTIVES and _IVD_DIRECTIVE not in cited:
        flags.append("doc_mismatch:ivd_declared_but_mdr_cited")
    if kind == "medical_device" and cited == {_IVD_DIRECTIVE}:
        flags.append("doc_mismatch:md_declared_but_ivdr_cited")
    if cited and cited <= OLD_DIRECTIVES:
        flags.append("doc_old_directive_only")
    if _ivd_class(doc.risk_class) and kind == "medical_device":
        flags.append("needs_manual_check:doc_ivd_class_for_medical_device")
    if doc.manufacturer and manufacturer_name and not same_company(doc.manufacturer, manufacturer_name):
        flags.append("doc_mismatch:manufacturer_name")
    return tuple(dict.fromkeys(flags))


_IVD_WORDS = re.compile(r"in[\s-]*vitro|\bivd")
_MD_WORDS = re.compile(r"medisinsk|medical|\bmd\b|mdr|utstyr")


def _device_kind(device_type: str | None) -> str | None:
    """`ivd` or `medical_device` from the normalised value or the applicant's own words."""
    if not device_type:
        return None
    value = device_type.casefold()
    if value in ("ivd", "medical_device"):
        return value
    if _IVD_WORDS.search(value):
        return "ivd"
    if _MD_WORDS.search(value):
        return "medical_device"
    return None


def _ivd_class(risk_class: str | None) -> bool:
    return risk_class in ("A", "A sterile", "B", "C", "D")


_SUFFIXES = {"as", "asa", "nuf", "ab", "aps", "ag", "oy", "oyj", "bv", "nv", "gmbh", "ltd", "limited", "llc",
             "inc", "corp", "corporation", "co", "company", "plc", "srl", "spa", "sas", "sarl", "kg",
             "se", "sa", "ans", "da", "nuf", "enk", "publ", "og", "and", "&"}


_WORD = re.compile(r"[a-z0-9]+")


def normalise_company(name: str) -> str:
    """Casefolded words without punctuation, accents folded, legal-form words dropped."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    folded = folded.replace("ø", "o").replace("æ", "ae").replace("ß", "ss")
    words = _WORD.findall(folded.replace("a/s", "as"))
    if _BRANCH & set(words):
        # 'Nordisk Ortopedi AB, filial i Norge (NUF)': a Norwegian branch is the foreign company itself.
        words = [w for w in words if w not in _BRANCH | _BRANCH_PLACE]
    return " ".join(w for w in words if w not in _SUFFIXES)


_BRANCH = {"nuf", "filial", "branch", "filialen"}
_BRANCH_PLACE = {"i", "in", "norge", "norway", "norwegian", "norsk", "norske", "of"}


def same_company(a: str, b: str) -> bool:
    """Equal after normalising (legal forms, case, accents, punctuation and spacing ignored)."""
    left, right = normalise_company(a), normalise_company(b)
    if not left or not right:
        return True  # nothing left to compare: do not raise a mismatch on noise
    if left.replace(" ", "") == right.replace(" ", "") or not (_NOTE_AFTER.search(a) or _NOTE_AFTER.search(b)):
        return left.replace(" ", "") == right.replace(" ", "")
    # 'Kirurgisett Norge AS (system and procedure pack producer)': the role in brackets is no part of the name.
    return same_company(_NOTE_AFTER.sub("", a), _NOTE_AFTER.sub("", b))


_NOTE_AFTER = re.compile(r"\s*\([^()]*\)\s*$")
