"""Values read as a case officer reads them: asides stripped, 'none yet' is missing, kinds by their words."""

from __future__ import annotations

from intake.fields.extract import extract_fields
from intake.fields.validate import validate_fields
from intake.understand import complete


def read(text: str) -> dict:
    return validate_fields(complete(extract_fields(text)))


def test_org_number_with_an_aside_is_the_number():
    assert read("Org.nr: 912 345 688 (via our consultant Regkonsult AS)\n")["org_number"].value == "912345688"


def test_job_title_after_a_name_is_not_the_name():
    assert read("Kontaktperson: Nina Paulsen, fagansvarlig regulatoriske forhold\n")["contact_person"].value == "Nina Paulsen"


def test_company_form_in_parentheses_is_not_the_name():
    assert read("Firmanavn: Rahimi Tannteknikk (ENK)\n")["manufacturer_name"].value == "Rahimi Tannteknikk"


def test_me_with_the_name_in_parentheses_is_that_person():
    assert read("Kontaktperson: meg (Kristin Moe)\n")["contact_person"].value == "Kristin Moe"


def test_not_yet_is_missing_not_invalid():
    for words in ("(kommer)", "søkt om, ikke mottatt ennå", "har ikkje", "saknas", "har vi inte"):
        result = read(f"Nettside: {words}\n")["website"]
        assert result.state == "missing", words


def test_both_addresses_in_one_aside_fill_the_postal_address():
    found = read("Adresse: Kirkegata 12, 2609 Lillehammer (både besøk og post)\n")
    assert found["postal_address"].value == found["visiting_address"].value == "Kirkegata 12, 2609 Lillehammer"


def test_ivd_named_in_full_is_ivd_not_ambiguous():
    assert read("Type utstyr: Medisinsk utstyr til in vitro-diagnostikk (IVD)\n")["device_type"].value == "ivd"


def test_the_labels_own_hint_is_not_the_answer():
    text = "Type utstyr (medisinsk utstyr eller in vitro-diagnostisk): medisinsk utstyr\n"
    assert read(text)["device_type"].value == "medical_device"


def test_an_ambiguous_label_is_read_by_its_value():
    assert read("Virksomhet: produsent\n")["business_type"].value == "manufacturer"


def test_swedish_numbers_of_a_swedish_company_are_swedish():
    found = read("Besöksadress: Verkstadsgatan 4, 582 73 Linköping\nTelefon: 013-15 02 80\n")
    assert found["phone"].value == "+4613150280"


def test_outlook_plain_text_link_is_the_website():
    assert read("Nettside: www.fjordlab.no<https://www.fjordlab.no/>\n")["website"].value == "https://www.fjordlab.no"


def test_importer_is_told_it_does_not_register_here():
    assert read("Type virksomhet: Importør\n")["business_type"].reason == "business_type.not_registrable"


def test_a_value_read_without_a_label_is_marked_for_a_case_officer():
    from email.message import EmailMessage

    from intake.understand import understand

    msg = EmailMessage()
    msg["From"] = "frode@nordlandsko.example.no"
    msg["Subject"] = "Registrering"
    msg.set_content("Hei. Nordland Sko og Ortopedi AS, org 974 760 673, Sjøgata 21, 8006 Bodø.\n\nMvh Frode Nilsen\n")
    found = understand(msg.as_bytes())
    assert found.fields["visiting_address"].value == "Sjøgata 21, 8006 Bodø"
    assert "needs_check:visiting_address" in found.flags
    assert "needs_check:manufacturer_name" in found.flags


def test_a_labelled_value_is_not_marked():
    from email.message import EmailMessage

    from intake.understand import understand

    msg = EmailMessage()
    msg["From"] = "kari@fjordlab.example.no"
    msg["Subject"] = "Registrering"
    msg.set_content("Org.nr: 974 760 673\nBesøksadresse: Storgata 1, 0150 Oslo\n")
    assert not [flag for flag in understand(msg.as_bytes()).flags if flag.startswith("needs_check:")]


def test_mail_client_footer_is_not_the_website_and_the_signature_one_is():
    text = ("Firmanavn: Agder Hjelpemiddel AS\nNettside: se signatur\n\nMvh\nMartin Tønnessen\nAgder Hjelpemiddel AS\n"
            "www.agderhjelpemiddel.no<https://www.agderhjelpemiddel.no/>\n\nHent Outlook for Android<https://aka.ms/ghei36>\n")
    assert read(text)["website"].value == "https://www.agderhjelpemiddel.no"


def test_mobile_given_only_in_the_signature_the_body_points_to_is_the_contacts():
    text = ("Kontaktperson: Sindre Aas\nTelefon kontaktperson: mobil, se signatur\n\nMvh\nSindre Aas\n"
            "Mob: 469 11 078\n")
    assert read(text)["contact_phone"].value == "+4746911078"


def test_a_norwegian_branchs_nuf_stays_in_its_name_while_enk_goes():
    from intake.fields.annotations import strip_annotations

    assert strip_annotations("manufacturer_name", "Nordisk Ortopedi AB, filial i Norge (NUF)") \
        == "Nordisk Ortopedi AB, filial i Norge (NUF)"
    assert strip_annotations("manufacturer_name", "Hansen Tannteknikk (ENK)") == "Hansen Tannteknikk"
