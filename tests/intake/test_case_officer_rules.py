"""Rules a case officer applies, each on a small mail written for it (issue 11): roles asked as a
form's question, numbered answers, updates read old-then-new, bare answers under our request,
tables with filler columns, prose statements, and a declaration promised later."""

from __future__ import annotations

from intake.fields.extract import extract_fields
from intake.layouts.table_text import table_lines
from intake.understand import understand
from tests.intake.mails import mail


def values(text: str) -> dict[str, str]:
    return {k: r.value for k, r in extract_fields(text).items()}


def test_the_forms_role_question_is_the_kind_of_business_not_the_company():
    found = values("Navn på produsent/fullmektig: Nordlys Medtek AS\nProdusent eller fullmektig: Produsent\n")
    assert found["manufacturer_name"] == "Nordlys Medtek AS"
    assert found["business_type"] == "Produsent"
    found = values("Name of manufacturer / authorised representative: Arctic Sensor AS\n")
    assert found["manufacturer_name"] == "Arctic Sensor AS"
    assert values("Produsent/fullmektig: Fullmektig for Takeda Surgical Co., Ltd., Japan\n")["business_type"] \
        .startswith("Fullmektig")


def test_an_unlabelled_point_in_a_labelled_numbered_list_answers_its_point():
    text = "\n".join(["1. Navn: Fosen Medical AS", "2. Org.nr.: 992401184", "3. Besøksadresse: Havnegata 2, 7100 Rissa",
                      "4. Postadresse: som besøksadresse", "5. Telefon: 72 85 00 00", "6. Telefaks: ingen",
                      "7. Kontaktperson: Eirik Fosen", "8. Mobil: 995 01 422", "9. E-post: eirik@fosen.example.no",
                      "10. Type: medisinsk utstyr", "11. DoC: vedlagt", "12. Produsent", "13. Nettside: ikke ennå"])
    assert values(text)["business_type"] == "Produsent"


def test_numbers_without_dots_typed_on_a_phone_count_as_the_registers_points():
    text = "\n".join(["1 Tromsø Sårpleie AS", "2 920115861", "3 Fredrik Langes gate 20, 9008 Tromsø",
                      "4 Postboks 1050, 9261 Tromsø", "5 77 62 11 00", "6 -", "7 Marte Solberg", "8 482 30 519"])
    found = values(text)
    assert found["manufacturer_name"] == "Tromsø Sårpleie AS" and found["contact_person"] == "Marte Solberg"


def test_numbered_answers_in_the_order_the_writer_found_them_answer_their_points():
    text = "\n".join(["9. post@kalprolab.example.no", "1. Kalprolab Diagnostikk AS", "2. 928931870",
                      "3. Sykehusvegen 21, 9019 Tromsø", "7 + 8. Henrik Amundsen, 466 02 913", "5. 77 60 45 10",
                      "12. Produsent", "4. samme som 3", "6. –"])
    found = values(text)
    assert found["manufacturer_name"] == "Kalprolab Diagnostikk AS"
    assert found["email"] == "post@kalprolab.example.no"
    assert found["contact_person"] == "Henrik Amundsen"
    assert found["postal_address"] == "Sykehusvegen 21, 9019 Tromsø"  # 'same as 3' is point 3's answer


def test_the_last_points_numbered_from_memory_are_read_by_what_they_answer():
    text = "\n".join(["1. Kalprolab Diagnostikk AS", "2. 928931870", "3. Sykehusvegen 21, 9019 Tromsø",
                      "4. Postboks 44, 9019 Tromsø", "5. 77 60 45 10", "6. -", "7. Henrik Amundsen", "8. 466 02 913",
                      "9. post@kalprolab.example.no", "10. https://kalprolab.example.no", "11. IVD", "12. Produsent",
                      "13. Se vedlagt EU-samsvarserklæring"])
    found = values(text)
    assert found["website"] == "https://kalprolab.example.no"
    assert found["device_type"] == "IVD"
    assert found["business_type"] == "Produsent"


def test_a_sole_traders_letter_names_the_firm_the_contact_and_the_address_to_use():
    body = ("Hei\n\nJeg har nettopp startet for meg selv som tanntekniker i Bodø. Navnet på firmaet blir Fjordtann "
            "Tannteknikk, enkeltpersonforetak. Adressen er Strandgata 14, 8006 Bodø. Jeg har ikke fasttelefon, så bruk "
            "mobilen min: 991 82 405. Mail: bruk denne gmail-adressen inntil videre.\n\nmvh\nJonas Fjordtann\n")
    fields = understand(mail(body, subject="registrering tanntekniker",
                             sender="Jonas Fjordtann <jonas@gmail.example.com>")).fields
    assert fields["manufacturer_name"].value == "Fjordtann Tannteknikk"
    assert fields["contact_person"].value == "Jonas Fjordtann"  # 'my mobile', signed by him
    assert fields["email"].value == "jonas@gmail.example.com"


