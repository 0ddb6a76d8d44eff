"""Field extraction: read every catalogue field from a message text the way a case officer would.

Labelled values in the applicant's own text (or a forwarded message) come first; an answer typed
under our quoted question counts as labelled; statements in running prose come next; values in a
signature are a last resort. Each value keeps where it was read (part, line) and a confidence.

The steps live in modules of their own: label_split (label and value on a line), labelled (label
lines and pairs), continuation (values under a label), candidates (one value in context), naming
(a name or only a kind), signer (the signature), prose (running text).
"""

from __future__ import annotations

import re

from intake.fields.candidates import ADDRESS_FIELDS, CORRECTION, DISPLACED_PHONE, NONE, Candidate, emit
from intake.fields.catalogue import DOC, rules, same_as_visiting_pattern
from intake.fields.custom_made import promises_declaration, states_custom_made
from intake.fields.earlier_mail import own_before_forwarded, said_now_first
from intake.fields.interleaved import interleaved_answers
from intake.fields.label_split import label_key, split_label
from intake.fields.labelled import labelled_candidates, representative_applies
from intake.fields.labels import names_old_value
from intake.fields.prose import prose_values, subject_values
from intake.fields.prose_kinds import kinds_in
from intake.fields.role_sections import maker_beside_representative
from intake.fields.signer import (ORG_LINE, firm_above_org_number, self_is_signer, signature_company, signed_by,
                                  writer_who_signs, written_by)
from intake.layouts.answers import answers_in_order
from intake.layouts.prepare import prepared
from intake.layouts.signature import BOX_NUMBER, PO_BOX, POSTCODE, POSTCODE_ONLY, SIGNATURE_CONFIDENCE, signature_values
from intake.layouts.zones import BODY, READABLE, SIGNATURE, Line, classify
from intake.model import OK, FieldResult, Provenance


def extract_fields(text: str, *, part: str = "body", message_id: str | None = None,
                   subject: str = "", later_wins: bool = False, writer: str | None = None,
                   sender: str | None = None) -> dict[str, FieldResult]:
    """The best value found in `text` for each field key, with provenance and confidence.

    `later_wins`: an update lists what was and then what is ('Besøksadresse: gammel …' above
    'Besøksadresse: ny …'), so of two values stated alike the later one counts. `writer`: the
    sender's name (From), who 'meg' is when no sign-off names anyone; `sender`: the From address, whose own
    earlier mail quoted below is read as theirs."""
    lines = classify(prepared(text), sender=sender)
    candidates = list(labelled_candidates(lines, later_wins=later_wins)) + representative_applies(lines)
    candidates += interleaved_answers(lines)
    state = {"contact_section": False, "seen": set()}
    for key, value, line in answers_in_order(lines, label_key=label_key, labelled=lambda t: split_label(t) is not None):
        candidates += emit(key, value, "answer", line, state)
    # A value read against its label is not read again from the same line as prose for another field
    # ('Telefon: 912 34 567' under 'Kontaktperson' is the contact's phone, not also the company's).
    labelled = {(c.line, _bare(c.value)): c.key for c in candidates}
    corrections = {ln.number for ln in lines if ln.zone == BODY and _CORRECTION_LINE.match(ln.text)}
    candidates += [Candidate(k, v, n, CORRECTION if n in corrections and v != NONE else c)
                   for k, v, n, c in prose_values(_unwrapped([ln for ln in lines if ln.zone in READABLE
                                                              and not names_old_value(ln.text)]))
                   if labelled.get((n, _bare(v)), k) == k]
    candidates += [Candidate(k, v, n, c) for k, v, n, c in subject_values(subject)]
    # 'mvh Hege' from Hege Solbakk: the From header's person, named by the sign-off's first name
    signer = signed_by(lines) or writer_who_signs(writer, lines)
    candidates = self_is_signer(candidates, signer or written_by(writer))
    # A labelled line of cells ("Mobil: 913 44 208 | Sentralbord: 71 12 00 00") is read cell by cell here too.
    signature = [(ln.number, ln.text) for ln in lines
                 if ln.zone == SIGNATURE and (not split_label(ln.text) or _CELLED.search(ln.text))]
    signed = [Candidate(k, v, n, SIGNATURE_CONFIDENCE) for k, v, n in signature_values(signature)]
    signed += _numbered_firm(signature_company(signature), lines) or firm_above_org_number(
        [(ln.number, ln.text) for ln in lines if ln.zone == SIGNATURE and ln.text.strip()])
    # 'Produsent av medisinsk utstyr (ortoser)' under the name: the firm's role as its signature states it.
    signed += [Candidate(k, v, n, min(c, SIGNATURE_CONFIDENCE) - 0.05) for number, text in signature
               for k, v, n, c in kinds_in(text, number) if k in ("device_type", "business_type")]
    given = {c.key for c in candidates + signed}
    if signer and (len(given) >= _FULL_ENOUGH or "contact_phone" in given):
        # Whoever signs a registration that gives the company's details but names no contact is the
        # contact, whether the details stand in the text or in the signature under the name; so is
        # whoever gives 'my mobile' without naming anyone.
        candidates.append(Candidate("contact_person", signer[1], signer[0], 0.3))
    candidates += signed
    texts = {ln.number: ln.text for ln in lines}
    candidates = said_now_first(maker_beside_representative(own_before_forwarded(candidates, lines), lines), lines)
    candidates = _address_in_pieces(_foreign_ids_last(_with_branch(candidates, texts), texts))
    # 'Address: Postboks 1090, 9261 Tromsø' under an address label: where post goes, whatever wins the visiting one.
    candidates += [Candidate("postal_address", c.value, c.line, c.confidence - 0.01) for c in candidates
                   if c.key == "visiting_address" and PO_BOX.match(c.value)]
    best = _best(candidates, later_wins=later_wins)
    statement = states_custom_made(ln for ln in lines if ln.zone in READABLE or ln.zone == SIGNATURE)
    if statement is not None and not promises_declaration(lines):
        best[DOC] = Candidate(DOC, rules().custom_made_value, statement, 0.9)
    best = _settled(best, candidates, signer=signer, signature={ln.number for ln in lines if ln.zone == SIGNATURE})
    return {
        key: FieldResult(key=key, value=c.value, state=OK, confidence=round(c.confidence, 2),
                         source=Provenance(part=part, line=c.line, message_id=message_id))
        for key, c in best.items()
    }


