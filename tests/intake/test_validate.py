"""Normalisation and validation: each rule, one test; every reason code has text in nb, nn and en."""

from __future__ import annotations

import pytest

from intake.model import OK, FieldResult
from intake.replies.reasons import reason_text
from intake.fields.validate import REASON_CODES, validate, validate_fields


def check(key: str, value: str) -> FieldResult:
    return validate(FieldResult(key=key, value=value, state=OK))


def test_org_number_with_spaces_and_mva_is_nine_digits():
    assert check("org_number", "NO 912 345 688 MVA").value == "912345688"


def test_org_number_with_wrong_check_digit_is_invalid():
    assert check("org_number", "912 345 689").reason == "org_number.checksum"


def test_phone_becomes_e164_with_norway_as_default():
    assert check("phone", "22 33 44 55").value == "+4722334455"


def test_foreign_phone_keeps_its_country():
    assert check("contact_phone", "+46 8 123 456 78").value == "+46812345678"


def test_email_is_validated_without_dns():
    assert check("email", "mailto:Kari@Example.no").value == "Kari@example.no"
    assert check("email", "kari(at)example.no").reason == "email.invalid"


def test_of_two_addresses_in_one_answer_the_one_chosen_for_the_register_is_the_email():
    answer = "ordre@sandnes.example.no er den vi bruker til bestillinger, men til dere er det best med kjetil@sandnes.example.no"
    assert check("email", answer).value == "kjetil@sandnes.example.no"
    assert check("email", "post@sandnes.example.no (kopi til kjetil@sandnes.example.no)").value == "post@sandnes.example.no"


def test_a_post_box_number_and_its_post_office_are_not_a_postcode_and_town():
    result = check("postal_address", "Postboks 4410 Nydalen")
    assert (result.state, result.value, result.reason) == ("invalid", "Postboks 4410 Nydalen", "postal_address.postcode_missing")


def test_an_irish_address_with_its_eircode_after_the_town_is_an_address():
    result = check("visiting_address", "Unit 7, Ballycurreen Industrial Estate, Kinsale Road, Cork T12 X2P4, Ireland")
    assert (result.state, result.value) == ("ok", "Unit 7, Ballycurreen Industrial Estate, Kinsale Road, Cork T12 X2P4, Ireland")


def test_a_swedish_not_ivd_and_the_abbreviation_mu_name_a_medical_device():
    assert check("device_type", "Medicintekniska produkter (ej IVD)").value == "medical_device"
    assert check("device_type", "MU (ortoser og støttebandasjer)").value == "medical_device"


def test_address_is_split_into_parts_with_a_display_value():
    result = check("visiting_address", "Storgata 1\n0155 OSLO")
    assert result.value == "Storgata 1, 0155 Oslo"
    assert result.parts == {"street": "Storgata 1", "postcode": "0155", "town": "Oslo", "country": "Norway"}


def test_norwegian_po_box_address_is_stored_as_written_without_a_country():
    assert check("postal_address", "Postboks 123 Sentrum, 0101 Oslo").value == "Postboks 123 Sentrum, 0101 Oslo"


def test_foreign_address_keeps_its_country_in_english():
    assert check("postal_address", "Verkstadsgatan 4\nSE-582 73 Linköping\nSverige").value == \
        "Verkstadsgatan 4, 582 73 Linköping, Sweden"


def test_british_postcode_follows_the_town():
    assert check("postal_address", "48 Wharf Road, London N1 7GR, UK").value == "48 Wharf Road, London N1 7GR, United Kingdom"


@pytest.fixture
def posten_list(monkeypatch):
    """A few rows of Posten's register, as `--update` writes them, installed for one test."""
    from intake.fields import postcodes

    rows = {"0101": "OSLO", "0150": "OSLO", "5003": "BERGEN", "9007": "TROMSØ"}
    monkeypatch.setattr(postcodes, "postcodes", lambda: rows)
    return rows


def test_postcode_unknown_to_posten_is_kept_and_marked_for_a_case_officer(posten_list):
    result = check("visiting_address", "Storgata 1, 0009 Oslo")
    assert result.state == "ok" and result.parts["check"] == "postcode_unknown"


def test_town_that_differs_from_postens_list_is_marked(posten_list):
    assert check("visiting_address", "Storgata 1, 0150 Bergen").parts["check"] == "town_differs"


def test_visiting_address_cannot_be_a_po_box():
    assert check("visiting_address", "Postboks 9, 0212 Oslo").reason == "visiting_address.po_box"


def test_address_without_postcode_is_invalid():
    assert check("postal_address", "Storgata 1").reason == "postal_address.postcode_missing"


def test_bare_website_becomes_https_and_http_keeps_its_scheme():
    assert check("website", "WWW.Example.no/").value == "https://www.example.no"
    assert check("website", "HTTP://WWW.Example.no/").value == "http://www.example.no"


