"""Mail from authorised representatives and from firms abroad, read as a case officer reads it: whose
name a label gives, whose details a forwarded mail holds, a form's labels in two languages, an address
whose country the firm's own numbers tell, and a direct line given as an extension (issue 11)."""

from __future__ import annotations

from intake.understand import understand
from tests.intake.mails import mail

FENRIS = "Hanne Lyngstad <hanne.lyngstad@fenris-compliance.example.no>"
HOFFMEISTER = "Sabine Reutter <s.reutter@hoffmeister-instrumente.example.de>"


def test_the_makers_contact_line_does_not_name_the_applicant():
    body = ("Hi,\n\nPolarlys Compliance AS would like to register as authorised rep for Bayside Diagnostics LLC.\n\n"
            "Polarlys Compliance AS\nOrg nr 922446105\nStorgata 73, 9008 Tromsø\nPhone +47 915 58 203\n"
            "Contact: Eirik Johansen\n\n"
            "Manufacturer contact: Rachel Nguyen, Bayside Diagnostics, (949) 555-0133 ext. 4\n\nThanks\nEirik\n")
    assert understand(mail(body)).fields["manufacturer_name"].value == "Polarlys Compliance AS"


def test_the_name_under_a_representative_heading_is_the_applicants():
    body = ("Dear DMP,\n\nWe apply for registration as authorised representative.\n\n"
            "Authorised representative (applicant):\nName: Nidaros Regulatory Partner AS\n"
            "Organisation number: 992 815 477\nVisiting address: Fjordgata 17, 7010 Trondheim\n\n"
            "Manufacturer:\nHangzhou Lianchuang Biotech Co., Ltd.\nNo. 88, Xiangyuan Road, Hangzhou 310011, China\n\n"
            "Best regards\nKari Aune\n")
    assert understand(mail(body)).fields["manufacturer_name"].value == "Nidaros Regulatory Partner AS"


def test_the_maker_a_representative_represents_is_not_the_applicant():
    body = ("Hei,\n\nVi ønskjer å registrere oss.\n\nNamn: Hordaland Regulatory AS\nOrg.nr.: 837 326 656\n"
            "Rolle: Autorisert representant\nProdusent vi representerer: Alpenlab Diagnostics AG, Basel (CH)\n\n"
            "Venleg helsing\nAstrid Nesse\n")
    assert understand(mail(body)).fields["manufacturer_name"].value == "Hordaland Regulatory AS"


FORWARDED_MAKER = ("Hei!\n\nFenris Medical Compliance AS er EU-representant for Hanbit Meditech Co., Ltd., og vi vil "
                   "med dette registrere oss som autorisert representant.\n\nVåre opplysninger:\n"
                   "Fenris Medical Compliance AS, org.nr. 929 733 185\nNydalsveien 33, 0484 Oslo\n"
                   "Sentralbord 22 02 19 50 (vi har ikke faks)\nKontaktperson: undertegnede, mobil 412 38 906\n\n"
                   "Med vennlig hilsen\n\nHanne Lyngstad\nFenris Medical Compliance AS\n\n"
                   "Fra: Kim Joon-ho <jhkim@hanbitmeditech.example.kr>\nSendt: mandag 12. mai 2025 03:14\n"
                   "Til: Hanne Lyngstad <hanne.lyngstad@fenris-compliance.example.no>\n"
                   "Emne: RE: Norway registration\n\nDear Ms. Lyngstad,\n\nOur company information is as below.\n\n"
                   "Company : Hanbit Meditech Co., Ltd.\n"
                   "Address : 3F, 27, Gasan digital 1-ro, Geumcheon-gu, Seoul 08594, Republic of Korea\n"
                   "Tel : +82-2-2108-5570 / Fax : +82-2-2108-5571\nE-mail : jhkim@hanbitmeditech.example.kr\n\n"
                   "Best regards,\nKim Joon-ho\n")


