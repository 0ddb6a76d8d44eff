"""Replies to our requests, forwarded drafts, several companies with details in common, and the words that say
what a value is not (a doubt, a negation, a link to click), read as a case officer reads them (issue 11)."""

from __future__ import annotations

from intake.understand import understand
from tests.intake.mails import mail

OUR_BULLETS = ("Thank you, here are the missing pieces. I will be the contact person myself, mobile +47 467 82 119.\n\n"
               "Kind regards,\nAnna Kowalska\nLyngheim Digital Health AS\n\n"
               "________________________________\n"
               "From: Medisinsk utstyr <medisinsk.utstyr@dmp.example.no>\nSent: Friday, April 26, 2024 10:12\n"
               "To: Anna Kowalska <anna@lyngheim.example.no>\nSubject: SV: Registration\n\n"
               "Dear Anna Kowalska,\n\nTo complete the registration we also need:\n"
               "- contact person and the contact person's phone number\n"
               "- type of business (manufacturer, authorised representative, system/procedure pack producer)\n"
               "- a copy of the EU declaration of conformity\n\nKind regards\nPer Kristian Lunde\n")


def test_the_next_bullet_of_our_request_is_no_answer_to_the_bullet_above():
    fields = understand(mail(OUR_BULLETS, subject="RE: SV: Registration", sender="anna@lyngheim.example.no")).fields
    assert fields["business_type"].state == "missing"


def test_med_dot_utstyr_is_a_medical_device():
    body = ("Hei\n\nFirma: Lillestrøm Infusjon AS\nOrg.nr: 923 661 085\nType utstyr: med. utstyr (infusjonspumper)\n"
            "Produsent\n\nMvh Siri\n")
    assert understand(mail(body)).fields["device_type"].value == "medical_device"


FORWARDED_DRAFT = ("Hei,\n\nVideresender utkastet fra kvalitetslederen vår. Vi vil gjerne at brukernavn og passord "
                   "sendes til avsenderadressen min (denne), ikke til Kristine.\n\nMvh\nBjørn Tore Lien\n"
                   "Mjøs Additiv Medisin AS\n\n"
                   "Fra: Kristine Vold <kristine.vold@mjosadditiv.example.no>\nSendt: tirsdag 26. november 2024 11:02\n"
                   "Til: Bjørn Tore Lien <btl@mjosadditiv.example.no>\nEmne: Utkast registrering DMP\n\n"
                   "Produsent: Mjøs Additiv Medisin AS\nOrg.nr.: 923661085\nKontaktperson: Kristine Vold\n"
                   "E-post: (du bestemmer)\nType virksomhet: Produsent\n\nKristine\n")


def test_credentials_asked_for_at_the_senders_address_give_the_from_address():
    fields = understand(mail(FORWARDED_DRAFT, subject="VS: Utkast registrering DMP",
                             sender="Bjørn Tore Lien <btl@mjosadditiv.example.no>")).fields
    assert fields["email"].value == "btl@mjosadditiv.example.no"


def test_a_danish_please_use_this_address_under_an_email_label_is_the_from_address():
    body = ("Hej\n\nVirksomhed: Kattegat Diagnostik ApS\nTelefon: +45 86 12 40 77\n"
            "E-mail: brug venligst denne adresse, som jeg skriver fra\n\nVenlig hilsen\nMette Kjærgaard\n")
    fields = understand(mail(body, sender="mette@kattegatdx.example.dk")).fields
    assert fields["email"].value == "mette@kattegatdx.example.dk"


NUMBERED_REPLY = ("Dear Mr Bye,\n\nPlease find our answers below, in the same order:\n\n"
                  "1. Box 1123, 751 41 Uppsala, Sweden\n2. That would be me, Emma Berglund, +46 70 312 44 58\n"
                  "3. Manufacturer\n4. Attached: DoC_LQ-CRP.pdf (our declaration under Regulation (EU) 2017/746)\n\n"
                  "Kind regards,\nEmma Berglund\nLindqvist Diagnostics AB\n")


