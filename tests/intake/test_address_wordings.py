"""Wordings a case officer reads in any mail (issue 11): addresses said by reference to each other,
Swedish and phone-typed wordings, contact details, 'use me as the contact', a form's tick boxes and
roles answered yes or no."""

from __future__ import annotations

import pytest

from intake.fields.label_split import label_key
from intake.understand import understand
from tests.intake.mails import mail


def _mail(body: str, *, company: str = "Firma: Nordlys Medtek AS\nOrg.nr.: 912 345 674\n") -> bytes:
    return mail(company + body, subject="Reg")


def fields(body: str) -> dict[str, tuple[str, str | None]]:
    return {k: (r.state, r.value) for k, r in understand(_mail(body)).fields.items()}


@pytest.mark.parametrize("said", ["samme som postadresse", "same as postal address", "som postadressa"])
def test_a_visiting_address_said_to_be_the_postal_street_is_that_street(said):
    found = fields(f"Besøksadresse: {said}\nPostadresse: Kyrkjevegen 3, 6851 Sogndal\n")
    assert found["visiting_address"] == ("ok", "Kyrkjevegen 3, 6851 Sogndal")


def test_nobody_visits_a_po_box_so_a_visiting_address_said_to_be_it_is_still_asked_for():
    found = fields("Besøksadresse: samme som postadresse\nPostadresse: Postboks 5, 0101 Oslo\n")
    assert found["visiting_address"][0] != "ok" and found["postal_address"] == ("ok", "Postboks 5, 0101 Oslo")


def test_the_swedish_abbreviation_for_telephone_is_a_phone_label():
    found = fields("Tfn: 08-123 456 78\nAdress: Storgatan 4, 582 73 Linköping, Sverige\n")
    assert found["phone"] == ("ok", "+46812345678")


def test_use_me_as_the_contact_names_the_signer():
    found = fields("Bruk meg som kontaktperson.\n\nMvh\nOla Hansen\nMob 900 11 222\n")
    assert found["contact_person"] == ("ok", "Ola Hansen") and found["contact_phone"] == ("ok", "+4790011222")


def test_whoever_questions_go_to_is_the_contact_but_only_a_guess():
    found = understand(_mail("Please direct any questions to our regulatory manager, Ola Hansen (+47 900 11 222).\n"))
    assert found.fields["contact_person"].value == "Ola Hansen" and found.fields["contact_phone"].value == "+4790011222"
    assert "needs_check:contact_person" in found.flags


@pytest.mark.parametrize("said", ["se avsender", "samme som avsender", "same as sender", "som avsendar"])
def test_the_email_said_to_be_the_senders_is_the_from_address(said):
    assert fields(f"E-post: {said}\n")["email"] == ("ok", "kari@nordlys.example.no")


@pytest.mark.parametrize("label, key", [("Kontaktpersonens mobilnummer", "contact_phone"), ("Contact number", "contact_phone"),
                                        ("Kontaktperson og telefon", "contact_person"), ("Point of contact", "contact_person"),
                                        ("Kontaktperson hos os", "contact_person")])
def test_contact_labels_name_the_person_or_their_phone(label, key):
    assert label_key(label) == key


def test_our_manufacturer_is_whose_goods_we_sell_not_the_applicant():
    for line in ("Produsent vår: Hartmann GmbH\n", "Vi selger medisinsk utstyr. Produsent vår er Hartmann GmbH.\n"):
        found = understand(_mail(line, company=""))
        assert found.fields["manufacturer_name"].value != "Hartmann GmbH" or "needs_check:manufacturer_name" in found.flags