def test_a_writer_registering_their_own_firm_outranks_the_forwarded_makers_details():
    fields = understand(mail(FORWARDED_MAKER, subject="VS: RE: Norway registration", sender=FENRIS)).fields
    assert fields["manufacturer_name"].value == "Fenris Medical Compliance AS"
    assert fields["visiting_address"].value == "Nydalsveien 33, 0484 Oslo"
    assert fields["phone"].value == "+4722021950"


def test_no_fax_said_in_passing_leaves_the_fax_missing():
    fields = understand(mail(FORWARDED_MAKER, subject="VS: RE: Norway registration", sender=FENRIS)).fields
    assert fields["fax"].state == "missing"


GERMAN_FORM = ("Registration form / Registrierungsformular\n"
               "Company name / Firma: Breisgau Labordiagnostik GmbH\n"
               "Street address / Hausanschrift: Engesserstraße 4b\n"
               "Postcode, city / PLZ, Ort: 79108 Freiburg im Breisgau\n"
               "Postal address / Postanschrift: Postfach 11 06 23, 79026 Freiburg\n"
               "Phone / Telefon (Zentrale): +49 761 / 45 36 - 0\n"
               "Contact person / Ansprechpartner: Dr. Matthias Kühne\n"
               "E-mail for register access: qm@breisgau-labdx.example.de\n")


def test_a_label_in_two_languages_names_its_field():
    fields = understand(mail("Please find our form attached.\n\nKind regards\nMatthias Kühne\n",
                             attachments=(("form.txt", GERMAN_FORM),))).fields
    assert fields["contact_person"].value == "Matthias Kühne"
    assert fields["phone"].value == "+4976145360"


def test_the_postcode_and_city_under_a_bilingual_label_complete_the_street():
    fields = understand(mail("Please find our form attached.\n\nKind regards\nMatthias Kühne\n",
                             attachments=(("form.txt", GERMAN_FORM),))).fields
    assert fields["visiting_address"].value.startswith("Engesserstraße 4b, 79108 Freiburg im Breisgau")


def test_an_address_abroad_without_its_country_is_in_the_country_of_the_firms_switchboard():
    fields = understand(mail("Please find our form attached.\n\nKind regards\nMatthias Kühne\n",
                             attachments=(("form.txt", GERMAN_FORM),))).fields
    assert fields["postal_address"].state == "ok"
    assert fields["postal_address"].value == "Postfach 11 06 23, 79026 Freiburg, Germany"


GERMAN_LIST = ("Sehr geehrte Damen und Herren,\n\nwir möchten uns als Hersteller anmelden.\n\n"
               "Firma: Hoffmeister Chirurgie-Instrumente GmbH\n"
               "Hausanschrift: Möhringer Straße 41, D-78532 Tuttlingen\nTelefon: +49 (0) 7461 96 58-0\n"
               "Ansprechpartnerin: Frau Dipl.-Ing. Sabine Reutter, Leiterin Regulatory Affairs\n"
               "Telefon direkt: Durchwahl -214\nE-Mail: s.reutter@hoffmeister-instrumente.example.de\n\n"
               "Mit freundlichen Grüßen\n\ni. A. Sabine Reutter\n")


def test_a_direct_line_given_as_an_extension_is_dialled_on_the_switchboards_number():
    fields = understand(mail(GERMAN_LIST, subject="Anmeldung Hersteller", sender=HOFFMEISTER)).fields
    assert fields["contact_phone"].state == "ok"
    assert fields["contact_phone"].value == "+4974619658214"


def test_a_german_salutation_and_degree_are_not_part_of_the_contacts_name():
    fields = understand(mail(GERMAN_LIST, subject="Anmeldung Hersteller", sender=HOFFMEISTER)).fields
    assert fields["contact_person"].value == "Sabine Reutter"


