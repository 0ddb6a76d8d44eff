"""Registrations typed in columns (issue 11): labels in a row with their values on the line below,
labels and values alternating on one line, and labels set apart from their values by spaces alone,
as people lay out plain text in Outlook or Thunderbird. Each mail is written for its rule."""

from __future__ import annotations

from intake.layouts.table_text import table_lines
from intake.understand import understand
from tests.intake.mails import mail


def fields(body: str, *, sender: str = "Kari Nordmann <kari@fjordlys.example.no>", **kwargs) -> dict[str, str | None]:
    return {key: result.value for key, result in understand(mail(body, sender=sender, **kwargs)).fields.items()}


def test_a_value_under_each_of_two_labels_in_a_row_belongs_to_the_label_above_it():
    body = ("Hei,\n\nVi ønsker å registrere oss som produsent av medisinsk utstyr (kompresjonsstrømper).\n\n"
            "Firmanavn:               Org.nr:\n"
            "Fjordlys Medical AS      912 345 688\n\n"
            "Adresse: Strandgata 12, 5013 Bergen\nKontaktperson: Kari Nordmann\n\n"
            "Med vennlig hilsen\nKari Nordmann\n")
    got = fields(body)
    assert got["manufacturer_name"] == "Fjordlys Medical AS"
    assert got["org_number"] == "912345688"


def test_three_labels_in_a_row_give_the_phone_the_fax_and_the_e_mail_below_them():
    body = ("Hei,\n\nHer kommer opplysningene til registeret.\n\nFirmanavn: Fjordlys Medical AS\n"
            "Org.nr: 912 345 688\n\n"
            "Telefon:        Faks:          E-post:\n"
            "55 30 20 10     55 30 20 11    post@fjordlys.example.no\n\n"
            "Mvh\nKari Nordmann\n")
    got = fields(body)
    assert (got["phone"], got["fax"], got["email"]) == ("+4755302010", "+4755302011", "post@fjordlys.example.no")


def test_addresses_side_by_side_go_on_in_their_columns_on_the_line_below():
    body = ("Hei,\n\nFjordlys Medical AS (org.nr 912 345 688) vil registrere seg.\n\n"
            "Besøksadresse:            Postadresse:\n"
            "Strandgata 12             Postboks 40\n"
            "5013 Bergen               5803 Bergen\n\n"
            "Hilsen\nKari Nordmann\n")
    got = fields(body)
    assert got["visiting_address"] == "Strandgata 12, 5013 Bergen"
    assert got["postal_address"] == "Postboks 40, 5803 Bergen"


def test_columns_lined_up_with_several_tabs_are_read_by_where_the_tabs_reach():
    body = ("Hei,\n\nHer er opplysningane om verksemda vår.\n\n"
            "Namn på verksemda:\t\tOrg.nr:\n"
            "Fjordlys Medical AS\t\t912 345 688\n\n"
            "Telefon:\t\tFaks:\t\t\tE-post:\n"
            "55 30 20 10\t55 30 20 11\t\tpost@fjordlys.example.no\n\n"
            "Helsing\nKari Nordmann\n")
    got = fields(body)
    assert got["fax"] == "+4755302011"
    assert got["email"] == "post@fjordlys.example.no"


def test_a_label_left_without_a_value_in_its_column_gives_its_neighbours_value_to_nobody():
    body = ("Hi,\n\nPlease register Fjordlys Medical AS, org. no. 912 345 688, as a manufacturer.\n\n"
            "Contact person:        Phone:         Fax:\n"
            "Kari Nordmann                         55 30 20 11\n\n"
            "Kind regards\nKari Nordmann\n")
    got = fields(body)
    assert got["contact_person"] == "Kari Nordmann"
    assert got["fax"] == "+4755302011"
    assert got["phone"] is None


def test_a_second_label_on_the_line_is_read_whole_after_the_wide_gap():
    body = ("Hi,\n\nPlease register us as a distributor.\n\n"
            "Company:  Fjordlys Medical AS    Reg. no.:  912 345 688\n"
            "Postal address:  PO Box 40, 5803 Bergen    Visiting address:  Strandgata 12, 5013 Bergen\n\n"
            "Regards\nKari Nordmann\n")
    got = fields(body)
    assert got["postal_address"] == "Postboks 40, 5803 Bergen"
    assert got["visiting_address"] == "Strandgata 12, 5013 Bergen"


def test_the_contacts_phone_label_beside_the_contact_is_not_part_of_the_name():
    body = ("Hei,\n\nVi ønsker å registrere oss.\n\n"
            "Firmanavn:  Fjordlys Medical AS    Org.nr:  912 345 688\n"
            "Kontaktperson:  Kari Nordmann    Tlf. kontaktperson:  915 20 330\n\n"
            "Mvh\nKari Nordmann\n")
    got = fields(body)
    assert got["contact_person"] == "Kari Nordmann"
    assert got["contact_phone"] == "+4791520330"


def test_labels_and_values_alternating_without_colons_are_read_as_pairs():
    body = ("Hei,\n\nVi vil registrere Fjordlys Medical AS, org.nr. 912 345 688.\n\n"
            "Telefon  55 30 20 10    Faks  55 30 20 11\n"
            "Kontaktperson  Kari Nordmann    E-post  kari@fjordlys.example.no\n\n"
            "Hilsen\nKari Nordmann\n")
    got = fields(body)
    assert got["fax"] == "+4755302011"
    assert got["contact_person"] == "Kari Nordmann"


