"""Declaration of conformity analysis and the cross-check against the e-mail's fields."""

from __future__ import annotations

import pytest

from intake.doc.check import analyse_declaration, cross_check, normalise_company, same_company
from intake.doc.patterns import is_declaration_title

MDR_DOC = """EU DECLARATION OF CONFORMITY
Manufacturer: Nordisk Medtek AS, Storgata 1, 0150 Oslo, Norway
SRN: NO-MF-000012345
Product name: FlexiSplint Pro
Basic UDI-DI: 7071234FLEXSPL9Z
Risk class: IIa (Rule 5)
We declare under our sole responsibility that the device meets Regulation (EU) 2017/745.
Notified body: DNV Product Assurance AS, NB 2460
Oslo, 12.03.2024
"""


@pytest.mark.parametrize(
    "title",
    [
        "EU declaration of conformity",
        "EC Declaration of Conformity",
        "EU-samsvarserklæring",
        "Samsvarserklæring",
        "EU-Konformitätserklärung",
        "EU-försäkran om överensstämmelse",
        "EU-overensstemmelseserklæring",
        "Déclaration UE de conformité",
        "1. EU DECLARATION OF CONFORMITY (DoC)",
    ],
)
def test_titles_in_six_languages(title):
    assert is_declaration_title(f"{title}\nHersteller: X\n")


@pytest.mark.parametrize(
    "text",
    ["Hei, vedlagt er samsvarserklæringen vår.", "Invoice no. 2017/745", "Price list 2024", ""],
)
def test_other_documents_are_not_declarations(text):
    assert not analyse_declaration(text).is_declaration


def test_mdr_declaration_fields():
    doc = analyse_declaration(MDR_DOC)
    assert doc.is_declaration
    assert doc.legislation == ("2017/745",)
    assert doc.manufacturer == "Nordisk Medtek AS"
    assert doc.srn == "NO-MF-000012345"
    assert doc.devices == ("FlexiSplint Pro",)
    assert doc.udi_di == ("7071234FLEXSPL9Z",)
    assert doc.risk_class == "IIa"
    assert doc.notified_body == "2460"
    assert doc.date == "2024-03-12"
    assert doc.flags == ()


@pytest.mark.parametrize(
    "cited, expected",
    [
        ("Regulation (EU) 2017/745", {"2017/745"}),
        ("the MDR", {"2017/745"}),
        ("forordning (EU) 2017/746 (IVDR)", {"2017/746"}),
        ("Directive 93/42/EEC", {"93/42/EEC"}),
        ("direktiv 93/42/EØF", {"93/42/EEC"}),
        ("Richtlinie 93/42/EWG", {"93/42/EEC"}),
        ("directive 98/79/CE", {"98/79/EC"}),
        ("Directive 90/385/EEC", {"90/385/EEC"}),
        ("Regulation 745/2017", {"2017/745"}),
        ("Regulation (EU) 2017 / 745 and Directive 93/42/EEC", {"2017/745", "93/42/EEC"}),
    ],
)
def test_legislation_written_many_ways(cited, expected):
    doc = analyse_declaration(f"EU declaration of conformity\nWe declare conformity with {cited}.\n")
    assert set(doc.legislation) == expected


@pytest.mark.parametrize(
    "line, expected",
    [("Class: I", "I"), ("Klasse IIb", "IIb"), ("Risk class: III", "III"), ("Class Is", "Is"),
     ("Classification: class I (sterile)", "Is"), ("Class Im", "Im"), ("Klasse: D", "D"), ("Class 2a", "IIa")],
)
def test_risk_classes(line, expected):
    assert analyse_declaration(f"Declaration of conformity\n{line}\n").risk_class == expected


def test_ce_mark_number_is_a_notified_body():
    assert analyse_declaration("Declaration of conformity\nCE 0123\n").notified_body == "0123"


def test_ivd_declared_but_mdr_cited():
    doc = analyse_declaration(MDR_DOC)
    assert "doc_mismatch:ivd_declared_but_mdr_cited" in cross_check(doc, device_type="ivd", manufacturer_name=None)
    assert "doc_mismatch:ivd_declared_but_mdr_cited" in cross_check(
        doc, device_type="In vitro-diagnostisk utstyr", manufacturer_name=None)


def test_medical_device_declared_but_ivdr_cited():
    doc = analyse_declaration(MDR_DOC.replace("2017/745", "2017/746"))
    flags = cross_check(doc, device_type="medical_device", manufacturer_name=None)
    assert "doc_mismatch:md_declared_but_ivdr_cited" in flags


