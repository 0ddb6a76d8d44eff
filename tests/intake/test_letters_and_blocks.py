"""Letters and blocks of details as firms write them, read as a case officer reads them: which firm a block
or a signature belongs to, numbers and addresses said in a letter's sentences, a correction added after the
signature, and a form's fields in parts (issue 11). Replies, filled-in forms and sheets:
test_replies_forms_sheets.py."""

from __future__ import annotations

from intake.understand import understand
from tests.intake.mails import mail

SISTER = ("Hei. Søsterselskapet vårt Kystlab Medical AS (org 911884275) er registrert hos dere fra før, med Rune "
          "Hansen som kontakt. Nå skal også Kystlab Diagnostikk AS registreres.\n\n"
          "Kystlab Diagnostikk AS\nOrg nr 925 771 406\nSjøgata 21, 8006 Bodø\nTlf 75 50 31 90\n"
          "Kontakt: Hilde Johansen 481 90 327\nProdusent, IVD\n\nMvh Hilde\n")


def test_a_sister_company_named_in_a_sentence_does_not_make_two_companies():
    assert understand(mail(SISTER, subject="Registrering Kystlab Diagnostikk AS")).kind == "registration"


def test_the_firm_opening_a_block_above_its_org_number_outranks_one_a_sentence_names():
    fields = understand(mail(SISTER, subject="Registrering")).fields
    assert fields["manufacturer_name"].value == "Kystlab Diagnostikk AS"
    assert fields["org_number"].value == "925771406"


def test_a_role_and_a_kind_of_device_after_a_label_word_name_no_firm():
    body = "Hei,\n\nVi vil registrere oss.\n\nProdusent, IVD\nOrg nr 925 771 406\n\nMvh Hilde\n"
    assert understand(mail(body)).fields["manufacturer_name"].value != "IVD"


QUESTION = ("Hello,\n\nA Chinese company, Suzhou Kangli Medical Instruments Co., Ltd., whose graspers we distribute, "
            "has asked us to become their authorised representative. Do we need a separate registration?\n\n"
            "Kind regards,\n\nLars Ove Tjelta\nQA/RA Manager\n\nStavanger Surgical AS\nOrg. no. 915783422\n"
            "Forusbeen 35, 4033 Stavanger, Norway\nSwitchboard +47 51 44 70 20 | Mobile +47 905 31 774\n")


def test_the_firm_over_its_org_number_in_the_signature_outranks_a_firm_the_text_names_first():
    fields = understand(mail(QUESTION, subject="Question: authorised representative")).fields
    assert fields["manufacturer_name"].value == "Stavanger Surgical AS"


def test_a_switchboard_labelled_so_in_a_signature_is_the_firms_phone():
    fields = understand(mail(QUESTION, subject="Question: authorised representative")).fields
    assert fields["phone"].value == "+4751447020"


def test_a_fax_said_to_be_closed_leaves_the_fax_missing():
    body = ("Hej\n\nVores hovednummer er ændret.\n\nFirma: Skovgaard Medico Norge AS\nOrg.nr.: 977304121\n"
            "Nyt hovednummer: +47 32 20 45 00\n\n"
            "Vores fax 32 83 17 11 er lukket ned helt - vi har ikke længere fax.\n\nVenlig hilsen\nMette Lund\n")
    assert understand(mail(body, subject="Ændring af telefonnummer")).fields["fax"].state == "missing"


LETTER = ("Dear Sir or Madam,\n\nSkagerak MedReg AS, organisation number 865 117 574, hereby applies for "
          "registration as authorised representative for Alpinmed Dental SA, Rue des Fahys 18, 2000 Neuchâtel, "
          "Switzerland.\n\nOur offices are at Markens gate 9, 4611 Kristiansand, which also serves as our postal "
          "address. We can be reached by telephone on +47 38 07 55 00 and by telefax on +47 38 07 55 01.\n\n"
          "The contact person for this registration is Marianne Løvdal, Regulatory Affairs Manager, direct line "
          "+47 926 14 380. Please send the user credentials to registry@skagerakmedreg.example.no.\n\n"
          "Yours faithfully,\n\nMarianne Løvdal\nSkagerak MedReg AS\n\n"
          "Correction, added before sending: the e-mail address above is wrong - a hyphen is missing. The correct "
          "address for the credentials is registry@skagerak-medreg.example.no.\n")


