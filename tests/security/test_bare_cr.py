"""Attack: a bare CR inside a line joined two lines into one valid address.

`E-post: kari@firm.no<CR>.attacker.example` read as `kari@firm.no.attacker.example`."""

from __future__ import annotations

from intake.understand import understand


def mail(body: bytes) -> bytes:
    return (b"From: Kari Nordmann <kari@firm.no>\r\nTo: medisinsk.utstyr@localhost\r\n"
            b"Subject: Registrering\r\nMessage-ID: <cr.1@firm.no>\r\nMIME-Version: 1.0\r\n"
            b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + body)


def test_a_bare_cr_ends_the_line_of_an_e_mail_address():
    u = understand(mail(b"Navn p\xc3\xa5 produsent: Fjordmed AS\r\nE-post: kari@firm.no\r.attacker.example\r\n"))
    assert u.fields["email"].value == "kari@firm.no"


def test_a_bare_cr_separates_two_fields_like_a_line_break():
    u = understand(mail(b"Navn p\xc3\xa5 produsent: Fjordmed AS\rTelefon: 55 12 34 56\r"))
    assert u.fields["manufacturer_name"].value == "Fjordmed AS"
    assert u.fields["phone"].state == "ok"