# A PDF form whose columns lost their gaps in the text layer, sent with a note correcting it.
PDF_FORM = ("Registreringsskjema – Register for medisinsk utstyr\nFelt Utfylt\n"
            "1. Virksomhetens navn Ishavsmed AS\n2. Organisasjonsnummer 923 171 193\n"
            "3. Besøksadresse Stakkevollvegen 65, 9010 Tromsø\n4. Postadresse Som besøksadresse\n"
            "5. Telefon 77 60 55 00\n6. Telefaks –\n7. Kontaktperson Kari Nordvik\n"
            "8. Telefon kontaktperson 913 08 552\n9. E-post kari.nordvik@ishavsmed.example\n"
            "10. Type utstyr [X] Medisinsk utstyr [ ] IVD\n"
            "11. EU-samsvarserklæring [X] Vedlagt [ ] Ikke relevant (spesialtilpasset)\n"
            "12. Type virksomhet [X] Produsent [ ] Autorisert representant [ ] System-/prosedyrepakker\n"
            "13. Nettside www.ishavsmed.example.no\n")
NOTE = ("Hei!\n\nSender med registreringsskjema for appen vår.\n\n"
        "Oppdaget akkurat at jeg har glemt .no på slutten av e-postadressen i skjemaet – riktig adresse er "
        "kari.nordvik@ishavsmed.example.no. Beklager!\n\nHilsen Kari\n")


def _form_fields(note: str = NOTE):
    return understand(mail(note, sender="Kari Nordvik <kari.nordvik@ishavsmed.example.no>",
                           attachments=(("Registreringsskjema.txt", PDF_FORM),))).fields


def test_a_numbered_forms_label_typed_before_its_answer_is_not_part_of_it():
    fields = _form_fields()
    assert fields["org_number"].value == "923171193"
    assert fields["visiting_address"].value == "Stakkevollvegen 65, 9010 Tromsø"


def test_a_tick_box_after_a_numbered_label_is_the_answer():
    fields = _form_fields()
    assert fields["device_type"].value == "medical_device"
    assert fields["business_type"].value == "manufacturer"


def test_a_forms_ticked_question_about_the_declaration_does_not_make_it_one():
    form = understand(mail(NOTE, attachments=(("Registreringsskjema.txt", PDF_FORM),))).message.attachments[0]
    assert not form.doc.is_declaration


def test_the_right_address_given_in_the_body_corrects_the_forms():
    assert _form_fields()["email"].value == "kari.nordvik@ishavsmed.example.no"


def test_the_right_number_given_in_the_body_corrects_the_forms():
    note = "Hei!\n\nSkjemaet er vedlagt. Riktig nummer er 77 60 55 10, ikke det som står der.\n\nHilsen Kari\n"
    assert _form_fields(note)["phone"].value == "+4777605510"


def test_a_paragraph_headed_as_a_correction_outranks_the_list_above_it():
    body = ("Hei!\n\nVi ønsker å registrere Salten Medtek AS.\n\nFirma: Salten Medtek AS\nOrg.nr.: 910 588 923\n"
            "Besøksadresse: Sjøgata 21, 8006 Bodø\nPostadresse: Postboks 250, 8001 Bodø\nTelefon: 75 50 81 00\n\n"
            "Rettelse: Postadressen over er den gamle. Vi har fått ny postboks fra 1. mars: Postboks 1420, 8002 Bodø. "
            "Bruk den.\n\nVennlig hilsen\nMarte Kristiansen\n")
    assert understand(mail(body)).fields["postal_address"].value == "Postboks 1420, 8002 Bodø"


def test_the_right_org_number_given_in_the_body_corrects_the_sheets():
    sheet = "Firmanavn: Kongsberg Medisinsk Presisjon AS\nOrganisasjonsnummer: 983 061 245\nTelefon: 32 29 10 00\n"
    body = ("Hei,\n\nOpplysningene står i vedlagt skjema.\n\nObs: organisasjonsnummeret har fått feil siste "
            "siffer der. "
            "Riktig org.nr. er 983 061 249.\n\nMed vennlig hilsen\nSindre Haugland\n")
    fields = understand(mail(body, attachments=(("skjema.txt", sheet),))).fields
    assert fields["org_number"].state == "ok" and fields["org_number"].value == "983061249"


