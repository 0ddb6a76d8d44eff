"""Text sent as format=flowed (RFC 3676) is read as the writer typed it: soft breaks joined."""

from __future__ import annotations

from email.message import EmailMessage

from intake.mime.flowed import unflow
from intake.understand import understand


def flowed_mail(text: str, *, delsp: str | None = None) -> bytes:
    msg = EmailMessage()
    msg["From"] = "Per Haugen <per@hallingdal.example.no>"
    msg["To"] = "medisinsk.utstyr@dmp.no"
    msg["Subject"] = "Registrering"
    msg.set_content(text)
    msg.set_param("format", "flowed")
    if delsp:
        msg.set_param("delsp", delsp)
    return msg.as_bytes()


def test_a_number_wrapped_at_a_soft_break_is_read_whole():
    body = ("Firmanavn: Hallingdal Hjelpemiddel AS\nKontaktperson: Per Olav Haugen (daglig leder), mobil +47 909 36 \n214\n"
            "Telefon: 32 07 45 10\n")
    assert understand(flowed_mail(body)).fields["contact_phone"].value == "+4790936214"


def test_a_hard_break_without_the_trailing_space_stays_a_break():
    assert unflow("Org.nr: 931 402 870\nTelefon: 32 07 45 10\n", params=("flowed", "")) == \
        "Org.nr: 931 402 870\nTelefon: 32 07 45 10\n"


def test_the_signature_separator_is_not_a_soft_break():
    assert unflow("Hilsen \nPer\n-- \nHallingdal AS\n", params=("flowed", "")) == "Hilsen Per\n-- \nHallingdal AS\n"


def test_delsp_yes_removes_the_space_that_marked_the_break():
    assert unflow("post@hallingdal.exam \nple.no\n", params=("flowed", "yes")) == "post@hallingdal.example.no\n"


def test_quoted_lines_join_only_within_their_own_depth():
    assert unflow("> Vi trenger \n> org.nr.\nSvar her\n", params=("flowed", "")) == "> Vi trenger org.nr.\nSvar her\n"


def test_fixed_text_is_left_as_it_is():
    assert unflow("mobil +47 909 36 \n214\n", params=("fixed", "")) == "mobil +47 909 36 \n214\n"
