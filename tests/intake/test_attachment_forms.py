"""Registration forms attached in any format are read: ODS, XLSX and XLS (python-calamine), CSV in any
delimiter and encoding, and Outlook's winmail.dat (TNEF) with the files inside it."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path
from email.message import EmailMessage

from intake.understand import understand

FORM = [("Firmanavn", "Fjordlab AS"), ("Org.nr", "912 345 688"), ("Besøksadresse", "Strandgaten 12, 5013 Bergen"),
        ("Kontaktperson", "Åse Lid")]


def mail_with(data: bytes, *, filename: str, maintype: str, subtype: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = "Åse Lid <ase@fjordlab.example.no>"
    msg["To"] = "medisinsk.utstyr@dmp.no"
    msg["Subject"] = "Registrering"
    msg.set_content("Hei, skjemaet ligger ved.\n\nHilsen Åse\n")
    msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return msg.as_bytes()


def ods(rows: list[tuple[str, str]]) -> bytes:
    """A minimal OpenDocument spreadsheet, as LibreOffice writes one (mimetype first, stored)."""
    cells = "".join(
        f"<table:table-row><table:table-cell office:value-type='string'><text:p>{a}</text:p></table:table-cell>"
        f"<table:table-cell office:value-type='string'><text:p>{b}</text:p></table:table-cell></table:table-row>"
        for a, b in rows)
    content = ("<?xml version='1.0' encoding='UTF-8'?><office:document-content "
               "xmlns:office='urn:oasis:names:tc:opendocument:xmlns:office:1.0' "
               "xmlns:table='urn:oasis:names:tc:opendocument:xmlns:table:1.0' "
               "xmlns:text='urn:oasis:names:tc:opendocument:xmlns:text:1.0' office:version='1.2'>"
               f"<office:body><office:spreadsheet><table:table table:name='Skjema'>{cells}</table:table>"
               "</office:spreadsheet></office:body></office:document-content>")
    manifest = ("<?xml version='1.0' encoding='UTF-8'?><manifest:manifest "
                "xmlns:manifest='urn:oasis:names:tc:opendocument:xmlns:manifest:1.0' manifest:version='1.2'>"
                "<manifest:file-entry manifest:full-path='/' "
                "manifest:media-type='application/vnd.oasis.opendocument.spreadsheet'/>"
                "<manifest:file-entry manifest:full-path='content.xml' manifest:media-type='text/xml'/>"
                "</manifest:manifest>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _attribute(level: int, name: int, kind: int, data: bytes) -> bytes:
    return struct.pack("<BHHI", level, name, kind, len(data)) + data + struct.pack("<H", sum(data) & 0xFFFF)


def tnef(body: str, files: list[tuple[str, bytes]]) -> bytes:
    """A winmail.dat as Outlook writes one: version, body, then each attachment's title and data."""
    out = struct.pack("<IH", 0x223E9F78, 0x0001)
    out += _attribute(1, 0x9006, 0x0008, struct.pack("<I", 0x00010000))
    out += _attribute(1, 0x800C, 0x0002, body.encode("cp1252"))
    for name, data in files:
        out += _attribute(2, 0x9002, 0x0006, b"\x01\x00" + b"\xff" * 12)
        out += _attribute(2, 0x8010, 0x0001, name.encode("cp1252") + b"\x00")
        out += _attribute(2, 0x800F, 0x0006, data)
    return out


def test_ods_form_is_read():
    raw = mail_with(ods(FORM), filename="skjema.ods", maintype="application",
                    subtype="vnd.oasis.opendocument.spreadsheet")
    fields = understand(raw).fields
    assert (fields["manufacturer_name"].value, fields["org_number"].value) == ("Fjordlab AS", "912345688")


def test_semicolon_csv_in_windows_1252_is_read():
    data = "\n".join(f"{a};{b}" for a, b in FORM).encode("cp1252")
    fields = understand(mail_with(data, filename="skjema.csv", maintype="text", subtype="csv")).fields
    assert fields["contact_person"].value == "Åse Lid"


def test_csv_with_heading_row_is_read():
    data = ("Firmanavn,Org.nr,Kontaktperson\n" "Fjordlab AS,912 345 688,Åse Lid\n").encode("utf-8")
    fields = understand(mail_with(data, filename="skjema.csv", maintype="text", subtype="csv")).fields
    assert fields["org_number"].value == "912345688"


def test_winmail_dat_body_and_inner_form_are_read():
    inner = "\n".join(f"{a};{b}" for a, b in FORM).encode("cp1252")
    blob = tnef("Registrering, se skjema.\r\nTelefon: 55 12 34 56\r\n", [("skjema.csv", inner)])
    raw = mail_with(blob, filename="winmail.dat", maintype="application", subtype="ms-tnef")
    fields = understand(raw).fields
    assert fields["phone"].value == "+4755123456"
    assert fields["manufacturer_name"].value == "Fjordlab AS"