def test_an_address_for_the_login_typed_with_a_slip_is_read_and_found_wrong():
    body = ("Hej,\n\nVi vill registrera Kvarken Medical Oy.\n\nFöretag: Kvarken Medical Oy\n"
            "Inloggningsuppgifterna kan skickas till registrering@@kvarken-medical.example.fi så att hela "
            "teamet når dem."
            "\n\nMed vänliga hälsningar\nAnna Nyman\n")
    email = understand(mail(body, sender="Anna Nyman <anna.nyman@kvarken-medical.example.fi>")).fields["email"]
    assert email.state == "invalid" and email.value == "registrering@@kvarken-medical.example.fi"


def test_the_org_number_of_the_makers_distributor_is_not_the_makers():
    body = ("Hej,\n\nVi vil gerne registreres som fabrikant.\n\nFirmanavn: Skovgaard Diagnostics ApS\n"
            "CVR-nr.: 37 12 45 89 (vi har ikke et norsk organisationsnummer)\n"
            "Besøgsadresse: Finlandsgade 27, DK-8200 Aarhus N\n\n"
            "Vores distributør i Norge er Medilab Distribusjon AS (org.nr. 911 882 736) – de skal vel ikke registreres?"
            "\n\nVenlig hilsen\nLise Skovgaard\n")
    assert understand(mail(body)).fields["org_number"].state == "missing"


GERMAN_UPDATE = ("Sehr geehrte Damen und Herren,\n\nwir sind zum 1. Juli 2025 umgezogen und bitten Sie, unsere Angaben "
                 "in Ihrem Register wie folgt zu ändern:\n\n"
                 "Neue Hausanschrift:   Im Ermlisgrund 20, 76337 Waldbronn\n"
                 "Telefon (Zentrale):   +49 (0) 7243 56 18-0\n\n"
                 "Ihre neue Ansprechpartnerin für das Register bin ich:\n"
                 "Julia Brenner, Regulatory Affairs, Tel. direkt +49 (0) 7243 56 18-23\n\n"
                 "Vielen Dank und freundliche Grüße\n\nJulia Brenner\nAlbtal Medizintechnik GmbH\n\n"
                 "-----Ursprüngliche Nachricht-----\nVon: Registrering DMP <registrering@dmp.example.no>\n"
                 "Gesendet: Freitag, 14. April 2023 10:02\nAn: Gräber, Thomas <t.graeber@albtal-mt.example.de>\n"
                 "Betreff: Confirmation of registration - Albtal Medizintechnik GmbH\n\n"
                 "Your registration has been recorded with the following details:\n\n"
                 "Name: Albtal Medizintechnik GmbH\nAddress: Hauptstraße 12, 76337 Waldbronn, Germany\n"
                 "Phone: +49 7243 60 21-0\nContact person: Thomas Gräber\n")


def _german_update():
    return understand(mail(GERMAN_UPDATE, subject="AW: Confirmation of registration - Adressänderung",
                           sender="Julia Brenner <j.brenner@albtal-mt.example.de>"))


def test_a_change_asked_for_in_german_is_an_update():
    assert _german_update().kind == "update"


def test_the_new_address_of_a_german_update_outranks_the_quoted_confirmation():
    fields = _german_update().fields
    assert fields["visiting_address"].value == "Im Ermlisgrund 20, 76337 Waldbronn, Germany"
    assert fields["phone"].value == "+49724356180"


def test_the_new_contact_introduced_in_german_is_the_contact():
    fields = _german_update().fields
    assert fields["contact_person"].value == "Julia Brenner"
    assert fields["contact_phone"].value == "+497243561823"


def test_a_role_before_the_firms_name_in_a_sentence_is_not_part_of_it():
    body = ("Dear colleagues,\n\nMy name is Aisha Rahimi and I am co-founder and CEO of VitalTrend AS, a "
            "small software "
            "company in Trondheim (organisation number 925 003 824). We would like to register as a manufacturer.\n\n"
            "Best regards,\nAisha Rahimi\n")
    assert understand(mail(body)).fields["manufacturer_name"].value == "VitalTrend AS"


