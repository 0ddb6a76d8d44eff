"""Which address is postal and who the contact is, read as a case officer would from any mail (issue 11):
a remark that one address is both, job titles run into a name, a sentence that starts like a label,
and phone labels qualified as the person's own or the contact's number."""

from __future__ import annotations

import pytest

from intake.fields.extract import extract_fields
from intake.understand import understand
from tests.intake.mails import mail

COMPANY = "Firma: Nordlys Medtek AS\nOrg.nr.: 912 345 674\n"


def fields(body: str) -> dict[str, str | None]:
    return {k: (r.value if r.state == "ok" else None) for k, r in understand(mail(COMPANY + body)).fields.items()}


@pytest.mark.parametrize("line", [
    "Adresse: Vangsvegen 73, 2317 Hamar - dette er både besøks- og postadresse.",
    "Adresse: Vangsvegen 73, 2317 Hamar (same postadresse)",
    "Adresse: Vangsvegen 73, 2317 Hamar (samme for post)",
    "Adresse: Vangsvegen 73, 2317 Hamar, også postadresse",
    "Adresse: Vangsvegen 73, 2317 Hamar (post til samme adresse)",
])
def test_a_remark_that_the_address_is_both_gives_both_without_the_remark(line):
    found = fields(line + "\n")
    assert found["visiting_address"] == found["postal_address"] == "Vangsvegen 73, 2317 Hamar"


@pytest.mark.parametrize("line", [
    "Besøksadresse: Storgata 1, 0150 Oslo (ikke postadresse)",
    "Besøksadresse: Storgata 1, 0150 Oslo (kun besøk)",
])
def test_a_remark_that_limits_the_address_gives_no_postal_address(line):
    found = fields(line + "\n")
    assert found["visiting_address"] == "Storgata 1, 0150 Oslo" and found["postal_address"] is None


def test_a_sentence_after_the_address_that_post_goes_there_too_is_read_in_prose():
    found = fields("Adressa vår er Kirkegata 5, 2317 Hamar, post også samme adresse.\n")
    assert found["postal_address"] == "Kirkegata 5, 2317 Hamar"


@pytest.mark.parametrize("written", ["Kvalitetssjef Ola Hansen", "QA Manager Ola Hansen", "Ola Hansen daglig leder",
                                     "Regulatory Affairs Manager Ola Hansen"])
def test_a_job_title_run_into_the_name_is_not_part_of_it(written):
    assert extract_fields(f"Kontaktperson: {written}\n")["contact_person"].value == "Ola Hansen"


def test_a_name_of_three_words_keeps_them_all():
    assert extract_fields("Kontaktperson: Anne Marie Solberg\n")["contact_person"].value == "Anne Marie Solberg"


def test_a_label_word_opening_a_sentence_is_read_as_the_sentence():
    found = fields("Kontaktperson hos oss er Ola Hansen (mob 900 11 222).\n")
    assert found["contact_person"] == "Ola Hansen" and found["contact_phone"] == "+4790011222"


@pytest.mark.parametrize("label", ["Mobil (kontaktperson)", "Telefon direkte", "Tlf (direkte)", "Mobile phone",
                                   "Phone (mobile)"])
def test_a_phone_label_qualified_as_mobile_or_direct_is_the_contacts_number(label):
    found = fields(f"Telefon: 22 00 11 22\nKontaktperson: Ola Hansen\n{label}: 900 11 222\n")
    assert found["phone"] == "+4722001122" and found["contact_phone"] == "+4790011222"


def test_a_switchboard_qualifier_keeps_the_number_the_companys():
    found = fields("Telefon (sentralbord): 22 00 11 22\nKontaktperson: Ola Hansen\nMobil: 900 11 222\n")
    assert found["phone"] == "+4722001122" and found["contact_phone"] == "+4790011222"