def test_a_german_makers_labels_are_read_as_the_registers_fields():
    body = ("Sehr geehrte Damen und Herren,\n\nwir müssen uns als Hersteller bei Ihnen registrieren lassen. "
            "Anbei unsere Angaben:\n\n"
            "Hersteller:       Albrecht Medizintechnik GmbH\n"
            "Anschrift:        Industriestraße 14, 70565 Stuttgart, Deutschland\n"
            "Postanschrift:    Postfach 80 04 21, 70504 Stuttgart, Deutschland\n"
            "Telefon:          +49 (0)711 78 90 45-0\n"
            "Ansprechpartner:  Jürgen Albrecht\n"
            "Durchwahl:        +49 (0)711 78 90 45-12\n"
            "E-Mail:           regulatory@albrecht.example.de\n\n"
            "Produkte: chirurgische Instrumente, Klasse Ir gemäß Verordnung (EU) 2017/745.\n\n"
            "Mit freundlichen Grüßen\nJürgen Albrecht\n")
    fields = understand(mail(body, subject="Registrierung", sender="Jürgen Albrecht <j@albrecht.example.de>")).fields
    assert (fields["visiting_address"].state == "ok"
            and fields["visiting_address"].value.startswith("Industriestraße 14"))
    assert fields["postal_address"].value.startswith("Postfach 80 04 21")
    assert fields["contact_person"].value == "Jürgen Albrecht"
    assert fields["contact_phone"].value == "+4971178904512"
    assert fields["device_type"].value == "medical_device"
    assert fields["business_type"].value == "manufacturer"


def test_a_registered_and_visiting_address_abroad_also_places_the_contacts_national_number():
    body = ("Dear Sir/Madam,\n\nPlease find our details for registration.\n\n"
            "Company: Hartwell Medical Ltd\n"
            "Registered & visiting address: Unit 7, Riverside Business Park, Station Road, Cambridge CB1 2JH, "
            "United Kingdom\n"
            "Tel: +44 (0)1223 456 780\n"
            "Contact person: Eleanor Whitfield, direct line 01223 456 795\n\nKind regards,\nTom Pritchard\n")
    fields = understand(mail(body, subject="Device registration",
                             sender="Tom Pritchard <tom@hartwell.example.com>")).fields
    assert fields["visiting_address"].value.startswith("Unit 7, Riverside Business Park")
    assert fields["contact_phone"].value == "+441223456795"


def test_use_this_gmail_address_for_the_register_is_the_address_the_mail_came_from():
    body = ("Hei igjen.\n\nLindås Helseimport AS, org.nr. 928 369 625, Kvernhusvegen 4, 5914 Isdalstø.\n\n"
            "Bruk gjerne denne gmail-adressen til registeret, vi har ikke egen firmaadresse ennå.\n\n"
            "Mvh\nGeir Lindås\n")
    fields = understand(mail(body, subject="Re: Registrering",
                             sender="Geir Lindås <geir.lindaas@gmail.example.com>")).fields
    assert fields["email"].value == "geir.lindaas@gmail.example.com"


def test_the_clinics_number_and_my_number_with_my_name_in_brackets_are_the_firms_and_the_contacts():
    text = ("Fysio & Form Fredrikstad AS (org 960477537) vil registreres.\n"
            "Klinikken: 69 31 44 50\n"
            "Meg: 41 22 87 09 (Hilde Østby, fysioterapeut og kontaktperson)\n")
    found = values(text)
    assert found["phone"] == "69 31 44 50"
    assert found["contact_phone"] == "41 22 87 09"
    assert found["contact_person"] == "Hilde Østby"


def test_mob_meg_without_a_colon_is_the_writers_mobile():
    assert values("Firma: Solbakk Tannteknikk AS\ntlf lab 73 52 18 40\n"
                  "mob meg 915 20 734\n")["contact_phone"] == "915 20 734"


def test_a_post_box_with_its_post_office_takes_the_postcode_on_the_line_below():
    found = values("Firmanavn: Nordby Ortopedi AS\nPostadr.: Postboks 4410 Nydalen\n0403 Oslo\nTlf: 22 71 40 90\n")
    assert found["postal_address"] == "Postboks 4410 Nydalen, 0403 Oslo"


def test_my_mobile_followed_straight_by_the_number_is_the_contacts_phone():
    assert values("Navn: Ishavet Tannteknikk AS\n"
                  "Tlf. 77 68 41 20 eller mobilen min 952 07 713\n")["contact_phone"] == "952 07 713"


def test_a_contacts_landline_then_mobile_gives_the_mobile_to_the_contact():
    found = values("Firmanavn: Glommen Instrument AS\n- Kontaktperson er undertegnede, tlf. 69 30 12 00 / 481 90 633\n")
    assert found["contact_phone"] == "481 90 633"