NEW_CONTACT = ("Hei\n\nEg skriv for å melde endring av kontaktperson for Ørsta Medisinske Tekstil AS (org.nr "
               "993062294).\n\n"
               "Gunnar Hovden gjekk av med pensjon 28. februar. Ny kontaktperson frå 1. mars er:\n\n"
               "Ragnhild Bjørdal\nkvalitetsansvarleg\ntlf. 913 04 562\nragnhild.bjordal@orstatekstil.example.no\n\n"
               "E-postadressa til Gunnar (gunnar.hovden@orstatekstil.example.no) vert stengd i løpet av mars.\n\n"
               "Helsing\nMagne Rise\n")


def test_a_phone_under_a_new_contact_introduced_above_a_blank_line_is_the_contacts():
    fields = understand(mail(NEW_CONTACT, subject="Ny kontaktperson")).fields
    assert fields["contact_phone"].value == "+4791304562"
    assert fields["phone"].state == "missing"


def test_an_address_about_to_be_closed_is_not_the_one_to_use():
    fields = understand(mail(NEW_CONTACT, subject="Ny kontaktperson")).fields
    assert fields["email"].value == "ragnhild.bjordal@orstatekstil.example.no"


def test_details_said_to_be_unchanged_give_no_value():
    body = ("Hei,\n\nVi har flyttet verkstedet. Vennligst oppdater opplysningene våre slik:\n\n"
            "Ny besøksadresse (fra 1. oktober): Vangsvegen 73, 2317 Hamar\n\n"
            "Postadresse, e-post og kontaktperson er uendret.\n\nMed vennlig hilsen\nTrond Haugli\n")
    assert understand(mail(body, subject="Endring av adresse")).fields["postal_address"].state == "missing"


def test_a_country_code_with_the_trunk_zero_in_brackets_is_dialled_without_it():
    body = ("Dear DMP,\n\nWe would like to register Thames Orthotics Ltd as a manufacturer. Our switchboard is "
            "+44 (0)20 7946 0000 and my mobile is +44 (0)7911 123456.\n\nKind regards\nJames Hill\n")
    fields = understand(mail(body)).fields
    assert fields["phone"].value == "+442079460000"
    assert fields["contact_phone"].value == "+447911123456"


def test_a_phone_said_to_be_also_the_writers_mobile_is_the_contacts_too():
    body = ("Hi,\n\nPolarlys Compliance AS would like to register as authorised rep.\n\nPolarlys Compliance AS\n"
            "Org nr 922446105\nStorgata 73, 9008 Tromsø\n"
            "Phone +47 915 58 203 (we dont have a switchboard, this is also my mobile)\nContact: Eirik Johansen\n\n"
            "Thanks\nEirik\n")
    fields = understand(mail(body)).fields
    assert fields["phone"].value == fields["contact_phone"].value == "+4791558203"


def test_a_swedish_system_maker_of_procedure_packs_is_a_procedure_pack_producer():
    body = ("Hej!\n\nVi är registrerade hos er sedan 2022 som systemtillverkare (vi sätter ihop sterila "
            "procedurförpackningar). Tar DMP ut någon avgift?\n\nVänliga hälsningar\n\nAnnika Lindqvist\n"
            "Halden Sterilteknik AS\nOrg.nr NO 990 458 219 MVA\n")
    fields = understand(mail(body, subject="Fråga om avgift")).fields
    assert fields["business_type"].value == "system_procedure_pack_producer"


