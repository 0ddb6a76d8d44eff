"""Replies, forms and sheets read as a case officer reads them: answers typed under our quoted questions,
a reply that sends the registration, one document with a section per company, a form's ticked answers, a
sheet's notes column, and an update's statements (issue 11)."""

from __future__ import annotations

from intake.understand import understand
from tests.intake.mails import mail


INTERLEAVED = ("On Thu, Feb 20, 2025 at 09:41:07 +0000, DMP Registrering wrote:\n> Hei,\n>\n"
               "> 1. Organisasjonsnummeret dere oppga (93461526) har bare 8 siffer. Kan\n>    dere sjekke det?\n\n"
               "Beklager, et siffer falt ut. Riktig er 934 615 263.\n\n> 2. Vi mangler postadresse.\n\n"
               "Samme som besøksadressen, vi har ikke postboks.\n\n"
               "> 3. Hvilken e-postadresse skal brukes for tilgangen?\n\n"
               "Bruk dmp@audiometrix.example.no -- det er en delt adresse.\n\n"
               "> Med vennlig hilsen\n> Registerforvaltningen\n>\n"
               "> -----Opprinnelig melding-----\n> Fra: Mathias Dahl <mathias.n.dahl@gmail.example.com>\n"
               "> Sendt: tirsdag 18. februar 2025 22:15\n> Til: DMP Registrering <registrering@dmp.example.no>\n"
               "> Emne: Registrering Audiometrix\n>\n> Hei! Vi i Audiometrix AS lager appen HøreSjekk.\n"
               "> Organisasjonsnummer 93461526.\n> Vi sitter i Gullhaugveien 9, 0484 Oslo.\n\nMvh\nMathias\n")


def _interleaved():
    return understand(mail(INTERLEAVED, subject="Re: SV: Registrering Audiometrix",
                           sender="Mathias Dahl <mathias@audiometrix.example.no>")).fields


def test_a_number_typed_under_our_quoted_question_about_it_answers_it():
    assert _interleaved()["org_number"].value == "934615263"


def test_the_same_typed_under_our_question_about_the_postal_address_answers_it():
    assert _interleaved()["postal_address"].value == "Gullhaugveien 9, 0484 Oslo"


def test_a_reply_sending_the_registration_to_a_question_of_ours_is_a_registration():
    body = ("Hei igjen, og takk for raskt svar!\n\nDå sender vi registreringa no. Samsvarserklæringa ligg ved, og "
            "resten står i signaturen.\n\nHelsing Eirin\n\n-- \nEirin Solheim Bakke\nNordfjord Pusteteknikk AS\n"
            "Org.nr. 866 162 824\nSjøgata 12, 6770 Nordfjordeid\nTlf. 57 86 40 10 | Mob. 482 55 190\n\n"
            "Den 2024-10-25 13:02, Registrering DMP skreiv:\n> Hei,\n>\n> Ja, som produsent må de vere registrerte.\n"
            ">\n> -----Opprinneleg melding-----\n> Frå: Eirin Solheim Bakke <eirin@nordfjordpust.example.no>\n"
            "> Sendt: onsdag 23. oktober 2024 09:14\n> Til: registrering@dmp.example.no\n"
            "> Emne: Må vi registrere oss?\n>\n> Hei\n>\n> Vi lagar PEP-fløyter. Må vi registrere oss hos dykk, og "
            "kva må vi i så fall sende inn?\n")
    assert understand(mail(body, subject="Re: Må vi registrere oss?")).kind == "registration"


TWO_SECTIONS = ("1  Kvikkmed AS\nForetaksnavn: Kvikkmed AS\nOrganisasjonsnummer: 913 450 604\n"
                "Besøksadresse: Sjøgata 21, 8006 Bodø\nTelefon: 75 50 88 00\nTelefaks: ikke aktuelt\n\n"
                "2  Havsul Diagnostikk AS\nForetaksnavn: Havsul Diagnostikk AS\nOrganisasjonsnummer: 925 667 811\n"
                "Besøksadresse: Strandkaien 6, 5013 Bergen\nTelefon: 55 30 12 90\nTelefaks: 70 17 62 01\n")