def _letter():
    return understand(mail(LETTER, subject="Application for registration",
                           sender="Marianne Løvdal <marianne.lovdal@skagerak-medreg.example.no>")).fields


def test_the_address_of_the_maker_a_representative_acts_for_is_not_the_applicants():
    assert _letter()["visiting_address"].value == "Markens gate 9, 4611 Kristiansand"


def test_numbers_reached_on_by_telephone_and_telefax_are_the_firms():
    fields = _letter()
    assert fields["phone"].value == "+4738075500"
    assert fields["fax"].value == "+4738075501"


def test_a_direct_line_after_the_contacts_name_is_the_contacts():
    assert _letter()["contact_phone"].value == "+4792614380"


def test_a_correction_added_under_the_signature_is_read():
    assert _letter()["email"].value == "registry@skagerak-medreg.example.no"


def test_a_title_before_the_contacts_name_is_dropped_wherever_it_was_read():
    body = ("Dear DMP,\n\nPlease register us as a manufacturer.\n\nCompany: Bjørvika Genomics AS\n"
            "Organisation number: 925 003 824\nAddress: Abels gate 5, 7030 Trondheim\nPhone: +47 73 60 02 10\n"
            "E-mail: regulatory@bjorvikagenomics.example.no\nWebsite: www.bjorvikagenomics.example.no\n\n"
            "Best regards\n\nDr Priya Raman\n")
    fields = understand(mail(body, sender="Priya Raman <priya@bjorvikagenomics.example.no>")).fields
    assert fields["contact_person"].value == "Priya Raman"


def test_a_correction_of_the_org_number_is_not_a_phone_number():
    body = ("Hei,\n\nVi vil registrere Polarlab AS. Organisasjonsnummeret vårt er 938 310 796. Telefon til kontoret "
            "er 77 60 55 10.\n\nRettelse: Beklager, organisasjonsnummeret over er feil. Riktig nummer er 938 310 769."
            "\n\nHilsen Ida\n")
    fields = understand(mail(body)).fields
    assert fields["org_number"].value == "938310769"
    assert fields["phone"].value == "+4777605510"


def test_a_fax_named_in_a_sentence_then_given_is_the_fax():
    body = ("Hei,\n\nFirmaet vårt har org nr 918 452 376. Telefon er 32 07 41 90, og vi har faktisk fortsatt fax, "
            "den er 32 07 41 91.\n\nHilsen Ola\n")
    assert understand(mail(body)).fields["fax"].value == "+4732074191"


def test_a_forms_address_in_captioned_parts_after_a_dash_is_one_address():
    body = ("Skjemaportalen – ny innsending\n\nForetakets navn: Kjemilab Hamar AS\nOrganisasjonsnummer: 919618922\n"
            "Besøksadresse – gate: Vangsvegen 73\nBesøksadresse – postnr./sted: 2317 HAMAR\nTelefon: 62514000\n")
    assert understand(mail(body)).fields["visiting_address"].value == "Vangsvegen 73, 2317 Hamar"


def test_an_equals_sign_before_the_visiting_address_word_means_the_same_address():
    body = ("Hei\n\nFIRMA = Kongsberg Dentalteknikk AS\nORGNR = 922821860\n"
            "BESØKSADR = Kirkegårdsveien 45, 3616 Kongsberg\nPOSTADR = = besøksadr.\nTLF = 32 29 85 00\n\n"
            "--\nPer Ivar Haugen\n")
    assert understand(mail(body)).fields["postal_address"].value == "Kirkegårdsveien 45, 3616 Kongsberg"


def test_the_person_responsible_for_the_registration_is_the_contact():
    body = ("Dear Sir or Madam,\n\nWe act as regulatory consultants to Arctic Kit Solutions AS, organisation number "
            "922 402 019. The person responsible for the registration on the company's side is Mr Henrik Solbakken, "
            "Quality Manager.\n\nYours faithfully,\n\nGareth Pryce\nMeridian Compliance Ltd\nTel +44 113 496 0721\n")
    fields = understand(mail(body, sender="Gareth Pryce <g.pryce@meridiancompliance.example.com>")).fields
    assert fields["contact_person"].value == "Henrik Solbakken"