def test_a_joint_phone_and_fax_label_gives_the_phone_then_the_fax():
    found = values("Foretaksnavn: Agder Labsystem AS\nTelefon/telefaks: 37 00 95 40 / 37 00 95 41\n")
    assert (found["phone"], found["fax"]) == ("37 00 95 40", "37 00 95 41")


def test_an_abbreviated_address_label_qualified_in_brackets_says_which_address():
    body = ("Hei,\n\nForetak: Nidaros MedRep AS\nOrg nr.: 828 726 986\nAdr. (besøk): Fjordgata 17, 7010 Trondheim\n"
            "Adr. (post): samme som besøk\nTlf.: 73 50 66 10\n\nHilsen\nIngrid Lund\n")
    fields = understand(mail(body, subject="Registrering")).fields
    assert fields["postal_address"].value == "Fjordgata 17, 7010 Trondheim"


def test_wishing_to_register_oneself_as_a_manufacturer_states_the_role():
    body = ("God dag,\n\nAgder Labsystem AS ønsker med dette å registrere seg som produsent av reagenser.\n\n"
            "Med hilsen\nHilde Berg\n")
    assert understand(mail(body, subject="Registrering")).fields["business_type"].value == "manufacturer"


def test_the_post_said_to_go_to_the_visiting_address_in_a_sentence_is_that_address():
    body = ("Hei! Sterilpakk Drammen AS, orgnr 918 043 179, Bragernes torg 6, 3015 Drammen, postadr samme, "
            "tlf 32 20 55 00, kontakt Hanne Lie mob 412 55 801, epost registrering@sterilpakk.example.no\n\n"
            "--\nHanne Lie\n")
    assert (understand(mail(body, subject="Registrering")).fields["postal_address"].value
            == "Bragernes torg 6, 3015 Drammen")
    body = ("Hei\nVi har flyttet fra 1 april\nKongsberg Medtek AS org 855012197\n"
            "Ny adresse Kirkegårdsveien 45, 3616 Kongsberg\n"
            "Postadressen blir den samme som besøksadressen\n\nMvh Marius Hole\n")
    understood = understand(mail(body, subject="Ny adresse"))
    assert understood.kind == "update"
    assert understood.fields["postal_address"].value == "Kirkegårdsveien 45, 3616 Kongsberg"


def test_a_label_followed_by_endres_fra_til_is_a_sentence_giving_the_new_value():
    body = ("Hei,\n\nVi ber om følgende endringer for Tønsberg Medisinske AS, org.nr. 899078284:\n\n"
            "* E-postadresse for registreringen endres fra firmapost@tonsbergmed.example.no "
            "til regulatory@tonsbergmed.example.no\n"
            "\nØvrige opplysninger er uendret.\n\nLise Amundsen\n")
    assert understand(mail(body, subject="Oppdatering")).fields["email"].value == "regulatory@tonsbergmed.example.no"


LOWERCASE_PHONE_MAIL = (
    "hei. me er eit lite tanntekn. laboratorium i sogndal og må registrere oss hjå dykk. firmaet heiter Sogndal "
    "Tannteknikk AS, orgnr 822704816. me lagar kroner og bruer etter bestilling frå tannlegane, kvart einaste arbeid "
    "er laga til ein bestemt pasient. adressa er fjørevegen 14, 6856 sogndal og posten kjem til same staden. "
    "telefonen på laben er 57 67 20 15 men eg er sjeldan ved den så ring meg heller på 482 19 306.\n\n"
    "helsing eirik njøs\ndagleg leiar\n")


def test_an_address_typed_without_capitals_after_adressa_er_is_read_and_capitalised():
    fields = understand(mail(LOWERCASE_PHONE_MAIL, subject="registrering",
                             sender="Eirik Njøs <eirik@gmail.example.com>")).fields
    assert fields["visiting_address"].value == "Fjørevegen 14, 6856 Sogndal"
    assert fields["postal_address"].value == "Fjørevegen 14, 6856 Sogndal"  # 'posten kjem til same staden'


def test_the_labs_phone_in_a_sentence_and_ring_me_rather_on_are_the_firms_and_the_writers():
    fields = understand(mail(LOWERCASE_PHONE_MAIL, subject="registrering",
                             sender="Eirik Njøs <eirik@gmail.example.com>")).fields
    assert (fields["phone"].value, fields["contact_phone"].value) == ("+4757672015", "+4748219306")


def test_made_for_one_particular_patient_is_custom_made_and_the_signer_in_lower_case_is_the_contact():
    fields = understand(mail(LOWERCASE_PHONE_MAIL, subject="registrering",
                             sender="Eirik Njøs <eirik@gmail.example.com>")).fields
    assert fields["declaration_of_conformity"].value == "not required: custom-made"
    assert fields["contact_person"].value == "Eirik Njøs"


