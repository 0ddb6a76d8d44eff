"""Extraction, one behaviour a test: how a case officer reads labels, quotes, forwards and signatures."""

from __future__ import annotations

from intake.fields.extract import extract_fields
from intake.layouts.html_text import html_to_text
from intake.understand import understand


def values(text: str) -> dict[str, str]:
    return {k: r.value for k, r in extract_fields(text).items()}


def test_label_without_colon_is_read():
    assert values("Org.nr 912 345 688\n")["org_number"] == "912 345 688"


def test_value_on_the_line_below_its_label_is_read():
    assert values("Kontaktperson:\nKari Nordmann\n")["contact_person"] == "Kari Nordmann"


def test_address_over_two_lines_is_one_address():
    assert values("Besøksadresse:\nStorgata 1\n0155 OSLO\n")["visiting_address"] == "Storgata 1, 0155 OSLO"


def test_misspelt_label_is_matched():
    assert values("Organisasjonsnumer: 912345688\n")["org_number"] == "912345688"


def test_two_fields_on_one_line_are_split():
    found = values("Tlf: 22 33 44 55   Faks: 22 33 44 56\n")
    assert (found["phone"], found["fax"]) == ("22 33 44 55", "22 33 44 56")


def test_quoted_label_with_answer_below_is_read():
    text = "Svar under.\n\nDen 4. mars 2025 skrev Register <medisinsk.utstyr@localhost>:\n> - Organisasjonsnummer: mangler\n912 345 688\n"
    assert values(text)["org_number"] == "912 345 688"


def test_quoted_value_is_not_new_data():
    text = "Takk!\n\nOn Tue, 4 Mar 2025, Kari <kari@example.no> wrote:\n> Organisasjonsnummer: 912 345 688\n"
    assert "org_number" not in values(text)


def test_forwarded_message_data_is_read():
    text = ("Se under.\n\n---------- Forwarded message ---------\nFrom: Kari <kari@example.no>\n"
            "Date: Mon, 3 Mar 2025\nSubject: Reg\nTo: Per <per@example.no>\n\nE-post: kari@example.no\n")
    assert values(text)["email"] == "kari@example.no"


def test_outlook_forward_header_is_not_read_as_fields():
    text = ("FYI\n\nFra: Kari <kari@example.no>\nSendt: mandag 3. mars 2025\nTil: Per\nEmne: Reg\n\nTelefon: 22 33 44 55\n")
    found = values(text)
    assert found["phone"] == "22 33 44 55" and "email" not in found


def test_signature_phone_does_not_override_labelled_phone():
    text = "Telefon: 22 33 44 55\n\nMed vennlig hilsen\nKari\nTlf: 22 99 88 77\n"
    assert values(text)["phone"] == "22 33 44 55"


def test_signature_phone_is_a_low_confidence_fallback():
    result = extract_fields("Navn på produsent: Tannlab AS\n\nMvh\nKari\n+47 22 99 88 77\n")["phone"]
    assert result.value == "+47 22 99 88 77" and result.confidence < 0.5


def test_phone_under_contact_person_is_the_contact_phone():
    found = values("Telefon: 22 33 44 55\nKontaktperson: Kari Nordmann\nTelefon: 912 34 567\n")
    assert (found["phone"], found["contact_phone"]) == ("22 33 44 55", "912 34 567")


def test_placeholder_value_gives_no_value():
    assert "fax" not in values("Faks: -\nNettside: har ikke\n")


def test_postal_same_as_visiting_copies_the_visiting_address():
    found = values("Besøksadresse: Storgata 1, 0155 Oslo\nPostadresse: samme som besøksadresse\n")
    assert found["postal_address"] == "Storgata 1, 0155 Oslo"


def test_custom_made_statement_makes_the_declaration_not_required():
    assert values("Utstyret er spesialtilpasset for hver pasient.\n")["declaration_of_conformity"] == \
        "not required: custom-made"


def test_negated_custom_made_statement_does_not_count():
    assert "declaration_of_conformity" not in values("Utstyret er ikke spesialtilpasset.\n")


def test_word_table_row_with_two_paragraph_cell_is_one_label_value_line():
    html = "<table><tr><td><p>Besøksadresse</p></td><td><p>Storgata 1</p><p>0155 Oslo</p></td></tr></table>"
    assert "Besøksadresse: Storgata 1, 0155 Oslo" in html_to_text(html)


