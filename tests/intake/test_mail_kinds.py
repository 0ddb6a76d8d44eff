"""What a mail is decides what it gets: a deregistration is acknowledged without questions, an
incident is pointed to where incidents are reported, noise is not answered, several companies and
portal relays go to staff."""

from __future__ import annotations

from intake.plan.decide import decide
from intake.understand import understand
from tests.intake.mails import mail as mail_to_register


def mail(body: str, *, subject: str, sender: str = "Jon Aasen <jon@aasentann.example.no>") -> bytes:
    """Each mail here names its subject: a mail's kind is read from its subject as well as its body."""
    return mail_to_register(body, subject=subject, sender=sender)


DEREGISTER = mail("Hei,\n\nEg har lagt ned verksemda mi, Aasen Tannteknikk, org.nr. 974 760 673, frå 1. desember. "
                  "Ver venleg og slett verksemda frå Register for medisinsk utstyr.\n\nHelsing Jon Aasen\n",
                  subject="Avregistrering")
INCIDENT = mail("Hei,\n\nEg vil melde frå om ei hending med eit løfteseil: ein stropp revna medan to pleiarar "
                "flytta ein bebuar. Kven skal vi melde til?\n\nHelsing Sølvi\n", subject="Melding om hending med løfteseil")
INVOICE = mail("Hei,\n\nVedlagt følger faktura 2024-10377.\nForfallsdato: 15.03.2024\nKID: 0055120103771\n"
               "Kontonummer: 1503.44.87112\n", subject="Faktura 2024-10377 fra Kontorhuset AS",
               sender="faktura@kontorhuset.example.no")
TWO = mail("Hei,\n\nJeg sender registrering for to produsenter.\n\n1) Fjordlab AS\nOrg.nr: 912 345 688\n"
           "Telefon: 55 12 34 56\n\n2) Kystlab AS\nOrg.nr: 974 760 673\nTelefon: 55 99 88 77\nFaks: 55 99 88 78\n",
           subject="Registrering av to produsenter")
RELAY = mail("Nytt skjema innsendt via Skjemaportalen.\n\nForetaksnavn: Fjordlab AS\nOrganisasjonsnummer: 912345688\n"
             "Telefon: 55 12 34 56\nE-post: post@fjordlab.example.no\n", subject="Nytt skjema innsendt: Registrering",
             sender="no-reply@skjemaportal.example.no")


def test_deregistration_is_acknowledged_and_sent_to_staff_without_field_requests():
    found = understand(DEREGISTER)
    decision = decide(found, context=None)
    assert found.kind == "deregistration"
    assert (decision.kind, decision.status, decision.reply) == ("deregistration", "needs_staff", "deregistration_received")
    assert found.fields["org_number"].value == "974760673" and found.fields["phone"].state == "missing"


def test_incident_report_is_told_where_incidents_go_and_asserts_nothing_of_the_device():
    found = understand(INCIDENT)
    decision = decide(found, context=None)
    assert (found.kind, decision.reply) == ("incident", "incident_received")
    # Signed 'Sølvi' from Jon Aasen's account: not Jon, and Sølvi's full name is not known.
    assert all(result.state == "missing" for result in found.fields.values())


def test_invoice_is_not_answered_but_visible_to_staff():
    decision = decide(understand(INVOICE), context=None)
    assert (decision.kind, decision.reply, decision.status) == ("noise", None, "needs_staff")


def test_several_companies_are_one_case_for_staff_with_the_first_company_only():
    found = understand(TWO)
    decision = decide(found, context=None)
    assert found.kind == "several_companies" and decision.status == "needs_staff" and decision.reply is None
    assert found.fields["org_number"].value == "912345688"
    assert found.fields["fax"].state == "missing"  # the second company's fax is not the first's


def test_portal_relay_is_read_fully_and_not_answered():
    found = understand(RELAY)
    decision = decide(found, context=None)
    assert found.kind == "portal_relay" and found.fields["manufacturer_name"].value == "Fjordlab AS"
    assert decision.reply is None and "relayed_by_portal" in decision.flags


def test_a_full_registration_is_one_whatever_its_subject_says():
    raw = mail("Firmanavn: Fjordlab AS\nOrg.nr: 912 345 688\nBesøksadresse: Strandgaten 12, 5013 Bergen\n"
               "Telefon: 55 12 34 56\nKontaktperson: Åse Lid\nE-post: ase@fjordlab.example.no\n"
               "Type utstyr: medisinsk utstyr\nType virksomhet: produsent\n",
               subject="Registrering før konferanse", sender="ase@fjordlab.example.no")
    assert understand(raw).kind == "registration"


