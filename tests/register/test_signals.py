"""Surveillance signals from the agency's focus areas: flagged with evidence, never blocking."""

from __future__ import annotations

from pathlib import Path

from intake.signals import load_rules
from store.operators import accept_case
from store.signals import list_signals
from tests.register.mails import custom_made_body, doc_lines, mail


def signals(case) -> list[str]:
    return sorted(f for f in case.flags if f.startswith("signal:"))


def test_software_declared_as_class_i_is_signalled_with_the_words_that_show_it(intake, engine):
    lines = doc_lines(product="FjordTriage – programvare for beslutningsstøtte i legevakt", risk="I")
    case = intake(mail(docs=[lines]))
    assert "signal:software_class_i" in signals(case)
    [row] = list_signals(engine=engine, rule="software_class_i")
    assert row.reference == case.reference and any("programvare" in e for e in row.evidence)


def test_software_in_class_iia_is_not_signalled(intake):
    lines = doc_lines(product="FjordTriage programvare", risk="IIa", extra=("Notified body: 2460",))
    assert "signal:software_class_i" not in signals(intake(mail(docs=[lines])))


def test_dermal_fillers_for_cosmetic_clinics_are_signalled(intake):
    lines = doc_lines(product="GlowFill hyaluronsyre dermal filler 1 ml", risk="III", extra=("Notified body: 0123",))
    assert "signal:cosmetic_clinic" in signals(intake(mail(docs=[lines])))


def test_a_custom_made_dental_laboratory_is_signalled(intake):
    body = custom_made_body().replace("Fjordmed AS", "Fjord Tannteknikk AS")
    case = intake(mail(body=body, docs=[]))
    assert "signal:custom_made_dental" in signals(case)
    assert "signal:custom_made_orthopaedic" not in signals(case)


def test_a_custom_made_orthopaedic_workshop_is_signalled(intake):
    body = custom_made_body().replace("tannkroner og broer", "armproteser og benproteser fra vårt ortopediske verksted")
    assert "signal:custom_made_orthopaedic" in signals(intake(mail(body=body, docs=[])))


def test_covid_19_tests_are_signalled(intake):
    lines = doc_lines(product="FjordCheck SARS-CoV-2 antigen hurtigtest", risk="C",
                      regulation="Regulation (EU) 2017/746 on in vitro diagnostic medical devices (IVDR).",
                      extra=("Notified body: 0123",))
    body = mail(docs=[lines]).replace(b"Type utstyr: Medisinsk utstyr", b"Type utstyr: IVD")
    assert "signal:infection_control_covid" in signals(intake(body))


def test_a_new_manufacturer_with_a_high_risk_class_is_signalled_and_a_registered_one_is_not(intake, engine):
    lines = doc_lines(product="FjordValve", risk="III", extra=("Notified body: 0123",))
    first = intake(mail(docs=[lines]))
    assert "signal:new_operator_high_risk" in signals(first)
    accept_case(engine=engine, reference=first.reference, actor="saksbehandler")
    again = intake(mail(docs=[lines], subject="Oppdatering av registrering"))
    assert "signal:new_operator_high_risk" not in signals(again)


def test_an_ordinary_class_i_registration_raises_no_signal(intake):
    assert signals(intake(mail())) == []


def test_a_signal_does_not_hold_up_automatic_acceptance(intake, engine):
    from store.operators import auto_accept_blockers

    assert auto_accept_blockers(kind="registration", status="under_review", fields={}, flags=["signal:cosmetic_clinic"],
                                sender_authenticated=True, org_number_registered=False, sender_addr="a@x.no",
                                contact_email="b@x.no").count("case_flagged") == 0


def test_staff_add_a_rule_in_a_file_of_their_own(intake, engine, tmp_path, settings):
    rules = tmp_path / "signals.toml"
    rules.write_text('[[rule]]\nid = "splints"\nnb = "Skinner"\nnn = "Skinner"\nen = "Splints"\n'
                     "words = ['\\w*splint\\w*']\n", encoding="utf-8")
    load_rules.cache_clear()
    case = intake(mail(), signal_rules_file=rules)
    assert "signal:splints" in signals(case)
    assert [r.id for r in load_rules(Path(rules))][-1] == "splints"


