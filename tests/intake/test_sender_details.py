"""Who writes a mail that is not a registration: what staff see of the sender (intake/fields/sender)."""

from __future__ import annotations

from intake.understand import understand
from tests.intake.mails import mail

QUESTION = ("Hei,\n\nMå vi registrere oss hvis vi bare selger skreddersydde innleggssåler fra egen verkstad?\n\n"
            "Mvh\nHåkon Berg\nFotForm Drammen\n917 45 302\n")


def test_a_question_signed_with_a_mobile_gives_the_signer_their_own_number():
    fields = understand(mail(QUESTION, subject="Spørsmål om registrering",
                             sender="Håkon Berg <hakon@fotform.example.no>")).fields
    assert fields["contact_person"].value == "Håkon Berg"
    assert fields["contact_phone"].value == "+4791745302" and fields["phone"].state == "missing"


def test_a_norwegian_fixed_line_under_the_signature_stays_the_firms():
    body = QUESTION.replace("917 45 302", "Tlf. 32 20 45 17")
    fields = understand(mail(body, subject="Spørsmål om registrering",
                             sender="Håkon Berg <hakon@fotform.example.no>")).fields
    assert fields["phone"].value == "+4732204517" and fields["contact_phone"].state == "missing"


def test_the_shops_number_under_the_signature_is_the_firms_and_the_mobile_the_signers():
    body = QUESTION.replace("917 45 302", "Butikken: 32 20 45 17\nMob: 917 45 302")
    fields = understand(mail(body, subject="Spørsmål om registrering",
                             sender="Håkon Berg <hakon@fotform.example.no>")).fields
    assert fields["phone"].value == "+4732204517" and fields["contact_phone"].value == "+4791745302"


def test_a_number_abroad_under_the_signature_is_the_signers():
    body = QUESTION.replace("917 45 302", "+44 161 496 0734")
    fields = understand(mail(body, subject="Spørsmål om registrering",
                             sender="Håkon Berg <hakon@fotform.example.no>")).fields
    assert fields["contact_phone"].value == "+441614960734" and fields["phone"].state == "missing"


def test_a_questions_from_address_is_not_taken_for_the_firms_e_mail():
    fields = understand(mail(QUESTION, subject="Spørsmål om registrering",
                             sender="Håkon Berg <hakon@fotform.example.no>")).fields
    assert fields["email"].state == "missing"  # a header is not identity; the reply goes there anyway


def test_the_signer_is_the_contact_read_from_the_sign_off_line():
    fields = understand(mail(QUESTION, subject="Spørsmål om registrering",
                             sender="Håkon Berg <hakon@fotform.example.no>")).fields
    assert fields["contact_person"].source.part == "body" and fields["contact_person"].source.line


def test_noise_gives_no_contact_from_its_from_header():
    found = understand(mail("Hei,\n\nVedlagt følger faktura 2024-10377.\nForfallsdato: 15.03.2024\n",
                            subject="Faktura 2024-10377 fra Kontorhuset AS",
                            sender="Kari Hansen <faktura@kontorhuset.example.no>"))
    assert found.kind == "noise"
    assert found.fields["email"].state == found.fields["contact_person"].state == "missing"


def test_a_question_takes_no_role_from_its_signature():
    body = ("Hei,\n\nHvor lang tid tar behandlingen av en registrering hos dere?\n\nMvh\nHåkon Berg\n"
            "FotForm Drammen\nProdusent av ortoser og medisinsk utstyr\n")
    fields = understand(mail(body, subject="Spørsmål om saksbehandlingstid",
                             sender="Håkon Berg <hakon@fotform.example.no>")).fields
    assert fields["business_type"].state == fields["device_type"].state == "missing"


def test_a_question_stating_what_the_firm_makes_notes_it():
    fields = understand(mail(QUESTION, subject="Spørsmål om registrering",
                             sender="Håkon Berg <hakon@fotform.example.no>")).fields
    assert fields["business_type"].value == "manufacturer"  # custom insoles from its own workshop
    assert fields["declaration_of_conformity"].state == "missing"


def test_a_firm_leaving_the_register_keeps_what_its_letter_says_it_made():
    body = ("Hei,\n\nVi har lagt ned produksjonen av ortoser (medisinsk utstyr) og ber om å bli slettet fra "
            "registeret.\n\nOrg.nr. 912 345 688\n\nMvh\nOlav Lid\nVoss Ortopedi AS\n")
    found = understand(mail(body, subject="Sletting fra registeret", sender="Olav Lid <olav@vossortopedi.example.no>"))
    assert found.kind == "deregistration"
    assert found.fields["device_type"].value == "medical_device"


