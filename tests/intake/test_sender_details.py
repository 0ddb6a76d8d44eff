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


def test_a_round_switchboard_number_under_the_signature_stays_the_firms():
    body = QUESTION.replace("917 45 302", "Sentralbord 32 20 45 00")
    fields = understand(mail(body, subject="Spørsmål om registrering",
                             sender="Håkon Berg <hakon@fotform.example.no>")).fields
    assert fields["phone"].value == "+4732204500" and fields["contact_phone"].state == "missing"


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


def test_a_question_names_no_role_it_does_not_state():
    fields = understand(mail(QUESTION, subject="Spørsmål om registrering",
                             sender="Håkon Berg <hakon@fotform.example.no>")).fields
    assert fields["business_type"].state == fields["declaration_of_conformity"].state == "missing"


def test_a_firm_leaving_the_register_keeps_what_its_letter_says_it_made():
    body = ("Hei,\n\nVi har lagt ned produksjonen av ortoser (medisinsk utstyr) og ber om å bli slettet fra "
            "registeret.\n\nOrg.nr. 912 345 688\n\nMvh\nOlav Lid\nVoss Ortopedi AS\n")
    found = understand(mail(body, subject="Sletting fra registeret", sender="Olav Lid <olav@vossortopedi.example.no>"))
    assert found.kind == "deregistration"
    assert found.fields["device_type"].value == "medical_device"
