"""Enhetsregisteret checks: the bulk download imported locally, the live API over HTTP, the flags."""

from __future__ import annotations

import pytest
from stdnum.no import orgnr

from mailbot.brreg.bulk import ReadCount, read_units
from store import brreg as table
from store.brreg import replace_units
from tests.credentials.builders import ORG, registration_mail
from tests.register.brreg_fixtures import BrregServer, enhet, write_csv_gz, write_json_gz


def valid_org(prefix: str) -> str:
    """A nine-digit number with a correct mod-11 check digit."""
    for last in range(10):
        if orgnr.is_valid(prefix + str(last)):
            return prefix + str(last)
    return valid_org(str(int(prefix) + 1))


OTHER = valid_org("91234567")
FJORDMED = dict(org=ORG, navn="FJORDMED AS")


def import_units(engine, tmp_path, units, *, kind="json"):
    path = tmp_path / ("enheter.json.gz" if kind == "json" else "enheter.csv.gz")
    (write_json_gz if kind == "json" else write_csv_gz)(path, units)
    return replace_units(engine=engine, units=read_units(path, ReadCount()), actor="tester")


def flags_of(case) -> list[str]:
    return sorted(f for f in case.flags if f.startswith("brreg_"))


@pytest.mark.parametrize("kind", ["json", "csv"])
def test_a_registration_matching_the_register_raises_no_flag_and_records_the_organisation_form(
        intake, engine, tmp_path, kind):
    assert import_units(engine, tmp_path, [enhet(**FJORDMED), enhet(OTHER, "ANNET AS")], kind=kind) == 2
    case = intake(registration_mail())
    assert flags_of(case) == []
    check = table.check_for_case(engine=engine, case_id=case.id)
    assert check["outcome"] == "found" and check["source"] == "bulk"
    assert check["unit"]["org_form"] == "AS" and check["unit"]["org_form_text"] == "Aksjeselskap"


@pytest.mark.parametrize("unit, expected", [
    (enhet(OTHER, "ANNET AS"), ["brreg_not_found"]),
    (enhet(**FJORDMED, slettedato="2024-06-30"), ["brreg_deleted"]),
    (enhet(**FJORDMED, konkurs=True), ["brreg_bankrupt"]),
    (enhet(**FJORDMED, under_avvikling=True), ["brreg_liquidation"]),
    (enhet(**FJORDMED, tvangs=True), ["brreg_liquidation"]),
    (enhet(ORG, "HAVBRIS MEDISINSK ENK", form="ENK"), ["brreg_name_differs"]),
    (enhet(**FJORDMED, postnummer="0150", poststed="OSLO", adresse="Storgata 1"), ["brreg_address_differs"]),
], ids=["not_found", "deleted", "bankrupt", "liquidation", "forced_dissolution", "name", "address"])
def test_what_the_register_says_is_flagged(intake, engine, tmp_path, unit, expected):
    import_units(engine, tmp_path, [unit, enhet(valid_org("98765432"), "FYLL AS")])
    assert flags_of(intake(registration_mail())) == expected


def test_the_name_comparison_ignores_legal_form_case_and_a_typo(intake, engine, tmp_path):
    import_units(engine, tmp_path, [enhet(ORG, "Fjordmedd", form="ENK")])
    assert flags_of(intake(registration_mail())) == []


def test_the_postal_address_postcode_counts_as_the_same_address(intake, engine, tmp_path):
    unit = enhet(**FJORDMED, postnummer="0150", poststed="OSLO",
                 postadresse={"land": "Norge", "landkode": "NO", "postnummer": "5804", "poststed": "BERGEN",
                              "adresse": ["Postboks 123"]})
    import_units(engine, tmp_path, [unit])
    assert flags_of(intake(registration_mail())) == []


def test_without_any_source_nothing_is_checked_and_nothing_is_flagged(intake, engine):
    case = intake(registration_mail())
    assert flags_of(case) == [] and table.check_for_case(engine=engine, case_id=case.id) is None