def test_a_newsletter_from_a_newsletter_address_is_noise_though_it_names_a_company_and_changes():
    letter = mail("Kjære abonnent,\n\nTips: Har du oppdatert samsvarserklæringene dine fra MDD til MDR?\n"
                  "Kurs i april – meld deg på her.\n\nNordic MedReg Consulting AS · Org.nr 999 999 999\n",
                  subject="MedReg Nytt: MDR-frister og kurs", sender="MedReg Nytt <nyhetsbrev@medreg.example.no>")
    found = understand(letter)
    assert found.kind == "noise" and decide(found, context=None).reply is None
    # Only what it states of its sender: no contact or address taken from the newsletter's From header.
    assert found.fields["contact_person"].state == found.fields["email"].state == "missing"


def test_a_burn_from_a_device_told_as_a_complaint_is_an_incident():
    body = ("Hei\n\nMin far fikk nye høreapparater i januar. Det ene ble veldig varmt og han fikk en liten brannskade "
            "i huden. Det står \"EC REP Nordlyd Import AS\" på esken.\n\nHilsen\nRandi Myhre\ntlf 915 03 288\n")
    assert understand(mail(body, subject="Klage på høreapparat")).kind == "incident"


def test_an_incident_forwarded_under_a_thunderbird_header_that_opens_with_the_subject_is_an_incident():
    body = ("Hei,\n\nVi fikk denne fra en sykepleier og sender den videre.\n\nVennlig hilsen\nMarius Engen\n\n"
            "-------- Videresendt melding --------\nEmne: Pumpe\nDato: 14.10.2024 22:47\nFra: Line Osmundsen\n"
            "Til: Marius Engen\n\nI natt stoppet en infusjonspumpe midt i en infusjon. Pasienten fikk forsinket dose.\n\n"
            "Line Osmundsen\nTlf. 55 97 44 10\n")
    assert understand(mail(body, subject="VS: Pumpe")).kind == "incident"


def test_a_bounce_of_our_own_mail_is_noise():
    body = ("This is the mail system at host mx1.dmp.no.\n\nI'm sorry to have to inform you that your message could not\n"
            "be delivered to one or more recipients.\n\n<post@fjordlab.example.no>: host mx.fjordlab.example.no said: 550 "
            "5.1.1 User unknown\n")
    raw = mail(body, subject="Undelivered Mail Returned to Sender", sender="MAILER-DAEMON@mx1.dmp.no")
    assert understand(raw).kind == "noise"


def test_an_incident_signed_with_the_firms_full_details_is_still_an_incident():
    body = ("Hei,\n\nVi vil melde fra om en hendelse med en elektrisk behandlingsbenk: høydejusteringen sviktet og "
            "benken seg brått ned under behandling. Pasienten fikk et lite kutt.\n\nMed vennlig hilsen\nCamilla Strand\n"
            "Fagansvarlig fysioterapeut\nHønefoss Fysioterapi AS\nOrg.nr. 912 345 688\nStorgata 5, 3510 Hønefoss\n"
            "Tlf. 32 12 40 80 / mobil 917 66 305\npost@honefossfysio.example.no\n")
    found = understand(mail(body, subject="Melding om uønsket hendelse - behandlingsbenk"))
    assert found.kind == "incident"
    assert found.fields["manufacturer_name"].value == "Hønefoss Fysioterapi AS"


def test_bulk_mail_is_noise_though_its_words_ask_to_be_removed():
    raw = mail("Kære kunde,\n\nUDI-etiketter klar til MDR. Ønsker du ikke flere tilbud, kan du blive slettet fra "
               "listen her.\n", subject="UDI-etiketter klar til MDR")
    raw = raw.replace(b"Subject:", b"Precedence: bulk\nList-Unsubscribe: <mailto:avmeld@etikett.example.no>\nSubject:", 1)
    assert understand(raw).kind == "noise"


def test_a_question_by_its_subject_is_one_though_its_body_says_the_maker_is_already_registered():
    body = ("Dear Sir or Madam,\n\nOur manufacturer is already registered in Denmark. We would be grateful if you "
            "could clarify the following:\n\n1. Is a separate registration required for our sales office?\n"
            "2. Is there a fee?\n\nRespectfully,\nJennifer Castellano\n")
    assert understand(mail(body, subject="Question regarding registration requirement")).kind == "question"