def test_an_answer_by_number_that_is_also_a_label_takes_nothing_from_the_next_answer():
    fields = understand(mail(NUMBERED_REPLY, subject="Re: Registration – Lindqvist Diagnostics AB",
                             sender="emma@lindqvist.example.se")).fields
    assert fields["manufacturer_name"].value == "Lindqvist Diagnostics AB"


def test_a_maker_of_fitted_devices_who_promises_the_declaration_has_it_missing_not_waived():
    body = ("Hei. Vi lager individuelt tilpassede øreinnsatser til høreapparater og vil registrere oss.\n\n"
            "Navn på produsent: Hamar Hørselsteknikk AS\nOrg.nr.: 994655922\nKontaktperson: Arne Bakken\n"
            "Samsvarserklæringen ligger på kontoret, sender den i morgen.\n\nArne\n")
    assert understand(mail(body)).fields["declaration_of_conformity"].state == "missing"


GERMAN_LEAVING = ("Sehr geehrte Damen und Herren,\n\ndie Kessler Medizintechnik GmbH ist derzeit in Ihrem Register als "
                  "Hersteller eingetragen. Zum 30.11.2025 stellen wir den Vertrieb in Norwegen ein. Wir bitten Sie daher, "
                  "unsere Registrierung zum 30.11.2025 zu löschen.\n\nMit freundlichen Grüßen\n\nDr. Katrin Weber\n"
                  "Kessler Medizintechnik GmbH\nHauptstraße 5\n78532 Tuttlingen\nDeutschland\nTel.: +49 7461 96 55 0\n")


def test_a_german_request_to_delete_the_registration_is_a_deregistration():
    found = understand(mail(GERMAN_LEAVING, subject="Abmeldung aus dem Register", sender="k.weber@kessler.example.de"))
    assert found.kind == "deregistration"


def test_a_street_postcode_and_country_on_lines_of_their_own_in_a_signature_are_one_address_abroad():
    found = understand(mail(GERMAN_LEAVING, subject="Abmeldung aus dem Register", sender="k.weber@kessler.example.de"))
    assert found.fields["visiting_address"].value == "Hauptstraße 5, 78532 Tuttlingen, Germany"


def test_a_link_to_click_is_no_website():
    body = ("Kjære bruker,\n\nPostkassen din har nådd 99% av lagringskvoten og blir deaktivert innen 24 timer.\n"
            "BEKREFT KONTO NÅ: https://dmp-login.example.com/owa/verify?u=medisinsk.utstyr%40dmp.example.no\n\n"
            "IT-Service avdeling\n")
    found = understand(mail(body, subject="Handling påkrevd: postkassen blir deaktivert", sender="it@dmp-post.example.com"))
    assert found.fields["website"].state == "missing"


def test_the_body_saying_the_forms_phone_is_wrong_and_which_is_right_corrects_it():
    body = ("Hei\n\nSender registreringsskjema for Sunnfjord Diagnostikk AS.\n"
            "NB: telefonnummeret til firmaet i skjemaet er feil, det rette er 57 72 41 00.\n\nHelsing\nIngvild\n")
    form = "Namn på produsent: Sunnfjord Diagnostikk AS\nOrganisasjonsnummer: 938439400\nTelefon: 57 72 40 00\n"
    fields = understand(mail(body, attachments=(("skjema.txt", form),))).fields
    assert fields["phone"].value == "+4757724100"


def test_the_last_word_of_a_wrapped_title_is_no_label():
    form = ("Skjema for registrering – Register for medisinsk\nutstyr\nHamar Hørselteknikk AS · utfylt 04.06.2024\n"
            "Produsent Hamar Hørselteknikk AS\nOrg.nr. 994655922\nType utstyr Medisinsk utstyr (øreinnlegg)\n")
    fields = understand(mail("Hei. Se vedlagt skjema.\n\nTor Einar\n", attachments=(("skjema.txt", form),))).fields
    assert fields["device_type"].value == "medical_device"