@pytest.mark.parametrize("email_name", ["Nordisk Medtek AS", "NORDISK MEDTEK", "Nordisk Medtek A/S", "Nordisk-Medtek AS."])
def test_manufacturer_names_equal_after_normalising(email_name):
    doc = analyse_declaration(MDR_DOC)
    assert cross_check(doc, device_type="medical_device", manufacturer_name=email_name) == ()


def test_manufacturer_name_mismatch():
    doc = analyse_declaration(MDR_DOC)
    flags = cross_check(doc, device_type="medical_device", manufacturer_name="Sørlandet Medisin AS")
    assert flags == ("doc_mismatch:manufacturer_name",)


def test_company_normalising():
    assert normalise_company("Müller Diagnostik GmbH") == "muller diagnostik"
    assert same_company("Tann & Bro AS", "Tann og Bro")
    assert not same_company("Acme AS", "Acme Medical AS")


def test_old_directive_only():
    doc = analyse_declaration("EC Declaration of Conformity\nManufacturer: X AS\nDirective 93/42/EEC\nClass I\n")
    assert "doc_old_directive_only" in cross_check(doc, device_type="medical_device", manufacturer_name="X AS")


def test_missing_parts_flagged_for_manual_check():
    doc = analyse_declaration("EU declaration of conformity\nClass IIb\n")
    flags = cross_check(doc, device_type=None, manufacturer_name=None)
    assert "needs_manual_check:doc_no_legislation" in flags
    assert "needs_manual_check:doc_no_manufacturer" in flags
    assert "needs_manual_check:doc_no_notified_body" in flags


def test_not_a_declaration_gives_no_flags():
    assert cross_check(analyse_declaration("Invoice"), device_type="ivd", manufacturer_name="X") == ()


def test_pathological_text_is_fast():
    import time

    text = "Declaration of conformity\n" + ("Class " * 50_000) + ("NB " * 50_000) + "a" * 1_000_000
    started = time.monotonic()
    analyse_declaration(text)
    assert time.monotonic() - started < 2


COVERING_LETTER = """Labora Reagens AS
Registrering i Register for medisinsk utstyr
Labora Reagens AS er produsent av medisinsk utstyr til in vitro-diagnostikk (klasse A etter IVDR).
Navn på produsent: Labora Reagens AS
Kontaktperson: Hanne Moe Strand
EU-samsvarserklæring for produktene følger vedlagt.
Med vennlig hilsen
Hanne Moe Strand
Fagansvarlig
"""


def test_a_covering_letter_that_mentions_the_declaration_is_not_one():
    assert not analyse_declaration(COVERING_LETTER).is_declaration
    assert not is_declaration_title("EU-samsvarserklæring ligg ved.\nProdusent: X\n")


def test_a_form_answering_the_declaration_question_is_not_one():
    form = "Namn på produsent: Volda Tannteknikk AS\nSamsvarserklæring: Ikkje relevant – individuelt tilpassa utstyr\n"
    assert not analyse_declaration(form).is_declaration


def test_a_form_answer_that_cites_the_act_or_names_a_file_is_not_a_title():
    form = ("Namn på produsent: Sunnfjord Tannteknikk AS\n"
            "Samsvarserklæring: Ikkje aktuelt – spesialtilpassa utstyr (sjå erklæring etter MDR vedlegg XIII)\n")
    assert not analyse_declaration(form).is_declaration
    assert not is_declaration_title("Declaration of conformity (DoC): DoC_ClearPath_MDR.pdf (issued by ClearPath Inc.)\n")
    assert not is_declaration_title("Declaration of conformity (DoC): DoC_TMB_2018.pdf\n")
    # a Word form's table row flattened to text: label, tab, answer
    assert not is_declaration_title("Declaration of conformity (DoC)\tNot applicable – custom-made dental devices\n")
    assert is_declaration_title("EU DECLARATION OF CONFORMITY\tRegulation (EU) 2017/745\nManufacturer: X\n")


def test_a_declaration_titled_with_its_act_is_one():
    assert is_declaration_title("EU DECLARATION OF CONFORMITY according to Regulation (EU) 2017/745\nManufacturer: X\n")
    assert analyse_declaration(MDR_DOC.replace("EU DECLARATION OF CONFORMITY", "EU-samsvarserklæring:  MDR 2017/745")
                               ).is_declaration