def test_a_password_that_never_came_asked_for_again_under_a_signature_is_a_question():
    body = ("Hei, passordet som skulle komme i egen e-post har aldri kommet (har sjekket søppelpost også). "
            "Kan dere sende det på nytt til denne adressen?\n\nMvh Ingvild Rønning\nHadeland Helseteknikk AS\n"
            "mob 976 22 410\n")
    assert understand(mail(body, subject="Re: Brukernavn og passord")).kind == "question"


def test_a_danish_aendring_with_a_before_and_after_table_is_an_update_read_as_the_new_values():
    body = ("Hej\n\nVi skal opdatere oplysningerne for vores norske filial Hvidbjerg Rehab A/S NUF (org.nr. 926 718 436).\n\n"
            "\tTidligere\tNy (fra 1. december 2024)\n"
            "Besøgsadresse\tBrynsveien 13, 0667 Oslo\tØkernveien 94, 0579 Oslo\n"
            "Postadresse\tSom besøgsadresse\tSom ny besøgsadresse (Økernveien 94, 0579 Oslo)\n"
            "Kontaktperson\tMikkel Rasmussen\tCamilla Bjerke, filialleder\n\nMed venlig hilsen\nMikkel\n")
    understood = understand(mail(body, subject="Ændring af oplysninger - Hvidbjerg Rehab A/S NUF",
                                 sender="Mikkel Rasmussen <mhr@hvidbjerg.example.dk>"))
    assert understood.kind == "update"
    assert understood.fields["visiting_address"].value == "Økernveien 94, 0579 Oslo"
    assert understood.fields["postal_address"].value == "Økernveien 94, 0579 Oslo"


def test_two_companies_in_the_columns_of_one_table_give_the_first_columns_company():
    body = ("Kære registreringsenhed\n\nVi bistår to kunder, som begge skal registreres.\n\n"
            "1) Sauerland Medizintechnik GmbH er tysk fabrikant af kirurgiske instrumenter.\n"
            "2) Fjordmed Representant AS er norsk autoriseret repræsentant.\n\n"
            "Firmanavn\tSauerland Medizintechnik GmbH\tFjordmed Representant AS\n"
            "Norsk org.nr.\t–\t932 664 704\n"
            "Besøgsadresse\tHagener Straße 210, 58809 Neuenrade, Tyskland\tStrandkaien 2, 4005 Stavanger\n"
            "Kontaktperson\tJörg Wiesemann\tHilde Tjøstheim\n"
            "Rolle\tfabrikant\tautoriseret repræsentant\n\nVenlig hilsen\nLars Andersen\n")
    understood = understand(mail(body, subject="Registrering af to virksomheder"))
    assert understood.kind == "several_companies"
    assert understood.fields["contact_person"].value == "Jörg Wiesemann"
    assert understood.fields["org_number"].state == "missing"  # the second company's number is not the first's


def test_a_danish_request_to_be_deregistered_is_a_deregistration():
    body = ("Kære Direktoratet,\n\nVores mandat som autoriseret repræsentant ophører pr. 31. marts 2025. Vi beder derfor "
            "om, at Scandi Rep Norge AS (org.nr. 983116477) afregistreres fra registeret.\n\nMed venlig hilsen\n"
            "Niels Brandt\nScandi Rep Norge AS\nTlf. +45 70 20 55 90\n")
    assert understand(mail(body, subject="Afregistrering - Scandi Rep Norge AS")).kind == "deregistration"


def test_a_query_in_the_subject_with_a_consultants_full_signature_is_a_question():
    body = ("Dear Sir or Madam,\n\nI am writing on behalf of a client, a Swiss manufacturer, and would be grateful for "
            "your guidance before we prepare any submission.\n\nKind regards,\n\nEleanor Hughes\n"
            "Thames Regulatory Partners Ltd\n71 Fenchurch Street, London EC3M 4BR, United Kingdom\n"
            "Switchboard: +44 20 7946 0410\nDirect: +44 20 7946 0437\nEmail: e.hughes@thames-rp.example.com\n"
            "Web: www.thames-rp.example.com\n")
    found = understand(mail(body, subject="Query: registration requirements for a non-EU manufacturer",
                            sender="e.hughes@thames-rp.example.com"))
    assert found.kind == "question"


def test_a_danish_address_change_is_an_update():
    body = ("Hej,\n\nVi er allerede registreret hos jer som fabrikant af medicinsk udstyr (Kattegat Medico A/S, NUF, "
            "norsk org.nr. 995831201). Vores norske afdeling er flyttet til Lilleakerveien 8, 0283 Oslo.\n\n"
            "Venlig hilsen\nSøren Vestergaard\nRegulatory Affairs Specialist\nKattegat Medico A/S\n"
            "Tlf. +45 86 12 40 00 | Mobil +45 40 12 33 21\ninfo@kattegatmedico.example.dk | www.kattegatmedico.example.dk\n")
    assert understand(mail(body, subject="Adresseændring – Kattegat Medico A/S, NUF")).kind == "update"