# 'Rettelse: … ny postboks fra 1. mars: Postboks 1420, 8002 Bodø': what a paragraph headed as a correction states
# outranks the list or form above it.
_CORRECTION_LINE = re.compile(r"^\s*(?i:rettelse|retting|korreksjon|korrigering|rättelse|correction|erratum)\s*[:!-]")
def _numbered_firm(found: list[Candidate], lines: list[Line]) -> list[Candidate]:
    """'Stavanger Surgical AS' over 'Org. no. 915783422' in the signature: the sender's own firm, stated as
    such, outranks a firm merely named first in the text ('A Chinese company, Suzhou Kangli …')."""
    below = {ln.number - 1: ln.text for ln in lines if ln.zone == SIGNATURE}
    return [Candidate(c.key, c.value, c.line, _NUMBERED_FIRM) if ORG_LINE.match(below.get(c.line, "")) else c
            for c in found]


_NUMBERED_FIRM = 0.5  # above a company named first in prose (0.45), below any labelled or stated one
_CELLED = re.compile(r"\s[|·•]\s")  # 'Telefon 70 12 45 80 · Mobil 998 43 127': cells on one signature line
_BRANCH = re.compile(r"^(,?\s*NUF|\s*\(NUF\))\b")


def _with_branch(candidates: list[Candidate], texts: dict[int, str]) -> list[Candidate]:
    """'Kattegat Medico A/S, NUF': a foreign firm's Norwegian branch keeps ', NUF' where a reader cut at the comma."""
    out = []
    for c in candidates:
        if c.key == "manufacturer_name" and c.value and "NUF" not in c.value:
            text = texts.get(c.line, "")
            at = text.find(c.value)
            branch = _BRANCH.match(text[at + len(c.value):]) if at >= 0 else None
            if branch:
                c = Candidate(c.key, c.value + branch.group(1), c.line, c.confidence)
        out.append(c)
    return out


# 'CVR-nr.: 12345678', 'Org.nr (Sverige): 556677-8899': a foreign register's number, not the Norwegian one.
_FOREIGN_REGISTER = re.compile(r"\b(?:cvr|y-tunnus|business\s+id|vat|moms\w*|ust-?id|sverige|svensk\w*|swedish|"
                               r"dansk\w*|danish|danmark|denmark|finsk\w*|finnish)\b|\d{6}-\d{4}\b", re.IGNORECASE)


