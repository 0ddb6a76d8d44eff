"""Devices and mandates: recorded from the DoC and the mail when a registration is accepted, with history."""

from __future__ import annotations

from store.devices import devices_of, mandates_of, retire_device
from store.operators import accept_case
from tests.credentials.builders import ORG
from tests.register.mails import custom_made_body, doc_lines, mail, representative_body


def accept(engine, case):
    return accept_case(engine=engine, reference=case.reference, actor="saksbehandler")


def test_accepting_a_registration_records_its_device_from_the_declaration(intake, engine):
    accept(engine, intake(mail()))
    [device] = devices_of(engine=engine, org_number=ORG)
    assert (device.name, device.basic_udi_di, device.risk_class, device.regulation, device.doc_date,
            device.custom_made, device.retired_at) == (
        "FjordSplint", "7071234FJORDSP9Z", "I", "MDR", "2024-03-12", False, None)


def test_an_ivd_declaration_with_a_notified_body_records_class_regulation_and_body(intake, engine):
    lines = doc_lines(product="FjordTest CRP", udi="7071234FJTCRP8K", risk="C",
                      regulation="Regulation (EU) 2017/746 on in vitro diagnostic medical devices (IVDR).",
                      extra=("Notified body: TÜV SÜD Product Service GmbH, NB 0123",))
    body = mail(docs=[lines]).replace(b"Type utstyr: Medisinsk utstyr", b"Type utstyr: IVD")
    accept(engine, intake(body))
    [device] = devices_of(engine=engine, org_number=ORG)
    assert (device.risk_class, device.regulation, device.notified_body) == ("C", "IVDR", "0123")


def test_an_update_adds_new_devices_and_replaces_a_changed_one_keeping_the_old_record(intake, engine):
    accept(engine, intake(mail()))
    changed = doc_lines(risk="IIa", extra=("Notified body: 2460",), date="01.09.2025")
    added = doc_lines(product="FjordSkinne", udi="7071234FJSKIN7Q")
    accept(engine, intake(mail(docs=[changed, added], subject="Oppdatering av registrering")))
    rows = devices_of(engine=engine, org_number=ORG)
    current = sorted((d.name, d.risk_class) for d in rows if d.retired_at is None)
    retired = [(d.name, d.risk_class) for d in rows if d.retired_at is not None]
    assert current == [("FjordSkinne", "I"), ("FjordSplint", "IIa")]
    assert retired == [("FjordSplint", "I")]


def test_a_device_can_be_retired_and_stays_in_the_history(intake, engine):
    accept(engine, intake(mail()))
    [device] = devices_of(engine=engine, org_number=ORG)
    retire_device(engine=engine, device_id=device.id, actor="saksbehandler")
    assert devices_of(engine=engine, org_number=ORG, include_retired=False) == []
    assert devices_of(engine=engine, org_number=ORG)[0].retired_at is not None


def test_custom_made_devices_are_recorded_as_such_without_a_declaration(intake, engine):
    case = intake(mail(body=custom_made_body(), docs=[]))
    accept(engine, case)
    [device] = devices_of(engine=engine, org_number=ORG)
    assert device.custom_made and device.regulation == "MDR"


def test_a_representative_records_the_represented_manufacturer_and_its_declaration_is_valid(intake, engine):
    foreign = doc_lines(manufacturer="Alpenmed GmbH, Talstraße 4, 80331 München, Germany", srn="DE-MF-000004711",
                        product="AlpenKnee", udi="4049999ALPKNEE1")
    case = intake(mail(body=representative_body(), docs=[foreign]))
    accept(engine, case)  # refused unless the declaration counts for the representative
    [mandate] = mandates_of(engine=engine, org_number=ORG)
    assert (mandate.manufacturer_name, mandate.country, mandate.address, mandate.srn) == (
        "Alpenmed GmbH", "DE", "Talstraße 4, 80331 München, Germany", "DE-MF-000004711")
    [device] = devices_of(engine=engine, org_number=ORG)
    assert device.manufacturer == "Alpenmed GmbH"


def test_one_representative_holds_many_mandates(intake, engine):
    first = doc_lines(manufacturer="Alpenmed GmbH, Talstraße 4, 80331 München, Germany", srn="DE-MF-000004711")
    second = doc_lines(manufacturer="Lakeside Medical Ltd, 3 Quay Road, Cork, Ireland", srn="",
                       product="LakeStent", udi="5391234LAKEST2")
    accept(engine, intake(mail(body=representative_body(), docs=[first, second])))
    mandates = sorted((m.manufacturer_name, m.country) for m in mandates_of(engine=engine, org_number=ORG))
    assert mandates == [("Alpenmed GmbH", "DE"), ("Lakeside Medical Ltd", "IE")]


def test_a_manufacturer_with_another_company_s_declaration_is_not_accepted_into_the_register(intake, engine):
    import pytest
    from store.errors import CaseNotAcceptable

    foreign = doc_lines(manufacturer="Alpenmed GmbH, Talstraße 4, 80331 München, Germany")
    with pytest.raises(CaseNotAcceptable):
        accept(engine, intake(mail(docs=[foreign])))
