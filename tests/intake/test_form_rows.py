"""A form's rows read as a case officer reads them (issue 11): a row asking whether the declaration is
attached does not make the form a declaration, a label offering both device kinds asks the kind, and
phone labels say whose number it is ('Kontaktperson telefon', 'Tlf. til meg')."""

from __future__ import annotations

from intake.doc.patterns import title_offset
from intake.fields.extract import extract_fields
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