def _foreign_ids_last(candidates: list[Candidate], texts: dict[int, str]) -> list[Candidate]:
    """A foreign register's number yields to a Norwegian org number stated beside it ('CVR-nr.' above
    'Org.nr. (Norge)'); alone, it is still read (and validation finds it foreign)."""
    foreign = {id(c) for c in candidates if c.key == "org_number" and _FOREIGN_REGISTER.search(texts.get(c.line, ""))
               and len(re.sub(r"\D", "", c.value)) != 9}
    if not foreign or not any(c.key == "org_number" and id(c) not in foreign for c in candidates):
        return candidates
    return [Candidate(c.key, c.value, c.line, c.confidence - 0.5) if id(c) in foreign else c for c in candidates]


_POSTCODE_TOWN = re.compile(rf"^{POSTCODE}\s+[A-ZÆØÅ][^\d,]{{1,40}}$")
_PLACE_ONLY = re.compile(r"^[A-ZÆØÅÄÖ][^\W\d_]+(?:[\s-]+[^\W\d_]+){0,2}$")
_HAS_POSTCODE = re.compile(r"(?:^|[\s,])(?:(?:N|NO)-)?\d{4,5}(?:\s|$)")


def _address_in_pieces(candidates: list[Candidate]) -> list[Candidate]:
    """'Visiting: Storgata 21' … 'Visiting: 9600' … 'Visiting: Hammerfest': one address given a piece at a
    time under its label; each later piece (a postcode, then a place) completes the street before it."""
    out: list[Candidate] = []
    for c in candidates:
        if c.key in ADDRESS_FIELDS:
            value = c.value.strip()
            before = next((i for i in range(len(out) - 1, -1, -1) if out[i].key == c.key), None)
            prior = out[before] if before is not None else None
            if prior is not None and prior.line <= c.line and prior.value.strip() != value:
                if (POSTCODE_ONLY.match(value) or _POSTCODE_TOWN.match(value)) and not _HAS_POSTCODE.search(
                        BOX_NUMBER.sub("", prior.value)):
                    out[before] = Candidate(c.key, f"{prior.value}, {value}", prior.line, prior.confidence)
                    continue
                if _PLACE_ONLY.match(value) and re.search(r",\s*(?:(?:N|NO)-)?\d{4,5}$", prior.value):
                    out[before] = Candidate(c.key, f"{prior.value} {value}", prior.line, prior.confidence)
                    continue
        out.append(c)
    return out


def _bare(value: str) -> str:
    return _NOT_WORD.sub("", value.casefold())


_NOT_WORD = re.compile(r"\W")


# '…, org. no. 911 618 001, Kong' / 'Oscars gate 54, 5017 Bergen': a name broken at the margin, after a comma.
_NAME_BROKEN = re.compile(r",\s+[A-ZÆØÅ][\w'-]*$")
_FULL_ENOUGH = 6  # fields enough to call the mail a registration whose signer is its contact
_LIST_ITEM = re.compile(r"^\d{1,2}[.):]\s")
_WRAP_AT = 60  # a hard-wrapped paragraph's lines are about this long or longer (72/76 is usual)


def _unwrapped(lines: list[Line]) -> list[Line]:
    """A hard-wrapped paragraph as one line, so a sentence broken at the margin ('Our switchboard
    number has / changed from … to …') is read whole; each keeps its first line's number."""
    out: list[Line] = []
    for line in lines:
        prev = out[-1] if out else None
        if (prev is not None and line.number == prev.number + prev.text.count("\n") + 1 and line.text.strip()
                and len(prev.text.rsplit("\n", 1)[-1]) >= _WRAP_AT
                and (line.text[:1].islower() or (line.text[:1].isdigit() and not _LIST_ITEM.match(line.text))
                     or _NAME_BROKEN.search(prev.text) and not split_label(line.text))
                and not prev.text.rstrip().endswith((".", ":", "!", "?")) and prev.zone == line.zone):
            out[-1] = Line(prev.number, prev.text + "\n" + line.text, prev.zone)
        else:
            out.append(line)
    return [Line(ln.number, ln.text.replace("\n", " "), ln.zone) if "\n" in ln.text else ln for ln in out]


