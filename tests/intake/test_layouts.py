"""Every layout read the same way: HTML tables both ways, nested Outlook tables, pipe and tab tables."""

from __future__ import annotations

from email.message import EmailMessage

from intake.fields.extract import extract_fields
from intake.layouts.html_text import html_to_text
from intake.understand import understand


def values(text: str) -> dict[str, str]:
    return {k: r.value for k, r in extract_fields(text).items()}


HEADING_ROW = """<html><body><p>Hei, her er registreringen vår.</p>
<table border="1"><tr><th>Navn</th><th>Org.nr</th><th>Besøksadresse</th><th>Telefon</th><th>Type virksomhet</th></tr>
<tr><td>Eksempel Ortopedi AS</td><td>912 345 688</td><td>Storgata 1<br>0150 Oslo</td><td>22 33 44 55</td>
<td>Produsent</td></tr></table><p>Mvh Kari</p></body></html>"""


def html_mail(html: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = "Kari Nordmann <kari@eksempel.no>"
    msg["To"] = "medisinsk.utstyr@dmp.no"
    msg["Subject"] = "Registrering"
    # Outlook's plain alternative puts each cell on a line of its own: the table is lost there.
    msg.set_content("Hei, her er registreringen vår.\n\nNavn\nOrg.nr\nBesøksadresse\nEksempel Ortopedi AS\n912 345 688\n")
    msg.add_alternative(html, subtype="html")
    return msg.as_bytes()


def test_html_table_with_heading_row_is_read_not_crashed():
    found = understand(html_mail(HEADING_ROW))
    assert found.unreadable is None
    assert found.fields["manufacturer_name"].value == "Eksempel Ortopedi AS"
    assert found.fields["org_number"].value == "912345688"
    assert found.fields["business_type"].value == "manufacturer"


def test_html_table_cell_with_line_break_is_one_address():
    assert values(html_to_text(HEADING_ROW))["visiting_address"] == "Storgata 1, 0150 Oslo"


def test_html_label_column_table_is_read():
    html = ("<table><tr><td><b>Firmanavn:</b></td><td>Fjordlab AS</td></tr>"
            "<tr><td>Kontaktperson</td><td>Ola Hansen</td></tr></table>")
    found = values(html_to_text(html))
    assert (found["manufacturer_name"], found["contact_person"]) == ("Fjordlab AS", "Ola Hansen")


def test_nested_outlook_layout_table_is_unwrapped():
    inner = ("<table><tr><td>Org.nr.</td><td>912 345 688</td></tr>"
             "<tr><td>E-post</td><td>post@fjordlab.no</td></tr></table>")
    html = f"<table><tr><td><p>Hei</p><p>a</p><p>b</p><p>c</p>{inner}</td></tr><tr><td>Mvh</td></tr></table>"
    found = values(html_to_text(html))
    assert (found["org_number"], found["email"]) == ("912 345 688", "post@fjordlab.no")


def test_an_address_in_captioned_parts_inside_a_form_cell_is_one_address():
    def parts(street: str, postcode: str, town: str) -> str:
        return ("<table><tr>" + "".join(f"<td><p><span style='color:gray'>{caption}</span></p><p>{value}</p></td>"
                                        for caption, value in (("Gate/postboks", street), ("Postnr.", postcode),
                                                               ("Sted", town))) + "</tr></table>")
    html = ("<table><tr><td><b>Foretak</b></td><td>Solvik Rehab AS</td></tr>"
            f"<tr><td><b>Besøksadresse</b></td><td>{parts('Kanalveien 54', '5068', 'Bergen')}</td></tr>"
            f"<tr><td><b>Postadresse</b></td><td>{parts('Postboks 6030 Postterminalen', '5892', 'Bergen')}</td></tr>"
            "</table>")
    found = values(html_to_text(html))
    assert found["visiting_address"] == "Kanalveien 54, 5068 Bergen"
    assert found["postal_address"] == "Postboks 6030 Postterminalen, 5892 Bergen"


def test_several_value_rows_are_read_as_records():
    html = ("<table><tr><th>Firmanavn</th><th>Org.nr</th></tr><tr><td>Fjordlab AS</td><td>912 345 688</td></tr>"
            "<tr><td>Kystlab AS</td><td>923 456 789</td></tr></table>")
    assert "Firmanavn: Kystlab AS" in html_to_text(html)


def test_markdown_table_with_heading_row_is_read():
    text = ("| Firmanavn | Org.nr | Telefon |\n|---|---|---|\n| Fjordlab AS | 912 345 688 | 22 33 44 55 |\n")
    found = values(text)
    assert (found["manufacturer_name"], found["org_number"], found["phone"]) == (
        "Fjordlab AS", "912 345 688", "22 33 44 55")


def test_tab_rows_pasted_from_excel_are_read():
    text = "Firmanavn\tOrg.nr\tKontaktperson\nFjordlab AS\t912 345 688\tOla Hansen\n"
    found = values(text)
    assert (found["manufacturer_name"], found["contact_person"]) == ("Fjordlab AS", "Ola Hansen")


def test_pipes_in_a_signature_are_not_a_table():
    text = "Org.nr: 912 345 688\n\nKari Nordmann | Daglig leder\nFjordlab AS | Oslo\n"
    assert values(text)["org_number"] == "912 345 688"


def test_a_fault_in_one_reader_is_flagged_and_the_rest_still_read(monkeypatch):
    import intake.understand as module

    real = module.extract_fields

    def broken_for_attachments(text, *, part="body", **more):
        if part != "body":
            raise KeyError("@name")
        return real(text, part=part, **more)

    monkeypatch.setattr(module, "extract_fields", broken_for_attachments)
    msg = EmailMessage()
    msg["From"] = "kari@eksempel.no"
    msg.set_content("Org.nr: 912 345 688\n")
    msg.add_attachment(b"Firmanavn;Fjordlab AS\n", maintype="text", subtype="csv", filename="skjema.csv")
    found = understand(msg.as_bytes())
    assert found.unreadable is None and found.fields["org_number"].value == "912345688"
    assert any(flag.startswith("needs_manual_check:reader_error:KeyError") for flag in found.flags)


def test_a_table_two_label_value_pairs_wide_is_read_pair_by_pair():
    html = ("<table><tr><td>Firma</td><td>Lofoten Biotest AS</td><td>Organisasjonsnr.</td><td>926 344 188</td></tr>"
            "<tr><td>Post adr</td><td>Postboks 150, 8301 Svolvær</td><td>Kontakt</td><td>Eirik Hansen Strand</td></tr>"
            "<tr><td>Nettsted</td><td>www.lofotenbiotest.example.no</td><td></td><td></td></tr></table>")
    found = {k: r.value for k, r in extract_fields(html_to_text(html)).items()}
    assert (found["manufacturer_name"], found["org_number"]) == ("Lofoten Biotest AS", "926 344 188")
    assert (found["postal_address"], found["contact_person"]) == ("Postboks 150, 8301 Svolvær", "Eirik Hansen Strand")


def test_the_mail_apps_advert_under_a_signature_is_not_the_senders_website():
    from intake.layouts.signature import signature_values

    found = list(signature_values([(16, "Hent Outlook for Android<https://aka.ms/AAb9ysg>"),
                                   (17, "Get Outlook for iOS<https://aka.ms/o0ukef>")]))
    assert not [value for key, value, _ in found if key == "website"]


def test_an_office_named_before_a_signatures_address_is_not_part_of_it():
    from intake.layouts.signature import signature_values

    found = list(signature_values([(20, "Head office: Nedre Langgate 20, 3126 Tønsberg")]))
    assert [value for key, value, _ in found if key == "visiting_address"] == ["Nedre Langgate 20, 3126 Tønsberg"]


def test_values_with_their_labels_after_them_in_brackets_are_read_as_labelled():
    found = values("Sunnfjord Tannlab AS (firmanamn)\n814 047 261 (org.nr.)\nHafstadvegen 21, 6800 Førde (besøksadresse)\n"
                   "Postboks 312, 6803 Førde (postadresse)\n57 82 66 10 (telefon)\n- (faks, har ikkje)\n"
                   "Gunnhild Støfring (kontaktperson)\n")
    assert found["manufacturer_name"] == "Sunnfjord Tannlab AS"
    assert found["postal_address"] == "Postboks 312, 6803 Førde"
    assert found["contact_person"] == "Gunnhild Støfring"
    assert "fax" not in found


def test_a_single_bracketed_note_after_a_value_is_not_a_label():
    assert values("Hei, vi er Fjordtann AS (firmanamn) og sender dette.\n").get("manufacturer_name") != "Hei, vi er Fjordtann AS"


def test_a_table_row_without_a_label_continues_the_value_above_it():
    html = ("<table><tr><td>Tillverkare</td><td>Solna Immuno AB</td></tr>"
            "<tr><td>Besöksadress</td><td>Fogdevreten 2</td></tr><tr><td></td><td>SE-171 65 Solna</td></tr>"
            "<tr><td>Postadress</td><td>Box 1207</td></tr><tr><td></td><td>SE-171 23 Solna</td></tr></table>")
    found = values(html_to_text(html))
    assert found["visiting_address"] == "Fogdevreten 2, SE-171 65 Solna"
    assert found["postal_address"] == "Box 1207, SE-171 23 Solna"


def test_a_column_of_dates_beside_the_old_and_new_values_is_not_a_record():
    from intake.layouts.table_text import table_lines

    rows = [["Felt", "Tidligere registrert", "Ny verdi", "Gjelder fra"],
            ["Besøksadresse", "Storgata 5, 2815 Gjøvik", "Hunnsvegen 12, 2821 Gjøvik", "01.04.2025"],
            ["Telefon", "61 17 42 00", "61 13 29 00", "01.04.2025"]]
    assert not any("01.04.2025" in line for line in table_lines(rows))


def test_a_forms_title_naming_the_register_is_not_the_company():
    found = values("Company details for registration – DMP device register\nCompany name: Nordic Procedure Packs AS\n")
    assert found["manufacturer_name"] == "Nordic Procedure Packs AS"


def test_a_fault_in_reading_an_attachment_as_a_declaration_is_flagged_and_the_rest_is_read(monkeypatch):
    import intake.attachments.read as module

    def broken(text):
        raise TypeError("a bug in the declaration reader")

    monkeypatch.setattr(module, "analyse_declaration", broken)
    msg = EmailMessage()
    msg["From"] = "kari@eksempel.no"
    msg.set_content("Org.nr: 912 345 688\n")
    msg.add_attachment(b"EU DECLARATION OF CONFORMITY\nManufacturer: Fjordlab AS\n", maintype="text",
                       subtype="plain", filename="doc.txt")
    found = understand(msg.as_bytes())
    assert found.unreadable is None and found.fields["org_number"].value == "912345688"
    assert "needs_manual_check:reader_error:TypeError:doc.txt" in found.flags


def test_struck_out_text_in_html_is_what_the_writer_took_back():
    html = ("<p>Kontaktperson: <s>Lars Hegge</s> <span style='color:red'>Mari Solum</span></p>"
            "<p>Telefon kontaktperson: <span style=\"text-decoration: line-through\">900 11 234</span> 915 44 082</p>")
    text = html_to_text(html)
    assert "Lars Hegge" not in text and "Mari Solum" in text
    assert "900 11 234" not in text and "915 44 082" in text
