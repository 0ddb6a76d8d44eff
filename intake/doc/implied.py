"""What a registration implies without saying it: the kind of device and the role that custom-made
devices, an attached declaration's regulation or its manufacturer imply, as a case officer reads them (as guesses,
with a low confidence, so they go to staff rather than being echoed as stated)."""

from __future__ import annotations

from dataclasses import replace

from intake.doc.check import IVDR, MDR, normalise_company, same_company
from intake.doc.judge import represents
from intake.fields.catalogue import DOC, rules
from intake.fields.validate import validate
from intake.model import MISSING, OK, Attachment, FieldResult, Provenance


def custom_made_maker(found: dict[str, FieldResult]) -> dict[str, FieldResult]:
    """Whoever makes custom-made devices ('Eg lagar tannprotesar tilpassa kvar einskild pasient') makes
    medical devices and is their manufacturer: what the statement says when no kind is named, as a guess."""
    doc = found.get(DOC)
    if doc is None or doc.value != rules().custom_made_value:
        return found
    implied = {"device_type": "medisinsk utstyr", "business_type": "produsent"}
    found = {**found, **{key: FieldResult(key=key, value=value, state=OK, confidence=0.35, source=doc.source)
                         for key, value in implied.items() if key not in found}}
    device = found["device_type"]
    if validate(device).reason == "device_type.unknown":
        # 'Utstyr: spesialtilpassede tannproteser': custom-made devices named by what they are.
        found["device_type"] = replace(device, value=f"medisinsk utstyr ({device.value})")
    return found


def kind_from_declaration(found: dict[str, FieldResult], attachments: tuple[Attachment, ...]) -> dict[str, FieldResult]:
    """A mail that names no kind of device but attaches a declaration under the MDR (or the IVDR)
    registers medical devices (IVD): the case officer reads the kind off the declaration, as a guess.
    A reply sending only what we asked for (the org number, the declaration) leaves the kind to the case."""
    if "device_type" in found or sum(1 for r in found.values() if r.state != MISSING) < _WHOLE_REGISTRATION:
        return found
    cited = {code for att in attachments if att.doc and att.doc.is_declaration for code in att.doc.legislation}
    kinds = {"medical devices"} if cited & _MD_LEGISLATION else set()
    kinds |= {"IVD"} if cited & _IVD_LEGISLATION else set()
    if len(kinds) != 1:
        return found
    att = next(a for a in attachments if a.doc and a.doc.is_declaration and set(a.doc.legislation) & cited)
    source = Provenance(part=f"attachment:{att.filename or att.sha256[:12]}")
    return {**found, "device_type": FieldResult(key="device_type", value=kinds.pop(), state=OK, confidence=0.4,
                                                source=source)}


def role_from_declaration(found: dict[str, FieldResult], attachments: tuple[Attachment, ...]) -> dict[str, FieldResult]:
    """A whole registration that names no role but attaches a declaration its own firm issued as the
    manufacturer is a manufacturer's, and one whose declaration names it as the maker's authorised
    representative is a representative's: the case officer reads the role off the declaration, as a guess."""
    name = found.get("manufacturer_name")
    if ("business_type" in found or name is None or not normalise_company(name.value or "")
            or sum(1 for r in found.values() if r.state != MISSING) < _WHOLE_REGISTRATION):
        return found
    # (same_company calls two names alike when either is empty once normalised: such a maker implies nothing)
    declarations = [a for a in attachments if a.doc and a.doc.is_declaration and a.doc.manufacturer
                    and normalise_company(a.doc.manufacturer)]
    for att in declarations:
        if same_company(att.doc.manufacturer, name.value):
            role = "produsent"
        elif represents(att.text or "", name.value):
            role = "autorisert representant"  # the declaration names the applicant as the maker's representative
        else:
            continue
        source = Provenance(part=f"attachment:{att.filename or att.sha256[:12]}")
        return {**found, "business_type": FieldResult(key="business_type", value=role, state=OK, confidence=0.4,
                                                      source=source)}
    return found


_WHOLE_REGISTRATION = 7  # details stated (a declaration among them) that make the mail a whole registration
_MD_LEGISLATION = {MDR, "93/42/EEC", "90/385/EEC"}
_IVD_LEGISLATION = {IVDR, "98/79/EC"}