def test_a_label_with_its_qualifier_and_no_colon_ends_at_the_gap_before_its_value():
    body = ("Hello,\n\nWe would like to register our company as a distributor of medical devices.\n\n"
            "Company name                       Fjordlys Medical AS\n"
            "Organisation number                912 345 688\n"
            "Contact person for the register    Kari Nordmann\n"
            "Mobile (contact person)            915 20 330\n"
            "Phone                              55 30 20 10\n\n"
            "Best regards\nKari Nordmann\n")
    got = fields(body)
    assert got["contact_person"] == "Kari Nordmann"
    assert got["contact_phone"] == "+4791520330"
    assert got["phone"] == "+4755302010"


def test_a_label_spelt_a_little_wrong_still_pairs_with_the_value_after_its_gap():
    body = ("Hei,\n\nVi vil registrere oss som produsent.\n\n"
            "Firmanavn          Fjordlys Medical AS\n"
            "Organisasjonsnumer    912 345 688\n"
            "Telefonnumer       55 30 20 10\n\n"
            "Mvh\nKari Nordmann\n")
    assert fields(body)["phone"] == "+4755302010"


def test_which_address_a_label_without_a_colon_names_is_said_by_the_word_after_it():
    body = ("Hei,\n\nVi vil registrere oss som produsent.\n\n"
            "Firmanavn       Fjordlys Medical AS\n"
            "Adresse besøk   Strandgata 12, 5013 Bergen\n"
            "Adresse post    Postboks 40, 5803 Bergen\n\n"
            "Mvh\nKari Nordmann\n")
    got = fields(body)
    assert got["visiting_address"] == "Strandgata 12, 5013 Bergen"
    assert got["postal_address"] == "Postboks 40, 5803 Bergen"


def test_a_sentence_opening_with_a_label_word_and_a_wide_gap_is_still_a_sentence():
    body = ("Hei,\n\nVi vil registrere Fjordlys Medical AS, org.nr. 912 345 688.\n"
            "Produsent  av kompresjonsstrømper siden 1998.\n"
            "Kontaktperson  er meg, Kari Nordmann.\n\n"
            "Mvh\nKari Nordmann\n")
    got = fields(body)
    assert got["manufacturer_name"] == "Fjordlys Medical AS"
    assert got["contact_person"] == "Kari Nordmann"


def test_a_line_of_many_blanks_is_passed_over_in_linear_time():
    # A hostile or broken mail may hold a line of 200,000 blanks; a pattern that tries every split
    # of such a run takes minutes (quadratic), one that passes over it once takes milliseconds.
    import time

    from intake.fields.label_split import split_label
    from intake.layouts.text_columns import read_text_columns

    line = "Telefon  22 33 44 55" + " " * 200_000 + "x"
    started = time.process_time()
    read_text_columns("a" + " " * 200_000 + "\n" + line)
    split_label(line)
    assert time.process_time() - started < 2.0


def test_an_address_with_a_long_run_of_blanks_before_a_note_is_read_in_linear_time():
    # 'Storgata 1, 0101 Oslo' + 900 blanks + 'inngang B' took over half a minute: the gap before an inline
    # 'Postnr:' label was tried at every split of the run.
    import time

    from intake.fields.annotations import strip_annotations

    started = time.process_time()
    assert strip_annotations("visiting_address", "Storgata 1, 0101 Oslo" + " " * 5_000 + "inngang B") == "Storgata 1, 0101 Oslo"
    assert time.process_time() - started < 1.0


def test_a_column_of_comments_beside_the_values_is_not_part_of_them():
    rows = [["Registration data", "", ""], ["Field", "Value", "Comment"],
            ["Company name", "Kvist Medical Norge AS", "Norwegian subsidiary of Kvist Medical AB"],
            ["Contact person", "Anna Lindqvist", "Regulatory Affairs Manager"]]
    lines = table_lines(rows)
    assert "Company name: Kvist Medical Norge AS" in lines and "Contact person: Anna Lindqvist" in lines
    assert not any("subsidiary" in line or "Manager" in line for line in lines)


def test_a_table_with_the_maker_and_the_representative_in_headed_columns_registers_the_representative():
    cell = 'style="border:1px solid #999"'
    rows = [("Company name", "Shenzhen Huaxin Biotech Co., Ltd.", "NorRep Medical AS"),
            ("Org. no.", "91440300MA5G2KX41U (CN)", "971 534 249"),
            ("Visiting address", "Building 5, Xinghe Industrial Park, Shenzhen 518101, China",
             "Fjordgata 44, 7010 Trondheim"),
            ("Phone", "+86 755 2798 4410", "+47 73 52 90 10"),
            ("Contact person", "Mr. Liang Wei (RA Manager)", "Ingrid Moe")]
    table = (f"<table><tr><th></th><th {cell}>Manufacturer</th><th {cell}>Authorised representative in Norway</th></tr>"
             + "".join(f"<tr><td><b>{a}</b></td><td {cell}>{b}</td><td {cell}>{c}</td></tr>" for a, b, c in rows)
             + "</table>")
    body = (f"<p>Hello,<br><br>NorRep Medical AS registers as authorised representative for Shenzhen Huaxin "
            f"Biotech Co., Ltd.<br><br>{table}<br>Best regards,<br>Ingrid Moe</p>")
    got = fields(body, html=True, sender="Ingrid Moe <ingrid.moe@norrep.example.no>")
    assert (got["manufacturer_name"], got["org_number"], got["phone"], got["contact_person"]) == (
        "NorRep Medical AS", "971534249", "+4773529010", "Ingrid Moe")