def test_numbers_told_in_sentences_the_fax_my_own_and_ring_me_rather_directly():
    found = values("Sentralbordet er 73 82 40 00, men ring meg heller direkte på 416 90 233. "
                   "Faksen vår er 73 82 40 01 (ja, vi har fortsatt en).\n")
    assert (found["contact_phone"], found["fax"]) == ("416 90 233", "73 82 40 01")
    assert values("telefon til butikken er 71 22 60 40, min eigen er 413 77 092.\n")["contact_phone"] == "413 77 092"


def test_the_from_persons_name_alone_on_a_line_under_the_text_is_the_signer():
    body = ("hei. me er Romsdal Helsehjelp AS, orgnr 976 762 185, og vil registrere oss. telefon til butikken er "
            "71 22 60 40, min eigen er 413 77 092.\n\nsindre hoem\nRomsdal Helsehjelp AS\n")
    fields = understand(mail(body, subject="registrering", sender="Sindre Hoem <sindre@gmail.example.com>")).fields
    assert fields["contact_person"].value == "Sindre Hoem"


def test_a_street_in_a_town_with_the_postcode_given_after_it_is_one_address():
    assert values("Vi har kontor og lager i Sluppenveien 10 i Trondheim, postnr. 7037, men posten går til "
                  "Postboks 2260 Sluppen, 7412 Trondheim.\n")["visiting_address"] == "Sluppenveien 10, 7037 Trondheim"
    assert (values("Vi holder til i Storgata 102 i sentrum (9008 Tromsø).\n")["visiting_address"]
            == "Storgata 102, 9008 Tromsø")


def test_a_maker_sentence_that_also_names_the_register_still_says_what_the_firm_makes():
    body = ("God dag,\n\nVestfold Rehab AS produserer rullatorer og gåstoler (klasse I) og ønsker med dette å "
            "registrere seg som produsent i registeret for medisinsk utstyr.\n\nMed vennlig hilsen\nHåkon Wiik\n")
    fields = understand(mail(body, subject="Registrering produsent")).fields
    assert (fields["device_type"].value, fields["business_type"].value) == ("medical_device", "manufacturer")


def test_an_office_number_with_a_note_then_call_me_on_gives_the_office_and_the_writer():
    found = values("firm: Fjordbridge EU Rep AS\n"
                   "phone: office 23 65 11 90 (rarely staffed), better call me on 404 52 118\n")
    assert (found["phone"], found["contact_phone"]) == ("office 23 65 11 90", "404 52 118")  # validated to the
    # number later


def test_ringje_meg_direkte_is_the_writers_number():
    found = values("Sentralbordet vårt er 70 10 44 50, men det er betre å ringje meg direkte på 952 61 740.\n")
    assert found["contact_phone"] == "952 61 740"


def test_a_mandate_to_act_for_a_maker_outside_the_eea_makes_the_applicant_its_representative():
    for sentence in ("We've been appointed by Shenzhen Breezemed Co., Ltd (they make nebulisers) to act for them "
                     "in the EEA.",
                     "Ein kanadisk produsent har gitt oss skriftleg fullmakt til å opptre på deira vegner "
                     "overfor styresmaktene."):
        body = ("Hei,\n\nMe ønskjer å registrere Fjordbridge EU Rep AS, org.nr. 828 264 893.\n\n"
                f"{sentence}\n\nHelsing\nJonas Brekke\n")
        assert (understand(mail(body, subject="Registrering")).fields["business_type"].value
                == "authorised_representative")


def test_a_forms_yes_to_postal_same_as_visiting_gives_the_visiting_address():
    body = ("Foretaksnavn: Nordrep Scandinavia AB NUF\nBesøksadresse: Biskop Gunnerus' gate 14A, 0185 Oslo\n"
            "Postadresse lik besøksadresse: Ja\nPostadresse: \nTelefon: 22 83 91 40\n")
    assert (understand(mail(body, subject="Innsendt skjema")).fields["postal_address"].value
            == "Biskop Gunnerus' gate 14A, 0185 Oslo")


def test_an_english_run_on_mail_gives_postal_the_same_call_me_on_my_cell_and_the_signer_with_a_title():
    body = ("hi, we need to register DosePilot AS, org no 926 967 757. "
            "office is at Gaustadalléen 21, 0349 Oslo, postal "
            "address the same. company switchboard is 21 09 44 80 but call me on my cell instead, 99 41 73 62.\n"
            "thanks\nanders vik, CTO\n")
    fields = understand(mail(body, subject="registration", sender="Anders Vik <anders@dosepilot.example.no>")).fields
    assert fields["postal_address"].value == "Gaustadalléen 21, 0349 Oslo"
    assert fields["contact_phone"].value == "+4799417362"
    assert fields["contact_person"].value == "Anders Vik"