DASHES = ("Hei,\n\nher kommer opplysningane:\n\nForetak -- Lydform Øreteknikk AS\nOrg.nr -- 914 637 449\n"
          "Tlf (sentralbord) -- 70 10 44 80\nKontakt -- Marte Vik Solheim (daglig leder)\nMobil -- 928 41 306\n\n"
          "De fleste bestillingene våre kommer fra Sunnmøre Hørselssenter\n"
          "(tlf 70 12 33 00), men det er de som er kunden, vi fakturerer ikke dem direkte.\n\nHilsen Marte\n")


def test_a_double_dash_separates_a_label_from_its_value():
    assert understand(mail(DASHES)).fields["contact_phone"].value == "+4792841306"


def test_a_bracketed_number_on_a_wrapped_sentences_next_line_is_no_label():
    assert understand(mail(DASHES)).fields["contact_phone"].value != "+4770123300"


CHATTY = ("Hi there,\n\nMy name is Daniel, CEO of Nordlys Sleep Tech AS (org number 849 262 831). We are now at "
          "Professor Brochs gate 2, 7030 Trondheim. Post can go to the same address, we have a proper mailbox now.\n\n"
          "The company number listed everywhere is my mobile, +47 468 12 077.\n\nBest wishes,\nDaniel\n")


def test_post_that_can_go_to_the_same_address_makes_the_postal_address_the_visiting_one():
    assert understand(mail(CHATTY)).fields["postal_address"].value == "Professor Brochs gate 2, 7030 Trondheim"


def test_my_mobile_followed_by_a_comma_and_the_number_is_the_contacts():
    assert understand(mail(CHATTY)).fields["contact_phone"].value == "+4746812077"


COVER_LETTER = ("NORDLAND ORTOPEDISKE AS\nSjøgata 21, 8006 Bodø\nDirektoratet for medisinske produkter\n"
                "v/ Registerforvaltningen\nBodø, 07.04.2025\nRegistrering av virksomhet – spesialtilpasset utstyr\n"
                "Alt vi lager er spesialtilpasset utstyr etter MDR artikkel 52 nr. 8, og for hvert produkt utsteder "
                "vi erklæring etter vedlegg XIII.\nKontaktperson for registeret er undertegnede.\n"
                "Med vennlig hilsen\nNordland Ortopediske AS\nBjørn-Tore Hansen Eliassen\n"
                "Besøksadresse: Sjøgata 21, 8006 Bodø | Telefon: 75 50 61 00\n"
                "post@nordland-ortopediske.example.no | Foretaksregisteret NO 933 368 459 MVA\n")


def _cover_letter():
    body = "Hei,\n\nVedlagt ligger følgebrev med opplysningene.\n\nMed vennlig hilsen\nBjørn-Tore\n"
    return understand(mail(body, attachments=(("Følgebrev.txt", COVER_LETTER),))).fields


def test_custom_made_devices_stated_in_a_signed_letter_to_the_register_need_no_declaration():
    assert _cover_letter()["declaration_of_conformity"].value == "not required: custom-made"


def test_the_org_number_after_foretaksregisteret_in_a_letters_footer_is_read():
    assert _cover_letter()["org_number"].value == "933368459"


def test_a_case_number_is_not_a_fax_number():
    body = ("Kjære kunde,\n\nSaksnummer: DMP-REG-2025/88417\nVi ber dere bekrefte kontoen innen 48 timer.\n\n"
            "Med vennlig hilsen\nRegisteret\n")
    assert understand(mail(body, subject="Bekreft registreringen")).fields["fax"].state == "missing"


def test_a_sole_traders_firm_named_with_its_form_in_words_is_the_firm():
    body = ("Hei.\nJeg har drevet Nygård Ortopediservice (enkeltpersonforetak) i Tromsø siden 1998. Nå går jeg av med "
            "pensjon. Kan dere slette meg fra registeret?\n\nOrg nr 998 315 070\n\n"
            "Kundene mine blir overtatt av Ishavsorto AS, som har egen registrering hos dere.\n\nHilsen Kjell Nygård\n")
    fields = understand(mail(body, subject="Sletting fra registeret")).fields
    assert fields["manufacturer_name"].value == "Nygård Ortopediservice"