SIDE_BY_SIDE = ("Dear Sir/Madam,\n\nWe have appointed Polaris EC-Rep AS as our authorised representative. Please find "
                "the details of both companies below.\n\n1. Manufacturer\nName: Shenzhen Huaxin Medical "
                "Technology Co., "
                "Ltd.\nAddress: Floor 6, No. 18 Keji South 12th Road, Shenzhen, Guangdong 518057, P.R. China\n"
                "Tel: +86-755-2660 8123\nContact: Lily Zhang (RA Specialist), Mobile: +86 138 2745 6610\n"
                "Email: lily.zhang@huaxin-med.example.cn\n\n"
                "2. Authorized Representative (applicant for this registration)\nName: Polaris EC-Rep AS\n"
                "Organization No.: 954204715\nAddress: Drammensveien 288, 0283 Oslo, Norway\nTel: +47 23 96 10 50\n"
                "Contact person: Ms. Marte Bjørnstad\nTel: +47 977 41 260\nEmail: ecrep@polaris-ecrep.example.no\n"
                "Type of business: Authorized Representative\n\nBest regards,\nLily Zhang\n")


def _side_by_side():
    return understand(mail(SIDE_BY_SIDE, subject="Registration of Authorized Representative",
                           sender="Lily Zhang <lily.zhang@huaxin-med.example.cn>"))


def test_the_represented_makers_block_gives_none_of_the_representatives_details():
    fields = _side_by_side().fields
    assert fields["manufacturer_name"].value == "Polaris EC-Rep AS"
    assert fields["visiting_address"].value == "Drammensveien 288, 0283 Oslo"
    assert fields["email"].value == "ecrep@polaris-ecrep.example.no"


def test_a_phone_under_the_representatives_contact_is_the_contacts_though_the_maker_gave_a_mobile_above():
    assert _side_by_side().fields["contact_phone"].value == "+4797741260"


def test_the_details_of_both_companies_from_a_representative_are_one_registration():
    assert _side_by_side().kind == "registration"


def test_the_applicant_labelled_søker_outranks_the_maker_labelled_produsent():
    body = ("Hei,\n\nBryggen MedRep AS er utnevnt som autorisert representant for Maple Ridge Diagnostics.\n\n"
            "Søker: Bryggen MedRep AS\nOrg.nr.: 925 667 811\n\nProdusent: Maple Ridge Diagnostics "
            "Inc.\n\nHilsen Håkon\n")
    assert understand(mail(body)).fields["manufacturer_name"].value == "Bryggen MedRep AS"


def test_a_swedish_makers_block_marked_for_information_is_not_the_applicants():
    body = ("Hej!\n\nNordic MedRep AS har utsetts till auktoriserad representant för Daehan Medi-Tech Co., Ltd.\n\n"
            "TILLVERKARE (registreras INTE av oss, endast för information)\nDaehan Medi-Tech Co., Ltd.\n"
            "88, Gasan digital 1-ro, Geumcheon-gu, Seoul 08590, Sydkorea\nKontakt: Park Ji-hoon\n\n"
            "AUKTORISERAD REPRESENTANT (den som ska registreras)\nNordic MedRep AS\nOrg.nr 930 043 494\n"
            "Drammensveien 130, 0277 Oslo\nKontaktperson: Emma Sjöberg, mobil +47 474 05 881\n\n"
            "Med vänliga hälsningar\nEmma Sjöberg\n")
    fields = understand(mail(body, sender="Emma Sjöberg <emma@nordicmedrep.example.no>")).fields
    assert (fields["manufacturer_name"].value, fields["contact_person"].value) == ("Nordic MedRep AS", "Emma Sjöberg")


def test_a_swedish_writer_naming_themself_as_contact_is_the_contact():
    body = ("Hej!\n\nVi vill registrera oss som tillverkare.\n\nGotamed Rehab AB\n"
            "Besöksadress: Mölndalsvägen 81, 412 63 Göteborg, Sverige\nKontaktperson: jag själv, mobil 0708-51 36 94\n\n"
            "Anders Wikström\nVD, Gotamed Rehab AB\n")
    fields = understand(mail(body, sender="Anders Wikström <anders.wikstrom@gotamed.example.com>")).fields
    assert fields["contact_person"].value == "Anders Wikström"