def test_a_broken_rules_file_never_blocks_intake(intake, tmp_path):
    rules = tmp_path / "signals.toml"
    rules.write_text("[[rule]]\nid = 'x'\nwords = ['(']\n", encoding="utf-8")
    load_rules.cache_clear()
    case = intake(mail(), signal_rules_file=rules)
    assert case.status == "under_review" and signals(case) == []




def test_mdreg_signals_lists_the_matches_of_one_rule_as_json(intake, settings, capsys):
    import json

    from mailbot.cli.main import main

    lines = doc_lines(product="GlowFill hyaluronsyre dermal filler 1 ml", risk="III", extra=("Notified body: 0123",))
    case = intake(mail(docs=[lines]))
    assert main(["signals", "--rule", "cosmetic_clinic", "--json", "--db", settings.database_url]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert row["reference"] == case.reference and row["rule"] == "cosmetic_clinic" and row["evidence"]


def test_the_staff_queue_filters_by_one_rule_or_by_any_signal(intake, engine):
    from store.queue import ANY_SIGNAL, QueueFilter, queue_rows, queue_totals
    from tests.credentials.builders import body_nb

    filler = intake(mail(docs=[doc_lines(product="GlowFill hyaluronsyre dermal filler 1 ml", risk="III",
                                         extra=("Notified body: 0123",))]))
    software = intake(mail(docs=[doc_lines(product="FjordTriage programvare for beslutningsstøtte", risk="I")],
                           body=body_nb(org="934567897", contact="post@triage.example.no"),
                           from_addr="post@triage.example.no"))
    plain = intake(mail(body=body_nb(org="923456783", contact="post@nordlys.example.no"),
                        from_addr="post@nordlys.example.no"))
    assert not signals(plain) and signals(software) == ["signal:software_class_i"], software.flags

    def references(signal: str) -> list[str]:
        return sorted(r.reference for r in queue_rows(engine=engine, flt=QueueFilter(signal=signal)))

    assert references("cosmetic_clinic") == [filler.reference]
    assert references(ANY_SIGNAL) == sorted([filler.reference, software.reference])
    assert queue_totals(engine=engine, flt=QueueFilter(signal="cosmetic_clinic"))[0] == 1


def test_mdreg_signals_lists_each_rule_by_its_id_and_its_text_in_bokmal(intake, settings, capsys):
    from mailbot.cli.main import main

    lines = doc_lines(product="GlowFill hyaluronsyre dermal filler 1 ml", risk="III", extra=("Notified body: 0123",))
    case = intake(mail(docs=[lines]))
    assert main(["signals", "--rule", "cosmetic_clinic", "--db", settings.database_url]) == 0
    header, row, *evidence = capsys.readouterr().out.splitlines()
    assert header.split() == ["referanse", "regel", "tilsynsområde"]
    assert row.split("  ")[0] == case.reference and " cosmetic_clinic " in row
    assert row.endswith("Produkt for kosmetiske klinikker (fillere, tråder til ansiktsløft)")
    assert evidence and all(line.startswith("    ") for line in evidence)


def test_mdreg_signals_says_the_rule_in_english_with_language_en(intake, settings, capsys):
    from mailbot.cli.main import main

    lines = doc_lines(product="GlowFill hyaluronsyre dermal filler 1 ml", risk="III", extra=("Notified body: 0123",))
    intake(mail(docs=[lines]))
    assert main(["--language", "en", "signals", "--db", settings.database_url]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["reference", "rule", "surveillance", "area"]
    [row] = [line for line in out.splitlines() if " cosmetic_clinic " in line]
    assert row.endswith("Product for cosmetic clinics (dermal fillers, facelift threads)")


def test_mdreg_signals_says_when_nothing_matches(settings, capsys, engine):
    from mailbot.cli.main import main

    assert main(["signals", "--db", settings.database_url]) == 0
    assert capsys.readouterr().out == "ingen saker treffer tilsynsreglene for dette utvalget\n"