def test_of_one_document_with_a_section_per_company_only_the_first_section_is_read():
    body = ("Hei,\n\nJeg bistår to selskap med registrering: Kvikkmed AS og Havsul Diagnostikk AS. "
            "Opplysningene står i vedlagte dokument.\n\nHilsen Kari\n")
    understood = understand(mail(body, subject="Registrering av to kunder",
                                 attachments=(("Registreringsopplysninger.txt", TWO_SECTIONS),)))
    assert understood.kind == "several_companies"
    assert understood.fields["fax"].state == "missing"


FILLED_FORM = ("Virksomhetens navn: Kjeller Bioassay AS\nOrganisasjonsnummer: 932308231\n"
               "Besøksadresse: Instituttveien 18, 2007 Kjeller\nTelefon: 63 80 64 00\nKontaktperson: Ragnhild Tveter\n"
               "In vitro-diagnostisk utstyr (IVD): Ja\nProdusent: Ja\nEU-samsvarserklæring er vedlagt: Ja\n"
               "Registrering av virksomhet – medisinsk utstyr og IVD\nType utstyr\nMedisinsk utstyr\n"
               "In vitro-diagnostisk utstyr (IVD)\n")


def _filled_form():
    return understand(mail("Hei\n\nVedlagt utfylt registreringsskjema.\n\nMvh Ragnhild Tveter\n",
                           attachments=(("Registreringsskjema_utfylt.txt", FILLED_FORM),)))


def test_a_kind_of_device_answered_yes_is_the_device_type():
    assert _filled_form().fields["device_type"].value == "ivd"


def test_a_forms_numbered_question_about_the_declaration_over_its_tick_boxes_is_no_declaration_title():
    form = ("Registreringsskjema – produsenter av medisinsk utstyr\n1 Virksomhetens navn\nArktisk Reagens AS\n"
            "2 Organisasjonsnummer (9 siffer)\n967859656\n10 Type utstyr\n"
            "☐ Medisinsk utstyr ☒ In vitro-diagnostisk utstyr (IVD)\n11 EU-samsvarserklæring\n"
            "☒ Vedlagt ☐ Ikke påkrevd (spesialtilpasset)\n")
    found = understand(mail("Hei,\n\nHer kommer utfylt registreringsskjema.\n\nMvh Sigrid\n",
                            attachments=(("Registreringsskjema.txt", form),)))
    assert not found.message.attachments[0].doc.is_declaration
    assert found.fields["org_number"].value == "967859656"


def test_a_postcode_and_town_noted_beside_a_sheets_street_complete_it():
    from intake.layouts.table_text import table_lines

    rows = [["Opplysning", "Verdi", "Kommentar"], ["Navn på virksomhet", "Saltenmed AS", ""],
            ["Besøksadresse", "Sjøgata 21", "8006 Bodø"], ["Telefon", "75 50 12 80", "sentralbord"]]
    lines = table_lines(rows)
    assert "Besøksadresse: Sjøgata 21, 8006 Bodø" in lines
    assert "Telefon: 75 50 12 80" in lines


def test_a_title_run_into_the_contacts_name_from_a_sheets_next_cell_is_dropped():
    body = "Hei\n\nFirma: Saltenmed AS\nOrg.nr: 911 796 775\nKontaktperson: Solveig Hjelmeland Daglig leder\n\nHilsen\n"
    assert understand(mail(body)).fields["contact_person"].value == "Solveig Hjelmeland"