INCIDENT = ("Hei,\n\nVi melder en uønsket hendelse: i går revnet en stropp på et løfteseil mens to pleiere flyttet "
            "en beboer, som fikk et blåmerke.\n"
            "Produsent: ErgoLift GmbH, Tyskland\nUtstyr: Løfteseil ComfortSling str. L, lot CS-L-2211-047\n\n"
            "Hvem skal vi melde dette til?\n\nMed hilsen\nGunn Eriksen\nSykepleier, Solbakken sykehjem\nTlf. 33 02 91 40\n")


def test_an_incident_is_reported_by_the_place_under_the_signature_not_the_devices_maker():
    found = understand(mail(INCIDENT, subject="Melding om hendelse med løfteseil", sender="Gunn Eriksen <gunn@kommune.example.no>"))
    assert found.kind == "incident"
    assert found.fields["manufacturer_name"].value == "Solbakken sykehjem"
    assert found.fields["phone"].value == "+4733029140"


def test_an_incidents_device_is_not_a_kind_the_reporter_registers():
    found = understand(mail(INCIDENT, subject="Melding om hendelse med løfteseil", sender="Gunn Eriksen <gunn@kommune.example.no>"))
    assert found.fields["device_type"].state == found.fields["business_type"].state == "missing"


def test_a_swedish_question_signed_with_the_offices_address_and_line_gives_them_as_the_firms():
    body = ("Hej,\n\nBehöver vi som utländsk tillverkare registrera oss i det norska registret?\n\n"
            "Vänliga hälsningar\nElin Bergqvist\nRegulatory Affairs\nUppsala Reagens AB\n"
            "Kungsgatan 62, 753 18 Uppsala, Sverige\nTel. +46 18 470 22 00\n")
    fields = understand(mail(body, subject="Fråga om registrering",
                             sender="Elin Bergqvist <elin@uppsalareagens.example.se>")).fields
    assert fields["visiting_address"].value == "Kungsgatan 62, 753 18 Uppsala, Sweden"
    assert fields["phone"].value == "+46184702200" and fields["contact_phone"].state == "missing"


def test_the_signer_stands_under_a_later_sign_off_than_a_thank_you():
    body = ("Dear colleagues,\n\nDo we as a Finnish manufacturer need a separate registration in Norway?\n\n"
            "Thank you in advance for your help.\n\nBest regards,\nTapio Heikkinen\n\nQuality Manager\nSaimaa Medical Oy\n")
    fields = understand(mail(body, subject="Question: registration", sender="Heikkinen Tapio <tapio@saimaa.example.com>")).fields
    assert fields["contact_person"].value == "Tapio Heikkinen"


def test_an_auto_reply_opening_with_thanks_still_states_its_switchboard():
    body = ("Takk for e-posten din.\n\nJeg er på reise og har begrenset tilgang til e-post frem til mandag 17. mars.\n\n"
            "Saker som haster kan rettes til sentralbordet vårt på tlf. 55 20 31 40.\n\n"
            "Med vennlig hilsen\nHenrik Aas\nDaglig leder\nAas Ortopedi AS\n")
    understood = understand(mail(body, subject="Automatisk svar: Registrering", sender="Henrik Aas <henrik@aas.example.no>"))
    assert understood.kind == "noise"
    assert understood.fields["phone"].value == "+4755203140"


def test_a_sole_traders_firm_named_over_its_org_number_in_the_signature_is_the_firm():
    body = ("Hei.\n\nMå eg registrere meg når eg lagar innleggssåler til kundane mine?\n\nTakk for svar!\n\n"
            "Helsing\nKari Bakken\nFron Fotterapi Kari Bakken\nOrg.nr. 826 900 628\nTlf. 61 29 04 12\n")
    fields = understand(mail(body, subject="Må eg registrere meg?", sender="Kari Bakken <kari@yahoo.example.com>")).fields
    assert fields["manufacturer_name"].value == "Fron Fotterapi Kari Bakken"


HOSPITAL_QUESTION = ("Hei,\n\nGjelder registreringsplikten også for rene distributører, eller bare for produsenter og "
                     "autoriserte representanter? Vi vil gjerne formulere kravet riktig.\n\nMed vennlig hilsen\n\n"
                     "Marianne Solberg-Eide\nRådgiver, Innkjøp\nHelse Nordvest HF\n"
                     "Mobil: 913 44 208 | Sentralbord: 71 12 00 00\n")


def test_roles_named_only_in_a_question_are_not_the_senders():
    fields = understand(mail(HOSPITAL_QUESTION, subject="Spørsmål om registrering av leverandører")).fields
    assert fields["business_type"].state == "missing"


def test_a_signature_line_of_labelled_cells_gives_the_mobile_and_the_switchboard():
    fields = understand(mail(HOSPITAL_QUESTION, subject="Spørsmål om registrering av leverandører")).fields
    assert fields["contact_phone"].value == "+4791344208" and fields["phone"].value == "+4771120000"