@pytest.mark.parametrize("words,value", [("In vitro-diagnostisk medisinsk utstyr", "ivd"), ("IVD", "ivd"),
                                         ("Medisinsk utstyr", "medical_device"), ("Medical device class IIa", "medical_device")])
def test_device_type_wording(words, value):
    assert check("device_type", words).value == value


@pytest.mark.parametrize("words,value", [("Produsent", "manufacturer"), ("tilvirker", "manufacturer"),
                                         ("Autorisert representant", "authorised_representative"),
                                         ("Set saman system og prosedyrepakkar", "system_procedure_pack_producer"),
                                         ("Tillverkare av system- och procedurförpackningar (art. 22 MDR)",
                                          "system_procedure_pack_producer")])
def test_business_type_wording(words, value):
    assert check("business_type", words).value == value


def test_importer_is_not_a_registrable_business():
    assert check("business_type", "Importør").reason == "business_type.not_registrable"


def test_missing_required_field_gets_a_reason_and_optional_does_not():
    out = validate_fields({"org_number": FieldResult(key="org_number"), "fax": FieldResult(key="fax")})
    assert out["org_number"].reason == "org_number.missing" and out["fax"].reason is None


def test_custom_made_makes_a_missing_declaration_no_problem():
    out = validate_fields({"declaration_of_conformity": FieldResult(
        key="declaration_of_conformity", value="not required: custom-made", state=OK)})
    assert out["declaration_of_conformity"].state == OK


@pytest.mark.parametrize("code", REASON_CODES)
@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_every_reason_code_has_text_in_every_language(code, language):
    text = reason_text(code, language)
    assert text and text != code


def test_nynorsk_and_bokmal_texts_differ_where_the_languages_do():
    assert reason_text("org_number.checksum", "nn") != reason_text("org_number.checksum", "nb")


def test_without_the_postcode_list_no_postcode_is_marked(monkeypatch):
    from intake.fields import postcodes

    monkeypatch.setattr(postcodes, "postcodes", lambda: {})
    assert "check" not in (check("visiting_address", "Storgata 1, 0009 Oslo").parts or {})


def test_update_reads_postens_register_file():
    from intake.fields.postcodes import convert

    rows = [f"{n:04d}\tSTED {n}\t0301\tOSLO\tG" for n in range(1, 4500)] + ["9007\tTROMSØ\t5501\tTROMSØ\tB"]
    written = convert("\r\n".join(rows).encode("cp1252"))
    assert "9007\tTROMSØ\tB" in written.splitlines() and written.startswith("# Norwegian postcodes")


def test_update_refuses_a_file_that_is_not_postens_register():
    from intake.fields.postcodes import convert

    with pytest.raises(ValueError):
        convert(b"postnummer;sted\n0101;OSLO\n")


def test_po_box_spellings_and_a_dash_before_the_postcode_are_tidied():
    from intake.fields.validate import validate
    from intake.model import FieldResult

    for written, stored in (("P.b. 123 Sentrum, 0101 Oslo", "Postboks 123 Sentrum, 0101 Oslo"),
                            ("Post boks 5, 0101 Oslo", "Postboks 5, 0101 Oslo"),
                            ("Storgata 1 - 0150 Oslo", "Storgata 1, 0150 Oslo")):
        assert validate(FieldResult(key="postal_address", value=written, state="ok")).value == stored


def test_a_foreign_companys_own_registration_number_is_no_norwegian_org_number():
    from intake.fields.validate import validate_fields
    from intake.model import FieldResult

    for written, address in (("556677-8899", "Storgatan 4, 582 73 Linköping, Sverige"),
                             ("CVR 12345678", "Vesterbrogade 10, 1620 København V, Danmark")):
        fields = validate_fields({
            "org_number": FieldResult(key="org_number", value=written, state="ok"),
            "visiting_address": FieldResult(key="visiting_address", value=address, state="ok")})
        assert fields["org_number"].state == "missing", written
    wrong = validate_fields({"org_number": FieldResult(key="org_number", value="912 345 678", state="ok")})
    assert wrong["org_number"].state == "invalid"  # a Norwegian number with a wrong check digit stays wrong


def test_org_number_with_its_label_carried_into_the_value_is_the_number():
    assert validate(FieldResult(key="org_number", value="Org nr 903 603 666", state=OK)).value == "903603666"



def test_org_number_labelled_in_english_inside_the_value_is_the_number():
    assert validate(FieldResult(key="org_number", value="Org. no. 917425809", state=OK)).value == "917425809"


def test_org_number_labelled_after_the_firms_name_in_the_value_is_the_number():
    value = "Bryggen Regulatory Services AS, org. no. 987 756 969"
    assert validate(FieldResult(key="org_number", value=value, state=OK)).value == "987756969"


def test_a_firms_place_in_a_list_of_clients_is_not_part_of_its_name():
    fields = validate_fields({"manufacturer_name": FieldResult(key="manufacturer_name", value="Client A - Kvitfjell Biotech AS",
                                                               state="ok")})
    assert fields["manufacturer_name"].value == "Kvitfjell Biotech AS"