@pytest.mark.parametrize("written, read", [
    ("Gullhaugveien 9 (inngang fra baksiden, 2. etg), 0484 Oslo", "Gullhaugveien 9, 0484 Oslo"),
    ('Storgata 95, 3. etasje ("Sjøhuset"), 9008 Tromsø', "Storgata 95, 9008 Tromsø"),
    ("Pirsenteret, Brattørkaia 17A, 7010 Trondheim", "Pirsenteret, Brattørkaia 17A, 7010 Trondheim"),
])
def test_where_in_the_building_is_an_aside_but_the_buildings_name_is_kept(written, read):
    assert fields(f"Besøksadresse: {written}\n")["visiting_address"] == read


def test_an_address_in_html_paragraphs_is_read_across_the_blank_lines():
    found = fields("Besøksadresse:\n\nForskningsparken, 3. etg.\n\nGaustadalléen 21\n\n0349 Oslo\n\nTelefon: 22 95 85 00\n")
    assert found["visiting_address"] == "Forskningsparken, Gaustadalléen 21, 0349 Oslo"


def test_a_forms_place_fields_with_a_qualifier_complete_the_address_and_empty_ones_give_none():
    found = fields("Besøksadresse: Forusbeen 35\nPostnummer (besøk): 4033\nPoststed (besøk): STAVANGER\n"
                   "Postadresse: \nPostnummer (post): \nPoststed (post): \nTelefon: 51802000\n")
    assert found["visiting_address"] == "Forusbeen 35, 4033 Stavanger" and found["postal_address"] is None


@pytest.mark.parametrize("same", ["se ovan", "as visiting address", "see above", "som besöksadressen"])
def test_the_postal_address_said_to_be_the_visiting_one_in_other_words(same):
    found = fields(f"Besøksadresse: Lysaker torg 35, 1366 Lysaker\nPostadresse: {same}\n")
    assert found["postal_address"] == "Lysaker torg 35, 1366 Lysaker"


def test_a_number_after_the_contacts_name_without_a_comma_is_the_contacts():
    found = fields("Tlf: 22 80 90 00\nKontaktperson: Rune Dahl 41 55 66 77\n")
    assert found["contact_person"] == "Rune Dahl" and found["contact_phone"] == "+4741556677"


def test_me_followed_by_a_name_is_that_name_not_the_forwarders():
    body = ("Hei! Se info under.\n\nHilsen\nMarte Nyhus\n\n---------- Forwarded message ---------\n"
            "Fra: Per Olav Ruud <per.olav@totenprotese.example.no>\nDate: tir. 14. okt. 2025\nSubject: Reg\n"
            "To: Marte Nyhus <marte@totenprotese.example.no>\n\nKontaktperson: meg, Per Olav Ruud, mob. 977 55 432\n")
    found = fields(body)
    assert found["contact_person"] == "Per Olav Ruud" and found["contact_phone"] == "+4797755432"


def test_the_sender_correcting_the_forwarded_contact_is_the_contact():
    body = ("Hei,\n\nVideresender det regnskapsføreren satte opp. NB: kontaktperson skal være meg, ikke Lise.\n\n"
            "Trond Nærland\n\n-----Original Message-----\nFrom: Lise Håland <lise@regnskap.example.no>\n"
            "Sent: 3. mars 2025 11:02\nTo: Trond Nærland <trond@sandnes.example.no>\nSubject: Opplysninger\n\n"
            "Telefon: 51 68 12 00\nKontaktperson: Lise Håland, 51 70 22 19\n")
    raw = mail(COMPANY + body, subject="Reg", sender="Trond Nærland <trond@sandnes.example.no>")
    assert understand(raw).fields["contact_person"].value == "Trond Nærland"


def test_a_new_contact_stated_from_a_date_is_the_contact_and_the_phone_below_is_theirs():
    found = fields("Ny kontaktperson från 1 september är Maja Håkansson.\nTelefon: +47 468 20 974\n")
    assert found["contact_person"] == "Maja Håkansson" and found["contact_phone"] == "+4746820974"