def test_a_kind_of_device_asked_about_is_not_stated():
    body = ("Hei,\n\nVi er et lite selskap i Bergen som har utviklet appen Pulsvakt Hjem. Vi er usikre på om dette "
            "regnes som medisinsk utstyr, og i så fall om vi må registrere oss. Kan dere gi oss en vurdering?\n\n"
            "--\nVegard Solbakken\nPulsvakt AS | Org.nr 895 208 256\n")
    found = understand(mail(body, subject="Spørsmål om registrering av app", sender="vegard@pulsvakt.example.no"))
    assert found.fields["device_type"].state == "missing"


def test_medical_devices_and_no_ivd_products_is_a_medical_device():
    body = ("Sørlandet Sterilpakk AS, org.nr. 981 766 040, setter sammen sterile prosedyrepakker og ønsker å bli "
            "registrert. Alt utstyret vi leverer er medisinsk utstyr; vi har ingen IVD-produkter.\n\nMed hilsen\nRandi\n")
    assert understand(mail(body)).fields["device_type"].value == "medical_device"


THREE_FIRMS = ("Hei,\n\nJeg sender registrering for tre av selskapene våre samlet.\n\n"
               "Foretaksnavn: Fjellro Kompresjon AS\nOrg.nr.: 930045187\nTelefon: 61 13 27 00\n\n"
               "Foretaksnavn: Fjellro Sårbehandling AS\nOrg.nr.: 910229737\nTelefon: 61 13 27 10\n\n"
               "Foretaksnavn: Fjellro Rehab AS\nOrg.nr.: 923049770\nTelefon: 62 51 88 30\n\n"
               "Felles for alle: kontaktperson er undertegnede (mobil 988 12 345), ingen telefaks, felles nettside "
               "www.fjellro.example.no.\n\nVennlig hilsen\nHanne Vik\nKvalitetssjef, Fjellro Helse\n")


def test_details_said_to_hold_for_every_company_are_the_first_companys_too():
    found = understand(mail(THREE_FIRMS, subject="Registrering av tre selskaper", sender="hanne.vik@fjellro.example.no"))
    assert found.kind == "several_companies"
    assert found.fields["website"].value == "https://www.fjellro.example.no"
    assert found.fields["contact_phone"].value == "+4798812345"


def test_a_mobile_number_said_to_be_new_outranks_the_one_in_the_quoted_form():
    body = ("Hei,\n\nVedlagt samsvarserklæringen. Merk også at jeg har fått nytt mobilnummer siden forrige e-post: "
            "926 40 119 (det gamle er sagt opp).\n\nMvh\nTone\n\n"
            "Fra: Tone Dahl <tone@kvadrat.example.no>\nSendt: 2. mai 2024 10:00\nTil: registeret\nEmne: Registrering\n\n"
            "Produsent: Kvadrat Medical AS\nOrg.nr.: 923661085\nKontaktperson: Tone Dahl\n"
            "Telefon kontaktperson: 926 40 118\n")
    assert understand(mail(body, subject="SV: Registrering")).fields["contact_phone"].value == "+4792640119"


def test_the_full_address_given_in_a_reply_completes_the_one_cut_short_below():
    body = ("Sorry about that – the full address is post@arcticdx.example.no (I copied it from an old template).\n\n"
            "Elena\n\n-----Original Message-----\nFrom: Elena Marchetti <elena@arcticdx.example.no>\n"
            "Sent: 3 March 2025 10:00\nTo: registeret\nSubject: New registration\n\n"
            "Company: Arctic Diagnostics AS\nOrganisation number: 923661085\nE-mail: post@arcticdx\n")
    fields = understand(mail(body, subject="RE: New registration", sender="elena@arcticdx.example.no")).fields
    assert (fields["email"].state, fields["email"].value) == ("ok", "post@arcticdx.example.no")