def test_a_supplier_forms_role_label_is_the_kind_of_business():
    assert values("Leverandørnavn\tFjellro Mobilitet AS\nLeverandørrolle\tProdusent\n")["business_type"] == "Produsent"


def test_the_contacts_phone_said_to_be_the_switchboard_is_the_switchboards_number():
    body = ("Hei,\n\nØnsker å registrere Hjertelinje AS, org.nr. 932 607 018. Vi er produsent.\n"
            "Sentralbord: 55 30 92 40. Kontaktperson for registeret er meg, og telefon er den samme som "
            "sentralbordet.\n"
            "\nHilsen\nKjersti Mowinckel\n")
    assert understand(mail(body, subject="Registrering")).fields["contact_phone"].value == "+4755309240"
    labelled = "Firmanavn: Hjertelinje AS\nTelefon: 55 30 92 40\nTelefon kontaktperson: samme som over\n"
    assert understand(mail(labelled, subject="Registrering")).fields["contact_phone"].value == "+4755309240"


def test_a_colleague_named_as_the_contact_and_sjolv_nas_eg_best_pa():
    found = values("Jeg går ut i permisjon, så kontaktperson for registeret blir kollegaen min Ingrid Solheim.\n")
    assert found["contact_person"] == "Ingrid Solheim"
    assert values("Sjølv nås eg best på 994 37 205.\n")["contact_phone"] == "994 37 205"


def test_numbered_answers_shifted_by_a_merged_point_still_put_the_e_mail_and_the_kind_of_device_right():
    text = "\n".join(["1. Hardanger Tannlab AS", "2. 968 594 796", "3. Eitrheimsvegen 12, 5750 Odda",
                      "4. Same som pkt. 3",
                      "5. 53 64 12 30", "6. 53 64 12 39", "7. Solveig Tveit, tlf 53 64 12 31 / mob 957 71 204",
                      "8. post@hardangertann.example.no", "9. Medisinsk utstyr", "11. Produsent"])
    found = values(text)
    assert found["email"] == "post@hardangertann.example.no"
    assert found["device_type"] == "Medisinsk utstyr"


def test_an_english_letter_gives_the_country_after_the_town_the_fax_after_a_comma_and_the_named_coordinator():
    body = ("Dear Sir or Madam,\n\nLimfjord Medico ApS is a Danish manufacturer located at Nørregade 14, 9000 Aalborg, "
            "Denmark. Our switchboard is 0045 98 12 40 60 and we still have a fax, 0045 98 12 40 69. "
            "The contact person "
            "for the registration is our quality coordinator Birgitte Holm, who can be reached on +45 31 62 08 57.\n\n"
            "Yours faithfully\n\nJesper Kristensen\n")
    fields = understand(mail(body, subject="Registration", sender="Jesper Kristensen <jmk@limfjord.example.dk>")).fields
    assert fields["visiting_address"].value == "Nørregade 14, 9000 Aalborg, Denmark"
    assert fields["fax"].value == "+4598124069"
    assert fields["contact_person"].value == "Birgitte Holm"


def test_registering_a_firm_as_a_manufacturer_at_a_street_inside_a_research_park():
    body = ("Dear colleagues,\n\nI am writing to register Kvasir Neuro AS as a manufacturer in the Norwegian register "
            "for medical devices.\n\nWe are located in the Research Park at Gaustadalléen 21, 0349 Oslo.\n\n"
            "Best regards,\nHannah Whitfield\n")
    fields = understand(mail(body, subject="Registration")).fields
    assert fields["business_type"].value == "manufacturer"
    assert fields["visiting_address"].value == "Gaustadalléen 21, 0349 Oslo"


def test_i_take_over_as_contact_person_makes_the_signer_the_new_contact_in_an_update():
    body = ("Hei,\n\nArne Lid har gått av med pensjon, og eg tek over som kontaktperson for registreringa vår. "
            "Mobilnummeret mitt er 977 31 054.\n\nElles er alle opplysningane uendra.\n\nVenleg helsing\n"
            "Gunhild Dykesten\nRaundal Medisinske Produkt AS\nOrg.nr. 916377282\n")
    understood = understand(mail(body, subject="Ny kontaktperson",
                                 sender="Gunhild Dykesten <gunhild@raundal.example.no>"))
    assert understood.kind == "update"
    assert understood.fields["contact_person"].value == "Gunhild Dykesten"