def test_a_detail_struck_from_the_register_is_an_update_not_a_deregistration():
    body = ("Hei\n\nVi har fått nytt telefonnummer til sentralbordet: 57 72 18 40.\n\n"
            "Faksen har vi sagt opp, så den kan de berre slette frå registeret.\n\nElles er alt som før.\n\n"
            "Helsing\nEirik Hovland\nSunnfjord Hjelpemiddel AS\n")
    assert understand(mail(body, subject="Nytt telefonnummer")).kind == "update"


def test_a_firm_struck_from_the_register_is_a_deregistration():
    body = "Hei\n\nFirmaet er lagt ned, så de kan slette oss frå registeret.\n\nHelsing\nEirik Hovland\n"
    assert understand(mail(body, subject="Sletting")).kind == "deregistration"


NEWSLETTER_BODY = ("MDR-nytt november\n\nNye krav til produsenter av medisinsk utstyr og in vitro-diagnostisk utstyr: "
                   "dette må produsenter og autoriserte representanter vite om EUDAMED.\n\n"
                   "Regelverkshuset AS\nOrg.nr. 974 760 673\nStorgata 5, 0155 Oslo\nTelefon 22 33 44 55\n"
                   "post@regelverkshuset.example.no\nwww.regelverkshuset.example.no\n")


def test_a_newsletter_sent_in_bulk_is_noise_however_much_its_footer_states():
    raw = mail(NEWSLETTER_BODY, subject="MDR-nytt: EUDAMED og registrering", sender="MDR-nytt <nyhetsbrev@example.net>")
    headers = (b"Precedence: bulk\r\nList-Unsubscribe: <mailto:unsubscribe@example.net>\r\n"
               b"List-Id: MDR-nytt <mdr-nytt.example.net>\r\n")
    assert understand(headers + raw).kind == "noise"


def test_a_registration_through_a_group_list_is_still_read_as_one():
    body = ("Hei,\n\nVi ønsker å registrere oss.\n\nFirma: Aasen Tannteknikk AS\nOrg.nr.: 974 760 673\n"
            "Adresse: Storgata 5, 0155 Oslo\nTelefon: 22 33 44 55\nKontaktperson: Jon Aasen, 915 20 330\n"
            "E-post: post@aasentann.example.no\nVi er produsent av medisinsk utstyr.\n\nHilsen Jon\n")
    headers = b"Precedence: list\r\nList-Id: <styret.aasentann.example.no>\r\n"
    assert understand(headers + mail(body, subject="Registrering")).kind == "registration"


def test_an_invoice_for_a_course_on_medical_devices_is_noise():
    body = ("Hei,\n\nVedlagt følger faktura 20451 fra Steriltek Service AS.\nFakturadato: 02.06.2025\n"
            "Forfallsdato: 16.06.2025\nKontonummer: 1503.27.84112\nKID: 0020451008\n"
            "Fakturaen gjelder: Kurs «Reprosessering av medisinsk utstyr», 2 deltakere.\n\n"
            "Spørsmål om fakturaen kan rettes til faktura@steriltek.example.no.\n\n"
            "Steriltek Service AS\nOrg.nr. 977406633 MVA\nSkolegata 11, 3181 Horten\nTlf. 33 03 51 70\n"
            "www.steriltek.example.no\nProdusent av medisinsk utstyr.\n")
    assert understand(mail(body, subject="Faktura 20451 fra Steriltek Service AS")).kind == "noise"


def test_a_firm_asking_whether_it_must_register_its_app_asks_a_question():
    body = ("Hei,\n\nVi er eit lite selskap i Førde som har laga ein app for oppfølging av KOLS-pasientar heime.\n\n"
            "Spørsmålet vårt er om appen er å rekne som medisinsk utstyr, og om vi i så fall må registrere oss hos "
            "dykk før vi lanserer han. Kva klasse vil ein slik app få etter MDR?\n\nVenleg helsing\nEirik Hovland\n"
            "Dagleg leiar\nSunnfjord Helseapp AS\nOrg.nr. 953 536 285\nHafstadvegen 20, 6800 Førde\nTlf. 57 72 10 40\n"
            "eirik@sunnfjordhelseapp.example.no\nwww.sunnfjordhelseapp.example.no\n")
    assert understand(mail(body, subject="App og registrering")).kind == "question"