def test_a_mobile_number_broken_at_the_margin_is_read_whole():
    body = ("Hej,\n\nFöretag: Hallingdal Hjelpemiddel AS\nOrg.nr: 931 402 870\n"
            "Kontaktperson hos kunden: Per Olav Haugen (daglig leder), mobil +47 909 36\n214\n"
            "E-post till registret: post@hallingdal.example.no\n\nMed vänlig hälsning\nLinnea\n")
    assert understand(mail(body)).fields["contact_phone"].value == "+4790936214"


TWO_COLUMNS = ("Hei!\n\nHer er opplysningane, sett opp i to kolonnar:\n\n"
               " 1. Namn:      Volda Rehab Teknikk AS         8. Tlf. kontakt: same som pkt. 5\n"
               " 2. Org.nr.:   929 138 775                    9. E-post:       post@voldarehab.example.no\n"
               " 3. Besøk:     Hamnegata 8, 6100 Volda        10. Utstyr:      medisinsk utstyr\n"
               " 4. Post:      Postboks 55, 6101 Volda        11. Erklæring:   vedlagt (PDF)\n"
               " 5. Telefon:   70 07 45 60                    12. Verksemd:    produsent\n"
               " 6. Faks:      ingen                          13. Nettstad:    ingen enno\n"
               " 7. Kontakt:   Oddvar Høydal\n\nHelsing\nOddvar Høydal\n")


def test_numbered_points_in_two_columns_keep_each_value_to_its_point():
    assert understand(mail(TWO_COLUMNS)).fields["postal_address"].value == "Postboks 55, 6101 Volda"


def test_the_contacts_phone_said_to_be_the_same_as_point_five_is_the_companys():
    assert understand(mail(TWO_COLUMNS)).fields["contact_phone"].value == "+4770074560"


def test_points_lettered_a_to_m_answer_the_registers_list_in_order():
    body = ("Hei,\n\nHer er opplysningene våre, i samme rekkefølge som på siden:\n\n"
            "a) Vestlandske Laboratorieprodukter AS\nb) Org.nr. 816 994 322\nc) Besøk: Kanalveien 62, 5068 Bergen\n"
            "d) Post: Postboks 6070, 5892 Bergen\ne) Sentralbord 55 28 90 00\nf) Faks 55 28 90 01\n"
            "g) Marte Solheim, fagansvarlig IVD\nh) Direkte 938 47 210\ni) ivd-reg@vestlab.example.no\n"
            "j) In vitro-diagnostisk utstyr (IVD)\nk) EU-samsvarserklæring ligger vedlagt\nl) Vi er produsent\n"
            "m) www.vestlab.example.no\n\nMed vennlig hilsen\nMarte Solheim\n")
    assert understand(mail(body)).fields["contact_phone"].value == "+4793847210"


def test_a_label_after_the_word_for_point_and_its_number_is_read():
    body = ("God dag,\n\nNumrene er de samme som på nettsiden deres.\n\nPkt 1  Foretaksnavn: Bodø Medtek AS\n"
            "Pkt 2  Org.nr.: 924 306 599\nPkt 12 Type virksomhet: Produsent\nPkt 8  Telefon kontaktperson: 997 40 255\n"
            "\nMed vennlig hilsen\nHenrik Nilsen\n")
    fields = understand(mail(body)).fields
    assert (fields["contact_phone"].value, fields["business_type"].value) == ("+4799740255", "manufacturer")


COLLEAGUE_QUOTED = ("Hei!\n\nHer er samsvarserklæringen Per skrev at skulle ettersendes, nå signert.\n\n"
                    "Per går ut i permisjon, så bruk meg som kontaktperson videre: Lise Berg, mob 926 44 310.\n\n"
                    "Mvh Lise\n\nSendt fra min iPhone\n\n"
                    "> 12. mars 2025 kl. 14:03 skrev Per Aasen <per.aasen@lysakermedtek.example.no>:\n>\n> Hei,\n>\n"
                    "> Vi ønsker å registrere Lysaker Medtek AS. Alle firmaopplysninger står i signaturen min under.\n>\n"
                    "> Vennlig hilsen\n> Per Aasen\n>\n> Lysaker Medtek AS\n> Besøk: Lysaker Torg 25, 1366 Lysaker\n"
                    "> Sentralbord: 67 10 55 00\n> Org.nr.: 928 830 756\n")