def test_taking_over_as_contact_with_the_verb_first_makes_the_signer_the_new_contact():
    body = ("Hei,\n\nMolde Medisinske Tekstiler AS (org.nr. 983 692 052) er allerede registrert hos dere. Vi har flyttet.\n\n"
            "Ny besøksadresse: Årøsetervegen 8, 6422 Molde\n\nI tillegg overtar jeg som kontaktperson etter "
            "Per Ivar Lianes, som har gått av med pensjon.\n\nMed vennlig hilsen\n\nHanne Eidem\nKvalitetsansvarlig\n")
    understood = understand(mail(body, subject="Ny besøksadresse og kontaktperson",
                                 sender="Hanne Eidem <hanne.eidem@moldemedtex.example.no>"))
    assert understood.fields["contact_person"].value == "Hanne Eidem"


def test_a_new_contact_introduced_with_a_colon_then_meg_and_the_name_is_that_person():
    found = values("I tillegg har vi fått ny kontaktperson for registeret: meg, Cecilie Aas, kvalitetskoordinator, "
                   "tlf 412 55 780.\n")
    assert found["contact_person"] == "Cecilie Aas"


def test_a_representative_appointed_by_a_maker_abroad_is_the_applicant_not_the_maker():
    body = ("Dear Sir/Madam,\n\nI'm writing to register our company. We have been appointed by Brightwater Diagnostics "
            "Inc. in Columbus, Ohio, to act on their behalf towards the authorities in the EEA. The switchboard is "
            "+47 22 41 87 00, but please call my mobile instead: 930 17 254.\n\nKind regards,\nSunniva Kraft\n"
            "Regulatory Affairs Manager\nNordkyst Regulatory AS\n")
    fields = understand(mail(body, subject="Registration – Nordkyst Regulatory AS (org. 825 395 555)",
                             sender="Sunniva Kraft <sunniva@nordkyst.example.no>")).fields
    assert fields["manufacturer_name"].value == "Nordkyst Regulatory AS"
    assert fields["org_number"].value == "825395555"  # nine digits with a valid check, in the subject
    assert fields["contact_phone"].value == "+4793017254"
    assert fields["business_type"].value == "authorised_representative"


def test_an_update_is_read_old_then_new():
    body = ("Hei,\n\nVi i Bølgen Ortopediteknikk AS (org.nr 981 203 348) har flyttet. Vennligst oppdater registeret:\n\n"
            "Besøksadresse: Kongens gate 30, 8006 Bodø\nSentralbord: 75 52 10 10\n\n"
            "Besøksadresse: Rønvikleira 12, 8010 Bodø\nSentralbord: 75 50 88 00\n\nAlt annet er uendret.\n")
    understood = understand(mail(body, subject="Ny adresse"))
    assert understood.kind == "update"
    assert understood.fields["visiting_address"].value == "Rønvikleira 12, 8010 Bodø"
    assert understood.fields["phone"].value == "+4775508800"
    assert understood.fields["contact_phone"].state == "missing"


def test_a_change_from_one_value_to_another_is_the_new_value():
    body = "Hei,\nNordlys Medtek AS (987 654 325) har flyttet fra Storgata 12, 9008 Tromsø til Havnegata 3, 9008 Tromsø.\n"
    assert understand(mail(body, subject="Ny adresse")).fields["visiting_address"].value == "Havnegata 3, 9008 Tromsø"
    assert values("Telefon: endres fra 77 00 11 22 til 77 99 88 00\n")["phone"] == "77 99 88 00"


def test_bare_answers_above_our_request_are_read_in_the_order_we_asked():
    body = ("987 654 325\nPostboks 123, 9001 Tromsø\n912 34 567\n\nSendt fra min iPhone\n\n"
            "Den 3. mars 2025 kl. 10:12 skrev Medisinsk utstyr <medisinsk.utstyr@localhost>:\n"
            "> Vi mangler:\n> - Organisasjonsnummer: mangler\n> - Postadresse: mangler\n"
            "> - Telefon til kontaktperson: mangler\n")
    fields = understand(mail(body, subject="Re: Registrering")).fields
    assert fields["postal_address"].value == "Postboks 123, 9001 Tromsø"
    assert fields["contact_phone"].value == "+4791234567"


def test_sentences_above_our_request_are_not_taken_as_bare_answers():
    body = ("her kommer det som manglet. Kontaktperson er meg, Kari Nordmann, mobil 912 34 567.\n\n"
            "Og beklager – nummeret i den første e-posten var feil. Riktig nummer er 55 30 88 00.\n\n"
            "Legger ved samsvarserklæringen på nytt.\n\nHilsen\nKari\n\n"
            "Den 3. mars 2025 kl. 10:12 skrev Medisinsk utstyr <medisinsk.utstyr@localhost>:\n"
            "> - postadresse\n> - kontaktperson\n> - nettside\n")
    fields = understand(mail(body, subject="Re: Registrering")).fields
    assert fields["postal_address"].state == "missing" and fields["website"].state == "missing"


