"""Attachment text: each format read, each hostile file flagged rather than raised."""

from __future__ import annotations

import io
import time
import zipfile
from email.message import EmailMessage
from pathlib import Path

import pytest

from intake.attachments.read import read_attachments
from intake.model import Attachment, Limits
from intake.understand import understand

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "attachments"


def _load_generator():
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_attachments", FIXTURES.parent / "make_attachments.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GEN = _load_generator()


def part_of(data: bytes, filename: str, ctype: str = "application/octet-stream"):
    msg = EmailMessage()
    maintype, subtype = ctype.split("/")
    msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return next(iter(msg.iter_attachments()))


def read(data: bytes, filename: str, limits: Limits | None = None, ctype: str = "application/octet-stream") -> Attachment:
    return read_attachments([(part_of(data, filename, ctype), data)], limits or Limits())[0]


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.mark.parametrize("name", ["doc_mdr.pdf", "doc_minimal.pdf", "doc_mdr.docx"])
def test_mdr_declaration_read_from_pdf_and_docx(name):
    att = read(fixture(name), name)
    assert att.flags == ()
    assert "Nordisk Medtek AS" in att.text
    assert att.doc.is_declaration
    assert att.doc.legislation == ("2017/745",)
    assert att.doc.manufacturer == "Nordisk Medtek AS"
    assert att.doc.srn == "NO-MF-000012345"
    assert att.doc.risk_class == "IIa"
    assert att.doc.notified_body == "2460"
    assert att.doc.date == "2024-03-12"


def test_ivdr_declaration_read_from_odt():
    att = read(fixture("doc_ivdr.odt"), "doc_ivdr.odt")
    assert att.doc.is_declaration and att.doc.legislation == ("2017/746",)
    assert att.doc.manufacturer == "Fjord Diagnostikk AS"
    assert att.doc.risk_class == "B"


@pytest.mark.parametrize("name", ["form.xlsx", "form.csv", "form.docx"])
def test_forms_as_label_value_lines(name):
    att = read(fixture(name), name)
    assert "Navn på produsent: Nordisk Medtek AS" in att.text
    assert "Organisasjonsnummer: 974760673" in att.text
    assert att.doc is None or not att.doc.is_declaration


def test_form_in_xlsx_feeds_the_field_extractor():
    msg = EmailMessage()
    msg["From"] = "ola@nordisk.no"
    msg["Message-ID"] = "<form@test>"
    msg.set_content("Hei, skjema vedlagt.")
    msg.add_attachment(fixture("form.xlsx"), maintype="application",
                       subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet", filename="form.xlsx")
    found = understand(msg.as_bytes())
    assert found.fields["org_number"].value == "974760673"


def test_csv_with_columns_layout():
    data = "Company,Org no,Phone\nAcme AS,974760673,22 00 00 00\n".encode()
    att = read(data, "reg.csv", ctype="text/csv")
    assert "Company: Acme AS" in att.text and "Org no: 974760673" in att.text


@pytest.mark.parametrize(
    "name, flag",
    [
        ("encrypted.pdf", "encrypted_pdf:encrypted.pdf"),
        ("scanned.pdf", "needs_manual_check:scanned_pdf:scanned.pdf"),
        ("truncated.pdf", "attachment_unreadable:damaged_pdf:truncated.pdf"),
        ("bomb.docx", "zip_bomb:bomb.docx"),
    ],
)
def test_hostile_files_are_flagged(name, flag):
    started = time.monotonic()
    att = read(fixture(name), name)
    assert flag in att.flags
    assert att.text is None
    assert time.monotonic() - started < 5


def test_annotations_nested_thousands_deep_neither_crash_nor_hide_the_page_text():
    # /Annots nested 5,000 arrays deep: recursion bait for a parser written in Python; PDFium reads
    # the page's text layer as a viewer shows it.
    started = time.monotonic()
    att = read(fixture("nested.pdf"), "nested.pdf")
    assert att.text == "Nested"
    assert att.flags == ()
    assert time.monotonic() - started < 5


def test_pdf_with_only_an_owner_password_is_read():
    # 'Protected' against editing, not against reading: the empty user password opens it.
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(GEN.text_pdf(GEN.DOC_LINES))))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    att = read(out.getvalue(), "protected.pdf")
    assert att.flags == ()
    assert att.doc.is_declaration and "Nordisk Medtek AS" in att.text


def test_zip_bomb_refused_before_inflating():
    bomb = GEN.zip_bomb_docx(inflated_mb=48)
    att = read(bomb, "big.docx")
    assert att.flags == ("zip_bomb:big.docx",)


def test_too_large_attachment_skipped():
    att = read(fixture("doc_minimal.pdf"), "doc.pdf", Limits(max_attachment_bytes=100))
    assert att.flags == ("attachment_skipped:too_large:doc.pdf",)


def test_pdf_with_thousands_of_pages_reads_only_the_page_limit():
    data = GEN.text_pdf(["EU declaration of conformity", "Regulation (EU) 2017/745"], pages=5000)
    started = time.monotonic()
    att = read(data, "huge.pdf", Limits(max_pdf_pages=50))
    assert time.monotonic() - started < 10
    assert "attachment_truncated:pages:huge.pdf" in att.flags
    assert att.text.count("2017/745") == 50