def test_a_numbered_firm_heading_above_its_org_number_outranks_the_writers_own_firm_in_a_sentence():
    body = ("Hej,\n\nJag är regulatoriskt ansvarig på Lindqvist Medicinteknik AB i Mölndal.\n\n"
            "1. Lindqvist Medisinteknikk Norge AS\n   Org.nr: 922086710\n   Telefon (växel): +47 67 80 44 10\n\n"
            "Med vänliga hälsningar\nAnna Lindqvist\n")
    assert understand(mail(body)).fields["manufacturer_name"].value == "Lindqvist Medisinteknikk Norge AS"


def test_dialect_prose_gives_the_same_address_for_post_and_the_web_shop():
    body = ("Hei!\n\nFirmaet heite Skinnesmia, enkeltpersonforetak, orgnr 896347330, adressa e Kjøpmannsgata 14, "
            "7500 Stjørdal og det e samme for post, tlf 74 82 55 19, og nettbutikken e skinnesmia.example.no\n\n"
            "Mvh Randi\n")
    fields = understand(mail(body)).fields
    assert fields["postal_address"].value == "Kjøpmannsgata 14, 7500 Stjørdal"
    assert fields["website"].value == "https://skinnesmia.example.no"
    assert fields["manufacturer_name"].value == "Skinnesmia"


def test_an_address_label_s_value_ends_with_its_towns_sentence():
    body = ("Hei\n\nFirma: Gjøvik Medtek AS\nAdresse: Hunnsvegen 5, 2821 Gjøvik. Postadressen er Postboks 214, "
            "2802 Gjøvik.\n\nHilsen Per\n")
    fields = understand(mail(body)).fields
    assert fields["visiting_address"].value == "Hunnsvegen 5, 2821 Gjøvik"


def test_den_samme_for_the_postal_address_is_the_visiting_one():
    body = "Hei\n\nFirma: Vartdal Tann AS\nBesøksadresse: Kongens gate 14, 6002 Ålesund\nPostadresse: den samme\n"
    assert understand(mail(body)).fields["postal_address"].value == "Kongens gate 14, 6002 Ålesund"


def test_a_letters_sentence_about_the_declaration_wrapped_at_the_margin_is_no_title():
    letter = ("Dear Sir or Madam,\nNidaros Medical Compliance AS hereby applies for registration as authorised "
              "representative. The manufacturer's EU\nDeclaration of Conformity (MPD-RA-DoC-IS200 Rev C), which "
              "names Nidaros Medical\nCompliance AS as authorised representative, is enclosed.\n"
              "Applicant: Nidaros Medical Compliance AS\nOrganisation no.: 929 516 303\n")
    found = understand(mail("Hello,\n\nAttached is our application letter.\n\nKind regards,\nAditya\n",
                            attachments=(("Application_Letter.txt", letter),)))
    assert not found.message.attachments[0].doc.is_declaration


def test_a_name_wrapped_onto_a_line_starting_with_a_label_word_gives_no_device_type():
    body = ("Hei\n\nApplication for registration – authorised representative for Merlion Precision\n"
            "Devices Pte. Ltd., Singapore\n\nOrg.nr: 929 516 303\n")
    assert understand(mail(body)).fields["device_type"].state == "missing"


def test_an_address_typed_with_a_comma_for_the_last_dot_is_wrong_as_written():
    body = "Hei\n\nFirma: Østfold Medtek AS\nE-post: ola.berg@ostfold-medtek.example,no\n\nHilsen Ola\n"
    email = understand(mail(body)).fields["email"]
    assert email.state == "invalid" and email.value == "ola.berg@ostfold-medtek.example,no"


def test_the_word_for_deregistration_before_a_firms_name_is_not_part_of_it():
    body = ("Til Direktoratet for medisinske produkter\n\nAvregistrering - Vestfold Medico AS, org.nr. 934 006 615\n\n"
            "Vi ber om at firmaet slettes fra registeret.\n\nHilsen Bjørn\n")
    assert understand(mail(body, subject="Avregistrering")).fields["manufacturer_name"].value == "Vestfold Medico AS"