def test_a_manufacturer_beside_its_label_without_a_colon_is_found():
    text = ("EU DECLARATION OF CONFORMITY\nManufacturer Shenzhen Kangda Medical Technology Co., Ltd.\n"
            "This declaration is issued under the sole responsibility of the manufacturer. Regulation (EU) 2017/745\n")
    assert analyse_declaration(text).manufacturer == "Shenzhen Kangda Medical Technology Co., Ltd."
    assert analyse_declaration(text.replace("Manufacturer Shenzhen", "Manufacturer declares Shenzhen")).manufacturer is None


def test_a_norwegian_branch_is_the_same_company_as_the_foreign_one():
    from intake.doc.check import same_company

    assert same_company("Nordisk Ortopedi AB, filial i Norge (NUF)", "Nordisk Ortopedi AB")
    assert same_company("Acme Medical GmbH Norwegian branch", "ACME Medical GmbH")
    assert not same_company("Nordisk Ortopedi Norge AS", "Nordisk Ortopedi AB")


def test_a_manufacturer_srn_line_is_not_the_manufacturers_name():
    doc = analyse_declaration("NINGBO KANGDA MEDICAL CO., LTD.\nEU DECLARATION OF CONFORMITY\n"
                              "Manufacturer SRN: CN-MF-000031450\n"
                              "We declare under our sole responsibility … Regulation (EU) 2017/745.\n")
    assert doc.is_declaration and doc.manufacturer is None and doc.srn == "CN-MF-000031450"


@pytest.mark.parametrize("title", [
    "Erklæring for prosedyrepakker\ni henhold til forordning (EU) 2017/745 (MDR) artikkel 22 nr. 2",
    "ERKLÆRING I HENHOLD TIL ARTIKKEL 22 I FORORDNING (EU) 2017/745",
    "STATEMENT PURSUANT TO ARTICLE 22(1) OF REGULATION (EU) 2017/745",
    "EU-FÖRSÄKRAN / STATEMENT ACCORDING TO ARTICLE 22 MDR\nRegulation (EU) 2017/745",
])
def test_a_procedure_pack_producers_article_22_statement_stands_as_its_declaration(title):
    doc = analyse_declaration(f"{title}\nVestkyst Sterilpakk AS erklærer at pakkene er satt sammen av CE-merket utstyr.\n")
    assert doc.is_declaration and doc.legislation == ("2017/745",)


def test_a_letter_about_procedure_packs_is_not_a_statement():
    letter = "Hei,\n\nvi lager prosedyrepakker og lurer på om erklæringen etter artikkel 22 må sendes dere?\n"
    assert not analyse_declaration(letter).is_declaration


def test_a_manufacturer_with_its_org_number_in_brackets_is_the_same_company():
    doc = analyse_declaration(MDR_DOC.replace("Manufacturer: Nordisk Medtek AS, Storgata 1",
                                              "Manufacturer: Nordisk Medtek AS (org. no. 912345688)\nStorgata 1"))
    assert doc.manufacturer == "Nordisk Medtek AS"


def test_an_article_22_statement_titled_in_capitals_after_a_running_header_is_a_declaration():
    from intake.doc.patterns import is_article_22_statement

    text = ("Halmstad Kirurgset AB - Dok.nr HK-QA-022 utg. 5 STATEMENT PURSUANT TO ARTICLE 22(1)\n"
            "Regulation (EU) 2017/745 - system and procedure packs\n")
    assert is_article_22_statement(text)
    assert not is_article_22_statement("Halmstad AB - see the statement in article 22 of the regulation\n")


def test_an_article_22_statement_whose_title_runs_onto_a_second_line_is_a_declaration():
    from intake.doc.patterns import is_article_22_statement

    assert is_article_22_statement("STATEMENT\npursuant to Article 22(1) and (2) of Regulation (EU) 2017/745\n")


def test_a_manufacturer_table_whose_name_row_lost_its_colon_gives_the_name_alone():
    text = ("EU DECLARATION OF CONFORMITY\nDocument no.: DOC-AKM-01\n1. Manufacturer\nName Akerselva Medisinteknikk AS\n"
            "Address Sandakerveien 24C, 0473 Oslo, Norway\nSRN NO-MF-000031287\n"
            "This declaration of conformity is issued under the sole responsibility of the manufacturer.\n"
            "The device is in conformity with Regulation (EU) 2017/745.\n")
    assert analyse_declaration(text).manufacturer == "Akerselva Medisinteknikk AS"


def test_a_role_in_brackets_after_the_declarations_maker_is_no_part_of_its_name():
    assert same_company("Kirurgisett Norge AS (system and procedure pack producer)", "Kirurgisett Norge AS")
    assert not same_company("Kirurgisett Norge AS (system and procedure pack producer)", "Oslo Sterilsett AS")
