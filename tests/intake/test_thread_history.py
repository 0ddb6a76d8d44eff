"""A reply to our request that quotes it, with the applicant's registration quoted beneath: the case
officer reads the thread as one registration, the new text first (issue 11)."""

from __future__ import annotations

from intake.fields.extract import extract_fields
from intake.layouts.zones import HISTORY, OURS, QUOTED, classify

ORIGINAL = ("Hei, vi vil registrere oss.\n\nMolde Ergonomi AS\nOrg.nr.: 985 302 660\nStorgata 31, 6413 Molde\n"
            "Post: Postboks 2150, 6402 Molde\nTlf: 71 20 40 00\nKontakt: Siri Eidem, 473 90 218\n\nMvh Siri Eidem\n")
OUR_REQUEST = "Hei,\n\nOrganisasjonsnummeret dere har oppgitt er ikke gyldig.\n\nVennlig hilsen\nRegisteret\n"


def quoted(text: str, depth: int) -> str:
    return "\n".join(">" * depth + (" " + line if line else "") for line in text.splitlines())


def reply(new: str, *, ours: str = "Registeret for medisinsk utstyr <register@dmp.example.no>") -> str:
    return (f"{new}\n\nDen 25.02.2025 kl. 14:20 skrev {ours}:\n{quoted(OUR_REQUEST, 1)}\n"
            f">\n>> Den 24.02.2025 kl. 09:02 skrev Siri Eidem <siri@molde-ergonomi.example.no>:\n{quoted(ORIGINAL, 2)}\n")


def values(text: str) -> dict[str, str]:
    return {k: r.value for k, r in extract_fields(text).items()}


def test_the_registration_quoted_under_our_request_is_read():
    found = values(reply("Legger ved samsvarserklæringen på nytt.\n\nSiri"))
    assert found["postal_address"] == "Postboks 2150, 6402 Molde"
    assert found["contact_person"] == "Siri Eidem" and found["phone"] == "71 20 40 00"


def test_the_new_text_comes_before_the_quoted_registration_even_in_a_sentence():
    found = values(reply("Beklager, det var en tastefeil. Riktig org.nr. er 985 302 669.\n\nSiri"))
    assert found["org_number"] == "985 302 669"


def test_our_own_request_quoted_back_stays_ours():
    zones = {line.text: line.zone for line in classify(reply("Se vedlegg."))}
    assert zones["Organisasjonsnummeret dere har oppgitt er ikke gyldig."] == QUOTED
    assert zones["Org.nr.: 985 302 660"] == HISTORY


def test_a_mail_quoted_without_our_request_above_it_is_not_new_data():
    text = "Takk!\n\nDen 24.02.2025 kl. 09:02 skrev Siri Eidem <siri@molde-ergonomi.example.no>:\n" + quoted(ORIGINAL, 1)
    assert "org_number" not in values(text) and "postal_address" not in values(text)


def test_under_our_request_a_quoted_outlook_header_opens_the_applicants_earlier_mail():
    text = ("Og beklager – sentralbordnummeret var feil. Riktig nummer er 55 30 88 00, ikke 55 30 80 00.\n\nIngrid\n\n"
            "Den tir. 3. nov. 2026 kl. 10:15 skrev Register for medisinsk utstyr <medisinsk.utstyr@dmp.no>:\n"
            "> Hei,\n> Før vi kan registrere dere mangler vi postadresse.\n>\n"
            "> Fra: Ingrid Sæther <regulatory@bryggenmedical.example.no>\n> Sendt: 30. oktober 2026 15:48\n"
            "> Emne: Registrering\n>\n>> Firmanavn: Bryggen Medical AS\n>> Telefon: 55 30 80 00\n")
    assert values(text)["phone"] == "55 30 88 00" and values(text)["manufacturer_name"] == "Bryggen Medical AS"


def test_a_number_wrapped_onto_the_next_line_after_its_word_is_read():
    text = ("Hei, vi er Fjellvital AS, produsent av medisinsk utstyr. Besøksadresse Storgata 50. Telefon\n"
            "61 25 88 00, faks 61 25 88 01.\n")
    assert values(text)["phone"] == "61 25 88 00"


def test_the_contact_and_their_number_typed_under_our_question_give_both():
    text = ("Hei,\n\nDen 3. mars 2025 skrev Register for medisinsk utstyr <medisinsk.utstyr@dmp.no>:\n"
            "> Vi mangler:\n> Kontaktperson:\nOla Hansen, 900 11 222\n>\n> Med vennlig hilsen\n")
    found = values(text)
    assert found["contact_person"] == "Ola Hansen" and found["contact_phone"] == "900 11 222"


def test_answers_marked_svar_under_our_questions_are_read_without_the_mark():
    text = ("Hei, se svar under (merket SVAR).\n\nHilde\n\n-----Opprinnelig melding-----\n"
            "Fra: Registeret for medisinsk utstyr <medisinsk.utstyr@dmp.no>\nSendt: 8. oktober 2024 09:40\n"
            "Emne: Registrering\n\nVennligst oppgi:\n\nNavn på virksomheten:\nSVAR: Tønsberg Medico AS\n\n"
            "Organisasjonsnummer:\nSVAR: 914022185\n\nKontaktperson og telefon:\nSvar: Hilde Aas, 922 11 455\n")
    found = values(text)
    assert found["manufacturer_name"] == "Tønsberg Medico AS" and found["org_number"] == "914022185"
    assert found["contact_person"] == "Hilde Aas"