def test_filler_and_row_number_columns_are_dropped_from_a_table():
    rows = [["Navn på produsent", ":", "Nordlys Medtek AS"], ["Organisasjonsnummer", ":", "987 654 325"]]
    assert table_lines(rows) == ["Navn på produsent: Nordlys Medtek AS", "Organisasjonsnummer: 987 654 325"]
    rows = [["Nr", "Felt", "Verdi"], ["1", "Navn på produsent", "Nordlys Medtek AS"], ["2", "Kontaktperson", "Kari"]]
    assert "Kontaktperson: Kari" in table_lines(rows)


def test_prose_statements_of_the_contact_and_the_senders_address():
    body = ("Please register PolarSense Norway AS, org. no. 995 123 487. I am the contact person (Erik Haugen, "
            "+47 917 55 032) and you can use this address for all correspondence.\n")
    fields = understand(mail(body)).fields
    assert fields["contact_person"].value == "Erik Haugen" and fields["contact_phone"].value == "+4791755032"
    assert fields["email"].value == "kari@nordlys.example.no"
    found = values("Vi holder til i Torggata 8, 0181 Oslo. Kontakt Jens Kjær på 917 28 044.\n")
    assert found["contact_person"] == "Jens Kjær" and found["contact_phone"] == "917 28 044"


def test_the_street_is_read_without_the_sentence_leading_to_it():
    assert values("Vårt kontor ligger på Drammensveien 130, 0277 Oslo.\n")["visiting_address"] == \
        "Drammensveien 130, 0277 Oslo"
    assert values("Vi held til i Kongens gate 30, 8006 Bodø.\n")["visiting_address"] == "Kongens gate 30, 8006 Bodø"


def test_a_registration_sent_again_is_not_an_update_and_a_move_is():
    full = ("Navn på produsent: Nordlys Medtek AS\nOrganisasjonsnummer: 987 654 325\nBesøksadresse: Storgata 12, "
            "9008 Tromsø\nTelefon: 77 00 11 22\nKontaktperson: Kari Nordmann\nE-post: kari@nordlys.example.no\n"
            "Type utstyr: medisinsk utstyr\nType virksomhet: produsent\n")
    assert understand(mail("Hei, her er oppdatert skjema.\n" + full, subject="SV: Registrering - oppdatert skjema")) \
        .kind == "registration"
    moving = "Hei, Nordlys Medtek AS (987 654 325) flytter 1. mai til Havnegata 3, 9008 Tromsø.\n"
    assert understand(mail(moving, subject="Flytting")).kind == "update"


def test_an_update_saying_use_this_address_gives_the_senders_address():
    body = "Hei,\nNordlys Medtek AS (987 654 325) har ny e-post for registeret: bruk denne adressen.\n"
    fields = understand(mail(body, subject="Ny e-post")).fields
    assert fields["email"].value == "kari@nordlys.example.no"


def test_a_second_org_number_in_a_sentence_is_not_a_second_company():
    full = ("Navn på produsent: Nordlys Medtek AS\nOrganisasjonsnummer: 987 654 325\nBesøksadresse: Storgata 12, "
            "9008 Tromsø\nKontaktperson: Kari Nordmann\nType utstyr: medisinsk utstyr\nType virksomhet: produsent\n")
    consultant = "Hei, vi i Regelverkspartner AS (org.nr 987 654 309) sender for kunden vår.\n" + full
    assert understand(mail(consultant)).kind == "registration"
    two = full + "\n2) Nordlys Sittesystem AS\nOrganisasjonsnummer: 987 654 309\n"
    assert understand(mail(two)).kind == "several_companies"


def test_a_change_of_name_gives_the_new_name():
    body = "Hei,\nEtter fusjonen er firmanavnet vårt endret fra Bergen Bandasje AS til BB Medical AS. Org.nr. 844 026 854.\n"
    assert understand(mail(body, subject="Navneendring")).fields["manufacturer_name"].value == "BB Medical AS"


def test_the_representative_registering_is_the_applicant_not_the_manufacturer_it_represents():
    found = values("Legal manufacturer: Hartmann-Sieg Medizintechnik GmbH, Ulmer Str. 40, 89073 Ulm, Germany\n"
                   "Authorised representative (applicant): Fjordrep Regulatory AS\nOrganisasjonsnr.: 924 500 115\n")
    assert found["manufacturer_name"] == "Fjordrep Regulatory AS"


def test_a_company_without_a_legal_form_is_named_by_its_org_number():
    body = "Hei,\nEg har lagt ned verksemda mi, Aasen Tannteknikk, org.nr. 980 083 748. Ver venleg og slett oss.\n"
    assert understand(mail(body, subject="Avregistrering")).fields["manufacturer_name"].value == "Aasen Tannteknikk"


