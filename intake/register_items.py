"""What an accepted registration puts in the register beyond the operator: its devices (from the
declarations of conformity and the mail) and, for an authorised representative, the manufacturers
it represents. Pure: from fields and attachments to plain entries."""

from __future__ import annotations

import re
from dataclasses import dataclass

from intake.doc.check import normalise_company
from intake.doc.patterns import MANUFACTURER_LABELS, labelled_values
from intake.fields.catalogue import DOC, rules
from intake.model import OK, Attachment, DocFindings, FieldResult

RISK_CLASSES = ("I", "Is", "Im", "Ir", "IIa", "IIb", "III", "A", "B", "C", "D")
REGULATIONS = {"2017/745": "MDR", "2017/746": "IVDR"}
_COUNTRY_WORDS = {"norway": "NO", "norge": "NO", "noreg": "NO", "sweden": "SE", "sverige": "SE", "denmark": "DK",
                  "danmark": "DK", "finland": "FI", "suomi": "FI", "germany": "DE", "deutschland": "DE",
                  "france": "FR", "italy": "IT", "italia": "IT", "spain": "ES", "españa": "ES",
                  "netherlands": "NL", "nederland": "NL", "belgium": "BE", "austria": "AT", "österreich": "AT",
                  "switzerland": "CH", "schweiz": "CH", "poland": "PL", "polska": "PL", "ireland": "IE",
                  "united kingdom": "GB", "uk": "GB", "england": "GB", "usa": "US", "united states": "US",
                  "china": "CN", "japan": "JP", "korea": "KR", "south korea": "KR", "india": "IN",
                  "israel": "IL", "canada": "CA", "australia": "AU", "turkey": "TR", "türkiye": "TR"}


@dataclass(frozen=True)
class DeviceEntry:
    name: str
    basic_udi_di: str | None = None
    risk_class: str | None = None
    regulation: str | None = None
    notified_body: str | None = None
    doc_date: str | None = None
    custom_made: bool = False
    manufacturer: str | None = None

    def key(self) -> str:
        """Same device: same Basic UDI-DI, or (without one) the same name."""
        return f"udi:{self.basic_udi_di.upper()}" if self.basic_udi_di else "name:" + " ".join(self.name.casefold().split())


@dataclass(frozen=True)
class MandateEntry:
    manufacturer_name: str
    country: str | None = None
    address: str | None = None
    srn: str | None = None

    def key(self) -> str:
        return f"srn:{self.srn}" if self.srn else "name:" + normalise_company(self.manufacturer_name)


@dataclass(frozen=True)
class RegisterItems:
    devices: tuple[DeviceEntry, ...] = ()
    mandates: tuple[MandateEntry, ...] = ()


def risk_class(value: str | None) -> str | None:
    """`I (s)`, `Class I sterile` -> `Is`; `IIA` -> `IIa`; `A sterile` -> `A`; unknown -> None."""
    if not value:
        return None
    v = re.sub(r"[\s()]", "", value).casefold()
    table = {"i": "I", "is": "Is", "isterile": "Is", "im": "Im", "imeasuring": "Im", "ir": "Ir", "ireusable": "Ir",
             "iia": "IIa", "2a": "IIa", "iib": "IIb", "2b": "IIb", "iii": "III", "3": "III", "1": "I",
             "a": "A", "asterile": "A", "b": "B", "c": "C", "d": "D"}
    return table.get(v) or next((c for c in RISK_CLASSES if c.casefold() == v), None)


def regulation(legislation: tuple[str, ...]) -> str | None:
    for code in legislation:
        if code in REGULATIONS:
            return REGULATIONS[code]
    return legislation[0] if legislation else None


def items_from(*, fields: dict[str, FieldResult], attachments: tuple[Attachment, ...]) -> RegisterItems:
    """The devices and mandates of one registration's messages."""
    devices: dict[str, DeviceEntry] = {}
    mandates: dict[str, MandateEntry] = {}
    represents = _ok(fields, "business_type") == "authorised_representative"
    own_name = _ok(fields, "manufacturer_name")
    for att in attachments:
        doc = att.doc
        if doc is None or not doc.is_declaration:
            continue
        maker = doc.manufacturer if doc.manufacturer and not _same(doc.manufacturer, own_name) else None
        for entry in _devices(doc, manufacturer=maker):
            devices.setdefault(entry.key(), entry)
        if represents and maker:
            mandate = _mandate(doc, att.text or "")
            mandates.setdefault(mandate.key(), mandate)
    if not devices and _ok(fields, DOC) == rules().custom_made_value:
        kind = _ok(fields, "device_type") or "medical_device"
        name = "Individuelt tilpasset utstyr (IVD)" if kind == "ivd" else "Individuelt tilpasset utstyr"
        devices["custom"] = DeviceEntry(name=name, custom_made=True,
                                        regulation="IVDR" if kind == "ivd" else "MDR")
    return RegisterItems(devices=tuple(devices.values()), mandates=tuple(mandates.values()))


def _devices(doc: DocFindings, *, manufacturer: str | None) -> list[DeviceEntry]:
    names, udis = list(doc.devices), list(doc.udi_di)
    if not names and not udis:
        return []
    if len(udis) == len(names):
        pairs = list(zip(names, udis))
    elif len(udis) == 1:
        pairs = [(name, udis[0] if len(names) == 1 else None) for name in names] or [(udis[0], udis[0])]
    else:
        pairs = [(name, None) for name in names] + [(udi, udi) for udi in udis if not names]
    common = dict(risk_class=risk_class(doc.risk_class), regulation=regulation(doc.legislation),
                  notified_body=doc.notified_body, doc_date=doc.date, manufacturer=manufacturer)
    return [DeviceEntry(name=name, basic_udi_di=udi, **common) for name, udi in pairs]


def _mandate(doc: DocFindings, text: str) -> MandateEntry:
    address = None
    for value in labelled_values(text, MANUFACTURER_LABELS):
        head, _, rest = value.partition(",")
        if _same(head, doc.manufacturer) and rest.strip():
            address = rest.strip().strip(",")
            break
    country = doc.srn[:2].upper() if doc.srn else None
    if country is None and address:
        last = address.rsplit(",", 1)[-1].strip().casefold()
        country = _COUNTRY_WORDS.get(last)
    return MandateEntry(manufacturer_name=doc.manufacturer, country=country, address=address, srn=doc.srn)


def _same(a: str | None, b: str | None) -> bool:
    return bool(a and b) and normalise_company(a).replace(" ", "") == normalise_company(b).replace(" ", "")


def _ok(fields: dict[str, FieldResult], key: str) -> str | None:
    result = fields.get(key)
    return result.value if result is not None and result.state == OK and result.value else None