def test_a_colleagues_mail_quoted_under_its_attribution_is_read_like_a_forwarded_one():
    fields = understand(mail(COLLEAGUE_QUOTED, subject="SV: Registrering - Lysaker Medtek AS",
                             sender="lise.berg@lysakermedtek.example.no")).fields
    assert (fields["org_number"].value, fields["phone"].value) == ("928830756", "+4767105500")


def test_the_contact_named_after_use_me_as_contact_outranks_the_colleague_who_signed_below():
    fields = understand(mail(COLLEAGUE_QUOTED, subject="SV: Registrering - Lysaker Medtek AS",
                             sender="lise.berg@lysakermedtek.example.no")).fields
    assert (fields["contact_person"].value, fields["contact_phone"].value) == ("Lise Berg", "+4792644310")


def test_no_fax_said_in_the_writers_own_list_outranks_the_fax_of_the_maker_quoted_below():
    body = ("Please find our registration below.\n\n- Company: Kvarts Regulatory AS\n- Org.nr: 923 661 085\n"
            "- Fax: n/a\n- Role: Authorised representative\n\nBest regards\nLi Na Haugen\n\n"
            "On Mon, 10 Mar 2025 at 04:12, Zhang Wei <zhangwei@jiahe-med.example.com> wrote:\n"
            "> Company name: Shenzhen Jiahe Medical Technology Co., Ltd.\n> Tel: +86 755 2888 6102\n"
            "> Fax: +86-755-2888 6103\n")
    assert understand(mail(body, subject="Registration")).fields["fax"].state == "missing"


def test_a_signatures_address_blocks_side_by_side_in_a_table_are_two_addresses():
    html = ("<p>Hei, eg har eit spørsmål om registreringa.</p><p>Venleg helsing<br>Ragnhild Lid</p>"
            "<table><tr><td colspan='2'><b>Ragnhild Lid</b><br>Voss Rehab Produkt AS</td></tr>"
            "<tr><td><b>Besøk</b><br>Uttrågata 41<br>5700 Voss</td><td><b>Post</b><br>Postboks 193<br>5702 Voss</td></tr>"
            "<tr><td colspan='2'>Sentralbord 56 51 90 00<br>Voss Rehab Produkt AS | Føretaksregisteret NO 925 241 415 MVA"
            "</td></tr></table>")
    fields = understand(mail(html, html=True, subject="Spørsmål før registrering")).fields
    assert (fields["visiting_address"].value, fields["postal_address"].value) == ("Uttrågata 41, 5700 Voss",
                                                                                 "Postboks 193, 5702 Voss")


def test_an_org_number_in_a_nynorsk_register_footer_is_read():
    body = ("Hei,\n\nVi vil registrere oss. Produsent av medisinsk utstyr.\n\nVenleg helsing\nRagnhild Lid\n"
            "Voss Rehab Produkt AS | Føretaksregisteret NO 925 241 415 MVA\n")
    assert understand(mail(body)).fields["org_number"].value == "925241415"


ANSWERS_MARKED = ("Hei Eva,\n\nJeg har svart i teksten under (merket med >>).\n\nHilsen\nKjersti\n\n"
                  "-----Opprinnelig melding-----\nFra: DMP Medisinsk utstyr <medisinsk.utstyr@dmp.example.no>\n"
                  "Sendt: onsdag 5. juni 2024 10:21\nTil: Kjersti Bakken <kjersti@innlandetplast.example.no>\n"
                  "Emne: SV: Registrering\n\nHei,\n\nVi trenger i tillegg følgende:\n\n- organisasjonsnummer\n>> 999 976 638\n"
                  "- telefonnummer til virksomheten\n>> 62 51 30 00 (sentralbord). Faks har vi ikke.\n"
                  "- e-postadresse som brukertilgangen skal sendes til\n>> kvalitet@innlandetplast.example.no\n"
                  "- kopi av EU-samsvarserklæringen\n>> Vedlagt\n\nMed vennlig hilsen\nEva Strand\n")