def test_a_registration_typed_on_a_phone_in_one_line_is_read_point_by_point():
    found = fields("Hei! Registrering: Storgata 1 0150 Oslo, post: pb 55 0101 Oslo, tlf 22001122, "
                   "kontakt Ola Hansen 90011222, ola@nordlys.example.no, medisinsk utstyr, produsent.\n\nSendt fra min iPhone\n")
    assert found["postal_address"] == ("ok", "Postboks 55, 0101 Oslo")
    assert (found["contact_person"], found["contact_phone"]) == (("ok", "Ola Hansen"), ("ok", "+4790011222"))
    assert found["device_type"] == ("ok", "medical_device") and found["business_type"] == ("ok", "manufacturer")


def test_short_sentences_typed_on_a_phone_with_abbreviations():
    found = fields("Adr Storgata 1, 0150 Oslo. Tlf 22 00 11 22. Kontaktperson meg, Ola Hansen 900 11 222.\n")
    assert found["visiting_address"] == ("ok", "Storgata 1, 0150 Oslo")
    assert (found["contact_person"], found["contact_phone"]) == (("ok", "Ola Hansen"), ("ok", "+4790011222"))


@pytest.mark.parametrize("text", ["Contact details: Ola Hansen, ola@x.example.no, +47 900 11 222",
                                  "Kontaktinformasjon:\nOla Hansen\nola@x.example.no\n900 11 222",
                                  "Kontaktinfo: Ola Hansen / 900 11 222 / ola@x.example.no"])
def test_contact_details_give_the_person_and_their_number(text):
    found = fields(text + "\n")
    assert (found["contact_person"], found["contact_phone"]) == (("ok", "Ola Hansen"), ("ok", "+4790011222"))


def test_contact_details_that_are_the_companys_are_no_person_and_its_phone_stays_the_companys():
    found = fields("Kontaktinformasjon:\nNordlys Medtek AS\nStorgata 1, 0150 Oslo\nTlf 22 00 11 22\n")
    assert found["contact_person"][0] == "missing" and found["phone"] == ("ok", "+4722001122")


def test_a_number_on_the_sign_off_line_of_the_contact_is_theirs_as_a_guess():
    found = understand(_mail("Telefon: 22 00 11 22\nKontaktperson: Ola Hansen\nType utstyr: medisinsk utstyr\n\n"
                             "Hilsen Ola Hansen, tlf 900 11 222\n"))
    assert found.fields["contact_phone"].value == "+4790011222" and "needs_check:contact_phone" in found.flags


def test_a_number_in_brackets_with_spaces_inside_after_the_contacts_name_is_theirs():
    found = fields("Contact : Ingrid Larsen ( +47 917 55 032 )\n")
    assert (found["contact_person"], found["contact_phone"]) == (("ok", "Ingrid Larsen"), ("ok", "+4791755032"))


@pytest.mark.parametrize("line, key, read", [
    ("Type virksomhet: [X] Produsent  [ ] Autorisert representant", "business_type", "manufacturer"),
    ("Type virksomhet: Produsent [ ] / Fullmektig [x]", "business_type", "authorised_representative"),
    ("Virksomhet: ☒ Produsent ☐ Fullmektig", "business_type", "manufacturer"),
    ("Type utstyr: [ ] Medisinsk utstyr [X] IVD", "device_type", "ivd"),
])
def test_a_forms_tick_boxes_give_the_option_ticked(line, key, read):
    assert fields(line + "\n")[key] == ("ok", read)


@pytest.mark.parametrize("lines, read", [("Produsent: Ja\nFullmektig: Nei\n", "manufacturer"),
                                         ("Produsent: Nei\nAutorisert representant: Ja\n", "authorised_representative"),
                                         ("Produsent (ja/nei): ja\n", "manufacturer")])
def test_a_role_answered_yes_is_the_kind_of_business(lines, read):
    found = fields(lines)
    assert found["business_type"] == ("ok", read) and found["manufacturer_name"] == ("ok", "Nordlys Medtek AS")


def test_tick_boxes_one_per_line_under_the_label_are_read_together():
    found = fields("Type utstyr:\n[ ] Medisinsk utstyr\n[X] IVD\nType virksomhet:\n☐ Produsent\n☒ Autorisert representant\n")
    assert found["device_type"] == ("ok", "ivd") and found["business_type"] == ("ok", "authorised_representative")