def test_a_name_in_the_contact_phones_label_names_the_contact():
    found = fields("Telefon til kontaktperson (Jørgen Lie): 954 70 203\n")
    assert found["contact_person"] == "Jørgen Lie" and found["contact_phone"] == "+4795470203"


def test_a_remark_after_the_country_in_a_sentence_still_makes_the_address_both():
    found = fields("Vores adresse er Forskerparken 10, 5230 Odense M, Danmark (både besøg og post).\n")
    assert found["postal_address"] == found["visiting_address"] is not None


def test_a_plain_phone_under_the_contact_yields_to_their_mobile_and_is_only_guessed_the_companys():
    found = understand(mail(COMPANY + "Kontaktperson: Ola Hansen\nTlf: 22 00 11 22\nMob: 900 11 222\n"))
    assert found.fields["contact_phone"].value == "+4790011222"
    assert found.fields["phone"].value == "+4722001122" and "needs_check:phone" in found.flags


@pytest.mark.parametrize("line, phone, contact", [
    ("Telefon: 22 00 11 22 (sentralbord) / 900 11 222 (Ola, mobil)", "+4722001122", "+4790011222"),
    ("Telefon: 930 55 214 (mobil, samme for firma og meg)", "+4793055214", "+4793055214"),
    ("Telefon: 22 00 11 22 (hverdager 8-16)", "+4722001122", None),
])
def test_notes_beside_the_phone_numbers_say_whose_they_are(line, phone, contact):
    found = fields(line + "\n")
    assert (found["phone"], found["contact_phone"]) == (phone, contact)


@pytest.mark.parametrize("written", ["Daglig leder, Ola Hansen", "Hansen, Ola", "Mr Ola Hansen (QA/RA)"])
def test_a_role_first_or_the_surname_first_still_gives_the_name(written):
    assert fields(f"Kontaktperson: {written}\n")["contact_person"] == "Ola Hansen"


def test_swedish_direct_line_and_switchboard_are_the_contacts_and_the_companys():
    found = understand(mail("Företag: Nordlys Medtek AB\nAdress: Storgatan 4, 582 73 Linköping, Sverige\n"
                            "Utdelningsadress: Box 1234, 581 12 Linköping, Sverige\n"
                            "Kontaktperson: Anna Berg\nDirekt: 013-12 34 56\nVäxel: 013-12 34 00\n")).fields
    assert found["contact_phone"].value == "+4613123456" and found["phone"].value == "+4613123400"
    assert found["postal_address"].value == "Box 1234, 581 12 Linköping, Sweden"


def test_an_address_in_a_signatures_cells_is_read_across_them():
    body = ("Telefon: 22 00 11 22\nE-post: post@nordlys.example.no\nType utstyr: medisinsk utstyr\nVi er produsent.\n"
            "\nMvh\nOla Hansen\nNordlys Medtek AS | Storgata 1 | 0150 Oslo\n")
    assert fields(body)["visiting_address"] == "Storgata 1, 0150 Oslo"


def test_a_contact_stated_in_an_english_sentence_with_the_number_to_reach_them():
    found = fields("Our contact person for this registration is Ola Hansen, who can be reached on +47 900 11 222.\n")
    assert found["contact_person"] == "Ola Hansen" and found["contact_phone"] == "+4790011222"


def test_a_product_list_names_the_kind_of_device_when_it_says_it():
    assert fields("Produkter: rullatorer og forflytningshjelpemidler, medisinsk utstyr klasse I\n")["device_type"] \
        == "medical_device"
    assert fields("Produkter: rullatorer og forflytningshjelpemidler\n")["device_type"] is None


def test_the_word_beside_address_says_which_address_it_is():
    found = fields("Adresse (post): Postboks 55, 0101 Oslo\nAdresse (besøk): Storgata 1, 0150 Oslo\n")
    assert found["postal_address"] == "Postboks 55, 0101 Oslo" and found["visiting_address"] == "Storgata 1, 0150 Oslo"