def test_files_inside_winmail_dat_are_attachments_of_their_own():
    form = "\n".join(f"{a};{b}" for a, b in FORM).encode("cp1252")
    declaration = ("EU DECLARATION OF CONFORMITY\nManufacturer: Fjordlab AS\n"
                   "This declaration of conformity is issued under the sole responsibility of the manufacturer.\n"
                   "The device meets Regulation (EU) 2017/745.\n").encode("utf-8")
    blob = tnef("Registrering, se vedlegg.\r\n", [("skjema.csv", form), ("EU DoC Fjordlab.txt", declaration)])
    found = understand(mail_with(blob, filename="winmail.dat", maintype="application", subtype="ms-tnef"))
    assert [a.filename for a in found.message.attachments] == ["winmail.dat", "skjema.csv", "EU DoC Fjordlab.txt"]
    assert found.fields["declaration_of_conformity"].value == "EU DoC Fjordlab.txt"
    assert found.fields["contact_person"].value == "Åse Lid"


def test_a_pdf_declaration_inside_winmail_dat_is_named_by_its_own_file_name():
    # Outlook puts the PDF a few bytes into the blob, so '%PDF-' stands near its start.
    pdf = (Path(__file__).parents[1] / "fixtures" / "attachments" / "doc_mdr.pdf").read_bytes()
    blob = tnef("", [("EU-samsvarserklaering_Nordisk_Medtek.pdf", pdf)])
    found = understand(mail_with(blob, filename="winmail.dat", maintype="application", subtype="ms-tnef"))
    assert [a.filename for a in found.message.attachments] == ["winmail.dat", "EU-samsvarserklaering_Nordisk_Medtek.pdf"]
    assert found.fields["declaration_of_conformity"].value == "EU-samsvarserklaering_Nordisk_Medtek.pdf"


def test_damaged_spreadsheet_is_flagged_not_fatal():
    raw = mail_with(b"PK\x03\x04 not really a spreadsheet", filename="skjema.ods", maintype="application",
                    subtype="vnd.oasis.opendocument.spreadsheet")
    found = understand(raw)
    assert found.unreadable is None
    assert any(flag.startswith("attachment_unreadable") for flag in found.flags)


def test_a_form_attached_while_the_doc_is_promised_later_leaves_the_doc_missing_not_invalid():
    form = "Felt;Verdi\nNavn på produsent;Fjordlab AS\nSamsvarserklæring;ettersendes\n".encode("cp1252")
    doc = understand(mail_with(form, filename="registrering.csv", maintype="text", subtype="csv")).fields[
        "declaration_of_conformity"]
    assert doc.state == "missing"
    form = "Felt;Verdi\nNavn på produsent;Fjordlab AS\n".encode("cp1252")
    doc = understand(mail_with(form, filename="registrering.csv", maintype="text", subtype="csv")).fields[
        "declaration_of_conformity"]
    assert (doc.state, doc.reason) == ("invalid", "declaration_of_conformity.not_a_declaration")


def test_a_doc_not_quite_finished_and_coming_next_week_is_promised_later():
    from intake.doc.judge import _promised_later

    assert _promised_later("Samsvarserklæringen er ikke helt ferdig - den skal signeres og kommer i løpet av neste uke.")
    assert _promised_later("Samsvarserklæringen kommer neste uke.")
    assert not _promised_later("Samsvarserklæringen er vedlagt. Produktet kommer i løpet av neste uke.")


CARD = ("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Kjærgaard;Mette;;;\r\nFN:Mette Kjærgaard\r\nORG:Kjærgaard Medical ApS\r\n"
        "TEL;TYPE=WORK,VOICE:+45 33 12 70 40\r\nTEL;TYPE=CELL,VOICE:+45 28 91 44 07\r\n"
        "EMAIL;TYPE=INTERNET:mk@kjaergaard.example.dk\r\nEND:VCARD\r\n")


def test_a_business_card_attached_for_the_contact_gives_their_name_and_mobile():
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "mk@kjaergaard.example.dk", "medisinsk.utstyr@dmp.no", "Registrering"
    msg.set_content("Hej,\n\nForetak: Kjærgaard Medical ApS, NUF\nOrg.nr.: 912 345 688\n"
                    "Kontaktperson: se vedhæftede visitkort\n\nMed venlig hilsen\nMette\n")
    msg.add_attachment(CARD.encode("utf-8"), maintype="text", subtype="x-vcard", filename="Mette Kjærgaard.vcf")
    fields = understand(msg.as_bytes()).fields
    assert fields["contact_person"].value == "Mette Kjærgaard"
    assert fields["contact_phone"].value == "+4528914407"