def test_slow_attachment_stops_at_the_time_limit():
    data = GEN.text_pdf(["Line " * 50] * 40, pages=3000)
    started = time.monotonic()
    # No cap on text, so the clock is what stops it: on a fast machine the text cap came first.
    att = read(data, "slow.pdf", Limits(max_pdf_pages=3000, attachment_seconds=0.3, max_text_chars=10**9))
    assert time.monotonic() - started < 3
    assert "attachment_truncated:timeout:slow.pdf" in att.flags


def test_five_hundred_attachments_bounded():
    msg = EmailMessage()
    msg["From"] = "a@b.no"
    msg.set_content("see attached")
    for number in range(500):
        msg.add_attachment(fixture("doc_minimal.pdf"), maintype="application", subtype="pdf",
                           filename=f"doc{number}.pdf")
    started = time.monotonic()
    found = understand(msg.as_bytes())
    assert time.monotonic() - started < 20
    assert "attachments_skipped:too_many:450" in " ".join(found.flags)
    assert len(found.message.attachments) == 500
    assert sum(1 for a in found.message.attachments if a.text) == 50


def test_unsupported_and_encrypted_office_flagged():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
    assert read(ole, "old.doc").flags == ("needs_manual_check:unsupported_format:old.doc",)
    assert read(ole, "locked.docx").flags == ("encrypted_document:locked.docx",)


def test_damaged_docx_flagged():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<not-closed")
    att = read(out.getvalue(), "broken.docx")
    assert att.flags == ("attachment_unreadable:damaged_docx:broken.docx",)


def test_text_attachment_without_charset_falls_back_to_cp1252():
    data = "Produsent: Øvre Ås AS".encode("cp1252")
    att = read(data, "info.txt", ctype="text/plain")
    assert att.text == "Produsent: Øvre Ås AS"


def test_flag_names_have_no_spaces_or_colons():
    att = read(fixture("encrypted.pdf"), "my doc: v2.pdf")
    assert att.flags == ("encrypted_pdf:my_doc_v2.pdf",)


def test_the_same_file_is_read_once_per_process():
    from intake.attachments.cache import TextCache

    cache = TextCache(max_entries=2, max_chars=100)
    cache.put("a", "declaration", [])
    cache.put("b", "form", ["attachment_truncated:pages"])
    cache.put("slow", None, ["attachment_skipped:timeout"])  # a later read with more time may do better
    assert cache.get("a") == ("declaration", []) and cache.get("slow") is None
    cache.put("c", "letter", [])  # 'b' is the least recently used
    assert cache.get("b") is None and len(cache) == 2
    cache.put("big", "x" * 101, [])
    assert cache.get("big") is None


def test_a_representative_naming_its_manufacturer_in_an_attached_letter_keeps_that_doc():
    letter = GEN.text_pdf(["Registration as authorised representative", "Name of the manufacturer: Nordic Rep AS",
                           "Organization no.: 918 725 016", "Type of business: Authorised representative",
                           "Type of device: Medical device",
                           "Represented manufacturer: ClearPath Endoscopy Inc., Minneapolis, USA"])
    doc = GEN.text_pdf(["EU DECLARATION OF CONFORMITY", "Manufacturer: ClearPath Endoscopy Inc.",
                        "We declare under our sole responsibility that the device meets Regulation (EU) 2017/745."])
    msg = EmailMessage()
    msg["From"] = "Henrik Aasen <henrik@nrpartner.example.no>"
    msg["To"] = "medisinsk.utstyr@dmp.no"
    msg["Subject"] = "Registration"
    msg.set_content("Dear register,\n\nplease find our registration letter and the DoC attached.\n\nHenrik Aasen\n")
    msg.add_attachment(letter, maintype="application", subtype="pdf", filename="registration_letter.pdf")
    msg.add_attachment(doc, maintype="application", subtype="pdf", filename="DoC_ClearPath.pdf")
    fields = understand(msg.as_bytes()).fields
    assert fields["business_type"].value == "authorised_representative"
    assert (fields["declaration_of_conformity"].state, fields["declaration_of_conformity"].value) == ("ok", "DoC_ClearPath.pdf")


def test_a_fillable_pdf_forms_field_values_are_read_with_their_labels():
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    fields = ArrayObject()
    for name, label, value, kind in (("txtOrgnr", "Organisasjonsnummer", "932308231", "/Tx"),
                                     ("cbIVD", "In vitro-diagnostisk utstyr (IVD)", "/Yes", "/Btn"),
                                     ("cbMU", "Medisinsk utstyr", "/Off", "/Btn")):
        field = DictionaryObject({NameObject("/FT"): NameObject(kind), NameObject("/T"): TextStringObject(name),
                                  NameObject("/TU"): TextStringObject(label),
                                  NameObject("/V"): NameObject(value) if kind == "/Btn" else TextStringObject(value),
                                  NameObject("/Ff"): NumberObject(0)})
        fields.append(writer._add_object(field))
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject({NameObject("/Fields"): fields})
    out = io.BytesIO()
    writer.write(out)
    text = read(out.getvalue(), "skjema.pdf").text
    assert "Organisasjonsnummer: 932308231" in text
    assert "In vitro-diagnostisk utstyr (IVD): Ja" in text
    assert "Medisinsk utstyr: Ja" not in text


def test_a_csv_saved_as_excels_unicode_text_is_read():
    data = "Felt\tVerdi\nFirmanavn\tKarmøy Medplast AS\nOrganisasjonsnummer\t932039567\n".encode("utf-16")
    assert "Karmøy Medplast AS" in read(data, "registreringsdata.csv").text