def test_answers_marked_with_angle_brackets_between_our_points_are_the_applicants():
    fields = understand(mail(ANSWERS_MARKED, subject="SV: Registrering")).fields
    assert (fields["org_number"].value, fields["phone"].value, fields["email"].value) == (
        "999976638", "+4762513000", "kvalitet@innlandetplast.example.no")


def test_a_reply_that_says_then_we_register_is_a_registration_though_it_thanks_for_an_answer():
    body = ("Takk for svar!\n\nDa registrerer vi oss. Vi er produsent av medisinsk utstyr (forstøvermasker). DoC er "
            "vedlagt.\n\nSara\n\nHent Outlook for iOS<https://aka.ms/o0ukef>\n\n"
            "Sara Eriksen\nOslofjord Respirasjon AS\nBesøksadresse: Henrik Gerners gate 8, 1530 Moss\n"
            "Sentralbord: 69 20 88 00 | Mobil: 415 02 377\nwww.oslofjordresp.example.no\n")
    found = understand(mail(body, subject="SV: Må vi registrere oss?", sender="sara@oslofjordresp.example.no"))
    assert found.kind == "registration"


def test_the_mail_apps_advert_link_in_the_text_is_no_website():
    body = ("Hei,\n\nVi vil registrere oss som produsent av medisinsk utstyr.\n\nSara\n\n"
            "Hent Outlook for iOS<https://aka.ms/o0ukef>\n")
    assert understand(mail(body)).fields["website"].state == "missing"


def test_the_address_i_am_writing_from_is_the_from_address():
    body = ("Hello,\n\nCompany name: Oslofjord Lab Systems AS\nOrg. no.: 833952501\n"
            "E-mail for the register: please use the address I am writing from\n\nBest regards,\nPriya\n")
    fields = understand(mail(body, sender="Priya.Raman@oslofjordlab.example.no")).fields
    assert fields["email"].value.casefold() == "priya.raman@oslofjordlab.example.no"


def test_a_compound_word_for_the_number_said_to_be_right_corrects_it():
    body = ("Hei,\n\nRiktig sentralbordnummer er 22 41 80 90 (to sifre falt ut i forrige e-post).\n\nMvh\nKari\n\n"
            "Fra: Kari <kari@nordlys.example.no>\nSendt: 3. mars 2025\nTil: registeret\nEmne: Registrering\n\n"
            "Firma: Nordlys Medisin AS\nOrg.nr.: 923661085\nTlf.: 22 41 80\n")
    assert understand(mail(body, subject="SV: Registrering")).fields["phone"].value == "+4722418090"


def test_the_maker_a_representative_says_it_represents_is_not_the_applicant():
    body = ("Hei!\nSender registrering for oss som autorisert representant for Thornbury Medical Ltd (UK).\n\n"
            "Arktisk Representasjon AS\nOrg nr 936451284\nBesøksadresse Rikard Kaarbøs gate 2, 9405 Harstad\n"
            "Tlf 77 01 88 30\nAutorisert representant\n\n"
            "Produsent: Thornbury Medical Ltd, Unit 4 Severn Park, Bristol BS35 4GG, UK. +44 117 496 0321\n\nHilsen Vegard\n")
    assert understand(mail(body)).fields["manufacturer_name"].value == "Arktisk Representasjon AS"


def test_a_vague_label_at_its_points_number_takes_the_points_meaning():
    body = ("Dear Sir/Madam,\n\nOn behalf of our principal, SeoulDx Co., Ltd. (Republic of Korea), we hereby submit our "
            "registration as authorised representative. The numbers refer to your list.\n\n"
            "12. Type of business: Authorised representative\n"
            "10. Type of device: In vitro diagnostic medical devices\n1. Name: Nordic Regulatory Bridge AS\n"
            "2. Organization no: 926 401 878\n7. Contact person: Thomas Berg-Olsen\n5. Phone: +47 67 10 45 80\n"
            "3. Visiting address: Lysaker Torg 35, 1366 Lysaker\n13. Website: https://www.nordicregbridge.example.com\n\n"
            "Kind regards,\n\nThomas Berg-Olsen\nRegulatory Affairs Manager\nNordic Regulatory Bridge AS\n")
    assert understand(mail(body)).fields["manufacturer_name"].value == "Nordic Regulatory Bridge AS"