def test_a_street_and_a_po_box_after_a_comma_are_two_addresses():
    found = fields("Adresse: Storgata 1, 0150 Oslo (besøk), Postboks 55, 0101 Oslo (post)\n")
    assert found["postal_address"] == "Postboks 55, 0101 Oslo" and found["visiting_address"] == "Storgata 1, 0150 Oslo"


def test_a_swedish_postcode_in_a_sentence_is_read():
    found = understand(mail("Vi på Nordlys Medtek AB har postadress Box 1107, 164 22 Kista, Sverige.\n")).fields
    assert found["postal_address"].value == "Box 1107, 164 22 Kista, Sweden"


@pytest.mark.parametrize("line, key", [
    ("Postadresse/fakturaadresse: Postboks 55, 0101 Oslo", "postal_address"),
    ("Kontoradresse: Storgata 1, 0150 Oslo", "visiting_address"),
    ("Primary contact: Ola Hansen", "contact_person"),
    ("RA-kontakt: Ola Hansen", "contact_person"),
    ("Sentralbord/hovednummer: 22 00 11 22", "phone"),
    ("Mobiltlf: 900 11 222", "contact_phone"),
    ("Direktenr: 900 11 222", "contact_phone"),
    ("Main line: +47 21 09 44 70", "phone"),
    ("Virksomhetens rolle: Produsent", "business_type"),
    ("Our role: manufacturer", "business_type"),
    ("- Mobilnummeret til Henrik Bakke: 934 07 611", "contact_phone"),
])
def test_more_labels_name_their_fields(line, key):
    assert key in extract_fields(line + "\n")


COMPANY_DETAILS = ("Besøksadresse: Storgata 1, 0150 Oslo\nTelefon: 22 00 11 22\nE-post: post@nordlys.example.no\n"
                   "Type utstyr: medisinsk utstyr\nVirksomhet: produsent\n")


@pytest.mark.parametrize("signature", ["\n-- \nOla Hansen | Nordlys Medtek AS | mob 900 11 222\n",
                                       "\nMvh\nOla Hansen, daglig leder\nMob. 900 11 222\n",
                                       "\nHilsen Ola Hansen, tlf 900 11 222\n"])
def test_the_signer_is_found_under_dashes_with_a_title_beside_the_name_or_on_the_sign_off_line(signature):
    assert fields(COMPANY_DETAILS + "Kontaktperson: undertegnede\n" + signature)["contact_person"] == "Ola Hansen"


def test_a_role_before_the_name_in_a_sentence_is_not_the_name():
    found = fields("Kontaktperson er daglig leder Ola Hansen, mobil 900 11 222.\n")
    assert found["contact_person"] == "Ola Hansen" and found["contact_phone"] == "+4790011222"


def test_another_number_under_the_contacts_own_signature_is_theirs_but_only_a_guess():
    found = understand(mail(COMPANY + COMPANY_DETAILS + "Kontaktperson: Ola Hansen\n\nMvh\nOla Hansen\nTlf: 915 55 123\n"))
    assert found.fields["contact_phone"].value == "+4791555123" and "needs_check:contact_phone" in found.flags


def test_the_switchboard_repeated_in_the_signature_is_not_the_contacts_number():
    found = fields(COMPANY_DETAILS + "Kontaktperson: Ola Hansen\n\nMvh\nOla Hansen\nTlf: +47 22 00 11 22\n")
    assert found["contact_phone"] is None


@pytest.mark.parametrize("label", ["Kontaktperson/telefon", "Kontaktperson/tlf", "Contact person/phone"])
def test_a_label_for_the_contact_and_their_phone_gives_both(label):
    found = extract_fields(f"{label}: Kari Nordmann, 900 11 222\n")
    assert found["contact_person"].value == "Kari Nordmann" and found["contact_phone"].value == "900 11 222"