def test_provenance_names_part_and_line():
    result = extract_fields("Hei\nE-post: kari@example.no\n", part="attachment:skjema.docx")["email"]
    assert (result.source.part, result.source.line) == ("attachment:skjema.docx", 2)


def test_doc_label_without_attachment_is_missing_with_reason():
    raw = (b"From: a@example.no\r\nTo: medisinsk.utstyr@localhost\r\nSubject: Reg\r\nMessage-ID: <x@example.no>\r\n"
           b"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSamsvarserkl\xc3\xa6ring: vedlagt\r\n")
    doc = understand(raw).fields["declaration_of_conformity"]
    assert (doc.state, doc.reason) == ("missing", "declaration_of_conformity.not_attached")


def test_dot_leaders_between_label_and_value_are_not_part_of_the_value():
    text = "Company name ..........: NorRep AS\nOrg. no. ..............: 923 609 016\nPhone ...... 22 00 11 22\n"
    found = extract_fields(text)
    assert found["manufacturer_name"].value == "NorRep AS"
    assert found["org_number"].value == "923 609 016"
    assert found["phone"].value == "22 00 11 22"


def test_contact_person_with_a_mobile_number_on_the_same_line_gives_both():
    found = extract_fields("Kontaktperson: Ingrid Solberg, mobil 926 12 345\n")
    assert found["contact_person"].value == "Ingrid Solberg"
    assert found["contact_phone"].value == "926 12 345"


def test_a_bare_web_address_on_its_own_line_is_not_a_label():
    found = extract_fields("Web:\nwww.tprosedyre.example.no\n")
    assert found["website"].value == "www.tprosedyre.example.no"


def test_mobile_in_the_signature_is_the_contacts_phone():
    text = "Hei,\n\nJeg er ny kontaktperson. Mobilnummeret mitt står i signaturen.\n\nVenleg helsing\n\nRandi Loen\nStryn Ortopediverkstad AS\nMob. 954 60 318\n"
    assert values(text)["contact_phone"] == "954 60 318"


def test_a_number_after_the_contacts_name_is_the_contacts_phone():
    found = values("Kontaktperson: Anne Grete Holm, 924 51 770\nTelefon: 64 83 50 00\n")
    assert (found["contact_person"], found["contact_phone"], found["phone"]) == ("Anne Grete Holm", "924 51 770",
                                                                                 "64 83 50 00")


def test_who_can_be_reached_on_a_number_gives_the_contacts_phone():
    text = "Kontaktperson er Bjørg Haugo, som kan nåast på 97 10 28 44 eller bjorg@firma.example.no.\n"
    assert values(text)["contact_phone"] == "97 10 28 44"


def test_i_who_am_the_new_contact_is_the_contact_person():
    assert values("Frå 1. august er det eg, Randi Loen, som er ny kontaktperson for oss.\n")["contact_person"] == "Randi Loen"


def test_a_bare_domain_in_the_signature_is_the_website():
    text = "Hei,\n\nVedlagt.\n\nVenleg helsing\n\nKari Tveit\nHardanger Høyreteknikk AS\nhardangerhoyre.example.no\n"
    assert values(text)["website"] == "hardangerhoyre.example.no"


def test_a_label_naming_both_addresses_gives_both():
    found = values("Besøks- og postadresse: Storgata 1, 0150 Oslo\n")
    assert found["visiting_address"] == found["postal_address"] == "Storgata 1, 0150 Oslo"
    assert "visiting_address" not in values("Postadresse (hvis ulik besøksadresse): Postboks 5, 0101 Oslo\n")


def test_an_address_said_to_serve_for_both_gives_both():
    for text, address in (("Visiting address: Storgata 1, 0150 Oslo (same as postal)\n", "Storgata 1, 0150 Oslo"),
                          ("Postadresse: Storgata 1, 0150 Oslo (både post og besøk)\n", "Storgata 1, 0150 Oslo"),
                          ("Gudbrandsdal Ortopedi AS\nStorgata 88, 2609 Lillehammer (også postadresse)\n",
                           "Storgata 88, 2609 Lillehammer")):
        found = values(text)
        assert (found.get("visiting_address"), found.get("postal_address")) == (address, address), text


def test_a_po_box_given_as_the_address_is_the_postal_address():
    found = values("Adresse: Postboks 123, 0101 Oslo\n")
    assert found.get("postal_address") == "Postboks 123, 0101 Oslo" and "visiting_address" not in found


def test_a_phone_under_the_contact_heading_is_not_also_the_companys():
    found = values("Kontaktperson\nNavn: Kari Nordmann\nTelefon: 912 34 567\n")
    assert found["contact_phone"] == "912 34 567" and "phone" not in found