def test_the_writers_own_earlier_mail_quoted_under_an_attribution_naming_them_is_read():
    body = ("Glemte vedlegget, her er det\n\nLars\n\n"
            "man. 17. mars 2025 kl. 21:47 skrev Lars Ødegård <lars.odegard@vestfoldsteril.example.no>:\n\n"
            "> Hei\n> Sender registrering for Vestfold Steril AS\n> Org.nr 975 959 996\n> Tlf 33 37 90 00\n"
            "> Kontaktperson Lars Ødegård tlf 932 55 108\n>\n> Mvh Lars Ødegård\n")
    fields = understand(mail(body, subject="Re: Registrering av Vestfold Steril AS",
                             sender="Lars Ødegård <lars.odegard@vestfoldsteril.example.no>")).fields
    assert (fields["org_number"].value, fields["phone"].value) == ("975959996", "+4733379000")


def test_credentials_asked_for_to_this_address_or_the_one_im_writing_from_give_the_from_address():
    for wording in ("pls use the address I'm writing from", "please send the user credentials to this address"):
        body = f"Hi\n\nCompany: Kirurgisett Norge AS\nOrg.nr: 923661085\nE-mail: {wording}\n\nEmma\n"
        fields = understand(mail(body, sender="emma.clarke@kirurgisett.example.no")).fields
        assert fields["email"].value == "emma.clarke@kirurgisett.example.no", wording


def test_an_email_label_in_two_languages_ends_at_its_colon():
    body = ("Hello,\n\n- Company: Nidaros Lab Utstyr AS\n- Org.nr: 923661085\n"
            "- E-post for innlogging / login e-mail: register@nidaroslab.example.no\n\nAhmed\n")
    assert understand(mail(body)).fields["email"].value == "register@nidaroslab.example.no"


FORWARDED_MAKER = ("Hei,\n\nVi er autorisert representant for Pennine Orthotics Ltd (UK), se videresendt e-post under. "
                   "Vi ber om at Medreg Consult Bergen AS registreres som autorisert representant.\n\n"
                   "Medreg Consult Bergen AS\nOrg.nr. 914 527 838\nKong Oscars gate 62, 5017 Bergen\nTlf. 55 30 21 80\n"
                   "Kontaktperson: Siri Tveit Haugland, mobil 915 44 208\n\nMed vennlig hilsen\nSiri Tveit Haugland\n\n"
                   "From: Tom Brearley <tom.brearley@pennineorthotics.example.co.uk>\n"
                   "Sent: Tuesday, November 12, 2024 4:21 PM\nTo: Siri Tveit Haugland <siri@medregconsult.example.no>\n"
                   "Subject: Norwegian registration\n\nHi Siri,\n\nOur details, in case DMP needs them:\n"
                   "Pennine Orthotics Ltd\nUnit 12, Holbeck Park, Leeds LS11 9HJ, United Kingdom\n"
                   "Tel: +44 (0)113 496 0712\nCompany no. 06123478\n\nCheers,\nTom\n")


def test_a_representative_naming_itself_as_such_keeps_its_own_numbers_over_the_forwarded_makers():
    fields = understand(mail(FORWARDED_MAKER, subject="VS: Norwegian registration")).fields
    assert fields["phone"].value == "+4755302180"


def test_a_company_number_is_no_company_name():
    body = "Hi,\n\nPlease register us.\n\nPennine Orthotics Ltd\nCompany no. 06123478\nTel: +44 113 496 0712\n"
    assert understand(mail(body, subject="Registration")).fields["manufacturer_name"].value == "Pennine Orthotics Ltd"