def test_a_label_whose_note_wraps_over_lines_takes_the_value_under_the_note():
    body = ("Hello,\n\nOur particulars:\n\nApplicant Nidaros Compliance AS\nOrganisation no. 929 516 303\n"
            "Contact person Aditya Menon\nE-mail (for\ncorrespondence and\nlog-in)\n"
            "compliance@nidaros.example.no\nWebsite www.nidaros.example.no\n\nKind regards,\nAditya\n")
    fields = understand(mail(body, sender="aditya@nidaros.example.no")).fields
    assert (fields["email"].state, fields["email"].value) == ("ok", "compliance@nidaros.example.no")


WRAPPED_ROLE = ("Til registeret for medisinsk utstyr\n\n"
          "Undertegnede driver Toten Rullestol AS, org.nr. 929 396 251, et lite verksted på Raufoss. Verkstedet\n"
          "ligger i Industrivegen 12, 2830 Raufoss. Telefon til kontoret er 61 19 24 50.\n\n"
          "Vi lager altså medisinsk utstyr (rullestoler, klasse I) og er selv\n"
          "produsent - vi kjøper ikke inn utstyr for videresalg. Samsvarserklæringen\n"
          "vedlegges.\n\nMed vennlig hilsen\n\nArne Bjørnstad\ndaglig leder\nToten Rullestol AS\n")


def test_a_role_word_wrapped_to_the_start_of_a_line_before_a_dash_is_no_label():
    fields = understand(mail(WRAPPED_ROLE, subject="Registrering av virksomhet")).fields
    assert fields["manufacturer_name"].value == "Toten Rullestol AS"


def test_a_swedish_sentence_giving_the_offices_number_gives_the_firms_phone():
    body = ("Hej!\n\nVi heter Brännström Rehab AB och är tillverkare av rollatorer. Telefonnumret till kontoret är "
            "0910-77 52 00. Kontoret ligger på Kanalgatan 58, 931 32 Skellefteå, Sverige.\n\nMvh\nEmil Brännström\n")
    assert understand(mail(body, subject="Registrering")).fields["phone"].value == "+46910775200"


def test_a_place_before_a_sole_traders_form_in_words_is_no_firm_name():
    body = ("Hei!\nEg er tanntekniker og har eige tannlaboratorium i Førde (enkeltpersonføretak).\n\n"
            "Ingrid Solheim Tannlab\nOrg.nr. 991 283 749\nBesøk: Hafstadvegen 31, 6800 Førde\n\nHelsing\nIngrid Solheim\n")
    assert understand(mail(body, subject="Registrering")).fields["manufacturer_name"].value == "Ingrid Solheim Tannlab"


def test_a_firm_named_in_a_sentence_ends_with_its_legal_form_and_the_full_stop():
    body = ("Hei,\n\nFirmaet heiter Vossevangen Tannteknikk AS. Organisasjonsnummer har vi søkt om.\n"
            "Adressa er Vangsgata 12, 5700 Voss.\n\nHelsing\nSigrid Lid\n")
    assert understand(mail(body, subject="Registrering")).fields["manufacturer_name"].value == "Vossevangen Tannteknikk AS"


def test_a_contacts_name_ends_before_the_full_stop_of_its_sentence():
    body = ("Hei,\n\nFirma: Haugland Tannteknikk\nKontakt: meg sjølv, Solveig Haugland. mob 915 37 204\n\n"
            "Helsing\nSolveig\n")
    assert understand(mail(body, subject="Registrering")).fields["contact_person"].value == "Solveig Haugland"


def test_a_street_name_broken_at_the_margin_after_a_comma_is_read_whole():
    body = ("Dear Sir or Madam,\n\nOur details: Vestkyst Regulatory Services AS, org. no. 911 618 001, Kong\n"
            "Oscars gate 54, 5017 Bergen (this is also our postal address, we don't use a\n"
            "PO box). Our main number is 55 30 21 90.\n\nKind regards\nMarte Lien\n")
    fields = understand(mail(body, subject="Registration")).fields
    assert fields["visiting_address"].value == "Kong Oscars gate 54, 5017 Bergen"