def test_a_health_trust_under_the_signature_is_the_senders_organisation():
    fields = understand(mail(HOSPITAL_QUESTION, subject="Spørsmål om registrering av leverandører")).fields
    assert fields["manufacturer_name"].value == "Helse Nordvest HF"


def test_a_firm_shaped_like_a_name_over_its_org_number_is_known_by_its_trade_word():
    body = ("Hei,\n\nMå jeg registrere meg når jeg 3D-printer bittskinner på bestilling fra tannleger?\n\nTakk for hjelpen!\n\n"
            "--\nJonas Kvamme\nKvamme Digital Dental\nOrg.nr 936 438 717\nMob. 404 88 231\n")
    fields = understand(mail(body, subject="Må jeg registrere meg?", sender="Jonas Kvamme <jonas@kvamme.example.no>")).fields
    assert fields["manufacturer_name"].value == "Kvamme Digital Dental"


def test_a_signature_line_split_by_middle_dots_gives_the_phone_the_mobile_and_the_site():
    body = ("Hei\n\nMå vi registrere oss når alt vi lagar er spesialtilpassa?\n\nVenleg helsing\nIngrid Myklebust\n\n"
            "Tannhuset Tannteknikk AS\nTelefon 70 12 45 80 · Mobil 998 43 127\npost@tannhuset.example.no · tannhuset.example.no\n")
    fields = understand(mail(body, subject="Spørsmål: må tannteknikar registrere seg?",
                             sender="Ingrid Myklebust <ingrid@tannhuset.example.no>")).fields
    assert (fields["phone"].value, fields["contact_phone"].value) == ("+4770124580", "+4799843127")
    assert fields["website"].value == "https://tannhuset.example.no"


def test_a_maker_reporting_its_own_incident_is_named_though_its_attached_report_names_it_first():
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["From"] = "Vegard Halvorsen <vegard.halvorsen@grenlandhorsel.example.no>"
    msg["To"] = "medisinsk.utstyr@dmp.no"
    msg["Subject"] = "Melding om hendelse - GH-Mini R"
    msg.set_content("Hei,\n\nVi melder med dette om en hendelse med et av våre produkter. En bruker fikk en brannskade "
                    "da batteriet ble varmt under lading.\n\nVår interne avviksrapport ligger ved.\n\n"
                    "Med vennlig hilsen\nVegard Halvorsen\nKvalitetssjef\n\nGrenland Hørsel AS\n"
                    "Storgata 150, 3915 Porsgrunn\nOrg.nr. 915 021 530\n")
    msg.add_attachment("Avviksrapport AV-2024-017\nProdusent: Grenland Hørsel AS\nProdukt: GH-Mini R\n".encode(),
                       maintype="text", subtype="plain", filename="Avviksrapport.txt")
    found = understand(msg.as_bytes())
    assert found.kind == "incident"
    assert found.fields["manufacturer_name"].value == "Grenland Hørsel AS"


def _maker_report(*, attach_form: bool) -> bytes:
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["From"] = "Silje Haugland <silje.haugland@nordicinfusion.example.no>"
    msg["To"] = "medisinsk.utstyr@dmp.no"
    msg["Subject"] = "Alvorlig hendelse - NIS Vega 300"
    msg.set_content("Hei,\n\nSom produsent av infusjonspumpen NIS Vega 300 melder vi herved om en alvorlig hendelse ved "
                    "et norsk sykehus. Pumpen ga ikke alarm ved okklusjon.\n\nUtfylt MIR-skjema ligger vedlagt.\n\n"
                    "Med vennlig hilsen\n\nSilje Haugland\nVigilance- og kvalitetsansvarlig\nNordic Infusion Systems AS\n"
                    "Org.nr. 933 168 476\nLysaker Torg 35, 1366 Lysaker\n")
    if attach_form:
        form = ("MIR - Manufacturer Incident Report\nManufacturer: Nordic Infusion Systems AS, Lysaker Torg 35, 1366 "
                "Lysaker, Norway\nOrg.nr: 933 168 476\nTelephone: 67 10 88 00\nContact person: Silje Haugland\n"
                "E-mail: silje.haugland@nordicinfusion.example.no\nDevice type: medical device\n"
                "Role: manufacturer\nWebsite: www.nordicinfusion.example.no\n")
        msg.add_attachment(form.encode(), maintype="text", subtype="plain", filename="MIR.txt")
    return msg.as_bytes()


def test_an_incident_report_with_the_makers_filled_in_report_attached_stays_an_incident():
    assert understand(_maker_report(attach_form=True)).kind == "incident"


def test_a_maker_reporting_an_incident_with_its_own_device_is_noted_as_its_maker():
    fields = understand(_maker_report(attach_form=False)).fields
    assert fields["manufacturer_name"].value == "Nordic Infusion Systems AS"
    assert fields["business_type"].value == "manufacturer"