def test_under_our_unquoted_outlook_request_the_applicants_earlier_mail_is_read():
    text = ("Her kommer det som manglet:\n\nOrg.nr.: 922701393\nTlf. til meg: 934 20 771\n\nHilsen\nTor Einar Sørensen\n\n"
            "-----Opprinnelig melding-----\nFra: Medisinsk utstyrsregister <utstyrsregister@dmp.no>\n"
            "Sendt: mandag 17. februar 2025 09:12\nTil: Tor Einar Sørensen <toreinar@harstadhjelp.example.no>\n"
            "Emne: SV: Registrering\n\nVi mangler organisasjonsnummer.\n\n"
            "-----Opprinnelig melding-----\nFra: Tor Einar Sørensen <toreinar@harstadhjelp.example.no>\n"
            "Sendt: fredag 14. februar 2025 15:40\nTil: utstyrsregister@dmp.no\nEmne: Registrering\n\n"
            "> Vi vil registrere Harstad Hjelpemiddel AS. Sentralbord 77 04 18 60.\n"
            "> E-post for registeret: post@harstadhjelp.example.no\n>\n> Tor Einar Sørensen\n")
    zones = {line.text: line.zone for line in classify(text)}
    assert zones["Vi mangler organisasjonsnummer."] == OURS
    assert zones["E-post for registeret: post@harstadhjelp.example.no"] == HISTORY
    found = values(text)
    assert found["email"] == "post@harstadhjelp.example.no" and found["phone"] == "77 04 18 60"
    assert found["contact_phone"] == "934 20 771"


def test_a_mail_forwarded_without_our_request_above_it_stays_forwarded():
    text = ("Se under.\n\n-----Opprinnelig melding-----\nFra: Kari <kari@firma.example.no>\nSendt: 1. mars 2025\n"
            "Til: ola@firma.example.no\nEmne: Registrering\n\n> Org.nr.: 922701393\n")
    assert {line.text: line.zone for line in classify(text)}["Org.nr.: 922701393"] == QUOTED


def test_dashes_above_a_letter_that_signs_off_further_down_open_no_signature():
    text = ("Kan du sende dette videre?\n\n--\nTil Registeret for medisinsk utstyr\n\nMedBridge Norge AS ønsker å "
            "registrere seg.\n\nOrg.nr: 993100269\nTelefon: 23 45 67 80\nType utstyr: medisinsk utstyr\n\nMvh\nLars Bøe\n")
    zones = {line.text: line.zone for line in classify(text)}
    assert zones["Org.nr: 993100269"] == "body" and zones["Lars Bøe"] == "signature"
    assert {line.text: line.zone for line in classify("Takk.\n\n--\nLars Bøe\nMedBridge Norge AS\n")}["Lars Bøe"] \
        == "signature"


def test_the_details_our_request_recites_from_before_are_the_applicants_and_only_a_guess():
    text = ("svarer inne i teksten.\n\n-----Opprinnelig melding-----\nFra: Registeret for medisinsk utstyr "
            "<medisinsk.utstyr@dmp.no>\nSendt: 11. september 2024 08:55\nTil: post@polar.example.no\nEmne: Mangler\n\n"
            "> Vi mangler organisasjonsnummer.\n>\n> Følgende har vi fra før:\n>   Polar Diagnostics AS\n"
            ">   Sentralbord 77 60 11 00\n>   Kontaktperson: Mats Eriksen\n>\n> Med vennlig hilsen\n"
            "> Registeret for medisinsk utstyr\n\nStemmer det.\n")
    zones = {line.text: line.zone for line in classify(text)}
    assert zones["  Kontaktperson: Mats Eriksen"] == HISTORY and zones["Vi mangler organisasjonsnummer."] == QUOTED
    found = extract_fields(text)
    assert found["contact_person"].value == "Mats Eriksen" and found["contact_person"].confidence < 0.6


def test_apple_mails_attribution_opening_with_the_day_and_naming_our_mailbox_starts_our_request():
    text = ("Kontaktperson er meg, mobil 952 33 107.\n\nMvh Siri\n\nSendt fra min iPhone\n\n"
            f"> 25. feb. 2025 kl. 14:20 skrev Registrering DMP <registrering@dmp.example.no>:\n>\n{quoted(OUR_REQUEST, 1)}\n"
            f">\n>> 24. feb. 2025 kl. 09:02 skrev Siri Eidem <siri@molde-ergonomi.example.no>:\n{quoted(ORIGINAL, 2)}\n")
    zones = {line.text: line.zone for line in classify(text)}
    assert zones["Organisasjonsnummeret dere har oppgitt er ikke gyldig."] == QUOTED
    assert zones["Post: Postboks 2150, 6402 Molde"] == HISTORY