def test_a_row_of_tick_boxes_left_unticked_answers_nothing():
    assert fields("Type virksomhet: [ ] Produsent  [ ] Autorisert representant\n")["business_type"][0] == "missing"


def test_a_postal_address_ticked_same_as_visiting_is_the_visiting_address():
    found = fields("Besøksadresse: Storgata 27, 6413 Molde\nPostadresse: ☑ Samme som besøksadresse\n")
    assert found["postal_address"] == ("ok", "Storgata 27, 6413 Molde")


def test_a_single_box_left_unticked_answers_nothing():
    found = fields("Besøksadresse: Storgata 27, 6413 Molde\nPostadresse: ☐ Samme som besøksadresse\n")
    assert found["postal_address"][0] == "missing"


def test_a_mail_label_over_a_post_box_address_is_the_postal_address():
    found = fields("Office: Dronningens gate 8, 0152 Oslo\nMail: P.O. Box 1183 Sentrum, 0107 Oslo\n")
    assert found["postal_address"] == ("ok", "Postboks 1183 Sentrum, 0107 Oslo") and found["email"][0] == "missing"


def test_markdown_emphasis_around_a_value_is_not_part_of_it():
    found = fields("| Nettside | **helsepartner.example.no** |\n| Telefon | __22 33 44 55__ |\n")
    assert found["website"] == ("ok", "https://helsepartner.example.no") and found["phone"] == ("ok", "+4722334455")


def test_a_contact_given_as_see_the_attached_business_card_is_not_a_name():
    assert fields("Kontaktperson: se vedhæftede visitkort\n")["contact_person"][0] == "missing"


def test_a_forms_postcode_and_town_rows_complete_the_addresses_above_them():
    found = fields("Besøksadresse: Dronning Eufemias gate 16\nPostnr/sted (besøk): 0191 Oslo\n"
                   "Postadresse: Postboks 1166 Sentrum\nPostnr/sted (post): 0107 Oslo\n")
    assert found["visiting_address"] == ("ok", "Dronning Eufemias gate 16, 0191 Oslo")
    assert found["postal_address"] == ("ok", "Postboks 1166 Sentrum, 0107 Oslo")


def test_a_postcode_and_town_row_without_a_note_completes_the_address_just_above():
    found = fields("Postadresse: Postboks 88\nPostnummer og sted: 9915 Kirkenes\n")
    assert found["postal_address"] == ("ok", "Postboks 88, 9915 Kirkenes")


def test_a_firms_name_before_its_address_is_not_part_of_it_but_a_c_o_is():
    found = fields("Postal address: Revontuli Diagnostics Oy, Tekniikantie 14, 02150 Espoo, Finland\n"
                   "Besøksadresse: c/o Hamar Næringshage AS, Vangsvegen 73, 2317 Hamar\n")
    assert found["postal_address"] == ("ok", "Tekniikantie 14, 02150 Espoo, Finland")
    assert found["visiting_address"] == ("ok", "c/o Hamar Næringshage AS, Vangsvegen 73, 2317 Hamar")


def test_a_label_with_a_long_note_of_the_options_before_its_colon_gives_the_answer():
    found = fields("12. Rolle (produsent / autorisert representant / system- og prosedyrepakker): Produsent\n")
    assert found["business_type"] == ("ok", "manufacturer")


def test_a_post_box_whose_place_is_abbreviated_keeps_the_place_after_the_stop():
    body = "Hei,\n\nFirma: Olavs Medisin AS\nPostadresse:        Postboks 6789 St. Olavs plass, 0130 Oslo\n\nHilsen Kari\n"
    fields = understand(mail(body, subject="Registrering")).fields
    assert fields["postal_address"].value == "Postboks 6789 St. Olavs plass, 0130 Oslo"
