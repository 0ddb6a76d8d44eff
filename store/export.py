"""The register as data (`mdreg export`): operators (shaped like EUDAMED's actor data: role, name,
address, country, org number, contact), their contacts, devices and mandates. JSON by default;
CSV files (one per list, nested keys joined by dots) for spreadsheets. The JSON Schema is
store/data/register_export.schema.json."""

from __future__ import annotations

import csv
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from store.models import Operator
from store.register_models import BrregCheck, Device, Mandate

FORMAT = "mdreg-register-export/1"
ROLES = {"manufacturer": "MF", "authorised_representative": "AR", "system_procedure_pack_producer": "PR"}
_ADDRESS = re.compile(r"^(?P<street>.*?),?\s*(?P<postcode>\d{4})\s+(?P<city>[^,]+?)(?:,\s*(?P<country>[^,]+))?$")
SCHEMA_PATH = Path(__file__).parent / "data" / "register_export.schema.json"


def _when(value: datetime | None) -> str | None:
    if value is None:
        return None
    return (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).isoformat()


def split_address(text: str | None) -> dict[str, str | None]:
    """`Strandgaten 12, 5013 Bergen` -> street, postcode, city (Norwegian form); else all in street."""
    if not text:
        return {"street": None, "postcode": None, "city": None}
    match = _ADDRESS.match(text.strip())
    if not match:
        return {"street": text.strip(), "postcode": None, "city": None}
    return {"street": match["street"].strip(" ,") or None, "postcode": match["postcode"], "city": match["city"].strip()}


def build_export(*, engine: Engine) -> dict[str, Any]:
    with Session(engine) as session:
        operators = session.exec(select(Operator).order_by(Operator.org_number)).all()
        org_of = {op.id: op.org_number for op in operators}
        forms = _organisation_forms(session)
        actors, contacts = [], []
        for op in operators:
            f = op.fields or {}
            actors.append({
                "role": ROLES.get(f.get("business_type"), "MF"),
                "name": op.name,
                "org_number": op.org_number,
                "organisation_form": forms.get(op.org_number),
                "address": split_address(f.get("visiting_address")),
                "postal_address": split_address(f.get("postal_address")),
                "country": "NO",
                "phone": f.get("phone"),
                "website": f.get("website"),
                "contact": {"name": f.get("contact_person"), "email": op.contact_email, "phone": f.get("contact_phone")},
                "device_type": f.get("device_type"),
                "registered_at": _when(op.created_at),
                "updated_at": _when(op.updated_at),
            })
            contacts.append({"org_number": op.org_number, "name": f.get("contact_person"), "email": op.contact_email,
                             "phone": f.get("contact_phone")})
        devices = [{
            "org_number": org_of[d.operator_id], "name": d.name, "basic_udi_di": d.basic_udi_di,
            "risk_class": d.risk_class, "regulation": d.regulation, "notified_body": d.notified_body,
            "doc_date": d.doc_date, "custom_made": d.custom_made, "manufacturer": d.manufacturer,
            "added_at": _when(d.added_at), "retired_at": _when(d.retired_at),
        } for d in session.exec(select(Device).order_by(Device.operator_id, Device.id))]
        mandates = [{
            "org_number": org_of[m.operator_id],
            "manufacturer": {"name": m.manufacturer_name, "country": m.country, "address": m.address, "srn": m.srn},
            "added_at": _when(m.added_at), "ended_at": _when(m.ended_at),
        } for m in session.exec(select(Mandate).order_by(Mandate.operator_id, Mandate.id))]
    return {"format": FORMAT, "exported_at": _when(datetime.now(timezone.utc)), "operators": actors,
            "contacts": contacts, "devices": devices, "mandates": mandates}


def _organisation_forms(session: Session) -> dict[str, str]:
    """The newest organisation form Enhetsregisteret gave for each org number."""
    out: dict[str, str] = {}
    for check in session.exec(select(BrregCheck).order_by(BrregCheck.id)):
        form = (check.unit or {}).get("org_form")
        if form:
            out[check.org_number] = form
    return out


def flatten(row: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, dict):
            out.update(flatten(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def write_csv(export: dict[str, Any], directory: Path) -> list[Path]:
    """operators.csv, contacts.csv, devices.csv, mandates.csv in `directory` (created)."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name in ("operators", "contacts", "devices", "mandates"):
        rows = [flatten(r) for r in export[name]]
        columns = list(dict.fromkeys(k for r in rows for k in r)) or ["org_number"]
        path = directory / f"{name}.csv"
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=columns)
            writer.writeheader()
            writer.writerows({k: _cell(v) for k, v in r.items()} for r in rows)
        written.append(path)
    return written


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value  # a spreadsheet must not run a formula read from mail
    return value