def test_same_as_visiting_in_one_part_resolves_against_another():
    from intake.fields.validate import validate_fields
    from intake.model import FieldResult

    fields = validate_fields({
        "visiting_address": FieldResult(key="visiting_address", value="Storgata 1, 0150 Oslo", state="ok"),
        "postal_address": FieldResult(key="postal_address", value="Same as visit address", state="ok")})
    assert fields["postal_address"].value == "Storgata 1, 0150 Oslo"


def test_the_undersigned_as_contact_is_whoever_signs():
    text = "Kontaktperson: undertegnede\nTelefon: 22 33 44 55\n\nMed vennlig hilsen\nKari Nordmann\nFirma AS\n"
    assert values(text)["contact_person"] == "Kari Nordmann"


def test_a_label_with_its_qualifier_is_still_the_label():
    assert values("Kontaktperson for registeret: Kari Nordmann\n")["contact_person"] == "Kari Nordmann"


def test_an_address_in_angle_brackets_is_not_part_of_the_name():
    found = values("Kontaktperson: Kari Nordmann <kari@firma.example.no>\n")
    assert (found["contact_person"], found["email"]) == ("Kari Nordmann", "kari@firma.example.no")


def test_an_answer_of_none_is_not_filled_from_a_consultants_signature():
    text = ("Produsent: Brattli Kirurgi AS\nNettside: (kommer)\n\nMed vennlig hilsen\n\nLinn Strøm\n"
            "Regulus Regulatory AS\nwww.regulus-regulatory.example.no\n")
    assert "website" not in values(text)


def test_an_answer_pointing_to_the_signature_is_read_there():
    text = ("Produsent: Frogner KI AS\nNettside: se signatur\nTlf. kontaktperson: mobil, se signatur\n\n"
            "Med vennlig hilsen\n\nCamilla Rød\nFrogner KI AS\nMob: 469 11 078\nwww.frognerki.example.no\n")
    found = values(text)
    assert (found["website"], found["contact_phone"]) == ("www.frognerki.example.no", "469 11 078")


def test_values_listed_without_labels_are_read_by_their_type():
    text = ("Hallingdal Hjelpemiddelteknikk AS\norgnr 982289726\nTlf 32 07 55 10\n"
            "Medisinsk utstyr (dusjstoler, klasse 1)\nProdusent\nhallingdalht.example.no\n")
    found = values(text)
    assert found["manufacturer_name"] == "Hallingdal Hjelpemiddelteknikk AS"
    assert found["website"] == "hallingdalht.example.no"
    assert found["business_type"] == "Produsent"
    assert found["device_type"].startswith("Medisinsk utstyr")


def test_a_web_address_or_a_number_is_never_a_name():
    found = values("Kontaktperson: 912 34 567\nProdusent: www.firma.example.no\n")
    assert "contact_person" not in found and "manufacturer_name" not in found


def test_a_number_answered_in_words_only_is_missing_not_invalid():
    from intake.fields.validate import validate_fields

    found = extract_fields("Org.nr.: Ikke norsk selskap\nFaks: nei takk\nNettside: under arbeid\nTelefon: 22 33 44 55\n")
    fields = validate_fields(found)
    assert "org_number" not in fields and "fax" not in fields and "website" not in fields
    assert fields["phone"].value == "+4722334455"


def test_a_negation_reaches_only_its_own_clause():
    from intake.fields.catalogue import rules

    found = values("Samsvarserklæring: ikkje relevant, spesialtilpassa utstyr (kroner, bruer)\n")
    assert found["declaration_of_conformity"] == rules().custom_made_value
    assert "declaration_of_conformity" not in values("Utstyret er ikke spesialtilpasset.\n")


def test_two_addresses_on_one_line_are_the_visiting_and_the_po_box():
    found = values("Adresse: Strandgaten 12, 5013 Bergen / Postboks 123, 5804 Bergen\n")
    assert (found["visiting_address"], found["postal_address"]) == ("Strandgaten 12, 5013 Bergen",
                                                                     "Postboks 123, 5804 Bergen")


def test_call_us_is_the_companys_number_and_call_me_the_contacts():
    assert values("Ring oss på 55 12 34 56 om noe er uklart.\n")["phone"] == "55 12 34 56"
    assert values("Ring meg på 412 34 567 om noe er uklart.\n")["contact_phone"] == "412 34 567"