def test_a_numbered_form_line_with_a_label_of_its_own_keeps_it():
    text = "\n".join(["1. Navn på produsent/fullmektig: Vestlab Diagnostics AS", "2. Organisasjonsnummer: 981022645",
                      "3. Besøksadresse: Forusbeen 78, 4033 Stavanger", "4. Postadresse: Postboks 8034, 4068 Stavanger",
                      "5. Telefon: +47 51 84 62 00", "6. Telefaks: Not applicable", "7. Kontaktperson: Priya Raman"])
    assert values(text)["manufacturer_name"] == "Vestlab Diagnostics AS"


def test_a_consultants_own_firm_acting_for_clients_is_not_the_applicant():
    body = ("Hei,\n\nVi i Regelverkshjelp AS bistår to kunder med registrering i Utstyrsregisteret.\n\n"
            "1) Hallingdal Hjelpemiddel AS\n   Org.nr.: 976 987 136\n   Telefon: 32 07 10 00\n")
    assert values(body)["manufacturer_name"] == "Hallingdal Hjelpemiddel AS"


def test_a_line_naming_the_device_and_the_role_answers_both():
    found = values("Org.nr: 956657482\nTelefon: 62 53 11 90\nMedisinsk utstyr, produsent\n")
    assert found["device_type"] == found["business_type"] == "Medisinsk utstyr, produsent"


def test_a_sentence_about_being_registered_names_the_kind_of_device_without_a_we():
    text = "Drammen Høreteknikk AS ønsker å bli registrert som produsent av medisinsk utstyr (øreformstykker).\n"
    assert "medisinsk utstyr" in values(text)["device_type"]


def test_a_label_word_starting_a_line_of_a_wrapped_sentence_is_not_a_label():
    text = ("We are a small startup developing a smartphone app that helps patients with\n"
            "type 2 diabetes log their blood glucose and gives dosing reminders.\n")
    assert "business_type" not in values(text) and "device_type" not in values(text)


def test_a_company_named_after_the_consultants_words_is_the_applicant():
    found = values("Jeg sender registreringen på vegne av Nordlys Medtek AS, org.nr 912 345 674.\n")
    assert found["manufacturer_name"] == "Nordlys Medtek AS"


def test_a_companys_name_says_nothing_of_the_kind_of_device():
    found = values("We at Nordic Reg AS are writing on behalf of our client Fjord Medical AS.\n")
    assert found["manufacturer_name"] == "Fjord Medical AS" and "device_type" not in found


def test_a_company_stating_its_role_while_asking_to_be_registered_gives_the_kind_as_a_guess():
    found = extract_fields("MedBridge Norge AS er autorisert representant for Hanil Medical Co., Ltd. og ønsker å "
                           "registrere seg.\n")
    assert "autorisert representant" in found["business_type"].value and found["business_type"].confidence < 0.55
    assert "business_type" not in values("Hanil Medical Co., Ltd. er produsent av suturene.\n")


def test_the_role_in_brackets_beside_the_companys_name_is_its_kind_as_a_guess():
    found = extract_fields("Övriga uppgifter:\nSvensk Ortoped Norge AS (tillverkare av ortoser)\n")
    assert found["business_type"].value.startswith("tillverkare") and found["business_type"].confidence < 0.55
    assert "business_type" not in values("Hanil Medical Ltd (Sør-Korea)\n")


def test_a_numbered_answer_giving_a_bare_domain_with_an_aside_is_the_website():
    text = ("Den 12.09.2024 kl. 10:31, skreiv Registeret for medisinsk utstyr:\n> Vi treng:\n> 1. Besøksadresse\n"
            "> 2. Nettstad\n>\n\n1. Hafstadvegen 14, 6800 Førde\n2. vestlandet-hjelpemiddel.example.no (utan www)\n")
    assert values(text)["website"] == "vestlandet-hjelpemiddel.example.no"


def test_a_company_that_is_someones_representative_is_an_authorised_representative_as_a_guess():
    found = extract_fields("Fyn MedTech ApS er EU-repræsentant (autoriseret repræsentant) for Qingdao Haichuan\n"
                           "Medical Instruments Co., Ltd. og vil gerne registreres.\n")
    assert found["business_type"].value == "EU-repræsentant" and found["business_type"].confidence < 0.55
    assert "device_type" not in found  # 'Medical Instruments Co., Ltd.' is a name, not a kind


def test_a_sentence_about_the_products_names_their_kind():
    assert "medicinsk udstyr" in values("Produkterne er medicinsk udstyr klasse IIa.\n")["device_type"]


def test_a_sole_trader_writing_i_states_the_kinds():
    found = values("Jeg har startet enkeltpersonforetak og lager fotortoser (medisinsk utstyr). Jeg er altså produsent.\n")
    assert "produsent" in found["business_type"] and "medisinsk utstyr" in found["device_type"]
    assert "produsent" in values("Lager tannproteser, er produsent. Ingen faks.\n")["business_type"]