@pytest.mark.parametrize("line", ["Heimesida vår er telemarkmedreg.example.no.", "Nett: telemarkmedreg.example.no",
                                  "Nettsiden vår: telemarkmedreg.example.no"])
def test_the_website_in_more_wordings(line):
    assert extract_fields(line + "\n")["website"].value == "telemarkmedreg.example.no"


def test_a_number_on_its_own_line_in_the_contacts_block_is_theirs():
    found = extract_fields("Telefon: 22 00 11 22\nKontaktperson:\nOla Hansen\nola@nordlys.example.no\n900 11 222\n")
    assert found["contact_person"].value == "Ola Hansen" and found["contact_phone"].value == "900 11 222"
    assert found["phone"].value == "22 00 11 22"


def test_a_number_after_the_contacts_block_has_ended_is_not_theirs():
    found = extract_fields("Kontaktperson:\nOla Hansen\n\n900 11 222\n")
    assert "contact_phone" not in found


@pytest.mark.parametrize("line, key, read", [
    ("Postadresse:    Postboks 55        Postnr/sted: 0101 Oslo", "postal_address", "Postboks 55, 0101 Oslo"),
    ("Besøksadresse: Storgata 1, Postnr: 0150, Sted: Oslo", "visiting_address", "Storgata 1, 0150 Oslo"),
])
def test_a_forms_place_fields_on_the_address_line_join_it(line, key, read):
    assert fields(line + "\n")[key] == read


@pytest.mark.parametrize("line", ["Kontaktperson för registreringen är undertecknad, mobil +46 70 123 45 67\n",
                                  "Kontaktperson for registreringa er underteikna.\n"])
def test_a_contact_label_run_on_into_a_sentence_ending_in_the_writer_is_the_signer(line):
    assert fields(COMPANY_DETAILS + line + "\nMvh\nLinnea Bergqvist\n")["contact_person"] == "Linnea Bergqvist"


def test_a_sign_off_with_the_first_name_alone_is_the_from_headers_person_and_the_contact():
    raw = mail(COMPANY + COMPANY_DETAILS + "\nmvh Hege\n\nSendt fra min iPhone\n",
               sender="Hege Solbakk <hege@solbakk.example.no>")
    assert understand(raw).fields["contact_person"].value == "Hege Solbakk"


def test_the_contact_towards_the_register_named_after_their_title_is_that_person():
    found = fields("Kontaktperson mot dere blir kvalitetsansvarlig Ingrid Bakke, mobil 477 02 318.\n")
    assert (found["contact_person"], found["contact_phone"]) == ("Ingrid Bakke", "+4747702318")


def test_the_contact_who_shall_be_someone_named_after_their_trade_is_that_person():
    found = fields("Kontaktperson for registreringen skal være tanntekniker Jostein Sæther, mobil 415 02 388.\n")
    assert (found["contact_person"], found["contact_phone"]) == ("Jostein Sæther", "+4741502388")


@pytest.mark.parametrize("sentence", ["Telefonen på laboratoriet er 57 82 14 60.",
                                      "Telefonen på verkstedet er 57 82 14 60 (den står også i Gule Sider)."])
def test_the_telephone_of_the_workshop_or_lab_in_a_sentence_is_the_firms(sentence):
    assert fields(sentence + "\n")["phone"] == "+4757821460"


def test_a_question_after_an_address_label_and_a_dash_is_not_the_address():
    body = ("Hei,\n\nFakturaadresse – trenger dere den? Den er i så fall den samme som postadressen.\n\n"
            "Foretak: Sunnmøre Medtech AS\nOrgnr: 949965651\nBesøk: Keiser Wilhelms gate 22, 6003 Ålesund\n"
            "Post: Postboks 1411 Sentrum, 6001 Ålesund\n\nMvh\nBente Lillebø\n")
    fields = understand(mail(body)).fields
    assert (fields["postal_address"].state, fields["postal_address"].value) == (
        "ok", "Postboks 1411 Sentrum, 6001 Ålesund")