def test_a_post_box_under_an_address_label_is_the_postal_address_when_a_visiting_one_is_given_later():
    body = ("Dear Solveig,\n\nVisiting address: Stakkevollvegen 65, 9010 Tromsø (the P.O. box is our postal address)."
            "\n\nBest regards,\nLukas\n\nOn Tue, 10 Jun 2025 at 14:02, Registrering "
            "<registrering@dmp.example.no> wrote:"
            "\n> Dear Lukas,\n> We need your visiting address.\n>\n"
            "> From: Lukas Becker <lukas.becker@polarsterilekits.example.no>\n> Sent: Friday, June 6, 2025 10:18 AM\n"
            "> To: Registrering <registrering@dmp.example.no>\n> Subject: Registration Polar Sterile Kits AS\n>\n"
            "> Company: Polar Sterile Kits AS\n> Address: Postboks 1090, 9261 Tromsø\n> Phone: 77 60 45 00\n")
    fields = understand(mail(body, subject="Re: SV: Registration Polar Sterile Kits AS")).fields
    assert fields["visiting_address"].value == "Stakkevollvegen 65, 9010 Tromsø"
    assert fields["postal_address"].value == "Postboks 1090, 9261 Tromsø"


def test_a_question_naming_the_postal_address_before_the_visiting_one_asks_for_the_postal():
    body = ("On Thu, Apr 3, 2025 at 09:00, Registrering <registrering@dmp.example.no> wrote:\n"
            "> 2. Kva er postadressa? Er ho den same som besøksadressa?\nSame som besøksadressa.\n\nHelsing Eirik\n\n"
            "Sunnfjord Tannteknikk AS\nBesøksadresse: Hafstadvegen 22, 6800 Førde\n")
    assert understand(mail(body)).fields["postal_address"].value == "Hafstadvegen 22, 6800 Førde"


def test_an_update_saying_post_shall_now_go_to_the_same_address_changes_the_postal_address():
    body = ("Hei,\n\nVi er allereie registrerte hjå dykk, men vi har flytta.\n\nNy adresse: Kokstaddalen 4, "
            "5257 Kokstad"
            "\n\nPostboksen er sagt opp, så post skal no gå til same adresse som besøksadressa.\n\n"
            "Venleg helsing\nGunnhild Tveit\nHordaland Sårprodukt AS\n")
    fields = understand(mail(body, subject="Ny adresse - Hordaland Sårprodukt AS (org.nr 923 661 891)")).fields
    assert fields["postal_address"].value == "Kokstaddalen 4, 5257 Kokstad"


REQUEST_ANSWERED = (
    "Hello,\n\nPlease see our answers below.\n\nBest regards,\nAoife\n\n"
    "From: Registeret for medisinsk utstyr <registrering@dmp.example.no>\nSent: Wednesday, March 12, 2025 2:18 PM\n"
    "To: Regulatory <regulatory@kestrel.example.com>\nSubject: SV: Registration - Kestrel Surgical Ltd\n\n"
    "Dear Sir/Madam,\n\nTo complete the registration we need the following information:\n\n"
    "1. Company telephone number (and fax, if any)\n+353 21 431 8800. We have no fax.\n"
    "2. Contact person with direct telephone number\nAoife Brennan (myself), mobile +353 87 224 6190\n"
    "3. Organisasjonsnummer\n4. Bekreftelse på om dere produserer medisinsk utstyr eller IVD\n\n"
    "Kind regards\nRegisteret for medisinsk utstyr\n")


def test_a_request_point_naming_more_than_the_field_is_answered_on_the_line_under_it():
    fields = understand(mail(REQUEST_ANSWERED, subject="RE: Registration", sender="aoife@kestrel.example.com")).fields
    assert (fields["phone"].value, fields["contact_person"].value) == ("+353214318800", "Aoife Brennan")


def test_the_next_numbered_point_of_our_request_is_no_answer_to_the_one_above():
    fields = understand(mail(REQUEST_ANSWERED, subject="RE: Registration", sender="aoife@kestrel.example.com")).fields
    assert fields["org_number"].state == "missing"
