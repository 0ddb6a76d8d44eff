"""A unit of Enhetsregisteret as mdreg uses it, read from the API's JSON shape or the bulk CSV's row.

The API (`GET /enhetsregisteret/api/enheter/{orgnr}`) and the bulk JSON download share one shape:
`organisasjonsnummer`, `navn`, `organisasjonsform.kode`, `forretningsadresse` / `postadresse`
(`adresse` list, `postnummer`, `poststed`, `landkode`), `konkurs`, `underAvvikling`,
`underTvangsavviklingEllerTvangsopplosning`, `slettedato`. The CSV variant flattens the same keys
with dots (`organisasjonsform.kode`, `forretningsadresse.postnummer`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any


class BadUnit(ValueError):
    """A record without a nine-digit organisation number or a name."""


@dataclass(frozen=True)
class Unit:
    org_number: str
    name: str
    org_form: str | None = None
    org_form_text: str | None = None
    business_address: dict[str, Any] = field(default_factory=dict)
    postal_address: dict[str, Any] = field(default_factory=dict)
    bankrupt: bool = False
    liquidation: bool = False
    forced_dissolution: bool = False
    deleted_on: str | None = None

    def as_dict(self) -> dict[str, Any]:
        # Shallow on purpose: dataclasses.asdict deep-copies and was 60 % of an import's time.
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def postcodes(self) -> set[str]:
        return {a.get("postcode") for a in (self.business_address, self.postal_address) if a.get("postcode")}


def address_text(address: dict[str, Any]) -> str | None:
    """`Havnegata 48, 8900 BRØNNØYSUND` from the stored address parts."""
    if not address:
        return None
    street = ", ".join(address.get("lines") or ())
    town = " ".join(p for p in (address.get("postcode"), address.get("town")) if p)
    country = address.get("country_code")
    tail = "" if country in (None, "NO") else f", {address.get('country') or country}"
    return ", ".join(p for p in (street, town) if p) + tail or None


def _truth(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value or "").strip().casefold() in ("true", "j", "ja", "1", "yes")


def _address(data: dict[str, Any] | None) -> dict[str, Any]:
    if not data:
        return {}
    lines = data.get("adresse") or []
    if isinstance(lines, str):
        lines = [lines]
    out = {"lines": [str(x) for x in lines if x], "postcode": data.get("postnummer") or None,
           "town": data.get("poststed") or None, "country": data.get("land") or None,
           "country_code": data.get("landkode") or None}
    return {k: v for k, v in out.items() if v}


def _org_number(value: Any) -> str:
    digits = "".join(ch for ch in str(value or "") if ch.isdigit())
    if len(digits) != 9:
        raise BadUnit(f"not a nine-digit organisation number: {value!r}")
    return digits


def from_api(data: dict[str, Any]) -> Unit:
    """A unit from the API's (and the bulk JSON's) object."""
    form = data.get("organisasjonsform") or {}
    name = str(data.get("navn") or "").strip()
    org = _org_number(data.get("organisasjonsnummer"))
    if not name and not data.get("slettedato"):
        raise BadUnit(f"{org} has no name")
    return Unit(
        org_number=org, name=name, org_form=form.get("kode"), org_form_text=form.get("beskrivelse"),
        business_address=_address(data.get("forretningsadresse")), postal_address=_address(data.get("postadresse")),
        bankrupt=_truth(data.get("konkurs")), liquidation=_truth(data.get("underAvvikling")),
        forced_dissolution=_truth(data.get("underTvangsavviklingEllerTvangsopplosning")),
        deleted_on=data.get("slettedato") or None,
    )


def _unflatten(row: dict[str, str]) -> dict[str, Any]:
    """`{"forretningsadresse.postnummer": "8900"}` -> `{"forretningsadresse": {"postnummer": "8900"}}`."""
    nested: dict[str, Any] = {}
    for key, value in row.items():
        if key is None or value in (None, ""):
            continue
        head, _, tail = key.strip().partition(".")
        if tail:
            nested.setdefault(head, {})
            if isinstance(nested[head], dict):
                nested[head][tail] = value
        else:
            nested[head] = value
    return nested


def from_csv(row: dict[str, str]) -> Unit:
    """A unit from one row of the bulk CSV (headers are the JSON keys, nested ones joined by dots)."""
    return from_api(_unflatten(row))
