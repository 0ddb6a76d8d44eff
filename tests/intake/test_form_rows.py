"""A form's rows read as a case officer reads them (issue 11): a row asking whether the declaration is
attached does not make the form a declaration, a label offering both device kinds asks the kind, and
phone labels say whose number it is ('Kontaktperson telefon', 'Tlf. til meg')."""

from __future__ import annotations

from intake.doc.patterns import title_offset
from intake.fields.extract import extract_fields
from intake.fields.label_split import split_label
from intake.understand import understand
from tests.intake.test_attachment_forms import mail_with


def values(text: str) -> dict[str, str]:
    return {k: r.value for k, r in extract_fields(text).items()}


def test_a_row_asking_whether_the_declaration_is_attached_is_no_declaration_title():
    assert title_offset("Navn: Fjordlab AS\nEU-samsvarserklæring vedlagt (ja/nei): Ja\n") is None
    assert title_offset("Navn: Fjordlab AS\nEU-samsvarserklæring\nProdusent: Fjordlab AS\n") is not None


def test_a_form_with_the_declaration_row_is_read_past_that_row():
    rows = ["Navn på virksomhet;Fjordlab AS", "Organisasjonsnr.;912345688", "EU-samsvarserklæring vedlagt (ja/nei);Ja",
            "Produsent / autorisert representant;Produsent", "Nettsted;www.fjordlab.example.no"]
    raw = mail_with("\n".join(rows).encode(), filename="skjema.csv", maintype="text", subtype="csv")
    fields = understand(raw).fields
    assert fields["business_type"].value == "manufacturer"
    assert fields["website"].value == "https://www.fjordlab.example.no"


def test_a_label_offering_both_kinds_asks_the_device_type():
    assert values("Medisinsk utstyr / IVD: IVD\n")["device_type"] == "IVD"
    assert values("Medical device or IVD: Medical device\n")["device_type"] == "Medical device"
    assert "device_type" not in values("Medisinsk utstyr: Ja\n")


def test_the_contact_persons_phone_label_without_and_is_the_phone():
    found = values("Kontaktperson: Tone Rønneberg\nKontaktperson telefon: 47 61 88 30\n")
    assert found["contact_person"] == "Tone Rønneberg" and found["contact_phone"] == "47 61 88 30"
    found = values("Kontaktperson, telefon: Tone Rønneberg, 476 18 830\n")
    assert found["contact_person"] == "Tone Rønneberg"


def test_a_number_labelled_as_the_writers_own_is_the_contacts():
    assert values("Kontaktperson: Hanne Kristiansen\nMobil til meg (kontaktperson): 912 34 567\n")["contact_phone"] \
        == "912 34 567"
    found = values("Telefon: 75 50 12 30\nKontaktperson: Hanne Kristiansen\nTlf. til meg: 912 34 567\n")
    assert found["contact_phone"] == "912 34 567" and found["phone"] == "75 50 12 30"


def test_our_question_offering_both_kinds_takes_the_answer_below_as_the_device_type():
    text = ("Den 3. mars 2025 skrev Register for medisinsk utstyr <medisinsk.utstyr@dmp.no>:\n"
            "> - Er utstyret medisinsk utstyr eller in vitro-diagnostisk utstyr?\n\nIVD – hurtigtester for CRP.\n")
    assert values(text)["device_type"].startswith("IVD")


PDF_FORM = ("Registreringsskjema\nVirksomhet\nVirksomhetens navn Vestlandet Sårpleie AS\n"
            "Organisasjonsnummer 830 699 929\nKontaktperson\nNavn Ingvild Brekke Solheim\n"
            "Rolle og utstyr\nRolle [X] Produsent [ ] Autorisert representant [ ] System-/prosedyrepakker\n"
            "Type utstyr [ ] Medisinsk utstyr [X] In vitro-diagnostisk utstyr\n"
            "EU-samsvarserklæring Vedlegg 1\nBergen, 14.03.2025\n")


def test_a_form_row_pointing_to_the_attached_declaration_is_no_declaration_title():
    assert title_offset(PDF_FORM) is None
    assert title_offset("EU-samsvarserklæring\nVedlegg IV\nProdusent: Fjordlab AS\n") is not None


def test_the_box_ticked_before_an_answer_that_lost_its_colon_chooses_the_option():
    assert values(PDF_FORM)["business_type"] == "Produsent"
    assert values(PDF_FORM)["device_type"] == "In vitro-diagnostisk utstyr"


FILLED_PDF = ("Name of organisation / Navn: Nordic MedReg AS\nOrganisation no. / Org.nr.: 946509817\n"
              "Website / Nettside: https://www.nordicmedreg.example.no\nName / Navn: Sophie Lindahl Berg\n"
              "Phone / Telefon: +47 450 91 216\n\nRegistration form\n1. Organisation / Virksomhet\n"
              "Name of organisation / Navn\nOrganisation no. / Org.nr.\n2. Contact person / Kontaktperson\n"
              "Name / Navn\nPhone / Telefon\n")


def test_a_label_in_two_languages_is_no_value_of_itself():
    assert split_label("2. Contact person / Kontaktperson") == ("contact_person", "", "same_line")
    assert split_label("Name / Navn") == ("@name", "", "same_line")
    assert "contact_person" not in values("Firma: Nordic MedReg AS\n2. Contact person / Kontaktperson\nName / Navn\n")


def test_a_bare_name_below_the_firms_own_name_is_the_contacts():
    assert values(FILLED_PDF)["contact_person"] == "Sophie Lindahl Berg"
    assert values(FILLED_PDF)["manufacturer_name"] == "Nordic MedReg AS"


def test_a_numbered_heading_names_no_firm():
    text = "Företag 1\nNamn: Fjällmed Norge AS\nOrganisationsnummer: 888 615 598\nKontaktperson: Oddvar Kokkvold\n"
    assert values(text)["manufacturer_name"] == "Fjällmed Norge AS"
    assert values(text)["contact_person"] == "Oddvar Kokkvold"