def test_the_live_api_answers_with_the_unit_and_its_answer_is_cached(intake, engine):
    with BrregServer({ORG: enhet(**FJORDMED, konkurs=True)}) as api:
        first = intake(registration_mail(), brreg_api_url=api.url)
        second = intake(registration_mail(from_addr="ola@fjordmed.example"), brreg_api_url=api.url)
    assert flags_of(first) == flags_of(second) == ["brreg_bankrupt"]
    assert api.hits == [f"/enhetsregisteret/api/enheter/{ORG}"]  # the second came from the cache
    assert table.check_for_case(engine=engine, case_id=first.id)["unit"]["org_form"] == "AS"


def test_the_live_api_not_knowing_the_number_flags_not_found(intake):
    with BrregServer({}) as api:
        assert flags_of(intake(registration_mail(), brreg_api_url=api.url)) == ["brreg_not_found"]


def test_a_unit_removed_from_the_api_410_is_flagged_deleted(intake):
    with BrregServer({}, gone={ORG}) as api:
        assert flags_of(intake(registration_mail(), brreg_api_url=api.url)) == ["brreg_deleted"]


def test_a_unit_newer_than_the_imported_file_is_found_by_the_live_api(intake, engine, tmp_path):
    import_units(engine, tmp_path, [enhet(OTHER, "ANNET AS")])
    with BrregServer({ORG: enhet(**FJORDMED)}) as api:
        assert flags_of(intake(registration_mail(), brreg_api_url=api.url)) == []


def test_a_slow_api_never_blocks_intake_the_case_is_flagged_not_checked_and_answered(intake, engine):
    from sqlmodel import Session, select
    from store.models import OutboxMessage

    with BrregServer({ORG: enhet(**FJORDMED)}, delay=2.0) as api:
        case = intake(registration_mail(), brreg_api_url=api.url, brreg_timeout_seconds=0.3)
    assert flags_of(case) == ["brreg_not_checked"]
    with Session(engine) as session:
        assert session.exec(select(OutboxMessage).where(OutboxMessage.case_id == case.id)).all()


def test_an_unreachable_api_is_not_checked_and_a_later_message_checks_again(intake, engine, tmp_path):
    from tests.support import free_port

    dead = f"http://127.0.0.1:{free_port()}/enhetsregisteret/api"
    assert flags_of(intake(registration_mail(), brreg_api_url=dead)) == ["brreg_not_checked"]
    import_units(engine, tmp_path, [enhet(**FJORDMED)])
    assert flags_of(intake(registration_mail(), brreg_api_url=dead)) == []


def test_a_missing_visiting_address_is_proposed_from_the_register_marked_as_such(intake, engine, tmp_path):
    import_units(engine, tmp_path, [enhet(**FJORDMED)])
    raw = registration_mail().replace(b"Bes\xc3\xb8ksadresse: Strandgaten 12, 5013 Bergen\r\n", b"")
    case = intake(raw)
    proposals = table.check_for_case(engine=engine, case_id=case.id)["proposals"]
    assert proposals.get("visiting_address") == {"value": "Strandgaten 12, 5013 BERGEN", "source": "enhetsregisteret"}


def test_brreg_import_command_loads_the_file_and_says_how_many(tmp_path, settings, engine, capsys):
    from mailbot.cli.main import main

    path = write_json_gz(tmp_path / "enheter_alle.json.gz", [enhet(**FJORDMED), enhet(OTHER, "ANNET AS"), {"navn": "x"}])
    assert main(["brreg", "import", str(path), "--db", settings.database_url]) == 0
    out = capsys.readouterr().out
    assert out.startswith("2 enheter importert") and "1 poster hoppet over" in out


def test_brreg_import_of_a_file_that_is_not_the_download_exits_2_with_a_message(tmp_path, settings, engine, capsys):
    from mailbot.cli.main import main

    path = tmp_path / "notes.txt"
    path.write_text("hello\nworld\n")
    assert main(["brreg", "import", str(path), "--db", settings.database_url]) == 2
    assert "organisasjonsnummer" in capsys.readouterr().err
