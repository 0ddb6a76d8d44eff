"""An update mail saying a registered device is withdrawn or no longer sold: the case is flagged
for staff with the device named (the sentence kept as evidence), and accepting it retires the
device with the update as the source of its history. Nothing is retired before staff accept."""

from __future__ import annotations

from sqlmodel import Session, select

from store.devices import devices_of
from store.models import AuditEvent, OperatorChange
from store.operators import accept_case
from tests.credentials.builders import ORG, body_nb
from tests.register.mails import doc_lines, mail

UPDATE_NB = (
    "Hei,\n\nvi viser til vår registrering i Register for medisinsk utstyr.\n\n"
    f"Organisasjonsnummer: {ORG[:3]} {ORG[3:6]} {ORG[6:]}\n\n"
    "FjordSkinne (Basic UDI-DI 7071234FJSKIN7Q) er trukket fra markedet og selges ikke lenger i Norge, "
    "mens FjordSplint fortsatt omsettes som før. Vi ber om at FjordSkinne tas ut av registeret.\n\n"
    "Med vennlig hilsen\nKari Nordmann\nFjordmed AS\n"
)
UPDATE_EN = (
    "Dear Sir or Madam,\n\nWith reference to our registration in the Norwegian register for medical devices:\n\n"
    f"Organisation number: {ORG}\n\n"
    "Please note that the FjordSkinne finger splint has been discontinued and is no longer placed on the "
    "market in Norway. FjordSplint remains available.\n\n"
    "Kind regards\nKari Nordmann\nRegulatory Affairs, Fjordmed AS\n"
)


def registered_with_two_devices(intake, engine):
    case = intake(mail(docs=[doc_lines(), doc_lines(product="FjordSkinne", udi="7071234FJSKIN7Q")]))
    accept_case(engine=engine, reference=case.reference, actor="saksbehandler")


def update(intake, body: str, subject: str = "Oppdatering av registrering"):
    return intake(mail(body=body, docs=[], subject=subject))


def active(engine) -> list[str]:
    return sorted(d.name for d in devices_of(engine=engine, org_number=ORG) if d.retired_at is None)


def test_an_update_in_bokmal_flags_the_withdrawn_device_by_name_and_keeps_the_sentence(intake, engine):
    registered_with_two_devices(intake, engine)
    case = update(intake, UPDATE_NB)
    assert case.kind == "update"
    assert "device_withdrawn:FjordSkinne" in case.flags
    assert not any(f == "device_withdrawn:FjordSplint" for f in case.flags)
    with Session(engine) as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.case_id == case.id,
                                                      AuditEvent.action == "device_withdrawal_reported")).one()
    reported = event.detail
    assert reported["name"] == "FjordSkinne" and "trukket fra markedet" in reported["evidence"]
    assert active(engine) == ["FjordSkinne", "FjordSplint"]  # staff have not decided yet


def test_accepting_the_update_retires_the_device_with_the_update_as_its_history(intake, engine):
    registered_with_two_devices(intake, engine)
    case = update(intake, UPDATE_NB)
    accept_case(engine=engine, reference=case.reference, actor="saksbehandler")
    assert active(engine) == ["FjordSplint"]
    [retired] = [d for d in devices_of(engine=engine, org_number=ORG) if d.retired_at is not None]
    assert retired.name == "FjordSkinne"
    with Session(engine) as session:
        from store.register_models import Device

        row = session.get(Device, retired.id)
        change = session.exec(select(OperatorChange).where(OperatorChange.case_id == case.id)).one()
    assert (row.retired_case_id, row.retired_by) == (case.id, "saksbehandler")
    assert change.changes["devices_retired"] == {"from": None, "to": ["FjordSkinne"]}


def test_an_update_in_english_saying_discontinued_is_flagged_and_retired_on_acceptance(intake, engine):
    registered_with_two_devices(intake, engine)
    case = update(intake, UPDATE_EN, subject="Update of registration - Fjordmed AS")
    assert "device_withdrawn:FjordSkinne" in case.flags
    accept_case(engine=engine, reference=case.reference, actor="saksbehandler")
    assert active(engine) == ["FjordSplint"]


def test_a_mail_that_only_names_its_devices_retires_nothing(intake, engine):
    registered_with_two_devices(intake, engine)
    body = body_nb(org=ORG).replace("vi ønsker å registrere oss", "vi selger fortsatt FjordSkinne og FjordSplint, "
                                    "og vil oppdatere telefonnummeret vårt")
    case = update(intake, body.replace("Telefon: 55 12 34 56", "Telefon: 55 99 88 77"))
    assert not [f for f in case.flags if f.startswith("device_withdrawn")]
    accept_case(engine=engine, reference=case.reference, actor="saksbehandler")
    assert active(engine) == ["FjordSkinne", "FjordSplint"]


def test_a_withdrawal_of_a_device_the_register_does_not_hold_flags_nothing(intake, engine):
    registered_with_two_devices(intake, engine)
    case = update(intake, UPDATE_NB.replace("FjordSkinne (Basic UDI-DI 7071234FJSKIN7Q)", "FjordKrage")
                  .replace("at FjordSkinne tas ut", "at FjordKrage tas ut"))
    assert not [f for f in case.flags if f.startswith("device_withdrawn")]


def test_asking_to_deregister_a_device_names_the_device_for_staff(intake, engine):
    # "avregistreres" reads as the deregistration of the whole company; staff must see it is one device.
    registered_with_two_devices(intake, engine)
    case = update(intake, UPDATE_NB.replace("tas ut av registeret", "avregistreres"))
    assert case.kind == "deregistration"
    assert "device_withdrawn:FjordSkinne" in case.flags
    assert active(engine) == ["FjordSkinne", "FjordSplint"]
