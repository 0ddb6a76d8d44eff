"""Phone numbers as a case officer dials them (intake/fields/phones)."""

from __future__ import annotations

from intake.fields.phones import phone_check
from intake.understand import understand
from tests.intake.mails import mail


def test_a_norwegian_number_is_written_in_e164():
    assert phone_check("phone")("22 33 44 55")[0] == "+4722334455"


def test_a_swedish_number_with_its_trunk_zero_is_read_in_sweden_when_the_sender_is_swedish():
    assert phone_check("phone", "NO", "SE")("036-30 12 00") == ("+4636301200", None, None)


def test_a_trunk_zero_number_from_nowhere_known_is_for_staff_not_a_norwegian_service_number():
    # Read as Norwegian, only '036-30' would make a (five-digit) number.
    assert phone_check("phone")("036-30 12 00") == ("036-30 12 00", None, "phone.invalid")


def test_a_norwegian_five_digit_service_number_stays_norwegian():
    assert phone_check("phone", "NO", "SE")("02800")[0] == "+4702800"


def test_a_norwegian_branch_of_a_swedish_firm_gives_its_swedish_switchboard():
    body = ("Hej,\n\nVi registrerar vår norska filial.\n\nFöretag: Vätterns Ortopedteknik AB, NUF\n"
            "Org.nr: 912 345 688\nBesöksadress: Storgata 3, 0155 Oslo\nTelefon: 036-30 12 00\n"
            "E-post: info@vatterns.example.se\n\nMed vänliga hälsningar\nLinnea Bergqvist\n")
    fields = understand(mail(body, sender="Linnea Bergqvist <linnea@vatterns.example.se>")).fields
    assert fields["phone"].value == "+4636301200" and fields["phone"].state == "ok"


def test_an_area_code_in_brackets_after_the_country_code_is_read():
    body = ("Hello,\n\nWe are Brightline Bioscience, Inc., a U.S. manufacturer. Our main line is +1 (510) 555-0187.\n\n"
            "Best regards,\nPriya Raman-Okafor\n")
    assert understand(mail(body, subject="Registration")).fields["phone"].value == "+15105550187"


def test_a_mobile_named_before_a_comma_in_a_sentence_is_the_writers_own():
    body = ("God dag!\n\nFirmaet heter Kvamme Medisinteknikk, org.nr. 992 176 520.\n"
            "Telefonen på verkstedet er 56 51 23 90, men jeg er lettest å få tak i på mobilen, 958 41 207.\n\n"
            "Jeg er både produsent og kontaktperson.\n\nMed vennlig hilsen\nArnfinn Kvamme\n")
    fields = understand(mail(body, sender="Arnfinn Kvamme <arnfinn@kvamme.example.no>")).fields
    assert fields["contact_phone"].value == "+4795841207"


def test_the_body_correcting_the_switchboard_number_in_the_form_gives_the_right_number():
    body = ("Hei!\n\nSender registrering for Vestlab Diagnostikk AS, skjemaet ligger vedlagt.\n"
            "NB: telefonnummeret i skjemaet er feil – riktig nummer til sentralbordet er 55 30 42 10.\n\n"
            "Vennlig hilsen\nIngrid Solheim Haugland\n")
    form = "Firmanavn: Vestlab Diagnostikk AS\nOrg.nr: 918 334 611\nTelefon: 55 30 24 10\n"
    fields = understand(mail(body, attachments=(("skjema.txt", form),))).fields
    assert fields["phone"].value == "+4755304210"
