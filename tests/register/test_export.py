"""`mdreg export`: the whole register, valid against the schema kept in the repo, as JSON or CSV."""

from __future__ import annotations

import csv
import json

import jsonschema

from mailbot.cli.main import main
from store.export import SCHEMA_PATH
from store.operators import accept_case
from tests.register.mails import doc_lines, mail, representative_body

SECOND_ORG = "982463718"


def seed(intake, engine):
    """Two operators: a manufacturer with two devices, and a representative with two mandates."""
    lines = [doc_lines(), doc_lines(product="FjordSkinne", udi="7071234FJSKIN7Q", risk="IIa",
                                     extra=("Notified body: 2460",))]
    accept_case(engine=engine, reference=intake(mail(docs=lines)).reference, actor="saksbehandler")
    rep = representative_body(org=SECOND_ORG).replace("Fjordmed AS", "Nordrep AS").replace(
        "post@fjordmed.example", "post@nordrep.example")
    foreign = [doc_lines(manufacturer="Alpenmed GmbH, Talstraße 4, 80331 München, Germany", srn="DE-MF-000004711",
                         product="AlpenKnee", udi="4049999ALPKNEE1"),
               doc_lines(manufacturer="Lakeside Medical Ltd, 3 Quay Road, Cork, Ireland", srn="IE-MF-000000042",
                         product="LakeStent", udi="5391234LAKEST2", risk="III", extra=("Notified body: 0050",))]
    case = intake(mail(body=rep, docs=foreign, from_addr="ola@nordrep.example"))
    accept_case(engine=engine, reference=case.reference, actor="saksbehandler")


def export_json(settings, capsys) -> dict:
    assert main(["export", "--db", settings.database_url]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_json_export_validates_against_the_schema_and_holds_every_operator_device_and_mandate(
        intake, engine, settings, capsys):
    seed(intake, engine)
    data = export_json(settings, capsys)
    jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text()),
                                    format_checker=jsonschema.FormatChecker()).validate(data)
    assert {(o["org_number"], o["role"], o["name"]) for o in data["operators"]} == {
        ("974760673", "MF", "Fjordmed AS"), (SECOND_ORG, "AR", "Nordrep AS")}
    assert sorted((d["org_number"], d["name"], d["risk_class"]) for d in data["devices"]) == [
        ("974760673", "FjordSkinne", "IIa"), ("974760673", "FjordSplint", "I"),
        (SECOND_ORG, "AlpenKnee", "I"), (SECOND_ORG, "LakeStent", "III")]
    assert sorted((m["org_number"], m["manufacturer"]["name"], m["manufacturer"]["country"])
                  for m in data["mandates"]) == [(SECOND_ORG, "Alpenmed GmbH", "DE"),
                                                 (SECOND_ORG, "Lakeside Medical Ltd", "IE")]
    fjordmed = next(o for o in data["operators"] if o["org_number"] == "974760673")
    assert fjordmed["address"] == {"street": "Strandgaten 12", "postcode": "5013", "city": "Bergen"}
    assert fjordmed["contact"] == {"name": "Kari Nordmann", "email": "post@fjordmed.example", "phone": fjordmed["contact"]["phone"]}
    assert fjordmed["country"] == "NO"


def test_an_empty_register_exports_valid_empty_lists(settings, engine, capsys):
    data = export_json(settings, capsys)
    jsonschema.validate(data, json.loads(SCHEMA_PATH.read_text()))
    assert data["operators"] == data["devices"] == data["mandates"] == []


def test_the_csv_export_writes_one_file_per_list(intake, engine, settings, tmp_path, capsys):
    seed(intake, engine)
    out = tmp_path / "eksport"
    assert main(["export", "--format", "csv", "--output", str(out), "--db", settings.database_url]) == 0
    with (out / "operators.csv").open(encoding="utf-8") as f:
        operators = list(csv.DictReader(f))
    with (out / "mandates.csv").open(encoding="utf-8") as f:
        mandates = list(csv.DictReader(f))
    assert {o["org_number"] for o in operators} == {"974760673", SECOND_ORG}
    assert "address.postcode" in operators[0] and "contact.email" in operators[0]
    assert {m["manufacturer.srn"] for m in mandates} == {"DE-MF-000004711", "IE-MF-000000042"}
    with (out / "devices.csv").open(encoding="utf-8") as f:
        assert len(list(csv.DictReader(f))) == 4


def test_csv_without_an_output_directory_is_refused_with_a_message(settings, engine, capsys):
    assert main(["export", "--format", "csv", "--db", settings.database_url]) == 2
    assert "--output" in capsys.readouterr().err