def _best(candidates: list[Candidate], *, later_wins: bool = False) -> dict[str, Candidate]:
    """Per field, the most confident candidate; the earliest wins a tie (the latest, in an update)."""
    best: dict[str, Candidate] = {}
    for c in candidates:
        if c.key not in best or c.confidence > best[c.key].confidence or (
                later_wins and c.confidence == best[c.key].confidence and c.line > best[c.key].line):
            best[c.key] = c
    return best


def _settled(best: dict[str, Candidate], candidates: list[Candidate], *, signer: tuple[int, str] | None,
             signature: set[int]) -> dict[str, Candidate]:
    """The chosen values read together: whose number is whose, answers of 'none', one address said to be the other."""
    best = _signers_own_number(best, candidates, signer=signer, signature=signature)
    displaced = best.pop(DISPLACED_PHONE, None)
    if displaced and "phone" not in best:
        best["phone"] = Candidate("phone", displaced.value, displaced.line, displaced.confidence)
    best = {k: c for k, c in best.items() if c.value != NONE}
    return _po_box_is_postal(_resolve_same_as(best))


def _signers_own_number(best: dict[str, Candidate], candidates: list[Candidate], *, signer: tuple[int, str] | None,
                        signature: set[int]) -> dict[str, Candidate]:
    """The signer is the contact and the company's phone is known: another number under the signature
    ('Tlf 915 55 123') is the signer's own, a guess for staff to confirm."""
    contact, phone = best.get("contact_person"), best.get("phone")
    if "contact_phone" in best or not (signer and contact and phone) or contact.value != signer[1]:
        return best
    signature = signature | {signer[0]}  # 'Hilsen Ola Hansen, tlf 900 11 222': the sign-off line itself
    for c in candidates:
        if c.key == "phone" and c.line in signature and _national(c.value) != _national(phone.value):
            best["contact_phone"] = Candidate("contact_phone", c.value, c.line, min(c.confidence, 0.45))
            break
    return best


def _national(number: str) -> str:
    """'+47 22 00 11 22', '0047 22001122' and '22 00 11 22' alike."""
    digits = re.sub(r"\D", "", number)
    return re.sub(r"^(?:00)?47(?=\d{8}$)", "", digits)


def _resolve_same_as(best: dict[str, Candidate]) -> dict[str, Candidate]:
    """'Postadresse: samme som besøksadresse' is the visiting address, as a case officer reads it."""
    postal, visiting = best.get("postal_address"), best.get("visiting_address")
    if postal and same_as_visiting_pattern().match(postal.value.strip(" .")):
        if visiting:
            best["postal_address"] = Candidate("postal_address", visiting.value, postal.line,
                                               min(postal.confidence, visiting.confidence) - 0.05)
        # else kept as said: the visiting address may be in another part (a form); validate_fields resolves it
    if (visiting and postal and _SAME_AS_POSTAL.match(visiting.value.strip()) and not PO_BOX.match(postal.value)
            and not same_as_visiting_pattern().match(postal.value.strip(" ."))):
        # 'Besøksadresse: samme som postadresse' with a street as the postal address: that street.
        best["visiting_address"] = Candidate("visiting_address", postal.value, visiting.line,
                                             min(postal.confidence, visiting.confidence) - 0.05)
    return best


_SAME_AS_POSTAL = re.compile(r"^(?:(?:samme|same|sama|samma|lik|identical)\s+(?:som|as|to)?\s*|som\s+|as\s+)"
                             r"(?:the\s+|vår\s+|our\s+)?(?:post\w*|postal|mailing)(?:\s+address\w*|\s+adress\w*)?\.?$",
                             re.IGNORECASE)


def _po_box_is_postal(best: dict[str, Candidate]) -> dict[str, Candidate]:
    """'Adresse: Postboks 123, 0101 Oslo' is where post goes; nobody visits a PO box. With no postal
    address given, it is the postal address and the visiting address is still to be asked for."""
    visiting, postal = best.get("visiting_address"), best.get("postal_address")
    if visiting and PO_BOX.match(visiting.value) and (postal is None or postal.value == visiting.value):
        best["postal_address"] = Candidate("postal_address", visiting.value, visiting.line, visiting.confidence)
        del best["visiting_address"]
    return best