def test_a_csv_form_with_each_address_split_over_columns_gives_both_addresses_whole():
    header = "Firmanavn;Org.nr;Besøksadresse;Postnr;Poststed;Postadresse;Postnr post;Poststed post;Telefon"
    row = "Østerdal Reagens AS;943392293;Storgata 21;2406;Elverum;Postboks 117;2401;Elverum;62 41 20 50"
    fields = understand(mail_with(f"{header}\r\n{row}\r\n".encode("cp1252"), filename="skjema.csv",
                                  maintype="text", subtype="csv")).fields
    assert fields["visiting_address"].value == "Storgata 21, 2406 Elverum"
    assert fields["postal_address"].value == "Postboks 117, 2401 Elverum"


def _word_form_with_content_controls() -> bytes:
    """A Word form whose values sit in content controls (w:sdt), one still showing its placeholder."""
    import docx
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    table = document.add_table(rows=0, cols=2)
    for label, value, placeholder in (("Navn på produsent", "Fjordlab AS", False), ("Organisasjonsnummer", "912 345 688", False),
                                      ("Telefaks", "Klikk eller trykk her for å skrive inn tekst.", True)):
        row = table.add_row()
        row.cells[0].text = label
        shown = "<w:showingPlcHdr/>" if placeholder else ""
        row.cells[1].paragraphs[0]._p.append(parse_xml(
            f'<w:sdt {w}><w:sdtPr><w:alias w:val="{label}"/>{shown}<w:text/></w:sdtPr>'
            f'<w:sdtContent><w:r><w:t xml:space="preserve">{value}</w:t></w:r></w:sdtContent></w:sdt>'))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_word_forms_content_controls_are_read_and_a_placeholder_is_no_value():
    raw = mail_with(_word_form_with_content_controls(), filename="Registreringsskjema.docx", maintype="application",
                    subtype="vnd.openxmlformats-officedocument.wordprocessingml.document")
    fields = understand(raw).fields
    assert (fields["manufacturer_name"].value, fields["org_number"].value) == ("Fjordlab AS", "912345688")
    assert fields["fax"].state == "missing"


TICKED_FORM = ("Registreringsskjema – produsenter og representanter\n1. Virksomheten\nForetaksnavn Trondheim Sensorteknikk AS\n"
               "Organisasjonsnummer 910 499 238\nTelefon 73 60 12 00\n2. Kontaktperson\nNavn Mats Ødegård\n"
               "Telefon 480 12 345\n3. Type utstyr\nX Medisinsk utstyr In vitro-diagnostisk utstyr (IVD)\n"
               "4. Type virksomhet\nX Produsent Autorisert representant Produsent av system-/prosedyrepakker\n")


def _ticked_form_mail() -> bytes:
    return mail_with(TICKED_FORM.encode("utf-8"), filename="skjema.txt", maintype="text", subtype="plain")


def test_of_a_forms_row_of_boxes_the_one_after_the_tick_is_the_kind_of_device():
    assert understand(_ticked_form_mail()).fields["device_type"].value == "medical_device"


def test_of_a_forms_row_of_boxes_the_one_after_the_tick_is_the_kind_of_business():
    assert understand(_ticked_form_mail()).fields["business_type"].value == "manufacturer"


def test_a_name_without_its_colon_under_the_contact_heading_is_the_contacts():
    assert understand(_ticked_form_mail()).fields["contact_person"].value == "Mats Ødegård"


def test_a_postcode_that_lost_its_leading_zero_in_a_spreadsheet_gets_it_back():
    rows = ["Firmanavn;Nydalen Kirurgi AS", "Besøksadresse;Nydalsveien 33", "Postnr;484", "Sted;Oslo"]
    raw = mail_with("\n".join(rows).encode("cp1252"), filename="skjema.csv", maintype="text", subtype="csv")
    assert understand(raw).fields["visiting_address"].value == "Nydalsveien 33, 0484 Oslo"


def test_a_postcode_column_that_lost_its_leading_zero_gets_it_back():
    rows = ["Firmanavn;Besøksadresse;Postnr;Sted", "Nydalen Kirurgi AS;Nydalsveien 33;484;Oslo"]
    raw = mail_with("\n".join(rows).encode("cp1252"), filename="skjema.csv", maintype="text", subtype="csv")
    assert understand(raw).fields["visiting_address"].value == "Nydalsveien 33, 0484 Oslo"


def test_a_declaration_sent_on_request_is_missing_not_a_wrong_document():
    form = ("Felt;Verdi\nNavn på produsent;Nydalen Kirurgi AS\n"
            "Samsvarserklæring;Ikke relevant – vi utsteder erklæring etter art. 22, sendes ved behov\n").encode("cp1252")
    doc = understand(mail_with(form, filename="registrering.csv", maintype="text", subtype="csv")).fields[
        "declaration_of_conformity"]
    assert doc.state == "missing"