def test_a_short_value_beside_its_label_is_not_taken_for_a_misspelt_label():
    assert values("Type utstyr MD\n")["device_type"] == "MD"
    assert values("Organisasjonsnumer\n912 345 688\n")["org_number"] == "912 345 688"


def test_an_address_with_its_place_in_fields_of_their_own_is_one_address():
    found = values("Besøksadresse: Storgata 1\nPostnr./sted: 0150 Oslo\nPostadresse: Postboks 5\nPostnr./sted: 0101 Oslo\n")
    assert (found["visiting_address"], found["postal_address"]) == ("Storgata 1, 0150 Oslo", "Postboks 5, 0101 Oslo")
    assert values("Adresse: Storgata 1\nPostnummer: 0150\nPoststed: Oslo\n")["visiting_address"] == "Storgata 1, 0150 Oslo"


def test_contact_person_is_me_named_in_prose_with_a_direct_number():
    text = ("Hei igjen, her kommer det som manglet. Kontaktperson er meg, Ingrid Sæther, direkte nummer 472 28 190. "
            "Sentralbordet har 55 30 88 00.\n")
    found = values(text)
    assert (found["contact_person"], found["contact_phone"]) == ("Ingrid Sæther", "472 28 190")


def test_the_applicants_own_mail_quoted_under_its_header_is_read_like_a_forward():
    text = ("Hei igjen, her kommer det som manglet.\n\nHilsen\nIngrid\n\n"
            "Den tir. 3. nov. 2026 kl. 10:15 skrev Register for medisinsk utstyr <medisinsk.utstyr@dmp.no>:\n"
            "> Takk for e-posten. Før vi kan registrere dere mangler vi postadresse.\n>\n"
            "> Fra: Ingrid Sæther <regulatory@bryggenmedical.example.no>\n> Sendt: 30. oktober 2026 15:48\n"
            "> Emne: Registrering\n>\n>> Firmanavn: Bryggen Medical AS\n>> Org.nr.: 815773020\n"
            ">>\n>> Hilsen\n>> Ingrid Sæther\n")
    found = values(text)
    assert (found["manufacturer_name"], found["org_number"]) == ("Bryggen Medical AS", "815773020")


def test_our_own_request_quoted_under_its_header_stays_ours():
    text = ("Hei, se under.\n\n> Fra: Register for medisinsk utstyr <medisinsk.utstyr@dmp.no>\n"
            "> Sendt: 3. november 2026\n> Emne: Registrering\n>\n> Firmanavn: Eksempel AS\n")
    assert values(text).get("manufacturer_name") is None


def test_ansvarlig_names_the_contact_and_an_updates_new_label_names_its_field():
    found = values(" * Ansvarlig: Torunn Undheim (mob. 400 19 833)\n * Tlf ansvarlig: 400 19 833\n")
    assert (found["contact_person"], found["contact_phone"]) == ("Torunn Undheim", "400 19 833")
    found = values("Previous contact: Jan Erik Strand\nNew contact person: Silje Marthinsen\nNew e-mail: s@polar.example.no\n")
    assert (found["contact_person"], found["email"]) == ("Silje Marthinsen", "s@polar.example.no")


def test_an_answer_below_our_quoted_question_may_itself_look_like_a_label():
    text = ("Fra: Register for medisinsk utstyr <medisinsk.utstyr@dmp.no>\nSendt: mandag 9. november 2026 13:02\n"
            "Til: Sigrid <sigrid@nordkapp.example.no>\nEmne: SV: Registrering\n\n"
            "> Type virksomhet (produsent / autorisert representant):\nProdusent\n")
    assert values(text)["business_type"] == "Produsent"


def test_prose_address_that_is_also_the_postal_address_and_a_website_without_a_verb():
    text = ("Vi holder til i Lysaker Torg 5, 1366 Lysaker, som også er postadressen.\n\n"
            "Samsvarserklæring ligger vedlagt. Nettside lysakerdiag.example.no\n")
    found = values(text)
    assert found["postal_address"] == found["visiting_address"] == "Lysaker Torg 5, 1366 Lysaker"
    assert found["website"] == "lysakerdiag.example.no"


def test_a_value_labelled_as_the_old_one_is_not_read_as_the_field():
    found = values("Gammel telefon: 61 13 20 00\nGammel besøksadresse: Hunnsvegen 5, 2821 Gjøvik\n")
    assert found.get("visiting_address") is None
    found = values("Gammel telefon: 61 13 20 00\nNY telefon: 61 18 44 90\n")
    assert found["phone"] == "61 18 44 90"
